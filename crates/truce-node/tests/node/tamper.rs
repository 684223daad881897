//! Tamper tests: change a stored record, a tile hash, a projection row or a
//! checkpoint, and `verify` names what and where.

use crate::{databases, deploy, run_scenario};

async fn tampered(sql: &str) -> Vec<String> {
    tampered_each(sql, sql).await
}

/// Like [`tampered`], with one statement for SQLite and one for PostgreSQL.
async fn tampered_each(sqlite: &str, postgres: &str) -> Vec<String> {
    let mut out = Vec::new();
    for db in databases().await {
        let sql = if db.is_some() { postgres } else { sqlite };
        let mut d = deploy(db).await;
        run_scenario(&mut d).await;
        d.verify().await.unwrap();
        let store = d.store().await;
        assert!(store.execute_raw(sql).await.unwrap() >= 1, "the tampering changed nothing: {sql}");
        store.close().await;
        out.push(d.verify().await.unwrap_err().to_string());
    }
    out
}

#[tokio::test]
async fn a_changed_record_is_caught() {
    // Back-date record 20 by a year without re-signing it.
    let errors = tampered_each(
        "update log_entries set entry = cast(replace(cast(entry as text), '\"time\":\"2025', '\"time\":\"2024') as blob) where idx = 20",
        "update log_entries set entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"time\":\"2025', '\"time\":\"2024'), 'UTF8') where idx = 20",
    )
    .await;
    for err in errors {
        assert!(err.starts_with("record 20: the signature does not verify with "), "{err}");
    }
}

/// Record 20's signature with its first character changed: the entry is
/// still canonical and the rest of the record untouched, so only the
/// signature check can catch it. The page's signatures are checked as one
/// batch; the batch fails and the record is named.
#[tokio::test]
async fn a_changed_signature_is_caught_in_its_batch_and_named() {
    let errors = tampered_each(
        "update log_entries set entry = cast(substr(cast(entry as text), 1, instr(cast(entry as text), '\"sig\":\"') + 6) \
         || (case when substr(cast(entry as text), instr(cast(entry as text), '\"sig\":\"') + 7, 1) = 'A' then 'B' else 'A' end) \
         || substr(cast(entry as text), instr(cast(entry as text), '\"sig\":\"') + 8) as blob) where idx = 20",
        "update log_entries set entry = convert_to(overlay(convert_from(entry, 'UTF8') placing \
         (case when substr(convert_from(entry, 'UTF8'), strpos(convert_from(entry, 'UTF8'), '\"sig\":\"') + 7, 1) = 'A' then 'B' else 'A' end) \
         from strpos(convert_from(entry, 'UTF8'), '\"sig\":\"') + 7 for 1), 'UTF8') where idx = 20",
    )
    .await;
    for err in errors {
        assert!(err.starts_with("record 20: the signature does not verify with "), "{err}");
    }
}

#[tokio::test]
async fn a_changed_tile_hash_is_caught() {
    for err in tampered("update log_hashes set hash = (select hash from log_hashes where idx = 0) where idx = 3").await
    {
        assert!(err.starts_with("tree hash #3 (tree level 0, node 2: hash 2 of tile tile/0/000)"), "{err}");
    }
}

#[tokio::test]
async fn a_changed_projection_row_is_caught() {
    for err in tampered("update cases set status = 'closed' where id = '2025-10-17-paktika'").await {
        assert_eq!(
            err,
            "projection cases, row 2025-10-17-paktika: status is \"closed\" in the store, but the log gives \"not_complied\""
        );
    }
}

#[tokio::test]
async fn a_moved_case_is_caught() {
    // The sector and the team are filters of the case list: a case moved
    // out of a sector, or away from its team, would drop out of their lists.
    for err in tampered("update cases set sector = 'elsewhere', team = null where id = '2025-10-17-paktika'").await {
        assert!(err.starts_with("projection cases, row 2025-10-17-paktika: sector is Some(\"elsewhere\")"), "{err}");
    }
}

#[tokio::test]
async fn a_changed_checkpoint_is_caught() {
    for err in tampered("update checkpoints set note = replace(note, 'truce.test', 'truce.evil') where size = (select max(size) from checkpoints)").await {
        assert!(err.starts_with("checkpoint at size "), "{err}");
        assert!(err.contains("does not verify"), "{err}");
    }
}

#[tokio::test]
async fn a_deleted_record_is_caught() {
    for err in tampered("delete from log_entries where idx = (select max(idx) from log_entries)").await {
        assert_eq!(err, "checkpoint at size 94: the latest checkpoint covers 94 records, but the store holds 93");
    }
}

#[tokio::test]
async fn a_missing_or_extra_tree_hash_is_caught() {
    for err in tampered("delete from log_hashes where idx = 5").await {
        assert!(err.starts_with("the store holds "), "{err}");
        assert!(err.contains(" tree hashes, but 94 entries need "), "{err}");
    }
    for err in tampered(
        "insert into log_hashes (idx, hash) select idx + 1, hash from log_hashes where idx = (select max(idx) from log_hashes)",
    )
    .await
    {
        assert!(err.starts_with("the store holds "), "{err}");
    }
}

#[tokio::test]
async fn a_changed_or_missing_event_row_is_caught() {
    let case = "2025-10-17-paktika";
    for err in
        tampered(&format!("update case_events set record_idx = record_idx + 1 where case_id = '{case}' and seq = 1"))
            .await
    {
        assert!(err.starts_with(&format!("projection case_events, row {case}: the ")), "{err}");
        assert!(err.contains("stored events differ from those the log gives"), "{err}");
    }
    let errors = tampered(&format!(
        "delete from case_events where case_id = '{case}' and seq = (select max(seq) from case_events where case_id = '{case}')"
    ))
    .await;
    for err in errors {
        assert!(err.starts_with(&format!("projection case_events, row {case}#")), "{err}");
        assert!(err.contains("is missing from the store ("), "{err}");
    }
}

#[tokio::test]
async fn a_missing_case_row_or_a_changed_incident_is_caught() {
    let case = "2025-10-17-paktika";
    for err in tampered(&format!("delete from cases where id = '{case}'")).await {
        assert!(err.starts_with(&format!("projection cases, row {case}: is missing from the store (")), "{err}");
    }
    for err in tampered(&format!("update incidents set report_case_id = 'forged' where case_id = '{case}'")).await {
        assert_eq!(err, format!("projection incidents, row {case} / forged: differs from the merges in the log"));
    }
    for err in tampered(&format!("delete from incidents where case_id = '{case}'")).await {
        assert!(err.starts_with("projection incidents, row *: "), "{err}");
        assert!(err.contains(" rows in the store, "), "{err}");
    }
}
