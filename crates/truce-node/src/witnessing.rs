//! Collecting the witnesses' cosignatures on the log's checkpoints.
//!
//! The agreement names each participant's witness and the quorum of
//! cosignatures that makes a checkpoint count (its `[witnessing]` table).
//! After checkpoints are committed, this sends the latest one, with a
//! consistency proof from the size each witness last cosigned, to every
//! witness (C2SP tlog-witness `add-checkpoint`), stores the cosignatures it
//! gets back on the checkpoint itself, and keeps the latest checkpoint
//! whose cosignatures meet the quorum: that is the one the log serves.
//!
//! All witnesses are sent the same checkpoint in one round, so their
//! cosignatures meet on one size; a round waits at most [`REQUEST_TIMEOUT`]
//! for each, and a witness that failed is left out of rounds for a backoff
//! that doubles up to [`MAX_BACKOFF`]. Rounds run beside the sequencer,
//! which never waits for them: a witness that is down delays only the
//! cosigned checkpoint, never an append.
//!
//! Of several servers on one store, only the leader sends checkpoints to
//! the witnesses. A follower serves what the leader stored: it looks in
//! the store for the latest checkpoint that met the quorum every
//! [`FOLLOWER_LOOKS_EVERY`] (the cosignatures are stored after the commit,
//! so a commit alone does not tell it), and it starts serving only once it
//! has looked, so no server ever serves a checkpoint the quorum did not
//! cosign, nor answers 503 when one is stored.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use truce_core::Agreement;
use truce_core::agreement::WitnessThreshold;
use truce_ledger::note::SignedNote;
use truce_ledger::policy::Policy;
use truce_ledger::{Hash, consistency_proof_from, consistency_proof_indexes};
use truce_store::Store;

use crate::error::NodeError;
use crate::publish::stored_hashes;
use crate::sequencer::LedgerObserver;

/// How long a round waits for one witness.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a failing witness is left out of rounds.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How many recent checkpoints are searched at start for the latest one
/// that met the quorum.
const SEARCH_AT_START: u32 = 2_000;
/// How often a follower looks in the store for a newer checkpoint that met
/// the quorum, and how many of the newest checkpoints it looks through
/// (the leader cosigns only its latest, so the newest few suffice).
pub const FOLLOWER_LOOKS_EVERY: Duration = Duration::from_secs(1);
const FOLLOWER_SEARCH: u32 = 64;

/// The witness policy of `agreement` for the log with verifier key
/// `log_vkey` (served at `log_url`, if known), as a C2SP tlog-policy; `None`
/// if the agreement names no witnesses. Witness names are participant ids.
/// Refuses a witness key whose key ID does not match its name and key.
pub fn policy_for(agreement: &Agreement, log_vkey: &str, log_url: Option<&str>) -> Result<Option<Policy>, NodeError> {
    let Some(witnessing) = &agreement.witnessing else { return Ok(None) };
    let mut text = format!("log {log_vkey}{}\n", log_url.map(|url| format!(" {url}")).unwrap_or_default());
    for witness in &witnessing.witnesses {
        text.push_str(&format!("witness {} {} {}\n", witness.participant, witness.vkey, witness.url));
    }
    for group in &witnessing.groups {
        let threshold = match group.threshold {
            WitnessThreshold::All => "all".to_owned(),
            WitnessThreshold::Any => "any".to_owned(),
            WitnessThreshold::AtLeast(k) => k.to_string(),
        };
        text.push_str(&format!("group {} {threshold} {}\n", group.name, group.members.join(" ")));
    }
    text.push_str(&format!("quorum {}\n", witnessing.quorum.as_deref().unwrap_or("none")));
    Policy::parse(&text).map(Some).map_err(|e| NodeError::Other(format!("the agreement's witnessing table: {e}")))
}

