//! Cases over JSON: the filtered list, one case with its timeline and
//! proofs, filing, every later command, and records signed by a party's
//! own system. Each handler parses its request and calls one use case of
//! [`crate::app::cases`].

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use truce_core::Command;
use truce_core::Status;
use truce_node::Reveal;
use truce_store::CaseFilter;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::app::cases::{self, CasePage, CaseView, CommandReceipt, MAX_PAGE, RecordReceipt};
use crate::app::records::SignedRecordJson;
use crate::app::{AppError, Caller};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Filters of the case list. An empty value (as an HTML form sends for a
/// field left blank) is the same as no value.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// The accused party, such as `PAK`.
    pub party: Option<String>,
    /// A provision cited, such as `P1`.
    pub provision: Option<String>,
    /// The status, such as `under_investigation`.
    #[param(value_type = Option<Status>)]
    pub status: Option<String>,
    /// Incidents from this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Incidents before this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub until: Option<String>,
    /// The border sector, such as `chaman_kandahar`.
    pub sector: Option<String>,
    /// Words to find in the summary or case id (at most 200 characters):
    /// each word must begin a word of the case, ignoring case; `2025-10-15`
    /// or a whole case id asks for those words in a row. Text with no letter
    /// or digit matches no case.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Cases per page, 1 to 200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` cursor of the previous page.
    #[param(pattern = "^-?[0-9]{1,12}~[A-Za-z0-9_.-]{1,64}$")]
    pub after: Option<String>,
}

fn parse_time(field: &str, value: &str) -> Result<i64, ApiError> {
    value
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|e| ApiError::field(field, format!("is not an RFC 3339 time such as 2025-10-12T00:00:00Z: {e}")))
}

fn filter_of(q: &CaseQuery) -> Result<(CaseFilter, u64), ApiError> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut f = CaseFilter {
        party: given(&q.party),
        provision: given(&q.provision),
        sector: given(&q.sector),
        text: given(&q.q),
        ..CaseFilter::default()
    };
    if let Some(s) = given(&q.status) {
        let status = Status::parse(&s).ok_or_else(|| {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            ApiError::field("status", format!("{s:?} is not a status; one of {}", known.join(", ")))
        })?;
        f.status = Some(status.as_str().to_owned());
    }
    if let Some(t) = &q.text_len_check() {
        return Err(ApiError::field("q", format!("is {t} characters long; the limit is 200")));
    }
    f.from = given(&q.from).map(|v| parse_time("from", &v)).transpose()?;
    f.until = given(&q.until).map(|v| parse_time("until", &v)).transpose()?;
    let limit = match given(&q.limit) {
        None => 50,
        Some(l) => match l.parse::<u64>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => return Err(ApiError::field("limit", format!("{l:?} is not a whole number from 1 to {MAX_PAGE}"))),
        },
    };
    if let Some(a) = given(&q.after) {
        let bad = || ApiError::field("after", "is not a cursor returned as `next` by this list");
        let (at, id) = a.split_once('~').ok_or_else(bad)?;
        f.after = Some((at.parse().map_err(|_| bad())?, id.to_owned()));
    }
    Ok((f, limit))
}

impl CaseQuery {
    fn text_len_check(&self) -> Option<usize> {
        self.q.as_ref().map(|t| t.chars().count()).filter(|n| *n > 200)
    }
}

/// The cases the caller may see, filtered and paged.
#[utoipa::path(get, path = "/api/v1/cases", tag = "truce", params(CaseQuery),
    responses((status = 200, body = CasePage), (status = 422, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Result<Json<CasePage>, ApiError> {
    let (filter, limit) = filter_of(&q)?;
    Ok(Json(cases::list(&state, &caller, &filter, limit).await?))
}

/// A case with its timeline, as the caller may see it.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "truce", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(cases::view(&state, &caller.viewer, &id, true).await?))
}

/// A new case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileCase {
    /// The case id to use; one is made from the date if absent.
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z0-9_.-]{1,64}$")]
    pub id: Option<String>,
    /// The allegation.
    pub allegation: truce_core::case::Allegation,
}

/// File an allegation, opening a case.
#[utoipa::path(post, path = "/api/v1/cases", tag = "truce", request_body = FileCase,
    responses((status = 201, body = CommandReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn file_case(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<FileCase>,
) -> Result<(StatusCode, Json<CommandReceipt>), ApiError> {
    let filing = cases::file(&state, caller.require()?, state.now(), req.id.as_deref(), req.allegation).await?;
    Ok((StatusCode::CREATED, Json(filing.receipt())))
}

/// The status of the case a member of the public filed, by the token it
/// was given at filing (`follow` in the filing's receipt).
#[utoipa::path(get, path = "/api/v1/follow/{token}", tag = "truce",
    params(("token" = String, Path, description = "The token given at filing")),
    responses((status = 200, body = cases::Followed), (status = 404, body = ErrorBody)))]
pub async fn follow(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<cases::Followed>, ApiError> {
    Ok(Json(cases::follow(&state, &token).await?))
}

/// Issue a command on a case; the body is the command, tagged by `type`
/// (`acknowledge.v1`, `admit.v1`, `submit_reply.v1`, `vote.v1`, …).
#[utoipa::path(post, path = "/api/v1/cases/{id}/commands", tag = "truce",
    params(("id" = String, Path, description = "Case id")),
    request_body(content = Command, description = "A command, tagged by `type`"),
    responses((status = 201, body = CommandReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn issue_command(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(command): ApiJson<Command>,
) -> Result<(StatusCode, Json<CommandReceipt>), ApiError> {
    let receipt = cases::command(&state, &caller, state.now(), &id, command).await?;
    Ok((StatusCode::CREATED, Json(cases::receipt_of(id, receipt))))
}

/// A record signed by the author's own key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedSubmission {
    /// The signed record: `{"record": {...}, "signature": "..."}` as `truce-ledger` defines it.
    #[schema(value_type = SignedRecordJson)]
    pub record: truce_ledger::SignedRecord,
    /// For a record that carries a commitment: the salt (base64) and body.
    #[serde(default)]
    pub reveal: Option<RevealBody>,
}

/// The body and salt of a confidential record, revealed to the log operator.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    /// The 32-byte salt, base64.
    #[schema(pattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")]
    pub salt: String,
    /// The body.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

impl RevealBody {
    /// The salt decoded; `at` names this object in errors.
    pub fn decode(self, at: &str) -> Result<Reveal, AppError> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.salt)
            .map_err(|e| AppError::field(format!("{at}.salt"), format!("is not base64: {e}")))?;
        let salt: [u8; 32] = bytes.try_into().map_err(|_| AppError::field(format!("{at}.salt"), "must be 32 bytes"))?;
        Ok(Reveal { salt, body: self.body })
    }
}

/// Append a record signed by its author's own key (a party's own system).
/// The signature is the authentication: no session or token is needed.
#[utoipa::path(post, path = "/api/v1/records", tag = "truce", request_body = SignedSubmission,
    responses((status = 201, body = RecordReceipt), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn submit_record(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignedSubmission>,
) -> Result<(StatusCode, Json<RecordReceipt>), ApiError> {
    let reveal = req.reveal.map(|r| r.decode("reveal")).transpose()?;
    Ok((StatusCode::CREATED, Json(cases::submit_signed(&state, req.record, reveal).await?)))
}
