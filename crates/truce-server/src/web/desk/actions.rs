//! The forms on a case page and the one handler they post to.
//!
//! Which forms a reader sees follows the lifecycle's table
//! ([`truce_core::command::TRANSITIONS`]): the command must apply at the
//! case's status, the reader must be of the kind that issues it (mediators
//! triage and propose, voters vote, the accused replies, a party to the
//! case appeals, the tasked team reports), and a deadline that would refuse
//! it must not stand in the way. That only spares people forms they could
//! not use; the core decides every command that is posted.

use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use maud::{Markup, html};
use truce_core::agreement::DecisionRule;
use truce_core::case::{
    AccessDenial, Attribution, AttributionBasis, EvidenceRef, Finding, InvestigationReport, Occurrence, Reply,
};
use truce_core::command::{AppealDecision, Issuer, TRANSITIONS};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::vocab::{ActType, ObligationKind, ParticipantKind, Severity, StandardOfProof};
use truce_core::{Agreement, Case, Command, Role, Status};

use super::fields::{Failed, Fields};
use super::form::FormBody;
use super::{labels, participant_name, participants_of, see_other, with_status};
use crate::AppState;
use crate::api::cases::{CaseView, VisibleCase, command_case, visible_case_with_events};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::intake::{self, Upload};
use crate::web::{Page, WebError};

/// Something a reader may do on a case, one form each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Acknowledge receipt.
    Acknowledge,
    /// Rule admissible.
    Admit,
    /// Rule inadmissible.
    Inadmissible,
    /// Merge into another case as a duplicate.
    Merge,
    /// Notify the accused.
    Notify,
    /// Reply to an allegation.
    Reply,
    /// Record that the reply deadline passed.
    MarkOverdue,
    /// Task a monitoring team.
    Task,
    /// Record a refusal of access.
    AccessDenial,
    /// Submit the investigation report.
    Report,
    /// Put a finding to the vote.
    ProposeFinding,
    /// Vote on the open motion.
    Vote,
    /// Appeal the finding.
    Appeal,
    /// Put a decision on the appeal to the vote.
    AppealDecision,
    /// Make the finding final.
    Finalize,
    /// Put a penalty to the vote.
    ProposePenalty,
    /// Record compliance with the penalty.
    Compliance,
    /// Close the case.
    Close,
    /// Reopen on new evidence.
    Reopen,
}

impl Action {
    /// Every action, in lifecycle order.
    pub const ALL: [Action; 19] = [
        Action::Acknowledge,
        Action::Admit,
        Action::Inadmissible,
        Action::Merge,
        Action::Notify,
        Action::Reply,
        Action::MarkOverdue,
        Action::Task,
        Action::AccessDenial,
        Action::Report,
        Action::ProposeFinding,
        Action::Vote,
        Action::Appeal,
        Action::AppealDecision,
        Action::Finalize,
        Action::ProposePenalty,
        Action::Compliance,
        Action::Close,
        Action::Reopen,
    ];

