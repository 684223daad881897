//! The public-source reports at the desk, for the mediators: each event
//! imported from a public dataset (ACLED) with the open cases that looked
//! like the same incident when it was imported, linked to their pages and
//! to the duplicates page, where the mediators compare reports before
//! merging any. An imported event is not a case: it is shown here, never
//! in the case lists or the statistics (see `truce_core::public_source`).
//!
//! The events are imported through the API or `truce import acled`
//! ([`crate::app::imports`]); this page only reads them. ACLED's own words
//! (its types, actors, places and notes) are shown as ACLED wrote them, in
//! English.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use truce_core::access::Viewer;

use super::{logged_in, private, with_status};
use crate::AppState;
use crate::app::imports;
use crate::web::{Page, WebError, layout};

/// `GET /desk/public-sources`: the imported events and their possible duplicates.
pub async fn page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let title = page.t("public-sources-title");
    if page.caller.viewer != Viewer::Mediator {
        return Ok(with_status(
            layout(&page, &title, html! { p { (page.t("public-sources-mediators")) } }),
            StatusCode::FORBIDDEN,
        ));
    }
    let reports = imports::list(&state, &page.caller)?;
    let body = html! {
        p.hint { (page.t("public-sources-intro")) }
        @if reports.is_empty() {
            p { (page.t("public-sources-none")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (page.t("public-sources-event")) }
                    th scope="col" { (page.t("public-sources-date")) }
                    th scope="col" { (page.t("public-sources-place")) }
                    th scope="col" { (page.t("public-sources-type")) }
                    th scope="col" { (page.t("public-sources-fatalities")) }
                    th scope="col" { (page.t("public-sources-matches")) }
                } }
                tbody {
                    @for r in &reports {
                        @let e = &r.report;
                        tr {
                            td { span dir="ltr" { (e.dataset.as_str().to_uppercase()) " " (e.event_id_cnty) } }
                            td { (page.ltr(&e.event_date.to_string())) }
                            td lang="en" { (e.location) @if !e.admin1.is_empty() { ", " (e.admin1) } }
                            td lang="en" { (e.sub_event_type) }
                            td { (e.fatalities.map(|n| n.to_string()).unwrap_or_else(|| "—".to_owned())) }
                            td {
                                @if r.matches.is_empty() {
                                    (page.t("public-sources-no-match"))
                                } @else {
                                    @for (i, case) in r.matches.iter().enumerate() {
                                        @if i > 0 { ", " }
                                        a href=(format!("/cases/{case}")) dir="ltr" { (case) }
                                        " (" a href=(format!("/cases/{case}/merge")) { (page.t("merge-compare")) } ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(private(&page, layout(&page, &title, body)))
}
