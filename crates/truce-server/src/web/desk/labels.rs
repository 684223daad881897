//! The words for the domain's closed vocabularies (roles, acts, findings,
//! events, deadlines), one literal message id each, so that the message
//! test sees every id and every language can name them.

use truce_core::case::{AttributionBasis, EventKind, Occurrence, Overdue, ReplyPosition};
use truce_core::vocab::{ActType, Severity, StandardOfProof};
use truce_core::{Role, Status};

use crate::web::Page;

/// A role's name.
pub fn role(page: &Page, r: Role) -> String {
    match r {
        Role::MediatorChair => page.t("role-mediator-chair"),
        Role::Mediator => page.t("role-mediator"),
        Role::Monitor => page.t("role-monitor"),
        Role::PartyLiaison => page.t("role-party-liaison"),
        Role::Observer => page.t("role-observer"),
        Role::Administrator => page.t("role-administrator"),
    }
}

/// An act type's name.
pub fn act(page: &Page, a: ActType) -> String {
    match a {
        ActType::ArmedClash => page.t("act-armed-clash"),
        ActType::ShellingArtillery => page.t("act-shelling-artillery"),
        ActType::AirDroneStrike => page.t("act-air-drone-strike"),
        ActType::GroundIncursion => page.t("act-ground-incursion"),
        ActType::Ied => page.t("act-ied"),
        ActType::SuicideBombing => page.t("act-suicide-bombing"),
        ActType::CrossBorderInfiltration => page.t("act-cross-border-infiltration"),
        ActType::AirspaceViolation => page.t("act-airspace-violation"),
        ActType::AttackOnCivilians => page.t("act-attack-on-civilians"),
        ActType::Abduction => page.t("act-abduction"),
        ActType::Fortification => page.t("act-fortification"),
        ActType::ForceBuildup => page.t("act-force-buildup"),
        ActType::SupportToArmedGroup => page.t("act-support-to-armed-group"),
        ActType::ObstructionOfMonitors => page.t("act-obstruction-of-monitors"),
        ActType::HostilePropaganda => page.t("act-hostile-propaganda"),
    }
}

/// A severity's name.
pub fn severity(page: &Page, s: Severity) -> String {
    match s {
        Severity::Minor => page.t("severity-minor"),
        Severity::Serious => page.t("severity-serious"),
        Severity::Grave => page.t("severity-grave"),
    }
}

/// A standard of proof's name.
pub fn standard(page: &Page, s: StandardOfProof) -> String {
    match s {
        StandardOfProof::BalanceOfProbabilities => page.t("standard-balance-of-probabilities"),
        StandardOfProof::ClearAndConvincing => page.t("standard-clear-and-convincing"),
        StandardOfProof::BeyondReasonableDoubt => page.t("standard-beyond-reasonable-doubt"),
    }
}

/// An occurrence finding's name.
pub fn occurrence(page: &Page, o: Occurrence) -> String {
    match o {
        Occurrence::Confirmed => page.t("occurrence-confirmed"),
        Occurrence::NotConfirmed => page.t("occurrence-not-confirmed"),
        Occurrence::Inconclusive => page.t("occurrence-inconclusive"),
    }
}

/// An attribution basis's name.
pub fn basis(page: &Page, b: AttributionBasis) -> String {
    match b {
        AttributionBasis::DirectAct => page.t("basis-direct-act"),
        AttributionBasis::FailureToPrevent => page.t("basis-failure-to-prevent"),
    }
}

/// A reply position's name.
pub fn position(page: &Page, p: ReplyPosition) -> String {
    match p {
        ReplyPosition::Admits => page.t("position-admits"),
        ReplyPosition::Denies => page.t("position-denies"),
        ReplyPosition::Partial => page.t("position-partial"),
    }
}

/// What an overdue deadline waits for.
pub fn overdue(page: &Page, o: Overdue) -> String {
    match o {
        Overdue::Acknowledgement => page.t("overdue-acknowledgement"),
        Overdue::Triage => page.t("overdue-triage"),
        Overdue::Reply => page.t("overdue-reply"),
        Overdue::Investigation => page.t("overdue-investigation"),
        Overdue::Compliance => page.t("overdue-compliance"),
    }
}

