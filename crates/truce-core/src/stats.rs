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

use crate::access::{self, CaseParties, Viewer};
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
    /// Allegations withdrawn by their filer.
    #[serde(default)]
    pub withdrawn: u32,
    /// Allegations that state no casualty figure at all: unknown, which is
    /// never counted as zero.
    #[serde(default)]
    pub casualties_not_stated: u32,
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

/// Whether a case is being counted in or taken out of a [`Tally`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Step {
    In,
    Out,
}

impl Step {
    fn bump(self, n: &mut u32) {
        self.bump_by(n, 1);
    }

    fn bump_by(self, n: &mut u32, by: u32) {
        match self {
            Step::In => *n += by,
            // A case is only taken out after it was counted in, so this
            // never goes below zero; saturating keeps a bug from wrapping.
            Step::Out => *n = n.saturating_sub(by),
        }
    }
}

fn count(case: &Case, c: &mut Counts, step: Step) {
    if case.status == Status::Merged {
        step.bump(&mut c.duplicates);
        return;
    }
    step.bump(&mut c.reported);
    if case.status == Status::Withdrawn {
        step.bump(&mut c.withdrawn);
    }
    if case.allegation.casualties.is_unknown() {
        step.bump(&mut c.casualties_not_stated);
    }
    if case.milestones.admitted {
        step.bump(&mut c.admissible);
    }
    if case.status == Status::Inadmissible || case.milestones.ruled_inadmissible {
        step.bump(&mut c.inadmissible);
        step.bump(&mut c.dismissed);
    }
    match final_occurrence(case) {
        Some(Occurrence::Confirmed) => {
            step.bump(&mut c.confirmed);
            if case.violator().is_some() {
                step.bump(&mut c.attributed);
            }
        }
        Some(Occurrence::NotConfirmed) => {
            step.bump(&mut c.not_confirmed);
            step.bump(&mut c.dismissed);
        }
        Some(Occurrence::Inconclusive) => step.bump(&mut c.inconclusive),
        None => {}
    }
    if case.milestones.reply_overdue {
        step.bump(&mut c.overdue_replies);
    }
}

/// One party's running counts, whether or not the agreement names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct PartyTally {
    filed: u32,
    against: Counts,
    /// Final violations attributed to it (by attribution, not accusation).
    attributed: u32,
    severity_points: u32,
    replies_requested: u32,
    replies_on_time: u32,
    penalties_complied: u32,
    penalties_not_complied: u32,
}

/// One ISO week's running counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct WeekTally {
    reported: u32,
    confirmed: u32,
    violations_by_party: BTreeMap<ParticipantId, u32>,
}

/// Days from filing to determination, ordered as `f64::total_cmp` orders
/// them, so that a multiset of them yields the median.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Days(f64);

impl PartialEq for Days {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}
impl Eq for Days {}
impl PartialOrd for Days {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Days {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A multiset of [`Days`] that answers its median without a pass over it.
///
/// The smaller half is kept apart from the larger (`lower` holds the
/// smallest ⌈n/2⌉ values, `upper` the rest), so the median is the largest
/// of `lower` (and, for an even count, the smallest of `upper`): the same
/// positions a sorted list would give, found in logarithmic time however
/// many cases were determined. Equal values are interchangeable, so the
/// split of a given multiset is always the same.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Median {
    lower: BTreeMap<Days, u32>,
    lower_n: u64,
    upper: BTreeMap<Days, u32>,
    upper_n: u64,
}

fn add(set: &mut BTreeMap<Days, u32>, n: &mut u64, d: Days) {
    *set.entry(d).or_insert(0) += 1;
    *n += 1;
}

/// Takes one `d` out of `set`; whether it held one.
fn take(set: &mut BTreeMap<Days, u32>, n: &mut u64, d: Days) -> bool {
    let Some(k) = set.get_mut(&d) else { return false };
    *k -= 1;
    if *k == 0 {
        set.remove(&d);
    }
    *n -= 1;
    true
}

impl Median {
    fn insert(&mut self, d: Days) {
        match self.lower.last_key_value() {
            Some((&max, _)) if d > max => add(&mut self.upper, &mut self.upper_n, d),
            _ => add(&mut self.lower, &mut self.lower_n, d),
        }
        self.balance();
    }

    fn remove(&mut self, d: Days) {
        // A value in both halves (equal to the split) may leave either.
        if !take(&mut self.lower, &mut self.lower_n, d) {
            take(&mut self.upper, &mut self.upper_n, d);
        }
        self.balance();
    }

