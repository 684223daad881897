//! The talks as each reader may see them, and their commands.
//!
//! Rounds, delegations, parity checks, published communiqués and
//! commitments are public: the point of bringing the talks into the log is
//! that everyone sees who came, who signed and who kept their word. Two
//! things are not: a position is read only by whom its participant chose,
//! and a communiqué's drafts only by the mediators and its signatories
//! until it is published.
//!
//! A command is signed by the server with the caller's key (custodial);
//! the signatures inside a communiqué or a confirmation are the
//! participant's own, made on its machine over the `statement` these views
//! give, so the server cannot sign them.

use base64::Engine as _;
use jiff::Timestamp;
use serde::Serialize;
use truce_core::access::Viewer;
use truce_core::ids::{CommitmentId, CommuniqueId, ParticipantId, RoundId};
use truce_core::talks::{
    Commitment, CommitmentStatus, Communique, CommuniqueVersion, ParityCheck, Round, Talks, TalksCommand, Visibility,
    parity,
};
use truce_node::Receipt;
use truce_node::records::Body;
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// A round in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundItem {
    /// Its id.
    #[schema(value_type = String)]
    pub id: RoundId,
    /// Title.
    pub title: String,
    /// Venue.
    pub venue: String,
    /// First day, in its time zone.
    #[schema(value_type = String, format = Date)]
    pub starts_on: jiff::civil::Date,
    /// Last day.
    #[schema(value_type = String, format = Date)]
    pub ends_on: jiff::civil::Date,
    /// Its time zone.
    pub time_zone: String,
    /// Status.
    pub status: truce_core::talks::RoundStatus,
    /// Outcome, once closed.
    pub outcome: Option<String>,
    /// Participants with a delegation announced.
    #[schema(value_type = Vec<String>)]
    pub delegations: Vec<ParticipantId>,
    /// Parity checks that fail as the delegations stand.
    pub parity_failures: usize,
}

/// A round with everything the reader may see of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    /// The round, its delegations and the positions this reader may see.
    #[serde(flatten)]
    pub round: Round,
    /// The parity checks as the delegations stand now.
    pub parity: Vec<ParityCheck>,
    /// The communiqués of this round the reader may see.
    pub communiques: Vec<CommuniqueItem>,
    /// The commitments this round follows up.
    pub follow_ups: Vec<CommitmentView>,
}

/// A communiqué in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuniqueItem {
    /// Its id.
    #[schema(value_type = String)]
    pub id: CommuniqueId,
    /// Its round.
    #[schema(value_type = Option<String>)]
    pub round: Option<RoundId>,
    /// Title.
    pub title: String,
    /// `draft`, `joint` or `mediators_statement`.
    pub status: String,
    /// The current (or published) version.
    pub version: u32,
    /// Signatories that signed that version.
    #[schema(value_type = Vec<String>)]
    pub signed: Vec<ParticipantId>,
    /// Signatories that have not.
    #[schema(value_type = Vec<String>)]
    pub not_signed: Vec<ParticipantId>,
}

/// A communiqué with its versions (drafts only for those who may see them),
/// signatures with their records, and what a signatory signs.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommuniqueView {
    /// The communiqué.
    #[serde(flatten)]
    pub communique: Communique,
    /// `draft`, `joint` or `mediators_statement`.
    pub status: String,
    /// Line changes of the authoritative text from each version to the next
    /// (`diffs[0]` is version 1 to 2).
    pub diffs: Vec<Vec<DiffLine>>,
    /// For an unpublished draft: the bytes a signatory signs for the current
    /// version (base64), as `truce keys sign` expects them.
    pub statement: Option<String>,
    /// Each signatory's participant key, base64: the one in force when its
    /// signature of the version shown was recorded (the key that checked
    /// it), else the one in force now; absent for one that holds none.
    pub keys: std::collections::BTreeMap<String, String>,
}

/// One line of a diff.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiffLine {
    /// `equal`, `delete` or `insert`.
    pub change: &'static str,
    /// The line.
    pub text: String,
}

/// A commitment, and whether it is overdue now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentView {
    /// The commitment.
    #[serde(flatten)]
    pub commitment: Commitment,
    /// Open past its deadline.
    pub overdue: bool,
    /// For an open verbal commitment: the bytes an owner signs to confirm
    /// it in writing (base64).
    pub statement: Option<String>,
}

/// Filters of the commitment list, as the reader wrote them.
#[derive(Debug, Default)]
pub struct CommitmentFilter {
    /// Owned by this participant.
    pub owner: Option<String>,
    /// In this status.
    pub status: Option<String>,
    /// `true`: only open ones past their deadline; `false`: only the others.
    pub overdue: Option<String>,
}

/// Whether `viewer` may read a communiqué: once published everyone; before,
/// the mediators and its signatories.
fn may_read(viewer: &Viewer, c: &Communique) -> bool {
    c.published.is_some() || sees_drafts(viewer, c)
}

