-- The class of the sequencer's refusal of a queued record (see
-- truce_node::error::RefusalClass), so that the server that queued it
-- answers its submitter with the status and code the sequencer's own server
-- would have given. Null for a refusal recorded before this column.
alter table queued_submissions add column refusal_class text;
