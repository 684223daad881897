//! Dates in the calendars the users live by: Gregorian by default, and on
//! request the Solar Hijri (Afghanistan's official calendar) and the
//! Islamic (Hijri) calendar.
//!
//! Every time in Truce is a UTC instant; a page shows it in UTC unless the
//! reader chose Pakistan's or Afghanistan's time ([`Zone`], `?tz=`). The
//! date is converted with [`icu_calendar`] (jiff's civil date, to ISO, to
//! the calendar) and written as day, month name, year, with the era
//! suffix where it is usual ("27 Mizan 1404 SH", "27 Rabiʻ al-Thani
//! 1447 AH"). The month names and the order of the parts are Fluent
//! messages (`month-persian-7`, `date-persian`, …, in `calendar.ftl`), so
//! each language words them its own way.
//!
//! - Solar Hijri: the months carry the zodiac names Afghanistan uses
//!   (Hamal, Sawr, … Hut) rather than Iran's (Farvardin, …), since this is
//!   the mechanism of an Afghan–Pakistani ceasefire. The arithmetic is the
//!   same in both countries.
//! - Islamic: the Umm al-Qura variant (`islamic-umalqura`). Why: it is
//!   the one published official tabulation (KACST's month lengths for 1300–
//!   1600 AH, compiled into `icu_calendar`), so it needs no astronomical
//!   computation or data at run time and gives the same answer everywhere.
//!   The tabular (civil) Hijri is just as cheap but is an arithmetic rule
//!   nobody announces dates by. Neither follows the moon sightings of
//!   Pakistan's Ruet-e-Hilal committee or of Afghanistan, which can differ
//!   by a day; a page that must quote a locally sighted date should give
//!   it as text.
//! - Digits are Western (0–9) in every language. Fluent writes every other
//!   number on the page (counts, coordinates, case ids) in Western digits,
//!   Urdu in Pakistan writes Western digits, and a page that mixed digit
//!   systems between a date and the count beside it would be harder to
//!   read, not easier.
//!
//! The module also holds the unit test that every translation uses only
//! the variables its English message defines, as the translations and the
//! calendars' messages are kept together.

use icu_calendar::Date;
use icu_calendar::cal::{Hijri, Persian};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::Lang;
use super::i18n;

/// A calendar dates may be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CalendarKind {
    /// The Gregorian calendar.
    #[default]
    Gregorian,
    /// The Solar Hijri calendar.
    SolarHijri,
    /// The Islamic (Hijri) calendar.
    Islamic,
}

impl CalendarKind {
    /// Every calendar, in the order of the switcher.
    pub const ALL: [CalendarKind; 3] = [CalendarKind::Gregorian, CalendarKind::SolarHijri, CalendarKind::Islamic];

    /// The code used in `?cal=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            CalendarKind::Gregorian => "gregorian",
            CalendarKind::SolarHijri => "persian",
            CalendarKind::Islamic => "islamic",
        }
    }

    /// The calendar a code names.
    pub fn parse(code: &str) -> Option<CalendarKind> {
        CalendarKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The message id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            CalendarKind::Gregorian => "calendar-gregorian",
            CalendarKind::SolarHijri => "calendar-persian",
            CalendarKind::Islamic => "calendar-islamic",
        }
    }

    /// The message id of the date pattern (`$day`, `$month`, `$year`).
    fn pattern_id(self) -> &'static str {
        match self {
            CalendarKind::Gregorian => "date-gregorian",
            CalendarKind::SolarHijri => "date-persian",
            CalendarKind::Islamic => "date-islamic",
        }
    }

    /// The message id of month `month` (1–12).
    fn month_id(self, month: u8) -> String {
        format!("month-{}-{month}", self.code())
    }
}

/// The clock times are shown in: UTC by default (what the log holds), or
/// the time of either party, where the incidents happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// Coordinated Universal Time.
    #[default]
    Utc,
    /// Pakistan Standard Time (Asia/Karachi, UTC+5).
    Pakistan,
    /// Afghanistan Time (Asia/Kabul, UTC+4:30).
    Afghanistan,
}

impl Zone {
    /// Every zone, in the order of the switcher.
    pub const ALL: [Zone; 3] = [Zone::Utc, Zone::Pakistan, Zone::Afghanistan];

    /// The code used in `?tz=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Zone::Utc => "utc",
            Zone::Pakistan => "pkt",
            Zone::Afghanistan => "aft",
        }
    }

    /// The zone a code names.
    pub fn parse(code: &str) -> Option<Zone> {
        Zone::ALL.into_iter().find(|z| z.code() == code)
    }

    /// The message id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Zone::Utc => "zone-utc",
            Zone::Pakistan => "zone-pkt",
            Zone::Afghanistan => "zone-aft",
        }
    }

    /// What follows a clock time: the zone's usual abbreviation, which
    /// reads the same in every language.
    pub fn suffix(self) -> &'static str {
        match self {
            Zone::Utc => "UTC",
            Zone::Pakistan => "PKT",
            Zone::Afghanistan => "AFT",
        }
    }

    /// The time zone, from the time zone database bundled with jiff.
    pub fn time_zone(self) -> TimeZone {
        let name = match self {
            Zone::Utc => return TimeZone::UTC,
            Zone::Pakistan => "Asia/Karachi",
            Zone::Afghanistan => "Asia/Kabul",
        };
        TimeZone::get(name).unwrap_or(TimeZone::UTC)
    }
}

