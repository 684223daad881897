//! The talks at the desk: a party's liaison announces its delegation, files
//! its positions, signs or declines a communiqué and confirms a commitment
//! in writing; a mediator convenes and closes rounds, drafts and publishes
//! communiqués and decides commitments.
//!
//! Signing is the participant's own act: the page gives the statement and
//! the command that signs it on the participant's machine
//! (`truce keys sign`), and takes back only the signature. The server never
//! holds a participant key. Every form goes to [`crate::app::talks::command`]
//! and the core decides; a refusal shows this page again with the field and
//! the reason, and a form that went through redirects (303) here.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use truce_core::Agreement;
use truce_core::access::Viewer;
use truce_core::ids::{CommitmentId, CommuniqueId, ItemId, ParticipantId, RankId, RoundId};
use truce_core::talks::{CommitmentForm, CommitmentStatus, Member, PublishedAs, RoundStatus, TalksCommand, Visibility};

use super::form::FormBody;
use super::{logged_in, participant_name, private, see_other, with_status};
use crate::AppState;
use crate::app::talks::{self, CommitmentFilter};
use crate::error::ApiError;
use crate::web::{Page, WebError, layout};

/// Members a delegation form offers.
const MEMBER_ROWS: usize = 4;

fn id<T>(
    page: &Page,
    field: &str,
    value: &str,
    parse: fn(&str) -> Result<T, truce_core::ids::IdError>,
) -> Result<T, ApiError> {
    if value.is_empty() {
        return Err(ApiError::field(field, page.t("field-required")));
    }
    parse(value).map_err(|e| ApiError::field(field, e.to_string()))
}

fn own_participant(page: &Page) -> Option<ParticipantId> {
    match &page.caller.viewer {
        Viewer::Party(p) | Viewer::Team(p) => Some(p.clone()),
        Viewer::Mediator | Viewer::Public => page.caller.principal.as_ref().and_then(|p| p.participant.clone()),
    }
}

/// The command a form describes.
fn command_of(page: &Page, action: &str, f: &FormBody) -> Result<TalksCommand, ApiError> {
    let me = own_participant(page);
    let participant = || me.clone().ok_or_else(|| ApiError::field("participant", page.t("desk-talks-no-participant")));
    let round = || id(page, "round", f.value("round"), RoundId::parse);
    let communique = || id(page, "communique", f.value("communique"), CommuniqueId::parse);
    let commitment = || id(page, "commitment", f.value("commitment"), CommitmentId::parse);
    let version = || f.number(page, "version")?.ok_or_else(|| ApiError::field("version", page.t("field-required")));
    Ok(match action {
        "announce" => {
            let head: usize = f.value("head").parse().unwrap_or(usize::MAX);
            let mut members = Vec::new();
            for i in 0..MEMBER_ROWS {
                let name = f.value(&format!("name{i}"));
                if name.is_empty() {
                    continue;
                }
                members.push(Member {
                    name: name.to_owned(),
                    title: f.required(page, &format!("title{i}"))?,
                    rank: id(page, &format!("rank{i}"), f.value(&format!("rank{i}")), RankId::parse)?,
                    head: head == i,
                });
            }
            let follows = match f.value("follows") {
                "" => None,
                other => Some(id(page, "follows", other, ParticipantId::parse)?),
            };
            TalksCommand::AnnounceDelegation { round: round()?, participant: participant()?, members, follows }
        }
        "position" => TalksCommand::FilePosition {
            round: round()?,
            item: id(page, "item", f.value("item"), ItemId::parse)?,
            participant: participant()?,
            text: f.required(page, "text")?,
            visibility: f.choice::<Visibility>(page, "visibility")?,
        },
        "sign" => TalksCommand::SignCommunique {
            communique: communique()?,
            version: version()?,
            participant: participant()?,
            signature: f.required(page, "signature")?,
        },
        "decline" => TalksCommand::DeclineCommunique {
            communique: communique()?,
            version: version()?,
            participant: participant()?,
            reason: f.required(page, "reason")?,
        },
        "confirm" => TalksCommand::ConfirmCommitment {
            commitment: commitment()?,
            participant: participant()?,
            signature: f.required(page, "signature")?,
        },
        "convene" => TalksCommand::ConveneRound { round: round()? },
        "adjourn" => TalksCommand::AdjournRound { round: round()?, reason: f.required(page, "reason")? },
        "close" => TalksCommand::CloseRound {
            round: round()?,
            status: f.choice::<RoundStatus>(page, "status")?,
            outcome: f.required(page, "outcome")?,
        },
        "draft" => {
            let lang = f.required(page, "lang")?;
            let round = match f.value("round") {
                "" => None,
                r => Some(id(page, "round", r, RoundId::parse)?),
            };
            let signatories = f
                .all("signatories")
                .into_iter()
                .map(|s| id(page, "signatories", s, ParticipantId::parse))
                .collect::<Result<_, _>>()?;
            TalksCommand::DraftCommunique {
                communique: communique()?,
                round,
                title: f.required(page, "title")?,
                signatories,
                texts: [(lang.clone(), f.raw("text").replace("\r\n", "\n"))].into(),
                authoritative: lang,
            }
        }
        "publish" => TalksCommand::PublishCommunique {
            communique: communique()?,
            publish_as: f.choice::<PublishedAs>(page, "publish_as")?,
        },
        "decide" => TalksCommand::DecideCommitment {
            commitment: commitment()?,
            status: f.choice::<CommitmentStatus>(page, "status")?,
            reason: f.required(page, "reason")?,
            evidence: Vec::new(),
        },
        _ => return Err(ApiError::not_found(format!("no talks form {action}"))),
    })
}

