//! The rules on hand-made counts, the edge cases (no history, a sector
//! never seen, zero baselines) and the check of an alert.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::case::{Allegation, Casualties, Complainant, Event, EventKind};
use crate::ids::{CaseId, ParticipantId, ProvisionId};

fn config() -> EarlyWarning {
    EarlyWarning {
        provenance: Provenance::Proposal,
        time_zone: TimeZone::get("Asia/Karachi").unwrap(),
        acts: vec![ActType::ArmedClash, ActType::ShellingArtillery],
        bases: vec![Basis::Filed],
        breakdowns: vec![Breakdown::Total, Breakdown::Act, Breakdown::Accused],
        baseline_days: 28,
        guard_days: 7,
        min_baseline: 0.1,
        min_count: 3,
        repeat_after_days: 7,
        surge: Some(SurgeRule { ratio: 2.0, weeks: 4, floor: 1.0 }),
        poisson: Some(PoissonRule { p: 0.01 }),
        ewma: Some(EwmaRule { lambda: 0.3, limit: 3.0 }),
        cusum: Some(CusumRule { shift: 2.0, h: 4.0 }),
    }
}

/// A report of `act` against `accused` in `sector` on `day` (noon, Karachi).
pub(crate) fn report(n: usize, sector: &str, day: Date, act: ActType, accused: &str) -> Case {
    Case::open(&reported(n, sector, day, act, accused)).unwrap()
}

/// The event that files [`report`]'s report.
fn reported(n: usize, sector: &str, day: Date, act: ActType, accused: &str) -> Event {
    let at = day.at(12, 0, 0, 0).in_tz("Asia/Karachi").unwrap().timestamp();
    let allegation = Allegation {
        accused: ParticipantId::parse(accused).unwrap(),
        provisions: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![act],
        occurred_at: at,
        occurred_until: None,
        time_precision: Default::default(),
        location: None,
        summary: "Fire on a post".into(),
        narrative: String::new(),
        casualties: Casualties::default(),
        evidence: vec![],
    };
    let placement = truce_geo::Placement {
        side: None,
        side_uncertain: false,
        border_km: 1.0,
        band_km: 3.0,
        band_note: None,
        sector: Some(sector.to_owned()),
        nearest_crossing: None,
        nearest_place: None,
        province: None,
    };
    Event {
        case: CaseId::parse(&format!("C-{n:05}")).unwrap(),
        at,
        actor: None,
        kind: EventKind::Reported {
            complainant: Complainant::Public,
            allegation: Box::new(allegation),
            acknowledge_by: at,
            placement: Some(Box::new(placement)),
        },
    }
}

/// Reports in `sector`, `counts[i]` of them on `first + i` days.
fn series(sector: &str, first: Date, counts: &[u32]) -> Vec<Case> {
    let mut out = Vec::new();
    for (i, n) in counts.iter().enumerate() {
        for _ in 0..*n {
            let day = first.checked_add(Span::new().days(i as i64)).unwrap();
            out.push(report(out.len() + 1, sector, day, ActType::ArmedClash, "AFG"));
        }
    }
    out
}

fn total(sector: &str) -> SeriesKey {
    SeriesKey { sector: sector.to_owned(), basis: Basis::Filed, act: None, accused: None }
}

fn last_day(first: Date, counts: &[u32]) -> Date {
    first.checked_add(Span::new().days(counts.len() as i64 - 1)).unwrap()
}

#[test]
fn poisson_tail_matches_closed_forms() {
    // P(X ≥ 1) = 1 − e^−λ.
    assert!((poisson_sf(1, 0.5) - (1.0 - (-0.5f64).exp())).abs() < 1e-15);
    // P(X ≥ 4 | 0.6), summed by hand: 1 − e^−0.6 (1 + 0.6 + 0.18 + 0.036).
    let by_hand = 1.0 - (-0.6f64).exp() * (1.0 + 0.6 + 0.18 + 0.036);
    assert!((poisson_sf(4, 0.6) - by_hand).abs() < 1e-12, "{}", poisson_sf(4, 0.6));
    assert_eq!(poisson_sf(0, 3.0), 1.0);
    assert_eq!(poisson_sf(2, 0.0), 0.0);
    // Far tails stay positive and tiny instead of rounding 1 − 1 to 0.
    let far = poisson_sf(40, 0.1);
    assert!(far > 0.0 && far < 1e-60, "{far}");
}

