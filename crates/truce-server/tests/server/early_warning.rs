//! Early warning through the server: reports filed at Chaman within a day
//! raise an alert signed by the secretariat, which the mediators read
//! whole, a party reads, the public does not, and a mediator acknowledges
//! once; a single report in another sector raises nothing.

use serde_json::{Value, json};

use crate::common::{TestServer, databases, ok};

fn at_chaman(summary: &str, minutes_ago: i64) -> Value {
    let at = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_mins(minutes_ago)).unwrap();
    json!({
        "accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": at.to_string(),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": summary,
    })
}

/// Files `count` reports of shelling at Chaman five minutes ago as `pak`;
/// each filing's answer (with the alerts it raised, if any).
async fn file_at_chaman(pak: &crate::common::Session, count: u32) -> Vec<Value> {
    let mut answers = Vec::new();
    for n in 1..=count {
        let allegation = json!({"allegation": at_chaman(&format!("Shelling {n}"), 5)});
        answers.push(ok(pak.post("/api/v1/cases", &allegation).await, "file").await);
    }
    answers
}

/// The alert records the filings in `answers` raised.
fn raised_by(answers: &[Value]) -> Vec<Value> {
    answers.iter().flat_map(|b| b["early_warning"].as_array().cloned().unwrap_or_default()).collect()
}

#[tokio::test]
async fn reports_at_chaman_raise_an_alert_the_mediators_acknowledge() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let answers = file_at_chaman(&pak, 4).await;
        // The first two are a case each, not a trend.
        for b in &answers[..2] {
            assert!(b.get("early_warning").is_none(), "{b}");
        }
        let raised = raised_by(&answers);
        assert!(!raised.is_empty(), "three reports in a day in a quiet sector raise an alert");
        // A single report elsewhere (Torkham) raises nothing.
        let mut lone = at_chaman("Fire near Torkham", 5);
        lone["location"] = json!({"lat": 34.13, "lon": 71.09, "precision": 2, "place_name": "Torkham"});
        let b = ok(pak.post("/api/v1/cases", &json!({"allegation": lone})).await, "file").await;
        assert!(b.get("early_warning").is_none(), "{b}");

        let qat = server.login("qat-chair").await;
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let alerts = alerts.as_array().unwrap();
        assert_eq!(alerts.len(), raised.len(), "{alerts:?}");
        for a in alerts {
            let signal = &a["alert"]["signal"];
            assert_eq!(signal["series"]["sector"], "chaman_kandahar", "{a}");
            assert_eq!(signal["series"]["basis"], "filed", "{a}");
            let counted = signal["reports"].as_array().unwrap().len() as u64;
            assert!(counted >= signal["observed"].as_u64().unwrap(), "{a}");
            assert!(signal["observed"].as_u64().unwrap() >= 3, "{a}");
            assert_eq!(a["reports_withheld"], 0);
        }
        let poisson = alerts.iter().find(|a| a["alert"]["signal"]["method"] == "poisson").expect("a poisson alert");
        assert!(poisson["explanation"].as_str().unwrap().contains("chaman_kandahar"), "{poisson}");

        // The filer reads it; the public does not.
        ok(pak.get("/api/v1/early-warning").await, "alerts as a party").await;
        assert_eq!(server.anonymous().get(server.url("/api/v1/early-warning")).send().await.unwrap().status(), 401);

        // A mediator acknowledges it once; a party may not.
        let record = poisson["alert"]["record"].as_u64().unwrap();
        let path = format!("/api/v1/early-warning/{record}/acknowledgement");
        let action = json!({"action": "Called both liaison officers; monitors tasked to Chaman"});
        assert_eq!(qat.post(&path, &action).await.status(), 201);
        let again = qat.post(&path, &action).await;
        assert_eq!(again.status(), 422);
        assert_eq!(pak.post(&path, &action).await.status(), 403);
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let acked = alerts.as_array().unwrap().iter().find(|a| a["alert"]["record"] == record).unwrap();
        assert_eq!(acked["alert"]["acknowledgements"][0]["by"], "QAT", "{acked}");
    }
}

