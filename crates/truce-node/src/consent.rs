//! Consent in the log: an agreement version is proposed, then signed by each
//! signatory with its own participant key, and is in force only once every
//! signature is in the log.
//!
//! Why: the rules every finding and penalty rests on must be the parties',
//! not the operator's. A participant's signature is an Ed25519 signature by
//! the participant key named in the text (or the key it already holds in the
//! log) over a domain-separated statement of the agreement's id, version and
//! text hash, so it is portable: a participant signs on its own machine
//! (`truce agreement sign`) and anyone may post the signature. The record's
//! author only carries it; the signature inside is the consent.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use truce_core::Agreement;
use truce_core::ids::ParticipantId;
use truce_ledger::{SigningKey, VerifyingKey};

use crate::error::Rejection;

/// The domain separator of an agreement signature, so that it can never be
/// taken for a record signature or any other statement.
pub const AGREEMENT_SIGNATURE_DOMAIN: &[u8] = b"truce/agreement-signature/v1\0";

/// What a participant signs: the domain, then the canonical JSON
/// `{"agreement":…,"sha256":…,"version":…}`.
pub fn agreement_statement(agreement: &str, version: u32, sha256: &str) -> Result<Vec<u8>, Rejection> {
    let statement = serde_json::json!({ "agreement": agreement, "sha256": sha256, "version": version });
    let mut message = AGREEMENT_SIGNATURE_DOMAIN.to_vec();
    message.extend(truce_ledger::canonical::to_canonical_vec(&statement)?);
    Ok(message)
}

/// A participant's signature of a version of the agreement, base64.
pub fn sign_agreement(key: &SigningKey, agreement: &str, version: u32, sha256: &str) -> Result<String, Rejection> {
    Ok(BASE64.encode(key.sign_bytes(&agreement_statement(agreement, version, sha256)?)))
}

/// Checks a base64 agreement signature against `key`.
pub fn verify_agreement(
    key: &VerifyingKey,
    agreement: &str,
    version: u32,
    sha256: &str,
    signature: &str,
) -> Result<(), String> {
    let bytes = BASE64.decode(signature).map_err(|_| "is not base64".to_owned())?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| "is not a 64-byte Ed25519 signature".to_owned())?;
    let message = agreement_statement(agreement, version, sha256).map_err(|e| e.to_string())?;
    key.verify(&message, &bytes).map_err(|_| "does not verify with the participant's key".to_owned())
}

/// The domain separator of a participant's endorsement of a principal.
pub const ENDORSEMENT_DOMAIN: &[u8] = b"truce/principal-endorsement/v1\0";

/// What a participant signs to let a principal act for it: the domain, then
/// the canonical JSON `{"participant":…,"principal":…,"public_key":…,"role":…}`,
/// with `"custody":"server"` added when the server holds the key, so that a
/// participant consents to the server signing for its principal.
pub fn endorsement_statement(p: &crate::records::PrincipalRegistered) -> Result<Vec<u8>, Rejection> {
    let mut statement = serde_json::json!({
        "participant": p.participant, "principal": p.principal, "public_key": p.public_key, "role": p.role,
    });
    if let (crate::records::Custody::Server, Some(map)) = (p.custody, statement.as_object_mut()) {
        map.insert("custody".into(), serde_json::Value::String("server".into()));
    }
    let mut message = ENDORSEMENT_DOMAIN.to_vec();
    message.extend(truce_ledger::canonical::to_canonical_vec(&statement)?);
    Ok(message)
}

/// A participant's endorsement of a registration, base64.
pub fn endorse(key: &SigningKey, p: &crate::records::PrincipalRegistered) -> Result<String, Rejection> {
    Ok(BASE64.encode(key.sign_bytes(&endorsement_statement(p)?)))
}

