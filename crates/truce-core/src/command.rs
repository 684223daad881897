//! Commands: what an actor asks the mechanism to do with a case.
//!
//! Commands are what a party's or mediator's principal signs and the log
//! stores; replaying them through [`crate::docket::Docket::execute`] rebuilds
//! every case. Their serde names are stable and versioned (`admit.v1`): a
//! change of meaning is a new name, never an edit.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::case::{
    AccessDenial, Allegation, DeadlineKind, EvidenceRef, Finding, InvestigationReport, LinkRelation, Reply, Status,
};
use crate::ids::{CaseId, ParticipantId};

/// How the mediators propose to dispose of an appeal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[serde(deny_unknown_fields)]
pub enum AppealDecision {
    /// The finding stands.
    Uphold,
    /// The finding is replaced.
    Revise {
        /// The revised finding.
        finding: Finding,
    },
}

/// A command about one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type")]
#[serde(deny_unknown_fields)]
pub enum Command {
    /// File an allegation, opening the case.
    #[serde(rename = "file_report.v1")]
    FileReport {
        /// The allegation.
        allegation: Allegation,
    },
    /// Acknowledge receipt.
    #[serde(rename = "acknowledge.v1")]
    Acknowledge {},
    /// Rule the case admissible.
    #[serde(rename = "admit.v1")]
    Admit {
        /// Note for the record.
        #[serde(default)]
        note: String,
    },
    /// Rule the case inadmissible.
    #[serde(rename = "rule_inadmissible.v1")]
    RuleInadmissible {
        /// Why; required.
        reason: String,
    },
    /// Merge this case, a duplicate, into another.
    #[serde(rename = "merge_duplicate.v1")]
    MergeDuplicate {
        /// The case that carries on.
        into: CaseId,
        /// Note for the record.
        #[serde(default)]
        note: String,
    },
    /// Notify the accused party and start the reply deadline.
    #[serde(rename = "notify_accused.v1")]
    NotifyAccused {},
    /// The accused party's reply.
    #[serde(rename = "submit_reply.v1")]
    SubmitReply {
        /// The reply.
        reply: Reply,
    },
    /// Record that the reply deadline passed.
    #[serde(rename = "mark_reply_overdue.v1")]
    MarkReplyOverdue {},
    /// Task a monitoring team.
    #[serde(rename = "task_investigation.v1")]
    TaskInvestigation {
        /// The team.
        team: ParticipantId,
        /// Due date; the protocol's default if absent.
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
        due: Option<Timestamp>,
        /// When re-tasking: the team this one takes over from. A case
        /// under investigation is re-tasked only by naming it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        replaces: Option<ParticipantId>,
    },
    /// Record a refusal of access.
    #[serde(rename = "record_access_denial.v1")]
    RecordAccessDenial {
        /// The refusal.
        denial: AccessDenial,
    },
    /// Submit the investigation report.
    #[serde(rename = "submit_investigation_report.v1")]
    SubmitInvestigationReport {
        /// The report.
        report: InvestigationReport,
    },
    /// Put a finding to the vote.
    #[serde(rename = "propose_finding.v1")]
    ProposeFinding {
        /// The finding.
        finding: Finding,
    },
    /// Vote on the open motion for the actor's participant.
    #[serde(rename = "vote.v1")]
    Vote {
        /// Approve or dissent.
        approve: bool,
        /// Reasons; required for a dissent.
        #[serde(default)]
        reason: String,
    },
    /// Appeal the finding.
    #[serde(rename = "file_appeal.v1")]
    FileAppeal {
        /// Grounds; required.
        grounds: String,
    },
    /// Put a decision on the appeal to the vote.
    #[serde(rename = "propose_appeal_decision.v1")]
    ProposeAppealDecision {
        /// Uphold or revise.
        decision: AppealDecision,
        /// Why; required.
        reason: String,
    },
    /// Make the finding final once the appeal window has closed.
    #[serde(rename = "finalize.v1")]
    Finalize {},
    /// Put a penalty decision to the vote.
    #[serde(rename = "propose_penalty_decision.v1")]
    ProposePenaltyDecision {
        /// The ladder level; the engine's proposal if absent.
        #[serde(default)]
        level: Option<u32>,
        /// Why; required when departing from the engine's proposal.
        #[serde(default)]
        reason: String,
    },
    /// Record whether the party complied with the penalty.
    #[serde(rename = "record_compliance.v1")]
    RecordCompliance {
        /// Whether it complied.
        complied: bool,
        /// Note for the record.
        #[serde(default)]
        note: String,
    },
    /// Close the case.
    #[serde(rename = "close.v1")]
    Close {
        /// Note for the record.
        #[serde(default)]
        note: String,
    },
    /// Reopen a closed case on new evidence.
    #[serde(rename = "reopen.v1")]
    Reopen {
        /// Why; required.
        reason: String,
        /// The new evidence; at least one item.
        evidence: Vec<EvidenceRef>,
    },
    /// The filer replaces its allegation, before the case is admitted.
    #[serde(rename = "amend_allegation.v1")]
    AmendAllegation {
        /// The allegation as it should now read, whole.
        allegation: Allegation,
        /// Why; required.
        reason: String,
    },
    /// The filer withdraws its allegation, before a finding is proposed.
    #[serde(rename = "withdraw_allegation.v1")]
    WithdrawAllegation {
        /// Why; required.
        reason: String,
    },
    /// Put an extension of a running deadline to the vote.
    #[serde(rename = "extend_deadline.v1")]
    ExtendDeadline {
        /// Which deadline: the one running in the case's status.
        deadline: DeadlineKind,
        /// For an appeal window, the party whose window it is.
        #[serde(default)]
        party: Option<ParticipantId>,
        /// The new deadline, later than the one it replaces.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
        until: Timestamp,
        /// Why; required.
        reason: String,
    },
    /// Link this case to another.
    #[serde(rename = "link_case.v1")]
    LinkCase {
        /// The other case.
        other: CaseId,
        /// How they are linked.
        relation: LinkRelation,
        /// Note for the record.
        #[serde(default)]
        note: String,
    },
    /// An internal note, seen by the mediators only.
    #[serde(rename = "add_note.v1")]
    AddNote {
        /// The note; required.
        text: String,
    },
}