#[test]
fn no_history_raises_nothing() {
    let day = date(2025, 10, 15);
    assert!(signals(&config(), &Vec::<Case>::new(), day).is_empty());
    for method in Method::ALL {
        let s = signal(&config(), &Vec::<Case>::new(), &total("PK-AF-S1"), method, day).unwrap();
        assert!(!s.flagged, "{method:?}");
        assert_eq!(s.observed, 0);
        assert!(s.reports.is_empty());
    }
}

#[test]
fn a_sector_never_seen_has_no_series_and_no_alert() {
    let first = date(2025, 9, 1);
    let counts = [vec![0; 35], vec![6]].concat();
    let cases = series("PK-AF-S5", first, &counts);
    let day = last_day(first, &counts);
    let keys = series_on(&config(), &cases, day);
    assert!(keys.iter().all(|k| k.sector == "PK-AF-S5"), "{keys:?}");
    for method in Method::ALL {
        let quiet = signal(&config(), &cases, &total("PK-AF-S1"), method, day).unwrap();
        assert!(!quiet.flagged && quiet.observed == 0, "{method:?}");
    }
    assert!(alerts_due(&config(), &cases, day, &[]).iter().all(|a| a.series.sector == "PK-AF-S5"));
}

#[test]
fn two_reports_against_a_zero_baseline_are_not_an_alert() {
    let first = date(2025, 9, 1);
    let counts = [vec![0; 35], vec![2]].concat();
    let cases = series("PK-AF-S5", first, &counts);
    let day = last_day(first, &counts);
    let poisson = signal(&config(), &cases, &total("PK-AF-S5"), Method::Poisson, day).unwrap();
    // The floor, not zero: against zero any report would be a surge.
    assert_eq!(poisson.baseline, 0.1);
    assert_eq!(poisson.statistic, round6(1.0 - (-0.1f64).exp() * 1.1));
    assert!(poisson.statistic < 0.01, "rare, but under the minimum count");
    assert!(!poisson.flagged);
    assert!(alerts_due(&config(), &cases, day, &[]).is_empty());
}

#[test]
fn a_burst_in_a_quiet_sector_is_an_alert_with_the_floor_as_baseline() {
    let first = date(2025, 9, 1);
    let counts = [vec![0; 35], vec![6]].concat();
    let cases = series("PK-AF-S5", first, &counts);
    let day = last_day(first, &counts);
    let poisson = signal(&config(), &cases, &total("PK-AF-S5"), Method::Poisson, day).unwrap();
    assert!(poisson.flagged);
    assert_eq!(poisson.observed, 6);
    assert_eq!(poisson.baseline, 0.1);
    assert_eq!(poisson.statistic, round6(poisson_sf(6, 0.1)));
    assert_eq!(poisson.window, Days { from: day, to: day });
    assert_eq!(poisson.baseline_days, Days { from: date(2025, 9, 1), to: date(2025, 9, 28) });
    assert_eq!(poisson.reports.len(), 6);
    let cusum = signal(&config(), &cases, &total("PK-AF-S5"), Method::Cusum, day).unwrap();
    // 6 ln 2 − 0.1 after seven days at zero.
    assert_eq!(cusum.statistic, round6(6.0 * 2f64.ln() - 0.1));
    assert!(cusum.flagged);
    // ACLED's floor: an average under one a week never surges.
    let surge = signal(&config(), &cases, &total("PK-AF-S5"), Method::Surge, day).unwrap();
    assert_eq!(surge.baseline, 0.0);
    assert!(!surge.flagged);
}