/// Checks a registration for a participant: when the participant holds a
/// key in the log, only its endorsement lets a principal act for it.
/// Returns whether the registration was endorsed (and so may be posted by
/// anyone registered, not only an administrator).
pub fn check_endorsement(
    consent: &Consent,
    participant: Option<&ParticipantId>,
    p: &crate::records::PrincipalRegistered,
) -> Result<bool, Rejection> {
    consent.not_revoked(participant)?;
    let held = participant.and_then(|id| consent.keys.get(id).map(|k| (id, k)));
    match (held, &p.endorsement) {
        (None, None) => Ok(false),
        (None, Some(_)) => {
            Err(refused("endorsement", "only a participant with a key in force endorses its principals"))
        }
        (Some((id, _)), None) => Err(refused(
            "endorsement",
            format!("{id} holds its own key in the log; only {id}'s endorsement registers a principal for it"),
        )),
        (Some((id, key)), Some(signature)) => {
            let bytes = BASE64.decode(signature).map_err(|_| refused("endorsement", "is not base64"))?;
            let bytes: [u8; 64] =
                bytes.try_into().map_err(|_| refused("endorsement", "is not a 64-byte Ed25519 signature"))?;
            key.verify(&endorsement_statement(p)?, &bytes)
                .map_err(|_| refused("endorsement", format!("does not verify with {id}'s participant key")))?;
            Ok(true)
        }
    }
}

/// The domain separator of a participant's signature of a communiqué.
pub const COMMUNIQUE_DOMAIN: &[u8] = b"truce/communique-signature/v1\0";
/// The domain separator of an owner's written confirmation of a commitment.
pub const COMMITMENT_DOMAIN: &[u8] = b"truce/commitment-confirmation/v1\0";

/// What a signatory signs for a communiqué: the domain, then the canonical
/// JSON `{"authoritative":…,"communique":…,"texts":{…},"version":…}` of the
/// version it signs, every language's text included.
pub fn communique_statement(
    communique: &truce_core::talks::Communique,
    version: &truce_core::talks::CommuniqueVersion,
) -> Result<Vec<u8>, Rejection> {
    let statement = serde_json::json!({
        "authoritative": version.authoritative, "communique": communique.id,
        "texts": version.texts, "version": version.number,
    });
    let mut message = COMMUNIQUE_DOMAIN.to_vec();
    message.extend(truce_ledger::canonical::to_canonical_vec(&statement)?);
    Ok(message)
}

/// What an owner signs to confirm a commitment in writing: the domain, then
/// the canonical JSON `{"commitment":…,"deadline":…,"owners":[…],"text":…}`.
pub fn commitment_statement(c: &truce_core::talks::Commitment) -> Result<Vec<u8>, Rejection> {
    let statement = serde_json::json!({
        "commitment": c.id, "deadline": c.deadline, "owners": c.owners, "text": c.text,
    });
    let mut message = COMMITMENT_DOMAIN.to_vec();
    message.extend(truce_ledger::canonical::to_canonical_vec(&statement)?);
    Ok(message)
}

