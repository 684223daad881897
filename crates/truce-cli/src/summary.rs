//! `truce agreement show`: an agreement summarised for people.
//!
//! The summary is what a liaison officer reads before the first meeting: who
//! is in the mechanism, what each provision forbids, the deadlines, who
//! decides, and how penalties climb. Proposals are marked as such on every
//! line they touch.

use std::fmt::Write as _;

use truce_core::Agreement;
use truce_core::agreement::{DecisionRule, EscalationTrigger};
use truce_core::penalty::days;
use truce_core::vocab::{AgreementForm, FilerKind, ObligationKind, Provenance, StandardOfProof};

fn mark(p: Provenance) -> &'static str {
    match p {
        Provenance::Agreed => "agreed",
        Provenance::Proposal => "PROPOSAL",
    }
}

fn standard(s: StandardOfProof) -> &'static str {
    match s {
        StandardOfProof::BalanceOfProbabilities => "balance of probabilities",
        StandardOfProof::ClearAndConvincing => "clear and convincing",
        StandardOfProof::BeyondReasonableDoubt => "beyond reasonable doubt",
    }
}

/// Renders the summary in English.
pub fn render(a: &Agreement) -> String {
    let mut out = String::new();
    let id = &a.identity;
    let _ = writeln!(out, "{}", id.title);
    let _ = writeln!(
        out,
        "{} · version {} · {} · signed {} in {}",
        id.id,
        id.version,
        match id.form {
            AgreementForm::Written => "written",
            AgreementForm::Verbal => "verbal",
        },
        id.signed_at.strftime("%Y-%m-%d %H:%M %:z [%Q]"),
        id.place
    );
    let _ = writeln!(
        out,
        "in force from {}{}",
        id.effective_at.strftime("%Y-%m-%d %H:%M %:z [%Q]"),
        id.ends_at.as_ref().map(|e| format!(" until {}", e.strftime("%Y-%m-%d %H:%M %:z"))).unwrap_or_default()
    );
    if !id.supersedes.is_empty() {
        let list: Vec<&str> = id.supersedes.iter().map(|s| s.as_str()).collect();
        let _ = writeln!(out, "supersedes {}", list.join(", "));
    }
    if !id.summary.is_empty() {
        let _ = writeln!(out, "\n{}", id.summary.trim());
    }

    let _ = writeln!(out, "\nParticipants");
    for p in a.participants.values() {
        let _ = writeln!(
            out,
            "  {:<5} {:<16} {}{}",
            p.id,
            p.kind.as_str(),
            p.name("en"),
            if p.provenance == Provenance::Proposal { "  (PROPOSAL)" } else { "" }
        );
    }

    let _ = writeln!(out, "\nProvisions");
    for p in &a.provisions {
        let bearers: Vec<&str> = p.bearers.iter().map(|b| b.as_str()).collect();
        let scope = p.scope_words(&a.zones);
        let _ = writeln!(out, "  {:<4} {} [{}]", p.id, p.title, mark(p.provenance));
        let _ = writeln!(
            out,
            "       {} by {}; {}",
            match p.kind {
                ObligationKind::Commission => "must not commit",
                ObligationKind::Omission => "must prevent",
            },
            bearers.join(", "),
            scope
        );
        let acts: Vec<&str> = p.prohibited_acts.iter().map(|a| a.as_str()).collect();
        let _ = writeln!(out, "       acts: {}", acts.join(", "));
    }

    let pr = &a.protocol;
    let _ = writeln!(out, "\nVerification protocol [{}]", mark(pr.provenance));
    let filers: Vec<&str> = pr
        .may_file
        .iter()
        .map(|f| match f {
            FilerKind::Parties => "parties",
            FilerKind::Mediators => "mediators",
            FilerKind::Monitors => "monitors",
            FilerKind::Public => "the public",
        })
        .collect();
    let _ = writeln!(out, "  who may file: {}", filers.join(", "));
    let d = &pr.deadlines;
    let _ = writeln!(
        out,
        "  deadlines: acknowledge {}, triage {}, reply {}, investigation {}, appeal {}, compliance {}",
        days(d.acknowledge),
        days(d.triage),
        days(d.reply),
        days(d.investigation),
        days(d.appeal),
        days(d.compliance)
    );
    let voters: Vec<&str> = pr.decision.voters.iter().map(|v| v.as_str()).collect();
    let rule = match &pr.decision.rule {
        DecisionRule::Chair(chair) => format!("the chair ({chair}) decides; {} may record dissent", voters.join(", ")),
        DecisionRule::Consensus => format!("consensus of {}", voters.join(", ")),
        DecisionRule::KOfN(k) => format!("{k} of {} ({})", voters.len(), voters.join(", ")),
    };
    let _ = writeln!(out, "  decision: {rule}");
    let s = &pr.standards;
    let _ = writeln!(
        out,
        "  standards of proof: occurrence {}; direct act {}; failure to prevent {}",
        standard(s.occurrence),
        standard(s.direct_act),
        standard(s.failure_to_prevent)
    );
    let p = &pr.publication;
    let _ = writeln!(
        out,
        "  publication: findings {} after they are final; penalties {}; statistics {}",
        days(p.findings_delay),
        if p.penalties { "published" } else { "not published" },
        if p.statistics { "published" } else { "not published" }
    );

    let pen = &a.penalties;
    let _ = writeln!(out, "\nPenalty ladder [{}]", mark(pen.provenance));
    for r in &pen.ladder {
        let _ = writeln!(out, "  {}  {}", r.level, r.measure);
    }
    let bases: Vec<String> = pen.base_level.iter().map(|(s, l)| format!("{} {l}", s.as_str())).collect();
    let _ = writeln!(out, "  base level by severity: {}", bases.join(", "));
    let _ = writeln!(
        out,
        "  recidivism: +{} per earlier confirmed violation within {}, at most +{}",
        pen.recidivism.step,
        days(pen.recidivism.window),
        pen.recidivism.max_step
    );
    if !pen.aggravating.is_empty() {
        let factors: Vec<String> = pen.aggravating.iter().map(|(f, s)| format!("{} +{s}", f.describe())).collect();
        let _ = writeln!(out, "  aggravating: {}", factors.join(", "));
    }
    let _ = writeln!(out, "  cap: level {}", pen.cap);

    if !a.escalation.is_empty() {
        let _ = writeln!(out, "\nEscalation");
        for e in &a.escalation {
            let when = match &e.trigger {
                EscalationTrigger::ConfirmedViolations { count, within } => {
                    format!("{count} confirmed violations by one party within {}", days(*within))
                }
                EscalationTrigger::OverdueReply => "a reply is overdue".to_owned(),
                EscalationTrigger::NonCompliance => "a penalty is not complied with".to_owned(),
                EscalationTrigger::GraveFinding => "a grave violation is found".to_owned(),
                EscalationTrigger::MissedCommitment => "a commitment made in the talks is missed".to_owned(),
                EscalationTrigger::Surge { .. } => {
                    format!("an early-warning alert is raised ({})", e.trigger.filters())
                }
            };
            let _ = writeln!(out, "  {} [{}]: when {when} → {}", e.id, mark(e.provenance), e.action);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_doha_istanbul_summary() {
        let text = include_str!("../../../agreements/doha-istanbul-2025.toml");
        let agreement = truce_core::Agreement::from_toml(text).unwrap();
        insta::assert_snapshot!(super::render(&agreement), @"
        Doha ceasefire and Istanbul monitoring and verification mechanism (2025)
        doha-istanbul-2025 · version 1 · written · signed 2025-10-19 00:00 +03:00 [Asia/Qatar] in Doha, Qatar
        in force from 2025-10-19 00:00 +03:00 [Asia/Qatar]

        Immediate ceasefire between Pakistan and the Afghan Taliban authorities, agreed in Doha on 19 October 2025 under Qatari and Turkish mediation. In Istanbul on 30–31 October 2025 all four agreed to set up a monitoring and verification mechanism that imposes a penalty on the violating party; its modalities were never agreed. The protocol, penalty ladder and escalation rules in this file are a proposal.

        Participants
          AFG party            Afghan Taliban authorities
          JVT monitoring_team  Joint Verification Team  (PROPOSAL)
          PAK party            Pakistan
          QAT mediator         Qatar
          TUR mediator         Türkiye

        Provisions
          P1 Cessation of cross-border hostilities [agreed]
               must not commit by PAK, AFG; the whole border region
               acts: armed_clash, shelling_artillery, air_drone_strike, ground_incursion, attack_on_civilians
          P2 No use of Afghan territory for attacks on Pakistan [PROPOSAL]
               must prevent by AFG; the whole border region
               acts: cross_border_infiltration, suicide_bombing, ied, armed_clash, attack_on_civilians, support_to_armed_group
          P3 No use of Pakistani territory for attacks on Afghanistan [PROPOSAL]
               must prevent by PAK; the whole border region
               acts: cross_border_infiltration, suicide_bombing, ied, armed_clash, attack_on_civilians, support_to_armed_group
          P4 Territorial and airspace integrity [PROPOSAL]
               must not commit by PAK, AFG; the whole border region
               acts: air_drone_strike, airspace_violation, ground_incursion
          P5 Cooperation with verification [PROPOSAL]
               must not commit by PAK, AFG; within 50 km of the line
               acts: obstruction_of_monitors
          P6 No build-up at the main crossings [PROPOSAL]
               must not commit by PAK, AFG; in Torkham crossing area, Chaman–Spin Boldak crossing area
               acts: force_buildup, fortification

        Verification protocol [PROPOSAL]
          who may file: parties, mediators, monitors, the public
          deadlines: acknowledge 2 days, triage 3 days, reply 7 days, investigation 21 days, appeal 14 days, compliance 30 days
          decision: consensus of QAT, TUR
          standards of proof: occurrence balance of probabilities; direct act clear and convincing; failure to prevent clear and convincing
          publication: findings 7 days after they are final; penalties published; statistics published

        Penalty ladder [PROPOSAL]
          1  Formal notice
          2  Public attribution
          3  Referral to a principals' meeting
          4  Suspension of agreed benefits
          base level by severity: minor 1, serious 2, grave 3
          recidivism: +1 per earlier confirmed violation within 90 days, at most +2
          aggravating: civilian deaths +1, air or drone strike +1, act against the monitors +1
          cap: level 4

        Escalation
          pattern [PROPOSAL]: when 3 confirmed violations by one party within 30 days → Principals' meeting convened by the mediators within 14 days
          silence [PROPOSAL]: when a reply is overdue → Mediators raise the unanswered allegation with the party's principal
          defiance [PROPOSAL]: when a penalty is not complied with → Principals' meeting on the party's non-compliance with a decided penalty
          grave [PROPOSAL]: when a grave violation is found → Immediate call between the mediators and both principals
          missed-commitment [PROPOSAL]: when a commitment made in the talks is missed → The mediators publish the missed commitment and convene the principals within 14 days to set a new date
          surge [PROPOSAL]: when an early-warning alert is raised (methods: surge, cusum; any sector; bases: filed; any act type) → The mediators call both parties' liaison officers within 24 hours and ask the accused party to account for the reports
        ");
    }
}
