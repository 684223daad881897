//! Early warning: signals of a surge per border sector and day, computed
//! from the reports as they arrive.
//!
//! Monthly and weekly reports count settled cases; a crisis such as October
//! 2025 (a strike on Kabul on the 9th, clashes along the whole border on the
//! 11th and 12th, shelling at Spin Boldak and Chaman on the 15th) moves in
//! days. So this module counts reports per sector and day of the incident,
//! as soon as they are filed (the `filed` basis, labelled as such: a
//! report is an allegation, not a fact) and once a finding confirms them
//! (the `confirmed` basis), in total, by act type and by accused party, and
//! tests each series with the rules the parties chose in the agreement's
//! `[early_warning]` table:
//!
//! - **surge** (ACLED's Subnational Surge Tracker): the last 7 days hold at
//!   least `ratio` times the weekly average of the `weeks` weeks before,
//!   where that average is at least `floor`;
//! - **poisson** (exceedance, the idea of the CDC's EARS): the day's count
//!   `x` against the sector's own baseline `λ0`, flagged when
//!   `P(X ≥ x | λ0) < p`;
//! - **ewma** (statistical process control): `z = λ·x + (1−λ)·z` over the
//!   guard days and the day, from `z = λ0`, flagged above
//!   `λ0 + L·σ·√(λ/(2−λ))` with `σ = √λ0` (the counts are Poisson, whose
//!   variance is their mean: the sample variance of four mostly empty weeks
//!   says less than that);
//! - **cusum** (one-sided Poisson CUSUM, best at a step change such as a
//!   ceasefire breaking down): `S = max(0, S + x·ln(λ1/λ0) − (λ1−λ0))` with
//!   `λ1 = shift·λ0` over the guard days and the day, from 0 and back to 0
//!   after each alarm, flagged when `S > h`.
//!
//! The baseline of the last three is the mean daily count over
//! `baseline_days` days ending `guard_days` days before the day (the guard
//! band keeps a surge that started a few days ago out of its own baseline),
//! never below `min_baseline`: a sector with no history has a baseline of
//! zero, against which any report would be a surge. And a day (or, for the
//! running statistics, the guard band and the day) with fewer than
//! `min_count` reports never raises an alert: one report in a quiet sector
//! is a case to handle, not a trend.
//!
//! Everything here is a pure function of the cases and the configuration,
//! so an [`Alert`] (a record in the log) carries its inputs (the daily
//! counts, the reports counted, the baseline) and [`check_alert`]
//! recomputes it against the cases the log holds at that point: a verifier
//! refuses an alert whose numbers are not what the rule gives. The
//! arithmetic is `libm`'s, in Rust, so every verifier on every platform
//! gets the same bits, and each number is rounded to six decimals in the
//! record so that it can be checked by hand. A sector never seen, or a day
//! with no report in the span a rule reads, has no series and so no signal.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::ids::{CaseId, ParticipantId};
use crate::vocab::{ActType, Provenance};

/// What the agreement says counts as a surge (the `[early_warning]` table).
#[derive(Debug, Clone, PartialEq)]
pub struct EarlyWarning {
    /// Agreed, or a proposal for the parties to consider.
    pub provenance: Provenance,
    /// The time zone whose calendar days the counts are taken in.
    pub time_zone: TimeZone,
    /// The act types counted (ACLED counts violent events only).
    pub acts: Vec<ActType>,
    /// The bases counted: reports as filed, findings that confirmed them.
    pub bases: Vec<Basis>,
    /// The series per sector: in total, by act type, by accused party.
    pub breakdowns: Vec<Breakdown>,
    /// Days in the baseline of the poisson, ewma and cusum rules.
    pub baseline_days: u32,
    /// Days between the baseline and the day tested.
    pub guard_days: u32,
    /// The least daily baseline the rules assume, reports a day.
    pub min_baseline: f64,
    /// The fewest reports on the day (poisson) or over the guard days and
    /// the day (ewma, cusum) that can raise an alert.
    pub min_count: u32,
    /// After an alert, days before the same rule raises one again on the
    /// same series (a surge lasts; one alert says so).
    pub repeat_after_days: u32,
    /// ACLED's surge rule, if used.
    pub surge: Option<SurgeRule>,
    /// The Poisson exceedance test, if used.
    pub poisson: Option<PoissonRule>,
    /// The EWMA chart, if used.
    pub ewma: Option<EwmaRule>,
    /// The Poisson CUSUM, if used.
    pub cusum: Option<CusumRule>,
}

