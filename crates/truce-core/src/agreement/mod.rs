//! Agreement-as-code: the rules the parties agreed, in a checked model.
//!
//! An agreement file (TOML, see `docs/agreement-format.md`) is parsed into a
//! raw mirror of the file and then validated into [`Agreement`]. Validation
//! never stops at the first problem: it returns every broken rule with the
//! key path where it was found, so that a secretariat fixing a draft sees the
//! whole list at once. Once built, an `Agreement` is known to be coherent:
//! every id it mentions exists, every deadline is a duration, the decision
//! rule can be met by the listed mediators and the penalty ladder is a clean
//! sequence of levels. The rest of the core relies on that.

mod parse;

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp, ZonedDateTime};

pub use parse::{AgreementErrors, Diagnostic, FORMAT_V1};

use crate::ids::{AgreementId, ParticipantId, ProvisionId, RankId, RuleId, ZoneId};
use crate::vocab::{
    ActType, AggravatingFactor, AgreementForm, FilerKind, ObligationKind, ParticipantKind, Provenance, Severity,
    StandardOfProof,
};

/// A validated agreement. Build it with [`Agreement::from_toml`].
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// Who agreed what, where and when.
    pub identity: Identity,
    /// Parties, mediators and monitoring teams, by id.
    pub participants: BTreeMap<ParticipantId, Participant>,
    /// Named zones that provisions can refer to.
    pub zones: BTreeMap<ZoneId, Zone>,
    /// The provisions, in file order.
    pub provisions: Vec<Provision>,
    /// How allegations are filed, answered, investigated and decided.
    pub protocol: Protocol,
    /// The penalty ladder and how a finding climbs it.
    pub penalties: PenaltyRules,
    /// Conditions that send a matter to the principals.
    pub escalation: Vec<EscalationRule>,
    /// Who must sign this text before it is in force, and with which keys.
    pub consent: Consent,
    /// The ladder of delegation ranks and the parity rules of the talks.
    pub talks: TalksRules,
    /// What a party's withdrawal or suspension does, if the text says.
    pub withdrawal: Option<WithdrawalRules>,
    /// The witnesses each participant runs and how many must cosign a
    /// checkpoint before anyone relies on it, if the text says.
    pub witnessing: Option<Witnessing>,
    /// What counts as a surge, if the text says (the `[early_warning]`
    /// table): agreed in advance, so an alert is the parties' own rule.
    pub early_warning: Option<crate::early_warning::EarlyWarning>,
}

/// Who witnesses the log (the `[witnessing]` table).
///
/// An operator could keep two histories and show each party its own. A
/// witness cosigns a checkpoint only if it extends every checkpoint of the
/// log it cosigned before, so a checkpoint cosigned by witnesses each party
/// chose is one history for all of them. The parties name their witnesses in
/// the text they sign, so no operator can swap one out, and agree in advance
/// how many cosignatures make a checkpoint count. The text is written out as
/// a C2SP tlog-policy (`truce log policy`) that any client can enforce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witnessing {
    /// One witness per participant that runs one.
    pub witnesses: Vec<Witness>,
    /// Groups of witnesses and groups, in the order they are defined.
    pub groups: Vec<WitnessGroup>,
    /// The participant or group whose cosignatures make a checkpoint count;
    /// `None` (written `"none"`): witnesses cosign, but none is required.
    pub quorum: Option<String>,
}

/// A participant's witness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    /// The participant that runs it; also its name in groups and the quorum.
    pub participant: ParticipantId,
    /// Its cosigner verifier key (`<name>+<key id>+<base64(0x04 || key)>`),
    /// as `truce witness init` prints it.
    pub vkey: String,
    /// Where its tlog-witness endpoint lives (`add-checkpoint` is below it).
    pub url: String,
}

/// A named group in the quorum rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessGroup {
    /// The group's name (not a participant id).
    pub name: String,
    /// How many members must be satisfied.
    pub threshold: WitnessThreshold,
    /// Members: participants with a witness, or groups defined before.
    pub members: Vec<String>,
}

