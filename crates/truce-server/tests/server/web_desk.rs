//! Web pages: desk (HTTP-level tests).
