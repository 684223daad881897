//! The talks over JSON: rounds with their delegations and parity checks,
//! communiqués with their signatures, commitments, and the commands of each
//! step ([`crate::app::talks`]).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use truce_core::talks::TalksCommand;
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::app::Caller;
use crate::app::talks::{self, CommitmentFilter, CommitmentView, CommuniqueItem, CommuniqueView, RoundItem, RoundView};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// Every round of talks, latest first.
#[utoipa::path(get, path = "/api/v1/talks/rounds", tag = "truce",
    responses((status = 200, body = Vec<RoundItem>), (status = 503, body = ErrorBody)))]
pub async fn rounds(State(state): State<AppState>) -> Result<Json<Vec<RoundItem>>, ApiError> {
    Ok(Json(talks::rounds(&state)?))
}

/// A round: agenda, delegations, parity checks, the positions the caller may
/// read, its communiqués and the commitments it follows up.
#[utoipa::path(get, path = "/api/v1/talks/rounds/{id}", tag = "truce",
    params(("id" = String, Path, description = "Round id")),
    responses((status = 200, body = RoundView), (status = 404, body = ErrorBody)))]
pub async fn round(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<RoundView>, ApiError> {
    Ok(Json(talks::round(&state, &caller, state.now(), &id)?))
}

/// The communiqués the caller may see: every published one; drafts for the
/// mediators and their signatories.
#[utoipa::path(get, path = "/api/v1/communiques", tag = "truce", responses((status = 200, body = Vec<CommuniqueItem>)))]
pub async fn communiques(State(state): State<AppState>, caller: Caller) -> Json<Vec<CommuniqueItem>> {
    Json(talks::communiques(&state, &caller))
}

/// A communiqué: its texts, versions and their diffs (as the caller may see
/// them), each signature with its record, and the statement a signatory signs.
#[utoipa::path(get, path = "/api/v1/communiques/{id}", tag = "truce",
    params(("id" = String, Path, description = "Communiqué id")),
    responses((status = 200, body = CommuniqueView), (status = 404, body = ErrorBody)))]
pub async fn communique(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CommuniqueView>, ApiError> {
    Ok(Json(talks::communique(&state, &caller, &id)?))
}

/// Filters of the commitment list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CommitmentQuery {
    /// Owed by this participant, such as `AFG`.
    pub owner: Option<String>,
    /// In this status: open, met, partly_met, missed, withdrawn, superseded.
    pub status: Option<String>,
    /// `true` for open commitments past their deadline, `false` for the others.
    #[param(value_type = Option<bool>)]
    pub overdue: Option<String>,
}

/// The commitments made in the talks, filtered.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "truce", params(CommitmentQuery),
    responses((status = 200, body = Vec<CommitmentView>), (status = 422, body = ErrorBody)))]
pub async fn commitments(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<CommitmentQuery>,
) -> Result<Json<Vec<CommitmentView>>, ApiError> {
    let given = |v: Option<String>| v.filter(|s| !s.is_empty());
    let filter = CommitmentFilter { owner: given(q.owner), status: given(q.status), overdue: given(q.overdue) };
    Ok(Json(talks::commitments(&state, state.now(), &filter)?))
}

/// A commitment, its confirmations and the mediators' decisions.
#[utoipa::path(get, path = "/api/v1/commitments/{id}", tag = "truce",
    params(("id" = String, Path, description = "Commitment id")),
    responses((status = 200, body = CommitmentView), (status = 404, body = ErrorBody)))]
pub async fn commitment(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CommitmentView>, ApiError> {
    Ok(Json(talks::commitment(&state, state.now(), &id)?))
}

/// The log record a talks command became.
#[derive(Debug, Serialize, ToSchema)]
pub struct TalksReceipt {
    /// The command's record type, such as `talks.plan_round.v1`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The log record's index.
    pub record_index: u64,
    /// The tree size of the checkpoint the proof is against.
    pub tree_size: u64,
    /// The inclusion proof, as a `c2sp.org/tlog-proof@v1` file.
    pub tlog_proof: String,
}

/// Issue a talks command, tagged by `type` (`plan_round.v1`,
/// `announce_delegation.v1`, `sign_communique.v1`, …), signed by the server
/// with the caller's key. A communiqué signature or a written confirmation
/// inside it is the participant's own (`truce keys sign`).
#[utoipa::path(post, path = "/api/v1/talks/commands", tag = "truce",
    request_body(content = TalksCommand, description = "A talks command, tagged by `type`"),
    responses((status = 201, body = TalksReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("session" = []), ("token" = [])))]
pub async fn command(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(command): ApiJson<TalksCommand>,
) -> Result<(StatusCode, Json<TalksReceipt>), ApiError> {
    let kind = format!("{}{}", truce_node::records::TALKS_PREFIX, command.name());
    let r = talks::command(&state, &caller, state.now(), command).await?;
    Ok((
        StatusCode::CREATED,
        Json(TalksReceipt { kind, record_index: r.index, tree_size: r.size, tlog_proof: r.tlog_proof }),
    ))
}
