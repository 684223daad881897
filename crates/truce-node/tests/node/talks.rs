//! The talks through the log, on both databases: a joint statement signed
//! by each participant's own key, a refused forgery, a commitment confirmed
//! in writing; `verify` replays all of it and a restart holds the same state.

use std::collections::BTreeMap;

use truce_core::ids::{CommitmentId, CommuniqueId, ParticipantId, RoundId};
use truce_core::talks::{CommitmentForm, PublishedAs, TalksCommand};
use truce_ledger::SigningKey;
use truce_node::consent::{commitment_statement, communique_statement, sign_agreement, sign_statement};
use truce_node::records::{AgreementAdopted, AgreementSigned, Body};
use truce_node::{Ledger, NodeError, Rejection};

use crate::{DOHA, Deployment};

const ID: &str = "doha-istanbul-2025";
const SEEDS: [(&str, u8); 4] = [("PAK", 10), ("AFG", 11), ("QAT", 12), ("TUR", 13)];

fn key(who: &str) -> SigningKey {
    let seed = SEEDS.iter().find(|(w, _)| *w == who).map_or(99, |(_, s)| *s);
    SigningKey::from_seed([seed; 32])
}

fn p(s: &str) -> ParticipantId {
    ParticipantId::parse(s).unwrap()
}

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// Puts version 2 in force by all four participants' signatures, each
/// bringing its own key into force.
async fn keys_in_force(d: &Deployment, ledger: &Ledger) {
    let mut text = DOHA.replacen("version = 1", "version = 2", 1);
    text.push_str("\n[consent]\nsignatories = [\"PAK\", \"AFG\", \"QAT\", \"TUR\"]\n[consent.keys]\n");
    for (who, _) in SEEDS {
        text.push_str(&format!("{who} = \"{}\"\n", key(who).verifying_key().to_base64()));
    }
    let sha256 = d.dir.blobs().put(text.as_bytes()).unwrap();
    let when = at("2025-10-24T12:00:00Z");
    let proposal = Body::Proposal(AgreementAdopted { agreement: ID.into(), version: 2, sha256: sha256.clone() });
    d.submit(ledger, "admin", when, &proposal).await.unwrap();
    for (who, _) in SEEDS {
        let signature = sign_agreement(&key(who), ID, 2, &sha256).unwrap();
        let body = Body::Signature(AgreementSigned {
            agreement: ID.into(),
            version: 2,
            sha256: sha256.clone(),
            participant: who.into(),
            signature,
        });
        d.submit(ledger, "admin", when, &body).await.unwrap();
    }
}

fn talks(command: TalksCommand) -> Body {
    Body::Talks(Box::new(command))
}

