//! Cases read back as the fold of their stored events, and one case as a
//! reader may see it (or the same "not found" as for a missing case).
//!
//! A case row holds only the columns lists filter and sort on; the case
//! itself is its event rows, each written once, folded with the core's own
//! `Case::apply`. So there is no second copy of a case to drift from its
//! history, and the sequencer does not rewrite a case's texts on every
//! command.
//!
//! Folding costs more than parsing one document (a case of seventeen events
//! is seventeen JSON documents), and the public pages read the same few
//! cases again and again. So folded cases are kept, a bounded number of
//! them, each with the log record that last changed it: a case row naming
//! a later record is folded again. Rows and events are written in one
//! transaction, so a row never names a record whose events are not stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use hashlink::LruCache;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::{Case, Event};
use truce_store::{CaseRow, EventRow};

use super::{App, AppError};

/// How many folded cases are kept (a few KB each).
const KEPT: usize = 8_192;

/// Folded cases by id, each with the record that last changed it.
pub struct FoldedCases(Mutex<LruCache<String, (u64, Arc<Case>)>>);

impl Default for FoldedCases {
    fn default() -> Self {
        FoldedCases(Mutex::new(LruCache::new(KEPT)))
    }
}

impl FoldedCases {
    fn get(&self, row: &CaseRow) -> Option<Arc<Case>> {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match kept.get(&row.id) {
            Some((last, case)) if *last == row.last_record_idx => Some(Arc::clone(case)),
            _ => None,
        }
    }

    fn keep(&self, last_record: u64, case: Arc<Case>) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        kept.insert(case.id.to_string(), (last_record, case));
    }
}

/// The events stored in `rows` ([`truce_node::projection::events_of`]).
pub fn parse(rows: &[EventRow]) -> Result<Vec<Event>, AppError> {
    truce_node::projection::events_of(rows).map_err(AppError::internal)
}

/// Folds a case's events, oldest first, into the case, as the core does
/// (`Case::from_history`), without keeping the history a second time.
pub fn fold(events: &[Event]) -> Result<Case, AppError> {
    let mut case = Case::from_history(events).map_err(AppError::internal)?;
    case.history.clear();
    Ok(case)
}

/// The cases behind `rows`, in the same order: kept ones if no later record
/// changed them, the others folded from their stored events (one query per
/// 500 cases).
pub async fn cases_of(app: &App, rows: &[CaseRow]) -> Result<Vec<Case>, AppError> {
    let kept = app.folded_cases();
    let mut found: Vec<Option<Arc<Case>>> = rows.iter().map(|r| kept.get(r)).collect();
    let missing: Vec<String> =
        rows.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(r, _)| r.id.clone()).collect();
    if !missing.is_empty() {
        let stored = app.store().events_of_cases(&missing).await?;
        let by_case: HashMap<&str, &[EventRow]> = stored
            .chunk_by(|a, b| a.case_id == b.case_id)
            .filter_map(|g| Some((g.first()?.case_id.as_str(), g)))
            .collect();
        for (row, slot) in rows.iter().zip(found.iter_mut()).filter(|(_, f)| f.is_none()) {
            let group = by_case
                .get(row.id.as_str())
                .ok_or_else(|| AppError::internal(format!("case {} has no stored events", row.id)))?;
            let case = Arc::new(fold(&parse(group)?)?);
            if let Some(last) = group.last() {
                kept.keep(last.record_idx, Arc::clone(&case));
            }
            *slot = Some(case);
        }
    }
    Ok(found.into_iter().flatten().map(Arc::unwrap_or_clone).collect())
}

/// A case a caller may see, with its stored events, oldest first:
/// `rows[i]` is where `events[i]` is stored (its position and record).
pub struct VisibleCase {
    /// The case, folded from its events.
    pub case: Case,
    /// The stored event rows.
    pub rows: Vec<truce_store::EventRow>,
    /// The events they hold.
    pub events: Vec<Event>,
}

/// Loads a case the caller may see with its events, or answers 404 (a case
/// the caller may not see is answered exactly like one that does not
/// exist). One read: the case is the fold of the events it returns.
pub async fn visible_case_with_events(app: &App, viewer: &Viewer, id: &str) -> Result<VisibleCase, AppError> {
    let missing = || AppError::not_found(format!("there is no case {id} that you may see"));
    let rows = app.store().case_events(id).await?;
    if rows.is_empty() {
        return Err(missing());
    }
    let events = parse(&rows)?;
    let case = fold(&events)?;
    if !access::may_see_case(viewer, CaseParties::of(&case)) {
        return Err(missing());
    }
    Ok(VisibleCase { case, rows, events })
}

/// Loads a case the caller may see, or answers 404 (a case the caller may
/// not see is answered exactly like one that does not exist).
pub async fn visible_case(app: &App, viewer: &Viewer, id: &str) -> Result<Case, AppError> {
    Ok(visible_case_with_events(app, viewer, id).await?.case)
}

/// Every evidence reference in a case.
pub fn cited_evidence(case: &Case, events: &[Event]) -> Vec<truce_core::case::EvidenceRef> {
    let mut out: Vec<truce_core::case::EvidenceRef> = case.allegation.evidence.clone();
    if let Some(r) = &case.reply {
        out.extend(r.evidence.iter().cloned());
    }
    if let Some(r) = &case.investigation {
        out.extend(r.evidence.iter().cloned());
    }
    if let Some(f) = &case.finding {
        out.extend(f.evidence.iter().cloned());
    }
    for e in events {
        if let truce_core::EventKind::Reopened { evidence, .. } = &e.kind {
            out.extend(evidence.iter().cloned());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|e| seen.insert(e.sha256.clone()));
    out
}
