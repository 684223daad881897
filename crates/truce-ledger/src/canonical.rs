//! RFC 8785 canonical JSON (the JSON Canonicalization Scheme).
//!
//! What is signed and hashed must have exactly one byte form, or two honest
//! implementations would disagree about a signature. RFC 8785 fixes key
//! order, whitespace, string escapes and number formatting, and has
//! implementations in Go, JavaScript, Python and Java, so a party can check
//! our signatures with tools we did not write.
//!
//! RFC 8785 treats every number as an IEEE 754 double. An integer beyond
//! ±(2^53 − 1) that is not exactly what RFC 8785 prints for its nearest
//! double would be written differently by other implementations, so
//! [`check_numbers`] refuses it: large identifiers and amounts belong in
//! strings.

use serde::Serialize;
use serde_json::Value;

use crate::LedgerError;

/// The largest integer magnitude an IEEE double holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Serializes `value` as RFC 8785 canonical JSON.
pub fn to_canonical_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, LedgerError> {
    serde_json_canonicalizer::to_vec(value).map_err(|error| LedgerError::Canonicalization(error.to_string()))
}

/// How deeply arrays and objects may nest in a body. serde_json's parser
/// stops at 128; a lower bound here keeps every recursive walk (ours and the
/// canonicalizer's) far from the stack's limit, whoever built the value.
pub const MAX_DEPTH: usize = 64;

/// Refuses integers that RFC 8785 could not keep exact (see the module docs)
/// and values nested deeper than [`MAX_DEPTH`].
pub fn check_numbers(value: &Value) -> Result<(), LedgerError> {
    check_at_depth(value, 0)
}

fn check_at_depth(value: &Value, depth: usize) -> Result<(), LedgerError> {
    if depth > MAX_DEPTH {
        return Err(LedgerError::TooDeep { limit: MAX_DEPTH });
    }
    match value {
        Value::Number(number) => {
            let magnitude = number.as_u64().or_else(|| number.as_i64().map(i64::unsigned_abs));
            match (magnitude, number.as_f64()) {
                // Integers up to 2^53 − 1 are doubles exactly.
                (Some(magnitude), _) if magnitude <= MAX_SAFE_INTEGER => Ok(()),
                // A larger integer is fine only if it is printed exactly as
                // RFC 8785 prints the nearest double (e.g. 13523643240410489000,
                // which is how a double canonicalizes and parses back).
                (Some(_), Some(double)) if to_canonical_vec(&double)? == number.to_string().into_bytes() => Ok(()),
                (Some(_), _) => Err(LedgerError::UnsafeNumber(number.to_string())),
                // A double: canonical JSON prints its shortest round-tripping
                // form, which is exact by construction.
                (None, _) => Ok(()),
            }
        }
        Value::Array(items) => items.iter().try_for_each(|item| check_at_depth(item, depth + 1)),
        Value::Object(map) => map.values().try_for_each(|item| check_at_depth(item, depth + 1)),
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(json: &str) -> String {
        let value: Value = serde_json::from_str(json).unwrap();
        String::from_utf8(to_canonical_vec(&value).unwrap()).unwrap()
    }

    /// RFC 8785 §3.2.2.3 number serialization examples (Appendix B subset)
    /// and the §3.2.3 sorting example.
    #[test]
    fn rfc8785_numbers() {
        let cases = [
            ("0", "0"),
            ("-0", "0"),
            ("1", "1"),
            ("-1", "-1"),
            ("1.0", "1"),
            ("1e30", "1e+30"),
            ("4.50", "4.5"),
            ("2e-3", "0.002"),
            ("0.000001", "0.000001"),
            ("1e-7", "1e-7"),
            ("9007199254740991", "9007199254740991"),
            ("1E21", "1e+21"),
            ("1e20", "100000000000000000000"),
            ("333333333.33333329", "333333333.3333333"),
            ("5e-324", "5e-324"),
            ("1.7976931348623157e308", "1.7976931348623157e+308"),
            ("295147905179352830000", "295147905179352830000"),
            ("-5e-324", "-5e-324"),
        ];
        for (input, expected) in cases {
            assert_eq!(canonical(input), expected, "{input}");
        }
    }

    /// The RFC 8785 §3.2.2 example object: sorting, escapes and numbers.
    #[test]
    fn rfc8785_example_object() {
        let input = r#"{
          "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
          "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
          "literals": [null, true, false]
        }"#;
        let expected = r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#;
        assert_eq!(canonical(input), expected);
    }

    /// RFC 8785 §3.2.3: keys sort by UTF-16 code units, not by UTF-8 bytes.
    #[test]
    fn rfc8785_sorting_by_utf16() {
        let input = r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#;
        let out = canonical(input);
        // Keys are in RFC 8785's order when their values appear in this order.
        let expected_order = [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh",
        ];
        let positions: Vec<usize> = expected_order.iter().map(|v| out.find(v).unwrap()).collect();
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{out}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut value = json_leaf();
        for _ in 0..MAX_DEPTH {
            value = Value::Array(vec![value]);
        }
        assert_eq!(check_numbers(&value), Ok(()));
        let deeper = Value::Array(vec![value]);
        assert_eq!(check_numbers(&deeper), Err(LedgerError::TooDeep { limit: MAX_DEPTH }));
        let mut huge = json_leaf();
        for _ in 0..100_000 {
            huge = Value::Array(vec![huge]);
        }
        assert!(check_numbers(&huge).is_err());
        // serde_json's own recursive drop would overflow the stack here.
        std::mem::forget(huge);
    }

    fn json_leaf() -> Value {
        Value::from(1)
    }

    #[test]
    fn unsafe_integers_are_refused() {
        let ok: Value = serde_json::json!({"a": [9007199254740991_u64, -9007199254740991_i64, 1.5]});
        assert_eq!(check_numbers(&ok), Ok(()));
        // 2^53 is a double exactly; 2^53 + 1 is not.
        assert_eq!(check_numbers(&serde_json::json!([9007199254740992_u64])), Ok(()));
        let big: Value = serde_json::json!({"a": {"b": 9007199254740993_u64}});
        assert_eq!(check_numbers(&big), Err(LedgerError::UnsafeNumber("9007199254740993".into())));
        assert!(check_numbers(&serde_json::json!([-9007199254740993_i64])).is_err());
        // How RFC 8785 prints a large double, parsed back as an integer: fine.
        assert_eq!(check_numbers(&serde_json::json!([13523643240410489000_u64])), Ok(()));
        // Its nearest double prints as 12345678901234567000: refused.
        assert!(check_numbers(&serde_json::json!([12345678901234567890_u64])).is_err());
    }
}
