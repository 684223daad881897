//! The case page, for any reader: the allegation, where it happened, where
//! it stands, what was found and decided, the evidence, and the whole
//! history — who did what and when, each entry linked to its log record and
//! its inclusion proof, so that anyone can check it with `truce verify`.
//!
//! What the reader sees is the API's case view
//! ([`crate::app::cases::view`]): the same access rules, the same
//! redaction of open motions, the same 404 for a case the reader may not
//! see. Below the history come the forms the reader may use
//! ([`super::actions`]).

use axum::extract::{Path, State};
use axum::response::Response;
use maud::{Markup, html};
use truce_core::case::{Adopted, Casualties, EventKind, Motion, TimePrecision};
use truce_core::{Agreement, Case, Event};

use super::actions::{self, Ctx};
use super::fields::Failed;
use super::{agreement, labels, participant_name};
use crate::AppState;
use crate::app::AppError;
use crate::app::cases::{self, CaseView, TimelineEntry};
use crate::web::{Page, WebError, layout, not_found, status_message_id};

/// The case page.
pub async fn case_page(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    render(&state, &page, &id, None).await
}

/// The case page, with a refused form shown again if there is one; the
/// "not found" page for a case the reader may not see.
pub async fn render(state: &AppState, page: &Page, id: &str, failed: Option<&Failed>) -> Result<Response, WebError> {
    let view = match cases::view(state, &page.caller.viewer, id, false).await {
        Ok(v) => v,
        Err(AppError::NotFound(_)) => return Ok(not_found(page.clone()).await),
        Err(e) => return Err(e.into()),
    };
    let agreement = agreement(state)?;
    let ctx = Ctx { agreement: &agreement, view: &view, now: page.now };
    let case = &view.case;
    let body = html! {
        p.case-meta {
            span.badge { (page.t(&status_message_id(case.status))) }
            " " code { (case.id) }
            @if view.published { " " span.badge { (page.t("case-published")) } }
        }
        @if failed.is_some() {
            p.error role="alert" { a href="#actions" { (page.t("case-form-refused")) } }
        }
        @if !view.flags.is_empty() {
            ul.flags role="note" { @for flag in &view.flags { li.overdue { (flag) } } }
        }
        @if !view.possible_duplicates.is_empty() {
            p.notice role="note" { (page.t("case-possible-duplicates")) " "
                @for (i, d) in view.possible_duplicates.iter().enumerate() {
                    @if i > 0 { ", " } a href=(super::case_href(d)) { (d) } }
                @if page.caller.viewer == truce_core::access::Viewer::Mediator {
                    " · " a href=(format!("/cases/{}/merge", case.id)) { (page.t("merge-compare")) }
                } }
        }
        @if !view.public_sources.is_empty() {
            p.notice role="note" { (page.t("case-public-sources")) " "
                @for (i, r) in view.public_sources.iter().enumerate() {
                    @if i > 0 { ", " } span dir="ltr" { (r.to_uppercase()) } }
                " · " a href="/desk/public-sources" { (page.t("public-sources-title")) } }
        }
        (allegation(page, &agreement, case))
        (placement(page, case))
        (deadlines(page, case))
        (outcome(page, &agreement, case))
        (evidence(page, &view))
        (ballot(page, &agreement, case))
        (history(page, &agreement, &view.timeline))
        @if let Some(p) = &page.caller.principal {
            section #actions {
                h2 { (page.t("case-actions")) }
                (actions::forms(page, p, &ctx, failed))
            }
        }
    };
    Ok(super::private(page, layout(page, &case.allegation.summary, body)))
}

