//! The application layer: every use case of the mechanism, written once.
//!
//! The JSON API (`api/`) and the web pages (`web/`) are
//! two ways of asking for the same things: file an allegation, issue a
//! command on a case, read a case as the caller may see it, receive an
//! evidence file, log in, list findings. Each of those is a function here,
//! and both adapters call it: they parse a request, call one use case and
//! render its answer, so a rule can never be kept in one adapter and
//! forgotten in the other. This layer knows nothing of HTTP: it receives
//! who calls ([`Caller`]) and the time (`now`, read once per request from
//! the [`App`]'s clock) as parameters and answers with a typed
//! [`AppError`], which each adapter renders in its own way.
//!
//! What a command may do is still decided by the domain core when the
//! sequencer applies the record, and what a reader may see by
//! [`truce_core::access`]; this layer calls them, it does not repeat them.
//!
//! - [`cases`]: the case list, one case as its reader may see it, filing,
//!   every later command, records signed by a party's own system.
//! - [`evidence`]: receiving evidence files and serving them back.
//! - [`field`]: field capture over OpenRosa: phones enrolled, the incident
//!   report's XForm, submissions filed as the API files them.
//! - [`accounts`]: sessions, passwords, the second factor, API tokens, principals.
//! - [`principals`]: the administrator's view of every principal: listing,
//!   suspending and reactivating them, and their API tokens.
//! - [`reads`]: findings, penalties, statistics, the agreement, participants.
//! - [`records`]: one log record with its reveal and inclusion proof.
//! - [`public`]: what the public reads: figures, published findings,
//!   periods, open data, the checkpoint.
//! - [`talks`]: rounds, delegations, communiqués and commitments as each
//!   reader may see them, and the commands of the talks.
//! - [`i18n`]: the six languages' words (Fluent), for the pages and the
//!   field forms.
//! - [`folded`]: cases read back as the fold of their stored events.
//! - [`alerts`]: CAP 1.2 alerts made from escalations, as each reader may see them.
//! - [`imports`]: an ACLED export loaded as public-source reports, each
//!   matched against the open cases as their duplicates are.
//! - [`webhooks`]: webhook subscriptions, their deliveries, and the task
//!   that makes deliveries from the log and sends them.

pub mod accounts;
pub mod alerts;
pub mod cases;
pub mod early_warning;
pub mod evidence;
pub mod field;
pub mod folded;
pub mod i18n;
pub mod imports;
pub mod opendata;
pub mod principals;
pub mod public;
pub mod reads;
pub mod records;
pub mod situation;
pub mod talks;
pub mod trends;
pub mod webhooks;
pub mod xml;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use jiff::Timestamp;
use truce_core::Role;
use truce_core::access::Viewer;
use truce_core::ids::ParticipantId;
use truce_ledger::SigningKey;
use truce_node::blobs::BlobStore;
use truce_node::datadir::DataDir;
use truce_node::records::{Body, submission};
use truce_node::{Ledger, NodeError, Receipt, Rejection, Submission};
use truce_store::{Store, StoreError};

/// Why a use case did not do what was asked. Each adapter renders every
/// variant in its own way, matching them all: a new reason cannot hide
/// behind a generic one.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value the caller sent is wrong; `field` names it as a path such
    /// as `allegation.provisions[1]`.
    #[error("{field}: {reason}")]
    Invalid {
        /// The field at fault.
        field: String,
        /// Why.
        reason: String,
    },
    /// A file whose content is not a format accepted as evidence.
    #[error("{field}: {reason}")]
    Unsupported {
        /// The field that carried it.
        field: String,
        /// What it is, and what is accepted.
        reason: String,
    },
    /// A signature that does not verify with the author's registered key.
    #[error("{field}: {reason}")]
    BadSignature {
        /// The field that carried it.
        field: String,
        /// Why.
        reason: String,
    },
    /// Nothing here, or nothing this caller may see: the two are answered
    /// alike, so that the answer reveals nothing.
    #[error("{0}")]
    NotFound(String),
    /// The use case needs a logged-in principal.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// It conflicts with what is already there.
    #[error("{0}")]
    Conflict(String),
    /// No agreement has been adopted yet.
    #[error("no agreement has been adopted yet")]
    NoAgreement,
    /// The log refused the record (the domain's rules, a signature, a clock).
    #[error("{0}")]
    Refused(#[from] Rejection),
    /// A daily quota of the caller's is used up: nothing was done.
    #[error("{0}")]
    Quota(Box<evidence::QuotaExceeded>),
    /// The log is shutting down.
    #[error("the log is shutting down; try again")]
    Stopped,
    /// The agreement names witnesses, and no checkpoint has yet been
    /// cosigned by their quorum.
    #[error("no checkpoint has been cosigned by the witnesses' quorum yet; try again shortly")]
    NotWitnessed,
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Anything else that failed on the server's side.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// A bad value in `field`.
    pub fn field(field: impl Into<String>, reason: impl Into<String>) -> Self {
        AppError::Invalid { field: field.into(), reason: reason.into() }
    }

    /// Nothing (that the caller may see) by that name.
    pub fn not_found(what: impl Into<String>) -> Self {
        AppError::NotFound(what.into())
    }

    /// Not logged in.
    pub fn unauthenticated(why: impl Into<String>) -> Self {
        AppError::Unauthenticated(why.into())
    }

    /// Not allowed.
    pub fn forbidden(why: impl Into<String>) -> Self {
        AppError::Forbidden(why.into())
    }

    /// Conflicts with what is there.
    pub fn conflict(why: impl Into<String>) -> Self {
        AppError::Conflict(why.into())
    }

    /// A failure of the server itself.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal(detail.to_string())
    }

    /// Whether this is the answer for something missing or unseen.
    pub fn is_not_found(&self) -> bool {
        matches!(self, AppError::NotFound(_))
    }
}

