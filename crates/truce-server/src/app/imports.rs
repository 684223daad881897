//! Imports of public conflict data: an ACLED export (CSV) loaded as
//! public-source reports, one `public_source_report.imported.v1` record per
//! event, signed by a mediator of the secretariat.
//!
//! What an imported event becomes, and why it is not a case, is written in
//! [`truce_core::public_source`]: a separate entry beside the cases,
//! traceable to its `event_id_cnty`, with the open cases it looks like
//! (suggested duplicates, computed by the log) and nothing merged.
//!
//! The file is read by ACLED's column names, wherever they stand, so a real
//! ACLED export and Truce's own `/data/acled.csv` (ACLED's columns, then
//! Truce's) are read alike; columns ACLED does not define are ignored. A
//! header without one of the columns every report needs refuses the whole
//! file, before anything is written. Otherwise the importer does not stop
//! at the first bad row: every row is read, each bad one is refused with
//! its line, column and reason, and the good ones are imported. An event
//! already in the log is counted as such, not imported again, so running
//! the same import twice changes nothing the second time. The answer says
//! what happened to every row; if the log stops during an import, it says
//! which events were imported before it stopped.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use truce_core::public_source::{Dataset, PublicSourceReport, acts_of};
use truce_node::records::Body;
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The columns a row must have for a report: ACLED's names.
pub const REQUIRED_COLUMNS: [&str; 9] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
];

/// How many records are submitted at once (the sequencer commits them in
/// one batch), so a large file does not wait for one commit per row.
const AT_ONCE: usize = 64;

/// Which events of a file to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// The first day of the period, if any.
    pub from: Option<Date>,
    /// The last day of the period, if any.
    pub to: Option<Date>,
    /// The area: an ACLED `admin1` (a province, compared without regard to
    /// case) or a border sector's id.
    pub area: Option<String>,
}

/// An event imported.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportedRow {
    /// The row's line in the file (the header is line 1).
    pub row: u64,
    /// ACLED's event id.
    pub event_id_cnty: String,
    /// The record that imported it.
    pub record: u64,
    /// The border sector its point falls in, if any.
    pub sector: Option<String>,
    /// The open cases that look like the same incident: suggested
    /// duplicates for the mediators, nothing merged.
    pub matches: Vec<String>,
}

/// An event the log already holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AlreadyImported {
    /// The row's line in the file.
    pub row: u64,
    /// ACLED's event id.
    pub event_id_cnty: String,
    /// The record that imported it.
    pub record: u64,
    /// Whether the row now differs from what was imported (ACLED revised
    /// the event): the log keeps what it imported.
    pub differs: bool,
}

/// A row refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RefusedRow {
    /// The row's line in the file.
    pub row: u64,
    /// ACLED's event id, if the row has a readable one.
    pub event_id_cnty: Option<String>,
    /// The column at fault, by ACLED's name.
    pub column: String,
    /// Why.
    pub reason: String,
}

/// What an import did with every row of the file.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportSummary {
    /// Rows read (without the header).
    pub rows: u64,
    /// Rows outside the period or area asked for: read, checked, not imported.
    pub outside_selection: u64,
    /// The events imported now.
    pub imported: Vec<ImportedRow>,
    /// The events the log already held.
    pub already_imported: Vec<AlreadyImported>,
    /// The rows refused.
    pub refused: Vec<RefusedRow>,
    /// Why the import stopped before the end of the file, if it did: the
    /// events listed as imported are in the log, the rest of the file is not.
    pub stopped: Option<String>,
}

impl ImportSummary {
    /// One line for people: how many were new, already there, refused.
    pub fn headline(&self) -> String {
        format!(
            "{} rows: {} imported, {} already imported, {} refused, {} outside the period or area{}",
            self.rows,
            self.imported.len(),
            self.already_imported.len(),
            self.refused.len(),
            self.outside_selection,
            self.stopped.as_ref().map(|s| format!("; stopped: {s}")).unwrap_or_default()
        )
    }
}

/// A row read into a report, or refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow {
    /// The row's line in the file.
    pub row: u64,
    /// The report, or why not.
    pub report: Result<PublicSourceReport, RefusedRow>,
}

