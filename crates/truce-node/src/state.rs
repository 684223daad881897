//! The mechanism's state as the log defines it, and the one function that
//! applies a record to it.
//!
//! [`Mechanism::apply`] is shared by the sequencer (before a record is
//! appended) and by `truce verify` (replaying the log): a record is legal
//! exactly when `apply` accepts it in order, so what the sequencer accepted
//! is what every verifier accepts.
//!
//! An evidence receipt changes no case: it is accepted when its author is
//! registered and the blob store holds the file it names, with that size,
//! so a log never vouches for a file nobody can produce.

use std::collections::BTreeMap;

use truce_core::ids::{CaseId, ParticipantId, PrincipalId};
use truce_core::{Actor, Agreement, Docket, Event, Role};
use truce_ledger::{Payload, SignedRecord, VerifyingKey};

use crate::blobs::BlobStore;
use crate::error::Rejection;
use crate::records::{AgreementAdopted, Body, EvidenceReceived, PrincipalRegistered};

/// A registered principal.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Principal {
    /// Its participant.
    pub participant: Option<ParticipantId>,
    /// Its role.
    pub role: Role,
    /// Its public key.
    pub key: VerifyingKey,
    /// The record that registered it.
    pub record_idx: u64,
    /// Who holds its key, as its registration states.
    pub custody: crate::records::Custody,
    /// The record that suspended it, if it is suspended: none of its
    /// records is accepted afterwards (until a reactivation).
    pub suspended: Option<u64>,
    /// The endorsements of its earlier suspensions: a suspension's statement
    /// names no record, so once the principal is active again the same
    /// endorsement posted a second time is refused, not applied again.
    pub suspension_endorsements: Vec<String>,
}

/// Where the log stands with one case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CaseMarks {
    /// Events so far (the next event's sequence number).
    pub events: u64,
    /// The last record that changed the case.
    pub last_record: u64,
}

/// What applying a record changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A principal was registered.
    Principal(PrincipalId),
    /// The agreement was adopted.
    Agreement,
    /// An evidence file's receipt was recorded; its SHA-256.
    Evidence(String),
    /// A case command produced these events, each with its sequence number in its case.
    Case(Vec<(u64, Event)>),
    /// A talks command changed this round, communiqué or commitment.
    Talks(truce_core::talks::TalksChange),
    /// An early-warning alert was raised or acknowledged.
    Alert {
        /// The record that raised it.
        record: u64,
        /// The escalations a surge trigger of the agreement set off when it
        /// was raised, each with its sequence number in its case (none for
        /// an acknowledgement).
        escalations: Vec<(u64, Event)>,
    },
    /// A step of the daily situation report of this day.
    Situation(jiff::civil::Date),
    /// A public-source report was imported: its dataset and event id.
    PublicSource(truce_core::public_source::Dataset, String),
}

impl Effect {
    /// The case events the record produced, each with its sequence number
    /// in its case: a case command's, or the escalations an alert set off.
    pub fn case_events(&self) -> &[(u64, Event)] {
        match self {
            Effect::Case(events) | Effect::Alert { escalations: events, .. } => events,
            Effect::Principal(_)
            | Effect::Agreement
            | Effect::Evidence(_)
            | Effect::Talks(_)
            | Effect::Situation(_)
            | Effect::PublicSource(..) => &[],
        }
    }
}

/// The state the log defines.
#[derive(Debug, Clone)]
pub struct Mechanism {
    /// The adopted agreement and the SHA-256 of its text.
    pub agreement: Option<(Agreement, String)>,
    /// The cases.
    pub docket: Docket,
    /// Participant keys, proposed versions and their signatures.
    pub consent: crate::consent::Consent,
    /// Rounds of talks, communiqués and commitments.
    pub talks: truce_core::talks::Talks,
    /// Early-warning alerts and their acknowledgements.
    pub alerts: truce_core::early_warning::Alerts,
    /// Daily situation reports, and the day book of steps they count.
    pub situation: truce_core::situation::SituationReports,
    /// Public-source reports imported (ACLED events), with the cases each
    /// looked like when it was imported.
    pub public_sources: truce_core::public_source::PublicSources,
    /// Registered principals.
    pub principals: BTreeMap<PrincipalId, Principal>,
    /// Per case, where the log stands with it (one map, not two: a verifier
    /// of a long log holds one entry per case).
    pub case_marks: BTreeMap<CaseId, CaseMarks>,
    /// The time of the last record applied.
    pub last_time: Option<jiff::Timestamp>,
    /// How many records have been applied.
    pub size: u64,
    /// How many of them the server signed for a custodial author.
    pub custodial_records: u64,
}

