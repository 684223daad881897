//! What every request goes through, and the two endpoints for operators.
//!
//! The layers, outermost first:
//!
//! 1. request id: `x-request-id` taken from the request when it is a sane
//!    token, made up otherwise, and echoed on the response, so that a
//!    client's report can be matched with the server's log line;
//! 2. trace: one log line per request with method, path, route template,
//!    status, latency and the request id;
//! 3. metrics: requests by route template and status, latency, in flight;
//! 4. panic guard: a bug that panics answers 500 JSON, not a dropped connection;
//! 5. timeout: a request that takes longer than `Limits::request_timeout`
//!    is answered 503 `timeout` with a JSON body;
//! 6. header size: a header block over [`MAX_HEADER_BYTES`] is answered 431
//!    JSON (hyper itself refuses much larger ones, without a body);
//! 7. rate limits ([`throttle`]) per client address (the TCP peer, or the
//!    address a trusted reverse proxy forwards) and per credential, then
//!    the body limit (`Limits::json_bytes`,
//!    which a route such as evidence upload may raise with its own
//!    `DefaultBodyLimit`).
//!
//! `/healthz` answers 200 when the store answers and the sequencer runs,
//! 503 otherwise; `/metrics` is the Prometheus scrape ([`metrics`]). Both
//! are public and cheap; restrict them at the reverse proxy if the request
//! counts should not be seen by everyone.

pub mod metrics;
pub mod throttle;

use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::{AppState, Limits};

/// The request id header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Largest header block answered normally, bytes.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// The login paths (the API's, JSON; the web page's, a form), which have
/// their own stricter limits.
const LOGIN_PATHS: [&str; 2] = ["/api/v1/session", "/login"];

fn is_login(req: &Request) -> bool {
    req.method() == Method::POST && LOGIN_PATHS.contains(&req.uri().path())
}

/// The operational state of one server: its rate limiters and metrics.
#[derive(Debug)]
pub struct Ops {
    throttle: throttle::Throttle,
    metrics: metrics::Metrics,
}

impl Ops {
    /// Fresh limiters and metrics for `limits`.
    pub fn new(limits: &Limits) -> Ops {
        Ops { throttle: throttle::Throttle::new(limits), metrics: metrics::Metrics::new() }
    }

    /// The rate limiters.
    pub fn throttle(&self) -> &throttle::Throttle {
        &self.throttle
    }

    /// The metrics.
    pub fn metrics(&self) -> &metrics::Metrics {
        &self.metrics
    }
}

/// `/healthz` and `/metrics`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/metrics", get(metrics_text))
}

/// Wraps every route of `routes` (and its fallbacks) in the layers above.
pub fn layer(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    routes.layer(
        ServiceBuilder::new()
            .layer(middleware::from_fn(request_id))
            .layer(middleware::map_response(security_headers))
            .layer(middleware::from_fn(compress_only_anonymous))
            .layer(CompressionLayer::new())
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request| {
                        let id = req.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                        tracing::info_span!(
                            "request",
                            method = %req.method(),
                            path = %logged_path(req.uri().path()),
                            route = route_of(req),
                            request_id = id,
                        )
                    })
                    .on_request(())
                    .on_response(|res: &Response, latency: Duration, _: &tracing::Span| {
                        let latency_ms = latency.as_secs_f64() * 1000.0;
                        tracing::info!(status = res.status().as_u16(), latency_ms, "answered");
                    })
                    .on_failure(()),
            )
            .layer(middleware::from_fn_with_state(state.clone(), track))
            .layer(CatchPanicLayer::custom(panicked))
            .layer(middleware::from_fn_with_state(state.clone(), deadline))
            .layer(middleware::from_fn(header_size))
            .layer(middleware::from_fn_with_state(state.clone(), guard))
            .layer(DefaultBodyLimit::max(state.limits().json_bytes)),
    )
}

/// The request path as logged: a field device's secret, which ODK clients
/// carry in the path (`/v1/key/{secret}/…`), is replaced by `…`, so the
/// logs never hold a credential.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/v1/key/") {
        Some(rest) => {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            std::borrow::Cow::Owned(format!("/v1/key/…{tail}"))
        }
        None => std::borrow::Cow::Borrowed(path),
    }
}

/// Lets responses be compressed (gzip, brotli, as the client accepts)
/// only for requests that carry no credentials. A compressed response
/// that holds a secret (a CSRF token, a one-time password) beside text an
/// attacker can inject leaks the secret through its length (BREACH); the
/// public pages, the open data and the log's files hold no secret, and are
/// what is large and fetched often.
async fn compress_only_anonymous(mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    if headers.contains_key(header::COOKIE) || headers.contains_key(header::AUTHORIZATION) {
        req.headers_mut().remove(header::ACCEPT_ENCODING);
    }
    next.run(req).await
}

