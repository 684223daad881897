//! Projection rows, derived from the mechanism's state, and read back.
//!
//! The sequencer writes these rows with each batch, `truce rebuild` writes
//! them all from a replay, and `truce verify` recomputes them and compares
//! them with what is stored. One set of functions serves all three, so the
//! three can never disagree about what a row should say.
//!
//! The store keeps rows in plain columns (a status as its name, times as
//! Unix seconds, provisions joined with a comma, an event as JSON). This
//! module is the one owner of that format: next to each encoder is its
//! decoder ([`CaseListing::decode`], [`events_of`]), sharing the same
//! choices, so no reader splits a column or parses a status on its own,
//! and a row that does not read back is a [`RowError`] naming the table,
//! the row and the column, never a value silently defaulted.

use jiff::Timestamp;
use truce_core::case::{Case, Casualties, Event, EventKind, Status, TimePrecision};
use truce_core::ids::{CaseId, ParticipantId, PrincipalId, ProvisionId};
use truce_store::{CaseRow, EventRow, FindingRow, IncidentRow, PenaltyRow, PrincipalRow};

use crate::state::Principal;

/// What joins the items of a list column (a case's provisions).
pub const LIST_SEPARATOR: char = ',';

fn join<T: AsRef<str>>(items: &[T]) -> String {
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(&LIST_SEPARATOR.to_string())
}

/// The items of a list column as written by this module (a case's
/// provisions, a finding's provisions breached), also where a report query
/// carries the column through unchanged.
pub fn list_items(column: &str) -> Vec<&str> {
    column.split(LIST_SEPARATOR).map(str::trim).filter(|p| !p.is_empty()).collect()
}

fn secs(t: Timestamp) -> i64 {
    t.as_second()
}

/// The casualties column: the core's JSON of the figures stated, or
/// `None` when none was (a figure not stated is not zero, and an empty
/// column says so without a JSON reader).
pub fn casualties_column(c: &Casualties) -> Result<Option<String>, serde_json::Error> {
    if c.is_unknown() { Ok(None) } else { serde_json::to_string(c).map(Some) }
}

/// A casualties column read back as [`casualties_column`] wrote it, for
/// the row `key` of `table`.
pub fn casualties_of(table: &'static str, key: &str, column: Option<&str>) -> Result<Casualties, RowError> {
    let c = Columns { table, key };
    match column {
        None => Ok(Casualties::default()),
        Some(json) => serde_json::from_str(json).map_err(|e| c.error("casualties", format!("is not casualties: {e}"))),
    }
}

/// A time precision column read back (`exact` or `day`), for the row
/// `key` of `table`.
pub fn time_precision_of(table: &'static str, key: &str, column: &str) -> Result<TimePrecision, RowError> {
    TimePrecision::parse(column)
        .ok_or_else(|| Columns { table, key }.error("time_precision", format!("{column:?} is not a time precision")))
}

/// A stored row that does not read back as what its encoder wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{table} row {key}: column {column} {reason}")]
pub struct RowError {
    /// The table.
    pub table: &'static str,
    /// The row's key (a case id, a case id and position).
    pub key: String,
    /// The column at fault.
    pub column: &'static str,
    /// What is wrong with it.
    pub reason: String,
}

/// Reads the columns of one row, naming the row in every error.
struct Columns<'a> {
    table: &'static str,
    key: &'a str,
}

impl Columns<'_> {
    fn error(&self, column: &'static str, reason: impl std::fmt::Display) -> RowError {
        RowError { table: self.table, key: self.key.to_owned(), column, reason: reason.to_string() }
    }

    fn time(&self, column: &'static str, secs: i64) -> Result<Timestamp, RowError> {
        Timestamp::from_second(secs).map_err(|e| self.error(column, format!("is not a time: {e}")))
    }

    fn participant(&self, column: &'static str, id: &str) -> Result<ParticipantId, RowError> {
        ParticipantId::parse(id).map_err(|e| self.error(column, e))
    }
}

