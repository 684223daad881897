//! The docket: every case, and the one function that decides commands.
//!
//! [`Docket::execute`] is the lifecycle. It checks, in order: the actor fits
//! its participant, the command applies in the case's status
//! ([`TRANSITIONS`]), the actor may issue it on this case, the time is not
//! before the case's last event, deadlines, and the command's fields against
//! the agreement. Only then does it produce events, and it folds them into
//! the cases before returning them. A refused command changes nothing.
//!
//! The checks that do not depend on what a command says (status, issuer,
//! time, deadlines, an open ballot) are one function, which
//! [`open_commands`] also runs: it tells a reader which commands it may
//! issue on a case now, so that the forms a page offers come from the same
//! rules that decide them, not from a copy.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use crate::actor::{Actor, Role};
use crate::agreement::{Agreement, DecisionRule, EscalationTrigger};
use crate::case::{
    Adopted, Allegation, Appeal, AttributionBasis, Case, Complainant, DeadlineKind, Event, EventKind, EvidenceRef,
    Finding, FoldError, Motion, Occurrence, Status, TimePrecision, Vote,
};
use crate::command::{AppealDecision, CaseCommand, Command, CommandKind, Issuer};
use crate::error::CommandError;
use crate::ids::{CaseId, ParticipantId};
use crate::penalty::{self, PriorViolation};
use crate::stats::Tally;
use crate::vocab::{FilerKind, ObligationKind, ParticipantKind};

/// Longest summary accepted, in characters.
pub const MAX_SUMMARY: usize = 300;
/// Longest free text accepted (narratives, replies, reasons), in characters.
pub const MAX_TEXT: usize = 20_000;
/// Most evidence references on one command.
pub const MAX_EVIDENCE: usize = 100;

/// Every case under the agreement. Serialized for a server's start-up
/// snapshot without its cases, which the snapshot stores apart, in chunks
/// it decodes in parallel ([`Docket::case_map`], [`Docket::restore_cases`]),
/// and without the changes kept for others.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Docket {
    /// Boxed: a case is large (some 1.3 KB before its texts) and a B-tree
    /// node holds eleven values inline, mostly part-empty, so unboxed cases
    /// cost a verifier of a long log a third more memory.
    #[serde(skip)]
    cases: BTreeMap<CaseId, Box<Case>>,
    keep_history: bool,
    /// Final violations by party, by the time of the incident: the penalty
    /// engine and the escalation rules look only at a window of a party's
    /// record, so this keeps finding a record from scanning every case.
    violations: BTreeMap<ParticipantId, BTreeMap<Timestamp, BTreeSet<CaseId>>>,
    /// Cases by border sector and UTC day of the incident: an early-warning
    /// alert reads one sector over a few weeks, so checking it in the log
    /// reads those cases, not every case (which grew with the whole log).
    by_sector_day: BTreeMap<(String, jiff::civil::Date), BTreeSet<CaseId>>,
    /// The statistics over every case, kept in step as cases change, so
    /// that the log's statistics row costs no pass over the docket.
    tally: Tally,
    /// Each case as it was and as it is after each event applied, while
    /// someone keeps count elsewhere ([`Docket::keep_changes`]).
    #[serde(skip)]
    changes: Option<Vec<CaseChange>>,
}

/// A case that an event changed: as it was (none for a new case) and as
/// it is now, for those who keep counts over cases outside the docket
/// (the statistics of each kind of reader, [`crate::stats::ReaderTallies`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseChange {
    /// The case before the event.
    pub before: Option<Box<Case>>,
    /// The case after it.
    pub after: Box<Case>,
}

impl Default for Docket {
    fn default() -> Self {
        Self {
            cases: BTreeMap::new(),
            keep_history: true,
            violations: BTreeMap::new(),
            by_sector_day: BTreeMap::new(),
            tally: Tally::new(),
            changes: None,
        }
    }
}

impl Docket {
    /// An empty docket that keeps every case's history.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty docket that keeps only each case's current state, not its
    /// events: for replaying long logs, where the history is in the log.
    pub fn without_history() -> Self {
        Self { keep_history: false, ..Self::default() }
    }

    /// From now on, notes each case as it was and as it is after each
    /// event applied, until [`Docket::take_changes`] hands them over.
    pub fn keep_changes(&mut self) {
        self.changes.get_or_insert_with(Vec::new);
    }

    /// Stops noting changes, dropping any not taken.
    pub fn stop_keeping_changes(&mut self) {
        self.changes = None;
    }

