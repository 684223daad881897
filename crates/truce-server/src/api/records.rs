//! One record of the log over JSON, with its reveal for those who may see
//! it, and its inclusion proof ([`crate::app::records`]).

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::app::Caller;
use crate::app::records::{self, RecordView};
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// A record as it is in the log and, for a confidential record whose case
/// the caller may see, its body and salt.
#[utoipa::path(get, path = "/api/v1/records/{index}", tag = "truce",
    params(("index" = u64, Path, minimum = 0, description = "The record's index in the log, from 0")),
    responses((status = 200, body = RecordView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(index): ApiPath<String>,
) -> Result<axum::Json<RecordView>, ApiError> {
    Ok(axum::Json(records::record(&state, &caller, &index).await?))
}

/// The record's `c2sp.org/tlog-proof@v1` file against the latest checkpoint:
/// anyone can check it offline with the log's verifier key.
#[utoipa::path(get, path = "/api/v1/records/{index}/proof", tag = "truce",
    params(("index" = u64, Path, minimum = 0, description = "The record's index in the log, from 0")),
    responses((status = 200, description = "A c2sp.org/tlog-proof@v1 file", body = String, content_type = "text/plain"),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_proof(
    State(state): State<AppState>,
    ApiPath(index): ApiPath<String>,
) -> Result<Response, ApiError> {
    let mut response = records::proof(&state, &index).await?.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}
