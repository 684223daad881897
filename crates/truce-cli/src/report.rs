//! Plain-text reports of cases: each case's history, who did what and when,
//! then the statistics. Used by `truce demo` and `truce scenario run`.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use truce_core::Agreement;
use truce_core::case::{Adopted, Case, Complainant, Event, EventKind, Motion, Occurrence, ReplyPosition};
use truce_core::stats::Statistics;

/// Describes one event in a short sentence.
pub fn describe(event: &Event) -> String {
    match &event.kind {
        EventKind::Reported { complainant, allegation, .. } => format!(
            "filed by {} against {}: {}",
            match complainant {
                Complainant::Participant(p) => p.as_str(),
                Complainant::Public => "a member of the public",
            },
            allegation.accused,
            allegation.summary
        ),
        EventKind::Acknowledged { late, .. } => {
            if *late {
                "receipt acknowledged (late)".into()
            } else {
                "receipt acknowledged".into()
            }
        }
        EventKind::Admitted { .. } => "ruled admissible".into(),
        EventKind::RuledInadmissible { reason } => format!("ruled inadmissible: {reason}"),
        EventKind::MergedInto { target, .. } => format!("merged into {target} as a duplicate"),
        EventKind::DuplicateMerged { duplicate } => format!("duplicate report {duplicate} merged in"),
        EventKind::AccusedNotified { reply_by } => format!("accused notified; reply due by {}", short(*reply_by)),
        EventKind::ReplyReceived { reply } => format!(
            "reply received ({}): {}",
            match reply.position {
                ReplyPosition::Admits => "admits",
                ReplyPosition::Denies => "denies",
                ReplyPosition::Partial => "partly admits",
            },
            reply.text
        ),
        EventKind::ReplyOverdue => "reply overdue".into(),
        EventKind::InvestigationTasked { team, due, replaces } => match replaces {
            Some(old) => format!("{team} tasked to investigate in place of {old}, due {}", short(*due)),
            None => format!("{team} tasked to investigate, due {}", short(*due)),
        },
        EventKind::AccessDenied { denial } => format!("access denied by {} at {}", denial.by, denial.place),
        EventKind::InvestigationReported { late, .. } => {
            if *late {
                "investigation report submitted (late)".into()
            } else {
                "investigation report submitted".into()
            }
        }
        EventKind::MotionOpened { motion } => match motion {
            Motion::Determination { finding } => format!("finding proposed: {}", finding_words(finding)),
            Motion::UpholdOnAppeal { .. } => "proposed to uphold the finding on appeal".into(),
            Motion::ReviseOnAppeal { finding, .. } => {
                format!("proposed to revise the finding: {}", finding_words(finding))
            }
            Motion::Penalty { level, measure, .. } => {
                format!("penalty proposed for decision: level {level} ({measure})")
            }
            Motion::ExtendDeadline { deadline, party, until, reason } => format!(
                "extension proposed: {} deadline{} to {}: {reason}",
                deadline.as_str(),
                party.as_ref().map(|p| format!(" of {p}")).unwrap_or_default(),
                short(*until)
            ),
        },
        EventKind::VoteCast { vote } => {
            if vote.approve {
                format!("{} approves", vote.participant)
            } else {
                format!("{} dissents: {}", vote.participant, vote.reason)
            }
        }
        EventKind::MotionAdopted { adopted } => match adopted {
            Adopted::Finding { appeal_until } => {
                format!("finding adopted; appeals open until {}", short(*appeal_until))
            }
            Adopted::AppealDecided => "appeal decided".into(),
            Adopted::DeadlineExtended => "deadline extended".into(),
            Adopted::Penalty { compliance_by } => {
                format!("penalty decided; compliance due by {}", short(*compliance_by))
            }
        },
        EventKind::MotionFailed => "motion failed under the decision rule".into(),
        EventKind::AppealFiled { appeal } => format!("appeal filed by {}: {}", appeal.by, appeal.grounds),
        EventKind::FindingFinal => "finding final".into(),
        EventKind::PenaltyProposed { proposal } => {
            format!("engine proposes level {}: {}", proposal.level, proposal.measure_title)
        }
        EventKind::ComplianceRecorded { complied, .. } => {
            if *complied {
                "compliance recorded".into()
            } else {
                "non-compliance recorded".into()
            }
        }
        EventKind::EscalationTriggered { action, reason, .. } => format!("ESCALATION: {reason} → {action}"),
        EventKind::Closed { .. } => "closed".into(),
        EventKind::Reopened { reason, .. } => format!("reopened: {reason}"),
        EventKind::AllegationAmended { reason, .. } => format!("allegation amended by its filer: {reason}"),
        EventKind::AllegationWithdrawn { reason } => format!("allegation withdrawn by its filer: {reason}"),
        EventKind::CaseLinked { other, relation, .. } => format!("linked to {other} ({})", relation.as_str()),
        // The text is the mediators' alone; the report says only that there is one.
        EventKind::NoteAdded { .. } => "internal note added (mediators only)".into(),
    }
}

