//! The Truce server: the JSON API under `/api/v1`, accounts and
//! party-scoped access, evidence intake, and the transparency log over HTTP.
//!
//! Every use case lives once in the application layer ([`app`]), which
//! knows nothing of HTTP. Two adapters sit side by side over it and never
//! import each other: the JSON API ([`api`]) and the web pages ([`web`]).
//! Each handler extracts the caller, parses its request, calls one use case
//! and renders the answer. Whether a command is legal is decided by the
//! domain core as the sequencer applies it; what a caller may read is
//! decided by [`truce_core::access`]; neither is decided here.
//!
//! - [`app`]: the use cases, the [`App`] they share and their [`app::AppError`].
//! - [`api`]: the `/api/v1` handlers and their OpenAPI description.
//! - [`web`]: the HTML pages: public pages and every role's desk, in six
//!   languages.
//! - [`auth`]: the session cookie, bearer tokens and CSRF; the `Caller` extractor.
//! - [`error`]: the HTTP error, rendered as `{code, message, field}`.
//! - [`extract`]: body, query and path extractors that report the field.
//! - [`run`]: serving a data directory, and creating the demo deployment.
//! - [`log`]: the transparency log over HTTP (C2SP tlog-tiles under `/log`),
//!   one record with its proof.
//! - [`openrosa`]: field capture over OpenRosa 1.0 (ODK Collect), Central's paths.
//! - [`ops`]: what every request goes through (request ids, logs, metrics,
//!   timeouts, body and rate limits), `/healthz` and `/metrics`.

// What other crates use is `pub`: the use cases, serving and the demo,
// and the pages' languages and calendars (which the integration tests
// read). The adapters and the HTTP plumbing are the server's own.
mod api;
pub mod app;
mod auth;
mod error;
mod extract;
mod log;
pub mod mirror;
mod openrosa;
mod ops;
pub mod run;
pub mod web;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use truce_node::Ledger;
use truce_node::datadir::DataDir;
use truce_store::Store;

pub use app::App;

pub use error::{ApiError, ErrorBody};

/// Limits and switches of a running server.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest JSON body accepted, bytes.
    pub json_bytes: usize,
    /// Largest evidence upload accepted, bytes.
    pub upload_bytes: usize,
    /// Evidence bytes one principal may store in a UTC day (0: no limit).
    pub daily_upload_bytes: u64,
    /// Evidence files one principal may store in a UTC day (0: no limit).
    pub daily_uploads: u64,
    /// Whether session cookies are marked `Secure` (off only for plain-HTTP tests).
    pub secure_cookies: bool,
    /// Longest a request may take before it is answered 503 `timeout` (zero: no limit).
    pub request_timeout: Duration,
    /// Requests per second from one client address (0: no limit).
    pub rate_per_address: u32,
    /// Requests per second with one session cookie or API token (0: no limit).
    pub rate_per_principal: u32,
    /// Login attempts per minute from one client address (0: no limit).
    pub logins_per_address: u32,
    /// Login attempts per minute for one principal name (0: no limit).
    pub logins_per_principal: u32,
    /// Reverse proxies whose `X-Forwarded-For` names the client (none by
    /// default: anyone can send the header).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How webhook deliveries are retried and which URLs are accepted.
    pub webhooks: app::webhooks::WebhookSettings,
    /// The address phones and readers reach the server at (scheme, host and
    /// any path prefix a reverse proxy adds), for the links the server
    /// writes into what it serves (OpenRosa's form list, a device's QR
    /// code). Never taken from a request's `Host` header, which a caller
    /// chooses. When unset, `truce serve` uses the address it listens on.
    pub public_url: Option<String>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            json_bytes: 256 * 1024,
            upload_bytes: 25 * 1024 * 1024,
            daily_upload_bytes: app::evidence::UploadQuota::default().bytes_per_day,
            daily_uploads: app::evidence::UploadQuota::default().files_per_day,
            secure_cookies: true,
            request_timeout: Duration::from_secs(30),
            rate_per_address: 200,
            rate_per_principal: 100,
            logins_per_address: 20,
            logins_per_principal: 5,
            trusted_proxies: Vec::new(),
            webhooks: app::webhooks::WebhookSettings::default(),
            public_url: None,
        }
    }
}

struct Inner {
    app: App,
    limits: Limits,
    ops: ops::Ops,
}

pub use app::SAMPLE_NOTICE_FILE;

/// Room for one multipart part's headers and boundary in a whole body's
/// limit (see [`capped`]).
const PART_OVERHEAD: usize = 1024;

/// `req` with its body cut off after `bytes`. The routes that take files
/// disable axum's default body limit and count a multipart body's content
/// themselves; this still bounds the whole body, part headers and
/// boundaries too, which the multipart parser would otherwise buffer
/// without end. Reading past it fails with an error whose
/// `MultipartError::status` is 413.
fn capped(req: axum::extract::Request, bytes: usize) -> axum::extract::Request {
    req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, bytes)))
}

/// Where a data directory's sample-data notice is.
pub fn data_notice_path(root: &std::path::Path) -> std::path::PathBuf {
    root.join(SAMPLE_NOTICE_FILE)
}

/// What every handler shares: the application and what HTTP adds to it
/// (limits, rate limiters, metrics). Cloning it is cheap; it dereferences
/// to the [`App`], whose use cases the handlers call.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// Whether the device cookie `cookie` was given to `principal` at one of
    /// its logins (for the login limits in `ops`, which do not reach into
    /// the use cases themselves).
    pub async fn known_device(&self, cookie: &str, principal: &str) -> Result<bool, error::ApiError> {
        Ok(app::accounts::known_device(self, cookie, principal, self.now()).await?)
    }

    /// A server over a running ledger and its data directory, on the wall clock.
    pub fn new(store: Store, ledger: Ledger, data: DataDir, vkey: String, origin: String, limits: Limits) -> AppState {
        let quota = app::evidence::UploadQuota {
            bytes_per_day: limits.daily_upload_bytes,
            files_per_day: limits.daily_uploads,
        };
        let app = App::new(store, ledger, data, vkey, origin, Arc::new(truce_node::clock::now), quota);
        AppState(Arc::new(Inner { app, ops: ops::Ops::new(&limits), limits }))
    }

    /// The application.
    pub fn app(&self) -> &App {
        &self.0.app
    }

    /// The address phones and readers reach the server at, without a
    /// trailing `/` ([`Limits::public_url`]).
    pub fn public_url(&self) -> &str {
        self.limits().public_url.as_deref().unwrap_or("http://localhost").trim_end_matches('/')
    }

    /// The limits the server runs with.
    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    /// The rate limiters and metrics of this server.
    pub fn ops(&self) -> &ops::Ops {
        &self.0.ops
    }
}

impl std::ops::Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0.app
    }
}

/// A path that is not served: a JSON error under `/api` and `/log`, a page elsewhere.
async fn fallback(page: Result<web::Page, web::WebError>, uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = uri.path();
    if path.starts_with("/api") || path.starts_with("/log") {
        return api::not_found().await.into_response();
    }
    match page {
        Ok(page) => web::not_found(page).await,
        Err(e) => e.into_response(),
    }
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .nest("/api/v1", api::routes())
        .merge(ops::routes())
        .merge(log::routes())
        .merge(openrosa::routes())
        .merge(web::routes())
        .fallback(fallback)
        .method_not_allowed_fallback(api::method_not_allowed);
    // Layered last, so that every route and both fallbacks go through it.
    ops::layer(routes, &state).with_state(state)
}
