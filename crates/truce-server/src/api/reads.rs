//! Read models besides cases over JSON: findings, penalties, statistics,
//! the agreement and its participants ([`crate::app::reads`]).

use axum::Json;
use axum::extract::State;

use crate::AppState;
use crate::app::Caller;
use crate::app::reads::{self, AgreementView, FindingItem, ParticipantItem, PenaltyItem};
use crate::error::{ApiError, ErrorBody};

/// Findings on the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/findings", tag = "truce", responses((status = 200, body = Vec<FindingItem>)))]
pub async fn findings(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<FindingItem>>, ApiError> {
    Ok(Json(reads::findings(&state, &caller).await?))
}

/// Penalties on the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/penalties", tag = "truce", responses((status = 200, body = Vec<PenaltyItem>)))]
pub async fn penalties(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<PenaltyItem>>, ApiError> {
    Ok(Json(reads::penalties(&state, &caller).await?))
}

/// Compliance statistics over the cases the caller may see.
#[utoipa::path(get, path = "/api/v1/statistics", tag = "truce",
    responses((status = 200, description = "Statistics per party, provision and week", content_type = "application/json"),
        (status = 503, body = ErrorBody)))]
pub async fn statistics(State(state): State<AppState>, caller: Caller) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(reads::statistics(&state, &caller).await?.as_ref().clone()))
}

/// The agreement in force: its text, and the hash the log recorded.
#[utoipa::path(get, path = "/api/v1/agreement", tag = "truce",
    responses((status = 200, body = AgreementView), (status = 503, body = ErrorBody)))]
pub async fn agreement(State(state): State<AppState>) -> Result<Json<AgreementView>, ApiError> {
    Ok(Json(reads::agreement(&state, state.now()).await?))
}

/// The agreement's participants.
#[utoipa::path(get, path = "/api/v1/participants", tag = "truce",
    responses((status = 200, body = Vec<ParticipantItem>), (status = 503, body = ErrorBody)))]
pub async fn participants(State(state): State<AppState>) -> Result<Json<Vec<ParticipantItem>>, ApiError> {
    Ok(Json(reads::participants(&state).await?))
}
