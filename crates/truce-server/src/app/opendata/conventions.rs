//! How Truce's words map onto the codes of the datasets researchers already
//! use: ACLED's event types, time and geographic precision, actor types and
//! country codes, and UCDP GED's date and place precision.
//!
//! These are pure functions of what the log holds, kept apart from the
//! encoders so that each mapping is written once, read in one place and
//! tested on its own. Where Truce has no value for a code, the answer is
//! `None` (an empty cell), never a default a reader would take for a fact.

use truce_core::vocab::ActType;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The number of calendar days (UTC) an incident covers: 1 for an incident
/// on one day, 3 for one from the 15th to the 17th.
pub fn span_days(occurred_at: i64, occurred_until: Option<i64>) -> i64 {
    let first = occurred_at.div_euclid(DAY);
    let last = occurred_until.map_or(first, |u| u.div_euclid(DAY)).max(first);
    last - first + 1
}

/// ACLED's `time_precision`: 1 when the day is known, 2 when the incident
/// is known to within a week, 3 when only to a longer period (ACLED's
/// month). Truce always knows at least the days an incident spans.
pub fn acled_time_precision(days: i64) -> u8 {
    match days {
        ..=1 => 1,
        2..=7 => 2,
        _ => 3,
    }
}

/// UCDP GED's `date_prec`: 1 the exact day, 2 within two to six days, 3 a
/// week, 4 a month, 5 a longer period.
pub fn ucdp_date_prec(days: i64) -> u8 {
    match days {
        ..=1 => 1,
        2..=6 => 2,
        7 => 3,
        8..=31 => 4,
        _ => 5,
    }
}

/// UCDP GED's `where_prec` from ACLED's `geo_precision` (which is what a
/// Truce location states): 1 an exact place, 2 near a place (UCDP: within
/// 25 km), 3 a province or its capital (UCDP 4, the first-order
/// administrative division). `None` for a precision ACLED does not define.
pub fn ucdp_where_prec(geo_precision: i64) -> Option<u8> {
    match geo_precision {
        1 => Some(1),
        2 => Some(2),
        3 => Some(4),
        _ => None,
    }
}

/// ACLED's (disorder type, event type, sub-event type) for an act.
pub fn acled_event(act: ActType) -> Option<(&'static str, &'static str, &'static str)> {
    let (event, sub) = act.acled()?;
    let disorder = if event == "Strategic developments" { "Strategic developments" } else { "Political violence" };
    Some((disorder, event, sub))
}

/// ACLED's `civilian_targeting`: "Civilians targeted" when the act is one
/// against civilians, otherwise empty.
pub fn civilian_targeting(act: ActType) -> Option<&'static str> {
    matches!(act, ActType::AttackOnCivilians | ActType::Abduction).then_some("Civilians targeted")
}

/// A country the geography places incidents in, by the ISO 3166-1
/// alpha-2 code the case row holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// English name, as ACLED and UCDP write it.
    pub name: &'static str,
    /// ISO 3166-1 alpha-3 code.
    pub alpha3: &'static str,
    /// ISO 3166-1 numeric code (ACLED's `iso`).
    pub numeric: u16,
    /// ACLED's region.
    pub acled_region: &'static str,
}

/// The country of an ISO 3166-1 alpha-2 code the geography writes.
pub fn country(alpha2: &str) -> Option<Country> {
    match alpha2 {
        "PK" => Some(Country { name: "Pakistan", alpha3: "PAK", numeric: 586, acled_region: "South Asia" }),
        "AF" => {
            Some(Country { name: "Afghanistan", alpha3: "AFG", numeric: 4, acled_region: "Caucasus and Central Asia" })
        }
        _ => None,
    }
}

/// ACLED's actor type (`inter1`, `inter2`) of a party: "State forces" for a
/// party whose id is the ISO 3166-1 alpha-3 code of a state the geography
/// covers (`PAK`, `AFG`), the forces of that state; `None` for any other
/// party, whose type the agreement does not say.
pub fn acled_actor_type(party: &str) -> Option<&'static str> {
    ["PK", "AF"].into_iter().filter_map(country).any(|c| c.alpha3 == party).then_some("State forces")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_in_utc_calendar_days() {
        let oct15 = 1_760_486_400; // 2025-10-15T00:00:00Z
        assert_eq!(span_days(oct15, None), 1);
        assert_eq!(span_days(oct15 + 3_600, Some(oct15 + 7_200)), 1, "hours of one day");
        assert_eq!(span_days(oct15, Some(oct15 + 2 * DAY)), 3);
        assert_eq!(span_days(oct15 + 82_800, Some(oct15 + 90_000)), 2, "across midnight");
        assert_eq!(span_days(oct15, Some(oct15 - DAY)), 1, "an end before the start counts as the start");
    }

    #[test]
    fn precision_codes_follow_the_codebooks() {
        let acled: Vec<u8> = [1, 2, 7, 8, 40].into_iter().map(acled_time_precision).collect();
        assert_eq!(acled, [1, 2, 2, 3, 3]);
        let ucdp: Vec<u8> = [1, 2, 6, 7, 8, 31, 32].into_iter().map(ucdp_date_prec).collect();
        assert_eq!(ucdp, [1, 2, 2, 3, 4, 4, 5]);
        assert_eq!([1, 2, 3, 0, 4].map(ucdp_where_prec), [Some(1), Some(2), Some(4), None, None]);
    }

    #[test]
    fn every_act_has_an_acled_event_and_only_attacks_on_civilians_target_them() {
        for act in ActType::ALL {
            let (disorder, event, sub) = acled_event(act).unwrap();
            assert!(!sub.is_empty());
            match event {
                "Battles" | "Explosions/Remote violence" | "Violence against civilians" => {
                    assert_eq!(disorder, "Political violence", "{act}")
                }
                "Strategic developments" => assert_eq!(disorder, "Strategic developments", "{act}"),
                other => panic!("{act}: {other} is not an ACLED event type"),
            }
        }
        assert_eq!(
            acled_event(ActType::ShellingArtillery),
            Some(("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"))
        );
        let targeted: Vec<ActType> = ActType::ALL.into_iter().filter(|a| civilian_targeting(*a).is_some()).collect();
        assert_eq!(targeted, [ActType::AttackOnCivilians, ActType::Abduction]);
    }

    #[test]
    fn countries_and_actor_types_are_known_only_where_they_are() {
        assert_eq!(country("PK").map(|c| (c.numeric, c.alpha3)), Some((586, "PAK")));
        assert_eq!(country("AF").map(|c| (c.numeric, c.name)), Some((4, "Afghanistan")));
        assert_eq!(country("IR"), None);
        assert_eq!(acled_actor_type("PAK"), Some("State forces"));
        assert_eq!(acled_actor_type("AFG"), Some("State forces"));
        assert_eq!(acled_actor_type("TTP"), None, "a party the agreement does not type");
    }
}
