//! Shared helpers: actors, times and commands for the Doha–Istanbul agreement.

use jiff::Timestamp;
use truce_core::case::{
    Allegation, Attribution, AttributionBasis, Casualties, Finding, Occurrence, Reply, ReplyPosition,
};
use truce_core::ids::{CaseId, ParticipantId, PrincipalId, ProvisionId};
use truce_core::vocab::{ActType, Severity, StandardOfProof};
use truce_core::{Actor, Agreement, CaseCommand, Command, CommandError, Docket, Event, Role};

/// A participant id.
pub fn pid(s: &str) -> ParticipantId {
    ParticipantId::parse(s).unwrap()
}

/// An actor acting for `participant` in `role`.
pub fn actor(principal: &str, participant: Option<&str>, role: Role) -> Actor {
    Actor::new(PrincipalId::parse(principal).unwrap(), participant.map(pid), role)
}

/// Pakistan's liaison officer.
pub fn pak() -> Actor {
    actor("pak", Some("PAK"), Role::PartyLiaison)
}
/// The Afghan liaison officer.
pub fn afg() -> Actor {
    actor("afg", Some("AFG"), Role::PartyLiaison)
}
/// Qatar's chair.
pub fn qat() -> Actor {
    actor("qat", Some("QAT"), Role::MediatorChair)
}
/// Türkiye's mediator.
pub fn tur() -> Actor {
    actor("tur", Some("TUR"), Role::Mediator)
}
/// A monitor of the joint team.
pub fn jvt() -> Actor {
    actor("jvt", Some("JVT"), Role::Monitor)
}
/// A member of the public.
pub fn public() -> Actor {
    actor("public", None, Role::Observer)
}

/// Noon UTC on `day` November 2025, plus `hours`.
pub fn t(day: i8, hours: i64) -> Timestamp {
    let base: Timestamp = format!("2025-11-{day:02}T12:00:00Z").parse().unwrap();
    base.checked_add(jiff::SignedDuration::from_hours(hours)).unwrap()
}

/// A simple allegation by PAK against AFG under P1, on 1 November.
pub fn allegation() -> Allegation {
    Allegation {
        accused: pid("AFG"),
        provisions: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![ActType::ArmedClash],
        occurred_at: "2025-11-01T03:00:00+05:00".parse().unwrap(),
        occurred_until: None,
        time_precision: Default::default(),
        location: None,
        summary: "Fire on a post".into(),
        narrative: String::new(),
        casualties: Casualties::default(),
        evidence: vec![],
    }
}

/// A confirmed, attributed, serious violation of P1 by AFG.
pub fn violation() -> Finding {
    Finding {
        occurrence: Occurrence::Confirmed,
        occurrence_standard_met: StandardOfProof::ClearAndConvincing,
        attribution: Some(Attribution {
            party: pid("AFG"),
            basis: AttributionBasis::DirectAct,
            standard_met: StandardOfProof::ClearAndConvincing,
        }),
        provisions_breached: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![ActType::ArmedClash],
        severity: Some(Severity::Serious),
        casualties: Casualties::default(),
        reasons: "Established by the team.".into(),
        evidence: vec![],
    }
}

/// A docket with the agreement, driving one case ("c1") by default.
pub struct Fixture {
    /// The agreement.
    pub agreement: Agreement,
    /// The cases.
    pub docket: Docket,
    /// How many stages of [`STAGES`] have run.
    pub stage: usize,
}

impl Fixture {
    /// An empty docket under the Doha–Istanbul agreement.
    pub fn new() -> Self {
        Self { agreement: crate::agreement(), docket: Docket::new(), stage: 0 }
    }