    /// The last segment of the form's address, `/cases/{id}/{slug}`.
    pub fn slug(self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledge",
            Action::Admit => "admit",
            Action::Inadmissible => "inadmissible",
            Action::Merge => "merge",
            Action::Notify => "notify",
            Action::Reply => "reply",
            Action::MarkOverdue => "mark-overdue",
            Action::Task => "task",
            Action::AccessDenial => "access-denial",
            Action::Report => "report",
            Action::ProposeFinding => "propose-finding",
            Action::Vote => "vote",
            Action::Appeal => "appeal",
            Action::AppealDecision => "appeal-decision",
            Action::Finalize => "finalize",
            Action::ProposePenalty => "propose-penalty",
            Action::Compliance => "compliance",
            Action::Close => "close",
            Action::Reopen => "reopen",
        }
    }

    /// The action posted to `slug`.
    pub fn parse(slug: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.slug() == slug)
    }

    /// The command's stable name, its row in the lifecycle's table.
    pub fn command(self) -> &'static str {
        match self {
            Action::Acknowledge => "acknowledge.v1",
            Action::Admit => "admit.v1",
            Action::Inadmissible => "rule_inadmissible.v1",
            Action::Merge => "merge_duplicate.v1",
            Action::Notify => "notify_accused.v1",
            Action::Reply => "submit_reply.v1",
            Action::MarkOverdue => "mark_reply_overdue.v1",
            Action::Task => "task_investigation.v1",
            Action::AccessDenial => "record_access_denial.v1",
            Action::Report => "submit_investigation_report.v1",
            Action::ProposeFinding => "propose_finding.v1",
            Action::Vote => "vote.v1",
            Action::Appeal => "file_appeal.v1",
            Action::AppealDecision => "propose_appeal_decision.v1",
            Action::Finalize => "finalize.v1",
            Action::ProposePenalty => "propose_penalty_decision.v1",
            Action::Compliance => "record_compliance.v1",
            Action::Close => "close.v1",
            Action::Reopen => "reopen.v1",
        }
    }

    /// The form's heading.
    pub fn title(self, page: &Page) -> String {
        match self {
            Action::Acknowledge => page.t("action-acknowledge"),
            Action::Admit => page.t("action-admit"),
            Action::Inadmissible => page.t("action-inadmissible"),
            Action::Merge => page.t("action-merge"),
            Action::Notify => page.t("action-notify"),
            Action::Reply => page.t("action-reply"),
            Action::MarkOverdue => page.t("action-mark-overdue"),
            Action::Task => page.t("action-task"),
            Action::AccessDenial => page.t("action-access-denial"),
            Action::Report => page.t("action-report"),
            Action::ProposeFinding => page.t("action-propose-finding"),
            Action::Vote => page.t("action-vote"),
            Action::Appeal => page.t("action-appeal"),
            Action::AppealDecision => page.t("action-appeal-decision"),
            Action::Finalize => page.t("action-finalize"),
            Action::ProposePenalty => page.t("action-propose-penalty"),
            Action::Compliance => page.t("action-compliance"),
            Action::Close => page.t("action-close"),
            Action::Reopen => page.t("action-reopen"),
        }
    }

    /// The label of the form's button.
    pub fn button(self, page: &Page) -> String {
        match self {
            Action::Acknowledge => page.t("button-acknowledge"),
            Action::Admit => page.t("button-admit"),
            Action::Inadmissible => page.t("button-inadmissible"),
            Action::Merge => page.t("button-merge"),
            Action::Notify => page.t("button-notify"),
            Action::Reply => page.t("button-reply"),
            Action::MarkOverdue => page.t("button-mark-overdue"),
            Action::Task => page.t("button-task"),
            Action::AccessDenial => page.t("button-access-denial"),
            Action::Report => page.t("button-report"),
            Action::ProposeFinding => page.t("button-propose-finding"),
            Action::Vote => page.t("button-vote"),
            Action::Appeal => page.t("button-appeal"),
            Action::AppealDecision => page.t("button-appeal-decision"),
            Action::Finalize => page.t("button-finalize"),
            Action::ProposePenalty => page.t("button-propose-penalty"),
            Action::Compliance => page.t("button-compliance"),
            Action::Close => page.t("button-close"),
            Action::Reopen => page.t("button-reopen"),
        }
    }

    /// Whether the form carries an evidence file.
    fn multipart(self) -> bool {
        matches!(self, Action::Reply | Action::Report | Action::Reopen)
    }
}

/// Whether `p` is of the kind that issues commands of `issuer` on `case`.
fn may_issue(issuer: Issuer, p: &Principal, case: &Case, agreement: &Agreement) -> bool {
    let me = p.participant.as_ref();
    match issuer {
        Issuer::Filer => false,
        Issuer::Mediator => p.role.is_mediator(),
        Issuer::Voter => {
            let Some(me) = me else { return false };
            let party_to = &case.allegation.accused == me || case.complainant.participant() == Some(me);
            let voted = case.ballot.as_ref().is_some_and(|b| b.votes.iter().any(|v| &v.participant == me));
            p.role.is_mediator()
                && agreement.protocol.decision.voters.contains(me)
                && !party_to
                && case.ballot.is_some()
                && !voted
        }
        Issuer::Accused => p.role == Role::PartyLiaison && me == Some(&case.allegation.accused),
        Issuer::PartyToCase => {
            let attributed = case.finding.as_ref().and_then(|f| f.attribution.as_ref()).map(|a| &a.party);
            p.role == Role::PartyLiaison
                && me.is_some_and(|m| {
                    m == &case.allegation.accused || case.complainant.participant() == Some(m) || attributed == Some(m)
                })
        }
        Issuer::TaskedTeam => p.role == Role::Monitor && me.is_some() && me == case.team.as_ref(),
    }
}

