//! The daily situation report: what was reported, admitted, found and
//! decided in one local day, by sector, with casualty ranges, open
//! deadlines and the day's early-warning alerts.
//!
//! Mechanisms that kept everyone informed in a crisis reported every day
//! (the OSCE's daily reports); monthly and weekly reports of settled cases
//! come too late while things heat up. A situation report goes through
//! four steps, each a record:
//!
//! 1. **drafted**: the numbers ([`Numbers`]) are computed from the log by
//!    [`draft`], a pure function of the cases, the day book of steps taken
//!    ([`DayBook`], folded from the cases' events as the log applies them)
//!    and the alerts. They are never typed: [`SituationReports::execute`]
//!    recomputes them and refuses a record whose numbers differ, so every
//!    verifier replaying the log recomputes them too;
//! 2. **edited**: the mediators' secretariat writes the narrative, free text
//!    under [`crate::text`]'s rules, marked with its language and direction
//!    (shown in its own language, whatever the reader's);
//! 3. **approved**: by the mediators' voters under the agreement's decision
//!    rule (`[decision]`, the rule for findings): the chair for a chair
//!    rule, every voter for consensus, `k` voters for k-of-n. An edit or a
//!    new draft withdraws the approvals given;
//! 4. **published**: once approved, with the numbers recomputed once more;
//!    if the log changed the day's numbers since the draft (a late report,
//!    a new alert), publication is refused and the report is drafted again.
//!
//! The day is the calendar day of the agreement's early-warning time zone
//! (UTC when the agreement sets none). A step counts on the day of the
//! record that took it; a report filed that day brings its claimed
//! casualties, summed as ranges (low, best, high) and labelled as claims.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::agreement::DecisionRule;
use crate::case::{Case, Estimate, Event, EventKind};
use crate::early_warning::{Alerts, Basis, Method};
use crate::ids::ParticipantId;
use crate::{Actor, Agreement, CommandError, Role};

/// The longest narrative a report carries, in characters.
pub const MAX_NARRATIVE: usize = 20_000;

/// The time zone whose days the reports cover: the early-warning one, else UTC.
pub fn time_zone(agreement: &Agreement) -> TimeZone {
    agreement.early_warning.as_ref().map_or(TimeZone::UTC, |e| e.time_zone.clone())
}

/// The day of `at` in `tz`.
pub fn day_of(tz: &TimeZone, at: Timestamp) -> Date {
    at.to_zoned_datetime(tz.clone()).date()
}

/// A sum of claimed figures as a range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// The sum of the lowest credible counts.
    pub low: u32,
    /// The sum of the best estimates.
    pub best: u32,
    /// The sum of the highest credible counts.
    pub high: u32,
}

impl Range {
    fn add(&mut self, e: Option<Estimate>) {
        if let Some(e) = e {
            self.low = self.low.saturating_add(e.low);
            self.best = self.best.saturating_add(e.best);
            self.high = self.high.saturating_add(e.high);
        }
    }
}

/// One sector's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SectorDay {
    /// The sector (a `truce_geo` sector id); none for reports with no place on the border.
    pub sector: Option<String>,
    /// Reports filed.
    pub reported: u32,
    /// Cases ruled admissible.
    pub admitted: u32,
    /// Monitors' reports submitted (findings of fact).
    pub found: u32,
    /// Decisions adopted by the voters (findings, appeals, penalties, extensions).
    pub decided: u32,
    /// Killed, as claimed in the reports filed that day.
    pub killed: Range,
    /// Injured, as claimed in the reports filed that day.
    pub injured: Range,
    /// Reports filed that day that state no casualty figure (unknown, not zero).
    pub casualties_unstated: u32,
    /// Cases waiting on a running deadline at the end of the day (as the log stands).
    pub open_deadlines: u32,
    /// Of those, the ones whose deadline had passed by the end of the day.
    pub overdue: u32,
}

impl SectorDay {
    fn is_empty(&self) -> bool {
        self.reported == 0
            && self.admitted == 0
            && self.found == 0
            && self.decided == 0
            && self.open_deadlines == 0
            && self.casualties_unstated == 0
    }
}

