//! Fast point-in-polygon for the two country outlines.
//!
//! The outlines have about 3,600 edges. A plain ray cast over all of them is
//! a few microseconds per point; this index cuts the plane into thin
//! horizontal bands and keeps, per band, only the edges that cross it, so a
//! test looks at a handful of edges. The even–odd rule handles holes and
//! multi-part countries alike. Because Pakistan and Afghanistan share the
//! exact same border arc, a point on the shared edge is counted in exactly
//! one of them (the half-open crossing rule).

/// One polygon edge in lon/lat degrees.
#[derive(Debug, Clone, Copy)]
struct Edge {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// A set of rings (exterior rings and holes alike) indexed by latitude band.
#[derive(Debug, Clone)]
pub(crate) struct BandedPolygon {
    /// West, south, east, north.
    bbox: [f64; 4],
    band_height: f64,
    bands: Vec<Vec<Edge>>,
}

const BANDS: usize = 1024;

impl BandedPolygon {
    /// Builds the index from closed or open rings of `[lon, lat]`.
    pub(crate) fn new(rings: &[Vec<[f64; 2]>]) -> Self {
        let mut bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for &[x, y] in rings.iter().flatten() {
            bbox[0] = bbox[0].min(x);
            bbox[1] = bbox[1].min(y);
            bbox[2] = bbox[2].max(x);
            bbox[3] = bbox[3].max(y);
        }
        let band_height = ((bbox[3] - bbox[1]) / BANDS as f64).max(f64::MIN_POSITIVE);
        let mut bands = vec![Vec::new(); BANDS];
        for ring in rings {
            let Some(&first) = ring.first() else { continue };
            let closing = [first];
            let points: Vec<[f64; 2]> = if ring.last() == Some(&first) {
                ring.clone()
            } else {
                ring.iter().chain(closing.iter()).copied().collect()
            };
            for pair in points.windows(2) {
                let (&[x0, y0], &[x1, y1]) = match pair {
                    [a, b] => (a, b),
                    _ => continue,
                };
                // Horizontal edges never change the crossing count (the
                // test in `contains` skips them by itself), but they are
                // kept so that `edges_meet` sees every boundary piece.
                let edge = Edge { x0, y0, x1, y1 };
                let low = band_of(y0.min(y1), bbox[1], band_height);
                let high = band_of(y0.max(y1), bbox[1], band_height);
                for band in bands.iter_mut().take(high + 1).skip(low) {
                    band.push(edge);
                }
            }
        }
        Self { bbox, band_height, bands }
    }

    /// Whether the point lies inside (even–odd rule).
    pub(crate) fn contains(&self, lon: f64, lat: f64) -> bool {
        let [west, south, east, north] = self.bbox;
        if !(west..=east).contains(&lon) || !(south..=north).contains(&lat) {
            return false;
        }
        let Some(edges) = self.bands.get(band_of(lat, south, self.band_height)) else {
            return false;
        };
        let mut inside = false;
        for edge in edges {
            if (edge.y0 > lat) != (edge.y1 > lat) {
                let x = edge.x0 + (lat - edge.y0) * (edge.x1 - edge.x0) / (edge.y1 - edge.y0);
                if lon < x {
                    inside = !inside;
                }
            }
        }
        inside
    }
}

impl BandedPolygon {
    /// Whether any edge's bounding box meets the rectangle (west, south,
    /// east, north). Conservative: `false` means the rectangle lies wholly
    /// inside or wholly outside.
    pub(crate) fn edges_meet(&self, [west, south, east, north]: [f64; 4]) -> bool {
        let low = band_of(south, self.bbox[1], self.band_height);
        let high = band_of(north, self.bbox[1], self.band_height);
        self.bands.iter().take(high + 1).skip(low).flatten().any(|edge| {
            edge.x0.min(edge.x1) <= east
                && edge.x0.max(edge.x1) >= west
                && edge.y0.min(edge.y1) <= north
                && edge.y0.max(edge.y1) >= south
        })
    }
}

/// Even–odd ray cast over one small ring, without building an index: the
/// right tool for a provision's zone, which has a handful of vertices and is
/// asked about one point at a time.
pub(crate) fn ring_contains(ring: &[[f64; 2]], lon: f64, lat: f64) -> bool {
    let mut inside = false;
    let closing = ring.first().into_iter();
    let mut previous: Option<[f64; 2]> = None;
    for &[x1, y1] in ring.iter().chain(closing) {
        if let Some([x0, y0]) = previous
            && (y0 > lat) != (y1 > lat)
        {
            let x = x0 + (lat - y0) * (x1 - x0) / (y1 - y0);
            if lon < x {
                inside = !inside;
            }
        }
        previous = Some([x1, y1]);
    }
    inside
}

fn band_of(y: f64, south: f64, band_height: f64) -> usize {
    let band = (y - south) / band_height;
    // `band > 0.0` is false for NaN too; truncation is `floor` here.
    if band > 0.0 { (band as usize).min(BANDS - 1) } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_with_hole() {
        let outer = vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]];
        let hole = vec![[1.0, 1.0], [1.0, 3.0], [3.0, 3.0], [3.0, 1.0], [1.0, 1.0]];
        let polygon = BandedPolygon::new(&[outer, hole]);
        assert!(polygon.contains(0.5, 0.5));
        assert!(!polygon.contains(2.0, 2.0));
        assert!(polygon.contains(3.5, 2.0));
        assert!(!polygon.contains(5.0, 2.0));
        assert!(!polygon.contains(2.0, -1.0));
    }

    #[test]
    fn small_ring_open_or_closed() {
        let open = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]];
        let closed = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]];
        for ring in [&open[..], &closed[..]] {
            assert!(ring_contains(ring, 2.0, 2.0));
            assert!(!ring_contains(ring, 5.0, 2.0));
            assert!(!ring_contains(ring, 2.0, -0.5));
        }
        assert!(!ring_contains(&[], 0.0, 0.0));
    }
}
