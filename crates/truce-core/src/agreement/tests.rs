//! Tests for agreement parsing and validation: the shipped agreement, and one
//! test per broken rule, each checking the key path and the reason.

use super::*;

pub(crate) const DOHA: &str = include_str!("../../../../agreements/doha-istanbul-2025.toml");

#[test]
fn the_shipped_agreement_is_valid() {
    let a = Agreement::from_toml(DOHA).unwrap_or_else(|e| panic!("{}", e.render("doha")));
    assert_eq!(a.identity.id.as_str(), "doha-istanbul-2025");
    assert_eq!(a.parties().count(), 2);
    assert_eq!(a.provisions.len(), 6);
    assert_eq!(a.protocol.decision.approvals_needed(), 2);
    assert_eq!(a.protocol.deadlines.reply, SignedDuration::from_hours(7 * 24));
    assert_eq!(a.penalties.ladder.len(), 4);
    assert_eq!(a.identity.signed_at.time_zone().iana_name(), Some("Asia/Qatar"));
}
