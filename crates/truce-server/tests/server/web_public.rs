//! Web pages: public (HTTP-level tests).
//!
//! The public pages over a demo deployment to which two unpublished cases
//! were added (one filed, one with a finding adopted but still open to
//! appeal): whoever asks, no page, download or report shows them, and what
//! they show agrees with the JSON API read anonymously.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::common::{Session, TestServer, databases, now_minus, ok};

/// The two unpublished cases the tests add.
const FILED: &str = "PAK-T-web-filed";
const DETERMINED: &str = "PAK-T-web-determined";

/// Files `id` (PAK against AFG, located at Chaman) and, if `adopt`, takes it
/// to an adopted finding that is still open to appeal: a case with a
/// finding that is not yet published.
async fn unpublished_case(server: &TestServer, id: &str, adopt: bool) {
    let pak = server.login("pak-liaison").await;
    let allegation = json!({
        "accused": "AFG",
        "provisions": ["P1"],
        "acts": ["shelling_artillery"],
        "occurred_at": now_minus(3),
        "location": {"lat": 30.92, "lon": 66.45, "precision": 2, "place_name": "Chaman"},
        "summary": format!("Unpublished test case {id}"),
    });
    ok(pak.post("/api/v1/cases", &json!({"id": id, "allegation": allegation})).await, "file").await;
    if !adopt {
        return;
    }
    let chair = server.login("qat-chair").await;
    let tur = server.login("tur-mediator").await;
    let afg = server.login("afg-liaison").await;
    let jvt = server.login("jvt-monitor").await;
    let path = format!("/api/v1/cases/{id}/commands");
    let finding = json!({"type": "propose_finding.v1", "finding": {
        "occurrence": "confirmed",
        "occurrence_standard_met": "clear_and_convincing",
        "attribution": {"party": "AFG", "basis": "direct_act", "standard_met": "clear_and_convincing"},
        "provisions_breached": ["P1"],
        "acts": ["shelling_artillery"],
        "severity": "serious",
        "reasons": "Adopted, still open to appeal (test)."
    }});
    let steps: Vec<(&Session, Value)> = vec![
        (&chair, json!({"type": "acknowledge.v1"})),
        (&chair, json!({"type": "admit.v1"})),
        (&chair, json!({"type": "notify_accused.v1"})),
        (&afg, json!({"type": "submit_reply.v1", "reply": {"position": "denies", "text": "Not us (test)."}})),
        (&chair, json!({"type": "task_investigation.v1", "team": "JVT"})),
        (&jvt, json!({"type": "submit_investigation_report.v1", "report": {"summary": "Impacts seen (test)."}})),
        (&chair, finding),
        (&chair, json!({"type": "vote.v1", "approve": true})),
        (&tur, json!({"type": "vote.v1", "approve": true})),
    ];
    for (who, command) in steps {
        ok(who.post(&path, &command).await, &command.to_string()).await;
    }
    let case = ok(chair.get(&format!("/api/v1/cases/{id}")).await, "read").await;
    assert_eq!(case["case"]["status"], "determined", "{id} has an adopted finding, open to appeal");
    assert_eq!(case["published"], false);
}

