//! Cases: the filtered list, one case with its timeline and proofs, filing,
//! every later command, and records signed by a party's own system.
//!
//! What a caller sees goes through [`truce_core::access`]; what a caller may
//! do is decided by the domain core when the sequencer applies the record.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::ids::CaseId;
use truce_core::{Case, CaseCommand, Command, CommandError, Event, Status};
use truce_node::records::Body;
use truce_node::{Effect, NodeError, Receipt, Rejection, Reveal, Submission};
use truce_store::{CaseFilter, CaseRow, CaseScope};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Most cases on one page.
pub const MAX_PAGE: u64 = 200;

/// Filters of the case list. An empty value (as an HTML form sends for a
/// field left blank) is the same as no value.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// The accused party, such as `PAK`.
    pub party: Option<String>,
    /// A provision cited, such as `P1`.
    pub provision: Option<String>,
    /// The status, such as `under_investigation`.
    #[param(value_type = Option<Status>)]
    pub status: Option<String>,
    /// Incidents from this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub from: Option<String>,
    /// Incidents before this time (RFC 3339).
    #[param(value_type = Option<String>, format = DateTime)]
    pub until: Option<String>,
    /// The border sector, such as `chaman_kandahar`.
    pub sector: Option<String>,
    /// Words to find in the summary or case id (at most 200 characters):
    /// each word must begin a word of the case, ignoring case; `2025-10-15`
    /// or a whole case id asks for those words in a row. Text with no letter
    /// or digit matches no case.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Cases per page, 1 to 200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` cursor of the previous page.
    #[param(pattern = "^-?[0-9]{1,12}~[A-Za-z0-9_.-]{1,64}$")]
    pub after: Option<String>,
}

/// A case in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    /// Its id.
    pub id: String,
    /// Its status.
    pub status: String,
    /// The accused party.
    pub accused: String,
    /// The complainant participant; none for the public.
    pub complainant: Option<String>,
    /// When the incident happened.
    pub occurred_at: String,
    /// When it was filed.
    pub filed_at: String,
    /// One line.
    pub summary: String,
    /// Provisions cited.
    pub provisions: Vec<String>,
    /// The border sector, if located near the line.
    pub sector: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Whether it is published.
    pub published: bool,
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// The cases, newest incident first.
    pub cases: Vec<CaseSummary>,
    /// Pass as `after` for the next page; absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Set when the deployment holds sample data (the demo): show it with the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_data: Option<String>,
}

fn time_text(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| t.to_string()).unwrap_or_default()
}

fn parse_time(field: &str, value: &str) -> Result<i64, ApiError> {
    value
        .parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|e| ApiError::field(field, format!("is not an RFC 3339 time such as 2025-10-12T00:00:00Z: {e}")))
}

fn summary_of(row: &CaseRow) -> CaseSummary {
    let published = Status::parse(&row.status).is_some_and(access::is_published);
    CaseSummary {
        id: row.id.clone(),
        status: row.status.clone(),
        accused: row.accused.clone(),
        complainant: row.complainant.clone(),
        occurred_at: time_text(row.occurred_at),
        filed_at: time_text(row.filed_at),
        summary: row.summary.clone(),
        provisions: row.provisions.split(',').filter(|p| !p.is_empty()).map(str::to_owned).collect(),
        sector: row.sector.clone(),
        lat: row.lat,
        lon: row.lon,
        published,
    }
}

fn published_statuses() -> Vec<String> {
    access::PUBLISHED.iter().map(|s| s.as_str().to_owned()).collect()
}

/// The list scope of a viewer.
pub fn scope_of(viewer: &Viewer) -> CaseScope {
    match viewer {
        Viewer::Mediator => CaseScope::All,
        Viewer::Party(p) | Viewer::Team(p) => {
            CaseScope::Participant { participant: p.to_string(), statuses: published_statuses() }
        }
        Viewer::Public => CaseScope::Published { statuses: published_statuses() },
    }
}

/// The cases a party or team is itself concerned in (filed, accused,
/// tasked), without the published cases of others: the list behind a
/// participant's desk. `None` for mediators and the public, who have no
/// cases of their own.
pub fn own_scope(viewer: &Viewer) -> Option<CaseScope> {
    match viewer {
        Viewer::Party(p) | Viewer::Team(p) => {
            Some(CaseScope::Participant { participant: p.to_string(), statuses: Vec::new() })
        }
        Viewer::Mediator | Viewer::Public => None,
    }
}

