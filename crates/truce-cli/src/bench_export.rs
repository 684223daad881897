//! `truce bench export`: streams every open-data format over a million
//! published cases to a sink, and reports rows per second and memory.
//!
//! A download must run in constant memory at any size, so the benchmark
//! reports, per format, the largest resident set seen while it streamed
//! (sampled after every page) beside the rate, and the existing
//! `cases.csv` is measured in the same run as the yardstick.
//!
//! The cases are written as projection rows straight into a fresh store,
//! as the sequencer would write them for published cases (each with a
//! final finding, every third with a decided penalty): the export reads
//! only those rows, and taking a million cases through their whole
//! lifecycle in the log (about ten signed records each) would measure the
//! sequencer, which `truce bench append` does, not the export.

use std::process::ExitCode;

use anyhow::Context as _;
use futures_util::StreamExt;
use truce_core::access::Viewer;
use truce_server::app::opendata::{self, Context, Format};
use truce_store::{Batch, CaseRow, ExportWindow, FindingRow, PenaltyRow, Projection, Store};

/// Rows written per store transaction while filling.
const FILL_BATCH: u64 = 10_000;

/// The resident set now, MiB (Linux).
fn rss_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Published case number `i`, as the projection writes one: a located,
/// exact-time shelling or a day-only air strike, with casualties claimed
/// on every other case.
fn case(i: u64) -> CaseRow {
    let day = i.is_multiple_of(3);
    let at = 1_735_689_600 + (i as i64 % 31_536_000);
    CaseRow {
        id: format!("bench-{i:07}"),
        status: String::from("final"),
        accused: String::from(if i.is_multiple_of(2) { "AFG" } else { "PAK" }),
        complainant: Some(String::from(if i.is_multiple_of(2) { "PAK" } else { "AFG" })),
        filed_at: at + 86_400,
        occurred_at: if day { at - at.rem_euclid(86_400) } else { at },
        occurred_until: None,
        time_precision: String::from(if day { "day" } else { "exact" }),
        summary: format!("Bench case {i}: shelling across the line near the crossing"),
        provisions: String::from("P1,P4"),
        casualties: i.is_multiple_of(2).then(|| String::from(r#"{"civilians_killed":{"low":1,"best":2,"high":4}}"#)),
        lat: Some(29.5 + (i % 650) as f64 / 100.0),
        lon: Some(62.0 + (i % 950) as f64 / 100.0),
        sector: Some(String::from("chaman")),
        team: None,
        last_record_idx: i,
        acts: String::from(if day { "air_drone_strike" } else { "shelling_artillery" }),
        geo_precision: Some(2),
        place: Some(String::from("Chaman")),
        country: Some(String::from(if i.is_multiple_of(2) { "PK" } else { "AF" })),
        admin1: Some(String::from("Balochistan")),
    }
}

fn finding(i: u64, c: &CaseRow) -> FindingRow {
    FindingRow {
        case_id: c.id.clone(),
        occurrence: String::from("confirmed"),
        party: Some(c.accused.clone()),
        basis: Some(String::from("direct_act")),
        severity: Some(String::from("serious")),
        provisions: String::from("P1"),
        casualties: i.is_multiple_of(4).then(|| String::from(r#"{"civilians_killed":{"low":1,"best":1,"high":2}}"#)),
        determined_at: Some(c.filed_at + 86_400),
        final_at: Some(c.filed_at + 10 * 86_400),
        doc: String::from("{}"),
    }
}

fn penalty(c: &CaseRow) -> PenaltyRow {
    PenaltyRow {
        case_id: c.id.clone(),
        party: c.accused.clone(),
        proposed_level: 2,
        explanation: String::from("[]"),
        decided_level: Some(2),
        measure: Some(String::from("Public censure")),
        // A day after the finding became final (ten days after filing).
        decided_at: Some(c.filed_at + 11 * 86_400),
        compliance_by: None,
        complied: None,
    }
}

/// Writes `rows` published cases into `store`.
async fn fill(store: &Store, rows: u64) -> anyhow::Result<()> {
    let bar = indicatif::ProgressBar::new(rows);
    let mut i = 0;
    while i < rows {
        let end = (i + FILL_BATCH).min(rows);
        let cases: Vec<CaseRow> = (i..end).map(case).collect();
        let findings = cases.iter().zip(i..end).map(|(c, n)| finding(n, c)).collect();
        let penalties =
            cases.iter().zip(i..end).filter(|(_, n)| n.is_multiple_of(3)).map(|(c, _)| penalty(c)).collect();
        let projection = Projection { cases, findings, penalties, ..Projection::default() };
        store.commit_batch(&Batch { projection, ..Batch::default() }).await.context("filling the store")?;
        bar.inc(end - i);
        i = end;
    }
    bar.finish_and_clear();
    Ok(())
}

/// What one format's stream measured.
struct Measured {
    format: Format,
    rows: u64,
    bytes: u64,
    secs: f64,
    rss_before: f64,
    rss_max: f64,
}

async fn measure(store: &Store, format: Format, rows: u64) -> anyhow::Result<Measured> {
    let context = Context {
        parties: vec![
            (String::from("PAK"), String::from("Pakistan")),
            (String::from("AFG"), String::from("Afghanistan")),
        ],
        origin: String::from("bench.truce.invalid/log"),
        notice: None,
    };
    let window = ExportWindow { with_finding: format.findings_only(), ..ExportWindow::default() };
    let rss_before = rss_mib("VmRSS:").unwrap_or(f64::NAN);
    let mut rss_max = rss_before;
    let start = truce_node::clock::instant();
    let mut pages = std::pin::pin!(opendata::stream(store.clone(), Viewer::Public, format, window, context));
    let mut bytes = 0u64;
    let mut sink = std::io::sink();
    while let Some(page) = pages.next().await {
        let page = page.with_context(|| format!("streaming {}", format.file_name()))?;
        bytes += page.len() as u64;
        std::io::Write::write_all(&mut sink, &page)?;
        rss_max = rss_max.max(rss_mib("VmRSS:").unwrap_or(f64::NAN));
    }
    Ok(Measured { format, rows, bytes, secs: start.elapsed().as_secs_f64(), rss_before, rss_max })
}

/// `truce bench export`: fills a fresh store (SQLite in a temporary
/// directory, or `database`) with `rows` published cases and streams every
/// format.
pub async fn export(rows: u64, database: Option<&str>) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let url = match database {
        Some(url) => url.to_owned(),
        None => format!("sqlite://{}", dir.path().join("bench.db").display()),
    };
    let store = Store::open(&url).await.with_context(|| format!("opening {url}"))?;
    let start = truce_node::clock::instant();
    fill(&store, rows).await?;
    if store.backend() == truce_store::Backend::Postgres {
        // A deployment's tables grow a filing at a time and autovacuum keeps
        // their statistics; a table filled in one go has none until it runs,
        // and the planner's choices over it are not the deployment's.
        store.execute_raw("analyze").await.context("analyzing the filled tables")?;
    }
    println!("filled {rows} published cases in {:.1} s", start.elapsed().as_secs_f64());
    println!(
        "{:<16} {:>9} {:>10} {:>8} {:>12} {:>14} {:>14}",
        "file", "rows", "MiB", "s", "rows/s", "RSS before MiB", "RSS max MiB"
    );
    // The store's pages alone, read and checked as a download reads them
    // but not encoded: what any format costs before its encoder runs.
    let start = truce_node::clock::instant();
    let (mut after, mut read) = (None::<(i64, String)>, 0u64);
    loop {
        let cursor = after.as_ref().map(|(t, id)| (*t, id.as_str()));
        let (page, next, last) =
            opendata::page(&store, &Viewer::Public, ExportWindow::default(), cursor, opendata::PAGE)
                .await
                .context("reading the store")?;
        read += page.len() as u64;
        after = next;
        if last {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:<16} {:>9} {:>10} {:>8.2} {:>12.0}", "(store read)", read, "", secs, read as f64 / secs);
    // The same pages through the connection pool, as every download read
    // them before SQLite files were read directly: the build before, in
    // the same run.
    let scope = truce_server::app::cases::scope_of(&Viewer::Public);
    let start = truce_node::clock::instant();
    let (mut after, mut read) = (None::<(i64, String)>, 0u64);
    loop {
        let cursor = after.as_ref().map(|(t, id)| (*t, id.as_str()));
        let page = store
            .export_page_pooled(&scope, ExportWindow::default(), cursor, opendata::PAGE)
            .await
            .context("reading the store through the pool")?;
        read += page.len() as u64;
        after = page.last().map(|r| (r.occurred_at, r.id.clone()));
        if (page.len() as u64) < opendata::PAGE {
            break;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{:<16} {:>9} {:>10} {:>8.2} {:>12.0}", "(pooled read)", read, "", secs, read as f64 / secs);
    let mut slow = false;
    for format in Format::ALL {
        // findings.csv has a row per case with a finding: every case here.
        let m = measure(&store, format, rows).await?;
        let rate = m.rows as f64 / m.secs;
        slow |= rate < 100_000.0;
        println!(
            "{:<16} {:>9} {:>10.1} {:>8.2} {:>12.0} {:>14.1} {:>14.1}",
            m.format.file_name(),
            m.rows,
            m.bytes as f64 / (1024.0 * 1024.0),
            m.secs,
            rate,
            m.rss_before,
            m.rss_max
        );
    }
    println!("peak RSS of the whole run {:.0} MiB", rss_mib("VmHWM:").unwrap_or(f64::NAN));
    store.close().await;
    if slow {
        println!("a format streamed fewer than 100,000 rows/s");
    }
    Ok(ExitCode::SUCCESS)
}
