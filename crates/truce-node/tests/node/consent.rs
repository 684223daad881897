//! Consent: a version of the agreement that names signatories is in force
//! only once each has signed it with its own participant key; every bad
//! signature is refused with the field and the reason and changes nothing;
//! the log with its signatures replays to the same state.

use truce_core::Role;
use truce_ledger::SigningKey;
use truce_node::blobs::{BlobStore, FsBlobStore};
use truce_node::consent::{Outcome, endorse, sign_agreement};
use truce_node::records::{AgreementAdopted, AgreementSigned, Body, PrincipalRegistered, submission};
use truce_node::{Effect, Mechanism, Rejection};

use crate::DOHA;

const ID: &str = "doha-istanbul-2025";

fn key(n: u8) -> SigningKey {
    SigningKey::from_seed([n; 32])
}

/// The shipped text, as `version`, with a consent table naming PAK and AFG
/// as signatories and the keys `keys` (participant, key seed).
fn text(version: u32, keys: &[(&str, u8)]) -> String {
    let mut t = DOHA.replacen("version = 1", &format!("version = {version}"), 1);
    t.push_str("\n[consent]\nsignatories = [\"PAK\", \"AFG\"]\n[consent.keys]\n");
    for (who, seed) in keys {
        t.push_str(&format!("{who} = \"{}\"\n", key(*seed).verifying_key().to_base64()));
    }
    t
}

struct Log {
    mechanism: Mechanism,
    blobs: FsBlobStore,
    records: Vec<(truce_ledger::SignedRecord, serde_json::Value)>,
    admin: SigningKey,
    _tmp: tempfile::TempDir,
}

impl Log {
    fn new() -> Log {
        let tmp = tempfile::tempdir().unwrap();
        let blobs = FsBlobStore::new(tmp.path().join("blobs"));
        let mut log = Log { mechanism: Mechanism::new(true), blobs, records: Vec::new(), admin: key(1), _tmp: tmp };
        let genesis = Body::Principal(PrincipalRegistered {
            principal: "admin".into(),
            participant: None,
            role: Role::Administrator,
            public_key: log.admin.verifying_key().to_base64(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        });
        log.apply(&genesis).unwrap();
        log
    }

    fn apply(&mut self, body: &Body) -> Result<Effect, Rejection> {
        self.apply_at(body, "2025-10-19T12:00:00Z".parse().unwrap())
    }

    fn apply_at(&mut self, body: &Body, time: jiff::Timestamp) -> Result<Effect, Rejection> {
        let s = submission(&self.admin, "admin", None, time, body, None).unwrap();
        let value = body.to_value().unwrap();
        let effect = self.mechanism.apply(s.record(), &value, &self.blobs)?;
        self.records.push((s.record().clone(), value));
        Ok(effect)
    }

    fn propose(&mut self, text: &str, version: u32) -> Result<String, Rejection> {
        let sha256 = self.blobs.put(text.as_bytes()).unwrap();
        self.apply(&Body::Proposal(AgreementAdopted { agreement: ID.into(), version, sha256: sha256.clone() }))?;
        Ok(sha256)
    }

    fn sign(&mut self, who: &str, seed: u8, version: u32, sha256: &str) -> Result<Effect, Rejection> {
        let signature = sign_agreement(&key(seed), ID, version, sha256).unwrap();
        self.apply(&Body::Signature(AgreementSigned {
            agreement: ID.into(),
            version,
            sha256: sha256.into(),
            participant: who.into(),
            signature,
        }))
    }

    /// Refuses `attempt` and checks that nothing changed.
    #[track_caller]
    fn refused(&mut self, field: &str, reason: &str, attempt: impl FnOnce(&mut Log) -> Result<Effect, Rejection>) {
        let (size, consent, agreement) =
            (self.mechanism.size, self.mechanism.consent.clone(), self.mechanism.agreement.clone());
        match attempt(self) {
            Err(Rejection::Consent { field: f, reason: r }) => {
                assert_eq!(f, field, "{r}");
                assert!(r.contains(reason), "{r:?} does not say {reason:?}");
            }
            other => panic!("expected a refusal at {field}, got {other:?}"),
        }
        assert_eq!(self.mechanism.size, size);
        assert_eq!(self.mechanism.consent, consent);
        assert_eq!(self.mechanism.agreement, agreement);
    }
}

#[test]
fn a_version_is_a_draft_until_its_last_signatory_signs() {
    let mut log = Log::new();
    let sha = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    assert!(log.mechanism.agreement.is_none(), "a proposal puts nothing in force");
    log.sign("PAK", 10, 1, &sha).unwrap();
    assert!(log.mechanism.agreement.is_none(), "one of two signatures puts nothing in force");
    log.sign("AFG", 11, 1, &sha).unwrap();
    let (agreement, in_force) = log.mechanism.agreement.clone().unwrap();
    assert_eq!((agreement.identity.version, in_force.as_str()), (1, sha.as_str()));
    let mark = &log.mechanism.consent.versions[0];
    assert_eq!(mark.outcome, Outcome::InForce(3));
    assert_eq!(mark.signatures.get("PAK"), Some(&Some(2)));
    assert_eq!(log.mechanism.consent.keys.len(), 2, "the signatories' keys are in force");

    // The same log replays to the same state.
    let mut again = Mechanism::new(true);
    for (signed, body) in &log.records {
        again.apply(signed, body, &log.blobs).unwrap();
    }
    assert_eq!(again.consent, log.mechanism.consent);
    assert_eq!(again.agreement, log.mechanism.agreement);
}

#[test]
fn bad_signatures_are_refused_by_field_and_change_nothing() {
    let mut log = Log::new();
    let sha = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.refused("signature", "does not verify with the participant's key (PAK)", |l| l.sign("PAK", 11, 1, &sha));
    log.refused("participant", "QAT is not a signatory", |l| l.sign("QAT", 12, 1, &sha));
    log.refused("participant", "contains '!'", |l| l.sign("XX!", 12, 1, &sha));
    log.refused("version", "the draft is doha-istanbul-2025 version 1", |l| l.sign("PAK", 10, 2, &sha));
    log.refused("sha256", "is not the draft awaiting signatures", |l| l.sign("PAK", 10, 1, &"0".repeat(64)));
    log.sign("PAK", 10, 1, &sha).unwrap();
    log.refused("participant", "PAK signed this version already", |l| l.sign("PAK", 10, 1, &sha));
    log.refused("signature", "is not base64", |l| {
        l.apply(&Body::Signature(AgreementSigned {
            agreement: ID.into(),
            version: 1,
            sha256: sha.clone(),
            participant: "AFG".into(),
            signature: "%%%".into(),
        }))
    });
    assert!(log.mechanism.agreement.is_none());
}

#[test]
fn signing_a_superseded_draft_is_refused() {
    let mut log = Log::new();
    let first = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &first).unwrap();
    let corrected = text(1, &[("PAK", 10), ("AFG", 11)]).replace("Doha ceasefire", "The Doha ceasefire");
    let second = log.propose(&corrected, 1).unwrap();
    assert_eq!(log.mechanism.consent.versions[0].outcome, Outcome::Superseded);
    log.refused("sha256", "was superseded", |l| l.sign("AFG", 11, 1, &first));
    log.sign("PAK", 10, 1, &second).unwrap();
    log.sign("AFG", 11, 1, &second).unwrap();
    assert_eq!(log.mechanism.agreement.as_ref().unwrap().1, second);
}

