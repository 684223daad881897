//! Does an evidence file fit the case that cites it?
//!
//! A photo or video often records where and when it was taken (EXIF GPS
//! position and `DateTimeOriginal`). When that disagrees with the place and
//! time a case reports, the file may be from another incident, recycled
//! from an older one, or the report may be wrong. Neither party should have
//! to trust the other's word on this, nor the mediators' eye: the rule is
//! written down here, a pure function of the file's metadata and the
//! allegation, so that everyone who may read the file gets the same flags.
//!
//! A flag is a reason to look, not a finding: EXIF is easy to strip or
//! forge, a camera's clock may be wrong, and `DateTimeOriginal` usually has
//! no time zone (it is read as UTC; the 24-hour default tolerance covers any
//! zone). Missing metadata is never a mismatch.
//!
//! The distance tolerance follows how precisely the case's place is known,
//! by its ACLED precision code: an exact place (1) allows 5 km, a place
//! coded to a nearby town (2) 25 km, a province coded to its capital (3)
//! 100 km. An unknown code is treated as the least precise.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::case::Allegation;

/// A position recorded in a file, degrees WGS84. Anywhere on Earth: a file
/// taken far from the region is exactly what this module is for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Position {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// What a file records about its own capture.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Capture {
    /// Where it was taken, if recorded.
    pub position: Option<Position>,
    /// When it was taken, if recorded.
    pub time: Option<Timestamp>,
}

/// How far a file's capture may be from the case before it is flagged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    /// For a place known exactly (ACLED precision 1), km.
    pub exact_km: f64,
    /// For a place coded to a nearby town (precision 2), km.
    pub near_town_km: f64,
    /// For a place known only by its province (precision 3, or unknown), km.
    pub region_km: f64,
    /// Before the incident's start or after its end.
    pub time: SignedDuration,
}

impl Default for Tolerances {
    fn default() -> Self {
        Self { exact_km: 5.0, near_town_km: 25.0, region_km: 100.0, time: SignedDuration::from_hours(24) }
    }
}

impl Tolerances {
    /// The distance allowed for a place of ACLED precision `code`.
    pub fn distance_km(&self, code: u8) -> f64 {
        match code {
            1 => self.exact_km,
            2 => self.near_town_km,
            _ => self.region_km,
        }
    }
}

/// A way a file disagrees with the case that cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mismatch {
    /// Taken farther from the reported place than its precision allows.
    Place {
        /// Great-circle distance from the reported place, km.
        distance_km: f64,
        /// The distance allowed, km.
        tolerance_km: f64,
        /// The reported place as the filer named it (may be empty).
        place: String,
    },
    /// Taken before the incident started, by more than the tolerance.
    BeforeIncident {
        /// How long before the start, seconds.
        gap_secs: i64,
        /// The gap allowed, seconds.
        tolerance_secs: i64,
    },
    /// Taken after the incident ended, by more than the tolerance.
    AfterIncident {
        /// How long after the end, seconds.
        gap_secs: i64,
        /// The gap allowed, seconds.
        tolerance_secs: i64,
    },
}

impl Mismatch {
    /// The mismatch in a sentence whose subject is the file ("was taken …").
    pub fn reason(&self) -> String {
        match self {
            Mismatch::Place { distance_km, tolerance_km, place } => {
                let named = if place.trim().is_empty() { String::new() } else { format!(" ({})", place.trim()) };
                format!(
                    "was taken {} km from the reported place{named}; up to {} km is expected at its precision",
                    distance_km.round(),
                    tolerance_km.round()
                )
            }
            Mismatch::BeforeIncident { gap_secs, tolerance_secs } => format!(
                "was taken {} before the incident; up to {} is expected",
                span(*gap_secs),
                span(*tolerance_secs)
            ),
            Mismatch::AfterIncident { gap_secs, tolerance_secs } => {
                format!("was taken {} after the incident; up to {} is expected", span(*gap_secs), span(*tolerance_secs))
            }
        }
    }
}

/// A span of seconds for people: "3 days 4 h", "26 h", "45 min".
fn span(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (days, hours) {
        (0, 0) => format!("{minutes} min"),
        (0, h) => format!("{h} h"),
        (1, 0) => "1 day".to_owned(),
        (1, h) => format!("1 day {h} h"),
        (d, 0) => format!("{d} days"),
        (d, h) => format!("{d} days {h} h"),
    }
}