#[tokio::test]
async fn a_joint_statement_signed_by_four_keys_replays_and_a_forgery_is_refused() {
    for database in crate::databases().await {
        let d = crate::deploy(database).await;
        let (ledger, handle) = d.start().await;
        keys_in_force(&d, &ledger).await;
        let round = RoundId::parse("istanbul-2025-10").unwrap();
        let plan = TalksCommand::PlanRound {
            round: round.clone(),
            title: "Second round".into(),
            venue: "Istanbul".into(),
            starts_on: "2025-10-25".parse().unwrap(),
            ends_on: "2025-10-30".parse().unwrap(),
            time_zone: "Europe/Istanbul".into(),
            host: p("TUR"),
            mediators: vec![p("TUR"), p("QAT")],
            agenda: Vec::new(),
        };
        let when = at("2025-10-25T09:00:00Z");
        d.submit(&ledger, "qat-chair", when, &talks(plan)).await.unwrap();
        let id = CommuniqueId::parse("joint-statement").unwrap();
        let draft = TalksCommand::DraftCommunique {
            communique: id.clone(),
            round: Some(round),
            title: "Joint statement".into(),
            signatories: SEEDS.iter().map(|(w, _)| p(w)).collect(),
            texts: BTreeMap::from([("en".into(), "A monitoring and verification mechanism is set up.".into())]),
            authoritative: "en".into(),
        };
        d.submit(&ledger, "qat-chair", at("2025-10-30T20:00:00Z"), &talks(draft)).await.unwrap();
        let state = ledger.talks();
        let c = &state.communiques[&id];
        let statement = communique_statement(c, &c.versions[0]).unwrap();
        let sign = |who: &str, signer: &str| {
            talks(TalksCommand::SignCommunique {
                communique: id.clone(),
                version: 1,
                participant: p(who),
                signature: sign_statement(&key(signer), &statement),
            })
        };
        // The operator cannot sign for a party: the signature is AFG's key's or nothing.
        let when = at("2025-10-31T01:00:00Z");
        match d.submit(&ledger, "admin", when, &sign("AFG", "PAK")).await {
            Err(NodeError::Rejected(Rejection::Consent { field, reason })) => {
                assert_eq!(field, "signature");
                assert!(reason.contains("AFG's participant key"), "{reason}");
            }
            other => panic!("a forged signature must be refused, got {other:?}"),
        }
        assert_eq!(ledger.talks(), state, "a refusal changes nothing");
        for (who, _) in SEEDS {
            d.submit(&ledger, "admin", when, &sign(who, who)).await.unwrap();
        }
        let publish = TalksCommand::PublishCommunique { communique: id.clone(), publish_as: PublishedAs::Joint };
        d.submit(&ledger, "tur-mediator", when, &talks(publish)).await.unwrap();
        let commitment = CommitmentId::parse("modalities").unwrap();
        let record = TalksCommand::RecordCommitment {
            commitment: commitment.clone(),
            owners: vec![p("PAK"), p("AFG")],
            text: "Finalise the mechanism's modalities at a principal-level meeting on 6 November.".into(),
            deadline: at("2025-11-06T21:00:00Z"),
            form: CommitmentForm::Verbal,
            communique: Some(id.clone()),
            follow_up: None,
        };
        d.submit(&ledger, "qat-chair", when, &talks(record)).await.unwrap();
        let statement = commitment_statement(&ledger.talks().commitments[&commitment]).unwrap();
        let confirm = TalksCommand::ConfirmCommitment {
            commitment: commitment.clone(),
            participant: p("PAK"),
            signature: sign_statement(&key("PAK"), &statement),
        };
        d.submit(&ledger, "pak-liaison", when, &talks(confirm)).await.unwrap();
        let state = ledger.talks();
        let published = state.communiques[&id].published.as_ref().unwrap();
        assert_eq!((published.publish_as, published.not_signed.len()), (PublishedAs::Joint, 0));
        assert_eq!(state.commitments[&commitment].confirmations.len(), 1);
        drop(ledger);
        handle.await.unwrap();

        let report = d.verify().await.unwrap();
        assert_eq!(&report.talks, state.as_ref(), "verify replays the talks to the same state");
        let (ledger, handle) = d.start().await;
        assert_eq!(ledger.talks(), state, "a restart rebuilds the talks from the log");
        drop(ledger);
        handle.await.unwrap();
    }
}

