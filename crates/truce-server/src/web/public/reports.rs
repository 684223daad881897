//! Periodic reports: a month (`/reports/2025-10`) or an ISO week
//! (`/reports/2025-W42`) of published cases, by the date of the incident.
//!
//! The numbers are [`truce_core::stats`] over the published cases of the
//! period, the same definitions the API's statistics and `truce demo
//! --report` use, so a printed report and the open data agree. Only one
//! period's cases are read; the list of periods comes from a grouped count.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use maud::html;
use truce_core::Case;

use super::chart::{monday_of, week_label};
use super::{bad_field, participant_name, problem, severity_text, status_text};
use crate::AppState;
use crate::app::{Caller, public};
use crate::web::{Page, WebError, layout};

/// A report's period: a calendar month or an ISO week, in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// As written in the path: `2025-10` or `2025-W42`.
    pub label: String,
    /// Whether it is a week.
    pub week: bool,
    /// Its first day.
    pub start: Date,
    /// The day after its last.
    pub end: Date,
}

/// Why a period in a path is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPeriod {
    /// The part at fault: `month`, `week`, `year` or `period`.
    pub field: &'static str,
    /// What is wrong, in English (shown in the page's language by the caller).
    pub reason: PeriodError,
}

/// What is wrong with a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// Neither `YYYY-MM` nor `YYYY-Www`.
    Shape,
    /// The year is outside 2000–2100.
    Year,
    /// The month is not 01–12.
    Month,
    /// The week does not exist in that year.
    Week,
}

impl Period {
    /// Parses `2025-10` or `2025-W42`.
    pub fn parse(text: &str) -> Result<Period, BadPeriod> {
        let bad = |field, reason| BadPeriod { field, reason };
        let (year, rest) = text.split_once('-').ok_or(bad("period", PeriodError::Shape))?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("period", PeriodError::Shape));
        }
        let year: i16 = year.parse().map_err(|_| bad("period", PeriodError::Shape))?;
        if !(2000..=2100).contains(&year) {
            return Err(bad("year", PeriodError::Year));
        }
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(w) = rest.strip_prefix('W') {
            if !digits(w) {
                return Err(bad("period", PeriodError::Shape));
            }
            let week: i8 = w.parse().map_err(|_| bad("week", PeriodError::Week))?;
            let start =
                ISOWeekDate::new(year, week, Weekday::Monday).map_err(|_| bad("week", PeriodError::Week))?.date();
            let end = start.checked_add(7.days()).map_err(|_| bad("week", PeriodError::Week))?;
            return Ok(Period { label: text.to_owned(), week: true, start, end });
        }
        if !digits(rest) {
            return Err(bad("period", PeriodError::Shape));
        }
        let month: i8 = rest.parse().map_err(|_| bad("month", PeriodError::Month))?;
        let start = Date::new(year, month, 1).map_err(|_| bad("month", PeriodError::Month))?;
        let end = start.checked_add(1.month()).map_err(|_| bad("month", PeriodError::Month))?;
        Ok(Period { label: text.to_owned(), week: false, start, end })
    }

    fn at(date: Date) -> Option<Timestamp> {
        date.to_zoned_datetime(TimeZone::UTC).ok().map(|z| z.timestamp())
    }

    /// The first instant of the period.
    pub fn from(&self) -> Option<Timestamp> {
        Self::at(self.start)
    }

    /// The first instant after the period.
    pub fn until(&self) -> Option<Timestamp> {
        Self::at(self.end)
    }
}

/// The month label (`2025-10`) of a day since the epoch.
fn month_label(day: i64) -> String {
    Timestamp::from_second(day * 86_400).map(|t| t.strftime("%Y-%m").to_string()).unwrap_or_default()
}

