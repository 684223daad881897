//! Logging in and out, the caller's own account (password, second factor,
//! API tokens), and the administrator's creation of principals.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use truce_core::Role;
use truce_core::ids::{ParticipantId, PrincipalId};
use truce_node::records::{Body, PrincipalRegistered};
use truce_store::{Account, ApiTokenRow, SessionRow};
use utoipa::ToSchema;

use crate::auth::{self, Caller, Credential, SESSION_COOKIE, SESSION_SECS};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::{AppState, Limits};

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

/// Who is logged in.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// The principal id.
    pub principal: String,
    /// Its participant.
    pub participant: Option<String>,
    /// Its role.
    pub role: String,
    /// What it may see: `mediator`, `party`, `team` or `public`.
    pub access: String,
    /// Whether the server holds its signing key (otherwise it signs its own records).
    pub server_signs: bool,
    /// Whether the second factor is on.
    pub totp: bool,
    /// Whether the password must be changed before anything else.
    pub must_change_password: bool,
    /// The CSRF token for requests made with the session cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

fn access_name(v: &truce_core::access::Viewer) -> &'static str {
    use truce_core::access::Viewer;
    match v {
        Viewer::Mediator => "mediator",
        Viewer::Party(_) => "party",
        Viewer::Team(_) => "team",
        Viewer::Public => "public",
    }
}

/// The `Set-Cookie` value of a session cookie (`value` empty and `max_age`
/// zero clear it).
pub fn session_cookie(limits: &Limits, value: &str, max_age: i64) -> Result<HeaderValue, ApiError> {
    let secure = if limits.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
}

async fn me_of(state: &AppState, caller: &Caller, csrf: Option<String>) -> Result<Me, ApiError> {
    let p = caller.require()?;
    let account = state.store().account(&p.id).await?;
    Ok(Me {
        principal: p.id.clone(),
        participant: p.participant.as_ref().map(ToString::to_string),
        role: p.role.as_str().to_owned(),
        access: access_name(&caller.viewer).to_owned(),
        server_signs: state.signing_key(&p.id)?.is_some(),
        totp: account.as_ref().is_some_and(|a| a.totp_secret.is_some()),
        must_change_password: account.as_ref().is_some_and(|a| a.must_change_password),
        csrf_token: csrf,
    })
}

/// A session opened by a login: who logged in, the cookie to set and the
/// CSRF token that writes with the cookie must carry.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The caller the session stands for.
    pub caller: Caller,
    /// The session's CSRF token.
    pub csrf: String,
    /// The `Set-Cookie` value that carries the session.
    pub cookie: HeaderValue,
    /// Whether the password must be changed before anything else.
    pub must_change_password: bool,
}

/// Checks a login (password, and the TOTP code once the second factor is
/// on) and opens a session: the one login of the API and the web pages.
/// A wrong principal or password is one answer, so that it does not tell
/// which principals exist; a missing code names the field `totp_code`.
pub async fn open_session(
    state: &AppState,
    principal: &str,
    password: &str,
    totp_code: Option<&str>,
) -> Result<NewSession, ApiError> {
    let wrong = || ApiError::unauthenticated("the principal or the password is wrong");
    let account = match state.store().account(principal).await? {
        Some(a) => a,
        None => {
            // Spend the same time as for a real account, so that timing
            // does not tell which principals exist.
            let _ = auth::verify_password(password, dummy_hash());
            return Err(wrong());
        }
    };
    if !auth::verify_password(password, &account.password_hash) {
        return Err(wrong());
    }
    let now = truce_node::clock::now().as_second();
    if let Some(secret) = &account.totp_secret {
        let code = totp_code.unwrap_or("").trim();
        if code.is_empty() {
            return Err(ApiError::field("totp_code", "this account has a second factor: send the current code"));
        }
        if !auth::check_totp(secret, &account.principal, code, u64::try_from(now).unwrap_or(0))? {
            return Err(ApiError {
                field: Some("totp_code".into()),
                ..ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "the TOTP code is wrong")
            });
        }
    }
    let registered = state
        .ledger()
        .principal(&account.principal)
        .ok_or_else(|| ApiError::unauthenticated(format!("principal {} is not registered", account.principal)))?;
    let token = auth::random_hex(32)?;
    let csrf = auth::random_hex(16)?;
    let session = SessionRow {
        token_hash: auth::token_hash(&token),
        principal: account.principal.clone(),
        csrf: csrf.clone(),
        created_at: now,
        expires_at: now + SESSION_SECS,
    };
    state.store().create_session(&session).await?;
    let viewer = match state.ledger().agreement() {
        Some(a) => truce_core::access::Viewer::of(registered.role, registered.participant.as_ref(), &a),
        None if registered.role == Role::Administrator => truce_core::access::Viewer::Mediator,
        None => truce_core::access::Viewer::Public,
    };
    let caller = Caller {
        principal: Some(auth::Principal {
            id: account.principal.clone(),
            participant: registered.participant,
            role: registered.role,
            credential: Credential::Session { token_hash: session.token_hash, csrf: csrf.clone() },
        }),
        viewer,
    };
    Ok(NewSession {
        caller,
        csrf,
        cookie: session_cookie(state.limits(), &token, SESSION_SECS)?,
        must_change_password: account.must_change_password,
    })
}

