//! Replaying a stored log: loading the sequencer's state, and `truce
//! verify`.
//!
//! Both read every entry in order, check its canonical form, reveal
//! confidential bodies against their commitments and apply each record
//! through [`Mechanism::apply`], so a record that was illegal when appended
//! fails here. `verify` checks every author signature again; loading trusts
//! the check made before the record was appended, because the tree it
//! recomputes from the entries must match the latest signed checkpoint
//! before the sequencer starts (see `Signatures`). `verify` goes further: it
//! recomputes every stored tree hash, checks every stored checkpoint's
//! signature and root, recomputes every projection row,
//! reads back every evidence file the log records (the evidentiary copy must
//! still match its hash), and reports the first discrepancy it finds, naming
//! the record, tile, checkpoint or row.

use std::collections::HashMap;
use std::fmt;

use sha2::{Digest as _, Sha256};
use truce_core::ids::CaseId;
use truce_ledger::{Frontier, Hash, Payload, SignatureBatch, SignedRecord, Tree, VerifyingKey, open_checkpoint};
use truce_store::{PAGE, Store, StoreError};

use crate::blobs::BlobStore;
use crate::error::{NodeError, Rejection};
use crate::projection;
use crate::records::Body;
use crate::state::{Effect, Mechanism};

/// The first thing found wrong in a stored log.
#[derive(Debug, Clone, PartialEq)]
pub enum Discrepancy {
    /// A record is malformed, badly signed, or was not legal when appended.
    Record {
        /// Its index.
        index: u64,
        /// Why.
        reason: String,
    },
    /// A stored tree hash differs from the one recomputed from the entries.
    Hash {
        /// Its storage index.
        stored_index: u64,
        /// Where it sits: tree level and node, and tile path when in a tile.
        place: String,
        /// The stored value (hex).
        stored: String,
        /// The recomputed value (hex).
        computed: String,
    },
    /// The store holds more or fewer tree hashes than the entries need.
    HashCount {
        /// Hashes stored.
        stored: u64,
        /// Hashes the entries need.
        expected: u64,
        /// Entries stored.
        entries: u64,
    },
    /// A checkpoint's signature or root is wrong, or it is missing.
    Checkpoint {
        /// Its tree size.
        size: u64,
        /// Why.
        reason: String,
    },
    /// A projection row differs from what the log implies.
    Projection {
        /// The table.
        table: &'static str,
        /// The row's key.
        key: String,
        /// What differs.
        reason: String,
    },
}

impl fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Discrepancy::Record { index, reason } => write!(f, "record {index}: {reason}"),
            Discrepancy::Hash { stored_index, place, stored, computed } => write!(
                f,
                "tree hash #{stored_index} ({place}) is {stored} in the store, but the entries give {computed}"
            ),
            Discrepancy::HashCount { stored, expected, entries } => {
                write!(f, "the store holds {stored} tree hashes, but {entries} entries need {expected}")
            }
            Discrepancy::Checkpoint { size, reason } => write!(f, "checkpoint at size {size}: {reason}"),
            Discrepancy::Projection { table, key, reason } => write!(f, "projection {table}, row {key}: {reason}"),
        }
    }
}

/// What a successful verification covered.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    /// Records replayed.
    pub records: u64,
    /// Size of the latest checkpoint.
    pub checkpoint_size: u64,
    /// Checkpoints checked.
    pub checkpoints: usize,
    /// Cases rebuilt.
    pub cases: usize,
    /// Projection rows compared.
    pub rows: u64,
    /// The agreement in force at the end of the log: id and version.
    pub agreement: Option<(String, u32)>,
    /// Every version proposed for signature, with who signed it. Empty when
    /// the version in force was adopted by an administrator alone.
    pub versions: Vec<crate::consent::VersionMark>,
    /// The talks at the end of the log, every signature in them checked
    /// against the participant keys in force when it was recorded.
    pub talks: truce_core::talks::Talks,
    /// The early-warning alerts at the end of the log, each recomputed from
    /// the cases the log held when it was raised.
    pub alerts: truce_core::early_warning::Alerts,
    /// The public-source reports at the end of the log, each one's matches
    /// recomputed from the cases the log held when it was imported.
    pub public_sources: truce_core::public_source::PublicSources,
    /// The daily situation reports at the end of the log, each one's numbers
    /// recomputed from the log when it was drafted and when published.
    pub situation: std::collections::BTreeMap<jiff::civil::Date, truce_core::situation::Report>,
    /// Records the server signed for custodial principals (the others were
    /// signed with their authors' own keys), as the registrations state.
    pub custodial_records: u64,
}

/// Why verification stopped.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The log is inconsistent.
    #[error("{0}")]
    Discrepancy(Discrepancy),
    /// The store could not be read.
    #[error("{0}")]
    Node(#[from] NodeError),
}

impl From<truce_store::StoreError> for VerifyError {
    fn from(e: truce_store::StoreError) -> Self {
        VerifyError::Node(NodeError::Store(e))
    }
}

fn record_error(index: u64, reason: impl ToString) -> VerifyError {
    VerifyError::Discrepancy(Discrepancy::Record { index, reason: reason.to_string() })
}

/// An entry decoded, its body decoded when in the clear, and the key its
/// signature verified with (when the author was registered before the page).
struct Decoded {
    signed: SignedRecord,
    body: Body,
    verified_with: Option<VerifyingKey>,
}

