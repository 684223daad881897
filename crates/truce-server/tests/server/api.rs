//! Accounts, credentials, client-held keys and bad input, over HTTP.

use serde_json::{Value, json};
use truce_ledger::SigningKey;
use truce_node::records::{Body, submission};

use crate::common::{TestServer, databases};

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

/// A filing whose allegation has `member` set to `value`.
fn filing(member: &str, value: Value) -> Value {
    let mut a = allegation("x");
    a[member] = value;
    json!({"allegation": a})
}

fn allegation(summary: &str) -> Value {
    let at = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(2)).unwrap();
    json!({"accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": at.to_string(), "summary": summary})
}

#[tokio::test]
async fn a_session_write_needs_its_csrf_token_and_a_token_needs_none() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        // With the cookie but without the CSRF header: refused, nothing written.
        let response = pak
            .client
            .post(server.url("/api/v1/cases"))
            .json(&json!({"id": "PAK-T-csrf", "allegation": allegation("no csrf")}))
            .send()
            .await
            .unwrap();
        let (status, b) = body(response).await;
        assert_eq!((status, b["code"].as_str()), (403, Some("csrf")), "{b}");
        let response = pak
            .client
            .post(server.url("/api/v1/cases"))
            .header("x-csrf-token", "0".repeat(32))
            .json(&json!({"id": "PAK-T-csrf", "allegation": allegation("wrong csrf")}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403);
        assert_eq!(pak.get("/api/v1/cases/PAK-T-csrf").await.status(), 404);
        // With it: filed.
        let (status, b) =
            body(pak.post("/api/v1/cases", &json!({"id": "PAK-T-csrf", "allegation": allegation("ok")})).await).await;
        assert_eq!(status, 201, "{b}");
        assert!(b["tlog_proof"].as_str().unwrap().starts_with("c2sp.org/tlog-proof@v1"), "{b}");
        // An API token: no cookie, no CSRF token, same principal.
        let (status, t) = body(pak.post("/api/v1/me/tokens", &json!({"name": "PAK system"})).await).await;
        assert_eq!(status, 201, "{t}");
        let token = t["token"].as_str().unwrap().to_owned();
        let machine = reqwest::Client::new();
        let (status, me) = body(machine.get(server.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap()).await;
        assert_eq!((status, me["principal"].as_str()), (200, Some("pak-liaison")));
        let (status, b) = body(
            machine
                .post(server.url("/api/v1/cases"))
                .bearer_auth(&token)
                .json(&json!({"id": "PAK-T-token", "allegation": allegation("by token")}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 201, "{b}");
        // A wrong token is refused, not treated as anonymous.
        let response = machine.get(server.url("/api/v1/cases")).bearer_auth("truce_nope").send().await.unwrap();
        assert_eq!(response.status(), 401);
        // Looked-up tokens are kept for a while, refused ones are not: a
        // token the store learns of after a refusal works at once.
        let later = "truce_made_after_a_refusal";
        let response = machine.get(server.url("/api/v1/me")).bearer_auth(later).send().await.unwrap();
        assert_eq!(response.status(), 401);
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        store
            .create_api_token(&truce_store::ApiTokenRow {
                token_hash: truce_server::app::accounts::token_hash(later),
                principal: "pak-liaison".into(),
                name: "made in the store".into(),
                created_at: 0,
                expires_at: None,
            })
            .await
            .unwrap();
        // A token whose end has passed opens nothing, as if revoked.
        let ended = "truce_ended_yesterday";
        let yesterday = truce_node::clock::now().as_second() - 86_400;
        store
            .create_api_token(&truce_store::ApiTokenRow {
                token_hash: truce_server::app::accounts::token_hash(ended),
                principal: "pak-liaison".into(),
                name: "ended".into(),
                created_at: yesterday - 86_400,
                expires_at: Some(yesterday),
            })
            .await
            .unwrap();
        store.close().await;
        let response = machine.get(server.url("/api/v1/me")).bearer_auth(ended).send().await.unwrap();
        assert_eq!(response.status(), 401, "an expired token is refused");
        let (status, me) = body(machine.get(server.url("/api/v1/me")).bearer_auth(later).send().await.unwrap()).await;
        assert_eq!((status, me["principal"].as_str()), (200, Some("pak-liaison")), "{me}");
        // The owner lists its tokens (ids and names, never the tokens) and
        // revokes one: it stops working at once, though it was just used.
        let (status, listed) = body(pak.get("/api/v1/me/tokens").await).await;
        assert_eq!(status, 200, "{listed}");
        let names: Vec<&str> = listed.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["made in the store", "ended", "PAK system"], "oldest first");
        // A token may be given an end, within reason; the listing says when.
        let (status, b) =
            body(pak.post("/api/v1/me/tokens", &json!({"name": "never", "expires_in_days": 0})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("expires_in_days")), "{b}");
        let (status, month) =
            body(pak.post("/api/v1/me/tokens", &json!({"name": "a month", "expires_in_days": 30})).await).await;
        assert_eq!(status, 201, "{month}");
        let (_, listed_again) = body(pak.get("/api/v1/me/tokens").await).await;
        let entry = listed_again.as_array().unwrap().iter().find(|t| t["id"] == month["id"]).unwrap().clone();
        let life = entry["expires_at"].as_i64().unwrap() - entry["created_at"].as_i64().unwrap();
        assert_eq!(life, 30 * 86_400, "{entry}");
        let (status, _) = body(
            machine.get(server.url("/api/v1/me")).bearer_auth(month["token"].as_str().unwrap()).send().await.unwrap(),
        )
        .await;
        assert_eq!(status, 200, "a token within its life works");
        assert!(!listed.to_string().contains(&token), "a listing never shows a token");
        let id = t["id"].as_str().unwrap();
        assert!(listed.as_array().unwrap().iter().any(|t| t["id"] == id), "{listed}");
        let afg = server.login("afg-liaison").await;
        let response = afg
            .client
            .delete(server.url(&format!("/api/v1/me/tokens/{id}")))
            .header("x-csrf-token", &afg.csrf)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "another principal cannot revoke it");
        let response =
            machine.delete(server.url(&format!("/api/v1/me/tokens/{id}"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 204);
        let response = machine.get(server.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 401, "a revoked token is refused at once");
        let (_, listed) = body(pak.get("/api/v1/me/tokens").await).await;
        assert!(!listed.as_array().unwrap().iter().any(|t| t["id"] == id), "{listed}");
        // Logging out ends the session.
        let response =
            pak.client.delete(server.url("/api/v1/session")).header("x-csrf-token", &pak.csrf).send().await.unwrap();
        assert_eq!(response.status(), 204);
        assert_eq!(pak.get("/api/v1/me").await.status(), 401);
        server.stop().await;
    }
}

#[tokio::test]
async fn logins_fail_without_telling_why_and_a_second_factor_is_enforced() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let anon = server.anonymous();
        for (principal, password) in [("pak-liaison", "wrong password!"), ("nobody", "truce-demo-2025")] {
            let (status, b) = body(
                anon.post(server.url("/api/v1/session"))
                    .json(&json!({"principal": principal, "password": password}))
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(status, 401, "{b}");
            assert_eq!(b["message"], "the principal, the password or the second-factor code is wrong");
        }
        // Turn on TOTP for AFG's liaison.
        let afg = server.login("afg-liaison").await;
        let (status, offer) = body(afg.post("/api/v1/me/totp", &json!({})).await).await;
        assert_eq!(status, 200, "{offer}");
        let secret = offer["secret"].as_str().unwrap();
        assert!(offer["otpauth_url"].as_str().unwrap().starts_with("otpauth://totp/"));
        let (status, b) = body(afg.post("/api/v1/me/totp/confirm", &json!({"code": "000000"})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("code")), "{b}");
        let now = u64::try_from(truce_node::clock::now().as_second()).unwrap();
        let code = truce_server::app::accounts::totp(secret, "afg-liaison").unwrap().generate(now);
        let response = afg.post("/api/v1/me/totp/confirm", &json!({"code": code})).await;
        assert_eq!(response.status(), 204);
        // Now a password alone is not enough.
        let login = |code: Option<String>| {
            let mut req = json!({"principal": "afg-liaison", "password": truce_server::run::DEMO_PASSWORD});
            if let Some(c) = code {
                req["totp_code"] = json!(c);
            }
            anon.post(server.url("/api/v1/session")).json(&req).send()
        };
        // Without the code, or with a wrong one, the answer is the one a wrong password gets:
        // it does not tell that the password was right.
        let (status, b) = body(login(None).await.unwrap()).await;
        assert_eq!(
            (status, b["message"].as_str()),
            (401, Some("the principal, the password or the second-factor code is wrong")),
            "{b}"
        );
        let (status, b) = body(login(Some("123456".into())).await.unwrap()).await;
        assert_eq!(
            (status, b["message"].as_str()),
            (401, Some("the principal, the password or the second-factor code is wrong")),
            "{b}"
        );
        // The code that confirmed the second factor is spent; the next step's code opens one session, once.
        let totp = truce_server::app::accounts::totp(secret, "afg-liaison").unwrap();
        let (status, _) = body(login(Some(code.clone())).await.unwrap()).await;
        assert_eq!(status, 401, "the confirming code does not log in");
        let next = totp.generate(now + 30);
        let (status, me) = body(login(Some(next.clone())).await.unwrap()).await;
        assert_eq!((status, me["totp"].as_bool()), (200, Some(true)), "{me}");
        let (status, b) = body(login(Some(next)).await.unwrap()).await;
        assert_eq!(status, 401, "a code is spent once: {b}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_administrator_creates_principals_with_one_time_passwords_or_their_own_keys() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        // A server-held key: a one-time password that must be changed.
        let (status, created) = body(
            admin
                .post("/api/v1/principals", &json!({"id": "jvt-officer", "participant": "JVT", "role": "monitor"}))
                .await,
        )
        .await;
        assert_eq!(status, 201, "{created}");
        let otp = created["one_time_password"].as_str().unwrap().to_owned();
        assert_eq!(otp.len(), 20);
        let client = server.anonymous();
        let (status, me) = body(
            client
                .post(server.url("/api/v1/session"))
                .json(&json!({"principal": "jvt-officer", "password": otp}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, me["must_change_password"].as_bool()), (200, Some(true)), "{me}");
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        let post = |path: &str, v: Value| client.post(server.url(path)).header("x-csrf-token", &csrf).json(&v).send();
        // The one-time password opens nothing but its own change: no filing, no token, no party's cases.
        let filing = json!({"allegation": allegation("Filed with a one-time password")});
        let (status, b) = body(post("/api/v1/cases", filing).await.unwrap()).await;
        assert_eq!(status, 403, "{b}");
        assert!(b["message"].as_str().unwrap().contains("change the one-time password first"), "{b}");
        let (status, b) = body(post("/api/v1/me/tokens", json!({"name": "script"})).await.unwrap()).await;
        assert_eq!(status, 403, "{b}");
        let (_, seen) = body(client.get(server.url("/api/v1/me")).send().await.unwrap()).await;
        assert_eq!(seen["access"], "public", "{seen}");
        let (status, b) =
            body(post("/api/v1/me/password", json!({"current": otp, "new": "short"})).await.unwrap()).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("new")), "{b}");
        let response =
            post("/api/v1/me/password", json!({"current": otp, "new": "a much longer passphrase"})).await.unwrap();
        assert_eq!(response.status(), 204);
        // The change ends the session; the new password works, the old one not.
        assert_eq!(client.get(server.url("/api/v1/me")).send().await.unwrap().status(), 401);
        let (status, _) = body(
            client
                .post(server.url("/api/v1/session"))
                .json(&json!({"principal": "jvt-officer", "password": otp}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 401);
        // A token made with a password ends with that password.
        let fresh = server.anonymous();
        let login = json!({"principal": "jvt-officer", "password": "a much longer passphrase"});
        let (_, me) = body(fresh.post(server.url("/api/v1/session")).json(&login).send().await.unwrap()).await;
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        let post = |path: &str, v: Value| fresh.post(server.url(path)).header("x-csrf-token", &csrf).json(&v).send();
        let (status, token) = body(post("/api/v1/me/tokens", json!({"name": "script"})).await.unwrap()).await;
        assert_eq!(status, 201, "{token}");
        let token = token["token"].as_str().unwrap().to_owned();
        let with_token = || reqwest::Client::new().get(server.url("/api/v1/me")).bearer_auth(&token).send();
        assert_eq!(with_token().await.unwrap().status(), 200);
        let change = json!({"current": "a much longer passphrase", "new": "another long passphrase"});
        assert_eq!(post("/api/v1/me/password", change).await.unwrap().status(), 204);
        assert_eq!(with_token().await.unwrap().status(), 401, "the token is revoked with the password");
        // A duplicate id is a conflict; a bad role names the field.
        let (status, _) = body(
            admin
                .post("/api/v1/principals", &json!({"id": "jvt-officer", "participant": "JVT", "role": "monitor"}))
                .await,
        )
        .await;
        assert_eq!(status, 409);
        let (status, b) =
            body(admin.post("/api/v1/principals", &json!({"id": "x", "participant": "PAK", "role": "general"})).await)
                .await;
        assert_eq!((status, b["field"].as_str()), (422, Some("role")), "{b}");
        // A party liaison of a participant that is not in the agreement is refused by the core.
        let (status, b) = body(
            admin.post("/api/v1/principals", &json!({"id": "x", "participant": "IND", "role": "party_liaison"})).await,
        )
        .await;
        assert!(status == 403 || status == 422, "{status} {b}");
        // Principals are coherent: no observer or administrator for a party, no id that differs only by case.
        for role in ["observer", "administrator"] {
            let request = json!({"id": format!("jvt-{role}"), "participant": "JVT", "role": role});
            let (status, b) = body(admin.post("/api/v1/principals", &request).await).await;
            assert_eq!(status, 422, "{role}: {b}");
            assert!(b["message"].as_str().unwrap().contains("acts for no participant"), "{b}");
        }
        let (status, b) = body(
            admin
                .post("/api/v1/principals", &json!({"id": "JVT-Officer", "participant": "JVT", "role": "monitor"}))
                .await,
        )
        .await;
        assert_eq!(status, 409, "jvt-officer exists: {b}");

        // A client-held key: the party's own system signs; the server never sees the private key.
        let key = SigningKey::from_seed([7; 32]);
        let (status, created) = body(
            admin
                .post(
                    "/api/v1/principals",
                    &server.endorsed(json!({"id": "afg-system", "participant": "AFG", "role": "party_liaison", "public_key": key.verifying_key().to_base64()})),
                )
                .await,
        )
        .await;
        assert_eq!(status, 201, "{created}");
        assert!(created.get("one_time_password").is_none());
        let command = truce_core::CaseCommand {
            case: truce_core::ids::CaseId::parse("AFG-T-signed").unwrap(),
            command: serde_json::from_value(json!({"type": "file_report.v1", "allegation": {
                "accused": "PAK", "provisions": ["P1"], "acts": ["shelling_artillery"],
                "occurred_at": truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(1)).unwrap().to_string(),
                "summary": "Signed by AFG's own system"}}))
            .unwrap(),
        };
        // A command its own system signs on a case AFG may not see is answered as on one that does not exist.
        // A member of the public reports PAK: a case AFG is no party to, so may not see before it is published.
        let public = server.login("public").await;
        let hidden = json!({"allegation": {"accused": "PAK", "provisions": ["P1"],
            "acts": ["shelling_artillery"], "occurred_at": truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(1)).unwrap().to_string(),
            "summary": "Reported by a member of the public"}});
        let (status, filed) = body(public.post("/api/v1/cases", &hidden).await).await;
        assert_eq!(status, 201, "{filed}");
        let hidden_id = filed["case"].as_str().unwrap().to_owned();
        let afg = server.login("afg-liaison").await;
        assert_eq!(afg.get(&format!("/api/v1/cases/{hidden_id}")).await.status(), 404, "hidden from AFG");
        let mut answers = Vec::new();
        for case in [hidden_id.as_str(), "2020-01-01-00000000"] {
            let probe = truce_core::CaseCommand {
                case: truce_core::ids::CaseId::parse(case).unwrap(),
                command: serde_json::from_value(json!({"type": "acknowledge.v1"})).unwrap(),
            };
            let s = submission(
                &key,
                "afg-system",
                Some("AFG"),
                truce_node::clock::now(),
                &Body::Case(Box::new(probe)),
                Some([5; 32]),
            )
            .unwrap();
            let reveal = s.reveal().unwrap();
            use base64::Engine as _;
            let payload = json!({"record": serde_json::to_value(s.record()).unwrap(),
                "reveal": {"salt": base64::engine::general_purpose::STANDARD.encode(reveal.salt), "body": reveal.body}});
            let (status, b) =
                body(reqwest::Client::new().post(server.url("/api/v1/records")).json(&payload).send().await.unwrap())
                    .await;
            answers.push((status, b["code"].clone(), b["message"].as_str().unwrap_or_default().replace(case, "ID")));
        }
        assert_eq!(answers[0].0, 404, "{answers:?}");
        assert_eq!(answers[0], answers[1], "the same answer whether the hidden case exists or not");
        let body_of = Body::Case(Box::new(command));
        // In the clear, AFG's filing would be in the public log for PAK to read: refused.
        let clear = submission(&key, "afg-system", Some("AFG"), truce_node::clock::now(), &body_of, None).unwrap();
        let payload = json!({"record": serde_json::to_value(clear.record()).unwrap()});
        let (status, b) =
            body(reqwest::Client::new().post(server.url("/api/v1/records")).json(&payload).send().await.unwrap()).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("record.record.body")), "{b}");
        let s = submission(&key, "afg-system", Some("AFG"), truce_node::clock::now(), &body_of, Some([9; 32])).unwrap();
        let reveal = s.reveal().unwrap();
        use base64::Engine as _;
        let payload = json!({
            "record": serde_json::to_value(s.record()).unwrap(),
            "reveal": {"salt": base64::engine::general_purpose::STANDARD.encode(reveal.salt), "body": reveal.body},
        });
        let machine = reqwest::Client::new();
        let (status, receipt) =
            body(machine.post(server.url("/api/v1/records")).json(&payload).send().await.unwrap()).await;
        assert_eq!(status, 201, "{receipt}");
        // The same record again is a conflict, not a second case.
        let (status, b) = body(machine.post(server.url("/api/v1/records")).json(&payload).send().await.unwrap()).await;
        assert_eq!(status, 409, "{b}");
        // A record whose signature does not match is refused.
        let mut forged = payload.clone();
        forged["record"]["participant"] = json!("PAK");
        let (status, b) = body(machine.post(server.url("/api/v1/records")).json(&forged).send().await.unwrap()).await;
        assert_eq!(
            (status, b["code"].as_str(), b["field"].as_str()),
            (422, Some("bad_signature"), Some("record.sig")),
            "{b}"
        );
        // Whether a principal exists is not told: a record signed as an
        // unknown principal gets the answer of one signed with a wrong key
        // for a real principal, whoever sends it.
        let signed_as = |key: &SigningKey, author: &str| {
            let s = submission(key, author, Some("AFG"), truce_node::clock::now(), &body_of, Some([3; 32])).unwrap();
            let reveal = s.reveal().unwrap();
            json!({
                "record": serde_json::to_value(s.record()).unwrap(),
                "reveal": {"salt": base64::engine::general_purpose::STANDARD.encode(reveal.salt), "body": reveal.body},
            })
        };
        let mut answers = Vec::new();
        for payload in [signed_as(&SigningKey::from_seed([8; 32]), "afg-system"), signed_as(&key, "afg-nobody")] {
            answers.push(body(machine.post(server.url("/api/v1/records")).json(&payload).send().await.unwrap()).await);
        }
        assert_eq!(answers[0].0, 422, "{answers:?}");
        assert_eq!(answers[0].1["field"], "record.sig", "{answers:?}");
        assert_eq!(answers[0], answers[1], "an unknown author is answered as a wrong key");
        // A field the record format does not have is named.
        let mut extra = payload.clone();
        extra["record"]["note"] = json!("added");
        let (status, b) = body(machine.post(server.url("/api/v1/records")).json(&extra).send().await.unwrap()).await;
        assert_eq!(status, 422, "{b}");
        // The case is there for AFG's and the mediators' eyes.
        let chair = server.login("qat-chair").await;
        let (status, view) = body(chair.get("/api/v1/cases/AFG-T-signed").await).await;
        assert_eq!((status, view["case"]["complainant"]["participant"].as_str()), (200, Some("AFG")), "{view}");
        // Every record says who held the key that signed it: AFG's own system here,
        // the server for the demo's principals, whose keys it made and holds.
        assert_eq!(view["timeline"][0]["custody"], "own", "{view}");
        let (_, record) = body(chair.get(&format!("/api/v1/records/{}", receipt["record_index"])).await).await;
        assert_eq!(record["custody"], "own", "{record}");
        let (_, demo) = body(chair.get("/api/v1/cases/2025-10-15-chaman").await).await;
        assert_eq!(demo["timeline"][0]["custody"], "server", "{demo}");
        let (_, record) =
            body(chair.get(&format!("/api/v1/records/{}", demo["timeline"][0]["record_index"])).await).await;
        assert_eq!(record["custody"], "server", "{record}");
        let (_, jvt) = body(chair.get("/api/v1/records/0").await).await;
        assert_eq!(jvt["custody"], "own", "the first administrator signs its own registration");
        let page = chair.get("/cases/2025-10-15-chaman?lang=en").await.text().await.unwrap();
        assert!(page.contains("signed by the server on the author"), "the case page says so too");
        server.stop().await;
    }
}