/// A command addressed to a case: on the wire, the command's members and
/// `case` beside them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseCommand {
    /// The case.
    pub case: CaseId,
    /// The command.
    #[serde(flatten)]
    pub command: Command,
}

/// Read by hand rather than with `flatten`: a flattened command would see
/// `case` as one of its own members, so it could not refuse the members it
/// does not have, and a misspelt one would be signed away unnoticed.
impl<'de> Deserialize<'de> for CaseCommand {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut members = serde_json::Map::deserialize(deserializer)?;
        let case = members.remove("case").ok_or_else(|| D::Error::missing_field("case"))?;
        let case = CaseId::deserialize(case).map_err(|e| D::Error::custom(format!("case: {e}")))?;
        let command = Command::deserialize(serde_json::Value::Object(members)).map_err(D::Error::custom)?;
        Ok(CaseCommand { case, command })
    }
}

/// The kinds of command, without their content: the lifecycle's
/// vocabulary. Everything that must name a command without holding one (the
/// transition table, the forms a reader is offered, an error) names its
/// kind, never its wire name as a string; the wire name is [`CommandKind::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CommandKind {
    /// File an allegation, opening the case.
    #[serde(rename = "file_report.v1")]
    FileReport,
    /// Acknowledge receipt.
    #[serde(rename = "acknowledge.v1")]
    Acknowledge,
    /// Rule the case admissible.
    #[serde(rename = "admit.v1")]
    Admit,
    /// Rule the case inadmissible.
    #[serde(rename = "rule_inadmissible.v1")]
    RuleInadmissible,
    /// Merge a duplicate into another case.
    #[serde(rename = "merge_duplicate.v1")]
    MergeDuplicate,
    /// Notify the accused party.
    #[serde(rename = "notify_accused.v1")]
    NotifyAccused,
    /// The accused party's reply.
    #[serde(rename = "submit_reply.v1")]
    SubmitReply,
    /// Record that the reply deadline passed.
    #[serde(rename = "mark_reply_overdue.v1")]
    MarkReplyOverdue,
    /// Task a monitoring team.
    #[serde(rename = "task_investigation.v1")]
    TaskInvestigation,
    /// Record a refusal of access.
    #[serde(rename = "record_access_denial.v1")]
    RecordAccessDenial,
    /// Submit the investigation report.
    #[serde(rename = "submit_investigation_report.v1")]
    SubmitInvestigationReport,
    /// Put a finding to the vote.
    #[serde(rename = "propose_finding.v1")]
    ProposeFinding,
    /// Vote on the open motion.
    #[serde(rename = "vote.v1")]
    Vote,
    /// Appeal the finding.
    #[serde(rename = "file_appeal.v1")]
    FileAppeal,
    /// Put a decision on the appeal to the vote.
    #[serde(rename = "propose_appeal_decision.v1")]
    ProposeAppealDecision,
    /// Make the finding final.
    #[serde(rename = "finalize.v1")]
    Finalize,
    /// Put a penalty decision to the vote.
    #[serde(rename = "propose_penalty_decision.v1")]
    ProposePenaltyDecision,
    /// Record compliance with the penalty.
    #[serde(rename = "record_compliance.v1")]
    RecordCompliance,
    /// Close the case.
    #[serde(rename = "close.v1")]
    Close,
    /// Reopen a closed case on new evidence.
    #[serde(rename = "reopen.v1")]
    Reopen,
    /// The filer amends its allegation.
    #[serde(rename = "amend_allegation.v1")]
    AmendAllegation,
    /// The filer withdraws its allegation.
    #[serde(rename = "withdraw_allegation.v1")]
    WithdrawAllegation,
    /// Put a deadline's extension to the vote.
    #[serde(rename = "extend_deadline.v1")]
    ExtendDeadline,
    /// Link the case to another.
    #[serde(rename = "link_case.v1")]
    LinkCase,
    /// An internal note for the mediators.
    #[serde(rename = "add_note.v1")]
    AddNote,
}