#[test]
fn the_administrator_cannot_put_a_signed_text_in_force_alone() {
    let mut log = Log::new();
    let t = text(1, &[("PAK", 10), ("AFG", 11)]);
    let sha256 = log.blobs.put(t.as_bytes()).unwrap();
    log.refused("type", "is in force only once its signatories sign it", |l| {
        l.apply(&Body::Agreement(AgreementAdopted { agreement: ID.into(), version: 1, sha256 }))
    });
    log.refused("consent.keys.AFG", "signatory AFG has no participant key", |l| {
        l.propose(&text(1, &[("PAK", 10)]), 1).map(|_| Effect::Agreement)
    });
    log.refused("consent.signatories", "names no signatory", |l| l.propose(DOHA, 1).map(|_| Effect::Agreement));
}

#[test]
fn an_amendment_keeps_the_keys_in_force_and_the_old_version_until_signed() {
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    // An amendment may not swap a participant's key for one the proposer holds.
    log.refused("consent.keys.PAK", "differs from PAK's participant key in force", |l| {
        l.propose(&text(2, &[("PAK", 99), ("AFG", 11)]), 2).map(|_| Effect::Agreement)
    });
    log.refused("version", "an amendment is a higher version", |l| {
        l.propose(&text(1, &[("PAK", 10), ("AFG", 11)]).replace("Doha ceasefire", "Doha"), 1).map(|_| Effect::Agreement)
    });
    // Keys may be left out of an amendment: the keys in force sign it.
    let v2 = log.propose(&text(2, &[]), 2).unwrap();
    log.sign("PAK", 10, 2, &v2).unwrap();
    assert_eq!(log.mechanism.agreement.as_ref().unwrap().1, v1, "version 1 stays in force meanwhile");
    log.refused("signature", "does not verify", |l| l.sign("AFG", 99, 2, &v2));
    log.sign("AFG", 11, 2, &v2).unwrap();
    assert_eq!(log.mechanism.agreement.as_ref().unwrap().0.identity.version, 2);
    log.refused("type", "propose it", |l| {
        let sha256 = l.blobs.put(DOHA.replacen("version = 1", "version = 3", 1).as_bytes()).unwrap();
        l.apply(&Body::Agreement(AgreementAdopted { agreement: ID.into(), version: 3, sha256 }))
    });
}

/// A registration of a principal for `participant` with the key seeded `seed`.
fn registration(principal: &str, participant: &str, seed: u8) -> PrincipalRegistered {
    PrincipalRegistered {
        principal: principal.into(),
        participant: Some(participant.into()),
        role: Role::PartyLiaison,
        public_key: key(seed).verifying_key().to_base64(),
        endorsement: None,
        custody: truce_node::records::Custody::Own,
    }
}

