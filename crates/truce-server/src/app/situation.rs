//! The daily situation report: drafted by Truce from the log, its
//! narrative written by the mediators' secretariat, approved by the
//! mediators under the agreement's decision rule, then published as a
//! signed record (see `truce_core::situation`).
//!
//! The numbers of a draft are computed here the way the log recomputes
//! them: the day book's rows of the day (kept by the ledger as case
//! records change them), the cases waiting on a deadline (read from the
//! projections) and the day's alerts. The log refuses a draft whose
//! numbers differ from its own, so a report drafted while a record landed
//! for that day is refused by field and drafted again.
//!
//! A published report holds counts only, never a case, so the public reads
//! it; drafts are the mediators' until published.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use truce_core::Status;
use truce_core::access::Viewer;
use truce_core::situation::{self, Direction, Narrative, Numbers, Report, SectorDay, SituationCommand};
use truce_node::records::Body;
use truce_store::{CaseFilter, CaseScope};
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The most cases of one status read for a draft's open deadlines.
const READ_AT_MOST: u64 = 100_000;

/// The statuses in which a deadline runs (`DeadlineKind::running_in`).
const WAITING: [Status; 7] = [
    Status::Reported,
    Status::Acknowledged,
    Status::AwaitingReply,
    Status::UnderInvestigation,
    Status::Determined,
    Status::Appealed,
    Status::PenaltyDecided,
];

/// A day's report as a reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SituationView {
    /// The day.
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    /// Drafted, approved or published.
    pub status: &'static str,
    /// The report.
    pub report: Report,
    /// The sums over sectors.
    pub total: SectorDay,
}

fn view(day: Date, report: &Report) -> SituationView {
    let status = match (report.published.is_some(), report.approved) {
        (true, _) => "published",
        (false, true) => "approved",
        (false, false) => "draft",
    };
    SituationView { day, status, report: report.clone(), total: report.numbers.total() }
}

fn is_mediator(caller: &Caller) -> bool {
    matches!(caller.viewer, Viewer::Mediator)
}

/// The numbers of `day` as the log now gives them.
pub async fn numbers(app: &App, day: Date) -> Result<Numbers, AppError> {
    let agreement = app.agreement()?;
    let tz = situation::time_zone(&agreement);
    let mut book = situation::DayBook::default();
    book.set_day(day, app.ledger().day_rows(day));
    let mut rows = Vec::new();
    for status in WAITING {
        let filter = CaseFilter { status: Some(status.as_str().to_owned()), ..CaseFilter::default() };
        rows.extend(app.store().list_cases(&CaseScope::All, &filter, READ_AT_MOST).await?);
    }
    let cases = super::folded::cases_of(app, &rows).await?;
    let alerts = app.ledger().alerts();
    Ok(situation::draft(&tz, &book, &cases, &alerts, day))
}

/// The reports `caller` may read, newest first: every one for the
/// mediators, the published ones for everyone else.
pub fn list(app: &App, caller: &Caller) -> Vec<SituationView> {
    let reports = app.ledger().situation_reports();
    reports
        .iter()
        .rev()
        .filter(|(_, r)| r.published.is_some() || is_mediator(caller))
        .map(|(day, r)| view(*day, r))
        .collect()
}

/// The report of `day`, if `caller` may read it (the same "not found" for a
/// draft as for a day never drafted).
pub fn one(app: &App, caller: &Caller, day: Date) -> Result<SituationView, AppError> {
    let reports = app.ledger().situation_reports();
    reports
        .get(&day)
        .filter(|r| r.published.is_some() || is_mediator(caller))
        .map(|r| view(day, r))
        .ok_or_else(|| AppError::not_found(format!("no situation report of {day}")))
}

/// The secretariat drafts (or drafts again) the report of `day`: the
/// numbers computed from the log.
pub async fn draft(app: &App, caller: &Caller, now: Timestamp, day: Date) -> Result<u64, AppError> {
    let principal = caller.require()?;
    let numbers = numbers(app, day).await?;
    let body = Body::Situation(Box::new(SituationCommand::Draft { numbers }));
    Ok(app.submit_as(principal, now, &body).await?.index)
}

/// The secretariat writes the narrative, in `lang`; `dir` defaults to the
/// language's own direction and must be given for a language not known.
pub async fn edit(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    day: Date,
    text: String,
    lang: String,
    dir: Option<Direction>,
) -> Result<u64, AppError> {
    let principal = caller.require()?;
    let Some(dir) = dir.or_else(|| situation::known_direction(&lang)) else {
        return Err(AppError::field("narrative.dir", format!("say whether {lang:?} is written ltr or rtl")));
    };
    let body = Body::Situation(Box::new(SituationCommand::Edit { day, narrative: Narrative { text, lang, dir } }));
    Ok(app.submit_as(principal, now, &body).await?.index)
}

/// A mediator approves version `version` of the report of `day`.
pub async fn approve(app: &App, caller: &Caller, now: Timestamp, day: Date, version: u32) -> Result<u64, AppError> {
    let principal = caller.require()?;
    let body = Body::Situation(Box::new(SituationCommand::Approve { day, version }));
    Ok(app.submit_as(principal, now, &body).await?.index)
}

/// The secretariat publishes the approved report of `day`.
pub async fn publish(app: &App, caller: &Caller, now: Timestamp, day: Date) -> Result<u64, AppError> {
    let principal = caller.require()?;
    let numbers = numbers(app, day).await?;
    let body = Body::Situation(Box::new(SituationCommand::Publish { numbers }));
    Ok(app.submit_as(principal, now, &body).await?.index)
}

/// The published reports by day, for feeds.
pub fn published(app: &App) -> BTreeMap<Date, Report> {
    app.ledger()
        .situation_reports()
        .iter()
        .filter(|(_, r)| r.published.is_some())
        .map(|(d, r)| (*d, r.clone()))
        .collect()
}
