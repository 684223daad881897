//! Projection rows: plain data, written and read the same way on both
//! backends, so that `truce verify` can compare what is stored with what
//! the log implies, row by row.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::StoreError;

/// Statements that empty the projection tables.
pub(crate) const CLEAR_PROJECTIONS: [&str; 6] = [
    "delete from principals",
    "delete from case_events",
    "delete from incidents",
    "delete from findings",
    "delete from penalties",
    "delete from cases",
];

/// A registered principal and its public key.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalRow {
    /// Principal id.
    pub id: String,
    /// Its participant, if any.
    pub participant: Option<String>,
    /// Its role.
    pub role: String,
    /// Ed25519 public key, base64.
    pub public_key: String,
    /// The log record that registered it.
    pub record_idx: u64,
}

/// A case's current state.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    /// Case id.
    pub id: String,
    /// Lifecycle status.
    pub status: String,
    /// Accused party.
    pub accused: String,
    /// Complainant participant; `None` for the public.
    pub complainant: Option<String>,
    /// When filed, Unix seconds.
    pub filed_at: i64,
    /// When the incident happened, Unix seconds.
    pub occurred_at: i64,
    /// When it ended, Unix seconds, for an incident that lasted.
    pub occurred_until: Option<i64>,
    /// How precisely the time is known: `exact`, or `day` (the times are
    /// then the first and last days, at midnight UTC).
    pub time_precision: String,
    /// One-line summary.
    pub summary: String,
    /// Provisions cited, comma-separated.
    pub provisions: String,
    /// The casualties claimed, as JSON; `None` when no figure was stated.
    pub casualties: Option<String>,
    /// Latitude, if known.
    pub lat: Option<f64>,
    /// Longitude, if known.
    pub lon: Option<f64>,
    /// The border sector its location falls in, if any.
    pub sector: Option<String>,
    /// The monitoring team tasked, if any.
    pub team: Option<String>,
    /// The last log record that changed it.
    pub last_record_idx: u64,
    /// What was done: the allegation's act types, comma-separated.
    pub acts: String,
    /// The location's ACLED geo_precision (1 to 3), if located.
    pub geo_precision: Option<i64>,
    /// The place as the filer named it, if they named one.
    pub place: Option<String>,
    /// The country the point lies in (ISO 3166-1 alpha-2), if it lies in
    /// either party's territory.
    pub country: Option<String>,
    /// The province the point lies in, as the geography places it.
    pub admin1: Option<String>,
}

/// One event in a case's timeline, linked to its log record.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Case id.
    pub case_id: String,
    /// Position in the case's history, from 0.
    pub seq: u64,
    /// The log record that produced it.
    pub record_idx: u64,
    /// When, Unix seconds.
    pub at: i64,
    /// The event's versioned name.
    pub kind: String,
    /// The event as JSON.
    pub doc: String,
}

/// A report belonging to an incident (the surviving case of a merge).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IncidentRow {
    /// The incident's case.
    pub case_id: String,
    /// A report: the case itself or a merged duplicate.
    pub report_case_id: String,
}

/// A case's finding in force.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// Case id.
    pub case_id: String,
    /// Occurrence.
    pub occurrence: String,
    /// Responsible party.
    pub party: Option<String>,
    /// Basis of attribution.
    pub basis: Option<String>,
    /// Severity.
    pub severity: Option<String>,
    /// Provisions breached, comma-separated.
    pub provisions: String,
    /// The casualties established, as JSON; `None` when no figure was stated.
    pub casualties: Option<String>,
    /// When adopted, Unix seconds.
    pub determined_at: Option<i64>,
    /// When final, Unix seconds.
    pub final_at: Option<i64>,
    /// The finding as JSON.
    pub doc: String,
}

/// A case's penalty: the engine's proposal and the decision.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyRow {
    /// Case id.
    pub case_id: String,
    /// The party.
    pub party: String,
    /// The engine's level.
    pub proposed_level: i64,
    /// The engine's explanation.
    pub explanation: String,
    /// The decided level.
    pub decided_level: Option<i64>,
    /// The decided measure.
    pub measure: Option<String>,
    /// When decided, Unix seconds.
    pub decided_at: Option<i64>,
    /// Compliance deadline, Unix seconds.
    pub compliance_by: Option<i64>,
    /// Whether the party complied.
    pub complied: Option<bool>,
}