/// An early-warning alert of the day, named by its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AlertOfTheDay {
    /// The record that raised it.
    pub record: u64,
    /// Its sector.
    pub sector: String,
    /// Its rule.
    pub method: Method,
    /// Filed or confirmed reports.
    pub basis: Basis,
    /// Observed count.
    pub observed: u32,
}

/// The numbers of a day, as [`draft`] computes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// The time zone whose day it is (an IANA name).
    pub time_zone: String,
    /// Per sector with anything to report, by sector id (unplaced last).
    pub sectors: Vec<SectorDay>,
    /// The early-warning alerts raised for the day, in the order raised.
    pub alerts: Vec<AlertOfTheDay>,
}

impl Numbers {
    /// The sum over sectors.
    pub fn total(&self) -> SectorDay {
        let mut t = SectorDay::default();
        for s in &self.sectors {
            t.reported += s.reported;
            t.admitted += s.admitted;
            t.found += s.found;
            t.decided += s.decided;
            t.casualties_unstated += s.casualties_unstated;
            t.open_deadlines += s.open_deadlines;
            t.overdue += s.overdue;
            for (into, from) in [(&mut t.killed, s.killed), (&mut t.injured, s.injured)] {
                into.add(Some(Estimate { low: from.low, best: from.best, high: from.high }));
            }
        }
        t
    }
}

/// Steps taken per day and sector, folded from case events as the log
/// applies them (a case's history need not be kept for this).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayBook {
    days: BTreeMap<Date, BTreeMap<Option<String>, SectorDay>>,
}

/// One day's rows of a [`DayBook`], by sector.
pub type DayRows = BTreeMap<Option<String>, SectorDay>;

impl DayBook {
    /// The rows of `day`.
    pub fn day(&self, day: Date) -> Option<&DayRows> {
        self.days.get(&day)
    }

    /// Sets the rows of `day` (a reader's copy kept up with the log's).
    pub fn set_day(&mut self, day: Date, rows: DayRows) {
        self.days.insert(day, rows);
    }

    /// Notes `event` of `case` (the case as it is after the event), on the
    /// day of the event in `tz`.
    pub fn note(&mut self, tz: &TimeZone, event: &Event, case: &Case) {
        let sector = case.placement.as_ref().and_then(|p| p.sector.clone());
        let day = day_of(tz, event.at);
        let row = || SectorDay { sector: sector.clone(), ..SectorDay::default() };
        let slot = self.days.entry(day).or_default().entry(sector.clone()).or_insert_with(row);
        match &event.kind {
            EventKind::Reported { allegation, .. } => {
                slot.reported += 1;
                let c = allegation.casualties;
                if c.is_unknown() {
                    slot.casualties_unstated += 1;
                }
                slot.killed.add(c.civilians_killed);
                slot.killed.add(c.combatants_killed);
                slot.injured.add(c.civilians_injured);
                slot.injured.add(c.combatants_injured);
            }
            EventKind::Admitted { .. } => slot.admitted += 1,
            EventKind::InvestigationReported { .. } => slot.found += 1,
            EventKind::MotionAdopted { .. } => slot.decided += 1,
            _ => {}
        }
    }
}

