//! The witness policy is in force from the moment the collector starts:
//! a server just started must not serve, even for an instant, a checkpoint
//! its agreement's witnesses did not cosign; and a server that follows
//! another's log on a shared store serves what that leader's witnesses
//! cosigned, as they cosign it.

use truce_core::scenario::Scenario;
use truce_node::datadir::DataDir;
use truce_node::sequencer::SequencerRole;
use truce_node::witnessing::{FOLLOWER_LOOKS_EVERY, Witnessing};

use crate::{DOHA, OCTOBER, ORIGIN};

/// The one witness of [`witnessed_agreement`].
fn witness() -> truce_ledger::Cosigner {
    truce_ledger::Cosigner::new("witness.pak.test", truce_ledger::SigningKey::from_seed([61; 32])).unwrap()
}

/// An agreement naming one witness, which is never reachable.
fn witnessed_agreement() -> String {
    let text = Scenario::from_toml(OCTOBER).unwrap().agreement_text(DOHA).unwrap();
    let vkey = witness().vkey();
    format!(
        "{text}\n[witnessing]\nquorum = \"PAK\"\n\n[[witnessing.witnesses]]\nparticipant = \"PAK\"\nvkey = \"{vkey}\"\nurl = \"http://127.0.0.1:9\"\n"
    )
}

/// On a current-thread runtime the collector's task cannot run before the
/// test awaits: what `start` returns is what the first request would see.
#[tokio::test]
async fn the_policy_holds_before_the_collector_first_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    dir.init(ORIGIN, None, "admin", &witnessed_agreement()).await.unwrap();
    let config = truce_node::SequencerConfig { max_clock_skew: None, ..truce_node::SequencerConfig::default() };
    let (ledger, handle) = dir.start(None, config).await.unwrap();
    let store = dir.store(None).await.unwrap();
    let vkey = dir.identity().unwrap().vkey();
    let (witnessing, collector) = Witnessing::start(store, ledger.observer(), vkey.clone(), None).await.unwrap();
    let policy = witnessing.policy().expect("the agreement's policy, before the collector has run");
    assert_eq!(policy.witnesses.len(), 1);
    assert!(policy.to_text().starts_with(&format!("log {vkey}\n")), "{}", policy.to_text());
    // Nothing the quorum cosigned: no checkpoint is to be served.
    assert_eq!(witnessing.witnessed(), None);

    // The collector, once it runs, keeps the same policy and finds no
    // cosigned checkpoint either (the witness never answers).
    tokio::task::yield_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(witnessing.policy().map(|p| p.to_text()), Some(policy.to_text()));
    assert_eq!(witnessing.witnessed(), None);
    drop(ledger);
    handle.await.unwrap();
    collector.await.unwrap();
}

/// Without a `[witnessing]` table there is no policy, and the log's own
/// latest checkpoint is served.
#[tokio::test]
async fn no_policy_without_witnesses() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let text = Scenario::from_toml(OCTOBER).unwrap().agreement_text(DOHA).unwrap();
    dir.init(ORIGIN, None, "admin", &text).await.unwrap();
    let (ledger, handle) = dir.start(None, truce_node::SequencerConfig::default()).await.unwrap();
    let store = dir.store(None).await.unwrap();
    let (witnessing, collector) =
        Witnessing::start(store, ledger.observer(), dir.identity().unwrap().vkey(), None).await.unwrap();
    assert!(witnessing.policy().is_none());
    drop(ledger);
    handle.await.unwrap();
    collector.await.unwrap();
}

