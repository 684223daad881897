//! Read models besides cases: findings, penalties, statistics, the
//! agreement and its participants. Findings and penalties are listed only
//! for cases the caller may see; statistics count published cases only for
//! anyone but the mediators.

use std::sync::Arc;

use serde::Serialize;
use truce_core::Case;
use truce_core::access::{self, CaseParties, Viewer};
use truce_store::CaseFilter;
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// Most rows read per page from the store while listing.
const PAGE: u64 = 2_000;

/// The cases `viewer` may see among those `filter` selects. Visibility is
/// applied in the query (the same scope as the case list), so cases the
/// caller may not see are never read; the rule is checked again on each.
pub async fn visible_cases(app: &App, viewer: &Viewer, mut filter: CaseFilter) -> Result<Vec<Case>, AppError> {
    let scope = super::cases::scope_of(viewer);
    let mut out = Vec::new();
    loop {
        let rows = app.store().list_cases(&scope, &filter, PAGE).await?;
        for case in super::folded::cases_of(app, &rows).await? {
            if access::may_see_case(viewer, CaseParties::of(&case)) {
                out.push(case);
            }
        }
        match rows.last() {
            Some(last) if rows.len() as u64 == PAGE => filter.after = Some((last.occurred_at, last.id.clone())),
            _ => break,
        }
    }
    Ok(out)
}

/// A finding on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingItem {
    /// The case.
    pub case: String,
    /// The case's status.
    pub status: String,
    /// The finding.
    pub finding: truce_core::case::Finding,
    /// When it was adopted.
    pub determined_at: Option<String>,
    /// When it became final.
    pub final_at: Option<String>,
}

/// Findings on the cases the caller may see.
pub async fn findings(app: &App, caller: &Caller) -> Result<Vec<FindingItem>, AppError> {
    let cases = visible_cases(app, &caller.viewer, CaseFilter { with_finding: true, ..CaseFilter::default() }).await?;
    Ok(cases
        .into_iter()
        .filter_map(|c| {
            let finding = c.finding?;
            Some(FindingItem {
                case: c.id.to_string(),
                status: c.status.as_str().to_owned(),
                finding,
                determined_at: c.determined_at.map(|t| t.to_string()),
                final_at: c.final_at.map(|t| t.to_string()),
            })
        })
        .collect())
}

/// A penalty on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct PenaltyItem {
    /// The case.
    pub case: String,
    /// The case's status.
    pub status: String,
    /// The engine's proposal, with its explanation.
    pub proposal: Option<truce_core::penalty::PenaltyProposal>,
    /// The decided penalty.
    pub decided: Option<truce_core::case::DecidedPenalty>,
    /// Whether the party complied.
    pub complied: Option<bool>,
}

/// Penalties on the cases the caller may see.
pub async fn penalties(app: &App, caller: &Caller) -> Result<Vec<PenaltyItem>, AppError> {
    let cases = visible_cases(app, &caller.viewer, CaseFilter { with_penalty: true, ..CaseFilter::default() }).await?;
    Ok(cases
        .into_iter()
        .filter(|c| c.penalty_proposal.is_some() || c.penalty.is_some())
        .map(|c| PenaltyItem {
            case: c.id.to_string(),
            status: c.status.as_str().to_owned(),
            proposal: c.penalty_proposal.map(|p| *p),
            decided: c.penalty.map(|d| *d),
            complied: c.complied,
        })
        .collect())
}

/// Compliance statistics over the cases the caller may see, over the
/// period from the earliest of their incidents to a second after the
/// latest. They are kept for each kind of reader (the public, mediators,
/// each party and team) as records are committed
/// ([`truce_core::stats::ReaderTallies`]), so a read costs the size of
/// the answer, not a pass over the cases, however long the log.
pub async fn statistics(app: &App, caller: &Caller) -> Result<Arc<serde_json::Value>, AppError> {
    // Without an agreement there are no statistics to read.
    app.agreement()?;
    let stats = match app.ledger().statistics(&caller.viewer) {
        Some(stats) => serde_json::to_value(&stats).map_err(AppError::internal)?,
        None => serde_json::json!({"cases": 0}),
    };
    Ok(Arc::new(stats))
}

/// The agreement in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementView {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: u32,
    /// SHA-256 of the text, as recorded in the log.
    pub sha256: String,
    /// The text (TOML, `truce.agreement/v1`).
    pub text: String,
    /// Every version proposed to its signatories, in order, with who has
    /// signed it: drafts stay drafts until the last signature.
    pub versions: Vec<VersionView>,
    /// Withdrawals, suspensions and resumptions by participants, in order,
    /// each with what the agreement says it does.
    pub withdrawals: Vec<WithdrawalView>,
}

