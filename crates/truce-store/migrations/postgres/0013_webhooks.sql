-- Webhooks: subscriptions, and the outbox of deliveries made from the log.
--
-- Not projections of the log: `truce rebuild` leaves them alone. A
-- subscription's secret is kept as issued, because the server must sign
-- with it (HMAC); it is shown to the subscriber once, at registration.
-- Deliveries are written by the server's delivery task from committed
-- case events, in the same transaction that moves the cursor past them,
-- so each is made once and survives a restart until it is delivered or
-- its attempts are used up.
create table webhook_subscriptions (
    id text primary key,
    principal text not null,
    url text not null,
    -- The event types wanted, comma-separated.
    events text not null,
    secret text not null,
    created_at bigint not null,
    -- The first log index whose events it is sent: nothing from before
    -- its registration.
    from_record bigint not null
);
create index webhook_subscriptions_principal on webhook_subscriptions (principal, created_at);

create table webhook_deliveries (
    -- Stable across retries: the `webhook-id` header.
    id text primary key,
    subscription_id text not null,
    event_type text not null,
    record_idx bigint not null,
    case_id text,
    payload text not null,
    -- pending, delivered or failed.
    status text not null,
    attempts bigint not null,
    -- Unix milliseconds; null once delivered or failed.
    next_attempt_at bigint,
    last_attempt_at bigint,
    -- The receiver's HTTP status, or why no status came back.
    last_status bigint,
    last_error text,
    created_at bigint not null
);
create index webhook_deliveries_due on webhook_deliveries (status, next_attempt_at);
create index webhook_deliveries_of on webhook_deliveries (subscription_id, created_at);

-- The next log index the delivery task reads events from (one row).
create table webhook_cursor (
    id bigint primary key,
    next_record bigint not null
);

-- The escalations behind the CAP alerts are read by event kind.
create index case_events_kind on case_events (kind, record_idx);