impl Mechanism {
    /// An empty mechanism; `keep_history` keeps case histories in memory.
    pub fn new(keep_history: bool) -> Self {
        Self {
            agreement: None,
            docket: if keep_history { Docket::new() } else { Docket::without_history() },
            consent: crate::consent::Consent::default(),
            talks: truce_core::talks::Talks::new(),
            alerts: truce_core::early_warning::Alerts::default(),
            situation: truce_core::situation::SituationReports::default(),
            public_sources: truce_core::public_source::PublicSources::default(),
            principals: BTreeMap::new(),
            case_marks: BTreeMap::new(),
            last_time: None,
            size: 0,
            custodial_records: 0,
        }
    }

    /// The last record that changed case `id` (0 for a case the log does not hold).
    pub fn last_record(&self, id: &CaseId) -> u64 {
        self.case_marks.get(id).map_or(0, |m| m.last_record)
    }

    /// The agreement, if adopted.
    pub fn agreement(&self) -> Option<&Agreement> {
        self.agreement.as_ref().map(|(a, _)| a)
    }

    /// Checks `signed` (with `body`, the plaintext of its payload) against
    /// the state and, if legal, applies it. A rejected record changes nothing.
    pub fn apply(
        &mut self,
        signed: &SignedRecord,
        body: &serde_json::Value,
        blobs: &dyn BlobStore,
    ) -> Result<Effect, Rejection> {
        let record = &signed.record;
        if let Payload::Body(plain) = &record.payload
            && plain != body
        {
            return Err(Rejection::Confidential("the body given is not the record's body".into()));
        }
        let decoded = Body::decode(&record.kind, body)?;
        self.apply_decoded(signed, decoded, None, blobs)
    }

