//! Integration tests of the geography crate: the embedded data loads, the
//! answers agree with the data set's own numbers and with known geography,
//! names resolve, bad input gets the right error, and the map is valid SVG.

use truce_geo::{
    DEFAULT_UNCERTAINTY_KM, GeoError, GeoPoint, GeoPrecision, GeoScope, Geography, MapMarker, MapOptions, MatchKind,
    Named, Side, render_map,
};

fn geo() -> &'static Geography {
    Geography::embedded().expect("embedded data loads")
}

fn point(lat: f64, lon: f64) -> GeoPoint {
    GeoPoint::parse(lat, lon).unwrap()
}

/// Deterministic points in the region (SplitMix64), no `rand` needed.
fn random_points(n: usize, seed: u64) -> Vec<GeoPoint> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n).map(|_| point(23.7 + next() * 14.8, 60.5 + next() * 16.5)).collect()
}

#[test]
fn every_place_is_on_its_own_side_unless_within_the_band() {
    let geo = geo();
    let mut in_band = Vec::new();
    for place in geo.places() {
        let placement = geo.place_point(&point(place.lat, place.lon));
        if placement.border_km < placement.band_km {
            assert!(placement.side_uncertain, "{}", place.name);
            in_band.push(place.name_ascii.as_str());
            continue;
        }
        assert_eq!(placement.side, Some(place.country), "{} ({:?})", place.name, placement);
        assert!(!placement.side_uncertain, "{}", place.name);
    }
    // Tsapêraī (0.51 km from the line, filed under AF, drawn in PK), and Chaman,
    // at the crossing where the line is off by about 3.5 km.
    assert_eq!(in_band, ["Tsaperai", "Chaman"]);
}

#[test]
fn distances_agree_with_the_data_set_for_every_place() {
    let geo = geo();
    for place in geo.places() {
        let km = geo.border_km(&point(place.lat, place.lon));
        assert!((km - place.border_km).abs() < 0.02, "{}: ours {km}, data {}", place.name, place.border_km);
    }
}

#[test]
fn known_distances_to_the_line() {
    let geo = geo();
    for (name, lat, lon, expected) in [
        ("Chaman", 30.91769, 66.45259, 4.0),
        ("Parachinar", 33.89968, 70.10012, 12.0),
        ("Quetta", 30.18414, 67.00141, 67.0),
    ] {
        let km = geo.border_km(&point(lat, lon));
        assert!((km - expected).abs() <= 2.0, "{name}: {km}");
    }
    assert!((geo.border_length_km() - 2244.7).abs() < 0.1);
}

#[test]
fn placement_of_known_towns() {
    let geo = geo();
    let check = |lat, lon, side, sector: Option<&str>, province: &str| {
        let placement = geo.place_point(&point(lat, lon));
        assert_eq!(placement.side, Some(side), "{placement:?}");
        assert_eq!(placement.sector.as_deref(), sector, "{placement:?}");
        assert_eq!(placement.province.as_deref(), Some(province), "{placement:?}");
    };
    check(30.91769, 66.45259, Side::Pakistan, Some("chaman_kandahar"), "Balochistan");
    check(31.00575, 66.40001, Side::Afghanistan, Some("chaman_kandahar"), "Kandahar");
    check(33.89968, 70.10012, Side::Pakistan, Some("kurram_paktia"), "Khyber Pakhtunkhwa");
    check(34.0988, 71.14108, Side::Pakistan, Some("khyber_nangarhar"), "Khyber Pakhtunkhwa");
    check(33.00059, 70.07117, Side::Pakistan, Some("north_waziristan_khost"), "Khyber Pakhtunkhwa");
    check(33.33951, 69.92041, Side::Afghanistan, Some("north_waziristan_khost"), "Khowst");
    check(32.29889, 69.5725, Side::Pakistan, Some("south_waziristan_paktika"), "Khyber Pakhtunkhwa");
    check(34.7361, 71.52739, Side::Pakistan, Some("bajaur_kunar"), "Khyber Pakhtunkhwa");
    check(35.8518, 71.78636, Side::Pakistan, Some("chitral_kunar_nuristan"), "Khyber Pakhtunkhwa");
    check(36.68333, 71.53333, Side::Afghanistan, Some("wakhan"), "Badakhshan");
    check(29.55218, 66.02288, Side::Pakistan, Some("chagai_helmand"), "Balochistan");
    check(30.18414, 67.00141, Side::Pakistan, None, "Balochistan");
    check(34.52813, 69.17233, Side::Afghanistan, None, "Kabul");

    let torkham = geo.place_point(&point(34.1147, 71.0847));
    assert!(torkham.side_uncertain);
    let crossing = torkham.nearest_crossing.unwrap();
    assert_eq!((crossing.id.as_str(), crossing.km), ("torkham", 0.0));
    assert_eq!(torkham.nearest_place.unwrap().name, "Landi Kotal");
}

