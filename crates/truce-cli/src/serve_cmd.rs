//! `truce serve` and `truce demo`: a deployment served over HTTP until
//! Ctrl-C or SIGTERM, which finish the requests and log batch in flight.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use truce_node::datadir::DataDir;
use truce_server::Limits;
use truce_server::run::{self, DEMO_PASSWORD};

use crate::ledger_cmd::{DataArgs, runtime};

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("TRUCE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// `truce serve`.
pub fn serve(data: &DataArgs, listen: SocketAddr) -> anyhow::Result<ExitCode> {
    init_logging();
    let dir = DataDir::new(&data.data);
    runtime()?.block_on(run::serve(
        &dir,
        data.database.as_deref(),
        listen,
        Limits::default(),
        |addr| eprintln!("serving {} on http://{addr}/", data.data.display()),
        shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `truce demo`.
pub fn demo(data: Option<PathBuf>, listen: SocketAddr, agreement: &str, scenario: &str) -> anyhow::Result<ExitCode> {
    init_logging();
    let (root, _tmp) = match data {
        Some(d) => (d, None),
        None => {
            let tmp =
                tempfile::Builder::new().prefix("truce-demo-").tempdir().context("creating a temporary directory")?;
            (tmp.path().join("data"), Some(tmp))
        }
    };
    let dir = DataDir::new(&root);
    let rt = runtime()?;
    if dir.log_key_path().exists() {
        println!("serving the existing demo deployment in {}", root.display());
    } else {
        println!("creating the demo deployment in {} …", root.display());
        let logins = rt.block_on(run::create_demo(&dir, "truce.demo/doha-istanbul-2025", agreement, scenario))?;
        println!();
        println!("SAMPLE DATA: the October 2025 incidents as publicly reported; replies, findings and");
        println!("penalties are illustrative, under a counterfactual start of the ceasefire.");
        println!();
        println!("Logins (password {DEMO_PASSWORD} for every one):");
        for l in &logins {
            let participant = l.participant.as_deref().unwrap_or("-");
            println!("  {:<14} {:<4} {}", l.principal, participant, l.role.as_str());
        }
    }
    rt.block_on(run::serve(
        &dir,
        None,
        listen,
        Limits { secure_cookies: true, ..Limits::default() },
        |addr| {
            println!();
            println!("Truce demo on http://{addr}/  (API: http://{addr}/api/v1/openapi.json)");
            println!("Press Ctrl-C to stop.");
        },
        shutdown_signal(),
    ))?;
    Ok(ExitCode::SUCCESS)
}
