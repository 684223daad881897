//! What a body that becomes a signed record may hold: the members its type
//! has and nothing else, at any depth, so a misspelt member is refused
//! rather than signed away.

use serde_json::json;
use truce_core::CaseCommand;

fn read(value: serde_json::Value) -> Result<CaseCommand, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn filing() -> serde_json::Value {
    json!({"case": "c1", "type": "file_report.v1", "allegation": {"accused": "AFG", "provisions": ["P1"],
        "acts": ["shelling_artillery"], "occurred_at": "2025-10-15T04:00:00Z", "summary": "Shelling",
        "location": {"lat": 30.9, "lon": 66.45, "precision": 1, "place_name": "Chaman"},
        "casualties": {"civilians_killed": {"low": 1, "best": 2, "high": 3}},
        "evidence": [{"sha256": "ab", "description": "photo"}]}})
}

#[test]
fn a_command_reads_back_as_it_was_written() {
    let command = read(filing()).unwrap();
    let mut written = serde_json::to_value(&command).unwrap();
    let mut sent = filing();
    // Members left out are written with their defaults; all that was sent is kept.
    for (k, v) in sent["allegation"].as_object().unwrap() {
        assert_eq!(&written["allegation"][k], v, "{k}");
    }
    assert_eq!(written["case"], "c1");
    written["allegation"] = json!(null);
    sent["allegation"] = json!(null);
    assert_eq!(written, sent);
}

#[test]
fn a_misspelt_member_anywhere_is_refused_by_name() {
    let cases = [
        ("/allegation/locaton", json!({"lat": 1.0})),
        ("/allegation/casualites", json!({})),
        ("/allegation/casualties/civilians_killed/bset", json!(2)),
        ("/allegation/location/lng", json!(66.4)),
        ("/allegation/evidence/0/descripton", json!("photo")),
        ("/note", json!("a member file_report.v1 does not have")),
    ];
    for (pointer, value) in cases {
        let mut body = filing();
        let (parent, member) = pointer.rsplit_once('/').unwrap();
        body.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(member.to_owned(), value);
        let error = read(body).unwrap_err();
        assert!(error.contains(&format!("unknown field `{member}`")), "{pointer}: {error}");
    }
    // A command with no members of its own takes none.
    let error = read(json!({"case": "c1", "type": "acknowledge.v1", "evidense": ["x"]})).unwrap_err();
    assert!(error.contains("unknown field `evidense`"), "{error}");
    assert!(read(json!({"case": "c1", "type": "acknowledge.v1"})).is_ok());
    assert!(read(json!({"type": "acknowledge.v1"})).unwrap_err().contains("missing field `case`"));
}