/// `/follow/{token}`: where the case a member of the public filed stands,
/// by the token given at filing; nothing of the case but its status until
/// it is published. Private: never cached, never indexed.
pub async fn follow_page(
    State(state): State<AppState>,
    page: Page,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let followed = match cases::follow(&state, &token).await {
        Ok(f) => f,
        Err(AppError::NotFound(_)) => return Ok(not_found(page.clone()).await),
        Err(e) => return Err(e.into()),
    };
    let at = |t: &str| t.parse::<jiff::Timestamp>().map(|t| page.datetime(t)).unwrap_or_else(|_| t.to_owned());
    let body = html! {
        p.hint { (page.t("follow-intro")) }
        dl.facts {
            dt { (page.t("follow-case")) } dd { code { (followed.case) } }
            dt { (page.t("follow-status")) } dd { span.badge { (page.t(&status_message_id(followed.status))) } }
            dt { (page.t("case-filed")) } dd { (at(&followed.filed_at)) }
            dt { (page.t("follow-last")) } dd { (at(&followed.last_event_at)) }
        }
        @if followed.published {
            p { a href=(super::case_href(&followed.case)) { (page.t("follow-published")) } }
        } @else {
            p.muted { (page.t("follow-not-published")) }
        }
        p.hint { (page.t("follow-keep")) }
    };
    Ok(super::never_stored(layout(&page, &page.t("follow-title"), body)))
}

/// The casualty figures as stated; one not stated says so, never zero.
fn casualty_rows(page: &Page, c: &Casualties) -> Markup {
    let rows = [
        (page.t("casualties-civilians-killed"), c.civilians_killed),
        (page.t("casualties-civilians-injured"), c.civilians_injured),
        (page.t("casualties-combatants-killed"), c.combatants_killed),
        (page.t("casualties-combatants-injured"), c.combatants_injured),
    ];
    html! {
        @if c.is_unknown() {
            p.muted { (page.t("casualties-not-stated")) }
        } @else {
            div.table-wrap { table {
                caption { (page.t("casualties-legend")) }
                thead { tr { th scope="col" { (page.t("casualties-who")) } th scope="col" { (page.t("estimate-low")) }
                    th scope="col" { (page.t("estimate-best")) } th scope="col" { (page.t("estimate-high")) } } }
                tbody { @for (who, e) in &rows {
                    tr { th scope="row" { (who) } @match e {
                        Some(e) => { td { (e.low) } td { (e.best) } td { (e.high) } },
                        None => td.muted colspan="3" { (page.t("not-stated")) },
                    } }
                } }
            } }
        }
    }
}

fn allegation(page: &Page, agreement: &Agreement, case: &Case) -> Markup {
    let a = &case.allegation;
    html! {
        section #allegation {
            h2 { (page.t("case-allegation")) }
            dl.facts {
                dt { (page.t("case-accused")) } dd { (participant_name(page, agreement, &a.accused)) }
                dt { (page.t("case-complainant")) }
                dd { @match case.complainant.participant() {
                    Some(p) => (participant_name(page, agreement, p)),
                    None => (page.t("case-complainant-public")),
                } }
                dt { (page.t("case-occurred")) }
                dd { (occurred(page, a)) }
                dt { (page.t("case-filed")) } dd { (page.datetime(case.filed_at)) }
                dt { (page.t("case-provisions")) }
                dd { ul.plain { @for p in &a.provisions {
                    li { strong { (p) } @if let Some(pr) = agreement.provision(p) { " — " (pr.title) } }
                } } }
                dt { (page.t("case-acts")) }
                dd { (a.acts.iter().map(|x| labels::act(page, *x)).collect::<Vec<_>>().join(", ")) }
            }
            @if !a.narrative.is_empty() { p.narrative { (a.narrative) } }
            (casualty_rows(page, &a.casualties))
            @if !case.amendments.is_empty() {
                p.notice { (page.tw("case-amended", &[("count", &case.amendments.len().to_string())])) " "
                    a href="#history" { (page.t("case-amended-history")) } }
                ul.plain { @for m in &case.amendments {
                    li { time datetime=(m.at.to_string()) { (page.datetime(m.at)) } ": " (m.reason) } } }
            }
        }
    }
}

/// When the incident happened, as precisely as it is known: a day (or a
/// span of days) known only to the day is shown as dates, never as midnight.
pub fn occurred(page: &Page, a: &truce_core::case::Allegation) -> String {
    match (a.time_precision, a.occurred_until) {
        (TimePrecision::Day, None) => page.tw("occurred-day", &[("day", &page.date(a.occurred_at))]),
        (TimePrecision::Day, Some(u)) => {
            page.tw("occurred-days", &[("first", &page.date(a.occurred_at)), ("last", &page.date(u))])
        }
        (TimePrecision::Exact, None) => page.datetime(a.occurred_at),
        (TimePrecision::Exact, Some(u)) => format!("{} – {}", page.datetime(a.occurred_at), page.datetime(u)),
    }
}

