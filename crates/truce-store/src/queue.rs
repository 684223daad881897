//! What lets several servers share one PostgreSQL database: the sequencer
//! lease and the queue of submissions waiting for the leader.
//!
//! Exactly one server sequences. It holds a session-level advisory lock on a
//! connection of its own ([`Lease`]): PostgreSQL releases the lock the moment
//! that session ends, so when the leader dies (even by `SIGKILL`) another
//! server takes the lease within its next try. The lock alone cannot stop a
//! leader that lost its session without noticing yet; the compare-and-set
//! on `log_head` in [`crate::Store::commit_batch`] does, because its batch
//! was built on a size the new leader has already moved past.
//!
//! A server without the lease queues what it is given ([`Store::queue_submission`])
//! rather than forwarding it over the network: the row survives the leader's
//! death, the next leader takes it, and the leader writes the record's index
//! into the row in the transaction that appends the record, so nothing is
//! appended twice or lost between a dead leader and the next.

use sqlx::{Connection as _, Row};

use crate::{Backend, Store, StoreError, to_i64, to_u64};

/// A record waiting in the queue for the leader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedSubmission {
    /// The queue's number for it.
    pub id: i64,
    /// The signed record's entry bytes.
    pub entry: Vec<u8>,
    /// For a confidential record, its salt and body JSON.
    pub reveal: Option<(Vec<u8>, String)>,
}

/// What became of a queued record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueOutcome {
    /// No leader has taken it yet.
    Waiting,
    /// Appended at this index.
    Appended(u64),
    /// Refused by the leader's rules: the reason, the field at fault where
    /// the refusal names one, and the refusal's class.
    Refused {
        /// Why, as the leader said it.
        reason: String,
        /// The field: the body's, for a refusal of consent stored without a
        /// class; the submitted record's path otherwise.
        field: Option<String>,
        /// The class of the refusal, by name (`None` for a refusal of
        /// consent, and for one stored before classes were).
        class: Option<String>,
    },
}

/// A connection of its own on which a server tries for, and then holds, the
/// sequencer lease (a session-level advisory lock). Dropping it closes the
/// session and so releases the lease.
#[derive(Debug)]
pub struct Lease {
    conn: sqlx::AnyConnection,
    key: i64,
    held: bool,
}

impl Lease {
    /// Tries to take the lease without waiting; `true` if this session holds it.
    pub async fn try_take(&mut self) -> Result<bool, StoreError> {
        if self.held {
            return Ok(true);
        }
        let row = sqlx::query("select pg_try_advisory_lock($1)::int").bind(self.key).fetch_one(&mut self.conn).await?;
        self.held = row.try_get::<i32, _>(0)? == 1;
        Ok(self.held)
    }

    /// Checks that the session holding the lease is still alive: an error
    /// means the lease may be gone (the database released it with the session).
    pub async fn check(&mut self) -> Result<(), StoreError> {
        self.conn.ping().await?;
        Ok(())
    }

    /// Whether this session took the lease.
    pub fn held(&self) -> bool {
        self.held
    }

    /// Ends the session, releasing the lease if held.
    pub async fn release(self) {
        let _ = self.conn.close().await;
    }
}

impl Store {
    /// A connection of its own for the sequencer lease `key` (not yet
    /// taken). PostgreSQL only: a SQLite store runs one server.
    pub async fn lease(&self, key: i64) -> Result<Lease, StoreError> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::SingleServer);
        }
        let conn = self.pool.acquire().await?.detach();
        Ok(Lease { conn, key, held: false })
    }

    /// The tree size the log's head is at (the latest checkpoint's).
    pub async fn head_size(&self) -> Result<u64, StoreError> {
        let row = sqlx::query("select size from log_head where id = 1").fetch_one(&self.pool).await?;
        to_u64(row.try_get::<i64, _>(0)?, "log_head")
    }

    /// Queues a record for the leader; returns its number in the queue.
    pub async fn queue_submission(
        &self,
        entry: &[u8],
        reveal: Option<(&[u8], &str)>,
        queued_at_ms: i64,
    ) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "insert into queued_submissions (entry, salt, body, queued_at) values ($1, $2, $3, $4) returning id",
        )
        .bind(entry.to_vec())
        .bind(reveal.map(|(salt, _)| salt.to_vec()))
        .bind(reveal.map(|(_, body)| body.to_owned()))
        .bind(queued_at_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// Up to `limit` queued records neither appended nor refused, oldest first.
    pub async fn queued_waiting(&self, limit: u32) -> Result<Vec<QueuedSubmission>, StoreError> {
        let rows = sqlx::query(
            "select id, entry, salt, body from queued_submissions \
             where log_index is null and refusal is null order by id limit $1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let salt: Option<Vec<u8>> = r.try_get(2)?;
                let body: Option<String> = r.try_get(3)?;
                Ok(QueuedSubmission { id: r.try_get(0)?, entry: r.try_get(1)?, reveal: salt.zip(body) })
            })
            .collect()
    }

    /// What became of queued record `id`.
    pub async fn queue_outcome(&self, id: i64) -> Result<QueueOutcome, StoreError> {
        let row = sqlx::query(
            "select log_index, refusal, refusal_field, refusal_class from queued_submissions where id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("queued submission {id}")))?;
        let index: Option<i64> = row.try_get(0)?;
        let refusal: Option<String> = row.try_get(1)?;
        Ok(match (index, refusal) {
            (Some(index), _) => QueueOutcome::Appended(to_u64(index, "queued_submissions")?),
            (None, Some(reason)) => QueueOutcome::Refused { reason, field: row.try_get(2)?, class: row.try_get(3)? },
            (None, None) => QueueOutcome::Waiting,
        })
    }

    /// Records the leader's refusal of queued record `id`: why, the field
    /// at fault if any, and the refusal's class by name.
    pub async fn refuse_queued(
        &self,
        id: i64,
        reason: &str,
        field: Option<&str>,
        class: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "update queued_submissions set refusal = $2, refusal_field = $3, refusal_class = $4 \
             where id = $1 and log_index is null",
        )
        .bind(id)
        .bind(reason.to_owned())
        .bind(field.map(str::to_owned))
        .bind(class.map(str::to_owned))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deletes queued record `id` once its submitter has its answer.
    pub async fn forget_queued(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("delete from queued_submissions where id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }
}

/// Advances the log's head from `from` to `to` inside `tx`, or fails with
/// [`StoreError::HeadMoved`] if it is no longer at `from`.
pub(crate) async fn advance_head(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    from: u64,
    to: u64,
) -> Result<(), StoreError> {
    let done = sqlx::query("update log_head set size = $2 where id = 1 and size = $1")
        .bind(to_i64(from, "log_head")?)
        .bind(to_i64(to, "log_head")?)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::HeadMoved { expected: from });
    }
    Ok(())
}

/// Marks the queued records `(id, index)` appended inside `tx`.
pub(crate) async fn mark_appended(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    queued: &[(i64, u64)],
) -> Result<(), StoreError> {
    for (id, index) in queued {
        let done = sqlx::query(
            "update queued_submissions set log_index = $2 where id = $1 and log_index is null and refusal is null",
        )
        .bind(*id)
        .bind(to_i64(*index, "queued_submissions")?)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict { constraint: format!("queued submission {id} was already answered") });
        }
    }
    Ok(())
}