/// What a statement signs: its kind and its JSON, for a signer to read
/// before signing; `None` for bytes that are not a communiqué or commitment
/// statement (an agreement or an endorsement is signed by its own command).
pub fn describe_statement(bytes: &[u8]) -> Option<(&'static str, String)> {
    let kinds: [(&[u8], &'static str); 2] =
        [(COMMUNIQUE_DOMAIN, "a communiqué"), (COMMITMENT_DOMAIN, "a written confirmation of a commitment")];
    kinds.into_iter().find_map(|(domain, what)| {
        let json = bytes.strip_prefix(domain)?;
        let value: serde_json::Value = serde_json::from_slice(json).ok()?;
        Some((what, serde_json::to_string_pretty(&value).ok()?))
    })
}

/// A participant's signature of `statement`, base64.
pub fn sign_statement(key: &SigningKey, statement: &[u8]) -> String {
    BASE64.encode(key.sign_bytes(statement))
}

/// Checks that `signature` (base64, the field `signature`) is `participant`'s
/// over `statement`, with its participant key in force.
pub fn check_signature(
    keys: &BTreeMap<ParticipantId, VerifyingKey>,
    participant: &ParticipantId,
    statement: &[u8],
    signature: &str,
) -> Result<(), Rejection> {
    let key = keys.get(participant).ok_or_else(|| {
        refused(
            "participant",
            format!("{participant} holds no participant key in the log, so its signature cannot be checked; a version of the agreement naming its key must be in force"),
        )
    })?;
    let bytes = BASE64.decode(signature).map_err(|_| refused("signature", "is not base64"))?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| refused("signature", "is not a 64-byte Ed25519 signature"))?;
    key.verify(statement, &bytes)
        .map_err(|_| refused("signature", format!("does not verify with {participant}'s participant key")))
}

/// Checks the signature a talks command carries, if it carries one: a
/// communiqué's over its current version, a commitment's confirmation over
/// the commitment. Unknown communiqués and commitments are left to the core
/// to refuse by field.
pub fn check_talks_signature(
    keys: &BTreeMap<ParticipantId, VerifyingKey>,
    talks: &truce_core::talks::Talks,
    command: &truce_core::talks::TalksCommand,
) -> Result<(), Rejection> {
    use truce_core::talks::TalksCommand;
    match command {
        TalksCommand::SignCommunique { communique, version, participant, signature } => {
            let Some(c) = talks.communiques.get(communique) else { return Ok(()) };
            let Some(v) = c.versions.iter().find(|v| v.number == *version) else { return Ok(()) };
            check_signature(keys, participant, &communique_statement(c, v)?, signature)
        }
        TalksCommand::ConfirmCommitment { commitment, participant, signature } => {
            let Some(c) = talks.commitments.get(commitment) else { return Ok(()) };
            check_signature(keys, participant, &commitment_statement(c)?, signature)
        }
        TalksCommand::PlanRound { .. }
        | TalksCommand::AnnounceDelegation { .. }
        | TalksCommand::ConveneRound { .. }
        | TalksCommand::AdjournRound { .. }
        | TalksCommand::CloseRound { .. }
        | TalksCommand::FilePosition { .. }
        | TalksCommand::DraftCommunique { .. }
        | TalksCommand::DeclineCommunique { .. }
        | TalksCommand::PublishCommunique { .. }
        | TalksCommand::RecordCommitment { .. }
        | TalksCommand::DecideCommitment { .. } => Ok(()),
    }
}

/// The domain separator of a participant's change of its own key.
pub const PARTICIPANT_KEY_DOMAIN: &[u8] = b"truce/participant-key/v1\0";
/// The domain separator of a participant's change to one of its principals.
pub const PRINCIPAL_CHANGE_DOMAIN: &[u8] = b"truce/principal-change/v1\0";

fn statement(domain: &[u8], value: &serde_json::Value) -> Result<Vec<u8>, Rejection> {
    let mut message = domain.to_vec();
    message.extend(truce_ledger::canonical::to_canonical_vec(value)?);
    Ok(message)
}

/// What a participant signs to change its key: the domain, then the
/// canonical JSON `{"action":"rotate","participant":…,"public_key":…}` or
/// `{"action":"revoke","participant":…,"reason":…}`.
pub fn participant_key_statement(participant: &str, change: ParticipantKeyChange<'_>) -> Result<Vec<u8>, Rejection> {
    let value = match change {
        ParticipantKeyChange::Rotate { previous_key, public_key } => serde_json::json!({
            "action": "rotate", "participant": participant, "previous_key": previous_key, "public_key": public_key,
        }),
        ParticipantKeyChange::Revoke { reason } => {
            serde_json::json!({"action": "revoke", "participant": participant, "reason": reason})
        }
    };
    statement(PARTICIPANT_KEY_DOMAIN, &value)
}

/// A change of a participant's own key.
#[derive(Debug, Clone, Copy)]
pub enum ParticipantKeyChange<'a> {
    /// From the key in force to this new key.
    Rotate {
        /// The key in force, base64: a signed change applies once.
        previous_key: &'a str,
        /// The new public key, base64.
        public_key: &'a str,
    },
    /// Revoked, for this reason.
    Revoke {
        /// Why.
        reason: &'a str,
    },
}

