//! The published findings, newest incident first, filtered by the accused
//! party and a provision cited, a page at a time. Each links to its case's
//! page, which shows the case's whole history.

use axum::extract::State;
use axum::response::Response;
use maud::html;
use truce_store::CaseFilter;

use super::{bad_field, outcome_text, participant_name, severity_text, status_text};
use crate::AppState;
use crate::web::{Page, WebError, layout};

/// Findings per page.
pub const PAGE_SIZE: u64 = 25;

/// The list's filters, as given in the query.
#[derive(Debug, Default)]
struct Query {
    party: Option<String>,
    provision: Option<String>,
    after: Option<(i64, String)>,
}

/// Reads the filters from the query (without `lang` and `cal`), checking
/// each against the agreement; the error names the field.
fn parse_query(page: &Page, agreement: &truce_core::Agreement) -> Result<Query, (String, String)> {
    let mut q = Query::default();
    for (k, v) in form_urlencoded::parse(page.query.as_bytes()) {
        let v = v.trim().to_owned();
        if v.is_empty() {
            continue;
        }
        match &*k {
            "party" => {
                if !agreement.parties().any(|p| p.id.as_str() == v) {
                    let known: Vec<&str> = agreement.parties().map(|p| p.id.as_str()).collect();
                    return Err((
                        "party".into(),
                        page.tw("filter-bad-party", &[("value", &v), ("known", &known.join(", "))]),
                    ));
                }
                q.party = Some(v);
            }
            "provision" => {
                if !agreement.provisions.iter().any(|p| p.id.as_str() == v) {
                    let known: Vec<&str> = agreement.provisions.iter().map(|p| p.id.as_str()).collect();
                    return Err((
                        "provision".into(),
                        page.tw("filter-bad-provision", &[("value", &v), ("known", &known.join(", "))]),
                    ));
                }
                q.provision = Some(v);
            }
            "after" => {
                let cursor = v.split_once('~').and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_owned())));
                match cursor {
                    Some(c) => q.after = Some(c),
                    None => return Err(("after".into(), page.t("filter-bad-after"))),
                }
            }
            other => return Err((other.to_owned(), page.t("filter-unknown"))),
        }
    }
    Ok(q)
}

/// `GET /findings`: published findings, filtered and paged.
pub async fn list(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let agreement = super::agreement_or_503(&state)?;
    let q = match parse_query(&page, &agreement) {
        Ok(q) => q,
        Err((field, message)) => return Ok(bad_field(&page, &field, &message)),
    };
    let filter = CaseFilter {
        party: q.party.clone(),
        provision: q.provision.clone(),
        after: q.after.clone(),
        ..CaseFilter::default()
    };
    let (cases, next) = crate::app::public::findings(&state, filter, PAGE_SIZE).await?;
    let next = next.map(|(occurred_at, id)| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        if let Some(p) = &q.party {
            s.append_pair("party", p);
        }
        if let Some(p) = &q.provision {
            s.append_pair("provision", p);
        }
        s.append_pair("after", &format!("{occurred_at}~{id}"));
        format!("/findings?{}", s.finish())
    });
    let a = &agreement;
    let body = html! {
        p.hint { (page.t("findings-intro")) }
        form.filters method="get" action="/findings" {
            div.row {
                div {
                    label for="f-party" { (page.t("filter-party")) }
                    select #f-party name="party" {
                        option value="" { (page.t("filter-any")) }
                        @for p in a.parties() {
                            option value=(p.id) selected[q.party.as_deref() == Some(p.id.as_str())] {
                                (participant_name(&page, a, p.id.as_str())) }
                        }
                    }
                }
                div {
                    label for="f-provision" { (page.t("filter-provision")) }
                    select #f-provision name="provision" {
                        option value="" { (page.t("filter-any")) }
                        @for p in &a.provisions {
                            option value=(p.id) selected[q.provision.as_deref() == Some(p.id.as_str())] {
                                (p.id) " — " (p.title) }
                        }
                    }
                }
            }
            button type="submit" { (page.t("filter-apply")) }
        }
        @if cases.is_empty() {
            p { (page.t("findings-none")) }
        } @else {
            ol.findings {
                @for c in &cases {
                    @if let Some(f) = &c.finding {
                        li {
                            h2 { a href=(format!("/cases/{}", c.id)) { (c.id) } }
                            p { (c.allegation.summary) }
                            dl.facts {
                                dt { (page.t("finding-outcome")) }
                                dd { strong { (finding_outcome(&page, a, f)) } }
                                @if !f.provisions_breached.is_empty() {
                                    dt { (page.t("finding-breached")) }
                                    dd { (f.provisions_breached.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
                                }
                                @if let Some(s) = f.severity {
                                    dt { (page.t("finding-severity-label")) } dd { (severity_text(&page, s.as_str())) }
                                }
                                dt { (page.t("finding-accused")) }
                                dd { (participant_name(&page, a, c.allegation.accused.as_str())) }
                                dt { (page.t("finding-occurred")) } dd { (page.datetime(c.allegation.occurred_at)) }
                                @if let Some(l) = &c.allegation.location {
                                    dt { (page.t("finding-place")) } dd { (l.place_name) }
                                }
                                dt { (page.t("finding-status")) } dd { (status_text(&page, c.status.as_str())) }
                                @if let Some(t) = c.final_at {
                                    dt { (page.t("finding-final")) } dd { (page.date(t)) }
                                }
                            }
                            @if !f.reasons.is_empty() { p.reasons { (f.reasons) } }
                        }
                    }
                }
            }
        }
        @if let Some(n) = next { p { a rel="next" href=(n) { (page.t("findings-next")) } } }
        p { a href="/data/findings.csv" { (page.t("findings-download")) } }
    };
    Ok(layout(&page, &page.t("findings-title"), body))
}

/// A finding's outcome in words.
fn finding_outcome(page: &Page, agreement: &truce_core::Agreement, f: &truce_core::case::Finding) -> String {
    let occurrence = serde_json::to_value(f.occurrence).ok().and_then(|v| v.as_str().map(str::to_owned));
    let breached: Vec<&str> = f.provisions_breached.iter().map(|p| p.as_str()).collect();
    outcome_text(
        page,
        agreement,
        occurrence.as_deref().unwrap_or(""),
        f.attribution.as_ref().map(|x| x.party.as_str()),
        &breached.join(","),
    )
}
