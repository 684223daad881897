-- The transparency log and the projections maintained from it (PostgreSQL).
-- Applied migrations are never edited: a change is a new file.

create table log_entries (
    idx bigint primary key,
    entry bytea not null
);

-- Merkle tree hashes in tlog's stored-hash order; tiles are read from these.
create table log_hashes (
    idx bigint primary key,
    hash bytea not null
);

create table checkpoints (
    size bigint primary key,
    note text not null
);

-- Plaintext and salt of confidential record bodies: the log holds only the commitment.
create table confidential_bodies (
    idx bigint primary key,
    salt bytea not null,
    body text not null
);

create table meta (
    key text primary key,
    value text not null
);

-- Projections: rebuilt from the log by `truce rebuild`.

create table principals (
    id text primary key,
    participant text,
    role text not null,
    public_key text not null,
    record_idx bigint not null
);

create table cases (
    id text primary key,
    status text not null,
    accused text not null,
    complainant text,
    filed_at bigint not null,
    occurred_at bigint not null,
    summary text not null,
    provisions text not null,
    lat double precision,
    lon double precision,
    last_record_idx bigint not null,
    doc text not null
);
create index cases_status on cases (status);
create index cases_occurred_at on cases (occurred_at);
create index cases_accused on cases (accused);

create table case_events (
    case_id text not null,
    seq bigint not null,
    record_idx bigint not null,
    at bigint not null,
    kind text not null,
    doc text not null,
    constraint case_events_pk primary key (case_id, seq)
);

create table incidents (
    case_id text not null,
    report_case_id text not null,
    constraint incidents_pk primary key (case_id, report_case_id)
);

create table findings (
    case_id text primary key,
    occurrence text not null,
    party text,
    basis text,
    severity text,
    provisions text not null,
    determined_at bigint,
    final_at bigint,
    doc text not null
);

create table penalties (
    case_id text primary key,
    party text not null,
    proposed_level bigint not null,
    explanation text not null,
    decided_level bigint,
    measure text,
    decided_at bigint,
    compliance_by bigint,
    complied bigint
);

create table statistics (
    scope text primary key,
    as_of_size bigint not null,
    doc text not null
);
