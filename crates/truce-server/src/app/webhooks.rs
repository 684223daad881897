//! Webhooks: a mediator's or a party's own system told of what happens,
//! as it happens, without polling.
//!
//! A principal registers a URL and the event types it wants
//! ([`register`]); it is given a signing secret once. The delivery task
//! ([`Deliveries::start`]) follows the log: it reads the case events of
//! committed records from a cursor, decides for each subscription whether
//! its principal may see the case and the event ([`truce_core::access`],
//! the one place that decides it, applied to the case as it stood after
//! the event), and writes the deliveries together with the moved cursor
//! in one transaction (the outbox, `webhook_deliveries`). It then posts
//! each due delivery, signed as Standard Webhooks specifies
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 of
//! HMAC-SHA256 over "id.timestamp.body">`), and retries a failed one with
//! exponential backoff until it is delivered or its attempts are used up.
//! Each delivery's state is the subscriber's to read ([`deliveries`]).
//!
//! The task runs beside the sequencer and only reads what is committed,
//! so a receiver that is down or slow delays its own deliveries, never
//! an append. It holds a [`truce_node::LedgerObserver`], not the ledger,
//! so the log stops when the server does.
//!
//! The secret is kept in the store as issued, because HMAC needs the key
//! itself to sign: a copy of the database lets its holder forge
//! deliveries. A hash would not let the server sign. The secret is never
//! shown again after registration; a subscriber who lost it deletes the
//! webhook and registers a new one.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use truce_core::access::{self, CaseParties, Viewer};
use truce_core::{Case, Event, EventKind, Status};
use truce_node::LedgerObserver;
use truce_store::{Attempt, DeliveryRow, EventRow, Store, SubscriptionRow};
use utoipa::ToSchema;

use super::{App, AppError, Caller};

/// The event types a subscription may ask for.
pub const EVENT_TYPES: [&str; 7] = [
    "case.filed",
    "case.status_changed",
    "finding.final",
    "penalty",
    "escalation",
    "communique.published",
    "early_warning.alert",
];

/// How many webhooks one principal may hold.
pub const MOST_PER_PRINCIPAL: usize = 20;

/// How many log records one pass of the delivery task reads, at most.
const RECORDS_PER_PASS: u64 = 1_000;

/// How many events one pass of the delivery task reads, at most.
const EVENTS_PER_PASS: u64 = 5_000;

/// The record type of a communiqué's publication, always in the clear.
const COMMUNIQUE_PUBLISHED: &str = "talks.publish_communique.v1";

/// How many deliveries one pass sends at once, at most.
const SENDS_PER_PASS: u64 = 32;

/// How long a receiver has to answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How deliveries are retried, and which URLs are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// The wait before the second attempt; each later wait is four times
    /// the one before (10 s, 40 s, 2 min 40 s, … by default).
    pub first_retry: Duration,
    /// Attempts in all before a delivery is marked failed.
    pub attempts: u32,
    /// Whether `http://` URLs to a loopback address are accepted (tests and
    /// the demo only; everything else must be `https://`).
    pub allow_loopback_http: bool,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self { first_retry: Duration::from_secs(10), attempts: 8, allow_loopback_http: false }
    }
}

impl WebhookSettings {
    /// The wait after attempt `made` (1 for the first) failed, or `None`
    /// if that was the last.
    pub fn wait_after(&self, made: u32) -> Option<Duration> {
        if made >= self.attempts {
            return None;
        }
        let factor = 4u32.saturating_pow(made.saturating_sub(1));
        Some(self.first_retry.saturating_mul(factor).min(Duration::from_secs(12 * 3600)))
    }
}

/// What a principal asks to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are posted: `https://…`.
    pub url: String,
    /// The event types wanted (see `EVENT_TYPES`).
    pub events: Vec<String>,
}

