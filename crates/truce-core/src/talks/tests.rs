//! The talks as each participant tries them: a delegation that fails the
//! parity rule is announced and shows why, a party declines a communiqué, a
//! joint text needs every signature, a verbal commitment is confirmed in
//! writing, a missed one is decided so. Every refusal names its field and
//! changes nothing; random command sequences never panic and replay to the
//! same state.

use proptest::prelude::*;

use super::*;
use crate::agreement::TalksRules;
use crate::agreement::tests::DOHA;

/// The shipped text without its `[talks]` table, to which a test adds its own.
fn without_talks() -> &'static str {
    DOHA.split("# --- Talks").next().unwrap_or(DOHA)
}

/// The shipped text, whose ladder puts the intelligence chiefs one rung
/// below ministers, and whose parity rule allows one rung between the
/// parties' heads of delegation.
fn agreement() -> Agreement {
    Agreement::from_toml(DOHA).unwrap_or_else(|e| panic!("{}", e.render("doha")))
}

fn id<T>(parse: fn(&str) -> Result<T, crate::ids::IdError>, s: &str) -> T {
    parse(s).unwrap()
}

fn p(s: &str) -> ParticipantId {
    id(ParticipantId::parse, s)
}

fn actor(principal: &str, participant: &str, role: Role) -> Actor {
    Actor::new(id(crate::ids::PrincipalId::parse, principal), Some(p(participant)), role)
}

fn qatar() -> Actor {
    actor("qat-chair", "QAT", Role::MediatorChair)
}

fn pakistan() -> Actor {
    actor("pak-liaison", "PAK", Role::PartyLiaison)
}

fn afghanistan() -> Actor {
    actor("afg-liaison", "AFG", Role::PartyLiaison)
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn round_id() -> RoundId {
    id(RoundId::parse, "istanbul-2025-10")
}

fn plan() -> TalksCommand {
    TalksCommand::PlanRound {
        round: round_id(),
        title: "Second round".into(),
        venue: "Istanbul".into(),
        starts_on: "2025-10-25".parse().unwrap(),
        ends_on: "2025-10-30".parse().unwrap(),
        time_zone: "Europe/Istanbul".into(),
        host: p("TUR"),
        mediators: vec![p("TUR"), p("QAT")],
        agenda: vec![AgendaItem { id: id(ItemId::parse, "mechanism"), title: "Monitoring and verification".into() }],
    }
}

fn delegation(who: &str, rank: &str, follows: Option<&str>) -> TalksCommand {
    TalksCommand::AnnounceDelegation {
        round: round_id(),
        participant: p(who),
        members: vec![
            Member { name: format!("Head of {who}"), title: "Head".into(), rank: id(RankId::parse, rank), head: true },
            Member {
                name: format!("Expert of {who}"),
                title: "Adviser".into(),
                rank: id(RankId::parse, "technical_expert"),
                head: false,
            },
        ],
        follows: follows.map(p),
    }
}

struct Table {
    agreement: Agreement,
    talks: Talks,
    record: u64,
    now: Timestamp,
}

impl Table {
    fn new() -> Table {
        Table { agreement: agreement(), talks: Talks::new(), record: 10, now: at("2025-10-25T09:00:00Z") }
    }

    fn run(&mut self, actor: &Actor, command: TalksCommand) -> Result<TalksChange, CommandError> {
        self.record += 1;
        self.talks.execute(&self.agreement, actor, &command, self.now, self.record)
    }

    /// Runs `command`, expects a refusal at `field` saying `reason`, and
    /// checks that nothing changed.
    #[track_caller]
    fn refused(&mut self, actor: &Actor, command: TalksCommand, field: &str, reason: &str) {
        let before = self.talks.clone();
        match self.run(actor, command) {
            Err(CommandError::InvalidField { field: f, reason: r }) => {
                assert_eq!(f, field, "{r}");
                assert!(r.contains(reason), "{r:?} does not say {reason:?}");
            }
            Err(CommandError::NotPermitted { reason: r, .. }) if field == "actor" => {
                assert!(r.contains(reason), "{r:?} does not say {reason:?}")
            }
            other => panic!("expected a refusal at {field}, got {other:?}"),
        }
        assert_eq!(self.talks, before, "a refusal changes nothing");
    }
}

#[test]
fn a_delegation_below_the_other_sides_level_is_announced_and_shows_the_rule_it_fails() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.run(&afghanistan(), delegation("AFG", "deputy_minister", None)).unwrap();
    let round = &t.talks.rounds[&round_id()];
    let checks = parity(&t.agreement, round);
    assert_eq!(checks[0].outcome, ParityOutcome::Pending, "{checks:?}");
    // Pakistan announces at minister level, three rungs above, and conditions
    // its attendance on the Afghan side's level.
    t.run(&pakistan(), delegation("PAK", "minister", Some("AFG"))).unwrap();
    let round = &t.talks.rounds[&round_id()];
    let checks = parity(&t.agreement, round);
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!((checks[0].rule.as_str(), checks[0].outcome), ("heads-within-one-rung", ParityOutcome::Failed));
    assert!(checks[0].detail.contains("3 rungs apart, at most 1 allowed"), "{}", checks[0].detail);
    assert_eq!((checks[1].rule.as_str(), checks[1].outcome), ("follows", ParityOutcome::Failed));
    assert!(checks[1].detail.contains("AFG's head is deputy_minister"), "{}", checks[1].detail);
    // Pakistan lowers its level to match; convening records the checks as met.
    t.run(&pakistan(), delegation("PAK", "deputy_minister", Some("AFG"))).unwrap();
    t.run(&qatar(), TalksCommand::ConveneRound { round: round_id() }).unwrap();
    let round = &t.talks.rounds[&round_id()];
    assert_eq!(round.status, RoundStatus::Convened);
    assert!(
        round.parity_at_convening.iter().all(|c| c.outcome == ParityOutcome::Met),
        "{:?}",
        round.parity_at_convening
    );
}

