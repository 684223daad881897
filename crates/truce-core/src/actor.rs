//! Who is acting: a principal, its participant and its role.
//!
//! Authentication happens at the edge (the server, or a signature check in
//! the ledger); the core receives an [`Actor`] and decides whether that actor
//! may do what it asks, given the agreement and the case.

use serde::{Deserialize, Serialize};

use crate::ids::{ParticipantId, PrincipalId};

/// What a principal does in the mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Chairs the mediators' secretariat; acts as a mediator in the core.
    MediatorChair,
    /// Mediator staff: triage, tasking, motions and votes for its participant.
    Mediator,
    /// A member of a monitoring team.
    Monitor,
    /// A party's liaison officer: files, replies, appeals.
    PartyLiaison,
    /// Reads; may file where the protocol lets the public file.
    Observer,
    /// Runs the deployment; has no say in cases.
    Administrator,
}

impl Role {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MediatorChair => "mediator_chair",
            Self::Mediator => "mediator",
            Self::Monitor => "monitor",
            Self::PartyLiaison => "party_liaison",
            Self::Observer => "observer",
            Self::Administrator => "administrator",
        }
    }

    /// Whether the role acts for the mediators.
    pub fn is_mediator(self) -> bool {
        matches!(self, Self::MediatorChair | Self::Mediator)
    }
}

/// The principal behind a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    /// The principal (a person or a machine client).
    pub principal: PrincipalId,
    /// The participant it acts for; `None` for a member of the public.
    pub participant: Option<ParticipantId>,
    /// Its role.
    pub role: Role,
}

impl Actor {
    /// An actor acting for `participant` in `role`.
    pub fn new(principal: PrincipalId, participant: Option<ParticipantId>, role: Role) -> Self {
        Self { principal, participant, role }
    }
}
