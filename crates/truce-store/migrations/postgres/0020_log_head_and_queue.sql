-- Several servers on one database (docs/operations.md, "Several servers").
--
-- The log's head: the tree size of the latest checkpoint. Every batch
-- advances it with a compare-and-set from the size it was built on, in the
-- transaction that writes the batch, so a sequencer whose view is stale (a
-- leader that lost its lease and does not know it yet) changes nothing.
create table log_head (
    id integer primary key check (id = 1),
    size bigint not null
);
insert into log_head (id, size) select 1, coalesce(max(size), 0) from checkpoints;

-- Records submitted to a server that does not hold the sequencer lease,
-- kept until the leader has appended or refused them. The leader writes
-- the record's `log_index` in the transaction that appends the record, so a record is
-- appended once even if the leader dies and another takes over.
create table queued_submissions (
    id bigserial primary key,
    entry bytea not null,
    salt bytea,
    body text,
    queued_at bigint not null,
    log_index bigint,
    refusal text,
    refusal_field text
);
create index queued_submissions_waiting on queued_submissions (id) where log_index is null and refusal is null;