/// A principal's row.
pub fn principal_row(id: &PrincipalId, p: &Principal) -> PrincipalRow {
    PrincipalRow {
        id: id.to_string(),
        participant: p.participant.as_ref().map(ToString::to_string),
        role: p.role.as_str().to_owned(),
        public_key: p.key.to_base64(),
        record_idx: p.record_idx,
    }
}

/// A case's row: the columns lists filter and sort on. The case itself is
/// not stored here; a reader folds its event rows (`Case::from_history`),
/// which are written once, where a copy here was rewritten on every command.
pub fn case_row(case: &Case, last_record_idx: u64) -> Result<CaseRow, serde_json::Error> {
    let a = &case.allegation;
    let provisions: Vec<&str> = a.provisions.iter().map(|p| p.as_str()).collect();
    Ok(CaseRow {
        id: case.id.to_string(),
        status: case.status.as_str().to_owned(),
        accused: a.accused.to_string(),
        complainant: case.complainant.participant().map(ToString::to_string),
        filed_at: secs(case.filed_at),
        occurred_at: secs(a.occurred_at),
        occurred_until: a.occurred_until.map(secs),
        time_precision: a.time_precision.as_str().to_owned(),
        summary: a.summary.clone(),
        provisions: join(&provisions),
        casualties: casualties_column(&a.casualties)?,
        lat: a.location.as_ref().map(|l| l.lat),
        lon: a.location.as_ref().map(|l| l.lon),
        sector: case.placement.as_ref().and_then(|p| p.sector.clone()),
        team: case.team.as_ref().map(ToString::to_string),
        last_record_idx,
        acts: join(&a.acts.iter().map(|t| t.as_str()).collect::<Vec<_>>()),
        geo_precision: a.location.as_ref().map(|l| i64::from(l.precision)),
        place: a.location.as_ref().map(|l| l.place_name.clone()).filter(|n| !n.trim().is_empty()),
        country: case.placement.as_ref().and_then(|p| p.side).map(|s| s.iso_code().to_owned()),
        admin1: case.placement.as_ref().and_then(|p| p.province.clone()),
    })
}

/// A case row read back: the columns lists filter and sort on, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseListing {
    /// The case.
    pub id: CaseId,
    /// Where it stands.
    pub status: Status,
    /// The accused party.
    pub accused: ParticipantId,
    /// The complainant participant; `None` for the public.
    pub complainant: Option<ParticipantId>,
    /// When it was filed.
    pub filed_at: Timestamp,
    /// When the incident happened (or started).
    pub occurred_at: Timestamp,
    /// When it ended, for an incident that lasted.
    pub occurred_until: Option<Timestamp>,
    /// How precisely the time is known.
    pub time_precision: TimePrecision,
    /// One line.
    pub summary: String,
    /// The provisions cited.
    pub provisions: Vec<ProvisionId>,
    /// The casualties claimed (each figure not stated is `None`).
    pub casualties: Casualties,
    /// Latitude and longitude, if located.
    pub location: Option<(f64, f64)>,
    /// The border sector, if located near the line.
    pub sector: Option<String>,
    /// The monitoring team tasked, if any.
    pub team: Option<ParticipantId>,
    /// The last log record that changed it.
    pub last_record_idx: u64,
}

impl CaseListing {
    /// Reads a case row back as [`case_row`] wrote it.
    pub fn decode(row: &CaseRow) -> Result<CaseListing, RowError> {
        let c = Columns { table: "cases", key: &row.id };
        let provisions = if row.provisions.is_empty() {
            Vec::new()
        } else {
            row.provisions
                .split(LIST_SEPARATOR)
                .map(|p| ProvisionId::parse(p).map_err(|e| c.error("provisions", format!("{p:?}: {e}"))))
                .collect::<Result<_, _>>()?
        };
        let location = match (row.lat, row.lon) {
            (Some(lat), Some(lon)) => Some((lat, lon)),
            (None, None) => None,
            _ => return Err(c.error("lat", "and lon must both be given or both be absent")),
        };
        Ok(CaseListing {
            id: CaseId::parse(&row.id).map_err(|e| c.error("id", e))?,
            status: Status::parse(&row.status)
                .ok_or_else(|| c.error("status", format!("{:?} is not a status", row.status)))?,
            accused: c.participant("accused", &row.accused)?,
            complainant: row.complainant.as_deref().map(|p| c.participant("complainant", p)).transpose()?,
            filed_at: c.time("filed_at", row.filed_at)?,
            occurred_at: c.time("occurred_at", row.occurred_at)?,
            occurred_until: row.occurred_until.map(|t| c.time("occurred_until", t)).transpose()?,
            time_precision: time_precision_of(c.table, c.key, &row.time_precision)?,
            summary: row.summary.clone(),
            provisions,
            casualties: casualties_of(c.table, c.key, row.casualties.as_deref())?,
            location,
            sector: row.sector.clone(),
            team: row.team.as_deref().map(|t| c.participant("team", t)).transpose()?,
            last_record_idx: row.last_record_idx,
        })
    }
}

