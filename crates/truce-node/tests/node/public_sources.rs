//! Public-source reports in the log: a mediator's import of an ACLED event
//! is accepted once (the same event id again is refused, whoever sends
//! it), a party's is refused, a report whose acts its ACLED types do not
//! code is refused by column; the log computes the open cases it looks
//! like, and `verify` computes the same.

use truce_core::case::{Allegation, Casualties, Location};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::public_source::{Dataset, PublicSourceReport, acts_of};
use truce_core::vocab::ActType;
use truce_core::{CaseCommand, Command};
use truce_node::NodeError;
use truce_node::records::Body;
use truce_node::state::Effect;

use crate::{databases, deploy};

/// An illustrative ACLED-shaped event at Chaman on 15 October 2025 (not an ACLED event).
fn event(id: &str, sub_event_type: &str) -> PublicSourceReport {
    let event_type = if sub_event_type == "Armed clash" { "Battles" } else { "Protests" };
    PublicSourceReport {
        dataset: Dataset::Acled,
        event_id_cnty: id.into(),
        event_date: jiff::civil::date(2025, 10, 15),
        time_precision: 1,
        disorder_type: String::new(),
        event_type: event_type.into(),
        sub_event_type: sub_event_type.into(),
        acts: acts_of(event_type, sub_event_type),
        actor1: String::new(),
        assoc_actor_1: String::new(),
        inter1: String::new(),
        actor2: String::new(),
        assoc_actor_2: String::new(),
        inter2: String::new(),
        interaction: String::new(),
        civilian_targeting: String::new(),
        iso: Some(586),
        region: String::new(),
        country: "Pakistan".into(),
        admin1: "Balochistan".into(),
        admin2: String::new(),
        admin3: String::new(),
        location: "Chaman".into(),
        latitude: 30.917,
        longitude: 66.455,
        geo_precision: 1,
        source: String::new(),
        source_scale: String::new(),
        notes: "Illustrative, not an ACLED event.".into(),
        fatalities: Some(0),
        tags: String::new(),
        timestamp: None,
    }
}

#[tokio::test]
async fn an_acled_event_is_imported_once_by_a_mediator_and_verify_recomputes_its_matches() {
    for db in databases().await {
        let d = deploy(db).await;
        let (ledger, handle) = d.start().await;
        let at: jiff::Timestamp = "2025-10-16T10:00:00Z".parse().unwrap();
        let filed = CaseCommand {
            case: CaseId::parse("2025-10-15-chaman-clash").unwrap(),
            command: Command::FileReport {
                allegation: Allegation {
                    accused: ParticipantId::parse("AFG").unwrap(),
                    provisions: vec![ProvisionId::parse("P1").unwrap()],
                    acts: vec![ActType::ArmedClash],
                    occurred_at: "2025-10-15T04:00:00+05:00".parse().unwrap(),
                    occurred_until: None,
                    time_precision: Default::default(),
                    location: Some(Location { lat: 30.92, lon: 66.45, precision: 2, place_name: "Chaman".into() }),
                    summary: "Exchange of fire at Chaman".into(),
                    narrative: String::new(),
                    casualties: Casualties::default(),
                    evidence: vec![],
                },
            },
        };
        d.submit(&ledger, "pak-liaison", at, &Body::Case(Box::new(filed))).await.unwrap();

        // A party does not import.
        let clash = Body::PublicSource(Box::new(event("ILL9001", "Armed clash")));
        let refused = d.submit(&ledger, "pak-liaison", at, &clash).await;
        assert!(matches!(&refused, Err(NodeError::Rejected(_))), "{refused:?}");
        // Acts its types do not code are refused by column.
        let mut wrong = event("ILL9002", "Armed clash");
        wrong.acts = vec![ActType::Ied];
        let refused = d.submit(&ledger, "qat-chair", at, &Body::PublicSource(Box::new(wrong))).await;
        assert!(
            matches!(&refused, Err(NodeError::Rejected(e)) if e.to_string().starts_with("sub_event_type:")),
            "{refused:?}"
        );

        // A mediator's import is accepted and matched against the open case.
        let imported = d.submit(&ledger, "qat-chair", at, &clash).await.unwrap();
        assert_eq!(imported.effect, Effect::PublicSource(Dataset::Acled, "ILL9001".into()));
        let held = ledger.public_source(Dataset::Acled, "ILL9001").unwrap();
        assert_eq!(held.record, imported.index);
        assert_eq!(held.matches, [CaseId::parse("2025-10-15-chaman-clash").unwrap()]);
        // Once: the same event id is refused, naming it and the record.
        let again = d.submit(&ledger, "qat-chair", at, &clash).await;
        let expected = format!("event_id_cnty: acled event ILL9001 was imported by record {}", imported.index);
        assert!(matches!(&again, Err(NodeError::Rejected(e)) if e.to_string().starts_with(&expected)), "{again:?}");
        // A protest at the same place and day codes no act: no match.
        let protest = Body::PublicSource(Box::new(event("ILL9003", "Peaceful protest")));
        d.submit(&ledger, "qat-chair", at, &protest).await.unwrap();
        assert!(ledger.public_source(Dataset::Acled, "ILL9003").unwrap().matches.is_empty());
        assert_eq!(ledger.public_sources().len(), 2);
        drop(ledger);
        handle.await.unwrap();

        let report = d.verify().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.public_sources.reports.len(), 2);
        assert_eq!(report.public_sources.get(Dataset::Acled, "ILL9001"), Some(&held));
    }
}
