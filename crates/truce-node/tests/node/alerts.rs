//! Early-warning alerts in the log: a surge of reports at Chaman raises an
//! alert the log accepts because it recomputes it; one with a wrong number,
//! an alert the rule does not give, and one raised by a party are refused;
//! a mediator acknowledges it once; `verify` recomputes every alert.

use truce_core::case::{Allegation, Casualties, Location};
use truce_core::early_warning::{self, Method, Signal};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::vocab::ActType;
use truce_core::{Actor, Agreement, CaseCommand, Command, Docket};
use truce_node::NodeError;
use truce_node::records::{AlertAcknowledged, Body};
use truce_node::state::Effect;

use crate::{DOHA, OCTOBER, databases, deploy};

fn shelling(n: u32) -> Allegation {
    Allegation {
        accused: ParticipantId::parse("AFG").unwrap(),
        provisions: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![ActType::ShellingArtillery],
        occurred_at: format!("2025-10-15T0{n}:00:00+05:00").parse().unwrap(),
        occurred_until: None,
        time_precision: Default::default(),
        location: Some(Location { lat: 30.92, lon: 66.45, precision: 2, place_name: "Chaman".into() }),
        summary: format!("Shelling at Chaman, report {n}"),
        narrative: String::new(),
        casualties: Casualties::default(),
        evidence: vec![],
    }
}

/// Files `count` reports of shelling at Chaman on 15 October 2025, as PAK,
/// into the log and into a docket of the test's own (which computes the
/// alerts the log must accept); the docket and the filing time.
async fn reports_at_chaman(
    d: &crate::Deployment,
    ledger: &truce_node::Ledger,
    agreement: &Agreement,
    count: u32,
) -> (Docket, jiff::Timestamp) {
    let mut docket = Docket::new();
    let pak = Actor::new(
        truce_core::ids::PrincipalId::parse("pak-liaison").unwrap(),
        Some(ParticipantId::parse("PAK").unwrap()),
        truce_core::Role::PartyLiaison,
    );
    let at: jiff::Timestamp = "2025-10-15T10:00:00Z".parse().unwrap();
    for n in 1..=count {
        let command = CaseCommand {
            case: CaseId::parse(&format!("2025-10-15-chaman-{n}")).unwrap(),
            command: Command::FileReport { allegation: shelling(n) },
        };
        docket.execute(agreement, &pak, &command, at).unwrap();
        d.submit(ledger, "pak-liaison", at, &Body::Case(Box::new(command))).await.unwrap();
    }
    (docket, at)
}

/// The flagged signal of `method` on the sector's total (not by act, not
/// by accused) that `docket`'s reports give on the day of `at`.
fn sector_signal(config: &early_warning::EarlyWarning, docket: &Docket, at: jiff::Timestamp, method: Method) -> Signal {
    let due = early_warning::alerts_due(config, docket.cases(), early_warning::day_of(config, at), &[]);
    due.iter()
        .find(|s| s.method == method && s.series.act.is_none() && s.series.accused.is_none())
        .cloned()
        .unwrap_or_else(|| panic!("no {method:?} alert on the sector's total: {due:?}"))
}

