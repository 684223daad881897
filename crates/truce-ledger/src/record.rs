//! The record envelope: what every change in Truce looks like in the log.
//!
//! A record says who (`author`, and the `participant` acted for), what
//! (`type` and `body`) and when (`time`), and is signed by its author, so the
//! operator cannot insert records in a party's name. It is encoded as RFC 8785
//! canonical JSON: one byte form, readable by any JSON tool, checkable by an
//! independent implementation. A confidential record carries a salted
//! [`commitment`] instead of its body; the body and salt are revealed only to
//! authorised readers, and destroying the salt makes the body unrecoverable
//! while the commitment stays verifiable.
//!
//! A change of encoding is a new [`crate::RECORD_FORMAT`], never an edit:
//! entries already in the log must keep verifying.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

use crate::canonical::{check_numbers, to_canonical_vec};
use crate::{LedgerError, MAX_ENTRY, RECORD_FORMAT, SigningKey, VerifyingKey};

/// The domain separator of [`commitment`], so a commitment can never be
/// confused with another SHA-256 in the system.
pub const COMMITMENT_DOMAIN: &[u8] = b"truce/commit/v1\0";

/// What a record carries: the body itself, or a salted commitment to it
/// (confidential records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payload {
    /// The body, a JSON object, in the clear.
    Body(Value),
    /// Lower-case hex SHA-256 commitment to the body; see [`commitment`].
    Commitment(String),
}

/// The unsigned envelope.
///
/// Serialized canonically (RFC 8785) as
/// `{"author":…,"body":{…},"participant":…|null,"time":"RFC 3339 UTC","type":…,"v":1}`,
/// or with `"commitment":"<hex>"` instead of `"body"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The envelope version; must be [`RECORD_FORMAT`].
    pub v: u32,
    /// The record type, a stable versioned name such as `reported.v1` (JSON key `type`).
    pub kind: String,
    /// The principal who signs the record.
    pub author: String,
    /// The participant (party, mediator) the author acts for, if any.
    pub participant: Option<String>,
    /// When the author says the change happened (UTC in the JSON).
    pub time: jiff::Timestamp,
    /// The body or a commitment to it.
    pub payload: Payload,
}

/// A record with its author's Ed25519 signature over [`Record::canonical_bytes`].
///
/// Its JSON is the record's with `"sig":"<base64 of the 64 bytes>"` added; its
/// canonical form is the log entry ([`SignedRecord::to_entry`]).
///
/// The serde implementations read and write the same JSON shape, but accept
/// any formatting (for APIs and files); only [`SignedRecord::from_entry`]
/// insists on the canonical bytes that go into the log.
#[derive(Debug, Clone, PartialEq)]
pub struct SignedRecord {
    /// The signed record.
    pub record: Record,
    /// The author's signature.
    pub signature: [u8; 64],
}

/// The JSON shape, borrowed, for writing.
#[derive(Serialize)]
struct WireOut<'a> {
    v: u32,
    #[serde(rename = "type")]
    kind: &'a str,
    author: &'a str,
    participant: Option<&'a str>,
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commitment: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sig: Option<String>,
}

/// The JSON shape, owned, for reading. Unknown keys are errors.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireIn {
    v: u32,
    #[serde(rename = "type")]
    kind: String,
    author: String,
    participant: Option<String>,
    time: String,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    commitment: Option<String>,
    #[serde(default)]
    sig: Option<String>,
}

