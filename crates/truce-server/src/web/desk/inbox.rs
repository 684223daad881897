//! `/desk`: each reader's work, by role. The mediators' inbox lists every
//! open case with its next step and the deadline it runs against, overdue
//! ones flagged and the soonest first; a party's desk its own allegations
//! and those against it, with the reply deadline; a monitor's desk the
//! investigations its team is tasked with. The lists are read within the
//! reader's scope ([`crate::app::cases::scope_of`], `own_scope`), never
//! wider.
//!
//! A case of the inbox that may still be merged is flagged with its
//! possible duplicates, found as its case page finds them
//! ([`crate::app::cases::possible_duplicates`], from the case rows alone,
//! no case folded), so the mediators see a duplicate before admitting it.
//!
//! A mediator acknowledges an early-warning alert from its card, saying
//! what was done, with a plain form (no script) posted with the session's
//! CSRF field to the use case the API calls
//! ([`crate::app::early_warning::acknowledge`]); a refusal comes back on
//! the desk next to the field at fault. The parties read the
//! acknowledgements and get no form.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use maud::{Markup, html};
use truce_core::access::Viewer;
use truce_core::ids::{CaseId, ParticipantId};
use truce_core::{Agreement, Case, Status};
use truce_store::CaseFilter;

use super::fields::{Failed, Fields};
use super::form::FormBody;
use super::{agreement, labels, logged_in, participant_name, see_other, with_status};
use crate::AppState;
use crate::app::cases;
use crate::error::ApiError;
use crate::web::{Page, WebError, layout, status_message_id};

/// Most cases read per status for the inbox, and per desk list.
const PER_LIST: u64 = 200;

/// The statuses of open cases, in lifecycle order.
const OPEN: [Status; 19] = [
    Status::Reported,
    Status::Acknowledged,
    Status::Admitted,
    Status::AwaitingReply,
    Status::ReplyReceived,
    Status::ReplyOverdue,
    Status::UnderInvestigation,
    Status::FindingsSubmitted,
    Status::Deliberation,
    Status::Determined,
    Status::Appealed,
    Status::AppealReview,
    Status::PenaltyProposed,
    Status::PenaltyDeliberation,
    Status::PenaltyDecided,
    Status::Inadmissible,
    Status::Final,
    Status::Complied,
    Status::NotComplied,
];

/// The deadline the next step of `case` runs against.
pub fn due(case: &Case) -> Option<Timestamp> {
    let d = &case.deadlines;
    match case.status {
        Status::Reported => d.acknowledge_by,
        Status::Acknowledged => d.triage_by,
        Status::AwaitingReply => d.reply_by,
        Status::UnderInvestigation => d.investigation_due,
        Status::Determined => d.appeal_until,
        Status::PenaltyDecided => d.compliance_by,
        _ => None,
    }
}

/// One line of an inbox.
struct Row {
    case: Case,
    step: String,
    waiting: bool,
    due: Option<Timestamp>,
    overdue: bool,
    /// Open cases that look like the same incident, while it may be merged.
    duplicates: Vec<CaseId>,
}

fn row(page: &Page, case: Case, at: Timestamp) -> Row {
    let (step, mut waiting) = labels::next_step(page, case.status);
    let due = due(&case);
    let passed = due.is_some_and(|d| d < at);
    // Once the reply deadline or the appeal window has passed, the
    // mediators act: mark the reply overdue, or finalize.
    if passed && matches!(case.status, Status::AwaitingReply | Status::Determined | Status::PenaltyDecided) {
        waiting = false;
    }
    let overdue = !case.overdue(at).is_empty();
    Row { case, step, waiting, due, overdue, duplicates: Vec::new() }
}

fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| match (a.due, b.due) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.case.filed_at.cmp(&b.case.filed_at),
    });
}

fn due_cell(page: &Page, due: Option<Timestamp>, overdue: bool) -> Markup {
    html! {
        @match due {
            Some(d) => { time datetime=(d.to_string()) { (page.datetime(d)) }
                @if overdue { " " strong.overdue { (page.t("overdue")) } } },
            None => span.muted { "—" },
        }
    }
}

