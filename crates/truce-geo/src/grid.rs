//! A lazily filled grid of nearest-neighbour candidates in front of an
//! R*-tree.
//!
//! Most points a mechanism classifies are tens to hundreds of km from the
//! line, and there an R*-tree nearest-neighbour search must open many nodes
//! whose boxes are almost as close as the answer (about 2 µs per query here).
//! The grid answers "which objects could be nearest to any point of this
//! cell?" once per cell (0.25° cells), using the tree: if the cell's centre `q` is at
//! chord distance `D` from its nearest object and every point of the cell is
//! within `h` of `q`, then by the triangle inequality the nearest object of
//! any point in the cell is within `D + 2h` of `q`. A query then checks a
//! handful of candidates exactly, nearest to the centre first, and stops as
//! soon as no remaining candidate can beat the best so far. Cells fill on first use (a `OnceLock`
//! each), so building the geography stays cheap and the answers are the
//! same as the tree's, only faster.

use std::sync::OnceLock;

use rstar::primitives::GeomWithData;
use rstar::{AABB, PointDistance, RTree, RTreeObject};

use crate::point::{REGION_BBOX, REGION_MARGIN_KM};
use crate::sphere::{self, KM_PER_DEGREE, Unit};

/// Cell size for the line. Measured: 0.05° and 0.1° cells lose more to
/// cache misses than they save in candidates; 0.2–0.4° are about equal.
pub(crate) const LINE_CELL_DEG: f64 = 0.25;

/// Cell size for the side-of-line cache.
pub(crate) const SIDE_CELL_DEG: f64 = 0.1;

/// Cell size for the place indexes.
pub(crate) const PLACE_CELL_DEG: f64 = 0.25;

/// The grid's frame: the region's bounding box plus the accepted margin.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    cell_deg: f64,
    west: f64,
    south: f64,
    pub(crate) cols: usize,
    pub(crate) rows: usize,
}

impl Frame {
    pub(crate) fn region(cell_deg: f64) -> Self {
        let [west, south, east, north] = REGION_BBOX;
        let lat_margin = REGION_MARGIN_KM / KM_PER_DEGREE + cell_deg;
        let south = south - lat_margin;
        let north = north + lat_margin;
        // Longitude degrees shrink towards the pole: size the margin there.
        let lon_margin = REGION_MARGIN_KM / (KM_PER_DEGREE * north.to_radians().cos()) + cell_deg;
        let west = west - lon_margin;
        let east = east + lon_margin;
        Self {
            cell_deg,
            west,
            south,
            cols: ((east - west) / cell_deg).ceil() as usize,
            rows: ((north - south) / cell_deg).ceil() as usize,
        }
    }

    pub(crate) fn cell_of(&self, lon: f64, lat: f64) -> Option<usize> {
        let col = (lon - self.west) / self.cell_deg;
        let row = (lat - self.south) / self.cell_deg;
        if !(col >= 0.0 && row >= 0.0) {
            return None;
        }
        // Truncation is `floor` for non-negative values, without the libm
        // call that `floor` costs on baseline x86-64.
        let (col, row) = (col as usize, row as usize);
        (col < self.cols && row < self.rows).then_some(row * self.cols + col)
    }

    /// West, south, east, north of a cell.
    pub(crate) fn bounds(&self, cell: usize) -> [f64; 4] {
        let west = self.west + (cell % self.cols) as f64 * self.cell_deg;
        let south = self.south + (cell / self.cols) as f64 * self.cell_deg;
        [west, south, west + self.cell_deg, south + self.cell_deg]
    }
}

/// One candidate of a cell: the object's index and its chord distance from
/// the cell's centre, packed into 8 bytes. The random access pattern of
/// classification makes the grid's size, not its arithmetic, the cost: a
/// compact grid stays in cache far better than one holding geometry.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    index: u32,
    from_centre: f32,
}

/// One cell: its centre and its candidates, nearest to the centre first.
#[derive(Debug)]
struct Cell {
    centre: Unit,
    candidates: Box<[Candidate]>,
}

/// Candidate lists per cell for one tree of indexed objects.
#[derive(Debug)]
pub(crate) struct CandidateGrid {
    frame: Frame,
    cells: Vec<OnceLock<Cell>>,
}

/// Rounding allowance for the `f32` distances in the early-exit bound
/// (a chord of 1e-6 is about 6 m).
const F32_SLACK: f64 = 1e-6;

impl CandidateGrid {
    /// A grid of `cell_deg`-degree cells over the region and its margin.
    pub(crate) fn new(cell_deg: f64) -> Self {
        let frame = Frame::region(cell_deg);
        Self { frame, cells: (0..frame.cols * frame.rows).map(|_| OnceLock::new()).collect() }
    }

    /// The nearest object of `tree` to `p` (at `lon`, `lat`), as (index,
    /// squared chord distance), where `distance_2(index)` measures an object
    /// exactly. Ties go to the lowest index, as in a plain loop. `None`
    /// outside the grid (the caller then asks the tree).
    pub(crate) fn nearest<T>(
        &self,
        tree: &RTree<GeomWithData<T, usize>>,
        lon: f64,
        lat: f64,
        p: Unit,
        distance_2: impl Fn(usize) -> Option<f64>,
    ) -> Option<Option<(usize, f64)>>
    where
        T: RTreeObject<Envelope = AABB<Unit>> + PointDistance,
    {
        let index = self.frame.cell_of(lon, lat)?;
        let cell = self.cells.get(index)?.get_or_init(|| build_cell(tree, self.frame.bounds(index)));
        let offset = {
            let d = sphere::sub(p, cell.centre);
            sphere::dot(d, d).sqrt()
        };
        let mut best: Option<(usize, f64)> = None;
        for candidate in cell.candidates.iter() {
            if let Some((_, best_d2)) = best {
                // No object can be closer to p than its distance to the
                // centre minus p's distance from the centre.
                let bound = f64::from(candidate.from_centre) - offset - F32_SLACK;
                if bound > 0.0 && bound * bound > best_d2 {
                    break;
                }
            }
            let object = candidate.index as usize;
            let Some(d2) = distance_2(object) else { continue };
            if best.is_none_or(|(i, b)| d2 < b || (d2 == b && object < i)) {
                best = Some((object, d2));
            }
        }
        Some(best)
    }
}

fn build_cell<T>(tree: &RTree<GeomWithData<T, usize>>, bounds: [f64; 4]) -> Cell
where
    T: RTreeObject<Envelope = AABB<Unit>> + PointDistance,
{
    let [west, south, east, north] = bounds;
    let centre = sphere::unit((west + east) / 2.0, (south + north) / 2.0);
    // The farthest point of a small lon/lat cell from its centre is a corner;
    // 1 % on top covers the slight bulge of the parallels.
    let reach = [[west, south], [west, north], [east, south], [east, north]]
        .iter()
        .map(|&[lon, lat]| {
            let d = sphere::sub(centre, sphere::unit(lon, lat));
            sphere::dot(d, d).sqrt()
        })
        .fold(0.0, f64::max)
        * 1.01;
    let Some(nearest) = tree.nearest_neighbor(&centre) else {
        return Cell { centre, candidates: Box::new([]) };
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
    Cell { centre, candidates: found.into_boxed_slice() }
}