#[test]
fn acleds_surge_rule_at_its_edges() {
    let first = date(2025, 9, 1);
    // Four weeks of one a week, then two in the last week: exactly twice.
    let week = |n: u32| {
        let mut w = vec![0; 7];
        w[3] = n;
        w
    };
    let base = [week(1), week(1), week(1), week(1)].concat();
    let doubled = [base.clone(), vec![0, 0, 0, 1, 0, 0, 1]].concat();
    let cases = series("PK-AF-S3", first, &doubled);
    let s = signal(&config(), &cases, &total("PK-AF-S3"), Method::Surge, last_day(first, &doubled)).unwrap();
    assert_eq!((s.baseline, s.observed, s.threshold), (1.0, 2, 2.0));
    assert!(s.flagged);
    let once = [base.clone(), week(1)].concat();
    let cases = series("PK-AF-S3", first, &once);
    let s = signal(&config(), &cases, &total("PK-AF-S3"), Method::Surge, last_day(first, &once)).unwrap();
    assert!(!s.flagged);
    // Three in four weeks: an average of 0.75, under ACLED's floor of one.
    let thin = [week(1), week(1), week(1), week(0), week(10)].concat();
    let cases = series("PK-AF-S3", first, &thin);
    let s = signal(&config(), &cases, &total("PK-AF-S3"), Method::Surge, last_day(first, &thin)).unwrap();
    assert_eq!(s.baseline, 0.75);
    assert!(!s.flagged);
}

#[test]
fn series_by_act_and_by_accused_count_only_their_reports() {
    let day = date(2025, 10, 15);
    let cases = vec![
        report(1, "PK-AF-S3", day, ActType::ShellingArtillery, "AFG"),
        report(2, "PK-AF-S3", day, ActType::ShellingArtillery, "PAK"),
        report(3, "PK-AF-S3", day, ActType::ArmedClash, "AFG"),
        // Not a counted act.
        report(4, "PK-AF-S3", day, ActType::HostilePropaganda, "AFG"),
    ];
    let observed = |key: SeriesKey| signal(&config(), &cases, &key, Method::Poisson, day).unwrap().observed;
    assert_eq!(observed(total("PK-AF-S3")), 3);
    assert_eq!(observed(SeriesKey { act: Some(ActType::ShellingArtillery), ..total("PK-AF-S3") }), 2);
    assert_eq!(observed(SeriesKey { accused: Some(ParticipantId::parse("AFG").unwrap()), ..total("PK-AF-S3") }), 2);
    let keys = series_on(&config(), &cases, day);
    assert_eq!(keys.len(), 5, "{keys:?}");
    // Confirmed is not counted by this configuration.
    assert!(keys.iter().all(|k| k.basis == Basis::Filed));
}

#[test]
fn an_alert_is_checked_against_the_cases() {
    let first = date(2025, 9, 1);
    let counts = [vec![0; 35], vec![6]].concat();
    let cases = series("PK-AF-S5", first, &counts);
    let day = last_day(first, &counts);
    let alert = signal(&config(), &cases, &total("PK-AF-S5"), Method::Poisson, day).unwrap();
    check_alert(&config(), &cases, &alert).unwrap();

    let mut inflated = alert.clone();
    inflated.observed = 7;
    let err = check_alert(&config(), &cases, &inflated).unwrap_err();
    assert!(matches!(err, AlertError::Mismatch { field: "observed", .. }), "{err}");

    let mut short = alert.clone();
    short.reports.pop();
    assert!(matches!(check_alert(&config(), &cases, &short), Err(AlertError::Mismatch { field: "reports", .. })));

    let mut baseline = alert.clone();
    baseline.baseline = 0.05;
    assert!(matches!(check_alert(&config(), &cases, &baseline), Err(AlertError::Mismatch { field: "baseline", .. })));

    // The same numbers a day later do not fire, and the check says so.
    let quiet_day = day.checked_add(Span::new().days(1)).unwrap();
    let mut later = signal(&config(), &cases, &total("PK-AF-S5"), Method::Poisson, quiet_day).unwrap();
    later.flagged = true;
    assert_eq!(check_alert(&config(), &cases, &later), Err(AlertError::NotFlagged("poisson")));

    let mut unconfigured = config();
    unconfigured.poisson = None;
    assert_eq!(check_alert(&unconfigured, &cases, &alert), Err(AlertError::MethodNotConfigured("poisson")));
    let mut not_counted = alert.clone();
    not_counted.series.basis = Basis::Confirmed;
    assert!(matches!(check_alert(&config(), &cases, &not_counted), Err(AlertError::SeriesNotCounted(_))));
}

