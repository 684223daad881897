//! The Atom 1.0 feed (RFC 4287) of what the mechanism newly made public:
//! findings become final, penalties decided, communiqués published, daily
//! situation reports published and monthly reports whose month has ended.
//!
//! A newsroom or a researcher subscribes once and learns of each
//! publication without watching the site. Everything in it is public
//! whoever asks, so it is computed for the public. Each entry's id is a
//! `tag:` URI (RFC 4151) minted from the log's origin and the agreement's
//! date of signature, stable for the life of the deployment, and its
//! `updated` is the time the log recorded the publication.

use jiff::Timestamp;

use crate::app::xml::text as xml_text;
use crate::app::{App, AppError, public, talks};

/// The most entries of each kind the feed carries.
const PER_KIND: u64 = 50;

/// One entry of the feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// What is published and which one, as the tail of its `tag:` id
    /// (`finding/2025-10-17-paktika`).
    pub key: String,
    /// Its title.
    pub title: String,
    /// Where it is read, a path on this site.
    pub link: String,
    /// When it was published.
    pub updated: Timestamp,
    /// One line about it.
    pub summary: String,
}

/// The `tag:` URI prefix of a deployment: `tag:HOST,DATE:PATH/`, from the
/// log origin (`truce.demo/doha-istanbul-2025`) and the agreement's date.
pub fn tag_prefix(origin: &str, date: &str) -> String {
    let (host, path) = origin.split_once('/').unwrap_or((origin, ""));
    let host: String = host.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')).collect();
    let path: String =
        path.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/')).collect();
    let host = if host.is_empty() { String::from("truce.invalid") } else { host.to_ascii_lowercase() };
    if path.is_empty() { format!("tag:{host},{date}:") } else { format!("tag:{host},{date}:{path}/") }
}

/// The feed's entries, newest first, as of `now`.
pub async fn entries(app: &App, now: Timestamp) -> Result<Vec<Entry>, AppError> {
    let scope = public::scope();
    let store = app.store();
    let mut out = Vec::new();
    for r in store.latest_final_findings(&scope, PER_KIND).await? {
        let Some(updated) = r.final_at.and_then(|t| Timestamp::from_second(t).ok()) else { continue };
        let outcome = match (r.occurrence.as_deref(), r.party.as_deref()) {
            (Some("confirmed"), Some(p)) => format!("confirmed, attributed to {p}"),
            (Some(o), _) => o.replace('_', " "),
            (None, _) => String::new(),
        };
        out.push(Entry {
            key: format!("finding/{}", r.id),
            title: format!("Finding final on case {}: {outcome}", r.id),
            link: format!("/cases/{}", r.id),
            updated,
            summary: r.summary.clone(),
        });
    }
    for r in store.latest_decided_penalties(&scope, PER_KIND).await? {
        let Some(updated) = r.penalty_decided_at.and_then(|t| Timestamp::from_second(t).ok()) else { continue };
        let party = r.party.clone().unwrap_or_else(|| r.accused.clone());
        let level = r.penalty_level.map(|l| format!(" (level {l})")).unwrap_or_default();
        out.push(Entry {
            key: format!("penalty/{}", r.id),
            title: format!("Penalty decided on {party} for case {}{level}", r.id),
            link: format!("/cases/{}", r.id),
            updated,
            summary: r.penalty_measure.clone().unwrap_or_default().replace('_', " "),
        });
    }
    for (id, title, at) in talks::published_communiques(app) {
        out.push(Entry {
            key: format!("communique/{id}"),
            title: format!("Communiqué published: {title}"),
            link: format!("/talks/communiques/{id}"),
            updated: at,
            summary: title,
        });
    }
    for (day, report) in super::super::situation::published(app).into_iter().rev().take(PER_KIND as usize) {
        let Some(published) = report.published else { continue };
        let total = report.numbers.total();
        out.push(Entry {
            key: format!("situation-report/{day}"),
            title: format!("Daily situation report {day}"),
            link: format!("/situation-reports/{day}"),
            updated: published.at,
            summary: format!(
                "{} reported, {} admitted, {} monitors' reports, {} decisions, {} early-warning alerts",
                total.reported,
                total.admitted,
                total.found,
                total.decided,
                report.numbers.alerts.len()
            ),
        });
    }
    // A month's report is complete once the month has ended.
    let mut months = std::collections::BTreeSet::new();
    for (day, _) in public::cases_by_day(app).await? {
        if let Ok(t) = Timestamp::from_second(day.saturating_mul(86_400)) {
            let d = jiff::tz::TimeZone::UTC.to_datetime(t).date();
            months.insert((d.year(), d.month()));
        }
    }
    for (year, month) in months {
        let Ok(first) = jiff::civil::date(year, month, 1).checked_add(jiff::Span::new().months(1)) else { continue };
        let Ok(ended) = first.to_zoned_datetime(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()) else { continue };
        if ended <= now {
            let period = format!("{year:04}-{month:02}");
            out.push(Entry {
                key: format!("report/{period}"),
                title: format!("Monthly report {period}"),
                link: format!("/reports/{period}"),
                updated: ended,
                summary: format!("Published cases, findings and penalties of {period}"),
            });
        }
    }
    out.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.key.cmp(&b.key)));
    Ok(out)
}

