//! Open data: the published cases as CSV and GeoJSON, and their findings
//! as CSV.
//!
//! A download may cover every published case of the deployment, so it is
//! streamed: the store is read a page at a time in the case list's
//! newest-first keyset order, each page is encoded and sent before the next
//! is read, and memory stays bounded by one page. Only published cases are
//! read (the public's scope, in the query), and each row's status is
//! checked again before it is written.
//!
//! A download says no more than the log: an incident known only to the
//! day is written as a date (and its last day, for a span), never as
//! midnight, with its `time_precision`; a casualty figure not stated is an
//! empty cell, never 0.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use truce_core::case::{Casualties, TimePrecision};
use truce_node::projection::{self, RowError};
use truce_store::{ExportRow, ExportWindow};

use super::{at, split_list};
use crate::AppState;
use crate::app::public;
use crate::web::{Page, WebError, layout};

/// Rows read from the store per page of a download.
const PAGE: u64 = 1_000;

/// The columns of `cases.csv`, also the properties of each GeoJSON feature.
pub const CASE_COLUMNS: [&str; 33] = [
    "id",
    "status",
    "accused",
    "provisions",
    "occurred_at",
    "occurred_until",
    "time_precision",
    "filed_at",
    "sector",
    "lat",
    "lon",
    "summary",
    "claimed_civilians_killed_low",
    "claimed_civilians_killed_best",
    "claimed_civilians_killed_high",
    "claimed_civilians_injured_low",
    "claimed_civilians_injured_best",
    "claimed_civilians_injured_high",
    "claimed_combatants_killed_low",
    "claimed_combatants_killed_best",
    "claimed_combatants_killed_high",
    "claimed_combatants_injured_low",
    "claimed_combatants_injured_best",
    "claimed_combatants_injured_high",
    "finding",
    "responsible_party",
    "provisions_breached",
    "severity",
    "final_at",
    "penalty_level",
    "penalty_measure",
    "penalty_decided_at",
    "complied",
];

/// The columns of `findings.csv`.
pub const FINDING_COLUMNS: [&str; 25] = [
    "case_id",
    "status",
    "accused",
    "occurred_at",
    "occurred_until",
    "time_precision",
    "sector",
    "finding",
    "responsible_party",
    "provisions_breached",
    "severity",
    "found_civilians_killed_low",
    "found_civilians_killed_best",
    "found_civilians_killed_high",
    "found_civilians_injured_low",
    "found_civilians_injured_best",
    "found_civilians_injured_high",
    "found_combatants_killed_low",
    "found_combatants_killed_best",
    "found_combatants_killed_high",
    "found_combatants_injured_low",
    "found_combatants_injured_best",
    "found_combatants_injured_high",
    "determined_at",
    "final_at",
];

/// One of the downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    CasesCsv,
    CasesGeoJson,
    FindingsCsv,
}

fn time(secs: Option<i64>) -> String {
    secs.and_then(at).map(|t| t.to_string()).unwrap_or_default()
}

/// The time of an incident as precisely as it is known: a date
/// (`2025-10-15`, the UTC day the log holds) for an incident known only to
/// the day, the time otherwise.
fn incident_time(secs: Option<i64>, precision: TimePrecision) -> String {
    match precision {
        TimePrecision::Exact => time(secs),
        TimePrecision::Day => {
            secs.and_then(at).map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date().to_string()).unwrap_or_default()
        }
    }
}

fn list(s: &str) -> String {
    split_list(s).join(";")
}

/// The twelve casualty figures (low, best, high of each kind, in the order
/// of the columns), `None` where the figure was not stated.
fn casualty_figures(c: &Casualties) -> [Option<u32>; 12] {
    let [a, b, c, d] = c.named().map(|(_, e)| e);
    let spread = |e: Option<truce_core::case::Estimate>| [e.map(|e| e.low), e.map(|e| e.best), e.map(|e| e.high)];
    let ([a1, a2, a3], [b1, b2, b3], [c1, c2, c3], [d1, d2, d3]) = (spread(a), spread(b), spread(c), spread(d));
    [a1, a2, a3, b1, b2, b3, c1, c2, c3, d1, d2, d3]
}

