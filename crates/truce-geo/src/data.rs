//! Reading the embedded assets (GeoJSON and CSV) into plain values.
//!
//! The assets are compiled into the binary with `include_str!`, so the crate
//! never touches the file system; this module only parses strings. Errors
//! name the asset file, and a broken asset is a [`GeoError::Data`], never a
//! panic.

use serde::Deserialize;
use serde_json::Value;

use crate::Side;
use crate::error::GeoError;

pub(crate) const BORDER_FILE: &str = "assets/geo/border-pak-afg.geojson";
pub(crate) const COUNTRIES_FILE: &str = "assets/geo/countries-pak-afg.geojson";
pub(crate) const PLACES_FILE: &str = "assets/geo/places-pak-afg.csv";
pub(crate) const CROSSINGS_FILE: &str = "assets/geo/crossings.csv";
pub(crate) const SECTORS_FILE: &str = "assets/geo/sectors.csv";
pub(crate) const ALIASES_FILE: &str = "assets/geo/aliases.csv";

pub(crate) const BORDER_GEOJSON: &str = include_str!("../../../assets/geo/border-pak-afg.geojson");
pub(crate) const COUNTRIES_GEOJSON: &str = include_str!("../../../assets/geo/countries-pak-afg.geojson");
pub(crate) const PLACES_CSV: &str = include_str!("../../../assets/geo/places-pak-afg.csv");
pub(crate) const CROSSINGS_CSV: &str = include_str!("../../../assets/geo/crossings.csv");
pub(crate) const SECTORS_CSV: &str = include_str!("../../../assets/geo/sectors.csv");
pub(crate) const ALIASES_CSV: &str = include_str!("../../../assets/geo/aliases.csv");

pub(crate) fn error(file: &'static str, reason: impl std::fmt::Display) -> GeoError {
    GeoError::Data { file, reason: reason.to_string() }
}

/// The border LineString's vertices, `[lon, lat]`.
pub(crate) fn border_line(text: &str) -> Result<Vec<[f64; 2]>, GeoError> {
    let json: Value = serde_json::from_str(text).map_err(|e| error(BORDER_FILE, e))?;
    let coordinates = json
        .pointer("/features/0/geometry/coordinates")
        .ok_or_else(|| error(BORDER_FILE, "no LineString coordinates"))?;
    let line: Vec<[f64; 2]> = serde_json::from_value(coordinates.clone()).map_err(|e| error(BORDER_FILE, e))?;
    if line.len() < 2 {
        return Err(error(BORDER_FILE, "the line has fewer than two vertices"));
    }
    Ok(line)
}

/// A country outline: its polygons, each a list of rings of `[lon, lat]`.
pub(crate) type Outline = Vec<Vec<Vec<[f64; 2]>>>;

/// The two country outlines, Pakistan first.
pub(crate) fn countries(text: &str) -> Result<(Outline, Outline), GeoError> {
    let json: Value = serde_json::from_str(text).map_err(|e| error(COUNTRIES_FILE, e))?;
    let features =
        json.get("features").and_then(Value::as_array).ok_or_else(|| error(COUNTRIES_FILE, "no features"))?;
    let mut pakistan = None;
    let mut afghanistan = None;
    for feature in features {
        let iso = feature.pointer("/properties/iso_a3").and_then(Value::as_str);
        let kind = feature.pointer("/geometry/type").and_then(Value::as_str);
        let coordinates = feature
            .pointer("/geometry/coordinates")
            .cloned()
            .ok_or_else(|| error(COUNTRIES_FILE, "feature without coordinates"))?;
        let outline: Outline = match kind {
            Some("Polygon") => {
                vec![serde_json::from_value(coordinates).map_err(|e| error(COUNTRIES_FILE, e))?]
            }
            Some("MultiPolygon") => serde_json::from_value(coordinates).map_err(|e| error(COUNTRIES_FILE, e))?,
            other => {
                return Err(error(COUNTRIES_FILE, format!("unexpected geometry {other:?}")));
            }
        };
        match iso {
            Some("PAK") => pakistan = Some(outline),
            Some("AFG") => afghanistan = Some(outline),
            other => {
                return Err(error(COUNTRIES_FILE, format!("unexpected country {other:?}")));
            }
        }
    }
    match (pakistan, afghanistan) {
        (Some(p), Some(a)) => Ok((p, a)),
        _ => Err(error(COUNTRIES_FILE, "Pakistan or Afghanistan is missing")),
    }
}

/// One row of `places-pak-afg.csv` (only the columns we use).
#[derive(Debug, Deserialize)]
pub(crate) struct PlaceRow {
    pub(crate) geonames_id: u32,
    pub(crate) name: String,
    pub(crate) name_ascii: String,
    pub(crate) alt_name_ascii: String,
    pub(crate) country: String,
    pub(crate) admin1_name: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) population: u64,
    pub(crate) feature_code: String,
    pub(crate) border_km: f64,
}

/// One row of `crossings.csv`.
#[derive(Debug, Deserialize)]
pub(crate) struct CrossingRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) aliases: String,
    pub(crate) pakistan_side: String,
    pub(crate) afghanistan_side: String,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) verified: bool,
    pub(crate) note: String,
}

/// One row of `sectors.csv`.
#[derive(Debug, Deserialize)]
pub(crate) struct SectorRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) pakistan_side: String,
    pub(crate) afghanistan_side: String,
    pub(crate) start_lat: f64,
    pub(crate) start_lon: f64,
}

/// One row of `aliases.csv`.
#[derive(Debug, Deserialize)]
pub(crate) struct AliasRow {
    pub(crate) alias: String,
    pub(crate) target: String,
    pub(crate) note: String,
}

/// Reads every row of a CSV asset; the first bad row fails the load (the
/// assets are ours and tested, so there is nothing to salvage).
pub(crate) fn csv_rows<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<Vec<T>, GeoError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(index, row)| row.map_err(|e| error(file, format!("row {}: {e}", index + 2))))
        .collect()
}

/// `PK`/`AF` to a side.
pub(crate) fn side_of_code(file: &'static str, code: &str) -> Result<Side, GeoError> {
    match code {
        "PK" => Ok(Side::Pakistan),
        "AF" => Ok(Side::Afghanistan),
        other => Err(error(file, format!("unknown country code {other:?}"))),
    }
}
