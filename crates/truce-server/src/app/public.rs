//! What the public may read, whoever asks: the home page's figures, the
//! published findings, the cases of a reporting period, the open-data
//! rows and the latest checkpoint.
//!
//! Everything here is computed for [`Viewer::Public`]: a public page says
//! the same to everyone, so it can be cached and linked to, and nothing on
//! it depends on a login. Which cases are public is decided by
//! [`truce_core::access`] through the list scope of
//! [`super::cases::scope_of`], applied in the store's queries, and checked
//! again on each case or row read. The figures come from grouped counts
//! and short queries (`truce-store/src/reports.rs`), never from reading
//! every case.

use std::collections::BTreeMap;

use jiff::Timestamp;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::{Agreement, Case, Status};
use truce_store::{CaseFilter, CaseScope, ExportRow, ExportWindow};

use super::{App, AppError};

/// The cases the public may see, as a store scope.
pub fn scope() -> CaseScope {
    super::cases::scope_of(&Viewer::Public)
}

/// Whether the cases `viewer` may see are few among all (under one in
/// twenty, as for the public while most cases are under way): reads in
/// newest-first order then find them by status rather than walk every
/// case. See [`truce_store::ExportWindow::sparse`]. Both counts are kept
/// as records are committed (a count of every case in the store would
/// cost a pass over the whole log on every read that asks).
pub fn is_sparse(app: &App, viewer: &Viewer) -> bool {
    let seen = app.ledger().case_count(viewer);
    let all = app.ledger().case_count(&Viewer::Mediator);
    seen.saturating_mul(20) < all
}

/// The home page's figures.
#[derive(Debug)]
pub struct Headline {
    /// Published cases.
    pub published: u64,
    /// Cases ruled inadmissible (closed since or not).
    pub inadmissible: u64,
    /// Reports merged into another case.
    pub merged: u64,
    /// Final confirmed violations attributed to each party.
    pub violations: BTreeMap<String, u64>,
    /// Final confirmed incidents attributed to no party.
    pub confirmed_unattributed: u64,
    /// Final findings that the incident did not happen.
    pub not_confirmed: u64,
    /// Final inconclusive findings.
    pub inconclusive: u64,
    /// Penalties decided.
    pub penalties_decided: u64,
    /// The latest final findings, newest first.
    pub latest: Vec<ExportRow>,
    /// The newest published incidents, without merged duplicates.
    pub recent: Vec<ExportRow>,
    /// Confirmed violations per day and party: `(day, party, count)`.
    pub violations_by_day: Vec<(i64, String, u64)>,
    /// The first and last day with a published incident.
    pub days: Option<(i64, i64)>,
}

/// The home page's figures under `agreement`, with the `latest` final
/// findings and the `recent` newest incidents.
pub async fn headline(app: &App, agreement: &Agreement, latest: u64, recent: usize) -> Result<Headline, AppError> {
    let scope = scope();
    let store = app.store();
    let by_status: BTreeMap<String, u64> = store.count_cases_by_status(&scope).await?.into_iter().collect();
    let status = |s: Status| by_status.get(s.as_str()).copied().unwrap_or(0);
    let published = by_status.values().sum();
    let mut h = Headline {
        published,
        // A case ruled inadmissible may have been closed since: it is then
        // a closed case without a finding, with the ruling in its events (a
        // reopened one goes on to admission and never to a second ruling).
        inadmissible: status(Status::Inadmissible)
            + store.count_unfound_cases_with_event(&scope, "closed", "ruled_inadmissible.v1").await?,
        merged: status(Status::Merged),
        violations: agreement.parties().map(|p| (p.id.to_string(), 0)).collect(),
        confirmed_unattributed: 0,
        not_confirmed: 0,
        inconclusive: 0,
        penalties_decided: store.count_decided_penalties(&scope).await?,
        latest: store.latest_final_findings(&scope, latest).await?,
        recent: Vec::new(),
        violations_by_day: Vec::new(),
        days: None,
    };
    for t in store.final_finding_tally(&scope).await? {
        match (t.occurrence.as_str(), &t.party) {
            ("confirmed", Some(p)) if t.breach => *h.violations.entry(p.clone()).or_insert(0) += t.count,
            ("confirmed", _) => h.confirmed_unattributed += t.count,
            ("not_confirmed", _) => h.not_confirmed += t.count,
            ("inconclusive", _) => h.inconclusive += t.count,
            _ => {}
        }
    }
    // The newest incidents the public may see, without merged duplicates
    // (their incident is the case they were merged into).
    let window = ExportWindow { sparse: is_sparse(app, &Viewer::Public), ..ExportWindow::default() };
    let newest = store.export_page(&scope, window, None, (recent * 2) as u64).await?;
    h.recent = newest.into_iter().filter(|r| r.status != Status::Merged.as_str()).take(recent).collect();
    let days = store.cases_by_day(&scope).await?;
    if let (Some(&(first, _)), Some(&(last, _))) = (days.first(), days.last()) {
        h.days = Some((first, last));
        h.violations_by_day = store.violations_by_day(&scope).await?;
    }
    Ok(h)
}

