//! Why a command was refused.
//!
//! Every refusal is typed, so the server can map it to a status code and a
//! field, and the message says why in words a liaison officer can act on.

use jiff::Timestamp;

use crate::actor::Role;
use crate::case::Status;
use crate::ids::{CaseId, ParticipantId};
use crate::penalty::PenaltyError;
use crate::vocab::StandardOfProof;

/// Why a command was refused. Nothing changes when a command is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CommandError {
    /// No case with this id.
    #[error("there is no case {0}")]
    UnknownCase(CaseId),
    /// A case with this id already exists.
    #[error("case {0} already exists")]
    CaseExists(CaseId),
    /// The command does not apply in the case's current status.
    #[error("{command} is not possible while case {case} is {status}; it is possible when the case is {}", list(.allowed))]
    WrongStatus {
        /// The case.
        case: CaseId,
        /// The command's name.
        command: &'static str,
        /// The case's status.
        status: Status,
        /// Statuses in which it applies.
        allowed: Vec<Status>,
    },
    /// The actor's role or participant may not issue this command.
    #[error("a {} of {} may not {action}: {reason}", .role.as_str(), .participant.as_ref().map_or("the public", |p| p.as_str()))]
    NotPermitted {
        /// The actor's role.
        role: Role,
        /// The actor's participant.
        participant: Option<ParticipantId>,
        /// What was attempted.
        action: &'static str,
        /// Why not.
        reason: String,
    },
    /// A field of the command is invalid.
    #[error("{field}: {reason}")]
    InvalidField {
        /// The field, as a path such as `allegation.provisions[1]`.
        field: String,
        /// Why.
        reason: String,
    },
    /// A deadline has passed.
    #[error("the {what} deadline passed at {deadline}; it is now {now}")]
    DeadlinePassed {
        /// Which deadline.
        what: &'static str,
        /// When it passed.
        deadline: Timestamp,
        /// The time of the command.
        now: Timestamp,
    },
    /// A deadline has not passed yet.
    #[error("the {what} deadline is {deadline}; it has not passed yet (now {now})")]
    DeadlineNotReached {
        /// Which deadline.
        what: &'static str,
        /// When it passes.
        deadline: Timestamp,
        /// The time of the command.
        now: Timestamp,
    },
    /// The command is dated before the case's last event.
    #[error("the command is dated {now}, before the case's last event at {last}; records cannot be back-dated")]
    BackDated {
        /// The time of the command.
        now: Timestamp,
        /// The case's last event.
        last: Timestamp,
    },
    /// The incident falls outside the agreement.
    #[error("outside the agreement: {0}")]
    OutsideAgreement(String),
    /// The finding does not meet the protocol's standard of proof.
    #[error("{what} needs {} under the protocol; the finding meets only {}", .required.as_str(), .met.as_str())]
    StandardNotMet {
        /// What the standard is for.
        what: &'static str,
        /// Required.
        required: StandardOfProof,
        /// Met.
        met: StandardOfProof,
    },
    /// The penalty engine could not propose a penalty.
    #[error("penalty: {0}")]
    Penalty(#[from] PenaltyError),
}

impl CommandError {
    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::InvalidField { field: field.into(), reason: reason.into() }
    }
}

fn list(statuses: &[Status]) -> String {
    statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" or ")
}
