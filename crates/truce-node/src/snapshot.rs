//! A local snapshot of the replayed state, so that a server starts by
//! reading it and replaying only the records appended since.
//!
//! Why: a server holds the state the log defines in memory, and rebuilt it
//! at every start by replaying every record, tens of seconds for a log of a
//! million records. The snapshot is the state and the tree at one size of
//! the log, written by the server itself to its data directory.
//!
//! It is a cache, never evidence. `truce verify` never reads it, and a
//! server uses one only when every check below holds; otherwise it says why
//! in its own log and replays the whole log as before, then writes a new one:
//!
//! 1. it was written by this very build (the BLAKE3 digest of the running
//!    program): another build may apply records differently, and its state
//!    would then not be the one this build's replay gives;
//! 2. it is for this log's key;
//! 3. its bytes match the digests in its header (a torn or damaged file);
//! 4. its tree, rebuilt from its stored hashes, is consistent, and the
//!    store holds a checkpoint of exactly the snapshot's size, signed with
//!    the log's key, whose root is that tree's root: the snapshot describes
//!    the log the store holds, not another;
//! 5. the records after it, replayed on top of it, give the root of the
//!    latest checkpoint (checked by [`crate::replay::load_from`]).
//!
//! A snapshot is written only of a state whose size and root are the
//! latest checkpoint's, so it never holds a record that was applied but not
//! committed. Agreements are kept as the SHA-256 of their text and read
//! back from the blob store, as a replay reads them.
//!
//! The file: a line `truce-snapshot 1`, a JSON header line naming the
//! length and BLAKE3 digest of each section after it (SHA-256 took a sixth
//! of a start from a million cases), then the sections: the
//! tree's stored hashes (32 bytes each), the state without its cases, and
//! the cases in chunks, each in MessagePack with named fields (several
//! core types leave out empty fields, which a format without names could
//! not read back). The chunks are encoded and decoded on every core. The
//! file is written to a temporary file, synced and renamed, so a crash
//! leaves the old snapshot or the new one.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use truce_core::ids::{CaseId, ParticipantId, PrincipalId};
use truce_core::{Agreement, Docket};
use truce_ledger::{Hash, Tree, VerifyingKey};

use crate::blobs::BlobStore;
use crate::consent::{Consent, Draft, KeyMark, VersionMark, WithdrawalMark};
use crate::error::NodeError;
use crate::state::{CaseMarks, Mechanism, Principal};

/// The first line of a snapshot file, naming its format.
const MAGIC: &[u8] = b"truce-snapshot 1\n";

/// The longest header line read.
const MAX_HEADER: usize = 4_096;

/// Why a snapshot was not used: the server replays the whole log instead.
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    /// There is none.
    #[error("there is no snapshot at {0}")]
    Missing(String),
    /// It could not be read.
    #[error("{path} could not be read: {source}")]
    Read {
        /// The file.
        path: String,
        /// The failure.
        source: std::io::Error,
    },
    /// It is not a snapshot of this format, or is damaged.
    #[error("{path} is damaged: {reason}")]
    Damaged {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// Another build wrote it.
    #[error("it was written by another build of truce (program {found}, this one is {this})")]
    OtherBuild {
        /// The writer's program digest.
        found: String,
        /// This program's.
        this: String,
    },
    /// The running program could not be read to name this build.
    #[error("this build cannot be named: {0}")]
    NoBuild(String),
    /// It is of another log.
    #[error("it is of the log with key {found}, not {this}")]
    OtherLog {
        /// Its key.
        found: String,
        /// This log's key.
        this: String,
    },
    /// The store does not vouch for it.
    #[error("the store does not vouch for its size {size}: {reason}")]
    NotInStore {
        /// The snapshot's size.
        size: u64,
        /// Why.
        reason: String,
    },
    /// An agreement text it names could not be read back.
    #[error("the agreement text {sha256} could not be read back: {reason}")]
    Agreement {
        /// The text's SHA-256.
        sha256: String,
        /// Why.
        reason: String,
    },
}

/// The header line.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    /// BLAKE3 digest of the program that wrote it.
    build: String,
    /// The log's verifier key.
    vkey: String,
    /// Records applied.
    size: u64,
    /// The tree's root at that size, hex.
    root: String,
    /// Stored hashes, in the first section.
    hashes: u64,
    /// Cases, in the sections after the second.
    cases: u64,
    /// The sections that follow the header, in order: the tree's stored
    /// hashes, the state without its cases, then the cases in chunks.
    sections: Vec<Section>,
}

