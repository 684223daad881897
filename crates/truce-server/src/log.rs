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
//! `/api/v1/records/{index}` gives a record as it is in the log (the log is
//! public) and, only to a caller who may see what it concerns, the body and
//! salt of a confidential record. Who may see it is decided by
//! [`truce_core::access`] through [`crate::api::cases::visible_case`]: every
//! case the record changed must be visible to the caller, and so must the
//! events it produced there (a vote stays hidden until its motion is
//! adopted). `/api/v1/records/{index}/proof` is the record's
//! `c2sp.org/tlog-proof@v1` file against the latest checkpoint.

use std::collections::{BTreeMap, BTreeSet};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use serde::Serialize;
use truce_core::access::{self, Viewer};
use truce_ledger::tiles::{TILE_WIDTH, parse_tile_path};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;

/// How long a full tile may be cached: it never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The checkpoint and partial tiles grow with the log.
const NO_CACHE: &str = "no-cache";
const TEXT: &str = "text/plain; charset=utf-8";

/// The log's routes: `/log/…` and `/api/v1/records/{index}[/proof]`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/vkey", get(vkey))
        .route("/log/tile/{*path}", get(tile))
        .route("/api/v1/records/{index}", get(record))
        .route("/api/v1/records/{index}/proof", get(record_proof))
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
    state.store().latest_checkpoint().await?.ok_or_else(|| ApiError::not_found("the log has no checkpoint yet"))
}

/// `GET /log/checkpoint`: the latest signed checkpoint note.
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (_, note) = latest(&state).await?;
    Ok(respond(TEXT, NO_CACHE, note))
}

/// `GET /log/vkey`: the log's note verifier key, one line. Compare it with
/// the key obtained out of band before pinning it.
pub async fn vkey(State(state): State<AppState>) -> Response {
    respond(TEXT, NO_CACHE, format!("{}\n", state.vkey()))
}

/// `GET /log/tile/<L>/<N>[.p/<W>]` and `/log/tile/entries/<N>[.p/<W>]`.
pub async fn tile(State(state): State<AppState>, ApiPath(path): ApiPath<String>) -> Result<Response, ApiError> {
    let path = format!("tile/{path}");
    let file = parse_tile_path(&path).ok_or_else(|| ApiError::not_found(format!("{path} is not a C2SP tile path")))?;
    let (size, _) = latest(&state).await?;
    let bytes = truce_node::publish::read_tile_file(state.store(), file, size)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("{path} lies beyond the tree of {size} entries")))?;
    let cache = if file.tile().width == TILE_WIDTH { IMMUTABLE } else { NO_CACHE };
    Ok(respond("application/octet-stream", cache, bytes))
}

/// The `c2sp.org/tlog-proof@v1` files of the records at `indexes`, against
/// the latest checkpoint.
pub async fn tlog_proofs(state: &AppState, indexes: &[u64]) -> Result<Vec<String>, ApiError> {
    Ok(truce_node::publish::tlog_proofs(state.store(), indexes).await?)
}

/// Parses a record index and checks it is in the latest checkpoint.
async fn record_index(state: &AppState, text: &str) -> Result<u64, ApiError> {
    let index: u64 =
        text.parse().ok().filter(|_| text.bytes().all(|b| b.is_ascii_digit())).ok_or_else(|| {
            ApiError::field("index", format!("{text:?} is not a record index (a whole number from 0)"))
        })?;
    let (size, _) = latest(state).await?;
    if index >= size {
        return Err(ApiError::not_found(format!("there is no record {index}: the log holds {size}")));
    }
    Ok(index)
}

/// A record as it is in the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordView {
    /// Its index in the log.
    pub index: u64,
    /// The log entry, byte for byte (canonical JSON); its leaf hash is
    /// SHA-256(0x00 || entry).
    pub entry: String,
    /// The same entry, parsed.
    #[schema(value_type = crate::api::cases::SignedRecordJson)]
    pub record: serde_json::Value,
    /// Where its `c2sp.org/tlog-proof@v1` file is.
    pub proof: String,
    /// For a confidential record that the caller may see: its body and the
    /// salt of its commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reveal: Option<RecordReveal>,
}

/// The plaintext of a confidential record. `record::verify_commitment` (or
/// SHA-256 of `"truce/commit/v1\0" || salt || JCS(body)`) checks it against
/// the record's `commitment`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordReveal {
    /// The 32-byte salt, base64.
    pub salt: String,
    /// The body.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

/// Whether `viewer` may see the body of record `index`: it must see every
/// case the record changed, and every event the record produced there.
async fn may_reveal(state: &AppState, viewer: &Viewer, index: u64) -> Result<bool, ApiError> {
    if *viewer == Viewer::Mediator {
        return Ok(true);
    }
    let mut produced: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for row in state.store().record_events(index).await? {
        produced.entry(row.case_id).or_default().insert(row.seq);
    }
    // A confidential body that no case event accounts for is the mediators' alone.
    if produced.is_empty() {
        return Ok(false);
    }
    for (case, seqs) in produced {
        let (rows, events) = match crate::api::cases::visible_case_with_events(state, viewer, &case).await {
            Ok(v) => (v.rows, v.events),
            Err(e) if e.status == StatusCode::NOT_FOUND => return Ok(false),
            Err(e) => return Err(e),
        };
        let visible: BTreeSet<u64> =
            access::visible_events(viewer, &events).into_iter().filter_map(|i| rows.get(i)).map(|r| r.seq).collect();
        if !seqs.is_subset(&visible) {
            return Ok(false);
        }
    }
    Ok(true)
}

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
    use base64::Engine as _;
    let index = record_index(&state, &index).await?;
    let entry = String::from_utf8(state.store().entry(index).await?).map_err(ApiError::internal)?;
    let record: serde_json::Value = serde_json::from_str(&entry).map_err(ApiError::internal)?;
    let reveal = match state.store().confidential(index).await? {
        Some((salt, body)) if may_reveal(&state, &caller.viewer, index).await? => Some(RecordReveal {
            salt: base64::engine::general_purpose::STANDARD.encode(salt),
            body: serde_json::from_str(&body).map_err(ApiError::internal)?,
        }),
        _ => None,
    };
    Ok(axum::Json(RecordView { index, entry, record, proof: format!("/api/v1/records/{index}/proof"), reveal }))
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
    let index = record_index(&state, &index).await?;
    let proof = tlog_proofs(&state, &[index]).await?.concat();
    Ok(respond(TEXT, NO_CACHE, proof))
}
