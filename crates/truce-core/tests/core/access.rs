//! The read-access rules, stage by stage through a case's life: who sees
//! the case, which events, the open motion, and evidence files.

use truce_core::access::{self, CaseParties, Viewer};
use truce_core::{EventKind, Role};

use crate::fixture::{Fixture, pid};

fn viewers() -> Vec<(&'static str, Viewer)> {
    vec![
        ("PAK", Viewer::Party(pid("PAK"))),
        ("AFG", Viewer::Party(pid("AFG"))),
        ("JVT", Viewer::Team(pid("JVT"))),
        ("mediator", Viewer::Mediator),
        ("public", Viewer::Public),
    ]
}

#[test]
fn viewers_follow_role_and_participant_kind() {
    let a = crate::agreement();
    assert_eq!(Viewer::of(Role::PartyLiaison, Some(&pid("PAK")), &a), Viewer::Party(pid("PAK")));
    assert_eq!(Viewer::of(Role::Monitor, Some(&pid("JVT")), &a), Viewer::Team(pid("JVT")));
    assert_eq!(Viewer::of(Role::Mediator, Some(&pid("TUR")), &a), Viewer::Mediator);
    assert_eq!(Viewer::of(Role::MediatorChair, Some(&pid("QAT")), &a), Viewer::Mediator);
    assert_eq!(Viewer::of(Role::Administrator, None, &a), Viewer::Mediator);
    assert_eq!(Viewer::of(Role::Observer, None, &a), Viewer::Public);
    // An observer of a mediator participant reads as the mediators do; of an unknown one, as the public.
    assert_eq!(Viewer::of(Role::Observer, Some(&pid("QAT")), &a), Viewer::Mediator);
    assert_eq!(Viewer::of(Role::Observer, Some(&pid("IND")), &a), Viewer::Public);
}

/// The fixture's case: PAK accuses AFG; JVT is tasked at `under_investigation`.
#[test]
fn who_sees_the_case_at_each_stage() {
    // (stage, PAK, AFG, JVT, mediator, public)
    let table = [
        ("reported", [true, true, false, true, false]),
        ("admitted", [true, true, false, true, false]),
        ("under_investigation", [true, true, true, true, false]),
        ("deliberation", [true, true, true, true, false]),
        ("determined", [true, true, true, true, false]),
        ("penalty_proposed", [true, true, true, true, true]),
        ("closed", [true, true, true, true, true]),
    ];
    let mut f = Fixture::new();
    for (stage, expected) in table {
        f.to(stage);
        for ((name, viewer), want) in viewers().iter().zip(expected) {
            assert_eq!(access::may_see_case(viewer, CaseParties::of(f.case())), want, "{name} at {stage}");
        }
    }
}

#[test]
fn an_open_motion_and_its_votes_are_hidden_until_adopted() {
    let mut f = Fixture::new();
    f.to("deliberation");
    let events = f.case().history.clone();
    let opened = events.iter().position(|e| matches!(e.kind, EventKind::MotionOpened { .. })).unwrap();
    for (name, viewer) in viewers() {
        let visible = access::visible_events(&viewer, &events);
        assert_eq!(visible.contains(&opened), name == "mediator", "{name}");
        assert_eq!(access::redact_case(&viewer, f.case()).ballot.is_some(), name == "mediator", "{name}");
    }
    // Once adopted, the motion and its votes are part of the record for all who see the case.
    f.to("determined");
    let events = f.case().history.clone();
    for (name, viewer) in viewers() {
        let visible = access::visible_events(&viewer, &events);
        assert!(visible.contains(&opened), "{name}");
        assert_eq!(visible.len(), events.len(), "{name} sees the whole adopted record");
    }
}

#[test]
fn a_failed_motion_stays_internal() {
    let mut f = Fixture::new();
    f.to("deliberation");
    // Both voters dissent: the motion fails.
    f.ok(
        &crate::fixture::qat(),
        truce_core::Command::Vote { approve: false, reason: "Not proven.".into() },
        crate::fixture::t(4, 2),
    );
    let events = f.case().history.clone();
    assert!(events.iter().any(|e| matches!(e.kind, EventKind::MotionFailed)), "{:?}", f.status());
    let party = access::visible_events(&Viewer::Party(pid("AFG")), &events);
    for i in party {
        assert!(
            !matches!(
                events[i].kind,
                EventKind::MotionOpened { .. } | EventKind::VoteCast { .. } | EventKind::MotionFailed
            ),
            "{:?}",
            events[i].kind
        );
    }
}

#[test]
fn evidence_is_read_by_its_uploader_the_mediators_and_the_tasked_team_only() {
    let mut f = Fixture::new();
    f.to("penalty_proposed");
    let case = CaseParties::of(f.case());
    let by_pak = [Some(pid("PAK"))];
    assert!(access::may_read_evidence(&Viewer::Party(pid("PAK")), case, &by_pak));
    assert!(!access::may_read_evidence(&Viewer::Party(pid("AFG")), case, &by_pak), "never the other party");
    assert!(!access::may_read_evidence(&Viewer::Public, case, &by_pak), "never the public, even when published");
    assert!(access::may_read_evidence(&Viewer::Mediator, case, &by_pak));
    assert!(access::may_read_evidence(&Viewer::Team(pid("JVT")), case, &by_pak), "the tasked team");
    assert!(!access::may_read_evidence(&Viewer::Team(pid("XYZ")), case, &by_pak), "not another team");
    // The same file uploaded by both parties is readable by both.
    let both = [Some(pid("PAK")), Some(pid("AFG"))];
    assert!(access::may_read_evidence(&Viewer::Party(pid("AFG")), case, &both));
}
