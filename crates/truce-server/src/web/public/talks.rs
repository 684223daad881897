//! The talks, in public: the rounds with their delegations and parity
//! checks, the published communiqués with each signature and the key it
//! checks against, and the commitments with their status.
//!
//! The public sees what the mediators published and what the participants
//! chose to make public, never a draft or a position kept for the
//! mediators ([`crate::app::talks`] decides, for [`Caller::public`]).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::Agreement;
use truce_core::talks::{AnswerKind, CommitmentForm, CommitmentStatus, ParityOutcome, RoundStatus};

use super::{participant_name, problem};
use crate::AppState;
use crate::app::talks::{self, CommitmentFilter, CommitmentView};
use crate::app::{AppError, Caller};
use crate::web::desk::labels;
use crate::web::{Page, WebError, layout};

fn round_status(page: &Page, s: RoundStatus) -> String {
    page.t(match s {
        RoundStatus::Planned => "talks-round-planned",
        RoundStatus::Convened => "talks-round-convened",
        RoundStatus::Adjourned => "talks-round-adjourned",
        RoundStatus::Concluded => "talks-round-concluded",
        RoundStatus::Failed => "talks-round-failed",
    })
}

fn commitment_status(page: &Page, s: CommitmentStatus) -> String {
    page.t(match s {
        CommitmentStatus::Open => "talks-commitment-open",
        CommitmentStatus::Met => "talks-commitment-met",
        CommitmentStatus::PartlyMet => "talks-commitment-partly-met",
        CommitmentStatus::Missed => "talks-commitment-missed",
        CommitmentStatus::Withdrawn => "talks-commitment-withdrawn",
        CommitmentStatus::Superseded => "talks-commitment-superseded",
    })
}

/// A civil date as a time the page's calendar shows.
fn day(d: jiff::civil::Date) -> jiff::Timestamp {
    d.to_zoned_datetime(jiff::tz::TimeZone::UTC).map_or(jiff::Timestamp::UNIX_EPOCH, |z| z.timestamp())
}

fn dates(page: &Page, from: jiff::civil::Date, to: jiff::civil::Date) -> String {
    if from == to { page.date(day(from)) } else { format!("{} – {}", page.date(day(from)), page.date(day(to))) }
}

fn names(page: &Page, a: &Agreement, ids: &[truce_core::ids::ParticipantId]) -> String {
    ids.iter().map(|p| participant_name(page, a, p.as_str())).collect::<Vec<_>>().join(", ")
}

fn commitments_table(page: &Page, a: &Agreement, list: &[CommitmentView]) -> Markup {
    html! {
        @if list.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("talks-col-commitment")) }
                    th scope="col" { (page.t("talks-col-owners")) }
                    th scope="col" { (page.t("talks-col-deadline")) }
                    th scope="col" { (page.t("talks-col-status")) }
                } }
                tbody { @for v in list { @let c = &v.commitment;
                    tr id=(format!("commitment-{}", c.id)) {
                        td {
                            bdi { (c.text) } " " span.muted { "(" (page.t(match c.form {
                                CommitmentForm::Written => "talks-form-written",
                                CommitmentForm::Verbal => "talks-form-verbal",
                            })) ")" }
                            @if let Some(r) = &c.follow_up {
                                br; a href=(format!("/talks/rounds/{r}")) { (page.tw("talks-follow-up", &[("round", r.as_str())])) }
                            }
                            @for d in &c.decisions {
                                br; span.muted { bdi { (page.tw("talks-decision", &[("reason", &d.reason)])) } }
                                @for (_, action) in &d.escalations {
                                    br; strong { bdi { (page.tw("talks-escalation", &[("action", action)])) } }
                                }
                            }
                        }
                        td { (names(page, a, &c.owners)) }
                        td { (page.date(c.deadline)) }
                        td {
                            strong { (commitment_status(page, c.status)) }
                            @if v.overdue { " " span.badge { (page.t("talks-overdue")) } }
                        }
                    }
                } }
            } }
        }
    }
}

/// A communiqué version's texts, each in its language and direction, the
/// authoritative one marked.
pub(crate) fn texts(page: &Page, v: &truce_core::talks::CommuniqueVersion) -> Markup {
    html! {
        @for (lang, text) in &v.texts {
            section.communique lang=(lang) dir=(if matches!(lang.as_str(), "ar" | "ur" | "ps" | "fa" | "prs") { "rtl" } else { "ltr" }) {
                h2 { code { (lang) } @if *lang == v.authoritative { " " span.badge { (page.t("talks-authoritative")) } } }
                @for para in text.split('\n').filter(|l| !l.trim().is_empty()) { p { (para) } }
            }
        }
    }
}