/// The numbers of `day`: the steps the day book holds for it, the open
/// deadlines of `cases` at the end of the day, and the alerts raised for it.
pub fn draft<'c>(
    tz: &TimeZone,
    book: &DayBook,
    cases: impl IntoIterator<Item = &'c Case>,
    alerts: &Alerts,
    day: Date,
) -> Numbers {
    let mut rows: BTreeMap<Option<String>, SectorDay> = book.days.get(&day).cloned().unwrap_or_default();
    let end = day
        .tomorrow()
        .ok()
        .and_then(|d| d.to_zoned_datetime(tz.clone()).ok())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MAX);
    for case in cases {
        if case.merged_into.is_some() || case.filed_at >= end {
            continue;
        }
        if crate::case::DeadlineKind::running_in(case.status).is_none() {
            continue;
        }
        let sector = case.placement.as_ref().and_then(|p| p.sector.clone());
        let slot = rows.entry(sector.clone()).or_insert_with(|| SectorDay { sector, ..SectorDay::default() });
        slot.open_deadlines += 1;
        if !case.overdue(end).is_empty() {
            slot.overdue += 1;
        }
    }
    let mut sectors: Vec<SectorDay> = rows.into_values().filter(|r| !r.is_empty()).collect();
    // Sectors by id, the unplaced row last.
    sectors.sort_by(|a, b| (a.sector.is_none(), &a.sector).cmp(&(b.sector.is_none(), &b.sector)));
    let alerts = alerts
        .raised
        .iter()
        .filter(|a| a.signal.day == day)
        .map(|a| AlertOfTheDay {
            record: a.record,
            sector: a.signal.series.sector.clone(),
            method: a.signal.method,
            basis: a.signal.series.basis,
            observed: a.signal.observed,
        })
        .collect();
    Numbers { day, time_zone: tz.iana_name().unwrap_or("UTC").to_owned(), sectors, alerts }
}

/// Which way a script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The HTML `dir` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The direction of a language whose direction is known (the primary
/// subtag of the languages of the region and their neighbours).
pub fn known_direction(lang: &str) -> Option<Direction> {
    let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "ur" | "ps" | "fa" | "prs" | "sd" | "ug" | "he" | "yi" | "ckb" | "dv" | "bal" => Some(Direction::Rtl),
        "en" | "tr" | "fr" | "de" | "es" | "ru" | "uz" | "tk" | "tg" | "hi" | "zh" | "it" | "pt" => {
            Some(Direction::Ltr)
        }
        _ => None,
    }
}

/// Checks a language tag: BCP 47 in shape (letters, digits, hyphens;
/// a primary subtag of 2–3 letters).
fn check_lang(lang: &str) -> Result<(), String> {
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if lang.len() > 35 || !primary_ok || !rest_ok {
        return Err(format!("{lang:?} is not a language tag such as en, ur or fa-AF"));
    }
    Ok(())
}

/// The secretariat's narrative, in the language it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// The text.
    pub text: String,
    /// Its language (a BCP 47 tag).
    pub lang: String,
    /// Its direction.
    pub dir: Direction,
}

/// A step in the life of a day's report (each a record,
/// `situation_report.<name>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", deny_unknown_fields)]
pub enum SituationCommand {
    /// Truce's draft: the numbers of the day, recomputed by every verifier.
    #[serde(rename = "drafted.v1")]
    Draft {
        /// The numbers.
        numbers: Numbers,
    },
    /// The secretariat's narrative.
    #[serde(rename = "edited.v1")]
    Edit {
        /// The day.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        day: Date,
        /// The narrative.
        narrative: Narrative,
    },
    /// A voter's approval of the report as it stands (its `version`).
    #[serde(rename = "approved.v1")]
    Approve {
        /// The day.
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
        day: Date,
        /// The version approved: each draft and edit makes a new one.
        version: u32,
    },
    /// Publication of the approved report, with its numbers recomputed.
    #[serde(rename = "published.v1")]
    Publish {
        /// The numbers, as a verifier recomputes them at this record.
        numbers: Numbers,
    },
}

impl SituationCommand {
    /// The record type's suffix.
    pub fn name(&self) -> &'static str {
        match self {
            SituationCommand::Draft { .. } => "drafted.v1",
            SituationCommand::Edit { .. } => "edited.v1",
            SituationCommand::Approve { .. } => "approved.v1",
            SituationCommand::Publish { .. } => "published.v1",
        }
    }

    /// The day the command is about.
    pub fn day(&self) -> Date {
        match self {
            SituationCommand::Draft { numbers } | SituationCommand::Publish { numbers } => numbers.day,
            SituationCommand::Edit { day, .. } | SituationCommand::Approve { day, .. } => *day,
        }
    }
}

