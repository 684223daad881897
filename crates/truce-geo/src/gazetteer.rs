//! Places, border crossings and looking them up by name.
//!
//! People write the same place many ways: with or without diacritics
//! (Spīn Bōldak), joined or split (Miramshah, Miran Shah), in older
//! transliterations (Khowst, Konar). Every name is *folded* — Unicode
//! decomposition, combining marks dropped, lower case, everything but
//! letters and digits removed — and the folded forms of the GeoNames name,
//! its ASCII form, its alternate names, the crossings' names and a small
//! curated alias table all point at their targets. A miss returns close
//! spellings by edit distance instead of nothing.

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::Side;
use crate::error::GeoError;

/// A populated place from the GeoNames gazetteer (cities1000).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// GeoNames feature id (`https://www.geonames.org/<id>`).
    pub geonames_id: u32,
    /// Name as GeoNames spells it, with diacritics.
    pub name: String,
    /// The name folded to ASCII.
    pub name_ascii: String,
    /// Alternate Latin-script spellings from GeoNames.
    pub alt_names: Vec<String>,
    /// The country GeoNames files it under.
    pub country: Side,
    /// Province (GeoNames admin1 name, e.g. `Konar`, `Khyber Pakhtunkhwa`).
    pub province: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population (0 = unknown).
    pub population: u64,
    /// GeoNames feature code (`PPL`, `PPLA`, …; may be empty).
    pub feature_code: String,
    /// Distance to the border line, km (from the data set).
    pub border_km: f64,
}

/// An official or known border crossing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossing {
    /// Stable id, e.g. `torkham`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings and names.
    pub aliases: Vec<String>,
    /// District and province on the Pakistani side.
    pub pakistan_side: String,
    /// District and province on the Afghan side.
    pub afghanistan_side: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Whether the coordinates come from a source (true) or were placed
    /// approximately on the line (false).
    pub verified: bool,
    /// Distance from its coordinates to the generalised line, km. A
    /// crossing lies on the border by definition, so this is how far the
    /// line is off there: the side of a point near it is uncertain within
    /// at least that much.
    pub line_km: f64,
    /// Where the coordinates come from.
    pub note: String,
}

/// How a name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The place's own name (GeoNames name or its ASCII form).
    Name,
    /// A GeoNames alternate name.
    AlternateName,
    /// A crossing's name or one of its aliases.
    Crossing,
    /// An entry of the curated alias table.
    Alias,
    /// A province name, answered with its capital (ACLED precision 3).
    Province,
}

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Named<'a> {
    /// A gazetteer place.
    Place(&'a Place),
    /// A border crossing.
    Crossing(&'a Crossing),
}

impl Named<'_> {
    /// Display name.
    pub fn name(&self) -> &str {
        match self {
            Named::Place(place) => &place.name,
            Named::Crossing(crossing) => &crossing.name,
        }
    }

    /// Latitude and longitude, degrees.
    pub fn lat_lon(&self) -> (f64, f64) {
        match self {
            Named::Place(place) => (place.lat, place.lon),
            Named::Crossing(crossing) => (crossing.lat, crossing.lon),
        }
    }
}

/// One answer to a name lookup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameMatch<'a> {
    /// The place or crossing.
    pub target: Named<'a>,
    /// How the name matched.
    pub via: MatchKind,
    /// A note for curated aliases, e.g. "Parachinar, seat of Kurram district".
    pub note: Option<&'a str>,
}

/// What a folded key points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Place(usize),
    Crossing(usize),
}

#[derive(Debug, Clone)]
struct Entry {
    target: Target,
    via: MatchKind,
    /// Index into `NameIndex::notes`.
    note: Option<usize>,
}

/// Folded name → targets, plus a display spelling per key for suggestions.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    entries: HashMap<String, Vec<Entry>>,
    /// A readable spelling for each key (for "did you mean").
    display: HashMap<String, String>,
    notes: Vec<String>,
}

