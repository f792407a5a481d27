//! Idempotent, merging upserts and the atomic page write.
//!
//! The server describes one item in several partial shapes (a call in the list has no
//! summary, the details route has it, the `call.completed` webhook has the ended reason but
//! no created_at). So an upsert merges: keys the new item carries overwrite, keys it lacks
//! are kept, an explicit `null` is kept as `null`. If the merged object equals what is
//! stored, nothing is written at all: no `local_changed_ms` bump, no trigger, no FTS work,
//! and the caller is told [`UpsertOutcome::Unchanged`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, TransactionBehavior, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Store;
use crate::error::{Error, Result};
use crate::extract::{derive, id_of, spec};
use crate::model::Collection;
use crate::row_keys::PkSlots;
use crate::sync_state::{SyncState, set_in};
use crate::time::{now_ms, parse_ms};

/// What an upsert did to the stored row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpsertOutcome {
    /// The item was new.
    Inserted,
    /// The item existed and at least one key changed.
    Updated,
    /// The item existed and the merge changed nothing; nothing was written.
    Unchanged,
}

/// Counts of what a batch write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageWrite {
    /// Items that were new.
    pub inserted: usize,
    /// Items that changed.
    pub updated: usize,
    /// Items that were already stored exactly so.
    pub unchanged: usize,
    /// Rows removed by [`Store::replace_all`] because the server no longer lists them.
    pub removed: usize,
}

impl PageWrite {
    fn add(&mut self, outcome: UpsertOutcome) {
        match outcome {
            UpsertOutcome::Inserted => self.inserted += 1,
            UpsertOutcome::Updated => self.updated += 1,
            UpsertOutcome::Unchanged => self.unchanged += 1,
        }
    }

    /// Whether anything on disk changed, so the UI knows whether to refresh.
    pub fn changed(&self) -> bool {
        self.inserted + self.updated + self.removed > 0
    }
}

/// The columns every synced table is written with, in order: `pk, id`, the collection's
/// typed columns, then `created_at, created_ms, raw, local_changed_ms`.
fn columns(collection: Collection) -> Vec<&'static str> {
    let s = spec(collection);
    let mut cols: Vec<&str> = vec!["pk", "id"];
    cols.extend_from_slice(s.columns);
    cols.extend_from_slice(&["created_at", "created_ms", "raw", "local_changed_ms"]);
    cols
}

/// The SQL statements of one collection's write path, built once.
struct WriteSql {
    /// Creates the connection's staging table (a `TEMP` table shaped like the real one).
    create_stage: String,
    /// Stages one row.
    stage: String,
    /// Moves every staged row into the real table in one statement (see [`write_rows`]).
    apply: String,
    /// Empties the staging table.
    clear: String,
}

static WRITE_SQL: LazyLock<Vec<WriteSql>> = LazyLock::new(|| {
    Collection::ALL
        .iter()
        .map(|c| {
            let table = spec(*c).table;
            let cols = columns(*c);
            let stage_table = format!("temp.stage_{table}");
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let sets: Vec<String> = std::iter::once("pk = coalesce(excluded.pk, pk)".to_owned())
                .chain(cols[2..].iter().map(|c| format!("{c} = excluded.{c}")))
                .collect();
            WriteSql {
                create_stage: format!(
                    "CREATE TEMP TABLE IF NOT EXISTS stage_{table} ({})",
                    cols.join(", ")
                ),
                stage: format!(
                    "INSERT INTO {stage_table} ({}) VALUES ({})",
                    cols.join(", "),
                    marks.join(", ")
                ),
                // Ascending row keys (rows without a key last, as SQLite gives them one
                // above all others): FTS5 flushes its pending terms to disk whenever a
                // document's rowid is lower than the previous one's, and pages arrive newest
                // (highest key) first. `WHERE true` settles the parser's doubt between a
                // join's ON and the upsert's ON CONFLICT.
                apply: format!(
                    "INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage_table} WHERE true \
                     ORDER BY pk IS NULL, pk ON CONFLICT (id) DO UPDATE SET {}",
                    sets.join(", "),
                    cols = cols.join(", ")
                ),
                clear: format!("DELETE FROM {stage_table}"),
            }
        })
        .collect()
});

fn write_sql(collection: Collection) -> Option<&'static WriteSql> {
    let i = Collection::ALL.iter().position(|c| *c == collection)?;
    WRITE_SQL.get(i)
}

