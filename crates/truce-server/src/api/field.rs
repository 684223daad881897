//! Enrolling phones for field capture over OpenRosa (`/api/v1/me/field-devices`).
//!
//! The answer carries the device's secret once, the server URLs and the
//! QR code ODK Collect reads; see `app::field` and `docs/field-capture.md`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::app::Caller;
use crate::app::field::{self, Enrolled};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// A device to enrol.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceRequest {
    /// What to call it, for example `Field phone 3`.
    pub name: String,
}

/// An enrolled device, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceInfo {
    /// Its id (the user name for Basic and Digest).
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was enrolled (RFC 3339).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
    /// The administrator who issued it for its principal, if one did.
    pub issued_by: Option<String>,
}

impl DeviceInfo {
    fn of(d: truce_store::FieldDeviceRow) -> Self {
        DeviceInfo {
            id: d.id,
            name: d.name,
            created_at: time(d.created_at),
            revoked_at: d.revoked_at.map(time),
            issued_by: d.issued_by,
        }
    }
}

fn time(t: i64) -> String {
    jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default()
}

/// Enrol a phone to file reports as the caller over OpenRosa (ODK Collect).
#[utoipa::path(post, path = "/api/v1/me/field-devices", tag = "truce", request_body = DeviceRequest,
    responses((status = 201, body = Enrolled), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn enrol(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<DeviceRequest>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    let enrolled = field::enrol_device(&state, &caller, state.now(), &req.name, state.public_url()).await?;
    Ok((StatusCode::CREATED, Json(enrolled)))
}

/// The caller's enrolled devices, oldest first (never their secrets).
#[utoipa::path(get, path = "/api/v1/me/field-devices", tag = "truce",
    responses((status = 200, body = [DeviceInfo]), (status = 401, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    let rows = field::devices(&state, &caller).await?;
    Ok(Json(rows.into_iter().map(DeviceInfo::of).collect()))
}

/// Issue a phone for principal `id` (administrators): it files as that
/// principal, over its scope only; the device names the administrator.
#[utoipa::path(post, path = "/api/v1/principals/{id}/field-devices", tag = "truce", request_body = DeviceRequest,
    params(("id" = String, Path, description = "The principal the phone files as")),
    responses((status = 201, body = Enrolled), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<DeviceRequest>,
) -> Result<(StatusCode, Json<Enrolled>), ApiError> {
    let enrolled = field::issue_device(&state, &caller, state.now(), &id, &req.name, state.public_url()).await?;
    Ok((StatusCode::CREATED, Json(enrolled)))
}

/// Principal `id`'s phones, revoked ones included (administrators).
#[utoipa::path(get, path = "/api/v1/principals/{id}/field-devices", tag = "truce",
    params(("id" = String, Path, description = "The principal")),
    responses((status = 200, body = [DeviceInfo]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn list_of(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<DeviceInfo>>, ApiError> {
    let rows = field::devices_of(&state, &caller, &id).await?;
    Ok(Json(rows.into_iter().map(DeviceInfo::of).collect()))
}

/// Revoke principal `id`'s phone `device` (administrators).
#[utoipa::path(delete, path = "/api/v1/principals/{id}/field-devices/{device}", tag = "truce",
    params(("id" = String, Path, description = "The principal"), ("device" = String, Path, description = "The device's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn revoke_of(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, device)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    field::revoke_device_of(&state, &caller, state.now(), &id, &device).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revoke one of the caller's devices: its key URL and credentials stop working at once.
#[utoipa::path(delete, path = "/api/v1/me/field-devices/{id}", tag = "truce",
    params(("id" = String, Path, description = "The device's id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    field::revoke_device(&state, &caller, state.now(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A submission a device of the caller's sent, by its instanceID: the case
/// it became and the XML as received (what traces a case to the device).
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionInfo {
    /// The device's instanceID.
    pub instance_id: String,
    /// The form and its version.
    pub form_id: String,
    /// The form's version.
    pub form_version: String,
    /// SHA-256 of the XML, as kept in the blob store.
    pub xml_sha256: String,
    /// The XML as received.
    pub xml: String,
    /// The case it was filed as, once every file it names had arrived.
    pub case_id: Option<String>,
}

/// One of the caller's field submissions, by instanceID.
#[utoipa::path(get, path = "/api/v1/me/field-submissions/{instance_id}", tag = "truce",
    params(("instance_id" = String, Path, description = "The instanceID (`uuid:…`)")),
    responses((status = 200, body = SubmissionInfo), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn submission(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(instance_id): ApiPath<String>,
) -> Result<Json<SubmissionInfo>, ApiError> {
    let (row, xml) = field::submission_xml(&state, &caller, &instance_id).await?;
    Ok(Json(SubmissionInfo {
        instance_id: row.instance_id,
        form_id: row.form_id,
        form_version: row.form_version,
        xml_sha256: row.xml_sha256,
        xml: String::from_utf8_lossy(&xml).into_owned(),
        case_id: row.case_id,
    }))
}
