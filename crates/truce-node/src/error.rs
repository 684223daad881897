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
    /// as that server gave it, in the same words, with the class and field
    /// of its refusal, so that this server answers exactly as that one would.
    #[error("{reason}")]
    Relayed {
        /// What kind of refusal it was.
        class: RefusalClass,
        /// The submitted field at fault, where the refusal names one.
        field: Option<String>,
        /// Why, as the sequencer said it.
        reason: String,
    },
}

/// The class of a refusal: what decides how it is answered (the status and
/// error code a client gets), the same whichever server received the record.
/// The sequencer stores it with its refusal of a record another server
/// queued, so that the server that queued it answers as the sequencer's own
/// would have rather than with one answer for every refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalClass {
    /// A field of the submitted record is wrong (the field is named).
    InvalidField,
    /// The record is about a case the log does not hold.
    UnknownCase,
    /// The author may not make this record.
    NotPermitted,
    /// The author was suspended.
    Suspended,
    /// The record conflicts with one already in the log.
    Conflict,
    /// The agreement's rules refuse the command.
    AgainstRules,
    /// The signature does not verify with the author's key.
    BadSignature,
    /// The record cannot be applied to the log as it stands.
    CannotApply,
}

impl RefusalClass {
    /// Every class, for the names' round trip.
    pub const ALL: [RefusalClass; 8] = [
        Self::InvalidField,
        Self::UnknownCase,
        Self::NotPermitted,
        Self::Suspended,
        Self::Conflict,
        Self::AgainstRules,
        Self::BadSignature,
        Self::CannotApply,
    ];

    /// The name it is stored under.
    pub fn name(self) -> &'static str {
        match self {
            Self::InvalidField => "invalid_field",
            Self::UnknownCase => "unknown_case",
            Self::NotPermitted => "not_permitted",
            Self::Suspended => "suspended",
            Self::Conflict => "conflict",
            Self::AgainstRules => "against_rules",
            Self::BadSignature => "bad_signature",
            Self::CannotApply => "cannot_apply",
        }
    }

    /// The class stored under `name`; `None` for a name this build does not know.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl Rejection {
    /// The class of this refusal and the submitted field it names, if any
    /// (a path in the submitted JSON: `record.author`, `record.body.…`).
    pub fn class(&self) -> (RefusalClass, Option<String>) {
        let field = |f: &str| (RefusalClass::InvalidField, Some(f.to_owned()));
        match self {
            Rejection::Command(e) => match e {
                CommandError::InvalidField { field: f, .. } => field(f),
                CommandError::UnknownCase(_) => (RefusalClass::UnknownCase, None),
                CommandError::NotPermitted { .. } => (RefusalClass::NotPermitted, None),
                CommandError::CaseExists(_) | CommandError::WrongStatus { .. } => (RefusalClass::Conflict, None),
                CommandError::DeadlinePassed { .. }
                | CommandError::DeadlineNotReached { .. }
                | CommandError::BackDated { .. }
                | CommandError::OutsideAgreement(_)
                | CommandError::StandardNotMet { .. }
                | CommandError::Penalty(_) => (RefusalClass::AgainstRules, None),
            },
            Rejection::Signature(_) => (RefusalClass::BadSignature, Some("record.sig".into())),
            Rejection::UnknownAuthor(_) => field("record.author"),
            Rejection::ParticipantMismatch { .. } => field("record.participant"),
            Rejection::NotAdministrator(_) => (RefusalClass::NotPermitted, None),
            Rejection::Suspended { .. } => (RefusalClass::Suspended, None),
            Rejection::PrincipalExists(_) | Rejection::AgreementAdopted(_) => (RefusalClass::Conflict, None),
            Rejection::ClockSkew { .. } => field("record.time"),
            Rejection::Consent { field: f, .. } => field(&format!("record.body.{f}")),
            Rejection::BadBody { .. } => field("record.body"),
            Rejection::UnknownKind(_) => field("record.type"),
            Rejection::Confidential(_) => field("reveal"),
            Rejection::Ledger(_) => field("record"),
            Rejection::NoGenesis
            | Rejection::NoAgreement
            | Rejection::MissingBlob(_)
            | Rejection::Evidence { .. }
            | Rejection::InvalidAgreement(_) => (RefusalClass::CannotApply, None),
            Rejection::Relayed { class, field, .. } => (*class, field.clone()),
        }
    }
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
