//! The secretariat's case handling over the API, as the parties and the
//! mediators use it: duplicates told at filing, amendments with their
//! history, withdrawals, internal notes that never leave the mediators,
//! links that never reveal a hidden case, and the public filer following
//! its own case by a token.

use serde_json::{Value, json};

use crate::common::{Session, TestServer, databases, now_minus, ok};

fn allegation(accused: &str, summary: &str, hours_ago: i64) -> Value {
    json!({
        "accused": accused,
        "provisions": ["P1"],
        "acts": ["shelling_artillery"],
        "occurred_at": now_minus(hours_ago),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": summary,
    })
}

async fn file(s: &Session, id: &str, allegation: Value) -> Value {
    ok(s.post("/api/v1/cases", &json!({"id": id, "allegation": allegation})).await, &format!("file {id}")).await
}

async fn command(s: &Session, id: &str, body: Value) -> reqwest::Response {
    s.post(&format!("/api/v1/cases/{id}/commands"), &body).await
}

async fn case(s: &Session, id: &str) -> (u16, Value) {
    let r = s.get(&format!("/api/v1/cases/{id}")).await;
    (r.status().as_u16(), r.json().await.unwrap())
}

fn types(view: &Value) -> Vec<String> {
    view["timeline"].as_array().unwrap().iter().map(|e| e["event"]["type"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_filer_is_told_of_duplicates_and_amends_or_withdraws_its_allegation() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let chair = server.login("qat-chair").await;
        let first = file(&pak, "PAK-H1", allegation("AFG", "Shelling near Chaman", 3)).await;
        assert!(first.get("possible_duplicates").is_none(), "{first}");
        // The same clash, reported again an hour later in what it claims.
        let second = file(&pak, "PAK-H2", allegation("AFG", "Shelling of the Chaman posts", 2)).await;
        assert_eq!(second["possible_duplicates"], json!(["PAK-H1"]));
        let (_, view) = case(&chair, "PAK-H2").await;
        assert_eq!(view["possible_duplicates"], json!(["PAK-H1"]), "the mediators see it on the case too");

        // An amendment with a misspelt member is refused by its path, and changes nothing.
        let mut amended = allegation("AFG", "Mortar fire on the Chaman posts", 3);
        amended["locaton"] = json!("typo");
        let r = command(
            &pak,
            "PAK-H1",
            json!({"type": "amend_allegation.v1", "allegation": amended, "reason": "Mortars."}),
        )
        .await;
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["field"], "allegation.locaton", "{body}");
        let amended = allegation("AFG", "Mortar fire on the Chaman posts", 3);
        let r = command(
            &chair,
            "PAK-H1",
            json!({"type": "amend_allegation.v1", "allegation": amended.clone(), "reason": "x"}),
        )
        .await;
        assert_eq!(r.status(), 403, "only the filer amends");
        let r = command(
            &pak,
            "PAK-H1",
            json!({"type": "amend_allegation.v1", "allegation": amended, "reason": "The weapon was a mortar."}),
        )
        .await;
        ok(r, "amend").await;
        let (_, view) = case(&pak, "PAK-H1").await;
        assert_eq!(view["case"]["allegation"]["summary"], "Mortar fire on the Chaman posts");
        assert_eq!(view["case"]["amendments"][0]["reason"], "The weapon was a mortar.");
        assert_eq!(types(&view), ["reported.v1", "allegation_amended.v1"]);
        assert_eq!(
            view["timeline"][0]["event"]["allegation"]["summary"], "Shelling near Chaman",
            "the first version stays"
        );

        // The duplicate is withdrawn by its filer, with a reason, and published as withdrawn.
        ok(
            command(&pak, "PAK-H2", json!({"type": "withdraw_allegation.v1", "reason": "Filed twice."})).await,
            "withdraw",
        )
        .await;
        let (status, view) = case(&server.login("public").await, "PAK-H2").await;
        assert_eq!((status, view["case"]["status"].as_str()), (200, Some("withdrawn")));
        assert_eq!(view["case"]["withdrawn_reason"], "Filed twice.");
        server.stop().await;
    }
}