/// A figure's cell: empty when not stated, never 0.
fn figure(n: Option<u32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// What an export row holds beyond plain text, read back as the projection wrote it.
struct Decoded {
    precision: TimePrecision,
    claimed: [Option<u32>; 12],
    found: [Option<u32>; 12],
}

fn decode(r: &ExportRow) -> Result<Decoded, RowError> {
    Ok(Decoded {
        precision: projection::time_precision_of("cases", &r.id, &r.time_precision)?,
        claimed: casualty_figures(&projection::casualties_of("cases", &r.id, r.casualties.as_deref())?),
        found: casualty_figures(&projection::casualties_of("findings", &r.id, r.found_casualties.as_deref())?),
    })
}

fn case_fields(r: &ExportRow) -> Result<[String; 33], RowError> {
    let d = decode(r)?;
    let [k1, k2, k3, i1, i2, i3, ck1, ck2, ck3, ci1, ci2, ci3] = d.claimed.map(figure);
    Ok([
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        list(&r.provisions),
        incident_time(Some(r.occurred_at), d.precision),
        incident_time(r.occurred_until, d.precision),
        d.precision.as_str().to_owned(),
        time(Some(r.filed_at)),
        r.sector.clone().unwrap_or_default(),
        r.lat.map(|v| v.to_string()).unwrap_or_default(),
        r.lon.map(|v| v.to_string()).unwrap_or_default(),
        r.summary.clone(),
        k1,
        k2,
        k3,
        i1,
        i2,
        i3,
        ck1,
        ck2,
        ck3,
        ci1,
        ci2,
        ci3,
        r.occurrence.clone().unwrap_or_default(),
        r.party.clone().unwrap_or_default(),
        list(r.breached.as_deref().unwrap_or("")),
        r.severity.clone().unwrap_or_default(),
        time(r.final_at),
        r.penalty_level.map(|v| v.to_string()).unwrap_or_default(),
        r.penalty_measure.clone().unwrap_or_default(),
        time(r.penalty_decided_at),
        r.complied.map(|c| c.to_string()).unwrap_or_default(),
    ])
}

fn finding_fields(r: &ExportRow) -> Result<[String; 25], RowError> {
    let d = decode(r)?;
    let [k1, k2, k3, i1, i2, i3, ck1, ck2, ck3, ci1, ci2, ci3] = d.found.map(figure);
    Ok([
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        incident_time(Some(r.occurred_at), d.precision),
        incident_time(r.occurred_until, d.precision),
        d.precision.as_str().to_owned(),
        r.sector.clone().unwrap_or_default(),
        r.occurrence.clone().unwrap_or_default(),
        r.party.clone().unwrap_or_default(),
        list(r.breached.as_deref().unwrap_or("")),
        r.severity.clone().unwrap_or_default(),
        k1,
        k2,
        k3,
        i1,
        i2,
        i3,
        ck1,
        ck2,
        ck3,
        ci1,
        ci2,
        ci3,
        time(r.determined_at),
        time(r.final_at),
    ])
}

/// A GeoJSON feature (RFC 7946): a point at `[lon, lat]`, or no geometry
/// for a case without a location. Figures are numbers, and a figure not
/// stated is `null`.
fn feature(r: &ExportRow) -> Result<serde_json::Value, RowError> {
    let geometry = match (r.lon, r.lat) {
        (Some(lon), Some(lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => serde_json::Value::Null,
    };
    let mut properties = serde_json::Map::new();
    for (k, v) in CASE_COLUMNS.iter().zip(case_fields(r)?) {
        if *k == "lat" || *k == "lon" {
            continue;
        }
        let value = if v.is_empty() { serde_json::Value::Null } else { serde_json::Value::String(v) };
        properties.insert((*k).to_owned(), value);
    }
    if let Some(level) = r.penalty_level {
        properties.insert(String::from("penalty_level"), level.into());
    }
    if let Some(c) = r.complied {
        properties.insert(String::from("complied"), c.into());
    }
    let claimed = CASE_COLUMNS.iter().filter(|k| k.starts_with("claimed_"));
    for (k, n) in claimed.zip(decode(r)?.claimed) {
        properties.insert((*k).to_owned(), n.map_or(serde_json::Value::Null, serde_json::Value::from));
    }
    Ok(serde_json::json!({"type": "Feature", "id": r.id, "geometry": geometry, "properties": properties}))
}

/// A cell a spreadsheet will not run: text a filer wrote that begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula, so
/// it gets a leading `'` (OWASP's advice for CSV injection). A number, such
/// as a negative coordinate, is left as it is.
fn spreadsheet_safe(cell: String) -> String {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && cell.parse::<f64>().is_err() { format!("'{cell}") } else { cell }
}

/// Encodes one page of rows: `header` adds the header, `wrote` says rows
/// were written before (a GeoJSON feature then needs a separator), `last`
/// adds the end.
fn encode(
    format: Format,
    rows: &[ExportRow],
    header: bool,
    wrote: bool,
    last: bool,
    notice: Option<&str>,
) -> Result<Vec<u8>, String> {
    match format {
        Format::CasesCsv | Format::FindingsCsv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            if header {
                let header: &[&str] = if format == Format::CasesCsv { &CASE_COLUMNS } else { &FINDING_COLUMNS };
                w.write_record(header).map_err(|e| e.to_string())?;
            }
            for r in rows {
                if format == Format::CasesCsv {
                    let fields = case_fields(r).map_err(|e| e.to_string())?;
                    w.write_record(fields.map(spreadsheet_safe)).map_err(|e| e.to_string())?;
                } else {
                    let fields = finding_fields(r).map_err(|e| e.to_string())?;
                    w.write_record(fields.map(spreadsheet_safe)).map_err(|e| e.to_string())?;
                }
            }
            w.into_inner().map_err(|e| e.to_string())
        }
        Format::CasesGeoJson => {
            let mut out = Vec::new();
            if header {
                out.extend_from_slice(b"{\"type\":\"FeatureCollection\",");
                if let Some(n) = notice {
                    let n = serde_json::to_string(n).map_err(|e| e.to_string())?;
                    out.extend_from_slice(format!("\"sample_data\":{n},").as_bytes());
                }
                out.extend_from_slice(b"\"features\":[\n");
            }
            for (i, r) in rows.iter().enumerate() {
                if wrote || i > 0 {
                    out.extend_from_slice(b",\n");
                }
                serde_json::to_writer(&mut out, &feature(r).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
            }
            if last {
                out.extend_from_slice(b"\n]}\n");
            }
            Ok(out)
        }
    }
}

/// Where a download stands between two pages.
struct Cursor {
    /// The last row read.
    after: Option<(i64, String)>,
    /// Whether the header was sent.
    header: bool,
    /// Whether any row was sent.
    wrote: bool,
}

/// The download's body: pages read and encoded one after the other.
fn stream(state: AppState, format: Format, sparse: bool) -> Body {
    let window = ExportWindow { with_finding: format == Format::FindingsCsv, sparse, ..ExportWindow::default() };
    let pages =
        futures_util::stream::unfold(Some(Cursor { after: None, header: false, wrote: false }), move |cursor| {
            let state = state.clone();
            async move {
                let cursor = cursor?;
                let after = cursor.after.as_ref().map(|(t, id)| (*t, id.as_str()));
                let (public, next, last) = match public::export_page(&state, window, after, PAGE).await {
                    Ok(page) => page,
                    Err(e) => {
                        tracing::error!(error = %e, "open data download failed");
                        return Some((Err(std::io::Error::other(e.to_string())), None));
                    }
                };
                let chunk = encode(format, &public, !cursor.header, cursor.wrote, last, state.sample_notice());
                let chunk = match chunk {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::error!(error = %e, "open data encoding failed");
                        return Some((Err(std::io::Error::other(e)), None));
                    }
                };
                let wrote = cursor.wrote || !public.is_empty();
                let state_next = (!last).then_some(Cursor { after: next, header: true, wrote });
                Some((Ok::<Bytes, std::io::Error>(Bytes::from(chunk)), state_next))
            }
        });
    // Fused: a body wrapper (the compression layer) may poll again after
    // the end, which an unfold stream does not allow.
    Body::from_stream(futures_util::StreamExt::fuse(pages))
}

async fn download(
    state: AppState,
    format: Format,
    content_type: &'static str,
    filename: &'static str,
) -> Result<Response, WebError> {
    let sparse = public::is_sparse(&state, public::published(&state).await?).await?;
    let mut response = stream(state, format, sparse).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `GET /data/cases.csv`: every published case.
pub async fn cases_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    download(state, Format::CasesCsv, "text/csv; charset=utf-8", "truce-cases.csv").await
}

/// `GET /data/cases.geojson`: every published case, as GeoJSON points.
pub async fn cases_geojson(State(state): State<AppState>) -> Result<Response, WebError> {
    download(state, Format::CasesGeoJson, "application/geo+json", "truce-cases.geojson").await
}

/// `GET /data/findings.csv`: the findings on published cases.
pub async fn findings_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    download(state, Format::FindingsCsv, "text/csv; charset=utf-8", "truce-findings.csv").await
}

/// `GET /data`: what can be downloaded, and what each column means.
pub async fn index(page: Page) -> Result<Response, WebError> {
    let files = [
        ("/data/cases.csv", page.t("data-cases-csv"), "text/csv"),
        ("/data/cases.geojson", page.t("data-cases-geojson"), "application/geo+json"),
        ("/data/findings.csv", page.t("data-findings-csv"), "text/csv"),
    ];
    let columns = [
        ("id", page.t("col-id")),
        ("status", page.t("col-status")),
        ("accused", page.t("col-accused")),
        ("provisions", page.t("col-provisions")),
        ("occurred_at", page.t("col-occurred-at")),
        ("occurred_until", page.t("col-occurred-until")),
        ("time_precision", page.t("col-time-precision")),
        ("filed_at", page.t("col-filed-at")),
        ("sector", page.t("col-sector")),
        ("lat, lon", page.t("col-lat-lon")),
        ("summary", page.t("col-summary")),
        ("claimed_civilians_killed_low, _best, _high …", page.t("col-claimed-casualties")),
        ("finding", page.t("col-finding")),
        ("responsible_party", page.t("col-responsible-party")),
        ("provisions_breached", page.t("col-provisions-breached")),
        ("severity", page.t("col-severity")),
        ("found_civilians_killed_low, _best, _high …", page.t("col-found-casualties")),
        ("determined_at, final_at", page.t("col-final-at")),
        ("penalty_level, penalty_measure, penalty_decided_at", page.t("col-penalty")),
        ("complied", page.t("col-complied")),
    ];
    let body = html! {
        p { (page.t("data-intro")) }
        ul.downloads {
            @for (href, label, kind) in &files {
                li { a href=(href) download { (label) } " " span.muted { "(" (kind) ")" } }
            }
        }
        h2 { (page.t("data-columns")) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (page.t("data-column")) } th scope="col" { (page.t("data-meaning")) } } }
            tbody { @for (name, meaning) in &columns { tr { th scope="row" { code { (name) } } td { (meaning) } } } }
        } }
        p.hint { (page.t("data-notes")) }
        p { (page.t("data-api")) " " a href="/api/v1/openapi.json" { "OpenAPI" } }
    };
    Ok(layout(&page, &page.t("data-title"), body))
}

