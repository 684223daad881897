//! The `truce` command line: the thin edge of the system.
//!
//! Only this crate reads files, the clock and the environment, and only this
//! crate uses `anyhow`; the libraries below it are pure and return typed
//! errors, which are turned into messages and exit codes here.

mod backup_cmd;
mod bench_export;
mod bench_fill;
mod demo_witnesses;
mod geo_cmd;
mod import_cmd;
mod ledger_cmd;
mod mirror_cmd;
mod report;
mod serve_cmd;
mod summary;
mod witness_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use truce_core::Agreement;
use truce_core::scenario::Scenario;

/// mimalloc rather than glibc's allocator: the replay's small, short-lived
/// allocations on several threads cost a quarter of `truce verify`'s CPU
/// in glibc (docs/PERFORMANCE.md, "Verification").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's option numbers (`mi_option_e` in its `mimalloc.h`); the
/// crates are pinned exactly, and a test checks each number against its
/// option's default.
mod allocator_option {
    use libmimalloc_sys::mi_option_t;
    /// Whether arenas are committed eagerly (mimalloc's default 2, on
    /// Linux yes; 0 as built here, by `.cargo/config.toml`). Only read
    /// back, by a test.
    #[cfg(test)]
    pub const ARENA_EAGER_COMMIT: mi_option_t = 4;
    /// How long freed memory is kept before it is returned, in ms (default 1000).
    pub const PURGE_DELAY: mi_option_t = 15;
}

/// Makes mimalloc return freed memory to the system within 10 ms rather
/// than 1 s. Together with arenas committed only as they are used (a
/// default compiled in by `.cargo/config.toml`, as the first arena is
/// reserved before `main`), this keeps `truce verify` of a million records
/// at 194 MiB instead of 276 MiB, for no measurable loss of speed.
/// An operator's `MIMALLOC_PURGE_DELAY` (read by mimalloc itself) takes
/// precedence.
#[allow(unsafe_code)]
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: `mi_option_set` stores an integer in mimalloc's option
    // table. It is not thread-safe, so it runs first in `main`, before any
    // other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(allocator_option::PURGE_DELAY, 10);
    }
}

/// The Doha–Istanbul 2025 agreement, built in so that the demo needs no files.
const DOHA_ISTANBUL_2025: &str = include_str!("../../../agreements/doha-istanbul-2025.toml");
/// The October 2025 sample scenario, built in for the same reason.
const OCTOBER_2025: &str = include_str!("../../../scenarios/october-2025.toml");