/// What a participant signs to suspend one of its principals, reactivate
/// it or replace its key: the domain, then the canonical JSON
/// `{"action":"suspend","principal":…,"reason":…}`,
/// `{"action":"reactivate","principal":…,"reason":…,"suspended_by":…}` or
/// `{"action":"rotate","principal":…,"public_key":…}`.
pub fn principal_change_statement(principal: &str, change: PrincipalChange<'_>) -> Result<Vec<u8>, Rejection> {
    let value = match change {
        PrincipalChange::Suspend { reason } => {
            serde_json::json!({"action": "suspend", "principal": principal, "reason": reason})
        }
        PrincipalChange::Reactivate { reason, suspended_by } => serde_json::json!({
            "action": "reactivate", "principal": principal, "reason": reason, "suspended_by": suspended_by,
        }),
        PrincipalChange::Rotate { previous_key, public_key } => serde_json::json!({
            "action": "rotate", "principal": principal, "previous_key": previous_key, "public_key": public_key,
        }),
    };
    statement(PRINCIPAL_CHANGE_DOMAIN, &value)
}

/// A change to a principal.
#[derive(Debug, Clone, Copy)]
pub enum PrincipalChange<'a> {
    /// Suspended, for this reason.
    Suspend {
        /// Why.
        reason: &'a str,
    },
    /// Allowed to act again, for this reason.
    Reactivate {
        /// Why.
        reason: &'a str,
        /// The record that suspended it: an endorsed reactivation ends that
        /// suspension and no later one.
        suspended_by: u64,
    },
    /// Its key replaced by this one.
    Rotate {
        /// Its key in force, base64: an endorsed change applies once.
        previous_key: &'a str,
        /// The new public key, base64.
        public_key: &'a str,
    },
}

/// Checks a base64 Ed25519 `signature` (the field `field`) over `message` with `key`.
fn check_with(key: &VerifyingKey, message: &[u8], field: &str, signature: &str, whose: &str) -> Result<(), Rejection> {
    let bytes = BASE64.decode(signature).map_err(|_| refused(field, "is not base64"))?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| refused(field, "is not a 64-byte Ed25519 signature"))?;
    key.verify(message, &bytes).map_err(|_| refused(field, format!("does not verify with {whose}")))
}

impl Consent {
    /// Records `w`, signed with the participant's key in force, against
    /// `agreement` at `at` (record `index`): a withdrawal takes effect after
    /// the agreement's notice; a suspension at once, until a resumption.
    pub fn withdraw(
        &mut self,
        agreement: &Agreement,
        w: &crate::records::Withdrawal,
        index: u64,
        at: jiff::Timestamp,
    ) -> Result<(), Rejection> {
        use crate::records::WithdrawalKind;
        if w.agreement != agreement.identity.id.as_str() {
            return Err(refused("agreement", format!("the agreement in force is {}", agreement.identity.id)));
        }
        let id = ParticipantId::parse(&w.participant).map_err(|e| refused("participant", e.to_string()))?;
        let key = self.keys.get(&id).ok_or_else(|| {
            refused("participant", format!("{id} holds no key in the log; only its own signature withdraws it"))
        })?;
        check_reason(&w.reason)?;
        let earlier = self.withdrawals.iter().filter(|m| m.participant == id).count();
        if usize::try_from(w.sequence).ok() != Some(earlier) {
            return Err(refused(
                "sequence",
                format!("{id} has signed {earlier} earlier acts; this one is number {earlier}"),
            ));
        }
        check_with(key, &withdrawal_statement(w)?, "signature", &w.signature, &format!("{id}'s participant key"))?;
        let last = self.withdrawals.iter().rev().find(|m| m.participant == id).map(|m| m.kind);
        match (w.kind, last) {
            (_, Some(WithdrawalKind::Withdrawal)) => {
                return Err(refused("kind", format!("{id} has withdrawn from the agreement")));
            }
            (WithdrawalKind::Suspension, Some(WithdrawalKind::Suspension)) => {
                return Err(refused("kind", format!("{id} has suspended its part already")));
            }
            (WithdrawalKind::Resumption, None | Some(WithdrawalKind::Resumption)) => {
                return Err(refused("kind", format!("{id} has not suspended its part")));
            }
            _ => {}
        }
        let notice = match (w.kind, &agreement.withdrawal) {
            (WithdrawalKind::Withdrawal, Some(rules)) => rules.notice,
            _ => jiff::SignedDuration::ZERO,
        };
        let effective_at = at.checked_add(notice).map_err(|e| {
            refused("time", format!("the record's time plus the agreement's withdrawal notice is out of range: {e}"))
        })?;
        self.withdrawals.push(WithdrawalMark {
            participant: id,
            kind: w.kind,
            reason: w.reason.clone(),
            record: index,
            at,
            effective_at,
        });
        Ok(())
    }