/// Reads an ACLED CSV: every row as a report or a refusal naming its line
/// and column. A file that is not CSV with a header holding
/// [`REQUIRED_COLUMNS`] is refused whole (`header`). Pure: no log, no clock.
pub fn read_acled(csv_bytes: &[u8]) -> Result<Vec<ReadRow>, AppError> {
    let bytes = csv_bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(csv_bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let header = reader.byte_headers().map_err(|e| AppError::field("header", format!("is not CSV: {e}")))?.clone();
    let mut columns: HashMap<String, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = std::str::from_utf8(name)
            .map_err(|_| AppError::field("header", format!("column {} is not UTF-8", i + 1)))?
            .trim()
            .to_owned();
        if name.is_empty() {
            continue;
        }
        if columns.insert(name.clone(), i).is_some() {
            return Err(AppError::field("header", format!("column {name} appears twice")));
        }
    }
    let missing: Vec<&str> = REQUIRED_COLUMNS.into_iter().filter(|c| !columns.contains_key(*c)).collect();
    if !missing.is_empty() {
        return Err(AppError::field(
            "header",
            format!(
                "lacks ACLED's column{} {}: is this an ACLED export?",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            ),
        ));
    }
    let mut out = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let row = reader.position().line() + 1;
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = record.position().map_or(row, |p| p.line());
                // A row cut short (or with cells to spare) would otherwise
                // be read with its missing cells blank: refused instead.
                let report = if record.len() == header.len() {
                    report_of(&columns, &record, row)
                } else {
                    Err(RefusedRow {
                        row,
                        event_id_cnty: None,
                        column: "row".into(),
                        reason: format!("has {} cells, the header {}", record.len(), header.len()),
                    })
                };
                out.push(ReadRow { row, report });
            }
            Err(e) => {
                // A broken quote or a stray byte: the rest of the file cannot
                // be split into rows reliably, so it is refused from here.
                let row = e.position().map_or(row, |p| p.line());
                out.push(ReadRow {
                    row,
                    report: Err(RefusedRow {
                        row,
                        event_id_cnty: None,
                        column: "row".into(),
                        reason: format!("is not valid CSV ({e}); the rest of the file was not read"),
                    }),
                });
                break;
            }
        }
    }
    Ok(out)
}

/// One row as a report.
fn report_of(
    columns: &HashMap<String, usize>,
    record: &csv::ByteRecord,
    row: u64,
) -> Result<PublicSourceReport, RefusedRow> {
    let mut event_id = None;
    let refuse = |event_id: &Option<String>, column: &str, reason: String| RefusedRow {
        row,
        event_id_cnty: event_id.clone(),
        column: column.to_owned(),
        reason,
    };
    let cell = |name: &str| -> Result<String, (String, String)> {
        let Some(&i) = columns.get(name) else { return Ok(String::new()) };
        let bytes = record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(|s| s.trim().to_owned())
            .map_err(|_| (name.to_owned(), "is not UTF-8 text".to_owned()))
    };
    let result = (|| -> Result<PublicSourceReport, (String, String)> {
        let id = cell("event_id_cnty")?;
        if id.is_empty() {
            return Err(("event_id_cnty".into(), "is missing".into()));
        }
        event_id = Some(id.clone());
        let required = |name: &str| -> Result<String, (String, String)> {
            let v = cell(name)?;
            if v.is_empty() { Err((name.to_owned(), "is empty".into())) } else { Ok(v) }
        };
        let number = |name: &str| -> Result<f64, (String, String)> {
            let v = required(name)?;
            v.parse::<f64>().map_err(|_| (name.to_owned(), format!("{v:?} is not a number")))
        };
        let precision = |name: &str, what: &str| -> Result<u8, (String, String)> {
            let v = required(name)?;
            v.parse::<u8>()
                .ok()
                .filter(|p| (1..=3).contains(p))
                .ok_or_else(|| (name.to_owned(), format!("{v:?} is not a {what} precision ACLED defines (1, 2 or 3)")))
        };
        let optional_int = |name: &str| -> Result<Option<i64>, (String, String)> {
            let v = cell(name)?;
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i64>().map(Some).map_err(|_| (name.to_owned(), format!("{v:?} is not a whole number")))
        };
        let date_text = required("event_date")?;
        let event_date = parse_date(&date_text).ok_or_else(|| {
            ("event_date".to_owned(), format!("{date_text:?} is not a date (YYYY-MM-DD, or as \"16 May 2025\")"))
        })?;
        let time_precision = precision("time_precision", "time")?;
        let geo_precision = precision("geo_precision", "geographic")?;
        let latitude = number("latitude")?;
        let longitude = number("longitude")?;
        // Empty where the export states no toll (Truce's own does so).
        let fatalities_text = cell("fatalities")?;
        let fatalities = match fatalities_text.as_str() {
            "" => None,
            text => Some(
                text.parse::<u32>()
                    .map_err(|_| ("fatalities".to_owned(), format!("{text:?} is not a count of people")))?,
            ),
        };
        let iso = match optional_int("iso")? {
            None => None,
            Some(n) => {
                Some(u16::try_from(n).map_err(|_| ("iso".to_owned(), format!("{n} is not an ISO 3166 numeric code")))?)
            }
        };
        let event_type = required("event_type")?;
        let sub_event_type = required("sub_event_type")?;
        let acts = acts_of(&event_type, &sub_event_type);
        Ok(PublicSourceReport {
            dataset: Dataset::Acled,
            event_id_cnty: id,
            event_date,
            time_precision,
            disorder_type: cell("disorder_type")?,
            event_type,
            sub_event_type,
            acts,
            actor1: cell("actor1")?,
            assoc_actor_1: cell("assoc_actor_1")?,
            inter1: cell("inter1")?,
            actor2: cell("actor2")?,
            assoc_actor_2: cell("assoc_actor_2")?,
            inter2: cell("inter2")?,
            interaction: cell("interaction")?,
            civilian_targeting: cell("civilian_targeting")?,
            iso,
            region: cell("region")?,
            country: cell("country")?,
            admin1: cell("admin1")?,
            admin2: cell("admin2")?,
            admin3: cell("admin3")?,
            location: cell("location")?,
            latitude,
            longitude,
            geo_precision,
            source: cell("source")?,
            source_scale: cell("source_scale")?,
            notes: cell("notes")?,
            fatalities,
            tags: cell("tags")?,
            timestamp: upload_time(&cell("timestamp")?)
                .map_err(|v| ("timestamp".to_owned(), format!("{v:?} is not Unix seconds nor a UTC date and time")))?,
        })
    })();
    let report = result.map_err(|(column, reason)| refuse(&event_id, &column, reason))?;
    report.check().map_err(|e| refuse(&event_id, e.column, e.reason))?;
    Ok(report)
}

