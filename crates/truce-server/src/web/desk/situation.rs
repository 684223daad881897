//! The daily situation reports at the desk, for the mediators: the
//! secretariat drafts a day (the numbers computed from the log), writes
//! the narrative in its own language and publishes once approved; each
//! mediator of a voting participant approves the version it read.
//!
//! Every form goes to [`crate::app::situation`] and the log decides; a
//! refusal shows this page again with the field and the reason, and a
//! form that went through redirects (303) here.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use truce_core::access::Viewer;
use truce_core::situation::Direction;

use super::form::FormBody;
use super::{logged_in, private, see_other, with_status};
use crate::AppState;
use crate::app::situation;
use crate::error::ApiError;
use crate::web::public::situation::report_body;
use crate::web::{Page, WebError, layout};

/// The languages the narrative form offers first (the six of the pages).
const LANGUAGES: [(&str, &str); 6] =
    [("en", "English"), ("ur", "اردو"), ("ps", "پښتو"), ("fa-AF", "دری"), ("ar", "العربية"), ("tr", "Türkçe")];

fn day_of(page: &Page, f: &FormBody) -> Result<jiff::civil::Date, ApiError> {
    let text = f.value("day");
    text.parse().map_err(|_| ApiError::field("day", page.tw("situation-bad-day", &[("value", text)])))
}

/// `POST /desk/situation-reports/{action}`: draft, narrative, approve or publish.
pub async fn act(
    State(state): State<AppState>,
    mut page: Page,
    Path(action): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    page.path = "/desk/situation-reports".to_owned();
    page.query = String::new();
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let caller = page.caller.clone();
    let result: Result<u64, ApiError> = async {
        let day = day_of(&page, &body)?;
        let now = page.now;
        Ok(match action.as_str() {
            "draft" => situation::draft(&state, &caller, now, day).await?,
            "narrative" => {
                let dir = match body.value("dir") {
                    "rtl" => Some(Direction::Rtl),
                    "ltr" => Some(Direction::Ltr),
                    _ => None,
                };
                let text = body.required(&page, "text")?;
                situation::edit(&state, &caller, now, day, text, body.value("lang").to_owned(), dir).await?
            }
            "approve" => {
                let version = body
                    .number(&page, "version")?
                    .ok_or_else(|| ApiError::field("version", page.t("field-required")))?;
                situation::approve(&state, &caller, now, day, version).await?
            }
            "publish" => situation::publish(&state, &caller, now, day).await?,
            _ => return Err(ApiError::field("action", page.t("not-found-body"))),
        })
    }
    .await;
    match result {
        Ok(index) => Ok(see_other(&format!("/desk/situation-reports?done={index}"))),
        Err(e) => {
            let status = e.status;
            Ok(with_status(desk_page(&state, &page, Some(&e))?, status))
        }
    }
}

/// `GET /desk/situation-reports`: the mediators' daily reports.
pub async fn desk(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    desk_page(&state, &page, None)
}

fn desk_page(state: &AppState, page: &Page, refusal: Option<&ApiError>) -> Result<Response, WebError> {
    if page.caller.viewer != Viewer::Mediator {
        return Ok(with_status(
            layout(page, &page.t("situation-title"), html! { p { (page.t("desk-situation-mediators")) } }),
            StatusCode::FORBIDDEN,
        ));
    }
    let list = situation::list(state, &page.caller);
    let csrf = page.csrf_field();
    let done = form_urlencoded::parse(page.query.as_bytes()).find(|(k, _)| k == "done").map(|(_, v)| v.into_owned());
    let body = html! {
        @if let Some(e) = refusal {
            div.error role="alert" { p { (page.tw("desk-talks-refused", &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        } @else if let Some(index) = done.filter(|d| d.bytes().all(|b| b.is_ascii_digit())) {
            p.notice role="status" { a href=(format!("/api/v1/records/{index}")) { (page.tw("desk-talks-done", &[("index", &index)])) } }
        }
        p.hint { (page.t("desk-situation-intro")) }
        form.card method="post" action="/desk/situation-reports/draft" {
            (csrf)
            label for="draft-day" { (page.t("situation-day")) }
            input #draft-day type="date" name="day" required;
            button type="submit" { (page.t("desk-situation-draft")) }
        }
        @for v in &list {
            article.card id=(format!("day-{}", v.day)) {
                h2 { (page.tw("situation-day-title", &[("day", &page.ltr(&v.day.to_string()))])) " — " (page.t(match v.status {
                    "published" => "desk-situation-published",
                    "approved" => "desk-situation-approved",
                    _ => "desk-situation-draft-status",
                })) }
                (report_body(page, v))
                @if v.report.published.is_none() {
                    p { (page.tw("desk-situation-version", &[("version", &v.report.version.to_string()), ("approvals", &v.report.approvals.iter().map(|a| a.by.to_string()).collect::<Vec<_>>().join(", "))])) }
                    form method="post" action="/desk/situation-reports/narrative" {
                        (csrf)
                        input type="hidden" name="day" value=(v.day.to_string());
                        label for=(format!("text-{}", v.day)) { (page.t("situation-narrative")) }
                        textarea id=(format!("text-{}", v.day)) name="text" rows="6" {
                            @if let Some(n) = &v.report.narrative { (n.text) }
                        }
                        label for=(format!("lang-{}", v.day)) { (page.t("desk-talks-language")) }
                        select id=(format!("lang-{}", v.day)) name="lang" {
                            @for (code, name) in LANGUAGES {
                                @let chosen = v.report.narrative.as_ref().is_some_and(|n| n.lang == code);
                                option value=(code) selected[chosen] lang=(code) { (name) }
                            }
                        }
                        button type="submit" { (page.t("desk-situation-save")) }
                    }
                    @if v.report.narrative.is_some() && !v.report.approved {
                        form method="post" action="/desk/situation-reports/approve" {
                            (csrf)
                            input type="hidden" name="day" value=(v.day.to_string());
                            input type="hidden" name="version" value=(v.report.version.to_string());
                            button type="submit" { (page.tw("desk-situation-approve", &[("version", &v.report.version.to_string())])) }
                        }
                    }
                    form method="post" action=(if v.report.approved { "/desk/situation-reports/publish" } else { "/desk/situation-reports/draft" }) {
                        (csrf)
                        input type="hidden" name="day" value=(v.day.to_string());
                        button type="submit" { (page.t(if v.report.approved { "desk-situation-publish" } else { "desk-situation-redraft" })) }
                    }
                }
            }
        }
    };
    Ok(private(page, layout(page, &page.t("situation-title"), body)))
}
