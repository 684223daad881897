//! Truce's ledger: signed records in a C2SP transparency log.
//!
//! Every state change in Truce is a record signed by its author and appended
//! to a Merkle-tree transparency log. Parties who do not trust the operator
//! check the log themselves, so everything here follows published formats
//! (RFC 6962 trees, C2SP signed-note, tlog-checkpoint, tlog-tiles and
//! tlog-proof) that an independent implementation can verify byte for byte.
//!
//! This crate is pure: no IO, no async, no clock and no randomness. Keys,
//! salts and times are parameters; storage and serving live elsewhere and
//! persist exactly what this crate hands them.
//!
//! - [`record`]: the record envelope, its canonical JSON, author signatures
//!   and salted commitments.
//! - [`keys`]: Ed25519 keys for principals and for the log, the two
//!   validation rules, and batches of record signatures.
//! - [`tree`]: the Merkle tree in tlog's stored-hash layout, proofs and their
//!   verification.
//! - [`tiles`]: C2SP tile paths, tile bytes and entry bundles.
//! - [`checkpoint`]: the log identity, signed checkpoints and their strict
//!   verification.
//! - [`note`]: signed notes read line by line, for witnesses.
//! - [`cosignature`]: witness cosignatures (`cosignature/v1`).
//! - [`witness`]: the rules a witness applies to `add-checkpoint`.
//! - [`policy`]: which witnesses must cosign (C2SP tlog-policy).
//! - [`proof`]: the `c2sp.org/tlog-proof@v1` file for one record.
//! - [`canonical`]: RFC 8785 canonical JSON.
//! - [`error`]: [`LedgerError`], every reason an operation is refused.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod canonical;
pub mod checkpoint;
pub mod cosignature;
pub mod error;
pub mod keys;
pub mod note;
pub mod policy;
pub mod proof;
pub mod record;
pub mod tiles;
pub mod tree;
pub mod witness;

pub use checkpoint::{Checkpoint, LogIdentity, check_log_signature, checkpoint_fields, open_checkpoint};
pub use cosignature::{Cosigner, CosignerKey};
pub use error::LedgerError;
pub use keys::{SignatureBatch, SigningKey, VerifyingKey};
pub use proof::{TlogProof, encode_tlog_proof, parse_tlog_proof, verify_tlog_proof};
pub use record::{Payload, Record, SignedRecord, commitment};
pub use tiles::{
    TILE_WIDTH, TileFile, TileRef, decode_bundle, encode_bundle, entries_path, new_tiles, parse_tile_path,
    tile_hash_indexes, tile_path,
};
pub use tree::{
    EMPTY_ROOT, Frontier, Tree, consistency_proof_from, consistency_proof_indexes, inclusion_proof_from,
    inclusion_proof_indexes, leaf_hash, root_from, root_indexes, verify_consistency, verify_inclusion,
};

/// The version of the record envelope this crate writes and accepts (`"v"`).
pub const RECORD_FORMAT: u32 = 1;

/// The largest log entry in bytes. C2SP entry bundles prefix each entry with a
/// 16-bit length, so anything larger must be stored off-log and referenced.
pub const MAX_ENTRY: usize = 65_535;

/// A SHA-256 hash: a leaf hash, an interior node or a tree root.
pub type Hash = [u8; 32];
