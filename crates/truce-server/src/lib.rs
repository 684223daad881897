//! The Truce server: the JSON API under `/api/v1`, accounts and
//! party-scoped access, evidence intake, and the transparency log over HTTP.
//!
//! Handlers are thin: they extract the [`auth::Caller`], check input,
//! and hand a signed record to the sequencer ([`truce_node::Ledger`]) or
//! read the projections ([`truce_store::Store`]). Whether a command is legal
//! is decided by the domain core as the sequencer applies it; what a caller
//! may read is decided by [`truce_core::access`]; neither is decided here.
//!
//! - [`auth`]: sessions, API tokens, passwords, TOTP; the `Caller` extractor.
//! - [`api`]: the `/api/v1` handlers and their OpenAPI description.
//! - [`error`]: the one error type, rendered as `{code, message, field}`.
//! - [`extract`]: body, query and path extractors that report the field.
//! - [`intake`]: evidence files: sniffing, EXIF, storage and their receipt.
//! - [`run`]: serving a data directory, and creating the demo deployment.
//! - [`log`]: the transparency log over HTTP (C2SP tlog-tiles under `/log`),
//!   one record with its proof.
//! - [`web`]: the HTML pages: public pages and every role's desk, in six
//!   languages.
//! - [`ops`]: what every request goes through (request ids, logs, metrics,
//!   timeouts, body and rate limits), `/healthz` and `/metrics`.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod folded;
pub mod intake;
pub mod log;
pub mod ops;
pub mod run;
pub mod web;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use truce_ledger::SigningKey;
use truce_node::blobs::BlobStore;
use truce_node::datadir::DataDir;
use truce_node::records::{Body, submission};
use truce_node::{Ledger, Receipt};
use truce_store::Store;

pub use error::{ApiError, ErrorBody};

/// Limits and switches of a running server.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest JSON body accepted, bytes.
    pub json_bytes: usize,
    /// Largest evidence upload accepted, bytes.
    pub upload_bytes: usize,
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
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            json_bytes: 256 * 1024,
            upload_bytes: 25 * 1024 * 1024,
            secure_cookies: true,
            request_timeout: Duration::from_secs(30),
            rate_per_address: 200,
            rate_per_principal: 100,
            logins_per_address: 20,
            logins_per_principal: 5,
            trusted_proxies: Vec::new(),
        }
    }
}

struct Inner {
    store: Store,
    ledger: Ledger,
    blobs: Arc<dyn BlobStore>,
    data: DataDir,
    vkey: String,
    origin: String,
    limits: Limits,
    keys: RwLock<HashMap<String, SigningKey>>,
    statistics: api::reads::StatisticsCache,
    folded: folded::FoldedCases,
    tokens: auth::TokenCache,
    ops: ops::Ops,
    sample_notice: Option<String>,
}

/// The file in a data directory whose text marks its data as sample data.
pub const SAMPLE_NOTICE_FILE: &str = "SAMPLE-DATA.txt";

/// Where a data directory's sample-data notice is.
pub fn data_notice_path(root: &std::path::Path) -> std::path::PathBuf {
    root.join(SAMPLE_NOTICE_FILE)
}

/// What every handler shares. Cloning it is cheap.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    /// A server over a running ledger and its data directory.
    pub fn new(store: Store, ledger: Ledger, data: DataDir, vkey: String, origin: String, limits: Limits) -> AppState {
        let sample_notice = std::fs::read_to_string(data_notice_path(data.root()))
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        AppState(Arc::new(Inner {
            store,
            blobs: data.blobs(),
            ledger,
            data,
            vkey,
            origin,
            ops: ops::Ops::new(&limits),
            limits,
            keys: RwLock::new(HashMap::new()),
            statistics: api::reads::StatisticsCache::default(),
            folded: folded::FoldedCases::default(),
            tokens: auth::TokenCache::default(),
            sample_notice,
        }))
    }

    /// The notice that this deployment holds sample data, if it does (the
    /// demo): every case read carries it, so it shows wherever the data does.
    pub fn sample_notice(&self) -> Option<&str> {
        self.0.sample_notice.as_deref()
    }

    /// API tokens recently looked up.
    pub fn tokens(&self) -> &auth::TokenCache {
        &self.0.tokens
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// The sequencer.
    pub fn ledger(&self) -> &Ledger {
        &self.0.ledger
    }

    /// The blob store (agreement texts, evidence).
    pub fn blobs(&self) -> &dyn BlobStore {
        self.0.blobs.as_ref()
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.0.data
    }

    /// The log's verifier key.
    pub fn vkey(&self) -> &str {
        &self.0.vkey
    }

    /// The log's origin line.
    pub fn origin(&self) -> &str {
        &self.0.origin
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    /// The statistics computed for each kind of reader, as of a log size.
    pub(crate) fn statistics_cache(&self) -> &api::reads::StatisticsCache {
        &self.0.statistics
    }

    /// The cases folded from their events lately.
    pub(crate) fn folded_cases(&self) -> &folded::FoldedCases {
        &self.0.folded
    }

    /// The rate limiters and metrics of this server.
    pub fn ops(&self) -> &ops::Ops {
        &self.0.ops
    }

    /// The signing key the server holds for `principal`, if it holds one.
    /// Principals that sign with their own keys have none here.
    pub fn signing_key(&self, principal: &str) -> Result<Option<SigningKey>, ApiError> {
        if let Some(k) = self.0.keys.read().map_err(|_| ApiError::internal("key cache poisoned"))?.get(principal) {
            return Ok(Some(k.clone()));
        }
        let path = self.0.data.principal_key_path(principal);
        if !path.exists() {
            return Ok(None);
        }
        let key = truce_node::keys::read(&path).map_err(ApiError::internal)?;
        self.0
            .keys
            .write()
            .map_err(|_| ApiError::internal("key cache poisoned"))?
            .insert(principal.to_owned(), key.clone());
        Ok(Some(key))
    }

    /// Signs `body` as the logged-in `principal` with the key the server
    /// holds for it, and appends it. Case and evidence records are
    /// confidential: the log holds a salted commitment, and only those
    /// allowed see the body.
    pub async fn submit_as(&self, principal: &auth::Principal, body: &Body) -> Result<Receipt, ApiError> {
        let s = self.signed_as(principal, body)?;
        Ok(self.0.ledger.submit(s).await?)
    }

    /// `body` as a record signed with the key the server holds for
    /// `principal`, dated now, ready to submit.
    pub(crate) fn signed_as(
        &self,
        principal: &auth::Principal,
        body: &Body,
    ) -> Result<truce_node::Submission, ApiError> {
        let key = self.signing_key(&principal.id)?.ok_or_else(|| {
            ApiError::forbidden(format!(
                "{} signs with its own key; send signed records to /api/v1/records",
                principal.id
            ))
        })?;
        let salt = match body {
            Body::Case(_) | Body::Evidence(_) => Some(truce_node::keys::random_salt().map_err(ApiError::internal)?),
            _ => None,
        };
        let participant = principal.participant.as_ref().map(|p| p.as_str());
        submission(&key, &principal.id, participant, truce_node::clock::now(), body, salt).map_err(ApiError::from)
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
        .merge(web::routes())
        .fallback(fallback)
        .method_not_allowed_fallback(api::method_not_allowed);
    // Layered last, so that every route and both fallbacks go through it.
    ops::layer(routes, &state).with_state(state)
}