#[test]
fn once_a_party_holds_its_key_only_its_endorsement_registers_a_principal_for_it() {
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();

    let mut minted = registration("pak-minted", "PAK", 21);
    let principals = log.mechanism.principals.clone();
    let refused = |log: &mut Log, p: &PrincipalRegistered, reason: &str| {
        log.refused("endorsement", reason, |l| l.apply(&Body::Principal(p.clone())));
        assert_eq!(log.mechanism.principals, principals, "a refusal registers nobody");
    };
    refused(&mut log, &minted, "PAK holds its own key in the log; only PAK's endorsement");
    minted.endorsement = Some(endorse(&key(11), &minted).unwrap());
    refused(&mut log, &minted, "does not verify with PAK's participant key");
    // An endorsement binds the key: PAK's signature over one key does not
    // register another.
    let mut swapped = registration("pak-minted", "PAK", 22);
    swapped.endorsement = Some(endorse(&key(10), &minted).unwrap());
    refused(&mut log, &swapped, "does not verify");
    minted.endorsement = Some("%%%".into());
    refused(&mut log, &minted, "is not base64");
    let mut observer =
        PrincipalRegistered { role: Role::Observer, participant: None, ..registration("observer", "QAT", 23) };
    observer.endorsement = Some(endorse(&key(10), &observer).unwrap());
    refused(&mut log, &observer, "only a participant with a key in force endorses");

    minted.endorsement = Some(endorse(&key(10), &minted).unwrap());
    log.apply(&Body::Principal(minted)).unwrap();
    assert!(log.mechanism.principals.keys().any(|p| p.as_str() == "pak-minted"));
    // Participants without a key in the log, and observers, stay the
    // administrator's to register.
    let mediator = PrincipalRegistered { role: Role::Mediator, ..registration("qat-mediator", "QAT", 24) };
    log.apply(&Body::Principal(mediator)).unwrap();
    observer.endorsement = None;
    log.apply(&Body::Principal(observer)).unwrap();
}

#[test]
fn the_log_counts_the_records_the_server_signed_for_custodial_principals() {
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    assert_eq!(log.mechanism.custodial_records, 0, "the administrator signs with its own key");
    let clerk = PrincipalRegistered {
        role: Role::Observer,
        participant: None,
        custody: truce_node::records::Custody::Server,
        ..registration("clerk", "QAT", 30)
    };
    log.apply(&Body::Principal(clerk)).unwrap();
    assert_eq!(log.mechanism.principals.values().last().map(|p| p.custody), Some(truce_node::records::Custody::Server));
    let time = "2025-10-19T12:00:00Z".parse().unwrap();
    let signature = truce_node::consent::sign_agreement(&key(11), ID, 1, &v1).unwrap();
    let body = Body::Signature(AgreementSigned {
        agreement: ID.into(),
        version: 1,
        sha256: v1.clone(),
        participant: "AFG".into(),
        signature,
    });
    let s = submission(&key(30), "clerk", None, time, &body, None).unwrap();
    log.mechanism.apply(s.record(), &body.to_value().unwrap(), &log.blobs).unwrap();
    assert_eq!(log.mechanism.custodial_records, 1, "the clerk's record was signed by the server");
}

#[tokio::test]
async fn verify_replays_an_amendment_by_consent_and_reports_who_signed() {
    for database in crate::databases().await {
        let d = crate::deploy(database).await;
        let report = d.verify().await.unwrap();
        assert!(report.versions.is_empty(), "version 1 was adopted by the administrator alone");
        assert_eq!(report.agreement, Some((ID.to_owned(), 1)));
        let (ledger, handle) = d.start().await;
        let t = text(2, &[("PAK", 10), ("AFG", 11)]);
        let sha256 = d.dir.blobs().put(t.as_bytes()).unwrap();
        let at: jiff::Timestamp = "2025-11-07T12:00:00Z".parse().unwrap();
        let proposal = Body::Proposal(AgreementAdopted { agreement: ID.into(), version: 2, sha256: sha256.clone() });
        let proposed = d.submit(&ledger, "admin", at, &proposal).await.unwrap();
        let mut last = 0;
        for (who, seed) in [("PAK", 10), ("AFG", 11)] {
            let signature = sign_agreement(&key(seed), ID, 2, &sha256).unwrap();
            let body = Body::Signature(AgreementSigned {
                agreement: ID.into(),
                version: 2,
                sha256: sha256.clone(),
                participant: who.into(),
                signature,
            });
            last = d.submit(&ledger, "admin", at, &body).await.unwrap().index;
        }
        assert_eq!(ledger.agreement().unwrap().identity.version, 2);
        drop(ledger);
        handle.await.unwrap();
        let report = d.verify().await.unwrap();
        assert_eq!(report.agreement, Some((ID.to_owned(), 2)));
        let v = &report.versions[0];
        assert_eq!((v.proposed, v.outcome), (proposed.index, Outcome::InForce(last)));
        assert_eq!(v.signatures.get("AFG"), Some(&Some(last)));
        assert_eq!(v.signatures.get("PAK"), Some(&Some(last - 1)));
        // Started again, the ledger holds the same state.
        let (ledger, handle) = d.start().await;
        assert_eq!(ledger.agreement().unwrap().identity.version, 2);
        assert_eq!(ledger.agreement_versions(), report.versions);
        drop(ledger);
        handle.await.unwrap();
    }
}

