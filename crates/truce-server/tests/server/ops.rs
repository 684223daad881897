//! Operations over real HTTP: `/healthz`, `/metrics`, request ids, rate
//! limits (per address, per credential, logins), the body and header
//! limits, the timeouts (request and header read), malformed requests answered 4xx JSON, and a
//! graceful shutdown that finishes a submission in flight.
//!
//! Malformed requests are written by hand on a TCP socket, since a
//! well-behaved client such as reqwest refuses to send most of them.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use truce_server::Limits;
use truce_server::run::DEMO_PASSWORD;

use crate::common::{TestServer, databases, test_limits};

/// A response read off the socket.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Raw {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }
}

fn host(server: &TestServer) -> String {
    server.base.trim_start_matches("http://").to_owned()
}

fn parse(bytes: &[u8]) -> Raw {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    // A header sent more than once (set-cookie) keeps every value, a line each.
    let mut headers: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for (k, v) in lines.filter_map(|l| l.split_once(':')) {
        let value = headers.entry(k.trim().to_ascii_lowercase()).or_default();
        if !value.is_empty() {
            value.push('\n');
        }
        value.push_str(v.trim());
    }
    Raw { status, headers: headers.into_iter().collect(), body: body.to_owned() }
}

/// Sends `request` as it is on a new connection and reads the answer until
/// the server closes it.
async fn raw(server: &TestServer, request: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(host(server)).await.unwrap();
    // A server may answer and close before it has read everything (431).
    let _ = stream.write_all(request).await;
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut out)).await;
    parse(&out)
}

fn request(method: &str, path: &[u8], headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(method.as_bytes());
    out.push(b' ');
    out.extend_from_slice(path);
    out.extend_from_slice(b" HTTP/1.1\r\nhost: test\r\nconnection: close\r\n");
    for (k, v) in headers {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(v);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body);
    out
}

/// Checks an error response: `status`, JSON `{code, message}`, a request id.
fn check_error(what: &str, r: &Raw, status: u16, code: &str) {
    assert_eq!(r.status, status, "{what}: {r:?}");
    assert!(r.headers.get("content-type").is_some_and(|c| c.starts_with("application/json")), "{what}: {r:?}");
    let body = r.json();
    assert_eq!(body["code"], code, "{what}: {body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{what}: {body}");
    assert!(r.headers.contains_key("x-request-id"), "{what}: {r:?}");
}

fn limits(f: impl FnOnce(&mut Limits)) -> Limits {
    let mut l = test_limits();
    f(&mut l);
    l
}

/// The value of the sample `name` (with its labels, exactly) in a scrape.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

/// Every line of a scrape is a comment or `name{labels} value`.
fn check_exposition(text: &str) {
    assert!(text.ends_with("# EOF\n"), "{text}");
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
        assert!(value.parse::<f64>().is_ok() || value == "+Inf", "bad value: {line}");
        let name = series.split('{').next().unwrap();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "bad name: {line}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            assert!(labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')), "bad labels: {line}");
        }
    }
}

async fn scrape(server: &TestServer) -> String {
    let response = reqwest::get(server.url("/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    let ct = response.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn healthz_reports_the_log_size_and_echoes_the_request_id() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let client = reqwest::Client::new();
        let response = client.get(server.url("/healthz")).header("x-request-id", "probe-42").send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["x-request-id"], "probe-42");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert!(body["log_size"].as_u64().unwrap() > 10, "{body}");
        // Without an id (or with one that is not a sane token) the server makes one up.
        let response = client.get(server.url("/healthz")).header("x-request-id", "a b\tc").send().await.unwrap();
        let id = response.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(id.len() >= 8 && id != "a b\tc", "{id}");
        server.stop().await;
    }
}