impl From<NodeError> for AppError {
    fn from(e: NodeError) -> Self {
        match e {
            NodeError::Rejected(r) => AppError::Refused(r),
            NodeError::Stopped => AppError::Stopped,
            NodeError::Store(e) => AppError::Store(e),
            e @ (NodeError::Ledger(_)
            | NodeError::File { .. }
            | NodeError::Key { .. }
            | NodeError::Random(_)
            | NodeError::Other(_)) => AppError::Internal(e.to_string()),
        }
    }
}

/// How a caller proved who it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A session cookie; its hash and CSRF token.
    Session {
        /// SHA-256 of the cookie value.
        token_hash: String,
        /// The session's CSRF token.
        csrf: String,
        /// Opened with a one-time password not yet changed: such a session
        /// changes the password, and does nothing else.
        one_time: bool,
    },
    /// An API token.
    Token,
}

/// A logged-in principal.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// Its id.
    pub id: String,
    /// Its participant.
    pub participant: Option<ParticipantId>,
    /// Its role.
    pub role: Role,
    /// How it proved itself.
    pub credential: Credential,
}

impl Principal {
    /// The principal as the core's actor.
    pub fn actor(&self) -> Result<truce_core::Actor, AppError> {
        Ok(truce_core::Actor {
            principal: truce_core::ids::PrincipalId::parse(&self.id).map_err(AppError::internal)?,
            participant: self.participant.clone(),
            role: self.role,
        })
    }
}

/// Whoever is calling, logged in or not: what every use case receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    /// The principal, if logged in.
    pub principal: Option<Principal>,
    /// What it may see.
    pub viewer: Viewer,
}

impl Caller {
    /// Nobody logged in: the public.
    pub fn public() -> Caller {
        Caller { principal: None, viewer: Viewer::Public }
    }

    /// The principal, or `Unauthenticated`; `Forbidden` while its session
    /// was opened with a one-time password not yet changed.
    pub fn require(&self) -> Result<&Principal, AppError> {
        let p = self.require_holder()?;
        if matches!(p.credential, Credential::Session { one_time: true, .. }) {
            return Err(AppError::forbidden(
                "change the one-time password first (POST /api/v1/me/password); until then it opens nothing else",
            ));
        }
        Ok(p)
    }

    /// The principal holding the credential, one-time password or not: for
    /// what such a session may do (see itself, change its password, log out).
    pub fn require_holder(&self) -> Result<&Principal, AppError> {
        self.principal.as_ref().ok_or_else(|| AppError::unauthenticated("log in or send an API token"))
    }

    /// The principal if it is an administrator.
    pub fn require_admin(&self) -> Result<&Principal, AppError> {
        let p = self.require()?;
        if p.role != Role::Administrator {
            return Err(AppError::forbidden("only an administrator may do this"));
        }
        Ok(p)
    }
}

/// A node error as the application's, with a refusal of consent named by
/// the field of the body (the server wrote the record around it).
pub(crate) fn by_field(e: NodeError) -> AppError {
    match e {
        NodeError::Rejected(Rejection::Consent { field, reason }) => AppError::field(field, reason),
        other => other.into(),
    }
}