/// Puts a lifted key (stored in its own column) back into `raw`.
pub(crate) fn restore_lifted(raw: &mut Value, key: &str, value: Option<&str>) {
    if let (Value::Object(obj), Some(v)) = (raw, value) {
        if !obj.contains_key(key) {
            obj.insert(key.to_owned(), Value::String(v.to_owned()));
        }
    }
}

/// An item of a batch: borrowed from the caller, or owned (a sync page's items, moved in
/// so that neither the merge nor a new row copies them).
pub(crate) type Item<'a> = Cow<'a, Value>;

/// Merges `incoming` (an object) into `into`; whether any key changed.
fn merge(into: &mut Map<String, Value>, incoming: Item<'_>) -> bool {
    let mut changed = false;
    match incoming {
        Cow::Borrowed(Value::Object(obj)) => {
            for (k, v) in obj {
                if into.get(k) != Some(v) {
                    into.insert(k.clone(), v.clone());
                    changed = true;
                }
            }
        }
        Cow::Owned(Value::Object(obj)) => {
            for (k, v) in obj {
                if into.get(&k) != Some(&v) {
                    into.insert(k, v);
                    changed = true;
                }
            }
        }
        _ => {}
    }
    changed
}

/// The object of an item (checked to be one), without a copy when it is owned.
fn into_map(item: Item<'_>) -> Map<String, Value> {
    match item {
        Cow::Owned(Value::Object(obj)) => obj,
        Cow::Borrowed(Value::Object(obj)) => obj.clone(),
        _ => Map::new(),
    }
}

/// A stored row as the merge needs it: row key, `created_ms`, `raw` and the lifted column.
type StoredRow = (i64, i64, String, Option<String>);

/// The stored rows of `ids`, in one query for the whole batch.
fn stored_rows<'a>(
    conn: &Connection,
    collection: Collection,
    ids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, StoredRow>> {
    let s = spec(collection);
    let ids = serde_json::to_string(&ids.collect::<Vec<_>>()).map_err(|e| Error::InvalidItem {
        collection: s.table,
        reason: e.to_string(),
    })?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, pk, created_ms, raw, {} FROM {} \
         WHERE id IN (SELECT value FROM json_each(?1))",
        s.lifted.unwrap_or("NULL"),
        s.table
    ))?;
    let rows = stmt
        .query_map([ids], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok(rows)
}

/// An item of a batch that has to be written.
struct Dirty {
    id: String,
    /// Every key the item has after the merge.
    merged: Map<String, Value>,
    /// Row key and `created_ms` of the stored row, if the item was stored before the batch.
    old_key: Option<(i64, i64)>,
}

/// Upserts `items` on `conn` (which the caller has put in a transaction), in order: an item
/// merges into what the previous items of the batch left. Returns what happened to each.
///
/// Each item is merged in Rust and compared with what is stored; only new or changed rows
/// are written, and all of them by one `INSERT … SELECT … ON CONFLICT DO UPDATE` from a
/// staging table, in ascending row key order. Both matter for the search indexes: the FTS5
/// triggers still do the indexing, but FTS5 flushes its pending terms to a new on-disk
/// segment at every statement that opens a statement journal (which every upsert firing a
/// trigger does) and whenever a rowid is lower than the one before. A statement per row,
/// newest first, made a segment per row, and most of the write time went into merging
/// them again. Now the terms of a whole batch go out together at commit.
pub(crate) fn upsert_batch(
    conn: &Connection,
    collection: Collection,
    items: &[Value],
) -> Result<Vec<UpsertOutcome>> {
    upsert_items(conn, collection, items.iter().map(Cow::Borrowed).collect())
}

