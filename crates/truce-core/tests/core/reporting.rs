//! The demo's October 2025 reporting (`scenarios/october-2025-reporting.toml`
//! beside `october-2025.toml`) through the agreement's early-warning rules:
//! the surges are flagged where and when they happened, within a day, and
//! the quiet sector raises nothing.

use std::collections::BTreeSet;

use jiff::civil::{Date, date};
use truce_core::Case;
use truce_core::early_warning::{self, Signal};
use truce_core::scenario::Scenario;

use crate::{OCTOBER, agreement};

const REPORTING: &str = include_str!("../../../../scenarios/october-2025-reporting.toml");

/// The alerts the demo raises: every day from 1 to 19 October
/// in order, each rule held back by the alerts already raised.
fn alerts() -> Vec<Signal> {
    let agreement = agreement();
    let config = agreement.early_warning.clone().unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for text in [OCTOBER, REPORTING] {
        let scenario = Scenario::from_toml(text).unwrap();
        let run = scenario.run(&agreement).unwrap_or_else(|e| panic!("{e}"));
        cases.extend(run.docket.cases().cloned());
    }
    let mut raised: Vec<Signal> = Vec::new();
    let mut day = date(2025, 10, 1);
    while day <= date(2025, 10, 19) {
        let marks: Vec<_> = raised.iter().map(|s| (s.series.clone(), s.method, s.day)).collect();
        raised.extend(early_warning::alerts_due(&config, &cases, day, &marks));
        day = day.tomorrow().unwrap();
    }
    raised
}

fn days_in(raised: &[Signal], sector: &str) -> BTreeSet<Date> {
    raised.iter().filter(|s| s.series.sector == sector).map(|s| s.day).collect()
}

#[test]
fn the_quiet_sector_raises_no_alert_and_the_hot_ones_do_within_a_day_of_the_surge() {
    let raised = alerts();
    assert!(days_in(&raised, "pishin_zabul").is_empty(), "the quiet sector: {raised:#?}");
    // Nothing before the clashes.
    assert!(raised.iter().all(|s| s.day >= date(2025, 10, 11)), "{raised:#?}");
    let night = [date(2025, 10, 11), date(2025, 10, 12)];
    for sector in ["south_waziristan_paktika", "kurram_paktia", "bajaur_kunar", "chitral_kunar_nuristan"] {
        let days = days_in(&raised, sector);
        assert!(days.iter().any(|d| night.contains(d)), "{sector}: {days:?}");
    }
    let chaman = days_in(&raised, "chaman_kandahar");
    assert!(chaman.iter().any(|d| [date(2025, 10, 15), date(2025, 10, 16)].contains(d)), "{chaman:?}");
    // Only where it happened.
    let sectors: BTreeSet<&str> = raised.iter().map(|s| s.series.sector.as_str()).collect();
    let hot: BTreeSet<&str> =
        ["south_waziristan_paktika", "kurram_paktia", "bajaur_kunar", "chitral_kunar_nuristan", "chaman_kandahar"]
            .into();
    assert!(sectors.is_subset(&hot), "{sectors:?}");
    // Every alert can be recomputed from its own record's numbers.
    for s in &raised {
        assert!(s.flagged && s.observed as f64 >= 1.0, "{s:?}");
    }
}
