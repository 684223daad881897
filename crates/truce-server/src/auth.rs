//! Who is calling: sessions, API tokens, passwords and the second factor.
//!
//! A browser logs in with a password (and a TOTP code once the second
//! factor is on) and gets a session cookie that is `Secure`, `HttpOnly` and
//! `SameSite=Strict`, plus a CSRF token that every state-changing request
//! made with that cookie must echo in the `X-CSRF-Token` header. A machine
//! client sends `Authorization: Bearer <token>` instead and needs no CSRF
//! token, because a browser never adds that header by itself.
//!
//! Only hashes are stored: argon2id for passwords, SHA-256 for session and
//! API tokens (which are 256-bit random, so a fast hash is enough).
//!
//! The [`Caller`] extractor resolves the request to a principal and a
//! [`Viewer`], checks CSRF, and is the only way handlers learn who calls.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use truce_core::Role;
use truce_core::access::Viewer;
use truce_core::ids::ParticipantId;

use crate::AppState;
use crate::error::ApiError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "truce_session";
/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 3600;
/// Prefix of API tokens, so that a leaked one is recognisable.
pub const TOKEN_PREFIX: &str = "truce_";

/// API tokens recently found in the store, by hash, with their principal
/// and when they were looked up.
///
/// A machine client sends its token with every request, and looking it up
/// took a database connection from the pool that the log's commits also
/// need: under a burst of filings the committer waited for a connection
/// behind the token lookups. A token is kept for [`TOKEN_KEPT_SECS`] at
/// most: a token revoked through this server stops working at once (it is
/// forgotten here), and on every other server of the deployment within that
/// time. Unknown tokens are never kept, so guessing cannot fill the cache.
pub struct TokenCache(std::sync::Mutex<hashlink::LruCache<String, (String, std::time::Instant)>>);

/// How long a looked-up token is trusted without asking the store again.
pub const TOKEN_KEPT_SECS: u64 = 30;
/// How many tokens are kept.
const TOKENS_KEPT: usize = 4_096;

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache(std::sync::Mutex::new(hashlink::LruCache::new(TOKENS_KEPT)))
    }
}

impl TokenCache {
    /// The principal of the API token whose hash is `hash`, or `None` for
    /// a token the store does not know.
    pub async fn principal(&self, store: &truce_store::Store, hash: String) -> Result<Option<String>, ApiError> {
        let now = truce_node::clock::instant();
        let fresh = std::time::Duration::from_secs(TOKEN_KEPT_SECS);
        {
            let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((principal, at)) = kept.get(&hash) {
                if now.duration_since(*at) < fresh {
                    return Ok(Some(principal.clone()));
                }
            }
        }
        let Some(row) = store.api_token(&hash).await? else { return Ok(None) };
        let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.insert(hash, (row.principal.clone(), now));
        Ok(Some(row.principal))
    }

    /// Forgets the token whose hash is `hash` (it was revoked).
    pub fn forget(&self, hash: &str) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(hash);
    }
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> Result<String, ApiError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("random: {e}")))?;
    Ok(hex::encode(bytes))
}

/// SHA-256 of a secret token, hex: what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The argon2id hash of a password, in PHC form.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| ApiError::internal(format!("random: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(ApiError::internal)?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Whether `password` matches `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Checks a new password: long enough, not absurdly long.
pub fn check_new_password(field: &str, password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if n < 12 {
        return Err(ApiError::field(field, format!("is {n} characters long; use at least 12")));
    }
    if password.len() > 1024 {
        return Err(ApiError::field(field, "is longer than 1,024 bytes"));
    }
    Ok(())
}

/// The TOTP generator for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s).
pub fn totp(secret_base32: &str, principal: &str) -> Result<totp_rs::TOTP, ApiError> {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_owned()).to_bytes().map_err(ApiError::internal)?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, secret, Some("Truce".into()), principal.to_owned())
        .map_err(ApiError::internal)
}

/// A fresh base32 TOTP secret (160 bits).
pub fn new_totp_secret() -> Result<String, ApiError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| ApiError::internal(format!("random: {e}")))?;
    Ok(totp_rs::Secret::Raw(bytes.to_vec()).to_encoded().to_string())
}

