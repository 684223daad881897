//! `truce geo …`: border-aware geography for people and scripts.
//!
//! A thin edge over `truce-geo`: parse the arguments, build a validated
//! `GeoPoint` (or look a name up), call one function, print. Readable text by
//! default, JSON with `--json`. Bad input is an error with the library's
//! message, which names the field, and a non-zero exit.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use truce_geo::{GeoError, GeoPoint, Geography, MapMarker, MapOptions, MatchKind, Named, Placement, Side, render_map};

/// The `truce geo` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum GeoCommand {
    /// Where a point lies: side of the line, distance, sector, nearest
    /// crossing and place.
    #[command(allow_negative_numbers = true)]
    Locate {
        /// Latitude, decimal degrees (WGS84).
        lat: f64,
        /// Longitude, decimal degrees (WGS84).
        lon: f64,
        /// ACLED geo_precision: 1 exact/town, 2 near a town, 3 province.
        #[arg(long, default_value_t = 1)]
        precision: u8,
        /// Half-width in km of the band along the line where the side is
        /// reported as uncertain.
        #[arg(long, default_value_t = truce_geo::DEFAULT_UNCERTAINTY_KM)]
        band_km: f64,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Look up a place or crossing by name (any common spelling).
    Place {
        /// The name, e.g. "Spin Boldak", "Miramshah", "Parachinar".
        name: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Draw the border map as SVG.
    Map {
        /// Write the SVG here instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A JSON file with incident points to draw:
        /// `[{"lat": 32.5, "lon": 69.3, "label": "…", "status": "confirmed"}]`.
        #[arg(long)]
        incidents: Option<PathBuf>,
        /// Width of the map area in pixels.
        #[arg(long, default_value_t = 900)]
        width: u32,
    },
}

/// Runs one `truce geo` subcommand.
pub fn run(command: GeoCommand) -> anyhow::Result<ExitCode> {
    let geo = Geography::embedded().context("loading the embedded geography")?;
    match command {
        GeoCommand::Locate { lat, lon, precision, band_km, json } => {
            let point = GeoPoint::parse_with_precision(lat, lon, precision)?;
            let placement = geo.place_point_with_band(&point, band_km)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&LocateJson { point, placement })?);
            } else {
                print!("{}", describe_placement(geo, &point, &placement));
            }
            Ok(ExitCode::SUCCESS)
        }
        GeoCommand::Place { name, json } => place(geo, &name, json),
        GeoCommand::Map { out, incidents, width } => {
            let markers = match incidents {
                Some(path) => read_markers(&path)?,
                None => Vec::new(),
            };
            let options = MapOptions { width_px: width, ..MapOptions::default() };
            let svg = render_map(geo, &markers, &options);
            match out {
                Some(path) => {
                    std::fs::write(&path, svg).with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{svg}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Debug, Serialize)]
struct LocateJson {
    point: GeoPoint,
    #[serde(flatten)]
    placement: Placement,
}

fn side_text(side: Option<Side>) -> &'static str {
    side.map_or("neither country", Side::name)
}

fn describe_placement(geo: &Geography, point: &GeoPoint, placement: &Placement) -> String {
    let mut text = format!(
        "point:      {:.5} N, {:.5} E (ACLED precision {})\n",
        point.lat(),
        point.lon(),
        point.precision().acled_code()
    );
    let side = side_text(placement.side);
    if placement.side_uncertain {
        text.push_str(&format!(
            "side:       {side}, but UNCERTAIN: within the band of the line ({:.1} km here), where the \
             generalised boundary cannot decide\n",
            placement.band_km
        ));
        if let Some(note) = &placement.band_note {
            text.push_str(&format!("band:       wider than the default: {note}\n"));
        }
    } else {
        text.push_str(&format!("side:       {side}\n"));
    }
    if let Some(province) = &placement.province {
        text.push_str(&format!("province:   {province} (from the nearest place on that side)\n"));
    }
    text.push_str(&format!("border:     {:.1} km from the line\n", placement.border_km));
    match placement.sector.as_deref().and_then(|id| geo.sector(id)) {
        Some(sector) => text.push_str(&format!("sector:     {} [{}]\n", sector.name, sector.id)),
        None => {
            text.push_str(&format!("sector:     none (more than {:.0} km from the line)\n", truce_geo::SECTOR_MAX_KM))
        }
    }
    if let Some(crossing) = &placement.nearest_crossing {
        text.push_str(&format!(
            "crossing:   {} [{}], {:.1} km{}\n",
            crossing.name,
            crossing.id,
            crossing.km,
            if crossing.verified { "" } else { " (position unverified)" }
        ));
    }
    if let Some(place) = &placement.nearest_place {
        text.push_str(&format!(
            "place:      {} ({}, {}), {:.1} km\n",
            place.name,
            place.province,
            place.side.name(),
            place.km
        ));
    }
    text
}

#[derive(Debug, Serialize)]
struct CandidateJson<'a> {
    kind: &'static str,
    name: &'a str,
    matched_via: MatchKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    geonames_id: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    province: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<Side>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<bool>,
    lat: f64,
    lon: f64,
    border_km: f64,
}

#[derive(Debug, Serialize)]
struct PlaceJson<'a> {
    query: &'a str,
    candidates: Vec<CandidateJson<'a>>,
    suggestions: Vec<String>,
}

