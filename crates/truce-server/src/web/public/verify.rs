//! The verify page: the log's current signed checkpoint, its origin and
//! verifier key, and how anyone checks the whole log or one record's
//! inclusion proof with software of their own choosing.
//!
//! Nothing here asks the reader to trust this server: the page points at
//! the same files a C2SP client reads (`/log/checkpoint`, the tiles, a
//! record's `c2sp.org/tlog-proof@v1`), and says to pin the key obtained out
//! of band rather than the one served here.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use maud::{Markup, html};

use crate::AppState;
use crate::web::{Page, WebError, layout};

/// The base URL the reader reached this server at, for the commands shown.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("HOST");
    // Only plain characters of a host name and port go into a command line.
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(*c)).collect();
    // The server itself speaks plain HTTP behind a TLS proxy, which names
    // the scheme; without one, only a loopback address is reached over HTTP.
    let forwarded = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok());
    let scheme = match forwarded {
        Some("http") => "http",
        Some(_) => "https",
        None if host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]") => "http",
        None => "https",
    };
    format!("{scheme}://{host}")
}

/// `GET /verify` (and `?record=N`): the checkpoint and how to check it.
pub async fn verify(State(state): State<AppState>, headers: HeaderMap, page: Page) -> Result<Response, WebError> {
    let latest = crate::app::public::checkpoint(&state).await?;
    let size = latest.as_ref().map_or(0, |(s, _)| *s);
    let asked = form_urlencoded::parse(page.query.as_bytes())
        .find(|(k, _)| k == "record")
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let record: Option<Result<u64, String>> = asked.as_ref().map(|v| match v.parse::<u64>() {
        Ok(i) if v.bytes().all(|b| b.is_ascii_digit()) && i < size => Ok(i),
        Ok(_) if v.bytes().all(|b| b.is_ascii_digit()) => {
            Err(page.tw("verify-record-beyond", &[("value", v), ("size", &size.to_string())]))
        }
        _ => Err(page.tw("verify-record-bad", &[("value", v)])),
    });
    let base = base_url(&headers);
    let witnesses = crate::app::public::witnesses(&state);
    let split_views = crate::app::public::split_views(&state);
    let agreement = state.agreement().ok();
    let body = html! {
        p { (page.t("verify-intro")) }
        h2 { (page.t("verify-checkpoint")) }
        @match &latest {
            Some((size, note)) => {
                p { (page.tw("verify-size", &[("size", &size.to_string())])) }
                pre.checkpoint dir="ltr" { code { (note) } }
                p { a href="/log/checkpoint" { "/log/checkpoint" } }
            }
            None => p { (page.t("verify-no-checkpoint")) },
        }
        @if !split_views.is_empty() {
            h2 #split-view { (page.t("split-view-heading")) }
            p.alarm { (page.t("split-view-explained")) }
            @for found in &split_views {
                div.card {
                    p { (page.tw("split-view-witness", &[("witness", &found.witness)])) }
                    pre.checkpoint dir="ltr" { code { (found.theirs) } }
                    p { (page.t("split-view-ours")) }
                    pre.checkpoint dir="ltr" { code { (found.ours) } }
                }
            }
        }
        @if let Some(witnesses) = &witnesses {
            h2 #witnesses { (page.t("verify-witnesses-heading")) }
            p { (page.t("verify-witnesses-intro")) }
            @match &witnesses.witnessed {
                Some((size, note)) => {
                    p { (page.tw("verify-witnessed-size", &[("size", &size.to_string())])) }
                    pre.checkpoint dir="ltr" { code { (note) } }
                }
                None => p.notice { (page.t("verify-not-witnessed")) },
            }
            (witness_table(&page, witnesses, agreement.as_deref()))
            p { (page.t("verify-policy")) " " a href="/log/policy" { "/log/policy" } }
            pre { code { "truce verify --url " (base) " --vkey '" (state.vkey()) "' --policy policy.txt" } }
        }
        dl.facts {
            dt { (page.t("verify-origin")) } dd { code { (state.origin()) } }
            dt { (page.t("verify-vkey")) } dd { code { (state.vkey()) } }
        }
        p.notice { (page.t("verify-pin-key")) }
        h2 { (page.t("verify-whole-heading")) }
        p { (page.t("verify-whole")) }
        pre { code { "truce verify --url " (base) " --vkey '" (state.vkey()) "'" } }
        h2 { (page.t("verify-one-heading")) }
        ol {
            li { (page.t("verify-one-step-entry")) " " code { "/api/v1/records/N" } }
            li { (page.t("verify-one-step-proof")) " " code { "/api/v1/records/N/proof" } }
            li { (page.t("verify-one-step-check")) }
        }
        p { (page.t("verify-case-pages")) }
        h2 #check { (page.t("verify-form-heading")) }
        form method="get" action="/verify#check" {
            label for="record" { (page.t("verify-form-label")) }
            @if let Some(Err(message)) = &record {
                p.field-error #record-error { (message) }
            }
            input #record type="number" name="record" min="0" max=(size.saturating_sub(1)) inputmode="numeric"
                value=(asked.as_deref().unwrap_or(""))
                aria-describedby=[matches!(record, Some(Err(_))).then_some("record-error")]
                aria-invalid=[matches!(record, Some(Err(_))).then_some("true")];
            button type="submit" { (page.t("verify-form-submit")) }
        }
        @if let Some(Ok(i)) = &record {
            div.card {
                h3 { (page.tw("verify-record-heading", &[("index", &i.to_string())])) }
                ul {
                    li { a href=(format!("/api/v1/records/{i}")) { (page.t("verify-record-entry")) } }
                    li { a href=(format!("/api/v1/records/{i}/proof")) { (page.t("verify-record-proof")) } }
                }
                pre { code { "curl -s " (base) "/api/v1/records/" (i) "/proof" } }
            }
        }
    };
    let mut response = layout(&page, &page.t("verify-title"), body);
    if matches!(record, Some(Err(_))) {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// Each witness of the agreement in force with the size it last cosigned,
/// when, and whether it answers: on `/verify` for everyone and on the
/// administrator's page.
pub fn witness_table(
    page: &Page,
    witnesses: &crate::app::public::WitnessesView,
    agreement: Option<&truce_core::Agreement>,
) -> Markup {
    html! {
            div.table-wrap {
                table {
                    thead { tr {
                        th scope="col" { (page.t("verify-witness")) }
                        th scope="col" { (page.t("verify-witness-size")) }
                        th scope="col" { (page.t("verify-witness-time")) }
                        th scope="col" { (page.t("verify-witness-state")) }
                    } }
                    tbody {
                        @for w in &witnesses.statuses {
                            tr {
                                td {
                                    (agreement.map_or_else(|| w.participant.clone(), |a| crate::web::public::participant_name(page, a, &w.participant)))
                                    br; code dir="ltr" { (w.url) }
                                }
                                td { (w.cosigned_size.map(|s| s.to_string()).unwrap_or_else(|| "\u{2014}".into())) }
                                td { (w.cosigned_at.and_then(|t| i64::try_from(t).ok()).and_then(|t| jiff::Timestamp::from_second(t).ok()).map(|t| page.datetime(t)).unwrap_or_else(|| "\u{2014}".into())) }
                                td {
                                    @match &w.failing {
                                        Some(reason) => span.field-error { (page.t("verify-witness-failing")) ": " (reason) },
                                        None => (page.t("verify-witness-ok")),
                                    }
                                }
                            }
                        }
                    }
                }
            }
    }
}
