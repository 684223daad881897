//! `/file`: the guided filing of an allegation — where, when, what, who was
//! hurt, and the evidence — without JavaScript.
//!
//! Where: a place name is looked up in the gazetteer (`truce_geo`) when the
//! form is sent with "Find the place"; the form comes back with the places
//! that match as a choice, so a name that several villages share is never
//! guessed. Coordinates can be typed instead. When: a date and time as the
//! filer's watch showed it, with the time zone (PKT is UTC+5, AFT UTC+4:30),
//! turned into UTC here; or, when only the day is known, the day (or the
//! first and last days), kept as days. The allegation is filed through the
//! API's own filing ([`crate::app::cases::file`]); the core checks it.
//!
//! `/cases/{id}/amend` is the same form, filled with the allegation as it
//! stands, for its filer to amend before admission, with a reason.

use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use maud::html;
use truce_core::Agreement;
use truce_core::case::{Allegation, Casualties, Location, TimePrecision};
use truce_core::ids::{CaseId, ParticipantId};
use truce_core::vocab::ParticipantKind;
use truce_geo::{GeoError, MatchKind, Named};

use super::actions::{act_options, provision_options};
use super::fields::{Failed, Fields};
use super::form::FormBody;
use super::{agreement, logged_in, participants_of, see_other, with_status};
use crate::AppState;
use crate::app::Principal;
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// The time zones offered, with their offset from UTC in seconds.
pub const ZONES: [(&str, i32); 3] = [("PKT", 5 * 3600), ("AFT", 4 * 3600 + 1800), ("UTC", 0)];

/// A place to choose: the radio's value and its label.
type Choice = (String, String);

/// The places that `name` may mean, as choices; an unknown name is an
/// error on `place` with the close spellings.
pub fn look_up(page: &Page, name: &str) -> Result<Vec<Choice>, ApiError> {
    let geography = truce_geo::Geography::embedded().map_err(ApiError::internal)?;
    let found = match geography.find_place(name) {
        Ok(found) => found,
        Err(GeoError::UnknownPlace { suggestions, .. }) if suggestions.is_empty() => {
            return Err(ApiError::field("place", page.tw("place-unknown", &[("name", name)])));
        }
        Err(GeoError::UnknownPlace { suggestions, .. }) => {
            return Err(ApiError::field(
                "place",
                page.tw("place-did-you-mean", &[("name", name), ("suggestions", &suggestions.join(", "))]),
            ));
        }
        Err(e) => return Err(ApiError::field("place", e.to_string())),
    };
    Ok(found
        .iter()
        .map(|m| {
            let (lat, lon) = m.target.lat_lon();
            // A province name stands for its capital: a province-wide precision.
            let precision = if m.via == MatchKind::Province { 3 } else { 0 };
            let label = match m.target {
                Named::Place(p) => format!("{}, {}, {}", p.name, p.province, p.country.name()),
                Named::Crossing(c) => page.tw("place-crossing", &[("name", &c.name)]),
            };
            let label = match m.note {
                Some(note) => format!("{label} — {note}"),
                None => label,
            };
            (format!("{lat:.5},{lon:.5},{precision}|{}", m.target.name()), format!("{label} ({lat:.3}, {lon:.3})"))
        })
        .collect())
}

/// The map the filing form lets one click on: small enough for a phone
/// (it scrolls sideways in its own box), drawn at its own size so that the
/// pixel clicked is the pixel drawn.
pub fn pick_map_options() -> truce_geo::MapOptions {
    truce_geo::MapOptions {
        width_px: 420,
        title: "Click where it happened".to_owned(),
        ..truce_geo::MapOptions::default()
    }
}

/// `/file/map.svg?lang=…`: the border map to click on, in the page's
/// language, drawn once per language. Its words do not move its geometry,
/// so a click means the same point in every language.
pub async fn pick_map(page: Page) -> Result<Response, WebError> {
    use axum::response::IntoResponse;
    type Drawn = std::collections::HashMap<crate::web::Lang, String>;
    static SVG: std::sync::OnceLock<Drawn> = std::sync::OnceLock::new();
    let drawn = match SVG.get() {
        Some(drawn) => drawn,
        None => {
            let geo = truce_geo::Geography::embedded().map_err(ApiError::internal)?;
            SVG.get_or_init(|| {
                crate::web::Lang::ALL
                    .iter()
                    .map(|&lang| {
                        let options = truce_geo::MapOptions {
                            title: crate::web::i18n::text(lang, "file-map-title"),
                            labels: crate::web::map_labels(lang),
                            ..pick_map_options()
                        };
                        (lang, truce_geo::render_map(geo, &[], &options))
                    })
                    .collect()
            })
        }
    };
    let svg = drawn.get(&page.lang).cloned().unwrap_or_default();
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "image/svg+xml"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}

