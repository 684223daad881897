//! `truce bench fill`: adds many filed cases to an existing deployment (a
//! demo), for measuring the server's case list at scale.
//!
//! The cases are filed through the sequencer as the demo's party liaisons,
//! each side accusing the other, at pseudo-random places near the line and
//! times in the past year. The server must be stopped: a log has one writer.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use truce_core::case::{Allegation, Location};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::vocab::ActType;
use truce_core::{CaseCommand, Command};
use truce_node::datadir::DataDir;
use truce_node::records::{Body, submission};
use truce_node::{NodeError, SequencerConfig};

use crate::ledger_cmd::DataArgs;

/// A small deterministic generator (SplitMix64), so runs are repeatable.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Files the cases numbered `numbers` into the deployment in `data`.
pub async fn fill(data: &DataArgs, numbers: std::ops::Range<u64>, concurrency: usize) -> anyhow::Result<ExitCode> {
    let count = numbers.end - numbers.start;
    let dir = DataDir::new(&data.data);
    let mut filers = Vec::new();
    for (principal, participant, accused) in [("pak-liaison", "PAK", "AFG"), ("afg-liaison", "AFG", "PAK")] {
        let key = truce_node::keys::read(&dir.principal_key_path(principal))
            .with_context(|| format!("{principal}'s key: is {} a demo deployment?", data.data.display()))?;
        filers.push((principal, participant, ParticipantId::parse(accused)?, key));
    }
    let filers = Arc::new(filers);
    let config = SequencerConfig { max_clock_skew: None, ..SequencerConfig::default() };
    let (ledger, writer) = dir.start(data.database.as_deref(), config).await?;
    let bar = indicatif::ProgressBar::new(count);
    let start = truce_node::clock::instant();
    let now = truce_node::clock::now();
    let next = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    for worker in 0..concurrency.max(1) {
        let (ledger, filers, next, bar) = (ledger.clone(), filers.clone(), next.clone(), bar.clone());
        tasks.push(tokio::spawn(async move {
            let mut mix = Mix(worker as u64);
            loop {
                let i = numbers.start + next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= numbers.end {
                    return Ok::<(), anyhow::Error>(());
                }
                let (principal, participant, accused, key) = &filers[(i % 2) as usize];
                let days = 1 + (mix.next() % 380) as i64;
                let occurred_at = now.checked_sub(jiff::SignedDuration::from_hours(days * 24 + (i % 24) as i64))?;
                let allegation = Allegation {
                    accused: accused.clone(),
                    provisions: vec![ProvisionId::parse(if i.is_multiple_of(3) { "P4" } else { "P1" })?],
                    acts: vec![if i.is_multiple_of(3) { ActType::AirDroneStrike } else { ActType::ShellingArtillery }],
                    occurred_at,
                    occurred_until: None,
                    time_precision: Default::default(),
                    location: Some(Location {
                        lat: 29.5 + mix.unit() * 6.5,
                        lon: 62.0 + mix.unit() * 9.5,
                        precision: 2,
                        place_name: String::new(),
                    }),
                    summary: format!("Bench case {i}: shelling across the line"),
                    narrative: String::new(),
                    casualties: Default::default(),
                    evidence: Vec::new(),
                };
                let command = CaseCommand {
                    case: CaseId::parse(&format!("bench-{i:07}"))?,
                    command: Command::FileReport { allegation },
                };
                let salt = truce_node::keys::random_salt()?;
                let s = submission(key, principal, Some(participant), now, &Body::Case(Box::new(command)), Some(salt))?;
                match ledger.submit(s).await {
                    Ok(_) => bar.inc(1),
                    Err(NodeError::Rejected(r)) => {
                        anyhow::bail!("case {i} refused: {r} (to add to an earlier fill, give --first)")
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }));
    }
    for t in tasks {
        t.await.context("a filing task failed")??;
    }
    bar.finish_and_clear();
    drop(ledger);
    writer.await.context("sequencer")?;
    let secs = start.elapsed().as_secs_f64();
    println!("filed {count} cases in {secs:.1} s = {:.0} cases/s", count as f64 / secs);
    Ok(ExitCode::SUCCESS)
}
