//! `truce mirror`: a party's own copy of the log, fetched from the
//! operator's server, checked, kept, and optionally served.
//!
//! The copy and its checks are `truce_node::mirror`; serving it is
//! `truce_server::mirror`. This module gives them HTTP (the blocking
//! client `truce verify --url` uses), the polling loop, the listening
//! address and SIGTERM, and turns their errors into messages and exit
//! codes: 1 when the served log fails a check (a refused checkpoint, a
//! fork, a bad entry or tile), 2 when the server cannot be reached or the
//! copy on disk cannot be used.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use truce_node::mirror::{CosignRefusal, Mirror, MirrorError, Update};

use crate::ledger_cmd::{http_get, log_base};

/// `truce mirror …`
#[derive(Debug, clap::Args)]
pub struct MirrorArgs {
    /// The server whose log to copy (`URL/log/checkpoint`, `URL/log/tile/…`).
    #[arg(long)]
    url: String,
    /// The mirror's directory: the log in the C2SP tlog-tiles layout and `mirror.json`.
    #[arg(long)]
    data: PathBuf,
    /// The log's verifier key, obtained out of band (`truce log key` prints it).
    #[arg(long)]
    vkey: String,
    /// The witness policy (C2SP tlog-policy, as `truce log policy` prints it), obtained
    /// out of band: only a checkpoint its quorum cosigned is copied.
    #[arg(long)]
    policy: PathBuf,
    /// Also serve the copy read-only at the same paths (`/log/checkpoint`, `/log/tile/…`,
    /// `/log/vkey`, `/log/policy`) on this address, until SIGTERM.
    #[arg(long)]
    serve: Option<SocketAddr>,
    /// Keep polling the server every SECONDS (until SIGTERM) instead of updating once.
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    follow: Option<u64>,
    /// With --serve, also answer C2SP tlog-witness `POST /add-checkpoint` as the witness
    /// NAME, cosigning a checkpoint only once the copy holds every entry of it. The key is
    /// `DIR/cosigner.key` (made on first use); the verifier key printed at start is the one
    /// to name in the agreement's witnessing table.
    #[arg(long, value_name = "NAME", requires = "serve")]
    cosign: Option<String>,
}

/// A mirror that cosigns: the copy, shared with the polling loop, its key,
/// and the log it reads.
struct CosigningMirror {
    mirror: Arc<Mutex<Mirror>>,
    cosigner: truce_ledger::Cosigner,
    read: Reader,
}

impl truce_server::mirror::Cosigning for CosigningMirror {
    fn add_checkpoint(&self, body: &[u8]) -> Result<String, CosignRefusal> {
        let mut mirror = self.mirror.lock().map_err(|_| {
            CosignRefusal::Mirror(MirrorError::Local {
                dir: PathBuf::new(),
                reason: "an earlier update panicked while holding the copy".to_owned(),
            })
        })?;
        let now = u64::try_from(truce_node::clock::now().as_second()).unwrap_or(0);
        let result = mirror.add_checkpoint(body, |path| self.read.get(path), &self.cosigner, now, &self.read.base);
        match &result {
            Ok(_) => println!("cosigned: {} holds the log up to size {}", mirror.dir().display(), held_size(&mirror)),
            Err(e) => eprintln!("refused to cosign: {e}"),
        }
        result
    }
}

fn held_size(mirror: &Mirror) -> u64 {
    mirror.held().map_or(0, |held| held.size)
}

/// Reads the log's files over HTTP.
#[derive(Clone)]
struct Reader {
    agent: ureq::Agent,
    base: String,
}

impl Reader {
    fn get(&self, path: &str) -> Result<Vec<u8>, MirrorError> {
        let file = format!("{}/{path}", self.base);
        match http_get(&self.agent, &file) {
            Ok((200, body)) => Ok(body),
            Ok((status, _)) => {
                Err(MirrorError::Fetch { path: file, message: format!("the server answers {status}, not the file") })
            }
            Err(e) => Err(MirrorError::Fetch { path: file, message: e.to_string() }),
        }
    }
}