fn filter_of(q: &CaseQuery) -> Result<(CaseFilter, u64), ApiError> {
    let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut f = CaseFilter {
        party: given(&q.party),
        provision: given(&q.provision),
        sector: given(&q.sector),
        text: given(&q.q),
        ..CaseFilter::default()
    };
    if let Some(s) = given(&q.status) {
        let status = Status::parse(&s).ok_or_else(|| {
            let known: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
            ApiError::field("status", format!("{s:?} is not a status; one of {}", known.join(", ")))
        })?;
        f.status = Some(status.as_str().to_owned());
    }
    if let Some(t) = &q.text_len_check() {
        return Err(ApiError::field("q", format!("is {t} characters long; the limit is 200")));
    }
    f.from = given(&q.from).map(|v| parse_time("from", &v)).transpose()?;
    f.until = given(&q.until).map(|v| parse_time("until", &v)).transpose()?;
    let limit = match given(&q.limit) {
        None => 50,
        Some(l) => match l.parse::<u64>() {
            Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
            _ => return Err(ApiError::field("limit", format!("{l:?} is not a whole number from 1 to {MAX_PAGE}"))),
        },
    };
    if let Some(a) = given(&q.after) {
        let bad = || ApiError::field("after", "is not a cursor returned as `next` by this list");
        let (at, id) = a.split_once('~').ok_or_else(bad)?;
        f.after = Some((at.parse().map_err(|_| bad())?, id.to_owned()));
    }
    Ok((f, limit))
}

impl CaseQuery {
    fn text_len_check(&self) -> Option<usize> {
        self.q.as_ref().map(|t| t.chars().count()).filter(|n| *n > 200)
    }
}

/// The cases the caller may see, filtered and paged.
#[utoipa::path(get, path = "/api/v1/cases", tag = "truce", params(CaseQuery),
    responses((status = 200, body = CasePage), (status = 422, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> Result<Json<CasePage>, ApiError> {
    let (filter, limit) = filter_of(&q)?;
    let rows = state.store().list_cases(&scope_of(&caller.viewer), &filter, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let cases: Vec<CaseSummary> = rows.iter().take(limit as usize).map(summary_of).collect();
    let next = if more { rows.get(limit as usize - 1).map(|r| format!("{}~{}", r.occurred_at, r.id)) } else { None };
    Ok(Json(CasePage { cases, next, sample_data: state.sample_notice().map(str::to_owned) }))
}

/// One event of a case's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntry {
    /// Its number in the case.
    pub seq: u64,
    /// The log record that produced it.
    pub record_index: u64,
    /// Where its inclusion proof is.
    pub proof: String,
    /// The inclusion proof itself, a `c2sp.org/tlog-proof@v1` file against
    /// the latest checkpoint.
    pub tlog_proof: String,
    /// The event.
    pub event: Event,
}

/// An evidence file cited by a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceItem {
    /// Its SHA-256.
    pub sha256: String,
    /// What the filer says it is.
    pub description: String,
    /// Whether this caller may download it.
    pub readable: bool,
    /// Its type, sniffed from its bytes; only for those who may read it.
    pub content_type: Option<String>,
    /// Where and when it says it was taken; only for those who may read it.
    pub exif: Option<super::evidence::ExifView>,
    /// How that disagrees with the case's place and time; only for those who may read it.
    pub mismatch: Vec<super::evidence::MismatchView>,
}

/// A case with its timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// The case as the caller may see it.
    pub case: Case,
    /// Whether it is published.
    pub published: bool,
    /// Its events as the caller may see them, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The evidence it cites.
    pub evidence: Vec<EvidenceItem>,
    /// Warnings about the case for this caller, such as cited evidence
    /// taken far from the reported place.
    pub flags: Vec<String>,
    /// Set when the deployment holds sample data (the demo): show it with the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_data: Option<String>,
}

/// A case a caller may see, with its stored events, oldest first:
/// `rows[i]` is where `events[i]` is stored (its position and record).
pub struct VisibleCase {
    /// The case, folded from its events.
    pub case: Case,
    /// The stored event rows.
    pub rows: Vec<truce_store::EventRow>,
    /// The events they hold.
    pub events: Vec<Event>,
}

