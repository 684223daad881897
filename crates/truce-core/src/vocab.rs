//! The controlled vocabularies of the mechanism.
//!
//! These words appear in agreements, findings and open data, so they are
//! closed enums with stable snake_case names. Act types follow ACLED's
//! sub-event types where ACLED has one, so that Truce's open data lines up
//! with the datasets researchers already use.

use serde::{Deserialize, Serialize};

/// A prohibited act, aligned with ACLED sub-event types where one exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActType {
    /// Armed clash between forces (ACLED: Armed clash).
    ArmedClash,
    /// Shelling, artillery or missile fire (ACLED: Shelling/artillery/missile attack).
    ShellingArtillery,
    /// Air or drone strike (ACLED: Air/drone strike).
    AirDroneStrike,
    /// A ground incursion across the line by regular forces.
    GroundIncursion,
    /// Remote explosive, landmine or IED (ACLED: Remote explosive/landmine/IED).
    Ied,
    /// Suicide bombing (ACLED: Suicide bomb).
    SuicideBombing,
    /// Cross-border infiltration by an armed group.
    CrossBorderInfiltration,
    /// Violation of the other side's airspace without a strike.
    AirspaceViolation,
    /// Attack on civilians (ACLED: Attack).
    AttackOnCivilians,
    /// Abduction or forced disappearance (ACLED: Abduction/forced disappearance).
    Abduction,
    /// Building posts, fences or fortifications in a disputed stretch.
    Fortification,
    /// Reinforcement or movement of forces towards the line.
    ForceBuildup,
    /// Harbouring, arming or supporting an armed group that attacks the other side.
    SupportToArmedGroup,
    /// Obstruction of monitors: denied access, threats, detention.
    ObstructionOfMonitors,
    /// Hostile propaganda or incitement.
    HostilePropaganda,
}

impl std::fmt::Display for ActType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ActType {
    /// Every act type, in declaration order.
    pub const ALL: [ActType; 15] = [
        Self::ArmedClash,
        Self::ShellingArtillery,
        Self::AirDroneStrike,
        Self::GroundIncursion,
        Self::Ied,
        Self::SuicideBombing,
        Self::CrossBorderInfiltration,
        Self::AirspaceViolation,
        Self::AttackOnCivilians,
        Self::Abduction,
        Self::Fortification,
        Self::ForceBuildup,
        Self::SupportToArmedGroup,
        Self::ObstructionOfMonitors,
        Self::HostilePropaganda,
    ];

    /// The stable snake_case name, as written in agreements and open data.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ArmedClash => "armed_clash",
            Self::ShellingArtillery => "shelling_artillery",
            Self::AirDroneStrike => "air_drone_strike",
            Self::GroundIncursion => "ground_incursion",
            Self::Ied => "ied",
            Self::SuicideBombing => "suicide_bombing",
            Self::CrossBorderInfiltration => "cross_border_infiltration",
            Self::AirspaceViolation => "airspace_violation",
            Self::AttackOnCivilians => "attack_on_civilians",
            Self::Abduction => "abduction",
            Self::Fortification => "fortification",
            Self::ForceBuildup => "force_buildup",
            Self::SupportToArmedGroup => "support_to_armed_group",
            Self::ObstructionOfMonitors => "obstruction_of_monitors",
            Self::HostilePropaganda => "hostile_propaganda",
        }
    }

    /// The ACLED (event type, sub-event type) pair closest to this act, if any.
    pub fn acled(self) -> Option<(&'static str, &'static str)> {
        match self {
            Self::ArmedClash => Some(("Battles", "Armed clash")),
            Self::ShellingArtillery => Some(("Explosions/Remote violence", "Shelling/artillery/missile attack")),
            Self::AirDroneStrike => Some(("Explosions/Remote violence", "Air/drone strike")),
            Self::Ied => Some(("Explosions/Remote violence", "Remote explosive/landmine/IED")),
            Self::SuicideBombing => Some(("Explosions/Remote violence", "Suicide bomb")),
            Self::AttackOnCivilians => Some(("Violence against civilians", "Attack")),
            Self::Abduction => Some(("Violence against civilians", "Abduction/forced disappearance")),
            Self::Fortification | Self::ForceBuildup => {
                Some(("Strategic developments", "Headquarters or base established"))
            }
            Self::GroundIncursion
            | Self::CrossBorderInfiltration
            | Self::AirspaceViolation
            | Self::SupportToArmedGroup
            | Self::ObstructionOfMonitors
            | Self::HostilePropaganda => Some(("Strategic developments", "Other")),
        }
    }
}