fn placement(page: &Page, case: &Case) -> Markup {
    let geography = truce_geo::Geography::embedded().ok();
    html! {
        section #place {
            h2 { (page.t("case-place")) }
            @match &case.allegation.location {
                None => p.muted { (page.t("case-no-place")) },
                Some(loc) => dl.facts {
                    @if !loc.place_name.is_empty() { dt { (page.t("case-place-name")) } dd { (loc.place_name) } }
                    dt { (page.t("case-coordinates")) }
                    dd { (format!("{:.4}, {:.4}", loc.lat, loc.lon)) " "
                        a href=(format!("https://www.openstreetmap.org/?mlat={0:.4}&mlon={1:.4}#map=11/{0:.4}/{1:.4}", loc.lat, loc.lon)) {
                            (page.t("case-on-map")) } }
                    @if let Some(pl) = &case.placement {
                        dt { (page.t("case-side")) }
                        dd { @match pl.side {
                                Some(truce_geo::Side::Pakistan) => (page.t("side-pakistan")),
                                Some(truce_geo::Side::Afghanistan) => (page.t("side-afghanistan")),
                                None => (page.t("side-neither")),
                            }
                            @if pl.side_uncertain { " " span.badge { (page.t("side-uncertain")) } }
                            @if pl.band_note.is_some() {
                                " " span.muted { (page.tw("side-line-off", &[("km", &format!("{:.1}", pl.band_km))])) }
                            } }
                        dt { (page.t("case-border-km")) }
                        dd { (page.tw("km", &[("km", &format!("{:.1}", pl.border_km))])) }
                        @if let Some(s) = &pl.sector {
                            dt { (page.t("case-sector")) }
                            dd { (geography.and_then(|g| g.sector(s)).map_or(s.clone(), |s| s.name.clone())) }
                        }
                        @if let Some(c) = &pl.nearest_crossing {
                            dt { (page.t("case-crossing")) }
                            dd { (c.name) " (" (page.tw("km", &[("km", &format!("{:.1}", c.km))])) ")" }
                        }
                        @if let Some(np) = &pl.nearest_place {
                            dt { (page.t("case-nearest-place")) }
                            dd { (np.name) ", " (np.province) " (" (page.tw("km", &[("km", &format!("{:.1}", np.km))])) ")" }
                        }
                    }
                },
            }
        }
    }
}

fn deadlines(page: &Page, case: &Case) -> Markup {
    let d = &case.deadlines;
    let overdue = case.overdue(page.now);
    let rows = [
        (page.t("deadline-acknowledge"), d.acknowledge_by, truce_core::case::Overdue::Acknowledgement),
        (page.t("deadline-triage"), d.triage_by, truce_core::case::Overdue::Triage),
        (page.t("deadline-reply"), d.reply_by, truce_core::case::Overdue::Reply),
        (page.t("deadline-investigation"), d.investigation_due, truce_core::case::Overdue::Investigation),
        (page.t("deadline-compliance"), d.compliance_by, truce_core::case::Overdue::Compliance),
    ];
    html! {
        section #deadlines {
            h2 { (page.t("case-deadlines")) }
            dl.facts {
                @for (name, at, kind) in &rows { @if let Some(at) = at {
                    dt { (name) }
                    dd { (page.datetime(*at))
                        @if overdue.contains(kind) { " " strong.overdue { (page.t("overdue")) } } }
                } }
                @if let Some(at) = d.appeal_until {
                    dt { (page.t("deadline-appeal")) } dd { (page.datetime(at)) }
                }
                @for e in &case.appeal_extensions {
                    dt { (page.tw("deadline-appeal-of", &[("party", e.party.as_str())])) }
                    dd { (page.datetime(e.until)) " " span.badge { (page.t("deadline-extended")) } }
                }
            }
        }
    }
}

