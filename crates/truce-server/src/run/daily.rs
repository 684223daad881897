//! The border's reporting around October 2025 in the demo (sample data,
//! `scenarios/october-2025-reporting.toml`), the early-warning alerts it
//! justifies and the daily situation reports of 11–19 October.
//!
//! The reports are filed like the main scenario's steps. Then, day by day
//! from 1 to 19 October, the alerts due under the agreement's
//! `[early_warning]` rules are raised by the mediators' chair, as the
//! server does when a report lands (`app::early_warning::raise_due`); here
//! they come after the filings because the sample's filings are not in the
//! order of their incidents. Each day's report is then drafted, given a
//! narrative, approved by the mediators under the decision rule and
//! published. The log recomputes every number of each alert and report
//! before it appends it, so the demo types none of them.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::{Date, date};
use truce_core::early_warning::{self, Signal};
use truce_core::scenario::Scenario;
use truce_core::situation::{self, Narrative, SituationCommand};
use truce_core::{Agreement, Case, CaseCommand};
use truce_ledger::SigningKey;
use truce_node::Ledger;
use truce_node::records::{Body, submission};

use super::ServeError;

/// The reporting the demo files beside the main scenario.
pub const REPORTING_2025: &str = include_str!("../../../../scenarios/october-2025-reporting.toml");

/// The first and last day tested for alerts, and the first day reported.
const ALERTS_FROM: Date = date(2025, 10, 1);
const LAST_DAY: Date = date(2025, 10, 19);
const REPORTS_FROM: Date = date(2025, 10, 11);

type Keys = BTreeMap<String, (SigningKey, Option<String>)>;

fn demo(e: impl std::fmt::Display) -> ServeError {
    ServeError::Demo(e.to_string())
}

/// `hour`:`minute` of `day` in the agreement's time zone.
fn at(tz: &jiff::tz::TimeZone, day: Date, hour: i8, minute: i8) -> Result<Timestamp, ServeError> {
    Ok(day.at(hour, minute, 0, 0).to_zoned_datetime(tz.clone()).map_err(demo)?.timestamp())
}

/// The sample's principals (the main scenario registers them all).
pub fn scenario() -> Result<Scenario, ServeError> {
    Scenario::from_toml(REPORTING_2025).map_err(demo)
}

/// Files the reporting, raises the alerts and publishes the daily reports.
/// `main` is the demo's main scenario, `agreement` the text in force.
pub async fn play(ledger: &Ledger, agreement: &str, keys: &Keys, main: &Scenario) -> Result<(), ServeError> {
    let reporting = scenario()?;
    let agreement = Agreement::from_toml(agreement).map_err(|e| demo(e.render("agreement")))?;
    let key = |id: &str| keys.get(id).ok_or_else(|| demo(format!("the demo has no key for {id}")));
    for (i, step) in reporting.steps.iter().enumerate() {
        let id = step.actor.principal.to_string();
        let (k, participant) = key(&id)?;
        let body = Body::Case(Box::new(CaseCommand {
            case: step.command.case.clone(),
            command: step.command.command.clone(),
        }));
        let salt = truce_node::keys::random_salt()?;
        ledger
            .submit(submission(k, &id, participant.as_deref(), step.at, &body, Some(salt))?)
            .await
            .map_err(|e| demo(format!("reporting step {}: {e}", i + 1)))?;
    }
    // The cases as the log holds them: the same commands through the same core.
    let mut cases: Vec<Case> = Vec::new();
    for s in [main, &reporting] {
        let run = s.run(&agreement).map_err(demo)?;
        cases.extend(run.docket.cases().cloned());
    }
    let Some(config) = agreement.early_warning.as_ref() else { return Ok(()) };
    let tz = situation::time_zone(&agreement);
    let (chair_key, chair_participant) = key("qat-chair")?;
    let chair = |body: Body, when: Timestamp| {
        submission(
            chair_key,
            "qat-chair",
            chair_participant.as_deref(),
            when,
            &body,
            Some(truce_node::keys::random_salt()?),
        )
    };
    let mut raised: Vec<Signal> = Vec::new();
    let mut day = ALERTS_FROM;
    while day <= LAST_DAY {
        let marks: Vec<_> = raised.iter().map(|s| (s.series.clone(), s.method, s.day)).collect();
        let due = early_warning::alerts_due(config, &cases, day, &marks);
        let next = day.tomorrow().map_err(demo)?;
        for (n, signal) in due.into_iter().enumerate() {
            let minute = i8::try_from(n % 60).unwrap_or(0);
            ledger.submit(chair(Body::Alert(Box::new(signal.clone())), at(&tz, next, 6, minute)?)?).await?;
            raised.push(signal);
        }
        day = next;
    }
    let (tur_key, tur_participant) = key("tur-mediator")?;
    let mut day = REPORTS_FROM;
    while day <= LAST_DAY {
        let next = day.tomorrow().map_err(demo)?;
        let mut book = situation::DayBook::default();
        book.set_day(day, ledger.day_rows(day));
        let numbers = situation::draft(&tz, &book, &cases, &ledger.alerts(), day);
        let text = narrative(&numbers);
        let draft = SituationCommand::Draft { numbers: numbers.clone() };
        ledger.submit(chair(Body::Situation(Box::new(draft)), at(&tz, next, 7, 0)?)?).await?;
        let edit = SituationCommand::Edit { day, narrative: text };
        ledger.submit(chair(Body::Situation(Box::new(edit)), at(&tz, next, 7, 30)?)?).await?;
        let approve = || Body::Situation(Box::new(SituationCommand::Approve { day, version: 2 }));
        ledger.submit(chair(approve(), at(&tz, next, 8, 0)?)?).await?;
        let salt = truce_node::keys::random_salt()?;
        let by_tur = submission(
            tur_key,
            "tur-mediator",
            tur_participant.as_deref(),
            at(&tz, next, 8, 10)?,
            &approve(),
            Some(salt),
        )?;
        ledger.submit(by_tur).await?;
        let publish = Body::Situation(Box::new(SituationCommand::Publish { numbers }));
        let when = at(&tz, next, 8, 30)?;
        ledger.submit(submission(chair_key, "qat-chair", chair_participant.as_deref(), when, &publish, None)?).await?;
        day = next;
    }
    Ok(())
}

/// The secretariat's narrative of a day (the demo writes it from the
/// numbers; a deployment's secretariat writes its own, in its language).
/// The days of the heaviest fighting are written in Urdu, the others in
/// English, to show each shown in its own language and direction.
fn narrative(n: &situation::Numbers) -> Narrative {
    let t = n.total();
    let hot: Vec<&str> =
        n.alerts.iter().map(|a| a.sector.as_str()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    if n.day == date(2025, 10, 15) {
        return Narrative {
            text: format!(
                "نمونہ (SAMPLE): آج {} رپورٹیں درج ہوئیں۔ چمن اور اسپن بولدک میں جھڑپوں کی اطلاعات۔ شام 6 بجے سے 48 گھنٹے کی جنگ بندی۔",
                t.reported
            ),
            lang: "ur".into(),
            dir: situation::Direction::Rtl,
        };
    }
    let alerts = if hot.is_empty() {
        "No early-warning alert.".to_owned()
    } else {
        format!("Early-warning alerts in: {}.", hot.join(", "))
    };
    Narrative {
        text: format!(
            "SAMPLE. {} reports filed, {} admitted, {} monitors' reports, {} decisions. {alerts} The secretariat asks both parties to hold fire and to report through the mechanism.",
            t.reported, t.admitted, t.found, t.decided
        ),
        lang: "en".into(),
        dir: situation::Direction::Ltr,
    }
}