#[tokio::test]
async fn healthz_is_503_json_when_the_store_does_not_answer() {
    use tower::ServiceExt as _;
    // A second, in-process server over the same deployment (no submissions
    // are made, so two sequencers over one log do no harm here).
    let server = TestServer::start(None).await;
    let (dir, database) = (server.dir.clone(), server.database.clone());
    let store = dir.store(Some(&database)).await.unwrap();
    let identity = dir.identity().unwrap();
    let (vkey, origin) = (identity.vkey(), identity.origin().to_owned());
    let (ledger, _writer) =
        truce_node::Ledger::start(store.clone(), dir.blobs(), identity, truce_node::SequencerConfig::default())
            .await
            .unwrap();
    let state = truce_server::AppState::new(store.clone(), ledger, dir.clone(), vkey, origin, test_limits());
    let app = truce_server::router(state);
    let get = || axum::http::Request::get("/healthz").body(axum::body::Body::empty()).unwrap();
    let ok = app.clone().oneshot(get()).await.unwrap();
    assert_eq!(ok.status(), 200);
    store.close().await;
    let down = app.oneshot(get()).await.unwrap();
    assert_eq!(down.status(), 503);
    let bytes = axum::body::to_bytes(down.into_body(), 1 << 16).await.unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["code"], "unavailable", "{body}");
    server.stop().await;
}

