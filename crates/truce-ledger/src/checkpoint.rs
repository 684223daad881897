//! The log's identity and its signed checkpoints (C2SP signed-note and
//! tlog-checkpoint).
//!
//! A checkpoint is the log's signed statement "my first `size` entries have
//! root `root`". Witnesses cosign it, proofs are checked against it, and two
//! inconsistent checkpoints under one key prove the log misbehaved. The note
//! framing is `signed_note`'s (a port of Go's `sumdb/note`); verification
//! uses our own strict Ed25519 verifier rather than its lax default, so every
//! party accepts exactly the same signatures.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use signed_note::{Note, NoteError, VerifierList};

use crate::note::SignedNote;
use crate::{Hash, LedgerError, SigningKey};

/// The signed-note signature type of Ed25519 note signatures.
const ALG_ED25519: u8 = 0x01;

/// The log's identity: its origin (e.g. `truce.example/doha-istanbul-2025`)
/// and its Ed25519 note key, whose key name is the origin.
#[derive(Debug, Clone)]
pub struct LogIdentity {
    origin: String,
    key: SigningKey,
    key_id: u32,
}

/// A checkpoint whose log signature has been verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's origin line.
    pub origin: String,
    /// The tree size.
    pub size: u64,
    /// The tree root.
    pub root: Hash,
    /// The full signed note, including every signature line (cosignatures too).
    pub text: String,
}

/// Whether `name` is a valid note key name / origin: non-empty, no
/// whitespace, no `+`.
fn valid_name(name: &str) -> bool {
    signed_note::is_key_name_valid(name) && !name.chars().any(char::is_control)
}

/// The signed-note key ID: the first four bytes of
/// `SHA-256(name || "\n" || 0x01 || public key)`, big-endian.
fn ed25519_key_id(name: &str, public_key: &[u8; 32]) -> u32 {
    let mut encoded = Vec::with_capacity(33);
    encoded.push(ALG_ED25519);
    encoded.extend_from_slice(public_key);
    signed_note::key_id(name, &encoded)
}

/// A note signer over our key type.
struct NoteSigner<'a> {
    name: &'a str,
    id: u32,
    key: &'a SigningKey,
}

impl signed_note::Signer for NoteSigner<'_> {
    fn name(&self) -> &str {
        self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        Ok(self.key.sign_bytes(msg).to_vec())
    }
}

/// A note verifier that uses `verify_strict`.
struct StrictVerifier {
    name: String,
    id: u32,
    key: ed25519_dalek::VerifyingKey,
}

impl signed_note::Verifier for StrictVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = <[u8; 64]>::try_from(sig) else { return false };
        self.key.verify_strict(msg, &ed25519_dalek::Signature::from_bytes(&sig)).is_ok()
    }
}

/// Parses a verifier key `<name>+<hex8 id>+<base64(0x01 || public key)>`.
fn parse_vkey(vkey: &str) -> Result<StrictVerifier, LedgerError> {
    let (name, rest) = vkey.split_once('+').ok_or(LedgerError::MalformedVkey("expected name+id+key"))?;
    let (id_hex, key_b64) = rest.split_once('+').ok_or(LedgerError::MalformedVkey("expected name+id+key"))?;
    if !valid_name(name) {
        return Err(LedgerError::MalformedVkey("invalid key name"));
    }
    if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(LedgerError::MalformedVkey("key id is not 8 hex digits"));
    }
    let id = u32::from_str_radix(id_hex, 16).map_err(|_| LedgerError::MalformedVkey("key id is not hex"))?;
    let encoded = BASE64.decode(key_b64).map_err(|_| LedgerError::MalformedVkey("key is not base64"))?;
    let (&alg, public_key) = encoded.split_first().ok_or(LedgerError::MalformedVkey("empty key"))?;
    if alg != ALG_ED25519 {
        return Err(LedgerError::UnsupportedKeyType(alg));
    }
    let public_key: [u8; 32] =
        public_key.try_into().map_err(|_| LedgerError::MalformedVkey("Ed25519 key is not 32 bytes"))?;
    if ed25519_key_id(name, &public_key) != id {
        return Err(LedgerError::MalformedVkey("key id does not match the name and key"));
    }
    let key = crate::VerifyingKey::from_bytes(&public_key)?.dalek;
    Ok(StrictVerifier { name: name.to_owned(), id, key })
}

