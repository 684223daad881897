//! Projection rows read back (`projection::CaseListing::decode`,
//! `projection::events_of`) as exactly what they were written from, and a
//! row that does not read back names its table, row and column.

use truce_core::scenario::Scenario;
use truce_node::projection::{self, CaseListing, events_of};
use truce_store::{CaseRow, EventRow};

use crate::{DOHA, OCTOBER, databases, deploy, run_scenario};

#[tokio::test]
async fn case_and_event_rows_read_back_as_the_cases_they_were_written_from() {
    for db in databases().await {
        let mut d = deploy(db).await;
        run_scenario(&mut d).await;
        let agreement = truce_core::Agreement::from_toml(DOHA).unwrap();
        let expected = Scenario::from_toml(OCTOBER).unwrap().run(&agreement).unwrap();
        let store = d.store().await;
        let rows = store.read_projection().await.unwrap().cases;
        assert_eq!(rows.len(), expected.docket.len());
        let mut located = 0;
        for row in &rows {
            let listed = CaseListing::decode(row).unwrap();
            let case = expected.docket.case(&listed.id).unwrap();
            let a = &case.allegation;
            assert_eq!(listed.status, case.status);
            assert_eq!(listed.accused, a.accused);
            assert_eq!(listed.complainant.as_ref(), case.complainant.participant());
            assert_eq!((listed.filed_at, listed.occurred_at), (case.filed_at, a.occurred_at));
            assert_eq!(listed.provisions, a.provisions);
            assert_eq!(listed.location, a.location.as_ref().map(|l| (l.lat, l.lon)));
            assert_eq!(listed.team, case.team);
            located += usize::from(listed.location.is_some());
            // Encoding what was decoded gives the stored row back.
            assert_eq!((listed.occurred_until, listed.time_precision), (a.occurred_until, a.time_precision));
            assert_eq!(listed.casualties, a.casualties, "{}", row.id);
            assert_eq!(&projection::case_row(case, listed.last_record_idx).unwrap(), row);
            let events = events_of(&store.case_events(&row.id).await.unwrap()).unwrap();
            assert_eq!(events, case.history, "{}", row.id);
        }
        assert!(located > 0, "the scenario has located cases");
        store.close().await;
    }
}

fn row() -> CaseRow {
    CaseRow {
        id: "2025-10-15-chaman".into(),
        status: "reported".into(),
        accused: "AFG".into(),
        complainant: None,
        filed_at: 1_760_500_000,
        occurred_at: 1_760_490_000,
        occurred_until: None,
        time_precision: "exact".into(),
        summary: "Shelling".into(),
        provisions: String::new(),
        casualties: None,
        lat: None,
        lon: None,
        sector: None,
        team: None,
        last_record_idx: 9,
        acts: String::new(),
        geo_precision: None,
        place: None,
        country: None,
        admin1: None,
    }
}

#[test]
fn a_row_without_provisions_place_or_complainant_reads_back() {
    let listed = CaseListing::decode(&row()).unwrap();
    assert_eq!(listed.provisions, vec![]);
    assert_eq!((listed.location, listed.complainant, listed.team), (None, None, None));
    assert_eq!(listed.occurred_at.to_string(), "2025-10-15T01:00:00Z");
    assert_eq!(listed.casualties, truce_core::case::Casualties::default(), "no figure stated, none made up");
}

#[test]
fn a_row_that_does_not_read_back_names_its_column() {
    let column = |r: CaseRow| CaseListing::decode(&r).unwrap_err().column;
    assert_eq!(column(CaseRow { status: "pending".into(), ..row() }), "status");
    assert_eq!(column(CaseRow { provisions: "P1,bad id".into(), ..row() }), "provisions");
    assert_eq!(column(CaseRow { provisions: "P1,".into(), ..row() }), "provisions");
    assert_eq!(column(CaseRow { accused: String::new(), ..row() }), "accused");
    assert_eq!(column(CaseRow { complainant: Some("no such id!".into()), ..row() }), "complainant");
    assert_eq!(column(CaseRow { lat: Some(31.0), ..row() }), "lat");
    assert_eq!(column(CaseRow { occurred_at: i64::MAX, ..row() }), "occurred_at");
    assert_eq!(column(CaseRow { occurred_until: Some(i64::MAX), ..row() }), "occurred_until");
    assert_eq!(column(CaseRow { time_precision: "hour".into(), ..row() }), "time_precision");
    assert_eq!(column(CaseRow { casualties: Some(r#"{"dead":1}"#.into()), ..row() }), "casualties");
    let e = CaseListing::decode(&CaseRow { status: "pending".into(), ..row() }).unwrap_err();
    assert_eq!(e.to_string(), r#"cases row 2025-10-15-chaman: column status "pending" is not a status"#);
    let event =
        EventRow { case_id: "c1".into(), seq: 3, record_idx: 12, at: 0, kind: "reported.v1".into(), doc: "{".into() };
    let e = events_of(&[event]).unwrap_err();
    assert_eq!((e.table, e.key.as_str(), e.column), ("case_events", "c1 #3", "doc"));
}
