//! Errors of a node: why a record was rejected, and why an operation on a
//! data directory failed.

use truce_core::CommandError;
use truce_ledger::LedgerError;
use truce_store::StoreError;

/// Why a record cannot be appended (or, replayed, why it was illegal).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rejection {
    /// The record is malformed or its signature fails.
    #[error("record: {0}")]
    Ledger(#[from] LedgerError),
    /// The author's signature does not verify with its registered key.
    #[error("the signature does not verify with {0}'s key")]
    Signature(String),
    /// The first record must register the first administrator, self-signed.
    #[error("the first record must register an administrator, signed with its own key")]
    NoGenesis,
    /// The author was suspended.
    #[error("{principal} was suspended by record {record}; its records are no longer accepted")]
    Suspended {
        /// The principal.
        principal: String,
        /// The record that suspended it.
        record: u64,
    },
    /// The author is not a registered principal.
    #[error("author {0} is not a registered principal")]
    UnknownAuthor(String),
    /// The record names another participant than the author's.
    #[error("author {author} acts for {registered}, but the record says {claimed}")]
    ParticipantMismatch {
        /// The author.
        author: String,
        /// Its registered participant.
        registered: String,
        /// The participant in the record.
        claimed: String,
    },
    /// Only administrators register principals and adopt agreements.
    #[error("{0} is not an administrator")]
    NotAdministrator(String),
    /// A principal with this id exists.
    #[error("principal {0} is already registered")]
    PrincipalExists(String),
    /// Case records need an adopted agreement.
    #[error("no agreement has been adopted yet")]
    NoAgreement,
    /// An agreement is already adopted.
    #[error("agreement {0} is already adopted; adopt a higher version of it to amend it")]
    AgreementAdopted(String),
    /// The agreement text is not in the blob store.
    #[error("agreement text {0} is not in the blob store")]
    MissingBlob(String),
    /// An evidence receipt names a file the blob store does not hold as described.
    #[error("evidence file {sha256} {reason}")]
    Evidence {
        /// The file's SHA-256.
        sha256: String,
        /// What is wrong.
        reason: String,
    },
    /// The agreement text does not validate.
    #[error("agreement text does not validate: {0}")]
    InvalidAgreement(String),
    /// The record's body does not fit its type.
    #[error("body of {kind}: {reason}")]
    BadBody {
        /// The record type.
        kind: String,
        /// What is wrong.
        reason: String,
    },
    /// The record type is unknown.
    #[error("unknown record type {0}")]
    UnknownKind(String),
    /// A confidential body was not revealed, or does not match its commitment.
    #[error("confidential record: {0}")]
    Confidential(String),
    /// The record's time is too far from the sequencer's clock.
    #[error("record time {time} is more than {skew_secs} s {direction} the log's clock ({now})")]
    ClockSkew {
        /// The record's time.
        time: jiff::Timestamp,
        /// The log's clock.
        now: jiff::Timestamp,
        /// `ahead of` or `behind`.
        direction: &'static str,
        /// The allowed skew.
        skew_secs: i64,
    },
    /// A proposal or signature of the agreement was refused.
    #[error("{field}: {reason}")]
    Consent {
        /// The body field at fault (or the text's key path).
        field: String,
        /// Why.
        reason: String,
    },
    /// The domain core refused the command.
    #[error("{0}")]
    Command(#[from] CommandError),
    /// Refused by the sequencer of another server on the same database (a
    /// record queued by a server without the sequencer lease): the reason
    /// as that server gave it, in the same words.
    #[error("{0}")]
    Relayed(String),
}

/// Why a node operation failed.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// Storage failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// A record was rejected.
    #[error("rejected: {0}")]
    Rejected(#[from] Rejection),
    /// The log's data is inconsistent (a tampered or corrupt store).
    #[error("log: {0}")]
    Ledger(#[from] LedgerError),
    /// A file operation failed.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The failure.
        source: std::io::Error,
    },
    /// A key file is malformed or too widely readable.
    #[error("key file {path}: {reason}")]
    Key {
        /// The file.
        path: String,
        /// What is wrong (never the key itself).
        reason: String,
    },
    /// The operating system's random source failed.
    #[error("random source: {0}")]
    Random(String),
    /// The sequencer has stopped.
    #[error("the sequencer has stopped")]
    Stopped,
    /// Anything else, described.
    #[error("{0}")]
    Other(String),
}

impl NodeError {
    /// A file operation on `path` failed.
    pub fn file(path: &std::path::Path, source: std::io::Error) -> Self {
        NodeError::File { path: path.display().to_string(), source }
    }
}
