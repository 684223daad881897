//! Spherical arithmetic shared by the index and the checks.
//!
//! Distances are great-circle distances on a sphere of the mean Earth radius,
//! the same model the data set's `border_km` column uses, so our numbers agree
//! with it to metres. Points are turned into unit vectors once; in 3-D the
//! straight chord between two close line vertices is within a millimetre of
//! the arc, so a 3-D segment index gives exact-enough nearest points without
//! any projection distortion.

/// Mean Earth radius (IUGG), km.
pub(crate) const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres per degree of arc on that sphere.
pub(crate) const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// A point as a unit vector.
pub(crate) type Unit = [f64; 3];

/// Longitude/latitude in degrees to a unit vector.
pub(crate) fn unit(lon: f64, lat: f64) -> Unit {
    let (lat_sin, lat_cos) = lat.to_radians().sin_cos();
    let (lon_sin, lon_cos) = lon.to_radians().sin_cos();
    [lat_cos * lon_cos, lat_cos * lon_sin, lat_sin]
}

/// The great-circle distance in km that a chord of this length spans.
pub(crate) fn chord_to_km(chord: f64) -> f64 {
    2.0 * (chord / 2.0).clamp(0.0, 1.0).asin() * EARTH_RADIUS_KM
}

/// The squared chord length that spans this many km; used to turn a km
/// radius into an index query radius.
pub(crate) fn km_to_chord2(km: f64) -> f64 {
    let chord = 2.0 * (km / EARTH_RADIUS_KM / 2.0).min(std::f64::consts::FRAC_PI_2).sin();
    chord * chord
}

pub(crate) fn sub(a: Unit, b: Unit) -> Unit {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub(crate) fn dot(a: Unit, b: Unit) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

/// Great-circle distance in km between two unit vectors.
pub(crate) fn unit_km(a: Unit, b: Unit) -> f64 {
    let d = sub(a, b);
    chord_to_km(dot(d, d).sqrt())
}

/// The great-circle distance in km between two WGS84 positions given in
/// degrees, anywhere on Earth (unlike [`crate::GeoPoint`], which is confined
/// to the region): for comparing a photo's recorded position with a
/// reported place.
pub fn great_circle_km(lat_a: f64, lon_a: f64, lat_b: f64, lon_b: f64) -> f64 {
    unit_km(unit(lon_a, lat_a), unit(lon_b, lat_b))
}

/// Where on the chord `a→b` the point `p` is closest: the fraction `t` in
/// 0…1 and the squared chord distance.
pub(crate) fn closest_on_segment(p: Unit, a: Unit, b: Unit) -> (f64, f64) {
    let ab = sub(b, a);
    let ap = sub(p, a);
    let len2 = dot(ab, ab);
    let t = if len2 > 0.0 { (dot(ap, ab) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let c = [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
    let d = sub(p, c);
    (t, dot(d, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_distances_match_known_values() {
        // Kabul to Islamabad is about 370 km as the crow flies.
        let kabul_islamabad = great_circle_km(34.53, 69.17, 33.69, 73.06);
        assert!((kabul_islamabad - 370.0).abs() < 15.0, "{kabul_islamabad}");
        assert_eq!(great_circle_km(30.0, 66.0, 30.0, 66.0), 0.0);
        let half = great_circle_km(0.0, 0.0, 0.0, 180.0);
        assert!((half - EARTH_RADIUS_KM * std::f64::consts::PI).abs() < 1e-6, "{half}");
    }

    #[test]
    fn one_degree_of_latitude_is_about_111_km() {
        let km = unit_km(unit(70.0, 33.0), unit(70.0, 34.0));
        assert!((km - 111.195).abs() < 0.01, "{km}");
    }

    #[test]
    fn chord_radius_round_trips() {
        let chord = km_to_chord2(50.0).sqrt();
        assert!((chord_to_km(chord) - 50.0).abs() < 1e-9);
    }
}