/// How many members of a witness group must be satisfied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WitnessThreshold {
    /// Every member.
    All,
    /// At least one.
    Any,
    /// At least this many.
    AtLeast(u32),
}

/// What a party's withdrawal from the agreement, or suspension of its part
/// in it, does (the `[withdrawal]` table): spelled out by the parties so
/// that a signed withdrawal is not read two ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalRules {
    /// How long after its record a withdrawal takes effect.
    pub notice: SignedDuration,
    /// What stops when it takes effect.
    pub stops: String,
    /// What goes on.
    pub continues: String,
    /// Whether the log refuses new allegations by or against a party whose
    /// withdrawal or suspension is in effect (what `stops` says in words).
    pub refuse_new_cases: bool,
}

/// The rules of the talks (the `[talks]` table): the ladder of ranks a
/// delegation's members hold, highest first, and the parity rules checked
/// when a delegation is announced and when a round is convened.
///
/// Parity was the condition of the 2025 rounds ("the final composition of
/// Pakistan's delegation will depend on the level of representation from
/// the Afghan side"), so it is the agreement's to state, not the software's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalksRules {
    /// Ranks, highest first.
    pub ranks: Vec<RankId>,
    /// Parity rules between heads of delegation.
    pub parity: Vec<ParityRule>,
}

impl Default for TalksRules {
    /// The ladder used when a text has no `[talks]` table, and no parity rule.
    fn default() -> Self {
        let ranks = DEFAULT_RANKS.iter().filter_map(|r| RankId::parse(r).ok()).collect();
        TalksRules { ranks, parity: Vec::new() }
    }
}

impl TalksRules {
    /// The position of `rank` on the ladder, 0 the highest.
    pub fn rank_of(&self, rank: &RankId) -> Option<usize> {
        self.ranks.iter().position(|r| r == rank)
    }
}

/// The ladder of ranks when the agreement does not define one, highest first.
pub const DEFAULT_RANKS: &[&str] = &[
    "head_of_state",
    "head_of_government",
    "minister",
    "intelligence_chief",
    "national_security_adviser",
    "deputy_minister",
    "director_general",
    "ambassador",
    "technical_expert",
];

/// A parity rule: the heads of delegation of `between` may be at most
/// `max_gap` rungs apart on the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParityRule {
    /// Stable id, shown with a failed check.
    pub id: RuleId,
    /// The participants whose heads of delegation are compared.
    pub between: Vec<ParticipantId>,
    /// The largest gap allowed, in rungs; 0 means the same rank.
    pub max_gap: u32,
}

/// Who must sign a version of the agreement, and the participant keys
/// they sign with (the `[consent]` table).
///
/// Each participant creates its key on its own machine and writes only the
/// public half here, so the text every signatory signs names the keys that
/// own each participant's identity from then on. A text may leave keys out
/// while it is drafted; the log accepts it as a proposal only when every
/// signatory has one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// The participants whose signatures put this version in force.
    pub signatories: Vec<ParticipantId>,
    /// Participant public keys (Ed25519, base64), by participant.
    pub keys: BTreeMap<ParticipantId, String>,
    /// Record types (such as `talks.decline_communique.v1`) that only a
    /// principal holding its own key may author: the server may not sign
    /// them on anyone's behalf.
    pub self_signed: Vec<String>,
}

/// The agreement's identity.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// Stable id.
    pub id: AgreementId,
    /// Title.
    pub title: String,
    /// Written or verbal.
    pub form: AgreementForm,
    /// Version of this document, counting from 1.
    pub version: u32,
    /// When it was signed, in the time zone where it was signed.
    pub signed_at: ZonedDateTime,
    /// When it took effect.
    pub effective_at: ZonedDateTime,
    /// When it ends, if a date was agreed.
    pub ends_at: Option<ZonedDateTime>,
    /// Where it was signed.
    pub place: String,
    /// Earlier agreements this one replaces.
    pub supersedes: Vec<AgreementId>,
    /// A short summary for people.
    pub summary: String,
    /// Public sources for the facts in the file.
    pub sources: Vec<Source>,
}