    /// Like [`Mechanism::apply`], with the body already decoded. When
    /// `verified_with` is the author's registered key, the signature was
    /// already checked with it (by the submitter's task) and is not checked
    /// again.
    pub fn apply_decoded(
        &mut self,
        signed: &SignedRecord,
        decoded: Body,
        verified_with: Option<&VerifyingKey>,
        blobs: &dyn BlobStore,
    ) -> Result<Effect, Rejection> {
        let record = &signed.record;
        let index = self.size;
        // The first record registers the first administrator, self-signed.
        if index == 0 {
            let Body::Principal(p) = &decoded else { return Err(Rejection::NoGenesis) };
            if p.role != Role::Administrator || p.principal != record.author || p.participant.is_some() {
                return Err(Rejection::NoGenesis);
            }
            let key = VerifyingKey::from_base64(&p.public_key).map_err(|e| Rejection::BadBody {
                kind: crate::records::PRINCIPAL_REGISTERED.into(),
                reason: format!("public_key: {e}"),
            })?;
            signed.verify(&key).map_err(|_| Rejection::Signature(record.author.clone()))?;
            let id = self.register(p, index, key)?;
            self.size += 1;
            self.last_time = Some(record.time);
            return Ok(Effect::Principal(id));
        }
        let author_id =
            PrincipalId::parse(&record.author).map_err(|_| Rejection::UnknownAuthor(record.author.clone()))?;
        let author = self.principals.get(&author_id).ok_or_else(|| Rejection::UnknownAuthor(record.author.clone()))?;
        if verified_with != Some(&author.key) {
            signed.verify(&author.key).map_err(|_| Rejection::Signature(record.author.clone()))?;
        }
        if let Some(at) = author.suspended {
            return Err(Rejection::Suspended { principal: record.author.clone(), record: at });
        }
        let registered = author.participant.as_ref().map(|p| p.as_str().to_owned());
        if registered != record.participant {
            return Err(Rejection::ParticipantMismatch {
                author: record.author.clone(),
                registered: registered.unwrap_or_else(|| "no participant".into()),
                claimed: record.participant.clone().unwrap_or_else(|| "none".into()),
            });
        }
        let actor = Actor::new(author_id.clone(), author.participant.clone(), author.role);
        let custodial = author.custody == crate::records::Custody::Server;
        // A participant that revoked its key speaks through none of its
        // principals until a version in force names its new key.
        self.consent.not_revoked(author.participant.as_ref()).map_err(|refusal| match refusal {
            Rejection::Consent { reason, .. } => Rejection::Consent { field: "author".into(), reason },
            other => other,
        })?;
        if custodial && self.agreement().is_some_and(|a| a.consent.self_signed.contains(&record.kind)) {
            return Err(Rejection::Consent {
                field: "author".into(),
                reason: format!(
                    "the agreement requires {} records to be signed with their author's own key; the server holds {}'s key",
                    record.kind, record.author
                ),
            });
        }
        let effect = match decoded {
            Body::Principal(p) => {
                let participant = match &p.participant {
                    Some(s) => Some(ParticipantId::parse(s).map_err(|e| Rejection::BadBody {
                        kind: crate::records::PRINCIPAL_REGISTERED.into(),
                        reason: format!("participant: {e}"),
                    })?),
                    None => None,
                };
                let endorsed = crate::consent::check_endorsement(&self.consent, participant.as_ref(), &p)?;
                if !endorsed && actor.role != Role::Administrator {
                    return Err(Rejection::NotAdministrator(record.author.clone()));
                }
                let key = VerifyingKey::from_base64(&p.public_key).map_err(|e| Rejection::BadBody {
                    kind: crate::records::PRINCIPAL_REGISTERED.into(),
                    reason: format!("public_key: {e}"),
                })?;
                Effect::Principal(self.register(&p, index, key)?)
            }
            Body::Agreement(a) => {
                if actor.role != Role::Administrator {
                    return Err(Rejection::NotAdministrator(record.author.clone()));
                }
                self.adopt(&a, blobs)?;
                Effect::Agreement
            }
            Body::Proposal(a) => {
                if actor.role != Role::Administrator && !actor.role.is_mediator() {
                    return Err(Rejection::Consent {
                        field: "author".into(),
                        reason: format!(
                            "{} may not propose the agreement; administrators and mediators do",
                            record.author
                        ),
                    });
                }
                let agreement = load_text(&a, blobs)?;
                let current = self.agreement.as_ref().map(|(c, _)| c);
                self.consent.propose(agreement, &a.sha256, index, record.time, current)?;
                Effect::Agreement
            }
            Body::Signature(s) => {
                if let Some(draft) = self.consent.sign(&s, index)? {
                    self.agreement = Some((draft.agreement, draft.sha256));
                }
                Effect::Agreement
            }
            Body::ParticipantKeyRotated(r) => {
                self.consent.rotate(&r, index)?;
                Effect::Agreement
            }
            Body::Withdrawal(w) => {
                let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
                self.consent.withdraw(agreement, &w, index, record.time)?;
                Effect::Agreement
            }
            Body::ParticipantKeyRevoked(r) => {
                self.consent.revoke(&r, index)?;
                Effect::Agreement
            }
            Body::PrincipalSuspended(s) => {
                let change = crate::consent::PrincipalChange::Suspend { reason: &s.reason };
                crate::consent::check_reason(&s.reason)?;
                let id = self.changeable(&actor, &s.principal, change, s.endorsement.as_deref())?;
                self.keeps_an_administrator(&id)?;
                if let Some(p) = self.principals.get_mut(&id) {
                    if let Some(e) = &s.endorsement {
                        if p.suspension_endorsements.contains(e) {
                            return Err(Rejection::Consent {
                                field: "endorsement".into(),
                                reason: format!(
                                    "was given for an earlier suspension of {id}, since ended; a new suspension needs a new endorsement (a different reason)"
                                ),
                            });
                        }
                        p.suspension_endorsements.push(e.clone());
                    }
                    p.suspended = Some(index);
                }
                Effect::Principal(id)
            }
            Body::PrincipalReactivated(r) => {
                crate::consent::check_reason(&r.reason)?;
                let id = self.reactivatable(&actor, &r.principal, &r.reason, r.endorsement.as_deref())?;
                if let Some(p) = self.principals.get_mut(&id) {
                    p.suspended = None;
                }
                Effect::Principal(id)
            }
            Body::PrincipalKeyRotated(r) => {
                let key = VerifyingKey::from_base64(&r.public_key)
                    .map_err(|e| Rejection::Consent { field: "public_key".into(), reason: e.to_string() })?;
                let previous_key = PrincipalId::parse(&r.principal)
                    .ok()
                    .and_then(|id| self.principals.get(&id))
                    .map(|p| p.key.to_base64())
                    .unwrap_or_default();
                let change =
                    crate::consent::PrincipalChange::Rotate { previous_key: &previous_key, public_key: &r.public_key };
                let id = self.changeable(&actor, &r.principal, change, r.endorsement.as_deref())?;
                if let Some(p) = self.principals.get_mut(&id) {
                    p.key = key;
                    // The new key is given, so the server does not hold it.
                    p.custody = crate::records::Custody::Own;
                }
                Effect::Principal(id)
            }
            Body::Alert(signal) => {
                // Recomputed from the cases the log holds at this record: a
                // verifier refuses an alert whose numbers the rule does not give.
                let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
                // Only the cases of the alert's sector over the days its rule
                // reads (the docket's index): the check costs the same in a
                // log of ten thousand cases as in one of ten million.
                let near = match agreement.early_warning.as_ref() {
                    Some(config) => match truce_core::early_warning::first_day_read(config, signal.day) {
                        Some(from) => self.docket.cases_in_sector(&signal.series.sector, from, signal.day),
                        None => self.docket.cases().collect(),
                    },
                    None => Vec::new(),
                };
                self.alerts.raise(agreement, near, &actor, *signal, index, record.time)?;
                // A surge trigger of the agreement escalates as a pattern of
                // violations does, here, so a verifier reproduces it.
                let events = match self.alerts.raised.last() {
                    Some(raised) => self.docket.escalate_alert(agreement, &raised.signal, index, record.time)?,
                    None => Vec::new(),
                };
                Effect::Alert { record: index, escalations: self.number(events, index) }
            }
            Body::AlertAcknowledged(a) => {
                self.alerts.acknowledge(&actor, a.alert, &a.action, index, record.time)?;
                Effect::Alert { record: a.alert, escalations: Vec::new() }
            }
            Body::Situation(command) => {
                // The numbers are recomputed from the log at this record: a
                // verifier refuses a report whose numbers the log does not give.
                let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
                self.situation.execute(
                    agreement,
                    self.docket.cases(),
                    &self.alerts,
                    &actor,
                    &command,
                    record.time,
                    index,
                )?;
                Effect::Situation(command.day())
            }
            Body::PublicSource(report) => {
                // The cases it looks like are computed here from the cases
                // the log holds at this record (only those of its sector
                // over its window, read from the docket's index), so every
                // verifier finds the same ones.
                let near = match (report.sector(), truce_core::public_source::window(&report)) {
                    (Some(sector), Some((from, to))) => self.docket.cases_in_sector(&sector, from, to),
                    _ => Vec::new(),
                };
                let imported = self.public_sources.import(&actor, *report, near, index, record.time)?;
                Effect::PublicSource(imported.report.dataset, imported.report.event_id_cnty.clone())
            }
            Body::Evidence(e) => {
                check_evidence(&e, blobs)?;
                Effect::Evidence(e.sha256)
            }
            Body::Case(command) => {
                let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
                if let truce_core::Command::FileReport { allegation } = &command.command {
                    let refuse = agreement.withdrawal.as_ref().is_some_and(|w| w.refuse_new_cases);
                    let parties =
                        [("allegation.accused", Some(&allegation.accused)), ("author", actor.participant.as_ref())];
                    for (field, party) in parties {
                        let Some(party) = party else { continue };
                        if let Some(mark) = self.consent.withdrawn_at(party, record.time).filter(|_| refuse) {
                            return Err(Rejection::Consent {
                                field: field.into(),
                                reason: format!(
                                    "{party}'s {} is in effect since {} (record {}); the agreement admits no new allegation by or against it",
                                    mark.kind.as_str(),
                                    mark.effective_at,
                                    mark.record
                                ),
                            });
                        }
                    }
                }
                let events = self.docket.execute(agreement, &actor, command.as_ref(), record.time)?;
                for e in &events {
                    if let Some(case) = self.docket.case(&e.case) {
                        self.situation.note(agreement, e, case);
                    }
                }
                Effect::Case(self.number(events, index))
            }
            Body::Talks(command) => {
                let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
                crate::consent::check_talks_signature(&self.consent.keys, &self.talks, &command)?;
                Effect::Talks(self.talks.execute(agreement, &actor, &command, record.time, index)?)
            }
        };
        self.size += 1;
        self.custodial_records += u64::from(custodial);
        self.last_time = Some(record.time);
        Ok(effect)
    }

