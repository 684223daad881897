//! The record types Truce appends, and their bodies.
//!
//! Four kinds of record make up a log:
//!
//! - `principal.registered.v1`: a principal, its participant, role and public
//!   key. The first record of every log registers the first administrator
//!   and is signed with that administrator's own key;
//! - `agreement.proposed.v1`: a version of the agreement put to its
//!   signatories: the SHA-256 of its text (the text itself is a blob), its
//!   id and version. It is a draft until every signatory has signed;
//! - `agreement.signed.v1`: one signatory's signature of a proposed version,
//!   made with its own participant key (see [`crate::consent`]); the last
//!   one puts the version in force;
//! - `agreement.adopted.v1`: the older way, an administrator putting a text
//!   in force alone; refused for a text that names signatories, and once
//!   any version is in force by consent;
//! - `participant.key_rotated.v1`, `participant.key_revoked.v1`: a
//!   participant replaces or revokes its own key, signing with it;
//! - `principal.suspended.v1`, `principal.key_rotated.v1`: a principal
//!   stopped, or its key replaced, with its participant's endorsement when
//!   the participant holds a key in the log (else by an administrator);
//! - `principal.reactivated.v1`: a suspended principal allowed to act
//!   again, by whoever may suspend it (never one of a participant that
//!   revoked its key): a suspension that was a mistake, or an officer back
//!   from leave, need not become a new principal;
//! - `agreement.withdrawn.v1`: a participant withdraws, suspends its part
//!   or resumes it, signing with its own key;
//! - `evidence.received.v1`: the SHA-256, size and sniffed type of an
//!   evidence file (the file itself is a blob). The server submits it as a
//!   confidential record, so the log shows that the author received
//!   something, never what: the other party cannot learn of a file from the
//!   public log before it is cited;
//! - `public_source_report.imported.v1`: an event of a public dataset
//!   (ACLED), imported by the mediators' secretariat: the row's values
//!   under the dataset's own column names (see `truce_core::public_source`);
//!   the cases it looks like are recomputed by every verifier, never read
//!   from the record;
//! - `case.<command>`, for example `case.file_report.v1`: a domain command,
//!   whose body is the [`CaseCommand`] as JSON;
//! - `talks.<command>`, for example `talks.plan_round.v1`: a command of the
//!   talks (rounds, delegations, positions, communiqués, commitments), whose
//!   body is the [`TalksCommand`] as JSON;
//! - `situation_report.<step>`, for example `situation_report.drafted.v1`:
//!   a step of a daily situation report (drafted, edited, approved,
//!   published), whose body is the [`SituationCommand`] as JSON; the numbers
//!   of a draft and of a publication are recomputed by every verifier.

use serde::{Deserialize, Serialize};
use truce_core::situation::SituationCommand;
use truce_core::talks::TalksCommand;
use truce_core::{CaseCommand, Role};

use crate::error::Rejection;