/// ACLED's surge rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurgeRule {
    /// How many times the weekly average the last week must hold (2).
    pub ratio: f64,
    /// Weeks in the average (4).
    pub weeks: u32,
    /// The least weekly average the rule applies to (1).
    pub floor: f64,
}

/// The Poisson exceedance test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoissonRule {
    /// The chance below which a day's count is an alert (0.01).
    pub p: f64,
}

/// The EWMA chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EwmaRule {
    /// The weight of the newest day (0.2 to 0.3).
    pub lambda: f64,
    /// The width of the control limit in standard deviations (3).
    pub limit: f64,
}

/// The one-sided Poisson CUSUM.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CusumRule {
    /// The rate it watches for, as a multiple of the baseline (2).
    pub shift: f64,
    /// The decision interval.
    pub h: f64,
}

/// Which reports a series counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Every report as filed, not merged into another: allegations, not facts.
    Filed,
    /// Reports whose finding in force confirms a violation.
    Confirmed,
}

impl Basis {
    /// The basis as the agreement and the record write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Filed => "filed",
            Basis::Confirmed => "confirmed",
        }
    }
}

/// How a sector's reports are split into series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// All counted acts together.
    Total,
    /// One series per act type.
    Act,
    /// One series per accused party.
    Accused,
}

/// A rule of early warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// ACLED's surge rule.
    Surge,
    /// Poisson exceedance.
    Poisson,
    /// EWMA chart.
    Ewma,
    /// One-sided Poisson CUSUM.
    Cusum,
}

impl Method {
    /// Every method, in order.
    pub const ALL: [Method; 4] = [Method::Surge, Method::Poisson, Method::Ewma, Method::Cusum];

    /// The method as the agreement and the record write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Surge => "surge",
            Method::Poisson => "poisson",
            Method::Ewma => "ewma",
            Method::Cusum => "cusum",
        }
    }
}

/// One series: a sector's reports on one basis, in total or for one act
/// type or one accused party.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SeriesKey {
    /// The border sector (an id of the geography).
    pub sector: String,
    /// Filed or confirmed.
    pub basis: Basis,
    /// The act type, for a series by act type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<ActType>,
    /// The accused party, for a series by accused party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub accused: Option<ParticipantId>,
}

impl SeriesKey {
    /// The series in words, for people: "reports filed in PK-AF-S5, shelling_artillery".
    pub fn words(&self) -> String {
        let mut out = format!("reports {} in {}", self.basis.as_str(), self.sector);
        if let Some(act) = self.act {
            out.push_str(&format!(", {act}"));
        }
        if let Some(party) = &self.accused {
            out.push_str(&format!(", against {party}"));
        }
        out
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Days {
    /// The first day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// The last day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
}

/// A report counted by a signal, with the day it counted on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Counted {
    /// The day of the incident, in the agreement's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// The case.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub case: CaseId,
}

/// One rule's result on one series and day: everything needed to check it
/// by hand. A flagged signal is an alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// The series.
    pub series: SeriesKey,
    /// The rule.
    pub method: Method,
    /// The day tested.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// The days whose counts `observed` sums (surge: the last week; poisson:
    /// the day; ewma, cusum: the guard days and the day).
    pub window: Days,
    /// The days of the baseline.
    pub baseline_days: Days,
    /// The baseline: reports a week (surge) or a day (the others), after
    /// the floor.
    pub baseline: f64,
    /// Reports in the window.
    pub observed: u32,
    /// The statistic the rule compares: the week's count (surge), the
    /// chance of at least the day's count (poisson), `z` (ewma), `S` (cusum).
    pub statistic: f64,
    /// What the statistic is compared with.
    pub threshold: f64,
    /// Whether the rule fires.
    pub flagged: bool,
    /// The daily counts from the first baseline day to the day.
    pub counts: Vec<u32>,
    /// Every report counted, from the first baseline day to the day.
    pub reports: Vec<Counted>,
}

