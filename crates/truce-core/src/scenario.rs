//! Scenarios: scripted sequences of commands, for tests, demos and drills.
//!
//! A scenario file (TOML) names its actors and lists steps; each step is a
//! command by an actor at a time, and may say that it must be refused (to
//! show the rules at work). [`Scenario::run`] takes the steps through
//! [`Docket::execute`] in order and stops at the first surprise: a refused
//! command that should have passed, or a passed command that should have
//! been refused. A scenario may set a counterfactual start date for the
//! agreement, so that real past events can be replayed as if the mechanism
//! had existed; the file must say so, and the runner labels the result.

use std::collections::BTreeMap;

use jiff::{Timestamp, ZonedDateTime};
use serde::Deserialize;

use crate::actor::{Actor, Role};
use crate::agreement::Agreement;
use crate::case::Event;
use crate::command::{CaseCommand, Command};
use crate::docket::Docket;
use crate::ids::{AgreementId, CaseId, ParticipantId, PrincipalId};

/// The format line every scenario file starts with.
pub const SCENARIO_FORMAT_V1: &str = "truce.scenario/v1";

/// Why a scenario cannot be read or did not run as written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// The file is not a valid scenario.
    #[error("scenario file: {0}")]
    Parse(String),
    /// The scenario is written for another agreement.
    #[error("the scenario is written for agreement {expected}, not {found}")]
    WrongAgreement {
        /// The scenario's agreement.
        expected: AgreementId,
        /// The agreement given.
        found: AgreementId,
    },
    /// A step names an actor that is not declared.
    #[error("steps[{step}].actor: unknown actor {actor}")]
    UnknownActor {
        /// Index of the step.
        step: usize,
        /// The actor named.
        actor: String,
    },
    /// A step that should pass was refused.
    #[error("steps[{step}] ({command} on {case}) was refused: {error}")]
    Refused {
        /// Index of the step.
        step: usize,
        /// Command name.
        command: &'static str,
        /// Case.
        case: CaseId,
        /// The refusal.
        error: String,
    },
    /// A step that should be refused passed, or was refused for another reason.
    #[error("steps[{step}] ({command} on {case}) should have been refused with {expected:?}, but {outcome}")]
    NotRefusedAsExpected {
        /// Index of the step.
        step: usize,
        /// Command name.
        command: &'static str,
        /// Case.
        case: CaseId,
        /// The expected part of the error message.
        expected: String,
        /// What happened instead.
        outcome: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    format: String,
    title: String,
    #[serde(default)]
    description: String,
    agreement: AgreementId,
    #[serde(default)]
    sample: bool,
    counterfactual: Option<Counterfactual>,
    actors: Vec<RawActor>,
    steps: Vec<RawStep>,
}

/// A declared departure from the agreement as signed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterfactual {
    /// The effective date the scenario assumes instead.
    pub effective_at: String,
    /// Why, in words shown wherever the scenario's results are.
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: PrincipalId,
    participant: Option<ParticipantId>,
    role: Role,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    at: String,
    actor: String,
    case: CaseId,
    command: Command,
    #[serde(default)]
    note: String,
    expect_error: Option<String>,
}

/// One step of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: Actor,
    /// The command.
    pub command: CaseCommand,
    /// Commentary for people.
    pub note: String,
    /// If set, the step must be refused with a message containing this.
    pub expect_error: Option<String>,
}

/// A parsed scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// The agreement it is written for.
    pub agreement: AgreementId,
    /// Whether its data is sample data (to be labelled as such).
    pub sample: bool,
    /// A declared counterfactual, if any.
    pub counterfactual: Option<Counterfactual>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq)]
pub struct StepOutcome {
    /// Index of the step.
    pub index: usize,
    /// The events it produced (empty if refused).
    pub events: Vec<Event>,
    /// The refusal, for steps that were meant to be refused.
    pub refusal: Option<String>,
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The agreement as the run used it (counterfactual applied).
    pub agreement: Agreement,
    /// The cases at the end.
    pub docket: Docket,
    /// Each step's outcome.
    pub outcomes: Vec<StepOutcome>,
}

fn parse_time(value: &str) -> Result<Timestamp, String> {
    if let Ok(z) = value.parse::<ZonedDateTime>() {
        return Ok(z.timestamp());
    }
    value
        .parse::<Timestamp>()
        .map_err(|e| format!("{value:?} is not a time with an offset, such as \"2025-10-15T18:00:00+05:00\" ({e})"))
}