#[tokio::test]
async fn a_signature_is_refused_while_the_participant_holds_no_key_in_the_log() {
    let d = crate::deploy(None).await;
    let (ledger, handle) = d.start().await;
    let plan = TalksCommand::DraftCommunique {
        communique: CommuniqueId::parse("c").unwrap(),
        round: None,
        title: "Statement".into(),
        signatories: vec![p("PAK")],
        texts: BTreeMap::from([("en".into(), "Text".into())]),
        authoritative: "en".into(),
    };
    d.submit(&ledger, "qat-chair", at("2025-10-25T09:00:00Z"), &talks(plan)).await.unwrap();
    let sign = TalksCommand::SignCommunique {
        communique: CommuniqueId::parse("c").unwrap(),
        version: 1,
        participant: p("PAK"),
        signature: "AAAA".into(),
    };
    match d.submit(&ledger, "pak-liaison", at("2025-10-25T10:00:00Z"), &talks(sign)).await {
        Err(NodeError::Rejected(Rejection::Consent { field, reason })) => {
            assert_eq!(field, "participant");
            assert!(reason.contains("PAK holds no participant key in the log"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    drop(ledger);
    handle.await.unwrap();
}

#[tokio::test]
async fn a_principal_key_replaced_mid_log_replays_and_the_old_key_is_refused() {
    use truce_node::consent::{PrincipalChange, principal_change_statement};
    use truce_node::records::PrincipalKeyRotated;
    for database in crate::databases().await {
        let d = crate::deploy(database).await;
        let (ledger, handle) = d.start().await;
        keys_in_force(&d, &ledger).await;
        let new = SigningKey::from_seed([77; 32]);
        let public_key = new.verifying_key().to_base64();
        let statement = principal_change_statement(
            "pak-liaison",
            PrincipalChange::Rotate {
                previous_key: &d.keys["pak-liaison"].0.verifying_key().to_base64(),
                public_key: &public_key,
            },
        )
        .unwrap();
        let rotation = Body::PrincipalKeyRotated(PrincipalKeyRotated {
            principal: "pak-liaison".into(),
            public_key,
            endorsement: Some(sign_statement(&key("PAK"), &statement)),
        });
        let when = at("2025-10-26T09:00:00Z");
        d.submit(&ledger, "admin", when, &rotation).await.unwrap();
        // A record pak-liaison signs with its old key is refused; with the new one, accepted.
        let mut text = DOHA.replacen("version = 1", "version = 3", 1);
        text.push_str("\n[consent]\nsignatories = [\"PAK\", \"AFG\", \"QAT\", \"TUR\"]\n");
        let sha256 = d.dir.blobs().put(text.as_bytes()).unwrap();
        let proposal = Body::Proposal(AgreementAdopted { agreement: ID.into(), version: 3, sha256: sha256.clone() });
        d.submit(&ledger, "admin", when, &proposal).await.unwrap();
        for who in ["AFG", "QAT", "TUR"] {
            let body = Body::Signature(AgreementSigned {
                agreement: ID.into(),
                version: 3,
                sha256: sha256.clone(),
                participant: who.into(),
                signature: sign_agreement(&key(who), ID, 3, &sha256).unwrap(),
            });
            d.submit(&ledger, "admin", when, &body).await.unwrap();
        }
        let signed = Body::Signature(AgreementSigned {
            agreement: ID.into(),
            version: 3,
            sha256: sha256.clone(),
            participant: "PAK".into(),
            signature: sign_agreement(&key("PAK"), ID, 3, &sha256).unwrap(),
        });
        let old = d.submit(&ledger, "pak-liaison", when, &signed).await;
        assert!(matches!(old, Err(NodeError::Rejected(Rejection::Signature(_)))), "{old:?}");
        let s = truce_node::records::submission(&new, "pak-liaison", Some("PAK"), when, &signed, None).unwrap();
        ledger.submit(s).await.unwrap();
        assert_eq!(ledger.agreement().unwrap().identity.version, 3);
        drop(ledger);
        handle.await.unwrap();
        // The whole log verifies, the rotation and the record after it in one page.
        let report = d.verify().await.unwrap();
        assert_eq!(report.agreement, Some((ID.to_owned(), 3)));
        let (ledger, handle) = d.start().await;
        assert_eq!(ledger.principal("pak-liaison").unwrap().key, new.verifying_key());
        drop(ledger);
        handle.await.unwrap();
    }
}

#[tokio::test]
async fn an_amendment_that_leaves_out_a_key_holder_is_refused() {
    let d = crate::deploy(None).await;
    let (ledger, handle) = d.start().await;
    keys_in_force(&d, &ledger).await;
    // PAK and the mediators may not amend the rules AFG consented to without AFG.
    let mut text = DOHA.replacen("version = 1", "version = 3", 1);
    text.push_str("\n[consent]\nsignatories = [\"PAK\", \"QAT\", \"TUR\"]\n");
    let sha256 = d.dir.blobs().put(text.as_bytes()).unwrap();
    let proposal = Body::Proposal(AgreementAdopted { agreement: ID.into(), version: 3, sha256 });
    match d.submit(&ledger, "admin", at("2025-10-26T09:00:00Z"), &proposal).await {
        Err(NodeError::Rejected(Rejection::Consent { field, reason })) => {
            assert_eq!(field, "consent.signatories");
            assert!(reason.contains("AFG holds a participant key"), "{reason}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(ledger.agreement().unwrap().identity.version, 2);
    drop(ledger);
    handle.await.unwrap();
}
