//! Trend charts of early warning: reports per sector per day, the band of
//! counts the sector's own baseline makes ordinary, and where alerts fell.
//!
//! One small chart per sector rather than one crowded chart: a phone shows
//! one sector's month at a time, and a sector's quiet days are not flattened
//! by another sector's surge. Drawn as inline SVG by hand, like the weekly
//! chart ([`super::public::chart`]): a few dozen rectangles, no
//! JavaScript, and the same numbers in a table for a screen reader and for
//! checking by hand. The numbers are [`truce_core::early_warning::trends`]'s
//! (the baseline of the Poisson rule and the most reports it leaves
//! unflagged), read through [`crate::app::trends::trends`] for the
//! page's caller: the public pages draw published cases and no alert; the
//! desk draws the reports its reader may see and the alerts.

use std::fmt::Write as _;

use maud::{Markup, html};
use truce_core::early_warning::TrendDay;

use crate::app::trends::{AlertMark, Trends};
use crate::web::Page;

/// The bars' colour, the band's and the baseline's: distinct for the
/// common kinds of colour blindness, the bars dark enough on white.
const BAR: &str = "#2166ac";
const BAND: &str = "#e0e0e0";
const BASELINE: &str = "#636363";
const ALERT: &str = "#b2182b";

/// A sector's name from the embedded geography, or its id.
pub fn sector_name(id: &str) -> String {
    truce_geo::Geography::embedded()
        .ok()
        .and_then(|g| g.sector(id).map(|s| s.name.clone()))
        .unwrap_or_else(|| id.to_owned())
}

/// The charts of `trends`, one figure and one table per sector, with the
/// legend once. `intro` says what was counted.
pub fn render(page: &Page, trends: &Trends) -> Markup {
    if trends.sectors.is_empty() {
        return html! { p { (page.t("trend-none")) } };
    }
    let intro = if trends.published_only { page.t("trend-intro-published") } else { page.t("trend-intro-filed") };
    html! {
        p.hint { (intro) " " (page.t("trend-intro-band")) }
        ul.legend {
            li { (swatch(BAR)) " " (page.t("trend-legend-count")) }
            li { (swatch(BAND)) " " (page.t("trend-legend-band")) }
            li { svg.swatch width="16" height="12" viewBox="0 0 16 12" aria-hidden="true" {
                    line x1="0" x2="16" y1="6" y2="6" stroke=(BASELINE) stroke-width="2" stroke-dasharray="4 2" {} }
                " " (page.t("trend-legend-baseline")) }
            @if !trends.published_only {
                li { svg.swatch width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" {
                        path d="M6,1L11,11L1,11Z" fill=(ALERT) {} }
                    " " (page.t("trend-legend-alert")) }
            }
        }
        @if trends.published_only { p.muted { (page.t("trend-alerts-on-desk")) } }
        @for (index, trend) in trends.sectors.iter().enumerate() {
            @let name = sector_name(&trend.sector);
            @let alerts: Vec<&AlertMark> = trends.alerts.iter().filter(|a| a.sector == trend.sector).collect();
            @let total: u32 = trend.days.iter().map(|d| d.count).sum();
            @let above = trend.days.iter().filter(|d| d.count > d.ordinary).count();
            @let desc = page.tw("trend-desc", &[("sector", &name), ("total", &total.to_string()),
                ("above", &above.to_string()), ("alerts", &alerts.len().to_string())]);
            section.trend aria-labelledby=(format!("trend-h-{index}")) {
                h3 id=(format!("trend-h-{index}")) { (name) }
                figure.chart {
                    (crate::web::svg(svg(&format!("trend-{index}"), &name, &desc, &trend.days, &alerts)))
                    figcaption { (desc) }
                }
                details.chart-table {
                    summary { (page.t("chart-table-summary")) }
                    div.table-wrap { table {
                        caption { (name) }
                        thead { tr {
                            th scope="col" { (page.t("trend-day")) }
                            th scope="col" { (page.t("trend-count")) }
                            th scope="col" { (page.t("trend-baseline")) }
                            th scope="col" { (page.t("trend-ordinary")) }
                            @if !trends.published_only { th scope="col" { (page.t("trend-alerts")) } }
                        } }
                        tbody { @for d in &trend.days {
                            tr {
                                th scope="row" { bdi dir="ltr" { (d.day) } }
                                td { @if d.count > d.ordinary { strong { (d.count) } } @else { (d.count) } }
                                td { (format!("{:.2}", d.baseline)) }
                                td { "0–" (d.ordinary) }
                                @if !trends.published_only { td {
                                    @for a in alerts.iter().filter(|a| a.day == d.day) {
                                        div { (page.t(method_message_id(a.method))) " " span.muted { "(" (page.tw("trend-alert-record", &[("record", &a.record.to_string())])) ")" } }
                                    }
                                } }
                            }
                        } }
                    } }
                }
            }
        }
    }
}

