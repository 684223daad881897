//! The framing of a C2SP signed note, read line by line.
//!
//! `signed_note` verifies notes whole, and refuses a note outright when any
//! signature line cannot be decoded. A witness must tell those apart: a line
//! from a key it trusts that fails (even one whose base64 is merely not
//! canonical) is a forged signature, answered 403, while a line from a key it
//! does not know is ignored. So witnesses and cosignature checks read notes
//! here, keeping each signature line with its decoded bytes or the fact that
//! they could not be decoded.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::LedgerError;

/// Notes with more signature lines than this are refused as malformed (Go's
/// `x/mod` accepts at most 100).
pub const MAX_SIGNATURES: usize = 100;

/// Whether `name` is a valid note key name: non-empty, no whitespace or
/// control characters, no `+`.
pub fn valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c.is_control() || c == '+')
}

/// One signature line, `— <name> <base64>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureLine {
    /// The key name.
    pub name: String,
    /// The decoded signature bytes (key ID first), or `None` when they are
    /// not strict base64 of at least five bytes.
    pub raw: Option<Vec<u8>>,
    /// The line as it was, without its newline.
    pub line: String,
}

impl SignatureLine {
    /// Parses one line (without its newline).
    pub fn parse(line: &str) -> Result<SignatureLine, LedgerError> {
        let rest = line.strip_prefix("\u{2014} ").ok_or(LedgerError::MalformedNote)?;
        let (name, b64) = rest.split_once(' ').ok_or(LedgerError::MalformedNote)?;
        if !valid_key_name(name) || b64.is_empty() || b64.contains(' ') {
            return Err(LedgerError::MalformedNote);
        }
        let raw = BASE64.decode(b64).ok().filter(|raw| raw.len() >= 5);
        Ok(SignatureLine { name: name.to_owned(), raw, line: line.to_owned() })
    }

    /// The key ID the line names, if its bytes could be decoded.
    pub fn key_id(&self) -> Option<u32> {
        let raw = self.raw.as_deref()?;
        Some(u32::from_be_bytes(raw.get(..4)?.try_into().ok()?))
    }
}

/// A signed note split into its text and its signature lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedNote {
    /// The signed text, ending in a newline.
    pub text: String,
    /// The signature lines, in order.
    pub signatures: Vec<SignatureLine>,
}

impl SignedNote {
    /// Splits a note: text ending in a newline, a blank line, then one or
    /// more signature lines each ending in a newline. The text holds no
    /// control character but newlines.
    pub fn parse(note: &str) -> Result<SignedNote, LedgerError> {
        let split = note.rfind("\n\n").ok_or(LedgerError::MalformedNote)?;
        let (text, signatures) = (note.get(..=split).unwrap_or_default(), note.get(split + 2..).unwrap_or_default());
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(LedgerError::MalformedNote);
        }
        let lines = signatures.strip_suffix('\n').ok_or(LedgerError::MalformedNote)?;
        let signatures =
            lines.split('\n').map(SignatureLine::parse).collect::<Result<Vec<SignatureLine>, LedgerError>>()?;
        if signatures.len() > MAX_SIGNATURES {
            return Err(LedgerError::MalformedNote);
        }
        Ok(SignedNote { text: text.to_owned(), signatures })
    }

    /// The note again, text and signatures.
    pub fn to_text(&self) -> String {
        let mut note = self.text.clone();
        note.push('\n');
        for line in &self.signatures {
            note.push_str(&line.line);
            note.push('\n');
        }
        note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_split_into_text_and_lines() {
        let note = "o\n1\nAA==\n\n\u{2014} o AQIDBAU=\n\u{2014} w BQQDAgE=\n";
        let parsed = SignedNote::parse(note).unwrap();
        assert_eq!(parsed.text, "o\n1\nAA==\n");
        assert_eq!(parsed.signatures.len(), 2);
        assert_eq!(parsed.signatures[0].key_id(), Some(0x0102_0304));
        assert_eq!(parsed.to_text(), note);
    }

    #[test]
    fn malformed_framing_is_refused() {
        for bad in [
            "o\n1\nAA==\n",
            "o\n1\nAA==\n\n",
            "o\n1\nAA==\n\n\u{2014} o AQIDBAU=",
            "o\n1\nAA==\n\n- o AQIDBAU=\n",
            "o\n1\nAA==\n\n\u{2014} o\n",
            "o\r\n1\nAA==\n\n\u{2014} o AQIDBAU=\n",
            "o\n1\nAA==\n\n\u{2014} o AQIDBAU=\n\n",
        ] {
            assert!(SignedNote::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn undecodable_signatures_are_kept_as_such() {
        // Non-canonical trailing bits: a lax decoder would read the same bytes.
        let parsed = SignedNote::parse("o\n1\nAA==\n\n\u{2014} o AQIDBAV=\n").unwrap();
        assert_eq!(parsed.signatures[0].raw, None);
        assert_eq!(parsed.signatures[0].key_id(), None);
    }
}