/// Record type of a principal registration.
pub const PRINCIPAL_REGISTERED: &str = "principal.registered.v1";
/// Record type of an agreement adoption.
pub const AGREEMENT_ADOPTED: &str = "agreement.adopted.v1";
/// Record type of a proposed agreement version.
pub const AGREEMENT_PROPOSED: &str = "agreement.proposed.v1";
/// Record type of a signatory's signature of a proposed version.
pub const AGREEMENT_SIGNED: &str = "agreement.signed.v1";
/// Record type of an evidence file's receipt.
pub const EVIDENCE_RECEIVED: &str = "evidence.received.v1";
/// Record type of a participant's key replaced by the participant.
pub const PARTICIPANT_KEY_ROTATED: &str = "participant.key_rotated.v1";
/// Record type of a participant's key revoked by the participant.
pub const PARTICIPANT_KEY_REVOKED: &str = "participant.key_revoked.v1";
/// Record type of a principal suspended.
pub const PRINCIPAL_SUSPENDED: &str = "principal.suspended.v1";
/// Record type of a suspended principal allowed to act again.
pub const PRINCIPAL_REACTIVATED: &str = "principal.reactivated.v1";
/// Record type of a principal's key replaced.
pub const PRINCIPAL_KEY_ROTATED: &str = "principal.key_rotated.v1";
/// Record type of a participant's withdrawal, suspension or resumption.
pub const AGREEMENT_WITHDRAWN: &str = "agreement.withdrawn.v1";
/// Record type of an early-warning alert (see `truce_core::early_warning`).
pub const EARLY_WARNING_ALERT: &str = "early_warning.alert.v1";
/// Record type of a mediator's acknowledgement of an alert.
pub const EARLY_WARNING_ACKNOWLEDGED: &str = "early_warning.acknowledged.v1";
/// Record type of a public-source report imported (see `truce_core::public_source`).
pub const PUBLIC_SOURCE_IMPORTED: &str = "public_source_report.imported.v1";
/// Prefix of case command record types.
pub const CASE_PREFIX: &str = "case.";
/// Prefix of talks command record types.
pub const TALKS_PREFIX: &str = "talks.";
/// Prefix of the situation report's record types.
pub const SITUATION_PREFIX: &str = "situation_report.";

/// A principal's registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalRegistered {
    /// The principal's id.
    pub principal: String,
    /// The participant it acts for; none for administrators and the public.
    pub participant: Option<String>,
    /// Its role.
    pub role: Role,
    /// Its Ed25519 public key, base64.
    pub public_key: String,
    /// For a principal of a participant whose key is in force: that
    /// participant's signature (base64) of the registration, see
    /// [`crate::consent::endorsement_statement`]. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<String>,
    /// Who holds its private key: the principal itself (the default, left
    /// out of the record) or the server, which then signs on its behalf.
    #[serde(default, skip_serializing_if = "Custody::is_own")]
    pub custody: Custody,
}

/// Who holds the key that signs a principal's records, as its registration
/// states it: every record says, through its author, whether a person or a
/// party's own system signed it or the server did on their behalf.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Custody {
    /// The principal signs with a key only it holds.
    #[default]
    Own,
    /// The server holds the key and signs for the principal (custodial).
    Server,
}

impl Custody {
    /// Whether the principal holds its own key.
    pub fn is_own(&self) -> bool {
        *self == Custody::Own
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Custody::Own => "own",
            Custody::Server => "server",
        }
    }
}

/// An agreement version named by its text: the body of an adoption and of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementAdopted {
    /// The agreement's id.
    pub agreement: String,
    /// Its version.
    pub version: u32,
    /// SHA-256 of the TOML text, held in the blob store.
    pub sha256: String,
}

/// A signatory's signature of a proposed version of the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgreementSigned {
    /// The agreement's id.
    pub agreement: String,
    /// The version signed.
    pub version: u32,
    /// SHA-256 of the text signed.
    pub sha256: String,
    /// The signatory.
    pub participant: String,
    /// Its Ed25519 signature (base64) of [`crate::consent::agreement_statement`].
    pub signature: String,
}

/// A participant replaces its key: the old key signs the change and the new
/// key proves it is held (see [`crate::consent::participant_key_statement`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantKeyRotated {
    /// The participant.
    pub participant: String,
    /// Its new Ed25519 public key, base64.
    pub public_key: String,
    /// The signature of the statement by the key in force, base64.
    pub signature: String,
    /// The signature of the same statement by the new key, base64.
    pub proof: String,
}

/// A participant revokes its key, signing the revocation with it; until an
/// amendment names a new key, nothing is accepted as the participant's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipantKeyRevoked {
    /// The participant.
    pub participant: String,
    /// Why (for example, the key was lost or exposed).
    pub reason: String,
    /// The signature of the statement by the key revoked, base64.
    pub signature: String,
}

/// A principal suspended: no record of it is accepted afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalSuspended {
    /// The principal.
    pub principal: String,
    /// Why.
    pub reason: String,
    /// For a principal of a participant whose key is in force: that
    /// participant's signature of [`crate::consent::principal_change_statement`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<String>,
}