/// Whether a deadline would refuse `action` at `now`.
fn in_time(action: Action, case: &Case, now: Timestamp) -> bool {
    let d = &case.deadlines;
    match action {
        Action::Reply => d.reply_by.is_none_or(|by| now <= by),
        Action::MarkOverdue => d.reply_by.is_none_or(|by| now > by),
        Action::Appeal => d.appeal_until.is_none_or(|until| now <= until),
        Action::Finalize => d.appeal_until.is_none_or(|until| now > until),
        _ => true,
    }
}

/// The actions the lifecycle lets `p` take on `case` at `now`.
pub fn offered(case: &Case, p: &Principal, agreement: &Agreement, now: Timestamp) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| {
            TRANSITIONS.iter().any(|t| {
                t.command == a.command() && t.from.contains(&case.status) && may_issue(t.by, p, case, agreement)
            }) && in_time(*a, case, now)
        })
        .collect()
}

/// What the forms need about the case.
pub struct Ctx<'a> {
    /// The agreement in force.
    pub agreement: &'a Agreement,
    /// The case as the reader may see it.
    pub view: &'a CaseView,
    /// Now.
    pub now: Timestamp,
}

fn yes_no(yes: &str, no: &str) -> Vec<(String, String)> {
    vec![("yes".into(), yes.to_owned()), ("no".into(), no.to_owned())]
}

fn standards(page: &Page) -> Vec<(String, String)> {
    [
        StandardOfProof::BalanceOfProbabilities,
        StandardOfProof::ClearAndConvincing,
        StandardOfProof::BeyondReasonableDoubt,
    ]
    .into_iter()
    .map(|s| (s.as_str().to_owned(), labels::standard(page, s)))
    .collect()
}

/// `(id, "P1 — title")` for each provision.
pub fn provision_options(agreement: &Agreement) -> Vec<(String, String)> {
    agreement.provisions.iter().map(|p| (p.id.to_string(), format!("{} — {}", p.id, p.title))).collect()
}

/// `(name, label)` for each act type.
pub fn act_options(page: &Page) -> Vec<(String, String)> {
    ActType::ALL.into_iter().map(|a| (a.as_str().to_owned(), labels::act(page, a))).collect()
}