impl Signal {
    /// The alert in one sentence, for people.
    pub fn explain(&self) -> String {
        let series = self.series.words();
        match self.method {
            Method::Surge => format!(
                "{} {series} in the week to {}; {} a week on average over {} to {}; the rule flags {} or more",
                self.observed, self.day, self.baseline, self.baseline_days.from, self.baseline_days.to, self.threshold
            ),
            Method::Poisson => format!(
                "{} {series} on {}; expected {} a day; the chance of so many is {} (below {} flags)",
                self.observed, self.day, self.baseline, self.statistic, self.threshold
            ),
            Method::Ewma => format!(
                "{} {series} from {} to {}; the moving average reached {} a day against a limit of {} (baseline {} a day)",
                self.observed, self.window.from, self.window.to, self.statistic, self.threshold, self.baseline
            ),
            Method::Cusum => format!(
                "{} {series} from {} to {}; the cumulative sum reached {} against {} (baseline {} a day)",
                self.observed, self.window.from, self.window.to, self.statistic, self.threshold, self.baseline
            ),
        }
    }
}

/// Why an alert does not check out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlertError {
    /// The agreement has no `[early_warning]` table.
    #[error("the agreement has no [early_warning] table, so no alert can be raised")]
    NotConfigured,
    /// The rule is not configured.
    #[error("method: the agreement does not use the {0} rule")]
    MethodNotConfigured(&'static str),
    /// The series is not counted.
    #[error("series: the agreement does not count {0}")]
    SeriesNotCounted(String),
    /// A field differs from what the rule gives on the cases the log holds.
    #[error("{field}: the alert says {claimed}, the cases the log holds give {computed}")]
    Mismatch {
        /// The field.
        field: &'static str,
        /// What the alert says.
        claimed: String,
        /// What the computation gives.
        computed: String,
    },
    /// The rule does not fire.
    #[error("flagged: the {0} rule does not fire on these counts")]
    NotFlagged(&'static str),
    /// The day is out of the calendar's range.
    #[error("day: {0} is out of range")]
    DayOutOfRange(Date),
}

/// The day of `at` in the agreement's calendar.
pub fn day_of(config: &EarlyWarning, at: Timestamp) -> Date {
    at.to_zoned_datetime(config.time_zone.clone()).date()
}

fn shift(day: Date, days: i64) -> Option<Date> {
    day.checked_add(Span::new().try_days(days).ok()?).ok()
}

fn days_between(from: Date, to: Date) -> Option<i64> {
    from.until((jiff::Unit::Day, to)).ok().map(|span| i64::from(span.get_days()))
}

/// How many days before the day the rules read.
/// The first day any rule reads to test `day`: a check of an alert on
/// `day` needs the cases from it to `day` only.
pub fn first_day_read(config: &EarlyWarning, day: Date) -> Option<Date> {
    shift(day, -i64::from(span_days(config)))
}

fn span_days(config: &EarlyWarning) -> u32 {
    let surge = config.surge.map_or(0, |s| s.weeks.saturating_add(1).saturating_mul(7).saturating_sub(1));
    let others = config.guard_days.saturating_add(config.baseline_days);
    surge.max(others)
}

/// Whether `case` counts on `basis`, and on which day.
fn counts_on(config: &EarlyWarning, case: &Case, basis: Basis) -> Option<(String, Date)> {
    if case.merged_into.is_some() {
        return None;
    }
    let sector = case.placement.as_ref()?.sector.clone()?;
    if !case.allegation.acts.iter().any(|a| config.acts.contains(a)) {
        return None;
    }
    match basis {
        Basis::Filed => {}
        Basis::Confirmed => {
            if !case.finding.as_ref().is_some_and(crate::case::Finding::is_violation) {
                return None;
            }
        }
    }
    Some((sector, day_of(config, case.allegation.occurred_at)))
}

fn in_series(config: &EarlyWarning, case: &Case, key: &SeriesKey) -> Option<Date> {
    let (sector, day) = counts_on(config, case, key.basis)?;
    if sector != key.sector {
        return None;
    }
    if let Some(act) = key.act
        && !case.allegation.acts.contains(&act)
    {
        return None;
    }
    if let Some(party) = &key.accused
        && &case.allegation.accused != party
    {
        return None;
    }
    Some(day)
}

/// The series the configuration counts for `case`, with its day.
fn keys_of(config: &EarlyWarning, case: &Case) -> Vec<(SeriesKey, Date)> {
    let mut out = Vec::new();
    for &basis in &config.bases {
        let Some((sector, day)) = counts_on(config, case, basis) else { continue };
        for breakdown in &config.breakdowns {
            match breakdown {
                Breakdown::Total => {
                    out.push((SeriesKey { sector: sector.clone(), basis, act: None, accused: None }, day));
                }
                Breakdown::Act => {
                    for act in case.allegation.acts.iter().filter(|a| config.acts.contains(a)) {
                        let key = SeriesKey { sector: sector.clone(), basis, act: Some(*act), accused: None };
                        if !out.iter().any(|(k, _)| k == &key) {
                            out.push((key, day));
                        }
                    }
                }
                Breakdown::Accused => out.push((
                    SeriesKey {
                        sector: sector.clone(),
                        basis,
                        act: None,
                        accused: Some(case.allegation.accused.clone()),
                    },
                    day,
                )),
            }
        }
    }
    out
}

/// Whether the configuration counts `key` at all.
fn counts_series(config: &EarlyWarning, key: &SeriesKey) -> bool {
    let breakdown = match (key.act, &key.accused) {
        (None, None) => Breakdown::Total,
        (Some(act), None) if config.acts.contains(&act) => Breakdown::Act,
        (None, Some(_)) => Breakdown::Accused,
        _ => return false,
    };
    config.bases.contains(&key.basis) && config.breakdowns.contains(&breakdown)
}

/// The daily counts of `key` from `from` to `to` and the reports counted.
fn tally<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    key: &SeriesKey,
    from: Date,
    to: Date,
) -> Option<(Vec<u32>, Vec<Counted>)> {
    let len = usize::try_from(days_between(from, to)?.checked_add(1)?).ok()?;
    let mut counts = vec![0u32; len];
    let mut reports = Vec::new();
    for case in cases {
        let Some(day) = in_series(config, case, key) else { continue };
        if day < from || day > to {
            continue;
        }
        let index = usize::try_from(days_between(from, day)?).ok()?;
        if let Some(slot) = counts.get_mut(index) {
            *slot = slot.saturating_add(1);
        }
        reports.push(Counted { day, case: case.id.clone() });
    }
    reports.sort_by(|a, b| (a.day, &a.case).cmp(&(b.day, &b.case)));
    Some((counts, reports))
}

