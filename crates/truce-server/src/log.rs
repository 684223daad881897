//! The transparency log over HTTP: the C2SP tlog-tiles paths, the log's
//! verifier key, and one record with its proof.
//!
//! Parties do not trust the operator, so the log must be readable by tools
//! nobody in this project wrote: `/log/checkpoint` and `/log/tile/…` are
//! exactly the C2SP tlog-tiles layout (the prefix is `/log`), with the same
//! bytes `truce log export` writes, because both come from
//! [`truce_node::publish::read_tile_file`]. Full tiles never change, so they
//! are cached for a year; partial tiles and the checkpoint are not.
//!
//! `/log/vkey` serves the log's note verifier key so that a verifier can
//! fetch it once and pin it. It proves nothing by itself: a server that
//! lies about its log would lie about its key too, so a verifier must
//! compare it with the key obtained out of band (from the agreement's
//! parties, a witness, the deployment's published documents).
//!
//! One record with its proof is the JSON API's (`/api/v1/records/{index}`).

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use truce_ledger::tiles::{TILE_WIDTH, parse_tile_path};

use crate::AppState;
use crate::app::records;
use crate::error::ApiError;
use crate::extract::ApiPath;

/// How long a full tile may be cached: it never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The checkpoint and partial tiles grow with the log.
const NO_CACHE: &str = "no-cache";
const TEXT: &str = "text/plain; charset=utf-8";

/// The log's routes: `/log/…`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/vkey", get(vkey))
        .route("/log/policy", get(policy))
        .route("/log/tile/{*path}", get(tile))
}

fn respond(content_type: &'static str, cache: &'static str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The latest checkpoint: (size, note).
async fn latest(state: &AppState) -> Result<(u64, String), ApiError> {
    Ok(records::latest(state).await?)
}

/// `GET /log/checkpoint`: the latest signed checkpoint note; where the
/// agreement names witnesses, the latest one their quorum cosigned, with
/// the cosignatures (503 until there is one).
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (_, note) = latest(&state).await?;
    Ok(respond(TEXT, NO_CACHE, note))
}

/// `GET /log/vkey`: the log's note verifier key, one line. Compare it with
/// the key obtained out of band before pinning it.
pub async fn vkey(State(state): State<AppState>) -> Response {
    respond(TEXT, NO_CACHE, format!("{}\n", state.vkey()))
}

/// `GET /log/policy`: the witness policy in force (C2SP tlog-policy), from
/// the agreement; 404 if it names no witnesses. Like the key, compare it
/// with the agreement text obtained out of band before relying on it.
pub async fn policy(State(state): State<AppState>) -> Result<Response, ApiError> {
    let policy = state
        .witnessing()
        .and_then(|w| w.policy())
        .ok_or_else(|| ApiError::not_found("the agreement in force names no witnesses"))?;
    Ok(respond(TEXT, NO_CACHE, policy.to_text()))
}

/// `GET /log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`.
pub async fn tile(State(state): State<AppState>, ApiPath(path): ApiPath<String>) -> Result<Response, ApiError> {
    let path = format!("tile/{path}");
    let file = parse_tile_path(&path).ok_or_else(|| ApiError::not_found(format!("{path} is not a C2SP tile path")))?;
    // Tiles up to the latest signed tree: they hold every cosigned tree too.
    let (size, _) = records::latest_signed(&state).await?;
    let bytes = truce_node::publish::read_tile_file(state.store(), file, size)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{path} lies beyond the tree of {size} entries")))?;
    let cache = if file.tile().width == TILE_WIDTH { IMMUTABLE } else { NO_CACHE };
    Ok(respond("application/octet-stream", cache, bytes))
}
