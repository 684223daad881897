-- Text search of the case list (`q=`): a `tsvector` of each case's id and
-- summary with a GIN index, so that a search is an index lookup rather
-- than a `like '%…%'` scan of every summary. See `src/search.rs` for the
-- rule.
--
-- A stored generated column: PostgreSQL keeps it in step with every write,
-- including `truce rebuild`. The `simple` configuration lowercases and
-- neither stems nor drops stop words: summaries are in several languages.
-- ASCII punctuation (0x21-0x2f, 0x3a-0x40, 0x5b-0x60, 0x7b-0x7e, the set
-- the query side splits at) becomes a space first, so that an id such as
-- `2025-10-15-chaman` is four words rather than one "host" or "hword"
-- token of the text-search parser. Whole words and prefixes are all a
-- search needs, so no trigram index.
alter table cases add column search tsvector generated always as (
    to_tsvector(
        'simple',
        regexp_replace(id || ' ' || summary, '[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]', ' ', 'g')
    )
) stored;
create index cases_search on cases using gin (search);