    /// The withdrawal or suspension of `participant` in effect at `at`, if any.
    pub fn withdrawn_at(&self, participant: &ParticipantId, at: jiff::Timestamp) -> Option<&WithdrawalMark> {
        use crate::records::WithdrawalKind;
        // The latest of its acts already in effect decides; a resumption ends a suspension.
        self.withdrawals
            .iter()
            .rev()
            .find(|m| &m.participant == participant && m.effective_at <= at)
            .filter(|m| m.kind != WithdrawalKind::Resumption)
    }

    /// Refuses to act for a participant whose key is revoked.
    pub fn not_revoked(&self, participant: Option<&ParticipantId>) -> Result<(), Rejection> {
        match participant.and_then(|id| self.revoked.get(id).map(|at| (id, at))) {
            Some((id, at)) => Err(refused(
                "participant",
                format!(
                    "{id} revoked its key at record {at}; until a version in force names its new key, nobody acts for {id}"
                ),
            )),
            None => Ok(()),
        }
    }

    /// Replaces `r.participant`'s key: its key in force signs the change and
    /// the new key proves it is held. Signatures already in the log stay as
    /// they are; from now on only the new key signs for the participant.
    pub fn rotate(&mut self, r: &crate::records::ParticipantKeyRotated, index: u64) -> Result<(), Rejection> {
        let id = ParticipantId::parse(&r.participant).map_err(|e| refused("participant", e.to_string()))?;
        let held = self.keys.get(&id).ok_or_else(|| {
            refused("participant", format!("{id} holds no key in the log; its first key comes with the agreement"))
        })?;
        let new = VerifyingKey::from_base64(&r.public_key).map_err(|e| refused("public_key", e.to_string()))?;
        if &new == held {
            return Err(refused("public_key", "is the key in force"));
        }
        let previous_key = held.to_base64();
        let change = ParticipantKeyChange::Rotate { previous_key: &previous_key, public_key: &r.public_key };
        let message = participant_key_statement(&r.participant, change)?;
        check_with(held, &message, "signature", &r.signature, &format!("{id}'s key in force"))?;
        check_with(&new, &message, "proof", &r.proof, "the new key")?;
        // A draft awaiting signatures is signed with the key now in force.
        if let Some(key) = self.draft.as_mut().and_then(|d| d.keys.get_mut(&id)) {
            *key = new.clone();
        }
        self.key_history.push(KeyMark { participant: id.clone(), key: Some(new.clone()), from: index });
        self.keys.insert(id, new);
        Ok(())
    }

    /// Revokes `r.participant`'s key, signed with it. Nothing is accepted
    /// as the participant's until an amendment names a new key and is
    /// signed with it.
    pub fn revoke(&mut self, r: &crate::records::ParticipantKeyRevoked, index: u64) -> Result<(), Rejection> {
        let id = ParticipantId::parse(&r.participant).map_err(|e| refused("participant", e.to_string()))?;
        let held = self.keys.get(&id).ok_or_else(|| refused("participant", format!("{id} holds no key in the log")))?;
        check_reason(&r.reason)?;
        let message = participant_key_statement(&r.participant, ParticipantKeyChange::Revoke { reason: &r.reason })?;
        check_with(held, &message, "signature", &r.signature, &format!("{id}'s key in force"))?;
        self.keys.remove(&id);
        self.key_history.push(KeyMark { participant: id.clone(), key: None, from: index });
        // Nothing signs for it any more, a pending draft included: a new
        // proposal naming its new key is needed.
        if let Some(d) = self.draft.as_mut() {
            d.keys.remove(&id);
        }
        self.revoked.insert(id, index);
        Ok(())
    }