#[tokio::test]
async fn bad_input_gets_a_json_error_naming_the_field() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let cases: Vec<(&str, Value, u16, Option<&str>)> = vec![
            ("/api/v1/cases", json!({"allegation": {"accused": "AFG"}}), 422, Some("allegation")),
            ("/api/v1/cases", json!({"id": "bad id!", "allegation": allegation("x")}), 422, Some("id")),
            ("/api/v1/cases", json!({"allegation": allegation("x"), "extra": 1}), 422, Some("extra")),
            (
                "/api/v1/cases",
                json!({"allegation": {"accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"], "occurred_at": "yesterday", "summary": "x"}}),
                422,
                Some("allegation.occurred_at"),
            ),
            (
                "/api/v1/cases",
                json!({"allegation": {"accused": "AFG", "provisions": ["P99"], "acts": ["shelling_artillery"], "occurred_at": "2026-11-27T00:00:00Z", "summary": "x"}}),
                422,
                None,
            ),
            ("/api/v1/cases/2025-10-15-chaman/commands", json!({"type": "no_such.v1"}), 422, None),
            // A misspelt member is refused with its path, never dropped from the signed record.
            ("/api/v1/cases", filing("locaton", json!({"lat": 31.0, "lon": 66.4})), 422, Some("allegation.locaton")),
            ("/api/v1/cases", filing("casualites", json!({})), 422, Some("allegation.casualites")),
            (
                "/api/v1/cases",
                filing("casualties", json!({"civilians_killed": {"low": 1, "bset": 2, "high": 3}})),
                422,
                Some("allegation.casualties.civilians_killed.bset"),
            ),
            (
                "/api/v1/cases",
                filing("evidence", json!([{"sha256": "00", "descripton": "photo"}])),
                422,
                Some("allegation.evidence[0].descripton"),
            ),
            (
                "/api/v1/cases/2025-10-15-chaman/commands",
                json!({"type": "acknowledge.v1", "evidense": ["x"]}),
                422,
                Some("evidense"),
            ),
            // Commands are tagged by `type`; serde reports errors inside them
            // without a path, so the field is the body and the message says what.
            ("/api/v1/cases/2025-10-15-chaman/commands", json!({"type": "admit.v1", "note": 5}), 422, Some("body")),
        ];
        for (path, payload, want, field) in cases {
            let (status, b) = body(pak.post(path, &payload).await).await;
            assert_eq!(status, want, "{path} {payload}: {b}");
            assert!(b["code"].is_string() && b["message"].is_string(), "{b}");
            if let Some(f) = field {
                assert!(
                    b["field"].as_str().is_some_and(|got| got.starts_with(f)),
                    "{payload}: field {} not {f}",
                    b["field"]
                );
            }
        }
        // Not JSON at all, the wrong content type, query and path errors, unknown paths and methods.
        let raw = |content_type: &'static str, text: &'static str| {
            pak.client
                .post(server.url("/api/v1/cases"))
                .header("x-csrf-token", &pak.csrf)
                .header("content-type", content_type)
                .body(text)
                .send()
        };
        assert_eq!(body(raw("application/json", "{not json").await.unwrap()).await.0, 400);
        let trailing = format!("{} {{\"more\": 1}}", json!({"allegation": allegation("trailing")}));
        let trailing: &'static str = Box::leak(trailing.into_boxed_str());
        let (status, b) = body(raw("application/json", trailing).await.unwrap()).await;
        assert_eq!(status, 400, "JSON followed by more is refused: {b}");
        assert_eq!(body(raw("text/plain", "{}").await.unwrap()).await.0, 415);
        for (path, want) in [
            ("/api/v1/cases?limit=0", 422),
            ("/api/v1/cases?limit=x", 422),
            ("/api/v1/cases?status=nonsense", 422),
            ("/api/v1/cases?from=yesterday", 422),
            ("/api/v1/cases?after=garbage", 422),
            ("/api/v1/cases?colour=red", 422),
            ("/api/v1/nowhere", 404),
            ("/api/v1/cases/no-such-case", 404),
        ] {
            let (status, b) = body(pak.get(path).await).await;
            assert_eq!(status, want, "{path}: {b}");
        }
        let (status, _) = body(pak.client.put(server.url("/api/v1/cases")).send().await.unwrap()).await;
        assert_eq!(status, 405);
        // Nothing stored was lost: the sample cases are all there.
        let (_, list) = body(pak.get("/api/v1/cases?limit=200").await).await;
        assert!(list["cases"].as_array().unwrap().len() >= 7);
        server.stop().await;
    }
}