fn status_of(c: &Communique) -> String {
    match &c.published {
        None => "draft".into(),
        Some(p) => match p.publish_as {
            truce_core::talks::PublishedAs::Joint => "joint".into(),
            truce_core::talks::PublishedAs::MediatorsStatement => "mediators_statement".into(),
        },
    }
}

fn item(c: &Communique) -> CommuniqueItem {
    let version = c.published.as_ref().map_or_else(|| c.current().map_or(0, |v| v.number), |p| p.version);
    let not_signed = c.not_signed(version);
    let signed = c.signatories.iter().filter(|p| !not_signed.contains(p)).cloned().collect();
    CommuniqueItem {
        id: c.id.clone(),
        round: c.round.clone(),
        title: c.title.clone(),
        status: status_of(c),
        version,
        signed,
        not_signed,
    }
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn commitment_view(c: &Commitment, now: Timestamp) -> Result<CommitmentView, AppError> {
    let unconfirmed = c.form == truce_core::talks::CommitmentForm::Verbal && c.status == CommitmentStatus::Open;
    let statement = if unconfirmed { Some(base64(&truce_node::consent::commitment_statement(c)?)) } else { None };
    Ok(CommitmentView { commitment: c.clone(), overdue: c.overdue(now), statement })
}

/// The reader's viewer as the positions' visibility sees it.
fn sees_position(viewer: &Viewer, p: &truce_core::talks::Position) -> bool {
    match viewer {
        Viewer::Mediator => p.visible_to(None, true),
        Viewer::Party(who) | Viewer::Team(who) => p.visible_to(Some(who), false),
        Viewer::Public => p.visibility == Visibility::All,
    }
}

fn talks(app: &App) -> std::sync::Arc<Talks> {
    app.ledger().talks()
}

/// Every round, latest first.
pub fn rounds(app: &App) -> Result<Vec<RoundItem>, AppError> {
    let agreement = app.agreement()?;
    let talks = talks(app);
    let mut items: Vec<RoundItem> = talks
        .rounds
        .values()
        .map(|r| RoundItem {
            id: r.id.clone(),
            title: r.title.clone(),
            venue: r.venue.clone(),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            time_zone: r.time_zone.clone(),
            status: r.status,
            outcome: r.outcome.clone(),
            delegations: r.delegations.keys().cloned().collect(),
            parity_failures: parity(&agreement, r)
                .iter()
                .filter(|c| c.outcome == truce_core::talks::ParityOutcome::Failed)
                .count(),
        })
        .collect();
    items.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then_with(|| a.id.cmp(&b.id)));
    Ok(items)
}

/// Round `id` as `caller` may see it.
pub fn round(app: &App, caller: &Caller, now: Timestamp, id: &str) -> Result<RoundView, AppError> {
    let agreement = app.agreement()?;
    let talks = talks(app);
    let id = RoundId::parse(id).map_err(|e| AppError::field("id", e.to_string()))?;
    let mut round =
        talks.rounds.get(&id).cloned().ok_or_else(|| AppError::not_found(format!("there is no round {id}")))?;
    round.positions.retain(|p| sees_position(&caller.viewer, p));
    let parity = parity(&agreement, &round);
    let communiques = talks
        .communiques
        .values()
        .filter(|c| c.round.as_ref() == Some(&id) && may_read(&caller.viewer, c))
        .map(item)
        .collect();
    let follow_ups = talks
        .commitments
        .values()
        .filter(|c| c.follow_up.as_ref() == Some(&id))
        .map(|c| commitment_view(c, now))
        .collect::<Result<_, _>>()?;
    Ok(RoundView { round, parity, communiques, follow_ups })
}

/// Whether `viewer` sees every draft of `c` and every answer to it: the
/// mediators and its signatories do; others see the published version only.
fn sees_drafts(viewer: &Viewer, c: &Communique) -> bool {
    match viewer {
        Viewer::Mediator => true,
        Viewer::Party(p) | Viewer::Team(p) => c.signatories.contains(p),
        Viewer::Public => false,
    }
}

/// Whether `viewer` may read the body of the confidential talks record
/// `index`: it must see what the record produced (a position, a
/// communiqué's version, an answer), by the same rules as the reads above.
pub(super) fn may_reveal(app: &App, viewer: &Viewer, index: u64) -> bool {
    let talks = talks(app);
    let position = talks.rounds.values().flat_map(|r| &r.positions).find(|p| p.record == index);
    if let Some(p) = position {
        return sees_position(viewer, p);
    }
    for c in talks.communiques.values() {
        let published = c.published.as_ref().map(|p| p.version);
        let version = c.versions.iter().find(|v| v.record == index).map(|v| v.number);
        let answer = c.answers.iter().find(|a| a.record == index).map(|a| a.version);
        if let Some(v) = version.or(answer) {
            return sees_drafts(viewer, c) || published == Some(v);
        }
    }
    false
}

/// The published communiqués, whoever asks: id, title and when each was
/// published (for the open data's feed).
pub fn published_communiques(app: &App) -> Vec<(String, String, Timestamp)> {
    let talks = talks(app);
    let published = talks.communiques.values().filter_map(|c| c.published.as_ref().map(|p| (c, p.at)));
    published.map(|(c, at)| (c.id.to_string(), c.title.clone(), at)).collect()
}

