//! Text search of the case list: what a person types, turned into a query
//! for the full-text index of each backend (FTS5 on SQLite, a `tsvector`
//! with a GIN index on PostgreSQL; migration `0003_case_search.sql`).
//!
//! A `LIKE '%…%'` over every summary cost about a second over 100,000
//! cases; an index answers in milliseconds, at the price of matching words
//! rather than any substring. The rule is the same on both backends:
//!
//! - The text is split into words at whitespace. Every word must match.
//! - A word matches the beginning of a word of the case's id or summary,
//!   ignoring case (`cham` finds "Chaman"; `haman` finds nothing).
//! - ASCII punctuation inside a word splits it into pieces that must
//!   follow each other, the last as a prefix: `2025-10-15` finds the case
//!   `2025-10-15-chaman`, and so does the whole id. The index splits ids
//!   and summaries at the same characters ([`char::is_ascii_punctuation`],
//!   the class the PostgreSQL migration spells out byte by byte).
//! - Accents are not folded: PostgreSQL's `simple` configuration does not,
//!   and SQLite's tokenizer is told not to, so both backends agree.
//!
//! The user's text never reaches either query language as syntax. Every
//! piece is quoted (`"…"` for FTS5, `'…'` for `tsquery`), and a piece
//! holds no ASCII punctuation, so no quote, operator or escape character
//! survives into it; what is left (letters, digits, other scripts'
//! punctuation) is handed to the backend's own tokenizer, the same one that
//! built the index. A text without a letter or digit has no words and
//! matches no case (an empty search box is the caller's "no filter").
//!
//! Finding a page of matches newest first is a second problem: the index
//! answers "which cases", the list wants "the newest fifty of them". For a
//! rare word the store takes every match from the index and sorts them;
//! for a common word it walks the cases newest first (the `cases_newest`
//! index) and keeps those that match, which fills a page after a few rows.
//! Neither planner can tell the two apart (SQLite knows nothing of FTS5's
//! lists; PostgreSQL guesses a fixed share for a prefix), so [`plan`] asks
//! the database first, in a query of a few milliseconds at most, and the
//! case list's SQL steers the planner to the way chosen. On PostgreSQL the
//! walk tests each case's stored `tsvector`; SQLite has nothing to test one
//! case with but the list of matches, which it builds first, so a word in
//! every one of 100,000 cases costs it some 20–45 ms (docs/PERFORMANCE.md).

use sqlx::{AnyPool, Row};

use crate::{Backend, StoreError};

/// A search text, split into words and each word into pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Search {
    words: Vec<Vec<String>>,
}