/// Whether replaying checks each author's signature again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signatures {
    /// `verify` and `rebuild`: every signature is checked.
    Check,
    /// Loading the sequencer's state at start: each signature was checked
    /// (ZIP-215) before its record was appended, and the entries are bound
    /// to the latest signed checkpoint, which `load` checks against the
    /// tree recomputed from them, so a changed entry is still refused. The
    /// independent check of every signature is `truce verify`'s.
    TrustAppended,
}

/// Decodes a page of entries and checks their signatures on every core.
/// Keys never change once registered, so a signature checked here against
/// the key known at the start of the page is checked for good.
///
/// Keys registered within the page are taken from the registration records
/// before those are checked: a signature "verified" with such a key counts
/// only if, when the record is applied, that key is the author's registered
/// one, which holds only if the registration itself was legal.
fn decode_page(
    page: &[(u64, Vec<u8>)],
    confidential: &HashMap<u64, (Vec<u8>, String)>,
    keys: &HashMap<String, VerifyingKey>,
    signatures: Signatures,
) -> Vec<Result<Decoded, VerifyError>> {
    let mut keys = keys.clone();
    // A registration's canonical entry holds its type member verbatim (a
    // quote inside a string is escaped, so only a member can match), which
    // spares parsing every other entry twice. An entry missed here is
    // checked while applying instead.
    let registration = format!("\"type\":\"{}\"", crate::records::PRINCIPAL_REGISTERED);
    let registration = memchr::memmem::Finder::new(registration.as_bytes());
    for (_, entry) in page {
        if registration.find(entry).is_none() {
            continue;
        }
        let Ok(signed) = SignedRecord::from_entry(entry) else { continue };
        if signed.record.kind != crate::records::PRINCIPAL_REGISTERED {
            continue;
        }
        if let Payload::Body(value) = &signed.record.payload
            && let Ok(Body::Principal(p)) = Body::decode(&signed.record.kind, value)
            && let Ok(key) = VerifyingKey::from_base64(&p.public_key)
        {
            keys.entry(p.principal).or_insert(key);
        }
    }
    let keys = &keys;
    // Decodes one entry; with `Signatures::Check`, its signature is queued
    // in the chunk's batch rather than checked on its own.
    let decode = |(index, entry): &(u64, Vec<u8>),
                  batch: &mut SignatureBatch|
     -> Result<(Decoded, bool), VerifyError> {
        let (signed, signature) = SignedRecord::from_entry_signed(entry).map_err(|e| record_error(*index, e))?;
        let body = match &signed.record.payload {
            Payload::Body(value) => Body::decode(&signed.record.kind, value).map_err(|e| record_error(*index, e))?,
            Payload::Commitment(c) => reveal(*index, &signed.record.kind, c, confidential.get(index))?,
        };
        // A signature that does not verify with the key the page started
        // with is left to `apply`, which checks it against the author's key
        // at that record: the key may have been replaced
        // (`principal.key_rotated.v1`) earlier in the same page.
        let (verified_with, queued) = match keys.get(&signed.record.author) {
            Some(key) if signatures == Signatures::Check => {
                signature.queue(key, batch);
                (Some(key.clone()), true)
            }
            Some(key) => (Some(key.clone()), false),
            None => (None, false),
        };
        Ok((Decoded { signed, body, verified_with }, queued))
    };
    // One batch per chunk. Under the ZIP-215 rules a batch verifies exactly
    // when each of its signatures does, so when it fails each queued
    // signature is checked on its own: those that fail are left to `apply`,
    // which names the record.
    let check_chunk = |chunk: &[(u64, Vec<u8>)]| -> Vec<Result<Decoded, VerifyError>> {
        let mut batch = SignatureBatch::new();
        let mut decoded: Vec<Result<(Decoded, bool), VerifyError>> =
            chunk.iter().map(|item| decode(item, &mut batch)).collect();
        if batch.verify(rand_core::OsRng).is_err() {
            for d in decoded.iter_mut().flatten().filter(|(_, queued)| *queued) {
                let (decoded, _) = d;
                let ok = decoded.verified_with.as_ref().is_some_and(|key| decoded.signed.verify(key).is_ok());
                if !ok {
                    decoded.verified_with = None;
                }
            }
        }
        decoded.into_iter().map(|d| d.map(|(decoded, _)| decoded)).collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = page.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = page.chunks(chunk).map(|c| scope.spawn(move || check_chunk(c))).collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(VerifyError::Node(NodeError::Other("a decoding thread panicked".into())))]
                })
            })
            .collect()
    })
}

/// Checks a confidential body read from the store against the record's
/// commitment, and decodes it.
fn reveal(index: u64, kind: &str, commitment: &str, stored: Option<&(Vec<u8>, String)>) -> Result<Body, VerifyError> {
    let (salt, text) = stored.ok_or_else(|| record_error(index, "the confidential body is missing from the store"))?;
    let salt: [u8; 32] =
        salt.as_slice().try_into().map_err(|_| record_error(index, "the stored salt is not 32 bytes"))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| record_error(index, format!("stored confidential body: {e}")))?;
    truce_ledger::record::verify_commitment(&salt, &value, commitment)
        .map_err(|_| record_error(index, "the stored confidential body does not match the record's commitment"))?;
    Body::decode(kind, &value).map_err(|e| record_error(index, e))
}

