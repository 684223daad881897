//! The daily situation report over HTTP, on SQLite and PostgreSQL: drafted
//! from the log, its narrative written by the secretariat, approved by both
//! mediators under the demo's consensus rule, published, read by the
//! public, refused by field at each wrong step, and replayed by verify.

use serde_json::{Value, json};

use crate::common::{TestServer, databases};

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

async fn put(session: &crate::common::Session, path: &str, value: &Value) -> (u16, Value) {
    let response = session
        .client
        .put(format!("{}{path}", session.base))
        .header("x-csrf-token", &session.csrf)
        .json(value)
        .send()
        .await
        .unwrap();
    body(response).await
}

const DAY: &str = "/api/v1/situation-reports/2025-10-15";

#[tokio::test]
async fn a_day_is_drafted_edited_approved_by_the_rule_published_and_replayed() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let qat = server.login("qat-chair").await;
        let tur = server.login("tur-mediator").await;
        let pak = server.login("pak-liaison").await;

        // A party does not draft; the secretariat does.
        let (status, b) = body(pak.post(&format!("{DAY}/draft"), &json!({})).await).await;
        assert_eq!(status, 403, "{b}");
        let (status, b) = body(qat.post(&format!("{DAY}/draft"), &json!({})).await).await;
        assert_eq!(status, 201, "{b}");
        // The draft is the mediators' until published.
        let (status, _) = body(server.anonymous().get(server.url(DAY)).send().await.unwrap()).await;
        assert_eq!(status, 404);
        let (status, draft) = body(qat.get(DAY).await).await;
        assert_eq!((status, draft["status"].as_str()), (200, Some("draft")), "{draft}");
        // The numbers are the log's: the Chaman clash, its public duplicate
        // and the Spin Boldak report were filed that day.
        let sectors = draft["report"]["numbers"]["sectors"].as_array().unwrap();
        let chaman = sectors.iter().find(|s| s["sector"] == "chaman_kandahar").unwrap_or_else(|| panic!("{draft}"));
        assert_eq!(chaman["reported"], 3, "{chaman}");
        assert_eq!(
            draft["total"]["reported"],
            draft["report"]["numbers"]["sectors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["reported"].as_u64().unwrap())
                .sum::<u64>()
        );

        // The narrative: a party may not write it; a direction contrary to the language is refused by field.
        let urdu = json!({"text": "چمن میں جھڑپوں کی تین رپورٹیں۔", "lang": "ur"});
        let (status, b) = put(&pak, &format!("{DAY}/narrative"), &urdu).await;
        assert_eq!(status, 403, "{b}");
        let (status, b) =
            put(&qat, &format!("{DAY}/narrative"), &json!({"text": "چمن", "lang": "ur", "dir": "ltr"})).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("narrative.dir")), "{b}");
        let (status, b) = put(&qat, &format!("{DAY}/narrative"), &json!({"text": "a\u{202e}b", "lang": "en"})).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("narrative.text")), "{b}");
        let (status, b) = put(&qat, &format!("{DAY}/narrative"), &urdu).await;
        assert_eq!(status, 201, "{b}");

        // Approval under consensus: both mediators, each once; not publishable before.
        let (status, b) = body(qat.post(&format!("{DAY}/approval"), &json!({"version": 1})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("version")), "an old version: {b}");
        let (status, b) = body(qat.post(&format!("{DAY}/approval"), &json!({"version": 2})).await).await;
        assert_eq!(status, 201, "{b}");
        let (status, b) = body(qat.post(&format!("{DAY}/approval"), &json!({"version": 2})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("version")), "twice: {b}");
        let (status, b) = body(qat.post(&format!("{DAY}/publication"), &json!({})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("day")), "not approved yet: {b}");
        let (status, b) = body(pak.post(&format!("{DAY}/approval"), &json!({"version": 2})).await).await;
        assert_eq!(status, 403, "{b}");
        let (status, b) = body(tur.post(&format!("{DAY}/approval"), &json!({"version": 2})).await).await;
        assert_eq!(status, 201, "{b}");
        let (status, b) = body(tur.post(&format!("{DAY}/approval"), &json!({"version": 2})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("version")), "approved already: {b}");
        let (status, published) = body(qat.post(&format!("{DAY}/publication"), &json!({})).await).await;
        assert_eq!(status, 201, "{published}");
        let record = published["record_index"].as_u64().unwrap();

        // Everyone reads it now, the narrative with its language and direction.
        let (status, report) = body(server.anonymous().get(server.url(DAY)).send().await.unwrap()).await;
        assert_eq!((status, report["status"].as_str()), (200, Some("published")), "{report}");
        assert_eq!(report["report"]["narrative"]["dir"], "rtl");
        assert_eq!(report["report"]["published"]["record"], record);
        assert_eq!(report["report"]["numbers"], draft["report"]["numbers"]);
        let (_, list) =
            body(server.anonymous().get(server.url("/api/v1/situation-reports")).send().await.unwrap()).await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        // The publication is in the clear, with its numbers.
        let (_, entry) =
            body(server.anonymous().get(server.url(&format!("/api/v1/records/{record}"))).send().await.unwrap()).await;
        assert_eq!(entry["record"]["type"], "situation_report.published.v1", "{entry}");
        assert_eq!(entry["record"]["body"]["numbers"], draft["report"]["numbers"], "{entry}");
        // The open data's Atom feed announces it.
        let feed = server.anonymous().get(server.url("/data/feed.atom")).send().await.unwrap().text().await.unwrap();
        assert!(
            feed.contains("situation-report/2025-10-15") && feed.contains("/situation-reports/2025-10-15"),
            "{feed}"
        );
        // A published report is not edited again.
        let (status, b) = put(&qat, &format!("{DAY}/narrative"), &urdu).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("day")), "{b}");
        // A day not over is not drafted; a bad day names the field.
        let today = truce_node::clock::now().to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Karachi").unwrap()).date();
        let (status, b) = body(qat.post(&format!("/api/v1/situation-reports/{today}/draft"), &json!({})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("numbers.day")), "{b}");
        let (status, b) = body(qat.post("/api/v1/situation-reports/2025-13-01/draft", &json!({})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("day")), "{b}");

        // The public page, in Urdu: the fixed text translated, the narrative in its own direction.
        let page = server.anonymous().get(server.url("/situation-reports/2025-10-15?lang=ur")).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("صورتِ حال کی رپورٹ"), "{html}");
        assert!(html.contains(r#"lang="ur" dir="rtl""#), "{html}");
        let index =
            server.anonymous().get(server.url("/situation-reports")).send().await.unwrap().text().await.unwrap();
        assert!(index.contains("/situation-reports/2025-10-15"), "{index}");

        // The whole log replays, the report's numbers recomputed.
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let vkey = server.dir.identity().unwrap().vkey();
        let verified = truce_node::replay::verify(&store, server.dir.blobs().as_ref(), &vkey, &mut |_, _| {})
            .await
            .unwrap_or_else(|e| panic!("verify: {e}"));
        let day = jiff::civil::date(2025, 10, 15);
        assert_eq!(verified.situation[&day].published.map(|p| p.record), Some(record));
        // The day book and the reports survive the start-up snapshot.
        let (mechanism, tree) = truce_node::replay::load(&store, server.dir.blobs().as_ref(), &vkey).await.unwrap();
        assert!(mechanism.situation.reports.contains_key(&day));
        let snapshot = tempfile::tempdir().unwrap();
        let path = snapshot.path().join("state.snapshot");
        truce_node::snapshot::write(&path, &vkey, &mechanism, &tree, None).unwrap();
        let back = truce_node::snapshot::read(&path, &vkey, server.dir.blobs().as_ref()).unwrap();
        assert_eq!(format!("{:?}", back.mechanism), format!("{mechanism:?}"));
        store.close().await;

        // The endpoints are in the OpenAPI document.
        let (_, doc) = body(server.anonymous().get(server.url("/api/v1/openapi.json")).send().await.unwrap()).await;
        for path in ["/api/v1/situation-reports", "/api/v1/situation-reports/{day}/narrative"] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
    }
}

