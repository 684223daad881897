//! Compliance statistics over a set of cases.
//!
//! Counts are taken per party, per provision and per ISO week of the
//! incident, so that the public pages and the periodic reports read the same
//! numbers. Outcomes count only once a finding is final: a finding still open
//! to appeal is not yet a fact about a party.
//!
//! # The compliance index
//!
//! One number per party, from 0 to 100 (higher is better), over a period:
//!
//! ```text
//! index = 100 × (0.6 × conduct + 0.2 × cooperation + 0.2 × remedy)
//! conduct     = 1 / (1 + severity points of final violations per week)
//!               (minor = 1, serious = 2, grave = 3 points)
//! cooperation = replies given on time / replies requested   (1 if none)
//! remedy      = penalties complied with / penalties whose compliance
//!               was recorded                                 (1 if none)
//! ```
//!
//! A party with no violations that answers every request scores 100. One
//! serious violation a week halves conduct (→ 60 with full cooperation).
//! Conduct weighs most because it is what the ceasefire is about; the other
//! two reward engaging with the mechanism, which is what makes it work.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::agreement::Agreement;
use crate::case::{Case, Occurrence, Status};
use crate::docket::Docket;
use crate::ids::{ParticipantId, ProvisionId};
use crate::vocab::Severity;

/// Counts of cases by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Allegations, not counting duplicates merged into another case.
    pub reported: u32,
    /// Duplicates merged into another case.
    pub duplicates: u32,
    /// Ruled admissible.
    pub admissible: u32,
    /// Ruled inadmissible.
    pub inadmissible: u32,
    /// Final findings: occurrence confirmed.
    pub confirmed: u32,
    /// Final findings: a violation attributed to a party.
    pub attributed: u32,
    /// Final findings: occurrence not confirmed.
    pub not_confirmed: u32,
    /// Final findings: inconclusive.
    pub inconclusive: u32,
    /// Dismissed: inadmissible or not confirmed.
    pub dismissed: u32,
    /// Replies that became overdue.
    pub overdue_replies: u32,
}

/// Statistics for one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyStats {
    /// The party.
    pub party: ParticipantId,
    /// Allegations it filed.
    pub filed: u32,
    /// Counts of allegations against it; `attributed` counts violations attributed to it.
    pub against: Counts,
    /// Severity points of final violations attributed to it.
    pub severity_points: u32,
    /// Replies requested from it.
    pub replies_requested: u32,
    /// Replies it gave on time.
    pub replies_on_time: u32,
    /// Penalties it complied with.
    pub penalties_complied: u32,
    /// Penalties it did not comply with.
    pub penalties_not_complied: u32,
    /// The compliance index, 0–100.
    pub compliance_index: u32,
}

/// Statistics for one provision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionStats {
    /// The provision.
    pub provision: ProvisionId,
    /// Allegations citing it.
    pub alleged: u32,
    /// Of those, admissible.
    pub admissible: u32,
    /// Final findings of a breach of it.
    pub breached: u32,
}

/// Statistics for one ISO week (of the incident's date, UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekStats {
    /// ISO week, such as `2025-W42`.
    pub week: String,
    /// Allegations of incidents in that week.
    pub reported: u32,
    /// Final confirmed incidents in that week.
    pub confirmed: u32,
    /// Final violations in that week, by responsible party.
    pub violations_by_party: BTreeMap<ParticipantId, u32>,
}

/// All statistics over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// Start of the period (incidents on or after).
    pub from: Timestamp,
    /// End of the period (incidents before).
    pub until: Timestamp,
    /// Totals.
    pub overall: Counts,
    /// Median days from filing to determination, over determined cases.
    pub median_days_to_determination: Option<f64>,
    /// Per party, in id order.
    pub parties: Vec<PartyStats>,
    /// Per provision, in agreement order.
    pub provisions: Vec<ProvisionStats>,
    /// Per week, oldest first, only weeks with cases.
    pub weeks: Vec<WeekStats>,
}

fn severity_points(s: Severity) -> u32 {
    match s {
        Severity::Minor => 1,
        Severity::Serious => 2,
        Severity::Grave => 3,
    }
}

fn final_occurrence(case: &Case) -> Option<Occurrence> {
    case.final_at?;
    case.finding.as_ref().map(|f| f.occurrence)
}

fn count(case: &Case, c: &mut Counts) {
    if case.status == Status::Merged {
        c.duplicates += 1;
        return;
    }
    c.reported += 1;
    if case.milestones.admitted {
        c.admissible += 1;
    }
    if case.status == Status::Inadmissible || case.milestones.ruled_inadmissible {
        c.inadmissible += 1;
        c.dismissed += 1;
    }
    match final_occurrence(case) {
        Some(Occurrence::Confirmed) => {
            c.confirmed += 1;
            if case.violator().is_some() {
                c.attributed += 1;
            }
        }
        Some(Occurrence::NotConfirmed) => {
            c.not_confirmed += 1;
            c.dismissed += 1;
        }
        Some(Occurrence::Inconclusive) => c.inconclusive += 1,
        None => {}
    }
    if case.milestones.reply_overdue {
        c.overdue_replies += 1;
    }
}

