//! Accounts: logging in and out, the caller's own account (password,
//! second factor, API tokens), who a credential stands for, and the
//! administrator's registration of principals.
//!
//! Only hashes are stored: argon2id for passwords, SHA-256 for session and
//! API tokens (which are 256-bit random, so a fast hash is enough). How a
//! credential travels (a cookie, a bearer header) is the adapters' affair;
//! what it is worth is decided here.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};
use truce_core::Role;
use truce_core::access::Viewer;
use truce_core::ids::{ParticipantId, PrincipalId};
use truce_node::Receipt;
use truce_node::records::{Body, Custody, PrincipalRegistered};
use truce_store::{Account, ApiTokenRow, SessionRow};
use utoipa::ToSchema;

use super::{App, AppError, Caller, Credential, Principal};

/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 3600;
/// How long a device is remembered, here and in the browser: a little
/// over a year.
pub const DEVICE_SECS: i64 = 400 * 24 * 3600;
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
pub struct TokenCache(std::sync::Mutex<hashlink::LruCache<String, KeptToken>>);

/// A token's principal, its end (Unix seconds, if any) and when it was looked up.
type KeptToken = (String, Option<i64>, std::time::Instant);

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
    /// The principal of the API token whose hash is `hash` at `unix`
    /// seconds, or `None` for a token the store does not know or that has
    /// expired.
    pub async fn principal(
        &self,
        store: &truce_store::Store,
        hash: String,
        unix: i64,
    ) -> Result<Option<String>, AppError> {
        let now = truce_node::clock::instant();
        let fresh = std::time::Duration::from_secs(TOKEN_KEPT_SECS);
        let live = |expires_at: Option<i64>| expires_at.is_none_or(|end| unix < end);
        {
            let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((principal, expires_at, at)) = kept.get(&hash)
                && now.duration_since(*at) < fresh
            {
                return Ok(live(*expires_at).then(|| principal.clone()));
            }
        }
        let Some(row) = store.api_token(&hash).await? else { return Ok(None) };
        let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.insert(hash, (row.principal.clone(), row.expires_at, now));
        Ok(live(row.expires_at).then_some(row.principal))
    }

    /// Forgets the token whose hash is `hash` (it was revoked).
    pub fn forget(&self, hash: &str) {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(hash);
    }
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> Result<String, AppError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("random: {e}")))?;
    Ok(hex::encode(bytes))
}

/// SHA-256 of a secret token, hex: what the store keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The argon2id hash of a password, in PHC form.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::internal(format!("random: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(AppError::internal)
}

/// Whether `password` matches `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// Checks a new password: long enough, not absurdly long.
pub fn check_new_password(field: &str, password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if n < 12 {
        return Err(AppError::field(field, format!("is {n} characters long; use at least 12")));
    }
    if password.len() > 1024 {
        return Err(AppError::field(field, "is longer than 1,024 bytes"));
    }
    Ok(())
}

/// The TOTP generator for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s).
pub fn totp(secret_base32: &str, principal: &str) -> Result<totp_rs::TOTP, AppError> {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_owned()).to_bytes().map_err(AppError::internal)?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, secret, Some("Truce".into()), principal.to_owned())
        .map_err(AppError::internal)
}

/// A fresh base32 TOTP secret (160 bits).
pub fn new_totp_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("random: {e}")))?;
    Ok(totp_rs::Secret::Raw(bytes.to_vec()).to_encoded().to_string())
}

/// The time step whose code `code` is, for `secret` at `unix` seconds (one
/// step of drift allowed either way), if it is one.
fn totp_step(secret_base32: &str, principal: &str, code: &str, unix: u64) -> Result<Option<u64>, AppError> {
    let totp = totp(secret_base32, principal)?;
    let now = unix / totp.step;
    let steps = [now.saturating_sub(1), now, now.saturating_add(1)];
    Ok(steps.into_iter().find(|step| {
        let expected = totp.generate(step.saturating_mul(totp.step));
        // Compared in constant time, as totp-rs itself does.
        constant_time_eq::constant_time_eq(expected.as_bytes(), code.trim().as_bytes())
    }))
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

fn access_name(v: &Viewer) -> &'static str {
    match v {
        Viewer::Mediator => "mediator",
        Viewer::Party(_) => "party",
        Viewer::Team(_) => "team",
        Viewer::Public => "public",
    }
}