/// The communiqués `caller` may see.
pub fn communiques(app: &App, caller: &Caller) -> Vec<CommuniqueItem> {
    talks(app).communiques.values().filter(|c| may_read(&caller.viewer, c)).map(item).collect()
}

/// Communiqué `id` as `caller` may see it: the public sees the published
/// version only, the mediators and signatories every draft and its diff.
pub fn communique(app: &App, caller: &Caller, id: &str) -> Result<CommuniqueView, AppError> {
    let talks = talks(app);
    let id = CommuniqueId::parse(id).map_err(|e| AppError::field("id", e.to_string()))?;
    let missing = || AppError::not_found(format!("there is no communiqué {id}"));
    let mut c = talks.communiques.get(&id).cloned().ok_or_else(missing)?;
    if !may_read(&caller.viewer, &c) {
        return Err(missing());
    }
    if !sees_drafts(&caller.viewer, &c) {
        let published = c.published.as_ref().map_or(0, |p| p.version);
        c.versions.retain(|v| v.number == published);
        c.answers.retain(|a| a.version == published);
    }
    let diffs = c.versions.windows(2).map(|w| diff(w.first(), w.get(1))).collect();
    let statement = match (&c.published, c.current()) {
        (None, Some(v)) => Some(base64(&truce_node::consent::communique_statement(&c, v)?)),
        _ => None,
    };
    let status = status_of(&c);
    let shown = c.published.as_ref().map(|p| p.version).or_else(|| c.current().map(|v| v.number)).unwrap_or(0);
    let keys = c
        .signatories
        .iter()
        .filter_map(|who| {
            let at = match c.answer(who, shown).map(|a| (&a.answer, a.record)) {
                Some((truce_core::talks::AnswerKind::Signed { .. }, record)) => record,
                Some((truce_core::talks::AnswerKind::Declined { .. }, _)) | None => u64::MAX,
            };
            let key = app.ledger().participant_key_at(who.as_str(), at)?;
            Some((who.to_string(), key.to_base64()))
        })
        .collect();
    Ok(CommuniqueView { communique: c, status, diffs, statement, keys })
}

/// The line changes of the authoritative text from `a` to `b`.
fn diff(a: Option<&CommuniqueVersion>, b: Option<&CommuniqueVersion>) -> Vec<DiffLine> {
    let text = |v: Option<&CommuniqueVersion>| {
        v.and_then(|v| v.texts.get(&v.authoritative)).map(String::as_str).unwrap_or_default().to_owned()
    };
    let (old, new) = (text(a), text(b));
    similar::TextDiff::from_lines(&old, &new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                similar::ChangeTag::Equal => "equal",
                similar::ChangeTag::Delete => "delete",
                similar::ChangeTag::Insert => "insert",
            },
            text: c.value().trim_end_matches('\n').to_owned(),
        })
        .collect()
}

/// The commitments, filtered; the filters name their field when malformed.
pub fn commitments(app: &App, now: Timestamp, filter: &CommitmentFilter) -> Result<Vec<CommitmentView>, AppError> {
    let owner = match &filter.owner {
        Some(o) => Some(ParticipantId::parse(o).map_err(|e| AppError::field("owner", e.to_string()))?),
        None => None,
    };
    let status: Option<CommitmentStatus> = match &filter.status {
        Some(s) => Some(serde_json::from_value(serde_json::Value::String(s.clone())).map_err(|_| {
            AppError::field("status", format!("{s:?} is not open, met, partly_met, missed, withdrawn or superseded"))
        })?),
        None => None,
    };
    let overdue = match filter.overdue.as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => return Err(AppError::field("overdue", format!("{other:?} is not true or false"))),
    };
    talks(app)
        .commitments
        .values()
        .filter(|c| owner.as_ref().is_none_or(|o| c.owners.contains(o)))
        .filter(|c| status.is_none_or(|s| c.status == s))
        .filter(|c| overdue.is_none_or(|o| c.overdue(now) == o))
        .map(|c| commitment_view(c, now))
        .collect()
}

/// Commitment `id`.
pub fn commitment(app: &App, now: Timestamp, id: &str) -> Result<CommitmentView, AppError> {
    let id = CommitmentId::parse(id).map_err(|e| AppError::field("id", e.to_string()))?;
    let talks = talks(app);
    let c = talks.commitments.get(&id).ok_or_else(|| AppError::not_found(format!("there is no commitment {id}")))?;
    commitment_view(c, now)
}

/// Issues a talks command as `caller`, signed with the key the server
/// holds for it. A signature inside the command is the participant's own;
/// a refusal of it names the command's field.
pub async fn command(app: &App, caller: &Caller, now: Timestamp, command: TalksCommand) -> Result<Receipt, AppError> {
    let principal = caller.require()?;
    app.submit_as(principal, now, &Body::Talks(Box::new(command))).await
}
