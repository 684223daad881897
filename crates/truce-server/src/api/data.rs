//! The open data over the API: the same files as `/data`, over the cases
//! the caller may see (a party's own cases and the published ones, all of
//! them for a mediator), so that a party's analysts read their own scope in
//! the formats the public reads ([`crate::app::opendata`]).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::AppState;
use crate::app::opendata::{self, Format};
use crate::app::{AppError, Caller};
use crate::error::{ApiError, ErrorBody};

/// One open-data file (`cases.csv`, `cases.geojson`, `findings.csv`,
/// `acled.csv`, `ucdp-ged.csv`, `cases-hxl.csv`, `cases.kml`) over the
/// cases the caller may see.
#[utoipa::path(get, path = "/api/v1/data/{file}", tag = "truce",
    params(("file" = String, Path, description = "The file's name, as listed on /data")),
    responses((status = 200, description = "The file, streamed", content_type = "text/csv"),
        (status = 404, body = ErrorBody)))]
pub async fn file(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let format =
        Format::from_file_name(&name).ok_or_else(|| AppError::not_found(format!("no file {name} in the open data")))?;
    let pages = opendata::download(&state, caller.viewer.clone(), format).await?;
    let body = Body::from_stream(pages.map(|page| {
        page.map_err(|e| {
            tracing::error!(error = %e, "open data download failed");
            std::io::Error::other(e.to_string())
        })
    }));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
