//! The statistics kept for each kind of reader follow a case as it moves
//! in and out of each reader's sight: filed (its filer and the accused
//! see it), tasked (the team sees it), published (everyone), reopened
//! (the public no longer, nor the team, until tasked again).

use truce_core::Command;
use truce_core::access::Viewer;
use truce_core::case::EvidenceRef;
use truce_core::stats::ReaderTallies;

use crate::fixture::*;

/// How many cases `viewer` counts (reported and merged), none if it sees none.
fn counted(readers: &ReaderTallies, f: &Fixture, viewer: &Viewer) -> u32 {
    readers.statistics(&f.agreement, viewer).map_or(0, |s| s.overall.reported + s.overall.duplicates)
}

#[test]
fn a_case_moves_between_the_readers_statistics_as_it_is_tasked_published_and_reopened() {
    let mut f = Fixture::new();
    f.docket.keep_changes();
    let mut readers = ReaderTallies::new();
    let sync = |f: &mut Fixture, readers: &mut ReaderTallies| {
        for change in f.docket.take_changes() {
            readers.change(change.before.as_deref(), &change.after);
        }
    };
    let (public, pak, afg, jvt, tur) = (
        Viewer::Public,
        Viewer::Party(pid("PAK")),
        Viewer::Party(pid("AFG")),
        Viewer::Team(pid("JVT")),
        Viewer::Party(pid("TUR")),
    );
    f.to("reported");
    sync(&mut f, &mut readers);
    let seen = |readers: &ReaderTallies, f: &Fixture| {
        [&Viewer::Mediator, &public, &pak, &afg, &jvt, &tur].map(|v| counted(readers, f, v))
    };
    // Filed by Pakistan against Afghanistan: the two parties and the mediators.
    assert_eq!(seen(&readers, &f), [1, 0, 1, 1, 0, 0]);
    assert_eq!(readers.statistics(&f.agreement, &public), None);
    f.to("under_investigation");
    sync(&mut f, &mut readers);
    assert_eq!(seen(&readers, &f), [1, 0, 1, 1, 1, 0], "the tasked team sees it");
    f.to("penalty_proposed");
    sync(&mut f, &mut readers);
    assert_eq!(seen(&readers, &f), [1, 1, 1, 1, 1, 1], "a final finding is published");
    let public_stats = readers.statistics(&f.agreement, &public).unwrap();
    assert_eq!(public_stats.overall.attributed, 1);
    assert_eq!(public_stats.overall.confirmed, 1);
    f.to("closed");
    sync(&mut f, &mut readers);
    f.ok(
        &qat(),
        Command::Reopen {
            reason: "New photos.".into(),
            evidence: vec![EvidenceRef { sha256: "a".repeat(64), description: "Photos".into() }],
        },
        t(26, 0),
    );
    sync(&mut f, &mut readers);
    // Reopened, it leaves the public's sight, and the team's: the reopening
    // sends it back to admission, untasked.
    assert_eq!(seen(&readers, &f), [1, 0, 1, 1, 0, 0]);
    assert_eq!(readers.statistics(&f.agreement, &public), None);
    // The mediators' figures no longer count the finding the reopening set aside.
    let all = readers.statistics(&f.agreement, &Viewer::Mediator).unwrap();
    assert_eq!((all.overall.confirmed, all.overall.attributed), (0, 0));
    assert_eq!(Some(all), ReaderTallies::of(f.docket.cases()).statistics(&f.agreement, &Viewer::Mediator));
}
