//! One test per transition and per guard of the case lifecycle.

use truce_core::case::{
    AccessDenial, EventKind, EvidenceRef, Finding, InvestigationReport, Location, Occurrence, Reply, ReplyPosition,
};
use truce_core::command::{AppealDecision, TRANSITIONS};
use truce_core::ids::{CaseId, ProvisionId};
use truce_core::vocab::{ActType, StandardOfProof};
use truce_core::{Command, CommandError, Role, Status};

use crate::fixture::*;

fn sample_commands() -> Vec<Command> {
    vec![
        Command::FileReport { allegation: allegation() },
        Command::Acknowledge {},
        Command::Admit { note: String::new() },
        Command::RuleInadmissible { reason: "x".into() },
        Command::MergeDuplicate { into: CaseId::parse("c2").unwrap(), note: String::new() },
        Command::NotifyAccused {},
        Command::SubmitReply { reply: Reply { position: ReplyPosition::Denies, text: "x".into(), evidence: vec![] } },
        Command::MarkReplyOverdue {},
        Command::TaskInvestigation { team: pid("JVT"), due: None, replaces: None },
        Command::RecordAccessDenial {
            denial: AccessDenial { by: pid("AFG"), place: "x".into(), description: "x".into() },
        },
        Command::SubmitInvestigationReport { report: InvestigationReport { summary: "x".into(), evidence: vec![] } },
        Command::ProposeFinding { finding: violation() },
        Command::Vote { approve: true, reason: String::new() },
        Command::FileAppeal { grounds: "x".into() },
        Command::ProposeAppealDecision { decision: AppealDecision::Uphold, reason: "x".into() },
        Command::Finalize {},
        Command::ProposePenaltyDecision { level: None, reason: String::new() },
        Command::RecordCompliance { complied: true, note: String::new() },
        Command::Close { note: String::new() },
        Command::Reopen { reason: "x".into(), evidence: vec![evidence()] },
        Command::AmendAllegation { allegation: allegation(), reason: "x".into() },
        Command::WithdrawAllegation { reason: "x".into() },
        Command::ExtendDeadline {
            deadline: truce_core::case::DeadlineKind::Reply,
            party: None,
            until: t(28, 0),
            reason: "x".into(),
        },
        Command::LinkCase {
            other: CaseId::parse("c2").unwrap(),
            relation: truce_core::case::LinkRelation::Related,
            note: String::new(),
        },
        Command::AddNote { text: "x".into() },
    ]
}

fn evidence() -> EvidenceRef {
    EvidenceRef { sha256: "a".repeat(64), description: "photo".into() }
}

