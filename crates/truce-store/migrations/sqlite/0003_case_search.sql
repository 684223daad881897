-- Text search of the case list (`q=`): an FTS5 index over each case's id
-- and summary, so that a search is an index lookup rather than a
-- `like '%…%'` scan of every summary. See `src/search.rs` for the rule.
--
-- External content: the index stores only its terms and reads the text
-- from `cases` by rowid; the triggers keep it in step with every write to
-- the projection, including `truce rebuild`, which deletes every case and
-- writes them again. The rowids of `cases` survive `vacuum`, because the
-- table has indexes (SQLite renumbers only tables without any).
--
-- The tokenizer splits at spaces and punctuation (so `2025-10-15-chaman`
-- is four terms), folds case, keeps accents (as PostgreSQL's `simple`
-- configuration does) and keeps combining marks inside words.
create virtual table case_search using fts5 (
    id,
    summary,
    content = 'cases',
    content_rowid = 'rowid',
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);
insert into case_search (case_search) values ('rebuild');

create trigger case_search_insert after insert on cases begin
    insert into case_search (rowid, id, summary) values (new.rowid, new.id, new.summary);
end;

create trigger case_search_delete after delete on cases begin
    insert into case_search (case_search, rowid, id, summary) values ('delete', old.rowid, old.id, old.summary);
end;

-- Most updates change a case's status, not its text: those leave the index alone.
create trigger case_search_update after update of id, summary on cases
when old.id is not new.id or old.summary is not new.summary begin
    insert into case_search (case_search, rowid, id, summary) values ('delete', old.rowid, old.id, old.summary);
    insert into case_search (rowid, id, summary) values (new.rowid, new.id, new.summary);
end;