/// The fields of a finding under `prefix` (`finding`, `decision.finding`),
/// filled from `start`, or from the allegation as a first draft.
fn finding_fields(f: &Fields<'_>, page: &Page, prefix: &str, ctx: &Ctx<'_>, start: Option<&Finding>) -> Markup {
    let case = &ctx.view.case;
    let std = &ctx.agreement.protocol.standards;
    let n = |s: &str| format!("{prefix}.{s}");
    let occurrences: Vec<(String, String)> =
        [Occurrence::Confirmed, Occurrence::NotConfirmed, Occurrence::Inconclusive]
            .into_iter()
            .map(|o| {
                let name = serde_json::to_value(o).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                (name, labels::occurrence(page, o))
            })
            .collect();
    let mut parties = vec![(String::new(), page.t("finding-no-attribution"))];
    parties.extend(participants_of(page, ctx.agreement, ParticipantKind::Party));
    let bases = [AttributionBasis::DirectAct, AttributionBasis::FailureToPrevent]
        .into_iter()
        .map(|b| {
            let name = if b == AttributionBasis::DirectAct { "direct_act" } else { "failure_to_prevent" };
            (name.to_owned(), labels::basis(page, b))
        })
        .collect::<Vec<_>>();
    let mut severities = vec![(String::new(), page.t("finding-no-severity"))];
    severities.extend(Severity::ALL.into_iter().map(|s| (s.as_str().to_owned(), labels::severity(page, s))));
    let str_of = |v: serde_json::Value| v.as_str().map(str::to_owned).unwrap_or_default();
    let (occurrence, occ_std, party, basis, attr_std, breached, acts, severity, casualties, reasons, evidence) =
        match start {
            Some(s) => (
                str_of(serde_json::to_value(s.occurrence).unwrap_or_default()),
                s.occurrence_standard_met.as_str().to_owned(),
                s.attribution.as_ref().map(|a| a.party.to_string()).unwrap_or_default(),
                s.attribution
                    .as_ref()
                    .map(|a| str_of(serde_json::to_value(a.basis).unwrap_or_default()))
                    .unwrap_or_else(|| "direct_act".into()),
                s.attribution.as_ref().map_or(std.direct_act, |a| a.standard_met).as_str().to_owned(),
                s.provisions_breached.iter().map(ToString::to_string).collect::<Vec<_>>(),
                s.acts.iter().map(|a| a.as_str().to_owned()).collect::<Vec<_>>(),
                s.severity.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                s.casualties,
                s.reasons.clone(),
                s.evidence.iter().map(|e| e.sha256.clone()).collect::<Vec<_>>(),
            ),
            None => (
                "confirmed".to_owned(),
                std.occurrence.as_str().to_owned(),
                case.allegation.accused.to_string(),
                "direct_act".to_owned(),
                std.direct_act.as_str().to_owned(),
                case.allegation
                    .provisions
                    .iter()
                    .filter(|p| ctx.agreement.provision(p).is_some_and(|p| p.kind == ObligationKind::Commission))
                    .map(ToString::to_string)
                    .collect(),
                case.allegation.acts.iter().map(|a| a.as_str().to_owned()).collect(),
                String::new(),
                case.allegation.casualties,
                String::new(),
                ctx.view.evidence.iter().map(|e| e.sha256.clone()).collect(),
            ),
        };
    let evidence_options: Vec<(String, String)> = ctx
        .view
        .evidence
        .iter()
        .map(|e| (e.sha256.clone(), format!("{}… {}", e.sha256.get(..12).unwrap_or(&e.sha256), e.description)))
        .collect();
    html! {
        (f.dropdown(&n("occurrence"), &page.t("finding-occurrence"), None, &occurrences, &occurrence))
        (f.dropdown(&n("occurrence_standard_met"), &page.t("finding-occurrence-standard"),
            Some(&page.tw("finding-standard-required", &[("standard", &labels::standard(page, std.occurrence))])),
            &standards(page), &occ_std))
        fieldset {
            legend { (page.t("finding-attribution")) }
            p.hint { (page.t("finding-attribution-hint")) }
            (f.message(&n("attribution"), &page.t("finding-attribution")))
            (f.dropdown(&n("attribution.party"), &page.t("finding-party"), None, &parties, &party))
            (f.dropdown(&n("attribution.basis"), &page.t("finding-basis"), None, &bases, &basis))
            (f.dropdown(&n("attribution.standard_met"), &page.t("finding-attribution-standard"), None, &standards(page), &attr_std))
            (f.checks(&n("provisions_breached"), &page.t("finding-provisions-breached"), &provision_options(ctx.agreement), &breached))
            (f.dropdown(&n("severity"), &page.t("finding-severity"), None, &severities, &severity))
        }
        (f.checks(&n("acts"), &page.t("finding-acts"), &act_options(page), &acts))
        (f.casualties(&n("casualties"), &casualties))
        (f.textarea(&n("reasons"), &page.t("finding-reasons"), None, &reasons, true))
        @if !evidence_options.is_empty() {
            (f.checks(&n("evidence"), &page.t("finding-evidence"), &evidence_options, &evidence))
        }
    }
}

fn finding_names(prefix: &str) -> Vec<String> {
    [
        "occurrence",
        "occurrence_standard_met",
        "attribution",
        "provisions_breached",
        "severity",
        "acts",
        "casualties",
        "reasons",
        "evidence",
    ]
    .iter()
    .map(|s| format!("{prefix}.{s}"))
    .collect()
}

