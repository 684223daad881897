//! Every reason a ledger operation is refused.
//!
//! One enum for the crate, with variants a caller can act on: a store maps
//! `StoredHashes*` to corruption, a server maps `InvalidProof` and friends to
//! "reject the submission", and nothing here ever panics on input instead.

use thiserror::Error;

/// Why a ledger operation failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// A log entry is larger than [`crate::MAX_ENTRY`] bytes.
    #[error("entry is {len} bytes, more than the 65,535 a log entry may hold")]
    EntryTooLarge {
        /// The entry's length in bytes.
        len: usize,
    },
    /// Entry bytes are not valid JSON for a signed record (syntax, unknown or
    /// missing fields, wrong types).
    #[error("malformed record entry: {0}")]
    MalformedEntry(String),
    /// Entry bytes parse, but are not the canonical encoding of the record.
    #[error("record entry is not in canonical form")]
    NonCanonicalEntry,
    /// The record envelope has a version this crate does not know.
    #[error("unsupported record version {found} (expected {expected})")]
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// The version this crate accepts.
        expected: u32,
    },
    /// A record field breaks a rule of the envelope.
    #[error("invalid record field `{field}`: {reason}")]
    InvalidRecord {
        /// The JSON key of the field.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An integer in a body is outside ±(2^53 − 1) and is not how RFC 8785
    /// (which treats every number as an IEEE double) prints its nearest
    /// double, so other implementations would encode it differently.
    #[error("number {0} cannot be represented exactly in canonical JSON; use a string")]
    UnsafeNumber(String),
    /// A body nests arrays and objects deeper than
    /// [`crate::canonical::MAX_DEPTH`].
    #[error("body nests deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The canonicalizer refused a value.
    #[error("canonical JSON: {0}")]
    Canonicalization(String),
    /// A revealed body and salt do not match the record's commitment.
    #[error("revealed body and salt do not match the commitment")]
    CommitmentMismatch,
    /// An Ed25519 signature did not verify (strictly) for the given key.
    #[error("signature does not verify")]
    BadSignature,
    /// A key could not be decoded.
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    /// A public key is a small-order ("weak") point, which strict
    /// verification refuses.
    #[error("weak public key")]
    WeakKey,
    /// A log origin (note key name) is empty or contains a space or `+`.
    #[error("invalid origin {0:?}: must be non-empty, without spaces or '+'")]
    InvalidOrigin(String),
    /// A signed-note verifier key string is malformed.
    #[error("malformed verifier key: {0}")]
    MalformedVkey(&'static str),
    /// A verifier key names a signature type other than Ed25519 (0x01).
    #[error("unsupported verifier key type 0x{0:02x}")]
    UnsupportedKeyType(u8),
    /// A signed note is malformed (framing, signature lines, control characters).
    #[error("malformed signed note")]
    MalformedNote,
    /// A note carries no signature from the expected key.
    #[error("note has no signature from {0}")]
    MissingSignature(String),
    /// A note carries a signature from the expected key that does not verify.
    #[error("invalid signature on note from {0}")]
    InvalidNoteSignature(String),
    /// A cosignature with timestamp 0, which tlog-cosignature forbids.
    #[error("a cosignature's timestamp must not be 0")]
    ZeroCosignatureTime,
    /// A witness policy (C2SP tlog-policy) is malformed; the line number
    /// (from 1) and what is wrong with it.
    #[error("policy line {line}: {reason}")]
    MalformedPolicy {
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The note text is not a well-formed checkpoint.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// The checkpoint's origin line differs from the verifier key's name.
    #[error("checkpoint origin {found:?} is not the expected {expected:?}")]
    OriginMismatch {
        /// The origin the key belongs to.
        expected: String,
        /// The origin on the checkpoint.
        found: String,
    },
    /// A leaf index is not inside the tree.
    #[error("index {index} is not in a tree of size {size}")]
    IndexOutOfRange {
        /// The index asked for.
        index: u64,
        /// The tree size.
        size: u64,
    },
    /// A tree size beyond the current tree, or an old size above the new one.
    #[error("size {size} is out of range (limit {limit})")]
    SizeOutOfRange {
        /// The size asked for.
        size: u64,
        /// The largest size allowed here.
        limit: u64,
    },
    /// Stored hashes handed to [`crate::Tree::from_stored_hashes`] do not
    /// have the count a tree of that size needs.
    #[error("a tree of size {size} has {expected} stored hashes, got {found}")]
    StoredHashCount {
        /// The tree size.
        size: u64,
        /// The number of hashes such a tree stores.
        expected: u64,
        /// The number of hashes given.
        found: u64,
    },
    /// A stored interior hash does not match the hashes below it.
    #[error("stored hash {index} does not match the hashes it is computed from")]
    StoredHashMismatch {
        /// The storage index of the first wrong hash.
        index: u64,
    },
    /// An inclusion or consistency proof does not verify.
    #[error("invalid Merkle proof")]
    InvalidProof,
    /// A tile request is out of range (level, width, or beyond the tree).
    #[error("invalid tile: {0}")]
    InvalidTile(&'static str),
    /// An entry bundle ends in the middle of a length prefix or an entry.
    #[error("entry bundle is truncated")]
    TruncatedBundle,
    /// An entry bundle holds more than 256 entries.
    #[error("entry bundle holds {0} entries, more than 256")]
    OversizedBundle(usize),
    /// A `c2sp.org/tlog-proof@v1` file is malformed.
    #[error("malformed tlog-proof: {0}")]
    MalformedTlogProof(&'static str),
    /// The tlog library reported an error that the checks here should have
    /// prevented; a bug, reported instead of panicking.
    #[error("internal tlog error: {0}")]
    Internal(String),
}