/// Who `caller` is, with the CSRF token of its session if it has one.
pub async fn me(app: &App, caller: &Caller) -> Result<Me, AppError> {
    let p = caller.require_holder()?;
    let csrf = match &p.credential {
        Credential::Session { csrf, .. } => Some(csrf.clone()),
        Credential::Token => None,
    };
    let account = app.store().account(&p.id).await?;
    Ok(Me {
        principal: p.id.clone(),
        participant: p.participant.as_ref().map(ToString::to_string),
        role: p.role.as_str().to_owned(),
        access: access_name(&caller.viewer).to_owned(),
        server_signs: app.signing_key(&p.id)?.is_some(),
        totp: account.as_ref().is_some_and(|a| a.totp_secret.is_some()),
        must_change_password: account.as_ref().is_some_and(|a| a.must_change_password),
        csrf_token: csrf,
    })
}

/// What `principal` may see under the agreement in force.
fn viewer_of(app: &App, principal: &truce_node::state::Principal) -> Viewer {
    match app.ledger().agreement() {
        Some(a) => Viewer::of(principal.role, principal.participant.as_ref(), &a),
        None if principal.role == Role::Administrator => Viewer::Mediator,
        None => Viewer::Public,
    }
}

/// The caller a credential stands for: `id`, registered in the log and not
/// suspended (a suspended principal's token, session and password open
/// nothing, though the log would refuse its records anyway).
pub(crate) fn caller_of(app: &App, id: String, credential: Credential) -> Result<Caller, AppError> {
    let registered = app
        .ledger()
        .principal(&id)
        .ok_or_else(|| AppError::unauthenticated(format!("principal {id} is not registered")))?;
    if let Some(at) = registered.suspended {
        return Err(AppError::unauthenticated(format!("principal {id} was suspended by record {at}")));
    }
    let viewer = viewer_of(app, &registered);
    Ok(Caller {
        principal: Some(Principal { id, participant: registered.participant, role: registered.role, credential }),
        viewer,
    })
}

/// The caller a session stands for: while its password is a one-time one,
/// it sees only what the public sees.
fn session_caller(app: &App, id: String, credential: Credential) -> Result<Caller, AppError> {
    let one_time = matches!(credential, Credential::Session { one_time: true, .. });
    let mut caller = caller_of(app, id, credential)?;
    if one_time {
        caller.viewer = Viewer::Public;
    }
    Ok(caller)
}

/// The caller an API token stands for; an unknown or revoked token is
/// refused.
pub async fn caller_by_token(app: &App, token: &str) -> Result<Caller, AppError> {
    let principal = app
        .tokens()
        .principal(app.store(), token_hash(token), app.now().as_second())
        .await?
        .ok_or_else(|| AppError::unauthenticated("the API token is not valid"))?;
    caller_of(app, principal, Credential::Token)
}

/// The caller a session cookie stands for at `now`. An expired or unknown
/// session, or one of a principal suspended since, is nobody (the public),
/// so the public pages keep working and writes ask to log in.
pub async fn caller_by_session(app: &App, cookie: &str, now: Timestamp) -> Result<Caller, AppError> {
    let hash = token_hash(cookie);
    match app.store().session(&hash, now.as_second()).await? {
        Some(s) if app.ledger().principal(&s.principal).is_some_and(|p| p.suspended.is_some()) => {
            // The session of a principal suspended since it logged in ends here.
            app.store().delete_session(&hash).await?;
            Ok(Caller::public())
        }
        Some(s) => session_caller(
            app,
            s.principal,
            Credential::Session { token_hash: hash, csrf: s.csrf, one_time: s.one_time },
        ),
        None => Ok(Caller::public()),
    }
}

/// A session opened by a login: who logged in, the secret the session
/// cookie carries and the CSRF token that writes with it must carry.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The caller the session stands for.
    pub caller: Caller,
    /// The secret the session cookie carries (only its hash is stored).
    pub token: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Whether the password must be changed before anything else.
    pub must_change_password: bool,
    /// The device cookie to set: this device is now one the principal
    /// logs in from. None after a login with a one-time password: whoever
    /// saw that password in transit must not make its device a known one.
    pub device: Option<String>,
}