#[test]
fn the_transition_table() {
    let mut out = String::new();
    for t in TRANSITIONS {
        let from: Vec<&str> = t.from.iter().map(|s| s.as_str()).collect();
        let to: Vec<&str> = t.to.iter().map(|s| s.as_str()).collect();
        let from = if from.is_empty() { "(new case)".to_owned() } else { from.join(" | ") };
        out.push_str(&format!("{} by {:?}: {} -> {}\n", t.command, t.by, from, to.join(" | ")));
    }
    insta::assert_snapshot!(out, @"
    file_report.v1 by Filer: (new case) -> reported
    amend_allegation.v1 by Complainant: reported | acknowledged -> reported | acknowledged
    withdraw_allegation.v1 by Complainant: reported | acknowledged | admitted | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted -> withdrawn
    acknowledge.v1 by Mediator: reported -> acknowledged
    admit.v1 by Mediator: acknowledged -> admitted
    rule_inadmissible.v1 by Mediator: acknowledged -> inadmissible
    merge_duplicate.v1 by Mediator: acknowledged | admitted | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | determined | appealed | final | penalty_proposed -> merged
    notify_accused.v1 by Mediator: admitted -> awaiting_reply
    submit_reply.v1 by Accused: awaiting_reply -> reply_received
    mark_reply_overdue.v1 by Mediator: awaiting_reply -> reply_overdue
    task_investigation.v1 by Mediator: reply_received | reply_overdue | under_investigation -> under_investigation
    record_access_denial.v1 by TaskedTeam: under_investigation -> under_investigation
    submit_investigation_report.v1 by TaskedTeam: under_investigation -> findings_submitted
    propose_finding.v1 by Mediator: findings_submitted -> deliberation
    vote.v1 by Voter: reported | acknowledged | admitted | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied -> reported | acknowledged | admitted | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied
    file_appeal.v1 by PartyToCase: determined | appealed -> appealed
    propose_appeal_decision.v1 by Mediator: appealed -> appeal_review
    finalize.v1 by Mediator: determined -> final | penalty_proposed
    propose_penalty_decision.v1 by Mediator: penalty_proposed -> penalty_deliberation
    record_compliance.v1 by Mediator: penalty_decided -> complied | not_complied
    close.v1 by Mediator: inadmissible | withdrawn | final | complied | not_complied -> closed
    reopen.v1 by Mediator: closed -> admitted
    extend_deadline.v1 by Mediator: reported | acknowledged | awaiting_reply | under_investigation | determined | appealed | penalty_decided -> reported | acknowledged | awaiting_reply | under_investigation | determined | appealed | penalty_decided
    link_case.v1 by Mediator: reported | acknowledged | admitted | inadmissible | merged | withdrawn | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied | closed -> reported | acknowledged | admitted | inadmissible | merged | withdrawn | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied | closed
    add_note.v1 by Mediator: reported | acknowledged | admitted | inadmissible | merged | withdrawn | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied | closed -> reported | acknowledged | admitted | inadmissible | merged | withdrawn | awaiting_reply | reply_received | reply_overdue | under_investigation | findings_submitted | deliberation | determined | appealed | appeal_review | final | penalty_proposed | penalty_deliberation | penalty_decided | complied | not_complied | closed
    ");
}

#[test]
fn every_command_has_a_row_and_every_row_a_command() {
    let names: Vec<&str> = sample_commands().iter().map(Command::name).collect();
    assert_eq!(names.len(), TRANSITIONS.len());
    for t in TRANSITIONS {
        assert!(names.contains(&t.command.name()), "{} has no command", t.command);
    }
}

#[test]
fn each_stage_of_the_happy_path_reaches_its_status() {
    for (stage, _) in STAGES {
        let mut f = Fixture::new();
        f.to(stage);
        assert_eq!(f.status().as_str(), *stage);
    }
}

#[test]
fn commands_outside_their_statuses_are_refused_with_the_allowed_ones() {
    for (stage, _) in STAGES {
        let mut f = Fixture::new();
        f.to(stage);
        for command in sample_commands() {
            let row = command.transition().unwrap();
            if row.from.contains(&f.status()) || row.from.is_empty() {
                continue;
            }
            let before = f.docket.clone();
            match f.run(&qat(), command.clone(), t(28, 0)) {
                Err(CommandError::WrongStatus { status, allowed, .. }) => {
                    assert_eq!(status, f.status());
                    assert_eq!(allowed, row.from.to_vec());
                }
                other => panic!("{} in {stage}: {other:?}", command.name()),
            }
            assert_eq!(before, f.docket);
        }
    }
}

#[test]
fn filing_an_existing_case_is_refused() {
    let mut f = Fixture::new();
    f.to("reported");
    let err = f.refused(&pak(), Command::FileReport { allegation: allegation() }, t(2, 5));
    assert_eq!(err, "case c1 already exists");
}

#[test]
fn commands_on_an_unknown_case_are_refused() {
    let mut f = Fixture::new();
    assert_eq!(f.refused(&qat(), Command::Acknowledge {}, t(2, 0)), "there is no case c1");
}

fn file_err(who: &truce_core::Actor, edit: impl FnOnce(&mut truce_core::case::Allegation)) -> String {
    let mut f = Fixture::new();
    let mut a = allegation();
    edit(&mut a);
    f.refused(who, Command::FileReport { allegation: a }, t(2, 0))
}

#[test]
fn filing_checks_every_field_of_the_allegation() {
    let p = |s: &str| ProvisionId::parse(s).unwrap();
    assert!(file_err(&pak(), |a| a.accused = pid("QAT")).starts_with("allegation.accused: QAT is not a party"));
    assert_eq!(file_err(&afg(), |_| {}), "allegation.accused: a party cannot accuse itself");
    assert_eq!(file_err(&pak(), |a| a.provisions.clear()), "allegation.provisions: cite at least one provision");
    assert_eq!(
        file_err(&pak(), |a| a.provisions = vec![p("P9")]),
        "allegation.provisions[0]: there is no provision P9"
    );
    assert_eq!(
        file_err(&pak(), |a| a.provisions = vec![p("P3")]),
        "allegation.provisions[0]: provision P3 does not bind AFG"
    );
    assert_eq!(
        file_err(&pak(), |a| a.acts = vec![ActType::Fortification]),
        "allegation.acts[0]: none of the cited provisions covers fortification"
    );
    assert_eq!(file_err(&pak(), |a| a.acts.clear()), "allegation.acts: name at least one act");
    assert_eq!(file_err(&pak(), |a| a.summary = " ".into()), "allegation.summary: is required");
    assert!(file_err(&pak(), |a| a.summary = "x".repeat(301)).contains("longer than 300"));
    assert!(file_err(&pak(), |a| a.occurred_at = t(3, 0)).starts_with("allegation.occurred_at:"));
    assert!(file_err(&pak(), |a| a.occurred_until = Some(t(1, -48))).starts_with("allegation.occurred_until:"));
    let loc = |lat, lon, precision| Some(Location { lat, lon, precision, place_name: String::new() });
    assert_eq!(
        file_err(&pak(), |a| a.location = loc(91.0, 69.0, 1)),
        "allegation.location: latitude 91 is out of range: it must lie between -90 and 90"
    );
    assert!(file_err(&pak(), |a| a.location = loc(f64::NAN, 69.0, 1)).starts_with("allegation.location: "));
    assert_eq!(
        file_err(&pak(), |a| a.location = loc(33.0, 181.0, 1)),
        "allegation.location: longitude 181 is out of range: it must lie between -180 and 180"
    );
    assert_eq!(
        file_err(&pak(), |a| a.location = loc(33.0, 69.0, 4)),
        "allegation.location: geo_precision 4 is not an ACLED precision code: use 1, 2 or 3"
    );
    assert!(
        file_err(&pak(), |a| a.location = loc(69.17, 34.53, 1))
            .ends_with("latitude and longitude look swapped (did you mean latitude 34.53, longitude 69.17?)")
    );
    assert_eq!(
        file_err(&pak(), |a| a.casualties.civilians_killed =
            Some(truce_core::case::Estimate { low: 5, best: 2, high: 9 })),
        "allegation.casualties.civilians_killed: low ≤ best ≤ high must hold"
    );
    assert!(
        file_err(&pak(), |a| a.evidence = vec![EvidenceRef { sha256: "XYZ".into(), description: String::new() }])
            .starts_with("allegation.evidence[0].sha256")
    );
    // Limits that fit the domain: a provision or an act once, a count one incident can claim.
    let cited = allegation().provisions[0].clone();
    assert!(
        file_err(&pak(), |a| a.provisions = vec![cited.clone(); 1000])
            .starts_with("allegation.provisions[1]: P1 is listed already")
    );
    let act = allegation().acts[0];
    assert!(file_err(&pak(), |a| a.acts.push(act)).ends_with("is listed already"));
    assert!(
        file_err(&pak(), |a| a.casualties.civilians_killed = Some(truce_core::case::Estimate::exactly(4_000_000_000)))
            .starts_with("allegation.casualties.civilians_killed.high: 4000000000 is more than one incident can claim")
    );
    // Text a reader cannot see is refused; a summary of only invisible marks is empty.
    assert!(
        file_err(&pak(), |a| a.summary = "Shelling of \u{202E}namahC".into())
            .starts_with("allegation.summary: character 13 is U+202E, a directional override")
    );
    assert_eq!(file_err(&pak(), |a| a.summary = "\u{200F}\u{200C} ".into()), "allegation.summary: is required");
    assert!(
        file_err(&pak(), |a| a.summary = "two\nlines".into()).contains("a line break or tab; this field is one line")
    );
}

#[test]
fn who_may_file_follows_the_protocol_and_the_actors_participant() {
    let mut f = Fixture::new();
    f.on("p1", &public(), Command::FileReport { allegation: allegation() }, t(2, 0)).unwrap();
    let case = f.docket.case(&CaseId::parse("p1").unwrap()).unwrap();
    assert_eq!(case.complainant, truce_core::case::Complainant::Public);

    let admin = actor("admin", None, Role::Administrator);
    assert!(file_err(&admin, |_| {}).contains("administrators do not file"));
    let impostor = actor("x", Some("QAT"), Role::PartyLiaison);
    assert_eq!(file_err(&impostor, |_| {}), "actor.role: a party_liaison cannot act for QAT, which is a mediator");
    let stranger = actor("x", Some("IND"), Role::PartyLiaison);
    assert_eq!(file_err(&stranger, |_| {}), "actor.participant: IND is not a participant of the agreement");

    let mut g = Fixture::new();
    g.agreement.protocol.may_file.retain(|k| *k != truce_core::vocab::FilerKind::Public);
    let err = g.on("p1", &public(), Command::FileReport { allegation: allegation() }, t(2, 0)).unwrap_err();
    assert!(err.to_string().contains("the protocol does not let this channel file"), "{err}");
}

#[test]
fn acknowledging_late_is_recorded() {
    let mut f = Fixture::new();
    f.to("reported");
    let events = f.ok(&qat(), Command::Acknowledge {}, t(5, 0));
    assert!(matches!(events[0].kind, EventKind::Acknowledged { late: true, .. }));
    let mut g = Fixture::new();
    let events = g.to("reported").ok(&qat(), Command::Acknowledge {}, t(2, 1));
    assert!(matches!(events[0].kind, EventKind::Acknowledged { late: false, .. }));
}

#[test]
fn only_mediators_triage() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    let err = f.refused(&pak(), Command::Admit { note: String::new() }, t(2, 2));
    assert!(err.contains("may not act for the mediators"), "{err}");
    let err = f.refused(&jvt(), Command::RuleInadmissible { reason: "x".into() }, t(2, 2));
    assert!(err.contains("may not act for the mediators"), "{err}");
}

