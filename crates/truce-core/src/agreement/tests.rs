//! Tests for agreement parsing and validation: the shipped agreement, and one
//! test per broken rule, each checking the key path and the reason.
//!
//! Every failure test goes through [`check`]: it edits the shipped agreement
//! as text, parses the result and looks for the one diagnostic the edit must
//! cause. Starting from a valid file means each test breaks exactly the rule
//! it names, and the edit reads like the mistake a drafter would make.

use super::*;

pub(crate) const DOHA: &str = include_str!("../../../../agreements/doha-istanbul-2025.toml");

#[test]
fn the_shipped_agreement_is_valid() {
    let a = Agreement::from_toml(DOHA).unwrap_or_else(|e| panic!("{}", e.render("doha")));
    assert_eq!(a.identity.id.as_str(), "doha-istanbul-2025");
    assert_eq!(a.parties().count(), 2);
    assert_eq!(a.provisions.len(), 6);
    assert_eq!(a.protocol.decision.approvals_needed(), 2);
    assert_eq!(a.protocol.deadlines.reply, SignedDuration::from_hours(7 * 24));
    assert_eq!(a.penalties.ladder.len(), 4);
    assert_eq!(a.identity.signed_at.time_zone().iana_name(), Some("Asia/Qatar"));
}

// ---------------------------------------------------------------------------
// The helper.

/// Applies `edit` to the shipped agreement, parses the result and returns the
/// diagnostic at `path` whose message contains `message_part`.
///
/// It also checks the position: when the key at `path` is written in the
/// edited text, the diagnostic must point at a line that holds it; when it is
/// not (a missing key), the position must be `None`. A diagnostic with an
/// empty path (a syntax or shape error from serde) must always have one.
#[track_caller]
fn check(edit: impl Fn(&str) -> String, path: &str, message_part: &str) -> Diagnostic {
    let text = edit(DOHA);
    assert_ne!(text, DOHA, "the edit changed nothing, so this test would prove nothing");
    let errors = match Agreement::from_toml(&text) {
        Ok(_) => panic!("expected an error at `{path}` containing {message_part:?}, but the edited agreement is valid"),
        Err(errors) => errors,
    };
    assert!(!errors.diagnostics.is_empty(), "an error must carry at least one diagnostic");
    let Some(found) = errors.diagnostics.iter().find(|d| d.path == path && d.message.contains(message_part)) else {
        panic!("no diagnostic at `{path}` containing {message_part:?}; got:\n{}", errors.render("edited.toml"));
    };
    let key = last_key(path);
    match found.position {
        Some((line, column)) => {
            let line_text = text.lines().nth(line - 1).unwrap_or_else(|| panic!("line {line} is past the end"));
            assert!(
                column >= 1 && column <= line_text.chars().count() + 1,
                "column {column} is outside line {line}: {line_text:?}"
            );
            assert!(
                line_text.contains(key),
                "`{path}` is reported at line {line}, which does not mention `{key}`: {line_text:?}"
            );
        }
        None => {
            assert!(!path.is_empty(), "a syntax or shape error must say where it is: {found:?}");
            assert!(
                !written_as_key(&text, key),
                "`{key}` is written in the file, but the diagnostic at `{path}` has no position"
            );
        }
    }
    found.clone()
}

/// The last key of a path: `penalties.ladder[2].level` gives `level`,
/// `zones[0].polygon[3]` gives `polygon`.
fn last_key(path: &str) -> &str {
    let segment = path.rsplit('.').next().unwrap_or(path);
    segment.split('[').next().unwrap_or(segment)
}

/// Whether `key` appears as a key (`key =`, `[key]`, `[a.key]`) outside comments.
fn written_as_key(text: &str, key: &str) -> bool {
    text.lines().map(|line| line.split('#').next().unwrap_or(line)).any(|code| {
        code.match_indices(key).any(|(at, _)| {
            let before = code[..at].chars().next_back();
            let after = code[at + key.len()..].trim_start().chars().next();
            let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            starts_word && matches!(after, Some('=' | ']'))
        })
    })
}

/// An edit that replaces the first `from` with `to`.
fn replace(from: &'static str, to: &'static str) -> impl Fn(&str) -> String {
    move |text: &str| text.replacen(from, to, 1)
}

/// An edit that deletes the text from `start` (included) up to `end` (kept).
fn cut(start: &'static str, end: &'static str) -> impl Fn(&str) -> String {
    move |text: &str| {
        let (Some(from), Some(to)) = (text.find(start), text.find(end)) else {
            return text.to_owned();
        };
        format!("{}{}", &text[..from], &text[to..])
    }
}

/// Parses `text`, which must be valid.
#[track_caller]
fn valid(text: &str) -> Agreement {
    assert_ne!(text, DOHA, "the edit changed nothing");
    Agreement::from_toml(text).unwrap_or_else(|e| panic!("expected a valid agreement:\n{}", e.render("edited.toml")))
}

// ---------------------------------------------------------------------------
// The format line and the agreement's identity.

