//! The server end to end, over real HTTP on loopback, against SQLite and
//! PostgreSQL.

mod access;
mod common;