#[test]
fn a_party_announces_only_its_own_delegation_on_the_agreements_ladder() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.refused(&pakistan(), delegation("AFG", "minister", None), "actor", "only AFG's own principals act for AFG");
    t.refused(
        &pakistan(),
        delegation("PAK", "general", None),
        "members[0].rank",
        "general is not on the agreement's ladder",
    );
    t.refused(&pakistan(), delegation("PAK", "minister", Some("PAK")), "follows", "another participant's level");
    t.refused(&pakistan(), delegation("PAK", "minister", Some("IND")), "follows", "IND is not a participant");
    let mut two_heads = delegation("PAK", "minister", None);
    if let TalksCommand::AnnounceDelegation { members, .. } = &mut two_heads {
        for m in members.iter_mut() {
            m.head = true;
        }
    }
    t.refused(&pakistan(), two_heads, "members", "exactly one member heads a delegation; 2 do");
    let mut other_round = delegation("PAK", "minister", None);
    if let TalksCommand::AnnounceDelegation { round, .. } = &mut other_round {
        *round = id(RoundId::parse, "nowhere");
    }
    t.refused(&pakistan(), other_round, "round", "there is no round nowhere");
}

#[test]
fn only_the_rounds_mediators_convene_and_close_it_in_order() {
    let mut t = Table::new();
    t.refused(&pakistan(), plan(), "actor", "only the mediators do");
    t.run(&qatar(), plan()).unwrap();
    t.refused(&qatar(), plan(), "round", "already exists");
    let close = |status| TalksCommand::CloseRound { round: round_id(), status, outcome: "Joint statement".into() };
    t.refused(&qatar(), close(RoundStatus::Concluded), "round", "only a round that met is closed");
    let other_mediator = actor("x", "JVT", Role::Mediator);
    t.refused(
        &other_mediator,
        TalksCommand::ConveneRound { round: round_id() },
        "actor",
        "convened by its host and mediators",
    );
    t.run(&qatar(), TalksCommand::ConveneRound { round: round_id() }).unwrap();
    t.refused(&qatar(), close(RoundStatus::Planned), "status", "concluded or failed");
    t.run(&qatar(), TalksCommand::AdjournRound { round: round_id(), reason: "Consultations in capitals".into() })
        .unwrap();
    t.run(&qatar(), TalksCommand::ConveneRound { round: round_id() }).unwrap();
    t.run(&qatar(), close(RoundStatus::Concluded)).unwrap();
    let round = &t.talks.rounds[&round_id()];
    let steps: Vec<RoundStatus> = round.steps.iter().map(|s| s.status).collect();
    use RoundStatus::*;
    assert_eq!(steps, [Planned, Convened, Adjourned, Convened, Concluded]);
    assert_eq!(round.outcome.as_deref(), Some("Joint statement"));
    t.refused(&pakistan(), delegation("PAK", "minister", None), "round", "is concluded");
}

