-- Accounts, sessions, API tokens and received evidence. None of these is a
-- projection of the log: `truce rebuild` leaves them alone.

-- The border sector of a case's location and the monitoring team tasked,
-- for filtering the case list and deciding who sees a case.
alter table cases add column sector text;
alter table cases add column team text;
-- The case list is newest incident first, filtered; each index serves one
-- filter in that order, so a page is read without sorting the table. The
-- single-column indexes they replace would tempt the planner into a sort.
drop index cases_status;
drop index cases_accused;
drop index cases_occurred_at;
create index cases_newest on cases (occurred_at, id);
create index cases_accused_newest on cases (accused, occurred_at, id);
create index cases_status_newest on cases (status, occurred_at, id);
create index cases_sector_newest on cases (sector, occurred_at, id);
create index cases_complainant on cases (complainant);
-- Which case a log record changed, for revealing a record to those who may see it.
create index case_events_record on case_events (record_idx);

-- Login credentials of principals whose key the server holds. A principal
-- that signs with its own key may have no account at all.
create table accounts (
    principal text primary key,
    password_hash text not null,
    -- Base32 TOTP secret once a second factor is confirmed; null before.
    totp_secret text,
    -- A secret offered to the user but not yet confirmed with a code.
    totp_pending text,
    must_change_password integer not null,
    created_at integer not null
);

-- Browser sessions: only the SHA-256 of the cookie value is stored.
create table sessions (
    token_hash text primary key,
    principal text not null,
    csrf text not null,
    created_at integer not null,
    expires_at integer not null
);
create index sessions_principal on sessions (principal);

-- API tokens for machine clients: only the SHA-256 of the token is stored.
create table api_tokens (
    token_hash text primary key,
    principal text not null,
    name text not null,
    created_at integer not null
);
create index api_tokens_principal on api_tokens (principal);

-- Evidence files as received: the file itself is a content-addressed blob.
create table evidence (
    sha256 text not null,
    principal text not null,
    participant text,
    content_type text not null,
    size integer not null,
    filename text not null,
    received_at integer not null,
    exif_lat real,
    exif_lon real,
    exif_time integer,
    record_idx integer,
    constraint evidence_pk primary key (sha256, principal)
);
