//! Webhook subscriptions and the outbox of their deliveries.
//!
//! The server's delivery task reads committed case events by log index
//! ([`Store::events_between`]), decides which subscriber may be sent
//! which, and writes the deliveries together with the cursor that moves
//! past those events ([`Store::enqueue_deliveries`]): one transaction, so a
//! crash leaves either both or neither, and no event is delivered twice
//! or skipped. The deliveries then wait here, with their attempts and the
//! time of the next one, until they are delivered or given up, so a
//! restart loses none. Like accounts, these rows are not projections of
//! the log: `truce rebuild` leaves them alone.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{EventRow, Store, StoreError, to_i64};

/// A registered webhook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    /// Its id.
    pub id: String,
    /// The principal that registered it, whose access decides what it is sent.
    pub principal: String,
    /// Where deliveries are posted.
    pub url: String,
    /// The event types wanted, comma-separated.
    pub events: String,
    /// The signing secret, as issued (`whsec_…`).
    pub secret: String,
    /// When registered, Unix seconds.
    pub created_at: i64,
    /// The first log index whose events it is sent.
    pub from_record: u64,
}

/// One delivery of one event to one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRow {
    /// Its id, the same on every attempt (`webhook-id`).
    pub id: String,
    /// The subscription.
    pub subscription_id: String,
    /// The event type, e.g. `case.filed`.
    pub event_type: String,
    /// The log record the event came from.
    pub record_idx: u64,
    /// The case, if the event is a case's.
    pub case_id: Option<String>,
    /// The JSON body posted.
    pub payload: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// When the next attempt is due, Unix milliseconds (pending only).
    pub next_attempt_at: Option<i64>,
    /// When the last attempt was made, Unix milliseconds.
    pub last_attempt_at: Option<i64>,
    /// The receiver's HTTP status at the last attempt, if it answered.
    pub last_status: Option<u16>,
    /// Why the last attempt failed, if it did.
    pub last_error: Option<String>,
    /// When enqueued, Unix milliseconds.
    pub created_at: i64,
}

/// The outcome of one attempt, to record on its delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// When it was made, Unix milliseconds.
    pub at: i64,
    /// The HTTP status, if the receiver answered.
    pub status: Option<u16>,
    /// Why it failed, if it did.
    pub error: Option<String>,
    /// What the delivery becomes: `delivered`, `pending` or `failed`.
    pub outcome: &'static str,
    /// When the next attempt is due, if it stays pending.
    pub next_attempt_at: Option<i64>,
}

const SUBSCRIPTION_COLUMNS: &str =
    "select id, principal, url, events, secret, created_at, from_record from webhook_subscriptions";
const DELIVERY_COLUMNS: &str = "select id, subscription_id, event_type, record_idx, case_id, payload, status, \
     attempts, next_attempt_at, last_attempt_at, last_status, last_error, created_at from webhook_deliveries";

fn subscription_from(r: &AnyRow) -> Result<SubscriptionRow, StoreError> {
    let from: i64 = r.try_get("from_record")?;
    Ok(SubscriptionRow {
        id: r.try_get("id")?,
        principal: r.try_get("principal")?,
        url: r.try_get("url")?,
        events: r.try_get("events")?,
        secret: r.try_get("secret")?,
        created_at: r.try_get("created_at")?,
        from_record: crate::to_u64(from, "webhook_subscriptions")?,
    })
}

fn delivery_from(r: &AnyRow) -> Result<DeliveryRow, StoreError> {
    let corrupt = |reason: String| StoreError::Corrupt { table: "webhook_deliveries", reason };
    let record: i64 = r.try_get("record_idx")?;
    let attempts: i64 = r.try_get("attempts")?;
    let last_status: Option<i64> = r.try_get("last_status")?;
    Ok(DeliveryRow {
        id: r.try_get("id")?,
        subscription_id: r.try_get("subscription_id")?,
        event_type: r.try_get("event_type")?,
        record_idx: crate::to_u64(record, "webhook_deliveries")?,
        case_id: r.try_get("case_id")?,
        payload: r.try_get("payload")?,
        status: r.try_get("status")?,
        attempts: u32::try_from(attempts).map_err(|_| corrupt(format!("attempts {attempts}")))?,
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_attempt_at: r.try_get("last_attempt_at")?,
        last_status: last_status
            .map(|s| u16::try_from(s).map_err(|_| corrupt(format!("last_status {s}"))))
            .transpose()?,
        last_error: r.try_get("last_error")?,
        created_at: r.try_get("created_at")?,
    })
}