impl Search {
    /// Splits `text` into words and pieces, dropping those without a letter
    /// or digit. Case is left to the backend, which folds the query as it
    /// folded the index (Rust's lower case may differ from it).
    pub(crate) fn parse(text: &str) -> Search {
        let words = text
            .split(|c: char| c.is_whitespace() || c.is_control())
            .map(|word| {
                word.split(|c: char| c.is_ascii_punctuation())
                    .filter(|piece| piece.chars().any(char::is_alphanumeric))
                    .map(str::to_owned)
                    .collect::<Vec<String>>()
            })
            .filter(|pieces| !pieces.is_empty())
            .collect();
        Search { words }
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The query text to bind for `backend`.
    pub(crate) fn query(&self, backend: Backend) -> String {
        match backend {
            Backend::Sqlite => self.fts5(),
            Backend::Postgres => self.tsquery(),
        }
    }

    /// An FTS5 query: each word a quoted phrase of its pieces, its last
    /// token a prefix; phrases side by side must all match.
    pub(crate) fn fts5(&self) -> String {
        // A piece holds no `"` (ASCII punctuation), so quoting needs no escape.
        self.words.iter().map(|pieces| format!("\"{}\"*", pieces.join(" "))).collect::<Vec<_>>().join(" ")
    }

    /// A `tsquery` for `to_tsquery('simple', …)`: each word its pieces in
    /// sequence (`<->`), the last a prefix (`:*`); words joined by `&`.
    pub(crate) fn tsquery(&self) -> String {
        // A piece holds no `'` or `\` (ASCII punctuation), so quoting needs no escape.
        self.words
            .iter()
            .map(|pieces| {
                let quoted: Vec<String> = pieces.iter().map(|p| format!("'{p}'")).collect();
                format!("({}:*)", quoted.join(" <-> "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }
}

/// Where a page of matches comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// Few matches: take them all from the text index and sort them.
    AllMatches,
    /// Many matches: walk the cases newest first, keeping those that match.
    NewestFirst,
}

/// Fewer matches than this are fetched and sorted in about a millisecond.
const FEW: i64 = 1_000;

/// How many of the newest cases PostgreSQL samples.
const SAMPLE: i64 = 1_000;

/// How many of the sample must match for a page of 50 to fill within about
/// 2,500 rows of the newest-first walk.
const DENSE: i64 = 20;

/// Decides how to find a page of the matches of `search`.
pub(crate) async fn plan(pool: &AnyPool, backend: Backend, search: &Search) -> Result<Plan, StoreError> {
    let many = match backend {
        Backend::Sqlite => {
            // FTS5 counts from its lists and stops at `FEW` (a prefix's
            // merged list is read whole: a few milliseconds at 100,000).
            let row =
                sqlx::query("select count(*) from (select rowid from case_search where case_search match $1 limit $2)")
                    .bind(search.fts5())
                    .bind(FEW)
                    .fetch_one(pool)
                    .await?;
            row.try_get::<i64, _>(0)? >= FEW
        }
        Backend::Postgres => {
            // A GIN scan cannot stop early (it builds a bitmap of every
            // match), so count matches among the newest cases instead.
            let row = sqlx::query(
                "select count(*) from (select search from cases order by occurred_at desc, id desc limit $1) newest \
                 where search @@ to_tsquery('simple', $2)",
            )
            .bind(SAMPLE)
            .bind(search.tsquery())
            .fetch_one(pool)
            .await?;
            row.try_get::<i64, _>(0)? >= DENSE
        }
    };
    Ok(if many { Plan::NewestFirst } else { Plan::AllMatches })
}

/// The condition on `cases` that keeps the matches of the query bound at
/// `param`, written so that the planner takes the way `plan` chose.
pub(crate) fn condition(backend: Backend, plan: Plan, param: &str) -> String {
    match (backend, plan) {
        (Backend::Sqlite, Plan::AllMatches) => {
            format!(" and rowid in (select rowid from case_search where case_search match {param})")
        }
        // The unary `+` keeps SQLite from driving the query from the list
        // of matches, so it walks an index in the list's order instead.
        (Backend::Sqlite, Plan::NewestFirst) => {
            format!(" and +rowid in (select rowid from case_search where case_search match {param})")
        }
        (Backend::Postgres, _) => format!(" and search @@ to_tsquery('simple', {param})"),
    }
}

/// The case list's order for `plan`: newest incident first, then by id.
pub(crate) fn newest_first(backend: Backend, plan: Plan) -> &'static str {
    match (backend, plan) {
        // Ordering by an expression keeps PostgreSQL from walking
        // `cases_newest` and testing every case for a rare word: it takes
        // the matches from the GIN index and sorts them. Same order.
        (Backend::Postgres, Plan::AllMatches) => "occurred_at + 0 desc, id desc",
        _ => "occurred_at desc, id desc",
    }
}

#[cfg(test)]
mod tests {
    use super::Search;

    /// Checks the two queries made of `text` (`None`: no words).
    fn check(text: &str, expect: Option<(&str, &str)>) {
        let s = Search::parse(text);
        let got = (!s.is_empty()).then(|| (s.fts5(), s.tsquery()));
        assert_eq!(got.as_ref().map(|(a, b)| (a.as_str(), b.as_str())), expect, "{text:?}");
    }

    #[test]
    fn words_become_prefixes_that_must_all_match() {
        check("Chaman", Some(("\"Chaman\"*", "('Chaman':*)")));
        check("  cham  POSTS ", Some(("\"cham\"* \"POSTS\"*", "('cham':*) & ('POSTS':*)")));
        check("چمن میں", Some(("\"چمن\"* \"میں\"*", "('چمن':*) & ('میں':*)")));
    }

    #[test]
    fn punctuation_inside_a_word_makes_a_phrase() {
        check("2025-10-15", Some(("\"2025 10 15\"*", "('2025' <-> '10' <-> '15':*)")));
        check(
            "2025-10-15-chaman bench-0000012",
            Some((
                "\"2025 10 15 chaman\"* \"bench 0000012\"*",
                "('2025' <-> '10' <-> '15' <-> 'chaman':*) & ('bench' <-> '0000012':*)",
            )),
        );
    }

    #[test]
    fn query_syntax_is_never_passed_on() {
        for text in ["\"", "*", "'", "&", "|", "!", ":*", "NEAR(", "()", "\\", "%", "_", "—", "«»", "\u{301}", "\0"]
        {
            let s = Search::parse(text);
            if text == "NEAR(" {
                assert_eq!((s.fts5(), s.tsquery()), ("\"NEAR\"*".to_owned(), "('NEAR':*)".to_owned()));
            } else {
                assert!(s.is_empty(), "{text:?} gave {s:?}");
            }
        }
        check("cham\"* OR kabul", Some(("\"cham\"* \"OR\"* \"kabul\"*", "('cham':*) & ('OR':*) & ('kabul':*)")));
        check("'kabul':*|!x", Some(("\"kabul x\"*", "('kabul' <-> 'x':*)")));
        check("a\0b", Some(("\"a\"* \"b\"*", "('a':*) & ('b':*)")));
    }
}
