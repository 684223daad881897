//! A case, its status and the events that make up its history.
//!
//! A case is never edited in place: it is the fold of its events
//! ([`Case::apply`]). Events carry every value that was computed when the
//! command was decided (deadlines, the penalty proposal, whether a motion was
//! adopted), so folding needs neither the agreement nor a clock, and a
//! case's history always explains its current state.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::ids::{CaseId, ParticipantId, ProvisionId, RuleId};
use crate::penalty::PenaltyProposal;
use crate::vocab::{ActType, AggravatingFactor, Severity, StandardOfProof};

/// Where a case stands in the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed; waiting for acknowledgement of receipt.
    Reported,
    /// Receipt acknowledged; waiting for triage.
    Acknowledged,
    /// Admissible; the accused party is still to be notified.
    Admitted,
    /// Ruled inadmissible, with a reason.
    Inadmissible,
    /// A duplicate, merged into another case; kept as provenance.
    Merged,
    /// Withdrawn by its filer before a finding, with a reason.
    Withdrawn,
    /// The accused party has been notified and has until the reply deadline.
    AwaitingReply,
    /// The accused party replied in time.
    ReplyReceived,
    /// The reply deadline passed without a reply.
    ReplyOverdue,
    /// A monitoring team is investigating.
    UnderInvestigation,
    /// The investigation report is in; a finding can be proposed.
    FindingsSubmitted,
    /// A proposed finding is being voted on.
    Deliberation,
    /// A finding was adopted; the appeal window is open.
    Determined,
    /// A party appealed the finding.
    Appealed,
    /// A decision on the appeal is being voted on.
    AppealReview,
    /// The finding is final and no violation is attributed.
    Final,
    /// The finding is final; the engine proposed a penalty.
    PenaltyProposed,
    /// A penalty decision is being voted on.
    PenaltyDeliberation,
    /// The penalty was decided; compliance is due.
    PenaltyDecided,
    /// The party complied with the penalty.
    Complied,
    /// The party did not comply; the matter was escalated.
    NotComplied,
    /// Closed.
    Closed,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 22] = [
        Self::Reported,
        Self::Acknowledged,
        Self::Admitted,
        Self::Inadmissible,
        Self::Merged,
        Self::Withdrawn,
        Self::AwaitingReply,
        Self::ReplyReceived,
        Self::ReplyOverdue,
        Self::UnderInvestigation,
        Self::FindingsSubmitted,
        Self::Deliberation,
        Self::Determined,
        Self::Appealed,
        Self::AppealReview,
        Self::Final,
        Self::PenaltyProposed,
        Self::PenaltyDeliberation,
        Self::PenaltyDecided,
        Self::Complied,
        Self::NotComplied,
        Self::Closed,
    ];

    /// The status with this stable name, if any.
    pub fn parse(name: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reported => "reported",
            Self::Acknowledged => "acknowledged",
            Self::Admitted => "admitted",
            Self::Inadmissible => "inadmissible",
            Self::Merged => "merged",
            Self::Withdrawn => "withdrawn",
            Self::AwaitingReply => "awaiting_reply",
            Self::ReplyReceived => "reply_received",
            Self::ReplyOverdue => "reply_overdue",
            Self::UnderInvestigation => "under_investigation",
            Self::FindingsSubmitted => "findings_submitted",
            Self::Deliberation => "deliberation",
            Self::Determined => "determined",
            Self::Appealed => "appealed",
            Self::AppealReview => "appeal_review",
            Self::Final => "final",
            Self::PenaltyProposed => "penalty_proposed",
            Self::PenaltyDeliberation => "penalty_deliberation",
            Self::PenaltyDecided => "penalty_decided",
            Self::Complied => "complied",
            Self::NotComplied => "not_complied",
            Self::Closed => "closed",
        }
    }

    /// Whether nothing more happens to the case unless it is reopened.
    pub fn is_terminal(self) -> bool {
        matches!(self, Self::Merged | Self::Closed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A count reported as a range: low, best and high estimates (as UCDP does).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// The lowest credible count.
    pub low: u32,
    /// The best estimate.
    pub best: u32,
    /// The highest credible count.
    pub high: u32,
}

impl Estimate {
    /// The same number as low, best and high.
    pub fn exactly(n: u32) -> Self {
        Self { low: n, best: n, high: n }
    }

    /// Whether low ≤ best ≤ high.
    pub fn is_ordered(&self) -> bool {
        self.low <= self.best && self.best <= self.high
    }
}

/// Casualties, split as the parties and researchers report them. A figure
/// left out is not stated, which is not zero: it stays unknown through the
/// record, the statistics and every export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Casualties {
    /// Civilians killed, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilians_killed: Option<Estimate>,
    /// Civilians injured, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civilians_injured: Option<Estimate>,
    /// Members of armed forces or groups killed, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combatants_killed: Option<Estimate>,
    /// Members of armed forces or groups injured, if stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combatants_injured: Option<Estimate>,
}

/// The most casualties of one kind one incident may claim: more than any
/// single incident of this kind of conflict, far less than a typing slip.
pub const MAX_CASUALTIES: u32 = 100_000;