/// ACLED's `event_date`: `YYYY-MM-DD` (the API and CSV exports), or a
/// day, a month's English name and a year ("16 May 2025", some exports).
pub fn parse_date(text: &str) -> Option<Date> {
    if let Ok(d) = text.parse::<Date>() {
        return Some(d);
    }
    for format in ["%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y"] {
        if let Ok(d) = Date::strptime(format, text) {
            return Some(d);
        }
    }
    None
}

/// ACLED's `timestamp`: Unix seconds (the API and its CSV exports), or a
/// date and time in UTC as a spreadsheet saves it (`2025-10-21 09:14:05`);
/// none when empty; the text back when it is neither.
fn upload_time(text: &str) -> Result<Option<i64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(Some(seconds));
    }
    text.parse::<jiff::civil::DateTime>()
        .ok()
        .and_then(|t| jiff::tz::TimeZone::UTC.to_timestamp(t).ok())
        .map(|t| Some(t.as_second()))
        .ok_or_else(|| text.to_owned())
}

/// Whether `report` is in the period and area of `selection`.
fn selected(selection: &Selection, report: &PublicSourceReport) -> bool {
    let in_period =
        selection.from.is_none_or(|f| report.event_date >= f) && selection.to.is_none_or(|t| report.event_date <= t);
    let in_area = match &selection.area {
        None => true,
        Some(area) => report.admin1.eq_ignore_ascii_case(area) || report.sector().as_deref() == Some(area.as_str()),
    };
    in_period && in_area
}