impl LogIdentity {
    /// Builds the identity. The origin must be non-empty, without spaces
    /// (or other whitespace or control characters) and without `+`.
    pub fn new(origin: &str, key: SigningKey) -> Result<LogIdentity, LedgerError> {
        if !valid_name(origin) {
            return Err(LedgerError::InvalidOrigin(origin.to_owned()));
        }
        let key_id = ed25519_key_id(origin, &key.verifying_key().to_bytes());
        Ok(LogIdentity { origin: origin.to_owned(), key, key_id })
    }

    /// The origin, which is also the note key name.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The signed-note key ID of the log key.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The verifier key string `<origin>+<hex8 key id>+<base64(0x01 || public key)>`,
    /// as Go's `note.NewVerifier` and every C2SP tool read it.
    pub fn vkey(&self) -> String {
        signed_note::new_ed25519_verifier_key(&self.origin, &self.key.verifying_key().dalek)
    }

    /// Signs a checkpoint and returns the full note:
    /// `<origin>\n<size>\n<base64 root>\n\n— <origin> <base64(key id || signature)>\n`.
    pub fn sign_checkpoint(&self, size: u64, root: &Hash) -> Result<String, LedgerError> {
        let text = format!("{}\n{size}\n{}\n", self.origin, BASE64.encode(root));
        let mut note = Note::new(text.as_bytes(), &[]).map_err(|_| LedgerError::MalformedNote)?;
        let signer = NoteSigner { name: &self.origin, id: self.key_id, key: &self.key };
        note.add_sigs(&[&signer]).map_err(|_| LedgerError::MalformedNote)?;
        String::from_utf8(note.to_bytes()).map_err(|_| LedgerError::MalformedNote)
    }
}

/// Parses and verifies a signed checkpoint against the log's verifier key.
///
/// Strict Ed25519. Refuses malformed notes and checkpoint text, a missing or
/// invalid signature from the key, and an origin line that is not the key's
/// name. Signatures from other keys (witness cosignatures) are ignored here
/// and kept in [`Checkpoint::text`]. Extension lines after the root are
/// allowed by tlog-checkpoint; they are signed but not interpreted.
pub fn open_checkpoint(note: &str, vkey: &str) -> Result<Checkpoint, LedgerError> {
    let verifier = parse_vkey(vkey)?;
    let name = verifier.name.clone();
    let parsed = Note::from_bytes(note.as_bytes()).map_err(|_| LedgerError::MalformedNote)?;
    let known = VerifierList::new(vec![Box::new(verifier)]);
    parsed.verify(&known).map_err(|error| match error {
        NoteError::InvalidSignature { .. } => LedgerError::InvalidNoteSignature(name.clone()),
        NoteError::UnverifiedNote => LedgerError::MissingSignature(name.clone()),
        _ => LedgerError::MalformedNote,
    })?;
    let text = std::str::from_utf8(parsed.text()).map_err(|_| LedgerError::MalformedNote)?;
    let (origin, size, root) = parse_checkpoint_text(text)?;
    if origin != name {
        return Err(LedgerError::OriginMismatch { expected: name, found: origin.to_owned() });
    }
    Ok(Checkpoint { origin: origin.to_owned(), size, root, text: note.to_owned() })
}

/// Checks that `vkey` is a log verifier key (Ed25519 note key, type 0x01,
/// key ID matching its name and key).
pub fn parse_log_vkey(vkey: &str) -> Result<(), LedgerError> {
    parse_vkey(vkey).map(|_| ())
}

/// Checks a note read line by line ([`SignedNote`]) against the log's
/// verifier key, as a witness must: no line from the key is
/// [`LedgerError::MissingSignature`]; any line claiming the key (its name and
/// key ID, or its name and bytes that cannot be decoded) that fails strict
/// verification is [`LedgerError::InvalidNoteSignature`], even if another
/// line from the key verifies.
pub fn check_log_signature(note: &SignedNote, vkey: &str) -> Result<(), LedgerError> {
    use signed_note::Verifier as _;
    let verifier = parse_vkey(vkey)?;
    let mut verified = false;
    for line in note.signatures.iter().filter(|line| line.name == verifier.name) {
        if line.key_id().is_some_and(|id| id != verifier.id) {
            continue;
        }
        let signature = line.raw.as_deref().and_then(|raw| raw.get(4..));
        if !signature.is_some_and(|signature| verifier.verify(note.text.as_bytes(), signature)) {
            return Err(LedgerError::InvalidNoteSignature(verifier.name));
        }
        verified = true;
    }
    if verified { Ok(()) } else { Err(LedgerError::MissingSignature(verifier.name)) }
}

