//! From TOML text to a validated [`Agreement`], with every problem reported.
//!
//! Two stages, as in "parse, don't validate": serde reads the file into raw
//! structs that mirror it (unknown keys are errors, so a typo never silently
//! drops a rule), then [`Checker`] walks the raw structs, collects a
//! [`Diagnostic`] for each broken rule and builds the typed model only when
//! there are none. Each diagnostic carries the key path and, where the key
//! can be found in the text, its line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::{SignedDuration, Span, SpanRelativeTo, ZonedDateTime};
use serde::Deserialize;

use super::{
    Agreement, Consent, Deadlines, Decision, DecisionRule, EscalationRule, EscalationTrigger, GeoScope, Identity,
    ParityRule, Participant, PenaltyRules, Protocol, Provision, Publication, Recidivism, Rung, Source, Standards,
    TalksRules, WithdrawalRules, Witness, WitnessGroup, WitnessThreshold, Witnessing, Zone,
};
use crate::ids::{AgreementId, ParticipantId, ProvisionId, RankId, RuleId, ZoneId};
use crate::vocab::{
    ActType, AggravatingFactor, AgreementForm, FilerKind, ObligationKind, ParticipantKind, Provenance, Severity,
    StandardOfProof,
};

/// The format line every agreement file starts with.
pub const FORMAT_V1: &str = "truce.agreement/v1";

/// One problem found in an agreement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where: a key path such as `provisions[2].bearers[0]`; empty for the whole file.
    pub path: String,
    /// 1-based line and column of the key's value, where it could be found.
    pub position: Option<(usize, usize)>,
    /// Why it is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}: ")?;
        }
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

/// Every problem found in an agreement file; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s) in the agreement, first: {}", .diagnostics.len(), .diagnostics.first().map(ToString::to_string).unwrap_or_default())]
pub struct AgreementErrors {
    /// The problems, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
}

impl AgreementErrors {
    /// Formats the problems the way a compiler does, one per line, naming `file`.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let at = match d.position {
                Some((line, column)) => format!("{file}:{line}:{column}"),
                None => file.to_owned(),
            };
            let key = if d.path.is_empty() { String::new() } else { format!(" at `{}`", d.path) };
            out.push_str(&format!("error: {at}{key}: {}\n", d.message));
        }
        out
    }
}

// ---------------------------------------------------------------------------
// The raw mirror of the file.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: String,
    agreement: RawIdentity,
    #[serde(default)]
    participants: Vec<RawParticipant>,
    #[serde(default)]
    zones: Vec<RawZone>,
    #[serde(default)]
    provisions: Vec<RawProvision>,
    protocol: RawProtocol,
    penalties: RawPenalties,
    #[serde(default)]
    escalation: Vec<RawEscalation>,
    #[serde(default)]
    consent: Option<RawConsent>,
    #[serde(default)]
    talks: Option<RawTalks>,
    #[serde(default)]
    withdrawal: Option<RawWithdrawal>,
    #[serde(default)]
    witnessing: Option<RawWitnessing>,
    #[serde(default)]
    early_warning: Option<RawEarlyWarning>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEarlyWarning {
    provenance: Provenance,
    #[serde(default = "utc")]
    time_zone: String,
    #[serde(default = "violent_acts")]
    acts: Vec<ActType>,
    #[serde(default = "both_bases")]
    bases: Vec<crate::early_warning::Basis>,
    #[serde(default = "all_breakdowns")]
    breakdowns: Vec<crate::early_warning::Breakdown>,
    #[serde(default = "four_weeks")]
    baseline_days: i64,
    #[serde(default = "one_week")]
    guard_days: i64,
    min_baseline: f64,
    min_count: i64,
    #[serde(default = "one_week")]
    repeat_after_days: i64,
    #[serde(default)]
    surge: Option<RawSurge>,
    #[serde(default)]
    poisson: Option<RawPoisson>,
    #[serde(default)]
    ewma: Option<RawEwma>,
    #[serde(default)]
    cusum: Option<RawCusum>,
}

fn utc() -> String {
    "UTC".to_owned()
}

/// ACLED's "violent events": battles, explosions and remote violence,
/// violence against civilians.
fn violent_acts() -> Vec<ActType> {
    vec![
        ActType::ArmedClash,
        ActType::ShellingArtillery,
        ActType::AirDroneStrike,
        ActType::GroundIncursion,
        ActType::Ied,
        ActType::SuicideBombing,
        ActType::AttackOnCivilians,
        ActType::Abduction,
    ]
}

fn both_bases() -> Vec<crate::early_warning::Basis> {
    vec![crate::early_warning::Basis::Filed, crate::early_warning::Basis::Confirmed]
}

fn all_breakdowns() -> Vec<crate::early_warning::Breakdown> {
    use crate::early_warning::Breakdown;
    vec![Breakdown::Total, Breakdown::Act, Breakdown::Accused]
}

fn four_weeks() -> i64 {
    28
}

