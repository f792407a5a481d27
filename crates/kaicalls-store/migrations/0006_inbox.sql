-- Version 6: the follow-up inbox's "handled" marks. The inbox itself is computed from
-- the cached leads and calls (new leads not contacted, missed inbound calls, leads whose
-- last call asked for a follow-up); only what the owner marked as dealt with is this
-- computer's own record. `item_key` is `lead:<id>`, `missed:<call id>` or
-- `followup:<call id>`.
CREATE TABLE inbox_handled (
    item_key   TEXT PRIMARY KEY NOT NULL,
    handled_ms INTEGER NOT NULL
) STRICT;
