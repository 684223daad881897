//! Persistence for Truce: the transparency log and its projections, on
//! SQLite (the embedded default) or PostgreSQL (for deployments that outgrow
//! one machine).
//!
//! This crate has no rules about content. It stores log entries, the Merkle
//! tree's stored hashes, signed checkpoints, confidential bodies and the
//! projection rows it is given, and reads them back. Everything is written in
//! one transaction per batch ([`Store::commit_batch`]), so a crash leaves
//! either the whole batch or none of it. One code path serves both backends
//! through sqlx's `Any` driver; each backend owns its migrations, because
//! their column types differ.

mod accounts;
mod direct;
mod field;
mod queue;
mod reports;
mod rows;
mod search;
mod webhooks;

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Row};

pub use accounts::*;
pub use field::*;
pub use queue::{Lease, QueueOutcome, QueuedSubmission};
pub use reports::*;
pub use rows::*;
pub use webhooks::*;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How many rows a bulk read fetches per round trip.
pub const PAGE: u64 = 10_000;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A write broke a constraint, for example an index appended twice.
    #[error("conflict on {constraint}")]
    Conflict {
        /// The constraint's name, where the database gave it.
        constraint: String,
    },
    /// The database URL is not one this store speaks.
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// Stored data is not what this version wrote.
    #[error("corrupt data in {table}: {reason}")]
    Corrupt {
        /// Where.
        table: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// Any other database failure.
    #[error("database: {0}")]
    Database(#[source] sqlx::Error),
    /// A batch was built on a log head that has since moved: another
    /// sequencer appended meanwhile (this one lost its lease).
    #[error("the log's head is no longer at size {expected}: another sequencer has appended since")]
    HeadMoved {
        /// The size the batch was built on.
        expected: u64,
    },
    /// Asked of a SQLite store, which runs one server.
    #[error("a SQLite store runs one server; several servers need PostgreSQL")]
    SingleServer,
    /// A migration failed.
    #[error("migration: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A direct read of the SQLite file failed.
    #[error("database file: {0}")]
    File(#[from] rusqlite::Error),
    /// The thread of a direct read of the SQLite file stopped.
    #[error("database file reader: {0}")]
    FileReader(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound("row".into()),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict { constraint: db.constraint().unwrap_or("unique").to_owned() }
            }
            _ => StoreError::Database(e),
        }
    }
}

/// Which database is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite in WAL mode.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// A connection pool to the store.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The database file of a SQLite store (not of one in memory), which
    /// downloads read directly ([`direct`]).
    sqlite_file: Option<std::path::PathBuf>,
    /// A PostgreSQL store's pool of the backend's own type, which
    /// downloads read through ([`direct`]); opened lazily.
    postgres: Option<sqlx::PgPool>,
}

/// Everything one batch of appends writes, in one transaction.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Batch {
    /// New log entries: (index, entry bytes).
    pub entries: Vec<(u64, Vec<u8>)>,
    /// New stored hashes: (storage index, hash).
    pub hashes: Vec<(u64, Vec<u8>)>,
    /// Plaintexts of confidential bodies: (index, salt, body JSON).
    pub confidential: Vec<(u64, Vec<u8>, String)>,
    /// The checkpoint signed over the tree after this batch.
    pub checkpoint: Option<(u64, String)>,
    /// Projection changes.
    pub projection: Projection,
    /// Settings to record: (key, value).
    pub meta: Vec<(String, String)>,
    /// Queued submissions this batch appends: (queue number, index).
    pub queued: Vec<(i64, u64)>,
}

pub(crate) fn to_i64(n: u64, what: &'static str) -> Result<i64, StoreError> {
    i64::try_from(n)
        .map_err(|_| StoreError::Corrupt { table: what, reason: format!("{n} does not fit a 64-bit integer") })
}

pub(crate) fn to_u64(n: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt { table: what, reason: format!("negative index {n}") })
}

