//! Who sees what, over HTTP: every read endpoint × every demo login (each
//! role and participant, and no login) × cases in each state of visibility.
//!
//! The expectations are written out as tables from the rules in the issue
//! — a party sees its own submissions, the cases against it and published
//! material; a monitoring team what it was tasked to; mediators everything;
//! the public only what is published; nobody outside the mediators sees a
//! draft — not computed with the server's own access code.

use serde_json::{Value, json};

use crate::common::{Session, TestServer, databases, now_minus, ok};

/// The demo logins, and no login.
const WHO: [&str; 8] =
    ["admin", "qat-chair", "tur-mediator", "jvt-monitor", "pak-liaison", "afg-liaison", "public", "-"];

/// Files a PAK complaint against AFG now and takes it to `stage`:
/// "filed", "investigating" (tasked to JVT) or "deliberation" (a draft finding open).
async fn case_at(server: &TestServer, id: &str, stage: &str) {
    let pak = server.login("pak-liaison").await;
    let allegation = json!({
        "accused": "AFG",
        "provisions": ["P1"],
        "acts": ["shelling_artillery"],
        "occurred_at": now_minus(3),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": format!("Test case {id}: shelling near Chaman"),
    });
    ok(pak.post("/api/v1/cases", &json!({"id": id, "allegation": allegation})).await, "file").await;
    if stage == "filed" {
        return;
    }
    let chair = server.login("qat-chair").await;
    let afg = server.login("afg-liaison").await;
    let jvt = server.login("jvt-monitor").await;
    let path = format!("/api/v1/cases/{id}/commands");
    for (who, command) in [
        (&chair, json!({"type": "acknowledge.v1"})),
        (&chair, json!({"type": "admit.v1"})),
        (&chair, json!({"type": "notify_accused.v1"})),
        (&afg, json!({"type": "submit_reply.v1", "reply": {"position": "denies", "text": "Our posts returned fire."}})),
        (&chair, json!({"type": "task_investigation.v1", "team": "JVT"})),
    ] {
        ok(who.post(&path, &command).await, &command.to_string()).await;
    }
    if stage == "investigating" {
        return;
    }
    let report = json!({"type": "submit_investigation_report.v1", "report": {"summary": "Impacts consistent with fire from Afghan positions (test)."}});
    ok(jvt.post(&path, &report).await, "report").await;
    let finding = json!({"type": "propose_finding.v1", "finding": {
        "occurrence": "confirmed",
        "occurrence_standard_met": "clear_and_convincing",
        "attribution": {"party": "AFG", "basis": "direct_act", "standard_met": "clear_and_convincing"},
        "provisions_breached": ["P1"],
        "acts": ["shelling_artillery"],
        "severity": "serious",
        "reasons": "Draft reasons that only the mediators may read (test)."
    }});
    ok(chair.post(&path, &finding).await, "propose finding").await;
}

async fn session(server: &TestServer, who: &str) -> Session {
    if who == "-" {
        Session { client: server.anonymous(), csrf: String::new(), base: server.base.clone() }
    } else {
        server.login(who).await
    }
}

/// Expected visibility of a case per login, written out.
fn expected(case: &str, who: &str) -> bool {
    match case {
        // PAK filed against AFG; not yet tasked.
        "PAK-T-filed" => matches!(who, "admin" | "qat-chair" | "tur-mediator" | "pak-liaison" | "afg-liaison"),
        // Tasked to JVT: the team now sees it.
        "PAK-T-investigating" | "PAK-T-deliberation" => {
            matches!(who, "admin" | "qat-chair" | "tur-mediator" | "jvt-monitor" | "pak-liaison" | "afg-liaison")
        }
        // Sample cases, all published by the end of the scenario.
        _ => true,
    }
}

