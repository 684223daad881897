//! The early-warning rules against a reference computation in Python:
//! SciPy's Poisson tail, statsmodels' exact one-sided Poisson test, pandas'
//! exponentially weighted mean (statsmodels' own dependency) and the CUSUM
//! and ACLED's rule written with NumPy, on the same daily counts. The venv
//! of `scripts/test` must be on `PATH` (scripts/test-requirements.txt pins
//! the versions); the test fails, never skips, without it.

use std::io::Write;
use std::process::{Command, Stdio};

use jiff::Span;
use jiff::civil::{Date, date};
use serde_json::{Value, json};
use truce_core::Case;
use truce_core::case::{Allegation, Casualties, Complainant, Event, EventKind};
use truce_core::early_warning::{self, Basis, Method, SeriesKey, Signal};
use truce_core::ids::{CaseId, ProvisionId};
use truce_core::vocab::ActType;

use crate::fixture::pid;

const REFERENCE: &str = r#"
import json, sys
import numpy as np
import pandas as pd
from scipy.stats import poisson
from statsmodels.stats.rates import test_poisson

job = json.load(sys.stdin)
c = job["config"]
out = []
for run in job["runs"]:
    x = np.array(run["counts"], dtype=float)
    t = len(x) - 1  # the day tested is the last
    g, b = c["guard_days"], c["baseline_days"]
    base = x[t - g - b : t - g]
    lam0 = max(base.mean(), c["min_baseline"])
    lam0 = round(lam0, 6)
    res = {}
    # ACLED: the last 7 days against the weekly average of the weeks before.
    w = c["surge_weeks"]
    week = x[t - 6 : t + 1].sum()
    avg = x[t - 6 - 7 * w : t - 6].sum() / w
    res["surge"] = {"baseline": avg, "observed": week, "threshold": c["surge_ratio"] * avg,
                    "flagged": bool(avg >= c["surge_floor"] and week >= round(c["surge_ratio"] * avg, 6))}
    # Poisson exceedance: SciPy's tail, and statsmodels' exact one-sided test.
    today = x[t]
    p = poisson.sf(today - 1, lam0) if today > 0 else 1.0
    if today > 0:
        p_sm = test_poisson(int(today), 1, lam0, method="exact-c", alternative="larger").pvalue
        assert abs(p - p_sm) < 1e-12, (p, p_sm)
    res["poisson"] = {"baseline": lam0, "observed": today, "statistic": p,
                      "flagged": bool(today >= c["min_count"] and round(p, 6) < c["poisson_p"])}
    # EWMA from z = lam0 over the guard days and the day (adjust=False is the recursion).
    run_days = x[t - g : t + 1]
    lam = c["ewma_lambda"]
    z = pd.Series(np.concatenate([[lam0], run_days])).ewm(alpha=lam, adjust=False).mean().iloc[-1]
    limit = lam0 + c["ewma_limit"] * np.sqrt(lam0) * np.sqrt(lam / (2 - lam))
    res["ewma"] = {"baseline": lam0, "observed": run_days.sum(), "statistic": z, "threshold": limit,
                   "flagged": bool(run_days.sum() >= c["min_count"] and round(z, 6) > round(limit, 6))}
    # One-sided Poisson CUSUM, back to 0 after an alarm before the day.
    k = c["cusum_shift"]
    s = 0.0
    for i, xi in enumerate(run_days):
        s = max(0.0, s + xi * np.log(k) - (k * lam0 - lam0))
        if i < len(run_days) - 1 and s > c["cusum_h"]:
            s = 0.0
    res["cusum"] = {"baseline": lam0, "observed": run_days.sum(), "statistic": s, "threshold": c["cusum_h"],
                    "flagged": bool(run_days.sum() >= c["min_count"] and round(s, 6) > c["cusum_h"])}
    # The band of the charts: the most reports the Poisson test leaves unflagged.
    x_ord = 0
    while round(poisson.sf(x_ord, lam0), 6) >= c["poisson_p"]:
        x_ord += 1
    res["band"] = {"baseline": lam0, "ordinary": x_ord}
    out.append(res)
json.dump(out, sys.stdout)
"#;