/// [`upsert_batch`] of items that may be owned (moved into the rows, not copied).
///
/// The stored copies of the batch's items are read in one query, and the row keys of its
/// new rows in one more (see `row_keys.rs`): a query per item was a visible part of a
/// sync's write.
pub(crate) fn upsert_items(
    conn: &Connection,
    collection: Collection,
    items: Vec<Item<'_>>,
) -> Result<Vec<UpsertOutcome>> {
    let s = spec(collection);
    let invalid = |reason: &str| Error::InvalidItem {
        collection: s.table,
        reason: reason.to_owned(),
    };
    let mut keyed = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(incoming) = item.as_ref() else {
            return Err(invalid("it is not a JSON object"));
        };
        let id = id_of(incoming, s.id_keys).ok_or_else(|| {
            invalid(&format!(
                "it has no usable id (looked for {})",
                s.id_keys.join(", ")
            ))
        })?;
        keyed.push((id, item));
    }
    let stored = stored_rows(conn, collection, keyed.iter().map(|(id, _)| id.as_str()))?;
    let mut outcomes = Vec::with_capacity(keyed.len());
    let mut dirty: Vec<Dirty> = Vec::new();
    let mut dirty_by_id: HashMap<String, usize> = HashMap::new();
    for (id, item) in keyed {
        // Written earlier in this batch: merge into that.
        if let Some(d) = dirty_by_id.get(&id).and_then(|i| dirty.get_mut(*i)) {
            outcomes.push(if merge(&mut d.merged, item) {
                UpsertOutcome::Updated
            } else {
                UpsertOutcome::Unchanged
            });
            continue;
        }
        let (merged, old_key) = match stored.get(&id) {
            Some((pk, old_ms, raw, lifted)) => {
                let mut old = match crate::model::raw_json(raw) {
                    Value::Object(obj) => Value::Object(obj),
                    _ => Value::Object(Map::new()),
                };
                if let Some(key) = s.lifted {
                    restore_lifted(&mut old, key, lifted.as_deref());
                }
                let Value::Object(mut merged) = old else {
                    return Err(invalid("its stored copy is unreadable"));
                };
                if !merge(&mut merged, item) {
                    outcomes.push(UpsertOutcome::Unchanged);
                    continue;
                }
                outcomes.push(UpsertOutcome::Updated);
                (merged, Some((*pk, *old_ms)))
            }
            None => {
                outcomes.push(UpsertOutcome::Inserted);
                (into_map(item), None)
            }
        };
        dirty_by_id.insert(id.clone(), dirty.len());
        dirty.push(Dirty {
            id,
            merged,
            old_key,
        });
    }
    write_rows(conn, collection, dirty)?;
    Ok(outcomes)
}

/// Writes the rows of a batch (see [`upsert_batch`]).
fn write_rows(conn: &Connection, collection: Collection, dirty: Vec<Dirty>) -> Result<()> {
    if dirty.is_empty() {
        return Ok(());
    }
    let s = spec(collection);
    let sql = write_sql(collection).ok_or(Error::InvalidItem {
        collection: s.table,
        reason: "the collection has no write statements".to_owned(),
    })?;
    conn.prepare_cached(&sql.create_stage)?.execute([])?;
    conn.prepare_cached(&sql.clear)?.execute([])?;
    let now = now_ms();
    let times: Vec<(Option<String>, i64)> = dirty
        .iter()
        .map(|d| {
            let created_at = crate::extract::as_text(d.merged.get("created_at"));
            let created_ms = created_at.as_deref().and_then(parse_ms).unwrap_or(0);
            (created_at, created_ms)
        })
        .collect();
    // The seconds whose row keys are needed: new rows, and rows whose time changed.
    let needing = dirty
        .iter()
        .zip(&times)
        .filter_map(|(d, (_, ms))| match d.old_key {
            Some((_, old_ms)) if old_ms == *ms => None,
            _ => Some(*ms),
        });
    let mut slots = PkSlots::load(conn, s.table, needing)?;
    let mut stage = conn.prepare_cached(&sql.stage)?;
    for (d, (created_at, created_ms)) in dirty.into_iter().zip(times) {
        let pk = match d.old_key {
            Some((pk, old_ms)) if old_ms == created_ms => Some(pk),
            Some((pk, _)) => Some(slots.take(created_ms).unwrap_or(pk)),
            None => slots.take(created_ms),
        };
        let mut values = Vec::with_capacity(s.columns.len() + 6);
        values.push(pk.map_or(Sql::Null, Into::into));
        values.push(Sql::Text(d.id));
        values.extend(derive(collection, &d.merged));
        let raw = stored_raw(&d.merged, s.lifted).map_err(|e| Error::InvalidItem {
            collection: s.table,
            reason: e.to_string(),
        })?;
        values.push(created_at.map_or(Sql::Null, Into::into));
        values.push(created_ms.into());
        values.push(raw.into());
        values.push(now.into());
        stage.execute(params_from_iter(values))?;
    }
    conn.prepare_cached(&sql.apply)?.execute([])?;
    conn.prepare_cached(&sql.clear)?.execute([])?;
    // The rows' words join the search vocabulary in this transaction (see `terms.rs`).
    crate::terms::learn_pending(conn)
}