    /// The changes noted since the last call, oldest first (none unless
    /// [`Docket::keep_changes`] was called).
    pub fn take_changes(&mut self) -> Vec<CaseChange> {
        self.changes.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The case with `id`.
    pub fn case(&self, id: &CaseId) -> Option<&Case> {
        self.cases.get(id).map(|c| &**c)
    }

    /// All cases, in id order.
    pub fn cases(&self) -> impl Iterator<Item = &Case> {
        self.cases.values().map(|c| &**c)
    }

    /// The cases by id, for storing them apart from the rest of the docket.
    pub fn case_map(&self) -> &BTreeMap<CaseId, Box<Case>> {
        &self.cases
    }

    /// Puts back the cases [`Docket::case_map`] gave, into the rest of the
    /// docket stored with them (its indexes and tally count those cases).
    pub fn restore_cases(&mut self, cases: BTreeMap<CaseId, Box<Case>>) {
        self.cases = cases;
    }

    /// The statistics of every case, kept in step with them.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Number of cases.
    pub fn len(&self) -> usize {
        self.cases.len()
    }

    /// Whether there are no cases.
    pub fn is_empty(&self) -> bool {
        self.cases.is_empty()
    }

    /// The final violations on `party`'s record whose incidents happened
    /// from `from` to `until` (both included), for the penalty engine.
    pub fn record_of(&self, party: &ParticipantId, from: Timestamp, until: Timestamp) -> Vec<PriorViolation> {
        let Some(by_time) = self.violations.get(party) else { return Vec::new() };
        if from > until {
            return Vec::new();
        }
        by_time
            .range(from..=until)
            .flat_map(|(_, ids)| ids.iter())
            .filter_map(|id| {
                let c = self.cases.get(id)?;
                Some(PriorViolation {
                    case: c.id.clone(),
                    party: party.clone(),
                    occurred_at: c.allegation.occurred_at,
                    severity: c.finding.as_ref()?.severity?,
                })
            })
            .collect()
    }

    /// The cases placed in border sector `sector` whose incident falls on a
    /// day from `from` to `to` in any time zone (the UTC days one either
    /// side included), in id order: a superset of those an early-warning
    /// rule counts on those days, read from the index.
    pub fn cases_in_sector(&self, sector: &str, from: jiff::civil::Date, to: jiff::civil::Date) -> Vec<&Case> {
        let (Some(from), Some(to)) = (from.yesterday().ok(), to.tomorrow().ok()) else {
            return self.cases().filter(|c| place_of(c).is_some_and(|(s, _)| s == sector)).collect();
        };
        let ids: BTreeSet<&CaseId> = self
            .by_sector_day
            .range((sector.to_owned(), from)..=(sector.to_owned(), to))
            .flat_map(|(_, ids)| ids.iter())
            .collect();
        ids.into_iter().filter_map(|id| self.cases.get(id).map(|c| &**c)).collect()
    }

    /// Keeps the sector index in step with a case that just changed (its
    /// placement or incident time may be amended).
    fn index_place(&mut self, id: &CaseId, before: Option<(String, jiff::civil::Date)>) {
        let after = self.cases.get(id).and_then(|c| place_of(c));
        if before == after {
            return;
        }
        if let Some(key) = before
            && let Some(ids) = self.by_sector_day.get_mut(&key)
        {
            ids.remove(id);
            if ids.is_empty() {
                self.by_sector_day.remove(&key);
            }
        }
        if let Some(key) = after {
            self.by_sector_day.entry(key).or_default().insert(id.clone());
        }
    }

    /// Keeps the violation index in step with a case that just changed.
    fn index_violation(&mut self, id: &CaseId, before: Option<ParticipantId>) {
        let Some(case) = self.cases.get(id) else { return };
        let after = case.violator().cloned();
        if before == after {
            return;
        }
        let at = case.allegation.occurred_at;
        if let Some(party) = before
            && let Some(by_time) = self.violations.get_mut(&party)
        {
            if let Some(ids) = by_time.get_mut(&at) {
                ids.remove(id);
                if ids.is_empty() {
                    by_time.remove(&at);
                }
            }
            if by_time.is_empty() {
                self.violations.remove(&party);
            }
        }
        if let Some(party) = after {
            self.violations.entry(party).or_default().entry(at).or_default().insert(id.clone());
        }
    }

    /// The escalations the early-warning alert `signal`, raised by record
    /// `record` at `at`, sets off, folded into their cases: for each rule
    /// whose surge trigger matches it (in the agreement's order), one
    /// `escalation_triggered.v1` event per party accused in the reports it
    /// counted (in id order; on a series by accused party, that party
    /// only), on that party's latest counted case (by day, then id). A
    /// surge is a pattern of reports as a run of findings is a pattern of
    /// violations, so it escalates through the same event, and the same
    /// webhooks and CAP alerts follow. The alert was checked against these
    /// cases first; a counted case the docket does not hold is skipped.
    pub fn escalate_alert(
        &mut self,
        agreement: &Agreement,
        signal: &crate::early_warning::Signal,
        record: u64,
        at: Timestamp,
    ) -> Result<Vec<Event>, CommandError> {
        let rules: Vec<_> = agreement.escalation.iter().filter(|r| r.trigger.matches_alert(signal)).collect();
        if rules.is_empty() {
            return Ok(Vec::new());
        }
        // Per accused party, its counted cases, oldest day first.
        let mut by_party: BTreeMap<ParticipantId, Vec<(jiff::civil::Date, CaseId)>> = BTreeMap::new();
        for counted in &signal.reports {
            let Some(case) = self.cases.get(&counted.case) else { continue };
            let party = &case.allegation.accused;
            if signal.series.accused.as_ref().is_some_and(|only| only != party) {
                continue;
            }
            by_party.entry(party.clone()).or_default().push((counted.day, counted.case.clone()));
        }
        let mut events = Vec::new();
        for rule in rules {
            for (party, cases) in &by_party {
                let Some((_, latest)) = cases.iter().max() else { continue };
                let ids: Vec<&str> = cases.iter().map(|(_, id)| id.as_str()).collect();
                let reason = format!(
                    "early-warning alert of record {record} ({} rule, sector {}): {}; reports against {party}: {}",
                    signal.method.as_str(),
                    signal.series.sector,
                    signal.explain(),
                    ids.join(", ")
                );
                events.push(Event {
                    case: latest.clone(),
                    at,
                    actor: None,
                    kind: EventKind::EscalationTriggered {
                        rule: rule.id.clone(),
                        party: party.clone(),
                        action: rule.action.clone(),
                        reason,
                    },
                });
            }
        }
        for event in &events {
            self.apply(event).map_err(|e| CommandError::invalid("case", e.to_string()))?;
        }
        Ok(events)
    }

    /// Folds events produced earlier (for example read back from the log).
    pub fn apply(&mut self, event: &Event) -> Result<(), FoldError> {
        let place = self.cases.get(&event.case).and_then(|c| place_of(c));
        let folded = self.fold(event);
        self.index_place(&event.case, place);
        folded
    }

    fn fold(&mut self, event: &Event) -> Result<(), FoldError> {
        let before = self.cases.get(&event.case).and_then(|c| c.violator().cloned());
        let keep_changes = self.changes.is_some();
        let mut was = None;
        let case = match self.cases.get_mut(&event.case) {
            Some(case) => {
                if keep_changes {
                    was = Some(case.clone());
                }
                self.tally.count_out(case);
                let folded = case.apply(event);
                // Counted back in as it now is, whether or not the event folded.
                self.tally.count_in(case);
                if let Err(e) = folded {
                    if let (Some(changes), Some(was)) = (self.changes.as_mut(), was) {
                        changes.push(CaseChange { after: Box::new((**case).clone()), before: Some(was) });
                    }
                    return Err(e);
                }
                case
            }
            None => {
                let case = Box::new(Case::open(event)?);
                self.tally.count_in(&case);
                self.cases.entry(case.id.clone()).or_insert(case)
            }
        };
        if !self.keep_history {
            case.history.clear();
        }
        if let Some(changes) = self.changes.as_mut() {
            changes.push(CaseChange { before: was, after: case.clone() });
        }
        self.index_violation(&event.case, before);
        Ok(())
    }

    /// Decides `command` by `actor` at `now` and, if it is legal, applies the
    /// resulting events and returns them.
    pub fn execute(
        &mut self,
        agreement: &Agreement,
        actor: &Actor,
        command: &CaseCommand,
        now: Timestamp,
    ) -> Result<Vec<Event>, CommandError> {
        let events = self.decide(agreement, actor, command, now)?;
        for event in &events {
            // Events come from `decide`, which only emits events that fold.
            self.apply(event).map_err(|e| CommandError::invalid("case", e.to_string()))?;
        }
        Ok(events)
    }

    /// Decides `command` without applying it: the events it would produce.
    pub fn decide(
        &self,
        agreement: &Agreement,
        actor: &Actor,
        command: &CaseCommand,
        now: Timestamp,
    ) -> Result<Vec<Event>, CommandError> {
        check_actor(agreement, actor)?;
        let id = &command.case;
        let ctx = Ctx { agreement, actor, now, id };
        let Some(case) = self.cases.get(id) else {
            return match &command.command {
                Command::FileReport { allegation } => ctx.file_report(allegation),
                _ => Err(CommandError::UnknownCase(id.clone())),
            };
        };
        ctx.check_open(command.command.kind(), case)?;
        let d = &agreement.protocol.deadlines;
        let events = match &command.command {
            Command::FileReport { .. } => return Err(CommandError::CaseExists(id.clone())),
            Command::Acknowledge {} => {
                let late = case.deadlines.acknowledge_by.is_some_and(|by| now > by);
                vec![ctx.event(EventKind::Acknowledged { late, triage_by: add(now, d.triage) })]
            }
            Command::Admit { note } => {
                check_text("note", note, 0)?;
                ctx.check_in_force(&case.allegation)?;
                ctx.check_scope_unverified(&case.allegation, note)?;
                vec![ctx.event(EventKind::Admitted { note: note.clone() })]
            }
            Command::RuleInadmissible { reason } => {
                check_text("reason", reason, 1)?;
                vec![ctx.event(EventKind::RuledInadmissible { reason: reason.clone() })]
            }
            Command::MergeDuplicate { into, note } => {
                check_text("note", note, 0)?;
                let target = self
                    .cases
                    .get(into)
                    .ok_or_else(|| CommandError::invalid("into", format!("there is no case {into}")))?;
                if into == id {
                    return Err(CommandError::invalid("into", "a case cannot be merged into itself"));
                }
                if matches!(
                    target.status,
                    Status::Merged | Status::Inadmissible | Status::Closed | Status::Reported | Status::Withdrawn
                ) {
                    return Err(CommandError::invalid(
                        "into",
                        format!(
                            "case {into} is {}; merge into a case that has been acknowledged and is still open",
                            target.status
                        ),
                    ));
                }
                if target.allegation.accused != case.allegation.accused {
                    return Err(CommandError::invalid(
                        "into",
                        format!(
                            "case {into} accuses {}, this case accuses {}; only reports of the same allegation are duplicates",
                            target.allegation.accused, case.allegation.accused
                        ),
                    ));
                }
                let mut events = vec![
                    ctx.event(EventKind::MergedInto { target: into.clone(), note: note.clone() }),
                    ctx.event_on(into, None, EventKind::DuplicateMerged { duplicate: id.clone() }),
                ];
                events.extend(self.repropose(&ctx, target, id)?);
                events
            }
            Command::NotifyAccused {} => vec![ctx.event(EventKind::AccusedNotified { reply_by: add(now, d.reply) })],
            Command::SubmitReply { reply } => {
                check_text("reply.text", &reply.text, 1)?;
                check_evidence("reply.evidence", &reply.evidence)?;
                vec![ctx.event(EventKind::ReplyReceived { reply: reply.clone() })]
            }
            Command::MarkReplyOverdue {} => {
                let mut events = vec![ctx.event(EventKind::ReplyOverdue)];
                let party = &case.allegation.accused;
                for rule in agreement.escalation.iter().filter(|r| r.trigger == EscalationTrigger::OverdueReply) {
                    events.push(ctx.rule_event(EventKind::EscalationTriggered {
                        rule: rule.id.clone(),
                        party: party.clone(),
                        action: rule.action.clone(),
                        reason: format!("{party} did not reply to case {id} before the deadline"),
                    }));
                }
                events
            }
            Command::TaskInvestigation { team, due, replaces } => {
                if agreement.kind_of(team) != Some(ParticipantKind::MonitoringTeam) {
                    return Err(CommandError::invalid(
                        "team",
                        format!("{team} is not a monitoring team of the agreement"),
                    ));
                }
                match (case.status, replaces, &case.team) {
                    (Status::UnderInvestigation, None, Some(current)) => {
                        return Err(CommandError::invalid(
                            "replaces",
                            format!("{current} is investigating; to re-task the case, name the team it replaces"),
                        ));
                    }
                    (_, Some(old), current) if current.as_ref() != Some(old) => {
                        return Err(CommandError::invalid(
                            "replaces",
                            format!(
                                "{old} is not the team investigating ({})",
                                current.as_ref().map_or("none", |t| t.as_str())
                            ),
                        ));
                    }
                    (_, Some(old), _) if old == team => {
                        return Err(CommandError::invalid("team", format!("{team} is the team it would replace")));
                    }
                    _ => {}
                }
                let due = due.unwrap_or_else(|| add(now, d.investigation));
                if due <= now {
                    return Err(CommandError::invalid("due", format!("{due} is not after now ({now})")));
                }
                vec![ctx.event(EventKind::InvestigationTasked { team: team.clone(), due, replaces: replaces.clone() })]
            }
            Command::RecordAccessDenial { denial } => {
                if agreement.kind_of(&denial.by) != Some(ParticipantKind::Party) {
                    return Err(CommandError::invalid("denial.by", format!("{} is not a party", denial.by)));
                }
                check_line("denial.place", &denial.place, 1)?;
                check_text("denial.description", &denial.description, 1)?;
                vec![ctx.event(EventKind::AccessDenied { denial: denial.clone() })]
            }
            Command::SubmitInvestigationReport { report } => {
                check_text("report.summary", &report.summary, 1)?;
                check_evidence("report.evidence", &report.evidence)?;
                let late = case.deadlines.investigation_due.is_some_and(|due| now > due);
                vec![ctx.event(EventKind::InvestigationReported { report: report.clone(), late })]
            }
            Command::ProposeFinding { finding } => {
                ctx.check_finding("finding", finding)?;
                vec![ctx.event(EventKind::MotionOpened { motion: Motion::Determination { finding: finding.clone() } })]
            }
            Command::Vote { approve, reason } => self.vote(&ctx, case, *approve, reason)?,
            Command::FileAppeal { grounds } => {
                check_text("grounds", grounds, 1)?;
                // `check_open` has made sure the actor's party may still appeal.
                let by = actor
                    .participant
                    .clone()
                    .ok_or_else(|| CommandError::invalid("actor", "an appeal needs a party"))?;
                vec![ctx.event(EventKind::AppealFiled { appeal: Appeal { by, grounds: grounds.clone() } })]
            }
            Command::ProposeAppealDecision { decision, reason } => {
                check_text("reason", reason, 1)?;
                let motion = match decision {
                    AppealDecision::Uphold => Motion::UpholdOnAppeal { reason: reason.clone() },
                    AppealDecision::Revise { finding } => {
                        ctx.check_finding("decision.finding", finding)?;
                        Motion::ReviseOnAppeal { finding: finding.clone(), reason: reason.clone() }
                    }
                };
                vec![ctx.event(EventKind::MotionOpened { motion })]
            }
            Command::Finalize {} => {
                let mut events = vec![ctx.event(EventKind::FindingFinal)];
                if let Some(finding) = &case.finding {
                    events.extend(self.on_final(&ctx, case, finding)?);
                }
                events
            }
            Command::ProposePenaltyDecision { level, reason } => {
                check_text("reason", reason, 0)?;
                let proposal = case
                    .penalty_proposal
                    .as_ref()
                    .ok_or_else(|| CommandError::invalid("level", "the case has no penalty proposal"))?;
                let level = level.unwrap_or(proposal.level);
                let rung = agreement.penalties.rung(level).ok_or_else(|| {
                    CommandError::invalid(
                        "level",
                        format!(
                            "the ladder has levels 1 to {}; {level} is not one of them",
                            agreement.penalties.ladder.len()
                        ),
                    )
                })?;
                if level != proposal.level && crate::text::is_blank(reason) {
                    return Err(CommandError::invalid(
                        "reason",
                        format!(
                            "level {level} departs from the engine's proposal (level {}); the reason for departing is required",
                            proposal.level
                        ),
                    ));
                }
                vec![ctx.event(EventKind::MotionOpened {
                    motion: Motion::Penalty { level, measure: rung.id.clone(), reason: reason.clone() },
                })]
            }
            Command::RecordCompliance { complied, note } => {
                check_text("note", note, 0)?;
                let by = case.deadlines.compliance_by;
                if let (false, Some(by)) = (*complied, by)
                    && now <= by
                {
                    return Err(CommandError::DeadlineNotReached { what: "compliance", deadline: by, now });
                }
                let mut events =
                    vec![ctx.event(EventKind::ComplianceRecorded { complied: *complied, note: note.clone() })];
                if !complied {
                    let party = case.penalty.as_ref().map_or(&case.allegation.accused, |p| &p.party);
                    for rule in agreement.escalation.iter().filter(|r| r.trigger == EscalationTrigger::NonCompliance) {
                        events.push(ctx.rule_event(EventKind::EscalationTriggered {
                            rule: rule.id.clone(),
                            party: party.clone(),
                            action: rule.action.clone(),
                            reason: format!("{party} did not comply with the penalty decided in case {id}"),
                        }));
                    }
                }
                events
            }
            Command::Close { note } => {
                check_text("note", note, 0)?;
                vec![ctx.event(EventKind::Closed { note: note.clone() })]
            }
            Command::Reopen { reason, evidence } => {
                check_text("reason", reason, 1)?;
                if evidence.is_empty() {
                    return Err(CommandError::invalid(
                        "evidence",
                        "a case is reopened only on new evidence; list at least one item",
                    ));
                }
                check_evidence("evidence", evidence)?;
                vec![ctx.event(EventKind::Reopened { reason: reason.clone(), evidence: evidence.clone() })]
            }
            Command::AmendAllegation { allegation, reason } => {
                check_text("reason", reason, 1)?;
                check_allegation(agreement, allegation, now)?;
                if allegation == &case.allegation {
                    return Err(CommandError::invalid(
                        "allegation",
                        "is the allegation as it stands; nothing to amend",
                    ));
                }
                if case.complainant.participant() == Some(&allegation.accused) {
                    return Err(CommandError::invalid("allegation.accused", "a party cannot accuse itself"));
                }
                vec![ctx.event(EventKind::AllegationAmended {
                    allegation: Box::new(allegation.clone()),
                    reason: reason.clone(),
                    placement: ctx.placement(allegation)?,
                })]
            }
            Command::WithdrawAllegation { reason } => {
                check_text("reason", reason, 1)?;
                vec![ctx.event(EventKind::AllegationWithdrawn { reason: reason.clone() })]
            }
            Command::ExtendDeadline { deadline, party, until, reason } => {
                check_text("reason", reason, 1)?;
                let current = ctx.extendable(case, *deadline, party.as_ref())?;
                if *until <= current {
                    return Err(CommandError::invalid(
                        "until",
                        format!("{until} is not later than the {} deadline it extends ({current})", deadline.as_str()),
                    ));
                }
                if *until <= now {
                    return Err(CommandError::invalid("until", format!("{until} is not after now ({now})")));
                }
                vec![ctx.event(EventKind::MotionOpened {
                    motion: Motion::ExtendDeadline {
                        deadline: *deadline,
                        party: party.clone(),
                        until: *until,
                        reason: reason.clone(),
                    },
                })]
            }
            Command::LinkCase { other, relation, note } => {
                check_text("note", note, 0)?;
                if other == id {
                    return Err(CommandError::invalid("other", "a case cannot be linked to itself"));
                }
                let target = self
                    .cases
                    .get(other)
                    .ok_or_else(|| CommandError::invalid("other", format!("there is no case {other}")))?;
                if case.links.iter().any(|l| &l.case == other) {
                    return Err(CommandError::invalid("other", format!("case {other} is linked already")));
                }
                if *relation == crate::case::LinkRelation::CounterAllegation {
                    let accuser = |c: &Case| c.complainant.participant().cloned();
                    let counter = accuser(case).as_ref() == Some(&target.allegation.accused)
                        && accuser(target).as_ref() == Some(&case.allegation.accused);
                    if !counter {
                        return Err(CommandError::invalid(
                            "relation",
                            format!(
                                "case {other} is not a counter-allegation: each case must accuse the party that filed the other"
                            ),
                        ));
                    }
                }
                vec![
                    ctx.event(EventKind::CaseLinked { other: other.clone(), relation: *relation, note: note.clone() }),
                    ctx.event_on(
                        other,
                        Some(actor.clone()),
                        EventKind::CaseLinked { other: id.clone(), relation: *relation, note: note.clone() },
                    ),
                ]
            }
            Command::AddNote { text } => {
                check_text("text", text, 1)?;
                vec![ctx.event(EventKind::NoteAdded { text: text.clone() })]
            }
        };
        Ok(events)
    }

    /// When `duplicate` is merged into `target` and the target's penalty
    /// was proposed with the duplicate on the party's record, the proposal
    /// again without it, saying so: one incident reported twice is one
    /// violation, not a repeat.
    fn repropose(&self, ctx: &Ctx<'_>, target: &Case, duplicate: &CaseId) -> Result<Vec<Event>, CommandError> {
        let (Status::PenaltyProposed, Some(finding)) = (target.status, target.finding.as_ref()) else {
            return Ok(Vec::new());
        };
        let Some(party) = finding.attribution.as_ref().map(|a| &a.party) else { return Ok(Vec::new()) };
        let at = target.allegation.occurred_at;
        let window = ctx.agreement.penalties.recidivism.window;
        let record: Vec<PriorViolation> = self
            .record_of(party, at.checked_sub(window).unwrap_or(Timestamp::MIN), at)
            .into_iter()
            .filter(|v| &v.case != duplicate && v.case != target.id)
            .collect();
        let mut proposal = penalty::propose(ctx.agreement, &record, &target.id, at, finding)?;
        proposal.steps.push(format!(
            "recomputed when case {duplicate} was merged into case {} as a duplicate: it no longer counts as a separate violation",
            target.id
        ));
        Ok(vec![ctx.event_on(&target.id, None, EventKind::PenaltyProposed { proposal })])
    }

    fn vote(&self, ctx: &Ctx<'_>, case: &Case, approve: bool, reason: &str) -> Result<Vec<Event>, CommandError> {
        let decision = &ctx.agreement.protocol.decision;
        // `check_open` has made sure a motion is open and this voter has not voted.
        let ballot = case.ballot.as_ref().ok_or_else(|| CommandError::invalid("vote", "no motion is open"))?;
        let participant = ctx.actor.participant.clone().ok_or_else(|| ctx.not_permitted("vote", "only voters vote"))?;
        check_text("reason", reason, if approve { 0 } else { 1 })?;
        let vote = Vote { participant: participant.clone(), approve, reason: reason.to_owned() };
        let mut events = vec![ctx.event(EventKind::VoteCast { vote: vote.clone() })];
        let mut votes = ballot.votes.clone();
        votes.push(vote);
        let approvals = votes.iter().filter(|v| v.approve).count();
        let dissents = votes.len() - approvals;
        let voters = decision.voters.len();
        let (adopted, failed) = match &decision.rule {
            DecisionRule::Chair(chair) => {
                let chair_vote = votes.iter().find(|v| &v.participant == chair);
                (chair_vote.is_some_and(|v| v.approve), chair_vote.is_some_and(|v| !v.approve))
            }
            DecisionRule::Consensus => (approvals == voters, dissents > 0),
            DecisionRule::KOfN(k) => {
                let k = *k as usize;
                (approvals >= k, dissents > voters.saturating_sub(k))
            }
        };
        let d = &ctx.agreement.protocol.deadlines;
        if adopted {
            match &ballot.motion {
                Motion::Determination { .. } => {
                    events.push(ctx.rule_event(EventKind::MotionAdopted {
                        adopted: Adopted::Finding { appeal_until: add(ctx.now, d.appeal) },
                    }));
                }
                Motion::UpholdOnAppeal { .. } | Motion::ReviseOnAppeal { .. } => {
                    events.push(ctx.rule_event(EventKind::MotionAdopted { adopted: Adopted::AppealDecided }));
                    // Final now only if no other party to the case may still
                    // appeal; else when its window closes (`finalize.v1`).
                    if case.appeal_open_until(ctx.now).is_none() {
                        events.push(ctx.rule_event(EventKind::FindingFinal));
                        let finding = match &ballot.motion {
                            Motion::ReviseOnAppeal { finding, .. } => Some(finding),
                            _ => case.finding.as_ref(),
                        };
                        if let Some(finding) = finding {
                            events.extend(self.on_final(ctx, case, finding)?);
                        }
                    }
                }
                Motion::ExtendDeadline { .. } => {
                    events.push(ctx.rule_event(EventKind::MotionAdopted { adopted: Adopted::DeadlineExtended }));
                }
                Motion::Penalty { .. } => {
                    events.push(ctx.rule_event(EventKind::MotionAdopted {
                        adopted: Adopted::Penalty { compliance_by: add(ctx.now, d.compliance) },
                    }));
                }
            }
        } else if failed {
            events.push(ctx.rule_event(EventKind::MotionFailed));
        }
        Ok(events)
    }

    /// What follows a finding becoming final: the penalty proposal and escalations.
    fn on_final(&self, ctx: &Ctx<'_>, case: &Case, finding: &Finding) -> Result<Vec<Event>, CommandError> {
        let mut events = Vec::new();
        let Some(attribution) = finding.attribution.as_ref().filter(|_| finding.is_violation()) else {
            return Ok(events);
        };
        let party = &attribution.party;
        let at = case.allegation.occurred_at;
        // Earlier violations as far back as the longest window that reads them.
        let longest = ctx
            .agreement
            .escalation
            .iter()
            .filter_map(|r| match r.trigger {
                EscalationTrigger::ConfirmedViolations { within, .. } => Some(within),
                _ => None,
            })
            .fold(ctx.agreement.penalties.recidivism.window, jiff::SignedDuration::max);
        let record = self.record_of(party, at.checked_sub(longest).unwrap_or(Timestamp::MIN), at);
        let mut proposal = penalty::propose(ctx.agreement, &record, ctx.id, case.allegation.occurred_at, finding)?;
        if !case.duplicates.is_empty() {
            let merged: Vec<&str> = case.duplicates.iter().map(CaseId::as_str).collect();
            proposal.steps.push(format!(
                "the reports merged into this case as duplicates ({}) count with it as one violation",
                merged.join(", ")
            ));
        }
        events.push(ctx.rule_event(EventKind::PenaltyProposed { proposal }));
        for rule in &ctx.agreement.escalation {
            let reason = match &rule.trigger {
                EscalationTrigger::GraveFinding if finding.severity == Some(crate::vocab::Severity::Grave) => {
                    format!("a grave violation by {party} was found final in case {}", ctx.id)
                }
                EscalationTrigger::ConfirmedViolations { count, within } => {
                    let from = at.checked_sub(*within).unwrap_or(Timestamp::MIN);
                    let mut cases: Vec<String> = record
                        .iter()
                        .filter(|v| &v.case != ctx.id && v.occurred_at >= from && v.occurred_at <= at)
                        .map(|v| v.case.to_string())
                        .collect();
                    cases.push(ctx.id.to_string());
                    if cases.len() < *count as usize {
                        continue;
                    }
                    format!(
                        "{} confirmed violations by {party} within {} ({})",
                        cases.len(),
                        penalty::days(*within),
                        cases.join(", ")
                    )
                }
                _ => continue,
            };
            events.push(ctx.rule_event(EventKind::EscalationTriggered {
                rule: rule.id.clone(),
                party: party.clone(),
                action: rule.action.clone(),
                reason,
            }));
        }
        Ok(events)
    }
}

/// The border sector of `case` and the UTC day of its incident, if placed.
fn place_of(case: &Case) -> Option<(String, jiff::civil::Date)> {
    let sector = case.placement.as_ref()?.sector.clone()?;
    Some((sector, jiff::tz::TimeZone::UTC.to_datetime(case.allegation.occurred_at).date()))
}

/// The commands `actor` may issue on `case` at `now`, in lifecycle order:
/// those whose status, issuer, time, deadline and ballot checks pass, the
/// very checks [`Docket::decide`] runs before it reads a command's content.
/// What the content must say (a reason, a finding that meets its
/// standard, a penalty level on the ladder) is still the command's to get
/// right, so a command listed here can be refused for what it says, never
/// for who sends it or when. Filing opens a case and is never listed.
pub fn open_commands(agreement: &Agreement, actor: &Actor, case: &Case, now: Timestamp) -> Vec<CommandKind> {
    if check_actor(agreement, actor).is_err() {
        return Vec::new();
    }
    let ctx = Ctx { agreement, actor, now, id: &case.id };
    CommandKind::ALL
        .into_iter()
        .filter(|kind| *kind != CommandKind::FileReport && ctx.check_open(*kind, case).is_ok())
        .collect()
}

/// What every check needs: the agreement, who acts, when, on which case.
struct Ctx<'a> {
    agreement: &'a Agreement,
    actor: &'a Actor,
    now: Timestamp,
    id: &'a CaseId,
}

