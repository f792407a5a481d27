-- Version 7: records the server sent that this app could not read. One odd item (a null
-- where a value must be, a negative duration) is kept here raw with the reason instead
-- of stopping the sync; it is read again after the app is updated, and leaves when the
-- server later sends the same item in a readable form. `item_key` is the item's id when
-- it has one, else `raw:<hash>` of its JSON.
CREATE TABLE quarantine (
    collection    TEXT NOT NULL,
    item_key      TEXT NOT NULL,
    raw           TEXT NOT NULL,
    reason        TEXT NOT NULL,
    app_version   TEXT NOT NULL,
    first_seen_ms INTEGER NOT NULL,
    last_seen_ms  INTEGER NOT NULL,
    PRIMARY KEY (collection, item_key)
) STRICT;
