//! A principal's phones for field capture, `/desk/devices`: enrol one and
//! scan the QR code ODK Collect reads, see the devices enrolled, revoke one.
//!
//! Why a page: the person enrolling a phone is the officer holding it, at a
//! desk with no API client; the page shows the code on the screen for the
//! phone's camera. The forms post with the session's CSRF field to the same
//! use cases as the API ([`crate::app::field`]). The page that shows a new
//! device's secret is answered once and never stored.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};

use super::form::FormBody;
use super::{logged_in, private, see_other, with_status};
use crate::AppState;
use crate::app::field::{self, Enrolled};
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// Where the page is.
pub const PATH: &str = "/desk/devices";

/// The page of the caller's devices.
pub async fn devices_page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    render(&state, &page, None, None).await
}

async fn render(
    state: &AppState,
    page: &Page,
    enrolled: Option<&Enrolled>,
    refusal: Option<&ApiError>,
) -> Result<Response, WebError> {
    let devices = field::devices(state, &page.caller).await?;
    let date = |s: i64| jiff::Timestamp::from_second(s).map(|t| page.date(t)).unwrap_or_default();
    let revoked = page.query.split('&').any(|kv| kv == "revoked");
    let body = html! {
        @if let Some(e) = refusal {
            div.error role="alert" { p { (page.tw("devices-refused",
                &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        } @else if revoked {
            p.notice role="status" { (page.t("devices-revoked")) }
        }
        @if let Some(new) = enrolled { (new_device(page, new)) }
        p { (page.t("devices-intro")) }
        form.stack method="post" action=(PATH) {
            (page.csrf_field())
            label for="device-name" { (page.t("devices-name")) }
            input type="text" id="device-name" name="name" required maxlength="80";
            button type="submit" { (page.t("devices-enrol")) }
        }
        @if devices.is_empty() { p { (page.t("devices-none")) } }
        @else { ul {
            @for d in &devices {
                li {
                    bdi { (d.name) } " (" bdi { (d.id) } ") — " (date(d.created_at))
                    @if let Some(admin) = &d.issued_by { ", " (page.tw("devices-issued-by", &[("admin", admin)])) }
                    @match d.revoked_at {
                        Some(at) => { ", " (page.tw("devices-revoked-at", &[("date", &date(at))])) },
                        None => {
                            " "
                            form.inline method="post" action=(format!("{PATH}/{}/revoke", d.id)) {
                                (page.csrf_field())
                                button.secondary type="submit" { (page.t("devices-revoke")) }
                            }
                        },
                    }
                }
            }
        } }
    };
    Ok(private(page, layout(page, &page.t("devices-title"), body)))
}

/// The new device's code and credentials, shown this once.
pub(super) fn new_device(page: &Page, new: &Enrolled) -> Markup {
    html! {
        section.notice role="status" {
            p { strong { (page.t("devices-once")) } }
            p { (page.t("devices-scan")) }
            // The SVG the `qrcode` crate drew: elements only, no script.
            div.qr { (PreEscaped(new.qr_svg.as_str())) }
            p { code { bdi { (new.token_url) } } }
            p { (page.t("devices-digest")) }
            dl {
                dt { "URL" } dd { code { bdi { (new.server_url) } } }
                dt { (page.t("devices-user")) } dd { code { (new.device) } }
                dt { (page.t("devices-password")) } dd { code { (new.secret) } }
            }
        }
    }
}

/// `POST /desk/devices`: enrol a device and show its code.
pub async fn enrol(State(state): State<AppState>, page: Page, body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let base = state.public_url().to_owned();
    match field::enrol_device(&state, &page.caller, page.now, body.value("name"), &base).await {
        Ok(new) => render(&state, &page, Some(&new), None).await,
        Err(e) => refused(&state, &page, e.into()).await,
    }
}

/// `POST /desk/devices/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    match field::revoke_device(&state, &page.caller, page.now, &id).await {
        Ok(()) => Ok(see_other(&format!("{PATH}?revoked"))),
        Err(e) => refused(&state, &page, e.into()).await,
    }
}

/// The page again with the refusal; a caller who may not see the page at
/// all gets the refusal itself.
async fn refused(state: &AppState, page: &Page, e: ApiError) -> Result<Response, WebError> {
    if matches!(e.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        return Err(WebError(e));
    }
    let status = e.status;
    Ok(with_status(render(state, page, None, Some(&e)).await?, status))
}
