//! The public's CAP 1.2 alerts: `/data/alerts.cap`, an Atom feed that
//! lists them (CAP has no list format; alerting hubs read CAP through
//! such feeds), and each alert at `/data/alerts/{id}.cap`.
//!
//! Computed for [`crate::app::Caller::public`] whoever asks, so only alerts
//! on published cases appear here, with `scope` `Public`; a logged-in
//! reader gets its own through `/api/v1/alerts`.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::app::Caller;
use crate::app::alerts;
use crate::web::WebError;

/// `GET /data/alerts.cap`: the Atom feed of the public alerts.
pub async fn index(State(state): State<AppState>) -> Result<Response, WebError> {
    let list = alerts::list(&state, &Caller::public()).await?;
    let feed_id = format!("urn:truce:alerts:{}", state.origin());
    let body = alerts::atom_index(&list, &feed_id, "/data/alerts", state.now());
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response())
}

/// `GET /data/alerts/{id}.cap`: one public alert as CAP 1.2.
pub async fn alert(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, WebError> {
    let id = file.strip_suffix(".cap").unwrap_or(&file);
    let alert = alerts::one(&state, &Caller::public(), id).await?;
    Ok(([(header::CONTENT_TYPE, "application/cap+xml; charset=utf-8")], alerts::to_cap(&alert)).into_response())
}