/// A section of the file after the header.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Section {
    /// Its length.
    bytes: u64,
    /// Its BLAKE3 digest, hex.
    blake3: String,
}

/// Chunks the cases are stored in: each is encoded and decoded on a thread
/// of its own (as many at once as there are cores), so a million cases
/// load in a fraction of the time one thread takes, holding at most one
/// chunk's bytes per thread.
const CASE_CHUNKS: usize = 16;

/// The state written: the [`Mechanism`], agreements named by their text.
#[derive(Serialize)]
struct StateOut<'a> {
    agreement: Option<&'a str>,
    docket: &'a Docket,
    consent: ConsentOut<'a>,
    talks: &'a truce_core::talks::Talks,
    alerts: &'a truce_core::early_warning::Alerts,
    situation: &'a truce_core::situation::SituationReports,
    public_sources: &'a truce_core::public_source::PublicSources,
    principals: &'a BTreeMap<PrincipalId, Principal>,
    case_marks: &'a BTreeMap<CaseId, CaseMarks>,
    readers: Option<&'a truce_core::stats::ReaderTallies>,
    last_time: Option<jiff::Timestamp>,
    size: u64,
    custodial_records: u64,
}

#[derive(Serialize)]
struct ConsentOut<'a> {
    keys: &'a BTreeMap<ParticipantId, VerifyingKey>,
    draft: Option<DraftOut<'a>>,
    versions: &'a [VersionMark],
    revoked: &'a BTreeMap<ParticipantId, u64>,
    withdrawals: &'a [WithdrawalMark],
    key_history: &'a [KeyMark],
}

#[derive(Serialize)]
struct DraftOut<'a> {
    sha256: &'a str,
    proposed: u64,
    keys: &'a BTreeMap<ParticipantId, VerifyingKey>,
    signatures: &'a BTreeMap<ParticipantId, u64>,
}

/// The state read back, as written by [`StateOut`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StateIn {
    agreement: Option<String>,
    docket: Docket,
    consent: ConsentIn,
    talks: truce_core::talks::Talks,
    alerts: truce_core::early_warning::Alerts,
    situation: truce_core::situation::SituationReports,
    public_sources: truce_core::public_source::PublicSources,
    principals: BTreeMap<PrincipalId, Principal>,
    case_marks: BTreeMap<CaseId, CaseMarks>,
    readers: Option<truce_core::stats::ReaderTallies>,
    last_time: Option<jiff::Timestamp>,
    size: u64,
    custodial_records: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentIn {
    keys: BTreeMap<ParticipantId, VerifyingKey>,
    draft: Option<DraftIn>,
    versions: Vec<VersionMark>,
    revoked: BTreeMap<ParticipantId, u64>,
    withdrawals: Vec<WithdrawalMark>,
    key_history: Vec<KeyMark>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DraftIn {
    sha256: String,
    proposed: u64,
    keys: BTreeMap<ParticipantId, VerifyingKey>,
    signatures: BTreeMap<ParticipantId, u64>,
}

/// The BLAKE3 digest of the running program, hex: the build that may read the
/// snapshots it writes.
fn this_build() -> Result<&'static str, Unusable> {
    static BUILD: OnceLock<Result<String, String>> = OnceLock::new();
    BUILD
        .get_or_init(|| {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let mut file = std::fs::File::open(&exe).map_err(|e| format!("{}: {e}", exe.display()))?;
            let mut hasher = blake3::Hasher::new();
            std::io::copy(&mut file, &mut hasher).map_err(|e| format!("{}: {e}", exe.display()))?;
            Ok(hasher.finalize().to_hex().to_string())
        })
        .as_deref()
        .map_err(|e| Unusable::NoBuild(e.clone()))
}

/// A snapshot encoded, ready to be written to its file.
pub struct Encoded {
    header: String,
    sections: Vec<Vec<u8>>,
    size: u64,
}

