-- The open data lost what the log holds about an incident's time and
-- toll: a day-only incident was exported as midnight, and no casualty
-- figure was exported at all. A case row now keeps how precisely the time
-- is known (`exact` or `day`), when the incident ended, and the
-- casualties claimed; a finding row the casualties it established. The
-- casualties are the core's own JSON (`truce_core::case::Casualties`),
-- null when no figure was stated: a figure not stated is not zero.
--
-- Rows written before this migration hold the defaults until `truce
-- rebuild` writes them again from the log (`truce verify` reports the
-- difference until then).
alter table cases add column time_precision text not null default 'exact';
alter table cases add column occurred_until bigint;
alter table cases add column casualties text;
alter table findings add column casualties text;