/// Imports the events of `csv_bytes` in `selection` as public-source
/// reports, signed by `caller`, a mediator whose key the server holds.
/// Refused whole only when the caller may not import or the header is not
/// ACLED's; otherwise the summary says what happened to every row.
pub async fn acled(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    csv_bytes: &[u8],
    selection: &Selection,
) -> Result<ImportSummary, AppError> {
    let principal = caller.require()?;
    if !principal.role.is_mediator() {
        return Err(AppError::forbidden("the mediators' secretariat imports public sources"));
    }
    if let (Some(from), Some(to)) = (selection.from, selection.to)
        && from > to
    {
        return Err(AppError::field("to", format!("{to} is before {from}")));
    }
    app.agreement()?;
    let rows = read_acled(csv_bytes)?;
    let mut summary = ImportSummary { rows: rows.len() as u64, ..ImportSummary::default() };
    let mut first_row: HashMap<String, u64> = HashMap::new();
    let mut due: Vec<(u64, PublicSourceReport)> = Vec::new();
    for ReadRow { row, report } in rows {
        let report = match report {
            Ok(r) => r,
            Err(refused) => {
                summary.refused.push(refused);
                continue;
            }
        };
        if let Some(first) = first_row.get(&report.event_id_cnty) {
            summary.refused.push(RefusedRow {
                row,
                event_id_cnty: Some(report.event_id_cnty.clone()),
                column: "event_id_cnty".into(),
                reason: format!("{} is on line {first} too; an event is imported once", report.event_id_cnty),
            });
            continue;
        }
        first_row.insert(report.event_id_cnty.clone(), row);
        if !selected(selection, &report) {
            summary.outside_selection += 1;
            continue;
        }
        if let Some(held) = app.ledger().public_source(Dataset::Acled, &report.event_id_cnty) {
            summary.already_imported.push(AlreadyImported {
                row,
                event_id_cnty: report.event_id_cnty.clone(),
                record: held.record,
                differs: held.report != report,
            });
            continue;
        }
        due.push((row, report));
    }
    for chunk in due.chunks(AT_ONCE) {
        let mut submissions = Vec::with_capacity(chunk.len());
        for (row, report) in chunk {
            let body = Body::PublicSource(Box::new(report.clone()));
            submissions.push(async move { (*row, report, app.submit_as(principal, now, &body).await) });
        }
        for (row, report, outcome) in futures_util::future::join_all(submissions).await {
            let id = report.event_id_cnty.clone();
            match outcome {
                Ok(receipt) => {
                    let held = app.ledger().public_source(Dataset::Acled, &id);
                    summary.imported.push(ImportedRow {
                        row,
                        event_id_cnty: id,
                        record: receipt.index,
                        sector: held.as_ref().and_then(|h| h.sector.clone()),
                        matches: held.map(|h| h.matches.iter().map(ToString::to_string).collect()).unwrap_or_default(),
                    });
                }
                Err(AppError::Refused(truce_node::Rejection::Command(truce_core::CommandError::InvalidField {
                    field,
                    reason,
                }))) => match app.ledger().public_source(Dataset::Acled, &id).filter(|_| field == "event_id_cnty") {
                    // Another import took the event in the meantime.
                    Some(held) => summary.already_imported.push(AlreadyImported {
                        row,
                        event_id_cnty: id,
                        record: held.record,
                        differs: held.report != *report,
                    }),
                    None => summary.refused.push(RefusedRow { row, event_id_cnty: Some(id), column: field, reason }),
                },
                Err(AppError::Refused(rejection)) => summary.refused.push(RefusedRow {
                    row,
                    event_id_cnty: Some(id),
                    column: "row".into(),
                    reason: rejection.to_string(),
                }),
                Err(e) => {
                    if summary.stopped.is_none() {
                        summary.stopped = Some(format!("line {row} ({id}): {e}"));
                    }
                }
            }
        }
        if summary.stopped.is_some() {
            break;
        }
    }
    summary.imported.sort_by_key(|r| r.row);
    summary.already_imported.sort_by_key(|r| r.row);
    summary.refused.sort_by_key(|r| r.row);
    Ok(summary)
}

