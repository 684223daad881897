//! What a secretariat needs beyond the straight path: the filer amends or
//! withdraws its allegation, duplicates are merged at any stage before a
//! penalty without counting twice, each party appeals within its own
//! window, deadlines are extended by the decision rule, investigations are
//! re-tasked, cases are linked, and the mediators keep internal notes.

use truce_core::access::{self, Viewer};
use truce_core::case::{DeadlineKind, EventKind, LinkRelation, Reply, ReplyPosition, TimePrecision};
use truce_core::command::AppealDecision;
use truce_core::ids::CaseId;
use truce_core::{Agreement, Command, CommandError, Docket, Status};

use crate::fixture::*;

fn cid(s: &str) -> CaseId {
    CaseId::parse(s).unwrap()
}

fn vote(f: &mut Fixture, case: &str, at: jiff::Timestamp) {
    f.on(case, &qat(), Command::Vote { approve: true, reason: String::new() }, at).unwrap();
    f.on(case, &tur(), Command::Vote { approve: true, reason: String::new() }, at).unwrap();
}

#[test]
fn the_filer_amends_its_allegation_until_admission_and_every_version_stays_in_the_history() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    let mut amended = allegation();
    amended.summary = "Mortar fire on a post".into();
    let amend = |reason: &str| Command::AmendAllegation { allegation: amended.clone(), reason: reason.into() };
    assert_eq!(f.refused(&pak(), amend(" "), t(2, 2)), "reason: is required");
    assert!(f.refused(&afg(), amend("Typo."), t(2, 2)).contains("only its filer does"));
    assert!(f.refused(&qat(), amend("Typo."), t(2, 2)).contains("only its filer does"));
    let same = Command::AmendAllegation { allegation: allegation(), reason: "Nothing.".into() };
    assert!(f.refused(&pak(), same, t(2, 2)).contains("nothing to amend"));
    let mut bad = amended.clone();
    bad.provisions.clear();
    let refused = f.refused(&pak(), Command::AmendAllegation { allegation: bad, reason: "x".into() }, t(2, 2));
    assert_eq!(refused, "allegation.provisions: cite at least one provision");

    f.ok(&pak(), amend("The weapon was a mortar."), t(2, 2));
    let case = f.case();
    assert_eq!(case.status, Status::Acknowledged, "an amendment leaves the case where it was");
    assert_eq!(case.allegation.summary, "Mortar fire on a post");
    assert_eq!(case.amendments.len(), 1);
    assert_eq!(case.amendments[0].reason, "The weapon was a mortar.");
    // The first version is the report's, the second the amendment's.
    let versions: Vec<&str> = case
        .history
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Reported { allegation, .. } | EventKind::AllegationAmended { allegation, .. } => {
                Some(allegation.summary.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(versions, ["Fire on a post", "Mortar fire on a post"]);

    f.ok(&qat(), Command::Admit { note: String::new() }, t(2, 3));
    match f.run(&pak(), amend("Later."), t(2, 4)) {
        Err(CommandError::WrongStatus { status: Status::Admitted, .. }) => {}
        other => panic!("an admitted allegation is not amended: {other:?}"),
    }
}

#[test]
fn the_filer_withdraws_before_a_finding_with_a_reason_and_the_withdrawal_is_published() {
    let mut f = Fixture::new();
    f.to("under_investigation");
    let withdraw = |reason: &str| Command::WithdrawAllegation { reason: reason.into() };
    assert_eq!(f.refused(&pak(), withdraw(""), t(3, 2)), "reason: is required");
    assert!(f.refused(&afg(), withdraw("No."), t(3, 2)).contains("only its filer does"));
    f.ok(&pak(), withdraw("The post was hit by our own ordnance."), t(3, 2));
    assert_eq!(f.status(), Status::Withdrawn);
    assert_eq!(f.case().withdrawn_reason.as_deref(), Some("The post was hit by our own ordnance."));
    assert!(access::is_published(Status::Withdrawn));
    assert!(access::may_see_case(&Viewer::Public, access::CaseParties::of(f.case())));
    // Nobody reports on a withdrawn allegation; the mediators close it.
    let report = Command::SubmitInvestigationReport {
        report: truce_core::case::InvestigationReport { summary: "x".into(), evidence: vec![] },
    };
    assert!(matches!(f.run(&jvt(), report, t(3, 3)), Err(CommandError::WrongStatus { .. })));
    f.ok(&qat(), Command::Close { note: String::new() }, t(3, 4));

    let mut g = Fixture::new();
    g.to("deliberation");
    assert!(matches!(g.run(&pak(), withdraw("Too late."), t(4, 2)), Err(CommandError::WrongStatus { .. })));
}

/// Files the strike as `case` by PAK (`hours` later than [`allegation`]
/// says), acknowledges and admits it.
fn admitted(f: &mut Fixture, case: &str, day: i8, hours: i64) {
    let mut a = allegation();
    a.occurred_at = a.occurred_at.checked_add(jiff::SignedDuration::from_hours(hours)).unwrap();
    f.on(case, &pak(), Command::FileReport { allegation: a }, t(day, 0)).unwrap();
    f.on(case, &qat(), Command::Acknowledge {}, t(day, 1)).unwrap();
    f.on(case, &qat(), Command::Admit { note: String::new() }, t(day, 2)).unwrap();
}

/// Takes an admitted case to a final violation finding (penalty proposed).
fn to_final(f: &mut Fixture, case: &str, day: i8) {
    let at = |h: i64| t(day, h);
    f.on(case, &qat(), Command::NotifyAccused {}, at(3)).unwrap();
    let reply = Reply { position: ReplyPosition::Denies, text: "No.".into(), evidence: vec![] };
    f.on(case, &afg(), Command::SubmitReply { reply }, at(4)).unwrap();
    f.on(case, &qat(), Command::TaskInvestigation { team: pid("JVT"), due: None, replaces: None }, at(5)).unwrap();
    let report = truce_core::case::InvestigationReport { summary: "Seen.".into(), evidence: vec![] };
    f.on(case, &jvt(), Command::SubmitInvestigationReport { report }, at(6)).unwrap();
    f.on(case, &qat(), Command::ProposeFinding { finding: violation() }, at(7)).unwrap();
    vote(f, case, at(8));
    f.on(case, &qat(), Command::Finalize {}, t(day + 15, 0)).unwrap();
}

#[test]
fn a_duplicate_is_merged_after_admission_and_never_counts_as_a_violation_of_its_own() {
    let mut f = Fixture::new();
    // The same strike, filed three times.
    for (case, day) in [("a", 1), ("b", 1), ("c", 1)] {
        f.on(case, &pak(), Command::FileReport { allegation: allegation() }, t(day, 0)).unwrap();
        f.on(case, &qat(), Command::Acknowledge {}, t(day, 1)).unwrap();
        f.on(case, &qat(), Command::Admit { note: String::new() }, t(day, 2)).unwrap();
    }
    f.on("b", &qat(), Command::NotifyAccused {}, t(1, 3)).unwrap();
    // Merged after admission (b is awaiting the reply), with the note kept.
    let merge = |into: &str| Command::MergeDuplicate { into: cid(into), note: "Same strike.".into() };
    f.on("b", &qat(), merge("a"), t(1, 4)).unwrap();
    f.on("c", &qat(), merge("a"), t(1, 4)).unwrap();
    let a = f.docket.case(&cid("a")).unwrap();
    assert_eq!(a.duplicates, [cid("b"), cid("c")]);
    assert_eq!(f.docket.case(&cid("b")).unwrap().status, Status::Merged);
    // Taken to a final violation, the incident counts once: no repeat, no pattern.
    to_final(&mut f, "a", 2);
    let a = f.docket.case(&cid("a")).unwrap();
    let proposal = a.penalty_proposal.as_ref().unwrap();
    assert!(proposal.steps.iter().any(|s| s.contains("(b, c) count with it as one violation")), "{:?}", proposal.steps);
    assert!(a.escalations.iter().all(|(rule, _)| rule.as_str() != "pattern"), "{:?}", a.escalations);
    let record = f.docket.record_of(&pid("AFG"), "2025-10-01T00:00:00Z".parse().unwrap(), t(30, 0));
    assert_eq!(record.iter().map(|v| v.case.as_str()).collect::<Vec<_>>(), ["a"]);
}

#[test]
fn merging_a_duplicate_found_after_both_were_final_recomputes_the_penalty_without_it() {
    let mut f = Fixture::new();
    // Two reports of one strike, an hour apart in what they claim.
    admitted(&mut f, "a", 1, 0);
    to_final(&mut f, "a", 1);
    admitted(&mut f, "b", 2, 1);
    to_final(&mut f, "b", 2);
    let b = f.docket.case(&cid("b")).unwrap();
    let counted = b.penalty_proposal.clone().unwrap();
    assert_eq!(b.status, Status::PenaltyProposed);
    assert_eq!(f.docket.record_of(&pid("AFG"), "2025-10-01T00:00:00Z".parse().unwrap(), t(30, 0)).len(), 2);

    // The secretariat finds that a was the same strike as b.
    let events = f.on("a", &qat(), Command::MergeDuplicate { into: cid("b"), note: String::new() }, t(20, 0)).unwrap();
    assert_eq!(f.docket.case(&cid("a")).unwrap().status, Status::Merged);
    let records: Vec<_> = f
        .docket
        .record_of(&pid("AFG"), "2025-10-01T00:00:00Z".parse().unwrap(), t(30, 0))
        .into_iter()
        .map(|v| v.case)
        .collect();
    assert_eq!(records, [cid("b")], "the duplicate left the party's record");
    let recomputed = events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::PenaltyProposed { proposal } if e.case == cid("b") => Some(proposal.clone()),
            _ => None,
        })
        .expect("the survivor's penalty is proposed again");
    assert!(recomputed.level < counted.level, "{} then {}", counted.level, recomputed.level);
    assert!(recomputed.steps.last().unwrap().contains("case a was merged into case b as a duplicate"));
    assert_eq!(f.docket.case(&cid("b")).unwrap().penalty_proposal.as_deref(), Some(&recomputed));
}