impl CommandKind {
    /// Every kind, in lifecycle order.
    pub const ALL: [CommandKind; 25] = [
        CommandKind::FileReport,
        CommandKind::AmendAllegation,
        CommandKind::WithdrawAllegation,
        CommandKind::Acknowledge,
        CommandKind::Admit,
        CommandKind::RuleInadmissible,
        CommandKind::MergeDuplicate,
        CommandKind::NotifyAccused,
        CommandKind::SubmitReply,
        CommandKind::MarkReplyOverdue,
        CommandKind::TaskInvestigation,
        CommandKind::RecordAccessDenial,
        CommandKind::SubmitInvestigationReport,
        CommandKind::ProposeFinding,
        CommandKind::Vote,
        CommandKind::FileAppeal,
        CommandKind::ProposeAppealDecision,
        CommandKind::Finalize,
        CommandKind::ProposePenaltyDecision,
        CommandKind::RecordCompliance,
        CommandKind::Close,
        CommandKind::Reopen,
        CommandKind::ExtendDeadline,
        CommandKind::LinkCase,
        CommandKind::AddNote,
    ];

    /// The command's stable wire name, such as `admit.v1`.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::FileReport => "file_report.v1",
            CommandKind::Acknowledge => "acknowledge.v1",
            CommandKind::Admit => "admit.v1",
            CommandKind::RuleInadmissible => "rule_inadmissible.v1",
            CommandKind::MergeDuplicate => "merge_duplicate.v1",
            CommandKind::NotifyAccused => "notify_accused.v1",
            CommandKind::SubmitReply => "submit_reply.v1",
            CommandKind::MarkReplyOverdue => "mark_reply_overdue.v1",
            CommandKind::TaskInvestigation => "task_investigation.v1",
            CommandKind::RecordAccessDenial => "record_access_denial.v1",
            CommandKind::SubmitInvestigationReport => "submit_investigation_report.v1",
            CommandKind::ProposeFinding => "propose_finding.v1",
            CommandKind::Vote => "vote.v1",
            CommandKind::FileAppeal => "file_appeal.v1",
            CommandKind::ProposeAppealDecision => "propose_appeal_decision.v1",
            CommandKind::Finalize => "finalize.v1",
            CommandKind::ProposePenaltyDecision => "propose_penalty_decision.v1",
            CommandKind::RecordCompliance => "record_compliance.v1",
            CommandKind::Close => "close.v1",
            CommandKind::Reopen => "reopen.v1",
            CommandKind::AmendAllegation => "amend_allegation.v1",
            CommandKind::WithdrawAllegation => "withdraw_allegation.v1",
            CommandKind::ExtendDeadline => "extend_deadline.v1",
            CommandKind::LinkCase => "link_case.v1",
            CommandKind::AddNote => "add_note.v1",
        }
    }

    /// The kind's row in the lifecycle's table (every kind has one; a
    /// test checks it).
    pub fn transition(self) -> Option<&'static Transition> {
        TRANSITIONS.iter().find(|t| t.command == self)
    }
}

impl std::fmt::Display for CommandKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who may issue a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Issuer {
    /// Whoever the protocol lets file.
    Filer,
    /// The participant that filed the case, through a principal of the
    /// role it filed with.
    Complainant,
    /// The mediators' staff.
    Mediator,
    /// A voting mediator participant.
    Voter,
    /// The accused party's liaison.
    Accused,
    /// A party to the case (complainant, accused or the party found responsible).
    PartyToCase,
    /// A member of the tasked monitoring team.
    TaskedTeam,
}

