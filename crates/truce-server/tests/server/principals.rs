//! The administrator's principals over HTTP: the list, suspending and
//! reactivating through the server's own records, other principals' API
//! tokens, the daily upload quotas, and the admin page with its forms.

use reqwest::multipart::{Form, Part};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use truce_node::blobs::sha256_hex;
use truce_server::run::DEMO_PASSWORD;

use crate::common::{Session, TestServer, databases, test_limits};

const KARACHI: &[u8] = include_bytes!("../fixtures/karachi.jpg");
const CHAMAN: &[u8] = include_bytes!("../fixtures/chaman.jpg");
const PLAIN: &[u8] = include_bytes!("../fixtures/plain.png");

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

async fn delete(server: &TestServer, session: &Session, path: &str) -> reqwest::Response {
    session.client.delete(server.url(path)).header("x-csrf-token", &session.csrf).send().await.unwrap()
}

/// A login with the demo password: the status only.
async fn login_status(server: &TestServer, principal: &str) -> u16 {
    let login = json!({"principal": principal, "password": DEMO_PASSWORD});
    server.anonymous().post(server.url("/api/v1/session")).json(&login).send().await.unwrap().status().as_u16()
}

fn entry<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("{id} not in {list}"))
}

#[tokio::test]
async fn an_administrator_lists_suspends_and_reactivates_principals() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        // Administrators only: others get the refusal every admin-only endpoint gives.
        let (status, list) = body(admin.get("/api/v1/principals").await).await;
        assert_eq!(status, 200, "{list}");
        let jvt = entry(&list, "jvt-monitor");
        assert_eq!(
            (&jvt["role"], &jvt["participant"], &jvt["server_signs"], &jvt["has_account"], &jvt["suspended"]),
            (&json!("monitor"), &json!("JVT"), &json!(true), &json!(true), &json!(false)),
            "{jvt}"
        );
        assert!(jvt["record_index"].as_u64().unwrap() > 0, "{jvt}");
        assert!(jvt["account_created_at"].as_i64().is_some(), "{jvt}");
        assert_eq!(entry(&list, "admin")["role"], "administrator");
        let monitor = server.login("jvt-monitor").await;
        let (status, b) = body(monitor.get("/api/v1/principals").await).await;
        assert_eq!((status, b["code"].as_str()), (403, Some("forbidden")), "{b}");
        let (status, _) = body(server.anonymous().get(server.url("/api/v1/principals")).send().await.unwrap()).await;
        assert_eq!(status, 401);

        // The monitor holds a session and a token; both end with the suspension.
        let (status, t) = body(monitor.post("/api/v1/me/tokens", &json!({"name": "JVT system"})).await).await;
        assert_eq!(status, 201, "{t}");
        let token = t["token"].as_str().unwrap().to_owned();
        let machine = reqwest::Client::new();
        let me = || machine.get(server.url("/api/v1/me")).bearer_auth(&token).send();
        assert_eq!(me().await.unwrap().status(), 200);

        // Refusals name what is wrong and change nothing.
        let path = "/api/v1/principals/jvt-monitor/suspension";
        let (status, b) = body(monitor.post(path, &json!({"reason": "Not mine to do"})).await).await;
        assert_eq!(status, 403, "only administrators: {b}");
        let (status, b) = body(admin.post(path, &json!({"reason": " "})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("reason")), "{b}");
        let (status, b) = body(admin.post(path, &json!({})).await).await;
        assert_eq!(status, 422, "a reason is required: {b}");
        let (status, b) =
            body(admin.post("/api/v1/principals/nobody/suspension", &json!({"reason": "Who?"})).await).await;
        assert_eq!(status, 404, "{b}");
        let (status, b) =
            body(admin.post("/api/v1/principals/admin/suspension", &json!({"reason": "Locking out"})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("principal")), "{b}");
        // PAK holds its own key: its principals are suspended only with its endorsement.
        let (status, b) =
            body(admin.post("/api/v1/principals/pak-liaison/suspension", &json!({"reason": "Operator alone"})).await)
                .await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "{b}");
        assert_eq!(me().await.unwrap().status(), 200, "nothing was suspended");

        // Suspended through the new path: the record is in the log, nothing opens.
        let (status, r) = body(admin.post(path, &json!({"reason": "The phone was taken"})).await).await;
        assert_eq!(status, 201, "{r}");
        let suspension = r["record_index"].as_u64().unwrap();
        let (_, record) =
            body(server.anonymous().get(server.url(&format!("/api/v1/records/{suspension}"))).send().await.unwrap())
                .await;
        assert_eq!(record["record"]["type"], "principal.suspended.v1", "{record}");
        assert_eq!(me().await.unwrap().status(), 401, "the token is ended at once");
        assert_eq!(monitor.get("/api/v1/me").await.status(), 401, "the session is ended");
        assert_eq!(login_status(&server, "jvt-monitor").await, 401, "the password opens nothing");
        let (_, list) = body(admin.get("/api/v1/principals").await).await;
        let jvt = entry(&list, "jvt-monitor");
        assert_eq!((&jvt["suspended"], jvt["suspended_by"].as_u64()), (&json!(true), Some(suspension)), "{jvt}");
        let (_, tokens) = body(admin.get("/api/v1/principals/jvt-monitor/tokens").await).await;
        assert_eq!(tokens, json!([]), "the suspension ended its tokens");

        // Reactivated: the password logs in again; no session or token comes back.
        let reactivate = "/api/v1/principals/jvt-monitor/reactivation";
        let (status, b) = body(monitor.post(reactivate, &json!({"reason": "Back"})).await).await;
        assert_eq!(status, 401, "the suspended monitor's session is gone: {b}");
        let (status, r) = body(admin.post(reactivate, &json!({"reason": "The phone was recovered"})).await).await;
        assert_eq!(status, 201, "{r}");
        let (_, record) = body(
            server.anonymous().get(server.url(&format!("/api/v1/records/{}", r["record_index"]))).send().await.unwrap(),
        )
        .await;
        assert_eq!(record["record"]["type"], "principal.reactivated.v1", "{record}");
        assert_eq!(me().await.unwrap().status(), 401, "the old token stays ended");
        assert_eq!(monitor.get("/api/v1/me").await.status(), 401, "the old session stays ended");
        let bad = json!({"principal": "jvt-monitor", "password": "not the password"});
        let wrong = server.anonymous().post(server.url("/api/v1/session")).json(&bad).send().await.unwrap();
        assert_eq!(wrong.status(), 401, "only the right password");
        assert_eq!(login_status(&server, "jvt-monitor").await, 200, "the password works again");
        let back = server.login("jvt-monitor").await;
        let (status, me_now) = body(back.get("/api/v1/me").await).await;
        assert_eq!((status, me_now["principal"].as_str()), (200, Some("jvt-monitor")), "{me_now}");
        let (_, list) = body(admin.get("/api/v1/principals").await).await;
        assert_eq!(entry(&list, "jvt-monitor")["suspended"], false);

        // Not suspended: a reactivation is refused by the field at fault.
        let (status, b) = body(admin.post(reactivate, &json!({"reason": "Again"})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("principal")), "{b}");
        assert!(b["message"].as_str().unwrap().contains("not suspended"), "{b}");

        // The same records through the key changes: suspended, then reactivated by its signed record.
        let change = json!({"type": "principal.suspended.v1", "principal": "public", "reason": "Misuse"});
        let (status, b) = body(admin.post("/api/v1/key-changes", &change).await).await;
        assert_eq!(status, 201, "{b}");
        assert_eq!(login_status(&server, "public").await, 401);
        let change = json!({"type": "principal.reactivated.v1", "principal": "public", "reason": "Cleared"});
        let (status, b) = body(admin.post("/api/v1/key-changes", &change).await).await;
        assert_eq!(status, 201, "{b}");
        assert_eq!(login_status(&server, "public").await, 200);
        let (status, b) = body(admin.post("/api/v1/key-changes", &change).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("principal")), "{b}");

        // A party that holds its key: the administrator's path carries its endorsements.
        use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
        let pak = server.participant_key("PAK");
        let reason = "Left the liaison office";
        let statement = principal_change_statement("pak-liaison", PrincipalChange::Suspend { reason }).unwrap();
        let request = json!({"reason": reason, "endorsement": sign_statement(&pak, &statement)});
        let (status, r) = body(admin.post("/api/v1/principals/pak-liaison/suspension", &request).await).await;
        assert_eq!(status, 201, "{r}");
        let suspended_by = r["record_index"].as_u64().unwrap();
        assert_eq!(login_status(&server, "pak-liaison").await, 401);
        let reactivation = "/api/v1/principals/pak-liaison/reactivation";
        let (status, b) = body(admin.post(reactivation, &json!({"reason": "Back"})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "the operator alone cannot: {b}");
        let stale = PrincipalChange::Reactivate { reason: "Back", suspended_by: suspended_by - 1 };
        let stale = sign_statement(&pak, &principal_change_statement("pak-liaison", stale).unwrap());
        let (status, b) = body(admin.post(reactivation, &json!({"reason": "Back", "endorsement": stale})).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "another suspension's: {b}");
        let change = PrincipalChange::Reactivate { reason: "Back", suspended_by };
        let endorsement = sign_statement(&pak, &principal_change_statement("pak-liaison", change).unwrap());
        let (status, b) =
            body(admin.post(reactivation, &json!({"reason": "Back", "endorsement": endorsement})).await).await;
        assert_eq!(status, 201, "{b}");
        assert_eq!(login_status(&server, "pak-liaison").await, 200);

        // The whole log, suspensions and reactivations included, still verifies.
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let vkey = server.dir.identity().unwrap().vkey();
        let report = truce_node::replay::verify(&store, server.dir.blobs().as_ref(), &vkey, &mut |_, _| {})
            .await
            .unwrap_or_else(|e| panic!("verify: {e}"));
        assert!(report.records > suspension, "{report:?}");
        store.close().await;

        // The new endpoints are in the OpenAPI document.
        let (_, doc) = body(server.anonymous().get(server.url("/api/v1/openapi.json")).send().await.unwrap()).await;
        for path in [
            "/api/v1/principals",
            "/api/v1/principals/{id}/suspension",
            "/api/v1/principals/{id}/reactivation",
            "/api/v1/principals/{id}/tokens",
            "/api/v1/principals/{id}/tokens/{token_id}",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
        }
        assert!(doc["paths"]["/api/v1/principals"]["get"].is_object());
        server.stop().await;
    }
}

