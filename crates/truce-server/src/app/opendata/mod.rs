//! Open data: the cases a reader may see, written in the formats their
//! communities read — Truce's own CSV and GeoJSON, an ACLED-compatible CSV,
//! a UCDP GED-style CSV, HXL-tagged CSV and KML 2.2.
//!
//! One encoder serves every reader: the public pages stream the public's
//! files, and the JSON API streams the same files over the cases its caller
//! may see (`truce_core::access` decides, through the store's scope and
//! again on every row). A download may cover a million cases, so it is a
//! stream of pages: the store is read a page at a time in the case list's
//! newest-first keyset order, and memory stays bounded by a few pages. A
//! reader task reads the next page while the current one is encoded, so
//! the database (a PostgreSQL server, or SQLite on a blocking thread) and
//! the encoder work at the same time on different cores instead of taking
//! turns; it is one page ahead at most, and it stops when the download is
//! dropped.
//!
//! A download says no more than the log: an incident known only to the day
//! is written as a date, never as midnight; a figure not stated is an empty
//! cell (or `null`, or an absent element), never 0, even where ACLED's own
//! convention would write 0; a code Truce has no value for is empty.

pub mod conventions;
pub mod dictionary;
pub mod feed;
mod formats;
pub mod pax;

use futures_util::Stream;
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::case::{Casualties, Status, TimePrecision};
use truce_core::ids::ParticipantId;
use truce_core::vocab::ActType;
use truce_node::projection::{self, RowError};
use truce_store::{ExportRow, ExportWindow, Store};

use super::{App, AppError};

pub use formats::{ACLED_COLUMNS, CASE_COLUMNS, FINDING_COLUMNS, HXL_COLUMNS, UCDP_COLUMNS};

/// Rows read from the store per page of a download.
pub const PAGE: u64 = 1_000;

/// One of the downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Truce's own columns, one row per case.
    CasesCsv,
    /// The same cases as GeoJSON (RFC 7946) points.
    CasesGeoJson,
    /// The findings on the cases, one row per case with a finding.
    FindingsCsv,
    /// ACLED's columns in ACLED's order, then Truce's.
    AcledCsv,
    /// UCDP GED's columns, then Truce's.
    UcdpCsv,
    /// Truce's columns with an HXL hashtag row under the header.
    HxlCsv,
    /// KML 2.2: the GeoJSON's features as placemarks.
    Kml,
}

impl Format {
    /// Every download, in the order `/data` lists them.
    pub const ALL: [Format; 7] = [
        Format::CasesCsv,
        Format::CasesGeoJson,
        Format::FindingsCsv,
        Format::AcledCsv,
        Format::UcdpCsv,
        Format::HxlCsv,
        Format::Kml,
    ];

    /// The file's name under `/data/` (and `/api/v1/data/`).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::CasesCsv => "cases.csv",
            Format::CasesGeoJson => "cases.geojson",
            Format::FindingsCsv => "findings.csv",
            Format::AcledCsv => "acled.csv",
            Format::UcdpCsv => "ucdp-ged.csv",
            Format::HxlCsv => "cases-hxl.csv",
            Format::Kml => "cases.kml",
        }
    }

    /// The format named by a file name, if any.
    pub fn from_file_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::CasesGeoJson => "application/geo+json",
            Format::Kml => "application/vnd.google-earth.kml+xml",
            _ => "text/csv; charset=utf-8",
        }
    }

    /// Whether it has a row only for cases with a finding.
    pub fn findings_only(self) -> bool {
        self == Format::FindingsCsv
    }
}

/// What a download needs besides the rows: who the parties are, and where
/// the rows come from.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Each party's id and English name, in the agreement's order.
    pub parties: Vec<(String, String)>,
    /// The deployment's log origin, which names the source of every row.
    pub origin: String,
    /// A notice that the deployment holds sample data, if it does.
    pub notice: Option<String>,
}

