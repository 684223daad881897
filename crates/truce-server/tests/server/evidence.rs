//! Evidence intake over HTTP: upload, typing by content, limits, the log
//! record, who may download, the mismatch flags of the case view, and a
//! log that still verifies.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use truce_node::blobs::sha256_hex;

use crate::common::{Session, TestServer, databases, now_minus};

const KARACHI: &[u8] = include_bytes!("../fixtures/karachi.jpg");
const CHAMAN: &[u8] = include_bytes!("../fixtures/chaman.jpg");
const PLAIN: &[u8] = include_bytes!("../fixtures/plain.png");

async fn send(session: &Session, form: Form) -> reqwest::Response {
    session
        .client
        .post(format!("{}/api/v1/evidence", session.base))
        .header("x-csrf-token", &session.csrf)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads `bytes` as `name`, declaring `declared` as its type.
async fn upload(session: &Session, name: &str, bytes: &[u8], declared: &str) -> reqwest::Response {
    let part = Part::bytes(bytes.to_vec()).file_name(name.to_owned()).mime_str(declared).unwrap();
    send(session, Form::new().part("file", part).text("description", "test upload")).await
}

async fn json_of(response: reqwest::Response, expected: u16, what: &str) -> Value {
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, expected, "{what}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"))
}

/// Files a PAK complaint near Chaman citing `evidence`, as `session`.
async fn file_case(session: &Session, id: &str, evidence: &[&str]) {
    let cited: Vec<Value> =
        evidence.iter().map(|s| json!({"sha256": s, "description": "photo of the impact"})).collect();
    let allegation = json!({
        "accused": "AFG",
        "provisions": ["P1"],
        "acts": ["shelling_artillery"],
        "occurred_at": now_minus(3),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": format!("Test case {id}: shelling near Chaman"),
        "evidence": cited,
    });
    json_of(session.post("/api/v1/cases", &json!({"id": id, "allegation": allegation})).await, 201, "file").await;
}