/// The witness policy of the agreement in force, if any; one that cannot
/// be built is logged, and then no cosignatures are collected.
fn policy_in_force(agreement: Option<&Agreement>, log_vkey: &str, log_url: Option<&str>) -> Option<Policy> {
    match policy_for(agreement?, log_vkey, log_url) {
        Ok(policy) => policy,
        Err(e) => {
            tracing::error!(error = %e, "the witness policy cannot be built; no cosignatures are collected");
            None
        }
    }
}

/// An entry of the public witness network's log list (`logs/v0`), for an
/// operator who asks public witnesses to cosign the log too.
pub fn log_list_entry(log_vkey: &str, qpd: u32, contact: &str) -> String {
    format!("logs/v0\nvkey {log_vkey}\nqpd {qpd}\ncontact {contact}\n")
}

/// What is known of one witness, for the pages that show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessStatus {
    /// The participant that runs it (its name in the policy).
    pub participant: String,
    /// Its address.
    pub url: String,
    /// The largest size it cosigned for this log, as far as this server saw.
    pub cosigned_size: Option<u64>,
    /// The time (Unix seconds) of that cosignature.
    pub cosigned_at: Option<u64>,
    /// Why the last request failed, if it did.
    pub failing: Option<String>,
}

/// A checkpoint signed with this log's key that a witness holds and that is
/// not in the history this server holds: the log's key signed two
/// histories (a split view), or this server lost part of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitView {
    /// The participant whose witness holds it.
    pub witness: String,
    /// The checkpoint the witness holds, as it serves it.
    pub theirs: String,
    /// This server's checkpoint text for the same size, or what it holds
    /// instead if its tree is smaller.
    pub ours: String,
}

#[derive(Default)]
struct Shared {
    policy: Option<Arc<Policy>>,
    statuses: Vec<WitnessStatus>,
    witnessed: Option<(u64, String)>,
    split_views: Vec<SplitView>,
}

/// The witnessing of this log: the policy in force, each witness's status
/// and the latest checkpoint that met the quorum. Cloning is cheap.
#[derive(Clone, Default)]
pub struct Witnessing {
    shared: Arc<RwLock<Shared>>,
}

impl Witnessing {
    /// The policy in force, if the agreement names witnesses.
    pub fn policy(&self) -> Option<Arc<Policy>> {
        self.shared.read().ok().and_then(|s| s.policy.clone())
    }

    /// The latest checkpoint whose cosignatures meet the quorum: (size,
    /// note with every cosignature it has).
    pub fn witnessed(&self) -> Option<(u64, String)> {
        self.shared.read().ok().and_then(|s| s.witnessed.clone())
    }

    /// The split views found: checkpoints of this log that witnesses hold
    /// and this server's history does not contain. Each is shown to every
    /// reader until the operator is replaced or explains it.
    pub fn split_views(&self) -> Vec<SplitView> {
        self.shared.read().map(|s| s.split_views.clone()).unwrap_or_default()
    }

    /// Each witness of the policy, in its order.
    pub fn statuses(&self) -> Vec<WitnessStatus> {
        self.shared.read().map(|s| s.statuses.clone()).unwrap_or_default()
    }

    fn update(&self, change: impl FnOnce(&mut Shared)) {
        if let Ok(mut shared) = self.shared.write() {
            change(&mut shared);
        }
    }

    /// Starts collecting cosignatures for the log `observer` follows, whose
    /// checkpoints are in `store`. Runs until the writer stops. Returns once
    /// the policy in force is known and the store has been searched for the
    /// latest checkpoint that met its quorum, so the first request is
    /// answered as every later one is.
    pub async fn start(
        store: Store,
        observer: LedgerObserver,
        log_vkey: String,
        log_url: Option<String>,
    ) -> Result<(Witnessing, tokio::task::JoinHandle<()>), NodeError> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| NodeError::Other(format!("the witness client: {e}")))?;
        // The policy, and the latest checkpoint that met its quorum, are
        // known before the first request is answered: a server just started
        // never serves a checkpoint its witnesses did not cosign, nor
        // answers 503 while one is stored.
        let witnessing = Witnessing::default();
        let collector = Collector { store, observer, log_vkey, log_url, client, witnessing: witnessing.clone() };
        let built = collector.build(collector.observer.agreement()).await;
        Ok((witnessing, tokio::spawn(collector.run(built))))
    }
}

