//! Ed25519 keys for principals (people, machines) and for the log.
//!
//! Keys are built from seed bytes handed in by the caller, so this crate needs
//! no random number generator. The secret half never appears in `Debug`
//! output.
//!
//! Two validation rules, each fixed for one kind of signature, so that no
//! signature verifies for one party and fails for another:
//!
//! - **Record signatures** (the author's `sig` on a log entry) follow the
//!   ZIP-215 rules ([`VerifyingKey::verify_zip215`], [`SignatureBatch`]):
//!   `s` canonical, `A` and `R` any encoding of a curve point, and the
//!   cofactored equation `[8][s]B = [8]R + [8][k]A`. Under them a batch of
//!   signatures verifies exactly when each one does, which is what makes
//!   batch verification sound for `truce verify`: it cannot accept a log
//!   that one-by-one checks refuse, nor the other way round.
//! - **Everything else** (C2SP note signatures on checkpoints, witness
//!   cosignatures, and the statements signed inside records' bodies:
//!   endorsements, agreement and key-change signatures) keeps
//!   [`verify_strict`](ed25519_dalek::VerifyingKey::verify_strict)
//!   ([`VerifyingKey::verify`]), as the C2SP specifications and Go's
//!   `crypto/ed25519` read them. These are few; no batch is needed.
//!
//! Every signature `verify_strict` accepts, ZIP-215 accepts too (see
//! docs/ledger.md for what ZIP-215 accepts beyond it and why that is safe
//! here).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::LedgerError;

/// An Ed25519 key pair for a principal (person or machine) or for the log.
#[derive(Clone)]
pub struct SigningKey(pub(crate) ed25519_dalek::SigningKey);

impl SigningKey {
    /// Builds the key pair from its 32-byte secret seed (RFC 8032).
    pub fn from_seed(seed: [u8; 32]) -> SigningKey {
        SigningKey(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The 32-byte secret seed, to store it (encrypted) elsewhere.
    pub fn to_seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half.
    pub fn verifying_key(&self) -> VerifyingKey {
        // Both derived from the seed (RFC 8032), so they are the same key.
        let zip215 = ed25519_zebra::VerificationKey::from(&ed25519_zebra::SigningKey::from(self.0.to_bytes()));
        VerifyingKey { dalek: self.0.verifying_key(), zip215 }
    }

    /// Signs `message` (Ed25519 is deterministic: same key and message, same
    /// signature).
    pub fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer as _;
        self.0.sign(message).to_bytes()
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only the public half: secrets must not leak into logs.
        f.debug_tuple("SigningKey").field(&self.verifying_key().to_base64()).finish()
    }
}

/// An Ed25519 public key. Serialized as standard, padded base64 of its 32 bytes.
///
/// Holds the point decoded once for each rule, since a key verifies many
/// records: `dalek` for the strict rule, `zip215` for record signatures.
#[derive(Clone)]
pub struct VerifyingKey {
    pub(crate) dalek: ed25519_dalek::VerifyingKey,
    zip215: ed25519_zebra::VerificationKey,
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        // Both halves are decoded from the same 32 bytes.
        self.dalek == other.dalek
    }
}

impl Eq for VerifyingKey {}

impl VerifyingKey {
    /// Builds the key from its 32 bytes. Rejects encodings that are not a
    /// curve point and small-order ("weak") points.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<VerifyingKey, LedgerError> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| LedgerError::MalformedKey("not an Ed25519 public key"))?;
        if key.is_weak() {
            return Err(LedgerError::WeakKey);
        }
        VerifyingKey::from_dalek(key)
    }

    fn from_dalek(dalek: ed25519_dalek::VerifyingKey) -> Result<VerifyingKey, LedgerError> {
        // The same bytes, kept as they were given: ZIP-215 hashes the key's
        // encoding as it is, canonical or not.
        let zip215 = ed25519_zebra::VerificationKey::try_from(dalek.to_bytes())
            .map_err(|_| LedgerError::MalformedKey("not an Ed25519 public key"))?;
        Ok(VerifyingKey { dalek, zip215 })
    }

    /// The 32 raw bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.dalek.to_bytes()
    }

    /// Standard padded base64 of the 32 bytes.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.dalek.as_bytes())
    }

    /// Parses [`VerifyingKey::to_base64`]'s output (canonical base64 only).
    pub fn from_base64(text: &str) -> Result<VerifyingKey, LedgerError> {
        let bytes = BASE64.decode(text).map_err(|_| LedgerError::MalformedKey("not base64"))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| LedgerError::MalformedKey("not 32 bytes"))?;
        VerifyingKey::from_bytes(&bytes)
    }

    /// Verifies an Ed25519 signature with `verify_strict` (no malleable
    /// signatures, no small-order keys or points): the rule for note
    /// signatures and for statements signed inside records' bodies.
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> Result<(), LedgerError> {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.dalek.verify_strict(message, &signature).map_err(|_| LedgerError::BadSignature)
    }

    /// Verifies an Ed25519 signature with the ZIP-215 rules: the rule for
    /// record signatures, which [`SignatureBatch`] applies to many at once
    /// with the same result.
    pub fn verify_zip215(&self, message: &[u8], signature: &[u8; 64]) -> Result<(), LedgerError> {
        let signature = ed25519_zebra::Signature::from_bytes(signature);
        self.zip215.verify(&signature, message).map_err(|_| LedgerError::BadSignature)
    }

    fn zip215_bytes(&self) -> ed25519_zebra::VerificationKeyBytes {
        ed25519_zebra::VerificationKeyBytes::from(self.dalek.to_bytes())
    }
}