#[tokio::test]
async fn an_alert_is_sent_to_the_mediators_and_the_parties_webhooks_with_its_numbers_only() {
    use std::net::SocketAddr;
    use std::sync::{Arc, Mutex};

    type Received = Arc<Mutex<Vec<(String, String)>>>;
    async fn take(
        axum::extract::State(received): axum::extract::State<Received>,
        uri: axum::http::Uri,
        body: String,
    ) -> axum::http::StatusCode {
        received.lock().unwrap().push((uri.path().to_owned(), body));
        axum::http::StatusCode::NO_CONTENT
    }
    let server = TestServer::start(None).await;
    let received: Received = Arc::default();
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().fallback(axum::routing::post(take)).with_state(received.clone());
    let listening = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    for who in ["qat-chair", "afg-liaison"] {
        let session = server.login(who).await;
        let hook = json!({"url": format!("http://127.0.0.1:{port}/{who}"), "events": ["early_warning.alert"]});
        ok(session.post("/api/v1/webhooks", &hook).await, "register").await;
    }
    let pak = server.login("pak-liaison").await;
    let raised = raised_by(&file_at_chaman(&pak, 4).await);
    assert!(!raised.is_empty());
    let expected = raised.len() * 2;
    for _ in 0..150 {
        if received.lock().unwrap().len() >= expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Let a second delivery of the same alert arrive if it would.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), expected, "one per alert to the chair and to the party: {got:?}");
    for who in ["/qat-chair", "/afg-liaison"] {
        assert_eq!(got.iter().filter(|(path, _)| path == who).count(), raised.len(), "{who}: {got:?}");
    }
    for (path, body) in &got {
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["type"], "early_warning.alert", "{path}: {v}");
        assert_eq!(v["data"]["series"]["sector"], "chaman_kandahar", "{v}");
        assert!(v["data"]["observed"].as_u64().unwrap() >= 3, "{v}");
        assert!(v["data"].get("reports").is_none(), "the reports are read over the reader's scope: {v}");
        assert!(raised.iter().any(|r| *r == v["data"]["record"]), "{v} not in {raised:?}");
    }
    listening.abort();
    server.stop().await;
}

/// A desk page as `principal` sees it, in `lang`.
async fn desk_of(server: &TestServer, principal: &str, lang: &str) -> String {
    page_as(server, Some(principal), &format!("/desk?lang={lang}")).await.1
}

#[tokio::test]
async fn the_desks_list_the_alerts_by_sector_name_with_their_numbers_and_acknowledgements() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let before = desk_of(&server, "qat-chair", "en").await;
        assert!(before.contains("No alert has been raised."), "{before}");
        let pak = server.login("pak-liaison").await;
        let raised = raised_by(&file_at_chaman(&pak, 4).await);
        assert!(!raised.is_empty());
        let record = raised[0].as_u64().unwrap();
        let qat = server.login("qat-chair").await;
        let action = json!({"action": "Monitors tasked to Chaman"});
        let path = format!("/api/v1/early-warning/{record}/acknowledgement");
        assert_eq!(qat.post(&path, &action).await.status(), 201);

        let chair = desk_of(&server, "qat-chair", "en").await;
        assert!(chair.contains("Early-warning alerts"), "{chair}");
        assert!(chair.contains("Chaman – Kandahar (Spin Boldak)"), "the sector by its name: {chair}");
        assert!(!chair.contains("chaman_kandahar"), "never the sector's id");
        assert!(chair.contains("against a threshold of"), "{chair}");
        assert!(chair.contains("Monitors tasked to Chaman"), "the acknowledgement and its action");
        assert!(chair.contains("not yet"), "the other alerts are not acknowledged yet");
        let party = desk_of(&server, "afg-liaison", "ur").await;
        assert!(party.contains("ابتدائی انتباہات"), "the accused party's desk, in Urdu");
        assert!(party.contains("Chaman – Kandahar (Spin Boldak)"));
        let observer = desk_of(&server, "public", "en").await;
        assert!(!observer.contains("Early-warning alerts"), "the public reads no alerts");
    }
}