#[tokio::test]
async fn an_alert_is_accepted_only_as_the_rule_gives_it_and_verify_recomputes_it() {
    for db in databases().await {
        let d = deploy(db).await;
        let scenario = truce_core::scenario::Scenario::from_toml(OCTOBER).unwrap();
        let agreement = Agreement::from_toml(&scenario.agreement_text(DOHA).unwrap()).unwrap();
        let config = agreement.early_warning.clone().unwrap();
        let (ledger, handle) = d.start().await;
        let (docket, at) = reports_at_chaman(&d, &ledger, &agreement, 5).await;
        let day = early_warning::day_of(&config, at);
        let poisson = sector_signal(&config, &docket, at, Method::Poisson);
        assert_eq!(poisson.observed, 5);
        assert_eq!(poisson.reports.len(), 5);

        // A wrong number is refused, naming the field.
        let mut wrong = poisson.clone();
        wrong.baseline = 0.01;
        let refused = d.submit(&ledger, "qat-chair", at, &Body::Alert(Box::new(wrong))).await;
        assert!(
            matches!(&refused, Err(NodeError::Rejected(e)) if e.to_string().starts_with("baseline:")),
            "{refused:?}"
        );
        // A rule that does not fire is refused.
        let quiet = early_warning::signal(&config, docket.cases(), &poisson.series, Method::Surge, day).unwrap();
        assert!(!quiet.flagged);
        let mut forced = quiet;
        forced.flagged = true;
        let refused = d.submit(&ledger, "qat-chair", at, &Body::Alert(Box::new(forced))).await;
        assert!(
            matches!(&refused, Err(NodeError::Rejected(e)) if e.to_string().contains("does not fire")),
            "{refused:?}"
        );
        // A party does not raise alerts.
        let refused = d.submit(&ledger, "pak-liaison", at, &Body::Alert(Box::new(poisson.clone()))).await;
        assert!(matches!(&refused, Err(NodeError::Rejected(_))), "{refused:?}");

        // The right one is accepted, once.
        let raised = d.submit(&ledger, "qat-chair", at, &Body::Alert(Box::new(poisson.clone()))).await.unwrap();
        assert_eq!(raised.effect, Effect::Alert { record: raised.index, escalations: Vec::new() });
        let again = d.submit(&ledger, "qat-chair", at, &Body::Alert(Box::new(poisson.clone()))).await;
        assert!(matches!(&again, Err(NodeError::Rejected(e)) if e.to_string().starts_with("series:")), "{again:?}");
        assert_eq!(ledger.alerts().raised.len(), 1);

        // Mediators acknowledge it, each once, with the action taken.
        let ack = Body::AlertAcknowledged(AlertAcknowledged {
            alert: raised.index,
            action: "Called both liaison officers; monitors tasked to Chaman".into(),
        });
        d.submit(&ledger, "qat-chair", at, &ack).await.unwrap();
        let twice = d.submit(&ledger, "qat-chair", at, &ack).await;
        assert!(
            matches!(&twice, Err(NodeError::Rejected(e)) if e.to_string().contains("already acknowledged")),
            "{twice:?}"
        );
        let by_party = d.submit(&ledger, "afg-liaison", at, &ack).await;
        assert!(matches!(&by_party, Err(NodeError::Rejected(_))), "{by_party:?}");
        assert_eq!(ledger.alerts().raised[0].acknowledgements.len(), 1);
        drop(ledger);
        handle.await.unwrap();

        // verify replays the log and recomputes the alert.
        let report = d.verify().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.alerts.raised.len(), 1);
        assert_eq!(report.alerts.raised[0].signal, poisson);
        assert_eq!(report.alerts.raised[0].acknowledgements[0].by.as_str(), "QAT");
    }
}

/// A CUSUM alert on the reports as filed matches the shipped agreement's
/// `surge` escalation rule: applying it escalates against the accused party
/// on its latest counted case, in the same record, and `verify` replays the
/// escalation (the stored event rows must match the replay's).
#[tokio::test]
async fn a_surge_alert_escalates_like_a_pattern_of_violations_and_verify_reproduces_it() {
    for db in databases().await {
        let d = deploy(db).await;
        let scenario = truce_core::scenario::Scenario::from_toml(OCTOBER).unwrap();
        let agreement = Agreement::from_toml(&scenario.agreement_text(DOHA).unwrap()).unwrap();
        let config = agreement.early_warning.clone().unwrap();
        let (ledger, handle) = d.start().await;
        let (docket, at) = reports_at_chaman(&d, &ledger, &agreement, 7).await;
        let cusum = sector_signal(&config, &docket, at, Method::Cusum);

        let raised = d.submit(&ledger, "qat-chair", at, &Body::Alert(Box::new(cusum.clone()))).await.unwrap();
        let Effect::Alert { record, escalations } = &raised.effect else { panic!("{:?}", raised.effect) };
        assert_eq!(*record, raised.index);
        assert_eq!(escalations.len(), 1, "{escalations:?}");
        let (seq, event) = &escalations[0];
        // The case's second event: it was filed (one event), then escalated.
        assert_eq!(*seq, 1);
        assert_eq!(event.case.as_str(), "2025-10-15-chaman-7");
        match &event.kind {
            truce_core::EventKind::EscalationTriggered { rule, party, reason, .. } => {
                assert_eq!(rule.as_str(), "surge");
                assert_eq!(party.as_str(), "AFG");
                assert!(reason.contains(&format!("record {}", raised.index)) && reason.contains("cusum"), "{reason}");
            }
            other => panic!("not an escalation: {other:?}"),
        }
        drop(ledger);
        handle.await.unwrap();

        let report = d.verify().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.alerts.raised.len(), 1);
    }
}
