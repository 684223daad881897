//! The witness over HTTP, exactly as C2SP tlog-witness says.
//!
//! - `POST /add-checkpoint`: 200 with the cosignature line (`text/plain`);
//!   400, 403, 404 or 422 with a one-line reason; 409 with
//!   `Content-Type: text/x.tlog.size` and the latest cosigned size and a
//!   newline, the answer a log reads to resend from the right size.
//! - `GET /<lowercase hex sha256(origin)>/checkpoint`: the latest cosigned
//!   checkpoint with the log's signature and this witness's cosignature,
//!   for monitors; 404 if none.
//!
//! Handlers only read the body and render [`Witness::add_checkpoint`]'s
//! answer. Failures of the witness itself (a disk that refuses a write) are
//! logged and answered 500 without detail. HTTP/1.1 keep-alive is on, as
//! the spec asks of clients; TLS belongs to a proxy in front.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use truce_ledger::witness::{SIZE_CONTENT_TYPE, WitnessRefusal};

use crate::error::WitnessError;
use crate::service::Witness;

/// The largest request body accepted (413 beyond). A request is an `old`
/// line, at most 63 proof lines of 45 bytes and a checkpoint with its
/// signatures (at most 100 lines): well under this.
pub const MAX_BODY: usize = 32 * 1024;

const TEXT: &str = "text/plain; charset=utf-8";

/// The witness's routes over its state.
pub fn router(witness: Arc<Witness>) -> Router {
    Router::new()
        .route("/add-checkpoint", post(add_checkpoint))
        .route("/{origin_hash}/checkpoint", get(checkpoint))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(witness)
}

async fn add_checkpoint(State(witness): State<Arc<Witness>>, body: Bytes) -> Response {
    match witness.add_checkpoint(&body).await {
        Ok(cosignature) => text(StatusCode::OK, cosignature),
        Err(error) => refusal(error),
    }
}

async fn checkpoint(State(witness): State<Arc<Witness>>, Path(origin_hash): Path<String>) -> Response {
    match witness.checkpoint(&origin_hash).await {
        Some(note) => text(StatusCode::OK, note.to_string()),
        None => text(StatusCode::NOT_FOUND, "this witness has cosigned no checkpoint of that log\n".to_owned()),
    }
}

fn text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static(TEXT))], body).into_response()
}

fn refusal(error: WitnessError) -> Response {
    match error {
        WitnessError::Refused(WitnessRefusal::OldSizeMismatch { latest }) => (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, HeaderValue::from_static(SIZE_CONTENT_TYPE))],
            format!("{latest}\n"),
        )
            .into_response(),
        WitnessError::Refused(refusal) => {
            let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
            text(status, format!("{refusal}\n"))
        }
        error @ (WitnessError::File { .. }
        | WitnessError::Corrupt { .. }
        | WitnessError::AlreadyInitialized { .. }
        | WitnessError::NotInitialized { .. }
        | WitnessError::Locked { .. }
        | WitnessError::InvalidName { .. }
        | WitnessError::InvalidOrigin { .. }
        | WitnessError::InvalidVkey { .. }
        | WitnessError::KeyMismatch { .. }
        | WitnessError::NameMismatch { .. }
        | WitnessError::Cosign(_)
        | WitnessError::Listen { .. }
        | WitnessError::Task(_)) => {
            tracing::error!(%error, "add-checkpoint failed");
            text(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n".to_owned())
        }
    }
}