/// Every public-source report the log holds, for the mediators.
pub fn list(app: &App, caller: &Caller) -> Result<Vec<truce_core::public_source::ImportedReport>, AppError> {
    let principal = caller.require()?;
    if !principal.role.is_mediator() {
        return Err(AppError::forbidden("the mediators read the public-source reports and their matches"));
    }
    Ok(app.ledger().public_sources())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ACLED's exact header order (the 2024 codebook), with illustrative
    /// rows: not ACLED events.
    const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

    fn file(rows: &[&str]) -> Vec<u8> {
        let mut s = String::from(HEADER);
        for r in rows {
            s.push('\n');
            s.push_str(r);
        }
        s.into_bytes()
    }

    const GOOD: &str = "PAK900001,2025-10-12,2025,1,Political violence,Battles,Armed clash,Military Forces of Pakistan (2018-),,State forces,Military Forces of Afghanistan (2021-),,State forces,State forces-State forces,,586,South Asia,Pakistan,Balochistan,Killa Abdullah,,Chaman,30.9200,66.4500,1,Dawn,National,\"Illustrative row, not an ACLED event.\",2,,1760000000";

    #[test]
    fn a_good_row_is_read_under_acled_names() {
        let rows = read_acled(&file(&[GOOD])).unwrap();
        let r = rows[0].report.as_ref().unwrap();
        assert_eq!(rows[0].row, 2);
        assert_eq!(r.event_id_cnty, "PAK900001");
        assert_eq!(r.acts, [truce_core::vocab::ActType::ArmedClash]);
        assert_eq!((r.latitude, r.longitude, r.geo_precision), (30.92, 66.45, 1));
        assert_eq!(r.notes, "Illustrative row, not an ACLED event.");
        assert_eq!(r.iso, Some(586));
        assert_eq!(r.timestamp, Some(1_760_000_000));
    }

    #[test]
    fn every_bad_row_is_refused_with_its_line_and_column() {
        let bad = |from: &str, to: &str| GOOD.replacen(from, to, 1);
        let rows = [
            bad("2025-10-12", "2025-13-40"),
            bad("30.9200", "95.5"),
            bad(",1,Political", ",7,Political"),
            bad("PAK900001", ""),
            bad(",2,,1760000000", ",many,,1760000000"),
            bad("66.4500,1,", "66.4500,,"),
            // Cut short after the location: its last cells would read as blanks.
            GOOD.split(",66.4500").next().unwrap().to_owned(),
        ];
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let read = read_acled(&file(&rows)).unwrap();
        let refused: Vec<(u64, String)> = read
            .iter()
            .map(|r| r.report.as_ref().map(|_| (0, String::new())).unwrap_or_else(|e| (e.row, e.column.clone())))
            .collect();
        assert_eq!(
            refused,
            [
                (2, "event_date".to_owned()),
                (3, "latitude".to_owned()),
                (4, "time_precision".to_owned()),
                (5, "event_id_cnty".to_owned()),
                (6, "fatalities".to_owned()),
                (7, "geo_precision".to_owned()),
                (8, "row".to_owned()),
            ]
        );
    }

    #[test]
    fn a_header_without_acled_columns_is_refused_whole() {
        let e = read_acled(b"id,date\n1,2025-10-12\n").unwrap_err();
        assert!(e.to_string().contains("event_id_cnty"), "{e}");
        assert!(read_acled(b"").is_err());
    }

    #[test]
    fn any_cut_or_stray_byte_is_answered_without_a_panic() {
        let whole = file(&[GOOD, GOOD]);
        let mut answered = 0;
        for cut in 0..whole.len() {
            answered += usize::from(read_acled(&whole[..cut]).is_ok());
        }
        for at in (0..whole.len()).step_by(7) {
            for byte in [b'"', b',', b'\n', b'\r', 0xFF, 0] {
                let mut spoiled = whole.clone();
                spoiled.insert(at, byte);
                let Ok(rows) = read_acled(&spoiled) else { continue };
                for r in rows {
                    // A row read into a report is a valid one, whatever the bytes.
                    if let Ok(report) = r.report {
                        assert_eq!(report.check(), Ok(()), "{spoiled:?}");
                    }
                }
            }
        }
        assert!(answered > whole.len() / 2, "the cuts after the header are read: {answered}");
    }

    #[test]
    fn the_selection_keeps_a_period_and_a_province_or_a_sector() {
        let rows = read_acled(&file(&[GOOD])).unwrap();
        let report = rows[0].report.as_ref().unwrap();
        let sector = report.sector().unwrap();
        let day = |d: &str| Some(d.parse::<Date>().unwrap());
        let keeps =
            |from, to, area: Option<&str>| selected(&Selection { from, to, area: area.map(str::to_owned) }, report);
        assert!(keeps(None, None, None));
        assert!(keeps(day("2025-10-12"), day("2025-10-12"), Some("BALOCHISTAN")));
        assert!(keeps(None, None, Some(&sector)));
        assert!(!keeps(day("2025-10-13"), None, None));
        assert!(!keeps(None, day("2025-10-11"), None));
        assert!(!keeps(None, None, Some("Paktika")));
    }

    #[test]
    fn dates_are_read_in_both_of_acleds_forms() {
        assert_eq!(upload_time("1761000000"), Ok(Some(1_761_000_000)));
        assert_eq!(upload_time("2025-10-20 22:40:00"), Ok(Some(1_761_000_000)));
        assert_eq!(upload_time(""), Ok(None));
        assert_eq!(upload_time("yesterday"), Err("yesterday".to_owned()));
        assert_eq!(parse_date("2025-05-16"), Some(jiff::civil::date(2025, 5, 16)));
        assert_eq!(parse_date("16 May 2025"), Some(jiff::civil::date(2025, 5, 16)));
        assert_eq!(parse_date("16 Mayo 2025"), None);
    }
}
