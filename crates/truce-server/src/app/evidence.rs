//! Evidence intake: what a received file really is, what it says about
//! where and when it was taken, and its receipt in the log.
//!
//! Parties do not trust each other, so nothing a client says about a file
//! is taken on trust. Its type is sniffed from its bytes (the client's
//! `Content-Type` and file name are ignored) and must be on a short
//! allowlist of formats that are evidence and that a browser will not run:
//! an HTML page renamed `.jpg` is refused as the HTML it is. Its SHA-256 is
//! taken on receipt; the file is stored under that hash in the blob store,
//! which never replaces or changes a stored file, and the hash, size and
//! type go into the log as a confidential `evidence.received.v1` record, so
//! the receipt is provable later while the other party cannot learn of it
//! from the public log. EXIF position and capture time are read where the
//! format carries them, for the mismatch flags of
//! [`truce_core::evidence`].
//!
//! Each principal may store so many files and so many bytes a UTC day
//! ([`UploadQuota`]): the blob store and the log keep every file for good,
//! so one account (or one stolen token) must not be able to fill the disk.
//! The quota counts what was stored (the receipts kept beside the log), is
//! checked under this process's intake lock before anything is written
//! (two servers sharing one store could each take the last of a quota),
//! and a file sent again costs nothing, since nothing new is stored. A
//! receipt posted to `POST /api/v1/records` names a file already stored
//! and stores nothing new, so it is not counted.
//!
//! Reading a file back goes through [`open_cited`], which answers only
//! callers that [`truce_core::access::may_read_evidence`] allows, through a
//! case they may see that cites the file; everyone else gets the same 404
//! as for a file that does not exist.

use std::io::Cursor;

use jiff::Timestamp;
use serde::Serialize;
use truce_core::Case;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::evidence::{self as rules, Capture, Mismatch, Position, Tolerances};
use truce_core::ids::ParticipantId;
use truce_ledger::Payload;
use truce_node::Submission;
use truce_node::blobs::sha256_hex;
use truce_node::records::{Body, EVIDENCE_RECEIVED, EvidenceReceived};
use truce_store::EvidenceRow;
use utoipa::ToSchema;

use super::{App, AppError, Principal};

/// The formats accepted as evidence, by the media type sniffed, with the
/// file extension a download is given.
pub const ACCEPTED: [(&str, &str); 10] = [
    ("image/jpeg", "jpg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/heif", "heic"),
    ("image/tiff", "tif"),
    ("application/pdf", "pdf"),
    ("video/mp4", "mp4"),
    ("video/x-m4v", "m4v"),
    ("video/quicktime", "mov"),
    ("text/plain", "txt"),
];

/// Longest description accepted, in characters.
pub const MAX_DESCRIPTION: usize = 2_000;

/// Longest file name kept, in characters.
const MAX_FILENAME: usize = 200;

/// What a file's bytes are, as far as sniffing can tell: the media type,
/// and whether it is on the allowlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// The media type found, such as `image/jpeg` or `text/html`.
    pub media_type: String,
    /// Whether it is accepted as evidence.
    pub accepted: bool,
}

/// Sniffs the type of `bytes`. Plain text is recognised only when it is
/// UTF-8 without control characters and does not open with markup.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let media_type = match infer::get(bytes) {
        Some(t) => t.mime_type().to_owned(),
        None => text_type(bytes).to_owned(),
    };
    let accepted = ACCEPTED.iter().any(|(m, _)| *m == media_type);
    Sniffed { media_type, accepted }
}

fn text_type(bytes: &[u8]) -> &'static str {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(body) else { return "application/octet-stream" };
    if text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) {
        return "application/octet-stream";
    }
    // A browser told nosniff would not render it, but markup is not a
    // format of evidence: refuse it rather than store a page.
    if text.trim_start().starts_with('<') {
        return "text/html";
    }
    "text/plain"
}

/// The file extension of an accepted media type.
pub fn extension(media_type: &str) -> &'static str {
    ACCEPTED.iter().find(|(m, _)| *m == media_type).map_or("bin", |(_, e)| e)
}

