//! The one handler every case form posts to: it reads the form, checks
//! its CSRF field, builds the domain command and issues it through the
//! same use case as the API ([`crate::app::cases::command`]); then back to
//! the case page, or the form again with the reason next to the field at
//! fault. Evidence files sent with a form go through the API's intake
//! ([`crate::app::evidence::receive`]).

use axum::extract::{Path, State};
use axum::response::Response;
use jiff::Timestamp;
use truce_core::Command;
use truce_core::case::{AccessDenial, Attribution, EvidenceRef, Finding, InvestigationReport, Occurrence, Reply};
use truce_core::command::{AppealDecision, CommandKind};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::vocab::StandardOfProof;

use super::actions::{kind_of, slug};
use super::fields::Failed;
use super::form::FormBody;
use super::{see_other, with_status};
use crate::AppState;
use crate::app::cases;
use crate::app::evidence::{self as intake, Upload};
use crate::app::folded::{self, VisibleCase};
use crate::app::{AppError, Principal};
use crate::error::ApiError;
use crate::web::{Page, WebError};

/// Receives the evidence file sent with a form, if any, through the same
/// intake as the API, and returns its reference for the command.
pub(super) async fn evidence(
    state: &AppState,
    p: &Principal,
    now: Timestamp,
    body: &mut FormBody,
) -> Result<Option<EvidenceRef>, ApiError> {
    let Some(file) = body.take_file("evidence_file") else { return Ok(None) };
    body.set("evidence_sent", "1");
    let description = body.value("evidence_description").to_owned();
    let upload = Upload {
        bytes: file.bytes,
        filename: file.filename,
        description: Some(description.clone()).filter(|d| !d.is_empty()),
    };
    let received = intake::receive(state, p, now, upload).await.map_err(ApiError::from).map_err(|mut e| {
        e.field = e.field.map(|f| match f.as_str() {
            "description" => "evidence_description".to_owned(),
            _ => "evidence_file".to_owned(),
        });
        e
    })?;
    Ok(Some(EvidenceRef { sha256: received.sha256, description }))
}

fn parse_finding(page: &Page, body: &FormBody, prefix: &str, cited: &[EvidenceRef]) -> Result<Finding, ApiError> {
    let n = |s: &str| format!("{prefix}.{s}");
    let occurrence: Occurrence = body.choice(page, &n("occurrence"))?;
    let occurrence_standard_met: StandardOfProof = body.choice(page, &n("occurrence_standard_met"))?;
    let confirmed = occurrence == Occurrence::Confirmed;
    let party = body.value(&n("attribution.party"));
    // Attribution, breaches and severity belong to a confirmed incident
    // only; for any other finding the draft's defaults are set aside.
    let attribution = if party.is_empty() || !confirmed {
        None
    } else {
        Some(Attribution {
            party: ParticipantId::parse(party).map_err(|e| ApiError::field(n("attribution.party"), e.to_string()))?,
            basis: body.choice(page, &n("attribution.basis"))?,
            standard_met: body.choice(page, &n("attribution.standard_met"))?,
        })
    };
    let mut provisions_breached = Vec::new();
    if attribution.is_some() {
        for (i, p) in body.all(&n("provisions_breached")).into_iter().enumerate() {
            provisions_breached.push(
                ProvisionId::parse(p)
                    .map_err(|e| ApiError::field(format!("{}[{i}]", n("provisions_breached")), e.to_string()))?,
            );
        }
    }
    let severity = if body.value(&n("severity")).is_empty() || attribution.is_none() {
        None
    } else {
        Some(body.choice(page, &n("severity"))?)
    };
    let chosen = body.all(&n("evidence"));
    let evidence = cited.iter().filter(|e| chosen.contains(&e.sha256.as_str())).cloned().collect();
    Ok(Finding {
        occurrence,
        occurrence_standard_met,
        attribution,
        provisions_breached,
        acts: body.choices(page, &n("acts"))?,
        severity,
        casualties: body.casualties(page, &n("casualties"))?,
        reasons: body.raw(&n("reasons")).trim().to_owned(),
        evidence,
    })
}

fn yes_or_no(page: &Page, body: &FormBody, name: &str) -> Result<bool, ApiError> {
    match body.value(name) {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(ApiError::field(name, page.t("field-choose-one"))),
    }
}