/// Applies a decoded entry.
fn replay_decoded(
    blobs: &dyn BlobStore,
    mechanism: &mut Mechanism,
    index: u64,
    decoded: Decoded,
) -> Result<Effect, VerifyError> {
    let Decoded { signed, body, verified_with } = decoded;
    mechanism.apply_decoded(&signed, body, verified_with.as_ref(), blobs).map_err(|e| match e {
        Rejection::Signature(_) | Rejection::Ledger(_) => record_error(index, e),
        other => record_error(index, format!("not legal when appended: {other}")),
    })
}

/// Entries per page when replaying: small enough that reading and checking
/// the next page overlaps well with applying this one.
const REPLAY_PAGE: u64 = 2_000;

/// A page of entries with each one decoded and its signature checked.
type DecodedPage = (Vec<(u64, Vec<u8>)>, Vec<Result<Decoded, VerifyError>>);

/// Reads and decodes pages one ahead: while a page is applied (in order, on
/// one core), the next is read and its signatures are checked on the
/// blocking pool, so the two overlap.
struct Pages {
    store: Store,
    size: u64,
    signatures: Signatures,
    next_from: u64,
    ahead: Option<tokio::task::JoinHandle<DecodedPage>>,
}

impl Pages {
    fn new(store: &Store, size: u64, signatures: Signatures) -> Self {
        Self { store: store.clone(), size, signatures, next_from: 0, ahead: None }
    }

    async fn read(
        &mut self,
        keys: HashMap<String, VerifyingKey>,
    ) -> Result<Option<tokio::task::JoinHandle<DecodedPage>>, VerifyError> {
        if self.next_from >= self.size {
            return Ok(None);
        }
        let to = (self.next_from + REPLAY_PAGE).min(self.size);
        let page = self.store.entries(self.next_from, to).await?;
        for (position, (index, _)) in page.iter().enumerate() {
            if *index != self.next_from + position as u64 {
                return Err(record_error(self.next_from + position as u64, "is missing from the store"));
            }
        }
        if page.len() as u64 != to - self.next_from {
            return Err(record_error(self.next_from + page.len() as u64, "is missing from the store"));
        }
        let confidential: HashMap<u64, (Vec<u8>, String)> = self
            .store
            .confidential_between(self.next_from, to)
            .await?
            .into_iter()
            .map(|(index, salt, body)| (index, (salt, body)))
            .collect();
        self.next_from = to;
        let signatures = self.signatures;
        Ok(Some(tokio::task::spawn_blocking(move || {
            let decoded = decode_page(&page, &confidential, &keys, signatures);
            (page, decoded)
        })))
    }

    /// The next page, decoded; `None` at the end.
    async fn next(&mut self, mechanism: &Mechanism) -> Result<Option<DecodedPage>, VerifyError> {
        let keys = || mechanism.principals.iter().map(|(id, p)| (id.to_string(), p.key.clone())).collect();
        let current = match self.ahead.take() {
            Some(handle) => Some(handle),
            None => self.read(keys()).await?,
        };
        let Some(current) = current else { return Ok(None) };
        // Start on the next page before this one is applied. Authors first
        // registered in this page are not in the snapshot; their records are
        // checked while applying instead.
        self.ahead = self.read(keys()).await?;
        let page = current.await.map_err(|e| VerifyError::Node(NodeError::Other(format!("decoding: {e}"))))?;
        Ok(Some(page))
    }
}

/// Applies a decoded page of entries in order.
fn replay_page(
    blobs: &dyn BlobStore,
    mechanism: &mut Mechanism,
    (page, decoded): DecodedPage,
    mut each: impl FnMut(&Mechanism, u64, &[u8], &Effect) -> Result<(), VerifyError>,
) -> Result<(), VerifyError> {
    for ((index, entry), decoded) in page.iter().zip(decoded) {
        let effect = replay_decoded(blobs, mechanism, *index, decoded?)?;
        each(mechanism, *index, entry, &effect)?;
    }
    Ok(())
}

/// Loads the state of a stored log for the sequencer, checking the tree
/// against the latest checkpoint.
pub async fn load(store: &Store, blobs: &dyn BlobStore, vkey: &str) -> Result<(Mechanism, Tree), NodeError> {
    load_from(store, blobs, vkey, None).await.map(|loaded| (loaded.mechanism, loaded.tree))
}

/// A state loaded for the sequencer, and how.
pub struct Loaded {
    /// The state.
    pub mechanism: Mechanism,
    /// The tree.
    pub tree: Tree,
    /// The size of the snapshot it started from, if one was used.
    pub snapshot: Option<u64>,
    /// Records replayed (after the snapshot, if one was used).
    pub replayed: u64,
    /// Why the snapshot was not used, when there was one.
    pub passed_over: Option<crate::snapshot::Unusable>,
    /// The statistics each kind of reader may read, over the loaded
    /// state's cases: the snapshot's, brought up to date with the records
    /// replayed after it; `None` when no snapshot with them was used.
    pub readers: Option<truce_core::stats::ReaderTallies>,
}