/// Reads the EXIF GPS position and `DateTimeOriginal` of JPEG, TIFF,
/// HEIF, PNG and WebP files. Anything missing, malformed or implausible is
/// left out; a parser failure (even a panic) is no metadata, never an error.
pub fn read_exif(bytes: &[u8]) -> Capture {
    std::panic::catch_unwind(|| exif_of(bytes)).unwrap_or_default()
}

fn exif_of(bytes: &[u8]) -> Capture {
    // Leniently: files in the wild (and some writers) break small rules of
    // the format, such as a next-IFD link from the GPS directory; what can
    // be read is still read.
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let exif = match reader.read_from_container(&mut Cursor::new(bytes)) {
        Ok(exif) => exif,
        Err(exif::Error::PartialResult(partial)) => partial.into_inner().0,
        Err(_) => return Capture::default(),
    };
    let lat = coordinate(&exif, exif::Tag::GPSLatitude, exif::Tag::GPSLatitudeRef, b'S', 90.0);
    let lon = coordinate(&exif, exif::Tag::GPSLongitude, exif::Tag::GPSLongitudeRef, b'W', 180.0);
    // (0, 0) is what some devices write when they have no fix.
    let position = match (lat, lon) {
        (Some(lat), Some(lon)) if !(lat == 0.0 && lon == 0.0) => Some(Position { lat, lon }),
        _ => None,
    };
    Capture { position, time: capture_time(&exif) }
}

fn ascii(exif: &exif::Exif, tag: exif::Tag) -> Option<&[u8]> {
    match &exif.get_field(tag, exif::In::PRIMARY)?.value {
        exif::Value::Ascii(v) => v.first().map(Vec::as_slice),
        _ => None,
    }
}

fn coordinate(exif: &exif::Exif, tag: exif::Tag, ref_tag: exif::Tag, negative: u8, max: f64) -> Option<f64> {
    let exif::Value::Rational(parts) = &exif.get_field(tag, exif::In::PRIMARY)?.value else { return None };
    let mut degrees = 0.0;
    for (part, scale) in parts.iter().zip([1.0, 60.0, 3600.0]) {
        if part.denom == 0 {
            return None;
        }
        degrees += part.to_f64() / scale;
    }
    if parts.is_empty() || !degrees.is_finite() || degrees > max {
        return None;
    }
    let sign = match ascii(exif, ref_tag).and_then(|r| r.first()) {
        Some(r) if r.eq_ignore_ascii_case(&negative) => -1.0,
        _ => 1.0,
    };
    Some(sign * degrees)
}

fn capture_time(exif: &exif::Exif) -> Option<jiff::Timestamp> {
    let mut t = exif::DateTime::from_ascii(ascii(exif, exif::Tag::DateTimeOriginal)?).ok()?;
    if let Some(offset) = ascii(exif, exif::Tag::OffsetTimeOriginal) {
        // A malformed offset is no offset: the time is then read as UTC.
        if t.parse_offset(offset).is_err() {
            t.offset = None;
        }
    }
    let civil = jiff::civil::DateTime::new(
        i16::try_from(t.year).ok()?,
        i8::try_from(t.month).ok()?,
        i8::try_from(t.day).ok()?,
        i8::try_from(t.hour).ok()?,
        i8::try_from(t.minute).ok()?,
        i8::try_from(t.second).ok()?,
        0,
    )
    .ok()?;
    let offset = jiff::tz::Offset::from_seconds(i32::from(t.offset.unwrap_or(0)) * 60).ok()?;
    offset.to_timestamp(civil).ok()
}

/// A file as received, before it is examined.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The file name the client gave, for people only.
    pub filename: String,
    /// What the uploader says it is.
    pub description: Option<String>,
}

/// A file's receipt: what it is, and the log record that holds its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// SHA-256 (hex).
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// The media type sniffed.
    pub content_type: String,
    /// The log record of its receipt.
    pub record_index: u64,
    /// Where and when it says it was taken.
    pub capture: Capture,
    /// Whether this upload recorded it (false: the caller had sent it before).
    pub new: bool,
}

