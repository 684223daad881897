//! What the server keeps beside the log: login accounts, sessions, API
//! tokens and the receipt of evidence files, and the filtered case list.
//!
//! None of this is derived from the log, so `truce rebuild` leaves it alone.
//! Secrets are never stored in the clear: sessions and tokens by SHA-256,
//! passwords as argon2id hashes made by the caller.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::rows::{CASE_COLUMNS, case_from};
use crate::search::{self, Plan, Search};
use crate::{CaseRow, Store, StoreError};

/// A login account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The principal it logs in as.
    pub principal: String,
    /// The argon2id hash, in PHC string form.
    pub password_hash: String,
    /// The confirmed TOTP secret (base32), if the second factor is on.
    pub totp_secret: Option<String>,
    /// A TOTP secret offered but not yet confirmed.
    pub totp_pending: Option<String>,
    /// Whether the password was issued by someone else and must be changed.
    pub must_change_password: bool,
    /// When it was created (Unix seconds).
    pub created_at: i64,
    /// Moves on with every change of password: a session opened under an
    /// earlier stamp opens nothing (see [`Store::session`]).
    pub password_stamp: i64,
}

/// A browser session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 (hex) of the cookie value.
    pub token_hash: String,
    /// Who is logged in.
    pub principal: String,
    /// The session's CSRF token.
    pub csrf: String,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Expires (Unix seconds).
    pub expires_at: i64,
    /// The account's password stamp when the password was checked: the
    /// session lasts only while the account still has it.
    pub password_stamp: i64,
    /// Opened with a one-time password: it only changes the password.
    pub one_time: bool,
}

/// An API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRow {
    /// SHA-256 (hex) of the token.
    pub token_hash: String,
    /// Whose it is.
    pub principal: String,
    /// A name its owner gave it.
    pub name: String,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// When it stops working (Unix seconds); `None`: when it is revoked.
    pub expires_at: Option<i64>,
}

/// The receipt of an evidence file.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    /// SHA-256 (hex) of the file; the blob's address.
    pub sha256: String,
    /// Who uploaded it.
    pub principal: String,
    /// The uploader's participant.
    pub participant: Option<String>,
    /// The content type found by sniffing the bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// The file name the client gave (for people only).
    pub filename: String,
    /// When it was received (Unix seconds).
    pub received_at: i64,
    /// EXIF GPS latitude, if the file had one.
    pub exif_lat: Option<f64>,
    /// EXIF GPS longitude.
    pub exif_lon: Option<f64>,
    /// EXIF time of capture (Unix seconds, taken as UTC).
    pub exif_time: Option<i64>,
    /// The log record that recorded its receipt.
    pub record_idx: Option<u64>,
}

/// Who may see which cases, as a filter on the case list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    /// Every case.
    All,
    /// Cases in one of these statuses (published material).
    Published {
        /// The statuses in which a case is published.
        statuses: Vec<String>,
    },
    /// A participant's own cases, plus published ones.
    Participant {
        /// The participant.
        participant: String,
        /// The statuses in which a case is published.
        statuses: Vec<String>,
    },
}

/// Filters on the case list. Every filter is optional; all given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    /// The accused party.
    pub party: Option<String>,
    /// A provision cited.
    pub provision: Option<String>,
    /// The status.
    pub status: Option<String>,
    /// Occurred at or after (Unix seconds).
    pub from: Option<i64>,
    /// Occurred before (Unix seconds).
    pub until: Option<i64>,
    /// The border sector.
    pub sector: Option<String>,
    /// Words to find in the case id or summary: each word must begin a word
    /// of the case, ignoring case; punctuation inside a word (a case id, a
    /// date such as `2025-10-15`) asks for consecutive words. Query syntax
    /// has no effect; a text with no letter or digit matches no case.
    pub text: Option<String>,
    /// Continue after this (occurred_at, id), newest first.
    pub after: Option<(i64, String)>,
    /// Only cases with a finding.
    pub with_finding: bool,
    /// Only cases with a penalty (proposed or decided).
    pub with_penalty: bool,
}