async fn page(client: &reqwest::Client, server: &TestServer, path: &str) -> (u16, String) {
    let response = client.get(server.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn anonymous_json(server: &TestServer, path: &str) -> Value {
    ok(server.anonymous().get(server.url(path)).send().await.unwrap(), path).await
}

/// The ids of the cases the public may see, from the JSON API.
async fn published_ids(server: &TestServer) -> BTreeSet<String> {
    let list = anonymous_json(server, "/api/v1/cases?limit=200").await;
    list["cases"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

fn assert_unpublished_absent(what: &str, text: &str) {
    for id in [FILED, DETERMINED] {
        assert!(!text.contains(id), "{what} shows the unpublished case {id}");
    }
}

#[tokio::test]
async fn public_pages_and_downloads_show_published_cases_only() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        unpublished_case(&server, FILED, false).await;
        unpublished_case(&server, DETERMINED, true).await;
        let published = published_ids(&server).await;
        assert!(published.contains("2025-10-17-paktika"), "{published:?}");
        assert!(!published.contains(FILED) && !published.contains(DETERMINED));
        let agreement = anonymous_json(&server, "/api/v1/agreement").await;
        let anonymous = server.anonymous();
        let chair = server.login("qat-chair").await;

        // The home page: the same for the public and a mediator.
        let (status, home) = page(&anonymous, &server, "/").await;
        assert_eq!(status, 200);
        assert!(home.contains("Doha ceasefire and Istanbul monitoring and verification mechanism (2025)"));
        assert!(home.contains("<svg") && home.contains("id=\"sectors\"") && home.contains("id=\"crossings\""));
        assert!(home.contains("id=\"chart-title\""), "the weekly chart");
        assert!(home.contains("<th scope=\"row\">2025-W42"), "the chart's table lists week 42");
        assert!(home.contains("href=\"/cases/2025-10-17-paktika\""), "a latest finding links to its case");
        // Paktika (PAK) and Chaman (AFG) are published incidents on the map.
        assert!(home.contains("2025-10-17-paktika (confirmed)"), "a map marker with its finding");
        assert_unpublished_absent("the home page", &home);
        let (_, home_for_chair) = page(&chair.client, &server, "/").await;
        assert_unpublished_absent("the home page for a mediator", &home_for_chair);
        assert!(home_for_chair.contains("Log out (qat-chair)"), "the frame is the caller's");
        let main = |html: &str| html.split("<main").nth(1).unwrap_or("").to_owned();
        assert_eq!(main(&home), main(&home_for_chair), "the home page's body is the same for everyone");

        // The findings list, filtered.
        let findings = anonymous_json(&server, "/api/v1/findings").await;
        let finding_ids: BTreeSet<String> =
            findings.as_array().unwrap().iter().map(|f| f["case"].as_str().unwrap().to_owned()).collect();
        assert!(!finding_ids.contains(DETERMINED));
        let (status, list) = page(&anonymous, &server, "/findings").await;
        assert_eq!(status, 200);
        for id in &finding_ids {
            assert!(list.contains(&format!("href=\"/cases/{id}\"")), "/findings lists {id}");
        }
        assert_unpublished_absent("/findings", &list);
        let (_, list) = page(&chair.client, &server, "/findings").await;
        assert_unpublished_absent("/findings for a mediator", &list);
        let (status, pak) = page(&anonymous, &server, "/findings?party=PAK").await;
        assert_eq!(status, 200);
        assert!(pak.contains("/cases/2025-10-17-paktika") && !pak.contains("/cases/2025-10-15-chaman\""));
        let (status, bad) = page(&anonymous, &server, "/findings?party=XYZ").await;
        assert_eq!(status, 422);
        assert!(bad.contains("<strong>party</strong>") && bad.contains("XYZ is not a party"), "{bad}");

        // cases.csv: exactly the published cases.
        let response = anonymous.get(server.url("/data/cases.csv")).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_owned();
        assert!(disposition.starts_with("attachment;") && disposition.contains("truce-cases.csv"));
        let text = response.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(&headers[0], "id");
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let ids: BTreeSet<String> = rows.iter().map(|r| r[0].to_owned()).collect();
        assert_eq!(ids, published, "cases.csv holds the published cases");
        let paktika = rows.iter().find(|r| &r[0] == "2025-10-17-paktika").unwrap();
        assert_eq!(&paktika[column("finding")], "confirmed");
        assert_eq!(&paktika[column("responsible_party")], "PAK");
        assert!(!paktika[column("penalty_level")].is_empty(), "its decided penalty");

        // findings.csv: the findings the API gives the public.
        let text = anonymous.get(server.url("/data/findings.csv")).send().await.unwrap().text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let ids: BTreeSet<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
        assert_eq!(ids, finding_ids, "findings.csv holds the published findings");

        // cases.geojson: points in [lon, lat] order, as RFC 7946 requires.
        let response = anonymous.get(server.url("/data/cases.geojson")).send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "application/geo+json");
        assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        let geo: Value = response.json().await.unwrap();
        assert_eq!(geo["type"], "FeatureCollection");
        let features = geo["features"].as_array().unwrap();
        let ids: BTreeSet<String> = features.iter().map(|f| f["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids, published, "cases.geojson holds the published cases");
        let case = anonymous_json(&server, "/api/v1/cases/2025-10-17-paktika").await;
        let feature = features.iter().find(|f| f["id"] == "2025-10-17-paktika").unwrap();
        assert_eq!(feature["geometry"]["type"], "Point");
        let location = &case["case"]["allegation"]["location"];
        assert_eq!(feature["geometry"]["coordinates"], json!([location["lon"], location["lat"]]));
        assert_eq!(feature["properties"]["finding"], "confirmed");

        // The monthly report agrees with the API's published cases.
        let cases = anonymous_json(&server, "/api/v1/cases?limit=200").await;
        let october: Vec<&Value> = cases["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["occurred_at"].as_str().unwrap().starts_with("2025-10"))
            .collect();
        let merged = october.iter().filter(|c| c["status"] == "merged").count();
        let penalties = anonymous_json(&server, "/api/v1/penalties").await;
        let decided = penalties.as_array().unwrap().iter().filter(|p| !p["decided"].is_null()).count();
        let (status, index) = page(&anonymous, &server, "/reports").await;
        assert_eq!(status, 200);
        assert!(index.contains("href=\"/reports/2025-10\"") && index.contains("href=\"/reports/2025-W42\""));
        let (status, report) = page(&anonymous, &server, "/reports/2025-10").await;
        assert_eq!(status, 200);
        let row = |label: &str, n: usize| format!("<th scope=\"row\">{label}</th><td>{n}</td>");
        assert!(report.contains(&row("Allegations (without duplicates)", october.len() - merged)), "{report}");
        assert!(report.contains(&row("Duplicates merged", merged)));
        assert!(report.contains(&row("Penalties decided", decided)));
        for id in finding_ids.iter().filter(|id| id.starts_with("2025-10")) {
            assert!(report.contains(&format!("href=\"/cases/{id}\"")), "the report lists the finding on {id}");
        }
        assert_unpublished_absent("the report", &report);
        // Its trend charts: published cases per sector and day, with the band, and no alert.
        assert!(
            report.contains("Reports per sector and day") && report.contains("Published cases, by the day"),
            "{report}"
        );
        assert!(report.contains("aria-labelledby=\"trend-0-title trend-0-desc\""), "a chart per sector: {report}");
        assert!(
            !report.contains("early-warning alert raised") && !report.contains("l5,-9l-10,0z"),
            "no alert on a public page"
        );
        assert!(report.contains("Early-warning alerts are shown to the mediators and the parties on their desks."));
        let (status, week) = page(&anonymous, &server, "/reports/2025-W42").await;
        assert_eq!(status, 200);
        assert!(week.contains("Weekly report 2025-W42"));

        // Pages stay small: under 100 KB each, uncompressed.
        for path in ["/", "/findings", "/reports", "/reports/2025-10", "/data", "/verify", "/agreement"] {
            let (status, body) = page(&anonymous, &server, path).await;
            assert_eq!(status, 200, "{path}");
            assert!(body.len() < 100 * 1024, "{path} is {} bytes", body.len());
        }
        assert!(agreement["sha256"].is_string());
        server.stop().await;
    }
}

#[tokio::test]
async fn verify_agreement_and_bad_addresses() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let anonymous = server.anonymous();

        // The verify page shows the checkpoint /log/checkpoint serves, and the key.
        let checkpoint = anonymous.get(server.url("/log/checkpoint")).send().await.unwrap().text().await.unwrap();
        let vkey = anonymous.get(server.url("/log/vkey")).send().await.unwrap().text().await.unwrap();
        let (status, verify) = page(&anonymous, &server, "/verify").await;
        assert_eq!(status, 200);
        assert!(verify.contains(checkpoint.trim_end()), "{verify}");
        assert!(verify.contains(vkey.trim()));
        assert!(verify.contains("truce verify --url"));
        let (status, record) = page(&anonymous, &server, "/verify?record=3").await;
        assert_eq!(status, 200);
        assert!(record.contains("href=\"/api/v1/records/3/proof\""));
        let proof = anonymous.get(server.url("/api/v1/records/3/proof")).send().await.unwrap();
        assert_eq!(proof.status(), 200, "the link leads to the proof");
        let (status, bad) = page(&anonymous, &server, "/verify?record=abc").await;
        assert_eq!(status, 422);
        assert!(bad.contains("abc is not a record number") && bad.contains("aria-invalid=\"true\""));
        let (status, beyond) = page(&anonymous, &server, "/verify?record=99999999").await;
        assert_eq!(status, 422);
        assert!(beyond.contains("there is no record"));

        // The agreement in full, with the hash the log recorded.
        let agreement = anonymous_json(&server, "/api/v1/agreement").await;
        let (status, text) = page(&anonymous, &server, "/agreement").await;
        assert_eq!(status, 200);
        assert!(text.contains(agreement["sha256"].as_str().unwrap()));
        assert!(text.contains("Cessation of cross-border hostilities") && text.contains("id=\"penalties\""));

        // A month with no published case: 404, saying so.
        let (status, empty) = page(&anonymous, &server, "/reports/2025-03").await;
        assert_eq!(status, 404);
        assert!(empty.contains("No published case has an incident in 2025-03"), "{empty}");
        // Bad periods: 422 naming the part at fault.
        for (path, field) in [
            ("/reports/2025-13", "month"),
            ("/reports/2025-00", "month"),
            ("/reports/2025-W60", "week"),
            ("/reports/1850-01", "year"),
            ("/reports/last-month", "period"),
        ] {
            let (status, body) = page(&anonymous, &server, path).await;
            assert_eq!(status, 422, "{path}");
            assert!(body.contains(&format!("<strong>{field}</strong>")), "{path} names {field}: {body}");
        }
        // Other languages render the same pages (falling back to English where untranslated).
        let (status, urdu) = page(&anonymous, &server, "/reports/2025-10?lang=ur").await;
        assert_eq!(status, 200);
        assert!(urdu.contains("dir=\"rtl\""));
        server.stop().await;
    }
}

/// The "N published cases" number on the home page.
fn published_on_home(home: &str) -> usize {
    let marker = "</span>Published cases";
    let end = home.find(marker).expect("the published count");
    let start = home[..end].rfind('>').unwrap() + 1;
    home[start..end].parse().unwrap()
}

#[tokio::test]
async fn the_home_page_and_the_reports_follow_the_log() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let anonymous = server.anonymous();
        let published = published_ids(&server).await;
        // Cases ruled inadmissible count, whether or not they were closed since.
        let mut ruled = 0;
        for id in &published {
            let case = anonymous_json(&server, &format!("/api/v1/cases/{id}")).await;
            ruled += usize::from(!case["case"]["inadmissible_reason"].is_null());
        }
        let (_, home) = page(&anonymous, &server, "/").await;
        assert_eq!(published_on_home(&home), published.len());
        assert!(home.contains(&format!("<span class=\"num\">{ruled}</span>Ruled inadmissible")), "{home}");
        // Filed: the home page does not change.
        unpublished_case(&server, FILED, false).await;
        let month = truce_node::clock::now()
            .checked_sub(jiff::SignedDuration::from_hours(3))
            .unwrap()
            .strftime("%Y-%m")
            .to_string();
        let report = format!("/reports/{month}");
        // The month's report, before: none (404) or a count of inadmissible rulings.
        let inadmissible = |html: &str| {
            let row = "<th scope=\"row\">Inadmissible</th><td>";
            html.split_once(row).and_then(|(_, rest)| rest.split_once('<')).map(|(n, _)| n.parse::<u64>().unwrap())
        };
        let (status, before) = page(&anonymous, &server, &report).await;
        let before = if status == 404 { 0 } else { inadmissible(&before).unwrap() };
        let (_, again) = page(&anonymous, &server, "/").await;
        assert_eq!(published_on_home(&again), published.len());
        assert_unpublished_absent("the home page", &again);
        // Ruled inadmissible: published, so the home page counts it and maps it.
        let chair = server.login("qat-chair").await;
        let path = format!("/api/v1/cases/{FILED}/commands");
        ok(chair.post(&path, &json!({"type": "acknowledge.v1"})).await, "acknowledge").await;
        ok(chair.post(&path, &json!({"type": "rule_inadmissible.v1", "reason": "Out of scope (test)."})).await, "rule")
            .await;
        let (_, after) = page(&anonymous, &server, "/").await;
        assert_eq!(published_on_home(&after), published.len() + 1, "the cache follows the log");
        assert!(after.contains(&format!("<span class=\"num\">{}</span>Ruled inadmissible", ruled + 1)));
        assert!(
            after.contains(&format!("{FILED} (other)")),
            "the map shows the newly published case, in the legend's word"
        );
        let (status, report_after) = page(&anonymous, &server, &report).await;
        assert_eq!(status, 200, "{report_after}");
        assert_eq!(inadmissible(&report_after), Some(before + 1), "the month's report follows the log");
        // Closed after the ruling, it still counts as ruled inadmissible;
        // reopened (on to admission, never to a second ruling), it does not.
        let home_count =
            |html: &str, n: usize| html.contains(&format!("<span class=\"num\">{n}</span>Ruled inadmissible"));
        let close = json!({"type": "close.v1", "note": "Closed (test)."});
        ok(chair.post(&path, &close).await, "close").await;
        let (_, closed) = page(&anonymous, &server, "/").await;
        assert!(home_count(&closed, ruled + 1), "{closed}");
        let evidence = json!([{"sha256": "d".repeat(64), "description": "A new photograph (test)."}]);
        let reopen = json!({"type": "reopen.v1", "reason": "New evidence (test).", "evidence": evidence});
        ok(chair.post(&path, &reopen).await, "reopen").await;
        let (_, reopened) = page(&anonymous, &server, "/").await;
        assert!(home_count(&reopened, ruled), "{reopened}");
        server.stop().await;
    }
}