impl Encoded {
    /// The size of the log it holds.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        MAGIC.len() + self.header.len() + 1 + self.sections.iter().map(Vec::len).sum::<usize>()
    }

    /// Whether it is empty (never: it has at least its header).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Writes it to `path`, replacing any earlier snapshot there at once
    /// (a temporary file, synced, then renamed).
    pub fn write(&self, path: &Path) -> Result<(), NodeError> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| NodeError::file(dir, e))?;
        // A name of its own per writer: several servers may share a directory.
        let tmp = temporary_name(path)?;
        let written = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(MAGIC)?;
            file.write_all(self.header.as_bytes())?;
            file.write_all(b"\n")?;
            for section in &self.sections {
                file.write_all(section)?;
            }
            file.sync_all()?;
            std::fs::rename(&tmp, path)?;
            std::fs::File::open(dir)?.sync_all()
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(NodeError::file(path, e));
        }
        Ok(())
    }
}

/// A chunk of cases as written: a sequence of `(id, case)` pairs.
struct ChunkOut<'a>(&'a [(&'a CaseId, &'a truce_core::Case)]);

impl Serialize for ChunkOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

/// Runs `work` on each of `items` on as many threads as there are cores,
/// keeping the results in order.
fn in_parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(items.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, work(item)));
                    }
                    done
                })
            })
            .collect();
        // A worker that panicked has lost its results: the caller sees
        // fewer than it asked for.
        workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Encodes the snapshot of `mechanism` and `tree` (of the same size) for
/// the log with verifier key `vkey`, with the statistics each kind of
/// reader may read, `readers`, when they count exactly the mechanism's
/// cases (a server's start then need not count a million cases again).
pub fn encode(
    vkey: &str,
    mechanism: &Mechanism,
    tree: &Tree,
    readers: Option<&truce_core::stats::ReaderTallies>,
) -> Result<Encoded, NodeError> {
    let failed = |e: &dyn std::fmt::Display| NodeError::Other(format!("snapshot: the state could not be encoded: {e}"));
    if mechanism.size != tree.size() {
        return Err(NodeError::Other(format!(
            "snapshot: the state holds {} records but the tree {}",
            mechanism.size,
            tree.size()
        )));
    }
    let build = this_build().map_err(|e| NodeError::Other(format!("snapshot: {e}")))?;
    let hashes = tree.stored_hashes();
    let mut sections =
        vec![hashes.concat(), rmp_serde::to_vec_named(&state_out(mechanism, readers)).map_err(|e| failed(&e))?];
    let cases: Vec<(&CaseId, &truce_core::Case)> =
        mechanism.docket.case_map().iter().map(|(id, case)| (id, &**case)).collect();
    let per_chunk = cases.len().div_ceil(CASE_CHUNKS).max(1);
    let chunks: Vec<&[(&CaseId, &truce_core::Case)]> = cases.chunks(per_chunk).collect();
    let encoded = in_parallel(&chunks, |chunk| rmp_serde::to_vec_named(&ChunkOut(chunk)));
    if encoded.len() != chunks.len() {
        return Err(failed(&"a thread encoding cases stopped"));
    }
    for chunk in encoded {
        sections.push(chunk.map_err(|e| failed(&e))?);
    }
    let digests = in_parallel(&sections, |section| blake3::hash(section).to_hex().to_string());
    if digests.len() != sections.len() {
        return Err(failed(&"a thread digesting the snapshot stopped"));
    }
    let header = Header {
        build: build.to_owned(),
        vkey: vkey.to_owned(),
        size: tree.size(),
        root: hex::encode(tree.root()?),
        hashes: hashes.len() as u64,
        cases: cases.len() as u64,
        sections: sections
            .iter()
            .zip(digests)
            .map(|(section, blake3)| Section { bytes: section.len() as u64, blake3 })
            .collect(),
    };
    let header = serde_json::to_string(&header).map_err(|e| NodeError::Other(format!("snapshot: {e}")))?;
    Ok(Encoded { header, sections, size: tree.size() })
}

/// Writes the snapshot of `mechanism` and `tree` (and `readers`, as
/// [`encode`] takes them) for the log with verifier key `vkey` to `path`.
pub fn write(
    path: &Path,
    vkey: &str,
    mechanism: &Mechanism,
    tree: &Tree,
    readers: Option<&truce_core::stats::ReaderTallies>,
) -> Result<(), NodeError> {
    encode(vkey, mechanism, tree, readers)?.write(path)
}