/// The capture facts kept in an evidence row.
pub fn capture_of(row: &EvidenceRow) -> Capture {
    let position = match (row.exif_lat, row.exif_lon) {
        (Some(lat), Some(lon)) => Some(Position { lat, lon }),
        _ => None,
    };
    Capture { position, time: row.exif_time.and_then(|t| jiff::Timestamp::from_second(t).ok()) }
}

/// A file name reduced to its last component, without control characters,
/// and not absurdly long.
pub fn clean_filename(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    last.chars().filter(|c| !c.is_control()).take(MAX_FILENAME).collect::<String>().trim().to_owned()
}

/// A file examined: its hash and size, the type sniffed from its bytes
/// (accepted as evidence), and what it says about where and when it was taken.
#[derive(Debug)]
pub struct Examined {
    /// The bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 (hex).
    pub sha256: String,
    /// The media type sniffed, one of [`ACCEPTED`].
    pub content_type: String,
    /// EXIF position and time.
    pub capture: Capture,
}

impl Examined {
    /// The receipt the log records for it.
    pub fn receipt(&self) -> EvidenceReceived {
        EvidenceReceived {
            sha256: self.sha256.clone(),
            size: self.bytes.len() as u64,
            content_type: self.content_type.clone(),
        }
    }
}

/// Hashes and sniffs `bytes` and reads their EXIF, off the async threads.
/// An empty file, or one whose content is not a format of evidence, is
/// refused naming the field `file`.
pub async fn examine(bytes: Vec<u8>) -> Result<Examined, AppError> {
    if bytes.is_empty() {
        return Err(AppError::field("file", "is empty"));
    }
    let (bytes, sha256, sniffed, capture) = tokio::task::spawn_blocking(move || {
        let sha256 = sha256_hex(&bytes);
        let sniffed = sniff(&bytes);
        let capture = if sniffed.accepted { read_exif(&bytes) } else { Capture::default() };
        (bytes, sha256, sniffed, capture)
    })
    .await
    .map_err(AppError::internal)?;
    if !sniffed.accepted {
        let accepted: Vec<&str> = ACCEPTED.iter().map(|(m, _)| *m).collect();
        return Err(AppError::Unsupported {
            field: "file".into(),
            reason: format!(
                "the file is {} by its content (whatever its name or declared type); accepted: {}",
                sniffed.media_type,
                accepted.join(", ")
            ),
        });
    }
    Ok(Examined { bytes, sha256, content_type: sniffed.media_type, capture })
}

/// How much one principal may upload in a UTC day; zero is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadQuota {
    /// Bytes a day.
    pub bytes_per_day: u64,
    /// Files a day.
    pub files_per_day: u64,
}

impl Default for UploadQuota {
    fn default() -> Self {
        UploadQuota { bytes_per_day: 500 * 1024 * 1024, files_per_day: 200 }
    }
}

/// A daily quota used up: which, its limit, what was used, and when it resets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the daily upload quota {quota} is {limit}; {used} used today, this file needs {needed} more; it resets at {resets_at}"
)]
pub struct QuotaExceeded {
    /// `bytes_per_day` or `files_per_day`.
    pub quota: &'static str,
    /// The limit.
    pub limit: u64,
    /// What the principal stored today.
    pub used: u64,
    /// What this upload would add.
    pub needed: u64,
    /// The start of the next UTC day.
    pub resets_at: Timestamp,
    /// Seconds from the upload until then.
    pub retry_after_secs: u64,
}

/// The start of the UTC day of `now` and of the next, Unix seconds.
fn utc_day(now: Timestamp) -> (i64, i64) {
    let start = now.as_second().div_euclid(86_400) * 86_400;
    (start, start + 86_400)
}