impl Ctx<'_> {
    fn event(&self, kind: EventKind) -> Event {
        Event { case: self.id.clone(), at: self.now, actor: Some(self.actor.clone()), kind }
    }

    fn event_on(&self, case: &CaseId, actor: Option<Actor>, kind: EventKind) -> Event {
        Event { case: case.clone(), at: self.now, actor, kind }
    }

    fn rule_event(&self, kind: EventKind) -> Event {
        Event { case: self.id.clone(), at: self.now, actor: None, kind }
    }

    fn not_permitted(&self, action: &'static str, reason: &str) -> CommandError {
        CommandError::NotPermitted {
            role: self.actor.role,
            participant: self.actor.participant.clone(),
            action,
            reason: reason.to_owned(),
        }
    }

    /// Whether a command of `kind` may be issued on `case` by this actor
    /// now, whatever it says: the status allows it, the actor is of the
    /// kind that issues it, the time is not before the case's last event,
    /// no deadline stands in its way, and for a vote, a motion is open that
    /// this voter has not voted on. [`Docket::decide`] runs this before it
    /// looks at the command's content, and [`open_commands`] runs it alone,
    /// so a form is offered exactly when its command would get past it.
    fn check_open(&self, kind: CommandKind, case: &Case) -> Result<(), CommandError> {
        let transition = kind.transition().ok_or_else(|| CommandError::invalid("type", "unknown command"))?;
        if !transition.from.contains(&case.status) {
            if kind == CommandKind::FileReport {
                return Err(CommandError::CaseExists(case.id.clone()));
            }
            return Err(CommandError::WrongStatus {
                case: case.id.clone(),
                command: kind.name(),
                status: case.status,
                allowed: transition.from.to_vec(),
            });
        }
        self.check_issuer(transition.by, case)?;
        let now = self.now;
        if now < case.last_event_at {
            return Err(CommandError::BackDated { now, last: case.last_event_at });
        }
        let d = &case.deadlines;
        match kind {
            CommandKind::SubmitReply => match d.reply_by.filter(|by| now > *by) {
                Some(deadline) => Err(CommandError::DeadlinePassed { what: "reply", deadline, now }),
                None => Ok(()),
            },
            CommandKind::MarkReplyOverdue => match d.reply_by.filter(|by| now <= *by) {
                Some(deadline) => Err(CommandError::DeadlineNotReached { what: "reply", deadline, now }),
                None => Ok(()),
            },
            CommandKind::FileAppeal => {
                let Some(party) = self.actor.participant.as_ref() else {
                    return Err(self.not_permitted("appeal", "an appeal needs a party"));
                };
                if case.has_appealed(party) {
                    return Err(self.not_permitted("appeal", &format!("{party} has appealed this finding already")));
                }
                match case.appeal_until(party).filter(|until| now > *until) {
                    Some(deadline) => Err(CommandError::DeadlinePassed { what: "appeal", deadline, now }),
                    None => Ok(()),
                }
            }
            CommandKind::Finalize => {
                self.no_motion(case)?;
                // Every party's own window must have closed (or been used).
                match case.appeal_open_until(now) {
                    Some(deadline) => Err(CommandError::DeadlineNotReached { what: "appeal", deadline, now }),
                    None => Ok(()),
                }
            }
            CommandKind::ProposeFinding
            | CommandKind::ProposeAppealDecision
            | CommandKind::ProposePenaltyDecision
            | CommandKind::ExtendDeadline
            | CommandKind::Close
            | CommandKind::RuleInadmissible => self.no_motion(case),
            CommandKind::Vote => {
                let ballot = case.ballot.as_ref().ok_or_else(|| CommandError::invalid("vote", "no motion is open"))?;
                match self.actor.participant.as_ref() {
                    Some(p) if ballot.votes.iter().any(|v| &v.participant == p) => {
                        Err(self.not_permitted("vote", &format!("{p} has already voted on this motion")))
                    }
                    Some(_) => Ok(()),
                    None => Err(self.not_permitted("vote", "only voters vote")),
                }
            }
            CommandKind::FileReport
            | CommandKind::Acknowledge
            | CommandKind::Admit
            | CommandKind::MergeDuplicate
            | CommandKind::NotifyAccused
            | CommandKind::TaskInvestigation
            | CommandKind::RecordAccessDenial
            | CommandKind::SubmitInvestigationReport
            | CommandKind::RecordCompliance
            | CommandKind::Reopen
            | CommandKind::AmendAllegation
            | CommandKind::WithdrawAllegation
            | CommandKind::LinkCase
            | CommandKind::AddNote => Ok(()),
        }
    }

    /// One motion at a time: a step that opens a motion, or that would
    /// leave an open one undecidable, waits for the open one.
    fn no_motion(&self, case: &Case) -> Result<(), CommandError> {
        match &case.ballot {
            Some(_) => Err(CommandError::invalid(
                "type",
                format!("a motion is open on case {}; the voters decide it first", case.id),
            )),
            None => Ok(()),
        }
    }

    /// The deadline of `kind` running on `case` that an extension would
    /// replace (for an appeal window, `party`'s).
    fn extendable(
        &self,
        case: &Case,
        kind: DeadlineKind,
        party: Option<&ParticipantId>,
    ) -> Result<Timestamp, CommandError> {
        let d = &case.deadlines;
        let running = DeadlineKind::running_in(case.status) == Some(kind);
        let current = match kind {
            DeadlineKind::Acknowledgement => d.acknowledge_by,
            DeadlineKind::Triage => d.triage_by,
            DeadlineKind::Reply => d.reply_by,
            DeadlineKind::Investigation => d.investigation_due,
            DeadlineKind::Compliance => d.compliance_by,
            DeadlineKind::Appeal => {
                let party = party.ok_or_else(|| {
                    CommandError::invalid("party", "an appeal window is a party's own: name the party")
                })?;
                if !case.parties_to_case().contains(&party) {
                    return Err(CommandError::invalid("party", format!("{party} is not a party to case {}", case.id)));
                }
                if case.has_appealed(party) {
                    return Err(CommandError::invalid("party", format!("{party} has appealed already")));
                }
                case.appeal_until(party)
            }
        };
        if kind != DeadlineKind::Appeal && party.is_some() {
            return Err(CommandError::invalid("party", "only an appeal window is a party's own"));
        }
        match current.filter(|_| running) {
            Some(at) => Ok(at),
            None => Err(CommandError::invalid(
                "deadline",
                format!("no {} deadline is running on case {} ({})", kind.as_str(), case.id, case.status),
            )),
        }
    }

    /// Where an allegation's location falls, if it gives one.
    fn placement(&self, allegation: &Allegation) -> Result<Option<Box<truce_geo::Placement>>, CommandError> {
        match &allegation.location {
            Some(loc) => {
                let (geography, point) = locate(loc)?;
                Ok(Some(Box::new(geography.place_point(&point))))
            }
            None => Ok(None),
        }
    }

    fn check_issuer(&self, issuer: Issuer, case: &Case) -> Result<(), CommandError> {
        let actor = self.actor;
        let me = actor.participant.as_ref();
        match issuer {
            Issuer::Filer => Ok(()),
            Issuer::Complainant => {
                // `check_actor` has made sure the role fits the participant.
                match me {
                    Some(p) if case.complainant.participant() == Some(p) => Ok(()),
                    _ => Err(self.not_permitted("amend or withdraw the allegation", "only its filer does")),
                }
            }
            Issuer::Mediator if actor.role.is_mediator() => Ok(()),
            Issuer::Mediator => Err(self.not_permitted("act for the mediators", "this step is the mediators'")),
            Issuer::Voter => {
                let Some(p) =
                    me.filter(|p| actor.role.is_mediator() && self.agreement.protocol.decision.voters.contains(p))
                else {
                    return Err(self.not_permitted(
                        "vote",
                        &format!("only the voters ({}) vote", join(&self.agreement.protocol.decision.voters)),
                    ));
                };
                if p == &case.allegation.accused || case.complainant.participant() == Some(p) {
                    return Err(self.not_permitted("vote", "a participant never decides a case it is party to"));
                }
                Ok(())
            }
            Issuer::Accused => {
                if actor.role == Role::PartyLiaison && me == Some(&case.allegation.accused) {
                    Ok(())
                } else if me.is_some() && case.complainant.participant() == me {
                    Err(self.not_permitted(
                        "reply",
                        "the complainant cannot reply to its own allegation; only the accused replies",
                    ))
                } else {
                    Err(self.not_permitted("reply", &format!("only {}'s liaison replies", case.allegation.accused)))
                }
            }
            Issuer::PartyToCase => {
                let attributed = case.finding.as_ref().and_then(|f| f.attribution.as_ref()).map(|a| &a.party);
                let involved = me.is_some_and(|p| {
                    p == &case.allegation.accused || case.complainant.participant() == Some(p) || attributed == Some(p)
                });
                if actor.role == Role::PartyLiaison && involved {
                    Ok(())
                } else {
                    Err(self.not_permitted("appeal", "only the liaison of a party to the case appeals"))
                }
            }
            Issuer::TaskedTeam => {
                if actor.role == Role::Monitor && me.is_some() && me == case.team.as_ref() {
                    Ok(())
                } else {
                    Err(self.not_permitted(
                        "report on the investigation",
                        &format!(
                            "only monitors of the tasked team ({}) do",
                            case.team.as_ref().map_or("none", |t| t.as_str())
                        ),
                    ))
                }
            }
        }
    }

    fn file_report(&self, allegation: &Allegation) -> Result<Vec<Event>, CommandError> {
        let agreement = self.agreement;
        let actor = self.actor;
        let kind = match (actor.role, &actor.participant) {
            (Role::PartyLiaison, Some(_)) => FilerKind::Parties,
            (Role::Mediator | Role::MediatorChair, Some(_)) => FilerKind::Mediators,
            (Role::Monitor, Some(_)) => FilerKind::Monitors,
            (Role::Observer, _) => FilerKind::Public,
            _ => return Err(self.not_permitted("file an allegation", "administrators do not file")),
        };
        if !agreement.protocol.may_file.contains(&kind) {
            return Err(self.not_permitted("file an allegation", "the protocol does not let this channel file"));
        }
        let complainant = match kind {
            FilerKind::Public => Complainant::Public,
            _ => match &actor.participant {
                Some(p) => Complainant::Participant(p.clone()),
                None => Complainant::Public,
            },
        };
        check_allegation(agreement, allegation, self.now)?;
        if complainant.participant() == Some(&allegation.accused) {
            return Err(CommandError::invalid("allegation.accused", "a party cannot accuse itself"));
        }
        let placement = self.placement(allegation)?;
        let acknowledge_by = add(self.now, agreement.protocol.deadlines.acknowledge);
        Ok(vec![self.event(EventKind::Reported {
            complainant,
            allegation: Box::new(allegation.clone()),
            acknowledge_by,
            placement,
        })])
    }

    /// An allegation with no location cites provisions whose scope cannot
    /// be checked: admitting it takes that scope as met, so the admission
    /// must say why in its note (the event records who decided).
    fn check_scope_unverified(&self, allegation: &Allegation, note: &str) -> Result<(), CommandError> {
        if allegation.location.is_some() || !crate::text::is_blank(note) {
            return Ok(());
        }
        let scoped: Vec<String> = allegation
            .provisions
            .iter()
            .filter_map(|p| self.agreement.provision(p))
            .filter(|p| p.scope != crate::agreement::GeoScope::WholeBorder)
            .map(|p| format!("{} applies {}", p.id, p.scope_words(&self.agreement.zones)))
            .collect();
        if scoped.is_empty() {
            return Ok(());
        }
        Err(CommandError::invalid(
            "note",
            format!(
                "the allegation gives no location, so whether it falls where the provisions cited apply ({}) is unverified; say in the note on what the mediators take that scope as met, or rule the case inadmissible",
                scoped.join("; ")
            ),
        ))
    }

    fn check_in_force(&self, allegation: &Allegation) -> Result<(), CommandError> {
        let at = allegation.occurred_at;
        let identity = &self.agreement.identity;
        if !self.agreement.in_force_at(at) {
            return Err(CommandError::OutsideAgreement(format!(
                "the incident is dated {at}, but the agreement is in force from {}{}; rule the case inadmissible",
                identity.effective_at.timestamp(),
                identity.ends_at.as_ref().map(|e| format!(" to {}", e.timestamp())).unwrap_or_default()
            )));
        }
        if let Some(loc) = &allegation.location {
            let (geography, point) = locate(loc)?;
            let cited: Vec<_> = allegation.provisions.iter().filter_map(|p| self.agreement.provision(p)).collect();
            if !cited.iter().any(|p| p.applies_at(&self.agreement.zones, geography, &point)) {
                let scopes: Vec<String> = cited
                    .iter()
                    .map(|p| format!("{} applies {}", p.id, p.scope_words(&self.agreement.zones)))
                    .collect();
                return Err(CommandError::OutsideAgreement(format!(
                    "the incident at {:.4}, {:.4} ({:.1} km from the line) is outside the geographic scope of every provision cited ({}); rule the case inadmissible",
                    loc.lat,
                    loc.lon,
                    geography.border_km(&point),
                    scopes.join("; ")
                )));
            }
        }
        for pid in &allegation.provisions {
            if let Some(p) = self.agreement.provision(pid) {
                let before = p.valid_from.is_some_and(|from| at < from);
                let after = p.valid_until.is_some_and(|until| at >= until);
                if before || after {
                    return Err(CommandError::OutsideAgreement(format!(
                        "provision {pid} did not apply at {at}; rule the case inadmissible or cite another provision"
                    )));
                }
            }
        }
        Ok(())
    }

    fn check_finding(&self, field: &str, finding: &Finding) -> Result<(), CommandError> {
        let agreement = self.agreement;
        let standards = &agreement.protocol.standards;
        check_text(&format!("{field}.reasons"), &finding.reasons, 1)?;
        check_evidence(&format!("{field}.evidence"), &finding.evidence)?;
        check_casualties(&format!("{field}.casualties"), &finding.casualties)?;
        once(&format!("{field}.provisions_breached"), &finding.provisions_breached)?;
        once(&format!("{field}.acts"), &finding.acts)?;
        if finding.occurrence != Occurrence::Confirmed {
            if finding.attribution.is_some() {
                return Err(CommandError::invalid(
                    format!("{field}.attribution"),
                    "no one can be held responsible for an incident that is not confirmed",
                ));
            }
            if !finding.provisions_breached.is_empty() {
                return Err(CommandError::invalid(
                    format!("{field}.provisions_breached"),
                    "no provision is breached by an incident that is not confirmed",
                ));
            }
            if finding.severity.is_some() {
                return Err(CommandError::invalid(
                    format!("{field}.severity"),
                    "severity applies only to an attributed violation",
                ));
            }
            return Ok(());
        }
        if finding.occurrence_standard_met < standards.occurrence {
            return Err(CommandError::StandardNotMet {
                what: "confirming occurrence",
                required: standards.occurrence,
                met: finding.occurrence_standard_met,
            });
        }
        if finding.acts.is_empty() {
            return Err(CommandError::invalid(format!("{field}.acts"), "a confirmed incident needs the acts found"));
        }
        let Some(attribution) = &finding.attribution else {
            if !finding.provisions_breached.is_empty() {
                return Err(CommandError::invalid(
                    format!("{field}.provisions_breached"),
                    "a breach needs an attribution: say which party is responsible",
                ));
            }
            if finding.severity.is_some() {
                return Err(CommandError::invalid(
                    format!("{field}.severity"),
                    "severity applies only to an attributed violation",
                ));
            }
            return Ok(());
        };
        let party = &attribution.party;
        if agreement.kind_of(party) != Some(ParticipantKind::Party) {
            return Err(CommandError::invalid(format!("{field}.attribution.party"), format!("{party} is not a party")));
        }
        let (required, kind) = match attribution.basis {
            AttributionBasis::DirectAct => (standards.direct_act, ObligationKind::Commission),
            AttributionBasis::FailureToPrevent => (standards.failure_to_prevent, ObligationKind::Omission),
        };
        if attribution.standard_met < required {
            return Err(CommandError::StandardNotMet {
                what: match attribution.basis {
                    AttributionBasis::DirectAct => "attributing a direct act",
                    AttributionBasis::FailureToPrevent => "attributing a failure to prevent",
                },
                required,
                met: attribution.standard_met,
            });
        }
        if finding.provisions_breached.is_empty() {
            return Err(CommandError::invalid(
                format!("{field}.provisions_breached"),
                "an attributed violation must name the provisions breached",
            ));
        }
        if finding.severity.is_none() {
            return Err(CommandError::invalid(format!("{field}.severity"), "an attributed violation needs a severity"));
        }
        for (i, pid) in finding.provisions_breached.iter().enumerate() {
            let path = format!("{field}.provisions_breached[{i}]");
            let provision = agreement
                .provision(pid)
                .ok_or_else(|| CommandError::invalid(&path, format!("there is no provision {pid}")))?;
            if !provision.binds(party) {
                return Err(CommandError::invalid(path, format!("provision {pid} does not bind {party}")));
            }
            if provision.kind != kind {
                return Err(CommandError::invalid(
                    path,
                    format!(
                        "provision {pid} is an obligation of {}, so it cannot be breached by a {}",
                        match provision.kind {
                            ObligationKind::Commission => "commission",
                            ObligationKind::Omission => "omission",
                        },
                        attribution.basis.describe()
                    ),
                ));
            }
        }
        for (i, act) in finding.acts.iter().enumerate() {
            let covered =
                finding.provisions_breached.iter().filter_map(|p| agreement.provision(p)).any(|p| p.prohibits(*act));
            if !covered {
                return Err(CommandError::invalid(
                    format!("{field}.acts[{i}]"),
                    format!("no provision found breached prohibits {}", act.as_str()),
                ));
            }
        }
        Ok(())
    }
}

