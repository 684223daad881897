//! The validated point: a [`GeoPoint`] exists only if its coordinates are
//! finite, in range and in (or near) the Pakistan–Afghanistan region.
//!
//! Parse, don't validate: the fields are private and the only constructors
//! check everything once, so every function that takes a `GeoPoint` can rely
//! on it. The ACLED precision code travels with the point because it changes
//! how sure we can be about the side of the line.

use serde::{Deserialize, Serialize};

use crate::error::GeoError;
use crate::sphere::KM_PER_DEGREE;

/// Bounding box of Pakistan and Afghanistan (Natural Earth 1:10m polygons):
/// west, south, east, north in degrees. The integration tests check it against
/// the embedded polygons.
pub(crate) const REGION_BBOX: [f64; 4] = [60.486005, 23.694673, 77.04977, 38.473102];

/// How far (km) outside the two countries' bounding box (60.49–77.05 E,
/// 23.69–38.47 N) a point may lie and still be accepted.
pub const REGION_MARGIN_KM: f64 = 300.0;

/// How precisely a location is known, as ACLED codes it in `geo_precision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum GeoPrecision {
    /// Code 1: the named town or an exact position.
    #[default]
    Exact,
    /// Code 2: near a town, or a small part of a district; coded to the
    /// nearest town.
    NearTown,
    /// Code 3: only a larger region (province) is known; coded to its capital.
    Region,
}

impl GeoPrecision {
    /// Reads an ACLED `geo_precision` code (1, 2 or 3).
    pub fn from_acled(code: u8) -> Result<Self, GeoError> {
        match code {
            1 => Ok(Self::Exact),
            2 => Ok(Self::NearTown),
            3 => Ok(Self::Region),
            value => Err(GeoError::InvalidPrecision { value }),
        }
    }

    /// The ACLED `geo_precision` code.
    pub fn acled_code(self) -> u8 {
        match self {
            Self::Exact => 1,
            Self::NearTown => 2,
            Self::Region => 3,
        }
    }

    /// How far (km) the true location may be from the coded point. It widens
    /// the "side uncertain" band: a point coded to a nearby town cannot be put
    /// on one side of a line 10 km away.
    pub fn slack_km(self) -> f64 {
        match self {
            Self::Exact => 0.0,
            Self::NearTown => 25.0,
            Self::Region => 100.0,
        }
    }
}

impl TryFrom<u8> for GeoPrecision {
    type Error = GeoError;
    fn try_from(code: u8) -> Result<Self, GeoError> {
        Self::from_acled(code)
    }
}

impl From<GeoPrecision> for u8 {
    fn from(precision: GeoPrecision) -> u8 {
        precision.acled_code()
    }
}

/// A WGS84 point in or near the Pakistan–Afghanistan region, with its ACLED
/// precision. Build it with [`GeoPoint::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawGeoPoint", into = "RawGeoPoint")]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
    precision: GeoPrecision,
}

/// The wire form of a [`GeoPoint`]; deserialising goes through `parse`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct RawGeoPoint {
    lat: f64,
    lon: f64,
    #[serde(default)]
    precision: GeoPrecision,
}

impl TryFrom<RawGeoPoint> for GeoPoint {
    type Error = GeoError;
    fn try_from(raw: RawGeoPoint) -> Result<Self, GeoError> {
        Ok(Self::parse(raw.lat, raw.lon)?.with_precision(raw.precision))
    }
}

impl From<GeoPoint> for RawGeoPoint {
    fn from(point: GeoPoint) -> Self {
        Self { lat: point.lat, lon: point.lon, precision: point.precision }
    }
}

