//! Public-source reports: events a public conflict dataset (ACLED) recorded,
//! imported into the log beside the cases, each traceable to the dataset's
//! own event id.
//!
//! Why a public-source report is not a case: a case is an allegation by a
//! complainant against an accused party, with a right of reply, a finding
//! and perhaps a penalty, and every statistic of the mechanism is a sum
//! over cases. An ACLED event accuses nobody (its `actor1` and `actor2`
//! imply no direction), was coded by a third party from press reports, and
//! may be about a protest the agreement does not cover. Filing it as a case
//! would put allegations nobody made into the parties' records and
//! statistics, so it is a separate entry of the docket, linked to cases
//! only as a suggestion: each report carries the open cases that look like
//! the same incident ([`matches()`]), for the mediators to compare, exactly
//! as a new filing is told its possible duplicates. Nothing is merged: a
//! merge is a mediator's command on a case (`merge_duplicate.v1`), and an
//! imported event is not a case to be merged. The cases, their events and
//! the statistics are untouched by an import.
//!
//! The matches are not taken from the record: [`PublicSources::import`]
//! computes them from the cases the log holds at the record, so every
//! verifier replaying the log finds the same ones, the way an
//! early-warning alert's numbers are recomputed.
//!
//! A record imports one event; the same `event_id_cnty` is refused a second
//! time (ACLED keeps an event's id across its revisions), which makes a
//! re-run of an import change nothing.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Status};
use crate::error::CommandError;
use crate::ids::CaseId;
use crate::vocab::ActType;

/// The public datasets reports are imported from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// The Armed Conflict Location & Event Data project.
    Acled,
}

impl Dataset {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Dataset::Acled => "acled",
        }
    }
}

/// The longest event id accepted (ACLED's are a country code and a number).
pub const MAX_EVENT_ID: usize = 64;
/// The longest text of one column (ACLED's notes run to a paragraph).
pub const MAX_TEXT: usize = 10_000;
/// The most fatalities one event may record (as a case's casualties).
pub const MAX_FATALITIES: u32 = crate::case::MAX_CASUALTIES;

/// One event of a public dataset, as its row gives it, in the dataset's
/// own column names. Texts the row leaves empty are left out of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicSourceReport {
    /// The dataset.
    pub dataset: Dataset,
    /// ACLED's `event_id_cnty`, stable across the event's revisions.
    pub event_id_cnty: String,
    /// ACLED's `event_date`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub event_date: Date,
    /// ACLED's `time_precision`: 1 the day, 2 the week, 3 the month.
    pub time_precision: u8,
    /// ACLED's `disorder_type`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub disorder_type: String,
    /// ACLED's `event_type`, as written.
    pub event_type: String,
    /// ACLED's `sub_event_type`, as written.
    pub sub_event_type: String,
    /// Truce's act types that ACLED's event and sub-event types code
    /// ([`acts_of`]); empty where none does (a protest, a riot).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acts: Vec<ActType>,
    /// ACLED's `actor1`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor1: String,
    /// ACLED's `assoc_actor_1`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assoc_actor_1: String,
    /// ACLED's `inter1`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inter1: String,
    /// ACLED's `actor2`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actor2: String,
    /// ACLED's `assoc_actor_2`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub assoc_actor_2: String,
    /// ACLED's `inter2`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inter2: String,
    /// ACLED's `interaction`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub interaction: String,
    /// ACLED's `civilian_targeting`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub civilian_targeting: String,
    /// ACLED's `iso` (ISO 3166-1 numeric), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<u16>,
    /// ACLED's `region`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub region: String,
    /// ACLED's `country`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// ACLED's `admin1`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin1: String,
    /// ACLED's `admin2`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin2: String,
    /// ACLED's `admin3`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin3: String,
    /// ACLED's `location`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// ACLED's `latitude` (WGS84).
    pub latitude: f64,
    /// ACLED's `longitude` (WGS84).
    pub longitude: f64,
    /// ACLED's `geo_precision`: 1 the town, 2 near it or a district, 3 a province.
    pub geo_precision: u8,
    /// ACLED's `source`: the outlets it coded the event from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// ACLED's `source_scale`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source_scale: String,
    /// ACLED's `notes`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// ACLED's `fatalities`: its most conservative estimate (ACLED writes
    /// an unknown toll as 0; an export that leaves the cell empty, as
    /// Truce's own does for a toll nobody stated, gives none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    /// ACLED's `tags`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tags: String,
    /// ACLED's `timestamp`: when ACLED last uploaded the event (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
}

