//! The web pages: every user's desk in the browser, rendered on the server.
//!
//! Liaison officers, mediators' staff and monitors work on phones over poor
//! links, often without JavaScript. So every page is plain HTML from
//! [`maud`] with one small stylesheet, every action is an HTML form, and a
//! page is a few kilobytes. The pages sit on the same handlers' rules as
//! the API: what a caller may see is decided by [`truce_core::access`], what
//! a caller may do by the core as the sequencer applies the record; the
//! pages only render and collect.
//!
//! - [`i18n`]: the six languages (Fluent, kept in the application layer,
//!   which the field forms also speak), chosen per request.
//! - [`calendar`]: dates in the Gregorian, Solar Hijri and Islamic calendars.
//! - [`public`]: the mechanism's public face: home, findings, reports, open
//!   data, verification.
//! - [`desk`]: logging in and the mediator, party and monitor desks.
//!
//! Forms posted with the session cookie carry the session's CSRF token in a
//! hidden `csrf` field; the cookie is also `SameSite=Strict`.

pub mod calendar;
pub mod desk;
pub mod trend;
pub use crate::app::i18n;
pub mod public;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::AppState;
use crate::app::{Caller, Credential};
use crate::auth;
use crate::error::ApiError;
pub use calendar::CalendarKind;
pub use i18n::Lang;

/// The web routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/static/truce.css", get(stylesheet)).merge(public::routes()).merge(desk::routes())
}

/// The cookie that remembers the chosen calendar.
pub const CALENDAR_COOKIE: &str = "truce_calendar";

/// The cookie that remembers the chosen time zone.
pub const ZONE_COOKIE: &str = "truce_zone";

/// Who is asking, in which language and calendar: what every page needs.
#[derive(Debug, Clone)]
pub struct Page {
    /// The caller (logged in or not) and what it may see.
    pub caller: Caller,
    /// The language of the page.
    pub lang: Lang,
    /// The calendar dates are shown in.
    pub calendar: CalendarKind,
    /// The request path, for the language and calendar switchers.
    pub path: String,
    /// The query string without `lang` and `cal`.
    pub query: String,
    /// Whether the language came from `?lang=` (then the cookie is set).
    pub lang_chosen: bool,
    /// Whether the calendar came from `?cal=` (then the cookie is set).
    pub calendar_chosen: bool,
    /// The time zone clock times are shown in.
    pub zone: calendar::Zone,
    /// Whether the zone came from `?tz=` (then the cookie is set).
    pub zone_chosen: bool,
    /// The deployment's sample-data notice, if any.
    pub sample_notice: Option<String>,
    /// How many split views the witnesses revealed: checkpoints of this
    /// log's key outside the history this server holds. Every page then
    /// carries the alarm.
    pub split_views: usize,
    /// When the request is answered, by the application's clock: the one
    /// time a page shows and passes to the use cases it calls.
    pub now: jiff::Timestamp,
}

impl Page {
    /// The text of message `id` in the page's language.
    pub fn t(&self, id: &str) -> String {
        i18n::text(self.lang, id)
    }

    /// The text of message `id` with arguments.
    pub fn tw(&self, id: &str, args: &[(&str, &str)]) -> String {
        i18n::text_with(self.lang, id, args)
    }

    /// Code-like text (a period such as `2025-10`, an id, a key) for a
    /// sentence of the page: on a right-to-left page, isolated as
    /// left-to-right (U+2066 … U+2069), so that its parts keep their order
    /// (`2025-10`, not `10-2025`); unchanged otherwise.
    pub fn ltr(&self, code: &str) -> String {
        if self.lang.rtl() { format!("\u{2066}{code}\u{2069}") } else { code.to_owned() }
    }

    /// Text of either direction inside a sentence of the page (a reason
    /// that may be the page's language or an English one from a dataset):
    /// on a right-to-left page, isolated with its direction taken from its
    /// first strong letter (U+2068 … U+2069), so that an English phrase
    /// keeps its word order and does not pull the sentence's punctuation
    /// around it; unchanged otherwise.
    pub fn isolated(&self, text: &str) -> String {
        if self.lang.rtl() { format!("\u{2068}{text}\u{2069}") } else { text.to_owned() }
    }

    /// A time, as a date and time in the page's calendar and time zone.
    pub fn datetime(&self, ts: jiff::Timestamp) -> String {
        calendar::datetime_in(self.lang, self.calendar, self.zone, ts)
    }