#[tokio::test]
async fn metrics_parse_and_count_requests_by_route_template() {
    let server = TestServer::start(None).await;
    let client = reqwest::Client::new();
    for _ in 0..3 {
        assert_eq!(client.get(server.url("/api/v1/cases/no-such-case")).send().await.unwrap().status(), 404);
    }
    assert_eq!(client.get(server.url("/no/such/path")).send().await.unwrap().status(), 404);
    let s = server.login("admin").await;
    assert_eq!(s.get("/api/v1/agreement").await.status(), 200);
    let text = scrape(&server).await;
    check_exposition(&text);
    assert_eq!(
        sample(&text, r#"truce_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="404"}"#),
        Some(3.0),
        "{text}"
    );
    assert_eq!(sample(&text, r#"truce_http_requests_total{method="GET",route="unmatched",status="404"}"#), Some(1.0));
    assert_eq!(
        sample(&text, r#"truce_http_requests_total{method="GET",route="/api/v1/agreement",status="200"}"#),
        Some(1.0)
    );
    assert_eq!(sample(&text, "truce_logins_total"), Some(1.0));
    assert!(sample(&text, "truce_log_size").unwrap() > 10.0, "{text}");
    assert_eq!(sample(&text, "truce_records_appended_total"), Some(0.0));
    assert!(
        sample(&text, r#"truce_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/{id}"}"#)
            == Some(3.0),
        "{text}"
    );
    // The scrape counts itself as in flight.
    assert_eq!(sample(&text, "truce_http_requests_in_flight"), Some(1.0));
    server.stop().await;
}

#[tokio::test]
async fn too_many_requests_from_one_address_get_429_json_with_retry_after() {
    let server = TestServer::start_with(None, limits(|l| l.rate_per_address = 5)).await;
    let client = reqwest::Client::new();
    let mut limited = None;
    for _ in 0..30 {
        let response = client.get(server.url("/api/v1/agreement")).send().await.unwrap();
        if response.status() == 429 {
            limited = Some(response);
            break;
        }
        assert_eq!(response.status(), 200);
    }
    let response = limited.expect("30 requests at once exceed 5 per second");
    let retry: u64 = response.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited", "{body}");
    // After the wait, requests are allowed again, and the refusal was counted.
    tokio::time::sleep(Duration::from_secs(retry)).await;
    let text = scrape(&server).await;
    assert!(sample(&text, r#"truce_rate_limited_requests_total{limit="address"}"#).unwrap() >= 1.0, "{text}");
    assert!(
        sample(&text, r#"truce_http_requests_total{method="GET",route="/api/v1/agreement",status="429"}"#).is_some()
    );
    server.stop().await;
}

#[tokio::test]
async fn a_credential_is_limited_without_a_database_lookup() {
    let server = TestServer::start_with(None, limits(|l| l.rate_per_principal = 3)).await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let r = client.get(server.url("/api/v1/me")).bearer_auth("truce_not-a-real-token").send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(&statuses[..3], &[401, 401, 401], "{statuses:?}");
    assert!(statuses[3..].contains(&429), "{statuses:?}");
    // Another credential (and no credential) is not held back.
    let r = client.get(server.url("/api/v1/me")).bearer_auth("truce_another").send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(client.get(server.url("/api/v1/agreement")).send().await.unwrap().status(), 200);
    server.stop().await;
}

async fn attempt(server: &TestServer, principal: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .json(&json!({"principal": principal, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn password_guessing_is_slowed_per_principal_name_and_per_address() {
    let server = TestServer::start_with(None, limits(|l| l.logins_per_principal = 3)).await;
    // The real administrator logged in once from this device.
    let first = attempt(&server, "admin", DEMO_PASSWORD).await;
    assert_eq!(first.status(), 200);
    let device = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("truce_device=").and_then(|c| c.split(';').next()))
        .expect("a device cookie")
        .to_owned();
    assert_eq!(attempt(&server, "admin", "guess-one-guess").await.status(), 401);
    assert_eq!(attempt(&server, "admin", "guess-two-guess").await.status(), 401);
    let limited = attempt(&server, "admin", DEMO_PASSWORD).await;
    assert_eq!(limited.status(), 429, "even the right password waits");
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((20..=31).contains(&retry), "one attempt per 30 s: {retry}");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["code"], "rate_limited");
    assert!(body["message"].as_str().unwrap().contains("login"), "{body}");
    // Another spelling of the name is no second bucket, and a body the guard cannot read is refused.
    assert_eq!(attempt(&server, "admin ", "guess-four").await.status(), 429);
    let multipart = reqwest::multipart::Form::new().text("principal", "admin").text("password", "guess-five");
    let r = reqwest::Client::new().post(server.url("/login")).multipart(multipart).send().await.unwrap();
    assert_eq!(r.status(), 400, "a multipart login would escape the limit on guesses at a name");
    // The guesses do not lock the administrator out: from its known device it logs in.
    let from_device = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("cookie", format!("truce_device={device}"))
        .json(&json!({"principal": "admin", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(from_device.status(), 200, "a known device is not held to the guessers' limit");
    // A device cookie of another principal, or a made-up one, does not exempt a guess.
    let forged = reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("cookie", "truce_device=00")
        .json(&json!({"principal": "admin", "password": "guess-three"}))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 429);
    // Every other principal is not held back by guesses at the first.
    for login in server.logins.iter().filter(|l| l.principal != "admin") {
        assert_eq!(attempt(&server, &login.principal, DEMO_PASSWORD).await.status(), 200, "{login:?}");
    }
    server.stop().await;

    let server = TestServer::start_with(None, limits(|l| l.logins_per_address = 2)).await;
    assert_eq!(attempt(&server, "admin", "guess-one-guess").await.status(), 401);
    assert_eq!(attempt(&server, "qat-chair", "guess-two-guess").await.status(), 401);
    let limited = attempt(&server, "tur-mediator", DEMO_PASSWORD).await;
    assert_eq!(limited.status(), 429);
    let text = scrape(&server).await;
    assert_eq!(sample(&text, r#"truce_rate_limited_requests_total{limit="login_address"}"#), Some(1.0), "{text}");
    // Other endpoints are not login attempts.
    assert_eq!(reqwest::get(server.url("/api/v1/agreement")).await.unwrap().status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_known_device_is_forgotten_when_the_password_changes() {
    let server = TestServer::start_with(None, limits(|l| l.logins_per_principal = 3)).await;
    let client = reqwest::Client::new();
    let first = attempt(&server, "admin", DEMO_PASSWORD).await;
    assert_eq!(first.status(), 200);
    let device = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("truce_device=").and_then(|c| c.split(';').next()))
        .expect("a device cookie")
        .to_owned();
    let session = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("truce_session=").and_then(|c| c.split(';').next()))
        .expect("a session cookie")
        .to_owned();
    let me: Value = first.json().await.unwrap();
    let change = json!({"current": DEMO_PASSWORD, "new": "a new and long passphrase"});
    let changed = client
        .post(server.url("/api/v1/me/password"))
        .header("cookie", format!("truce_session={session}"))
        .header("x-csrf-token", me["csrf_token"].as_str().unwrap())
        .json(&change)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 204);
    assert_eq!(attempt(&server, "admin", "guess-one-guess").await.status(), 401);
    assert_eq!(attempt(&server, "admin", "guess-two-guess").await.status(), 401);
    let from_device = client
        .post(server.url("/api/v1/session"))
        .header("cookie", format!("truce_device={device}"))
        .json(&json!({"principal": "admin", "password": "a new and long passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(from_device.status(), 429, "a device of the old password is no longer a known one");
    server.stop().await;
}

/// A login attempt as forwarded by a proxy for `client`.
async fn attempt_from(server: &TestServer, client: &str, principal: &str) -> u16 {
    reqwest::Client::new()
        .post(server.url("/api/v1/session"))
        .header("x-forwarded-for", client)
        .json(&json!({"principal": principal, "password": "guess-a-guess"}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_login_limit() {
    // Trusted: the test client at 127.0.0.1 plays the proxy.
    let trusting = limits(|l| {
        l.logins_per_address = 2;
        l.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    });
    let server = TestServer::start_with(None, trusting).await;
    assert_eq!(attempt_from(&server, "198.51.100.1", "admin").await, 401);
    assert_eq!(attempt_from(&server, "198.51.100.1", "qat-chair").await, 401);
    assert_eq!(attempt_from(&server, "198.51.100.1", "tur-mediator").await, 429, "that client is limited");
    // Another client behind the same proxy is not; nor can the first get
    // round its limit by writing another address to the left.
    assert_eq!(attempt_from(&server, "198.51.100.2", "tur-mediator").await, 401);
    assert_eq!(attempt_from(&server, "198.51.100.9, 198.51.100.1", "afg-liaison").await, 429);
    server.stop().await;

    // Not trusted (the default): the header changes nothing.
    let server = TestServer::start_with(None, limits(|l| l.logins_per_address = 2)).await;
    assert_eq!(attempt_from(&server, "198.51.100.1", "admin").await, 401);
    assert_eq!(attempt_from(&server, "198.51.100.2", "qat-chair").await, 401);
    assert_eq!(attempt_from(&server, "198.51.100.3", "tur-mediator").await, 429, "one peer, one limit");
    server.stop().await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_json() {
    let server = TestServer::start_with(None, limits(|l| l.json_bytes = 2048)).await;
    let big = json!({"principal": "admin", "password": "x".repeat(4096)});
    let r = attempt(&server, "admin", &"x".repeat(4096)).await;
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")), "login: {body}");
    let s = server.login("pak-liaison").await;
    let r = s.post("/api/v1/cases", &json!({"id": "PAK-T-big", "allegation": big})).await;
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap();
    assert_eq!((status, body["code"].as_str()), (413, Some("too_large")), "file: {body}");
    // Without Content-Length too: a chunked body is cut at the limit.
    let chunk = format!("5dc\r\n{}\r\n", " ".repeat(1500));
    let chunked = format!(
        "POST /api/v1/session HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncontent-type: application/json\r\n\
         transfer-encoding: chunked\r\n\r\n{chunk}{chunk}0\r\n\r\n"
    );
    check_error("chunked", &raw(&server, chunked.as_bytes()).await, 413, "too_large");
    server.stop().await;
}

/// A multipart form is capped in all, not only in its files: text fields
/// each under their limit but over a MiB together, and a body of nothing
/// but empty file parts, are refused 413 like a file over the limit.
#[tokio::test]
async fn a_multipart_form_is_capped_in_all_not_only_in_its_files() {
    let server = TestServer::start_with(None, limits(|l| l.upload_bytes = 64 * 1024)).await;
    let pak = server.login("pak-liaison").await;
    let boundary = "truce-test-boundary";
    let post = |body: String| {
        pak.client
            .post(format!("{}/file", pak.base))
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
    };
    let part = |name: &str, file: Option<&str>, value: &str| {
        let file = file.map(|f| format!("; filename=\"{f}\"")).unwrap_or_default();
        format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{name}\"{file}\r\n\r\n{value}\r\n")
    };
    let csrf = part("csrf", None, &pak.csrf);

    // Twenty fields of 60 KiB: each under 64 KiB, 1.2 MiB in all.
    let text: String = (0..20).map(|i| part(&format!("f{i}"), None, &"x".repeat(60 * 1024))).collect();
    let r = post(format!("{csrf}{text}--{boundary}--\r\n")).await.unwrap();
    assert_eq!(r.status(), 413);
    let page = r.text().await.unwrap();
    assert!(page.contains("form") && page.contains("1024 KiB"), "{page}");

    // 20,000 empty file inputs: no file bytes, 1.5 MiB of part headers.
    let empty: String = (0..20_000).map(|_| part("evidence", Some(""), "")).collect();
    assert!(empty.len() > 64 * 1024 + 1024 * 1024 + 400 * 1024, "{}", empty.len());
    let r = post(format!("{csrf}{empty}--{boundary}--\r\n")).await.unwrap();
    assert_eq!(r.status(), 413);

    // A form within the limits still reaches the handler.
    let r = post(format!("{csrf}{}--{boundary}--\r\n", part("summary", None, "short"))).await.unwrap();
    assert_ne!(r.status(), 413);

    // The API's upload likewise: 2,000 descriptions of 100 bytes, each
    // allowed alone, 360 KB in all: over the 160 KiB a 64 KiB upload may send.
    let many: String = (0..2_000).map(|_| part("description", None, &"d".repeat(100))).collect();
    let r = pak
        .client
        .post(format!("{}/api/v1/evidence", pak.base))
        .header("x-csrf-token", &pak.csrf)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(format!("{many}{}--{boundary}--\r\n", part("file", Some("a.txt"), "evidence")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "too_large", "{body}");

    // The signed upload needs no login: a megabyte of preamble before the
    // first part is refused unparsed, not buffered.
    let r = server
        .anonymous()
        .post(server.url("/api/v1/evidence/signed"))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(format!("{}\r\n{}--{boundary}--\r\n", "p".repeat(1024 * 1024), part("record", None, "{}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    server.stop().await;
}

/// What, method, path, headers, body, and the status and code expected.
type Malformed<'a> = (&'a str, &'a str, &'a [u8], Vec<(&'a str, &'a [u8])>, &'a [u8], u16, &'a str);

#[tokio::test]
async fn malformed_requests_get_4xx_json() {
    let server = TestServer::start(None).await;
    let json_ct: (&str, &[u8]) = ("content-type", b"application/json");
    let big = vec![b'a'; 40 * 1024];
    let table: Vec<Malformed> = vec![
        ("unknown route under the log", "GET", b"/log/nope", vec![], b"", 404, "not_found"),
        ("unknown route under the API", "GET", b"/api/v1/nope", vec![], b"", 404, "not_found"),
        ("wrong method", "DELETE", b"/api/v1/agreement", vec![], b"", 405, "method_not_allowed"),
        ("wrong method on healthz", "POST", b"/healthz", vec![], b"", 405, "method_not_allowed"),
        ("no content type", "POST", b"/api/v1/session", vec![], b"{}", 415, "unsupported_media_type"),
        (
            "wrong content type",
            "POST",
            b"/api/v1/session",
            vec![("content-type", b"text/plain")],
            b"{\"principal\":\"a\",\"password\":\"b\"}",
            415,
            "unsupported_media_type",
        ),
        ("bad JSON", "POST", b"/api/v1/session", vec![json_ct], b"{\"principal\":", 400, "bad_request"),
        (
            "not UTF-8 JSON",
            "POST",
            b"/api/v1/session",
            vec![json_ct],
            b"{\"principal\":\"\xff\xfe\"}",
            400,
            "bad_request",
        ),
        (
            "wrong JSON type",
            "POST",
            b"/api/v1/session",
            vec![json_ct],
            b"{\"principal\":1,\"password\":\"x\"}",
            422,
            "invalid_field",
        ),
        ("JSON not an object", "POST", b"/api/v1/session", vec![json_ct], b"[1,2]", 422, "invalid_field"),
        ("bad UTF-8 in the path", "GET", b"/api/v1/cases/%FF%FE", vec![], b"", 400, "bad_request"),
        ("bad percent-encoding in the path", "GET", b"/api/v1/cases/%zz", vec![], b"", 404, "not_found"),
        ("a bad query", "GET", b"/api/v1/cases?limit=lots", vec![], b"", 422, "invalid_field"),
        (
            "Authorization not Bearer",
            "GET",
            b"/api/v1/me",
            vec![("authorization", b"Basic YTpi")],
            b"",
            401,
            "unauthenticated",
        ),
        (
            "Authorization not text",
            "GET",
            b"/api/v1/me",
            vec![("authorization", b"Bearer \xff\xfe")],
            b"",
            401,
            "unauthenticated",
        ),
        (
            "a garbled cookie",
            "GET",
            b"/api/v1/me",
            vec![("cookie", b"truce_session=\xff; ;;=")],
            b"",
            401,
            "unauthenticated",
        ),
        ("huge header", "GET", b"/api/v1/agreement", vec![("x-filler", &big)], b"", 431, "headers_too_large"),
    ];
    for (what, method, path, headers, body, status, code) in table {
        let r = raw(&server, &request(method, path, &headers, body)).await;
        check_error(what, &r, status, code);
    }
    // Beyond what hyper buffers, hyper itself answers 431, without a body;
    // a request line that is not HTTP is answered 400 the same way.
    let enormous = vec![b'a'; 1024 * 1024];
    let r = raw(&server, &request("GET", b"/api/v1/agreement", &[("x-filler", &enormous)], b"")).await;
    assert!((400..500).contains(&r.status), "enormous header: {r:?}");
    let r = raw(&server, b"GET /api/v1/ca ses HTTP/1.1\r\nhost: x\r\n\r\n").await;
    assert!((400..500).contains(&r.status), "bad request line: {r:?}");
    // The server is still well.
    assert_eq!(reqwest::get(server.url("/healthz")).await.unwrap().status(), 200);
    let text = scrape(&server).await;
    assert_eq!(
        sample(&text, r#"truce_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="500"}"#),
        None
    );
    server.stop().await;
}

#[tokio::test]
async fn a_request_that_takes_too_long_is_answered_503_json() {
    let server = TestServer::start_with(None, limits(|l| l.request_timeout = Duration::from_secs(1))).await;
    // A body announced but never sent keeps the request open.
    let mut stream = TcpStream::connect(host(&server)).await.unwrap();
    let head = "POST /api/v1/session HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"princ";
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await.unwrap().unwrap();
    check_error("timeout", &parse(&out), 503, "timeout");
    server.stop().await;
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_disconnected() {
    let server = TestServer::start_with(None, limits(|l| l.request_timeout = Duration::from_secs(1))).await;
    // Headers begun and never finished: the request never reaches the
    // router, so only the header-read timeout can end it.
    let mut stream = TcpStream::connect(host(&server)).await.unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\nhost: t\r\nx-slow: a").await.unwrap();
    let started = truce_node::clock::instant();
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the connection was still open after 10 s");
    assert!(started.elapsed() < Duration::from_secs(5), "closed only after {:?}", started.elapsed());
    // A connection that says nothing at all is closed too.
    let mut silent = TcpStream::connect(host(&server)).await.unwrap();
    let started = truce_node::clock::instant();
    let read = tokio::time::timeout(Duration::from_secs(10), silent.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the silent connection was still open after 10 s");
    assert!(started.elapsed() < Duration::from_secs(5), "closed only after {:?}", started.elapsed());
    // Other clients are served meanwhile and after.
    assert_eq!(reqwest::get(server.url("/healthz")).await.unwrap().status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn a_graceful_shutdown_finishes_a_submission_in_flight() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let size_before =
            reqwest::get(server.url("/healthz")).await.unwrap().json::<Value>().await.unwrap()["log_size"]
                .as_u64()
                .unwrap();
        let cookie = {
            // The session cookie, from a fresh login on the raw socket.
            let login = raw(
                &server,
                &request(
                    "POST",
                    b"/api/v1/session",
                    &[("content-type", b"application/json")],
                    json!({"principal": "pak-liaison", "password": DEMO_PASSWORD}).to_string().as_bytes(),
                ),
            )
            .await;
            assert_eq!(login.status, 200, "{login:?}");
            let csrf = login.json()["csrf_token"].as_str().unwrap().to_owned();
            let cookie = login.headers["set-cookie"]
                .lines()
                .find(|c| c.starts_with("truce_session="))
                .and_then(|c| c.split(';').next())
                .unwrap()
                .to_owned();
            (cookie, csrf)
        };
        drop(pak);
        let occurred = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(2)).unwrap();
        let body = json!({"id": "PAK-T-shutdown", "allegation": {
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["shelling_artillery"],
            "occurred_at": occurred.to_string(),
            "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
            "summary": "Filed while the server shuts down",
        }})
        .to_string();
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        let head = format!(
            "POST /api/v1/cases HTTP/1.1\r\nhost: t\r\nconnection: close\r\ncontent-type: application/json\r\n\
             cookie: {}\r\nx-csrf-token: {}\r\ncontent-length: {}\r\n\r\n",
            cookie.0,
            cookie.1,
            body.len()
        );
        let mut stream = TcpStream::connect(host(&server)).await.unwrap();
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(first).await.unwrap();
        // Wait until the server is in the handler (the scrape is the other one in flight).
        let mut in_flight = 0.0;
        for _ in 0..100 {
            in_flight = sample(&scrape(&server).await, "truce_http_requests_in_flight").unwrap();
            if in_flight >= 2.0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(in_flight, 2.0, "the submission never reached the server");
        let mut server = server;
        server.request_stop();
        tokio::time::sleep(Duration::from_millis(200)).await;
        // New connections are refused now; the one in flight goes on.
        stream.write_all(rest).await.unwrap();
        let mut out = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut out)).await.unwrap().unwrap();
        let receipt = parse(&out);
        assert_eq!(receipt.status, 201, "{receipt:?}");
        let index = receipt.json()["record_index"].as_u64().unwrap();
        assert_eq!(index, size_before, "{receipt:?}");

        let server = server.restart().await;
        let health: Value = reqwest::get(server.url("/healthz")).await.unwrap().json().await.unwrap();
        assert_eq!(health["log_size"].as_u64(), Some(size_before + 1), "{health}");
        let pak = server.login("pak-liaison").await;
        let case: Value = pak.get("/api/v1/cases/PAK-T-shutdown").await.json().await.unwrap();
        assert_eq!(case["case"]["id"], "PAK-T-shutdown", "{case}");
        server.stop().await;
    }
}

#[tokio::test]
async fn an_unknown_page_is_a_page_and_an_unknown_api_path_is_json() {
    let server = TestServer::start(None).await;
    let client = server.anonymous();
    let page = client.get(server.url("/nope")).send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<h1>Not found</h1>") && html.contains("href=\"/findings\""), "{html}");
    let api = client.get(server.url("/api/v1/nope")).send().await.unwrap();
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    server.stop().await;
}

/// Public responses are compressed for a client that accepts it; a request
/// with credentials never is (a compressed page holding a CSRF token beside
/// attacker-chosen text leaks the token through its length).
#[tokio::test]
async fn public_responses_are_compressed_and_credentialed_ones_never() {
    let server = TestServer::start(None).await;
    let client = reqwest::Client::new();
    for (path, encoding) in [("/", "gzip"), ("/data/cases.csv", "gzip"), ("/", "br")] {
        let response = client.get(server.url(path)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers().get("content-encoding").map(|v| v.to_str().unwrap()), Some(encoding), "{path}");
        let vary: Vec<&str> = response.headers().get_all("vary").iter().map(|v| v.to_str().unwrap()).collect();
        assert!(vary.iter().any(|v| v.to_ascii_lowercase().contains("accept-encoding")), "{path}: {vary:?}");
    }
    let plain = client.get(server.url("/")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let session = server.login("qat-chair").await;
    for path in ["/", "/desk"] {
        let response = session.client.get(server.url(path)).header("accept-encoding", "gzip, br").send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert!(response.headers().get("content-encoding").is_none(), "{path} compressed with credentials");
    }
    server.stop().await;
}