    /// Whether a change to a principal of `participant` carries that
    /// participant's consent: required (and checked) when it holds a key in
    /// the log; refused when it does not. Returns whether it was endorsed.
    pub fn check_principal_change(
        &self,
        participant: Option<&ParticipantId>,
        principal: &str,
        change: PrincipalChange<'_>,
        endorsement: Option<&str>,
    ) -> Result<bool, Rejection> {
        // A participant that revoked its key endorses nothing; an
        // administrator may still stop its principals, and do nothing else
        // to them: a new key for one would let the operator speak for it.
        if let Some((id, at)) = participant.and_then(|id| self.revoked.get(id).map(|at| (id, at)))
            && !matches!(change, PrincipalChange::Suspend { .. })
        {
            return Err(refused(
                "principal",
                format!(
                    "{id} revoked its key at record {at}; its principals can only be suspended until a version in force names its new key"
                ),
            ));
        }
        let held = participant.and_then(|id| self.keys.get(id).map(|k| (id, k)));
        match (held, endorsement) {
            (None, None) => Ok(false),
            (None, Some(_)) => Err(refused("endorsement", "only a participant with a key in force endorses changes")),
            (Some((id, _)), None) => Err(refused(
                "endorsement",
                format!("{id} holds its own key in the log; only {id}'s endorsement changes its principals"),
            )),
            (Some((id, key)), Some(signature)) => {
                let message = principal_change_statement(principal, change)?;
                check_with(key, &message, "endorsement", signature, &format!("{id}'s participant key"))?;
                Ok(true)
            }
        }
    }
}

/// The domain separator of a participant's withdrawal, suspension or resumption.
pub const WITHDRAWAL_DOMAIN: &[u8] = b"truce/withdrawal/v1\0";

/// What a participant signs to withdraw, suspend or resume: the domain, then
/// the canonical JSON `{"agreement":…,"kind":…,"participant":…,"reason":…,"sequence":…}`,
/// `sequence` counting its earlier acts, so a signed act applies once.
pub fn withdrawal_statement(w: &crate::records::Withdrawal) -> Result<Vec<u8>, Rejection> {
    statement(
        WITHDRAWAL_DOMAIN,
        &serde_json::json!({"agreement": w.agreement, "kind": w.kind, "participant": w.participant,
            "reason": w.reason, "sequence": w.sequence}),
    )
}

/// A withdrawal, suspension or resumption as the log holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WithdrawalMark {
    /// The participant.
    pub participant: ParticipantId,
    /// What it did.
    pub kind: crate::records::WithdrawalKind,
    /// Why.
    pub reason: String,
    /// The record.
    pub record: u64,
    /// When it was recorded.
    pub at: jiff::Timestamp,
    /// When it takes effect: after the agreement's notice for a withdrawal,
    /// at once otherwise.
    pub effective_at: jiff::Timestamp,
}

/// A proposed version awaiting its signatures.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The text, validated.
    pub agreement: Agreement,
    /// SHA-256 of the text.
    pub sha256: String,
    /// The record that proposed it.
    pub proposed: u64,
    /// The key each signatory signs with.
    pub keys: BTreeMap<ParticipantId, VerifyingKey>,
    /// Signatures so far: by participant, the record that carried it.
    pub signatures: BTreeMap<ParticipantId, u64>,
}

/// One version as the log saw it, for readers and verifiers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VersionMark {
    /// The agreement's id.
    pub agreement: String,
    /// The version.
    pub version: u32,
    /// SHA-256 of its text.
    pub sha256: String,
    /// The record that proposed it.
    pub proposed: u64,
    /// The signatories, each with the record of its signature if signed.
    pub signatures: BTreeMap<String, Option<u64>>,
    /// What became of it.
    pub outcome: Outcome,
}

/// What became of a proposed version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// Awaiting signatures.
    Draft,
    /// Replaced by a later proposal before every signatory signed.
    Superseded,
    /// Put in force by the record at this index (its last signature).
    InForce(u64),
}

/// The consent the log holds: participant keys in force, the draft, and
/// every version proposed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consent {
    /// Participant keys in force, from the versions in force.
    pub keys: BTreeMap<ParticipantId, VerifyingKey>,
    /// The version awaiting signatures.
    pub draft: Option<Draft>,
    /// Every version proposed, in order.
    pub versions: Vec<VersionMark>,
    /// Participants that revoked their key, with the record, until a
    /// version in force names a new one: meanwhile nobody acts for them.
    pub revoked: BTreeMap<ParticipantId, u64>,
    /// Withdrawals, suspensions and resumptions, in order.
    pub withdrawals: Vec<WithdrawalMark>,
    /// Every change of a participant key, in order: which key (none once
    /// revoked) was in force from which record, so a signature is shown
    /// with the key that checked it.
    pub key_history: Vec<KeyMark>,
}

