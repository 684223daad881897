//! The node end to end: the October 2025 scenario through the sequencer,
//! proofs, `verify`, `rebuild`, confidential records and tamper detection,
//! on SQLite and (when `TRUCE_TEST_POSTGRES_URL` is set) on PostgreSQL.

#![allow(missing_docs)]

mod alerts;
mod consent;
mod evidence;
mod object_blobs;
mod public_sources;
mod rows;
mod snapshot;
mod talks;
mod tamper;
mod witnessing;

use std::collections::BTreeMap;

use truce_core::CaseCommand;
use truce_core::scenario::Scenario;
use truce_ledger::SigningKey;
use truce_node::datadir::DataDir;
use truce_node::records::{Body, PrincipalRegistered, submission};
use truce_node::replay::{self, VerifyError};
use truce_node::{Ledger, NodeError, Receipt, SequencerConfig};
use truce_store::Store;

pub const DOHA: &str = include_str!("../../../../agreements/doha-istanbul-2025.toml");
pub const OCTOBER: &str = include_str!("../../../../scenarios/october-2025.toml");
pub const ORIGIN: &str = "truce.test/doha-istanbul-2025";

/// A deployment under test, with the keys of every principal.
pub struct Deployment {
    pub dir: DataDir,
    pub database: String,
    pub keys: BTreeMap<String, (SigningKey, Option<String>)>,
    pub receipts: Vec<Receipt>,
    _tmp: tempfile::TempDir,
}

impl Deployment {
    pub async fn store(&self) -> Store {
        Store::open(&self.database).await.unwrap()
    }

    pub async fn start(&self) -> (Ledger, tokio::task::JoinHandle<()>) {
        let config = SequencerConfig { max_clock_skew: None, ..SequencerConfig::default() };
        self.dir.start(Some(&self.database), config).await.unwrap()
    }

    /// `truce verify`; and, whenever the log verifies, the state its
    /// replay gives survives the start-up snapshot unchanged (so every
    /// test's state, talks, consent, alerts and imports included, checks
    /// the snapshot's round trip).
    pub async fn verify(&self) -> Result<replay::VerifyReport, VerifyError> {
        let store = self.store().await;
        let vkey = self.dir.identity().unwrap().vkey();
        let result = replay::verify(&store, self.dir.blobs().as_ref(), &vkey, &mut |_, _| {}).await;
        if result.is_ok() {
            let (mechanism, tree) = replay::load(&store, self.dir.blobs().as_ref(), &vkey).await.unwrap();
            snapshot::assert_round_trip(&self.dir, &vkey, &mechanism, &tree);
        }
        store.close().await;
        result
    }

    pub async fn submit(
        &self,
        ledger: &Ledger,
        who: &str,
        time: jiff::Timestamp,
        body: &Body,
    ) -> Result<Receipt, NodeError> {
        let (key, participant) = &self.keys[who];
        ledger.submit(submission(key, who, participant.as_deref(), time, body, None).unwrap()).await
    }
}

pub async fn databases() -> Vec<Option<String>> {
    let mut out = vec![None];
    if let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") {
        out.push(Some(fresh_postgres(&base).await));
    }
    out
}

