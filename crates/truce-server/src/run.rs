//! Starting a server over a data directory, and the demo deployment.

use std::future::Future;
use std::net::SocketAddr;

use truce_core::scenario::Scenario;
use truce_core::{CaseCommand, Role};
use truce_node::datadir::DataDir;
use truce_node::records::{Body, PrincipalRegistered, submission};
use truce_node::{NodeError, SequencerConfig};

use crate::{AppState, Limits, router};

mod daily;
mod talks;

pub use talks::{TALKS_2025, participant_key_path};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data directory, store or log failed.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// The listening socket failed.
    #[error("listening on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The error.
        source: std::io::Error,
    },
    /// Creating accounts failed.
    #[error("accounts: {0}")]
    Accounts(String),
    /// The demo scenario did not load as it should.
    #[error("demo: {0}")]
    Demo(String),
    /// An import was refused whole (its caller, its header, its period).
    #[error("import: {0}")]
    Import(#[from] crate::app::AppError),
}

/// Imports the ACLED export `csv` into the deployment in `data` as
/// public-source reports (`truce import acled`), signed by the
/// secretariat: the first mediator chair, then any mediator, whose key the
/// server holds (as early-warning alerts are raised). The log is opened as
/// a server opens it: on SQLite only while no server runs; on PostgreSQL
/// beside the servers, through the queue if another leads.
pub async fn import_acled(
    data: &DataDir,
    database: Option<&str>,
    csv: &[u8],
    selection: &crate::app::imports::Selection,
) -> Result<crate::app::imports::ImportSummary, ServeError> {
    let _single_server = data.lock_single_server(database)?;
    let store = data.store(database).await?;
    let identity = data.identity()?;
    let vkey = identity.vkey();
    let origin = identity.origin().to_owned();
    let (ledger, writer) = match store.backend() {
        truce_store::Backend::Sqlite => {
            truce_node::Ledger::start(store.clone(), data.blobs(), identity, data.sequencer_config()).await?
        }
        truce_store::Backend::Postgres => {
            truce_node::Ledger::start_shared(store.clone(), data.blobs(), identity, data.sequencer_config()).await?
        }
    };
    let app = crate::app::App::new(
        store.clone(),
        ledger,
        data.clone(),
        vkey,
        origin,
        std::sync::Arc::new(truce_node::clock::now),
        crate::app::evidence::UploadQuota::default(),
    );
    let outcome = match crate::app::early_warning::secretariat(&app) {
        Some(principal) => {
            let caller =
                crate::app::Caller { principal: Some(principal), viewer: truce_core::access::Viewer::Mediator };
            crate::app::imports::acled(&app, &caller, app.now(), csv, selection).await
        }
        None => Err(crate::app::AppError::forbidden(
            "the server holds no mediator's key in this data directory to sign the import with",
        )),
    };
    // The writer finishes the batch in flight and stops once every handle
    // on the ledger is gone.
    drop(app);
    writer.await.map_err(|e| NodeError::Other(format!("sequencer: {e}")))?;
    store.close().await;
    Ok(outcome?)
}

