//! Property tests: random command sequences, from any actor, at random
//! times, never panic, never take a transition the table does not list,
//! change nothing when refused, replay to the same state, and are accepted
//! only when `open_commands` offered them.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::case::{
    AccessDenial, Attribution, AttributionBasis, Case, EvidenceRef, Finding, InvestigationReport, Occurrence, Reply,
    ReplyPosition,
};
use truce_core::command::AppealDecision;
use truce_core::docket::open_commands;
use truce_core::ids::{CaseId, ProvisionId};
use truce_core::stats::ReaderTallies;
use truce_core::vocab::{Severity, StandardOfProof};
use truce_core::{Actor, CaseCommand, Command, Docket, Role, Status, stats};

use crate::fixture::*;

/// One random step: who, which case, what, a parameter byte, how many hours
/// pass first, and whether to follow the lifecycle (so sequences get deep)
/// instead of the actor and command drawn.
type RawStep = (usize, usize, usize, u8, i64, bool);

/// The command that moves a case on from `status`, and who would issue it
/// (an index into [`actors`]).
fn guided(case: Option<&Case>, p: u8) -> (usize, usize) {
    let accused = case.map_or(1, |c| if c.allegation.accused.as_str() == "AFG" { 1 } else { 0 });
    let mediator = 2 + (p as usize % 2);
    let Some(case) = case else { return (p as usize % 2, 0) };
    match case.status {
        Status::Reported => (mediator, 1),
        Status::Acknowledged => (mediator, [2, 2, 2, 2, 3, 4][p as usize % 6]),
        Status::Admitted => (mediator, 5),
        Status::AwaitingReply => {
            if p.is_multiple_of(4) {
                (mediator, 7)
            } else {
                (accused, 6)
            }
        }
        Status::ReplyReceived | Status::ReplyOverdue => (mediator, 8),
        Status::UnderInvestigation => (4, if p.is_multiple_of(5) { 9 } else { 10 }),
        Status::FindingsSubmitted => (mediator, 11),
        Status::Deliberation | Status::AppealReview | Status::PenaltyDeliberation => (mediator, 12),
        Status::Determined => {
            if p.is_multiple_of(3) {
                (accused, 15)
            } else {
                (mediator, 17)
            }
        }
        Status::Appealed => (mediator, 16),
        Status::PenaltyProposed => (mediator, 18),
        Status::PenaltyDecided => (mediator, 19),
        Status::Final
        | Status::Complied
        | Status::NotComplied
        | Status::Inadmissible
        | Status::Merged
        | Status::Withdrawn => (mediator, 20),
        Status::Closed => (mediator, 21),
    }
}

fn actors() -> Vec<Actor> {
    vec![pak(), afg(), qat(), tur(), jvt(), public(), actor("admin", None, Role::Administrator)]
}

fn finding(p: u8) -> Finding {
    let party = if p.is_multiple_of(2) { "AFG" } else { "PAK" };
    let mut f = violation();
    f.attribution = Some(Attribution {
        party: pid(party),
        basis: AttributionBasis::DirectAct,
        standard_met: StandardOfProof::ClearAndConvincing,
    });
    f.severity = Some([Severity::Minor, Severity::Serious, Severity::Grave][(p as usize / 2) % 3]);
    match p % 7 {
        0 => {
            f.attribution = None;
            f.provisions_breached.clear();
            f.severity = None;
        }
        1 => {
            f.occurrence = Occurrence::NotConfirmed;
            f.attribution = None;
            f.provisions_breached.clear();
            f.severity = None;
            f.acts.clear();
        }
        2 => f.provisions_breached = vec![ProvisionId::parse("P2").unwrap()],
        3 => f.casualties.civilians_killed = Some(truce_core::case::Estimate::exactly(u32::from(p))),
        _ => {}
    }
    f
}