fn case_cell(c: &Case, anchor: &str) -> Markup {
    html! {
        a href=(format!("{}{anchor}", super::case_href(c.id.as_str()))) { (c.allegation.summary) }
        br; code.small { (c.id) }
    }
}

fn inbox_table(page: &Page, agreement: &Agreement, caption: &str, rows: &[Row]) -> Markup {
    html! {
        div.table-wrap { table.inbox.cards-sm {
            caption { (caption) }
            thead { tr {
                th scope="col" { (page.t("inbox-case")) }
                th scope="col" { (page.t("inbox-next")) }
                th scope="col" { (page.t("inbox-due")) }
                th scope="col" { (page.t("case-accused")) }
            } }
            tbody { @for r in rows { tr.overdue-row[r.overdue] {
                td {
                    (case_cell(&r.case, "#actions"))
                    @if !r.duplicates.is_empty() {
                        br; span.notice.small role="note" { (page.t("inbox-possible-duplicates")) " "
                            @for (i, d) in r.duplicates.iter().enumerate() {
                                @if i > 0 { ", " } a href=(super::case_href(d.as_str())) { (d) } }
                            " · " a href=(format!("/cases/{}/merge", r.case.id)) { (page.t("merge-compare")) } }
                    }
                }
                td data-label=(page.t("inbox-next")) { (r.step) " " span.badge { (page.t(&status_message_id(r.case.status))) } }
                td data-label=(page.t("inbox-due")) { (due_cell(page, r.due, r.overdue)) }
                td data-label=(page.t("case-accused")) { (participant_name(page, agreement, &r.case.allegation.accused)) }
            } } }
        } }
    }
}

async fn mediator_desk(state: &AppState, page: &Page, agreement: &Agreement) -> Result<Markup, ApiError> {
    let at = page.now;
    let mut act = Vec::new();
    let mut wait = Vec::new();
    for status in OPEN {
        let filter = CaseFilter { status: Some(status.as_str().to_owned()), ..CaseFilter::default() };
        for case in cases::folded(state, &page.caller.viewer, &filter, PER_LIST).await? {
            let mut row = row(page, case, at);
            if cases::duplicates_told(status) {
                row.duplicates = cases::possible_duplicates(state, &page.caller.viewer, &row.case).await?;
            }
            if row.waiting { wait.push(row) } else { act.push(row) }
        }
    }
    sort(&mut act);
    sort(&mut wait);
    let overdue = act.iter().chain(wait.iter()).filter(|r| r.overdue).count().to_string();
    let duplicates = act.iter().chain(wait.iter()).filter(|r| !r.duplicates.is_empty()).count();
    let may_act = page.caller.principal.as_ref().is_some_and(|p| p.role.is_mediator());
    Ok(html! {
        @if !may_act { p.notice { (page.t("desk-admin-note")) } }
        p { (page.tw("inbox-counts", &[("act", &act.len().to_string()), ("wait", &wait.len().to_string()), ("overdue", &overdue)])) }
        @if duplicates > 0 { p.notice role="note" { (page.tw("inbox-duplicates-count", &[("count", &duplicates.to_string())])) } }
        h2 { (page.t("inbox-act")) }
        @if act.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            (inbox_table(page, agreement, &page.t("inbox-act-caption"), &act))
        }
        h2 { (page.t("inbox-waiting")) }
        @if wait.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            (inbox_table(page, agreement, &page.t("inbox-waiting-caption"), &wait))
        }
    })
}

fn appeal_open(case: &Case, at: Timestamp) -> bool {
    case.status == Status::Determined && case.deadlines.appeal_until.is_none_or(|u| at <= u)
}