#[test]
fn admitting_an_incident_before_the_agreement_is_refused() {
    let mut f = Fixture::new();
    let mut a = allegation();
    a.occurred_at = "2025-10-15T04:00:00+05:00".parse().unwrap();
    f.ok(&pak(), Command::FileReport { allegation: a }, t(2, 0));
    f.ok(&qat(), Command::Acknowledge {}, t(2, 1));
    let err = f.refused(&qat(), Command::Admit { note: String::new() }, t(2, 2));
    assert!(err.starts_with("outside the agreement: the incident is dated 2025-10-14T23:00:00Z"), "{err}");
    assert_eq!(f.refused(&qat(), Command::RuleInadmissible { reason: " ".into() }, t(2, 2)), "reason: is required");
    f.ok(&qat(), Command::RuleInadmissible { reason: "Before the ceasefire.".into() }, t(2, 3));
    assert_eq!(f.status(), Status::Inadmissible);
    assert_eq!(f.case().inadmissible_reason.as_deref(), Some("Before the ceasefire."));
    f.ok(&qat(), Command::Close { note: String::new() }, t(2, 4));
    assert_eq!(f.status(), Status::Closed);
}

#[test]
fn a_zone_scoped_provision_is_admitted_without_a_location_only_with_the_mediators_reason() {
    let mut f = Fixture::new();
    let mut a = allegation();
    a.provisions = vec![truce_core::ids::ProvisionId::parse("P6").unwrap()];
    a.acts = vec![truce_core::vocab::ActType::Fortification];
    assert!(a.location.is_none());
    f.ok(&pak(), Command::FileReport { allegation: a }, t(2, 0));
    f.ok(&qat(), Command::Acknowledge {}, t(2, 1));
    let err = f.refused(&qat(), Command::Admit { note: String::new() }, t(2, 2));
    assert!(err.starts_with("note: the allegation gives no location"), "{err}");
    assert!(err.contains("P6 applies in"), "{err}");
    let note = "The filer's photographs show the Chaman gate; the scope is taken as met.";
    let events = f.ok(&qat(), Command::Admit { note: note.into() }, t(2, 3));
    assert!(matches!(&events[0].kind, EventKind::Admitted { note: n } if n == note));
    // A provision of the whole border needs no such note (the fixture's P1).
    let mut g = Fixture::new();
    g.to("acknowledged").ok(&qat(), Command::Admit { note: String::new() }, t(2, 2));
}

