//! The sequencer: one writer that turns submissions into durable log
//! records, with group commit.
//!
//! Submitters send a record and wait. The writer takes whatever is queued
//! (up to [`SequencerConfig::batch_limit`]), checks each record against the
//! state ([`Mechanism::apply`]), appends the legal ones to the Merkle tree,
//! signs a checkpoint, and writes entries, hashes, checkpoint and projection
//! rows in one transaction. Only after that commit does each submitter get
//! its answer: the index and an inclusion proof to the new checkpoint. An
//! idle log answers at once; a busy one batches without a fixed wait.
//!
//! Three things keep the single writer fast. Work that needs no shared
//! state (canonical encoding, decoding the body, checking the author's
//! signature against its registered key) is done in the submitter's own
//! task, on any core. A record this process signed itself skips the checks
//! that cannot fail ([`Submission`]). And while one batch is being made
//! durable, the writer gathers the next (applies its records, appends them
//! to the tree) and seals it only once the committer is free, so a batch
//! holds everything that arrived meanwhile: under load batches grow, and
//! the fixed cost of a commit (its statements, the log pages it writes and
//! the `fsync`: several milliseconds here) is shared by more records. If a commit fails,
//! the batch being gathered and every later batch of that epoch are failed
//! unwritten and the writer reloads its state from the store before going
//! on.
//!
//! Several servers may share one PostgreSQL database ([`Ledger::start_shared`]).
//! Exactly one of them sequences: the one holding the sequencer lease, a
//! session-level advisory lock on a connection of its own
//! ([`truce_store::Lease`]). Every batch also moves the log's head by a
//! compare-and-set from the size it was built on, so a leader that lost its
//! lease without knowing it yet changes nothing. The others follow the log
//! table (applying each new checkpoint's entries to their state, so their
//! principals, agreement and checkpoints stay current for their readers)
//! and queue what they are given in the database for the leader, waiting
//! for its answer there. A queue rather than forwarding to the leader's
//! address: the row outlives a leader that dies, the next leader takes it,
//! and the leader marks it appended in the same transaction that appends
//! it, so no acknowledged record is lost and none is appended twice. When
//! the leader dies its session ends, PostgreSQL frees the lock, and the
//! first follower to take it (within [`LEASE_TRY_EVERY`]) catches up to the
//! latest checkpoint and sequences, starting with the queue.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot, watch};
use truce_core::access::Viewer;
use truce_core::docket::CaseChange;
use truce_core::ids::CaseId;
use truce_core::stats::{ReaderTallies, Statistics};
use truce_ledger::Hash;
use truce_ledger::{LogIdentity, Payload, SignedRecord, Tree, VerifyingKey, encode_tlog_proof};
use truce_store::{Batch, Lease, Projection, QueueOutcome, QueuedSubmission, Store};

use crate::blobs::BlobStore;
use crate::error::{NodeError, RefusalClass, Rejection};
use crate::projection;
use crate::records::Body;
use crate::replay;
use crate::state::{Effect, Mechanism};

/// The plaintext of a confidential record, revealed to the log operator only.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    /// The salt of the commitment.
    pub salt: [u8; 32],
    /// The body.
    pub body: serde_json::Value,
}

/// A record to append.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// The signed record.
    record: SignedRecord,
    /// For a confidential record, its body and salt.
    reveal: Option<Reveal>,
    /// Set on a record this process has just signed; `None` for a record
    /// signed elsewhere.
    signed_here: Option<SignedHere>,
}

impl Submission {
    /// A record signed elsewhere (by a party's own system), with the body
    /// and salt of a confidential one: every check applies to it.
    pub fn signed_elsewhere(record: SignedRecord, reveal: Option<Reveal>) -> Submission {
        Submission { record, reveal, signed_here: None }
    }

    /// A record this process has just signed with `key`.
    pub(crate) fn signed_here(
        record: SignedRecord,
        reveal: Option<Reveal>,
        key: &truce_ledger::SigningKey,
    ) -> Submission {
        Submission { record, reveal, signed_here: Some(SignedHere { key: key.verifying_key() }) }
    }

    /// The signed record.
    pub fn record(&self) -> &SignedRecord {
        &self.record
    }

    /// The body and salt of a confidential record.
    pub fn reveal(&self) -> Option<&Reveal> {
        self.reveal.as_ref()
    }

    /// The record and reveal, no longer marked as signed here.
    pub fn into_parts(self) -> (SignedRecord, Option<Reveal>) {
        (self.record, self.reveal)
    }
}

/// The mark of a record this process signed itself, with the public half of
/// the key it signed with. Only [`crate::records::submission`] makes one,
/// and a submission's fields cannot be changed after it.
///
/// For such a record the sequencer skips two checks that cannot fail: the
/// commitment, made from the revealed body a moment before, and the
/// signature check, when the key is the author's registered key (a
/// signature `ed25519-dalek` makes with a key that is not weak, and a
/// registered key never is, passes the strict check and so the ZIP-215 one).
/// Re-checking them cost a filing over HTTP about a tenth of its CPU time.
/// `truce verify` still checks every signature and commitment.
#[derive(Debug, Clone, PartialEq)]
struct SignedHere {
    key: VerifyingKey,
}

/// What a submitter gets once its record is durable.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    /// The record's index in the log.
    pub index: u64,
    /// The tree size of the checkpoint it is proved against.
    pub size: u64,
    /// The signed checkpoint.
    pub checkpoint: String,
    /// The inclusion proof.
    pub proof: Vec<Hash>,
    /// The whole proof as a `c2sp.org/tlog-proof@v1` file.
    pub tlog_proof: String,
    /// What the record changed.
    pub effect: Effect,
}

/// Tuning of the sequencer.
#[derive(Debug, Clone)]
pub struct SequencerConfig {
    /// Most records in one commit.
    pub batch_limit: usize,
    /// How far a record's time may be from the log's clock; `None` accepts
    /// any time (for importing sample or historical data).
    pub max_clock_skew: Option<ClockSkew>,
    /// Where the start-up snapshot of the replayed state is kept
    /// ([`crate::snapshot`]); `None` keeps none, and every start replays the
    /// whole log.
    pub snapshot: Option<std::path::PathBuf>,
    /// How many records a start must replay, or the log must grow by while
    /// serving, before a snapshot is written ([`SNAPSHOT_EVERY`]).
    pub snapshot_every: u64,
}

/// How far a record's time may be from the log's clock, each way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockSkew {
    /// Behind it: a client that signed a little while ago (a phone that
    /// queued its filing, a slow link) is not refused.
    pub behind: jiff::SignedDuration,
    /// Ahead of it: little. A case refuses a command dated before its last
    /// event, so a record dated ahead would hold everyone else's commands
    /// on that case back until the clock caught up with it.
    pub ahead: jiff::SignedDuration,
}

impl Default for ClockSkew {
    fn default() -> Self {
        Self { behind: jiff::SignedDuration::from_mins(10), ahead: jiff::SignedDuration::from_secs(30) }
    }
}

impl Default for SequencerConfig {
    fn default() -> Self {
        Self {
            batch_limit: 256,
            max_clock_skew: Some(ClockSkew::default()),
            snapshot: None,
            snapshot_every: SNAPSHOT_EVERY,
        }
    }
}

/// A submission checked as far as it can be without the shared state: its
/// entry bytes, decoded body, the salt and plaintext of a confidential body,
/// and the key its signature was verified with.
struct Prepared {
    record: SignedRecord,
    entry: Vec<u8>,
    body: Body,
    confidential: Option<(Vec<u8>, String)>,
    verified_with: Option<VerifyingKey>,
}