/// A set of projection rows: a batch's changes, or everything stored.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Projection {
    /// Principals (upserted).
    pub principals: Vec<PrincipalRow>,
    /// Cases (upserted).
    pub cases: Vec<CaseRow>,
    /// Events (inserted).
    pub events: Vec<EventRow>,
    /// Incident reports (inserted if new).
    pub incidents: Vec<IncidentRow>,
    /// Findings (upserted).
    pub findings: Vec<FindingRow>,
    /// Penalties (upserted).
    pub penalties: Vec<PenaltyRow>,
    /// Cases whose finding was withdrawn (reopened).
    pub removed_findings: Vec<String>,
    /// Cases whose penalty was withdrawn (reopened).
    pub removed_penalties: Vec<String>,
}

/// Rows per multi-row statement: few round trips, far below parameter limits.
const CHUNK: usize = 200;

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments>;

/// `head VALUES ($1, $2), ($3, $4) … tail` for `rows` rows of `cols`
/// columns; with `numbered` false, `?` placeholders instead. SQLite binds
/// `?` by position, while it looks `$N` up by name on every bind, which is
/// quadratic in a statement of many rows.
fn values_sql(head: &str, cols: usize, rows: usize, tail: &str, numbered: bool) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * cols * 5);
    sql.push_str(head);
    sql.push_str(" values ");
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&n.to_string());
                n += 1;
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql.push(' ');
    sql.push_str(tail);
    sql
}