/// Six decimals: what the record holds and a person can check.
fn round6(x: f64) -> f64 {
    libm::round(x * 1e6) / 1e6
}

fn sum(counts: &[u32]) -> u32 {
    counts.iter().fold(0u32, |a, c| a.saturating_add(*c))
}

/// `P(X ≥ x)` for `X ~ Poisson(lambda)`.
///
/// Summed from the side where the terms are largest, so that a small tail
/// (the case that matters) is not the difference of two numbers near 1.
pub fn poisson_sf(x: u32, lambda: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if lambda <= 0.0 || !lambda.is_finite() {
        return 0.0;
    }
    let ln_lambda = libm::log(lambda);
    let pmf = |k: u32| libm::exp(-lambda + f64::from(k) * ln_lambda - libm::lgamma(f64::from(k) + 1.0));
    if f64::from(x) <= lambda {
        // 1 − P(X ≤ x − 1): the lower sum is short and the result not small.
        let below: f64 = (0..x).map(pmf).sum();
        return (1.0 - below).clamp(0.0, 1.0);
    }
    let mut total = 0.0;
    let mut k = x;
    loop {
        let term = pmf(k);
        total += term;
        // Past the mode the terms fall at least geometrically.
        if term <= total * 1e-17 || k >= x.saturating_add(10_000) {
            break;
        }
        k = k.saturating_add(1);
    }
    total.clamp(0.0, 1.0)
}

/// What a rule reads from the daily counts, indexed from the first day of
/// the span the configuration reads.
struct Run<'a> {
    /// One count a day, the day tested last.
    counts: &'a [u32],
    /// The first day of `counts`.
    start: Date,
}

impl Run<'_> {
    /// Counts of the `len` days ending `back` days before the day.
    fn days(&self, back: u32, len: u32) -> Option<(&[u32], Days)> {
        let last = self.counts.len().checked_sub(1)?.checked_sub(back as usize)?;
        let first = last.checked_add(1)?.checked_sub(len as usize)?;
        let slice = self.counts.get(first..=last)?;
        let from = shift(self.start, i64::try_from(first).ok()?)?;
        let to = shift(self.start, i64::try_from(last).ok()?)?;
        Some((slice, Days { from, to }))
    }
}