impl Record {
    /// Checks the envelope's rules: known version, non-empty names, a body
    /// that is an object with exactly representable numbers, or a well-formed
    /// commitment.
    pub fn validate(&self) -> Result<(), LedgerError> {
        if self.v != RECORD_FORMAT {
            return Err(LedgerError::UnsupportedVersion { found: self.v, expected: RECORD_FORMAT });
        }
        if self.kind.is_empty() {
            return Err(LedgerError::InvalidRecord { field: "type", reason: "empty" });
        }
        if self.author.is_empty() {
            return Err(LedgerError::InvalidRecord { field: "author", reason: "empty" });
        }
        // RFC 3339 has four-digit years only; jiff would write others with a sign.
        if self.time.to_string().starts_with(['-', '+']) {
            return Err(LedgerError::InvalidRecord { field: "time", reason: "outside years 0000-9999 (RFC 3339)" });
        }
        if self.participant.as_deref() == Some("") {
            return Err(LedgerError::InvalidRecord { field: "participant", reason: "empty (use null)" });
        }
        match &self.payload {
            Payload::Body(body) => check_body(body),
            Payload::Commitment(hex) => check_commitment_hex(hex),
        }
    }

    fn wire(&self, sig: Option<&[u8; 64]>) -> WireOut<'_> {
        let (body, commitment) = match &self.payload {
            Payload::Body(body) => (Some(body), None),
            Payload::Commitment(hex) => (None, Some(hex.as_str())),
        };
        WireOut {
            v: self.v,
            kind: &self.kind,
            author: &self.author,
            participant: self.participant.as_deref(),
            time: self.time.to_string(),
            body,
            commitment,
            sig: sig.map(|sig| BASE64.encode(sig)),
        }
    }

    /// The bytes the author signs: the canonical JSON of the unsigned envelope.
    pub fn canonical_bytes(&self) -> Result<Vec<u8>, LedgerError> {
        self.validate()?;
        to_canonical_vec(&self.wire(None))
    }

    /// Signs the record with the author's key.
    pub fn sign(self, key: &SigningKey) -> Result<SignedRecord, LedgerError> {
        let bytes = self.canonical_bytes()?;
        let signature = key.sign_bytes(&bytes);
        Ok(SignedRecord { record: self, signature })
    }
}

impl SignedRecord {
    /// Verifies the author's signature (Ed25519, ZIP-215 rules: see
    /// [`crate::keys`]) with `key`. Which key belongs to `record.author` is
    /// the caller's knowledge, not the log's.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), LedgerError> {
        key.verify_zip215(&self.record.canonical_bytes()?, &self.signature)
    }

    /// The log entry: canonical JSON of the whole signed record.
    pub fn to_entry(&self) -> Result<Vec<u8>, LedgerError> {
        self.record.validate()?;
        self.encode_entry()
    }

    /// The entry of a record already validated.
    fn encode_entry(&self) -> Result<Vec<u8>, LedgerError> {
        let bytes = to_canonical_vec(&self.record.wire(Some(&self.signature)))?;
        if bytes.len() > MAX_ENTRY {
            return Err(LedgerError::EntryTooLarge { len: bytes.len() });
        }
        Ok(bytes)
    }

    /// Parses a log entry. Refuses anything but the exact canonical bytes
    /// [`SignedRecord::to_entry`] writes (so every record has one entry and
    /// one leaf hash), unknown fields and unknown versions. Does not check the
    /// signature: that needs the author's key ([`SignedRecord::verify`]).
    pub fn from_entry(bytes: &[u8]) -> Result<SignedRecord, LedgerError> {
        if bytes.len() > MAX_ENTRY {
            return Err(LedgerError::EntryTooLarge { len: bytes.len() });
        }
        let wire: WireIn = match serde_json::from_slice(bytes) {
            Ok(wire) => wire,
            Err(error) => {
                // Report a future envelope (whose other fields fail to
                // parse here) as what it is.
                let version = serde_json::from_slice::<Value>(bytes).ok().and_then(|v| v.get("v")?.as_u64());
                if let Some(version) = version.filter(|v| *v != u64::from(RECORD_FORMAT)) {
                    let found = u32::try_from(version).unwrap_or(u32::MAX);
                    return Err(LedgerError::UnsupportedVersion { found, expected: RECORD_FORMAT });
                }
                return Err(LedgerError::MalformedEntry(error.to_string()));
            }
        };
        // Validated as it was built from the wire.
        let signed = SignedRecord::try_from(wire)?;
        if signed.encode_entry()? != bytes {
            return Err(LedgerError::NonCanonicalEntry);
        }
        Ok(signed)
    }

    /// Like [`SignedRecord::from_entry`], and also returns the entry's
    /// signature over the bytes it signs, cut out of the entry itself
    /// rather than encoded again.
    pub fn from_entry_signed(bytes: &[u8]) -> Result<(SignedRecord, EntrySignature), LedgerError> {
        let signed = SignedRecord::from_entry(bytes)?;
        let signature = EntrySignature::of_canonical_entry(bytes, &signed)?;
        Ok((signed, signature))
    }

    /// Like [`SignedRecord::to_entry`], and also returns the entry's
    /// signature over the bytes it signs (see [`EntrySignature`]).
    pub fn to_entry_signed(&self) -> Result<(Vec<u8>, EntrySignature), LedgerError> {
        let entry = self.to_entry()?;
        let signature = EntrySignature::of_canonical_entry(&entry, self)?;
        Ok((entry, signature))
    }
}

