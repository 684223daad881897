//! Aggregate reads for the public pages, the periodic reports and the open
//! data: counts grouped in the database and export rows joined there, so
//! that a page over 100,000 cases never reads the cases' documents.
//!
//! Every read takes a [`CaseScope`], applied in the query exactly as the
//! case list applies it, so that an aggregate can only count cases its
//! reader may see.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{CaseScope, Store, StoreError};

/// Seconds in a day: days are counted from the Unix epoch, UTC.
const DAY: i64 = 86_400;

/// How many final findings have one outcome and responsible party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingTally {
    /// The occurrence found: `confirmed`, `not_confirmed`, `inconclusive`.
    pub occurrence: String,
    /// The responsible party, if one was found.
    pub party: Option<String>,
    /// Whether the findings name breached provisions (with a party and a
    /// confirmed occurrence, a violation).
    pub breach: bool,
    /// How many.
    pub count: u64,
}

/// One case as the open data publishes it: the case, its finding in force
/// and its decided penalty, joined in one row.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRow {
    /// Case id.
    pub id: String,
    /// Lifecycle status.
    pub status: String,
    /// Accused party.
    pub accused: String,
    /// Provisions cited, comma-separated.
    pub provisions: String,
    /// When the incident happened, Unix seconds.
    pub occurred_at: i64,
    /// When it ended, Unix seconds, for an incident that lasted.
    pub occurred_until: Option<i64>,
    /// How precisely the time is known: `exact` or `day`.
    pub time_precision: String,
    /// When filed, Unix seconds.
    pub filed_at: i64,
    /// One-line summary.
    pub summary: String,
    /// The casualties claimed, as the case row holds them (JSON, `None`
    /// when no figure was stated).
    pub casualties: Option<String>,
    /// The border sector, if any.
    pub sector: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The finding's occurrence, if there is a finding.
    pub occurrence: Option<String>,
    /// The responsible party found.
    pub party: Option<String>,
    /// Provisions found breached, comma-separated.
    pub breached: Option<String>,
    /// Severity found.
    pub severity: Option<String>,
    /// The casualties the finding established, as the finding row holds
    /// them (JSON, `None` when no figure was stated or there is no finding).
    pub found_casualties: Option<String>,
    /// When the finding was adopted, Unix seconds.
    pub determined_at: Option<i64>,
    /// When the finding became final, Unix seconds.
    pub final_at: Option<i64>,
    /// The decided penalty's level.
    pub penalty_level: Option<i64>,
    /// The decided penalty's measure.
    pub penalty_measure: Option<String>,
    /// When the penalty was decided, Unix seconds.
    pub penalty_decided_at: Option<i64>,
    /// Whether the party complied.
    pub complied: Option<bool>,
    /// The complainant participant; `None` for the public.
    pub complainant: Option<String>,
    /// The monitoring team tasked, if any.
    pub team: Option<String>,
    /// What was done: the allegation's act types, comma-separated.
    pub acts: String,
    /// The location's ACLED geo_precision (1 to 3), if located.
    pub geo_precision: Option<i64>,
    /// The place as the filer named it.
    pub place: Option<String>,
    /// The country the point lies in (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// The province the point lies in.
    pub admin1: Option<String>,
}

/// Bound values of a statement under construction.
#[derive(Default)]
struct Args(Vec<Arg>);

/// An argument of a query, bound in order.
pub(crate) enum Arg {
    Text(String),
    Int(i64),
}

impl Args {
    fn text(&mut self, s: &str) -> String {
        self.0.push(Arg::Text(s.to_owned()));
        format!("${}", self.0.len())
    }

    fn int(&mut self, i: i64) -> String {
        self.0.push(Arg::Int(i));
        format!("${}", self.0.len())
    }

    async fn fetch(self, pool: &sqlx::AnyPool, sql: String) -> Result<Vec<AnyRow>, StoreError> {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in self.0 {
            q = match a {
                Arg::Text(s) => q.bind(s),
                Arg::Int(i) => q.bind(i),
            };
        }
        Ok(q.fetch_all(pool).await?)
    }
}