/// The range reads a replay or `verify` makes of whole tables, one SQL
/// text for both drivers (SQLite reads `$1` as its first parameter): sqlx
/// runs them on PostgreSQL and on a store in memory, [`direct`] on a
/// SQLite file.
pub(crate) mod range_sql {
    /// Log entries `from <= idx < to`.
    pub const ENTRIES: &str = "select idx, entry from log_entries where idx >= $1 and idx < $2 order by idx";
    /// Stored tree hashes `from <= idx < to`.
    pub const HASHES: &str = "select idx, hash from log_hashes where idx >= $1 and idx < $2 order by idx";
    /// Confidential bodies `from <= idx < to`.
    pub const CONFIDENTIAL: &str =
        "select idx, salt, body from confidential_bodies where idx >= $1 and idx < $2 order by idx";
    /// Up to `$3` case event rows after (case id `$1`, seq `$2`). A row
    /// value: SQLite searches the primary key for it, where the equivalent
    /// `a > x or (a = x and b > y)` makes it scan from the start on every
    /// page (quadratic in the table: 30 s of a 1M-record verify).
    pub const EVENTS_AFTER: &str = "select case_id, seq, record_idx, at, kind, doc from case_events \
         where (case_id, seq) > ($1, $2) order by case_id, seq limit $3";
}