/// The end of a day given as `YYYY-MM-DD`, UTC.
fn end_of_day(page: &Page, name: &str, value: &str) -> Result<Timestamp, ApiError> {
    let bad = || ApiError::field(name, page.tw("field-not-a-date", &[("value", value)]));
    let date: jiff::civil::Date = value.parse().map_err(|_| bad())?;
    jiff::tz::Offset::UTC.to_timestamp(date.at(23, 59, 59, 0)).map_err(|_| bad())
}

/// The command a form asks for. Text the core requires is checked first,
/// so that a file is not received for a form that is bound to fail.
async fn command_of(
    state: &AppState,
    page: &Page,
    p: &Principal,
    action: CommandKind,
    cited: &[EvidenceRef],
    body: &mut FormBody,
) -> Result<Command, ApiError> {
    let text = |body: &FormBody, name: &str| body.raw(name).trim().to_owned();
    Ok(match action {
        CommandKind::FileReport => return Err(ApiError::field("type", "file a new case with the filing form")),
        CommandKind::Acknowledge => Command::Acknowledge {},
        CommandKind::Admit => Command::Admit { note: text(body, "note") },
        CommandKind::RuleInadmissible => Command::RuleInadmissible { reason: body.required(page, "reason")? },
        CommandKind::MergeDuplicate => {
            let into = body.required(page, "into")?;
            let into = CaseId::parse(&into).map_err(|e| ApiError::field("into", e.to_string()))?;
            Command::MergeDuplicate { into, note: text(body, "note") }
        }
        CommandKind::NotifyAccused => Command::NotifyAccused {},
        CommandKind::SubmitReply => {
            let position = body.choice(page, "reply.position")?;
            let reply_text = body.required(page, "reply.text")?;
            let evidence = evidence(state, p, page.now, body).await?.into_iter().collect();
            Command::SubmitReply { reply: Reply { position, text: reply_text, evidence } }
        }
        CommandKind::MarkReplyOverdue => Command::MarkReplyOverdue {},
        CommandKind::TaskInvestigation => {
            let team = body.required(page, "team")?;
            let team = ParticipantId::parse(&team).map_err(|e| ApiError::field("team", e.to_string()))?;
            let due = match body.value("due") {
                "" => None,
                d => Some(end_of_day(page, "due", d)?),
            };
            let replaces = match body.value("replaces") {
                "" => None,
                r => Some(ParticipantId::parse(r).map_err(|e| ApiError::field("replaces", e.to_string()))?),
            };
            Command::TaskInvestigation { team, due, replaces }
        }
        CommandKind::RecordAccessDenial => {
            let by = body.required(page, "denial.by")?;
            let by = ParticipantId::parse(&by).map_err(|e| ApiError::field("denial.by", e.to_string()))?;
            let place = body.required(page, "denial.place")?;
            let description = body.required(page, "denial.description")?;
            Command::RecordAccessDenial { denial: AccessDenial { by, place, description } }
        }
        CommandKind::SubmitInvestigationReport => {
            let summary = body.required(page, "report.summary")?;
            let evidence = evidence(state, p, page.now, body).await?.into_iter().collect();
            Command::SubmitInvestigationReport { report: InvestigationReport { summary, evidence } }
        }
        CommandKind::ProposeFinding => {
            Command::ProposeFinding { finding: parse_finding(page, body, "finding", cited)? }
        }
        CommandKind::Vote => {
            let approve = yes_or_no(page, body, "approve")?;
            Command::Vote { approve, reason: text(body, "reason") }
        }
        CommandKind::FileAppeal => Command::FileAppeal { grounds: body.required(page, "grounds")? },
        CommandKind::ProposeAppealDecision => {
            let decision = match body.value("decision.outcome") {
                "uphold" => AppealDecision::Uphold,
                "revise" => AppealDecision::Revise { finding: parse_finding(page, body, "decision.finding", cited)? },
                _ => return Err(ApiError::field("decision.outcome", page.t("field-choose-one"))),
            };
            Command::ProposeAppealDecision { decision, reason: body.required(page, "reason")? }
        }
        CommandKind::Finalize => Command::Finalize {},
        CommandKind::ProposePenaltyDecision => {
            Command::ProposePenaltyDecision { level: body.number(page, "level")?, reason: text(body, "reason") }
        }
        CommandKind::RecordCompliance => {
            Command::RecordCompliance { complied: yes_or_no(page, body, "complied")?, note: text(body, "note") }
        }
        CommandKind::Close => Command::Close { note: text(body, "note") },
        CommandKind::Reopen => {
            let reason = body.required(page, "reason")?;
            let evidence: Vec<EvidenceRef> = evidence(state, p, page.now, body).await?.into_iter().collect();
            if evidence.is_empty() {
                return Err(ApiError::field("evidence_file", page.t("reopen-needs-evidence")));
            }
            Command::Reopen { reason, evidence }
        }
        CommandKind::AmendAllegation => {
            return Err(ApiError::field("type", "amend the allegation with its own form, /cases/{id}/amend"));
        }
        CommandKind::WithdrawAllegation => Command::WithdrawAllegation { reason: body.required(page, "reason")? },
        CommandKind::ExtendDeadline => {
            let name = body.required(page, "deadline")?;
            let deadline = truce_core::case::DeadlineKind::parse(&name)
                .ok_or_else(|| ApiError::field("deadline", page.t("field-choose-one")))?;
            let party = match body.value("party") {
                "" => None,
                v => Some(ParticipantId::parse(v).map_err(|e| ApiError::field("party", e.to_string()))?),
            };
            let until = end_of_day(page, "until", &body.required(page, "until")?)?;
            Command::ExtendDeadline { deadline, party, until, reason: body.required(page, "reason")? }
        }
        CommandKind::LinkCase => {
            let other = body.required(page, "other")?;
            let other = CaseId::parse(other.trim()).map_err(|e| ApiError::field("other", e.to_string()))?;
            let relation = match body.value("relation") {
                "counter_allegation" => truce_core::case::LinkRelation::CounterAllegation,
                "related" => truce_core::case::LinkRelation::Related,
                _ => return Err(ApiError::field("relation", page.t("field-choose-one"))),
            };
            Command::LinkCase { other, relation, note: text(body, "note") }
        }
        CommandKind::AddNote => Command::AddNote { text: body.required(page, "text")? },
    })
}

