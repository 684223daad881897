//! Accounts over JSON: logging in and out, the caller's own account
//! (password, second factor, API tokens), and the administrator's
//! registration of principals. The use cases are [`crate::app::accounts`];
//! what is the API's own is the session cookie.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use truce_core::Role;
use utoipa::ToSchema;

use crate::AppState;
use crate::app::Caller;
use crate::app::accounts::{self, CreatedPrincipal, Me, NewToken, SESSION_SECS, TokenInfo, TotpOffer};
use crate::auth::session_cookie;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// A login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The principal id.
    pub principal: String,
    /// The password.
    pub password: String,
    /// The current TOTP code, once the second factor is on.
    #[serde(default)]
    pub totp_code: Option<String>,
}

/// Log in; sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "truce", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn login(State(state): State<AppState>, ApiJson(req): ApiJson<LoginRequest>) -> Result<Response, ApiError> {
    let session =
        accounts::open_session(&state, state.now(), &req.principal, &req.password, req.totp_code.as_deref()).await?;
    let me = accounts::me(&state, &session.caller).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(state.limits(), &session.token, SESSION_SECS)?);
    if let Some(device) = &session.device {
        headers.append(header::SET_COOKIE, crate::auth::device_cookie(state.limits(), device)?);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok((headers, Json(me)).into_response())
}

/// Log out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "truce",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    accounts::close_session(&state, &caller).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session_cookie(state.limits(), "", 0)?);
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// The logged-in principal.
#[utoipa::path(get, path = "/api/v1/me", tag = "truce",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    Ok(Json(accounts::me(&state, &caller).await?))
}

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The current password.
    pub current: String,
    /// The new one; at least 12 characters.
    pub new: String,
}

/// Change one's own password; ends every session of the principal.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "truce", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    accounts::change_own_password(&state, &caller, state.now(), &req.current, &req.new).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start turning on TOTP: returns a secret to confirm with a code.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "truce",
    responses((status = 200, body = TotpOffer), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn start_totp(State(state): State<AppState>, caller: Caller) -> Result<Json<TotpOffer>, ApiError> {
    Ok(Json(accounts::start_totp(&state, &caller).await?))
}

/// A TOTP code.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCode {
    /// The six-digit code.
    pub code: String,
}

/// Confirm the offered TOTP secret with a current code; from then on login needs a code.
#[utoipa::path(post, path = "/api/v1/me/totp/confirm", tag = "truce", request_body = TotpCode,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn confirm_totp(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<TotpCode>,
) -> Result<StatusCode, ApiError> {
    accounts::confirm_totp(&state, &caller, state.now(), &req.code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A request for an API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// A name to recognise it by.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Days it works for, 1 to 3,650; left out, it works until revoked.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<u32>,
}

/// Create an API token for machine clients acting as the caller.
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "truce", request_body = TokenRequest,
    responses((status = 201, body = NewToken), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<TokenRequest>,
) -> Result<(StatusCode, Json<NewToken>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(accounts::create_token(&state, &caller, state.now(), &req.name, req.expires_in_days).await?),
    ))
}