    /// Restores `lower_n` = ⌈n/2⌉ by moving values across the split,
    /// which keeps every value of `lower` at most every value of `upper`.
    fn balance(&mut self) {
        while self.lower_n > self.upper_n + 1 {
            let Some((&max, _)) = self.lower.last_key_value() else { break };
            take(&mut self.lower, &mut self.lower_n, max);
            add(&mut self.upper, &mut self.upper_n, max);
        }
        while self.upper_n > self.lower_n {
            let Some((&min, _)) = self.upper.first_key_value() else { break };
            take(&mut self.upper, &mut self.upper_n, min);
            add(&mut self.lower, &mut self.lower_n, min);
        }
    }

    fn median(&self) -> Option<f64> {
        let low = self.lower.last_key_value()?.0.0;
        if self.lower_n > self.upper_n { Some(low) } else { Some((low + self.upper.first_key_value()?.0.0) / 2.0) }
    }
}

/// Statistics kept up to date case by case.
///
/// Every number in [`Statistics`] is a sum over cases (the median is taken
/// from a multiset), so a case that changes is taken out as it was and
/// counted in as it is now, and the statistics over every case cost no
/// pass over the docket. [`crate::Docket`] keeps one in step with its
/// cases; [`compute_over`] counts a given set of cases into a fresh one, so
/// both paths share this one definition of each number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    overall: Counts,
    parties: BTreeMap<ParticipantId, PartyTally>,
    provisions: BTreeMap<ProvisionId, ProvisionStats>,
    weeks: BTreeMap<(i16, i8), WeekTally>,
    days: Median,
    /// The earliest and latest incident ever counted in. An incident's time
    /// is fixed when its case is filed and a docket never drops a case, so
    /// over a docket these are exact; over a tally cases leave, they bound.
    earliest: Option<Timestamp>,
    latest: Option<Timestamp>,
}

impl Tally {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts `case` in.
    pub fn count_in(&mut self, case: &Case) {
        self.step(case, Step::In);
    }

    /// Takes out `case`, as it was when it was counted in.
    pub fn count_out(&mut self, case: &Case) {
        self.step(case, Step::Out);
    }

    /// The earliest and latest incident counted in, if any.
    pub fn incident_range(&self) -> Option<(Timestamp, Timestamp)> {
        Some((self.earliest?, self.latest?))
    }

    fn step(&mut self, case: &Case, step: Step) {
        let at = case.allegation.occurred_at;
        if step == Step::In {
            self.earliest = Some(self.earliest.map_or(at, |e| e.min(at)));
            self.latest = Some(self.latest.map_or(at, |l| l.max(at)));
        }
        count(case, &mut self.overall, step);
        if let Some(determined) = case.determined_at {
            let days = Days(determined.duration_since(case.filed_at).as_secs_f64() / 86_400.0);
            match step {
                Step::In => self.days.insert(days),
                Step::Out => self.days.remove(days),
            }
        }
        let merged = case.status == Status::Merged;
        let violator = case.violator();
        if let Some(complainant) = case.complainant.participant().filter(|_| !merged) {
            step.bump(&mut self.party(complainant).filed);
        }
        {
            let accused = self.party(&case.allegation.accused);
            count(case, &mut accused.against, step);
            if case.milestones.reply_requested {
                step.bump(&mut accused.replies_requested);
            }
            if case.milestones.replied {
                step.bump(&mut accused.replies_on_time);
            }
        }
        if let Some(v) = violator {
            let party = self.party(v);
            step.bump(&mut party.attributed);
            if let Some(sev) = case.finding.as_ref().and_then(|f| f.severity) {
                step.bump_by(&mut party.severity_points, severity_points(sev));
            }
        }
        if let Some(penalty) = &case.penalty {
            match case.complied {
                Some(true) => step.bump(&mut self.party(&penalty.party).penalties_complied),
                Some(false) => step.bump(&mut self.party(&penalty.party).penalties_not_complied),
                None => {}
            }
        }
        if merged {
            return;
        }
        let alleged = &case.allegation.provisions;
        for (i, id) in alleged.iter().enumerate() {
            // A provision cited twice counts once.
            if alleged.get(..i).is_some_and(|before| before.contains(id)) {
                continue;
            }
            let s = self.provision(id);
            step.bump(&mut s.alleged);
            if case.milestones.admitted {
                step.bump(&mut s.admissible);
            }
        }
        if let Some(breached) = case.finding.as_ref().filter(|_| violator.is_some()).map(|f| &f.provisions_breached) {
            for (i, id) in breached.iter().enumerate() {
                if !breached.get(..i).is_some_and(|before| before.contains(id)) {
                    step.bump(&mut self.provision(id).breached);
                }
            }
        }
        let date = jiff::tz::Offset::UTC.to_datetime(at).date().iso_week_date();
        let key = (date.year(), date.week());
        let w = self.weeks.entry(key).or_default();
        step.bump(&mut w.reported);
        if final_occurrence(case) == Some(Occurrence::Confirmed) {
            step.bump(&mut w.confirmed);
        }
        if let Some(party) = violator {
            let n = w.violations_by_party.entry(party.clone()).or_insert(0);
            step.bump(n);
            if *n == 0 {
                w.violations_by_party.remove(party);
            }
        }
        // Only weeks with cases are listed.
        if w.reported == 0 {
            self.weeks.remove(&key);
        }
    }