#[tokio::test]
async fn the_desk_drafts_writes_approves_and_publishes_and_a_party_is_turned_away() {
    let server = TestServer::start(None).await;
    let qat = server.login("qat-chair").await;
    let tur = server.login("tur-mediator").await;
    let pak = server.login("pak-liaison").await;
    let form = |s: &crate::common::Session, path: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", s.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        s.client.post(format!("{}{path}", s.base)).form(&all).send()
    };
    let page = pak.get("/desk/situation-reports").await;
    assert_eq!(page.status().as_u16(), 403);
    let r = form(&qat, "/desk/situation-reports/draft", &[("day", "2025-10-12")]).await.unwrap();
    assert!(r.url().path().ends_with("/desk/situation-reports"), "{}", r.url());
    let html = qat.get("/desk/situation-reports").await.text().await.unwrap();
    assert!(html.contains("day-2025-10-12"), "{html}");
    // A bad day names the field and changes nothing.
    let r = form(&qat, "/desk/situation-reports/draft", &[("day", "12 October")]).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("day"));
    let text = "ننګرهار او کونړ کې د پولې دواړو خواوو ته ډزې.";
    form(&qat, "/desk/situation-reports/narrative", &[("day", "2025-10-12"), ("text", text), ("lang", "ps")])
        .await
        .unwrap();
    for s in [&qat, &tur] {
        let r = form(s, "/desk/situation-reports/approve", &[("day", "2025-10-12"), ("version", "2")]).await.unwrap();
        assert!(r.status().is_success(), "{}", r.status());
    }
    form(&qat, "/desk/situation-reports/publish", &[("day", "2025-10-12")]).await.unwrap();
    let (status, report) =
        body(server.anonymous().get(server.url("/api/v1/situation-reports/2025-10-12")).send().await.unwrap()).await;
    assert_eq!((status, report["status"].as_str()), (200, Some("published")), "{report}");
    assert_eq!(report["report"]["narrative"]["lang"], "ps");
    assert_eq!(report["report"]["approvals"].as_array().unwrap().len(), 2);
}