/// Why a report is refused: the column at fault (ACLED's name) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{column}: {reason}")]
pub struct ReportError {
    /// The column, in the dataset's own name.
    pub column: &'static str,
    /// Why.
    pub reason: String,
}

fn bad(column: &'static str, reason: impl Into<String>) -> ReportError {
    ReportError { column, reason: reason.into() }
}

/// Truce's act types that ACLED codes as `event_type` / `sub_event_type`:
/// every act whose ACLED coding ([`ActType::acled`]) is that pair. One act
/// for a pair that codes one (an armed clash, an air or drone strike), all
/// of them for a pair that codes several (ACLED's "Other" strategic
/// development), none for a pair Truce has no act for (a protest).
pub fn acts_of(event_type: &str, sub_event_type: &str) -> Vec<ActType> {
    ActType::ALL.into_iter().filter(|a| a.acled() == Some((event_type, sub_event_type))).collect()
}

impl PublicSourceReport {
    /// Checks every value against its column's rules: the first fault found.
    pub fn check(&self) -> Result<(), ReportError> {
        let id = &self.event_id_cnty;
        if id.is_empty() {
            return Err(bad("event_id_cnty", "is missing"));
        }
        if id.len() > MAX_EVENT_ID {
            return Err(bad("event_id_cnty", format!("is longer than {MAX_EVENT_ID} characters")));
        }
        if let Some(c) = id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))) {
            return Err(bad("event_id_cnty", format!("{id:?} holds {c:?}; an event id is letters, digits, - _ . :")));
        }
        if !(1..=3).contains(&self.time_precision) {
            return Err(bad(
                "time_precision",
                format!("{} is not one of ACLED's (1 the day, 2 the week, 3 the month)", self.time_precision),
            ));
        }
        if !(1..=3).contains(&self.geo_precision) {
            return Err(bad(
                "geo_precision",
                format!("{} is not one of ACLED's (1 the town, 2 near it, 3 the province)", self.geo_precision),
            ));
        }
        if !self.latitude.is_finite() || !(-90.0..=90.0).contains(&self.latitude) {
            return Err(bad("latitude", format!("{} is out of range (-90 to 90)", self.latitude)));
        }
        if !self.longitude.is_finite() || !(-180.0..=180.0).contains(&self.longitude) {
            return Err(bad("longitude", format!("{} is out of range (-180 to 180)", self.longitude)));
        }
        if let Some(n) = self.fatalities.filter(|n| *n > MAX_FATALITIES) {
            return Err(bad("fatalities", format!("{n} is more than {MAX_FATALITIES}")));
        }
        if crate::text::is_blank(&self.event_type) {
            return Err(bad("event_type", "is missing"));
        }
        if crate::text::is_blank(&self.sub_event_type) {
            return Err(bad("sub_event_type", "is missing"));
        }
        let expected = acts_of(&self.event_type, &self.sub_event_type);
        if self.acts != expected {
            return Err(bad(
                "sub_event_type",
                format!("codes the acts [{}], not [{}]", names(&expected), names(&self.acts)),
            ));
        }
        for (column, text) in self.texts() {
            if text.chars().count() > MAX_TEXT {
                return Err(bad(column, format!("is longer than {MAX_TEXT} characters")));
            }
            let lines = if column == "notes" { crate::text::Lines::Many } else { crate::text::Lines::One };
            crate::text::check(text, lines).map_err(|reason| bad(column, reason))?;
        }
        Ok(())
    }

    /// Every text column with its name.
    fn texts(&self) -> [(&'static str, &str); 20] {
        [
            ("disorder_type", &self.disorder_type),
            ("event_type", &self.event_type),
            ("sub_event_type", &self.sub_event_type),
            ("actor1", &self.actor1),
            ("assoc_actor_1", &self.assoc_actor_1),
            ("inter1", &self.inter1),
            ("actor2", &self.actor2),
            ("assoc_actor_2", &self.assoc_actor_2),
            ("inter2", &self.inter2),
            ("interaction", &self.interaction),
            ("civilian_targeting", &self.civilian_targeting),
            ("region", &self.region),
            ("country", &self.country),
            ("admin1", &self.admin1),
            ("admin2", &self.admin2),
            ("admin3", &self.admin3),
            ("location", &self.location),
            ("source", &self.source),
            ("source_scale", &self.source_scale),
            ("notes", &self.notes),
        ]
    }

    /// The border sector the event's point falls in, if it is near the line.
    pub fn sector(&self) -> Option<String> {
        let point =
            truce_geo::GeoPoint::parse_with_precision(self.latitude, self.longitude, self.geo_precision).ok()?;
        let geography = truce_geo::Geography::embedded().ok()?;
        geography.place_point(&point).sector
    }

    /// The days either side of `event_date` the event may have happened
    /// on, by its time precision: one for a day (a report dated by its
    /// local day may be a UTC day off, as a case's 48 hours allow), a week
    /// for a week, a month for a month (ACLED codes the month's middle).
    pub fn days_either_side(&self) -> i64 {
        match self.time_precision {
            1 => 1,
            2 => 7,
            _ => 16,
        }
    }

    /// How far from the event's point a case may be and still be the same
    /// incident, km, by its geographic precision: the 25 km a case's
    /// duplicates are sought within for a town, twice that near one, four
    /// times for a province.
    pub fn within_km(&self) -> f64 {
        match self.geo_precision {
            1 => WITHIN_KM,
            2 => 2.0 * WITHIN_KM,
            _ => 4.0 * WITHIN_KM,
        }
    }
}