#[tokio::test]
async fn an_administrator_lists_and_revokes_another_principals_tokens() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let monitor = server.login("jvt-monitor").await;
        let (status, t) =
            body(monitor.post("/api/v1/me/tokens", &json!({"name": "JVT feed", "expires_in_days": 30})).await).await;
        assert_eq!(status, 201, "{t}");
        let token = t["token"].as_str().unwrap().to_owned();
        let id = t["id"].as_str().unwrap().to_owned();
        let machine = reqwest::Client::new();
        let me = || machine.get(server.url("/api/v1/me")).bearer_auth(&token).send();
        // Used once, so the server keeps it looked up.
        assert_eq!(me().await.unwrap().status(), 200);

        // The administrator sees what the owner sees of it, never the token.
        let (status, listed) = body(admin.get("/api/v1/principals/jvt-monitor/tokens").await).await;
        assert_eq!(status, 200, "{listed}");
        let (_, own) = body(monitor.get("/api/v1/me/tokens").await).await;
        assert_eq!(listed, own, "the same fields as /api/v1/me/tokens");
        assert_eq!(listed[0]["id"], id.as_str());
        assert_eq!(listed[0]["name"], "JVT feed");
        assert!(listed[0]["expires_at"].as_i64().is_some(), "{listed}");
        assert!(!listed.to_string().contains(&token), "a listing never shows a token");
        let (status, _) = body(admin.get("/api/v1/principals/nobody/tokens").await).await;
        assert_eq!(status, 404);
        // Nobody else: not the owner through this path, not another party.
        let (status, _) = body(monitor.get("/api/v1/principals/jvt-monitor/tokens").await).await;
        assert_eq!(status, 403);
        let pak = server.login("pak-liaison").await;
        let path = format!("/api/v1/principals/jvt-monitor/tokens/{id}");
        assert_eq!(delete(&server, &pak, &path).await.status(), 403);
        assert_eq!(me().await.unwrap().status(), 200, "still working");

        // Revoked by the administrator: refused at once, though it was just looked up.
        assert_eq!(delete(&server, &admin, &path).await.status(), 204);
        assert_eq!(me().await.unwrap().status(), 401, "a revoked token is refused at once");
        let (_, listed) = body(admin.get("/api/v1/principals/jvt-monitor/tokens").await).await;
        assert_eq!(listed, json!([]));
        assert_eq!(delete(&server, &admin, &path).await.status(), 404, "gone");
        // A token of one principal is not revoked under another's name.
        let (_, t) = body(monitor.post("/api/v1/me/tokens", &json!({"name": "second"})).await).await;
        let other = format!("/api/v1/principals/pak-liaison/tokens/{}", t["id"].as_str().unwrap());
        assert_eq!(delete(&server, &admin, &other).await.status(), 404);
        let second = t["token"].as_str().unwrap();
        let response = machine.get(server.url("/api/v1/me")).bearer_auth(second).send().await.unwrap();
        assert_eq!(response.status(), 200);
        server.stop().await;
    }
}