/// Seven reports at Chaman within the hour raise a CUSUM alert on the
/// reports as filed, which the shipped agreement's `surge` escalation rule
/// listens to: the escalation fires on AFG's latest report in the alert's
/// own record, appears in the case's history and as a CAP alert, as a
/// pattern of violations does.
#[tokio::test]
async fn a_surge_at_chaman_escalates_through_the_agreements_surge_rule() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let answers = file_at_chaman(&pak, 7).await;
        let filed: Vec<String> = answers.iter().map(|b| b["case"].as_str().unwrap().to_owned()).collect();
        let qat = server.login("qat-chair").await;
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let cusum = alerts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                let s = &a["alert"]["signal"];
                s["method"] == "cusum" && s["series"]["act"].is_null() && s["series"]["accused"].is_null()
            })
            .unwrap_or_else(|| panic!("seven reports in an hour raise a CUSUM alert: {alerts}"));
        let record = cusum["alert"]["record"].as_u64().unwrap();

        let cap = ok(qat.get("/api/v1/alerts").await, "CAP alerts").await;
        let surge: Vec<&Value> = cap
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["source"]["rule"] == "surge" && a["record"] == record)
            .collect();
        assert_eq!(surge.len(), 1, "one escalation of rule surge by the CUSUM alert's record: {cap}");
        let escalation = surge[0];
        assert_eq!(escalation["source"]["party"], "AFG", "{escalation}");
        let case = escalation["source"]["case"].as_str().unwrap();
        assert!(filed.contains(&case.to_owned()), "on one of the reports filed: {case} {filed:?}");

        // The case's timeline holds the event, with the alert's record in its
        // reason, and the case the rule.
        let view = ok(qat.get(&format!("/api/v1/cases/{case}")).await, "case").await;
        let text = view["timeline"].to_string();
        assert!(text.contains("escalation_triggered.v1") && text.contains(&format!("record {record}")), "{text}");
        assert!(view["case"]["escalations"].to_string().contains("surge"), "{}", view["case"]);
    }
}

/// An early-warning alert is a CAP 1.2 alert too, valid against the OASIS
/// schema, with the sector's band as its area, for the mediators and the
/// parties; the public's CAP feed never carries one (an alert counts
/// reports a party may not see).
#[tokio::test]
async fn an_alert_is_a_restricted_cap_alert_over_its_sector_and_never_public() {
    use crate::webhooks::{CAP_XSD, xmllint_against};
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        file_at_chaman(&pak, 4).await;
        let qat = server.login("qat-chair").await;
        let raised = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let record = raised[0]["alert"]["record"].as_u64().expect("an alert was raised");
        let listed = ok(qat.get("/api/v1/alerts").await, "CAP alerts").await;
        let ours = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == format!("ew-{record}"))
            .unwrap_or_else(|| panic!("the alert of record {record} is listed: {listed}"));
        assert_eq!(ours["source"]["kind"], "early_warning", "{ours}");
        assert_eq!(ours["source"]["sector"], "chaman_kandahar", "{ours}");
        assert_eq!(ours["scope"], "Restricted");
        assert_eq!(ours["certainty"], "Possible", "reports as filed are allegations: {ours}");
        assert!(ours["area"]["polygon"].as_str().is_some_and(|p| p.split(' ').count() >= 4), "{ours}");
        assert_eq!(ours["info"].as_array().unwrap().len(), 6, "six languages: {ours}");

        let cap = qat.get(&format!("/api/v1/alerts/ew-{record}")).await;
        assert_eq!(cap.status(), 200);
        let xml = cap.text().await.unwrap();
        xmllint_against(CAP_XSD, &xml, "early-warning.cap");
        assert!(xml.contains("<valueName>truce:early-warning-rule</valueName>"), "{xml}");
        assert!(xml.contains("<scope>Restricted</scope>") && !xml.contains("<incidents>"), "{xml}");
        // A party reads it as the mediators do.
        assert_eq!(pak.get(&format!("/api/v1/alerts/ew-{record}")).await.status(), 200);

        // The public: not in the feed, not by its address.
        let public = server.anonymous();
        let feed = public.get(server.url("/data/alerts.cap")).send().await.unwrap().text().await.unwrap();
        assert!(!feed.contains("/ew-"), "{feed}");
        let one = public.get(server.url(&format!("/data/alerts/ew-{record}.cap"))).send().await.unwrap();
        assert_eq!(one.status(), 404);
    }
}