/// A webhook as its principal sees it (never with its secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Webhook {
    /// Its id.
    pub id: String,
    /// Where deliveries are posted.
    pub url: String,
    /// The event types wanted.
    pub events: Vec<String>,
    /// When registered (RFC 3339).
    pub created_at: String,
}

/// A webhook just registered, with its secret: shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Registered {
    /// The webhook.
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret (`whsec_` and base64 of 32 bytes), shown only now.
    pub secret: String,
}

/// One delivery and where it stands.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Delivery {
    /// The `webhook-id` it is sent with, the same on every attempt.
    pub id: String,
    /// The event type.
    pub event_type: String,
    /// The case, if the event is a case's.
    pub case: Option<String>,
    /// The log record the event came from.
    pub record: u64,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// When the next attempt is due (RFC 3339), while pending.
    pub next_attempt_at: Option<String>,
    /// When the last attempt was made (RFC 3339).
    pub last_attempt_at: Option<String>,
    /// The receiver's HTTP status at the last attempt.
    pub last_status: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

fn millis_to_time(ms: i64) -> String {
    Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

fn webhook_of(row: &SubscriptionRow) -> Webhook {
    Webhook {
        id: row.id.clone(),
        url: row.url.clone(),
        events: row.events.split(',').filter(|e| !e.is_empty()).map(str::to_owned).collect(),
        created_at: Timestamp::from_second(row.created_at)
            .map_or_else(|_| row.created_at.to_string(), |t| t.to_string()),
    }
}

/// Checks a webhook URL: `https://` with a host, or `http://` to a
/// loopback address where `settings` allows it. No user name or password
/// in it, no fragment, and no `https://` to a private, link-local or
/// loopback address literal (the server must not be made to call its own
/// network). Errors name the field `url`.
pub fn check_url(url: &str, settings: &WebhookSettings) -> Result<reqwest::Url, AppError> {
    let bad = |reason: &str| AppError::field("url", reason);
    if url.len() > 2_000 {
        return Err(bad("is longer than 2,000 characters"));
    }
    let parsed = reqwest::Url::parse(url.trim()).map_err(|e| bad(&format!("is not a URL: {e}")))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("must not carry a user name or password"));
    }
    if parsed.fragment().is_some() {
        return Err(bad("must not have a fragment (#…)"));
    }
    let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or_else(|| bad("has no host"))?;
    let ip: Option<IpAddr> = host.trim_start_matches('[').trim_end_matches(']').parse().ok();
    let loopback = ip.is_some_and(|a| a.is_loopback()) || parsed.host_str() == Some("localhost");
    match parsed.scheme() {
        "https" => {
            if ip.is_some_and(internal) || parsed.host_str() == Some("localhost") {
                return Err(bad("must not point at a private, link-local or loopback address"));
            }
            Ok(parsed)
        }
        "http" if loopback && settings.allow_loopback_http => Ok(parsed),
        "http" => Err(bad("must use https (http is accepted only to a loopback address in tests and the demo)")),
        other => Err(bad(&format!("must use https, not {other}"))),
    }
}

/// Whether `ip` is one of the server's own network's addresses rather than
/// the public Internet's: private, shared (carrier-grade NAT), loopback,
/// link-local, unspecified or broadcast, and their IPv4-mapped IPv6 forms.
fn internal(ip: IpAddr) -> bool {
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
        }
    }
}

/// Resolves a webhook's host and keeps only public addresses, so that a
/// name pointing into the server's own network is never called, however
/// it resolves at the time of the delivery (a name that changed its answer
/// since registration included). Loopback is kept where the settings allow
/// loopback deliveries (tests and the demo).
#[derive(Debug)]
struct PublicAddressesOnly {
    allow_loopback: bool,
}