fn account_from(r: &AnyRow) -> Result<Account, StoreError> {
    let must: i64 = r.try_get("must_change_password")?;
    Ok(Account {
        principal: r.try_get("principal")?,
        password_hash: r.try_get("password_hash")?,
        totp_secret: r.try_get("totp_secret")?,
        totp_pending: r.try_get("totp_pending")?,
        must_change_password: must != 0,
        created_at: r.try_get("created_at")?,
        password_stamp: r.try_get("password_stamp")?,
    })
}

fn evidence_from(r: &AnyRow) -> Result<EvidenceRow, StoreError> {
    let size: i64 = r.try_get("size")?;
    let record_idx: Option<i64> = r.try_get("record_idx")?;
    Ok(EvidenceRow {
        sha256: r.try_get("sha256")?,
        principal: r.try_get("principal")?,
        participant: r.try_get("participant")?,
        content_type: r.try_get("content_type")?,
        size: crate::to_u64(size, "evidence")?,
        filename: r.try_get("filename")?,
        received_at: r.try_get("received_at")?,
        exif_lat: r.try_get("exif_lat")?,
        exif_lon: r.try_get("exif_lon")?,
        exif_time: r.try_get("exif_time")?,
        record_idx: record_idx.map(|i| crate::to_u64(i, "evidence")).transpose()?,
    })
}

const ACCOUNT_COLUMNS: &str = "select principal, password_hash, totp_secret, totp_pending, must_change_password, \
     created_at, password_stamp from accounts";
const EVIDENCE_COLUMNS: &str = "select sha256, principal, participant, content_type, size, filename, received_at, \
     exif_lat, exif_lon, exif_time, record_idx from evidence";

