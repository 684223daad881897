//! The penalty engine: from a final finding and the party's record to a
//! proposed measure, with every step explained.
//!
//! The engine only proposes; the mediators decide (and must give a reason to
//! depart from the proposal). Because every party replays the log with the
//! same engine, the proposal is a pure function of (agreement, the party's
//! earlier final findings, this finding): same inputs, same bytes out.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::agreement::Agreement;
use crate::case::Finding;
use crate::ids::{CaseId, ParticipantId, RuleId};
use crate::vocab::Severity;

/// An earlier confirmed violation on a party's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorViolation {
    /// The case it was found in.
    pub case: CaseId,
    /// The party responsible.
    pub party: ParticipantId,
    /// When the incident happened.
    pub occurred_at: Timestamp,
    /// Its severity.
    pub severity: Severity,
}

/// The engine's proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PenaltyProposal {
    /// The party it applies to.
    pub party: ParticipantId,
    /// The proposed ladder level.
    pub level: u32,
    /// The measure's id.
    pub measure: RuleId,
    /// The measure in words.
    pub measure_title: String,
    /// Each step of the reasoning, in order.
    pub steps: Vec<String>,
}

impl PenaltyProposal {
    /// The whole explanation on one line, steps joined by "; ".
    pub fn explanation(&self) -> String {
        self.steps.join("; ")
    }
}

/// Why the engine cannot propose a penalty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PenaltyError {
    /// The finding does not attribute a violation to a party.
    #[error("the finding does not attribute a confirmed violation to a party")]
    NotAViolation,
    /// The finding has no severity.
    #[error("the finding has no severity")]
    NoSeverity,
    /// The ladder has no rung at the computed level.
    #[error("the penalty ladder has no level {level}")]
    NoRung {
        /// The level.
        level: u32,
    },
}

/// Proposes a penalty for `finding` (about an incident at `occurred_at`, in
/// `case`) given the party's `record` of earlier final findings.
pub fn propose(
    agreement: &Agreement,
    record: &[PriorViolation],
    case: &CaseId,
    occurred_at: Timestamp,
    finding: &Finding,
) -> Result<PenaltyProposal, PenaltyError> {
    let rules = &agreement.penalties;
    let attribution =
        finding.attribution.as_ref().filter(|_| finding.is_violation()).ok_or(PenaltyError::NotAViolation)?;
    let party = &attribution.party;
    let severity = finding.severity.ok_or(PenaltyError::NoSeverity)?;
    let mut steps = Vec::new();

    let base = rules.base_level.get(&severity).copied().unwrap_or(1);
    steps.push(format!("severity {} → base level {base}", severity.as_str()));

    let window = rules.recidivism.window;
    let from = occurred_at.checked_sub(window).unwrap_or(Timestamp::MIN);
    let mut earlier: Vec<&PriorViolation> = record
        .iter()
        .filter(|v| &v.party == party && &v.case != case && v.occurred_at >= from && v.occurred_at < occurred_at)
        .collect();
    earlier.sort_by(|a, b| (a.occurred_at, &a.case).cmp(&(b.occurred_at, &b.case)));
    let count = u32::try_from(earlier.len()).unwrap_or(u32::MAX);
    let raw_step = count.saturating_mul(rules.recidivism.step);
    let recidivism = raw_step.min(rules.recidivism.max_step);
    let window_words = days(window);
    if earlier.is_empty() {
        steps.push(format!("no earlier confirmed violation by {party} within {window_words} → +0"));
    } else {
        let cases: Vec<String> =
            earlier.iter().map(|v| format!("{} on {}", v.case, v.occurred_at.strftime("%Y-%m-%d"))).collect();
        let noun = if count == 1 { "violation" } else { "violations" };
        let capped =
            if raw_step > recidivism { format!(" (limited to +{})", rules.recidivism.max_step) } else { String::new() };
        steps.push(format!(
            "{count} earlier confirmed {noun} by {party} within {window_words} ({}) → +{recidivism}{capped}",
            cases.join(", ")
        ));
    }

    let mut aggravation = 0u32;
    for factor in finding.aggravating_factors() {
        if let Some(step) = rules.aggravating.get(&factor) {
            steps.push(format!("aggravating: {} → +{step}", factor.describe()));
            aggravation = aggravation.saturating_add(*step);
        }
    }

    let total = base.saturating_add(recidivism).saturating_add(aggravation);
    let level = total.min(rules.cap);
    if total > rules.cap {
        steps.push(format!("{total} is above the cap {} → level {level}", rules.cap));
    } else {
        steps.push(format!("total {total}, within the cap {}", rules.cap));
    }
    let rung = rules.rung(level).ok_or(PenaltyError::NoRung { level })?;
    steps.push(format!("level {level}: {}", rung.measure));
    Ok(PenaltyProposal {
        party: party.clone(),
        level,
        measure: rung.id.clone(),
        measure_title: rung.measure.clone(),
        steps,
    })
}

/// A duration in words for explanations and summaries: "90 days", "1 day"
/// or "36 hours".
pub fn days(d: SignedDuration) -> String {
    let secs = d.as_secs();
    if secs % 86_400 == 0 {
        let n = secs / 86_400;
        if n == 1 { "1 day".to_owned() } else { format!("{n} days") }
    } else {
        format!("{} hours", secs / 3_600)
    }
}
