//! The administrator's page of principals, `/desk/admin/principals`: the
//! form that registers a principal (or prepares a server-held key for a
//! participant that holds its own key to endorse), every principal with its
//! role, participant, key and login, a suspend form (with its public
//! reason) or a reactivate form, its API tokens with a revoke button, its
//! phones with a form to issue one (for an officer without the desk at
//! hand; the page that shows the new phone's code is answered once and
//! never stored); and the server at a glance: its configuration without
//! secrets, the witnesses' state and the last backup.
//!
//! Why a page: registering a new officer and stopping one whose phone was
//! taken are urgent and often done by someone without an API client at
//! hand. The forms post with the session's CSRF field to the same use cases
//! as the API ([`crate::app::accounts::create_principal`],
//! [`crate::app::accounts::prepare_principal`], [`crate::app::principals`]),
//! so the consent rules (a participant holding its own key endorses its
//! principals) are decided there and by the log, never here. A change of
//! standing or a revocation redirects (303) back here; a registration
//! answers with the page itself, because it carries the one-time password,
//! which is shown this once and never put in an address. A refusal shows
//! this page again with the field, the reason and what was typed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::Role;

use super::form::FormBody;
use super::{logged_in, private, see_other, with_status};
use crate::AppState;
use crate::app::accounts::{self, CreatedPrincipal, NewPrincipal, PendingPrincipal};
use crate::app::principals::{self, Standing};
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// Where the page is.
pub const PATH: &str = "/desk/admin/principals";

/// The page of principals.
pub async fn principals_page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    render(&state, &page, &Shown::Nothing).await
}

/// What the page shows above the list besides its forms: the answer to
/// the form just posted.
enum Shown {
    /// Nothing (a plain visit, or after a redirect).
    Nothing,
    /// A refusal, with what was typed in the registration form.
    Refused(ApiError, FormBody),
    /// A principal registered, with its one-time password if the server holds its key.
    Registered(CreatedPrincipal),
    /// A key prepared for the participant to endorse, with the typed form
    /// kept so the endorsement completes it.
    Prepared(PendingPrincipal, FormBody),
}

/// A principal id as `truce_core::ids::PrincipalId` accepts it, for the
/// browser to check before sending (the application checks it again).
const ID_PATTERN: &str = r"[A-Za-z0-9_.\-]{1,64}";

/// Every role, in the order of the drop-down list.
const ROLES: [Role; 6] =
    [Role::PartyLiaison, Role::Monitor, Role::Mediator, Role::MediatorChair, Role::Observer, Role::Administrator];

async fn render(state: &AppState, page: &Page, shown: &Shown) -> Result<Response, WebError> {
    let list = principals::list(state, &page.caller).await?;
    let mut rows = Vec::with_capacity(list.len());
    for p in list {
        let tokens = principals::tokens(state, &page.caller, &p.id).await?;
        let phones = crate::app::field::devices_of(state, &page.caller, &p.id).await?;
        rows.push((p, tokens, phones));
    }
    let yes_no = |b: bool| page.t(if b { "admin-yes" } else { "admin-no" });
    let backup = principals::last_backup(state, &page.caller).await?;
    let typed = match shown {
        Shown::Refused(_, form) | Shown::Prepared(_, form) => Some(form),
        Shown::Nothing | Shown::Registered(_) => None,
    };
    let body = html! {
        (outcome(page, shown))
        p { (page.t("admin-intro")) }
        (registration(state, page, typed))
        h2 #principals { (page.t("admin-list")) }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { (page.t("admin-principal")) }
                th scope="col" { (page.t("admin-role")) }
                th scope="col" { (page.t("admin-participant")) }
                th scope="col" { (page.t("admin-key")) }
                th scope="col" { (page.t("admin-account")) }
                th scope="col" { (page.t("admin-status")) }
                th scope="col" { (page.t("admin-tokens")) }
                th scope="col" { (page.t("admin-devices")) }
            } }
            tbody {
                @for (p, tokens, phones) in &rows {
                    tr id=(format!("principal-{}", p.id)) {
                        th scope="row" { bdi { (p.id) } br;
                            a href=(format!("/api/v1/records/{}", p.record_index)) {
                                (page.tw("admin-registered", &[("index", &p.record_index.to_string())])) } }
                        td { (super::labels::role(page, p.role)) }
                        td { @if let Some(part) = &p.participant { bdi { (part) } } @else { "—" } }
                        td { (page.t(if p.server_signs { "admin-key-server" } else { "admin-key-own" })) }
                        td { (yes_no(p.has_account))
                            @if let Some(at) = p.account_created_at.and_then(|s| jiff::Timestamp::from_second(s).ok()) {
                                br; small { (page.date(at)) } } }
                        td { (standing(page, &p.id, p.participant.is_some(), p.suspended_by)) }
                        td { (token_list(page, &p.id, tokens)) }
                        td { (phone_list(page, &p.id, p.role, phones)) }
                    }
                }
            }
        } }
        (server(state, page, backup.as_ref()))
    };
    Ok(private(page, layout(page, &page.t("admin-title"), body)))
}