impl Casualties {
    /// Each estimate with its name, for checks and display.
    pub fn named(&self) -> [(&'static str, Option<Estimate>); 4] {
        [
            ("civilians_killed", self.civilians_killed),
            ("civilians_injured", self.civilians_injured),
            ("combatants_killed", self.combatants_killed),
            ("combatants_injured", self.combatants_injured),
        ]
    }

    /// Whether no figure at all was stated.
    pub fn is_unknown(&self) -> bool {
        self.named().iter().all(|(_, e)| e.is_none())
    }

    /// The best estimate of everyone killed, counting the figures stated.
    pub fn killed_best(&self) -> u32 {
        let best = |e: Option<Estimate>| e.map_or(0, |e| e.best);
        best(self.civilians_killed).saturating_add(best(self.combatants_killed))
    }
}

/// A point where an incident happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// WGS84 latitude.
    pub lat: f64,
    /// WGS84 longitude.
    pub lon: f64,
    /// ACLED geo_precision: 1 exact place, 2 near a place or district, 3 province.
    pub precision: u8,
    /// The place as the filer named it.
    #[serde(default)]
    pub place_name: String,
}

/// A reference to an evidence file held in the content-addressed store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    /// SHA-256 of the file, lower-case hex.
    pub sha256: String,
    /// What it is.
    pub description: String,
}

/// How precisely the time of an incident is known.
///
/// Reports often know only the day ("on 15 October"), or a span of days;
/// filing such a report at midnight would claim a time nobody gave. With
/// `day`, `occurred_at` (and `occurred_until`, for a span) name calendar
/// days as reported, at 00:00 UTC, and are shown as dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimePrecision {
    /// The time as given.
    #[default]
    Exact,
    /// Only the day (or, with `occurred_until`, the first and last days).
    Day,
}

impl TimePrecision {
    /// Whether the time is known exactly (the default, left out of a record).
    pub fn is_exact(&self) -> bool {
        *self == TimePrecision::Exact
    }

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            TimePrecision::Exact => "exact",
            TimePrecision::Day => "day",
        }
    }

    /// The precision named `name` ([`TimePrecision::as_str`]), if it is one.
    pub fn parse(name: &str) -> Option<TimePrecision> {
        [TimePrecision::Exact, TimePrecision::Day].into_iter().find(|p| p.as_str() == name)
    }
}

/// An allegation as filed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Allegation {
    /// The party accused.
    pub accused: ParticipantId,
    /// The provisions allegedly breached.
    pub provisions: Vec<ProvisionId>,
    /// What was done.
    pub acts: Vec<ActType>,
    /// When it happened (or started).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub occurred_at: Timestamp,
    /// When it ended, for incidents that lasted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub occurred_until: Option<Timestamp>,
    /// How precisely the time is known: `exact` unless stated.
    #[serde(default, skip_serializing_if = "TimePrecision::is_exact")]
    pub time_precision: TimePrecision,
    /// Where, if known.
    #[serde(default)]
    pub location: Option<Location>,
    /// One line.
    pub summary: String,
    /// The account.
    #[serde(default)]
    pub narrative: String,
    /// Claimed casualties.
    #[serde(default)]
    pub casualties: Casualties,
    /// Evidence filed with the allegation.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

/// Who filed a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "participant", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Complainant {
    /// A participant: a party, a mediator (own motion) or a monitoring team.
    Participant(ParticipantId),
    /// A member of the public.
    Public,
}

impl Complainant {
    /// The participant, if any.
    pub fn participant(&self) -> Option<&ParticipantId> {
        match self {
            Self::Participant(p) => Some(p),
            Self::Public => None,
        }
    }
}

/// The accused party's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReplyPosition {
    /// It accepts the allegation.
    Admits,
    /// It rejects the allegation.
    Denies,
    /// It accepts part of it.
    Partial,
}

/// The accused party's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Its position.
    pub position: ReplyPosition,
    /// Its account.
    pub text: String,
    /// Evidence it offers.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

/// A refusal of access met by the monitors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AccessDenial {
    /// Who refused access.
    pub by: ParticipantId,
    /// Where.
    pub place: String,
    /// What happened.
    pub description: String,
}

/// What the monitors report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvestigationReport {
    /// Their summary of the facts established.
    pub summary: String,
    /// Evidence gathered.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

/// Whether the incident happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Occurrence {
    /// It happened, to the protocol's standard.
    Confirmed,
    /// It did not happen, to the protocol's standard.
    NotConfirmed,
    /// The evidence does not settle it.
    Inconclusive,
}

/// Why a party is responsible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttributionBasis {
    /// Its own forces did it (a commission provision).
    DirectAct,
    /// It failed to prevent it (an omission provision).
    FailureToPrevent,
}

impl AttributionBasis {
    /// A short phrase.
    pub fn describe(self) -> &'static str {
        match self {
            Self::DirectAct => "direct act",
            Self::FailureToPrevent => "failure to prevent",
        }
    }
}