/// Applies `body` signed by principal `author` with `key`.
fn apply_as(
    log: &mut Log,
    author: &str,
    participant: Option<&str>,
    key: &SigningKey,
    body: &Body,
) -> Result<Effect, Rejection> {
    let time = "2025-10-20T12:00:00Z".parse().unwrap();
    let s = submission(key, author, participant, time, body, None).unwrap();
    let value = body.to_value().unwrap();
    let effect = log.mechanism.apply(s.record(), &value, &log.blobs)?;
    log.records.push((s.record().clone(), value));
    Ok(effect)
}

#[test]
fn a_participant_rotates_and_revokes_its_own_key_and_only_it_can() {
    use truce_node::consent::{ParticipantKeyChange, participant_key_statement, sign_statement};
    use truce_node::records::{ParticipantKeyRevoked, ParticipantKeyRotated};
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    let new = key(20).verifying_key().to_base64();
    let previous_key = key(10).verifying_key().to_base64();
    let change = ParticipantKeyChange::Rotate { previous_key: &previous_key, public_key: &new };
    let statement = participant_key_statement("PAK", change).unwrap();
    let rotation = |by: u8, proof: u8| {
        Body::ParticipantKeyRotated(ParticipantKeyRotated {
            participant: "PAK".into(),
            public_key: new.clone(),
            signature: sign_statement(&key(by), &statement),
            proof: sign_statement(&key(proof), &statement),
        })
    };
    log.refused("signature", "does not verify with PAK's key in force", |l| l.apply(&rotation(11, 20)));
    log.refused("proof", "does not verify with the new key", |l| l.apply(&rotation(10, 21)));
    log.apply(&rotation(10, 20)).unwrap();
    assert_eq!(
        log.mechanism.consent.keys.get(&truce_core::ids::ParticipantId::parse("PAK").unwrap()).map(|k| k.to_base64()),
        Some(new.clone())
    );
    // The old key endorses nothing any more; the new one does.
    let mut liaison = registration("pak-new", "PAK", 40);
    liaison.endorsement = Some(endorse(&key(10), &liaison).unwrap());
    log.refused("endorsement", "does not verify with PAK's participant key", |l| {
        l.apply(&Body::Principal(liaison.clone()))
    });
    liaison.endorsement = Some(endorse(&key(20), &liaison).unwrap());
    log.apply(&Body::Principal(liaison)).unwrap();

    // Revoked with itself: from then on nobody acts for PAK, the operator included.
    let reason = "The key's device was lost";
    let statement = participant_key_statement("PAK", ParticipantKeyChange::Revoke { reason }).unwrap();
    let revocation = |by: u8| {
        Body::ParticipantKeyRevoked(ParticipantKeyRevoked {
            participant: "PAK".into(),
            reason: reason.into(),
            signature: sign_statement(&key(by), &statement),
        })
    };
    log.refused("signature", "does not verify with PAK's key in force", |l| l.apply(&revocation(10)));
    log.apply(&revocation(20)).unwrap();
    assert!(!log.mechanism.consent.keys.contains_key(&truce_core::ids::ParticipantId::parse("PAK").unwrap()));
    log.refused("participant", "PAK revoked its key at record", |l| {
        l.apply(&Body::Principal(registration("pak-minted", "PAK", 41)))
    });
    // An amendment naming PAK's new key, signed with it and by AFG, gives PAK back its voice.
    let v2 = log.propose(&text(2, &[("PAK", 22)]), 2).unwrap();
    log.sign("PAK", 22, 2, &v2).unwrap();
    log.sign("AFG", 11, 2, &v2).unwrap();
    assert!(log.mechanism.consent.revoked.is_empty());
    let mut again = registration("pak-again", "PAK", 42);
    again.endorsement = Some(endorse(&key(22), &again).unwrap());
    log.apply(&Body::Principal(again)).unwrap();
    // The history says which key was PAK's at each record: a signature is shown with the key that checked it.
    let history = &log.mechanism.consent.key_history;
    let at = |index: u64| truce_node::consent::key_at(history, "PAK", index).map(|k| k.to_base64());
    let marks: Vec<u64> = history.iter().filter(|m| m.participant.as_str() == "PAK").map(|m| m.from).collect();
    assert_eq!(marks.len(), 4, "in force, rotated, revoked, in force again: {marks:?}");
    assert_eq!(at(marks[0]), Some(previous_key));
    assert_eq!(at(marks[1] - 1), at(marks[0]));
    assert_eq!(at(marks[1]), Some(new));
    assert_eq!(at(marks[2]), None, "revoked");
    assert_eq!(at(marks[3]), Some(key(22).verifying_key().to_base64()));
    assert_eq!(at(marks[0] - 1), None, "before its first key");
}

