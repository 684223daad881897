//! Witnessing end to end: four real witnesses (`truce-witness`), one per
//! participant, named in the agreement. The log serves only a checkpoint
//! their quorum cosigned; a witness that is down holds back no append, only
//! the cosigned checkpoint; a fork the operator signs is refused by a
//! witness that saw the real log, kept as evidence, and named by a client
//! that is shown both.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;
use truce_ledger::policy::Policy;
use truce_ledger::tiles::new_tiles;

use crate::common::{TestServer, databases};

async fn get_text(server: &TestServer, path: &str) -> (u16, String) {
    let response = server.anonymous().get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn size_of(note: &str) -> u64 {
    note.lines().nth(1).unwrap().parse().unwrap()
}

/// Waits until the served checkpoint covers more than `above` records.
async fn witnessed_above(server: &TestServer, above: u64) -> String {
    for _ in 0..200 {
        let (status, note) = get_text(server, "/log/checkpoint").await;
        if status == 200 && size_of(&note) > above {
            return note;
        }
        assert!(status == 200 || status == 503, "/log/checkpoint: {status} {note}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no checkpoint above {above} was cosigned by the quorum within 20 s");
}

/// Fetches every file a C2SP client reads for `note`, then checks the log
/// as `truce verify --url --policy` does.
async fn check_served(
    server: &TestServer,
    note: &str,
    policy: &Policy,
    seen: &[(String, String)],
) -> Result<u64, String> {
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    files.insert("checkpoint".into(), note.as_bytes().to_vec());
    for tile in new_tiles(0, size_of(note)).unwrap() {
        let mut paths = vec![tile.path()];
        paths.extend(tile.entries_path());
        for path in paths {
            let bytes = server.anonymous().get(server.url(&format!("/log/{path}"))).send().await.unwrap();
            files.insert(path, bytes.bytes().await.unwrap().to_vec());
        }
    }
    let vkey = server.dir.identity().unwrap().vkey();
    truce_node::publish::check_witnessed_log(
        |path: &str| files.get(path).cloned().ok_or_else(|| truce_node::NodeError::Other(format!("{path} missing"))),
        &vkey,
        Some(policy),
        seen,
    )
    .map(|report| report.size)
    .map_err(|e| e.to_string())
}

async fn register_observer(admin: &crate::common::Session, n: u8) {
    let key = truce_ledger::SigningKey::from_seed([n; 32]).verifying_key().to_base64();
    let body = json!({"id": format!("witnessed-observer-{n}"), "role": "observer", "public_key": key});
    let response = admin.post("/api/v1/principals", &body).await;
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_what_the_quorum_cosigned_is_served_and_a_fork_is_caught() {
    for database in databases().await {
        let mut server = TestServer::start_witnessed(database).await;
        // The policy served is the agreement's, as `truce log policy` writes it.
        let mut policy_answer = get_text(&server, "/log/policy").await;
        for _ in 0..50 {
            if policy_answer.0 == 200 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            policy_answer = get_text(&server, "/log/policy").await;
        }
        let (status, text) = policy_answer;
        assert_eq!(status, 200, "{text}");
        let policy = Policy::parse(&text).unwrap();
        assert_eq!(policy.witnesses.len(), 4);
        assert!(text.starts_with(&format!("log {}\n", server.dir.identity().unwrap().vkey())), "{text}");

        // The served checkpoint carries the four cosignatures and meets the quorum.
        let note = witnessed_above(&server, 0).await;
        let check = policy.check(&note).unwrap();
        assert!(check.met);
        let first = size_of(&note);
        for _ in 0..50 {
            if policy.check(&get_text(&server, "/log/checkpoint").await.1).unwrap().cosigned.len() == 4 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let note = get_text(&server, "/log/checkpoint").await.1;
        assert_eq!(policy.check(&note).unwrap().cosigned.len(), 4, "{note}");
        assert_eq!(check_served(&server, &note, &policy, &[]).await, Ok(size_of(&note)));
        // `truce log export --policy` writes a copy `truce log check --policy` accepts.
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let out = tempfile::tempdir().unwrap();
        let exported = truce_node::publish::export_witnessed(&store, out.path(), &policy).await.unwrap();
        let vkey = server.dir.identity().unwrap().vkey();
        let read = |rel: &str| {
            std::fs::read(out.path().join(rel)).map_err(|e| truce_node::NodeError::file(&out.path().join(rel), e))
        };
        let report = truce_node::publish::check_witnessed_log(read, &vkey, Some(&policy), &[]).unwrap();
        assert_eq!(report.size, exported);
        // A policy that no stored checkpoint meets (it also wants a witness
        // that never cosigned) exports nothing.
        let stranger =
            truce_ledger::Cosigner::new("witness.stranger.test", truce_ledger::SigningKey::from_seed([99; 32]))
                .unwrap()
                .vkey();
        let strict = Policy::parse(&text.replace(
            "quorum both\n",
            &format!("witness EXTRA {stranger}\ngroup strict all both EXTRA\nquorum strict\n"),
        ))
        .unwrap();
        let nowhere = tempfile::tempdir().unwrap();
        let refused = truce_node::publish::export_witnessed(&store, nowhere.path(), &strict).await;
        assert!(refused.is_err_and(|e| e.to_string().contains("meet the quorum")));
        assert!(!nowhere.path().join("checkpoint").exists());
        // A record's proof is made against the cosigned checkpoint.
        let (_, proof) = get_text(&server, "/api/v1/records/0/proof").await;
        assert!(
            policy.check(proof.split_once("\n\n").map(|(_, note)| note).unwrap_or_default()).is_ok_and(|c| c.met),
            "{proof}"
        );

        // A party's witness goes down: appends go on; the served checkpoint
        // stays at the last one the quorum cosigned.
        let admin = server.login("admin").await;
        let slot = server.witnesses.iter().position(|(p, _)| p == "PAK").unwrap();
        let (_, pak) = server.witnesses.remove(slot);
        let pak_url = pak.addr;
        pak.shutdown().await.unwrap();
        let held = size_of(&get_text(&server, "/log/checkpoint").await.1);
        for n in 0..3 {
            register_observer(&admin, 80 + n).await;
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        let (_, now) = get_text(&server, "/log/checkpoint").await;
        assert_eq!(size_of(&now), held, "a checkpoint without the party's witness was served");
        let signed =
            server.dir.store(Some(&server.database)).await.unwrap().latest_checkpoint().await.unwrap().unwrap();
        assert!(signed.0 > held, "the appends did not go on");
        let (_, page) = get_text(&server, "/verify").await;
        assert!(page.contains("not answering"), "the verify page does not show the witness that is down");

        // It comes back on its address: the served checkpoint moves on.
        let log = truce_witness::TrustedLog::from_vkey(&server.dir.identity().unwrap().vkey(), None).unwrap();
        let back = truce_witness::spawn(
            &server.dir.root().parent().unwrap().join("witnesses").join("PAK"),
            "witness.pak.test",
            truce_ledger::SigningKey::from_seed([60; 32]),
            std::slice::from_ref(&log),
            pak_url,
            crate::common::witness_clock(),
        )
        .await
        .unwrap();
        server.witnesses.push(("PAK".into(), back));
        let moved = witnessed_above(&server, held).await;
        assert!(size_of(&moved) >= signed.0);
        assert!(first <= size_of(&moved));

        // The operator signs a fork of the same size and shows it to AFG's
        // witness, which saw the real log: refused and kept as evidence.
        let identity = server.dir.identity().unwrap();
        let size = size_of(&moved);
        let fork = identity.sign_checkpoint(size, &[9; 32]).unwrap();
        let afg = &server.witnesses.iter().find(|(p, _)| p == "AFG").unwrap().1;
        let response = reqwest::Client::new()
            .post(format!("{}/add-checkpoint", afg.url()))
            .body(format!("old {size}\n\n{fork}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let afg_dir = truce_witness::WitnessDir::new(server.dir.root().parent().unwrap().join("witnesses").join("AFG"));
        assert_eq!(afg_dir.evidence().unwrap().len(), 1, "the fork was not kept as evidence");
        // Nobody's quorum cosigned the fork, and a client shown both names them.
        assert!(!policy.check(&fork).unwrap().met);
        let caught = check_served(&server, &moved, &policy, &[("another party's copy".into(), fork.clone())]).await;
        let message = caught.unwrap_err();
        assert!(message.contains("split view") && message.contains("another party's copy"), "{message}");
        assert!(message.contains(fork.lines().nth(2).unwrap()), "{message}");

        // The operator extends the real history with entries nobody else
        // sees and gets TUR's witness to cosign that fork. The log's next
        // round runs into it: every page, desks included, carries the alarm,
        // and the verify page shows both checkpoints.
        let tur = &server.witnesses.iter().find(|(p, _)| p == "TUR").unwrap().1;
        let origin = identity.origin().to_owned();
        let monitoring = format!("{}/{}", tur.url(), truce_ledger::witness::monitoring_path(&origin));
        let held_by_tur = reqwest::get(&monitoring).await.unwrap().text().await.unwrap();
        let base = size_of(&held_by_tur);
        let mut fork_tree = truce_ledger::Tree::new();
        for tile in new_tiles(0, base).unwrap().iter().filter(|t| t.level == 0) {
            let path = tile.entries_path().unwrap();
            let bundle = server.anonymous().get(server.url(&format!("/log/{path}"))).send().await.unwrap();
            for entry in truce_ledger::decode_bundle(&bundle.bytes().await.unwrap()).unwrap() {
                fork_tree.append(&entry).unwrap();
            }
        }
        for n in 0..3u8 {
            fork_tree.append(&[n; 40]).unwrap();
        }
        let fork_size = base + 3;
        let fork = identity.sign_checkpoint(fork_size, &fork_tree.root().unwrap()).unwrap();
        let proof = fork_tree.consistency_proof(base, fork_size).unwrap();
        let body = truce_ledger::witness::add_checkpoint_body(base, &proof, &fork);
        let response =
            reqwest::Client::new().post(format!("{}/add-checkpoint", tur.url())).body(body).send().await.unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let mut alarmed = false;
        for n in 0..150u8 {
            if n % 10 == 0 {
                register_observer(&admin, 100 + n / 10).await;
            }
            if get_text(&server, "/verify").await.1.contains("id=\"split-view\"") {
                alarmed = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(alarmed, "the verify page never showed the split view");
        let (_, verify) = get_text(&server, "/verify").await;
        assert!(verify.contains(fork.lines().nth(2).unwrap()), "the fork's root is not shown");
        let mediator = server.login("tur-mediator").await;
        let desk = mediator.get("/desk").await.text().await.unwrap();
        assert!(desk.contains("role=\"alert\"") && desk.contains("/verify#split-view"), "the desk shows no alarm");
        // The quorum (both parties and one mediator) still cosigns the real log.
        let after = witnessed_above(&server, size_of(&moved)).await;
        assert!(policy.check(&after).unwrap().met);
        server.stop().await;
    }
}
