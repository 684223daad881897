//! Who is calling, as HTTP carries it: the session cookie, the bearer
//! token and the CSRF token.
//!
//! A browser logs in with a password (and a TOTP code once the second
//! factor is on) and gets a session cookie that is `Secure`, `HttpOnly` and
//! `SameSite=Strict`, plus a CSRF token that every state-changing request
//! made with that cookie must echo in the `X-CSRF-Token` header. A machine
//! client sends `Authorization: Bearer <token>` instead and needs no CSRF
//! token, because a browser never adds that header by itself.
//!
//! The [`Caller`] extractor resolves the request to a principal and a
//! [`truce_core::access::Viewer`], checks CSRF, and is the only way handlers learn who calls.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use subtle::ConstantTimeEq;

use crate::app::{Caller, Credential, Principal, accounts};
use crate::error::ApiError;
use crate::{AppState, Limits};

/// Whether a request without a session (a login) was sent from a page of
/// this site, so no other site can log a browser in to an account of its
/// choosing (login CSRF). A browser says where a request comes from in
/// `Sec-Fetch-Site`; an older one sends `Origin`, whose host must then be
/// this request's `Host`. A client that sends neither is no browser, and
/// so no vector for this attack.
pub fn from_this_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (None, _) => true,
        (Some(origin), Some(host)) => {
            origin.split_once("://").is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
        }
        (Some(_), None) => false,
    }
}

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "truce_session";
/// The cookie that marks a device a principal has logged in from.
pub const DEVICE_COOKIE: &str = "truce_device";
/// The `Set-Cookie` value of a device cookie carrying `value`, kept by the
/// browser as long as the server remembers the device
/// ([`accounts::DEVICE_SECS`]).
pub fn device_cookie(limits: &Limits, value: &str) -> Result<HeaderValue, ApiError> {
    let secure = if limits.secure_cookies { "; Secure" } else { "" };
    let max_age = accounts::DEVICE_SECS;
    HeaderValue::from_str(&format!(
        "{DEVICE_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
}

/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The `Set-Cookie` value of a session cookie carrying `value` (`value`
/// empty and `max_age` zero clear it).
pub fn session_cookie(limits: &Limits, value: &str, max_age: i64) -> Result<HeaderValue, ApiError> {
    let secure = if limits.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(ApiError::internal)
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

/// The secret a request presents, bearer token or session cookie, if any:
/// unchecked, as it was sent.
pub fn credential(headers: &HeaderMap) -> Option<String> {
    match bearer(headers) {
        Ok(Some(token)) => Some(token),
        Ok(None) | Err(_) => cookie(headers, SESSION_COOKIE),
    }
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
        if let Some(Principal { credential: Credential::Session { csrf, .. }, .. }) = &caller.principal
            && unsafe_method(&parts.method)
        {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !csrf_matches(sent, csrf) {
                return Err(ApiError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "csrf",
                    "a request made with the session cookie must carry its CSRF token in X-CSRF-Token",
                ));
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
/// hidden form field. What a credential is worth is
/// [`crate::app::accounts`]' to say.
pub async fn resolve(parts: &Parts, state: &AppState) -> Result<Caller, ApiError> {
    if let Some(token) = bearer(&parts.headers)? {
        return Ok(accounts::caller_by_token(state, &token).await?);
    }
    match cookie(&parts.headers, SESSION_COOKIE) {
        Some(value) => Ok(accounts::caller_by_session(state, &value, state.now()).await?),
        None => Ok(Caller::public()),
    }
}

#[cfg(test)]
mod tests {
    use super::from_this_site;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_login_from_another_site_is_told_apart_from_one_from_this_site() {
        assert!(from_this_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(from_this_site(&headers(&[("sec-fetch-site", "none")])));
        assert!(!from_this_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!from_this_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(from_this_site(&headers(&[("origin", "https://truce.example"), ("host", "truce.example")])));
        assert!(!from_this_site(&headers(&[("origin", "https://evil.example"), ("host", "truce.example")])));
        assert!(!from_this_site(&headers(&[("origin", "null"), ("host", "truce.example")])));
        assert!(from_this_site(&headers(&[("host", "truce.example")])), "no browser, no login CSRF");
    }
}
