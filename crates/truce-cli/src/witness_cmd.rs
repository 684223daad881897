//! `truce witness …` and `truce bench witness`: a party's own witness.
//!
//! The witness service is `truce_witness`; this module gives it a key from
//! the operating system's random source, the one clock of the program, a
//! listening address, logging and SIGTERM, and turns its errors into
//! messages that name the flag.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use truce_ledger::{LogIdentity, SigningKey, Tree, leaf_hash};
use truce_witness::{Clock, TrustedLog, Witness, WitnessDir, WitnessError};

/// `truce witness …`
#[derive(Debug, clap::Subcommand)]
pub enum WitnessCommand {
    /// Create a witness: its key (mode 0600, in a 0700 directory) and name.
    /// Prints its verifier key (type 0x04) for the agreement's witness policy.
    Init {
        /// The witness's data directory.
        #[arg(long)]
        data: PathBuf,
        /// The witness's name, the key name of its cosignatures
        /// (a schemaless URL such as `witness.party-a.example`).
        #[arg(long)]
        name: String,
    },
    /// Trust a log: cosign its checkpoints from now on. A running witness
    /// reads this when it starts.
    AddLog {
        /// The witness's data directory.
        #[arg(long)]
        data: PathBuf,
        /// The log's verifier key (`truce log key` prints it, a server serves it at `/log/vkey`; type 0x01).
        #[arg(long)]
        vkey: String,
        /// The origin line of its checkpoints; by default the key's name.
        #[arg(long)]
        origin: Option<String>,
    },
    /// Answer C2SP tlog-witness requests: `POST /add-checkpoint`, and
    /// `GET /<hex sha256(origin)>/checkpoint` for monitors.
    Serve {
        /// The witness's data directory.
        #[arg(long)]
        data: PathBuf,
        /// The address to listen on (put a TLS proxy in front).
        #[arg(long, default_value = "127.0.0.1:7380")]
        listen: SocketAddr,
    },
    /// List the validly signed checkpoints refused as inconsistent with what
    /// this witness cosigned: a log's signature over a fork or a bug.
    Evidence {
        /// The witness's data directory.
        #[arg(long)]
        data: PathBuf,
        /// Also print each kept request, verbatim.
        #[arg(long)]
        full: bool,
    },
}

/// The program's clock as the witness reads it: Unix seconds (0, which the
/// witness refuses to sign with, if the clock is before 1970).
fn clock() -> Arc<dyn Clock> {
    Arc::new(|| u64::try_from(truce_node::clock::now().as_second()).unwrap_or(0))
}

/// Names the flag a library error is about.
fn flagged(error: WitnessError) -> anyhow::Error {
    let flag = match &error {
        WitnessError::InvalidName { .. } | WitnessError::NameMismatch { .. } => "--name",
        WitnessError::InvalidVkey { .. } => "--vkey",
        WitnessError::InvalidOrigin { .. } => "--origin",
        WitnessError::Listen { .. } => "--listen",
        WitnessError::AlreadyInitialized { .. }
        | WitnessError::NotInitialized { .. }
        | WitnessError::Locked { .. }
        | WitnessError::Corrupt { .. }
        | WitnessError::File { .. }
        | WitnessError::KeyMismatch { .. } => "--data",
        WitnessError::Refused(_) | WitnessError::Cosign(_) | WitnessError::Task(_) => return error.into(),
    };
    anyhow::Error::new(error).context(flag)
}