#[test]
fn band_and_precision_widen_the_uncertainty() {
    let geo = geo();
    let parachinar = point(33.89968, 70.10012);
    assert!(!geo.place_point(&parachinar).side_uncertain);
    assert!(geo.place_point_with_band(&parachinar, 15.0).unwrap().side_uncertain);
    let near_town = parachinar.with_precision(GeoPrecision::NearTown);
    assert!(geo.place_point(&near_town).side_uncertain);
    assert_eq!(
        geo.place_point_with_band(&parachinar, -1.0),
        Err(GeoError::NegativeDistance { field: "band_km", value: -1.0 })
    );
    assert!(matches!(
        geo.place_point_with_band(&parachinar, f64::NAN),
        Err(GeoError::NotFinite { field: "band_km", .. })
    ));
}

#[test]
fn indexed_and_naive_classification_agree() {
    let geo = geo();
    for p in random_points(3_000, 7) {
        let indexed = geo.place_point(&p);
        assert_eq!(indexed, geo.place_point_naive(&p), "{p:?}");
        assert_eq!(indexed, geo.place_point_tree_only(&p), "{p:?}");
    }
}

#[test]
fn sectors_tile_the_line_in_order() {
    let geo = geo();
    let sectors = geo.sectors();
    assert_eq!(sectors.len(), 13);
    assert_eq!(sectors.first().unwrap().start_km, 0.0);
    assert!((sectors.last().unwrap().end_km - geo.border_length_km()).abs() < 1e-9);
    for pair in sectors.windows(2) {
        assert_eq!(pair[0].end_km, pair[1].start_km);
        assert!(pair[0].start_km < pair[0].end_km);
    }
    for sector in sectors {
        assert!(sector.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", sector.id);
    }
}

#[test]
fn crossings_lie_near_the_line_in_their_sectors() {
    let geo = geo();
    let expected = [
        ("torkham", "khyber_nangarhar"),
        ("chaman_spin_boldak", "chaman_kandahar"),
        ("angoor_adda", "south_waziristan_paktika"),
        ("ghulam_khan", "north_waziristan_khost"),
        ("kharlachi", "kurram_paktia"),
        ("arandu", "chitral_kunar_nuristan"),
        ("bin_shahi", "chitral_kunar_nuristan"),
        ("nawa_pass", "bajaur_kunar"),
        ("gursal", "mohmand_nangarhar"),
        ("badini", "pishin_zabul"),
    ];
    assert_eq!(geo.crossings().len(), expected.len());
    for (id, sector) in expected {
        let crossing = geo.crossings().iter().find(|c| c.id == id).unwrap();
        let p = point(crossing.lat, crossing.lon);
        assert!(geo.border_km(&p) < 5.0, "{id} is {} km off", geo.border_km(&p));
        assert_eq!(geo.sector_of(&p).map(|s| s.id.as_str()), Some(sector), "{id}");
    }
    let verified: Vec<&str> = geo.crossings().iter().filter(|c| c.verified).map(|c| c.id.as_str()).collect();
    assert_eq!(verified, ["torkham", "chaman_spin_boldak", "angoor_adda"]);
}

fn first_name(query: &str) -> String {
    let found = geo().find_place(query).unwrap();
    found.first().unwrap().target.name().to_owned()
}

fn finds(query: &str, expected: &str) {
    let found = geo().find_place(query).unwrap();
    assert!(
        found.iter().any(|m| m.target.name() == expected),
        "{query} → {:?}",
        found.iter().map(|m| m.target.name()).collect::<Vec<_>>()
    );
}

#[test]
fn spellings_people_use_find_the_right_place() {
    for spelling in ["Spin Boldak", "Spin Buldak", "spin-boldak", "SPĪN BŌLDAK", "Wesh"] {
        finds(spelling, "Spīn Bōldak");
        finds(spelling, "Chaman–Spin Boldak");
    }
    for spelling in ["Miran Shah", "Miramshah", "Miranshah", "miram shah"] {
        finds(spelling, "Miran Shah");
    }
    for spelling in ["Khost", "Khowst", "Khōst"] {
        finds(spelling, "Khōst");
    }
    for spelling in ["Kunar", "Konar"] {
        let found = geo().find_place(spelling).unwrap();
        assert_eq!(found[0].target.name(), "Asadābād");
        assert_eq!(found[0].via, MatchKind::Province);
    }
    assert_eq!(first_name("Parachinar"), "Parachinar");
    assert_eq!(first_name("torkham"), "Torkham");
    assert_eq!(first_name("Angur Ada"), "Angoor Adda");
    finds("Chaman", "Chaman");
    finds("Chaman", "Chaman–Spin Boldak");
    assert_eq!(first_name("Kurram"), "Parachinar");
    assert_eq!(first_name("D.I. Khan"), "Dera Ismail Khan");
    assert_eq!(first_name("Qandahar"), "Kandahār");
}

#[test]
fn a_point_at_a_crossing_is_never_placed_on_one_side_with_certainty() {
    let geo = geo();
    let chaman = geo.crossings().iter().find(|c| c.id == "chaman_spin_boldak").unwrap();
    assert!(chaman.line_km > DEFAULT_UNCERTAINTY_KM, "the line misses the Friendship Gate by {} km", chaman.line_km);
    let gate = GeoPoint::parse_with_precision(chaman.lat, chaman.lon, 1).unwrap();
    let placement = geo.place_point(&gate);
    assert!(placement.side_uncertain, "{placement:?}");
    assert!(placement.band_km > chaman.line_km, "{placement:?}");
    assert!(placement.band_note.as_deref().is_some_and(|n| n.contains("Chaman")), "{placement:?}");
    // Far from any crossing the default band applies, and nothing is said.
    let kabul = GeoPoint::parse_with_precision(34.53, 69.17, 1).unwrap();
    let placement = geo.place_point(&kabul);
    assert_eq!((placement.band_km, placement.band_note), (DEFAULT_UNCERTAINTY_KM, None));
}

#[test]
fn names_written_as_reports_write_them_find_each_place_they_hold() {
    // "X border posts near Y": both X and Y.
    finds("Chaman border posts near Spin Boldak", "Chaman");
    finds("Chaman border posts near Spin Boldak", "Spīn Bōldak");
    // "X (Y)": both.
    finds("Torkham (Khyber)", "Torkham");
    finds("Miramshah (North Waziristan)", "Miran Shah");
    // "near X".
    finds("near Parachinar", "Parachinar");
    // Places the October 2025 reporting names that the gazetteer lacks are coded to a place it has, and say so.
    for spelling in ["Mir Ali", "Mirali", "near Mir Ali"] {
        let found = geo().find_place(spelling).unwrap();
        assert_eq!(found[0].target.name(), "Miran Shah", "{spelling}");
        assert!(found[0].note.is_some_and(|n| n.contains("not in the gazetteer")), "{spelling}");
    }
    for spelling in ["Barmal", "Bermal", "Urgun", "Argun", "Barmal district"] {
        let found = geo().find_place(spelling).unwrap();
        match found[0].target {
            Named::Place(place) => assert_eq!(place.province, "Paktika", "{spelling}"),
            Named::Crossing(c) => panic!("{spelling} → {}", c.name),
        }
    }
    assert_eq!(truce_geo::phrase_parts("Wana (South Waziristan)"), ["Wana", "South Waziristan"]);
    assert!(truce_geo::phrase_parts("near the border area").is_empty());
}

#[test]
fn ambiguous_names_return_every_candidate() {
    // "Sharan" is both Paktika's capital and an alternate name of Zaṟah Sharan.
    let found = geo().find_place("Sharan").unwrap();
    assert!(found.len() >= 2, "{found:?}");
    for m in &found {
        if let Named::Place(place) = m.target {
            assert_eq!(place.province, "Paktika");
        }
    }
}

#[test]
fn typos_get_suggestions() {
    match geo().find_place("Parachnar") {
        Err(GeoError::UnknownPlace { suggestions, .. }) => {
            assert_eq!(suggestions.first().map(String::as_str), Some("Parachinar"));
        }
        other => panic!("{other:?}"),
    }
    let message = geo().find_place("Torkam").unwrap_err().to_string();
    assert!(message.contains("did you mean") && message.contains("Torkham"), "{message}");
    assert_eq!(geo().find_place(" ,. "), Err(GeoError::EmptyPlaceName));
    assert!(matches!(
        geo().find_place("Xyzzyplugh"),
        Err(GeoError::UnknownPlace { suggestions, .. }) if suggestions.is_empty()
    ));
}

#[test]
fn bad_coordinates_get_the_right_error() {
    assert!(matches!(GeoPoint::parse(f64::NAN, 70.0), Err(GeoError::NotFinite { field: "latitude", .. })));
    assert!(matches!(GeoPoint::parse(33.0, f64::INFINITY), Err(GeoError::NotFinite { field: "longitude", .. })));
    assert_eq!(GeoPoint::parse(91.0, 70.0), Err(GeoError::LatitudeOutOfRange { value: 91.0 }));
    assert_eq!(GeoPoint::parse(33.0, 181.0), Err(GeoError::LongitudeOutOfRange { value: 181.0 }));
    // Angoor Adda with latitude and longitude swapped.
    let swapped = GeoPoint::parse(69.2825, 32.5156).unwrap_err();
    assert!(matches!(swapped, GeoError::SwappedCoordinates { .. }), "{swapped:?}");
    assert!(swapped.to_string().contains("swapped"));
    // Paris: far away either way round.
    assert!(matches!(GeoPoint::parse(48.85, 2.35), Err(GeoError::OutsideRegion { .. })));
    assert!(GeoPoint::parse(48.85, 2.35).unwrap_err().to_string().contains("latitude 48.85"));
    assert_eq!(GeoPoint::parse_with_precision(33.0, 70.0, 0), Err(GeoError::InvalidPrecision { value: 0 }));
    // Inside Iran but near the tripoint: accepted, and on neither side.
    let iran = point(29.5, 60.0);
    assert_eq!(geo().side_of(&iran), None);
}

#[test]
fn scopes() {
    let geo = geo();
    let chaman = point(30.91769, 66.45259);
    let quetta = point(30.18414, 67.00141);
    let kabul = point(34.52813, 69.17233);
    let zahedan = point(29.4963, 60.8629); // Iran, about 40 km from the tripoint

    assert!(GeoScope::WholeBorder.contains(geo, &kabul));
    assert!(GeoScope::WholeBorder.contains(geo, &zahedan));
    assert!(!GeoScope::WholeBorder.contains(geo, &point(28.0, 58.5)));

    let band = GeoScope::BorderBand { km: 10.0 };
    assert!(band.contains(geo, &chaman));
    assert!(!band.contains(geo, &quetta));

    let sectors = GeoScope::Sectors { sectors: vec!["chaman_kandahar".into(), "kurram_paktia".into()] };
    assert!(sectors.contains(geo, &chaman));
    assert!(sectors.contains(geo, &point(33.89968, 70.10012)));
    assert!(!sectors.contains(geo, &quetta));
    assert!(sectors.check(geo).is_ok());
    let typo = GeoScope::Sectors { sectors: vec!["kurram".into()] };
    assert!(matches!(typo.check(geo), Err(GeoError::UnknownSector { .. })));
    assert!(!typo.contains(geo, &point(33.89968, 70.10012)));

    let zone = GeoScope::Zone { polygon: vec![[66.0, 30.5], [67.0, 30.5], [67.0, 31.5], [66.0, 31.5]] };
    assert!(zone.check(geo).is_ok());
    assert!(zone.contains(geo, &chaman));
    assert!(!zone.contains(geo, &quetta));
    let line = GeoScope::Zone { polygon: vec![[66.0, 30.5], [67.0, 30.5], [66.0, 30.5]] };
    assert!(matches!(line.check(geo), Err(GeoError::InvalidZone { .. })));
    assert!(!line.contains(geo, &chaman));

    let json = r#"[{"kind":"whole_border"},{"kind":"border_band","km":5},
        {"kind":"sectors","sectors":["wakhan"]},{"kind":"zone","polygon":[[70,33],[71,33],[71,34]]}]"#;
    let parsed: Vec<GeoScope> = serde_json::from_str(json).unwrap();
    assert_eq!(parsed.len(), 4);
}

