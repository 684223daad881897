//! The agreement in force, in full: participants, provisions, the
//! verification protocol with its deadlines, the penalty ladder and the
//! escalation rules, with the SHA-256 of the text the log recorded.
//!
//! Parts that are a proposal rather than agreed text are marked as such,
//! as the agreement file marks them: the page must not make a draft look
//! like a commitment.

use axum::extract::State;
use axum::response::Response;
use jiff::SignedDuration;
use maud::{Markup, html};
use serde::Serialize;
use truce_core::agreement::{DecisionRule, EscalationTrigger, GeoScope};
use truce_core::vocab::{ParticipantKind, Provenance};

use super::participant_name;
use crate::AppState;
use crate::web::desk::labels;
use crate::web::{Page, WebError, layout};

/// A vocabulary value's stable name as words (`shelling_artillery` →
/// `shelling artillery`): domain terms are shown as the agreement has them.
fn words<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A duration in days, or hours when not whole days.
fn duration(page: &Page, d: SignedDuration) -> String {
    let secs = d.as_secs();
    if secs % 86_400 == 0 {
        page.tw("duration-days", &[("count", &(secs / 86_400).to_string())])
    } else {
        page.tw("duration-hours", &[("count", &(secs / 3_600).to_string())])
    }
}

fn proposal_badge(page: &Page, p: Provenance) -> Markup {
    html! { @if p == Provenance::Proposal { " " span.badge { (page.t("agreement-proposal")) } } }
}

fn kind_text(page: &Page, kind: ParticipantKind) -> String {
    match kind {
        ParticipantKind::Party => page.t("participant-party"),
        ParticipantKind::Mediator => page.t("participant-mediator"),
        ParticipantKind::Guarantor => page.t("participant-guarantor"),
        ParticipantKind::MonitoringTeam => page.t("participant-monitoring-team"),
    }
}

/// Who signed which version: the public must be able to tell a text the
/// parties signed in the log from one an operator put in force alone.
fn consent(page: &Page, a: &truce_core::Agreement, versions: &[crate::app::reads::VersionView]) -> Markup {
    let name = |pid: &str| participant_name(page, a, pid);
    html! {
        h2 #consent { (page.t("agreement-consent")) }
        @if versions.is_empty() {
            p.notice { (page.t("agreement-consent-none")) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("agreement-consent-version")) }
                    th scope="col" { (page.t("agreement-consent-status")) }
                    th scope="col" { (page.t("agreement-consent-signatory")) }
                    th scope="col" { (page.t("agreement-consent-signature")) }
                } }
                tbody { @for v in versions.iter().rev() { @for (i, s) in v.signatures.iter().enumerate() {
                    tr {
                        @if i == 0 {
                            th scope="row" rowspan=(v.signatures.len()) { "v" (v.version) }
                            td rowspan=(v.signatures.len()) { (page.t(match v.status {
                                "in_force" => "consent-in-force",
                                "superseded" => "consent-superseded",
                                _ => "consent-draft",
                            })) }
                        }
                        td { (name(&s.participant)) " " span.muted { "(" (s.participant) ")" } }
                        td { @match s.record {
                            Some(index) => a href=(format!("/api/v1/records/{index}")) {
                                (page.tw("consent-signed", &[("index", &index.to_string())]))
                            },
                            None => span.muted { (page.t("consent-unsigned")) },
                        } }
                    }
                } } }
            } }
        }
    }
}

/// Who withdrew or suspended its part, and what that does as the agreement says.
fn withdrawals(page: &Page, a: &truce_core::Agreement, list: &[crate::app::reads::WithdrawalView]) -> Markup {
    html! {
        @if !list.is_empty() {
            h2 #withdrawals { (page.t("agreement-withdrawals")) }
            ul { @for w in list {
                li {
                    strong { (participant_name(page, a, &w.participant)) ": " (page.t(&format!("withdrawal-kind-{}", w.kind))) }
                    " — " bdi { (w.reason) } " · "
                    @if w.in_effect { (page.tw("withdrawal-in-effect", &[("date", &page.date(w.effective_at))])) }
                    @else { (page.tw("withdrawal-pending", &[("date", &page.date(w.effective_at))])) }
                    " · " a href=(format!("/api/v1/records/{}", w.record)) { (page.tw("consent-signed", &[("index", &w.record.to_string())])) }
                    @if w.kind != "resumption" {
                        @match (&w.stops, &w.continues) {
                            (Some(stops), Some(continues)) => {
                                br; (page.tw("withdrawal-stops", &[("text", stops)]))
                                br; (page.tw("withdrawal-continues", &[("text", continues)]))
                            },
                            _ => { br; span.muted { (page.t("withdrawal-unsaid")) } },
                        }
                    }
                }
            } }
        }
    }
}