/// One witness as the collector tracks it.
struct Tracked {
    name: String,
    url: String,
    key: truce_ledger::CosignerKey,
    /// The size this witness last cosigned, as far as the log knows (0 at
    /// first: a 409 answer tells the truth).
    old: u64,
    /// Left out of rounds until then.
    resting_until: Option<tokio::time::Instant>,
    backoff: Duration,
    /// Why the last request failed, until one succeeds.
    failing: Option<String>,
    /// The last size it cosigned in this process, and the cosignature's time.
    cosigned: Option<(u64, u64)>,
}

struct Collector {
    store: Store,
    observer: LedgerObserver,
    log_vkey: String,
    log_url: Option<String>,
    client: reqwest::Client,
    witnessing: Witnessing,
}

/// Why one request to a witness did not bring a cosignature.
enum Failure {
    /// 409: the witness's latest cosigned size.
    Conflict(u64),
    /// 422: the witness holds a tree the checkpoint does not extend.
    Inconsistent(String),
    /// Anything else, described for the status page.
    Failed(String),
}

/// The policy as the collector last built it, from which agreement, and
/// what it knows of each witness.
struct Built {
    /// The agreement it was built from: it changes only with an amendment,
    /// so most commits build nothing.
    from: Option<Arc<Agreement>>,
    policy: Option<Arc<Policy>>,
    tracked: Vec<Tracked>,
}

impl Collector {
    /// Builds the policy of `agreement`, finds the latest stored checkpoint
    /// that met its quorum, and publishes both.
    async fn build(&self, agreement: Option<Arc<Agreement>>) -> Built {
        let policy = policy_in_force(agreement.as_deref(), &self.log_vkey, self.log_url.as_deref()).map(Arc::new);
        let tracked = policy.as_deref().map(track).unwrap_or_default();
        let witnessed = match &policy {
            Some(policy) => self.latest_witnessed(policy, SEARCH_AT_START).await,
            None => None,
        };
        let statuses = tracked.iter().map(status_of).collect();
        self.witnessing.update(|s| {
            s.policy = policy.clone();
            s.statuses = statuses;
            s.witnessed = witnessed;
        });
        Built { from: agreement, policy, tracked }
    }

    async fn run(self, mut built: Built) {
        let mut checkpoints = self.observer.checkpoints();
        let mut last_round: Option<u64> = None;
        // When a follower last looked in the store: at most once every
        // FOLLOWER_LOOKS_EVERY, however fast the leader commits.
        let mut looked: Option<tokio::time::Instant> = None;
        loop {
            let agreement = self.observer.agreement();
            let unchanged = match (&agreement, &built.from) {
                (Some(now), Some(before)) => Arc::ptr_eq(now, before),
                (None, None) => true,
                _ => false,
            };
            if !unchanged {
                // An amendment that leaves the witnesses as they were keeps
                // what is known of them.
                let current = policy_in_force(agreement.as_deref(), &self.log_vkey, self.log_url.as_deref());
                if current.as_ref().map(Policy::to_text) != built.policy.as_deref().map(Policy::to_text) {
                    built = self.build(agreement).await;
                    last_round = None;
                } else {
                    built.from = agreement;
                }
            }
            let Built { policy, tracked, .. } = &mut built;
            // Of several servers on one store, the leader collects; the
            // others serve what it stored.
            let collects = self.observer.role() != crate::sequencer::SequencerRole::Follower;
            if let Some(policy) = policy.as_ref().filter(|_| !collects)
                && looked.is_none_or(|at| at.elapsed() >= FOLLOWER_LOOKS_EVERY)
            {
                looked = Some(tokio::time::Instant::now());
                self.follow_witnessed(policy).await;
            }
            if let Some(policy) = policy.as_ref().filter(|_| collects) {
                let committed = checkpoints.borrow_and_update().clone();
                let latest = match committed {
                    Some(latest) => Some(latest),
                    None => self.store.latest_checkpoint().await.ok().flatten(),
                };
                if let Some((size, note)) = latest
                    && (last_round != Some(size) || tracked.iter().any(|w| w.old < size && w.resting_until.is_some()))
                {
                    self.round(policy, tracked, size, &note).await;
                    last_round = Some(size);
                }
            }
            // Wake for the next commit, when a resting witness may be tried
            // again, or (a follower) when it is time to look in the store.
            // Only a collecting server's witnesses rest, and only a time
            // still ahead wakes it (one passed would wake it at once, again
            // and again).
            let now = tokio::time::Instant::now();
            let mut wake =
                tracked.iter().filter_map(|w| w.resting_until).filter(|&until| collects && until > now).min();
            if let Some(at) = looked.filter(|_| !collects && policy.is_some()) {
                let look = at + FOLLOWER_LOOKS_EVERY;
                wake = Some(wake.map_or(look, |w| w.min(look)));
            }
            tokio::select! {
                changed = checkpoints.changed() => if changed.is_err() { break },
                () = sleep_until(wake) => {}
            }
        }
    }