fn temporary_name(path: &Path) -> Result<PathBuf, NodeError> {
    let mut suffix = [0u8; 8];
    getrandom::fill(&mut suffix).map_err(|e| NodeError::Random(e.to_string()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "snapshot".into());
    Ok(path.with_file_name(format!(".{name}.{}.tmp", hex::encode(suffix))))
}

fn state_out<'a>(m: &'a Mechanism, readers: Option<&'a truce_core::stats::ReaderTallies>) -> StateOut<'a> {
    let c = &m.consent;
    StateOut {
        agreement: m.agreement.as_ref().map(|(_, sha)| sha.as_str()),
        docket: &m.docket,
        consent: ConsentOut {
            keys: &c.keys,
            draft: c.draft.as_ref().map(|d| DraftOut {
                sha256: &d.sha256,
                proposed: d.proposed,
                keys: &d.keys,
                signatures: &d.signatures,
            }),
            versions: &c.versions,
            revoked: &c.revoked,
            withdrawals: &c.withdrawals,
            key_history: &c.key_history,
        },
        talks: &m.talks,
        alerts: &m.alerts,
        situation: &m.situation,
        public_sources: &m.public_sources,
        principals: &m.principals,
        case_marks: &m.case_marks,
        readers,
        last_time: m.last_time,
        size: m.size,
        custodial_records: m.custodial_records,
    }
}

/// A snapshot read and checked on its own (checks 1 to 3 and the tree's
/// consistency); the store's checkpoint is checked by the caller.
pub struct Snapshot {
    /// The state.
    pub mechanism: Mechanism,
    /// The tree at the state's size.
    pub tree: Tree,
    /// The statistics each kind of reader may read, over the state's
    /// cases, when the writer kept them.
    pub readers: Option<truce_core::stats::ReaderTallies>,
}

/// Reads the snapshot at `path` for the log with key `vkey`, reading
/// agreement texts from `blobs`. Each section is checked against its
/// digest before it is decoded; the chunks of cases are read and decoded
/// in parallel.
pub fn read(path: &Path, vkey: &str, blobs: &dyn BlobStore) -> Result<Snapshot, Unusable> {
    use std::io::{BufRead as _, Read as _};
    let shown = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Missing(shown)),
        Err(source) => return Err(Unusable::Read { path: shown, source }),
    };
    let io = |source: std::io::Error| Unusable::Read { path: shown.clone(), source };
    let damaged = |reason: String| Unusable::Damaged { path: shown.clone(), reason };
    let length = file.metadata().map_err(io)?.len();
    let mut head = std::io::BufReader::new(&file);
    let mut magic = [0u8; MAGIC.len()];
    if head.read_exact(&mut magic).is_err() || magic != MAGIC {
        return Err(damaged("it does not begin with truce-snapshot 1".into()));
    }
    let mut line = Vec::new();
    (&mut head).take(MAX_HEADER as u64).read_until(b'\n', &mut line).map_err(io)?;
    drop(head);
    if line.pop() != Some(b'\n') {
        return Err(damaged("its header line has no end".into()));
    }
    let header: Header = serde_json::from_slice(&line).map_err(|e| damaged(format!("header: {e}")))?;
    let this = this_build()?;
    if header.build != this {
        return Err(Unusable::OtherBuild { found: header.build, this: this.to_owned() });
    }
    if header.vkey != vkey {
        return Err(Unusable::OtherLog { found: header.vkey, this: vkey.to_owned() });
    }
    // Where each section starts, checked against the file's length.
    let mut at = (MAGIC.len() + line.len() + 1) as u64;
    let mut places = Vec::with_capacity(header.sections.len());
    for section in &header.sections {
        places.push((at, section));
        at = at.checked_add(section.bytes).ok_or_else(|| damaged("a section is too long".into()))?;
    }
    if at != length || places.len() < 2 || Some(header.sections[0].bytes) != header.hashes.checked_mul(32) {
        return Err(damaged(format!(
            "it is {length} bytes long, not the {at} its header gives, or its sections are not those of a snapshot"
        )));
    }
    let section = |&(start, s): &(u64, &Section)| -> Result<Vec<u8>, Unusable> {
        use std::os::unix::fs::FileExt as _;
        let len = usize::try_from(s.bytes).map_err(|_| damaged("a section is too long".into()))?;
        let mut bytes = vec![0u8; len];
        file.read_exact_at(&mut bytes, start).map_err(io)?;
        if blake3::hash(&bytes).to_hex().as_str() != s.blake3 {
            return Err(damaged(format!("the section at byte {start} does not match its digest")));
        }
        Ok(bytes)
    };
    // The cases, chunk by chunk on every core; the first two sections here.
    let chunks = places.get(2..).unwrap_or_default();
    let decoded = in_parallel(chunks, |place| -> Result<Vec<(CaseId, Box<truce_core::Case>)>, Unusable> {
        rmp_serde::from_slice(&section(place)?).map_err(|e| damaged(format!("cases: {e}")))
    });
    let hash_bytes = section(&places[0])?;
    let hashes: Vec<Hash> = hash_bytes
        .chunks_exact(32)
        .map(|c| <Hash>::try_from(c).map_err(|_| damaged("a stored hash is short".into())))
        .collect::<Result<_, _>>()?;
    drop(hash_bytes);
    let mut state: StateIn =
        rmp_serde::from_slice(&section(&places[1])?).map_err(|e| damaged(format!("state: {e}")))?;
    if decoded.len() != chunks.len() {
        return Err(damaged("a thread decoding its cases stopped".into()));
    }
    let mut cases: Vec<(CaseId, Box<truce_core::Case>)> = Vec::with_capacity(header.cases.min(1 << 24) as usize);
    for chunk in decoded {
        cases.extend(chunk?);
    }
    // In order and each once, as the docket held them.
    if let Some(pair) = cases.windows(2).find(|pair| pair[0].0 >= pair[1].0) {
        return Err(damaged(format!("case {} is out of order", pair[1].0)));
    }
    if cases.len() as u64 != header.cases {
        return Err(damaged(format!("it holds {} cases, its header {}", cases.len(), header.cases)));
    }
    let tree = Tree::from_stored_hashes(header.size, hashes).map_err(|e| damaged(format!("tree: {e}")))?;
    let root = tree.root().map_err(|e| damaged(format!("tree: {e}")))?;
    if hex::encode(root) != header.root {
        return Err(damaged("its tree's root is not the one in its header".into()));
    }
    if state.size != header.size {
        return Err(damaged(format!("its state holds {} records, its tree {}", state.size, header.size)));
    }
    let readers = state.readers.take();
    let mut mechanism = state_in(state, blobs)?;
    // Built in bulk from the sorted cases.
    mechanism.docket.restore_cases(cases.into_iter().collect());
    Ok(Snapshot { mechanism, tree, readers })
}