/// A record's signature with the exact bytes it signs, taken from the
/// record's canonical log entry.
///
/// The signed bytes are the canonical JSON of the unsigned envelope, which
/// is the canonical entry without its `"sig"` member (RFC 8785 sorts members
/// and adds no whitespace, so removing one member leaves the canonical form
/// of the rest). Cutting them out costs a copy; encoding the record again
/// costs as much as the signature check itself, and the sequencer and
/// `truce verify` both hold the entry already. Made only from an entry that
/// [`SignedRecord::from_entry`] accepted or [`SignedRecord::to_entry`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntrySignature {
    signed_bytes: Vec<u8>,
    signature: [u8; 64],
}

impl EntrySignature {
    /// The `"sig"` member of a canonical entry: members after it are
    /// `time`, `type` and `v`, whose values are a string, a string and a
    /// number, and a quote inside a JSON string is always escaped, so the
    /// last `,"sig":"` in the entry is the envelope's own.
    fn of_canonical_entry(entry: &[u8], signed: &SignedRecord) -> Result<Self, LedgerError> {
        const KEY: &[u8] = b",\"sig\":\"";
        let sig = BASE64.encode(signed.signature);
        let missing = || LedgerError::InvalidRecord { field: "sig", reason: "not where the canonical entry has it" };
        let at = entry.windows(KEY.len()).rposition(|w| w == KEY).ok_or_else(missing)?;
        let value_at = at + KEY.len();
        let end = value_at + sig.len();
        if entry.get(value_at..end) != Some(sig.as_bytes()) || entry.get(end) != Some(&b'"') {
            return Err(missing());
        }
        let rest = entry.get(end + 1..).ok_or_else(missing)?;
        let mut signed_bytes = Vec::with_capacity(entry.len() - (end + 1 - at));
        signed_bytes.extend_from_slice(entry.get(..at).ok_or_else(missing)?);
        signed_bytes.extend_from_slice(rest);
        Ok(EntrySignature { signed_bytes, signature: signed.signature })
    }

    /// Verifies the signature (Ed25519, ZIP-215 rules) with `key`, as
    /// [`SignedRecord::verify`] does.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), LedgerError> {
        key.verify_zip215(&self.signed_bytes, &self.signature)
    }

    /// Adds the signature, made by `key`, to `batch`: the batch verifies
    /// exactly when [`EntrySignature::verify`] would accept each signature
    /// in it.
    pub fn queue(&self, key: &VerifyingKey, batch: &mut crate::keys::SignatureBatch) {
        batch.queue(key, &self.signed_bytes, &self.signature);
    }
}

impl TryFrom<WireIn> for SignedRecord {
    type Error = LedgerError;