    /// The latest of the `search` newest stored checkpoints whose
    /// cosignatures meet the quorum.
    async fn latest_witnessed(&self, policy: &Policy, search: u32) -> Option<(u64, String)> {
        let recent = match self.store.recent_checkpoints(search).await {
            Ok(recent) => recent,
            Err(e) => {
                tracing::warn!(error = %e, "the stored checkpoints could not be read for their cosignatures");
                return None;
            }
        };
        recent.into_iter().find(|(_, note)| policy.check(note).is_ok_and(|check| check.met))
    }

    /// A follower's turn: serves the latest checkpoint the leader stored
    /// with a quorum of cosignatures, if it is newer than (or the same
    /// size with more cosignatures than) the one served.
    async fn follow_witnessed(&self, policy: &Policy) {
        let Some(found) = self.latest_witnessed(policy, FOLLOWER_SEARCH).await else { return };
        let served = self.witnessing.witnessed();
        if served.as_ref().is_none_or(|(size, note)| found.0 > *size || (found.0 == *size && found.1 != *note)) {
            self.witnessing.update(|s| s.witnessed = Some(found));
        }
    }

    /// Sends checkpoint `size` to every witness not resting, stores the
    /// cosignatures, and moves the witnessed checkpoint on if the quorum is met.
    async fn round(&self, policy: &Policy, tracked: &mut [Tracked], size: u64, note: &str) {
        let Some(body) = log_signed_only(note) else {
            tracing::error!(size, "the stored checkpoint is not a signed note");
            return;
        };
        let now = tokio::time::Instant::now();
        let mut requests = tokio::task::JoinSet::new();
        for (slot, witness) in tracked.iter().enumerate() {
            if witness.old >= size || witness.resting_until.is_some_and(|until| until > now) {
                continue;
            }
            let (client, store, url, old, body) =
                (self.client.clone(), self.store.clone(), witness.url.clone(), witness.old, body.clone());
            requests.spawn(async move { (slot, send_with_resync(&client, &store, &url, old, size, &body).await) });
        }
        let mut lines = Vec::new();
        let mut examine = Vec::new();
        while let Some(joined) = requests.join_next().await {
            let Ok((slot, outcome)) = joined else { continue };
            let Some(witness) = tracked.get_mut(slot) else { continue };
            match outcome {
                Ok((answer, learned_old)) => match cosignature_in(&witness.key, &body, &answer) {
                    Some((line, time)) => {
                        witness.old = size;
                        witness.cosigned = Some((size, time));
                        witness.resting_until = None;
                        witness.backoff = Duration::from_secs(1);
                        witness.failing = None;
                        lines.push(line);
                    }
                    None => {
                        witness.old = learned_old;
                        rest(witness, "its answer carries no valid cosignature of its key".into());
                    }
                },
                Err(Failure::Conflict(latest)) => {
                    witness.old = latest;
                    rest(witness, format!("it has cosigned size {latest}, which this log cannot prove it extends"));
                    examine.push(slot);
                }
                Err(Failure::Inconsistent(reason)) => {
                    rest(witness, reason);
                    examine.push(slot);
                }
                Err(Failure::Failed(reason)) => rest(witness, reason),
            }
        }
        // A witness that holds a tree this log does not extend: see whether
        // it holds a checkpoint of this log's key outside this history.
        for slot in examine {
            let Some(witness) = tracked.get(slot) else { continue };
            if let Some(found) = self.examine(witness).await {
                tracing::error!(witness = %found.witness, theirs = %found.theirs, ours = %found.ours, "split view");
                self.witnessing.update(|s| {
                    if !s.split_views.contains(&found) {
                        s.split_views.push(found);
                    }
                });
            }
        }
        let note = match self.add_cosignatures(size, &body, &lines).await {
            Ok(note) => note,
            Err(e) => {
                tracing::error!(error = %e, size, "storing cosignatures");
                return;
            }
        };
        let met = policy.check(&note).is_ok_and(|check| check.met);
        let statuses = tracked.iter().map(status_of).collect();
        self.witnessing.update(|s| {
            s.statuses = statuses;
            if met && s.witnessed.as_ref().is_none_or(|(witnessed, _)| *witnessed < size) {
                s.witnessed = Some((size, note));
            }
        });
    }