/// `POST /desk/talks/{action}`: one talks form.
pub async fn act(
    State(state): State<AppState>,
    mut page: Page,
    Path(action): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    page.check_csrf(body.csrf())?;
    let back = match body.value("communique") {
        c if action == "sign" || action == "decline" => format!("/desk/talks/communiques/{c}"),
        _ => "/desk/talks".to_owned(),
    };
    page.path = back.clone();
    page.query = String::new();
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    let result = match command_of(&page, &action, &body) {
        Ok(command) => talks::command(&state, &page.caller, page.now, command).await.map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(receipt) => Ok(see_other(&format!("{back}?done={}", receipt.index))),
        Err(e) => {
            let refusal = Some(e);
            let response = if back.starts_with("/desk/talks/communiques/") {
                communique_page(&state, &page, body.value("communique"), refusal.as_ref())?
            } else {
                desk_page(&state, &page, refusal.as_ref())?
            };
            let status = refusal.map_or(StatusCode::UNPROCESSABLE_ENTITY, |e| e.status);
            Ok(with_status(response, status))
        }
    }
}

/// What the last form did: the record it became, or the refusal.
fn outcome(page: &Page, refusal: Option<&ApiError>) -> Markup {
    let done = form_urlencoded::parse(page.query.as_bytes()).find(|(k, _)| k == "done").map(|(_, v)| v.into_owned());
    html! {
        @if let Some(e) = refusal {
            div.error role="alert" { p { (page.tw("desk-talks-refused", &[("field", e.field.as_deref().unwrap_or("-")), ("reason", &e.message)])) } }
        } @else if let Some(index) = done.filter(|d| d.bytes().all(|b| b.is_ascii_digit())) {
            p.notice role="status" { a href=(format!("/api/v1/records/{index}")) { (page.tw("desk-talks-done", &[("index", &index)])) } }
        }
    }
}

fn rank_options(page: &Page, agreement: &Agreement) -> Markup {
    html! { @for r in &agreement.talks.ranks { option value=(r.as_str()) { (super::labels::rank(page, r)) } } }
}