fn finding_facts(page: &Page, agreement: &Agreement, f: &truce_core::case::Finding) -> Markup {
    html! {
        dl.facts {
            dt { (page.t("finding-occurrence")) }
            dd { (labels::occurrence(page, f.occurrence)) " (" (labels::standard(page, f.occurrence_standard_met)) ")" }
            @if let Some(a) = &f.attribution {
                dt { (page.t("finding-attribution")) }
                dd { (participant_name(page, agreement, &a.party)) ", " (labels::basis(page, a.basis))
                    " (" (labels::standard(page, a.standard_met)) ")" }
            }
            @if !f.provisions_breached.is_empty() {
                dt { (page.t("finding-provisions-breached")) }
                dd { (f.provisions_breached.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
            }
            @if !f.acts.is_empty() {
                dt { (page.t("finding-acts")) }
                dd { (f.acts.iter().map(|x| labels::act(page, *x)).collect::<Vec<_>>().join(", ")) }
            }
            @if let Some(s) = f.severity { dt { (page.t("finding-severity")) } dd { (labels::severity(page, s)) } }
            dt { (page.t("finding-reasons")) } dd { (f.reasons) }
        }
        (casualty_rows(page, &f.casualties))
    }
}

fn outcome(page: &Page, agreement: &Agreement, case: &Case) -> Markup {
    html! {
        @if let Some(m) = &case.merged_into {
            p.notice { (page.t("case-merged-into")) " " a href=(super::case_href(m.as_str())) { (m) } }
        }
        @if !case.duplicates.is_empty() {
            p { (page.t("case-duplicates")) " "
                @for (i, d) in case.duplicates.iter().enumerate() {
                    @if i > 0 { ", " } a href=(super::case_href(d.as_str())) { (d) } } }
        }
        @if let Some(r) = &case.inadmissible_reason {
            section { h2 { (page.t("case-inadmissible")) } p { (r) } }
        }
        @if let Some(r) = &case.withdrawn_reason {
            section #withdrawn { h2 { (page.t("case-withdrawn")) } p { (r) } }
        }
        @if !case.links.is_empty() {
            section #links { h2 { (page.t("case-links")) }
                ul.plain { @for l in &case.links {
                    li { (page.t(&format!("link-{}", l.relation.as_str().replace('_', "-")))) ": "
                        a href=(super::case_href(l.case.as_str())) { (l.case) } } } } }
        }
        @if !case.notes.is_empty() {
            section #notes { h2 { (page.t("case-notes")) } p.hint { (page.t("case-notes-hint")) }
                ul.plain { @for n in &case.notes {
                    li { time datetime=(n.at.to_string()) { (page.datetime(n.at)) }
                        @if let Some(by) = &n.by { " · " (by) } ": " (n.text) } } } }
        }
        @if let Some(r) = &case.reply {
            section #reply { h2 { (page.t("case-reply")) }
                p { strong { (labels::position(page, r.position)) } } p { (r.text) } }
        }
        @if case.team.is_some() || case.investigation.is_some() || !case.access_denials.is_empty() {
            section #investigation { h2 { (page.t("case-investigation")) }
                @if let Some(t) = &case.team { p { (page.t("case-team")) ": " (participant_name(page, agreement, t)) } }
                @for d in &case.access_denials {
                    p.overdue { (page.tw("case-access-denied", &[("by", d.by.as_str()), ("place", &d.place)])) }
                    p { (d.description) }
                }
                @if let Some(r) = &case.investigation { p { (r.summary) } }
            }
        }
        @if let Some(f) = &case.finding {
            section #finding { h2 { (page.t("case-finding")) } (finding_facts(page, agreement, f))
                @if let Some(at) = case.final_at { p { (page.t("case-final-at")) " " (page.datetime(at)) } } }
        }
        @if !case.appeals.is_empty() {
            section #appeal { h2 { (page.t("case-appeal")) }
                @for (i, a) in case.appeals.iter().enumerate() {
                    p { (participant_name(page, agreement, &a.by)) ": " (a.grounds)
                        " " span.badge { (page.t(if i < case.appeals_decided { "appeal-decided" } else { "appeal-pending" })) } }
                } }
        }
        @if case.penalty_proposal.is_some() || case.penalty.is_some() {
            section #penalty { h2 { (page.t("case-penalty")) }
                @if let Some(p) = &case.penalty_proposal {
                    h3 { (page.tw("penalty-proposal", &[("level", &p.level.to_string()), ("measure", &p.measure_title)])) }
                    p.hint { (page.t("penalty-explanation")) }
                    ol.steps { @for s in &p.steps { li { (s) } } }
                }
                @if let Some(d) = &case.penalty {
                    h3 { (page.t("penalty-decided")) }
                    dl.facts {
                        dt { (page.t("penalty-party")) } dd { (participant_name(page, agreement, &d.party)) }
                        dt { (page.t("penalty-level-label")) }
                        dd { (d.level) " — " (agreement.penalties.rung(d.level).map_or(d.measure.to_string(), |r| r.measure.clone())) }
                        @if !d.reason.is_empty() { dt { (page.t("field-reason")) } dd { (d.reason) } }
                        dt { (page.t("penalty-decided-at")) } dd { (page.datetime(d.decided_at)) }
                        dt { (page.t("deadline-compliance")) } dd { (page.datetime(d.compliance_by)) }
                    }
                }
                @if let Some(c) = case.complied {
                    p { strong { (if c { page.t("compliance-yes") } else { page.t("compliance-no") }) } }
                }
            }
        }
        @if !case.escalations.is_empty() {
            section #escalations { h2 { (page.t("case-escalations")) }
                ul { @for (rule, party) in &case.escalations { li { (rule) " — " (participant_name(page, agreement, party)) } } } }
        }
    }
}