    /// A time's date alone, in the page's calendar and time zone.
    pub fn date(&self, ts: jiff::Timestamp) -> String {
        calendar::date_in(self.lang, self.calendar, self.zone, ts)
    }

    /// The session's CSRF token, if logged in with a cookie.
    pub fn csrf(&self) -> Option<&str> {
        match self.caller.principal.as_ref().map(|p| &p.credential) {
            Some(Credential::Session { csrf, .. }) => Some(csrf),
            _ => None,
        }
    }

    /// The hidden CSRF field every form posted with the session carries.
    pub fn csrf_field(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.csrf().unwrap_or("")); }
    }

    /// Checks a form's CSRF field against the session; a form posted
    /// without a session needs none (it will be refused as not logged in).
    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        match self.csrf() {
            Some(csrf) if !auth::csrf_matches(sent, csrf) => Err(WebError::from(ApiError::new(
                StatusCode::FORBIDDEN,
                "csrf",
                "the form is stale or was not sent from this site; reload the page and try again",
            ))),
            _ => Ok(()),
        }
    }

    /// A link to `path` in another language, keeping the rest of the query.
    pub fn lang_link(&self, lang: Lang) -> String {
        self.link_with("lang", lang.code())
    }

    /// A link to this page in another calendar.
    pub fn calendar_link(&self, kind: CalendarKind) -> String {
        self.link_with("cal", kind.code())
    }

    /// A link to this page with times in another zone.
    pub fn zone_link(&self, zone: calendar::Zone) -> String {
        self.link_with("tz", zone.code())
    }

    fn link_with(&self, key: &str, value: &str) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(self.query.as_bytes()) {
            q.append_pair(&k, &v);
        }
        q.append_pair(key, value);
        format!("{}?{}", self.path, q.finish())
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = match parts.extensions.get::<Caller>() {
            Some(c) => c.clone(),
            None => {
                let c = auth::resolve(parts, state).await?;
                parts.extensions.insert(c.clone());
                c
            }
        };
        let raw_query = parts.uri.query().unwrap_or("");
        let mut lang_q = None;
        let mut cal_q = None;
        let mut tz_q = None;
        let mut rest = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(raw_query.as_bytes()) {
            match &*k {
                "lang" => lang_q = Some(v.into_owned()),
                "cal" => cal_q = Some(v.into_owned()),
                "tz" => tz_q = Some(v.into_owned()),
                _ => {
                    rest.append_pair(&k, &v);
                }
            }
        }
        let accept = parts.headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang_cookie = auth::cookie(&parts.headers, i18n::LANG_COOKIE);
        let lang = Lang::negotiate(lang_q.as_deref(), lang_cookie.as_deref(), accept);
        let lang_chosen = lang_q.as_deref().and_then(Lang::parse).is_some();
        let cal_cookie = auth::cookie(&parts.headers, CALENDAR_COOKIE);
        let from_query = cal_q.as_deref().and_then(CalendarKind::parse);
        let calendar = from_query.or_else(|| cal_cookie.as_deref().and_then(CalendarKind::parse)).unwrap_or_default();
        let zone_from_query = tz_q.as_deref().and_then(calendar::Zone::parse);
        let zone = zone_from_query
            .or_else(|| auth::cookie(&parts.headers, ZONE_COOKIE).as_deref().and_then(calendar::Zone::parse))
            .unwrap_or_default();
        Ok(Page {
            caller,
            lang,
            calendar,
            zone,
            zone_chosen: zone_from_query.is_some(),
            path: parts.uri.path().to_owned(),
            query: rest.finish(),
            lang_chosen,
            calendar_chosen: from_query.is_some(),
            sample_notice: state.sample_notice().map(str::to_owned),
            split_views: crate::app::public::split_views(state).len(),
            now: state.now(),
        })
    }
}

/// A map's own words (legend, statuses, countries) in `lang`; the
/// attribution (`map-attribution`) goes under the map, in the page.
pub fn map_labels(lang: Lang) -> truce_geo::MapLabels {
    let t = |id: &str| i18n::text(lang, id);
    truce_geo::MapLabels {
        sectors: t("map-sectors"),
        crossings: t("map-crossings"),
        crossing_sourced: t("map-crossing-sourced"),
        crossing_approximate: t("map-crossing-approximate"),
        incidents: t("map-incidents"),
        alert: t("map-alert"),
        statuses: [
            t("map-status-reported"),
            t("map-status-under-investigation"),
            t("map-status-confirmed"),
            t("map-status-not-confirmed"),
            t("map-status-inconclusive"),
            t("map-status-other"),
        ],
        afghanistan: t("map-afghanistan"),
        pakistan: t("map-pakistan"),
        // Said under the map, in the page's text, where mixed scripts read
        // in order (an SVG line of Urdu and Latin names would not).
        attribution: String::new(),
    }
}

