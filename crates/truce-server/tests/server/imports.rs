//! ACLED imports: a demo's own `/data/acled.csv` loaded into a fresh demo
//! comes back field by field; an ACLED-shaped file (ACLED's exact header
//! order, illustrative rows) is imported for a period and area, matched
//! against the demo's incidents, and a second run changes nothing; bad
//! rows and a repeated event id are refused with their line and column;
//! only a mediator imports; `verify` recomputes every report's matches.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{Session, TestServer, databases, ok};

/// ACLED's columns, in ACLED's order, with illustrative rows.
const FIXTURE: &str = include_str!("../fixtures/acled/illustrative-export.csv");

/// Posts `csv` to the import endpoint with `query`.
async fn import(session: &Session, query: &str, csv: &str) -> reqwest::Response {
    session
        .client
        .post(format!("{}/api/v1/imports/acled{query}", session.base))
        .header("x-csrf-token", &session.csrf)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap()
}

/// The ids of the rows under `key` of a summary.
fn ids(summary: &Value, key: &str) -> Vec<String> {
    summary[key].as_array().unwrap().iter().map(|r| r["event_id_cnty"].as_str().unwrap().to_owned()).collect()
}

/// The matches of each imported row, by event id.
fn matches(summary: &Value) -> BTreeMap<String, Vec<String>> {
    summary["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let m = r["matches"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_owned()).collect();
            (r["event_id_cnty"].as_str().unwrap().to_owned(), m)
        })
        .collect()
}

/// A CSV's rows as column → cell.
fn table(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    reader.records().map(|r| headers.iter().cloned().zip(r.unwrap().iter().map(str::to_owned)).collect()).collect()
}

