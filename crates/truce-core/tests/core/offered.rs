//! Which commands the core offers an actor on a case now
//! (`docket::open_commands`): the forms a page shows come from it, so it
//! must offer exactly what the lifecycle would let through.

use truce_core::Command;
use truce_core::command::{CommandKind, TRANSITIONS};
use truce_core::docket::open_commands;

use crate::fixture::*;

fn offered(f: &Fixture, who: &truce_core::Actor, at: jiff::Timestamp) -> Vec<CommandKind> {
    open_commands(&f.agreement, who, f.case(), at)
}

#[test]
fn every_kind_has_one_row_in_lifecycle_order() {
    let kinds: Vec<CommandKind> = TRANSITIONS.iter().map(|t| t.command).collect();
    assert_eq!(kinds, CommandKind::ALL.to_vec());
    for kind in CommandKind::ALL {
        assert_eq!(kind.transition().map(|t| t.command), Some(kind));
        let wire = serde_json::to_value(kind).unwrap();
        assert_eq!(wire.as_str(), Some(kind.name()), "{kind:?} is not written as its name");
    }
}

#[test]
fn the_accused_may_reply_until_the_deadline_and_the_complainant_never() {
    let mut f = Fixture::new();
    f.to("awaiting_reply");
    let by = f.case().deadlines.reply_by.unwrap();
    assert_eq!(offered(&f, &afg(), by), vec![CommandKind::SubmitReply]);
    assert!(!offered(&f, &pak(), by).contains(&CommandKind::SubmitReply));
    let late = by.checked_add(jiff::SignedDuration::from_secs(1)).unwrap();
    assert!(offered(&f, &afg(), late).is_empty());
    // The mediators may mark the reply overdue only once the deadline passed.
    assert!(!offered(&f, &qat(), by).contains(&CommandKind::MarkReplyOverdue));
    assert!(offered(&f, &qat(), late).contains(&CommandKind::MarkReplyOverdue));
}

#[test]
fn a_voter_is_offered_one_vote_and_the_parties_none() {
    let mut f = Fixture::new();
    f.to("deliberation");
    let at = t(4, 2);
    // Notes and links are the mediators' at every step.
    assert_eq!(offered(&f, &qat(), at), vec![CommandKind::Vote, CommandKind::LinkCase, CommandKind::AddNote]);
    for party in [pak(), afg()] {
        assert!(!offered(&f, &party, at).contains(&CommandKind::Vote));
    }
    f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, at);
    assert_eq!(offered(&f, &qat(), at), vec![CommandKind::LinkCase, CommandKind::AddNote], "QAT has voted");
    assert_eq!(offered(&f, &tur(), at), vec![CommandKind::Vote, CommandKind::LinkCase, CommandKind::AddNote]);
}

#[test]
fn a_mediator_that_filed_is_never_offered_a_vote_on_its_case() {
    let mut f = Fixture::new();
    f.ok(&qat(), Command::FileReport { allegation: allegation() }, t(2, 0));
    f.ok(&tur(), Command::Acknowledge {}, t(2, 1));
    assert!(!offered(&f, &qat(), t(2, 2)).contains(&CommandKind::Vote));
}

#[test]
fn only_the_tasked_team_is_offered_the_investigation() {
    let mut f = Fixture::new();
    f.to("under_investigation");
    let at = t(3, 2);
    assert_eq!(offered(&f, &jvt(), at), vec![CommandKind::RecordAccessDenial, CommandKind::SubmitInvestigationReport]);
    for other in [pak(), afg(), qat(), public()] {
        assert!(!offered(&f, &other, at).contains(&CommandKind::SubmitInvestigationReport));
    }
}

#[test]
fn the_finding_is_appealed_inside_its_window_and_finalized_after_it() {
    let mut f = Fixture::new();
    f.to("determined");
    let until = f.case().deadlines.appeal_until.unwrap();
    use CommandKind as K;
    assert_eq!(offered(&f, &qat(), until), vec![K::MergeDuplicate, K::ExtendDeadline, K::LinkCase, K::AddNote]);
    assert_eq!(offered(&f, &afg(), until), vec![CommandKind::FileAppeal]);
    assert_eq!(offered(&f, &pak(), until), vec![CommandKind::FileAppeal]);
    let after = until.checked_add(jiff::SignedDuration::from_secs(1)).unwrap();
    assert_eq!(
        offered(&f, &qat(), after),
        vec![K::MergeDuplicate, K::Finalize, K::ExtendDeadline, K::LinkCase, K::AddNote]
    );
    assert!(offered(&f, &afg(), after).is_empty());
}

#[test]
fn nothing_is_offered_before_the_case_last_changed() {
    let mut f = Fixture::new();
    f.to("acknowledged");
    assert!(offered(&f, &qat(), t(2, 0)).is_empty(), "backdated");
    assert_eq!(
        offered(&f, &qat(), t(2, 1)),
        vec![
            CommandKind::Admit,
            CommandKind::RuleInadmissible,
            CommandKind::MergeDuplicate,
            CommandKind::ExtendDeadline,
            CommandKind::LinkCase,
            CommandKind::AddNote
        ]
    );
    // Its filer may amend or withdraw it until admission.
    assert_eq!(offered(&f, &pak(), t(2, 1)), vec![CommandKind::AmendAllegation, CommandKind::WithdrawAllegation]);
    assert!(offered(&f, &afg(), t(2, 1)).is_empty());
}