impl reqwest::dns::Resolve for PublicAddressesOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_loopback = self.allow_loopback;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<std::net::SocketAddr> = found
                .into_iter()
                .filter(|a| !internal(a.ip()) || (allow_loopback && a.ip().to_canonical().is_loopback()))
                .collect();
            if kept.is_empty() {
                let refused: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} resolves only to private, link-local or loopback addresses: not called").into();
                return Err(refused);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Who may hold webhooks: mediators and parties (and administrators, who
/// serve the mediators).
fn require_subscriber(caller: &Caller) -> Result<&super::Principal, AppError> {
    let principal = caller.require()?;
    match caller.viewer {
        Viewer::Mediator | Viewer::Party(_) => Ok(principal),
        Viewer::Team(_) | Viewer::Public => {
            Err(AppError::forbidden("only a mediator's or a party's principal may register webhooks"))
        }
    }
}

/// A new signing secret: `whsec_` and base64 of 32 random bytes.
fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    Ok(format!("whsec_{}", BASE64.encode(bytes)))
}

/// Registers a webhook for the caller; the answer holds its secret, once.
pub async fn register(
    app: &App,
    caller: &Caller,
    now: Timestamp,
    new: NewWebhook,
    settings: &WebhookSettings,
) -> Result<Registered, AppError> {
    let principal = require_subscriber(caller)?;
    let url = check_url(&new.url, settings)?;
    if new.events.is_empty() {
        return Err(AppError::field("events", format!("name at least one of {}", EVENT_TYPES.join(", "))));
    }
    let mut events: Vec<String> = Vec::new();
    for (i, event) in new.events.iter().enumerate() {
        if !EVENT_TYPES.contains(&event.as_str()) {
            return Err(AppError::field(
                format!("events[{i}]"),
                format!("unknown event type {event:?}; known: {}", EVENT_TYPES.join(", ")),
            ));
        }
        if !events.contains(event) {
            events.push(event.clone());
        }
    }
    let held = app.store().subscriptions_of(&principal.id).await?;
    if held.len() >= MOST_PER_PRINCIPAL {
        return Err(AppError::conflict(format!("a principal may hold at most {MOST_PER_PRINCIPAL} webhooks")));
    }
    let mut id_bytes = [0u8; 12];
    getrandom::fill(&mut id_bytes).map_err(AppError::internal)?;
    let row = SubscriptionRow {
        id: format!("wh_{}", hex::encode(id_bytes)),
        principal: principal.id.clone(),
        url: url.to_string(),
        events: events.join(","),
        secret: new_secret()?,
        created_at: now.as_second(),
        from_record: app.store().log_size().await?,
    };
    app.store().create_subscription(&row).await?;
    Ok(Registered { webhook: webhook_of(&row), secret: row.secret })
}

/// The caller's webhooks.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<Webhook>, AppError> {
    let principal = require_subscriber(caller)?;
    Ok(app.store().subscriptions_of(&principal.id).await?.iter().map(webhook_of).collect())
}

/// The caller's webhook `id` with its latest deliveries (at most 200),
/// newest first; not found if it is another's.
pub async fn deliveries(app: &App, caller: &Caller, id: &str) -> Result<(Webhook, Vec<Delivery>), AppError> {
    let principal = require_subscriber(caller)?;
    let row = app
        .store()
        .subscription(id)
        .await?
        .filter(|s| s.principal == principal.id)
        .ok_or_else(|| AppError::not_found(format!("no webhook {id}")))?;
    let deliveries = app
        .store()
        .deliveries_of(id, 200)
        .await?
        .into_iter()
        .map(|d| Delivery {
            id: d.id,
            event_type: d.event_type,
            case: d.case_id,
            record: d.record_idx,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at.map(millis_to_time),
            last_attempt_at: d.last_attempt_at.map(millis_to_time),
            last_status: d.last_status,
            last_error: d.last_error,
        })
        .collect();
    Ok((webhook_of(&row), deliveries))
}