#[test]
fn each_party_appeals_within_its_own_window_and_a_decision_waits_for_the_other() {
    let mut f = Fixture::new();
    f.to("determined");
    let appeal = |g: &str| Command::FileAppeal { grounds: g.into() };
    f.ok(&afg(), appeal("We did not fire."), t(5, 0));
    assert!(f.refused(&afg(), appeal("Again."), t(5, 1)).contains("has appealed this finding already"));
    let uphold = Command::ProposeAppealDecision { decision: AppealDecision::Uphold, reason: "It holds.".into() };
    f.ok(&qat(), uphold.clone(), t(6, 0));
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(6, 1));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(6, 2));
    // PAK's window is still open: the finding is not final yet.
    assert_eq!(f.status(), Status::Determined);
    assert_eq!(f.case().final_at, None);
    assert_eq!(f.case().appeals_decided, 1);
    assert!(f.refused(&qat(), Command::Finalize {}, t(7, 0)).contains("has not passed yet"));
    // PAK cross-appeals (the severity is too low), in its own window.
    f.ok(&pak(), appeal("The severity is understated."), t(8, 0));
    assert_eq!(f.status(), Status::Appealed);
    f.ok(&qat(), uphold, t(9, 0));
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(9, 1));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(9, 2));
    // Both parties have appealed and both appeals are decided: final now.
    assert_eq!(f.status(), Status::PenaltyProposed);
    assert_eq!(f.case().final_at, Some(t(9, 2)));
}

