//! Open data in the community formats (ACLED, UCDP GED, HXL, KML), over a
//! demo deployment to which a party adds a case of its own that is not
//! published, known only to the days it spans and with no figure stated.
//!
//! The public's files hold the published cases only, and say of the demo's
//! Paktika strike what the log says; the KML places the GeoJSON's features;
//! a party reading the same files through the API sees its own scope (its
//! unpublished case too, written as dates with empty figures), and the
//! public through the API sees what `/data` shows.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::common::{TestServer, databases, ok};

/// The case the Pakistani liaison files and nobody publishes.
const OWN: &str = "PAK-T-opendata-own";

/// A CSV's rows as column → cell, after `skip` rows under the header.
fn table(text: &str, skip: usize) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader
        .records()
        .skip(skip)
        .map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect())
        .collect();
    (headers, rows)
}

async fn text(client: &reqwest::Client, url: String, content_type: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], content_type);
    response.text().await.unwrap()
}

fn ids(rows: &[BTreeMap<String, String>], column: &str) -> BTreeSet<String> {
    rows.iter().map(|r| r[column].clone()).collect()
}

#[tokio::test]
async fn community_formats_hold_what_each_reader_may_see_and_say_what_the_log_says() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let allegation = json!({
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["armed_clash"],
            "occurred_at": "2025-11-02T00:00:00Z",
            "occurred_until": "2025-11-04T00:00:00Z",
            "time_precision": "day",
            "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
            "summary": "Clashes over three days (test)",
        });
        ok(pak.post("/api/v1/cases", &json!({"id": OWN, "allegation": allegation})).await, "file").await;
        let anonymous = server.anonymous();
        let list: Value =
            anonymous.get(server.url("/api/v1/cases?limit=200")).send().await.unwrap().json().await.unwrap();
        let published: BTreeSet<String> =
            list["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
        assert!(published.contains("2025-10-17-paktika") && !published.contains(OWN));

        // ACLED: the canonical columns, the published cases, Paktika as the log has it.
        let acled = text(&anonymous, server.url("/data/acled.csv"), "text/csv; charset=utf-8").await;
        let (headers, rows) = table(&acled, 0);
        assert_eq!(headers.get(..4).unwrap(), ["event_id_cnty", "event_date", "year", "time_precision"]);
        assert_eq!(headers.get(28..31).unwrap(), ["fatalities", "tags", "timestamp"]);
        assert_eq!(ids(&rows, "event_id_cnty"), published, "acled.csv holds the published cases");
        let paktika = rows.iter().find(|r| r["event_id_cnty"] == "2025-10-17-paktika").unwrap();
        let expect = [
            ("event_date", "2025-10-17"),
            ("time_precision", "1"),
            ("disorder_type", "Political violence"),
            ("event_type", "Explosions/Remote violence"),
            ("sub_event_type", "Air/drone strike"),
            ("inter1", "State forces"),
            ("country", "Afghanistan"),
            ("iso", "4"),
            ("location", "Urgun and Barmal districts, Paktika"),
            ("latitude", "32.93"),
            ("longitude", "69.18"),
            ("geo_precision", "2"),
            ("fatalities", "3"),
            ("truce_fatalities_from", "finding"),
            ("truce_finding", "confirmed"),
            ("truce_responsible_party", "PAK"),
        ];
        for (column, value) in expect {
            assert_eq!(paktika[column], value, "acled.csv Paktika {column}");
        }
        assert!(paktika["actor1"].contains("Pakistan"), "the party's name: {}", paktika["actor1"]);
        assert!(!paktika["admin1"].is_empty(), "the province the geography places it in");
        assert!(!paktika["truce_penalty_level"].is_empty(), "its decided penalty");

        // UCDP GED: the same cases, Paktika's deaths as claimed.
        let ucdp = text(&anonymous, server.url("/data/ucdp-ged.csv"), "text/csv; charset=utf-8").await;
        let (_, rows) = table(&ucdp, 0);
        assert_eq!(ids(&rows, "id"), published);
        let paktika = rows.iter().find(|r| r["id"] == "2025-10-17-paktika").unwrap();
        let expect = [
            ("date_start", "2025-10-17"),
            ("date_end", "2025-10-17"),
            ("date_prec", "1"),
            ("deaths_civilians", "10"),
            ("low", "3"),
            ("best", "10"),
            ("high", "10"),
            ("truce_deaths_from", "claim"),
            ("type_of_violence", "1"),
        ];
        for (column, value) in expect {
            assert_eq!(paktika[column], value, "ucdp-ged.csv Paktika {column}");
        }

        // HXL: the hashtag row, then the same cases.
        let hxl = text(&anonymous, server.url("/data/cases-hxl.csv"), "text/csv; charset=utf-8").await;
        let (_, rows) = table(&hxl, 1);
        let (_, tags) = table(&hxl, 0);
        assert_eq!(tags[0]["case_id"], "#event+id");
        assert_eq!(ids(&rows, "case_id"), published);

        // KML and GeoJSON: the same features, at the same points.
        let geojson = text(&anonymous, server.url("/data/cases.geojson"), "application/geo+json").await;
        let geojson: Value = serde_json::from_str(&geojson).unwrap();
        let kml = text(&anonymous, server.url("/data/cases.kml"), "application/vnd.google-earth.kml+xml").await;
        let doc = roxmltree::Document::parse(&kml).unwrap();
        let ns = "http://www.opengis.net/kml/2.2";
        let placemarks: BTreeMap<String, Option<Vec<f64>>> = doc
            .descendants()
            .filter(|n| n.has_tag_name((ns, "Placemark")))
            .map(|p| {
                let point = p.descendants().find(|n| n.has_tag_name((ns, "coordinates"))).and_then(|n| n.text());
                let point = point.map(|t| t.split(',').map(|n| n.parse().unwrap()).collect());
                (p.attribute("id").unwrap().strip_prefix("case-").unwrap().to_owned(), point)
            })
            .collect();
        let features: BTreeMap<String, Option<Vec<f64>>> = geojson["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let point =
                    f["geometry"]["coordinates"].as_array().map(|c| c.iter().map(|n| n.as_f64().unwrap()).collect());
                (f["id"].as_str().unwrap().to_owned(), point)
            })
            .collect();
        assert_eq!(placemarks, features, "KML places the GeoJSON's features, lon,lat");
        assert_eq!(features.keys().cloned().collect::<BTreeSet<_>>(), published);

        // The Atom feed: the final findings, decided penalties and ended
        // months' reports, never the party's unpublished case.
        let feed = text(&anonymous, server.url("/data/feed.atom"), "application/atom+xml; charset=utf-8").await;
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let atom = "http://www.w3.org/2005/Atom";
        let entry_ids: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name((atom, "entry")))
            .filter_map(|e| e.children().find(|n| n.has_tag_name((atom, "id"))).and_then(|n| n.text()))
            .collect();
        for tail in ["finding/2025-10-17-paktika", "penalty/2025-10-17-paktika", "report/2025-10"] {
            assert!(entry_ids.iter().any(|id| id.starts_with("tag:") && id.ends_with(tail)), "{tail} in {entry_ids:?}");
        }
        assert!(!feed.contains(OWN));

        // The agreement as a PA-X row; the dictionary and the licence, linked
        // from /data and translated around the codebooks' English.
        let pax = text(&anonymous, server.url("/data/agreement-pax.csv"), "text/csv; charset=utf-8").await;
        let (headers, rows) = table(&pax, 0);
        assert_eq!(headers.get(..3).unwrap(), ["Con", "Contp", "PP"]);
        assert_eq!((rows.len(), rows[0]["Dat"].as_str(), rows[0]["Agtp"].as_str()), (1, "2025-10-19", "Inter"));
        let index = anonymous.get(server.url("/data")).send().await.unwrap().text().await.unwrap();
        for href in [
            "/data/acled.csv",
            "/data/ucdp-ged.csv",
            "/data/cases-hxl.csv",
            "/data/cases.kml",
            "/data/feed.atom",
            "/data/alerts.cap",
            "/data/agreement-pax.csv",
            "/data/dictionary",
            "/data/licence",
        ] {
            assert!(index.contains(&format!("href=\"{href}\"")), "/data links {href}");
        }
        let dictionary = anonymous.get(server.url("/data/dictionary?lang=ur")).send().await.unwrap();
        assert_eq!(dictionary.status(), 200);
        let dictionary = dictionary.text().await.unwrap();
        assert!(dictionary.contains("ڈیٹا لغت"), "the page in Urdu");
        assert!(dictionary.contains("ACLED codes unknown fatalities as 0, Truce leaves them empty"));
        assert!(dictionary.contains("#affected+killed") && dictionary.contains("truce_deaths_from"));
        let licence = anonymous.get(server.url("/data/licence")).send().await.unwrap().text().await.unwrap();
        assert!(licence.contains("Creative Commons Attribution 4.0") && licence.contains("Doha ceasefire"));

        // A party through the API: its own scope, its unpublished case included.
        let response = pak.client.get(server.url("/api/v1/data/acled.csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let (_, rows) = table(&response.text().await.unwrap(), 0);
        let own = rows.iter().find(|r| r["event_id_cnty"] == OWN).expect("the party sees its own case");
        assert_eq!((own["event_date"].as_str(), own["time_precision"].as_str()), ("2025-11-02", "2"));
        assert_eq!((own["fatalities"].as_str(), own["truce_status"].as_str()), ("", "reported"));
        assert_eq!((own["event_type"].as_str(), own["actor1"].as_str()), ("Battles", ""), "alleged, not attributed");
        assert!(published.iter().all(|id| rows.iter().any(|r| &r["event_id_cnty"] == id)), "and the published ones");
        let ucdp = pak.client.get(server.url("/api/v1/data/ucdp-ged.csv")).send().await.unwrap();
        let (_, rows) = table(&ucdp.text().await.unwrap(), 0);
        let own = rows.iter().find(|r| r["id"] == OWN).unwrap();
        assert_eq!(
            (own["date_start"].as_str(), own["date_end"].as_str(), own["date_prec"].as_str()),
            ("2025-11-02", "2025-11-04", "2")
        );
        assert_eq!((own["best"].as_str(), own["deaths_civilians"].as_str()), ("", ""), "not stated: empty");

        // The public through the API reads what /data shows; a party on
        // /data reads the public's files, not its own.
        let public = text(&anonymous, server.url("/api/v1/data/acled.csv"), "text/csv; charset=utf-8").await;
        assert_eq!(public, acled);
        let on_data = pak.client.get(server.url("/data/acled.csv")).send().await.unwrap().text().await.unwrap();
        assert!(!on_data.contains(OWN));
        let missing = anonymous.get(server.url("/api/v1/data/cases.xlsx")).send().await.unwrap();
        assert_eq!(missing.status(), 404);
        server.stop().await;
    }
}