#[test]
fn a_party_suspends_its_principal_or_replaces_its_key_and_the_old_key_signs_nothing_more() {
    use truce_node::consent::{PrincipalChange, principal_change_statement, sign_statement};
    use truce_node::records::{PrincipalKeyRotated, PrincipalSuspended};
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    for (id, seed) in [("pak-a", 50), ("pak-b", 51)] {
        let mut r = registration(id, "PAK", seed);
        r.endorsement = Some(endorse(&key(10), &r).unwrap());
        log.apply(&Body::Principal(r)).unwrap();
    }
    // pak-a's key is replaced with PAK's endorsement; the administrator alone cannot.
    let new = key(60).verifying_key().to_base64();
    let previous_key = key(50).verifying_key().to_base64();
    let change = PrincipalChange::Rotate { previous_key: &previous_key, public_key: &new };
    let statement = principal_change_statement("pak-a", change).unwrap();
    let rotate = |endorsement: Option<String>| {
        Body::PrincipalKeyRotated(PrincipalKeyRotated {
            principal: "pak-a".into(),
            public_key: new.clone(),
            endorsement,
        })
    };
    log.refused("endorsement", "only PAK's endorsement changes its principals", |l| l.apply(&rotate(None)));
    log.refused("endorsement", "does not verify with PAK's participant key", |l| {
        l.apply(&rotate(Some(sign_statement(&key(11), &statement))))
    });
    log.apply(&rotate(Some(sign_statement(&key(10), &statement)))).unwrap();
    // Posted again, the same endorsement no longer applies: it named the key it replaced.
    log.refused("endorsement", "does not verify", |l| l.apply(&rotate(Some(sign_statement(&key(10), &statement)))));
    // A record the old key signs is refused; the new key's is accepted.
    let observer = |id: &str, seed: u8| {
        Body::Principal(PrincipalRegistered {
            role: Role::Observer,
            participant: None,
            ..registration(id, "QAT", seed)
        })
    };
    let old = apply_as(&mut log, "pak-a", Some("PAK"), &key(50), &observer("o1", 70));
    assert!(matches!(old, Err(Rejection::Signature(_))), "{old:?}");
    let size = log.mechanism.size;
    let new_key = apply_as(&mut log, "pak-a", Some("PAK"), &key(60), &observer("o2", 71));
    assert!(matches!(new_key, Err(Rejection::NotAdministrator(_))), "signed right, refused on its merits: {new_key:?}");
    assert_eq!(log.mechanism.size, size);

    // pak-b suspended: nothing it signs is accepted afterwards.
    let reason = "Left the liaison office";
    let statement = principal_change_statement("pak-b", PrincipalChange::Suspend { reason }).unwrap();
    let suspend = Body::PrincipalSuspended(PrincipalSuspended {
        principal: "pak-b".into(),
        reason: reason.into(),
        endorsement: Some(sign_statement(&key(10), &statement)),
    });
    log.apply(&suspend).unwrap();
    let after = apply_as(&mut log, "pak-b", Some("PAK"), &key(51), &observer("o3", 72));
    assert!(matches!(after, Err(Rejection::Suspended { .. })), "{after:?}");
    log.refused("principal", "pak-b was suspended by record", |l| l.apply(&suspend));
    // The log replays to the same principals.
    let mut again = Mechanism::new(true);
    for (signed, body) in &log.records {
        again.apply(signed, body, &log.blobs).unwrap();
    }
    assert_eq!(again.principals, log.mechanism.principals);
    assert_eq!(again.consent, log.mechanism.consent);
}