#[test]
fn a_deadline_is_extended_by_the_decision_rule_with_a_reason() {
    let mut f = Fixture::new();
    f.to("awaiting_reply");
    let reply_by = f.case().deadlines.reply_by.unwrap();
    let later = t(20, 0);
    let extend = |deadline, party: Option<&str>, until, reason: &str| Command::ExtendDeadline {
        deadline,
        party: party.map(pid),
        until,
        reason: reason.into(),
    };
    assert_eq!(f.refused(&qat(), extend(DeadlineKind::Reply, None, later, ""), t(2, 4)), "reason: is required");
    assert!(
        f.refused(&qat(), extend(DeadlineKind::Reply, None, t(2, 5), "x"), t(2, 4)).starts_with("until: "),
        "an extension extends"
    );
    assert!(
        f.refused(&qat(), extend(DeadlineKind::Compliance, None, later, "x"), t(2, 4))
            .contains("no compliance deadline")
    );
    assert!(f.refused(&qat(), extend(DeadlineKind::Reply, Some("AFG"), later, "x"), t(2, 4)).starts_with("party: "));
    assert!(f.refused(&afg(), extend(DeadlineKind::Reply, None, later, "x"), t(2, 4)).contains("mediators"));

    f.ok(&qat(), extend(DeadlineKind::Reply, None, later, "The liaison office was closed by the fighting."), t(2, 4));
    assert_eq!(f.status(), Status::AwaitingReply, "the motion runs beside the case");
    assert_eq!(f.case().deadlines.reply_by, Some(reply_by), "not extended until adopted");
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(2, 5));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(2, 6));
    assert_eq!(f.case().deadlines.reply_by, Some(later));
    assert!(f.case().ballot.is_none());
    // A reply after the first deadline but before the new one is in time.
    let reply = Reply { position: ReplyPosition::Denies, text: "No.".into(), evidence: vec![] };
    f.ok(&afg(), Command::SubmitReply { reply }, t(19, 0));
    assert_eq!(f.status(), Status::ReplyReceived);
}