fn default_zone(p: &Principal) -> &'static str {
    match p.participant.as_ref().map(ParticipantId::as_str) {
        Some("PAK") => "PKT",
        Some("AFG") => "AFT",
        _ => "UTC",
    }
}

/// What the form shows beside the fields: a refused filing, or places
/// found for the name typed.
enum Shown<'a> {
    /// A fresh form.
    Blank,
    /// A refused filing, with the places to choose from if the name was ambiguous.
    Failed(&'a Failed, &'a [Choice]),
    /// The places a name lookup found, with what was typed.
    Found(&'a FormBody, &'a [Choice]),
    /// A point picked on the map, filled into the coordinates.
    Picked(&'a FormBody),
    /// The allegation as it stands, to amend.
    Prefilled(&'a FormBody),
}

/// Which form this is: a new filing, or an amendment of a case's allegation.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// `/file`.
    File,
    /// `/cases/{id}/amend`.
    Amend(&'a str),
}

impl Target<'_> {
    /// The form's name (its fields' ids and the refused form's key).
    fn form(self) -> &'static str {
        match self {
            Target::File => "file",
            Target::Amend(_) => "amend",
        }
    }

    fn action(self) -> String {
        match self {
            Target::File => "/file".to_owned(),
            Target::Amend(id) => format!("/cases/{id}/amend"),
        }
    }
}

fn render(page: &Page, agreement: &Agreement, p: &Principal, shown: Shown<'_>) -> Response {
    render_for(page, agreement, p, shown, Target::File)
}