fn round_forms(page: &Page, a: &Agreement, r: &truce_core::talks::Round, mediator: bool) -> Markup {
    let csrf = page.csrf_field();
    let me = own_participant(page);
    let open = !matches!(r.status, RoundStatus::Concluded | RoundStatus::Failed);
    html! {
        article.card id=(format!("round-{}", r.id)) {
            h3 { a href=(format!("/talks/rounds/{}", r.id)) { (r.title) } ", " (r.venue) " — " (page.t(match r.status {
                RoundStatus::Planned => "talks-round-planned",
                RoundStatus::Convened => "talks-round-convened",
                RoundStatus::Adjourned => "talks-round-adjourned",
                RoundStatus::Concluded => "talks-round-concluded",
                RoundStatus::Failed => "talks-round-failed",
            })) }
            @if open && !mediator {
                details {
                    summary { (page.t("desk-talks-announce")) }
                    form method="post" action="/desk/talks/announce" {
                        (csrf)
                        input type="hidden" name="round" value=(r.id.as_str());
                        @for i in 0..MEMBER_ROWS {
                            fieldset {
                                legend { (page.tw("desk-talks-member", &[("n", &(i + 1).to_string())])) }
                                label for=(format!("{}-name{i}", r.id)) { (page.t("desk-talks-name")) }
                                input id=(format!("{}-name{i}", r.id)) name=(format!("name{i}"));
                                label for=(format!("{}-title{i}", r.id)) { (page.t("desk-talks-title-field")) }
                                input id=(format!("{}-title{i}", r.id)) name=(format!("title{i}"));
                                label for=(format!("{}-rank{i}", r.id)) { (page.t("desk-talks-rank")) }
                                select id=(format!("{}-rank{i}", r.id)) name=(format!("rank{i}")) { (rank_options(page, a)) }
                                label { input type="radio" name="head" value=(i) checked[i == 0]; " " (page.t("talks-col-head")) }
                            }
                        }
                        label for=(format!("{}-follows", r.id)) { (page.t("desk-talks-follows")) }
                        select id=(format!("{}-follows", r.id)) name="follows" {
                            option value="" { (page.t("desk-talks-follows-none")) }
                            @for p in a.participants.values().filter(|p| Some(&p.id) != me.as_ref()) {
                                option value=(p.id.as_str()) { (participant_name(page, a, &p.id)) }
                            }
                        }
                        button type="submit" { (page.t("desk-talks-announce")) }
                    }
                }
                @if !r.agenda.is_empty() {
                    details {
                        summary { (page.t("desk-talks-position")) }
                        form method="post" action="/desk/talks/position" {
                            (csrf)
                            input type="hidden" name="round" value=(r.id.as_str());
                            label for=(format!("{}-item", r.id)) { (page.t("desk-talks-item")) }
                            select id=(format!("{}-item", r.id)) name="item" { @for item in &r.agenda { option value=(item.id.as_str()) { (item.title) } } }
                            label for=(format!("{}-text", r.id)) { (page.t("desk-talks-text")) }
                            textarea id=(format!("{}-text", r.id)) name="text" rows="4" {}
                            label for=(format!("{}-visibility", r.id)) { (page.t("desk-talks-visibility")) }
                            select id=(format!("{}-visibility", r.id)) name="visibility" {
                                option value="mediators" { (page.t("desk-talks-visibility-mediators")) }
                                option value="mediators_and_self" { (page.t("desk-talks-visibility-mediators-and-self")) }
                                option value="all" { (page.t("desk-talks-visibility-all")) }
                            }
                            button type="submit" { (page.t("desk-talks-position")) }
                        }
                    }
                }
            }
            @if open && mediator {
                @if matches!(r.status, RoundStatus::Planned | RoundStatus::Adjourned) {
                    form.inline method="post" action="/desk/talks/convene" {
                        (csrf) input type="hidden" name="round" value=(r.id.as_str());
                        button type="submit" { (page.t("desk-talks-convene")) }
                    }
                }
                @if r.status == RoundStatus::Convened {
                    form method="post" action="/desk/talks/adjourn" {
                        (csrf) input type="hidden" name="round" value=(r.id.as_str());
                        label for=(format!("{}-adjourn", r.id)) { (page.t("desk-talks-reason")) }
                        input id=(format!("{}-adjourn", r.id)) name="reason";
                        button type="submit" { (page.t("desk-talks-adjourn")) }
                    }
                }
                @if matches!(r.status, RoundStatus::Convened | RoundStatus::Adjourned) {
                    form method="post" action="/desk/talks/close" {
                        (csrf) input type="hidden" name="round" value=(r.id.as_str());
                        label for=(format!("{}-status", r.id)) { (page.t("talks-col-status")) }
                        select id=(format!("{}-status", r.id)) name="status" {
                            option value="concluded" { (page.t("talks-round-concluded")) }
                            option value="failed" { (page.t("talks-round-failed")) }
                        }
                        label for=(format!("{}-outcome", r.id)) { (page.t("talks-outcome")) }
                        textarea id=(format!("{}-outcome", r.id)) name="outcome" rows="3" {}
                        button type="submit" { (page.t("desk-talks-close")) }
                    }
                }
            }
        }
    }
}

