//! Evidence over HTTP: the upload, the download through a case that cites
//! the file, and the evidence part of the case view.
//!
//! The upload reads its multipart body itself, counting bytes against
//! `Limits::upload_bytes` as they arrive, so an oversize file is refused
//! with a 413 that names the field before it is held whole, and the limit
//! is the server's configuration rather than a constant in the router. The
//! download is served so that no browser will run it: the type sniffed at
//! intake, `nosniff`, `attachment`, and a sandboxing CSP. What is decided
//! lives in [`crate::app::evidence`] and [`truce_core::evidence`].

use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::cases::SignedSubmission;
use crate::AppState;
use crate::app::Caller;
use crate::app::evidence::{self as intake, ExifView, SignedReceipt, Upload, Uploader};
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// The receipt of an uploaded file.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceReceipt {
    /// SHA-256 of the file (hex): cite it in a case as `evidence[].sha256`.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The type found by sniffing the bytes.
    pub content_type: String,
    /// The log record of the receipt (a confidential record).
    pub record_index: u64,
    /// Where and when the file says it was taken, if it says.
    pub exif: Option<ExifView>,
    /// The description sent with the file (not stored: cite the file in a
    /// case with its description).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The multipart form of an upload (for the OpenAPI document).
#[allow(dead_code, reason = "only its schema is used, by the OpenAPI document")]
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadForm {
    /// The file. Its type is sniffed from its bytes.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What it is.
    pub description: Option<String>,
}

/// Longest non-file field read, bytes.
const MAX_TEXT_FIELD: usize = 16 * 1024;

fn too_large(limit: usize) -> ApiError {
    ApiError {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        code: "too_large",
        message: format!("the file is larger than the {} MiB accepted", limit.div_ceil(1024 * 1024)),
        field: Some("file".into()),
        quota: None,
    }
}

fn unreadable(e: axum::extract::multipart::MultipartError) -> ApiError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the multipart body is larger than a file, its description and their part headers need",
        ),
        _ => ApiError::bad_request(format!("the multipart body could not be read: {}", e.body_text())),
    }
}

/// Reads the rest of a refused body, up to `budget` bytes, so that the
/// client gets the 413 rather than a connection reset while still sending.
/// Returns what is left of the budget.
async fn drain_field(field: &mut axum::extract::multipart::Field<'_>, budget: usize) -> usize {
    let mut left = budget;
    while let Ok(Some(chunk)) = field.chunk().await {
        left = left.saturating_sub(chunk.len());
        if left == 0 {
            break;
        }
    }
    left
}

/// Like [`drain_field`], for the fields after the refused one.
async fn drain(multipart: &mut Multipart, budget: usize) {
    let mut left = budget;
    while left > 0 {
        let Ok(Some(mut f)) = multipart.next_field().await else { return };
        left = drain_field(&mut f, left).await;
    }
}

/// Reads the `file` field and its name, up to `limit` bytes. Beyond it,
/// reads on within a budget and answers `Err` with what is left of it, for
/// the caller to drain the rest of the body, so the client gets the 413
/// rather than a reset connection.
async fn read_file(
    mut field: axum::extract::multipart::Field<'_>,
    limit: usize,
) -> Result<Result<(Vec<u8>, String), usize>, ApiError> {
    let filename = field.file_name().unwrap_or("").to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > limit {
            return Ok(Err(drain_field(&mut field, limit).await));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Ok((bytes, filename)))
}

/// An upload as read from its multipart body, by a logged-in caller.
#[derive(Debug)]
pub struct UploadBody(pub Upload);