/// A public source for a fact in the agreement file.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// What the source is.
    pub title: String,
    /// Its date, as written.
    pub date: String,
}

/// A participant: a party, a mediator, a guarantor or a monitoring team.
#[derive(Debug, Clone, PartialEq)]
pub struct Participant {
    /// Stable id, for example `PAK`.
    pub id: ParticipantId,
    /// What role it plays.
    pub kind: ParticipantKind,
    /// Names by language tag (`en`, `ur`, `ps`, `fa`, `tr`, `ar`); `en` is always present.
    pub names: BTreeMap<String, String>,
    /// Whether its place in the mechanism is agreed or proposed.
    pub provenance: Provenance,
}

impl Participant {
    /// The name in `lang`, falling back to English.
    pub fn name(&self, lang: &str) -> &str {
        self.names.get(lang).or_else(|| self.names.get("en")).map_or(self.id.as_str(), String::as_str)
    }
}

/// A named zone: a polygon in WGS84 longitude, latitude.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    /// Stable id.
    pub id: ZoneId,
    /// Name for people.
    pub name: String,
    /// The ring, as `[longitude, latitude]` pairs; closed implicitly.
    pub polygon: Vec<[f64; 2]>,
}

/// Where a provision applies.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoScope {
    /// Anywhere along the border and in both countries.
    WholeBorder,
    /// Within `km` kilometres either side of the line.
    BorderBand {
        /// Half-width of the band, in kilometres.
        km: f64,
    },
    /// Inside any of the named zones.
    Zones(Vec<ZoneId>),
    /// Within the named border sectors (ids from the geography crate).
    Sectors(Vec<String>),
}

/// One provision of the agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Provision {
    /// Stable id, for example `P1`.
    pub id: ProvisionId,
    /// Short title.
    pub title: String,
    /// The provision's text.
    pub text: String,
    /// Commission (do not do X) or omission (prevent X).
    pub kind: ObligationKind,
    /// The parties that bear the obligation.
    pub bearers: Vec<ParticipantId>,
    /// The acts it prohibits (commission) or must prevent (omission).
    pub prohibited_acts: Vec<ActType>,
    /// Where it applies.
    pub scope: GeoScope,
    /// From when it applies; the agreement's effective date if absent.
    pub valid_from: Option<Timestamp>,
    /// Until when it applies.
    pub valid_until: Option<Timestamp>,
    /// Agreed text or a proposal.
    pub provenance: Provenance,
}

impl Provision {
    /// Whether the provision binds `party`.
    pub fn binds(&self, party: &ParticipantId) -> bool {
        self.bearers.contains(party)
    }

    /// Whether the provision applies at `point`, given the agreement's zones.
    pub fn applies_at(
        &self,
        zones: &BTreeMap<ZoneId, Zone>,
        geography: &truce_geo::Geography,
        point: &truce_geo::GeoPoint,
    ) -> bool {
        use truce_geo::GeoScope as G;
        match &self.scope {
            GeoScope::WholeBorder => G::WholeBorder.contains(geography, point),
            GeoScope::BorderBand { km } => G::BorderBand { km: *km }.contains(geography, point),
            GeoScope::Sectors(sectors) => G::Sectors { sectors: sectors.clone() }.contains(geography, point),
            GeoScope::Zones(ids) => ids
                .iter()
                .filter_map(|id| zones.get(id))
                .any(|z| G::Zone { polygon: z.polygon.clone() }.contains(geography, point)),
        }
    }

    /// The scope in words.
    pub fn scope_words(&self, zones: &BTreeMap<ZoneId, Zone>) -> String {
        match &self.scope {
            GeoScope::WholeBorder => "the whole border region".to_owned(),
            GeoScope::BorderBand { km } => format!("within {km} km of the line"),
            GeoScope::Sectors(sectors) => format!("the sectors {}", sectors.join(", ")),
            GeoScope::Zones(ids) => {
                let names: Vec<&str> =
                    ids.iter().map(|z| zones.get(z).map_or(z.as_str(), |zone| zone.name.as_str())).collect();
                format!("in {}", names.join(", "))
            }
        }
    }

