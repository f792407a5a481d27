-- Version 5: the dial ledger. A call placed from this app reaches a real person and is
-- billed, so each dial is written here before its request is sent: if the app dies, or
-- the answer is lost, the next start still knows that a call may have been placed, to
-- whom and when, and the same request id is never sent again.
--
-- `state`: 'sending' while the request is out (a row still 'sending' when the store is
-- opened was cut off by an exit, and is read as 'uncertain'); 'placed' once KaiCalls
-- answered with `call_id`; 'uncertain' when the answer was lost or the failure may have
-- taken effect (`error_code` says which). A dial refused outright is deleted: it did
-- nothing, and its id may be tried again. `found_call_id` is a call to the same number,
-- created around the dial, that a later sync brought: the dial that may have been placed
-- probably was. `dismissed_ms`: the user has dealt with it.
CREATE TABLE dials (
    request_id    TEXT PRIMARY KEY NOT NULL,
    to_number     TEXT NOT NULL,
    agent_id      TEXT NOT NULL,
    name          TEXT,
    state         TEXT NOT NULL CHECK (state IN ('sending', 'placed', 'uncertain')),
    call_id       TEXT,
    error_code    TEXT,
    found_call_id TEXT,
    started_ms    INTEGER NOT NULL,
    settled_ms    INTEGER,
    dismissed_ms  INTEGER
) STRICT;
CREATE INDEX dials_by_number ON dials (to_number, started_ms);
CREATE INDEX dials_by_time ON dials (started_ms);