#[test]
fn positions_are_read_only_by_whom_their_participant_chose() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    let position = |who: &str, visibility| TalksCommand::FilePosition {
        round: round_id(),
        item: id(ItemId::parse, "mechanism"),
        participant: p(who),
        text: "Written guarantees against cross-border attacks.".into(),
        visibility,
    };
    t.run(&pakistan(), position("PAK", Visibility::MediatorsAndSelf)).unwrap();
    t.run(&afghanistan(), position("AFG", Visibility::Mediators)).unwrap();
    t.refused(&pakistan(), position("AFG", Visibility::All), "actor", "only AFG's own principals");
    let mut off_agenda = position("PAK", Visibility::All);
    if let TalksCommand::FilePosition { item, .. } = &mut off_agenda {
        *item = id(ItemId::parse, "trade");
    }
    t.refused(&pakistan(), off_agenda, "item", "trade is not on the agenda");
    let round = &t.talks.rounds[&round_id()];
    let (pak, afg) = (&round.positions[0], &round.positions[1]);
    assert!(pak.visible_to(Some(&p("PAK")), false) && pak.visible_to(None, true));
    assert!(!pak.visible_to(Some(&p("AFG")), false) && !pak.visible_to(None, false));
    assert!(!afg.visible_to(Some(&p("AFG")), false), "mediators only means the mediators only");
    assert!(afg.visible_to(Some(&p("QAT")), true));
}

fn draft(text: &str) -> TalksCommand {
    TalksCommand::DraftCommunique {
        communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"),
        round: Some(round_id()),
        title: "Joint statement".into(),
        signatories: vec![p("PAK"), p("AFG"), p("QAT"), p("TUR")],
        texts: BTreeMap::from([("en".to_owned(), text.to_owned()), ("tr".to_owned(), format!("{text} (tr)"))]),
        authoritative: "en".into(),
    }
}

fn sign(who: &str, version: u32) -> TalksCommand {
    TalksCommand::SignCommunique {
        communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"),
        version,
        participant: p(who),
        signature: format!("sig-{who}-{version}"),
    }
}