/// An agreement whose only escalation rule is a surge trigger with these filters.
fn agreement_with_surge_rule(trigger: crate::agreement::EscalationTrigger) -> crate::Agreement {
    let mut a = crate::Agreement::from_toml(crate::agreement::tests::DOHA).unwrap();
    a.early_warning = Some(config());
    a.escalation = vec![crate::agreement::EscalationRule {
        id: crate::ids::RuleId::parse("surge").unwrap(),
        action: "Call the liaison officers".into(),
        trigger,
        provenance: Provenance::Proposal,
    }];
    a
}

fn surge_trigger(methods: Vec<Method>, sectors: Vec<&str>, acts: Vec<ActType>) -> crate::agreement::EscalationTrigger {
    crate::agreement::EscalationTrigger::Surge {
        methods,
        sectors: sectors.into_iter().map(str::to_owned).collect(),
        bases: vec![Basis::Filed],
        acts,
    }
}

#[test]
fn an_alert_matching_a_surge_rule_escalates_once_per_accused_party_on_its_latest_case() {
    let day = date(2025, 10, 15);
    let earlier = date(2025, 10, 14);
    let mut docket = crate::Docket::new();
    let filed = [
        reported(1, "PK-AF-S3", day, ActType::ShellingArtillery, "AFG"),
        reported(2, "PK-AF-S3", day, ActType::ShellingArtillery, "PAK"),
        reported(3, "PK-AF-S3", earlier, ActType::ArmedClash, "AFG"),
        reported(4, "PK-AF-S3", day, ActType::ArmedClash, "AFG"),
    ];
    for e in &filed {
        docket.apply(e).unwrap();
    }
    let cases: Vec<Case> = docket.cases().cloned().collect();
    let alert = signal(&config(), &cases, &total("PK-AF-S3"), Method::Poisson, day).unwrap();
    assert_eq!(alert.reports.len(), 4, "{alert:?}");
    let at: Timestamp = "2025-10-15T12:00:00Z".parse().unwrap();

    let agreement = agreement_with_surge_rule(surge_trigger(vec![Method::Poisson], vec!["PK-AF-S3"], vec![]));
    let events = docket.escalate_alert(&agreement, &alert, 42, at).unwrap();
    let fired: Vec<(String, String)> = events
        .iter()
        .map(|e| match &e.kind {
            EventKind::EscalationTriggered { party, reason, .. } => {
                assert!(reason.contains("record 42") && reason.contains("poisson"), "{reason}");
                (party.to_string(), e.case.to_string())
            }
            other => panic!("not an escalation: {other:?}"),
        })
        .collect();
    // AFG's latest counted report is C-00004 (C-00001 is the same day, a lower id); PAK's is C-00002.
    assert_eq!(fired, vec![("AFG".into(), "C-00004".into()), ("PAK".into(), "C-00002".into())]);
    // Folded into the cases, as a finding's escalation is.
    let afg_case = docket.case(&CaseId::parse("C-00004").unwrap()).unwrap();
    assert_eq!(afg_case.escalations.len(), 1);
    assert_eq!(afg_case.escalations[0].1.as_str(), "AFG");

    // A series by accused party escalates against that party only.
    let by_pak = SeriesKey { accused: Some(ParticipantId::parse("PAK").unwrap()), ..total("PK-AF-S3") };
    let mut pak_alert = alert.clone();
    pak_alert.series = by_pak;
    let events = docket.escalate_alert(&agreement, &pak_alert, 43, at).unwrap();
    assert_eq!(events.len(), 1);
    assert!(matches!(&events[0].kind, EventKind::EscalationTriggered { party, .. } if party.as_str() == "PAK"));
}