fn render_for(page: &Page, agreement: &Agreement, p: &Principal, shown: Shown<'_>, target: Target<'_>) -> Response {
    let picked = match &shown {
        Shown::Picked(sent) => Some((sent.value("lat").to_owned(), sent.value("lon").to_owned())),
        _ => None,
    };
    let form = target.form();
    let (f, places, found) = match shown {
        Shown::Blank => (Fields::new(page, form, None), &[][..], false),
        Shown::Failed(failed, places) => (Fields::new(page, form, Some(failed)), places, false),
        Shown::Found(sent, places) => (Fields::refill(page, form, sent), places, true),
        Shown::Picked(sent) | Shown::Prefilled(sent) => (Fields::refill(page, form, sent), &[][..], false),
    };

    let mut parties = participants_of(page, agreement, ParticipantKind::Party);
    parties.retain(|(id, _)| Some(id.as_str()) != p.participant.as_ref().map(ParticipantId::as_str));
    let accused = parties.first().map(|(id, _)| id.clone()).unwrap_or_default();
    let zones: Vec<Choice> = vec![
        ("PKT".into(), page.t("zone-pkt")),
        ("AFT".into(), page.t("zone-aft")),
        ("UTC".into(), page.t("zone-utc")),
    ];
    let precisions: Vec<Choice> = vec![
        ("1".into(), page.t("precision-1")),
        ("2".into(), page.t("precision-2")),
        ("3".into(), page.t("precision-3")),
    ];
    let chosen = f.sent().map(|s| s.value("place_choice").to_owned()).unwrap_or_default();
    let names = [
        "allegation.accused",
        "place",
        "place_choice",
        "lat",
        "lon",
        "allegation.location",
        "occurred_at",
        "occurred_day",
        "occurred_last_day",
        "allegation.occurred_at",
        "allegation.occurred_until",
        "reason",
        "allegation.provisions",
        "allegation.acts",
        "allegation.casualties",
        "allegation.summary",
        "allegation.narrative",
        "allegation.evidence",
        "evidence_file",
        "evidence_description",
    ];
    let body = html! {
        @match target {
            Target::File => p.hint { (page.t("file-intro")) },
            Target::Amend(id) => p.hint { (page.t("amend-intro")) " "
                a href=(super::case_href(id)) { (page.tw("merge-back", &[("case", id)])) } },
        }
        form.stack method="post" action=(target.action()) enctype="multipart/form-data" {
            (page.csrf_field())
            (f.form_error(&names))
            @if let Target::Amend(_) = target {
                (f.textarea("reason", &page.t("amend-reason"), None, "", true))
            }
            (f.dropdown("allegation.accused", &page.t("file-accused"), None, &parties, &accused))
            fieldset #where {
                legend { (page.t("file-where")) }
                (f.message("allegation.location", &page.t("file-where")))
                (f.field("text", "place", &page.t("file-place"), Some(&page.t("file-place-hint")), "", false))
                p { button.secondary type="submit" name="op" value="lookup" formnovalidate { (page.t("file-find-place")) } }
                @if found {
                    p.notice role="status" { (page.tw("place-found", &[("count", &places.len().to_string())])) }
                }
                @if !places.is_empty() {
                    fieldset.choices {
                        legend { (page.t("file-choose-place")) }
                        (f.message("place_choice", &page.t("file-choose-place")))
                        @for (i, (value, label)) in places.iter().enumerate() {
                            @let id = format!("file-place-choice-{i}");
                            div.choice {
                                input type="radio" id=(id) name="place_choice" value=(value)
                                    checked[*value == chosen || places.len() == 1];
                                label.check for=(id) { (label) }
                            }
                        }
                    }
                }
                p.hint { (page.t("file-or-coordinates")) }
                (f.message("map", &page.t("file-map-pick")))
                @if let Some((lat, lon)) = &picked {
                    p.notice role="status" { (page.tw("file-map-picked", &[("lat", lat), ("lon", lon)])) }
                }
                @let (map_w, map_h) = truce_geo::map_size(&pick_map_options());
                div.map-pick {
                    input type="image" name="map" src=(format!("/file/map.svg?lang={}", page.lang.code())) width=(format!("{map_w:.0}"))
                        height=(format!("{map_h:.0}")) alt=(page.t("file-map-pick")) formnovalidate;
                }
                p.hint { (page.t("file-map-hint")) " " (page.t("map-attribution")) }
                div.pair {
                    div { (f.field("text", "lat", &page.t("file-lat"), None, "", false)) }
                    div { (f.field("text", "lon", &page.t("file-lon"), None, "", false)) }
                }
                (f.dropdown("precision", &page.t("file-precision"), None, &precisions, "2"))
            }
            fieldset #when {
                legend { (page.t("file-when")) }
                div.pair {
                    div { (f.field("datetime-local", "occurred_at", &page.t("file-occurred-at"), None, "", false)) }
                    div { (f.dropdown("tz", &page.t("file-zone"), None, &zones, default_zone(p))) }
                }
                (f.message("allegation.occurred_at", &page.t("file-occurred-at")))
                p.hint { (page.t("file-day-only")) }
                div.pair {
                    div { (f.field("date", "occurred_day", &page.t("file-occurred-day"), None, "", false)) }
                    div { (f.field("date", "occurred_last_day", &page.t("file-occurred-last-day"), Some(&page.t("field-optional")), "", false)) }
                }
                (f.message("allegation.occurred_until", &page.t("file-occurred-last-day")))
            }
            fieldset #what {
                legend { (page.t("file-what")) }
                (f.checks("allegation.acts", &page.t("file-acts"), &act_options(page), &[]))
                (f.checks("allegation.provisions", &page.t("file-provisions"), &provision_options(agreement), &[]))
            }
            (f.casualties("allegation.casualties", &Casualties::default()))
            (f.field("text", "allegation.summary", &page.t("file-summary"), Some(&page.t("file-summary-hint")), "", true))
            (f.textarea("allegation.narrative", &page.t("file-narrative"), Some(&page.t("field-optional")), "", false))
            (f.evidence())
            p { button type="submit" name="op" value="file" { @match target {
                Target::File => (page.t("file-submit")),
                Target::Amend(_) => (page.t("button-amend")),
            } } }
        }
    };
    let title = match target {
        Target::File => page.t("file-title"),
        Target::Amend(id) => page.tw("amend-title", &[("case", id)]),
    };
    super::private(page, layout(page, &title, body))
}

