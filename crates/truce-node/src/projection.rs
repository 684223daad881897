//! Projection rows, derived from the mechanism's state.
//!
//! The sequencer writes these rows with each batch, `truce rebuild` writes
//! them all from a replay, and `truce verify` recomputes them and compares
//! them with what is stored. One set of functions serves all three, so the
//! three can never disagree about what a row should say.

use truce_core::case::{Case, Event, EventKind};
use truce_core::ids::PrincipalId;
use truce_core::stats;
use truce_store::{CaseRow, EventRow, FindingRow, IncidentRow, PenaltyRow, PrincipalRow, StatisticsRow};

use crate::state::{Mechanism, Principal};

/// The scope of the all-time statistics row.
pub const ALL_TIME: &str = "all";

fn join<T: AsRef<str>>(items: &[T]) -> String {
    items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(",")
}

fn secs(t: jiff::Timestamp) -> i64 {
    t.as_second()
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
pub fn case_row(case: &Case, last_record_idx: u64) -> CaseRow {
    let a = &case.allegation;
    let provisions: Vec<&str> = a.provisions.iter().map(|p| p.as_str()).collect();
    CaseRow {
        id: case.id.to_string(),
        status: case.status.as_str().to_owned(),
        accused: a.accused.to_string(),
        complainant: case.complainant.participant().map(ToString::to_string),
        filed_at: secs(case.filed_at),
        occurred_at: secs(a.occurred_at),
        summary: a.summary.clone(),
        provisions: join(&provisions),
        lat: a.location.as_ref().map(|l| l.lat),
        lon: a.location.as_ref().map(|l| l.lon),
        sector: case.placement.as_ref().and_then(|p| p.sector.clone()),
        team: case.team.as_ref().map(ToString::to_string),
        last_record_idx,
    }
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
        determined_at: case.determined_at.map(secs),
        final_at: case.final_at.map(secs),
        doc: serde_json::to_string(f)?,
    }))
}

/// A case's penalty row, if the engine proposed one.
pub fn penalty_row(case: &Case) -> Option<PenaltyRow> {
    let proposal = case.penalty_proposal.as_ref()?;
    let decided = case.penalty.as_ref();
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

/// All-time statistics as of the mechanism's current size.
pub fn statistics_row(m: &Mechanism) -> Result<Option<StatisticsRow>, serde_json::Error> {
    let (Some(agreement), Some(last)) = (m.agreement(), m.last_time) else { return Ok(None) };
    let from = m
        .docket
        .tally()
        .incident_range()
        .map_or_else(|| agreement.identity.effective_at.timestamp(), |(earliest, _)| earliest);
    let until = last.checked_add(jiff::SignedDuration::from_secs(1)).unwrap_or(last);
    let s = stats::compute(agreement, &m.docket, from.min(until), until);
    Ok(Some(StatisticsRow { scope: ALL_TIME.to_owned(), as_of_size: m.size, doc: serde_json::to_string(&s)? }))
}
