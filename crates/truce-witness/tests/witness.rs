//! The witness over real HTTP on loopback: another implementation's
//! requests, a log of ours growing step by step, every refusal with its
//! status, evidence of a fork, a restart from disk, the monitoring path and
//! racing requests.

use std::path::Path;
use std::sync::Arc;

use truce_ledger::note::SignedNote;
use truce_ledger::{CosignerKey, Hash, LogIdentity, SigningKey, Tree, open_checkpoint};
use truce_witness::{RunningWitness, TrustedLog, WitnessDir, WitnessError, origin_hash};

const NAME: &str = "witness.test/party-a";
const NOW: u64 = 1_767_225_600;
const ORIGIN: &str = "truce.test/log";

async fn start(dir: &Path, logs: &[TrustedLog]) -> RunningWitness {
    let clock = Arc::new(|| NOW);
    truce_witness::spawn(dir, NAME, SigningKey::from_seed([11; 32]), logs, "127.0.0.1:0".parse().unwrap(), clock)
        .await
        .unwrap()
}

fn log() -> LogIdentity {
    LogIdentity::new(ORIGIN, SigningKey::from_seed([5; 32])).unwrap()
}

fn tree(size: u64) -> Tree {
    let mut tree = Tree::new();
    for i in 0..size {
        tree.append(format!("record {i}").as_bytes()).unwrap();
    }
    tree
}

fn request(old: u64, proof: &[Hash], note: &str) -> String {
    truce_ledger::witness::add_checkpoint_body(old, proof, note)
}

