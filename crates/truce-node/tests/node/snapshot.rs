//! The start-up snapshot: a start from it gives the state a replay of the
//! whole log gives; one that does not hold, or that the store does not
//! vouch for, is passed over with its reason and the whole log replayed.

use truce_node::replay::{self, Loaded};
use truce_node::snapshot::{self, Unusable};
use truce_node::{Mechanism, SequencerConfig};

use crate::{Deployment, databases, deploy, first_filing, run_scenario};

/// Loads the deployment's state from its snapshot file (if it holds).
async fn load_with_snapshot(d: &Deployment) -> Loaded {
    let store = d.store().await;
    let vkey = d.dir.identity().unwrap().vkey();
    let loaded = replay::load_from(&store, d.dir.blobs().as_ref(), &vkey, Some(&d.dir.snapshot_path())).await.unwrap();
    store.close().await;
    loaded
}

/// Loads the deployment's state by replaying every record.
async fn load_by_replay(d: &Deployment) -> (Mechanism, truce_ledger::Tree) {
    let store = d.store().await;
    let vkey = d.dir.identity().unwrap().vkey();
    let loaded = replay::load(&store, d.dir.blobs().as_ref(), &vkey).await.unwrap();
    store.close().await;
    loaded
}

/// The readers' statistics a snapshot brought count exactly the loaded
/// cases, as counting them afresh does.
fn assert_readers_count_the_cases(loaded: &Loaded) {
    let recounted = truce_core::stats::ReaderTallies::of(loaded.mechanism.docket.cases());
    assert_eq!(loaded.readers.as_ref(), Some(&recounted));
}

/// The same state, field by field (every part of the state has a `Debug`
/// form that shows all of it).
fn assert_same(loaded: &Loaded, replayed: &(Mechanism, truce_ledger::Tree)) {
    assert_eq!(loaded.tree, replayed.1);
    assert_eq!(format!("{:?}", loaded.mechanism), format!("{:?}", replayed.0));
}

/// Writes the snapshot of `mechanism` and `tree` beside the data
/// directory, reads it back, and finds the same state.
pub fn assert_round_trip(
    dir: &truce_node::datadir::DataDir,
    vkey: &str,
    mechanism: &Mechanism,
    tree: &truce_ledger::Tree,
) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("round-trip.snapshot");
    snapshot::write(&path, vkey, mechanism, tree, None).unwrap();
    let back = snapshot::read(&path, vkey, dir.blobs().as_ref()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&back.tree, tree);
    assert_eq!(format!("{:?}", back.mechanism), format!("{mechanism:?}"));
}

#[tokio::test]
async fn a_start_from_the_snapshot_gives_the_state_a_replay_gives_and_replays_only_what_follows() {
    for db in databases().await {
        let mut d = deploy(db).await;
        run_scenario(&mut d).await;
        // The writer left a snapshot as it stopped, at the log's size.
        let path = d.dir.snapshot_path();
        let size = d.store().await.log_size().await.unwrap();
        let loaded = load_with_snapshot(&d).await;
        assert_eq!(loaded.snapshot, Some(size));
        assert_eq!(loaded.replayed, 0);
        assert!(loaded.passed_over.is_none());
        let replayed = load_by_replay(&d).await;
        assert_same(&loaded, &replayed);
        assert_readers_count_the_cases(&loaded);
        // The state holds a draft, talks and alerts only in some scenarios;
        // this one holds an agreement, principals and cases.
        assert!(loaded.mechanism.agreement.is_some());
        assert!(loaded.mechanism.docket.len() > 3);

        // An older snapshot: the records since are replayed on top of it.
        let older = std::fs::read(&path).unwrap();
        let (ledger, handle) = d.start().await;
        let (author, at, body) = first_filing();
        let truce_node::records::Body::Case(mut command) = body else { panic!("a filing") };
        command.case = truce_core::ids::CaseId::parse("2025-10-30-after-the-snapshot").unwrap();
        d.submit(&ledger, &author, at, &truce_node::records::Body::Case(command)).await.unwrap();
        drop(ledger);
        handle.await.unwrap();
        let newer = load_with_snapshot(&d).await;
        assert_eq!((newer.snapshot, newer.replayed), (Some(size + 1), 0));
        std::fs::write(&path, &older).unwrap();
        let loaded = load_with_snapshot(&d).await;
        assert_eq!((loaded.snapshot, loaded.replayed), (Some(size), 1));
        let replayed = load_by_replay(&d).await;
        assert_same(&loaded, &replayed);
        // The statistics follow the case the replay after it filed.
        assert_readers_count_the_cases(&loaded);
        let mediators = loaded.readers.as_ref().unwrap().cases(&truce_core::access::Viewer::Mediator);
        assert_eq!(mediators, loaded.mechanism.docket.len() as u64);
        assert_same(&newer, &replayed);
        assert!(
            replayed.0.docket.case(&truce_core::ids::CaseId::parse("2025-10-30-after-the-snapshot").unwrap()).is_some()
        );

        // The store must vouch for it: without a checkpoint of its size
        // the older snapshot is passed over, and the whole log replayed.
        let store = d.store().await;
        assert_eq!(store.execute_raw(&format!("delete from checkpoints where size = {size}")).await.unwrap(), 1);
        store.close().await;
        let loaded = load_with_snapshot(&d).await;
        assert_eq!((loaded.snapshot, loaded.replayed), (None, size + 1));
        assert!(
            matches!(&loaded.passed_over, Some(Unusable::NotInStore { size: s, reason }) if *s == size && reason.contains("no checkpoint of that size")),
            "{:?}",
            loaded.passed_over
        );
        assert_same(&loaded, &replayed);
        d.verify().await.unwrap();
    }
}

