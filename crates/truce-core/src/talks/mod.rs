//! The talks: rounds, delegations, positions, communiqués and commitments.
//!
//! A mechanism is made and remade at the table. In 2025 every step of the
//! Pakistan–Afghanistan process was an act of consent or the failure of one:
//! a delegation whose level depended on the other side's, a joint statement
//! issued for all four participants, a commitment to settle the mechanism's
//! modalities at the next meeting, a round that broke down over written
//! against verbal assurances. So the talks are commands in the same log as
//! the cases, judged by the same pure function on replay.
//!
//! [`Talks::execute`] checks one [`TalksCommand`] against the state and the
//! agreement's [`TalksRules`](crate::agreement::TalksRules), and applies it
//! or refuses it with the field and the reason; a refusal changes nothing.
//! Signatures (of a communiqué, of a written confirmation) are checked with
//! the participant keys by the node before a command reaches this module:
//! the core holds no keys and does no cryptography.
//!
//! Parity is never a refusal. A delegation that fails a parity rule is
//! announced all the same and everyone sees the rule that failed, because a
//! delegation's composition is its participant's choice; the check informs
//! the other side's choice to attend.

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::actor::{Actor, Role};
use crate::agreement::Agreement;
use crate::error::CommandError;
use crate::ids::{CommitmentId, CommuniqueId, ItemId, ParticipantId, RankId, RoundId};

/// The longest free text a talks command carries (a communiqué text, a
/// position), in characters.
pub const MAX_TEXT: usize = 20_000;
/// The longest title, name, venue or reason, in characters.
pub const MAX_LINE: usize = 500;

/// A command about the talks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", deny_unknown_fields)]
pub enum TalksCommand {
    /// Plan a round (mediators).
    #[serde(rename = "plan_round.v1")]
    PlanRound {
        /// The round's id.
        round: RoundId,
        /// Its title.
        title: String,
        /// Where it meets.
        venue: String,
        /// Its first day, in `time_zone`.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        starts_on: Date,
        /// Its last day, in `time_zone`.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        ends_on: Date,
        /// The venue's IANA time zone, for example `Europe/Istanbul`.
        time_zone: String,
        /// The host.
        host: ParticipantId,
        /// The mediators who convene and conclude it.
        mediators: Vec<ParticipantId>,
        /// Its agenda.
        #[serde(default)]
        agenda: Vec<AgendaItem>,
    },
    /// Announce a participant's delegation to a round (its own principals).
    #[serde(rename = "announce_delegation.v1")]
    AnnounceDelegation {
        /// The round.
        round: RoundId,
        /// The participant whose delegation it is.
        participant: ParticipantId,
        /// Its members; exactly one is the head.
        members: Vec<Member>,
        /// Attendance conditional on another participant's level: this
        /// delegation's head will be of the same rank as that participant's.
        #[serde(default)]
        follows: Option<ParticipantId>,
    },
    /// Convene a planned or adjourned round (its mediators).
    #[serde(rename = "convene_round.v1")]
    ConveneRound {
        /// The round.
        round: RoundId,
    },
    /// Adjourn a convened round (its mediators).
    #[serde(rename = "adjourn_round.v1")]
    AdjournRound {
        /// The round.
        round: RoundId,
        /// Why.
        reason: String,
    },
    /// Close a round, concluded or failed, with its outcome (its mediators).
    #[serde(rename = "close_round.v1")]
    CloseRound {
        /// The round.
        round: RoundId,
        /// Concluded or failed.
        status: RoundStatus,
        /// What came of it.
        outcome: String,
    },
    /// File a participant's position on an agenda item (its own principals).
    #[serde(rename = "file_position.v1")]
    FilePosition {
        /// The round.
        round: RoundId,
        /// The agenda item.
        item: ItemId,
        /// The participant.
        participant: ParticipantId,
        /// The position.
        text: String,
        /// Who may read it.
        visibility: Visibility,
    },
    /// Draft a communiqué, or a new version of its draft (mediators).
    #[serde(rename = "draft_communique.v1")]
    DraftCommunique {
        /// The communiqué.
        communique: CommuniqueId,
        /// The round it comes from, if any.
        #[serde(default)]
        round: Option<RoundId>,
        /// Its title.
        title: String,
        /// The participants whose signatures make it a joint text.
        signatories: Vec<ParticipantId>,
        /// Its text by language tag.
        texts: BTreeMap<String, String>,
        /// The language whose text is authoritative.
        authoritative: String,
    },
    /// Sign the latest version of a communiqué with the participant's key.
    #[serde(rename = "sign_communique.v1")]
    SignCommunique {
        /// The communiqué.
        communique: CommuniqueId,
        /// The version signed.
        version: u32,
        /// The signatory.
        participant: ParticipantId,
        /// Its Ed25519 signature, base64; checked by the node.
        signature: String,
    },
    /// Decline to sign the latest version, with a reason (its own principals).
    #[serde(rename = "decline_communique.v1")]
    DeclineCommunique {
        /// The communiqué.
        communique: CommuniqueId,
        /// The version declined.
        version: u32,
        /// The signatory declining.
        participant: ParticipantId,
        /// Why.
        reason: String,
    },
    /// Publish the latest version: jointly once every signatory signed, or
    /// as the mediators' statement naming who did not (mediators).
    #[serde(rename = "publish_communique.v1")]
    PublishCommunique {
        /// The communiqué.
        communique: CommuniqueId,
        /// How.
        publish_as: PublishedAs,
    },
    /// Record a commitment (mediators).
    #[serde(rename = "record_commitment.v1")]
    RecordCommitment {
        /// The commitment.
        commitment: CommitmentId,
        /// Who owes it.
        owners: Vec<ParticipantId>,
        /// What was committed.
        text: String,
        /// By when.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        deadline: Timestamp,
        /// Written or verbal.
        form: CommitmentForm,
        /// The communiqué it comes from, if any.
        #[serde(default)]
        communique: Option<CommuniqueId>,
        /// The round that follows it up, if any.
        #[serde(default)]
        follow_up: Option<RoundId>,
    },
    /// An owner confirms a verbal commitment in writing, with its key.
    #[serde(rename = "confirm_commitment.v1")]
    ConfirmCommitment {
        /// The commitment.
        commitment: CommitmentId,
        /// The owner confirming.
        participant: ParticipantId,
        /// Its Ed25519 signature, base64; checked by the node.
        signature: String,
    },
    /// Decide whether a commitment was kept (mediators).
    #[serde(rename = "decide_commitment.v1")]
    DecideCommitment {
        /// The commitment.
        commitment: CommitmentId,
        /// Met, partly met, missed, withdrawn or superseded.
        status: CommitmentStatus,
        /// The mediators' reasons.
        reason: String,
        /// What shows it: record indexes, documents, links.
        #[serde(default)]
        evidence: Vec<String>,
    },
}