/// A download of several pages comes whole and in order while the reader
/// task runs a page ahead of the encoder: 2,500 published cases (three
/// pages) written straight into a store, as `truce bench export` writes
/// them, streamed as `cases.csv`, every id once, newest first; on SQLite
/// and PostgreSQL.
#[tokio::test]
async fn a_download_of_several_pages_comes_whole_and_in_order() {
    use futures_util::StreamExt as _;
    use truce_server::app::opendata::{self, Context, Format};
    use truce_store::{Batch, CaseRow, ExportWindow, Projection};

    for db in databases().await {
        let tmp = tempfile::tempdir().unwrap();
        let url = db.unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("pages.db").display()));
        let store = truce_store::Store::open(&url).await.unwrap();
        let n = 2 * opendata::PAGE + 500;
        let at = |i: u64| 1_735_689_600 + i as i64 * 60;
        let cases = (0..n)
            .map(|i| CaseRow {
                id: format!("c-{i:05}"),
                status: String::from("final"),
                accused: String::from("AFG"),
                complainant: Some(String::from("PAK")),
                filed_at: at(i) + 3_600,
                occurred_at: at(i),
                occurred_until: None,
                time_precision: String::from("exact"),
                summary: format!("Case {i}"),
                provisions: String::from("P1"),
                casualties: None,
                lat: Some(30.92),
                lon: Some(66.45),
                sector: Some(String::from("chaman")),
                team: None,
                last_record_idx: i,
                acts: String::from("shelling_artillery"),
                geo_precision: Some(2),
                place: Some(String::from("Chaman")),
                country: Some(String::from("PK")),
                admin1: Some(String::from("Balochistan")),
            })
            .collect();
        let projection = Projection { cases, ..Projection::default() };
        store.commit_batch(&Batch { projection, ..Batch::default() }).await.unwrap();
        let context = Context {
            parties: vec![
                (String::from("PAK"), String::from("Pakistan")),
                (String::from("AFG"), String::from("Afghanistan")),
            ],
            origin: String::from("truce.test/pages"),
            notice: None,
        };
        let pages: Vec<Vec<u8>> = opendata::stream(
            store.clone(),
            truce_core::access::Viewer::Public,
            Format::CasesCsv,
            ExportWindow::default(),
            context,
        )
        .map(|page| page.unwrap())
        .collect()
        .await;
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let text = String::from_utf8(pages.concat()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().get(0), Some("id"));
        let ids: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
        let newest_first: Vec<String> = (0..n).rev().map(|i| format!("c-{i:05}")).collect();
        assert_eq!(ids, newest_first);
        store.close().await;
    }
}