#[test]
fn a_duplicate_is_merged_and_kept_as_provenance() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    f.on("c2", &public(), Command::FileReport { allegation: allegation() }, t(2, 2)).unwrap();
    f.on("c2", &qat(), Command::Acknowledge {}, t(2, 3)).unwrap();
    let merge = |into: &str| Command::MergeDuplicate { into: CaseId::parse(into).unwrap(), note: String::new() };
    assert_eq!(f.on("c2", &qat(), merge("c9"), t(2, 4)).unwrap_err().to_string(), "into: there is no case c9");
    assert_eq!(
        f.on("c2", &qat(), merge("c2"), t(2, 4)).unwrap_err().to_string(),
        "into: a case cannot be merged into itself"
    );
    let events = f.on("c2", &qat(), merge("c1"), t(2, 4)).unwrap();
    assert_eq!(events.len(), 2);
    let c2 = f.docket.case(&CaseId::parse("c2").unwrap()).unwrap();
    assert_eq!(c2.status, Status::Merged);
    assert_eq!(c2.merged_into, Some(CaseId::parse("c1").unwrap()));
    assert_eq!(f.case().duplicates, vec![CaseId::parse("c2").unwrap()]);
    assert_eq!(f.status(), Status::Acknowledged, "merging does not move the surviving case");

    // A report accusing the other party is not a duplicate.
    let mut other = allegation();
    other.accused = pid("PAK");
    f.on("c3", &afg(), Command::FileReport { allegation: other }, t(2, 5)).unwrap();
    f.on("c3", &qat(), Command::Acknowledge {}, t(2, 6)).unwrap();
    let err = f.on("c3", &qat(), merge("c1"), t(2, 7)).unwrap_err().to_string();
    assert!(err.contains("only reports of the same allegation are duplicates"), "{err}");
}