impl Store {
    /// Connects to `url` (`sqlite://PATH` or `postgres://…`), creating a
    /// SQLite file if needed, and applies pending migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_owned()));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let mut pool = AnyPoolOptions::new().max_connections(match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 8,
        });
        if backend == Backend::Sqlite {
            // WAL for concurrent readers; synchronous=full so that a commit
            // is on disk before an append is acknowledged.
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::query("pragma journal_mode = wal").execute(&mut *conn).await?;
                    sqlx::query("pragma synchronous = full").execute(&mut *conn).await?;
                    sqlx::query("pragma busy_timeout = 10000").execute(&mut *conn).await?;
                    // The WAL is copied back into the database by
                    // `checkpoint_wal`, called off the commit path; a commit
                    // only does it itself once the WAL passes 64 MiB.
                    sqlx::query("pragma wal_autocheckpoint = 16384").execute(&mut *conn).await?;
                    Ok(())
                })
            });
        }
        let pool = pool.connect_with(options).await?;
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        let (sqlite_file, postgres) = match backend {
            Backend::Sqlite => (direct::file_of(&url), None),
            Backend::Postgres => (None, Some(direct::postgres_pool(&url)?)),
        };
        Ok(Store { pool, backend, sqlite_file, postgres })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(postgres) = &self.postgres {
            postgres.close().await;
        }
    }

    /// The number of entries in the log.
    pub async fn log_size(&self) -> Result<u64, StoreError> {
        // One past the last index, found in the primary key: entries are
        // appended without gaps from 0 (a batch is refused unless it starts
        // at the head), and every replay refuses a missing entry by its
        // index. `count(*)` read the whole table: 2 s at a million entries,
        // on every start.
        let row = sqlx::query("select coalesce(max(idx) + 1, 0) from log_entries").fetch_one(&self.pool).await?;
        to_u64(row.try_get::<i64, _>(0)?, "log_entries")
    }

    /// Entries with `from <= index < to`, in order.
    pub async fn entries(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        // A SQLite file is read directly, as downloads are: a replay reads
        // every entry, and sqlx's worker hands each row over one at a time.
        if let Some(file) = &self.sqlite_file {
            let rows = direct::entries(file, to_i64(from, "log_entries")?, to_i64(to, "log_entries")?).await?;
            return rows.into_iter().map(|(idx, entry)| Ok((to_u64(idx, "log_entries")?, entry))).collect();
        }
        let rows = sqlx::query(range_sql::ENTRIES)
            .bind(to_i64(from, "log_entries")?)
            .bind(to_i64(to, "log_entries")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((to_u64(r.try_get::<i64, _>(0)?, "log_entries")?, r.try_get::<Vec<u8>, _>(1)?)))
            .collect()
    }

    /// One entry.
    pub async fn entry(&self, index: u64) -> Result<Vec<u8>, StoreError> {
        let row = sqlx::query("select entry from log_entries where idx = $1")
            .bind(to_i64(index, "log_entries")?)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("log entry {index}")))?;
        Ok(row.try_get::<Vec<u8>, _>(0)?)
    }

    /// Stored hashes with `from <= index < to`, in order.
    pub async fn hashes(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        // Read directly from a SQLite file, as entries are: `verify` reads
        // every stored hash.
        if let Some(file) = &self.sqlite_file {
            let rows = direct::hashes(file, to_i64(from, "log_hashes")?, to_i64(to, "log_hashes")?).await?;
            return rows.into_iter().map(|(idx, hash)| Ok((to_u64(idx, "log_hashes")?, hash))).collect();
        }
        let rows = sqlx::query(range_sql::HASHES)
            .bind(to_i64(from, "log_hashes")?)
            .bind(to_i64(to, "log_hashes")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((to_u64(r.try_get::<i64, _>(0)?, "log_hashes")?, r.try_get::<Vec<u8>, _>(1)?))).collect()
    }

    /// The stored hashes at `indexes` (any order, duplicates allowed), as
    /// (index, hash) in index order. For proofs and tiles, which need a few
    /// hashes scattered over the tree.
    pub async fn hashes_at(&self, indexes: &[u64]) -> Result<Vec<(u64, Vec<u8>)>, StoreError> {
        let mut wanted: Vec<u64> = indexes.to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = Vec::with_capacity(wanted.len());
        // Both backends take this many parameters in one statement.
        for chunk in wanted.chunks(500) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("select idx, hash from log_hashes where idx in ({}) order by idx", list.join(", "));
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for &index in chunk {
                query = query.bind(to_i64(index, "log_hashes")?);
            }
            for r in query.fetch_all(&self.pool).await? {
                out.push((to_u64(r.try_get::<i64, _>(0)?, "log_hashes")?, r.try_get::<Vec<u8>, _>(1)?));
            }
        }
        Ok(out)
    }

    /// The number of stored hashes.
    pub async fn hash_count(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("select count(*) from log_hashes").fetch_one(&self.pool).await?;
        to_u64(row.try_get::<i64, _>(0)?, "log_hashes")
    }

    /// The latest checkpoint: (size, signed note).
    pub async fn latest_checkpoint(&self) -> Result<Option<(u64, String)>, StoreError> {
        let row = sqlx::query("select size, note from checkpoints order by size desc limit 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((to_u64(r.try_get::<i64, _>(0)?, "checkpoints")?, r.try_get::<String, _>(1)?))).transpose()
    }

    /// The latest `limit` checkpoints, newest first.
    pub async fn recent_checkpoints(&self, limit: u32) -> Result<Vec<(u64, String)>, StoreError> {
        let rows = sqlx::query("select size, note from checkpoints order by size desc limit $1")
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((to_u64(r.try_get::<i64, _>(0)?, "checkpoints")?, r.try_get::<String, _>(1)?))).collect()
    }

    /// The checkpoint of `size` entries, if one was signed at that size.
    pub async fn checkpoint_at(&self, size: u64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("select note from checkpoints where size = $1")
            .bind(to_i64(size, "checkpoints")?)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get::<String, _>(0).map_err(StoreError::from)).transpose()
    }

    /// Replaces the note of the checkpoint of `size` entries with the same
    /// checkpoint carrying more signature lines: the witnesses'
    /// cosignatures, added as they arrive. The caller checks that the text
    /// and the log's signature are unchanged. Returns whether a checkpoint of
    /// that size was there.
    pub async fn cosign_checkpoint(&self, size: u64, note: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("update checkpoints set note = $2 where size = $1")
            .bind(to_i64(size, "checkpoints")?)
            .bind(note)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every checkpoint, oldest first.
    pub async fn checkpoints(&self) -> Result<Vec<(u64, String)>, StoreError> {
        let rows = sqlx::query("select size, note from checkpoints order by size").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((to_u64(r.try_get::<i64, _>(0)?, "checkpoints")?, r.try_get::<String, _>(1)?))).collect()
    }

    /// The salt and plaintext of a confidential body.
    pub async fn confidential(&self, index: u64) -> Result<Option<(Vec<u8>, String)>, StoreError> {
        let mut rows = self.confidential_between(index, index.saturating_add(1)).await?;
        Ok(rows.pop().map(|(_, salt, body)| (salt, body)))
    }

    /// The confidential bodies and salts of the records in `from..to`, in
    /// order of index (for replaying a page of the log).
    pub async fn confidential_between(&self, from: u64, to: u64) -> Result<Vec<(u64, Vec<u8>, String)>, StoreError> {
        if let Some(file) = &self.sqlite_file {
            let (from, to) = (to_i64(from, "confidential_bodies")?, to_i64(to, "confidential_bodies")?);
            let rows = direct::confidential(file, from, to).await?;
            return rows
                .into_iter()
                .map(|(idx, salt, body)| Ok((to_u64(idx, "confidential_bodies")?, salt, body)))
                .collect();
        }
        let rows = sqlx::query(range_sql::CONFIDENTIAL)
            .bind(to_i64(from, "confidential_bodies")?)
            .bind(to_i64(to, "confidential_bodies")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    to_u64(r.try_get::<i64, _>(0)?, "confidential_bodies")?,
                    r.try_get::<Vec<u8>, _>(1)?,
                    r.try_get::<String, _>(2)?,
                ))
            })
            .collect()
    }

    /// A setting.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("select value from meta where key = $1").bind(key).fetch_optional(&self.pool).await?;
        row.map(|r| r.try_get::<String, _>(0).map_err(StoreError::from)).transpose()
    }

    /// Sets a setting kept beside the log (not part of it), such as when the
    /// last backup was taken.
    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "insert into meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
        )
        .bind(key.to_owned())
        .bind(value.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Writes a batch in one transaction: entries, hashes, confidential
    /// bodies, the checkpoint, projection changes and settings.
    pub async fn commit_batch(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        self.write_batch(&mut tx, batch).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn write_batch(&self, tx: &mut sqlx::Transaction<'_, sqlx::Any>, batch: &Batch) -> Result<(), StoreError> {
        let numbered = self.backend == Backend::Postgres;
        // The compare-and-set first: a batch built on a stale head writes nothing.
        if let Some((size, _)) = &batch.checkpoint {
            let from = size.checked_sub(batch.entries.len() as u64).ok_or_else(|| StoreError::Corrupt {
                table: "checkpoints",
                reason: format!("a checkpoint of size {size} after {} new entries", batch.entries.len()),
            })?;
            queue::advance_head(tx, from, *size).await?;
        }
        queue::mark_appended(tx, &batch.queued).await?;
        rows::insert_many(
            tx,
            numbered,
            "insert into log_entries (idx, entry)",
            2,
            "",
            &batch.entries,
            |q, (idx, entry)| Ok(q.bind(to_i64(*idx, "log_entries")?).bind(entry.clone())),
        )
        .await?;
        rows::insert_many(
            tx,
            numbered,
            "insert into log_hashes (idx, hash)",
            2,
            "",
            &batch.hashes,
            |q, (idx, hash)| Ok(q.bind(to_i64(*idx, "log_hashes")?).bind(hash.clone())),
        )
        .await?;
        rows::insert_many(
            tx,
            numbered,
            "insert into confidential_bodies (idx, salt, body)",
            3,
            "",
            &batch.confidential,
            |q, (idx, salt, body)| {
                Ok(q.bind(to_i64(*idx, "confidential_bodies")?).bind(salt.clone()).bind(body.clone()))
            },
        )
        .await?;
        for (key, value) in &batch.meta {
            sqlx::query(
                "insert into meta (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value",
            )
            .bind(key.as_str())
            .bind(value.as_str())
            .execute(&mut **tx)
            .await?;
        }
        rows::write_projection(tx, numbered, &batch.projection).await?;
        if let Some((size, note)) = &batch.checkpoint {
            sqlx::query("insert into checkpoints (size, note) values ($1, $2)")
                .bind(to_i64(*size, "checkpoints")?)
                .bind(note.as_str())
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Copies what the write-ahead log holds back into the SQLite database
    /// file, as far as it can without waiting for readers or the writer
    /// (`PASSIVE`). Done by a commit that crosses SQLite's threshold, this
    /// made that commit, and every submitter waiting on the commits behind
    /// it, wait tens of milliseconds; the sequencer calls this from a task
    /// of its own instead. For SQLite only: PostgreSQL has no such log.
    pub async fn checkpoint_wal(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            sqlx::query("pragma wal_checkpoint(passive)").execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Writes a consistent copy of a SQLite store to `path` (`VACUUM INTO`,
    /// one read transaction: commits made meanwhile are in it or not,
    /// never in part), while the server goes on writing. `path` must not
    /// exist. PostgreSQL has its own tools (`pg_dump`); asked of it, this
    /// is [`StoreError::UnsupportedUrl`].
    pub async fn backup_into(&self, path: &std::path::Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::UnsupportedUrl("a PostgreSQL store is backed up with pg_dump".to_owned()));
        }
        let path = path.to_str().ok_or_else(|| StoreError::UnsupportedUrl(format!("{}", path.display())))?;
        sqlx::query("vacuum into ?").bind(path.to_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes every projection row, keeping the log.
    pub async fn clear_projections(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for statement in rows::CLEAR_PROJECTIONS {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Reads every projection row, for comparison and export.
    pub async fn read_projection(&self) -> Result<Projection, StoreError> {
        rows::read_projection(&self.pool).await
    }

    /// Up to `limit` case rows with ids after `after`, in the database's order.
    pub async fn cases_after(&self, after: Option<&str>, limit: u64) -> Result<Vec<CaseRow>, StoreError> {
        rows::cases_after(&self.pool, after, to_i64(limit, "cases")?).await
    }

    /// Up to `limit` finding rows after `after`.
    pub async fn findings_after(&self, after: Option<&str>, limit: u64) -> Result<Vec<FindingRow>, StoreError> {
        rows::findings_after(&self.pool, after, to_i64(limit, "findings")?).await
    }

    /// Up to `limit` penalty rows after `after`.
    pub async fn penalties_after(&self, after: Option<&str>, limit: u64) -> Result<Vec<PenaltyRow>, StoreError> {
        rows::penalties_after(&self.pool, after, to_i64(limit, "penalties")?).await
    }

    /// Up to `limit` event rows after (case id, seq).
    pub async fn events_after(&self, after: Option<(&str, u64)>, limit: u64) -> Result<Vec<EventRow>, StoreError> {
        let limit = to_i64(limit, "case_events")?;
        // The first page starts before every key.
        let (case, seq) = match after {
            Some((case, seq)) => (case.to_owned(), to_i64(seq, "case_events")?),
            None => (String::new(), -1),
        };
        // Read directly from a SQLite file: `verify` reads every event row.
        if let Some(file) = &self.sqlite_file {
            let rows = direct::events_after(file, case, seq, limit).await?;
            return rows
                .into_iter()
                .map(|(case_id, seq, record_idx, at, kind, doc)| {
                    Ok(EventRow {
                        case_id,
                        seq: to_u64(seq, "case_events")?,
                        record_idx: to_u64(record_idx, "case_events")?,
                        at,
                        kind,
                        doc,
                    })
                })
                .collect();
        }
        rows::events_after(&self.pool, &case, seq, limit).await
    }

    /// The principal rows, which stay few.
    pub async fn read_principals(&self) -> Result<Vec<PrincipalRow>, StoreError> {
        rows::read_principals(&self.pool).await
    }

    /// Up to `limit` incident rows after (case id, report case id).
    pub async fn incidents_after(
        &self,
        after: Option<(&str, &str)>,
        limit: u64,
    ) -> Result<Vec<IncidentRow>, StoreError> {
        rows::incidents_after(&self.pool, after, to_i64(limit, "incidents")?).await
    }

    /// Runs a raw statement. Tests use it to tamper with stored data.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StoreError> {
        Ok(sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&self.pool).await?.rows_affected())
    }

    /// The pool, for the read models of later layers.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}