/// One row of the lifecycle's transition table.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transition {
    /// The command.
    pub command: CommandKind,
    /// Who may issue it.
    pub by: Issuer,
    /// The statuses it may be issued in (empty: it opens a new case).
    pub from: &'static [Status],
    /// The statuses it may lead to.
    pub to: &'static [Status],
}

use Status as S;

/// The whole lifecycle. [`crate::docket::Docket::execute`] refuses any
/// command in a status not listed here, and the property tests check that
/// every transition taken is listed.
pub const TRANSITIONS: &[Transition] = &[
    Transition { command: CommandKind::FileReport, by: Issuer::Filer, from: &[], to: &[S::Reported] },
    Transition {
        command: CommandKind::AmendAllegation,
        by: Issuer::Complainant,
        from: &[S::Reported, S::Acknowledged],
        to: &[S::Reported, S::Acknowledged],
    },
    Transition {
        command: CommandKind::WithdrawAllegation,
        by: Issuer::Complainant,
        from: BEFORE_FINDING,
        to: &[S::Withdrawn],
    },
    Transition {
        command: CommandKind::Acknowledge,
        by: Issuer::Mediator,
        from: &[S::Reported],
        to: &[S::Acknowledged],
    },
    Transition { command: CommandKind::Admit, by: Issuer::Mediator, from: &[S::Acknowledged], to: &[S::Admitted] },
    Transition {
        command: CommandKind::RuleInadmissible,
        by: Issuer::Mediator,
        from: &[S::Acknowledged],
        to: &[S::Inadmissible],
    },
    Transition { command: CommandKind::MergeDuplicate, by: Issuer::Mediator, from: MERGEABLE, to: &[S::Merged] },
    Transition {
        command: CommandKind::NotifyAccused,
        by: Issuer::Mediator,
        from: &[S::Admitted],
        to: &[S::AwaitingReply],
    },
    Transition {
        command: CommandKind::SubmitReply,
        by: Issuer::Accused,
        from: &[S::AwaitingReply],
        to: &[S::ReplyReceived],
    },
    Transition {
        command: CommandKind::MarkReplyOverdue,
        by: Issuer::Mediator,
        from: &[S::AwaitingReply],
        to: &[S::ReplyOverdue],
    },
    Transition {
        command: CommandKind::TaskInvestigation,
        by: Issuer::Mediator,
        from: &[S::ReplyReceived, S::ReplyOverdue, S::UnderInvestigation],
        to: &[S::UnderInvestigation],
    },
    Transition {
        command: CommandKind::RecordAccessDenial,
        by: Issuer::TaskedTeam,
        from: &[S::UnderInvestigation],
        to: &[S::UnderInvestigation],
    },
    Transition {
        command: CommandKind::SubmitInvestigationReport,
        by: Issuer::TaskedTeam,
        from: &[S::UnderInvestigation],
        to: &[S::FindingsSubmitted],
    },
    Transition {
        command: CommandKind::ProposeFinding,
        by: Issuer::Mediator,
        from: &[S::FindingsSubmitted],
        to: &[S::Deliberation],
    },
    Transition {
        command: CommandKind::Vote,
        by: Issuer::Voter,
        // Wherever a motion is open: an extension's runs beside the case's course.
        from: VOTABLE,
        to: VOTABLE,
    },
    Transition {
        command: CommandKind::FileAppeal,
        by: Issuer::PartyToCase,
        from: &[S::Determined, S::Appealed],
        to: &[S::Appealed],
    },
    Transition {
        command: CommandKind::ProposeAppealDecision,
        by: Issuer::Mediator,
        from: &[S::Appealed],
        to: &[S::AppealReview],
    },
    Transition {
        command: CommandKind::Finalize,
        by: Issuer::Mediator,
        from: &[S::Determined],
        to: &[S::Final, S::PenaltyProposed],
    },
    Transition {
        command: CommandKind::ProposePenaltyDecision,
        by: Issuer::Mediator,
        from: &[S::PenaltyProposed],
        to: &[S::PenaltyDeliberation],
    },
    Transition {
        command: CommandKind::RecordCompliance,
        by: Issuer::Mediator,
        from: &[S::PenaltyDecided],
        to: &[S::Complied, S::NotComplied],
    },
    Transition {
        command: CommandKind::Close,
        by: Issuer::Mediator,
        from: &[S::Inadmissible, S::Withdrawn, S::Final, S::Complied, S::NotComplied],
        to: &[S::Closed],
    },
    Transition { command: CommandKind::Reopen, by: Issuer::Mediator, from: &[S::Closed], to: &[S::Admitted] },
    Transition { command: CommandKind::ExtendDeadline, by: Issuer::Mediator, from: EXTENDABLE, to: EXTENDABLE },
    Transition { command: CommandKind::LinkCase, by: Issuer::Mediator, from: &Status::ALL, to: &Status::ALL },
    Transition { command: CommandKind::AddNote, by: Issuer::Mediator, from: &Status::ALL, to: &Status::ALL },
];

