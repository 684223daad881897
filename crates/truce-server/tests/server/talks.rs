//! The talks over HTTP, tried as each participant would: the demo's rounds,
//! joint statement and missed commitment as the public sees them;
//! Pakistan's liaison announcing a delegation that fails the parity rule
//! and seeing why; the Afghan side declining a communiqué; a forged
//! signature refused by field; positions read only by whom they were meant
//! for; the filters of the commitment list.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::common::{TestServer, databases};
use truce_server::run::DEMO_PASSWORD;

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, value)
}

async fn get(server: &TestServer, path: &str) -> (u16, Value) {
    body(server.anonymous().get(server.url(path)).send().await.unwrap()).await
}

/// Signs the base64 `statement` with participant `who`'s key, as `truce keys sign` does.
fn sign(server: &TestServer, who: &str, statement: &Value) -> String {
    let bytes = base64::engine::general_purpose::STANDARD.decode(statement.as_str().unwrap()).unwrap();
    truce_node::consent::sign_statement(&server.participant_key(who), &bytes)
}

#[tokio::test]
async fn the_public_sees_the_demos_rounds_the_joint_statement_with_four_signatures_and_the_missed_commitment() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let (status, rounds) = get(&server, "/api/v1/talks/rounds").await;
        assert_eq!(status, 200, "{rounds}");
        let ids: Vec<&str> = rounds.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["istanbul-2025-11", "istanbul-2025-10", "doha-2025-10"], "latest first");
        assert_eq!(rounds[0]["status"], "failed");

        let (_, doha) = get(&server, "/api/v1/talks/rounds/doha-2025-10").await;
        assert_eq!(doha["delegations"]["PAK"]["members"][0]["name"], "Khawaja Asif", "{doha}");
        assert_eq!(doha["status"], "concluded");
        let (_, istanbul) = get(&server, "/api/v1/talks/rounds/istanbul-2025-10").await;
        assert_eq!(istanbul["delegations"]["PAK"]["follows"], "AFG", "Pakistan's level follows the Afghan side's");
        let follows = istanbul["parity"].as_array().unwrap().iter().find(|c| c["rule"] == "follows").unwrap();
        assert_eq!(follows["outcome"], "met", "{follows}");
        // Pakistan's position was for the mediators only: the public does not see it, nor its body in the log.
        let positions = istanbul["positions"].as_array().unwrap();
        assert_eq!(positions.len(), 1, "{positions:?}");
        assert_eq!(positions[0]["participant"], "AFG");
        let pak = server.login("pak-liaison").await;
        let (_, seen) = body(pak.get("/api/v1/talks/rounds/istanbul-2025-10").await).await;
        assert_eq!(seen["positions"].as_array().unwrap().len(), 1, "mediators only means not PAK's own liaison either");
        let qat = server.login("qat-chair").await;
        let (_, seen) = body(qat.get("/api/v1/talks/rounds/istanbul-2025-10").await).await;
        assert_eq!(seen["positions"].as_array().unwrap().len(), 2);
        let hidden = seen["positions"].as_array().unwrap().iter().find(|p| p["participant"] == "PAK").unwrap();
        let (_, record) = get(&server, &format!("/api/v1/records/{}", hidden["record"])).await;
        assert!(record["record"]["commitment"].is_string() && record["record"]["body"].is_null(), "{record}");

        let (_, statement) = get(&server, "/api/v1/communiques/joint-statement-2025-10-31").await;
        assert_eq!(statement["status"], "joint", "{statement}");
        let answers = statement["answers"].as_array().unwrap();
        assert_eq!(answers.len(), 4);
        // Each signature checks against its participant's key in force, by anyone.
        let (_, agreement) = get(&server, "/api/v1/agreement").await;
        let text = agreement["text"].as_str().unwrap();
        let version = &statement["versions"][0];
        let message = {
            let canonical = json!({"authoritative": version["authoritative"], "communique": statement["id"],
                "texts": version["texts"], "version": version["number"]});
            let mut m = truce_node::consent::COMMUNIQUE_DOMAIN.to_vec();
            m.extend(truce_ledger::canonical::to_canonical_vec(&canonical).unwrap());
            m
        };
        for a in answers {
            let who = a["participant"].as_str().unwrap();
            let line = text.lines().find(|l| l.starts_with(&format!("{who} = \""))).unwrap();
            let key = truce_ledger::VerifyingKey::from_base64(line.split('"').nth(1).unwrap()).unwrap();
            let signature =
                base64::engine::general_purpose::STANDARD.decode(a["answer"]["signature"].as_str().unwrap());
            let signature: [u8; 64] = signature.unwrap().try_into().unwrap();
            key.verify(&message, &signature).unwrap_or_else(|_| panic!("{who}'s signature does not verify"));
            assert_eq!(statement["keys"][who], key.to_base64(), "the view names the key that checked it");
            let (status, _) = get(&server, &format!("/api/v1/records/{}", a["record"])).await;
            assert_eq!(status, 200, "each signature has its record");
        }

        let (_, missed) = get(&server, "/api/v1/commitments?status=missed").await;
        assert_eq!(missed.as_array().unwrap().len(), 1, "{missed}");
        assert_eq!(missed[0]["id"], "modalities-2025-11-06");
        assert_eq!(missed[0]["follow_up"], "istanbul-2025-11");
        let escalation = &missed[0]["decisions"][0]["escalations"][0];
        assert_eq!(escalation[0], "missed-commitment", "{missed}");
        let (status, b) = get(&server, "/api/v1/commitments?status=forgotten").await;
        assert_eq!((status, b["field"].as_str()), (422, Some("status")), "{b}");
        let (status, b) = get(&server, "/api/v1/commitments?overdue=maybe").await;
        assert_eq!((status, b["field"].as_str()), (422, Some("overdue")), "{b}");
        let (status, b) = get(&server, "/api/v1/commitments?owner=A%20B").await;
        assert_eq!((status, b["field"].as_str()), (422, Some("owner")), "{b}");
        let (status, _) = get(&server, "/api/v1/talks/rounds/nowhere").await;
        assert_eq!(status, 404);
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_sees_why_its_delegation_fails_parity_and_the_other_declines_a_communique() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let (pak, afg, tur) =
            (server.login("pak-liaison").await, server.login("afg-liaison").await, server.login("tur-mediator").await);
        let plan = json!({"type": "plan_round.v1", "round": "ankara-2025-12", "title": "Fourth round", "venue": "Ankara",
            "starts_on": "2025-12-10", "ends_on": "2025-12-11", "time_zone": "Europe/Istanbul", "host": "TUR",
            "mediators": ["TUR", "QAT"], "agenda": [{"id": "modalities", "title": "Modalities"}]});
        let (status, b) = body(pak.post("/api/v1/talks/commands", &plan).await).await;
        assert_eq!(status, 403, "a party does not plan rounds: {b}");
        let (status, b) = body(tur.post("/api/v1/talks/commands", &plan).await).await;
        assert_eq!((status, b["type"].as_str()), (201, Some("talks.plan_round.v1")), "{b}");
        let delegation = |who: &str, rank: &str| {
            json!({"type": "announce_delegation.v1", "round": "ankara-2025-12", "participant": who,
                "members": [{"name": format!("Head of {who}"), "title": "Head", "rank": rank, "head": true}]})
        };
        let (status, b) = body(afg.post("/api/v1/talks/commands", &delegation("AFG", "director_general")).await).await;
        assert_eq!(status, 201, "{b}");
        let (status, b) = body(pak.post("/api/v1/talks/commands", &delegation("AFG", "minister")).await).await;
        assert_eq!(status, 403, "Pakistan cannot announce the Afghan delegation: {b}");
        assert!(b["message"].as_str().unwrap().contains("only AFG's own principals act for AFG"), "{b}");
        let (status, b) = body(pak.post("/api/v1/talks/commands", &delegation("PAK", "field_marshal")).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("members[0].rank")), "{b}");
        // A minister against a director general: announced, and the failed rule is shown to everyone.
        let (status, b) = body(pak.post("/api/v1/talks/commands", &delegation("PAK", "minister")).await).await;
        assert_eq!(status, 201, "{b}");
        let (_, round) = get(&server, "/api/v1/talks/rounds/ankara-2025-12").await;
        let check = &round["parity"][0];
        assert_eq!(
            (check["rule"].as_str(), check["outcome"].as_str()),
            (Some("heads-within-one-rung"), Some("failed"))
        );
        assert!(check["detail"].as_str().unwrap().contains("4 rungs apart, at most 1 allowed"), "{check}");

        let draft = json!({"type": "draft_communique.v1", "communique": "ankara-statement", "round": "ankara-2025-12",
            "title": "Statement", "signatories": ["PAK", "AFG"], "texts": {"en": "Both sides commit in writing."},
            "authoritative": "en"});
        let (status, b) = body(tur.post("/api/v1/talks/commands", &draft).await).await;
        assert_eq!(status, 201, "{b}");
        let draft_record = format!("/api/v1/records/{}", b["record_index"]);
        let (status, _) = get(&server, "/api/v1/communiques/ankara-statement").await;
        assert_eq!(status, 404, "the public does not read a draft");
        // Nor its record: the log holds a commitment; a signatory reads the text behind it.
        let (_, public_record) = get(&server, &draft_record).await;
        assert!(public_record["record"]["commitment"].is_string(), "{public_record}");
        assert!(
            public_record["record"].get("body").is_none() && public_record.get("reveal").is_none(),
            "{public_record}"
        );
        let (_, seen) = body(pak.get(&draft_record).await).await;
        assert_eq!(seen["reveal"]["body"]["texts"]["en"], "Both sides commit in writing.", "{seen}");
        let (_, seen) = body(pak.get("/api/v1/communiques/ankara-statement").await).await;
        let statement = seen["statement"].clone();
        assert!(statement.is_string(), "a signatory gets the statement it signs: {seen}");
        let signed = |who: &str, signer: &str| {
            json!({"type": "sign_communique.v1", "communique": "ankara-statement", "version": 1,
                "participant": who, "signature": sign(&server, signer, &statement)})
        };
        let (status, b) = body(pak.post("/api/v1/talks/commands", &signed("AFG", "PAK")).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("signature")), "{b}");
        assert!(b["message"].as_str().unwrap().contains("AFG's participant key"), "{b}");
        let (status, b) = body(pak.post("/api/v1/talks/commands", &signed("PAK", "PAK")).await).await;
        assert_eq!(status, 201, "{b}");
        let decline = json!({"type": "decline_communique.v1", "communique": "ankara-statement", "version": 1,
            "participant": "AFG", "reason": "Assurances are given verbally"});
        let (status, b) = body(afg.post("/api/v1/talks/commands", &decline).await).await;
        assert_eq!(status, 201, "{b}");
        let decline_record = format!("/api/v1/records/{}", b["record_index"]);
        let (_, public_record) = get(&server, &decline_record).await;
        assert!(public_record["record"]["commitment"].is_string(), "{public_record}");
        assert!(public_record.get("reveal").is_none(), "a decline is not public before publication: {public_record}");
        let joint = json!({"type": "publish_communique.v1", "communique": "ankara-statement", "publish_as": "joint"});
        let (status, b) = body(tur.post("/api/v1/talks/commands", &joint).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("publish_as")), "{b}");
        let statement = json!({"type": "publish_communique.v1", "communique": "ankara-statement",
            "publish_as": "mediators_statement"});
        let (status, b) = body(tur.post("/api/v1/talks/commands", &statement).await).await;
        assert_eq!(status, 201, "{b}");
        let (_, public) = get(&server, "/api/v1/communiques/ankara-statement").await;
        assert_eq!(public["status"], "mediators_statement");
        assert_eq!(public["published"]["not_signed"], json!(["AFG"]));
        let declined = public["answers"].as_array().unwrap().iter().find(|a| a["participant"] == "AFG").unwrap();
        assert_eq!(declined["answer"], json!({"kind": "declined", "reason": "Assurances are given verbally"}));
        // Once published, the records behind the published version open to everyone.
        for record in [&draft_record, &decline_record] {
            let (_, public_record) = get(&server, record).await;
            assert!(public_record["reveal"]["body"].is_object(), "{public_record}");
        }
        let unknown = json!({"type": "convene_round.v1", "round": "ankara-2025-12", "quorum": 2});
        let (status, b) = body(tur.post("/api/v1/talks/commands", &unknown).await).await;
        assert_eq!(status, 422, "an unknown field is refused, not dropped: {b}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_suspends_its_liaison_and_replaces_its_own_key_and_the_operator_cannot() {
    use truce_node::consent::{
        ParticipantKeyChange, PrincipalChange, participant_key_statement, principal_change_statement, sign_statement,
    };
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let reason = "Left the liaison office";
        let statement = principal_change_statement("pak-liaison", PrincipalChange::Suspend { reason }).unwrap();
        let mut suspend = json!({"type": "principal.suspended.v1", "principal": "pak-liaison", "reason": reason});
        let (status, b) = body(admin.post("/api/v1/key-changes", &suspend).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "the operator alone cannot: {b}");
        suspend["endorsement"] = json!(sign_statement(&server.participant_key("AFG"), &statement));
        let (status, b) = body(admin.post("/api/v1/key-changes", &suspend).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "nor AFG for PAK: {b}");
        let pak = server.login("pak-liaison").await;
        suspend["endorsement"] = json!(sign_statement(&server.participant_key("PAK"), &statement));
        let (status, b) = body(admin.post("/api/v1/key-changes", &suspend).await).await;
        assert_eq!(status, 201, "{b}");
        // pak-liaison's session ends, and its password opens no new one.
        let plan = json!({"type": "file_position.v1", "round": "istanbul-2025-11", "item": "modalities",
            "participant": "PAK", "text": "Late", "visibility": "all"});
        let (status, b) = body(pak.post("/api/v1/talks/commands", &plan).await).await;
        assert_eq!(status, 401, "{b}");
        let (status, b) = body(pak.get("/api/v1/me").await).await;
        assert_eq!(status, 401, "{b}");
        let login = json!({"principal": "pak-liaison", "password": DEMO_PASSWORD});
        let (status, b) =
            body(server.anonymous().post(server.url("/api/v1/session")).json(&login).send().await.unwrap()).await;
        assert_eq!(status, 401, "{b}");
        // Answered as a wrong password: the refusal does not tell that the password was right.
        assert_eq!(b["message"], "the principal, the password or the second-factor code is wrong", "{b}");

        // AFG replaces its key; the old key signs nothing afterwards.
        let new = truce_ledger::SigningKey::from_seed([88; 32]);
        let public_key = new.verifying_key().to_base64();
        let old = server.participant_key("AFG");
        let previous_key = old.verifying_key().to_base64();
        let change = ParticipantKeyChange::Rotate { previous_key: &previous_key, public_key: &public_key };
        let statement = participant_key_statement("AFG", change).unwrap();
        let rotate = json!({"type": "participant.key_rotated.v1", "participant": "AFG", "public_key": public_key,
            "signature": sign_statement(&old, &statement), "proof": sign_statement(&old, &statement)});
        let (status, b) = body(admin.post("/api/v1/key-changes", &rotate).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("proof")), "the new key must prove itself: {b}");
        let mut rotate = rotate;
        rotate["proof"] = json!(sign_statement(&new, &statement));
        let (status, b) = body(admin.post("/api/v1/key-changes", &rotate).await).await;
        assert_eq!(status, 201, "{b}");
        // AFG's signature of the joint statement is still shown with the key that checked it.
        let (_, statement) = get(&server, "/api/v1/communiques/joint-statement-2025-10-31").await;
        assert_eq!(statement["keys"]["AFG"], previous_key, "{statement}");
        let page = server.anonymous().get(server.url("/talks/communiques/joint-statement-2025-10-31")).send().await;
        let page = page.unwrap().text().await.unwrap();
        assert!(page.contains(&previous_key) && !page.contains(&public_key), "the page shows the key that signed");
        let liaison = truce_ledger::SigningKey::from_seed([89; 32]).verifying_key().to_base64();
        let registration = truce_node::records::PrincipalRegistered {
            principal: "afg-2".into(),
            participant: Some("AFG".into()),
            role: truce_core::Role::PartyLiaison,
            public_key: liaison.clone(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        };
        let mut request = json!({"id": "afg-2", "participant": "AFG", "role": "party_liaison", "public_key": liaison});
        request["endorsement"] = json!(truce_node::consent::endorse(&old, &registration).unwrap());
        let (status, b) = body(admin.post("/api/v1/principals", &request).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "the old key endorses nothing: {b}");
        request["endorsement"] = json!(truce_node::consent::endorse(&new, &registration).unwrap());
        let (status, b) = body(admin.post("/api/v1/principals", &request).await).await;
        assert_eq!(status, 201, "{b}");
        let (status, b) = body(admin.post("/api/v1/key-changes", &json!({"type": "principal.fired.v1"})).await).await;
        assert_eq!(status, 422, "an unknown change is named: {b}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_suspends_its_part_by_its_own_signature_and_everyone_reads_what_that_does() {
    use truce_node::consent::{sign_statement, withdrawal_statement};
    use truce_node::records::{Withdrawal, WithdrawalKind};
    for db in databases().await {
        let server = TestServer::start(db).await;
        let pak = server.login("pak-liaison").await;
        let mut w = Withdrawal {
            agreement: "doha-istanbul-2025".into(),
            participant: "PAK".into(),
            kind: WithdrawalKind::Suspension,
            reason: "Attacks from across the border continue".into(),
            sequence: 0,
            signature: String::new(),
        };
        w.signature = sign_statement(&server.participant_key("AFG"), &withdrawal_statement(&w).unwrap());
        let (status, b) =
            body(pak.post("/api/v1/agreement/withdrawals", &serde_json::to_value(&w).unwrap()).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("signature")), "only PAK's key suspends PAK: {b}");
        w.signature = sign_statement(&server.participant_key("PAK"), &withdrawal_statement(&w).unwrap());
        let (status, b) =
            body(pak.post("/api/v1/agreement/withdrawals", &serde_json::to_value(&w).unwrap()).await).await;
        assert_eq!(status, 201, "{b}");
        let (_, agreement) = get(&server, "/api/v1/agreement").await;
        let mark = &agreement["withdrawals"][0];
        assert_eq!(
            (mark["participant"].as_str(), mark["kind"].as_str()),
            (Some("PAK"), Some("suspension")),
            "{agreement}"
        );
        assert_eq!(mark["in_effect"], true, "a suspension takes effect at once");
        assert!(mark["stops"].as_str().unwrap().contains("no new allegation"), "{mark}");
        let page = server.anonymous().get(server.url("/agreement?lang=en")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("What stops:") && page.contains("Attacks from across the border continue"), "{page}");
        let (status, b) = body(pak.post("/api/v1/agreement/withdrawals", &json!({"agreement": "x"})).await).await;
        assert_eq!(status, 422, "a body without its fields is refused: {b}");
        // What stops is enforced: no new allegation by or against PAK while suspended.
        let at = truce_node::clock::now().checked_sub(jiff::SignedDuration::from_hours(2)).unwrap().to_string();
        let allegation = |accused: &str| {
            json!({"allegation": {"accused": accused, "provisions": ["P1"], "acts": ["shelling_artillery"],
                "occurred_at": at, "summary": "Shelling near Chaman"}})
        };
        let afg = server.login("afg-liaison").await;
        let (status, b) = body(afg.post("/api/v1/cases", &allegation("PAK")).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("allegation.accused")), "{b}");
        assert!(b["message"].as_str().unwrap().contains("PAK's suspension is in effect"), "{b}");
        let (status, b) = body(pak.post("/api/v1/cases", &allegation("AFG")).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("author")), "{b}");
        w.kind = WithdrawalKind::Resumption;
        w.sequence = 1;
        w.signature = sign_statement(&server.participant_key("PAK"), &withdrawal_statement(&w).unwrap());
        let (status, b) =
            body(pak.post("/api/v1/agreement/withdrawals", &serde_json::to_value(&w).unwrap()).await).await;
        assert_eq!(status, 201, "{b}");
        let (status, b) = body(afg.post("/api/v1/cases", &allegation("PAK")).await).await;
        assert_eq!(status, 201, "resumed, PAK is again under the mechanism: {b}");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_party_endorses_a_server_held_key_so_its_new_officer_can_use_the_desk() {
    for db in databases().await {
        let server = TestServer::start(db).await;
        let admin = server.login("admin").await;
        let new = json!({"id": "pak-field", "participant": "PAK", "role": "party_liaison"});
        let (status, b) = body(admin.post("/api/v1/principals", &new).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "PAK holds its key: {b}");
        let (status, pending) = body(admin.post("/api/v1/principals/pending", &new).await).await;
        assert_eq!(status, 201, "{pending}");
        assert!(pending["endorse"].as_str().unwrap().contains("--server-held"), "{pending}");
        let public_key = pending["public_key"].as_str().unwrap().to_owned();
        let mut registration = truce_node::records::PrincipalRegistered {
            principal: "pak-field".into(),
            participant: Some("PAK".into()),
            role: truce_core::Role::PartyLiaison,
            public_key: public_key.clone(),
            endorsement: None,
            custody: truce_node::records::Custody::Own,
        };
        let mut request = new.clone();
        request["public_key"] = json!(public_key);
        // Endorsed as PAK's own key, it does not cover a key the server holds.
        request["endorsement"] =
            json!(truce_node::consent::endorse(&server.participant_key("PAK"), &registration).unwrap());
        let (status, b) = body(admin.post("/api/v1/principals", &request).await).await;
        assert_eq!((status, b["field"].as_str()), (422, Some("endorsement")), "{b}");
        registration.custody = truce_node::records::Custody::Server;
        request["endorsement"] =
            json!(truce_node::consent::endorse(&server.participant_key("PAK"), &registration).unwrap());
        // The answer carries the new account's password: another party may not post it.
        let afg = server.login("afg-liaison").await;
        let (status, b) = body(afg.post("/api/v1/principals", &request).await).await;
        assert_eq!(status, 403, "{b}");
        assert!(b["message"].as_str().unwrap().contains("only an administrator registers it"), "{b}");
        let (status, created) = body(admin.post("/api/v1/principals", &request).await).await;
        assert_eq!(status, 201, "{created}");
        let otp = created["one_time_password"].as_str().expect("a server-held key comes with a password").to_owned();
        let (status, record) = get(&server, &format!("/api/v1/records/{}", created["record_index"])).await;
        assert_eq!((status, record["custody"].as_str()), (200, Some("own")), "the administrator signed the record");
        assert_eq!(record["record"]["body"]["custody"], "server", "the registration says the server holds the key");
        let (status, me) = body(
            server
                .anonymous()
                .post(server.url("/api/v1/session"))
                .json(&json!({"principal": "pak-field", "password": otp}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!((status, me["must_change_password"].as_bool()), (200, Some(true)), "{me}");
        server.stop().await;
    }
}
