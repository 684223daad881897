//! The weekly chart of confirmed violations per party, as inline SVG with
//! the same numbers in a table.
//!
//! Drawn here rather than by a charting library: it is a few dozen
//! rectangles, it must work without JavaScript, and a screen reader gets
//! the table. Weeks are ISO weeks of the incident's date (UTC), as in
//! [`truce_core::stats`]; a violation is a final finding of a confirmed
//! incident attributed to a party with provisions breached.

use std::fmt::Write as _;

use jiff::tz::TimeZone;
use maud::{Markup, html};
use truce_core::Agreement;

use super::participant_name;
use crate::web::Page;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Colours of the parties' bars, in the agreement's order of parties:
/// distinct for the common kinds of colour blindness, dark enough on white.
const COLOURS: [&str; 4] = ["#b2182b", "#2166ac", "#1b7837", "#762a83"];

/// One ISO week of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// The ISO week, such as `2025-W42`.
    pub label: String,
    /// Its Monday, in days since the Unix epoch.
    pub monday: i64,
    /// Confirmed violations per party, in the order the weeks were built with.
    pub counts: Vec<u64>,
}

/// The Monday of the ISO week of `day` (days since the epoch, a Thursday).
pub fn monday_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// The ISO week label of `day`, such as `2025-W42`.
pub fn week_label(day: i64) -> String {
    match jiff::Timestamp::from_second(day * DAY) {
        Ok(t) => {
            let w = t.to_zoned_datetime(TimeZone::UTC).date().iso_week_date();
            format!("{:04}-W{:02}", w.year(), w.week())
        }
        Err(_) => day.to_string(),
    }
}

/// The weeks from the week of `first_day` to the week of `last_day`, at
/// most `n` of them (the latest), with the violations of each party of
/// `parties` counted from `violations` = (day, party, count).
pub fn weeks_between(
    first_day: i64,
    last_day: i64,
    n: usize,
    parties: &[String],
    violations: &[(i64, String, u64)],
) -> Vec<Week> {
    let last = monday_of(last_day);
    let first = monday_of(first_day).max(last - 7 * (n.max(1) as i64 - 1));
    let mut weeks: Vec<Week> = (0..)
        .map(|k| first + 7 * k)
        .take_while(|m| *m <= last)
        .map(|monday| Week { label: week_label(monday), monday, counts: vec![0; parties.len()] })
        .collect();
    for (day, party, count) in violations {
        let monday = monday_of(*day);
        if monday < first || monday > last {
            continue;
        }
        let (Ok(w), Some(p)) = (usize::try_from((monday - first) / 7), parties.iter().position(|x| x == party)) else {
            continue;
        };
        if let Some(c) = weeks.get_mut(w).and_then(|w| w.counts.get_mut(p)) {
            *c += count;
        }
    }
    weeks
}

fn colour(i: usize) -> &'static str {
    COLOURS.get(i % COLOURS.len()).copied().unwrap_or("#333333")
}

