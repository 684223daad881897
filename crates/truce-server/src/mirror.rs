//! A mirror's copy of the log served read-only, at the paths the log
//! server uses (`/log/checkpoint`, `/log/tile/…`, `/log/vkey`,
//! `/log/policy`), so that a party can publish the copy `truce mirror`
//! keeps and anyone can check it with `truce verify --url` or any C2SP
//! client, without the operator's server.
//!
//! It serves files, nothing else: no store, no use case, no other module
//! of this crate. The copy is written by `truce_node::mirror`, each file
//! atomically and the checkpoint last, so serving it while it is updated
//! shows an older checkpoint or a newer one, never a checkpoint whose
//! files are missing. Full tiles never change and are cached for a year;
//! the checkpoint and partial tiles are not cached.
//!
//! A mirror that cosigns ([`Cosigning`]) also answers C2SP tlog-witness
//! `POST /add-checkpoint` and the monitoring path
//! `GET /<hex sha256(origin)>/checkpoint`, so a participant can name its
//! mirror as its witness in the agreement: the mirror cosigns a checkpoint
//! only once it holds every entry of it (`truce_node::mirror`), and its
//! cosignature then says "this party holds the data", not only "this tree
//! extends the last one".

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use truce_ledger::tiles::{TILE_WIDTH, parse_tile_path, tile_hash_indexes};
use truce_ledger::witness::{SIZE_CONTENT_TYPE, WitnessRefusal};
use truce_node::mirror::CosignRefusal;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";
const TEXT: &str = "text/plain; charset=utf-8";

/// What a mirror serves: its directory, and the log's key and witness
/// policy the mirror checks against (served as given, like the log
/// server's, for a verifier to compare with what it obtained out of band).
#[derive(Debug, Clone)]
pub struct MirrorFiles {
    /// The mirror's directory (`checkpoint`, `tile/…`).
    pub dir: PathBuf,
    /// The log's verifier key.
    pub vkey: String,
    /// The witness policy, C2SP tlog-policy text.
    pub policy: String,
}

/// What answers `add-checkpoint` for a mirror that cosigns: the mirror's
/// copy, its key, and how it reads the log's files.
pub trait Cosigning: Send + Sync + 'static {
    /// Decides an `add-checkpoint` request body and, when the copy now
    /// holds the checkpoint's tree, returns the cosignature line. Blocking:
    /// it fetches the log's files and writes the copy.
    fn add_checkpoint(&self, body: &[u8]) -> Result<String, CosignRefusal>;
}

/// The largest `add-checkpoint` body accepted, as the witness's.
const MAX_ADD_CHECKPOINT: usize = 32 * 1024;

struct Served {
    files: MirrorFiles,
    cosigning: Option<Arc<dyn Cosigning>>,
}

/// The mirror's routes: the copy read-only, and, when `cosigning` is given,
/// the witness endpoints.
pub fn router(files: MirrorFiles, cosigning: Option<Arc<dyn Cosigning>>) -> Router {
    let witness = cosigning.is_some();
    let mut router = Router::new()
        .route("/log/checkpoint", get(checkpoint))
        .route("/log/vkey", get(vkey))
        .route("/log/policy", get(policy))
        .route("/log/tile/{*path}", get(tile));
    if witness {
        router = router
            .route("/add-checkpoint", post(add_checkpoint))
            .route("/{origin_hash}/checkpoint", get(monitored))
            .layer(DefaultBodyLimit::max(MAX_ADD_CHECKPOINT));
    }
    router
        .fallback(|| async { plain(StatusCode::NOT_FOUND, "not found\n") })
        .with_state(Arc::new(Served { files, cosigning }))
}

