//! The border line, its spatial index and the chainage (km along the line
//! from the Iran tripoint) that sectors are defined on.
//!
//! Segments are indexed in an R*-tree as 3-D chords of the unit sphere (see
//! `sphere`), so the nearest segment is found in logarithmic time and the
//! distance is a true great-circle distance, with no projection to distort
//! it between 24° N and 38° N.

use rstar::RTree;
use rstar::primitives::{GeomWithData, Line};

use crate::grid::{Cell, List};
use crate::sphere::{self, Unit};

type IndexedSegment = GeomWithData<Line<Unit>, usize>;

/// Where on the line a point is closest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineHit {
    /// Great-circle distance to the line, km.
    pub(crate) km: f64,
    /// Km along the line, from the Iran tripoint (south) to the China
    /// tripoint (north), of the closest point.
    pub(crate) chainage_km: f64,
}

/// The Natural Earth Afghanistan–Pakistan boundary, indexed.
#[derive(Debug)]
pub(crate) struct BorderLine {
    /// `[lon, lat]`, south to north.
    pub(crate) vertices: Vec<[f64; 2]>,
    units: Vec<Unit>,
    /// Km along the line at each vertex.
    chainage: Vec<f64>,
    pub(crate) tree: RTree<IndexedSegment>,
}

impl BorderLine {
    /// Indexes a line of at least two vertices.
    pub(crate) fn new(vertices: Vec<[f64; 2]>) -> Self {
        let units: Vec<Unit> = vertices.iter().map(|&[lon, lat]| sphere::unit(lon, lat)).collect();
        let mut chainage = Vec::with_capacity(units.len());
        let mut total = 0.0;
        let mut previous: Option<Unit> = None;
        for &u in &units {
            if let Some(p) = previous {
                total += sphere::unit_km(p, u);
            }
            chainage.push(total);
            previous = Some(u);
        }
        let segments = units
            .windows(2)
            .enumerate()
            .filter_map(|(index, pair)| match pair {
                [a, b] => Some(GeomWithData::new(Line::new(*a, *b), index)),
                _ => None,
            })
            .collect();
        Self { vertices, units, chainage, tree: RTree::bulk_load(segments) }
    }

    /// Total length, km.
    pub(crate) fn length_km(&self) -> f64 {
        self.chainage.last().copied().unwrap_or(0.0)
    }

    /// The area within `half_width_km` of the line between `from_km` and
    /// `to_km` along it, as a closed ring of `[lon, lat]` (first = last):
    /// the convex hull of circles of that radius (twelve points each) round
    /// each of the line's vertices in that stretch. A hull is always a
    /// simple polygon, which a band offset along a wiggly line is not; on a
    /// bent stretch it covers more than the band. The circles are drawn on
    /// a local flat approximation (a degree of longitude shrinks with the
    /// cosine of the latitude), fine for an area tens of km wide. `None` if
    /// the stretch holds no vertex.
    pub(crate) fn corridor(&self, from_km: f64, to_km: f64, half_width_km: f64) -> Option<Vec<[f64; 2]>> {
        use geo::{ConvexHull, MultiPoint, Point};
        const KM_PER_DEGREE: f64 = 111.32;
        let mut points = Vec::new();
        for ([lon, lat], _) in
            self.vertices.iter().zip(&self.chainage).filter(|(_, km)| **km >= from_km && **km <= to_km)
        {
            let cos = lat.to_radians().cos().max(0.1);
            for k in 0..12 {
                let angle = f64::from(k) * std::f64::consts::PI / 6.0;
                points.push(Point::new(
                    lon + angle.sin() * half_width_km / (KM_PER_DEGREE * cos),
                    lat + angle.cos() * half_width_km / KM_PER_DEGREE,
                ));
            }
        }
        if points.is_empty() {
            return None;
        }
        let hull = MultiPoint::new(points).convex_hull();
        let mut ring: Vec<[f64; 2]> = hull.exterior().points().map(|p| [p.x(), p.y()]).collect();
        if ring.first() != ring.last() {
            ring.push(*ring.first()?);
        }
        (ring.len() >= 4).then_some(ring)
    }

    /// The nearest point of the line, through the R*-tree.
    pub(crate) fn nearest(&self, p: Unit) -> Option<LineHit> {
        self.hit_on(p, self.tree.nearest_neighbor(&p)?.data)
    }

    /// The nearest point of the line among a grid cell's candidates.
    pub(crate) fn nearest_in_cell(&self, p: Unit, cell: &Cell) -> Option<LineHit> {
        let exact = |index: usize| {
            let (a, b) = (self.units.get(index)?, self.units.get(index + 1)?);
            Some(sphere::closest_on_segment(p, *a, *b).1)
        };
        self.hit_on(p, cell.nearest(List::Line, p, exact)?.0)
    }

    /// The nearest point of the line by looking at every segment: the
    /// baseline the index is measured against, and a cross-check in tests.
    pub(crate) fn nearest_naive(&self, p: Unit) -> Option<LineHit> {
        let mut best: Option<(usize, f64)> = None;
        for (index, pair) in self.units.windows(2).enumerate() {
            if let [a, b] = pair {
                let (_, d2) = sphere::closest_on_segment(p, *a, *b);
                if best.is_none_or(|(_, best_d2)| d2 < best_d2) {
                    best = Some((index, d2));
                }
            }
        }
        self.hit_on(p, best?.0)
    }

    /// Whether the line comes within `km` of the point (cheaper than
    /// `nearest` when only a yes/no is needed).
    pub(crate) fn within_km(&self, p: Unit, km: f64) -> bool {
        self.tree.locate_within_distance(p, sphere::km_to_chord2(km)).next().is_some()
    }

    fn hit_on(&self, p: Unit, segment: usize) -> Option<LineHit> {
        let a = *self.units.get(segment)?;
        let b = *self.units.get(segment + 1)?;
        let (t, d2) = sphere::closest_on_segment(p, a, b);
        let start = *self.chainage.get(segment)?;
        let end = *self.chainage.get(segment + 1)?;
        Some(LineHit { km: sphere::chord_to_km(d2.sqrt()), chainage_km: start + t * (end - start) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_naive_agree_on_a_bent_line() {
        let line = BorderLine::new(vec![[70.0, 33.0], [70.5, 33.0], [70.5, 33.5], [71.0, 34.0]]);
        for &(lon, lat) in &[(70.2, 32.9), (70.6, 33.2), (71.5, 34.5), (69.0, 30.0)] {
            let p = sphere::unit(lon, lat);
            assert_eq!(line.nearest(p), line.nearest_naive(p));
        }
        let hit = line.nearest(sphere::unit(70.25, 33.1)).unwrap();
        assert!((hit.km - 11.12).abs() < 0.05, "{hit:?}");
        assert!(line.within_km(sphere::unit(70.25, 33.1), 12.0));
        assert!(!line.within_km(sphere::unit(70.25, 33.1), 10.0));
        assert!(line.length_km() > 0.0);
    }
}