/// Like [`load`], starting from the snapshot at `snapshot` when it holds
/// and the store vouches for it (see [`crate::snapshot`]); otherwise from
/// the first record, saying why in [`Loaded::passed_over`]. Either way the records
/// after the start are replayed and the tree they give is checked against
/// the latest checkpoint.
pub async fn load_from(
    store: &Store,
    blobs: &dyn BlobStore,
    vkey: &str,
    snapshot: Option<&std::path::Path>,
) -> Result<Loaded, NodeError> {
    let to_node = |e: VerifyError| match e {
        VerifyError::Discrepancy(d) => NodeError::Other(format!("the store is inconsistent: {d}; run truce verify")),
        VerifyError::Node(n) => n,
    };
    let size = store.log_size().await?;
    let mut passed_over = None;
    let start = match snapshot {
        Some(path) if size > 0 => match usable_snapshot(store, blobs, vkey, path, size).await? {
            Ok(snapshot) => Some(snapshot),
            Err(crate::snapshot::Unusable::Missing(_)) => None,
            Err(why) => {
                passed_over = Some(why);
                None
            }
        },
        Some(_) | None => None,
    };
    let from_snapshot = start.as_ref().map(|s| s.tree.size());
    let (mut mechanism, mut tree, mut readers) = match start {
        Some(s) => (s.mechanism, s.tree, s.readers),
        None => (Mechanism::new(false), Tree::new(), None),
    };
    // The snapshot's statistics follow the cases the replay changes.
    if readers.is_some() {
        mechanism.docket.keep_changes();
    }
    let first = tree.size();
    let mut pages = Pages::new(store, size, Signatures::TrustAppended);
    pages.next_from = first;
    while let Some(page) = pages.next(&mechanism).await.map_err(to_node)? {
        replay_page(blobs, &mut mechanism, page, |_, index, entry, _| {
            tree.append(entry).map(|_| ()).map_err(|e| record_error(index, e))
        })
        .map_err(to_node)?;
        if let Some(readers) = readers.as_mut() {
            for change in mechanism.docket.take_changes() {
                readers.change(change.before.as_deref(), &change.after);
            }
        }
    }
    if readers.is_some() {
        mechanism.docket.stop_keeping_changes();
    }
    match store.latest_checkpoint().await? {
        Some((_, note)) => {
            let checkpoint = open_checkpoint(&note, vkey)?;
            if checkpoint.size != tree.size() || checkpoint.root != tree.root()? {
                return Err(NodeError::Other(format!(
                    "the latest checkpoint (size {}) does not match the {} stored entries; run truce verify",
                    checkpoint.size,
                    tree.size()
                )));
            }
        }
        None if size == 0 => {}
        None => return Err(NodeError::Other("the log has entries but no checkpoint; run truce verify".into())),
    }
    let replayed = tree.size() - first;
    Ok(Loaded { mechanism, tree, snapshot: from_snapshot, replayed, passed_over, readers })
}

/// The snapshot at `path` if it holds on its own and the store vouches for
/// it: a checkpoint of its size, signed with the log's key, with its root,
/// in a log of at least that size.
async fn usable_snapshot(
    store: &Store,
    blobs: &dyn BlobStore,
    vkey: &str,
    path: &std::path::Path,
    size: u64,
) -> Result<Result<crate::snapshot::Snapshot, crate::snapshot::Unusable>, NodeError> {
    use crate::snapshot::Unusable;
    let snapshot = match crate::snapshot::read(path, vkey, blobs) {
        Ok(snapshot) => snapshot,
        Err(why) => return Ok(Err(why)),
    };
    let at = snapshot.tree.size();
    let not_in_store = |reason: String| Ok(Err(Unusable::NotInStore { size: at, reason }));
    if at > size {
        return not_in_store(format!("the store holds only {size} records"));
    }
    let Some(note) = store.checkpoint_at(at).await? else {
        return not_in_store("the store holds no checkpoint of that size".into());
    };
    let checkpoint = match open_checkpoint(&note, vkey) {
        Ok(checkpoint) => checkpoint,
        Err(e) => return not_in_store(format!("its checkpoint of that size does not open: {e}")),
    };
    if checkpoint.root != snapshot.tree.root()? {
        return not_in_store("the checkpoint of that size has another root".into());
    }
    Ok(Ok(snapshot))
}

/// Brings a loaded state up to the checkpoint `(size, note)` another
/// server's sequencer has committed: applies the stored entries from
/// `tree.size()` to `size` and checks the tree against the checkpoint.
/// Returns each applied entry's index and effect. Used by a server that
/// follows the log without holding the sequencer lease.
pub(crate) async fn follow(
    store: &Store,
    blobs: &dyn BlobStore,
    mechanism: &mut Mechanism,
    tree: &mut Tree,
    (size, note): (u64, &str),
    vkey: &str,
) -> Result<Vec<(u64, Effect)>, NodeError> {
    let to_node = |e: VerifyError| match e {
        VerifyError::Discrepancy(d) => NodeError::Other(format!("the store is inconsistent: {d}; run truce verify")),
        VerifyError::Node(n) => n,
    };
    let mut effects = Vec::new();
    let mut pages = Pages::new(store, size, Signatures::TrustAppended);
    pages.next_from = tree.size();
    while let Some(page) = pages.next(mechanism).await.map_err(to_node)? {
        replay_page(blobs, mechanism, page, |_, index, entry, effect| {
            effects.push((index, effect.clone()));
            tree.append(entry).map(|_| ()).map_err(|e| record_error(index, e))
        })
        .map_err(to_node)?;
    }
    let checkpoint = open_checkpoint(note, vkey)?;
    if checkpoint.size != tree.size() || checkpoint.root != tree.root()? {
        return Err(NodeError::Other(format!(
            "the checkpoint of size {} does not match the {} entries followed; run truce verify",
            checkpoint.size,
            tree.size()
        )));
    }
    Ok(effects)
}

fn tile_place(stored_index: u64) -> String {
    let (level, n) = tlog_tiles::split_stored_hash_index(stored_index);
    if level % 8 == 0 {
        let tile_level = level / 8;
        let tile = n >> 8;
        format!(
            "tree level {level}, node {n}: hash {} of tile {}",
            n % 256,
            truce_ledger::tiles::tile_path(tile_level, tile, None)
        )
    } else {
        format!("tree level {level}, node {n}")
    }
}

