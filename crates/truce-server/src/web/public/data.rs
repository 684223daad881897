//! Open data: the published cases as CSV and GeoJSON, and their findings
//! as CSV.
//!
//! A download may cover every published case of the deployment, so it is
//! streamed: the store is read a page at a time in the case list's
//! newest-first keyset order, each page is encoded and sent before the next
//! is read, and memory stays bounded by one page. Only published cases are
//! read (the public's scope, in the query), and each row's status is
//! checked again before it is written.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use truce_store::{ExportRow, ExportWindow};

use super::{at, split_list};
use crate::AppState;
use crate::app::public;
use crate::web::{Page, WebError, layout};

/// Rows read from the store per page of a download.
const PAGE: u64 = 1_000;

/// The columns of `cases.csv`, also the properties of each GeoJSON feature.
pub const CASE_COLUMNS: [&str; 19] = [
    "id",
    "status",
    "accused",
    "provisions",
    "occurred_at",
    "filed_at",
    "sector",
    "lat",
    "lon",
    "summary",
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
pub const FINDING_COLUMNS: [&str; 11] = [
    "case_id",
    "status",
    "accused",
    "occurred_at",
    "sector",
    "finding",
    "responsible_party",
    "provisions_breached",
    "severity",
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

fn list(s: &str) -> String {
    split_list(s).join(";")
}

fn case_fields(r: &ExportRow) -> [String; 19] {
    [
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        list(&r.provisions),
        time(Some(r.occurred_at)),
        time(Some(r.filed_at)),
        r.sector.clone().unwrap_or_default(),
        r.lat.map(|v| v.to_string()).unwrap_or_default(),
        r.lon.map(|v| v.to_string()).unwrap_or_default(),
        r.summary.clone(),
        r.occurrence.clone().unwrap_or_default(),
        r.party.clone().unwrap_or_default(),
        list(r.breached.as_deref().unwrap_or("")),
        r.severity.clone().unwrap_or_default(),
        time(r.final_at),
        r.penalty_level.map(|v| v.to_string()).unwrap_or_default(),
        r.penalty_measure.clone().unwrap_or_default(),
        time(r.penalty_decided_at),
        r.complied.map(|c| c.to_string()).unwrap_or_default(),
    ]
}

fn finding_fields(r: &ExportRow) -> [String; 11] {
    [
        r.id.clone(),
        r.status.clone(),
        r.accused.clone(),
        time(Some(r.occurred_at)),
        r.sector.clone().unwrap_or_default(),
        r.occurrence.clone().unwrap_or_default(),
        r.party.clone().unwrap_or_default(),
        list(r.breached.as_deref().unwrap_or("")),
        r.severity.clone().unwrap_or_default(),
        time(r.determined_at),
        time(r.final_at),
    ]
}

/// A GeoJSON feature (RFC 7946): a point at `[lon, lat]`, or no geometry
/// for a case without a location.
fn feature(r: &ExportRow) -> serde_json::Value {
    let geometry = match (r.lon, r.lat) {
        (Some(lon), Some(lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
        _ => serde_json::Value::Null,
    };
    let mut properties = serde_json::Map::new();
    for (k, v) in CASE_COLUMNS.iter().zip(case_fields(r)) {
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
    serde_json::json!({"type": "Feature", "id": r.id, "geometry": geometry, "properties": properties})
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
                    w.write_record(case_fields(r).map(spreadsheet_safe)).map_err(|e| e.to_string())?;
                } else {
                    w.write_record(finding_fields(r).map(spreadsheet_safe)).map_err(|e| e.to_string())?;
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
                serde_json::to_writer(&mut out, &feature(r)).map_err(|e| e.to_string())?;
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
    Body::from_stream(pages)
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
        ("filed_at", page.t("col-filed-at")),
        ("sector", page.t("col-sector")),
        ("lat, lon", page.t("col-lat-lon")),
        ("summary", page.t("col-summary")),
        ("finding", page.t("col-finding")),
        ("responsible_party", page.t("col-responsible-party")),
        ("provisions_breached", page.t("col-provisions-breached")),
        ("severity", page.t("col-severity")),
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
    use super::spreadsheet_safe;

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