/// Who is responsible, on what basis, to what standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The responsible party.
    pub party: ParticipantId,
    /// Direct act or failure to prevent.
    pub basis: AttributionBasis,
    /// The standard of proof the evidence meets.
    pub standard_met: StandardOfProof,
}

/// A finding: occurrence and attribution kept apart, as mature mechanisms do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Did it happen?
    pub occurrence: Occurrence,
    /// The standard the occurrence finding meets.
    pub occurrence_standard_met: StandardOfProof,
    /// Who is responsible, if anyone is found to be.
    #[serde(default)]
    pub attribution: Option<Attribution>,
    /// Provisions breached (only with an attribution).
    #[serde(default)]
    pub provisions_breached: Vec<ProvisionId>,
    /// Acts found to have occurred.
    #[serde(default)]
    pub acts: Vec<ActType>,
    /// Severity (only with an attribution).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// Casualties as established.
    #[serde(default)]
    pub casualties: Casualties,
    /// The reasons, for the record.
    pub reasons: String,
    /// Evidence relied on.
    #[serde(default)]
    pub evidence: Vec<EvidenceRef>,
}

impl Finding {
    /// Whether this finding attributes a violation to a party.
    pub fn is_violation(&self) -> bool {
        self.occurrence == Occurrence::Confirmed && self.attribution.is_some() && !self.provisions_breached.is_empty()
    }

    /// The aggravating factors this finding shows, derived from its facts.
    pub fn aggravating_factors(&self) -> Vec<AggravatingFactor> {
        let mut out = Vec::new();
        if self.casualties.civilians_killed.is_some_and(|e| e.best > 0) {
            out.push(AggravatingFactor::CivilianDeaths);
        }
        if self.casualties.civilians_injured.is_some_and(|e| e.best > 0) {
            out.push(AggravatingFactor::CivilianInjuries);
        }
        if self.acts.contains(&ActType::AirDroneStrike) {
            out.push(AggravatingFactor::AirOrDroneStrike);
        }
        if self.casualties.killed_best() >= 10 {
            out.push(AggravatingFactor::MassCasualties);
        }
        if self.acts.contains(&ActType::ObstructionOfMonitors) {
            out.push(AggravatingFactor::AgainstMonitors);
        }
        out
    }
}

/// What a motion decides, if adopted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "subject", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Motion {
    /// Adopt this finding.
    Determination {
        /// The proposed finding.
        finding: Finding,
    },
    /// Uphold the finding under appeal.
    UpholdOnAppeal {
        /// Why.
        reason: String,
    },
    /// Replace the finding under appeal.
    ReviseOnAppeal {
        /// The revised finding.
        finding: Finding,
        /// Why.
        reason: String,
    },
    /// Decide this penalty.
    Penalty {
        /// The ladder level.
        level: u32,
        /// The measure's id.
        measure: RuleId,
        /// Why, required when departing from the engine's proposal.
        reason: String,
    },
    /// Extend a deadline running on the case.
    ExtendDeadline {
        /// Which deadline.
        deadline: DeadlineKind,
        /// For an appeal window: whose.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<ParticipantId>,
        /// The new deadline.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        until: Timestamp,
        /// Why.
        reason: String,
    },
}

/// The deadlines the mediators may extend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Acknowledging receipt.
    Acknowledgement,
    /// Deciding admissibility.
    Triage,
    /// The accused party's reply.
    Reply,
    /// The monitors' report.
    Investigation,
    /// One party's appeal window.
    Appeal,
    /// Complying with the penalty.
    Compliance,
}

impl DeadlineKind {
    /// The deadline that runs while a case is in `status`, if any: the one
    /// an extension may replace.
    pub fn running_in(status: Status) -> Option<DeadlineKind> {
        match status {
            Status::Reported => Some(DeadlineKind::Acknowledgement),
            Status::Acknowledged => Some(DeadlineKind::Triage),
            Status::AwaitingReply => Some(DeadlineKind::Reply),
            Status::UnderInvestigation => Some(DeadlineKind::Investigation),
            Status::Determined | Status::Appealed => Some(DeadlineKind::Appeal),
            Status::PenaltyDecided => Some(DeadlineKind::Compliance),
            _ => None,
        }
    }

    /// Every kind, in lifecycle order.
    pub const ALL: [DeadlineKind; 6] = [
        DeadlineKind::Acknowledgement,
        DeadlineKind::Triage,
        DeadlineKind::Reply,
        DeadlineKind::Investigation,
        DeadlineKind::Appeal,
        DeadlineKind::Compliance,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Acknowledgement => "acknowledgement",
            DeadlineKind::Triage => "triage",
            DeadlineKind::Reply => "reply",
            DeadlineKind::Investigation => "investigation",
            DeadlineKind::Appeal => "appeal",
            DeadlineKind::Compliance => "compliance",
        }
    }

    /// The kind with this stable name.
    pub fn parse(name: &str) -> Option<DeadlineKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// How two cases are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LinkRelation {
    /// The other case is the accused party's counter-allegation about the
    /// same events (a link both ways).
    CounterAllegation,
    /// The cases concern related events.
    Related,
}

impl LinkRelation {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkRelation::CounterAllegation => "counter_allegation",
            LinkRelation::Related => "related",
        }
    }
}