/// The event rows the log gives one case: how many, and a digest that
/// chains them in order (SHA-256 over the previous digest and the row's
/// fields, cut to 16 bytes). Stored rows are read back in the same order and
/// chained the same way, so a changed, missing, extra or reordered row
/// changes the case's chain.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct EventChain {
    rows: u64,
    digest: [u8; 16],
}

impl EventChain {
    fn push(&mut self, r: &truce_store::EventRow) {
        let mut h = Sha256::new();
        h.update(self.digest);
        h.update(r.seq.to_be_bytes());
        h.update(r.record_idx.to_be_bytes());
        h.update(r.at.to_be_bytes());
        // Texts are length-prefixed so that no byte can move between them
        // unnoticed.
        for text in [&r.case_id, &r.kind, &r.doc] {
            h.update((text.len() as u64).to_be_bytes());
            h.update(text.as_bytes());
        }
        let d = h.finalize();
        self.digest.copy_from_slice(d.get(..16).unwrap_or(&[0; 16]));
        self.rows += 1;
    }
}

/// Compares a case's stored event rows (chained) with those the log gives;
/// returns the number of rows compared.
fn compare_events(id: &CaseId, stored: &EventChain, expected: Option<EventChain>) -> Result<u64, VerifyError> {
    let expected = expected.unwrap_or_default();
    if stored.rows < expected.rows {
        return Err(projection_error(
            "case_events",
            format!("{id}#{}", stored.rows),
            format!("is missing from the store ({} of {} events stored)", stored.rows, expected.rows),
        ));
    }
    if stored.rows > expected.rows {
        return Err(projection_error(
            "case_events",
            format!("{id}#{}", expected.rows),
            format!("is in the store, but the log gives the case only {} events", expected.rows),
        ));
    }
    if stored.digest != expected.digest {
        return Err(projection_error(
            "case_events",
            id,
            format!(
                "the {} stored events differ from those the log gives (a row changed or out of order)",
                stored.rows
            ),
        ));
    }
    Ok(stored.rows)
}

fn projection_error(table: &'static str, key: impl ToString, reason: impl ToString) -> VerifyError {
    VerifyError::Discrepancy(Discrepancy::Projection { table, key: key.to_string(), reason: reason.to_string() })
}

/// Compares one field of a row, naming it when it differs.
fn field<T: PartialEq + fmt::Debug>(
    table: &'static str,
    key: &str,
    name: &str,
    stored: &T,
    expected: &T,
) -> Result<(), VerifyError> {
    if stored == expected {
        Ok(())
    } else {
        Err(projection_error(table, key, format!("{name} is {stored:?} in the store, but the log gives {expected:?}")))
    }
}