impl TalksCommand {
    /// The command's stable wire name, for example `plan_round.v1`.
    pub fn name(&self) -> &'static str {
        match self {
            TalksCommand::PlanRound { .. } => "plan_round.v1",
            TalksCommand::AnnounceDelegation { .. } => "announce_delegation.v1",
            TalksCommand::ConveneRound { .. } => "convene_round.v1",
            TalksCommand::AdjournRound { .. } => "adjourn_round.v1",
            TalksCommand::CloseRound { .. } => "close_round.v1",
            TalksCommand::FilePosition { .. } => "file_position.v1",
            TalksCommand::DraftCommunique { .. } => "draft_communique.v1",
            TalksCommand::SignCommunique { .. } => "sign_communique.v1",
            TalksCommand::DeclineCommunique { .. } => "decline_communique.v1",
            TalksCommand::PublishCommunique { .. } => "publish_communique.v1",
            TalksCommand::RecordCommitment { .. } => "record_commitment.v1",
            TalksCommand::ConfirmCommitment { .. } => "confirm_commitment.v1",
            TalksCommand::DecideCommitment { .. } => "decide_commitment.v1",
        }
    }
}

/// An item on a round's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgendaItem {
    /// Its id within the round.
    pub id: ItemId,
    /// What is to be discussed.
    pub title: String,
}

/// A member of a delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Name, as the participant gives it.
    pub name: String,
    /// Title, for example "Minister of Defence".
    pub title: String,
    /// Rank on the agreement's ladder.
    pub rank: RankId,
    /// Whether this member heads the delegation.
    #[serde(default)]
    pub head: bool,
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Announced, not yet met.
    Planned,
    /// In session.
    Convened,
    /// Suspended, to be convened again.
    Adjourned,
    /// Ended with an outcome.
    Concluded,
    /// Ended without agreement.
    Failed,
}

impl RoundStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Planned => "planned",
            RoundStatus::Convened => "convened",
            RoundStatus::Adjourned => "adjourned",
            RoundStatus::Concluded => "concluded",
            RoundStatus::Failed => "failed",
        }
    }
}

/// Who may read a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// The mediators only.
    Mediators,
    /// The mediators and the participant that filed it.
    MediatorsAndSelf,
    /// Everyone.
    All,
}

/// How a communiqué was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublishedAs {
    /// Signed by every signatory.
    Joint,
    /// Issued by the mediators, naming who did not sign.
    MediatorsStatement,
}

/// Whether a commitment was given in writing or only orally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommitmentForm {
    /// In a signed text.
    Written,
    /// An oral assurance, recorded by the mediators.
    Verbal,
}

/// Where a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// Not yet decided.
    Open,
    /// Kept.
    Met,
    /// Kept in part.
    PartlyMet,
    /// Not kept by its deadline.
    Missed,
    /// Withdrawn by agreement.
    Withdrawn,
    /// Replaced by another commitment.
    Superseded,
}

impl CommitmentStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Open => "open",
            CommitmentStatus::Met => "met",
            CommitmentStatus::PartlyMet => "partly_met",
            CommitmentStatus::Missed => "missed",
            CommitmentStatus::Withdrawn => "withdrawn",
            CommitmentStatus::Superseded => "superseded",
        }
    }
}