fn names(acts: &[ActType]) -> String {
    acts.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
}

/// How far apart two reports of one incident may be, km: the distance the
/// server seeks a case's possible duplicates within.
pub const WITHIN_KM: f64 = 25.0;

/// Whether a case in `status` may still be merged with or compared to a
/// new report of the same incident.
pub fn still_open(status: Status) -> bool {
    !matches!(status, Status::Merged | Status::Inadmissible | Status::Closed | Status::Withdrawn)
}

/// The cases among `cases` that look like the incident `report` records,
/// in id order: still open, in the same border sector as the event (the
/// mechanism's cases are placed by sector), within [`PublicSourceReport::within_km`]
/// of its point, on a day within [`PublicSourceReport::days_either_side`]
/// of its date, and alleging an act the event's types code. An event no
/// act of Truce codes matches nothing.
pub fn matches<'c>(
    report: &PublicSourceReport,
    sector: &str,
    cases: impl IntoIterator<Item = &'c Case>,
) -> Vec<CaseId> {
    let Some((from, to)) = window(report) else { return Vec::new() };
    let mut out: Vec<CaseId> = cases
        .into_iter()
        .filter(|case| still_open(case.status))
        .filter(|case| case.placement.as_ref().and_then(|p| p.sector.as_deref()) == Some(sector))
        .filter(|case| case.allegation.acts.iter().any(|a| report.acts.contains(a)))
        .filter(|case| {
            let first = utc_day(case.allegation.occurred_at);
            let last = case.allegation.occurred_until.map_or(first, utc_day).max(first);
            first <= to && last >= from
        })
        .filter(|case| {
            case.allegation.location.as_ref().is_some_and(|l| {
                truce_geo::great_circle_km(report.latitude, report.longitude, l.lat, l.lon) <= report.within_km()
            })
        })
        .map(|case| case.id.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The first and last day an event may have happened on.
pub fn window(report: &PublicSourceReport) -> Option<(Date, Date)> {
    let span = jiff::Span::new().days(report.days_either_side());
    Some((report.event_date.checked_sub(span).ok()?, report.event_date.checked_add(span).ok()?))
}

fn utc_day(at: Timestamp) -> Date {
    jiff::tz::TimeZone::UTC.to_datetime(at).date()
}

/// A report the log holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedReport {
    /// The record that imported it.
    pub record: u64,
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The report.
    pub report: PublicSourceReport,
    /// The border sector its point falls in, if any.
    pub sector: Option<String>,
    /// The open cases that looked like the same incident when it was
    /// imported: suggested duplicates for the mediators, nothing merged.
    pub matches: Vec<CaseId>,
}

/// Every public-source report the log holds, by dataset and event id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PublicSources {
    /// The reports.
    pub reports: BTreeMap<(Dataset, String), ImportedReport>,
}

impl PublicSources {
    /// The report of `dataset` with event id `id`, if imported.
    pub fn get(&self, dataset: Dataset, id: &str) -> Option<&ImportedReport> {
        self.reports.get(&(dataset, id.to_owned()))
    }

