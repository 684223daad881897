//! The October 2025 sample scenario, run through the real agreement: where
//! each case ends, the penalties the engine explains, the escalations, the
//! statistics, and that the run is deterministic and replayable.

use truce_core::case::{Case, EventKind};
use truce_core::ids::CaseId;
use truce_core::scenario::{Run, Scenario};
use truce_core::{Docket, Event, stats};

use crate::{OCTOBER, agreement};

fn run() -> Run {
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    scenario.run(&agreement()).unwrap_or_else(|e| panic!("{e}"))
}

fn case<'a>(run: &'a Run, id: &str) -> &'a Case {
    run.docket.case(&CaseId::parse(id).unwrap()).unwrap()
}

#[test]
fn every_case_ends_where_the_scenario_takes_it() {
    let run = run();
    let got: String = run.docket.cases().map(|c| format!("{} {}\n", c.id, c.status)).collect();
    insta::assert_snapshot!(got, @"
    2025-10-09-kabul closed
    2025-10-12-border-posts closed
    2025-10-15-chaman penalty_decided
    2025-10-15-chaman-public merged
    2025-10-15-spin-boldak penalty_proposed
    2025-10-17-mir-ali closed
    2025-10-17-paktika not_complied
    ");
}

#[test]
fn the_steps_meant_to_be_refused_were_refused_and_nothing_else() {
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let run = scenario.run(&agreement()).unwrap();
    let expected = scenario.steps.iter().filter(|s| s.expect_error.is_some()).count();
    let refused = run.outcomes.iter().filter(|o| o.refusal.is_some()).count();
    assert_eq!(refused, expected);
    assert!(expected >= 8, "the scenario shows the rules at work");
}

#[test]
fn penalty_explanations() {
    let run = run();
    let got: String = run
        .docket
        .cases()
        .filter_map(|c| c.penalty_proposal.as_ref().map(|p| format!("{}: {}\n", c.id, p.explanation())))
        .collect();
    insta::assert_snapshot!(got, @"
    2025-10-12-border-posts: severity serious → base level 2; no earlier confirmed violation by AFG within 90 days → +0; total 2, within the cap 4; level 2: Public attribution
    2025-10-15-chaman: severity serious → base level 2; 1 earlier confirmed violation by AFG within 90 days (2025-10-12-border-posts on 2025-10-11) → +1; total 3, within the cap 4; level 3: Referral to a principals' meeting; the reports merged into this case as duplicates (2025-10-15-chaman-public) count with it as one violation
    2025-10-15-spin-boldak: severity serious → base level 2; no earlier confirmed violation by PAK within 90 days → +0; aggravating: air or drone strike → +1; total 3, within the cap 4; level 3: Referral to a principals' meeting
    2025-10-17-paktika: severity grave → base level 3; 1 earlier confirmed violation by PAK within 90 days (2025-10-15-spin-boldak on 2025-10-14) → +1; aggravating: civilian deaths → +1; aggravating: air or drone strike → +1; 6 is above the cap 4 → level 4; level 4: Suspension of agreed benefits
    ");
}

#[test]
fn escalations_fire_on_silence_grave_findings_and_defiance() {
    let run = run();
    let got: String = run
        .docket
        .cases()
        .flat_map(|c| c.history.iter())
        .filter_map(|e| match &e.kind {
            EventKind::EscalationTriggered { rule, party, reason, .. } => {
                Some(format!("{} {rule} {party}: {reason}\n", e.case))
            }
            _ => None,
        })
        .collect();
    insta::assert_snapshot!(got, @"
    2025-10-15-spin-boldak silence PAK: PAK did not reply to case 2025-10-15-spin-boldak before the deadline
    2025-10-17-paktika grave PAK: a grave violation by PAK was found final in case 2025-10-17-paktika
    2025-10-17-paktika defiance PAK: PAK did not comply with the penalty decided in case 2025-10-17-paktika
    ");
}

#[test]
fn a_departure_from_the_proposal_was_voted_down_and_the_proposal_decided() {
    let run = run();
    let paktika = case(&run, "2025-10-17-paktika");
    let proposal = paktika.penalty_proposal.as_ref().unwrap();
    let decided = paktika.penalty.as_ref().unwrap();
    assert_eq!((proposal.level, decided.level), (4, 4));
    let failed = paktika.history.iter().filter(|e| matches!(e.kind, EventKind::MotionFailed)).count();
    assert_eq!(failed, 1);
}

#[test]
fn the_duplicate_is_kept_as_provenance_of_the_surviving_case() {
    let run = run();
    let chaman = case(&run, "2025-10-15-chaman");
    assert_eq!(chaman.duplicates, vec![CaseId::parse("2025-10-15-chaman-public").unwrap()]);
    let public = case(&run, "2025-10-15-chaman-public");
    assert_eq!(public.merged_into.as_ref(), Some(&chaman.id));
    assert_eq!(public.allegation.summary, "Heavy firing at the Chaman crossing before dawn");
}

#[test]
fn statistics() {
    let run = run();
    let from = "2025-10-01T00:00:00Z".parse().unwrap();
    let until = "2025-11-01T00:00:00Z".parse().unwrap();
    let s = stats::compute(&run.agreement, &run.docket, from, until);
    insta::assert_json_snapshot!(s, @r#"
    {
      "from": "2025-10-01T00:00:00Z",
      "until": "2025-11-01T00:00:00Z",
      "overall": {
        "reported": 6,
        "duplicates": 1,
        "admissible": 5,
        "inadmissible": 1,
        "confirmed": 5,
        "attributed": 4,
        "not_confirmed": 0,
        "inconclusive": 0,
        "dismissed": 1,
        "overdue_replies": 1,
        "withdrawn": 0,
        "casualties_not_stated": 4
      },
      "median_days_to_determination": 21.916666666666668,
      "parties": [
        {
          "party": "AFG",
          "filed": 3,
          "against": {
            "reported": 3,
            "duplicates": 1,
            "admissible": 3,
            "inadmissible": 0,
            "confirmed": 3,
            "attributed": 2,
            "not_confirmed": 0,
            "inconclusive": 0,
            "dismissed": 0,
            "overdue_replies": 0,
            "withdrawn": 0,
            "casualties_not_stated": 2
          },
          "severity_points": 4,
          "replies_requested": 3,
          "replies_on_time": 3,
          "penalties_complied": 1,
          "penalties_not_complied": 0,
          "compliance_index": 72
        },
        {
          "party": "PAK",
          "filed": 3,
          "against": {
            "reported": 3,
            "duplicates": 0,
            "admissible": 2,
            "inadmissible": 1,
            "confirmed": 2,
            "attributed": 2,
            "not_confirmed": 0,
            "inconclusive": 0,
            "dismissed": 1,
            "overdue_replies": 1,
            "withdrawn": 0,
            "casualties_not_stated": 2
          },
          "severity_points": 5,
          "replies_requested": 2,
          "replies_on_time": 1,
          "penalties_complied": 0,
          "penalties_not_complied": 1,
          "compliance_index": 38
        }
      ],
      "provisions": [
        {
          "provision": "P1",
          "alleged": 5,
          "admissible": 4,
          "breached": 4
        },
        {
          "provision": "P2",
          "alleged": 1,
          "admissible": 1,
          "breached": 0
        },
        {
          "provision": "P3",
          "alleged": 0,
          "admissible": 0,
          "breached": 0
        },
        {
          "provision": "P4",
          "alleged": 3,
          "admissible": 2,
          "breached": 2
        },
        {
          "provision": "P5",
          "alleged": 0,
          "admissible": 0,
          "breached": 0
        },
        {
          "provision": "P6",
          "alleged": 0,
          "admissible": 0,
          "breached": 0
        }
      ],
      "weeks": [
        {
          "week": "2025-W41",
          "reported": 2,
          "confirmed": 1,
          "violations_by_party": {
            "AFG": 1
          }
        },
        {
          "week": "2025-W42",
          "reported": 4,
          "confirmed": 4,
          "violations_by_party": {
            "AFG": 1,
            "PAK": 2
          }
        }
      ]
    }
    "#);
}

#[test]
fn a_cases_history_alone_rebuilds_it() {
    let run = run();
    for c in run.docket.cases() {
        assert_eq!(&Case::from_history(&c.history).unwrap(), c, "{}", c.id);
    }
}

#[test]
fn replaying_the_events_in_order_rebuilds_the_docket() {
    let run = run();
    let mut events: Vec<&Event> = run.outcomes.iter().flat_map(|o| o.events.iter()).collect();
    // Serialize and read back each event: this is what the log will store.
    let mut docket = Docket::new();
    for e in events.drain(..) {
        let json = serde_json::to_string(e).unwrap();
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, e);
        docket.apply(&back).unwrap();
    }
    assert_eq!(docket, run.docket);
}

#[test]
fn running_twice_gives_the_same_bytes() {
    let a = run();
    let b = run();
    let bytes =
        |r: &Run| serde_json::to_string(&r.outcomes.iter().flat_map(|o| o.events.iter()).collect::<Vec<_>>()).unwrap();
    assert_eq!(bytes(&a), bytes(&b));
}

#[test]
fn a_scenario_for_another_agreement_is_refused() {
    let text = OCTOBER.replace("agreement = \"doha-istanbul-2025\"", "agreement = \"other\"");
    let err = Scenario::from_toml(&text).unwrap().run(&agreement()).unwrap_err();
    assert_eq!(err.to_string(), "the scenario is written for agreement other, not doha-istanbul-2025");
}

#[test]
fn a_scenario_step_refused_unexpectedly_is_reported_with_its_index() {
    let text = OCTOBER.replacen("command = { type = \"close.v1\" }", "command = { type = \"finalize.v1\" }", 1);
    let err = Scenario::from_toml(&text).unwrap().run(&agreement()).unwrap_err();
    assert!(err.to_string().starts_with("steps[4] (finalize.v1 on 2025-10-09-kabul) was refused:"), "{err}");
}

#[test]
fn the_counterfactual_agreement_text_differs_only_in_its_start() {
    let scenario = Scenario::from_toml(OCTOBER).unwrap();
    let text = scenario.agreement_text(crate::DOHA).unwrap();
    let a = truce_core::Agreement::from_toml(&text).unwrap();
    let original = agreement();
    assert_eq!(a.identity.effective_at.timestamp(), "2025-10-09T19:00:00Z".parse().unwrap());
    assert_eq!(a.provisions, original.provisions);
    assert!(text.contains("# COUNTERFACTUAL (sample data): Counterfactual: the ceasefire was signed"));
    let run = scenario.run(&a).unwrap();
    assert_eq!(run.docket, scenario.run(&original).unwrap().docket);
}