fn publish(publish_as: PublishedAs) -> TalksCommand {
    TalksCommand::PublishCommunique { communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"), publish_as }
}

#[test]
fn a_joint_statement_needs_every_signature_or_is_the_mediators_statement() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.refused(&pakistan(), draft("The ceasefire continues."), "actor", "only the mediators do");
    t.run(&qatar(), draft("The ceasefire continues.")).unwrap();
    t.run(&pakistan(), sign("PAK", 1)).unwrap();
    // A new draft: the signature on version 1 does not carry over.
    t.run(&qatar(), draft("The ceasefire continues; a mechanism will be set up.")).unwrap();
    t.refused(&pakistan(), sign("PAK", 1), "version", "version 1 of joint-statement-2025-10-31 was superseded");
    t.refused(&pakistan(), sign("PAK", 3), "version", "does not exist");
    t.refused(&pakistan(), sign("IND", 2), "participant", "IND is not a signatory");
    for who in ["PAK", "QAT", "TUR"] {
        t.run(&pakistan(), sign(who, 2)).unwrap();
    }
    t.refused(&pakistan(), sign("PAK", 2), "participant", "PAK signed version 2");
    t.refused(&qatar(), publish(PublishedAs::Joint), "publish_as", "AFG has not signed version 2");
    t.run(&afghanistan(), sign("AFG", 2)).unwrap();
    t.run(&qatar(), publish(PublishedAs::Joint)).unwrap();
    let c = &t.talks.communiques[&id(CommuniqueId::parse, "joint-statement-2025-10-31")];
    let published = c.published.as_ref().unwrap();
    assert_eq!((published.version, published.not_signed.len()), (2, 0));
    assert_eq!(c.versions.len(), 2);
    t.refused(&pakistan(), sign("PAK", 2), "communique", "is published");
    t.refused(&qatar(), draft("Another text"), "communique", "a new text is a new communiqué");
}

#[test]
fn a_party_declines_with_a_reason_and_the_mediators_publish_naming_it() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.run(&qatar(), draft("Both sides commit in writing.")).unwrap();
    let decline = |who: &str, reason: &str| TalksCommand::DeclineCommunique {
        communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"),
        version: 1,
        participant: p(who),
        reason: reason.into(),
    };
    t.refused(&pakistan(), decline("AFG", "No"), "actor", "only AFG's own principals");
    t.refused(&afghanistan(), decline("AFG", " "), "reason", "must not be empty");
    t.run(&afghanistan(), decline("AFG", "Assurances were given orally")).unwrap();
    t.refused(
        &afghanistan(),
        decline("AFG", "Again"),
        "participant",
        "AFG declined version 1 of joint-statement-2025-10-31 already",
    );
    t.run(&pakistan(), sign("PAK", 1)).unwrap();
    t.refused(
        &pakistan(),
        decline("PAK", "Second thoughts"),
        "participant",
        "PAK signed version 1 of joint-statement-2025-10-31 already",
    );
    t.run(&qatar(), publish(PublishedAs::MediatorsStatement)).unwrap();
    let c = &t.talks.communiques[&id(CommuniqueId::parse, "joint-statement-2025-10-31")];
    assert_eq!(c.published.as_ref().unwrap().not_signed, vec![p("AFG"), p("QAT"), p("TUR")]);
    assert!(
        matches!(&c.answers[0].answer, AnswerKind::Declined { reason } if reason == "Assurances were given orally")
    );
}

#[test]
fn a_communique_names_its_languages_and_the_authoritative_one() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    let mut bad = draft("Text");
    if let TalksCommand::DraftCommunique { authoritative, .. } = &mut bad {
        *authoritative = "ps".into();
    }
    t.refused(&qatar(), bad, "authoritative", "\"ps\" is not one of the texts' languages");
    let mut bad = draft("Text");
    if let TalksCommand::DraftCommunique { texts, .. } = &mut bad {
        texts.insert("e n".into(), "x".into());
    }
    t.refused(&qatar(), bad, "texts.e n", "is not a language tag");
    let mut bad = draft("Text");
    if let TalksCommand::DraftCommunique { signatories, .. } = &mut bad {
        signatories.push(p("PAK"));
    }
    t.refused(&qatar(), bad, "signatories[4]", "PAK is listed twice");
    t.refused(&qatar(), draft("Text\u{0}"), "texts.en", "control character");
    let mut bad = draft("Text");
    if let TalksCommand::DraftCommunique { round, .. } = &mut bad {
        *round = Some(id(RoundId::parse, "nowhere"));
    }
    t.refused(&qatar(), bad, "round", "there is no round nowhere");
}