/// The rule `method` on `key` for `day`, from every case the log holds (a
/// case filed later is not in `cases` when the alert is checked, since the
/// log is replayed in order). `None` when the method is not configured or
/// the day is out of the calendar's range.
pub fn signal<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    key: &SeriesKey,
    method: Method,
    day: Date,
) -> Option<Signal> {
    let start = shift(day, -i64::from(span_days(config)))?;
    let (counts, reports) = tally(config, cases, key, start, day)?;
    let span = Run { counts: &counts, start };
    // The baseline of the poisson, ewma and cusum rules: its days and its
    // daily mean, never below the floor.
    let base = || -> Option<(Days, f64)> {
        let (base, days) = span.days(config.guard_days.saturating_add(1), config.baseline_days)?;
        let mean = f64::from(sum(base)) / f64::from(config.baseline_days.max(1));
        Some((days, round6(mean.max(config.min_baseline))))
    };
    let (window, baseline_days, baseline, observed, statistic, threshold, flagged) = match method {
        Method::Surge => {
            let rule = config.surge?;
            let (week, window) = span.days(0, 7)?;
            let (before, baseline_days) = span.days(7, rule.weeks.saturating_mul(7))?;
            let average = round6(f64::from(sum(before)) / f64::from(rule.weeks.max(1)));
            let observed = sum(week);
            let threshold = round6(rule.ratio * average);
            let flagged = average >= rule.floor && f64::from(observed) >= threshold;
            (window, baseline_days, average, observed, f64::from(observed), threshold, flagged)
        }
        Method::Poisson => {
            let rule = config.poisson?;
            let (baseline_days, lambda0) = base()?;
            let (today, window) = span.days(0, 1)?;
            let observed = sum(today);
            let p = round6(poisson_sf(observed, lambda0));
            let flagged = observed >= config.min_count && p < rule.p;
            (window, baseline_days, lambda0, observed, p, rule.p, flagged)
        }
        Method::Ewma => {
            let rule = config.ewma?;
            let (baseline_days, lambda0) = base()?;
            let (run, window) = span.days(0, config.guard_days.saturating_add(1))?;
            let z = run.iter().fold(lambda0, |z, x| rule.lambda * f64::from(*x) + (1.0 - rule.lambda) * z);
            let sigma = libm::sqrt(lambda0);
            let limit = round6(lambda0 + rule.limit * sigma * libm::sqrt(rule.lambda / (2.0 - rule.lambda)));
            let observed = sum(run);
            let z = round6(z);
            let flagged = observed >= config.min_count && z > limit;
            (window, baseline_days, lambda0, observed, z, limit, flagged)
        }
        Method::Cusum => {
            let rule = config.cusum?;
            let (baseline_days, lambda0) = base()?;
            let (run, window) = span.days(0, config.guard_days.saturating_add(1))?;
            let lambda1 = rule.shift * lambda0;
            let step = libm::log(rule.shift);
            let (last, before) = run.split_last()?;
            let mut s = 0.0f64;
            for x in before {
                s = (s + f64::from(*x) * step - (lambda1 - lambda0)).max(0.0);
                if s > rule.h {
                    // An alarm on an earlier day was that day's alert.
                    s = 0.0;
                }
            }
            s = (s + f64::from(*last) * step - (lambda1 - lambda0)).max(0.0);
            let observed = sum(run);
            let s = round6(s);
            let flagged = observed >= config.min_count && s > rule.h;
            (window, baseline_days, lambda0, observed, s, rule.h, flagged)
        }
    };
    Some(Signal {
        series: key.clone(),
        method,
        day,
        window,
        baseline_days,
        baseline,
        observed,
        statistic,
        threshold,
        flagged,
        counts,
        reports,
    })
}

/// The methods the configuration uses.
pub fn methods(config: &EarlyWarning) -> Vec<Method> {
    Method::ALL
        .into_iter()
        .filter(|m| match m {
            Method::Surge => config.surge.is_some(),
            Method::Poisson => config.poisson.is_some(),
            Method::Ewma => config.ewma.is_some(),
            Method::Cusum => config.cusum.is_some(),
        })
        .collect()
}