/// Loads a case the caller may see with its events, or answers 404 (a case
/// the caller may not see is answered exactly like one that does not
/// exist). One read: the case is the fold of the events it returns.
pub async fn visible_case_with_events(state: &AppState, viewer: &Viewer, id: &str) -> Result<VisibleCase, ApiError> {
    let missing = || ApiError::not_found(format!("there is no case {id} that you may see"));
    let rows = state.store().case_events(id).await?;
    if rows.is_empty() {
        return Err(missing());
    }
    let events = crate::folded::parse(&rows)?;
    let case = crate::folded::fold(&events)?;
    if !access::may_see_case(viewer, CaseParties::of(&case)) {
        return Err(missing());
    }
    Ok(VisibleCase { case, rows, events })
}

/// Loads a case the caller may see, or answers 404 (a case the caller may
/// not see is answered exactly like one that does not exist).
pub async fn visible_case(state: &AppState, viewer: &Viewer, id: &str) -> Result<Case, ApiError> {
    Ok(visible_case_with_events(state, viewer, id).await?.case)
}

/// Every evidence reference in a case.
pub fn cited_evidence(case: &Case, events: &[Event]) -> Vec<truce_core::case::EvidenceRef> {
    let mut out: Vec<truce_core::case::EvidenceRef> = case.allegation.evidence.clone();
    if let Some(r) = &case.reply {
        out.extend(r.evidence.iter().cloned());
    }
    if let Some(r) = &case.investigation {
        out.extend(r.evidence.iter().cloned());
    }
    if let Some(f) = &case.finding {
        out.extend(f.evidence.iter().cloned());
    }
    for e in events {
        if let truce_core::EventKind::Reopened { evidence, .. } = &e.kind {
            out.extend(evidence.iter().cloned());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|e| seen.insert(e.sha256.clone()));
    out
}

/// A case with its timeline, as the caller may see it.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "truce", params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CaseView>, ApiError> {
    Ok(Json(case_view(&state, &caller.viewer, &id, true).await?))
}

/// Case `id` as `viewer` may see it, with the timeline it may see and the
/// evidence it cites: the one read behind the API's case and the web's case
/// page. With `embed_proofs` each timeline entry carries its inclusion
/// proof; without, `tlog_proof` is empty and `proof` says where it is.
/// A case the viewer may not see is 404, like a missing one.
pub async fn case_view(state: &AppState, viewer: &Viewer, id: &str, embed_proofs: bool) -> Result<CaseView, ApiError> {
    let VisibleCase { case, rows, events } = visible_case_with_events(state, viewer, id).await?;
    let visible: Vec<_> = access::visible_events(viewer, &events)
        .into_iter()
        .filter_map(|i| Some((rows.get(i)?, events.get(i)?)))
        .collect();
    let proofs = if embed_proofs {
        let indexes: Vec<u64> = visible.iter().map(|(row, _)| row.record_idx).collect();
        crate::log::tlog_proofs(state, &indexes).await?
    } else {
        vec![String::new(); visible.len()]
    };
    let timeline = visible
        .into_iter()
        .zip(proofs)
        .map(|((row, e), tlog_proof)| TimelineEntry {
            seq: row.seq,
            record_index: row.record_idx,
            proof: format!("/api/v1/records/{}/proof", row.record_idx),
            tlog_proof,
            event: e.clone(),
        })
        .collect();
    let mut evidence = Vec::new();
    let mut flags = Vec::new();
    for item in cited_evidence(&case, &events) {
        let (file, raised) = super::evidence::cited_file(state, viewer, &case, &item.sha256).await?;
        flags.extend(raised);
        evidence.push(EvidenceItem {
            sha256: item.sha256,
            description: item.description,
            readable: file.readable,
            content_type: file.content_type,
            exif: file.exif,
            mismatch: file.mismatch,
        });
    }
    let published = access::is_published(case.status);
    Ok(CaseView {
        case: access::redact_case(viewer, &case),
        published,
        timeline,
        evidence,
        flags,
        sample_data: state.sample_notice().map(str::to_owned),
    })
}