/// Registered principals and the adopted agreement, shared with submitters
/// (so they can check signatures in their own tasks) and with readers such
/// as the server. Principals are never replaced.
#[derive(Debug, Default)]
struct Directory {
    principals: HashMap<String, crate::state::Principal>,
    agreement: Option<(Arc<truce_core::Agreement>, String)>,
    /// Every version proposed, with its signatures.
    versions: Vec<crate::consent::VersionMark>,
    /// Withdrawals, suspensions and resumptions.
    withdrawals: Vec<crate::consent::WithdrawalMark>,
    /// Which participant key was in force from which record.
    key_history: Vec<crate::consent::KeyMark>,
    /// The talks, replaced whole on each talks record (they are small: a
    /// few rounds, communiqués and commitments a month).
    talks: Arc<truce_core::talks::Talks>,
    /// The early-warning alerts, replaced whole on each alert record (a
    /// handful a week in a crisis, none in a quiet month).
    alerts: Arc<truce_core::early_warning::Alerts>,
    /// The public-source reports imported: each import adds its one
    /// report (an import brings thousands at once, so nothing is replaced whole).
    public_sources: truce_core::public_source::PublicSources,
    /// The daily situation reports, replaced whole on each of their records
    /// (one a day).
    situation: Arc<BTreeMap<jiff::civil::Date, truce_core::situation::Report>>,
    /// The day book the reports are drafted from, kept up day by day as
    /// case records change it.
    day_book: truce_core::situation::DayBook,
}

type KeyRegistry = Arc<RwLock<Directory>>;

impl Directory {
    /// Brings the directory up to `mechanism`, keeping the agreement's
    /// `Arc` when its text is the same (readers compare it by pointer).
    fn refresh(&mut self, mechanism: &Mechanism) {
        let mut fresh = Directory::of_parts(mechanism, false);
        let same = self.agreement.as_ref().map(|(_, sha)| sha) == mechanism.agreement.as_ref().map(|(_, sha)| sha);
        fresh.agreement = if same {
            self.agreement.take()
        } else {
            mechanism.agreement.as_ref().map(|(a, sha)| (Arc::new(a.clone()), sha.clone()))
        };
        // Public-source reports are only ever added, never changed: the
        // same number is the same reports, kept rather than copied again.
        fresh.public_sources = if self.public_sources.reports.len() == mechanism.public_sources.reports.len() {
            std::mem::take(&mut self.public_sources)
        } else {
            mechanism.public_sources.clone()
        };
        *self = fresh;
    }

    fn of(mechanism: &Mechanism) -> Directory {
        Directory::of_parts(mechanism, true)
    }

    fn of_parts(mechanism: &Mechanism, with_agreement: bool) -> Directory {
        Directory {
            principals: mechanism.principals.iter().map(|(id, p)| (id.to_string(), p.clone())).collect(),
            agreement: mechanism
                .agreement
                .as_ref()
                .filter(|_| with_agreement)
                .map(|(a, sha)| (Arc::new(a.clone()), sha.clone())),
            versions: mechanism.consent.versions.clone(),
            withdrawals: mechanism.consent.withdrawals.clone(),
            key_history: mechanism.consent.key_history.clone(),
            talks: Arc::new(mechanism.talks.clone()),
            alerts: Arc::new(mechanism.alerts.clone()),
            // A refresh (`with_agreement` false) decides on its own.
            public_sources: if with_agreement { mechanism.public_sources.clone() } else { Default::default() },
            situation: Arc::new(mechanism.situation.reports.clone()),
            day_book: mechanism.situation.book.clone(),
        }
    }
}

/// Where a submitter waits for its answer.
type Reply = oneshot::Sender<Result<Receipt, NodeError>>;

struct Job {
    prepared: Prepared,
    reply: Reply,
    /// For a record another server queued, its number in the queue.
    queued: Option<i64>,
}

/// How often a follower reads the log table for new checkpoints, and how
/// often a leader reads the queue.
const FOLLOW_EVERY: Duration = Duration::from_millis(50);
/// How often a follower tries for the sequencer lease: the longest the log
/// goes without a sequencer after its leader's session ends, besides the
/// new leader's catching up.
pub const LEASE_TRY_EVERY: Duration = Duration::from_millis(500);
/// How often the leader checks that the session holding its lease is alive.
const LEASE_CHECK_EVERY: Duration = Duration::from_millis(500);
/// Most queued records the leader takes per read of the queue.
const QUEUE_TAKE: u32 = 512;
/// How many recent effects a server keeps for submitters waiting on a
/// record queued for the leader (see [`relay`]).
const RECENT_EFFECTS: usize = 16_384;
/// The longest a submitter whose queued record was appended waits for this
/// server to have applied it.
const APPLIED_WAIT: Duration = Duration::from_secs(20);

/// The effects of the latest records this server applied or committed, by
/// index, for the submitters of queued records.
type RecentEffects = Arc<Mutex<BTreeMap<u64, Effect>>>;

fn remember(recent: &RecentEffects, effects: impl IntoIterator<Item = (u64, Effect)>) {
    if let Ok(mut recent) = recent.lock() {
        recent.extend(effects);
        while recent.len() > RECENT_EFFECTS {
            recent.pop_first();
        }
    }
}

/// What this server's sequencer does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequencerRole {
    /// The only server on its store (SQLite, or PostgreSQL started alone).
    Alone,
    /// Holds the sequencer lease of a shared PostgreSQL store and sequences.
    Leader,
    /// Follows the log of a shared PostgreSQL store; queues what it is given.
    Follower,
}

impl SequencerRole {
    fn from_u8(n: u8) -> SequencerRole {
        match n {
            1 => SequencerRole::Leader,
            2 => SequencerRole::Follower,
            _ => SequencerRole::Alone,
        }
    }

    /// The role's name, as `/healthz` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            SequencerRole::Alone => "alone",
            SequencerRole::Leader => "leader",
            SequencerRole::Follower => "follower",
        }
    }
}