/// Folds a name for matching: NFKD, combining marks dropped, lower case,
/// only letters and digits kept.
pub fn fold_name(name: &str) -> String {
    name.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Words that describe a place rather than name it, dropped from the end
/// of a phrase's part ("Chaman border posts" names Chaman).
const DESCRIPTIVE: [&str; 14] = [
    "border",
    "posts",
    "post",
    "checkpost",
    "checkposts",
    "checkpoint",
    "area",
    "areas",
    "district",
    "village",
    "town",
    "city",
    "bazaar",
    "sector",
];

/// Words that lead into a place's name, dropped from a part's start.
const LEADING: [&str; 7] = ["near", "at", "in", "outside", "around", "the", "of"];

/// The place names a phrase holds, as people write them in reports: split
/// at brackets, commas, slashes and the word "near", each part without the
/// words that describe or lead into a place. "Chaman border posts near Spin
/// Boldak" gives "Chaman" and "Spin Boldak"; "Wana (South Waziristan)"
/// gives both.
pub fn phrase_parts(query: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for piece in query.split(['(', ')', ',', ';', '/', '[', ']']) {
        let words: Vec<&str> = piece.split_whitespace().collect();
        for side in words.split(|w| w.eq_ignore_ascii_case("near")) {
            let mut side: Vec<&str> = side.to_vec();
            while side.first().is_some_and(|w| LEADING.iter().any(|l| w.eq_ignore_ascii_case(l))) {
                side.remove(0);
            }
            while side.last().is_some_and(|w| DESCRIPTIVE.iter().any(|d| w.eq_ignore_ascii_case(d))) {
                side.pop();
            }
            if !side.is_empty() {
                parts.push(side.join(" "));
            }
        }
    }
    parts
}

impl NameIndex {
    pub(crate) fn add(&mut self, name: &str, target: Target, via: MatchKind, note: Option<&str>) {
        let key = fold_name(name);
        if key.is_empty() {
            return;
        }
        let note = note.map(|text| {
            self.notes.push(text.to_owned());
            self.notes.len() - 1
        });
        let list = self.entries.entry(key.clone()).or_default();
        if let Some(existing) = list.iter_mut().find(|e| e.target == target) {
            // Keep the strongest reason (Name beats AlternateName, …).
            if via < existing.via {
                existing.via = via;
                existing.note = note;
            }
        } else {
            list.push(Entry { target, via, note });
        }
        self.display.entry(key).or_insert_with(|| name.to_owned());
    }

    pub(crate) fn lookup<'a>(
        &'a self,
        query: &str,
        places: &'a [Place],
        crossings: &'a [Crossing],
    ) -> Result<Vec<NameMatch<'a>>, GeoError> {
        let key = fold_name(query);
        if key.is_empty() {
            return Err(GeoError::EmptyPlaceName);
        }
        // The whole name first; failing that, the names a phrase holds
        // ("Chaman border posts near Spin Boldak", "Wana (South Waziristan)").
        let list: Vec<&Entry> = match self.entries.get(&key) {
            Some(list) => list.iter().collect(),
            None => {
                let mut list: Vec<&Entry> = Vec::new();
                for part in phrase_parts(query) {
                    for entry in self.entries.get(&fold_name(&part)).into_iter().flatten() {
                        if !list.iter().any(|e| e.target == entry.target) {
                            list.push(entry);
                        }
                    }
                }
                list
            }
        };
        if list.is_empty() {
            return Err(GeoError::UnknownPlace {
                query: query.to_owned(),
                suggestions: self.suggest(&key, places, crossings),
            });
        }
        let mut found: Vec<NameMatch<'a>> = list
            .into_iter()
            .filter_map(|entry| {
                let target = match entry.target {
                    Target::Place(i) => Named::Place(places.get(i)?),
                    Target::Crossing(i) => Named::Crossing(crossings.get(i)?),
                };
                Some(NameMatch {
                    target,
                    via: entry.via,
                    note: entry.note.and_then(|i| self.notes.get(i)).map(String::as_str),
                })
            })
            .collect();
        // Best reason first, then crossings before places, then by population.
        found.sort_by(|a, b| {
            a.via
                .cmp(&b.via)
                .then_with(|| population(&b.target).cmp(&population(&a.target)))
                .then_with(|| a.target.name().cmp(b.target.name()))
        });
        Ok(found)
    }

    /// Close spellings: small edit distance on the folded forms, best first,
    /// one spelling per place or crossing (its closest one).
    fn suggest(&self, key: &str, places: &[Place], crossings: &[Crossing]) -> Vec<String> {
        let budget = match key.chars().count() {
            0..=4 => 1,
            5..=10 => 2,
            _ => 3,
        };
        // Per target: (distance, weight, spelling), keeping the closest.
        let mut best: HashMap<Target, (usize, u64, &str)> = HashMap::new();
        for (candidate, list) in &self.entries {
            let distance = strsim::damerau_levenshtein(key, candidate);
            if distance > budget {
                continue;
            }
            let shown = self.display.get(candidate).map_or(candidate.as_str(), String::as_str);
            for entry in list {
                let weight = match entry.target {
                    Target::Place(i) => places.get(i).map_or(0, |p| p.population),
                    Target::Crossing(i) => crossings.get(i).map_or(0, |_| u64::MAX),
                };
                let slot = best.entry(entry.target).or_insert((distance, weight, shown));
                if (distance, shown) < (slot.0, slot.2) {
                    *slot = (distance, weight, shown);
                }
            }
        }
        let mut scored: Vec<(usize, u64, &str)> = best.into_values().collect();
        scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(b.2)));
        let mut out: Vec<String> = Vec::new();
        for (_, _, shown) in scored {
            if !out.iter().any(|s| s == shown) {
                out.push(shown.to_owned());
            }
            if out.len() == 5 {
                break;
            }
        }
        out
    }
}

fn population(named: &Named<'_>) -> u64 {
    match named {
        Named::Place(place) => place.population,
        Named::Crossing(_) => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_marks_case_and_punctuation() {
        assert_eq!(fold_name("Spīn Bōldak"), "spinboldak");
        assert_eq!(fold_name("‘Alī Shēr ‘Alāqahdārī"), "alisheralaqahdari");
        assert_eq!(fold_name("D.I. Khan"), "dikhan");
        assert_eq!(fold_name("  --  "), "");
    }
}
