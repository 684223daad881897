//! The daily situation reports over JSON ([`crate::app::situation`]): read
//! by everyone once published, drafted, edited, approved and published by
//! the mediators.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use truce_core::situation::Direction;
use utoipa::ToSchema;

use crate::AppState;
use crate::app::situation::{self, SituationView};
use crate::app::{AppError, Caller};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

fn day(text: &str) -> Result<Date, AppError> {
    text.parse::<Date>().map_err(|e| AppError::field("day", format!("{text:?} is not a date such as 2025-10-15 ({e})")))
}

/// The record a step was appended as.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepReceipt {
    /// The record's index in the log.
    pub record_index: u64,
}

fn created(record_index: u64) -> (StatusCode, Json<StepReceipt>) {
    (StatusCode::CREATED, Json(StepReceipt { record_index }))
}

/// The daily situation reports, newest first: the published ones, and for
/// the mediators the drafts too.
#[utoipa::path(get, path = "/api/v1/situation-reports", tag = "truce",
    responses((status = 200, body = Vec<SituationView>)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Json<Vec<SituationView>> {
    Json(situation::list(&state, &caller))
}

/// The report of one day.
#[utoipa::path(get, path = "/api/v1/situation-reports/{day}", tag = "truce",
    params(("day" = String, Path, description = "The day, such as 2025-10-15, in the agreement's time zone")),
    responses((status = 200, body = SituationView), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(text): ApiPath<String>,
) -> Result<Json<SituationView>, ApiError> {
    Ok(Json(situation::one(&state, &caller, day(&text)?)?))
}

/// Drafts (or drafts again) the report of a day that is over: the numbers
/// computed from the log. Mediators and administrators.
#[utoipa::path(post, path = "/api/v1/situation-reports/{day}/draft", tag = "truce",
    params(("day" = String, Path, description = "The day")),
    responses((status = 201, body = StepReceipt), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(text): ApiPath<String>,
) -> Result<(StatusCode, Json<StepReceipt>), ApiError> {
    Ok(created(situation::draft(&state, &caller, state.now(), day(&text)?).await?))
}

/// The secretariat's narrative.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NarrativeBody {
    /// The text, in the language it was written in.
    pub text: String,
    /// Its language, a BCP 47 tag such as `ur` or `fa-AF`.
    pub lang: String,
    /// Its direction; the language's own when left out (required for a
    /// language Truce does not know).
    #[serde(default)]
    pub dir: Option<Direction>,
}

/// The secretariat writes the narrative of a drafted report (mediators);
/// the approvals given are withdrawn.
#[utoipa::path(put, path = "/api/v1/situation-reports/{day}/narrative", tag = "truce",
    params(("day" = String, Path, description = "The day")),
    request_body = NarrativeBody,
    responses((status = 201, body = StepReceipt), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn narrative(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(text): ApiPath<String>,
    ApiJson(body): ApiJson<NarrativeBody>,
) -> Result<(StatusCode, Json<StepReceipt>), ApiError> {
    let index = situation::edit(&state, &caller, state.now(), day(&text)?, body.text, body.lang, body.dir).await?;
    Ok(created(index))
}

/// A voter's approval.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApprovalBody {
    /// The version approved (each draft and edit makes a new one).
    pub version: u32,
}

/// A mediator of a voting participant approves the report's current
/// version, under the agreement's decision rule.
#[utoipa::path(post, path = "/api/v1/situation-reports/{day}/approval", tag = "truce",
    params(("day" = String, Path, description = "The day")),
    request_body = ApprovalBody,
    responses((status = 201, body = StepReceipt), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(text): ApiPath<String>,
    ApiJson(body): ApiJson<ApprovalBody>,
) -> Result<(StatusCode, Json<StepReceipt>), ApiError> {
    Ok(created(situation::approve(&state, &caller, state.now(), day(&text)?, body.version).await?))
}

/// Publishes an approved report as a signed record, its numbers
/// recomputed once more.
#[utoipa::path(post, path = "/api/v1/situation-reports/{day}/publication", tag = "truce",
    params(("day" = String, Path, description = "The day")),
    responses((status = 201, body = StepReceipt), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(text): ApiPath<String>,
) -> Result<(StatusCode, Json<StepReceipt>), ApiError> {
    Ok(created(situation::publish(&state, &caller, state.now(), day(&text)?).await?))
}