/// The message id of an early-warning rule's name.
pub fn method_message_id(method: truce_core::early_warning::Method) -> &'static str {
    use truce_core::early_warning::Method;
    match method {
        Method::Surge => "alerts-method-surge",
        Method::Poisson => "alerts-method-poisson",
        Method::Ewma => "alerts-method-ewma",
        Method::Cusum => "alerts-method-cusum",
    }
}

fn swatch(fill: &str) -> Markup {
    // A presentation attribute, not a style one: the pages' policy allows no inline style.
    html! { svg.swatch width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" { rect width="12" height="12" fill=(fill) {} } }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One sector's chart: the band, the bars, the baseline and the alerts,
/// with a scale and the days of the month under the axis.
fn svg(id: &str, title: &str, desc: &str, days: &[TrendDay], alerts: &[&AlertMark]) -> String {
    let (width, height) = (640.0_f64, 190.0_f64);
    let (left, right, top, bottom) = (30.0, 8.0, 16.0, 34.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let max = days.iter().map(|d| d.count.max(d.ordinary)).max().unwrap_or(0).max(1);
    let step = max.div_ceil(4).max(1);
    let top_value = f64::from(step * max.div_ceil(step));
    let y = |v: f64| top + plot_h - plot_h * v / top_value;
    let n = days.len().max(1) as f64;
    let slot = plot_w / n;
    let bar = (slot * 0.7).max(1.0);
    let mut s = String::with_capacity(8192);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="11" direction="ltr"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"##,
        escape(title),
        escape(desc)
    );
    // The band: from 0 to the most reports the baseline makes ordinary,
    // one outline stepping day by day.
    let base = top + plot_h;
    let mut band = format!("M{left:.1},{base:.1}");
    for (i, d) in days.iter().enumerate() {
        let (x0, x1, yy) = (left + slot * i as f64, left + slot * (i as f64 + 1.0), y(f64::from(d.ordinary)));
        let _ = write!(band, "L{x0:.1},{yy:.1}L{x1:.1},{yy:.1}");
    }
    let _ = write!(s, r##"<path d="{band}L{:.1},{base:.1}Z" fill="{BAND}"></path>"##, left + plot_w);
    let mut v = 0;
    while f64::from(v) <= top_value {
        let yy = y(f64::from(v));
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}" stroke="#c8c8c8" stroke-width="0.6"></line><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333">{v}</text>"##,
            width - right,
            left - 4.0,
            yy + 4.0
        );
        v += step;
    }
    for (i, d) in days.iter().enumerate() {
        if d.count == 0 {
            continue;
        }
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let yy = y(f64::from(d.count));
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{yy:.1}" width="{bar:.1}" height="{:.1}" fill="{BAR}"><title>{}: {}</title></rect>"##,
            (top + plot_h - yy).max(0.5),
            d.day,
            d.count
        );
    }
    // The baseline, a step a day.
    let mut path = String::new();
    for (i, d) in days.iter().enumerate() {
        let (x0, x1, yy) = (left + slot * i as f64, left + slot * (i as f64 + 1.0), y(d.baseline));
        let _ = write!(path, "{}{x0:.1},{yy:.1}L{x1:.1},{yy:.1}", if i == 0 { "M" } else { "L" });
    }
    let _ = write!(
        s,
        r##"<path d="{path}" fill="none" stroke="{BASELINE}" stroke-width="1.5" stroke-dasharray="4 2"></path>"##
    );
    // Alerts: a triangle over the day, one per day however many rules fired.
    let mut marked = Vec::new();
    for a in alerts {
        let Some(i) = days.iter().position(|d| d.day == a.day) else { continue };
        if marked.contains(&i) {
            continue;
        }
        marked.push(i);
        let said: Vec<String> = alerts.iter().filter(|b| b.day == a.day).map(|b| b.explanation.clone()).collect();
        let x = left + slot * (i as f64 + 0.5);
        let _ = write!(
            s,
            r##"<path d="M{x:.1},{:.1}l5,-9l-10,0z" fill="{ALERT}"><title>{}</title></path>"##,
            top - 1.0,
            escape(&said.join("\n"))
        );
    }
    // The axis and the days: every day of a week, every seventh of longer spans.
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333" stroke-width="1"></line>"##,
        width - right,
        top + plot_h,
        top + plot_h
    );
    let every = if days.len() <= 10 { 1 } else { 7 };
    for (i, d) in days.iter().enumerate() {
        if i % every == 0 || i + 1 == days.len() {
            let label = if i == 0 || d.day.day() == 1 {
                format!("{:02}-{:02}", d.day.month(), d.day.day())
            } else {
                d.day.day().to_string()
            };
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{label}</text>"##,
                left + slot * (i as f64 + 0.5),
                top + plot_h + 15.0
            );
        }
    }
    if let (Some(f), Some(l)) = (days.first(), days.last()) {
        let years = if f.day.year() == l.day.year() {
            f.day.year().to_string()
        } else {
            format!("{}–{}", f.day.year(), l.day.year())
        };
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#333">{years}</text>"##,
            left + plot_w / 2.0,
            height - 3.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use truce_core::early_warning::Method;

    use super::*;

    fn day(d: i8, count: u32, ordinary: u32) -> TrendDay {
        TrendDay { day: date(2025, 10, d), count, baseline: 0.5, ordinary }
    }

    #[test]
    fn a_chart_draws_a_bar_per_reported_day_the_band_every_day_and_one_marker_per_alerted_day() {
        let days = vec![day(13, 0, 2), day(14, 1, 2), day(15, 6, 2)];
        let mark = |method| AlertMark {
            record: 9,
            sector: "s".into(),
            day: date(2025, 10, 15),
            method,
            explanation: "6 reports <filed>".into(),
        };
        let (a, b) = (mark(Method::Poisson), mark(Method::Cusum));
        let svg = svg("t", "Kurram & Parachinar", "d", &days, &[&a, &b]);
        assert_eq!(svg.matches(&format!("fill=\"{BAND}\"")).count(), 1, "one band: {svg}");
        assert!(svg.contains("L30.0,109.3L230.7,109.3"), "the band's first day reaches 2 of a scale to 6: {svg}");
        assert_eq!(svg.matches(&format!("fill=\"{BAR}\"")).count(), 2, "{svg}");
        assert_eq!(svg.matches(&format!("fill=\"{ALERT}\"")).count(), 1, "two rules on one day, one marker: {svg}");
        assert!(svg.contains("Kurram &amp; Parachinar") && svg.contains("&lt;filed&gt;"), "escaped: {svg}");
        assert!(svg.contains(">10-13<") && svg.contains(">15<"), "days under the axis: {svg}");
        // The scale reaches the highest count, in steps of 2.
        assert!(svg.contains(">6</text>") && svg.contains(">4</text>") && !svg.contains(">8</text>"), "{svg}");
    }
}