/// Checks a login at `now` (password, and the TOTP code once the second
/// factor is on) and opens a session: the one login of the API and the
/// web pages. A wrong principal, password or code is one answer, so that
/// it tells neither which principals exist nor whether a password was
/// right; a code is accepted once. A suspended principal (or an account
/// whose principal the log does not know) gets that same answer after the
/// same work, right password or not, so the refusal does not tell that the
/// password was right.
pub async fn open_session(
    app: &App,
    now: Timestamp,
    principal: &str,
    password: &str,
    totp_code: Option<&str>,
) -> Result<NewSession, AppError> {
    let wrong = || AppError::unauthenticated("the principal, the password or the second-factor code is wrong");
    let account = match app.store().account(principal).await? {
        Some(a) => a,
        None => {
            // Spend the same time as for a real account, so that timing
            // does not tell which principals exist.
            let _ = verify_password(password, dummy_hash());
            return Err(wrong());
        }
    };
    // Whether the principal may log in at all is read before the password
    // is judged, and does not change the work done: the refusal of a
    // suspended principal's right password is the wrong password's.
    let may_log_in = app.ledger().principal(&account.principal).is_some_and(|p| p.suspended.is_none());
    // The password and the code are judged together and refused with one
    // answer, so a missing or wrong code does not tell that the password
    // was right; a code opens one session only.
    let password_right = verify_password(password, &account.password_hash);
    let now = now.as_second();
    let code_right = match &account.totp_secret {
        None => true,
        Some(secret) => {
            let code = totp_code.unwrap_or("");
            match totp_step(secret, &account.principal, code, u64::try_from(now).unwrap_or(0))? {
                // A code is spent only by a login it opens.
                Some(step) if password_right && may_log_in => {
                    let step = i64::try_from(step).map_err(AppError::internal)?;
                    app.store().spend_totp_step(&account.principal, step).await?
                }
                Some(_) | None => false,
            }
        }
    };
    if !(password_right && code_right && may_log_in) {
        return Err(wrong());
    }
    let token = random_hex(32)?;
    let csrf = random_hex(16)?;
    let one_time = account.must_change_password;
    let session = SessionRow {
        token_hash: token_hash(&token),
        principal: account.principal.clone(),
        csrf: csrf.clone(),
        created_at: now,
        expires_at: now + SESSION_SECS,
        password_stamp: account.password_stamp,
        one_time,
    };
    let credential = Credential::Session { token_hash: session.token_hash.clone(), csrf: csrf.clone(), one_time };
    let caller = session_caller(app, account.principal.clone(), credential).map_err(|_| wrong())?;
    // Stored only if the password checked above is still the account's: a
    // login that raced a change of password opens nothing, as if the
    // password had been wrong (it is, now).
    if !app.store().create_session(&session).await? {
        return Err(wrong());
    }
    let device = if one_time { None } else { Some(issue_device(app, &account.principal, now).await?) };
    Ok(NewSession { caller, token, csrf, must_change_password: one_time, device })
}

/// A new device cookie for `principal`, after a login that succeeded at
/// `now` (Unix seconds): kept by the browser, its hash here, it marks the
/// device as one the principal logs in from (see [`known_device`]).
/// The device is remembered for [`DEVICE_SECS`], and forgotten when the
/// principal's password changes.
async fn issue_device(app: &App, principal: &str, now: i64) -> Result<String, AppError> {
    let token = random_hex(32)?;
    app.store().create_device(&token_hash(&token), principal, now, now.saturating_add(DEVICE_SECS)).await?;
    Ok(token)
}

/// Whether the device cookie `cookie` was given to `principal` at one of
/// its logins and is still remembered at `now`: such a login is not held
/// to the limit on guesses at `principal`'s password, so guessing cannot
/// lock the principal out.
pub async fn known_device(app: &App, cookie: &str, principal: &str, now: Timestamp) -> Result<bool, AppError> {
    let found = app.store().device_principal(&token_hash(cookie), now.as_second()).await?;
    Ok(found.is_some_and(|p| p == principal))
}

/// An argon2id hash checked when the principal does not exist.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a password of anyone").unwrap_or_default())
}

/// Ends the caller's session, if it has one.
pub async fn close_session(app: &App, caller: &Caller) -> Result<(), AppError> {
    let p = caller.require_holder()?;
    if let Credential::Session { token_hash, .. } = &p.credential {
        app.store().delete_session(token_hash).await?;
    }
    Ok(())
}