/// `GET /agreement`: the agreement in full.
pub async fn agreement(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let a = super::agreement_or_503(&state)?;
    let sha256 = state.agreement_sha256().unwrap_or_default();
    let id = &a.identity;
    let p = &a.protocol;
    let d = &p.deadlines;
    let name = |pid: &str| participant_name(&page, &a, pid);
    let body = html! {
        p { (id.summary) }
        dl.facts {
            dt { (page.t("agreement-id")) } dd { code { (id.id.as_str()) } " v" (id.version) }
            dt { (page.t("agreement-form")) } dd { (words(&id.form)) }
            dt { (page.t("agreement-signed")) } dd { (page.date(super::civil_day(&id.signed_at))) ", " (id.place) }
            dt { (page.t("agreement-in-force")) } dd { (page.date(super::civil_day(&id.effective_at))) }
            @if let Some(end) = &id.ends_at { dt { (page.t("agreement-ends")) } dd { (page.date(super::civil_day(end))) } }
            dt { (page.t("agreement-sha256")) } dd { code { (sha256) } " " a href="/api/v1/agreement" { (page.t("agreement-text-link")) } }
        }
        p.hint { (page.t("agreement-sha256-hint")) }
        (consent(&page, &a, &crate::app::reads::versions(&state)))
        (withdrawals(&page, &a, &crate::app::reads::withdrawals(&state, &a, page.now)))
        nav aria-label=(page.t("agreement-contents")) { ul.toc {
            li { a href="#participants" { (page.t("agreement-participants")) } }
            li { a href="#provisions" { (page.t("agreement-provisions")) } }
            li { a href="#protocol" { (page.t("agreement-protocol")) } }
            li { a href="#penalties" { (page.t("agreement-penalties")) } }
            li { a href="#escalation" { (page.t("agreement-escalation")) } }
        } }
        h2 #participants { (page.t("agreement-participants")) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (page.t("agreement-participant")) } th scope="col" { (page.t("agreement-role")) } } }
            tbody { @for x in a.participants.values() {
                tr { th scope="row" { (name(x.id.as_str())) " " span.muted { "(" (x.id.as_str()) ")" } (proposal_badge(&page, x.provenance)) }
                    td { (kind_text(&page, x.kind)) } }
            } }
        } }
        h2 #provisions { (page.t("agreement-provisions")) }
        @for x in &a.provisions {
            article.provision id=(format!("provision-{}", x.id.as_str())) {
                h3 { (x.id.as_str()) " — " (x.title) (proposal_badge(&page, x.provenance)) }
                p { (x.text) }
                dl.facts {
                    dt { (page.t("provision-kind")) } dd { (words(&x.kind)) }
                    dt { (page.t("provision-bearers")) }
                    dd { (x.bearers.iter().map(|b| name(b.as_str())).collect::<Vec<_>>().join(", ")) }
                    dt { (page.t("provision-acts")) }
                    dd { (x.prohibited_acts.iter().map(|a| labels::act(&page, *a)).collect::<Vec<_>>().join(", ")) }
                    dt { (page.t("provision-scope")) }
                    dd { @match &x.scope {
                        GeoScope::WholeBorder => (page.t("scope-whole-border")),
                        GeoScope::BorderBand { km } => (page.tw("scope-band", &[("km", &km.to_string())])),
                        _ => (x.scope_words(&a.zones)),
                    } }
                    @if let Some(t) = x.valid_from { dt { (page.t("provision-from")) } dd { (page.date(t)) } }
                    @if let Some(t) = x.valid_until { dt { (page.t("provision-until")) } dd { (page.date(t)) } }
                }
            }
        }
        h2 #protocol { (page.t("agreement-protocol")) (proposal_badge(&page, p.provenance)) }
        h3 { (page.t("protocol-deadlines")) }
        div.table-wrap { table {
            tbody {
                tr { th scope="row" { (page.t("protocol-deadline-acknowledge")) } td { (duration(&page, d.acknowledge)) } }
                tr { th scope="row" { (page.t("protocol-deadline-triage")) } td { (duration(&page, d.triage)) } }
                tr { th scope="row" { (page.t("protocol-deadline-reply")) } td { (duration(&page, d.reply)) } }
                tr { th scope="row" { (page.t("protocol-deadline-investigation")) } td { (duration(&page, d.investigation)) } }
                tr { th scope="row" { (page.t("protocol-deadline-appeal")) } td { (duration(&page, d.appeal)) } }
                tr { th scope="row" { (page.t("protocol-deadline-compliance")) } td { (duration(&page, d.compliance)) } }
            }
        } }
        dl.facts {
            dt { (page.t("protocol-may-file")) } dd { (p.may_file.iter().map(words).collect::<Vec<_>>().join(", ")) }
            dt { (page.t("protocol-decision")) }
            dd {
                @match &p.decision.rule {
                    DecisionRule::Chair(c) => (page.tw("decision-chair", &[("chair", &name(c.as_str()))])),
                    DecisionRule::Consensus => (page.t("decision-consensus")),
                    DecisionRule::KOfN(k) => (page.tw("decision-k-of-n", &[("k", &k.to_string()), ("n", &p.decision.voters.len().to_string())])),
                }
                " — " (page.t("decision-voters")) " " (p.decision.voters.iter().map(|v| name(v.as_str())).collect::<Vec<_>>().join(", "))
            }
            dt { (page.t("standard-occurrence")) } dd { (labels::standard(&page, p.standards.occurrence)) }
            dt { (page.t("standard-direct-act")) } dd { (labels::standard(&page, p.standards.direct_act)) }
            dt { (page.t("standard-failure-to-prevent")) } dd { (labels::standard(&page, p.standards.failure_to_prevent)) }
            dt { (page.t("publication-delay")) } dd { (duration(&page, p.publication.findings_delay)) }
        }
        h2 #penalties { (page.t("agreement-penalties")) (proposal_badge(&page, a.penalties.provenance)) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (page.t("penalty-col-level")) } th scope="col" { (page.t("penalty-measure")) } th scope="col" { (page.t("penalty-description")) } } }
            tbody { @for r in &a.penalties.ladder {
                tr { th scope="row" { (r.level) } td { (r.measure) } td { (r.description) } }
            } }
        } }
        dl.facts {
            dt { (page.t("penalty-base-levels")) }
            dd { (a.penalties.base_level.iter().map(|(s, l)| format!("{}: {l}", super::severity_text(&page, s.as_str()))).collect::<Vec<_>>().join(" · ")) }
            dt { (page.t("penalty-recidivism")) }
            dd { (page.tw("penalty-recidivism-rule", &[
                ("step", &a.penalties.recidivism.step.to_string()),
                ("window", &duration(&page, a.penalties.recidivism.window)),
                ("max", &a.penalties.recidivism.max_step.to_string())])) }
            dt { (page.t("penalty-aggravating")) }
            dd { (a.penalties.aggravating.iter().map(|(f, l)| format!("{}: +{l}", f.describe())).collect::<Vec<_>>().join(" · ")) }
            dt { (page.t("penalty-cap")) } dd { (a.penalties.cap) }
        }
        h2 #escalation { (page.t("agreement-escalation")) }
        @if a.escalation.is_empty() { p { (page.t("escalation-none")) } } @else {
            ul { @for e in &a.escalation {
                li {
                    strong { @match &e.trigger {
                        EscalationTrigger::ConfirmedViolations { count, within } => (page.tw("trigger-violations",
                            &[("count", &count.to_string()), ("within", &duration(&page, *within))])),
                        EscalationTrigger::OverdueReply => (page.t("trigger-overdue-reply")),
                        EscalationTrigger::NonCompliance => (page.t("trigger-non-compliance")),
                        EscalationTrigger::GraveFinding => (page.t("trigger-grave-finding")),
                        EscalationTrigger::MissedCommitment => (page.t("trigger-missed-commitment")),
                        EscalationTrigger::Surge { .. } => (page.tw("trigger-surge", &[("filters", &e.trigger.filters())])),
                    } }
                    " → " (e.action) (proposal_badge(&page, e.provenance))
                }
            } }
        }
        @if !id.sources.is_empty() {
            h2 { (page.t("agreement-sources")) }
            ul { @for s in &id.sources { li { (s.title) " (" (s.date) ")" } } }
        }
    };
    Ok(layout(&page, &id.title, body))
}
