//! The draft's numbers on hand-made events, and the lifecycle's refusals.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use jiff::civil::{Date, date};

use super::*;
use crate::agreement::tests::DOHA;
use crate::case::{Adopted, Allegation, Casualties, Complainant};
use crate::ids::{CaseId, PrincipalId, ProvisionId};
use crate::vocab::ActType;

fn agreement() -> Agreement {
    Agreement::from_toml(DOHA).unwrap()
}

fn karachi() -> TimeZone {
    TimeZone::get("Asia/Karachi").unwrap()
}

fn at(day: Date, hour: i8) -> Timestamp {
    day.at(hour, 0, 0, 0).in_tz("Asia/Karachi").unwrap().timestamp()
}

fn reported(n: usize, sector: Option<&str>, when: Timestamp, casualties: Casualties) -> Event {
    let allegation = Allegation {
        accused: ParticipantId::parse("AFG").unwrap(),
        provisions: vec![ProvisionId::parse("P1").unwrap()],
        acts: vec![ActType::ArmedClash],
        occurred_at: when,
        occurred_until: None,
        time_precision: Default::default(),
        location: None,
        summary: "Fire on a post".into(),
        narrative: String::new(),
        casualties,
        evidence: vec![],
    };
    let placement = sector.map(|s| {
        Box::new(truce_geo::Placement {
            side: None,
            side_uncertain: false,
            border_km: 1.0,
            band_km: 3.0,
            band_note: None,
            sector: Some(s.to_owned()),
            nearest_crossing: None,
            nearest_place: None,
            province: None,
        })
    });
    Event {
        case: CaseId::parse(&format!("C-{n:05}")).unwrap(),
        at: when,
        actor: None,
        kind: EventKind::Reported {
            complainant: Complainant::Public,
            allegation: Box::new(allegation),
            acknowledge_by: when.checked_add(jiff::SignedDuration::from_hours(24)).unwrap(),
            placement,
        },
    }
}

fn step(case: &Case, when: Timestamp, kind: EventKind) -> Event {
    Event { case: case.id.clone(), at: when, actor: None, kind }
}

/// A book and the cases it was folded from.
fn fold(events: &[Event]) -> (DayBook, Vec<Case>) {
    let tz = karachi();
    let mut book = DayBook::default();
    let mut cases: Vec<Case> = Vec::new();
    for e in events {
        match cases.iter_mut().find(|c| c.id == e.case) {
            Some(c) => c.apply(e).unwrap(),
            None => cases.push(Case::open(e).unwrap()),
        }
        let case = cases.iter().find(|c| c.id == e.case).unwrap();
        book.note(&tz, e, case);
    }
    (book, cases)
}

fn killed(low: u32, best: u32, high: u32) -> Casualties {
    Casualties { combatants_killed: Some(Estimate { low, best, high }), ..Casualties::default() }
}

