//! The geographic scope of an agreement's provision.
//!
//! A provision may bind the whole border, a band of N km either side of the
//! line (a demilitarised strip), named sectors (Kurram, Chaman) or an ad hoc
//! zone drawn as a polygon. Agreements are data, so the scope is a tagged
//! serde enum (`{"kind": "border_band", "km": 10}`) that the domain core
//! stores and hands back here to ask "does this point fall inside?".

use serde::{Deserialize, Serialize};

use crate::error::GeoError;
use crate::polygon;
use crate::{GeoPoint, Geography, check_distance};

/// How far from the line (km) [`GeoScope::WholeBorder`] reaches outside the
/// two countries (in Iran, China or Tajikistan near the tripoints).
pub const WHOLE_BORDER_KM: f64 = 50.0;

/// Where a provision applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GeoScope {
    /// Anywhere in either country, plus anywhere within
    /// [`WHOLE_BORDER_KM`] of the line. A ceasefire between two states
    /// binds their whole territory (air strikes on Kabul count), and the
    /// 50 km margin keeps points just across a tripoint, or slightly off the
    /// generalised coastline of the polygons, inside.
    WholeBorder,
    /// Within `km` of the line, on either side.
    BorderBand {
        /// Half-width of the band, km.
        km: f64,
    },
    /// Within the named sectors (by id), that is within
    /// [`SECTOR_MAX_KM`](crate::SECTOR_MAX_KM) of the line along their stretch.
    Sectors {
        /// Sector ids, e.g. `["kurram_paktia", "chaman_kandahar"]`.
        sectors: Vec<String>,
    },
    /// Inside a polygon given as one ring of `[lon, lat]` (GeoJSON order);
    /// closing the ring is optional.
    Zone {
        /// The ring.
        polygon: Vec<[f64; 2]>,
    },
}

impl GeoScope {
    /// Whether the point falls inside the scope. A scope that fails
    /// [`GeoScope::check`] contains nothing (unknown sectors never match, a
    /// degenerate zone holds no point).
    pub fn contains(&self, geo: &Geography, point: &GeoPoint) -> bool {
        match self {
            GeoScope::WholeBorder => geo.side_of(point).is_some() || geo.within_km_of_line(point, WHOLE_BORDER_KM),
            GeoScope::BorderBand { km } => km.is_finite() && *km >= 0.0 && geo.within_km_of_line(point, *km),
            GeoScope::Sectors { sectors } => geo.sector_of(point).is_some_and(|sector| sectors.contains(&sector.id)),
            GeoScope::Zone { polygon } => {
                polygon.len() >= 3 && polygon::ring_contains(polygon, point.lon(), point.lat())
            }
        }
    }

    /// Checks the scope against the geography: band widths finite and not
    /// negative, sector ids known, zone rings with at least three finite
    /// vertices in range. The domain core calls this when it validates an
    /// agreement, so that a typo in a sector id is an error, not a silent
    /// "never matches".
    pub fn check(&self, geo: &Geography) -> Result<(), GeoError> {
        match self {
            GeoScope::WholeBorder => Ok(()),
            GeoScope::BorderBand { km } => check_distance("km", *km),
            GeoScope::Sectors { sectors } => {
                for id in sectors {
                    if geo.sector(id).is_none() {
                        return Err(GeoError::UnknownSector {
                            id: id.clone(),
                            known: geo.sectors().iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", "),
                        });
                    }
                }
                Ok(())
            }
            GeoScope::Zone { polygon } => {
                let mut distinct = polygon.clone();
                distinct.dedup();
                if distinct.len() > 1 && distinct.first() == distinct.last() {
                    distinct.pop();
                }
                if distinct.len() < 3 {
                    return Err(GeoError::InvalidZone {
                        reason: format!(
                            "a zone needs at least 3 distinct [lon, lat] vertices (got {})",
                            distinct.len()
                        ),
                    });
                }
                for (index, &[lon, lat]) in polygon.iter().enumerate() {
                    if !lon.is_finite()
                        || !lat.is_finite()
                        || !(-180.0..=180.0).contains(&lon)
                        || !(-90.0..=90.0).contains(&lat)
                    {
                        return Err(GeoError::InvalidZone {
                            reason: format!("vertex {index} [{lon}, {lat}] is not a valid [lon, lat] pair"),
                        });
                    }
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_is_tagged_snake_case() {
        let scope: GeoScope = serde_json::from_str(r#"{"kind":"border_band","km":10}"#).unwrap();
        assert_eq!(scope, GeoScope::BorderBand { km: 10.0 });
        let scope: GeoScope = serde_json::from_str(r#"{"kind":"sectors","sectors":["kurram_paktia"]}"#).unwrap();
        assert_eq!(scope, GeoScope::Sectors { sectors: vec!["kurram_paktia".into()] });
        let whole: GeoScope = serde_json::from_str(r#"{"kind":"whole_border"}"#).unwrap();
        assert_eq!(whole, GeoScope::WholeBorder);
        assert_eq!(
            serde_json::to_string(&GeoScope::Zone { polygon: vec![[70.0, 33.0]] }).unwrap(),
            r#"{"kind":"zone","polygon":[[70.0,33.0]]}"#
        );
    }
}