/// Checks that the actor's role fits its participant (and the participant exists).
pub fn check_actor(agreement: &Agreement, actor: &Actor) -> Result<(), CommandError> {
    if actor.participant.is_some() && matches!(actor.role, Role::Observer | Role::Administrator) {
        // An observer or an administrator speaking for a party would read
        // and act as that party without being one of its principals.
        return Err(CommandError::invalid(
            "actor.participant",
            format!("a {} acts for no participant; register it without one", actor.role.as_str()),
        ));
    }
    let Some(p) = &actor.participant else {
        return match actor.role {
            Role::Observer | Role::Administrator => Ok(()),
            role => Err(CommandError::invalid(
                "actor.participant",
                format!("a {} must act for a participant", role.as_str()),
            )),
        };
    };
    let kind = agreement.kind_of(p).ok_or_else(|| {
        CommandError::invalid("actor.participant", format!("{p} is not a participant of the agreement"))
    })?;
    let fits = match actor.role {
        Role::MediatorChair | Role::Mediator => matches!(kind, ParticipantKind::Mediator | ParticipantKind::Guarantor),
        Role::PartyLiaison => kind == ParticipantKind::Party,
        Role::Monitor => kind == ParticipantKind::MonitoringTeam,
        Role::Observer | Role::Administrator => false,
    };
    if fits {
        Ok(())
    } else {
        Err(CommandError::invalid(
            "actor.role",
            format!("a {} cannot act for {p}, which is a {}", actor.role.as_str(), kind.as_str()),
        ))
    }
}

