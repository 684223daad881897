//! A party's mirror: its own copy of the log, fetched incrementally from
//! the operator's server and checked before it is kept.
//!
//! Witnesses keep the operator from showing two histories, but a witness
//! holds checkpoints, not entries: a log could have its checkpoints
//! cosigned and then withhold the entries, and nobody could check them.
//! A mirror closes that gap. It holds the entries and tiles in the C2SP
//! tlog-tiles layout (the files `truce log export` writes), so a party can
//! check them, keep them whatever the operator does later, and serve them
//! itself.
//!
//! Each [`Mirror::update`] reads the served checkpoint and refuses it
//! unless the log's key signed it and the witness policy's quorum cosigned
//! it; it must extend the checkpoint the mirror holds (a smaller one, or
//! another root at a size held, is a fork, and the served note is kept
//! under `evidence/`). Only the bundles and tiles the mirror lacks are
//! fetched (full tiles never change; the partial ones at the edge are
//! fetched at their new width); every new entry passes the checks of
//! [`crate::publish::EntryChecker`], and the tree they make, continuing
//! the one held, must have the checkpoint's root. Only then are the files
//! written, each atomically, and the checkpoint last: an interrupted run
//! leaves the older copy, whole and consistent.
//!
//! What a mirror cannot check: the rules. Replaying them needs the
//! agreement's text and the bodies of confidential records, which the
//! public files do not carry; that is `truce verify` on a party's data
//! directory (see `docs/ledger.md`).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use truce_ledger::policy::Policy;
use truce_ledger::tiles::{TILE_WIDTH, TileRef, entries_path, new_tiles};
use truce_ledger::witness::{AddCheckpoint, CosignedTree, WitnessRefusal};
use truce_ledger::{Checkpoint, Cosigner};

use crate::error::NodeError;
use crate::publish::{EntryChecker, check_hash_tile, open_witnessed_checkpoint, read_bundle};

/// The mirror's own state, beside the log's files.
pub const STATE_FILE: &str = "mirror.json";

