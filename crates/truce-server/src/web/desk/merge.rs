//! Merging duplicates: the case beside the candidates that look like the
//! same incident — the same accused party, within 48 hours and 25 km — so a
//! mediator can compare them before merging. Reports of one clash come in
//! from several channels (a party, the public, the monitors); merging keeps
//! every report as provenance while one case carries on.

use axum::extract::{Path, State};
use axum::response::Response;
use maud::{Markup, html};
use truce_core::{Case, Status};

use truce_core::command::CommandKind;

use super::actions::slug;
use super::fields::{Failed, Fields};
use super::{agreement, labels, participant_name};
use crate::AppState;
use crate::app::AppError;
use crate::app::cases::{MERGE_CANDIDATES, WITHIN_HOURS, WITHIN_KM, candidates};
use crate::app::folded::visible_case;
use crate::web::{Page, WebError, layout, not_found, status_message_id};

/// The merge page.
pub async fn merge_page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if let Err(r) = super::logged_in(&page) {
        return Ok(r);
    }
    render(&state, &page, &id, None).await
}

fn column(page: &Page, agreement: &truce_core::Agreement, c: &Case) -> Markup {
    let a = &c.allegation;
    html! {
        dl.facts {
            dt { (page.t("case-status")) } dd { (page.t(&status_message_id(c.status))) }
            dt { (page.t("case-complainant")) }
            dd { @match c.complainant.participant() {
                Some(p) => (participant_name(page, agreement, p)),
                None => (page.t("case-complainant-public")),
            } }
            dt { (page.t("case-occurred")) } dd { (page.datetime(a.occurred_at)) }
            dt { (page.t("case-place")) }
            dd { @match &a.location {
                Some(l) => { (l.place_name) " (" (format!("{:.4}, {:.4}", l.lat, l.lon)) ")" },
                None => (page.t("case-no-place")),
            } }
            dt { (page.t("case-acts")) } dd { (a.acts.iter().map(|x| labels::act(page, *x)).collect::<Vec<_>>().join(", ")) }
            dt { (page.t("case-summary")) } dd { (a.summary) }
        }
    }
}

/// The merge page, with a refused merge shown again if there is one.
pub async fn render(state: &AppState, page: &Page, id: &str, failed: Option<&Failed>) -> Result<Response, WebError> {
    let case = match visible_case(state, &page.caller.viewer, id).await {
        Ok(c) => c,
        Err(AppError::NotFound(_)) => return Ok(not_found(page.clone()).await),
        Err(e) => return Err(e.into()),
    };
    let agreement = agreement(state)?;
    let found = candidates(state, &page.caller.viewer, &case, MERGE_CANDIDATES).await?;
    let f = Fields::new(page, slug(CommandKind::MergeDuplicate), failed);
    // The core's answer, not a copy of its rules.
    let may_merge = page.caller.principal.as_ref().is_some_and(|p| {
        super::actions::offered(&case, p, &agreement, page.now).contains(&CommandKind::MergeDuplicate)
    });
    let hours = WITHIN_HOURS.to_string();
    let km = format!("{WITHIN_KM:.0}");
    let body = html! {
        p { a href=(super::case_href(id)) { (page.tw("merge-back", &[("case", id)])) } }
        p.hint { (page.tw("merge-hint", &[("hours", &hours), ("km", &km)])) }
        @if !may_merge { p.notice { (page.t("merge-not-now")) } }
        (f.form_error(&["into", "note"]))
        @if found.is_empty() { p { (page.t("merge-none")) } }
        @for cand in &found {
            section.compare {
                h2 { (page.tw("merge-candidate", &[("case", cand.case.id.as_str())])) }
                p { (page.tw("merge-gap-hours", &[("hours", &format!("{:.1}", cand.hours))]))
                    @if let Some(km) = cand.km { " · " (page.tw("km", &[("km", &format!("{km:.1}"))])) } }
                div.side-by-side {
                    div { h3 { (page.t("merge-this-case")) " " code { (case.id) } } (column(page, &agreement, &case)) }
                    div { h3 { (page.t("merge-other-case")) " " a href=(super::case_href(cand.case.id.as_str())) { code { (cand.case.id) } } }
                        (column(page, &agreement, &cand.case)) }
                }
                @if cand.case.status == Status::Reported {
                    p.muted { (page.t("merge-not-acknowledged")) }
                } @else if may_merge {
                    form.stack method="post" action=(format!("/cases/{id}/merge")) {
                        (page.csrf_field())
                        input type="hidden" name="into" value=(cand.case.id);
                        @let note_id = format!("merge-note-{}", cand.case.id);
                        label for=(note_id) { (page.t("field-note")) }
                        input type="text" id=(note_id) name="note";
                        p { button type="submit" { (page.tw("merge-into", &[("case", cand.case.id.as_str())])) } }
                    }
                }
            }
        }
        @if may_merge {
            section {
                h2 { (page.t("merge-by-id")) }
                form.stack method="post" action=(format!("/cases/{id}/merge")) {
                    (page.csrf_field())
                    (f.field("text", "into", &page.t("merge-into-id"), None, "", true))
                    (f.field("text", "note", &page.t("field-note"), Some(&page.t("field-optional")), "", false))
                    p { button type="submit" { (page.t("button-merge")) } }
                }
            }
        }
    };
    Ok(super::private(page, layout(page, &page.tw("merge-title", &[("case", id)]), body)))
}