impl Scenario {
    /// Parses a scenario file's text.
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = toml::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        if raw.format != SCENARIO_FORMAT_V1 {
            return Err(ScenarioError::Parse(format!(
                "format: {:?} is not a known format; expected {SCENARIO_FORMAT_V1:?}",
                raw.format
            )));
        }
        let actors: BTreeMap<String, Actor> =
            raw.actors.into_iter().map(|a| (a.id.to_string(), Actor::new(a.id, a.participant, a.role))).collect();
        let mut steps = Vec::with_capacity(raw.steps.len());
        for (i, s) in raw.steps.into_iter().enumerate() {
            let actor = actors
                .get(&s.actor)
                .cloned()
                .ok_or_else(|| ScenarioError::UnknownActor { step: i, actor: s.actor.clone() })?;
            let at = parse_time(&s.at).map_err(|e| ScenarioError::Parse(format!("steps[{i}].at: {e}")))?;
            steps.push(Step {
                at,
                actor,
                command: CaseCommand { case: s.case, command: s.command },
                note: s.note,
                expect_error: s.expect_error,
            });
        }
        if let Some(c) = &raw.counterfactual {
            c.effective_at
                .parse::<ZonedDateTime>()
                .map_err(|e| ScenarioError::Parse(format!("counterfactual.effective_at: {e}")))?;
        }
        Ok(Scenario {
            title: raw.title,
            description: raw.description,
            agreement: raw.agreement,
            sample: raw.sample,
            counterfactual: raw.counterfactual,
            steps,
        })
    }

    /// The agreement text as this scenario runs it: with the counterfactual
    /// start date written in (and said in a comment), or unchanged. Used
    /// where the agreement must be adopted as a text, as in a log.
    pub fn agreement_text(&self, original: &str) -> Result<String, ScenarioError> {
        let Some(c) = &self.counterfactual else { return Ok(original.to_owned()) };
        let mut out = String::with_capacity(original.len() + 200);
        let mut replaced = false;
        for line in original.lines() {
            if !replaced && line.trim_start().starts_with("effective_at") {
                out.push_str("# COUNTERFACTUAL (sample data): ");
                out.push_str(&c.note.split_whitespace().collect::<Vec<_>>().join(" "));
                out.push('\n');
                out.push_str(&format!("effective_at = {:?}\n", c.effective_at));
                replaced = true;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        if !replaced {
            return Err(ScenarioError::Parse("the agreement text has no effective_at to replace".into()));
        }
        Ok(out)
    }

    /// Runs every step against `agreement`.
    pub fn run(&self, agreement: &Agreement) -> Result<Run, ScenarioError> {
        if agreement.identity.id != self.agreement {
            return Err(ScenarioError::WrongAgreement {
                expected: self.agreement.clone(),
                found: agreement.identity.id.clone(),
            });
        }
        let mut agreement = agreement.clone();
        if let Some(c) = &self.counterfactual {
            let effective = c
                .effective_at
                .parse::<ZonedDateTime>()
                .map_err(|e| ScenarioError::Parse(format!("counterfactual.effective_at: {e}")))?;
            agreement.identity.effective_at = effective;
        }
        let mut docket = Docket::new();
        let mut outcomes = Vec::with_capacity(self.steps.len());
        for (index, step) in self.steps.iter().enumerate() {
            let command = step.command.command.name();
            let case = step.command.case.clone();
            let result = docket.execute(&agreement, &step.actor, &step.command, step.at);
            match (result, &step.expect_error) {
                (Ok(events), None) => outcomes.push(StepOutcome { index, events, refusal: None }),
                (Err(e), None) => {
                    return Err(ScenarioError::Refused { step: index, command, case, error: e.to_string() });
                }
                (Err(e), Some(expected)) if e.to_string().contains(expected.as_str()) => {
                    outcomes.push(StepOutcome { index, events: Vec::new(), refusal: Some(e.to_string()) });
                }
                (Err(e), Some(expected)) => {
                    return Err(ScenarioError::NotRefusedAsExpected {
                        step: index,
                        command,
                        case,
                        expected: expected.clone(),
                        outcome: format!("it was refused with: {e}"),
                    });
                }
                (Ok(_), Some(expected)) => {
                    return Err(ScenarioError::NotRefusedAsExpected {
                        step: index,
                        command,
                        case,
                        expected: expected.clone(),
                        outcome: "it passed".to_owned(),
                    });
                }
            }
        }
        Ok(Run { agreement, docket, outcomes })
    }
}
