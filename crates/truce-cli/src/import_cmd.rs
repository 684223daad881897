//! `truce import acled`: an ACLED export loaded into a data directory as
//! public-source reports, signed by the secretariat whose key the server
//! holds there (`truce_server::run::import_acled`), then what happened to
//! every row printed for people.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use truce_node::datadir::DataDir;
use truce_server::app::imports::{ImportSummary, Selection};

use crate::ledger_cmd::{DataArgs, runtime};

/// `truce import …`
#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// Load an ACLED export (CSV, ACLED's column names) as public-source reports, each
    /// traceable to its event_id_cnty and matched against the open cases as their
    /// duplicates are. Events already imported are counted, not imported again. Exit 1
    /// if a row was refused. The server must be stopped on SQLite.
    Acled {
        /// The ACLED export.
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
        /// The first day of the period (YYYY-MM-DD), by ACLED's event_date.
        #[arg(long)]
        from: Option<jiff::civil::Date>,
        /// The last day of the period (YYYY-MM-DD).
        #[arg(long)]
        to: Option<jiff::civil::Date>,
        /// Only events of this ACLED admin1 (a province) or border sector id.
        #[arg(long)]
        area: Option<String>,
    },
}

/// Runs `command`.
pub fn run(command: ImportCommand) -> anyhow::Result<ExitCode> {
    match command {
        ImportCommand::Acled { file, data, from, to, area } => {
            let csv = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let dir = DataDir::new(&data.data);
            let selection = Selection { from, to, area };
            let summary = runtime()?.block_on(truce_server::run::import_acled(
                &dir,
                data.database.as_deref(),
                &csv,
                &selection,
            ))?;
            print!("{}", render(&file.display().to_string(), &summary));
            let clean = summary.refused.is_empty() && summary.stopped.is_none();
            Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    }
}

/// The summary for people: the counts, then each row that was not plainly
/// imported or that matched a case.
pub fn render(file: &str, summary: &ImportSummary) -> String {
    use std::fmt::Write as _;
    let mut out = format!("{file}: {}\n", summary.headline());
    for r in &summary.imported {
        let _ = write!(out, "imported  line {}: {} (record {})", r.row, r.event_id_cnty, r.record);
        if !r.matches.is_empty() {
            let _ = write!(out, "; looks like case {}", r.matches.join(", "));
        }
        out.push('\n');
    }
    for r in &summary.already_imported {
        let _ = write!(out, "already   line {}: {} (record {})", r.row, r.event_id_cnty, r.record);
        if r.differs {
            out.push_str("; the file's row differs from what was imported, which the log keeps");
        }
        out.push('\n');
    }
    for r in &summary.refused {
        let id = r.event_id_cnty.as_deref().map(|i| format!(" {i}")).unwrap_or_default();
        let _ = writeln!(out, "refused   line {}{id}: {}: {}", r.row, r.column, r.reason);
    }
    if let Some(why) = &summary.stopped {
        let _ = writeln!(out, "stopped: {why}; only the events listed as imported are in the log");
    }
    out
}