/// The JSON kept in `raw`: every key but a lifted one holding text (which has a column).
fn stored_raw(merged: &Map<String, Value>, lifted: Option<&str>) -> serde_json::Result<String> {
    struct Stored<'a>(&'a Map<String, Value>, Option<&'a str>);
    impl Serialize for Stored<'_> {
        fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            ser.collect_map(
                self.0
                    .iter()
                    .filter(|(k, v)| !(Some(k.as_str()) == self.1 && v.is_string())),
            )
        }
    }
    serde_json::to_string(&Stored(merged, lifted))
}

/// Upserts one item on `conn` (which the caller has put in a transaction).
pub(crate) fn upsert_in(
    conn: &Connection,
    collection: Collection,
    item: &Value,
) -> Result<UpsertOutcome> {
    let outcomes = upsert_batch(conn, collection, std::slice::from_ref(item))?;
    Ok(outcomes
        .first()
        .copied()
        .unwrap_or(UpsertOutcome::Unchanged))
}

pub(crate) fn count(outcomes: &[UpsertOutcome]) -> PageWrite {
    let mut counts = PageWrite::default();
    for outcome in outcomes {
        counts.add(*outcome);
    }
    counts
}

impl Store {
    /// Merges one item the server sent into the cache.
    ///
    /// `item` is the server's JSON object for the collection (list entry, details answer or
    /// a webhook's `data`); its id is read from `id` or the collection's other id key
    /// (`call_id` for calls and transcripts, `lead_id` for leads, `business_id` for
    /// businesses). Sending the same item twice changes nothing the second time.
    pub fn upsert(&mut self, collection: Collection, item: &Value) -> Result<UpsertOutcome> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let outcome = upsert_in(&tx, collection, item)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Merges many items in one transaction: all of them or none.
    pub fn upsert_many(&mut self, collection: Collection, items: &[Value]) -> Result<PageWrite> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let counts = count(&upsert_batch(&tx, collection, items)?);
        tx.commit()?;
        Ok(counts)
    }

    /// Writes one page from the server together with the sync state that follows it.
    ///
    /// Items and state share one transaction, so after a crash at any moment the cache
    /// holds either the whole page and the new cursor, or neither: the sync engine resumes
    /// from a cursor whose page is fully stored and never skips items. (A page with
    /// items the app could not read: [`Store::write_page_quarantining`].)
    pub fn write_page(
        &mut self,
        collection: Collection,
        items: &[Value],
        state: &SyncState,
    ) -> Result<PageWrite> {
        self.write_page_items(
            collection,
            items.iter().map(Cow::Borrowed).collect(),
            &[],
            "",
            state,
        )
    }

    /// Makes a small, fully listed collection (agents, numbers, businesses) exactly the
    /// server's list: upserts every item and removes rows the list no longer has, with the
    /// sync state, in one transaction.
    pub fn replace_all(
        &mut self,
        collection: Collection,
        items: &[Value],
        state: &SyncState,
    ) -> Result<PageWrite> {
        let s = spec(collection);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut counts = count(&upsert_batch(&tx, collection, items)?);
        let ids: Vec<String> = items
            .iter()
            .filter_map(|item| match item {
                Value::Object(obj) => id_of(obj, s.id_keys),
                _ => None,
            })
            .collect();
        let ids = serde_json::to_string(&ids).map_err(|e| Error::InvalidItem {
            collection: s.table,
            reason: e.to_string(),
        })?;
        counts.removed = tx.execute(
            &format!(
                "DELETE FROM {} WHERE id NOT IN (SELECT value FROM json_each(?1))",
                s.table
            ),
            [ids],
        )?;
        set_in(&tx, collection, state)?;
        tx.commit()?;
        Ok(counts)
    }

    /// Removes one item (its search entries and, for a lead, its queued edits go with it).
    /// Returns whether it was there.
    pub fn delete(&mut self, collection: Collection, id: &str) -> Result<bool> {
        let n = self.conn.execute(
            &format!("DELETE FROM {} WHERE id = ?1", spec(collection).table),
            [id],
        )?;
        Ok(n > 0)
    }
}
