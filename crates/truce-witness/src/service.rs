//! The witness: the ledger's add-checkpoint rules over state kept on disk.
//!
//! The decision is the ledger's (`AddCheckpoint::decide`); this module adds
//! what the rules cannot do without IO. Each log has one lock, held from
//! reading the latest cosigned checkpoint to storing the new one, so two
//! requests from the same old size cannot both be cosigned (the spec's
//! compare-and-swap). The new checkpoint is durable before the cosignature
//! is returned, so a crash never lets the witness forget a size it
//! cosigned. A validly signed request that does not extend what was
//! cosigned is kept as evidence before it is refused.

use std::collections::HashMap;
use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Mutex;
use truce_ledger::note::{SignatureLine, SignedNote};
use truce_ledger::witness::{AddCheckpoint, CosignedTree, WitnessRefusal};
use truce_ledger::{Cosigner, CosignerKey, checkpoint_fields};

use crate::dir::{TrustedLog, WitnessDir, origin_hash, write_atomically};
use crate::error::WitnessError;
use crate::evidence::{self, Evidence};

/// Where the witness reads the time of its cosignatures: Unix seconds.
/// Passed in, so tests fix it and the one clock of the program stays at
/// its edge. A clock that reads 0 makes every cosignature fail (the spec
/// forbids a zero timestamp).
pub trait Clock: Send + Sync {
    /// The current Unix time in seconds.
    fn unix_seconds(&self) -> u64;
}

impl<F: Fn() -> u64 + Send + Sync> Clock for F {
    fn unix_seconds(&self) -> u64 {
        self()
    }
}

/// The latest checkpoint cosigned for a log, as stored.
#[derive(Debug, Clone)]
struct Latest {
    tree: CosignedTree,
    /// The checkpoint with the log's signature lines and this witness's
    /// cosignature: what monitors are served.
    note: Arc<str>,
}

/// One trusted log and its state.
#[derive(Debug)]
struct Log {
    origin: String,
    vkeys: Vec<String>,
    /// The (name, key ID) of each log key, to keep the log's own lines in
    /// the stored checkpoint and drop everyone else's.
    key_ids: Vec<(String, u32)>,
    file_name: String,
    latest: Mutex<Option<Latest>>,
}

impl Log {
    fn is_log_line(&self, line: &SignatureLine) -> bool {
        self.key_ids.iter().any(|(name, id)| *name == line.name && line.key_id() == Some(*id))
    }
}

/// A running witness's state: its identity, the logs it trusts and the
/// latest checkpoint it cosigned for each.
pub struct Witness {
    shared: Arc<Shared>,
    logs: HashMap<String, Arc<Log>>,
    by_hash: HashMap<String, Arc<Log>>,
    /// Held while this value lives: no second process serves the directory.
    _lock: File,
}

/// What a request's task needs of the witness, owned so the task can
/// outlive the request.
struct Shared {
    dir: WitnessDir,
    checkpoints: PathBuf,
    cosigner: Cosigner,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Shared { dir, cosigner, .. } = &*self.shared;
        f.debug_struct("Witness").field("dir", dir).field("name", &cosigner.name()).finish_non_exhaustive()
    }
}

impl Witness {
    /// Opens a witness directory made by [`WitnessDir::init`]: takes its
    /// lock, reads its key, its settings and the latest checkpoint of each
    /// trusted log, checking each carries this witness's valid cosignature.
    /// Logs trusted after this call are served after the next open.
    pub fn open(dir: &WitnessDir, clock: Arc<dyn Clock>) -> Result<Witness, WitnessError> {
        let lock = dir.lock()?;
        let cosigner = dir.cosigner()?;
        let settings = dir.settings()?;
        let checkpoints = dir.checkpoints()?;
        let own_key = CosignerKey::parse(&cosigner.vkey()).map_err(WitnessError::Cosign)?;
        let mut logs = HashMap::new();
        let mut by_hash = HashMap::new();
        for trusted in settings.logs {
            let log = Arc::new(load_log(&checkpoints, trusted, &own_key)?);
            by_hash.insert(log.file_name.clone(), Arc::clone(&log));
            logs.insert(log.origin.clone(), log);
        }
        let shared = Arc::new(Shared { dir: dir.clone(), checkpoints, cosigner, clock });
        Ok(Witness { shared, logs, by_hash, _lock: lock })
    }

    /// The witness's name.
    pub fn name(&self) -> &str {
        self.shared.cosigner.name()
    }

    /// The witness's verifier key (type 0x04), for policies.
    pub fn vkey(&self) -> String {
        self.shared.cosigner.vkey()
    }

    /// Its data directory.
    pub fn dir(&self) -> &WitnessDir {
        &self.shared.dir
    }

    /// Decides a C2SP tlog-witness `add-checkpoint` request body and, when
    /// it is cosigned, stores the new latest checkpoint durably before
    /// returning the cosignature line (ending in a newline). A refusal is
    /// [`WitnessError::Refused`]; a validly signed inconsistent request is
    /// kept as evidence first.
    ///
    /// The decision and the write run in a task of their own, holding the
    /// log's lock to the end even if the caller stops waiting (a client
    /// that hangs up), so no write is ever cut short with the lock released.
    pub async fn add_checkpoint(&self, body: &[u8]) -> Result<String, WitnessError> {
        let body = std::str::from_utf8(body).map_err(|_| WitnessRefusal::Malformed("the body is not UTF-8"))?;
        let request = AddCheckpoint::parse(body)?;
        let Some(log) = self.logs.get(&request.origin) else {
            return Err(WitnessRefusal::UnknownOrigin(request.origin).into());
        };
        let (shared, log, body) = (Arc::clone(&self.shared), Arc::clone(log), body.to_owned());
        tokio::spawn(async move { shared.add_checkpoint(&log, &request, &body).await })
            .await
            .map_err(|e| WitnessError::Task(e.to_string()))?
    }