#[test]
fn the_draft_counts_each_step_on_its_local_day_by_sector_with_casualty_ranges() {
    let d11 = date(2025, 10, 11);
    let d12 = date(2025, 10, 12);
    let e1 = reported(1, Some("kurram_paktia"), at(d12, 1), killed(23, 23, 58));
    let e2 = reported(2, Some("kurram_paktia"), at(d12, 9), killed(2, 3, 5));
    let e3 = reported(3, Some("bajaur_kunar"), at(d12, 10), Casualties::default());
    let e4 = reported(4, None, at(d12, 11), Casualties::default());
    // 23:30 UTC on the 11th is 04:30 on the 12th in Karachi.
    let late = date(2025, 10, 11).at(23, 30, 0, 0).in_tz("UTC").unwrap().timestamp();
    let e5 = reported(5, Some("bajaur_kunar"), late, killed(1, 1, 1));
    // The day before, in Karachi: not the 12th.
    let e6 = reported(6, Some("kurram_paktia"), at(d11, 23), killed(9, 9, 9));
    let (_, first) = fold(std::slice::from_ref(&e1));
    let admitted = step(&first[0], at(d12, 15), EventKind::Admitted { note: String::new() });
    let (book, cases) = fold(&[e1, e2, e3, e4, e5, e6, admitted]);
    let n = draft(&karachi(), &book, &cases, &Alerts::default(), d12);
    assert_eq!(n.day, d12);
    assert_eq!(n.time_zone, "Asia/Karachi");
    let sectors: Vec<Option<&str>> = n.sectors.iter().map(|s| s.sector.as_deref()).collect();
    assert_eq!(sectors, vec![Some("bajaur_kunar"), Some("kurram_paktia"), None]);
    let kurram = &n.sectors[1];
    assert_eq!((kurram.reported, kurram.admitted, kurram.found, kurram.decided), (2, 1, 0, 0));
    assert_eq!(kurram.killed, Range { low: 25, best: 26, high: 63 });
    assert_eq!(kurram.casualties_unstated, 0);
    let bajaur = &n.sectors[0];
    assert_eq!((bajaur.reported, bajaur.casualties_unstated), (2, 1));
    assert_eq!(bajaur.killed, Range { low: 1, best: 1, high: 1 });
    // Every case filed by the end of the day and not yet acknowledged waits on a deadline.
    assert_eq!(kurram.open_deadlines, 2 + 1 - 1, "the admitted case waits on no deadline; the 11th's does");
    let total = n.total();
    assert_eq!(total.reported, 5);
    assert_eq!(total.killed, Range { low: 26, best: 27, high: 64 });
    // The 11th holds only the late-evening report.
    let n11 = draft(&karachi(), &book, &cases, &Alerts::default(), d11);
    assert_eq!(n11.total().reported, 1);
    assert_eq!(n11.total().killed.best, 9);
}

#[test]
fn findings_and_decisions_count_on_the_day_they_are_recorded_and_overdue_deadlines_are_flagged() {
    let d = date(2025, 10, 15);
    let e1 = reported(1, Some("chaman_kandahar"), at(d, 4), Casualties::default());
    let (_, cases) = fold(std::slice::from_ref(&e1));
    let c = &cases[0];
    let found = step(
        c,
        at(d, 12),
        EventKind::InvestigationReported {
            report: crate::case::InvestigationReport { summary: "Craters.".into(), evidence: vec![] },
            late: false,
        },
    );
    let adopted =
        step(c, at(d, 13), EventKind::MotionAdopted { adopted: Adopted::Finding { appeal_until: at(d, 14) } });
    // A second report, left waiting for its acknowledgement.
    let e2 = reported(2, Some("chaman_kandahar"), at(d, 5), Casualties::default());
    let (book, cases) = fold(&[e1, e2, found, adopted]);
    let n = draft(&karachi(), &book, &cases, &Alerts::default(), d);
    assert_eq!((n.sectors[0].reported, n.sectors[0].found, n.sectors[0].decided), (2, 1, 1));
    assert_eq!((n.sectors[0].open_deadlines, n.sectors[0].overdue), (1, 0));
    // The next day: nothing happened, but the case still waits and its acknowledgement is overdue.
    let next = draft(&karachi(), &book, &cases, &Alerts::default(), date(2025, 10, 17));
    assert_eq!(next.sectors.len(), 1);
    assert_eq!((next.sectors[0].reported, next.sectors[0].open_deadlines, next.sectors[0].overdue), (0, 1, 1));
    // Before the case was filed, it is not counted.
    let before = draft(&karachi(), &book, &cases, &Alerts::default(), date(2025, 10, 14));
    assert!(before.sectors.is_empty());
}

fn actor(id: &str, participant: Option<&str>, role: Role) -> Actor {
    Actor::new(PrincipalId::parse(id).unwrap(), participant.map(|p| ParticipantId::parse(p).unwrap()), role)
}

struct World {
    agreement: Agreement,
    book: DayBook,
    cases: Vec<Case>,
    reports: SituationReports,
    record: u64,
}

impl World {
    fn new() -> Self {
        let d = date(2025, 10, 12);
        let (book, cases) = fold(&[
            reported(1, Some("kurram_paktia"), at(d, 9), killed(2, 3, 5)),
            reported(2, Some("bajaur_kunar"), at(d, 10), Casualties::default()),
        ]);
        let reports = SituationReports { book: book.clone(), reports: BTreeMap::new() };
        World { agreement: agreement(), book, cases, reports, record: 100 }
    }

