//! Border-aware geography for the Pakistan–Afghanistan line (the Durand Line).
//!
//! A ceasefire mechanism keeps asking the same questions of a report's
//! coordinates: which side of the line is this, how far from it, in which
//! border sector, near which crossing and town, and does it fall inside the
//! geographic scope of a provision? This crate answers them, offline and
//! deterministically, from data compiled into it (Natural Earth line and
//! polygons, the GeoNames gazetteer, a curated list of crossings and
//! sectors; see `assets/ATTRIBUTION.md`).
//!
//! Architecture invariant: the crate is pure. No IO (the assets are
//! `include_str!`ed), no async, no clock, no randomness; every function is a
//! function of its arguments and the embedded data.
//!
//! **Not an authoritative boundary.** The line is Natural Earth's 1:10M
//! generalisation, off by up to a few km. That is why [`Placement`] says
//! `side_uncertain` inside a band of the line instead of guessing.
//!
//! Entry points: [`Geography::embedded`], [`GeoPoint::parse`],
//! [`Geography::place_point`], [`Geography::find_place`],
//! [`GeoScope::contains`], [`render_map`].

mod border;
mod data;
mod error;
mod gazetteer;
mod grid;
mod map;
mod point;
mod polygon;
mod scope;
mod sphere;

use std::sync::OnceLock;

use geo::{Contains, MultiPolygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;
use serde::{Deserialize, Serialize};

pub use error::GeoError;
pub use gazetteer::{Crossing, MatchKind, NameMatch, Named, Place, fold_name, phrase_parts};
pub use map::{MapLabels, MapMarker, MapOptions, SectorAlert, map_size, position_at, render_map, status_index};
pub use point::{GeoPoint, GeoPrecision, REGION_MARGIN_KM};
pub use scope::{GeoScope, WHOLE_BORDER_KM};
pub use sphere::great_circle_km;

use border::{BorderLine, LineHit};
use gazetteer::{NameIndex, Target};
use grid::{Cell, CellSide, Grid, List};
use polygon::BandedPolygon;
use sphere::Unit;

/// Default half-width (km) of the band along the line inside which the side
/// of a point is reported as uncertain: about the positional error of the
/// 1:10M line.
pub const DEFAULT_UNCERTAINTY_KM: f64 = 3.0;

/// Around a crossing, within this distance (km), the band is at least as
/// wide as the line is off at the crossing, plus [`CROSSING_MARGIN_KM`].
pub const CROSSING_AREA_KM: f64 = 10.0;
/// What is added to the line's error at a crossing, km.
pub const CROSSING_MARGIN_KM: f64 = 1.0;

/// A point farther than this (km) from the line belongs to no sector.
pub const SECTOR_MAX_KM: f64 = 50.0;

/// The two parties' territories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Pakistan (as Natural Earth draws it, including Gilgit-Baltistan).
    Pakistan,
    /// Afghanistan.
    Afghanistan,
}

impl Side {
    /// ISO 3166-1 alpha-2 code.
    pub fn iso_code(self) -> &'static str {
        match self {
            Side::Pakistan => "PK",
            Side::Afghanistan => "AF",
        }
    }

    /// English name.
    pub fn name(self) -> &'static str {
        match self {
            Side::Pakistan => "Pakistan",
            Side::Afghanistan => "Afghanistan",
        }
    }
}

/// A named stretch of the border that people on both sides recognise,
/// defined as a range of km along the line (see `docs/geography.md`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sector {
    /// Stable snake_case id, e.g. `khyber_nangarhar`.
    pub id: String,
    /// Display name, e.g. "Khyber – Nangarhar (Torkham)".
    pub name: String,
    /// Districts on the Pakistani side.
    pub pakistan_side: String,
    /// Provinces/districts on the Afghan side.
    pub afghanistan_side: String,
    /// Where the sector starts, km along the line from the Iran tripoint.
    pub start_km: f64,
    /// Where it ends (the next sector's start, or the China tripoint).
    pub end_km: f64,
}

/// The nearest crossing to a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearestCrossing {
    /// Crossing id, e.g. `torkham`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Great-circle distance, km.
    pub km: f64,
    /// Whether the crossing's coordinates come from a source.
    pub verified: bool,
}

/// The nearest gazetteer place to a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearestPlace {
    /// GeoNames id.
    pub geonames_id: u32,
    /// Name (GeoNames spelling).
    pub name: String,
    /// Its province.
    pub province: String,
    /// Its country.
    pub side: Side,
    /// Great-circle distance, km.
    pub km: f64,
}