/// A report against AFG in `sector` on `day`.
fn report(n: usize, sector: &str, day: Date) -> Case {
    let at = day.at(9, 0, 0, 0).in_tz("UTC").unwrap().timestamp();
    let allegation = Allegation {
        accused: pid("AFG"),
        provisions: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![ActType::ShellingArtillery],
        occurred_at: at,
        occurred_until: None,
        time_precision: Default::default(),
        location: None,
        summary: "Shelling".into(),
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
    let event = Event {
        case: CaseId::parse(&format!("C-{n:06}")).unwrap(),
        at,
        actor: None,
        kind: EventKind::Reported {
            complainant: Complainant::Public,
            allegation: Box::new(allegation),
            acknowledge_by: at,
            placement: Some(Box::new(placement)),
        },
    };
    Case::open(&event).unwrap()
}

/// Small counts with runs of quiet, steady and surging days, from a fixed seed.
fn counts(seed: u64, days: usize) -> Vec<u32> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    (0..days)
        .map(|i| {
            let phase = (i / 9) % 4;
            let r = next() % 100;
            match phase {
                0 => u32::from(r < 5),
                1 => u32::from(r < 30) + u32::from(r < 8),
                2 => r % 3,
                _ => r % 7,
            }
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 2e-6
}

#[test]
fn the_rules_match_scipy_and_statsmodels() {
    let config = crate::agreement().early_warning.unwrap();
    let first = date(2025, 8, 1);
    let mut runs = Vec::new();
    let mut ours: Vec<Vec<Signal>> = Vec::new();
    let mut bands: Vec<early_warning::TrendDay> = Vec::new();
    for seed in 1..=6u64 {
        let series = counts(seed, 80);
        let mut cases = Vec::new();
        for (i, n) in series.iter().enumerate() {
            for _ in 0..*n {
                let day = first.checked_add(Span::new().days(i as i64)).unwrap();
                cases.push(report(cases.len() + 1, "PK-AF-S4", day));
            }
        }
        let key = SeriesKey { sector: "PK-AF-S4".into(), basis: Basis::Filed, act: None, accused: None };
        // Every day from the first with a whole span behind it.
        for t in 35..series.len() {
            let day = first.checked_add(Span::new().days(t as i64)).unwrap();
            let signals: Vec<Signal> = Method::ALL
                .into_iter()
                .map(|m| early_warning::signal(&config, &cases, &key, m, day).unwrap())
                .collect();
            // The span the rules read: 35 days before the day, and the day.
            let span = series[t - 35..=t].to_vec();
            assert_eq!(signals[0].counts, span, "the counts a signal carries are the series");
            runs.push(json!({ "counts": span }));
            ours.push(signals);
        }
        // The charts' trend over the same days, from the same cases.
        let (from, to) =
            (first.checked_add(Span::new().days(35)).unwrap(), first.checked_add(Span::new().days(79)).unwrap());
        let trends = early_warning::trends(&config, &cases, Basis::Filed, from, to);
        assert_eq!(trends.len(), 1, "one sector reported");
        assert_eq!(trends[0].days.iter().map(|d| d.count).collect::<Vec<_>>(), series[35..].to_vec());
        bands.extend(trends[0].days.iter().cloned());
    }
    let surge = config.surge.unwrap();
    let job = json!({
        "config": {
            "baseline_days": config.baseline_days, "guard_days": config.guard_days,
            "min_baseline": config.min_baseline, "min_count": config.min_count,
            "surge_ratio": surge.ratio, "surge_weeks": surge.weeks, "surge_floor": surge.floor,
            "poisson_p": config.poisson.unwrap().p,
            "ewma_lambda": config.ewma.unwrap().lambda, "ewma_limit": config.ewma.unwrap().limit,
            "cusum_shift": config.cusum.unwrap().shift, "cusum_h": config.cusum.unwrap().h,
        },
        "runs": runs,
    });
    let mut child = Command::new("python3")
        .args(["-c", REFERENCE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (put the venv of scripts/test on PATH)");
    child.stdin.take().unwrap().write_all(job.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the reference computation failed: {}", String::from_utf8_lossy(&out.stderr));
    let reference: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reference.len(), ours.len());
    let mut flagged = [0usize; 4];
    for (i, (signals, theirs)) in ours.iter().zip(&reference).enumerate() {
        for (m, s) in signals.iter().enumerate() {
            let r = &theirs[s.method.as_str()];
            let what = format!("run {i}, {}: ours {s:?}, reference {r}", s.method.as_str());
            assert!(close(s.baseline, r["baseline"].as_f64().unwrap()), "baseline of {what}");
            assert_eq!(f64::from(s.observed), r["observed"].as_f64().unwrap(), "observed of {what}");
            if let Some(statistic) = r.get("statistic") {
                assert!(close(s.statistic, statistic.as_f64().unwrap()), "statistic of {what}");
            }
            if let Some(threshold) = r.get("threshold") {
                assert!(close(s.threshold, threshold.as_f64().unwrap()), "threshold of {what}");
            }
            assert_eq!(s.flagged, r["flagged"].as_bool().unwrap(), "flag of {what}");
            flagged[m] += usize::from(s.flagged);
        }
        let band = &bands[i];
        assert_eq!(band.day, signals[0].day);
        assert!(close(band.baseline, theirs["band"]["baseline"].as_f64().unwrap()), "band baseline of run {i}");
        assert_eq!(f64::from(band.ordinary), theirs["band"]["ordinary"].as_f64().unwrap(), "band of run {i}: {band:?}");
        // A count above the band is what the Poisson test flags (given min_count).
        let poisson = &signals[1];
        assert_eq!(poisson.method, Method::Poisson);
        if poisson.observed >= config.min_count {
            assert_eq!(poisson.flagged, poisson.observed > band.ordinary, "run {i}: {poisson:?} against {band:?}");
        }
    }
    // The counts are made to surge: every rule fires somewhere and not everywhere.
    for (m, n) in flagged.iter().enumerate() {
        assert!(*n > 0 && *n < ours.len(), "{:?} fired on {n} of {} days", Method::ALL[m], ours.len());
    }
}