    fn numbers(&self, day: Date) -> Numbers {
        draft(&karachi(), &self.book, &self.cases, &Alerts::default(), day)
    }

    fn run(&mut self, who: &Actor, command: SituationCommand) -> Result<(), CommandError> {
        self.record += 1;
        let now = at(date(2025, 10, 13), 9);
        let before = self.reports.clone();
        let out =
            self.reports.execute(&self.agreement, &self.cases, &Alerts::default(), who, &command, now, self.record);
        if out.is_err() {
            assert_eq!(self.reports, before, "a refusal changes nothing");
        }
        out
    }
}

fn field(e: CommandError) -> String {
    match e {
        CommandError::InvalidField { field, .. } => field,
        CommandError::NotPermitted { action, .. } => format!("not permitted: {action}"),
        other => panic!("unexpected refusal {other:?}"),
    }
}

fn urdu() -> Narrative {
    Narrative {
        text: "کرم میں دو رپورٹیں درج ہوئیں۔".into(), lang: "ur".into(), dir: Direction::Rtl
    }
}

#[test]
fn a_report_is_drafted_edited_approved_under_the_rule_and_published() {
    let mut w = World::new();
    let d = date(2025, 10, 12);
    let chair = actor("qat-chair", Some("QAT"), Role::MediatorChair);
    let tur = actor("tur-mediator", Some("TUR"), Role::Mediator);
    let numbers = w.numbers(d);
    assert_eq!(numbers.total().reported, 2);
    w.run(&chair, SituationCommand::Draft { numbers: numbers.clone() }).unwrap();
    w.run(&chair, SituationCommand::Edit { day: d, narrative: urdu() }).unwrap();
    assert_eq!(w.reports.reports[&d].version, 2);
    w.run(&chair, SituationCommand::Approve { day: d, version: 2 }).unwrap();
    // Consensus of QAT and TUR: one approval is not enough to publish.
    assert!(!w.reports.reports[&d].approved);
    assert_eq!(field(w.run(&chair, SituationCommand::Publish { numbers: numbers.clone() }).unwrap_err()), "day");
    w.run(&tur, SituationCommand::Approve { day: d, version: 2 }).unwrap();
    assert!(w.reports.reports[&d].approved);
    w.run(&chair, SituationCommand::Publish { numbers: numbers.clone() }).unwrap();
    let published = &w.reports.reports[&d];
    assert_eq!(published.published.map(|p| p.record), Some(w.record));
    assert_eq!(published.narrative.as_ref().map(|n| n.dir), Some(Direction::Rtl));
    // Nothing changes a published report.
    assert_eq!(field(w.run(&chair, SituationCommand::Edit { day: d, narrative: urdu() }).unwrap_err()), "day");
    assert_eq!(field(w.run(&chair, SituationCommand::Draft { numbers }).unwrap_err()), "day");
}