fn desk_page(state: &AppState, page: &Page, refusal: Option<&ApiError>) -> Result<Response, WebError> {
    let a = super::agreement(state)?;
    let mediator =
        page.caller.viewer == Viewer::Mediator && page.caller.principal.as_ref().is_some_and(|p| p.role.is_mediator());
    let me = own_participant(page);
    let t = state.ledger().talks();
    let csrf = page.csrf_field();
    let awaiting = awaiting(&t, mediator, me.as_ref());
    let owed = talks::commitments(
        state,
        page.now,
        &CommitmentFilter {
            owner: me.as_ref().filter(|_| !mediator).map(ToString::to_string),
            status: Some("open".into()),
            overdue: None,
        },
    )?;
    let body = html! {
        (outcome(page, refusal))
        h2 { (page.t("talks-rounds")) }
        @for r in t.rounds.values().rev() { (round_forms(page, &a, r, mediator)) }
        h2 { (page.t("desk-talks-awaiting")) }
        @if awaiting.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            ul { @for c in &awaiting { li {
                a href=(format!("/desk/talks/communiques/{}", c.id)) { (c.title) }
                " — " (page.tw("talks-communique-statement", &[("participants", &c.not_signed(c.current().map_or(0, |v| v.number)).iter().map(|p| participant_name(page, &a, p)).collect::<Vec<_>>().join(", "))]))
                @if mediator {
                    form.inline method="post" action="/desk/talks/publish" {
                        (csrf) input type="hidden" name="communique" value=(c.id.as_str());
                        label for=(format!("{}-as", c.id)) { (page.t("desk-talks-publish")) }
                        select id=(format!("{}-as", c.id)) name="publish_as" {
                            option value="joint" { (page.t("desk-talks-publish-joint")) }
                            option value="mediators_statement" { (page.t("desk-talks-publish-statement")) }
                        }
                        button type="submit" { (page.t("desk-talks-publish")) }
                    }
                }
            } } }
        }
        h2 { (if mediator { page.t("talks-commitments") } else { page.t("desk-talks-owed") }) }
        @if owed.is_empty() { p.muted { (page.t("talks-none")) } } @else {
            @for v in &owed { @let c = &v.commitment;
                article.card id=(format!("commitment-{}", c.id)) {
                    p { bdi { (c.text) } }
                    p.muted { (page.date(c.deadline)) " · " (c.owners.iter().map(|p| participant_name(page, &a, p)).collect::<Vec<_>>().join(", "))
                        " · " (page.t(if c.form == CommitmentForm::Verbal { "talks-form-verbal" } else { "talks-form-written" }))
                        @if v.overdue { " " span.badge { (page.t("talks-overdue")) } } }
                    @if !mediator && c.form == CommitmentForm::Verbal {
                        @if let Some(statement) = &v.statement {
                            p { (page.t("desk-talks-sign-how")) }
                            pre { code { "truce keys sign --key PARTICIPANT.key " (statement) } }
                            form method="post" action="/desk/talks/confirm" {
                                (csrf) input type="hidden" name="commitment" value=(c.id.as_str());
                                label for=(format!("{}-sig", c.id)) { (page.t("desk-talks-signature")) }
                                input id=(format!("{}-sig", c.id)) name="signature" autocomplete="off";
                                button type="submit" { (page.t("desk-talks-confirm")) }
                            }
                        }
                    }
                    @if mediator {
                        form method="post" action="/desk/talks/decide" {
                            (csrf) input type="hidden" name="commitment" value=(c.id.as_str());
                            label for=(format!("{}-status", c.id)) { (page.t("talks-col-status")) }
                            select id=(format!("{}-status", c.id)) name="status" {
                                @for s in ["met", "partly_met", "missed", "withdrawn", "superseded"] {
                                    option value=(s) { (page.t(&format!("talks-commitment-{}", s.replace('_', "-")))) }
                                }
                            }
                            label for=(format!("{}-reason", c.id)) { (page.t("desk-talks-reason")) }
                            textarea id=(format!("{}-reason", c.id)) name="reason" rows="2" {}
                            button type="submit" { (page.t("desk-talks-decide")) }
                        }
                    }
                }
            }
        }
        @if mediator {
            h2 { (page.t("desk-talks-draft")) }
            form method="post" action="/desk/talks/draft" {
                (csrf)
                label for="draft-id" { (page.t("desk-talks-communique-id")) }
                input #draft-id name="communique" required;
                label for="draft-round" { (page.t("talks-col-round")) }
                select #draft-round name="round" { option value="" { "—" } @for r in t.rounds.values() { option value=(r.id.as_str()) { (r.title) } } }
                label for="draft-title" { (page.t("desk-talks-title-field")) }
                input #draft-title name="title" required;
                fieldset { legend { (page.t("desk-talks-signatories")) }
                    @for p in a.participants.values() { label { input type="checkbox" name="signatories" value=(p.id.as_str()); " " (participant_name(page, &a, &p.id)) } }
                }
                label for="draft-lang" { (page.t("desk-talks-language")) }
                select #draft-lang name="lang" { @for l in ["en", "ur", "ps", "fa", "tr", "ar"] { option value=(l) { (l) } } }
                label for="draft-text" { (page.t("desk-talks-text")) }
                textarea #draft-text name="text" rows="6" {}
                button type="submit" { (page.t("desk-talks-draft-submit")) }
            }
        }
    };
    Ok(private(page, layout(page, &page.t("desk-talks"), body)))
}

