-- The log's head, advanced by compare-and-set in each batch's transaction
-- (see the PostgreSQL migration). SQLite runs one server, but the same
-- check keeps any second writer (a tool run beside it) from forking it.
create table log_head (
    id integer primary key check (id = 1),
    size bigint not null
);
insert into log_head (id, size) select 1, coalesce(max(size), 0) from checkpoints;

-- The queue of submissions for a leader elsewhere: unused on SQLite, which
-- runs one server, but kept so both backends have the same tables.
create table queued_submissions (
    id integer primary key autoincrement,
    entry blob not null,
    salt blob,
    body text,
    queued_at bigint not null,
    log_index bigint,
    refusal text,
    refusal_field text
);