/// The statuses before a finding is put to the vote: an allegation can be
/// withdrawn in them.
const BEFORE_FINDING: &[Status] = &[
    S::Reported,
    S::Acknowledged,
    S::Admitted,
    S::AwaitingReply,
    S::ReplyReceived,
    S::ReplyOverdue,
    S::UnderInvestigation,
    S::FindingsSubmitted,
];

/// The statuses in which a case may be merged into another as a duplicate:
/// from acknowledgement until its penalty is decided, when no motion is
/// open. A duplicate found after its finding was final stops counting as a
/// violation of its own ([`crate::case::Case::violator`]).
const MERGEABLE: &[Status] = &[
    S::Acknowledged,
    S::Admitted,
    S::AwaitingReply,
    S::ReplyReceived,
    S::ReplyOverdue,
    S::UnderInvestigation,
    S::FindingsSubmitted,
    S::Determined,
    S::Appealed,
    S::Final,
    S::PenaltyProposed,
];

/// The statuses in which a motion may be open: every one but those that
/// end a case's course (withdrawing or merging a case ends its motion).
const VOTABLE: &[Status] = &[
    S::Reported,
    S::Acknowledged,
    S::Admitted,
    S::AwaitingReply,
    S::ReplyReceived,
    S::ReplyOverdue,
    S::UnderInvestigation,
    S::FindingsSubmitted,
    S::Deliberation,
    S::Determined,
    S::Appealed,
    S::AppealReview,
    S::Final,
    S::PenaltyProposed,
    S::PenaltyDeliberation,
    S::PenaltyDecided,
    S::Complied,
    S::NotComplied,
];

/// The statuses in which a deadline runs that the mediators may extend.
const EXTENDABLE: &[Status] = &[
    S::Reported,
    S::Acknowledged,
    S::AwaitingReply,
    S::UnderInvestigation,
    S::Determined,
    S::Appealed,
    S::PenaltyDecided,
];

impl Command {
    /// The command's kind.
    pub fn kind(&self) -> CommandKind {
        match self {
            Self::FileReport { .. } => CommandKind::FileReport,
            Self::Acknowledge { .. } => CommandKind::Acknowledge,
            Self::Admit { .. } => CommandKind::Admit,
            Self::RuleInadmissible { .. } => CommandKind::RuleInadmissible,
            Self::MergeDuplicate { .. } => CommandKind::MergeDuplicate,
            Self::NotifyAccused { .. } => CommandKind::NotifyAccused,
            Self::SubmitReply { .. } => CommandKind::SubmitReply,
            Self::MarkReplyOverdue { .. } => CommandKind::MarkReplyOverdue,
            Self::TaskInvestigation { .. } => CommandKind::TaskInvestigation,
            Self::RecordAccessDenial { .. } => CommandKind::RecordAccessDenial,
            Self::SubmitInvestigationReport { .. } => CommandKind::SubmitInvestigationReport,
            Self::ProposeFinding { .. } => CommandKind::ProposeFinding,
            Self::Vote { .. } => CommandKind::Vote,
            Self::FileAppeal { .. } => CommandKind::FileAppeal,
            Self::ProposeAppealDecision { .. } => CommandKind::ProposeAppealDecision,
            Self::Finalize { .. } => CommandKind::Finalize,
            Self::ProposePenaltyDecision { .. } => CommandKind::ProposePenaltyDecision,
            Self::RecordCompliance { .. } => CommandKind::RecordCompliance,
            Self::Close { .. } => CommandKind::Close,
            Self::Reopen { .. } => CommandKind::Reopen,
            Self::AmendAllegation { .. } => CommandKind::AmendAllegation,
            Self::WithdrawAllegation { .. } => CommandKind::WithdrawAllegation,
            Self::ExtendDeadline { .. } => CommandKind::ExtendDeadline,
            Self::LinkCase { .. } => CommandKind::LinkCase,
            Self::AddNote { .. } => CommandKind::AddNote,
        }
    }

    /// The command's stable name, as in [`TRANSITIONS`].
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The command's row in the transition table.
    pub fn transition(&self) -> Option<&'static Transition> {
        self.kind().transition()
    }
}