fn one_week() -> i64 {
    7
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurge {
    ratio: f64,
    #[serde(default = "four")]
    weeks: i64,
    floor: f64,
}

fn four() -> i64 {
    4
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoisson {
    p: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEwma {
    lambda: f64,
    limit: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCusum {
    shift: f64,
    h: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWitnessing {
    quorum: String,
    #[serde(default)]
    witnesses: Vec<RawWitness>,
    #[serde(default)]
    groups: Vec<RawWitnessGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWitness {
    participant: ParticipantId,
    vkey: String,
    url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWitnessGroup {
    name: String,
    threshold: String,
    members: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithdrawal {
    notice: String,
    stops: String,
    continues: String,
    #[serde(default)]
    refuse_new_cases: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTalks {
    #[serde(default)]
    ranks: Option<Vec<RankId>>,
    #[serde(default)]
    parity: Vec<RawParity>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParity {
    id: RuleId,
    between: Vec<ParticipantId>,
    max_gap: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsent {
    signatories: Vec<ParticipantId>,
    #[serde(default)]
    keys: BTreeMap<ParticipantId, String>,
    #[serde(default)]
    self_signed: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    id: AgreementId,
    title: String,
    form: AgreementForm,
    version: u32,
    signed_at: String,
    effective_at: String,
    ends_at: Option<String>,
    place: String,
    #[serde(default)]
    supersedes: Vec<AgreementId>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    sources: Vec<RawSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParticipant {
    id: ParticipantId,
    kind: ParticipantKind,
    names: BTreeMap<String, String>,
    #[serde(default = "agreed")]
    provenance: Provenance,
}

fn agreed() -> Provenance {
    Provenance::Agreed
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawZone {
    id: ZoneId,
    name: String,
    polygon: Vec<[f64; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum RawScope {
    // Empty braces, not a unit variant: serde ignores extra keys next to the
    // tag of a unit variant, and a stray key must never be dropped silently.
    WholeBorder {},
    BorderBand { km: f64 },
    Zones { zones: Vec<ZoneId> },
    Sectors { sectors: Vec<String> },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvision {
    id: ProvisionId,
    title: String,
    text: String,
    kind: ObligationKind,
    bearers: Vec<ParticipantId>,
    prohibited_acts: Vec<ActType>,
    scope: RawScope,
    valid_from: Option<String>,
    valid_until: Option<String>,
    provenance: Provenance,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProtocol {
    provenance: Provenance,
    may_file: Vec<FilerKind>,
    deadlines: RawDeadlines,
    decision: RawDecision,
    standards: RawStandards,
    publication: RawPublication,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadlines {
    acknowledge: String,
    triage: String,
    reply: String,
    investigation: String,
    appeal: String,
    compliance: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum RawRuleName {
    Chair,
    Consensus,
    KOfN,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    rule: RawRuleName,
    chair: Option<ParticipantId>,
    k: Option<i64>,
    voters: Option<Vec<ParticipantId>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStandards {
    occurrence: StandardOfProof,
    direct_act: StandardOfProof,
    failure_to_prevent: StandardOfProof,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublication {
    findings_delay: String,
    penalties: bool,
    statistics: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPenalties {
    provenance: Provenance,
    ladder: Vec<RawRung>,
    base_level: BTreeMap<Severity, i64>,
    recidivism: RawRecidivism,
    #[serde(default)]
    aggravating: Vec<RawAggravating>,
    cap: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    level: i64,
    id: RuleId,
    measure: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecidivism {
    window: String,
    step: i64,
    max_step: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAggravating {
    factor: AggravatingFactor,
    step: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "snake_case")]
enum RawTrigger {
    ConfirmedViolations {
        count: i64,
        within: String,
    },
    // Empty braces for the same reason as `RawScope::WholeBorder`.
    OverdueReply {},
    NonCompliance {},
    GraveFinding {},
    MissedCommitment {},
    Surge {
        #[serde(default)]
        methods: Vec<crate::early_warning::Method>,
        #[serde(default)]
        sectors: Vec<String>,
        #[serde(default)]
        bases: Vec<crate::early_warning::Basis>,
        #[serde(default)]
        acts: Vec<ActType>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    id: RuleId,
    action: String,
    trigger: RawTrigger,
    provenance: Provenance,
}

// ---------------------------------------------------------------------------
// Parsing and checking.

pub(super) fn parse(text: &str) -> Result<Agreement, AgreementErrors> {
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let position = error.span().map(|span| line_column(text, span.start));
            let message = error.message().trim().to_owned();
            return Err(AgreementErrors { diagnostics: vec![Diagnostic { path: String::new(), position, message }] });
        }
    };
    let mut checker = Checker { text, diagnostics: Vec::new() };
    let agreement = checker.check(raw);
    match agreement {
        Some(agreement) if checker.diagnostics.is_empty() => Ok(agreement),
        _ => Err(AgreementErrors { diagnostics: checker.diagnostics }),
    }
}

/// Whether `key` has the shape of a 32-byte key in standard base64. The
/// core has no cryptography; the node decodes the key before it trusts it.
fn looks_like_public_key(key: &str) -> bool {
    match key.as_bytes().split_last() {
        Some((b'=', body)) => {
            body.len() == 43 && body.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
        }
        _ => false,
    }
}

/// Whether `vkey` has the shape of a witness's cosigner verifier key,
/// `<name>+<8 hex digits>+<base64 of 0x04 and a 32-byte key>`. The key ID is
/// a hash the ledger checks when it reads the policy; the shape is checked
/// here so a typo is caught with the rest of the text.
fn cosigner_vkey_shape(vkey: &str) -> Result<(), &'static str> {
    // The base64 key may itself hold `+`: split off the first two parts only.
    let mut parts = vkey.splitn(3, '+');
    let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err("expected <name>+<key id>+<key>");
    };
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the name is empty or has spaces");
    }
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("the key id is not 8 hex digits");
    }
    // 33 bytes are 44 base64 characters; a first byte of 0x04 (a
    // cosignature/v1 key) makes the first character `B`.
    if key.len() != 44 || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
        return Err("the key is not base64 of 33 bytes");
    }
    if !key.starts_with('B') {
        return Err("the key is not a cosignature/v1 (type 0x04) key");
    }
    Ok(())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Finds the span of the value at `path` (`a.b[2].c`) in the TOML text.
fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(text).ok()?;
    let root_span = table.span();
    let mut current = toml::Spanned::new(root_span, DeValue::Table(table.into_inner()));
    for segment in path.split('.') {
        let (key, indices) = match segment.find('[') {
            Some(at) => (&segment[..at], &segment[at..]),
            None => (segment, ""),
        };
        let next = current.get_ref().get(key)?.clone();
        current = next;
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            let i: usize = index.parse().ok()?;
            let next = current.get_ref().get(i)?.clone();
            current = next;
        }
    }
    Some(line_column(text, current.span().start))
}

struct Checker<'t> {
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        let position = if path.is_empty() { None } else { locate(self.text, &path) };
        self.diagnostics.push(Diagnostic { path, position, message: message.into() });
    }

    fn zoned(&mut self, path: &str, value: &str) -> Option<ZonedDateTime> {
        match value.parse::<ZonedDateTime>() {
            Ok(z) => Some(z),
            Err(e) => {
                self.error(
                    path,
                    format!(
                        "{value:?} is not a date-time with a time zone, such as \
                         \"2025-10-19T00:00:00+03:00[Asia/Qatar]\" ({e})"
                    ),
                );
                None
            }
        }
    }

    fn duration(&mut self, path: &str, value: &str) -> Option<SignedDuration> {
        let parsed = value
            .parse::<Span>()
            .map_err(|e| e.to_string())
            .and_then(|span| span.to_duration(SpanRelativeTo::days_are_24_hours()).map_err(|e| e.to_string()));
        match parsed {
            Ok(d) if d.is_positive() => Some(d),
            Ok(_) => {
                self.error(path, format!("{value:?} must be a positive duration"));
                None
            }
            Err(e) => {
                self.error(
                    path,
                    format!(
                        "{value:?} is not a duration; write it as ISO 8601 (\"P7D\", \"PT48H\") \
                         or friendly (\"7 days\", \"48h\") ({e})"
                    ),
                );
                None
            }
        }
    }

    fn level(&mut self, path: &str, value: i64) -> Option<u32> {
        match u32::try_from(value) {
            Ok(v) if v >= 1 => Some(v),
            _ => {
                self.error(path, format!("{value} is not a level; levels count from 1"));
                None
            }
        }
    }

    fn count(&mut self, path: &str, value: i64) -> Option<u32> {
        match u32::try_from(value) {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(path, format!("{value} must be zero or a positive whole number"));
                None
            }
        }
    }

    fn check(&mut self, raw: RawFile) -> Option<Agreement> {
        if raw.format != FORMAT_V1 {
            self.error("format", format!("{:?} is not a known format; expected {FORMAT_V1:?}", raw.format));
        }
        let identity = self.check_identity(raw.agreement);
        let participants = self.check_participants(raw.participants);
        let zones = self.check_zones(raw.zones);
        let term = identity.as_ref().map(|i| (i.effective_at.timestamp(), i.ends_at.as_ref().map(|e| e.timestamp())));
        let provisions = self.check_provisions(term, raw.provisions, &participants, &zones);
        let protocol = self.check_protocol(raw.protocol, &participants);
        let penalties = self.check_penalties(raw.penalties);
        // Read before the escalation rules: a surge trigger listens to its alerts.
        let had_early_warning = raw.early_warning.is_some();
        let early_warning = raw.early_warning.and_then(|e| self.check_early_warning(e));
        let escalation = self.check_escalation(raw.escalation, early_warning.as_ref(), had_early_warning);
        let consent = self.check_consent(raw.consent, &participants);
        let talks = self.check_talks(raw.talks, &participants);
        let witnessing = raw.witnessing.map(|w| self.check_witnessing(w, &participants));
        let withdrawal = raw.withdrawal.and_then(|w| {
            for (key, text) in [("stops", &w.stops), ("continues", &w.continues)] {
                if text.trim().is_empty() {
                    self.error(format!("withdrawal.{key}"), "must say what it means; it may not be empty");
                }
            }
            let notice = self.duration("withdrawal.notice", &w.notice)?;
            Some(WithdrawalRules {
                notice,
                stops: w.stops,
                continues: w.continues,
                refuse_new_cases: w.refuse_new_cases,
            })
        });
        Some(Agreement {
            identity: identity?,
            participants,
            zones,
            provisions,
            protocol: protocol?,
            penalties: penalties?,
            escalation,
            consent,
            talks,
            withdrawal,
            witnessing,
            early_warning,
        })
    }

    /// A number of the `[early_warning]` table, which must be finite and
    /// within what the rule can use.
    fn real(&mut self, path: &str, value: f64, ok: impl Fn(f64) -> bool, what: &str) -> Option<f64> {
        if value.is_finite() && ok(value) {
            Some(value)
        } else {
            self.error(path, format!("{value} must be {what}"));
            None
        }
    }

    fn check_early_warning(&mut self, raw: RawEarlyWarning) -> Option<crate::early_warning::EarlyWarning> {
        use crate::early_warning::{CusumRule, EarlyWarning, EwmaRule, PoissonRule, SurgeRule};
        let p = "early_warning";
        let time_zone = match jiff::tz::TimeZone::get(&raw.time_zone) {
            Ok(tz) => Some(tz),
            Err(e) => {
                self.error(
                    format!("{p}.time_zone"),
                    format!(
                        "{:?} is not a time zone of the IANA database, such as \"Asia/Karachi\" ({e})",
                        raw.time_zone
                    ),
                );
                None
            }
        };
        for (key, empty) in
            [("acts", raw.acts.is_empty()), ("bases", raw.bases.is_empty()), ("breakdowns", raw.breakdowns.is_empty())]
        {
            if empty {
                self.error(format!("{p}.{key}"), "may not be empty: nothing would be counted");
            }
        }
        let mut seen = BTreeSet::new();
        for (i, act) in raw.acts.iter().enumerate() {
            if !seen.insert(*act) {
                self.error(format!("{p}.acts[{i}]"), format!("{act} is listed twice"));
            }
        }
        let days = |checker: &mut Self, key: &str, value: i64, least: u32| match u32::try_from(value) {
            Ok(v) if v >= least && v <= 366 => Some(v),
            _ => {
                checker
                    .error(format!("{p}.{key}"), format!("{value} must be a whole number of days from {least} to 366"));
                None
            }
        };
        let baseline_days = days(self, "baseline_days", raw.baseline_days, 7);
        let guard_days = days(self, "guard_days", raw.guard_days, 0);
        let repeat_after_days = days(self, "repeat_after_days", raw.repeat_after_days, 1);
        let min_baseline = self.real(
            &format!("{p}.min_baseline"),
            raw.min_baseline,
            |v| v > 0.0,
            "above zero reports a day: against a baseline of zero any report is a surge",
        );
        let min_count = match u32::try_from(raw.min_count) {
            Ok(v) if v >= 1 => Some(v),
            _ => {
                self.error(format!("{p}.min_count"), format!("{} must be at least 1", raw.min_count));
                None
            }
        };
        let surge = raw.surge.map(|s| {
            let ratio = self.real(&format!("{p}.surge.ratio"), s.ratio, |v| v > 1.0, "above 1 (2 is ACLED's)");
            let floor = self.real(&format!("{p}.surge.floor"), s.floor, |v| v >= 0.0, "zero or more reports a week");
            let weeks = match u32::try_from(s.weeks) {
                Ok(w) if (1..=52).contains(&w) => Some(w),
                _ => {
                    self.error(format!("{p}.surge.weeks"), format!("{} must be from 1 to 52 weeks", s.weeks));
                    None
                }
            };
            Some(SurgeRule { ratio: ratio?, weeks: weeks?, floor: floor? })
        });
        let poisson = raw.poisson.map(|r| {
            let p = self.real(&format!("{p}.poisson.p"), r.p, |v| v > 0.0 && v < 1.0, "a chance between 0 and 1");
            Some(PoissonRule { p: p? })
        });
        let ewma = raw.ewma.map(|r| {
            let lambda = self.real(
                &format!("{p}.ewma.lambda"),
                r.lambda,
                |v| v > 0.0 && v <= 1.0,
                "a weight above 0 and at most 1",
            );
            let limit = self.real(&format!("{p}.ewma.limit"), r.limit, |v| v > 0.0, "above zero standard deviations");
            Some(EwmaRule { lambda: lambda?, limit: limit? })
        });
        let cusum = raw.cusum.map(|r| {
            let shift = self.real(&format!("{p}.cusum.shift"), r.shift, |v| v > 1.0, "above 1 (a rise of the rate)");
            let h = self.real(&format!("{p}.cusum.h"), r.h, |v| v > 0.0, "above zero");
            Some(CusumRule { shift: shift?, h: h? })
        });
        if surge.is_none() && poisson.is_none() && ewma.is_none() && cusum.is_none() {
            self.error(p, "names no rule: add [early_warning.surge], .poisson, .ewma or .cusum");
        }
        Some(EarlyWarning {
            provenance: raw.provenance,
            time_zone: time_zone?,
            acts: raw.acts,
            bases: raw.bases,
            breakdowns: raw.breakdowns,
            baseline_days: baseline_days?,
            guard_days: guard_days?,
            min_baseline: min_baseline?,
            min_count: min_count?,
            repeat_after_days: repeat_after_days?,
            // A table given with a wrong number is an error above; the
            // agreement as a whole is then refused.
            surge: surge.flatten(),
            poisson: poisson.flatten(),
            ewma: ewma.flatten(),
            cusum: cusum.flatten(),
        })
    }

    fn check_witnessing(
        &mut self,
        raw: RawWitnessing,
        participants: &BTreeMap<ParticipantId, Participant>,
    ) -> Witnessing {
        // Witnesses and groups share one namespace, as in a tlog-policy.
        let mut names: BTreeSet<String> = BTreeSet::new();
        if raw.witnesses.is_empty() {
            self.error("witnessing.witnesses", "names no witness");
        }
        for (i, witness) in raw.witnesses.iter().enumerate() {
            let at = format!("witnessing.witnesses[{i}]");
            if !participants.contains_key(&witness.participant) {
                self.error(format!("{at}.participant"), format!("{} is not a participant", witness.participant));
            }
            if !names.insert(witness.participant.to_string()) {
                self.error(format!("{at}.participant"), format!("{} has a witness already", witness.participant));
            }
            if let Err(reason) = cosigner_vkey_shape(&witness.vkey) {
                self.error(
                    format!("{at}.vkey"),
                    format!("is not a witness verifier key: {reason}; `truce witness init` prints one"),
                );
            }
            let rest = witness.url.strip_prefix("https://").or_else(|| witness.url.strip_prefix("http://"));
            if !rest.is_some_and(|rest| !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control()))
            {
                self.error(format!("{at}.url"), "must be an http:// or https:// address with no spaces");
            }
        }
        let mut groups = Vec::new();
        for (i, group) in raw.groups.into_iter().enumerate() {
            let at = format!("witnessing.groups[{i}]");
            if group.name.is_empty()
                || group.name == "none"
                || group.name.chars().any(|c| c.is_whitespace() || c == '+' || c == '#')
            {
                self.error(format!("{at}.name"), format!("{:?} cannot name a group", group.name));
            }
            let mut seen = BTreeSet::new();
            for (j, member) in group.members.iter().enumerate() {
                if !names.contains(member) {
                    self.error(
                        format!("{at}.members[{j}]"),
                        format!("{member} is neither a participant with a witness nor a group defined above"),
                    );
                }
                if !seen.insert(member) {
                    self.error(format!("{at}.members[{j}]"), format!("{member} is listed twice"));
                }
            }
            if group.members.is_empty() {
                self.error(format!("{at}.members"), "a group needs members");
            }
            let threshold = match group.threshold.as_str() {
                "all" => Some(WitnessThreshold::All),
                "any" => Some(WitnessThreshold::Any),
                k => match k.parse::<u32>() {
                    Ok(k) if k >= 1 && (k as usize) <= group.members.len() && k.to_string() == group.threshold => {
                        Some(WitnessThreshold::AtLeast(k))
                    }
                    _ => {
                        self.error(
                            format!("{at}.threshold"),
                            format!("{k:?} is not \"all\", \"any\" or a number from 1 to {}", group.members.len()),
                        );
                        None
                    }
                },
            };
            if !names.insert(group.name.clone()) {
                self.error(format!("{at}.name"), format!("{} is already a witness or a group", group.name));
            }
            if let Some(threshold) = threshold {
                groups.push(WitnessGroup { name: group.name, threshold, members: group.members });
            }
        }
        let quorum = (raw.quorum != "none").then_some(raw.quorum);
        if let Some(quorum) = &quorum
            && !names.contains(quorum)
        {
            self.error("witnessing.quorum", format!("{quorum} is neither a participant with a witness nor a group"));
        }
        let witnesses = raw
            .witnesses
            .into_iter()
            .map(|w| Witness { participant: w.participant, vkey: w.vkey, url: w.url })
            .collect();
        Witnessing { witnesses, groups, quorum }
    }

    fn check_talks(
        &mut self,
        raw: Option<RawTalks>,
        participants: &BTreeMap<ParticipantId, Participant>,
    ) -> TalksRules {
        let Some(raw) = raw else { return TalksRules::default() };
        let mut rules = TalksRules::default();
        if let Some(ranks) = raw.ranks {
            if ranks.is_empty() {
                self.error("talks.ranks", "names no rank; leave it out for the default ladder");
            }
            let mut seen = BTreeSet::new();
            for (i, rank) in ranks.iter().enumerate() {
                if !seen.insert(rank) {
                    self.error(format!("talks.ranks[{i}]"), format!("{rank} is listed twice"));
                }
            }
            rules.ranks = ranks;
        }
        let mut ids = BTreeSet::new();
        for (i, rule) in raw.parity.into_iter().enumerate() {
            let at = format!("talks.parity[{i}]");
            if !ids.insert(rule.id.clone()) {
                self.error(format!("{at}.id"), format!("{} is used twice", rule.id));
            }
            if rule.between.len() < 2 {
                self.error(format!("{at}.between"), "a parity rule compares at least two participants");
            }
            for (j, id) in rule.between.iter().enumerate() {
                if !participants.contains_key(id) {
                    self.error(format!("{at}.between[{j}]"), format!("{id} is not a participant"));
                }
            }
            let Some(max_gap) = self.count(&format!("{at}.max_gap"), rule.max_gap) else { continue };
            rules.parity.push(ParityRule { id: rule.id, between: rule.between, max_gap });
        }
        rules
    }

    fn check_consent(
        &mut self,
        raw: Option<RawConsent>,
        participants: &BTreeMap<ParticipantId, Participant>,
    ) -> Consent {
        let Some(raw) = raw else { return Consent::default() };
        if raw.signatories.is_empty() {
            self.error(
                "consent.signatories",
                "names no signatory; an agreement is in force only once its signatories sign",
            );
        }
        let mut seen = BTreeSet::new();
        for (i, id) in raw.signatories.iter().enumerate() {
            if !participants.contains_key(id) {
                self.error(format!("consent.signatories[{i}]"), format!("{id} is not a participant"));
            }
            if !seen.insert(id) {
                self.error(format!("consent.signatories[{i}]"), format!("{id} is listed twice"));
            }
        }
        for (id, key) in &raw.keys {
            if !participants.contains_key(id) {
                self.error(format!("consent.keys.{id}"), format!("{id} is not a participant"));
            }
            if !looks_like_public_key(key) {
                self.error(
                    format!("consent.keys.{id}"),
                    "is not an Ed25519 public key in base64 (44 characters ending in \"=\"); `truce keys new` prints one",
                );
            }
        }
        for (i, kind) in raw.self_signed.iter().enumerate() {
            // A record type: lower-case words joined by dots, ending in a version.
            let (name, version) = kind.rsplit_once(".v").unwrap_or(("", ""));
            let words = !name.is_empty()
                && name.contains('.')
                && name.split('.').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            if !words || version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
                self.error(
                    format!("consent.self_signed[{i}]"),
                    format!("{kind:?} is not a record type such as \"talks.decline_communique.v1\""),
                );
            }
        }
        Consent { signatories: raw.signatories, keys: raw.keys, self_signed: raw.self_signed }
    }

    fn check_identity(&mut self, raw: RawIdentity) -> Option<Identity> {
        if raw.title.trim().is_empty() {
            self.error("agreement.title", "must not be empty");
        }
        if raw.version == 0 {
            self.error("agreement.version", "versions count from 1");
        }
        if raw.supersedes.contains(&raw.id) {
            self.error("agreement.supersedes", format!("the agreement {} cannot supersede itself", raw.id));
        }
        for (i, source) in raw.sources.iter().enumerate() {
            if source.title.trim().is_empty() {
                self.error(format!("agreement.sources[{i}].title"), "must not be empty");
            }
        }
        let signed_at = self.zoned("agreement.signed_at", &raw.signed_at);
        let effective_at = self.zoned("agreement.effective_at", &raw.effective_at);
        let ends_at = match &raw.ends_at {
            Some(s) => Some(self.zoned("agreement.ends_at", s)?),
            None => None,
        };
        if let (Some(effective), Some(end)) = (&effective_at, &ends_at)
            && end.timestamp() <= effective.timestamp()
        {
            self.error("agreement.ends_at", "must be after agreement.effective_at");
        }
        Some(Identity {
            id: raw.id,
            title: raw.title,
            form: raw.form,
            version: raw.version,
            signed_at: signed_at?,
            effective_at: effective_at?,
            ends_at,
            place: raw.place,
            supersedes: raw.supersedes,
            summary: raw.summary,
            sources: raw.sources.into_iter().map(|s| Source { title: s.title, date: s.date }).collect(),
        })
    }

    fn check_participants(&mut self, raw: Vec<RawParticipant>) -> BTreeMap<ParticipantId, Participant> {
        let mut out = BTreeMap::new();
        for (i, p) in raw.into_iter().enumerate() {
            let path = format!("participants[{i}]");
            if !p.names.contains_key("en") {
                self.error(format!("{path}.names"), "needs an English name (`en`); other languages fall back to it");
            }
            for (lang, name) in &p.names {
                if name.trim().is_empty() {
                    self.error(format!("{path}.names.{lang}"), "must not be empty");
                }
            }
            if out.contains_key(&p.id) {
                self.error(format!("{path}.id"), format!("participant {} is listed twice", p.id));
                continue;
            }
            out.insert(p.id.clone(), Participant { id: p.id, kind: p.kind, names: p.names, provenance: p.provenance });
        }
        let parties = out.values().filter(|p| p.kind == ParticipantKind::Party).count();
        if parties < 2 {
            self.error("participants", format!("a ceasefire needs at least two parties; found {parties}"));
        }
        out
    }

    fn check_zones(&mut self, raw: Vec<RawZone>) -> BTreeMap<ZoneId, Zone> {
        let mut out = BTreeMap::new();
        for (i, z) in raw.into_iter().enumerate() {
            let path = format!("zones[{i}]");
            if z.polygon.len() < 3 {
                self.error(
                    format!("{path}.polygon"),
                    format!("a polygon needs at least 3 points; found {}", z.polygon.len()),
                );
            }
            for (j, [lon, lat]) in z.polygon.iter().copied().enumerate() {
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    self.error(
                        format!("{path}.polygon[{j}]"),
                        format!("[{lon}, {lat}] is not a [longitude, latitude] pair in range"),
                    );
                }
            }
            if out.contains_key(&z.id) {
                self.error(format!("{path}.id"), format!("zone {} is declared twice", z.id));
                continue;
            }
            out.insert(z.id.clone(), Zone { id: z.id, name: z.name, polygon: z.polygon });
        }
        out
    }

    fn check_provisions(
        &mut self,
        term: Option<(jiff::Timestamp, Option<jiff::Timestamp>)>,
        raw: Vec<RawProvision>,
        participants: &BTreeMap<ParticipantId, Participant>,
        zones: &BTreeMap<ZoneId, Zone>,
    ) -> Vec<Provision> {
        let mut out: Vec<Provision> = Vec::new();
        if raw.is_empty() {
            self.error("provisions", "an agreement needs at least one provision");
        }
        for (i, p) in raw.into_iter().enumerate() {
            let path = format!("provisions[{i}]");
            if out.iter().any(|q| q.id == p.id) {
                self.error(format!("{path}.id"), format!("provision {} is declared twice", p.id));
            }
            if p.title.trim().is_empty() {
                self.error(format!("{path}.title"), "must not be empty");
            }
            if p.text.trim().is_empty() {
                self.error(format!("{path}.text"), "must not be empty");
            }
            for (j, bearer) in p.bearers.iter().enumerate() {
                if p.bearers.iter().take(j).any(|b| b == bearer) {
                    self.error(format!("{path}.bearers[{j}]"), format!("{bearer} is listed twice"));
                }
            }
            for (j, act) in p.prohibited_acts.iter().enumerate() {
                if p.prohibited_acts.iter().take(j).any(|a| a == act) {
                    self.error(format!("{path}.prohibited_acts[{j}]"), format!("{} is listed twice", act.as_str()));
                }
            }
            if p.bearers.is_empty() {
                self.error(format!("{path}.bearers"), "a provision must bind at least one party");
            }
            for (j, bearer) in p.bearers.iter().enumerate() {
                match participants.get(bearer) {
                    None => self.error(format!("{path}.bearers[{j}]"), unknown_participant(bearer, participants)),
                    Some(q) if q.kind != ParticipantKind::Party => self.error(
                        format!("{path}.bearers[{j}]"),
                        format!("{bearer} is a {}, and only parties bear obligations", q.kind.as_str()),
                    ),
                    Some(_) => {}
                }
            }
            if p.prohibited_acts.is_empty() {
                self.error(format!("{path}.prohibited_acts"), "list at least one act type");
            }
            let scope = match p.scope {
                RawScope::WholeBorder {} => GeoScope::WholeBorder,
                RawScope::BorderBand { km } => {
                    if !(km > 0.0 && km <= 500.0) {
                        self.error(
                            format!("{path}.scope.km"),
                            format!("{km} km is not a band width between 0 and 500 km"),
                        );
                    }
                    GeoScope::BorderBand { km }
                }
                RawScope::Zones { zones: names } => {
                    if names.is_empty() {
                        self.error(format!("{path}.scope.zones"), "name at least one zone");
                    }
                    for (j, z) in names.iter().enumerate() {
                        if !zones.contains_key(z) {
                            let known: Vec<&str> = zones.keys().map(ZoneId::as_str).collect();
                            self.error(
                                format!("{path}.scope.zones[{j}]"),
                                format!("unknown zone {z}; declared zones: {}", list_or_none(&known)),
                            );
                        }
                    }
                    GeoScope::Zones(names)
                }
                RawScope::Sectors { sectors } => {
                    if sectors.is_empty() {
                        self.error(format!("{path}.scope.sectors"), "name at least one sector");
                    }
                    match truce_geo::Geography::embedded() {
                        Ok(geography) => {
                            for (j, sector) in sectors.iter().enumerate() {
                                if geography.sector(sector).is_none() {
                                    let known: Vec<&str> = geography.sectors().iter().map(|s| s.id.as_str()).collect();
                                    self.error(
                                        format!("{path}.scope.sectors[{j}]"),
                                        format!("unknown sector {sector}; sectors are: {}", known.join(", ")),
                                    );
                                }
                            }
                        }
                        Err(e) => {
                            self.error(format!("{path}.scope.sectors"), format!("the geography is unavailable: {e}"))
                        }
                    }
                    GeoScope::Sectors(sectors)
                }
            };
            let valid_from = p.valid_from.as_deref().and_then(|s| self.zoned(&format!("{path}.valid_from"), s));
            let valid_until = p.valid_until.as_deref().and_then(|s| self.zoned(&format!("{path}.valid_until"), s));
            if let (Some(from), Some(until)) = (&valid_from, &valid_until)
                && until.timestamp() <= from.timestamp()
            {
                self.error(format!("{path}.valid_until"), "must be after valid_from");
            }
            if let (Some(from), Some((effective, _))) = (&valid_from, &term)
                && from.timestamp() < *effective
            {
                self.error(
                    format!("{path}.valid_from"),
                    format!("is before the agreement takes effect ({effective}); a provision cannot apply earlier"),
                );
            }
            if let (Some(until), Some((_, Some(end)))) = (&valid_until, &term)
                && until.timestamp() > *end
            {
                self.error(
                    format!("{path}.valid_until"),
                    format!("is after the agreement ends ({end}); a provision cannot outlast it"),
                );
            }
            out.push(Provision {
                id: p.id,
                title: p.title,
                text: p.text,
                kind: p.kind,
                bearers: p.bearers,
                prohibited_acts: p.prohibited_acts,
                scope,
                valid_from: valid_from.map(|z| z.timestamp()),
                valid_until: valid_until.map(|z| z.timestamp()),
                provenance: p.provenance,
            });
        }
        out
    }

    fn check_protocol(
        &mut self,
        raw: RawProtocol,
        participants: &BTreeMap<ParticipantId, Participant>,
    ) -> Option<Protocol> {
        if raw.may_file.is_empty() {
            self.error("protocol.may_file", "someone must be able to file an allegation");
        }
        let d = &raw.deadlines;
        // Each deadline is checked on its own, so that every bad one is reported.
        let acknowledge = self.duration("protocol.deadlines.acknowledge", &d.acknowledge);
        let triage = self.duration("protocol.deadlines.triage", &d.triage);
        let reply = self.duration("protocol.deadlines.reply", &d.reply);
        let investigation = self.duration("protocol.deadlines.investigation", &d.investigation);
        let appeal = self.duration("protocol.deadlines.appeal", &d.appeal);
        let compliance = self.duration("protocol.deadlines.compliance", &d.compliance);
        let deadlines = (|| {
            Some(Deadlines {
                acknowledge: acknowledge?,
                triage: triage?,
                reply: reply?,
                investigation: investigation?,
                appeal: appeal?,
                compliance: compliance?,
            })
        })();
        let decision = self.check_decision(raw.decision, participants);
        let findings_delay = {
            let value = &raw.publication.findings_delay;
            if value.trim() == "0" || is_zero_duration(value) {
                Some(SignedDuration::ZERO)
            } else {
                self.duration("protocol.publication.findings_delay", value)
            }
        };
        Some(Protocol {
            provenance: raw.provenance,
            may_file: raw.may_file,
            deadlines: deadlines?,
            decision: decision?,
            standards: Standards {
                occurrence: raw.standards.occurrence,
                direct_act: raw.standards.direct_act,
                failure_to_prevent: raw.standards.failure_to_prevent,
            },
            publication: Publication {
                findings_delay: findings_delay?,
                penalties: raw.publication.penalties,
                statistics: raw.publication.statistics,
            },
        })
    }

    fn check_decision(
        &mut self,
        raw: RawDecision,
        participants: &BTreeMap<ParticipantId, Participant>,
    ) -> Option<Decision> {
        let deciders: Vec<ParticipantId> = participants
            .values()
            .filter(|p| matches!(p.kind, ParticipantKind::Mediator | ParticipantKind::Guarantor))
            .map(|p| p.id.clone())
            .collect();
        let voters = raw.voters.unwrap_or_else(|| {
            participants.values().filter(|p| p.kind == ParticipantKind::Mediator).map(|p| p.id.clone()).collect()
        });
        let mut ok = true;
        let mut seen = BTreeSet::new();
        for (i, v) in voters.iter().enumerate() {
            if !seen.insert(v) {
                self.error(format!("protocol.decision.voters[{i}]"), format!("{v} is listed twice"));
                ok = false;
            }
            match participants.get(v) {
                None => {
                    self.error(format!("protocol.decision.voters[{i}]"), unknown_participant(v, participants));
                    ok = false;
                }
                Some(p) if !deciders.contains(v) => {
                    self.error(
                        format!("protocol.decision.voters[{i}]"),
                        format!(
                            "{v} is a {}; only mediators and guarantors vote, so that no party decides a case about itself",
                            p.kind.as_str()
                        ),
                    );
                    ok = false;
                }
                Some(_) => {}
            }
        }
        if voters.is_empty() {
            self.error("protocol.decision", "no one can decide: list mediators among the participants, or voters");
            ok = false;
        }
        let rule = match raw.rule {
            RawRuleName::Chair => match raw.chair.clone() {
                None => {
                    self.error("protocol.decision.chair", "rule \"chair\" needs a chair");
                    ok = false;
                    None
                }
                Some(chair) if !voters.contains(&chair) => {
                    self.error(
                        "protocol.decision.chair",
                        format!("the chair {chair} must be one of the voters ({})", join_ids(&voters)),
                    );
                    ok = false;
                    None
                }
                Some(chair) => Some(DecisionRule::Chair(chair)),
            },
            RawRuleName::Consensus => Some(DecisionRule::Consensus),
            RawRuleName::KOfN => match raw.k {
                None => {
                    self.error("protocol.decision.k", "rule \"k_of_n\" needs k");
                    ok = false;
                    None
                }
                Some(k) if k < 1 || k as usize > voters.len() => {
                    self.error(
                        "protocol.decision.k",
                        format!(
                            "{k} of {} can never be met: k must be between 1 and the number of voters ({})",
                            voters.len(),
                            join_ids(&voters)
                        ),
                    );
                    ok = false;
                    None
                }
                Some(k) => u32::try_from(k).ok().map(DecisionRule::KOfN),
            },
        };
        if raw.chair.is_some() && !matches!(raw.rule, RawRuleName::Chair) {
            self.error("protocol.decision.chair", "a chair is only used with rule \"chair\"");
            ok = false;
        }
        if raw.k.is_some() && !matches!(raw.rule, RawRuleName::KOfN) {
            self.error("protocol.decision.k", "k is only used with rule \"k_of_n\"");
            ok = false;
        }
        if ok { rule.map(|rule| Decision { rule, voters }) } else { None }
    }

    fn check_penalties(&mut self, raw: RawPenalties) -> Option<PenaltyRules> {
        let mut ok = true;
        let mut ladder: Vec<Rung> = Vec::new();
        if raw.ladder.is_empty() {
            self.error("penalties.ladder", "the ladder needs at least one rung");
            ok = false;
        }
        // Levels with their index in the file, for the overlap message, and ids
        // seen so far: a rung with a bad level still takes its id.
        let mut levels: Vec<(usize, u32)> = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, rung) in raw.ladder.into_iter().enumerate() {
            let path = format!("penalties.ladder[{i}]");
            if !ids.insert(rung.id.clone()) {
                self.error(format!("{path}.id"), format!("measure {} is on the ladder twice", rung.id));
                ok = false;
            }
            if rung.measure.trim().is_empty() {
                self.error(format!("{path}.measure"), "must not be empty");
                ok = false;
            }
            let Some(level) = self.level(&format!("{path}.level"), rung.level) else {
                ok = false;
                continue;
            };
            if let Some((j, _)) = levels.iter().find(|(_, l)| *l == level) {
                self.error(
                    format!("{path}.level"),
                    format!("level {level} overlaps penalties.ladder[{j}], which has the same level"),
                );
                ok = false;
                continue;
            }
            levels.push((i, level));
            ladder.push(Rung { level, id: rung.id, measure: rung.measure, description: rung.description });
        }
        ladder.sort_by_key(|r| r.level);
        let top = ladder.last().map_or(0, |r| r.level);
        for expected in 1..=top {
            if !ladder.iter().any(|r| r.level == expected) {
                self.error(
                    "penalties.ladder",
                    format!("level {expected} is missing; levels must run 1, 2, 3 … without gaps"),
                );
                ok = false;
            }
        }
        let mut base_level = BTreeMap::new();
        for severity in Severity::ALL {
            match raw.base_level.get(&severity) {
                None => {
                    self.error("penalties.base_level", format!("no base level for severity {}", severity.as_str()));
                    ok = false;
                }
                Some(&v) => {
                    let path = format!("penalties.base_level.{}", severity.as_str());
                    match self.level(&path, v) {
                        Some(level) if level > top && top > 0 => {
                            self.error(path, format!("level {level} is above the top of the ladder ({top})"));
                            ok = false;
                        }
                        Some(level) => {
                            base_level.insert(severity, level);
                        }
                        None => ok = false,
                    }
                }
            }
        }
        let mut last = 0;
        for severity in Severity::ALL {
            if let Some(&level) = base_level.get(&severity) {
                if level < last {
                    self.error(
                        format!("penalties.base_level.{}", severity.as_str()),
                        "a graver severity cannot start lower on the ladder than a milder one",
                    );
                    ok = false;
                }
                last = level;
            }
        }
        let cap = self.level("penalties.cap", raw.cap);
        if let Some(cap) = cap {
            if top > 0 && cap > top {
                self.error("penalties.cap", format!("cap {cap} is above the top of the ladder ({top})"));
                ok = false;
            }
            if let Some((severity, level)) = base_level.iter().find(|(_, l)| **l > cap) {
                self.error(
                    "penalties.cap",
                    format!("cap {cap} is below the base level of {} ({level})", severity.as_str()),
                );
                ok = false;
            }
        }
        let window = self.duration("penalties.recidivism.window", &raw.recidivism.window);
        let step = self.count("penalties.recidivism.step", raw.recidivism.step);
        let max_step = self.count("penalties.recidivism.max_step", raw.recidivism.max_step);
        let mut aggravating = BTreeMap::new();
        let mut factors = BTreeSet::new();
        for (i, a) in raw.aggravating.into_iter().enumerate() {
            let path = format!("penalties.aggravating[{i}]");
            if !factors.insert(a.factor) {
                self.error(format!("{path}.factor"), format!("{} is listed twice", a.factor.describe()));
                ok = false;
                continue;
            }
            match self.count(&format!("{path}.step"), a.step) {
                Some(step) => {
                    aggravating.insert(a.factor, step);
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(PenaltyRules {
            provenance: raw.provenance,
            ladder,
            base_level,
            recidivism: Recidivism { window: window?, step: step?, max_step: max_step? },
            aggravating,
            cap: cap?,
        })
    }

    fn check_escalation(
        &mut self,
        raw: Vec<RawEscalation>,
        early_warning: Option<&crate::early_warning::EarlyWarning>,
        had_early_warning: bool,
    ) -> Vec<EscalationRule> {
        let mut out: Vec<EscalationRule> = Vec::new();
        // Ids seen so far, including those of rules skipped for another error.
        let mut ids = BTreeSet::new();
        for (i, e) in raw.into_iter().enumerate() {
            let path = format!("escalation[{i}]");
            if !ids.insert(e.id.clone()) {
                self.error(format!("{path}.id"), format!("escalation rule {} is declared twice", e.id));
            }
            if e.action.trim().is_empty() {
                self.error(format!("{path}.action"), "must say what happens");
            }
            let trigger = match e.trigger {
                RawTrigger::ConfirmedViolations { count, within } => {
                    let count = match u32::try_from(count) {
                        Ok(c) if c >= 1 => Some(c),
                        _ => {
                            self.error(format!("{path}.trigger.count"), format!("{count} must be at least 1"));
                            None
                        }
                    };
                    let within = self.duration(&format!("{path}.trigger.within"), &within);
                    match (count, within) {
                        (Some(count), Some(within)) => EscalationTrigger::ConfirmedViolations { count, within },
                        _ => continue,
                    }
                }
                RawTrigger::OverdueReply {} => EscalationTrigger::OverdueReply,
                RawTrigger::NonCompliance {} => EscalationTrigger::NonCompliance,
                RawTrigger::GraveFinding {} => EscalationTrigger::GraveFinding,
                RawTrigger::MissedCommitment {} => EscalationTrigger::MissedCommitment,
                RawTrigger::Surge { methods, sectors, bases, acts } => {
                    let path = format!("{path}.trigger");
                    let trigger = EscalationTrigger::Surge { methods, sectors, bases, acts };
                    match early_warning {
                        Some(config) => {
                            if !self.check_surge_trigger(&path, &trigger, config) {
                                continue;
                            }
                        }
                        // A broken table is reported where it is; a missing one here.
                        None if had_early_warning => continue,
                        None => {
                            self.error(
                                format!("{path}.kind"),
                                "a surge trigger listens to early-warning alerts, but the agreement has no [early_warning] table",
                            );
                            continue;
                        }
                    }
                    trigger
                }
            };
            out.push(EscalationRule { id: e.id, action: e.action, trigger, provenance: e.provenance });
        }
        out
    }
}

impl Checker<'_> {
    /// Checks that a surge trigger at `path` can fire: each method, basis
    /// and act type it names is one the `[early_warning]` table uses, each
    /// sector is one of the geography, and an act filter has series by act
    /// type to match. A filter that could never match is a rule that would
    /// silently never fire, so it is an error. Whether all passed.
    fn check_surge_trigger(
        &mut self,
        path: &str,
        trigger: &EscalationTrigger,
        config: &crate::early_warning::EarlyWarning,
    ) -> bool {
        use crate::early_warning::{Breakdown, Method};
        let EscalationTrigger::Surge { methods, sectors, bases, acts } = trigger else { return true };
        let before = self.diagnostics.len();
        let used: Vec<Method> = Method::ALL
            .into_iter()
            .filter(|m| match m {
                Method::Surge => config.surge.is_some(),
                Method::Poisson => config.poisson.is_some(),
                Method::Ewma => config.ewma.is_some(),
                Method::Cusum => config.cusum.is_some(),
            })
            .collect();
        for (j, method) in methods.iter().enumerate() {
            if methods.iter().take(j).any(|m| m == method) {
                self.error(format!("{path}.methods[{j}]"), format!("{} is listed twice", method.as_str()));
            } else if !used.contains(method) {
                let names: Vec<&str> = used.iter().map(|m| m.as_str()).collect();
                self.error(
                    format!("{path}.methods[{j}]"),
                    format!(
                        "{} is not a rule of [early_warning], so it raises no alert; the rules used are: {}",
                        method.as_str(),
                        list_or_none(&names)
                    ),
                );
            }
        }
        for (j, basis) in bases.iter().enumerate() {
            if bases.iter().take(j).any(|b| b == basis) {
                self.error(format!("{path}.bases[{j}]"), format!("{} is listed twice", basis.as_str()));
            } else if !config.bases.contains(basis) {
                self.error(
                    format!("{path}.bases[{j}]"),
                    format!("{} is not a basis [early_warning] counts (early_warning.bases)", basis.as_str()),
                );
            }
        }
        if !acts.is_empty() && !config.breakdowns.contains(&Breakdown::Act) {
            self.error(
                format!("{path}.acts"),
                "matches only series by act type, but early_warning.breakdowns has no \"act\"",
            );
        }
        for (j, act) in acts.iter().enumerate() {
            if acts.iter().take(j).any(|a| a == act) {
                self.error(format!("{path}.acts[{j}]"), format!("{} is listed twice", act.as_str()));
            } else if !config.acts.contains(act) {
                self.error(
                    format!("{path}.acts[{j}]"),
                    format!("{} is not an act type [early_warning] counts (early_warning.acts)", act.as_str()),
                );
            }
        }
        match truce_geo::Geography::embedded() {
            Ok(geography) => {
                for (j, sector) in sectors.iter().enumerate() {
                    if sectors.iter().take(j).any(|s| s == sector) {
                        self.error(format!("{path}.sectors[{j}]"), format!("{sector} is listed twice"));
                    } else if geography.sector(sector).is_none() {
                        let known: Vec<&str> = geography.sectors().iter().map(|s| s.id.as_str()).collect();
                        self.error(
                            format!("{path}.sectors[{j}]"),
                            format!("unknown sector {sector}; sectors are: {}", known.join(", ")),
                        );
                    }
                }
            }
            Err(e) if !sectors.is_empty() => {
                self.error(format!("{path}.sectors"), format!("the geography is unavailable: {e}"))
            }
            Err(_) => {}
        }
        self.diagnostics.len() == before
    }
}

/// Whether `value` is a duration of zero, however it is written ("PT0S", "0 days").
fn is_zero_duration(value: &str) -> bool {
    value
        .parse::<Span>()
        .ok()
        .and_then(|span| span.to_duration(SpanRelativeTo::days_are_24_hours()).ok())
        .is_some_and(|d| d.is_zero())
}

fn unknown_participant(id: &ParticipantId, participants: &BTreeMap<ParticipantId, Participant>) -> String {
    let known: Vec<&str> = participants.keys().map(ParticipantId::as_str).collect();
    format!("unknown participant {id}; participants are: {}", list_or_none(&known))
}

fn join_ids(ids: &[ParticipantId]) -> String {
    ids.iter().map(ParticipantId::as_str).collect::<Vec<_>>().join(", ")
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() { "none".to_owned() } else { items.join(", ") }
}