/// The body of one action's form, and the field names it shows.
fn form_body(page: &Page, f: &Fields<'_>, action: Action, ctx: &Ctx<'_>) -> (Markup, Vec<String>) {
    let case = &ctx.view.case;
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    match action {
        Action::Acknowledge | Action::Notify | Action::MarkOverdue | Action::Merge => (html! {}, Vec::new()),
        Action::Finalize => (html! { p.hint { (page.t("finalize-hint")) } }, Vec::new()),
        Action::Admit | Action::Close => {
            (f.textarea("note", &page.t("field-note"), Some(&page.t("field-optional")), "", false), names(&["note"]))
        }
        Action::Inadmissible => (f.textarea("reason", &page.t("field-reason"), None, "", true), names(&["reason"])),
        Action::Reply => {
            let positions = [
                truce_core::case::ReplyPosition::Denies,
                truce_core::case::ReplyPosition::Partial,
                truce_core::case::ReplyPosition::Admits,
            ]
            .into_iter()
            .map(|p| {
                let name = serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                (name, labels::position(page, p))
            })
            .collect::<Vec<_>>();
            let body = html! {
                @if let Some(by) = case.deadlines.reply_by {
                    p.hint { (page.tw("reply-by", &[("time", &page.datetime(by))])) }
                }
                (f.radios("reply.position", &page.t("reply-position"), &positions, ""))
                (f.textarea("reply.text", &page.t("reply-text"), None, "", true))
                (f.evidence())
            };
            (body, names(&["reply.position", "reply.text", "reply.evidence", "evidence_file", "evidence_description"]))
        }
        Action::Task => {
            let teams = participants_of(page, ctx.agreement, ParticipantKind::MonitoringTeam);
            let first = teams.first().map(|(id, _)| id.clone()).unwrap_or_default();
            let days = truce_core::penalty::days(ctx.agreement.protocol.deadlines.investigation);
            let body = html! {
                (f.dropdown("team", &page.t("task-team"), None, &teams, &first))
                (f.field("date", "due", &page.t("task-due"), Some(&page.tw("task-due-hint", &[("default", &days)])), "", false))
            };
            (body, names(&["team", "due"]))
        }
        Action::AccessDenial => {
            let parties = participants_of(page, ctx.agreement, ParticipantKind::Party);
            let body = html! {
                (f.dropdown("denial.by", &page.t("denial-by"), None, &parties, case.allegation.accused.as_str()))
                (f.field("text", "denial.place", &page.t("denial-place"), None, "", true))
                (f.textarea("denial.description", &page.t("denial-description"), None, "", true))
            };
            (body, names(&["denial.by", "denial.place", "denial.description"]))
        }
        Action::Report => {
            let body = html! {
                @if let Some(due) = case.deadlines.investigation_due {
                    p.hint { (page.tw("report-due", &[("time", &page.datetime(due))])) }
                }
                (f.textarea("report.summary", &page.t("report-summary"), None, "", true))
                (f.evidence())
            };
            (body, names(&["report.summary", "report.evidence", "evidence_file", "evidence_description"]))
        }
        Action::ProposeFinding => (finding_fields(f, page, "finding", ctx, None), finding_names("finding")),
        Action::Vote => {
            let body = html! {
                (f.radios("approve", &page.t("vote-choice"), &yes_no(&page.t("vote-approve"), &page.t("vote-dissent")), ""))
                (f.textarea("reason", &page.t("field-reason"), Some(&page.t("vote-reason-hint")), "", false))
            };
            (body, names(&["approve", "reason", "vote"]))
        }
        Action::Appeal => {
            let body = html! {
                @if let Some(until) = case.deadlines.appeal_until {
                    p.hint { (page.tw("appeal-until", &[("time", &page.datetime(until))])) }
                }
                (f.textarea("grounds", &page.t("appeal-grounds"), None, "", true))
            };
            (body, names(&["grounds"]))
        }
        Action::AppealDecision => {
            let outcomes =
                vec![("uphold".to_owned(), page.t("appeal-uphold")), ("revise".to_owned(), page.t("appeal-revise"))];
            let body = html! {
                (f.radios("decision.outcome", &page.t("appeal-outcome"), &outcomes, "uphold"))
                (f.textarea("reason", &page.t("field-reason"), None, "", true))
                details open[f.sent().is_some_and(|s| s.value("decision.outcome") == "revise")] {
                    summary { (page.t("appeal-revised-finding")) }
                    (finding_fields(f, page, "decision.finding", ctx, case.finding.as_ref()))
                }
            };
            let mut n = names(&["decision.outcome", "reason", "decision"]);
            n.extend(finding_names("decision.finding"));
            (body, n)
        }
        Action::ProposePenalty => {
            let mut levels = Vec::new();
            if let Some(p) = &case.penalty_proposal {
                levels.push((
                    String::new(),
                    page.tw("penalty-engine-level", &[("level", &p.level.to_string()), ("measure", &p.measure_title)]),
                ));
            }
            for rung in &ctx.agreement.penalties.ladder {
                levels.push((
                    rung.level.to_string(),
                    page.tw("penalty-level", &[("level", &rung.level.to_string()), ("measure", &rung.measure)]),
                ));
            }
            let body = html! {
                (f.dropdown("level", &page.t("penalty-level-label"), None, &levels, ""))
                (f.textarea("reason", &page.t("field-reason"), Some(&page.t("penalty-reason-hint")), "", false))
            };
            (body, names(&["level", "reason"]))
        }
        Action::Compliance => {
            let due_passed = case.deadlines.compliance_by.is_none_or(|by| ctx.now > by);
            let mut options = vec![("yes".to_owned(), page.t("compliance-yes"))];
            if due_passed {
                options.push(("no".to_owned(), page.t("compliance-no")));
            }
            let body = html! {
                @if let Some(by) = case.deadlines.compliance_by {
                    p.hint { (page.tw("compliance-by", &[("time", &page.datetime(by))])) }
                }
                (f.radios("complied", &page.t("compliance-choice"), &options, ""))
                (f.textarea("note", &page.t("field-note"), Some(&page.t("field-optional")), "", false))
            };
            (body, names(&["complied", "note"]))
        }
        Action::Reopen => {
            let body = html! {
                (f.textarea("reason", &page.t("field-reason"), None, "", true))
                (f.evidence())
            };
            (body, names(&["reason", "evidence", "evidence_file", "evidence_description"]))
        }
    }
}

