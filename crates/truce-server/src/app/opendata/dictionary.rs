//! The data dictionary: every column of every download, with its meaning
//! and unit, in one table that the `/data/dictionary` page shows and a test
//! holds against the encoders' column lists, so that no column is added
//! without being explained.
//!
//! The meanings are in English, the language of the codebooks they cite
//! (ACLED's, UCDP's, HXL's); the page around them is translated.

use super::Format;
use super::formats::{ACLED_COLUMNS, CASE_COLUMNS, FINDING_COLUMNS, HXL_COLUMNS, UCDP_COLUMNS};

/// What a column of Truce's own files means (cases.csv, findings.csv, the
/// GeoJSON's properties and the KML's `ExtendedData`).
const TRUCE: &[(&str, &str)] = &[
    ("id", "The case id; its page is /cases/ID. In KML the placemark's XML id is case-ID."),
    ("case_id", "The case id; its page is /cases/ID."),
    ("status", "The case's status in Truce's lifecycle (reported … final, closed, merged)."),
    ("accused", "The accused party's id in the agreement (an allegation, not a finding)."),
    ("provisions", "The provisions cited, by id, separated by semicolons."),
    ("occurred_at", "When the incident happened (RFC 3339, UTC); a date (YYYY-MM-DD) when only the day is known."),
    ("occurred_until", "When it ended, for an incident that lasted; empty otherwise."),
    ("time_precision", "How precisely the time is known: exact, or day."),
    ("filed_at", "When the allegation was filed (RFC 3339, UTC)."),
    ("sector", "The border sector the location falls in, if within 50 km of the line."),
    ("lat", "Latitude, decimal degrees, WGS 84. In GeoJSON and KML the point is longitude, latitude."),
    ("lon", "Longitude, decimal degrees, WGS 84."),
    ("summary", "The allegation in one line, as filed."),
    ("finding", "The finding's occurrence: confirmed, not_confirmed or inconclusive."),
    ("responsible_party", "The party the finding attributes the incident to, if any."),
    ("provisions_breached", "The provisions the finding holds breached, separated by semicolons."),
    ("severity", "The severity found: minor, serious or grave."),
    ("determined_at", "When the finding was adopted (RFC 3339, UTC)."),
    ("final_at", "When the finding became final (RFC 3339, UTC)."),
    ("penalty_level", "The decided penalty's level on the agreement's ladder (an integer)."),
    ("penalty_measure", "The decided penalty's measure, as the ladder names it."),
    ("penalty_decided_at", "When the penalty was decided (RFC 3339, UTC)."),
    ("complied", "Whether the party complied with the penalty (true or false), once recorded."),
];

/// What the casualty columns of cases.csv and findings.csv mean: the
/// prefix, then kind, then estimate.
const CASUALTIES: &str = "people: the low, best or high estimate (a count of persons) of civilians or combatants \
     killed or injured. An empty cell is a figure not stated, which is not zero.";

