//! The administrator's view of principals: who is registered, who may log
//! in, who is suspended; suspending and reactivating them; and their API
//! tokens.
//!
//! Why here and not only through `POST /api/v1/key-changes`: stopping an
//! officer who left, or whose phone was taken, must be quick and hard to
//! get wrong, so the server builds the signed `principal.suspended.v1`
//! (or `principal.reactivated.v1`) record itself from a principal and a
//! reason. Whether the change is allowed is still decided by the log
//! ([`truce_node::Mechanism::apply`]): an administrator for principals of
//! participants that hold no key in the log, the participant's endorsement
//! otherwise, never a reactivation for a participant that revoked its key.
//!
//! A suspension ends the principal's sessions and API tokens here, at once,
//! and a reactivation ends whatever was left of them before the record is
//! written: a reactivated principal logs in again with its password and
//! makes new tokens; nothing it held before comes back.

use jiff::Timestamp;
use serde::Serialize;
use truce_core::ids::PrincipalId;
use truce_node::Receipt;
use truce_node::records::{Body, PrincipalReactivated, PrincipalSuspended};
use utoipa::ToSchema;

use super::accounts::{self, TokenInfo};
use super::{App, AppError, Caller};

/// A principal as an administrator sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrincipalView {
    /// Its id.
    pub id: String,
    /// Its role.
    pub role: truce_core::Role,
    /// The participant it acts for, if any.
    pub participant: Option<String>,
    /// Whether this server holds its signing key (and signs for it).
    pub server_signs: bool,
    /// Whether it has a login account (a password) on this server.
    pub has_account: bool,
    /// Whether it is suspended.
    pub suspended: bool,
    /// The record that suspended it, while it is suspended.
    pub suspended_by: Option<u64>,
    /// The log record that registered it.
    pub record_index: u64,
    /// When its login account was made (Unix seconds), if it has one.
    pub account_created_at: Option<i64>,
}

/// Every registered principal, by id (administrators).
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<PrincipalView>, AppError> {
    caller.require_admin()?;
    let accounts: std::collections::HashMap<String, i64> =
        app.store().account_principals().await?.into_iter().collect();
    let mut out = Vec::new();
    for (id, p) in app.ledger().principals() {
        out.push(PrincipalView {
            // As its registration states: reading every secret key to list them would be wasteful and needless.
            server_signs: p.custody == truce_node::records::Custody::Server,
            has_account: accounts.contains_key(&id),
            account_created_at: accounts.get(&id).copied(),
            role: p.role,
            participant: p.participant.as_ref().map(ToString::to_string),
            suspended: p.suspended.is_some(),
            suspended_by: p.suspended,
            record_index: p.record_idx,
            id,
        });
    }
    Ok(out)
}

/// A change of a principal's standing, as an administrator asks for it.
#[derive(Debug, Clone)]
pub struct Standing {
    /// Why: shown to everyone in the public log for as long as it lasts.
    pub reason: String,
    /// The participant's endorsement, when the participant holds its own
    /// key in the log (`truce keys suspend` makes one for a suspension).
    pub endorsement: Option<String>,
}

/// The principal `id` if it is registered; an unknown one is `NotFound`.
fn registered(app: &App, id: &str) -> Result<truce_node::state::Principal, AppError> {
    PrincipalId::parse(id).map_err(|e| AppError::field("principal", e.to_string()))?;
    app.ledger().principal(id).ok_or_else(|| AppError::not_found(format!("no principal {id} is registered")))
}

/// Suspends principal `id` at `now` (administrators): a signed
/// `principal.suspended.v1` by the caller, then the end of every session
/// and API token of `id`. An administrator does not suspend itself here:
/// the log itself refuses the last one's suspension, by any path.
pub async fn suspend(app: &App, caller: &Caller, now: Timestamp, id: &str, s: Standing) -> Result<Receipt, AppError> {
    let author = caller.require_admin()?;
    registered(app, id)?;
    if author.id == id {
        return Err(AppError::field("principal", "is you; another administrator suspends an administrator"));
    }
    let body = Body::PrincipalSuspended(PrincipalSuspended {
        principal: id.to_owned(),
        reason: s.reason,
        endorsement: s.endorsement,
    });
    let receipt = app.submit_as(author, now, &body).await?;
    accounts::end_credentials(app, id, now).await?;
    Ok(receipt)
}

/// Reactivates the suspended principal `id` at `now` (administrators): a
/// signed `principal.reactivated.v1` by the caller; whatever sessions and
/// tokens of `id` are left end once it is in the log.
pub async fn reactivate(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    id: &str,
    s: Standing,
) -> Result<Receipt, AppError> {
    let author = caller.require_admin()?;
    let p = registered(app, id)?;
    if p.suspended.is_none() {
        return Err(AppError::field("principal", format!("{id} is not suspended")));
    }
    let body = Body::PrincipalReactivated(PrincipalReactivated {
        principal: id.to_owned(),
        reason: s.reason,
        endorsement: s.endorsement,
    });
    let receipt = app.submit_as(author, now, &body).await?;
    accounts::end_credentials(app, id, now).await?;
    Ok(receipt)
}

/// The API tokens of principal `id`, oldest first, never the tokens
/// themselves (administrators).
pub async fn tokens(app: &App, caller: &Caller, id: &str) -> Result<Vec<TokenInfo>, AppError> {
    caller.require_admin()?;
    registered(app, id)?;
    accounts::tokens_of(app, id).await
}

/// Revokes principal `id`'s API token `token` (administrators). It stops
/// working at once on this server, and within
/// [`super::accounts::TOKEN_KEPT_SECS`] on any other of the deployment.
pub async fn revoke_token(app: &App, caller: &Caller, id: &str, token: &str) -> Result<(), AppError> {
    caller.require_admin()?;
    registered(app, id)?;
    if !accounts::revoke_token_of(app, id, token).await? {
        return Err(AppError::not_found(format!("{id} has no API token with this id")));
    }
    Ok(())
}

/// The key, beside the log, under which `truce backup` records the last
/// backup it took (JSON: [`LastBackup`]).
pub const LAST_BACKUP: &str = "last_backup";

/// What `truce backup` records of the last backup, for the administrator.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LastBackup {
    /// When it was taken (RFC 3339).
    pub taken_at: String,
    /// The archive written.
    pub archive: String,
    /// The log entries in the store copied; `None` for a PostgreSQL store (pg_dump's job).
    pub log_size: Option<u64>,
    /// Whether the keys were included (sealed with a passphrase).
    pub keys: bool,
}

/// The last backup `truce backup` recorded, for an administrator; `None`
/// if none was ever taken of this store.
pub async fn last_backup(app: &App, caller: &Caller) -> Result<Option<LastBackup>, AppError> {
    caller.require_admin()?;
    let Some(text) = app.store().meta(LAST_BACKUP).await? else { return Ok(None) };
    serde_json::from_str(&text).map(Some).map_err(|e| AppError::internal(format!("{LAST_BACKUP}: {e}")))
}
