//! `truce init`, `truce log key`, `truce verify`, `truce rebuild` and
//! `truce bench`: the ledger from the command line.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use truce_ledger::SigningKey;
use truce_node::datadir::DataDir;
use truce_node::records::{Body, PrincipalRegistered, submission};
use truce_node::replay::{self, VerifyError};
use truce_node::{Ledger, SequencerConfig, workload};

/// Options shared by commands that open a data directory.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// The data directory.
    #[arg(long, default_value = "truce-data")]
    pub data: PathBuf,
    /// The database URL, overriding the data directory's settings.
    #[arg(long)]
    pub database: Option<String>,
}

/// `truce log …`
#[derive(Debug, clap::Subcommand)]
pub enum LogCommand {
    /// Print the log's origin and its note verifier key (vkey).
    Key {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write the log as static files in the C2SP tlog-tiles layout.
    Export {
        #[command(flatten)]
        data: DataArgs,
        /// Where to write `checkpoint` and `tile/…`.
        #[arg(long)]
        out: PathBuf,
        /// A witness policy (as `truce log policy` prints it): export the latest checkpoint whose
        /// cosignatures meet its quorum, so that `truce log check --policy` accepts the copy.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Check a published tlog-tiles directory with the log's verifier key alone.
    Check {
        /// The published directory.
        dir: PathBuf,
        /// The log's verifier key (`truce log key` prints it).
        #[arg(long)]
        vkey: String,
        /// A witness policy (C2SP tlog-policy, `truce log policy` prints it): the checkpoint must
        /// carry cosignatures that meet its quorum.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Print the witness policy of the agreement in force, as a C2SP tlog-policy (log, witness,
    /// group and quorum lines), for clients to pin.
    Policy {
        #[command(flatten)]
        data: DataArgs,
        /// The log's public address, written on the `log` line.
        #[arg(long)]
        url: Option<String>,
        /// Print instead an entry for the public witness network's log list (`logs/v0`).
        #[arg(long)]
        logs_v0: bool,
        /// With --logs-v0: add-checkpoint requests per day the log may send each witness.
        #[arg(long, default_value_t = 1440, requires = "logs_v0")]
        qpd: u32,
        /// With --logs-v0: how the witness operators reach the log's operator.
        #[arg(long, requires = "logs_v0")]
        contact: Option<String>,
    },
}

/// `truce bench …`
#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Durable appends of signed records through the sequencer, into a new data directory.
    Append {
        #[command(flatten)]
        data: DataArgs,
        /// Records to append (rounded up to whole case lifecycles).
        #[arg(long, default_value_t = 100_000)]
        records: u64,
        /// Characters of padding in free-text fields (about 1 KiB records at 700).
        #[arg(long, default_value_t = 700)]
        pad: usize,
        /// Concurrent submitters.
        #[arg(long, default_value_t = 512)]
        submitters: usize,
        /// Print "ack INDEX" for each durable record (for the crash test).
        #[arg(long)]
        print_acks: bool,
        /// Run the demo's four witnesses on loopback, named in the agreement, and collect their
        /// cosignatures while appending (to measure what witnessing costs appends).
        #[arg(long)]
        witnesses: bool,
        /// Sign each record just before it is submitted instead of all of them before the clock
        /// starts, so that no more than one record per submitter is held in memory: for logs too
        /// large to pre-sign (10,000,000 records). The signing is then inside the measured time.
        #[arg(long)]
        stream: bool,
    },
    /// File many cases into an existing demo deployment (the server stopped), to measure the case list.
    Fill {
        #[command(flatten)]
        data: DataArgs,
        /// Cases to file.
        #[arg(long, default_value_t = 100_000)]
        cases: u64,
        /// Concurrent submitters.
        #[arg(long, default_value_t = 256)]
        submitters: usize,
        /// The number of the first case (`bench-NNNNNNN`), to add to an earlier fill.
        #[arg(long, default_value_t = 0)]
        first: u64,
    },
    /// Stream every open-data format over many published cases in a fresh store, reporting rows/s and memory.
    Export {
        /// Published cases to write and export.
        #[arg(long, default_value_t = 1_000_000)]
        rows: u64,
        /// A database URL to fill instead of SQLite in a temporary directory (it must be empty).
        #[arg(long)]
        database: Option<String>,
    },
    /// Time `truce verify` on an existing data directory and report peak memory.
    Verify {
        #[command(flatten)]
        data: DataArgs,
    },
    /// A witness on loopback: add-checkpoint requests per second, each
    /// extending a large log by a few entries with a consistency proof.
    Witness {
        /// Where the witness keeps its state during the run (a fresh folder
        /// inside, removed after): its fsyncs are what is measured, so put it
        /// on the disk a witness would use. The system's temporary directory
        /// if absent.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Leaves in the log before the first cosigned checkpoint.
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
        /// Runs, one per count: that many logs at once, each one keep-alive
        /// connection sending its requests in order.
        #[arg(long, value_delimiter = ',', default_value = "1,4,16,64")]
        origins: Vec<usize>,
        /// Requests per run, spread over its logs.
        #[arg(long, default_value_t = 20_000)]
        requests: usize,
        /// Entries each request adds.
        #[arg(long, default_value_t = 4)]
        step: u64,
    },
}

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

/// `truce init`.
pub fn init(data: &DataArgs, origin: &str, text: &str, admin: &str) -> anyhow::Result<ExitCode> {
    let dir = DataDir::new(&data.data);
    let password = runtime()?.block_on(async {
        dir.init(origin, data.database.as_deref(), admin, text).await?;
        let store = dir.store(data.database.as_deref()).await?;
        let now = truce_node::clock::now();
        let password = truce_server::app::accounts::issue_account(&store, now, admin).await?;
        store.close().await;
        Ok::<_, anyhow::Error>(password)
    })?;
    println!("created a deployment in {}", data.data.display());
    println!("log origin: {origin}");
    println!("administrator {admin}: key in {}", dir.principal_key_path(admin).display());
    println!("administrator {admin}: one-time password {password}");
    println!("  (shown only now; it must be changed at first login)");
    if let Ok(a) = truce_core::Agreement::from_toml(text)
        && !a.consent.signatories.is_empty()
    {
        let names: Vec<&str> = a.consent.signatories.iter().map(|p| p.as_str()).collect();
        println!(
            "agreement {} v{}: proposed, not in force until {} sign it with their own keys \
                 (truce agreement sign, then post each agreement.signed.v1 record)",
            a.identity.id,
            a.identity.version,
            names.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `truce log key`.
pub fn log(command: LogCommand) -> anyhow::Result<ExitCode> {
    match command {
        LogCommand::Key { data } => {
            let dir = DataDir::new(&data.data);
            let identity = dir.identity()?;
            println!("origin {}", identity.origin());
            println!("vkey {}", identity.vkey());
            Ok(ExitCode::SUCCESS)
        }
        LogCommand::Export { data, out, policy } => {
            let dir = DataDir::new(&data.data);
            let policy = policy.as_deref().map(read_policy).transpose()?;
            let size = runtime()?.block_on(async {
                let store = dir.store(data.database.as_deref()).await?;
                let size = match &policy {
                    Some(policy) => truce_node::publish::export_witnessed(&store, &out, policy).await?,
                    None => truce_node::publish::export(&store, &out).await?,
                };
                store.close().await;
                Ok::<_, anyhow::Error>(size)
            })?;
            println!("published {size} records to {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        LogCommand::Policy { data, url, logs_v0, qpd, contact } => {
            let dir = DataDir::new(&data.data);
            let vkey = dir.identity()?.vkey();
            if logs_v0 {
                let contact = contact.unwrap_or_else(|| "the operator's published contact".to_owned());
                print!("{}", truce_node::witnessing::log_list_entry(&vkey, qpd, &contact));
                return Ok(ExitCode::SUCCESS);
            }
            let agreement = runtime()?.block_on(async {
                let store = dir.store(data.database.as_deref()).await?;
                let (mechanism, _) = truce_node::replay::load(&store, dir.blobs().as_ref(), &vkey).await?;
                store.close().await;
                Ok::<_, anyhow::Error>(mechanism.agreement().cloned())
            })?;
            let agreement = agreement.context("no agreement has been adopted in this log")?;
            match truce_node::witnessing::policy_for(&agreement, &vkey, url.as_deref())? {
                Some(policy) => {
                    print!("{}", policy.to_text());
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("the agreement in force names no witnesses (it has no [witnessing] table)");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        LogCommand::Check { dir, vkey, policy } => match check_published_dir(&dir, &vkey, policy.as_deref()) {
            Ok(report) => {
                println!(
                    "ok: checkpoint signed for size {}; every entry's signature and {} tiles and bundles check",
                    report.size, report.files
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("check failed: {e}");
                Ok(ExitCode::FAILURE)
            }
        },
    }
}

/// `truce verify`.
pub fn verify(data: &DataArgs) -> anyhow::Result<ExitCode> {
    let dir = DataDir::new(&data.data);
    let vkey = dir.vkey()?;
    let rt = runtime()?;
    let result = rt.block_on(async {
        let store = dir.store(data.database.as_deref()).await?;
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records ({per_sec}, {eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let mut progress = |done: u64, total: u64| {
            bar.set_length(total);
            bar.set_position(done);
        };
        let result = replay::verify(&store, dir.blobs().as_ref(), &vkey, &mut progress).await;
        bar.finish_and_clear();
        store.close().await;
        Ok::<_, anyhow::Error>(result)
    })?;
    match result {
        Ok(report) => {
            println!(
                "ok: {} records, signatures and rules checked; tree matches {} checkpoints (latest at size {}); {} cases and {} projection rows match",
                report.records, report.checkpoints, report.checkpoint_size, report.cases, report.rows
            );
            println!(
                "custody: {} records signed by the server for custodial principals, {} with their authors' own keys",
                report.custodial_records,
                report.records.saturating_sub(report.custodial_records)
            );
            print!("{}", consent_lines(&report));
            Ok(ExitCode::SUCCESS)
        }
        Err(VerifyError::Discrepancy(d)) => {
            eprintln!("verification failed: {d}");
            Ok(ExitCode::FAILURE)
        }
        Err(VerifyError::Node(e)) => Err(e.into()),
    }
}

/// Who put each version of the agreement in force, as the replay found it.
fn consent_lines(report: &replay::VerifyReport) -> String {
    use truce_node::consent::Outcome;
    let mut out = String::new();
    if report.versions.is_empty()
        && let Some((id, version)) = &report.agreement
    {
        out.push_str(&format!(
            "agreement {id} v{version}: in force by agreement.adopted.v1, the operator's administrator alone; \
                 no participant signed it in the log\n"
        ));
    }
    for v in &report.versions {
        let status = match v.outcome {
            Outcome::Draft => "a draft awaiting signatures".to_owned(),
            Outcome::Superseded => "a superseded draft".to_owned(),
            Outcome::InForce(at) => format!("in force from record {at}"),
        };
        let signed: Vec<String> =
            v.signatures.iter().filter_map(|(p, at)| at.map(|at| format!("{p} (record {at})"))).collect();
        let missing: Vec<&str> = v.signatures.iter().filter(|(_, at)| at.is_none()).map(|(p, _)| p.as_str()).collect();
        out.push_str(&format!(
            "agreement {} v{}: {status}; signed by its participants' keys: ",
            v.agreement, v.version
        ));
        out.push_str(&if signed.is_empty() { "none".to_owned() } else { signed.join(", ") });
        if !missing.is_empty() {
            out.push_str(&format!("; not signed by {}", missing.join(", ")));
        }
        out.push('\n');
    }
    out.push_str(&talks_lines(&report.talks));
    out.push_str(&alert_lines(&report.alerts));
    out.push_str(&public_source_lines(&report.public_sources));
    out.push_str(&situation_lines(&report.situation));
    out
}

/// How many public-source reports the log holds, and how many of them
/// looked like open cases when imported, as the replay recomputed them.
fn public_source_lines(sources: &truce_core::public_source::PublicSources) -> String {
    if sources.reports.is_empty() {
        return String::new();
    }
    let matched = sources.reports.values().filter(|r| !r.matches.is_empty()).count();
    format!(
        "public-source reports: {} imported (each event once), {matched} of them looking like open cases, recomputed\n",
        sources.reports.len()
    )
}

/// Each daily situation report, its numbers recomputed by the replay from
/// the log when drafted and when published.
fn situation_lines(reports: &std::collections::BTreeMap<jiff::civil::Date, truce_core::situation::Report>) -> String {
    let mut out = String::new();
    for (day, r) in reports {
        let total = r.numbers.total();
        let status = match r.published {
            Some(p) => format!("published (record {})", p.record),
            None if r.approved => "approved, not published".to_owned(),
            None => format!("a draft (version {})", r.version),
        };
        out.push_str(&format!(
            "situation report of {day}: {status}; recomputed: {} reported, {} admitted, {} found, {} decided, {} alerts\n",
            total.reported,
            total.admitted,
            total.found,
            total.decided,
            r.numbers.alerts.len()
        ));
    }
    out
}

/// Each early-warning alert, recomputed by the replay from the cases the
/// log held when it was raised, with its acknowledgements.
fn alert_lines(alerts: &truce_core::early_warning::Alerts) -> String {
    let mut out = String::new();
    for a in &alerts.raised {
        out.push_str(&format!(
            "alert (record {}) {} on {}, recomputed: {}",
            a.record,
            a.signal.method.as_str(),
            a.signal.day,
            a.signal.explain()
        ));
        let acks: Vec<String> = a.acknowledgements.iter().map(|x| format!("{} (record {})", x.by, x.record)).collect();
        if acks.is_empty() {
            out.push_str("; not acknowledged\n");
        } else {
            out.push_str(&format!("; acknowledged by {}\n", acks.join(", ")));
        }
    }
    out
}

/// What each communiqué and commitment carries in signatures, every one of
/// them checked against the participant keys in force by the replay.
fn talks_lines(talks: &truce_core::talks::Talks) -> String {
    use truce_core::talks::{AnswerKind, PublishedAs};
    let mut out = String::new();
    for c in talks.communiques.values() {
        let version = c.published.as_ref().map_or_else(|| c.current().map_or(0, |v| v.number), |p| p.version);
        let status = match &c.published {
            Some(p) if p.publish_as == PublishedAs::Joint => format!("published jointly (record {})", p.record),
            Some(p) => format!("published as the mediators' statement (record {})", p.record),
            None => "a draft".to_owned(),
        };
        let mut signed = Vec::new();
        let mut declined = Vec::new();
        // Each signatory's latest answer: a signature may follow a decline.
        for a in c.signatories.iter().filter_map(|p| c.answer(p, version)) {
            match &a.answer {
                AnswerKind::Signed { .. } => signed.push(format!("{} (record {})", a.participant, a.record)),
                AnswerKind::Declined { reason } => declined.push(format!("{} ({reason})", a.participant)),
            }
        }
        out.push_str(&format!("communiqué {} v{version}: {status}; signed by its participants' keys: ", c.id));
        out.push_str(&if signed.is_empty() { "none".to_owned() } else { signed.join(", ") });
        if !declined.is_empty() {
            out.push_str(&format!("; declined by {}", declined.join(", ")));
        }
        out.push('\n');
    }
    for c in talks.commitments.values() {
        let confirmed: Vec<String> =
            c.confirmations.iter().map(|x| format!("{} (record {})", x.participant, x.record)).collect();
        out.push_str(&format!("commitment {}: {}", c.id, c.status.as_str()));
        for (rule, action) in c.decisions.iter().flat_map(|d| &d.escalations) {
            out.push_str(&format!("; escalation {rule}: {action}"));
        }
        if !confirmed.is_empty() {
            out.push_str(&format!("; confirmed in writing by {}", confirmed.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Where a server publishes its log: `URL/log`, unless `url` already ends there.
pub(crate) fn log_base(url: &str) -> String {
    let url = url.trim_end_matches('/');
    if url.ends_with("/log") { url.to_owned() } else { format!("{url}/log") }
}

/// Reads a file of a log served over HTTP. A server that rate-limits
/// (429) is waited for as its `Retry-After` asks, a bounded number of times:
/// checking a large log takes many requests.
/// `truce healthcheck`: 0 when `URL/healthz` answers 200 within five
/// seconds, 1 otherwise, with one line saying what was seen.
pub fn healthcheck(url: &str) -> ExitCode {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(5)))
        .http_status_as_error(false)
        .build()
        .into();
    let endpoint = format!("{}/healthz", url.trim_end_matches('/'));
    match agent.get(&endpoint).call() {
        Ok(mut response) if response.status() == 200 => {
            println!("healthy: {}", response.body_mut().read_to_string().unwrap_or_default().trim());
            ExitCode::SUCCESS
        }
        Ok(mut response) => {
            let status = response.status();
            eprintln!(
                "unhealthy: {endpoint} answers {status}: {}",
                response.body_mut().read_to_string().unwrap_or_default().trim()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("unhealthy: {endpoint}: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn http_get(agent: &ureq::Agent, url: &str) -> Result<(u16, Vec<u8>), ureq::Error> {
    let mut waits = 0;
    loop {
        let mut response = agent.get(url).call()?;
        let status = response.status().as_u16();
        if status == 429 && waits < 60 {
            let secs = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(1)
                .clamp(1, 30);
            waits += 1;
            std::thread::sleep(std::time::Duration::from_secs(secs));
            continue;
        }
        // An entry bundle holds at most 256 entries of at most 64 KiB each.
        let body = response.body_mut().with_config().limit(17 * 1024 * 1024).read_to_vec()?;
        return Ok((status, body));
    }
}

/// `truce verify --url`: the checks of `truce log check`, over HTTP.
/// Exits 1 when the log fails a check (a file the checkpoint commits to is
/// missing or wrong), 2 when the server cannot be read at all.
pub fn verify_url(url: &str, vkey: Option<&str>, policy: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let policy = policy.map(read_policy).transpose()?;
    let base = log_base(url);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let vkey = match vkey {
        Some(v) => v.trim().to_owned(),
        None => {
            let (status, body) = http_get(&agent, &format!("{base}/vkey")).with_context(|| format!("{base}/vkey"))?;
            anyhow::ensure!(status == 200, "{base}/vkey: the server answers {status}");
            let served = String::from_utf8(body).context("the served vkey is not text")?.trim().to_owned();
            eprintln!(
                "warning: no --vkey given, so this trusts the key the server itself serves ({served}); \
                 compare it with the log's key obtained out of band"
            );
            served
        }
    };
    // A failure to reach the server is an error, not a failed check.
    let mut unreachable: Option<anyhow::Error> = None;
    let origin = vkey.split('+').next().unwrap_or_default().to_owned();
    let seen = policy.as_ref().map(|policy| witnesses_latest(&agent, policy, &origin)).unwrap_or_default();
    let result = truce_node::publish::check_witnessed_log(
        |path: &str| {
            let file = format!("{base}/{path}");
            let fail = |message: String| truce_node::NodeError::Other(format!("{file}: {message}"));
            match http_get(&agent, &file) {
                Ok((200, body)) => Ok(body),
                Ok((status, _)) if path == "checkpoint" || status >= 500 => {
                    unreachable = Some(anyhow::anyhow!("{file}: the server answers {status}"));
                    Err(fail(format!("the server answers {status}")))
                }
                Ok((status, _)) => Err(fail(format!("the server answers {status}, not the file"))),
                Err(e) => {
                    let message = e.to_string();
                    unreachable = Some(anyhow::Error::new(e).context(file.clone()));
                    Err(fail(message))
                }
            }
        },
        &vkey,
        policy.as_ref(),
        &seen,
    );
    match (result, unreachable) {
        (Ok(report), _) => {
            println!(
                "ok: {base}: checkpoint signed for size {}; every entry's signature and {} tiles and bundles check",
                report.size, report.files
            );
            if policy.is_some() {
                println!(
                    "ok: the witness quorum cosigned it; {} witness checkpoint(s) fetched, none contradicts it",
                    seen.len()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        (Err(_), Some(unreachable)) => Err(unreachable),
        (Err(e), None) => {
            eprintln!("verification failed: {base}: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Reads a tlog-policy file.
pub fn read_policy(path: &std::path::Path) -> anyhow::Result<truce_ledger::policy::Policy> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    truce_ledger::policy::Policy::parse(&text).with_context(|| format!("{}", path.display()))
}

fn check_published_dir(
    dir: &std::path::Path,
    vkey: &str,
    policy: Option<&std::path::Path>,
) -> anyhow::Result<truce_node::publish::PublishedReport> {
    let policy = policy.map(read_policy).transpose()?;
    Ok(truce_node::publish::check_witnessed_log(
        |rel: &str| {
            let path = dir.join(rel);
            std::fs::read(&path).map_err(|e| truce_node::NodeError::file(&path, e))
        },
        vkey,
        policy.as_ref(),
        &[],
    )?)
}

/// Each witness's latest cosigned checkpoint of the log `origin`, from its
/// monitoring endpoint (`<url>/<hex sha256(origin)>/checkpoint`), labelled
/// with its name; witnesses that cannot be reached are reported and skipped.
fn witnesses_latest(agent: &ureq::Agent, policy: &truce_ledger::policy::Policy, origin: &str) -> Vec<(String, String)> {
    let path = truce_ledger::witness::monitoring_path(origin);
    let mut seen = Vec::new();
    for witness in &policy.witnesses {
        let Some(url) = &witness.url else { continue };
        let address = format!("{}/{path}", url.trim_end_matches('/'));
        match http_get(agent, &address) {
            Ok((200, body)) => match String::from_utf8(body) {
                Ok(note) => seen.push((format!("witness {} ({address})", witness.name), note)),
                Err(_) => eprintln!("warning: {address}: not text"),
            },
            Ok((404, _)) => {}
            Ok((status, _)) => eprintln!("warning: {address}: the witness answers {status}"),
            Err(e) => eprintln!("warning: {address}: {e}"),
        }
    }
    seen
}

/// `truce agreement show --url`: the versions of the agreement a server's
/// log holds, who signed each and when (each signature's record and time),
/// and the withdrawals and suspensions. `truce verify` checks the same
/// signatures against the keys; this lists them.
pub fn agreement_versions(url: &str) -> anyhow::Result<ExitCode> {
    let base = url.trim_end_matches('/');
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let json = |path: &str| -> anyhow::Result<serde_json::Value> {
        let (status, body) = http_get(&agent, &format!("{base}{path}")).with_context(|| format!("{base}{path}"))?;
        anyhow::ensure!(status == 200, "{base}{path}: the server answers {status}");
        serde_json::from_slice(&body).with_context(|| format!("{base}{path}: not JSON"))
    };
    let view = json("/api/v1/agreement")?;
    let id = view["id"].as_str().unwrap_or_default();
    println!("agreement {id} v{} in force ({})", view["version"], view["sha256"].as_str().unwrap_or_default());
    let versions = view["versions"].as_array().cloned().unwrap_or_default();
    if versions.is_empty() {
        println!("no version was signed by its participants in the log: the operator's administrator adopted it alone");
    }
    for v in &versions {
        let status = match v["status"].as_str() {
            Some("in_force") => format!("in force from record {}", v["in_force_record"]),
            Some("superseded") => "superseded draft".to_owned(),
            _ => "draft awaiting signatures".to_owned(),
        };
        println!("v{}: {status}", v["version"]);
        for s in v["signatures"].as_array().into_iter().flatten() {
            let who = s["participant"].as_str().unwrap_or("?");
            match s["record"].as_u64() {
                Some(index) => {
                    let record = json(&format!("/api/v1/records/{index}"))?;
                    let time = record["record"]["time"].as_str().unwrap_or("?");
                    println!("  {who}: signed at {time} (record {index})");
                }
                None => println!("  {who}: not signed"),
            }
        }
    }
    for w in view["withdrawals"].as_array().into_iter().flatten() {
        println!(
            "{}: {} (record {}), effective {}: {}",
            w["participant"].as_str().unwrap_or("?"),
            w["kind"].as_str().unwrap_or("?"),
            w["record"],
            w["effective_at"].as_str().unwrap_or("?"),
            w["reason"].as_str().unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `truce rebuild`.
pub fn rebuild(data: &DataArgs) -> anyhow::Result<ExitCode> {
    let dir = DataDir::new(&data.data);
    let vkey = dir.identity()?.vkey();
    let n = runtime()?.block_on(async {
        let store = dir.store(data.database.as_deref()).await?;
        let n = replay::rebuild(&store, dir.blobs().as_ref(), &vkey).await?;
        store.close().await;
        Ok::<_, anyhow::Error>(n)
    })?;
    println!("rebuilt the projections from {n} records");
    Ok(ExitCode::SUCCESS)
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// `truce bench …`.
pub fn bench(command: BenchCommand) -> anyhow::Result<ExitCode> {
    match command {
        BenchCommand::Append { data, records, pad, submitters, print_acks, witnesses, stream } => {
            let run = AppendRun { records, pad, submitters, print_acks, witnesses, stream };
            runtime()?.block_on(bench_append(data, run))
        }
        BenchCommand::Fill { data, cases, submitters, first } => {
            runtime()?.block_on(crate::bench_fill::fill(&data, first..first.saturating_add(cases), submitters))
        }
        BenchCommand::Witness { data, entries, origins, requests, step } => {
            crate::witness_cmd::bench(data.as_deref(), entries, &origins, requests, step)
        }
        BenchCommand::Export { rows, database } => {
            runtime()?.block_on(crate::bench_export::export(rows, database.as_deref()))
        }
        BenchCommand::Verify { data } => {
            let start = truce_node::clock::instant();
            let code = verify(&data)?;
            let secs = start.elapsed().as_secs_f64();
            let dir = DataDir::new(&data.data);
            let size = runtime()?.block_on(async {
                let store = dir.store(data.database.as_deref()).await?;
                Ok::<_, anyhow::Error>(store.log_size().await?)
            })?;
            println!(
                "verify: {size} records in {secs:.1} s = {:.0} records/s; peak RSS {:.0} MiB",
                size as f64 / secs,
                peak_rss_mib().unwrap_or(f64::NAN)
            );
            Ok(code)
        }
    }
}

/// What `truce bench append` was asked to do.
struct AppendRun {
    records: u64,
    pad: usize,
    submitters: usize,
    print_acks: bool,
    witnesses: bool,
    stream: bool,
}

/// The signed records of case `n`'s lifecycle, as a party's own system would send them.
fn signed_lifecycle(
    keys: &std::collections::BTreeMap<&'static str, (SigningKey, Option<&'static str>)>,
    n: u64,
    start_time: jiff::Timestamp,
    pad: usize,
) -> anyhow::Result<Vec<truce_node::Submission>> {
    let mut out = Vec::with_capacity(workload::COMMANDS_PER_CASE);
    for (who, time, command) in workload::lifecycle(n, start_time, pad)? {
        let (key, participant) = &keys[who];
        // Submitted as a party's own system would send it, so that the
        // sequencer checks every signature, as it must for such records.
        let (record, reveal) =
            submission(key, who, *participant, time, &Body::Case(Box::new(command)), None)?.into_parts();
        out.push(truce_node::Submission::signed_elsewhere(record, reveal));
    }
    Ok(out)
}

async fn bench_append(data: DataArgs, run: AppendRun) -> anyhow::Result<ExitCode> {
    let AppendRun { records, pad, submitters, print_acks, witnesses, stream } = run;
    let dir = DataDir::new(&data.data);
    let mut agreement = include_str!("../../../agreements/doha-istanbul-2025.toml").to_owned();
    if witnesses {
        agreement.push_str(&crate::demo_witnesses::prepare(&dir)?);
    }
    let admin = dir.init("truce.bench/log", data.database.as_deref(), "admin", &agreement).await?;
    let config = SequencerConfig { max_clock_skew: None, ..SequencerConfig::default() };
    let (ledger, handle) = dir.start(data.database.as_deref(), config).await?;
    // The witnesses and the collector, when asked for: they run beside the
    // sequencer as in `truce serve`.
    let (_running, witnessing) = if witnesses {
        let running = crate::demo_witnesses::start(&dir).await?;
        let store = dir.store(data.database.as_deref()).await?;
        let (witnessing, _collector) =
            truce_node::witnessing::Witnessing::start(store, ledger.observer(), dir.identity()?.vkey(), None).await?;
        (running, Some(witnessing))
    } else {
        (Vec::new(), None)
    };
    let start_time: jiff::Timestamp = "2025-11-01T00:00:00Z".parse()?;
    let mut keys = std::collections::BTreeMap::new();
    for (i, (id, participant, role)) in workload::PRINCIPALS.iter().enumerate() {
        let key = SigningKey::from_seed([i as u8 + 1; 32]);
        let body = Body::Principal(PrincipalRegistered {
            principal: (*id).to_owned(),
            participant: participant.map(str::to_owned),
            role: *role,
            public_key: key.verifying_key().to_base64(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        });
        ledger.submit(submission(&admin, "admin", None, start_time, &body, None)?).await?;
        keys.insert(*id, (key, *participant));
    }
    let cases = records.div_ceil(workload::COMMANDS_PER_CASE as u64);
    let keys = Arc::new(keys);
    let lanes = submitters.max(1);
    // Sign every record before the clock starts (the benchmark measures the
    // log), unless asked to stream: then each submitter signs its next case
    // when it gets to it.
    let mut queues: Vec<Vec<truce_node::Submission>> = vec![Vec::new(); lanes];
    let mut bytes = 0usize;
    if !stream {
        for n in 0..cases {
            for s in signed_lifecycle(&keys, n, start_time, pad)? {
                bytes += s.record().to_entry()?.len();
                queues[(n as usize) % lanes].push(s);
            }
        }
        let total: u64 = queues.iter().map(|q| q.len() as u64).sum();
        eprintln!(
            "appending {total} records ({cases} cases, mean entry {} bytes) with {lanes} submitters…",
            bytes as u64 / total.max(1)
        );
    } else {
        eprintln!(
            "appending {} records ({cases} cases), each signed as it is submitted, with {lanes} submitters…",
            cases * workload::COMMANDS_PER_CASE as u64
        );
    }
    let started = truce_node::clock::instant();
    let mut tasks = Vec::new();
    let (ack_tx, mut ack_rx) = tokio::sync::mpsc::unbounded_channel::<u64>();
    for (lane, queue) in queues.into_iter().enumerate() {
        let ledger: Ledger = ledger.clone();
        let ack_tx = ack_tx.clone();
        let keys = keys.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut submit = async |s: truce_node::Submission| -> anyhow::Result<()> {
                let t = truce_node::clock::instant();
                let receipt = ledger.submit(s).await?;
                latencies.push(t.elapsed().as_secs_f64());
                let _ = ack_tx.send(receipt.index);
                Ok(())
            };
            if stream {
                for n in (lane as u64..cases).step_by(lanes) {
                    for s in signed_lifecycle(&keys, n, start_time, pad)? {
                        submit(s).await?;
                    }
                }
            } else {
                for s in queue {
                    submit(s).await?;
                }
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    drop(ack_tx);
    let printer = tokio::spawn(async move {
        let mut out = std::io::stdout();
        while let Some(i) = ack_rx.recv().await {
            if print_acks {
                let _ = writeln!(out, "ack {i}");
                let _ = out.flush();
            }
        }
    });
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await??);
    }
    let secs = started.elapsed().as_secs_f64();
    let total = latencies.len() as u64;
    if let Some(witnessing) = &witnessing {
        let cosigned = witnessing.witnessed().map_or(0, |(size, _)| size);
        eprintln!(
            "witnesses: the quorum had cosigned a checkpoint of {cosigned} records when the last append returned"
        );
    }
    drop(ledger);
    handle.await?;
    printer.await?;
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies.get(((latencies.len() as f64 - 1.0) * p) as usize).copied().unwrap_or(0.0) * 1000.0;
    eprintln!(
        "append: {total} records in {secs:.1} s = {:.0} records/s; latency p50 {:.1} ms, p99 {:.1} ms; peak RSS {:.0} MiB",
        total as f64 / secs,
        pct(0.5),
        pct(0.99),
        peak_rss_mib().unwrap_or(f64::NAN)
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod consent_tests {
    use truce_node::consent::{Outcome, VersionMark};
    use truce_node::replay::VerifyReport;

    use super::consent_lines;

    fn report(versions: Vec<VersionMark>) -> VerifyReport {
        let agreement = Some(("doha".to_owned(), 2));
        let talks = truce_core::talks::Talks::new();
        VerifyReport {
            records: 9,
            checkpoint_size: 9,
            checkpoints: 1,
            cases: 0,
            rows: 0,
            agreement,
            versions,
            talks,
            alerts: Default::default(),
            public_sources: Default::default(),
            situation: Default::default(),
            custodial_records: 0,
        }
    }

    fn mark(version: u32, outcome: Outcome, signatures: &[(&str, Option<u64>)]) -> VersionMark {
        VersionMark {
            agreement: "doha".into(),
            version,
            sha256: "ab".repeat(32),
            proposed: 3,
            signatures: signatures.iter().map(|(p, at)| ((*p).to_owned(), *at)).collect(),
            outcome,
        }
    }

    #[test]
    fn verify_says_who_signed_each_version_and_who_did_not() {
        let lines = consent_lines(&report(vec![
            mark(2, Outcome::InForce(5), &[("AFG", Some(5)), ("PAK", Some(4))]),
            mark(3, Outcome::Draft, &[("AFG", None), ("PAK", Some(7))]),
        ]));
        assert_eq!(
            lines,
            "agreement doha v2: in force from record 5; signed by its participants' keys: AFG (record 5), PAK (record 4)\n\
             agreement doha v3: a draft awaiting signatures; signed by its participants' keys: PAK (record 7); not signed by AFG\n"
        );
        assert!(consent_lines(&report(Vec::new())).contains("v2: in force by agreement.adopted.v1"));
    }

    #[test]
    fn verify_says_who_signed_each_communique_and_who_declined() {
        use truce_core::ids::{CommuniqueId, ParticipantId};
        use truce_core::talks::{Answer, AnswerKind, Communique, CommuniqueVersion, Publication, PublishedAs};
        let p = |s: &str| ParticipantId::parse(s).unwrap();
        let id = CommuniqueId::parse("joint").unwrap();
        let at: jiff::Timestamp = "2025-10-31T00:00:00Z".parse().unwrap();
        let version = |number| CommuniqueVersion {
            number,
            texts: [("en".to_owned(), "Text".to_owned())].into(),
            authoritative: "en".into(),
            record: 1,
            at,
        };
        let answer = |who: &str, version, answer| Answer { participant: p(who), version, answer, record: 6 };
        let signed = AnswerKind::Signed { signature: "sig".into() };
        let communique = Communique {
            id: id.clone(),
            round: None,
            title: "Joint".into(),
            signatories: vec![p("PAK"), p("AFG")],
            versions: vec![version(1), version(2)],
            answers: vec![
                answer("AFG", 1, signed.clone()),
                answer("PAK", 2, signed),
                answer("AFG", 2, AnswerKind::Declined { reason: "verbal only".into() }),
            ],
            published: Some(Publication {
                publish_as: PublishedAs::MediatorsStatement,
                version: 2,
                not_signed: vec![p("AFG")],
                record: 8,
                at,
            }),
        };
        let mut r = report(Vec::new());
        r.talks.communiques.insert(id, communique);
        assert!(
            consent_lines(&r).contains(
                "communiqué joint v2: published as the mediators' statement (record 8); signed by its participants' keys: PAK (record 6); declined by AFG (verbal only)\n"
            ),
            "{}",
            consent_lines(&r)
        );
    }
}