/// How `capture` disagrees with `allegation`, under `tolerances`: at most
/// one place mismatch and one time mismatch; none when the file records
/// nothing to compare, or the allegation has no location.
pub fn compare(allegation: &Allegation, capture: &Capture, tolerances: &Tolerances) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let (Some(p), Some(loc)) = (capture.position, &allegation.location) {
        let distance_km = truce_geo::great_circle_km(p.lat, p.lon, loc.lat, loc.lon);
        let tolerance_km = tolerances.distance_km(loc.precision);
        if distance_km.is_finite() && distance_km > tolerance_km {
            out.push(Mismatch::Place { distance_km, tolerance_km, place: loc.place_name.clone() });
        }
    }
    if let Some(t) = capture.time {
        let start = allegation.occurred_at;
        let end = allegation.occurred_until.filter(|u| *u > start).unwrap_or(start);
        let tolerance_secs = tolerances.time.as_secs();
        let before = start.as_second().saturating_sub(t.as_second());
        let after = t.as_second().saturating_sub(end.as_second());
        if before > tolerance_secs {
            out.push(Mismatch::BeforeIncident { gap_secs: before, tolerance_secs });
        } else if after > tolerance_secs {
            out.push(Mismatch::AfterIncident { gap_secs: after, tolerance_secs });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

    use super::*;
    use crate::case::Location;

    fn allegation(location: Option<(f64, f64, u8)>, at: &str, until: Option<&str>) -> Allegation {
        let mut value = serde_json::json!({
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["shelling_artillery"],
            "occurred_at": at,
            "summary": "test",
        });
        if let Some(u) = until {
            value["occurred_until"] = serde_json::json!(u);
        }
        let mut a: Allegation = serde_json::from_value(value).unwrap();
        a.location =
            location.map(|(lat, lon, precision)| Location { lat, lon, precision, place_name: "Chaman".into() });
        a
    }

    const CHAMAN: (f64, f64) = (30.92, 66.45);
    const AT: &str = "2025-10-12T10:00:00Z";

    fn at(lat: f64, lon: f64) -> Capture {
        Capture { position: Some(Position { lat, lon }), time: None }
    }

    fn taken(time: &str) -> Capture {
        Capture { position: None, time: Some(time.parse().unwrap()) }
    }

    fn check(a: &Allegation, c: Capture) -> Vec<Mismatch> {
        compare(a, &c, &Tolerances::default())
    }

    #[test]
    fn nothing_recorded_is_no_mismatch() {
        let a = allegation(Some((CHAMAN.0, CHAMAN.1, 1)), AT, None);
        assert_eq!(check(&a, Capture::default()), vec![]);
    }

    #[test]
    fn an_allegation_without_a_location_has_no_place_mismatch() {
        let a = allegation(None, AT, None);
        assert_eq!(check(&a, at(24.86, 67.01)), vec![]);
    }

    #[test]
    fn a_file_taken_at_the_place_is_no_mismatch() {
        let a = allegation(Some((CHAMAN.0, CHAMAN.1, 1)), AT, None);
        assert_eq!(check(&a, at(30.93, 66.46)), vec![]);
    }

    #[test]
    fn the_distance_allowed_follows_the_precision_of_the_place() {
        // About 11 km north of Chaman.
        let eleven = at(CHAMAN.0 + 0.1, CHAMAN.1);
        let exact = allegation(Some((CHAMAN.0, CHAMAN.1, 1)), AT, None);
        let near_town = allegation(Some((CHAMAN.0, CHAMAN.1, 2)), AT, None);
        let found = check(&exact, eleven);
        assert_eq!(found.len(), 1);
        let Mismatch::Place { distance_km, tolerance_km, .. } = &found[0] else { panic!("{found:?}") };
        assert!((distance_km - 11.1).abs() < 0.2, "{distance_km}");
        assert_eq!(*tolerance_km, 5.0);
        assert_eq!(check(&near_town, eleven), vec![]);

        // About 56 km: beyond a town's 25 km, within a province's 100 km.
        let fifty_six = at(CHAMAN.0 + 0.5, CHAMAN.1);
        assert_eq!(check(&near_town, fifty_six).len(), 1);
        let region = allegation(Some((CHAMAN.0, CHAMAN.1, 3)), AT, None);
        assert_eq!(check(&region, fifty_six), vec![]);
        // An unknown precision code is taken as the least precise.
        let unknown = allegation(Some((CHAMAN.0, CHAMAN.1, 9)), AT, None);
        assert_eq!(check(&unknown, fifty_six), vec![]);
    }

    #[test]
    fn a_file_taken_far_away_says_how_far_and_names_the_place() {
        let a = allegation(Some((CHAMAN.0, CHAMAN.1, 2)), AT, None);
        // Karachi is about 680 km from Chaman.
        let found = check(&a, at(24.86, 67.01));
        assert_eq!(found.len(), 1);
        let reason = found[0].reason();
        assert!(reason.starts_with("was taken 6"), "{reason}");
        assert!(reason.contains(" km from the reported place (Chaman); up to 25 km is expected"), "{reason}");
        // Anywhere on Earth, not only in the region.
        assert_eq!(check(&a, at(48.85, 2.35)).len(), 1);
    }

    #[test]
    fn a_file_taken_within_a_day_of_the_incident_is_no_mismatch() {
        let a = allegation(None, AT, None);
        assert_eq!(check(&a, taken("2025-10-11T10:00:01Z")), vec![]);
        assert_eq!(check(&a, taken("2025-10-13T10:00:00Z")), vec![]);
    }

    #[test]
    fn a_file_taken_days_before_the_incident_is_flagged() {
        let a = allegation(None, AT, None);
        let found = check(&a, taken("2025-10-09T06:00:00Z"));
        assert_eq!(found, vec![Mismatch::BeforeIncident { gap_secs: 3 * 86_400 + 4 * 3_600, tolerance_secs: 86_400 }]);
        assert_eq!(found[0].reason(), "was taken 3 days 4 h before the incident; up to 1 day is expected");
    }

    #[test]
    fn a_file_taken_long_after_the_incident_is_flagged_from_its_end() {
        let lasting = allegation(None, AT, Some("2025-10-14T10:00:00Z"));
        // Within a day of the end: fine, though three days after the start.
        assert_eq!(check(&lasting, taken("2025-10-15T09:00:00Z")), vec![]);
        let found = check(&lasting, taken("2025-10-15T12:00:00Z"));
        assert_eq!(found, vec![Mismatch::AfterIncident { gap_secs: 26 * 3_600, tolerance_secs: 86_400 }]);
        assert_eq!(found[0].reason(), "was taken 1 day 2 h after the incident; up to 1 day is expected");
        // An end before the start is ignored: the start is the end.
        let backwards = allegation(None, AT, Some("2025-10-01T00:00:00Z"));
        assert_eq!(check(&backwards, taken("2025-10-13T11:00:00Z")).len(), 1);
    }

    #[test]
    fn place_and_time_are_both_reported() {
        let a = allegation(Some((CHAMAN.0, CHAMAN.1, 1)), AT, None);
        let c = Capture {
            position: Some(Position { lat: 24.86, lon: 67.01 }),
            time: Some("2024-01-01T00:00:00Z".parse().unwrap()),
        };
        let found = check(&a, c);
        assert!(matches!(found.as_slice(), [Mismatch::Place { .. }, Mismatch::BeforeIncident { .. }]), "{found:?}");
    }

    #[test]
    fn tolerances_can_be_tightened() {
        let a = allegation(Some((CHAMAN.0, CHAMAN.1, 2)), AT, None);
        let strict = Tolerances { near_town_km: 1.0, time: SignedDuration::from_hours(1), ..Tolerances::default() };
        let c = Capture {
            position: Some(Position { lat: 30.95, lon: 66.45 }),
            time: Some("2025-10-12T12:00:00Z".parse().unwrap()),
        };
        assert_eq!(compare(&a, &c, &Tolerances::default()), vec![]);
        assert_eq!(compare(&a, &c, &strict).len(), 2);
    }

    #[test]
    fn spans_read_as_people_write_them() {
        assert_eq!(span(45 * 60), "45 min");
        assert_eq!(span(26 * 3_600), "1 day 2 h");
        assert_eq!(span(5 * 3_600), "5 h");
        assert_eq!(span(2 * 86_400), "2 days");
        assert_eq!(span(-86_400), "1 day");
    }
}