/// The feed document: `prefix` from [`tag_prefix`], `title` the
/// agreement's, `base` the site's address if known (links are otherwise
/// relative to the feed's own address, as RFC 4287 allows).
pub fn document(prefix: &str, title: &str, entries: &[Entry], now: Timestamp) -> Result<String, AppError> {
    let x = |s: &str| xml_text(s).map_err(AppError::Internal);
    let updated = entries.first().map_or(now, |e| e.updated);
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("<id>{}feed</id>\n<title>{}</title>\n", x(prefix)?, x(title)?));
    out.push_str(&format!("<updated>{updated}</updated>\n<author><name>Truce</name></author>\n"));
    out.push_str("<link rel=\"self\" href=\"/data/feed.atom\"/>\n<link rel=\"alternate\" href=\"/\"/>\n");
    for e in entries {
        out.push_str(&format!(
            "<entry><id>{}{}</id><title>{}</title><link rel=\"alternate\" href=\"{}\"/><updated>{}</updated><summary>{}</summary></entry>\n",
            x(prefix)?,
            x(&e.key)?,
            x(&e.title)?,
            x(&e.link)?,
            e.updated,
            x(&e.summary)?
        ));
    }
    out.push_str("</feed>\n");
    Ok(out)
}

/// The feed of `app` as of `now`.
pub async fn feed(app: &App, now: Timestamp) -> Result<String, AppError> {
    let agreement = app.agreement()?;
    let date = agreement.identity.signed_at.date().to_string();
    let prefix = tag_prefix(app.origin(), &date);
    document(&prefix, &agreement.identity.title, &entries(app, now).await?, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_ids_are_minted_from_the_origin_and_the_date() {
        assert_eq!(
            tag_prefix("truce.demo/doha-istanbul-2025", "2025-10-19"),
            "tag:truce.demo,2025-10-19:doha-istanbul-2025/"
        );
        assert_eq!(tag_prefix("Log.Example", "2025-10-19"), "tag:log.example,2025-10-19:");
        assert_eq!(tag_prefix("", "2025-10-19"), "tag:truce.invalid,2025-10-19:");
    }

    #[test]
    fn the_document_is_atom_with_escaped_text_and_the_newest_time_as_updated() {
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let entries = [Entry {
            key: String::from("finding/c1"),
            title: String::from("Finding <final> & \"kept\""),
            link: String::from("/cases/c1"),
            updated: at("2025-11-26T08:00:00Z"),
            summary: String::from("Strikes"),
        }];
        let doc =
            document("tag:truce.demo,2025-10-19:d/", "Doha & Istanbul", &entries, at("2025-12-01T00:00:00Z")).unwrap();
        let xml = roxmltree::Document::parse(&doc).unwrap();
        let ns = "http://www.w3.org/2005/Atom";
        let text = |tag: &str| xml.root_element().children().find(|n| n.has_tag_name((ns, tag))).and_then(|n| n.text());
        assert_eq!(text("updated"), Some("2025-11-26T08:00:00Z"), "the newest entry's time");
        assert_eq!(text("title"), Some("Doha & Istanbul"));
        let entry = xml.descendants().find(|n| n.has_tag_name((ns, "entry"))).unwrap();
        let field = |tag: &str| entry.children().find(|n| n.has_tag_name((ns, tag))).and_then(|n| n.text());
        assert_eq!(field("id"), Some("tag:truce.demo,2025-10-19:d/finding/c1"));
        assert_eq!(field("title"), Some("Finding <final> & \"kept\""));
    }
}