#[test]
fn a_party_suspends_resumes_and_withdraws_by_its_own_signature_with_the_agreements_notice() {
    use truce_node::consent::{sign_statement, withdrawal_statement};
    use truce_node::records::{Withdrawal, WithdrawalKind};
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    let act = |kind, seed: u8, sequence: u32| {
        let mut w = Withdrawal {
            agreement: ID.into(),
            participant: "PAK".into(),
            kind,
            reason: "Attacks from across the border continue".into(),
            sequence,
            signature: String::new(),
        };
        w.signature = sign_statement(&key(seed), &withdrawal_statement(&w).unwrap());
        Body::Withdrawal(w)
    };
    log.refused("signature", "does not verify with PAK's participant key", |l| {
        l.apply(&act(WithdrawalKind::Suspension, 11, 0))
    });
    log.refused("kind", "PAK has not suspended its part", |l| l.apply(&act(WithdrawalKind::Resumption, 10, 0)));
    // A reason everyone will read for years shows what it says.
    for (reason, why) in [("Attacks \u{202E}eunitnoc", "directional override"), ("\u{200B} ", "must not be empty")] {
        let mut odd = act(WithdrawalKind::Suspension, 10, 0);
        if let Body::Withdrawal(w) = &mut odd {
            w.reason = reason.into();
            w.signature = sign_statement(&key(10), &withdrawal_statement(w).unwrap());
        }
        log.refused("reason", why, |l| l.apply(&odd));
    }
    let first = act(WithdrawalKind::Suspension, 10, 0);
    log.apply(&first).unwrap();
    log.refused("kind", "PAK has suspended its part already", |l| l.apply(&act(WithdrawalKind::Suspension, 10, 1)));
    log.apply(&act(WithdrawalKind::Resumption, 10, 1)).unwrap();
    log.refused("sequence", "PAK has signed 2 earlier acts", |l| l.apply(&first));
    log.apply(&act(WithdrawalKind::Withdrawal, 10, 2)).unwrap();
    let marks = &log.mechanism.consent.withdrawals;
    assert_eq!(marks.len(), 3);
    let notice = log.mechanism.agreement().unwrap().withdrawal.as_ref().unwrap().notice;
    assert_eq!(marks[2].effective_at, marks[2].at.checked_add(notice).unwrap(), "the agreement's notice applies");
    assert_eq!(marks[0].effective_at, marks[0].at, "a suspension takes effect at once");
    let pak = truce_core::ids::ParticipantId::parse("PAK").unwrap();
    let consent = &log.mechanism.consent;
    assert!(consent.withdrawn_at(&pak, marks[2].at).is_none(), "resumed, and the withdrawal's notice runs");
    assert_eq!(consent.withdrawn_at(&pak, marks[2].effective_at).map(|m| m.kind), Some(WithdrawalKind::Withdrawal));
    log.refused("kind", "PAK has withdrawn from the agreement", |l| l.apply(&act(WithdrawalKind::Suspension, 10, 3)));
    let mut other = act(WithdrawalKind::Suspension, 11, 0);
    if let Body::Withdrawal(w) = &mut other {
        w.participant = "AFG".into();
        w.agreement = "another".into();
        w.signature = sign_statement(&key(11), &withdrawal_statement(w).unwrap());
    }
    log.refused("agreement", "the agreement in force is doha-istanbul-2025", |l| l.apply(&other));
}

