//! The witness policy is in force from the moment the collector starts:
//! a server just started must not serve, even for an instant, a checkpoint
//! its agreement's witnesses did not cosign.

use truce_core::scenario::Scenario;
use truce_node::datadir::DataDir;
use truce_node::witnessing::Witnessing;

use crate::{DOHA, OCTOBER, ORIGIN};

/// An agreement naming one witness, which is never reachable.
fn witnessed_agreement() -> String {
    let text = Scenario::from_toml(OCTOBER).unwrap().agreement_text(DOHA).unwrap();
    let name = "witness.pak.test";
    let vkey = truce_ledger::Cosigner::new(name, truce_ledger::SigningKey::from_seed([61; 32])).unwrap().vkey();
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
    let (witnessing, collector) = Witnessing::start(store, ledger.observer(), vkey.clone(), None).unwrap();
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
        Witnessing::start(store, ledger.observer(), dir.identity().unwrap().vkey(), None).unwrap();
    assert!(witnessing.policy().is_none());
    drop(ledger);
    handle.await.unwrap();
    collector.await.unwrap();
}
