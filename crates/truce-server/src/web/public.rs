//! The public pages (placeholder routes until written).

use axum::Router;

use crate::AppState;

/// The public routes.
pub fn routes() -> Router<AppState> {
    Router::new()
}