/// The form's fields filled from `a`, as the filer would have typed them
/// (the time in UTC), for an amendment.
fn prefill(a: &Allegation) -> FormBody {
    let mut pairs: Vec<(String, String)> = vec![("allegation.accused".into(), a.accused.to_string())];
    let civil = |t: Timestamp| jiff::tz::Offset::UTC.to_datetime(t);
    match a.time_precision {
        TimePrecision::Exact => {
            pairs.push(("occurred_at".into(), civil(a.occurred_at).strftime("%Y-%m-%dT%H:%M").to_string()));
            pairs.push(("tz".into(), "UTC".into()));
        }
        TimePrecision::Day => {
            pairs.push(("occurred_day".into(), civil(a.occurred_at).date().to_string()));
            if let Some(u) = a.occurred_until {
                pairs.push(("occurred_last_day".into(), civil(u).date().to_string()));
            }
            pairs.push(("tz".into(), "UTC".into()));
        }
    }
    if let Some(loc) = &a.location {
        pairs.push(("place".into(), loc.place_name.clone()));
        pairs.push(("lat".into(), format!("{}", loc.lat)));
        pairs.push(("lon".into(), format!("{}", loc.lon)));
        pairs.push(("precision".into(), loc.precision.to_string()));
    } else {
        pairs.push(("precision".into(), "2".into()));
    }
    pairs.extend(a.acts.iter().map(|x| ("allegation.acts".to_owned(), x.as_str().to_owned())));
    pairs.extend(a.provisions.iter().map(|x| ("allegation.provisions".to_owned(), x.to_string())));
    for (name, e) in a.casualties.named() {
        if let Some(e) = e {
            for (part, n) in [("low", e.low), ("best", e.best), ("high", e.high)] {
                pairs.push((format!("allegation.casualties.{name}.{part}"), n.to_string()));
            }
        }
    }
    pairs.push(("allegation.summary".into(), a.summary.clone()));
    pairs.push(("allegation.narrative".into(), a.narrative.clone()));
    FormBody::from_pairs(pairs)
}

/// The amendment form, filled with the allegation as it stands; only for
/// the reader who may amend it now (anyone else gets the case page).
pub async fn amend_form(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    amend_render(&state, &page, &id, None).await
}

/// Takes the amendment form: the allegation as typed, the evidence already
/// filed kept (a file sent now is added), and the reason; then back to the
/// case, or the form again with the reason for the refusal by its field.
pub async fn amend(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    mut body: FormBody,
) -> Result<Response, WebError> {
    let mut page = page;
    page.check_csrf(body.csrf())?;
    if page.caller.principal.is_none() {
        return Ok(see_other(&format!("/login?next=/cases/{id}/amend")));
    }
    let p = match logged_in(&page) {
        Ok(p) => p.clone(),
        Err(r) => return Ok(r),
    };
    let filed = match crate::app::folded::visible_case(&state, &page.caller.viewer, &id).await {
        Ok(case) => case.allegation.evidence,
        Err(crate::app::AppError::NotFound(_)) => return Ok(crate::web::not_found(page).await),
        Err(e) => return Err(e.into()),
    };
    page.query = String::new();
    let result = async {
        let reason = body.required(&page, "reason")?;
        let mut places = Vec::new();
        let mut allegation = allegation(&state, &page, &p, &mut body, &mut places).await?;
        let mut evidence = filed.clone();
        evidence.extend(allegation.evidence.drain(..).filter(|e| !filed.iter().any(|f| f.sha256 == e.sha256)));
        allegation.evidence = evidence;
        let command = truce_core::Command::AmendAllegation { allegation, reason };
        crate::app::cases::command(&state, &page.caller, page.now, &id, command).await.map_err(ApiError::from)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&super::case_href(&id))),
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let failed = Failed { form: "amend".into(), body, error };
            amend_render(&state, &page, &id, Some(&failed)).await
        }
    }
}

/// The amendment form again, with a refused amendment shown in it.
pub async fn amend_render(
    state: &AppState,
    page: &Page,
    id: &str,
    failed: Option<&Failed>,
) -> Result<Response, WebError> {
    let p = match logged_in(page) {
        Ok(p) => p.clone(),
        Err(r) => return Ok(r),
    };
    let case = match crate::app::folded::visible_case(state, &page.caller.viewer, id).await {
        Ok(case) => case,
        Err(crate::app::AppError::NotFound(_)) => return Ok(crate::web::not_found(page.clone()).await),
        Err(e) => return Err(e.into()),
    };
    let agreement = agreement(state)?;
    let may = super::actions::offered(&case, &p, &agreement, page.now)
        .contains(&truce_core::command::CommandKind::AmendAllegation);
    if !may && failed.is_none() {
        return Ok(see_other(&super::case_href(id)));
    }
    let id = CaseId::parse(id).map_err(|e| WebError(ApiError::field("id", e.to_string())))?;
    let filled = prefill(&case.allegation);
    let shown = match failed {
        Some(f) => Shown::Failed(f, &[]),
        None => Shown::Prefilled(&filled),
    };
    let response = render_for(page, &agreement, &p, shown, Target::Amend(id.as_str()));
    Ok(match failed {
        Some(f) => with_status(response, f.error.status),
        None => response,
    })
}

