//! The rules of a ceasefire mechanism: pure, deterministic and total.
//!
//! This crate is the part of Truce that every other part calls: the store
//! to check a record before it is appended, the server to answer a form, and
//! each party's own mirror to replay the log and check that every decision
//! followed the agreed rules. So it does no IO, reads no clock (time is the
//! `now` parameter of every command) and never panics on input: every
//! function returns a typed error that says why.
//!
//! - [`agreement`]: agreement-as-code, parsed and validated.
//! - [`docket`]: the cases and the lifecycle state machine.
//! - [`penalty`]: the penalty engine.
//! - [`stats`]: compliance statistics.
//! - [`scenario`]: scripted runs of commands, for tests and the demo.
//! - [`talks`]: rounds of talks, delegations, communiqués and commitments.
//! - [`evidence`]: whether an evidence file's recorded place and time fit its case.
//! - [`early_warning`]: signals of a surge per sector and day, and the alerts they raise.
//! - [`public_source`]: events of a public dataset (ACLED) imported beside the cases.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

pub mod access;
pub mod actor;
pub mod agreement;
pub mod case;
pub mod command;
pub mod docket;
pub mod early_warning;
pub mod error;
pub mod evidence;
pub mod ids;
pub mod penalty;
pub mod public_source;
pub mod scenario;
pub mod situation;
pub mod stats;
pub mod talks;
pub mod text;
pub mod vocab;

pub use actor::{Actor, Role};
pub use agreement::Agreement;
pub use case::{Case, Event, EventKind, Status};
pub use command::{CaseCommand, Command};
pub use docket::Docket;
pub use error::CommandError;