async fn add_checkpoint(State(served): State<Arc<Served>>, body: Bytes) -> Response {
    let Some(cosigning) = served.cosigning.clone() else {
        return plain(StatusCode::NOT_FOUND, "this mirror does not cosign\n");
    };
    // The task runs to its end even if the log stops waiting, so a copy is
    // never left half-written by a client that hangs up.
    let answer = tokio::task::spawn_blocking(move || cosigning.add_checkpoint(&body)).await;
    match answer {
        Ok(Ok(cosignature)) => (StatusCode::OK, [(header::CONTENT_TYPE, TEXT)], cosignature).into_response(),
        Ok(Err(CosignRefusal::Witness(WitnessRefusal::OldSizeMismatch { latest }))) => {
            (StatusCode::CONFLICT, [(header::CONTENT_TYPE, SIZE_CONTENT_TYPE)], format!("{latest}\n")).into_response()
        }
        Ok(Err(refusal)) => {
            let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            if status.is_server_error() {
                tracing::error!(%refusal, "the mirror's add-checkpoint failed");
            }
            plain(status, &format!("{refusal}\n"))
        }
        Err(e) => {
            tracing::error!(error = %e, "the mirror's add-checkpoint task");
            plain(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n")
        }
    }
}

/// The monitoring path of a witness: the checkpoint the copy holds, for
/// the one origin the mirror copies.
async fn monitored(State(served): State<Arc<Served>>, Path(origin_hash): Path<String>) -> Response {
    let origin = served.files.vkey.split('+').next().unwrap_or_default();
    let expected = truce_ledger::witness::monitoring_path(origin);
    if expected.strip_suffix("/checkpoint") != Some(origin_hash.as_str()) {
        return plain(StatusCode::NOT_FOUND, "this mirror copies another log\n");
    }
    match held(&served.files).await {
        Ok(note) => respond(TEXT, NO_CACHE, note),
        Err(response) => response,
    }
}

fn respond(content_type: &'static str, cache: &'static str, body: impl Into<axum::body::Body>) -> Response {
    let mut response = Response::new(body.into());
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

fn plain(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, TEXT), (header::CACHE_CONTROL, NO_CACHE)], message.to_owned()).into_response()
}

/// The checkpoint the copy holds, or 503 before the first update.
async fn held(files: &MirrorFiles) -> Result<String, Response> {
    match tokio::fs::read_to_string(files.dir.join("checkpoint")).await {
        Ok(note) => Ok(note),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(plain(StatusCode::SERVICE_UNAVAILABLE, "the mirror holds no checkpoint yet\n"))
        }
        Err(e) => {
            tracing::error!(error = %e, "reading the mirror's checkpoint");
            Err(plain(StatusCode::INTERNAL_SERVER_ERROR, "the mirror cannot read its copy\n"))
        }
    }
}

async fn checkpoint(State(served): State<Arc<Served>>) -> Response {
    match held(&served.files).await {
        Ok(note) => respond(TEXT, NO_CACHE, note),
        Err(response) => response,
    }
}

async fn vkey(State(served): State<Arc<Served>>) -> Response {
    respond(TEXT, NO_CACHE, format!("{}\n", served.files.vkey))
}

async fn policy(State(served): State<Arc<Served>>) -> Response {
    respond(TEXT, NO_CACHE, served.files.policy.clone())
}

/// A tile or bundle of the tree the held checkpoint names. Only canonical
/// C2SP paths are served (so no path reaches outside the directory).
async fn tile(State(served): State<Arc<Served>>, Path(path): Path<String>) -> Response {
    let files = &served.files;
    let path = format!("tile/{path}");
    let Some(file) = parse_tile_path(&path) else {
        return plain(StatusCode::NOT_FOUND, "not a C2SP tile path\n");
    };
    let note = match held(files).await {
        Ok(note) => note,
        Err(response) => return response,
    };
    let size = note.lines().nth(1).and_then(|line| line.parse::<u64>().ok()).unwrap_or(0);
    if tile_hash_indexes(file.tile(), size).is_err() {
        return plain(StatusCode::NOT_FOUND, "beyond the tree the mirror holds\n");
    }
    match tokio::fs::read(files.dir.join(&path)).await {
        Ok(bytes) => {
            let cache = if file.tile().width == TILE_WIDTH { IMMUTABLE } else { NO_CACHE };
            respond("application/octet-stream", cache, bytes)
        }
        Err(_) => plain(StatusCode::NOT_FOUND, "the mirror does not hold this file\n"),
    }
}

/// Serves the mirror on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    files: MirrorFiles,
    cosigning: Option<Arc<dyn Cosigning>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(files, cosigning)).with_graceful_shutdown(shutdown).await
}