impl Store {
    /// Registers a webhook.
    pub async fn create_subscription(&self, s: &SubscriptionRow) -> Result<(), StoreError> {
        sqlx::query(
            "insert into webhook_subscriptions (id, principal, url, events, secret, created_at, from_record) \
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.id.clone())
        .bind(s.principal.clone())
        .bind(s.url.clone())
        .bind(s.events.clone())
        .bind(s.secret.clone())
        .bind(s.created_at)
        .bind(to_i64(s.from_record, "webhook_subscriptions")?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Every webhook, oldest first.
    pub async fn subscriptions(&self) -> Result<Vec<SubscriptionRow>, StoreError> {
        let sql = format!("{SUBSCRIPTION_COLUMNS} order by created_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(subscription_from).collect()
    }

    /// The webhooks `principal` registered, oldest first.
    pub async fn subscriptions_of(&self, principal: &str) -> Result<Vec<SubscriptionRow>, StoreError> {
        let sql = format!("{SUBSCRIPTION_COLUMNS} where principal = $1 order by created_at, id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(principal.to_owned()).fetch_all(&self.pool).await?;
        rows.iter().map(subscription_from).collect()
    }

    /// One webhook.
    pub async fn subscription(&self, id: &str) -> Result<Option<SubscriptionRow>, StoreError> {
        let sql = format!("{SUBSCRIPTION_COLUMNS} where id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(subscription_from).transpose()
    }

    /// Removes `principal`'s webhook `id` and its deliveries; false if it
    /// has none of that id.
    pub async fn delete_subscription(&self, principal: &str, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("delete from webhook_subscriptions where id = $1 and principal = $2")
            .bind(id.to_owned())
            .bind(principal.to_owned())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("delete from webhook_deliveries where subscription_id = $1")
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The next log index the delivery task reads, if it has started.
    pub async fn delivery_cursor(&self) -> Result<Option<u64>, StoreError> {
        let row = sqlx::query("select next_record from webhook_cursor where id = 1").fetch_optional(&self.pool).await?;
        row.map(|r| crate::to_u64(r.try_get("next_record")?, "webhook_cursor")).transpose()
    }

    /// The case events of log records `from..to`, by record, case and
    /// position, at most `limit`.
    pub async fn events_between(&self, from: u64, to: u64, limit: u64) -> Result<Vec<EventRow>, StoreError> {
        let sql = "select case_id, seq, record_idx, at, kind, doc from case_events \
                   where record_idx >= $1 and record_idx < $2 order by record_idx, case_id, seq limit $3";
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(to_i64(from, "case_events")?)
            .bind(to_i64(to, "case_events")?)
            .bind(to_i64(limit, "case_events")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(crate::rows::event_from).collect()
    }

    /// Every case event named `kind` (e.g. `escalation_triggered.v1`), by record, case and position.
    pub async fn events_of_kind(&self, kind: &str) -> Result<Vec<EventRow>, StoreError> {
        let sql = "select case_id, seq, record_idx, at, kind, doc from case_events \
                   where kind = $1 order by record_idx, case_id, seq";
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(kind.to_owned()).fetch_all(&self.pool).await?;
        rows.iter().map(crate::rows::event_from).collect()
    }

    /// Writes `deliveries` (each at most once: one already there is left
    /// as it is) and moves the cursor to `next_record`, in one transaction.
    pub async fn enqueue_deliveries(&self, deliveries: &[DeliveryRow], next_record: u64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for d in deliveries {
            sqlx::query(
                "insert into webhook_deliveries (id, subscription_id, event_type, record_idx, case_id, payload, \
                 status, attempts, next_attempt_at, last_attempt_at, last_status, last_error, created_at) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, null, null, null, $10) on conflict (id) do nothing",
            )
            .bind(d.id.clone())
            .bind(d.subscription_id.clone())
            .bind(d.event_type.clone())
            .bind(to_i64(d.record_idx, "webhook_deliveries")?)
            .bind(d.case_id.clone())
            .bind(d.payload.clone())
            .bind(d.status.clone())
            .bind(i64::from(d.attempts))
            .bind(d.next_attempt_at)
            .bind(d.created_at)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "insert into webhook_cursor (id, next_record) values (1, $1) \
             on conflict (id) do update set next_record = excluded.next_record",
        )
        .bind(to_i64(next_record, "webhook_cursor")?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Pending deliveries due at `now` (Unix milliseconds), soonest first, at most `limit`.
    pub async fn due_deliveries(&self, now: i64, limit: u64) -> Result<Vec<DeliveryRow>, StoreError> {
        let sql = format!(
            "{DELIVERY_COLUMNS} where status = 'pending' and next_attempt_at <= $1 \
             order by next_attempt_at, id limit $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(now)
            .bind(to_i64(limit, "webhook_deliveries")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(delivery_from).collect()
    }

    /// When the soonest pending delivery is due, Unix milliseconds.
    pub async fn next_delivery_due(&self) -> Result<Option<i64>, StoreError> {
        let row = sqlx::query("select min(next_attempt_at) as due from webhook_deliveries where status = 'pending'")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("due")?)
    }

    /// Records an attempt on delivery `id`.
    pub async fn record_attempt(&self, id: &str, attempt: &Attempt) -> Result<(), StoreError> {
        sqlx::query(
            "update webhook_deliveries set status = $1, attempts = attempts + 1, next_attempt_at = $2, \
             last_attempt_at = $3, last_status = $4, last_error = $5 where id = $6",
        )
        .bind(attempt.outcome)
        .bind(attempt.next_attempt_at)
        .bind(attempt.at)
        .bind(attempt.status.map(i64::from))
        .bind(attempt.error.clone())
        .bind(id.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks delivery `id` failed without an attempt, for `reason`.
    pub async fn give_up_delivery(&self, id: &str, reason: &str) -> Result<(), StoreError> {
        sqlx::query(
            "update webhook_deliveries set status = 'failed', next_attempt_at = null, last_error = $1 where id = $2",
        )
        .bind(reason.to_owned())
        .bind(id.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The deliveries of subscription `id`, newest first, at most `limit`.
    pub async fn deliveries_of(&self, id: &str, limit: u64) -> Result<Vec<DeliveryRow>, StoreError> {
        let sql = format!("{DELIVERY_COLUMNS} where subscription_id = $1 order by created_at desc, id desc limit $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_owned())
            .bind(to_i64(limit, "webhook_deliveries")?)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(delivery_from).collect()
    }
}