/// `GET /talks`: the rounds, the published communiqués and the commitments.
pub async fn index(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    let a = super::agreement_or_503(&state)?;
    let rounds = talks::rounds(&state)?;
    let communiques = talks::communiques(&state, &Caller::public());
    let commitments = talks::commitments(&state, state.now(), &CommitmentFilter::default())?;
    let body = html! {
        p { (page.t("talks-intro")) }
        h2 #rounds { (page.t("talks-rounds")) }
        @if rounds.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("talks-col-round")) }
                    th scope="col" { (page.t("talks-col-dates")) }
                    th scope="col" { (page.t("talks-col-status")) }
                } }
                tbody { @for r in &rounds {
                    tr {
                        th scope="row" { a href=(format!("/talks/rounds/{}", r.id)) { (r.title) } ", " (r.venue) }
                        td { (dates(&page, r.starts_on, r.ends_on)) }
                        td {
                            (round_status(&page, r.status))
                            @if r.parity_failures > 0 { " " span.badge { (page.t("talks-parity-failed")) } }
                        }
                    }
                } }
            } }
        }
        h2 #communiques { (page.t("talks-communiques")) }
        @if communiques.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            ul { @for c in &communiques {
                li {
                    a href=(format!("/talks/communiques/{}", c.id)) { (c.title) } " — "
                    @if c.status == "joint" { (page.t("talks-communique-joint")) }
                    @else { (page.tw("talks-communique-statement", &[("participants", &names(&page, &a, &c.not_signed))])) }
                }
            } }
        }
        h2 #commitments { (page.t("talks-commitments")) }
        (commitments_table(&page, &a, &commitments))
    };
    Ok(layout(&page, &page.t("talks-title"), body))
}

fn not_found(page: &Page, e: AppError) -> Result<Response, WebError> {
    match e {
        AppError::NotFound(what) | AppError::Invalid { reason: what, .. } => {
            Ok(problem(page, StatusCode::NOT_FOUND, &page.t("talks-not-found"), html! { p { (what) } }))
        }
        other => Err(other.into()),
    }
}

/// `GET /talks/rounds/{id}`: a round as the public sees it.
pub async fn round(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    page: Page,
) -> Result<Response, WebError> {
    let a = super::agreement_or_503(&state)?;
    let view = match talks::round(&state, &Caller::public(), state.now(), &id) {
        Ok(v) => v,
        Err(e) => return not_found(&page, e),
    };
    let r = &view.round;
    let name = |p: &str| participant_name(&page, &a, p);
    let body = html! {
        dl.facts {
            dt { (page.t("talks-col-dates")) } dd { (dates(&page, r.starts_on, r.ends_on)) " " span.muted { "(" (r.time_zone) ")" } }
            dt { (page.t("talks-col-venue")) } dd { (r.venue) }
            dt { (page.t("talks-host")) } dd { (name(r.host.as_str())) }
            dt { (page.t("talks-mediators")) } dd { (names(&page, &a, &r.mediators)) }
            dt { (page.t("talks-col-status")) } dd { strong { (round_status(&page, r.status)) } }
            @if let Some(o) = &r.outcome { dt { (page.t("talks-outcome")) } dd { bdi { (o) } } }
        }
        @if !r.agenda.is_empty() {
            h2 { (page.t("talks-agenda")) }
            ol { @for item in &r.agenda { li { (item.title) } } }
        }
        h2 #delegations { (page.t("talks-delegations")) }
        @if r.delegations.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("talks-col-participant")) }
                    th scope="col" { (page.t("talks-col-head")) }
                    th scope="col" { (page.t("talks-col-members")) }
                } }
                tbody { @for (who, d) in &r.delegations {
                    tr {
                        th scope="row" {
                            (name(who.as_str()))
                            @if let Some(f) = &d.follows { br; span.muted { (page.tw("talks-follows", &[("participant", &name(f.as_str()))])) } }
                        }
                        td { @if let Some(h) = d.head() { bdi { (h.name) } br; span.muted { (h.title) " · " (labels::rank(&page, &h.rank)) } } }
                        td { ul.plain { @for m in d.members.iter().filter(|m| !m.head) {
                            li { bdi { (m.name) } ", " (m.title) " " span.muted { "(" (labels::rank(&page, &m.rank)) ")" } }
                        } } }
                    }
                } }
            } }
        }
        @if !view.parity.is_empty() {
            h2 #parity { (page.t("talks-parity")) }
            ul { @for c in &view.parity {
                li {
                    strong { (page.t(match c.outcome {
                        ParityOutcome::Met => "talks-parity-met",
                        ParityOutcome::Failed => "talks-parity-failed",
                        ParityOutcome::Pending => "talks-parity-pending",
                    })) }
                    " — " code { (c.rule) } ": " bdi { (c.detail) }
                }
            } }
        }
        @if !r.positions.is_empty() {
            h2 #positions { (page.t("talks-positions")) }
            @for p in &r.positions {
                blockquote { p { bdi { (p.text) } } footer { (name(p.participant.as_str())) " · " (p.item.as_str()) " · "
                    a href=(format!("/api/v1/records/{}", p.record)) { (page.tw("talks-record", &[("index", &p.record.to_string())])) } } }
            }
        }
        @if !view.communiques.is_empty() {
            h2 { (page.t("talks-communiques")) }
            ul { @for c in &view.communiques { li { a href=(format!("/talks/communiques/{}", c.id)) { (c.title) } } } }
        }
        @if !view.follow_ups.is_empty() {
            h2 { (page.t("talks-commitments")) }
            (commitments_table(&page, &a, &view.follow_ups))
        }
        h2 #history { (page.t("talks-history")) }
        ol { @for s in &r.steps {
            li { (page.datetime(s.at)) " — " (round_status(&page, s.status))
                @if !s.note.is_empty() { ": " bdi { (s.note) } }
                " " a href=(format!("/api/v1/records/{}", s.record)) { (page.tw("talks-record", &[("index", &s.record.to_string())])) } }
        } }
        p { a href="/talks" { (page.t("talks-back")) } }
    };
    Ok(layout(&page, &r.title, body))
}

