//! The six languages of the interface, with Fluent.
//!
//! The catalogue lives in the application layer because more than the
//! pages speak it: the field forms served over OpenRosa carry the same
//! words for act types (`act-…`) in every language, and they are made
//! here, below both adapters. The pages choose a request's language
//! ([`Lang::negotiate`]); the forms carry all six.
//!
//! The people who use the mechanism read English, Urdu, Pashto, Dari,
//! Turkish and Arabic; four of those are written right to left. Every
//! string on a page is a Fluent message looked up here; a message missing
//! from a translation falls back to English, and a test fails if any
//! message is missing from English, so the fallback always has text.
//!
//! The language of a request comes from a `lang` query parameter, then the
//! `truce_lang` cookie, then `Accept-Language`, then English.

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "truce_lang";

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Urdu.
    Ur,
    /// Pashto.
    Ps,
    /// Dari (Afghan Persian).
    Prs,
    /// Turkish.
    Tr,
    /// Arabic.
    Ar,
}

impl Lang {
    /// Every language, in the order of the switcher.
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Ur, Lang::Ps, Lang::Prs, Lang::Tr, Lang::Ar];

    /// The code used in `?lang=` and the cookie.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ur => "ur",
            Lang::Ps => "ps",
            Lang::Prs => "prs",
            Lang::Tr => "tr",
            Lang::Ar => "ar",
        }
    }

    /// The BCP 47 tag for the `lang` attribute (Dari is Persian of Afghanistan).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Prs => "fa-AF",
            other => other.code(),
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ur => "اردو",
            Lang::Ps => "پښتو",
            Lang::Prs => "دری",
            Lang::Tr => "Türkçe",
            Lang::Ar => "العربية",
        }
    }

    /// Whether it is written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::Ur | Lang::Ps | Lang::Prs | Lang::Ar)
    }

    /// `rtl` or `ltr`, for the `dir` attribute.
    pub fn dir(self) -> &'static str {
        if self.rtl() { "rtl" } else { "ltr" }
    }

    /// The language a code or language tag names, if it is one of ours
    /// (`fa-AF`, `fa` and `prs` are Dari; case and region are ignored otherwise).
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let primary = code.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "ur" => Some(Lang::Ur),
            "ps" | "pus" | "pbt" => Some(Lang::Ps),
            "prs" | "fa" | "per" | "fas" => Some(Lang::Prs),
            "tr" => Some(Lang::Tr),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// The best of ours for an `Accept-Language` header, by its q-values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (pos, item) in header.split(',').enumerate() {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .unwrap_or(1.0);
            let Some(lang) = Lang::parse(tag) else { continue };
            if q <= 0.0 {
                continue;
            }
            // Higher q wins; at equal q, the earlier entry.
            if best.is_none_or(|(bq, bpos, _)| q > bq || (q == bq && pos < bpos)) {
                best = Some((q, pos, lang));
            }
        }
        best.map(|(_, _, l)| l)
    }

    /// The language of a request: `?lang=`, then the cookie, then
    /// `Accept-Language`, then English.
    pub fn negotiate(query: Option<&str>, cookie: Option<&str>, accept_language: Option<&str>) -> Lang {
        query
            .and_then(Lang::parse)
            .or_else(|| cookie.and_then(Lang::parse))
            .or_else(|| accept_language.and_then(Lang::from_accept_language))
            .unwrap_or(Lang::En)
    }
}

/// The Fluent files of each language, embedded. Each language has the
/// same file names; a file may be missing from a translation.
macro_rules! ftl_files {
    ($lang:literal) => {
        [
            include_str!(concat!("../../locales/", $lang, "/common.ftl")),
            include_str!(concat!("../../locales/", $lang, "/public.ftl")),
            include_str!(concat!("../../locales/", $lang, "/desk.ftl")),
            include_str!(concat!("../../locales/", $lang, "/calendar.ftl")),
            include_str!(concat!("../../locales/", $lang, "/opendata.ftl")),
        ]
    };
}