/// Why a mirror run failed. In every case the copy held is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum MirrorError {
    /// The server could not be reached, or did not serve a file.
    #[error("{path}: {message}")]
    Fetch {
        /// The file, relative to the log's prefix.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The served checkpoint is not signed by the log's key, or its
    /// cosignatures do not meet the witness quorum.
    #[error("the served checkpoint is refused: {0}")]
    Refused(NodeError),
    /// The served checkpoint does not extend the one the mirror holds:
    /// evidence that the log showed two histories.
    #[error(
        "fork: {reason}\nThe mirror holds:\n{held}\nThe server serves:\n{served}\nThe copy held is kept; the served checkpoint is kept as evidence in {evidence}"
    )]
    Fork {
        /// What does not extend.
        reason: String,
        /// The checkpoint note the mirror holds.
        held: String,
        /// The checkpoint note served.
        served: String,
        /// Where the served note was kept.
        evidence: String,
    },
    /// A served entry or tile fails a check.
    #[error("the served log fails a check: {0}")]
    Invalid(NodeError),
    /// The copy on disk is not one this mirror can continue: another
    /// log's, or damaged.
    #[error("the mirror's copy in {dir}: {reason}")]
    Local {
        /// The mirror's directory.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// Reading or writing a file of the copy failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Why a mirror refuses to cosign a checkpoint.
#[derive(Debug, thiserror::Error)]
pub enum CosignRefusal {
    /// The request fails the witness rules: the status is the spec's.
    #[error(transparent)]
    Witness(#[from] WitnessRefusal),
    /// The entries could not be fetched, fail a check, or could not be kept.
    #[error(transparent)]
    Mirror(#[from] MirrorError),
    /// The mirror's key could not sign (a zero clock).
    #[error("cosigning: {0}")]
    Cosign(truce_ledger::LedgerError),
}

impl CosignRefusal {
    /// The HTTP status of the answer: the witness rules' own statuses; 422
    /// when the log's entries do not make the checkpoint it asks to be
    /// cosigned (the mirror would not hold what it vouches for); 503 when
    /// the log could not be read, worth retrying; 500 for the mirror's own
    /// failures.
    pub fn status(&self) -> u16 {
        match self {
            CosignRefusal::Witness(refusal) => refusal.status(),
            CosignRefusal::Mirror(MirrorError::Fork { .. } | MirrorError::Invalid(_) | MirrorError::Refused(_)) => 422,
            CosignRefusal::Mirror(MirrorError::Fetch { .. }) => 503,
            CosignRefusal::Mirror(MirrorError::Local { .. } | MirrorError::Io { .. }) | CosignRefusal::Cosign(_) => 500,
        }
    }
}

/// The checkpoint note of an `add-checkpoint` body (after the blank line).
fn body_note(body: &str) -> &str {
    body.split_once("\n\n").map_or(body, |(_, note)| note)
}

/// The name and key ID of a log's verifier key `name+hexid+base64`.
fn log_key_name_and_id(vkey: &str) -> Option<(String, u32)> {
    let mut parts = vkey.split('+');
    let name = parts.next()?.to_owned();
    let id = u32::from_str_radix(parts.next()?, 16).ok()?;
    Some((name, id))
}

/// What the mirror records about itself in [`STATE_FILE`]: which log it
/// copies (a later run with another key is refused), from where, and what
/// its last update fetched. The checkpoint file, not this, says what the
/// copy holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorState {
    /// The log's verifier key.
    pub vkey: String,
    /// Where the last update fetched from.
    pub source: String,
    /// The tree size held after the last update.
    pub size: u64,
    /// How many bundles and tiles the last update fetched.
    pub fetched: u64,
}

/// What one update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    /// The tree size held before.
    pub old_size: u64,
    /// The tree size held now.
    pub size: u64,
    /// The size of the checkpoint served: smaller than `size` when the
    /// server serves an older checkpoint of the history held.
    pub served: u64,
    /// The bundles and tiles fetched, in order.
    pub fetched: Vec<String>,
}

/// A mirror's directory and what it holds, checked.
#[derive(Debug)]
pub struct Mirror {
    dir: PathBuf,
    vkey: String,
    held: Option<Checkpoint>,
    checker: EntryChecker,
    /// Held while the mirror is open: two processes writing one copy
    /// (a `--follow` left running and a second run) would interleave files.
    _lock: std::fs::File,
}

/// The key a mirror cosigns with, in its directory (mode 0600).
pub const COSIGNER_KEY_FILE: &str = "cosigner.key";

/// The cosigner named `name` with the key in the mirror directory `dir`,
/// the key made on first use. The name and the key make the verifier key a
/// participant names in the agreement's witnessing table.
pub fn cosigner(dir: &Path, name: &str) -> Result<Cosigner, MirrorError> {
    let path = dir.join(COSIGNER_KEY_FILE);
    let local = |reason: String| MirrorError::Local { dir: dir.to_owned(), reason };
    if !path.exists() {
        let key = crate::keys::generate().map_err(|e| local(e.to_string()))?;
        crate::keys::write(&path, &key).map_err(|e| local(e.to_string()))?;
    }
    let key = crate::keys::read(&path).map_err(|e| local(e.to_string()))?;
    Cosigner::new(name, key).map_err(|e| local(format!("cosigner name {name:?}: {e}")))
}

/// The file a mirror locks while it holds its directory.
const LOCK_FILE: &str = "lock";

/// Takes the directory's lock, or says that another process holds it.
fn lock(dir: &Path) -> Result<std::fs::File, MirrorError> {
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new().write(true).create(true).truncate(false).open(&path).map_err(io(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(MirrorError::Local {
            dir: dir.to_owned(),
            reason: "another truce mirror process holds this directory".to_owned(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(io(&path)(e)),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MirrorError + '_ {
    move |source| MirrorError::Io { path: path.to_owned(), source }
}

/// Writes `bytes` to `dir/rel` so that a reader sees the old file or the
/// new one, never part of it: a temporary file, fsync, rename, directory fsync.
fn write_atomically(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), MirrorError> {
    let path = dir.join(rel);
    let parent = path.parent().unwrap_or(dir).to_owned();
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = parent.join(format!(".{name}.partial"));
    let mut file = std::fs::File::create(&temporary).map_err(io(&temporary))?;
    file.write_all(bytes).map_err(io(&temporary))?;
    file.sync_all().map_err(io(&temporary))?;
    std::fs::rename(&temporary, &path).map_err(io(&path))?;
    std::fs::File::open(&parent).and_then(|d| d.sync_all()).map_err(io(&parent))?;
    Ok(())
}

impl Mirror {
    /// Opens the mirror in `dir` (created if absent) for the log of `vkey`,
    /// and checks the copy it holds: the checkpoint's signature, every
    /// entry, the tree's root and every tile.
    pub fn open(dir: &Path, vkey: &str) -> Result<Mirror, MirrorError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let lock = lock(dir)?;
        let local = |reason: String| MirrorError::Local { dir: dir.to_owned(), reason };
        let state_path = dir.join(STATE_FILE);
        if state_path.exists() {
            let text = std::fs::read(&state_path).map_err(io(&state_path))?;
            let state: MirrorState = serde_json::from_slice(&text).map_err(|e| local(format!("{STATE_FILE}: {e}")))?;
            if state.vkey != vkey {
                return Err(local(format!("it copies the log of {}, not of {vkey}", state.vkey)));
            }
        }
        let mut mirror = Mirror {
            dir: dir.to_owned(),
            vkey: vkey.to_owned(),
            held: None,
            checker: EntryChecker::new(),
            _lock: lock,
        };
        let checkpoint_path = dir.join("checkpoint");
        if !checkpoint_path.exists() {
            return Ok(mirror);
        }
        let note = std::fs::read_to_string(&checkpoint_path).map_err(io(&checkpoint_path))?;
        let held = truce_ledger::open_checkpoint(&note, vkey).map_err(|e| local(format!("checkpoint: {e}")))?;
        let tiles = new_tiles(0, held.size).map_err(|e| local(e.to_string()))?;
        for tile in tiles.iter().filter(|t| t.level == 0) {
            let path = tile.entries_path().unwrap_or_default();
            for entry in read_bundle(*tile, &path, &mirror.read_local(&path)?).map_err(|e| local(e.to_string()))? {
                mirror.checker.append(&entry).map_err(|e| local(format!("{path}: {e}")))?;
            }
        }
        let tree = mirror.checker.tree();
        if tree.root().map_err(|e| local(e.to_string()))? != held.root {
            return Err(local(format!(
                "the entries held do not make the root of the checkpoint of size {}",
                held.size
            )));
        }
        for tile in &tiles {
            check_hash_tile(tree, *tile, &mirror.read_local(&tile.path())?).map_err(|e| local(e.to_string()))?;
        }
        mirror.held = Some(held);
        Ok(mirror)
    }

    /// The checkpoint the copy holds, if any.
    pub fn held(&self) -> Option<&Checkpoint> {
        self.held.as_ref()
    }

    /// The mirror's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn read_local(&self, rel: &str) -> Result<Vec<u8>, MirrorError> {
        let path = self.dir.join(rel);
        std::fs::read(&path).map_err(io(&path))
    }

    /// Keeps the served `note` under `evidence/` and returns the fork error.
    fn fork(&self, held: &Checkpoint, served: &Checkpoint, reason: String) -> MirrorError {
        let root: String = served.root.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let rel = format!("evidence/checkpoint-{}-{root}", served.size);
        let evidence = match write_atomically(&self.dir, &rel, served.text.as_bytes()) {
            Ok(()) => self.dir.join(&rel).display().to_string(),
            Err(e) => format!("nowhere ({e})"),
        };
        MirrorError::Fork {
            reason,
            held: held.text.trim_end().to_owned(),
            served: served.text.trim_end().to_owned(),
            evidence,
        }
    }

    /// Fetches what the server serves beyond the copy held, checks it and
    /// keeps it. `read` fetches a file by its path under the log's prefix
    /// (`checkpoint`, `tile/…`); `source` is recorded in the state file.
    pub fn update(
        &mut self,
        mut read: impl FnMut(&str) -> Result<Vec<u8>, MirrorError>,
        policy: &Policy,
        source: &str,
    ) -> Result<Update, MirrorError> {
        let note = String::from_utf8(read("checkpoint")?)
            .map_err(|_| MirrorError::Refused(NodeError::Other("checkpoint: not UTF-8".into())))?;
        let served = open_witnessed_checkpoint(&note, &self.vkey, Some(policy)).map_err(MirrorError::Refused)?;
        self.advance(served, read, source)
    }

    /// Brings the copy to `served`, a checkpoint the log signed: fetches
    /// the bundles and tiles beyond the copy held, checks them, and keeps
    /// them, the checkpoint last.
    fn advance(
        &mut self,
        served: Checkpoint,
        mut read: impl FnMut(&str) -> Result<Vec<u8>, MirrorError>,
        source: &str,
    ) -> Result<Update, MirrorError> {
        let old_size = self.held.as_ref().map_or(0, |held| held.size);
        if let Some(held) = &self.held {
            if served.size < held.size {
                // An older checkpoint of the same history: a cosigning
                // mirror is often ahead of the quorum it is part of, and a
                // cache may serve a stale checkpoint. Only another root at
                // that size is a fork.
                let root = self.checker.tree().root_at(served.size).map_err(|e| MirrorError::Invalid(e.into()))?;
                if root != served.root {
                    return Err(self.fork(
                        held,
                        &served,
                        format!(
                            "the server serves a tree of {} records, smaller than the {} held and not a prefix of it",
                            served.size, held.size
                        ),
                    ));
                }
                return Ok(Update { old_size, size: old_size, served: served.size, fetched: Vec::new() });
            }
            if served.size == held.size {
                if served.root != held.root {
                    return Err(self.fork(
                        held,
                        &served,
                        format!("two different trees of {} records, both signed by the log", held.size),
                    ));
                }
                // The same tree, perhaps with more cosignatures.
                if served.text != held.text {
                    write_atomically(&self.dir, "checkpoint", served.text.as_bytes())?;
                    self.held = Some(served);
                }
                self.write_state(source, old_size, 0)?;
                return Ok(Update { old_size, size: old_size, served: old_size, fetched: Vec::new() });
            }
        }
        let invalid = |e: NodeError| MirrorError::Invalid(e);
        let tiles = new_tiles(old_size, served.size).map_err(|e| invalid(e.into()))?;
        // Checked on a copy, so that a failure leaves the mirror as it was.
        let mut checker = self.checker.clone();
        let mut staged: Vec<(String, Vec<u8>)> = Vec::new();
        for tile in tiles.iter().filter(|t| t.level == 0) {
            let path = tile.entries_path().unwrap_or_default();
            let bytes = read(&path)?;
            let entries = read_bundle(*tile, &path, &bytes).map_err(invalid)?;
            let first = tile.n * u64::from(TILE_WIDTH);
            // The entries of this tile the mirror holds already must be served unchanged.
            let held_here = usize::try_from(old_size.saturating_sub(first)).unwrap_or(usize::MAX).min(entries.len());
            if held_here > 0 {
                let width = u16::try_from(held_here).unwrap_or(TILE_WIDTH);
                let rel = entries_path(tile.n, Some(width));
                let local = read_bundle(TileRef { level: 0, n: tile.n, width }, &rel, &self.read_local(&rel)?)
                    .map_err(|e| MirrorError::Local { dir: self.dir.clone(), reason: e.to_string() })?;
                if entries.get(..held_here) != Some(local.as_slice())
                    && let Some(held) = &self.held
                {
                    return Err(self.fork(
                        held,
                        &served,
                        format!("{path} serves other entries than the {held_here} held from index {first}"),
                    ));
                }
            }
            for entry in entries.iter().skip(held_here) {
                checker.append(entry).map_err(|e| invalid(NodeError::Other(format!("{path}: {e}"))))?;
            }
            staged.push((path, bytes));
        }
        let root = checker.tree().root().map_err(|e| invalid(e.into()))?;
        if root != served.root {
            return Err(match &self.held {
                Some(held) => self.fork(
                    held,
                    &served,
                    format!(
                        "the entries served after the {old_size} held, each valid, do not make the served checkpoint's \
                         root: it does not extend the checkpoint held, or the server serves other entries than it signed"
                    ),
                ),
                None => invalid(NodeError::Other(format!(
                    "the entries' root is not the checkpoint's root for size {}",
                    served.size
                ))),
            });
        }
        for tile in &tiles {
            let path = tile.path();
            let bytes = read(&path)?;
            check_hash_tile(checker.tree(), *tile, &bytes).map_err(invalid)?;
            staged.push((path, bytes));
        }
        // Everything checks: write the files, then the checkpoint, then
        // drop the partial files the new ones supersede.
        let fetched: Vec<String> = staged.iter().map(|(path, _)| path.clone()).collect();
        for (path, bytes) in &staged {
            write_atomically(&self.dir, path, bytes)?;
        }
        write_atomically(&self.dir, "checkpoint", served.text.as_bytes())?;
        let superseded: HashMap<(u8, u64), u16> = new_tiles(0, old_size)
            .map_err(|e| invalid(e.into()))?
            .into_iter()
            .filter(|t| t.width < TILE_WIDTH)
            .map(|t| ((t.level, t.n), t.width))
            .collect();
        for tile in &tiles {
            if let Some(&width) = superseded.get(&(tile.level, tile.n))
                && width != tile.width
            {
                let old = TileRef { width, ..*tile };
                for rel in std::iter::once(old.path()).chain(old.entries_path()) {
                    // A stale partial file left behind is harmless; serve what is there.
                    let _ = std::fs::remove_file(self.dir.join(rel));
                }
            }
        }
        self.checker = checker;
        let size = served.size;
        self.held = Some(served);
        self.write_state(source, size, fetched.len() as u64)?;
        Ok(Update { old_size, size, served: size, fetched })
    }

    /// Answers a C2SP tlog-witness `add-checkpoint` request as a mirror
    /// that cosigns only what it holds: the request is decided by the
    /// witness rules against the checkpoint the copy holds (the mirror's
    /// latest, whose size a 409 names), then every bundle and tile up to
    /// the new checkpoint is fetched with `read` from the log and checked
    /// as [`Mirror::update`] checks them, written, and only then cosigned
    /// by `cosigner` at `now` (Unix seconds). The cosignature line returned
    /// therefore states that this copy holds every entry of the tree, as
    /// the C2SP tlog-mirror draft wants of a mirror's cosignature.
    ///
    /// The checkpoint need not meet the witness quorum yet: the mirror is
    /// one of those whose cosignatures make it. A validly signed
    /// checkpoint that does not extend the copy held is kept under
    /// `evidence/` before it is refused.
    pub fn add_checkpoint(
        &mut self,
        body: &[u8],
        read: impl FnMut(&str) -> Result<Vec<u8>, MirrorError>,
        cosigner: &Cosigner,
        now: u64,
        source: &str,
    ) -> Result<String, CosignRefusal> {
        let body = std::str::from_utf8(body).map_err(|_| WitnessRefusal::Malformed("the body is not UTF-8"))?;
        let request = AddCheckpoint::parse(body)?;
        let (log_name, log_key_id) = log_key_name_and_id(&self.vkey)
            .ok_or_else(|| MirrorError::Local { dir: self.dir.clone(), reason: format!("log key {}", self.vkey) })?;
        if request.origin != log_name {
            return Err(WitnessRefusal::UnknownOrigin(request.origin).into());
        }
        let latest = self.held.as_ref().map(|held| CosignedTree { size: held.size, root: held.root });
        let vkeys = [self.vkey.clone()];
        match request.decide(Some(&vkeys), latest.as_ref()) {
            Ok(_) => {}
            Err(refusal @ WitnessRefusal::Inconsistent(_)) => {
                if let (Some(held), Ok(served)) =
                    (&self.held, truce_ledger::open_checkpoint(body_note(body), &self.vkey))
                {
                    let kept = self.fork(held, &served, refusal.to_string());
                    tracing::warn!(%kept, "kept a validly signed, inconsistent checkpoint as evidence");
                }
                return Err(refusal.into());
            }
            Err(refusal) => return Err(refusal.into()),
        }
        // The note the copy keeps: the checkpoint, the log's own lines and
        // this mirror's cosignature; other keys' lines are not the mirror's
        // to vouch for.
        let cosignature = cosigner.cosign(&request.note.text, now).map_err(CosignRefusal::Cosign)?;
        if self.held.as_ref().is_some_and(|held| held.size == request.size) {
            // The tree held, cosigned again; the note held, with the
            // cosignatures it has gathered, stays.
            return Ok(cosignature);
        }
        let mut note = request.note.text.clone();
        note.push('\n');
        for line in request.note.signatures.iter().filter(|l| l.name == log_name && l.key_id() == Some(log_key_id)) {
            note.push_str(&line.line);
            note.push('\n');
        }
        note.push_str(&cosignature);
        let served = truce_ledger::open_checkpoint(&note, &self.vkey)
            .map_err(|e| MirrorError::Invalid(NodeError::Other(format!("checkpoint: {e}"))))?;
        self.advance(served, read, source)?;
        Ok(cosignature)
    }

    fn write_state(&self, source: &str, size: u64, fetched: u64) -> Result<(), MirrorError> {
        let state = MirrorState { vkey: self.vkey.clone(), source: source.to_owned(), size, fetched };
        let mut text = serde_json::to_vec_pretty(&state)
            .map_err(|e| MirrorError::Local { dir: self.dir.clone(), reason: e.to_string() })?;
        text.push(b'\n');
        write_atomically(&self.dir, STATE_FILE, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_process_at_a_time_holds_a_mirror() {
        let dir = tempfile::tempdir().unwrap();
        let vkey = truce_ledger::LogIdentity::new("truce.example/log", truce_ledger::SigningKey::from_seed([4; 32]))
            .unwrap()
            .vkey();
        let first = Mirror::open(dir.path(), &vkey).unwrap();
        let second = Mirror::open(dir.path(), &vkey);
        assert!(
            matches!(&second, Err(MirrorError::Local { reason, .. }) if reason.contains("another truce mirror")),
            "{second:?}"
        );
        drop(first);
        assert!(Mirror::open(dir.path(), &vkey).is_ok(), "the lock goes with the mirror");
    }
}