/// A suspended principal allowed to act again. Only its records from then
/// on are accepted; the sessions and tokens it held were ended with the
/// suspension and stay ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalReactivated {
    /// The principal.
    pub principal: String,
    /// Why.
    pub reason: String,
    /// For a principal of a participant whose key is in force: that
    /// participant's signature of [`crate::consent::principal_change_statement`],
    /// which names the suspension it ends, so an endorsement applies once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<String>,
}

/// A principal's key replaced; records signed with the old key afterwards
/// are refused. The new key is the principal's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipalKeyRotated {
    /// The principal.
    pub principal: String,
    /// Its new Ed25519 public key, base64.
    pub public_key: String,
    /// As for [`PrincipalSuspended::endorsement`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<String>,
}

/// A participant withdraws from the agreement, suspends its part in it, or
/// resumes it, signing with its own key (see
/// [`crate::consent::withdrawal_statement`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    /// The agreement's id.
    pub agreement: String,
    /// The participant.
    pub participant: String,
    /// Withdrawal, suspension or resumption.
    pub kind: WithdrawalKind,
    /// Why.
    pub reason: String,
    /// How many withdrawals, suspensions and resumptions the participant
    /// signed before this one (from 0): a signed act applies once.
    pub sequence: u32,
    /// The participant's signature, base64.
    pub signature: String,
}

/// What a participant does with its part in the agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalKind {
    /// It leaves the agreement, after the notice the agreement sets.
    Withdrawal,
    /// It suspends its part, at once, until it resumes.
    Suspension,
    /// It ends its suspension.
    Resumption,
}

impl WithdrawalKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalKind::Withdrawal => "withdrawal",
            WithdrawalKind::Suspension => "suspension",
            WithdrawalKind::Resumption => "resumption",
        }
    }
}

/// The receipt of an evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceReceived {
    /// SHA-256 of the file (lower-case hex), held in the blob store.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// The content type found by sniffing its bytes (never the client's claim).
    pub content_type: String,
}

/// A mediator's acknowledgement of an early-warning alert, with the action
/// taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertAcknowledged {
    /// The record that raised the alert.
    pub alert: u64,
    /// What the mediators did about it.
    pub action: String,
}

/// A record body, decoded by type.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A principal's registration.
    Principal(PrincipalRegistered),
    /// An agreement's adoption by an administrator alone (the older way).
    Agreement(AgreementAdopted),
    /// A version of the agreement proposed to its signatories.
    Proposal(AgreementAdopted),
    /// A signatory's signature of the proposed version.
    Signature(AgreementSigned),
    /// The receipt of an evidence file.
    Evidence(EvidenceReceived),
    /// A case command.
    Case(Box<CaseCommand>),
    /// A talks command.
    Talks(Box<TalksCommand>),
    /// A step of a daily situation report.
    Situation(Box<SituationCommand>),
    /// An early-warning alert, with every number it rests on.
    Alert(Box<truce_core::early_warning::Signal>),
    /// A mediator's acknowledgement of an alert.
    AlertAcknowledged(AlertAcknowledged),
    /// An event of a public dataset, imported.
    PublicSource(Box<truce_core::public_source::PublicSourceReport>),
    /// A participant's new key.
    ParticipantKeyRotated(ParticipantKeyRotated),
    /// A participant's key revoked.
    ParticipantKeyRevoked(ParticipantKeyRevoked),
    /// A principal suspended.
    PrincipalSuspended(PrincipalSuspended),
    /// A suspended principal active again.
    PrincipalReactivated(PrincipalReactivated),
    /// A principal's new key.
    PrincipalKeyRotated(PrincipalKeyRotated),
    /// A participant's withdrawal, suspension or resumption.
    Withdrawal(Withdrawal),
}