#[test]
fn a_surge_rule_ignores_alerts_its_filters_do_not_match() {
    let day = date(2025, 10, 15);
    let mut docket = crate::Docket::new();
    for n in 1..=3 {
        docket.apply(&reported(n, "PK-AF-S3", day, ActType::ShellingArtillery, "AFG")).unwrap();
    }
    let cases: Vec<Case> = docket.cases().cloned().collect();
    let alert = signal(&config(), &cases, &total("PK-AF-S3"), Method::Poisson, day).unwrap();
    let at: Timestamp = "2025-10-15T12:00:00Z".parse().unwrap();
    let by_act = SeriesKey { act: Some(ActType::ShellingArtillery), ..total("PK-AF-S3") };
    for (trigger, series) in [
        // Another method.
        (surge_trigger(vec![Method::Cusum], vec![], vec![]), total("PK-AF-S3")),
        // Another sector.
        (surge_trigger(vec![], vec!["PK-AF-S1"], vec![]), total("PK-AF-S3")),
        // An act filter matches series by act type only, of its acts.
        (surge_trigger(vec![], vec![], vec![ActType::ShellingArtillery]), total("PK-AF-S3")),
        (surge_trigger(vec![], vec![], vec![ActType::ArmedClash]), by_act.clone()),
    ] {
        let mut a = alert.clone();
        a.series = series.clone();
        let events = docket.escalate_alert(&agreement_with_surge_rule(trigger.clone()), &a, 7, at).unwrap();
        assert!(events.is_empty(), "{trigger:?} on {series:?} fired {events:?}");
    }
    // Another basis.
    let mut confirmed = alert.clone();
    confirmed.series.basis = Basis::Confirmed;
    let rule = agreement_with_surge_rule(surge_trigger(vec![], vec![], vec![]));
    assert!(docket.escalate_alert(&rule, &confirmed, 7, at).unwrap().is_empty());
    // The act it names, on a series by act type, fires.
    let mut shelling = alert.clone();
    shelling.series = by_act;
    let rule = agreement_with_surge_rule(surge_trigger(vec![], vec![], vec![ActType::ShellingArtillery]));
    assert_eq!(docket.escalate_alert(&rule, &shelling, 7, at).unwrap().len(), 1);
    // No rule of the kind: nothing, and the cases are untouched.
    let mut plain = agreement_with_surge_rule(surge_trigger(vec![], vec![], vec![]));
    plain.escalation[0].trigger = crate::agreement::EscalationTrigger::GraveFinding;
    assert!(docket.escalate_alert(&plain, &alert, 7, at).unwrap().is_empty());
    // Only the act-type match above fired, on the latest counted case.
    assert_eq!(docket.cases().map(|c| c.escalations.len()).sum::<usize>(), 1);
    assert_eq!(docket.case(&CaseId::parse("C-00003").unwrap()).unwrap().escalations.len(), 1);
}

#[test]
fn an_alert_is_not_raised_again_within_the_repeat_window() {
    let first = date(2025, 9, 1);
    let counts = [vec![0; 35], vec![6, 6]].concat();
    let cases = series("PK-AF-S5", first, &counts);
    let day1 = date(2025, 10, 6);
    let raised: Vec<(SeriesKey, Method, Date)> =
        alerts_due(&config(), &cases, day1, &[]).into_iter().map(|s| (s.series, s.method, s.day)).collect();
    assert!(raised.iter().any(|(_, m, _)| *m == Method::Poisson));
    let day2 = date(2025, 10, 7);
    let again = alerts_due(&config(), &cases, day2, &raised);
    assert!(again.iter().all(|s| !raised.iter().any(|(k, m, _)| k == &s.series && *m == s.method)), "{again:?}");
}

#[test]
fn a_trend_with_no_history_has_the_floor_as_baseline_and_no_other_sector() {
    let config = config();
    let day = date(2025, 10, 15);
    let cases = series("PK-AF-S3", day, &[4]);
    let trends = trends(&config, &cases, Basis::Filed, day, day);
    assert_eq!(trends.len(), 1, "only the sector that reported: {trends:?}");
    let only = &trends[0];
    assert_eq!(only.sector, "PK-AF-S3");
    assert_eq!(only.days.len(), 1);
    assert_eq!((only.days[0].count, only.days[0].baseline), (4, config.min_baseline));
    // Against 0.1 a day, P(X ≥ 1) ≈ 0.095 and P(X ≥ 2) ≈ 0.0047: one report is ordinary, two are not.
    assert_eq!(only.days[0].ordinary, 1);
    // No report anywhere, a span backwards, a sector never seen: nothing.
    assert!(trends_of(&config, &[], day, day).is_empty());
    assert!(trends_of(&config, &cases, day, date(2025, 10, 14)).is_empty());
    assert!(trends_of(&config, &cases, date(2025, 10, 16), date(2025, 10, 20)).is_empty());
}