/// The request that takes a witness at `old` to `new` in `tree`.
fn extend(tree: &Tree, old: u64, new: u64) -> String {
    let proof = if old == 0 { Vec::new() } else { tree.consistency_proof(old, new).unwrap() };
    request(old, &proof, &log().sign_checkpoint(new, &tree.root_at(new).unwrap()).unwrap())
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

async fn post(client: &reqwest::Client, witness: &RunningWitness, body: String) -> Answer {
    let response = client.post(format!("{}/add-checkpoint", witness.url())).body(body).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default();
    Answer { status, content_type, body: response.text().await.unwrap() }
}

async fn get(client: &reqwest::Client, witness: &RunningWitness, origin: &str) -> (u16, String) {
    let url = format!("{}/{}/checkpoint", witness.url(), origin_hash(origin));
    let response = client.get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The cosignature line answered verifies over the checkpoint in `body`,
/// with the fixed clock's time.
fn assert_cosigned(witness: &RunningWitness, request_body: &str, answer: &Answer) {
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.content_type.starts_with("text/plain"), "{}", answer.content_type);
    assert!(answer.body.starts_with(&format!("\u{2014} {NAME} ")), "{}", answer.body);
    let (_, note) = request_body.split_once("\n\n").unwrap();
    let cosigned = SignedNote::parse(&format!("{note}{}", answer.body)).unwrap();
    let key = CosignerKey::parse(&witness.vkey).unwrap();
    assert_eq!(key.cosignature_on(&cosigned).unwrap(), Some(NOW));
}

#[tokio::test]
async fn litewitness_requests_over_http_get_the_specified_statuses() {
    let text = include_str!("../../truce-ledger/tests/data/witness-vectors/litewitness-add-checkpoint.json");
    let vectors: serde_json::Value = serde_json::from_str(text).unwrap();
    let vkey = vectors["log_vkey"].as_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let witness = start(tmp.path(), &[TrustedLog::from_vkey(vkey, None).unwrap()]).await;
    assert_eq!(TrustedLog::from_vkey(vkey, None).unwrap().origin, vectors["origin"].as_str().unwrap());
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for vector in vectors["requests_in_order"].as_array().unwrap() {
        let body = vector["body"].as_str().unwrap().to_owned();
        let answer = post(&client, &witness, body.clone()).await;
        if answer.status == 200 {
            assert_cosigned(&witness, &body, &answer);
        } else {
            assert!(answer.content_type.starts_with("text/plain"), "{}", answer.content_type);
            assert!(!answer.body.is_empty());
        }
        statuses.push(answer.status);
    }
    // litewitness answers the unknown origin 403; the spec says 404.
    assert_eq!(statuses, [200, 403, 404, 422, 422, 200]);
    // The two bad proofs were validly signed: both are kept.
    let evidence = WitnessDir::new(tmp.path()).evidence().unwrap();
    assert_eq!(evidence.len(), 2);
    assert!(evidence.iter().all(|e| e.reason.contains("consistent")), "{evidence:?}");
}

#[tokio::test]
async fn a_growing_log_is_cosigned_step_by_step_and_served_to_monitors() {
    let tmp = tempfile::tempdir().unwrap();
    let witness = start(tmp.path(), &[TrustedLog::from_vkey(&log().vkey(), None).unwrap()]).await;
    let client = reqwest::Client::new();
    assert_eq!(get(&client, &witness, ORIGIN).await.0, 404);
    let big = tree(300);
    let mut old = 0;
    for new in [0, 1, 2, 7, 8, 100, 255, 256, 257, 300, 300] {
        let body = extend(&big, old, new);
        let answer = post(&client, &witness, body.clone()).await;
        assert_cosigned(&witness, &body, &answer);
        old = new;
        // The monitoring path serves the checkpoint with the log's
        // signature and this witness's cosignature.
        let (status, note) = get(&client, &witness, ORIGIN).await;
        assert_eq!(status, 200);
        assert_eq!(open_checkpoint(&note, &log().vkey()).unwrap().size, new);
        let key = CosignerKey::parse(&witness.vkey).unwrap();
        assert_eq!(key.cosignature_on(&SignedNote::parse(&note).unwrap()).unwrap(), Some(NOW));
        assert_eq!(SignedNote::parse(&note).unwrap().signatures.len(), 2);
    }
    assert_eq!(get(&client, &witness, "truce.test/other").await.0, 404);
    let response = client.get(format!("{}/not-a-hash/checkpoint", witness.url())).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

#[tokio::test]
async fn refusals_have_the_specified_status_type_and_body() {
    let tmp = tempfile::tempdir().unwrap();
    let witness = start(tmp.path(), &[TrustedLog::from_vkey(&log().vkey(), None).unwrap()]).await;
    let client = reqwest::Client::new();
    let big = tree(20);
    // Nothing cosigned yet: a log that believes otherwise learns 0.
    let answer = post(&client, &witness, extend(&big, 4, 10)).await;
    assert_eq!((answer.status, answer.content_type.as_str(), answer.body.as_str()), (409, "text/x.tlog.size", "0\n"));
    assert_eq!(post(&client, &witness, extend(&big, 0, 10)).await.status, 200);
    // A stale old size: 409 with the latest size.
    let answer = post(&client, &witness, extend(&big, 4, 15)).await;
    assert_eq!((answer.status, answer.content_type.as_str(), answer.body.as_str()), (409, "text/x.tlog.size", "10\n"));
    // Malformed, beyond the checkpoint, not UTF-8: 400.
    assert_eq!(post(&client, &witness, "hello".to_owned()).await.status, 400);
    assert_eq!(post(&client, &witness, extend(&big, 10, 15).replacen("old 10", "old 16", 1)).await.status, 400);
    let response = client
        .post(format!("{}/add-checkpoint", witness.url()))
        .body(vec![b'o', b'l', b'd', b' ', 0xff, b'\n', b'\n'])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    // Too large: refused before it is read.
    let response =
        client.post(format!("{}/add-checkpoint", witness.url())).body(vec![b'a'; 64 * 1024]).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 413);
    // Another key under the log's name: 403, and not evidence.
    let impostor = LogIdentity::new(ORIGIN, SigningKey::from_seed([6; 32])).unwrap();
    let forged = request(
        10,
        &big.consistency_proof(10, 15).unwrap(),
        &impostor.sign_checkpoint(15, &big.root_at(15).unwrap()).unwrap(),
    );
    let answer = post(&client, &witness, forged).await;
    assert_eq!(answer.status, 403, "{}", answer.body);
    assert!(answer.content_type.starts_with("text/plain"));
    // An origin nobody trusts: 404.
    let stranger = LogIdentity::new("truce.test/stranger", SigningKey::from_seed([7; 32])).unwrap();
    let answer =
        post(&client, &witness, request(0, &[], &stranger.sign_checkpoint(1, &big.root_at(1).unwrap()).unwrap())).await;
    assert_eq!(answer.status, 404, "{}", answer.body);
    // None of these is evidence, and the state is unchanged.
    assert!(WitnessDir::new(tmp.path()).evidence().unwrap().is_empty());
    assert_eq!(post(&client, &witness, extend(&big, 10, 15)).await.status, 200);
}

#[tokio::test]
async fn a_fork_at_the_same_size_is_refused_and_kept_as_evidence() {
    let tmp = tempfile::tempdir().unwrap();
    let witness = start(tmp.path(), &[TrustedLog::from_vkey(&log().vkey(), None).unwrap()]).await;
    let client = reqwest::Client::new();
    let honest = tree(8);
    assert_eq!(post(&client, &witness, extend(&honest, 0, 8)).await.status, 200);
    // The log signs a second tree of size 8: the other branch of a split view.
    let mut other = Tree::new();
    for i in 0..8 {
        other.append(format!("another record {i}").as_bytes()).unwrap();
    }
    let fork = request(8, &[], &log().sign_checkpoint(8, &other.root().unwrap()).unwrap());
    let answer = post(&client, &witness, fork.clone()).await;
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("different root"), "{}", answer.body);
    // The fork extended: a consistency proof from the honest size that fails.
    for i in 8..12 {
        other.append(format!("another record {i}").as_bytes()).unwrap();
    }
    let grown = request(
        8,
        &other.consistency_proof(8, 12).unwrap(),
        &log().sign_checkpoint(12, &other.root().unwrap()).unwrap(),
    );
    assert_eq!(post(&client, &witness, grown.clone()).await.status, 422);
    let evidence = WitnessDir::new(tmp.path()).evidence().unwrap();
    assert_eq!(evidence.len(), 2, "{evidence:?}");
    let bodies: Vec<&str> = evidence.iter().map(|e| e.body.as_str()).collect();
    assert!(bodies.contains(&fork.as_str()) && bodies.contains(&grown.as_str()));
    assert!(evidence.iter().all(|e| e.origin == ORIGIN && e.time == NOW));
    // The same fork again is the same evidence, not a second file, and
    // the honest branch is still served.
    assert_eq!(post(&client, &witness, fork).await.status, 422);
    assert_eq!(WitnessDir::new(tmp.path()).evidence().unwrap().len(), 2);
    let (_, note) = get(&client, &witness, ORIGIN).await;
    assert_eq!(open_checkpoint(&note, &log().vkey()).unwrap().root, honest.root().unwrap());
}