/// A participant key in force from a record on (`None`: revoked there).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyMark {
    /// The participant.
    pub participant: ParticipantId,
    /// Its key from `from` on, or `None` once revoked.
    pub key: Option<VerifyingKey>,
    /// The record that put it in force or revoked it.
    pub from: u64,
}

/// The key of `participant` in force at record `index`, from `history`.
pub fn key_at<'a>(history: &'a [KeyMark], participant: &str, index: u64) -> Option<&'a VerifyingKey> {
    history.iter().rev().find(|m| m.participant.as_str() == participant && m.from <= index).and_then(|m| m.key.as_ref())
}

/// The longest reason a withdrawal, revocation or suspension may give.
pub const MAX_REASON: usize = 2_000;

/// A reason for a withdrawal, a revocation or a suspension: shown to
/// everyone for as long as the log lasts, so something visible, of a
/// readable length, with none of the characters `truce_core::text` refuses.
pub fn check_reason(reason: &str) -> Result<(), Rejection> {
    if truce_core::text::is_blank(reason) {
        return Err(refused("reason", "must not be empty"));
    }
    let len = reason.chars().count();
    if len > MAX_REASON {
        return Err(refused("reason", format!("is {len} characters long; the limit is {MAX_REASON}")));
    }
    truce_core::text::check(reason, truce_core::text::Lines::Many).map_err(|why| refused("reason", why))
}

fn refused(field: &str, reason: impl Into<String>) -> Rejection {
    Rejection::Consent { field: field.to_owned(), reason: reason.into() }
}

impl Consent {
    /// Checks a proposed text, recorded at `at`, against the keys in force
    /// and makes it the draft (superseding any earlier draft). `current` is
    /// the version in force.
    pub fn propose(
        &mut self,
        agreement: Agreement,
        sha256: &str,
        index: u64,
        at: jiff::Timestamp,
        current: Option<&Agreement>,
    ) -> Result<(), Rejection> {
        if let Some(current) = current
            && (current.identity.id != agreement.identity.id || agreement.identity.version <= current.identity.version)
        {
            return Err(refused(
                "version",
                format!(
                    "{} version {} is in force; an amendment is a higher version of it",
                    current.identity.id, current.identity.version
                ),
            ));
        }
        let consent = &agreement.consent;
        if consent.signatories.is_empty() {
            return Err(refused(
                "consent.signatories",
                "the text names no signatory; a version is in force only once its signatories sign it",
            ));
        }
        // Whoever holds a key (or revoked one and has not yet named a new
        // one) consented to the version in force; no amendment binds it
        // without its signature. A participant whose withdrawal is in
        // effect has left: it is bound by nothing new and vetoes nothing.
        for id in self.keys.keys().chain(self.revoked.keys()) {
            let left = self.withdrawn_at(id, at).is_some_and(|m| m.kind == crate::records::WithdrawalKind::Withdrawal);
            if !left && !consent.signatories.contains(id) {
                return Err(refused(
                    "consent.signatories",
                    format!(
                        "{id} holds a participant key; an amendment needs its signature, so it must be a signatory"
                    ),
                ));
            }
        }
        let mut keys = BTreeMap::new();
        for (id, text_key) in &consent.keys {
            let key = VerifyingKey::from_base64(text_key)
                .map_err(|e| refused(&format!("consent.keys.{id}"), format!("is not a public key: {e}")))?;
            match self.keys.get(id) {
                Some(held) if *held != key => {
                    return Err(refused(
                        &format!("consent.keys.{id}"),
                        format!("differs from {id}'s participant key in force; only {id} can change its key"),
                    ));
                }
                // A participant's first key comes in force only with its own
                // signature, so it must sign the text that names it.
                None if !consent.signatories.contains(id) => {
                    return Err(refused(
                        &format!("consent.keys.{id}"),
                        format!(
                            "{id} holds no key in force and is not a signatory; its first key needs its own signature"
                        ),
                    ));
                }
                _ => {}
            }
            keys.insert(id.clone(), key);
        }
        for id in &consent.signatories {
            if !keys.contains_key(id) {
                let Some(held) = self.keys.get(id) else {
                    return Err(refused(
                        &format!("consent.keys.{id}"),
                        format!("signatory {id} has no participant key"),
                    ));
                };
                keys.insert(id.clone(), held.clone());
            }
        }
        if let Some(old) = self.draft.take()
            && let Some(mark) = self.versions.iter_mut().rev().find(|v| v.sha256 == old.sha256)
        {
            mark.outcome = Outcome::Superseded;
        }
        self.versions.push(VersionMark {
            agreement: agreement.identity.id.to_string(),
            version: agreement.identity.version,
            sha256: sha256.to_owned(),
            proposed: index,
            signatures: consent.signatories.iter().map(|p| (p.to_string(), None)).collect(),
            outcome: Outcome::Draft,
        });
        self.draft =
            Some(Draft { agreement, sha256: sha256.to_owned(), proposed: index, keys, signatures: BTreeMap::new() });
        Ok(())
    }

