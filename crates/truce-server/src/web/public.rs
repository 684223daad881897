//! The mechanism's public face: the home page, the findings, the periodic
//! reports, the open data, how to verify the log, and the agreement.
//!
//! Everything here is computed for [`Viewer::Public`] whoever asks: a
//! public page says the same to everyone, so it can be cached and linked
//! to, and nothing on it depends on a login. Which cases are public is
//! decided by [`truce_core::access`] through the list scope of
//! [`crate::app::cases::scope_of`], applied in the store's queries; the
//! reads are [`crate::app::public`]'s.
//!
//! - [`home`]: the home page, cached until the log grows.
//! - [`chart`]: the weekly chart of confirmed violations, drawn as SVG with
//!   a table for those who cannot see it.
//! - [`findings`]: the list of published findings.
//! - [`reports`]: monthly and weekly reports, printable.
//! - [`situation`]: the published daily situation reports.
//! - [`data`]: CSV and GeoJSON downloads, streamed page by page.
//! - [`alerts`]: the public CAP alerts and their Atom index.
//! - [`verify`]: the checkpoint and how to check a record's proof.
//! - [`agreement`]: the agreement in full.
//! - [`talks`]: rounds, published communiqués with their signatures, commitments.

pub mod agreement;
pub mod alerts;
pub mod chart;
pub mod data;
pub mod findings;
pub mod home;
pub mod reports;
pub mod situation;
pub mod talks;
pub mod verify;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use maud::{Markup, html};
use truce_core::Agreement;

use super::{Page, layout};
use crate::AppState;

/// The public routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/findings", get(findings::list))
        .route("/reports", get(reports::index))
        .route("/reports/{period}", get(reports::report))
        .route("/situation-reports", get(situation::index))
        .route("/situation-reports/{day}", get(situation::day))
        .route("/data", get(data::index))
        .route("/data/{file}", get(data::file))
        .route("/data/feed.atom", get(data::feed))
        .route("/data/agreement-pax.csv", get(data::agreement_pax))
        .route("/data/dictionary", get(data::dictionary))
        .route("/data/licence", get(data::licence))
        .route("/data/alerts.cap", get(alerts::index))
        .route("/data/alerts/{file}", get(alerts::alert))
        .route("/verify", get(verify::verify))
        .route("/agreement", get(agreement::agreement))
        .route("/talks", get(talks::index))
        .route("/talks/rounds/{id}", get(talks::round))
        .route("/talks/communiques/{id}", get(talks::communique))
        .layer(axum::Extension(home::HomeCache::shared()))
        .layer(axum::Extension(reports::ReportCache::shared()))
}

/// The agreement in force, or a page saying there is none yet.
pub(crate) fn agreement_or_503(state: &AppState) -> Result<std::sync::Arc<Agreement>, super::WebError> {
    Ok(state.agreement()?)
}

/// The key of a participant's names in the agreement for the page's language.
fn names_key(page: &Page) -> &'static str {
    match page.lang {
        super::Lang::Prs => "fa",
        other => other.code(),
    }
}

/// A participant's name in the page's language (its id if unknown).
pub(crate) fn participant_name(page: &Page, agreement: &Agreement, id: &str) -> String {
    agreement
        .participants
        .values()
        .find(|p| p.id.as_str() == id)
        .map_or_else(|| id.to_owned(), |p| p.name(names_key(page)).to_owned())
}

/// A time from Unix seconds.
pub(crate) fn at(secs: i64) -> Option<jiff::Timestamp> {
    jiff::Timestamp::from_second(secs).ok()
}

/// The day of an agreement's date as written (in the time zone where it
/// was signed), as a time the page's calendar can show: the agreement was
/// signed on 19 October in Doha even though it was still the 18th in UTC.
pub(crate) fn civil_day(z: &jiff::ZonedDateTime) -> jiff::Timestamp {
    z.date().to_zoned_datetime(jiff::tz::TimeZone::UTC).map_or_else(|_| z.timestamp(), |d| d.timestamp())
}

/// The items of a list column of the store ([`truce_node::projection::list_items`]).
pub(crate) fn split_list(s: &str) -> Vec<&str> {
    truce_node::projection::list_items(s)
}

/// The outcome of a finding in words: a violation by a party, a confirmed
/// incident not attributed, not confirmed, or inconclusive.
pub(crate) fn outcome_text(
    page: &Page,
    agreement: &Agreement,
    occurrence: &str,
    party: Option<&str>,
    breached: &str,
) -> String {
    match (occurrence, party) {
        ("confirmed", Some(p)) if !split_list(breached).is_empty() => {
            page.tw("outcome-violation", &[("party", &participant_name(page, agreement, p))])
        }
        ("confirmed", _) => page.t("outcome-confirmed"),
        ("not_confirmed", _) => page.t("outcome-not-confirmed"),
        ("inconclusive", _) => page.t("outcome-inconclusive"),
        (other, _) => other.to_owned(),
    }
}

/// A severity in words.
pub(crate) fn severity_text(page: &Page, severity: &str) -> String {
    match severity {
        "minor" => page.t("outcome-severity-minor"),
        "serious" => page.t("outcome-severity-serious"),
        "grave" => page.t("outcome-severity-grave"),
        other => other.to_owned(),
    }
}

/// A case status's name, from its stored form.
pub(crate) fn status_text(page: &Page, status: &str) -> String {
    match truce_core::Status::parse(status) {
        Some(s) => page.t(&super::status_message_id(s)),
        None => status.to_owned(),
    }
}

/// A page that explains a problem, in the page's language, with `status`.
pub(crate) fn problem(page: &Page, status: StatusCode, title: &str, body: Markup) -> Response {
    let mut response = layout(page, title, html! { div.error role="alert" { (body) } });
    *response.status_mut() = status;
    response
}

/// A bad value in `field` of the request: 422, naming the field.
pub(crate) fn bad_field(page: &Page, field: &str, message: &str) -> Response {
    problem(
        page,
        StatusCode::UNPROCESSABLE_ENTITY,
        &page.t("bad-request-title"),
        html! { p { strong { (field) } ": " (message) } },
    )
}