/// A link from a case to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseLink {
    /// The other case.
    pub case: CaseId,
    /// How they are linked.
    pub relation: LinkRelation,
}

/// The mediators' internal note on a case: never shown outside them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseNote {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who wrote it.
    pub by: Option<crate::ids::PrincipalId>,
    /// The note.
    pub text: String,
}

/// One amendment of the allegation: when and why (the versions themselves
/// are in the case's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Amendment {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Why.
    pub reason: String,
}

/// A party's appeal window, extended for that party alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyDeadline {
    /// The party.
    pub party: ParticipantId,
    /// Its deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub until: Timestamp,
}

/// One participant's vote on a motion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The voting participant.
    pub participant: ParticipantId,
    /// Approve or dissent.
    pub approve: bool,
    /// Reasons, kept on the record with dissents.
    pub reason: String,
}

/// An open motion and its votes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// What is being decided.
    pub motion: Motion,
    /// Votes cast so far.
    pub votes: Vec<Vote>,
}

/// An appeal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Appeal {
    /// The appellant party.
    pub by: ParticipantId,
    /// Its grounds.
    pub grounds: String,
}

/// What a motion, once adopted, set in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "effect", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum Adopted {
    /// The finding stands; appeals are open until `appeal_until`.
    Finding {
        /// End of the appeal window.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        appeal_until: Timestamp,
    },
    /// The appeal was decided; the finding (upheld or revised) is final.
    AppealDecided,
    /// The penalty was decided; compliance is due by `compliance_by`.
    Penalty {
        /// Compliance deadline.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        compliance_by: Timestamp,
    },
    /// The deadline the motion named was extended.
    DeadlineExtended,
}

/// A decided penalty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecidedPenalty {
    /// The party it applies to.
    pub party: ParticipantId,
    /// Ladder level.
    pub level: u32,
    /// Measure id.
    pub measure: RuleId,
    /// Reason recorded with the decision.
    pub reason: String,
    /// When it was decided.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub decided_at: Timestamp,
    /// Compliance deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub compliance_by: Timestamp,
}

/// Something that happened to a case. Names are stable and versioned: they
/// are signed into the log and replayed by other processes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type")]
pub enum EventKind {
    /// The allegation was filed.
    #[serde(rename = "reported.v1")]
    Reported {
        /// Who filed it.
        complainant: Complainant,
        /// The allegation.
        allegation: Box<Allegation>,
        /// Acknowledgement deadline.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        acknowledge_by: Timestamp,
        /// Where the location falls: side, distance to the line, sector,
        /// nearest crossing and place; computed when the report was filed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement: Option<Box<truce_geo::Placement>>,
    },
    /// Receipt was acknowledged.
    #[serde(rename = "acknowledged.v1")]
    Acknowledged {
        /// Whether after the deadline.
        late: bool,
        /// Triage deadline.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        triage_by: Timestamp,
    },
    /// Ruled admissible.
    #[serde(rename = "admitted.v1")]
    Admitted {
        /// Note.
        note: String,
    },
    /// Ruled inadmissible.
    #[serde(rename = "ruled_inadmissible.v1")]
    RuledInadmissible {
        /// Why.
        reason: String,
    },
    /// This case was merged into another as a duplicate.
    #[serde(rename = "merged_into.v1")]
    MergedInto {
        /// The case that carries on.
        target: CaseId,
        /// Note.
        note: String,
    },
    /// A duplicate was merged into this case; its report is kept as provenance.
    #[serde(rename = "duplicate_merged.v1")]
    DuplicateMerged {
        /// The duplicate case.
        duplicate: CaseId,
    },
    /// The accused party was notified and asked to reply.
    #[serde(rename = "accused_notified.v1")]
    AccusedNotified {
        /// Reply deadline.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        reply_by: Timestamp,
    },
    /// The accused party replied.
    #[serde(rename = "reply_received.v1")]
    ReplyReceived {
        /// The reply.
        reply: Reply,
    },
    /// The reply deadline passed without a reply.
    #[serde(rename = "reply_overdue.v1")]
    ReplyOverdue,
    /// A monitoring team was tasked.
    #[serde(rename = "investigation_tasked.v1")]
    InvestigationTasked {
        /// The team.
        team: ParticipantId,
        /// Due date.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        due: Timestamp,
        /// The team it took over from, when re-tasked.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replaces: Option<ParticipantId>,
    },
    /// Monitors were refused access.
    #[serde(rename = "access_denied.v1")]
    AccessDenied {
        /// The refusal.
        denial: AccessDenial,
    },
    /// The monitors reported.
    #[serde(rename = "investigation_reported.v1")]
    InvestigationReported {
        /// The report.
        report: InvestigationReport,
        /// Whether after the due date.
        late: bool,
    },
    /// A motion was put to the voters.
    #[serde(rename = "motion_opened.v1")]
    MotionOpened {
        /// The motion.
        motion: Motion,
    },
    /// A voter voted.
    #[serde(rename = "vote_cast.v1")]
    VoteCast {
        /// The vote.
        vote: Vote,
    },
    /// The motion was adopted under the decision rule.
    #[serde(rename = "motion_adopted.v1")]
    MotionAdopted {
        /// What it set in place.
        adopted: Adopted,
    },
    /// The motion can no longer be adopted under the decision rule.
    #[serde(rename = "motion_failed.v1")]
    MotionFailed,
    /// A party appealed.
    #[serde(rename = "appeal_filed.v1")]
    AppealFiled {
        /// The appeal.
        appeal: Appeal,
    },
    /// The finding became final.
    #[serde(rename = "finding_final.v1")]
    FindingFinal,
    /// The engine proposed a penalty.
    #[serde(rename = "penalty_proposed.v1")]
    PenaltyProposed {
        /// The proposal and its explanation.
        proposal: PenaltyProposal,
    },
    /// Compliance with the penalty was recorded.
    #[serde(rename = "compliance_recorded.v1")]
    ComplianceRecorded {
        /// Whether the party complied.
        complied: bool,
        /// Note.
        note: String,
    },
    /// An escalation rule fired.
    #[serde(rename = "escalation_triggered.v1")]
    EscalationTriggered {
        /// The rule.
        rule: RuleId,
        /// The party concerned.
        party: ParticipantId,
        /// What happens.
        action: String,
        /// Why it fired.
        reason: String,
    },
    /// The case was closed.
    #[serde(rename = "closed.v1")]
    Closed {
        /// Note.
        note: String,
    },
    /// The case was reopened on new evidence.
    #[serde(rename = "reopened.v1")]
    Reopened {
        /// Why.
        reason: String,
        /// The new evidence.
        evidence: Vec<EvidenceRef>,
    },
    /// The filer replaced its allegation before admission.
    #[serde(rename = "allegation_amended.v1")]
    AllegationAmended {
        /// The allegation as it now reads.
        allegation: Box<Allegation>,
        /// Why.
        reason: String,
        /// Where the (new) location falls.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        placement: Option<Box<truce_geo::Placement>>,
    },
    /// The filer withdrew its allegation before a finding.
    #[serde(rename = "allegation_withdrawn.v1")]
    AllegationWithdrawn {
        /// Why.
        reason: String,
    },
    /// The case was linked to another (the same event is on both).
    #[serde(rename = "case_linked.v1")]
    CaseLinked {
        /// The other case.
        other: CaseId,
        /// How.
        relation: LinkRelation,
        /// Note.
        note: String,
    },
    /// The mediators noted something for themselves.
    #[serde(rename = "note_added.v1")]
    NoteAdded {
        /// The note.
        text: String,
    },
}