/// Two servers on one PostgreSQL store: the follower does not collect,
/// but serves the checkpoint the leader's witness cosigned, as soon as the
/// cosignature is stored (here stored by hand, as the leader's collector
/// stores it), and a later one when that is cosigned; one started after
/// the cosignature serves it from its first answer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_serves_what_its_leaders_witnesses_cosigned() {
    let Some(database) = crate::databases().await.into_iter().flatten().next() else {
        eprintln!("skipped: TRUCE_TEST_POSTGRES_URL is not set (leaders and followers share a PostgreSQL store)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::new(tmp.path().join("data"));
    let admin = dir.init(ORIGIN, Some(&database), "admin", &witnessed_agreement()).await.unwrap();
    let config = |name: &str| truce_node::SequencerConfig {
        max_clock_skew: None,
        snapshot: Some(tmp.path().join(name)),
        ..truce_node::SequencerConfig::default()
    };
    let start = |name: &'static str| {
        let (dir, database) = (&dir, &database);
        async move {
            let store = dir.store(Some(database)).await.unwrap();
            truce_node::Ledger::start_shared(store, dir.blobs(), dir.identity().unwrap(), config(name)).await.unwrap()
        }
    };
    let (one, one_task) = start("one.snapshot").await;
    let (two, two_task) = start("two.snapshot").await;
    // One takes the sequencer lease; the other follows.
    let started = truce_node::clock::instant();
    let (leader, follower) = loop {
        match (one.observer().role(), two.observer().role()) {
            (SequencerRole::Leader, SequencerRole::Follower) => break (&one, &two),
            (SequencerRole::Follower, SequencerRole::Leader) => break (&two, &one),
            roles => assert!(started.elapsed() < std::time::Duration::from_secs(10), "{roles:?}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let vkey = dir.identity().unwrap().vkey();
    let store = dir.store(Some(&database)).await.unwrap();
    let (witnessing, collector) =
        Witnessing::start(store.clone(), follower.observer(), vkey.clone(), None).await.unwrap();
    assert_eq!(witnessing.witnessed(), None, "nothing cosigned yet");

    // The witness cosigns the latest checkpoint; the leader stores it.
    let cosign = |size: u64, note: String| {
        let store = store.clone();
        async move {
            let body = &note[..note.find("\n\n").unwrap() + 1];
            let line = witness().cosign(body, 1_760_000_000 + size).unwrap();
            let cosigned = format!("{note}{line}");
            assert!(store.cosign_checkpoint(size, &cosigned).await.unwrap());
            (size, cosigned)
        }
    };
    let waits_for = |expected: (u64, String)| {
        let witnessing = witnessing.clone();
        async move {
            let started = truce_node::clock::instant();
            while witnessing.witnessed().as_ref() != Some(&expected) {
                let waited = started.elapsed();
                assert!(waited < FOLLOWER_LOOKS_EVERY * 10, "the follower still serves {:?}", witnessing.witnessed());
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    };
    let (size, note) = store.latest_checkpoint().await.unwrap().unwrap();
    let first = cosign(size, note).await;
    waits_for(first.clone()).await;

    // A server started now serves it from its first answer.
    let (late, late_collector) =
        Witnessing::start(store.clone(), follower.observer(), vkey.clone(), None).await.unwrap();
    assert_eq!(late.witnessed(), Some(first.clone()));

    // The log grows through the leader; its new checkpoint, once
    // cosigned, is served by the follower in its turn.
    let key = truce_ledger::SigningKey::from_seed([7; 32]);
    let body = truce_node::records::Body::Principal(truce_node::records::PrincipalRegistered {
        principal: "observer-1".into(),
        participant: None,
        role: truce_core::Role::Observer,
        public_key: key.verifying_key().to_base64(),
        endorsement: None,
        custody: truce_node::records::Custody::Own,
    });
    let at: jiff::Timestamp = "2025-10-20T00:00:00Z".parse().unwrap();
    let receipt =
        leader.submit(truce_node::records::submission(&admin, "admin", None, at, &body, None).unwrap()).await.unwrap();
    let (size, note) = store.latest_checkpoint().await.unwrap().unwrap();
    assert!(size > first.0 && size > receipt.index, "{size} after {}", first.0);
    assert_eq!(witnessing.witnessed(), Some(first), "the new checkpoint is not cosigned yet");
    let second = cosign(size, note).await;
    waits_for(second).await;

    drop((one, two));
    one_task.await.unwrap();
    two_task.await.unwrap();
    collector.await.unwrap();
    late_collector.await.unwrap();
    store.close().await;
}