/// Every series with a report in the span the rules read for `day`: a
/// sector with none has no series.
pub fn series_on<'c>(config: &EarlyWarning, cases: impl IntoIterator<Item = &'c Case>, day: Date) -> Vec<SeriesKey> {
    let Some(start) = shift(day, -i64::from(span_days(config))) else { return Vec::new() };
    let mut keys: Vec<SeriesKey> = cases
        .into_iter()
        .flat_map(|case| keys_of(config, case))
        .filter(|(_, d)| *d >= start && *d <= day)
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Every rule on every series for `day`, flagged or not.
pub fn signals<'c>(config: &EarlyWarning, cases: impl IntoIterator<Item = &'c Case>, day: Date) -> Vec<Signal> {
    let cases: Vec<&Case> = cases.into_iter().collect();
    let mut out = Vec::new();
    for key in series_on(config, cases.iter().copied(), day) {
        for method in methods(config) {
            if let Some(signal) = signal(config, cases.iter().copied(), &key, method, day) {
                out.push(signal);
            }
        }
    }
    out
}

/// The alerts already raised that hold back a new one of `method` on `key`
/// for `day`: one of the same rule and series within `repeat_after_days`.
pub fn held_back(
    config: &EarlyWarning,
    raised: &[(SeriesKey, Method, Date)],
    key: &SeriesKey,
    method: Method,
    day: Date,
) -> bool {
    raised.iter().any(|(k, m, d)| {
        k == key
            && *m == method
            && days_between(*d, day).is_some_and(|gap| gap >= 0 && gap < i64::from(config.repeat_after_days.max(1)))
    })
}

/// The alerts to raise for `day`: flagged signals not held back by one
/// already raised.
pub fn alerts_due<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    day: Date,
    raised: &[(SeriesKey, Method, Date)],
) -> Vec<Signal> {
    signals(config, cases, day)
        .into_iter()
        .filter(|s| s.flagged && !held_back(config, raised, &s.series, s.method, s.day))
        .collect()
}

/// Checks an alert against the cases the log holds: the rule, recomputed,
/// must give every number the alert states and must fire.
pub fn check_alert<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    alert: &Signal,
) -> Result<(), AlertError> {
    if !methods(config).contains(&alert.method) {
        return Err(AlertError::MethodNotConfigured(alert.method.as_str()));
    }
    if !counts_series(config, &alert.series) {
        return Err(AlertError::SeriesNotCounted(alert.series.words()));
    }
    let computed =
        signal(config, cases, &alert.series, alert.method, alert.day).ok_or(AlertError::DayOutOfRange(alert.day))?;
    fn differ<T: PartialEq + std::fmt::Debug>(
        field: &'static str,
        claimed: &T,
        computed: &T,
    ) -> Result<(), AlertError> {
        if claimed == computed {
            Ok(())
        } else {
            Err(AlertError::Mismatch { field, claimed: format!("{claimed:?}"), computed: format!("{computed:?}") })
        }
    }
    differ("window", &alert.window, &computed.window)?;
    differ("baseline_days", &alert.baseline_days, &computed.baseline_days)?;
    differ("counts", &alert.counts, &computed.counts)?;
    differ("reports", &alert.reports, &computed.reports)?;
    differ("baseline", &alert.baseline, &computed.baseline)?;
    differ("observed", &alert.observed, &computed.observed)?;
    differ("statistic", &alert.statistic, &computed.statistic)?;
    differ("threshold", &alert.threshold, &computed.threshold)?;
    if !computed.flagged {
        return Err(AlertError::NotFlagged(alert.method.as_str()));
    }
    differ("flagged", &alert.flagged, &computed.flagged)?;
    Ok(())
}

/// An alert in the log: a flagged signal, who raised it and when, and the
/// mediators' acknowledgements with the action each took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaisedAlert {
    /// The record that raised it (its id in the log).
    pub record: u64,
    /// When it was raised.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The signal, with every number it rests on.
    pub signal: Signal,
    /// Acknowledgements, in the order recorded.
    pub acknowledgements: Vec<Acknowledgement>,
}

/// A mediator's acknowledgement of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    /// The mediator.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub by: ParticipantId,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The action taken, in the mediator's words.
    pub action: String,
    /// The record.
    pub record: u64,
}

