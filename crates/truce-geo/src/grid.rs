//! One lazily filled grid of 0.25° cells in front of the R*-trees and the
//! polygons: per cell, whether it lies wholly in one country, and which line
//! segments and places could be nearest to any point in it.
//!
//! Most points a mechanism classifies are tens to hundreds of km from the
//! line, and there an R*-tree nearest-neighbour search opens many nodes whose
//! boxes are almost as close as the answer (about 2 µs per query here). The
//! grid asks the trees once per cell instead: if the cell's centre `q` is at
//! chord distance `D` from its nearest object and every point of the cell is
//! within `h` of `q`, then by the triangle inequality the nearest object of
//! any point in the cell is within `D + 2h` of `q`. A query then checks a
//! handful of candidates exactly, nearest to the centre first, and stops as
//! soon as no remaining candidate can beat the best so far.
//!
//! Measured (docs/PERFORMANCE.md): with random points the cost is cache
//! misses, not arithmetic, so everything a point needs sits in one cell
//! record and one compact block (8 bytes per candidate). Cells fill on first
//! use (a `OnceLock` each), so loading stays cheap, and every answer is the
//! one the trees and polygons would give.

use std::sync::OnceLock;

use rstar::primitives::GeomWithData;
use rstar::{AABB, PointDistance, RTree, RTreeObject};

use crate::Side;
use crate::point::{REGION_BBOX, REGION_MARGIN_KM};
use crate::sphere::{self, KM_PER_DEGREE, Unit};

/// Cell size. Measured: 0.05° and 0.1° cells lose more to cache misses than
/// they save in candidates; 0.2–0.4° are about equal.
const CELL_DEG: f64 = 0.25;

/// Rounding allowance for the `f32` distances in the early-exit bound
/// (a chord of 1e-6 is about 6 m).
const F32_SLACK: f64 = 1e-6;

/// The grid's frame: the region's bounding box plus the accepted margin.
#[derive(Debug, Clone, Copy)]
struct Frame {
    west: f64,
    south: f64,
    cols: usize,
    rows: usize,
}

impl Frame {
    fn region() -> Self {
        let [west, south, east, north] = REGION_BBOX;
        let lat_margin = REGION_MARGIN_KM / KM_PER_DEGREE + CELL_DEG;
        let south = south - lat_margin;
        let north = north + lat_margin;
        // Longitude degrees shrink towards the pole: size the margin there.
        let lon_margin = REGION_MARGIN_KM / (KM_PER_DEGREE * north.to_radians().cos()) + CELL_DEG;
        let west = west - lon_margin;
        let east = east + lon_margin;
        Self {
            west,
            south,
            cols: ((east - west) / CELL_DEG).ceil() as usize,
            rows: ((north - south) / CELL_DEG).ceil() as usize,
        }
    }

    fn cell_of(&self, lon: f64, lat: f64) -> Option<usize> {
        let col = (lon - self.west) / CELL_DEG;
        let row = (lat - self.south) / CELL_DEG;
        if !(col >= 0.0 && row >= 0.0) {
            return None;
        }
        // Truncation is `floor` for non-negative values, without the libm
        // call that `floor` costs on baseline x86-64.
        let (col, row) = (col as usize, row as usize);
        (col < self.cols && row < self.rows).then_some(row * self.cols + col)
    }

    /// West, south, east, north of a cell.
    fn bounds(&self, cell: usize) -> [f64; 4] {
        let west = self.west + (cell % self.cols) as f64 * CELL_DEG;
        let south = self.south + (cell / self.cols) as f64 * CELL_DEG;
        [west, south, west + CELL_DEG, south + CELL_DEG]
    }
}

/// What a cell knows about the countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellSide {
    /// A boundary runs through (or near) the cell: test the point.
    Mixed,
    /// The whole cell lies in one country, or in neither.
    Whole(Option<Side>),
}

/// The candidate lists of a cell, in this order.
#[derive(Debug, Clone, Copy)]
pub(crate) enum List {
    /// Border segments.
    Line = 0,
    /// All places.
    Places = 1,
    /// Places in Pakistan.
    PakistanPlaces = 2,
    /// Places in Afghanistan.
    AfghanistanPlaces = 3,
}

/// One candidate: the object's index and its chord distance from the cell's
/// centre, packed into 8 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    index: u32,
    from_centre: f32,
}

/// Everything a point in this cell needs.
#[derive(Debug)]
pub(crate) struct Cell {
    pub(crate) side: CellSide,
    centre: Unit,
    /// The four lists back to back; `ends[i]` is where list `i` ends.
    candidates: Box<[Candidate]>,
    ends: [u32; 4],
}