    /// Whether the provision covers `act`.
    pub fn prohibits(&self, act: ActType) -> bool {
        self.prohibited_acts.contains(&act)
    }
}

/// Deadlines of the verification protocol, as fixed durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// From filing to acknowledgement of receipt.
    pub acknowledge: SignedDuration,
    /// From acknowledgement to a triage decision.
    pub triage: SignedDuration,
    /// From notification to the accused party's reply.
    pub reply: SignedDuration,
    /// Default time an investigation is given, from tasking.
    pub investigation: SignedDuration,
    /// From a determination to the end of the appeal window.
    pub appeal: SignedDuration,
    /// From a penalty decision to the compliance deadline.
    pub compliance: SignedDuration,
}

/// How a collective decision is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionRule {
    /// The chair's vote decides; others may record dissent.
    Chair(ParticipantId),
    /// Every voter must approve.
    Consensus,
    /// At least `k` voters must approve.
    KOfN(u32),
}

/// Who decides and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The rule.
    pub rule: DecisionRule,
    /// The participants who vote (mediators or guarantors).
    pub voters: Vec<ParticipantId>,
}

impl Decision {
    /// How many approvals adopt a motion.
    pub fn approvals_needed(&self) -> usize {
        match &self.rule {
            DecisionRule::Chair(_) => 1,
            DecisionRule::Consensus => self.voters.len(),
            DecisionRule::KOfN(k) => *k as usize,
        }
    }
}

/// The standards of proof the protocol requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standards {
    /// To find that an incident occurred.
    pub occurrence: StandardOfProof,
    /// To attribute a direct act to a party.
    pub direct_act: StandardOfProof,
    /// To attribute a failure to prevent to a party.
    pub failure_to_prevent: StandardOfProof,
}

/// What is published and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    /// Delay between a finding becoming final and its publication.
    pub findings_delay: SignedDuration,
    /// Whether decided penalties are published.
    pub penalties: bool,
    /// Whether compliance statistics are published.
    pub statistics: bool,
}

/// The verification protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct Protocol {
    /// Agreed or proposed.
    pub provenance: Provenance,
    /// Who may file an allegation.
    pub may_file: Vec<FilerKind>,
    /// The deadlines.
    pub deadlines: Deadlines,
    /// The decision rule for findings, appeals and penalties.
    pub decision: Decision,
    /// The standards of proof.
    pub standards: Standards,
    /// Publication.
    pub publication: Publication,
}

/// One rung of the penalty ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung {
    /// Level, from 1 (mildest) up.
    pub level: u32,
    /// Stable id of the measure, for example `formal_notice`.
    pub id: RuleId,
    /// The measure, in a few words.
    pub measure: String,
    /// What it involves.
    pub description: String,
}

/// How a party's record counts against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recidivism {
    /// How far back earlier confirmed violations count.
    pub window: SignedDuration,
    /// Levels added per earlier violation in the window.
    pub step: u32,
    /// The most levels recidivism can add.
    pub max_step: u32,
}

/// The penalty rules.
#[derive(Debug, Clone, PartialEq)]
pub struct PenaltyRules {
    /// Agreed or proposed.
    pub provenance: Provenance,
    /// The rungs, level 1 first, without gaps.
    pub ladder: Vec<Rung>,
    /// Base level for each severity.
    pub base_level: BTreeMap<Severity, u32>,
    /// Recidivism.
    pub recidivism: Recidivism,
    /// Levels added per aggravating factor present.
    pub aggravating: BTreeMap<AggravatingFactor, u32>,
    /// The highest level the engine may propose.
    pub cap: u32,
}

impl PenaltyRules {
    /// The rung at `level`, if the ladder has it.
    pub fn rung(&self, level: u32) -> Option<&Rung> {
        self.ladder.iter().find(|r| r.level == level)
    }
}