/// What a column of acled.csv means.
const ACLED: &[(&str, &str)] = &[
    (
        "event_id_cnty",
        "The Truce case id (ACLED's own ids are a country code and a number; Truce's are stable case ids).",
    ),
    ("event_date", "The incident's first day, YYYY-MM-DD (UTC)."),
    ("year", "The year of event_date."),
    ("time_precision", "ACLED's code: 1 the day is known, 2 within a week, 3 a longer period."),
    ("disorder_type", "ACLED's disorder type: Political violence, or Strategic developments."),
    ("event_type", "ACLED's event type of the first act named in the allegation."),
    ("sub_event_type", "ACLED's sub-event type of that act."),
    (
        "actor1",
        "The party the finding attributes the incident to, by its name in the agreement; empty without such a finding (an accusation is not an actor).",
    ),
    ("assoc_actor_1", "Always empty: Truce records no associated actors."),
    (
        "inter1",
        "ACLED's actor type of actor1: State forces for a party that is a state the geography covers; empty otherwise.",
    ),
    ("actor2", "Always empty: Truce does not record who was targeted as an actor."),
    ("assoc_actor_2", "Always empty."),
    ("inter2", "Always empty."),
    ("interaction", "Always empty: it needs both actors' types."),
    (
        "civilian_targeting",
        "Civilians targeted when the act is an attack on civilians or an abduction; empty otherwise.",
    ),
    ("iso", "ISO 3166-1 numeric code of the country the point lies in (4 Afghanistan, 586 Pakistan)."),
    ("region", "ACLED's region of that country."),
    ("country", "The country the point lies in, as the geography places it."),
    ("admin1", "The province the point lies in (the province of the nearest gazetteer place in that country)."),
    ("admin2", "Always empty: Truce does not hold districts."),
    ("admin3", "Always empty."),
    ("location", "The place as the filer named it."),
    ("latitude", "Latitude, decimal degrees, WGS 84."),
    ("longitude", "Longitude, decimal degrees, WGS 84."),
    ("geo_precision", "ACLED's geo_precision as the filer stated it: 1 exact place, 2 near a place, 3 province."),
    ("source", "Truce and the deployment's log origin: every row comes from this mechanism's log."),
    ("source_scale", "Always empty."),
    ("notes", "The allegation's one-line summary."),
    (
        "fatalities",
        "People killed (civilians and combatants), the low estimate: the finding's when it states any, else the claim's. Empty when no figure was stated: ACLED codes unknown fatalities as 0, Truce leaves them empty.",
    ),
    ("tags", "Always empty."),
    ("timestamp", "When the row last changed as the file shows it (filing, finding, penalty), Unix seconds."),
    ("truce_case_id", "The case id."),
    ("truce_status", "The case's status."),
    ("truce_accused", "The accused party's id."),
    ("truce_acts", "Every act type the allegation names, separated by semicolons."),
    ("truce_provisions", "The provisions cited."),
    ("truce_finding", "The finding's occurrence."),
    ("truce_responsible_party", "The id of the party found responsible."),
    ("truce_provisions_breached", "The provisions found breached."),
    ("truce_severity", "The severity found."),
    ("truce_penalty_level", "The decided penalty's level."),
    ("truce_penalty_measure", "The decided penalty's measure."),
    ("truce_fatalities_from", "Where fatalities comes from: finding, or claim; empty when no figure was stated."),
];

/// What a column of ucdp-ged.csv means.
const UCDP: &[(&str, &str)] = &[
    ("id", "The Truce case id."),
    ("year", "The year of date_start."),
    (
        "type_of_violence",
        "1 (state-based) for a confirmed use of force between the forces of two states that a finding attributes; empty otherwise.",
    ),
    ("side_a", "The party found responsible, by its name in the agreement; empty without an attribution."),
    ("side_b", "The other party, in an agreement between two; empty without an attribution."),
    ("where_prec", "UCDP's code from the stated geo_precision: 1 exact place, 2 near a place, 4 province."),
    ("where_description", "The place as the filer named it, or the border sector."),
    ("adm_1", "The province the point lies in."),
    ("latitude", "Latitude, decimal degrees, WGS 84."),
    ("longitude", "Longitude, decimal degrees, WGS 84."),
    ("country", "The country the point lies in."),
    ("date_prec", "UCDP's code: 1 the day, 2 two to six days, 3 a week, 4 a month, 5 longer."),
    ("date_start", "The incident's first day, YYYY-MM-DD (UTC)."),
    ("date_end", "Its last day, YYYY-MM-DD (UTC)."),
    ("deaths_a", "Always empty: claims do not say whose combatants died."),
    ("deaths_b", "Always empty."),
    ("deaths_civilians", "Civilians killed, the claim's best estimate (people); empty when not stated."),
    (
        "deaths_unknown",
        "Combatants killed, the claim's best estimate (people): on which side is not stated; empty when not stated.",
    ),
    ("low", "People killed, the claim's low estimate (civilians and combatants); empty when not stated."),
    ("best", "People killed, the claim's best estimate."),
    ("high", "People killed, the claim's high estimate."),
    ("truce_status", "The case's status."),
    ("truce_accused", "The accused party's id."),
    ("truce_finding", "The finding's occurrence."),
    ("truce_responsible_party", "The id of the party found responsible."),
    ("truce_provisions_breached", "The provisions found breached."),
    (
        "truce_deaths_from",
        "claim when low, best and high hold a claim's figures (UCDP's are coders' estimates from sources); empty when none was stated.",
    ),
];

