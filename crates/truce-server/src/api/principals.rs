//! The administrator's principals over JSON: the list, suspending and
//! reactivating one, and its API tokens. The use cases are
//! [`crate::app::principals`]; who may do what is decided there and, for
//! the signed records, by the log.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;

use super::accounts::KeyChangeReceipt;
use crate::AppState;
use crate::app::Caller;
use crate::app::accounts::TokenInfo;
use crate::app::principals::{self, PrincipalView, Standing};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// Every registered principal: role, participant, whether the server holds
/// its key, whether it has a login account, whether it is suspended and by
/// which record (administrators).
#[utoipa::path(get, path = "/api/v1/principals", tag = "truce",
    responses((status = 200, body = [PrincipalView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<PrincipalView>>, ApiError> {
    Ok(Json(principals::list(&state, &caller).await?))
}

/// A suspension or a reactivation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StandingRequest {
    /// Why: public in the log for as long as it lasts; at most 2,000 characters.
    pub reason: String,
    /// The participant's endorsement (base64), required when the
    /// principal's participant holds its own key in the log.
    #[serde(default)]
    pub endorsement: Option<String>,
}

impl From<StandingRequest> for Standing {
    fn from(r: StandingRequest) -> Self {
        Standing { reason: r.reason, endorsement: r.endorsement }
    }
}

/// Suspend a principal (administrators): the server signs a
/// `principal.suspended.v1` record as the caller; the principal's sessions
/// and API tokens end at once, and its password opens nothing until it is
/// reactivated.
#[utoipa::path(post, path = "/api/v1/principals/{id}/suspension", tag = "truce", request_body = StandingRequest,
    params(("id" = String, Path, description = "The principal")),
    responses((status = 201, body = KeyChangeReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn suspend(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<StandingRequest>,
) -> Result<(StatusCode, Json<KeyChangeReceipt>), ApiError> {
    let r = principals::suspend(&state, &caller, state.now(), &id, req.into()).await?;
    Ok((StatusCode::CREATED, Json(KeyChangeReceipt { record_index: r.index })))
}

/// Reactivate a suspended principal (administrators): the server signs a
/// `principal.reactivated.v1` record as the caller. The principal logs in
/// again with its password; no session or token it held comes back. A
/// principal that is not suspended is 422 naming `principal`.
#[utoipa::path(post, path = "/api/v1/principals/{id}/reactivation", tag = "truce", request_body = StandingRequest,
    params(("id" = String, Path, description = "The principal")),
    responses((status = 201, body = KeyChangeReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn reactivate(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<StandingRequest>,
) -> Result<(StatusCode, Json<KeyChangeReceipt>), ApiError> {
    let r = principals::reactivate(&state, &caller, state.now(), &id, req.into()).await?;
    Ok((StatusCode::CREATED, Json(KeyChangeReceipt { record_index: r.index })))
}

/// A principal's API tokens, oldest first: ids, names, when made and when
/// they end, never the tokens (administrators).
#[utoipa::path(get, path = "/api/v1/principals/{id}/tokens", tag = "truce",
    params(("id" = String, Path, description = "The principal")),
    responses((status = 200, body = [TokenInfo]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn tokens(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    Ok(Json(principals::tokens(&state, &caller, &id).await?))
}

/// Revoke a principal's API token (administrators). It stops working at
/// once on this server, and within 30 seconds on any other server of the
/// deployment.
#[utoipa::path(delete, path = "/api/v1/principals/{id}/tokens/{token_id}", tag = "truce",
    params(("id" = String, Path, description = "The principal"),
        ("token_id" = String, Path, description = "The token's id, as listed")),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, token_id)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    principals::revoke_token(&state, &caller, &id, &token_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
