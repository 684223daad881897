//! Web pages: i18n (HTTP-level tests).
