//! Imports over JSON ([`crate::app::imports`]): a mediator posts an ACLED
//! export (CSV) and reads back what happened to every row, and reads the
//! public-source reports the log holds with the cases each looks like.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::app::Caller;
use crate::app::imports::{self, ImportSummary, Selection};
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiQuery;

/// The period and area of the events to import.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The first day of the period (YYYY-MM-DD), by ACLED's `event_date`.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last day of the period (YYYY-MM-DD).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// An ACLED `admin1` (a province) or a border sector's id.
    pub area: Option<String>,
}

fn day(field: &str, value: Option<&str>) -> Result<Option<jiff::civil::Date>, ApiError> {
    match value.filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<jiff::civil::Date>()
            .map(Some)
            .map_err(|_| ApiError::field(field, format!("{v:?} is not a day such as 2025-10-12"))),
    }
}

/// Imports an ACLED export (the CSV as the body) as public-source reports,
/// each signed by the calling mediator: every row imported, already
/// imported, outside the period or area, or refused with its line, column
/// and reason. A header without ACLED's columns refuses the whole file (422, `header`).
#[utoipa::path(post, path = "/api/v1/imports/acled", tag = "truce",
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "An ACLED export, header first"),
    responses((status = 200, body = ImportSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn acled(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ImportQuery>,
    body: Bytes,
) -> Result<Json<ImportSummary>, ApiError> {
    let selection = Selection {
        from: day("from", query.from.as_deref())?,
        to: day("to", query.to.as_deref())?,
        area: query.area.filter(|a| !a.is_empty()),
    };
    Ok(Json(imports::acled(&state, &caller, state.now(), &body, &selection).await?))
}

/// Every public-source report the log holds, with the open cases each
/// looked like when it was imported (suggested duplicates): for the mediators.
#[utoipa::path(get, path = "/api/v1/public-sources", tag = "truce",
    responses((status = 200, body = Vec<truce_core::public_source::ImportedReport>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<truce_core::public_source::ImportedReport>>, ApiError> {
    Ok(Json(imports::list(&state, &caller)?))
}