#[test]
fn one_partys_appeal_window_is_extended_for_that_party_alone() {
    let mut f = Fixture::new();
    f.to("determined");
    let until = f.case().deadlines.appeal_until.unwrap();
    let extend = Command::ExtendDeadline {
        deadline: DeadlineKind::Appeal,
        party: Some(pid("AFG")),
        until: t(25, 0),
        reason: "Its liaison officer was replaced.".into(),
    };
    f.ok(&qat(), extend, t(5, 0));
    // While it is voted on, nothing else is put to the vote.
    assert!(f.refused(&qat(), Command::Finalize {}, t(19, 0)).contains("a motion is open"));
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(5, 1));
    f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(5, 2));
    assert_eq!(f.case().appeal_until(&pid("AFG")), Some(t(25, 0)));
    assert_eq!(f.case().appeal_until(&pid("PAK")), Some(until));
    let appeal = Command::FileAppeal { grounds: "Late but in time.".into() };
    assert!(f.refused(&pak(), appeal.clone(), t(20, 0)).starts_with("the appeal deadline passed"));
    assert!(f.refused(&qat(), Command::Finalize {}, t(20, 0)).contains("has not passed yet"));
    f.ok(&afg(), appeal, t(20, 0));
}

#[test]
fn an_investigation_is_re_tasked_only_by_naming_the_team_it_replaces() {
    let text = crate::DOHA.replace(
        "# --- Zones ---",
        "[[participants]]\nid = \"UNT\"\nkind = \"monitoring_team\"\nnames = { en = \"Second team\" }\n\n# --- Zones ---",
    );
    let agreement = Agreement::from_toml(&text).unwrap();
    let mut f = Fixture { agreement, docket: Docket::new(), stage: 0 };
    f.to("under_investigation");
    let task = |team: &str, replaces: Option<&str>| Command::TaskInvestigation {
        team: pid(team),
        due: None,
        replaces: replaces.map(pid),
    };
    assert!(f.refused(&qat(), task("UNT", None), t(3, 2)).starts_with("replaces: JVT is investigating"));
    assert!(f.refused(&qat(), task("UNT", Some("UNT")), t(3, 2)).starts_with("replaces: UNT is not the team"));
    f.ok(&qat(), task("UNT", Some("JVT")), t(3, 2));
    assert_eq!(f.case().team, Some(pid("UNT")));
    let report = Command::SubmitInvestigationReport {
        report: truce_core::case::InvestigationReport { summary: "Seen.".into(), evidence: vec![] },
    };
    assert!(f.refused(&jvt(), report.clone(), t(3, 3)).contains("only monitors of the tasked team (UNT)"));
    let unt = actor("unt", Some("UNT"), truce_core::Role::Monitor);
    f.ok(&unt, report, t(3, 3));
}