    fn try_from(wire: WireIn) -> Result<SignedRecord, LedgerError> {
        let sig = wire.sig.ok_or(LedgerError::InvalidRecord { field: "sig", reason: "missing" })?;
        let signature: [u8; 64] = BASE64
            .decode(&sig)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(LedgerError::InvalidRecord { field: "sig", reason: "not base64 of 64 bytes" })?;
        let record = record_from_wire(WireIn { sig: None, ..wire })?;
        Ok(SignedRecord { record, signature })
    }
}

fn record_from_wire(wire: WireIn) -> Result<Record, LedgerError> {
    if wire.sig.is_some() {
        return Err(LedgerError::InvalidRecord { field: "sig", reason: "an unsigned record has no signature" });
    }
    let time: jiff::Timestamp =
        wire.time.parse().map_err(|_| LedgerError::InvalidRecord { field: "time", reason: "not an RFC 3339 time" })?;
    let payload = match (wire.body, wire.commitment) {
        (Some(body), None) => Payload::Body(body),
        (None, Some(hex)) => Payload::Commitment(hex),
        _ => {
            return Err(LedgerError::InvalidRecord { field: "body", reason: "exactly one of body and commitment" });
        }
    };
    let record =
        Record { v: wire.v, kind: wire.kind, author: wire.author, participant: wire.participant, time, payload };
    record.validate()?;
    Ok(record)
}

