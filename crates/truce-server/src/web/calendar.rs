//! Dates in the calendars the users live by: Gregorian by default, and on
//! request the Solar Hijri (Afghanistan's official calendar) and the
//! Islamic (Hijri) calendar.

use jiff::Timestamp;

use super::Lang;

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
}

/// A time's date in `kind`, UTC.
pub fn date(_lang: Lang, _kind: CalendarKind, ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%d").to_string()
}

/// A time's date and time (UTC) in `kind`.
pub fn datetime(lang: Lang, kind: CalendarKind, ts: Timestamp) -> String {
    format!("{} {} UTC", date(lang, kind, ts), ts.strftime("%H:%M"))
}