/// Published cases with a finding that `filter` selects, `limit` at a
/// time, and the cursor of the next page if there is one.
pub async fn findings(
    app: &App,
    mut filter: CaseFilter,
    limit: u64,
) -> Result<(Vec<Case>, Option<(i64, String)>), AppError> {
    filter.with_finding = true;
    let rows = app.store().list_cases(&scope(), &filter, limit + 1).await?;
    let shown = rows.get(..limit as usize).unwrap_or(&rows);
    let next = (rows.len() as u64 > limit).then(|| shown.last().map(|r| (r.occurred_at, r.id.clone()))).flatten();
    let mut cases = Vec::new();
    for case in super::folded::cases_of(app, shown).await? {
        // The scope already keeps to published cases; the rule is checked again.
        if access::may_see_case(&Viewer::Public, CaseParties::of(&case)) && case.finding.is_some() {
            cases.push(case);
        }
    }
    Ok((cases, next))
}

/// Published cases per day since the epoch, oldest first.
pub async fn cases_by_day(app: &App) -> Result<Vec<(i64, u64)>, AppError> {
    Ok(app.store().cases_by_day(&scope()).await?)
}

/// How many rows a read of a period or an export takes at a time.
const BATCH: u64 = 1_000;

/// The published cases with an incident in `[from, until)`, oldest first.
pub async fn cases_in(app: &App, from: Timestamp, until: Timestamp) -> Result<Vec<Case>, AppError> {
    let scope = scope();
    let mut filter =
        CaseFilter { from: Some(from.as_second()), until: Some(until.as_second()), ..CaseFilter::default() };
    let mut out = Vec::new();
    loop {
        let rows = app.store().list_cases(&scope, &filter, BATCH).await?;
        for case in super::folded::cases_of(app, &rows).await? {
            if access::may_see_case(&Viewer::Public, CaseParties::of(&case)) {
                out.push(case);
            }
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == BATCH => filter.after = Some((last.occurred_at, last.id.clone())),
            _ => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// One page of the open data after `after`: the rows the store returned
/// (`read`, to know whether it was the last page and where the next one
/// starts) and those of them the public may see.
pub async fn export_page(
    app: &App,
    window: ExportWindow,
    after: Option<(i64, &str)>,
    limit: u64,
) -> Result<(Vec<ExportRow>, Option<(i64, String)>, bool), AppError> {
    let rows = app.store().export_page(&scope(), window, after, limit).await?;
    let last = (rows.len() as u64) < limit;
    let next = rows.last().map(|r| (r.occurred_at, r.id.clone()));
    // The scope keeps to published cases; each row is checked again.
    let public = rows.into_iter().filter(|r| Status::parse(&r.status).is_some_and(access::is_published)).collect();
    Ok((public, next, last))
}

/// The latest signed checkpoint: its tree size and note, if the log has one.
pub async fn checkpoint(app: &App) -> Result<Option<(u64, String)>, AppError> {
    Ok(app.store().latest_checkpoint().await?)
}

/// The witnesses of the agreement in force and what each has cosigned.
#[derive(Debug, Clone)]
pub struct WitnessesView {
    /// Each witness, in the policy's order.
    pub statuses: Vec<truce_node::witnessing::WitnessStatus>,
    /// The latest checkpoint their quorum cosigned, with the cosignatures.
    pub witnessed: Option<(u64, String)>,
}

/// The split views the witnesses revealed, if any.
pub fn split_views(app: &App) -> Vec<truce_node::witnessing::SplitView> {
    app.witnessing().map(|w| w.split_views()).unwrap_or_default()
}

/// The witnesses, if the agreement in force names any.
pub fn witnesses(app: &App) -> Option<WitnessesView> {
    let witnessing = app.witnessing()?;
    witnessing.policy()?;
    Some(WitnessesView { statuses: witnessing.statuses(), witnessed: witnessing.witnessed() })
}
