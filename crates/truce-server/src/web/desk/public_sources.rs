//! The public-source reports at the desk, for the mediators: each event
//! imported from a public dataset (ACLED) with the open cases that looked
//! like the same incident when it was imported, linked to their pages and
//! to the duplicates page, where the mediators compare reports before
//! merging any. An imported event is not a case: it is shown here, never
//! in the case lists or the statistics (see `truce_core::public_source`).
//!
//! The page also carries the import form: a mediator uploads an ACLED
//! export (CSV) with a period and area, and the answer shows what happened
//! to every row (imported with its record and possible duplicates, already
//! imported, refused with its line, column and reason), then the list. It
//! calls the same use case as the API and `truce import acled`
//! ([`crate::app::imports`]); posting the same file again imports nothing,
//! so a reload is harmless. ACLED's own words (its types, actors, places,
//! notes and the reasons a row is refused, which name ACLED's columns) are
//! shown as written, in English.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::access::Viewer;

use super::form::FormBody;
use super::{logged_in, private, with_status};
use crate::AppState;
use crate::app::imports::{self, ImportSummary, Selection};
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// Where the page is, and where its form posts.
pub const PATH: &str = "/desk/public-sources";

/// `GET /desk/public-sources`: the import form, the imported events and
/// their possible duplicates.
pub async fn page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    render(&state, &page, None, &FormBody::default())
}

/// `POST /desk/public-sources`: imports the uploaded ACLED export for the
/// period and area of the form, then shows what happened to every row.
pub async fn import(State(state): State<AppState>, page: Page, mut body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    if page.caller.viewer != Viewer::Mediator {
        return render(&state, &page, None, &body);
    }
    let outcome = async {
        let selection = selection(&page, &body)?;
        let file =
            body.take_file("file").ok_or_else(|| ApiError::field("file", page.t("public-sources-file-missing")))?;
        imports::acled(&state, &page.caller, page.now, &file.bytes, &selection).await.map_err(ApiError::from)
    }
    .await;
    match outcome {
        Ok(summary) => render(&state, &page, Some(Ok(&summary)), &FormBody::default()),
        Err(e)
            if matches!(e.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) || e.status.is_server_error() =>
        {
            Err(WebError(e))
        }
        Err(e) => {
            let status = e.status;
            Ok(with_status(render(&state, &page, Some(Err(&e)), &body)?, status))
        }
    }
}

/// The period and area of the form; a day that is not one names its field.
fn selection(page: &Page, body: &FormBody) -> Result<Selection, ApiError> {
    let day = |field: &str| match body.value(field) {
        "" => Ok(None),
        v => v
            .parse::<jiff::civil::Date>()
            .map(Some)
            .map_err(|_| ApiError::field(field, page.tw("public-sources-not-a-day", &[("value", v)]))),
    };
    let area = body.value("area");
    Ok(Selection { from: day("from")?, to: day("to")?, area: (!area.is_empty()).then(|| area.to_owned()) })
}

/// The page: for a mediator, the outcome of an import just made (or why it
/// was refused), the form (with what was typed) and the list.
fn render(
    state: &AppState,
    page: &Page,
    outcome: Option<Result<&ImportSummary, &ApiError>>,
    typed: &FormBody,
) -> Result<Response, WebError> {
    let title = page.t("public-sources-title");
    if page.caller.viewer != Viewer::Mediator {
        return Ok(with_status(
            layout(page, &title, html! { p { (page.t("public-sources-mediators")) } }),
            StatusCode::FORBIDDEN,
        ));
    }
    let reports = imports::list(state, &page.caller)?;
    let body = html! {
        @match outcome {
            Some(Ok(summary)) => { (summary_section(page, summary)) }
            Some(Err(e)) => {
                div.error role="alert" { p { (page.tw("public-sources-refused",
                    &[("field", &page.ltr(e.field.as_deref().unwrap_or("-"))), ("reason", &page.isolated(&e.message))])) } }
            }
            None => {}
        }
        h2 { (page.t("public-sources-import")) }
        (import_form(page, typed))
        h2 { (page.t("public-sources-imported-list")) }
        p.hint { (page.t("public-sources-intro")) }
        @if reports.is_empty() {
            p { (page.t("public-sources-none")) }
        } @else {
            div.table-wrap { table {
                (head(page, &[
                    "public-sources-event", "public-sources-date", "public-sources-place",
                    "public-sources-type", "public-sources-fatalities", "public-sources-matches",
                ]))
                tbody {
                    @for r in &reports {
                        @let e = &r.report;
                        tr {
                            td { span dir="ltr" { (e.dataset.as_str().to_uppercase()) " " (e.event_id_cnty) } }
                            td { (page.ltr(&e.event_date.to_string())) }
                            td lang="en" { (e.location) @if !e.admin1.is_empty() { ", " (e.admin1) } }
                            td lang="en" { (e.sub_event_type) }
                            td { (e.fatalities.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())) }
                            td { (matches(page, &r.matches)) }
                        }
                    }
                }
            } }
        }
    };
    Ok(private(page, layout(page, &title, body)))
}