impl FromRequest<AppState> for UploadBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        // Who calls (and the CSRF check) before a byte of the body is read.
        let (mut parts, body) = req.into_parts();
        Caller::from_request_parts(&mut parts, state).await?.require()?;
        let limit = state.limits().upload_bytes;
        // The file, what is drained of one too large, a description and
        // the headers of the few parts an upload has.
        let whole = limit.saturating_mul(2).saturating_add(MAX_TEXT_FIELD).saturating_add(16 * crate::PART_OVERHEAD);
        let req = crate::capped(Request::from_parts(parts, body), whole);
        let mut multipart = Multipart::from_request(req, state).await.map_err(|e| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("send the file as multipart/form-data in a field named `file`: {}", e.body_text()),
            )
        })?;
        let mut file: Option<(Vec<u8>, String)> = None;
        let mut description = None;
        while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or("").to_owned();
            match name.as_str() {
                "file" if file.is_some() => return Err(ApiError::field("file", "send one file per upload")),
                "file" => match read_file(field, limit).await? {
                    Ok(read) => file = Some(read),
                    Err(left) => {
                        drain(&mut multipart, left).await;
                        return Err(too_large(limit));
                    }
                },
                "description" => {
                    let mut bytes = Vec::new();
                    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                        if bytes.len() + chunk.len() > MAX_TEXT_FIELD {
                            return Err(ApiError::field(
                                "description",
                                format!("is longer than {} characters", intake::MAX_DESCRIPTION),
                            ));
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    let text = String::from_utf8(bytes).map_err(|_| ApiError::field("description", "is not UTF-8"))?;
                    description = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                }
                other => {
                    return Err(ApiError::field(
                        other,
                        "is not a field of an upload; send `file` and, optionally, `description`",
                    ));
                }
            }
        }
        let (bytes, filename) = file.ok_or_else(|| {
            ApiError::field("file", "is missing: send the evidence file in a multipart field named `file`")
        })?;
        Ok(UploadBody(Upload { bytes, filename, description }))
    }
}

/// Upload an evidence file. Its type is sniffed from its bytes and must be
/// an image (JPEG, PNG, WebP, HEIF/HEIC, TIFF), a PDF, a video (MP4,
/// QuickTime) or plain text. Its SHA-256 is recorded in the log as a
/// confidential record. Sending a file again answers 200 with the first
/// receipt. Each principal may store so many files and bytes a UTC day:
/// beyond, 429 `quota_exceeded` with the quota, its limit and when it
/// resets, and nothing is stored.
#[utoipa::path(post, path = "/api/v1/evidence", tag = "truce",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = EvidenceReceipt), (status = 200, body = EvidenceReceipt, description = "Sent before"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    UploadBody(upload): UploadBody,
) -> Result<(StatusCode, Json<EvidenceReceipt>), ApiError> {
    let p = caller.require()?;
    let description = upload.description.clone();
    let received = intake::receive(&state, p, state.now(), upload).await?;
    Ok(answer(received, description))
}

/// The answer to an upload: 201 with the receipt, or 200 with the first
/// receipt when the file was sent before.
fn answer(r: intake::Received, description: Option<String>) -> (StatusCode, Json<EvidenceReceipt>) {
    let status = if r.new { StatusCode::CREATED } else { StatusCode::OK };
    let receipt = EvidenceReceipt {
        exif: ExifView::of(&r.capture),
        sha256: r.sha256,
        size: r.size,
        content_type: r.content_type,
        record_index: r.record_index,
        description,
    };
    (status, Json(receipt))
}

/// The multipart form of a signed upload (for the OpenAPI document).
#[allow(dead_code, reason = "only its schema is used, by the OpenAPI document")]
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedUploadForm {
    /// The `evidence.received.v1` record signed by its author, with its
    /// reveal, as JSON in the shape `POST /api/v1/records` takes. It must
    /// come before the file.
    #[schema(value_type = SignedSubmission)]
    pub record: String,
    /// The file. Its hash, size and sniffed type must be those the record's
    /// body gives.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Longest `record` field read, bytes (a record is at most one C2SP entry).
const MAX_RECORD_FIELD: usize = 65_536;

/// A signed upload as read from its multipart body: the record checked
/// (its author's registered key, its commitment, its body) before a byte of
/// the file is read, then the file.
#[derive(Debug)]
pub struct SignedUploadBody {
    /// The record, checked, and its revealed receipt.
    pub signed: SignedReceipt,
    /// The file.
    pub upload: Upload,
}

/// Reads one text field whole, refusing more than `limit` bytes.
async fn text_field(
    field: &mut axum::extract::multipart::Field<'_>,
    name: &str,
    limit: usize,
) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::field(name, format!("is longer than {limit} bytes")));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::field(name, "is not UTF-8"))
}

