//! Publishing the log as static files in the C2SP tlog-tiles layout, and
//! checking a published copy.
//!
//! `export` writes `checkpoint`, every hash tile (`tile/<L>/<N>[.p/<W>]`) and
//! every entry bundle (`tile/entries/<N>[.p/<W>]`) of the current tree, so
//! that any web server, mirror or witness can serve the log without Truce,
//! and any C2SP client can check it. `check_published` is such a client: from
//! the files and the log's verifier key alone, it checks the checkpoint's
//! signature, every entry's canonical form and author signature (with the
//! keys registered in the log itself), and that every tile is the one the
//! entries imply. Replaying the rules needs the bodies of confidential
//! records and the agreement text, which a published copy does not carry:
//! that is `truce verify` on a data directory.

use std::path::Path;

use truce_ledger::tiles::{TileRef, decode_bundle, encode_bundle, new_tiles};
use truce_ledger::{SignedRecord, Tree, open_checkpoint};
use truce_store::Store;

use crate::error::NodeError;

fn write(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), NodeError> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| NodeError::file(&path, e))
}

/// Writes the log's latest checkpoint, tiles and entry bundles under `out`.
/// Returns the tree size published.
pub async fn export(store: &Store, out: &Path) -> Result<u64, NodeError> {
    let (size, note) =
        store.latest_checkpoint().await?.ok_or_else(|| NodeError::Other("the log has no checkpoint yet".into()))?;
    let mut tree = Tree::new();
    let mut entries: Vec<Vec<u8>> = Vec::with_capacity(size as usize);
    let mut from = 0;
    while from < size {
        for (_, entry) in store.entries(from, (from + truce_store::PAGE).min(size)).await? {
            tree.append(&entry)?;
            entries.push(entry);
        }
        from += truce_store::PAGE;
    }
    for tile in new_tiles(0, size)? {
        write(out, &tile.path(), &tree.tile(tile.level, tile.n, tile.width)?)?;
        if let Some(path) = tile.entries_path() {
            let first = (tile.n * 256) as usize;
            let bundle: Vec<&[u8]> =
                entries.iter().skip(first).take(usize::from(tile.width)).map(Vec::as_slice).collect();
            write(out, &path, &encode_bundle(&bundle)?)?;
        }
    }
    write(out, "checkpoint", note.as_bytes())?;
    Ok(size)
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
    let read = |rel: &str| {
        let path = dir.join(rel);
        std::fs::read(&path).map_err(|e| NodeError::file(&path, e))
    };
    let note = String::from_utf8(read("checkpoint")?).map_err(|_| NodeError::Other("checkpoint: not UTF-8".into()))?;
    let checkpoint = open_checkpoint(&note, vkey)?;
    let tiles = new_tiles(0, checkpoint.size)?;
    let mut tree = Tree::new();
    let mut files = 0;
    // Authors' keys, learnt from the registrations in the log itself.
    let mut keys: std::collections::HashMap<String, truce_ledger::VerifyingKey> = std::collections::HashMap::new();
    for tile in tiles.iter().filter(|t| t.level == 0) {
        let path = tile.entries_path().unwrap_or_default();
        let bundle = decode_bundle(&read(&path)?).map_err(|e| NodeError::Other(format!("{path}: {e}")))?;
        if bundle.len() != usize::from(tile.width) {
            return Err(NodeError::Other(format!("{path}: holds {} entries, not {}", bundle.len(), tile.width)));
        }
        for (i, entry) in bundle.iter().enumerate() {
            let index = tile.n * 256 + i as u64;
            let at = |e: &dyn std::fmt::Display| NodeError::Other(format!("entry {index} in {path}: {e}"));
            let signed = SignedRecord::from_entry(entry).map_err(|e| at(&e))?;
            let record = &signed.record;
            if record.kind == crate::records::PRINCIPAL_REGISTERED {
                if let truce_ledger::Payload::Body(body) = &record.payload {
                    let p: crate::records::PrincipalRegistered =
                        serde::Deserialize::deserialize(body).map_err(|e| at(&e))?;
                    let key = truce_ledger::VerifyingKey::from_base64(&p.public_key).map_err(|e| at(&e))?;
                    if index == 0 {
                        keys.insert(p.principal.clone(), key.clone());
                    }
                    let author =
                        keys.get(&record.author).ok_or_else(|| at(&format!("unknown author {}", record.author)))?;
                    signed
                        .verify(author)
                        .map_err(|_| at(&format!("the signature does not verify with {}'s key", record.author)))?;
                    keys.entry(p.principal).or_insert(key);
                }
            } else {
                let author =
                    keys.get(&record.author).ok_or_else(|| at(&format!("unknown author {}", record.author)))?;
                signed
                    .verify(author)
                    .map_err(|_| at(&format!("the signature does not verify with {}'s key", record.author)))?;
            }
            tree.append(entry)?;
        }
        files += 1;
    }
    if tree.root()? != checkpoint.root {
        return Err(NodeError::Other(format!(
            "the entries' root is not the checkpoint's root for size {}",
            checkpoint.size
        )));
    }
    for tile in &tiles {
        let TileRef { level, n, width } = *tile;
        if read(&tile.path())? != tree.tile(level, n, width)? {
            return Err(NodeError::Other(format!("{}: differs from the tile the entries imply", tile.path())));
        }
        files += 1;
    }
    Ok(PublishedReport { size: checkpoint.size, files })
}