/// A participant's withdrawal, suspension or resumption.
#[derive(Debug, Serialize, ToSchema)]
pub struct WithdrawalView {
    /// The participant.
    pub participant: String,
    /// `withdrawal`, `suspension` or `resumption`.
    pub kind: &'static str,
    /// Why, in its words.
    pub reason: String,
    /// The record, signed inside by the participant's key.
    pub record: u64,
    /// When it was recorded.
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    /// When it takes effect.
    #[schema(value_type = String, format = DateTime)]
    pub effective_at: jiff::Timestamp,
    /// Whether it has taken effect now.
    pub in_effect: bool,
    /// For a withdrawal or suspension: what stops, as the agreement says
    /// (none when the agreement does not say).
    pub stops: Option<String>,
    /// What goes on, as the agreement says.
    pub continues: Option<String>,
}

/// Every withdrawal, suspension and resumption, as of `now`.
pub fn withdrawals(app: &App, agreement: &truce_core::Agreement, now: jiff::Timestamp) -> Vec<WithdrawalView> {
    use truce_node::records::WithdrawalKind;
    app.ledger()
        .withdrawals()
        .into_iter()
        .map(|w| {
            let rules = agreement.withdrawal.as_ref().filter(|_| w.kind != WithdrawalKind::Resumption);
            WithdrawalView {
                participant: w.participant.to_string(),
                kind: w.kind.as_str(),
                reason: w.reason,
                record: w.record,
                at: w.at,
                effective_at: w.effective_at,
                in_effect: w.effective_at <= now,
                stops: rules.map(|r| r.stops.clone()),
                continues: rules.map(|r| r.continues.clone()),
            }
        })
        .collect()
}

/// A version of the agreement proposed to its signatories.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionView {
    /// Its version number.
    pub version: u32,
    /// SHA-256 of its text.
    pub sha256: String,
    /// `draft`, `superseded` or `in_force`.
    pub status: &'static str,
    /// The record that proposed it.
    pub proposed_record: u64,
    /// The record of the last signature, which put it in force.
    pub in_force_record: Option<u64>,
    /// Each signatory and the record of its signature, if it has signed.
    pub signatures: Vec<SignatureView>,
}

/// One signatory of a version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignatureView {
    /// The participant.
    pub participant: String,
    /// The record carrying its signature; none while it has not signed.
    pub record: Option<u64>,
}

fn version_view(v: truce_node::consent::VersionMark) -> VersionView {
    use truce_node::consent::Outcome;
    let (status, in_force_record) = match v.outcome {
        Outcome::Draft => ("draft", None),
        Outcome::Superseded => ("superseded", None),
        Outcome::InForce(at) => ("in_force", Some(at)),
    };
    VersionView {
        version: v.version,
        sha256: v.sha256,
        status,
        proposed_record: v.proposed,
        in_force_record,
        signatures: v
            .signatures
            .into_iter()
            .map(|(participant, record)| SignatureView { participant, record })
            .collect(),
    }
}

/// The agreement in force: its text, and the hash the log recorded.
pub async fn agreement(app: &App, now: jiff::Timestamp) -> Result<AgreementView, AppError> {
    let agreement = app.agreement()?;
    let sha256 = app.ledger().agreement_sha256().ok_or(AppError::NoAgreement)?;
    let bytes = app
        .blobs()
        .get(&sha256)
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::internal(format!("agreement text {sha256} is missing from the blob store")))?;
    Ok(AgreementView {
        id: agreement.identity.id.to_string(),
        version: agreement.identity.version,
        sha256,
        text: String::from_utf8_lossy(&bytes).into_owned(),
        versions: versions(app),
        withdrawals: withdrawals(app, &agreement, now),
    })
}

/// Every version of the agreement proposed to its signatories, with who signed.
pub fn versions(app: &App) -> Vec<VersionView> {
    app.ledger().agreement_versions().into_iter().map(version_view).collect()
}

/// A participant and its principals.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantItem {
    /// Its id.
    pub id: String,
    /// `party`, `mediator`, `guarantor` or `monitoring_team`.
    pub kind: String,
    /// Its names by language.
    pub names: std::collections::BTreeMap<String, String>,
}

/// The agreement's participants.
pub async fn participants(app: &App) -> Result<Vec<ParticipantItem>, AppError> {
    let agreement = app.agreement()?;
    Ok(agreement
        .participants
        .values()
        .map(|p| ParticipantItem { id: p.id.to_string(), kind: p.kind.as_str().to_owned(), names: p.names.clone() })
        .collect())
}
