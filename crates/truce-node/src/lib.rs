//! A Truce node: the parts that turn the pure rules and the pure ledger into
//! a running, durable, checkable log.
//!
//! - [`sequencer`]: the single writer with group commit.
//! - [`state`]: the mechanism's state and [`state::Mechanism::apply`], the
//!   one function deciding whether a record is legal.
//! - [`replay`]: loading a stored log, and `truce verify`.
//! - [`snapshot`]: the replayed state kept on disk, so a start replays only
//!   the records since.
//! - [`projection`]: projection rows derived from the state.
//! - [`records`]: the record types and their bodies.
//! - [`consent`]: agreement versions proposed and signed by their signatories.
//! - [`datadir`]: a deployment's directory: keys, blobs, database, settings.
//! - [`keys`], [`blobs`]: key files and the content-addressed blob store.

pub mod blobs;
pub mod clock;
pub mod consent;
pub mod datadir;
pub mod error;
pub mod keys;
pub mod mirror;
pub mod object_blobs;
pub mod objects;
pub mod projection;
pub mod publish;
pub mod records;
pub mod replay;
pub mod sequencer;
pub mod snapshot;
pub mod state;
pub mod witnessing;
pub mod workload;

pub use error::{NodeError, RefusalClass, Rejection};
pub use sequencer::{ClockSkew, Ledger, LedgerObserver, Receipt, Reveal, SequencerConfig, SequencerRole, Submission};
pub use state::{Effect, Mechanism};
