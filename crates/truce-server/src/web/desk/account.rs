//! Logging in and out, and the password change a one-time password forces.
//!
//! The login is the API's ([`crate::app::accounts::open_session`]): the
//! same checks, the same session cookie and CSRF token, the same rate
//! limits (the ops layer counts `/login` as a login). A wrong principal or
//! password is one message, so the form does not tell which principals
//! exist.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::fields::{Failed, Fields};
use super::form::FormBody;
use super::{see_other, with_status};
use crate::AppState;
use crate::app::accounts;
use crate::auth::session_cookie;
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// The query of the login page.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    /// Where to go once logged in (a path on this site).
    #[serde(default)]
    pub next: Option<String>,
    /// Set after a password change, to say so.
    #[serde(default)]
    pub changed: Option<String>,
}

/// Only a path on this site is a place to return to (not `//host` or a URL).
fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.contains('\\')).then_some(next)
}

fn login_page(page: &Page, next: &str, changed: bool, failed: Option<&Failed>) -> Response {
    let f = Fields::new(page, "login", failed);
    let body = html! {
        @if changed { p.notice role="status" { (page.t("password-changed")) } }
        @if let Some(p) = &page.caller.principal {
            p { (page.tw("login-already", &[("principal", &p.id)])) " " a href="/desk" { (page.t("nav-desk")) } }
        }
        form.stack method="post" action="/login" {
            (page.csrf_field())
            input type="hidden" name="next" value=(next);
            (f.form_error(&["principal", "password", "totp_code"]))
            (f.field("text", "principal", &page.t("login-principal"), None, "", true))
            (f.field("password", "password", &page.t("login-password"), None, "", true))
            (f.field("text", "totp_code", &page.t("login-totp"), Some(&page.t("login-totp-hint")), "", false))
            p { button type="submit" { (page.t("login-submit")) } }
        }
    };
    let mut r = layout(page, &page.t("login-title"), body);
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The login form.
pub async fn login_form(page: Page, Query(q): Query<LoginQuery>) -> Response {
    let next = q.next.as_deref().and_then(safe_next).unwrap_or("/desk");
    login_page(&page, next, q.changed.is_some(), None)
}

/// Logs in: sets the session cookie and goes on to `next` (or to the
/// password change the account still owes).
pub async fn login(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    page: Page,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if !crate::auth::from_this_site(&headers) {
        return Err(WebError::from(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "csrf",
            "this login was sent from another site; log in from this site's own page",
        )));
    }
    let next = safe_next(body.value("next")).unwrap_or("/desk").to_owned();
    let code = Some(body.value("totp_code")).filter(|c| !c.is_empty());
    let opened = accounts::open_session(&state, state.now(), body.value("principal"), body.raw("password"), code).await;
    match opened.map_err(ApiError::from) {
        Ok(session) => {
            let to = if session.must_change_password { "/account/password" } else { next.as_str() };
            let mut r = see_other(to);
            let cookie = session_cookie(state.limits(), &session.token, accounts::SESSION_SECS)?;
            r.headers_mut().insert(header::SET_COOKIE, cookie);
            if let Some(device) = &session.device {
                r.headers_mut().append(header::SET_COOKIE, crate::auth::device_cookie(state.limits(), device)?);
            }
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let status = error.status;
            let failed = Failed { form: "login".into(), body, error };
            Ok(with_status(login_page(&page, &next, false, Some(&failed)), status))
        }
    }
}

/// Logs out: ends the session, clears the cookie, back to the home page.
pub async fn logout(State(state): State<AppState>, page: Page, body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if page.caller.principal.is_none() {
        return Ok(see_other("/"));
    }
    accounts::close_session(&state, &page.caller).await?;
    let mut r = see_other("/");
    r.headers_mut().insert(header::SET_COOKIE, session_cookie(state.limits(), "", 0)?);
    Ok(r)
}

fn password_page(page: &Page, forced: bool, failed: Option<&Failed>) -> Response {
    let f = Fields::new(page, "password", failed);
    let body = html! {
        @if forced { p.notice role="status" { (page.t("password-must-change")) } }
        form.stack method="post" action="/account/password" {
            (page.csrf_field())
            (f.form_error(&["current", "new", "confirm"]))
            (f.field("password", "current", &page.t("password-current"), None, "", true))
            (f.field("password", "new", &page.t("password-new"), Some(&page.t("password-new-hint")), "", true))
            (f.field("password", "confirm", &page.t("password-confirm"), None, "", true))
            p { button type="submit" { (page.t("password-submit")) } }
        }
    };
    layout(page, &page.t("password-title"), body)
}

/// The password change form (forced while the account's password is a one-time one).
pub async fn password_form(page: Page) -> Result<Response, WebError> {
    let Some(p) = &page.caller.principal else { return Ok(see_other("/login?next=/account/password")) };
    let forced = accounts::must_change_password(p);
    Ok(password_page(&page, forced, None))
}

/// Changes the password; every session ends, so it is back to the login.
pub async fn change_password(State(state): State<AppState>, page: Page, body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let result = if body.raw("new") != body.raw("confirm") {
        Err(ApiError::field("confirm", page.t("password-mismatch")))
    } else {
        accounts::change_own_password(&state, &page.caller, state.now(), body.raw("current"), body.raw("new"))
            .await
            .map_err(ApiError::from)
    };
    match result {
        Ok(()) => {
            let mut r = see_other("/login?changed=1");
            let clear = session_cookie(state.limits(), "", 0)?;
            r.headers_mut().insert(header::SET_COOKIE, clear);
            Ok(r)
        }
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let status = error.status;
            let failed = Failed { form: "password".into(), body, error };
            Ok(with_status(password_page(&page, false, Some(&failed)), status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_a_place_to_return_to() {
        assert_eq!(safe_next("/cases/x"), Some("/cases/x"));
        assert_eq!(safe_next("//evil.example/"), None);
        assert_eq!(safe_next("https://evil.example/"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next(""), None);
    }
}