/// Record signatures checked together under the ZIP-215 rules: one
/// multi-scalar multiplication for the whole batch, with the signatures of
/// one key sharing its term. A batch verifies exactly when every signature
/// in it verifies with [`VerifyingKey::verify_zip215`] (up to the 2^-128
/// chance the random coefficients give); when it fails, check each
/// signature on its own to find the bad ones.
#[derive(Default)]
pub struct SignatureBatch {
    verifier: ed25519_zebra::batch::Verifier,
    len: usize,
}

impl SignatureBatch {
    /// An empty batch.
    pub fn new() -> SignatureBatch {
        SignatureBatch::default()
    }

    /// Adds a signature by `key` over `message`. The message is hashed now
    /// and not kept.
    pub fn queue(&mut self, key: &VerifyingKey, message: &[u8], signature: &[u8; 64]) {
        let signature = ed25519_zebra::Signature::from_bytes(signature);
        self.verifier.queue((key.zip215_bytes(), signature, message));
        self.len += 1;
    }

    /// How many signatures are queued.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no signature is queued.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Checks every queued signature at once. `rng` draws the batch's
    /// random coefficients: it must be unpredictable to whoever made the
    /// signatures (the caller's operating system's generator).
    pub fn verify(self, rng: impl rand_core::RngCore + rand_core::CryptoRng) -> Result<(), LedgerError> {
        if self.len == 0 {
            return Ok(());
        }
        self.verifier.verify(rng).map_err(|_| LedgerError::BadSignature)
    }
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VerifyingKey").field(&self.to_base64()).finish()
    }
}

impl Serialize for VerifyingKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for VerifyingKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        VerifyingKey::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_does_not_print_the_secret() {
        let key = SigningKey::from_seed([7; 32]);
        let debug = format!("{key:?}");
        assert!(debug.contains(&key.verifying_key().to_base64()));
        assert!(!debug.contains(&BASE64.encode([7u8; 32])));
        assert!(!debug.contains(&hex::encode([7u8; 32])));
        assert!(!debug.contains("7, 7"));
    }

    #[test]
    fn seed_round_trips() {
        let key = SigningKey::from_seed([9; 32]);
        assert_eq!(key.to_seed(), [9; 32]);
    }

    #[test]
    fn verifying_key_base64_round_trips_and_serde() {
        let vk = SigningKey::from_seed([1; 32]).verifying_key();
        assert_eq!(VerifyingKey::from_base64(&vk.to_base64()).unwrap(), vk);
        let json = serde_json::to_string(&vk).unwrap();
        assert_eq!(json, format!("\"{}\"", vk.to_base64()));
        assert_eq!(serde_json::from_str::<VerifyingKey>(&json).unwrap(), vk);
    }

    #[test]
    fn malformed_and_weak_keys_are_rejected() {
        assert!(matches!(VerifyingKey::from_base64("not base64!"), Err(LedgerError::MalformedKey(_))));
        assert!(matches!(VerifyingKey::from_base64(&BASE64.encode([1u8; 31])), Err(LedgerError::MalformedKey(_))));
        // The identity point (y = 1) has small order.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(VerifyingKey::from_bytes(&identity), Err(LedgerError::WeakKey));
    }

    #[test]
    fn strict_verification_rejects_a_non_canonical_s() {
        let key = SigningKey::from_seed([3; 32]);
        let mut sig = key.sign_bytes(b"m");
        assert!(key.verifying_key().verify(b"m", &sig).is_ok());
        // Add the group order L to s: the same signature for lax verifiers,
        // a malleated one that strict verification must refuse.
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
            sig[32 + i] = (sum & 0xff) as u8;
            carry = sum >> 8;
        }
        assert_eq!(key.verifying_key().verify(b"m", &sig), Err(LedgerError::BadSignature));
    }
}