async fn party_desk(
    state: &AppState,
    page: &Page,
    agreement: &Agreement,
    me: &ParticipantId,
) -> Result<Markup, ApiError> {
    let at = page.now;
    let cases = cases::own(state, &page.caller.viewer, PER_LIST).await?;
    let mut against: Vec<&Case> = cases.iter().filter(|c| &c.allegation.accused == me).collect();
    against.sort_by_key(|c| (c.status != Status::AwaitingReply, c.deadlines.reply_by, std::cmp::Reverse(c.filed_at)));
    let mine: Vec<&Case> = cases.iter().filter(|c| c.complainant.participant() == Some(me)).collect();
    let name = participant_name(page, agreement, me);
    Ok(html! {
        p { a.button href="/file" { (page.t("desk-file")) } }
        h2 { (page.tw("desk-against", &[("party", &name)])) }
        @if against.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("inbox-case")) } th scope="col" { (page.t("case-status")) }
                    th scope="col" { (page.t("deadline-reply")) } th scope="col" { (page.t("inbox-next")) }
                } }
                tbody { @for c in &against {
                    @let awaiting = c.status == Status::AwaitingReply;
                    @let overdue = c.overdue(at).contains(&truce_core::case::Overdue::Reply);
                    tr.overdue-row[overdue] {
                        td { (case_cell(c, "")) }
                        td { (page.t(&status_message_id(c.status))) }
                        td { @if awaiting { (due_cell(page, c.deadlines.reply_by, overdue)) } @else { span.muted { "—" } } }
                        td {
                            @if awaiting && !overdue { a href=(format!("{}#act-reply", super::case_href(c.id.as_str()))) { (page.t("desk-reply")) } }
                            @if appeal_open(c, at) { a href=(format!("{}#act-appeal", super::case_href(c.id.as_str()))) { (page.t("desk-appeal")) } }
                        }
                    }
                } }
            } }
        }
        h2 { (page.tw("desk-mine", &[("party", &name)])) }
        @if mine.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("inbox-case")) } th scope="col" { (page.t("case-status")) }
                    th scope="col" { (page.t("case-accused")) } th scope="col" { (page.t("case-filed")) }
                } }
                tbody { @for c in &mine { tr {
                    td { (case_cell(c, "")) @if appeal_open(c, at) { br; a href=(format!("{}#act-appeal", super::case_href(c.id.as_str()))) { (page.t("desk-appeal")) } } }
                    td { (page.t(&status_message_id(c.status))) }
                    td { (participant_name(page, agreement, &c.allegation.accused)) }
                    td { (page.date(c.filed_at)) }
                } } }
            } }
        }
    })
}

async fn monitor_desk(
    state: &AppState,
    page: &Page,
    agreement: &Agreement,
    team: &ParticipantId,
) -> Result<Markup, ApiError> {
    let at = page.now;
    let cases = cases::own(state, &page.caller.viewer, PER_LIST).await?;
    let mut assigned: Vec<&Case> =
        cases.iter().filter(|c| c.team.as_ref() == Some(team) && c.status == Status::UnderInvestigation).collect();
    assigned.sort_by_key(|c| c.deadlines.investigation_due);
    let other: Vec<&Case> =
        cases.iter().filter(|c| !(c.team.as_ref() == Some(team) && c.status == Status::UnderInvestigation)).collect();
    Ok(html! {
        h2 { (page.tw("desk-assigned", &[("team", &participant_name(page, agreement, team))])) }
        @if assigned.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            div.table-wrap { table {
                thead { tr {
                    th scope="col" { (page.t("inbox-case")) } th scope="col" { (page.t("deadline-investigation")) }
                    th scope="col" { (page.t("case-accused")) } th scope="col" { (page.t("inbox-next")) }
                } }
                tbody { @for c in &assigned {
                    @let overdue = c.overdue(at).contains(&truce_core::case::Overdue::Investigation);
                    tr.overdue-row[overdue] {
                        td { (case_cell(c, "")) }
                        td { (due_cell(page, c.deadlines.investigation_due, overdue)) }
                        td { (participant_name(page, agreement, &c.allegation.accused)) }
                        td { a href=(format!("{}#act-report", super::case_href(c.id.as_str()))) { (page.t("desk-report")) } }
                    }
                } }
            } }
        }
        h2 { (page.t("desk-team-other")) }
        @if other.is_empty() { p.muted { (page.t("inbox-empty")) } } @else {
            ul { @for c in &other { li { a href=(super::case_href(c.id.as_str())) { (c.allegation.summary) }
                " — " (page.t(&status_message_id(c.status))) } } }
        }
        p { a href="/file" { (page.t("desk-file-own")) } }
    })
}

