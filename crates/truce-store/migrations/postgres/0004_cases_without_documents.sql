-- A case row no longer carries the whole case as JSON.
--
-- The sequencer rewrote that document on every command, and once a case
-- had its reply, report, finding and votes it was several KB: most of
-- what SQLite wrote per record. The texts it held are already in the
-- case's event rows, which are written once; a reader now folds those
-- (`truce_core::Case::from_history`), and the row keeps only the columns
-- that lists filter and sort on. `truce rebuild` and the sequencer write
-- the same columns; `truce verify` compares them.
alter table cases drop column doc;
