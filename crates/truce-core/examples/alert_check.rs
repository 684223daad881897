//! What checking one early-warning alert costs as the log grows: the log
//! recomputes every alert before it appends it (`Mechanism::apply`), and so
//! does `truce verify`. Until the docket indexed its cases by sector and
//! day, the check read every case of the docket; now it reads the alert's
//! sector over the days its rule reads. Both are timed here, alternating,
//! on the same docket.
//!
//! `cargo run --release -p truce-core --example alert_check -- 10000 100000`

// A bench reads the clock to time what it measures.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::expect_used, clippy::disallowed_methods)]

use std::time::Instant;

use jiff::Span;
use jiff::civil::date;
use jiff::tz::TimeZone;
use truce_core::Docket;
use truce_core::case::{Allegation, Casualties, Complainant, Event, EventKind};
use truce_core::early_warning::{self, Basis, Breakdown, CusumRule, EarlyWarning, PoissonRule, SurgeRule};
use truce_core::ids::{CaseId, ParticipantId, ProvisionId};
use truce_core::vocab::{ActType, Provenance};

const SECTORS: [&str; 6] = ["PK-AF-S1", "PK-AF-S2", "PK-AF-S3", "PK-AF-S4", "PK-AF-S5", "PK-AF-S6"];

fn config() -> EarlyWarning {
    EarlyWarning {
        provenance: Provenance::Proposal,
        time_zone: TimeZone::get("Asia/Karachi").unwrap(),
        acts: vec![ActType::ArmedClash, ActType::ShellingArtillery],
        bases: vec![Basis::Filed],
        breakdowns: vec![Breakdown::Total],
        baseline_days: 28,
        guard_days: 7,
        min_baseline: 0.1,
        min_count: 3,
        repeat_after_days: 7,
        surge: Some(SurgeRule { ratio: 2.0, weeks: 4, floor: 1.0 }),
        poisson: Some(PoissonRule { p: 0.01 }),
        ewma: None,
        cusum: Some(CusumRule { shift: 2.0, h: 4.0 }),
    }
}

fn reported(n: usize, sector: &str, day: jiff::civil::Date) -> Event {
    let at = day.at(12, 0, 0, 0).in_tz("Asia/Karachi").unwrap().timestamp();
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
        case: CaseId::parse(&format!("C-{n:07}")).unwrap(),
        at,
        actor: None,
        kind: EventKind::Reported {
            complainant: Complainant::Public,
            allegation: Box::new(Allegation {
                accused: ParticipantId::parse(if n.is_multiple_of(2) { "AFG" } else { "PAK" }).unwrap(),
                provisions: vec![ProvisionId::parse("P1").unwrap()],
                acts: vec![ActType::ShellingArtillery],
                occurred_at: at,
                occurred_until: None,
                time_precision: Default::default(),
                location: None,
                summary: "Fire on a post".into(),
                narrative: String::new(),
                casualties: Casualties::default(),
                evidence: vec![],
            }),
            acknowledge_by: at,
            placement: Some(Box::new(placement)),
        },
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().expect("a number of cases")).collect();
    let config = config();
    let first = date(2020, 1, 1);
    for &size in &sizes {
        // `size` cases over years of history, a few a day per sector, then a
        // burst of twelve in sector 3 on the last day.
        let mut docket = Docket::without_history();
        let days = (size / 24).max(1);
        for n in 0..size {
            let day = first.checked_add(Span::new().days(i64::try_from(n % days).unwrap())).unwrap();
            docket.apply(&reported(n, SECTORS[n % SECTORS.len()], day)).unwrap();
        }
        let last = first.checked_add(Span::new().days(i64::try_from(days).unwrap())).unwrap();
        for k in 0..12 {
            docket.apply(&reported(size + k, "PK-AF-S3", last)).unwrap();
        }
        let key = early_warning::SeriesKey { sector: "PK-AF-S3".into(), basis: Basis::Filed, act: None, accused: None };
        let alert = early_warning::signal(&config, docket.cases(), &key, early_warning::Method::Poisson, last).unwrap();
        assert!(alert.flagged, "the burst is an alert");
        let from = early_warning::first_day_read(&config, last).unwrap();
        let rounds = 20;
        let (mut whole, mut indexed) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let t = Instant::now();
            early_warning::check_alert(&config, docket.cases(), &alert).unwrap();
            whole.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            early_warning::check_alert(&config, docket.cases_in_sector("PK-AF-S3", from, last), &alert).unwrap();
            indexed.push(t.elapsed().as_secs_f64() * 1e3);
        }
        whole.sort_by(f64::total_cmp);
        indexed.sort_by(f64::total_cmp);
        println!(
            "{size:>8} cases: check of one alert, median of {rounds}: every case (main) {:.3} ms; indexed sector and days {:.3} ms",
            whole[rounds / 2],
            indexed[rounds / 2]
        );
    }
}
