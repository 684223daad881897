//! The forms on a case page.
//!
//! Which forms a reader sees is the core's answer to "which commands may
//! this actor issue on this case now" ([`truce_core::docket::open_commands`]):
//! the same checks of status, issuer, deadlines and ballot that decide a
//! command, so a form is offered exactly when its command could pass them.
//! That only spares people forms they could not use; the core decides
//! every command that is posted ([`super::act`]).

use jiff::Timestamp;
use maud::{Markup, html};
use truce_core::agreement::DecisionRule;
use truce_core::case::{AttributionBasis, Finding, Occurrence};
use truce_core::command::CommandKind;
use truce_core::docket::open_commands;
use truce_core::vocab::{ActType, ObligationKind, ParticipantKind, Severity, StandardOfProof};
use truce_core::{Agreement, Case, Status};

use super::fields::{Failed, Fields};
use super::{labels, participant_name, participants_of};
use crate::app::Principal;
use crate::app::cases::CaseView;
use crate::web::Page;

/// The last segment of a command's form address, `/cases/{id}/{slug}`,
/// and the stem of its heading and button messages (`action-{slug}`,
/// `button-{slug}`). Filing has its own page, `/file`.
pub fn slug(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::FileReport => "file",
        CommandKind::Acknowledge => "acknowledge",
        CommandKind::Admit => "admit",
        CommandKind::RuleInadmissible => "inadmissible",
        CommandKind::MergeDuplicate => "merge",
        CommandKind::NotifyAccused => "notify",
        CommandKind::SubmitReply => "reply",
        CommandKind::MarkReplyOverdue => "mark-overdue",
        CommandKind::TaskInvestigation => "task",
        CommandKind::RecordAccessDenial => "access-denial",
        CommandKind::SubmitInvestigationReport => "report",
        CommandKind::ProposeFinding => "propose-finding",
        CommandKind::Vote => "vote",
        CommandKind::FileAppeal => "appeal",
        CommandKind::ProposeAppealDecision => "appeal-decision",
        CommandKind::Finalize => "finalize",
        CommandKind::ProposePenaltyDecision => "propose-penalty",
        CommandKind::RecordCompliance => "compliance",
        CommandKind::Close => "close",
        CommandKind::Reopen => "reopen",
        CommandKind::AmendAllegation => "amend",
        CommandKind::WithdrawAllegation => "withdraw",
        CommandKind::ExtendDeadline => "extend",
        CommandKind::LinkCase => "link",
        CommandKind::AddNote => "note",
    }
}

/// The command whose form posts to `slug`; filing is not posted here.
pub fn kind_of(slug_text: &str) -> Option<CommandKind> {
    CommandKind::ALL.into_iter().find(|k| *k != CommandKind::FileReport && slug(*k) == slug_text)
}

/// The message ids of every command form's heading and button, for the
/// translations' completeness test.
pub fn message_ids() -> Vec<String> {
    CommandKind::ALL
        .into_iter()
        .filter(|k| *k != CommandKind::FileReport)
        .flat_map(|k| [format!("action-{}", slug(k)), format!("button-{}", slug(k))])
        .collect()
}

/// Whether the form carries an evidence file.
pub fn multipart(kind: CommandKind) -> bool {
    matches!(
        kind,
        CommandKind::SubmitReply
            | CommandKind::SubmitInvestigationReport
            | CommandKind::Reopen
            | CommandKind::AmendAllegation
    )
}