    /// Numbers `events`, made by record `index`, in their cases, and marks
    /// their cases as changed by it.
    fn number(&mut self, events: Vec<Event>, index: u64) -> Vec<(u64, Event)> {
        let mut numbered = Vec::with_capacity(events.len());
        for e in events {
            let marks = match self.case_marks.get_mut(&e.case) {
                Some(marks) => marks,
                None => self.case_marks.entry(e.case.clone()).or_default(),
            };
            numbered.push((marks.events, e));
            marks.events += 1;
            marks.last_record = index;
        }
        numbered
    }

    /// Refuses the suspension of `id` if it is the last administrator not
    /// suspended: nobody could then reactivate a principal of a participant
    /// that holds no key, nor register anyone, whichever path the record came by.
    fn keeps_an_administrator(&self, id: &PrincipalId) -> Result<(), Rejection> {
        let admin = |p: &Principal| p.role == Role::Administrator && p.suspended.is_none();
        let target_is_admin = self.principals.get(id).is_some_and(admin);
        let others = self.principals.iter().filter(|(k, p)| *k != id && admin(p)).count();
        if target_is_admin && others == 0 {
            return Err(Rejection::Consent {
                field: "principal".into(),
                reason: format!("{id} is the last administrator not suspended; register another first"),
            });
        }
        Ok(())
    }