#[tokio::test]
async fn evidence_is_received_recorded_scoped_and_flagged() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;

        // Upload: typed by its bytes (declared PNG, is JPEG), hashed, EXIF read.
        let sha = sha256_hex(KARACHI);
        let r = json_of(upload(&pak, "impact.png", KARACHI, "image/png").await, 201, "upload").await;
        assert_eq!(r["sha256"], sha.as_str());
        assert_eq!(r["size"], KARACHI.len());
        assert_eq!(r["content_type"], "image/jpeg");
        assert!((r["exif"]["lat"].as_f64().unwrap() - 24.8607).abs() < 1e-3, "{r}");
        assert!((r["exif"]["lon"].as_f64().unwrap() - 67.0011).abs() < 1e-3, "{r}");
        assert_eq!(r["exif"]["time"], "2025-10-12T09:30:00Z");
        let record = r["record_index"].as_u64().unwrap();
        assert_eq!(server.dir.blobs().get(&sha).unwrap().as_deref(), Some(KARACHI), "the blob is stored");

        // The same file again: the same receipt, no second record.
        let again = json_of(upload(&pak, "again.jpg", KARACHI, "image/jpeg").await, 200, "again").await;
        assert_eq!(again["record_index"], record);
        assert_eq!(again["sha256"], sha.as_str());

        // A PNG without metadata, and plain text.
        let png = json_of(upload(&pak, "map.png", PLAIN, "application/octet-stream").await, 201, "png").await;
        assert_eq!(png["content_type"], "image/png");
        assert_eq!(png["exif"], Value::Null);
        assert!(png["record_index"].as_u64().unwrap() > record);
        let note = b"Witness statement: shelling from 06:10 near the gate.\n";
        let text = json_of(upload(&pak, "statement.txt", note, "text/plain").await, 201, "text").await;
        assert_eq!(text["content_type"], "text/plain");

        // A case citing the far photo and the one taken at the place.
        let near = json_of(upload(&pak, "chaman.jpg", CHAMAN, "image/jpeg").await, 201, "chaman").await;
        let near_sha = near["sha256"].as_str().unwrap().to_owned();
        assert_eq!(near["exif"]["time"], "2025-10-12T05:00:00Z", "the recorded zone is applied");
        file_case(&pak, "PAK-2025-11-01-evidence", &[&sha, &near_sha]).await;

        // The uploader sees the file's type, EXIF, mismatch and the flag.
        let view = json_of(pak.get("/api/v1/cases/PAK-2025-11-01-evidence").await, 200, "view as PAK").await;
        let items = view["evidence"].as_array().unwrap();
        let far = items.iter().find(|e| e["sha256"] == sha.as_str()).unwrap();
        assert_eq!(far["readable"], true);
        assert_eq!(far["content_type"], "image/jpeg");
        assert!((far["exif"]["lat"].as_f64().unwrap() - 24.8607).abs() < 1e-3);
        let place = far["mismatch"].as_array().unwrap().iter().find(|m| m["kind"] == "place").unwrap();
        let km = place["distance_km"].as_f64().unwrap();
        assert!((650.0..720.0).contains(&km), "Karachi is about 680 km from Chaman: {place}");
        assert_eq!(place["tolerance_km"], 25.0);
        let flags: Vec<&str> = view["flags"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        let flag = format!("evidence {}… was taken {} km from the reported place (Chaman)", &sha[..8], km.round());
        assert!(flags.iter().any(|f| f.starts_with(&flag)), "{flag:?} in {flags:?}");
        // The photo taken at Chaman is in place; it is only old.
        let at_place = items.iter().find(|e| e["sha256"] == near_sha.as_str()).unwrap();
        let kinds: Vec<&str> =
            at_place["mismatch"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["before_incident"], "{at_place}");
        assert!(!flags.iter().any(|f| f.starts_with(&format!("evidence {}… was taken 0", &near_sha[..8]))));

        // The accused party sees the case, but nothing of the files.
        let afg = server.login("afg-liaison").await;
        let view = json_of(afg.get("/api/v1/cases/PAK-2025-11-01-evidence").await, 200, "view as AFG").await;
        for item in view["evidence"].as_array().unwrap() {
            assert_eq!(item["readable"], false);
            assert_eq!(item["content_type"], Value::Null);
            assert_eq!(item["exif"], Value::Null);
            assert_eq!(item["mismatch"], json!([]));
        }
        assert_eq!(view["flags"], json!([]));

        // Downloads: the uploader and a mediator may; the other party and
        // the public get the same 404 as for a file that does not exist.
        let path = format!("/api/v1/cases/PAK-2025-11-01-evidence/evidence/{sha}");
        let response = pak.get(&path).await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/jpeg");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(headers["content-security-policy"], "sandbox");
        assert_eq!(response.bytes().await.unwrap().as_ref(), KARACHI);
        let chair = server.login("qat-chair").await;
        assert_eq!(chair.get(&path).await.bytes().await.unwrap().as_ref(), KARACHI);

        let refused = json_of(afg.get(&path).await, 404, "AFG download").await;
        let unknown = format!("/api/v1/cases/PAK-2025-11-01-evidence/evidence/{}", "0".repeat(64));
        let nonexistent = json_of(chair.get(&unknown).await, 404, "unknown file").await;
        assert_eq!(refused, nonexistent, "a refusal tells nothing");
        let anonymous = server.anonymous().get(server.url(&path)).send().await.unwrap();
        json_of(anonymous, 404, "public download").await;
        // Stored, but not cited by this case; a malformed hash; another case.
        let uncited = format!("/api/v1/cases/PAK-2025-11-01-evidence/evidence/{}", png["sha256"].as_str().unwrap());
        json_of(pak.get(&uncited).await, 404, "uncited").await;
        json_of(pak.get("/api/v1/cases/PAK-2025-11-01-evidence/evidence/..%2F..%2Fetc").await, 404, "bad hash").await;
        json_of(pak.get(&format!("/api/v1/cases/no-such-case/evidence/{sha}")).await, 404, "no case").await;

        // The receipt is a confidential record: the hash is not in the log
        // entry; and the whole log still verifies (read while the server
        // idles: every answered write is durable).
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let entries = store.entries(record, record + 1).await.unwrap();
        let signed = truce_ledger::SignedRecord::from_entry(&entries[0].1).unwrap();
        assert_eq!(signed.record.kind, "evidence.received.v1");
        assert_eq!(signed.record.author, "pak-liaison");
        assert!(matches!(signed.record.payload, truce_ledger::Payload::Commitment(_)));
        assert!(!String::from_utf8_lossy(&entries[0].1).contains(&sha), "the entry does not show the hash");
        let vkey = server.dir.identity().unwrap().vkey();
        let report = truce_node::replay::verify(&store, server.dir.blobs().as_ref(), &vkey, &mut |_, _| {})
            .await
            .unwrap_or_else(|e| panic!("verify: {e}"));
        assert!(report.records > record);
        store.close().await;
        server.stop().await;
    }
}