#[test]
fn an_agreement_can_require_a_record_type_to_be_signed_by_its_authors_own_key() {
    let mut log = Log::new();
    let t = text(1, &[("PAK", 10), ("AFG", 11)]).replace(
        "signatories = [\"PAK\", \"AFG\"]",
        "signatories = [\"PAK\", \"AFG\"]\nself_signed = [\"agreement.signed.v1\"]",
    );
    let v1 = log.propose(&t, 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    assert_eq!(log.mechanism.agreement().unwrap().consent.self_signed, ["agreement.signed.v1"]);
    let clerk = PrincipalRegistered {
        role: Role::Observer,
        participant: None,
        custody: truce_node::records::Custody::Server,
        ..registration("clerk", "QAT", 30)
    };
    log.apply(&Body::Principal(clerk)).unwrap();
    let v2 = log.propose(&text(2, &[]), 2).unwrap();
    let body = Body::Signature(AgreementSigned {
        agreement: ID.into(),
        version: 2,
        sha256: v2.clone(),
        participant: "PAK".into(),
        signature: sign_agreement(&key(10), ID, 2, &v2).unwrap(),
    });
    let size = log.mechanism.size;
    match apply_as(&mut log, "clerk", None, &key(30), &body) {
        Err(Rejection::Consent { field, reason }) => {
            assert_eq!(field, "author");
            assert!(reason.contains("signed with their author's own key"), "{reason}");
        }
        other => panic!("a custodial author is refused, got {other:?}"),
    }
    assert_eq!(log.mechanism.size, size);
    log.apply(&body).unwrap();
}

#[test]
fn a_key_comes_in_force_only_with_its_owners_signature_and_a_revoked_party_falls_silent() {
    use truce_node::consent::{ParticipantKeyChange, participant_key_statement, sign_statement};
    use truce_node::records::ParticipantKeyRevoked;
    let mut log = Log::new();
    // The operator cannot slip a key it holds in for a participant that does not sign.
    let with_qatar = text(1, &[("PAK", 10), ("AFG", 11), ("QAT", 12)]);
    log.refused("consent.keys.QAT", "its first key needs its own signature", |l| {
        l.propose(&with_qatar, 1).map(|_| Effect::Agreement)
    });
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    let mut liaison = registration("pak-a", "PAK", 50);
    liaison.endorsement = Some(endorse(&key(10), &liaison).unwrap());
    log.apply(&Body::Principal(liaison)).unwrap();
    // A pending amendment; PAK revokes its key before signing it: the draft can no longer take that key.
    let v2 = log.propose(&text(2, &[]), 2).unwrap();
    let reason = "Key exposed";
    let statement = participant_key_statement("PAK", ParticipantKeyChange::Revoke { reason }).unwrap();
    log.apply(&Body::ParticipantKeyRevoked(ParticipantKeyRevoked {
        participant: "PAK".into(),
        reason: reason.into(),
        signature: sign_statement(&key(10), &statement),
    }))
    .unwrap();
    log.refused("participant", "PAK is not a signatory of this version", |l| l.sign("PAK", 10, 2, &v2));
    // PAK's principals fall silent; the administrator may still suspend them.
    let observer = Body::Principal(PrincipalRegistered {
        role: Role::Observer,
        participant: None,
        ..registration("o", "QAT", 70)
    });
    match apply_as(&mut log, "pak-a", Some("PAK"), &key(50), &observer) {
        Err(Rejection::Consent { field, reason }) => {
            assert_eq!(field, "author");
            assert!(reason.contains("PAK revoked its key"), "{reason}");
        }
        other => panic!("a revoked party's principal is refused, got {other:?}"),
    }
    // Nor can the administrator give one of them a key it holds: that would speak for PAK.
    let rotate = Body::PrincipalKeyRotated(truce_node::records::PrincipalKeyRotated {
        principal: "pak-a".into(),
        public_key: key(51).verifying_key().to_base64(),
        endorsement: None,
    });
    log.refused("principal", "its principals can only be suspended", |l| l.apply(&rotate));
    let suspend = Body::PrincipalSuspended(truce_node::records::PrincipalSuspended {
        principal: "pak-a".into(),
        reason: "Its party's key was exposed".into(),
        endorsement: None,
    });
    log.apply(&suspend).unwrap();
}

#[test]
fn a_party_that_has_withdrawn_neither_signs_nor_blocks_an_amendment() {
    use truce_node::consent::{sign_statement, withdrawal_statement};
    use truce_node::records::{Withdrawal, WithdrawalKind};
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    let mut w = Withdrawal {
        agreement: ID.into(),
        participant: "AFG".into(),
        kind: WithdrawalKind::Withdrawal,
        reason: "The mechanism failed".into(),
        sequence: 0,
        signature: String::new(),
    };
    w.signature = sign_statement(&key(11), &withdrawal_statement(&w).unwrap());
    log.apply(&Body::Withdrawal(w)).unwrap();
    let effective = log.mechanism.consent.withdrawals[0].effective_at;
    let alone = text(2, &[]).replace("signatories = [\"PAK\", \"AFG\"]", "signatories = [\"PAK\"]");
    let sha256 = log.blobs.put(alone.as_bytes()).unwrap();
    let proposal = Body::Proposal(AgreementAdopted { agreement: ID.into(), version: 2, sha256: sha256.clone() });
    // During the notice AFG is still bound, so still needed.
    log.refused("consent.signatories", "AFG holds a participant key", |l| {
        l.apply_at(&proposal, effective.checked_sub(jiff::SignedDuration::from_secs(1)).unwrap())
    });
    log.apply_at(&proposal, effective).unwrap();
    let signature = sign_agreement(&key(10), ID, 2, &sha256).unwrap();
    let signed = Body::Signature(AgreementSigned {
        agreement: ID.into(),
        version: 2,
        sha256,
        participant: "PAK".into(),
        signature,
    });
    log.apply_at(&signed, effective).unwrap();
    assert_eq!(log.mechanism.agreement().unwrap().identity.version, 2);
}

#[test]
fn a_suspended_principal_is_reactivated_by_whoever_may_suspend_it_and_never_for_a_revoked_party() {
    use truce_core::ids::PrincipalId;
    use truce_node::consent::{
        ParticipantKeyChange, PrincipalChange, participant_key_statement, principal_change_statement, sign_statement,
    };
    use truce_node::records::{ParticipantKeyRevoked, PrincipalReactivated, PrincipalSuspended};
    let mut log = Log::new();
    let v1 = log.propose(&text(1, &[("PAK", 10), ("AFG", 11)]), 1).unwrap();
    log.sign("PAK", 10, 1, &v1).unwrap();
    log.sign("AFG", 11, 1, &v1).unwrap();
    // QAT holds no key in the log: the administrator registers and changes its principals.
    for (id, seed) in [("qat-a", 30), ("qat-b", 31)] {
        let r = PrincipalRegistered { role: Role::Mediator, ..registration(id, "QAT", seed) };
        log.apply(&Body::Principal(r)).unwrap();
    }
    let mut pak = registration("pak-a", "PAK", 50);
    pak.endorsement = Some(endorse(&key(10), &pak).unwrap());
    log.apply(&Body::Principal(pak)).unwrap();
    let suspended_by = |log: &Log, id: &str| log.mechanism.principals[&PrincipalId::parse(id).unwrap()].suspended;
    let reactivate = |principal: &str, reason: &str, endorsement: Option<String>| {
        Body::PrincipalReactivated(PrincipalReactivated {
            principal: principal.into(),
            reason: reason.into(),
            endorsement,
        })
    };
    let suspend = |principal: &str, reason: &str, endorsement: Option<String>| {
        Body::PrincipalSuspended(PrincipalSuspended { principal: principal.into(), reason: reason.into(), endorsement })
    };
    let back = "Back from leave";

    // Only a suspended principal is reactivated, and a reason is given.
    log.refused("principal", "qat-a is not suspended", |l| l.apply(&reactivate("qat-a", back, None)));
    log.refused("principal", "nobody is not a registered principal", |l| l.apply(&reactivate("nobody", back, None)));
    log.apply(&suspend("qat-a", "On leave", None)).unwrap();
    let at = suspended_by(&log, "qat-a").unwrap();
    let observer = |id: &str, seed: u8| {
        Body::Principal(PrincipalRegistered {
            role: Role::Observer,
            participant: None,
            ..registration(id, "QAT", seed)
        })
    };
    let refused = apply_as(&mut log, "qat-a", Some("QAT"), &key(30), &observer("o1", 70));
    assert!(matches!(refused, Err(Rejection::Suspended { .. })), "{refused:?}");
    log.refused("reason", "must not be empty", |l| l.apply(&reactivate("qat-a", " ", None)));
    // Whoever may not suspend it may not reactivate it: a mediator is not an administrator.
    let size = log.mechanism.size;
    let by_mediator = apply_as(&mut log, "qat-b", Some("QAT"), &key(31), &reactivate("qat-a", back, None));
    assert!(matches!(by_mediator, Err(Rejection::NotAdministrator(_))), "{by_mediator:?}");
    assert_eq!((log.mechanism.size, suspended_by(&log, "qat-a")), (size, Some(at)), "a refusal changes nothing");
    // The administrator may: qat-a's records are judged on their merits again.
    log.apply(&reactivate("qat-a", back, None)).unwrap();
    assert_eq!(suspended_by(&log, "qat-a"), None);
    let after = apply_as(&mut log, "qat-a", Some("QAT"), &key(30), &observer("o2", 71));
    assert!(matches!(after, Err(Rejection::NotAdministrator(_))), "signed right, refused on its merits: {after:?}");
    log.refused("principal", "qat-a is not suspended", |l| l.apply(&reactivate("qat-a", back, None)));

    // A principal of a party that holds its key: only that party's endorsement,
    // naming the suspension it ends, reactivates it.
    let reason = "Left the liaison office";
    let statement = principal_change_statement("pak-a", PrincipalChange::Suspend { reason }).unwrap();
    let endorsed_suspension = sign_statement(&key(10), &statement);
    log.apply(&suspend("pak-a", reason, Some(endorsed_suspension.clone()))).unwrap();
    let first = suspended_by(&log, "pak-a").unwrap();
    log.refused("endorsement", "only PAK's endorsement changes its principals", |l| {
        l.apply(&reactivate("pak-a", back, None))
    });
    let statement =
        principal_change_statement("pak-a", PrincipalChange::Reactivate { reason: back, suspended_by: first }).unwrap();
    log.refused("endorsement", "does not verify with PAK's participant key", |l| {
        l.apply(&reactivate("pak-a", back, Some(sign_statement(&key(11), &statement))))
    });
    let endorsed_reactivation = sign_statement(&key(10), &statement);
    log.apply(&reactivate("pak-a", back, Some(endorsed_reactivation.clone()))).unwrap();
    assert_eq!(suspended_by(&log, "pak-a"), None);
    // Posted again, neither endorsement applies a second time.
    log.refused("endorsement", "earlier suspension of pak-a", |l| {
        l.apply(&suspend("pak-a", reason, Some(endorsed_suspension.clone())))
    });
    let again = "Left the office again";
    let statement = principal_change_statement("pak-a", PrincipalChange::Suspend { reason: again }).unwrap();
    log.apply(&suspend("pak-a", again, Some(sign_statement(&key(10), &statement)))).unwrap();
    log.refused("endorsement", "does not verify", |l| {
        l.apply(&reactivate("pak-a", back, Some(endorsed_reactivation.clone())))
    });

    // Once PAK revoked its key, its principals can be suspended, never reactivated.
    let revoked = "The key was exposed";
    let statement = participant_key_statement("PAK", ParticipantKeyChange::Revoke { reason: revoked }).unwrap();
    log.apply(&Body::ParticipantKeyRevoked(ParticipantKeyRevoked {
        participant: "PAK".into(),
        reason: revoked.into(),
        signature: sign_statement(&key(10), &statement),
    }))
    .unwrap();
    log.refused("principal", "its principals can only be suspended", |l| l.apply(&reactivate("pak-a", back, None)));
    assert!(suspended_by(&log, "pak-a").is_some());

    // The log replays to the same principals.
    let mut replayed = Mechanism::new(true);
    for (signed, body) in &log.records {
        replayed.apply(signed, body, &log.blobs).unwrap();
    }
    assert_eq!(replayed.principals, log.mechanism.principals);
}

#[test]
fn the_last_administrator_is_never_suspended_whichever_path_the_record_takes() {
    use truce_node::records::PrincipalSuspended;
    let mut log = Log::new();
    let suspend = |principal: &str| {
        Body::PrincipalSuspended(PrincipalSuspended {
            principal: principal.into(),
            reason: "Handing over".into(),
            endorsement: None,
        })
    };
    log.refused("principal", "admin is the last administrator not suspended", |l| l.apply(&suspend("admin")));
    // With a second administrator, one of them may be suspended, never both.
    let second =
        PrincipalRegistered { role: Role::Administrator, participant: None, ..registration("admin-2", "QAT", 40) };
    log.apply(&Body::Principal(second)).unwrap();
    log.apply(&suspend("admin")).unwrap();
    let by_second = apply_as(&mut log, "admin-2", None, &key(40), &suspend("admin-2"));
    assert!(matches!(&by_second, Err(Rejection::Consent { field, .. }) if field == "principal"), "{by_second:?}");
}