/// The registration form: a principal's id, role and participant, and for
/// a principal that signs its own records its public key; for a principal
/// of a participant that holds its own key, the participant's endorsement.
/// Its second button prepares a server-held key for such a participant to
/// endorse (`truce keys endorse … --server-held`); the endorsement then
/// comes back through the first button. What was typed is kept when the
/// form is refused or a key was prepared.
fn registration(state: &AppState, page: &Page, typed: Option<&FormBody>) -> Markup {
    let typed_value = |name: &str| typed.map(|f| f.value(name).to_owned()).unwrap_or_default();
    let role = typed_value("role");
    let participant = typed_value("participant");
    let participants: Vec<(String, String)> = state
        .agreement()
        .map(|a| {
            a.participants.values().map(|p| (p.id.to_string(), super::participant_name(page, &a, &p.id))).collect()
        })
        .unwrap_or_default();
    html! {
        section aria-labelledby="register" {
            h2 #register { (page.t("admin-register")) }
            p { (page.t("admin-register-intro")) }
            form.stack method="post" action=(PATH) {
                (page.csrf_field())
                label for="new-id" { (page.t("admin-new-id")) }
                input type="text" id="new-id" name="id" required maxlength="64" pattern=(ID_PATTERN)
                    dir="ltr" autocomplete="off" value=(typed_value("id"));
                label for="new-role" { (page.t("admin-role")) }
                select id="new-role" name="role" required {
                    @for r in ROLES {
                        option value=(r.as_str()) selected[role == r.as_str()] { (super::labels::role(page, r)) }
                    }
                }
                label for="new-participant" { (page.t("admin-participant")) }
                select id="new-participant" name="participant" {
                    option value="" selected[participant.is_empty()] { (page.t("admin-no-participant")) }
                    @for (id, name) in &participants {
                        option value=(id) selected[&participant == id] { (name) }
                    }
                }
                label for="new-public-key" { (page.t("admin-public-key")) }
                input type="text" id="new-public-key" name="public_key" dir="ltr" autocomplete="off"
                    value=(typed_value("public_key"));
                label for="new-endorsement" { (page.t("admin-new-endorsement")) }
                input type="text" id="new-endorsement" name="endorsement" dir="ltr" autocomplete="off"
                    value=(typed_value("endorsement"));
                p {
                    button type="submit" name="step" value="register" { (page.t("admin-register-button")) }
                    " "
                    button.secondary type="submit" name="step" value="prepare" { (page.t("admin-prepare-button")) }
                }
            }
        }
    }
}