#[tokio::test]
async fn uploads_are_typed_by_content_limited_and_checked() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;

        // A page renamed .jpg and declared a JPEG is refused as the HTML it is.
        let html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
        let e = json_of(upload(&pak, "photo.jpg", html, "image/jpeg").await, 415, "html").await;
        assert_eq!(e["field"], "file");
        assert!(e["message"].as_str().unwrap().contains("text/html"), "{e}");
        // So is an executable.
        let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
        elf.extend_from_slice(&[0u8; 8]);
        elf.extend_from_slice(b"\x02\x00\x3e\x00\x01\x00\x00\x00");
        elf.extend_from_slice(&[0u8; 100]);
        let e = json_of(upload(&pak, "photo.jpg", &elf, "image/jpeg").await, 415, "elf").await;
        assert_eq!(e["field"], "file");
        assert!(e["message"].as_str().unwrap().contains("executable"), "{e}");

        // Over 25 MiB: 413, naming the field.
        let mut big = KARACHI.to_vec();
        big.resize(25 * 1024 * 1024 + 1, 0);
        let e = json_of(upload(&pak, "big.jpg", &big, "image/jpeg").await, 413, "oversize").await;
        assert_eq!(e["field"], "file");
        assert_eq!(e["code"], "too_large");
        // Exactly at the limit is accepted.
        big.truncate(25 * 1024 * 1024);
        json_of(upload(&pak, "limit.jpg", &big, "image/jpeg").await, 201, "at the limit").await;

        // No `file` field, an empty file, an unknown field, not multipart.
        let e = json_of(send(&pak, Form::new().text("description", "no file")).await, 422, "missing").await;
        assert_eq!(e["field"], "file");
        let empty = Part::bytes(Vec::new()).file_name("empty.jpg");
        let e = json_of(send(&pak, Form::new().part("file", empty)).await, 422, "empty").await;
        assert_eq!(e["field"], "file");
        let part = Part::bytes(PLAIN.to_vec()).file_name("x.png");
        let e = json_of(send(&pak, Form::new().part("file", part).text("case", "x")).await, 422, "unknown").await;
        assert_eq!(e["field"], "case");
        let e = json_of(pak.post("/api/v1/evidence", &json!({"file": "x"})).await, 415, "json body").await;
        assert_eq!(e["code"], "unsupported_media_type");

        // Only a logged-in caller, with its CSRF token.
        let form = Form::new().part("file", Part::bytes(PLAIN.to_vec()).file_name("x.png"));
        let anonymous = server.anonymous().post(server.url("/api/v1/evidence")).multipart(form).send().await.unwrap();
        json_of(anonymous, 401, "anonymous").await;
        let form = Form::new().part("file", Part::bytes(PLAIN.to_vec()).file_name("x.png"));
        let no_csrf = pak.client.post(server.url("/api/v1/evidence")).multipart(form).send().await.unwrap();
        json_of(no_csrf, 403, "no csrf").await;

        // Nothing refused reached the blob store or the evidence table.
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        for refused in [&html[..], &elf[..]] {
            assert_eq!(server.dir.blobs().get(&sha256_hex(refused)).unwrap(), None);
            assert_eq!(store.evidence(&sha256_hex(refused)).await.unwrap(), vec![]);
        }
        store.close().await;
        server.stop().await;
    }
}