/// The filing form.
pub async fn file_form(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let p = match logged_in(&page) {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let agreement = agreement(&state)?;
    Ok(render(&page, &agreement, p, Shown::Blank))
}

fn coordinate(page: &Page, name: &str, value: &str) -> Result<f64, ApiError> {
    value
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| ApiError::field(name, page.tw("field-not-a-coordinate", &[("value", value)])))
}

/// Where the incident happened, from the chosen place, the coordinates or
/// the place name; several places of that name are an error that offers them.
fn location(page: &Page, body: &FormBody, places: &mut Vec<Choice>) -> Result<Option<Location>, ApiError> {
    let precision = match body.value("precision") {
        "1" => 1,
        "3" => 3,
        _ => 2,
    };
    let name = body.value("place").to_owned();
    let choice = body.value("place_choice");
    if !choice.is_empty() {
        let bad = || ApiError::field("place_choice", page.t("field-choose-one"));
        let (coords, chosen_name) = choice.split_once('|').ok_or_else(bad)?;
        let mut parts = coords.split(',');
        let lat = parts.next().and_then(|v| v.parse::<f64>().ok()).ok_or_else(bad)?;
        let lon = parts.next().and_then(|v| v.parse::<f64>().ok()).ok_or_else(bad)?;
        let forced = parts.next().and_then(|v| v.parse::<u8>().ok()).filter(|p| *p > 0);
        let place_name = if name.is_empty() { chosen_name.to_owned() } else { name };
        return Ok(Some(Location { lat, lon, precision: forced.unwrap_or(precision), place_name }));
    }
    let (lat, lon) = (body.value("lat"), body.value("lon"));
    if !lat.is_empty() || !lon.is_empty() {
        let lat = coordinate(page, "lat", lat)?;
        let lon = coordinate(page, "lon", lon)?;
        return Ok(Some(Location { lat, lon, precision, place_name: name }));
    }
    if name.is_empty() {
        return Ok(None);
    }
    let found = look_up(page, &name)?;
    if let [(value, _)] = found.as_slice() {
        let mut one = body.clone();
        one.set("place_choice", value);
        return location(page, &one, places);
    }
    *places = found;
    Err(ApiError::field("place_choice", page.t("place-several")))
}

/// When the incident happened: the local date and time in the chosen zone,
/// in UTC; or, with no time, the day (and the last day of a span) as days.
fn occurred(page: &Page, body: &FormBody) -> Result<(Timestamp, Option<Timestamp>, TimePrecision), ApiError> {
    let (time, day) = (body.value("occurred_at"), body.value("occurred_day"));
    let day_given = !day.is_empty() || !body.value("occurred_last_day").is_empty();
    if !time.is_empty() && day_given {
        // Neither is dropped in silence: the filer says which it knows.
        return Err(ApiError::field("occurred_day", page.t("file-time-or-day")));
    }
    if time.is_empty() && !day.is_empty() {
        let day = |name: &str| -> Result<Timestamp, ApiError> {
            let value = body.value(name);
            let bad = || ApiError::field(name, page.tw("field-not-a-date", &[("value", value)]));
            let date: jiff::civil::Date = value.parse().map_err(|_| bad())?;
            jiff::tz::Offset::UTC.to_timestamp(date.at(0, 0, 0, 0)).map_err(|_| bad())
        };
        let first = day("occurred_day")?;
        let last = match body.value("occurred_last_day") {
            "" => None,
            _ => Some(day("occurred_last_day")?),
        };
        return Ok((first, last, TimePrecision::Day));
    }
    Ok((occurred_at(page, body)?, None, TimePrecision::Exact))
}