async fn upload(session: &Session, name: &str, bytes: &[u8]) -> reqwest::Response {
    let part = Part::bytes(bytes.to_vec()).file_name(name.to_owned());
    session
        .client
        .post(format!("{}/api/v1/evidence", session.base))
        .header("x-csrf-token", &session.csrf)
        .multipart(Form::new().part("file", part))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn uploads_beyond_a_principals_daily_quota_are_refused_and_nothing_is_stored() {
    for db in databases().await {
        let mut limits = test_limits();
        limits.daily_upload_bytes = (KARACHI.len() + PLAIN.len()) as u64;
        limits.daily_uploads = 3;
        let server = TestServer::start_with(db, limits).await;
        let pak = server.login("pak-liaison").await;
        for (name, bytes) in [("karachi.jpg", KARACHI), ("plain.png", PLAIN)] {
            let (status, b) = body(upload(&pak, name, bytes).await).await;
            assert_eq!(status, 201, "{name}: {b}");
        }
        // The bytes of the day are used up: refused with the quota, its limit and its reset.
        let response = upload(&pak, "chaman.jpg", CHAMAN).await;
        let retry_after: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        let (status, b) = body(response).await;
        assert_eq!((status, b["code"].as_str()), (429, Some("quota_exceeded")), "{b}");
        assert_eq!(b["quota"]["name"], "bytes_per_day", "{b}");
        assert_eq!(b["quota"]["limit"], KARACHI.len() + PLAIN.len(), "{b}");
        assert_eq!(b["quota"]["used"], KARACHI.len() + PLAIN.len(), "{b}");
        let resets: jiff::Timestamp = b["quota"]["resets_at"].as_str().unwrap().parse().unwrap();
        let now = truce_node::clock::now();
        assert_eq!(resets.as_second() % 86_400, 0, "the next UTC midnight: {resets}");
        assert!(resets > now && resets.as_second() - now.as_second() <= 86_400, "{resets}");
        assert!(retry_after > 0 && retry_after <= 86_400, "{retry_after}");
        // Nothing of the refused file was kept: no blob, no receipt, no record.
        let sha = sha256_hex(CHAMAN);
        assert_eq!(server.dir.blobs().get(&sha).unwrap(), None, "no blob");
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        assert!(store.evidence(&sha).await.unwrap().is_empty(), "no receipt");
        store.close().await;
        // A file sent before costs nothing: it is answered with its first receipt.
        let (status, b) = body(upload(&pak, "again.jpg", KARACHI).await).await;
        assert_eq!(status, 200, "{b}");

        // Quotas are per principal; the count of files has its own limit.
        let afg = server.login("afg-liaison").await;
        for n in 1..=3 {
            let text = format!("Statement of witness {n}.\n");
            let (status, b) = body(upload(&afg, &format!("w{n}.txt"), text.as_bytes()).await).await;
            assert_eq!(status, 201, "{n}: {b}");
        }
        let (status, b) = body(upload(&afg, "w4.txt", b"Statement of witness 4.\n").await).await;
        assert_eq!(
            (status, b["quota"]["name"].as_str(), b["quota"]["limit"].as_u64()),
            (429, Some("files_per_day"), Some(3)),
            "{b}"
        );
        assert!(b["message"].as_str().unwrap().contains("files_per_day"), "{b}");
        assert_eq!(server.dir.blobs().get(&sha256_hex(b"Statement of witness 4.\n")).unwrap(), None);
        server.stop().await;
    }
}

/// A browser-like client logged in through the login form.
async fn browser(server: &TestServer, principal: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let r = client
        .post(server.url("/login"))
        .form(&[("principal", principal), ("password", DEMO_PASSWORD), ("next", "/desk")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "login as {principal}");
    client
}

/// The value of the first hidden input `name` in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no {name} field: {html}")) + marker.len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn the_admin_page_lists_principals_with_forms_that_suspend_reactivate_and_revoke() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let page = "/desk/admin/principals";
        // Not for others, and not in their navigation.
        let liaison = browser(&server, "pak-liaison").await;
        let r = liaison.get(server.url(page)).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let desk = liaison.get(server.url("/desk")).send().await.unwrap().text().await.unwrap();
        assert!(!desk.contains(page), "no link for a liaison");

        let monitor = server.login("jvt-monitor").await;
        let (_, t) = body(monitor.post("/api/v1/me/tokens", &json!({"name": "JVT feed"})).await).await;
        let token_id = t["id"].as_str().unwrap().to_owned();
        let admin = browser(&server, "admin").await;
        let desk = admin.get(server.url("/desk")).send().await.unwrap().text().await.unwrap();
        assert!(desk.contains(&format!("href=\"{page}\"")), "the administrator's navigation links the page");
        let r = admin.get(server.url(page)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        let csrf = hidden(&html, "csrf");
        assert!(html.contains("<table"), "{html}");
        assert!(html.contains(&format!("action=\"{page}/jvt-monitor/suspend\"")), "a suspend form");
        assert!(html.contains("name=\"reason\""), "with its reason");
        assert!(html.contains("id=\"endorsement-pak-liaison\""), "a party's principal: room for its endorsement");
        assert!(!html.contains("id=\"endorsement-admin\""), "none for a principal of no participant");
        assert!(html.contains(&format!("action=\"{page}/jvt-monitor/tokens/{token_id}/revoke\"")), "a revoke button");
        assert!(html.contains("JVT feed"));
        assert!(!html.contains("style=") && !html.contains("<script"), "no inline style or script");
        // In another language, the page's words are that language's.
        let urdu = admin.get(server.url(&format!("{page}?lang=ur"))).send().await.unwrap().text().await.unwrap();
        assert!(urdu.contains("معطل کریں"), "the suspend button in Urdu");

        // Without the CSRF field: refused, nothing suspended.
        let r = admin.post(server.url(&format!("{page}/jvt-monitor/suspend"))).form(&[("reason", "x")]).send().await;
        assert_eq!(r.unwrap().status(), 403);
        // An empty reason comes back with the field named.
        let form = [("csrf", csrf.as_str()), ("reason", "")];
        let r = admin.post(server.url(&format!("{page}/jvt-monitor/suspend"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("reason"), "the field is named");
        assert_eq!(login_status(&server, "jvt-monitor").await, 200, "not suspended");

        // Suspend: back to the page, which now offers the reactivation.
        let form = [("csrf", csrf.as_str()), ("reason", "The phone was taken")];
        let r = admin.post(server.url(&format!("{page}/jvt-monitor/suspend"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let to = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(to.starts_with(&format!("{page}?done=")), "{to}");
        assert_eq!(login_status(&server, "jvt-monitor").await, 401);
        let html = admin.get(server.url(&to)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!("action=\"{page}/jvt-monitor/reactivate\"")), "a reactivate form");
        assert!(!html.contains(&format!("{page}/jvt-monitor/tokens/")), "its tokens ended with it");
        let form = [("csrf", csrf.as_str()), ("reason", "Recovered")];
        let r = admin.post(server.url(&format!("{page}/jvt-monitor/reactivate"))).form(&form).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(login_status(&server, "jvt-monitor").await, 200);

        // A token revoked from the page stops working at once.
        let monitor = server.login("jvt-monitor").await;
        let (_, t) = body(monitor.post("/api/v1/me/tokens", &json!({"name": "JVT feed 2"})).await).await;
        let token = t["token"].as_str().unwrap().to_owned();
        let machine = reqwest::Client::new();
        let me = || machine.get(server.url("/api/v1/me")).bearer_auth(&token).send();
        assert_eq!(me().await.unwrap().status(), 200);
        let revoke = format!("{page}/jvt-monitor/tokens/{}/revoke", t["id"].as_str().unwrap());
        let r = admin.post(server.url(&revoke)).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(me().await.unwrap().status(), 401);
        server.stop().await;
    }
}

/// A reactivation the log refuses (here, by a party's liaison for an
/// active principal) logs nobody out: credentials end only once a change
/// of standing is in the log.
#[tokio::test]
async fn a_refused_change_of_standing_ends_nobodys_sessions_or_tokens() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let (status, t) = body(admin.post("/api/v1/me/tokens", &json!({"name": "ops"})).await).await;
        assert_eq!(status, 201, "{t}");
        let token = t["token"].as_str().unwrap().to_owned();
        let machine = reqwest::Client::new();
        let me = || machine.get(server.url("/api/v1/me")).bearer_auth(&token).send();
        assert_eq!(me().await.unwrap().status(), 200);
        let pak = server.login("pak-liaison").await;
        let forged = json!({"type": "principal.reactivated.v1", "principal": "admin", "reason": "Lock-out attempt."});
        let (status, refused) = body(pak.post("/api/v1/key-changes", &forged).await).await;
        assert!(matches!(status, 403 | 409 | 422), "{status} {refused}");
        assert_eq!(me().await.unwrap().status(), 200, "the administrator's token still works");
        assert_eq!(admin.get("/api/v1/me").await.status(), 200, "and its session");
        server.stop().await;
    }
}

/// A login's answer, whole: status and body.
async fn login_answer(server: &TestServer, principal: &str, password: &str) -> (u16, Value) {
    let login = json!({"principal": principal, "password": password});
    body(server.anonymous().post(server.url("/api/v1/session")).json(&login).send().await.unwrap()).await
}

#[tokio::test]
async fn a_suspended_principals_right_password_is_refused_as_a_wrong_one() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let wrong = login_answer(&server, "jvt-monitor", "not the password at all").await;
        assert_eq!(wrong.0, 401, "{wrong:?}");
        let path = "/api/v1/principals/jvt-monitor/suspension";
        let (status, r) = body(admin.post(path, &json!({"reason": "The phone was taken"})).await).await;
        assert_eq!(status, 201, "{r}");
        let right = login_answer(&server, "jvt-monitor", DEMO_PASSWORD).await;
        assert_eq!(right, wrong, "the right password of a suspended principal tells nothing");
        assert_eq!(login_answer(&server, "jvt-monitor", "not the password at all").await, wrong);
        assert_eq!(login_answer(&server, "nobody-at-all", DEMO_PASSWORD).await, wrong, "nor an unknown principal");
        server.stop().await;
    }
}

/// The text of the element with id `id` in `html` (no nested elements).
fn element_text(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no #{id}: {html}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    html[start..start + html[start..].find('<').unwrap()].to_owned()
}

/// Whether principal `id` is registered, as the administrator's API lists them.
async fn registered(server: &TestServer, id: &str) -> bool {
    let admin = server.login("admin").await;
    let (_, list) = body(admin.get("/api/v1/principals").await).await;
    list.as_array().unwrap().iter().any(|p| p["id"] == id)
}

#[tokio::test]
async fn the_admin_page_registers_principals_by_the_rules_the_api_applies() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let page = "/desk/admin/principals";
        let admin = browser(&server, "admin").await;
        let html = admin.get(server.url(page)).send().await.unwrap().text().await.unwrap();
        let csrf = hidden(&html, "csrf");
        assert!(html.contains(&format!("<form class=\"stack\" method=\"post\" action=\"{page}\"")), "{html}");
        assert!(html.contains("name=\"id\"") && html.contains("name=\"public_key\""), "the registration form");
        assert!(html.contains("<option value=\"party_liaison\"") && html.contains("<option value=\"PAK\""), "{html}");
        let post = |form: Vec<(&'static str, String)>| {
            let admin = admin.clone();
            let url = server.url(page);
            async move { admin.post(url).form(&form).send().await.unwrap() }
        };
        let monitor = |csrf: &str| {
            vec![
                ("csrf", csrf.to_owned()),
                ("id", "jvt-new".to_owned()),
                ("role", "monitor".to_owned()),
                ("participant", "JVT".to_owned()),
                ("step", "register".to_owned()),
            ]
        };

        // Without the CSRF field: refused, nothing registered.
        assert_eq!(post(monitor("")).await.status(), 403);
        assert!(!registered(&server, "jvt-new").await);

        // A monitor of a participant that holds no key: registered, with a
        // one-time password shown once on a page never stored.
        let r = post(monitor(&csrf)).await;
        assert_eq!(r.status(), 201);
        assert!(r.headers()["cache-control"].to_str().unwrap().contains("no-store"));
        let html = r.text().await.unwrap();
        let password = element_text(&html, "one-time-password");
        assert_eq!(password.len(), 20, "{html}");
        assert!(registered(&server, "jvt-new").await);
        let (status, me) = login_answer(&server, "jvt-new", &password).await;
        assert_eq!((status, me["must_change_password"].as_bool()), (200, Some(true)), "{me}");

        // Registered again: the API's conflict, with what was typed kept.
        let r = post(monitor(&csrf)).await;
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        assert!(html.contains("role=\"alert\"") && html.contains("already registered"), "{html}");
        assert!(html.contains("value=\"jvt-new\""), "the id typed is kept");
        // A role outside the vocabulary is named.
        let mut bad = monitor(&csrf);
        bad[1].1 = "jvt-other".to_owned();
        bad[2].1 = "general".to_owned();
        let r = post(bad).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("role"));

        // PAK holds its own key: without its endorsement, refused naming the field.
        let liaison = |csrf: &str, step: &str| {
            vec![
                ("csrf", csrf.to_owned()),
                ("id", "pak-field".to_owned()),
                ("role", "party_liaison".to_owned()),
                ("participant", "PAK".to_owned()),
                ("step", step.to_owned()),
            ]
        };
        let r = post(liaison(&csrf, "register")).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("endorsement"), "the field is named");
        assert!(!registered(&server, "pak-field").await);

        // The server prepares a key; the page shows the command PAK runs, and keeps the form.
        let r = post(liaison(&csrf, "prepare")).await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(html.contains("--server-held") && html.contains("value=\"pak-field\""), "{html}");
        let marker = "--public-key ";
        let at = html.find(marker).unwrap() + marker.len();
        let public_key = html[at..at + html[at..].find(' ').unwrap()].to_owned();
        assert!(!registered(&server, "pak-field").await, "prepared, not registered");

        // PAK endorses it as server-held; the registration completes through the form.
        let registration = truce_node::records::PrincipalRegistered {
            principal: "pak-field".into(),
            participant: Some("PAK".into()),
            role: truce_core::Role::PartyLiaison,
            public_key: public_key.clone(),
            endorsement: None,
            custody: truce_node::records::Custody::Server,
        };
        let endorsement = truce_node::consent::endorse(&server.participant_key("PAK"), &registration).unwrap();
        let mut form = liaison(&csrf, "register");
        form.push(("public_key", public_key));
        form.push(("endorsement", endorsement));
        let r = post(form).await;
        assert_eq!(r.status(), 201);
        let password = element_text(&r.text().await.unwrap(), "one-time-password");
        assert_eq!(login_answer(&server, "pak-field", &password).await.0, 200);

        // Not for others: a liaison's form is refused as the API refuses it.
        let pak = browser(&server, "pak-liaison").await;
        let desk = pak.get(server.url("/desk")).send().await.unwrap().text().await.unwrap();
        let form = [("csrf", hidden(&desk, "csrf")), ("id", "pak-x".into()), ("role", "party_liaison".into())];
        assert_eq!(pak.post(server.url(page)).form(&form).send().await.unwrap().status(), 403);
        assert!(!registered(&server, "pak-x").await);

        // In another language, the form's words are that language's.
        let urdu = admin.get(server.url(&format!("{page}?lang=ur"))).send().await.unwrap().text().await.unwrap();
        assert!(urdu.contains("صاحبِ اختیار رجسٹر کریں"), "the form's heading in Urdu");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_admin_page_shows_the_witnesses_and_the_configuration_without_secrets() {
    for db in databases().await {
        let server = TestServer::start_witnessed(db).await;
        let admin = browser(&server, "admin").await;
        let html = admin.get(server.url("/desk/admin/principals")).send().await.unwrap().text().await.unwrap();
        for (_, w) in &server.witnesses {
            assert!(html.contains(&format!("http://{}", w.addr)), "witness {} listed: {html}", w.name);
        }
        let vkey = server.dir.identity().unwrap().vkey();
        assert!(html.contains(&vkey), "the log's verifier key");
        let backend = if server.database.starts_with("postgres") { "PostgreSQL" } else { "SQLite" };
        assert!(html.contains(&format!(">{backend}<")), "the database's kind");
        assert!(!html.contains(&server.database), "never the database's address, which may hold a password");
        server.stop().await;
    }
}