/// The origin, size and root of checkpoint text, and nothing else: Truce's
/// checkpoints carry no extension lines (a witness's ML-DSA cosignature
/// would not cover them), but a witness accepts them from other logs.
pub fn checkpoint_fields(text: &str) -> Result<(String, u64, Hash), LedgerError> {
    parse_checkpoint_text(text).map(|(origin, size, root)| (origin.to_owned(), size, root))
}

/// Parses checkpoint text (without signatures): origin, size, root and
/// optional non-empty extension lines.
fn parse_checkpoint_text(text: &str) -> Result<(&str, u64, Hash), LedgerError> {
    let body = text.strip_suffix('\n').ok_or(LedgerError::MalformedCheckpoint("text must end in a newline"))?;
    let mut lines = body.split('\n');
    let origin = lines.next().unwrap_or_default();
    if !valid_name(origin) {
        return Err(LedgerError::MalformedCheckpoint("invalid origin line"));
    }
    let size_line = lines.next().ok_or(LedgerError::MalformedCheckpoint("missing size line"))?;
    let size: u64 = size_line.parse().map_err(|_| LedgerError::MalformedCheckpoint("size is not a decimal number"))?;
    if size.to_string() != size_line {
        return Err(LedgerError::MalformedCheckpoint("size is not in canonical decimal"));
    }
    let root_line = lines.next().ok_or(LedgerError::MalformedCheckpoint("missing root line"))?;
    let root: Hash = BASE64
        .decode(root_line)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(LedgerError::MalformedCheckpoint("root is not base64 of 32 bytes"))?;
    if lines.any(str::is_empty) {
        return Err(LedgerError::MalformedCheckpoint("empty extension line"));
    }
    Ok((origin, size, root))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "truce.example/doha-istanbul-2025";

    fn log() -> LogIdentity {
        LogIdentity::new(ORIGIN, SigningKey::from_seed([5; 32])).unwrap()
    }

    #[test]
    fn origins_are_validated() {
        for bad in ["", "a b", "a+b", "a\tb", "a\nb"] {
            assert!(matches!(
                LogIdentity::new(bad, SigningKey::from_seed([5; 32])),
                Err(LedgerError::InvalidOrigin(_))
            ));
        }
    }

    #[test]
    fn vkey_format() {
        let log = log();
        let vkey = log.vkey();
        let parts: Vec<&str> = vkey.split('+').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], ORIGIN);
        assert_eq!(parts[1], format!("{:08x}", log.key_id()));
        let key = BASE64.decode(parts[2]).unwrap();
        assert_eq!(key[0], 0x01);
        assert_eq!(&key[1..], &SigningKey::from_seed([5; 32]).verifying_key().to_bytes());
        // signed_note's own parser agrees.
        assert!(signed_note::StandardVerifier::new(&vkey).is_ok());
        assert!(parse_vkey(&vkey).is_ok());
    }

    #[test]
    fn malformed_vkeys_are_refused() {
        let vkey = log().vkey();
        let (name, rest) = vkey.split_once('+').unwrap();
        let (id, key) = rest.split_once('+').unwrap();
        assert!(parse_vkey("nonsense").is_err());
        assert!(parse_vkey(&format!("{name}+{id}")).is_err());
        assert!(parse_vkey(&format!("other.example+{id}+{key}")).is_err());
        assert!(parse_vkey(&format!("{name}+00000000+{key}")).is_err());
        assert!(parse_vkey(&format!("{name}+{id}+AAAA")).is_err());
        let mut raw = BASE64.decode(key).unwrap();
        raw[0] = 0x04;
        assert!(matches!(
            parse_vkey(&format!("{name}+{id}+{}", BASE64.encode(&raw))),
            Err(LedgerError::UnsupportedKeyType(0x04))
        ));
    }

    #[test]
    fn checkpoint_text_rules() {
        let root = BASE64.encode([0u8; 32]);
        assert!(parse_checkpoint_text(&format!("o\n5\n{root}\n")).is_ok());
        assert!(parse_checkpoint_text(&format!("o\n5\n{root}\next\n")).is_ok());
        assert!(parse_checkpoint_text(&format!("o\n05\n{root}\n")).is_err());
        assert!(parse_checkpoint_text(&format!("o\n+5\n{root}\n")).is_err());
        assert!(parse_checkpoint_text(&format!("o\n5\n{root}")).is_err());
        assert!(parse_checkpoint_text("o\n5\nAAAA\n").is_err());
        assert!(parse_checkpoint_text("o\n5\n").is_err());
        assert!(parse_checkpoint_text(&format!("\n5\n{root}\n")).is_err());
    }
}
