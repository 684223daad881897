//! One record of the log as a reader may see it: the entry as it is in
//! the log (the log is public), the body and salt of a confidential record
//! only for a caller who may see what it concerns, and inclusion proofs.
//!
//! Who may see a body is decided by [`truce_core::access`] through
//! [`super::folded::visible_case_with_events`]: every case the record
//! changed must be visible to the caller, and so must the events it
//! produced there (a vote stays hidden until its motion is adopted).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use truce_core::access::{self, Viewer};
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The latest checkpoint: (size, note).
///
/// Where the agreement names witnesses, this is the latest checkpoint their
/// quorum cosigned, with every cosignature: a checkpoint no quorum vouches
/// for might be one branch of a split view, so it is not served at all.
pub async fn latest(app: &App) -> Result<(u64, String), AppError> {
    if let Some(witnessing) = app.witnessing().filter(|w| w.policy().is_some()) {
        return witnessing.witnessed().ok_or(AppError::NotWitnessed);
    }
    app.store().latest_checkpoint().await?.ok_or_else(|| AppError::not_found("the log has no checkpoint yet"))
}

/// The latest checkpoint the log signed, cosigned or not: the tree the
/// tiles and records are served from.
pub async fn latest_signed(app: &App) -> Result<(u64, String), AppError> {
    app.store().latest_checkpoint().await?.ok_or_else(|| AppError::not_found("the log has no checkpoint yet"))
}

/// The `c2sp.org/tlog-proof@v1` files of the records at `indexes`, against
/// the latest checkpoint the witnesses' quorum cosigned when it holds them
/// all (the proof then carries the cosignatures), else the latest one.
pub async fn tlog_proofs(app: &App, indexes: &[u64]) -> Result<Vec<String>, AppError> {
    let witnessed = app.witnessing().and_then(|w| w.witnessed());
    let checkpoint = match witnessed {
        Some((size, note)) if indexes.iter().all(|&index| index < size) => (size, note),
        _ => truce_node::publish::latest_checkpoint(app.store()).await?,
    };
    Ok(truce_node::publish::tlog_proofs_against(app.store(), indexes, &checkpoint).await?)
}

/// Parses a record index and checks it is in the latest checkpoint.
pub async fn record_index(app: &App, text: &str) -> Result<u64, AppError> {
    let index: u64 =
        text.parse().ok().filter(|_| text.bytes().all(|b| b.is_ascii_digit())).ok_or_else(|| {
            AppError::field("index", format!("{text:?} is not a record index (a whole number from 0)"))
        })?;
    let (size, _) = latest_signed(app).await?;
    if index >= size {
        return Err(AppError::not_found(format!("there is no record {index}: the log holds {size}")));
    }
    Ok(index)
}

/// A record as it is in the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordView {
    /// Its index in the log.
    pub index: u64,
    /// The log entry, byte for byte (canonical JSON); its leaf hash is
    /// SHA-256(0x00 || entry).
    pub entry: String,
    /// The same entry, parsed.
    #[schema(value_type = SignedRecordJson)]
    pub record: serde_json::Value,
    /// Where its `c2sp.org/tlog-proof@v1` file is.
    pub proof: String,
    /// For a confidential record that the caller may see: its body and the
    /// salt of its commitment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reveal: Option<RecordReveal>,
    /// Who held the key that signed it, as its author's registration states:
    /// `own` (the author, or a party's own system) or `server` (the server,
    /// on the author's behalf).
    pub custody: &'static str,
}

/// The plaintext of a confidential record. `record::verify_commitment` (or
/// SHA-256 of `"truce/commit/v1\0" || salt || JCS(body)`) checks it against
/// the record's `commitment`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordReveal {
    /// The 32-byte salt, base64.
    pub salt: String,
    /// The body.
    #[schema(value_type = Object)]
    pub body: serde_json::Value,
}

/// Whether `viewer` may see the body of record `index` (of type `kind`): a
/// talks record's if it sees what the record produced there; any other's
/// if it sees every case the record changed, and every event the record
/// produced there.
async fn may_reveal(app: &App, viewer: &Viewer, index: u64, kind: &str) -> Result<bool, AppError> {
    if *viewer == Viewer::Mediator {
        return Ok(true);
    }
    if kind.starts_with("talks.") {
        return Ok(super::talks::may_reveal(app, viewer, index));
    }
    let mut produced: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for row in app.store().record_events(index).await? {
        produced.entry(row.case_id).or_default().insert(row.seq);
    }
    // A confidential body that no case event accounts for is the mediators' alone.
    if produced.is_empty() {
        return Ok(false);
    }
    for (case, seqs) in produced {
        let (rows, events) = match super::folded::visible_case_with_events(app, viewer, &case).await {
            Ok(v) => (v.rows, v.events),
            Err(AppError::NotFound(_)) => return Ok(false),
            Err(e) => return Err(e),
        };
        let visible: BTreeSet<u64> =
            access::visible_events(viewer, &events).into_iter().filter_map(|i| rows.get(i)).map(|r| r.seq).collect();
        if !seqs.is_subset(&visible) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Record `index` (as the reader wrote it) as it is in the log and, for a
/// confidential record whose case `caller` may see, its body and salt.
pub async fn record(app: &App, caller: &Caller, index: &str) -> Result<RecordView, AppError> {
    use base64::Engine as _;
    let index = record_index(app, index).await?;
    let entry = String::from_utf8(app.store().entry(index).await?).map_err(AppError::internal)?;
    let record: serde_json::Value = serde_json::from_str(&entry).map_err(AppError::internal)?;
    let kind = record["type"].as_str().unwrap_or_default();
    let reveal = match app.store().confidential(index).await? {
        Some((salt, body)) if may_reveal(app, &caller.viewer, index, kind).await? => Some(RecordReveal {
            salt: base64::engine::general_purpose::STANDARD.encode(salt),
            body: serde_json::from_str(&body).map_err(AppError::internal)?,
        }),
        _ => None,
    };
    let custody = custody_of(app, record["author"].as_str().unwrap_or_default());
    Ok(RecordView { index, entry, record, proof: format!("/api/v1/records/{index}/proof"), reveal, custody })
}

/// `own` or `server`: who holds `principal`'s key, as its registration states.
pub fn custody_of(app: &App, principal: &str) -> &'static str {
    app.ledger().principal(principal).map_or(truce_node::records::Custody::Own, |p| p.custody).as_str()
}

/// Record `index`'s `c2sp.org/tlog-proof@v1` file against the latest checkpoint.
pub async fn proof(app: &App, index: &str) -> Result<String, AppError> {
    let index = record_index(app, index).await?;
    Ok(tlog_proofs(app, &[index]).await?.concat())
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