async fn fresh_postgres(base: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!("truce_node_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let admin = Store::open(base).await.unwrap();
    admin.execute_raw(&format!("drop database if exists {name}")).await.unwrap();
    admin.execute_raw(&format!("create database {name}")).await.unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}

/// Initialises a deployment and registers the scenario's principals.
pub async fn deploy(database: Option<String>) -> Deployment {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let text = scenario.agreement_text(DOHA).unwrap();
    let admin = dir.init(ORIGIN, database.as_deref(), "admin", &text).await.unwrap();
    let database = database.unwrap_or_else(|| dir.default_database());
    let mut keys = BTreeMap::new();
    keys.insert("admin".to_owned(), (admin, None));
    let mut deployment = Deployment { dir, database, keys, receipts: Vec::new(), _tmp: tmp };
    let (ledger, handle) = deployment.start().await;
    let mut seen = std::collections::BTreeSet::new();
    for step in &scenario.steps {
        let id = step.actor.principal.to_string();
        if !seen.insert(id.clone()) {
            continue;
        }
        let key = SigningKey::from_seed([seen.len() as u8; 32]);
        let body = Body::Principal(PrincipalRegistered {
            principal: id.clone(),
            participant: step.actor.participant.as_ref().map(ToString::to_string),
            role: step.actor.role,
            public_key: key.verifying_key().to_base64(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        });
        let t: jiff::Timestamp = "2025-10-09T00:00:00Z".parse().unwrap();
        deployment.keys.insert(id.clone(), (key, step.actor.participant.as_ref().map(ToString::to_string)));
        deployment.submit(&ledger, "admin", t, &body).await.unwrap();
    }
    assert!(seen.len() >= 6);
    drop(ledger);
    handle.await.unwrap();
    deployment
}

/// Runs the October scenario's steps as signed records; refused steps must be refused.
pub async fn run_scenario(d: &mut Deployment) {
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let (ledger, handle) = d.start().await;
    for (i, step) in scenario.steps.iter().enumerate() {
        let body = Body::Case(Box::new(CaseCommand {
            case: step.command.case.clone(),
            command: step.command.command.clone(),
        }));
        let result = d.submit(&ledger, step.actor.principal.as_str(), step.at, &body).await;
        match (&step.expect_error, result) {
            (None, Ok(receipt)) => d.receipts.push(receipt),
            (Some(expected), Err(NodeError::Rejected(e))) => {
                assert!(e.to_string().contains(expected.as_str()), "step {i}: {e}")
            }
            (expected, other) => panic!("step {i}: expected {expected:?}, got {other:?}"),
        }
    }
    drop(ledger);
    handle.await.unwrap();
}

#[tokio::test]
async fn the_october_scenario_through_the_ledger_verifies() {
    for db in databases().await {
        let mut d = deploy(db).await;
        run_scenario(&mut d).await;
        let report = d.verify().await.unwrap_or_else(|e| panic!("{e}"));
        let expected = Scenario::from_toml(OCTOBER).unwrap().run(&truce_core::Agreement::from_toml(DOHA).unwrap());
        let expected = expected.unwrap();
        assert_eq!(report.cases, expected.docket.len());
        assert_eq!(report.records, 2 + 6 + d.receipts.len() as u64);
        assert_eq!(report.checkpoint_size, report.records);

        // Every receipt's tlog-proof verifies against the log's vkey alone.
        let vkey = d.dir.identity().unwrap().vkey();
        let store = d.store().await;
        for r in &d.receipts {
            let entry = store.entry(r.index).await.unwrap();
            let checkpoint = truce_ledger::verify_tlog_proof(&r.tlog_proof, &entry, &vkey).unwrap();
            assert_eq!(checkpoint.size, r.size);
        }
        // The projection reflects where the scenario leaves each case.
        let p = store.read_projection().await.unwrap();
        let got: Vec<(String, String)> = p.cases.iter().map(|c| (c.id.clone(), c.status.clone())).collect();
        let want: Vec<(String, String)> =
            expected.docket.cases().map(|c| (c.id.to_string(), c.status.as_str().to_owned())).collect();
        assert_eq!(got, want);
        assert_eq!(p.penalties.len(), 4);
    }
}

#[tokio::test]
async fn rebuild_gives_identical_projections() {
    for db in databases().await {
        let mut d = deploy(db).await;
        run_scenario(&mut d).await;
        let store = d.store().await;
        let before = store.read_projection().await.unwrap();
        store.execute_raw("update cases set status = 'closed'").await.unwrap();
        let vkey = d.dir.identity().unwrap().vkey();
        let n = replay::rebuild(&store, d.dir.blobs().as_ref(), &vkey).await.unwrap();
        assert_eq!(n, store.log_size().await.unwrap());
        let after = store.read_projection().await.unwrap();
        assert_eq!(after, before);
        d.verify().await.unwrap();
    }
}

#[tokio::test]
async fn a_rejected_record_leaves_the_log_unchanged() {
    let d = deploy(None).await;
    let (ledger, handle) = d.start().await;
    let store = d.store().await;
    let size = store.log_size().await.unwrap();
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let step = &scenario.steps[2]; // admitting the Kabul case before it was filed
    let body =
        Body::Case(Box::new(CaseCommand { case: step.command.case.clone(), command: step.command.command.clone() }));
    let err = d.submit(&ledger, "qat-chair", step.at, &body).await.unwrap_err();
    assert_eq!(err.to_string(), "rejected: there is no case 2025-10-09-kabul");
    // A record signed with the wrong key is refused too.
    let (wrong, _) = &d.keys["afg-liaison"];
    let forged = submission(wrong, "pak-liaison", Some("PAK"), step.at, &body, None).unwrap();
    let err = ledger.submit(forged).await.unwrap_err();
    assert_eq!(err.to_string(), "rejected: the signature does not verify with pak-liaison's key");
    drop(ledger);
    handle.await.unwrap();
    assert_eq!(store.log_size().await.unwrap(), size);
}

#[tokio::test]
async fn a_record_dated_ahead_of_the_clock_is_refused_and_one_signed_a_while_ago_is_not() {
    let d = deploy(None).await;
    let (ledger, handle) = d.dir.start(Some(&d.database), SequencerConfig::default()).await.unwrap();
    let observer = |id: &str| {
        Body::Principal(PrincipalRegistered {
            principal: id.into(),
            participant: None,
            role: truce_core::Role::Observer,
            public_key: SigningKey::from_seed([90; 32]).verifying_key().to_base64(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        })
    };
    let now = truce_node::clock::now();
    let at = |secs: i64| now.checked_add(jiff::SignedDuration::from_secs(secs)).unwrap();
    // Five minutes ahead would hold every later command on a case back: refused.
    match d.submit(&ledger, "admin", at(300), &observer("ahead")).await {
        Err(NodeError::Rejected(e)) => assert!(e.to_string().contains("s ahead of the log's clock"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A phone that queued its filing five minutes ago, or a clock a few seconds fast: accepted.
    d.submit(&ledger, "admin", at(-300), &observer("behind")).await.unwrap();
    d.submit(&ledger, "admin", at(10), &observer("fast")).await.unwrap();
    match d.submit(&ledger, "admin", at(-3600), &observer("stale")).await {
        Err(NodeError::Rejected(e)) => assert!(e.to_string().contains("s behind the log's clock"), "{e}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(ledger);
    handle.await.unwrap();
}

#[tokio::test]
async fn a_confidential_record_logs_only_its_commitment() {
    for db in databases().await {
        let d = deploy(db).await;
        let (ledger, handle) = d.start().await;
        let (_, at, body) = first_filing();
        let (key, participant) = &d.keys["afg-liaison"];
        let sub = submission(key, "afg-liaison", participant.as_deref(), at, &body, Some([7; 32])).unwrap();
        let receipt = ledger.submit(sub).await.unwrap();
        drop(ledger);
        handle.await.unwrap();
        let store = d.store().await;
        let entry = String::from_utf8(store.entry(receipt.index).await.unwrap()).unwrap();
        assert!(entry.contains("\"commitment\":"), "{entry}");
        assert!(!entry.contains("Abdul Haq"), "the plaintext stays out of the log");
        let (salt, text) = store.confidential(receipt.index).await.unwrap().unwrap();
        assert_eq!(salt, vec![7; 32]);
        assert!(text.contains("Abdul Haq"));
        d.verify().await.unwrap();
        // A changed plaintext no longer matches its commitment.
        store
            .execute_raw(&format!(
                "update confidential_bodies set body = replace(body, 'Abdul Haq', 'elsewhere') where idx = {}",
                receipt.index
            ))
            .await
            .unwrap();
        let err = d.verify().await.unwrap_err().to_string();
        assert_eq!(
            err,
            format!("record {}: the stored confidential body does not match the record's commitment", receipt.index)
        );
    }
}

#[tokio::test]
async fn starting_refuses_a_changed_record_or_confidential_body() {
    for db in databases().await {
        let mut d = deploy(db.clone()).await;
        run_scenario(&mut d).await;
        let store = d.store().await;
        // Starting does not check each signature again, but a changed entry
        // no longer gives the tree the latest checkpoint signed. A changed
        // signature is what the rules alone cannot see.
        let entry = store.entry(20).await.unwrap();
        let text = String::from_utf8(entry.clone()).unwrap();
        let at = text.find("\"sig\":\"").unwrap() + 7;
        let first = &text[at..=at];
        let changed = format!("{}{}{}", &text[..at], if first == "A" { "B" } else { "A" }, &text[at + 1..]);
        store.execute_raw(&update_entry(db.is_some(), 20, changed.as_bytes())).await.unwrap();
        // Without the snapshot the writer left (which vouches for the
        // records before it, unread: `verify` reads them).
        std::fs::remove_file(d.dir.snapshot_path()).unwrap();
        let config = SequencerConfig { max_clock_skew: None, ..SequencerConfig::default() };
        let err = d.dir.start(Some(&d.database), config.clone()).await.err().expect("a changed record is refused");
        assert!(err.to_string().contains("stored entries; run truce verify"), "{err}");
        // `verify` names the record.
        let err = d.verify().await.unwrap_err().to_string();
        assert!(err.starts_with("record 20: the signature does not verify"), "{err}");

        // Put it back: the log starts again.
        store.execute_raw(&update_entry(db.is_some(), 20, &entry)).await.unwrap();
        let (ledger, handle) = d.dir.start(Some(&d.database), config.clone()).await.unwrap();

        // A confidential body is still checked against its commitment.
        let (author, at, body) = first_filing();
        let Body::Case(mut command) = body else { panic!("the first step files a case") };
        command.case = truce_core::ids::CaseId::parse("2025-10-30-confidential").unwrap();
        let (key, participant) = &d.keys[author.as_str()];
        let sub = submission(key, &author, participant.as_deref(), at, &Body::Case(command), Some([9; 32])).unwrap();
        let receipt = ledger.submit(sub).await.unwrap();
        drop(ledger);
        handle.await.unwrap();
        std::fs::remove_file(d.dir.snapshot_path()).unwrap();
        let sql =
            format!("update confidential_bodies set body = replace(body, 'a', 'b') where idx = {}", receipt.index);
        assert_eq!(store.execute_raw(&sql).await.unwrap(), 1);
        let err = d.dir.start(Some(&d.database), config).await.err().expect("a changed confidential body is refused");
        assert!(err.to_string().contains("does not match the record's commitment"), "{err}");
        store.close().await;
    }
}

/// The October scenario's first filing as a record body, with its author and time.
fn first_filing() -> (String, jiff::Timestamp, Body) {
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let file = &scenario.steps[0];
    let body =
        Body::Case(Box::new(CaseCommand { case: file.command.case.clone(), command: file.command.command.clone() }));
    (file.actor.principal.to_string(), file.at, body)
}

/// An update statement setting entry `index` to `bytes`.
fn update_entry(postgres: bool, index: u64, bytes: &[u8]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    if postgres {
        format!("update log_entries set entry = decode('{hex}', 'hex') where idx = {index}")
    } else {
        format!("update log_entries set entry = x'{hex}' where idx = {index}")
    }
}
