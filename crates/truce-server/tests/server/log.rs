//! The transparency log over HTTP: the checkpoint verifies with the
//! deployment's key, tiles and bundles fetched at the C2SP paths rebuild the
//! checkpoint's root and equal what `truce log export` writes, a record's
//! tlog-proof verifies, and a confidential body is revealed only to whoever
//! may see its case.

use std::collections::HashMap;

use serde_json::{Value, json};
use truce_ledger::tiles::{TileFile, new_tiles};
use truce_ledger::{Tree, decode_bundle, open_checkpoint, verify_tlog_proof};

use crate::common::{Session, TestServer, databases};

async fn get(server: &TestServer, path: &str) -> reqwest::Response {
    server.anonymous().get(server.url(path)).send().await.unwrap()
}

async fn bytes(server: &TestServer, path: &str) -> Vec<u8> {
    let response = get(server, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.bytes().await.unwrap().to_vec()
}

/// A JSON error with `status` and `code`.
async fn json_error(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status(), status, "{}", response.url());
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    body
}

fn vkey(server: &TestServer) -> String {
    server.dir.identity().unwrap().vkey()
}

/// Grows the log past one full tile (256 entries) by registering observers
/// that sign with their own keys: one record each, and no password to hash.
async fn grow_past_a_full_tile(server: &TestServer) {
    let admin = server.login("admin").await;
    let mut i = 0u16;
    loop {
        let size: u64 =
            String::from_utf8(bytes(server, "/log/checkpoint").await).unwrap().lines().nth(1).unwrap().parse().unwrap();
        if size > 256 + 10 {
            return;
        }
        for _ in size..267 {
            let mut seed = [7u8; 32];
            seed[..2].copy_from_slice(&i.to_be_bytes());
            let key = truce_ledger::SigningKey::from_seed(seed).verifying_key().to_base64();
            let body = json!({"id": format!("log-observer-{i}"), "role": "observer", "public_key": key});
            let response = admin.post("/api/v1/principals", &body).await;
            match response.status().as_u16() {
                201 => i += 1,
                // The rate limit: wait and go on.
                429 => tokio::time::sleep(std::time::Duration::from_millis(1100)).await,
                status => panic!("registering an observer: {status} {}", response.text().await.unwrap()),
            }
        }
    }
}

#[tokio::test]
async fn the_log_is_served_at_the_c2sp_paths_as_export_writes_it() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let vkey = vkey(&server);
        grow_past_a_full_tile(&server).await;

        let response = get(&server, "/log/checkpoint").await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        let note = response.text().await.unwrap();
        let checkpoint = open_checkpoint(&note, &vkey).unwrap();
        assert!(checkpoint.size > 256, "a full tile and a partial one: {}", checkpoint.size);

        let response = get(&server, "/log/vkey").await;
        assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
        assert_eq!(response.text().await.unwrap(), format!("{vkey}\n"));

        // Every tile and bundle the checkpoint implies, over HTTP.
        let mut served: HashMap<String, Vec<u8>> = HashMap::new();
        served.insert("checkpoint".into(), note.clone().into_bytes());
        let mut tree = Tree::new();
        for tile in new_tiles(0, checkpoint.size).unwrap() {
            let mut files = vec![TileFile::Hashes(tile)];
            if tile.level == 0 {
                files.push(TileFile::Entries(tile));
            }
            for file in files {
                let path = file.path();
                let response = get(&server, &format!("/log/{path}")).await;
                assert_eq!(response.status(), 200, "{path}");
                let cache = if tile.width == 256 { "public, max-age=31536000, immutable" } else { "no-cache" };
                assert_eq!(response.headers()["cache-control"], cache, "{path}");
                served.insert(path, response.bytes().await.unwrap().to_vec());
            }
            if let Some(path) = tile.entries_path() {
                for entry in decode_bundle(&served[&path]).unwrap() {
                    tree.append(&entry).unwrap();
                }
            }
        }
        assert_eq!(tree.size(), checkpoint.size);
        assert_eq!(tree.root().unwrap(), checkpoint.root, "the bundles' entries give the checkpoint's root");
        for tile in new_tiles(0, checkpoint.size).unwrap() {
            assert_eq!(served[&tile.path()], tree.tile(tile.level, tile.n, tile.width).unwrap(), "{}", tile.path());
        }
        // The same checks `truce log check` runs on a directory pass on what was served…
        let report =
            truce_node::publish::check_log(|path: &str| Ok(served.get(path).cloned().unwrap_or_default()), &vkey)
                .unwrap();
        assert_eq!(report.size, checkpoint.size);
        // …and `truce log export` writes the same bytes.
        let out = tempfile::tempdir().unwrap();
        let store = truce_store::Store::open(&server.database).await.unwrap();
        assert_eq!(truce_node::publish::export(&store, out.path()).await.unwrap(), checkpoint.size);
        store.close().await;
        for (path, body) in &served {
            assert_eq!(&std::fs::read(out.path().join(path)).unwrap(), body, "{path}");
        }

        // Paths that name no tile, and tiles beyond the tree, are JSON 404s.
        let beyond = truce_ledger::tile_path(0, checkpoint.size / 256 + 1, None);
        let partial_too_wide =
            truce_ledger::entries_path(checkpoint.size / 256, Some(((checkpoint.size % 256) as u16 + 1).min(255)));
        for bad in [
            "/log/tile/0/67".to_owned(),
            "/log/tile/0/x000/000".to_owned(),
            "/log/tile/0/000.p/0".to_owned(),
            "/log/tile/0/000.p/256".to_owned(),
            "/log/tile/9/000".to_owned(),
            "/log/tile/entries/000.p/abc".to_owned(),
            "/log/tile/data/000".to_owned(),
            "/log/tile/0/x018/x446/x744/x073/x709/x551/616".to_owned(),
            "/log/tile/1/000.p/2".to_owned(),
            format!("/log/{beyond}"),
            format!("/log/{partial_too_wide}"),
            "/log/tiles/0/000".to_owned(),
        ] {
            json_error(get(&server, &bad).await, 404, "not_found").await;
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn log_records_come_with_proofs_and_bad_indices_are_json_errors() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let vkey = vkey(&server);
        let size =
            open_checkpoint(&String::from_utf8(bytes(&server, "/log/checkpoint").await).unwrap(), &vkey).unwrap().size;
        for index in [0, 1, size / 2, size - 1] {
            let view: Value = get(&server, &format!("/api/v1/records/{index}")).await.json().await.unwrap();
            assert_eq!(view["index"], index);
            let entry = view["entry"].as_str().unwrap();
            let signed = truce_ledger::SignedRecord::from_entry(entry.as_bytes()).unwrap();
            assert_eq!(view["record"]["author"], signed.record.author.as_str());
            assert_eq!(view["proof"], format!("/api/v1/records/{index}/proof"));
            let response = get(&server, &format!("/api/v1/records/{index}/proof")).await;
            assert_eq!(response.status(), 200);
            assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
            let proof = response.text().await.unwrap();
            assert!(proof.starts_with(&format!("c2sp.org/tlog-proof@v1\nindex {index}\n")), "{proof}");
            let checkpoint = verify_tlog_proof(&proof, entry.as_bytes(), &vkey).unwrap();
            assert_eq!(checkpoint.size, size);
            // The proof is of this entry only.
            assert!(verify_tlog_proof(&proof, b"{}", &vkey).is_err());
        }
        for bad in ["abc", "-1", "+1", "1.5", "99999999999999999999999", "%20"] {
            let body = json_error(get(&server, &format!("/api/v1/records/{bad}")).await, 422, "invalid_field").await;
            assert_eq!(body["field"], "index");
            json_error(get(&server, &format!("/api/v1/records/{bad}/proof")).await, 422, "invalid_field").await;
        }
        for missing in [size, size + 1000, u64::MAX] {
            json_error(get(&server, &format!("/api/v1/records/{missing}")).await, 404, "not_found").await;
            json_error(get(&server, &format!("/api/v1/records/{missing}/proof")).await, 404, "not_found").await;
        }
        // Both routes are in the OpenAPI document.
        let doc: Value = get(&server, "/api/v1/openapi.json").await.json().await.unwrap();
        for path in ["/api/v1/records/{index}", "/api/v1/records/{index}/proof"] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
        }
        server.stop().await;
    }
}