/// `GET /talks/communiques/{id}`: a published communiqué with its texts and
/// each signature, the key it checks against and the record that carries it.
pub async fn communique(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    page: Page,
) -> Result<Response, WebError> {
    let a = super::agreement_or_503(&state)?;
    let view = match talks::communique(&state, &Caller::public(), &id) {
        Ok(v) => v,
        Err(e) => return not_found(&page, e),
    };
    let c = &view.communique;
    let name = |p: &str| participant_name(&page, &a, p);
    let published = c.published.as_ref();
    let version = published.map_or(0, |p| p.version);
    let text = c.versions.iter().find(|v| v.number == version);
    let body = html! {
        p.notice { @match published {
            Some(p) if p.not_signed.is_empty() => (page.t("talks-communique-joint")),
            Some(p) => (page.tw("talks-communique-statement", &[("participants", &names(&page, &a, &p.not_signed))])),
            None => (page.t("talks-communique-draft")),
        } }
        @if let Some(r) = &c.round { p { a href=(format!("/talks/rounds/{r}")) { (page.t("talks-col-round")) ": " (r.as_str()) } } }
        @if let Some(v) = text { (texts(&page, v)) }
        h2 #signatures { (page.t("talks-signatures")) }
        div.table-wrap { table {
            thead { tr {
                th scope="col" { (page.t("talks-col-participant")) }
                th scope="col" { (page.t("talks-signatures")) }
                th scope="col" { (page.t("talks-key")) }
            } }
            tbody { @for who in &c.signatories {
                tr {
                    th scope="row" { (name(who.as_str())) " " span.muted { "(" (who.as_str()) ")" } }
                    td { @match c.answer(who, version) {
                        Some(answer) => { @match &answer.answer {
                            AnswerKind::Signed { .. } => {
                                a href=(format!("/api/v1/records/{}", answer.record)) { (page.tw("talks-signed", &[("index", &answer.record.to_string())])) }
                                " · " a href=(format!("/verify?record={}#check", answer.record)) { (page.t("talks-verify-signature")) }
                            },
                            AnswerKind::Declined { reason } => (page.tw("talks-declined", &[("reason", reason)])),
                        } },
                        None => span.muted { (page.t("talks-not-answered")) },
                    } }
                    td { @match view.keys.get(who.as_str()) { Some(k) => code.key { (k) }, None => span.muted { "—" } } }
                }
            } }
        } }
        p.hint { (page.t("talks-signature-hint")) }
        p { a href="/talks" { (page.t("talks-back")) } }
    };
    Ok(layout(&page, &c.title, body))
}