    fn party(&mut self, id: &ParticipantId) -> &mut PartyTally {
        self.parties.entry(id.clone()).or_default()
    }

    fn provision(&mut self, id: &ProvisionId) -> &mut ProvisionStats {
        self.provisions.entry(id.clone()).or_insert_with(|| ProvisionStats {
            provision: id.clone(),
            alleged: 0,
            admissible: 0,
            breached: 0,
        })
    }

    /// The statistics over the cases counted in, for the period `[from,
    /// until)` (which sets the weeks the conduct score is spread over), per
    /// party and provision of `agreement`.
    pub fn statistics(&self, agreement: &Agreement, from: Timestamp, until: Timestamp) -> Statistics {
        let weeks_in_period = (until.duration_since(from).as_secs_f64() / (7.0 * 86_400.0)).max(1.0);
        let parties = agreement
            .parties()
            .map(|p| {
                let t = self.parties.get(&p.id).cloned().unwrap_or_default();
                let mut against = t.against;
                against.attributed = t.attributed;
                let conduct = 1.0 / (1.0 + f64::from(t.severity_points) / weeks_in_period);
                let cooperation = ratio(t.replies_on_time, t.replies_requested);
                let remedy = ratio(t.penalties_complied, t.penalties_complied + t.penalties_not_complied);
                let index = 100.0 * (0.6 * conduct + 0.2 * cooperation + 0.2 * remedy);
                PartyStats {
                    party: p.id.clone(),
                    filed: t.filed,
                    against,
                    severity_points: t.severity_points,
                    replies_requested: t.replies_requested,
                    replies_on_time: t.replies_on_time,
                    penalties_complied: t.penalties_complied,
                    penalties_not_complied: t.penalties_not_complied,
                    compliance_index: index.round().clamp(0.0, 100.0) as u32,
                }
            })
            .collect();
        let provisions = agreement
            .provisions
            .iter()
            .map(|p| {
                self.provisions.get(&p.id).cloned().unwrap_or_else(|| ProvisionStats {
                    provision: p.id.clone(),
                    alleged: 0,
                    admissible: 0,
                    breached: 0,
                })
            })
            .collect();
        let weeks = self
            .weeks
            .iter()
            .map(|(key, w)| WeekStats {
                week: format!("{:04}-W{:02}", key.0, key.1),
                reported: w.reported,
                confirmed: w.confirmed,
                violations_by_party: w.violations_by_party.clone(),
            })
            .collect();
        Statistics {
            from,
            until,
            overall: self.overall.clone(),
            median_days_to_determination: self.median_days(),
            parties,
            provisions,
            weeks,
        }
    }

    fn median_days(&self) -> Option<f64> {
        self.days.median()
    }
}

/// Computes statistics over the cases whose incident falls in `[from, until)`.
pub fn compute(agreement: &Agreement, docket: &Docket, from: Timestamp, until: Timestamp) -> Statistics {
    // The docket's own tally serves a period that holds every case.
    match docket.tally().incident_range() {
        Some((earliest, latest)) if from <= earliest && latest < until => {
            docket.tally().statistics(agreement, from, until)
        }
        _ => compute_over(agreement, docket.cases(), from, until),
    }
}

/// Like [`compute`], over any set of cases (such as those a reader may see).
pub fn compute_over<'a>(
    agreement: &Agreement,
    cases: impl Iterator<Item = &'a Case>,
    from: Timestamp,
    until: Timestamp,
) -> Statistics {
    let mut tally = Tally::new();
    for case in cases.filter(|c| c.allegation.occurred_at >= from && c.allegation.occurred_at < until) {
        tally.count_in(case);
    }
    tally.statistics(agreement, from, until)
}

fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 { 1.0 } else { f64::from(part) / f64::from(whole) }
}