#[tokio::test]
async fn every_login_sees_exactly_the_cases_the_rules_allow() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        case_at(&server, "PAK-T-filed", "filed").await;
        case_at(&server, "PAK-T-investigating", "investigating").await;
        case_at(&server, "PAK-T-deliberation", "deliberation").await;
        let cases =
            ["PAK-T-filed", "PAK-T-investigating", "PAK-T-deliberation", "2025-10-15-chaman", "2025-10-17-paktika"];
        for who in WHO {
            let s = session(&server, who).await;
            // The list, labelled as sample data in the demo.
            let list = ok(s.get("/api/v1/cases?limit=200").await, "list").await;
            assert!(
                list["sample_data"].as_str().is_some_and(|n| n.starts_with("SAMPLE DATA")),
                "{who}: {}",
                list["sample_data"]
            );
            let listed: Vec<&str> =
                list["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
            for case in cases {
                assert_eq!(listed.contains(&case), expected(case, who), "{who} listing {case}: {listed:?}");
                // One case: 200 or a 404 that does not tell it exists.
                let response = s.get(&format!("/api/v1/cases/{case}")).await;
                let status = response.status().as_u16();
                let body: Value = response.json().await.unwrap();
                if expected(case, who) {
                    assert_eq!(status, 200, "{who} reading {case}: {body}");
                    assert_eq!(body["case"]["id"], case);
                    assert!(body["sample_data"].is_string(), "{who} reading {case}: no sample-data label");
                } else {
                    assert_eq!(status, 404, "{who} reading {case}: {body}");
                    assert_eq!(body["code"], "not_found");
                    assert!(!body.to_string().contains("shelling near Chaman"), "{who}: {body}");
                }
                // A text search cannot find what the list hides.
                let found = ok(s.get(&format!("/api/v1/cases?q={case}")).await, "search").await;
                let hit = found["cases"].as_array().unwrap().iter().any(|c| c["id"] == case);
                assert_eq!(hit, expected(case, who), "{who} searching {case}");
            }
            // Findings and penalties follow the same scope.
            let findings = ok(s.get("/api/v1/findings").await, "findings").await;
            let finding_cases: Vec<&str> =
                findings.as_array().unwrap().iter().map(|f| f["case"].as_str().unwrap()).collect();
            assert!(finding_cases.contains(&"2025-10-15-chaman"), "{who}: published findings are public");
            let penalties = ok(s.get("/api/v1/penalties").await, "penalties").await;
            assert!(!penalties.as_array().unwrap().is_empty(), "{who}: published penalties are public");
            ok(s.get("/api/v1/statistics").await, "statistics").await;
            ok(s.get("/api/v1/agreement").await, "agreement").await;
            ok(s.get("/api/v1/participants").await, "participants").await;
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn drafts_under_deliberation_stay_with_the_mediators() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        case_at(&server, "PAK-T-draft", "deliberation").await;
        for who in ["admin", "qat-chair", "tur-mediator", "jvt-monitor", "pak-liaison", "afg-liaison"] {
            let s = server.login(who).await;
            let view = ok(s.get("/api/v1/cases/PAK-T-draft").await, "case").await;
            let mediator = matches!(who, "admin" | "qat-chair" | "tur-mediator");
            let kinds: Vec<&str> =
                view["timeline"].as_array().unwrap().iter().map(|e| e["event"]["type"].as_str().unwrap()).collect();
            assert_eq!(kinds.contains(&"motion_opened.v1"), mediator, "{who}: {kinds:?}");
            assert_eq!(!view["case"]["ballot"].is_null(), mediator, "{who}: ballot {}", view["case"]["ballot"]);
            assert_eq!(view.to_string().contains("Draft reasons"), mediator, "{who} sees the draft's text");
            // Everyone who may see the case sees the rest of its timeline.
            assert!(kinds.contains(&"reported.v1") && kinds.contains(&"investigation_reported.v1"), "{who}: {kinds:?}");
            // Findings list: no draft finding there either.
            let findings = ok(s.get("/api/v1/findings").await, "findings").await;
            assert!(!findings.to_string().contains("Draft reasons"), "{who}: {findings}");
        }
        server.stop().await;
    }
}

