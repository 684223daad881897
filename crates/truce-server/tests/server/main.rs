//! The server end to end, over real HTTP on loopback, against SQLite and
//! PostgreSQL.

mod access;
mod api;
mod common;
mod early_warning;
mod evidence;
mod handling;
mod imports;
mod log;
mod mirror;
mod opendata;
mod openrosa;
mod ops;
mod plain_words;
mod principals;
mod situation;
mod talks;
mod web_desk;
mod web_i18n;
mod web_public;
mod webhooks;
mod witnessing;
