//! Webhooks and CAP alerts, end to end: a real receiver on loopback gets
//! signed deliveries that Standard Webhooks' own Python library verifies,
//! after retries and a restart of the server; a party is never sent an
//! event of a case it may not see; the alerts of the demo's escalations
//! validate against the OASIS CAP 1.2 schema with `xmllint`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{TestServer, databases, now_minus, ok};

/// The CAP 1.2 schema, as OASIS publishes it (see `fixtures/cap/README.md`).
pub(crate) const CAP_XSD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cap/CAP-v1.2.xsd");

/// What a receiver got: path, headers (lower-case names), body.
type Received = Arc<Mutex<Vec<(String, Vec<(String, String)>, String)>>>;

/// Serves a receiver on `port` that keeps every request and answers 204.
async fn receiver(port: u16, received: Received) -> tokio::task::JoinHandle<()> {
    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode, Uri};
    async fn take(State(received): State<Received>, uri: Uri, headers: HeaderMap, body: String) -> StatusCode {
        let headers =
            headers.iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect();
        received.lock().unwrap().push((uri.path().to_owned(), headers, body));
        StatusCode::NO_CONTENT
    }
    let app = axum::Router::new().fallback(axum::routing::post(take)).with_state(received);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("no {name} header"))
}

/// Checks a delivery as a receiver would, with Standard Webhooks' own
/// Python library (`standardwebhooks`, installed by `.ci/run`): it
/// verifies the signature and the timestamp's freshness, or raises.
fn verify_with_standardwebhooks(secret: &str, headers: &[(String, String)], body: &str) {
    let script = "import json, sys\n\
                  from standardwebhooks.webhooks import Webhook\n\
                  d = json.load(sys.stdin)\n\
                  Webhook(d['secret']).verify(d['body'].encode(), d['headers'])\n\
                  print('verified')\n";
    let input = json!({
        "secret": secret,
        "body": body,
        "headers": {
            "webhook-id": header(headers, "webhook-id"),
            "webhook-timestamp": header(headers, "webhook-timestamp"),
            "webhook-signature": header(headers, "webhook-signature"),
        },
    });
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "verified",
        "standardwebhooks refused the delivery: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The same check written here with the `hmac` crate, to show the recipe
/// of docs/api.md, and that a changed body fails it.
fn verify_with_hmac(secret: &str, headers: &[(String, String)], body: &str) -> bool {
    let b64 = base64::engine::general_purpose::STANDARD;
    let key = b64.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    let signed = format!("{}.{}.{body}", header(headers, "webhook-id"), header(headers, "webhook-timestamp"));
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", b64.encode(mac.finalize().into_bytes()));
    header(headers, "webhook-signature").split(' ').any(|s| s == expected)
}

async fn deliveries_of(session: &crate::common::Session, id: &str) -> Vec<Value> {
    let view = ok(session.get(&format!("/api/v1/webhooks/{id}")).await, "deliveries").await;
    view["deliveries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn webhooks_are_signed_retried_kept_across_a_restart_and_never_leak_a_case() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let pak = server.login("pak-liaison").await;
        let afg = server.login("afg-liaison").await;
        let jvt = server.login("jvt-monitor").await;

        // Bad registrations are refused by field.
        for (body, field) in [
            (json!({"url": "ftp://127.0.0.1/x", "events": ["case.filed"]}), "url"),
            (json!({"url": "http://example.org/hook", "events": ["case.filed"]}), "url"),
            (json!({"url": "https://10.0.0.1/hook", "events": ["case.filed"]}), "url"),
            (json!({"url": "https://example.org/hook", "events": []}), "events"),
            (json!({"url": "https://example.org/hook", "events": ["case.filed", "case.eaten"]}), "events[1]"),
        ] {
            let r = pak.post("/api/v1/webhooks", &body).await;
            assert_eq!(r.status(), 422, "{body}");
            let b: Value = r.json().await.unwrap();
            assert_eq!(b["field"], field, "{b}");
        }
        // A monitoring team may not hold webhooks.
        let r = jvt.post("/api/v1/webhooks", &json!({"url": "https://example.org/h", "events": ["case.filed"]})).await;
        assert_eq!(r.status(), 403);

        let all = json!(["case.filed", "case.status_changed", "finding.final", "penalty", "escalation"]);
        let url = |who: &str| format!("http://127.0.0.1:{port}/{who}");
        let pak_hook =
            ok(pak.post("/api/v1/webhooks", &json!({"url": url("pak"), "events": all})).await, "register").await;
        let afg_hook =
            ok(afg.post("/api/v1/webhooks", &json!({"url": url("afg"), "events": all})).await, "register").await;
        let (pak_id, pak_secret) = (pak_hook["id"].as_str().unwrap(), pak_hook["secret"].as_str().unwrap());
        let afg_secret = afg_hook["secret"].as_str().unwrap();
        assert!(pak_secret.starts_with("whsec_"), "{pak_hook}");
        // The secret is shown once: never in the list.
        let listed = ok(pak.get("/api/v1/webhooks").await, "list").await;
        assert_eq!(listed.as_array().unwrap().len(), 1);
        assert!(!listed.to_string().contains(pak_secret));
        // Another principal cannot read PAK's webhook.
        assert_eq!(afg.get(&format!("/api/v1/webhooks/{pak_id}")).await.status(), 404);

        // A case PAK may see (AFG accuses PAK), and one it may not (the
        // monitors accuse AFG; not published).
        let filing = |id: &str, accused: &str| {
            json!({"id": id, "allegation": {"accused": accused, "provisions": ["P1"], "acts": ["shelling_artillery"],
                "occurred_at": now_minus(2), "summary": format!("Webhook test {id}")}})
        };
        ok(afg.post("/api/v1/cases", &filing("AFG-WH-seen-by-pak", "PAK")).await, "file").await;
        ok(jvt.post("/api/v1/cases", &filing("JVT-WH-hidden-from-pak", "AFG")).await, "file").await;

        // The receiver is down: the deliveries fail and wait, with their attempts.
        let mut attempted = false;
        for _ in 0..100 {
            let d = deliveries_of(&pak, pak_id).await;
            if d.iter().any(|d| d["attempts"].as_u64() >= Some(2)) {
                assert!(d.iter().all(|d| d["status"] == "pending"), "{d:?}");
                assert!(d.iter().any(|d| d["last_error"].as_str().is_some_and(|e| e.contains("no answer"))), "{d:?}");
                attempted = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(attempted, "no retries were made");

        // The server restarts; then the receiver comes up.
        let server = server.restart().await;
        let pak = server.login("pak-liaison").await;
        let received: Received = Arc::default();
        let listening = receiver(port, received.clone()).await;
        let mut delivered = Vec::new();
        for _ in 0..300 {
            delivered = deliveries_of(&pak, pak_id).await;
            if !delivered.is_empty() && delivered.iter().all(|d| d["status"] == "delivered") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(delivered.iter().all(|d| d["status"] == "delivered" && d["last_status"] == 204), "{delivered:?}");
        assert!(delivered.iter().all(|d| d["attempts"].as_u64() >= Some(3)), "{delivered:?}");
        // Wait for AFG's too.
        for _ in 0..100 {
            if received.lock().unwrap().iter().any(|(p, _, b)| p == "/afg" && b.contains("WH-hidden-from-pak")) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let got = received.lock().unwrap().clone();
        let to = |who: &str| got.iter().filter(|(p, _, _)| p == who).cloned().collect::<Vec<_>>();
        let (to_pak, to_afg) = (to("/pak"), to("/afg"));
        // PAK is told of the case against it, signed, and never of the other.
        assert!(
            to_pak.iter().any(|(_, _, b)| {
                let v: Value = serde_json::from_str(b).unwrap();
                v["type"] == "case.filed" && v["data"]["case"] == "AFG-WH-seen-by-pak"
            }),
            "{to_pak:?}"
        );
        assert!(to_pak.iter().all(|(_, _, b)| !b.contains("WH-hidden-from-pak")), "{to_pak:?}");
        // AFG, accused in the monitors' case, is told of it: the filter is access, not silence.
        assert!(to_afg.iter().any(|(_, _, b)| b.contains("WH-hidden-from-pak")), "{to_afg:?}");
        for (path, headers, body) in &got {
            let secret = if path == "/pak" { pak_secret } else { afg_secret };
            verify_with_standardwebhooks(secret, headers, body);
            assert!(verify_with_hmac(secret, headers, body));
            assert!(!verify_with_hmac(secret, headers, &body.replace("WH-", "WX-")));
            assert_eq!(header(headers, "content-type"), "application/json");
            // The id is the delivery's, the same on every attempt.
            assert!(delivered.iter().any(|d| d["id"] == header(headers, "webhook-id")) || path == "/afg");
        }
        listening.abort();
        server.stop().await;
    }
}

/// Reads an alert's polygon: its `lat,lon` pairs.
fn polygon_pairs(xml: &str) -> Option<Vec<(f64, f64)>> {
    let start = xml.find("<polygon>")? + "<polygon>".len();
    let end = xml[start..].find("</polygon>")? + start;
    Some(
        xml[start..end]
            .split(' ')
            .map(|pair| {
                let (lat, lon) = pair.split_once(',').unwrap();
                (lat.parse().unwrap(), lon.parse().unwrap())
            })
            .collect(),
    )
}

pub(crate) fn xmllint_against(schema: &str, xml: &str, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", schema])
        .arg(&path)
        .output()
        .expect("xmllint (Debian's libxml2-utils, installed by .ci/run) runs");
    assert!(out.status.success(), "{name} is not valid: {}\n{xml}", String::from_utf8_lossy(&out.stderr));
}

fn xmllint_well_formed(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, xml).unwrap();
    let out = std::process::Command::new("xmllint").arg("--noout").arg(&path).output().expect("xmllint runs");
    assert!(out.status.success(), "not well-formed: {}\n{xml}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn the_demos_escalations_are_cap_alerts_valid_against_the_schema_each_to_its_readers() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let chair = server.login("qat-chair").await;
        let alerts = ok(chair.get("/api/v1/alerts").await, "alerts").await;
        let alerts = alerts.as_array().unwrap();
        // The demo's escalations: Spin Boldak's overdue reply, Paktika's
        // grave finding and non-compliance; all three cases are published by now.
        let rules: Vec<&str> = alerts.iter().filter_map(|a| a["source"]["rule"].as_str()).collect();
        assert!(["silence", "grave", "defiance"].iter().all(|r| rules.contains(r)), "{rules:?}");
        assert!(alerts.iter().all(|a| a["scope"] == "Public"), "{alerts:?}");
        let mut with_polygon = 0;
        for alert in alerts {
            let id = alert["id"].as_str().unwrap();
            let response = chair.get(&format!("/api/v1/alerts/{id}")).await;
            assert_eq!(response.headers()["content-type"], "application/cap+xml; charset=utf-8");
            let xml = response.text().await.unwrap();
            xmllint_against(CAP_XSD, &xml, &format!("{id}.xml"));
            assert_eq!(xml.matches("<info>").count(), 6, "{xml}");
            for lang in ["en", "ur", "ps", "fa", "tr", "ar"] {
                assert!(xml.contains(&format!("<language>{lang}</language>")), "{lang}");
            }
            assert!(xml.contains("<category>Security</category>") && xml.contains("<msgType>Alert</msgType>"));
            if let Some(pairs) = polygon_pairs(&xml) {
                with_polygon += 1;
                assert!(pairs.len() >= 4 && pairs.first() == pairs.last(), "{pairs:?}");
                // CAP puts latitude first: the border runs 24–37 N, 60–75 E.
                assert!(pairs.iter().all(|(lat, lon)| (23.0..38.5).contains(lat) && (59.0..76.0).contains(lon)));
            }
        }
        assert!(with_polygon > 0, "no alert carries its sector's polygon");

        // The public sees the published case's alert only, in the feed and by URL.
        let public = server.anonymous();
        let feed = public.get(server.url("/data/alerts.cap")).send().await.unwrap();
        assert_eq!(feed.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let feed = feed.text().await.unwrap();
        xmllint_well_formed(&feed);
        for alert in alerts {
            let id = alert["id"].as_str().unwrap();
            let one = public.get(server.url(&format!("/data/alerts/{id}.cap"))).send().await.unwrap();
            if alert["scope"] == "Public" {
                assert!(feed.contains(&format!("/data/alerts/{id}.cap")), "{feed}");
                assert_eq!(one.status(), 200);
                xmllint_against(CAP_XSD, &one.text().await.unwrap(), "public.xml");
            } else {
                assert!(!feed.contains(id), "{feed}");
                assert_eq!(one.status(), 404);
                assert_eq!(public.get(server.url(&format!("/api/v1/alerts/{id}"))).send().await.unwrap().status(), 404);
            }
        }
        // The Spin Boldak alert as it stood when it fired (the reply
        // overdue, the case not yet published): restricted, for the parties
        // to the case and the mediators, and nothing for the public.
        let view = ok(chair.get("/api/v1/cases/2025-10-15-spin-boldak").await, "case").await;
        let timeline = view["timeline"].as_array().unwrap();
        let at = timeline.iter().position(|t| t["event"]["type"] == "escalation_triggered.v1").unwrap();
        let events: Vec<truce_core::Event> =
            timeline[..=at].iter().map(|t| serde_json::from_value(t["event"].clone()).unwrap()).collect();
        let then = truce_core::Case::from_history(&events).unwrap();
        assert_eq!(then.status, truce_core::Status::ReplyOverdue);
        let agreement = truce_core::Agreement::from_toml(crate::common::DOHA).unwrap();
        let (record, seq) = (timeline[at]["record_index"].as_u64().unwrap(), timeline[at]["seq"].as_u64().unwrap());
        let alert_as = |viewer: truce_core::access::Viewer| {
            truce_server::app::alerts::escalation_alert(
                "truce.test/x",
                &agreement,
                &viewer,
                &then,
                record,
                seq,
                &events[at],
            )
        };
        assert!(alert_as(truce_core::access::Viewer::Public).is_none());
        let restricted =
            alert_as(truce_core::access::Viewer::Party(truce_core::ids::ParticipantId::parse("PAK").unwrap())).unwrap();
        assert_eq!(restricted.scope, truce_server::app::alerts::Scope::Restricted);
        assert_eq!((restricted.certainty, restricted.severity), ("Possible", "Unknown"));
        let xml = truce_server::app::alerts::to_cap(&restricted);
        assert!(xml.contains("<scope>Restricted</scope><restriction>"), "{xml}");
        xmllint_against(CAP_XSD, &xml, "restricted.xml");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_desk_page_registers_a_webhook_shows_its_secret_once_and_lists_its_deliveries() {
    let server = TestServer::start(None).await;
    let pak = server.login("pak-liaison").await;
    let form = |pairs: &[(&str, &str)]| {
        let mut all = vec![("csrf", pak.csrf.as_str())];
        all.extend_from_slice(pairs);
        pak.client.post(server.url("/desk/webhooks")).form(&all)
    };
    // The desk links to the page; the page offers the form, in Urdu too.
    assert!(pak.get("/desk").await.text().await.unwrap().contains("href=\"/desk/webhooks\""));
    let empty = pak.get("/desk/webhooks?lang=ur").await.text().await.unwrap();
    assert!(empty.contains("ویب ہُک درج کریں") && empty.contains("name=\"url\""), "{empty}");
    pak.get("/desk/webhooks?lang=en").await;

    // A bad address is refused next to its field, nothing registered.
    let refused = form(&[("url", "http://example.org/x"), ("events", "case.filed")]).send().await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Refused: url: must use https"));
    assert_eq!(ok(pak.get("/api/v1/webhooks").await, "list").await.as_array().unwrap().len(), 0);

    // A good one: 201, and the secret on this answer only.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/desk");
    let done = form(&[("url", &url), ("events", "case.filed"), ("events", "escalation")]).send().await.unwrap();
    assert_eq!(done.status(), 201);
    let html = done.text().await.unwrap();
    let secret = html.split("whsec_").nth(1).and_then(|s| s.split('<').next()).expect("the secret is shown");
    assert!(!pak.get("/desk/webhooks").await.text().await.unwrap().contains(secret));
    let hooks = ok(pak.get("/api/v1/webhooks").await, "list").await;
    assert_eq!(hooks[0]["events"], json!(["case.filed", "escalation"]));
    let id = hooks[0]["id"].as_str().unwrap().to_owned();

    // A filing against PAK: the page shows the delivery and its state.
    let afg = server.login("afg-liaison").await;
    let filing = json!({"id": "AFG-WH-desk", "allegation": {"accused": "PAK", "provisions": ["P1"],
        "acts": ["shelling_artillery"], "occurred_at": now_minus(2), "summary": "Webhook desk test"}});
    ok(afg.post("/api/v1/cases", &filing).await, "file").await;
    let received: Received = Arc::default();
    let listening = receiver(port, received.clone()).await;
    let mut page = String::new();
    for _ in 0..100 {
        page = pak.get("/desk/webhooks").await.text().await.unwrap();
        if page.contains("Delivered") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(page.contains("AFG-WH-desk") && page.contains("Delivered") && page.contains("HTTP 204"), "{page}");

    // Removing it removes its deliveries.
    let removed =
        pak.client.post(server.url(&format!("/desk/webhooks/{id}/delete"))).form(&[("csrf", &pak.csrf)]).send().await;
    assert!(removed.unwrap().status().is_success());
    assert_eq!(ok(pak.get("/api/v1/webhooks").await, "list").await.as_array().unwrap().len(), 0);
    assert_eq!(pak.get(&format!("/api/v1/webhooks/{id}")).await.status(), 404);
    listening.abort();
    server.stop().await;
}

#[tokio::test]
async fn a_published_communique_is_delivered_signed_but_not_its_draft() {
    let server = TestServer::start(None).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let received: Received = Arc::default();
    let listening = receiver(port, received.clone()).await;
    let afg = server.login("afg-liaison").await;
    let hook = ok(
        afg.post(
            "/api/v1/webhooks",
            &json!({"url": format!("http://127.0.0.1:{port}/afg"), "events": ["communique.published"]}),
        )
        .await,
        "register",
    )
    .await;
    let tur = server.login("tur-mediator").await;
    let draft = json!({"type": "draft_communique.v1", "communique": "wh-statement", "title": "Statement",
        "signatories": ["PAK", "AFG"], "texts": {"en": "Both sides keep the ceasefire."}, "authoritative": "en"});
    ok(tur.post("/api/v1/talks/commands", &draft).await, "draft").await;
    let publish = json!({"type": "publish_communique.v1", "communique": "wh-statement",
        "publish_as": "mediators_statement"});
    let published = ok(tur.post("/api/v1/talks/commands", &publish).await, "publish").await;
    let mut got = Vec::new();
    for _ in 0..100 {
        got = received.lock().unwrap().clone();
        if !got.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(got.len(), 1, "one delivery, for the publication and not the draft: {got:?}");
    let (_, headers, body) = &got[0];
    verify_with_standardwebhooks(hook["secret"].as_str().unwrap(), headers, body);
    let v: Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["type"], "communique.published");
    assert_eq!(v["data"]["communique"], "wh-statement");
    assert_eq!(v["data"]["record"], published["record_index"]);
    listening.abort();
    server.stop().await;
}

#[tokio::test]
async fn a_suspended_principal_is_sent_nothing_more() {
    let server = TestServer::start(None).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let pak = server.login("pak-liaison").await;
    let hook = ok(
        pak.post("/api/v1/webhooks", &json!({"url": format!("http://127.0.0.1:{port}/pak"), "events": ["case.filed"]}))
            .await,
        "register",
    )
    .await;
    let id = hook["id"].as_str().unwrap();
    let afg = server.login("afg-liaison").await;
    let filing = json!({"id": "AFG-WH-suspended", "allegation": {"accused": "PAK", "provisions": ["P1"],
        "acts": ["shelling_artillery"], "occurred_at": now_minus(2), "summary": "Webhook suspension test"}});
    ok(afg.post("/api/v1/cases", &filing).await, "file").await;
    // The receiver is down: the delivery is tried, and waits.
    let mut waiting = false;
    for _ in 0..100 {
        let d = deliveries_of(&pak, id).await;
        if d.iter().any(|d| d["attempts"].as_u64() >= Some(1)) {
            waiting = d.iter().all(|d| d["status"] == "pending");
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(waiting, "the delivery was tried and waits");
    // PAK's principal is suspended (with PAK's endorsement).
    use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
    let reason = "The phone was taken";
    let statement = principal_change_statement("pak-liaison", PrincipalChange::Suspend { reason }).unwrap();
    let request = json!({"reason": reason, "endorsement": sign_statement(&server.participant_key("PAK"), &statement)});
    let admin = server.login("admin").await;
    ok(admin.post("/api/v1/principals/pak-liaison/suspension", &request).await, "suspend").await;
    // Its receiver comes up: nothing arrives, and the delivery says why.
    let received: Received = Arc::default();
    let listening = receiver(port, received.clone()).await;
    let store = truce_store::Store::open(&server.database).await.unwrap();
    let mut given_up = None;
    for _ in 0..100 {
        let d = store.deliveries_of(id, 10).await.unwrap();
        if d.iter().all(|d| d.status == "failed") {
            given_up = Some(d);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let given_up = given_up.expect("the delivery is given up");
    assert!(
        given_up.iter().all(|d| d.last_error.as_deref() == Some("the subscriber's principal is suspended or unknown"))
    );
    // Only the attempts made while the receiver was down are counted.
    assert!(given_up.iter().all(|d| d.attempts >= 1 && d.last_status.is_none()), "{given_up:?}");
    assert!(received.lock().unwrap().is_empty(), "a suspended principal's receiver got {:?}", received.lock().unwrap());
    store.close().await;
    listening.abort();
    server.stop().await;
}
