-- The all-time statistics row is no longer kept. No reader used it: the
-- server computes each reader's statistics over the cases that reader may
-- see, with the same definition of every number (truce_core::stats), so a
-- second, stored copy could only disagree. `truce verify` no longer looks
-- for it, and `truce rebuild` no longer writes it.
drop table statistics;