/// How grave a confirmed violation is; the penalty ladder maps it to a base level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// No casualties, limited in time and place.
    Minor,
    /// Casualties among combatants, or damage, or repeated fire.
    Serious,
    /// Civilian deaths, air strikes on populated places, large operations.
    Grave,
}

impl Severity {
    /// Every severity, mildest first.
    pub const ALL: [Severity; 3] = [Self::Minor, Self::Serious, Self::Grave];

    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Minor => "minor",
            Self::Serious => "serious",
            Self::Grave => "grave",
        }
    }
}

/// What role a participant plays in the mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParticipantKind {
    /// A party to the ceasefire: bears obligations, files and answers allegations.
    Party,
    /// A mediator: triages, decides findings and penalties.
    Mediator,
    /// A guarantor: like a mediator, but a witness to the agreement rather than a decider unless listed as a voter.
    Guarantor,
    /// A monitoring and verification team.
    MonitoringTeam,
}

impl ParticipantKind {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Party => "party",
            Self::Mediator => "mediator",
            Self::Guarantor => "guarantor",
            Self::MonitoringTeam => "monitoring_team",
        }
    }
}

/// Who may file an allegation, as the protocol lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FilerKind {
    /// The parties' liaison officers.
    Parties,
    /// The mediators' secretariat (own-motion cases).
    Mediators,
    /// Monitoring teams (own-motion findings from the field).
    Monitors,
    /// Members of the public, NGOs and the press.
    Public,
}

/// The two kinds of obligation a provision can impose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// Do not do X (fire, strike, intrude).
    Commission,
    /// Prevent X (stop armed groups using your territory).
    Omission,
}

/// How much evidence a finding needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StandardOfProof {
    /// More likely than not.
    BalanceOfProbabilities,
    /// Highly probable.
    ClearAndConvincing,
    /// No reasonable doubt remains.
    BeyondReasonableDoubt,
}

impl StandardOfProof {
    /// The stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BalanceOfProbabilities => "balance_of_probabilities",
            Self::ClearAndConvincing => "clear_and_convincing",
            Self::BeyondReasonableDoubt => "beyond_reasonable_doubt",
        }
    }
}

/// Whether the agreement was written down and signed, or only spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementForm {
    /// A signed text exists.
    Written,
    /// Only verbal assurances were given.
    Verbal,
}

/// Whether a part of an agreement file states a fact or a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// Agreed and on the public record.
    Agreed,
    /// Drafted for the parties to consider; not agreed.
    Proposal,
}

/// Aggravating factors the penalty engine reads from a finding.
///
/// Each is derived from the finding itself, never chosen freely, so that
/// anyone replaying the log reaches the same penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AggravatingFactor {
    /// The best estimate of civilians killed is above zero.
    CivilianDeaths,
    /// The best estimate of civilians injured is above zero.
    CivilianInjuries,
    /// An air or drone strike was among the acts found.
    AirOrDroneStrike,
    /// The best estimate of people killed is ten or more.
    MassCasualties,
    /// The act obstructed or endangered the monitors.
    AgainstMonitors,
}

impl AggravatingFactor {
    /// A short phrase for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Self::CivilianDeaths => "civilian deaths",
            Self::CivilianInjuries => "civilian injuries",
            Self::AirOrDroneStrike => "air or drone strike",
            Self::MassCasualties => "ten or more killed",
            Self::AgainstMonitors => "act against the monitors",
        }
    }
}
