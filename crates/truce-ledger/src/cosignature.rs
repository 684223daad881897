//! Witness cosignatures (C2SP tlog-cosignature `cosignature/v1`, Ed25519,
//! signature type 0x04).
//!
//! A log's own signature says "this is my tree"; it cannot say "and this is
//! the only tree I show anyone". A witness cosigns a checkpoint only if it is
//! consistent with every checkpoint of that log it cosigned before, so a
//! checkpoint cosigned by witnesses the parties chose cannot be one branch of
//! a split view. The cosignature signs
//!
//! ```text
//! cosignature/v1
//! time <unix seconds>
//! <the checkpoint body, every line of it>
//! ```
//!
//! and its note signature line is `— <name> base64(key ID || u64 time || sig)`.
//! The timestamp is never 0 (the current spec forbids an omitted time).
//! Verification is strict Ed25519, like every other signature here.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::note::{SignatureLine, SignedNote, valid_key_name};
use crate::{LedgerError, SigningKey, VerifyingKey};

/// The signed-note signature type of a `cosignature/v1` Ed25519 cosignature.
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

/// A cosigner's key ID: the first four bytes of
/// `SHA-256(name || "\n" || 0x04 || public key)`, big-endian.
pub fn cosigner_key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut encoded = Vec::with_capacity(33);
    encoded.push(ALG_COSIGNATURE_V1);
    encoded.extend_from_slice(public_key);
    signed_note::key_id(name, &encoded)
}

/// The message a `cosignature/v1` signs for `body` (the checkpoint note text,
/// ending in a newline, without its signatures) at `timestamp`.
pub fn cosigned_message(body: &str, timestamp: u64) -> Vec<u8> {
    let mut message = format!("cosignature/v1\ntime {timestamp}\n").into_bytes();
    message.extend_from_slice(body.as_bytes());
    message
}

/// A witness (or mirror) that cosigns checkpoints: its name and key.
#[derive(Debug, Clone)]
pub struct Cosigner {
    name: String,
    key: SigningKey,
    key_id: u32,
}

impl Cosigner {
    /// Builds the cosigner. The name is a note key name: non-empty, no
    /// whitespace, no `+`; a schemaless URL is the convention.
    pub fn new(name: &str, key: SigningKey) -> Result<Cosigner, LedgerError> {
        if !valid_key_name(name) {
            return Err(LedgerError::InvalidOrigin(name.to_owned()));
        }
        let key_id = cosigner_key_id(name, &key.verifying_key().to_bytes());
        Ok(Cosigner { name: name.to_owned(), key, key_id })
    }

    /// The cosigner's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The verifier key `<name>+<hex8 key ID>+<base64(0x04 || public key)>`.
    pub fn vkey(&self) -> String {
        let public_key = self.key.verifying_key().to_bytes();
        let mut encoded = Vec::with_capacity(33);
        encoded.push(ALG_COSIGNATURE_V1);
        encoded.extend_from_slice(&public_key);
        format!("{}+{:08x}+{}", self.name, self.key_id, BASE64.encode(encoded))
    }

    /// Cosigns a checkpoint body (the note text ending in a newline) at
    /// `timestamp` (Unix seconds, never 0) and returns the signature line,
    /// ending in a newline, to append to the note.
    pub fn cosign(&self, body: &str, timestamp: u64) -> Result<String, LedgerError> {
        if timestamp == 0 {
            return Err(LedgerError::ZeroCosignatureTime);
        }
        if !body.ends_with('\n') {
            return Err(LedgerError::MalformedNote);
        }
        let signature = self.key.sign_bytes(&cosigned_message(body, timestamp));
        let mut raw = Vec::with_capacity(76);
        raw.extend_from_slice(&self.key_id.to_be_bytes());
        raw.extend_from_slice(&timestamp.to_be_bytes());
        raw.extend_from_slice(&signature);
        Ok(format!("\u{2014} {} {}\n", self.name, BASE64.encode(raw)))
    }
}

/// A cosigner's verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignerKey {
    name: String,
    key_id: u32,
    key: VerifyingKey,
    vkey: String,
}