/// Verifies a stored log completely. `progress(done, total)` is called as
/// records are replayed.
pub async fn verify(
    store: &Store,
    blobs: &dyn BlobStore,
    vkey: &str,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<VerifyReport, VerifyError> {
    let size = store.log_size().await?;
    let checkpoints = store.checkpoints().await?;
    let mut mechanism = Mechanism::new(false);
    // Only the tree's right border is kept: each stored hash is compared as
    // the page that adds it is replayed, and each checkpoint as the tree
    // reaches its size, so the tree costs no memory per record.
    let mut tree = Frontier::new();
    let mut due = checkpoints.iter().peekable();
    check_due_checkpoints(&mut due, &tree, vkey)?;
    // Per case, how many event rows the log gives and a running digest of
    // them in order: a few bytes per case, however long its history.
    // A hash map: a B-tree's half-full nodes took three times the memory.
    let mut event_chains: HashMap<CaseId, EventChain> = HashMap::new();
    let mut pages = Pages::new(store, size, Signatures::Check);
    while let Some(page) = pages.next(&mechanism).await? {
        let hashes_from = tree.stored_hash_count();
        let mut added: Vec<Hash> = Vec::new();
        replay_page(blobs, &mut mechanism, page, |_, index, entry, effect| {
            match effect {
                Effect::Case(events) | Effect::Alert { escalations: events, .. } => {
                    for (seq, event) in events {
                        let row = projection::event_row(event, *seq, index).map_err(|e| record_error(index, e))?;
                        let chain = match event_chains.get_mut(&event.case) {
                            Some(chain) => chain,
                            None => event_chains.entry(event.case.clone()).or_default(),
                        };
                        chain.push(&row);
                    }
                }
                // Applying checked the file is there with its size; here its
                // content is checked against its hash too.
                Effect::Evidence(sha256) => match blobs.get(sha256) {
                    Ok(Some(_)) => {}
                    Ok(None) => return Err(record_error(index, format!("evidence file {sha256} is missing"))),
                    Err(e) => return Err(record_error(index, format!("evidence file {sha256}: {e}"))),
                },
                Effect::Principal(_)
                | Effect::Agreement
                | Effect::Talks(_)
                | Effect::Situation(_)
                | Effect::PublicSource(..) => {}
            }
            added.extend(tree.append(entry).map_err(|e| record_error(index, e))?);
            check_due_checkpoints(&mut due, &tree, vkey)?;
            Ok(())
        })?;
        compare_hashes(store, hashes_from, &added, size).await?;
        progress(mechanism.size, size);
    }

    // The latest checkpoint covers exactly the stored entries.
    let latest = checkpoints.last().map(|(s, _)| *s).unwrap_or(0);
    if latest != size {
        return Err(VerifyError::Discrepancy(Discrepancy::Checkpoint {
            size: latest,
            reason: format!("the latest checkpoint covers {latest} records, but the store holds {size}"),
        }));
    }
    // No stored hash beyond those the entries need (each of those was
    // compared above), and no checkpoint left unchecked.
    let stored_count = store.hash_count().await?;
    if stored_count != tree.stored_hash_count() {
        return Err(VerifyError::Discrepancy(Discrepancy::HashCount {
            stored: stored_count,
            expected: tree.stored_hash_count(),
            entries: size,
        }));
    }
    if let Some((at, _)) = due.next() {
        return Err(VerifyError::Discrepancy(Discrepancy::Checkpoint {
            size: *at,
            reason: format!("is not in order, or is for a size the log never had (it holds {size} records)"),
        }));
    }

    let rows = compare_projection(store, &mechanism, event_chains).await?;
    Ok(VerifyReport {
        records: size,
        checkpoint_size: latest,
        checkpoints: checkpoints.len(),
        cases: mechanism.docket.len(),
        rows,
        agreement: mechanism.agreement().map(|a| (a.identity.id.to_string(), a.identity.version)),
        versions: mechanism.consent.versions.clone(),
        talks: mechanism.talks.clone(),
        alerts: mechanism.alerts.clone(),
        public_sources: mechanism.public_sources.clone(),
        situation: mechanism.situation.reports.clone(),
        custodial_records: mechanism.custodial_records,
    })
}

/// Checks every checkpoint due at the tree's current size: signed by the
/// log, for that size, over the tree's root.
fn check_due_checkpoints<'a>(
    due: &mut std::iter::Peekable<impl Iterator<Item = &'a (u64, String)>>,
    tree: &Frontier,
    vkey: &str,
) -> Result<(), VerifyError> {
    while let Some((at, note)) = due.next_if(|(at, _)| *at == tree.size()) {
        let checkpoint = open_checkpoint(note, vkey).map_err(|e| {
            VerifyError::Discrepancy(Discrepancy::Checkpoint { size: *at, reason: format!("does not verify: {e}") })
        })?;
        let root = tree.root().map_err(|e| record_error(*at, e))?;
        if checkpoint.size != *at || checkpoint.root != root {
            return Err(VerifyError::Discrepancy(Discrepancy::Checkpoint {
                size: *at,
                reason: format!(
                    "signed root {} for size {} is not the root of the stored entries ({})",
                    hex::encode(checkpoint.root),
                    checkpoint.size,
                    hex::encode(root)
                ),
            }));
        }
    }
    Ok(())
}

/// Compares the stored hashes from storage index `from` with those a page
/// of entries added.
async fn compare_hashes(store: &Store, from: u64, added: &[Hash], size: u64) -> Result<(), VerifyError> {
    let mut at = from;
    for chunk in added.chunks(usize::try_from(PAGE).unwrap_or(usize::MAX).max(1)) {
        let to = at + chunk.len() as u64;
        let stored = store.hashes(at, to).await?;
        if stored.len() != chunk.len() || stored.iter().zip(at..).any(|((index, _), want)| *index != want) {
            return Err(VerifyError::Discrepancy(Discrepancy::HashCount {
                stored: store.hash_count().await?,
                expected: tlog_tiles::stored_hash_count(size),
                entries: size,
            }));
        }
        for ((index, hash), computed) in stored.iter().zip(chunk) {
            if hash.as_slice() != computed.as_slice() {
                return Err(VerifyError::Discrepancy(Discrepancy::Hash {
                    stored_index: *index,
                    place: tile_place(*index),
                    stored: hex::encode(hash),
                    computed: hex::encode(computed),
                }));
            }
        }
        at = to;
    }
    Ok(())
}

/// Rows per page when streaming stored projections.
const ROWS: u64 = 2_000;

/// A read of one page of stored rows, after a cursor.
type PageRead<R> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<R>, StoreError>> + Send>>;

/// A stored table streamed a page at a time, in keyset order, the next page
/// read (and its rows decoded) on another task while this one is compared:
/// the comparison and the reading each take most of a core at 1M records.
struct RowPages<R, C> {
    store: Store,
    read: fn(Store, Option<C>) -> PageRead<R>,
    cursor: fn(&R) -> C,
    ahead: Option<tokio::task::JoinHandle<Result<Vec<R>, StoreError>>>,
}

impl<R: Send + 'static, C> RowPages<R, C> {
    fn new(store: &Store, read: fn(Store, Option<C>) -> PageRead<R>, cursor: fn(&R) -> C) -> Self {
        let ahead = Some(tokio::spawn(read(store.clone(), None)));
        Self { store: store.clone(), read, cursor, ahead }
    }

    /// The next page; `None` after the last.
    async fn next(&mut self) -> Result<Option<Vec<R>>, VerifyError> {
        let Some(handle) = self.ahead.take() else { return Ok(None) };
        let page = handle.await.map_err(|e| VerifyError::Node(NodeError::Other(format!("reading rows: {e}"))))??;
        match page.last() {
            Some(last) if page.len() as u64 == ROWS => {
                self.ahead = Some(tokio::spawn((self.read)(self.store.clone(), Some((self.cursor)(last)))));
            }
            Some(_) => {}
            None => return Ok(None),
        }
        Ok(Some(page))
    }
}

