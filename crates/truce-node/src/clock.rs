//! The one place that reads the wall clock.
//!
//! The core and the ledger take time as a parameter; the sequencer needs the
//! real time only to refuse records whose time is far from it.

/// The current time.
#[allow(clippy::disallowed_methods)]
pub fn now() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// A monotonic instant, for timing intervals.
#[allow(clippy::disallowed_methods)]
pub fn instant() -> std::time::Instant {
    std::time::Instant::now()
}