/// A failed page: the API's error, shown as a page in the caller's language.
#[derive(Debug)]
pub struct WebError(pub ApiError);

impl From<ApiError> for WebError {
    fn from(e: ApiError) -> Self {
        WebError(e)
    }
}

impl From<crate::app::AppError> for WebError {
    fn from(e: crate::app::AppError) -> Self {
        WebError(ApiError::from(e))
    }
}

impl From<truce_store::StoreError> for WebError {
    fn from(e: truce_store::StoreError) -> Self {
        WebError(ApiError::from(e))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let e = self.0;
        let title = match e.status.as_u16() {
            401 => "Log in to continue",
            403 => "Not allowed",
            404 => "Not found",
            409 => "Refused",
            422 => "Something in the form is wrong",
            429 => "Too many requests",
            500..=599 => "The server failed",
            _ => "Error",
        };
        let body = html! {
            (DOCTYPE)
            html lang="en" {
                head { meta charset="utf-8"; meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — Truce" } link rel="stylesheet" href="/static/truce.css"; }
                body { main {
                    h1 { (title) }
                    p.error role="alert" {
                        @if let Some(f) = &e.field { strong { (f) } ": " }
                        (e.message)
                    }
                    @if e.status == StatusCode::UNAUTHORIZED { p { a href="/login" { "Log in" } } }
                    p { a href="/" { "Truce home" } }
                } }
            }
        };
        (e.status, body).into_response()
    }
}

/// One page in the common frame: header with navigation, language and
/// calendar switchers, the sample-data notice, and the footer.
pub fn layout(page: &Page, title: &str, body: Markup) -> Response {
    let role_desk = page.caller.principal.as_ref().map(|_| page.t("nav-desk"));
    let admin = page.caller.principal.as_ref().is_some_and(|p| p.role == truce_core::Role::Administrator);
    let markup = html! {
        (DOCTYPE)
        html lang=(page.lang.tag()) dir=(page.lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — " (page.t("site-name")) }
                link rel="stylesheet" href="/static/truce.css";
            }
            body {
                a.skip href="#main" { (page.t("skip-to-content")) }
                header.site {
                    a.brand href="/" { (page.t("site-name")) }
                    nav aria-label=(page.t("nav-label")) {
                        ul {
                            li { a href="/findings" { (page.t("nav-findings")) } }
                            li { a href="/reports" { (page.t("nav-reports")) } }
                            li { a href="/data" { (page.t("nav-data")) } }
                            li { a href="/verify" { (page.t("nav-verify")) } }
                            li { a href="/talks" { (page.t("nav-talks")) } }
                            li { a href="/agreement" { (page.t("nav-agreement")) } }
                            @if let Some(desk) = &role_desk { li { a href="/desk" { (desk) } } }
                            @if admin { li { a href="/desk/admin/principals" { (page.t("nav-admin")) } } }
                            @match &page.caller.principal {
                                Some(p) => li {
                                    form.inline method="post" action="/logout" {
                                        (page.csrf_field())
                                        button.link type="submit" { (page.tw("nav-logout", &[("principal", &p.id)])) }
                                    }
                                },
                                None => li { a href="/login" { (page.t("nav-login")) } },
                            }
                        }
                    }
                    details.switch {
                        summary { (page.t("switch-language")) ": " (page.lang.endonym()) }
                        ul {
                            @for l in Lang::ALL {
                                li { a href=(page.lang_link(l)) lang=(l.tag()) dir=(l.dir()) hreflang=(l.tag())
                                    aria-current=[(l == page.lang).then_some("true")] { (l.endonym()) } }
                            }
                        }
                        p { (page.t("switch-calendar")) ": "
                            @for k in CalendarKind::ALL {
                                a href=(page.calendar_link(k)) aria-current=[(k == page.calendar).then_some("true")] {
                                    (page.t(k.message_id())) } " "
                            }
                        }
                        p { (page.t("switch-zone")) ": "
                            @for z in calendar::Zone::ALL {
                                a href=(page.zone_link(z)) aria-current=[(z == page.zone).then_some("true")] {
                                    (page.t(z.message_id())) } " "
                            }
                        }
                    }
                }
                @if page.split_views > 0 {
                    p.alarm role="alert" { strong { (page.t("split-view-alarm")) } " " a href="/verify#split-view" { (page.t("split-view-details")) } }
                }
                @if let Some(n) = &page.sample_notice { p.sample role="note" { strong { (page.t("sample-data")) } " " bdi { (n) } } }
                main #main { h1 { (title) } (body) }
                footer.site {
                    p { (page.t("footer-log")) " " a href="/verify" { (page.t("nav-verify")) } " · "
                        a href="/api/v1/openapi.json" { "API" } }
                }
            }
        }
    };
    let mut response = markup.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(page.lang.tag()));
    headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    if page.lang_chosen {
        set_cookie(headers, i18n::LANG_COOKIE, page.lang.code());
    }
    if page.calendar_chosen {
        set_cookie(headers, CALENDAR_COOKIE, page.calendar.code());
    }
    if page.zone_chosen {
        set_cookie(headers, ZONE_COOKIE, page.zone.code());
    }
    response
}