#[test]
fn an_unknown_format_is_rejected() {
    check(
        replace(r#"format = "truce.agreement/v1""#, r#"format = "truce.agreement/v2""#),
        "format",
        r#""truce.agreement/v2" is not a known format; expected "truce.agreement/v1""#,
    );
}

#[test]
fn the_title_must_not_be_empty() {
    check(
        replace(
            r#"title = "Doha ceasefire and Istanbul monitoring and verification mechanism (2025)""#,
            r#"title = "   ""#,
        ),
        "agreement.title",
        "must not be empty",
    );
}

#[test]
fn versions_count_from_one() {
    check(replace("version = 1", "version = 0"), "agreement.version", "versions count from 1");
}

#[test]
fn an_agreement_cannot_supersede_itself() {
    check(
        replace("supersedes = []", r#"supersedes = ["doha-2024", "doha-istanbul-2025"]"#),
        "agreement.supersedes",
        "the agreement doha-istanbul-2025 cannot supersede itself",
    );
}

#[test]
fn a_source_needs_a_title() {
    check(
        replace(
            r#"title = "Qatar Ministry of Foreign Affairs statement on the Doha talks (via KUNA)""#,
            r#"title = """#,
        ),
        "agreement.sources[0].title",
        "must not be empty",
    );
}

#[test]
fn dates_need_a_time_zone() {
    // An offset alone is not enough: the zone decides how local dates fall.
    check(
        replace(r#"signed_at = "2025-10-19T00:00:00+03:00[Asia/Qatar]""#, r#"signed_at = "2025-10-19T00:00:00+03:00""#),
        "agreement.signed_at",
        r#""2025-10-19T00:00:00+03:00" is not a date-time with a time zone, such as "2025-10-19T00:00:00+03:00[Asia/Qatar]""#,
    );
    check(
        replace(r#"effective_at = "2025-10-19T00:00:00+03:00[Asia/Qatar]""#, r#"effective_at = "2025-10-19""#),
        "agreement.effective_at",
        "is not a date-time with a time zone",
    );
    check(
        replace(r#"place = "Doha, Qatar""#, "place = \"Doha, Qatar\"\nends_at = \"2026-10-19T00:00:00Z\""),
        "agreement.ends_at",
        "is not a date-time with a time zone",
    );
}

#[test]
fn the_end_must_come_after_the_start() {
    check(
        replace(
            r#"place = "Doha, Qatar""#,
            "place = \"Doha, Qatar\"\nends_at = \"2025-10-18T23:00:00+03:00[Asia/Qatar]\"",
        ),
        "agreement.ends_at",
        "must be after agreement.effective_at",
    );
    // The same instant written in another zone is not after it either.
    check(
        replace(r#"place = "Doha, Qatar""#, "place = \"Doha, Qatar\"\nends_at = \"2025-10-18T21:00:00+00:00[UTC]\""),
        "agreement.ends_at",
        "must be after agreement.effective_at",
    );
}

#[test]
fn an_end_date_after_the_start_is_accepted() {
    let a = valid(&DOHA.replacen(
        r#"place = "Doha, Qatar""#,
        "place = \"Doha, Qatar\"\nends_at = \"2026-10-19T00:00:00+05:00[Asia/Karachi]\"",
        1,
    ));
    assert!(a.in_force_at("2026-01-01T00:00:00Z".parse().unwrap()));
    assert!(!a.in_force_at("2026-10-19T00:00:00Z".parse().unwrap()));
}

// ---------------------------------------------------------------------------
// Participants.

#[test]
fn a_participant_cannot_be_listed_twice() {
    check(
        replace("id = \"AFG\"\nkind = \"party\"", "id = \"PAK\"\nkind = \"party\""),
        "participants[1].id",
        "participant PAK is listed twice",
    );
}

#[test]
fn a_participant_needs_an_english_name() {
    check(
        replace(r#"names = { en = "Qatar", "#, "names = { "),
        "participants[2].names",
        "needs an English name (`en`)",
    );
}

#[test]
fn names_must_not_be_empty() {
    check(replace(r#"en = "Pakistan""#, r#"en = " ""#), "participants[0].names.en", "must not be empty");
    check(replace(r#"tr = "Katar""#, r#"tr = """#), "participants[2].names.tr", "must not be empty");
}

#[test]
fn a_ceasefire_needs_two_parties() {
    check(
        replace("id = \"AFG\"\nkind = \"party\"", "id = \"AFG\"\nkind = \"guarantor\""),
        "participants",
        "a ceasefire needs at least two parties; found 1",
    );
}

// ---------------------------------------------------------------------------
// Zones.

#[test]
fn a_zone_needs_three_points() {
    check(
        replace(
            "polygon = [[71.055, 34.090], [71.115, 34.090], [71.115, 34.140], [71.055, 34.140]]",
            "polygon = [[71.055, 34.090], [71.115, 34.090]]",
        ),
        "zones[0].polygon",
        "a polygon needs at least 3 points; found 2",
    );
}

#[test]
fn zone_points_must_be_longitude_latitude_in_range() {
    check(
        replace("[71.115, 34.140]", "[191.115, 34.140]"),
        "zones[0].polygon[2]",
        "[191.115, 34.14] is not a [longitude, latitude] pair in range",
    );
    check(
        replace("[66.480, 30.950]", "[66.480, -90.5]"),
        "zones[1].polygon[2]",
        "is not a [longitude, latitude] pair in range",
    );
    check(replace("[66.410, 30.895]", "[nan, 30.895]"), "zones[1].polygon[0]", "is not a [longitude, latitude] pair");
}

#[test]
fn a_zone_cannot_be_declared_twice() {
    check(
        replace(r#"id = "chaman-spin-boldak""#, r#"id = "torkham""#),
        "zones[1].id",
        "zone torkham is declared twice",
    );
}

// ---------------------------------------------------------------------------
// Provisions.

#[test]
fn a_provision_cannot_be_declared_twice() {
    check(replace(r#"id = "P3""#, r#"id = "P2""#), "provisions[2].id", "provision P2 is declared twice");
}

#[test]
fn a_provision_needs_text() {
    check(
        replace(
            "text = \"\"\"\nNeither party conducts air or drone strikes on the other's territory, violates its \\\nairspace, or sends forces across the line.\"\"\"",
            "text = \"\"",
        ),
        "provisions[3].text",
        "must not be empty",
    );
}

#[test]
fn a_provision_needs_a_bearer() {
    check(
        replace(r#"bearers = ["AFG"]"#, "bearers = []"),
        "provisions[1].bearers",
        "a provision must bind at least one party",
    );
}

#[test]
fn a_bearer_must_be_a_listed_participant() {
    check(
        replace(r#"bearers = ["AFG"]"#, r#"bearers = ["TTP"]"#),
        "provisions[1].bearers[0]",
        "unknown participant TTP; participants are: AFG, JVT, PAK, QAT, TUR",
    );
}

#[test]
fn only_parties_bear_obligations() {
    check(
        replace(r#"bearers = ["PAK"]"#, r#"bearers = ["PAK", "QAT"]"#),
        "provisions[2].bearers[1]",
        "QAT is a mediator, and only parties bear obligations",
    );
    check(
        replace(r#"bearers = ["PAK"]"#, r#"bearers = ["JVT"]"#),
        "provisions[2].bearers[0]",
        "JVT is a monitoring_team, and only parties bear obligations",
    );
}

#[test]
fn a_provision_needs_an_act_type() {
    check(
        replace(
            r#"prohibited_acts = ["air_drone_strike", "airspace_violation", "ground_incursion"]"#,
            "prohibited_acts = []",
        ),
        "provisions[3].prohibited_acts",
        "list at least one act type",
    );
}

#[test]
fn a_border_band_is_between_0_and_500_km() {
    for (km, shown) in [("0", "0 km"), ("-5", "-5 km"), ("501", "501 km"), ("nan", "NaN km"), ("inf", "inf km")] {
        let to: &'static str = format!("km = {km} }}").leak();
        check(
            replace("km = 50 }", to),
            "provisions[4].scope.km",
            &format!("{shown} is not a band width between 0 and 500 km"),
        );
    }
    let a = valid(&DOHA.replacen("km = 50 }", "km = 500 }", 1));
    assert_eq!(a.provisions[4].scope, GeoScope::BorderBand { km: 500.0 });
}

#[test]
fn a_zone_scope_names_declared_zones() {
    check(
        replace(r#"zones = ["torkham", "chaman-spin-boldak"]"#, r#"zones = ["torkham", "chaman"]"#),
        "provisions[5].scope.zones[1]",
        "unknown zone chaman; declared zones: chaman-spin-boldak, torkham",
    );
}

#[test]
fn a_zone_scope_names_at_least_one_zone() {
    check(
        replace(r#"zones = ["torkham", "chaman-spin-boldak"]"#, "zones = []"),
        "provisions[5].scope.zones",
        "name at least one zone",
    );
}

#[test]
fn a_provision_ends_after_it_starts() {
    check(
        replace(
            "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"",
            "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"\n\
             valid_from = \"2025-11-01T00:00:00+05:00[Asia/Karachi]\"\n\
             valid_until = \"2025-10-31T00:00:00+05:00[Asia/Karachi]\"",
        ),
        "provisions[0].valid_until",
        "must be after valid_from",
    );
}

#[test]
fn provision_dates_need_a_time_zone() {
    check(
        replace(
            "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"",
            "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"\nvalid_from = \"2025-11-01T00:00:00\"",
        ),
        "provisions[0].valid_from",
        "is not a date-time with a time zone",
    );
}

#[test]
fn an_agreement_needs_a_provision() {
    check(
        cut("# --- Provisions", "# --- Verification protocol"),
        "provisions",
        "an agreement needs at least one provision",
    );
}

// ---------------------------------------------------------------------------
// The verification protocol.

#[test]
fn someone_must_be_able_to_file() {
    check(
        replace(r#"may_file = ["parties", "mediators", "monitors", "public"]"#, "may_file = []"),
        "protocol.may_file",
        "someone must be able to file an allegation",
    );
}

#[test]
fn every_deadline_must_be_a_duration() {
    for (line, key) in [
        (r#"acknowledge = "48h""#, "acknowledge"),
        (r#"triage = "3 days""#, "triage"),
        (r#"reply = "7 days""#, "reply"),
        (r#"investigation = "21 days""#, "investigation"),
        (r#"appeal = "14 days""#, "appeal"),
        (r#"compliance = "30 days""#, "compliance"),
    ] {
        let to: &'static str = format!("{key} = \"soon\"").leak();
        check(
            replace(line, to),
            &format!("protocol.deadlines.{key}"),
            r#""soon" is not a duration; write it as ISO 8601 ("P7D", "PT48H") or friendly ("7 days", "48h")"#,
        );
    }
    // Months have no fixed length, so they are not accepted.
    check(replace(r#"appeal = "14 days""#, r#"appeal = "1 month""#), "protocol.deadlines.appeal", "is not a duration");
}

#[test]
fn deadlines_must_be_positive() {
    check(
        replace(r#"reply = "7 days""#, r#"reply = "0 days""#),
        "protocol.deadlines.reply",
        r#""0 days" must be a positive duration"#,
    );
    check(
        replace(r#"triage = "3 days""#, r#"triage = "-P3D""#),
        "protocol.deadlines.triage",
        "must be a positive duration",
    );
}

#[test]
fn durations_are_iso_8601_or_friendly_and_days_are_24_hours() {
    let a = valid(
        &DOHA
            .replacen(r#"acknowledge = "48h""#, r#"acknowledge = "PT48H""#, 1)
            .replacen(r#"triage = "3 days""#, r#"triage = "P3D""#, 1)
            .replacen(r#"reply = "7 days""#, r#"reply = "1 week""#, 1),
    );
    let d = a.protocol.deadlines;
    assert_eq!(d.acknowledge, SignedDuration::from_hours(48));
    assert_eq!(d.triage, SignedDuration::from_hours(72));
    assert_eq!(d.reply, SignedDuration::from_hours(7 * 24));
}

#[test]
fn the_findings_delay_may_be_zero_but_must_be_a_duration() {
    for zero in ["0", "PT0S", "0 days", "0s"] {
        let a = valid(&DOHA.replacen(r#"findings_delay = "7 days""#, &format!("findings_delay = \"{zero}\""), 1));
        assert_eq!(a.protocol.publication.findings_delay, SignedDuration::ZERO, "{zero}");
    }
    check(
        replace(r#"findings_delay = "7 days""#, r#"findings_delay = "never""#),
        "protocol.publication.findings_delay",
        "is not a duration",
    );
    check(
        replace(r#"findings_delay = "7 days""#, r#"findings_delay = "-1 day""#),
        "protocol.publication.findings_delay",
        "must be a positive duration",
    );
}

#[test]
fn the_chair_rule_needs_a_chair() {
    check(
        replace(r#"rule = "consensus""#, r#"rule = "chair""#),
        "protocol.decision.chair",
        r#"rule "chair" needs a chair"#,
    );
}

#[test]
fn the_chair_must_be_a_voter() {
    check(
        replace(r#"rule = "consensus""#, "rule = \"chair\"\nchair = \"PAK\""),
        "protocol.decision.chair",
        "the chair PAK must be one of the voters (QAT, TUR)",
    );
}

#[test]
fn a_chair_decides_alone() {
    let a = valid(&DOHA.replacen(r#"rule = "consensus""#, "rule = \"chair\"\nchair = \"TUR\"", 1));
    assert_eq!(a.protocol.decision.rule, DecisionRule::Chair(ParticipantId::parse("TUR").unwrap()));
    assert_eq!(a.protocol.decision.approvals_needed(), 1);
}

#[test]
fn k_of_n_needs_k() {
    check(replace(r#"rule = "consensus""#, r#"rule = "k_of_n""#), "protocol.decision.k", r#"rule "k_of_n" needs k"#);
}

#[test]
fn k_above_the_number_of_voters_cannot_be_met() {
    check(
        replace(r#"rule = "consensus""#, "rule = \"k_of_n\"\nk = 3"),
        "protocol.decision.k",
        "3 of 2 can never be met: k must be between 1 and the number of voters (QAT, TUR)",
    );
}

#[test]
fn k_must_be_at_least_one() {
    check(
        replace(r#"rule = "consensus""#, "rule = \"k_of_n\"\nk = 0"),
        "protocol.decision.k",
        "0 of 2 can never be met",
    );
    check(
        replace(r#"rule = "consensus""#, "rule = \"k_of_n\"\nk = -1"),
        "protocol.decision.k",
        "-1 of 2 can never be met",
    );
}

#[test]
fn k_of_n_within_range_is_accepted() {
    let a = valid(&DOHA.replacen(r#"rule = "consensus""#, "rule = \"k_of_n\"\nk = 1", 1));
    assert_eq!(a.protocol.decision.rule, DecisionRule::KOfN(1));
    assert_eq!(a.protocol.decision.approvals_needed(), 1);
}

#[test]
fn a_chair_only_goes_with_the_chair_rule() {
    check(
        replace(r#"rule = "consensus""#, "rule = \"consensus\"\nchair = \"QAT\""),
        "protocol.decision.chair",
        r#"a chair is only used with rule "chair""#,
    );
}

#[test]
fn k_only_goes_with_the_k_of_n_rule() {
    check(
        replace(r#"rule = "consensus""#, "rule = \"consensus\"\nk = 2"),
        "protocol.decision.k",
        r#"k is only used with rule "k_of_n""#,
    );
}

#[test]
fn a_party_cannot_vote() {
    check(
        replace(r#"voters = ["QAT", "TUR"]"#, r#"voters = ["QAT", "TUR", "PAK"]"#),
        "protocol.decision.voters[2]",
        "PAK is a party; only mediators and guarantors vote",
    );
    check(
        replace(r#"voters = ["QAT", "TUR"]"#, r#"voters = ["JVT", "TUR"]"#),
        "protocol.decision.voters[0]",
        "JVT is a monitoring_team; only mediators and guarantors vote",
    );
}

#[test]
fn a_guarantor_may_vote() {
    let a = valid(&DOHA.replacen("id = \"TUR\"\nkind = \"mediator\"", "id = \"TUR\"\nkind = \"guarantor\"", 1));
    assert_eq!(a.protocol.decision.voters.len(), 2);
}

#[test]
fn a_voter_must_be_a_listed_participant() {
    check(
        replace(r#"voters = ["QAT", "TUR"]"#, r#"voters = ["QAT", "TRK"]"#),
        "protocol.decision.voters[1]",
        "unknown participant TRK; participants are: AFG, JVT, PAK, QAT, TUR",
    );
}

#[test]
fn a_voter_cannot_be_listed_twice() {
    check(
        replace(r#"voters = ["QAT", "TUR"]"#, r#"voters = ["QAT", "TUR", "QAT"]"#),
        "protocol.decision.voters[2]",
        "QAT is listed twice",
    );
}

#[test]
fn someone_must_decide() {
    check(
        replace(r#"voters = ["QAT", "TUR"]"#, "voters = []"),
        "protocol.decision",
        "no one can decide: list mediators among the participants, or voters",
    );
}

#[test]
fn voters_default_to_the_mediators() {
    let a = valid(&DOHA.replacen("voters = [\"QAT\", \"TUR\"]\n", "", 1));
    let voters: Vec<&str> = a.protocol.decision.voters.iter().map(ParticipantId::as_str).collect();
    assert_eq!(voters, ["QAT", "TUR"]);
}

// ---------------------------------------------------------------------------
// The penalty ladder.

/// The four rungs of the shipped ladder, to cut out.
fn without_rungs() -> impl Fn(&str) -> String {
    |text: &str| {
        cut("[[penalties.ladder]]", "[penalties.base_level]")(text).replacen("cap = 4\n", "cap = 4\nladder = []\n", 1)
    }
}

#[test]
fn the_ladder_needs_a_rung() {
    check(without_rungs(), "penalties.ladder", "the ladder needs at least one rung");
}

#[test]
fn levels_count_from_one() {
    check(
        replace("level = 1\nid = \"formal_notice\"", "level = 0\nid = \"formal_notice\""),
        "penalties.ladder[0].level",
        "0 is not a level; levels count from 1",
    );
}

#[test]
fn two_rungs_cannot_share_a_level() {
    check(
        replace("level = 2\nid = \"public_attribution\"", "level = 1\nid = \"public_attribution\""),
        "penalties.ladder[1].level",
        "level 1 overlaps penalties.ladder[0], which has the same level",
    );
}

#[test]
fn the_ladder_has_no_gaps() {
    check(
        replace("level = 3\nid = \"principals_referral\"", "level = 5\nid = \"principals_referral\""),
        "penalties.ladder",
        "level 3 is missing; levels must run 1, 2, 3 … without gaps",
    );
}

#[test]
fn rungs_may_be_written_in_any_order() {
    let a = valid(
        &DOHA
            .replacen("level = 1\nid = \"formal_notice\"", "level = 9\nid = \"formal_notice\"", 1)
            .replacen("level = 4\nid = \"benefit_suspension\"", "level = 1\nid = \"benefit_suspension\"", 1)
            .replacen("level = 9\nid = \"formal_notice\"", "level = 4\nid = \"formal_notice\"", 1),
    );
    let levels: Vec<u32> = a.penalties.ladder.iter().map(|r| r.level).collect();
    assert_eq!(levels, [1, 2, 3, 4]);
    assert_eq!(a.penalties.rung(1).map(|r| r.id.as_str()), Some("benefit_suspension"));
}

#[test]
fn a_measure_is_on_the_ladder_once() {
    check(
        replace(r#"id = "public_attribution""#, r#"id = "formal_notice""#),
        "penalties.ladder[1].id",
        "measure formal_notice is on the ladder twice",
    );
}

#[test]
fn a_measure_must_be_named() {
    check(
        replace(r#"measure = "Formal notice""#, r#"measure = """#),
        "penalties.ladder[0].measure",
        "must not be empty",
    );
}

#[test]
fn every_severity_has_a_base_level() {
    check(replace("\ngrave = 3\n", "\n"), "penalties.base_level", "no base level for severity grave");
}

#[test]
fn a_base_level_is_a_level() {
    check(replace("minor = 1", "minor = 0"), "penalties.base_level.minor", "0 is not a level; levels count from 1");
}

#[test]
fn a_base_level_is_on_the_ladder() {
    check(
        replace("grave = 3", "grave = 5"),
        "penalties.base_level.grave",
        "level 5 is above the top of the ladder (4)",
    );
}

#[test]
fn a_graver_severity_starts_no_lower() {
    check(
        replace("grave = 3", "grave = 1"),
        "penalties.base_level.grave",
        "a graver severity cannot start lower on the ladder than a milder one",
    );
}

#[test]
fn the_cap_is_on_the_ladder() {
    check(replace("cap = 4", "cap = 5"), "penalties.cap", "cap 5 is above the top of the ladder (4)");
    check(replace("cap = 4", "cap = 0"), "penalties.cap", "0 is not a level; levels count from 1");
}

#[test]
fn the_cap_is_not_below_a_base_level() {
    check(replace("cap = 4", "cap = 2"), "penalties.cap", "cap 2 is below the base level of grave (3)");
}

#[test]
fn the_recidivism_window_is_a_duration() {
    check(
        replace(r#"window = "90 days""#, r#"window = "a season""#),
        "penalties.recidivism.window",
        "is not a duration",
    );
    check(replace(r#"window = "90 days""#, r#"window = "P3M""#), "penalties.recidivism.window", "is not a duration");
    check(
        replace(r#"window = "90 days""#, r#"window = "0h""#),
        "penalties.recidivism.window",
        "must be a positive duration",
    );
}

#[test]
fn steps_are_not_negative() {
    check(
        replace("step = 1\nmax_step = 2", "step = -1\nmax_step = 2"),
        "penalties.recidivism.step",
        "-1 must be zero or a positive whole number",
    );
    check(
        replace("max_step = 2", "max_step = -2"),
        "penalties.recidivism.max_step",
        "-2 must be zero or a positive whole number",
    );
    check(
        replace("factor = \"against_monitors\"\nstep = 1", "factor = \"against_monitors\"\nstep = -1"),
        "penalties.aggravating[2].step",
        "-1 must be zero or a positive whole number",
    );
}

#[test]
fn an_aggravating_factor_is_listed_once() {
    check(
        replace(r#"factor = "air_or_drone_strike""#, r#"factor = "civilian_deaths""#),
        "penalties.aggravating[1].factor",
        "civilian deaths is listed twice",
    );
}

// ---------------------------------------------------------------------------
// Escalation.

#[test]
fn an_escalation_rule_is_declared_once() {
    check(
        replace(r#"id = "silence""#, r#"id = "pattern""#),
        "escalation[1].id",
        "escalation rule pattern is declared twice",
    );
}

#[test]
fn an_escalation_rule_says_what_happens() {
    check(
        replace(r#"action = "Mediators raise the unanswered allegation with the party's principal""#, r#"action = """#),
        "escalation[1].action",
        "must say what happens",
    );
}

#[test]
fn a_violation_count_is_at_least_one() {
    check(replace("count = 3", "count = 0"), "escalation[0].trigger.count", "0 must be at least 1");
}

#[test]
fn a_violation_window_is_a_duration() {
    check(
        replace(r#"within = "30 days""#, r#"within = "a month""#),
        "escalation[0].trigger.within",
        "is not a duration",
    );
}

const SURGE: &str = r#"trigger = { kind = "surge", methods = ["surge", "cusum"], bases = ["filed"] }"#;

#[test]
fn the_shipped_surge_rule_listens_to_filed_surge_and_cusum_alerts() {
    let a = valid(&DOHA.replace(SURGE, r#"trigger = { kind = "surge", methods = ["surge", "cusum"], bases = ["filed"], sectors = ["chaman_kandahar"] }"#));
    let rule = a.escalation.iter().find(|r| r.id.as_str() == "surge").unwrap();
    use crate::early_warning::{Basis, Method};
    assert_eq!(
        rule.trigger,
        EscalationTrigger::Surge {
            methods: vec![Method::Surge, Method::Cusum],
            sectors: vec!["chaman_kandahar".into()],
            bases: vec![Basis::Filed],
            acts: vec![],
        }
    );
    assert_eq!(rule.provenance, Provenance::Proposal);
}

#[test]
fn a_surge_trigger_names_a_method_the_early_warning_table_uses() {
    check(
        cut("[early_warning.cusum]", "# A surge escalates"),
        "escalation[5].trigger.methods[1]",
        "cusum is not a rule of [early_warning]",
    );
}

#[test]
fn a_surge_trigger_lists_a_method_once() {
    check(
        replace(r#"methods = ["surge", "cusum"]"#, r#"methods = ["surge", "surge"]"#),
        "escalation[5].trigger.methods[1]",
        "surge is listed twice",
    );
}

#[test]
fn a_surge_trigger_names_a_known_method() {
    check(replace(r#"methods = ["surge", "cusum"]"#, r#"methods = ["spike"]"#), "", "unknown variant `spike`");
}

#[test]
fn a_surge_trigger_needs_the_early_warning_table() {
    check(
        |t: &str| {
            let from = t.find("[early_warning]").unwrap();
            let to = t.find("# A surge escalates").unwrap();
            format!("{}{}", &t[..from], &t[to..])
        },
        "escalation[5].trigger.kind",
        "the agreement has no [early_warning] table",
    );
}

#[test]
fn a_surge_trigger_names_a_basis_the_early_warning_table_counts() {
    check(
        |t: &str| t.replacen(r#"bases = ["filed", "confirmed"]"#, r#"bases = ["confirmed"]"#, 1),
        "escalation[5].trigger.bases[0]",
        "filed is not a basis [early_warning] counts",
    );
}

#[test]
fn a_surge_trigger_names_a_known_sector() {
    check(
        replace(r#"bases = ["filed"] }"#, r#"bases = ["filed"], sectors = ["PK-AF-S99"] }"#),
        "escalation[5].trigger.sectors[0]",
        "unknown sector PK-AF-S99",
    );
}

#[test]
fn a_surge_trigger_names_an_act_type_the_early_warning_table_counts() {
    check(
        replace(r#"bases = ["filed"] }"#, r#"bases = ["filed"], acts = ["hostile_propaganda"] }"#),
        "escalation[5].trigger.acts[0]",
        "hostile_propaganda is not an act type [early_warning] counts",
    );
}

#[test]
fn a_surge_trigger_on_act_types_needs_series_by_act_type() {
    check(
        |t: &str| {
            t.replacen(r#"breakdowns = ["total", "act", "accused"]"#, r#"breakdowns = ["total", "accused"]"#, 1)
                .replacen(r#"bases = ["filed"] }"#, r#"bases = ["filed"], acts = ["shelling_artillery"] }"#, 1)
        },
        "escalation[5].trigger.acts",
        "early_warning.breakdowns has no \"act\"",
    );
}

#[test]
fn a_surge_trigger_has_no_unknown_keys() {
    check(replace(r#"bases = ["filed"] }"#, r#"bases = ["filed"], party = "AFG" }"#), "", "unknown field `party`");
}

// ---------------------------------------------------------------------------
// Errors found while reading the file (serde), before any rule is checked.

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1).unwrap_or_else(|| panic!("{needle:?} not found"))
}

#[test]
fn an_unknown_key_is_an_error_with_its_line() {
    let edit = replace(r#"place = "Doha, Qatar""#, "place = \"Doha, Qatar\"\ncolour = \"blue\"");
    let d = check(&edit, "", "unknown field `colour`");
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), "colour")));
}

#[test]
fn an_unknown_key_in_an_inline_table_is_an_error() {
    // A misspelt key must never silently drop a rule, even inside a tagged table.
    let edit = replace(r#"trigger = { kind = "overdue_reply" }"#, r#"trigger = { kind = "overdue_reply", count = 3 }"#);
    let d = check(&edit, "", "unknown field `count`");
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), "overdue_reply")));
    check(
        replace(r#"scope = { kind = "whole_border" }"#, r#"scope = { kind = "whole_border", km = 50 }"#),
        "",
        "unknown field `km`",
    );
}

#[test]
fn a_missing_key_is_an_error() {
    check(replace("form = \"written\"\n", ""), "", "missing field `form`");
}

#[test]
fn a_value_of_the_wrong_type_is_an_error() {
    let edit = replace("version = 1", r#"version = "1""#);
    let d = check(&edit, "", "invalid type: string \"1\"");
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), "version")));
}

#[test]
fn an_unknown_act_type_is_an_error() {
    let edit = replace(r#"["force_buildup", "fortification"]"#, r#"["force_buildup", "fortifications"]"#);
    let d = check(&edit, "", "unknown variant `fortifications`");
    assert!(d.message.contains("armed_clash"), "the message lists the known act types: {}", d.message);
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), r#""fortifications"]"#)));
}

#[test]
fn an_id_with_a_bad_character_is_an_error() {
    let edit = replace(r#"id = "P4""#, r#"id = "P 4""#);
    let d =
        check(&edit, "", r#"identifier "P 4" contains ' '; only letters A-Z, digits, '_', '-' and '.' are allowed"#);
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), "P 4")));
}

#[test]
fn a_toml_syntax_error_is_an_error_with_its_line() {
    let edit = replace(r#"place = "Doha, Qatar""#, r#"place = "Doha, Qatar"#);
    let d = check(&edit, "", "");
    assert_eq!(d.position.map(|(line, _)| line), Some(line_of(&edit(DOHA), "place = ")));
}

// ---------------------------------------------------------------------------
// Reporting.

#[test]
fn every_broken_rule_is_reported_at_once() {
    let text = DOHA
        .replacen("version = 1", "version = 0", 1)
        .replacen(r#"bearers = ["AFG"]"#, r#"bearers = ["TTP"]"#, 1)
        .replacen(r#"reply = "7 days""#, r#"reply = "soon""#, 1)
        .replacen(r#"compliance = "30 days""#, r#"compliance = "later""#, 1)
        .replacen(r#"voters = ["QAT", "TUR"]"#, r#"voters = ["QAT", "PAK"]"#, 1)
        .replacen("cap = 4", "cap = 7", 1)
        .replacen("count = 3", "count = 0", 1);
    let errors = Agreement::from_toml(&text).unwrap_err();
    let paths: Vec<&str> = errors.diagnostics.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "agreement.version",
            "provisions[1].bearers[0]",
            "protocol.deadlines.reply",
            "protocol.deadlines.compliance",
            "protocol.decision.voters[1]",
            "penalties.cap",
            "escalation[0].trigger.count",
        ]
    );
    assert!(errors.diagnostics.iter().all(|d| d.position.is_some()));
}

#[test]
fn a_duplicate_is_reported_even_next_to_another_error() {
    // The first rule also has a bad count; its id still counts as taken.
    check(
        |t: &str| t.replacen("count = 3", "count = 0", 1).replacen(r#"id = "silence""#, r#"id = "pattern""#, 1),
        "escalation[1].id",
        "escalation rule pattern is declared twice",
    );
    // The first rung also has a bad level; its measure id still counts as taken.
    check(
        |t: &str| {
            t.replacen("level = 1\nid = \"formal_notice\"", "level = 0\nid = \"formal_notice\"", 1).replacen(
                r#"id = "public_attribution""#,
                r#"id = "formal_notice""#,
                1,
            )
        },
        "penalties.ladder[1].id",
        "measure formal_notice is on the ladder twice",
    );
    // The first factor also has a bad step; the factor is still listed twice.
    check(
        |t: &str| {
            t.replacen("factor = \"civilian_deaths\"\nstep = 1", "factor = \"civilian_deaths\"\nstep = -1", 1).replacen(
                r#"factor = "air_or_drone_strike""#,
                r#"factor = "civilian_deaths""#,
                1,
            )
        },
        "penalties.aggravating[1].factor",
        "civilian deaths is listed twice",
    );
}

#[test]
fn errors_render_like_a_compiler() {
    let text = DOHA
        .replacen("version = 1", "version = 0", 1)
        .replacen(r#"rule = "consensus""#, r#"rule = "chair""#, 1)
        .replacen(r#"within = "30 days""#, r#"within = "soon""#, 1);
    let errors = Agreement::from_toml(&text).unwrap_err();
    // A key that is not in the file (here `chair`) has no line and column.
    insta::assert_snapshot!(errors.render("f.toml"), @r#"
    error: f.toml:33:11 at `agreement.version`: versions count from 1
    error: f.toml at `protocol.decision.chair`: rule "chair" needs a chair
    error: f.toml:285:64 at `escalation[0].trigger.within`: "soon" is not a duration; write it as ISO 8601 ("P7D", "PT48H") or friendly ("7 days", "48h") (failed to parse input in the "friendly" duration format: expected duration to start with a unit value (a decimal integer) after an optional sign, but no integer was found)
    "#);
    insta::assert_snapshot!(errors.to_string(), @"3 problem(s) in the agreement, first: 33:11: agreement.version: versions count from 1");
}

#[test]
fn a_serde_error_renders_without_a_key_path() {
    let text = DOHA.replacen(r#"id = "P4""#, r#"id = "P 4""#, 1);
    let errors = Agreement::from_toml(&text).unwrap_err();
    // Serde stops at the first problem and knows its place, not its key path.
    insta::assert_snapshot!(errors.render("f.toml"), @r#"error: f.toml:153:6: identifier "P 4" contains ' '; only letters A-Z, digits, '_', '-' and '.' are allowed"#);
}

// ---------------------------------------------------------------------------
// The format reference (docs/agreement-format.md) stays true.

const FORMAT_DOC: &str = include_str!("../../../../docs/agreement-format.md");

#[test]
fn the_documented_example_is_a_valid_agreement() {
    let start_marker = "<!-- agreement-example:start -->\n```toml\n";
    let start = FORMAT_DOC.find(start_marker).expect("the example's start marker") + start_marker.len();
    let end = FORMAT_DOC.find("```\n<!-- agreement-example:end -->").expect("the example's end marker");
    let example = &FORMAT_DOC[start..end];
    let a = Agreement::from_toml(example).unwrap_or_else(|e| panic!("{}", e.render("docs/agreement-format.md")));
    // It is a cut-down copy of the shipped agreement, not a different one.
    let shipped = Agreement::from_toml(DOHA).unwrap();
    assert_eq!(a.identity.id, shipped.identity.id);
    assert_eq!(a.participants.keys().collect::<Vec<_>>(), shipped.participants.keys().collect::<Vec<_>>());
    assert_eq!(a.protocol.deadlines, shipped.protocol.deadlines);
    for provision in &a.provisions {
        let original = shipped.provision(&provision.id).expect("every example provision is a shipped one");
        assert_eq!(provision.provenance, original.provenance, "{}", provision.id);
        assert_eq!(provision.bearers, original.bearers, "{}", provision.id);
    }
}

/// The documented row for the vocabulary word `name`: a table line starting `| `name` |`.
#[track_caller]
fn documented_row(name: &str) -> &'static str {
    let start = format!("| `{name}` |");
    FORMAT_DOC
        .lines()
        .find(|line| line.starts_with(&start))
        .unwrap_or_else(|| panic!("docs/agreement-format.md has no table row for `{name}`"))
}

/// The snake_case name serde reads and writes for a vocabulary word.
fn word(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).unwrap().as_str().unwrap().to_owned()
}

#[test]
fn the_format_reference_lists_every_act_type_with_its_acled_mapping() {
    for act in ActType::ALL {
        assert_eq!(word(act), act.as_str());
        let (event, sub_event) = act.acled().unwrap();
        let row = documented_row(act.as_str());
        assert!(
            row.ends_with(&format!("| {event} | {sub_event} |")),
            "wrong ACLED mapping for {}: {row}",
            act.as_str()
        );
    }
}

#[test]
fn the_format_reference_lists_every_vocabulary_word() {
    use crate::vocab::{AggravatingFactor as F, FilerKind, ParticipantKind as K, StandardOfProof as S};
    let mut words: Vec<String> = Vec::new();
    words.extend(Severity::ALL.map(word));
    words.extend([K::Party, K::Mediator, K::Guarantor, K::MonitoringTeam].map(word));
    words.extend([FilerKind::Parties, FilerKind::Mediators, FilerKind::Monitors, FilerKind::Public].map(word));
    words.extend([S::BalanceOfProbabilities, S::ClearAndConvincing, S::BeyondReasonableDoubt].map(word));
    words.extend(
        [F::CivilianDeaths, F::CivilianInjuries, F::AirOrDroneStrike, F::MassCasualties, F::AgainstMonitors].map(word),
    );
    words.extend(["chair", "consensus", "k_of_n"].map(String::from));
    words.extend(["confirmed_violations", "overdue_reply", "non_compliance", "grave_finding"].map(String::from));
    for w in &words {
        documented_row(w);
    }
}

#[test]
fn a_provision_needs_a_title() {
    check(
        |t| t.replacen("title = \"Cessation of cross-border hostilities\"", "title = \" \"", 1),
        "provisions[0].title",
        "must not be empty",
    );
}

#[test]
fn a_bearer_listed_twice_is_reported() {
    check(
        |t| t.replacen("bearers = [\"PAK\", \"AFG\"]", "bearers = [\"PAK\", \"PAK\"]", 1),
        "provisions[0].bearers[1]",
        "PAK is listed twice",
    );
}

#[test]
fn an_act_listed_twice_is_reported() {
    check(
        |t| {
            t.replacen(
                "prohibited_acts = [\"armed_clash\", \"shelling_artillery\"",
                "prohibited_acts = [\"armed_clash\", \"armed_clash\"",
                1,
            )
        },
        "provisions[0].prohibited_acts[1]",
        "armed_clash is listed twice",
    );
}

#[test]
fn a_provision_cannot_start_before_the_agreement() {
    check(
        |t| {
            t.replacen(
                "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"",
                "scope = { kind = \"whole_border\" }\nvalid_from = \"2025-10-01T00:00:00+05:00[Asia/Karachi]\"\nprovenance = \"agreed\"",
                1,
            )
        },
        "provisions[0].valid_from",
        "is before the agreement takes effect",
    );
}

#[test]
fn a_provision_cannot_outlast_the_agreement() {
    check(
        |t| {
            t.replacen(
                "place = \"Doha, Qatar\"",
                "ends_at = \"2026-10-19T00:00:00+03:00[Asia/Qatar]\"\nplace = \"Doha, Qatar\"",
                1,
            )
            .replacen(
                "scope = { kind = \"whole_border\" }\nprovenance = \"agreed\"",
                "scope = { kind = \"whole_border\" }\nvalid_until = \"2027-01-01T00:00:00+03:00[Asia/Qatar]\"\nprovenance = \"agreed\"",
                1,
            )
        },
        "provisions[0].valid_until",
        "is after the agreement ends",
    );
}

// ---------------------------------------------------------------------------
// Consent: who must sign, with which keys.

const A_KEY: &str = "q5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdnQ=";

/// An edit that appends `table` to the text.
fn append(table: &'static str) -> impl Fn(&str) -> String {
    move |text: &str| format!("{text}\n{table}\n")
}

#[test]
fn signatories_and_participant_keys_are_read_by_participant() {
    let text = append(
        "[consent]\nsignatories = [\"PAK\", \"AFG\"]\n[consent.keys]\nPAK = \"q5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdnQ=\"",
    )(DOHA);
    let a = valid(&text);
    let ids: Vec<&str> = a.consent.signatories.iter().map(|p| p.as_str()).collect();
    assert_eq!(ids, ["PAK", "AFG"]);
    let pak = crate::ids::ParticipantId::parse("PAK").unwrap();
    assert_eq!(a.consent.keys.get(&pak).map(String::as_str), Some(A_KEY));
    assert!(Agreement::from_toml(DOHA).unwrap().consent.signatories.is_empty(), "the table is optional in a draft");
}

#[test]
fn a_signatory_must_be_a_participant_and_listed_once() {
    check(
        append("[consent]\nsignatories = [\"PAK\", \"AFG\", \"XYZ\"]"),
        "consent.signatories[2]",
        "XYZ is not a participant",
    );
    check(
        append("[consent]\nsignatories = [\"PAK\", \"AFG\", \"PAK\"]"),
        "consent.signatories[2]",
        "PAK is listed twice",
    );
}

#[test]
fn a_consent_table_must_name_a_signatory() {
    check(append("[consent]\nsignatories = []"), "consent.signatories", "names no signatory");
}

#[test]
fn a_key_must_be_a_base64_public_key_of_a_participant() {
    let table = |body: &'static str| append(body);
    check(
        table("[consent]\nsignatories = [\"PAK\"]\n[consent.keys]\nPAK = \"not a key\""),
        "consent.keys.PAK",
        "is not an Ed25519 public key in base64",
    );
    check(
        table(
            "[consent]\nsignatories = [\"PAK\"]\n[consent.keys]\nPAK = \"5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdnQ=\"",
        ),
        "consent.keys.PAK",
        "is not an Ed25519 public key in base64",
    );
    check(
        table(
            "[consent]\nsignatories = [\"PAK\"]\n[consent.keys]\nXYZ = \"q5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdnQ=\"",
        ),
        "consent.keys.XYZ",
        "XYZ is not a participant",
    );
}

#[test]
fn an_unknown_consent_key_is_an_error_not_dropped() {
    let text = append("[consent]\nsignatories = [\"PAK\"]\nsigners = 2")(DOHA);
    let e = Agreement::from_toml(&text).unwrap_err();
    assert!(e.diagnostics[0].message.contains("signers"), "{e}");
}

#[test]
fn a_self_signed_entry_must_be_a_record_type() {
    check(
        append("[consent]\nsignatories = [\"PAK\"]\nself_signed = [\"talks.decline_communique.v1\", \"decline\"]"),
        "consent.self_signed[1]",
        "is not a record type",
    );
}

// ---------------------------------------------------------------------------
// Witnessing: who cosigns the log's checkpoints.

const W_PAK: &str = "witness.pak.example+0a1b2c3d+BPq5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdn";
const W_AFG: &str = "witness.afg.example+4e5f6a7b+BMq5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdn";
const W_QAT: &str = "witness.qat.example+8c9d0e1f+BNq5nOGG0ZcQSaAeDtfJ8SD6Z9Pg7wSMRu0fhEUhcYdn";

fn witnessing(groups_and_quorum: &str) -> String {
    format!(
        "{DOHA}\n[witnessing]\n{groups_and_quorum}\n\
         [[witnessing.witnesses]]\nparticipant = \"PAK\"\nvkey = \"{W_PAK}\"\nurl = \"https://witness.pak.example\"\n\
         [[witnessing.witnesses]]\nparticipant = \"AFG\"\nvkey = \"{W_AFG}\"\nurl = \"https://witness.afg.example\"\n\
         [[witnessing.witnesses]]\nparticipant = \"QAT\"\nvkey = \"{W_QAT}\"\nurl = \"http://127.0.0.1:7001\"\n"
    )
}

#[test]
fn witnesses_and_their_quorum_are_read() {
    let text = witnessing(
        "quorum = \"both\"\ngroups = [\n  { name = \"parties\", threshold = \"all\", members = [\"PAK\", \"AFG\"] },\n  { name = \"both\", threshold = \"2\", members = [\"parties\", \"QAT\"] },\n]",
    );
    let a = valid(&text);
    let w = a.witnessing.unwrap();
    assert_eq!(w.witnesses.len(), 3);
    assert_eq!(w.witnesses[2].url, "http://127.0.0.1:7001");
    assert_eq!(w.groups[1].threshold, WitnessThreshold::AtLeast(2));
    assert_eq!(w.quorum.as_deref(), Some("both"));
    assert!(Agreement::from_toml(DOHA).unwrap().witnessing.is_none(), "the table is optional");
    assert_eq!(valid(&witnessing("quorum = \"none\"")).witnessing.unwrap().quorum, None);
}

#[test]
fn a_witness_table_names_its_faults() {
    let cases: [(String, &str, &str); 8] = [
        (witnessing("quorum = \"nobody\""), "witnessing.quorum", "nobody is neither"),
        (
            witnessing("quorum = \"g\"\ngroups = [{ name = \"g\", threshold = \"3\", members = [\"PAK\", \"AFG\"] }]"),
            "witnessing.groups[0].threshold",
            "a number from 1 to 2",
        ),
        (
            witnessing(
                "quorum = \"g\"\ngroups = [{ name = \"g\", threshold = \"any\", members = [\"PAK\", \"TUR\"] }]",
            ),
            "witnessing.groups[0].members[1]",
            "TUR is neither",
        ),
        (
            witnessing(
                "quorum = \"g\"\ngroups = [{ name = \"g\", threshold = \"any\", members = [\"PAK\", \"PAK\"] }]",
            ),
            "witnessing.groups[0].members[1]",
            "listed twice",
        ),
        (
            witnessing("quorum = \"PAK\"\ngroups = [{ name = \"PAK\", threshold = \"any\", members = [\"AFG\"] }]"),
            "witnessing.groups[0].name",
            "already a witness",
        ),
        (
            witnessing("quorum = \"PAK\"").replace(W_AFG, "witness.afg.example+4e5f6a7b+AMq5"),
            "witnessing.witnesses[1].vkey",
            "base64 of 33 bytes",
        ),
        (
            witnessing("quorum = \"PAK\"").replace(W_AFG, &W_AFG.replacen("+BM", "+AM", 1)),
            "witnessing.witnesses[1].vkey",
            "type 0x04",
        ),
        (
            witnessing("quorum = \"PAK\"").replace("https://witness.pak.example", "ftp://x"),
            "witnessing.witnesses[0].url",
            "http://",
        ),
    ];
    for (text, path, message) in cases {
        check(move |_: &str| text.clone(), path, message);
    }
    check(
        |text: &str| {
            witnessing("quorum = \"PAK\"")
                .replacen("participant = \"AFG\"", "participant = \"PAK\"", 1)
                .replace(DOHA, text)
        },
        "witnessing.witnesses[1].participant",
        "has a witness already",
    );
}

// ---------------------------------------------------------------------------
// Early warning.

#[test]
fn the_shipped_early_warning_is_a_labelled_proposal() {
    let a = Agreement::from_toml(DOHA).unwrap();
    let ew = a.early_warning.expect("the shipped agreement proposes [early_warning]");
    assert_eq!(ew.provenance, Provenance::Proposal);
    assert_eq!(crate::early_warning::methods(&ew).len(), 4);
    assert_eq!(ew.min_count, 3);
    assert_eq!(ew.surge.map(|s| (s.ratio, s.weeks, s.floor)), Some((2.0, 4, 1.0)));
}

#[test]
fn an_agreement_without_early_warning_has_none() {
    // Without the surge escalation rule too, which listens to its alerts.
    let without =
        DOHA[..DOHA.find("# --- Early warning").unwrap()].replace(SURGE, r#"trigger = { kind = "grave_finding" }"#);
    let a = valid(&without);
    assert!(a.early_warning.is_none());
}

#[test]
fn a_zero_baseline_floor_is_refused() {
    check(replace("min_baseline = 0.1", "min_baseline = 0.0"), "early_warning.min_baseline", "above zero");
}

#[test]
fn early_warning_numbers_are_checked_by_field() {
    check(replace("p = 0.01", "p = 1.5"), "early_warning.poisson.p", "a chance between 0 and 1");
    check(replace("ratio = 2.0", "ratio = 0.5"), "early_warning.surge.ratio", "above 1");
    check(replace("lambda = 0.3", "lambda = 0.0"), "early_warning.ewma.lambda", "a weight above 0");
    check(replace("shift = 2.0", "shift = 1.0"), "early_warning.cusum.shift", "above 1");
    check(replace("h = 4.0", "h = -1.0"), "early_warning.cusum.h", "above zero");
    check(replace("min_count = 3", "min_count = 0"), "early_warning.min_count", "at least 1");
    check(replace("baseline_days = 28", "baseline_days = 3"), "early_warning.baseline_days", "from 7 to 366");
    check(replace("weeks = 4", "weeks = 0"), "early_warning.surge.weeks", "from 1 to 52");
    check(
        replace("time_zone = \"Asia/Karachi\"", "time_zone = \"Mars/Olympus\""),
        "early_warning.time_zone",
        "not a time zone",
    );
    check(replace("bases = [\"filed\", \"confirmed\"]", "bases = []"), "early_warning.bases", "may not be empty");
}

#[test]
fn early_warning_acts_are_listed_once() {
    // Only in the [early_warning] table: provisions list the same acts.
    let edit = |text: &str| match text.find("[early_warning]") {
        Some(at) => format!("{}{}", &text[..at], text[at..].replacen("\"shelling_artillery\"", "\"armed_clash\"", 1)),
        None => text.to_owned(),
    };
    check(edit, "early_warning.acts[1]", "listed twice");
}

#[test]
fn early_warning_without_a_rule_is_refused() {
    let edit = |text: &str| match text.find("[early_warning.surge]") {
        Some(at) => text[..at].to_owned(),
        None => text.to_owned(),
    };
    check(edit, "early_warning", "names no rule");
}
