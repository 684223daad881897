//! What a free-text field of a signed record may hold.
//!
//! A record is signed once and read for years, by both sides, in scripts
//! that run in both directions. Characters that change how other text is
//! displayed without being seen themselves (every Unicode format character,
//! such as directional overrides and isolates, zero-width spaces and tag
//! characters; control codes; fillers that show nothing) would let a filer
//! make a summary read differently from what was signed, or look filled in
//! while saying nothing; they are refused. The marks Arabic-script
//! languages need are kept: the zero-width non-joiner and joiner (Persian
//! and Pashto spell words with them) and the left-to-right, right-to-left
//! and Arabic letter marks.

/// Whether a field is one line or may hold line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A single line: no line break, no tab.
    One,
    /// Paragraphs: line breaks and tabs allowed.
    Many,
}

/// Invisible characters that are part of writing: kept, but they alone do
/// not make a field filled in.
const MARKS: [char; 5] = ['\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{061C}'];

/// Characters that are letters or symbols by category but show nothing:
/// the Hangul fillers, the blank Braille pattern, the object replacement.
const BLANKS: [char; 6] = ['\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{2800}', '\u{FFFC}'];

/// Why `c` may not be in a field, if it may not.
fn refused(c: char, lines: Lines) -> Option<&'static str> {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    match c {
        '\n' | '\r' | '\t' if lines == Lines::Many => None,
        '\n' | '\r' | '\t' => Some("a line break or tab; this field is one line"),
        '\u{2028}' | '\u{2029}' => Some("a line or paragraph separator; use a line break"),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some("a directional override or isolate, which would change how the text around it reads")
        }
        c if MARKS.contains(&c) => None,
        c if BLANKS.contains(&c) => Some("a character that shows nothing"),
        c => match c.general_category() {
            GeneralCategory::Format => Some("an invisible formatting character"),
            GeneralCategory::Control => Some("a control character"),
            _ => None,
        },
    }
}

/// Checks `text` holds no character a reader cannot see but that changes
/// what it shows; the reason names the first such character and where it is.
pub fn check(text: &str, lines: Lines) -> Result<(), String> {
    for (i, c) in text.chars().enumerate() {
        if let Some(why) = refused(c, lines) {
            return Err(format!("character {} is U+{:04X}, {why}", i + 1, u32::from(c)));
        }
    }
    Ok(())
}

/// Whether `text` shows nothing: no letter, number, punctuation or symbol
/// (spaces, marks and combining marks alone are not text).
pub fn is_blank(text: &str) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    !text.chars().any(|c| {
        !BLANKS.contains(&c)
            && matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Letter
                    | GeneralCategoryGroup::Number
                    | GeneralCategoryGroup::Punctuation
                    | GeneralCategoryGroup::Symbol
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directional_overrides_and_invisible_characters_are_refused_and_the_marks_scripts_need_are_kept() {
        for bad in
            ["Shelling\u{202E}gnillehs", "a\u{2066}b\u{2069}", "zero\u{200B}width", "bom\u{FEFF}", "tag\u{E0041}"]
        {
            assert!(check(bad, Lines::Many).is_err(), "{bad:?}");
        }
        let err = check("ab\u{202E}c", Lines::One).unwrap_err();
        assert!(err.starts_with("character 3 is U+202E"), "{err}");
        // Persian and Pashto words spelt with a zero-width non-joiner, and the direction marks.
        for good in ["می\u{200C}شود", "کلي\u{200D}", "\u{200F}چمن", "Chaman \u{200E}(چمن)", "٢٠٢٥\u{061C}"]
        {
            assert!(check(good, Lines::One).is_ok(), "{good:?}");
        }
        assert!(check("two\nlines", Lines::One).is_err());
        assert!(check("two\r\nlines\tand a tab", Lines::Many).is_ok());
        assert!(check("bell\u{7}", Lines::Many).is_err());
        assert!(check("c1\u{85}", Lines::Many).is_err());
        for hidden in ["\u{00AD}", "\u{2061}", "\u{3164}", "\u{2800}", "\u{FFFC}", "one\u{2028}line", "\u{180E}"] {
            assert!(check(hidden, Lines::Many).is_err(), "{hidden:?}");
        }
        assert!(check("a\ttab", Lines::One).is_err());
    }

    #[test]
    fn a_field_of_only_spaces_and_marks_is_blank() {
        assert!(is_blank(" \u{200C}\u{200F}\u{00A0}\u{3000} "));
        assert!(is_blank("\u{3164}\u{0301}\u{FE0F}"), "a filler, a lone combining mark, a selector");
        assert!(!is_blank("\u{200F}x"));
        assert!(!is_blank("٣"));
        assert!(!is_blank("؟"));
    }
}