/// The condition on `cases c` that keeps the cases of `scope`.
fn scope_sql(scope: &CaseScope, args: &mut Args) -> String {
    let statuses = |args: &mut Args, statuses: &[String]| {
        if statuses.is_empty() {
            return "1 = 0".to_owned();
        }
        let list: Vec<String> = statuses.iter().map(|s| args.text(s)).collect();
        format!("c.status in ({})", list.join(", "))
    };
    match scope {
        CaseScope::All => "1 = 1".to_owned(),
        CaseScope::Published { statuses: s } => statuses(args, s),
        CaseScope::Participant { participant, statuses: s } => {
            let a = args.text(participant);
            let b = args.text(participant);
            let c = args.text(participant);
            let published = statuses(args, s);
            format!("(c.accused = {a} or c.complainant = {b} or c.team = {c} or {published})")
        }
    }
}

/// Like [`scope_sql`], for a query on SQLite in newest-first order over a
/// scope that holds many of the cases: the statuses are compared as an
/// expression (`status || ''`), which no index serves, so that SQLite's
/// planner walks the `(occurred_at, id)` index and stops after a page
/// instead of collecting every case of the scope from the status index and
/// sorting them all (1 s a page over 100,000 published cases). Over a
/// sparse scope the status index is the better plan: see
/// [`ExportWindow::sparse`]. PostgreSQL is given the plain comparison: it
/// cannot estimate the expression, guesses that few cases match, and then
/// scans and sorts the whole table for every page (143 ms a page over
/// 100,000 cases, against 2 ms walking the index, `explain analyze`).
fn scope_sql_ordered(scope: &CaseScope, args: &mut Args) -> String {
    scope_sql(scope, args).replace("c.status in (", "c.status || '' in (")
}

fn count(row: &AnyRow, col: &str) -> Result<u64, StoreError> {
    crate::to_u64(row.try_get(col)?, "cases")
}

