//! The home page: the agreement in brief, headline numbers, the latest
//! findings, the map and the weekly chart.
//!
//! The page is the same for everyone (it is computed for the public), and
//! its numbers change only when the log grows. So its data is computed
//! once per log size, from grouped counts and short queries rather than by
//! reading every case, and the rendered body is kept per language and
//! calendar: a request on an unchanged log renders only the frame around
//! it. The key is the number of records this server appended, which every
//! change to the projections goes through.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use truce_core::Agreement;
use truce_store::ExportRow;

use super::{at, chart, outcome_text, participant_name, split_list, status_text};
use crate::AppState;
use crate::app::public::{self, Headline};
use crate::web::{Page, WebError, layout};

/// How many of the latest findings the home page lists.
const LATEST: u64 = 5;
/// How many recent incidents the map shows.
const MARKERS: usize = 40;
/// How many weeks the chart covers, ending with the latest week with a
/// published incident.
pub const CHART_WEEKS: usize = 26;
/// The map's drawing width in pixels (its legend adds 300).
const MAP_WIDTH: u32 = 640;

/// What the home page shows, as of one log size.
#[derive(Debug)]
pub struct HomeData {
    agreement: Arc<Agreement>,
    figures: Headline,
    markers: Vec<truce_geo::MapMarker>,
    weeks: Vec<chart::Week>,
}

/// The home page's data and rendered bodies, as of one log size.
#[derive(Debug, Default)]
struct Cached {
    key: Option<u64>,
    data: Option<Arc<HomeData>>,
    bodies: HashMap<(&'static str, &'static str), Arc<String>>,
}

/// The home page's cache: one per server.
#[derive(Debug, Default)]
pub struct HomeCache {
    cached: tokio::sync::Mutex<Cached>,
}

impl HomeCache {
    /// A new, empty cache to share between requests.
    pub fn shared() -> Arc<HomeCache> {
        Arc::new(HomeCache::default())
    }

    /// The body of the home page for `page`'s language and calendar, as of
    /// the log's current size: from the cache, or computed and kept.
    async fn body(&self, state: &AppState, page: &Page) -> Result<Arc<String>, WebError> {
        // Read the key first: if the log grows while the data is computed,
        // the next request sees a newer key and computes again.
        let key = state.appended();
        let mut cached = self.cached.lock().await;
        if cached.key != Some(key) || cached.data.is_none() {
            let data = Arc::new(compute(state).await?);
            *cached = Cached { key: Some(key), data: Some(data), bodies: HashMap::new() };
        }
        let slot = (page.lang.code(), page.calendar.code());
        if let Some(body) = cached.bodies.get(&slot) {
            return Ok(body.clone());
        }
        let Some(data) = cached.data.clone() else { return Err(WebError::from(crate::ApiError::internal("no data"))) };
        let body = Arc::new(render(page, &data).into_string());
        cached.bodies.insert(slot, body.clone());
        Ok(body)
    }
}

/// Computes the home page's data, for the public.
pub async fn compute(state: &AppState) -> Result<HomeData, WebError> {
    let agreement = super::agreement_or_503(state)?;
    let figures = public::headline(state, &agreement, LATEST, MARKERS).await?;
    let markers = figures.recent.iter().filter_map(marker).collect();
    let weeks = match figures.days {
        Some((first, last)) => {
            let parties: Vec<String> = agreement.parties().map(|p| p.id.to_string()).collect();
            chart::weeks_between(first, last, CHART_WEEKS, &parties, &figures.violations_by_day)
        }
        None => Vec::new(),
    };
    Ok(HomeData { agreement, figures, markers, weeks })
}

/// A map marker for a case with a location, coloured by its outcome.
fn marker(row: &ExportRow) -> Option<truce_geo::MapMarker> {
    let point = truce_geo::GeoPoint::parse(row.lat?, row.lon?).ok()?;
    // A published case without a final finding (inadmissible, closed) is
    // drawn as "other"; its status is in the marker's title.
    let status = match row.occurrence.as_deref() {
        Some(o) if row.final_at.is_some() => o,
        _ => row.status.as_str(),
    };
    Some(truce_geo::MapMarker { point, label: row.id.clone(), status: status.to_owned() })
}

/// `GET /`: the home page.
pub async fn home(
    State(state): State<AppState>,
    Extension(cache): Extension<Arc<HomeCache>>,
    page: Page,
) -> Result<Response, WebError> {
    let body = cache.body(&state, &page).await?;
    let agreement = super::agreement_or_503(&state)?;
    Ok(layout(&page, &agreement.identity.title, PreEscaped(body.as_ref().clone())))
}

/// The incidents the map draws, as a table in the page's language: for a
/// screen reader, which cannot read a drawing, and for a phone, where the
/// map is wider than the screen. Each row names the case, the day, the
/// sector and nearest place the gazetteer gives, and the status in the
/// legend's word.
fn incident_list(page: &Page, geography: &truce_geo::Geography, rows: &[ExportRow]) -> Markup {
    let labels = crate::web::map_labels(page.lang);
    let drawn = rows.iter().filter_map(|row| marker(row).map(|m| (row, m)));
    html! {
        h3 #incident-list { (page.t("incidents-heading")) }
        div.table-wrap { table.incidents {
            thead { tr {
                th scope="col" { (page.t("incidents-case")) }
                th scope="col" { (page.t("incidents-date")) }
                th scope="col" { (page.t("incidents-where")) }
                th scope="col" { (page.t("incidents-status")) }
            } }
            tbody {
                @for (row, m) in drawn {
                    tr {
                        th scope="row" { a href=(format!("/cases/{}", row.id)) { bdi { (row.id) } } }
                        td { (at(row.occurred_at).map(|t| page.date(t)).unwrap_or_default()) }
                        td {
                            @if let Some(sector) = geography.sector_of(&m.point) { bdi { (sector.name) } br; }
                            @if let Some((place, km)) = geography.nearest_place(&m.point) {
                                (page.tw("incidents-near", &[("place", &place.name), ("km", &format!("{km:.0}"))]))
                            }
                        }
                        td { (labels.statuses[truce_geo::status_index(&m.status)]) }
                    }
                }
            }
        } }
    }
}