/// An event in a case's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// The case.
    pub case: CaseId,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who; `None` for what the rules did on their own (adoption, penalty proposal, escalation).
    pub actor: Option<Actor>,
    /// What.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Deadlines running on a case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDeadlines {
    /// Acknowledge receipt by.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub acknowledge_by: Option<Timestamp>,
    /// Decide admissibility by.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub triage_by: Option<Timestamp>,
    /// The accused replies by.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub reply_by: Option<Timestamp>,
    /// The investigation reports by.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub investigation_due: Option<Timestamp>,
    /// Appeals are open until.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub appeal_until: Option<Timestamp>,
    /// The penalty is to be complied with by.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub compliance_by: Option<Timestamp>,
}

/// A deadline that has passed without the step it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Overdue {
    /// Receipt not acknowledged.
    Acknowledgement,
    /// Admissibility not decided.
    Triage,
    /// The accused has not replied.
    Reply,
    /// The monitors have not reported.
    Investigation,
    /// Compliance not recorded.
    Compliance,
}

/// Steps a case has been through at least once, kept so that statistics do
/// not need the full history (which a verifier replaying a long log drops).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestones {
    /// Ruled admissible at least once.
    pub admitted: bool,
    /// Ruled inadmissible at least once.
    pub ruled_inadmissible: bool,
    /// The accused was asked to reply at least once.
    pub reply_requested: bool,
    /// The accused replied in time at least once.
    pub replied: bool,
    /// A reply became overdue at least once.
    pub reply_overdue: bool,
}