impl Store {
    /// How many cases of `scope` are in each status.
    pub async fn count_cases_by_status(&self, scope: &CaseScope) -> Result<Vec<(String, u64)>, StoreError> {
        let mut args = Args::default();
        let sql = format!(
            "select c.status, count(*) as n from cases c where {} group by c.status",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter().map(|r| Ok((r.try_get("status")?, count(r, "n")?))).collect()
    }

    /// Final findings on the cases of `scope`, counted by outcome and party.
    pub async fn final_finding_tally(&self, scope: &CaseScope) -> Result<Vec<FindingTally>, StoreError> {
        let mut args = Args::default();
        let sql = format!(
            "select f.occurrence, f.party, cast(case when f.provisions = '' then 0 else 1 end as bigint) as breach, \
             count(*) as n from findings f join cases c on c.id = f.case_id \
             where f.final_at is not null and {} group by 1, 2, 3",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter()
            .map(|r| {
                let breach: i64 = r.try_get("breach")?;
                Ok(FindingTally {
                    occurrence: r.try_get("occurrence")?,
                    party: r.try_get("party")?,
                    breach: breach != 0,
                    count: count(r, "n")?,
                })
            })
            .collect()
    }

    /// Final violations (a confirmed occurrence attributed to a party with
    /// provisions breached) on the cases of `scope`, counted by the day of
    /// the incident (days since the Unix epoch, UTC) and responsible party.
    pub async fn violations_by_day(&self, scope: &CaseScope) -> Result<Vec<(i64, String, u64)>, StoreError> {
        let mut args = Args::default();
        let day = args.int(DAY);
        let sql = format!(
            "select c.occurred_at / {day} as day, f.party, count(*) as n \
             from findings f join cases c on c.id = f.case_id \
             where f.final_at is not null and f.occurrence = 'confirmed' and f.party is not null \
             and f.provisions <> '' and {} group by 1, 2 order by 1, 2",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter().map(|r| Ok((r.try_get("day")?, r.try_get("party")?, count(r, "n")?))).collect()
    }

    /// Cases of `scope` counted by the day of the incident (days since the
    /// Unix epoch, UTC), oldest first.
    pub async fn cases_by_day(&self, scope: &CaseScope) -> Result<Vec<(i64, u64)>, StoreError> {
        let mut args = Args::default();
        let day = args.int(DAY);
        let sql = format!(
            "select c.occurred_at / {day} as day, count(*) as n from cases c where {} group by 1 order by 1",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter().map(|r| Ok((r.try_get("day")?, count(r, "n")?))).collect()
    }

    /// How many penalties were decided on the cases of `scope`.
    pub async fn count_decided_penalties(&self, scope: &CaseScope) -> Result<u64, StoreError> {
        let mut args = Args::default();
        let sql = format!(
            "select count(*) as n from penalties p join cases c on c.id = p.case_id \
             where p.decided_level is not null and {}",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.first().map_or(Ok(0), |r| count(r, "n"))
    }

    /// How many cases of `scope` in `status`, without a finding, have an
    /// event of kind `kind` (say, closed after a ruling of inadmissibility).
    /// Only those cases' events are read: the caller picks a status and
    /// shape where they are few.
    pub async fn count_unfound_cases_with_event(
        &self,
        scope: &CaseScope,
        status: &str,
        kind: &str,
    ) -> Result<u64, StoreError> {
        let mut args = Args::default();
        let st = args.text(status);
        let kind = args.text(kind);
        let sql = format!(
            "select count(*) as n from cases c left join findings f on f.case_id = c.id \
             where c.status = {st} and f.case_id is null and \
             exists (select 1 from case_events e where e.case_id = c.id and e.kind = {kind}) and {}",
            scope_sql(scope, &mut args)
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.first().map_or(Ok(0), |r| count(r, "n"))
    }

    /// The cases of `scope` whose finding became final most recently, newest first.
    pub async fn latest_final_findings(&self, scope: &CaseScope, limit: u64) -> Result<Vec<ExportRow>, StoreError> {
        let mut args = Args::default();
        let scope = scope_sql(scope, &mut args);
        let n = args.int(crate::to_i64(limit, "findings")?);
        let sql = format!(
            "{EXPORT_COLUMNS} where f.final_at is not null and {scope} order by f.final_at desc, c.id desc limit {n}"
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter().map(export_from).collect()
    }

    /// The cases of `scope` whose penalty was decided most recently, newest first.
    pub async fn latest_decided_penalties(&self, scope: &CaseScope, limit: u64) -> Result<Vec<ExportRow>, StoreError> {
        let mut args = Args::default();
        let scope = scope_sql(scope, &mut args);
        let n = args.int(crate::to_i64(limit, "penalties")?);
        let sql = format!(
            "{EXPORT_COLUMNS} where p.decided_at is not null and {scope} order by p.decided_at desc, c.id desc limit {n}"
        );
        let rows = args.fetch(&self.pool, sql).await?;
        rows.iter().map(export_from).collect()
    }

    /// A page of the cases of `scope` with their findings and penalties,
    /// newest incident first, after the cursor `after` = (occurred_at, id)
    /// of the last row of the previous page; only cases with a finding if
    /// `with_finding`. Incidents in `[from, until)` if given.
    pub async fn export_page(
        &self,
        scope: &CaseScope,
        window: ExportWindow,
        after: Option<(i64, &str)>,
        limit: u64,
    ) -> Result<Vec<ExportRow>, StoreError> {
        let (sql, args) = export_query(self.backend, scope, window, after, limit)?;
        match (&self.sqlite_file, &self.postgres) {
            (Some(file), _) => crate::direct::export(file, sql, args.0).await,
            (None, Some(postgres)) => crate::direct::postgres_export(postgres, sql, args.0).await,
            (None, None) => args.fetch(&self.pool, sql).await?.iter().map(export_from).collect(),
        }
    }

    /// [`Store::export_page`] read through the pool whatever the backend:
    /// what a download read before SQLite files were read directly, kept
    /// for a store in memory and to compare the two (`truce bench export`,
    /// the store's tests).
    pub async fn export_page_pooled(
        &self,
        scope: &CaseScope,
        window: ExportWindow,
        after: Option<(i64, &str)>,
        limit: u64,
    ) -> Result<Vec<ExportRow>, StoreError> {
        let (sql, args) = export_query(self.backend, scope, window, after, limit)?;
        args.fetch(&self.pool, sql).await?.iter().map(export_from).collect()
    }
}

/// The query of an export page and its arguments.
fn export_query(
    backend: crate::Backend,
    scope: &CaseScope,
    window: ExportWindow,
    after: Option<(i64, &str)>,
    limit: u64,
) -> Result<(String, Args), StoreError> {
    let mut args = Args::default();
    let scope = if window.sparse || backend == crate::Backend::Postgres {
        scope_sql(scope, &mut args)
    } else {
        scope_sql_ordered(scope, &mut args)
    };
    let mut sql = format!("{EXPORT_COLUMNS} where {scope}");
    if window.with_finding {
        sql.push_str(" and f.case_id is not null");
    }
    if let Some(from) = window.from {
        let a = args.int(from);
        sql.push_str(&format!(" and c.occurred_at >= {a}"));
    }
    if let Some(until) = window.until {
        let a = args.int(until);
        sql.push_str(&format!(" and c.occurred_at < {a}"));
    }
    if let Some((at, id)) = after {
        let a = args.int(at);
        let c = args.text(id);
        sql.push_str(&format!(" and (c.occurred_at, c.id) < ({a}, {c})"));
    }
    let n = args.int(crate::to_i64(limit, "cases")?);
    sql.push_str(&format!(" order by c.occurred_at desc, c.id desc limit {n}"));
    Ok((sql, args))
}

/// Which cases an export page covers besides the scope.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportWindow {
    /// Only cases with a finding.
    pub with_finding: bool,
    /// Incidents at or after (Unix seconds).
    pub from: Option<i64>,
    /// Incidents before (Unix seconds).
    pub until: Option<i64>,
    /// Whether the scope holds few of the cases (the public's, while most
    /// cases are under way): they are then found by status and sorted,
    /// rather than by walking every case newest first until a page is full.
    pub sparse: bool,
}

const EXPORT_COLUMNS: &str = "select c.id, c.status, c.accused, c.provisions, c.occurred_at, c.occurred_until, \
     c.time_precision, c.filed_at, c.summary, c.casualties, c.sector, c.lat, c.lon, f.occurrence, f.party, \
     f.provisions as breached, f.severity, f.casualties as found_casualties, f.determined_at, \
     f.final_at, p.decided_level, p.measure, p.decided_at, p.complied, c.complainant, c.team, c.acts, \
     c.geo_precision, c.place, c.country, c.admin1 \
     from cases c left join findings f on f.case_id = c.id left join penalties p on p.case_id = c.id";

fn export_from(r: &AnyRow) -> Result<ExportRow, StoreError> {
    let complied: Option<i64> = r.try_get("complied")?;
    Ok(ExportRow {
        id: r.try_get("id")?,
        status: r.try_get("status")?,
        accused: r.try_get("accused")?,
        provisions: r.try_get("provisions")?,
        occurred_at: r.try_get("occurred_at")?,
        occurred_until: r.try_get("occurred_until")?,
        time_precision: r.try_get("time_precision")?,
        filed_at: r.try_get("filed_at")?,
        summary: r.try_get("summary")?,
        casualties: r.try_get("casualties")?,
        sector: r.try_get("sector")?,
        lat: r.try_get("lat")?,
        lon: r.try_get("lon")?,
        occurrence: r.try_get("occurrence")?,
        party: r.try_get("party")?,
        breached: r.try_get("breached")?,
        severity: r.try_get("severity")?,
        found_casualties: r.try_get("found_casualties")?,
        determined_at: r.try_get("determined_at")?,
        final_at: r.try_get("final_at")?,
        penalty_level: r.try_get("decided_level")?,
        penalty_measure: r.try_get("measure")?,
        penalty_decided_at: r.try_get("decided_at")?,
        complied: complied.map(|c| c != 0),
        complainant: r.try_get("complainant")?,
        team: r.try_get("team")?,
        acts: r.try_get("acts")?,
        geo_precision: r.try_get("geo_precision")?,
        place: r.try_get("place")?,
        country: r.try_get("country")?,
        admin1: r.try_get("admin1")?,
    })
}