/// The forms `p` may use on the case, each in its own section.
pub fn forms(page: &Page, p: &Principal, ctx: &Ctx<'_>, failed: Option<&Failed>) -> Markup {
    let case = &ctx.view.case;
    let actions = offered(case, p, ctx.agreement, ctx.now);
    // A refused form the reader is no longer offered (the case moved on,
    // or it never applied) still says why it was refused.
    let orphan = failed.filter(|f| !actions.iter().any(|a| a.slug() == f.form));
    html! {
        @if let Some(f) = orphan {
            p.error role="alert" {
                @if let Some(field) = &f.error.field { strong { (field) } ": " }
                (super::fields::reason(&f.error))
            }
        }
        @if actions.is_empty() {
            p.muted { (page.t("actions-none")) }
        }
        @for action in actions {
            section.action id=(format!("act-{}", action.slug())) {
                h3 { (action.title(page)) }
                @if action == Action::Merge {
                    p { a href=(format!("/cases/{}/merge", case.id)) { (page.t("merge-compare")) } }
                } @else {
                    @let f = Fields::new(page, action.slug(), failed);
                    @let (body, names) = form_body(page, &f, action, ctx);
                    @let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    form.stack method="post" action=(format!("/cases/{}/{}", case.id, action.slug()))
                        enctype=[action.multipart().then_some("multipart/form-data")] {
                        (page.csrf_field())
                        (f.form_error(&names))
                        (body)
                        p { button type="submit" { (action.button(page)) } }
                    }
                }
            }
        }
    }
}

/// Receives the evidence file sent with a form, if any, through the same
/// intake as the API, and returns its reference for the command.
pub(super) async fn evidence(
    state: &AppState,
    p: &Principal,
    body: &mut FormBody,
) -> Result<Option<EvidenceRef>, ApiError> {
    let Some(file) = body.take_file("evidence_file") else { return Ok(None) };
    body.set("evidence_sent", "1");
    let description = body.value("evidence_description").to_owned();
    let upload = Upload {
        bytes: file.bytes,
        filename: file.filename,
        description: Some(description.clone()).filter(|d| !d.is_empty()),
    };
    let received = intake::receive(state, p, upload).await.map_err(|mut e| {
        e.field = e.field.map(|f| match f.as_str() {
            "description" => "evidence_description".to_owned(),
            _ => "evidence_file".to_owned(),
        });
        e
    })?;
    Ok(Some(EvidenceRef { sha256: received.sha256, description }))
}

