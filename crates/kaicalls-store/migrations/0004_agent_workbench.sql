-- Version 4: the agent workbench's local records. None of these come from the server:
-- KaiCalls keeps no history of an agent's settings that its public API shows, so this
-- computer keeps one, per agent, of every change this app saved.

-- Every saved change (an edit or a rollback), in the order saved. `changes` is a JSON
-- array of {field, before, after}; `sent` the exact PATCH body (and the SMS prompt route's
-- body) without the agent id; `updated_fields` the server's answer. `evals` is filled in
-- when the eval gate has run after the change; `regressed` says a scenario that passed
-- before failed after it.
CREATE TABLE agent_versions (
    id             INTEGER PRIMARY KEY,
    agent_id       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    changes        TEXT NOT NULL,
    sent           TEXT NOT NULL,
    updated_fields TEXT NOT NULL,
    rollback_of    INTEGER,
    evals          TEXT,
    regressed      INTEGER NOT NULL DEFAULT 0,
    created_ms     INTEGER NOT NULL
) STRICT;
CREATE INDEX agent_versions_by_agent ON agent_versions (agent_id, id);

-- The editor's unsaved form, one per agent, so it survives switching screens and a
-- restart.
CREATE TABLE agent_drafts (
    agent_id   TEXT PRIMARY KEY NOT NULL,
    draft      TEXT NOT NULL,
    updated_ms INTEGER NOT NULL
) STRICT;

-- Per-agent options. `eval_gate` NULL means the default (on when it has scenarios).
CREATE TABLE agent_options (
    agent_id  TEXT PRIMARY KEY NOT NULL,
    eval_gate INTEGER
) STRICT;

-- Eval runs seen by this app, newest last: one row per scenario run.
CREATE TABLE eval_runs (
    pk         INTEGER PRIMARY KEY,
    run_id     TEXT,
    agent_id   TEXT NOT NULL,
    eval_id    TEXT,
    name       TEXT,
    passed     INTEGER,
    raw        TEXT NOT NULL,
    version_id INTEGER,
    created_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX eval_runs_by_agent ON eval_runs (agent_id, pk);
CREATE INDEX eval_runs_by_eval ON eval_runs (eval_id, pk);

-- The scenarios of each agent as last read, for offline reading.
CREATE TABLE evals (
    id         TEXT PRIMARY KEY NOT NULL,
    agent_id   TEXT NOT NULL,
    raw        TEXT NOT NULL,
    fetched_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX evals_by_agent ON evals (agent_id);