/// Everything the mechanism needs to know about where a point lies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Placement {
    /// The country polygon that holds the point; `None` outside both (Iran,
    /// China, India, Tajikistan, the sea).
    pub side: Option<Side>,
    /// True when the point lies within the uncertainty band of the line
    /// (default 3 km, widened by the point's ACLED precision), where the
    /// generalised line cannot decide the side.
    pub side_uncertain: bool,
    /// Great-circle distance to the line, km (rounded to metres).
    pub border_km: f64,
    /// The half-width of the band applied here, km, before the point's
    /// precision widens it: the default, or wider near a crossing where the
    /// generalised line is known to be off.
    #[serde(default)]
    pub band_km: f64,
    /// Why the band is wider here than the default, if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_note: Option<String>,
    /// Id of the border sector, if the point is within [`SECTOR_MAX_KM`].
    pub sector: Option<String>,
    /// The nearest border crossing.
    pub nearest_crossing: Option<NearestCrossing>,
    /// The nearest gazetteer place, on either side.
    pub nearest_place: Option<NearestPlace>,
    /// The province the point is in, approximated as the province of the
    /// nearest gazetteer place in the same country; `None` if `side` is.
    pub province: Option<String>,
}

type PlaceIndex = RTree<GeomWithData<Unit, usize>>;

/// The border, the countries, the gazetteer, the crossings and the sectors,
/// parsed and indexed. Build it once ([`Geography::embedded`]) and share it.
#[derive(Debug)]
pub struct Geography {
    border: BorderLine,
    pakistan: BandedPolygon,
    afghanistan: BandedPolygon,
    pakistan_outline: MultiPolygon<f64>,
    afghanistan_outline: MultiPolygon<f64>,
    places: Vec<Place>,
    place_units: Vec<Unit>,
    places_all: PlaceIndex,
    places_pakistan: PlaceIndex,
    places_afghanistan: PlaceIndex,
    /// Per-cell side and nearest-object candidates, filled on first use.
    grid: Grid,
    crossings: Vec<Crossing>,
    crossing_units: Vec<Unit>,
    sectors: Vec<Sector>,
    names: NameIndex,
}

static EMBEDDED: OnceLock<Result<Geography, GeoError>> = OnceLock::new();