fn evidence(page: &Page, view: &CaseView) -> Markup {
    let id = &view.case.id;
    html! {
        section #evidence {
            h2 { (page.t("case-evidence")) }
            @if view.evidence.is_empty() { p.muted { (page.t("case-no-evidence")) } } @else {
                div.table-wrap { table.cards-sm {
                    thead { tr { th scope="col" { (page.t("evidence-file")) } th scope="col" { (page.t("evidence-description")) }
                        th scope="col" { (page.t("evidence-type")) } th scope="col" { (page.t("evidence-checks")) } } }
                    tbody { @for e in &view.evidence { tr {
                        td { @if e.readable {
                                a href=(format!("/api/v1/cases/{id}/evidence/{}", e.sha256)) download {
                                    code { (e.sha256.get(..12).unwrap_or(&e.sha256)) "…" } }
                            } @else { code title=(e.sha256) { (e.sha256.get(..12).unwrap_or(&e.sha256)) "…" }
                                " " span.muted { (page.t("evidence-not-readable")) } } }
                        td data-label=(page.t("evidence-description")) { (e.description) }
                        td data-label=(page.t("evidence-type")) { (e.content_type.as_deref().unwrap_or("—")) }
                        td data-label=(page.t("evidence-checks")) {
                            @if e.readable && e.content_type.is_none() { span.muted { (page.t("evidence-not-received")) } }
                            @else if e.mismatch.is_empty() { @if e.readable { (fits(page, e, view.case.allegation.location.is_some())) } }
                             @else { ul.plain { @for m in &e.mismatch { li.overdue { (m.reason) } } } } }
                    } } }
                } }
            }
        }
    }
}

/// What a file's embedded place and time say of the case, when nothing
/// disagrees: a check that could not be made is named, never shown as a fit.
fn fits(page: &Page, e: &crate::app::cases::EvidenceItem, case_has_place: bool) -> Markup {
    let exif = e.exif.as_ref();
    let place = match exif.is_some_and(|x| x.lat.is_some() && x.lon.is_some()) {
        false => "evidence-no-place",
        true if !case_has_place => "evidence-no-place-to-compare",
        true => "evidence-place-fits",
    };
    let time = if exif.is_some_and(|x| x.time.is_some()) { "evidence-time-fits" } else { "evidence-no-time" };
    html! { ul.plain { li { (page.t(place)) } li { (page.t(time)) } } }
}

/// A penalty measure as the agreement names it for people ("Referral to a
/// principals' meeting"), not its id; the id only for a measure the
/// agreement in force no longer has.
fn measure_title(agreement: &Agreement, measure: &truce_core::ids::RuleId) -> String {
    agreement
        .penalties
        .ladder
        .iter()
        .find(|r| &r.id == measure)
        .map_or_else(|| measure.to_string(), |r| r.measure.clone())
}

