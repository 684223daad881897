//! Downloads, and the pages of a replay, read without the `Any` driver:
//! straight from the SQLite file, or (downloads) through PostgreSQL's own
//! driver.
//!
//! A download of a million cases spent most of its time, not in SQLite,
//! but in handing each row from sqlx's SQLite worker thread to the reader
//! and converting it through the `Any` driver column by column (profiled
//! in `docs/PERFORMANCE.md`). A page of a download is one read-only query,
//! so it is run here on a blocking thread with `rusqlite` (the same
//! `libsqlite3-sys`, pinned with sqlx), on a read-only connection of its
//! own: in WAL mode it sees the last committed state, as a pooled reader
//! does, and never blocks the sequencer's writes. The SQL and its
//! arguments are the same as the pooled read's, built once in
//! [`super::reports`]; a store in memory (tests) has no file and takes
//! the pooled read. A replay (start-up, `verify`, `rebuild`) reads every
//! log entry and confidential body the same way, a page at a time. On
//! PostgreSQL the same download query goes through a small pool
//! of the driver's own type, which reads each column by position into its
//! type instead of through `Any`'s conversions. Every other read stays on
//! the `Any` pool.

use std::path::{Path, PathBuf};

use rusqlite::{OpenFlags, Row};
use sqlx::Row as _;

use crate::StoreError;
use crate::range_sql;
use crate::reports::{Arg, ExportRow};

/// An [`ExportRow`] from a row of [`super::reports::EXPORT_COLUMNS`] read
/// by position with the driver's own getter (`rusqlite`'s `get`, sqlx's
/// `try_get`): one list of the columns' places for both drivers.
macro_rules! export_row_by_position {
    ($r:expr, $get:ident) => {{
        let complied: Option<i64> = $r.$get(23)?;
        Ok(ExportRow {
            id: $r.$get(0)?,
            status: $r.$get(1)?,
            accused: $r.$get(2)?,
            provisions: $r.$get(3)?,
            occurred_at: $r.$get(4)?,
            occurred_until: $r.$get(5)?,
            time_precision: $r.$get(6)?,
            filed_at: $r.$get(7)?,
            summary: $r.$get(8)?,
            casualties: $r.$get(9)?,
            sector: $r.$get(10)?,
            lat: $r.$get(11)?,
            lon: $r.$get(12)?,
            occurrence: $r.$get(13)?,
            party: $r.$get(14)?,
            breached: $r.$get(15)?,
            severity: $r.$get(16)?,
            found_casualties: $r.$get(17)?,
            determined_at: $r.$get(18)?,
            final_at: $r.$get(19)?,
            penalty_level: $r.$get(20)?,
            penalty_measure: $r.$get(21)?,
            penalty_decided_at: $r.$get(22)?,
            complied: complied.map(|c| c != 0),
            complainant: $r.$get(24)?,
            team: $r.$get(25)?,
            acts: $r.$get(26)?,
            geo_precision: $r.$get(27)?,
            place: $r.$get(28)?,
            country: $r.$get(29)?,
            admin1: $r.$get(30)?,
        })
    }};
}

/// The file of a `sqlite:` URL, or `None` for a database in memory.
pub(crate) fn file_of(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path.contains(":memory:") || query.split('&').any(|kv| kv == "mode=memory") {
        return None;
    }
    Some(PathBuf::from(path))
}

/// Connections a PostgreSQL store keeps for downloads.
const POSTGRES_DOWNLOADS: u32 = 2;

/// A lazily connected pool of PostgreSQL's own driver for downloads.
pub(crate) fn postgres_pool(url: &str) -> Result<sqlx::PgPool, StoreError> {
    Ok(sqlx::postgres::PgPoolOptions::new().max_connections(POSTGRES_DOWNLOADS).connect_lazy(url)?)
}

/// Runs the export query `sql` with `args` on PostgreSQL's own driver.
pub(crate) async fn postgres_export(
    pool: &sqlx::PgPool,
    sql: String,
    args: Vec<Arg>,
) -> Result<Vec<ExportRow>, StoreError> {
    let mut query = sqlx::query::<sqlx::Postgres>(sqlx::AssertSqlSafe(sql));
    for arg in args {
        query = match arg {
            Arg::Text(s) => query.bind(s),
            Arg::Int(n) => query.bind(n),
        };
    }
    let rows = query.fetch_all(pool).await?;
    rows.iter().map(postgres_row).collect::<Result<_, sqlx::Error>>().map_err(StoreError::from)
}

/// A row of [`super::reports::EXPORT_COLUMNS`] from PostgreSQL, by position.
fn postgres_row(r: &sqlx::postgres::PgRow) -> Result<ExportRow, sqlx::Error> {
    export_row_by_position!(r, try_get)
}