#[test]
fn notifying_the_accused_sets_the_reply_deadline() {
    let mut f = Fixture::new();
    f.to("awaiting_reply");
    assert_eq!(f.case().deadlines.reply_by, Some(t(9, 3)));
}

#[test]
fn only_the_accused_replies_and_only_in_time() {
    let mut f = Fixture::new();
    f.to("awaiting_reply");
    let reply = Command::SubmitReply {
        reply: Reply { position: ReplyPosition::Admits, text: "Yes.".into(), evidence: vec![] },
    };
    assert!(f.refused(&pak(), reply.clone(), t(3, 0)).contains("the complainant cannot reply to its own allegation"));
    assert!(f.refused(&qat(), reply.clone(), t(3, 0)).contains("only AFG's liaison replies"));
    let err = f.refused(&afg(), reply.clone(), t(9, 4));
    assert!(err.starts_with("the reply deadline passed at 2025-11-09T15:00:00Z"), "{err}");
    let empty = Command::SubmitReply {
        reply: Reply { position: ReplyPosition::Admits, text: String::new(), evidence: vec![] },
    };
    assert_eq!(f.refused(&afg(), empty, t(3, 0)), "reply.text: is required");
    f.ok(&afg(), reply, t(9, 3));
    assert_eq!(f.status(), Status::ReplyReceived);
}

#[test]
fn an_overdue_reply_is_marked_only_after_the_deadline_and_escalates() {
    let mut f = Fixture::new();
    f.to("awaiting_reply");
    assert!(f.refused(&qat(), Command::MarkReplyOverdue {}, t(9, 3)).contains("has not passed yet"));
    let events = f.ok(&qat(), Command::MarkReplyOverdue {}, t(9, 4));
    assert_eq!(f.status(), Status::ReplyOverdue);
    let escalations: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::EscalationTriggered { rule, party, .. } => Some(format!("{rule} {party}")),
            _ => None,
        })
        .collect();
    assert_eq!(escalations, vec!["silence AFG"]);
    f.ok(&tur(), Command::TaskInvestigation { team: pid("JVT"), due: None, replaces: None }, t(9, 5));
    assert_eq!(f.status(), Status::UnderInvestigation);
}

#[test]
fn tasking_needs_a_monitoring_team_and_a_future_due_date() {
    let mut f = Fixture::new();
    f.to("reply_received");
    assert_eq!(
        f.refused(&qat(), Command::TaskInvestigation { team: pid("TUR"), due: None, replaces: None }, t(3, 1)),
        "team: TUR is not a monitoring team of the agreement"
    );
    assert!(
        f.refused(&qat(), Command::TaskInvestigation { team: pid("JVT"), due: Some(t(3, 0)), replaces: None }, t(3, 1))
            .starts_with("due: ")
    );
    f.ok(&qat(), Command::TaskInvestigation { team: pid("JVT"), due: Some(t(10, 0)), replaces: None }, t(3, 1));
    assert_eq!(f.case().deadlines.investigation_due, Some(t(10, 0)));
}

#[test]
fn only_the_tasked_team_reports_and_records_denials() {
    let mut f = Fixture::new();
    f.to("under_investigation");
    let denial = |by: &str| Command::RecordAccessDenial {
        denial: AccessDenial { by: pid(by), place: "Barmal".into(), description: "Turned back".into() },
    };
    assert!(f.refused(&pak(), denial("AFG"), t(3, 2)).contains("only monitors of the tasked team (JVT) do"));
    assert_eq!(f.refused(&jvt(), denial("QAT"), t(3, 2)), "denial.by: QAT is not a party");
    f.ok(&jvt(), denial("AFG"), t(3, 2));
    assert_eq!(f.status(), Status::UnderInvestigation);
    assert_eq!(f.case().access_denials.len(), 1);
    let late = f.ok(
        &jvt(),
        Command::SubmitInvestigationReport {
            report: InvestigationReport { summary: "Found.".into(), evidence: vec![] },
        },
        t(28, 0),
    );
    assert!(matches!(late[0].kind, EventKind::InvestigationReported { late: true, .. }));
}

fn finding_err(edit: impl FnOnce(&mut Finding)) -> String {
    let mut f = Fixture::new();
    f.to("findings_submitted");
    let mut finding = violation();
    edit(&mut finding);
    f.refused(&qat(), Command::ProposeFinding { finding }, t(4, 1))
}