fn ballot(page: &Page, agreement: &Agreement, case: &Case) -> Markup {
    let Some(b) = &case.ballot else { return html! {} };
    let voters = &agreement.protocol.decision.voters;
    let pending: Vec<String> = voters
        .iter()
        .filter(|v| !b.votes.iter().any(|x| &x.participant == *v))
        .map(|v| participant_name(page, agreement, v))
        .collect();
    html! {
        section #motion {
            h2 { (page.t("case-motion")) }
            p { @match &b.motion {
                Motion::Determination { .. } => (page.t("motion-determination")),
                Motion::UpholdOnAppeal { reason } => { (page.t("motion-uphold")) ": " (reason) },
                Motion::ReviseOnAppeal { reason, .. } => { (page.t("motion-revise")) ": " (reason) },
                Motion::Penalty { level, measure, reason } => {
                    (page.tw("motion-penalty", &[("level", &level.to_string()), ("measure", &measure_title(agreement, measure))]))
                    @if !reason.is_empty() { ": " (reason) } },
                Motion::ExtendDeadline { deadline, party, until, reason } => {
                    (extension(page, *deadline, party.as_ref(), *until)) ": " (reason) },
            } }
            @match &b.motion {
                Motion::Determination { finding } | Motion::ReviseOnAppeal { finding, .. } => (finding_facts(page, agreement, finding)),
                _ => {}
            }
            p { (actions::rule_words(page, agreement)) }
            div.table-wrap { table {
                caption { (page.t("motion-votes")) }
                thead { tr { th scope="col" { (page.t("vote-voter")) } th scope="col" { (page.t("vote-choice")) }
                    th scope="col" { (page.t("field-reason")) } } }
                tbody {
                    @for v in &b.votes { tr {
                        th scope="row" { (participant_name(page, agreement, &v.participant)) }
                        td { @if v.approve { (page.t("vote-approve")) } @else { strong { (page.t("vote-dissent")) } } }
                        td { (v.reason) }
                    } }
                }
            } }
            @if !pending.is_empty() { p { (page.t("motion-pending")) ": " (pending.join(", ")) } }
        }
    }
}

fn event_detail(page: &Page, agreement: &Agreement, e: &Event) -> Markup {
    let link = |id: &truce_core::ids::CaseId| html! { a href=(super::case_href(id.as_str())) { (id) } };
    html! {
        @match &e.kind {
            EventKind::Reported { allegation, .. } => p { (allegation.summary) },
            EventKind::Acknowledged { late, triage_by } => p {
                (page.tw("event-triage-by", &[("time", &page.datetime(*triage_by))]))
                @if *late { " " span.overdue { (page.t("event-late")) } } },
            EventKind::Admitted { note } | EventKind::Closed { note } => @if !note.is_empty() { p { (note) } },
            EventKind::RuledInadmissible { reason } => p { (reason) },
            EventKind::MergedInto { target, note } => p { (link(target)) @if !note.is_empty() { " — " (note) } },
            EventKind::DuplicateMerged { duplicate } => p { (link(duplicate)) },
            EventKind::AccusedNotified { reply_by } => p { (page.tw("reply-by", &[("time", &page.datetime(*reply_by))])) },
            EventKind::ReplyReceived { reply } => p { strong { (labels::position(page, reply.position)) } ": " (reply.text) },
            EventKind::InvestigationTasked { team, due, replaces } => p {
                (participant_name(page, agreement, team)) " — " (page.tw("report-due", &[("time", &page.datetime(*due))]))
                @if let Some(old) = replaces { " · " (page.tw("task-replaces", &[("team", &participant_name(page, agreement, old))])) } },
            EventKind::AccessDenied { denial } => p {
                (page.tw("case-access-denied", &[("by", denial.by.as_str()), ("place", &denial.place)])) ": " (denial.description) },
            EventKind::InvestigationReported { report, late } => p { (report.summary)
                @if *late { " " span.overdue { (page.t("event-late")) } } },
            EventKind::MotionOpened { motion } => p { @match motion {
                Motion::Determination { finding } => { (labels::occurrence(page, finding.occurrence)) ": " (finding.reasons) },
                Motion::UpholdOnAppeal { reason } => { (page.t("motion-uphold")) ": " (reason) },
                Motion::ReviseOnAppeal { reason, .. } => { (page.t("motion-revise")) ": " (reason) },
                Motion::Penalty { level, measure, .. } => (page.tw("motion-penalty", &[("level", &level.to_string()), ("measure", &measure_title(agreement, measure))])),
                Motion::ExtendDeadline { deadline, party, until, reason } => {
                    (extension(page, *deadline, party.as_ref(), *until)) ": " (reason) },
            } },
            EventKind::VoteCast { vote } => p { (participant_name(page, agreement, &vote.participant)) ": "
                @if vote.approve { (page.t("vote-approve")) } @else { (page.t("vote-dissent")) }
                @if !vote.reason.is_empty() { " — " (vote.reason) } },
            EventKind::MotionAdopted { adopted } => @match adopted {
                Adopted::Finding { appeal_until } => p { (page.tw("appeal-until", &[("time", &page.datetime(*appeal_until))])) },
                Adopted::Penalty { compliance_by } => p { (page.tw("compliance-by", &[("time", &page.datetime(*compliance_by))])) },
                Adopted::AppealDecided | Adopted::DeadlineExtended => {},
            },
            EventKind::AppealFiled { appeal } => p { (participant_name(page, agreement, &appeal.by)) ": " (appeal.grounds) },
            EventKind::PenaltyProposed { proposal } => p { (page.tw("penalty-proposal",
                &[("level", &proposal.level.to_string()), ("measure", &proposal.measure_title)])) },
            EventKind::ComplianceRecorded { complied, note } => p {
                (if *complied { page.t("compliance-yes") } else { page.t("compliance-no") })
                @if !note.is_empty() { " — " (note) } },
            EventKind::EscalationTriggered { action, reason, .. } => p { (reason) " → " (action) },
            EventKind::Reopened { reason, .. } => p { (reason) },
            EventKind::AllegationAmended { allegation, reason, .. } => {
                p { strong { (allegation.summary) } " — " (occurred(page, allegation)) }
                p { (page.t("field-reason")) ": " (reason) }
            },
            EventKind::AllegationWithdrawn { reason } => p { (reason) },
            EventKind::CaseLinked { other, relation, note } => p {
                (page.t(&format!("link-{}", relation.as_str().replace('_', "-")))) ": " (link(other))
                @if !note.is_empty() { " — " (note) } },
            EventKind::NoteAdded { text } => p { (text) },
            EventKind::ReplyOverdue | EventKind::MotionFailed | EventKind::FindingFinal => {},
        }
    }
}