fn render(page: &Page, d: &HomeData) -> Markup {
    let a = &d.agreement;
    let id = &a.identity;
    let name = |pid: &str| participant_name(page, a, pid);
    let of_kind = |kind: truce_core::vocab::ParticipantKind| -> Vec<String> {
        a.participants.values().filter(|p| p.kind == kind).map(|p| name(p.id.as_str())).collect()
    };
    let parties = of_kind(truce_core::vocab::ParticipantKind::Party);
    let mediators = of_kind(truce_core::vocab::ParticipantKind::Mediator);
    let total_violations: u64 = d.figures.violations.values().sum();
    html! {
        section aria-labelledby="h-agreement" {
            h2 #h-agreement { (page.t("home-agreement-heading")) }
            dl.facts {
                dt { (page.t("agreement-parties")) } dd { (parties.join(" · ")) }
                dt { (page.t("agreement-mediators")) } dd { (mediators.join(" · ")) }
                dt { (page.t("agreement-signed")) } dd { (page.date(super::civil_day(&id.signed_at))) ", " (id.place) }
                dt { (page.t("agreement-in-force")) } dd { (page.date(super::civil_day(&id.effective_at))) }
            }
            p { (id.summary) }
            h3 { (page.t("agreement-provisions")) }
            ol.provisions {
                @for p in &a.provisions {
                    li { strong { (p.id) } " " (p.title)
                        @if p.provenance == truce_core::vocab::Provenance::Proposal {
                            " " span.badge { (page.t("agreement-proposal")) } } }
                }
            }
            p { a href="/agreement" { (page.t("home-agreement-full")) } }
        }
        section aria-labelledby="h-numbers" {
            h2 #h-numbers { (page.t("home-numbers-heading")) }
            p.hint { (page.t("home-numbers-hint")) }
            ul.cards.numbers {
                li.card { span.num { (d.figures.published) } (page.t("stat-published")) }
                li.card { span.num { (total_violations) } (page.t("stat-violations")) }
                @for (party, n) in &d.figures.violations {
                    li.card { span.num { (n) } (page.tw("stat-violations-by", &[("party", &name(party))])) }
                }
                li.card { span.num { (d.figures.confirmed_unattributed) } (page.t("stat-confirmed-unattributed")) }
                li.card { span.num { (d.figures.not_confirmed) } (page.t("stat-not-confirmed")) }
                li.card { span.num { (d.figures.inconclusive) } (page.t("stat-inconclusive")) }
                li.card { span.num { (d.figures.inadmissible) } (page.t("stat-inadmissible")) }
                li.card { span.num { (d.figures.merged) } (page.t("stat-merged")) }
                li.card { span.num { (d.figures.penalties_decided) } (page.t("stat-penalties")) }
            }
        }
        section aria-labelledby="h-latest" {
            h2 #h-latest { (page.t("home-latest-heading")) }
            @if d.figures.latest.is_empty() {
                p { (page.t("findings-none")) }
            } @else {
                ul.latest {
                    @for f in &d.figures.latest {
                        li {
                            a href=(format!("/cases/{}", f.id)) { (f.id) } ": "
                            (outcome_text(page, a, f.occurrence.as_deref().unwrap_or(""), f.party.as_deref(),
                                f.breached.as_deref().unwrap_or("")))
                            @let breached = split_list(f.breached.as_deref().unwrap_or(""));
                            @if !breached.is_empty() { " (" (breached.join(", ")) ")" }
                            @if let Some(t) = f.final_at.and_then(at) {
                                " — " span.muted { (page.tw("finding-final-on", &[("date", &page.date(t))])) }
                            }
                            br;
                            span.muted { (f.summary) " · " (status_text(page, &f.status)) }
                        }
                    }
                }
            }
            p { a href="/findings" { (page.t("home-all-findings")) } }
        }
        section aria-labelledby="h-map" {
            h2 #h-map { (page.t("home-map-heading")) }
            @if let Ok(geography) = truce_geo::Geography::embedded() {
                figure.map {
                    (crate::web::svg(truce_geo::render_map(
                        geography,
                        &d.markers,
                        &truce_geo::MapOptions {
                            width_px: MAP_WIDTH,
                            title: page.t("map-title"),
                            labels: crate::web::map_labels(page.lang),
                            alerts: Vec::new(),
                        },
                    )))
                    figcaption { (page.tw("map-caption", &[("count", &d.markers.len().to_string())]))
                        br; small { (page.t("map-attribution")) }
                        @if !d.markers.is_empty() { br; a href="#incident-list" { (page.t("map-list-link")) } } }
                }
                @if !d.markers.is_empty() { (incident_list(page, geography, &d.figures.recent)) }
            }
        }
        section aria-labelledby="h-chart" {
            h2 #h-chart { (page.t("home-chart-heading")) }
            (chart::render(page, a, &d.weeks))
        }
    }
}
