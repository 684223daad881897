//! Early-warning alerts: raised when a report lands, acknowledged by the
//! mediators, read by the mediators and the parties.
//!
//! Who raises an alert: the mediators' secretariat. When a report is filed,
//! the server tests the rules of the agreement's `[early_warning]` table on
//! the reports of that sector (`truce_core::early_warning::alerts_due`) and
//! signs each alert due as the secretariat's principal whose key it holds
//! (the first mediator chair in custody, then any mediator). The log
//! recomputes every number of the alert before it appends it, and so does
//! every verifier: the secretariat only carries it. A deployment whose
//! mediators all sign with their own keys raises none here; their own
//! system posts `early_warning.alert.v1` records to `/api/v1/records`.
//!
//! An alert names the reports it counted, so its record is confidential
//! like theirs. The mediators read it whole; a party reads the numbers
//! (sector, rule, window, baseline, count, threshold) but the reports it
//! counted only when it may see them.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use truce_core::Role;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::early_warning::{self, RaisedAlert};
use truce_node::records::{AlertAcknowledged, Body, Custody};
use truce_store::{CaseFilter, CaseScope};
use utoipa::ToSchema;

use super::{App, AppError, Caller, Credential, Principal};

/// The most reports of one sector read to test the rules for a day (the
/// 36 days a rule reads; far above the heaviest month of 2025).
const READ_AT_MOST: u64 = 20_000;

/// The principal that raises alerts: a mediator whose key the server holds.
pub(crate) fn secretariat(app: &App) -> Option<Principal> {
    let mut candidates: Vec<(String, truce_node::state::Principal)> = app
        .ledger()
        .principals()
        .into_iter()
        .filter(|(_, p)| p.role.is_mediator() && p.custody == Custody::Server && p.suspended.is_none())
        .collect();
    // The chair first, then by id: the same raiser every time.
    candidates.sort_by_key(|(id, p)| (p.role != Role::MediatorChair, id.clone()));
    let (id, p) = candidates.into_iter().next()?;
    Some(Principal { id, participant: p.participant, role: p.role, credential: Credential::Token })
}

/// Tests the rules on `sector` for `days` and raises every alert due, as
/// the secretariat; the records raised. Nothing when the agreement has no
/// `[early_warning]` table or the server holds no mediator's key.
pub async fn raise_due(app: &App, now: Timestamp, sector: &str, days: &[Date]) -> Result<Vec<u64>, AppError> {
    let agreement = app.agreement()?;
    let Some(config) = agreement.early_warning.as_ref() else { return Ok(Vec::new()) };
    let Some(raiser) = secretariat(app) else { return Ok(Vec::new()) };
    let today = early_warning::day_of(config, now);
    let mut raised = Vec::new();
    for &day in days.iter().filter(|d| **d <= today) {
        let span = i64::from(config.baseline_days + config.guard_days).max(35) + 2;
        let from = day
            .checked_sub(jiff::Span::new().days(span))
            .map_err(AppError::internal)?
            .in_tz("UTC")
            .map_err(AppError::internal)?
            .timestamp();
        let until = day
            .checked_add(jiff::Span::new().days(2))
            .map_err(AppError::internal)?
            .in_tz("UTC")
            .map_err(AppError::internal)?
            .timestamp();
        let filter = CaseFilter {
            sector: Some(sector.to_owned()),
            from: Some(from.as_second()),
            until: Some(until.as_second()),
            ..CaseFilter::default()
        };
        let rows = app.store().list_cases(&CaseScope::All, &filter, READ_AT_MOST).await?;
        let cases = super::folded::cases_of(app, &rows).await?;
        let marks = app.ledger().alerts().marks();
        for signal in early_warning::alerts_due(config, &cases, day, &marks) {
            let receipt = app.submit_as(&raiser, now, &Body::Alert(Box::new(signal))).await?;
            raised.push(receipt.index);
        }
    }
    Ok(raised)
}

/// An alert as a reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertView {
    /// The alert, with the reports it counted that the reader may see.
    pub alert: RaisedAlert,
    /// Reports it counted that the reader may not see.
    pub reports_withheld: usize,
    /// The alert in one sentence.
    pub explanation: String,
}

/// The alerts, newest first and at most `limit` of them (a desk shows the
/// latest; the API all), as `caller` may see them: mediators and the
/// parties; the public reads none here. Only the alerts returned are
/// checked against the reader's cases.
pub async fn list(app: &App, caller: &Caller, limit: Option<usize>) -> Result<Vec<AlertView>, AppError> {
    caller.require()?;
    if matches!(caller.viewer, Viewer::Public) {
        return Err(AppError::forbidden("alerts are read by the mediators and the parties"));
    }
    let alerts = app.ledger().alerts();
    let mut out = Vec::new();
    for raised in alerts.raised.iter().rev().take(limit.unwrap_or(usize::MAX)) {
        let mut alert = raised.clone();
        let before = alert.signal.reports.len();
        if !matches!(caller.viewer, Viewer::Mediator) {
            let mut rows = Vec::new();
            for counted in &alert.signal.reports {
                rows.extend(app.store().case(counted.case.as_str()).await?);
            }
            let cases = super::folded::cases_of(app, &rows).await?;
            let visible: Vec<String> = cases
                .iter()
                .filter(|c| access::may_see_case(&caller.viewer, CaseParties::of(c)))
                .map(|c| c.id.to_string())
                .collect();
            alert.signal.reports.retain(|r| visible.contains(&r.case.to_string()));
        }
        let reports_withheld = before - alert.signal.reports.len();
        let explanation = raised.signal.explain();
        out.push(AlertView { alert, reports_withheld, explanation });
    }
    Ok(out)
}

/// A mediator acknowledges the alert raised by record `alert`, saying what
/// was done about it.
pub async fn acknowledge(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    alert: u64,
    action: String,
) -> Result<u64, AppError> {
    let principal = caller.require()?;
    let receipt = app.submit_as(principal, now, &Body::AlertAcknowledged(AlertAcknowledged { alert, action })).await?;
    Ok(receipt.index)
}