/// Lists read cases folded from their events, and keep the folds: a case
/// changed since is folded again, on the API and on the public pages.
#[tokio::test]
async fn listed_cases_follow_the_log() {
    const CASE: &str = "2025-10-15-chaman";
    for db in databases().await {
        let server = TestServer::start(db).await;
        let chair = server.login("qat-chair").await;
        let status = |findings: &Value| {
            findings.as_array().unwrap().iter().find(|f| f["case"] == CASE).map(|f| f["status"].clone())
        };
        // Twice: the second read finds the kept fold.
        for _ in 0..2 {
            let findings = ok(chair.get("/api/v1/findings").await, "findings").await;
            assert_eq!(status(&findings), Some(json!("penalty_decided")), "{findings}");
        }
        let (_, before) = page(&server.anonymous(), &server, "/findings").await;
        assert!(before.contains("Penalty decided"), "{before}");
        let path = format!("/api/v1/cases/{CASE}/commands");
        let compliance = json!({"type": "record_compliance.v1", "complied": true, "note": "Complied (test)."});
        ok(chair.post(&path, &compliance).await, "compliance").await;
        let findings = ok(chair.get("/api/v1/findings").await, "findings").await;
        assert_eq!(status(&findings), Some(json!("complied")), "{findings}");
        let (_, after) = page(&server.anonymous(), &server, "/findings").await;
        assert!(!after.contains("Penalty decided") && after.contains("Complied"), "{after}");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_talks_pages_show_what_was_published_and_nothing_kept_for_the_mediators() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let client = server.anonymous();
        let (status, html) = page(&client, &server, "/talks?lang=en").await;
        assert_eq!(status, 200);
        assert!(html.contains("Doha round") && html.contains("Principal-level meeting"), "every round is listed");
        assert!(html.contains("Missed"), "the missed commitment is shown");
        let (status, html) = page(&client, &server, "/talks/communiques/modalities-2025-11-07?lang=en").await;
        assert_eq!(status, 200);
        assert!(
            html.contains("Mediators&#39; statement; not signed by")
                || html.contains("Mediators' statement; not signed by")
        );
        assert!(html.contains("Declined: Assurances are given verbally"), "{html}");
        let (status, html) = page(&client, &server, "/talks/rounds/istanbul-2025-10?lang=en").await;
        assert_eq!(status, 200);
        assert!(html.contains("An end to incursions and air strikes on Afghan territory"), "the public position");
        assert!(!html.contains("Evidence-based demands"), "the position kept for the mediators is not shown");
        let (status, _) = page(&client, &server, "/talks/rounds/nowhere").await;
        assert_eq!(status, 404);
        let (status, _) = page(&client, &server, "/talks/communiques/no%20such").await;
        assert_eq!(status, 404);
        server.stop().await;
    }
}

