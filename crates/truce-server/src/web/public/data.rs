//! Open data: the published cases as CSV (Truce's own columns, ACLED's,
//! UCDP GED's, HXL-tagged), GeoJSON and KML, and their findings as CSV.
//!
//! The files are made by `app::opendata` for the public, whoever asks, and
//! streamed a page at a time; this module only names them and sends them
//! as downloads. The JSON API sends the same files over its caller's scope.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use maud::html;
use truce_core::access::Viewer;

use crate::AppState;
use crate::app::opendata::{self, Format};
use crate::web::{Page, WebError, layout};

/// `GET /data/{file}`: one of the downloads, over every published case.
pub async fn file(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, WebError> {
    let Some(format) = Format::from_file_name(&name) else {
        return Err(crate::app::AppError::not_found(format!("no file {name} in the open data")).into());
    };
    let pages = opendata::download(&state, Viewer::Public, format).await?;
    let body = Body::from_stream(pages.map(|page| {
        page.map_err(|e| {
            tracing::error!(error = %e, "open data download failed");
            std::io::Error::other(e.to_string())
        })
    }));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"truce-{}\"", format.file_name())) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `GET /data/feed.atom`: the Atom feed of what was newly made public.
pub async fn feed(State(state): State<AppState>) -> Result<Response, WebError> {
    let feed = opendata::feed::feed(&state, state.now()).await?;
    let mut response = feed.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `GET /data/agreement-pax.csv`: the agreement in force as a PA-X row.
pub async fn agreement_pax(State(state): State<AppState>) -> Result<Response, WebError> {
    let agreement = state.agreement()?;
    let bytes =
        opendata::pax::csv(&agreement, state.agreement_sha256().as_deref()).map_err(crate::app::AppError::Internal)?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"truce-agreement-pax.csv\""),
    );
    Ok(response)
}

/// `GET /data/dictionary`: every column of every download, with its
/// meaning and unit (the meanings in English, as the codebooks they cite).
pub async fn dictionary(page: Page) -> Result<Response, WebError> {
    let body = html! {
        p { (page.t("dict-intro")) }
        p { a href="/data" { (page.t("data-title")) } " · " a href="/data/licence" { (page.t("data-licence-link")) } }
        @for format in Format::ALL {
            @if format != Format::CasesGeoJson && format != Format::Kml {
                h2 id=(format.file_name()) { code { (format.file_name()) } }
                @if format == Format::CasesCsv {
                    p.hint { (page.t("dict-same-as-cases")) }
                }
                div.table-wrap { table {
                    thead { tr {
                        th scope="col" { (page.t("data-column")) }
                        @if format == Format::HxlCsv { th scope="col" { (page.t("dict-hxl-tag")) } }
                        th scope="col" { (page.t("data-meaning")) }
                    } }
                    tbody { @for column in opendata::dictionary::columns(format) {
                        tr {
                            th scope="row" { code { (column) } }
                            @if format == Format::HxlCsv {
                                td { code { (opendata::dictionary::hxl_tag(column).unwrap_or_default()) } }
                            }
                            td lang="en" { (opendata::dictionary::meaning(format, column).unwrap_or_default()) }
                        }
                    } }
                } }
            }
        }
        h2 id="agreement-pax.csv" { code { "agreement-pax.csv" } }
        p lang="en" { (opendata::pax::PAX_COLUMNS.join(", ")) }
        p.hint { (page.t("dict-pax")) }
    };
    Ok(layout(&page, &page.t("dict-title"), body))
}

/// `GET /data/licence`: the terms of the open data and how to cite it.
pub async fn licence(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let title = state.agreement().map(|a| a.identity.title.clone()).unwrap_or_default();
    let body = html! {
        p { (page.t("licence-body")) " " a href="https://creativecommons.org/licenses/by/4.0/" { "CC BY 4.0" } }
        p { (page.tw("licence-cite", &[("title", &title)])) }
        p { (page.t("licence-conventions")) }
        p.hint { (page.t("licence-sample")) }
        p { a href="/data" { (page.t("data-title")) } " · " a href="/data/dictionary" { (page.t("dict-title")) } }
    };
    Ok(layout(&page, &page.t("licence-title"), body))
}

/// `GET /data`: what can be downloaded, and what each column means.
pub async fn index(page: Page) -> Result<Response, WebError> {
    let files = [
        ("/data/cases.csv", page.t("data-cases-csv"), "text/csv"),
        ("/data/cases.geojson", page.t("data-cases-geojson"), "application/geo+json"),
        ("/data/findings.csv", page.t("data-findings-csv"), "text/csv"),
        ("/data/acled.csv", page.t("data-acled-csv"), "text/csv"),
        ("/data/ucdp-ged.csv", page.t("data-ucdp-csv"), "text/csv"),
        ("/data/cases-hxl.csv", page.t("data-hxl-csv"), "text/csv"),
        ("/data/cases.kml", page.t("data-kml"), "application/vnd.google-earth.kml+xml"),
        ("/data/agreement-pax.csv", page.t("data-pax-csv"), "text/csv"),
        ("/data/feed.atom", page.t("data-feed"), "application/atom+xml"),
        ("/data/alerts.cap", page.t("data-alerts"), "application/atom+xml"),
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
        p {
            a href="/data/dictionary" { (page.t("data-dictionary-link")) } " · "
            a href="/data/licence" { (page.t("data-licence-link")) }
        }
        h2 { (page.t("data-columns")) }
        div.table-wrap { table {
            thead { tr { th scope="col" { (page.t("data-column")) } th scope="col" { (page.t("data-meaning")) } } }
            tbody { @for (name, meaning) in &columns { tr { th scope="row" { code { (name) } } td { (with_codes(meaning)) } } } }
        } }
        p.hint { (page.t("data-notes")) }
        p { (page.t("data-api")) " " a href="/api/v1/openapi.json" { "OpenAPI" } }
    };
    Ok(layout(&page, &page.t("data-title"), body))
}

/// `text` with each column name or value it quotes (a snake_case word such
/// as `occurred_at` or `not_confirmed`) set as code: read as the data's own
/// word, kept left to right in a right-to-left sentence, and never taken
/// for a word of the page left untranslated.
fn with_codes(text: &str) -> maud::Markup {
    let is_code = |w: &str| {
        let parts: Vec<&str> = w.split('_').collect();
        parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    };
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_ascii_alphanumeric() || c == '_' {
            continue;
        }
        if start < i {
            let word = &text[start..i];
            pieces.push((is_code(word), word));
        }
        pieces.push((false, &text[i..i + if i < text.len() { c.len_utf8() } else { 0 }]));
        start = i + if i < text.len() { c.len_utf8() } else { 0 };
    }
    maud::html! {
        @for (code, piece) in pieces {
            @if code { code dir="ltr" { (piece) } } @else { (piece) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_codes;

    #[test]
    fn quoted_column_words_are_set_as_code_and_the_rest_is_kept() {
        let html = with_codes("confirmed, not_confirmed or inconclusive (see occurred_at).").into_string();
        assert_eq!(
            html,
            "confirmed, <code dir=\"ltr\">not_confirmed</code> or inconclusive (see <code dir=\"ltr\">occurred_at</code>)."
        );
        assert_eq!(
            with_codes("تصدیق شدہ، not_confirmed").into_string(),
            "تصدیق شدہ، <code dir=\"ltr\">not_confirmed</code>"
        );
    }
}