impl Geography {
    /// The geography built from the data compiled into this crate, parsed on
    /// first use and shared afterwards.
    pub fn embedded() -> Result<&'static Geography, GeoError> {
        EMBEDDED.get_or_init(Geography::from_embedded_data).as_ref().map_err(Clone::clone)
    }

    fn from_embedded_data() -> Result<Geography, GeoError> {
        let line = data::border_line(data::BORDER_GEOJSON)?;
        let (pakistan, afghanistan) = data::countries(data::COUNTRIES_GEOJSON)?;
        let border = BorderLine::new(line);

        let places = data::csv_rows::<data::PlaceRow>(data::PLACES_FILE, data::PLACES_CSV)?
            .into_iter()
            .map(|row| {
                Ok(Place {
                    country: data::side_of_code(data::PLACES_FILE, &row.country)?,
                    geonames_id: row.geonames_id,
                    alt_names: row.alt_name_ascii.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                    name: row.name,
                    name_ascii: row.name_ascii,
                    province: row.admin1_name,
                    lat: row.lat,
                    lon: row.lon,
                    population: row.population,
                    feature_code: row.feature_code,
                    border_km: row.border_km,
                })
            })
            .collect::<Result<Vec<_>, GeoError>>()?;
        let place_units: Vec<Unit> = places.iter().map(|p| sphere::unit(p.lon, p.lat)).collect();
        let index_of = |side: Option<Side>| -> PlaceIndex {
            RTree::bulk_load(
                places
                    .iter()
                    .zip(&place_units)
                    .enumerate()
                    .filter(|(_, (place, _))| side.is_none_or(|s| place.country == s))
                    .map(|(i, (_, u))| GeomWithData::new(*u, i))
                    .collect(),
            )
        };
        let places_all = index_of(None);
        let places_pakistan = index_of(Some(Side::Pakistan));
        let places_afghanistan = index_of(Some(Side::Afghanistan));

        let crossings: Vec<Crossing> = data::csv_rows::<data::CrossingRow>(data::CROSSINGS_FILE, data::CROSSINGS_CSV)?
            .into_iter()
            .map(|row| Crossing {
                id: row.id,
                name: row.name,
                aliases: row.aliases.split('|').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
                pakistan_side: row.pakistan_side,
                afghanistan_side: row.afghanistan_side,
                lat: row.lat,
                lon: row.lon,
                verified: row.verified,
                line_km: border.nearest_naive(sphere::unit(row.lon, row.lat)).map_or(0.0, |h| round_m(h.km)),
                note: row.note,
            })
            .collect();
        let crossing_units = crossings.iter().map(|c| sphere::unit(c.lon, c.lat)).collect();

        let sectors =
            build_sectors(&border, data::csv_rows::<data::SectorRow>(data::SECTORS_FILE, data::SECTORS_CSV)?)?;
        let names =
            build_names(&places, &crossings, data::csv_rows::<data::AliasRow>(data::ALIASES_FILE, data::ALIASES_CSV)?)?;

        Ok(Geography {
            border,
            pakistan: BandedPolygon::new(&pakistan.concat()),
            afghanistan: BandedPolygon::new(&afghanistan.concat()),
            pakistan_outline: to_multipolygon(&pakistan),
            afghanistan_outline: to_multipolygon(&afghanistan),
            places,
            place_units,
            places_all,
            places_pakistan,
            places_afghanistan,
            grid: Grid::new(),
            crossings,
            crossing_units,
            sectors,
            names,
        })
    }

    /// Where a point lies, with the default uncertainty band
    /// ([`DEFAULT_UNCERTAINTY_KM`]).
    pub fn place_point(&self, point: &GeoPoint) -> Placement {
        self.place(point, DEFAULT_UNCERTAINTY_KM, Strategy::Indexed)
    }

    /// Where a point lies, with an uncertainty band of `band_km` either side
    /// of the line (widened by the point's precision, see
    /// [`GeoPrecision::slack_km`]).
    pub fn place_point_with_band(&self, point: &GeoPoint, band_km: f64) -> Result<Placement, GeoError> {
        check_distance("band_km", band_km)?;
        Ok(self.place(point, band_km, Strategy::Indexed))
    }

    /// The same answer as [`Geography::place_point`], computed without any
    /// index (every segment, every edge, every place). It is the baseline
    /// the benchmark compares against and a cross-check in tests.
    #[doc(hidden)]
    pub fn place_point_naive(&self, point: &GeoPoint) -> Placement {
        self.place(point, DEFAULT_UNCERTAINTY_KM, Strategy::Naive)
    }

    /// The same answer as [`Geography::place_point`] from the R*-trees and
    /// the banded polygon index alone, without the grid cells in front of
    /// them: the benchmark's middle line.
    #[doc(hidden)]
    pub fn place_point_tree_only(&self, point: &GeoPoint) -> Placement {
        self.place(point, DEFAULT_UNCERTAINTY_KM, Strategy::TreeOnly)
    }

    /// The country that holds the point, if either does.
    pub fn side_of(&self, point: &GeoPoint) -> Option<Side> {
        match self.cell(point) {
            Some(Cell { side: CellSide::Whole(side), .. }) => *side,
            _ => self.side_by_polygons(point.lon(), point.lat()),
        }
    }

    /// Great-circle distance from the point to the line, km.
    pub fn border_km(&self, point: &GeoPoint) -> f64 {
        self.line_hit(point).map_or(f64::INFINITY, |hit| hit.km)
    }

    /// The sector of the nearest point of the line, if the point is within
    /// [`SECTOR_MAX_KM`] of it.
    pub fn sector_of(&self, point: &GeoPoint) -> Option<&Sector> {
        let hit = self.line_hit(point)?;
        (hit.km <= SECTOR_MAX_KM).then(|| self.sector_at(hit.chainage_km))?
    }

    /// The nearest border crossing and its distance in km.
    pub fn nearest_crossing(&self, point: &GeoPoint) -> Option<(&Crossing, f64)> {
        self.nearest_crossing_to(sphere::unit(point.lon(), point.lat()))
    }

    fn nearest_crossing_to(&self, p: Unit) -> Option<(&Crossing, f64)> {
        // The largest dot product is the smallest distance; one `asin` after.
        let mut best: Option<(usize, f64)> = None;
        for (index, u) in self.crossing_units.iter().enumerate() {
            let closeness = sphere::dot(p, *u);
            if best.is_none_or(|(_, b)| closeness > b) {
                best = Some((index, closeness));
            }
        }
        let (index, _) = best?;
        Some((self.crossings.get(index)?, sphere::unit_km(p, *self.crossing_units.get(index)?)))
    }

    /// The nearest gazetteer place (either country) and its distance in km.
    pub fn nearest_place(&self, point: &GeoPoint) -> Option<(&Place, f64)> {
        let p = sphere::unit(point.lon(), point.lat());
        let (index, d2) = self.nearest_in(PlaceSet::All, self.cell(point), p, Strategy::Indexed)?;
        Some((self.places.get(index)?, sphere::chord_to_km(d2.sqrt())))
    }

    /// Looks a name up among places and crossings. Diacritics, case and
    /// punctuation do not matter; GeoNames alternate names and a curated
    /// alias table are searched too. Several answers mean the name is
    /// ambiguous; an unknown name fails with [`GeoError::UnknownPlace`]
    /// carrying close spellings.
    pub fn find_place(&self, name: &str) -> Result<Vec<NameMatch<'_>>, GeoError> {
        self.names.lookup(name, &self.places, &self.crossings)
    }

    /// All gazetteer places, sorted by country, province and name.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// All border crossings.
    pub fn crossings(&self) -> &[Crossing] {
        &self.crossings
    }

    /// The sectors, south-west to north-east.
    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// A sector by id.
    pub fn sector(&self, id: &str) -> Option<&Sector> {
        self.sectors.iter().find(|s| s.id == id)
    }

    /// The area of sector `id`: the convex hull of the band within
    /// [`SECTOR_MAX_KM`] of its stretch of the line (what
    /// [`Geography::sector_of`] assigns to it, and on a bent stretch some
    /// more), as a closed ring of `[lon, lat]`, a simple polygon of a few
    /// dozen vertices. `None` for an unknown sector.
    pub fn sector_area(&self, id: &str) -> Option<Vec<[f64; 2]>> {
        let sector = self.sector(id)?;
        self.border.corridor(sector.start_km, sector.end_km, SECTOR_MAX_KM)
    }

    /// The border line's vertices as `[lon, lat]`, from the Iran tripoint
    /// (south-west) to the China tripoint (north-east).
    pub fn border_line(&self) -> &[[f64; 2]] {
        &self.border.vertices
    }

    /// Length of the line, km (about 2,245 km at this generalisation).
    pub fn border_length_km(&self) -> f64 {
        self.border.length_km()
    }

    /// A country's outline (WGS84 lon/lat).
    pub fn outline(&self, side: Side) -> &MultiPolygon<f64> {
        match side {
            Side::Pakistan => &self.pakistan_outline,
            Side::Afghanistan => &self.afghanistan_outline,
        }
    }

    pub(crate) fn line_hit(&self, point: &GeoPoint) -> Option<LineHit> {
        let p = sphere::unit(point.lon(), point.lat());
        match self.cell(point) {
            Some(cell) => self.border.nearest_in_cell(p, cell),
            None => self.border.nearest(p),
        }
    }

    /// The grid cell of a point, built on first use.
    fn cell(&self, point: &GeoPoint) -> Option<&Cell> {
        self.grid.cell(point.lon(), point.lat(), |bounds| self.build_cell(bounds))
    }

    fn build_cell(&self, bounds: [f64; 4]) -> Cell {
        let side = if self.pakistan.edges_meet(bounds) || self.afghanistan.edges_meet(bounds) {
            CellSide::Mixed
        } else {
            let (lon, lat) = ((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0);
            CellSide::Whole(self.side_by_polygons(lon, lat))
        };
        let (centre, reach) = grid::cell_centre(bounds);
        Cell::new(
            side,
            centre,
            [
                grid::candidates(&self.border.tree, centre, reach),
                grid::candidates(&self.places_all, centre, reach),
                grid::candidates(&self.places_pakistan, centre, reach),
                grid::candidates(&self.places_afghanistan, centre, reach),
            ],
        )
    }

    fn side_by_polygons(&self, lon: f64, lat: f64) -> Option<Side> {
        if self.pakistan.contains(lon, lat) {
            Some(Side::Pakistan)
        } else if self.afghanistan.contains(lon, lat) {
            Some(Side::Afghanistan)
        } else {
            None
        }
    }

    pub(crate) fn within_km_of_line(&self, point: &GeoPoint, km: f64) -> bool {
        self.border.within_km(sphere::unit(point.lon(), point.lat()), km)
    }

    fn sector_at(&self, chainage_km: f64) -> Option<&Sector> {
        self.sectors.iter().rev().find(|s| s.start_km <= chainage_km).or_else(|| self.sectors.first())
    }

    /// The nearest place of a set: index into `places` and squared chord.
    fn nearest_in(&self, set: PlaceSet, cell: Option<&Cell>, p: Unit, strategy: Strategy) -> Option<(usize, f64)> {
        let (tree, list) = match set {
            PlaceSet::All => (&self.places_all, List::Places),
            PlaceSet::Only(Side::Pakistan) => (&self.places_pakistan, List::PakistanPlaces),
            PlaceSet::Only(Side::Afghanistan) => (&self.places_afghanistan, List::AfghanistanPlaces),
        };
        let squared = |i: usize| {
            let d = sphere::sub(p, *self.place_units.get(i)?);
            Some(sphere::dot(d, d))
        };
        match (strategy, cell) {
            (Strategy::Indexed, Some(cell)) => cell.nearest(list, p, squared),
            (Strategy::Indexed | Strategy::TreeOnly, _) => {
                let (object, d2) = tree.nearest_neighbor_iter_with_distance_2(&p).next()?;
                Some((object.data, d2))
            }
            (Strategy::Naive, _) => tree
                .iter()
                .filter_map(|object| Some((object.data, squared(object.data)?)))
                .min_by(|a, b| a.1.total_cmp(&b.1)),
        }
    }

    fn place(&self, point: &GeoPoint, band_km: f64, strategy: Strategy) -> Placement {
        let p = sphere::unit(point.lon(), point.lat());
        let cell = match strategy {
            Strategy::Indexed => self.cell(point),
            Strategy::TreeOnly | Strategy::Naive => None,
        };
        let (side, hit) = match strategy {
            Strategy::Indexed | Strategy::TreeOnly => match cell {
                Some(cell) => (
                    match cell.side {
                        CellSide::Whole(side) => side,
                        CellSide::Mixed => self.side_by_polygons(point.lon(), point.lat()),
                    },
                    self.border.nearest_in_cell(p, cell),
                ),
                None => (self.side_by_polygons(point.lon(), point.lat()), self.border.nearest(p)),
            },
            Strategy::Naive => {
                let coord = geo::coord! { x: point.lon(), y: point.lat() };
                let side = if self.pakistan_outline.contains(&coord) {
                    Some(Side::Pakistan)
                } else if self.afghanistan_outline.contains(&coord) {
                    Some(Side::Afghanistan)
                } else {
                    None
                };
                (side, self.border.nearest_naive(p))
            }
        };
        let border_km = hit.map_or(f64::INFINITY, |h| h.km);
        let sector =
            hit.filter(|h| h.km <= SECTOR_MAX_KM).and_then(|h| self.sector_at(h.chainage_km)).map(|s| s.id.clone());
        let nearest_crossing = self.nearest_crossing_to(p).map(|(c, km)| NearestCrossing {
            id: c.id.clone(),
            name: c.name.clone(),
            km: round_m(km),
            verified: c.verified,
        });
        let nearest = |set: PlaceSet| self.nearest_in(set, cell, p, strategy);
        let nearest_any = nearest(PlaceSet::All);
        let nearest_place = nearest_any.and_then(|(i, d2)| {
            let place = self.places.get(i)?;
            Some(NearestPlace {
                geonames_id: place.geonames_id,
                name: place.name.clone(),
                province: place.province.clone(),
                side: place.country,
                km: round_m(sphere::chord_to_km(d2.sqrt())),
            })
        });
        let province = side.and_then(|side| {
            let own = match nearest_any {
                Some((i, _)) if self.places.get(i).is_some_and(|p| p.country == side) => Some(i),
                _ => nearest(PlaceSet::Only(side)).map(|(i, _)| i),
            };
            own.and_then(|i| self.places.get(i)).map(|p| p.province.clone())
        });
        // A crossing is on the line: near one, the band is at least as wide
        // as the line is off there, so a point at the crossing is never
        // placed on one side with certainty by a line that misses it.
        let crossing = self
            .nearest_crossing_to(p)
            .filter(|(c, km)| *km <= CROSSING_AREA_KM && c.line_km + CROSSING_MARGIN_KM > band_km);
        let (band_km, band_note) = match crossing {
            Some((c, _)) => (
                round_m(c.line_km + CROSSING_MARGIN_KM),
                Some(format!(
                    "near {}, where the generalised line passes {:.1} km from the crossing it should run through",
                    c.name, c.line_km
                )),
            ),
            None => (band_km, None),
        };
        Placement {
            side,
            side_uncertain: border_km < band_km + point.precision().slack_km(),
            border_km: round_m(border_km),
            band_km,
            band_note,
            sector,
            nearest_crossing,
            nearest_place,
            province,
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum PlaceSet {
    All,
    Only(Side),
}

#[derive(Debug, Clone, Copy)]
enum Strategy {
    /// Grid cells in front of the trees and polygons (the product).
    Indexed,
    /// The R*-trees and the banded polygons alone (for the benchmark).
    TreeOnly,
    /// Every segment, edge and place (for the benchmark and tests).
    Naive,
}

/// Rounds a distance to whole metres (`km` is never negative; adding ½ and
/// truncating avoids a libm `round` call per field).
fn round_m(km: f64) -> f64 {
    if (0.0..1e9).contains(&km) { ((km * 1000.0 + 0.5) as u64) as f64 / 1000.0 } else { km }
}

pub(crate) fn check_distance(field: &'static str, km: f64) -> Result<(), GeoError> {
    if !km.is_finite() {
        return Err(GeoError::NotFinite { field, value: km });
    }
    if km < 0.0 {
        return Err(GeoError::NegativeDistance { field, value: km });
    }
    Ok(())
}

fn to_multipolygon(outline: &data::Outline) -> MultiPolygon<f64> {
    MultiPolygon::new(
        outline
            .iter()
            .map(|rings| {
                let mut rings = rings
                    .iter()
                    .map(|ring| geo::LineString::from(ring.iter().map(|&[x, y]| (x, y)).collect::<Vec<_>>()));
                let exterior = rings.next().unwrap_or_else(|| geo::LineString::new(vec![]));
                geo::Polygon::new(exterior, rings.collect())
            })
            .collect(),
    )
}

/// Snaps each sector's start point to the line and turns the starts into
/// km ranges. Starts must run south-west to north-east.
fn build_sectors(border: &BorderLine, rows: Vec<data::SectorRow>) -> Result<Vec<Sector>, GeoError> {
    let mut sectors: Vec<Sector> = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let start_km = if index == 0 {
            0.0
        } else {
            border
                .nearest(sphere::unit(row.start_lon, row.start_lat))
                .map(|hit| hit.chainage_km)
                .ok_or_else(|| data::error(data::SECTORS_FILE, "empty line"))?
        };
        if let Some(previous) = sectors.last_mut() {
            if start_km <= previous.start_km {
                return Err(data::error(
                    data::SECTORS_FILE,
                    format!("sector {} does not start after {}", row.id, previous.id),
                ));
            }
            previous.end_km = start_km;
        }
        sectors.push(Sector {
            id: row.id,
            name: row.name,
            pakistan_side: row.pakistan_side,
            afghanistan_side: row.afghanistan_side,
            start_km,
            end_km: border.length_km(),
        });
    }
    Ok(sectors)
}

fn build_names(places: &[Place], crossings: &[Crossing], aliases: Vec<data::AliasRow>) -> Result<NameIndex, GeoError> {
    let mut names = NameIndex::default();
    for (i, place) in places.iter().enumerate() {
        names.add(&place.name, Target::Place(i), MatchKind::Name, None);
        names.add(&place.name_ascii, Target::Place(i), MatchKind::Name, None);
        for alt in &place.alt_names {
            names.add(alt, Target::Place(i), MatchKind::AlternateName, None);
        }
    }
    for (i, crossing) in crossings.iter().enumerate() {
        names.add(&crossing.name, Target::Crossing(i), MatchKind::Crossing, None);
        names.add(&crossing.id, Target::Crossing(i), MatchKind::Crossing, None);
        for alias in &crossing.aliases {
            names.add(alias, Target::Crossing(i), MatchKind::Crossing, None);
        }
    }
    // Every province name answers with its capital, as ACLED codes
    // province-level events (geo_precision 3).
    let mut provinces: Vec<&str> = places.iter().map(|p| p.province.as_str()).collect();
    provinces.sort_unstable();
    provinces.dedup();
    for province in provinces {
        if let Some(capital) = province_capital(places, province) {
            let note = format!("province {province}; coded to its capital (ACLED geo_precision 3)");
            names.add(province, Target::Place(capital), MatchKind::Province, Some(&note));
        }
    }
    for alias in aliases {
        let target = if let Some(id) = alias.target.strip_prefix("geonames:") {
            let id: u32 =
                id.parse().map_err(|_| data::error(data::ALIASES_FILE, format!("bad target {}", alias.target)))?;
            places.iter().position(|p| p.geonames_id == id).map(|i| (Target::Place(i), MatchKind::Alias))
        } else if let Some(id) = alias.target.strip_prefix("crossing:") {
            crossings.iter().position(|c| c.id == id).map(|i| (Target::Crossing(i), MatchKind::Crossing))
        } else if let Some(province) = alias.target.strip_prefix("province:") {
            province_capital(places, province).map(|i| (Target::Place(i), MatchKind::Province))
        } else {
            None
        };
        let (target, via) = target.ok_or_else(|| {
            data::error(
                data::ALIASES_FILE,
                format!("alias {:?} points at {}, which is not in the data", alias.alias, alias.target),
            )
        })?;
        names.add(&alias.alias, target, via, Some(&alias.note));
    }
    Ok(names)
}

/// The capital of a province: its `PPLC`/`PPLA` place, else its most
/// populous one.
fn province_capital(places: &[Place], province: &str) -> Option<usize> {
    let in_province = || places.iter().enumerate().filter(|(_, p)| p.province == province);
    in_province()
        .find(|(_, p)| p.feature_code == "PPLC")
        .or_else(|| in_province().find(|(_, p)| p.feature_code == "PPLA"))
        .or_else(|| in_province().max_by_key(|(_, p)| p.population))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use geo::BoundingRect;

    use super::*;

    #[test]
    fn region_bbox_matches_the_polygons() {
        let geo = Geography::embedded().unwrap();
        let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for side in [Side::Pakistan, Side::Afghanistan] {
            let rect = geo.outline(side).bounding_rect().unwrap();
            bbox[0] = bbox[0].min(rect.min().x);
            bbox[1] = bbox[1].min(rect.min().y);
            bbox[2] = bbox[2].max(rect.max().x);
            bbox[3] = bbox[3].max(rect.max().y);
        }
        assert_eq!(bbox, point::REGION_BBOX);
    }

    #[test]
    fn each_sector_area_is_a_closed_ring_holding_points_of_its_sector() {
        use geo::{Coord, LineString, Polygon};
        let geo = Geography::embedded().unwrap();
        assert!(geo.sector_area("no_such_sector").is_none());
        for sector in geo.sectors() {
            let ring = geo.sector_area(&sector.id).unwrap();
            assert!(ring.len() >= 4 && ring.len() <= 100, "{}: {} vertices", sector.id, ring.len());
            assert_eq!(ring.first(), ring.last(), "{}", sector.id);
            let polygon =
                Polygon::new(LineString::from(ring.iter().map(|&[x, y]| Coord { x, y }).collect::<Vec<_>>()), vec![]);
            // Every point of the line the sector holds is inside it.
            let middle = geo
                .border_line()
                .iter()
                .map(|&[lon, lat]| GeoPoint::parse(lat, lon).unwrap())
                .filter(|p| geo.sector_of(p).is_some_and(|s| s.id == sector.id))
                .collect::<Vec<_>>();
            assert!(!middle.is_empty(), "{}", sector.id);
            for p in &middle {
                assert!(polygon.contains(&geo::Point::new(p.lon(), p.lat())), "{}: {p:?}", sector.id);
            }
            // Points the sector holds off the line, 40 km to either side,
            // are inside too.
            for p in &middle {
                for dlat in [-0.36, 0.36] {
                    let Ok(off) = GeoPoint::parse(p.lat() + dlat, p.lon()) else { continue };
                    if geo.sector_of(&off).is_some_and(|s| s.id == sector.id) {
                        assert!(polygon.contains(&geo::Point::new(off.lon(), off.lat())), "{}: {off:?}", sector.id);
                    }
                }
            }
        }
    }

    #[test]
    fn rounding_to_metres() {
        assert_eq!(round_m(1.23456), 1.235);
        assert_eq!(round_m(0.0), 0.0);
        assert_eq!(round_m(f64::INFINITY), f64::INFINITY);
    }
}