    /// The latest checkpoint cosigned for the origin whose lowercase hex
    /// SHA-256 is `origin_hash`, with the log's signature and this
    /// witness's cosignature; `None` if it never cosigned one.
    pub async fn checkpoint(&self, origin_hash: &str) -> Option<Arc<str>> {
        let log = self.by_hash.get(origin_hash)?;
        log.latest.lock().await.as_ref().map(|latest| Arc::clone(&latest.note))
    }

    /// The latest size cosigned for an origin, 0 if none (what a 409 says).
    pub async fn latest_size(&self, origin: &str) -> Option<u64> {
        let log = self.logs.get(origin)?;
        Some(log.latest.lock().await.as_ref().map_or(0, |latest| latest.tree.size))
    }

    /// The requests kept as evidence, oldest first.
    pub fn evidence(&self) -> Result<Vec<Evidence>, WitnessError> {
        self.shared.dir.evidence()
    }
}

impl Shared {
    async fn add_checkpoint(&self, log: &Log, request: &AddCheckpoint, body: &str) -> Result<String, WitnessError> {
        let mut latest = log.latest.lock().await;
        let tree = match request.decide(Some(&log.vkeys), latest.as_ref().map(|latest| &latest.tree)) {
            Ok(tree) => tree,
            Err(refusal @ WitnessRefusal::Inconsistent(_)) => {
                self.keep_evidence(&log.origin, &refusal, body).await?;
                return Err(refusal.into());
            }
            Err(refusal) => return Err(refusal.into()),
        };
        let cosignature =
            self.cosigner.cosign(&request.note.text, self.clock.unix_seconds()).map_err(WitnessError::Cosign)?;
        let note = stored_note(log, &request.note, &cosignature);
        let (folder, name, bytes) = (self.checkpoints.clone(), log.file_name.clone(), note.clone());
        tokio::task::spawn_blocking(move || write_atomically(&folder, &name, bytes.as_bytes()))
            .await
            .map_err(|e| WitnessError::Task(e.to_string()))??;
        *latest = Some(Latest { tree, note: note.into() });
        Ok(cosignature)
    }

    async fn keep_evidence(&self, origin: &str, refusal: &WitnessRefusal, body: &str) -> Result<(), WitnessError> {
        let (dir, time, origin, reason, body) =
            (self.dir.clone(), self.clock.unix_seconds(), origin.to_owned(), refusal.to_string(), body.to_owned());
        let file = tokio::task::spawn_blocking(move || evidence::keep(&dir, time, &origin, &reason, &body))
            .await
            .map_err(|e| WitnessError::Task(e.to_string()))??;
        tracing::warn!(file = %file.display(), %refusal, "kept a validly signed, inconsistent checkpoint as evidence");
        Ok(())
    }
}

/// The checkpoint to store: its text, the log's own signature lines (the
/// ledger has checked every one of them) and this witness's cosignature.
/// Lines of other keys in the request are not this witness's to vouch for.
fn stored_note(log: &Log, note: &SignedNote, cosignature: &str) -> String {
    let mut stored = note.text.clone();
    stored.push('\n');
    for line in note.signatures.iter().filter(|line| log.is_log_line(line)) {
        stored.push_str(&line.line);
        stored.push('\n');
    }
    stored.push_str(cosignature);
    stored
}

fn load_log(checkpoints: &std::path::Path, trusted: TrustedLog, own_key: &CosignerKey) -> Result<Log, WitnessError> {
    let key_ids = trusted
        .vkeys
        .iter()
        .filter_map(|vkey| {
            let mut parts = vkey.split('+');
            let name = parts.next()?.to_owned();
            let id = u32::from_str_radix(parts.next()?, 16).ok()?;
            Some((name, id))
        })
        .collect();
    let file_name = origin_hash(&trusted.origin);
    let path = checkpoints.join(&file_name);
    let latest = match std::fs::read_to_string(&path) {
        Ok(text) => Some(read_latest(&path, &text, &trusted.origin, own_key)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(WitnessError::file(&path, e)),
    };
    Ok(Log { origin: trusted.origin, vkeys: trusted.vkeys, key_ids, file_name, latest: Mutex::new(latest) })
}

fn read_latest(
    path: &std::path::Path,
    text: &str,
    origin: &str,
    own_key: &CosignerKey,
) -> Result<Latest, WitnessError> {
    let corrupt = |reason: String| WitnessError::Corrupt { path: path.to_owned(), reason };
    let note = SignedNote::parse(text).map_err(|e| corrupt(format!("not a signed note: {e}")))?;
    let (found, size, root) = checkpoint_fields(&note.text).map_err(|e| corrupt(format!("not a checkpoint: {e}")))?;
    if found != origin {
        return Err(corrupt(format!("holds a checkpoint of {found:?}, not of {origin:?}")));
    }
    match own_key.cosignature_on(&note) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(corrupt("carries no cosignature of this witness".to_owned())),
        Err(e) => return Err(corrupt(format!("this witness's cosignature does not verify: {e}"))),
    }
    Ok(Latest { tree: CosignedTree { size, root }, note: text.into() })
}
