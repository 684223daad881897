//! XML character data, written one way for every XML document the
//! application makes (KML, Atom, XForms, OpenRosa answers): the five
//! markup characters escaped, and the characters XML 1.0 cannot hold
//! either refused ([`text`], for a download that must say exactly what the
//! log says) or shown as U+FFFD ([`escape`], for text checked before, such
//! as the agreement's titles or a request's host).

/// Whether XML 1.0 can hold `c`.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c as u32 >= 0x20 && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `s` as XML character data or a quoted attribute value; a character XML
/// cannot hold is shown as U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `s` as XML character data or a quoted attribute value, or why it
/// cannot be written: free text in the log holds no control characters
/// (`truce_core::text`), so one here fails the document rather than being
/// changed in it.
pub fn text(s: &str) -> Result<String, String> {
    match s.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("character U+{:04X} cannot be written in XML", c as u32)),
        None => Ok(escape(s)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_hold_is_refused_or_marked() {
        assert_eq!(escape(r#"a<b>&"c"'d'"#), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
        assert_eq!(text("tab\tand\nline").unwrap(), "tab\tand\nline");
        assert!(text("bell\u{7}").unwrap_err().contains("U+0007"));
        assert_eq!(escape("bell\u{7}"), "bell\u{FFFD}");
    }
}