/// A page as `principal` sees it (`None`: nobody logged in): its status and body.
async fn page_as(server: &TestServer, principal: Option<&str>, path: &str) -> (u16, String) {
    let browser =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    if let Some(principal) = principal {
        let login = browser
            .post(server.url("/login"))
            .form(&[("principal", principal), ("password", truce_server::run::DEMO_PASSWORD), ("next", "/desk")])
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 303);
    }
    let response = browser.get(server.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The desk's trends: the sector's chart with today's count and an alert
/// marker, the same alert as a triangle on Chaman's stretch of the map,
/// for the mediators and the parties; a bad period names its part; the
/// public is sent to log in, and a logged-in public reader is refused.
#[tokio::test]
async fn the_trends_page_charts_the_reports_and_marks_the_alerts_on_the_map() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let raised = raised_by(&file_at_chaman(&pak, 4).await);
        assert!(!raised.is_empty());
        let qat = server.login("qat-chair").await;
        let alerts = ok(qat.get("/api/v1/early-warning").await, "alerts").await;
        let day = alerts[0]["alert"]["signal"]["day"].as_str().unwrap().to_owned();

        let (status, chair) = page_as(&server, Some("qat-chair"), "/desk/trends?lang=en").await;
        assert_eq!(status, 200, "{chair}");
        assert!(chair.contains("Trends and alerts") && chair.contains("Alerts on the map"), "{chair}");
        assert_eq!(chair.matches("class=\"alert\"").count(), 1, "one triangle on the map, on Chaman: {chair}");
        assert!(chair.contains("<title>Chaman – Kandahar (Spin Boldak): "), "the triangle names its sector");
        assert!(chair.contains("<h3 id=\"trend-h-0\">Chaman – Kandahar (Spin Boldak)</h3>"), "the sector's chart");
        assert!(chair.contains("Reports as filed that you may see"), "labelled as allegations");
        assert!(chair.contains("l5,-9l-10,0z"), "an alert marker on the chart");
        // The table gives the day, its count above the band, and the rules that fired.
        let row = format!("<th scope=\"row\"><bdi dir=\"ltr\">{day}</bdi></th><td><strong>4</strong></td>");
        assert!(chair.contains(&row), "{row} in {chair}");
        for a in alerts.as_array().unwrap() {
            let method = match a["alert"]["signal"]["method"].as_str().unwrap() {
                "surge" => "Surge (last week against the four before)",
                "poisson" => "Poisson exceedance",
                "ewma" => "Moving average (EWMA)",
                _ => "Cumulative sum (CUSUM)",
            };
            let record = a["alert"]["record"].as_u64().unwrap();
            assert!(
                chair.contains(&format!("<div>{method} <span class=\"muted\">(record {record})</span></div>")),
                "{method}"
            );
        }

        // The accused party reads the same alert on its desk, in Arabic, right to left.
        let (status, party) = page_as(&server, Some("afg-liaison"), "/desk/trends?lang=ar").await;
        assert_eq!(status, 200);
        assert!(party.contains("الإنذارات على الخريطة") && party.contains("class=\"alert\""), "{party}");
        assert!(party.contains("dir=\"rtl\""));

        let (status, bad) = page_as(&server, Some("qat-chair"), "/desk/trends?period=2025-13&lang=en").await;
        assert_eq!(status, 422);
        assert!(bad.contains("Refused: month: 2025-13"), "the part at fault: {bad}");
        assert!(bad.contains("aria-invalid=\"true\""));
        let (status, _) = page_as(&server, Some("qat-chair"), "/desk/trends?period=2025-W42").await;
        assert_eq!(status, 200, "a week");
        let (status, _) = page_as(&server, None, "/desk/trends").await;
        assert_eq!(status, 303, "to the login");
        let (status, public) = page_as(&server, Some("public"), "/desk/trends?lang=en").await;
        assert_eq!(status, 403);
        assert!(!public.contains("class=\"alert\""));

        // The same numbers over JSON: the chair's with the alerts, the public's without.
        let path = format!("/api/v1/early-warning/trends?from={day}&to={day}");
        let trends = ok(qat.get(&path).await, "trends").await;
        assert_eq!(trends["published_only"], false);
        assert_eq!(trends["sectors"][0]["sector"], "chaman_kandahar", "{trends}");
        assert_eq!(trends["sectors"][0]["days"][0]["count"], 4);
        let ordinary = trends["sectors"][0]["days"][0]["ordinary"].as_u64().unwrap();
        assert!(ordinary < 4, "four reports in a quiet sector are above the band: {trends}");
        assert_eq!(trends["alerts"].as_array().unwrap().len(), alerts.as_array().unwrap().len());
        let anonymous = server.anonymous().get(server.url(&path)).send().await.unwrap();
        let public: Value = anonymous.json().await.unwrap();
        assert_eq!(public["published_only"], true);
        assert_eq!(public["sectors"], json!([]), "no report here is published");
        assert_eq!(public["alerts"], json!([]));
        for (query, field) in [
            ("from=2025-10-20&to=2025-10-19", "to"),
            ("from=2025-01-01&to=2026-12-31", "to"),
            ("from=2025-13-01&to=2025-10-19", "from"),
            ("from=2025-10-01", "to"),
        ] {
            let refused = qat.get(&format!("/api/v1/early-warning/trends?{query}")).await;
            assert_eq!(refused.status(), 422, "{query}");
            let body: Value = refused.json().await.unwrap();
            assert_eq!(body["field"], field, "{query}: {body}");
        }
    }
}
