//! The published daily situation reports: `/situation-reports`, the days,
//! and `/situation-reports/{day}`, one day by sector.
//!
//! The fixed text is the page's language (the catalogue); the narrative is
//! shown in the language the secretariat wrote it in, marked with its own
//! `lang` and `dir`, whatever the page's. Casualties are the reports'
//! claims, shown as ranges. Read for the public, so drafts answer "not
//! found" here (the mediators read them on their desk).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::situation::{Range, SectorDay};

use super::{bad_field, problem};
use crate::AppState;
use crate::app::Caller;
use crate::app::situation;
use crate::web::{Page, WebError, layout};

fn range(page: &Page, r: Range) -> String {
    if r.low == r.best && r.best == r.high {
        r.best.to_string()
    } else {
        page.tw(
            "situation-range",
            &[("low", &r.low.to_string()), ("best", &r.best.to_string()), ("high", &r.high.to_string())],
        )
    }
}

fn sector_name(page: &Page, id: Option<&str>) -> String {
    match id {
        None => page.t("situation-unplaced"),
        Some(id) => crate::web::trend::sector_name(id),
    }
}

/// The table of a day's numbers by sector, with the total (shared with the desk).
pub(crate) fn sector_table(page: &Page, sectors: &[SectorDay], total: &SectorDay) -> Markup {
    let row = |name: String, s: &SectorDay, head: bool| {
        html! {
            tr {
                @if head { th scope="row" { strong { (name) } } } @else { th scope="row" { (name) } }
                td { (s.reported) }
                td { (s.admitted) }
                td { (s.found) }
                td { (s.decided) }
                td { (range(page, s.killed)) }
                td { (range(page, s.injured)) }
                td { (s.casualties_unstated) }
                td { (s.open_deadlines) @if s.overdue > 0 { " (" (page.tw("situation-overdue", &[("count", &s.overdue.to_string())])) ")" } }
            }
        }
    };
    html! {
        div.table-wrap { table {
            caption { (page.t("situation-by-sector")) }
            thead { tr {
                th scope="col" { (page.t("situation-sector")) }
                th scope="col" { (page.t("situation-reported")) }
                th scope="col" { (page.t("situation-admitted")) }
                th scope="col" { (page.t("situation-found")) }
                th scope="col" { (page.t("situation-decided")) }
                th scope="col" { (page.t("situation-killed")) }
                th scope="col" { (page.t("situation-injured")) }
                th scope="col" { (page.t("situation-unstated")) }
                th scope="col" { (page.t("situation-open-deadlines")) }
            } }
            tbody {
                @for s in sectors { (row(sector_name(page, s.sector.as_deref()), s, false)) }
                (row(page.t("situation-total"), total, true))
            }
        } }
    }
}

/// The day's alerts and narrative, as published (shared with the desk).
pub(crate) fn report_body(page: &Page, view: &situation::SituationView) -> Markup {
    let r = &view.report;
    html! {
        p.hint { (page.tw("situation-day-intro", &[("zone", &page.ltr(&r.numbers.time_zone))])) }
        @if let Some(n) = &r.narrative {
            h2 { (page.t("situation-narrative")) }
            div.narrative lang=(n.lang) dir=(n.dir.as_str()) { @for line in n.text.lines() { p { (line) } } }
        }
        (sector_table(page, &r.numbers.sectors, &view.total))
        p.hint { (page.t("situation-claims")) }
        h2 { (page.t("situation-alerts")) }
        @if r.numbers.alerts.is_empty() {
            p { (page.t("situation-no-alerts")) }
        } @else {
            ul { @for a in &r.numbers.alerts {
                li { (page.tw("situation-alert", &[
                    ("sector", &sector_name(page, Some(&a.sector))),
                    ("method", &page.ltr(a.method.as_str())),
                    ("observed", &a.observed.to_string()),
                    ("record", &a.record.to_string()),
                ])) }
            } }
        }
        @if let Some(p) = r.published {
            p { (page.tw("situation-published", &[("when", &page.date(p.at)), ("record", &p.record.to_string())])) " "
                a href=(format!("/api/v1/records/{}", p.record)) { (page.t("situation-record")) } }
        }
    }
}

/// `GET /situation-reports`: the published days, newest first.
pub async fn index(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let list = situation::list(&state, &Caller::public());
    let body = html! {
        p.hint { (page.t("situation-intro")) }
        @if list.is_empty() {
            p { (page.t("situation-none")) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("situation-day")) }
                    th scope="col" { (page.t("situation-reported")) }
                    th scope="col" { (page.t("situation-decided")) }
                    th scope="col" { (page.t("situation-alerts")) }
                } }
                tbody { @for v in &list {
                    tr {
                        th scope="row" { a href=(format!("/situation-reports/{}", v.day)) { (page.ltr(&v.day.to_string())) } }
                        td { (v.total.reported) }
                        td { (v.total.decided) }
                        td { (v.report.numbers.alerts.len()) }
                    }
                } }
            } }
        }
    };
    Ok(layout(&page, &page.t("situation-title"), body))
}

/// `GET /situation-reports/{day}`: one published day.
pub async fn day(State(state): State<AppState>, Path(text): Path<String>, page: Page) -> Result<Response, WebError> {
    let Ok(day) = text.parse::<jiff::civil::Date>() else {
        return Ok(bad_field(&page, "day", &page.tw("situation-bad-day", &[("value", &text)])));
    };
    let title = page.tw("situation-day-title", &[("day", &page.ltr(&day.to_string()))]);
    let view = match situation::one(&state, &Caller::public(), day) {
        Ok(v) => v,
        Err(e) if e.is_not_found() => {
            return Ok(problem(
                &page,
                StatusCode::NOT_FOUND,
                &title,
                html! { p { (page.t("situation-not-published")) } p { a href="/situation-reports" { (page.t("situation-back")) } } },
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let body = html! {
        (report_body(&page, &view))
        p { a href="/situation-reports" { (page.t("situation-back")) } }
    };
    Ok(layout(&page, &title, body))
}