/// How many alerts a desk lists, newest first.
const ALERTS_LISTED: usize = 10;

/// The early-warning alerts the caller reads (mediators, parties and
/// teams, as `GET /api/v1/early-warning` answers), newest first: the day,
/// the sector by name, the rule, the count against its threshold, how many
/// of the reports counted the reader may see, and who acknowledged it. A
/// public reader gets nothing here.
async fn alerts_section(state: &AppState, page: &Page, failed: Option<&Failed>) -> Result<Markup, ApiError> {
    if matches!(page.caller.viewer, Viewer::Public) {
        return Ok(html! {});
    }
    let alerts = crate::app::early_warning::list(state, &page.caller, Some(ALERTS_LISTED)).await?;
    let total = state.ledger().alerts().raised.len();
    let geography = truce_geo::Geography::embedded().ok();
    let shown = alerts.len();
    Ok(html! {
        h2 id="alerts" { (page.t("alerts-desk-title")) }
        @if alerts.is_empty() { p.muted { (page.t("alerts-desk-none")) } } @else {
            p.muted { (page.tw("alerts-desk-intro", &[("shown", &shown.to_string()), ("total", &total.to_string())])) }
            div.table-wrap { table.cards-sm {
                caption { (page.t("alerts-desk-title")) }
                thead { tr {
                    th scope="col" { (page.t("alerts-desk-day")) }
                    th scope="col" { (page.t("alerts-desk-sector")) }
                    th scope="col" { (page.t("alerts-desk-rule")) }
                    th scope="col" { (page.t("alerts-desk-count")) }
                    th scope="col" { (page.t("alerts-desk-reports")) }
                    th scope="col" { (page.t("alerts-desk-acknowledged")) }
                } }
                tbody { @for a in &alerts {
                    @let signal = &a.alert.signal;
                    @let sector = geography.as_ref().and_then(|g| g.sector(&signal.series.sector)).map(|s| s.name.clone());
                    tr {
                        td data-label=(page.t("alerts-desk-day")) { bdi dir="ltr" { (signal.day) } }
                        td data-label=(page.t("alerts-desk-sector")) { bdi { (sector.unwrap_or_else(|| page.t("alerts-desk-sector-unknown"))) } }
                        td data-label=(page.t("alerts-desk-rule")) {
                            (page.t(crate::web::trend::method_message_id(signal.method))) br;
                            span.muted { (page.tw("alerts-desk-count-of", &[("statistic", &signal.statistic.to_string()), ("threshold", &signal.threshold.to_string())])) }
                        }
                        td data-label=(page.t("alerts-desk-count")) { (signal.observed) }
                        td data-label=(page.t("alerts-desk-reports")) {
                            (page.tw("alerts-desk-reports-seen", &[("seen", &signal.reports.len().to_string()), ("withheld", &a.reports_withheld.to_string())]))
                        }
                        td data-label=(page.t("alerts-desk-acknowledged")) {
                            @if a.alert.acknowledgements.is_empty() { span.muted { (page.t("alerts-desk-not-acknowledged")) } }
                            @for ack in &a.alert.acknowledgements { div { bdi { (ack.by) } ": " bdi { (ack.action) } } }
                            (acknowledge_form(page, &a.alert, failed))
                        }
                    }
                } }
            } }
        }
        p { a href="/desk/trends" { (page.t("alerts-desk-trends-link")) } }
    })
}

