//! The encoders over hand-made rows: what each format writes for a
//! day-only incident, unstated figures and a row that does not read back.

use std::collections::BTreeMap;

use truce_store::ExportRow;

use super::formats::{ACLED_COLUMNS, CASE_COLUMNS, FINDING_COLUMNS, HXL_COLUMNS, UCDP_COLUMNS, spreadsheet_safe};
use super::{Context, Format, formats};

/// A published case known only to the days 15 to 17 October 2025, with
/// civilians killed stated (none injured stated) and a finding that states
/// combatants killed as zero.
fn day_only() -> ExportRow {
    ExportRow {
        id: "2025-10-15-spin-boldak".into(),
        status: "final".into(),
        accused: "AFG".into(),
        provisions: "P1".into(),
        occurred_at: 1_760_486_400,
        occurred_until: Some(1_760_659_200),
        time_precision: "day".into(),
        filed_at: 1_760_700_000,
        summary: "=HYPERLINK(\"http://x\")".into(),
        casualties: Some(r#"{"civilians_killed":{"low":3,"best":5,"high":10}}"#.into()),
        sector: Some("-chaman".into()),
        lat: None,
        lon: None,
        occurrence: Some("confirmed".into()),
        party: Some("AFG".into()),
        breached: Some("P1".into()),
        severity: Some("serious".into()),
        found_casualties: Some(r#"{"combatants_killed":{"low":0,"best":0,"high":0}}"#.into()),
        determined_at: Some(1_761_000_000),
        final_at: Some(1_761_100_000),
        penalty_level: None,
        penalty_measure: None,
        penalty_decided_at: None,
        complied: None,
        complainant: Some("PAK".into()),
        team: None,
        acts: "shelling_artillery,armed_clash".into(),
        geo_precision: Some(2),
        place: Some("Spin Boldak".into()),
        country: Some("AF".into()),
        admin1: Some("Kandahar".into()),
    }
}

/// An exact-time incident at a point, with nothing stated and no finding.
fn exact_unfound() -> ExportRow {
    ExportRow {
        time_precision: "exact".into(),
        occurred_at: 1_760_500_800,
        occurred_until: None,
        casualties: None,
        found_casualties: None,
        occurrence: None,
        party: None,
        breached: None,
        severity: None,
        determined_at: None,
        final_at: None,
        status: "admitted".into(),
        lat: Some(31.0),
        lon: Some(66.4),
        ..day_only()
    }
}

fn context() -> Context {
    Context {
        parties: vec![("PAK".into(), "Pakistan".into()), ("AFG".into(), "Afghanistan (Taliban authorities)".into())],
        origin: "truce.example/log".into(),
        notice: None,
    }
}

fn bytes(format: Format, rows: &[ExportRow]) -> Vec<u8> {
    formats::encode(format, &context(), rows, true, false, true).unwrap()
}

/// Each data row of a CSV, as column name → cell; `skip` rows after the header.
fn csv(format: Format, row: ExportRow, skip: usize) -> BTreeMap<String, String> {
    let bytes = bytes(format, &[row]);
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().nth(skip).unwrap().unwrap();
    assert_eq!(headers.len(), record.len());
    headers.iter().map(str::to_owned).zip(record.iter().map(str::to_owned)).collect()
}

#[test]
fn a_day_only_incident_is_exported_as_its_days_and_unstated_figures_as_empty_cells() {
    let cells = csv(Format::CasesCsv, day_only(), 0);
    assert_eq!(cells.len(), CASE_COLUMNS.len());
    assert_eq!(cells["occurred_at"], "2025-10-15", "a date, not midnight");
    assert_eq!(cells["occurred_until"], "2025-10-17", "the last day");
    assert_eq!(cells["time_precision"], "day");
    let claimed = |kind: &str| ["low", "best", "high"].map(|e| cells[&format!("claimed_{kind}_{e}")].clone());
    assert_eq!(claimed("civilians_killed"), ["3", "5", "10"]);
    for kind in ["civilians_injured", "combatants_killed", "combatants_injured"] {
        assert_eq!(claimed(kind), ["", "", ""], "{kind} was not stated: empty, never 0");
    }
    // Text a filer wrote is neutralised in the new columns as in the old.
    assert_eq!(cells["summary"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(cells["sector"], "'-chaman");

    let cells = csv(Format::FindingsCsv, day_only(), 0);
    assert_eq!(cells.len(), FINDING_COLUMNS.len());
    assert_eq!((cells["occurred_at"].as_str(), cells["occurred_until"].as_str()), ("2025-10-15", "2025-10-17"));
    assert_eq!(cells["found_combatants_killed_best"], "0", "a figure stated as zero is 0");
    assert_eq!(cells["found_civilians_killed_best"], "", "not stated in the finding");
}

#[test]
fn an_exact_time_is_exported_as_a_time_and_nothing_stated_as_empty_cells() {
    let cells = csv(Format::CasesCsv, exact_unfound(), 0);
    assert_eq!(cells["occurred_at"], "2025-10-15T04:00:00Z");
    assert_eq!((cells["occurred_until"].as_str(), cells["time_precision"].as_str()), ("", "exact"));
    assert!(CASE_COLUMNS.iter().filter(|c| c.starts_with("claimed_")).all(|c| cells[*c].is_empty()));

    let geojson: serde_json::Value = serde_json::from_slice(&bytes(Format::CasesGeoJson, &[exact_unfound()])).unwrap();
    let properties = &geojson["features"][0]["properties"];
    assert_eq!(properties["claimed_civilians_killed_best"], serde_json::Value::Null);
    assert_eq!(properties["time_precision"], "exact");
}

#[test]
fn the_acled_csv_has_acleds_columns_in_acleds_order_then_truces() {
    let canonical = "event_id_cnty, event_date, year, time_precision, disorder_type, event_type, sub_event_type, \
        actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, \
        country, admin1, admin2, admin3, location, latitude, longitude, geo_precision, source, source_scale, notes, \
        fatalities, tags, timestamp";
    let canonical: Vec<&str> = canonical.split(", ").collect();
    assert_eq!(ACLED_COLUMNS.get(..canonical.len()).unwrap(), canonical.as_slice());
    assert!(ACLED_COLUMNS.get(canonical.len()..).unwrap().iter().all(|c| c.starts_with("truce_")));

    let cells = csv(Format::AcledCsv, day_only(), 0);
    let expect = [
        ("event_id_cnty", "2025-10-15-spin-boldak"),
        ("event_date", "2025-10-15"),
        ("year", "2025"),
        ("time_precision", "2"),
        ("disorder_type", "Political violence"),
        ("event_type", "Explosions/Remote violence"),
        ("sub_event_type", "Shelling/artillery/missile attack"),
        ("actor1", "Afghanistan (Taliban authorities)"),
        ("inter1", "State forces"),
        ("actor2", ""),
        ("interaction", ""),
        ("civilian_targeting", ""),
        ("iso", "4"),
        ("region", "Caucasus and Central Asia"),
        ("country", "Afghanistan"),
        ("admin1", "Kandahar"),
        ("admin2", ""),
        ("location", "Spin Boldak"),
        ("geo_precision", "2"),
        ("source", "Truce (truce.example/log)"),
        ("notes", "'=HYPERLINK(\"http://x\")"),
        // The finding stated combatants killed as 0 and nothing of
        // civilians: its figure (0) is the most conservative stated.
        ("fatalities", "0"),
        ("truce_fatalities_from", "finding"),
        ("timestamp", "1761100000"),
        ("truce_acts", "shelling_artillery;armed_clash"),
        ("truce_finding", "confirmed"),
        ("truce_responsible_party", "AFG"),
    ];
    for (column, value) in expect {
        assert_eq!(cells[column], value, "{column}");
    }

    // Nothing stated anywhere: fatalities are empty, where ACLED would write 0.
    let cells = csv(Format::AcledCsv, exact_unfound(), 0);
    assert_eq!((cells["fatalities"].as_str(), cells["truce_fatalities_from"].as_str()), ("", ""));
    assert_eq!((cells["actor1"].as_str(), cells["inter1"].as_str()), ("", ""), "no finding, no actor");
    assert_eq!((cells["time_precision"].as_str(), cells["event_date"].as_str()), ("1", "2025-10-15"));
    assert_eq!((cells["latitude"].as_str(), cells["longitude"].as_str()), ("31", "66.4"));
}

#[test]
fn the_ucdp_csv_dates_and_counts_as_the_codebook_and_labels_claims() {
    let cells = csv(Format::UcdpCsv, day_only(), 0);
    assert_eq!(cells.len(), UCDP_COLUMNS.len());
    let expect = [
        ("id", "2025-10-15-spin-boldak"),
        ("year", "2025"),
        ("type_of_violence", "1"),
        ("side_a", "Afghanistan (Taliban authorities)"),
        ("side_b", "Pakistan"),
        ("where_prec", "2"),
        ("where_description", "Spin Boldak"),
        ("adm_1", "Kandahar"),
        ("country", "Afghanistan"),
        ("date_prec", "2"),
        ("date_start", "2025-10-15"),
        ("date_end", "2025-10-17"),
        ("deaths_a", ""),
        ("deaths_b", ""),
        ("deaths_civilians", "5"),
        ("deaths_unknown", ""),
        ("low", "3"),
        ("best", "5"),
        ("high", "10"),
        ("truce_deaths_from", "claim"),
    ];
    for (column, value) in expect {
        assert_eq!(cells[column], value, "{column}");
    }
    let cells = csv(Format::UcdpCsv, exact_unfound(), 0);
    assert_eq!(cells["type_of_violence"], "", "no finding: not coded as state-based violence");
    assert_eq!((cells["best"].as_str(), cells["truce_deaths_from"].as_str()), ("", ""));
    assert_eq!(
        (cells["date_start"].as_str(), cells["date_end"].as_str(), cells["date_prec"].as_str()),
        ("2025-10-15", "2025-10-15", "1")
    );
}

#[test]
fn the_hxl_csv_has_a_hashtag_row_under_the_header() {
    let tags = csv(Format::HxlCsv, day_only(), 0);
    assert_eq!(tags["case_id"], "#event+id");
    assert_eq!(tags["occurred"], "#date+occurred");
    assert_eq!(tags["latitude"], "#geo+lat");
    assert_eq!(tags["responsible_party"], "#group+name+first");
    assert_eq!(tags["killed"], "#affected+killed");
    let cells = csv(Format::HxlCsv, day_only(), 1);
    assert_eq!(cells.len(), HXL_COLUMNS.len());
    assert_eq!((cells["occurred"].as_str(), cells["occurred_until"].as_str()), ("2025-10-15", "2025-10-17"));
    assert_eq!((cells["country"].as_str(), cells["province"].as_str()), ("AFG", "Kandahar"));
    assert_eq!((cells["killed"].as_str(), cells["injured"].as_str()), ("0", ""), "the finding's figures");
    let cells = csv(Format::HxlCsv, exact_unfound(), 1);
    assert_eq!((cells["killed"].as_str(), cells["occurred_until"].as_str()), ("", ""));
}

#[test]
fn kml_places_every_feature_of_the_geojson_with_its_time_and_data() {
    let rows = [day_only(), exact_unfound()];
    let geojson: serde_json::Value = serde_json::from_slice(&bytes(Format::CasesGeoJson, &rows)).unwrap();
    let kml = String::from_utf8(bytes(Format::Kml, &rows)).unwrap();
    let doc = roxmltree::Document::parse(&kml).unwrap();
    let ns = "http://www.opengis.net/kml/2.2";
    assert_eq!(doc.root_element().tag_name().namespace(), Some(ns));
    let placemarks: Vec<_> = doc.descendants().filter(|n| n.has_tag_name((ns, "Placemark"))).collect();
    let features = geojson["features"].as_array().unwrap();
    assert_eq!(placemarks.len(), features.len());
    for (p, f) in placemarks.iter().zip(features) {
        assert_eq!(p.attribute("id").and_then(|id| id.strip_prefix("case-")), f["id"].as_str());
        let data: BTreeMap<&str, &str> = p
            .descendants()
            .filter(|n| n.has_tag_name((ns, "Data")))
            .map(|d| {
                (
                    d.attribute("name").unwrap(),
                    d.descendants().find(|v| v.has_tag_name((ns, "value"))).unwrap().text().unwrap_or(""),
                )
            })
            .collect();
        for (k, v) in f["properties"].as_object().unwrap() {
            let kml_value = data.get(k.as_str()).copied();
            match v {
                serde_json::Value::Null => assert_eq!(kml_value, None, "{k}: null in GeoJSON, absent in KML"),
                serde_json::Value::String(s) => assert_eq!(kml_value, Some(s.as_str()), "{k}"),
                other => assert_eq!(kml_value, Some(other.to_string().as_str()), "{k}"),
            }
        }
        let coordinates = p.descendants().find(|n| n.has_tag_name((ns, "coordinates"))).and_then(|n| n.text());
        match f["geometry"]["coordinates"].as_array() {
            Some(c) => {
                let kml: Vec<f64> = coordinates.unwrap().split(',').map(|n| n.parse().unwrap()).collect();
                let geojson: Vec<f64> = c.iter().map(|n| n.as_f64().unwrap()).collect();
                assert_eq!(kml, geojson, "lon,lat in both");
            }
            None => assert_eq!(coordinates, None),
        }
    }
    let span = placemarks[0].descendants().find(|n| n.has_tag_name((ns, "TimeSpan"))).unwrap();
    let text = |tag: &str| span.descendants().find(|n| n.has_tag_name((ns, tag))).and_then(|n| n.text());
    assert_eq!((text("begin"), text("end")), (Some("2025-10-15"), Some("2025-10-17")));
    let when = placemarks[1].descendants().find(|n| n.has_tag_name((ns, "when"))).and_then(|n| n.text());
    assert_eq!(when, Some("2025-10-15T04:00:00Z"));
}

#[test]
fn a_row_that_does_not_read_back_fails_the_download_rather_than_guess() {
    let ctx = context();
    let bad = ExportRow { casualties: Some("{\"dead\":1}".into()), ..day_only() };
    assert!(formats::encode(Format::CasesCsv, &ctx, &[bad], true, false, true).unwrap_err().contains("casualties"));
    let bad = ExportRow { time_precision: "hour".into(), ..day_only() };
    let e = formats::encode(Format::FindingsCsv, &ctx, &[bad], true, false, true).unwrap_err();
    assert!(e.contains("time_precision"), "{e}");
    let bad = ExportRow { acts: "shelling".into(), ..day_only() };
    assert!(formats::encode(Format::AcledCsv, &ctx, &[bad], true, false, true).unwrap_err().contains("acts"));
    let bad = ExportRow { country: Some("IR".into()), ..day_only() };
    assert!(formats::encode(Format::UcdpCsv, &ctx, &[bad], true, false, true).unwrap_err().contains("country"));
}

#[test]
fn a_cell_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not() {
    for formula in ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
        assert_eq!(spreadsheet_safe(formula.into()), format!("'{formula}"), "{formula:?}");
    }
    for plain in ["-33.25", "+4", "Shelling at Chaman", "", "2025-10-15T04:00:00Z"] {
        assert_eq!(spreadsheet_safe(plain.into()), plain, "{plain:?}");
    }
}

#[test]
fn every_format_has_its_own_file_name_and_is_found_by_it() {
    for f in Format::ALL {
        assert_eq!(Format::from_file_name(f.file_name()), Some(f));
    }
    assert_eq!(Format::from_file_name("cases.xlsx"), None);
}

/// The GeoJSON feature written straight to bytes is, byte for byte, the
/// one the `serde_json` tree gave: rows with and without a place, a span,
/// figures, a finding, a decided penalty complied with or not, and text
/// that JSON must escape.
#[test]
fn a_geojson_feature_written_directly_is_the_tree_one_byte_for_byte() {
    let mut rows = vec![day_only(), exact_unfound()];
    for (i, complied) in [None, Some(true), Some(false)].into_iter().enumerate() {
        rows.push(ExportRow {
            id: format!("case-{i}"),
            summary: format!("Line one\nline \"two\" \\ tab\t and ünïcode {i} </script>"),
            lat: Some(29.123456789 + i as f64),
            lon: Some(-0.5 * i as f64),
            penalty_level: Some(i as i64 + 1),
            penalty_measure: Some("Written warning".into()),
            penalty_decided_at: Some(1_761_200_000),
            complied,
            casualties: Some(
                r#"{"civilians_killed":{"low":0,"best":1,"high":2},"combatants_injured":{"low":4,"best":4,"high":9}}"#
                    .into(),
            ),
            ..day_only()
        });
    }
    for row in &rows {
        let decoded = super::decode(row).unwrap();
        let tree = serde_json::to_vec(&formats::feature_as_tree(row, &decoded)).unwrap();
        let direct = formats::feature_bytes(row, &decoded).unwrap();
        assert_eq!(String::from_utf8(direct).unwrap(), String::from_utf8(tree).unwrap(), "{}", row.id);
    }
}