/// Takes the action a case form posts: reads it, checks its CSRF field,
/// builds the command and submits it; then back to the case page, or the
/// form again with the reason next to the field at fault.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    Path((id, form)): Path<(String, String)>,
    body: FormBody,
) -> Result<Response, WebError> {
    take(&state, page, &id, form, body).await
}

/// The merge form, posted from the comparison page.
pub async fn merge(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<String>,
    body: FormBody,
) -> Result<Response, WebError> {
    take(&state, page, &id, slug(CommandKind::MergeDuplicate).to_owned(), body).await
}

async fn take(state: &AppState, page: Page, id: &str, form: String, mut body: FormBody) -> Result<Response, WebError> {
    let state = state.clone();
    let id = id.to_owned();
    // A refused form is shown on the case page: its language and calendar
    // links lead there, not to this address, which only takes posts.
    let mut page = page;
    page.path = super::case_href(&id);
    page.query = String::new();
    page.check_csrf(body.csrf())?;
    let Some(action) = kind_of(&form) else { return Ok(crate::web::not_found(page).await) };
    if page.caller.principal.is_none() {
        return Ok(see_other(&format!("/login?next=/cases/{id}")));
    }
    let p = match super::logged_in(&page) {
        Ok(p) => p.clone(),
        Err(r) => return Ok(r),
    };
    let VisibleCase { case, events, .. } =
        match folded::visible_case_with_events(&state, &page.caller.viewer, &id).await {
            Ok(c) => c,
            Err(AppError::NotFound(_)) => return Ok(crate::web::not_found(page).await),
            Err(e) => return Err(e.into()),
        };
    let cited = folded::cited_evidence(&case, &events);
    let result = match command_of(&state, &page, &p, action, &cited, &mut body).await {
        Ok(command) => {
            cases::command(&state, &page.caller, page.now, &id, command).await.map(|_| ()).map_err(ApiError::from)
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(see_other(&super::case_href(&id))),
        Err(e) if e.status.is_server_error() => Err(WebError(e)),
        Err(error) => {
            let status = error.status;
            let failed = Failed { form, body, error };
            let page_out = if action == CommandKind::MergeDuplicate {
                super::merge::render(&state, &page, &id, Some(&failed)).await?
            } else {
                super::case::render(&state, &page, &id, Some(&failed)).await?
            };
            Ok(with_status(page_out, status))
        }
    }
}