#[tokio::test]
async fn every_page_forbids_scripts_framing_and_sniffing() {
    let server = TestServer::start(None).await;
    let anonymous = server.anonymous();
    for path in ["/", "/cases", "/talks", "/login", "/no-such-page", "/api/v1/cases"] {
        let response = anonymous.get(server.url(path)).send().await.unwrap();
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("script-src"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
    }
    // No page carries what that policy would block: no script, no inline style.
    for path in ["/", "/cases", "/stats", "/talks", "/data"] {
        let (_, html) = page(&anonymous, &server, path).await;
        assert!(!html.contains("<script") && !html.contains(" style="), "{path} has inline script or style");
    }
    server.stop().await;
}

/// An incident known only to its days, with one casualty figure stated,
/// published (ruled inadmissible): the open data gives its days as dates
/// with its precision, and the figures not stated as empty cells, never 0.
#[tokio::test]
async fn the_open_data_keeps_a_day_only_incident_and_figures_not_stated() {
    const ID: &str = "PAK-T-data-days";
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let today = jiff::tz::TimeZone::UTC.to_datetime(truce_node::clock::now()).date();
        let first = today.checked_sub(jiff::Span::new().days(3)).unwrap();
        let last = today.checked_sub(jiff::Span::new().days(2)).unwrap();
        let allegation = json!({
            "accused": "AFG",
            "provisions": ["P1"],
            "acts": ["shelling_artillery"],
            "occurred_at": format!("{first}T00:00:00Z"),
            "occurred_until": format!("{last}T00:00:00Z"),
            "time_precision": "day",
            "summary": "Shelling over two days, hours not known (test)",
            "casualties": {"civilians_killed": {"low": 2, "best": 4, "high": 7}},
        });
        ok(pak.post("/api/v1/cases", &json!({"id": ID, "allegation": allegation})).await, "file").await;
        let chair = server.login("qat-chair").await;
        let path = format!("/api/v1/cases/{ID}/commands");
        ok(chair.post(&path, &json!({"type": "acknowledge.v1"})).await, "acknowledge").await;
        ok(chair.post(&path, &json!({"type": "rule_inadmissible.v1", "reason": "Out of scope (test)."})).await, "rule")
            .await;

        let text = server.anonymous().get(server.url("/data/cases.csv")).send().await.unwrap().text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let row = rows.iter().find(|r| &r[0] == ID).expect("the published case");
        let cell = |name: &str| row[headers.iter().position(|h| h == name).unwrap()].to_owned();
        assert_eq!(cell("occurred_at"), first.to_string(), "the first day, not midnight");
        assert_eq!(cell("occurred_until"), last.to_string());
        assert_eq!(cell("time_precision"), "day");
        assert_eq!(["low", "best", "high"].map(|e| cell(&format!("claimed_civilians_killed_{e}"))), ["2", "4", "7"]);
        for kind in ["civilians_injured", "combatants_killed", "combatants_injured"] {
            for e in ["low", "best", "high"] {
                assert_eq!(cell(&format!("claimed_{kind}_{e}")), "", "{kind} was not stated");
            }
        }
        // A case of the demo with an exact time keeps it.
        let paktika = rows.iter().find(|r| &r[0] == "2025-10-17-paktika").unwrap();
        let exact = &paktika[headers.iter().position(|h| h == "time_precision").unwrap()];
        assert_eq!(exact, "exact");

        let geo: Value =
            server.anonymous().get(server.url("/data/cases.geojson")).send().await.unwrap().json().await.unwrap();
        let feature = geo["features"].as_array().unwrap().iter().find(|f| f["id"] == ID).unwrap();
        assert_eq!(feature["properties"]["claimed_civilians_killed_best"], 4);
        assert_eq!(feature["properties"]["claimed_combatants_killed_best"], Value::Null);
        assert_eq!(feature["properties"]["occurred_at"], first.to_string());

        // The page that explains the columns names the new ones.
        let (_, data) = page(&server.anonymous(), &server, "/data").await;
        assert!(data.contains("time_precision") && data.contains("An empty cell is a figure not stated"), "{data}");
        server.stop().await;
    }
}
