//! What field capture over OpenRosa keeps beside the log: the devices
//! enrolled for a principal, and each submission by the instanceID its
//! device gave it, with the files it has brought so far.
//!
//! The instanceID is what makes a resend safe: ODK Collect sends the same
//! submission again when an answer is lost, and sends large ones in several
//! posts. The row is written before the server answers, so a restart
//! between two posts files nothing twice. None of this is derived from the
//! log (the case it became is), so `truce rebuild` leaves it alone.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError};

/// A device enrolled for a principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDeviceRow {
    /// Its id: the user name it sends with HTTP Basic or Digest.
    pub id: String,
    /// The principal it files as.
    pub principal: String,
    /// What its owner calls it.
    pub name: String,
    /// SHA-256 of its secret (hex).
    pub token_hash: String,
    /// MD5(id:realm:secret), hex: the Digest HA1.
    pub ha1: String,
    /// When it was enrolled (Unix seconds).
    pub created_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// The administrator who issued it for the principal, if one did
    /// (migration 0016); `None` when the principal enrolled it.
    pub issued_by: Option<String>,
}

/// A submission as first received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSubmissionRow {
    /// The device's instanceID (`uuid:…`).
    pub instance_id: String,
    /// The principal it was received from.
    pub principal: String,
    /// The form's id.
    pub form_id: String,
    /// The form's version.
    pub form_version: String,
    /// SHA-256 of the submission XML (a blob).
    pub xml_sha256: String,
    /// The case it was filed as, once every file it names had arrived.
    pub case_id: Option<String>,
    /// When it was first received (Unix seconds).
    pub received_at: i64,
}

const DEVICE_COLUMNS: &str = "id, principal, name, token_hash, ha1, created_at, revoked_at, issued_by";
const SUBMISSION_COLUMNS: &str = "instance_id, principal, form_id, form_version, xml_sha256, case_id, received_at";

fn device_from(r: &AnyRow) -> Result<FieldDeviceRow, StoreError> {
    Ok(FieldDeviceRow {
        id: r.try_get("id")?,
        principal: r.try_get("principal")?,
        name: r.try_get("name")?,
        token_hash: r.try_get("token_hash")?,
        ha1: r.try_get("ha1")?,
        created_at: r.try_get("created_at")?,
        revoked_at: r.try_get("revoked_at")?,
        issued_by: r.try_get("issued_by")?,
    })
}

fn submission_from(r: &AnyRow) -> Result<FieldSubmissionRow, StoreError> {
    Ok(FieldSubmissionRow {
        instance_id: r.try_get("instance_id")?,
        principal: r.try_get("principal")?,
        form_id: r.try_get("form_id")?,
        form_version: r.try_get("form_version")?,
        xml_sha256: r.try_get("xml_sha256")?,
        case_id: r.try_get("case_id")?,
        received_at: r.try_get("received_at")?,
    })
}

impl Store {
    /// Enrols a device.
    pub async fn create_field_device(&self, d: &FieldDeviceRow) -> Result<(), StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "insert into field_devices ({DEVICE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8)"
        )))
        .bind(d.id.clone())
        .bind(d.principal.clone())
        .bind(d.name.clone())
        .bind(d.token_hash.clone())
        .bind(d.ha1.clone())
        .bind(d.created_at)
        .bind(d.revoked_at)
        .bind(d.issued_by.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The device with this id, revoked or not.
    pub async fn field_device(&self, id: &str) -> Result<Option<FieldDeviceRow>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("select {DEVICE_COLUMNS} from field_devices where id = $1")))
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(device_from).transpose()
    }

    /// The device whose secret has this SHA-256, revoked or not.
    pub async fn field_device_by_token(&self, token_hash: &str) -> Result<Option<FieldDeviceRow>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {DEVICE_COLUMNS} from field_devices where token_hash = $1"
        )))
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(device_from).transpose()
    }

    /// The devices of `principal`, oldest first.
    pub async fn field_devices_of(&self, principal: &str) -> Result<Vec<FieldDeviceRow>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {DEVICE_COLUMNS} from field_devices where principal = $1 order by created_at, id"
        )))
        .bind(principal.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(device_from).collect()
    }

    /// Revokes `principal`'s device `id` at `now`; whether one was in force.
    pub async fn revoke_field_device(&self, principal: &str, id: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "update field_devices set revoked_at = $1 where principal = $2 and id = $3 and revoked_at is null",
        )
        .bind(now)
        .bind(principal.to_owned())
        .bind(id.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The submission with this instanceID, if one was received.
    pub async fn field_submission(&self, instance_id: &str) -> Result<Option<FieldSubmissionRow>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "select {SUBMISSION_COLUMNS} from field_submissions where instance_id = $1"
        )))
        .bind(instance_id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(submission_from).transpose()
    }

    /// Keeps a submission first received; `Conflict` if its instanceID was
    /// received before.
    pub async fn create_field_submission(&self, s: &FieldSubmissionRow) -> Result<(), StoreError> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "insert into field_submissions ({SUBMISSION_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7) \
             on conflict (instance_id) do nothing"
        )))
        .bind(s.instance_id.clone())
        .bind(s.principal.clone())
        .bind(s.form_id.clone())
        .bind(s.form_version.clone())
        .bind(s.xml_sha256.clone())
        .bind(s.case_id.clone())
        .bind(s.received_at)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict { constraint: "field_submissions_pk".into() });
        }
        Ok(())
    }

    /// Notes the case a submission was filed as.
    pub async fn set_field_submission_case(&self, instance_id: &str, case_id: &str) -> Result<(), StoreError> {
        sqlx::query("update field_submissions set case_id = $1 where instance_id = $2")
            .bind(case_id.to_owned())
            .bind(instance_id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Notes a file of a submission (once per file name; a second note of
    /// the same name is ignored, as it is the same resend).
    pub async fn put_field_attachment(
        &self,
        instance_id: &str,
        filename: &str,
        sha256: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "insert into field_attachments (instance_id, filename, sha256) values ($1, $2, $3) \
             on conflict (instance_id, filename) do nothing",
        )
        .bind(instance_id.to_owned())
        .bind(filename.to_owned())
        .bind(sha256.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The files of a submission received so far: (file name, SHA-256), by name.
    pub async fn field_attachments(&self, instance_id: &str) -> Result<Vec<(String, String)>, StoreError> {
        let rows =
            sqlx::query("select filename, sha256 from field_attachments where instance_id = $1 order by filename")
                .bind(instance_id.to_owned())
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| Ok((r.try_get("filename")?, r.try_get("sha256")?))).collect()
    }
}