/// What a column of cases-hxl.csv means (its HXL hashtag is in the file's
/// second row).
const HXL: &[(&str, &str)] = &[
    ("case_id", "The case id."),
    ("occurred", "The incident's first day, YYYY-MM-DD (UTC)."),
    ("occurred_until", "Its last day, for an incident that lasted."),
    ("time_precision", "exact, or day."),
    ("reported", "The day the allegation was filed."),
    ("event_type", "ACLED's event type of the first act."),
    ("sub_event_type", "ACLED's sub-event type of that act."),
    ("acts", "Every act type named, separated by semicolons."),
    ("status", "The case's status."),
    ("finding", "The finding's occurrence."),
    ("accused", "The accused party's id."),
    ("responsible_party", "The id of the party found responsible."),
    ("country", "ISO 3166-1 alpha-3 code of the country the point lies in."),
    ("province", "The province the point lies in."),
    ("location", "The place as the filer named it."),
    ("latitude", "Latitude, decimal degrees, WGS 84."),
    ("longitude", "Longitude, decimal degrees, WGS 84."),
    ("geo_precision", "ACLED's geo_precision: 1, 2 or 3."),
    (
        "killed",
        "People killed, best estimate: the finding's when it states any, else the claim's; empty when not stated.",
    ),
    ("injured", "People injured, best estimate, from the same source; empty when not stated."),
    ("provisions", "The provisions cited."),
    ("summary", "The allegation's one-line summary."),
];

/// The meaning of `column` of `format`, if the dictionary has it.
pub fn meaning(format: Format, column: &str) -> Option<String> {
    let table = match format {
        Format::AcledCsv => ACLED,
        Format::UcdpCsv => UCDP,
        Format::HxlCsv => HXL,
        Format::CasesCsv | Format::CasesGeoJson | Format::FindingsCsv | Format::Kml => TRUCE,
    };
    if let Some((_, m)) = table.iter().find(|(c, _)| *c == column) {
        return Some((*m).to_owned());
    }
    for prefix in ["claimed_", "found_"] {
        if let Some(rest) = column.strip_prefix(prefix) {
            let source = if prefix == "claimed_" { "Claimed by the allegation" } else { "Established by the finding" };
            let (kind, estimate) = rest.rsplit_once('_')?;
            return Some(format!("{source}, {} {estimate} estimate — {CASUALTIES}", kind.replace('_', " ")));
        }
    }
    None
}

/// The columns of `format`, in the file's order.
pub fn columns(format: Format) -> Vec<&'static str> {
    match format {
        Format::CasesCsv | Format::CasesGeoJson | Format::Kml => CASE_COLUMNS.to_vec(),
        Format::FindingsCsv => FINDING_COLUMNS.to_vec(),
        Format::AcledCsv => ACLED_COLUMNS.to_vec(),
        Format::UcdpCsv => UCDP_COLUMNS.to_vec(),
        Format::HxlCsv => HXL_COLUMNS.iter().map(|(c, _)| *c).collect(),
    }
}

/// The HXL hashtag of a column of cases-hxl.csv.
pub fn hxl_tag(column: &str) -> Option<&'static str> {
    HXL_COLUMNS.iter().find(|(c, _)| *c == column).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_every_download_is_explained() {
        for format in Format::ALL {
            for column in columns(format) {
                let m = meaning(format, column);
                assert!(
                    m.as_deref().is_some_and(|m| m.len() > 10),
                    "{}: {column} is not explained",
                    format.file_name()
                );
            }
        }
        let m = meaning(Format::CasesCsv, "claimed_civilians_killed_best").unwrap();
        assert!(
            m.starts_with("Claimed by the allegation, civilians killed best estimate") && m.contains("not zero"),
            "{m}"
        );
        assert!(meaning(Format::AcledCsv, "fatalities").unwrap().contains("ACLED codes unknown fatalities as 0"));
        assert_eq!(meaning(Format::AcledCsv, "no_such_column"), None);
    }
}