#[tokio::test]
async fn a_damaged_snapshot_or_one_of_another_log_or_build_is_passed_over() {
    let mut d = deploy(None).await;
    run_scenario(&mut d).await;
    let path = d.dir.snapshot_path();
    let good = std::fs::read(&path).unwrap();
    let vkey = d.dir.identity().unwrap().vkey();
    let replayed = load_by_replay(&d).await;
    let size = replayed.1.size();

    // One byte changed in the state: the digest in the header says so.
    let mut damaged = good.clone();
    let last = damaged.len() - 10;
    damaged[last] ^= 1;
    std::fs::write(&path, &damaged).unwrap();
    let err = snapshot::read(&path, &vkey, d.dir.blobs().as_ref()).err().expect("a damaged snapshot");
    assert!(err.to_string().contains("does not match its digest"), "{err}");
    let loaded = load_with_snapshot(&d).await;
    assert_eq!((loaded.snapshot, loaded.replayed), (None, size));
    assert!(matches!(loaded.passed_over, Some(Unusable::Damaged { .. })));
    assert_same(&loaded, &replayed);

    // Cut short (a crash while an older build wrote it without renaming).
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    let err = snapshot::read(&path, &vkey, d.dir.blobs().as_ref()).err().expect("a short snapshot");
    assert!(matches!(err, Unusable::Damaged { .. }), "{err}");

    // Another build wrote it: its state may not be the one this build's
    // replay gives.
    let text = String::from_utf8_lossy(&good).into_owned();
    let at = text.find("\"build\":\"").unwrap() + 9;
    let mut other = good.clone();
    other[at] = if other[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(&path, &other).unwrap();
    let err = snapshot::read(&path, &vkey, d.dir.blobs().as_ref()).err().expect("another build's snapshot");
    assert!(matches!(err, Unusable::OtherBuild { .. }), "{err}");

    // Another log's snapshot.
    let mut e = deploy(None).await;
    run_scenario(&mut e).await;
    std::fs::copy(e.dir.snapshot_path(), &path).unwrap();
    let err = snapshot::read(&path, &vkey, d.dir.blobs().as_ref()).err().expect("another log's snapshot");
    assert!(matches!(err, Unusable::OtherLog { .. }), "{err}");
    let loaded = load_with_snapshot(&d).await;
    assert_eq!(loaded.snapshot, None);
    assert_same(&loaded, &replayed);

    // Put back, it is used again; a missing one is no complaint.
    std::fs::write(&path, &good).unwrap();
    assert_eq!(load_with_snapshot(&d).await.snapshot, Some(size));
    std::fs::remove_file(&path).unwrap();
    let loaded = load_with_snapshot(&d).await;
    assert!(loaded.snapshot.is_none() && loaded.passed_over.is_none());
}

#[tokio::test]
async fn a_serving_writer_writes_a_snapshot_as_the_log_grows() {
    let d = deploy(None).await;
    let path = d.dir.snapshot_path();
    std::fs::remove_file(&path).unwrap();
    let config = SequencerConfig { max_clock_skew: None, snapshot_every: 3, ..SequencerConfig::default() };
    let (ledger, handle) = d.dir.start(Some(&d.database), config).await.unwrap();
    let scenario = truce_core::scenario::Scenario::from_toml(crate::OCTOBER).unwrap();
    for step in scenario.steps.iter().filter(|s| s.expect_error.is_none()).take(5) {
        let body = truce_node::records::Body::Case(Box::new(truce_core::CaseCommand {
            case: step.command.case.clone(),
            command: step.command.command.clone(),
        }));
        d.submit(&ledger, step.actor.principal.as_str(), step.at, &body).await.unwrap();
    }
    // The idle writer writes it within a few seconds, while still serving.
    let deadline = truce_node::clock::instant() + std::time::Duration::from_secs(20);
    while !path.exists() && truce_node::clock::instant() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let loaded = load_with_snapshot(&d).await;
    assert!(loaded.snapshot.is_some_and(|s| s >= 3), "{:?}", loaded.snapshot);
    drop(ledger);
    handle.await.unwrap();
    let loaded = load_with_snapshot(&d).await;
    assert_same(&loaded, &load_by_replay(&d).await);
    assert_readers_count_the_cases(&loaded);
}