impl GeoPoint {
    /// Checks a latitude/longitude pair (degrees, WGS84) and builds a point of
    /// precision [`GeoPrecision::Exact`].
    ///
    /// Fails with a [`GeoError`] naming the field when a value is NaN or
    /// infinite or out of range, when the point lies more than
    /// [`REGION_MARGIN_KM`] outside the two countries' bounding box, and with
    /// [`GeoError::SwappedCoordinates`] when only the swapped pair lands in
    /// the region.
    pub fn parse(lat: f64, lon: f64) -> Result<Self, GeoError> {
        if !lat.is_finite() {
            return Err(GeoError::NotFinite { field: "latitude", value: lat });
        }
        if !lon.is_finite() {
            return Err(GeoError::NotFinite { field: "longitude", value: lon });
        }
        if !(-90.0..=90.0).contains(&lat) {
            return Err(GeoError::LatitudeOutOfRange { value: lat });
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(GeoError::LongitudeOutOfRange { value: lon });
        }
        let km = km_outside_region(lat, lon);
        if km > REGION_MARGIN_KM {
            if km_outside_region(lon, lat) <= REGION_MARGIN_KM {
                return Err(GeoError::SwappedCoordinates { lat, lon, km });
            }
            return Err(GeoError::OutsideRegion { lat, lon, km, max_km: REGION_MARGIN_KM });
        }
        Ok(Self { lat, lon, precision: GeoPrecision::Exact })
    }

    /// [`GeoPoint::parse`] plus an ACLED `geo_precision` code (1–3).
    pub fn parse_with_precision(lat: f64, lon: f64, geo_precision: u8) -> Result<Self, GeoError> {
        let precision = GeoPrecision::from_acled(geo_precision)?;
        Ok(Self::parse(lat, lon)?.with_precision(precision))
    }

    /// The same point with another precision.
    #[must_use]
    pub fn with_precision(self, precision: GeoPrecision) -> Self {
        Self { precision, ..self }
    }

    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// The ACLED precision.
    pub fn precision(&self) -> GeoPrecision {
        self.precision
    }
}

/// Distance in km from a point to the region's bounding box (0 inside). A
/// local flat approximation is plenty for a 300 km plausibility margin.
fn km_outside_region(lat: f64, lon: f64) -> f64 {
    let [west, south, east, north] = REGION_BBOX;
    let dlat = if lat < south {
        south - lat
    } else if lat > north {
        lat - north
    } else {
        0.0
    };
    let dlon = if lon < west {
        west - lon
    } else if lon > east {
        lon - east
    } else {
        0.0
    };
    let near_lat = lat.clamp(south, north).to_radians();
    let dx = dlon * KM_PER_DEGREE * near_lat.cos();
    let dy = dlat * KM_PER_DEGREE;
    (dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_border_point_and_carries_precision() {
        let point = GeoPoint::parse_with_precision(34.1, 71.1, 2).unwrap();
        assert_eq!(point.precision(), GeoPrecision::NearTown);
        assert_eq!(point.lat(), 34.1);
        assert_eq!(point.lon(), 71.1);
    }

    #[test]
    fn rejects_bad_precision() {
        assert_eq!(GeoPoint::parse_with_precision(34.1, 71.1, 4), Err(GeoError::InvalidPrecision { value: 4 }));
    }

    #[test]
    fn serde_round_trip_goes_through_parse() {
        let point = GeoPoint::parse(30.9, 66.4).unwrap();
        let json = serde_json::to_string(&point).unwrap();
        assert_eq!(json, r#"{"lat":30.9,"lon":66.4,"precision":1}"#);
        assert_eq!(serde_json::from_str::<GeoPoint>(&json).unwrap(), point);
        assert!(serde_json::from_str::<GeoPoint>(r#"{"lat":66.4,"lon":30.9}"#).is_err());
    }

    #[test]
    fn margin_is_measured_in_km() {
        // 1° south of the region's southern edge is about 111 km: accepted.
        assert!(GeoPoint::parse(22.7, 67.0).is_ok());
        // 5° south is about 555 km: rejected.
        assert!(matches!(GeoPoint::parse(18.7, 67.0), Err(GeoError::OutsideRegion { .. })));
    }
}