fn check_allegation(agreement: &Agreement, a: &Allegation, now: Timestamp) -> Result<(), CommandError> {
    if agreement.kind_of(&a.accused) != Some(ParticipantKind::Party) {
        let parties: Vec<ParticipantId> = agreement.parties().map(|p| p.id.clone()).collect();
        return Err(CommandError::invalid(
            "allegation.accused",
            format!("{} is not a party; the parties are {}", a.accused, join(&parties)),
        ));
    }
    check_line("allegation.summary", &a.summary, 1)?;
    if a.summary.chars().count() > MAX_SUMMARY {
        return Err(CommandError::invalid("allegation.summary", format!("longer than {MAX_SUMMARY} characters")));
    }
    check_text("allegation.narrative", &a.narrative, 0)?;
    if a.provisions.is_empty() {
        return Err(CommandError::invalid("allegation.provisions", "cite at least one provision"));
    }
    // Each item once: the lists are then bounded by the agreement and the vocabulary.
    once("allegation.provisions", &a.provisions)?;
    once("allegation.acts", &a.acts)?;
    for (i, pid) in a.provisions.iter().enumerate() {
        let path = format!("allegation.provisions[{i}]");
        let p = agreement
            .provision(pid)
            .ok_or_else(|| CommandError::invalid(&path, format!("there is no provision {pid}")))?;
        if !p.binds(&a.accused) {
            return Err(CommandError::invalid(path, format!("provision {pid} does not bind {}", a.accused)));
        }
    }
    if a.acts.is_empty() {
        return Err(CommandError::invalid("allegation.acts", "name at least one act"));
    }
    for (i, act) in a.acts.iter().enumerate() {
        let covered = a.provisions.iter().filter_map(|p| agreement.provision(p)).any(|p| p.prohibits(*act));
        if !covered {
            return Err(CommandError::invalid(
                format!("allegation.acts[{i}]"),
                format!("none of the cited provisions covers {}", act.as_str()),
            ));
        }
    }
    if a.occurred_at > now {
        return Err(CommandError::invalid(
            "allegation.occurred_at",
            format!("{} is in the future (now {now})", a.occurred_at),
        ));
    }
    if a.time_precision == TimePrecision::Day {
        let midnight = |t: Timestamp| t.as_second().rem_euclid(86_400) == 0 && t.subsec_nanosecond() == 0;
        if !midnight(a.occurred_at) {
            return Err(CommandError::invalid(
                "allegation.occurred_at",
                "with time_precision day, give the day alone: the date at 00:00 UTC",
            ));
        }
        if a.occurred_until.is_some_and(|u| !midnight(u)) {
            return Err(CommandError::invalid(
                "allegation.occurred_until",
                "with time_precision day, give the last day alone: the date at 00:00 UTC",
            ));
        }
    }
    if let Some(until) = a.occurred_until {
        if until < a.occurred_at {
            return Err(CommandError::invalid("allegation.occurred_until", "must not be before occurred_at"));
        }
        if until > now {
            return Err(CommandError::invalid(
                "allegation.occurred_until",
                format!("{until} is in the future (now {now})"),
            ));
        }
    }
    if let Some(loc) = &a.location {
        locate(loc)?;
        check_line("allegation.location.place_name", &loc.place_name, 0)?;
    }
    check_casualties("allegation.casualties", &a.casualties)?;
    check_evidence("allegation.evidence", &a.evidence)
}