#[test]
fn placement_round_trips_through_json() {
    let placement = geo().place_point(&point(34.1147, 71.0847));
    let json = serde_json::to_string(&placement).unwrap();
    assert!(json.contains(r#""side":"pakistan""#), "{json}");
    assert_eq!(serde_json::from_str::<truce_geo::Placement>(&json).unwrap(), placement);
}

#[test]
fn map_is_valid_svg_with_every_layer() {
    let geo = geo();
    let markers = vec![
        MapMarker {
            point: point(32.5156, 69.2825),
            label: "Angoor Adda clash <11 Oct>".into(),
            status: "confirmed".into(),
        },
        MapMarker {
            point: point(30.92, 66.45),
            label: "Chaman & Spin Boldak".into(),
            status: "under_investigation".into(),
        },
    ];
    let svg = render_map(geo, &markers, &MapOptions::default());
    let document = roxmltree::Document::parse(&svg).expect("the SVG is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    for layer in ["countries", "border", "sectors", "crossings", "places", "incidents", "legend"] {
        assert!(
            document.descendants().any(|n| n.tag_name().name() == "g" && n.attribute("id") == Some(layer)),
            "layer {layer} missing"
        );
    }
    assert!(svg.contains("Angoor Adda clash &lt;11 Oct&gt;"));
    assert!(!svg.contains("<script"));
}

#[test]
fn every_curated_alias_resolves_to_something_in_the_data() {
    let aliases = include_str!("../../../assets/geo/aliases.csv");
    for line in aliases.lines().skip(1) {
        let alias = line.split(',').next().unwrap();
        // `find_place` fails for a name it does not know, so this also
        // proves the alias table was loaded.
        let found = geo().find_place(alias).unwrap_or_else(|e| panic!("{alias}: {e}"));
        assert!(!found.is_empty(), "{alias}");
    }
}