/// A round of talks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    /// Its id.
    pub id: RoundId,
    /// Title.
    pub title: String,
    /// Venue.
    pub venue: String,
    /// First day, in `time_zone`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    /// Last day, in `time_zone`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    /// The venue's IANA time zone.
    pub time_zone: String,
    /// Host.
    pub host: ParticipantId,
    /// Mediators.
    pub mediators: Vec<ParticipantId>,
    /// Agenda.
    pub agenda: Vec<AgendaItem>,
    /// Status.
    pub status: RoundStatus,
    /// Outcome, once closed.
    pub outcome: Option<String>,
    /// Delegations by participant: the latest announcement of each.
    pub delegations: BTreeMap<ParticipantId, Delegation>,
    /// Positions filed, in order; reads filter them by [`Visibility`].
    pub positions: Vec<Position>,
    /// The parity checks as they stood when the round was last convened.
    pub parity_at_convening: Vec<ParityCheck>,
    /// Each step: status, record, time, note.
    pub steps: Vec<RoundStep>,
}

/// One step of a round's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundStep {
    /// The status it entered.
    pub status: RoundStatus,
    /// The log record.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The reason or outcome given.
    pub note: String,
}

/// A participant's delegation to a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delegation {
    /// Members, the head among them.
    pub members: Vec<Member>,
    /// Attendance conditional on this participant's level.
    pub follows: Option<ParticipantId>,
    /// The record that announced it.
    pub record: u64,
}

impl Delegation {
    /// The head of delegation.
    pub fn head(&self) -> Option<&Member> {
        self.members.iter().find(|m| m.head)
    }
}

/// A participant's position on an agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    /// The agenda item.
    pub item: ItemId,
    /// The participant.
    pub participant: ParticipantId,
    /// The position.
    pub text: String,
    /// Who may read it.
    pub visibility: Visibility,
    /// The record.
    pub record: u64,
}

impl Position {
    /// Whether `viewer` (acting for `participant`, a mediator or not) may read it.
    pub fn visible_to(&self, participant: Option<&ParticipantId>, mediator: bool) -> bool {
        match self.visibility {
            Visibility::All => true,
            Visibility::Mediators => mediator,
            Visibility::MediatorsAndSelf => mediator || participant == Some(&self.participant),
        }
    }
}

/// The result of one parity rule, or of one delegation's condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParityCheck {
    /// The rule: a parity rule's id, or `follows` for a conditional delegation.
    pub rule: String,
    /// The participants it compares.
    pub between: Vec<ParticipantId>,
    /// Met, failed, or pending an announcement.
    pub outcome: ParityOutcome,
    /// What was found, in words.
    pub detail: String,
}

/// How a parity check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParityOutcome {
    /// The rule holds.
    Met,
    /// The rule fails.
    Failed,
    /// A delegation it needs is not announced yet.
    Pending,
}

/// A communiqué: versions of its text, and each signatory's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Communique {
    /// Its id.
    pub id: CommuniqueId,
    /// The round it comes from.
    pub round: Option<RoundId>,
    /// Title.
    pub title: String,
    /// Who must sign it for a joint text.
    pub signatories: Vec<ParticipantId>,
    /// Its versions, oldest first; the last is the current text.
    pub versions: Vec<CommuniqueVersion>,
    /// Signatures and refusals, in order, each naming its version.
    pub answers: Vec<Answer>,
    /// Set once published.
    pub published: Option<Publication>,
}

/// One version of a communiqué's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuniqueVersion {
    /// Counting from 1.
    pub number: u32,
    /// Text by language tag.
    pub texts: BTreeMap<String, String>,
    /// The authoritative language.
    pub authoritative: String,
    /// The record that drafted it.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// A signatory's answer to a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    /// The signatory.
    pub participant: ParticipantId,
    /// The version answered.
    pub version: u32,
    /// Signed (with the signature) or declined (with the reason).
    pub answer: AnswerKind,
    /// The record.
    pub record: u64,
}

/// Signed or declined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerKind {
    /// Signed with the participant's key.
    Signed {
        /// The signature, base64.
        signature: String,
    },
    /// Declined.
    Declined {
        /// Why.
        reason: String,
    },
}

/// How and when a communiqué was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    /// Jointly, or as the mediators' statement.
    pub publish_as: PublishedAs,
    /// The version published.
    pub version: u32,
    /// Signatories that did not sign it (empty for a joint text).
    pub not_signed: Vec<ParticipantId>,
    /// The record.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

impl Communique {
    /// The current version.
    pub fn current(&self) -> Option<&CommuniqueVersion> {
        self.versions.last()
    }

    /// The latest answer of `participant` to `version`, if any (a signature may follow a decline).
    pub fn answer(&self, participant: &ParticipantId, version: u32) -> Option<&Answer> {
        self.answers.iter().rev().find(|a| &a.participant == participant && a.version == version)
    }

    /// The signatories that have not signed `version`.
    pub fn not_signed(&self, version: u32) -> Vec<ParticipantId> {
        self.signatories
            .iter()
            .filter(|p| !matches!(self.answer(p, version), Some(Answer { answer: AnswerKind::Signed { .. }, .. })))
            .cloned()
            .collect()
    }
}

/// A commitment made in the talks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commitment {
    /// Its id.
    pub id: CommitmentId,
    /// Who owes it.
    pub owners: Vec<ParticipantId>,
    /// What was committed.
    pub text: String,
    /// By when.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub deadline: Timestamp,
    /// Written or verbal; verbal until every owner confirms in writing.
    pub form: CommitmentForm,
    /// The communiqué it comes from.
    pub communique: Option<CommuniqueId>,
    /// The round that follows it up.
    pub follow_up: Option<RoundId>,
    /// Where it stands.
    pub status: CommitmentStatus,
    /// Owners that confirmed it in writing, with the record and signature.
    pub confirmations: Vec<Confirmation>,
    /// The mediators' decisions, in order.
    pub decisions: Vec<CommitmentDecision>,
    /// The record that recorded it.
    pub record: u64,
}