fn place(geo: &Geography, name: &str, json: bool) -> anyhow::Result<ExitCode> {
    let found = match geo.find_place(name) {
        Ok(found) => found,
        Err(GeoError::UnknownPlace { query, suggestions }) if json => {
            let answer = PlaceJson { query: &query, candidates: Vec::new(), suggestions };
            println!("{}", serde_json::to_string_pretty(&answer)?);
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => return Err(error.into()),
    };
    let candidates: Vec<CandidateJson<'_>> = found
        .iter()
        .map(|m| {
            let (lat, lon) = m.target.lat_lon();
            let border_km =
                GeoPoint::parse(lat, lon).map_or(f64::NAN, |p| (geo.border_km(&p) * 1000.0).round() / 1000.0);
            match m.target {
                Named::Place(place) => CandidateJson {
                    kind: "place",
                    name: &place.name,
                    matched_via: m.via,
                    note: m.note,
                    id: None,
                    geonames_id: Some(place.geonames_id),
                    province: Some(&place.province),
                    country: Some(place.country),
                    verified: None,
                    lat,
                    lon,
                    border_km,
                },
                Named::Crossing(crossing) => CandidateJson {
                    kind: "crossing",
                    name: &crossing.name,
                    matched_via: m.via,
                    note: m.note,
                    id: Some(&crossing.id),
                    geonames_id: None,
                    province: None,
                    country: None,
                    verified: Some(crossing.verified),
                    lat,
                    lon,
                    border_km,
                },
            }
        })
        .collect();
    if json {
        let answer = PlaceJson { query: name, candidates, suggestions: Vec::new() };
        println!("{}", serde_json::to_string_pretty(&answer)?);
        return Ok(ExitCode::SUCCESS);
    }
    if candidates.len() > 1 {
        println!("{} candidates for {name:?}:", candidates.len());
    }
    for c in &candidates {
        let whereabouts = match (c.province, c.country) {
            (Some(province), Some(country)) => format!("{province}, {}", country.name()),
            _ => "border crossing".to_owned(),
        };
        let mut line = format!(
            "{} ({whereabouts}) at {:.5} N, {:.5} E, {:.1} km from the line",
            c.name, c.lat, c.lon, c.border_km
        );
        if c.verified == Some(false) {
            line.push_str(", position unverified");
        }
        if let Some(note) = c.note {
            line.push_str(&format!(" [{note}]"));
        } else if c.matched_via == MatchKind::AlternateName {
            line.push_str(" [alternate spelling]");
        }
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Deserialize)]
struct MarkerJson {
    lat: f64,
    lon: f64,
    #[serde(default)]
    label: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    precision: Option<u8>,
}

fn read_markers(path: &std::path::Path) -> anyhow::Result<Vec<MapMarker>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let raw: Vec<MarkerJson> = serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    raw.into_iter()
        .enumerate()
        .map(|(index, m)| {
            let point = GeoPoint::parse_with_precision(m.lat, m.lon, m.precision.unwrap_or(1))
                .with_context(|| format!("{}: incident {}", path.display(), index + 1))?;
            Ok(MapMarker { point, label: m.label, status: m.status })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readable_placement_names_side_sector_crossing_and_place() {
        let geo = Geography::embedded().unwrap();
        let point = GeoPoint::parse(34.1147, 71.0847).unwrap();
        let text = describe_placement(geo, &point, &geo.place_point(&point));
        assert!(text.contains("side:       Pakistan, but UNCERTAIN"), "{text}");
        assert!(text.contains("sector:     Khyber – Nangarhar (Torkham) [khyber_nangarhar]"), "{text}");
        assert!(text.contains("crossing:   Torkham [torkham], 0.0 km"), "{text}");
        assert!(text.contains("place:      Landi Kotal (Khyber Pakhtunkhwa, Pakistan), 5.5 km"), "{text}");
    }

    #[test]
    fn far_points_have_no_sector_and_unverified_crossings_say_so() {
        let geo = Geography::embedded().unwrap();
        let quetta = GeoPoint::parse(30.18414, 67.00141).unwrap();
        let text = describe_placement(geo, &quetta, &geo.place_point(&quetta));
        assert!(text.contains("sector:     none (more than 50 km from the line)"), "{text}");
        let kurram = GeoPoint::parse(33.89968, 70.10012).unwrap();
        let text = describe_placement(geo, &kurram, &geo.place_point(&kurram));
        assert!(text.contains("Kharlachi [kharlachi]") && text.contains("(position unverified)"), "{text}");
    }

    #[test]
    fn locate_json_carries_the_point_and_the_flattened_placement() {
        let geo = Geography::embedded().unwrap();
        let point = GeoPoint::parse_with_precision(33.89968, 70.10012, 2).unwrap();
        let placement = geo.place_point(&point);
        let json = serde_json::to_value(LocateJson { point, placement }).unwrap();
        assert_eq!(json["point"]["precision"], 2);
        assert_eq!(json["side"], "pakistan");
        assert_eq!(json["side_uncertain"], true);
        assert_eq!(json["sector"], "kurram_paktia");
        assert_eq!(json["nearest_place"]["name"], "Parachinar");
    }

    #[test]
    fn markers_file_is_validated_point_by_point() {
        let dir = std::env::temp_dir().join(format!("truce-geo-markers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("good.json");
        std::fs::write(&good, r#"[{"lat": 32.5, "lon": 69.3, "label": "x", "status": "confirmed"}]"#).unwrap();
        assert_eq!(read_markers(&good).unwrap().len(), 1);
        let swapped = dir.join("swapped.json");
        std::fs::write(&swapped, r#"[{"lat": 69.3, "lon": 32.5}]"#).unwrap();
        let error = format!("{:#}", read_markers(&swapped).unwrap_err());
        assert!(error.contains("incident 1") && error.contains("swapped"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