/// An approval given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Approval {
    /// The voter.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub by: ParticipantId,
    /// The version approved.
    pub version: u32,
    /// The record.
    pub record: u64,
}

/// One day's report as the log holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The numbers of the latest draft.
    pub numbers: Numbers,
    /// The narrative, once edited.
    pub narrative: Option<Narrative>,
    /// Each draft and edit makes a new version, counting from 1.
    pub version: u32,
    /// Approvals of the current version.
    pub approvals: Vec<Approval>,
    /// Whether the decision rule is met for the current version.
    pub approved: bool,
    /// The record that published it, and when.
    pub published: Option<Published>,
    /// The record of the latest draft.
    pub drafted_record: u64,
}

/// A report's publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Published {
    /// The record.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// Every day's report, and the day book they are computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SituationReports {
    /// Steps per day and sector.
    pub book: DayBook,
    /// The reports by day.
    pub reports: BTreeMap<Date, Report>,
}

fn not_permitted(actor: &Actor, action: &'static str, reason: &str) -> CommandError {
    CommandError::NotPermitted {
        role: actor.role,
        participant: actor.participant.clone(),
        action,
        reason: reason.into(),
    }
}

fn differ(field: &str, ours: &Numbers, theirs: &Numbers) -> Option<CommandError> {
    if ours == theirs {
        return None;
    }
    let part = if ours.day != theirs.day {
        "day"
    } else if ours.time_zone != theirs.time_zone {
        "time_zone"
    } else if ours.sectors != theirs.sectors {
        "sectors"
    } else {
        "alerts"
    };
    Some(CommandError::invalid(
        format!("{field}.{part}"),
        format!("the log gives other numbers for {} than the record's", ours.day),
    ))
}

impl SituationReports {
    /// Notes a case event for the day book.
    pub fn note(&mut self, agreement: &Agreement, event: &Event, case: &Case) {
        self.book.note(&time_zone(agreement), event, case);
    }