/// The lease's number for the log `origin`: the first eight bytes of a
/// SHA-256 of it, so that logs sharing a PostgreSQL server do not share a lease.
fn lease_key(origin: &str) -> i64 {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("truce sequencer lease\n{origin}").as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// What a writer sharing its store needs besides the rest.
struct Shared {
    lease_key: i64,
    /// Where the queue's records are submitted, without keeping the writer alive.
    jobs: mpsc::WeakSender<Job>,
    role: Arc<AtomicU8>,
    recent: RecentEffects,
}

/// Why a writer stopped leading.
enum LeadEnd {
    /// Every [`Ledger`] is gone.
    Closed,
    /// The session holding the lease failed.
    LeaseLost(String),
}

/// A batch being gathered: the records admitted so far, applied to the
/// state and the tree, waiting for the committer to be free.
struct OpenBatch {
    started: Instant,
    /// Submissions taken, accepted or not.
    submitted: usize,
    batch: Batch,
    accepted: Vec<(Reply, u64, Effect)>,
    /// The cases the accepted records changed, for the readers' statistics.
    changes: Vec<CaseChange>,
    touched: BTreeSet<CaseId>,
    /// Only a reopening takes a finding or penalty away from a case.
    reopened: BTreeSet<CaseId>,
}

fn fail_replies(accepted: Vec<(Reply, u64, Effect)>, why: &str) {
    for (reply, ..) in accepted {
        let _ = reply.send(Err(NodeError::Other(format!("not appended: {why}"))));
    }
}

/// A batch on its way to the committer.
struct Pending {
    epoch: u64,
    batch: Batch,
    size: u64,
    note: String,
    replies: Vec<(Reply, u64, Effect, Vec<Hash>)>,
    /// The cases the batch changes, counted into the readers' statistics
    /// once it is durable.
    changes: Vec<CaseChange>,
    /// Held until the batch is committed: see [`Writer::committer_idle`].
    idle: Option<OwnedSemaphorePermit>,
}

/// A handle to the running sequencer. Cloning it is cheap.
#[derive(Clone)]
pub struct Ledger {
    tx: mpsc::Sender<Job>,
    keys: KeyRegistry,
    /// Records made durable since the sequencer started (for metrics and caches).
    appended: Arc<AtomicU64>,
    /// The latest committed checkpoint, for those who follow the log.
    committed: watch::Receiver<Option<(u64, String)>>,
    /// Each kind of reader's statistics over the committed cases.
    readers: Readers,
    role: Arc<AtomicU8>,
}

/// Each kind of reader's statistics over the cases as committed: counted
/// in by the committer once a batch is durable, before its submitters are
/// answered, so a filer reads its own filing in them and nobody reads a
/// record that was then not appended.
type Readers = Arc<RwLock<ReaderTallies>>;

/// Follows the log without holding it open: the checkpoints as they are
/// committed and the agreement in force. The writer stops when the last
/// [`Ledger`] is dropped, whoever still observes it; the observer then sees
/// the channel close.
#[derive(Clone)]
pub struct LedgerObserver {
    keys: KeyRegistry,
    committed: watch::Receiver<Option<(u64, String)>>,
    role: Arc<AtomicU8>,
}

impl LedgerObserver {
    /// What the sequencer of this server does now: work that one server of
    /// several should do (collecting cosignatures, sending webhooks) is
    /// done by the leader.
    pub fn role(&self) -> SequencerRole {
        SequencerRole::from_u8(self.role.load(Ordering::Acquire))
    }

    /// The agreement in force, as of the last record sequenced.
    pub fn agreement(&self) -> Option<Arc<truce_core::Agreement>> {
        self.keys.read().ok().and_then(|d| d.agreement.as_ref().map(|(a, _)| a.clone()))
    }

    /// A registered principal, as of the last record sequenced.
    pub fn principal(&self, id: &str) -> Option<crate::state::Principal> {
        self.keys.read().ok().and_then(|d| d.principals.get(id).cloned())
    }

    /// The committed checkpoints: `None` until the first commit since the
    /// sequencer started (read the store's latest then), then each
    /// `(size, note)` as its batch is durable. Closed when the writer stops.
    pub fn checkpoints(&self) -> watch::Receiver<Option<(u64, String)>> {
        self.committed.clone()
    }
}

/// The writer's state.
struct Writer {
    store: Store,
    blobs: Arc<dyn BlobStore>,
    identity: LogIdentity,
    config: SequencerConfig,
    mechanism: Mechanism,
    tree: Tree,
    keys: KeyRegistry,
    commits: mpsc::Sender<Pending>,
    /// One permit, held by the batch being committed. The writer seals the
    /// batch it is gathering only once it holds the permit, so a batch
    /// holds every submission that arrived while the one before was being
    /// made durable: batches grow with the load and the cost of each
    /// commit is shared by more records.
    committer_idle: Arc<Semaphore>,
    /// Bumped by the committer when a commit fails.
    epoch: Arc<AtomicU64>,
    seen_epoch: u64,
    /// Set when the store could not be read back after a failed commit:
    /// the writer then refuses everything rather than sequence on a state
    /// that may differ from the store.
    broken: Option<String>,
    appended: Arc<AtomicU64>,
    committed: Arc<watch::Sender<Option<(u64, String)>>>,
    /// Set when the store is shared with other servers.
    shared: Option<Shared>,
    /// The readers' statistics, which a follower counts in itself: no
    /// committer of its own sees the records it follows.
    readers: Readers,
    /// The size of the last snapshot loaded or written.
    snapshot_size: u64,
}

impl Ledger {
    /// Loads the log from `store` (replaying every record and checking the
    /// tree against the latest checkpoint) and starts the writer.
    pub async fn start(
        store: Store,
        blobs: Arc<dyn BlobStore>,
        identity: LogIdentity,
        config: SequencerConfig,
    ) -> Result<(Ledger, tokio::task::JoinHandle<()>), NodeError> {
        Self::start_as(store, blobs, identity, config, false).await
    }

    /// As [`Ledger::start`], for one of several servers on one PostgreSQL
    /// store: this one sequences only while it holds the sequencer lease,
    /// and otherwise follows the log and queues its submissions for the
    /// leader (see the module's documentation). A SQLite store is refused:
    /// it runs one server.
    pub async fn start_shared(
        store: Store,
        blobs: Arc<dyn BlobStore>,
        identity: LogIdentity,
        config: SequencerConfig,
    ) -> Result<(Ledger, tokio::task::JoinHandle<()>), NodeError> {
        if store.backend() != truce_store::Backend::Postgres {
            return Err(NodeError::Store(truce_store::StoreError::SingleServer));
        }
        Self::start_as(store, blobs, identity, config, true).await
    }

    async fn start_as(
        store: Store,
        blobs: Arc<dyn BlobStore>,
        identity: LogIdentity,
        config: SequencerConfig,
        shared: bool,
    ) -> Result<(Ledger, tokio::task::JoinHandle<()>), NodeError> {
        let started = crate::clock::instant();
        let loaded =
            replay::load_from(&store, blobs.as_ref(), identity.vkey().as_str(), config.snapshot.as_deref()).await?;
        if let Some(why) = &loaded.passed_over {
            tracing::warn!(%why, "the snapshot is not used; the whole log was replayed");
        }
        tracing::info!(
            size = loaded.tree.size(),
            snapshot = ?loaded.snapshot,
            replayed = loaded.replayed,
            millis = started.elapsed().as_millis() as u64,
            "the log's state is loaded"
        );
        let mut snapshot_size = loaded.snapshot.unwrap_or(0);
        let (mut mechanism, tree) = (loaded.mechanism, loaded.tree);
        // The snapshot's statistics, or the cases counted once.
        let readers = loaded.readers.unwrap_or_else(|| ReaderTallies::of(mechanism.docket.cases()));
        // A start that replayed much leaves a snapshot for the next one. The
        // state is the latest checkpoint's, which `load_from` checked.
        if let Some(path) = &config.snapshot
            && loaded.replayed >= config.snapshot_every
        {
            let encoded = encode_snapshot(identity.vkey().as_str(), &mechanism, &tree, &readers);
            match write_snapshot(path, encoded).await {
                Ok(()) => snapshot_size = tree.size(),
                Err(e) => tracing::warn!(error = %e, "the snapshot could not be written"),
            }
        }
        mechanism.docket.keep_changes();
        let readers: Readers = Arc::new(RwLock::new(readers));
        let keys: KeyRegistry = Arc::new(RwLock::new(Directory::of(&mechanism)));
        let (tx, rx) = mpsc::channel::<Job>(config.batch_limit * 16);
        let (commits, commit_rx) = mpsc::channel::<Pending>(1);
        let epoch = Arc::new(AtomicU64::new(0));
        let appended = Arc::new(AtomicU64::new(0));
        let (committed_tx, committed) = watch::channel(None);
        let committed_tx = Arc::new(committed_tx);
        let role = Arc::new(AtomicU8::new(if shared { 2 } else { 0 }));
        let shared = shared.then(|| Shared {
            lease_key: lease_key(identity.origin()),
            jobs: tx.downgrade(),
            role: role.clone(),
            recent: RecentEffects::default(),
        });
        let committer = tokio::spawn(commit_loop(
            store.clone(),
            commit_rx,
            epoch.clone(),
            appended.clone(),
            committed_tx.clone(),
            readers.clone(),
            shared.as_ref().map(|s| s.recent.clone()),
        ));
        // SQLite's write-ahead log is copied back off the commit path.
        let checkpointer =
            (store.backend() == truce_store::Backend::Sqlite).then(|| tokio::spawn(checkpoint_loop(store.clone())));
        let writer = Writer {
            store,
            blobs,
            identity,
            config,
            mechanism,
            tree,
            broken: None,
            keys: keys.clone(),
            commits,
            committer_idle: Arc::new(Semaphore::new(1)),
            epoch,
            seen_epoch: 0,
            appended: appended.clone(),
            committed: committed_tx,
            shared,
            readers: readers.clone(),
            snapshot_size,
        };
        let handle = tokio::spawn(async move {
            writer.run(rx).await;
            let _ = committer.await;
            if let Some(checkpointer) = checkpointer {
                checkpointer.abort();
            }
        });
        Ok((Ledger { tx, keys, appended, committed, readers, role }, handle))
    }

    /// What this server's sequencer does now.
    pub fn role(&self) -> SequencerRole {
        SequencerRole::from_u8(self.role.load(Ordering::Acquire))
    }

    /// An observer of the log that does not keep the writer running.
    pub fn observer(&self) -> LedgerObserver {
        LedgerObserver { keys: self.keys.clone(), committed: self.committed.clone(), role: self.role.clone() }
    }

    /// A registered principal, as of the last record sequenced.
    pub fn principal(&self, id: &str) -> Option<crate::state::Principal> {
        self.keys.read().ok().and_then(|d| d.principals.get(id).cloned())
    }

    /// Every registered principal with its state (suspended or not), by id.
    pub fn principals(&self) -> Vec<(String, crate::state::Principal)> {
        let mut all: Vec<(String, crate::state::Principal)> = self
            .keys
            .read()
            .map(|d| d.principals.iter().map(|(id, p)| (id.clone(), p.clone())).collect())
            .unwrap_or_default();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// The agreement in force, as of the last record sequenced.
    pub fn agreement(&self) -> Option<Arc<truce_core::Agreement>> {
        self.keys.read().ok().and_then(|d| d.agreement.as_ref().map(|(a, _)| a.clone()))
    }

    /// The SHA-256 of the agreement text in force (its blob's address).
    pub fn agreement_sha256(&self) -> Option<String> {
        self.keys.read().ok().and_then(|d| d.agreement.as_ref().map(|(_, sha)| sha.clone()))
    }

    /// Every version of the agreement proposed for signature, with who has
    /// signed it, as of the last record sequenced.
    pub fn agreement_versions(&self) -> Vec<crate::consent::VersionMark> {
        self.keys.read().map(|d| d.versions.clone()).unwrap_or_default()
    }

    /// Every withdrawal, suspension and resumption, as of the last record sequenced.
    pub fn withdrawals(&self) -> Vec<crate::consent::WithdrawalMark> {
        self.keys.read().map(|d| d.withdrawals.clone()).unwrap_or_default()
    }

    /// The key of `participant` in force at record `index` (the key that
    /// checked a signature that record carries), if it held one then.
    pub fn participant_key_at(&self, participant: &str, index: u64) -> Option<VerifyingKey> {
        self.keys.read().ok().and_then(|d| crate::consent::key_at(&d.key_history, participant, index).cloned())
    }

    /// The rounds of talks, communiqués and commitments, as of the last
    /// record sequenced.
    pub fn talks(&self) -> Arc<truce_core::talks::Talks> {
        self.keys.read().map(|d| d.talks.clone()).unwrap_or_default()
    }

    /// The early-warning alerts and their acknowledgements, as of the last
    /// record applied.
    pub fn alerts(&self) -> Arc<truce_core::early_warning::Alerts> {
        self.keys.read().map(|d| d.alerts.clone()).unwrap_or_default()
    }

    /// The public-source report of `dataset` with event id `id`, as of the
    /// last record applied, if it was imported.
    pub fn public_source(
        &self,
        dataset: truce_core::public_source::Dataset,
        id: &str,
    ) -> Option<truce_core::public_source::ImportedReport> {
        self.keys.read().ok().and_then(|d| d.public_sources.get(dataset, id).cloned())
    }

    /// The public-source reports that look like `case`, in dataset and
    /// event id order: those that matched it when they were imported and
    /// those that match it now by the same rule
    /// ([`truce_core::public_source::PublicSources::looking_like`]).
    pub fn public_sources_matching(
        &self,
        case: &truce_core::case::Case,
    ) -> Vec<truce_core::public_source::ImportedReport> {
        self.keys.read().map(|d| d.public_sources.looking_like(case).cloned().collect()).unwrap_or_default()
    }

    /// Every public-source report imported, as of the last record applied,
    /// in dataset and event id order.
    pub fn public_sources(&self) -> Vec<truce_core::public_source::ImportedReport> {
        self.keys.read().map(|d| d.public_sources.reports.values().cloned().collect()).unwrap_or_default()
    }

    /// The daily situation reports, as of the last record applied.
    pub fn situation_reports(&self) -> Arc<BTreeMap<jiff::civil::Date, truce_core::situation::Report>> {
        self.keys.read().map(|d| d.situation.clone()).unwrap_or_default()
    }

    /// The day book's rows of `day` (the steps taken that day, by sector),
    /// as of the last record applied: what a draft of that day counts.
    pub fn day_rows(&self, day: jiff::civil::Date) -> truce_core::situation::DayRows {
        self.keys.read().ok().and_then(|d| d.day_book.day(day).cloned()).unwrap_or_default()
    }

    /// The statistics over the cases `viewer` may see, as committed, per
    /// party and provision of the agreement in force; `None` when there is
    /// no agreement or the viewer may see no case. Costs the size of the
    /// answer, not the number of cases ([`ReaderTallies`]).
    pub fn statistics(&self, viewer: &Viewer) -> Option<Statistics> {
        let agreement = self.agreement()?;
        let readers = self.readers.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        readers.statistics(&agreement, viewer)
    }

    /// How many cases `viewer` may see, as committed (merged duplicates
    /// included), without a query.
    pub fn case_count(&self, viewer: &Viewer) -> u64 {
        self.readers.read().unwrap_or_else(std::sync::PoisonError::into_inner).cases(viewer)
    }

    /// Appends a record; returns once it is durable.
    pub async fn submit(&self, submission: Submission) -> Result<Receipt, NodeError> {
        let prepared = prepare(submission, &self.keys)?;
        let (reply, answer) = oneshot::channel();
        self.tx.send(Job { prepared, reply, queued: None }).await.map_err(|_| NodeError::Stopped)?;
        answer.await.map_err(|_| NodeError::Stopped)?
    }

    /// Whether the writer still takes submissions (for health checks).
    pub fn is_running(&self) -> bool {
        !self.tx.is_closed()
    }

    /// How many records have been made durable since the sequencer started,
    /// whoever submitted them (counted when their batch commits, before
    /// their submitters are answered).
    pub fn appended(&self) -> u64 {
        self.appended.load(Ordering::Acquire)
    }
}

/// Everything about a submission that needs no shared state.
fn prepare(s: Submission, keys: &KeyRegistry) -> Result<Prepared, NodeError> {
    let reject = |r: Rejection| NodeError::Rejected(r);
    let registered = keys.read().ok().and_then(|k| k.principals.get(&s.record.record.author).map(|p| p.key.clone()));
    // A record this process signed with the author's registered key needs
    // no signature check; any other record with a registered author does.
    let signed_with_registered_key =
        matches!((&s.signed_here, &registered), (Some(here), Some(key)) if here.key == *key);
    let (entry, signature) = if signed_with_registered_key {
        (s.record.to_entry().map_err(|e| reject(e.into()))?, None)
    } else {
        let (entry, signature) = s.record.to_entry_signed().map_err(|e| reject(e.into()))?;
        (entry, Some(signature))
    };
    let (body, confidential) = match (&s.record.record.payload, s.reveal) {
        (Payload::Body(body), None) => (body.clone(), None),
        (Payload::Body(_), Some(_)) => {
            return Err(reject(Rejection::Confidential("a record with a plain body needs no reveal".into())));
        }
        (Payload::Commitment(c), Some(reveal)) => {
            if s.signed_here.is_none() {
                truce_ledger::record::verify_commitment(&reveal.salt, &reveal.body, c).map_err(|e| reject(e.into()))?;
            }
            let text = serde_json::to_string(&reveal.body)
                .map_err(|e| reject(Rejection::Confidential(format!("body: {e}"))))?;
            (reveal.body, Some((reveal.salt.to_vec(), text)))
        }
        (Payload::Commitment(_), None) => {
            return Err(reject(Rejection::Confidential("the body and salt must be revealed to the log".into())));
        }
    };
    let body = Body::decode(&s.record.record.kind, &body).map_err(reject)?;
    if let (Some(key), Some(signature)) = (&registered, &signature) {
        signature.verify(key).map_err(|_| reject(Rejection::Signature(s.record.record.author.clone())))?;
    }
    Ok(Prepared { record: s.record, entry, body, confidential, verified_with: registered })
}

/// How often the write-ahead log is copied back into the database.
/// By default, a snapshot is written after a start that replayed at least
/// this many records, and while serving once the log has grown by this many
/// (or by a quarter of its size, if more: writing one stops sequencing
/// while the state is encoded, which grows with the state) since the last.
pub const SNAPSHOT_EVERY: u64 = 100_000;

/// How often an idle writer checks whether a snapshot is due.
const SNAPSHOT_CHECK_EVERY: Duration = Duration::from_secs(1);

const WAL_CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Copies the write-ahead log back into the database now and then, off the
/// commit path (see [`Store::checkpoint_wal`]). A failure is logged and
/// tried again next time: the log stays correct, only larger.
async fn checkpoint_loop(store: Store) {
    let mut every = tokio::time::interval(WAL_CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = store.checkpoint_wal().await {
            tracing::warn!(error = %e, "the write-ahead log could not be checkpointed; will try again");
        }
    }
}

/// Makes batches durable in order, then answers their submitters.
async fn commit_loop(
    store: Store,
    mut rx: mpsc::Receiver<Pending>,
    epoch: Arc<AtomicU64>,
    appended: Arc<AtomicU64>,
    committed: Arc<watch::Sender<Option<(u64, String)>>>,
    readers: Readers,
    recent: Option<RecentEffects>,
) {
    // `_idle`, the committer's permit, is released when this commit is over.
    while let Some(Pending { epoch: batch_epoch, batch, size, note, replies, changes, idle: _idle }) = rx.recv().await {
        if batch_epoch != epoch.load(Ordering::SeqCst) {
            for (reply, ..) in replies {
                let _ = reply.send(Err(NodeError::Other("not appended: an earlier batch failed to commit".into())));
            }
            continue;
        }
        let started = crate::clock::instant();
        match store.commit_batch(&batch).await {
            Ok(()) => {
                tracing::debug!(records = batch.entries.len(), took = ?started.elapsed(), "batch committed");
                {
                    let mut readers = readers.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                    for change in &changes {
                        readers.change(change.before.as_deref(), &change.after);
                    }
                }
                // Counted here, not by the submitter, so that a record whose
                // submitter has gone (a client that hung up) still counts.
                appended.fetch_add(batch.entries.len() as u64, Ordering::Release);
                committed.send_replace(Some((size, note.clone())));
                if let Some(recent) = &recent {
                    remember(recent, replies.iter().map(|(_, index, effect, _)| (*index, effect.clone())));
                }
                for (reply, index, effect, proof) in replies {
                    let _ = reply.send(Ok(Receipt {
                        index,
                        size,
                        tlog_proof: encode_tlog_proof(index, &proof, &note),
                        checkpoint: note.clone(),
                        proof,
                        effect,
                    }));
                }
            }
            Err(e) => {
                epoch.fetch_add(1, Ordering::SeqCst);
                let message = e.to_string();
                tracing::error!(error = %message, records = batch.entries.len(), "a batch failed to commit; the writer reloads from the store");
                for (reply, ..) in replies {
                    let _ = reply.send(Err(NodeError::Other(format!("not appended: {message}"))));
                }
            }
        }
    }
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::Receiver<Job>) {
        match self.shared.take() {
            None => {
                let _ = self.lead(&mut rx, None).await;
            }
            Some(shared) => self.run_shared(rx, shared).await,
        }
        // Stopping: once the last batch is committed, the state is the
        // latest checkpoint's; the next start begins from it.
        let _idle = self.committer_idle.clone().acquire_owned().await;
        self.snapshot().await;
    }

    /// Whether the log has grown enough since the last snapshot to write one.
    fn snapshot_due(&self) -> bool {
        self.config.snapshot.is_some()
            && self.mechanism.size.saturating_sub(self.snapshot_size)
                >= self.config.snapshot_every.max(self.snapshot_size / 4)
    }

    /// Writes a snapshot of the state, if there is somewhere to keep it and
    /// the store vouches for the state: a checkpoint of its size, with its
    /// root. A state with records applied but not committed, or after a
    /// failed commit, is never written. Called only while no batch is in
    /// flight.
    async fn snapshot(&mut self) {
        let Some(path) = self.config.snapshot.clone() else { return };
        let size = self.tree.size();
        if self.broken.is_some() || size == 0 || size == self.snapshot_size || self.mechanism.size != size {
            return;
        }
        let vkey = self.identity.vkey();
        let vouched = match self.store.checkpoint_at(size).await {
            Ok(Some(note)) => truce_ledger::open_checkpoint(&note, vkey.as_str())
                .ok()
                .is_some_and(|c| self.tree.root().is_ok_and(|root| root == c.root)),
            Ok(None) | Err(_) => false,
        };
        if !vouched {
            return;
        }
        // With no batch in flight, the readers' statistics count exactly
        // the committed cases, which are the mechanism's.
        let encoded = {
            let readers = self.readers.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            encode_snapshot(vkey.as_str(), &self.mechanism, &self.tree, &readers)
        };
        match write_snapshot(&path, encoded).await {
            Ok(()) => self.snapshot_size = size,
            Err(e) => tracing::warn!(error = %e, "the snapshot could not be written"),
        }
    }

    /// Sequences what `rx` brings until every [`Ledger`] is gone or, with a
    /// `lease`, until the session holding it fails.
    async fn lead(&mut self, rx: &mut mpsc::Receiver<Job>, mut lease: Option<&mut Lease>) -> LeadEnd {
        // The batch being gathered while the one before is committed.
        let mut open: Option<OpenBatch> = None;
        let leased = lease.is_some();
        let mut check = tokio::time::interval(LEASE_CHECK_EVERY);
        check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut snapshots = tokio::time::interval(SNAPSHOT_CHECK_EVERY);
        snapshots.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if let Some(gathering) = open.take() {
                // Seal the batch as soon as the committer is free; until
                // then, keep adding what arrives (up to the batch limit).
                let full = gathering.submitted >= self.config.batch_limit;
                tokio::select! {
                    biased;
                    idle = self.committer_idle.clone().acquire_owned() => {
                        self.seal(gathering, idle.ok()).await;
                    }
                    next = rx.recv(), if !full => match next {
                        Some(first) => {
                            let jobs = self.take_queued(first, rx, gathering.submitted);
                            open = self.admit_jobs(Some(gathering), jobs).await;
                        }
                        None => {
                            let idle = self.committer_idle.clone().acquire_owned().await.ok();
                            self.seal(gathering, idle).await;
                            return LeadEnd::Closed;
                        }
                    },
                    _ = check.tick(), if leased => {
                        if let Err(why) = check_lease(lease.as_deref_mut()).await {
                            fail_replies(gathering.accepted, &why);
                            return LeadEnd::LeaseLost(why);
                        }
                        open = Some(gathering);
                    }
                }
                continue;
            }
            tokio::select! {
                next = rx.recv() => {
                    let Some(first) = next else { return LeadEnd::Closed };
                    let jobs = self.take_queued(first, rx, 0);
                    open = self.admit_jobs(None, jobs).await;
                }
                _ = snapshots.tick(), if self.snapshot_due() => {
                    // Only between batches: none gathering, none committing.
                    if let Ok(_idle) = self.committer_idle.clone().try_acquire_owned() {
                        self.snapshot().await;
                    }
                }
                _ = check.tick(), if leased => {
                    if let Err(why) = check_lease(lease.as_deref_mut()).await {
                        return LeadEnd::LeaseLost(why);
                    }
                }
            }
        }
    }

    /// Follows the log until this server takes the lease, then leads until
    /// it loses it, and so on, until every [`Ledger`] is gone.
    async fn run_shared(&mut self, mut rx: mpsc::Receiver<Job>, shared: Shared) {
        loop {
            shared.role.store(2, Ordering::Release);
            let Some(mut lease) = self.follow(&mut rx, &shared).await else { return };
            shared.role.store(1, Ordering::Release);
            // Wake whatever waits on the checkpoints to see the role too
            // (the witness collector, webhook deliveries, the publisher).
            self.committed.send_modify(|_| {});
            tracing::info!(size = self.tree.size(), "this server holds the sequencer lease and sequences");
            let intake = tokio::spawn(queue_intake(self.store.clone(), shared.jobs.clone(), self.keys.clone()));
            let end = self.lead(&mut rx, Some(&mut lease)).await;
            intake.abort();
            lease.release().await;
            match end {
                LeadEnd::Closed => return,
                LeadEnd::LeaseLost(why) => {
                    shared.role.store(2, Ordering::Release);
                    self.committed.send_modify(|_| {});
                    tracing::warn!(%why, "this server lost the sequencer lease and follows the log again");
                    // The batch in flight commits or fails on the log's
                    // head; then the state is read back from the store.
                    let _idle = self.committer_idle.clone().acquire_owned().await;
                    self.seen_epoch = self.epoch.load(Ordering::SeqCst);
                    self.broken = None;
                    self.reload().await;
                }
            }
        }
    }

    /// Follows the log another server sequences: applies each new
    /// checkpoint's entries, queues what `rx` brings for the leader, and
    /// tries for the lease. Returns the lease once this server holds it and
    /// has caught up with the latest checkpoint; `None` once every
    /// [`Ledger`] is gone.
    async fn follow(&mut self, rx: &mut mpsc::Receiver<Job>, shared: &Shared) -> Option<Lease> {
        let mut lease: Option<Lease> = None;
        let mut poll = tokio::time::interval(FOLLOW_EVERY);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut try_lease = tokio::time::interval(LEASE_TRY_EVERY);
        try_lease.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                next = rx.recv() => match next {
                    // A queued record this server took from the queue while
                    // it led: still queued, for the next leader. Queuing it
                    // again would append it twice.
                    Some(Job { queued: Some(_), .. }) => {}
                    Some(job) => {
                        tokio::spawn(relay(self.store.clone(), job, shared.recent.clone()));
                    }
                    None => {
                        if let Some(lease) = lease {
                            lease.release().await;
                        }
                        return None;
                    }
                },
                _ = poll.tick() => {
                    if let Err(e) = self.catch_up(shared).await {
                        tracing::warn!(error = %e, "following the log");
                    }
                }
                _ = try_lease.tick() => {
                    if lease.is_none() {
                        match self.store.lease(shared.lease_key).await {
                            Ok(l) => lease = Some(l),
                            Err(e) => tracing::warn!(error = %e, "connecting for the sequencer lease"),
                        }
                    }
                    let taken = match lease.as_mut() {
                        Some(l) => l.try_take().await,
                        None => Ok(false),
                    };
                    match taken {
                        Ok(false) => {}
                        // No other server sequences now: what the store
                        // holds is final. Catch up with all of it, then lead.
                        Ok(true) => match self.catch_up(shared).await {
                            Ok(()) => return lease,
                            Err(e) => {
                                tracing::error!(error = %e, "the lease was taken but the log could not be followed; giving it up");
                                if let Some(l) = lease.take() {
                                    l.release().await;
                                }
                            }
                        },
                        Err(e) => {
                            tracing::warn!(error = %e, "trying for the sequencer lease");
                            if let Some(l) = lease.take() {
                                l.release().await;
                            }
                        }
                    }
                }
            }
        }
    }

    /// Applies the entries of the latest checkpoint this server has not yet
    /// applied. On a failure the state is read back from the store whole.
    async fn catch_up(&mut self, shared: &Shared) -> Result<(), NodeError> {
        let Some((size, note)) = self.store.latest_checkpoint().await? else { return Ok(()) };
        if size <= self.tree.size() {
            return Ok(());
        }
        let vkey = self.identity.vkey();
        let followed = replay::follow(
            &self.store,
            self.blobs.as_ref(),
            &mut self.mechanism,
            &mut self.tree,
            (size, &note),
            vkey.as_str(),
        )
        .await;
        // The cases the followed records changed, counted into the readers'
        // statistics as the leader's committer counts its own.
        let changes = self.mechanism.docket.take_changes();
        let effects = match followed {
            Ok(effects) => effects,
            Err(e) => {
                self.reload().await;
                // Part of the log may have been applied: count the state
                // read back whole (a follower has no commit in flight).
                let recounted = ReaderTallies::of(self.mechanism.docket.cases());
                *self.readers.write().unwrap_or_else(std::sync::PoisonError::into_inner) = recounted;
                return Err(e);
            }
        };
        {
            let mut readers = self.readers.write().unwrap_or_else(std::sync::PoisonError::into_inner);
            for change in &changes {
                readers.change(change.before.as_deref(), &change.after);
            }
        }
        if let Ok(mut directory) = self.keys.write() {
            directory.refresh(&self.mechanism);
        }
        self.appended.fetch_add(effects.len() as u64, Ordering::Release);
        remember(&shared.recent, effects);
        self.committed.send_replace(Some((size, note)));
        Ok(())
    }

    /// `first` and whatever else is queued, up to the batch limit less
    /// `already` records gathered.
    fn take_queued(&self, first: Job, rx: &mut mpsc::Receiver<Job>, already: usize) -> Vec<Job> {
        let mut jobs = vec![first];
        while already + jobs.len() < self.config.batch_limit {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        jobs
    }

    fn check_clock(&self, record: &SignedRecord) -> Result<(), Rejection> {
        let Some(skew) = self.config.max_clock_skew else { return Ok(()) };
        let now = crate::clock::now();
        let time = record.record.time;
        let (off, allowed, direction) = if time > now {
            (time.duration_since(now), skew.ahead, "ahead of")
        } else {
            (now.duration_since(time), skew.behind, "behind")
        };
        if off > allowed {
            return Err(Rejection::ClockSkew { time, now, direction, skew_secs: allowed.as_secs() });
        }
        Ok(())
    }

    /// Applies one prepared submission to the state.
    fn admit(
        &mut self,
        record: &SignedRecord,
        body: Body,
        verified_with: Option<&VerifyingKey>,
    ) -> Result<Effect, Rejection> {
        self.check_clock(record)?;
        let effect = self.mechanism.apply_decoded(record, body, verified_with, self.blobs.as_ref())?;
        match &effect {
            Effect::Principal(id) => {
                if let (Some(principal), Ok(mut directory)) = (self.mechanism.principals.get(id), self.keys.write()) {
                    directory.principals.insert(id.to_string(), principal.clone());
                }
            }
            Effect::Agreement => {
                if let Ok(mut directory) = self.keys.write() {
                    let changed = directory.agreement.as_ref().map(|(_, sha)| sha)
                        != self.mechanism.agreement.as_ref().map(|(_, sha)| sha);
                    if changed {
                        directory.agreement =
                            self.mechanism.agreement.as_ref().map(|(a, sha)| (Arc::new(a.clone()), sha.clone()));
                    }
                    directory.versions.clone_from(&self.mechanism.consent.versions);
                    directory.withdrawals.clone_from(&self.mechanism.consent.withdrawals);
                    directory.key_history.clone_from(&self.mechanism.consent.key_history);
                }
            }
            Effect::Talks(_) => {
                if let Ok(mut directory) = self.keys.write() {
                    directory.talks = Arc::new(self.mechanism.talks.clone());
                }
            }
            Effect::Alert { .. } => {
                if let Ok(mut directory) = self.keys.write() {
                    directory.alerts = Arc::new(self.mechanism.alerts.clone());
                }
            }
            Effect::Situation(_) => {
                if let Ok(mut directory) = self.keys.write() {
                    directory.situation = Arc::new(self.mechanism.situation.reports.clone());
                }
            }
            Effect::PublicSource(dataset, id) => {
                if let (Some(imported), Ok(mut directory)) =
                    (self.mechanism.public_sources.get(*dataset, id), self.keys.write())
                {
                    directory.public_sources.reports.insert((*dataset, id.clone()), imported.clone());
                }
            }
            // The day book's rows of the days the events fell on.
            Effect::Case(events) => {
                if let Some(agreement) = self.mechanism.agreement() {
                    let tz = truce_core::situation::time_zone(agreement);
                    let mut days: Vec<jiff::civil::Date> =
                        events.iter().map(|(_, e)| truce_core::situation::day_of(&tz, e.at)).collect();
                    days.dedup();
                    if let Ok(mut directory) = self.keys.write() {
                        for day in days {
                            if let Some(rows) = self.mechanism.situation.book.day(day) {
                                directory.day_book.set_day(day, rows.clone());
                            }
                        }
                    }
                }
            }
            // Evidence receipts change nothing submitters check.
            Effect::Evidence(_) => {}
        }
        Ok(effect)
    }

    /// Checks `jobs` against the state and adds the legal ones to the
    /// batch being gathered (a new one if `open` is `None`).
    async fn admit_jobs(&mut self, open: Option<OpenBatch>, jobs: Vec<Job>) -> Option<OpenBatch> {
        // A failed commit undid what the batches after it were built on:
        // the batch being gathered fails too, and the state is reloaded.
        let epoch = self.epoch.load(Ordering::SeqCst);
        let mut open = open;
        if epoch != self.seen_epoch {
            if let Some(gathering) = open.take() {
                fail_replies(gathering.accepted, "an earlier batch failed to commit");
            }
            self.seen_epoch = epoch;
            self.reload().await;
        }
        if let Some(why) = &self.broken {
            for job in jobs {
                let _ = job.reply.send(Err(NodeError::Other(format!("the log is stopped: {why}"))));
            }
            if let Some(gathering) = open.take() {
                fail_replies(gathering.accepted, "the log is stopped");
            }
            return None;
        }
        let mut o = open.unwrap_or_else(|| OpenBatch {
            started: crate::clock::instant(),
            submitted: 0,
            batch: Batch::default(),
            accepted: Vec::new(),
            changes: Vec::new(),
            touched: BTreeSet::new(),
            reopened: BTreeSet::new(),
        });
        o.submitted += jobs.len();
        for job in jobs {
            let Prepared { record, entry, body, confidential, verified_with } = job.prepared;
            let queued = job.queued;
            let admitted = self.admit(&record, body, verified_with.as_ref());
            // A rejected record changes no case; what it noted is dropped.
            let changes = self.mechanism.docket.take_changes();
            match admitted {
                Ok(effect) => {
                    o.changes.extend(changes);
                    let index = self.tree.size();
                    let first_hash = self.tree.stored_hashes().len() as u64;
                    let hashes = match self.tree.append(&entry) {
                        Ok(h) => h,
                        Err(e) => {
                            let _ = job.reply.send(Err(NodeError::Ledger(e.clone())));
                            // The mechanism accepted a record the tree refused.
                            let why = format!("the tree refused a record the rules accepted: {e}");
                            fail_replies(o.accepted, &why);
                            self.broken = Some(why);
                            return None;
                        }
                    };
                    for (i, h) in hashes.into_iter().enumerate() {
                        o.batch.hashes.push((first_hash + i as u64, h.to_vec()));
                    }
                    o.batch.entries.push((index, entry));
                    if let Some((salt, body)) = confidential {
                        o.batch.confidential.push((index, salt, body));
                    }
                    if let Err(e) =
                        self.project(&effect, index, &mut o.batch.projection, &mut o.touched, &mut o.reopened)
                    {
                        let _ = job.reply.send(Err(NodeError::Other(format!("projection: {e}"))));
                        let why = format!("projection: {e}");
                        fail_replies(o.accepted, &why);
                        self.broken = Some(why);
                        return None;
                    }
                    if let Some(id) = queued {
                        o.batch.queued.push((id, index));
                    }
                    o.accepted.push((job.reply, index, effect));
                }
                Err(rejection) => {
                    let _ = job.reply.send(Err(NodeError::Rejected(rejection)));
                }
            }
        }
        Some(o)
    }

    /// Finishes the batch gathered (case rows, the signed checkpoint, each record's inclusion proof) and hands it to
    /// the committer with the committer's permit.
    async fn seal(&mut self, open: OpenBatch, idle: Option<OwnedSemaphorePermit>) {
        let OpenBatch { started, submitted, mut batch, accepted, changes, touched, reopened } = open;
        if self.epoch.load(Ordering::SeqCst) != self.seen_epoch {
            // Built on a batch that failed to commit; the next admission reloads.
            fail_replies(accepted, "an earlier batch failed to commit");
            return;
        }
        if accepted.is_empty() {
            return;
        }
        for id in &touched {
            if let Err(e) = self.project_case(id, reopened.contains(id), &mut batch.projection) {
                self.fail(accepted, NodeError::Other(format!("projection: {e}"))).await;
                return;
            }
        }
        let size = self.tree.size();
        let note = match self.tree.root().and_then(|root| self.identity.sign_checkpoint(size, &root)) {
            Ok(note) => note,
            Err(e) => {
                self.fail(accepted, NodeError::Ledger(e)).await;
                return;
            }
        };
        batch.checkpoint = Some((size, note.clone()));
        let mut replies = Vec::with_capacity(accepted.len());
        for (reply, index, effect) in accepted {
            match self.tree.inclusion_proof(index, size) {
                Ok(proof) => replies.push((reply, index, effect, proof)),
                Err(e) => {
                    let _ = reply.send(Err(NodeError::Ledger(e)));
                }
            }
        }
        let pending = Pending { epoch: self.seen_epoch, batch, size, note, replies, changes, idle };
        tracing::debug!(submitted, took = ?started.elapsed(), "batch sealed");
        if self.commits.send(pending).await.is_err() {
            self.broken = Some("the committer has stopped".into());
        }
    }

    fn project(
        &self,
        effect: &Effect,
        index: u64,
        p: &mut Projection,
        touched: &mut BTreeSet<CaseId>,
        reopened: &mut BTreeSet<CaseId>,
    ) -> Result<(), serde_json::Error> {
        match effect {
            Effect::Principal(id) => {
                if let Some(principal) = self.mechanism.principals.get(id) {
                    p.principals.push(projection::principal_row(id, principal));
                }
            }
            // The receipt of a file is kept by the server beside the log
            // (`evidence` rows), not projected from it: no case changes.
            // The talks are held in memory (the directory), rebuilt on start.
            // The alerts too, and the public-source reports.
            Effect::Agreement
            | Effect::Evidence(_)
            | Effect::Talks(_)
            | Effect::Situation(_)
            | Effect::PublicSource(..) => {}
            Effect::Case(events) | Effect::Alert { escalations: events, .. } => {
                for (seq, event) in events {
                    p.events.push(projection::event_row(event, *seq, index)?);
                    p.incidents.extend(projection::incident_rows(event));
                    touched.insert(event.case.clone());
                    if matches!(event.kind, truce_core::EventKind::Reopened { .. }) {
                        reopened.insert(event.case.clone());
                    }
                }
            }
        }
        Ok(())
    }

    fn project_case(&self, id: &CaseId, reopened: bool, p: &mut Projection) -> Result<(), serde_json::Error> {
        let Some(case) = self.mechanism.docket.case(id) else { return Ok(()) };
        let last = self.mechanism.last_record(id);
        p.cases.push(projection::case_row(case, last)?);
        match projection::finding_row(case)? {
            Some(row) => p.findings.push(row),
            None if reopened => p.removed_findings.push(id.to_string()),
            None => {}
        }
        match projection::penalty_row(case) {
            Some(row) => p.penalties.push(row),
            None if reopened => p.removed_penalties.push(id.to_string()),
            None => {}
        }
        Ok(())
    }

    /// Answers every accepted submitter with `error` and stops the writer:
    /// its state now holds records the store never will.
    async fn fail(&mut self, accepted: Vec<(Reply, u64, Effect)>, error: NodeError) {
        let message = error.to_string();
        for (reply, _, _) in accepted {
            let _ = reply.send(Err(NodeError::Other(format!("not appended: {message}"))));
        }
        self.broken = Some(message);
    }

    async fn reload(&mut self) {
        let vkey = self.identity.vkey();
        let snapshot = self.config.snapshot.as_deref();
        match replay::load_from(&self.store, self.blobs.as_ref(), vkey.as_str(), snapshot).await {
            Ok(replay::Loaded { mut mechanism, tree, .. }) => {
                // The readers' statistics already stand at the store's state:
                // only committed batches were counted into them.
                mechanism.docket.keep_changes();
                if let Ok(mut directory) = self.keys.write() {
                    *directory = Directory::of(&mechanism);
                }
                self.mechanism = mechanism;
                self.tree = tree;
            }
            Err(e) => self.broken = Some(e.to_string()),
        }
    }
}