/// A date in one calendar: year, month (1–12) and day of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarDate {
    /// The year of the calendar's era (AD, SH or AH).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

/// The UTC date of `ts` in `kind`, or `None` if the calendar cannot
/// express it (before its era, or outside `icu_calendar`'s range).
pub fn convert(kind: CalendarKind, ts: Timestamp) -> Option<CalendarDate> {
    convert_in(kind, Zone::Utc, ts)
}

/// The date of `ts` in `zone`, in `kind`.
pub fn convert_in(kind: CalendarKind, zone: Zone, ts: Timestamp) -> Option<CalendarDate> {
    let civil = zone.time_zone().to_datetime(ts).date();
    let month = u8::try_from(civil.month()).ok()?;
    let day = u8::try_from(civil.day()).ok()?;
    let iso = Date::try_new_iso(i32::from(civil.year()), month, day).ok()?;
    let date = match kind {
        CalendarKind::Gregorian => CalendarDate { year: i32::from(civil.year()), month, day },
        CalendarKind::SolarHijri => {
            let d = iso.to_calendar(Persian);
            CalendarDate { year: d.era_year().year, month: d.month().ordinal, day: d.day_of_month().0 }
        }
        CalendarKind::Islamic => {
            let d = iso.to_calendar(Hijri::new_umm_al_qura());
            let era = d.era_year();
            if era.era.as_str() != "ah" {
                return None;
            }
            CalendarDate { year: era.year, month: d.month().ordinal, day: d.day_of_month().0 }
        }
    };
    (date.year >= 1 && (1..=12).contains(&date.month)).then_some(date)
}

/// A time's date in `kind`, UTC, in `lang`'s words ("27 Mizan 1404 SH").
/// A date the calendar cannot express is written in ISO form.
pub fn date(lang: Lang, kind: CalendarKind, ts: Timestamp) -> String {
    date_in(lang, kind, Zone::Utc, ts)
}

/// A time's date in `kind`, in `zone`, in `lang`'s words.
pub fn date_in(lang: Lang, kind: CalendarKind, zone: Zone, ts: Timestamp) -> String {
    let Some(d) = convert_in(kind, zone, ts) else {
        return zone.time_zone().to_datetime(ts).date().to_string();
    };
    let month = i18n::text(lang, &kind.month_id(d.month));
    i18n::text_with(
        lang,
        kind.pattern_id(),
        &[("day", &d.day.to_string()), ("month", &month), ("year", &d.year.to_string())],
    )
}

/// A time's date and time (UTC) in `kind`.
pub fn datetime(lang: Lang, kind: CalendarKind, ts: Timestamp) -> String {
    datetime_in(lang, kind, Zone::Utc, ts)
}

/// A time's date and clock time in `zone` in `kind`, the zone named
/// ("27 Mizan 1404 SH 14:30 AFT").
pub fn datetime_in(lang: Lang, kind: CalendarKind, zone: Zone, ts: Timestamp) -> String {
    let clock = zone.time_zone().to_datetime(ts).strftime("%H:%M").to_string();
    format!("{} {clock} {}", date_in(lang, kind, zone, ts), zone.suffix())
}