/// Every alert the log holds, in the order raised.
///
/// Who raises one: a mediator's principal (the secretariat; the server
/// raises them with the key it holds for it when a report lands) or the
/// deployment's administrator. The author only carries the alert: every
/// number in it is recomputed from the cases by [`Alerts::raise`], which the
/// log and every verifier run, so a party need not trust the raiser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Alerts {
    /// The alerts.
    pub raised: Vec<RaisedAlert>,
}

impl Alerts {
    /// What is held back: each alert's series, rule and day.
    pub fn marks(&self) -> Vec<(SeriesKey, Method, Date)> {
        self.raised.iter().map(|a| (a.signal.series.clone(), a.signal.method, a.signal.day)).collect()
    }

    /// The alert raised by `record`.
    pub fn get(&self, record: u64) -> Option<&RaisedAlert> {
        self.raised.iter().find(|a| a.record == record)
    }

    /// Raises `signal` as an alert, if the agreement's rule gives exactly
    /// its numbers on `cases` (every case the log holds) and fires, the day
    /// is not after `now`, and no alert of the same rule and series holds it
    /// back. A refusal changes nothing.
    pub fn raise<'c>(
        &mut self,
        agreement: &crate::Agreement,
        cases: impl IntoIterator<Item = &'c Case>,
        actor: &crate::Actor,
        signal: Signal,
        record: u64,
        now: Timestamp,
    ) -> Result<(), crate::CommandError> {
        use crate::{CommandError, Role};
        if !(actor.role.is_mediator() || actor.role == Role::Administrator) {
            return Err(CommandError::NotPermitted {
                role: actor.role,
                participant: actor.participant.clone(),
                action: "raise an early-warning alert",
                reason: "alerts are raised by the mediators' secretariat or the deployment".into(),
            });
        }
        let config = agreement
            .early_warning
            .as_ref()
            .ok_or_else(|| CommandError::invalid("method", AlertError::NotConfigured.to_string()))?;
        if signal.day > day_of(config, now) {
            return Err(CommandError::invalid(
                "day",
                format!("{} is after the day of the record ({})", signal.day, day_of(config, now)),
            ));
        }
        if held_back(config, &self.marks(), &signal.series, signal.method, signal.day) {
            return Err(CommandError::invalid(
                "series",
                format!(
                    "a {} alert on {} was raised less than {} days before {}",
                    signal.method.as_str(),
                    signal.series.words(),
                    config.repeat_after_days,
                    signal.day
                ),
            ));
        }
        check_alert(config, cases, &signal).map_err(|e| {
            let field = match &e {
                AlertError::Mismatch { field, .. } => *field,
                AlertError::NotFlagged(_) => "flagged",
                AlertError::MethodNotConfigured(_) | AlertError::NotConfigured => "method",
                AlertError::SeriesNotCounted(_) => "series",
                AlertError::DayOutOfRange(_) => "day",
            };
            CommandError::invalid(field, e.to_string())
        })?;
        self.raised.push(RaisedAlert { record, at: now, signal, acknowledgements: Vec::new() });
        Ok(())
    }

    /// Records a mediator's acknowledgement of the alert raised by `alert`,
    /// with the action taken; each mediator acknowledges an alert once.
    pub fn acknowledge(
        &mut self,
        actor: &crate::Actor,
        alert: u64,
        action: &str,
        record: u64,
        now: Timestamp,
    ) -> Result<(), crate::CommandError> {
        use crate::CommandError;
        let Some(by) = actor.participant.clone().filter(|_| actor.role.is_mediator()) else {
            return Err(CommandError::NotPermitted {
                role: actor.role,
                participant: actor.participant.clone(),
                action: "acknowledge an early-warning alert",
                reason: "the mediators acknowledge alerts".into(),
            });
        };
        if crate::text::is_blank(action) {
            return Err(CommandError::invalid("action", "must say what was done"));
        }
        crate::text::check(action, crate::text::Lines::Many).map_err(|e| CommandError::invalid("action", e))?;
        let Some(raised) = self.raised.iter_mut().find(|a| a.record == alert) else {
            return Err(CommandError::invalid("alert", format!("record {alert} raised no alert")));
        };
        if raised.acknowledgements.iter().any(|a| a.by == by) {
            return Err(CommandError::invalid(
                "alert",
                format!("{by} already acknowledged the alert of record {alert}"),
            ));
        }
        raised.acknowledgements.push(Acknowledgement { by, at: now, action: action.to_owned(), record });
        Ok(())
    }
}

