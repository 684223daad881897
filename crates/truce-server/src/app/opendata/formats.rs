//! The encoders, one per format, over the same decoded row: each writes
//! its own columns from the same facts, so that the formats can only
//! differ in how they say something, never in what.

use std::fmt::Write as _;

use truce_core::case::{Casualties, Estimate, TimePrecision};
use truce_store::ExportRow;

use super::conventions as conv;
use super::{Context, Decoded, Format, decode};

/// The columns of `cases.csv`, also the properties of each GeoJSON feature
/// and the `ExtendedData` of each KML placemark.
pub const CASE_COLUMNS: [&str; 33] = [
    "id",
    "status",
    "accused",
    "provisions",
    "occurred_at",
    "occurred_until",
    "time_precision",
    "filed_at",
    "sector",
    "lat",
    "lon",
    "summary",
    "claimed_civilians_killed_low",
    "claimed_civilians_killed_best",
    "claimed_civilians_killed_high",
    "claimed_civilians_injured_low",
    "claimed_civilians_injured_best",
    "claimed_civilians_injured_high",
    "claimed_combatants_killed_low",
    "claimed_combatants_killed_best",
    "claimed_combatants_killed_high",
    "claimed_combatants_injured_low",
    "claimed_combatants_injured_best",
    "claimed_combatants_injured_high",
    "finding",
    "responsible_party",
    "provisions_breached",
    "severity",
    "final_at",
    "penalty_level",
    "penalty_measure",
    "penalty_decided_at",
    "complied",
];

/// The columns of `findings.csv`.
pub const FINDING_COLUMNS: [&str; 25] = [
    "case_id",
    "status",
    "accused",
    "occurred_at",
    "occurred_until",
    "time_precision",
    "sector",
    "finding",
    "responsible_party",
    "provisions_breached",
    "severity",
    "found_civilians_killed_low",
    "found_civilians_killed_best",
    "found_civilians_killed_high",
    "found_civilians_injured_low",
    "found_civilians_injured_best",
    "found_civilians_injured_high",
    "found_combatants_killed_low",
    "found_combatants_killed_best",
    "found_combatants_killed_high",
    "found_combatants_injured_low",
    "found_combatants_injured_best",
    "found_combatants_injured_high",
    "determined_at",
    "final_at",
];

/// The columns of `acled.csv`: ACLED's, in ACLED's canonical order, then
/// Truce's own.
pub const ACLED_COLUMNS: [&str; 43] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "truce_case_id",
    "truce_status",
    "truce_accused",
    "truce_acts",
    "truce_provisions",
    "truce_finding",
    "truce_responsible_party",
    "truce_provisions_breached",
    "truce_severity",
    "truce_penalty_level",
    "truce_penalty_measure",
    "truce_fatalities_from",
];

/// The columns of `ucdp-ged.csv`: UCDP GED's that Truce can fill, in the
/// codebook's order, then Truce's own.
pub const UCDP_COLUMNS: [&str; 27] = [
    "id",
    "year",
    "type_of_violence",
    "side_a",
    "side_b",
    "where_prec",
    "where_description",
    "adm_1",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "low",
    "best",
    "high",
    "truce_status",
    "truce_accused",
    "truce_finding",
    "truce_responsible_party",
    "truce_provisions_breached",
    "truce_deaths_from",
];

/// The columns of `cases-hxl.csv` and the HXL hashtag under each.
pub const HXL_COLUMNS: [(&str, &str); 22] = [
    ("case_id", "#event+id"),
    ("occurred", "#date+occurred"),
    ("occurred_until", "#date+end"),
    ("time_precision", "#date+precision"),
    ("reported", "#date+reported"),
    ("event_type", "#event+type"),
    ("sub_event_type", "#event+type+sub"),
    ("acts", "#event+type+truce"),
    ("status", "#status+case"),
    ("finding", "#status+verification"),
    ("accused", "#group+name+accused"),
    ("responsible_party", "#group+name+first"),
    ("country", "#country+code"),
    ("province", "#adm1+name"),
    ("location", "#loc+name"),
    ("latitude", "#geo+lat"),
    ("longitude", "#geo+lon"),
    ("geo_precision", "#geo+precision"),
    ("killed", "#affected+killed"),
    ("injured", "#affected+injured"),
    ("provisions", "#meta+provisions"),
    ("summary", "#description"),
];

