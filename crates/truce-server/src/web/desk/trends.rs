//! Early warning at the desk: a month or a week of reports per sector per
//! day, with each sector's baseline band and the alerts raised, and the
//! border map with the period's alerts on their sectors.
//!
//! For the mediators, the parties and the monitoring teams, who read
//! alerts (`GET /api/v1/early-warning`): the counts are the reports the
//! reader may see as filed (allegations, not facts), through the same use
//! case as the public reports' charts ([`crate::app::trends::trends`]),
//! which draw published cases and no alert. The period is chosen with a
//! form that needs no JavaScript (`?period=2025-10` or `?period=2025-W42`);
//! without one, the month of the newest alert.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use truce_core::access::Viewer;

use super::{logged_in, private, with_status};
use crate::AppState;
use crate::web::public::reports::{Period, PeriodError};
use crate::web::{Page, WebError, layout};

/// The map's drawing width in pixels (its legend adds 300), as the home page's.
const MAP_WIDTH: u32 = 640;

/// `GET /desk/trends`: the trends and the map of alerts of a period.
pub async fn page(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let title = page.t("desk-trends-title");
    if matches!(page.caller.viewer, Viewer::Public) {
        return Ok(with_status(
            layout(&page, &title, html! { p { (page.t("desk-trends-readers")) } }),
            StatusCode::FORBIDDEN,
        ));
    }
    let asked = form_urlencoded::parse(page.query.as_bytes()).find(|(k, _)| k == "period").map(|(_, v)| v.into_owned());
    let text = match asked {
        Some(text) => text,
        None => {
            // The month of the newest alert, or this month.
            let day = state.ledger().alerts().raised.last().map(|a| a.signal.day);
            let day = day.unwrap_or_else(|| page.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
            format!("{:04}-{:02}", day.year(), day.month())
        }
    };
    let (period, refusal) = match Period::parse(&text) {
        Ok(period) => (Some(period), None),
        Err(e) => {
            let id = match e.reason {
                PeriodError::Shape => "period-bad-shape",
                PeriodError::Year => "period-bad-year",
                PeriodError::Month => "period-bad-month",
                PeriodError::Week => "period-bad-week",
            };
            (None, Some((e.field, page.tw(id, &[("value", &text)]))))
        }
    };
    let chosen = match &period {
        Some(p) => {
            let last = p.end.yesterday().map_err(crate::error::ApiError::internal)?;
            Some((p, crate::app::trends::trends(&state, &page.caller, p.start, last).await?))
        }
        None => None,
    };
    let body = html! {
        p.hint { (page.t("desk-trends-intro")) }
        form.card method="get" action="/desk/trends" {
            label for="period" { (page.t("desk-trends-period")) }
            @if let Some((field, reason)) = &refusal {
                p.field-error id="period-error" { (page.tw("desk-talks-refused", &[("field", field), ("reason", reason)])) }
                input #period type="text" name="period" value=(text) inputmode="numeric" dir="ltr" aria-invalid="true" aria-describedby="period-error";
            } @else {
                input #period type="text" name="period" value=(text) inputmode="numeric" dir="ltr" aria-describedby="period-hint";
            }
            small #period-hint { (page.t("desk-trends-period-hint")) }
            button type="submit" { (page.t("desk-trends-show")) }
        }
        @match &chosen {
            Some((period, Some(trends))) => {
                h2 { (page.tw("desk-trends-of", &[("period", &page.ltr(&period.label))])) }
                h3 { (page.t("desk-trends-map")) }
                @let alerts: Vec<truce_geo::SectorAlert> = trends.alerts.iter()
                    .map(|a| truce_geo::SectorAlert { sector: a.sector.clone(), label: a.explanation.clone() }).collect();
                @if let Ok(geography) = truce_geo::Geography::embedded() {
                    figure.map {
                        (crate::web::svg(truce_geo::render_map(geography, &[], &truce_geo::MapOptions {
                            width_px: MAP_WIDTH,
                            title: page.t("map-title"),
                            labels: crate::web::map_labels(page.lang),
                            alerts,
                        })))
                        figcaption { (page.tw("desk-trends-map-caption", &[("count", &trends.alerts.len().to_string())]))
                            br; small { (page.t("map-attribution")) } }
                    }
                }
                (crate::web::trend::render(&page, trends))
            }
            Some((_, None)) => { p { (page.t("desk-trends-no-early-warning")) } }
            None => {}
        }
    };
    let response = layout(&page, &title, body);
    let response = if refusal.is_some() { with_status(response, StatusCode::UNPROCESSABLE_ENTITY) } else { response };
    Ok(private(&page, response))
}
