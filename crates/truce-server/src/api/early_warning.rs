//! Early-warning alerts over JSON ([`crate::app::early_warning`]): the
//! alerts with every number they rest on, and the mediators' acknowledgement.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::app::Caller;
use crate::app::early_warning::{self, AlertView};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Every early-warning alert, newest first: for the mediators whole, for a
/// party without the reports it may not see.
#[utoipa::path(get, path = "/api/v1/early-warning", tag = "truce",
    responses((status = 200, body = Vec<AlertView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<AlertView>>, ApiError> {
    Ok(Json(early_warning::list(&state, &caller, None).await?))
}

/// What a mediator did about an alert.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// The action taken, in the mediator's words.
    pub action: String,
}

/// The record of an acknowledgement.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcknowledgementReceipt {
    /// The record's index in the log.
    pub record_index: u64,
}

/// A mediator acknowledges the alert raised by record `record`.
#[utoipa::path(post, path = "/api/v1/early-warning/{record}/acknowledgement", tag = "truce",
    params(("record" = u64, Path, description = "The record that raised the alert")),
    request_body = Acknowledgement,
    responses((status = 201, body = AcknowledgementReceipt), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(record): ApiPath<u64>,
    ApiJson(body): ApiJson<Acknowledgement>,
) -> Result<(StatusCode, Json<AcknowledgementReceipt>), ApiError> {
    let record_index = early_warning::acknowledge(&state, &caller, state.now(), record, body.action).await?;
    Ok((StatusCode::CREATED, Json(AcknowledgementReceipt { record_index })))
}

/// The days a trend covers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendQuery {
    /// The first day (`YYYY-MM-DD`, the agreement's calendar).
    pub from: jiff::civil::Date,
    /// The last day, at most 400 days after the first.
    pub to: jiff::civil::Date,
}

/// Reports per border sector and day from `from` to `to`, with each day's
/// baseline and the most reports the Poisson rule leaves unflagged, and
/// where alerts fell: the numbers of the charts. The public gets published
/// cases and no alert; anyone else the reports it may see, as filed.
#[utoipa::path(get, path = "/api/v1/early-warning/trends", tag = "truce",
    params(("from" = String, Query, description = "The first day, YYYY-MM-DD"),
           ("to" = String, Query, description = "The last day, YYYY-MM-DD, at most 400 days later")),
    responses((status = 200, body = crate::app::trends::Trends), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn trends(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<TrendQuery>,
) -> Result<Json<crate::app::trends::Trends>, ApiError> {
    match crate::app::trends::trends(&state, &caller, q.from, q.to).await? {
        Some(trends) => Ok(Json(trends)),
        None => Err(ApiError::not_found("early-warning rules: the agreement in force has no [early_warning] table")),
    }
}