/// The local date and time in the chosen zone, in UTC.
fn occurred_at(page: &Page, body: &FormBody) -> Result<Timestamp, ApiError> {
    let value = body.required(page, "occurred_at")?;
    let bad = || ApiError::field("occurred_at", page.tw("field-not-a-datetime", &[("value", &value)]));
    let civil: jiff::civil::DateTime = value.parse().map_err(|_| bad())?;
    let seconds = ZONES
        .iter()
        .find(|(z, _)| *z == body.value("tz"))
        .map(|(_, s)| *s)
        .ok_or_else(|| ApiError::field("tz", page.t("field-choose-one")))?;
    let offset = jiff::tz::Offset::from_seconds(seconds).map_err(ApiError::internal)?;
    offset.to_timestamp(civil).map_err(|_| bad())
}

pub(super) async fn allegation(
    state: &AppState,
    page: &Page,
    p: &Principal,
    body: &mut FormBody,
    places: &mut Vec<Choice>,
) -> Result<Allegation, ApiError> {
    let accused = body.required(page, "allegation.accused")?;
    let accused = ParticipantId::parse(&accused).map_err(|e| ApiError::field("allegation.accused", e.to_string()))?;
    let location = location(page, body, places)?;
    let (occurred_at, occurred_until, time_precision) = occurred(page, body)?;
    let mut provisions = Vec::new();
    for (i, id) in body.all("allegation.provisions").into_iter().enumerate() {
        provisions.push(
            truce_core::ids::ProvisionId::parse(id)
                .map_err(|e| ApiError::field(format!("allegation.provisions[{i}]"), e.to_string()))?,
        );
    }
    let acts = body.choices(page, "allegation.acts")?;
    let casualties = body.casualties(page, "allegation.casualties")?;
    let summary = body.required(page, "allegation.summary")?;
    let narrative = body.raw("allegation.narrative").trim().to_owned();
    let evidence = super::act::evidence(state, p, page.now, body).await?.into_iter().collect();
    Ok(Allegation {
        accused,
        provisions,
        acts,
        occurred_at,
        occurred_until,
        time_precision,
        location,
        summary,
        narrative,
        casualties,
        evidence,
    })
}

/// Files the allegation (and goes to its case page), or looks the place up
/// (and shows the form again with the places to choose from).
pub async fn file(State(state): State<AppState>, page: Page, mut body: FormBody) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if page.caller.principal.is_none() {
        return Ok(see_other("/login?next=/file"));
    }
    let p = match logged_in(&page) {
        Ok(p) => p.clone(),
        Err(r) => return Ok(r),
    };
    let agreement = agreement(&state)?;
    let mut places = Vec::new();
    // A click on the map sends the pixel as `map.x` and `map.y`.
    if !body.value("map.x").is_empty() {
        let pixel = |name: &str| body.value(name).parse::<f64>().ok();
        let at =
            pixel("map.x").zip(pixel("map.y")).and_then(|(x, y)| truce_geo::position_at(&pick_map_options(), x, y));
        return Ok(match at {
            Some((lat, lon)) => {
                body.set("lat", &format!("{lat:.4}"));
                body.set("lon", &format!("{lon:.4}"));
                // A click on a map this size is good to a few kilometres.
                body.set("precision", "2");
                render(&page, &agreement, &p, Shown::Picked(&body))
            }
            None => {
                let status = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                let error = ApiError::field("map", page.t("file-map-outside"));
                let failed = Failed { form: "file".into(), body, error };
                with_status(render(&page, &agreement, &p, Shown::Failed(&failed, &[])), status)
            }
        });
    }
    let result = if body.value("op") == "lookup" {
        let name = body.value("place").to_owned();
        let found = if name.is_empty() {
            Err(ApiError::field("place", page.t("field-required")))
        } else {
            look_up(&page, &name)
        };
        match found {
            Ok(found) => return Ok(render(&page, &agreement, &p, Shown::Found(&body, &found))),
            Err(e) => Err(e),
        }
    } else {
        match allegation(&state, &page, &p, &mut body, &mut places).await {
            Ok(a) => crate::app::cases::file(&state, &p, page.now, None, a).await.map_err(ApiError::from),
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(filing) => Ok(see_other(&filing.follow.unwrap_or_else(|| super::case_href(filing.id.as_str())))),
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let status = error.status;
            let failed = Failed { form: "file".into(), body, error };
            Ok(with_status(render(&page, &agreement, &p, Shown::Failed(&failed, &places)), status))
        }
    }
}