/// Whether `principal` may store one more file of `size` bytes at `now`.
async fn check_quota(app: &App, principal: &str, now: Timestamp, size: u64) -> Result<(), AppError> {
    let quota = app.upload_quota();
    if quota.bytes_per_day == 0 && quota.files_per_day == 0 {
        return Ok(());
    }
    let (start, end) = utc_day(now);
    let (files, bytes) = app.store().uploads_between(principal, start, end).await?;
    let resets_at = Timestamp::from_second(end).map_err(AppError::internal)?;
    let retry_after_secs = u64::try_from(end - now.as_second()).unwrap_or(0);
    let over = |quota: &'static str, limit: u64, used: u64, needed: u64| {
        (limit != 0 && used.saturating_add(needed) > limit).then_some(QuotaExceeded {
            quota,
            limit,
            used,
            needed,
            resets_at,
            retry_after_secs,
        })
    };
    match over("files_per_day", quota.files_per_day, files, 1)
        .or_else(|| over("bytes_per_day", quota.bytes_per_day, bytes, size))
    {
        Some(exceeded) => Err(AppError::Quota(Box::new(exceeded))),
        None => Ok(()),
    }
}

/// Who a file is received from: a principal and its participant.
#[derive(Debug, Clone, Copy)]
pub struct Uploader<'a> {
    /// The principal.
    pub id: &'a str,
    /// Its participant.
    pub participant: Option<&'a str>,
}

/// Uploads are recorded one at a time, so that the same file sent twice at
/// once by one principal still gets one record. The lock is held only from
/// the duplicate check to the stored receipt, not while a body arrives.
static INTAKE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Receives a file from `principal`, whose key the server holds: examines
/// it, stores it, records its receipt in the log signed with that key and
/// keeps the receipt. A file the principal sent before is answered with its
/// existing receipt.
pub async fn receive(app: &App, principal: &Principal, now: Timestamp, upload: Upload) -> Result<Received, AppError> {
    if let Some(d) = &upload.description
        && d.chars().count() > MAX_DESCRIPTION
    {
        return Err(AppError::field("description", format!("is longer than {MAX_DESCRIPTION} characters")));
    }
    if app.signing_key(&principal.id)?.is_none() {
        return Err(AppError::forbidden(format!(
            "{} signs with its own key; send the file with its signed evidence.received.v1 record to \
             /api/v1/evidence/signed",
            principal.id
        )));
    }
    let examined = examine(upload.bytes).await?;
    let uploader = Uploader { id: &principal.id, participant: principal.participant.as_ref().map(|p| p.as_str()) };
    let body = Body::Evidence(examined.receipt());
    keep(app, uploader, now, &upload.filename, examined, || app.submit_as(principal, now, &body)).await
}

/// Receives a file whose receipt its author signed with a key the server
/// does not hold (a party's own system). `receipt` is the revealed body of
/// `submission`, whose signature the caller has checked; the file must be
/// exactly what it says: the same hash, size and sniffed type.
pub async fn receive_signed(
    app: &App,
    uploader: Uploader<'_>,
    now: Timestamp,
    submission: truce_node::Submission,
    receipt: &EvidenceReceived,
    filename: &str,
    examined: Examined,
) -> Result<Received, AppError> {
    let body = "record.reveal.body";
    if receipt.sha256 != examined.sha256 {
        return Err(AppError::field(
            format!("{body}.sha256"),
            format!("is {}, but the file sent has SHA-256 {}", receipt.sha256, examined.sha256),
        ));
    }
    if receipt.size != examined.bytes.len() as u64 {
        return Err(AppError::field(
            format!("{body}.size"),
            format!("is {}, but the file sent has {} bytes", receipt.size, examined.bytes.len()),
        ));
    }
    if receipt.content_type != examined.content_type {
        return Err(AppError::field(
            format!("{body}.content_type"),
            format!(
                "is {}, but the file is {} by its content (the type recorded is the one sniffed)",
                receipt.content_type, examined.content_type
            ),
        ));
    }
    keep(app, uploader, now, filename, examined, || async { Ok(app.ledger().submit(submission).await?) }).await
}

