//! Publishing the log in the C2SP tlog-tiles layout, as static files or
//! over HTTP, and checking a published copy.
//!
//! The files are the checkpoint, every hash tile (`tile/<L>/<N>[.p/<W>]`)
//! and every entry bundle (`tile/entries/<N>[.p/<W>]`), so that any web
//! server, mirror or witness can serve the log without Truce, and any C2SP
//! client can check it. [`read_tile_file`] makes a file's bytes from the
//! store (tiles from the stored hashes, bundles from the entries); `export`
//! writes them to a directory and the server answers HTTP requests with the
//! same function, so both publish the same bytes. [`tlog_proofs`] makes the
//! `c2sp.org/tlog-proof@v1` file of a record from the stored hashes, without
//! loading the tree.
//!
//! [`check_log`] is a C2SP client: given a way to fetch a path (a directory
//! for `check_published`, HTTP for `truce verify --url`) and the log's
//! verifier key alone, it checks the checkpoint's signature, every entry's
//! canonical form and author signature (with the keys registered in the log
//! itself), and that every tile is the one the entries imply. Replaying the
//! rules needs the bodies of confidential records and the agreement text,
//! which a published copy does not carry: that is `truce verify` on a data
//! directory.

use std::path::Path;

use truce_ledger::tiles::{TileFile, TileRef, decode_bundle, encode_bundle, new_tiles};
use truce_ledger::{Hash, SignedRecord, Tree, encode_tlog_proof, open_checkpoint};
use truce_store::Store;

use crate::error::NodeError;

fn write(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), NodeError> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| NodeError::file(&path, e))
}

/// The latest signed checkpoint: (tree size, note).
pub async fn latest_checkpoint(store: &Store) -> Result<(u64, String), NodeError> {
    store.latest_checkpoint().await?.ok_or_else(|| NodeError::Other("the log has no checkpoint yet".into()))
}

/// Reads the stored hashes at `indexes`, in that order.
pub(crate) async fn stored_hashes(store: &Store, indexes: &[u64]) -> Result<Vec<Hash>, NodeError> {
    let found: std::collections::HashMap<u64, Vec<u8>> = store.hashes_at(indexes).await?.into_iter().collect();
    indexes
        .iter()
        .map(|index| {
            found
                .get(index)
                .and_then(|hash| Hash::try_from(hash.as_slice()).ok())
                .ok_or_else(|| NodeError::Other(format!("the store lacks stored hash {index}")))
        })
        .collect()
}

/// The bytes of a published tile file for the tree of `size` entries: a
/// hash tile from the stored hashes, or an entry bundle from the entries.
/// `None` if the file lies beyond that tree.
pub async fn read_tile_file(store: &Store, file: TileFile, size: u64) -> Result<Option<Vec<u8>>, NodeError> {
    let tile = file.tile();
    let Ok(indexes) = truce_ledger::tile_hash_indexes(tile, size) else { return Ok(None) };
    match file {
        TileFile::Hashes(_) => Ok(Some(stored_hashes(store, &indexes).await?.concat())),
        TileFile::Entries(_) => {
            let first = tile.n * u64::from(truce_ledger::TILE_WIDTH);
            let entries = store.entries(first, first + u64::from(tile.width)).await?;
            if entries.len() != usize::from(tile.width) {
                return Err(NodeError::Other(format!("the store lacks entries of {}", file.path())));
            }
            let bundle: Vec<&[u8]> = entries.iter().map(|(_, entry)| entry.as_slice()).collect();
            Ok(Some(encode_bundle(&bundle)?))
        }
    }
}

/// The `c2sp.org/tlog-proof@v1` files of the records at `indexes`, each
/// against the latest checkpoint, computed from the stored hashes (one read
/// for all of them). Every index must be below the checkpoint's size.
pub async fn tlog_proofs(store: &Store, indexes: &[u64]) -> Result<Vec<String>, NodeError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let checkpoint = latest_checkpoint(store).await?;
    tlog_proofs_against(store, indexes, &checkpoint).await
}