#[test]
fn a_counter_allegation_is_linked_both_ways_and_only_when_each_accuses_the_other() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    let mut counter = allegation();
    counter.accused = pid("PAK");
    f.on("c2", &afg(), Command::FileReport { allegation: counter }, t(2, 2)).unwrap();
    f.on("c3", &pak(), Command::FileReport { allegation: allegation() }, t(2, 2)).unwrap();
    let link = |other: &str, relation| Command::LinkCase { other: cid(other), relation, note: String::new() };
    assert!(f.refused(&qat(), link("c3", LinkRelation::CounterAllegation), t(2, 3)).starts_with("relation: "));
    assert!(f.refused(&pak(), link("c2", LinkRelation::CounterAllegation), t(2, 3)).contains("mediators"));
    assert!(f.refused(&qat(), link("c1", LinkRelation::Related), t(2, 3)).starts_with("other: "));
    assert!(f.refused(&qat(), link("c9", LinkRelation::Related), t(2, 3)).starts_with("other: there is no case c9"));
    f.ok(&qat(), link("c2", LinkRelation::CounterAllegation), t(2, 3));
    assert_eq!(f.case().links[0].case, cid("c2"));
    let back = &f.docket.case(&cid("c2")).unwrap().links;
    assert_eq!((back[0].case.as_str(), back[0].relation), ("c1", LinkRelation::CounterAllegation));
    assert!(f.refused(&qat(), link("c2", LinkRelation::Related), t(2, 4)).contains("linked already"));
}

#[test]
fn internal_notes_are_the_mediators_alone() {
    let mut f = Fixture::new();
    f.to("admitted");
    let note = Command::AddNote { text: "Ask the monitors about the second post.".into() };
    assert!(f.refused(&pak(), note.clone(), t(2, 3)).contains("mediators"));
    assert_eq!(f.refused(&qat(), Command::AddNote { text: "\u{200b}".into() }, t(2, 3)), "text: is required");
    f.ok(&qat(), note, t(2, 3));
    let case = f.case();
    assert_eq!(case.notes.len(), 1);
    assert_eq!(case.status, Status::Admitted);
    let noted = case.history.iter().position(|e| matches!(e.kind, EventKind::NoteAdded { .. })).unwrap();
    for viewer in [Viewer::Party(pid("PAK")), Viewer::Party(pid("AFG")), Viewer::Team(pid("JVT")), Viewer::Public] {
        assert!(!access::visible_events(&viewer, &case.history).contains(&noted), "{viewer:?}");
        assert!(access::redact_case(&viewer, case).notes.is_empty(), "{viewer:?}");
    }
    assert!(access::visible_events(&Viewer::Mediator, &case.history).contains(&noted));
    assert_eq!(access::redact_case(&Viewer::Mediator, case).notes.len(), 1);
}

#[test]
fn an_incident_known_only_to_the_day_is_filed_as_days() {
    let mut f = Fixture::new();
    let mut a = allegation();
    a.time_precision = TimePrecision::Day;
    let refused = f.refused(&pak(), Command::FileReport { allegation: a.clone() }, t(2, 0));
    assert!(refused.starts_with("allegation.occurred_at: with time_precision day"), "{refused}");
    a.occurred_at = "2025-10-15T00:00:00Z".parse().unwrap();
    a.occurred_until = Some("2025-10-16T12:00:00Z".parse().unwrap());
    let refused = f.refused(&pak(), Command::FileReport { allegation: a.clone() }, t(2, 0));
    assert!(refused.starts_with("allegation.occurred_until: "), "{refused}");
    a.occurred_until = Some("2025-10-17T00:00:00Z".parse().unwrap());
    f.ok(&pak(), Command::FileReport { allegation: a.clone() }, t(2, 0));
    assert_eq!(f.case().allegation.time_precision, TimePrecision::Day);
    // The precision is kept in the record; an exact time leaves it out, as before.
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["time_precision"], "day");
    assert!(serde_json::to_value(allegation()).unwrap().get("time_precision").is_none());
}