    /// The principal `id` if `actor` may change it: with the endorsement of
    /// its participant when that participant holds a key in the log, by an
    /// administrator otherwise; never a suspended one.
    fn changeable(
        &self,
        actor: &Actor,
        id: &str,
        change: crate::consent::PrincipalChange<'_>,
        endorsement: Option<&str>,
    ) -> Result<PrincipalId, Rejection> {
        let (pid, p) = self.registered(id)?;
        if let Some(at) = p.suspended {
            return Err(Rejection::Consent {
                field: "principal".into(),
                reason: format!("{id} was suspended by record {at}; reactivate it first"),
            });
        }
        self.authorized(actor, p, id, change, endorsement)?;
        Ok(pid)
    }

    /// The registered principal `id`, or a refusal naming the field.
    fn registered(&self, id: &str) -> Result<(PrincipalId, &Principal), Rejection> {
        let unknown =
            || Rejection::Consent { field: "principal".into(), reason: format!("{id} is not a registered principal") };
        let pid = PrincipalId::parse(id).map_err(|_| unknown())?;
        let p = self.principals.get(&pid).ok_or_else(unknown)?;
        Ok((pid, p))
    }

    /// Whether `actor` may make `change` to principal `p`: with its
    /// participant's endorsement when that participant holds a key in the
    /// log, as an administrator otherwise.
    fn authorized(
        &self,
        actor: &Actor,
        p: &Principal,
        id: &str,
        change: crate::consent::PrincipalChange<'_>,
        endorsement: Option<&str>,
    ) -> Result<(), Rejection> {
        let endorsed = self.consent.check_principal_change(p.participant.as_ref(), id, change, endorsement)?;
        if !endorsed && actor.role != Role::Administrator {
            return Err(Rejection::NotAdministrator(actor.principal.to_string()));
        }
        Ok(())
    }

    /// The principal `id` if it is suspended and `actor` may allow it to act
    /// again: whoever may suspend it (its participant's endorsement when
    /// that participant holds a key in the log, an administrator
    /// otherwise), never for a participant that revoked its key.
    fn reactivatable(
        &self,
        actor: &Actor,
        id: &str,
        reason: &str,
        endorsement: Option<&str>,
    ) -> Result<PrincipalId, Rejection> {
        let (pid, p) = self.registered(id)?;
        let Some(suspended_by) = p.suspended else {
            return Err(Rejection::Consent {
                field: "principal".into(),
                reason: format!("{id} is not suspended; only a suspended principal is reactivated"),
            });
        };
        let change = crate::consent::PrincipalChange::Reactivate { reason, suspended_by };
        self.authorized(actor, p, id, change, endorsement)?;
        Ok(pid)
    }