fn commitment(form: CommitmentForm, owners: &[&str]) -> TalksCommand {
    TalksCommand::RecordCommitment {
        commitment: id(CommitmentId::parse, "modalities-by-6-november"),
        owners: owners.iter().map(|o| p(o)).collect(),
        text: "Decide the mechanism's modalities at a principal-level meeting on 6 November.".into(),
        deadline: at("2025-11-07T21:00:00Z"),
        form,
        communique: None,
        follow_up: Some(round_id()),
    }
}

#[test]
fn a_verbal_commitment_is_confirmed_in_writing_by_each_owner_and_missed_only_after_its_deadline() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.refused(&qatar(), commitment(CommitmentForm::Verbal, &[]), "owners", "names no participant");
    t.refused(&qatar(), commitment(CommitmentForm::Verbal, &["PAK", "XYZ"]), "owners[1]", "XYZ is not a participant");
    t.run(&qatar(), commitment(CommitmentForm::Verbal, &["PAK", "AFG"])).unwrap();
    let cid = id(CommitmentId::parse, "modalities-by-6-november");
    let confirm = |who: &str| TalksCommand::ConfirmCommitment {
        commitment: cid.clone(),
        participant: p(who),
        signature: format!("sig-{who}"),
    };
    t.refused(&pakistan(), confirm("QAT"), "participant", "QAT does not owe");
    t.run(&pakistan(), confirm("PAK")).unwrap();
    assert_eq!(t.talks.commitments[&cid].form, CommitmentForm::Verbal, "one of two owners confirmed");
    t.refused(&pakistan(), confirm("PAK"), "participant", "PAK confirmed");
    assert!(!t.talks.commitments[&cid].overdue(t.now));
    assert!(t.talks.commitments[&cid].overdue(at("2025-11-08T00:00:00Z")));
    let decide = |status| TalksCommand::DecideCommitment {
        commitment: cid.clone(),
        status,
        reason: "No agreement on the modalities.".into(),
        evidence: vec!["record 42".into()],
    };
    t.refused(&pakistan(), decide(CommitmentStatus::Missed), "actor", "only the mediators do");
    t.refused(&qatar(), decide(CommitmentStatus::Missed), "status", "cannot be missed before then");
    t.refused(&qatar(), decide(CommitmentStatus::Open), "status", "a decision is");
    t.now = at("2025-11-08T00:00:00Z");
    t.run(&qatar(), decide(CommitmentStatus::Missed)).unwrap();
    let c = &t.talks.commitments[&cid];
    assert_eq!((c.status, c.decisions.len()), (CommitmentStatus::Missed, 1));
    let rules: Vec<&str> = c.decisions[0].escalations.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(rules, ["missed-commitment"], "a missed commitment sets the agreement's escalation rule in motion");
    assert!(!c.overdue(t.now), "a decided commitment is not overdue");
    t.refused(&qatar(), decide(CommitmentStatus::Met), "commitment", "was decided missed already");
    t.refused(&afghanistan(), confirm("AFG"), "commitment", "is missed");
}

#[test]
fn the_talks_table_of_the_agreement_is_checked() {
    let check = |extra: &str, path: &str, message: &str| {
        let errors = Agreement::from_toml(&format!("{}{extra}", without_talks())).unwrap_err();
        assert!(
            errors.diagnostics.iter().any(|d| d.path == path && d.message.contains(message)),
            "{}",
            errors.render("doha")
        );
    };
    check("[talks]\nranks = []", "talks.ranks", "names no rank");
    check("[talks]\nranks = [\"minister\", \"minister\"]", "talks.ranks[1]", "minister is listed twice");
    check("[[talks.parity]]\nid = \"p\"\nbetween = [\"PAK\"]\nmax_gap = 1", "talks.parity[0].between", "at least two");
    check(
        "[[talks.parity]]\nid = \"p\"\nbetween = [\"PAK\", \"IND\"]\nmax_gap = 1",
        "talks.parity[0].between[1]",
        "IND",
    );
    check(
        "[[talks.parity]]\nid = \"p\"\nbetween = [\"PAK\", \"AFG\"]\nmax_gap = -1",
        "talks.parity[0].max_gap",
        "zero or a positive",
    );
    let errors = Agreement::from_toml(&format!("{}[talks]\nladder = []", without_talks())).unwrap_err();
    assert!(errors.render("doha").contains("ladder"), "an unknown key is an error, not dropped");
    let plain = Agreement::from_toml(without_talks()).unwrap();
    assert_eq!(plain.talks, TalksRules::default(), "the table is optional");
    assert_eq!(agreement().talks.parity.len(), 1);
    assert_eq!(agreement().talks.ranks, TalksRules::default().ranks, "the shipped ladder is the default one");
}