/// Checks the session holding the lease; the error says why it is gone.
async fn check_lease(lease: Option<&mut Lease>) -> Result<(), String> {
    match lease {
        Some(lease) => lease.check().await.map_err(|e| format!("this server lost the sequencer lease: {e}")),
        None => Ok(()),
    }
}

/// The leader's reading of the queue: each record another server queued is
/// checked as any record signed elsewhere and submitted to this writer
/// with its queue number, so the batch that appends it marks it appended.
/// A refusal is written back for the server that queued it.
async fn queue_intake(store: Store, jobs: mpsc::WeakSender<Job>, keys: KeyRegistry) {
    let in_flight: Arc<Mutex<HashSet<i64>>> = Arc::default();
    let mut every = tokio::time::interval(FOLLOW_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let waiting = match store.queued_waiting(QUEUE_TAKE).await {
            Ok(waiting) => waiting,
            Err(e) => {
                tracing::warn!(error = %e, "reading the queue of submissions");
                continue;
            }
        };
        for queued in waiting {
            let id = queued.id;
            if in_flight.lock().is_ok_and(|f| f.contains(&id)) {
                continue;
            }
            let prepared = match queued_submission(queued).and_then(|s| prepare(s, &keys)) {
                Ok(prepared) => prepared,
                Err(NodeError::Rejected(rejection)) => {
                    refuse_queued(&store, id, &rejection).await;
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, queued = id, "a queued submission could not be prepared; will try again");
                    continue;
                }
            };
            let Some(tx) = jobs.upgrade() else { return };
            let (reply, answer) = oneshot::channel();
            if let Ok(mut f) = in_flight.lock() {
                f.insert(id);
            }
            if tx.send(Job { prepared, reply, queued: Some(id) }).await.is_err() {
                return;
            }
            drop(tx);
            let (store, in_flight) = (store.clone(), in_flight.clone());
            tokio::spawn(async move {
                // Appended: the batch marked it. Not appended for another
                // reason (a failed commit): it is taken again next time.
                if let Ok(Err(NodeError::Rejected(rejection))) = answer.await {
                    refuse_queued(&store, id, &rejection).await;
                }
                if let Ok(mut f) = in_flight.lock() {
                    f.remove(&id);
                }
            });
        }
    }
}

