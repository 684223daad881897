//! Cases: the filtered list, one case as its reader may see it (timeline,
//! proofs, evidence), filing, every later command, and records signed by
//! a party's own system.
//!
//! What a caller sees goes through [`truce_core::access`]; what a caller may
//! do is decided by the domain core when the sequencer applies the record.

use jiff::Timestamp;
use serde::Serialize;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::ids::CaseId;
use truce_core::{Case, CaseCommand, Command, CommandError, Event, Status};
use truce_node::projection::CaseListing;
use truce_node::records::Body;
use truce_node::{Effect, NodeError, Receipt, Rejection, Reveal, Submission};
use truce_store::{CaseFilter, CaseRow, CaseScope};
use utoipa::ToSchema;

use super::folded::{VisibleCase, cited_evidence, visible_case, visible_case_with_events};
use super::{App, AppError, Caller, Principal};

/// Most cases on one page.
pub const MAX_PAGE: u64 = 200;

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

fn summary_of(row: &CaseRow) -> Result<CaseSummary, AppError> {
    let listed = CaseListing::decode(row).map_err(AppError::internal)?;
    Ok(CaseSummary {
        id: listed.id.to_string(),
        status: listed.status.as_str().to_owned(),
        accused: listed.accused.to_string(),
        complainant: listed.complainant.map(|p| p.to_string()),
        occurred_at: listed.occurred_at.to_string(),
        filed_at: listed.filed_at.to_string(),
        summary: listed.summary,
        provisions: listed.provisions.iter().map(ToString::to_string).collect(),
        sector: listed.sector,
        lat: listed.location.map(|(lat, _)| lat),
        lon: listed.location.map(|(_, lon)| lon),
        published: access::is_published(listed.status),
    })
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

/// The cases `viewer` may see that `filter` selects, at most `limit`,
/// folded from their events: the lists behind the desks.
pub async fn folded(app: &App, viewer: &Viewer, filter: &CaseFilter, limit: u64) -> Result<Vec<Case>, AppError> {
    let rows = app.store().list_cases(&scope_of(viewer), filter, limit).await?;
    let cases = super::folded::cases_of(app, &rows).await?;
    Ok(cases.into_iter().filter(|c| access::may_see_case(viewer, CaseParties::of(c))).collect())
}

/// The cases a party or team is itself concerned in (filed, accused,
/// tasked), at most `limit`, folded; none for mediators and the public.
pub async fn own(app: &App, viewer: &Viewer, limit: u64) -> Result<Vec<Case>, AppError> {
    let Some(scope) = own_scope(viewer) else { return Ok(Vec::new()) };
    let rows = app.store().list_cases(&scope, &CaseFilter::default(), limit).await?;
    super::folded::cases_of(app, &rows).await
}

/// The cases `caller` may see that `filter` selects, `limit` at a time.
pub async fn list(app: &App, caller: &Caller, filter: &CaseFilter, limit: u64) -> Result<CasePage, AppError> {
    let rows = app.store().list_cases(&scope_of(&caller.viewer), filter, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let cases = rows.iter().take(limit as usize).map(summary_of).collect::<Result<Vec<_>, _>>()?;
    let next = if more { rows.get(limit as usize - 1).map(|r| format!("{}~{}", r.occurred_at, r.id)) } else { None };
    Ok(CasePage { cases, next, sample_data: app.sample_notice().map(str::to_owned) })
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
    /// Who held the key of the event's actor: `own` or `server` (see
    /// [`super::records::RecordView::custody`]); none for an event with no actor.
    pub custody: Option<&'static str>,
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
    /// Until the case is under way (reported, acknowledged or admitted):
    /// cases this caller may see that look like the same incident.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<String>,
    /// For the mediators: the public-source reports (such as `acled:PAK12345`)
    /// that looked like this case when they were imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub public_sources: Vec<String>,
    /// Set when the deployment holds sample data (the demo): show it with the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_data: Option<String>,
}

/// Case `id` as `viewer` may see it, with the timeline it may see and the
/// evidence it cites: the one read behind the API's case and the web's case
/// page. With `embed_proofs` each timeline entry carries its inclusion
/// proof; without, `tlog_proof` is empty and `proof` says where it is.
/// A case the viewer may not see is 404, like a missing one.
pub async fn view(app: &App, viewer: &Viewer, id: &str, embed_proofs: bool) -> Result<CaseView, AppError> {
    let VisibleCase { mut case, rows, events } = visible_case_with_events(app, viewer, id).await?;
    // A link to a case the reader may not see would tell it that case exists.
    let mut hidden = std::collections::BTreeSet::new();
    for link in case.links.iter().filter(|_| *viewer != Viewer::Mediator) {
        if matches!(visible_case(app, viewer, link.case.as_str()).await, Err(AppError::NotFound(_))) {
            hidden.insert(link.case.clone());
        }
    }
    case.links.retain(|l| !hidden.contains(&l.case));
    let visible: Vec<_> = access::visible_events(viewer, &events)
        .into_iter()
        .filter_map(|i| Some((rows.get(i)?, events.get(i)?)))
        .filter(|(_, e)| !matches!(&e.kind, truce_core::EventKind::CaseLinked { other, .. } if hidden.contains(other)))
        .collect();
    let proofs = if embed_proofs {
        let indexes: Vec<u64> = visible.iter().map(|(row, _)| row.record_idx).collect();
        super::records::tlog_proofs(app, &indexes).await?
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
            custody: e.actor.as_ref().map(|a| super::records::custody_of(app, a.principal.as_str())),
            event: e.clone(),
        })
        .collect();
    let mut evidence = Vec::new();
    let mut flags = Vec::new();
    for item in cited_evidence(&case, &events) {
        let (file, raised) = super::evidence::cited_file(app, viewer, &case, &item.sha256).await?;
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
    let possible_duplicates = if duplicates_told(case.status) {
        possible_duplicates(app, viewer, &case).await?.iter().map(ToString::to_string).collect()
    } else {
        Vec::new()
    };
    let public_sources = if *viewer == Viewer::Mediator {
        app.ledger()
            .public_sources_matching(&case)
            .iter()
            .map(|r| format!("{}:{}", r.report.dataset.as_str(), r.report.event_id_cnty))
            .collect()
    } else {
        Vec::new()
    };
    Ok(CaseView {
        case: access::redact_case(viewer, &case),
        published,
        timeline,
        evidence,
        flags,
        possible_duplicates,
        public_sources,
        sample_data: app.sample_notice().map(str::to_owned),
    })
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
    /// On filing: cases the filer may see that look like reports of the
    /// same incident (same accused, close in time and place). The mediators
    /// see them on the case until admission, and may merge them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible_duplicates: Vec<String>,
    /// On filing by someone who may not see the case before it is
    /// published (the public): where to follow its status. Keep it; it is
    /// shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow: Option<String>,
    /// On filing: the early-warning alerts the report raised (their records).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub early_warning: Vec<u64>,
}

/// The receipt of a command on `case`.
pub fn receipt_of(case: String, r: Receipt) -> CommandReceipt {
    let events = match r.effect {
        Effect::Case(events) => events.into_iter().map(|(_, e)| e).collect(),
        _ => Vec::new(),
    };
    CommandReceipt {
        case,
        record_index: r.index,
        tree_size: r.size,
        events,
        tlog_proof: r.tlog_proof,
        possible_duplicates: Vec::new(),
        follow: None,
        early_warning: Vec::new(),
    }
}

/// A filing: the case opened, its receipt, and what the filer is told at once.
pub struct Filing {
    /// The case.
    pub id: CaseId,
    /// The record's receipt.
    pub receipt: Receipt,
    /// Cases the filer may see that look like the same incident.
    pub possible_duplicates: Vec<CaseId>,
    /// For a filer who may not see its case: the path that follows its status.
    pub follow: Option<String>,
    /// The early-warning alerts the filing raised (their records).
    pub alerts: Vec<u64>,
}

impl Filing {
    /// The receipt the API answers with.
    pub fn receipt(self) -> CommandReceipt {
        let mut out = receipt_of(self.id.to_string(), self.receipt);
        out.possible_duplicates = self.possible_duplicates.iter().map(ToString::to_string).collect();
        out.follow = self.follow;
        out.early_warning = self.alerts;
        out
    }
}

/// Files `allegation` as `principal`, opening case `id` (one is made from
/// the incident's date if `None`): the one filing of the API and the web.
/// The filer is told at once of cases it may see that look like the same
/// incident; a filer who may not see the case gets a token to follow it.
pub async fn file(
    app: &App,
    principal: &Principal,
    now: Timestamp,
    id: Option<&str>,
    allegation: truce_core::case::Allegation,
) -> Result<Filing, AppError> {
    let agreement = app.ledger().agreement().ok_or_else(|| AppError::internal("no agreement is in force"))?;
    let viewer = Viewer::of(principal.role, principal.participant.as_ref(), &agreement);
    // The duplicates are looked up while the record is appended: the
    // filing waits for the slower of the two, not for both in turn.
    let near = nearby(app, &viewer, &allegation, NOTICE_CANDIDATES);
    let (opened, near) = tokio::join!(open_case(app, principal, now, id, allegation.clone()), near);
    let (id, receipt) = opened?;
    let possible_duplicates = near?
        .iter()
        .filter(|(row, ..)| row.id != id.as_str())
        .map(|(row, ..)| CaseId::parse(&row.id).map_err(AppError::internal))
        .collect::<Result<Vec<_>, _>>()?;
    // The new case is the fold of the events the filing produced: no read back.
    let events: Vec<Event> = match &receipt.effect {
        Effect::Case(events) => events.iter().map(|(_, e)| e.clone()).collect(),
        _ => Vec::new(),
    };
    let case = super::folded::fold(&events)?;
    let alerts = early_warning_after(app, now, &case).await;
    let follow = if access::may_see_case(&viewer, CaseParties::of(&case)) {
        None
    } else {
        let token = super::accounts::random_hex(32)?;
        app.store().create_follow_token(&super::accounts::token_hash(&token), id.as_str(), now.as_second()).await?;
        Some(format!("/follow/{token}"))
    };
    Ok(Filing { id, receipt, possible_duplicates, follow, alerts })
}

/// The alerts a filing raises, on its sector, for the day of the incident
/// and today. The filing stands whatever happens here: an alert refused or
/// not raised is reported in the server's log and tested again with the
/// next report of the sector.
async fn early_warning_after(app: &App, now: Timestamp, case: &truce_core::Case) -> Vec<u64> {
    let Some(sector) = case.placement.as_ref().and_then(|p| p.sector.clone()) else { return Vec::new() };
    let Ok(agreement) = app.agreement() else { return Vec::new() };
    let Some(config) = agreement.early_warning.as_ref() else { return Vec::new() };
    let mut days = vec![
        truce_core::early_warning::day_of(config, case.allegation.occurred_at),
        truce_core::early_warning::day_of(config, now),
    ];
    days.dedup();
    match super::early_warning::raise_due(app, now, &sector, &days).await {
        Ok(raised) => raised,
        Err(e) => {
            tracing::error!(error = %e, sector = %sector, "early warning: alerts due were not raised");
            Vec::new()
        }
    }
}

/// A case as its public filer follows it: where it stands, nothing more.
#[derive(Debug, Serialize, ToSchema)]
pub struct Followed {
    /// The case.
    pub case: String,
    /// Its status.
    pub status: Status,
    /// When it was filed.
    pub filed_at: String,
    /// When it last moved.
    pub last_event_at: String,
    /// Whether it is published (then the whole case is at `/cases/{case}`).
    pub published: bool,
}

/// The status of the case a follow token was given for; an unknown token
/// is 404.
pub async fn follow(app: &App, token: &str) -> Result<Followed, AppError> {
    let missing = || AppError::not_found("there is no case to follow with this token");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(missing());
    }
    let id = app.store().followed_case(&super::accounts::token_hash(token)).await?.ok_or_else(missing)?;
    let case = visible_case(app, &Viewer::Mediator, &id).await?;
    Ok(Followed {
        case: case.id.to_string(),
        status: case.status,
        filed_at: case.filed_at.to_string(),
        last_event_at: case.last_event_at.to_string(),
        published: access::is_published(case.status),
    })
}

async fn open_case(
    app: &App,
    principal: &Principal,
    now: Timestamp,
    id: Option<&str>,
    allegation: truce_core::case::Allegation,
) -> Result<(CaseId, Receipt), AppError> {
    if let Some(id) = id {
        let id = CaseId::parse(id).map_err(|e| AppError::field("id", e.to_string()))?;
        chosen_id(app, principal.role, principal.participant.as_ref(), &id, "id")?;
        let command = CaseCommand { case: id.clone(), command: Command::FileReport { allegation } };
        let receipt = app.submit_as(principal, now, &Body::Case(Box::new(command))).await?;
        return Ok((id, receipt));
    }
    // A made id is the date and 32 random bits. Should it meet a case that
    // already exists, the filer did not choose it: make another.
    let date = allegation.occurred_at.strftime("%Y-%m-%d").to_string();
    let mut attempts = 1;
    loop {
        let id = CaseId::parse(&format!("{date}-{}", super::accounts::random_hex(4)?)).map_err(AppError::internal)?;
        let command = CaseCommand { case: id.clone(), command: Command::FileReport { allegation: allegation.clone() } };
        let submission = app.signed_as(principal, now, &Body::Case(Box::new(command)))?;
        match app.ledger().submit(submission).await {
            Err(NodeError::Rejected(Rejection::Command(CommandError::CaseExists(_))))
                if attempts < MADE_ID_ATTEMPTS =>
            {
                attempts += 1;
            }
            result => return Ok((id, result.map_err(super::by_field)?)),
        }
    }
}

/// Whether a filer may choose case id `id` (reported under `field`).
///
/// An id that meets an existing case is refused, and so would tell a
/// party that a case it may not see exists. So a party's principals choose
/// ids only in their participant's own space (`PAK-…`), where every case is
/// one it filed, and nobody else chooses an id there; the mediators, who see
/// every case, choose any other; the public has its ids made. Made ids
/// begin with a date, never with a participant's id.
fn chosen_id(
    app: &App,
    role: truce_core::Role,
    participant: Option<&truce_core::ids::ParticipantId>,
    id: &CaseId,
    field: &str,
) -> Result<(), AppError> {
    let agreement = app.ledger().agreement().ok_or_else(|| AppError::field(field, "no agreement is in force"))?;
    let lower = id.as_str().to_ascii_lowercase();
    // The longest participant id that prefixes it: `A-B-1` is A-B's, not A's.
    let owner = agreement
        .participants
        .keys()
        .filter(|p| lower.starts_with(&format!("{}-", p.as_str().to_ascii_lowercase())))
        .max_by_key(|p| p.as_str().len());
    let sees_every_case = role.is_mediator() || role == truce_core::Role::Administrator;
    match (sees_every_case, participant, owner) {
        (_, Some(p), Some(owner)) if p == owner => Ok(()),
        (true, _, None) => Ok(()),
        (_, _, Some(owner)) => Err(AppError::field(
            field,
            format!(
                "ids beginning with {owner}- are chosen by {owner}'s principals only; leave the id out to have one made"
            ),
        )),
        (false, Some(p), None) => Err(AppError::field(
            field,
            format!(
                "a case id chosen by {p} begins with {p}- (for example {p}-{id}), so it never meets a case {p} may not see; or leave it out to have one made"
            ),
        )),
        (false, None, None) => Err(AppError::field(
            field,
            "only a participant's principals choose case ids; leave the id out to have one made",
        )),
    }
}

/// How many random ids a filing tries before it reports a clash.
const MADE_ID_ATTEMPTS: u32 = 3;

/// Issues `command` on case `id` as the caller: the one path of every later
/// command, for the API and the web. Filing is refused here (it opens a
/// case: [`file`]); a case the caller may not see is 404.
pub async fn command(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    id: &str,
    command: Command,
) -> Result<Receipt, AppError> {
    let p = caller.require()?;
    let case = CaseId::parse(id).map_err(|e| AppError::field("id", e.to_string()))?;
    if matches!(command, Command::FileReport { .. }) {
        return Err(AppError::field("type", "file a new case with POST /api/v1/cases"));
    }
    // A caller who may not see the case learns nothing from trying a command on it.
    visible_case(app, &caller.viewer, id).await?;
    app.submit_as(p, now, &Body::Case(Box::new(CaseCommand { case, command }))).await
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

/// Appends a record signed by its author's own key (a party's own system),
/// with the salt and body of a confidential one: the signature is the
/// authentication, checked before anything else is looked at, and a
/// record signed as an unknown principal is answered as one signed with
/// the wrong key (`app::signed_by`).
pub async fn submit_signed(
    app: &App,
    record: truce_ledger::SignedRecord,
    reveal: Option<Reveal>,
) -> Result<RecordReceipt, AppError> {
    let author = super::signed_by(app, &record, "record")?;
    // A filing signed elsewhere chooses its case id as a filing here does.
    let body = match (&record.record.payload, &reveal) {
        (truce_ledger::Payload::Body(value), _) => Some(value),
        (truce_ledger::Payload::Commitment(_), Some(r)) => Some(&r.body),
        (truce_ledger::Payload::Commitment(_), None) => None,
    };
    if let Some(value) = body {
        let decoded = Body::decode(&record.record.kind, value).map_err(|e| AppError::from(NodeError::Rejected(e)))?;
        if let Body::Case(c) = &decoded {
            if matches!(c.command, Command::FileReport { .. }) {
                chosen_id(app, author.role, author.participant.as_ref(), &c.case, "record.record.body.case")?;
            } else {
                // A command on a case its author may not see is answered as
                // one on a case that does not exist, as through the server.
                let agreement =
                    app.ledger().agreement().ok_or_else(|| AppError::not_found("no agreement is in force"))?;
                let viewer = Viewer::of(author.role, author.participant.as_ref(), &agreement);
                visible_case(app, &viewer, c.case.as_str()).await?;
            }
        }
    }
    // What the server keeps confidential no author puts in the clear: a
    // party's filing, a communiqué's draft or an answer to it belong to
    // their readers until they are shared.
    if let truce_ledger::Payload::Body(value) = &record.record.payload {
        let body = Body::decode(&record.record.kind, value).map_err(|e| AppError::from(NodeError::Rejected(e)))?;
        if super::confidential(&body) {
            return Err(AppError::field(
                "record.record.body",
                format!(
                    "a {} record is confidential: sign its commitment and send the body and salt in reveal",
                    record.record.kind
                ),
            ));
        }
    }
    // A principal suspended or reactivated by a record signed elsewhere
    // keeps none of its sessions and tokens, as through the server: once
    // the log has accepted the record, never on a record it refuses.
    let decoded = body.map(|value| Body::decode(&record.record.kind, value));
    let standing = decoded.as_ref().and_then(|b| b.as_ref().ok()).and_then(super::accounts::standing_changed);
    let standing = standing.map(str::to_owned);
    let receipt = app.ledger().submit(Submission::signed_elsewhere(record, reveal)).await?;
    if let Some(principal) = standing {
        super::accounts::end_credentials(app, &principal, app.now()).await?;
    }
    Ok(RecordReceipt {
        record_index: receipt.index,
        tree_size: receipt.size,
        checkpoint: receipt.checkpoint,
        tlog_proof: receipt.tlog_proof,
    })
}

/// How many cases a filing and a case page read to tell of possible
/// duplicates: enough to name them, few enough that a surge of reports of
/// one clash does not make each filing fold a hundred cases (the merge
/// page, where the mediators compare, reads [`MERGE_CANDIDATES`]).
pub const NOTICE_CANDIDATES: u64 = 10;
/// How many cases the merge page reads as candidates.
pub const MERGE_CANDIDATES: u64 = 100;

/// How far apart in time two reports of one incident may be.
pub const WITHIN_HOURS: i64 = 48;
/// How far apart in space two reports of one incident may be, km.
pub const WITHIN_KM: f64 = 25.0;

/// A candidate duplicate and how far it is from the case.
pub struct Candidate {
    /// The candidate.
    pub case: Case,
    /// Hours between the two incidents.
    pub hours: f64,
    /// Kilometres between the two places, if both have one.
    pub km: Option<f64>,
}

/// Whether the possible duplicates of a case in `status` are told (on its
/// page and in the mediators' inbox): until the case is taken further than
/// admission, while merging it is the next thing a mediator may decide.
pub fn duplicates_told(status: Status) -> bool {
    matches!(status, Status::Reported | Status::Acknowledged | Status::Admitted)
}

/// Whether a case in `status` may be the same incident as a new report:
/// any case still open (a report not yet acknowledged included; the core
/// merges only into one that has been, which the merge page says).
fn still_open(status: Status) -> bool {
    !matches!(status, Status::Merged | Status::Inadmissible | Status::Closed | Status::Withdrawn)
}

/// The cases that look like duplicates of `case` (reports of one clash
/// come from several channels: a party, the public, the monitors): the same accused, within
/// [`WITHIN_HOURS`] and, where both have a place, [`WITHIN_KM`]; closest
/// in time first. Only cases `viewer` may see are read.
pub async fn candidates(
    app: &App,
    viewer: &truce_core::access::Viewer,
    case: &Case,
    limit: u64,
) -> Result<Vec<Candidate>, AppError> {
    let near = nearby(app, viewer, &case.allegation, limit).await?;
    let near: Vec<_> = near.into_iter().filter(|(row, ..)| row.id != case.id.as_str()).collect();
    let rows: Vec<CaseRow> = near.iter().map(|(row, ..)| row.clone()).collect();
    let folded = super::folded::cases_of(app, &rows).await?;
    Ok(folded.into_iter().zip(near).map(|(other, (_, hours, km))| Candidate { case: other, hours, km }).collect())
}

/// The ids of [`candidates`], from the case rows alone (no case is
/// folded): what a filing and a case page tell of possible duplicates,
/// cheap enough for the filing path.
pub async fn possible_duplicates(
    app: &App,
    viewer: &truce_core::access::Viewer,
    case: &Case,
) -> Result<Vec<CaseId>, AppError> {
    let near = nearby(app, viewer, &case.allegation, NOTICE_CANDIDATES).await?;
    near.iter()
        .filter(|(row, ..)| row.id != case.id.as_str())
        .map(|(row, ..)| CaseId::parse(&row.id).map_err(AppError::internal))
        .collect()
}

/// The open case rows that look like reports of the incident `allegation`
/// alleges, with the hours and kilometres between them, closest in time
/// first (the case itself among them, if it is stored: callers leave it
/// out); the rows hold all it takes (status, accused, time, place).
async fn nearby(
    app: &App,
    viewer: &truce_core::access::Viewer,
    allegation: &truce_core::case::Allegation,
    limit: u64,
) -> Result<Vec<(CaseRow, f64, Option<f64>)>, AppError> {
    let at = allegation.occurred_at.as_second();
    let filter = CaseFilter {
        party: Some(allegation.accused.to_string()),
        from: Some(at - WITHIN_HOURS * 3600),
        until: Some(at + WITHIN_HOURS * 3600 + 1),
        ..CaseFilter::default()
    };
    let mut out = Vec::new();
    for row in app.store().list_cases(&scope_of(viewer), &filter, limit).await? {
        let other = CaseListing::decode(&row).map_err(AppError::internal)?;
        if !still_open(other.status) {
            continue;
        }
        let km = match (&allegation.location, other.location) {
            (Some(a), Some((lat, lon))) => Some(truce_geo::great_circle_km(a.lat, a.lon, lat, lon)),
            _ => None,
        };
        if km.is_some_and(|km| km > WITHIN_KM) {
            continue;
        }
        let hours = (other.occurred_at.as_second() - at).abs() as f64 / 3600.0;
        out.push((row, hours, km));
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.id.cmp(&b.0.id)));
    Ok(out)
}