#[test]
fn a_proposed_finding_is_checked_against_the_agreement() {
    let p = |s: &str| ProvisionId::parse(s).unwrap();
    assert_eq!(
        finding_err(|f| f.occurrence = Occurrence::Inconclusive),
        "finding.attribution: no one can be held responsible for an incident that is not confirmed"
    );
    assert_eq!(
        finding_err(|f| f.attribution.as_mut().unwrap().standard_met = StandardOfProof::BalanceOfProbabilities),
        "attributing a direct act needs clear_and_convincing under the protocol; the finding meets only balance_of_probabilities"
    );
    assert_eq!(
        finding_err(|f| f.provisions_breached = vec![p("P2")]),
        "finding.provisions_breached[0]: provision P2 is an obligation of omission, so it cannot be breached by a direct act"
    );
    assert_eq!(
        finding_err(|f| f.provisions_breached = vec![p("P3")]),
        "finding.provisions_breached[0]: provision P3 does not bind AFG"
    );
    assert_eq!(
        finding_err(|f| f.acts = vec![ActType::Fortification]),
        "finding.acts[0]: no provision found breached prohibits fortification"
    );
    assert_eq!(finding_err(|f| f.severity = None), "finding.severity: an attributed violation needs a severity");
    assert_eq!(
        finding_err(|f| f.provisions_breached.clear()),
        "finding.provisions_breached: an attributed violation must name the provisions breached"
    );
    assert_eq!(finding_err(|f| f.reasons.clear()), "finding.reasons: is required");
    assert_eq!(
        finding_err(|f| f.attribution = None),
        "finding.provisions_breached: a breach needs an attribution: say which party is responsible"
    );
    assert_eq!(
        finding_err(|f| f.attribution.as_mut().unwrap().party = pid("QAT")),
        "finding.attribution.party: QAT is not a party"
    );
    assert_eq!(
        finding_err(|f| {
            f.occurrence = Occurrence::NotConfirmed;
            f.attribution = None;
        }),
        "finding.provisions_breached: no provision is breached by an incident that is not confirmed"
    );
}

#[test]
fn confirming_occurrence_needs_the_protocols_standard() {
    let mut f = Fixture::new();
    f.agreement.protocol.standards.occurrence = StandardOfProof::BeyondReasonableDoubt;
    f.to("findings_submitted");
    let err = f.refused(&qat(), Command::ProposeFinding { finding: violation() }, t(4, 1));
    assert_eq!(
        err,
        "confirming occurrence needs beyond_reasonable_doubt under the protocol; the finding meets only clear_and_convincing"
    );
}

#[test]
fn consensus_needs_both_mediators_and_one_dissent_fails_the_motion() {
    let mut f = Fixture::new();
    f.to("deliberation");
    let yes = Command::Vote { approve: true, reason: String::new() };
    assert!(f.refused(&afg(), yes.clone(), t(4, 2)).contains("only the voters (QAT, TUR) vote"));
    assert!(f.refused(&jvt(), yes.clone(), t(4, 2)).contains("only the voters"));
    f.ok(&qat(), yes.clone(), t(4, 2));
    assert_eq!(f.status(), Status::Deliberation, "one of two is not consensus");
    assert!(f.refused(&qat(), yes.clone(), t(4, 2)).contains("QAT has already voted on this motion"));
    assert_eq!(
        f.refused(&tur(), Command::Vote { approve: false, reason: String::new() }, t(4, 3)),
        "reason: is required"
    );
    let events = f.ok(&tur(), Command::Vote { approve: false, reason: "Not proven.".into() }, t(4, 3));
    assert!(matches!(events.last().unwrap().kind, EventKind::MotionFailed));
    assert_eq!(f.status(), Status::FindingsSubmitted);
    assert!(f.case().finding.is_none());
}

#[test]
fn an_adopted_finding_opens_the_appeal_window() {
    let mut f = Fixture::new();
    f.to("determined");
    assert_eq!(f.case().finding, Some(violation()));
    assert_eq!(f.case().deadlines.appeal_until, Some(t(18, 3)));
    assert!(f.refused(&qat(), Command::Finalize {}, t(18, 3)).contains("has not passed yet"));
}

#[test]
fn only_parties_to_the_case_appeal_and_only_in_the_window() {
    let mut f = Fixture::new();
    f.to("determined");
    let appeal = Command::FileAppeal { grounds: "Wrong.".into() };
    assert!(f.refused(&jvt(), appeal.clone(), t(5, 0)).contains("only the liaison of a party to the case appeals"));
    assert!(f.refused(&qat(), appeal.clone(), t(5, 0)).contains("only the liaison of a party to the case appeals"));
    assert!(f.refused(&afg(), appeal.clone(), t(18, 4)).starts_with("the appeal deadline passed"));
    assert_eq!(f.refused(&afg(), Command::FileAppeal { grounds: String::new() }, t(5, 0)), "grounds: is required");
    f.ok(&afg(), appeal, t(5, 0));
    assert_eq!(f.status(), Status::Appealed);
    assert_eq!(f.case().appeals[0].by, pid("AFG"));
}