/// `GET /reports`: the months and weeks with published cases.
pub async fn index(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let days = public::cases_by_day(&state).await?;
    // month → (cases, weeks → cases), newest month first below.
    let mut months: BTreeMap<String, (u64, BTreeMap<String, u64>)> = BTreeMap::new();
    for (day, n) in &days {
        let m = months.entry(month_label(*day)).or_default();
        m.0 += n;
        *m.1.entry(week_label(monday_of(*day))).or_default() += n;
    }
    let body = html! {
        p.hint { (page.t("reports-intro")) }
        p { a href="/situation-reports" { (page.t("situation-title")) } }
        @if months.is_empty() {
            p { (page.t("reports-none")) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("reports-month")) }
                    th scope="col" { (page.t("reports-cases")) }
                    th scope="col" { (page.t("reports-weeks")) }
                } }
                tbody {
                    @for (month, (n, weeks)) in months.iter().rev() {
                        tr {
                            th scope="row" { a href=(format!("/reports/{month}")) { (month) } }
                            td { (n) }
                            td { @for (w, wn) in weeks {
                                a href=(format!("/reports/{w}")) title=(page.tw("reports-week-cases", &[("count", &wn.to_string())])) { (w) } " "
                            } }
                        }
                    }
                }
            } }
        }
    };
    Ok(layout(&page, &page.t("reports-title"), body))
}

/// A period's published cases and their statistics, as of one log size.
#[derive(Debug)]
struct PeriodData {
    cases: Vec<Case>,
    stats: truce_core::stats::Statistics,
    /// Each sector's reports a day, with its band; `None` when the
    /// agreement has no early warning.
    trends: Option<crate::app::trends::Trends>,
}

/// Periods kept at once: a month and its weeks, and a few more.
const KEPT_PERIODS: usize = 16;

/// The reports' cache: each period's cases and statistics, as of the log
/// size they were read at, so a report printed or refreshed by many readers
/// reads and computes the period once per change of the log. One per server.
#[derive(Debug, Default)]
pub struct ReportCache {
    periods: tokio::sync::Mutex<BTreeMap<String, (u64, Arc<PeriodData>)>>,
}

impl ReportCache {
    /// A new, empty cache to share between requests.
    pub fn shared() -> Arc<ReportCache> {
        Arc::new(ReportCache::default())
    }

    /// `period`'s data as of the log's current size.
    async fn data(
        &self,
        state: &AppState,
        agreement: &truce_core::Agreement,
        period: &Period,
        (from, until): (Timestamp, Timestamp),
    ) -> Result<Arc<PeriodData>, WebError> {
        // The key first: a record appended while reading makes the next
        // request read again.
        let size = state.appended();
        if let Some((at, data)) = self.periods.lock().await.get(&period.label)
            && *at == size
        {
            return Ok(data.clone());
        }
        let cases = public::cases_in(state, from, until).await?;
        let stats = truce_core::stats::compute_over(agreement, cases.iter(), from, until);
        let last = period.end.yesterday().map_err(|e| WebError::from(crate::error::ApiError::internal(e)))?;
        let trends = crate::app::trends::trends(state, &Caller::public(), period.start, last).await?;
        let data = Arc::new(PeriodData { cases, stats, trends });
        let mut periods = self.periods.lock().await;
        periods.retain(|_, (at, _)| *at == size);
        if periods.len() >= KEPT_PERIODS {
            periods.pop_first();
        }
        periods.insert(period.label.clone(), (size, data.clone()));
        Ok(data)
    }
}