/// Stores an examined file, has `append` record its receipt in the log, and
/// keeps the receipt with the capture facts. A file `uploader` sent before
/// is answered with its first receipt, and nothing is appended.
async fn keep<F, Fut>(
    app: &App,
    uploader: Uploader<'_>,
    now: Timestamp,
    filename: &str,
    examined: Examined,
    append: F,
) -> Result<Received, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<truce_node::Receipt, AppError>>,
{
    let Examined { bytes, sha256, content_type, capture } = examined;
    let size = bytes.len() as u64;
    let _one_at_a_time = INTAKE.lock().await;
    let existing = app.store().evidence(&sha256).await?;
    if let Some(row) = existing.iter().find(|r| r.principal == uploader.id)
        && let Some(record_index) = row.record_idx
    {
        return Ok(Received {
            sha256,
            size: row.size,
            content_type: row.content_type.clone(),
            record_index,
            capture: capture_of(row),
            new: false,
        });
    }
    // Checked under the intake lock, so two uploads at once cannot both
    // take the last of a quota; refused, nothing is written.
    check_quota(app, uploader.id, now, size).await?;
    let held = app.clone();
    let stored = tokio::task::spawn_blocking(move || held.blobs().put(&bytes))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    if stored != sha256 {
        return Err(AppError::internal(format!("the blob store filed {sha256} as {stored}")));
    }
    let receipt = append().await?;
    let row = EvidenceRow {
        sha256: sha256.clone(),
        principal: uploader.id.to_owned(),
        participant: uploader.participant.map(str::to_owned),
        content_type: content_type.clone(),
        size,
        filename: clean_filename(filename),
        received_at: now.as_second(),
        exif_lat: capture.position.map(|p| p.lat),
        exif_lon: capture.position.map(|p| p.lon),
        exif_time: capture.time.map(|t| t.as_second()),
        record_idx: Some(receipt.index),
    };
    app.store().put_evidence(&row).await?;
    Ok(Received { sha256, size, content_type, record_index: receipt.index, capture, new: true })
}

/// Whether `sha256` is written as the blob store writes hashes.
pub fn is_sha256(sha256: &str) -> bool {
    sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The participants that uploaded a file, for [`access::may_read_evidence`].
pub fn uploaders(rows: &[EvidenceRow]) -> Vec<Option<ParticipantId>> {
    rows.iter().map(|r| r.participant.as_deref().and_then(|p| ParticipantId::parse(p).ok())).collect()
}

/// An evidence file as it may be served: its bytes and sniffed type.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The bytes, checked against the hash.
    pub bytes: Vec<u8>,
    /// The media type sniffed at intake.
    pub content_type: String,
}

/// The file `sha256` cited by case `case_id`, if `viewer` may read it there.
/// Every refusal is the same 404, whether the case, the citation or the
/// file is missing or the caller may not read it.
pub async fn open_cited(app: &App, viewer: &Viewer, case_id: &str, sha256: &str) -> Result<Opened, AppError> {
    let missing = || AppError::not_found("there is no such evidence file in a case that you may see");
    if !is_sha256(sha256) {
        return Err(missing());
    }
    let super::folded::VisibleCase { case, events, .. } = super::folded::visible_case_with_events(app, viewer, case_id)
        .await
        .map_err(|e| if e.is_not_found() { missing() } else { e })?;
    if !super::folded::cited_evidence(&case, &events).iter().any(|e| e.sha256 == sha256) {
        return Err(missing());
    }
    let rows = app.store().evidence(sha256).await?;
    let Some(first) = rows.first() else { return Err(missing()) };
    if !access::may_read_evidence(viewer, CaseParties::of(&case), &uploaders(&rows)) {
        return Err(missing());
    }
    let content_type = first.content_type.clone();
    let held = app.clone();
    let sha = sha256.to_owned();
    let bytes = tokio::task::spawn_blocking(move || held.blobs().get(&sha))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?
        // A receipt without its file is the server's failure, not the caller's.
        .ok_or_else(|| AppError::internal(format!("evidence {sha256} has a receipt but no blob")))?;
    Ok(Opened { bytes, content_type })
}

/// Where and when a file says it was taken (EXIF).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ExifView {
    /// GPS latitude, degrees.
    pub lat: Option<f64>,
    /// GPS longitude, degrees.
    pub lon: Option<f64>,
    /// `DateTimeOriginal` (RFC 3339, UTC; read as UTC when the file gives no zone).
    pub time: Option<String>,
}