/// A proposed extension in words: which deadline (whose, for an appeal
/// window) and until when.
fn extension(
    page: &Page,
    deadline: truce_core::case::DeadlineKind,
    party: Option<&truce_core::ids::ParticipantId>,
    until: jiff::Timestamp,
) -> String {
    let what = page.t(&format!("extend-{}", deadline.as_str()));
    let what = match party {
        Some(p) => format!("{what} ({p})"),
        None => what,
    };
    page.tw("motion-extend", &[("deadline", &what), ("until", &page.datetime(until))])
}

fn history(page: &Page, agreement: &Agreement, timeline: &[TimelineEntry]) -> Markup {
    html! {
        section #history {
            h2 { (page.t("case-history")) }
            p.hint { (page.t("case-history-hint")) }
            ol.timeline {
                @for entry in timeline {
                    @let e = &entry.event;
                    li id=(format!("event-{}", entry.seq)) {
                        p.event-head {
                            strong { (labels::event(page, &e.kind)) }
                            " · " time datetime=(e.at.to_string()) { (page.datetime(e.at)) }
                            " · " @match &e.actor {
                                Some(a) => span { (a.principal) " (" (labels::role(page, a.role))
                                    @if let Some(p) = &a.participant { ", " (p) } ")" },
                                None => span.muted { (page.t("event-by-rules")) },
                            }
                        }
                        (event_detail(page, agreement, e))
                        p.event-links {
                            a href=(format!("/api/v1/records/{}", entry.record_index)) {
                                (page.tw("event-record", &[("index", &entry.record_index.to_string())])) }
                            " · " a href=(entry.proof) { (page.t("event-proof")) }
                            @match entry.custody {
                                Some("server") => { " · " span.muted { (page.t("event-signed-server")) } },
                                Some(_) => { " · " span.muted { (page.t("event-signed-own")) } },
                                None => {},
                            }
                        }
                    }
                }
            }
        }
    }
}