#[test]
fn refusals_name_the_field() {
    let mut w = World::new();
    let d = date(2025, 10, 12);
    let chair = actor("qat-chair", Some("QAT"), Role::MediatorChair);
    let tur = actor("tur-mediator", Some("TUR"), Role::Mediator);
    let party = actor("pak-liaison", Some("PAK"), Role::PartyLiaison);
    let numbers = w.numbers(d);
    // Numbers tampered with are refused, by the part that differs.
    let mut tampered = numbers.clone();
    tampered.sectors[0].reported += 1;
    assert_eq!(field(w.run(&chair, SituationCommand::Draft { numbers: tampered }).unwrap_err()), "numbers.sectors");
    let mut other_zone = numbers.clone();
    other_zone.time_zone = "UTC".into();
    assert_eq!(field(w.run(&chair, SituationCommand::Draft { numbers: other_zone }).unwrap_err()), "numbers.time_zone");
    // A day not over yet is not drafted.
    let today = w.numbers(date(2025, 10, 13));
    assert_eq!(field(w.run(&chair, SituationCommand::Draft { numbers: today }).unwrap_err()), "numbers.day");
    // A party neither drafts nor edits nor approves.
    assert!(
        field(w.run(&party, SituationCommand::Draft { numbers: numbers.clone() }).unwrap_err())
            .starts_with("not permitted")
    );
    w.run(&chair, SituationCommand::Draft { numbers: numbers.clone() }).unwrap();
    assert_eq!(
        field(w.run(&party, SituationCommand::Edit { day: d, narrative: urdu() }).unwrap_err()),
        "not permitted: edit a situation report"
    );
    // No approval before a narrative.
    assert_eq!(field(w.run(&chair, SituationCommand::Approve { day: d, version: 1 }).unwrap_err()), "day");
    // The narrative: not blank, no hidden direction overrides, its direction true to its language.
    let blank = Narrative { text: "  ".into(), ..urdu() };
    assert_eq!(
        field(w.run(&chair, SituationCommand::Edit { day: d, narrative: blank }).unwrap_err()),
        "narrative.text"
    );
    let overridden = Narrative { text: "Two reports \u{202E}in Kurram".into(), lang: "en".into(), dir: Direction::Ltr };
    assert_eq!(
        field(w.run(&chair, SituationCommand::Edit { day: d, narrative: overridden }).unwrap_err()),
        "narrative.text"
    );
    let wrong_dir = Narrative { dir: Direction::Ltr, ..urdu() };
    assert_eq!(
        field(w.run(&chair, SituationCommand::Edit { day: d, narrative: wrong_dir }).unwrap_err()),
        "narrative.dir"
    );
    let bad_lang = Narrative { lang: "urdu language".into(), ..urdu() };
    assert_eq!(
        field(w.run(&chair, SituationCommand::Edit { day: d, narrative: bad_lang }).unwrap_err()),
        "narrative.lang"
    );
    w.run(&chair, SituationCommand::Edit { day: d, narrative: urdu() }).unwrap();
    // An old version is not approved; nor is one twice by the same voter, nor once approved.
    assert_eq!(field(w.run(&chair, SituationCommand::Approve { day: d, version: 1 }).unwrap_err()), "version");
    assert!(
        field(w.run(&party, SituationCommand::Approve { day: d, version: 2 }).unwrap_err())
            .starts_with("not permitted")
    );
    w.run(&chair, SituationCommand::Approve { day: d, version: 2 }).unwrap();
    assert_eq!(field(w.run(&chair, SituationCommand::Approve { day: d, version: 2 }).unwrap_err()), "version");
    w.run(&tur, SituationCommand::Approve { day: d, version: 2 }).unwrap();
    assert_eq!(field(w.run(&tur, SituationCommand::Approve { day: d, version: 2 }).unwrap_err()), "version");
    // A report the log's numbers no longer match is not published: drafted again.
    let mut tampered = numbers.clone();
    tampered.sectors[1].killed.high += 1;
    assert_eq!(field(w.run(&chair, SituationCommand::Publish { numbers: tampered }).unwrap_err()), "numbers.sectors");
    let late = reported(3, Some("kurram_paktia"), at(d, 20), Casualties::default());
    let case = Case::open(&late).unwrap();
    w.reports.book.note(&karachi(), &late, &case);
    w.book.note(&karachi(), &late, &case);
    w.cases.push(case);
    let now = w.numbers(d);
    assert_eq!(field(w.run(&chair, SituationCommand::Publish { numbers: now.clone() }).unwrap_err()), "numbers");
    w.run(&chair, SituationCommand::Draft { numbers: now }).unwrap();
    assert_eq!(w.reports.reports[&d].version, 3);
    assert!(w.reports.reports[&d].approvals.is_empty(), "a new draft withdraws the approvals");
    // An edit of a day never drafted names the day.
    assert_eq!(
        field(w.run(&chair, SituationCommand::Edit { day: date(2025, 10, 1), narrative: urdu() }).unwrap_err()),
        "day"
    );
}

#[test]
fn the_commands_read_back_as_written_and_refuse_unknown_members() {
    let w = World::new();
    let c = SituationCommand::Draft { numbers: w.numbers(date(2025, 10, 12)) };
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["type"], "drafted.v1");
    assert_eq!(json["numbers"]["day"], "2025-10-12");
    assert_eq!(serde_json::from_value::<SituationCommand>(json.clone()).unwrap(), c);
    let mut extra = json;
    extra["numbers"]["sectors"][0]["wounded"] = serde_json::json!(3);
    assert!(serde_json::from_value::<SituationCommand>(extra).is_err());
}
