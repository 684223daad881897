//! Ed25519 keys for principals (people, machines) and for the log.
//!
//! Keys are built from seed bytes handed in by the caller, so this crate needs
//! no random number generator. The secret half never appears in `Debug`
//! output, and every verification this crate performs is
//! [`verify_strict`](ed25519_dalek::VerifyingKey::verify_strict): one fixed
//! validation rule, so that no signature verifies for one party and fails for
//! another.

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
        VerifyingKey(self.0.verifying_key())
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
#[derive(Clone, PartialEq, Eq)]
pub struct VerifyingKey(pub(crate) ed25519_dalek::VerifyingKey);

impl VerifyingKey {
    /// Builds the key from its 32 bytes. Rejects encodings that are not a
    /// curve point and small-order ("weak") points.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<VerifyingKey, LedgerError> {
        let key = ed25519_dalek::VerifyingKey::from_bytes(bytes)
            .map_err(|_| LedgerError::MalformedKey("not an Ed25519 public key"))?;
        if key.is_weak() {
            return Err(LedgerError::WeakKey);
        }
        Ok(VerifyingKey(key))
    }

    /// The 32 raw bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Standard padded base64 of the 32 bytes.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0.as_bytes())
    }

    /// Parses [`VerifyingKey::to_base64`]'s output (canonical base64 only).
    pub fn from_base64(text: &str) -> Result<VerifyingKey, LedgerError> {
        let bytes = BASE64.decode(text).map_err(|_| LedgerError::MalformedKey("not base64"))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| LedgerError::MalformedKey("not 32 bytes"))?;
        VerifyingKey::from_bytes(&bytes)
    }

    /// Verifies an Ed25519 signature with `verify_strict` (no malleable
    /// signatures, no small-order keys or points).
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> Result<(), LedgerError> {
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        self.0.verify_strict(message, &signature).map_err(|_| LedgerError::BadSignature)
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