/// What every page may load and who may frame it: its own stylesheet and
/// images, forms posting to itself, no script at all (the pages have none),
/// no framing (against clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Sets the headers every response carries unless its handler set its own
/// (an evidence file has a stricter, sandboxing policy): the content
/// security policy, `nosniff`, a referrer policy that keeps case paths
/// from leaving the site, and no framing.
async fn security_headers<B>(mut response: Response<B>) -> Response<B> {
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in set {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    response
}

/// A handler panicked: a bug. The client gets 500 `internal`; the log gets the message.
fn panicked(payload: Box<dyn std::any::Any + Send>) -> Response {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    ApiError::internal(format!("a handler panicked: {message}")).into_response()
}

fn route_of(req: &Request) -> &str {
    req.extensions().get::<MatchedPath>().map_or("unmatched", MatchedPath::as_str)
}

fn sane_request_id(v: &HeaderValue) -> Option<HeaderValue> {
    let s = v.to_str().ok()?;
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    ok.then(|| v.clone())
}

fn fresh_request_id() -> HeaderValue {
    use std::sync::atomic::{AtomicU64, Ordering};
    static FALLBACK: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 8];
    let id = match getrandom::fill(&mut bytes) {
        Ok(()) => hex::encode(bytes),
        Err(_) => format!("n{}", FALLBACK.fetch_add(1, Ordering::Relaxed)),
    };
    HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("unknown"))
}

async fn request_id(mut req: Request, next: Next) -> Response {
    let id = req.headers().get(&REQUEST_ID).and_then(sane_request_id).unwrap_or_else(fresh_request_id);
    req.headers_mut().insert(REQUEST_ID, id.clone());
    let mut response = next.run(req).await;
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let metrics = state.ops().metrics();
    let _in_flight = metrics.start();
    let method = req.method().clone();
    let route = route_of(&req).to_owned();
    let login = is_login(&req);
    let started = truce_node::clock::instant();
    let response = next.run(req).await;
    metrics.answered(&method, &route, response.status().as_u16(), started.elapsed().as_secs_f64());
    // The API answers a login 200; the page redirects (303) to the desk.
    if login && matches!(response.status(), StatusCode::OK | StatusCode::SEE_OTHER) {
        metrics.logged_in();
    }
    response
}

async fn deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.limits().request_timeout;
    if limit.is_zero() {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!("the request took longer than {} s; a write may still have been applied", limit.as_secs_f64()),
        )
        .into_response(),
    }
}

async fn header_size(req: Request, next: Next) -> Response {
    let bytes: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    if bytes > MAX_HEADER_BYTES {
        return ApiError::new(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            format!("the request's headers are {bytes} bytes; at most {MAX_HEADER_BYTES} are accepted"),
        )
        .into_response();
    }
    next.run(req).await
}

/// The hash of the session cookie or API token, the key of the
/// per-principal limit. No lookup: an invalid token is limited too.
fn credential_key(headers: &axum::http::HeaderMap) -> Option<String> {
    crate::auth::credential(headers).map(|c| hex::encode(Sha256::digest(c.as_bytes())))
}

/// The client a request comes from, for the per-address limits: the TCP
/// peer, unless the peer is a trusted reverse proxy, in which case the
/// nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
/// The header is read from the right, where each proxy appends the address
/// it saw, so what a client wrote at the left is never reached while a
/// trusted proxy stands in front of it. An entry that is not an address
/// stops the search at the last trusted hop.
fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> Option<std::net::IpAddr> {
    let mut client = peer?;
    if !trusted.contains(&client) {
        return Some(client);
    }
    let forwarded: Vec<&str> =
        headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).collect();
    for hop in forwarded.iter().rev() {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(address) => {
                client = address;
                if !trusted.contains(&address) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    Some(client)
}

#[derive(serde::Deserialize)]
struct LoginName {
    principal: String,
}

async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let throttle = state.ops().throttle();
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let address = client_address(peer, req.headers(), &state.limits().trusted_proxies);
    let refused = |limited: throttle::Limited| {
        state.ops().metrics().rate_limited(limited.kind);
        limited.response()
    };
    if let Err(limited) = throttle.request(address, credential_key(req.headers()).as_deref()) {
        return refused(limited);
    }
    if !is_login(&req) {
        return next.run(req).await;
    }
    // A login: limit by address first, then read the (small) body for the
    // principal's name and limit by name. The body is handed on unchanged.
    if let Err(limited) = throttle.login(address, None) {
        return refused(limited);
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, state.limits().json_bytes).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                "the body is larger than this endpoint accepts, or was cut short",
            )
            .into_response();
        }
    };
    let principal = serde_json::from_slice::<LoginName>(&bytes)
        .ok()
        .map(|l| l.principal)
        .or_else(|| form_urlencoded::parse(&bytes).find(|(k, _)| k == "principal").map(|(_, v)| v.into_owned()))
        // The limit's key is the name as the login reads it (trimmed), so
        // "victim " is no second bucket for guesses at "victim".
        .map(|name| name.trim().to_owned());
    // A login whose name this guard cannot read would escape the limit on
    // guesses at a name. The API's login then fails to read it too, and
    // answers why itself; the page's form reader also takes multipart, so
    // such a page login is refused here.
    let Some(principal) = principal else {
        if parts.uri.path() == "/login" {
            return ApiError::bad_request("send the login as a URL-encoded form with a principal").into_response();
        }
        return next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await;
    };
    {
        // A device the principal logged in from before is not held to the
        // limit on guesses at its name: guessing cannot lock it out.
        let known = match crate::auth::cookie(&parts.headers, crate::auth::DEVICE_COOKIE) {
            Some(device) => match state.known_device(&device, &principal).await {
                Ok(known) => known,
                Err(e) => return e.into_response(),
            },
            None => false,
        };
        if !known && let Err(limited) = throttle.login(None, Some(&principal)) {
            return refused(limited);
        }
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

/// The answer of `/healthz` when all is well.
#[derive(Debug, Serialize)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
    /// Records in the log.
    pub log_size: u64,
    /// What this server's sequencer does: `alone` (the only server on its
    /// store), `leader` (holds the sequencer lease of a shared PostgreSQL
    /// store) or `follower` (queues its submissions for the leader).
    pub sequencer: &'static str,
}

