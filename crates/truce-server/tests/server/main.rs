//! The server end to end, over real HTTP on loopback, against SQLite and
//! PostgreSQL.

mod access;
mod api;
mod common;
mod evidence;
mod log;
mod ops;