/// The daily counts of every sector on `basis` from `from` to `to`, for
/// charts: sector → one count a day.
pub fn daily_counts<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    basis: Basis,
    from: Date,
    to: Date,
) -> BTreeMap<String, Vec<u32>> {
    let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let Some(len) = days_between(from, to).and_then(|d| usize::try_from(d.checked_add(1)?).ok()) else {
        return out;
    };
    for case in cases {
        let Some((sector, day)) = counts_on(config, case, basis) else { continue };
        if day < from || day > to {
            continue;
        }
        let Some(index) = days_between(from, day).and_then(|d| usize::try_from(d).ok()) else { continue };
        let row = out.entry(sector).or_insert_with(|| vec![0; len]);
        if let Some(slot) = row.get_mut(index) {
            *slot = slot.saturating_add(1);
        }
    }
    out
}

/// One day of a sector's trend: its count and the range the sector's own
/// baseline makes ordinary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendDay {
    /// The day, in the agreement's time zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Reports counted on the day.
    pub count: u32,
    /// The baseline the poisson, ewma and cusum rules use for the day: the
    /// mean daily count over `baseline_days` days ending `guard_days` days
    /// before it, never below `min_baseline`, to six decimals.
    pub baseline: f64,
    /// The most reports the Poisson test leaves unflagged against that
    /// baseline: the largest `x` with `P(X ≥ x) ≥ p` (with the agreement's
    /// `p`, or 0.01 where it has no Poisson rule). The band of a chart runs
    /// from 0 to it; a count above it is one the test would flag (given
    /// `min_count`).
    pub ordinary: u32,
}

/// A sector's trend over a span of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    /// The border sector.
    pub sector: String,
    /// One entry a day, oldest first.
    pub days: Vec<TrendDay>,
}

/// The `p` of the band when the agreement has no Poisson rule.
pub const BAND_P: f64 = 0.01;

/// The largest count the Poisson test leaves unflagged at `lambda`: the
/// largest `x` with `P(X ≥ x | lambda) ≥ p`, rounded as the rule rounds.
pub fn ordinary_max(lambda: f64, p: f64) -> u32 {
    let mut x = 0u32;
    // P(X ≥ x) falls as x grows; P(X ≥ 0) = 1 ≥ p always.
    while x < 100_000 && round6(poisson_sf(x.saturating_add(1), lambda)) >= p {
        x = x.saturating_add(1);
    }
    x
}

/// Each sector's trend from `from` to `to` on `basis`, for charts: the
/// daily counts of the cases given (which must include those of the
/// `guard_days + baseline_days` days before `from`, for the baselines), and
/// for each day the baseline and the ordinary range. Only sectors with at
/// least one report from `from` to `to` are returned, in the order of
/// their ids. Empty when `to` is before `from` or the span is out of range.
pub fn trends<'c>(
    config: &EarlyWarning,
    cases: impl IntoIterator<Item = &'c Case>,
    basis: Basis,
    from: Date,
    to: Date,
) -> Vec<Trend> {
    let back = config.guard_days.saturating_add(config.baseline_days);
    let (Some(start), Some(len)) =
        (shift(from, -i64::from(back)), days_between(from, to).and_then(|d| usize::try_from(d.checked_add(1)?).ok()))
    else {
        return Vec::new();
    };
    let p = config.poisson.map_or(BAND_P, |rule| rule.p);
    let lead = back as usize;
    let mut out = Vec::new();
    for (sector, counts) in daily_counts(config, cases, basis, start, to) {
        let shown = counts.get(lead..).unwrap_or_default();
        if shown.iter().all(|c| *c == 0) {
            continue;
        }
        let mut days = Vec::with_capacity(len);
        for (i, count) in shown.iter().enumerate() {
            let Some(day) = i64::try_from(i).ok().and_then(|i| shift(from, i)) else { break };
            // Day `lead + i` of `counts`; its baseline ends `guard_days + 1` before it.
            let end = lead + i - config.guard_days as usize;
            let first = end.saturating_sub(config.baseline_days as usize);
            let base = counts.get(first..end).map_or(0, sum);
            let mean = f64::from(base) / f64::from(config.baseline_days.max(1));
            let baseline = round6(mean.max(config.min_baseline));
            days.push(TrendDay { day, count: *count, baseline, ordinary: ordinary_max(baseline, p) });
        }
        out.push(Trend { sector, days });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