/// The communiqués awaiting an answer: every unpublished one for the
/// mediators, those awaiting its own signature or refusal for a participant.
fn awaiting<'a>(
    t: &'a truce_core::talks::Talks,
    mediator: bool,
    me: Option<&ParticipantId>,
) -> Vec<&'a truce_core::talks::Communique> {
    t.communiques
        .values()
        .filter(|c| c.published.is_none())
        .filter(|c| {
            mediator
                || me.is_some_and(|p| {
                    c.signatories.contains(p) && c.current().is_some_and(|v| c.answer(p, v.number).is_none())
                })
        })
        .collect()
}

/// For the desk's link to the talks: (commitments overdue, communiqués
/// awaiting an answer) for this reader, its participant's for a party, all
/// for the mediators.
pub fn counts(state: &AppState, page: &Page) -> Result<(usize, usize), WebError> {
    let mediator = page.caller.viewer == Viewer::Mediator;
    let me = own_participant(page);
    let owner = me.as_ref().filter(|_| !mediator).map(ToString::to_string);
    let overdue =
        talks::commitments(state, page.now, &CommitmentFilter { owner, status: None, overdue: Some("true".into()) })?;
    let t = state.ledger().talks();
    let awaiting = awaiting(&t, mediator, me.as_ref()).len();
    Ok((overdue.len(), awaiting))
}