#[cfg(test)]
mod tests {
    use super::{CASE_COLUMNS, FINDING_COLUMNS, Format, encode, spreadsheet_safe};
    use truce_store::ExportRow;

    /// A published case known only to the days 15 to 17 October 2025, with
    /// civilians killed stated (none injured stated) and a finding that
    /// states combatants killed as zero.
    fn day_only() -> ExportRow {
        ExportRow {
            id: "2025-10-15-spin-boldak".into(),
            status: "final".into(),
            accused: "AFG".into(),
            provisions: "P1".into(),
            occurred_at: 1_760_486_400,
            occurred_until: Some(1_760_659_200),
            time_precision: "day".into(),
            filed_at: 1_760_700_000,
            summary: "=HYPERLINK(\"http://x\")".into(),
            casualties: Some(r#"{"civilians_killed":{"low":3,"best":5,"high":10}}"#.into()),
            sector: Some("-chaman".into()),
            lat: None,
            lon: None,
            occurrence: Some("confirmed".into()),
            party: Some("AFG".into()),
            breached: Some("P1".into()),
            severity: Some("serious".into()),
            found_casualties: Some(r#"{"combatants_killed":{"low":0,"best":0,"high":0}}"#.into()),
            determined_at: Some(1_761_000_000),
            final_at: Some(1_761_100_000),
            penalty_level: None,
            penalty_measure: None,
            penalty_decided_at: None,
            complied: None,
        }
    }

    fn csv(format: Format, row: ExportRow) -> std::collections::BTreeMap<String, String> {
        let bytes = encode(format, &[row], true, false, true, None).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        headers.iter().map(str::to_owned).zip(record.iter().map(str::to_owned)).collect()
    }

    #[test]
    fn a_day_only_incident_is_exported_as_its_days_and_unstated_figures_as_empty_cells() {
        let cells = csv(Format::CasesCsv, day_only());
        assert_eq!(cells.len(), CASE_COLUMNS.len());
        assert_eq!(cells["occurred_at"], "2025-10-15", "a date, not midnight");
        assert_eq!(cells["occurred_until"], "2025-10-17", "the last day");
        assert_eq!(cells["time_precision"], "day");
        let claimed = |kind: &str| ["low", "best", "high"].map(|e| cells[&format!("claimed_{kind}_{e}")].clone());
        assert_eq!(claimed("civilians_killed"), ["3", "5", "10"]);
        for kind in ["civilians_injured", "combatants_killed", "combatants_injured"] {
            assert_eq!(claimed(kind), ["", "", ""], "{kind} was not stated: empty, never 0");
        }
        // Text a filer wrote is neutralised in the new columns as in the old.
        assert_eq!(cells["summary"], "'=HYPERLINK(\"http://x\")");
        assert_eq!(cells["sector"], "'-chaman");

        let cells = csv(Format::FindingsCsv, day_only());
        assert_eq!(cells.len(), FINDING_COLUMNS.len());
        assert_eq!((cells["occurred_at"].as_str(), cells["occurred_until"].as_str()), ("2025-10-15", "2025-10-17"));
        assert_eq!(cells["found_combatants_killed_best"], "0", "a figure stated as zero is 0");
        assert_eq!(cells["found_civilians_killed_best"], "", "not stated in the finding");
    }

    #[test]
    fn an_exact_time_is_exported_as_a_time_and_nothing_stated_as_empty_cells() {
        let row = ExportRow {
            time_precision: "exact".into(),
            occurred_at: 1_760_500_800,
            occurred_until: None,
            casualties: None,
            ..day_only()
        };
        let cells = csv(Format::CasesCsv, row.clone());
        assert_eq!(cells["occurred_at"], "2025-10-15T04:00:00Z");
        assert_eq!((cells["occurred_until"].as_str(), cells["time_precision"].as_str()), ("", "exact"));
        assert!(CASE_COLUMNS.iter().filter(|c| c.starts_with("claimed_")).all(|c| cells[*c].is_empty()));

        let geojson = encode(Format::CasesGeoJson, &[row], true, false, true, None).unwrap();
        let geojson: serde_json::Value = serde_json::from_slice(&geojson).unwrap();
        let properties = &geojson["features"][0]["properties"];
        assert_eq!(properties["claimed_civilians_killed_best"], serde_json::Value::Null);
        assert_eq!(properties["time_precision"], "exact");
    }

    #[test]
    fn a_row_that_does_not_read_back_fails_the_download_rather_than_guess() {
        let bad = ExportRow { casualties: Some("{\"dead\":1}".into()), ..day_only() };
        assert!(encode(Format::CasesCsv, &[bad], true, false, true, None).unwrap_err().contains("casualties"));
        let bad = ExportRow { time_precision: "hour".into(), ..day_only() };
        assert!(encode(Format::FindingsCsv, &[bad], true, false, true, None).unwrap_err().contains("time_precision"));
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_neutralised_and_numbers_are_not() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_safe(formula.into()), format!("'{formula}"), "{formula:?}");
        }
        for plain in ["-33.25", "+4", "Shelling at Chaman", "", "2025-10-15T04:00:00Z"] {
            assert_eq!(spreadsheet_safe(plain.into()), plain, "{plain:?}");
        }
    }
}