    /// Runs a command on `case`.
    pub fn on(
        &mut self,
        case: &str,
        who: &Actor,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, CommandError> {
        let command = CaseCommand { case: CaseId::parse(case).unwrap(), command };
        self.docket.execute(&self.agreement, who, &command, now)
    }

    /// Runs a command on case "c1".
    pub fn run(&mut self, who: &Actor, command: Command, now: Timestamp) -> Result<Vec<Event>, CommandError> {
        self.on("c1", who, command, now)
    }

    /// Runs a command on "c1" that must pass.
    pub fn ok(&mut self, who: &Actor, command: Command, now: Timestamp) -> Vec<Event> {
        self.run(who, command.clone(), now).unwrap_or_else(|e| panic!("{} refused: {e}", command.name()))
    }

    /// Runs a command on "c1" that must be refused, returning the message.
    pub fn refused(&mut self, who: &Actor, command: Command, now: Timestamp) -> String {
        let before = self.docket.clone();
        let err = self.run(who, command.clone(), now).expect_err(command.name()).to_string();
        assert_eq!(before, self.docket, "a refused command must change nothing");
        err
    }

    /// The status of "c1".
    pub fn status(&self) -> truce_core::Status {
        self.docket.case(&CaseId::parse("c1").unwrap()).unwrap().status
    }

    /// The case "c1".
    pub fn case(&self) -> &truce_core::Case {
        self.docket.case(&CaseId::parse("c1").unwrap()).unwrap()
    }

    /// Drives "c1" on to the given stage, one of the names in [`STAGES`].
    pub fn to(&mut self, stage: &str) -> &mut Self {
        while let Some((name, step)) = STAGES.get(self.stage) {
            step(self);
            self.stage += 1;
            if *name == stage {
                return self;
            }
        }
        panic!("stage {stage} is unknown or already passed");
    }
}

type StepFn = fn(&mut Fixture);

/// The happy path, stage by stage; each stage leaves the case in the named status.
pub const STAGES: &[(&str, StepFn)] = &[
    ("reported", |f| {
        f.ok(&pak(), Command::FileReport { allegation: allegation() }, t(2, 0));
    }),
    ("acknowledged", |f| {
        f.ok(&qat(), Command::Acknowledge {}, t(2, 1));
    }),
    ("admitted", |f| {
        f.ok(&qat(), Command::Admit { note: String::new() }, t(2, 2));
    }),
    ("awaiting_reply", |f| {
        f.ok(&qat(), Command::NotifyAccused {}, t(2, 3));
    }),
    ("reply_received", |f| {
        f.ok(
            &afg(),
            Command::SubmitReply {
                reply: Reply { position: ReplyPosition::Denies, text: "No.".into(), evidence: vec![] },
            },
            t(3, 0),
        );
    }),
    ("under_investigation", |f| {
        f.ok(&tur(), Command::TaskInvestigation { team: pid("JVT"), due: None, replaces: None }, t(3, 1));
    }),
    ("findings_submitted", |f| {
        f.ok(
            &jvt(),
            Command::SubmitInvestigationReport {
                report: truce_core::case::InvestigationReport {
                    summary: "Fire came from across the line.".into(),
                    evidence: vec![],
                },
            },
            t(4, 0),
        );
    }),
    ("deliberation", |f| {
        f.ok(&qat(), Command::ProposeFinding { finding: violation() }, t(4, 1));
    }),
    ("determined", |f| {
        f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(4, 2));
        f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(4, 3));
    }),
    ("penalty_proposed", |f| {
        f.ok(&qat(), Command::Finalize {}, t(20, 0));
    }),
    ("penalty_deliberation", |f| {
        f.ok(&qat(), Command::ProposePenaltyDecision { level: None, reason: String::new() }, t(20, 1));
    }),
    ("penalty_decided", |f| {
        f.ok(&qat(), Command::Vote { approve: true, reason: String::new() }, t(20, 2));
        f.ok(&tur(), Command::Vote { approve: true, reason: String::new() }, t(20, 3));
    }),
    ("complied", |f| {
        f.ok(&qat(), Command::RecordCompliance { complied: true, note: String::new() }, t(25, 0));
    }),
    ("closed", |f| {
        f.ok(&qat(), Command::Close { note: String::new() }, t(25, 1));
    }),
];