/// A case: one allegation from report to closure, and everything decided on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// Where it stands.
    pub status: Status,
    /// Who filed it.
    pub complainant: Complainant,
    /// The allegation.
    pub allegation: Allegation,
    /// Where its location falls, if it has one (boxed, like the other large
    /// parts a case may lack, so that a docket of a million cases stays small).
    pub placement: Option<Box<truce_geo::Placement>>,
    /// When it was filed.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub filed_at: Timestamp,
    /// Deadlines.
    pub deadlines: CaseDeadlines,
    /// Duplicates merged into this case.
    pub duplicates: Vec<CaseId>,
    /// The case this one was merged into.
    pub merged_into: Option<CaseId>,
    /// Why it was ruled inadmissible.
    pub inadmissible_reason: Option<String>,
    /// The accused party's reply.
    pub reply: Option<Reply>,
    /// The monitoring team tasked.
    pub team: Option<ParticipantId>,
    /// Refusals of access.
    pub access_denials: Vec<AccessDenial>,
    /// The monitors' report.
    pub investigation: Option<InvestigationReport>,
    /// The open motion.
    pub ballot: Option<Box<Ballot>>,
    /// The finding in force.
    pub finding: Option<Finding>,
    /// When the finding was adopted.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub determined_at: Option<Timestamp>,
    /// When the finding became final.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub final_at: Option<Timestamp>,
    /// The appeals filed on the finding, oldest first (each party to the
    /// case may appeal once, within its own window).
    pub appeals: Vec<Appeal>,
    /// How many of `appeals` a decision on appeal has disposed of.
    pub appeals_decided: usize,
    /// Appeal windows extended for one party.
    pub appeal_extensions: Vec<PartyDeadline>,
    /// Amendments of the allegation before admission.
    pub amendments: Vec<Amendment>,
    /// Why the filer withdrew the allegation.
    pub withdrawn_reason: Option<String>,
    /// Links to other cases.
    pub links: Vec<CaseLink>,
    /// The mediators' internal notes (removed for anyone else).
    pub notes: Vec<CaseNote>,
    /// The engine's penalty proposal. Boxed, as is the decided penalty:
    /// most cases never reach a penalty, and the 200 bytes the two took
    /// inline put every case in a larger allocation class (1,536 bytes
    /// instead of 1,280; docs/PERFORMANCE.md, "Verification").
    pub penalty_proposal: Option<Box<PenaltyProposal>>,
    /// The decided penalty.
    pub penalty: Option<Box<DecidedPenalty>>,
    /// Whether the party complied.
    pub complied: Option<bool>,
    /// Escalations fired on this case: (rule, party).
    pub escalations: Vec<(RuleId, ParticipantId)>,
    /// Steps the case has been through.
    pub milestones: Milestones,
    /// When the last event happened.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_event_at: Timestamp,
    /// Every event, oldest first (empty when the docket does not keep history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Event>,
}

/// Why an event cannot be folded into a case (a corrupt or foreign history).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FoldError {
    /// There are no events at all.
    #[error("a case's history cannot be empty")]
    Empty,
    /// The first event of a case must be `reported.v1`.
    #[error("the history of case {case} does not start with a report")]
    NoReport {
        /// The case.
        case: CaseId,
    },
    /// An event for another case.
    #[error("event for case {found} applied to case {expected}")]
    WrongCase {
        /// The case folded.
        expected: CaseId,
        /// The event's case.
        found: CaseId,
    },
    /// A second report for the same case.
    #[error("case {case} was reported twice")]
    Duplicate {
        /// The case.
        case: CaseId,
    },
}

impl Case {
    /// Starts a case from its first event.
    pub fn open(event: &Event) -> Result<Case, FoldError> {
        let EventKind::Reported { complainant, allegation, acknowledge_by, placement } = &event.kind else {
            return Err(FoldError::NoReport { case: event.case.clone() });
        };
        Ok(Case {
            id: event.case.clone(),
            status: Status::Reported,
            complainant: complainant.clone(),
            allegation: allegation.as_ref().clone(),
            placement: placement.clone(),
            filed_at: event.at,
            deadlines: CaseDeadlines { acknowledge_by: Some(*acknowledge_by), ..CaseDeadlines::default() },
            duplicates: Vec::new(),
            merged_into: None,
            inadmissible_reason: None,
            reply: None,
            team: None,
            access_denials: Vec::new(),
            investigation: None,
            ballot: None,
            finding: None,
            determined_at: None,
            final_at: None,
            appeals: Vec::new(),
            appeals_decided: 0,
            appeal_extensions: Vec::new(),
            amendments: Vec::new(),
            withdrawn_reason: None,
            links: Vec::new(),
            notes: Vec::new(),
            penalty_proposal: None,
            penalty: None,
            complied: None,
            escalations: Vec::new(),
            milestones: Milestones::default(),
            last_event_at: event.at,
            history: vec![event.clone()],
        })
    }

    /// Rebuilds a case from its history alone.
    pub fn from_history(history: &[Event]) -> Result<Case, FoldError> {
        let (first, rest) = history.split_first().ok_or(FoldError::Empty)?;
        let mut case = Case::open(first)?;
        for event in rest {
            case.apply(event)?;
        }
        Ok(case)
    }