#[tokio::test]
async fn the_case_list_filters_and_pages() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let chair = server.login("qat-chair").await;
        let ids = |v: &Value| -> Vec<String> {
            v["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
        };
        let (_, all) = body(chair.get("/api/v1/cases?limit=200").await).await;
        let all_ids = ids(&all);
        // Paging two at a time gives the same cases in the same order.
        let mut paged = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let path = match &after {
                Some(a) => format!("/api/v1/cases?limit=2&after={a}"),
                None => "/api/v1/cases?limit=2".to_owned(),
            };
            let (_, page) = body(chair.get(&path).await).await;
            paged.extend(ids(&page));
            match page["next"].as_str() {
                Some(n) => after = Some(n.to_owned()),
                None => break,
            }
        }
        assert_eq!(paged, all_ids);
        // Filters.
        for (query, check) in [
            ("party=PAK", Box::new(|c: &Value| c["accused"] == "PAK") as Box<dyn Fn(&Value) -> bool>),
            ("provision=P4", Box::new(|c: &Value| c["provisions"].as_array().unwrap().contains(&json!("P4")))),
            ("status=closed", Box::new(|c: &Value| c["status"] == "closed")),
            ("sector=chaman_kandahar", Box::new(|c: &Value| c["sector"] == "chaman_kandahar")),
            ("q=PAKTIKA", Box::new(|c: &Value| c["summary"].as_str().unwrap().to_lowercase().contains("paktika"))),
            (
                "from=2025-10-14T00:00:00Z&until=2025-10-16T00:00:00Z",
                Box::new(|c: &Value| {
                    let at: jiff::Timestamp = c["occurred_at"].as_str().unwrap().parse().unwrap();
                    at >= "2025-10-14T00:00:00Z".parse().unwrap() && at < "2025-10-16T00:00:00Z".parse().unwrap()
                }),
            ),
        ] {
            let (status, page) = body(chair.get(&format!("/api/v1/cases?{query}")).await).await;
            assert_eq!(status, 200, "{query}");
            let got = page["cases"].as_array().unwrap();
            assert!(!got.is_empty(), "{query} should match some sample case");
            assert!(got.iter().all(&check), "{query}: {page}");
            let expected = all["cases"].as_array().unwrap().iter().filter(|c| check(c)).count();
            assert_eq!(got.len(), expected, "{query}");
        }
        // A text with SQL wildcards matches literally.
        let (_, page) = body(chair.get("/api/v1/cases?q=%25").await).await;
        assert!(ids(&page).is_empty(), "{page}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let server = TestServer::start(None).await;
    let (status, doc) = body(server.anonymous().get(server.url("/api/v1/openapi.json")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/commands",
        "/api/v1/records",
        "/api/v1/findings",
        "/api/v1/penalties",
        "/api/v1/statistics",
        "/api/v1/agreement",
        "/api/v1/participants",
        "/api/v1/principals",
        "/api/v1/evidence",
        "/api/v1/evidence/signed",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the OpenAPI document");
    }
    // The domain payloads are typed from the core's own types, so a client
    // (or a fuzzer) can build an allegation or a command from the document.
    let schemas = &doc["components"]["schemas"];
    let file_case = &schemas["FileCase"]["properties"]["allegation"]["$ref"];
    assert_eq!(file_case, "#/components/schemas/Allegation", "{}", schemas["FileCase"]);
    let allegation = &schemas["Allegation"];
    assert_eq!(allegation["properties"]["accused"]["$ref"], "#/components/schemas/ParticipantId", "{allegation}");
    assert_eq!(allegation["properties"]["occurred_at"]["format"], "date-time", "{allegation}");
    assert_eq!(schemas["ParticipantId"]["pattern"], "^[A-Za-z0-9_.-]+$");
    let acts = schemas["ActType"]["enum"].as_array().unwrap();
    assert!(acts.iter().any(|a| a == "shelling_artillery"), "{acts:?}");
    let commands: Vec<&str> = schemas["Command"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["properties"]["type"]["enum"][0].as_str())
        .collect();
    for command in ["file_report.v1", "submit_reply.v1", "vote.v1", "close.v1"] {
        assert!(commands.contains(&command), "{command} not among {commands:?}");
    }
    let body = &paths["/api/v1/cases/{id}/commands"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["$ref"], "#/components/schemas/Command", "{body}");
    let signed = &schemas["SignedSubmission"]["properties"]["record"]["$ref"];
    assert_eq!(signed, "#/components/schemas/SignedRecordJson");
    assert!(schemas["SignedRecordJson"]["properties"]["type"].is_object(), "{}", schemas["SignedRecordJson"]);
    // Every documented path is served (not the 404 of an unknown path).
    for path in paths.keys() {
        let concrete =
            path.replace("{id}", "2025-10-15-chaman").replace("{index}", "0").replace("{sha256}", &"0".repeat(64));
        let response = server.anonymous().get(server.url(&concrete)).send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!(!(status == 404 && text.contains("no such path")), "{path} is documented but not served");
    }
    server.stop().await;
}

/// A case without a location, then one with: the optional coordinates must
/// bind as the same type each time (sqlx's `Any` driver once cached a
/// statement with a NULL typed as float4 on PostgreSQL).
#[tokio::test]
async fn cases_with_and_without_a_location_are_stored_alike() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        for (i, location) in [
            None,
            Some(json!({"lat": 30.92, "lon": 66.45, "precision": 1})),
            None,
            Some(json!({"lat": 31.0, "lon": 66.4, "precision": 2})),
        ]
        .into_iter()
        .enumerate()
        {
            let mut a = allegation(&format!("located {i}"));
            if let Some(l) = location.clone() {
                a["location"] = l;
            }
            let (status, b) =
                body(pak.post("/api/v1/cases", &json!({"id": format!("PAK-T-loc-{i}"), "allegation": a})).await).await;
            assert_eq!(status, 201, "case {i}: {b}");
            let (_, view) = body(pak.get(&format!("/api/v1/cases/PAK-T-loc-{i}")).await).await;
            assert_eq!(
                view["case"]["allegation"]["location"]["lat"],
                location.map_or(Value::Null, |l| l["lat"].clone()),
                "{i}"
            );
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn statistics_follow_each_filing_and_each_reader_gets_its_own() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let chair = server.login("qat-chair").await;
        let pak = server.login("pak-liaison").await;
        let filed_by_pak = |stats: &Value| {
            stats["parties"].as_array().unwrap().iter().find(|p| p["party"] == "PAK").unwrap()["filed"]
                .as_u64()
                .unwrap()
        };
        let public = || async {
            let response = server.anonymous().get(server.url("/api/v1/statistics")).send().await.unwrap();
            let (status, stats) = body(response).await;
            assert_eq!(status, 200);
            stats
        };
        let mediators_before = body(chair.get("/api/v1/statistics").await).await.1;
        let public_before = public().await;
        let pak_before = body(pak.get("/api/v1/statistics").await).await.1;
        // The same reader asking again gets the same answer.
        assert_eq!(body(chair.get("/api/v1/statistics").await).await.1, mediators_before);

        let (status, _) = body(pak.post("/api/v1/cases", &json!({"allegation": allegation("counted")})).await).await;
        assert_eq!(status, 201);
        // The filing counts at once for those who may see it, and not for
        // the public: it is not published.
        let mediators_after = body(chair.get("/api/v1/statistics").await).await.1;
        assert_eq!(filed_by_pak(&mediators_after), filed_by_pak(&mediators_before) + 1);
        let pak_after = body(pak.get("/api/v1/statistics").await).await.1;
        assert_eq!(filed_by_pak(&pak_after), filed_by_pak(&pak_before) + 1);
        assert_eq!(public().await, public_before);
        assert_ne!(mediators_after, public_before, "each reader has its own statistics");
        // Kept as records are committed, they are counted afresh from the
        // log on start: the same numbers for every reader.
        let server = server.restart().await;
        let chair = server.login("qat-chair").await;
        let pak = server.login("pak-liaison").await;
        assert_eq!(body(chair.get("/api/v1/statistics").await).await.1, mediators_after);
        assert_eq!(body(pak.get("/api/v1/statistics").await).await.1, pak_after);
        let response = server.anonymous().get(server.url("/api/v1/statistics")).send().await.unwrap();
        assert_eq!(body(response).await.1, public_before);
        server.stop().await;
    }
}