/// Log in; sets the session cookie and returns the CSRF token.
#[utoipa::path(post, path = "/api/v1/session", tag = "truce", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn login(State(state): State<AppState>, ApiJson(req): ApiJson<LoginRequest>) -> Result<Response, ApiError> {
    let session = open_session(&state, &req.principal, &req.password, req.totp_code.as_deref()).await?;
    let me = me_of(&state, &session.caller, Some(session.csrf)).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session.cookie);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok((headers, Json(me)).into_response())
}

/// An argon2id hash checked when the principal does not exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| auth::hash_password("not a password of anyone").unwrap_or_default())
}

/// Ends the caller's session, if it has one; returns the `Set-Cookie`
/// value that clears the cookie.
pub async fn close_session(state: &AppState, caller: &Caller) -> Result<HeaderValue, ApiError> {
    let p = caller.require()?;
    if let Credential::Session { token_hash, .. } = &p.credential {
        state.store().delete_session(token_hash).await?;
    }
    session_cookie(state.limits(), "", 0)
}

/// Log out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/v1/session", tag = "truce",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let cookie = close_session(&state, &caller).await?;
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, cookie);
    Ok((StatusCode::NO_CONTENT, headers).into_response())
}

/// The logged-in principal.
#[utoipa::path(get, path = "/api/v1/me", tag = "truce",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> Result<Json<Me>, ApiError> {
    let csrf = match &caller.require()?.credential {
        Credential::Session { csrf, .. } => Some(csrf.clone()),
        Credential::Token => None,
    };
    Ok(Json(me_of(&state, &caller, csrf).await?))
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
    change_own_password(&state, caller.require()?, &req.current, &req.new).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes `principal`'s own password after checking the current one
/// (fields `current` and `new`), clears the demand to change it, and ends
/// every session of the principal.
pub async fn change_own_password(
    state: &AppState,
    principal: &auth::Principal,
    current: &str,
    new: &str,
) -> Result<(), ApiError> {
    let p = principal;
    let account =
        state.store().account(&p.id).await?.ok_or_else(|| ApiError::forbidden("this principal has no password"))?;
    if !auth::verify_password(current, &account.password_hash) {
        return Err(ApiError::field("current", "is not the current password"));
    }
    auth::check_new_password("new", new)?;
    if new == current {
        return Err(ApiError::field("new", "is the same as the current password"));
    }
    state.store().set_password(&p.id, &auth::hash_password(new)?, true).await?;
    state.store().delete_sessions_of(&p.id, truce_node::clock::now().as_second()).await?;
    Ok(())
}

/// A second factor offered: add it to an authenticator app, then confirm.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpOffer {
    /// The secret, base32.
    pub secret: String,
    /// The `otpauth://` URL for authenticator apps.
    pub otpauth_url: String,
}

/// Start turning on TOTP: returns a secret to confirm with a code.
#[utoipa::path(post, path = "/api/v1/me/totp", tag = "truce",
    responses((status = 200, body = TotpOffer), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn start_totp(State(state): State<AppState>, caller: Caller) -> Result<Json<TotpOffer>, ApiError> {
    let p = caller.require()?;
    let account =
        state.store().account(&p.id).await?.ok_or_else(|| ApiError::forbidden("this principal has no password"))?;
    if account.totp_secret.is_some() {
        return Err(ApiError::new(StatusCode::CONFLICT, "conflict", "the second factor is already on"));
    }
    let secret = auth::new_totp_secret()?;
    state.store().set_totp(&p.id, None, Some(&secret)).await?;
    let otpauth_url = auth::totp(&secret, &p.id)?.get_url();
    Ok(Json(TotpOffer { secret, otpauth_url }))
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
    let p = caller.require()?;
    let account =
        state.store().account(&p.id).await?.ok_or_else(|| ApiError::forbidden("this principal has no password"))?;
    let pending = account
        .totp_pending
        .ok_or_else(|| ApiError::field("code", "no second factor was offered; start with POST /api/v1/me/totp"))?;
    let now = u64::try_from(truce_node::clock::now().as_second()).unwrap_or(0);
    if !auth::check_totp(&pending, &p.id, &req.code, now)? {
        return Err(ApiError::field("code", "is not the current code for the offered secret"));
    }
    state.store().set_totp(&p.id, Some(&pending), None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A request for an API token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// A name to recognise it by.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
}

/// A new API token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewToken {
    /// The token: send it as `Authorization: Bearer <token>`.
    pub token: String,
    /// Its id, to revoke it by: the SHA-256 of the token (hex), which is
    /// what the server stores; it cannot be used to authenticate.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One of the caller's API tokens (never the token itself).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    /// Its id (the SHA-256 of the token, hex).
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was made (Unix seconds).
    pub created_at: i64,
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
    let p = caller.require()?;
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::field("name", "must be 1 to 100 characters"));
    }
    let token = format!("{}{}", auth::TOKEN_PREFIX, auth::random_hex(32)?);
    let id = auth::token_hash(&token);
    state
        .store()
        .create_api_token(&ApiTokenRow {
            token_hash: id.clone(),
            principal: p.id.clone(),
            name: name.to_owned(),
            created_at: truce_node::clock::now().as_second(),
        })
        .await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, id, name: name.to_owned() })))
}