#[test]
fn an_upheld_appeal_makes_the_finding_final_and_proposes_a_penalty() {
    let mut f = Fixture::new();
    f.to("determined");
    f.ok(&afg(), Command::FileAppeal { grounds: "Wrong.".into() }, t(5, 0));
    f.ok(
        &qat(),
        Command::ProposeAppealDecision { decision: AppealDecision::Uphold, reason: "Evidence holds.".into() },
        t(6, 0),
    );
    assert_eq!(f.status(), Status::AppealReview);
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(6, 1));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(6, 2));
    // PAK, the complainant, may still appeal until its own window closes.
    assert_eq!(f.status(), Status::Determined);
    assert_eq!(f.case().final_at, None);
    f.ok(&qat(), Command::Finalize {}, t(18, 4));
    assert_eq!(f.status(), Status::PenaltyProposed);
    assert_eq!(f.case().final_at, Some(t(18, 4)));
    assert_eq!(f.case().finding, Some(violation()));
}

#[test]
fn a_revised_finding_replaces_the_one_appealed() {
    let mut f = Fixture::new();
    f.to("determined");
    f.ok(&afg(), Command::FileAppeal { grounds: "Not us.".into() }, t(5, 0));
    let mut revised = violation();
    revised.occurrence = Occurrence::Confirmed;
    revised.attribution = None;
    revised.provisions_breached.clear();
    revised.severity = None;
    f.ok(
        &tur(),
        Command::ProposeAppealDecision {
            decision: AppealDecision::Revise { finding: revised.clone() },
            reason: "Unclear who fired.".into(),
        },
        t(6, 0),
    );
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(6, 1));
    // A failed appeal motion returns the case to the appeal.
    let mut g = Fixture { agreement: f.agreement.clone(), docket: f.docket.clone(), stage: f.stage };
    g.ok(&tur(), Command::Vote { approve: false, reason: "No.".into() }, t(6, 2));
    assert_eq!(g.status(), Status::Appealed);
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(6, 2));
    assert_eq!(f.case().finding, Some(revised));
    assert_eq!(f.status(), Status::Determined, "PAK's window is still open");
    f.ok(&qat(), Command::Finalize {}, t(18, 4));
    assert_eq!(f.status(), Status::Final, "no violation, so no penalty");
    f.ok(&qat(), Command::Close { note: String::new() }, t(18, 5));
}

#[test]
fn the_penalty_decision_defaults_to_the_engines_proposal_and_departures_need_a_reason() {
    let mut f = Fixture::new();
    f.to("penalty_proposed");
    let proposal = f.case().penalty_proposal.clone().unwrap();
    assert_eq!(proposal.level, 2);
    assert_eq!(
        f.refused(&qat(), Command::ProposePenaltyDecision { level: Some(9), reason: "x".into() }, t(20, 1)),
        "level: the ladder has levels 1 to 4; 9 is not one of them"
    );
    assert!(
        f.refused(&qat(), Command::ProposePenaltyDecision { level: Some(1), reason: String::new() }, t(20, 1))
            .contains("the reason for departing is required")
    );
    f.to("penalty_decided");
    let penalty = f.case().penalty.clone().unwrap();
    assert_eq!((penalty.level, penalty.measure.as_str(), penalty.party.as_str()), (2, "public_attribution", "AFG"));
    let due: jiff::Timestamp = "2025-12-20T15:00:00Z".parse().unwrap();
    assert_eq!(penalty.compliance_by, due);
}

#[test]
fn non_compliance_is_recorded_only_after_the_deadline_and_escalates() {
    let mut f = Fixture::new();
    f.to("penalty_decided");
    let no = Command::RecordCompliance { complied: false, note: String::new() };
    assert!(f.refused(&qat(), no.clone(), t(25, 0)).contains("has not passed yet"));
    let late: jiff::Timestamp = "2025-12-21T00:00:00Z".parse().unwrap();
    let events = f.ok(&qat(), no, late);
    assert_eq!(f.status(), Status::NotComplied);
    assert!(
        events
            .iter()
            .any(|e| matches!(&e.kind, EventKind::EscalationTriggered { rule, .. } if rule.as_str() == "defiance"))
    );
}