/// Posts `record_body`, signed by the administrator, to the records endpoint.
async fn post_as_admin(server: &TestServer, record_body: &Body) -> (u16, Value) {
    let key = truce_node::keys::read(&server.dir.principal_key_path("admin")).unwrap();
    let s = submission(&key, "admin", None, truce_node::clock::now(), record_body, None).unwrap();
    let payload = json!({ "record": serde_json::to_value(s.record()).unwrap() });
    body(reqwest::Client::new().post(server.url("/api/v1/records")).json(&payload).send().await.unwrap()).await
}

#[tokio::test]
async fn an_amendment_stays_a_draft_until_every_signatory_signs_with_its_own_key() {
    use truce_node::consent::sign_agreement;
    use truce_node::records::{AgreementAdopted, AgreementSigned};
    for db in databases().await {
        let server = TestServer::start(db).await;
        let anon = server.anonymous();
        let (_, v3) = body(anon.get(server.url("/api/v1/agreement")).send().await.unwrap()).await;
        // The demo: version 2 signed at Doha (the parties, and the mediators as witnesses), version 3
        // (the counterfactual protocol) by all four.
        assert_eq!(v3["version"], 3, "{v3}");
        let versions = v3["versions"].as_array().unwrap();
        assert_eq!(versions.len(), 2, "{v3}");
        assert_eq!(
            versions[0]["signatures"].as_array().unwrap().len(),
            4,
            "each key comes in with its owner's signature"
        );
        assert_eq!(versions[1]["signatures"].as_array().unwrap().len(), 4);
        assert!(versions[1]["signatures"].as_array().unwrap().iter().all(|s| s["record"].is_u64()), "{v3}");
        let page = anon.get(server.url("/agreement")).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("adopted it alone"), "version 3 is signed");
        let [pak, afg, qat, tur] = ["PAK", "AFG", "QAT", "TUR"].map(|p| server.participant_key(p));
        let text = v3["text"].as_str().unwrap().replacen("version = 3", "version = 4", 1);
        let sha256 = server.dir.blobs().put(text.as_bytes()).unwrap();
        let id = "doha-istanbul-2025";
        let proposal = Body::Proposal(AgreementAdopted { agreement: id.into(), version: 4, sha256: sha256.clone() });
        let (status, b) = post_as_admin(&server, &proposal).await;
        assert_eq!(status, 201, "{b}");
        let signed = |key: &SigningKey, who: &str| {
            Body::Signature(AgreementSigned {
                agreement: id.into(),
                version: 4,
                sha256: sha256.clone(),
                participant: who.into(),
                signature: sign_agreement(key, id, 4, &sha256).unwrap(),
            })
        };
        // The administrator cannot sign for a party: the signature is PAK's key's or nothing.
        let (status, b) = post_as_admin(&server, &signed(&afg, "PAK")).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("record.body.signature")), "{b}");
        let (status, b) = post_as_admin(&server, &signed(&pak, "PAK")).await;
        assert_eq!(status, 201, "{b}");
        let (_, view) = body(anon.get(server.url("/api/v1/agreement")).send().await.unwrap()).await;
        assert_eq!(view["version"], 3, "a draft is not in force");
        assert_eq!(view["versions"][2]["status"], "draft", "{view}");
        assert_eq!(
            view["versions"][2]["signatures"],
            json!([{"participant": "AFG", "record": null}, {"participant": "PAK", "record": b["record_index"]},
                {"participant": "QAT", "record": null}, {"participant": "TUR", "record": null}])
        );
        let (status, b) = post_as_admin(&server, &signed(&pak, "PAK")).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("record.body.participant")), "{b}");
        let mut last = Value::Null;
        for (key, who) in [(&afg, "AFG"), (&qat, "QAT"), (&tur, "TUR")] {
            let (status, b) = post_as_admin(&server, &signed(key, who)).await;
            assert_eq!(status, 201, "{b}");
            last = b["record_index"].clone();
        }
        let (_, view) = body(anon.get(server.url("/api/v1/agreement")).send().await.unwrap()).await;
        assert_eq!((view["version"].as_u64(), view["sha256"].as_str()), (Some(4), Some(sha256.as_str())), "{view}");
        assert_eq!(view["versions"][2]["status"], "in_force");
        assert_eq!(view["versions"][2]["in_force_record"], last);
        let page = anon.get(server.url("/agreement")).send().await.unwrap().text().await.unwrap();
        let link = format!("/api/v1/records/{last}");
        assert!(page.contains("In force") && page.contains(&link), "each signature links to its record");
        // The administrator alone puts nothing in force.
        let v5 = text.replacen("version = 4", "version = 5", 1);
        let sha5 = server.dir.blobs().put(v5.as_bytes()).unwrap();
        let adopt = Body::Agreement(AgreementAdopted { agreement: id.into(), version: 5, sha256: sha5 });
        let (status, b) = post_as_admin(&server, &adopt).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("record.body.type")), "{b}");
        // Nor registers a principal for a party that holds its own key.
        let admin = server.login("admin").await;
        let liaison = SigningKey::from_seed([23; 32]).verifying_key().to_base64();
        let mut new = json!({"id": "pak-minted", "participant": "PAK", "role": "party_liaison", "public_key": liaison});
        let (status, b) = body(admin.post("/api/v1/principals", &new).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "{b}");
        assert!(b["message"].as_str().unwrap_or_default().contains("PAK holds its own key"), "{b}");
        let registration = truce_node::records::PrincipalRegistered {
            principal: "pak-minted".into(),
            participant: Some("PAK".into()),
            role: truce_core::Role::PartyLiaison,
            public_key: liaison.clone(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        };
        new["endorsement"] = json!(truce_node::consent::endorse(&afg, &registration).unwrap());
        let (status, b) = body(admin.post("/api/v1/principals", &new).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "AFG cannot endorse for PAK: {b}");
        new["endorsement"] = json!(truce_node::consent::endorse(&pak, &registration).unwrap());
        let (status, b) = body(admin.post("/api/v1/principals", &new).await).await;
        assert_eq!(status, 201, "{b}");
        assert!(b["one_time_password"].is_null(), "the key is the principal's own");
        server.stop().await;
    }
}