/// The embedded sources of `lang`.
pub fn sources(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::En => ftl_files!("en"),
        Lang::Ur => ftl_files!("ur"),
        Lang::Ps => ftl_files!("ps"),
        Lang::Prs => ftl_files!("prs"),
        Lang::Tr => ftl_files!("tr"),
        Lang::Ar => ftl_files!("ar"),
    }
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static HashMap<Lang, Bundle> {
    static BUNDLES: OnceLock<HashMap<Lang, Bundle>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        Lang::ALL
            .iter()
            .map(|&lang| {
                let id: LanguageIdentifier = lang.tag().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Bidi isolation marks would show up inside attributes and
                // numbers; our layout sets `dir` on the elements instead.
                bundle.set_use_isolating(false);
                for source in sources(lang) {
                    // A translation with a syntax error keeps the messages
                    // that parsed; a test checks every file parses whole.
                    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
                    bundle.add_resource_overriding(resource);
                }
                (lang, bundle)
            })
            .collect()
    })
}

/// Every message id defined for `lang`.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let mut ids = Vec::new();
    for source in sources(lang) {
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                ids.push(m.id.name.to_owned());
            }
        }
    }
    ids
}

/// The parse errors of `lang`'s files, as text (empty when all parse).
pub fn parse_errors(lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for (i, source) in sources(lang).iter().enumerate() {
        if let Err((_, errors)) = FluentResource::try_new((*source).to_owned()) {
            out.extend(errors.iter().map(|e| format!("{}: file {i}: {e:?}", lang.code())));
        }
    }
    out
}

fn format(lang: Lang, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = bundles().get(&lang)?;
    let message = bundle.get_message(id)?;
    let pattern = message.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    Some(text.into_owned())
}

/// The text of message `id` in `lang`, falling back to English, and to the
/// id itself when English lacks it too (a test keeps that from happening).
pub fn text(lang: Lang, id: &str) -> String {
    format(lang, id, None).or_else(|| format(Lang::En, id, None)).unwrap_or_else(|| id.to_owned())
}

/// Like [`text`], with arguments: `args` are `(name, value)` pairs.
pub fn text_with(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        // Numbers are passed as numbers, so plural selectors work.
        match v.parse::<f64>() {
            Ok(n) if !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') => {
                fa.set(*k, FluentValue::from(n))
            }
            _ => fa.set(*k, FluentValue::from(*v)),
        }
    }
    format(lang, id, Some(&fa)).or_else(|| format(Lang::En, id, Some(&fa))).unwrap_or_else(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_of_a_translation_is_defined_in_english() {
        let english: std::collections::BTreeSet<String> = message_ids(Lang::En).into_iter().collect();
        for lang in Lang::ALL {
            for id in message_ids(lang) {
                assert!(english.contains(&id), "{} defines {id}, which English lacks", lang.code());
            }
        }
    }

    #[test]
    fn every_file_parses() {
        for lang in Lang::ALL {
            assert_eq!(parse_errors(lang), Vec::<String>::new());
        }
    }

    #[test]
    fn negotiation_prefers_query_then_cookie_then_header() {
        assert_eq!(Lang::negotiate(Some("ur"), Some("tr"), Some("ar")), Lang::Ur);
        assert_eq!(Lang::negotiate(Some("xx"), Some("tr"), Some("ar")), Lang::Tr);
        assert_eq!(Lang::negotiate(None, None, Some("de-DE, fa-AF;q=0.8, ar;q=0.9")), Lang::Ar);
        assert_eq!(Lang::negotiate(None, None, Some("ps;q=0, tr;q=0.1")), Lang::Tr);
        assert_eq!(Lang::negotiate(None, None, Some("de")), Lang::En);
        assert_eq!(Lang::negotiate(None, None, None), Lang::En);
        assert_eq!(Lang::parse("fa-AF"), Some(Lang::Prs));
    }

    #[test]
    fn four_languages_are_right_to_left() {
        let rtl: Vec<&str> = Lang::ALL.iter().filter(|l| l.rtl()).map(|l| l.code()).collect();
        assert_eq!(rtl, ["ur", "ps", "prs", "ar"]);
    }

    #[test]
    fn a_missing_translation_falls_back_to_english() {
        assert_eq!(text(Lang::Tr, "test-fallback-probe"), text(Lang::En, "test-fallback-probe"));
        assert_ne!(text(Lang::En, "test-fallback-probe"), "test-fallback-probe");
    }
}