    /// Fetches the checkpoint `witness` last cosigned (its monitoring
    /// endpoint) and compares it with this log's tree: a checkpoint signed
    /// with this log's key for a size beyond the tree, or with another root
    /// at a size the tree has, is a split view.
    async fn examine(&self, witness: &Tracked) -> Option<SplitView> {
        let origin = self.log_vkey.split('+').next()?;
        let address =
            format!("{}/{}", witness.url.trim_end_matches('/'), truce_ledger::witness::monitoring_path(origin));
        let response = self.client.get(&address).send().await.ok()?;
        if response.status().as_u16() != 200 {
            return None;
        }
        let theirs = response.text().await.ok()?;
        let checkpoint = truce_ledger::open_checkpoint(&theirs, &self.log_vkey).ok()?;
        let (our_size, _) = self.store.latest_checkpoint().await.ok()??;
        let ours = if checkpoint.size > our_size {
            format!("this server's log holds {our_size} records")
        } else {
            let root = root_at(&self.store, checkpoint.size).await.ok()?;
            if root == checkpoint.root {
                return None;
            }
            let root = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, root);
            format!("{origin}\n{}\n{root}", checkpoint.size)
        };
        Some(SplitView { witness: witness.name.clone(), theirs, ours })
    }

    /// Adds cosignature lines to the stored checkpoint of `size` and returns
    /// the note with every cosignature it now carries.
    async fn add_cosignatures(&self, size: u64, body: &str, lines: &[String]) -> Result<String, NodeError> {
        let stored = self.store.checkpoint_at(size).await?.unwrap_or_else(|| body.to_owned());
        let mut note = stored.clone();
        for line in lines {
            if !note.contains(line.as_str()) {
                note.push_str(line);
                note.push('\n');
            }
        }
        if note != stored {
            self.store.cosign_checkpoint(size, &note).await?;
        }
        Ok(note)
    }
}

fn track(policy: &Policy) -> Vec<Tracked> {
    policy
        .witnesses
        .iter()
        .map(|w| Tracked {
            name: w.name.clone(),
            url: w.url.clone().unwrap_or_default(),
            key: w.key.clone(),
            old: 0,
            resting_until: None,
            backoff: Duration::from_secs(1),
            failing: None,
            cosigned: None,
        })
        .collect()
}

fn status_of(witness: &Tracked) -> WitnessStatus {
    WitnessStatus {
        participant: witness.name.clone(),
        url: witness.url.clone(),
        cosigned_size: witness.cosigned.map(|(size, _)| size),
        cosigned_at: witness.cosigned.map(|(_, time)| time),
        failing: witness.failing.clone(),
    }
}