/// Truce: a ceasefire monitoring, verification and enforcement mechanism.
#[derive(Debug, Parser)]
#[command(name = "truce", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve a demo: the Doha–Istanbul agreement, the October 2025 sample cases and a login per role.
    Demo {
        /// Where the demo deployment lives; a fresh temporary directory if absent.
        /// An existing deployment there is served as it is.
        #[arg(long)]
        data: Option<PathBuf>,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// Print the scenario's report instead of serving.
        #[arg(long)]
        report: bool,
        /// With --report: also draw the sample cases on an SVG map of the border, written here.
        #[arg(long, requires = "report")]
        map: Option<PathBuf>,
    },
    /// Serve a deployment: the JSON API, the log over HTTP.
    Serve {
        #[command(flatten)]
        args: serve_cmd::ServeArgs,
    },
    /// Check or summarise an agreement file.
    #[command(subcommand)]
    Agreement(AgreementCommand),
    /// Run a scenario file through the lifecycle.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Participant keys, made on the participant's own machine.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Border geography: side of the line, distance, sector, place names.
    #[command(subcommand)]
    Geo(geo_cmd::GeoCommand),
    /// Create a deployment: settings, the log key, an administrator, the agreement.
    Init {
        #[command(flatten)]
        data: ledger_cmd::DataArgs,
        /// The log's origin line (its public name).
        #[arg(long, default_value = "truce.local/doha-istanbul-2025")]
        origin: String,
        /// The agreement file: adopted if it names no signatories, else proposed to them.
        /// Default: the shipped `agreements/doha-istanbul-2025.toml`, built into the binary.
        #[arg(long)]
        agreement: Option<PathBuf>,
        /// The first administrator's principal id.
        #[arg(long, default_value = "admin")]
        admin: String,
    },
    /// Import public conflict data (an ACLED export) as public-source reports.
    #[command(subcommand)]
    Import(import_cmd::ImportCommand),
    /// The transparency log's identity.
    #[command(subcommand)]
    Log(ledger_cmd::LogCommand),
    /// Check a log completely: signatures, rules, tree, checkpoints, projections.
    /// With --url, check the log a server publishes, as any C2SP client would.
    Verify {
        #[command(flatten)]
        data: ledger_cmd::DataArgs,
        /// The server whose log to check over HTTP (`URL/log/checkpoint`, `URL/log/tile/…`).
        #[arg(long, conflicts_with_all = ["data", "database"])]
        url: Option<String>,
        /// With --url: the log's verifier key, obtained out of band. Without it, the key the
        /// server itself serves at `/log/vkey` is trusted.
        #[arg(long, requires = "url")]
        vkey: Option<String>,
        /// With --url: the witness policy (C2SP tlog-policy, as `truce log policy` prints it)
        /// obtained out of band. The checkpoint must meet its quorum, and each witness's latest
        /// checkpoint is fetched and compared with the log: two trees of one size are a split view.
        #[arg(long, requires = "url")]
        policy: Option<std::path::PathBuf>,
    },
    /// Keep a party's own copy of a server's log: fetch what is new, check it against the
    /// log's key and the witness quorum, refuse a fork, and optionally serve the copy.
    Mirror {
        #[command(flatten)]
        args: mirror_cmd::MirrorArgs,
    },
    /// Back up a data directory into one tar file while the server runs: the store
    /// (SQLite), the blobs, the settings, and the keys encrypted with a passphrase.
    Backup {
        #[command(flatten)]
        args: backup_cmd::BackupArgs,
    },
    /// Restore a backup into a new data directory and verify it.
    Restore {
        #[command(flatten)]
        args: backup_cmd::RestoreArgs,
    },
    /// Ask a running server's `/healthz`: exit 0 when it answers 200, 1 otherwise
    /// (a container's health check, without curl in the image).
    Healthcheck {
        /// The server's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
    },
    /// Drop the projections and rebuild them from the log.
    Rebuild {
        #[command(flatten)]
        data: ledger_cmd::DataArgs,
    },
    /// A party's witness: cosigns the log's checkpoints only if they extend
    /// what it cosigned before (C2SP tlog-witness).
    #[command(subcommand)]
    Witness(witness_cmd::WitnessCommand),
    /// Benchmarks.
    #[command(subcommand)]
    Bench(ledger_cmd::BenchCommand),
}

