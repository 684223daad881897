//! [`WitnessError`], every reason the witness service refuses or fails.
//!
//! One enum for the crate, so a caller acts on the variant: a refusal of an
//! `add-checkpoint` request carries the ledger's [`WitnessRefusal`], whose
//! status the specification gives; everything else is the witness's own
//! state or configuration, named by file and field, and answered to a
//! client only as an internal error.

use std::path::PathBuf;

use thiserror::Error;
use truce_ledger::LedgerError;
use truce_ledger::witness::WitnessRefusal;

/// Why a witness operation did not succeed.
#[derive(Debug, Error)]
pub enum WitnessError {
    /// The request was refused by the tlog-witness rules (400, 403, 404,
    /// 409 or 422).
    #[error(transparent)]
    Refused(#[from] WitnessRefusal),
    /// A file or directory of the witness could not be read or written.
    #[error("{}: {source}", path.display())]
    File {
        /// The file or directory.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A state file exists but does not hold what it should.
    #[error("{}: {reason}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// `init` on a directory that already holds a witness key.
    #[error("{}: already holds a witness key; it is never replaced", path.display())]
    AlreadyInitialized {
        /// The key file.
        path: PathBuf,
    },
    /// A directory without a witness key.
    #[error("{}: no witness here (no witness.key)", path.display())]
    NotInitialized {
        /// The data directory.
        path: PathBuf,
    },
    /// Another process serves this directory: two witnesses over one state
    /// would each cosign from their own idea of the latest size.
    #[error("{}: another witness process holds this directory", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// The witness's name is not a note key name.
    #[error("name {name:?}: not a note key name (non-empty, no spaces, no `+`)")]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// A log origin is not a note key name.
    #[error("origin {origin:?}: not a log origin (non-empty, no spaces, no `+`)")]
    InvalidOrigin {
        /// The origin given.
        origin: String,
    },
    /// A log verifier key that cannot be used.
    #[error("vkey {vkey:?}: {reason}")]
    InvalidVkey {
        /// The key given.
        vkey: String,
        /// Why it is refused.
        reason: LedgerError,
    },
    /// The key given for a directory is not the key it holds.
    #[error("{}: holds another witness key than the one given", path.display())]
    KeyMismatch {
        /// The key file.
        path: PathBuf,
    },
    /// The name given for a directory is not the name it holds.
    #[error("name {given:?}: the directory's witness is named {held:?}")]
    NameMismatch {
        /// The name given.
        given: String,
        /// The name in the directory.
        held: String,
    },
    /// Cosigning failed (a clock that reads 0, say): nothing was stored.
    #[error("cosigning: {0}")]
    Cosign(LedgerError),
    /// The listening socket could not be opened.
    #[error("listening on {addr}: {source}")]
    Listen {
        /// The address.
        addr: std::net::SocketAddr,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// A blocking task (a file write) did not finish.
    #[error("a state write did not finish: {0}")]
    Task(String),
}

impl WitnessError {
    /// A file error with its path.
    pub(crate) fn file(path: impl Into<PathBuf>, source: std::io::Error) -> WitnessError {
        WitnessError::File { path: path.into(), source }
    }
}