/// A new case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileCase {
    /// The case id to use; one is made from the date if absent.
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z0-9_.-]{1,64}$")]
    pub id: Option<String>,
    /// The allegation.
    pub allegation: truce_core::case::Allegation,
}

/// What a command did, with the proof that it is in the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommandReceipt {
    /// The case.
    pub case: String,
    /// The log record's index.
    pub record_index: u64,
    /// The tree size of the checkpoint the proof is against.
    pub tree_size: u64,
    /// The events it produced.
    pub events: Vec<Event>,
    /// The inclusion proof, as a `c2sp.org/tlog-proof@v1` file.
    pub tlog_proof: String,
}

fn receipt_of(case: String, r: Receipt) -> CommandReceipt {
    let events = match r.effect {
        Effect::Case(events) => events.into_iter().map(|(_, e)| e).collect(),
        _ => Vec::new(),
    };
    CommandReceipt { case, record_index: r.index, tree_size: r.size, events, tlog_proof: r.tlog_proof }
}

/// File an allegation, opening a case.
#[utoipa::path(post, path = "/api/v1/cases", tag = "truce", request_body = FileCase,
    responses((status = 201, body = CommandReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn file_case(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(req): ApiJson<FileCase>,
) -> Result<(StatusCode, Json<CommandReceipt>), ApiError> {
    let (id, receipt) = file_allegation(&state, caller.require()?, req.id.as_deref(), req.allegation).await?;
    Ok((StatusCode::CREATED, Json(receipt_of(id.to_string(), receipt))))
}

/// Files `allegation` as `principal`, opening case `id` (one is made from
/// the incident's date if `None`): the one filing of the API and the web.
pub async fn file_allegation(
    state: &AppState,
    principal: &crate::auth::Principal,
    id: Option<&str>,
    allegation: truce_core::case::Allegation,
) -> Result<(CaseId, Receipt), ApiError> {
    if let Some(id) = id {
        let id = CaseId::parse(id).map_err(|e| ApiError::field("id", e.to_string()))?;
        let command = CaseCommand { case: id.clone(), command: Command::FileReport { allegation } };
        let receipt = state.submit_as(principal, &Body::Case(Box::new(command))).await?;
        return Ok((id, receipt));
    }
    // A made id is the date and 32 random bits. Should it meet a case that
    // already exists, the filer did not choose it: make another.
    let date = allegation.occurred_at.strftime("%Y-%m-%d").to_string();
    let mut attempts = 1;
    loop {
        let id = CaseId::parse(&format!("{date}-{}", crate::auth::random_hex(4)?)).map_err(ApiError::internal)?;
        let command = CaseCommand { case: id.clone(), command: Command::FileReport { allegation: allegation.clone() } };
        let submission = state.signed_as(principal, &Body::Case(Box::new(command)))?;
        match state.ledger().submit(submission).await {
            Err(NodeError::Rejected(Rejection::Command(CommandError::CaseExists(_))))
                if attempts < MADE_ID_ATTEMPTS =>
            {
                attempts += 1;
            }
            result => return Ok((id, result?)),
        }
    }
}

/// How many random ids a filing tries before it reports a clash.
const MADE_ID_ATTEMPTS: u32 = 3;

/// Issue a command on a case; the body is the command, tagged by `type`
/// (`acknowledge.v1`, `admit.v1`, `submit_reply.v1`, `vote.v1`, …).
#[utoipa::path(post, path = "/api/v1/cases/{id}/commands", tag = "truce",
    params(("id" = String, Path, description = "Case id")),
    request_body(content = Command, description = "A command, tagged by `type`"),
    responses((status = 201, body = CommandReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn issue_command(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(command): ApiJson<Command>,
) -> Result<(StatusCode, Json<CommandReceipt>), ApiError> {
    let receipt = command_case(&state, &caller, &id, command).await?;
    Ok((StatusCode::CREATED, Json(receipt_of(id, receipt))))
}

/// Issues `command` on case `id` as the caller: the one path of every later
/// command, for the API and the web. Filing is refused here (it opens a
/// case: [`file_allegation`]); a case the caller may not see is 404.
pub async fn command_case(state: &AppState, caller: &Caller, id: &str, command: Command) -> Result<Receipt, ApiError> {
    let p = caller.require()?;
    let case = CaseId::parse(id).map_err(|e| ApiError::field("id", e.to_string()))?;
    if matches!(command, Command::FileReport { .. }) {
        return Err(ApiError::field("type", "file a new case with POST /api/v1/cases"));
    }
    // A caller who may not see the case learns nothing from trying a command on it.
    visible_case(state, &caller.viewer, id).await?;
    state.submit_as(p, &Body::Case(Box::new(CaseCommand { case, command }))).await
}

/// A record signed by the author's own key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedSubmission {
    /// The signed record: `{"record": {...}, "signature": "..."}` as `truce-ledger` defines it.
    #[schema(value_type = SignedRecordJson)]
    pub record: truce_ledger::SignedRecord,
    /// For a record that carries a commitment: the salt (base64) and body.
    #[serde(default)]
    pub reveal: Option<RevealBody>,
}

/// A record signed by its author, as JSON: the record's fields and `sig`
/// (`truce_ledger::SignedRecord`). The signature covers the record's
/// canonical JSON (RFC 8785) without `sig`.
#[derive(Debug, ToSchema)]
pub struct SignedRecordJson {
    /// The record format version (1).
    #[schema(minimum = 1, maximum = 1)]
    pub v: u32,
    /// The record type, such as `case.command.v1` or `evidence.received.v1`.
    #[schema(rename = "type", min_length = 1)]
    pub kind: String,
    /// The author's principal id.
    #[schema(pattern = "^[A-Za-z0-9_.-]{1,64}$")]
    pub author: String,
    /// The author's participant, if any.
    pub participant: Option<String>,
    /// When it was signed (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub time: String,
    /// The body, for a record in the clear.
    #[schema(value_type = Option<Object>)]
    pub body: Option<serde_json::Value>,
    /// Lower-case hex SHA-256 commitment to a confidential body, instead of `body`.
    #[schema(pattern = "^[0-9a-f]{64}$")]
    pub commitment: Option<String>,
    /// The Ed25519 signature, base64 of 64 bytes.
    #[schema(pattern = "^[A-Za-z0-9+/]{85}[AQgw]==$")]
    pub sig: String,
}

/// The body and salt of a confidential record, revealed to the log operator.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    /// The 32-byte salt, base64.
    #[schema(pattern = "^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")]
    pub salt: String,
    /// The body.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

impl RevealBody {
    /// The salt decoded; `at` names this object in errors.
    pub fn decode(self, at: &str) -> Result<Reveal, ApiError> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.salt)
            .map_err(|e| ApiError::field(format!("{at}.salt"), format!("is not base64: {e}")))?;
        let salt: [u8; 32] = bytes.try_into().map_err(|_| ApiError::field(format!("{at}.salt"), "must be 32 bytes"))?;
        Ok(Reveal { salt, body: self.body })
    }
}

/// What appending a record did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordReceipt {
    /// The record's index.
    pub record_index: u64,
    /// The tree size of the checkpoint the proof is against.
    pub tree_size: u64,
    /// The signed checkpoint.
    pub checkpoint: String,
    /// The inclusion proof, as a `c2sp.org/tlog-proof@v1` file.
    pub tlog_proof: String,
}

/// Append a record signed by its author's own key (a party's own system).
/// The signature is the authentication: no session or token is needed.
#[utoipa::path(post, path = "/api/v1/records", tag = "truce", request_body = SignedSubmission,
    responses((status = 201, body = RecordReceipt), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn submit_record(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignedSubmission>,
) -> Result<(StatusCode, Json<RecordReceipt>), ApiError> {
    let reveal = req.reveal.map(|r| r.decode("reveal")).transpose()?;
    if state.ledger().principal(&req.record.record.author).is_none() {
        return Err(ApiError::field(
            "record.record.author",
            format!("{} is not a registered principal", req.record.record.author),
        ));
    }
    let receipt = state.ledger().submit(Submission::signed_elsewhere(req.record, reveal)).await?;
    Ok((
        StatusCode::CREATED,
        Json(RecordReceipt {
            record_index: receipt.index,
            tree_size: receipt.size,
            checkpoint: receipt.checkpoint,
            tlog_proof: receipt.tlog_proof,
        }),
    ))
}