/// What sets an escalation off.
#[derive(Debug, Clone, PartialEq)]
pub enum EscalationTrigger {
    /// `count` confirmed violations by one party within `within`.
    ConfirmedViolations {
        /// How many.
        count: u32,
        /// Within what period.
        within: SignedDuration,
    },
    /// A party's reply became overdue.
    OverdueReply,
    /// A party did not comply with a decided penalty.
    NonCompliance,
    /// A finding of grave severity became final.
    GraveFinding,
    /// The mediators decided that a commitment made in the talks was missed.
    MissedCommitment,
    /// An early-warning alert was raised that matches every filter given
    /// (an empty filter matches anything): raised by one of `methods`, in
    /// one of `sectors`, on one of `bases`, on the series of one of `acts`.
    /// It fires once per party accused in the reports the alert counted, on
    /// that party's latest counted case.
    Surge {
        /// The early-warning rules whose alerts count.
        methods: Vec<crate::early_warning::Method>,
        /// The border sectors whose alerts count.
        sectors: Vec<String>,
        /// The bases whose alerts count (reports as filed, or confirmed).
        bases: Vec<crate::early_warning::Basis>,
        /// The act types whose series' alerts count (series by act type only).
        acts: Vec<ActType>,
    },
}

impl EscalationTrigger {
    /// A surge trigger's filters in the agreement's words ("methods: surge,
    /// cusum; bases: filed; any sector; any act type"); empty for others.
    pub fn filters(&self) -> String {
        let EscalationTrigger::Surge { methods, sectors, bases, acts } = self else { return String::new() };
        fn list(key: &str, any: &str, items: Vec<&str>) -> String {
            if items.is_empty() { any.to_owned() } else { format!("{key}: {}", items.join(", ")) }
        }
        [
            list("methods", "any method", methods.iter().map(|m| m.as_str()).collect()),
            list("sectors", "any sector", sectors.iter().map(String::as_str).collect()),
            list("bases", "any basis", bases.iter().map(|b| b.as_str()).collect()),
            list("acts", "any act type", acts.iter().map(|a| a.as_str()).collect()),
        ]
        .join("; ")
    }

    /// Whether an alert on `signal` sets off this trigger: always false
    /// unless it is a surge trigger whose filters all match.
    pub fn matches_alert(&self, signal: &crate::early_warning::Signal) -> bool {
        let EscalationTrigger::Surge { methods, sectors, bases, acts } = self else { return false };
        let series = &signal.series;
        (methods.is_empty() || methods.contains(&signal.method))
            && (sectors.is_empty() || sectors.contains(&series.sector))
            && (bases.is_empty() || bases.contains(&series.basis))
            && (acts.is_empty() || series.act.is_some_and(|a| acts.contains(&a)))
    }
}

/// An escalation rule: a trigger and what it sets in motion.
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationRule {
    /// Stable id.
    pub id: RuleId,
    /// What happens, for example "principals' meeting convened by the mediators".
    pub action: String,
    /// The trigger.
    pub trigger: EscalationTrigger,
    /// Agreed or proposed.
    pub provenance: Provenance,
}

impl Agreement {
    /// Parses and validates an agreement file's text.
    pub fn from_toml(text: &str) -> Result<Agreement, AgreementErrors> {
        parse::parse(text)
    }

    /// The participant with `id`.
    pub fn participant(&self, id: &ParticipantId) -> Option<&Participant> {
        self.participants.get(id)
    }

    /// The kind of participant `id` is, if listed.
    pub fn kind_of(&self, id: &ParticipantId) -> Option<ParticipantKind> {
        self.participants.get(id).map(|p| p.kind)
    }

    /// The parties, in id order.
    pub fn parties(&self) -> impl Iterator<Item = &Participant> {
        self.participants.values().filter(|p| p.kind == ParticipantKind::Party)
    }

    /// The provision with `id`.
    pub fn provision(&self, id: &ProvisionId) -> Option<&Provision> {
        self.provisions.iter().find(|p| &p.id == id)
    }

    /// Whether the agreement is in force at `at`.
    pub fn in_force_at(&self, at: Timestamp) -> bool {
        let started = self.identity.effective_at.timestamp() <= at;
        let not_ended = self.identity.ends_at.as_ref().is_none_or(|end| at < end.timestamp());
        started && not_ended
    }
}

#[cfg(test)]
pub(crate) mod tests;