#[tokio::test]
async fn the_demos_acled_export_imported_into_a_fresh_demo_comes_back_field_by_field() {
    for (first, second) in databases().await.into_iter().zip(databases().await) {
        let source = TestServer::start(first).await;
        let response = source.anonymous().get(source.url("/data/acled.csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let export = response.text().await.unwrap();
        source.stop().await;
        let rows = table(&export);
        assert!(rows.len() >= 5, "{export}");

        let fresh = TestServer::start(second).await;
        let qat = fresh.login("qat-chair").await;
        let summary = ok(import(&qat, "", &export).await, "import").await;
        assert_eq!(summary["rows"], rows.len());
        assert_eq!(summary["imported"].as_array().unwrap().len(), rows.len(), "{summary}");
        assert!(summary["refused"].as_array().unwrap().is_empty(), "{summary}");
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        let held: BTreeMap<String, Value> = held
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["report"]["event_id_cnty"].as_str().unwrap().into(), r.clone()))
            .collect();
        for row in &rows {
            let id = &row["event_id_cnty"];
            let report = &held[id]["report"];
            assert_eq!(report["dataset"], "acled");
            for column in [
                "event_date",
                "disorder_type",
                "event_type",
                "sub_event_type",
                "actor1",
                "inter1",
                "civilian_targeting",
                "region",
                "country",
                "admin1",
                "location",
                "source",
                "notes",
            ] {
                let back = report[column].as_str().unwrap_or_default();
                assert_eq!(back, row[column], "{id}: {column}");
            }
            for column in ["time_precision", "geo_precision", "iso", "fatalities", "timestamp"] {
                let back = report[column].as_i64().map(|n| n.to_string()).unwrap_or_default();
                assert_eq!(back, row[column], "{id}: {column}");
            }
            for column in ["latitude", "longitude"] {
                let cell: f64 = row[column].parse().unwrap();
                assert_eq!(report[column].as_f64(), Some(cell), "{id}: {column}");
            }
            // The event is the case's first act: ACLED's types map back onto it.
            let first_act = row["truce_acts"].split(';').next().unwrap();
            let acts: Vec<&str> = report["acts"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
            assert!(acts.contains(&first_act), "{id}: acts {acts:?}");
            // The same demo holds the case the row was exported from: an
            // open one in a border sector is matched as a duplicate of its
            // own report.
            let status = &row["truce_status"];
            let matched = held[id]["matches"].as_array().unwrap().iter().any(|c| c == id.as_str());
            let open = !["merged", "closed", "withdrawn", "inadmissible"].contains(&status.as_str());
            let in_sector = held[id]["sector"].is_string();
            assert_eq!(matched, open && in_sector, "{id} ({status}): {}", held[id]);
        }
        fresh.stop().await;
    }
}

#[tokio::test]
async fn an_acled_file_is_imported_once_for_its_period_and_area_and_matched_against_the_incidents() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let qat = server.login("qat-chair").await;
        let pak = server.login("pak-liaison").await;

        // A party does not import, and reads no public-source report here.
        assert_eq!(import(&pak, "", FIXTURE).await.status(), 403);
        assert_eq!(pak.get("/api/v1/public-sources").await.status(), 403);

        // Balochistan in October: the two Chaman rows of October.
        let summary = ok(import(&qat, "?from=2025-10-01&to=2025-10-31&area=balochistan", FIXTURE).await, "area").await;
        assert_eq!(summary["rows"], 5);
        assert_eq!(ids(&summary, "imported"), ["ILL0001", "ILL0002"]);
        assert_eq!(summary["outside_selection"], 3);
        let found = matches(&summary);
        assert!(found["ILL0001"].contains(&"2025-10-15-chaman".to_owned()), "{summary}");
        assert!(
            !found["ILL0001"].contains(&"2025-10-15-chaman-public".to_owned()),
            "a merged case is not open: {summary}"
        );
        assert_eq!(found["ILL0002"], Vec::<String>::new(), "a protest codes no act of the agreement");

        // The whole file: the rest is new, those two already imported.
        let summary = ok(import(&qat, "", FIXTURE).await, "all").await;
        assert_eq!(ids(&summary, "imported"), ["ILL0003", "ILL0004", "ILL0005"]);
        assert_eq!(ids(&summary, "already_imported"), ["ILL0001", "ILL0002"]);
        let found = matches(&summary);
        assert_eq!(found["ILL0003"], Vec::<String>::new(), "six weeks before: {summary}");
        assert!(found["ILL0004"].contains(&"2025-10-17-paktika".to_owned()), "within its week: {summary}");
        assert_eq!(found["ILL0005"], Vec::<String>::new());
        assert_eq!(summary["imported"][2]["sector"], Value::Null, "Karachi is in no border sector");

        // The log holds a commitment to each event (ACLED's rows are not
        // republished); the mediators read the body.
        let record = summary["imported"][0]["record"].as_u64().unwrap();
        let public: Value = ok(
            server.anonymous().get(server.url(&format!("/api/v1/records/{record}"))).send().await.unwrap(),
            "record",
        )
        .await;
        assert_eq!(public["record"]["type"], "public_source_report.imported.v1", "{public}");
        assert!(public["record"]["commitment"].is_string() && public["record"].get("body").is_none(), "{public}");
        assert!(public.get("reveal").is_none(), "{public}");
        let revealed: Value = ok(qat.get(&format!("/api/v1/records/{record}")).await, "reveal").await;
        assert_eq!(revealed["reveal"]["body"]["event_id_cnty"], "ILL0003", "{revealed}");

        // Again: nothing new, nothing refused.
        let again = ok(import(&qat, "", FIXTURE).await, "again").await;
        assert_eq!(again["imported"].as_array().unwrap().len(), 0);
        assert_eq!(again["already_imported"].as_array().unwrap().len(), 5);
        assert!(again["refused"].as_array().unwrap().is_empty());
        assert!(again["already_imported"].as_array().unwrap().iter().all(|r| r["differs"] == false));
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        assert_eq!(held.as_array().unwrap().len(), 5);

        // Two imports of the same new events at once: each event once, none refused.
        let header = FIXTURE.lines().next().unwrap();
        let good = FIXTURE.lines().nth(1).unwrap();
        let racing: Vec<String> = (0..3).map(|i| good.replacen("ILL0001", &format!("ILL020{i}"), 1)).collect();
        let racing = format!("{header}\n{}\n", racing.join("\n"));
        let (a, b) = tokio::join!(import(&qat, "", &racing), import(&qat, "", &racing));
        let (a, b) = (ok(a, "race a").await, ok(b, "race b").await);
        let imported = ids(&a, "imported").len() + ids(&b, "imported").len();
        assert_eq!(imported, 3, "{a} {b}");
        for s in [&a, &b] {
            assert_eq!(ids(s, "imported").len() + ids(s, "already_imported").len(), 3, "{s}");
            assert!(s["refused"].as_array().unwrap().is_empty(), "{s}");
        }

        // Bad rows are refused with their line and column; the good one is imported.
        let bad_rows = [
            good.replacen("ILL0001", "ILL0101", 1).replacen("30.9170", "123.4", 1),
            good.replacen("ILL0001", "ILL0102", 1).replacen(",1,Political", ",4,Political", 1),
            good.replacen("ILL0001", "ILL0103", 1).replacen("2025-10-15", "2025-02-30", 1),
            good.replacen("ILL0001", "", 1),
            good.replacen("ILL0001", "ILL0104", 1),
            good.replacen("ILL0001", "ILL0104", 1),
            good.to_owned(),
        ];
        let file = format!("{header}\n{}\n", bad_rows.join("\n"));
        let summary = ok(import(&qat, "", &file).await, "bad rows").await;
        let refused: Vec<(u64, String, String)> = summary["refused"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (r["row"].as_u64().unwrap(), r["column"].as_str().unwrap().into(), r["reason"].as_str().unwrap().into())
            })
            .collect();
        let lines_and_columns: Vec<(u64, &str)> = refused.iter().map(|(l, c, _)| (*l, c.as_str())).collect();
        assert_eq!(
            lines_and_columns,
            [(2, "latitude"), (3, "time_precision"), (4, "event_date"), (5, "event_id_cnty"), (7, "event_id_cnty")],
            "{summary}"
        );
        assert!(refused[0].2.contains("out of range"), "{refused:?}");
        assert!(refused[4].2.contains("ILL0104 is on line 6 too"), "{refused:?}");
        assert_eq!(ids(&summary, "imported"), ["ILL0104"]);
        assert_eq!(ids(&summary, "already_imported"), ["ILL0001"]);

        // A file whose header is not ACLED's is refused whole.
        let response = import(&qat, "", "id,date\n1,2025-10-15\n").await;
        assert_eq!(response.status(), 422);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], "header", "{body}");
        assert!(body["message"].as_str().unwrap().contains("event_id_cnty"), "{body}");

        // The case tells the mediators of the events that looked like it;
        // a party reading its own case is not told.
        let case: Value = ok(qat.get("/api/v1/cases/2025-10-15-chaman").await, "case").await;
        assert!(case["public_sources"].as_array().unwrap().iter().any(|r| r == "acled:ILL0001"), "{case}");
        let page = qat.get("/cases/2025-10-15-chaman").await.text().await.unwrap();
        assert!(page.contains("ACLED:ILL0001"), "{page}");
        let case: Value = ok(pak.get("/api/v1/cases/2025-10-15-chaman").await, "party's case").await;
        assert!(case.get("public_sources").is_none(), "{case}");

        // A case filed after the import is told of the event it looks
        // like (read by the same rule); the event's recorded matches stay
        // those of its import.
        let later = serde_json::json!({"id": "PAK-2025-10-15-chaman-later", "allegation": {
            "accused": "AFG", "provisions": ["P1"], "acts": ["armed_clash"],
            "occurred_at": "2025-10-15T09:00:00Z",
            "location": {"lat": 30.918, "lon": 66.452, "precision": 1, "place_name": "Chaman"},
            "summary": "Exchange of fire at the crossing, filed after the import"}});
        ok(pak.post("/api/v1/cases", &later).await, "a later filing").await;
        let case: Value = ok(qat.get("/api/v1/cases/PAK-2025-10-15-chaman-later").await, "later case").await;
        assert!(case["public_sources"].as_array().unwrap().iter().any(|r| r == "acled:ILL0001"), "{case}");
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        let ill0001 = held.as_array().unwrap().iter().find(|r| r["report"]["event_id_cnty"] == "ILL0001").unwrap();
        assert!(
            !ill0001["matches"].as_array().unwrap().iter().any(|c| c == "PAK-2025-10-15-chaman-later"),
            "{ill0001}"
        );

        // The mediators' page lists the events with their possible
        // duplicates, in every language; a party may not read it.
        let html = qat.get("/desk/public-sources").await.text().await.unwrap();
        assert!(html.contains("ILL0001") && html.contains(r#"href="/cases/2025-10-15-chaman""#), "{html}");
        assert!(html.contains(r#"href="/cases/2025-10-15-chaman/merge""#), "{html}");
        let urdu = qat.get("/desk/public-sources?lang=ur").await.text().await.unwrap();
        assert!(urdu.contains("عوامی ذرائع کی رپورٹیں"), "{urdu}");
        assert_eq!(pak.get("/desk/public-sources").await.status(), 403);
        let desk = qat.get("/desk").await.text().await.unwrap();
        assert!(desk.contains(r#"href="/desk/public-sources""#), "{desk}");

        // The endpoints are in the OpenAPI document.
        let doc: Value =
            ok(server.anonymous().get(server.url("/api/v1/openapi.json")).send().await.unwrap(), "doc").await;
        for path in ["/api/v1/imports/acled", "/api/v1/public-sources"] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }

        // The log replays, each report's matches recomputed as imported.
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        let store = server.dir.store(Some(&server.database)).await.unwrap();
        let vkey = server.dir.identity().unwrap().vkey();
        let verified = truce_node::replay::verify(&store, server.dir.blobs().as_ref(), &vkey, &mut |_, _| {})
            .await
            .unwrap_or_else(|e| panic!("verify: {e}"));
        store.close().await;
        assert_eq!(verified.public_sources.reports.len(), 9);
        for r in held.as_array().unwrap() {
            let id = r["report"]["event_id_cnty"].as_str().unwrap();
            let replayed = verified.public_sources.get(truce_core::public_source::Dataset::Acled, id).unwrap();
            assert_eq!(serde_json::to_value(replayed).unwrap(), *r, "{id}");
        }
        server.stop().await;
    }
}

/// Posts the desk's import form: `fields` as text, `csv` (if any) as the
/// file, with the page's CSRF field `csrf` (if any), at `path`.
async fn desk_import(
    session: &Session,
    path: &str,
    csrf: Option<&str>,
    fields: &[(&str, &str)],
    csv: Option<&str>,
) -> (u16, String) {
    use reqwest::multipart::{Form, Part};
    let mut form = Form::new();
    if let Some(csrf) = csrf {
        form = form.text("csrf", csrf.to_owned());
    }
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    if let Some(csv) = csv {
        form = form
            .part("file", Part::bytes(csv.as_bytes().to_vec()).file_name("export.csv").mime_str("text/csv").unwrap());
    }
    let response = session.client.post(format!("{}{path}", session.base)).multipart(form).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The CSRF field of a page.
fn csrf_of(page: &str) -> String {
    let at = page.find(r#"name="csrf" value=""#).expect("a CSRF field") + 19;
    page[at..at + page[at..].find('"').unwrap()].to_owned()
}

/// The desk's import form does what the API does: the mediators upload an
/// export for a period and area and are shown every row (imported with its
/// possible duplicates, already imported, refused by line and column);
/// a bad day or a missing file is refused by field with what was typed
/// kept; a header that is not ACLED's refuses the file; a party may not
/// import; nothing is imported without the page's CSRF field.
#[tokio::test]
async fn the_desk_form_imports_an_export_and_shows_what_became_of_every_row() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let qat = server.login("qat-chair").await;
        let pak = server.login("pak-liaison").await;
        let page = qat.get("/desk/public-sources").await.text().await.unwrap();
        assert!(page.contains(r#"enctype="multipart/form-data""#) && page.contains(r#"name="file""#), "{page}");
        let csrf = csrf_of(&page);
        let october = [("from", "2025-10-01"), ("to", "2025-10-31"), ("area", "balochistan")];

        let (status, _) = desk_import(&qat, "/desk/public-sources", None, &october, Some(FIXTURE)).await;
        assert_eq!(status, 403, "no CSRF field, no import");
        let party_csrf = csrf_of(&pak.get("/desk").await.text().await.unwrap());
        let (status, _) = desk_import(&pak, "/desk/public-sources", Some(&party_csrf), &october, Some(FIXTURE)).await;
        assert_eq!(status, 403, "a party does not import");
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        assert_eq!(held.as_array().unwrap().len(), 0, "nothing imported yet: {held}");

        // A day that is not one, and no file: refused by field, what was typed kept.
        let typo = [("from", "2025-13-01"), ("to", ""), ("area", "balochistan")];
        let (status, html) = desk_import(&qat, "/desk/public-sources", Some(&csrf), &typo, Some(FIXTURE)).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("from: 2025-13-01 is not a day such as 2025-10-12"), "{html}");
        assert!(html.contains(r#"value="balochistan""#) && html.contains(r#"value="2025-13-01""#), "{html}");
        let (status, html) = desk_import(&qat, "/desk/public-sources", Some(&csrf), &october, None).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("file: choose a CSV file"), "{html}");
        let (status, html) =
            desk_import(&qat, "/desk/public-sources", Some(&csrf), &[], Some("id,date\n1,2025-10-15\n")).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Nothing was imported: header:") && html.contains("event_id_cnty"), "{html}");

        // October in Balochistan: two events imported, three outside.
        let (status, html) = desk_import(&qat, "/desk/public-sources", Some(&csrf), &october, Some(FIXTURE)).await;
        assert_eq!(status, 200, "{html}");
        let imported =
            html.split(r#"id="import-imported""#).nth(1).expect("the imported rows").split("</table>").next().unwrap();
        assert!(
            imported.contains("ILL0001") && imported.contains("ILL0002") && !imported.contains("ILL0003"),
            "{imported}"
        );
        assert!(imported.contains(r#"href="/cases/2025-10-15-chaman/merge""#), "{imported}");
        assert!(
            html.contains("<li>Rows read: 5</li>") && html.contains("<li>Outside the period or area: 3</li>"),
            "{html}"
        );
        assert!(!html.contains(r#"id="import-refused""#), "{html}");
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        let ids: Vec<&str> =
            held.as_array().unwrap().iter().map(|r| r["report"]["event_id_cnty"].as_str().unwrap()).collect();
        assert_eq!(ids, ["ILL0001", "ILL0002"]);

        // The whole file with a bad row, in Urdu: the rest imported, the
        // two already there said so, the bad row refused by line and column.
        let header = FIXTURE.lines().next().unwrap();
        let good = FIXTURE.lines().nth(1).unwrap();
        let bad = good.replacen("ILL0001", "ILL0199", 1).replacen(",30.9170,", ",-95,", 1);
        assert!(bad.contains(",-95,") && FIXTURE.ends_with('\n') && header.starts_with("event_id_cnty,"));
        let file = format!("{FIXTURE}{bad}\n");
        let (status, html) = desk_import(&qat, "/desk/public-sources?lang=ur", Some(&csrf), &[], Some(&file)).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("درآمد نے کیا کیا"), "{html}");
        let refused =
            html.split(r#"id="import-refused""#).nth(1).expect("the refused row").split("</table>").next().unwrap();
        assert!(
            refused.contains("ILL0199") && refused.contains("latitude") && refused.contains("out of range"),
            "{refused}"
        );
        let already = html
            .split(r#"id="import-already""#)
            .nth(1)
            .expect("those imported before")
            .split("</table>")
            .next()
            .unwrap();
        assert!(already.contains("ILL0001") && already.contains("ILL0002"), "{already}");
        let held: Value = ok(qat.get("/api/v1/public-sources").await, "list").await;
        assert_eq!(held.as_array().unwrap().len(), 5, "{held}");
        // On a right-to-left page the field is isolated left to right and
        // the English reason by its own first letter, so neither is reordered.
        let (status, html) =
            desk_import(&qat, "/desk/public-sources?lang=ur", Some(&csrf), &[], Some("id,date\n1,2025-10-15\n")).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("\u{2066}header\u{2069}") && html.contains("\u{2068}lacks ACLED"), "{html}");
        server.stop().await;
    }
}