fn parse_finding(page: &Page, body: &FormBody, prefix: &str, cited: &[EvidenceRef]) -> Result<Finding, ApiError> {
    let n = |s: &str| format!("{prefix}.{s}");
    let occurrence: Occurrence = body.choice(page, &n("occurrence"))?;
    let occurrence_standard_met: StandardOfProof = body.choice(page, &n("occurrence_standard_met"))?;
    let confirmed = occurrence == Occurrence::Confirmed;
    let party = body.value(&n("attribution.party"));
    // Attribution, breaches and severity belong to a confirmed incident
    // only; for any other finding the draft's defaults are set aside.
    let attribution = if party.is_empty() || !confirmed {
        None
    } else {
        Some(Attribution {
            party: ParticipantId::parse(party).map_err(|e| ApiError::field(n("attribution.party"), e.to_string()))?,
            basis: body.choice(page, &n("attribution.basis"))?,
            standard_met: body.choice(page, &n("attribution.standard_met"))?,
        })
    };
    let mut provisions_breached = Vec::new();
    if attribution.is_some() {
        for (i, p) in body.all(&n("provisions_breached")).into_iter().enumerate() {
            provisions_breached.push(
                ProvisionId::parse(p)
                    .map_err(|e| ApiError::field(format!("{}[{i}]", n("provisions_breached")), e.to_string()))?,
            );
        }
    }
    let severity = if body.value(&n("severity")).is_empty() || attribution.is_none() {
        None
    } else {
        Some(body.choice(page, &n("severity"))?)
    };
    let chosen = body.all(&n("evidence"));
    let evidence = cited.iter().filter(|e| chosen.contains(&e.sha256.as_str())).cloned().collect();
    Ok(Finding {
        occurrence,
        occurrence_standard_met,
        attribution,
        provisions_breached,
        acts: body.choices(page, &n("acts"))?,
        severity,
        casualties: body.casualties(page, &n("casualties"))?,
        reasons: body.raw(&n("reasons")).trim().to_owned(),
        evidence,
    })
}

fn yes_or_no(page: &Page, body: &FormBody, name: &str) -> Result<bool, ApiError> {
    match body.value(name) {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(ApiError::field(name, page.t("field-choose-one"))),
    }
}

/// The end of a day given as `YYYY-MM-DD`, UTC.
fn end_of_day(page: &Page, name: &str, value: &str) -> Result<Timestamp, ApiError> {
    let bad = || ApiError::field(name, page.tw("field-not-a-date", &[("value", value)]));
    let date: jiff::civil::Date = value.parse().map_err(|_| bad())?;
    jiff::tz::Offset::UTC.to_timestamp(date.at(23, 59, 59, 0)).map_err(|_| bad())
}

/// The command a form asks for. Text the core requires is checked first,
/// so that a file is not received for a form that is bound to fail.
async fn command_of(
    state: &AppState,
    page: &Page,
    p: &Principal,
    action: Action,
    cited: &[EvidenceRef],
    body: &mut FormBody,
) -> Result<Command, ApiError> {
    let text = |body: &FormBody, name: &str| body.raw(name).trim().to_owned();
    Ok(match action {
        Action::Acknowledge => Command::Acknowledge,
        Action::Admit => Command::Admit { note: text(body, "note") },
        Action::Inadmissible => Command::RuleInadmissible { reason: body.required(page, "reason")? },
        Action::Merge => {
            let into = body.required(page, "into")?;
            let into = CaseId::parse(&into).map_err(|e| ApiError::field("into", e.to_string()))?;
            Command::MergeDuplicate { into, note: text(body, "note") }
        }
        Action::Notify => Command::NotifyAccused,
        Action::Reply => {
            let position = body.choice(page, "reply.position")?;
            let reply_text = body.required(page, "reply.text")?;
            let evidence = evidence(state, p, body).await?.into_iter().collect();
            Command::SubmitReply { reply: Reply { position, text: reply_text, evidence } }
        }
        Action::MarkOverdue => Command::MarkReplyOverdue,
        Action::Task => {
            let team = body.required(page, "team")?;
            let team = ParticipantId::parse(&team).map_err(|e| ApiError::field("team", e.to_string()))?;
            let due = match body.value("due") {
                "" => None,
                d => Some(end_of_day(page, "due", d)?),
            };
            Command::TaskInvestigation { team, due }
        }
        Action::AccessDenial => {
            let by = body.required(page, "denial.by")?;
            let by = ParticipantId::parse(&by).map_err(|e| ApiError::field("denial.by", e.to_string()))?;
            let place = body.required(page, "denial.place")?;
            let description = body.required(page, "denial.description")?;
            Command::RecordAccessDenial { denial: AccessDenial { by, place, description } }
        }
        Action::Report => {
            let summary = body.required(page, "report.summary")?;
            let evidence = evidence(state, p, body).await?.into_iter().collect();
            Command::SubmitInvestigationReport { report: InvestigationReport { summary, evidence } }
        }
        Action::ProposeFinding => Command::ProposeFinding { finding: parse_finding(page, body, "finding", cited)? },
        Action::Vote => {
            let approve = yes_or_no(page, body, "approve")?;
            Command::Vote { approve, reason: text(body, "reason") }
        }
        Action::Appeal => Command::FileAppeal { grounds: body.required(page, "grounds")? },
        Action::AppealDecision => {
            let decision = match body.value("decision.outcome") {
                "uphold" => AppealDecision::Uphold,
                "revise" => AppealDecision::Revise { finding: parse_finding(page, body, "decision.finding", cited)? },
                _ => return Err(ApiError::field("decision.outcome", page.t("field-choose-one"))),
            };
            Command::ProposeAppealDecision { decision, reason: body.required(page, "reason")? }
        }
        Action::Finalize => Command::Finalize,
        Action::ProposePenalty => {
            Command::ProposePenaltyDecision { level: body.number(page, "level")?, reason: text(body, "reason") }
        }
        Action::Compliance => {
            Command::RecordCompliance { complied: yes_or_no(page, body, "complied")?, note: text(body, "note") }
        }
        Action::Close => Command::Close { note: text(body, "note") },
        Action::Reopen => {
            let reason = body.required(page, "reason")?;
            let evidence: Vec<EvidenceRef> = evidence(state, p, body).await?.into_iter().collect();
            if evidence.is_empty() {
                return Err(ApiError::field("evidence_file", page.t("reopen-needs-evidence")));
            }
            Command::Reopen { reason, evidence }
        }
    })
}