impl Commitment {
    /// Whether it is open past its deadline at `now`.
    pub fn overdue(&self, now: Timestamp) -> bool {
        self.status == CommitmentStatus::Open && self.deadline < now
    }
}

/// An owner's written confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Confirmation {
    /// The owner.
    pub participant: ParticipantId,
    /// Its signature, base64.
    pub signature: String,
    /// The record.
    pub record: u64,
}

/// A decision on a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentDecision {
    /// The status decided.
    pub status: CommitmentStatus,
    /// Why.
    pub reason: String,
    /// What shows it.
    pub evidence: Vec<String>,
    /// The agreement's escalation rules the decision set in motion (a
    /// missed commitment): each rule's id and action.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<(String, String)>))]
    pub escalations: Vec<(crate::ids::RuleId, String)>,
    /// The record.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// What a talks command changed, for the node to project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TalksChange {
    /// A round.
    Round(RoundId),
    /// A communiqué.
    Communique(CommuniqueId),
    /// A commitment.
    Commitment(CommitmentId),
}

/// The state of the talks: every round, communiqué and commitment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Talks {
    /// Rounds by id.
    pub rounds: BTreeMap<RoundId, Round>,
    /// Communiqués by id.
    pub communiques: BTreeMap<CommuniqueId, Communique>,
    /// Commitments by id.
    pub commitments: BTreeMap<CommitmentId, Commitment>,
}

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> CommandError {
    CommandError::InvalidField { field: field.into(), reason: reason.into() }
}

fn not_permitted(actor: &Actor, action: &'static str, reason: impl Into<String>) -> CommandError {
    CommandError::NotPermitted {
        role: actor.role,
        participant: actor.participant.clone(),
        action,
        reason: reason.into(),
    }
}

/// A line of text: not blank, not too long, no control characters.
fn line(field: &str, value: &str) -> Result<(), CommandError> {
    text_within(field, value, MAX_LINE)?;
    crate::text::check(value, crate::text::Lines::One).map_err(|reason| invalid(field, reason))
}

/// Free text: something visible, at most `max` characters, and none of the
/// characters [`crate::text`] refuses (line breaks and tabs allowed).
fn text_within(field: &str, value: &str, max: usize) -> Result<(), CommandError> {
    if crate::text::is_blank(value) {
        return Err(invalid(field, "must not be empty"));
    }
    let len = value.chars().count();
    if len > max {
        return Err(invalid(field, format!("is {len} characters long; the limit is {max}")));
    }
    crate::text::check(value, crate::text::Lines::Many).map_err(|reason| invalid(field, reason))
}

fn participant(agreement: &Agreement, field: &str, id: &ParticipantId) -> Result<(), CommandError> {
    if agreement.participants.contains_key(id) {
        Ok(())
    } else {
        Err(invalid(field, format!("{id} is not a participant of the agreement")))
    }
}

/// A list of distinct participants of the agreement, not empty.
fn participants(agreement: &Agreement, field: &str, ids: &[ParticipantId]) -> Result<(), CommandError> {
    if ids.is_empty() {
        return Err(invalid(field, "names no participant"));
    }
    for (i, id) in ids.iter().enumerate() {
        participant(agreement, &format!("{field}[{i}]"), id)?;
        if ids.iter().take(i).any(|earlier| earlier == id) {
            return Err(invalid(format!("{field}[{i}]"), format!("{id} is listed twice")));
        }
    }
    Ok(())
}

/// Mediators act for the talks; others may not.
fn mediator(actor: &Actor, action: &'static str) -> Result<(), CommandError> {
    if actor.role.is_mediator() { Ok(()) } else { Err(not_permitted(actor, action, "only the mediators do")) }
}

/// A participant's own principals act for it (its liaison, its mediator staff).
fn own(actor: &Actor, action: &'static str, who: &ParticipantId) -> Result<(), CommandError> {
    let acts_for = matches!(actor.role, Role::PartyLiaison | Role::Mediator | Role::MediatorChair | Role::Monitor);
    if actor.participant.as_ref() == Some(who) && acts_for {
        Ok(())
    } else {
        Err(not_permitted(actor, action, format!("only {who}'s own principals act for {who}")))
    }
}

impl Talks {
    /// An empty record of talks.
    pub fn new() -> Self {
        Self::default()
    }