/// The author of a record signed elsewhere, once its signature verifies
/// with the key the log holds for the principal it names: what
/// authenticates a party's own system. `at` names the signed record in
/// errors (`record`, `record.record`).
///
/// A principal the log does not know and a signature made with another
/// key than a real principal's get the same answer, after the same work
/// (a key made for no one stands in for the unknown principal's), so the
/// answer does not tell an anonymous caller which principals exist. A
/// record that is malformed whoever signed it is refused as such first.
pub(crate) fn signed_by(
    app: &App,
    signed: &truce_ledger::SignedRecord,
    at: &str,
) -> Result<truce_node::state::Principal, AppError> {
    static NOBODY: std::sync::OnceLock<truce_ledger::VerifyingKey> = std::sync::OnceLock::new();
    let bytes = signed.record.canonical_bytes().map_err(|e| AppError::field(at, e.to_string()))?;
    let author = app.ledger().principal(&signed.record.author);
    let nobody = NOBODY.get_or_init(|| SigningKey::from_seed([0x5a; 32]).verifying_key());
    let key = author.as_ref().map_or(nobody, |a| &a.key);
    // A record signature: the ZIP-215 rule, as the sequencer and `truce verify` check it.
    let verified = key.verify_zip215(&bytes, &signed.signature).is_ok();
    match author {
        Some(author) if verified => Ok(author),
        Some(_) | None => Err(AppError::BadSignature {
            field: format!("{at}.sig"),
            reason: "the signature does not verify with the key of a registered principal named as the author".into(),
        }),
    }
}

/// Whether the server puts `body` in the log as a commitment, its body kept
/// beside the log for those who may see it: case commands and evidence
/// receipts (a party's filing is not the other's to read before it is
/// shared), a position its participant did not make public, and a
/// communiqué's drafts, signatures and declines (the negotiation is the
/// mediators' and signatories' until a version is published; a signature
/// in the clear would let anyone confirm a guessed draft).
pub fn confidential(body: &Body) -> bool {
    use truce_core::talks::{TalksCommand, Visibility};
    match body {
        // An alert names the reports it counted and rests on their bodies:
        // whoever can recompute it holds those, and reads it the same way.
        Body::Case(_) | Body::Evidence(_) | Body::Alert(_) | Body::AlertAcknowledged(_) => true,
        // An imported event is ACLED's data, whose terms of use do not let
        // its rows be republished as they are: the public log holds a
        // commitment, the mediators read the body.
        Body::PublicSource(_) => true,
        Body::Talks(c) => match c.as_ref() {
            TalksCommand::FilePosition { visibility, .. } => *visibility != Visibility::All,
            TalksCommand::DraftCommunique { .. }
            | TalksCommand::SignCommunique { .. }
            | TalksCommand::DeclineCommunique { .. } => true,
            TalksCommand::PlanRound { .. }
            | TalksCommand::AnnounceDelegation { .. }
            | TalksCommand::ConveneRound { .. }
            | TalksCommand::AdjournRound { .. }
            | TalksCommand::CloseRound { .. }
            | TalksCommand::PublishCommunique { .. }
            | TalksCommand::RecordCommitment { .. }
            | TalksCommand::ConfirmCommitment { .. }
            | TalksCommand::DecideCommitment { .. } => false,
        },
        // A daily report is the mediators' until it is published; the
        // publication holds counts only, for everyone.
        Body::Situation(c) => !matches!(c.as_ref(), truce_core::situation::SituationCommand::Publish { .. }),
        Body::Principal(_)
        | Body::Agreement(_)
        | Body::Proposal(_)
        | Body::Signature(_)
        | Body::ParticipantKeyRotated(_)
        | Body::ParticipantKeyRevoked(_)
        | Body::PrincipalSuspended(_)
        | Body::PrincipalReactivated(_)
        | Body::PrincipalKeyRotated(_)
        | Body::Withdrawal(_) => false,
    }
}

/// Where the time comes from: the wall clock in a server
/// (`AppState::new`), whatever clock is handed to [`App::new`] elsewhere.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

struct Inner {
    store: Store,
    ledger: Ledger,
    blobs: Arc<dyn BlobStore>,
    data: DataDir,
    vkey: String,
    origin: String,
    clock: Clock,
    keys: RwLock<HashMap<String, SigningKey>>,
    folded: folded::FoldedCases,
    tokens: accounts::TokenCache,
    quota: evidence::UploadQuota,
    sample_notice: Option<String>,
    witnessing: std::sync::OnceLock<truce_node::witnessing::Witnessing>,
}

/// The file in a data directory whose text marks its data as sample data.
pub const SAMPLE_NOTICE_FILE: &str = "SAMPLE-DATA.txt";

/// The mechanism as the use cases see it: the log, the store, the blobs,
/// the keys the server holds, and the clock. Cloning it is cheap.
#[derive(Clone)]
pub struct App(Arc<Inner>);

impl App {
    /// The application over a running ledger and its data directory, with
    /// the daily upload quota of each principal.
    pub fn new(
        store: Store,
        ledger: Ledger,
        data: DataDir,
        vkey: String,
        origin: String,
        clock: Clock,
        quota: evidence::UploadQuota,
    ) -> App {
        let sample_notice = std::fs::read_to_string(data.root().join(SAMPLE_NOTICE_FILE))
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        App(Arc::new(Inner {
            store,
            blobs: data.blobs(),
            ledger,
            data,
            vkey,
            origin,
            clock,
            keys: RwLock::new(HashMap::new()),
            folded: folded::FoldedCases::default(),
            tokens: accounts::TokenCache::default(),
            quota,
            sample_notice,
            witnessing: std::sync::OnceLock::new(),
        }))
    }