/// Inserts `rows` in chunks, one statement per chunk. `bind` binds one
/// row's values (owned) in column order.
pub(crate) async fn insert_many<T>(
    tx: &mut Transaction<'_, Any>,
    numbered: bool,
    head: &str,
    cols: usize,
    tail: &str,
    rows: &[T],
    bind: impl Fn(AnyQuery<'static>, &T) -> Result<AnyQuery<'static>, StoreError>,
) -> Result<(), StoreError> {
    // sqlx 0.9's `Any` driver types a NULL float as float4 on PostgreSQL and
    // caches the statement with that type, so a later row with a value is
    // refused. Statements that bind optional floats are not cached there
    // (SQLite has no such types, and parsing a batch's case rows again
    // every commit cost the sequencer's committer time).
    let persistent = !numbered || !head.starts_with("insert into cases ");
    for chunk in rows.chunks(CHUNK) {
        let sql = values_sql(head, cols, chunk.len(), tail, numbered);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(persistent);
        for row in chunk {
            q = bind(q, row)?;
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

fn idx(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt { table: "projection", reason: format!("{n} is too large") })
}

fn uidx(row: &AnyRow, col: &str, table: &'static str) -> Result<u64, StoreError> {
    let v: i64 = row.try_get(col)?;
    u64::try_from(v).map_err(|_| StoreError::Corrupt { table, reason: format!("{col} is negative") })
}

pub(crate) async fn write_projection(
    tx: &mut Transaction<'_, Any>,
    numbered: bool,
    p: &Projection,
) -> Result<(), StoreError> {
    insert_many(
        tx,
        numbered,
        "insert into principals (id, participant, role, public_key, record_idx)",
        5,
        "on conflict (id) do update set participant = excluded.participant, role = excluded.role, \
         public_key = excluded.public_key, record_idx = excluded.record_idx",
        &p.principals,
        |q, r| {
            Ok(q.bind(r.id.clone())
                .bind(r.participant.clone())
                .bind(r.role.clone())
                .bind(r.public_key.clone())
                .bind(idx(r.record_idx)?))
        },
    )
    .await?;
    insert_many(
        tx,
        numbered,
        "insert into cases (id, status, accused, complainant, filed_at, occurred_at, occurred_until, time_precision, \
         summary, provisions, casualties, lat, lon, sector, team, last_record_idx, acts, geo_precision, place, \
         country, admin1)",
        21,
        "on conflict (id) do update set status = excluded.status, accused = excluded.accused, \
         complainant = excluded.complainant, filed_at = excluded.filed_at, occurred_at = excluded.occurred_at, \
         occurred_until = excluded.occurred_until, time_precision = excluded.time_precision, \
         summary = excluded.summary, provisions = excluded.provisions, casualties = excluded.casualties, \
         lat = excluded.lat, lon = excluded.lon, sector = excluded.sector, team = excluded.team, \
         last_record_idx = excluded.last_record_idx, acts = excluded.acts, \
         geo_precision = excluded.geo_precision, place = excluded.place, country = excluded.country, \
         admin1 = excluded.admin1",
        &p.cases,
        |q, r| {
            Ok(q.bind(r.id.clone())
                .bind(r.status.clone())
                .bind(r.accused.clone())
                .bind(r.complainant.clone())
                .bind(r.filed_at)
                .bind(r.occurred_at)
                .bind(r.occurred_until)
                .bind(r.time_precision.clone())
                .bind(r.summary.clone())
                .bind(r.provisions.clone())
                .bind(r.casualties.clone())
                .bind(r.lat)
                .bind(r.lon)
                .bind(r.sector.clone())
                .bind(r.team.clone())
                .bind(idx(r.last_record_idx)?)
                .bind(r.acts.clone())
                .bind(r.geo_precision)
                .bind(r.place.clone())
                .bind(r.country.clone())
                .bind(r.admin1.clone()))
        },
    )
    .await?;
    insert_many(
        tx,
        numbered,
        "insert into case_events (case_id, seq, record_idx, at, kind, doc)",
        6,
        "",
        &p.events,
        |q, r| {
            Ok(q.bind(r.case_id.clone())
                .bind(idx(r.seq)?)
                .bind(idx(r.record_idx)?)
                .bind(r.at)
                .bind(r.kind.clone())
                .bind(r.doc.clone()))
        },
    )
    .await?;
    insert_many(
        tx,
        numbered,
        "insert into incidents (case_id, report_case_id)",
        2,
        "on conflict (case_id, report_case_id) do nothing",
        &p.incidents,
        |q, r| Ok(q.bind(r.case_id.clone()).bind(r.report_case_id.clone())),
    )
    .await?;
    for id in &p.removed_findings {
        sqlx::query("delete from findings where case_id = $1").bind(id.as_str()).execute(&mut **tx).await?;
    }
    for id in &p.removed_penalties {
        sqlx::query("delete from penalties where case_id = $1").bind(id.as_str()).execute(&mut **tx).await?;
    }
    insert_many(
        tx,
        numbered,
        "insert into findings (case_id, occurrence, party, basis, severity, provisions, casualties, determined_at, \
         final_at, doc)",
        10,
        "on conflict (case_id) do update set occurrence = excluded.occurrence, party = excluded.party, \
         basis = excluded.basis, severity = excluded.severity, provisions = excluded.provisions, \
         casualties = excluded.casualties, determined_at = excluded.determined_at, final_at = excluded.final_at, doc = excluded.doc",
        &p.findings,
        |q, r| {
            Ok(q.bind(r.case_id.clone())
                .bind(r.occurrence.clone())
                .bind(r.party.clone())
                .bind(r.basis.clone())
                .bind(r.severity.clone())
                .bind(r.provisions.clone())
                .bind(r.casualties.clone())
                .bind(r.determined_at)
                .bind(r.final_at)
                .bind(r.doc.clone()))
        },
    )
    .await?;
    insert_many(
        tx,
        numbered,
        "insert into penalties (case_id, party, proposed_level, explanation, decided_level, measure, decided_at, \
         compliance_by, complied)",
        9,
        "on conflict (case_id) do update set party = excluded.party, proposed_level = excluded.proposed_level, \
         explanation = excluded.explanation, decided_level = excluded.decided_level, measure = excluded.measure, \
         decided_at = excluded.decided_at, compliance_by = excluded.compliance_by, complied = excluded.complied",
        &p.penalties,
        |q, r| {
            Ok(q.bind(r.case_id.clone())
                .bind(r.party.clone())
                .bind(r.proposed_level)
                .bind(r.explanation.clone())
                .bind(r.decided_level)
                .bind(r.measure.clone())
                .bind(r.decided_at)
                .bind(r.compliance_by)
                .bind(r.complied.map(i64::from)))
        },
    )
    .await?;
    Ok(())
}

pub(crate) fn case_from(r: &AnyRow) -> Result<CaseRow, StoreError> {
    Ok(CaseRow {
        id: r.try_get("id")?,
        status: r.try_get("status")?,
        accused: r.try_get("accused")?,
        complainant: r.try_get("complainant")?,
        filed_at: r.try_get("filed_at")?,
        occurred_at: r.try_get("occurred_at")?,
        occurred_until: r.try_get("occurred_until")?,
        time_precision: r.try_get("time_precision")?,
        summary: r.try_get("summary")?,
        provisions: r.try_get("provisions")?,
        casualties: r.try_get("casualties")?,
        lat: r.try_get("lat")?,
        lon: r.try_get("lon")?,
        sector: r.try_get("sector")?,
        team: r.try_get("team")?,
        last_record_idx: uidx(r, "last_record_idx", "cases")?,
        acts: r.try_get("acts")?,
        geo_precision: r.try_get("geo_precision")?,
        place: r.try_get("place")?,
        country: r.try_get("country")?,
        admin1: r.try_get("admin1")?,
    })
}

pub(crate) fn event_from(r: &AnyRow) -> Result<EventRow, StoreError> {
    Ok(EventRow {
        case_id: r.try_get("case_id")?,
        seq: uidx(r, "seq", "case_events")?,
        record_idx: uidx(r, "record_idx", "case_events")?,
        at: r.try_get("at")?,
        kind: r.try_get("kind")?,
        doc: r.try_get("doc")?,
    })
}

fn finding_from(r: &AnyRow) -> Result<FindingRow, StoreError> {
    Ok(FindingRow {
        case_id: r.try_get("case_id")?,
        occurrence: r.try_get("occurrence")?,
        party: r.try_get("party")?,
        basis: r.try_get("basis")?,
        severity: r.try_get("severity")?,
        provisions: r.try_get("provisions")?,
        casualties: r.try_get("casualties")?,
        determined_at: r.try_get("determined_at")?,
        final_at: r.try_get("final_at")?,
        doc: r.try_get("doc")?,
    })
}

fn penalty_from(r: &AnyRow) -> Result<PenaltyRow, StoreError> {
    let complied: Option<i64> = r.try_get("complied")?;
    Ok(PenaltyRow {
        case_id: r.try_get("case_id")?,
        party: r.try_get("party")?,
        proposed_level: r.try_get("proposed_level")?,
        explanation: r.try_get("explanation")?,
        decided_level: r.try_get("decided_level")?,
        measure: r.try_get("measure")?,
        decided_at: r.try_get("decided_at")?,
        compliance_by: r.try_get("compliance_by")?,
        complied: complied.map(|c| c != 0),
    })
}

pub(crate) const CASE_COLUMNS: &str = "select id, status, accused, complainant, filed_at, occurred_at, occurred_until, \
     time_precision, summary, provisions, casualties, lat, lon, sector, team, last_record_idx, acts, \
     geo_precision, place, country, admin1 from cases";
const EVENT_COLUMNS: &str = "select case_id, seq, record_idx, at, kind, doc from case_events";
const FINDING_COLUMNS: &str = "select case_id, occurrence, party, basis, severity, provisions, casualties, determined_at, \
     final_at, doc from findings";
const PENALTY_COLUMNS: &str = "select case_id, party, proposed_level, explanation, decided_level, measure, decided_at, \
     compliance_by, complied from penalties";

/// A page of case rows after `after` (by id, in the database's order).
pub(crate) async fn cases_after(pool: &AnyPool, after: Option<&str>, limit: i64) -> Result<Vec<CaseRow>, StoreError> {
    let sql = format!("{CASE_COLUMNS} where id > $1 order by id limit $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(after.unwrap_or("")).bind(limit).fetch_all(pool).await?;
    rows.iter().map(case_from).collect()
}

/// A page of finding rows after `after`.
pub(crate) async fn findings_after(
    pool: &AnyPool,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<FindingRow>, StoreError> {
    let sql = format!("{FINDING_COLUMNS} where case_id > $1 order by case_id limit $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(after.unwrap_or("")).bind(limit).fetch_all(pool).await?;
    rows.iter().map(finding_from).collect()
}

/// A page of penalty rows after `after`.
pub(crate) async fn penalties_after(
    pool: &AnyPool,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<PenaltyRow>, StoreError> {
    let sql = format!("{PENALTY_COLUMNS} where case_id > $1 order by case_id limit $2");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(after.unwrap_or("")).bind(limit).fetch_all(pool).await?;
    rows.iter().map(penalty_from).collect()
}

/// The events of one case, in order.
pub(crate) async fn events_of(pool: &AnyPool, case_id: &str) -> Result<Vec<EventRow>, StoreError> {
    let sql = format!("{EVENT_COLUMNS} where case_id = $1 order by seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id.to_owned()).fetch_all(pool).await?;
    rows.iter().map(event_from).collect()
}

/// Most case ids bound in one query of [`events_of_cases`]: well under
/// the parameter limit of either database.
const IDS_PER_QUERY: usize = 500;

/// The events of several cases, each case's together and in order (an id
/// with no events is skipped).
pub(crate) async fn events_of_cases(pool: &AnyPool, case_ids: &[String]) -> Result<Vec<EventRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in case_ids.chunks(IDS_PER_QUERY) {
        let params: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{EVENT_COLUMNS} where case_id in ({}) order by case_id, seq", params.join(", "));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(id.clone());
        }
        for row in query.fetch_all(pool).await? {
            out.push(event_from(&row)?);
        }
    }
    Ok(out)
}

pub(crate) async fn events_of_record(pool: &AnyPool, record_idx: i64) -> Result<Vec<EventRow>, StoreError> {
    let sql = format!("{EVENT_COLUMNS} where record_idx = $1 order by case_id, seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(record_idx).fetch_all(pool).await?;
    rows.iter().map(event_from).collect()
}

/// Up to `limit` event rows after (`case`, `seq`).
pub(crate) async fn events_after(
    pool: &AnyPool,
    case: &str,
    seq: i64,
    limit: i64,
) -> Result<Vec<EventRow>, StoreError> {
    let rows = sqlx::query(crate::range_sql::EVENTS_AFTER).bind(case).bind(seq).bind(limit).fetch_all(pool).await?;
    rows.iter().map(event_from).collect()
}

/// The principals: a small table, read whole.
pub(crate) async fn read_principals(pool: &AnyPool) -> Result<Vec<PrincipalRow>, StoreError> {
    let rows = sqlx::query("select id, participant, role, public_key, record_idx from principals order by id")
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PrincipalRow {
                id: r.try_get("id")?,
                participant: r.try_get("participant")?,
                role: r.try_get("role")?,
                public_key: r.try_get("public_key")?,
                record_idx: uidx(r, "record_idx", "principals")?,
            })
        })
        .collect()
}

/// A page of incident rows after `after` = (case id, report case id).
pub(crate) async fn incidents_after(
    pool: &AnyPool,
    after: Option<(&str, &str)>,
    limit: i64,
) -> Result<Vec<IncidentRow>, StoreError> {
    let rows = match after {
        None => {
            sqlx::query("select case_id, report_case_id from incidents order by case_id, report_case_id limit $1")
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        Some((case, report)) => {
            sqlx::query(
                "select case_id, report_case_id from incidents \
                 where (case_id, report_case_id) > ($1, $2) \
                 order by case_id, report_case_id limit $3",
            )
            .bind(case)
            .bind(report)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    rows.iter()
        .map(|r| Ok(IncidentRow { case_id: r.try_get("case_id")?, report_case_id: r.try_get("report_case_id")? }))
        .collect()
}

pub(crate) async fn read_projection(pool: &AnyPool) -> Result<Projection, StoreError> {
    let mut p = Projection { principals: read_principals(pool).await?, ..Projection::default() };
    for r in sqlx::query("select case_id, report_case_id from incidents order by case_id, report_case_id")
        .fetch_all(pool)
        .await?
    {
        p.incidents.push(IncidentRow { case_id: r.try_get("case_id")?, report_case_id: r.try_get("report_case_id")? });
    }
    let all = |cols: &str, order: &str| sqlx::AssertSqlSafe(format!("{cols} order by {order}"));
    for r in sqlx::query(all(CASE_COLUMNS, "id")).fetch_all(pool).await? {
        p.cases.push(case_from(&r)?);
    }
    for r in sqlx::query(all(EVENT_COLUMNS, "case_id, seq")).fetch_all(pool).await? {
        p.events.push(event_from(&r)?);
    }
    for r in sqlx::query(all(FINDING_COLUMNS, "case_id")).fetch_all(pool).await? {
        p.findings.push(finding_from(&r)?);
    }
    for r in sqlx::query(all(PENALTY_COLUMNS, "case_id")).fetch_all(pool).await? {
        p.penalties.push(penalty_from(&r)?);
    }
    Ok(p)
}
