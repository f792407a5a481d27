//! Idempotent, merging upserts and the atomic page write.
//!
//! The server describes one item in several partial shapes (a call in the list has no
//! summary, the details route has it, the `call.completed` webhook has the ended reason but
//! no created_at). So an upsert merges: keys the new item carries overwrite, keys it lacks
//! are kept, an explicit `null` is kept as `null`. If the merged object equals what is
//! stored, nothing is written at all: no `local_changed_ms` bump, no trigger, no FTS work,
//! and the caller is told [`UpsertOutcome::Unchanged`].

use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Store;
use crate::error::{Error, Result};
use crate::extract::{derive, id_of, spec};
use crate::model::Collection;
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

/// `INSERT … ON CONFLICT DO UPDATE` per collection, built once.
static UPSERT_SQL: LazyLock<Vec<String>> = LazyLock::new(|| {
    Collection::ALL
        .iter()
        .map(|c| {
            let s = spec(*c);
            let mut cols: Vec<&str> = vec!["pk", "id"];
            cols.extend_from_slice(s.columns);
            cols.extend_from_slice(&["created_at", "created_ms", "raw", "local_changed_ms"]);
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
            let sets: Vec<String> = std::iter::once("pk = coalesce(excluded.pk, pk)".to_owned())
                .chain(cols[2..].iter().map(|c| format!("{c} = excluded.{c}")))
                .collect();
            format!(
                "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
                s.table,
                cols.join(", "),
                marks.join(", "),
                sets.join(", ")
            )
        })
        .collect()
});

fn upsert_sql(collection: Collection) -> &'static str {
    let i = Collection::ALL
        .iter()
        .position(|c| *c == collection)
        .unwrap_or_default();
    UPSERT_SQL.get(i).map_or("", String::as_str)
}

/// Row keys per second of `created_at`: rows get `pk = created_secs * 64 + n`.
const PK_SLOTS: i64 = 64;

/// A free row key that sorts with `created_at`, or `None` (SQLite then picks one above
/// every other) if the second's slots are all taken or the time is out of range.
///
/// Why: the FTS5 indexes are keyed by this rowid, and FTS5 walks rowids in order for free.
/// With time-ordered keys "the newest N matches" is a cheap rowid range, which is what
/// keeps ranked search fast on 100k transcripts (see `search.rs`). Seconds rather than
/// milliseconds keep the rowid gaps between neighbours small: FTS5 stores them as varints
/// in every posting, and millisecond keys made the index half again as large.
fn time_ordered_pk(conn: &Connection, table: &str, created_ms: i64) -> Result<Option<i64>> {
    let Some(lo) = created_ms.div_euclid(1000).checked_mul(PK_SLOTS) else {
        return Ok(None);
    };
    let hi = lo + (PK_SLOTS - 1);
    let taken: Option<i64> = conn
        .prepare_cached(&format!(
            "SELECT max(pk) FROM {table} WHERE pk BETWEEN ?1 AND ?2"
        ))?
        .query_row([lo, hi], |r| r.get(0))?;
    Ok(match taken {
        None => Some(lo),
        Some(max) if max < hi => Some(max + 1),
        Some(_) => None,
    })
}

/// Puts a lifted key (stored in its own column) back into `raw`.
pub(crate) fn restore_lifted(raw: &mut Value, key: &str, value: Option<&str>) {
    if let (Value::Object(obj), Some(v)) = (raw, value) {
        if !obj.contains_key(key) {
            obj.insert(key.to_owned(), Value::String(v.to_owned()));
        }
    }
}

/// Upserts one item on `conn` (which the caller has put in a transaction).
pub(crate) fn upsert_in(
    conn: &Connection,
    collection: Collection,
    item: &Value,
) -> Result<UpsertOutcome> {
    let s = spec(collection);
    let invalid = |reason: &str| Error::InvalidItem {
        collection: s.table,
        reason: reason.to_owned(),
    };
    let Value::Object(incoming) = item else {
        return Err(invalid("it is not a JSON object"));
    };
    let id = id_of(incoming, s.id_keys).ok_or_else(|| {
        invalid(&format!(
            "it has no usable id (looked for {})",
            s.id_keys.join(", ")
        ))
    })?;

    let lifted_col = s.lifted.unwrap_or("NULL");
    let existing: Option<(i64, i64, String, Option<String>)> = conn
        .prepare_cached(&format!(
            "SELECT pk, created_ms, raw, {lifted_col} FROM {} WHERE id = ?1",
            s.table
        ))?
        .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;

    let (merged, outcome, old_key) = match existing {
        Some((pk, old_ms, raw, lifted)) => {
            let mut old = match crate::model::raw_json(&raw) {
                Value::Object(obj) => Value::Object(obj),
                _ => Value::Object(Map::new()),
            };
            if let Some(key) = s.lifted {
                restore_lifted(&mut old, key, lifted.as_deref());
            }
            let Value::Object(old) = old else {
                return Err(invalid("its stored copy is unreadable"));
            };
            let mut merged = old.clone();
            for (k, v) in incoming {
                merged.insert(k.clone(), v.clone());
            }
            if merged == old {
                return Ok(UpsertOutcome::Unchanged);
            }
            (merged, UpsertOutcome::Updated, Some((pk, old_ms)))
        }
        None => (incoming.clone(), UpsertOutcome::Inserted, None),
    };

    let created_at = crate::extract::as_text(merged.get("created_at"));
    let created_ms = created_at.as_deref().and_then(parse_ms).unwrap_or(0);
    let pk = match old_key {
        Some((pk, old_ms)) if old_ms == created_ms => Some(pk),
        Some((pk, _)) => Some(time_ordered_pk(conn, s.table, created_ms)?.unwrap_or(pk)),
        None => time_ordered_pk(conn, s.table, created_ms)?,
    };
    let mut values = vec![
        pk.map_or(rusqlite::types::Value::Null, Into::into),
        rusqlite::types::Value::Text(id),
    ];
    values.extend(derive(collection, &merged));

    let mut stored = merged;
    if let Some(key) = s.lifted {
        if matches!(stored.get(key), Some(Value::String(_))) {
            stored.remove(key);
        }
    }
    let raw = serde_json::to_string(&stored).map_err(|e| invalid(&e.to_string()))?;
    values.push(created_at.map_or(rusqlite::types::Value::Null, Into::into));
    values.push(created_ms.into());
    values.push(raw.into());
    values.push(now_ms().into());

    conn.prepare_cached(upsert_sql(collection))?
        .execute(params_from_iter(values))?;
    Ok(outcome)
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
        let mut counts = PageWrite::default();
        for item in items {
            counts.add(upsert_in(&tx, collection, item)?);
        }
        tx.commit()?;
        Ok(counts)
    }

    /// Writes one page from the server together with the sync state that follows it.
    ///
    /// Items and state share one transaction, so after a crash at any moment the cache
    /// holds either the whole page and the new cursor, or neither: the sync engine resumes
    /// from a cursor whose page is fully stored and never skips items.
    pub fn write_page(
        &mut self,
        collection: Collection,
        items: &[Value],
        state: &SyncState,
    ) -> Result<PageWrite> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut counts = PageWrite::default();
        for item in items {
            counts.add(upsert_in(&tx, collection, item)?);
        }
        set_in(&tx, collection, state)?;
        tx.commit()?;
        Ok(counts)
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
        let mut counts = PageWrite::default();
        let mut ids = Vec::with_capacity(items.len());
        for item in items {
            counts.add(upsert_in(&tx, collection, item)?);
            if let Value::Object(obj) = item {
                ids.extend(id_of(obj, s.id_keys));
            }
        }
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