/// Whether `code` is valid for `secret` at `unix` seconds (one step of drift allowed).
pub fn check_totp(secret_base32: &str, principal: &str, code: &str, unix: u64) -> Result<bool, ApiError> {
    Ok(totp(secret_base32, principal)?.check(code.trim(), unix))
}

/// How a request proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session cookie; its hash and CSRF token.
    Session {
        /// SHA-256 of the cookie value.
        token_hash: String,
        /// The session's CSRF token.
        csrf: String,
    },
    /// An API token.
    Token,
}

/// A logged-in principal.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// Its id.
    pub id: String,
    /// Its participant.
    pub participant: Option<ParticipantId>,
    /// Its role.
    pub role: Role,
    /// How it proved itself.
    pub credential: Credential,
}

/// Whoever is calling, logged in or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    /// The principal, if logged in.
    pub principal: Option<Principal>,
    /// What it may see.
    pub viewer: Viewer,
}

impl Caller {
    /// The principal, or 401.
    pub fn require(&self) -> Result<&Principal, ApiError> {
        self.principal.as_ref().ok_or_else(|| ApiError::unauthenticated("log in or send an API token"))
    }

    /// The principal if it is an administrator, or 401/403.
    pub fn require_admin(&self) -> Result<&Principal, ApiError> {
        let p = self.require()?;
        if p.role != Role::Administrator {
            return Err(ApiError::forbidden("only an administrator may do this"));
        }
        Ok(p)
    }
}

pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

pub(crate) fn bearer(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let value = value.to_str().map_err(|_| ApiError::unauthenticated("the Authorization header is not text"))?;
    let token = value
        .strip_prefix("Bearer ")
        .ok_or_else(|| ApiError::unauthenticated("the Authorization header must be `Bearer <token>`"))?;
    Ok(Some(token.trim().to_owned()))
}

fn unsafe_method(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = resolve(parts, state).await?;
        if let Some(Principal { credential: Credential::Session { csrf, .. }, .. }) = &caller.principal {
            if unsafe_method(&parts.method) {
                let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
                if !csrf_matches(sent, csrf) {
                    return Err(ApiError::new(
                        axum::http::StatusCode::FORBIDDEN,
                        "csrf",
                        "a request made with the session cookie must carry its CSRF token in X-CSRF-Token",
                    ));
                }
            }
        }
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// Whether a CSRF token sent with a request is the session's (in constant time).
pub fn csrf_matches(sent: &str, csrf: &str) -> bool {
    bool::from(sent.as_bytes().ct_eq(csrf.as_bytes()))
}

/// Who is calling, from the API token or session cookie, without checking
/// a CSRF token: the API checks the `X-CSRF-Token` header, the web pages a
/// hidden form field.
pub async fn resolve(parts: &Parts, state: &AppState) -> Result<Caller, ApiError> {
    {
        let now = truce_node::clock::now().as_second();
        let (principal_id, credential) = if let Some(token) = bearer(&parts.headers)? {
            let principal = state
                .tokens()
                .principal(state.store(), token_hash(&token))
                .await?
                .ok_or_else(|| ApiError::unauthenticated("the API token is not valid"))?;
            (Some(principal), Some(Credential::Token))
        } else if let Some(value) = cookie(&parts.headers, SESSION_COOKIE) {
            let hash = token_hash(&value);
            match state.store().session(&hash, now).await? {
                Some(s) => (Some(s.principal), Some(Credential::Session { token_hash: hash, csrf: s.csrf })),
                // An expired or unknown cookie is treated as no login, so the
                // public pages keep working; writes will ask to log in.
                None => (None, None),
            }
        } else {
            (None, None)
        };
        let agreement = state.ledger().agreement();
        let caller = match (principal_id, credential) {
            (Some(id), Some(credential)) => {
                let registered = state
                    .ledger()
                    .principal(&id)
                    .ok_or_else(|| ApiError::unauthenticated(format!("principal {id} is not registered")))?;
                let viewer = match &agreement {
                    Some(a) => Viewer::of(registered.role, registered.participant.as_ref(), a),
                    None if registered.role == Role::Administrator => Viewer::Mediator,
                    None => Viewer::Public,
                };
                Caller {
                    principal: Some(Principal {
                        id,
                        participant: registered.participant,
                        role: registered.role,
                        credential,
                    }),
                    viewer,
                }
            }
            _ => Caller { principal: None, viewer: Viewer::Public },
        };
        Ok(caller)
    }
}
