//! Prometheus metrics of one server.
//!
//! The registry belongs to the [`crate::AppState`] (prometheus-client has no
//! global registry), so two servers in one process, as in the parallel
//! tests, count separately. Requests are labelled by route template
//! (`/api/v1/cases/{id}`), never by raw path, so that the number of series
//! stays bounded whatever clients send; paths that match no route are
//! counted as `unmatched`.

use std::sync::Mutex;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;

use super::throttle::LimitKind;

/// The content type of [`Metrics::render`]'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

type LatencyFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms to about 33 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// The counters, gauges and histograms of one server.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: LatencyFamily,
    in_flight: Gauge,
    rate_limited: Family<LimitLabels, Counter>,
    logins: Counter,
    log_size: Gauge,
    appended: Counter,
    resident: Gauge,
    open_fds: Gauge,
    /// Serialises scrapes, so that the appended counter is brought up to
    /// date by one scrape at a time.
    render: Mutex<()>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// A method as a label: the standard ones by name, anything else as `other`.
fn method_label(method: &axum::http::Method) -> String {
    use axum::http::Method;
    let known = [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH, Method::HEAD, Method::OPTIONS];
    if known.contains(method) { method.as_str().to_owned() } else { "other".to_owned() }
}

impl Metrics {
    /// A fresh registry with every metric at zero.
    pub fn new() -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "truce_http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register(
            "truce_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template",
            latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register("truce_http_requests_in_flight", "HTTP requests being answered", in_flight.clone());
        let rate_limited = Family::<LimitLabels, Counter>::default();
        registry.register(
            "truce_rate_limited_requests",
            "Requests refused with 429, by limit (address, principal, login_address, login_principal)",
            rate_limited.clone(),
        );
        let logins = Counter::default();
        registry.register("truce_logins", "Successful logins (sessions created)", logins.clone());
        let log_size = Gauge::default();
        registry.register("truce_log_size", "Records in the transparency log", log_size.clone());
        for kind in [LimitKind::Address, LimitKind::Principal, LimitKind::LoginAddress, LimitKind::LoginPrincipal] {
            // Every series exists from zero, so a rate of change is defined
            // before the first refusal.
            drop(rate_limited.get_or_create(&LimitLabels { limit: kind.as_str() }));
        }
        registry.register("truce_build", "The running build", Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]));
        let resident = Gauge::default();
        registry.register("process_resident_memory_bytes", "Resident memory size in bytes", resident.clone());
        let open_fds = Gauge::default();
        registry.register("process_open_fds", "Number of open file descriptors", open_fds.clone());
        let start_time = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        start_time.set(truce_node::clock::now().as_millisecond() as f64 / 1000.0);
        registry.register("process_start_time_seconds", "Start time of the process since the Unix epoch", start_time);
        let appended = Counter::default();
        registry.register(
            "truce_records_appended",
            "Records appended by this server since it started",
            appended.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            in_flight,
            rate_limited,
            logins,
            log_size,
            appended,
            resident,
            open_fds,
            render: Mutex::new(()),
        }
    }

    /// Counts a request as started; the guard counts it as finished when dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.inc();
        InFlight(&self.in_flight)
    }

    /// Counts an answered request.
    pub fn answered(&self, method: &axum::http::Method, route: &str, status: u16, seconds: f64) {
        let method = method_label(method);
        self.requests.get_or_create(&RequestLabels { method: method.clone(), route: route.to_owned(), status }).inc();
        self.latency.get_or_create(&RouteLabels { method, route: route.to_owned() }).observe(seconds);
    }

    /// Counts a request refused by a rate limit.
    pub fn rate_limited(&self, kind: LimitKind) {
        self.rate_limited.get_or_create(&LimitLabels { limit: kind.as_str() }).inc();
    }

    /// Counts a successful login.
    pub fn logged_in(&self) {
        self.logins.inc();
    }

    /// The metrics as OpenMetrics text, with the log's size and the records
    /// appended brought up to date.
    pub fn render(&self, log_size: Option<u64>, appended: u64) -> Result<String, std::fmt::Error> {
        let _one_at_a_time = self.render.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(size) = log_size {
            self.log_size.set(i64::try_from(size).unwrap_or(i64::MAX));
        }
        let counted = self.appended.get();
        if appended > counted {
            self.appended.inc_by(appended - counted);
        }
        if let Some((resident, fds)) = process_now() {
            self.resident.set(resident);
            self.open_fds.set(fds);
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// The process's resident memory in bytes and its open file descriptors,
/// read from `/proc` (Linux); `None` where there is no `/proc`, and the
/// gauges keep their last value.
fn process_now() -> Option<(i64, i64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: i64 =
        status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.trim().strip_suffix("kB")?.trim().parse().ok()?;
    let fds = std::fs::read_dir("/proc/self/fd").ok()?.count();
    Some((kib * 1024, i64::try_from(fds).unwrap_or(i64::MAX)))
}

/// A request being answered; dropping it (also when the request is cut
/// short by the timeout) takes it off the in-flight gauge.
#[derive(Debug)]
pub struct InFlight<'a>(&'a Gauge);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_counts_requests_by_route_template() {
        let m = Metrics::new();
        m.answered(&axum::http::Method::GET, "/api/v1/cases/{id}", 200, 0.003);
        m.rate_limited(LimitKind::Address);
        m.logged_in();
        let text = m.render(Some(42), 7).unwrap();
        assert!(
            text.contains(r#"truce_http_requests_total{method="GET",route="/api/v1/cases/{id}",status="200"} 1"#),
            "{text}"
        );
        assert!(text.contains(r#"truce_rate_limited_requests_total{limit="address"} 1"#), "{text}");
        assert!(text.contains("truce_logins_total 1"), "{text}");
        assert!(text.contains("truce_log_size 42"), "{text}");
        assert!(text.contains("truce_records_appended_total 7"), "{text}");
        assert!(text.contains("truce_http_request_duration_seconds_bucket"), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
        assert!(text.contains(r#"truce_build_info{version=""#), "{text}");
        assert!(text.contains("process_resident_memory_bytes "), "{text}");
        assert!(text.contains("process_open_fds "), "{text}");
        assert!(text.contains("process_start_time_seconds "), "{text}");
    }

    #[test]
    fn every_limit_is_counted_from_zero() {
        let text = Metrics::new().render(None, 0).unwrap();
        for limit in ["address", "principal", "login_address", "login_principal"] {
            assert!(text.contains(&format!("truce_rate_limited_requests_total{{limit=\"{limit}\"}} 0")), "{text}");
        }
    }
}