impl Context {
    /// The context of `app`'s agreement in force (no parties before one is).
    pub fn of(app: &App) -> Context {
        let parties = match app.agreement() {
            Ok(a) => a.parties().map(|p| (p.id.to_string(), p.name("en").to_owned())).collect(),
            Err(_) => Vec::new(),
        };
        Context { parties, origin: app.origin().to_owned(), notice: app.sample_notice().map(str::to_owned) }
    }

    /// A party's English name, or its id when the agreement does not name it.
    fn party_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.parties.iter().find(|(p, _)| p == id).map_or(id, |(_, name)| name.as_str())
    }

    /// The one other party, in an agreement between two.
    fn other_party(&self, id: &str) -> Option<&str> {
        match self.parties.as_slice() {
            [(a, _), (b, _)] if a == id => Some(b),
            [(a, _), (b, _)] if b == id => Some(a),
            _ => None,
        }
    }
}

/// What a row holds beyond plain text, read back as the projection wrote it.
struct Decoded {
    precision: TimePrecision,
    claimed: Casualties,
    found: Casualties,
    acts: Vec<ActType>,
}

fn decode(r: &ExportRow) -> Result<Decoded, RowError> {
    let acts = projection::list_items(&r.acts)
        .into_iter()
        .map(|a| {
            ActType::ALL.into_iter().find(|t| t.as_str() == a).ok_or_else(|| RowError {
                table: "cases",
                key: r.id.clone(),
                column: "acts",
                reason: format!("{a:?} is not an act type"),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Decoded {
        precision: projection::time_precision_of("cases", &r.id, &r.time_precision)?,
        claimed: projection::casualties_of("cases", &r.id, r.casualties.as_deref())?,
        found: projection::casualties_of("findings", &r.id, r.found_casualties.as_deref())?,
        acts,
    })
}

/// Whether `viewer` may see the case of `row` (the store's scope already
/// keeps to them; the rule is checked again on every row).
fn may_see(viewer: &Viewer, r: &ExportRow) -> bool {
    let Some(status) = Status::parse(&r.status) else { return false };
    let (Ok(accused), complainant, team) = (
        ParticipantId::parse(&r.accused),
        r.complainant.as_deref().map(ParticipantId::parse).transpose(),
        r.team.as_deref().map(ParticipantId::parse).transpose(),
    ) else {
        return false;
    };
    let (Ok(complainant), Ok(team)) = (complainant, team) else { return false };
    access::may_see_case(
        viewer,
        CaseParties { status, accused: &accused, complainant: complainant.as_ref(), team: team.as_ref() },
    )
}

/// One page of a download after `after`: the rows `viewer` may see, the
/// cursor of the next page, and whether this was the last.
pub async fn page(
    store: &Store,
    viewer: &Viewer,
    window: ExportWindow,
    after: Option<(i64, &str)>,
    limit: u64,
) -> Result<(Vec<ExportRow>, Option<(i64, String)>, bool), AppError> {
    let scope = super::cases::scope_of(viewer);
    let rows = store.export_page(&scope, window, after, limit).await?;
    let last = (rows.len() as u64) < limit;
    let next = rows.last().map(|r| (r.occurred_at, r.id.clone()));
    let seen = rows.into_iter().filter(|r| may_see(viewer, r)).collect();
    Ok((seen, next, last))
}

/// Encodes pages of one download: the header with the first page, a
/// separator between GeoJSON features and KML placemarks, the end with
/// the last page.
#[derive(Debug)]
pub struct Encoder {
    format: Format,
    context: Context,
    header: bool,
    wrote: bool,
}

impl Encoder {
    /// An encoder of `format` that has written nothing yet.
    pub fn new(format: Format, context: Context) -> Encoder {
        Encoder { format, context, header: false, wrote: false }
    }

    /// The bytes of one page of `rows`, the end too if it is the `last`.
    pub fn page(&mut self, rows: &[ExportRow], last: bool) -> Result<Vec<u8>, AppError> {
        let bytes = formats::encode(self.format, &self.context, rows, !self.header, self.wrote, last)
            .map_err(|e| AppError::Internal(format!("open data {}: {e}", self.format.file_name())))?;
        self.header = true;
        self.wrote |= !rows.is_empty();
        Ok(bytes)
    }
}

/// Pages the reader task may hold ready for the encoder. One keeps the
/// database and the encoder busy at once; more would only hold memory,
/// since the next page's key comes from the page before.
const READ_AHEAD: usize = 1;

/// A page as the reader task hands it to the encoder: its rows and
/// whether it is the last.
type ReadPage = Result<(Vec<ExportRow>, bool), AppError>;

/// Where a download stands between two pages.
enum Ahead {
    /// Nothing read yet: the reader task starts at the first poll, in the
    /// runtime that polls it.
    Start { store: Store, viewer: Viewer, window: ExportWindow, encoder: Encoder },
    /// The reader task is running, a page ahead of `encoder`.
    Reading { pages: tokio::sync::mpsc::Receiver<ReadPage>, encoder: Encoder },
}

/// Reads every page of the download into `pages`, in order, until the last
/// page or an error, or until the download is dropped (the send fails).
async fn read_ahead(store: Store, viewer: Viewer, window: ExportWindow, pages: tokio::sync::mpsc::Sender<ReadPage>) {
    let mut after: Option<(i64, String)> = None;
    loop {
        // A place in the channel first: the reader is one page ahead of
        // the encoder, never two, and reads nothing for a download dropped.
        let Ok(slot) = pages.reserve().await else { return };
        let cursor = after.as_ref().map(|(t, id)| (*t, id.as_str()));
        let read = page(&store, &viewer, window, cursor, PAGE).await;
        let more = matches!(read, Ok((_, _, false)));
        let read = read.map(|(rows, next, last)| {
            after = next;
            (rows, last)
        });
        slot.send(read);
        if !more {
            return;
        }
    }
}

/// The whole download of `format` for `viewer`, as a stream of encoded
/// pages; an error ends it.
pub async fn download(
    app: &App,
    viewer: Viewer,
    format: Format,
) -> Result<impl Stream<Item = Result<Vec<u8>, AppError>> + Send + 'static, AppError> {
    let window = ExportWindow {
        with_finding: format.findings_only(),
        sparse: super::public::is_sparse(app, &viewer),
        ..ExportWindow::default()
    };
    Ok(stream(app.store().clone(), viewer, format, window, Context::of(app)))
}

/// The download of `format` for `viewer` from `store`, as a stream of
/// encoded pages; an error ends it. [`download`] gives it the app's store,
/// window and context; a benchmark gives it its own.
pub fn stream(
    store: Store,
    viewer: Viewer,
    format: Format,
    window: ExportWindow,
    context: Context,
) -> impl Stream<Item = Result<Vec<u8>, AppError>> + Send + 'static {
    let start = Ahead::Start { store, viewer, window, encoder: Encoder::new(format, context) };
    // Fused: a body wrapper (the compression layer) may poll again after the
    // end, which an unfold stream does not allow.
    let pages = futures_util::stream::unfold(Some(start), |ahead| async move {
        let (mut pages, mut encoder) = match ahead? {
            Ahead::Start { store, viewer, window, encoder } => {
                let (send, pages) = tokio::sync::mpsc::channel(READ_AHEAD);
                tokio::spawn(read_ahead(store, viewer, window, send));
                (pages, encoder)
            }
            Ahead::Reading { pages, encoder } => (pages, encoder),
        };
        let encoded = match pages.recv().await {
            Some(Ok((rows, last))) => encoder.page(&rows, last).map(|bytes| (bytes, last)),
            Some(Err(e)) => Err(e),
            // The reader sends until the last page or an error; ending
            // before either means it did not finish.
            None => Err(AppError::Internal(String::from("open data: the page reader stopped before the last page"))),
        };
        match encoded {
            Ok((bytes, last)) => Some((Ok(bytes), (!last).then_some(Ahead::Reading { pages, encoder }))),
            Err(e) => Some((Err(e), None)),
        }
    });
    futures_util::StreamExt::fuse(pages)
}

#[cfg(test)]
mod tests;
