//! Rate limits, keyed by client address and by credential, answered with
//! 429 `rate_limited` and a `Retry-After` that says when to come back.
//!
//! Why here and not in the handlers: a limit must hold before any work is
//! done, so the keys are things the request carries (the peer address, the
//! SHA-256 of the session cookie or API token) and never something looked up
//! in the database. Logins get their own, stricter limits, per address and
//! per principal name, to slow down password guessing (argon2 already makes
//! each guess cost the server tens of milliseconds).
//!
//! IPv6 clients are keyed by their /64, since one host usually owns a whole
//! /64 and could otherwise rotate addresses to escape the limit. Behind a
//! reverse proxy every request has the proxy's address: raise or switch off
//! the per-address limit there and rate-limit at the proxy.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::Limits;

/// How many checks between two sweeps of idle keys.
const SWEEP_EVERY: u64 = 4096;

/// Which limit a request ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    /// Requests per second from one address.
    Address,
    /// Requests per second with one session or token.
    Principal,
    /// Login attempts per minute from one address.
    LoginAddress,
    /// Login attempts per minute for one principal name.
    LoginPrincipal,
}

impl LimitKind {
    /// The label used in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::Address => "address",
            LimitKind::Principal => "principal",
            LimitKind::LoginAddress => "login_address",
            LimitKind::LoginPrincipal => "login_principal",
        }
    }

    fn message(self) -> &'static str {
        match self {
            LimitKind::Address => "too many requests from this address",
            LimitKind::Principal => "too many requests with this session or token",
            LimitKind::LoginAddress => "too many login attempts from this address",
            LimitKind::LoginPrincipal => "too many login attempts for this principal",
        }
    }
}

/// A request refused by a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// The limit.
    pub kind: LimitKind,
    /// How long until one more request is allowed.
    pub wait: Duration,
}

impl Limited {
    /// Whole seconds to wait, at least one (the `Retry-After` value).
    pub fn retry_after_secs(&self) -> u64 {
        let secs = self.wait.as_secs();
        if self.wait.subsec_nanos() > 0 || secs == 0 { secs + 1 } else { secs }
    }

    /// The 429 response: `{code: "rate_limited", message}` and `Retry-After`.
    pub fn response(&self) -> axum::response::Response {
        use axum::response::IntoResponse as _;
        let secs = self.retry_after_secs();
        let error = crate::ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("{}; retry after {secs} s", self.kind.message()),
        );
        let mut response = error.into_response();
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(secs));
        response
    }
}

type Keyed<K> = Option<DefaultKeyedRateLimiter<K>>;

/// The server's rate limiters. A limit of zero is no limiter at all.
#[derive(Debug)]
pub struct Throttle {
    per_address: Keyed<IpAddr>,
    per_principal: Keyed<String>,
    logins_per_address: Keyed<IpAddr>,
    logins_per_principal: Keyed<String>,
    checks: AtomicU64,
}

fn per_second<K: std::hash::Hash + Eq + Clone>(n: u32) -> Keyed<K> {
    NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_second(n)))
}

fn per_minute<K: std::hash::Hash + Eq + Clone>(n: u32) -> Keyed<K> {
    NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

fn check<K: std::hash::Hash + Eq + Clone>(limiter: &Keyed<K>, key: &K, kind: LimitKind) -> Result<(), Limited> {
    let Some(limiter) = limiter else { return Ok(()) };
    limiter
        .check_key(key)
        .map_err(|not_until| Limited { kind, wait: not_until.wait_time_from(DefaultClock::default().now()) })
}

fn sweep<K: std::hash::Hash + Eq + Clone>(limiter: &Keyed<K>) {
    if let Some(limiter) = limiter {
        limiter.retain_recent();
        limiter.shrink_to_fit();
    }
}

/// The key of a client address: IPv4 as it is, IPv6 by its /64.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let bits = u128::from(v6) & !((1u128 << 64) - 1);
            IpAddr::V6(bits.into())
        }
        v4 => v4,
    }
}

impl Throttle {
    /// Limiters for `limits`.
    pub fn new(limits: &Limits) -> Throttle {
        Throttle {
            per_address: per_second(limits.rate_per_address),
            per_principal: per_second(limits.rate_per_principal),
            logins_per_address: per_minute(limits.logins_per_address),
            logins_per_principal: per_minute(limits.logins_per_principal),
            checks: AtomicU64::new(0),
        }
    }

    /// Forgets keys that have been idle long enough to be back at a full
    /// allowance, every few thousand checks, so the maps stay small.
    fn tick(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            sweep(&self.per_address);
            sweep(&self.per_principal);
            sweep(&self.logins_per_address);
            sweep(&self.logins_per_principal);
        }
    }

    /// Any request: from `address` (if known), with the credential whose
    /// hash is `credential` (if any).
    pub fn request(&self, address: Option<IpAddr>, credential: Option<&str>) -> Result<(), Limited> {
        self.tick();
        if let Some(ip) = address {
            check(&self.per_address, &address_key(ip), LimitKind::Address)?;
        }
        if let Some(hash) = credential {
            check(&self.per_principal, &hash.to_owned(), LimitKind::Principal)?;
        }
        Ok(())
    }

    /// A login attempt from `address` for `principal` (the name as sent).
    pub fn login(&self, address: Option<IpAddr>, principal: Option<&str>) -> Result<(), Limited> {
        if let Some(ip) = address {
            check(&self.logins_per_address, &address_key(ip), LimitKind::LoginAddress)?;
        }
        if let Some(name) = principal {
            // Names are short; a long one is cut so it cannot bloat the map.
            let key: String = name.chars().take(128).collect();
            check(&self.logins_per_principal, &key, LimitKind::LoginPrincipal)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(rate: u32, logins: u32) -> Limits {
        Limits {
            rate_per_address: rate,
            rate_per_principal: rate,
            logins_per_address: logins,
            logins_per_principal: logins,
            ..Limits::default()
        }
    }

    #[test]
    fn a_burst_beyond_the_rate_is_refused_with_a_wait() {
        let t = Throttle::new(&limits(3, 0));
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..3 {
            t.request(Some(ip), None).unwrap();
        }
        let limited = t.request(Some(ip), None).unwrap_err();
        assert_eq!(limited.kind, LimitKind::Address);
        assert!(limited.wait <= Duration::from_secs(1));
        assert_eq!(limited.retry_after_secs(), 1);
        // Another address has its own allowance.
        t.request(Some("192.0.2.2".parse().unwrap()), None).unwrap();
    }

    #[test]
    fn zero_means_no_limit() {
        let t = Throttle::new(&limits(0, 0));
        for _ in 0..10_000 {
            t.request(Some("192.0.2.1".parse().unwrap()), Some("h")).unwrap();
            t.login(Some("192.0.2.1".parse().unwrap()), Some("admin")).unwrap();
        }
    }

    #[test]
    fn ipv6_clients_share_their_slash_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(address_key(mapped), "192.0.2.1".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn logins_are_limited_per_minute_by_name() {
        let t = Throttle::new(&limits(0, 2));
        t.login(None, Some("admin")).unwrap();
        t.login(None, Some("admin")).unwrap();
        let limited = t.login(None, Some("admin")).unwrap_err();
        assert_eq!(limited.kind, LimitKind::LoginPrincipal);
        assert!(limited.retry_after_secs() > 1 && limited.retry_after_secs() <= 30, "{limited:?}");
        t.login(None, Some("other")).unwrap();
    }
}