    /// The reports that look like `case`, in dataset and event id order:
    /// those that matched it when they were imported, and those it matches
    /// now by the same rule ([`matches()`]), so that a case filed after an
    /// import (or amended since) is told of the events it now looks like. The second kind is
    /// read, not recorded: a report's [`ImportedReport::matches`] stay what
    /// its record computed.
    pub fn looking_like<'s>(&'s self, case: &'s Case) -> impl Iterator<Item = &'s ImportedReport> + 's {
        self.reports.values().filter(move |r| {
            r.matches.contains(&case.id)
                || r.sector.as_deref().is_some_and(|sector| !matches(&r.report, sector, [case]).is_empty())
        })
    }

    /// Imports `report` by `record` at `now`, matched against `cases`
    /// (at least the cases of its sector over its window), if `actor` is
    /// a mediator, the report's values are valid and its event is not
    /// imported yet. A refusal changes nothing.
    pub fn import<'c>(
        &mut self,
        actor: &crate::Actor,
        report: PublicSourceReport,
        cases: impl IntoIterator<Item = &'c Case>,
        record: u64,
        now: Timestamp,
    ) -> Result<&ImportedReport, CommandError> {
        if !actor.role.is_mediator() {
            return Err(CommandError::NotPermitted {
                role: actor.role,
                participant: actor.participant.clone(),
                action: "import a public-source report",
                reason: "the mediators' secretariat imports public sources".into(),
            });
        }
        report.check().map_err(|e| CommandError::invalid(e.column, e.reason))?;
        let key = (report.dataset, report.event_id_cnty.clone());
        if let Some(earlier) = self.reports.get(&key) {
            return Err(CommandError::invalid(
                "event_id_cnty",
                format!(
                    "{} event {} was imported by record {}; an event is imported once",
                    report.dataset.as_str(),
                    report.event_id_cnty,
                    earlier.record
                ),
            ));
        }
        let sector = report.sector();
        let matches = match &sector {
            Some(sector) => matches(&report, sector, cases),
            None => Vec::new(),
        };
        let imported = ImportedReport { record, at: now, report, sector, matches };
        Ok(self.reports.entry(key).or_insert(imported))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn report() -> PublicSourceReport {
        PublicSourceReport {
            dataset: Dataset::Acled,
            event_id_cnty: "PAK12345".into(),
            event_date: jiff::civil::date(2025, 10, 12),
            time_precision: 1,
            disorder_type: "Political violence".into(),
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            acts: vec![ActType::ArmedClash],
            actor1: "Military Forces of Pakistan (2018-)".into(),
            assoc_actor_1: String::new(),
            inter1: "State forces".into(),
            actor2: "Military Forces of Afghanistan (2021-)".into(),
            assoc_actor_2: String::new(),
            inter2: "State forces".into(),
            interaction: "State forces-State forces".into(),
            civilian_targeting: String::new(),
            iso: Some(586),
            region: "South Asia".into(),
            country: "Pakistan".into(),
            admin1: "Balochistan".into(),
            admin2: "Killa Abdullah".into(),
            admin3: String::new(),
            location: "Chaman".into(),
            latitude: 30.92,
            longitude: 66.45,
            geo_precision: 1,
            source: "Dawn".into(),
            source_scale: "National".into(),
            notes: "Illustrative row, not an ACLED event.".into(),
            fatalities: Some(2),
            tags: String::new(),
            timestamp: Some(1_760_000_000),
        }
    }

    #[test]
    fn acts_are_mapped_where_acled_codes_them_and_nowhere_else() {
        assert_eq!(acts_of("Battles", "Armed clash"), [ActType::ArmedClash]);
        assert_eq!(acts_of("Explosions/Remote violence", "Air/drone strike"), [ActType::AirDroneStrike]);
        assert_eq!(
            acts_of("Strategic developments", "Headquarters or base established"),
            [ActType::Fortification, ActType::ForceBuildup]
        );
        assert!(acts_of("Protests", "Peaceful protest").is_empty());
        assert!(acts_of("battles", "armed clash").is_empty(), "ACLED's words are matched as written");
    }

    #[test]
    fn each_column_is_checked_and_named() {
        assert_eq!(report().check(), Ok(()));
        type Spoil = fn(&mut PublicSourceReport);
        let cases: [(Spoil, &str); 9] = [
            (|r| r.event_id_cnty.clear(), "event_id_cnty"),
            (|r| r.event_id_cnty = "PAK 1".into(), "event_id_cnty"),
            (|r| r.time_precision = 4, "time_precision"),
            (|r| r.geo_precision = 0, "geo_precision"),
            (|r| r.latitude = 91.0, "latitude"),
            (|r| r.longitude = f64::NAN, "longitude"),
            (|r| r.fatalities = Some(MAX_FATALITIES + 1), "fatalities"),
            (|r| r.acts = vec![ActType::Ied], "sub_event_type"),
            (|r| r.actor1 = "A\u{202E}B".into(), "actor1"),
        ];
        for (spoil, column) in cases {
            let mut r = report();
            spoil(&mut r);
            assert_eq!(r.check().map_err(|e| e.column), Err(column));
        }
    }

    fn mediator() -> crate::Actor {
        crate::Actor::new(
            crate::ids::PrincipalId::parse("qat-mediator").unwrap(),
            Some(crate::ids::ParticipantId::parse("QAT").unwrap()),
            crate::Role::Mediator,
        )
    }

    /// Case `n` alleging `act` at (`lat`, `lon`) in `sector` on `day`.
    fn case(n: usize, sector: &str, lat: f64, lon: f64, day: Date, act: ActType) -> Case {
        let mut case = crate::early_warning::tests::report(n, sector, day, act, "AFG");
        case.allegation.location = Some(crate::case::Location { lat, lon, precision: 1, place_name: String::new() });
        case
    }

    #[test]
    fn a_case_filed_after_an_import_is_told_of_the_events_it_looks_like() {
        let mut sources = PublicSources::default();
        let sector = report().sector().unwrap();
        let day = jiff::civil::date(2025, 10, 12);
        // Imported before any case was filed: it matched nothing then.
        assert!(sources.import(&mediator(), report(), [], 5, Timestamp::UNIX_EPOCH).unwrap().matches.is_empty());
        let told = |sources: &PublicSources, case: &Case| -> Vec<String> {
            sources.looking_like(case).map(|r| r.report.event_id_cnty.clone()).collect()
        };
        let later = case(1, &sector, 30.93, 66.46, day, ActType::ArmedClash);
        assert_eq!(told(&sources, &later), ["PAK12345"]);
        // The same rule as at import: a week later, another act, another
        // sector or 100 km away is not the same incident.
        let week_later = jiff::civil::date(2025, 10, 19);
        assert!(told(&sources, &case(2, &sector, 30.93, 66.46, week_later, ActType::ArmedClash)).is_empty());
        assert!(told(&sources, &case(3, &sector, 30.93, 66.46, day, ActType::Ied)).is_empty());
        assert!(told(&sources, &case(4, "torkham_nangarhar", 30.93, 66.46, day, ActType::ArmedClash)).is_empty());
        assert!(told(&sources, &case(5, &sector, 31.82, 66.46, day, ActType::ArmedClash)).is_empty());
        // A case matched at import stays told after it closed, when the
        // rule alone would no longer match it.
        let mut closed = later.clone();
        let mut second = report();
        second.event_id_cnty = "PAK12346".into();
        sources.import(&mediator(), second, [&closed], 6, Timestamp::UNIX_EPOCH).unwrap();
        closed.status = Status::Closed;
        assert!(matches(&report(), &sector, [&closed]).is_empty());
        assert_eq!(told(&sources, &closed), ["PAK12346"]);
    }

    #[test]
    fn an_event_is_imported_once_and_only_by_a_mediator() {
        let mediator = mediator();
        let party = crate::Actor::new(
            crate::ids::PrincipalId::parse("pak-liaison").unwrap(),
            Some(crate::ids::ParticipantId::parse("PAK").unwrap()),
            crate::Role::PartyLiaison,
        );
        let mut sources = PublicSources::default();
        let now = Timestamp::UNIX_EPOCH;
        assert!(matches!(sources.import(&party, report(), [], 5, now), Err(CommandError::NotPermitted { .. })));
        let imported = sources.import(&mediator, report(), [], 5, now).unwrap();
        assert_eq!(imported.record, 5);
        let again = sources.import(&mediator, report(), [], 6, now).unwrap_err();
        assert!(again.to_string().contains("event PAK12345 was imported by record 5"), "{again}");
        assert_eq!(sources.reports.len(), 1);
    }

    #[test]
    fn the_window_widens_with_the_time_precision() {
        let mut r = report();
        assert_eq!(window(&r), Some((jiff::civil::date(2025, 10, 11), jiff::civil::date(2025, 10, 13))));
        r.time_precision = 3;
        assert_eq!(window(&r), Some((jiff::civil::date(2025, 9, 26), jiff::civil::date(2025, 10, 28))));
        assert_eq!(r.within_km(), 25.0);
    }
}