/// The server at a glance: the last backup, the configuration in force
/// (never a secret: the database is named by its kind, not its address,
/// which may hold a password), and the witnesses' state as `/verify` shows
/// it to everyone.
fn server(state: &AppState, page: &Page, backup: Option<&principals::LastBackup>) -> Markup {
    let backend = match state.store().backend() {
        truce_store::Backend::Sqlite => "SQLite",
        truce_store::Backend::Postgres => "PostgreSQL",
    };
    let identity: [(&str, String); 4] = [
        ("admin-config-version", env!("CARGO_PKG_VERSION").to_owned()),
        ("admin-config-origin", state.origin().to_owned()),
        ("admin-config-vkey", state.vkey().to_owned()),
        ("admin-config-database", backend.to_owned()),
    ];
    let witnesses = crate::app::public::witnesses(state);
    let agreement = state.agreement().ok();
    let limits = state.limits();
    let mib = |b: u64| format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0));
    let rows: [(&str, String); 9] = [
        ("admin-config-json", mib(limits.json_bytes as u64)),
        ("admin-config-upload", mib(limits.upload_bytes as u64)),
        ("admin-config-daily", format!("{} · {}", mib(limits.daily_upload_bytes), limits.daily_uploads)),
        ("admin-config-timeout", format!("{} s", limits.request_timeout.as_secs())),
        ("admin-config-rates", format!("{} / {}", limits.rate_per_address, limits.rate_per_principal)),
        ("admin-config-logins", format!("{} / {}", limits.logins_per_address, limits.logins_per_principal)),
        ("admin-config-cookies", page.t(if limits.secure_cookies { "admin-yes" } else { "admin-no" })),
        (
            "admin-config-proxies",
            if limits.trusted_proxies.is_empty() {
                "—".to_owned()
            } else {
                limits.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            },
        ),
        (
            "admin-config-webhooks",
            format!("{} · {} s", limits.webhooks.attempts, limits.webhooks.first_retry.as_secs()),
        ),
    ];
    html! {
        section #server {
            h2 { (page.t("admin-server")) }
            h3 { (page.t("admin-backup")) }
            @match backup {
                Some(b) => p {
                    (page.tw("admin-backup-taken", &[("time", &b.taken_at.parse::<jiff::Timestamp>().map(|t| page.datetime(t)).unwrap_or_else(|_| b.taken_at.clone()))]))
                    " " code { (b.archive) } " · "
                    @match b.log_size { Some(n) => (page.tw("admin-backup-size", &[("size", &n.to_string())])), None => (page.t("admin-backup-postgres")) }
                    " · " (page.t(if b.keys { "admin-backup-keys" } else { "admin-backup-no-keys" }))
                },
                None => p.notice { (page.t("admin-backup-none")) },
            }
            h3 { (page.t("admin-config")) }
            div.table-wrap { table.summary {
                @for (id, value) in &identity { tr { th scope="row" { (page.t(id)) } td { code dir="ltr" { (value) } } } }
                @for (id, value) in &rows { tr { th scope="row" { (page.t(id)) } td { bdi { (value) } } } }
            } }
            h3 #witnesses { (page.t("admin-witnesses")) }
            @match &witnesses {
                Some(w) => {
                    @match &w.witnessed {
                        Some((size, _)) => p { (page.tw("verify-witnessed-size", &[("size", &size.to_string())])) },
                        None => p.notice { (page.t("verify-not-witnessed")) },
                    }
                    (crate::web::public::verify::witness_table(page, w, agreement.as_deref()))
                }
                None => p { (page.t("admin-no-witnesses")) },
            }
            p { a href="/verify#witnesses" { (page.t("admin-witnesses-public")) } }
        }
    }
}

/// The principal's status and the form that changes it; a participant's
/// principal may need that participant's endorsement, made on its own
/// machine (`truce keys suspend`, `truce keys reactivate`).
fn standing(page: &Page, id: &str, of_participant: bool, suspended_by: Option<u64>) -> Markup {
    let (action, button) = match suspended_by {
        Some(_) => ("reactivate", "admin-reactivate"),
        None => ("suspend", "admin-suspend"),
    };
    let field = format!("reason-{id}");
    let endorsement = format!("endorsement-{id}");
    html! {
        @match suspended_by {
            Some(index) => p { strong { a href=(format!("/api/v1/records/{index}")) {
                (page.tw("admin-suspended", &[("index", &index.to_string())])) } } },
            None => p { (page.t("admin-active")) },
        }
        form.stack method="post" action=(format!("{PATH}/{id}/{action}")) {
            (page.csrf_field())
            label for=(field) { (page.t("admin-reason")) }
            input type="text" id=(field) name="reason" required maxlength="2000";
            @if of_participant {
                label for=(endorsement) { (page.t("admin-endorsement")) }
                input type="text" id=(endorsement) name="endorsement" autocomplete="off";
            }
            button type="submit" { (page.t(button)) }
        }
    }
}