impl Store {
    /// Creates an account; refuses one that exists.
    pub async fn create_account(&self, a: &Account) -> Result<(), StoreError> {
        sqlx::query(
            "insert into accounts (principal, password_hash, totp_secret, totp_pending, must_change_password, \
             created_at, password_stamp) values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(a.principal.clone())
        .bind(a.password_hash.clone())
        .bind(a.totp_secret.clone())
        .bind(a.totp_pending.clone())
        .bind(i64::from(a.must_change_password))
        .bind(a.created_at)
        .bind(a.password_stamp)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The account of `principal`, if any.
    pub async fn account(&self, principal: &str) -> Result<Option<Account>, StoreError> {
        let sql = format!("{ACCOUNT_COLUMNS} where principal = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(principal.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(account_from).transpose()
    }

    /// Replaces a password hash (changed by its owner, or reset by someone
    /// else when not `changed_by_owner`, which then must be changed), and in
    /// the same transaction moves the password stamp on, so no session
    /// opened with the old password opens anything, and forgets the
    /// principal's devices, so none escapes the limit on guesses at the new
    /// one. Whether the account exists.
    pub async fn set_password(&self, principal: &str, hash: &str, changed_by_owner: bool) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "update accounts set password_hash = $1, must_change_password = $2, \
             password_stamp = password_stamp + 1 where principal = $3",
        )
        .bind(hash.to_owned())
        .bind(i64::from(!changed_by_owner))
        .bind(principal.to_owned())
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from devices where principal = $1").bind(principal.to_owned()).execute(&mut *tx).await?;
        sqlx::query("delete from sessions where principal = $1").bind(principal.to_owned()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Spends the second-factor code of time step `step` for `principal`:
    /// whether no code of that step or a later one was spent before. One
    /// statement, so two logins racing with one code cannot both win.
    pub async fn spend_totp_step(&self, principal: &str, step: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "update accounts set totp_last_step = $1 where principal = $2 \
             and (totp_last_step is null or totp_last_step < $1)",
        )
        .bind(step)
        .bind(principal.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets the TOTP secrets of an account (`pending` offered, `confirmed` in force).
    pub async fn set_totp(
        &self,
        principal: &str,
        confirmed: Option<&str>,
        pending: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("update accounts set totp_secret = $1, totp_pending = $2 where principal = $3")
            .bind(confirmed.map(str::to_owned))
            .bind(pending.map(str::to_owned))
            .bind(principal.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Remembers a device `principal` logged in from at `now`, by its
    /// cookie's hash, until `expires_at` (Unix seconds).
    pub async fn create_device(
        &self,
        token_hash: &str,
        principal: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("insert into devices (token_hash, principal, created_at, expires_at) values ($1, $2, $3, $4)")
            .bind(token_hash.to_owned())
            .bind(principal.to_owned())
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The principal a device cookie (by its hash) was given to, if it has
    /// not expired at `now`.
    pub async fn device_principal(&self, token_hash: &str, now: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("select principal from devices where token_hash = $1 and expires_at > $2")
            .bind(token_hash.to_owned())
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("principal")).transpose()?)
    }

    /// Keeps the hash of a token that lets the public filer of `case_id`
    /// follow its status.
    pub async fn create_follow_token(&self, token_hash: &str, case_id: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("insert into follow_tokens (token_hash, case_id, created_at) values ($1, $2, $3)")
            .bind(token_hash.to_owned())
            .bind(case_id.to_owned())
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The case a follow token (by its hash) was given for, if any.
    pub async fn followed_case(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("select case_id from follow_tokens where token_hash = $1")
            .bind(token_hash.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("case_id")).transpose()?)
    }

    /// Stores a new session if its account still has the password stamp
    /// the session was opened under (one statement: a password changed
    /// since the login checked it stores nothing); whether it was stored.
    pub async fn create_session(&self, s: &SessionRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "insert into sessions (token_hash, principal, csrf, created_at, expires_at, password_stamp, one_time) \
             select $1, $2, $3, $4, $5, $6, $7 from accounts where principal = $8 and password_stamp = $9",
        )
        .bind(s.token_hash.clone())
        .bind(s.principal.clone())
        .bind(s.csrf.clone())
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.password_stamp)
        .bind(i64::from(s.one_time))
        .bind(s.principal.clone())
        .bind(s.password_stamp)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The session with this token hash, if it has not expired at `now` and
    /// its account's password is still the one it was opened with (the
    /// stamps agree): a session stored by a login that raced a change of
    /// password is never read.
    pub async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(
            "select s.token_hash, s.principal, s.csrf, s.created_at, s.expires_at, s.password_stamp, s.one_time \
             from sessions s join accounts a on a.principal = s.principal \
             where s.token_hash = $1 and s.expires_at > $2 and a.password_stamp = s.password_stamp",
        )
        .bind(token_hash.to_owned())
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let one_time: i64 = r.try_get("one_time")?;
            Ok(SessionRow {
                token_hash: r.try_get("token_hash")?,
                principal: r.try_get("principal")?,
                csrf: r.try_get("csrf")?,
                created_at: r.try_get("created_at")?,
                expires_at: r.try_get("expires_at")?,
                password_stamp: r.try_get("password_stamp")?,
                one_time: one_time != 0,
            })
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("delete from sessions where token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a principal (after a password change), and expired ones of anybody.
    pub async fn delete_sessions_of(&self, principal: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("delete from sessions where principal = $1 or expires_at <= $2")
            .bind(principal.to_owned())
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a new API token.
    pub async fn create_api_token(&self, t: &ApiTokenRow) -> Result<(), StoreError> {
        sqlx::query(
            "insert into api_tokens (token_hash, principal, name, created_at, expires_at) values ($1, $2, $3, $4, $5)",
        )
        .bind(t.token_hash.clone())
        .bind(t.principal.clone())
        .bind(t.name.clone())
        .bind(t.created_at)
        .bind(t.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The API tokens of `principal`, oldest first.
    pub async fn api_tokens_of(&self, principal: &str) -> Result<Vec<ApiTokenRow>, StoreError> {
        let rows = sqlx::query(
            "select token_hash, principal, name, created_at, expires_at from api_tokens where principal = $1 \
             order by created_at, token_hash",
        )
        .bind(principal.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(api_token_row).collect()
    }

    /// Deletes `principal`'s API token with this hash; whether there was one.
    pub async fn delete_api_token(&self, principal: &str, token_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("delete from api_tokens where principal = $1 and token_hash = $2")
            .bind(principal.to_owned())
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The API token with this hash, if any.
    pub async fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRow>, StoreError> {
        let row = sqlx::query(
            "select token_hash, principal, name, created_at, expires_at from api_tokens where token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(api_token_row).transpose()
    }

    /// Records the receipt of an evidence file (once per uploader).
    pub async fn put_evidence(&self, e: &EvidenceRow) -> Result<(), StoreError> {
        let record_idx = e.record_idx.map(|i| crate::to_i64(i, "evidence")).transpose()?;
        sqlx::query(
            "insert into evidence (sha256, principal, participant, content_type, size, filename, received_at, \
             exif_lat, exif_lon, exif_time, record_idx) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             on conflict (sha256, principal) do nothing",
        )
        // Not a cached prepared statement: sqlx 0.9.0's `Any` driver binds a
        // missing `f64` as a PostgreSQL float4, so a statement first prepared
        // without EXIF would refuse a later file's float8 coordinates
        // ("incorrect binary data format in bind parameter 8").
        .persistent(false)
        .bind(e.sha256.clone())
        .bind(e.principal.clone())
        .bind(e.participant.clone())
        .bind(e.content_type.clone())
        .bind(crate::to_i64(e.size, "evidence")?)
        .bind(e.filename.clone())
        .bind(e.received_at)
        .bind(e.exif_lat)
        .bind(e.exif_lon)
        .bind(e.exif_time)
        .bind(record_idx)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many files `principal` stored from `from` until before `until`
    /// (Unix seconds), and their bytes: what its daily upload quota counts.
    pub async fn uploads_between(&self, principal: &str, from: i64, until: i64) -> Result<(u64, u64), StoreError> {
        let row = sqlx::query(
            "select count(*) as files, cast(coalesce(sum(size), 0) as bigint) as bytes from evidence \
             where principal = $1 and received_at >= $2 and received_at < $3",
        )
        .bind(principal.to_owned())
        .bind(from)
        .bind(until)
        .fetch_one(&self.pool)
        .await?;
        let files: i64 = row.try_get("files")?;
        let bytes: i64 = row.try_get("bytes")?;
        Ok((crate::to_u64(files, "evidence")?, crate::to_u64(bytes, "evidence")?))
    }

    /// The principals that have a login account, with when it was made
    /// (Unix seconds), by principal.
    pub async fn account_principals(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("select principal, created_at from accounts order by principal").fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok((r.try_get("principal")?, r.try_get("created_at")?))).collect()
    }

    /// Deletes every API token of `principal`; the hashes of those deleted.
    pub async fn delete_api_tokens_of(&self, principal: &str) -> Result<Vec<String>, StoreError> {
        // One statement: a token made meanwhile is either deleted with the
        // rest or made after, never half-listed.
        let rows = sqlx::query("delete from api_tokens where principal = $1 returning token_hash")
            .bind(principal.to_owned())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| r.try_get("token_hash")).collect::<Result<_, _>>()?)
    }

    /// Every receipt of the file `sha256`.
    pub async fn evidence(&self, sha256: &str) -> Result<Vec<EvidenceRow>, StoreError> {
        let sql = format!("{EVIDENCE_COLUMNS} where sha256 = $1 order by received_at, principal");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(sha256.to_owned()).fetch_all(&self.pool).await?;
        rows.iter().map(evidence_from).collect()
    }

    /// One case's row.
    pub async fn case(&self, id: &str) -> Result<Option<CaseRow>, StoreError> {
        let sql = format!("{CASE_COLUMNS} where id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(case_from).transpose()
    }

    /// The events of one case, in order.
    pub async fn case_events(&self, id: &str) -> Result<Vec<crate::EventRow>, StoreError> {
        crate::rows::events_of(&self.pool, id).await
    }

    /// The events of each case in `ids`, each case's together and in order:
    /// what a reader folds into whole cases.
    pub async fn events_of_cases(&self, ids: &[String]) -> Result<Vec<crate::EventRow>, StoreError> {
        crate::rows::events_of_cases(&self.pool, ids).await
    }

    /// The case events log record `record_idx` produced, in every case it
    /// touched (a merge touches two), by case and position.
    pub async fn record_events(&self, record_idx: u64) -> Result<Vec<crate::EventRow>, StoreError> {
        crate::rows::events_of_record(&self.pool, crate::to_i64(record_idx, "case_events")?).await
    }

    /// A page of the case list, newest incident first, within `scope`.
    pub async fn list_cases(&self, scope: &CaseScope, f: &CaseFilter, limit: u64) -> Result<Vec<CaseRow>, StoreError> {
        let mut sql = format!("{CASE_COLUMNS} where 1 = 1");
        let mut args: Vec<Arg> = Vec::new();
        let param = |args: &mut Vec<Arg>, a: Arg| {
            args.push(a);
            format!("${}", args.len())
        };
        match scope {
            CaseScope::All => {}
            CaseScope::Published { statuses } => {
                let list: Vec<String> = statuses.iter().map(|s| param(&mut args, Arg::Text(s.clone()))).collect();
                sql.push_str(&format!(" and status in ({})", list.join(", ")));
            }
            CaseScope::Participant { participant, statuses } => {
                let a = param(&mut args, Arg::Text(participant.clone()));
                let b = param(&mut args, Arg::Text(participant.clone()));
                let c = param(&mut args, Arg::Text(participant.clone()));
                let list: Vec<String> = statuses.iter().map(|s| param(&mut args, Arg::Text(s.clone()))).collect();
                let published =
                    if list.is_empty() { "1 = 0".to_owned() } else { format!("status in ({})", list.join(", ")) };
                sql.push_str(&format!(" and (accused = {a} or complainant = {b} or team = {c} or {published})"));
            }
        }
        if let Some(p) = &f.party {
            let n = param(&mut args, Arg::Text(p.clone()));
            sql.push_str(&format!(" and accused = {n}"));
        }
        if let Some(p) = &f.provision {
            // Provisions are stored comma-separated; match a whole item.
            let n = param(&mut args, Arg::Text(format!("%,{p},%")));
            sql.push_str(&format!(" and (',' || provisions || ',') like {n}"));
        }
        if let Some(s) = &f.status {
            let n = param(&mut args, Arg::Text(s.clone()));
            sql.push_str(&format!(" and status = {n}"));
        }
        if let Some(t) = f.from {
            let n = param(&mut args, Arg::Int(t));
            sql.push_str(&format!(" and occurred_at >= {n}"));
        }
        if let Some(t) = f.until {
            let n = param(&mut args, Arg::Int(t));
            sql.push_str(&format!(" and occurred_at < {n}"));
        }
        if let Some(s) = &f.sector {
            let n = param(&mut args, Arg::Text(s.clone()));
            sql.push_str(&format!(" and sector = {n}"));
        }
        let mut order = search::newest_first(self.backend, Plan::NewestFirst);
        if let Some(t) = &f.text {
            // An index lookup on either backend (see `search.rs`); a text
            // with no words matches nothing.
            let words = Search::parse(t);
            if words.is_empty() {
                sql.push_str(" and 1 = 0");
            } else {
                let plan = search::plan(&self.pool, self.backend, &words).await?;
                let n = param(&mut args, Arg::Text(words.query(self.backend)));
                sql.push_str(&search::condition(self.backend, plan, &n));
                order = search::newest_first(self.backend, plan);
            }
        }
        if f.with_finding {
            sql.push_str(" and id in (select case_id from findings)");
        }
        if f.with_penalty {
            sql.push_str(" and id in (select case_id from penalties)");
        }
        if let Some((at, id)) = &f.after {
            // A row value, which both databases match against the index
            // (`a < x or (a = x and b < y)` makes SQLite scan from the top).
            let a = param(&mut args, Arg::Int(*at));
            let c = param(&mut args, Arg::Text(id.clone()));
            sql.push_str(&format!(" and (occurred_at, id) < ({a}, {c})"));
        }
        let n = param(&mut args, Arg::Int(crate::to_i64(limit, "cases")?));
        sql.push_str(&format!(" order by {order} limit {n}"));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = match a {
                Arg::Text(s) => q.bind(s),
                Arg::Int(i) => q.bind(i),
            };
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter().map(case_from).collect()
    }
}

enum Arg {
    Text(String),
    Int(i64),
}

fn api_token_row(r: &sqlx::any::AnyRow) -> Result<ApiTokenRow, StoreError> {
    Ok(ApiTokenRow {
        token_hash: r.try_get("token_hash")?,
        principal: r.try_get("principal")?,
        name: r.try_get("name")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}