impl Cell {
    /// The nearest object of a list to `p`, as (index, squared chord
    /// distance), where `distance_2(index)` measures an object exactly. Ties
    /// go to the lowest index, as in a plain loop.
    pub(crate) fn nearest(
        &self,
        list: List,
        p: Unit,
        distance_2: impl Fn(usize) -> Option<f64>,
    ) -> Option<(usize, f64)> {
        let i = list as usize;
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? as usize };
        let end = *self.ends.get(i)? as usize;
        let offset = {
            let d = sphere::sub(p, self.centre);
            sphere::dot(d, d).sqrt()
        };
        let mut best: Option<(usize, f64)> = None;
        for candidate in self.candidates.get(start..end)? {
            if let Some((_, best_d2)) = best {
                // No object can be closer to p than its distance to the
                // centre minus p's distance from the centre.
                let bound = f64::from(candidate.from_centre) - offset - F32_SLACK;
                if bound > 0.0 && bound * bound > best_d2 {
                    break;
                }
            }
            let object = candidate.index as usize;
            let Some(d2) = distance_2(object) else {
                continue;
            };
            if best.is_none_or(|(i, b)| d2 < b || (d2 == b && object < i)) {
                best = Some((object, d2));
            }
        }
        best
    }
}

/// Centre and reach of a cell: every point of the cell is within `reach`
/// (chord) of the centre. The farthest point of a small lon/lat cell from its
/// centre is a corner; 1 % on top covers the slight bulge of the parallels.
pub(crate) fn cell_centre(bounds: [f64; 4]) -> (Unit, f64) {
    let [west, south, east, north] = bounds;
    let centre = sphere::unit((west + east) / 2.0, (south + north) / 2.0);
    let reach = [[west, south], [west, north], [east, south], [east, north]]
        .iter()
        .map(|&[lon, lat]| {
            let d = sphere::sub(centre, sphere::unit(lon, lat));
            sphere::dot(d, d).sqrt()
        })
        .fold(0.0, f64::max)
        * 1.01;
    (centre, reach)
}

/// The objects of `tree` that may be nearest to some point within `reach` of
/// `centre`, nearest to the centre first.
pub(crate) fn candidates<T>(tree: &RTree<GeomWithData<T, usize>>, centre: Unit, reach: f64) -> Vec<Candidate>
where
    T: RTreeObject<Envelope = AABB<Unit>> + PointDistance,
{
    let Some(nearest) = tree.nearest_neighbor(&centre) else {
        return Vec::new();
    };
    let radius = nearest.distance_2(&centre).sqrt() + 2.0 * reach;
    let mut found: Vec<Candidate> = tree
        .locate_within_distance(centre, radius * radius)
        .filter_map(|object| {
            Some(Candidate {
                index: u32::try_from(object.data).ok()?,
                from_centre: object.distance_2(&centre).sqrt() as f32,
            })
        })
        .collect();
    found.sort_unstable_by(|a, b| a.from_centre.total_cmp(&b.from_centre).then(a.index.cmp(&b.index)));
    found
}

impl Cell {
    /// Packs four candidate lists (in [`List`] order) into one cell.
    pub(crate) fn new(side: CellSide, centre: Unit, lists: [Vec<Candidate>; 4]) -> Self {
        let mut ends = [0u32; 4];
        let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for (end, list) in ends.iter_mut().zip(lists) {
            all.extend(list);
            *end = u32::try_from(all.len()).unwrap_or(u32::MAX);
        }
        Self { side, centre, candidates: all.into_boxed_slice(), ends }
    }
}

/// The grid of lazily built cells.
#[derive(Debug)]
pub(crate) struct Grid {
    frame: Frame,
    cells: Vec<OnceLock<Cell>>,
}

impl Grid {
    pub(crate) fn new() -> Self {
        let frame = Frame::region();
        Self { frame, cells: (0..frame.cols * frame.rows).map(|_| OnceLock::new()).collect() }
    }

    /// The cell holding (lon, lat), built by `build(bounds)` on first use;
    /// `None` outside the grid.
    pub(crate) fn cell(&self, lon: f64, lat: f64, build: impl FnOnce([f64; 4]) -> Cell) -> Option<&Cell> {
        let index = self.frame.cell_of(lon, lat)?;
        Some(self.cells.get(index)?.get_or_init(|| build(self.frame.bounds(index))))
    }
}
