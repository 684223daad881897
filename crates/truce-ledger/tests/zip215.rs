//! The ZIP-215 rule for record signatures: what it accepts beyond strict
//! Ed25519, and that a batch accepts exactly what one-by-one checks accept.
//!
//! The signatures here are crafted from a known secret scalar, as only a
//! key's holder can: with a torsion point added to `R`, with `R` itself of
//! small order, with `R` encoded non-canonically, and with a malleated `s`.

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest as _, Sha512};
use truce_ledger::{LedgerError, SignatureBatch, SigningKey, VerifyingKey};

/// A key whose secret scalar the test knows.
struct Crafter {
    a: Scalar,
    key_bytes: [u8; 32],
}

impl Crafter {
    fn new(seed: u8) -> Crafter {
        let a = Scalar::from_bytes_mod_order([seed; 32]);
        let key_bytes = (ED25519_BASEPOINT_POINT * a).compress().to_bytes();
        Crafter { a, key_bytes }
    }

    fn key(&self) -> VerifyingKey {
        VerifyingKey::from_bytes(&self.key_bytes).unwrap()
    }

    /// Signs with the nonce point `r·B + torsion`, written as `r_bytes`
    /// when given (another encoding of the same point).
    fn sign(&self, message: &[u8], r: Scalar, torsion: EdwardsPoint, r_bytes: Option<[u8; 32]>) -> [u8; 64] {
        let point = ED25519_BASEPOINT_POINT * r + torsion;
        let r_bytes = r_bytes.unwrap_or_else(|| point.compress().to_bytes());
        assert_eq!(CompressedEdwardsY(r_bytes).decompress(), Some(point), "the encoding is of that point");
        let k =
            Scalar::from_hash(Sha512::new().chain_update(r_bytes).chain_update(self.key_bytes).chain_update(message));
        let s = r + k * self.a;
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&r_bytes);
        sig[32..].copy_from_slice(s.as_bytes());
        sig
    }
}

/// `s + L`: the same scalar, encoded non-canonically.
fn add_group_order(sig: &mut [u8; 64]) {
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        sig[32 + i] = (sum & 0xff) as u8;
        carry = sum >> 8;
    }
}

fn batch_of(items: &[(VerifyingKey, Vec<u8>, [u8; 64])]) -> Result<(), LedgerError> {
    let mut batch = SignatureBatch::new();
    for (key, message, sig) in items {
        batch.queue(key, message, sig);
    }
    assert_eq!(batch.len(), items.len());
    batch.verify(rand_core::OsRng)
}

/// A crafted case: name, key, message, signature, whether the strict rule
/// accepts it, whether ZIP-215 does.
type Case = (&'static str, VerifyingKey, Vec<u8>, [u8; 64], bool, bool);

fn cases() -> Vec<Case> {
    let c = Crafter::new(7);
    let m = b"truce/test\0a record".to_vec();
    let r = Scalar::from_bytes_mod_order([42; 32]);
    let identity = EdwardsPoint::default();
    // The identity (y = 1) written as y = 1 + p: 2^255 - 18.
    let mut non_canonical_identity = [0xff; 32];
    non_canonical_identity[0] = 0xee;
    non_canonical_identity[31] = 0x7f;
    let mut malleated = c.sign(&m, r, identity, None);
    add_group_order(&mut malleated);
    let mut other_message = m.clone();
    other_message.push(b'!');
    vec![
        ("honest", c.key(), m.clone(), c.sign(&m, r, identity, None), true, true),
        // Cofactorless equation fails, cofactored holds.
        ("R with a torsion component", c.key(), m.clone(), c.sign(&m, r, EIGHT_TORSION[1], None), false, true),
        (
            "R with a torsion component of order 2",
            c.key(),
            m.clone(),
            c.sign(&m, r, EIGHT_TORSION[4], None),
            false,
            true,
        ),
        // R = T, a point of order 8 (r = 0).
        ("R of small order", c.key(), m.clone(), c.sign(&m, Scalar::ZERO, EIGHT_TORSION[3], None), false, true),
        (
            "R the identity, encoded non-canonically",
            c.key(),
            m.clone(),
            c.sign(&m, Scalar::ZERO, identity, Some(non_canonical_identity)),
            false,
            true,
        ),
        ("s not canonical (s + L)", c.key(), m.clone(), malleated, false, false),
        ("another message", c.key(), other_message, c.sign(&m, r, identity, None), false, false),
        ("another key", Crafter::new(8).key(), m.clone(), c.sign(&m, r, identity, None), false, false),
    ]
}

#[test]
fn strict_and_zip215_differ_only_on_signatures_a_key_holder_crafts() {
    for (name, key, message, sig, strict, zip215) in cases() {
        assert_eq!(key.verify(&message, &sig).is_ok(), strict, "strict, {name}");
        assert_eq!(key.verify_zip215(&message, &sig).is_ok(), zip215, "ZIP-215, {name}");
    }
}

#[test]
fn a_batch_accepts_exactly_what_single_checks_accept() {
    let signer = SigningKey::from_seed([5; 32]);
    let honest: Vec<_> = (0..20u8)
        .map(|i| {
            let message = vec![i; 100 + usize::from(i)];
            let sig = signer.sign_bytes(&message);
            (signer.verifying_key(), message, sig)
        })
        .collect();
    assert_eq!(batch_of(&honest), Ok(()));
    for (name, key, message, sig, _, zip215) in cases() {
        // Alone, and hidden among honest signatures of another key.
        let one = vec![(key.clone(), message.clone(), sig)];
        assert_eq!(batch_of(&one).is_ok(), zip215, "alone: {name}");
        let mut many = honest.clone();
        many.insert(7, (key, message, sig));
        assert_eq!(batch_of(&many).is_ok(), zip215, "among 20: {name}");
    }
    // Every crafted signature ZIP-215 accepts, in one batch with the honest ones.
    let mut all = honest.clone();
    all.extend(cases().into_iter().filter(|c| c.5).map(|(_, k, m, s, _, _)| (k, m, s)));
    assert_eq!(batch_of(&all), Ok(()));
    assert_eq!(batch_of(&[]), Ok(()));
}

#[test]
fn every_strict_signature_is_a_zip215_signature() {
    for seed in 0..50u8 {
        let key = SigningKey::from_seed([seed; 32]);
        let message = vec![seed; usize::from(seed) * 7];
        let sig = key.sign_bytes(&message);
        assert_eq!(key.verifying_key().verify(&message, &sig), Ok(()));
        assert_eq!(key.verifying_key().verify_zip215(&message, &sig), Ok(()));
    }
}