/// A multipart signed upload: the record (with its reveal) as JSON, then the file.
fn signed_form(submission: &truce_node::Submission, bytes: &[u8], file_first: bool) -> Form {
    use base64::Engine as _;
    let reveal = submission.reveal().unwrap();
    let record = json!({
        "record": serde_json::to_value(submission.record()).unwrap(),
        "reveal": {"salt": base64::engine::general_purpose::STANDARD.encode(reveal.salt), "body": reveal.body},
    });
    let file = Part::bytes(bytes.to_vec()).file_name("impact.jpg").mime_str("image/jpeg").unwrap();
    let record = Part::text(record.to_string()).mime_str("application/json").unwrap();
    if file_first {
        Form::new().part("file", file).part("record", record)
    } else {
        Form::new().part("record", record).part("file", file)
    }
}

#[tokio::test]
async fn a_party_system_uploads_evidence_under_its_own_signature() {
    use truce_node::records::{Body, EvidenceReceived, submission};
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let key = truce_ledger::SigningKey::from_seed([11; 32]);
        let registration = json!({"id": "pak-system", "participant": "PAK", "role": "party_liaison",
            "public_key": key.verifying_key().to_base64()});
        // PAK holds its own key in the log: it endorses the system's key.
        let registration = server.endorsed(registration);
        json_of(admin.post("/api/v1/principals", &registration).await, 201, "register").await;

        let sha = sha256_hex(CHAMAN);
        let receipt = |sha256: &str, size: usize, content_type: &str| {
            let body = Body::Evidence(EvidenceReceived {
                sha256: sha256.to_owned(),
                size: size as u64,
                content_type: content_type.to_owned(),
            });
            submission(&key, "pak-system", Some("PAK"), truce_node::clock::now(), &body, Some([5; 32])).unwrap()
        };
        let machine = reqwest::Client::new();
        let url = server.url("/api/v1/evidence/signed");
        let send = |form: Form| machine.post(&url).multipart(form).send();
        let size = || async {
            let checkpoint = server.anonymous().get(server.url("/log/checkpoint")).send().await.unwrap();
            checkpoint.text().await.unwrap().lines().nth(1).unwrap().to_owned()
        };
        let before = size().await;

        // Refusals, each naming its field, and none appends a record or stores the file.
        let good = receipt(&sha, CHAMAN.len(), "image/jpeg");
        let e = json_of(send(signed_form(&good, CHAMAN, true)).await.unwrap(), 422, "file first").await;
        assert_eq!(e["field"], "record", "{e}");
        let e = json_of(send(signed_form(&good, PLAIN, false)).await.unwrap(), 422, "another file").await;
        assert_eq!(e["field"], "record.reveal.body.sha256", "{e}");
        let declared_png = receipt(&sha, CHAMAN.len(), "image/png");
        let e = json_of(send(signed_form(&declared_png, CHAMAN, false)).await.unwrap(), 422, "type").await;
        assert_eq!(e["field"], "record.reveal.body.content_type", "{e}");
        assert!(e["message"].as_str().unwrap().contains("image/jpeg"), "{e}");
        let (mut record, reveal) = receipt(&sha, CHAMAN.len(), "image/jpeg").into_parts();
        record.record.participant = Some("AFG".into());
        let forged = truce_node::Submission::signed_elsewhere(record, reveal);
        let e = json_of(send(signed_form(&forged, CHAMAN, false)).await.unwrap(), 422, "forged").await;
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some("bad_signature"), Some("record.record.sig")),
            "{e}"
        );
        // An unknown author is answered as a wrong key for a real one.
        let body = Body::Evidence(EvidenceReceived {
            sha256: sha.clone(),
            size: CHAMAN.len() as u64,
            content_type: "image/jpeg".into(),
        });
        let mut answers = Vec::new();
        for (key, author) in
            [(truce_ledger::SigningKey::from_seed([12; 32]), "pak-system"), (key.clone(), "pak-nobody")]
        {
            let s = submission(&key, author, Some("PAK"), truce_node::clock::now(), &body, Some([5; 32])).unwrap();
            let r = send(signed_form(&s, CHAMAN, false)).await.unwrap();
            answers.push((r.status().as_u16(), r.text().await.unwrap()));
        }
        assert_eq!(answers[0].0, 422, "{answers:?}");
        assert_eq!(answers[0], answers[1], "whether pak-nobody exists is not told");
        let (record, mut reveal) = receipt(&sha, CHAMAN.len(), "image/jpeg").into_parts();
        if let Some(reveal) = reveal.as_mut() {
            reveal.salt = [6; 32];
        }
        let wrong_reveal = truce_node::Submission::signed_elsewhere(record, reveal);
        let e = json_of(send(signed_form(&wrong_reveal, CHAMAN, false)).await.unwrap(), 422, "reveal").await;
        assert_eq!(e["field"], "record.reveal", "{e}");
        assert_eq!(size().await, before, "no refused upload reached the log");
        assert_eq!(server.dir.blobs().get(&sha).unwrap(), None, "no refused upload stored the file");

        // The file with its own signed receipt: stored, recorded, its EXIF read.
        let r = json_of(send(signed_form(&good, CHAMAN, false)).await.unwrap(), 201, "signed upload").await;
        assert_eq!((r["sha256"].as_str(), r["content_type"].as_str()), (Some(sha.as_str()), Some("image/jpeg")));
        assert_eq!(r["exif"]["time"], "2025-10-12T05:00:00Z");
        let record = r["record_index"].as_u64().unwrap();
        assert_eq!(server.dir.blobs().get(&sha).unwrap().as_deref(), Some(CHAMAN));
        // Again, under a new signature: the first receipt, no second record.
        let again = json_of(
            send(signed_form(&receipt(&sha, CHAMAN.len(), "image/jpeg"), CHAMAN, false)).await.unwrap(),
            200,
            "again",
        )
        .await;
        assert_eq!(again["record_index"], record);

        // The record in the log is the one the system signed.
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let entries = store.entries(record, record + 1).await.unwrap();
        assert_eq!(entries[0].1, good.record().to_entry().unwrap(), "the entry is the signed record");

        // A PAK liaison's case cites it: PAK's people and the mediators may
        // download it, AFG may not.
        let pak = server.login("pak-liaison").await;
        file_case(&pak, "PAK-2025-11-02-signed-evidence", &[&sha]).await;
        let path = format!("/api/v1/cases/PAK-2025-11-02-signed-evidence/evidence/{sha}");
        let chair = server.login("qat-chair").await;
        assert_eq!(chair.get(&path).await.bytes().await.unwrap().as_ref(), CHAMAN);
        assert_eq!(pak.get(&path).await.bytes().await.unwrap().as_ref(), CHAMAN);
        json_of(server.login("afg-liaison").await.get(&path).await, 404, "AFG download").await;

        let vkey = server.dir.identity().unwrap().vkey();
        truce_node::replay::verify(&store, server.dir.blobs().as_ref(), &vkey, &mut |_, _| {})
            .await
            .unwrap_or_else(|e| panic!("verify: {e}"));
        store.close().await;
        server.stop().await;
    }
}