fn finding_words(f: &truce_core::case::Finding) -> String {
    let occurrence = match f.occurrence {
        Occurrence::Confirmed => "occurred",
        Occurrence::NotConfirmed => "not confirmed",
        Occurrence::Inconclusive => "inconclusive",
    };
    match &f.attribution {
        Some(a) => format!(
            "{occurrence}; {} responsible ({}); {}",
            a.party,
            a.basis.describe(),
            f.severity.map_or("", |s| s.as_str())
        ),
        None => format!("{occurrence}; not attributed"),
    }
}

fn short(t: jiff::Timestamp) -> String {
    t.to_zoned_datetime(TimeZone::UTC).strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Renders every case's history.
pub fn cases<'a>(cases: impl Iterator<Item = &'a Case>) -> String {
    let mut out = String::new();
    for case in cases {
        let _ = writeln!(out, "\n■ {}  [{}]", case.id, case.status);
        let _ = writeln!(out, "  {}", case.allegation.summary);
        if let Some(loc) = &case.allegation.location {
            let _ = writeln!(out, "  where: {} ({:.4}, {:.4})", loc.place_name, loc.lat, loc.lon);
        }
        for event in &case.history {
            let who = event.actor.as_ref().map_or_else(|| "rules".to_owned(), |a| a.principal.to_string());
            let _ = writeln!(out, "  {}  {:<13} {}", short(event.at), who, describe(event));
        }
        if let Some(p) = &case.penalty_proposal {
            let _ = writeln!(out, "  penalty explained: {}", p.explanation());
        }
    }
    out
}

/// Renders statistics as a small table.
pub fn statistics(agreement: &Agreement, s: &Statistics) -> String {
    let mut out = String::new();
    let o = &s.overall;
    let _ = writeln!(
        out,
        "\nStatistics for incidents from {} to {}",
        s.from.strftime("%Y-%m-%d"),
        s.until.strftime("%Y-%m-%d")
    );
    let _ = writeln!(
        out,
        "  reported {}, duplicates {}, admissible {}, inadmissible {}, confirmed {}, attributed {}, dismissed {}, overdue replies {}",
        o.reported,
        o.duplicates,
        o.admissible,
        o.inadmissible,
        o.confirmed,
        o.attributed,
        o.dismissed,
        o.overdue_replies
    );
    if let Some(m) = s.median_days_to_determination {
        let _ = writeln!(out, "  median days from report to determination: {m:.1}");
    }
    let _ = writeln!(out, "  party                         against  attributed  severity pts  replies on time  index");
    for p in &s.parties {
        let name = agreement.participant(&p.party).map_or(p.party.as_str(), |x| x.name("en"));
        let _ = writeln!(
            out,
            "  {:<29} {:>7}  {:>10}  {:>12}  {:>8}/{:<6}  {:>5}",
            name,
            p.against.reported,
            p.against.attributed,
            p.severity_points,
            p.replies_on_time,
            p.replies_requested,
            p.compliance_index
        );
    }
    for w in &s.weeks {
        let by: Vec<String> = w.violations_by_party.iter().map(|(p, n)| format!("{p} {n}")).collect();
        let _ = writeln!(
            out,
            "  {}: {} reported, {} confirmed; violations: {}",
            w.week,
            w.reported,
            w.confirmed,
            if by.is_empty() { "none".into() } else { by.join(", ") }
        );
    }
    out
}

/// Map markers for the cases that have a location, coloured by what is
/// known: the finding's occurrence once there is one, otherwise whether the
/// case is still alleged or under investigation.
pub fn map_markers<'a>(cases: impl Iterator<Item = &'a Case>) -> Vec<truce_geo::MapMarker> {
    use truce_core::Status;
    cases
        .filter(|c| c.status != Status::Merged)
        .filter_map(|case| {
            let loc = case.allegation.location.as_ref()?;
            let point = truce_geo::GeoPoint::parse_with_precision(loc.lat, loc.lon, loc.precision).ok()?;
            let status = match (&case.finding, case.status) {
                (Some(f), _) => match f.occurrence {
                    Occurrence::Confirmed => "confirmed",
                    Occurrence::NotConfirmed => "not_confirmed",
                    Occurrence::Inconclusive => "inconclusive",
                },
                (None, Status::UnderInvestigation | Status::FindingsSubmitted | Status::Deliberation) => {
                    "under_investigation"
                }
                (None, _) if case.inadmissible_reason.is_some() => "inadmissible",
                (None, _) => "reported",
            };
            let date = case.allegation.occurred_at.strftime("%-d %b").to_string();
            Some(truce_geo::MapMarker {
                point,
                label: format!("{} ({date})", loc.place_name),
                status: status.to_owned(),
            })
        })
        .collect()
}