/// Paragraphs of free text: required when `min` > 0 (spaces and invisible
/// marks alone are not text), within [`MAX_TEXT`], and free of characters
/// that change how a reader sees it ([`crate::text`]).
fn check_text(field: &str, text: &str, min: usize) -> Result<(), CommandError> {
    check_chars(field, text, min, crate::text::Lines::Many)
}

/// One line of free text, checked as [`check_text`] is, without line breaks.
fn check_line(field: &str, text: &str, min: usize) -> Result<(), CommandError> {
    check_chars(field, text, min, crate::text::Lines::One)
}

fn check_chars(field: &str, text: &str, min: usize, lines: crate::text::Lines) -> Result<(), CommandError> {
    if min > 0 && crate::text::is_blank(text) {
        return Err(CommandError::invalid(field, "is required"));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(CommandError::invalid(field, format!("longer than {MAX_TEXT} characters")));
    }
    crate::text::check(text, lines).map_err(|reason| CommandError::invalid(field, reason))
}

/// Refuses an item listed twice, at the second's index.
fn once<T: PartialEq + std::fmt::Display>(field: &str, items: &[T]) -> Result<(), CommandError> {
    for (i, item) in items.iter().enumerate() {
        if items.iter().take(i).any(|earlier| earlier == item) {
            return Err(CommandError::invalid(format!("{field}[{i}]"), format!("{item} is listed already")));
        }
    }
    Ok(())
}