/// A queued record as a submission signed elsewhere (every check applies).
fn queued_submission(queued: QueuedSubmission) -> Result<Submission, NodeError> {
    let reject = |r: Rejection| NodeError::Rejected(r);
    let record = SignedRecord::from_entry(&queued.entry).map_err(|e| reject(e.into()))?;
    let reveal = match queued.reveal {
        None => None,
        Some((salt, body)) => Some(Reveal {
            salt: salt
                .as_slice()
                .try_into()
                .map_err(|_| reject(Rejection::Confidential("the salt is not 32 bytes".into())))?,
            body: serde_json::from_str(&body).map_err(|e| reject(Rejection::Confidential(format!("body: {e}"))))?,
        }),
    };
    Ok(Submission::signed_elsewhere(record, reveal))
}

async fn refuse_queued(store: &Store, id: i64, rejection: &Rejection) {
    // A refusal of consent keeps its own form (the body's field and the
    // reason alone): a server writing a record around a form's fields
    // names the form's field. Every other refusal keeps its class and field.
    let written = match rejection {
        Rejection::Consent { field, reason } => store.refuse_queued(id, reason, Some(field), None).await,
        other => {
            let (class, field) = other.class();
            store.refuse_queued(id, &other.to_string(), field.as_deref(), Some(class.name())).await
        }
    };
    if let Err(e) = written {
        tracing::warn!(error = %e, queued = id, "the refusal of a queued submission could not be written; will try again");
    }
}