/// Removes the caller's webhook `id` and its deliveries.
pub async fn delete(app: &App, caller: &Caller, id: &str) -> Result<(), AppError> {
    let principal = require_subscriber(caller)?;
    if app.store().delete_subscription(&principal.id, id).await? {
        Ok(())
    } else {
        Err(AppError::not_found(format!("no webhook {id}")))
    }
}

/// The Standard Webhooks signature of `body` sent as message `id` at
/// `timestamp` (Unix seconds) with `secret` (`whsec_…`): `v1,` and base64
/// of HMAC-SHA256 keyed with the secret's decoded bytes over
/// `"{id}.{timestamp}.{body}"`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Result<String, AppError> {
    let key = BASE64
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|e| AppError::internal(format!("a stored webhook secret is not base64: {e}")))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(AppError::internal)?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Ok(format!("v1,{}", BASE64.encode(mac.finalize().into_bytes())))
}

/// The event types `event` is, given the case's status before and after it.
fn types_of(event: &Event, before: Option<Status>, after: Status) -> Vec<&'static str> {
    let mut out = Vec::new();
    match &event.kind {
        EventKind::Reported { .. } => out.push("case.filed"),
        EventKind::FindingFinal => out.push("finding.final"),
        EventKind::PenaltyProposed { .. } | EventKind::ComplianceRecorded { .. } => out.push("penalty"),
        EventKind::MotionAdopted { .. } if after == Status::PenaltyDecided => out.push("penalty"),
        EventKind::EscalationTriggered { .. } => out.push("escalation"),
        _ => {}
    }
    if before.is_some_and(|b| b != after) {
        out.push("case.status_changed");
    }
    out
}

/// The task that turns committed events into deliveries and sends them.
pub struct Deliveries {
    store: Store,
    observer: LedgerObserver,
    settings: WebhookSettings,
    client: reqwest::Client,
}

impl Deliveries {
    /// Starts the delivery task over `store`, following the log `observer`
    /// follows. Runs until the writer stops.
    pub fn start(
        store: Store,
        observer: LedgerObserver,
        settings: WebhookSettings,
    ) -> Result<tokio::task::JoinHandle<()>, AppError> {
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(std::sync::Arc::new(PublicAddressesOnly { allow_loopback: settings.allow_loopback_http }))
            .user_agent("truce-webhooks/1")
            .build()
            .map_err(|e| AppError::internal(format!("the webhook client: {e}")))?;
        let task = Deliveries { store, observer, settings, client };
        Ok(tokio::spawn(task.run()))
    }