/// The upload form, holding what was typed when it comes back refused
/// (a browser never refills a file input).
fn import_form(page: &Page, typed: &FormBody) -> Markup {
    html! {
        form.stack method="post" action=(PATH) enctype="multipart/form-data" {
            (page.csrf_field())
            p.hint { (page.t("public-sources-import-hint")) }
            label for="import-file" { (page.t("public-sources-file")) }
            input type="file" id="import-file" name="file" accept=".csv,text/csv" required;
            label for="import-from" { (page.t("public-sources-from")) }
            input type="date" id="import-from" name="from" value=(typed.value("from"));
            label for="import-to" { (page.t("public-sources-to")) }
            input type="date" id="import-to" name="to" value=(typed.value("to"));
            label for="import-area" { (page.t("public-sources-area")) }
            input type="text" id="import-area" name="area" maxlength="200" value=(typed.value("area"));
            button type="submit" { (page.t("public-sources-import-button")) }
        }
    }
}

/// What an import did with every row: the counts, then the rows refused,
/// imported and already imported, each by its line in the file.
fn summary_section(page: &Page, summary: &ImportSummary) -> Markup {
    let count = |id: &str, n: usize| html! { li { (page.t(id)) ": " (n) } };
    let line = |row: u64| page.ltr(&row.to_string());
    let event = |id: &str| html! { span dir="ltr" { (id) } };
    let record = |index: u64| {
        html! { a href=(format!("/api/v1/records/{index}")) { (page.tw("public-sources-record", &[("index", &index.to_string())])) } }
    };
    html! {
        section.notice role="status" id="import-summary" {
            h2 { (page.t("public-sources-result")) }
            ul {
                (count("public-sources-rows", usize::try_from(summary.rows).unwrap_or(usize::MAX)))
                (count("public-sources-imported", summary.imported.len()))
                (count("public-sources-already", summary.already_imported.len()))
                (count("public-sources-refused-rows", summary.refused.len()))
                (count("public-sources-outside", usize::try_from(summary.outside_selection).unwrap_or(usize::MAX)))
            }
            @if let Some(why) = &summary.stopped {
                p.error role="alert" { (page.tw("public-sources-stopped", &[("reason", &page.isolated(why))])) }
            }
            @if !summary.refused.is_empty() {
                h3 { (page.t("public-sources-refused-rows")) }
                div.table-wrap { table id="import-refused" {
                    (head(page, &["public-sources-line", "public-sources-event", "public-sources-column", "public-sources-reason"]))
                    tbody { @for r in &summary.refused { tr {
                        td { (line(r.row)) }
                        td { @if let Some(id) = &r.event_id_cnty { (event(id)) } @else { "—" } }
                        td lang="en" dir="ltr" { (r.column) }
                        td lang="en" dir="ltr" { (r.reason) }
                    } } }
                } }
            }
            @if !summary.imported.is_empty() {
                h3 { (page.t("public-sources-imported")) }
                div.table-wrap { table id="import-imported" {
                    (head(page, &["public-sources-line", "public-sources-event", "public-sources-log-record", "public-sources-matches"]))
                    tbody { @for r in &summary.imported { tr {
                        td { (line(r.row)) }
                        td { (event(&r.event_id_cnty)) }
                        td { (record(r.record)) }
                        td { (matches(page, &r.matches)) }
                    } } }
                } }
            }
            @if !summary.already_imported.is_empty() {
                h3 { (page.t("public-sources-already")) }
                div.table-wrap { table id="import-already" {
                    (head(page, &["public-sources-line", "public-sources-event", "public-sources-log-record"]))
                    tbody { @for r in &summary.already_imported { tr {
                        td { (line(r.row)) }
                        td { (event(&r.event_id_cnty))
                            @if r.differs { br; small { (page.t("public-sources-differs")) } } }
                        td { (record(r.record)) }
                    } } }
                } }
            }
        }
    }
}

/// A table's header row, each column named by its message id.
fn head(page: &Page, columns: &[&str]) -> Markup {
    html! { thead { tr { @for id in columns { th scope="col" { (page.t(id)) } } } } }
}

/// The cases an event looks like, each linked to its page and to the
/// duplicates page.
fn matches(page: &Page, cases: &[impl std::fmt::Display]) -> Markup {
    html! {
        @if cases.is_empty() {
            (page.t("public-sources-no-match"))
        } @else {
            @for (i, case) in cases.iter().enumerate() {
                @if i > 0 { ", " }
                a href=(format!("/cases/{case}")) dir="ltr" { (case) }
                " (" a href=(format!("/cases/{case}/merge")) { (page.t("merge-compare")) } ")"
            }
        }
    }
}