#[tokio::test]
async fn a_restarted_witness_remembers_what_it_cosigned() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = [TrustedLog::from_vkey(&log().vkey(), None).unwrap()];
    let witness = start(tmp.path(), &logs).await;
    let client = reqwest::Client::new();
    let big = tree(50);
    assert_eq!(post(&client, &witness, extend(&big, 0, 20)).await.status, 200);
    assert_eq!(post(&client, &witness, extend(&big, 20, 30)).await.status, 200);
    // A second process on the same directory is refused while it runs.
    let clock = Arc::new(|| NOW);
    let second = truce_witness::Witness::open(&WitnessDir::new(tmp.path()), clock);
    assert!(matches!(second, Err(WitnessError::Locked { .. })), "{second:?}");
    let vkey = witness.vkey.clone();
    witness.shutdown().await.unwrap();

    let witness = start(tmp.path(), &[]).await;
    assert_eq!(witness.vkey, vkey);
    let client = reqwest::Client::new();
    let answer = post(&client, &witness, extend(&big, 0, 40)).await;
    assert_eq!((answer.status, answer.body.as_str()), (409, "30\n"));
    let (status, note) = get(&client, &witness, ORIGIN).await;
    assert_eq!((status, open_checkpoint(&note, &log().vkey()).unwrap().size), (200, 30));
    assert_eq!(post(&client, &witness, extend(&big, 30, 40)).await.status, 200);
    witness.shutdown().await.unwrap();

    // Another key or name for the directory is refused.
    let clock = Arc::new(|| NOW);
    let other_key = truce_witness::spawn(
        tmp.path(),
        NAME,
        SigningKey::from_seed([12; 32]),
        &[],
        "127.0.0.1:0".parse().unwrap(),
        clock.clone(),
    )
    .await;
    assert!(matches!(other_key, Err(WitnessError::KeyMismatch { .. })));
    let other_name = truce_witness::spawn(
        tmp.path(),
        "witness.test/b",
        SigningKey::from_seed([11; 32]),
        &[],
        "127.0.0.1:0".parse().unwrap(),
        clock,
    )
    .await;
    assert!(matches!(other_name, Err(WitnessError::NameMismatch { .. })));
}