impl ExifView {
    /// The view of `capture`, or none when it records nothing.
    pub fn of(capture: &Capture) -> Option<ExifView> {
        if capture.position.is_none() && capture.time.is_none() {
            return None;
        }
        Some(ExifView {
            lat: capture.position.map(|p| p.lat),
            lon: capture.position.map(|p| p.lon),
            time: capture.time.map(|t| t.to_string()),
        })
    }
}

/// How a cited file disagrees with its case.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MismatchView {
    /// `place`, `before_incident` or `after_incident`.
    pub kind: String,
    /// In a sentence.
    pub reason: String,
    /// For `place`: the distance from the reported place, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// For `place`: the distance allowed at the place's precision, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance_km: Option<f64>,
    /// For a time mismatch: the gap to the incident, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_secs: Option<i64>,
    /// For a time mismatch: the gap allowed, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tolerance_secs: Option<i64>,
}

impl MismatchView {
    fn of(m: &Mismatch) -> MismatchView {
        let reason = m.reason();
        let blank = |kind: &str| MismatchView {
            kind: kind.into(),
            reason: reason.clone(),
            distance_km: None,
            tolerance_km: None,
            gap_secs: None,
            tolerance_secs: None,
        };
        match m {
            Mismatch::Place { distance_km, tolerance_km, .. } => MismatchView {
                distance_km: Some((distance_km * 10.0).round() / 10.0),
                tolerance_km: Some(*tolerance_km),
                ..blank("place")
            },
            Mismatch::BeforeIncident { gap_secs, tolerance_secs } => MismatchView {
                gap_secs: Some(*gap_secs),
                tolerance_secs: Some(*tolerance_secs),
                ..blank("before_incident")
            },
            Mismatch::AfterIncident { gap_secs, tolerance_secs } => MismatchView {
                gap_secs: Some(*gap_secs),
                tolerance_secs: Some(*tolerance_secs),
                ..blank("after_incident")
            },
        }
    }
}

/// What the case view says about one cited file, for `viewer`.
#[derive(Debug, Clone, PartialEq)]
pub struct CitedFile {
    /// Whether the viewer may download it.
    pub readable: bool,
    /// Its sniffed type (readers only).
    pub content_type: Option<String>,
    /// Its EXIF (readers only).
    pub exif: Option<ExifView>,
    /// How it disagrees with the case (readers only).
    pub mismatch: Vec<MismatchView>,
}

/// What `viewer` may learn about the file `sha256` cited by `case`: whether
/// it may read it and, if so, its type, EXIF and mismatches; plus the
/// case-level flags those mismatches raise.
pub async fn cited_file(
    app: &App,
    viewer: &Viewer,
    case: &Case,
    sha256: &str,
) -> Result<(CitedFile, Vec<String>), AppError> {
    let rows = app.store().evidence(sha256).await?;
    let readable = access::may_read_evidence(viewer, CaseParties::of(case), &uploaders(&rows));
    let (Some(row), true) = (rows.first(), readable) else {
        return Ok((CitedFile { readable, content_type: None, exif: None, mismatch: Vec::new() }, Vec::new()));
    };
    let capture = capture_of(row);
    let found = rules::compare(&case.allegation, &capture, &Tolerances::default());
    let short = sha256.get(..8).unwrap_or(sha256);
    let flags = found.iter().map(|m| format!("evidence {short}… {}", m.reason())).collect();
    Ok((
        CitedFile {
            readable,
            content_type: Some(row.content_type.clone()),
            exif: ExifView::of(&capture),
            mismatch: found.iter().map(MismatchView::of).collect(),
        },
        flags,
    ))
}
/// An evidence receipt signed by its author's own key, checked.
#[derive(Debug)]
pub struct SignedReceipt {
    /// The author, as registered.
    pub author: truce_node::state::Principal,
    /// The record and its reveal, ready to submit.
    pub submission: Submission,
    /// The revealed receipt.
    pub receipt: EvidenceReceived,
}