fn rest(witness: &mut Tracked, reason: String) {
    tracing::warn!(witness = %witness.name, %reason, "a witness did not cosign");
    witness.failing = Some(reason);
    witness.resting_until = Some(tokio::time::Instant::now() + witness.backoff);
    witness.backoff = (witness.backoff * 2).min(MAX_BACKOFF);
}

async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The checkpoint with the log's own signature only (stored notes may
/// already carry cosignatures, which a witness need not be sent).
fn log_signed_only(note: &str) -> Option<String> {
    let mut parsed = SignedNote::parse(note).ok()?;
    let origin = parsed.text.lines().next()?.to_owned();
    parsed.signatures.retain(|line| line.name == origin);
    Some(parsed.to_text())
}

/// The first line of `answer` that is a valid cosignature of `key` on the
/// checkpoint `note`, with its time.
fn cosignature_in(key: &truce_ledger::CosignerKey, note: &str, answer: &str) -> Option<(String, u64)> {
    let text = SignedNote::parse(note).ok()?.text;
    answer.lines().find_map(|line| {
        let parsed = truce_ledger::note::SignatureLine::parse(line).ok()?;
        let time = key.verify(&text, &parsed).ok()?;
        Some((line.to_owned(), time))
    })
}

/// Sends the checkpoint; on a 409, learns the witness's size and sends it
/// once more with the proof from there. Returns the answer's body and the
/// old size finally used.
async fn send_with_resync(
    client: &reqwest::Client,
    store: &Store,
    url: &str,
    old: u64,
    size: u64,
    note: &str,
) -> Result<(String, u64), Failure> {
    match add_checkpoint(client, store, url, old, size, note).await {
        Err(Failure::Conflict(latest)) if latest != old && latest <= size => {
            add_checkpoint(client, store, url, latest, size, note).await.map(|answer| (answer, latest))
        }
        other => other.map(|answer| (answer, old)),
    }
}

/// One `add-checkpoint` request.
async fn add_checkpoint(
    client: &reqwest::Client,
    store: &Store,
    url: &str,
    old: u64,
    size: u64,
    note: &str,
) -> Result<String, Failure> {
    let proof = consistency_proof(store, old, size).await.map_err(|e| Failure::Failed(format!("proof: {e}")))?;
    let body = truce_ledger::witness::add_checkpoint_body(old, &proof, note);
    let endpoint = format!("{}/add-checkpoint", url.trim_end_matches('/'));
    let response = client
        .post(&endpoint)
        .body(body)
        .send()
        .await
        .map_err(|e| Failure::Failed(format!("{endpoint}: {}", without_url(&e))))?;
    let status = response.status().as_u16();
    let text = response.text().await.map_err(|e| Failure::Failed(format!("{endpoint}: {}", without_url(&e))))?;
    match status {
        200 => Ok(text),
        409 => text
            .trim_end_matches('\n')
            .parse::<u64>()
            .map(Failure::Conflict)
            .map_err(|_| Failure::Failed(format!("{endpoint}: a 409 answer without a size")))
            .and_then(Err),
        422 => Err(Failure::Inconsistent(format!("{endpoint}: 422 {}", text.lines().next().unwrap_or_default()))),
        _ => Err(Failure::Failed(format!("{endpoint}: {status} {}", text.lines().next().unwrap_or_default()))),
    }
}

fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    text
}

/// The root of this log's tree at `size` entries, from the store's hashes.
async fn root_at(store: &Store, size: u64) -> Result<Hash, NodeError> {
    let indexes = truce_ledger::root_indexes(size)?;
    Ok(truce_ledger::root_from(size, &stored_hashes(store, &indexes).await?)?)
}

/// The consistency proof from `old` to `size` entries, from the store's hashes.
async fn consistency_proof(store: &Store, old: u64, size: u64) -> Result<Vec<Hash>, NodeError> {
    let indexes = consistency_proof_indexes(old, size)?;
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(consistency_proof_from(old, size, &stored_hashes(store, &indexes).await?)?)
}
