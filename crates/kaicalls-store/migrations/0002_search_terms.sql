-- Version 2: the search vocabulary, so a prefix typed in the search box is expanded into
-- the words it completes to before FTS5 sees it (see src/terms.rs for why and how).
--
-- search_terms          every word any search index has been given, as the indexes'
--                       tokenizer wrote it (folded, lower case). Only ever added to: a
--                       word whose rows were deleted stays, and costs a lookup that finds
--                       nothing. A superset is all the expansion needs to be exact.
-- search_terms_pending  rows whose indexed text changed and whose words are not in
--                       search_terms yet. The store empties it in the same transaction as
--                       the write; while it is not empty (a write from outside the store),
--                       prefix search falls back to FTS5's own prefix query.

CREATE TABLE search_terms (
    term TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;

-- No key: a row written twice before the store empties the table is listed twice, which
-- costs nothing, and no conflict clause is needed inside the triggers.
CREATE TABLE search_terms_pending (
    tbl TEXT NOT NULL,
    pk  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER transcripts_terms_insert AFTER INSERT ON transcripts BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('transcripts', new.pk);
END;
CREATE TRIGGER transcripts_terms_update AFTER UPDATE OF summary, transcript ON transcripts
WHEN old.summary IS NOT new.summary OR old.transcript IS NOT new.transcript BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('transcripts', new.pk);
END;

CREATE TRIGGER calls_terms_insert AFTER INSERT ON calls BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('calls', new.pk);
END;
CREATE TRIGGER calls_terms_update AFTER UPDATE OF summary ON calls
WHEN old.summary IS NOT new.summary BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('calls', new.pk);
END;

CREATE TRIGGER leads_terms_insert AFTER INSERT ON leads BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('leads', new.pk);
END;
CREATE TRIGGER leads_terms_update AFTER UPDATE OF name, notes, email, phone ON leads
WHEN old.name IS NOT new.name OR old.notes IS NOT new.notes
  OR old.email IS NOT new.email OR old.phone IS NOT new.phone BEGIN
    INSERT INTO search_terms_pending (tbl, pk) VALUES ('leads', new.pk);
END;

-- A cache written by version 1: its words come straight from the indexes.
CREATE VIRTUAL TABLE temp.transcripts_fts_words USING fts5vocab('main', 'transcripts_fts', 'row');
CREATE VIRTUAL TABLE temp.calls_fts_words USING fts5vocab('main', 'calls_fts', 'row');
CREATE VIRTUAL TABLE temp.leads_fts_words USING fts5vocab('main', 'leads_fts', 'row');
INSERT INTO search_terms (term)
    SELECT term FROM temp.transcripts_fts_words
    UNION SELECT term FROM temp.calls_fts_words
    UNION SELECT term FROM temp.leads_fts_words;
DROP TABLE temp.transcripts_fts_words;
DROP TABLE temp.calls_fts_words;
DROP TABLE temp.leads_fts_words;