/// `GET /desk/talks`: the caller's talks desk.
pub async fn desk(State(state): State<AppState>, page: Page) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    desk_page(&state, &page, None)
}

fn communique_page(state: &AppState, page: &Page, id: &str, refusal: Option<&ApiError>) -> Result<Response, WebError> {
    let a = super::agreement(state)?;
    let view = match talks::communique(state, &page.caller, id) {
        Ok(v) => v,
        Err(crate::app::AppError::NotFound(_) | crate::app::AppError::Invalid { .. }) => {
            return Ok(with_status(
                layout(page, &page.t("not-found-title"), html! { p { (page.t("not-found-body")) } }),
                StatusCode::NOT_FOUND,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let c = &view.communique;
    let me = own_participant(page);
    let current = c.current();
    let number = current.map_or(0, |v| v.number);
    let answered = me.as_ref().and_then(|p| c.answer(p, number));
    let signatory = c.published.is_none() && me.as_ref().is_some_and(|p| c.signatories.contains(p));
    // A signature by the party's key may follow its decline; nothing follows a signature.
    let declined = matches!(answered.map(|a| &a.answer), Some(truce_core::talks::AnswerKind::Declined { .. }));
    let may_decline = signatory && answered.is_none();
    let may_sign = signatory && (answered.is_none() || declined);
    let csrf = page.csrf_field();
    let body = html! {
        (outcome(page, refusal))
        p.muted { "v" (number) " · " (page.tw("talks-communique-statement", &[("participants", &c.not_signed(number).iter().map(|p| participant_name(page, &a, p)).collect::<Vec<_>>().join(", "))])) }
        @if let Some(v) = current { (crate::web::public::talks::texts(page, v)) }
        @if let Some(diff) = view.diffs.last() {
            h2 { (page.tw("desk-talks-changes", &[("from", &number.saturating_sub(1).to_string())])) }
            pre.diff { @for line in diff { @match line.change {
                "insert" => ins { "+ " (line.text) "\n" },
                "delete" => del { "- " (line.text) "\n" },
                _ => span { "  " (line.text) "\n" },
            } } }
        }
        @if let Some(a) = answered { p.notice { @match &a.answer {
            truce_core::talks::AnswerKind::Signed { .. } => (page.tw("talks-signed", &[("index", &a.record.to_string())])),
            truce_core::talks::AnswerKind::Declined { reason } => (page.tw("talks-declined", &[("reason", reason)])),
        } } }
        @if may_sign {
            @if let Some(statement) = &view.statement {
                h2 { (page.t("desk-talks-sign")) }
                p { (page.t("desk-talks-sign-how")) }
                pre { code { "truce keys sign --key PARTICIPANT.key " (statement) } }
                form method="post" action="/desk/talks/sign" {
                    (csrf)
                    input type="hidden" name="communique" value=(c.id.as_str());
                    input type="hidden" name="version" value=(number);
                    label for="signature" { (page.t("desk-talks-signature")) }
                    input #signature name="signature" autocomplete="off" required;
                    button type="submit" { (page.t("desk-talks-sign")) }
                }
            }
        }
        @if may_decline {
            h2 { (page.t("desk-talks-decline")) }
            form method="post" action="/desk/talks/decline" {
                (csrf)
                input type="hidden" name="communique" value=(c.id.as_str());
                input type="hidden" name="version" value=(number);
                label for="reason" { (page.t("desk-talks-reason")) }
                input #reason name="reason" required;
                button type="submit" { (page.t("desk-talks-decline")) }
            }
        }
        p { a href="/desk/talks" { (page.t("desk-talks")) } }
    };
    Ok(private(page, layout(page, &c.title, body)))
}

/// `GET /desk/talks/communiques/{id}`: a communiqué to sign or decline.
pub async fn communique(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    if let Err(r) = logged_in(&page) {
        return Ok(r);
    }
    communique_page(&state, &page, &id, None)
}