    async fn run(self) {
        let mut checkpoints = self.observer.checkpoints();
        loop {
            // Of several servers on one store, the leader delivers: the
            // outbox has no claim on a row, so two senders would send twice.
            if self.observer.role() == truce_node::SequencerRole::Follower {
                tokio::select! {
                    changed = checkpoints.changed() => if changed.is_err() { break },
                    () = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
                continue;
            }
            if let Err(e) = self.fan_out().await {
                tracing::error!(error = %e, "webhooks: reading committed events");
            }
            if let Err(e) = self.send_due().await {
                tracing::error!(error = %e, "webhooks: sending deliveries");
            }
            let now = truce_node::clock::now().as_millisecond();
            let wait = match self.store.next_delivery_due().await {
                Ok(Some(due)) => Duration::from_millis(u64::try_from(due - now).unwrap_or(0).clamp(20, 1_000)),
                _ => Duration::from_secs(1),
            };
            tokio::select! {
                changed = checkpoints.changed() => if changed.is_err() { break },
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// The viewer `principal` is now, or `None` if it is unknown or suspended.
    fn viewer_of(&self, principal: &str, agreement: &truce_core::Agreement) -> Option<Viewer> {
        let p = self.observer.principal(principal)?;
        if p.suspended.is_some() {
            return None;
        }
        Some(Viewer::of(p.role, p.participant.as_ref(), agreement))
    }

    /// Reads the events committed since the cursor and enqueues the
    /// deliveries they make, moving the cursor in the same transaction.
    async fn fan_out(&self) -> Result<(), AppError> {
        let size = self.store.log_size().await?;
        let Some(cursor) = self.store.delivery_cursor().await? else {
            // First start: nothing from before it is sent (each subscription
            // starts at its registration anyway).
            self.store.enqueue_deliveries(&[], size).await?;
            return Ok(());
        };
        if cursor >= size {
            return Ok(());
        }
        let subscriptions = self.store.subscriptions().await?;
        if subscriptions.is_empty() {
            // Nobody to tell: only the cursor moves.
            self.store.enqueue_deliveries(&[], size).await?;
            return Ok(());
        }
        let Some(agreement) = self.observer.agreement() else {
            return Ok(());
        };
        let size = size.min(cursor.saturating_add(RECORDS_PER_PASS));
        let mut rows = self.store.events_between(cursor, size, EVENTS_PER_PASS).await?;
        let mut next = size;
        if rows.len() as u64 == EVENTS_PER_PASS
            && let Some(last) = rows.last().map(|r| r.record_idx)
            && rows.first().map(|r| r.record_idx) != Some(last)
        {
            // Keep whole records: the last one is read again next pass.
            rows.retain(|r| r.record_idx < last);
            next = last;
        } else if rows.len() as u64 == EVENTS_PER_PASS {
            next = rows.last().map_or(size, |r| r.record_idx + 1);
        }
        let mut out = Vec::new();
        let viewers: HashMap<&str, Option<Viewer>> =
            subscriptions.iter().map(|s| (s.principal.as_str(), self.viewer_of(&s.principal, &agreement))).collect();
        if !rows.is_empty() {
            let mut histories: HashMap<String, Vec<Event>> = HashMap::new();
            for row in &rows {
                if !histories.contains_key(&row.case_id) {
                    let stored = self.store.case_events(&row.case_id).await?;
                    histories.insert(row.case_id.clone(), super::folded::parse(&stored)?);
                }
                let Some(history) = histories.get(&row.case_id) else { continue };
                out.extend(deliveries_for(row, history, &subscriptions, &viewers)?);
            }
        }
        let wants = |kind: &str| subscriptions.iter().any(|s| s.events.split(',').any(|e| e == kind));
        if wants("communique.published") || wants("early_warning.alert") {
            for (index, entry) in self.store.entries(cursor, next).await? {
                out.extend(communique_deliveries(index, &entry, &subscriptions)?);
                if wants("early_warning.alert") {
                    out.extend(self.alert_deliveries(index, &entry, &subscriptions, &viewers).await?);
                }
            }
        }
        self.store.enqueue_deliveries(&out, next).await?;
        Ok(())
    }

    /// The deliveries a log entry makes if it raises an early-warning alert:
    /// one to every subscription that wants them whose principal reads alerts
    /// (as `GET /api/v1/early-warning` answers: never a principal that reads
    /// as the public). The payload carries the
    /// signal's numbers, not the reports it counted: which of those a
    /// subscriber may see is answered by the API over its own scope.
    async fn alert_deliveries(
        &self,
        index: u64,
        entry: &[u8],
        subscriptions: &[SubscriptionRow],
        viewers: &HashMap<&str, Option<Viewer>>,
    ) -> Result<Vec<DeliveryRow>, AppError> {
        const KIND: &str = "early_warning.alert";
        let record: serde_json::Value = serde_json::from_slice(entry).map_err(AppError::internal)?;
        if record["type"] != truce_node::records::EARLY_WARNING_ALERT {
            return Ok(Vec::new());
        }
        // An alert is confidential: the entry holds its commitment, the
        // store its body.
        let Some((_, body)) = self.store.confidential(index).await? else {
            return Err(AppError::internal(format!("the alert at record {index} has no body in the store")));
        };
        let signal: truce_core::early_warning::Signal = serde_json::from_str(&body).map_err(AppError::internal)?;
        let data = serde_json::json!({
            "record": index,
            "series": signal.series,
            "method": signal.method,
            "day": signal.day,
            "window": signal.window,
            "baseline": signal.baseline,
            "observed": signal.observed,
            "statistic": signal.statistic,
            "threshold": signal.threshold,
            "reports_counted": signal.reports.len(),
            "explanation": signal.explain(),
            "path": "/api/v1/early-warning",
        });
        let payload = serde_json::json!({ "type": KIND, "timestamp": record["time"], "data": data });
        let now = truce_node::clock::now().as_millisecond();
        Ok(subscriptions
            .iter()
            .filter(|sub| index >= sub.from_record && sub.events.split(',').any(|e| e == KIND))
            .filter(|sub| matches!(viewers.get(sub.principal.as_str()), Some(Some(v)) if *v != Viewer::Public))
            .map(|sub| {
                let id = delivery_id(&format!("{}:{index}:{KIND}", sub.id));
                pending(id, sub, KIND, index, None, &payload, now)
            })
            .collect())
    }

    /// Sends the deliveries that are due, at most [`SENDS_PER_PASS`] at once.
    async fn send_due(&self) -> Result<(), AppError> {
        let now = truce_node::clock::now().as_millisecond();
        let due = self.store.due_deliveries(now, SENDS_PER_PASS).await?;
        if due.is_empty() {
            return Ok(());
        }
        let mut secrets: HashMap<String, Option<SubscriptionRow>> = HashMap::new();
        let mut sends = tokio::task::JoinSet::new();
        for delivery in due {
            if !secrets.contains_key(&delivery.subscription_id) {
                let sub = self.store.subscription(&delivery.subscription_id).await?;
                secrets.insert(delivery.subscription_id.clone(), sub);
            }
            let Some(Some(sub)) = secrets.get(&delivery.subscription_id) else { continue };
            // A principal suspended since the delivery was made is sent
            // nothing more: its deliveries fail, saying why.
            if self.observer.principal(&sub.principal).is_none_or(|p| p.suspended.is_some()) {
                self.store.give_up_delivery(&delivery.id, "the subscriber's principal is suspended or unknown").await?;
                continue;
            }
            let (client, url, secret) = (self.client.clone(), sub.url.clone(), sub.secret.clone());
            sends.spawn(async move {
                let result = post(&client, &url, &secret, &delivery).await;
                (delivery, result)
            });
        }
        while let Some(joined) = sends.join_next().await {
            let Ok((delivery, result)) = joined else { continue };
            let at = truce_node::clock::now().as_millisecond();
            let made = delivery.attempts + 1;
            let attempt = match result {
                Ok(status) => {
                    Attempt { at, status: Some(status), error: None, outcome: "delivered", next_attempt_at: None }
                }
                Err((status, error)) => match self.settings.wait_after(made) {
                    Some(wait) => Attempt {
                        at,
                        status,
                        error: Some(error),
                        outcome: "pending",
                        next_attempt_at: Some(at + i64::try_from(wait.as_millis()).unwrap_or(i64::MAX / 2)),
                    },
                    None => Attempt { at, status, error: Some(error), outcome: "failed", next_attempt_at: None },
                },
            };
            self.store.record_attempt(&delivery.id, &attempt).await?;
        }
        Ok(())
    }
}

/// Posts one delivery, signed; the status on a 2xx answer, else the
/// status (if any) and why it failed.
async fn post(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    delivery: &DeliveryRow,
) -> Result<u16, (Option<u16>, String)> {
    let timestamp = truce_node::clock::now().as_second();
    let body = delivery.payload.as_bytes().to_vec();
    let signature = sign(secret, &delivery.id, timestamp, &body).map_err(|e| (None, e.to_string()))?;
    let answer = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body)
        .send()
        .await
        .map_err(|e| (None, format!("no answer: {e}")))?;
    let status = answer.status().as_u16();
    if answer.status().is_success() { Ok(status) } else { Err((Some(status), format!("answered {status}"))) }
}

/// The deliveries a log entry makes if it publishes a communiqué: one to
/// every subscription that wants them (a published communiqué is
/// everyone's to read), from its registration on.
fn communique_deliveries(
    index: u64,
    entry: &[u8],
    subscriptions: &[SubscriptionRow],
) -> Result<Vec<DeliveryRow>, AppError> {
    let record: serde_json::Value = serde_json::from_slice(entry).map_err(AppError::internal)?;
    if record["type"] != COMMUNIQUE_PUBLISHED {
        return Ok(Vec::new());
    }
    let body = &record["body"];
    let communique = body["communique"].as_str().unwrap_or_default();
    let data = serde_json::json!({
        "communique": communique,
        "publish_as": body["publish_as"],
        "record": index,
        "path": format!("/api/v1/communiques/{communique}"),
    });
    let payload = serde_json::json!({ "type": "communique.published", "timestamp": record["time"], "data": data });
    let now = truce_node::clock::now().as_millisecond();
    Ok(subscriptions
        .iter()
        .filter(|sub| index >= sub.from_record && sub.events.split(',').any(|e| e == "communique.published"))
        .map(|sub| {
            let id = delivery_id(&format!("{}:{index}:communique.published", sub.id));
            pending(id, sub, "communique.published", index, None, &payload, now)
        })
        .collect())
}

/// A delivery of `payload` to `sub`, due `now`, not yet tried.
fn pending(
    id: String,
    sub: &SubscriptionRow,
    kind: &str,
    record_idx: u64,
    case_id: Option<String>,
    payload: &serde_json::Value,
    now: i64,
) -> DeliveryRow {
    DeliveryRow {
        id,
        subscription_id: sub.id.clone(),
        event_type: kind.to_owned(),
        record_idx,
        case_id,
        payload: payload.to_string(),
        status: "pending".to_owned(),
        attempts: 0,
        next_attempt_at: Some(now),
        last_attempt_at: None,
        last_status: None,
        last_error: None,
        created_at: now,
    }
}

/// The `webhook-id` of the delivery named by `key`: stable, so a pass read
/// again after a crash writes nothing twice.
fn delivery_id(key: &str) -> String {
    format!("msg_{}", &hex::encode(Sha256::digest(key.as_bytes()))[..32])
}

/// The deliveries the event in `row` makes: one per subscription that
/// wants one of its types and whose principal may see the case as it
/// stood after the event, and the event itself.
fn deliveries_for(
    row: &EventRow,
    history: &[Event],
    subscriptions: &[SubscriptionRow],
    viewers: &HashMap<&str, Option<Viewer>>,
) -> Result<Vec<DeliveryRow>, AppError> {
    let seq = usize::try_from(row.seq).map_err(AppError::internal)?;
    let Some(upto) = history.get(..=seq) else { return Ok(Vec::new()) };
    let Some(event) = upto.last() else { return Ok(Vec::new()) };
    let after: Case = super::folded::fold(upto)?;
    let before = match upto.split_last() {
        Some((_, earlier)) if !earlier.is_empty() => Some(super::folded::fold(earlier)?.status),
        _ => None,
    };
    let types = types_of(event, before, after.status);
    let mut out = Vec::new();
    if types.is_empty() {
        return Ok(out);
    }
    for sub in subscriptions {
        if row.record_idx < sub.from_record {
            continue;
        }
        let Some(Some(viewer)) = viewers.get(sub.principal.as_str()) else { continue };
        if !access::may_see_case(viewer, CaseParties::of(&after))
            || !access::visible_events(viewer, upto).contains(&seq)
        {
            continue;
        }
        for kind in &types {
            if !sub.events.split(',').any(|e| e == *kind) {
                continue;
            }
            let mut data = serde_json::json!({
                "case": row.case_id,
                "status": after.status.as_str(),
                "previous_status": before.map(Status::as_str),
                "record": row.record_idx,
                "event": event,
            });
            if *kind == "escalation" {
                let alert = format!("{}-{}-{}", row.record_idx, row.seq, row.case_id);
                data["alert"] = serde_json::json!({ "id": alert, "path": format!("/api/v1/alerts/{alert}") });
            }
            let payload = serde_json::json!({ "type": kind, "timestamp": event.at.to_string(), "data": data });
            let key = format!("{}:{}:{}:{}:{kind}", sub.id, row.record_idx, row.case_id, row.seq);
            let id = delivery_id(&key);
            let now = truce_node::clock::now().as_millisecond();
            out.push(pending(id, sub, kind, row.record_idx, Some(row.case_id.clone()), &payload, now));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn names_resolving_into_the_servers_network_are_not_called() {
        use reqwest::dns::Resolve as _;
        let name = |n: &str| n.parse::<reqwest::dns::Name>().unwrap();
        let strict = PublicAddressesOnly { allow_loopback: false };
        let refused = strict.resolve(name("localhost")).await.err().expect("localhost is refused");
        assert!(refused.to_string().contains("resolves only to private"), "{refused}");
        let loose = PublicAddressesOnly { allow_loopback: true };
        let kept: Vec<_> = loose.resolve(name("localhost")).await.unwrap().collect();
        assert!(!kept.is_empty() && kept.iter().all(|a| a.ip().is_loopback()), "{kept:?}");
        for ip in [
            "10.0.0.1",
            "172.16.3.4",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(internal(ip.parse().unwrap()), "{ip} is internal");
        }
        for ip in ["8.8.8.8", "100.128.0.1", "2001:4860::8888"] {
            assert!(!internal(ip.parse().unwrap()), "{ip} is public");
        }
    }

    fn check(url: &str, loopback_http: bool) -> Result<String, String> {
        let settings = WebhookSettings { allow_loopback_http: loopback_http, ..WebhookSettings::default() };
        check_url(url, &settings).map(|u| u.to_string()).map_err(|e| e.to_string())
    }

    #[test]
    fn urls_are_https_or_loopback_http_where_allowed_and_errors_name_the_field() {
        assert_eq!(check("https://desk.example.org/truce", false), Ok("https://desk.example.org/truce".into()));
        assert!(check("http://127.0.0.1:8080/hook", true).is_ok());
        assert!(check("http://[::1]:8080/hook", true).is_ok());
        assert!(check("http://localhost/hook", true).is_ok());
        for (url, loopback, why) in [
            ("http://127.0.0.1:8080/hook", false, "must use https"),
            ("http://desk.example.org/hook", true, "must use https"),
            ("ftp://desk.example.org/hook", true, "must use https, not ftp"),
            ("https://10.1.2.3/hook", false, "private"),
            ("https://169.254.169.254/latest", false, "private"),
            ("https://127.0.0.1/hook", false, "loopback"),
            ("https://localhost/hook", false, "loopback"),
            ("https://user:pw@desk.example.org/", false, "user name"),
            ("https://desk.example.org/#x", false, "fragment"),
            ("not a url", false, "is not a URL"),
        ] {
            let e = check(url, loopback).unwrap_err();
            assert!(e.starts_with("url: ") && e.contains(why), "{url}: {e}");
        }
    }

    #[test]
    fn retries_wait_four_times_longer_each_time_and_stop_after_the_last_attempt() {
        let s = WebhookSettings::default();
        let waits: Vec<u64> = (1..=8).filter_map(|n| s.wait_after(n)).map(|d| d.as_secs()).collect();
        assert_eq!(waits, [10, 40, 160, 640, 2_560, 10_240, 40_960]);
        assert_eq!(s.wait_after(8), None);
    }

    #[test]
    fn the_signature_is_standard_webhooks_v1() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
