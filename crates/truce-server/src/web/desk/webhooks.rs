//! The webhooks page, `/desk/webhooks`: a mediator's or a party's webhooks,
//! each with its latest deliveries and where they stand, a form to register
//! one (its secret is shown once, on the answer to that form), and a
//! button to remove one.
//!
//! Why a page: a liaison office that wires its own system to the mechanism
//! must see at a glance whether deliveries arrive, and why not, without an
//! API client. The forms call the same use cases as the API
//! ([`crate::app::webhooks`]).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::form::FormBody;
use super::{logged_in, private, see_other, with_status};
use crate::AppState;
use crate::app::webhooks::{self, EVENT_TYPES, NewWebhook, Registered};
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// Where the page is.
pub const PATH: &str = "/desk/webhooks";

/// How many deliveries of each webhook the page shows.
const SHOWN: usize = 20;

/// The page.
pub async fn page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    render(&state, &page, None, None).await
}

/// The message id of an event type's label.
fn event_label(event: &str) -> &'static str {
    match event {
        "case.filed" => "webhooks-event-case-filed",
        "case.status_changed" => "webhooks-event-status-changed",
        "finding.final" => "webhooks-event-finding-final",
        "penalty" => "webhooks-event-penalty",
        "escalation" => "webhooks-event-escalation",
        "communique.published" => "webhooks-event-communique",
        "early_warning.alert" => "webhooks-event-early-warning",
        _ => "webhooks-event-other",
    }
}

/// The message id of a delivery status's label.
fn status_label(status: &str) -> &'static str {
    match status {
        "delivered" => "webhooks-status-delivered",
        "failed" => "webhooks-status-failed",
        _ => "webhooks-status-pending",
    }
}

async fn render(
    state: &AppState,
    page: &Page,
    registered: Option<&Registered>,
    refusal: Option<&ApiError>,
) -> Result<Response, WebError> {
    let list = webhooks::list(state, &page.caller).await?;
    let mut hooks = Vec::with_capacity(list.len());
    for hook in list {
        let (hook, deliveries) = webhooks::deliveries(state, &page.caller, &hook.id).await?;
        hooks.push((hook, deliveries));
    }
    let body = html! {
        @if let Some(e) = refusal {
            div.error role="alert" { p { (page.tw("webhooks-refused",
                &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        }
        @if let Some(r) = registered {
            div.notice role="status" {
                p { (page.t("webhooks-secret-once")) }
                p { code { bdi { (r.secret) } } }
            }
        }
        p { (page.t("webhooks-intro")) }
        @if hooks.is_empty() { p { (page.t("webhooks-none")) } }
        @for (hook, deliveries) in &hooks {
            section id=(format!("webhook-{}", hook.id)) {
                h2 { bdi { (hook.url) } }
                p { (page.t("webhooks-events")) ": "
                    @for (i, e) in hook.events.iter().enumerate() { @if i > 0 { ", " } (page.t(event_label(e))) } }
                @if deliveries.is_empty() { p { (page.t("webhooks-no-deliveries")) } }
                @else {
                    table {
                        thead { tr {
                            th scope="col" { (page.t("webhooks-col-event")) }
                            th scope="col" { (page.t("webhooks-col-case")) }
                            th scope="col" { (page.t("webhooks-col-status")) }
                            th scope="col" { (page.t("webhooks-col-attempts")) }
                            th scope="col" { (page.t("webhooks-col-last")) }
                        } }
                        tbody {
                            @for d in deliveries.iter().take(SHOWN) {
                                tr {
                                    td { (page.t(event_label(&d.event_type))) }
                                    td { @if let Some(c) = &d.case { a href=(format!("/cases/{c}")) { bdi { (c) } } } @else { "—" } }
                                    td { (page.t(status_label(&d.status))) }
                                    td { (d.attempts) }
                                    td {
                                        @if let Some(s) = d.last_status { "HTTP " (s) }
                                        @if let Some(e) = &d.last_error { " " bdi { (e) } }
                                        @if let Some(next) = d.next_attempt_at.as_ref().and_then(|t| t.parse::<jiff::Timestamp>().ok()) {
                                            br; small { (page.tw("webhooks-next", &[("date", &page.date(next))])) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                form.inline method="post" action=(format!("{PATH}/{}/delete", hook.id)) {
                    (page.csrf_field())
                    button.secondary type="submit" { (page.t("webhooks-delete")) }
                }
            }
        }
        h2 { (page.t("webhooks-register")) }
        (register_form(page))
    };
    Ok(private(page, layout(page, &page.t("webhooks-title"), body)))
}

fn register_form(page: &Page) -> Markup {
    html! {
        form.stack method="post" action=(PATH) {
            (page.csrf_field())
            label for="webhook-url" { (page.t("webhooks-url")) }
            input type="url" id="webhook-url" name="url" required maxlength="2000" placeholder="https://";
            fieldset {
                legend { (page.t("webhooks-events")) }
                @for e in EVENT_TYPES {
                    label { input type="checkbox" name="events" value=(e) checked; " " (page.t(event_label(e))) }
                }
            }
            button type="submit" { (page.t("webhooks-register")) }
        }
    }
}

/// Registers a webhook from the form; the answer shows its secret once.
pub async fn register(State(state): State<AppState>, page: Page, body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let new = NewWebhook {
        url: body.value("url").to_owned(),
        events: body.all("events").into_iter().map(str::to_owned).collect(),
    };
    match webhooks::register(&state, &page.caller, page.now, new, &state.limits().webhooks).await {
        Ok(registered) => Ok(with_status(render(&state, &page, Some(&registered), None).await?, StatusCode::CREATED)),
        Err(e) => refused(&state, &page, ApiError::from(e)).await,
    }
}

/// Removes webhook `id` from its button.
pub async fn delete(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    match webhooks::delete(&state, &page.caller, &id).await {
        Ok(()) => Ok(see_other(PATH)),
        Err(e) => refused(&state, &page, ApiError::from(e)).await,
    }
}

/// The page again with the refusal; a caller who may not hold webhooks
/// gets the refusal itself.
async fn refused(state: &AppState, page: &Page, e: ApiError) -> Result<Response, WebError> {
    if matches!(e.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) || e.status.is_server_error() {
        return Err(WebError(e));
    }
    let status = e.status;
    Ok(with_status(render(state, page, None, Some(&e)).await?, status))
}
