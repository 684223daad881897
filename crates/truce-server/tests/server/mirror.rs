//! A party's mirror end to end: a witnessed demo server with four real
//! witnesses, a mirror that copies its log over HTTP, serves the copy, and
//! is checked as `truce verify --url` checks a server; records appended
//! and fetched incrementally; a checkpoint without the quorum refused; a
//! fork (another root at a size held, and a smaller tree) refused with the
//! copy left untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use truce_ledger::policy::Policy;
use truce_ledger::tiles::new_tiles;
use truce_node::mirror::{Mirror, MirrorError, Update};

use crate::common::TestServer;

async fn get_text(base: &str, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{base}{path}")).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn size_of(note: &str) -> u64 {
    note.lines().nth(1).unwrap().parse().unwrap()
}

/// Waits until the server's checkpoint covers more than `above` records
/// and carries all four cosignatures.
async fn witnessed_above(server: &TestServer, policy: &Policy, above: u64) -> String {
    for _ in 0..300 {
        let (status, note) = get_text(&server.base, "/log/checkpoint").await;
        if status == 200 && size_of(&note) > above && policy.check(&note).unwrap().cosigned.len() == 4 {
            return note;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no checkpoint above {above} was cosigned by all four witnesses within 30 s");
}

/// The witness policy the server at `base` serves, once it serves one.
async fn served_policy(base: &str) -> Policy {
    for _ in 0..50 {
        let (status, text) = get_text(base, "/log/policy").await;
        if status == 200 {
            return Policy::parse(&text).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} serves no witness policy within 5 s");
}

/// One file of the log served at `base`, fetched from a blocking task.
fn read_log(
    handle: &tokio::runtime::Handle,
    client: &reqwest::Client,
    base: &str,
    path: &str,
) -> Result<Vec<u8>, MirrorError> {
    handle.block_on(async {
        let fail = |message: String| MirrorError::Fetch { path: path.to_owned(), message };
        let response = client.get(format!("{base}/log/{path}")).send().await.map_err(|e| fail(e.to_string()))?;
        if response.status() != 200 {
            return Err(fail(format!("the server answers {}", response.status())));
        }
        Ok(response.bytes().await.map_err(|e| fail(e.to_string()))?.to_vec())
    })
}

/// Runs one mirror update against the log served at `base`.
async fn update(mut mirror: Mirror, base: &str, policy: &Policy) -> (Mirror, Result<Update, MirrorError>) {
    let handle = tokio::runtime::Handle::current();
    let (base, policy) = (base.to_owned(), policy.clone());
    tokio::task::spawn_blocking(move || {
        let client = reqwest::Client::new();
        let result = mirror.update(|path| read_log(&handle, &client, &base, path), &policy, &base);
        (mirror, result)
    })
    .await
    .unwrap()
}

/// Serves the mirror directory `dir` on a free port; returns its base URL.
async fn serve_mirror(dir: &Path, vkey: &str, policy: &Policy) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let files =
        truce_server::mirror::MirrorFiles { dir: dir.to_owned(), vkey: vkey.to_owned(), policy: policy.to_text() };
    tokio::spawn(truce_server::mirror::serve(listener, files, None, std::future::pending()));
    format!("http://{addr}")
}

/// Checks the log served at `base` as `truce verify --url --policy` does:
/// every file fetched over HTTP, then `check_witnessed_log`.
async fn verify_url(base: &str, vkey: &str, policy: &Policy) -> Result<u64, String> {
    let handle = tokio::runtime::Handle::current();
    let (base, vkey, policy) = (base.to_owned(), vkey.to_owned(), policy.clone());
    tokio::task::spawn_blocking(move || {
        let client = reqwest::Client::new();
        truce_node::publish::check_witnessed_log(
            |path: &str| {
                handle.block_on(async {
                    let response = client.get(format!("{base}/log/{path}")).send().await.unwrap();
                    if response.status() != 200 {
                        return Err(truce_node::NodeError::Other(format!("{path}: {}", response.status())));
                    }
                    Ok(response.bytes().await.unwrap().to_vec())
                })
            },
            &vkey,
            Some(&policy),
            &[],
        )
        .map(|report| report.size)
        .map_err(|e| e.to_string())
    })
    .await
    .unwrap()
}

/// Registers `count` observers, numbered from `from`: one record each.
async fn register(admin: &crate::common::Session, from: u64, count: u64) {
    for n in from..from + count {
        let mut seed = [0; 32];
        seed[..8].copy_from_slice(&n.to_be_bytes());
        seed[31] = 100;
        let key = truce_ledger::SigningKey::from_seed(seed).verifying_key().to_base64();
        let body = json!({"id": format!("mirror-observer-{n}"), "role": "observer", "public_key": key});
        let response = admin.post("/api/v1/principals", &body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
}

/// Every file of the mirror's copy but the evidence it keeps, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_owned();
            if rel.starts_with("evidence") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The files a mirror holding `old` records fetches to hold `new`.
fn expected_fetches(old: u64, new: u64) -> Vec<String> {
    let tiles = new_tiles(old, new).unwrap();
    let mut paths: Vec<String> = tiles.iter().filter_map(|t| t.entries_path()).collect();
    paths.extend(tiles.iter().map(|t| t.path()));
    paths
}

/// `note` cosigned by the test deployment's four witnesses (their keys are
/// the test's: a real fork would need witnesses that collude).
fn cosigned_by_all(note: &str) -> String {
    let body = format!("{}\n", note.split_once("\n\n").unwrap().0);
    let mut out = note.to_owned();
    for (n, participant) in ["PAK", "AFG", "QAT", "TUR"].into_iter().enumerate() {
        let key = truce_ledger::SigningKey::from_seed([u8::try_from(n).unwrap() + 60; 32]);
        let cosigner =
            truce_ledger::Cosigner::new(&format!("witness.{}.test", participant.to_lowercase()), key).unwrap();
        out.push_str(&cosigner.cosign(&body, 1_760_000_000).unwrap());
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in snapshot(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_copies_checks_serves_and_refuses_forks() {
    let server = TestServer::start_witnessed(None).await;
    let vkey = server.dir.identity().unwrap().vkey();
    let policy = served_policy(&server.base).await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mirror");

    // The first run copies everything the cosigned checkpoint implies.
    let first_note = witnessed_above(&server, &policy, 0).await;
    let (mirror, result) = update(Mirror::open(&dir, &vkey).unwrap(), &server.base, &policy).await;
    let first = result.unwrap();
    assert_eq!(first.old_size, 0);
    assert!(first.size >= size_of(&first_note));
    assert_eq!(first.fetched, expected_fetches(0, first.size));
    assert_eq!(mirror.held().unwrap().size, first.size);
    let state: truce_node::mirror::MirrorState =
        serde_json::from_slice(&std::fs::read(dir.join("mirror.json")).unwrap()).unwrap();
    assert_eq!((state.vkey.as_str(), state.size), (vkey.as_str(), first.size));

    // Served read-only, the copy passes the checks of `truce verify --url`.
    let served = serve_mirror(&dir, &vkey, &policy).await;
    assert_eq!(verify_url(&served, &vkey, &policy).await, Ok(first.size));
    let response = reqwest::get(format!("{served}/log/checkpoint")).await.unwrap();
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let tiles = new_tiles(0, first.size).unwrap();
    for tile in &tiles {
        let response = reqwest::get(format!("{served}/log/{}", tile.path())).await.unwrap();
        assert_eq!(response.status(), 200, "{}", tile.path());
        let expected = if tile.width == 256 { "public, max-age=31536000, immutable" } else { "no-cache" };
        assert_eq!(response.headers()["cache-control"], expected, "{}", tile.path());
    }
    assert_eq!(get_text(&served, "/log/vkey").await, (200, format!("{vkey}\n")));
    assert_eq!(get_text(&served, "/log/policy").await.0, 200);
    assert_eq!(get_text(&served, "/log/tile/0/x999/000").await.0, 404, "a tile beyond the tree held");
    assert_eq!(get_text(&served, "/log/tile/0/000.p/0").await.0, 404, "not a canonical path");

    // Records appended past the first full tile: the next run fetches only
    // the new and wider files.
    let admin = server.login("admin").await;
    let first_full = 256 - first.size.min(255) + 1;
    register(&admin, 0, first_full).await;
    witnessed_above(&server, &policy, 256).await;
    let (mirror, result) = update(mirror, &server.base, &policy).await;
    let second = result.unwrap();
    assert_eq!(second.old_size, first.size);
    assert!(second.size > 256);
    assert_eq!(second.fetched, expected_fetches(first.size, second.size));
    assert!(second.fetched.contains(&"tile/entries/000".to_owned()), "{:?}", second.fetched);
    assert_eq!(verify_url(&served, &vkey, &policy).await, Ok(second.size));
    // The superseded partial files are gone; full tiles are cached for good.
    assert!(!dir.join(format!("tile/entries/000.p/{}", first.size)).exists());
    assert!(!dir.join(format!("tile/0/000.p/{}", first.size)).exists());
    let response = reqwest::get(format!("{served}/log/tile/0/000")).await.unwrap();
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");

    // Two more records: only the two partial files at the edge are fetched
    // again, never the full tile, and the level-1 tile has not widened.
    register(&admin, first_full, 2).await;
    witnessed_above(&server, &policy, second.size + 1).await;
    let (mirror, result) = update(mirror, &server.base, &policy).await;
    let third = result.unwrap();
    assert_eq!(third.fetched, expected_fetches(second.size, third.size));
    assert_eq!(
        third.fetched,
        vec![format!("tile/entries/001.p/{}", third.size - 256), format!("tile/0/001.p/{}", third.size - 256)]
    );
    assert_eq!(verify_url(&served, &vkey, &policy).await, Ok(third.size));
    let second = third;
    // Nothing new: nothing fetched. A reopened mirror checks its copy and agrees.
    let (mirror, result) = update(mirror, &server.base, &policy).await;
    assert_eq!(result.unwrap().fetched, Vec::<String>::new());
    drop(mirror);
    let mirror = Mirror::open(&dir, &vkey).unwrap();
    assert_eq!(mirror.held().unwrap().size, second.size);
    // Another log's key is refused for this copy.
    let stranger =
        truce_ledger::LogIdentity::new("truce.test/doha-istanbul-2025", truce_ledger::SigningKey::from_seed([7; 32]))
            .unwrap()
            .vkey();
    assert!(matches!(Mirror::open(&dir, &stranger), Err(MirrorError::Local { .. })));

    // A checkpoint whose cosignatures do not meet the quorum is refused.
    let before = snapshot(&dir);
    let stranger_witness =
        truce_ledger::Cosigner::new("witness.stranger.test", truce_ledger::SigningKey::from_seed([8; 32]))
            .unwrap()
            .vkey();
    let strict = Policy::parse(&format!(
        "{}witness stranger {stranger_witness}\ngroup strict all both stranger\nquorum strict\n",
        policy.to_text().replace("quorum both\n", "")
    ))
    .unwrap();
    let (mirror, result) = update(mirror, &server.base, &strict).await;
    let error = result.unwrap_err();
    assert!(matches!(error, MirrorError::Refused(_)), "{error}");
    assert!(error.to_string().contains("do not meet the witness quorum"), "{error}");
    assert_eq!(snapshot(&dir), before);

    // A fork: the log signs another root at the size the mirror holds, and
    // (colluding) witnesses cosign it. Served by a real server, it is
    // refused, named with the checkpoint held, kept as evidence, and the
    // copy is untouched.
    let held = mirror.held().unwrap().clone();
    let identity = server.dir.identity().unwrap();
    let fork = cosigned_by_all(&identity.sign_checkpoint(held.size, &[9; 32]).unwrap());
    assert!(policy.check(&fork).unwrap().met);
    let forked_dir = tmp.path().join("forked");
    copy_dir(&dir, &forked_dir);
    std::fs::write(forked_dir.join("checkpoint"), &fork).unwrap();
    let forked = serve_mirror(&forked_dir, &vkey, &policy).await;
    let (mirror, result) = update(mirror, &forked, &policy).await;
    let error = result.unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, MirrorError::Fork { .. }), "{message}");
    assert!(message.contains(held.text.lines().nth(2).unwrap()), "the held root is named: {message}");
    assert!(message.contains(fork.lines().nth(2).unwrap()), "the forked root is named: {message}");
    assert_eq!(snapshot(&dir), before);
    let evidence: Vec<_> = std::fs::read_dir(dir.join("evidence")).unwrap().collect();
    assert_eq!(evidence.len(), 1);

    // An older checkpoint of the same history (the first, genuinely
    // cosigned) is no fork: nothing is fetched and the copy stays.
    std::fs::write(forked_dir.join("checkpoint"), &first_note).unwrap();
    let (mirror, result) = update(mirror, &forked, &policy).await;
    let older = result.unwrap();
    assert_eq!((older.size, older.served, older.fetched.len()), (held.size, size_of(&first_note), 0));
    assert_eq!(snapshot(&dir), before);
    // A smaller tree that is not a prefix of the copy held is a fork.
    let smaller = cosigned_by_all(&identity.sign_checkpoint(held.size - 1, &[9; 32]).unwrap());
    std::fs::write(forked_dir.join("checkpoint"), &smaller).unwrap();
    let (mirror, result) = update(mirror, &forked, &policy).await;
    let error = result.unwrap_err();
    assert!(matches!(error, MirrorError::Fork { .. }), "{error}");
    assert!(error.to_string().contains("not a prefix"), "{error}");
    assert_eq!(std::fs::read_dir(dir.join("evidence")).unwrap().count(), 2);

    // The real server still extends the copy held.
    let (_, result) = update(mirror, &server.base, &policy).await;
    assert!(result.is_ok(), "{result:?}");
    server.stop().await;
}

/// One `--follow` round of a cosigning mirror against the log at `base`.
async fn follow_once(mirror: &crate::common::TestMirror, base: &str, policy: &Policy) -> Result<Update, MirrorError> {
    let handle = tokio::runtime::Handle::current();
    let (copy, base, policy) = (std::sync::Arc::clone(&mirror.copy), base.to_owned(), policy.clone());
    tokio::task::spawn_blocking(move || {
        let client = reqwest::Client::new();
        copy.lock().unwrap().update(|path| read_log(&handle, &client, &base, path), &policy, &base)
    })
    .await
    .unwrap()
}

/// The size of the copy a cosigning mirror holds.
fn held_size(mirror: &crate::common::TestMirror) -> u64 {
    mirror.copy.lock().unwrap().held().map_or(0, |held| held.size)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partys_mirror_stands_as_its_witness_and_cosigns_only_what_it_holds() {
    // AFG's witness is its mirror; the quorum needs both parties, so no
    // checkpoint counts before AFG's copy holds every entry of it.
    let server = TestServer::start_witnessed_mirroring(None, Some("AFG")).await;
    let mirror = server.mirror.as_ref().unwrap();
    let vkey = server.dir.identity().unwrap().vkey();
    let policy = served_policy(&server.base).await;
    let afg = policy.to_text().lines().find(|l| l.starts_with("witness AFG ")).unwrap().to_owned();
    let afg_key = truce_ledger::CosignerKey::parse(afg.split(' ').nth(2).unwrap()).unwrap();

    let note = witnessed_above(&server, &policy, 0).await;
    let signed = truce_ledger::note::SignedNote::parse(&note).unwrap();
    assert!(afg_key.cosignature_on(&signed).unwrap().is_some(), "the mirror cosigned:\n{note}");
    assert!(held_size(mirror) >= size_of(&note), "it holds what it cosigned");
    // Following the log (`--follow`), it takes the quorum's cosignatures for
    // the tree it holds; its copy, served by the mirror itself, then passes
    // `truce verify --url`.
    let update = follow_once(mirror, &server.base, &policy).await.unwrap();
    assert_eq!(update.fetched, Vec::<String>::new(), "it held every entry already");
    assert_eq!(verify_url(&mirror.base, &vkey, &policy).await, Ok(held_size(mirror)));
    // Monitors read what it cosigned at the witness's monitoring path.
    let origin = vkey.split('+').next().unwrap();
    let monitored = get_text(&mirror.base, &format!("/{}", truce_ledger::witness::monitoring_path(origin))).await;
    assert_eq!(monitored.0, 200);
    assert_eq!(size_of(&monitored.1), held_size(mirror));
    assert_eq!(get_text(&mirror.base, "/0000/checkpoint").await.0, 404, "another log's monitoring path");

    // Cut off from the log's files, the mirror cosigns nothing more: the
    // other three witnesses cosign the new records, but the quorum is not
    // met and the served checkpoint stays where the mirror's copy is.
    mirror.cut_off.store(true, std::sync::atomic::Ordering::SeqCst);
    let held_before = held_size(mirror);
    let admin = server.login("admin").await;
    register(&admin, 0, 3).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (status, served) = get_text(&server.base, "/log/checkpoint").await;
    assert_eq!(status, 200);
    assert_eq!(size_of(&served), held_before, "no checkpoint beyond the mirror's copy meets the quorum");
    assert_eq!(held_size(mirror), held_before);
    // Reconnected, it fetches the new entries, cosigns, and the quorum is met.
    mirror.cut_off.store(false, std::sync::atomic::Ordering::SeqCst);
    let note = witnessed_above(&server, &policy, held_before + 2).await;
    assert!(held_size(mirror) >= size_of(&note));
    follow_once(mirror, &server.base, &policy).await.unwrap();
    assert_eq!(verify_url(&mirror.base, &vkey, &policy).await, Ok(size_of(&note)));

    // Asked directly: an old size it does not hold is a 409 naming its size;
    // another root at the size it holds is refused and kept as evidence.
    let held = mirror.copy.lock().unwrap().held().unwrap().clone();
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{}/add-checkpoint", mirror.base))
        .body(truce_ledger::witness::add_checkpoint_body(1, &[], &held.text))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(response.headers()["content-type"], "text/x.tlog.size");
    assert_eq!(response.text().await.unwrap(), format!("{}\n", held.size));
    let fork = server.dir.identity().unwrap().sign_checkpoint(held.size, &[9; 32]).unwrap();
    let response = client
        .post(format!("{}/add-checkpoint", mirror.base))
        .body(truce_ledger::witness::add_checkpoint_body(held.size, &[], &fork))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422, "{}", response.text().await.unwrap());
    assert_eq!(std::fs::read_dir(mirror.dir.join("evidence")).unwrap().count(), 1);
    assert_eq!(held_size(mirror), held.size, "the copy held is untouched");
    // A checkpoint the log did not sign is a 403.
    let stranger = truce_ledger::LogIdentity::new(origin, truce_ledger::SigningKey::from_seed([7; 32])).unwrap();
    let forged = stranger.sign_checkpoint(held.size, &held.root).unwrap();
    let response = client
        .post(format!("{}/add-checkpoint", mirror.base))
        .body(truce_ledger::witness::add_checkpoint_body(held.size, &[], &forged))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    server.stop().await;
}