/// A follower's submission: queues it for the leader, waits for the
/// leader's answer in the queue and, once appended, for this server to have
/// applied it, and answers with a receipt against the latest checkpoint.
async fn relay(store: Store, job: Job, recent: RecentEffects) {
    let Job { prepared, reply, .. } = job;
    let answer = relay_and_wait(&store, prepared, &recent, &reply).await;
    let _ = reply.send(answer);
}

async fn relay_and_wait(
    store: &Store,
    prepared: Prepared,
    recent: &RecentEffects,
    reply: &Reply,
) -> Result<Receipt, NodeError> {
    let reveal = prepared.confidential.as_ref().map(|(salt, body)| (salt.as_slice(), body.as_str()));
    let id = store.queue_submission(&prepared.entry, reveal, crate::clock::now().as_millisecond()).await?;
    let mut pause = Duration::from_millis(5);
    let index = loop {
        match store.queue_outcome(id).await? {
            QueueOutcome::Appended(index) => break index,
            QueueOutcome::Refused { reason, field, class } => {
                forget(store, id).await;
                return Err(NodeError::Rejected(match (class, field) {
                    (None, Some(field)) => Rejection::Consent { field, reason },
                    (class, field) => Rejection::Relayed {
                        // A class this build does not know (a newer
                        // leader's) is answered as one that cannot apply.
                        class: class.as_deref().and_then(RefusalClass::from_name).unwrap_or(RefusalClass::CannotApply),
                        field,
                        reason,
                    },
                }));
            }
            QueueOutcome::Waiting => {
                // The submitter has gone (its request timed out): the
                // record stays queued and is appended when a leader takes it.
                if reply.is_closed() {
                    return Err(NodeError::Other("the submitter stopped waiting; the record stays queued".into()));
                }
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(50));
            }
        }
    };
    let started = crate::clock::instant();
    let effect = loop {
        if let Some(effect) = recent.lock().ok().and_then(|r| r.get(&index).cloned()) {
            break effect;
        }
        if started.elapsed() > APPLIED_WAIT {
            return Err(NodeError::Other(format!(
                "appended at index {index}, but this server has not applied it within {} s",
                APPLIED_WAIT.as_secs()
            )));
        }
        tokio::time::sleep(FOLLOW_EVERY / 5).await;
    };
    forget(store, id).await;
    let (size, note) = crate::publish::latest_checkpoint(store).await?;
    let needed = truce_ledger::inclusion_proof_indexes(index, size)?;
    let hashes = crate::publish::stored_hashes(store, &needed).await?;
    let proof = truce_ledger::inclusion_proof_from(index, size, &hashes)?;
    Ok(Receipt { index, size, tlog_proof: encode_tlog_proof(index, &proof, &note), checkpoint: note, proof, effect })
}

