//! Identifiers, parsed once at the boundary.
//!
//! Every id that crosses into the core (from an agreement file, a signed
//! record or a form) is checked here, so the rest of the core can rely on it
//! being short, printable and stable: it ends up in log records, file names
//! and URLs.
//!
//! An id of up to 24 bytes (nearly all of them) is held inline rather than
//! on the heap: a docket of a million cases holds some twenty ids per case,
//! and a verifier replaying a long log holds the docket in memory.

use std::fmt;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The string is empty.
    #[error("must not be empty")]
    Empty,
    /// The string is longer than [`MAX_ID_LEN`].
    #[error("is {len} characters long; the limit is {MAX_ID_LEN}")]
    TooLong {
        /// The length found.
        len: usize,
    },
    /// The string holds a character outside `A-Z a-z 0-9 _ - .`.
    #[error("contains {found:?}; only letters A-Z, digits, '_', '-' and '.' are allowed")]
    BadCharacter {
        /// The first offending character.
        found: char,
    },
}

/// The longest identifier accepted.
pub const MAX_ID_LEN: usize = 64;

fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let len = s.chars().count();
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong { len });
    }
    if let Some(found) = s.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))) {
        return Err(IdError::BadCharacter { found });
    }
    Ok(())
}

/// The schema of every identifier: what [`check_id`] accepts.
#[cfg(feature = "openapi")]
fn id_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(MAX_ID_LEN))
        .pattern(Some("^[A-Za-z0-9_.-]+$"))
        .into()
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(CompactString);

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                id_schema()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl $name {
            /// Parses an identifier, rejecting empty, overlong or unprintable ones.
            pub fn parse(s: &str) -> Result<Self, IdError> {
                check_id(s)?;
                Ok(Self(CompactString::new(s)))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(IdVisitor(Self::parse))
            }
        }
    };
}

/// Reads an identifier from a borrowed or a transient string, so that no
/// `String` is allocated on the way to the inline form.
struct IdVisitor<T>(fn(&str) -> Result<T, IdError>);

impl<T> serde::de::Visitor<'_> for IdVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an identifier")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
        (self.0)(s).map_err(|e| E::custom(format!("identifier {s:?} {e}")))
    }
}

id_type!(
    /// A participant in the agreement: a party, a mediator, a monitoring team.
    ParticipantId
);
id_type!(
    /// A provision of the agreement, for example `P1`.
    ProvisionId
);
id_type!(
    /// A case: one allegation from report to closure.
    CaseId
);
id_type!(
    /// A principal: one person or machine client acting for a participant.
    PrincipalId
);
id_type!(
    /// An agreement, for example `doha-istanbul-2025`.
    AgreementId
);
id_type!(
    /// A rung of the penalty ladder or an escalation rule.
    RuleId
);
id_type!(
    /// A named geographic zone declared in the agreement.
    ZoneId
);
id_type!(
    /// A round of talks, for example `istanbul-2025-11`.
    RoundId
);
id_type!(
    /// A communiqué or joint statement.
    CommuniqueId
);
id_type!(
    /// A commitment a participant made in the talks.
    CommitmentId
);
id_type!(
    /// A rung of the agreement's ladder of delegation ranks, for example `minister`.
    RankId
);
id_type!(
    /// An item on a round's agenda.
    ItemId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        assert_eq!(CaseId::parse("2025-10-15.chaman").unwrap().as_str(), "2025-10-15.chaman");
    }

    #[test]
    fn rejects_empty_long_and_odd_ids() {
        assert_eq!(CaseId::parse(""), Err(IdError::Empty));
        assert_eq!(CaseId::parse(&"x".repeat(65)), Err(IdError::TooLong { len: 65 }));
        assert_eq!(CaseId::parse("a b"), Err(IdError::BadCharacter { found: ' ' }));
        assert_eq!(CaseId::parse("a/b"), Err(IdError::BadCharacter { found: '/' }));
    }

    #[test]
    fn deserializing_checks_the_id() {
        let err = serde_json::from_str::<CaseId>("\"a/b\"").unwrap_err();
        assert!(err.to_string().contains("contains '/'"), "{err}");
    }
}
