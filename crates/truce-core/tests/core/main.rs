//! Integration tests of the core: the October 2025 scenario end to end, the
//! penalty explanations and statistics it produces, the transition table,
//! and property tests over random command sequences.

#![allow(missing_docs)]

mod access;
mod early_warning;
mod fixture;
mod handling;
mod intake;
mod lifecycle;
mod offered;
mod properties;
mod readers;
mod reporting;
mod scenario;

pub const DOHA: &str = include_str!("../../../../agreements/doha-istanbul-2025.toml");
pub const OCTOBER: &str = include_str!("../../../../scenarios/october-2025.toml");

pub fn agreement() -> truce_core::Agreement {
    truce_core::Agreement::from_toml(DOHA).unwrap()
}