    /// Checks one signatory's signature of the draft and records it. Returns
    /// the draft, now in force, when it was the last signature missing.
    pub fn sign(&mut self, signed: &crate::records::AgreementSigned, index: u64) -> Result<Option<Draft>, Rejection> {
        let Some(draft) = self.draft.as_mut() else {
            return Err(match self.versions.iter().rev().find(|v| v.sha256 == signed.sha256) {
                Some(v) => {
                    refused("sha256", format!("{} version {} is not awaiting signatures", v.agreement, v.version))
                }
                None => refused("sha256", "no version of the agreement is awaiting signatures"),
            });
        };
        if draft.sha256 != signed.sha256 {
            let known = self.versions.iter().rev().find(|v| v.sha256 == signed.sha256);
            return Err(match known {
                Some(v) => refused(
                    "sha256",
                    format!(
                        "{} version {} was superseded by the draft {}; sign that text",
                        v.agreement, v.version, draft.sha256
                    ),
                ),
                None => refused("sha256", format!("is not the draft awaiting signatures ({})", draft.sha256)),
            });
        }
        let identity = &draft.agreement.identity;
        if signed.agreement != identity.id.as_str() || signed.version != identity.version {
            return Err(refused(
                "version",
                format!(
                    "the draft is {} version {}, the record says {} version {}",
                    identity.id, identity.version, signed.agreement, signed.version
                ),
            ));
        }
        let participant =
            ParticipantId::parse(&signed.participant).map_err(|e| refused("participant", e.to_string()))?;
        let Some(key) = draft.keys.get(&participant) else {
            return Err(refused("participant", format!("{participant} is not a signatory of this version")));
        };
        if let Some(at) = draft.signatures.get(&participant) {
            return Err(refused("participant", format!("{participant} signed this version already (record {at})")));
        }
        verify_agreement(key, &signed.agreement, signed.version, &signed.sha256, &signed.signature)
            .map_err(|reason| refused("signature", format!("{reason} ({participant})")))?;
        draft.signatures.insert(participant.clone(), index);
        let complete = draft.agreement.consent.signatories.iter().all(|p| draft.signatures.contains_key(p));
        let mark = self.versions.iter_mut().rev().find(|v| v.sha256 == signed.sha256);
        if let Some(mark) = mark {
            mark.signatures.insert(participant.to_string(), Some(index));
            if complete {
                mark.outcome = Outcome::InForce(index);
            }
        }
        if !complete {
            return Ok(None);
        }
        let draft = self.draft.take();
        if let Some(d) = &draft {
            for (id, key) in &d.keys {
                if !self.keys.contains_key(id) {
                    self.keys.insert(id.clone(), key.clone());
                    self.key_history.push(KeyMark { participant: id.clone(), key: Some(key.clone()), from: index });
                }
                self.revoked.remove(id);
            }
        }
        Ok(draft)
    }
}
