//! The store's conformance suite: the same tests on SQLite and, when
//! `TRUCE_TEST_POSTGRES_URL` is set, on PostgreSQL (each test in a fresh
//! database).

use truce_store::{
    Account, Backend, Batch, CaseFilter, CaseRow, CaseScope, EventRow, ExportWindow, FindingRow, IncidentRow,
    PenaltyRow, PrincipalRow, Projection, QueueOutcome, SessionRow, Store, StoreError,
};

/// A fresh store for one test; keeps its temporary directory alive.
struct TestStore {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

async fn stores() -> Vec<TestStore> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.sqlite").display());
    let mut out = vec![TestStore { store: Store::open(&url).await.unwrap(), _dir: Some(dir) }];
    if let Ok(base) = std::env::var("TRUCE_TEST_POSTGRES_URL") {
        out.push(TestStore { store: fresh_postgres(&base).await, _dir: None });
    }
    out
}

async fn fresh_postgres(base: &str) -> Store {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!("truce_store_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let admin = Store::open(base).await.unwrap();
    admin.execute_raw(&format!("drop database if exists {name}")).await.unwrap();
    admin.execute_raw(&format!("create database {name}")).await.unwrap();
    admin.close().await;
    let (prefix, _) = base.rsplit_once('/').unwrap();
    Store::open(&format!("{prefix}/{name}")).await.unwrap()
}

fn projection() -> Projection {
    Projection {
        principals: vec![PrincipalRow {
            id: "pak-liaison".into(),
            participant: Some("PAK".into()),
            role: "party_liaison".into(),
            public_key: "AAAA".into(),
            record_idx: 1,
        }],
        cases: vec![CaseRow {
            id: "c1".into(),
            status: "reported".into(),
            accused: "AFG".into(),
            complainant: None,
            filed_at: 1_760_000_000,
            occurred_at: 1_759_968_000,
            occurred_until: Some(1_760_054_400),
            time_precision: "day".into(),
            summary: "Fire on a post — Chaman".into(),
            provisions: "P1,P4".into(),
            casualties: Some(r#"{"civilians_killed":{"low":1,"best":2,"high":3}}"#.into()),
            lat: Some(30.9222),
            lon: Some(66.4447),
            sector: Some("chaman".into()),
            team: None,
            last_record_idx: 2,
            acts: "shelling_artillery,armed_clash".into(),
            geo_precision: Some(2),
            place: Some("Chaman".into()),
            country: Some("PK".into()),
            admin1: Some("Balochistan".into()),
        }],
        events: vec![EventRow {
            case_id: "c1".into(),
            seq: 0,
            record_idx: 2,
            at: 1_760_000_000,
            kind: "reported.v1".into(),
            doc: "{}".into(),
        }],
        incidents: vec![IncidentRow { case_id: "c1".into(), report_case_id: "c1".into() }],
        findings: vec![FindingRow {
            case_id: "c1".into(),
            occurrence: "confirmed".into(),
            party: Some("AFG".into()),
            basis: Some("direct_act".into()),
            severity: None,
            provisions: "P1".into(),
            casualties: None,
            determined_at: Some(1_760_100_000),
            final_at: None,
            doc: "{}".into(),
        }],
        penalties: vec![PenaltyRow {
            case_id: "c1".into(),
            party: "AFG".into(),
            proposed_level: 2,
            explanation: "severity serious → base level 2".into(),
            decided_level: None,
            measure: None,
            decided_at: None,
            compliance_by: Some(1_760_200_000),
            complied: Some(false),
        }],
        removed_findings: vec![],
        removed_penalties: vec![],
    }
}

fn batch() -> Batch {
    Batch {
        entries: vec![(0, b"first".to_vec()), (1, b"second".to_vec()), (2, b"third".to_vec())],
        hashes: vec![(0, vec![1; 32]), (1, vec![2; 32]), (2, vec![3; 32]), (3, vec![4; 32])],
        confidential: vec![(2, vec![9; 32], "{\"secret\":true}".into())],
        checkpoint: Some((3, "origin\n3\nAAAA\n\n— origin sig\n".into())),
        projection: projection(),
        meta: vec![("origin".into(), "truce.test/log".into())],
        queued: vec![],
    }
}

#[tokio::test]
async fn a_batch_is_written_and_read_back() {
    for t in stores().await {
        let s = &t.store;
        s.commit_batch(&batch()).await.unwrap();
        assert_eq!(s.log_size().await.unwrap(), 3);
        assert_eq!(s.entries(1, 3).await.unwrap(), vec![(1, b"second".to_vec()), (2, b"third".to_vec())]);
        assert_eq!(s.entry(0).await.unwrap(), b"first".to_vec());
        assert!(matches!(s.entry(7).await, Err(StoreError::NotFound(_))));
        assert_eq!(s.hash_count().await.unwrap(), 4);
        assert_eq!(s.hashes(3, 10).await.unwrap(), vec![(3, vec![4; 32])]);
        assert_eq!(s.latest_checkpoint().await.unwrap().unwrap().0, 3);
        assert_eq!(s.confidential(2).await.unwrap(), Some((vec![9; 32], "{\"secret\":true}".to_owned())));
        assert_eq!(s.confidential(1).await.unwrap(), None);
        assert_eq!(s.meta("origin").await.unwrap().as_deref(), Some("truce.test/log"));
        assert_eq!(s.read_projection().await.unwrap(), projection());
    }
}

#[tokio::test]
async fn a_failed_batch_writes_nothing() {
    for t in stores().await {
        let s = &t.store;
        s.commit_batch(&batch()).await.unwrap();
        let mut again = Batch { entries: vec![(3, b"fourth".to_vec()), (1, b"dup".to_vec())], ..Batch::default() };
        again.checkpoint = Some((5, "x".into()));
        let err = s.commit_batch(&again).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!(s.log_size().await.unwrap(), 3, "the whole batch rolled back");
        assert_eq!(s.latest_checkpoint().await.unwrap().unwrap().0, 3);
        assert_eq!(s.head_size().await.unwrap(), 3, "the head's move rolled back with it");
    }
}

/// A batch built on a head that has moved (a sequencer that lost its lease
/// and appends from the size it last knew) changes nothing, even where its
/// rows would not collide with the ones written meanwhile.
#[tokio::test]
async fn a_batch_from_a_stale_head_changes_nothing() {
    for t in stores().await {
        let s = &t.store;
        assert_eq!(s.head_size().await.unwrap(), 0);
        s.commit_batch(&batch()).await.unwrap();
        assert_eq!(s.head_size().await.unwrap(), 3);
        // Built on size 2, as if the batch above had not happened: its one
        // new entry takes index 7, which nothing holds.
        let stale = Batch {
            entries: vec![(7, b"late".to_vec())],
            hashes: vec![(70, vec![7; 32])],
            checkpoint: Some((3, "stale".into())),
            ..Batch::default()
        };
        let err = s.commit_batch(&stale).await.unwrap_err();
        assert!(matches!(err, StoreError::HeadMoved { expected: 2 }), "{err}");
        assert_eq!(s.log_size().await.unwrap(), 3);
        assert_eq!(s.hash_count().await.unwrap(), 4);
        assert_eq!(s.latest_checkpoint().await.unwrap().unwrap().1, batch().checkpoint.unwrap().1);
        // The next batch from the true head goes in.
        let next = Batch {
            entries: vec![(3, b"fourth".to_vec())],
            hashes: vec![(4, vec![5; 32])],
            checkpoint: Some((4, "four".into())),
            ..Batch::default()
        };
        s.commit_batch(&next).await.unwrap();
        assert_eq!(s.head_size().await.unwrap(), 4);
    }
}

/// A queued record is appended once: the batch that appends it marks it in
/// the same transaction, and a second batch claiming it fails whole.
#[tokio::test]
async fn a_queued_record_is_marked_appended_with_its_batch_once() {
    for t in stores().await {
        let s = &t.store;
        let id = s.queue_submission(b"first", Some((&[9; 32], "{}")), 1).await.unwrap();
        let other = s.queue_submission(b"other", None, 2).await.unwrap();
        assert_eq!(s.queue_outcome(id).await.unwrap(), QueueOutcome::Waiting);
        let waiting = s.queued_waiting(10).await.unwrap();
        assert_eq!(waiting.iter().map(|q| q.id).collect::<Vec<_>>(), vec![id, other]);
        assert_eq!(waiting[0].reveal, Some((vec![9; 32], "{}".to_owned())));
        assert_eq!(waiting[1].reveal, None);
        s.commit_batch(&Batch { queued: vec![(id, 0)], ..batch() }).await.unwrap();
        assert_eq!(s.queue_outcome(id).await.unwrap(), QueueOutcome::Appended(0));
        let again = Batch {
            entries: vec![(3, b"first".to_vec())],
            checkpoint: Some((4, "x".into())),
            queued: vec![(id, 3)],
            ..Batch::default()
        };
        let err = s.commit_batch(&again).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!(s.log_size().await.unwrap(), 3);
        s.refuse_queued(other, "no agreement has been adopted yet", None, Some("cannot_apply")).await.unwrap();
        assert_eq!(
            s.queue_outcome(other).await.unwrap(),
            QueueOutcome::Refused {
                reason: "no agreement has been adopted yet".into(),
                field: None,
                class: Some("cannot_apply".into())
            }
        );
        assert!(s.queued_waiting(10).await.unwrap().is_empty());
        s.forget_queued(id).await.unwrap();
        assert!(matches!(s.queue_outcome(id).await, Err(StoreError::NotFound(_))));
    }
}

/// The sequencer lease is one server's at a time on PostgreSQL, free again
/// the moment that server's session ends; SQLite refuses it by name.
#[tokio::test]
async fn the_lease_is_held_by_one_session_and_freed_with_it() {
    for t in stores().await {
        let s = &t.store;
        if s.backend() == Backend::Sqlite {
            assert!(matches!(s.lease(7).await, Err(StoreError::SingleServer)));
            continue;
        }
        let mut first = s.lease(7).await.unwrap();
        let mut second = s.lease(7).await.unwrap();
        assert!(first.try_take().await.unwrap());
        assert!(!second.try_take().await.unwrap());
        first.check().await.unwrap();
        first.release().await;
        let mut tries = 0;
        while !second.try_take().await.unwrap() {
            tries += 1;
            assert!(tries < 100, "the lease was not freed with its session");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(second.held());
    }
}

#[tokio::test]
async fn upserts_replace_and_removals_delete() {
    for t in stores().await {
        let s = &t.store;
        s.commit_batch(&batch()).await.unwrap();
        let mut p = Projection::default();
        let mut case = projection().cases[0].clone();
        case.status = "acknowledged".into();
        case.lat = None;
        p.cases.push(case.clone());
        p.removed_findings.push("c1".into());
        let mut penalty = projection().penalties[0].clone();
        penalty.complied = Some(true);
        penalty.decided_level = Some(3);
        p.penalties.push(penalty.clone());
        p.incidents.push(IncidentRow { case_id: "c1".into(), report_case_id: "c1".into() });
        s.commit_batch(&Batch { projection: p, ..Batch::default() }).await.unwrap();
        let read = s.read_projection().await.unwrap();
        assert_eq!(read.cases, vec![case]);
        assert!(read.findings.is_empty());
        assert_eq!(read.penalties, vec![penalty]);
        assert_eq!(read.incidents.len(), 1);
    }
}

#[tokio::test]
async fn clearing_projections_keeps_the_log() {
    for t in stores().await {
        let s = &t.store;
        s.commit_batch(&batch()).await.unwrap();
        s.clear_projections().await.unwrap();
        assert_eq!(s.read_projection().await.unwrap(), Projection::default());
        assert_eq!(s.log_size().await.unwrap(), 3);
    }
}

#[tokio::test]
async fn an_unknown_url_is_refused() {
    let err = Store::open("mysql://localhost/x").await.unwrap_err();
    assert_eq!(err.to_string(), "unsupported database URL \"mysql://localhost/x\": use sqlite://PATH or postgres://…");
}

/// Evidence receipts with and without EXIF coordinates, alternating, on
/// the same connections: the receipt of a file with coordinates must not
/// fail after one without (sqlx 0.9.0 binds a missing `f64` as float4).
#[tokio::test]
async fn evidence_receipts_with_and_without_exif_alternate() {
    for t in stores().await {
        let row = |n: u32, exif: bool| truce_store::EvidenceRow {
            sha256: format!("{n:064x}"),
            principal: "pak-liaison".into(),
            participant: Some("PAK".into()),
            content_type: "image/jpeg".into(),
            size: 1_000 + u64::from(n),
            filename: format!("{n}.jpg"),
            received_at: 1_760_000_000,
            exif_lat: exif.then_some(24.8607),
            exif_lon: exif.then_some(67.0011),
            exif_time: exif.then_some(1_760_261_400),
            record_idx: Some(u64::from(n)),
        };
        for n in 0..12 {
            let r = row(n, n % 2 == 1);
            t.store.put_evidence(&r).await.unwrap_or_else(|e| panic!("receipt {n}: {e}"));
            assert_eq!(t.store.evidence(&r.sha256).await.unwrap(), vec![r.clone()]);
            // Once per uploader: a second receipt is ignored.
            t.store
                .put_evidence(&truce_store::EvidenceRow { filename: "again.jpg".into(), ..r.clone() })
                .await
                .unwrap();
            assert_eq!(t.store.evidence(&r.sha256).await.unwrap(), vec![r]);
        }
    }
}

/// A case row for the search tests.
fn case(id: &str, occurred_at: i64, accused: &str, summary: &str) -> CaseRow {
    CaseRow {
        id: id.into(),
        accused: accused.into(),
        occurred_at,
        summary: summary.into(),
        sector: None,
        ..projection().cases[0].clone()
    }
}

async fn put_cases(s: &Store, cases: Vec<CaseRow>) {
    let projection = Projection { cases, ..Projection::default() };
    s.commit_batch(&Batch { projection, ..Batch::default() }).await.unwrap();
}

/// The ids the mediator's case list gives for the text `q`, newest first.
async fn search(s: &Store, q: &str) -> Vec<String> {
    let filter = CaseFilter { text: Some(q.into()), ..CaseFilter::default() };
    let rows = s.list_cases(&CaseScope::All, &filter, 100).await.unwrap_or_else(|e| panic!("searching {q:?}: {e}"));
    rows.into_iter().map(|r| r.id).collect()
}

fn october() -> Vec<CaseRow> {
    vec![
        case("2025-10-09-kabul", 9, "PAK", "Air strikes on Kabul, in the city"),
        case("2025-10-12-border-posts", 12, "AFG", "Fire on border posts in Paktika"),
        case("2025-10-15-chaman", 15, "AFG", "Afghan forces attacked Pakistani positions at Chaman"),
        case("2025-10-15-chaman-public", 16, "AFG", "Clash at the Friendship Gate"),
        case("2025-10-20-spin-boldak", 20, "PAK", "سپین بولدک کې ډزې، چمن ته نږدې"),
        case("2025-10-21-torkham", 21, "PAK", "Torkham: tirs d’artillerie près de Landi Kotal"),
    ]
}

#[tokio::test]
async fn text_search_finds_words_prefixes_and_ids() {
    for t in stores().await {
        let s = &t.store;
        put_cases(s, october()).await;
        for (q, expected) in [
            // Whole words and their beginnings, in any case, id or summary.
            ("chaman", &["2025-10-15-chaman-public", "2025-10-15-chaman"][..]),
            ("CHAM", &["2025-10-15-chaman-public", "2025-10-15-chaman"]),
            ("Pakistani positions", &["2025-10-15-chaman"]),
            ("positions pakistani", &["2025-10-15-chaman"]),
            ("pakistani kabul", &[]),
            ("post", &["2025-10-12-border-posts"]),
            // Words, not substrings.
            ("haman", &[]),
            ("akistan", &[]),
            // An id, whole or its beginning; a date in ids.
            ("2025-10-15-chaman", &["2025-10-15-chaman-public", "2025-10-15-chaman"]),
            ("2025-10-15-chaman-public", &["2025-10-15-chaman-public"]),
            ("2025-10-15", &["2025-10-15-chaman-public", "2025-10-15-chaman"]),
            ("2025-10-1", &["2025-10-15-chaman-public", "2025-10-15-chaman", "2025-10-12-border-posts"]),
            ("10-15", &["2025-10-15-chaman-public", "2025-10-15-chaman"]),
            // Other scripts, and punctuation that is not ASCII.
            ("چمن", &["2025-10-20-spin-boldak"]),
            ("بولدک", &["2025-10-20-spin-boldak"]),
            ("d’artillerie", &["2025-10-21-torkham"]),
            ("artillerie", &["2025-10-21-torkham"]),
            ("près landi", &["2025-10-21-torkham"]),
            ("pres", &[]),
        ] {
            assert_eq!(search(s, q).await, expected, "{:?} searching {q:?}", s.backend());
        }
    }
}

#[tokio::test]
async fn query_syntax_in_a_search_is_harmless() {
    for t in stores().await {
        let s = &t.store;
        put_cases(s, october()).await;
        // Punctuation alone: no words, no case, no error.
        for q in
            ["\"", "*", "'", "&", "|", "!", ":*", "(", ")", "\\", "%", "_", "^", "-", "+", "''", "\"\"", "—", "«»", " "]
        {
            assert_eq!(search(s, q).await, Vec::<String>::new(), "{:?} searching {q:?}", s.backend());
        }
        // Operators around words are punctuation: the words still count.
        for q in [
            "\"kabul",
            "kabul\"",
            "\"kabul\"",
            "kabul*",
            "kab*",
            "'kabul'",
            "kabul'",
            "!kabul",
            "-kabul",
            "kabul:*",
            "kab:*",
            "&kabul",
            "kabul|",
            "(kabul)",
            "^kabul",
            "kabul\\",
            "%kabul%",
        ] {
            assert_eq!(search(s, q).await, ["2025-10-09-kabul"], "{:?} searching {q:?}", s.backend());
        }
        // Operator words are words: `OR`, `NOT`, `NEAR` must match too.
        for q in [
            "kabul OR chaman",
            "kabul | chaman",
            "kabul & !chaman",
            "NEAR(kabul chaman)",
            "kabul NOT chaman",
            "'kabul' | 'chaman'",
            "kabul:* | chaman:*",
            "kabul <-> city",
            "\"kabul\" + \"city\"",
            "kabul -city",
            // Punctuation inside a word asks for consecutive words: no column filters.
            "id:kabul",
            "summary:kabul",
        ] {
            let got = search(s, q).await;
            assert!(got.len() <= 1, "{:?} searching {q:?}: {got:?}", s.backend());
        }
        assert_eq!(search(s, "kabul & city").await, ["2025-10-09-kabul"]);
        assert_eq!(search(s, "city:* kabul!").await, ["2025-10-09-kabul"]);
        // Control characters and NUL split words instead of reaching the database.
        assert_eq!(search(s, "kabul\0city").await, ["2025-10-09-kabul"]);
        assert_eq!(search(s, "\u{1}\u{7f}").await, Vec::<String>::new());
    }
}

#[tokio::test]
async fn search_follows_updates_and_rebuilds() {
    for t in stores().await {
        let s = &t.store;
        put_cases(s, october()).await;
        // A new summary replaces the old words.
        let mut changed = case("2025-10-09-kabul", 9, "PAK", "Drone strike near Jalalabad");
        put_cases(s, vec![changed.clone()]).await;
        assert_eq!(search(s, "kabul city").await, Vec::<String>::new());
        assert_eq!(search(s, "jalalabad").await, ["2025-10-09-kabul"]);
        assert_eq!(search(s, "kabul").await, ["2025-10-09-kabul"], "the id still holds the word");
        // A change of status alone keeps the case findable.
        changed.status = "closed".into();
        put_cases(s, vec![changed.clone()]).await;
        assert_eq!(search(s, "jalalabad").await, ["2025-10-09-kabul"]);
        // What `truce rebuild` does: every projection row deleted, then written again.
        s.clear_projections().await.unwrap();
        assert_eq!(search(s, "jalalabad").await, Vec::<String>::new());
        assert_eq!(search(s, "chaman").await, Vec::<String>::new());
        put_cases(s, october()).await;
        assert_eq!(search(s, "kabul city").await, ["2025-10-09-kabul"]);
        assert_eq!(search(s, "jalalabad").await, Vec::<String>::new());
        assert_eq!(search(s, "cham").await, ["2025-10-15-chaman-public", "2025-10-15-chaman"]);
        if s.backend() == Backend::Sqlite {
            // FTS5 compares its index with the rows of `cases`.
            s.execute_raw("insert into case_search (case_search, rank) values ('integrity-check', 1)").await.unwrap();
        }
    }
}

#[tokio::test]
async fn search_keeps_the_scope_the_filters_and_the_paging() {
    for t in stores().await {
        let s = &t.store;
        let mut cases = october();
        // Twenty more about shelling, half by each side; two at the same time.
        for i in 0..20 {
            let accused = if i % 2 == 0 { "AFG" } else { "PAK" };
            let mut c = case(&format!("shell-{i:02}"), 100 + i.min(18), accused, &format!("Shelling, report {i}"));
            c.status = if i % 4 < 2 { "reported" } else { "published" }.into();
            cases.push(c);
        }
        put_cases(s, cases).await;
        let scope = CaseScope::Participant { participant: "PAK".into(), statuses: vec!["published".into()] };
        let base = CaseFilter { text: Some("shell".into()), ..CaseFilter::default() };
        // PAK sees the shelling cases it is accused in (accused = PAK) and published ones.
        let visible = |i: i64| i % 2 == 1 || i % 4 >= 2;
        let all = s.list_cases(&scope, &base, 100).await.unwrap();
        let expected: Vec<String> = {
            let mut v: Vec<(i64, String)> =
                (0..20).filter(|&i| visible(i)).map(|i| (100 + i.min(18), format!("shell-{i:02}"))).collect();
            v.sort();
            v.into_iter().rev().map(|(_, id)| id).collect()
        };
        assert_eq!(all.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), expected, "{:?}", s.backend());
        // Keyset paging, three at a time, gives the same cases in the same order.
        let mut paged = Vec::new();
        let mut filter = base.clone();
        loop {
            let page = s.list_cases(&scope, &filter, 3).await.unwrap();
            let Some(last) = page.last() else { break };
            filter.after = Some((last.occurred_at, last.id.clone()));
            paged.extend(page.into_iter().map(|r| r.id));
        }
        assert_eq!(paged, expected, "{:?}", s.backend());
        // With other filters.
        let afg = CaseFilter { party: Some("AFG".into()), status: Some("published".into()), ..base.clone() };
        let got: Vec<String> = s.list_cases(&scope, &afg, 100).await.unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(got, ["shell-18", "shell-14", "shell-10", "shell-06", "shell-02"], "{:?}", s.backend());
        let window = CaseFilter { from: Some(104), until: Some(108), ..base.clone() };
        let got: Vec<String> = s.list_cases(&scope, &window, 100).await.unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(got, ["shell-07", "shell-06", "shell-05"], "{:?}", s.backend());
        // The public sees only what is published.
        let public = CaseScope::Published { statuses: vec!["published".into()] };
        let got = s.list_cases(&public, &base, 100).await.unwrap();
        assert_eq!(got.len(), 10);
        assert!(got.iter().all(|r| r.status == "published"));
    }
}

/// A word in every case and a word in one case of a hundred: the store
/// finds the first by walking the cases newest first and the second from
/// the index (see `search.rs`); both give the same pages as a filter would.
#[tokio::test]
async fn common_and_rare_words_page_alike() {
    for t in stores().await {
        let s = &t.store;
        let cases: Vec<CaseRow> = (0..1_200)
            .map(|i: i64| {
                let rare = if i % 100 == 7 { " near Torkham" } else { "" };
                let accused = if i % 3 == 0 { "PAK" } else { "AFG" };
                // Times repeat, so that the id breaks ties.
                case(&format!("c{i:04}"), (i * 7_919) % 600, accused, &format!("Shelling of posts{rare}"))
            })
            .collect();
        put_cases(s, cases.clone()).await;
        for (q, party) in [("shelling", None), ("shelling", Some("PAK")), ("tork", None), ("tork", Some("AFG"))] {
            let mut expected: Vec<(i64, String)> = cases
                .iter()
                .filter(|c| q == "shelling" || c.summary.contains("Torkham"))
                .filter(|c| party.is_none_or(|p| c.accused == p))
                .map(|c| (c.occurred_at, c.id.clone()))
                .collect();
            expected.sort();
            expected.reverse();
            let base = CaseFilter { text: Some(q.into()), party: party.map(str::to_owned), ..CaseFilter::default() };
            let mut filter = base.clone();
            let mut paged = Vec::new();
            for _ in 0..4 {
                let page = s.list_cases(&CaseScope::All, &filter, 50).await.unwrap();
                let Some(last) = page.last() else { break };
                filter.after = Some((last.occurred_at, last.id.clone()));
                paged.extend(page.into_iter().map(|r| (r.occurred_at, r.id)));
            }
            let wanted: Vec<_> = expected.into_iter().take(200).collect();
            assert_eq!(paged, wanted, "{:?} {q} {party:?}", s.backend());
        }
    }
}

fn event(case: &str, seq: u64) -> EventRow {
    EventRow {
        case_id: case.into(),
        seq,
        record_idx: seq,
        at: 1_760_000_000,
        kind: "noted.v1".into(),
        doc: format!("{{\"case\":\"{case}\",\"seq\":{seq}}}"),
    }
}

#[tokio::test]
async fn the_events_of_many_cases_come_back_each_case_together_and_in_order() {
    for t in stores().await {
        let s = &t.store;
        // 1,203 cases (more than one query's worth of ids), three events
        // each, written out of order; a few cases are not asked for.
        let ids: Vec<String> = (0..1_203).map(|i| format!("c{:05}", (i * 7919) % 1_203)).collect();
        let mut events: Vec<EventRow> = ids.iter().flat_map(|id| [2, 0, 1].map(|seq| event(id, seq))).collect();
        events.reverse();
        let projection = Projection { events, ..Projection::default() };
        s.commit_batch(&Batch { projection, ..Batch::default() }).await.unwrap();

        let mut asked: Vec<String> = ids.iter().skip(3).rev().cloned().collect();
        asked.insert(600, "no-such-case".into());
        let got = s.events_of_cases(&asked).await.unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for group in got.chunk_by(|a, b| a.case_id == b.case_id) {
            let seqs: Vec<u64> = group.iter().map(|e| e.seq).collect();
            assert_eq!(seqs, vec![0, 1, 2], "{}", group[0].case_id);
            assert!(seen.insert(group[0].case_id.clone()), "{} came back in two pieces", group[0].case_id);
            assert_eq!(group[0].doc, format!("{{\"case\":\"{}\",\"seq\":0}}", group[0].case_id));
        }
        let expected: std::collections::BTreeSet<String> = ids.iter().skip(3).cloned().collect();
        assert_eq!(seen, expected);
        assert!(s.events_of_cases(&[]).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn keyset_pages_of_events_and_incidents_cover_each_row_once_in_order() {
    for t in stores().await {
        let s = &t.store;
        // Pages of four split cases of five events across page boundaries.
        let events: Vec<EventRow> = ["a", "b", "c"].iter().flat_map(|c| (0..5).map(move |q| event(c, q))).collect();
        let incidents: Vec<IncidentRow> = ["a", "b", "c"]
            .iter()
            .flat_map(|c| ["a", "x", "y"].map(|r| IncidentRow { case_id: (*c).into(), report_case_id: r.into() }))
            .collect();
        let projection = Projection { events: events.clone(), incidents: incidents.clone(), ..Projection::default() };
        s.commit_batch(&Batch { projection, ..Batch::default() }).await.unwrap();

        let (mut got, mut after) = (Vec::new(), None::<(String, u64)>);
        loop {
            let page = s.events_after(after.as_ref().map(|(c, q)| (c.as_str(), *q)), 4).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some((last.case_id.clone(), last.seq));
            got.extend(page);
        }
        assert_eq!(got, events);

        let (mut got, mut after) = (Vec::new(), None::<IncidentRow>);
        loop {
            let page =
                s.incidents_after(after.as_ref().map(|r| (r.case_id.as_str(), r.report_case_id.as_str())), 4).await;
            let page = page.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.clone());
            got.extend(page);
        }
        assert_eq!(got, incidents);
    }
}

#[tokio::test]
async fn an_export_row_carries_the_time_precision_and_casualties_of_its_case_and_finding() {
    for t in stores().await {
        t.store.commit_batch(&batch()).await.unwrap();
        let rows = t.store.export_page(&CaseScope::All, ExportWindow::default(), None, 10).await.unwrap();
        let [row] = rows.as_slice() else { panic!("one case: {rows:?}") };
        let case = &projection().cases[0];
        assert_eq!((row.time_precision.as_str(), row.occurred_until), ("day", case.occurred_until));
        assert_eq!(row.casualties, case.casualties);
        assert_eq!(row.found_casualties, None, "the finding stated no figure");
    }
}

fn account(principal: &str) -> Account {
    Account {
        principal: principal.into(),
        password_hash: "$argon2id$old".into(),
        totp_secret: None,
        totp_pending: None,
        must_change_password: false,
        created_at: 1_760_000_000,
        password_stamp: 0,
    }
}

fn session(token_hash: &str, principal: &str, password_stamp: i64, one_time: bool) -> SessionRow {
    SessionRow {
        token_hash: token_hash.into(),
        principal: principal.into(),
        csrf: "csrf".into(),
        created_at: 1_760_000_000,
        expires_at: 1_760_043_200,
        password_stamp,
        one_time,
    }
}

#[tokio::test]
async fn a_change_of_password_ends_sessions_opened_before_it_however_they_race() {
    const NOW: i64 = 1_760_000_100;
    for t in stores().await {
        let s = &t.store;
        s.create_account(&account("pak-liaison")).await.unwrap();
        let stamp = s.account("pak-liaison").await.unwrap().unwrap().password_stamp;
        assert!(s.create_session(&session("a", "pak-liaison", stamp, true)).await.unwrap());
        let read = s.session("a", NOW).await.unwrap().unwrap();
        assert!(read.one_time, "the session says it was opened with a one-time password");

        // A login checked the password (stamp read), then the password changed.
        assert!(s.set_password("pak-liaison", "$argon2id$new", true).await.unwrap());
        assert_eq!(s.session("a", NOW).await.unwrap(), None, "the change ended the session");
        assert!(!s.create_session(&session("b", "pak-liaison", stamp, false)).await.unwrap(), "nothing stored");
        assert_eq!(s.session("b", NOW).await.unwrap(), None);

        // A session stored under the old stamp just before the change
        // became visible opens nothing after it.
        let stamp = s.account("pak-liaison").await.unwrap().unwrap().password_stamp;
        assert!(s.create_session(&session("c", "pak-liaison", stamp, false)).await.unwrap());
        assert!(s.session("c", NOW).await.unwrap().is_some_and(|c| !c.one_time));
        s.execute_raw("update accounts set password_stamp = password_stamp + 1").await.unwrap();
        assert_eq!(s.session("c", NOW).await.unwrap(), None, "the stamps disagree");
    }
}

#[tokio::test]
async fn a_device_is_remembered_until_its_end_or_a_change_of_password() {
    for t in stores().await {
        let s = &t.store;
        s.create_account(&account("pak-liaison")).await.unwrap();
        s.create_device("d1", "pak-liaison", 1_000, 2_000).await.unwrap();
        assert_eq!(s.device_principal("d1", 1_999).await.unwrap().as_deref(), Some("pak-liaison"));
        assert_eq!(s.device_principal("d1", 2_000).await.unwrap(), None, "expired");
        s.create_device("d2", "pak-liaison", 1_000, 9_000).await.unwrap();
        s.create_account(&account("afg-liaison")).await.unwrap();
        s.create_device("d3", "afg-liaison", 1_000, 9_000).await.unwrap();
        assert!(s.set_password("pak-liaison", "$argon2id$reset", false).await.unwrap());
        assert_eq!(s.device_principal("d2", 1_500).await.unwrap(), None, "forgotten with the password");
        assert_eq!(s.device_principal("d3", 1_500).await.unwrap().as_deref(), Some("afg-liaison"), "not another's");
        assert!(s.account("pak-liaison").await.unwrap().unwrap().must_change_password, "a reset must be changed");
    }
}

/// Cases of several statuses and parties, every third with a finding and
/// every fifth with a penalty, some without a place or a time span.
fn export_fixture() -> Projection {
    let base = projection();
    let (case, finding, penalty) = (&base.cases[0], &base.findings[0], &base.penalties[0]);
    let mut p = Projection::default();
    for i in 0..57i64 {
        let id = format!("case-{i:03}");
        let mut c = case.clone();
        c.id = id.clone();
        c.status = ["final", "alleged", "under_investigation"][i as usize % 3].into();
        c.accused = if i % 2 == 0 { "AFG".into() } else { "PAK".into() };
        c.complainant = Some(if i % 2 == 0 { "PAK".into() } else { "AFG".into() });
        // Pairs of cases at the same instant, so the cursor's tie on the id is walked.
        c.occurred_at = 1_760_000_000 + (i / 2) * 3_600;
        c.occurred_until = (i % 4 == 0).then_some(c.occurred_at + 600);
        c.lat = (i % 7 != 0).then_some(31.0 + i as f64 / 100.0);
        c.lon = (i % 7 != 0).then_some(66.0 + i as f64 / 100.0);
        c.summary = format!("Case {i}: \"quoted\", comma, and ünïcode");
        p.cases.push(c);
        if i % 3 == 0 {
            p.findings.push(FindingRow { case_id: id.clone(), ..finding.clone() });
        }
        if i % 5 == 0 {
            let decided = (i % 10 == 0).then_some(2);
            p.penalties.push(PenaltyRow {
                case_id: id.clone(),
                decided_level: decided,
                measure: decided.map(|_| "Written warning".into()),
                decided_at: decided.map(|_| 1_760_100_000),
                ..penalty.clone()
            });
        }
    }
    p
}

/// Every page of an export, the pooled read and the store's own (the
/// SQLite file read directly) giving the same rows, across scopes,
/// windows and page sizes.
#[tokio::test]
async fn an_export_read_from_the_file_is_the_pooled_read_row_for_row() {
    for t in stores().await {
        let s = &t.store;
        s.commit_batch(&Batch { projection: export_fixture(), ..Batch::default() }).await.unwrap();
        let published = vec!["final".to_owned()];
        let scopes = [
            CaseScope::All,
            CaseScope::Published { statuses: published.clone() },
            CaseScope::Participant { participant: "PAK".into(), statuses: published },
        ];
        let windows = [
            ExportWindow::default(),
            ExportWindow { with_finding: true, ..ExportWindow::default() },
            ExportWindow { from: Some(1_760_020_000), until: Some(1_760_080_000), ..ExportWindow::default() },
            ExportWindow { sparse: true, ..ExportWindow::default() },
        ];
        for scope in &scopes {
            for window in windows {
                for limit in [1u64, 7, 100] {
                    let (mut direct, mut pooled, mut after) = (Vec::new(), Vec::new(), None::<(i64, String)>);
                    loop {
                        let cursor = after.as_ref().map(|(at, id)| (*at, id.as_str()));
                        let page = s.export_page(scope, window, cursor, limit).await.unwrap();
                        let same = s.export_page_pooled(scope, window, cursor, limit).await.unwrap();
                        assert_eq!(page, same, "{scope:?} {window:?} limit {limit} after {after:?}");
                        let Some(last) = page.last() else { break };
                        after = Some((last.occurred_at, last.id.clone()));
                        let done = (page.len() as u64) < limit;
                        direct.extend(page);
                        pooled.extend(same);
                        if done {
                            break;
                        }
                    }
                    assert_eq!(direct, pooled);
                    assert!(!direct.is_empty(), "{scope:?} {window:?} selects cases");
                    let ids: std::collections::BTreeSet<&str> = direct.iter().map(|r| r.id.as_str()).collect();
                    assert_eq!(ids.len(), direct.len(), "each case once");
                }
            }
        }
        let all = s.export_page(&CaseScope::All, ExportWindow::default(), None, 1_000).await.unwrap();
        assert_eq!(all.len(), 57);
        assert_eq!(all.iter().filter(|r| r.occurrence.is_some()).count(), 19, "the findings joined");
        assert_eq!(all.iter().filter(|r| r.complied.is_some()).count(), 12, "the penalties joined");
        assert_eq!(all.iter().filter(|r| r.penalty_level.is_some()).count(), 6, "the decided ones");
        assert_eq!(all.iter().filter(|r| r.lat.is_none()).count(), 9, "the cases without a place");
    }
}