/// The chart and its table, with a legend naming the parties.
pub fn render(page: &Page, agreement: &Agreement, weeks: &[Week]) -> Markup {
    let parties: Vec<String> = agreement.parties().map(|p| participant_name(page, agreement, p.id.as_str())).collect();
    if weeks.is_empty() {
        return html! { p { (page.t("chart-no-data")) } };
    }
    let title = page.t("chart-title");
    let first = weeks.first().map_or("", |w| w.label.as_str());
    let last = weeks.last().map_or("", |w| w.label.as_str());
    let desc = page.tw("chart-desc", &[("from", first), ("until", last)]);
    html! {
        figure.chart {
            (crate::web::svg(svg(weeks, &title, &desc)))
            figcaption {
                ul.legend {
                    @for (i, name) in parties.iter().enumerate() {
                        li {
                            // A presentation attribute, not a style one: the pages' policy allows no inline style.
                            svg.swatch width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" {
                                rect width="12" height="12" fill=(colour(i)) {}
                            }
                            " " (name)
                        }
                    }
                }
                (desc)
            }
        }
        details.chart-table {
            summary { (page.t("chart-table-summary")) }
            div.table-wrap {
                table {
                    caption { (title) }
                    thead { tr {
                        th scope="col" { (page.t("chart-week")) }
                        @for name in &parties { th scope="col" { (name) } }
                    } }
                    tbody {
                        @for w in weeks {
                            tr {
                                th scope="row" { (w.label) " "
                                    @if let Ok(t) = jiff::Timestamp::from_second(w.monday * DAY) {
                                        span.muted { "(" (page.tw("chart-week-from", &[("date", &page.date(t))])) ")" }
                                    }
                                }
                                @for c in &w.counts { td { (c) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The bars, grouped by week, with a scale and week labels.
fn svg(weeks: &[Week], title: &str, desc: &str) -> String {
    let (width, height) = (640.0_f64, 240.0_f64);
    let (left, right, top, bottom) = (34.0, 8.0, 10.0, 38.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = weeks.iter().flat_map(|w| w.counts.iter().copied()).max().unwrap_or(0).max(1);
    // A scale of at most four steps of whole numbers.
    let step = max.div_ceil(4).max(1);
    let top_value = step * max.div_ceil(step);
    let y = |v: u64| top + plot_h - plot_h * v as f64 / top_value as f64;
    let n = weeks.len() as f64;
    // Few weeks do not make fat bars: a group is at most 48 pixels wide.
    let group = (plot_w / n).min(48.0);
    let parties = weeks.first().map_or(1, |w| w.counts.len().max(1));
    let bar = group * 0.8 / parties as f64;
    let every = weeks.len().div_ceil(13).max(1);
    let mut s = String::with_capacity(4096);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" font-size="11" direction="ltr"><title id="chart-title">{}</title><desc id="chart-desc">{}</desc>"##,
        escape(title),
        escape(desc)
    );
    let mut v = 0;
    while v <= top_value {
        let yy = y(v);
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#d0d0d0" stroke-width="1"></line><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{v}</text>"##,
            width - right,
            left - 4.0,
            yy + 4.0
        );
        v += step;
    }
    for (i, w) in weeks.iter().enumerate() {
        let x0 = left + group * i as f64 + group * 0.1;
        for (p, c) in w.counts.iter().enumerate() {
            if *c == 0 {
                continue;
            }
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{}: {c}</title></rect>"##,
                x0 + bar * p as f64,
                y(*c),
                bar.max(1.0),
                (top + plot_h - y(*c)).max(0.5),
                colour(p),
                escape(&w.label),
            );
        }
        if i % every == 0 || i + 1 == weeks.len() {
            let short = w.label.rsplit('-').next().unwrap_or(&w.label);
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
                left + group * (i as f64 + 0.5),
                top + plot_h + 16.0,
                escape(short)
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333" stroke-width="1"></line>"##,
        width - right,
        top + plot_h,
        top + plot_h
    );
    if let (Some(f), Some(l)) = (weeks.first(), weeks.last()) {
        let year = |label: &str| label.split('-').next().unwrap_or("").to_owned();
        let years = if year(&f.label) == year(&l.label) {
            year(&f.label)
        } else {
            format!("{}–{}", year(&f.label), year(&l.label))
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{}</text>"##,
            left + group * n / 2.0,
            height - 4.0,
            escape(&years)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_carry_iso_labels() {
        // 2025-10-13 is a Monday: day 20374.
        let monday = 20_374;
        assert_eq!(monday_of(monday), monday);
        assert_eq!(monday_of(monday + 6), monday);
        assert_eq!(monday_of(monday + 7), monday + 7);
        assert_eq!(week_label(monday), "2025-W42");
        assert_eq!(week_label(monday - 1), "2025-W41");
    }

    #[test]
    fn violations_fall_in_their_week_and_party() {
        let parties = vec!["PAK".to_owned(), "AFG".to_owned()];
        let v = vec![(20_374, "AFG".to_owned(), 2), (20_380, "PAK".to_owned(), 1), (20_370, "PAK".to_owned(), 4)];
        let weeks = weeks_between(20_370, 20_380, 26, &parties, &v);
        assert_eq!(weeks.len(), 2);
        assert_eq!(weeks[0].label, "2025-W41");
        assert_eq!(weeks[0].counts, vec![4, 0]);
        assert_eq!(weeks[1].counts, vec![1, 2]);
        // Only the latest `n` weeks are kept.
        let weeks = weeks_between(20_000, 20_380, 3, &parties, &v);
        assert_eq!(weeks.len(), 3);
        assert_eq!(weeks[2].label, "2025-W42");
    }
}