/// The form that acknowledges the alert `alert`, for a mediator whose
/// participant has not yet acknowledged it; nothing for anyone else.
fn acknowledge_form(page: &Page, alert: &truce_core::early_warning::RaisedAlert, failed: Option<&Failed>) -> Markup {
    let Some(me) = page.caller.principal.as_ref().filter(|p| p.role.is_mediator()) else { return html! {} };
    if alert.acknowledgements.iter().any(|a| Some(&a.by) == me.participant.as_ref()) {
        return html! {};
    }
    let form = format!("ack-{}", alert.record);
    let fields = Fields::new(page, &form, failed);
    html! {
        form.stack method="post" action=(format!("/desk/alerts/{}/acknowledge", alert.record)) {
            (page.csrf_field())
            (fields.form_error(&["action"]))
            (fields.textarea("action", &page.t("alerts-desk-ack-action"), Some(&page.t("alerts-desk-ack-hint")), "", true))
            button type="submit" { (page.t("alerts-desk-ack-submit")) }
        }
    }
}

/// `POST /desk/alerts/{record}/acknowledge`: a mediator acknowledges the
/// alert raised by `record` with the action taken, through the use case
/// the API calls; back to the desk's alerts, or the desk with the refusal.
pub async fn acknowledge(
    State(state): State<AppState>,
    page: Page,
    Path(record): Path<u64>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let action = body.raw("action").to_owned();
    match crate::app::early_warning::acknowledge(&state, &page.caller, page.now, record, action).await {
        Ok(_) => Ok(see_other("/desk?acknowledged=1#alerts")),
        Err(e) => {
            let error: ApiError = e.into();
            if matches!(error.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                return Err(WebError(error));
            }
            let status = error.status;
            let failed = Failed { form: format!("ack-{record}"), body, error };
            Ok(with_status(render_desk(&state, &page, Some(&failed)).await?, status))
        }
    }
}

/// The caller's desk, by role.
pub async fn desk(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    render_desk(&state, &page, None).await
}

/// The caller's desk, with the alert acknowledgement `failed` refused.
async fn render_desk(state: &AppState, page: &Page, failed: Option<&Failed>) -> Result<Response, WebError> {
    let p = match logged_in(page) {
        Ok(p) => p,
        Err(r) => return Ok(r),
    };
    let agreement = agreement(state)?;
    let (title, body) = match &page.caller.viewer {
        Viewer::Mediator => (page.t("desk-mediator"), mediator_desk(state, page, &agreement).await?),
        Viewer::Party(me) => (page.t("desk-party"), party_desk(state, page, &agreement, me).await?),
        Viewer::Team(team) => (page.t("desk-monitor"), monitor_desk(state, page, &agreement, team).await?),
        Viewer::Public => (
            page.t("desk-observer"),
            html! { p { (page.t("desk-observer-body")) } p { a href="/file" { (page.t("desk-file")) } } },
        ),
    };
    let (overdue, awaiting) = super::talks::counts(state, page)?;
    let alerts = alerts_section(state, page, failed).await?;
    let acknowledged = page.query.split('&').any(|kv| kv == "acknowledged=1");
    let body = html! {
        @if acknowledged { p.notice role="status" { (page.t("alerts-desk-ack-done")) } }
        p.muted { (page.tw("desk-who", &[("principal", &p.id), ("role", &labels::role(page, p.role))])) }
        p { a href="/desk/talks" { (page.tw("desk-talks-link", &[("overdue", &overdue.to_string()), ("awaiting", &awaiting.to_string())])) } }
        @if page.caller.viewer == truce_core::access::Viewer::Mediator {
            p { a href="/desk/situation-reports" { (page.t("situation-title")) } }
            p { a href="/desk/public-sources" { (page.t("public-sources-title")) } }
        }
        @if matches!(page.caller.viewer, Viewer::Mediator | Viewer::Party(_)) {
            p { a href="/desk/webhooks" { (page.t("webhooks-title")) } }
        }
        p { a href="/desk/devices" { (page.t("devices-title")) } }
        (alerts)
        (body)
    };
    Ok(super::private(page, layout(page, &title, body)))
}