// ---------------------------------------------------------------------------
// Random sequences.

fn actors() -> Vec<Actor> {
    vec![qatar(), pakistan(), afghanistan(), actor("tur", "TUR", Role::Mediator), actor("obs", "JVT", Role::Monitor)]
}

fn random_command(kind: u8, a: usize, b: usize, v: u32) -> TalksCommand {
    let who = ["PAK", "AFG", "QAT", "TUR", "JVT"][b % 5];
    let ranks = ["minister", "deputy_minister", "intelligence_chief", "technical_expert"];
    match kind % 11 {
        0 => plan(),
        1 => delegation(who, ranks[a % 4], if a.is_multiple_of(3) { Some(["PAK", "AFG"][a % 2]) } else { None }),
        2 => TalksCommand::ConveneRound { round: round_id() },
        3 => TalksCommand::AdjournRound { round: round_id(), reason: "Break".into() },
        4 => TalksCommand::CloseRound {
            round: round_id(),
            status: [RoundStatus::Concluded, RoundStatus::Failed, RoundStatus::Planned][a % 3],
            outcome: "Outcome".into(),
        },
        5 => draft(["One", "Two", ""][a % 3]),
        6 => sign(who, v),
        7 => TalksCommand::DeclineCommunique {
            communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"),
            version: v,
            participant: p(who),
            reason: "Verbal only".into(),
        },
        8 => publish([PublishedAs::Joint, PublishedAs::MediatorsStatement][a % 2]),
        9 => commitment([CommitmentForm::Verbal, CommitmentForm::Written][a % 2], &[who]),
        _ => TalksCommand::DecideCommitment {
            commitment: id(CommitmentId::parse, "modalities-by-6-november"),
            status: [CommitmentStatus::Met, CommitmentStatus::Missed, CommitmentStatus::PartlyMet][a % 3],
            reason: "Decided".into(),
            evidence: Vec::new(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_talks_never_panic_refusals_change_nothing_and_replay_is_the_same(
        steps in proptest::collection::vec((0u8..11, 0usize..5, 0usize..12, 0usize..5, 0u32..4, 0i64..200), 1..60)
    ) {
        let agreement = agreement();
        let actors = actors();
        let mut talks = Talks::new();
        let mut now = at("2025-10-25T00:00:00Z");
        let mut accepted = Vec::new();
        for (i, (kind, who, a, b, v, hours)) in steps.into_iter().enumerate() {
            now = now.checked_add(jiff::SignedDuration::from_hours(hours)).unwrap();
            let actor = &actors[who];
            let command = random_command(kind, a, b, v);
            // Commands travel as JSON in the log.
            let wire = serde_json::to_value(&command).unwrap();
            let command: TalksCommand = serde_json::from_value(wire).unwrap();
            let before = talks.clone();
            match talks.execute(&agreement, actor, &command, now, i as u64) {
                Ok(_) => accepted.push((actor.clone(), command, now, i as u64)),
                Err(_) => prop_assert_eq!(&talks, &before),
            }
        }
        let mut again = Talks::new();
        for (actor, command, now, record) in &accepted {
            prop_assert!(again.execute(&agreement, actor, command, *now, *record).is_ok());
        }
        prop_assert_eq!(again, talks);
    }
}

#[test]
fn an_unknown_field_in_a_talks_command_is_refused_not_dropped() {
    let wire = serde_json::json!({"type": "convene_round.v1", "round": "r1", "quorum": 3});
    let err = serde_json::from_value::<TalksCommand>(wire).unwrap_err();
    assert!(err.to_string().contains("quorum"), "{err}");
}

#[test]
fn the_withdrawal_table_says_what_a_withdrawal_does_or_is_refused() {
    let errors = |extra: &str| Agreement::from_toml(&format!("{}{extra}", without_talks())).unwrap_err().render("doha");
    let e = errors("[withdrawal]\nnotice = \"30 days\"\nstops = \" \"\ncontinues = \"Cases run on\"");
    assert!(e.contains("withdrawal.stops") && e.contains("may not be empty"), "{e}");
    let e = errors("[withdrawal]\nnotice = \"soon\"\nstops = \"x\"\ncontinues = \"y\"");
    assert!(e.contains("withdrawal.notice"), "{e}");
    let e = errors("[withdrawal]\nnotice = \"30 days\"\nstops = \"x\"");
    assert!(e.contains("continues"), "a missing key is named: {e}");
    let shipped = agreement().withdrawal.unwrap();
    assert_eq!(shipped.notice, jiff::SignedDuration::from_hours(30 * 24));
    assert!(Agreement::from_toml(without_talks()).unwrap().withdrawal.is_none(), "the table is optional");
}

#[test]
fn a_signature_by_the_partys_key_outweighs_a_decline_one_of_its_principals_posted() {
    let mut t = Table::new();
    t.run(&qatar(), plan()).unwrap();
    t.run(&qatar(), draft("Both sides commit in writing.")).unwrap();
    let decline = TalksCommand::DeclineCommunique {
        communique: id(CommuniqueId::parse, "joint-statement-2025-10-31"),
        version: 1,
        participant: p("AFG"),
        reason: "Posted by an officer".into(),
    };
    t.run(&afghanistan(), decline).unwrap();
    t.run(&afghanistan(), sign("AFG", 1)).unwrap();
    let c = &t.talks.communiques[&id(CommuniqueId::parse, "joint-statement-2025-10-31")];
    assert!(!c.not_signed(1).contains(&p("AFG")), "the signature counts");
    assert_eq!(c.answers.len(), 2, "the decline stays in the history");
    t.refused(
        &afghanistan(),
        sign("AFG", 1),
        "participant",
        "AFG signed version 1 of joint-statement-2025-10-31 already",
    );
}

#[test]
fn only_the_rounds_host_and_mediators_draft_publish_and_decide_its_texts() {
    let mut t = Table::new();
    let mut qatar_alone = plan();
    if let TalksCommand::PlanRound { host, mediators, .. } = &mut qatar_alone {
        *host = p("QAT");
        *mediators = vec![p("QAT")];
    }
    t.run(&qatar(), qatar_alone).unwrap();
    // A mediator of the agreement that does not mediate this round.
    let outsider = actor("tur-mediator", "TUR", Role::Mediator);
    t.refused(&outsider, draft("The ceasefire continues."), "actor", "convened by its host and mediators");
    t.run(&qatar(), draft("The ceasefire continues.")).unwrap();
    t.refused(&outsider, publish(PublishedAs::MediatorsStatement), "actor", "convened by its host and mediators");
    t.run(&qatar(), publish(PublishedAs::MediatorsStatement)).unwrap();
    let record = commitment(CommitmentForm::Written, &["PAK", "AFG"]);
    t.refused(&outsider, record.clone(), "actor", "convened by its host and mediators");
    t.run(&qatar(), record).unwrap();
    let decide = TalksCommand::DecideCommitment {
        commitment: id(CommitmentId::parse, "modalities-by-6-november"),
        status: CommitmentStatus::Withdrawn,
        reason: "Overtaken by events.".into(),
        evidence: Vec::new(),
    };
    t.refused(&outsider, decide.clone(), "actor", "convened by its host and mediators");
    t.run(&qatar(), decide).unwrap();
}