/// Serves the deployment in `data` on `listen` until `shutdown` resolves,
/// then finishes the requests and the log batch in flight. `ready` is
/// called with the bound address once the socket is listening.
pub async fn serve(
    data: &DataDir,
    database: Option<&str>,
    listen: SocketAddr,
    limits: Limits,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    // One server on a SQLite store; any number on PostgreSQL, one of which
    // sequences at a time (docs/operations.md, "Several servers").
    let _single_server = data.lock_single_server(database)?;
    let store = data.store(database).await?;
    let identity = data.identity()?;
    let vkey = identity.vkey();
    let origin = identity.origin().to_owned();
    // The blobs, in a bucket too where the settings say so: refused here,
    // before serving, if the bucket cannot be opened.
    let blobs = data.blob_store()?;
    let (ledger, writer) = match store.backend() {
        truce_store::Backend::Sqlite => {
            truce_node::Ledger::start(store.clone(), blobs, identity, data.sequencer_config()).await?
        }
        truce_store::Backend::Postgres => {
            truce_node::Ledger::start_shared(store.clone(), blobs, identity, data.sequencer_config()).await?
        }
    };
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|source| ServeError::Listen { addr: listen, source })?;
    let bound = listener.local_addr().map_err(|source| ServeError::Listen { addr: listen, source })?;
    let header_timeout = limits.request_timeout;
    let mut limits = limits;
    if limits.public_url.is_none() {
        if bound.ip().is_unspecified() {
            tracing::warn!(%bound, "no public URL is set (server.public_url, --public-url): links for phones name an address they cannot reach");
        }
        limits.public_url = Some(format!("http://{bound}"));
    }
    let (witnessing, collector) =
        truce_node::witnessing::Witnessing::start(store.clone(), ledger.observer(), vkey.clone(), None).await?;
    let deliveries = crate::app::webhooks::Deliveries::start(store.clone(), ledger.observer(), limits.webhooks.clone())
        .map_err(|e| NodeError::Other(e.to_string()))?;
    // The log published to object storage too, where the settings say so.
    let publishing = match data.settings()?.object_store {
        Some(settings) => {
            Some(truce_node::objects::Publication::open(&settings)?.start(store.clone(), ledger.observer()))
        }
        None => None,
    };
    let state = AppState::new(store.clone(), ledger, data.clone(), vkey, origin, limits);
    state.attach_witnessing(witnessing);
    let app = router(state);
    ready(bound);
    tracing::info!(%bound, "serving");
    accept_until(listener, app, header_timeout, shutdown).await;
    // Every handle on the ledger is gone with the router and the
    // connections: the writer finishes the batch in flight and stops.
    writer.await.map_err(|e| NodeError::Other(format!("sequencer: {e}")))?;
    // The collector stops once the writer has: its checkpoints channel closes.
    collector.abort();
    // So does the delivery task; what it had not sent waits in the outbox.
    deliveries.abort();
    // The publisher stops with the writer too; what it had not written is
    // written from the store by the next server to publish.
    if let Some(publishing) = publishing {
        let _ = publishing.await;
    }
    store.close().await;
    Ok(())
}

/// Accepts connections until `shutdown` resolves, then waits for the
/// requests in flight. A client gets `header_timeout` (the request
/// timeout; zero for none) to send its request headers, so connections
/// that trickle headers in cannot hold the server's sockets; the request
/// timeout proper starts once the headers are in.
async fn accept_until(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    header_timeout: std::time::Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    // HTTP/1.1 only, as before: a TLS proxy in front speaks HTTP/2 to clients.
    let mut builder = hyper::server::conn::http1::Builder::new();
    if !header_timeout.is_zero() {
        builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    }
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, then go on.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // The peer's address for the `ConnectInfo` extractor, as
        // `into_make_service_with_connect_info` would add it: one wrapper
        // around the router, not a layer on each of its routes.
        let service = tower::Layer::layer(&axum::Extension(axum::extract::ConnectInfo(peer)), app.clone());
        let service = hyper_util::service::TowerToHyperService::new(service);
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
        });
    }
    drop(listener);
    drop(app);
    graceful.shutdown().await;
}

/// The label of the demo's data, carried by every case read.
pub const SAMPLE_NOTICE: &str = "SAMPLE DATA: the October 2025 incidents as publicly reported; replies, findings and \
     penalties are illustrative, under a counterfactual start of the ceasefire on 10 October 2025.";

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "truce-demo-2025";

/// A demo login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    /// The principal.
    pub principal: String,
    /// Its participant.
    pub participant: Option<String>,
    /// Its role.
    pub role: Role,
}

/// Creates a demo deployment in `data`: the agreement (with the scenario's
/// counterfactual applied), an administrator, a login for every actor of
/// the scenario, and the scenario's steps as signed, confidential records.
/// Steps the scenario expects to be refused must be refused.
pub async fn create_demo(
    data: &DataDir,
    origin: &str,
    agreement_text: &str,
    scenario_text: &str,
) -> Result<Vec<DemoLogin>, ServeError> {
    create_demo_on(data, None, origin, agreement_text, scenario_text).await
}

/// Like [`create_demo`], with the border's day-to-day reporting around
/// October 2025 (sample), the early-warning alerts it justifies and the
/// published daily situation reports of 11–19 October (`truce demo`).
pub async fn create_demo_reporting(
    data: &DataDir,
    database: Option<&str>,
    origin: &str,
    agreement_text: &str,
    scenario_text: &str,
) -> Result<Vec<DemoLogin>, ServeError> {
    create_demo_with(data, database, origin, agreement_text, scenario_text, true).await
}