fn set_cookie(headers: &mut axum::http::HeaderMap, name: &str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax")) {
        headers.append(header::SET_COOKIE, v);
    }
}

/// A page for the HTML fallback (any path outside `/api` and `/log`).
pub async fn not_found(page: Page) -> Response {
    let mut r = layout(&page, &page.t("not-found-title"), html! { p { (page.t("not-found-body")) } });
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

const STYLESHEET: &str = include_str!("../../static/truce.css");

async fn stylesheet() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], STYLESHEET)
        .into_response()
}

/// Raw SVG (already escaped by its renderer), placed inline.
pub fn svg(s: String) -> Markup {
    PreEscaped(s)
}

/// The sources of the pages, scanned by a test for the message ids they use.
const PAGE_SOURCES: &[&str] = &[
    include_str!("mod.rs"),
    include_str!("calendar.rs"),
    include_str!("public.rs"),
    include_str!("public/home.rs"),
    include_str!("public/chart.rs"),
    include_str!("trend.rs"),
    include_str!("desk/trends.rs"),
    include_str!("public/findings.rs"),
    include_str!("public/reports.rs"),
    include_str!("public/data.rs"),
    include_str!("public/verify.rs"),
    include_str!("public/agreement.rs"),
    include_str!("desk/mod.rs"),
    include_str!("desk/form.rs"),
    include_str!("desk/fields.rs"),
    include_str!("desk/labels.rs"),
    include_str!("desk/account.rs"),
    include_str!("desk/admin.rs"),
    include_str!("desk/inbox.rs"),
    include_str!("desk/case.rs"),
    include_str!("desk/actions.rs"),
    include_str!("desk/act.rs"),
    include_str!("desk/merge.rs"),
    include_str!("desk/file.rs"),
];

/// Every message id the pages name literally, as `t("…")` or `tw("…"` —
/// and the ids that come from [`CalendarKind::message_id`] and
/// [`message_ids_from_code`].
pub fn used_message_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for source in PAGE_SOURCES {
        for marker in [".t(\"", ".tw(\""] {
            let mut rest = *source;
            while let Some(i) = rest.find(marker) {
                rest = &rest[i + marker.len()..];
                if let Some(end) = rest.find('"') {
                    let id = &rest[..end];
                    if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                        ids.push(id.to_owned());
                    }
                }
            }
        }
    }
    ids.extend(CalendarKind::ALL.iter().map(|k| k.message_id().to_owned()));
    ids.extend(calendar::message_ids());
    ids.extend(message_ids_from_code());
    ids.sort();
    ids.dedup();
    ids
}

/// Message ids built from domain names at run time (statuses, command
/// forms): each is listed here so the test checks English has it.
pub fn message_ids_from_code() -> Vec<String> {
    let mut ids: Vec<String> = truce_core::Status::ALL.iter().map(|s| status_message_id(*s)).collect();
    ids.extend(desk::actions::message_ids());
    ids.sort();
    ids
}

/// The message id of a case status's name.
pub fn status_message_id(s: truce_core::Status) -> String {
    format!("status-{}", s.as_str().replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::i18n::{Lang, message_ids};

    #[test]
    fn every_message_the_pages_use_is_defined_in_english() {
        let english: std::collections::BTreeSet<String> = message_ids(Lang::En).into_iter().collect();
        for id in super::used_message_ids() {
            assert!(english.contains(&id), "the pages use {id}, which English lacks");
        }
    }
}