impl CosignerKey {
    /// Parses `<name>+<hex8 key ID>+<base64(0x04 || public key)>`, checking
    /// that the key ID matches the name and key.
    pub fn parse(vkey: &str) -> Result<CosignerKey, LedgerError> {
        let (name, rest) = vkey.split_once('+').ok_or(LedgerError::MalformedVkey("expected name+id+key"))?;
        let (id_hex, key_b64) = rest.split_once('+').ok_or(LedgerError::MalformedVkey("expected name+id+key"))?;
        if !valid_key_name(name) {
            return Err(LedgerError::MalformedVkey("invalid key name"));
        }
        if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(LedgerError::MalformedVkey("key id is not 8 hex digits"));
        }
        let key_id = u32::from_str_radix(id_hex, 16).map_err(|_| LedgerError::MalformedVkey("key id is not hex"))?;
        let encoded = BASE64.decode(key_b64).map_err(|_| LedgerError::MalformedVkey("key is not base64"))?;
        let (&alg, public_key) = encoded.split_first().ok_or(LedgerError::MalformedVkey("empty key"))?;
        if alg != ALG_COSIGNATURE_V1 {
            return Err(LedgerError::UnsupportedKeyType(alg));
        }
        let public_key: [u8; 32] =
            public_key.try_into().map_err(|_| LedgerError::MalformedVkey("Ed25519 key is not 32 bytes"))?;
        if cosigner_key_id(name, &public_key) != key_id {
            return Err(LedgerError::MalformedVkey("key id does not match the name and key"));
        }
        let key = VerifyingKey::from_bytes(&public_key)?;
        Ok(CosignerKey { name: name.to_owned(), key_id, key, vkey: vkey.to_owned() })
    }

    /// The cosigner's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key string this was parsed from.
    pub fn vkey(&self) -> &str {
        &self.vkey
    }

    /// Whether a signature line claims to be from this key: same name and
    /// key ID, or same name and bytes that cannot even be decoded. Only such
    /// lines are checked; others are ignored, as signed-note requires.
    pub fn claims(&self, line: &SignatureLine) -> bool {
        line.name == self.name && line.key_id().is_none_or(|id| id == self.key_id)
    }

    /// Verifies a cosignature line claiming this key over `body` and returns
    /// its timestamp. A line that is not 76 bytes, has time 0 or does not
    /// verify is refused.
    pub fn verify(&self, body: &str, line: &SignatureLine) -> Result<u64, LedgerError> {
        if !self.claims(line) {
            return Err(LedgerError::MissingSignature(self.name.clone()));
        }
        let raw = line.raw.as_deref().ok_or_else(|| LedgerError::InvalidNoteSignature(self.name.clone()))?;
        let (Some(time), Some(signature)) = (raw.get(4..12), raw.get(12..)) else {
            return Err(LedgerError::InvalidNoteSignature(self.name.clone()));
        };
        let timestamp = u64::from_be_bytes(time.try_into().map_err(|_| LedgerError::MalformedNote)?);
        let signature: [u8; 64] =
            signature.try_into().map_err(|_| LedgerError::InvalidNoteSignature(self.name.clone()))?;
        if timestamp == 0 {
            return Err(LedgerError::ZeroCosignatureTime);
        }
        self.key
            .verify(&cosigned_message(body, timestamp), &signature)
            .map_err(|_| LedgerError::InvalidNoteSignature(self.name.clone()))?;
        Ok(timestamp)
    }

    /// The verified cosignature of this key on a note, if the note carries
    /// one: `Ok(None)` when no line claims the key, `Ok(Some(time))` when
    /// one verifies, an error when a line claiming the key fails.
    pub fn cosignature_on(&self, note: &SignedNote) -> Result<Option<u64>, LedgerError> {
        let mut found = None;
        for line in note.signatures.iter().filter(|line| self.claims(line)) {
            found = Some(self.verify(&note.text, line)?);
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LogIdentity;

    fn witness() -> Cosigner {
        Cosigner::new("witness.example/one", SigningKey::from_seed([9; 32])).unwrap()
    }

    fn checkpoint() -> String {
        LogIdentity::new("truce.example/log", SigningKey::from_seed([5; 32]))
            .unwrap()
            .sign_checkpoint(3, &[7; 32])
            .unwrap()
    }

    #[test]
    fn a_cosignature_verifies_and_carries_its_time() {
        let witness = witness();
        let note = checkpoint();
        let parsed = SignedNote::parse(&note).unwrap();
        let line = witness.cosign(&parsed.text, 1_760_000_000).unwrap();
        let cosigned = SignedNote::parse(&format!("{note}{line}")).unwrap();
        let key = CosignerKey::parse(&witness.vkey()).unwrap();
        assert_eq!(key.cosignature_on(&cosigned).unwrap(), Some(1_760_000_000));
        // Without the line there is none; the log's own line is not claimed.
        assert_eq!(key.cosignature_on(&parsed).unwrap(), None);
    }

    #[test]
    fn the_signed_message_is_the_specified_one() {
        let witness = witness();
        let body = "truce.example/log\n3\nBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=\n";
        let line = witness.cosign(body, 42).unwrap();
        let parsed = SignatureLine::parse(line.trim_end()).unwrap();
        let raw = parsed.raw.unwrap();
        assert_eq!(raw.len(), 76);
        assert_eq!(&raw[..4], &witness.key_id.to_be_bytes());
        assert_eq!(&raw[4..12], &42u64.to_be_bytes());
        let message = format!("cosignature/v1\ntime 42\n{body}");
        let signature: [u8; 64] = raw[12..].try_into().unwrap();
        SigningKey::from_seed([9; 32]).verifying_key().verify(message.as_bytes(), &signature).unwrap();
    }

    #[test]
    fn time_zero_is_refused_both_ways() {
        let witness = witness();
        assert_eq!(witness.cosign("o\n1\nAA==\n", 0), Err(LedgerError::ZeroCosignatureTime));
        // A line made with time 0 by hand is refused by the verifier.
        let body = SignedNote::parse(&checkpoint()).unwrap().text;
        let signature = SigningKey::from_seed([9; 32]).sign_bytes(&cosigned_message(&body, 0));
        let mut raw = witness.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&0u64.to_be_bytes());
        raw.extend_from_slice(&signature);
        let note = format!("{}\u{2014} witness.example/one {}\n", checkpoint(), BASE64.encode(raw));
        let key = CosignerKey::parse(&witness.vkey()).unwrap();
        assert_eq!(key.cosignature_on(&SignedNote::parse(&note).unwrap()), Err(LedgerError::ZeroCosignatureTime));
    }

    #[test]
    fn a_tampered_body_or_time_fails() {
        let witness = witness();
        let note = checkpoint();
        let body = SignedNote::parse(&note).unwrap().text;
        let line = witness.cosign(&body, 100).unwrap();
        let key = CosignerKey::parse(&witness.vkey()).unwrap();
        let other_body = body.replacen("\n3\n", "\n4\n", 1);
        let parsed = SignatureLine::parse(line.trim_end()).unwrap();
        assert!(key.verify(&other_body, &parsed).is_err());
        let mut raw = parsed.raw.clone().unwrap();
        raw[11] ^= 1;
        let tampered = SignatureLine::parse(&format!("\u{2014} witness.example/one {}", BASE64.encode(raw))).unwrap();
        assert!(key.verify(&body, &tampered).is_err());
    }

    #[test]
    fn vkeys_round_trip_and_refuse_the_wrong_type() {
        let witness = witness();
        let key = CosignerKey::parse(&witness.vkey()).unwrap();
        assert_eq!(key.name(), "witness.example/one");
        // A log (0x01) key is not a cosigner key.
        let log_vkey = LogIdentity::new("a.example", SigningKey::from_seed([1; 32])).unwrap().vkey();
        assert!(matches!(CosignerKey::parse(&log_vkey), Err(LedgerError::UnsupportedKeyType(0x01))));
        let vkey = witness.vkey();
        let wrong_id = vkey.replacen(&format!("{:08x}", witness.key_id), "00000000", 1);
        assert!(CosignerKey::parse(&wrong_id).is_err());
    }
}
