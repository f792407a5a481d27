-- Version 1 of the offline cache. Shipped migrations are never edited: a change to the
-- schema is a new file appended to `MIGRATIONS` in src/schema.rs (see the crate README).
--
-- Every synced table has the same spine:
--   pk               integer rowid that FTS5 external-content indexes point at; chosen
--                    as created seconds * 64 + n so rowid order is time order (see
--                    time_ordered_pk in src/upsert.rs), and moved only if created_at changes
--   id               the server's id (TEXT UNIQUE, the upsert key)
--   created_at       the server's timestamp, verbatim
--   created_ms       the same instant as Unix milliseconds, for sorting and date filters
--                    (server strings mix "…00Z" and "…00.000Z", which do not sort as text)
--   raw              every key the server ever sent for the item, merged, as JSON
--   local_changed_ms when this cache last changed the row (never bumped by a no-op upsert)
-- The typed columns are derived from `raw` on every write, so a later migration can add a
-- column and fill it from `raw` without asking the server again.
--
-- There are no foreign keys between server collections on purpose: the server sends items
-- in any order (a lead can name an agent that is not synced yet, a webhook can announce a
-- call before sync sees it), and a cache must accept them all.

CREATE TABLE account (
    id         TEXT PRIMARY KEY NOT NULL,
    created_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE businesses (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    name                TEXT,
    subscription_status TEXT,
    created_at          TEXT,
    created_ms          INTEGER NOT NULL DEFAULT 0,
    raw                 TEXT NOT NULL,
    local_changed_ms    INTEGER NOT NULL
) STRICT;

CREATE TABLE agents (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    name             TEXT,
    business_id      TEXT,
    phone_number     TEXT,
    created_at       TEXT,
    created_ms       INTEGER NOT NULL DEFAULT 0,
    raw              TEXT NOT NULL,
    local_changed_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE numbers (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    phone_number     TEXT,
    agent_id         TEXT,
    business_id      TEXT,
    created_at       TEXT,
    created_ms       INTEGER NOT NULL DEFAULT 0,
    raw              TEXT NOT NULL,
    local_changed_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE calls (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    conversation_id  TEXT,
    status           TEXT,
    -- `status` folded to one spelling per meaning ("ended" -> "completed",
    -- "in_progress"/"started" -> "in-progress"), so filters and charts agree.
    status_norm      TEXT,
    direction        TEXT,
    duration         INTEGER,
    agent_id         TEXT,
    agent_name       TEXT,
    business_id      TEXT,
    lead_id          TEXT,
    to_number        TEXT,
    customer_name    TEXT,
    summary          TEXT,
    recording_url    TEXT,
    ended_reason     TEXT,
    created_at       TEXT,
    created_ms       INTEGER NOT NULL DEFAULT 0,
    raw              TEXT NOT NULL,
    local_changed_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX calls_by_time   ON calls (created_ms, id);
CREATE INDEX calls_by_agent  ON calls (agent_id, created_ms, id);
CREATE INDEX calls_by_status ON calls (status_norm, created_ms, id);

CREATE TABLE leads (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    name             TEXT,
    first_name       TEXT,
    last_name        TEXT,
    email            TEXT,
    phone            TEXT,
    status           TEXT,
    source           TEXT,
    agent_id         TEXT,
    agent_name       TEXT,
    business_id      TEXT,
    notes            TEXT,
    score            INTEGER,
    updated_at       TEXT,
    created_at       TEXT,
    created_ms       INTEGER NOT NULL DEFAULT 0,
    raw              TEXT NOT NULL,
    local_changed_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX leads_by_time   ON leads (created_ms, id);
CREATE INDEX leads_by_status ON leads (status, created_ms, id);
CREATE INDEX leads_by_source ON leads (source, created_ms, id);
CREATE INDEX leads_by_agent  ON leads (agent_id, created_ms, id);

-- `id` is the call id. The transcript text lives only in `transcript`, not also in `raw`
-- (it is put back when a row is read), so the biggest field is stored once.
CREATE TABLE transcripts (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    conversation_id  TEXT,
    agent_id         TEXT,
    agent_name       TEXT,
    status           TEXT,
    duration         INTEGER,
    summary          TEXT,
    transcript       TEXT,
    created_at       TEXT,
    created_ms       INTEGER NOT NULL DEFAULT 0,
    raw              TEXT NOT NULL,
    local_changed_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX transcripts_by_time  ON transcripts (created_ms, id);
CREATE INDEX transcripts_by_agent ON transcripts (agent_id, created_ms, id);

-- SMS the user sent from this app. The server has no list route for them, so this log is
-- the only record the app has.
CREATE TABLE sms_sent (
    pk          INTEGER PRIMARY KEY,
    message_sid TEXT UNIQUE,
    to_number   TEXT NOT NULL,
    from_number TEXT,
    agent_id    TEXT,
    lead_id     TEXT,
    body        TEXT NOT NULL,
    sent_ms     INTEGER NOT NULL,
    raw         TEXT NOT NULL
) STRICT;
CREATE INDEX sms_by_time ON sms_sent (sent_ms, pk);
CREATE INDEX sms_by_lead ON sms_sent (lead_id, sent_ms, pk);

-- Webhook events already handled. KaiCalls events carry no id, so the key is usually a hash
-- of the raw body; it survives restarts so a replayed delivery is ignored.
CREATE TABLE webhook_events (
    key     TEXT PRIMARY KEY NOT NULL,
    seen_ms INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX webhook_events_by_time ON webhook_events (seen_ms);

CREATE TABLE sync_state (
    collection        TEXT PRIMARY KEY NOT NULL,
    cursor            TEXT,
    high_water_mark   TEXT,
    last_success_ms   INTEGER,
    backfill_done     INTEGER NOT NULL DEFAULT 0,
    backfill_total    INTEGER,
    backfill_complete INTEGER NOT NULL DEFAULT 0,
    updated_ms        INTEGER NOT NULL
) STRICT;

-- Lead edits made offline, in the order the user made them. AUTOINCREMENT so an id is
-- never reused: the sync engine may hold an id across a restart.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id         TEXT NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    fields          TEXT NOT NULL,
    base_updated_at TEXT,
    created_ms      INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'applied', 'superseded')),
    error           TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    resolved_ms     INTEGER
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state, id);
CREATE INDEX outbox_by_lead  ON outbox (lead_id, state);

-- Full-text search. External-content FTS5 tables read their text from the tables above, so
-- nothing is stored twice; triggers keep them in step. The update triggers fire only when
-- an indexed column (or the row key) really changed, so a no-op write never touches the
-- index.
-- No porter stemmer: it breaks prefix search while typing ("appointm*" would not find the
-- stem "appoint"), and transcripts are not always English. No prefix indexes: prefix='3 4'
-- made 3- and 4-letter prefixes fast but more than doubled the index (73 -> 174 MiB at
-- 100k transcripts) and halved the fill rate, and still left "calle*" slow.

CREATE VIRTUAL TABLE transcripts_fts USING fts5 (
    summary, transcript,
    content = 'transcripts', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO transcripts_fts (transcripts_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');
CREATE TRIGGER transcripts_fts_insert AFTER INSERT ON transcripts BEGIN
    INSERT INTO transcripts_fts (rowid, summary, transcript)
    VALUES (new.pk, new.summary, new.transcript);
END;
CREATE TRIGGER transcripts_fts_delete AFTER DELETE ON transcripts BEGIN
    INSERT INTO transcripts_fts (transcripts_fts, rowid, summary, transcript)
    VALUES ('delete', old.pk, old.summary, old.transcript);
END;
CREATE TRIGGER transcripts_fts_update AFTER UPDATE OF pk, summary, transcript ON transcripts
WHEN old.pk IS NOT new.pk
  OR old.summary IS NOT new.summary OR old.transcript IS NOT new.transcript BEGIN
    INSERT INTO transcripts_fts (transcripts_fts, rowid, summary, transcript)
    VALUES ('delete', old.pk, old.summary, old.transcript);
    INSERT INTO transcripts_fts (rowid, summary, transcript)
    VALUES (new.pk, new.summary, new.transcript);
END;

CREATE VIRTUAL TABLE calls_fts USING fts5 (
    summary,
    content = 'calls', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER calls_fts_insert AFTER INSERT ON calls BEGIN
    INSERT INTO calls_fts (rowid, summary) VALUES (new.pk, new.summary);
END;
CREATE TRIGGER calls_fts_delete AFTER DELETE ON calls BEGIN
    INSERT INTO calls_fts (calls_fts, rowid, summary) VALUES ('delete', old.pk, old.summary);
END;
CREATE TRIGGER calls_fts_update AFTER UPDATE OF pk, summary ON calls
WHEN old.pk IS NOT new.pk OR old.summary IS NOT new.summary BEGIN
    INSERT INTO calls_fts (calls_fts, rowid, summary) VALUES ('delete', old.pk, old.summary);
    INSERT INTO calls_fts (rowid, summary) VALUES (new.pk, new.summary);
END;

CREATE VIRTUAL TABLE leads_fts USING fts5 (
    name, notes, email, phone,
    content = 'leads', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO leads_fts (leads_fts, rank) VALUES ('rank', 'bm25(3.0, 1.0, 1.0, 1.0)');
CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
    INSERT INTO leads_fts (rowid, name, notes, email, phone)
    VALUES (new.pk, new.name, new.notes, new.email, new.phone);
END;
CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, name, notes, email, phone)
    VALUES ('delete', old.pk, old.name, old.notes, old.email, old.phone);
END;
CREATE TRIGGER leads_fts_update AFTER UPDATE OF pk, name, notes, email, phone ON leads
WHEN old.pk IS NOT new.pk OR old.name IS NOT new.name OR old.notes IS NOT new.notes
  OR old.email IS NOT new.email OR old.phone IS NOT new.phone BEGIN
    INSERT INTO leads_fts (leads_fts, rowid, name, notes, email, phone)
    VALUES ('delete', old.pk, old.name, old.notes, old.email, old.phone);
    INSERT INTO leads_fts (rowid, name, notes, email, phone)
    VALUES (new.pk, new.name, new.notes, new.email, new.phone);
END;
