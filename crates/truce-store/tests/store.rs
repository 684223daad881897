//! The store's conformance suite: the same tests on SQLite and, when
//! `TRUCE_TEST_POSTGRES_URL` is set, on PostgreSQL (each test in a fresh
//! database).

use truce_store::{
    Batch, CaseRow, EventRow, FindingRow, IncidentRow, PenaltyRow, PrincipalRow, Projection, StatisticsRow, Store,
    StoreError,
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
            occurred_at: 1_759_990_000,
            summary: "Fire on a post — Chaman".into(),
            provisions: "P1,P4".into(),
            lat: Some(30.9222),
            lon: Some(66.4447),
            sector: Some("chaman".into()),
            team: None,
            last_record_idx: 2,
            doc: "{\"id\":\"c1\"}".into(),
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
        statistics: vec![StatisticsRow { scope: "all".into(), as_of_size: 3, doc: "{}".into() }],
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
        again.checkpoint = Some((4, "x".into()));
        let err = s.commit_batch(&again).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!(s.log_size().await.unwrap(), 3, "the whole batch rolled back");
        assert_eq!(s.latest_checkpoint().await.unwrap().unwrap().0, 3);
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