/// Changes the caller's own password after checking the current one
/// (fields `current` and `new`), clears the demand to change it, and ends
/// every session of the principal.
pub async fn change_own_password(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let p = caller.require_holder()?;
    let account = own_account(app, p).await?;
    if !verify_password(current, &account.password_hash) {
        return Err(AppError::field("current", "is not the current password"));
    }
    check_new_password("new", new)?;
    if new == current {
        return Err(AppError::field("new", "is the same as the current password"));
    }
    // The store moves the password stamp on (a login that checked the old
    // password stores no session after this) and forgets the devices.
    app.store().set_password(&p.id, &hash_password(new)?, true).await?;
    // Whoever knew the old password may have opened a session or made a
    // token with it: both end here.
    end_credentials(app, &p.id, now).await
}

/// Whether `principal` called with a session opened by a one-time
/// password, which must be changed before anything else (the session says
/// so itself: no account is read).
pub fn must_change_password(principal: &Principal) -> bool {
    matches!(principal.credential, Credential::Session { one_time: true, .. })
}

async fn own_account(app: &App, p: &Principal) -> Result<Account, AppError> {
    app.store().account(&p.id).await?.ok_or_else(|| AppError::forbidden("this principal has no password"))
}

/// A second factor offered: add it to an authenticator app, then confirm.
#[derive(Debug, Serialize, ToSchema)]
pub struct TotpOffer {
    /// The secret, base32.
    pub secret: String,
    /// The `otpauth://` URL for authenticator apps.
    pub otpauth_url: String,
}

/// Starts turning on the caller's second factor: a secret to confirm with a code.
pub async fn start_totp(app: &App, caller: &Caller) -> Result<TotpOffer, AppError> {
    let p = caller.require()?;
    if own_account(app, p).await?.totp_secret.is_some() {
        return Err(AppError::conflict("the second factor is already on"));
    }
    let secret = new_totp_secret()?;
    app.store().set_totp(&p.id, None, Some(&secret)).await?;
    let otpauth_url = totp(&secret, &p.id)?.get_url();
    Ok(TotpOffer { secret, otpauth_url })
}

/// Confirms the offered TOTP secret with the code current at `now` (field
/// `code`); from then on logging in needs a code.
pub async fn confirm_totp(app: &App, caller: &Caller, now: Timestamp, code: &str) -> Result<(), AppError> {
    let p = caller.require()?;
    let pending = own_account(app, p)
        .await?
        .totp_pending
        .ok_or_else(|| AppError::field("code", "no second factor was offered; start with POST /api/v1/me/totp"))?;
    let unix = u64::try_from(now.as_second()).unwrap_or(0);
    let Some(step) = totp_step(&pending, &p.id, code, unix)? else {
        return Err(AppError::field("code", "is not the current code for the offered secret"));
    };
    app.store().set_totp(&p.id, Some(&pending), None).await?;
    // The code shown to confirm is spent: it does not open a session too.
    app.store().spend_totp_step(&p.id, i64::try_from(step).map_err(AppError::internal)?).await?;
    Ok(())
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
    /// When it stops working (Unix seconds), if it was given an end.
    pub expires_at: Option<i64>,
}

/// The longest life a token may be given, days.
pub const MAX_TOKEN_DAYS: u32 = 3_650;

/// Makes an API token named `name` for machine clients acting as the
/// caller, working for `days` days if given (else until revoked).
pub async fn create_token(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    name: &str,
    days: Option<u32>,
) -> Result<NewToken, AppError> {
    let p = caller.require()?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::field("name", "must be 1 to 100 characters"));
    }
    let expires_at = match days {
        None => None,
        Some(d @ 1..=MAX_TOKEN_DAYS) => Some(now.as_second().saturating_add(i64::from(d) * 86_400)),
        Some(d) => {
            return Err(AppError::field("expires_in_days", format!("{d} is not from 1 to {MAX_TOKEN_DAYS}")));
        }
    };
    let token = format!("{TOKEN_PREFIX}{}", random_hex(32)?);
    let id = token_hash(&token);
    let row = ApiTokenRow {
        token_hash: id.clone(),
        principal: p.id.clone(),
        name: name.to_owned(),
        created_at: now.as_second(),
        expires_at,
    };
    app.store().create_api_token(&row).await?;
    Ok(NewToken { token, id, name: name.to_owned() })
}