/// Like [`create_demo`], on the database at `database` (SQLite in the data directory if `None`).
pub async fn create_demo_on(
    data: &DataDir,
    database: Option<&str>,
    origin: &str,
    agreement_text: &str,
    scenario_text: &str,
) -> Result<Vec<DemoLogin>, ServeError> {
    create_demo_with(data, database, origin, agreement_text, scenario_text, false).await
}

async fn create_demo_with(
    data: &DataDir,
    database: Option<&str>,
    origin: &str,
    agreement_text: &str,
    scenario_text: &str,
    reporting: bool,
) -> Result<Vec<DemoLogin>, ServeError> {
    let scenario = Scenario::from_toml(scenario_text).map_err(|e| ServeError::Demo(e.to_string()))?;
    let text = scenario.agreement_text(agreement_text).map_err(|e| ServeError::Demo(e.to_string()))?;
    let admin_key = data.init(origin, database, "admin", &text).await?;
    let notice = crate::data_notice_path(data.root());
    std::fs::write(&notice, format!("{SAMPLE_NOTICE}\n")).map_err(|e| NodeError::file(&notice, e))?;
    let store = data.store(database).await?;
    let now = truce_node::clock::now();
    let account = |principal: String| {
        let store = store.clone();
        async move {
            crate::app::accounts::create_account(&store, now, &principal, DEMO_PASSWORD, false)
                .await
                .map_err(|e| ServeError::Accounts(e.to_string()))
        }
    };
    account("admin".into()).await?;
    let mut logins = vec![DemoLogin { principal: "admin".into(), participant: None, role: Role::Administrator }];
    // Historical sample data: record times are the scenario's, not the clock's.
    let config = SequencerConfig { max_clock_skew: None, ..data.sequencer_config() };
    let (ledger, writer) = truce_node::Ledger::start(store.clone(), data.blobs(), data.identity()?, config).await?;
    let registered_at = scenario.steps.first().map(|s| s.at).unwrap_or(now);
    let mut keys = std::collections::BTreeMap::new();
    for step in &scenario.steps {
        let id = step.actor.principal.to_string();
        if keys.contains_key(&id) {
            continue;
        }
        let key = truce_node::keys::generate()?;
        truce_node::keys::write(&data.principal_key_path(&id), &key)?;
        let participant = step.actor.participant.as_ref().map(ToString::to_string);
        let body = Body::Principal(PrincipalRegistered {
            principal: id.clone(),
            participant: participant.clone(),
            role: step.actor.role,
            public_key: key.verifying_key().to_base64(),
            endorsement: None,
            // The demo makes and holds every principal's key: custodial.
            custody: truce_node::records::Custody::Server,
        });
        ledger.submit(submission(&admin_key, "admin", None, registered_at, &body, None)?).await?;
        account(id.clone()).await?;
        logins.push(DemoLogin { principal: id.clone(), participant: participant.clone(), role: step.actor.role });
        keys.insert(id, (key, participant));
    }
    for (i, step) in scenario.steps.iter().enumerate() {
        let id = step.actor.principal.to_string();
        let (key, participant) = &keys[&id];
        let body = Body::Case(Box::new(CaseCommand {
            case: step.command.case.clone(),
            command: step.command.command.clone(),
        }));
        let salt = truce_node::keys::random_salt()?;
        let result = ledger.submit(submission(key, &id, participant.as_deref(), step.at, &body, Some(salt))?).await;
        match (&step.expect_error, result) {
            (None, Ok(_)) => {}
            (Some(_), Err(NodeError::Rejected(_))) => {}
            (None, Err(e)) => return Err(ServeError::Demo(format!("step {}: {e}", i + 1))),
            (Some(expected), other) => {
                return Err(ServeError::Demo(format!(
                    "step {}: expected a refusal ({expected}), got {other:?}",
                    i + 1
                )));
            }
        }
    }
    talks::play(&ledger, data, &text, &keys, TALKS_2025).await?;
    if reporting {
        daily::play(&ledger, &text, &keys, &scenario).await?;
    }
    drop(ledger);
    writer.await.map_err(|e| NodeError::Other(format!("sequencer: {e}")))?;
    store.close().await;
    Ok(logins)
}