impl Body {
    /// The record type this body goes under.
    pub fn kind(&self) -> String {
        match self {
            Body::Principal(_) => PRINCIPAL_REGISTERED.to_owned(),
            Body::Agreement(_) => AGREEMENT_ADOPTED.to_owned(),
            Body::Proposal(_) => AGREEMENT_PROPOSED.to_owned(),
            Body::Signature(_) => AGREEMENT_SIGNED.to_owned(),
            Body::Evidence(_) => EVIDENCE_RECEIVED.to_owned(),
            Body::Case(c) => format!("{CASE_PREFIX}{}", c.command.name()),
            Body::Talks(c) => format!("{TALKS_PREFIX}{}", c.name()),
            Body::Situation(c) => format!("{SITUATION_PREFIX}{}", c.name()),
            Body::ParticipantKeyRotated(_) => PARTICIPANT_KEY_ROTATED.to_owned(),
            Body::ParticipantKeyRevoked(_) => PARTICIPANT_KEY_REVOKED.to_owned(),
            Body::PrincipalSuspended(_) => PRINCIPAL_SUSPENDED.to_owned(),
            Body::PrincipalReactivated(_) => PRINCIPAL_REACTIVATED.to_owned(),
            Body::PrincipalKeyRotated(_) => PRINCIPAL_KEY_ROTATED.to_owned(),
            Body::Withdrawal(_) => AGREEMENT_WITHDRAWN.to_owned(),
            Body::Alert(_) => EARLY_WARNING_ALERT.to_owned(),
            Body::AlertAcknowledged(_) => EARLY_WARNING_ACKNOWLEDGED.to_owned(),
            Body::PublicSource(_) => PUBLIC_SOURCE_IMPORTED.to_owned(),
        }
    }