/// Checks a signed evidence record: its type, a registered author whose key
/// verifies the signature (strictly), a commitment that the reveal opens,
/// and a body that is an evidence receipt.
pub fn check_signed(
    app: &App,
    record: truce_ledger::SignedRecord,
    reveal: Option<truce_node::Reveal>,
) -> Result<SignedReceipt, AppError> {
    let signed = record;
    let record = &signed.record;
    if record.kind != EVIDENCE_RECEIVED {
        return Err(AppError::field(
            "record.record.type",
            format!("is {}, but a signed upload carries an {EVIDENCE_RECEIVED} record", record.kind),
        ));
    }
    // The signature first: an unknown author is answered as a wrong key.
    let author = super::signed_by(app, &signed, "record.record")?;
    let Payload::Commitment(commitment) = &record.payload else {
        return Err(AppError::field(
            "record.record.commitment",
            "is missing: an evidence receipt is confidential, so the record carries a commitment and the body is revealed",
        ));
    };
    let reveal = reveal
        .ok_or_else(|| AppError::field("record.reveal", "is missing: send the salt and body the commitment hides"))?;
    truce_ledger::record::verify_commitment(&reveal.salt, &reveal.body, commitment)
        .map_err(|_| AppError::field("record.reveal", "does not open the record's commitment"))?;
    let receipt: EvidenceReceived = serde_json::from_value(reveal.body.clone())
        .map_err(|e| AppError::field("record.reveal.body", format!("is not an evidence receipt: {e}")))?;
    let submission = Submission::signed_elsewhere(signed, Some(reveal));
    Ok(SignedReceipt { author, submission, receipt })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        let jpeg = include_bytes!("../../tests/fixtures/karachi.jpg");
        assert_eq!(sniff(jpeg), Sniffed { media_type: "image/jpeg".into(), accepted: true });
        assert_eq!(sniff(include_bytes!("../../tests/fixtures/plain.png")).media_type, "image/png");
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").media_type, "application/pdf");
        assert_eq!(sniff(b"Witness statement, 12 October.\nShelling from 06:10.\n").media_type, "text/plain");
        let html = sniff(b"<!DOCTYPE html><html><script>alert(1)</script></html>");
        assert_eq!((html.media_type.as_str(), html.accepted), ("text/html", false));
        let markup = sniff(b"  <svg onload=alert(1)>");
        assert_eq!((markup.media_type.as_str(), markup.accepted), ("text/html", false));
        let elf = sniff(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00");
        assert!(!elf.accepted, "{elf:?}");
        assert!(!sniff(b"MZ\x90\x00\x03\x00\x00\x00").accepted);
        assert_eq!(sniff(b"\x00\x01\x02binary").media_type, "application/octet-stream");
    }

    #[test]
    fn exif_position_and_time_are_read_with_their_zone() {
        let karachi = read_exif(include_bytes!("../../tests/fixtures/karachi.jpg"));
        let p = karachi.position.unwrap();
        assert!((p.lat - 24.8607).abs() < 1e-4 && (p.lon - 67.0011).abs() < 1e-4, "{p:?}");
        // No zone recorded: read as UTC.
        assert_eq!(karachi.time.unwrap().to_string(), "2025-10-12T09:30:00Z");
        let chaman = read_exif(include_bytes!("../../tests/fixtures/chaman.jpg"));
        assert_eq!(chaman.time.unwrap().to_string(), "2025-10-12T05:00:00Z");
        assert_eq!(read_exif(include_bytes!("../../tests/fixtures/plain.png")), Capture::default());
    }

    #[test]
    fn malformed_files_have_no_exif_and_do_not_panic() {
        let jpeg = include_bytes!("../../tests/fixtures/karachi.jpg");
        for cut in [3, 20, 100, 300, jpeg.len() - 1] {
            let _ = read_exif(&jpeg[..cut]);
        }
        let mut flipped = jpeg.to_vec();
        for i in (4..flipped.len()).step_by(7) {
            flipped[i] ^= 0x5a;
            let _ = read_exif(&flipped);
        }
        assert_eq!(read_exif(b""), Capture::default());
    }

    #[test]
    fn file_names_keep_only_their_last_component() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("C:\\photos\\img 1.jpg"), "img 1.jpg");
        assert_eq!(clean_filename("a\u{0}b\nc.jpg"), "abc.jpg");
        assert_eq!(clean_filename(&"x".repeat(500)).len(), 200);
    }
}