/// The principal's API tokens, each with its revoke button.
fn token_list(page: &Page, id: &str, tokens: &[crate::app::accounts::TokenInfo]) -> Markup {
    let date = |s: i64| jiff::Timestamp::from_second(s).map(|t| page.date(t)).unwrap_or_default();
    html! {
        @if tokens.is_empty() { (page.t("admin-no-tokens")) }
        @else { ul {
            @for t in tokens {
                li {
                    bdi { (t.name) } " — " (page.tw("admin-token-created", &[("date", &date(t.created_at))]))
                    @if let Some(end) = t.expires_at { ", " (page.tw("admin-token-ends", &[("date", &date(end))])) }
                    " "
                    form.inline method="post" action=(format!("{PATH}/{id}/tokens/{}/revoke", t.id)) {
                        (page.csrf_field())
                        button.secondary type="submit" { (page.t("admin-revoke")) }
                    }
                }
            }
        } }
    }
}

/// The principal's phones, who issued each, and the form to issue one
/// (not for an administrator, who files nothing, nor for a principal that
/// signs with its own key: the use case says why if tried).
fn phone_list(page: &Page, id: &str, role: truce_core::Role, phones: &[truce_store::FieldDeviceRow]) -> Markup {
    let input = format!("phone-{id}");
    html! {
        @if !phones.is_empty() { ul {
            @for d in phones.iter().filter(|d| d.revoked_at.is_none()) {
                li { bdi { (d.name) }
                    @if let Some(admin) = &d.issued_by { " — " (page.tw("devices-issued-by", &[("admin", admin)])) } }
            }
        } }
        @if role != truce_core::Role::Administrator {
            form.stack method="post" action=(format!("{PATH}/{id}/devices")) {
                (page.csrf_field())
                label for=(input) { (page.t("admin-device-name")) }
                input type="text" id=(input) name="name" required maxlength="80";
                button.secondary type="submit" { (page.t("admin-issue-device")) }
            }
        }
    }
}

/// Issues a phone for principal `id` from its form: the new phone's code,
/// shown this once.
pub async fn issue_device(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let page = back_here(page);
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let issued =
        crate::app::field::issue_device(&state, &page.caller, page.now, &id, body.value("name"), state.public_url())
            .await;
    match issued.map_err(ApiError::from) {
        Ok(new) => {
            let title = page.tw("admin-issued-title", &[("principal", &id)]);
            let body = html! {
                p { (page.tw("admin-issued-intro", &[("principal", &id)])) }
                (super::devices::new_device(&page, &new))
                p { a href=(PATH) { (page.t("admin-issued-back")) } }
            };
            Ok(private(&page, layout(&page, &title, body)))
        }
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(e) => refused(&state, &page, e, body).await,
    }
}