async fn compare_projection(
    store: &Store,
    m: &Mechanism,
    mut event_chains: HashMap<CaseId, EventChain>,
) -> Result<u64, VerifyError> {
    // Principals are few: compare them whole. Every table
    // that grows with the cases is streamed, and compared without holding
    // a second copy of it.
    let principals = store.read_principals().await?;
    let mut rows = 0u64;

    let expected: Vec<_> = m.principals.iter().map(|(id, p)| projection::principal_row(id, p)).collect();
    if principals.len() != expected.len() {
        return Err(projection_error(
            "principals",
            "*",
            format!("{} rows in the store, {} from the log", principals.len(), expected.len()),
        ));
    }
    for (s, e) in principals.iter().zip(&expected) {
        if s != e {
            return Err(projection_error("principals", &e.id, format!("stored {s:?}, from the log {e:?}")));
        }
        rows += 1;
    }

    // Cases, findings and penalties: stream the stored rows page by page and
    // compare each with the row the replayed case gives; then make sure no
    // case was left unseen.
    let case_of = |key: &str, table: &'static str| {
        CaseId::parse(key)
            .ok()
            .and_then(|id| m.docket.case(&id))
            .ok_or_else(|| projection_error(table, key, "is in the store, but no record creates such a case"))
    };
    // Stored ids are unique (the primary key) and each matched a replayed
    // case, so equal counts mean every case is stored.
    let mut cases_seen = 0usize;
    let mut pages = RowPages::new(
        store,
        |s, after: Option<String>| Box::pin(async move { s.cases_after(after.as_deref(), ROWS).await }),
        |r| r.id.clone(),
    );
    while let Some(page) = pages.next().await? {
        for s in &page {
            let key = s.id.as_str();
            let case = case_of(key, "cases")?;
            let last = m.last_record(&case.id);
            let e = projection::case_row(case, last).map_err(|x| projection_error("cases", key, x))?;
            field("cases", key, "status", &s.status, &e.status)?;
            field("cases", key, "accused", &s.accused, &e.accused)?;
            field("cases", key, "complainant", &s.complainant, &e.complainant)?;
            field("cases", key, "filed_at", &s.filed_at, &e.filed_at)?;
            field("cases", key, "occurred_at", &s.occurred_at, &e.occurred_at)?;
            field("cases", key, "occurred_until", &s.occurred_until, &e.occurred_until)?;
            field("cases", key, "time_precision", &s.time_precision, &e.time_precision)?;
            field("cases", key, "summary", &s.summary, &e.summary)?;
            field("cases", key, "provisions", &s.provisions, &e.provisions)?;
            field("cases", key, "casualties", &s.casualties, &e.casualties)?;
            field("cases", key, "lat", &s.lat, &e.lat)?;
            field("cases", key, "lon", &s.lon, &e.lon)?;
            field("cases", key, "sector", &s.sector, &e.sector)?;
            field("cases", key, "team", &s.team, &e.team)?;
            field("cases", key, "last_record_idx", &s.last_record_idx, &e.last_record_idx)?;
            cases_seen += 1;
            rows += 1;
        }
    }
    if cases_seen != m.docket.len() {
        // Only now, to name it: the first case the store does not hold.
        let mut missing = None;
        for c in m.docket.cases() {
            if store.case(c.id.as_str()).await?.is_none() {
                missing = Some(c.id.to_string());
                break;
            }
        }
        return Err(projection_error(
            "cases",
            missing.unwrap_or_else(|| "*".into()),
            format!("is missing from the store ({cases_seen} of {} cases stored)", m.docket.len()),
        ));
    }

    let expected_findings = m.docket.cases().filter(|c| c.finding.is_some()).count();
    let mut seen = 0usize;
    let mut pages = RowPages::new(
        store,
        |s, after: Option<String>| Box::pin(async move { s.findings_after(after.as_deref(), ROWS).await }),
        |r| r.case_id.clone(),
    );
    while let Some(page) = pages.next().await? {
        for s in &page {
            let key = s.case_id.as_str();
            let case = case_of(key, "findings")?;
            match projection::finding_row(case).map_err(|x| projection_error("findings", key, x))? {
                Some(e) if *s == e => {}
                Some(e) => return Err(projection_error("findings", key, format!("stored {s:?}, from the log {e:?}"))),
                None => return Err(projection_error("findings", key, "is in the store, but the case has no finding")),
            }
            seen += 1;
            rows += 1;
        }
    }
    if seen != expected_findings {
        let missing = m.docket.cases().find(|c| c.finding.is_some()).map(|c| c.id.to_string()).unwrap_or_default();
        return Err(projection_error(
            "findings",
            missing,
            format!("the store holds {seen} finding rows, the log gives {expected_findings}"),
        ));
    }

    let expected_penalties = m.docket.cases().filter(|c| c.penalty_proposal.is_some()).count();
    let mut seen = 0usize;
    let mut pages = RowPages::new(
        store,
        |s, after: Option<String>| Box::pin(async move { s.penalties_after(after.as_deref(), ROWS).await }),
        |r| r.case_id.clone(),
    );
    while let Some(page) = pages.next().await? {
        for s in &page {
            let key = s.case_id.as_str();
            let case = case_of(key, "penalties")?;
            match projection::penalty_row(case) {
                Some(e) if *s == e => {}
                Some(e) => return Err(projection_error("penalties", key, format!("stored {s:?}, from the log {e:?}"))),
                None => return Err(projection_error("penalties", key, "is in the store, but the case has no penalty")),
            }
            seen += 1;
            rows += 1;
        }
    }
    if seen != expected_penalties {
        return Err(projection_error(
            "penalties",
            "*",
            format!("the store holds {seen} penalty rows, the log gives {expected_penalties}"),
        ));
    }

    // Events: the stored rows of each case, chained in order, against the
    // chain of the rows the log gives; a case is taken off the list once
    // compared, so what is left at the end is missing from the store.
    let mut current: Option<(CaseId, EventChain)> = None;
    let mut pages = RowPages::new(
        store,
        |s, after: Option<(String, u64)>| {
            Box::pin(async move { s.events_after(after.as_ref().map(|(c, q)| (c.as_str(), *q)), ROWS).await })
        },
        |r| (r.case_id.clone(), r.seq),
    );
    while let Some(page) = pages.next().await? {
        for s in &page {
            if current.as_ref().is_none_or(|(id, _)| id.as_str() != s.case_id) {
                if let Some((id, chain)) = current.take() {
                    rows += compare_events(&id, &chain, event_chains.remove(&id))?;
                }
                let Some(id) = CaseId::parse(&s.case_id).ok().filter(|id| event_chains.contains_key(id)) else {
                    return Err(projection_error(
                        "case_events",
                        format!("{}#{}", s.case_id, s.seq),
                        "is in the store, but the log has no such event",
                    ));
                };
                current = Some((id, EventChain::default()));
            }
            if let Some((_, chain)) = current.as_mut() {
                chain.push(s);
            }
        }
    }
    if let Some((id, chain)) = current.take() {
        rows += compare_events(&id, &chain, event_chains.remove(&id))?;
    }
    // The first in order, so that the report names the same case each time.
    if let Some((id, expected)) = event_chains.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
        return Err(projection_error(
            "case_events",
            format!("{id}#0"),
            format!("is missing from the store (0 of {} events stored)", expected.rows),
        ));
    }

    // Incidents: each case is its own report; duplicates join their target.
    // Each stored row must be one the merges give and the counts must agree
    // (the primary key keeps stored rows unique).
    let merges_give = |case_id: &str, report: &str| {
        CaseId::parse(case_id)
            .ok()
            .and_then(|id| m.docket.case(&id))
            .is_some_and(|c| report == case_id || c.duplicates.iter().any(|d| d.as_str() == report))
    };
    let expected_incidents: usize = m.docket.cases().map(|c| 1 + c.duplicates.len()).sum();
    let mut stored_incidents = 0usize;
    let mut pages = RowPages::new(
        store,
        |s, after: Option<truce_store::IncidentRow>| {
            Box::pin(async move {
                s.incidents_after(after.as_ref().map(|r| (r.case_id.as_str(), r.report_case_id.as_str())), ROWS).await
            })
        },
        Clone::clone,
    );
    while let Some(page) = pages.next().await? {
        for s in &page {
            if !merges_give(&s.case_id, &s.report_case_id) {
                return Err(projection_error(
                    "incidents",
                    format!("{} / {}", s.case_id, s.report_case_id),
                    "differs from the merges in the log",
                ));
            }
            stored_incidents += 1;
        }
    }
    if stored_incidents != expected_incidents {
        return Err(projection_error(
            "incidents",
            "*",
            format!("{stored_incidents} rows in the store, {expected_incidents} from the merges in the log"),
        ));
    }
    rows += stored_incidents as u64;
    Ok(rows)
}