/// Computes statistics over the cases whose incident falls in `[from, until)`.
pub fn compute(agreement: &Agreement, docket: &Docket, from: Timestamp, until: Timestamp) -> Statistics {
    compute_over(agreement, docket.cases(), from, until)
}

/// Like [`compute`], over any set of cases (such as those a reader may see).
pub fn compute_over<'a>(
    agreement: &Agreement,
    cases: impl Iterator<Item = &'a Case>,
    from: Timestamp,
    until: Timestamp,
) -> Statistics {
    // One pass over the cases: the writer recomputes these over the whole
    // docket, so each case is visited once, whatever the number of
    // parties and provisions.
    let party_ids: Vec<&ParticipantId> = agreement.parties().map(|p| &p.id).collect();
    let mut parties: Vec<PartyStats> = party_ids
        .iter()
        .map(|id| PartyStats {
            party: (*id).clone(),
            filed: 0,
            against: Counts::default(),
            severity_points: 0,
            replies_requested: 0,
            replies_on_time: 0,
            penalties_complied: 0,
            penalties_not_complied: 0,
            compliance_index: 0,
        })
        .collect();
    let mut provisions: Vec<ProvisionStats> = agreement
        .provisions
        .iter()
        .map(|p| ProvisionStats { provision: p.id.clone(), alleged: 0, admissible: 0, breached: 0 })
        .collect();
    let mut overall = Counts::default();
    let mut days: Vec<f64> = Vec::new();
    let mut weeks: BTreeMap<(i16, i8), WeekStats> = BTreeMap::new();
    // A violation may be attributed to a party other than the one accused:
    // `attributed` counts by attribution, not by accusation (per party, in
    // the order of `parties`).
    let mut attributed = vec![0u32; parties.len()];

    for case in cases.filter(|c| c.allegation.occurred_at >= from && c.allegation.occurred_at < until) {
        count(case, &mut overall);
        if let Some(determined) = case.determined_at {
            let secs = determined.duration_since(case.filed_at).as_secs_f64();
            days.push(secs / 86_400.0);
        }
        let merged = case.status == Status::Merged;
        let violator = case.violator();
        let complainant = case.complainant.participant();
        for ((s, id), attributed) in parties.iter_mut().zip(&party_ids).zip(&mut attributed) {
            if complainant == Some(*id) && !merged {
                s.filed += 1;
            }
            if &case.allegation.accused == *id {
                count(case, &mut s.against);
                if case.milestones.reply_requested {
                    s.replies_requested += 1;
                }
                if case.milestones.replied {
                    s.replies_on_time += 1;
                }
            }
            if violator == Some(*id) {
                *attributed += 1;
                if let Some(sev) = case.finding.as_ref().and_then(|f| f.severity) {
                    s.severity_points += severity_points(sev);
                }
            }
            if case.penalty.as_ref().is_some_and(|p| &p.party == *id) {
                match case.complied {
                    Some(true) => s.penalties_complied += 1,
                    Some(false) => s.penalties_not_complied += 1,
                    None => {}
                }
            }
        }
        if merged {
            continue;
        }
        let breached = case.finding.as_ref().filter(|_| violator.is_some()).map(|f| &f.provisions_breached);
        for s in &mut provisions {
            if case.allegation.provisions.contains(&s.provision) {
                s.alleged += 1;
                if case.milestones.admitted {
                    s.admissible += 1;
                }
            }
            if breached.is_some_and(|b| b.contains(&s.provision)) {
                s.breached += 1;
            }
        }
        let date = jiff::tz::Offset::UTC.to_datetime(case.allegation.occurred_at).date().iso_week_date();
        let key = (date.year(), date.week());
        let w = weeks.entry(key).or_insert_with(|| WeekStats {
            week: format!("{:04}-W{:02}", key.0, key.1),
            reported: 0,
            confirmed: 0,
            violations_by_party: BTreeMap::new(),
        });
        w.reported += 1;
        if final_occurrence(case) == Some(Occurrence::Confirmed) {
            w.confirmed += 1;
        }
        if let Some(party) = violator {
            *w.violations_by_party.entry(party.clone()).or_insert(0) += 1;
        }
    }

    days.sort_by(f64::total_cmp);
    let median_days_to_determination = median(&days);
    let weeks_in_period = (until.duration_since(from).as_secs_f64() / (7.0 * 86_400.0)).max(1.0);
    for (s, attributed) in parties.iter_mut().zip(attributed) {
        s.against.attributed = attributed;
        let conduct = 1.0 / (1.0 + f64::from(s.severity_points) / weeks_in_period);
        let cooperation = ratio(s.replies_on_time, s.replies_requested);
        let remedy = ratio(s.penalties_complied, s.penalties_complied + s.penalties_not_complied);
        let index = 100.0 * (0.6 * conduct + 0.2 * cooperation + 0.2 * remedy);
        s.compliance_index = index.round().clamp(0.0, 100.0) as u32;
    }

    Statistics {
        from,
        until,
        overall,
        median_days_to_determination,
        parties,
        provisions,
        weeks: weeks.into_values().collect(),
    }
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 { 1.0 } else { f64::from(part) / f64::from(whole) }
}

fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let value = if n % 2 == 1 { *sorted.get(mid)? } else { (sorted.get(mid - 1)? + sorted.get(mid)?) / 2.0 };
    Some(value)
}
