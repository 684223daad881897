//! The one place that reads the wall clock.
//!
//! The core and the ledger take time as a parameter. The sequencer needs the
//! real time to refuse records whose time is far from it, and the server's
//! application layer is handed this clock once (`truce_server::App`), reads
//! it once per request and passes that `now` to every use case.

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