impl FromRequest<AppState> for SignedUploadBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let limit = state.limits().upload_bytes;
        // No login here (the record's signature is the credential), so the
        // whole body is bounded before a byte of it is parsed.
        let whole = limit.saturating_mul(2).saturating_add(MAX_RECORD_FIELD).saturating_add(16 * crate::PART_OVERHEAD);
        let mut multipart = Multipart::from_request(crate::capped(req, whole), state).await.map_err(|e| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "send the record and the file as multipart/form-data fields `record` and `file`: {}",
                    e.body_text()
                ),
            )
        })?;
        let mut checked = None;
        let mut file: Option<(Vec<u8>, String)> = None;
        while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
            let name = field.name().unwrap_or("").to_owned();
            match name.as_str() {
                "record" if checked.is_some() => return Err(ApiError::field("record", "send one record per upload")),
                "record" => {
                    let text = text_field(&mut field, "record", MAX_RECORD_FIELD).await?;
                    let submission: SignedSubmission = serde_json::from_str(&text)
                        .map_err(|e| ApiError::field("record", format!("is not a signed submission: {e}")))?;
                    let reveal = submission.reveal.map(|r| r.decode("record.reveal")).transpose()?;
                    let signed = intake::check_signed(state, submission.record, reveal)?;
                    if signed.receipt.size > limit as u64 {
                        return Err(too_large(limit));
                    }
                    checked = Some(signed);
                }
                "file" if checked.is_none() => {
                    return Err(ApiError::field(
                        "record",
                        "must come before the file, so the signature is checked first",
                    ));
                }
                "file" if file.is_some() => return Err(ApiError::field("file", "send one file per upload")),
                "file" => match read_file(field, limit).await? {
                    Ok(read) => file = Some(read),
                    Err(left) => {
                        drain(&mut multipart, left).await;
                        return Err(too_large(limit));
                    }
                },
                other => {
                    return Err(ApiError::field(
                        other,
                        "is not a field of a signed upload; send `record`, then `file`",
                    ));
                }
            }
        }
        let signed = checked
            .ok_or_else(|| ApiError::field("record", "is missing: send the signed evidence.received.v1 record"))?;
        let (bytes, filename) = file.ok_or_else(|| {
            ApiError::field("file", "is missing: send the evidence file in a multipart field named `file`")
        })?;
        Ok(SignedUploadBody { signed, upload: Upload { bytes, filename, description: None } })
    }
}

/// Upload an evidence file with its receipt signed by the author's own key
/// (a party's own system, whose key the server does not hold). The
/// signature is the authentication: no session or token is needed. The
/// record is checked before the file is read; the file must then have the
/// hash, size and sniffed type the record's body gives. Sending a file
/// again answers 200 with the first receipt, and the second record is not
/// appended. The author's daily quota applies as for `/api/v1/evidence`
/// (429 `quota_exceeded`, nothing stored).
#[utoipa::path(post, path = "/api/v1/evidence/signed", tag = "truce",
    request_body(content = SignedUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = EvidenceReceipt), (status = 200, body = EvidenceReceipt, description = "Sent before"),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn upload_signed(
    State(state): State<AppState>,
    SignedUploadBody { signed: SignedReceipt { author, submission, receipt }, upload }: SignedUploadBody,
) -> Result<(StatusCode, Json<EvidenceReceipt>), ApiError> {
    let examined = intake::examine(upload.bytes).await?;
    let id = submission.record().record.author.clone();
    let uploader = Uploader { id: &id, participant: author.participant.as_ref().map(|p| p.as_str()) };
    let received =
        intake::receive_signed(&state, uploader, state.now(), submission, &receipt, &upload.filename, examined).await?;
    Ok(answer(received, None))
}

/// Download an evidence file cited by a case. Answered only to those who
/// may read it (the mediators, the participant that uploaded it, the
/// monitoring team tasked to the case); 404 for everyone else, exactly as
/// for a file that does not exist.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence/{sha256}", tag = "truce",
    params(("id" = String, Path, description = "Case id"), ("sha256" = String, Path, description = "The file's SHA-256")),
    responses((status = 200, description = "The file, as an attachment, with its sniffed type",
            content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, sha256)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let opened = intake::open_cited(&state, &caller.viewer, &id, &sha256).await?;
    let content_type = HeaderValue::from_str(&opened.content_type).map_err(ApiError::internal)?;
    let disposition = format!("attachment; filename=\"{sha256}.{}\"", intake::extension(&opened.content_type));
    let disposition = HeaderValue::from_str(&disposition).map_err(ApiError::internal)?;
    let mut response = opened.bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_DISPOSITION, disposition);
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(response)
}