#[test]
fn a_closed_case_reopens_on_new_evidence_with_its_history_kept() {
    let mut f = Fixture::new();
    f.to("closed");
    let before = f.case().history.len();
    assert_eq!(
        f.refused(&qat(), Command::Reopen { reason: "New photos.".into(), evidence: vec![] }, t(26, 0)),
        "evidence: a case is reopened only on new evidence; list at least one item"
    );
    assert!(
        f.refused(&pak(), Command::Reopen { reason: "x".into(), evidence: vec![evidence()] }, t(26, 0))
            .contains("mediators")
    );
    f.ok(&qat(), Command::Reopen { reason: "New photos.".into(), evidence: vec![evidence()] }, t(26, 0));
    assert_eq!(f.status(), Status::Admitted);
    assert!(f.case().finding.is_none() && f.case().penalty.is_none());
    assert_eq!(f.case().history.len(), before + 1);
    // The reopened case goes round again.
    f.ok(&qat(), Command::NotifyAccused {}, t(26, 1));
    assert_eq!(f.status(), Status::AwaitingReply);
}

#[test]
fn commands_cannot_be_back_dated() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    let err = f.refused(&qat(), Command::Admit { note: String::new() }, t(2, 0));
    assert!(err.contains("records cannot be back-dated"), "{err}");
}

#[test]
fn under_a_chair_rule_the_chairs_vote_decides() {
    let mut f = Fixture::new();
    f.agreement.protocol.decision.rule = truce_core::agreement::DecisionRule::Chair(pid("QAT"));
    f.to("deliberation");
    f.ok(&tur(), Command::Vote { approve: false, reason: "I dissent.".into() }, t(4, 2));
    assert_eq!(f.status(), Status::Deliberation, "a dissent by a non-chair is recorded, not decisive");
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(4, 3));
    assert_eq!(f.status(), Status::Determined);
    let dissents =
        f.case().history.iter().filter(|e| matches!(&e.kind, EventKind::VoteCast { vote } if !vote.approve)).count();
    assert_eq!(dissents, 1, "the dissent stays on the record");
}

#[test]
fn under_k_of_n_the_motion_passes_at_k_approvals() {
    let mut f = Fixture::new();
    f.agreement.protocol.decision.rule = truce_core::agreement::DecisionRule::KOfN(1);
    f.to("deliberation");
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(4, 2));
    assert_eq!(f.status(), Status::Determined);
}

#[test]
fn a_finding_without_violation_closes_without_penalty() {
    let mut f = Fixture::new();
    f.to("findings_submitted");
    let finding = Finding {
        occurrence: Occurrence::NotConfirmed,
        occurrence_standard_met: StandardOfProof::BalanceOfProbabilities,
        attribution: None,
        provisions_breached: vec![],
        acts: vec![],
        severity: None,
        casualties: Default::default(),
        reasons: "No trace of fire was found.".into(),
        evidence: vec![],
    };
    f.ok(&qat(), Command::ProposeFinding { finding }, t(4, 1));
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(4, 2));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(4, 3));
    let events = f.ok(&qat(), Command::Finalize {}, t(20, 0));
    assert_eq!(events.len(), 1);
    assert_eq!(f.status(), Status::Final);
    assert!(f.case().penalty_proposal.is_none());
}

#[test]
fn a_located_report_is_placed_on_the_map() {
    let mut f = Fixture::new();
    let mut a = allegation();
    a.location = Some(Location { lat: 30.9222, lon: 66.4447, precision: 1, place_name: "Chaman".into() });
    f.ok(&pak(), Command::FileReport { allegation: a }, t(2, 0));
    let placement = f.case().placement.clone().unwrap();
    assert_eq!(placement.side, Some(truce_geo::Side::Pakistan));
    assert!((placement.border_km - 4.2).abs() < 2.0, "{}", placement.border_km);
    assert!(placement.sector.is_some());
    assert_eq!(placement.nearest_crossing.as_ref().map(|c| c.id.as_str()), Some("chaman_spin_boldak"));
}

#[test]
fn admission_checks_the_geographic_scope_of_the_provisions_cited() {
    let mut f = Fixture::new();
    let mut a = allegation();
    // P5 applies within 50 km of the line; Kabul is further.
    a.provisions = vec![ProvisionId::parse("P5").unwrap()];
    a.acts = vec![ActType::ObstructionOfMonitors];
    a.location = Some(Location { lat: 34.53, lon: 69.17, precision: 1, place_name: "Kabul".into() });
    f.ok(&pak(), Command::FileReport { allegation: a }, t(2, 0));
    f.ok(&qat(), Command::Acknowledge {}, t(2, 1));
    let err = f.refused(&qat(), Command::Admit { note: String::new() }, t(2, 2));
    assert!(err.starts_with("outside the agreement: the incident at 34.5300, 69.1700 ("), "{err}");
    assert!(err.contains("P5 applies within 50 km of the line"), "{err}");
}