/// What the last form did, or why it was refused.
fn outcome(page: &Page, shown: &Shown) -> Markup {
    let refusal = match shown {
        Shown::Refused(e, _) => Some(e),
        Shown::Nothing | Shown::Registered(_) | Shown::Prepared(..) => None,
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(page.query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let done = query.iter().find(|(k, _)| k == "done").map(|(_, v)| v.clone());
    let revoked = query.iter().any(|(k, _)| k == "revoked");
    html! {
        @if let Shown::Registered(new) = shown {
            section.notice role="status" {
                p { a href=(format!("/api/v1/records/{}", new.record_index)) {
                    (page.tw("admin-registered-done", &[("id", &new.id), ("index", &new.record_index.to_string())])) } }
                @if let Some(password) = &new.one_time_password {
                    p { strong { (page.t("admin-once")) } }
                    dl {
                        dt { (page.t("admin-principal")) } dd { code dir="ltr" { (new.id) } }
                        dt { (page.t("admin-one-time-password")) } dd { code #one-time-password dir="ltr" { (password) } }
                    }
                }
            }
        } @else if let Shown::Prepared(pending, _) = shown {
            section.notice role="status" {
                p { (page.tw("admin-prepared", &[("id", &pending.id)])) }
                pre dir="ltr" { code { (pending.endorse) } }
                p { (page.t("admin-prepared-then")) }
            }
        } @else if let Some(e) = refusal {
            div.error role="alert" { p { (page.tw("admin-refused",
                &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        } @else if let Some(index) = done.filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
            p.notice role="status" { a href=(format!("/api/v1/records/{index}")) {
                (page.tw("admin-done", &[("index", &index)])) } }
        } @else if revoked {
            p.notice role="status" { (page.t("admin-revoked")) }
        }
    }
}

/// `POST /desk/admin/principals`: registers a principal, or prepares a
/// server-held key for its participant to endorse, through the API's use
/// cases. The answer is the page itself (never a redirect): it carries the
/// one-time password, shown this once.
pub async fn register(State(state): State<AppState>, page: Page, body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let page = back_here(page);
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let optional = |name: &str| Some(body.value(name).to_owned()).filter(|v| !v.is_empty());
    let role = match body.choice::<Role>(&page, "role") {
        Ok(role) => role,
        Err(e) => return refused(&state, &page, e, body).await,
    };
    let new = NewPrincipal {
        id: body.value("id").to_owned(),
        participant: optional("participant"),
        role,
        public_key: optional("public_key"),
        endorsement: optional("endorsement"),
    };
    let shown = if body.value("step") == "prepare" {
        match accounts::prepare_principal(&state, &page.caller, new).await {
            Ok(pending) => Shown::Prepared(pending, body),
            Err(e) => return refused_app(&state, &page, e, body).await,
        }
    } else {
        match accounts::create_principal(&state, &page.caller, page.now, new).await {
            Ok(created) => Shown::Registered(created),
            Err(e) => return refused_app(&state, &page, e, body).await,
        }
    };
    let status = if matches!(shown, Shown::Registered(_)) { StatusCode::CREATED } else { StatusCode::OK };
    Ok(with_status(render(&state, &page, &shown).await?, status))
}

/// An application's refusal of a form: a server error is the error page,
/// anything else the page again with the refusal and what was typed.
async fn refused_app(
    state: &AppState,
    page: &Page,
    e: crate::app::AppError,
    typed: FormBody,
) -> Result<Response, WebError> {
    let e = ApiError::from(e);
    if e.status.is_server_error() {
        return Err(WebError(e));
    }
    refused(state, page, e, typed).await
}

/// Suspends or reactivates principal `id` from its form.
pub async fn change(
    State(state): State<AppState>,
    page: Page,
    Path((id, action)): Path<(String, String)>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let page = back_here(page);
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let endorsement = Some(body.value("endorsement").to_owned()).filter(|e| !e.is_empty());
    let standing = Standing { reason: body.value("reason").to_owned(), endorsement };
    let result = match action.as_str() {
        "suspend" => principals::suspend(&state, &page.caller, page.now, &id, standing).await,
        "reactivate" => principals::reactivate(&state, &page.caller, page.now, &id, standing).await,
        _ => return Ok(crate::web::not_found(page).await),
    };
    answer(&state, &page, result.map(|receipt| format!("{PATH}?done={}", receipt.index))).await
}

/// Revokes principal `id`'s API token `token` from its button.
pub async fn revoke(
    State(state): State<AppState>,
    page: Page,
    Path((id, token)): Path<(String, String)>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let page = back_here(page);
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let result = principals::revoke_token(&state, &page.caller, &id, &token).await;
    answer(&state, &page, result.map(|()| format!("{PATH}?revoked=1"))).await
}

/// A form's answer: on to `Ok`'s address, or the page again with the refusal.
async fn answer(
    state: &AppState,
    page: &Page,
    result: Result<String, crate::app::AppError>,
) -> Result<Response, WebError> {
    match result {
        Ok(to) => Ok(see_other(&to)),
        Err(e) => refused_app(state, page, e, FormBody::from_pairs(Vec::new())).await,
    }
}

/// The page as a form's answer: its path is the page's, with no query.
fn back_here(mut page: Page) -> Page {
    PATH.clone_into(&mut page.path);
    page.query = String::new();
    page
}

/// The page again with the refusal; a caller who may not see the page at
/// all gets the refusal itself.
async fn refused(state: &AppState, page: &Page, e: ApiError, typed: FormBody) -> Result<Response, WebError> {
    if matches!(e.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        return Err(WebError(e));
    }
    let status = e.status;
    Ok(with_status(render(state, page, &Shown::Refused(e, typed)).await?, status))
}
