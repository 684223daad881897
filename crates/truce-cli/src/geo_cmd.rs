//! `truce geo …`: border-aware geography for people and scripts.
//!
//! Placeholder: the geography issue fills this module.

use std::process::ExitCode;

/// The `truce geo` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum GeoCommand {}

/// Runs one `truce geo` subcommand.
pub fn run(command: GeoCommand) -> anyhow::Result<ExitCode> {
    match command {}
}