/// Drops every projection row and writes them again from the log. Returns
/// the number of records replayed.
pub async fn rebuild(store: &Store, blobs: &dyn BlobStore, vkey: &str) -> Result<u64, NodeError> {
    // Refuse to rebuild from a log whose tree or checkpoint is wrong.
    load(store, blobs, vkey).await?;
    store.clear_projections().await?;
    let to_node = |e: VerifyError| match e {
        VerifyError::Discrepancy(d) => NodeError::Other(d.to_string()),
        VerifyError::Node(n) => n,
    };
    let json = |e: serde_json::Error| NodeError::Other(format!("projection: {e}"));
    let mut mechanism = Mechanism::new(false);
    let size = store.log_size().await?;
    let mut pages = Pages::new(store, size, Signatures::Check);
    while let Some(page) = pages.next(&mechanism).await.map_err(to_node)? {
        let mut p = truce_store::Projection::default();
        replay_page(blobs, &mut mechanism, page, |_, index, _, effect| {
            for (seq, event) in effect.case_events() {
                p.events.push(projection::event_row(event, *seq, index).map_err(|e| record_error(index, e))?);
                p.incidents.extend(projection::incident_rows(event));
            }
            Ok(())
        })
        .map_err(to_node)?;
        store.commit_batch(&truce_store::Batch { projection: p, ..truce_store::Batch::default() }).await?;
    }
    let mut p = truce_store::Projection {
        principals: mechanism.principals.iter().map(|(id, pr)| projection::principal_row(id, pr)).collect(),
        ..truce_store::Projection::default()
    };
    for case in mechanism.docket.cases() {
        let last = mechanism.last_record(&case.id);
        p.cases.push(projection::case_row(case, last).map_err(json)?);
        if let Some(row) = projection::finding_row(case).map_err(json)? {
            p.findings.push(row);
        }
        if let Some(row) = projection::penalty_row(case) {
            p.penalties.push(row);
        }
    }
    store.commit_batch(&truce_store::Batch { projection: p, ..truce_store::Batch::default() }).await?;
    Ok(size)
}