async fn record_as(session: &Session, index: u64) -> Value {
    let response = session.get(&format!("/api/v1/records/{index}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn log_reveals_a_confidential_body_only_to_whoever_may_see_its_case() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let vkey = vkey(&server);
        // PAK complains about AFG: the two parties and the mediators may see
        // the case; the monitoring team (not tasked) and the public may not.
        let pak = server.login("pak-liaison").await;
        let occurred_at =
            truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(2)).unwrap().to_string();
        let allegation = json!({
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["shelling_artillery"],
            "occurred_at": occurred_at,
            "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
            "summary": "Log test: shelling near Chaman, confidential until published",
        });
        let response =
            pak.post("/api/v1/cases", &json!({"id": "PAK-2099-01-01-logtest", "allegation": allegation})).await;
        assert_eq!(response.status(), 201);
        let receipt: Value = response.json().await.unwrap();
        let index = receipt["record_index"].as_u64().unwrap();

        for who in ["tur-mediator", "qat-chair", "admin", "pak-liaison", "afg-liaison"] {
            let view = record_as(&server.login(who).await, index).await;
            let commitment = view["record"]["commitment"].as_str().unwrap();
            assert!(view["record"].get("body").is_none(), "the log holds a commitment");
            let reveal = view.get("reveal").unwrap_or_else(|| panic!("{who} may see the case: {view}"));
            assert_eq!(reveal["body"]["case"], "PAK-2099-01-01-logtest", "{who}");
            use base64::Engine as _;
            let salt: [u8; 32] = base64::engine::general_purpose::STANDARD
                .decode(reveal["salt"].as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap();
            truce_ledger::record::verify_commitment(&salt, &reveal["body"], commitment).unwrap();
        }
        let anonymous = Session { client: server.anonymous(), csrf: String::new(), base: server.base.clone() };
        for (who, session) in [
            ("jvt-monitor", server.login("jvt-monitor").await),
            ("public", server.login("public").await),
            ("no login", anonymous),
        ] {
            let view = record_as(&session, index).await;
            assert!(view["record"]["commitment"].is_string(), "{who}: the signed record is public");
            assert!(view.get("reveal").is_none(), "{who} may not see the case, yet got {view}");
            assert!(!view.to_string().contains("confidential until published"), "{who}: {view}");
        }

        // The case's timeline carries each record's tlog-proof.
        let chair = server.login("qat-chair").await;
        let case: Value = chair.get("/api/v1/cases/PAK-2099-01-01-logtest").await.json().await.unwrap();
        let first = &case["timeline"][0];
        assert_eq!(first["record_index"], index);
        let entry = record_as(&chair, index).await["entry"].as_str().unwrap().to_owned();
        verify_tlog_proof(first["tlog_proof"].as_str().unwrap(), entry.as_bytes(), &vkey).unwrap();
        server.stop().await;
    }
}
