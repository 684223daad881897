//! A synthetic workload: whole case lifecycles under the Doha–Istanbul
//! agreement, for benchmarks and the crash test.
//!
//! Each case goes from filing to a complied penalty and closure in 17 legal
//! commands, with times that respect every deadline. Free-text fields are
//! padded to `pad` characters so that records reach a target size.

use jiff::{SignedDuration, Timestamp};
use truce_core::case::{
    Allegation, Attribution, AttributionBasis, Casualties, Finding, InvestigationReport, Occurrence, Reply,
    ReplyPosition,
};
use truce_core::ids::{CaseId, IdError, ParticipantId, ProvisionId};
use truce_core::vocab::{ActType, Severity, StandardOfProof};
use truce_core::{CaseCommand, Command, Role};

/// The principals a workload uses: (id, participant, role).
pub const PRINCIPALS: [(&str, Option<&str>, Role); 5] = [
    ("pak-liaison", Some("PAK"), Role::PartyLiaison),
    ("afg-liaison", Some("AFG"), Role::PartyLiaison),
    ("qat-chair", Some("QAT"), Role::MediatorChair),
    ("tur-mediator", Some("TUR"), Role::Mediator),
    ("jvt-monitor", Some("JVT"), Role::Monitor),
];

/// Commands per case.
pub const COMMANDS_PER_CASE: usize = 17;

fn text(label: &str, n: usize, pad: usize) -> String {
    let mut s = format!("{label} (synthetic case {n}).");
    while s.len() < pad {
        s.push_str(" Observed and recorded for the benchmark.");
    }
    s.truncate(pad.max(label.len()));
    s
}

/// The commands of case `n`: (principal, time, command).
pub fn lifecycle(n: u64, start: Timestamp, pad: usize) -> Result<Vec<(&'static str, Timestamp, CaseCommand)>, IdError> {
    let case = CaseId::parse(&format!("w{n:07}"))?;
    let (complainant, accused) = if n.is_multiple_of(2) { ("pak-liaison", "AFG") } else { ("afg-liaison", "PAK") };
    let accused_liaison = if n.is_multiple_of(2) { "afg-liaison" } else { "pak-liaison" };
    let t0 = start.checked_add(SignedDuration::from_secs(n as i64)).unwrap_or(start);
    let at = |hours: i64| t0.checked_add(SignedDuration::from_hours(hours)).unwrap_or(t0);
    let p1 = ProvisionId::parse("P1")?;
    let finding = Finding {
        occurrence: Occurrence::Confirmed,
        occurrence_standard_met: StandardOfProof::ClearAndConvincing,
        attribution: Some(Attribution {
            party: ParticipantId::parse(accused)?,
            basis: AttributionBasis::DirectAct,
            standard_met: StandardOfProof::ClearAndConvincing,
        }),
        provisions_breached: vec![p1.clone()],
        acts: vec![ActType::ArmedClash],
        severity: Some(Severity::Minor),
        casualties: Casualties::default(),
        reasons: text("Reasons", n as usize, pad),
        evidence: vec![],
    };
    let allegation = Allegation {
        accused: ParticipantId::parse(accused)?,
        provisions: vec![p1],
        acts: vec![ActType::ArmedClash],
        occurred_at: at(-6),
        occurred_until: None,
        time_precision: Default::default(),
        location: None,
        summary: format!("Fire on a border post (synthetic case {n})"),
        narrative: text("Narrative", n as usize, pad),
        casualties: Casualties::default(),
        evidence: vec![],
    };
    let steps: Vec<(&'static str, i64, Command)> = vec![
        (complainant, 0, Command::FileReport { allegation }),
        ("qat-chair", 1, Command::Acknowledge {}),
        ("qat-chair", 2, Command::Admit { note: text("Admitted", n as usize, pad) }),
        ("qat-chair", 3, Command::NotifyAccused {}),
        (
            accused_liaison,
            48,
            Command::SubmitReply {
                reply: Reply {
                    position: ReplyPosition::Denies,
                    text: text("Reply", n as usize, pad),
                    evidence: vec![],
                },
            },
        ),
        (
            "tur-mediator",
            50,
            Command::TaskInvestigation { team: ParticipantId::parse("JVT")?, due: None, replaces: None },
        ),
        (
            "jvt-monitor",
            200,
            Command::SubmitInvestigationReport {
                report: InvestigationReport { summary: text("Report", n as usize, pad), evidence: vec![] },
            },
        ),
        ("qat-chair", 210, Command::ProposeFinding { finding }),
        ("qat-chair", 211, Command::Vote { approve: true, reason: text("Concur", n as usize, pad) }),
        ("tur-mediator", 212, Command::Vote { approve: true, reason: text("Concur", n as usize, pad) }),
        ("qat-chair", 212 + 15 * 24, Command::Finalize {}),
        (
            "qat-chair",
            213 + 15 * 24,
            Command::ProposePenaltyDecision { level: None, reason: text("Per the engine", n as usize, pad) },
        ),
        ("qat-chair", 214 + 15 * 24, Command::Vote { approve: true, reason: text("Concur", n as usize, pad) }),
        ("tur-mediator", 215 + 15 * 24, Command::Vote { approve: true, reason: text("Concur", n as usize, pad) }),
        (
            "qat-chair",
            216 + 20 * 24,
            Command::RecordCompliance { complied: true, note: text("Complied", n as usize, pad) },
        ),
        ("qat-chair", 217 + 20 * 24, Command::Close { note: text("Closed", n as usize, pad) }),
        (
            "qat-chair",
            218 + 20 * 24,
            Command::Reopen {
                reason: text("New evidence", n as usize, pad),
                evidence: vec![truce_core::case::EvidenceRef {
                    sha256: "c".repeat(64),
                    description: text("Photo", n as usize, pad.min(200)),
                }],
            },
        ),
    ];
    Ok(steps.into_iter().map(|(who, h, command)| (who, at(h), CaseCommand { case: case.clone(), command })).collect())
}
