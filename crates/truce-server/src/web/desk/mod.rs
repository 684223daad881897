//! The logged-in side of the pages: logging in, each role's desk, the case
//! page with its whole history and the forms its reader may use, and the
//! guided filing of an allegation.
//!
//! Every form is plain HTML posted with the session cookie and its CSRF
//! field; a handler reads the form, checks the field, builds the domain
//! command and submits it through the same use cases as the API
//! ([`crate::app::cases::command`], [`crate::app::cases::file`],
//! [`crate::app::evidence::receive`]). The core decides; a refused form comes back
//! with what was typed and the reason next to the field at fault, and a
//! form that went through redirects (303) to the case page, so reloading
//! never sends it twice. The forms offered on a case are those the
//! core says the reader may issue now ([`truce_core::docket::open_commands`]);
//! that is a courtesy, not a rule: the core still decides every command.
//!
//! - [`account`]: `/login`, `/logout`, `/account/password`.
//! - [`admin`]: `/desk/admin/principals`, the administrator's principals:
//!   register, suspend, reactivate, revoke their API tokens; the server's
//!   configuration, witnesses and last backup.
//! - [`inbox`]: `/desk`, the mediator's, party's or monitor's desk.
//! - [`case`]: `/cases/{id}`, the case page for any reader.
//! - [`actions`]: the forms on the case page.
//! - [`act`]: the handler every case form posts to.
//! - [`merge`]: `/cases/{id}/merge`, duplicates side by side.
//! - [`public_sources`]: `/desk/public-sources`, the mediators' form to
//!   import an ACLED export, and the events imported with the cases each
//!   looks like.
//! - [`file`](mod@file): `/file`, the guided filing form.
//! - [`talks`]: `/desk/talks`, announcing delegations, positions, signing
//!   or declining communiqués, and the mediators' forms for the talks.
//! - [`webhooks`]: `/desk/webhooks`, a mediator's or party's webhooks and
//!   their deliveries.
//! - [`form`], [`fields`], [`labels`]: reading forms, showing fields and
//!   errors, and the words for the domain's vocabularies.

pub mod account;
pub mod act;
pub mod actions;
pub mod admin;
pub mod case;
pub mod devices;
pub mod fields;
pub mod file;
pub mod form;
pub mod inbox;
pub mod labels;
pub mod merge;
pub mod public_sources;
pub mod situation;
pub mod talks;
pub mod trends;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use truce_core::Agreement;

use crate::AppState;
use crate::app::Principal;
use crate::web::{Page, WebError};

/// The desk routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route("/account/password", get(account::password_form).post(account::change_password))
        .route("/desk", get(inbox::desk))
        .route("/desk/admin/principals", get(admin::principals_page).post(admin::register))
        .route("/desk/admin/principals/{id}/{action}", post(admin::change))
        .route("/desk/admin/principals/{id}/tokens/{token}/revoke", post(admin::revoke))
        .route("/desk/admin/principals/{id}/devices", post(admin::issue_device))
        .route("/desk/webhooks", get(webhooks::page).post(webhooks::register))
        .route("/desk/webhooks/{id}/delete", post(webhooks::delete))
        .route("/desk/alerts/{record}/acknowledge", post(inbox::acknowledge))
        .route("/desk/devices", get(devices::devices_page).post(devices::enrol))
        .route("/desk/devices/{id}/revoke", post(devices::revoke))
        // An ACLED export counts its bytes against `Limits::upload_bytes`.
        .route(
            public_sources::PATH,
            get(public_sources::page).post(public_sources::import).layer(DefaultBodyLimit::disable()),
        )
        .route("/desk/situation-reports", get(situation::desk))
        .route("/desk/trends", get(trends::page))
        .route("/desk/situation-reports/{action}", post(situation::act))
        .route("/desk/talks", get(talks::desk))
        .route("/desk/talks/communiques/{id}", get(talks::communique))
        .route("/desk/talks/{action}", post(talks::act))
        .route("/cases/{id}", get(case::case_page))
        .route("/follow/{token}", get(case::follow_page))
        .route("/cases/{id}/merge", get(merge::merge_page).post(act::merge))
        .route("/cases/{id}/amend", get(file::amend_form).post(file::amend).layer(DefaultBodyLimit::disable()))
        // Forms with evidence files count their own bytes against `Limits::upload_bytes`.
        .route("/cases/{id}/{action}", post(act::act).layer(DefaultBodyLimit::disable()))
        .route("/file/map.svg", get(file::pick_map))
        .route("/file", get(file::file_form).post(file::file).layer(DefaultBodyLimit::disable()))
}

/// A redirect (303 See Other) to `path`, as every form that went through answers.
pub fn see_other(path: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(path) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// `response` with `status` (a re-rendered form answers its error's status).
pub fn with_status(mut response: Response, status: StatusCode) -> Response {
    *response.status_mut() = status;
    response
}

/// `response` marked not to be stored when it was made for a logged-in
/// reader (it carries the session's CSRF token and what only they may see).
pub fn private(page: &Page, response: Response) -> Response {
    if page.caller.principal.is_some() {
        return never_stored(response);
    }
    response
}

/// `response`, never cached: for a page whose address is itself a secret
/// (a public filer's follow link), whoever reads it.
pub fn never_stored(mut response: Response) -> Response {
    {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    }
    response
}

/// The logged-in principal, or the page to go to first: the login page
/// (coming back here after) or, while the password must be changed, the
/// password page.
// The error is the redirect the handler answers with at once; boxing it
// would only add an allocation to every page.
#[allow(clippy::result_large_err)]
pub fn logged_in(page: &Page) -> Result<&Principal, Response> {
    let Some(p) = page.caller.principal.as_ref() else {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("next", &page.path);
        return Err(see_other(&format!("/login?{}", q.finish())));
    };
    if crate::app::accounts::must_change_password(p) { Err(see_other("/account/password")) } else { Ok(p) }
}

/// The agreement in force; 503 before one is adopted.
pub fn agreement(state: &AppState) -> Result<Arc<Agreement>, WebError> {
    Ok(state.agreement()?)
}

/// A link to a case page.
pub fn case_href(id: &str) -> String {
    format!("/cases/{id}")
}

/// The code of the page's language among an agreement's participant names.
fn names_lang(page: &Page) -> &'static str {
    match page.lang {
        crate::web::Lang::Prs => "fa",
        other => other.code(),
    }
}

/// A participant as "Name (ID)", in the page's language where the agreement names it.
pub fn participant_name(page: &Page, agreement: &Agreement, id: &truce_core::ids::ParticipantId) -> String {
    match agreement.participant(id) {
        Some(p) => format!("{} ({id})", p.name(names_lang(page))),
        None => id.to_string(),
    }
}

/// `(id, "Name (ID)")` for each participant of `kind`, for drop-down lists.
pub fn participants_of(
    page: &Page,
    agreement: &Agreement,
    kind: truce_core::vocab::ParticipantKind,
) -> Vec<(String, String)> {
    agreement
        .participants
        .values()
        .filter(|p| p.kind == kind)
        .map(|p| (p.id.to_string(), format!("{} ({})", p.name(names_lang(page)), p.id)))
        .collect()
}
