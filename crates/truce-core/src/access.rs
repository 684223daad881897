//! Who may see what: the one place where read access is decided.
//!
//! Parties do not trust each other, so what one party filed as evidence or
//! the mediators are still deliberating must never reach the other party or
//! the public. The rules, applied by every read path of the server:
//!
//! - mediators (and the deployment's administrators, who serve them) see
//!   everything;
//! - a party sees the cases it filed, the cases against it, and published
//!   cases;
//! - a monitoring team sees the cases it filed or was tasked to, and
//!   published cases;
//! - the public sees published cases only.
//!
//! A case is *published* once its outcome is settled: ruled inadmissible,
//! merged, withdrawn, its finding final, or closed. The mediators' internal
//! notes on a case are theirs alone, at every stage. Outside the mediators, nobody sees
//! a motion (a draft finding, appeal decision or penalty) or its votes
//! until the motion is adopted; a failed motion stays internal. An evidence
//! file is readable by the mediators, by the participant that uploaded it
//! and by the monitoring team tasked to a case that cites it — never by the
//! other party or the public, whatever the case's status.

use crate::actor::Role;
use crate::agreement::Agreement;
use crate::case::{Case, Event, EventKind, Status};
use crate::ids::ParticipantId;
use crate::vocab::ParticipantKind;

/// Someone reading, as far as access is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// Mediators, guarantors and administrators: they see everything.
    Mediator,
    /// A party's principal.
    Party(ParticipantId),
    /// A monitoring team's principal.
    Team(ParticipantId),
    /// Anyone else, logged in or not.
    Public,
}

impl Viewer {
    /// The viewer a principal with `role` acting for `participant` is, under `agreement`.
    pub fn of(role: Role, participant: Option<&ParticipantId>, agreement: &Agreement) -> Viewer {
        if matches!(role, Role::MediatorChair | Role::Mediator | Role::Administrator) {
            return Viewer::Mediator;
        }
        let Some(id) = participant else { return Viewer::Public };
        match agreement.participant(id).map(|p| p.kind) {
            Some(ParticipantKind::Mediator | ParticipantKind::Guarantor) => Viewer::Mediator,
            Some(ParticipantKind::Party) => Viewer::Party(id.clone()),
            Some(ParticipantKind::MonitoringTeam) => Viewer::Team(id.clone()),
            None => Viewer::Public,
        }
    }

    /// The viewer's participant, if it is a party or team.
    pub fn participant(&self) -> Option<&ParticipantId> {
        match self {
            Viewer::Party(p) | Viewer::Team(p) => Some(p),
            Viewer::Mediator | Viewer::Public => None,
        }
    }
}

/// Statuses in which a case is published.
pub const PUBLISHED: [Status; 10] = [
    Status::Inadmissible,
    Status::Merged,
    Status::Withdrawn,
    Status::Final,
    Status::PenaltyProposed,
    Status::PenaltyDeliberation,
    Status::PenaltyDecided,
    Status::Complied,
    Status::NotComplied,
    Status::Closed,
];

/// Whether a case in `status` is published.
pub fn is_published(status: Status) -> bool {
    PUBLISHED.contains(&status)
}

/// The facts about a case that decide who sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseParties<'a> {
    /// Its status.
    pub status: Status,
    /// The accused party.
    pub accused: &'a ParticipantId,
    /// The complainant participant, if not the public.
    pub complainant: Option<&'a ParticipantId>,
    /// The monitoring team tasked, if any.
    pub team: Option<&'a ParticipantId>,
}

impl<'a> CaseParties<'a> {
    /// The facts of `case`.
    pub fn of(case: &'a Case) -> Self {
        Self {
            status: case.status,
            accused: &case.allegation.accused,
            complainant: case.complainant.participant(),
            team: case.team.as_ref(),
        }
    }
}

/// Whether `viewer` may see the case at all.
pub fn may_see_case(viewer: &Viewer, case: CaseParties<'_>) -> bool {
    match viewer {
        Viewer::Mediator => true,
        Viewer::Party(p) => case.accused == p || case.complainant == Some(p) || is_published(case.status),
        Viewer::Team(t) => case.team == Some(t) || case.complainant == Some(t) || is_published(case.status),
        Viewer::Public => is_published(case.status),
    }
}

/// Whether `viewer` may read an evidence file cited by a case it may see,
/// given the participants that uploaded the file (`None` for uploaders
/// with no participant, such as the public).
pub fn may_read_evidence(viewer: &Viewer, case: CaseParties<'_>, uploaders: &[Option<ParticipantId>]) -> bool {
    if !may_see_case(viewer, case) {
        return false;
    }
    match viewer {
        Viewer::Mediator => true,
        Viewer::Party(p) => uploaders.iter().any(|u| u.as_ref() == Some(p)),
        Viewer::Team(t) => case.team == Some(t) || uploaders.iter().any(|u| u.as_ref() == Some(t)),
        Viewer::Public => false,
    }
}

/// Which of a case's events `viewer` may see, as indices into `events`:
/// every event for mediators; for anyone else, motions and votes only once
/// the motion was adopted, and never the mediators' internal notes.
pub fn visible_events(viewer: &Viewer, events: &[Event]) -> Vec<usize> {
    if *viewer == Viewer::Mediator {
        return (0..events.len()).collect();
    }
    let mut out = Vec::with_capacity(events.len());
    let mut motion: Vec<usize> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match &e.kind {
            EventKind::MotionOpened { .. } | EventKind::VoteCast { .. } => motion.push(i),
            EventKind::MotionAdopted { .. } => {
                out.append(&mut motion);
                out.push(i);
            }
            EventKind::MotionFailed => motion.clear(),
            EventKind::NoteAdded { .. } => {}
            _ => out.push(i),
        }
    }
    out
}

/// `case` as `viewer` may see it: outside the mediators, without the open
/// motion (a draft) and without its history, which goes through
/// [`visible_events`].
pub fn redact_case(viewer: &Viewer, case: &Case) -> Case {
    let mut out = case.clone();
    out.history.clear();
    if *viewer != Viewer::Mediator {
        out.ballot = None;
        out.notes.clear();
    }
    out
}