/// One kind of reader's statistics kept case by case: the tally of the
/// cases it may see, and the times of their incidents, which set the
/// period the statistics cover (from the earliest incident to a second
/// after the latest). A case that leaves the reader's sight (reopened, so
/// no longer published) takes its incident time with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct ReaderTally {
    tally: Tally,
    incidents: BTreeMap<Timestamp, u32>,
}

impl ReaderTally {
    fn count_in(&mut self, case: &Case) {
        self.tally.count_in(case);
        *self.incidents.entry(case.allegation.occurred_at).or_insert(0) += 1;
    }

    fn count_out(&mut self, case: &Case) {
        self.tally.count_out(case);
        let at = case.allegation.occurred_at;
        if let Some(n) = self.incidents.get_mut(&at) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.incidents.remove(&at);
            }
        }
    }

    fn statistics(&self, agreement: &Agreement) -> Option<Statistics> {
        let (&from, _) = self.incidents.first_key_value()?;
        let (&latest, _) = self.incidents.last_key_value()?;
        let until = latest.checked_add(jiff::SignedDuration::from_secs(1)).unwrap_or(latest);
        Some(self.tally.statistics(agreement, from, until))
    }
}

/// The statistics each kind of reader may read (the mediators, the
/// public, each party, each monitoring team), kept case by case.
///
/// A reader's statistics count only the cases it may see
/// ([`access::may_see_case`]), and which those are changes with a case's
/// status (a case is published once its outcome is settled, and a
/// reopening takes it back). Counting them by reading every such case on
/// each request costs a pass over the whole docket; here each change of a
/// case takes the case out of every reader's tally that saw it as it was
/// and counts it into every one that sees it as it is now, so a read costs
/// the size of the answer (weeks, parties, provisions), never the number
/// of cases.
///
/// A party or team no case names sees exactly what the public sees, so it
/// has no tally of its own until a case names it: it then starts from a
/// copy of the public's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReaderTallies {
    mediators: ReaderTally,
    public: ReaderTally,
    parties: BTreeMap<ParticipantId, ReaderTally>,
    teams: BTreeMap<ParticipantId, ReaderTally>,
}

impl ReaderTallies {
    /// No cases yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tallies of `cases` as they stand.
    pub fn of<'a>(cases: impl Iterator<Item = &'a Case>) -> Self {
        let mut tallies = Self::new();
        for case in cases {
            tallies.change(None, case);
        }
        tallies
    }

    /// Counts a case that changed: `before` as it was (none for a new
    /// case), `after` as it is now.
    pub fn change(&mut self, before: Option<&Case>, after: &Case) {
        for case in before.into_iter().chain(std::iter::once(after)) {
            let named = CaseParties::of(case);
            for id in [Some(named.accused), named.complainant].into_iter().flatten() {
                if !self.parties.contains_key(id) {
                    self.parties.insert(id.clone(), self.public.clone());
                }
            }
            for id in [named.team, named.complainant].into_iter().flatten() {
                if !self.teams.contains_key(id) {
                    self.teams.insert(id.clone(), self.public.clone());
                }
            }
        }
        let step = |tally: &mut ReaderTally, viewer: &Viewer| {
            if let Some(before) = before
                && access::may_see_case(viewer, CaseParties::of(before))
            {
                tally.count_out(before);
            }
            if access::may_see_case(viewer, CaseParties::of(after)) {
                tally.count_in(after);
            }
        };
        step(&mut self.mediators, &Viewer::Mediator);
        step(&mut self.public, &Viewer::Public);
        for (id, tally) in &mut self.parties {
            step(tally, &Viewer::Party(id.clone()));
        }
        for (id, tally) in &mut self.teams {
            step(tally, &Viewer::Team(id.clone()));
        }
    }

    /// How many cases `viewer` may see (merged duplicates included).
    pub fn cases(&self, viewer: &Viewer) -> u64 {
        let o = &self.reader(viewer).tally.overall;
        u64::from(o.reported) + u64::from(o.duplicates)
    }

    fn reader(&self, viewer: &Viewer) -> &ReaderTally {
        match viewer {
            Viewer::Mediator => &self.mediators,
            Viewer::Public => &self.public,
            Viewer::Party(p) => self.parties.get(p).unwrap_or(&self.public),
            Viewer::Team(t) => self.teams.get(t).unwrap_or(&self.public),
        }
    }

    /// The statistics over the cases `viewer` may see, per party and
    /// provision of `agreement`, over the period from the earliest of
    /// their incidents to a second after the latest; `None` when it may
    /// see no case.
    pub fn statistics(&self, agreement: &Agreement, viewer: &Viewer) -> Option<Statistics> {
        self.reader(viewer).statistics(agreement)
    }
}