/// As [`tlog_proofs`], against the checkpoint `(size, note)` given (an
/// earlier one, such as the latest the witnesses cosigned).
pub async fn tlog_proofs_against(
    store: &Store,
    indexes: &[u64],
    (size, note): &(u64, String),
) -> Result<Vec<String>, NodeError> {
    let (size, note) = (*size, note.as_str());
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let needed: Vec<Vec<u64>> =
        indexes.iter().map(|&index| truce_ledger::inclusion_proof_indexes(index, size)).collect::<Result<_, _>>()?;
    let all: Vec<u64> = needed.iter().flatten().copied().collect();
    let hashes: std::collections::HashMap<u64, Hash> =
        all.iter().copied().zip(stored_hashes(store, &all).await?).collect();
    indexes
        .iter()
        .zip(&needed)
        .map(|(&index, needed)| {
            let fetched: Vec<Hash> = needed.iter().filter_map(|i| hashes.get(i).copied()).collect();
            let proof = truce_ledger::inclusion_proof_from(index, size, &fetched)?;
            Ok(encode_tlog_proof(index, &proof, note))
        })
        .collect()
}

/// The checkpoint text (unsigned) of the first `size` entries of `tree`.
fn checkpoint_text_at(tree: &Tree, origin: &str, size: u64) -> Result<String, NodeError> {
    let root = tree.root_at(size)?;
    Ok(format!("{origin}\n{size}\n{}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, root)))
}

/// Writes the log's latest checkpoint, tiles and entry bundles under `out`.
/// Returns the tree size published.
pub async fn export(store: &Store, out: &Path) -> Result<u64, NodeError> {
    let checkpoint = latest_checkpoint(store).await?;
    export_at(store, out, &checkpoint).await
}

/// How many recent checkpoints [`export_witnessed`] searches for one that
/// meets the quorum.
const WITNESSED_SEARCH: u32 = 2_000;

/// Writes the latest checkpoint whose cosignatures meet `policy`'s quorum,
/// with its tiles and bundles, under `out`: a copy that `truce log check
/// --policy` accepts. Returns the tree size published.
pub async fn export_witnessed(
    store: &Store,
    out: &Path,
    policy: &truce_ledger::policy::Policy,
) -> Result<u64, NodeError> {
    let recent = store.recent_checkpoints(WITNESSED_SEARCH).await?;
    let checkpoint =
        recent.into_iter().find(|(_, note)| policy.check(note).is_ok_and(|check| check.met)).ok_or_else(|| {
            NodeError::Other(format!(
                "none of the latest {WITNESSED_SEARCH} checkpoints carries cosignatures that meet the quorum"
            ))
        })?;
    export_at(store, out, &checkpoint).await
}

/// Writes the checkpoint `(size, note)` with the tiles and bundles of its tree.
async fn export_at(store: &Store, out: &Path, (size, note): &(u64, String)) -> Result<u64, NodeError> {
    let size = *size;
    for file in changed_files(0, size)? {
        write(out, &file.path(), &tile_file_bytes(store, file, size).await?)?;
    }
    write(out, "checkpoint", note.as_bytes())?;
    Ok(size)
}

/// The files of a tree of `size` entries that are new or grew since a tree
/// of `from` entries: every such hash tile, and the entry bundle of each
/// such tile of level 0. From 0, every file of the tree.
pub(crate) fn changed_files(from: u64, size: u64) -> Result<Vec<TileFile>, NodeError> {
    let mut files = Vec::new();
    for tile in new_tiles(from, size)? {
        files.push(TileFile::Hashes(tile));
        if tile.level == 0 {
            files.push(TileFile::Entries(tile));
        }
    }
    Ok(files)
}

/// As [`read_tile_file`], for a file that must lie within the tree.
pub(crate) async fn tile_file_bytes(store: &Store, file: TileFile, size: u64) -> Result<Vec<u8>, NodeError> {
    read_tile_file(store, file, size)
        .await?
        .ok_or_else(|| NodeError::Other(format!("{} lies beyond the tree", file.path())))
}

/// What checking a published log found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedReport {
    /// The checkpoint's tree size.
    pub size: u64,
    /// Tiles and bundles checked.
    pub files: u64,
}

/// Checks a published log directory against the log's verifier key.
pub fn check_published(dir: &Path, vkey: &str) -> Result<PublishedReport, NodeError> {
    check_log(
        |rel: &str| {
            let path = dir.join(rel);
            std::fs::read(&path).map_err(|e| NodeError::file(&path, e))
        },
        vkey,
    )
}

/// Checks a published log against the log's verifier key, reading each file
/// (`checkpoint`, `tile/…`) with `read`: from a directory, over HTTP, from
/// anywhere a C2SP log is served.
pub fn check_log(
    read: impl FnMut(&str) -> Result<Vec<u8>, NodeError>,
    vkey: &str,
) -> Result<PublishedReport, NodeError> {
    check_witnessed_log(read, vkey, None, &[])
}

/// As [`check_log`], and with a witness `policy`: the checkpoint must carry
/// cosignatures that meet its quorum (a checkpoint no quorum vouches for
/// may be one branch of a split view). `seen_elsewhere` are checkpoints of
/// the same log obtained elsewhere (each witness's latest, another party's
/// copy), each with a label: one the log signed for a size this tree has,
/// with another root, is proof that the log showed two histories, and the
/// check fails naming both checkpoints.
pub fn check_witnessed_log(
    mut read: impl FnMut(&str) -> Result<Vec<u8>, NodeError>,
    vkey: &str,
    policy: Option<&truce_ledger::policy::Policy>,
    seen_elsewhere: &[(String, String)],
) -> Result<PublishedReport, NodeError> {
    let note = String::from_utf8(read("checkpoint")?).map_err(|_| NodeError::Other("checkpoint: not UTF-8".into()))?;
    let checkpoint = open_witnessed_checkpoint(&note, vkey, policy)?;
    let tiles = new_tiles(0, checkpoint.size)?;
    let mut checker = EntryChecker::new();
    let mut files = 0;
    for tile in tiles.iter().filter(|t| t.level == 0) {
        let path = tile.entries_path().unwrap_or_default();
        for entry in read_bundle(*tile, &path, &read(&path)?)? {
            checker.append(&entry).map_err(|e| NodeError::Other(format!("{path}: {e}")))?;
        }
        files += 1;
    }
    let tree = checker.tree();
    if tree.root()? != checkpoint.root {
        return Err(NodeError::Other(format!(
            "the entries' root is not the checkpoint's root for size {}",
            checkpoint.size
        )));
    }
    for (label, other) in seen_elsewhere {
        let Ok(other) = open_checkpoint(other, vkey) else { continue };
        if other.size <= checkpoint.size && tree.root_at(other.size)? != other.root {
            return Err(NodeError::Other(format!(
                "split view: the log signed two different trees of {} records.\nThe tree served here extends:\n{}\n{label} holds:\n{}",
                other.size,
                checkpoint_text_at(tree, &checkpoint.origin, other.size)?,
                other.text.trim_end()
            )));
        }
    }
    for tile in &tiles {
        check_hash_tile(tree, *tile, &read(&tile.path())?)?;
        files += 1;
    }
    Ok(PublishedReport { size: checkpoint.size, files })
}

/// Opens a served checkpoint `note`: signed by the log's key `vkey` and,
/// with a witness `policy`, cosigned by its quorum (a checkpoint no quorum
/// vouches for may be one branch of a split view).
pub fn open_witnessed_checkpoint(
    note: &str,
    vkey: &str,
    policy: Option<&truce_ledger::policy::Policy>,
) -> Result<truce_ledger::Checkpoint, NodeError> {
    let checkpoint = open_checkpoint(note, vkey)?;
    if let Some(policy) = policy {
        let check = policy.check(note).map_err(|e| NodeError::Other(format!("checkpoint: {e}")))?;
        if !check.met {
            let names: Vec<&str> = check.cosigned.iter().map(|(name, _)| name.as_str()).collect();
            return Err(NodeError::Other(format!(
                "checkpoint of size {}: its cosignatures ({}) do not meet the witness quorum",
                checkpoint.size,
                if names.is_empty() { "none".to_owned() } else { names.join(", ") }
            )));
        }
    }
    Ok(checkpoint)
}

/// The entries of the bundle `bytes` read from `path` for the level-0 `tile`:
/// well formed, and exactly as many as the tile is wide.
pub fn read_bundle(tile: TileRef, path: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, NodeError> {
    let bundle = decode_bundle(bytes).map_err(|e| NodeError::Other(format!("{path}: {e}")))?;
    if bundle.len() != usize::from(tile.width) {
        return Err(NodeError::Other(format!("{path}: holds {} entries, not {}", bundle.len(), tile.width)));
    }
    Ok(bundle)
}

/// Checks that `bytes`, the hash tile `tile` as served, is the tile `tree` implies.
pub fn check_hash_tile(tree: &Tree, tile: TileRef, bytes: &[u8]) -> Result<(), NodeError> {
    let TileRef { level, n, width } = tile;
    if bytes != tree.tile(level, n, width)? {
        return Err(NodeError::Other(format!("{}: differs from the tile the entries imply", tile.path())));
    }
    Ok(())
}

/// The checks every entry of a published log passes, made one entry at a
/// time so that a mirror can resume where its copy ends: the entry's
/// canonical form, its author's signature with the key registered in the
/// log itself (the first record registers its own author), and the tree
/// they make. [`check_witnessed_log`] runs it over a whole log; a mirror
/// keeps one across fetches.
#[derive(Debug, Clone, Default)]
pub struct EntryChecker {
    tree: Tree,
    // Authors' keys, learnt from the registrations in the log itself.
    keys: std::collections::HashMap<String, truce_ledger::VerifyingKey>,
}

impl EntryChecker {
    /// A checker of an empty log.
    pub fn new() -> EntryChecker {
        EntryChecker::default()
    }

    /// The tree of the entries checked so far.
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// Checks the next entry and appends it to the tree. The error names
    /// the entry's index and what is wrong.
    pub fn append(&mut self, entry: &[u8]) -> Result<(), NodeError> {
        let index = self.tree.size();
        let at = |e: &dyn std::fmt::Display| NodeError::Other(format!("entry {index}: {e}"));
        let (signed, signature) = SignedRecord::from_entry_signed(entry).map_err(|e| at(&e))?;
        let record = &signed.record;
        let mut registered = None;
        if record.kind == crate::records::PRINCIPAL_REGISTERED
            && let truce_ledger::Payload::Body(body) = &record.payload
        {
            let p: crate::records::PrincipalRegistered = serde::Deserialize::deserialize(body).map_err(|e| at(&e))?;
            let key = truce_ledger::VerifyingKey::from_base64(&p.public_key).map_err(|e| at(&e))?;
            if index == 0 {
                self.keys.insert(p.principal.clone(), key.clone());
            }
            registered = Some((p.principal, key));
        }
        let author = self.keys.get(&record.author).ok_or_else(|| at(&format!("unknown author {}", record.author)))?;
        signature
            .verify(author)
            .map_err(|_| at(&format!("the signature does not verify with {}'s key", record.author)))?;
        if let Some((principal, key)) = registered {
            self.keys.entry(principal).or_insert(key);
        }
        self.tree.append(entry)?;
        Ok(())
    }
}