/// Each figure stated: low ≤ best ≤ high, within [`MAX_CASUALTIES`].
fn check_casualties(field: &str, casualties: &crate::case::Casualties) -> Result<(), CommandError> {
    for (name, estimate) in casualties.named() {
        let Some(e) = estimate else { continue };
        if !e.is_ordered() {
            return Err(CommandError::invalid(format!("{field}.{name}"), "low ≤ best ≤ high must hold"));
        }
        if e.high > crate::case::MAX_CASUALTIES {
            return Err(CommandError::invalid(
                format!("{field}.{name}.high"),
                format!("{} is more than one incident can claim (at most {})", e.high, crate::case::MAX_CASUALTIES),
            ));
        }
    }
    Ok(())
}

fn check_evidence(field: &str, evidence: &[EvidenceRef]) -> Result<(), CommandError> {
    if evidence.len() > MAX_EVIDENCE {
        return Err(CommandError::invalid(field, format!("more than {MAX_EVIDENCE} items")));
    }
    for (i, e) in evidence.iter().enumerate() {
        let ok = e.sha256.len() == 64 && e.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !ok {
            return Err(CommandError::invalid(
                format!("{field}[{i}].sha256"),
                "must be a SHA-256 digest: 64 lower-case hexadecimal characters",
            ));
        }
        check_line(&format!("{field}[{i}].description"), &e.description, 0)?;
    }
    Ok(())
}

/// The geography and the location as a checked point: coordinates in range
/// and in the region (with a hint when latitude and longitude look swapped),
/// and an ACLED precision code.
fn locate(loc: &crate::case::Location) -> Result<(&'static truce_geo::Geography, truce_geo::GeoPoint), CommandError> {
    let point = truce_geo::GeoPoint::parse_with_precision(loc.lat, loc.lon, loc.precision)
        .map_err(|e| CommandError::invalid("allegation.location", e.to_string()))?;
    let geography = truce_geo::Geography::embedded()
        .map_err(|e| CommandError::invalid("allegation.location", format!("the geography is unavailable: {e}")))?;
    Ok((geography, point))
}

/// `at + d`, saturating at the end of representable time.
fn add(at: Timestamp, d: jiff::SignedDuration) -> Timestamp {
    at.checked_add(d).unwrap_or(Timestamp::MAX)
}

fn join(ids: &[ParticipantId]) -> String {
    ids.iter().map(ParticipantId::as_str).collect::<Vec<_>>().join(", ")
}