impl Serialize for Record {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.wire(None).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        record_from_wire(WireIn::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl Serialize for SignedRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.record.wire(Some(&self.signature)).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SignedRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        SignedRecord::try_from(WireIn::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

fn check_body(body: &Value) -> Result<(), LedgerError> {
    if !body.is_object() {
        return Err(LedgerError::InvalidRecord { field: "body", reason: "not a JSON object" });
    }
    check_numbers(body)
}

fn check_commitment_hex(hex: &str) -> Result<(), LedgerError> {
    let well_formed = hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if well_formed {
        Ok(())
    } else {
        Err(LedgerError::InvalidRecord { field: "commitment", reason: "not 64 lower-case hex digits" })
    }
}

/// Salted commitment to a body:
/// `hex(SHA-256("truce/commit/v1\0" || salt || canonical_json(body)))`.
///
/// The salt (32 bytes from a CSPRNG, fresh for every record, never reused)
/// makes the commitment hiding: without it a low-entropy body could be
/// guessed from the hash. SHA-256 makes it binding.
pub fn commitment(salt: &[u8; 32], body: &Value) -> Result<String, LedgerError> {
    check_body(body)?;
    let mut hasher = Sha256::new();
    hasher.update(COMMITMENT_DOMAIN);
    hasher.update(salt);
    hasher.update(to_canonical_vec(body)?);
    Ok(hex::encode(hasher.finalize()))
}

/// Checks a revealed `(salt, body)` against a record's commitment.
pub fn verify_commitment(salt: &[u8; 32], body: &Value, expected: &str) -> Result<(), LedgerError> {
    if commitment(salt, body)? == expected { Ok(()) } else { Err(LedgerError::CommitmentMismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Record {
        Record {
            v: RECORD_FORMAT,
            kind: "reported.v1".into(),
            author: "monitor-7".into(),
            participant: Some("mediator-qa".into()),
            time: "2025-10-19T12:30:00Z".parse().unwrap(),
            payload: Payload::Body(json!({"place": "Chaman", "count": 2, "note": "é\n"})),
        }
    }

    #[test]
    fn canonical_bytes_are_stable() {
        let bytes = record().canonical_bytes().unwrap();
        insta::assert_snapshot!(String::from_utf8(bytes).unwrap(), @r#"{"author":"monitor-7","body":{"count":2,"note":"é\n","place":"Chaman"},"participant":"mediator-qa","time":"2025-10-19T12:30:00Z","type":"reported.v1","v":1}"#);
    }

    #[test]
    fn empty_and_null_fields_are_refused() {
        let mut r = record();
        r.kind.clear();
        assert_eq!(r.canonical_bytes(), Err(LedgerError::InvalidRecord { field: "type", reason: "empty" }));
        let mut r = record();
        r.payload = Payload::Body(json!(null));
        assert!(matches!(r.canonical_bytes(), Err(LedgerError::InvalidRecord { field: "body", .. })));
        let mut r = record();
        r.payload = Payload::Commitment("ABC".into());
        assert!(matches!(r.canonical_bytes(), Err(LedgerError::InvalidRecord { field: "commitment", .. })));
        let mut r = record();
        r.time = jiff::Timestamp::MIN;
        assert!(matches!(r.canonical_bytes(), Err(LedgerError::InvalidRecord { field: "time", .. })));
        let mut r = record();
        r.v = 2;
        assert_eq!(r.canonical_bytes(), Err(LedgerError::UnsupportedVersion { found: 2, expected: 1 }));
    }

    /// The bytes cut out of an entry are the bytes the author signed, even
    /// when the body has members named "sig" of its own, for plain and
    /// confidential records; a changed entry or signature does not verify.
    #[test]
    fn the_entry_signature_signs_the_canonical_envelope() {
        let key = SigningKey::from_seed([7; 32]);
        let other = SigningKey::from_seed([8; 32]);
        let mut nested = record();
        nested.payload = Payload::Body(json!({"sig": "x", "a": {"sig": "\",\"sig\":\""}, "z": [{"sig": 1}]}));
        let mut confidential = record();
        confidential.payload = Payload::Commitment(commitment(&[3; 32], &json!({"secret": true})).unwrap());
        let mut anonymous = record();
        anonymous.participant = None;
        for r in [record(), nested, confidential, anonymous] {
            let canonical = r.canonical_bytes().unwrap();
            let signed = r.sign(&key).unwrap();
            let (entry, from_record) = signed.to_entry_signed().unwrap();
            let (parsed, from_entry) = SignedRecord::from_entry_signed(&entry).unwrap();
            assert_eq!(parsed, signed);
            assert_eq!(from_record, from_entry);
            assert_eq!(from_entry.signed_bytes, canonical);
            assert_eq!(from_entry.verify(&key.verifying_key()), Ok(()));
            assert_eq!(from_entry.verify(&other.verifying_key()), Err(LedgerError::BadSignature));
            let mut forged = signed.clone();
            forged.signature[0] ^= 1;
            let (_, forged) = forged.to_entry_signed().unwrap();
            assert_eq!(forged.verify(&key.verifying_key()), Err(LedgerError::BadSignature));
        }
    }

    #[test]
    fn commitment_depends_on_salt_and_body() {
        let body = json!({"b": 1, "a": [true]});
        let c1 = commitment(&[1; 32], &body).unwrap();
        assert_eq!(c1.len(), 64);
        assert_ne!(c1, commitment(&[2; 32], &body).unwrap());
        assert_ne!(c1, commitment(&[1; 32], &json!({"b": 2, "a": [true]})).unwrap());
        // Key order in the input does not matter: the body is canonicalized.
        let reordered: Value = serde_json::from_str(r#"{"a":[true],"b":1}"#).unwrap();
        assert_eq!(c1, commitment(&[1; 32], &reordered).unwrap());
        // Recompute by hand.
        let mut hasher = Sha256::new();
        hasher.update(b"truce/commit/v1\0");
        hasher.update([1u8; 32]);
        hasher.update(br#"{"a":[true],"b":1}"#);
        assert_eq!(c1, hex::encode(hasher.finalize()));
        assert_eq!(verify_commitment(&[1; 32], &body, &c1), Ok(()));
        assert_eq!(verify_commitment(&[3; 32], &body, &c1), Err(LedgerError::CommitmentMismatch));
    }
}