/// The caller's API tokens, oldest first: ids and names, never the tokens.
pub async fn list_tokens(app: &App, caller: &Caller) -> Result<Vec<TokenInfo>, AppError> {
    tokens_of(app, &caller.require()?.id).await
}

/// The API tokens of `principal`, oldest first, never the tokens themselves.
pub(crate) async fn tokens_of(app: &App, principal: &str) -> Result<Vec<TokenInfo>, AppError> {
    let tokens = app.store().api_tokens_of(principal).await?;
    Ok(tokens
        .into_iter()
        .map(|t| TokenInfo { id: t.token_hash, name: t.name, created_at: t.created_at, expires_at: t.expires_at })
        .collect())
}

/// Revokes the caller's API token `id`. It stops working at once on this
/// server, and within [`TOKEN_KEPT_SECS`] on any other server of the
/// deployment. Another principal's token is `NotFound`, as is an unknown one.
pub async fn revoke_token(app: &App, caller: &Caller, id: &str) -> Result<(), AppError> {
    let p = caller.require()?;
    if !revoke_token_of(app, &p.id, id).await? {
        return Err(AppError::not_found("you have no API token with this id"));
    }
    Ok(())
}

/// Deletes `principal`'s API token `id` and forgets it at once; whether it
/// had one.
pub(crate) async fn revoke_token_of(app: &App, principal: &str, id: &str) -> Result<bool, AppError> {
    let deleted = app.store().delete_api_token(principal, id).await?;
    if deleted {
        app.tokens().forget(id);
    }
    Ok(deleted)
}

/// A principal to register.
#[derive(Debug, Clone)]
pub struct NewPrincipal {
    /// Its id.
    pub id: String,
    /// The participant it acts for (none for administrators and the public).
    pub participant: Option<String>,
    /// Its role.
    pub role: Role,
    /// Its own Ed25519 public key (base64) if it signs its records itself;
    /// without one the server makes and holds a key and issues a password.
    pub public_key: Option<String>,
    /// The participant's endorsement, when the participant holds its own
    /// key in the log (it endorses a key it has seen, so it needs `public_key`).
    pub endorsement: Option<String>,
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

/// A key the server made for a principal of a participant that holds its own
/// key: the participant endorses it (with custody `server`) before the
/// principal is registered.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingPrincipal {
    /// Its id.
    pub id: String,
    /// The public key the participant is asked to endorse.
    pub public_key: String,
    /// The command that endorses it on the participant's machine.
    pub endorse: String,
}

/// Makes and keeps a key for principal `new.id` of a participant that holds
/// its own key, for the participant to endorse as server-held (administrators).
pub async fn prepare_principal(app: &App, caller: &Caller, new: NewPrincipal) -> Result<PendingPrincipal, AppError> {
    caller.require_admin()?;
    PrincipalId::parse(&new.id).map_err(|e| AppError::field("id", e.to_string()))?;
    let participant = match &new.participant {
        Some(p) => ParticipantId::parse(p).map_err(|e| AppError::field("participant", e.to_string()))?,
        None => return Err(AppError::field("participant", "a principal without a participant needs no endorsement")),
    };
    if app.ledger().principal(&new.id).is_some() {
        return Err(AppError::conflict(format!("principal {} is already registered", new.id)));
    }
    let path = app.data().pending_key_path(&new.id);
    // Asked again, the same key: the endorsement may already be on its way.
    let key = match std::fs::exists(&path) {
        Ok(true) => truce_node::keys::read(&path)?,
        Ok(false) => {
            let key = truce_node::keys::generate()?;
            truce_node::keys::write(&path, &key)?;
            key
        }
        Err(e) => return Err(AppError::internal(format!("{}: {e}", path.display()))),
    };
    let public_key = key.verifying_key().to_base64();
    let endorse = format!(
        "truce keys endorse --key {participant}.key --participant {participant} --principal {} --role {} --public-key {public_key} --server-held",
        new.id,
        new.role.as_str()
    );
    Ok(PendingPrincipal { id: new.id, public_key, endorse })
}

