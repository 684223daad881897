//! The desks (placeholder routes until written).

use axum::Router;

use crate::AppState;

/// The desk routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