#[tokio::test]
async fn internal_notes_and_links_to_hidden_cases_stay_with_the_mediators() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let afg = server.login("afg-liaison").await;
        let chair = server.login("qat-chair").await;
        file(&pak, "PAK-N1", allegation("AFG", "Shelling near Chaman", 3)).await;
        // AFG's counter-allegation about the same exchange of fire.
        file(&afg, "AFG-N2", allegation("PAK", "Pakistani fire on Spin Boldak", 3)).await;
        // A case the mediators opened against PAK: AFG may not see it.
        file(&chair, "QAT-N3", allegation("PAK", "Drone over the line", 5)).await;
        let r = command(&afg, "PAK-N1", json!({"type": "add_note.v1", "text": "AFG should not write here."})).await;
        assert_eq!(r.status(), 403);
        let note = "Call the monitors about the second post before triage.";
        let noted = ok(command(&chair, "PAK-N1", json!({"type": "add_note.v1", "text": note})).await, "note").await;
        for (other, relation) in [("AFG-N2", "counter_allegation"), ("QAT-N3", "related")] {
            let link = json!({"type": "link_case.v1", "other": other, "relation": relation});
            ok(command(&chair, "PAK-N1", link).await, relation).await;
        }

        let (_, seen) = case(&chair, "PAK-N1").await;
        assert_eq!(seen["case"]["notes"][0]["text"], note);
        assert_eq!(seen["case"]["links"].as_array().unwrap().len(), 2);
        for who in [&afg, &pak] {
            let (status, view) = case(who, "PAK-N1").await;
            assert_eq!(status, 200);
            let text = view.to_string();
            assert!(!text.contains(note), "a party read the mediators' note: {text}");
            assert!(!types(&view).contains(&"note_added.v1".to_owned()));
        }
        // AFG sees the counter-allegation link (it filed that case) and
        // nothing of the case it may not see.
        let (_, view) = case(&afg, "PAK-N1").await;
        assert_eq!(view["case"]["links"], json!([{"case": "AFG-N2", "relation": "counter_allegation"}]));
        assert!(!view.to_string().contains("QAT-N3"), "a link told AFG of a case it may not see");
        // Nor does the record of the note reveal its body to a party.
        let index = noted["record_index"].as_u64().unwrap();
        let record: Value = afg.get(&format!("/api/v1/records/{index}")).await.json().await.unwrap();
        assert!(record.get("reveal").is_none(), "{record}");
        let record: Value = chair.get(&format!("/api/v1/records/{index}")).await.json().await.unwrap();
        assert_eq!(record["reveal"]["body"]["text"], note);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_member_of_the_public_follows_the_status_of_its_own_report() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let public = server.login("public").await;
        let r =
            public.post("/api/v1/cases", &json!({"allegation": allegation("AFG", "Shots heard at Chaman", 2)})).await;
        let filed = ok(r, "public filing").await;
        let id = filed["case"].as_str().unwrap().to_owned();
        let follow = filed["follow"].as_str().unwrap_or_else(|| panic!("no follow link: {filed}")).to_owned();
        let token = follow.strip_prefix("/follow/").unwrap();
        assert_eq!(token.len(), 64);
        // The case itself is not the filer's to read before it is published.
        assert_eq!(case(&public, &id).await.0, 404);
        let anonymous = server.anonymous();
        let status: Value =
            anonymous.get(server.url(&format!("/api/v1/follow/{token}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!((status["case"].as_str(), status["status"].as_str()), (Some(id.as_str()), Some("reported")));
        assert_eq!(status["published"], false);
        assert!(status.get("allegation").is_none());
        let chair = server.login("qat-chair").await;
        ok(command(&chair, &id, json!({"type": "acknowledge.v1"})).await, "acknowledge").await;
        let status: Value =
            anonymous.get(server.url(&format!("/api/v1/follow/{token}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(status["status"], "acknowledged");
        let page = anonymous.get(server.url(&follow)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.headers()["cache-control"].to_str().unwrap().contains("no-store"));
        let html = page.text().await.unwrap();
        assert!(html.contains(&id) && html.contains("Acknowledged"), "{html}");
        // A party filing in its own name sees its case, so it needs no token.
        let pak = server.login("pak-liaison").await;
        let own = file(&pak, "PAK-F1", allegation("AFG", "Shelling near Chaman", 3)).await;
        assert!(own.get("follow").is_none());
        for bad in ["0".repeat(64), "zz".into(), "../../etc".into()] {
            let r = anonymous.get(server.url(&format!("/api/v1/follow/{bad}"))).send().await.unwrap();
            assert_eq!(r.status(), 404, "{bad}");
        }
        server.stop().await;
    }
}