    /// Attaches the collector of the witnesses' cosignatures (once; a
    /// second call is ignored). Without one, the log's checkpoints are
    /// served as the log signs them.
    pub fn attach_witnessing(&self, witnessing: truce_node::witnessing::Witnessing) {
        let _ = self.0.witnessing.set(witnessing);
    }

    /// The witnessing of this log, if a collector is attached.
    pub fn witnessing(&self) -> Option<&truce_node::witnessing::Witnessing> {
        self.0.witnessing.get()
    }

    /// The time now, by this application's clock.
    pub fn now(&self) -> Timestamp {
        (self.0.clock)()
    }

    /// The notice that this deployment holds sample data, if it does (the
    /// demo): every case read carries it, so it shows wherever the data does.
    pub fn sample_notice(&self) -> Option<&str> {
        self.0.sample_notice.as_deref()
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.0.store
    }

    /// The sequencer.
    pub fn ledger(&self) -> &Ledger {
        &self.0.ledger
    }

    /// The blob store (agreement texts, evidence).
    pub fn blobs(&self) -> &dyn BlobStore {
        self.0.blobs.as_ref()
    }

    /// The data directory.
    pub fn data(&self) -> &DataDir {
        &self.0.data
    }

    /// The log's verifier key.
    pub fn vkey(&self) -> &str {
        &self.0.vkey
    }

    /// The log's origin line.
    pub fn origin(&self) -> &str {
        &self.0.origin
    }

    /// API tokens recently looked up.
    pub fn tokens(&self) -> &accounts::TokenCache {
        &self.0.tokens
    }

    /// How much each principal may upload a day.
    pub fn upload_quota(&self) -> evidence::UploadQuota {
        self.0.quota
    }

    /// How many records this server has appended: what every change to the
    /// projections goes through, so the key of what is kept until the log grows.
    pub fn appended(&self) -> u64 {
        self.ledger().appended()
    }

    /// The SHA-256 of the agreement text in force, as the log recorded it.
    pub fn agreement_sha256(&self) -> Option<String> {
        self.ledger().agreement_sha256()
    }

    /// The agreement in force, or `NoAgreement`.
    pub fn agreement(&self) -> Result<Arc<truce_core::Agreement>, AppError> {
        self.ledger().agreement().ok_or(AppError::NoAgreement)
    }

    pub(crate) fn folded_cases(&self) -> &folded::FoldedCases {
        &self.0.folded
    }

    /// The signing key the server holds for `principal`, if it holds one.
    /// Principals that sign with their own keys have none here.
    pub fn signing_key(&self, principal: &str) -> Result<Option<SigningKey>, AppError> {
        let poisoned = || AppError::internal("key cache poisoned");
        if let Some(k) = self.0.keys.read().map_err(|_| poisoned())?.get(principal) {
            return Ok(Some(k.clone()));
        }
        let path = self.0.data.principal_key_path(principal);
        if !path.exists() {
            return Ok(None);
        }
        let key = truce_node::keys::read(&path)?;
        self.0.keys.write().map_err(|_| poisoned())?.insert(principal.to_owned(), key.clone());
        Ok(Some(key))
    }

    /// Signs `body` as `principal` with the key the server holds for it,
    /// dated `now`, and appends it. Case and evidence records are
    /// confidential: the log holds a salted commitment, and only those
    /// allowed see the body. A refusal of consent (a key, an endorsement,
    /// a withdrawal) names the field of the body the caller sent.
    pub async fn submit_as(&self, principal: &Principal, now: Timestamp, body: &Body) -> Result<Receipt, AppError> {
        let s = self.signed_as(principal, now, body)?;
        self.0.ledger.submit(s).await.map_err(by_field)
    }

    /// `body` as a record signed with the key the server holds for
    /// `principal`, dated `now`, ready to submit.
    pub(crate) fn signed_as(&self, principal: &Principal, now: Timestamp, body: &Body) -> Result<Submission, AppError> {
        let key = self.signing_key(&principal.id)?.ok_or_else(|| {
            AppError::forbidden(format!(
                "{} signs with its own key; send signed records to /api/v1/records",
                principal.id
            ))
        })?;
        let salt = if confidential(body) { Some(truce_node::keys::random_salt()?) } else { None };
        let participant = principal.participant.as_ref().map(|p| p.as_str());
        Ok(submission(&key, &principal.id, participant, now, body, salt)?)
    }
}
