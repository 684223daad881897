//! The `truce` command line: the thin edge of the system.
//!
//! Only this crate reads files, the clock and the environment, and only this
//! crate uses `anyhow`; the libraries below it are pure and return typed errors.

mod geo_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Truce: a ceasefire monitoring, verification and enforcement mechanism.
#[derive(Debug, Parser)]
#[command(name = "truce", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Border geography: side of the line, distance, sector, place names.
    #[command(subcommand)]
    Geo(geo_cmd::GeoCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Geo(command) => geo_cmd::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