fn command(kind: usize, p: u8, now: Timestamp) -> Command {
    let cases = ["c1", "c2", "c3"];
    let text = if p.is_multiple_of(5) { String::new() } else { "Because.".to_owned() };
    match kind {
        0 => {
            let mut a = allegation();
            a.accused = pid(if p.is_multiple_of(2) { "AFG" } else { "PAK" });
            a.occurred_at = now.checked_sub(SignedDuration::from_hours(i64::from(p))).unwrap();
            Command::FileReport { allegation: a }
        }
        1 => Command::Acknowledge {},
        2 => Command::Admit { note: String::new() },
        3 => Command::RuleInadmissible { reason: text },
        4 => Command::MergeDuplicate { into: CaseId::parse(cases[p as usize % 3]).unwrap(), note: String::new() },
        5 => Command::NotifyAccused {},
        6 => Command::SubmitReply { reply: Reply { position: ReplyPosition::Denies, text, evidence: vec![] } },
        7 => Command::MarkReplyOverdue {},
        8 => Command::TaskInvestigation {
            team: pid(if p.is_multiple_of(9) { "QAT" } else { "JVT" }),
            due: None,
            replaces: None,
        },
        9 => Command::RecordAccessDenial {
            denial: AccessDenial {
                by: pid(if p.is_multiple_of(2) { "AFG" } else { "PAK" }),
                place: "x".into(),
                description: "y".into(),
            },
        },
        10 => Command::SubmitInvestigationReport {
            report: InvestigationReport { summary: "Seen.".into(), evidence: vec![] },
        },
        11 => Command::ProposeFinding { finding: finding(p) },
        12..=14 => Command::Vote { approve: !p.is_multiple_of(4), reason: text },
        15 => Command::FileAppeal { grounds: text },
        16 => Command::ProposeAppealDecision {
            decision: if p.is_multiple_of(2) {
                AppealDecision::Uphold
            } else {
                AppealDecision::Revise { finding: finding(p / 2) }
            },
            reason: text,
        },
        17 => Command::Finalize {},
        18 => Command::ProposePenaltyDecision {
            level: if p.is_multiple_of(3) { None } else { Some(u32::from(p % 6)) },
            reason: text,
        },
        19 => Command::RecordCompliance { complied: p.is_multiple_of(2), note: String::new() },
        20 => Command::Close { note: String::new() },
        21 => Command::Reopen {
            reason: text,
            evidence: if p.is_multiple_of(3) {
                vec![]
            } else {
                vec![EvidenceRef { sha256: "b".repeat(64), description: String::new() }]
            },
        },
        22 => {
            let mut a = allegation();
            a.accused = pid(if p.is_multiple_of(2) { "AFG" } else { "PAK" });
            a.summary = format!("Amended {p}");
            Command::AmendAllegation { allegation: a, reason: text }
        }
        23 => Command::WithdrawAllegation { reason: text },
        24 => Command::ExtendDeadline {
            deadline: truce_core::case::DeadlineKind::ALL[p as usize % 6],
            party: p.is_multiple_of(2).then(|| pid(if p.is_multiple_of(4) { "AFG" } else { "PAK" })),
            until: now.checked_add(SignedDuration::from_hours(i64::from(p) * 6 - 200)).unwrap(),
            reason: text,
        },
        25 => Command::LinkCase {
            other: CaseId::parse(cases[p as usize % 3]).unwrap(),
            relation: if p.is_multiple_of(2) {
                truce_core::case::LinkRelation::Related
            } else {
                truce_core::case::LinkRelation::CounterAllegation
            },
            note: String::new(),
        },
        _ => Command::AddNote { text },
    }
}

fn steps() -> impl Strategy<Value = Vec<RawStep>> {
    // Mediators act more often than others, so that sequences get deep.
    let actor = prop_oneof![3 => 2..4usize, 1 => 0..7usize];
    prop::collection::vec((actor, 0..3usize, 0..27usize, any::<u8>(), 0..100i64, prop::bool::weighted(0.8)), 1..150)
}

