//! A mediator acknowledges an early-warning alert from the desk:
//! `POST /desk/alerts/{record}/acknowledgement`, from the form on the
//! alert's card, with the action taken in the mediator's words.
//!
//! Why on the desk and not only through the API: the mediators are the
//! ones who must say, on the day, what they did about a surge, and most
//! will never hold an API client. The form calls the same use case as
//! `POST /api/v1/early-warning/{record}/acknowledgement`
//! ([`crate::app::early_warning::acknowledge`]), so the core decides who
//! may acknowledge and what the action may hold. Parties and teams see the
//! acknowledgements on their cards and get no form.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::early_warning::RaisedAlert;

use super::form::FormBody;
use super::{logged_in, private, see_other, with_status};
use crate::AppState;
use crate::app::early_warning;
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// The longest action a form's text area takes, in characters (the core
/// refuses what it may not hold; this only spares a long post).
const ACTION_MAX: usize = 4000;

/// Where an alert's acknowledgement is posted.
pub fn path(record: u64) -> String {
    format!("/desk/alerts/{record}/acknowledgement")
}

/// Whether the desk's reader may acknowledge `alert` now: a mediator's
/// principal that has not acknowledged it yet.
pub fn may_acknowledge(page: &Page, alert: &RaisedAlert) -> bool {
    let Some(p) = page.caller.principal.as_ref() else { return false };
    p.role.is_mediator()
        && p.participant.as_ref().is_some_and(|by| !alert.acknowledgements.iter().any(|a| &a.by == by))
}

/// The form on an alert's card, with `action` already written (after a
/// refusal).
pub fn form(page: &Page, record: u64, action: &str) -> Markup {
    let id = format!("ack-{record}");
    html! {
        form.stack method="post" action=(path(record)) {
            (page.csrf_field())
            label for=(id) { (page.t("alerts-ack-action")) }
            textarea id=(id) name="action" rows="2" required maxlength=(ACTION_MAX) { (action) }
            button type="submit" { (page.t("alerts-ack-submit")) }
        }
    }
}

/// Records the acknowledgement; back to the desk's alerts, or the form
/// again with the refusal naming its field.
pub async fn acknowledge(
    State(state): State<AppState>,
    page: Page,
    Path(record): Path<u64>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let action = body.value("action").to_owned();
    match early_warning::acknowledge(&state, &page.caller, page.now, record, action.clone()).await {
        Ok(_) => Ok(see_other("/desk#alerts")),
        Err(e) => {
            let e = ApiError::from(e);
            if matches!(e.status, StatusCode::UNAUTHORIZED) || e.status.is_server_error() {
                return Err(WebError(e));
            }
            let status = e.status;
            Ok(with_status(refused(&state, &page, record, &action, &e), status))
        }
    }
}

/// The alert's form again, with the reason it was refused and what the
/// mediator wrote.
fn refused(state: &AppState, page: &Page, record: u64, action: &str, e: &ApiError) -> Response {
    let alerts = state.ledger().alerts();
    let alert = alerts.get(record);
    let body = html! {
        div.error role="alert" { p { (page.tw("alerts-ack-refused",
            &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        @if let Some(a) = alert {
            p { bdi dir="ltr" { (a.signal.day) } " · " bdi { (a.signal.explain()) } }
            @if may_acknowledge(page, a) { (form(page, record, action)) }
        }
        p { a href="/desk#alerts" { (page.t("alerts-ack-back")) } }
    };
    private(page, layout(page, &page.t("alerts-ack-title"), body))
}
