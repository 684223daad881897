-- The open data in ACLED's, UCDP's and HXL's columns needs what the
-- allegation says was done and where, which a case row did not keep: the
-- acts (ACLED's event and sub-event types follow from them), the
-- location's ACLED geo_precision and the place as the filer named it, and
-- what the geography made of the point (the country it lies in, as its
-- ISO 3166-1 alpha-2 code, and its province). Reading them here, rather
-- than folding every case's events, keeps a download of a million cases
-- a join.
--
-- Rows written before this migration hold the defaults (no acts, nothing
-- known of the place) until `truce rebuild` writes them again from the
-- log (`truce verify` reports the difference until then).
alter table cases add column acts text not null default '';
alter table cases add column geo_precision bigint;
alter table cases add column place text;
alter table cases add column country text;
alter table cases add column admin1 text;