fn at(secs: i64) -> Option<jiff::Timestamp> {
    jiff::Timestamp::from_second(secs).ok()
}

fn time(secs: Option<i64>) -> String {
    secs.and_then(at).map(|t| t.to_string()).unwrap_or_default()
}

/// The UTC day of a time, `2025-10-15`.
fn date(secs: Option<i64>) -> String {
    secs.and_then(at).map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date().to_string()).unwrap_or_default()
}

/// The time of an incident as precisely as it is known: a date for an
/// incident known only to the day, the time otherwise.
fn incident_time(secs: Option<i64>, precision: TimePrecision) -> String {
    match precision {
        TimePrecision::Exact => time(secs),
        TimePrecision::Day => date(secs),
    }
}

fn list(s: &str) -> String {
    truce_node::projection::list_items(s).join(";")
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn num<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The twelve casualty figures (low, best, high of each kind, in the order
/// of the columns), `None` where the figure was not stated.
fn figures(c: &Casualties) -> [Option<u32>; 12] {
    let [a, b, c, d] = c.named().map(|(_, e)| e);
    let spread = |e: Option<Estimate>| [e.map(|e| e.low), e.map(|e| e.best), e.map(|e| e.high)];
    let ([a1, a2, a3], [b1, b2, b3], [c1, c2, c3], [d1, d2, d3]) = (spread(a), spread(b), spread(c), spread(d));
    [a1, a2, a3, b1, b2, b3, c1, c2, c3, d1, d2, d3]
}

/// The killed (civilians and combatants) as `(low, best, high)`, summing
/// what was stated; `None` when neither figure was.
fn killed(c: &Casualties) -> Option<(u32, u32, u32)> {
    let [civilians, _, combatants, _] = c.named().map(|(_, e)| e);
    match (civilians, combatants) {
        (None, None) => None,
        (a, b) => {
            let sum = |f: fn(&Estimate) -> u32| a.as_ref().map_or(0, f).saturating_add(b.as_ref().map_or(0, f));
            Some((sum(|e| e.low), sum(|e| e.best), sum(|e| e.high)))
        }
    }
}

/// The injured (civilians and combatants), best estimates summed.
fn injured(c: &Casualties) -> Option<u32> {
    let [_, civilians, _, combatants] = c.named().map(|(_, e)| e);
    match (civilians, combatants) {
        (None, None) => None,
        (a, b) => Some(a.map_or(0, |e| e.best).saturating_add(b.map_or(0, |e| e.best))),
    }
}

/// The casualties a row's figures come from: the finding's when it states
/// any, else the claim's, and which of the two.
fn toll(d: &Decoded) -> (&Casualties, &'static str) {
    if !d.found.is_unknown() {
        (&d.found, "finding")
    } else if !d.claimed.is_unknown() {
        (&d.claimed, "claim")
    } else {
        (&d.claimed, "")
    }
}

/// The country of a row, if the geography placed it in one.
fn country(r: &ExportRow) -> Result<Option<conv::Country>, String> {
    match r.country.as_deref() {
        None => Ok(None),
        Some(code) => conv::country(code)
            .map(Some)
            .ok_or_else(|| format!("cases row {}: column country {code:?} is unknown", r.id)),
    }
}

/// When the row last changed as far as it shows: ACLED's `timestamp`.
fn changed_at(r: &ExportRow) -> i64 {
    [Some(r.filed_at), r.determined_at, r.final_at, r.penalty_decided_at].into_iter().flatten().max().unwrap_or(0)
}

fn case_fields(r: &ExportRow, d: &Decoded) -> [String; 33] {
    let [k1, k2, k3, i1, i2, i3, ck1, ck2, ck3, ci1, ci2, ci3] = figures(&d.claimed).map(num);
    [
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        list(&r.provisions),
        incident_time(Some(r.occurred_at), d.precision),
        incident_time(r.occurred_until, d.precision),
        d.precision.as_str().to_owned(),
        time(Some(r.filed_at)),
        text(&r.sector),
        num(r.lat),
        num(r.lon),
        r.summary.clone(),
        k1,
        k2,
        k3,
        i1,
        i2,
        i3,
        ck1,
        ck2,
        ck3,
        ci1,
        ci2,
        ci3,
        text(&r.occurrence),
        text(&r.party),
        list(r.breached.as_deref().unwrap_or("")),
        text(&r.severity),
        time(r.final_at),
        num(r.penalty_level),
        text(&r.penalty_measure),
        time(r.penalty_decided_at),
        num(r.complied),
    ]
}

fn finding_fields(r: &ExportRow, d: &Decoded) -> [String; 25] {
    let [k1, k2, k3, i1, i2, i3, ck1, ck2, ck3, ci1, ci2, ci3] = figures(&d.found).map(num);
    [
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        incident_time(Some(r.occurred_at), d.precision),
        incident_time(r.occurred_until, d.precision),
        d.precision.as_str().to_owned(),
        text(&r.sector),
        text(&r.occurrence),
        text(&r.party),
        list(r.breached.as_deref().unwrap_or("")),
        text(&r.severity),
        k1,
        k2,
        k3,
        i1,
        i2,
        i3,
        ck1,
        ck2,
        ck3,
        ci1,
        ci2,
        ci3,
        time(r.determined_at),
        time(r.final_at),
    ]
}

fn acled_fields(ctx: &Context, r: &ExportRow, d: &Decoded) -> Result<[String; 43], String> {
    let days = conv::span_days(r.occurred_at, r.occurred_until);
    // The first act named is the event; every act is in `truce_acts`.
    let first = d.acts.first().copied();
    let (disorder, event, sub) = first.and_then(conv::acled_event).map_or(("", "", ""), |e| e);
    let actor1 = r.party.as_deref().map(|p| ctx.party_name(p).to_owned()).unwrap_or_default();
    let inter1 = r.party.as_deref().and_then(conv::acled_actor_type).unwrap_or_default();
    let place = country(r)?;
    let (toll, from) = toll(d);
    let fatalities = killed(toll).map(|(low, _, _)| low);
    let acts: Vec<&str> = d.acts.iter().map(|a| a.as_str()).collect();
    Ok([
        r.id.clone(),
        date(Some(r.occurred_at)),
        date(Some(r.occurred_at)).get(..4).unwrap_or_default().to_owned(),
        conv::acled_time_precision(days).to_string(),
        disorder.to_owned(),
        event.to_owned(),
        sub.to_owned(),
        actor1,
        String::new(),
        inter1.to_owned(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        first.and_then(conv::civilian_targeting).unwrap_or_default().to_owned(),
        num(place.map(|c| c.numeric)),
        place.map(|c| c.acled_region).unwrap_or_default().to_owned(),
        place.map(|c| c.name).unwrap_or_default().to_owned(),
        text(&r.admin1),
        String::new(),
        String::new(),
        text(&r.place),
        num(r.lat),
        num(r.lon),
        num(r.geo_precision),
        format!("Truce ({})", ctx.origin),
        String::new(),
        r.summary.clone(),
        num(fatalities),
        String::new(),
        changed_at(r).to_string(),
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        acts.join(";"),
        list(&r.provisions),
        text(&r.occurrence),
        text(&r.party),
        list(r.breached.as_deref().unwrap_or("")),
        text(&r.severity),
        num(r.penalty_level),
        text(&r.penalty_measure),
        if fatalities.is_some() { from.to_owned() } else { String::new() },
    ])
}

/// Whether a row is an inter-state use of force (UCDP's state-based
/// violence, `type_of_violence` 1): a finding attributes it to a party that
/// is a state's forces, the other party is one too, and the act is force
/// between them.
fn inter_state(ctx: &Context, r: &ExportRow, d: &Decoded) -> bool {
    use truce_core::vocab::ActType::{AirDroneStrike, ArmedClash, GroundIncursion, ShellingArtillery};
    let Some(party) = r.party.as_deref() else { return false };
    let force = d.acts.iter().any(|a| matches!(a, ArmedClash | ShellingArtillery | AirDroneStrike | GroundIncursion));
    let states =
        conv::acled_actor_type(party).is_some() && ctx.other_party(party).and_then(conv::acled_actor_type).is_some();
    r.occurrence.as_deref() == Some("confirmed") && force && states
}

fn ucdp_fields(ctx: &Context, r: &ExportRow, d: &Decoded) -> Result<[String; 27], String> {
    let days = conv::span_days(r.occurred_at, r.occurred_until);
    let side_a = r.party.as_deref();
    let side_b = side_a.and_then(|a| ctx.other_party(a));
    let place = country(r)?;
    // UCDP's deaths are estimates a coder made from sources; Truce's are
    // the claim filed (labelled in `truce_deaths_from`).
    let [civilians, _, combatants, _] = d.claimed.named().map(|(_, e)| e);
    let deaths = killed(&d.claimed);
    let where_description = match (&r.place, &r.sector) {
        (Some(p), _) => p.clone(),
        (None, Some(s)) => format!("border sector {s}"),
        (None, None) => String::new(),
    };
    Ok([
        r.id.clone(),
        date(Some(r.occurred_at)).get(..4).unwrap_or_default().to_owned(),
        if inter_state(ctx, r, d) { String::from("1") } else { String::new() },
        side_a.map(|p| ctx.party_name(p).to_owned()).unwrap_or_default(),
        side_b.map(|p| ctx.party_name(p).to_owned()).unwrap_or_default(),
        num(r.geo_precision.and_then(conv::ucdp_where_prec)),
        where_description,
        text(&r.admin1),
        num(r.lat),
        num(r.lon),
        place.map(|c| c.name).unwrap_or_default().to_owned(),
        conv::ucdp_date_prec(days).to_string(),
        date(Some(r.occurred_at)),
        date(Some(r.occurred_until.unwrap_or(r.occurred_at))),
        String::new(),
        String::new(),
        num(civilians.map(|e| e.best)),
        num(combatants.map(|e| e.best)),
        num(deaths.map(|(low, _, _)| low)),
        num(deaths.map(|(_, best, _)| best)),
        num(deaths.map(|(_, _, high)| high)),
        r.status.clone(),
        r.accused.clone(),
        text(&r.occurrence),
        text(&r.party),
        list(r.breached.as_deref().unwrap_or("")),
        if deaths.is_some() { String::from("claim") } else { String::new() },
    ])
}

fn hxl_fields(r: &ExportRow, d: &Decoded) -> Result<[String; 22], String> {
    let first = d.acts.first().copied();
    let (_, event, sub) = first.and_then(conv::acled_event).map_or(("", "", ""), |e| e);
    let acts: Vec<&str> = d.acts.iter().map(|a| a.as_str()).collect();
    let (toll, _) = toll(d);
    Ok([
        r.id.clone(),
        date(Some(r.occurred_at)),
        date(r.occurred_until),
        d.precision.as_str().to_owned(),
        date(Some(r.filed_at)),
        event.to_owned(),
        sub.to_owned(),
        acts.join(";"),
        r.status.clone(),
        text(&r.occurrence),
        r.accused.clone(),
        text(&r.party),
        country(r)?.map(|c| c.alpha3).unwrap_or_default().to_owned(),
        text(&r.admin1),
        text(&r.place),
        num(r.lat),
        num(r.lon),
        num(r.geo_precision),
        num(killed(toll).map(|(_, best, _)| best)),
        num(injured(toll)),
        list(&r.provisions),
        r.summary.clone(),
    ])
}

/// A property of a GeoJSON feature, as the JSON it becomes.
enum Property {
    Null,
    Text(String),
    Count(u32),
    Level(i64),
    Flag(bool),
}

/// Writes the GeoJSON feature of a case: its id, its point (none without a
/// place) and every column of `cases.csv` but the coordinates as a
/// property, `null` where empty, the penalty's level and compliance and the
/// claimed figures as numbers. Written straight to `out`, keys in sorted
/// order (as a `serde_json` map writes them, which is how the feature was
/// first made, and a test keeps the two byte for byte equal): a million
/// features built as JSON trees first spent most of a download allocating.
fn write_feature(out: &mut Vec<u8>, r: &ExportRow, d: &Decoded) -> Result<(), String> {
    let mut properties: std::collections::BTreeMap<&'static str, Property> = std::collections::BTreeMap::new();
    for (k, v) in CASE_COLUMNS.iter().zip(case_fields(r, d)) {
        if *k == "lat" || *k == "lon" {
            continue;
        }
        properties.insert(k, if v.is_empty() { Property::Null } else { Property::Text(v) });
    }
    if let Some(level) = r.penalty_level {
        properties.insert("penalty_level", Property::Level(level));
    }
    if let Some(c) = r.complied {
        properties.insert("complied", Property::Flag(c));
    }
    let claimed = CASE_COLUMNS.iter().filter(|k| k.starts_with("claimed_"));
    for (k, n) in claimed.zip(figures(&d.claimed)) {
        properties.insert(k, n.map_or(Property::Null, Property::Count));
    }
    out.extend_from_slice(b"{\"geometry\":");
    match (r.lon, r.lat) {
        (Some(lon), Some(lat)) => {
            out.extend_from_slice(b"{\"coordinates\":[");
            json(out, &lon)?;
            out.push(b',');
            json(out, &lat)?;
            out.extend_from_slice(b"],\"type\":\"Point\"}");
        }
        _ => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"id\":");
    json(out, &r.id.as_str())?;
    out.extend_from_slice(b",\"properties\":{");
    for (i, (k, v)) in properties.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json(out, k)?;
        out.push(b':');
        match v {
            Property::Null => out.extend_from_slice(b"null"),
            Property::Text(t) => json(out, &t.as_str())?,
            Property::Count(n) => json(out, n)?,
            Property::Level(n) => json(out, n)?,
            Property::Flag(b) => json(out, b)?,
        }
    }
    out.extend_from_slice(b"},\"type\":\"Feature\"}");
    Ok(())
}

/// One JSON value, as `serde_json` writes it.
fn json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), String> {
    serde_json::to_writer(out, value).map_err(|e| e.to_string())
}

/// The feature as it was first made, through a `serde_json` tree: the
/// reference [`write_feature`] is held to, byte for byte.
#[cfg(test)]
pub(super) fn feature_as_tree(r: &ExportRow, d: &Decoded) -> serde_json::Value {
    let geometry = match (r.lon, r.lat) {
        (Some(lon), Some(lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => serde_json::Value::Null,
    };
    let mut properties = serde_json::Map::new();
    for (k, v) in CASE_COLUMNS.iter().zip(case_fields(r, d)) {
        if *k == "lat" || *k == "lon" {
            continue;
        }
        let value = if v.is_empty() { serde_json::Value::Null } else { serde_json::Value::String(v) };
        properties.insert((*k).to_owned(), value);
    }
    if let Some(level) = r.penalty_level {
        properties.insert(String::from("penalty_level"), level.into());
    }
    if let Some(c) = r.complied {
        properties.insert(String::from("complied"), c.into());
    }
    let claimed = CASE_COLUMNS.iter().filter(|k| k.starts_with("claimed_"));
    for (k, n) in claimed.zip(figures(&d.claimed)) {
        properties.insert((*k).to_owned(), n.map_or(serde_json::Value::Null, serde_json::Value::from));
    }
    serde_json::json!({"type": "Feature", "id": r.id, "geometry": geometry, "properties": properties})
}

/// Writes one feature for the tests, as a download writes it.
#[cfg(test)]
pub(super) fn feature_bytes(r: &ExportRow, d: &Decoded) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    write_feature(&mut out, r, d)?;
    Ok(out)
}

/// A KML placemark with the same facts as the GeoJSON feature: its id
/// (`case-` and the case id, since an XML id may not begin with a digit),
/// the point as `lon,lat`, the incident's time as a `TimeStamp` or a
/// `TimeSpan`, and every property in `ExtendedData` (a property that is
/// `null` in GeoJSON is absent).
fn placemark(r: &ExportRow, d: &Decoded, out: &mut String) -> Result<(), String> {
    let fields = case_fields(r, d);
    let id = crate::app::xml::text(&r.id)?;
    let _ = write!(out, "<Placemark id=\"case-{id}\"><name>{id}</name>");
    let _ = write!(out, "<description>{}</description>", crate::app::xml::text(&r.summary)?);
    let begin = incident_time(Some(r.occurred_at), d.precision);
    match r.occurred_until {
        Some(_) => {
            let end = incident_time(r.occurred_until, d.precision);
            let _ = write!(out, "<TimeSpan><begin>{begin}</begin><end>{end}</end></TimeSpan>");
        }
        None => {
            let _ = write!(out, "<TimeStamp><when>{begin}</when></TimeStamp>");
        }
    }
    out.push_str("<ExtendedData>");
    for (k, v) in CASE_COLUMNS.iter().zip(fields) {
        if *k == "lat" || *k == "lon" || v.is_empty() {
            continue;
        }
        let _ = write!(out, "<Data name=\"{k}\"><value>{}</value></Data>", crate::app::xml::text(&v)?);
    }
    out.push_str("</ExtendedData>");
    if let (Some(lon), Some(lat)) = (r.lon, r.lat) {
        let _ = write!(out, "<Point><coordinates>{lon},{lat}</coordinates></Point>");
    }
    out.push_str("</Placemark>\n");
    Ok(())
}

/// A cell a spreadsheet will not run: text a filer wrote that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula, so
/// it gets a leading `'` (OWASP's advice for CSV injection). A number, such
/// as a negative coordinate, is left as it is.
pub(crate) fn spreadsheet_safe(cell: String) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() { format!("'{cell}") } else { cell }
}

fn csv_record<const N: usize>(w: &mut csv::Writer<Vec<u8>>, fields: [String; N]) -> Result<(), String> {
    w.write_record(fields.map(spreadsheet_safe)).map_err(|e| e.to_string())
}

/// Encodes one page of rows: `header` adds the header, `wrote` says rows
/// were written before (a GeoJSON feature then needs a separator), `last`
/// adds the end.
pub(super) fn encode(
    format: Format,
    ctx: &Context,
    rows: &[ExportRow],
    header: bool,
    wrote: bool,
    last: bool,
) -> Result<Vec<u8>, String> {
    match format {
        Format::CasesGeoJson => {
            let mut out = Vec::new();
            if header {
                out.extend_from_slice(b"{\"type\":\"FeatureCollection\",");
                if let Some(n) = &ctx.notice {
                    let n = serde_json::to_string(n).map_err(|e| e.to_string())?;
                    out.extend_from_slice(format!("\"sample_data\":{n},").as_bytes());
                }
                out.extend_from_slice(b"\"features\":[\n");
            }
            for (i, r) in rows.iter().enumerate() {
                if wrote || i > 0 {
                    out.extend_from_slice(b",\n");
                }
                let d = decode(r).map_err(|e| e.to_string())?;
                write_feature(&mut out, r, &d)?;
            }
            if last {
                out.extend_from_slice(b"\n]}\n");
            }
            Ok(out)
        }
        Format::Kml => {
            let mut out = String::new();
            if header {
                out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
                out.push_str("<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><name>Truce cases</name>\n");
                if let Some(n) = &ctx.notice {
                    out.push_str(&format!("<description>{}</description>\n", crate::app::xml::text(n)?));
                }
            }
            for r in rows {
                let d = decode(r).map_err(|e| e.to_string())?;
                placemark(r, &d, &mut out)?;
            }
            if last {
                out.push_str("</Document></kml>\n");
            }
            Ok(out.into_bytes())
        }
        Format::CasesCsv | Format::FindingsCsv | Format::AcledCsv | Format::UcdpCsv | Format::HxlCsv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            if header {
                let e = |e: csv::Error| e.to_string();
                match format {
                    Format::CasesCsv => w.write_record(CASE_COLUMNS).map_err(e)?,
                    Format::FindingsCsv => w.write_record(FINDING_COLUMNS).map_err(e)?,
                    Format::AcledCsv => w.write_record(ACLED_COLUMNS).map_err(e)?,
                    Format::UcdpCsv => w.write_record(UCDP_COLUMNS).map_err(e)?,
                    Format::HxlCsv | Format::CasesGeoJson | Format::Kml => {
                        w.write_record(HXL_COLUMNS.map(|(c, _)| c)).map_err(e)?;
                        w.write_record(HXL_COLUMNS.map(|(_, t)| t)).map_err(e)?;
                    }
                }
            }
            for r in rows {
                let d = decode(r).map_err(|e| e.to_string())?;
                match format {
                    Format::CasesCsv => csv_record(&mut w, case_fields(r, &d))?,
                    Format::FindingsCsv => csv_record(&mut w, finding_fields(r, &d))?,
                    Format::AcledCsv => csv_record(&mut w, acled_fields(ctx, r, &d)?)?,
                    Format::UcdpCsv => csv_record(&mut w, ucdp_fields(ctx, r, &d)?)?,
                    Format::HxlCsv | Format::CasesGeoJson | Format::Kml => csv_record(&mut w, hxl_fields(r, &d)?)?,
                }
            }
            w.into_inner().map_err(|e| e.to_string())
        }
    }
}