/// The commands `p` may issue on the case now: the core's answer
/// ([`open_commands`]), never a copy of its rules.
pub fn offered(case: &Case, p: &Principal, agreement: &Agreement, now: Timestamp) -> Vec<CommandKind> {
    match p.actor() {
        Ok(actor) => open_commands(agreement, &actor, case, now),
        Err(_) => Vec::new(),
    }
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
fn form_body(page: &Page, f: &Fields<'_>, action: CommandKind, ctx: &Ctx<'_>) -> (Markup, Vec<String>) {
    let case = &ctx.view.case;
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    match action {
        CommandKind::FileReport
        | CommandKind::Acknowledge
        | CommandKind::NotifyAccused
        | CommandKind::MarkReplyOverdue
        | CommandKind::MergeDuplicate
        | CommandKind::AmendAllegation => (html! {}, Vec::new()),
        CommandKind::WithdrawAllegation => {
            let body = html! {
                p.hint { (page.t("withdraw-hint")) }
                (f.textarea("reason", &page.t("field-reason"), None, "", true))
            };
            (body, names(&["reason"]))
        }
        CommandKind::ExtendDeadline => {
            let running: Vec<_> = truce_core::case::DeadlineKind::running_in(case.status).into_iter().collect();
            let options: Vec<(String, String)> =
                running.iter().map(|k| (k.as_str().to_owned(), page.t(&format!("extend-{}", k.as_str())))).collect();
            let first = options.first().map(|(v, _)| v.clone()).unwrap_or_default();
            let mut parties = vec![(String::new(), page.t("extend-no-party"))];
            parties.extend(
                case.parties_to_case()
                    .into_iter()
                    .filter(|p| !case.has_appealed(p))
                    .map(|p| (p.to_string(), super::participant_name(page, ctx.agreement, p))),
            );
            let body = html! {
                p.hint { (rule_words(page, ctx.agreement)) }
                (f.dropdown("deadline", &page.t("extend-deadline"), None, &options, &first))
                @if running.contains(&truce_core::case::DeadlineKind::Appeal) {
                    (f.dropdown("party", &page.t("extend-party"), Some(&page.t("extend-party-hint")), &parties, ""))
                }
                (f.field("date", "until", &page.t("extend-until"), Some(&page.t("extend-until-hint")), "", true))
                (f.textarea("reason", &page.t("field-reason"), None, "", true))
            };
            (body, names(&["deadline", "party", "until", "reason"]))
        }
        CommandKind::LinkCase => {
            let relations = vec![
                ("counter_allegation".to_owned(), page.t("link-counter-allegation")),
                ("related".to_owned(), page.t("link-related")),
            ];
            let body = html! {
                (f.field("text", "other", &page.t("link-other"), Some(&page.t("link-other-hint")), "", true))
                (f.radios("relation", &page.t("link-relation"), &relations, "related"))
                (f.textarea("note", &page.t("field-note"), Some(&page.t("field-optional")), "", false))
            };
            (body, names(&["other", "relation", "note"]))
        }
        CommandKind::AddNote => {
            let body = html! {
                p.hint { (page.t("case-notes-hint")) }
                (f.textarea("text", &page.t("note-text"), None, "", true))
            };
            (body, names(&["text"]))
        }
        CommandKind::Finalize => (html! { p.hint { (page.t("finalize-hint")) } }, Vec::new()),
        CommandKind::Admit | CommandKind::Close => {
            (f.textarea("note", &page.t("field-note"), Some(&page.t("field-optional")), "", false), names(&["note"]))
        }
        CommandKind::RuleInadmissible => {
            (f.textarea("reason", &page.t("field-reason"), None, "", true), names(&["reason"]))
        }
        CommandKind::SubmitReply => {
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
        CommandKind::TaskInvestigation => {
            let teams = participants_of(page, ctx.agreement, ParticipantKind::MonitoringTeam);
            let first = teams.first().map(|(id, _)| id.clone()).unwrap_or_default();
            let days = truce_core::penalty::days(ctx.agreement.protocol.deadlines.investigation);
            let current = case.team.as_ref().filter(|_| case.status == Status::UnderInvestigation);
            let body = html! {
                @if let Some(old) = current {
                    p.hint { (page.tw("task-replaces", &[("team", &super::participant_name(page, ctx.agreement, old))])) }
                    input type="hidden" name="replaces" value=(old);
                }
                (f.dropdown("team", &page.t("task-team"), None, &teams, &first))
                (f.field("date", "due", &page.t("task-due"), Some(&page.tw("task-due-hint", &[("default", &days)])), "", false))
            };
            (body, names(&["team", "due", "replaces"]))
        }
        CommandKind::RecordAccessDenial => {
            let parties = participants_of(page, ctx.agreement, ParticipantKind::Party);
            let body = html! {
                (f.dropdown("denial.by", &page.t("denial-by"), None, &parties, case.allegation.accused.as_str()))
                (f.field("text", "denial.place", &page.t("denial-place"), None, "", true))
                (f.textarea("denial.description", &page.t("denial-description"), None, "", true))
            };
            (body, names(&["denial.by", "denial.place", "denial.description"]))
        }
        CommandKind::SubmitInvestigationReport => {
            let body = html! {
                @if let Some(due) = case.deadlines.investigation_due {
                    p.hint { (page.tw("report-due", &[("time", &page.datetime(due))])) }
                }
                (f.textarea("report.summary", &page.t("report-summary"), None, "", true))
                (f.evidence())
            };
            (body, names(&["report.summary", "report.evidence", "evidence_file", "evidence_description"]))
        }
        CommandKind::ProposeFinding => (finding_fields(f, page, "finding", ctx, None), finding_names("finding")),
        CommandKind::Vote => {
            let body = html! {
                (f.radios("approve", &page.t("vote-choice"), &yes_no(&page.t("vote-approve"), &page.t("vote-dissent")), ""))
                (f.textarea("reason", &page.t("field-reason"), Some(&page.t("vote-reason-hint")), "", false))
            };
            (body, names(&["approve", "reason", "vote"]))
        }
        CommandKind::FileAppeal => {
            let body = html! {
                @if let Some(until) = case.deadlines.appeal_until {
                    p.hint { (page.tw("appeal-until", &[("time", &page.datetime(until))])) }
                }
                (f.textarea("grounds", &page.t("appeal-grounds"), None, "", true))
            };
            (body, names(&["grounds"]))
        }
        CommandKind::ProposeAppealDecision => {
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
        CommandKind::ProposePenaltyDecision => {
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
        CommandKind::RecordCompliance => {
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
        CommandKind::Reopen => {
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
    let orphan = failed.filter(|f| !actions.iter().any(|a| slug(*a) == f.form));
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
            section.action id=(format!("act-{}", slug(action))) {
                h3 { (page.t(&format!("action-{}", slug(action)))) }
                @if action == CommandKind::MergeDuplicate {
                    p { a href=(format!("/cases/{}/merge", case.id)) { (page.t("merge-compare")) } }
                } @else if action == CommandKind::AmendAllegation {
                    p { a href=(format!("/cases/{}/amend", case.id)) { (page.t("amend-open")) } }
                } @else {
                    @let f = Fields::new(page, slug(action), failed);
                    @let (body, names) = form_body(page, &f, action, ctx);
                    @let names: Vec<&str> = names.iter().map(String::as_str).collect();
                    form.stack method="post" action=(format!("/cases/{}/{}", case.id, slug(action)))
                        enctype=[multipart(action).then_some("multipart/form-data")] {
                        (page.csrf_field())
                        (f.form_error(&names))
                        (body)
                        p { button type="submit" { (page.t(&format!("button-{}", slug(action)))) } }
                    }
                }
            }
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