fn trends_of(config: &EarlyWarning, cases: &[Case], from: Date, to: Date) -> Vec<Trend> {
    trends(config, cases, Basis::Filed, from, to)
}

#[test]
fn a_trends_baseline_is_the_poisson_rules_and_its_band_is_what_the_rule_leaves_alone() {
    let config = config();
    let first = date(2025, 8, 1);
    let counts: Vec<u32> = (0..80u32).map(|i| if i >= 70 { 5 } else { i % 3 % 2 }).collect();
    let cases = series("PK-AF-S5", first, &counts);
    let from = first.checked_add(Span::new().days(40)).unwrap();
    let to = last_day(first, &counts);
    let trend = &trends(&config, &cases, Basis::Filed, from, to)[0];
    assert_eq!(trend.days.len(), 40);
    for d in &trend.days {
        let s = signal(&config, &cases, &total("PK-AF-S5"), Method::Poisson, d.day).unwrap();
        assert_eq!((d.count, d.baseline), (s.observed, s.baseline), "{d:?} against {s:?}");
        if s.observed >= config.min_count {
            assert_eq!(s.flagged, d.count > d.ordinary, "{d:?} against {s:?}");
        }
    }
    // The surge of the last ten days is above the band.
    assert!(trend.days.iter().rev().take(10).all(|d| d.count > d.ordinary), "{trend:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On any counts, with a zero or a real floor: the band holds the
    /// baseline's mean (rounded down) and is what the rule leaves unflagged.
    #[test]
    fn a_trends_band_is_never_below_its_baseline(counts in proptest::collection::vec(0u32..6, 1..60), zero_floor in any::<bool>()) {
        let mut config = config();
        if zero_floor {
            config.min_baseline = 1e-6;
        }
        let first = date(2025, 9, 1);
        let cases = series("PK-AF-S2", first, &counts);
        let day = last_day(first, &counts);
        for trend in trends(&config, &cases, Basis::Filed, first, day) {
            prop_assert_eq!(trend.days.len(), counts.len());
            for d in &trend.days {
                prop_assert!(d.baseline >= config.min_baseline && d.baseline.is_finite());
                prop_assert!(f64::from(d.ordinary) + 1.0 > d.baseline, "{:?}", d);
                prop_assert!(round6(poisson_sf(d.ordinary, d.baseline)) >= 0.01);
                prop_assert!(round6(poisson_sf(d.ordinary + 1, d.baseline)) < 0.01);
            }
        }
    }

    /// On any counts: every signal's counts are its reports, the window sums
    /// to what it observed, no rule but ACLED's fires under the minimum
    /// count, and every alert checks out against the same cases.
    #[test]
    fn every_signal_explains_itself(counts in proptest::collection::vec(0u32..4, 1..50), zero_floor in any::<bool>()) {
        let mut config = config();
        if zero_floor {
            // The smallest floor the agreement accepts: a near-zero baseline.
            config.min_baseline = 1e-6;
        }
        let first = date(2025, 9, 1);
        let cases = series("PK-AF-S2", first, &counts);
        let day = last_day(first, &counts);
        for s in signals(&config, &cases, day) {
            prop_assert_eq!(s.counts.iter().sum::<u32>() as usize, s.reports.len());
            prop_assert!(s.baseline.is_finite() && s.statistic.is_finite() && s.threshold.is_finite());
            if s.method != Method::Surge {
                prop_assert!(s.baseline >= config.min_baseline);
                if s.flagged {
                    prop_assert!(s.observed >= config.min_count);
                }
            }
            if s.flagged {
                prop_assert_eq!(check_alert(&config, &cases, &s), Ok(()));
            }
        }
        // A day after the last report plus the whole span: no series left.
        let after = day.checked_add(Span::new().days(40)).unwrap();
        prop_assert!(signals(&config, &cases, after).is_empty());
    }
}