    /// Checks `command` by `actor` at `now`, carried by log record `record`,
    /// and applies it; a refusal changes nothing.
    pub fn execute(
        &mut self,
        agreement: &Agreement,
        actor: &Actor,
        command: &TalksCommand,
        now: Timestamp,
        record: u64,
    ) -> Result<TalksChange, CommandError> {
        match command {
            TalksCommand::PlanRound { round, title, venue, starts_on, ends_on, time_zone, host, mediators, agenda } => {
                mediator(actor, "plan a round")?;
                if self.rounds.contains_key(round) {
                    return Err(invalid("round", format!("round {round} already exists")));
                }
                line("title", title)?;
                line("venue", venue)?;
                if ends_on < starts_on {
                    return Err(invalid("ends_on", format!("{ends_on} is before the first day, {starts_on}")));
                }
                if jiff::tz::TimeZone::get(time_zone).is_err() {
                    return Err(invalid("time_zone", format!("{time_zone:?} is not an IANA time zone")));
                }
                participant(agreement, "host", host)?;
                participants(agreement, "mediators", mediators)?;
                for (i, item) in agenda.iter().enumerate() {
                    line(&format!("agenda[{i}].title"), &item.title)?;
                    if agenda.iter().take(i).any(|e| e.id == item.id) {
                        return Err(invalid(format!("agenda[{i}].id"), format!("{} is listed twice", item.id)));
                    }
                }
                let step = RoundStep { status: RoundStatus::Planned, record, at: now, note: String::new() };
                self.rounds.insert(
                    round.clone(),
                    Round {
                        id: round.clone(),
                        title: title.clone(),
                        venue: venue.clone(),
                        starts_on: *starts_on,
                        ends_on: *ends_on,
                        time_zone: time_zone.clone(),
                        host: host.clone(),
                        mediators: mediators.clone(),
                        agenda: agenda.clone(),
                        status: RoundStatus::Planned,
                        outcome: None,
                        delegations: BTreeMap::new(),
                        positions: Vec::new(),
                        parity_at_convening: Vec::new(),
                        steps: vec![step],
                    },
                );
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::AnnounceDelegation { round, participant: who, members, follows } => {
                participant(agreement, "participant", who)?;
                own(actor, "announce a delegation", who)?;
                let r = self.round(round)?;
                if matches!(r.status, RoundStatus::Concluded | RoundStatus::Failed) {
                    return Err(invalid("round", format!("round {round} is {}", r.status.as_str())));
                }
                if members.is_empty() {
                    return Err(invalid("members", "a delegation has at least one member"));
                }
                for (i, m) in members.iter().enumerate() {
                    line(&format!("members[{i}].name"), &m.name)?;
                    line(&format!("members[{i}].title"), &m.title)?;
                    if agreement.talks.rank_of(&m.rank).is_none() {
                        let ladder: Vec<&str> = agreement.talks.ranks.iter().map(RankId::as_str).collect();
                        return Err(invalid(
                            format!("members[{i}].rank"),
                            format!("{} is not on the agreement's ladder ({})", m.rank, ladder.join(", ")),
                        ));
                    }
                }
                let heads = members.iter().filter(|m| m.head).count();
                if heads != 1 {
                    return Err(invalid("members", format!("exactly one member heads a delegation; {heads} do")));
                }
                if let Some(other) = follows {
                    participant(agreement, "follows", other)?;
                    if other == who {
                        return Err(invalid("follows", "a delegation follows another participant's level"));
                    }
                }
                let delegation = Delegation { members: members.clone(), follows: follows.clone(), record };
                if let Some(r) = self.rounds.get_mut(round) {
                    r.delegations.insert(who.clone(), delegation);
                }
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::ConveneRound { round } => {
                let r = self.round(round)?;
                Self::round_mediator(actor, r, "convene a round")?;
                if !matches!(r.status, RoundStatus::Planned | RoundStatus::Adjourned) {
                    return Err(invalid(
                        "round",
                        format!(
                            "round {round} is {}; only a planned or adjourned round is convened",
                            r.status.as_str()
                        ),
                    ));
                }
                let checks = parity(agreement, r);
                self.step(round, RoundStatus::Convened, record, now, String::new(), |r| r.parity_at_convening = checks);
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::AdjournRound { round, reason } => {
                let r = self.round(round)?;
                Self::round_mediator(actor, r, "adjourn a round")?;
                line("reason", reason)?;
                if r.status != RoundStatus::Convened {
                    return Err(invalid(
                        "round",
                        format!("round {round} is {}; only a convened round is adjourned", r.status.as_str()),
                    ));
                }
                self.step(round, RoundStatus::Adjourned, record, now, reason.clone(), |_| ());
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::CloseRound { round, status, outcome } => {
                let r = self.round(round)?;
                Self::round_mediator(actor, r, "close a round")?;
                if !matches!(status, RoundStatus::Concluded | RoundStatus::Failed) {
                    return Err(invalid("status", "a round closes concluded or failed"));
                }
                text_within("outcome", outcome, MAX_TEXT)?;
                if !matches!(r.status, RoundStatus::Convened | RoundStatus::Adjourned) {
                    return Err(invalid(
                        "round",
                        format!("round {round} is {}; only a round that met is closed", r.status.as_str()),
                    ));
                }
                let o = outcome.clone();
                self.step(round, *status, record, now, outcome.clone(), |r| r.outcome = Some(o));
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::FilePosition { round, item, participant: who, text, visibility } => {
                participant(agreement, "participant", who)?;
                own(actor, "file a position", who)?;
                let r = self.round(round)?;
                if !r.agenda.iter().any(|i| &i.id == item) {
                    return Err(invalid("item", format!("{item} is not on the agenda of round {round}")));
                }
                if matches!(r.status, RoundStatus::Concluded | RoundStatus::Failed) {
                    return Err(invalid("round", format!("round {round} is {}", r.status.as_str())));
                }
                text_within("text", text, MAX_TEXT)?;
                let position = Position {
                    item: item.clone(),
                    participant: who.clone(),
                    text: text.clone(),
                    visibility: *visibility,
                    record,
                };
                if let Some(r) = self.rounds.get_mut(round) {
                    r.positions.push(position);
                }
                Ok(TalksChange::Round(round.clone()))
            }
            TalksCommand::DraftCommunique { communique, round, title, signatories, texts, authoritative } => {
                match round {
                    // A round's texts are drafted by its host and mediators.
                    Some(round) => Self::round_mediator(actor, self.round(round)?, "draft a communiqué")?,
                    None => mediator(actor, "draft a communiqué")?,
                }
                line("title", title)?;
                participants(agreement, "signatories", signatories)?;
                if texts.is_empty() {
                    return Err(invalid("texts", "a communiqué has a text in at least one language"));
                }
                for (lang, text) in texts {
                    let tag = !lang.is_empty()
                        && lang.len() <= 35
                        && lang
                            .split('-')
                            .all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
                    if !tag {
                        return Err(invalid(
                            format!("texts.{lang}"),
                            format!("{lang:?} is not a language tag such as en or ps"),
                        ));
                    }
                    text_within(&format!("texts.{lang}"), text, MAX_TEXT)?;
                }
                if !texts.contains_key(authoritative) {
                    return Err(invalid(
                        "authoritative",
                        format!("{authoritative:?} is not one of the texts' languages"),
                    ));
                }
                let next = match self.communiques.get(communique) {
                    None => 1,
                    Some(c) if c.published.is_some() => {
                        return Err(invalid(
                            "communique",
                            format!("{communique} is published; a new text is a new communiqué"),
                        ));
                    }
                    Some(c) => {
                        if c.round != *round {
                            return Err(invalid(
                                "round",
                                format!(
                                    "{communique} belongs to {}",
                                    c.round.as_ref().map_or("no round", RoundId::as_str)
                                ),
                            ));
                        }
                        c.versions.last().map_or(1, |v| v.number.saturating_add(1))
                    }
                };
                let version = CommuniqueVersion {
                    number: next,
                    texts: texts.clone(),
                    authoritative: authoritative.clone(),
                    record,
                    at: now,
                };
                let entry = self.communiques.entry(communique.clone()).or_insert_with(|| Communique {
                    id: communique.clone(),
                    round: round.clone(),
                    title: title.clone(),
                    signatories: signatories.clone(),
                    versions: Vec::new(),
                    answers: Vec::new(),
                    published: None,
                });
                entry.title = title.clone();
                entry.signatories = signatories.clone();
                entry.versions.push(version);
                Ok(TalksChange::Communique(communique.clone()))
            }
            TalksCommand::SignCommunique { communique, version, participant: who, signature } => {
                let c = self.open_version(communique, *version)?;
                Self::signatory(c, who, *version, true)?;
                let answer = Answer {
                    participant: who.clone(),
                    version: *version,
                    answer: AnswerKind::Signed { signature: signature.clone() },
                    record,
                };
                if let Some(c) = self.communiques.get_mut(communique) {
                    c.answers.push(answer);
                }
                Ok(TalksChange::Communique(communique.clone()))
            }
            TalksCommand::DeclineCommunique { communique, version, participant: who, reason } => {
                own(actor, "decline a communiqué", who)?;
                let c = self.open_version(communique, *version)?;
                Self::signatory(c, who, *version, false)?;
                line("reason", reason)?;
                let answer = Answer {
                    participant: who.clone(),
                    version: *version,
                    answer: AnswerKind::Declined { reason: reason.clone() },
                    record,
                };
                if let Some(c) = self.communiques.get_mut(communique) {
                    c.answers.push(answer);
                }
                Ok(TalksChange::Communique(communique.clone()))
            }
            TalksCommand::PublishCommunique { communique, publish_as } => {
                let c = self.communique(communique)?;
                match &c.round {
                    Some(round) => Self::round_mediator(actor, self.round(round)?, "publish a communiqué")?,
                    None => mediator(actor, "publish a communiqué")?,
                }
                if c.published.is_some() {
                    return Err(invalid("communique", format!("{communique} is published already")));
                }
                let version = c.current().map_or(0, |v| v.number);
                let not_signed = c.not_signed(version);
                if *publish_as == PublishedAs::Joint && !not_signed.is_empty() {
                    let missing: Vec<&str> = not_signed.iter().map(ParticipantId::as_str).collect();
                    return Err(invalid(
                        "publish_as",
                        format!(
                            "a joint text needs every signatory's signature; {} has not signed version {version}; publish it as the mediators' statement instead",
                            missing.join(", ")
                        ),
                    ));
                }
                let publication = Publication { publish_as: *publish_as, version, not_signed, record, at: now };
                if let Some(c) = self.communiques.get_mut(communique) {
                    c.published = Some(publication);
                }
                Ok(TalksChange::Communique(communique.clone()))
            }
            TalksCommand::RecordCommitment { commitment, owners, text, deadline, form, communique, follow_up } => {
                self.commitment_mediator(actor, communique.as_ref(), follow_up.as_ref(), "record a commitment")?;
                if self.commitments.contains_key(commitment) {
                    return Err(invalid("commitment", format!("{commitment} already exists")));
                }
                participants(agreement, "owners", owners)?;
                text_within("text", text, MAX_TEXT)?;
                if let Some(c) = communique {
                    self.communique(c).map_err(|e| match e {
                        CommandError::InvalidField { reason, .. } => invalid("communique", reason),
                        other => other,
                    })?;
                }
                if let Some(r) = follow_up {
                    self.round(r).map_err(|e| match e {
                        CommandError::InvalidField { reason, .. } => invalid("follow_up", reason),
                        other => other,
                    })?;
                }
                self.commitments.insert(
                    commitment.clone(),
                    Commitment {
                        id: commitment.clone(),
                        owners: owners.clone(),
                        text: text.clone(),
                        deadline: *deadline,
                        form: *form,
                        communique: communique.clone(),
                        follow_up: follow_up.clone(),
                        status: CommitmentStatus::Open,
                        confirmations: Vec::new(),
                        decisions: Vec::new(),
                        record,
                    },
                );
                Ok(TalksChange::Commitment(commitment.clone()))
            }
            TalksCommand::ConfirmCommitment { commitment, participant: who, signature } => {
                let c = self.commitment(commitment)?;
                if !c.owners.contains(who) {
                    return Err(invalid("participant", format!("{who} does not owe {commitment}")));
                }
                if c.form == CommitmentForm::Written && c.confirmations.is_empty() {
                    return Err(invalid("commitment", format!("{commitment} was given in writing already")));
                }
                if c.confirmations.iter().any(|x| &x.participant == who) {
                    return Err(invalid("participant", format!("{who} confirmed {commitment} already")));
                }
                if c.status != CommitmentStatus::Open {
                    return Err(invalid("commitment", format!("{commitment} is {}", c.status.as_str())));
                }
                if let Some(c) = self.commitments.get_mut(commitment) {
                    c.confirmations.push(Confirmation {
                        participant: who.clone(),
                        signature: signature.clone(),
                        record,
                    });
                    if c.owners.iter().all(|o| c.confirmations.iter().any(|x| &x.participant == o)) {
                        c.form = CommitmentForm::Written;
                    }
                }
                Ok(TalksChange::Commitment(commitment.clone()))
            }
            TalksCommand::DecideCommitment { commitment, status, reason, evidence } => {
                let c = self.commitment(commitment)?;
                self.commitment_mediator(actor, c.communique.as_ref(), c.follow_up.as_ref(), "decide a commitment")?;
                if *status == CommitmentStatus::Open {
                    return Err(invalid("status", "a decision is met, partly_met, missed, withdrawn or superseded"));
                }
                if !matches!(c.status, CommitmentStatus::Open | CommitmentStatus::PartlyMet) {
                    return Err(invalid(
                        "commitment",
                        format!("{commitment} was decided {} already", c.status.as_str()),
                    ));
                }
                if *status == CommitmentStatus::Missed && c.deadline > now {
                    return Err(invalid(
                        "status",
                        format!("{commitment} is due at {}; it cannot be missed before then", c.deadline),
                    ));
                }
                text_within("reason", reason, MAX_TEXT)?;
                for (i, e) in evidence.iter().enumerate() {
                    line(&format!("evidence[{i}]"), e)?;
                }
                let escalations = if *status == CommitmentStatus::Missed {
                    agreement
                        .escalation
                        .iter()
                        .filter(|r| r.trigger == crate::agreement::EscalationTrigger::MissedCommitment)
                        .map(|r| (r.id.clone(), r.action.clone()))
                        .collect()
                } else {
                    Vec::new()
                };
                let decision = CommitmentDecision {
                    status: *status,
                    reason: reason.clone(),
                    evidence: evidence.clone(),
                    escalations,
                    record,
                    at: now,
                };
                if let Some(c) = self.commitments.get_mut(commitment) {
                    c.status = *status;
                    c.decisions.push(decision);
                }
                Ok(TalksChange::Commitment(commitment.clone()))
            }
        }
    }

    fn round(&self, id: &RoundId) -> Result<&Round, CommandError> {
        self.rounds.get(id).ok_or_else(|| invalid("round", format!("there is no round {id}")))
    }

    fn communique(&self, id: &CommuniqueId) -> Result<&Communique, CommandError> {
        self.communiques.get(id).ok_or_else(|| invalid("communique", format!("there is no communiqué {id}")))
    }

    fn commitment(&self, id: &CommitmentId) -> Result<&Commitment, CommandError> {
        self.commitments.get(id).ok_or_else(|| invalid("commitment", format!("there is no commitment {id}")))
    }

    /// The communiqué, if `version` is its current, unpublished version.
    fn open_version(&self, id: &CommuniqueId, version: u32) -> Result<&Communique, CommandError> {
        let c = self.communique(id)?;
        if c.published.is_some() {
            return Err(invalid("communique", format!("{id} is published; it is signed no more")));
        }
        let current = c.current().map_or(0, |v| v.number);
        if version != current {
            let why = if version < current && version >= 1 { "was superseded" } else { "does not exist" };
            return Err(invalid(
                "version",
                format!("version {version} of {id} {why}; the current version is {current}"),
            ));
        }
        Ok(c)
    }

    /// Checks `who` may answer `version` of `c`: a signatory that has not
    /// answered it, or, for a signature, one that declined it. A signature
    /// by the participant's own key outweighs a decline any of its
    /// principals posted, so a party can reconsider and no principal whose
    /// key the server holds can shut its party out of a text.
    fn signatory(c: &Communique, who: &ParticipantId, version: u32, signing: bool) -> Result<(), CommandError> {
        if !c.signatories.contains(who) {
            return Err(invalid("participant", format!("{who} is not a signatory of {}", c.id)));
        }
        match c.answer(who, version).map(|a| &a.answer) {
            None => Ok(()),
            Some(AnswerKind::Declined { .. }) if signing => Ok(()),
            Some(AnswerKind::Declined { .. }) => {
                Err(invalid("participant", format!("{who} declined version {version} of {} already", c.id)))
            }
            Some(AnswerKind::Signed { .. }) => {
                Err(invalid("participant", format!("{who} signed version {version} of {} already", c.id)))
            }
        }
    }

    /// Who acts on a commitment: the host and mediators of the round it
    /// came from (through its communiqué) or is followed up in; any
    /// mediator for one tied to no round. An unknown communiqué or round is
    /// left to the command's own checks, which name the field.
    fn commitment_mediator(
        &self,
        actor: &Actor,
        communique: Option<&CommuniqueId>,
        follow_up: Option<&RoundId>,
        action: &'static str,
    ) -> Result<(), CommandError> {
        let from = communique.and_then(|c| self.communiques.get(c)).and_then(|c| c.round.as_ref());
        match from.or(follow_up).and_then(|r| self.rounds.get(r)) {
            Some(round) => Self::round_mediator(actor, round, action),
            None => mediator(actor, action),
        }
    }

    fn round_mediator(actor: &Actor, round: &Round, action: &'static str) -> Result<(), CommandError> {
        mediator(actor, action)?;
        let ours = actor.participant.as_ref().is_some_and(|p| round.mediators.contains(p) || &round.host == p);
        if ours {
            Ok(())
        } else {
            Err(not_permitted(actor, action, format!("round {} is convened by its host and mediators", round.id)))
        }
    }

    fn step(
        &mut self,
        id: &RoundId,
        status: RoundStatus,
        record: u64,
        at: Timestamp,
        note: String,
        then: impl FnOnce(&mut Round),
    ) {
        if let Some(r) = self.rounds.get_mut(id) {
            r.status = status;
            r.steps.push(RoundStep { status, record, at, note });
            then(r);
        }
    }
}

/// The parity checks of a round as its delegations stand: each rule of the
/// agreement, and each delegation's condition on another's level.
pub fn parity(agreement: &Agreement, round: &Round) -> Vec<ParityCheck> {
    let rank = |p: &ParticipantId| {
        round
            .delegations
            .get(p)
            .and_then(Delegation::head)
            .and_then(|h| agreement.talks.rank_of(&h.rank).map(|i| (i, h)))
    };
    let mut checks = Vec::new();
    for rule in &agreement.talks.parity {
        let heads: Vec<_> = rule.between.iter().map(|p| (p, rank(p))).collect();
        let missing: Vec<&str> = heads.iter().filter(|(_, r)| r.is_none()).map(|(p, _)| p.as_str()).collect();
        let (outcome, detail) = if !missing.is_empty() {
            (ParityOutcome::Pending, format!("waiting for the delegation of {}", missing.join(", ")))
        } else {
            let ranked: Vec<(&ParticipantId, usize, &Member)> =
                heads.iter().filter_map(|(p, r)| r.map(|(i, m)| (*p, i, m))).collect();
            let high = ranked.iter().map(|(_, i, _)| *i).min().unwrap_or(0);
            let low = ranked.iter().map(|(_, i, _)| *i).max().unwrap_or(0);
            let gap = low.saturating_sub(high);
            let heads: Vec<String> = ranked.iter().map(|(p, _, m)| format!("{p}: {} ({})", m.title, m.rank)).collect();
            let outcome = if gap <= rule.max_gap as usize { ParityOutcome::Met } else { ParityOutcome::Failed };
            (
                outcome,
                format!(
                    "heads of delegation {} rungs apart, at most {} allowed; {}",
                    gap,
                    rule.max_gap,
                    heads.join("; ")
                ),
            )
        };
        checks.push(ParityCheck { rule: rule.id.to_string(), between: rule.between.clone(), outcome, detail });
    }
    for (who, delegation) in &round.delegations {
        let Some(other) = &delegation.follows else { continue };
        let between = vec![who.clone(), other.clone()];
        let (outcome, detail) = match (rank(who), rank(other)) {
            (Some((mine, m)), Some((theirs, t))) if mine == theirs => {
                (ParityOutcome::Met, format!("{who}'s head ({}) matches {other}'s ({})", m.rank, t.rank))
            }
            (Some((_, m)), Some((_, t))) => (
                ParityOutcome::Failed,
                format!(
                    "{who} attends at the level of {other}'s delegation: {other}'s head is {}, {who}'s is {}",
                    t.rank, m.rank
                ),
            ),
            _ => (ParityOutcome::Pending, format!("{who}'s level follows {other}'s, not announced yet")),
        };
        checks.push(ParityCheck { rule: "follows".into(), between, outcome, detail });
    }
    checks
}