/// The caller's API tokens, oldest first: ids and names, never the tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "truce",
    responses((status = 200, body = [TokenInfo]), (status = 401, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn list_tokens(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    Ok(Json(accounts::list_tokens(&state, &caller).await?))
}

/// Revoke one of the caller's API tokens. It stops working at once on this
/// server, and within 30 seconds on any other server of the deployment.
/// Another principal's token is 404, as is an unknown one.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "truce",
    params(("id" = String, Path, description = "The token's id, as listed")),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    accounts::revoke_token(&state, &caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A principal to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPrincipal {
    /// Its id: letters, digits, `_`, `-`, `.`; at most 64.
    #[schema(pattern = "^[A-Za-z0-9_.-]{1,64}$")]
    pub id: String,
    /// The participant it acts for (none for administrators and the public).
    #[serde(default)]
    pub participant: Option<String>,
    /// Its role: `mediator_chair`, `mediator`, `monitor`, `party_liaison`, `observer` or `administrator`.
    pub role: Role,
    /// Its own Ed25519 public key (base64) if it signs its records itself;
    /// without one the server makes and holds a key and issues a password.
    #[serde(default)]
    pub public_key: Option<String>,
    /// The participant's endorsement (base64), required when the participant
    /// holds its own key in the log: `truce keys endorse` makes it.
    #[serde(default)]
    pub endorsement: Option<String>,
}

impl From<NewPrincipal> for accounts::NewPrincipal {
    fn from(req: NewPrincipal) -> Self {
        accounts::NewPrincipal {
            id: req.id,
            participant: req.participant,
            role: req.role,
            public_key: req.public_key,
            endorsement: req.endorsement,
        }
    }
}

/// Register a principal in the log: administrators, or anyone signed in who
/// posts the endorsement of the participant that holds its own key.
#[utoipa::path(post, path = "/api/v1/principals", tag = "truce", request_body = NewPrincipal,
    responses((status = 201, body = CreatedPrincipal), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn create_principal(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewPrincipal>,
) -> Result<(StatusCode, Json<CreatedPrincipal>), ApiError> {
    Ok((StatusCode::CREATED, Json(accounts::create_principal(&state, &caller, state.now(), req.into()).await?)))
}

/// A key change, signed inside by the participant's key where it holds one:
/// `{"type": "participant.key_rotated.v1" | "participant.key_revoked.v1" |
/// "principal.suspended.v1" | "principal.key_rotated.v1", …}` as
/// `truce keys rotate`, `revoke`, `suspend` and `replace` print it.
#[utoipa::path(post, path = "/api/v1/key-changes", tag = "truce",
    request_body(content = Object, description = "A key change, tagged by `type` (see docs/ledger.md)"),
    responses((status = 201, body = KeyChangeReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn change_key(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(change): ApiJson<accounts::KeyChange>,
) -> Result<(StatusCode, Json<KeyChangeReceipt>), ApiError> {
    let r = accounts::change_key(&state, &caller, state.now(), change).await?;
    Ok((StatusCode::CREATED, Json(KeyChangeReceipt { record_index: r.index })))
}

/// The record a key change or a withdrawal became.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyChangeReceipt {
    /// The log record's index.
    pub record_index: u64,
}

/// A participant withdraws from the agreement, suspends its part or resumes
/// it: `{agreement, participant, kind, reason, signature}`, the signature by
/// its own key (`truce agreement withdraw` makes one); the effect is what the
/// agreement's `[withdrawal]` table says.
#[utoipa::path(post, path = "/api/v1/agreement/withdrawals", tag = "truce",
    request_body(content = Object, description = "The withdrawal, signed inside by the participant's key"),
    responses((status = 201, body = KeyChangeReceipt), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(w): ApiJson<truce_node::records::Withdrawal>,
) -> Result<(StatusCode, Json<KeyChangeReceipt>), ApiError> {
    let r = accounts::withdraw(&state, &caller, state.now(), w).await?;
    Ok((StatusCode::CREATED, Json(KeyChangeReceipt { record_index: r.index })))
}

/// Prepare a server-held key for a principal of a participant that holds its
/// own key (administrators): the participant endorses it with
/// `truce keys endorse … --server-held`, then `POST /api/v1/principals`
/// with that endorsement registers the principal with a one-time password.
#[utoipa::path(post, path = "/api/v1/principals/pending", tag = "truce", request_body = NewPrincipal,
    responses((status = 201, body = accounts::PendingPrincipal), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn prepare_principal(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewPrincipal>,
) -> Result<(StatusCode, Json<accounts::PendingPrincipal>), ApiError> {
    Ok((StatusCode::CREATED, Json(accounts::prepare_principal(&state, &caller, req.into()).await?)))
}