/// `GET /reports/{period}`: the printable report of a month or a week.
pub async fn report(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<ReportCache>>,
    Path(text): Path<String>,
    page: Page,
) -> Result<Response, WebError> {
    let period = match Period::parse(&text) {
        Ok(p) => p,
        Err(e) => {
            let message = match e.reason {
                PeriodError::Shape => page.tw("period-bad-shape", &[("value", &text)]),
                PeriodError::Year => page.tw("period-bad-year", &[("value", &text)]),
                PeriodError::Month => page.tw("period-bad-month", &[("value", &text)]),
                PeriodError::Week => page.tw("period-bad-week", &[("value", &text)]),
            };
            return Ok(bad_field(&page, e.field, &message));
        }
    };
    let (Some(from), Some(until)) = (period.from(), period.until()) else {
        return Ok(bad_field(&page, "period", &page.tw("period-bad-shape", &[("value", &text)])));
    };
    let agreement = super::agreement_or_503(&state)?;
    let data = cache.data(&state, &agreement, &period, (from, until)).await?;
    let cases = &data.cases;
    let last_day = until.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap_or(until);
    let range = page.tw("report-range", &[("from", &page.date(from)), ("until", &page.date(last_day))]);
    let title = if period.week {
        page.tw("report-title-week", &[("period", &page.ltr(&period.label))])
    } else {
        page.tw("report-title-month", &[("period", &page.ltr(&period.label))])
    };
    if cases.is_empty() {
        return Ok(problem(
            &page,
            StatusCode::NOT_FOUND,
            &title,
            html! {
                p { (page.tw("report-empty", &[("period", &period.label)])) " (" (range) ")" }
                p { a href="/reports" { (page.t("report-back")) } }
            },
        ));
    }
    let stats = &data.stats;
    let a = &agreement;
    let name = |id: &str| participant_name(&page, a, id);
    let o = &stats.overall;
    let findings: Vec<&Case> = cases.iter().filter(|c| c.finding.is_some()).collect();
    let penalties: Vec<&Case> = cases.iter().filter(|c| c.penalty.is_some()).collect();
    let body = html! {
        p.period { strong { (range) } }
        p.hint { (page.t("report-intro")) }
        h2 { (page.t("report-summary-heading")) }
        div.table-wrap { table.summary {
            tbody {
                tr { th scope="row" { (page.t("report-reported")) } td { (o.reported) } }
                tr { th scope="row" { (page.t("report-duplicates")) } td { (o.duplicates) } }
                tr { th scope="row" { (page.t("report-admissible")) } td { (o.admissible) } }
                tr { th scope="row" { (page.t("report-inadmissible")) } td { (o.inadmissible) } }
                tr { th scope="row" { (page.t("report-confirmed")) } td { (o.confirmed) } }
                tr { th scope="row" { (page.t("report-attributed")) } td { (o.attributed) } }
                tr { th scope="row" { (page.t("report-not-confirmed")) } td { (o.not_confirmed) } }
                tr { th scope="row" { (page.t("report-inconclusive")) } td { (o.inconclusive) } }
                tr { th scope="row" { (page.t("report-overdue-replies")) } td { (o.overdue_replies) } }
                tr { th scope="row" { (page.t("report-withdrawn")) } td { (o.withdrawn) } }
                tr { th scope="row" { (page.t("report-casualties-not-stated")) } td { (o.casualties_not_stated) } }
                tr { th scope="row" { (page.t("report-penalties-decided")) } td { (penalties.len()) } }
                tr { th scope="row" { (page.t("report-median-days")) }
                    td { @match stats.median_days_to_determination {
                        Some(d) => (format!("{d:.1}")),
                        None => "—",
                    } } }
            }
        } }
        @if let Some(trends) = &data.trends {
            h2 { (page.t("trend-heading")) }
            (crate::web::trend::render(&page, trends))
        }
        h2 { (page.t("report-by-party")) }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { (page.t("report-party")) }
                th scope="col" { (page.t("report-filed")) }
                th scope="col" { (page.t("report-against")) }
                th scope="col" { (page.t("report-admissible")) }
                th scope="col" { (page.t("report-attributed")) }
                th scope="col" { (page.t("report-not-confirmed")) }
                th scope="col" { (page.t("report-inconclusive")) }
                th scope="col" { (page.t("report-replies")) }
                th scope="col" { (page.t("report-compliance")) }
            } }
            tbody { @for p in &stats.parties {
                tr {
                    th scope="row" { (name(p.party.as_str())) }
                    td { (p.filed) }
                    td { (p.against.reported) }
                    td { (p.against.admissible) }
                    td { (p.against.attributed) }
                    td { (p.against.not_confirmed) }
                    td { (p.against.inconclusive) }
                    td { (p.replies_on_time) " / " (p.replies_requested) }
                    td { strong { (p.compliance_index) } }
                }
            } }
        } }
        p.hint { (page.t("report-compliance-explained")) " " a href="/agreement#penalties" { (page.t("report-see-agreement")) } }
        h2 { (page.t("report-by-provision")) }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { (page.t("report-provision")) }
                th scope="col" { (page.t("report-alleged")) }
                th scope="col" { (page.t("report-admissible")) }
                th scope="col" { (page.t("report-breached")) }
            } }
            tbody { @for p in &stats.provisions {
                tr {
                    th scope="row" { (p.provision.as_str()) " "
                        span.muted { (a.provision(&p.provision).map_or("", |x| x.title.as_str())) } }
                    td { (p.alleged) } td { (p.admissible) } td { (p.breached) }
                }
            } }
        } }
        h2 { (page.t("report-findings")) }
        @if findings.is_empty() { p { (page.t("findings-none")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("report-case")) }
                    th scope="col" { (page.t("finding-occurred")) }
                    th scope="col" { (page.t("finding-outcome")) }
                    th scope="col" { (page.t("finding-breached")) }
                    th scope="col" { (page.t("finding-severity-label")) }
                    th scope="col" { (page.t("finding-status")) }
                } }
                tbody { @for c in &findings { @if let Some(f) = &c.finding {
                    tr {
                        th scope="row" { a href=(format!("/cases/{}", c.id.as_str())) { (c.id.as_str()) } }
                        td { (page.date(c.allegation.occurred_at)) }
                        td { (super::outcome_text(&page, a, occurrence_str(f), f.attribution.as_ref().map(|x| x.party.as_str()),
                            &f.provisions_breached.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(","))) }
                        td { (f.provisions_breached.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")) }
                        td { (f.severity.map(|s| severity_text(&page, s.as_str())).unwrap_or_default()) }
                        td { (status_text(&page, c.status.as_str())) }
                    }
                } } }
            } }
        }
        h2 { (page.t("report-penalties")) }
        @if penalties.is_empty() { p { (page.t("report-no-penalties")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("report-case")) }
                    th scope="col" { (page.t("report-party")) }
                    th scope="col" { (page.t("penalty-col-level")) }
                    th scope="col" { (page.t("penalty-measure")) }
                    th scope="col" { (page.t("penalty-col-decided")) }
                    th scope="col" { (page.t("penalty-comply-by")) }
                    th scope="col" { (page.t("penalty-complied")) }
                } }
                tbody { @for c in &penalties { @if let Some(p) = &c.penalty {
                    tr {
                        th scope="row" { a href=(format!("/cases/{}", c.id.as_str())) { (c.id.as_str()) } }
                        td { (name(p.party.as_str())) }
                        td { (p.level) }
                        td { (a.penalties.rung(p.level).map_or_else(|| p.measure.as_str().to_owned(), |r| r.measure.clone())) }
                        td { (page.date(p.decided_at)) }
                        td { (page.date(p.compliance_by)) }
                        td { @match c.complied {
                            Some(true) => (page.t("penalty-complied-yes")),
                            Some(false) => (page.t("penalty-complied-no")),
                            None => (page.t("penalty-complied-pending")),
                        } }
                    }
                } } }
            } }
        }
        p.muted { (page.tw("report-generated", &[("date", &page.datetime(page.now))])) }
    };
    Ok(layout(&page, &title, body))
}

fn occurrence_str(f: &truce_core::case::Finding) -> &'static str {
    match f.occurrence {
        truce_core::case::Occurrence::Confirmed => "confirmed",
        truce_core::case::Occurrence::NotConfirmed => "not_confirmed",
        truce_core::case::Occurrence::Inconclusive => "inconclusive",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_name_the_bad_part() {
        let m = Period::parse("2025-10").unwrap();
        assert_eq!((m.start.to_string(), m.end.to_string(), m.week), ("2025-10-01".into(), "2025-11-01".into(), false));
        let w = Period::parse("2025-W42").unwrap();
        assert_eq!((w.start.to_string(), w.end.to_string(), w.week), ("2025-10-13".into(), "2025-10-20".into(), true));
        assert_eq!(Period::parse("2025-13").unwrap_err().field, "month");
        assert_eq!(Period::parse("2025-00").unwrap_err().field, "month");
        assert_eq!(Period::parse("2025-W54").unwrap_err().field, "week");
        assert_eq!(Period::parse("1999-01").unwrap_err().field, "year");
        assert_eq!(Period::parse("october").unwrap_err().field, "period");
        assert_eq!(Period::parse("2025-1").unwrap_err().field, "period");
    }
}