    /// Folds one more event into the case.
    pub fn apply(&mut self, event: &Event) -> Result<(), FoldError> {
        if event.case != self.id {
            return Err(FoldError::WrongCase { expected: self.id.clone(), found: event.case.clone() });
        }
        let at = event.at;
        match &event.kind {
            EventKind::Reported { .. } => return Err(FoldError::Duplicate { case: self.id.clone() }),
            EventKind::Acknowledged { triage_by, .. } => {
                self.status = Status::Acknowledged;
                self.deadlines.triage_by = Some(*triage_by);
            }
            EventKind::Admitted { .. } => {
                self.status = Status::Admitted;
                self.milestones.admitted = true;
            }
            EventKind::RuledInadmissible { reason } => {
                self.status = Status::Inadmissible;
                self.milestones.ruled_inadmissible = true;
                self.inadmissible_reason = Some(reason.clone());
            }
            EventKind::MergedInto { target, .. } => {
                self.status = Status::Merged;
                self.merged_into = Some(target.clone());
                self.ballot = None;
            }
            EventKind::DuplicateMerged { duplicate } => self.duplicates.push(duplicate.clone()),
            EventKind::AccusedNotified { reply_by } => {
                self.status = Status::AwaitingReply;
                self.milestones.reply_requested = true;
                self.deadlines.reply_by = Some(*reply_by);
            }
            EventKind::ReplyReceived { reply } => {
                self.status = Status::ReplyReceived;
                self.milestones.replied = true;
                self.reply = Some(reply.clone());
            }
            EventKind::ReplyOverdue => {
                self.status = Status::ReplyOverdue;
                self.milestones.reply_overdue = true;
            }
            EventKind::InvestigationTasked { team, due, .. } => {
                self.status = Status::UnderInvestigation;
                self.team = Some(team.clone());
                self.deadlines.investigation_due = Some(*due);
            }
            EventKind::AccessDenied { denial } => self.access_denials.push(denial.clone()),
            EventKind::InvestigationReported { report, .. } => {
                self.status = Status::FindingsSubmitted;
                self.investigation = Some(report.clone());
            }
            EventKind::MotionOpened { motion } => {
                self.status = match motion {
                    Motion::Determination { .. } => Status::Deliberation,
                    Motion::UpholdOnAppeal { .. } | Motion::ReviseOnAppeal { .. } => Status::AppealReview,
                    Motion::Penalty { .. } => Status::PenaltyDeliberation,
                    // An extension is decided beside the case's course, not instead of it.
                    Motion::ExtendDeadline { .. } => self.status,
                };
                self.ballot = Some(Box::new(Ballot { motion: motion.clone(), votes: Vec::new() }));
            }
            EventKind::VoteCast { vote } => {
                if let Some(ballot) = &mut self.ballot {
                    ballot.votes.push(vote.clone());
                }
            }
            EventKind::MotionAdopted { adopted } => {
                let motion = self.ballot.take().map(|b| b.motion);
                match (motion, adopted) {
                    (Some(Motion::Determination { finding }), Adopted::Finding { appeal_until }) => {
                        self.status = Status::Determined;
                        self.finding = Some(finding);
                        self.determined_at = Some(at);
                        self.deadlines.appeal_until = Some(*appeal_until);
                    }
                    (Some(Motion::ReviseOnAppeal { finding, .. }), _) => {
                        self.finding = Some(finding);
                        self.appeals_decided = self.appeals.len();
                        // Final only with `finding_final.v1`, once every party's window has closed.
                        self.status = Status::Determined;
                    }
                    (Some(Motion::UpholdOnAppeal { .. }), _) => {
                        self.appeals_decided = self.appeals.len();
                        self.status = Status::Determined;
                    }
                    (Some(Motion::ExtendDeadline { deadline, party, until, .. }), _) => {
                        self.extend(deadline, party, until);
                    }
                    (Some(Motion::Penalty { level, measure, reason }), Adopted::Penalty { compliance_by }) => {
                        self.status = Status::PenaltyDecided;
                        self.deadlines.compliance_by = Some(*compliance_by);
                        let party = self
                            .finding
                            .as_ref()
                            .and_then(|f| f.attribution.as_ref())
                            .map(|a| a.party.clone())
                            .unwrap_or_else(|| self.allegation.accused.clone());
                        self.penalty = Some(Box::new(DecidedPenalty {
                            party,
                            level,
                            measure,
                            reason,
                            decided_at: at,
                            compliance_by: *compliance_by,
                        }));
                    }
                    // A motion that does not match its effect (a foreign history).
                    (_, _) => self.status = Status::Final,
                }
            }
            EventKind::MotionFailed => {
                let motion = self.ballot.take().map(|b| b.motion);
                self.status = match motion {
                    Some(Motion::Determination { .. }) | None => Status::FindingsSubmitted,
                    Some(Motion::UpholdOnAppeal { .. } | Motion::ReviseOnAppeal { .. }) => Status::Appealed,
                    Some(Motion::Penalty { .. }) => Status::PenaltyProposed,
                    Some(Motion::ExtendDeadline { .. }) => self.status,
                };
            }
            EventKind::AppealFiled { appeal } => {
                self.status = Status::Appealed;
                self.appeals.push(appeal.clone());
            }
            EventKind::FindingFinal => {
                self.status = Status::Final;
                self.final_at = Some(at);
            }
            EventKind::PenaltyProposed { proposal } => {
                self.status = Status::PenaltyProposed;
                self.penalty_proposal = Some(Box::new(proposal.clone()));
            }
            EventKind::ComplianceRecorded { complied, .. } => {
                self.complied = Some(*complied);
                self.status = if *complied { Status::Complied } else { Status::NotComplied };
            }
            EventKind::EscalationTriggered { rule, party, .. } => {
                self.escalations.push((rule.clone(), party.clone()));
            }
            EventKind::Closed { .. } => self.status = Status::Closed,
            EventKind::Reopened { .. } => {
                self.status = Status::Admitted;
                self.inadmissible_reason = None;
                self.reply = None;
                self.team = None;
                self.investigation = None;
                self.ballot = None;
                self.finding = None;
                self.determined_at = None;
                self.final_at = None;
                self.appeals.clear();
                self.appeals_decided = 0;
                self.appeal_extensions.clear();
                self.withdrawn_reason = None;
                self.penalty_proposal = None;
                self.penalty = None;
                self.complied = None;
                self.deadlines =
                    CaseDeadlines { acknowledge_by: self.deadlines.acknowledge_by, ..CaseDeadlines::default() };
            }
            EventKind::AllegationAmended { allegation, reason, placement } => {
                self.allegation = allegation.as_ref().clone();
                self.placement = placement.clone();
                self.amendments.push(Amendment { at, reason: reason.clone() });
            }
            EventKind::AllegationWithdrawn { reason } => {
                self.status = Status::Withdrawn;
                self.withdrawn_reason = Some(reason.clone());
                self.ballot = None;
            }
            EventKind::CaseLinked { other, relation, .. } => {
                self.links.push(CaseLink { case: other.clone(), relation: *relation });
            }
            EventKind::NoteAdded { text } => {
                let by = event.actor.as_ref().map(|a| a.principal.clone());
                self.notes.push(CaseNote { at, by, text: text.clone() });
            }
        }
        self.last_event_at = at;
        self.history.push(event.clone());
        Ok(())
    }

