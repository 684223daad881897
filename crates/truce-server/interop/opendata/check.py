"""Reads the demo's open data with libraries nobody in this project wrote,
and fails on the first file they refuse or that disagrees with another."""

import csv
import pathlib
import sys

import geojson
import hxl
from fastkml import kml, validator

work = pathlib.Path(sys.argv[1])
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL", what)


# GeoJSON (RFC 7946): the geojson package's validity check.
collection = geojson.loads((work / "cases.geojson").read_text(encoding="utf-8"))
check(collection.is_valid, f"cases.geojson is not valid GeoJSON: {collection.errors()}")
features = {f["id"]: f for f in collection["features"]}
check(len(features) > 0, "cases.geojson has features")
print(f"geojson: {len(features)} features, valid")

# KML 2.2: the OGC schema (fastkml's copy, through lxml), then fastkml's reader.
result = validator.validate(file_to_validate=work / "cases.kml")
check(result is True, "cases.kml against the OGC KML 2.2 schema (None means lxml is missing)")
document = kml.KML.parse(work / "cases.kml").features[0]
placemarks = {p.id.removeprefix("case-"): p for p in document.features}
check(placemarks.keys() == features.keys(), "the KML's placemarks are the GeoJSON's features")
for case_id, placemark in placemarks.items():
    feature = features.get(case_id)
    if feature is None:
        continue
    point = placemark.kml_geometry.geometry if placemark.kml_geometry else None
    if feature["geometry"] is None:
        check(point is None, f"{case_id}: no point in GeoJSON, none in KML")
    else:
        lon, lat = feature["geometry"]["coordinates"]
        check(point is not None and (point.x, point.y) == (lon, lat), f"{case_id}: KML point {point} is lon,lat {lon},{lat}")
    data = {d.name: d.value for d in placemark.extended_data.elements}
    properties = {k: v for k, v in feature["properties"].items() if v is not None}
    expected = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in properties.items()}
    check(data == expected, f"{case_id}: KML ExtendedData {data} is the GeoJSON's properties {expected}")
print(f"kml: {len(placemarks)} placemarks, valid against the OGC schema, agreeing with the GeoJSON")

# HXL: libhxl reads the hashtags and the same cases as the other files.
dataset = hxl.data(str(work / "cases-hxl.csv"), hxl.InputOptions(allow_local=True))
ids = set(dataset.get_value_set("#event+id"))
check(ids == set(features), "cases-hxl.csv holds the GeoJSON's cases")
check("#geo+lat" in [c.display_tag for c in dataset.columns], "cases-hxl.csv has #geo+lat")

# ACLED and UCDP: the header, and the same cases.
acled_header = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp").split(",")
with open(work / "acled.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
    check(list(rows[0].keys())[: len(acled_header)] == acled_header, "acled.csv starts with ACLED's columns in order")
    check({r["event_id_cnty"] for r in rows} == set(features), "acled.csv holds the GeoJSON's cases")
with open(work / "ucdp-ged.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
    check({r["id"] for r in rows} == set(features), "ucdp-ged.csv holds the GeoJSON's cases")
print("acled.csv, ucdp-ged.csv: headers and cases")

# Atom 1.0: feedparser reads it without complaint, every entry with a tag: id and a time.
import feedparser  # noqa: E402

feed = feedparser.parse((work / "feed.atom").read_bytes())
check(not feed.bozo, f"feed.atom is well-formed Atom: {feed.get('bozo_exception')}")
check(feed.version == "atom10", f"feed.atom is Atom 1.0, not {feed.version}")
check(len(feed.entries) > 0, "feed.atom has entries")
for entry in feed.entries:
    check(entry.id.startswith("tag:"), f"entry id {entry.id} is a tag: URI")
    check(entry.get("updated_parsed") is not None, f"entry {entry.id} has an updated time")
print(f"atom: {len(feed.entries)} entries, read by feedparser")

if failures:
    sys.exit(f"{len(failures)} open-data check(s) failed")
print("open data: every file read by outside tools")
