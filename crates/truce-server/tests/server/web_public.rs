//! Web pages: public (HTTP-level tests).