/// The device cookie a login set, if it set one.
fn device_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("truce_device=").and_then(|c| c.split(';').next()).map(str::to_owned))
}

#[tokio::test]
async fn a_login_with_a_one_time_password_marks_no_device() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let request = json!({"id": "jvt-officer", "participant": "JVT", "role": "monitor"});
        let (status, created) = body(admin.post("/api/v1/principals", &request).await).await;
        assert_eq!(status, 201, "{created}");
        let otp = created["one_time_password"].as_str().unwrap().to_owned();
        let client = server.anonymous();
        let login = |password: &str| {
            client.post(server.url("/api/v1/session")).json(&json!({"principal": "jvt-officer", "password": password}))
        };
        let first = login(&otp).send().await.unwrap();
        assert_eq!(first.status(), 200);
        assert_eq!(device_cookie(&first), None, "a one-time password makes no device a known one");
        let me: Value = first.json().await.unwrap();
        assert_eq!(me["must_change_password"], true, "{me}");
        let csrf = me["csrf_token"].as_str().unwrap().to_owned();
        let change = json!({"current": otp, "new": "a much longer passphrase"});
        let changed = client.post(server.url("/api/v1/me/password")).header("x-csrf-token", &csrf).json(&change).send();
        assert_eq!(changed.await.unwrap().status(), 204);
        let second = login("a much longer passphrase").send().await.unwrap();
        assert_eq!(second.status(), 200);
        assert!(device_cookie(&second).is_some(), "a login with the principal's own password does");
        server.stop().await;
    }
}
