//! The one error type of the geography crate.
//!
//! Every variant is something a caller can act on: a coordinate to fix (with
//! the field named), a place name to respell (with suggestions), a scope to
//! correct. `Data` only fires if the embedded assets are broken, which the
//! test suite rules out; it exists so that loading never panics.

/// What can go wrong when using the geography.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    /// A coordinate is NaN or infinite.
    #[error("{field} is not a finite number (got {value})")]
    NotFinite {
        /// `latitude`, `longitude`, `band_km`, …
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// Latitude outside −90…90.
    #[error("latitude {value} is out of range: it must lie between -90 and 90")]
    LatitudeOutOfRange {
        /// The value given.
        value: f64,
    },
    /// Longitude outside −180…180.
    #[error("longitude {value} is out of range: it must lie between -180 and 180")]
    LongitudeOutOfRange {
        /// The value given.
        value: f64,
    },
    /// The point is far from Pakistan and Afghanistan, but would lie in the
    /// region with latitude and longitude swapped.
    #[error(
        "latitude {lat}, longitude {lon} lies {km:.0} km outside the Pakistan–Afghanistan region; \
         latitude and longitude look swapped (did you mean latitude {lon}, longitude {lat}?)"
    )]
    SwappedCoordinates {
        /// The latitude given.
        lat: f64,
        /// The longitude given.
        lon: f64,
        /// How far outside the region the point as given lies.
        km: f64,
    },
    /// The point is far outside the two countries' bounding box.
    #[error(
        "latitude {lat}, longitude {lon} lies {km:.0} km outside the Pakistan–Afghanistan region \
         (at most {max_km:.0} km are allowed)"
    )]
    OutsideRegion {
        /// The latitude given.
        lat: f64,
        /// The longitude given.
        lon: f64,
        /// How far outside the region the point lies.
        km: f64,
        /// The allowed margin.
        max_km: f64,
    },
    /// Not an ACLED `geo_precision` code.
    #[error("geo_precision {value} is not an ACLED precision code: use 1, 2 or 3")]
    InvalidPrecision {
        /// The value given.
        value: u8,
    },
    /// A distance (band width, scope width) that is negative.
    #[error("{field} must be zero or more kilometres (got {value})")]
    NegativeDistance {
        /// `band_km`, `km`, …
        field: &'static str,
        /// The value given.
        value: f64,
    },
    /// An empty or punctuation-only place name.
    #[error("place name is empty")]
    EmptyPlaceName,
    /// No place or crossing has this name; close spellings are suggested.
    #[error("no place or crossing named {query:?}{}", did_you_mean(suggestions))]
    UnknownPlace {
        /// The name asked for.
        query: String,
        /// Close spellings that do exist, best first.
        suggestions: Vec<String>,
    },
    /// A scope names a sector id that does not exist.
    #[error("sectors: unknown sector id {id:?} (known: {known})")]
    UnknownSector {
        /// The id given.
        id: String,
        /// The known ids, comma-separated.
        known: String,
    },
    /// A zone polygon that cannot enclose anything.
    #[error("polygon: {reason}")]
    InvalidZone {
        /// What is wrong with it.
        reason: String,
    },
    /// The embedded data could not be read. Never happens with the shipped
    /// assets (the tests load them); reported rather than panicking.
    #[error("embedded geography data {file}: {reason}")]
    Data {
        /// The asset file.
        file: &'static str,
        /// What is wrong.
        reason: String,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of: {}?", many.join(", ")),
    }
}