/// 200 `{"status":"ok","log_size":N}` when the store answers and the
/// sequencer runs; 503 `{code:"unavailable",…}` otherwise.
pub async fn healthz(State(state): State<AppState>) -> Result<axum::Json<Health>, ApiError> {
    let unavailable = |why: &str| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", why);
    if !state.ledger().is_running() {
        return Err(unavailable("the sequencer has stopped"));
    }
    match state.store().log_size().await {
        Ok(log_size) => Ok(axum::Json(Health { status: "ok", log_size, sequencer: state.ledger().role().as_str() })),
        Err(e) => {
            tracing::error!(error = %e, "health check: the store does not answer");
            Err(unavailable("the store does not answer"))
        }
    }
}

/// The Prometheus scrape, in the OpenMetrics text format.
pub async fn metrics_text(State(state): State<AppState>) -> Result<Response, ApiError> {
    let log_size = match state.store().log_size().await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the log size could not be read");
            None
        }
    };
    let text = state.ops().metrics().render(log_size, state.ledger().appended()).map_err(ApiError::internal)?;
    Ok(([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], text).into_response())
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use axum::http::{HeaderMap, HeaderValue};

    use super::{client_address, logged_path};

    #[test]
    fn a_field_devices_secret_never_reaches_the_logs() {
        assert_eq!(logged_path("/v1/key/s3cr3t/projects/1/formList"), "/v1/key/…/projects/1/formList");
        assert_eq!(logged_path("/v1/key/s3cr3t"), "/v1/key/…");
        assert_eq!(logged_path("/api/v1/cases"), "/api/v1/cases");
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn the_client_address_is_the_peer_unless_a_trusted_proxy_forwards_it() {
        let proxy = ip("10.0.0.2");
        let inner = ip("10.0.0.3");
        let trusted = [proxy, inner];
        let cases: &[(&str, &[&str], &[IpAddr], &str)] = &[
            // No proxy trusted: the header is anyone's to write.
            ("203.0.113.7", &["198.51.100.1"], &[], "203.0.113.7"),
            ("10.0.0.2", &["198.51.100.1"], &[], "10.0.0.2"),
            // A trusted proxy: the address it appended.
            ("10.0.0.2", &["198.51.100.1"], &trusted, "198.51.100.1"),
            // What the client wrote itself is to the left, and not reached.
            ("10.0.0.2", &["1.2.3.4, 198.51.100.1"], &trusted, "198.51.100.1"),
            ("10.0.0.2", &["1.2.3.4", "198.51.100.1"], &trusted, "198.51.100.1"),
            // Two trusted proxies in a row.
            ("10.0.0.2", &["198.51.100.1, 10.0.0.3"], &trusted, "198.51.100.1"),
            // A peer that is not a proxy cannot forward.
            ("203.0.113.7", &["198.51.100.1"], &trusted, "203.0.113.7"),
            // A trusted proxy without the header, or with rubbish in it.
            ("10.0.0.2", &[], &trusted, "10.0.0.2"),
            ("10.0.0.2", &["1.2.3.4, unknown"], &trusted, "10.0.0.2"),
            ("10.0.0.2", &["1.2.3.4, unknown, 10.0.0.3"], &trusted, "10.0.0.3"),
            // IPv6, with spaces.
            ("10.0.0.2", &[" 2001:db8::1 "], &trusted, "2001:db8::1"),
        ];
        for (peer, header, trusted, want) in cases {
            let got = client_address(Some(ip(peer)), &forwarded(header), trusted);
            assert_eq!(got, Some(ip(want)), "peer {peer}, X-Forwarded-For {header:?}, trusted {trusted:?}");
        }
        assert_eq!(client_address(None, &forwarded(&["198.51.100.1"]), &trusted), None);
    }
}