/// Runs the export query `sql` with `args` on the file at `path`.
pub(crate) async fn export(path: &Path, sql: String, args: Vec<Arg>) -> Result<Vec<ExportRow>, StoreError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || export_blocking(&path, &sql, &args))
        .await
        .map_err(|e| StoreError::FileReader(e.to_string()))?
}

fn export_blocking(path: &Path, sql: &str, args: &[Arg]) -> Result<Vec<ExportRow>, StoreError> {
    let conn = read_only(path)?;
    let mut statement = conn.prepare(sql)?;
    // The arguments are named `$1`, `$2`… as the pooled read binds them;
    // SQLite numbers named parameters by first appearance, so each is
    // bound by its name.
    for (i, arg) in args.iter().enumerate() {
        let name = format!("${}", i + 1);
        let Some(index) = statement.parameter_index(&name)? else {
            return Err(StoreError::FileReader(format!("the query has no parameter {name}")));
        };
        match arg {
            Arg::Text(s) => statement.raw_bind_parameter(index, s)?,
            Arg::Int(n) => statement.raw_bind_parameter(index, n)?,
        }
    }
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(export_row(row)?);
    }
    Ok(out)
}

/// A row of [`super::reports::EXPORT_COLUMNS`] from the SQLite file, by position.
fn export_row(r: &Row<'_>) -> Result<ExportRow, rusqlite::Error> {
    export_row_by_position!(r, get)
}

/// Log entries `from <= idx < to`, in order, from the SQLite file at
/// `path`: the pages a replay or `verify` reads, a million rows for a log
/// of a million records.
pub(crate) async fn entries(path: &Path, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
    read(path, range_sql::ENTRIES, (from, to), |r| Ok((r.get(0)?, r.get(1)?))).await
}

/// Stored tree hashes `from <= idx < to`, in order: `verify` compares
/// each with the hash it computed, two million rows for a million records.
pub(crate) async fn hashes(path: &Path, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
    read(path, range_sql::HASHES, (from, to), |r| Ok((r.get(0)?, r.get(1)?))).await
}

/// A case event row as stored: case id, seq, record index, time, kind, doc.
pub(crate) type EventColumns = (String, i64, i64, i64, String, String);

/// Up to `limit` case event rows after (`case`, `seq`) in key order: the
/// table `verify` compares with the events the log gives, a row per event.
pub(crate) async fn events_after(
    path: &Path,
    case: String,
    seq: i64,
    limit: i64,
) -> Result<Vec<EventColumns>, StoreError> {
    read(path, range_sql::EVENTS_AFTER, (case, seq, limit), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })
    .await
}

/// Confidential bodies `from <= idx < to`, in order, from the SQLite file
/// at `path`.
pub(crate) async fn confidential(path: &Path, from: i64, to: i64) -> Result<Vec<(i64, Vec<u8>, String)>, StoreError> {
    read(path, range_sql::CONFIDENTIAL, (from, to), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).await
}

/// Runs `sql` with `params` on the file at `path`, on a blocking thread,
/// turning each row into a `T` with `row`.
async fn read<T: Send + 'static, P: rusqlite::Params + Send + 'static>(
    path: &Path,
    sql: &'static str,
    params: P,
    row: fn(&Row<'_>) -> Result<T, rusqlite::Error>,
) -> Result<Vec<T>, StoreError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let conn = read_only(&path)?;
        let mut statement = conn.prepare(sql)?;
        let rows = statement.query_map(params, row)?;
        rows.collect::<Result<Vec<T>, _>>().map_err(StoreError::from)
    })
    .await
    .map_err(|e| StoreError::FileReader(e.to_string()))?
}

/// A read-only connection of its own to the SQLite file at `path`: in WAL
/// mode it reads the last committed state and blocks no writer.
fn read_only(path: &Path) -> Result<rusqlite::Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_url_names_its_file_and_a_memory_one_none() {
        assert_eq!(
            file_of("sqlite:///var/lib/truce/truce.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/truce/truce.db"))
        );
        assert_eq!(file_of("sqlite://data/truce.db"), Some(PathBuf::from("data/truce.db")));
        assert_eq!(file_of("sqlite:truce.db"), Some(PathBuf::from("truce.db")));
        assert_eq!(file_of("sqlite::memory:"), None);
        assert_eq!(file_of("sqlite://:memory:?mode=rwc"), None);
        assert_eq!(file_of("sqlite://shared?mode=memory&cache=shared"), None);
        assert_eq!(file_of("postgres://localhost/test"), None);
    }
}