/// The title of an event in a case's history.
pub fn event(page: &Page, kind: &EventKind) -> String {
    match kind {
        EventKind::Reported { .. } => page.t("event-reported"),
        EventKind::Acknowledged { .. } => page.t("event-acknowledged"),
        EventKind::Admitted { .. } => page.t("event-admitted"),
        EventKind::RuledInadmissible { .. } => page.t("event-ruled-inadmissible"),
        EventKind::MergedInto { .. } => page.t("event-merged-into"),
        EventKind::DuplicateMerged { .. } => page.t("event-duplicate-merged"),
        EventKind::AccusedNotified { .. } => page.t("event-accused-notified"),
        EventKind::ReplyReceived { .. } => page.t("event-reply-received"),
        EventKind::ReplyOverdue => page.t("event-reply-overdue"),
        EventKind::InvestigationTasked { .. } => page.t("event-investigation-tasked"),
        EventKind::AccessDenied { .. } => page.t("event-access-denied"),
        EventKind::InvestigationReported { .. } => page.t("event-investigation-reported"),
        EventKind::MotionOpened { .. } => page.t("event-motion-opened"),
        EventKind::VoteCast { .. } => page.t("event-vote-cast"),
        EventKind::MotionAdopted { .. } => page.t("event-motion-adopted"),
        EventKind::MotionFailed => page.t("event-motion-failed"),
        EventKind::AppealFiled { .. } => page.t("event-appeal-filed"),
        EventKind::FindingFinal => page.t("event-finding-final"),
        EventKind::PenaltyProposed { .. } => page.t("event-penalty-proposed"),
        EventKind::ComplianceRecorded { .. } => page.t("event-compliance-recorded"),
        EventKind::EscalationTriggered { .. } => page.t("event-escalation-triggered"),
        EventKind::Closed { .. } => page.t("event-closed"),
        EventKind::Reopened { .. } => page.t("event-reopened"),
        EventKind::AllegationAmended { .. } => page.t("event-allegation-amended"),
        EventKind::AllegationWithdrawn { .. } => page.t("event-allegation-withdrawn"),
        EventKind::CaseLinked { .. } => page.t("event-case-linked"),
        EventKind::NoteAdded { .. } => page.t("event-note-added"),
    }
}

/// What the mediators do next with a case in `status`, and whether they
/// are waiting for someone else (a party, the monitors, a deadline).
pub fn next_step(page: &Page, status: Status) -> (String, bool) {
    let (id, waiting) = match status {
        Status::Reported => (page.t("next-acknowledge"), false),
        Status::Acknowledged => (page.t("next-triage"), false),
        Status::Admitted => (page.t("next-notify"), false),
        Status::AwaitingReply => (page.t("next-await-reply"), true),
        Status::ReplyReceived | Status::ReplyOverdue => (page.t("next-task"), false),
        Status::UnderInvestigation => (page.t("next-await-report"), true),
        Status::FindingsSubmitted => (page.t("next-propose-finding"), false),
        Status::Deliberation | Status::AppealReview | Status::PenaltyDeliberation => (page.t("next-vote"), false),
        Status::Determined => (page.t("next-appeal-window"), true),
        Status::Appealed => (page.t("next-decide-appeal"), false),
        Status::PenaltyProposed => (page.t("next-decide-penalty"), false),
        Status::PenaltyDecided => (page.t("next-compliance"), true),
        Status::Inadmissible | Status::Withdrawn | Status::Final | Status::Complied | Status::NotComplied => {
            (page.t("next-close"), false)
        }
        Status::Merged | Status::Closed => (page.t("next-none"), true),
    };
    (id, waiting)
}

/// A delegation rank in the page's language: the default ladder's ranks are
/// translated; a rank the agreement defines beyond them shows as written.
pub fn rank(page: &Page, rank: &truce_core::ids::RankId) -> String {
    let id = format!("rank-{}", rank.as_str().replace('_', "-"));
    match page.t(&id) {
        text if text == id => rank.as_str().replace('_', " "),
        text => text,
    }
}