/// Registers a principal in the log at `now`: by an administrator, or by
/// anyone signed in with the endorsement of a participant that holds its
/// key (a key the server prepared, whose account gets a one-time password,
/// only by an administrator).
pub async fn create_principal(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    new: NewPrincipal,
) -> Result<CreatedPrincipal, AppError> {
    // An endorsed registration carries the participant's own consent, so
    // any signed-in principal may post it; otherwise only an administrator.
    let author = if new.endorsement.is_some() { caller.require()? } else { caller.require_admin()? };
    PrincipalId::parse(&new.id).map_err(|e| AppError::field("id", e.to_string()))?;
    if let Some(p) = &new.participant {
        ParticipantId::parse(p).map_err(|e| AppError::field("participant", e.to_string()))?;
    }
    if app.ledger().principal(&new.id).is_some() {
        return Err(AppError::conflict(format!("principal {} is already registered", new.id)));
    }
    if new.endorsement.is_some() && new.public_key.is_none() {
        return Err(AppError::field("public_key", "an endorsed principal's key is the one its participant endorsed"));
    }
    // A key the server prepared and the participant endorsed: the server holds it.
    let pending_path = app.data().pending_key_path(&new.id);
    let pending = match std::fs::exists(&pending_path) {
        Ok(false) => None,
        Ok(true) => Some(truce_node::keys::read(&pending_path)?),
        Err(e) => return Err(AppError::internal(format!("{}: {e}", pending_path.display()))),
    }
    .filter(|k| new.public_key.as_deref() == Some(k.verifying_key().to_base64().as_str()));
    let (public_key, new_key) = match &new.public_key {
        Some(k) if pending.is_some() => (k.clone(), pending),
        Some(k) => {
            truce_ledger::VerifyingKey::from_base64(k).map_err(|e| AppError::field("public_key", e.to_string()))?;
            (k.clone(), None)
        }
        None => {
            let key = truce_node::keys::generate()?;
            (key.verifying_key().to_base64(), Some(key))
        }
    };
    // The server holds the key and answers with the account's one-time
    // password, which goes to the operator that prepared the key and hands
    // it to the officer: no other principal, of this party or another, may
    // take the account.
    if new_key.is_some() && author.role != Role::Administrator {
        return Err(AppError::forbidden(format!(
            "{} would receive the one-time password of {}, whose key the server prepared; only an administrator registers it",
            author.id, new.id
        )));
    }
    let body = Body::Principal(PrincipalRegistered {
        principal: new.id.clone(),
        participant: new.participant.clone(),
        role: new.role,
        public_key,
        endorsement: new.endorsement.clone(),
        // A key made here is held here: the log says the server signs for it.
        custody: if new_key.is_some() { Custody::Server } else { Custody::Own },
    });
    // The participant's consent is a field of this request: name it so.
    let receipt = app.submit_as(author, now, &body).await?;
    let mut one_time_password = None;
    if let Some(key) = new_key {
        truce_node::keys::write(&app.data().principal_key_path(&new.id), &key)?;
        // A prepared key has found its principal; only one copy stays.
        let pending = app.data().pending_key_path(&new.id);
        if let Err(e) = std::fs::remove_file(&pending)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(path = %pending.display(), error = %e, "could not remove a prepared key now registered");
        }
        one_time_password = Some(issue_account(app.store(), now, &new.id).await?);
    }
    Ok(CreatedPrincipal { id: new.id, record_index: receipt.index, one_time_password })
}

/// A change of keys: a participant's own key replaced or revoked, or one of
/// its principals suspended or given a new key.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "type")]
pub enum KeyChange {
    /// `participant.key_rotated.v1`.
    #[serde(rename = "participant.key_rotated.v1")]
    ParticipantKeyRotated(truce_node::records::ParticipantKeyRotated),
    /// `participant.key_revoked.v1`.
    #[serde(rename = "participant.key_revoked.v1")]
    ParticipantKeyRevoked(truce_node::records::ParticipantKeyRevoked),
    /// `principal.suspended.v1`.
    #[serde(rename = "principal.suspended.v1")]
    PrincipalSuspended(truce_node::records::PrincipalSuspended),
    /// `principal.reactivated.v1`.
    #[serde(rename = "principal.reactivated.v1")]
    PrincipalReactivated(truce_node::records::PrincipalReactivated),
    /// `principal.key_rotated.v1`.
    #[serde(rename = "principal.key_rotated.v1")]
    PrincipalKeyRotated(truce_node::records::PrincipalKeyRotated),
}