    /// Decides `command` by `actor` at `now` (`record` is its index in the
    /// log), against `cases` and `alerts` as the log holds them. A refusal
    /// names the field and changes nothing.
    #[allow(clippy::too_many_arguments)]
    pub fn execute<'c>(
        &mut self,
        agreement: &Agreement,
        cases: impl IntoIterator<Item = &'c Case>,
        alerts: &Alerts,
        actor: &Actor,
        command: &SituationCommand,
        now: Timestamp,
        record: u64,
    ) -> Result<(), CommandError> {
        let tz = time_zone(agreement);
        let day = command.day();
        let existing = self.reports.get(&day);
        if let Some(p) = existing.and_then(|r| r.published) {
            return Err(CommandError::invalid(
                "day",
                format!("the report of {day} was published by record {}", p.record),
            ));
        }
        match command {
            SituationCommand::Draft { numbers } => {
                if !(actor.role.is_mediator() || actor.role == Role::Administrator) {
                    return Err(not_permitted(
                        actor,
                        "draft a situation report",
                        "Truce drafts it for the mediators' secretariat",
                    ));
                }
                if day >= day_of(&tz, now) {
                    return Err(CommandError::invalid(
                        "numbers.day",
                        format!("{day} is not over yet in {}", numbers.time_zone),
                    ));
                }
                let ours = draft(&tz, &self.book, cases, alerts, day);
                if let Some(e) = differ("numbers", &ours, numbers) {
                    return Err(e);
                }
                let version = existing.map_or(1, |r| r.version + 1);
                let narrative = existing.and_then(|r| r.narrative.clone());
                self.reports.insert(
                    day,
                    Report {
                        numbers: ours,
                        narrative,
                        version,
                        approvals: Vec::new(),
                        approved: false,
                        published: None,
                        drafted_record: record,
                    },
                );
            }
            SituationCommand::Edit { narrative, .. } => {
                if !actor.role.is_mediator() {
                    return Err(not_permitted(
                        actor,
                        "edit a situation report",
                        "the mediators' secretariat writes the narrative",
                    ));
                }
                let Some(report) = existing else {
                    return Err(CommandError::invalid("day", format!("no report of {day} has been drafted")));
                };
                if crate::text::is_blank(&narrative.text) {
                    return Err(CommandError::invalid("narrative.text", "must not be empty"));
                }
                if narrative.text.chars().count() > MAX_NARRATIVE {
                    return Err(CommandError::invalid(
                        "narrative.text",
                        format!("is longer than {MAX_NARRATIVE} characters"),
                    ));
                }
                crate::text::check(&narrative.text, crate::text::Lines::Many)
                    .map_err(|e| CommandError::invalid("narrative.text", e))?;
                check_lang(&narrative.lang).map_err(|e| CommandError::invalid("narrative.lang", e))?;
                if let Some(dir) = known_direction(&narrative.lang)
                    && dir != narrative.dir
                {
                    return Err(CommandError::invalid(
                        "narrative.dir",
                        format!("{} is written {}, not {}", narrative.lang, dir.as_str(), narrative.dir.as_str()),
                    ));
                }
                let version = report.version + 1;
                if let Some(r) = self.reports.get_mut(&day) {
                    r.narrative = Some(narrative.clone());
                    r.version = version;
                    r.approvals.clear();
                    r.approved = false;
                }
            }
            SituationCommand::Approve { version, .. } => {
                let decision = &agreement.protocol.decision;
                let Some(by) =
                    actor.participant.clone().filter(|p| actor.role.is_mediator() && decision.voters.contains(p))
                else {
                    return Err(not_permitted(
                        actor,
                        "approve a situation report",
                        "the mediators' voters approve it under the decision rule",
                    ));
                };
                let Some(report) = existing else {
                    return Err(CommandError::invalid("day", format!("no report of {day} has been drafted")));
                };
                if *version != report.version {
                    return Err(CommandError::invalid(
                        "version",
                        format!("the report of {day} is at version {}, not {version}", report.version),
                    ));
                }
                if report.approved {
                    return Err(CommandError::invalid(
                        "version",
                        format!("version {version} of the report of {day} is already approved"),
                    ));
                }
                if report.approvals.iter().any(|a| a.by == by) {
                    return Err(CommandError::invalid(
                        "version",
                        format!("{by} already approved version {version} of the report of {day}"),
                    ));
                }
                if report.narrative.is_none() {
                    return Err(CommandError::invalid(
                        "day",
                        format!("the report of {day} has no narrative yet; the secretariat edits it first"),
                    ));
                }
                if let Some(r) = self.reports.get_mut(&day) {
                    r.approvals.push(Approval { by, version: *version, record });
                    let approvers: Vec<&ParticipantId> = r.approvals.iter().map(|a| &a.by).collect();
                    r.approved = match &decision.rule {
                        DecisionRule::Chair(chair) => approvers.contains(&chair),
                        DecisionRule::Consensus => decision.voters.iter().all(|v| approvers.contains(&v)),
                        DecisionRule::KOfN(k) => approvers.len() >= *k as usize,
                    };
                }
            }
            SituationCommand::Publish { numbers } => {
                if !(actor.role.is_mediator() || actor.role == Role::Administrator) {
                    return Err(not_permitted(
                        actor,
                        "publish a situation report",
                        "the mediators' secretariat publishes an approved report",
                    ));
                }
                let Some(report) = existing else {
                    return Err(CommandError::invalid("day", format!("no report of {day} has been drafted")));
                };
                if !report.approved {
                    return Err(CommandError::invalid(
                        "day",
                        format!(
                            "version {} of the report of {day} is not approved under the decision rule",
                            report.version
                        ),
                    ));
                }
                let ours = draft(&tz, &self.book, cases, alerts, day);
                if let Some(e) = differ("numbers", &ours, numbers) {
                    return Err(e);
                }
                if ours != report.numbers {
                    return Err(CommandError::invalid(
                        "numbers",
                        format!("the log changed the numbers of {day} since the draft approved; draft it again"),
                    ));
                }
                if let Some(r) = self.reports.get_mut(&day) {
                    r.published = Some(Published { record, at: now });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