    /// The body as JSON.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Body::Principal(p) => serde_json::to_value(p),
            Body::Agreement(a) | Body::Proposal(a) => serde_json::to_value(a),
            Body::Signature(s) => serde_json::to_value(s),
            Body::Evidence(e) => serde_json::to_value(e),
            Body::Case(c) => serde_json::to_value(c),
            Body::Talks(c) => serde_json::to_value(c),
            Body::Situation(c) => serde_json::to_value(c),
            Body::ParticipantKeyRotated(b) => serde_json::to_value(b),
            Body::ParticipantKeyRevoked(b) => serde_json::to_value(b),
            Body::PrincipalSuspended(b) => serde_json::to_value(b),
            Body::PrincipalReactivated(b) => serde_json::to_value(b),
            Body::PrincipalKeyRotated(b) => serde_json::to_value(b),
            Body::Withdrawal(b) => serde_json::to_value(b),
            Body::Alert(b) => serde_json::to_value(b),
            Body::AlertAcknowledged(b) => serde_json::to_value(b),
            Body::PublicSource(b) => serde_json::to_value(b),
        }
    }

    /// Decodes a body of type `kind`.
    pub fn decode(kind: &str, value: &serde_json::Value) -> Result<Body, Rejection> {
        let bad = |e: serde_json::Error| Rejection::BadBody { kind: kind.to_owned(), reason: e.to_string() };
        match kind {
            PRINCIPAL_REGISTERED => Ok(Body::Principal(PrincipalRegistered::deserialize(value).map_err(bad)?)),
            AGREEMENT_ADOPTED => Ok(Body::Agreement(AgreementAdopted::deserialize(value).map_err(bad)?)),
            AGREEMENT_PROPOSED => Ok(Body::Proposal(AgreementAdopted::deserialize(value).map_err(bad)?)),
            AGREEMENT_SIGNED => Ok(Body::Signature(AgreementSigned::deserialize(value).map_err(bad)?)),
            EVIDENCE_RECEIVED => Ok(Body::Evidence(EvidenceReceived::deserialize(value).map_err(bad)?)),
            PARTICIPANT_KEY_ROTATED => {
                Ok(Body::ParticipantKeyRotated(ParticipantKeyRotated::deserialize(value).map_err(bad)?))
            }
            PARTICIPANT_KEY_REVOKED => {
                Ok(Body::ParticipantKeyRevoked(ParticipantKeyRevoked::deserialize(value).map_err(bad)?))
            }
            AGREEMENT_WITHDRAWN => Ok(Body::Withdrawal(Withdrawal::deserialize(value).map_err(bad)?)),
            EARLY_WARNING_ALERT => {
                Ok(Body::Alert(Box::new(truce_core::early_warning::Signal::deserialize(value).map_err(bad)?)))
            }
            EARLY_WARNING_ACKNOWLEDGED => {
                Ok(Body::AlertAcknowledged(AlertAcknowledged::deserialize(value).map_err(bad)?))
            }
            PUBLIC_SOURCE_IMPORTED => Ok(Body::PublicSource(Box::new(
                truce_core::public_source::PublicSourceReport::deserialize(value).map_err(bad)?,
            ))),
            PRINCIPAL_SUSPENDED => Ok(Body::PrincipalSuspended(PrincipalSuspended::deserialize(value).map_err(bad)?)),
            PRINCIPAL_REACTIVATED => {
                Ok(Body::PrincipalReactivated(PrincipalReactivated::deserialize(value).map_err(bad)?))
            }
            PRINCIPAL_KEY_ROTATED => {
                Ok(Body::PrincipalKeyRotated(PrincipalKeyRotated::deserialize(value).map_err(bad)?))
            }
            k if k.starts_with(CASE_PREFIX) => {
                let command = CaseCommand::deserialize(value).map_err(bad)?;
                let expected = format!("{CASE_PREFIX}{}", command.command.name());
                if expected != kind {
                    return Err(Rejection::BadBody {
                        kind: kind.to_owned(),
                        reason: format!(
                            "the body is a {} command; its record type must be {expected}",
                            command.command.name()
                        ),
                    });
                }
                Ok(Body::Case(Box::new(command)))
            }
            k if k.starts_with(TALKS_PREFIX) => {
                let command = TalksCommand::deserialize(value).map_err(bad)?;
                let expected = format!("{TALKS_PREFIX}{}", command.name());
                if expected != kind {
                    return Err(Rejection::BadBody {
                        kind: kind.to_owned(),
                        reason: format!("the body is a {} command; its record type must be {expected}", command.name()),
                    });
                }
                Ok(Body::Talks(Box::new(command)))
            }
            k if k.starts_with(SITUATION_PREFIX) => {
                let command = SituationCommand::deserialize(value).map_err(bad)?;
                let expected = format!("{SITUATION_PREFIX}{}", command.name());
                if expected != kind {
                    return Err(Rejection::BadBody {
                        kind: kind.to_owned(),
                        reason: format!("the body is a {} step; its record type must be {expected}", command.name()),
                    });
                }
                Ok(Body::Situation(Box::new(command)))
            }
            other => Err(Rejection::UnknownKind(other.to_owned())),
        }
    }
}

/// Signs `body` as `author` (acting for `participant`) at `time`. With a
/// `salt`, the record carries a commitment and the body goes in the reveal.
pub fn submission(
    key: &truce_ledger::SigningKey,
    author: &str,
    participant: Option<&str>,
    time: jiff::Timestamp,
    body: &Body,
    salt: Option<[u8; 32]>,
) -> Result<crate::Submission, crate::NodeError> {
    let value = body.to_value().map_err(|e| crate::NodeError::Other(format!("body: {e}")))?;
    let (payload, reveal) = match salt {
        None => (truce_ledger::Payload::Body(value), None),
        Some(salt) => {
            let c = truce_ledger::commitment(&salt, &value)?;
            (truce_ledger::Payload::Commitment(c), Some(crate::Reveal { salt, body: value }))
        }
    };
    let record = truce_ledger::Record {
        v: truce_ledger::RECORD_FORMAT,
        kind: body.kind(),
        author: author.to_owned(),
        participant: participant.map(str::to_owned),
        time,
        payload,
    };
    Ok(crate::Submission::signed_here(record.sign(key)?, reveal, key))
}
