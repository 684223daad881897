//! A C2SP tlog-witness for Truce's parties.
//!
//! A log's signature says "this is my tree", not "this is the only tree I
//! show anyone". Each party runs a witness: it cosigns a checkpoint only if
//! it extends every checkpoint of that log it cosigned before, so an
//! operator who keeps two histories cannot get both cosigned by the same
//! witness, and a checkpoint that enough parties' witnesses cosigned is the
//! one history all of them saw.
//!
//! The rules are the ledger's (`truce_ledger::witness`, `cosignature`);
//! this crate is the service around them, with IO:
//!
//! - [`dir`]: the data directory (key 0600, settings, latest checkpoint per
//!   log) and its crash-safe writes.
//! - [`service`]: [`Witness`], one lock per log, state durable before a
//!   cosignature leaves, refused forks kept.
//! - [`evidence`]: the validly signed, inconsistent requests kept.
//! - [`http`]: the tlog-witness HTTP endpoints.
//! - [`error`]: [`WitnessError`], every reason an operation fails.
//!
//! [`spawn`] starts an in-process witness (for a demo or a test) in one
//! call; `truce witness serve` runs one over a directory.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod dir;
pub mod error;
pub mod evidence;
pub mod http;
pub mod service;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub use dir::{Settings, TrustedLog, WitnessDir, origin_hash};
pub use error::WitnessError;
pub use evidence::Evidence;
pub use service::{Clock, Witness};
use truce_ledger::SigningKey;

/// Serves `witness` on `listener` until `shutdown` completes, then lets the
/// requests under way finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    witness: Arc<Witness>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, http::router(witness)).with_graceful_shutdown(shutdown).await
}

/// An in-process witness serving on a local address.
#[derive(Debug)]
pub struct RunningWitness {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its verifier key (type 0x04), for a policy's `witness` line.
    pub vkey: String,
    /// Its name.
    pub name: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningWitness {
    /// Its base URL, `http://<addr>`; `add-checkpoint` is under it.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops serving and waits until the directory is released, so it can
    /// be opened again. (Dropping a `RunningWitness` also stops it, without
    /// waiting.)
    pub async fn shutdown(mut self) -> Result<(), WitnessError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result.map_err(|e| WitnessError::Listen { addr: self.addr, source: e }),
            Err(e) => Err(WitnessError::Task(e.to_string())),
        }
    }
}

impl Drop for RunningWitness {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a witness named `name` with `key` over the data directory `dir`
/// (created with that key if it holds no witness yet; refused if it holds
/// another key or name), trusting `logs` in addition to what it already
/// trusts, listening on `listen` (`127.0.0.1:0` for any free port), its
/// cosignatures timed by `clock`. Must be called inside a Tokio runtime.
///
/// ```no_run
/// # async fn demo(dir: &std::path::Path, log_vkey: &str) -> Result<(), truce_witness::WitnessError> {
/// use std::sync::Arc;
/// let logs = [truce_witness::TrustedLog::from_vkey(log_vkey, None)?];
/// let key = truce_ledger::SigningKey::from_seed([7; 32]);
/// let clock = Arc::new(|| 1_767_225_600u64);
/// let witness = truce_witness::spawn(dir, "party-a.example/witness", key, &logs, "127.0.0.1:0".parse().unwrap(), clock).await?;
/// println!("witness {} {} at {}", witness.name, witness.vkey, witness.url());
/// # Ok(()) }
/// ```
pub async fn spawn(
    dir: &Path,
    name: &str,
    key: SigningKey,
    logs: &[TrustedLog],
    listen: SocketAddr,
    clock: Arc<dyn Clock>,
) -> Result<RunningWitness, WitnessError> {
    let witness_dir = WitnessDir::new(dir);
    if dir.join(dir::KEY_FILE).exists() {
        let held = witness_dir.key()?;
        if held.to_seed() != key.to_seed() {
            return Err(WitnessError::KeyMismatch { path: dir.join(dir::KEY_FILE) });
        }
        let settings = witness_dir.settings()?;
        if settings.name != name {
            return Err(WitnessError::NameMismatch { given: name.to_owned(), held: settings.name });
        }
    } else {
        witness_dir.init(name, &key)?;
    }
    for log in logs {
        witness_dir.trust(log)?;
    }
    let witness = Arc::new(Witness::open(&witness_dir, clock)?);
    let listener =
        tokio::net::TcpListener::bind(listen).await.map_err(|source| WitnessError::Listen { addr: listen, source })?;
    let addr = listener.local_addr().map_err(|source| WitnessError::Listen { addr: listen, source })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (vkey, name) = (witness.vkey(), witness.name().to_owned());
    let task = tokio::spawn(serve(listener, witness, async move {
        let _ = stopped.await;
    }));
    Ok(RunningWitness { addr, vkey, name, stop: Some(stop), task })
}