/// Runs one `truce witness` command.
pub fn run(command: WitnessCommand) -> anyhow::Result<ExitCode> {
    match command {
        WitnessCommand::Init { data, name } => {
            let key = truce_node::keys::generate()?;
            let cosigner = WitnessDir::new(&data).init(&name, &key).map_err(flagged)?;
            eprintln!(
                "created witness {name} in {} (keep witness.key secret and backed up; see docs/operations.md)",
                data.display()
            );
            crate::emit(&format!("{}\n", cosigner.vkey()))?;
            Ok(ExitCode::SUCCESS)
        }
        WitnessCommand::AddLog { data, vkey, origin } => {
            let log = TrustedLog::from_vkey(&vkey, origin.as_deref()).map_err(flagged)?;
            let settings = WitnessDir::new(&data).trust(&log).map_err(flagged)?;
            let keys =
                settings.logs.iter().find(|known| known.origin == log.origin).map_or(0, |known| known.vkeys.len());
            eprintln!("trusting {} with {keys} key(s); restart a running witness to apply", log.origin);
            crate::emit(&format!("{}\n", log.origin))?;
            Ok(ExitCode::SUCCESS)
        }
        WitnessCommand::Serve { data, listen } => serve(&data, listen),
        WitnessCommand::Evidence { data, full } => {
            let dir = WitnessDir::new(&data);
            dir.settings().map_err(flagged)?;
            let kept = dir.evidence().map_err(flagged)?;
            let mut out = String::new();
            for evidence in &kept {
                let time = i64::try_from(evidence.time)
                    .ok()
                    .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
                    .map_or_else(|| evidence.time.to_string(), |t| t.to_string());
                out.push_str(&format!(
                    "{time}\t{}\t{}\t{}\n",
                    evidence.origin,
                    evidence.reason,
                    evidence.file.display()
                ));
                if full {
                    out.push_str(&format!("{}\n", evidence.body));
                }
            }
            eprintln!("{} request(s) kept as evidence in {}", kept.len(), data.join("evidence").display());
            crate::emit(&out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn serve(data: &Path, listen: SocketAddr) -> anyhow::Result<ExitCode> {
    crate::serve_cmd::init_logging()?;
    let dir = WitnessDir::new(data);
    let witness = Arc::new(Witness::open(&dir, clock()).map_err(flagged)?);
    let logs = dir.settings().map_err(flagged)?.logs;
    if logs.is_empty() {
        tracing::warn!("this witness trusts no log yet: every request will be answered 404 (truce witness add-log)");
    }
    crate::ledger_cmd::runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await.context("--listen")?;
        let addr = listener.local_addr().context("--listen")?;
        eprintln!("witness {} serving {} on http://{addr}/ for {} log(s)", witness.name(), data.display(), logs.len());
        eprintln!("vkey {}", witness.vkey());
        truce_witness::serve(listener, witness, crate::serve_cmd::shutdown_signal()).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `truce bench witness`: a real witness on loopback, driven with
/// add-checkpoint requests over a log of `entries` leaves, each request
/// extending its log's last cosigned size by `step` with a real consistency
/// proof. Each origin is one log and one keep-alive connection sending its
/// requests one after another (a log can only extend what was cosigned);
/// several origins run at once. Everything is signed and proved before the
/// clock starts, so the figure is the witness's.
pub fn bench(
    data: Option<&Path>,
    entries: u64,
    origin_counts: &[usize],
    requests: usize,
    step: u64,
) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(step > 0, "--step: must be at least 1");
    anyhow::ensure!(requests > 0, "--requests: must be at least 1");
    anyhow::ensure!(origin_counts.iter().all(|n| *n > 0), "--origins: each count must be at least 1");
    let most = origin_counts.iter().copied().max().unwrap_or(1);
    let per_origin_max = requests.div_ceil(origin_counts.iter().copied().min().unwrap_or(1));
    let size = entries + step * per_origin_max as u64;
    let started = truce_node::clock::instant();
    let mut tree = Tree::new();
    for i in 0..size {
        tree.append_leaf_hash(leaf_hash(&i.to_be_bytes()))?;
    }
    eprintln!("built a tree of {size} leaves in {:.1} s", started.elapsed().as_secs_f64());
    let logs: Vec<LogIdentity> = (0..most)
        .map(|k| LogIdentity::new(&format!("truce.bench/log-{k}"), SigningKey::from_seed(seed(k))))
        .collect::<Result<_, _>>()?;
    let runtime = crate::ledger_cmd::runtime()?;
    let scratch =
        tempfile::Builder::new().prefix("truce-bench-witness-").tempdir_in(data.unwrap_or(&std::env::temp_dir()))?;
    println!("entries\torigins\trequests\tseconds\trequests/s\tp50 ms\tp99 ms");
    for (run, &origins) in origin_counts.iter().enumerate() {
        let per_origin = requests.div_ceil(origins);
        // Each origin's requests: the first cosigns the 1M-entry tree from
        // nothing (not timed), then `per_origin` extensions.
        let mut bodies: Vec<(String, Vec<String>)> = Vec::with_capacity(origins);
        for log in logs.iter().take(origins) {
            let first = request(&tree, log, 0, entries)?;
            let mut chain = Vec::with_capacity(per_origin);
            for j in 0..per_origin as u64 {
                let (old, new) = (entries + j * step, entries + (j + 1) * step);
                chain.push(request(&tree, log, old, new)?);
            }
            bodies.push((first, chain));
        }
        let trusted: Vec<TrustedLog> =
            logs.iter().take(origins).map(|log| TrustedLog::from_vkey(&log.vkey(), None)).collect::<Result<_, _>>()?;
        let dir = scratch.path().join(format!("run-{run}"));
        let witness = runtime.block_on(truce_witness::spawn(
            &dir,
            "truce.bench/witness",
            SigningKey::from_seed([0xbe; 32]),
            &trusted,
            "127.0.0.1:0".parse()?,
            clock(),
        ))?;
        let url = format!("{}/add-checkpoint", witness.url());
        let agent = |_: usize| -> ureq::Agent {
            ureq::Agent::config_builder()
                .timeout_global(Some(std::time::Duration::from_secs(60)))
                .http_status_as_error(false)
                .build()
                .into()
        };
        let agents: Vec<ureq::Agent> = (0..origins).map(agent).collect();
        for ((first, _), agent) in bodies.iter().zip(&agents) {
            send(agent, &url, first)?;
        }
        let start = truce_node::clock::instant();
        let latencies = std::thread::scope(|scope| {
            let handles: Vec<_> = bodies
                .iter()
                .zip(&agents)
                .map(|((_, chain), agent)| {
                    let url = &url;
                    scope.spawn(move || -> anyhow::Result<Vec<f64>> {
                        let mut times = Vec::with_capacity(chain.len());
                        for body in chain {
                            let sent = truce_node::clock::instant();
                            send(agent, url, body)?;
                            times.push(sent.elapsed().as_secs_f64() * 1000.0);
                        }
                        Ok(times)
                    })
                })
                .collect();
            let mut all = Vec::new();
            for handle in handles {
                let times = handle.join().map_err(|_| anyhow::anyhow!("a client thread panicked"))??;
                all.extend(times);
            }
            Ok::<_, anyhow::Error>(all)
        })?;
        let secs = start.elapsed().as_secs_f64();
        runtime.block_on(witness.shutdown())?;
        let mut sorted = latencies;
        sorted.sort_by(f64::total_cmp);
        let pick = |q: f64| sorted.get(((sorted.len() as f64 - 1.0) * q) as usize).copied().unwrap_or(f64::NAN);
        println!(
            "{entries}\t{origins}\t{}\t{secs:.2}\t{:.0}\t{:.2}\t{:.2}",
            sorted.len(),
            sorted.len() as f64 / secs,
            pick(0.5),
            pick(0.99)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn seed(k: usize) -> [u8; 32] {
    let mut seed = [0x5a; 32];
    seed[..8].copy_from_slice(&(k as u64).to_be_bytes());
    seed
}

/// The add-checkpoint body taking a witness at `old` to `new`.
fn request(tree: &Tree, log: &LogIdentity, old: u64, new: u64) -> anyhow::Result<String> {
    let proof = if old > 0 { tree.consistency_proof(old, new)? } else { Vec::new() };
    Ok(truce_ledger::witness::add_checkpoint_body(old, &proof, &log.sign_checkpoint(new, &tree.root_at(new)?)?))
}

fn send(agent: &ureq::Agent, url: &str, body: &str) -> anyhow::Result<()> {
    let mut response = agent.post(url).content_type("text/plain").send(body).context("add-checkpoint")?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().context("reading the answer")?;
    anyhow::ensure!(status == 200, "add-checkpoint answered {status}: {}", text.trim());
    Ok(())
}