/// Who may issue which command is the core's decision; the server must pass
/// it through as 403 with the core's reason, and change nothing.
#[tokio::test]
async fn commands_are_allowed_only_to_those_the_protocol_names() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        case_at(&server, "PAK-T-cmd", "filed").await;
        let path = "/api/v1/cases/PAK-T-cmd/commands";
        let ack = json!({"type": "acknowledge.v1"});
        // The accused party, the complainant, the monitors and the public may not acknowledge.
        for who in ["pak-liaison", "afg-liaison", "public"] {
            let s = server.login(who).await;
            let response = s.post(path, &ack).await;
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap();
            assert!(matches!(status, 403 | 404), "{who}: {status} {body}");
        }
        // The monitors cannot even see the untasked case.
        let jvt = server.login("jvt-monitor").await;
        assert_eq!(jvt.post(path, &ack).await.status(), 404);
        // Administrators run the deployment but have no say in cases.
        let admin = server.login("admin").await;
        let response = admin.post(path, &ack).await;
        assert_eq!(response.status(), 403);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_permitted", "{body}");
        // Nothing changed.
        let view = ok(admin.get("/api/v1/cases/PAK-T-cmd").await, "case").await;
        assert_eq!(view["case"]["status"], "reported");
        // A mediator may.
        let chair = server.login("qat-chair").await;
        ok(chair.post(path, &ack).await, "acknowledge").await;
        // Without a login, nothing is written.
        let anon = server.anonymous();
        let response = anon.post(server.url(path)).json(&json!({"type": "admit.v1"})).send().await.unwrap();
        assert_eq!(response.status(), 401);
        // Only administrators create principals.
        for who in ["qat-chair", "pak-liaison", "public"] {
            let s = server.login(who).await;
            let response = s
                .post("/api/v1/principals", &json!({"id": "x-new", "participant": "PAK", "role": "party_liaison"}))
                .await;
            assert_eq!(response.status(), 403, "{who}");
        }
        server.stop().await;
    }
}

/// The status and JSON body of a response.
async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A filing with a chosen `id`.
fn filing_with_id(id: &str, accused: &str) -> Value {
    json!({"id": id, "allegation": {"accused": accused, "provisions": ["P1"], "acts": ["shelling_artillery"],
        "occurred_at": now_minus(2), "summary": "Fire on a post"}})
}

#[tokio::test]
async fn a_chosen_case_id_tells_no_party_whether_a_case_it_may_not_see_exists() {
    let server = TestServer::start(None).await;
    let (pak, afg, chair) =
        (server.login("pak-liaison").await, server.login("afg-liaison").await, server.login("qat-chair").await);
    // PAK files in its own space.
    let (status, _) = answer(pak.post("/api/v1/cases", &filing_with_id("PAK-hidden-1", "AFG")).await).await;
    assert_eq!(status, 201);
    // AFG trying that id, and one nobody used, gets the same answer: nothing says PAK-hidden-1 exists.
    let (taken, unused) = (
        answer(afg.post("/api/v1/cases", &filing_with_id("PAK-hidden-1", "PAK")).await).await,
        answer(afg.post("/api/v1/cases", &filing_with_id("PAK-never-used", "PAK")).await).await,
    );
    assert_eq!(taken.0, 422, "{}", taken.1);
    assert_eq!(taken, unused);
    // An id outside any participant's space: the same answer whether a case has it or not.
    let demo = "2025-10-15-chaman";
    let (existing, fresh) = (
        answer(afg.post("/api/v1/cases", &filing_with_id(demo, "PAK")).await).await,
        answer(afg.post("/api/v1/cases", &filing_with_id("2025-10-15-nowhere", "PAK")).await).await,
    );
    assert_eq!(existing.0, 422);
    let same = |b: &Value, id: &str| b["message"].as_str().unwrap().replace(id, "ID");
    assert_eq!((existing.0, same(&existing.1, demo)), (fresh.0, same(&fresh.1, "2025-10-15-nowhere")));
    assert_eq!(existing.1["field"], "id");
    // In its own space AFG files; a mediator, who sees every case, may not take a party's space.
    let (status, _) = answer(afg.post("/api/v1/cases", &filing_with_id("AFG-own-1", "PAK")).await).await;
    assert_eq!(status, 201);
    let (status, b) = answer(chair.post("/api/v1/cases", &filing_with_id("AFG-own-2", "PAK")).await).await;
    assert_eq!((status, b["field"].as_str()), (422, Some("id")), "{b}");
    server.stop().await;
}