#[tokio::test]
async fn a_damaged_state_file_stops_the_witness_from_starting() {
    let tmp = tempfile::tempdir().unwrap();
    let logs = [TrustedLog::from_vkey(&log().vkey(), None).unwrap()];
    let witness = start(tmp.path(), &logs).await;
    let client = reqwest::Client::new();
    assert_eq!(post(&client, &witness, extend(&tree(3), 0, 3)).await.status, 200);
    witness.shutdown().await.unwrap();
    let file = tmp.path().join("checkpoints").join(origin_hash(ORIGIN));
    let text = std::fs::read_to_string(&file).unwrap();
    // The log's own checkpoint without this witness's cosignature.
    let without: String = text.lines().filter(|line| !line.contains(NAME)).map(|line| format!("{line}\n")).collect();
    std::fs::write(&file, without).unwrap();
    let clock = Arc::new(|| NOW);
    let error = truce_witness::spawn(
        tmp.path(),
        NAME,
        SigningKey::from_seed([11; 32]),
        &[],
        "127.0.0.1:0".parse().unwrap(),
        clock,
    )
    .await
    .unwrap_err();
    assert!(error.to_string().contains("no cosignature of this witness"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_requests_from_the_same_old_size_are_cosigned_once() {
    let tmp = tempfile::tempdir().unwrap();
    let witness = start(tmp.path(), &[TrustedLog::from_vkey(&log().vkey(), None).unwrap()]).await;
    let client = reqwest::Client::new();
    let big = tree(100);
    assert_eq!(post(&client, &witness, extend(&big, 0, 10)).await.status, 200);
    let witness = Arc::new(witness);
    let mut tasks = Vec::new();
    for new in 11..=42 {
        let (client, witness, body) = (client.clone(), Arc::clone(&witness), extend(&big, 10, new));
        tasks.push(tokio::spawn(async move { (new, post(&client, &witness, body).await) }));
    }
    let mut cosigned = Vec::new();
    for task in tasks {
        let (new, answer) = task.await.unwrap();
        match answer.status {
            200 => cosigned.push(new),
            409 => assert_eq!(answer.content_type, "text/x.tlog.size"),
            other => panic!("status {other}: {}", answer.body),
        }
    }
    assert_eq!(cosigned.len(), 1, "{cosigned:?}");
    let (_, note) = get(&client, &witness, ORIGIN).await;
    assert_eq!(open_checkpoint(&note, &log().vkey()).unwrap().size, cosigned[0]);
    let answer = post(&client, &witness, extend(&big, 10, 50)).await;
    assert_eq!(answer.body, format!("{}\n", cosigned[0]));
}
