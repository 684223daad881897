//! Trends for charts: each sector's reports a day over a span, with the
//! band its own baseline makes ordinary, and where the alerts fell.
//!
//! Kept apart from [`super::early_warning`], which filing calls to raise
//! alerts: this reads cases through the public and scoped reads, which
//! filing's module must not import (the layering test forbids the loop).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use truce_core::access::Viewer;
use truce_core::early_warning;
use truce_store::CaseFilter;
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The longest span charted at once, days: a year and a little, so that a
/// read is bounded whatever is asked.
pub const MAX_DAYS: i32 = 400;

/// Where an alert falls on a trend chart.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlertMark {
    /// The record that raised it.
    pub record: u64,
    /// The sector.
    pub sector: String,
    /// The day tested.
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    /// The rule.
    pub method: early_warning::Method,
    /// The alert in one sentence.
    pub explanation: String,
}

/// The early warning of a span of days, for charts: each sector's trend
/// over the reports the caller may see, and where the alerts fell.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Trends {
    /// Whether the counts are of published cases only (the public's
    /// charts); otherwise of every report the caller may see as filed,
    /// allegations and not facts.
    pub published_only: bool,
    /// Each sector with a report in the span.
    pub sectors: Vec<early_warning::Trend>,
    /// The alerts raised on the span's days in those sectors: none for the
    /// public, who reads no alert.
    pub alerts: Vec<AlertMark>,
}

/// The trends from `from` to `to` (days of the agreement's calendar) as
/// `caller` may see them: the public over published cases and without
/// alerts, anyone else over the reports it may see and with the alerts.
/// `None` when the agreement has no `[early_warning]` table. Reads the
/// span and the baselines' days before it, never the whole log.
pub async fn trends(app: &App, caller: &Caller, from: Date, to: Date) -> Result<Option<Trends>, AppError> {
    if to < from {
        return Err(AppError::field("to", format!("{to} is before from, {from}")));
    }
    if from.until((jiff::Unit::Day, to)).map_or(true, |span| span.get_days() > MAX_DAYS) {
        return Err(AppError::field("to", format!("a chart spans at most {MAX_DAYS} days from {from}")));
    }
    let agreement = app.agreement()?;
    let Some(config) = agreement.early_warning.as_ref() else { return Ok(None) };
    let back = i64::from(config.baseline_days.saturating_add(config.guard_days)) + 1;
    // UTC midnights a day either side of the span cover its local days.
    let utc = |day: Date, days: i64| -> Result<Timestamp, AppError> {
        day.checked_add(jiff::Span::new().try_days(days).map_err(AppError::internal)?)
            .map_err(AppError::internal)?
            .in_tz("UTC")
            .map_err(AppError::internal)
            .map(|z| z.timestamp())
    };
    let (read_from, read_until) = (utc(from, -back)?, utc(to, 2)?);
    let published_only = matches!(caller.viewer, Viewer::Public);
    let cases = if published_only {
        super::public::cases_in(app, read_from, read_until).await?
    } else {
        let filter = CaseFilter {
            from: Some(read_from.as_second()),
            until: Some(read_until.as_second()),
            ..CaseFilter::default()
        };
        super::reads::visible_cases(app, &caller.viewer, filter).await?
    };
    let sectors = early_warning::trends(config, &cases, early_warning::Basis::Filed, from, to);
    let mut alerts = Vec::new();
    if !published_only {
        for raised in &app.ledger().alerts().raised {
            let signal = &raised.signal;
            if signal.day >= from && signal.day <= to && sectors.iter().any(|t| t.sector == signal.series.sector) {
                alerts.push(AlertMark {
                    record: raised.record,
                    sector: signal.series.sector.clone(),
                    day: signal.day,
                    method: signal.method,
                    explanation: signal.explain(),
                });
            }
        }
    }
    Ok(Some(Trends { published_only, sectors, alerts }))
}