fn check_invariants(case: &Case) -> Result<(), TestCaseError> {
    match case.status {
        Status::Merged => prop_assert!(case.merged_into.is_some()),
        Status::Inadmissible => prop_assert!(case.inadmissible_reason.is_some()),
        Status::Withdrawn => {
            prop_assert!(case.withdrawn_reason.is_some());
            prop_assert!(case.ballot.is_none());
        }
        Status::Determined => {
            prop_assert!(case.finding.is_some());
            prop_assert!(case.deadlines.appeal_until.is_some());
        }
        Status::Deliberation | Status::AppealReview | Status::PenaltyDeliberation => {
            prop_assert!(case.ballot.is_some())
        }
        Status::PenaltyProposed => prop_assert!(case.penalty_proposal.is_some()),
        Status::PenaltyDecided | Status::Complied | Status::NotComplied => prop_assert!(case.penalty.is_some()),
        _ => {}
    }
    if case.status == Status::PenaltyProposed {
        let f = case.finding.as_ref().unwrap();
        prop_assert!(f.is_violation(), "only violations get penalties");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_follow_the_lifecycle(raw in steps()) {
        let agreement = crate::agreement();
        let actors = actors();
        let mut docket = Docket::new();
        let mut now: Timestamp = "2025-11-01T00:00:00Z".parse().unwrap();
        let mut accepted = Vec::new();
        for (a, c, kind, p, hours, follow) in raw {
            now = now.checked_add(SignedDuration::from_hours(hours)).unwrap();
            let case = CaseId::parse(["c1", "c2", "c3"][c]).unwrap();
            let (a, kind) = if follow { guided(docket.case(&case), p) } else { (a, kind) };
            let actor = &actors[a];
            let cmd = CaseCommand { case: case.clone(), command: command(kind, p, now) };
            let before = docket.clone();
            let status_before = docket.case(&case).map(|c| c.status);
            // What the core would offer this actor on the case now.
            let open = docket.case(&case).map(|c| open_commands(&agreement, actor, c, now));
            let result = docket.execute(&agreement, actor, &cmd, now);
            if let Some(open) = &open {
                let kind = cmd.command.kind();
                // Accepted: it was offered. Not offered: it is refused.
                if result.is_ok() {
                    prop_assert!(open.contains(&kind), "{kind} was accepted but not offered");
                }
                if !open.contains(&kind) {
                    prop_assert!(result.is_err(), "{kind} was not offered but accepted");
                }
            }
            match result {
                Ok(events) => {
                    prop_assert!(!events.is_empty());
                    let row = cmd.command.transition().unwrap();
                    let after = docket.case(&case).unwrap().status;
                    match status_before {
                        None => prop_assert!(row.from.is_empty()),
                        Some(s) => prop_assert!(row.from.contains(&s), "{} from {s}", row.command),
                    }
                    prop_assert!(row.to.contains(&after), "{} led to {after}, not in the table", row.command);
                    // Only the case addressed (and a merge target's provenance) change.
                    for other in before.cases().filter(|o| o.id != case) {
                        prop_assert_eq!(docket.case(&other.id).unwrap().status, other.status);
                    }
                    accepted.push((actor.clone(), cmd, now));
                }
                Err(_) => prop_assert_eq!(&before, &docket, "a refused command changed the docket"),
            }
        }
        for case in docket.cases() {
            check_invariants(case)?;
            prop_assert_eq!(&Case::from_history(&case.history).unwrap(), case);
        }
        // The violation index agrees with a scan of every case.
        for party in ["PAK", "AFG"] {
            let party = pid(party);
            let mut scanned: Vec<String> = docket
                .cases()
                .filter(|c| c.violator() == Some(&party))
                .map(|c| c.id.to_string())
                .collect();
            let mut indexed: Vec<String> = docket
                .record_of(&party, Timestamp::MIN, Timestamp::MAX)
                .into_iter()
                .map(|v| v.case.to_string())
                .collect();
            scanned.sort();
            indexed.sort();
            prop_assert_eq!(scanned, indexed);
        }
        // The statistics the docket keeps in step, case by case, agree with
        // a fresh count of every case as it stands.
        let (from, until): (Timestamp, Timestamp) =
            ("2025-01-01T00:00:00Z".parse().unwrap(), "2030-01-01T00:00:00Z".parse().unwrap());
        let fresh = stats::compute_over(&agreement, docket.cases(), from, until);
        prop_assert_eq!(&docket.tally().statistics(&agreement, from, until), &fresh);
        prop_assert_eq!(&stats::compute(&agreement, &docket, from, until), &fresh);
        // Replaying the accepted commands gives the same state, event for event.
        let mut replay = Docket::new();
        for (actor, cmd, at) in &accepted {
            replay.execute(&agreement, actor, cmd, *at).unwrap();
        }
        prop_assert_eq!(&replay, &docket);
        // A docket that drops histories reaches the same states.
        let mut lean = Docket::without_history();
        for (actor, cmd, at) in &accepted {
            lean.execute(&agreement, actor, cmd, *at).unwrap();
        }
        for case in docket.cases() {
            let mut expected = case.clone();
            expected.history.clear();
            prop_assert_eq!(lean.case(&case.id), Some(&expected));
        }
    }

    #[test]
    fn each_readers_statistics_kept_case_by_case_equal_a_fold_of_the_cases_it_may_see(raw in steps()) {
        let agreement = crate::agreement();
        let actors = actors();
        let mut docket = Docket::new();
        docket.keep_changes();
        let mut readers = ReaderTallies::new();
        let mut now: Timestamp = "2025-11-01T00:00:00Z".parse().unwrap();
        // Every kind of reader, including a party and a team no case names.
        let viewers = [
            Viewer::Mediator,
            Viewer::Public,
            Viewer::Party(pid("PAK")),
            Viewer::Party(pid("AFG")),
            Viewer::Party(pid("JVT")),
            Viewer::Team(pid("JVT")),
            Viewer::Team(pid("QAT")),
            Viewer::Team(pid("PAK")),
            Viewer::Party(pid("TUR")),
            Viewer::Team(pid("TUR")),
        ];
        for (a, c, kind, p, hours, follow) in raw {
            now = now.checked_add(SignedDuration::from_hours(hours)).unwrap();
            let case = CaseId::parse(["c1", "c2", "c3"][c]).unwrap();
            let (a, kind) = if follow { guided(docket.case(&case), p) } else { (a, kind) };
            let cmd = CaseCommand { case: case.clone(), command: command(kind, p, now) };
            let accepted = docket.execute(&agreement, &actors[a], &cmd, now).is_ok();
            let changes = docket.take_changes();
            if !accepted {
                prop_assert!(changes.is_empty(), "a refused command noted a change");
                continue;
            }
            prop_assert!(!changes.is_empty());
            for change in &changes {
                readers.change(change.before.as_deref(), &change.after);
            }
            // After every accepted command, for every reader.
            for viewer in &viewers {
                let seen: Vec<&Case> =
                    docket.cases().filter(|c| access::may_see_case(viewer, CaseParties::of(c))).collect();
                let folded = match (
                    seen.iter().map(|c| c.allegation.occurred_at).min(),
                    seen.iter().map(|c| c.allegation.occurred_at).max(),
                ) {
                    (Some(from), Some(latest)) => {
                        let until = latest.checked_add(SignedDuration::from_secs(1)).unwrap();
                        Some(stats::compute_over(&agreement, seen.iter().copied(), from, until))
                    }
                    _ => None,
                };
                prop_assert_eq!(readers.statistics(&agreement, viewer), folded, "for {:?}", viewer);
            }
        }
        // Counting the cases as they stand afresh agrees too.
        let fresh = ReaderTallies::of(docket.cases());
        for viewer in &viewers {
            prop_assert_eq!(fresh.statistics(&agreement, viewer), readers.statistics(&agreement, viewer));
        }
    }

    #[test]
    fn the_penalty_engine_is_deterministic_and_stays_on_the_ladder(p in any::<u8>(), priors in 0..6usize) {
        let agreement = crate::agreement();
        let f = finding(p);
        prop_assume!(f.is_violation());
        let party = f.attribution.as_ref().unwrap().party.clone();
        let at: Timestamp = "2025-11-01T00:00:00Z".parse().unwrap();
        let record: Vec<_> = (0..priors)
            .map(|i| truce_core::penalty::PriorViolation {
                case: CaseId::parse(&format!("old{i}")).unwrap(),
                party: party.clone(),
                occurred_at: at.checked_sub(SignedDuration::from_hours(24 * (i as i64 + 1) * 10)).unwrap(),
                severity: Severity::Minor,
            })
            .collect();
        let id = CaseId::parse("now").unwrap();
        let a = truce_core::penalty::propose(&agreement, &record, &id, at, &f).unwrap();
        let b = truce_core::penalty::propose(&agreement, &record, &id, at, &f).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert!(a.level >= 1 && a.level <= agreement.penalties.cap);
        prop_assert!(agreement.penalties.rung(a.level).is_some());
        prop_assert!(a.explanation().ends_with(&agreement.penalties.rung(a.level).unwrap().measure));
    }
}