#[derive(Debug, Subcommand)]
enum AgreementCommand {
    /// Validate an agreement file; print every problem; exit 1 if there are any.
    Check {
        /// The agreement file (TOML).
        file: PathBuf,
    },
    /// Print a summary of an agreement file for people.
    Show {
        /// The agreement file (TOML).
        #[arg(required_unless_present = "url")]
        file: Option<PathBuf>,
        /// Instead of a file: the server whose log's versions to list, with
        /// who signed each and when, and who withdrew or suspended its part.
        #[arg(long, conflicts_with = "file")]
        url: Option<String>,
    },
    /// Withdraw from the agreement, suspend your part in it or resume it, signed
    /// with your participant key: prints the body to POST to
    /// /api/v1/agreement/withdrawals. What it does is what the agreement's
    /// `[withdrawal]` table says.
    Withdraw {
        /// The agreement's id.
        #[arg(long)]
        agreement: String,
        /// The participant's key file.
        #[arg(long)]
        key: PathBuf,
        /// The participant.
        #[arg(long)]
        participant: String,
        /// withdrawal, suspension or resumption.
        #[arg(long)]
        kind: String,
        /// How many withdrawals, suspensions and resumptions the participant
        /// signed before (GET /api/v1/agreement lists them).
        #[arg(long)]
        sequence: u32,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Sign a version of the agreement with a participant key: prints the body of
    /// the `agreement.signed.v1` record the participant sends, for anyone to post.
    Sign {
        /// The agreement file (TOML), byte for byte the text proposed.
        file: PathBuf,
        /// The participant's key file.
        #[arg(long)]
        key: PathBuf,
        /// The signatory.
        #[arg(long)]
        participant: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Create a participant key (mode 0600) and print its public half, the line
    /// for the agreement's `[consent.keys]` table.
    New {
        /// Where to write the key; never overwritten.
        file: PathBuf,
        /// The participant the key is for (only printed in the table line).
        #[arg(long)]
        participant: String,
    },
    /// Sign a statement the API gives (a communiqué's `statement`, a
    /// commitment's) with a participant key: prints what is signed on
    /// standard error and the signature (base64) on standard output.
    Sign {
        /// The participant's key file.
        #[arg(long)]
        key: PathBuf,
        /// The statement, base64, as the API gives it.
        statement: String,
    },
    /// Replace a participant's key: the key in force signs the change and the
    /// new key proves it is held. Prints the body to POST to /api/v1/key-changes.
    Rotate {
        /// The participant's key in force.
        #[arg(long)]
        key: PathBuf,
        /// The new key (from `truce keys new`).
        #[arg(long)]
        new: PathBuf,
        /// The participant.
        #[arg(long)]
        participant: String,
    },
    /// Revoke a participant's key, signing with it: nobody acts for the
    /// participant until a version in force names its new key.
    Revoke {
        /// The key to revoke.
        #[arg(long)]
        key: PathBuf,
        /// The participant.
        #[arg(long)]
        participant: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Suspend one of the participant's principals, with the participant's key.
    Suspend {
        /// The participant's key.
        #[arg(long)]
        key: PathBuf,
        /// The principal.
        #[arg(long)]
        principal: String,
        /// Why.
        #[arg(long)]
        reason: String,
    },
    /// Let one of the participant's suspended principals act again, with the participant's key.
    Reactivate {
        /// The participant's key.
        #[arg(long)]
        key: PathBuf,
        /// The principal.
        #[arg(long)]
        principal: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// The record that suspended it (`suspended_by` in `GET /api/v1/principals`):
        /// the endorsement ends that suspension only.
        #[arg(long)]
        suspended_by: u64,
    },
    /// Give one of the participant's principals a new key, with the participant's key.
    Replace {
        /// The participant's key.
        #[arg(long)]
        key: PathBuf,
        /// The principal.
        #[arg(long)]
        principal: String,
        /// The principal's key in force (base64), as `GET /api/v1/records` of its
        /// registration shows it: the endorsement applies to that key only.
        #[arg(long)]
        previous_key: String,
        /// The principal's new Ed25519 public key (base64).
        #[arg(long)]
        public_key: String,
    },
    /// Endorse a principal to act for a participant with the participant key:
    /// prints the body to POST to /api/v1/principals, for anyone registered to post.
    Endorse {
        /// The participant's key file.
        #[arg(long)]
        key: PathBuf,
        /// The participant the principal acts for.
        #[arg(long)]
        participant: String,
        /// The principal's id.
        #[arg(long)]
        principal: String,
        /// Its role (party_liaison, mediator, monitor, …).
        #[arg(long)]
        role: String,
        /// Its Ed25519 public key (base64), held by whoever will sign as it.
        #[arg(long)]
        public_key: String,
        /// The server made and holds this key (POST /api/v1/principals/pending)
        /// and will sign for the principal: you consent to that too.
        #[arg(long)]
        server_held: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ScenarioCommand {
    /// Run every step of a scenario and print each case's history and the statistics.
    Run {
        /// The scenario file (TOML).
        file: PathBuf,
        /// The agreement file it runs under.
        #[arg(long)]
        agreement: PathBuf,
    },
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes a report to standard output. A reader that stops early (`| head`)
/// ends the output; it is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to standard output"),
        _ => Ok(()),
    }
}

/// Parses an agreement, printing every problem the way a compiler does.
fn load_agreement(text: &str, name: &str) -> Result<Agreement, ExitCode> {
    Agreement::from_toml(text).map_err(|errors| {
        eprint!("{}", errors.render(name));
        eprintln!("{name}: {} problem(s) found", errors.diagnostics.len());
        ExitCode::FAILURE
    })
}

fn run_scenario(agreement: &Agreement, scenario: &Scenario, map: Option<&Path>) -> anyhow::Result<ExitCode> {
    let run = scenario.run(agreement)?;
    if let Some(path) = map {
        let geography = truce_geo::Geography::embedded().context("loading the embedded geography")?;
        let markers = report::map_markers(run.docket.cases());
        let svg = truce_geo::render_map(geography, &markers, &truce_geo::MapOptions::default());
        std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote a map of {} sample cases to {}", markers.len(), path.display());
    }
    let mut out = format!("{}\n", scenario.title);
    if scenario.sample {
        out.push_str(
            "SAMPLE DATA: incidents as publicly reported; replies, findings and penalties are illustrative.\n",
        );
    }
    if let Some(c) = &scenario.counterfactual {
        out.push_str(&format!("{}\n", c.note.trim()));
    }
    let refused = run.outcomes.iter().filter(|o| o.refusal.is_some()).count();
    out.push_str(&format!("{} steps, {} refused as the rules require.\n", run.outcomes.len(), refused));
    out.push_str(&report::cases(run.docket.cases()));
    let from = run.docket.cases().map(|c| c.allegation.occurred_at).min();
    let until = run.docket.cases().map(|c| c.allegation.occurred_at).max();
    if let (Some(from), Some(until)) = (from, until) {
        let until = until.checked_add(jiff::SignedDuration::from_secs(1)).unwrap_or(until);
        let stats = truce_core::stats::compute(&run.agreement, &run.docket, from, until);
        out.push_str(&report::statistics(&run.agreement, &stats));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Demo { data, listen, report: false, .. } => {
            serve_cmd::demo(data, listen, DOHA_ISTANBUL_2025, OCTOBER_2025)
        }
        Command::Serve { args } => serve_cmd::serve(&args),
        Command::Demo { map, .. } => {
            let agreement = match load_agreement(DOHA_ISTANBUL_2025, "doha-istanbul-2025.toml") {
                Ok(a) => a,
                Err(code) => return Ok(code),
            };
            let scenario = Scenario::from_toml(OCTOBER_2025)?;
            run_scenario(&agreement, &scenario, map.as_deref())
        }
        Command::Agreement(AgreementCommand::Check { file }) => {
            let text = read(&file)?;
            let name = file.display().to_string();
            match load_agreement(&text, &name) {
                Ok(a) => {
                    println!(
                        "{name}: ok ({} v{}, {} provisions)",
                        a.identity.id,
                        a.identity.version,
                        a.provisions.len()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(code) => Ok(code),
            }
        }
        Command::Agreement(AgreementCommand::Show { url: Some(url), .. }) => ledger_cmd::agreement_versions(&url),
        Command::Agreement(AgreementCommand::Show { file: None, url: None }) => {
            anyhow::bail!("give an agreement FILE or --url")
        }
        Command::Agreement(AgreementCommand::Show { file: Some(file), .. }) => {
            let text = read(&file)?;
            match load_agreement(&text, &file.display().to_string()) {
                Ok(a) => {
                    emit(&summary::render(&a))?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(code) => Ok(code),
            }
        }
        Command::Agreement(AgreementCommand::Withdraw { agreement, key, participant, kind, sequence, reason }) => {
            truce_core::ids::AgreementId::parse(&agreement).map_err(|e| anyhow::anyhow!("--agreement: {e}"))?;
            truce_core::ids::ParticipantId::parse(&participant).map_err(|e| anyhow::anyhow!("--participant: {e}"))?;
            let kind: truce_node::records::WithdrawalKind =
                serde_json::from_value(serde_json::Value::String(kind.clone()))
                    .map_err(|_| anyhow::anyhow!("--kind: {kind} is not withdrawal, suspension or resumption"))?;
            truce_node::consent::check_reason(&reason).map_err(|e| anyhow::anyhow!("--{e}"))?;
            let key = truce_node::keys::read(&key)?;
            let mut w = truce_node::records::Withdrawal {
                agreement,
                participant,
                kind,
                reason,
                sequence,
                signature: String::new(),
            };
            w.signature = truce_node::consent::sign_statement(&key, &truce_node::consent::withdrawal_statement(&w)?);
            emit(&format!("{}\n", serde_json::to_string_pretty(&w)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Agreement(AgreementCommand::Sign { file, key, participant }) => {
            let text = read(&file)?;
            let a = match load_agreement(&text, &file.display().to_string()) {
                Ok(a) => a,
                Err(code) => return Ok(code),
            };
            let signatory = a.consent.signatories.iter().any(|p| p.as_str() == participant);
            if !signatory {
                anyhow::bail!("{participant} is not a signatory of {} ([consent] signatories)", file.display());
            }
            let key = truce_node::keys::read(&key)?;
            let sha256 = truce_node::blobs::sha256_hex(text.as_bytes());
            let (id, version) = (a.identity.id.to_string(), a.identity.version);
            let signature = truce_node::consent::sign_agreement(&key, &id, version, &sha256)?;
            let body = truce_node::records::AgreementSigned { agreement: id, version, sha256, participant, signature };
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::New { file, participant }) => {
            truce_core::ids::ParticipantId::parse(&participant).map_err(|e| anyhow::anyhow!("--participant: {e}"))?;
            let key = truce_node::keys::generate()?;
            truce_node::keys::write(&file, &key)?;
            eprintln!("wrote {} (keep it on this machine; it signs for {participant})", file.display());
            emit(&format!("{participant} = \"{}\"\n", key.verifying_key().to_base64()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Sign { key, statement }) => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(statement.trim())
                .map_err(|_| anyhow::anyhow!("STATEMENT: is not base64"))?;
            let (what, content) = truce_node::consent::describe_statement(&bytes)
                .ok_or_else(|| anyhow::anyhow!("STATEMENT: is not a communiqué or commitment statement of Truce"))?;
            let key = truce_node::keys::read(&key)?;
            eprintln!("signing {what}:\n{content}");
            emit(&format!("{}\n", truce_node::consent::sign_statement(&key, &bytes)))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Rotate { key, new, participant }) => {
            use truce_node::consent::{ParticipantKeyChange, participant_key_statement, sign_statement};
            truce_core::ids::ParticipantId::parse(&participant).map_err(|e| anyhow::anyhow!("--participant: {e}"))?;
            let (old, new) = (truce_node::keys::read(&key)?, truce_node::keys::read(&new)?);
            let public_key = new.verifying_key().to_base64();
            let previous_key = old.verifying_key().to_base64();
            let change = ParticipantKeyChange::Rotate { previous_key: &previous_key, public_key: &public_key };
            let statement = participant_key_statement(&participant, change)?;
            let body = serde_json::json!({"type": truce_node::records::PARTICIPANT_KEY_ROTATED, "participant": participant,
                "public_key": public_key, "signature": sign_statement(&old, &statement), "proof": sign_statement(&new, &statement)});
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Revoke { key, participant, reason }) => {
            use truce_node::consent::{ParticipantKeyChange, participant_key_statement, sign_statement};
            truce_core::ids::ParticipantId::parse(&participant).map_err(|e| anyhow::anyhow!("--participant: {e}"))?;
            truce_node::consent::check_reason(&reason).map_err(|e| anyhow::anyhow!("--{e}"))?;
            let key = truce_node::keys::read(&key)?;
            let statement = participant_key_statement(&participant, ParticipantKeyChange::Revoke { reason: &reason })?;
            let body = serde_json::json!({"type": truce_node::records::PARTICIPANT_KEY_REVOKED, "participant": participant,
                "reason": reason, "signature": sign_statement(&key, &statement)});
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Suspend { key, principal, reason }) => {
            use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
            truce_core::ids::PrincipalId::parse(&principal).map_err(|e| anyhow::anyhow!("--principal: {e}"))?;
            truce_node::consent::check_reason(&reason).map_err(|e| anyhow::anyhow!("--{e}"))?;
            let key = truce_node::keys::read(&key)?;
            let statement = principal_change_statement(&principal, PrincipalChange::Suspend { reason: &reason })?;
            let body = serde_json::json!({"type": truce_node::records::PRINCIPAL_SUSPENDED, "principal": principal,
                "reason": reason, "endorsement": sign_statement(&key, &statement)});
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Reactivate { key, principal, reason, suspended_by }) => {
            use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
            truce_core::ids::PrincipalId::parse(&principal).map_err(|e| anyhow::anyhow!("--principal: {e}"))?;
            truce_node::consent::check_reason(&reason).map_err(|e| anyhow::anyhow!("--{e}"))?;
            let key = truce_node::keys::read(&key)?;
            let change = PrincipalChange::Reactivate { reason: &reason, suspended_by };
            let statement = principal_change_statement(&principal, change)?;
            let body = serde_json::json!({"type": truce_node::records::PRINCIPAL_REACTIVATED, "principal": principal,
                "reason": reason, "endorsement": sign_statement(&key, &statement)});
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Replace { key, principal, previous_key, public_key }) => {
            use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
            truce_core::ids::PrincipalId::parse(&principal).map_err(|e| anyhow::anyhow!("--principal: {e}"))?;
            truce_ledger::VerifyingKey::from_base64(&public_key).map_err(|e| anyhow::anyhow!("--public-key: {e}"))?;
            let key = truce_node::keys::read(&key)?;
            let statement = principal_change_statement(
                &principal,
                PrincipalChange::Rotate { previous_key: &previous_key, public_key: &public_key },
            )?;
            let body = serde_json::json!({"type": truce_node::records::PRINCIPAL_KEY_ROTATED, "principal": principal,
                "public_key": public_key, "endorsement": sign_statement(&key, &statement)});
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Keys(KeysCommand::Endorse { key, participant, principal, role, public_key, server_held }) => {
            truce_core::ids::ParticipantId::parse(&participant).map_err(|e| anyhow::anyhow!("--participant: {e}"))?;
            truce_core::ids::PrincipalId::parse(&principal).map_err(|e| anyhow::anyhow!("--principal: {e}"))?;
            let role: truce_core::Role = serde_json::from_value(serde_json::Value::String(role.clone()))
                .map_err(|_| anyhow::anyhow!("--role: {role} is not a role"))?;
            truce_ledger::VerifyingKey::from_base64(&public_key).map_err(|e| anyhow::anyhow!("--public-key: {e}"))?;
            let key = truce_node::keys::read(&key)?;
            let mut registration = truce_node::records::PrincipalRegistered {
                principal,
                participant: Some(participant),
                role,
                public_key,
                endorsement: None,
                custody: if server_held {
                    truce_node::records::Custody::Server
                } else {
                    truce_node::records::Custody::Own
                },
            };
            registration.endorsement = Some(truce_node::consent::endorse(&key, &registration)?);
            let body = serde_json::json!({
                "id": registration.principal,
                "participant": registration.participant,
                "role": registration.role,
                "public_key": registration.public_key,
                "endorsement": registration.endorsement,
            });
            emit(&format!("{}\n", serde_json::to_string_pretty(&body)?))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Scenario(ScenarioCommand::Run { file, agreement }) => {
            let agreement_text = read(&agreement)?;
            let agreement = match load_agreement(&agreement_text, &agreement.display().to_string()) {
                Ok(a) => a,
                Err(code) => return Ok(code),
            };
            let scenario = Scenario::from_toml(&read(&file)?).with_context(|| format!("in {}", file.display()))?;
            run_scenario(&agreement, &scenario, None)
        }
        Command::Geo(command) => geo_cmd::run(command),
        Command::Init { data, origin, agreement, admin } => {
            let text = match &agreement {
                Some(path) => {
                    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
                }
                None => DOHA_ISTANBUL_2025.to_owned(),
            };
            ledger_cmd::init(&data, &origin, &text, &admin)
        }
        Command::Log(command) => ledger_cmd::log(command),
        Command::Import(command) => import_cmd::run(command),
        Command::Verify { url: Some(url), vkey, policy, .. } => {
            ledger_cmd::verify_url(&url, vkey.as_deref(), policy.as_deref())
        }
        Command::Verify { data, .. } => ledger_cmd::verify(&data),
        Command::Mirror { args } => mirror_cmd::run(args),
        Command::Backup { args } => backup_cmd::backup(args),
        Command::Restore { args } => backup_cmd::restore(args),
        Command::Healthcheck { url } => Ok(ledger_cmd::healthcheck(&url)),
        Command::Rebuild { data } => ledger_cmd::rebuild(&data),
        Command::Witness(command) => witness_cmd::run(command),
        Command::Bench(command) => ledger_cmd::bench(command),
    }
}

fn main() -> ExitCode {
    tune_allocator();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allocator_option;

    /// An allocator option's value.
    #[allow(unsafe_code)]
    fn value(option: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
        // SAFETY: reads one integer of mimalloc's option table.
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    /// The option numbers are mimalloc's (the test process never calls
    /// `tune_allocator`, so the purge delay still has its default, which
    /// no neighbouring option shares), and the default compiled in by
    /// `.cargo/config.toml` took effect: arenas are not committed eagerly.
    #[test]
    fn allocator_options_are_as_built() {
        assert_eq!(value(allocator_option::PURGE_DELAY), 1000, "purge_delay");
        assert_ne!(value(allocator_option::PURGE_DELAY - 1), 1000);
        assert_ne!(value(allocator_option::PURGE_DELAY + 1), 1000);
        assert_eq!(value(allocator_option::ARENA_EAGER_COMMIT), 0, "arena_eager_commit, built with CFLAGS");
        // Its neighbours, purge_decommits and the deprecated eager_commit,
        // both default to 1.
        assert_eq!(value(allocator_option::ARENA_EAGER_COMMIT + 1), 1);
        assert_eq!(value(allocator_option::ARENA_EAGER_COMMIT - 1), 1);
    }
}