    fn extend(&mut self, deadline: DeadlineKind, party: Option<ParticipantId>, until: Timestamp) {
        let d = &mut self.deadlines;
        match (deadline, party) {
            (DeadlineKind::Acknowledgement, _) => d.acknowledge_by = Some(until),
            (DeadlineKind::Triage, _) => d.triage_by = Some(until),
            (DeadlineKind::Reply, _) => d.reply_by = Some(until),
            (DeadlineKind::Investigation, _) => d.investigation_due = Some(until),
            (DeadlineKind::Compliance, _) => {
                d.compliance_by = Some(until);
                if let Some(p) = &mut self.penalty {
                    p.compliance_by = until;
                }
            }
            (DeadlineKind::Appeal, Some(party)) => {
                self.appeal_extensions.retain(|e| e.party != party);
                self.appeal_extensions.push(PartyDeadline { party, until });
            }
            (DeadlineKind::Appeal, None) => d.appeal_until = Some(until),
        }
    }

    /// The end of `party`'s appeal window: its own extension, else the
    /// case's.
    pub fn appeal_until(&self, party: &ParticipantId) -> Option<Timestamp> {
        self.appeal_extensions.iter().find(|e| &e.party == party).map(|e| e.until).or(self.deadlines.appeal_until)
    }

    /// The participants that may appeal the finding: the accused, the
    /// complainant and the party the finding holds responsible.
    pub fn parties_to_case(&self) -> Vec<&ParticipantId> {
        let mut out = vec![&self.allegation.accused];
        let attributed = self.finding.as_ref().and_then(|f| f.attribution.as_ref()).map(|a| &a.party);
        for p in [self.complainant.participant(), attributed].into_iter().flatten() {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// The end of the latest appeal window still open at `now`, of a party
    /// to the case that has not appealed; `None` once none may appeal.
    pub fn appeal_open_until(&self, now: Timestamp) -> Option<Timestamp> {
        self.parties_to_case()
            .into_iter()
            .filter(|p| !self.has_appealed(p))
            .filter_map(|p| self.appeal_until(p))
            .filter(|until| now <= *until)
            .max()
    }

    /// Whether `party` has appealed the finding as it now stands.
    pub fn has_appealed(&self, party: &ParticipantId) -> bool {
        self.appeals.iter().any(|a| &a.by == party)
    }

    /// The deadlines that have passed at `now` without the step they wait for.
    pub fn overdue(&self, now: Timestamp) -> Vec<Overdue> {
        let passed = |d: Option<Timestamp>| d.is_some_and(|d| d < now);
        let mut out = Vec::new();
        match self.status {
            Status::Reported if passed(self.deadlines.acknowledge_by) => out.push(Overdue::Acknowledgement),
            Status::Acknowledged if passed(self.deadlines.triage_by) => out.push(Overdue::Triage),
            Status::AwaitingReply if passed(self.deadlines.reply_by) => out.push(Overdue::Reply),
            Status::UnderInvestigation if passed(self.deadlines.investigation_due) => out.push(Overdue::Investigation),
            Status::PenaltyDecided if passed(self.deadlines.compliance_by) => out.push(Overdue::Compliance),
            _ => {}
        }
        out
    }

    /// The party a final violation finding is attributed to, if any.
    pub fn violator(&self) -> Option<&ParticipantId> {
        if self.merged_into.is_some() {
            // A duplicate never counts as a violation of its own.
            return None;
        }
        self.finding
            .as_ref()
            .filter(|f| f.is_violation() && self.final_at.is_some())
            .and_then(|f| f.attribution.as_ref())
            .map(|a| &a.party)
    }
}