    fn register(&mut self, p: &PrincipalRegistered, index: u64, key: VerifyingKey) -> Result<PrincipalId, Rejection> {
        let bad = |reason: String| Rejection::BadBody { kind: crate::records::PRINCIPAL_REGISTERED.into(), reason };
        let id = PrincipalId::parse(&p.principal).map_err(|e| bad(format!("principal: {e}")))?;
        // Ids differ by more than case: `PAK-liaison` beside `pak-liaison`
        // would read as one principal to a person and be two to the log.
        if self.principals.keys().any(|k| k.as_str().eq_ignore_ascii_case(&p.principal)) {
            return Err(Rejection::PrincipalExists(p.principal.clone()));
        }
        let participant = match &p.participant {
            Some(s) => Some(ParticipantId::parse(s).map_err(|e| bad(format!("participant: {e}")))?),
            None => None,
        };
        if participant.is_some() || !matches!(p.role, Role::Administrator | Role::Observer) {
            let (agreement, _) = self.agreement.as_ref().ok_or(Rejection::NoAgreement)?;
            let actor = Actor::new(id.clone(), participant.clone(), p.role);
            truce_core::docket::check_actor(agreement, &actor)?;
        }
        self.principals.insert(
            id.clone(),
            Principal {
                participant,
                role: p.role,
                key,
                record_idx: index,
                custody: p.custody,
                suspended: None,
                suspension_endorsements: Vec::new(),
            },
        );
        Ok(id)
    }

    fn adopt(&mut self, a: &AgreementAdopted, blobs: &dyn BlobStore) -> Result<(), Rejection> {
        if let Some((current, _)) = &self.agreement {
            let same = current.identity.id.as_str() == a.agreement;
            if !same || a.version <= current.identity.version {
                return Err(Rejection::AgreementAdopted(current.identity.id.to_string()));
            }
        }
        let agreement = load_text(a, blobs)?;
        if !agreement.consent.signatories.is_empty() || !self.consent.versions.is_empty() {
            return Err(Rejection::Consent {
                field: "type".into(),
                reason: format!(
                    "{} is in force only once its signatories sign it; propose it ({}) instead of adopting it",
                    a.agreement,
                    crate::records::AGREEMENT_PROPOSED
                ),
            });
        }
        self.agreement = Some((agreement, a.sha256.clone()));
        Ok(())
    }
}

/// Reads and validates the text a record names, checking its id and version.
fn load_text(a: &AgreementAdopted, blobs: &dyn BlobStore) -> Result<Agreement, Rejection> {
    let bytes = blobs
        .get(&a.sha256)
        .map_err(|e| Rejection::MissingBlob(format!("{} ({e})", a.sha256)))?
        .ok_or_else(|| Rejection::MissingBlob(a.sha256.clone()))?;
    let text = String::from_utf8(bytes).map_err(|_| Rejection::InvalidAgreement("not UTF-8".into()))?;
    let agreement = Agreement::from_toml(&text)
        .map_err(|e| Rejection::InvalidAgreement(e.render("agreement").trim().to_owned()))?;
    if agreement.identity.id.as_str() != a.agreement || agreement.identity.version != a.version {
        return Err(Rejection::InvalidAgreement(format!(
            "the text is {} version {}, the record says {} version {}",
            agreement.identity.id, agreement.identity.version, a.agreement, a.version
        )));
    }
    Ok(agreement)
}

/// Checks an evidence receipt: a well-formed hash and type, and a blob of
/// the size it claims. Only the size is read from the store here (a stat,
/// not a read of up to tens of megabytes on the single writer); the blob
/// store checks the content against the hash whenever the file is read.
fn check_evidence(e: &EvidenceReceived, blobs: &dyn BlobStore) -> Result<(), Rejection> {
    let bad = |reason: String| Rejection::BadBody { kind: crate::records::EVIDENCE_RECEIVED.into(), reason };
    let hex = e.sha256.len() == 64 && e.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !hex {
        return Err(bad(format!("sha256: {:?} is not 64 lower-case hex digits", e.sha256)));
    }
    let media = e.content_type.len() <= 100
        && e.content_type.split_once('/').is_some_and(|(t, s)| {
            let token =
                |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b));
            token(t) && token(s)
        });
    if !media {
        return Err(bad(format!("content_type: {:?} is not a media type such as image/jpeg", e.content_type)));
    }
    let missing = |reason: String| Rejection::Evidence { sha256: e.sha256.clone(), reason };
    match blobs.size(&e.sha256) {
        Ok(Some(size)) if size == e.size => Ok(()),
        Ok(Some(size)) => Err(missing(format!("has {size} bytes in the blob store, but the record says {}", e.size))),
        Ok(None) => Err(missing("is not in the blob store".into())),
        Err(err) => Err(missing(format!("could not be read from the blob store: {err}"))),
    }
}