/// Every message id this module builds at run time (month names, date
/// patterns), so the test that English defines every used id sees them.
pub fn message_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for kind in CalendarKind::ALL {
        ids.push(kind.pattern_id().to_owned());
        ids.extend((1..=12).map(|m| kind.month_id(m)));
    }
    ids
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn ymd(year: i32, month: u8, day: u8) -> Option<CalendarDate> {
        Some(CalendarDate { year, month, day })
    }

    #[test]
    fn the_doha_ceasefire_in_three_calendars() {
        // 19 October 2025: 1 Mizan (Mehr) 1404 was 23 September 2025, and
        // 1 Rabiʻ al-Thani 1447 was 23 September 2025 in Umm al-Qura.
        let doha = at("2025-10-19T12:00:00Z");
        assert_eq!(convert(CalendarKind::Gregorian, doha), ymd(2025, 10, 19));
        assert_eq!(convert(CalendarKind::SolarHijri, doha), ymd(1404, 7, 27));
        assert_eq!(convert(CalendarKind::Islamic, doha), ymd(1447, 4, 27));
        assert_eq!(date(Lang::En, CalendarKind::Gregorian, doha), "19 October 2025");
        assert_eq!(date(Lang::En, CalendarKind::SolarHijri, doha), "27 Mizan 1404 SH");
        assert_eq!(date(Lang::En, CalendarKind::Islamic, doha), "27 Rabiʻ al-Thani 1447 AH");
        assert_eq!(datetime(Lang::En, CalendarKind::SolarHijri, doha), "27 Mizan 1404 SH 12:00 UTC");
    }

    #[test]
    fn the_solar_year_turns_at_nowruz() {
        // 1403 is a leap year (Hut has 30 days), 1404 is not; Nowruz fell
        // on 21 March in 2025 and in 2026.
        assert_eq!(convert(CalendarKind::SolarHijri, at("2025-03-20T23:59:59Z")), ymd(1403, 12, 30));
        assert_eq!(convert(CalendarKind::SolarHijri, at("2025-03-21T00:00:00Z")), ymd(1404, 1, 1));
        assert_eq!(convert(CalendarKind::SolarHijri, at("2026-03-20T12:00:00Z")), ymd(1404, 12, 29));
        assert_eq!(convert(CalendarKind::SolarHijri, at("2026-03-21T12:00:00Z")), ymd(1405, 1, 1));
        assert_eq!(date(Lang::En, CalendarKind::SolarHijri, at("2025-03-21T00:00:00Z")), "1 Hamal 1404 SH");
    }

    #[test]
    fn the_hijri_year_turns_at_muharram() {
        // 1 Muharram 1447 was 26 June 2025 in Umm al-Qura, after a
        // Dhu al-Hijjah of 29 days.
        assert_eq!(convert(CalendarKind::Islamic, at("2025-06-25T12:00:00Z")), ymd(1446, 12, 29));
        assert_eq!(convert(CalendarKind::Islamic, at("2025-06-26T12:00:00Z")), ymd(1447, 1, 1));
    }

    #[test]
    fn dates_are_the_utc_date() {
        // 23:30 UTC on 22 September is already 23 September in Kabul and
        // Islamabad, but the page shows UTC: still the last day of Sunbula.
        assert_eq!(convert(CalendarKind::SolarHijri, at("2025-09-22T23:30:00Z")), ymd(1404, 6, 31));
    }

    #[test]
    fn dates_before_an_era_are_written_in_iso_form() {
        let early = at("0500-01-01T00:00:00Z");
        assert_eq!(convert(CalendarKind::Islamic, early), None);
        assert_eq!(date(Lang::En, CalendarKind::Islamic, early), "0500-01-01");
        assert_eq!(date(Lang::En, CalendarKind::SolarHijri, early), "0500-01-01");
    }

    #[test]
    fn every_language_names_the_months_in_its_own_words() {
        let doha = at("2025-10-19T00:00:00Z");
        assert_eq!(date(Lang::Prs, CalendarKind::SolarHijri, doha), "27 میزان 1404 هـ ش");
        assert_eq!(date(Lang::Ps, CalendarKind::SolarHijri, doha), "27 تله 1404 هـ ل");
        assert_eq!(date(Lang::Tr, CalendarKind::Gregorian, doha), "19 Ekim 2025");
        assert_eq!(date(Lang::Ar, CalendarKind::Islamic, doha), "27 ربيع الآخر 1447 هـ");
        assert_eq!(date(Lang::Ur, CalendarKind::Gregorian, doha), "19 اکتوبر 2025ء");
        for lang in Lang::ALL {
            let own = i18n::message_ids(lang);
            for id in message_ids() {
                assert!(own.contains(&id), "{} has no {id} of its own", lang.code());
            }
        }
    }

    /// The variables a pattern uses, wherever they appear.
    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, out),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::FunctionReference { arguments, .. } => call_vars(arguments, out),
            ast::InlineExpression::TermReference { arguments: Some(arguments), .. } => call_vars(arguments, out),
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            _ => {}
        }
    }

    fn call_vars(a: &ast::CallArguments<&str>, out: &mut BTreeSet<String>) {
        for p in &a.positional {
            inline_vars(p, out);
        }
        for n in &a.named {
            inline_vars(&n.value, out);
        }
    }

    /// Each message of `lang` (and each attribute, as `id.attr`), with the
    /// variables it uses.
    fn variables(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut map = BTreeMap::new();
        for source in i18n::sources(lang) {
            let resource = match fluent_syntax::parser::parse(source) {
                Ok(r) => r,
                Err((r, _)) => r,
            };
            for entry in &resource.body {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &m.value {
                        pattern_vars(value, &mut vars);
                    }
                    map.insert(m.id.name.to_owned(), vars);
                    for attribute in &m.attributes {
                        let mut vars = BTreeSet::new();
                        pattern_vars(&attribute.value, &mut vars);
                        map.insert(format!("{}.{}", m.id.name, attribute.id.name), vars);
                    }
                }
            }
        }
        map
    }

    #[test]
    fn translations_use_only_the_variables_english_passes() {
        let english = variables(Lang::En);
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            for (id, vars) in variables(lang) {
                let Some(known) = english.get(&id) else {
                    panic!("{}: {id} is not an English message or attribute", lang.code());
                };
                let unknown: Vec<&String> = vars.difference(known).collect();
                assert!(unknown.is_empty(), "{}: {id} uses {unknown:?}, which English never passes", lang.code());
            }
        }
    }

    #[test]
    fn every_translation_file_is_marked_for_review() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            for source in i18n::sources(lang) {
                assert!(
                    source.starts_with("# Machine-drafted translation: needs review by a native speaker"),
                    "{}: a translation file lacks the review mark",
                    lang.code()
                );
            }
        }
    }
}