/// The events stored in `rows`, in their order, as [`event_row`] wrote them.
pub fn events_of(rows: &[EventRow]) -> Result<Vec<Event>, RowError> {
    rows.iter()
        .map(|r| {
            serde_json::from_str(&r.doc).map_err(|e| RowError {
                table: "case_events",
                key: format!("{} #{}", r.case_id, r.seq),
                column: "doc",
                reason: format!("is not an event: {e}"),
            })
        })
        .collect()
}

/// An event's row.
pub fn event_row(event: &Event, seq: u64, record_idx: u64) -> Result<EventRow, serde_json::Error> {
    let doc = serde_json::to_value(event)?;
    let kind = doc.get("type").and_then(|t| t.as_str()).unwrap_or("").to_owned();
    Ok(EventRow {
        case_id: event.case.to_string(),
        seq,
        record_idx,
        at: secs(event.at),
        kind,
        doc: serde_json::to_string(&doc)?,
    })
}

/// The incident rows an event adds: a case is its own first report, and a
/// merged duplicate joins the case it was merged into.
pub fn incident_rows(event: &Event) -> Vec<IncidentRow> {
    match &event.kind {
        EventKind::Reported { .. } => {
            vec![IncidentRow { case_id: event.case.to_string(), report_case_id: event.case.to_string() }]
        }
        EventKind::DuplicateMerged { duplicate } => {
            vec![IncidentRow { case_id: event.case.to_string(), report_case_id: duplicate.to_string() }]
        }
        _ => Vec::new(),
    }
}

/// A case's finding row, if it has a finding.
pub fn finding_row(case: &Case) -> Result<Option<FindingRow>, serde_json::Error> {
    let Some(f) = &case.finding else { return Ok(None) };
    let provisions: Vec<&str> = f.provisions_breached.iter().map(|p| p.as_str()).collect();
    let occurrence = serde_json::to_value(f.occurrence)?.as_str().unwrap_or("").to_owned();
    let basis = match &f.attribution {
        Some(a) => Some(serde_json::to_value(a.basis)?.as_str().unwrap_or("").to_owned()),
        None => None,
    };
    Ok(Some(FindingRow {
        case_id: case.id.to_string(),
        occurrence,
        party: f.attribution.as_ref().map(|a| a.party.to_string()),
        basis,
        severity: f.severity.map(|s| s.as_str().to_owned()),
        provisions: join(&provisions),
        casualties: casualties_column(&f.casualties)?,
        determined_at: case.determined_at.map(secs),
        final_at: case.final_at.map(secs),
        doc: serde_json::to_string(f)?,
    }))
}

/// A case's penalty row, if the engine proposed one.
pub fn penalty_row(case: &Case) -> Option<PenaltyRow> {
    let proposal = case.penalty_proposal.as_deref()?;
    let decided = case.penalty.as_deref();
    Some(PenaltyRow {
        case_id: case.id.to_string(),
        party: proposal.party.to_string(),
        proposed_level: i64::from(proposal.level),
        explanation: proposal.explanation(),
        decided_level: decided.map(|d| i64::from(d.level)),
        measure: decided.map(|d| d.measure.to_string()),
        decided_at: decided.map(|d| secs(d.decided_at)),
        compliance_by: decided.map(|d| secs(d.compliance_by)),
        complied: case.complied,
    })
}