/// The caller's API tokens, oldest first: ids and names, never the tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "truce",
    responses((status = 200, body = [TokenInfo]), (status = 401, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn list_tokens(State(state): State<AppState>, caller: Caller) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    let p = caller.require()?;
    let tokens = state.store().api_tokens_of(&p.id).await?;
    Ok(Json(
        tokens.into_iter().map(|t| TokenInfo { id: t.token_hash, name: t.name, created_at: t.created_at }).collect(),
    ))
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
    let p = caller.require()?;
    if !state.store().delete_api_token(&p.id, &id).await? {
        return Err(ApiError::not_found("you have no API token with this id"));
    }
    state.tokens().forget(&id);
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
}

/// The principal created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedPrincipal {
    /// Its id.
    pub id: String,
    /// The log record that registered it.
    pub record_index: u64,
    /// A one-time password to be changed at first login (server-held keys only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_time_password: Option<String>,
}

/// Register a principal in the log (administrators only).
#[utoipa::path(post, path = "/api/v1/principals", tag = "truce", request_body = NewPrincipal,
    responses((status = 201, body = CreatedPrincipal), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn create_principal(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<NewPrincipal>,
) -> Result<(StatusCode, Json<CreatedPrincipal>), ApiError> {
    let admin = caller.require_admin()?;
    PrincipalId::parse(&req.id).map_err(|e| ApiError::field("id", e.to_string()))?;
    if let Some(p) = &req.participant {
        ParticipantId::parse(p).map_err(|e| ApiError::field("participant", e.to_string()))?;
    }
    if state.ledger().principal(&req.id).is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            format!("principal {} is already registered", req.id),
        ));
    }
    let (public_key, new_key) = match &req.public_key {
        Some(k) => {
            truce_ledger::VerifyingKey::from_base64(k).map_err(|e| ApiError::field("public_key", e.to_string()))?;
            (k.clone(), None)
        }
        None => {
            let key = truce_node::keys::generate().map_err(ApiError::internal)?;
            (key.verifying_key().to_base64(), Some(key))
        }
    };
    let body = Body::Principal(PrincipalRegistered {
        principal: req.id.clone(),
        participant: req.participant.clone(),
        role: req.role,
        public_key,
    });
    let receipt = state.submit_as(admin, &body).await?;
    let mut one_time_password = None;
    if let Some(key) = new_key {
        truce_node::keys::write(&state.data().principal_key_path(&req.id), &key).map_err(ApiError::internal)?;
        one_time_password = Some(issue_account(&state, &req.id).await?);
    }
    Ok((StatusCode::CREATED, Json(CreatedPrincipal { id: req.id, record_index: receipt.index, one_time_password })))
}

/// Creates a login account for `principal` with a random one-time password,
/// which must be changed at first login; returns the password.
pub async fn issue_account(state: &AppState, principal: &str) -> Result<String, ApiError> {
    let password = one_time_password()?;
    create_account(state.store(), principal, &password, true).await?;
    Ok(password)
}

/// A random password of 20 characters from an unambiguous alphabet.
pub fn one_time_password() -> Result<String, ApiError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("random: {e}")))?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect())
}

/// Stores an account for `principal` with `password`.
pub async fn create_account(
    store: &truce_store::Store,
    principal: &str,
    password: &str,
    must_change: bool,
) -> Result<(), ApiError> {
    store
        .create_account(&Account {
            principal: principal.to_owned(),
            password_hash: auth::hash_password(password)?,
            totp_secret: None,
            totp_pending: None,
            must_change_password: must_change,
            created_at: truce_node::clock::now().as_second(),
        })
        .await?;
    Ok(())
}