fn agreement_text(sha256: &str, blobs: &dyn BlobStore) -> Result<Agreement, Unusable> {
    let unusable = |reason: String| Unusable::Agreement { sha256: sha256.to_owned(), reason };
    let bytes = blobs.get(sha256).map_err(|e| unusable(e.to_string()))?.ok_or_else(|| unusable("missing".into()))?;
    let text = String::from_utf8(bytes).map_err(|_| unusable("not UTF-8".into()))?;
    Agreement::from_toml(&text).map_err(|e| unusable(e.render("agreement").trim().to_owned()))
}

fn state_in(s: StateIn, blobs: &dyn BlobStore) -> Result<Mechanism, Unusable> {
    let agreement = match s.agreement {
        Some(sha) => Some((agreement_text(&sha, blobs)?, sha)),
        None => None,
    };
    let draft = match s.consent.draft {
        Some(d) => Some(Draft {
            agreement: agreement_text(&d.sha256, blobs)?,
            sha256: d.sha256,
            proposed: d.proposed,
            keys: d.keys,
            signatures: d.signatures,
        }),
        None => None,
    };
    Ok(Mechanism {
        agreement,
        docket: s.docket,
        consent: Consent {
            keys: s.consent.keys,
            draft,
            versions: s.consent.versions,
            revoked: s.consent.revoked,
            withdrawals: s.consent.withdrawals,
            key_history: s.consent.key_history,
        },
        talks: s.talks,
        alerts: s.alerts,
        situation: s.situation,
        public_sources: s.public_sources,
        principals: s.principals,
        case_marks: s.case_marks,
        last_time: s.last_time,
        size: s.size,
        custodial_records: s.custodial_records,
    })
}
