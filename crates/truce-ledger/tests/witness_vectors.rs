//! The witness rules against requests another implementation made.
//!
//! `data/witness-vectors/` holds six `add-checkpoint` requests from
//! litewitness's own tests (ISC licence, see its README), signed with a log
//! key nobody on this project holds. Sent in order to a witness that trusts
//! that log, they must get the statuses the tlog-witness spec gives them;
//! where litewitness answers an unknown origin with 403, the spec's 404 holds.

use truce_ledger::Cosigner;
use truce_ledger::SigningKey;
use truce_ledger::note::SignedNote;
use truce_ledger::witness::{AddCheckpoint, CosignedTree, WitnessRefusal};

#[test]
fn litewitness_requests_get_the_specified_statuses() {
    let text = include_str!("data/witness-vectors/litewitness-add-checkpoint.json");
    let vectors: serde_json::Value = serde_json::from_str(text).unwrap();
    let origin = vectors["origin"].as_str().unwrap();
    let vkeys = [vectors["log_vkey"].as_str().unwrap().to_owned()];
    let witness = Cosigner::new("truce.example/witness", SigningKey::from_seed([3; 32])).unwrap();
    let mut latest: Option<CosignedTree> = None;
    let mut statuses = Vec::new();
    for request in vectors["requests_in_order"].as_array().unwrap() {
        let body = request["body"].as_str().unwrap();
        let expected = match request["name"].as_str().unwrap() {
            "unknown origin" => 404,
            _ => request["expected_status"].as_u64().unwrap(),
        };
        let outcome = AddCheckpoint::parse(body).and_then(|parsed| {
            let trusted = (parsed.origin == origin).then_some(&vkeys[..]);
            let tree = parsed.decide(trusted, latest.as_ref())?;
            Ok((parsed, tree))
        });
        let status = match outcome {
            Ok((parsed, tree)) => {
                // The cosignature a witness would answer with verifies.
                let line = witness.cosign(&parsed.note.text, 1_700_000_000).unwrap();
                let note = SignedNote::parse(&format!("{}{line}", parsed.note.to_text())).unwrap();
                let key = truce_ledger::CosignerKey::parse(&witness.vkey()).unwrap();
                assert_eq!(key.cosignature_on(&note).unwrap(), Some(1_700_000_000));
                latest = Some(tree);
                200
            }
            Err(refusal) => {
                if let WitnessRefusal::OldSizeMismatch { latest } = refusal {
                    panic!("unexpected 409 (latest {latest}) for {}", request["name"]);
                }
                u64::from(refusal.status())
            }
        };
        assert_eq!(status, expected, "{}", request["name"]);
        statuses.push(status);
    }
    assert_eq!(statuses, [200, 403, 404, 422, 422, 200]);
    assert_eq!(latest.map(|tree| tree.size), Some(3));
}