/// Takes the action a case form posts: reads it, checks its CSRF field,
/// builds the command and submits it; then back to the case page, or the
/// form again with the reason next to the field at fault.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    Path((id, slug)): Path<(String, String)>,
    body: FormBody,
) -> Result<Response, WebError> {
    take(&state, page, &id, slug, body).await
}

/// The merge form, posted from the comparison page.
pub async fn merge(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    take(&state, page, &id, Action::Merge.slug().to_owned(), body).await
}

async fn take(state: &AppState, page: Page, id: &str, slug: String, mut body: FormBody) -> Result<Response, WebError> {
    let state = state.clone();
    let id = id.to_owned();
    // A refused form is shown on the case page: its language and calendar
    // links lead there, not to this address, which only takes posts.
    let mut page = page;
    page.path = super::case_href(&id);
    page.query = String::new();
    page.check_csrf(body.csrf())?;
    let Some(action) = Action::parse(&slug) else { return Ok(crate::web::not_found(page).await) };
    if page.caller.principal.is_none() {
        return Ok(see_other(&format!("/login?next=/cases/{id}")));
    }
    let p = match super::logged_in(&state, &page).await {
        Ok(p) => p.clone(),
        Err(r) => return Ok(r),
    };
    let VisibleCase { case, events, .. } = match visible_case_with_events(&state, &page.caller.viewer, &id).await {
        Ok(c) => c,
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => return Ok(crate::web::not_found(page).await),
        Err(e) => return Err(e.into()),
    };
    let cited = crate::api::cases::cited_evidence(&case, &events);
    let result = match command_of(&state, &page, &p, action, &cited, &mut body).await {
        Ok(command) => command_case(&state, &page.caller, &id, command).await.map(|_| ()),
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&super::case_href(&id))),
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let status = error.status;
            let failed = Failed { form: slug, body, error };
            let page_out = if action == Action::Merge {
                super::merge::render(&state, &page, &id, Some(&failed)).await?
            } else {
                super::case::render(&state, &page, &id, Some(&failed)).await?
            };
            Ok(with_status(page_out, status))
        }
    }
}

/// The decision rule in words, with the approvals a motion needs.
pub fn rule_words(page: &Page, agreement: &Agreement) -> String {
    let decision = &agreement.protocol.decision;
    let voters: Vec<String> = decision.voters.iter().map(|v| participant_name(page, agreement, v)).collect();
    let needed = decision.approvals_needed().to_string();
    let total = decision.voters.len().to_string();
    let voters = voters.join(", ");
    match &decision.rule {
        DecisionRule::Chair(chair) => {
            let chair = participant_name(page, agreement, chair);
            page.tw("rule-chair", &[("chair", &chair), ("voters", &voters)])
        }
        DecisionRule::Consensus => page.tw("rule-consensus", &[("needed", &needed), ("voters", &voters)]),
        DecisionRule::KOfN(_) => page.tw("rule-k-of-n", &[("needed", &needed), ("total", &total), ("voters", &voters)]),
    }
}

/// Statuses in which the case page shows the open motion.
pub fn voting(status: Status) -> bool {
    matches!(status, Status::Deliberation | Status::AppealReview | Status::PenaltyDeliberation)
}