/// `truce mirror`.
pub fn run(args: MirrorArgs) -> anyhow::Result<ExitCode> {
    let policy_text =
        std::fs::read_to_string(&args.policy).with_context(|| format!("reading {}", args.policy.display()))?;
    let policy = truce_ledger::policy::Policy::parse(&policy_text)
        .with_context(|| format!("--policy {}", args.policy.display()))?;
    let vkey = args.vkey.trim().to_owned();
    let mirror = Arc::new(Mutex::new(Mirror::open(&args.data, &vkey)?));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let read = Reader { agent, base: log_base(&args.url) };
    let cosigning = match &args.cosign {
        Some(name) => {
            let cosigner = truce_node::mirror::cosigner(&args.data, name)?;
            println!("cosigning as {}", cosigner.vkey());
            Some(Arc::new(CosigningMirror { mirror: Arc::clone(&mirror), cosigner, read: read.clone() })
                as Arc<dyn truce_server::mirror::Cosigning>)
        }
        None => None,
    };
    let data = args.data.clone();
    let mut update = move || {
        let mut mirror = mirror.lock().map_err(|_| MirrorError::Local {
            dir: data.clone(),
            reason: "a cosigning request panicked while holding the copy".to_owned(),
        })?;
        let result = mirror.update(|path| read.get(path), &policy, &read.base);
        report(&mirror, &result);
        result
    };
    if args.serve.is_none() && args.follow.is_none() {
        return Ok(exit_code(&update()));
    }
    crate::ledger_cmd::runtime()?.block_on(async move {
        let served = match args.serve {
            Some(listen) => {
                let listener = tokio::net::TcpListener::bind(listen).await.context("--serve")?;
                let addr = listener.local_addr().context("--serve")?;
                let files = truce_server::mirror::MirrorFiles {
                    dir: args.data.clone(),
                    vkey: vkey.clone(),
                    policy: policy_text,
                };
                eprintln!("serving the mirror of {} on http://{addr}/log", args.data.display());
                Some(tokio::spawn(truce_server::mirror::serve(
                    listener,
                    files,
                    cosigning,
                    crate::serve_cmd::shutdown_signal(),
                )))
            }
            None => None,
        };
        let mut shutdown = std::pin::pin!(crate::serve_cmd::shutdown_signal());
        let mut code;
        loop {
            let (returned, result) = tokio::task::spawn_blocking(move || {
                let result = update();
                (update, result)
            })
            .await
            .context("the mirror's update task")?;
            update = returned;
            code = exit_code(&result);
            let Some(every) = args.follow else { break };
            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep(Duration::from_secs(every)) => {}
            }
        }
        if let Some(served) = served {
            served.await.context("the mirror's server")?.context("serving the mirror")?;
        }
        Ok(code)
    })
}

/// Prints one line on what an update did, or why it failed.
fn report(mirror: &Mirror, result: &Result<Update, MirrorError>) {
    match result {
        Ok(update) if update.served < update.size => println!(
            "ok: {} holds the log up to size {}, beyond the size {} the server serves (a checkpoint the mirror \
             cosigned before the quorum did, or a stale one); the served tree is a prefix of the copy",
            mirror.dir().display(),
            update.size,
            update.served
        ),
        Ok(update) if update.fetched.is_empty() => {
            println!("ok: {} holds the log up to size {}; nothing new", mirror.dir().display(), update.size)
        }
        Ok(update) => println!(
            "ok: {} holds the log up to size {} (was {}); fetched {} bundles and tiles, every entry's signature, \
             the tree and the witness quorum check",
            mirror.dir().display(),
            update.size,
            update.old_size,
            update.fetched.len()
        ),
        Err(e) => eprintln!("mirror failed: {e}"),
    }
}

/// 0 when the update passed, 1 when the served log failed a check, 2 when
/// the server could not be reached or the copy could not be written.
fn exit_code(result: &Result<Update, MirrorError>) -> ExitCode {
    match result {
        Ok(_) => ExitCode::SUCCESS,
        Err(MirrorError::Refused(_) | MirrorError::Fork { .. } | MirrorError::Invalid(_)) => ExitCode::FAILURE,
        Err(MirrorError::Fetch { .. } | MirrorError::Local { .. } | MirrorError::Io { .. }) => ExitCode::from(2),
    }
}