/// Puts a key change in the log as `caller`, signed with the key the server
/// holds for it. The authority is the signature inside (the participant's
/// key) or, for principals of participants holding no key, the caller being
/// an administrator; a refusal names the change's field. A principal
/// suspended or reactivated keeps none of its sessions and API tokens.
pub async fn change_key(app: &App, caller: &Caller, now: Timestamp, change: KeyChange) -> Result<Receipt, AppError> {
    let author = caller.require()?;
    let body = match change {
        KeyChange::ParticipantKeyRotated(b) => Body::ParticipantKeyRotated(b),
        KeyChange::ParticipantKeyRevoked(b) => Body::ParticipantKeyRevoked(b),
        KeyChange::PrincipalSuspended(b) => Body::PrincipalSuspended(b),
        KeyChange::PrincipalReactivated(b) => Body::PrincipalReactivated(b),
        KeyChange::PrincipalKeyRotated(b) => Body::PrincipalKeyRotated(b),
    };
    let receipt = app.submit_as(author, now, &body).await?;
    if let Some(principal) = standing_changed(&body) {
        end_credentials(app, principal, now).await?;
    }
    Ok(receipt)
}

/// The principal whose standing `body` changes (suspended or reactivated),
/// if it does: its sessions and tokens end once the log accepts the record,
/// never before (a refused record must not log anybody out).
pub(crate) fn standing_changed(body: &Body) -> Option<&str> {
    match body {
        Body::PrincipalSuspended(b) => Some(&b.principal),
        Body::PrincipalReactivated(b) => Some(&b.principal),
        Body::Principal(_)
        | Body::Agreement(_)
        | Body::Proposal(_)
        | Body::Signature(_)
        | Body::Evidence(_)
        | Body::Case(_)
        | Body::Talks(_)
        | Body::Situation(_)
        | Body::Alert(_)
        | Body::AlertAcknowledged(_)
        | Body::PublicSource(_)
        | Body::ParticipantKeyRotated(_)
        | Body::ParticipantKeyRevoked(_)
        | Body::PrincipalKeyRotated(_)
        | Body::Withdrawal(_) => None,
    }
}

/// Puts a participant's withdrawal, suspension or resumption in the log as
/// `caller` (the envelope); the act is the participant's signature inside.
pub async fn withdraw(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    w: truce_node::records::Withdrawal,
) -> Result<Receipt, AppError> {
    let author = caller.require()?;
    app.submit_as(author, now, &Body::Withdrawal(w)).await
}

/// Ends every session and API token of `principal`: after its suspension
/// or reactivation is in the log, however the record came (a key change,
/// the administrators' paths, a record signed elsewhere). A suspended
/// principal opens no session and makes no token, so nothing made before
/// its suspension comes back with a reactivation.
pub(crate) async fn end_credentials(app: &App, principal: &str, now: Timestamp) -> Result<(), AppError> {
    app.store().delete_sessions_of(principal, now.as_second()).await?;
    for hash in app.store().delete_api_tokens_of(principal).await? {
        app.tokens().forget(&hash);
    }
    Ok(())
}

/// Creates a login account for `principal` with a random one-time
/// password, which must be changed at first login; returns the password.
/// The server does it for each principal it holds a key for, and `truce
/// init` for the first administrator.
pub async fn issue_account(store: &truce_store::Store, now: Timestamp, principal: &str) -> Result<String, AppError> {
    let password = one_time_password()?;
    create_account(store, now, principal, &password, true).await?;
    Ok(password)
}

/// A random password of 20 characters from an unambiguous alphabet.
pub fn one_time_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| AppError::internal(format!("random: {e}")))?;
    Ok(bytes.iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect())
}

/// Stores an account for `principal` with `password`.
pub async fn create_account(
    store: &truce_store::Store,
    now: Timestamp,
    principal: &str,
    password: &str,
    must_change: bool,
) -> Result<(), AppError> {
    store
        .create_account(&Account {
            principal: principal.to_owned(),
            password_hash: hash_password(password)?,
            totp_secret: None,
            totp_pending: None,
            must_change_password: must_change,
            created_at: now.as_second(),
            password_stamp: 0,
        })
        .await?;
    Ok(())
}