async fn forget(store: &Store, id: i64) {
    if let Err(e) = store.forget_queued(id).await {
        tracing::warn!(error = %e, queued = id, "an answered queued submission could not be deleted");
    }
}

/// Encodes the snapshot of `mechanism`, `tree` and `readers` here (the
/// state is borrowed from the writer, which waits meanwhile), with how long
/// that took.
fn encode_snapshot(
    vkey: &str,
    mechanism: &Mechanism,
    tree: &Tree,
    readers: &ReaderTallies,
) -> Result<(crate::snapshot::Encoded, Duration), NodeError> {
    let started = crate::clock::instant();
    let encoded = crate::snapshot::encode(vkey, mechanism, tree, Some(readers))?;
    Ok((encoded, started.elapsed()))
}

/// Writes an encoded snapshot to `path` on a blocking thread.
async fn write_snapshot(
    path: &std::path::Path,
    encoded: Result<(crate::snapshot::Encoded, Duration), NodeError>,
) -> Result<(), NodeError> {
    let (encoded, encoding) = encoded?;
    let started = crate::clock::instant();
    let path = path.to_owned();
    let (size, bytes) = (encoded.size(), encoded.len());
    tokio::task::spawn_blocking(move || encoded.write(&path))
        .await
        .map_err(|e| NodeError::Other(format!("snapshot: {e}")))??;
    tracing::info!(
        size,
        bytes,
        encode_millis = encoding.as_millis() as u64,
        write_millis = started.elapsed().as_millis() as u64,
        "a snapshot of the log's state is written"
    );
    Ok(())
}
