//! Records the server sent that the app could not read, kept raw (migration 7).
//!
//! A sync stores what it can read and puts the rest here with the reason, so one bad item
//! never stops the rest. Each row remembers the app version that failed to read it: after
//! an update the core tries again ([`Store::quarantined_before`]) and moves what now reads
//! into the cache. An item that later arrives readable (the server fixed it) leaves here
//! as it is written ([`Store::write_page_quarantining`]).

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::Result;
use crate::extract::id_of;
use crate::extract::spec;
use crate::sync_state::set_in;
use crate::time::from_ms;
use crate::upsert::{Item, count, upsert_batch, upsert_items};
use crate::{Collection, PageWrite, Store, SyncState};

/// An item set aside, as [`Store::quarantined`] lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quarantined {
    /// Where it would have gone.
    pub collection: String,
    /// Its id, or `raw:<hash>` when it has none.
    pub key: String,
    /// The item as the server sent it.
    pub raw: Value,
    /// Why it could not be read.
    pub reason: String,
    /// The app version that could not read it.
    pub app_version: String,
    /// When it was first received.
    pub first_seen: DateTime<Utc>,
    /// When it was last received.
    pub last_seen: DateTime<Utc>,
}

/// An item to set aside: the server's JSON and why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unread {
    /// The item's JSON.
    pub raw: Value,
    /// Why it could not be read.
    pub reason: String,
}

fn key_of(collection: Collection, raw: &Value) -> String {
    let id = match raw {
        Value::Object(obj) => id_of(obj, spec(collection).id_keys),
        _ => None,
    };
    id.unwrap_or_else(|| {
        let mut h = DefaultHasher::new();
        raw.to_string().hash(&mut h);
        format!("raw:{:016x}", h.finish())
    })
}

fn insert(
    conn: &Connection,
    collection: Collection,
    unread: &[Unread],
    app_version: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO quarantine
             (collection, item_key, raw, reason, app_version, first_seen_ms, last_seen_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (collection, item_key) DO UPDATE SET
             raw = excluded.raw, reason = excluded.reason,
             app_version = excluded.app_version, last_seen_ms = excluded.last_seen_ms",
    )?;
    for u in unread {
        stmt.execute(params![
            collection.as_str(),
            key_of(collection, &u.raw),
            u.raw.to_string(),
            u.reason,
            app_version,
            now.timestamp_millis(),
        ])?;
    }
    Ok(())
}

/// Whether anything of `collection` is set aside (then written items may leave).
fn any_set_aside(conn: &Connection, collection: Collection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM quarantine WHERE collection = ?1)")?
        .query_row([collection.as_str()], |r| r.get(0))?)
}

/// Takes out of quarantine the items of `keys` (readable now), if any are there.
fn release_keys(conn: &Connection, collection: Collection, keys: &[String]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("DELETE FROM quarantine WHERE collection = ?1 AND item_key = ?2")?;
    for key in keys {
        stmt.execute(params![collection.as_str(), key])?;
    }
    Ok(())
}

/// Takes out of quarantine the items of `items` (readable now), if any are there.
fn release_written(conn: &Connection, collection: Collection, items: &[Value]) -> Result<()> {
    if !any_set_aside(conn, collection)? {
        return Ok(());
    }
    let keys: Vec<String> = items.iter().map(|i| key_of(collection, i)).collect();
    release_keys(conn, collection, &keys)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Quarantined> {
    let raw: String = r.get(2)?;
    Ok(Quarantined {
        collection: r.get(0)?,
        key: r.get(1)?,
        raw: serde_json::from_str(&raw).unwrap_or(Value::String(raw)),
        reason: r.get(3)?,
        app_version: r.get(4)?,
        first_seen: from_ms(r.get(5)?),
        last_seen: from_ms(r.get(6)?),
    })
}

impl Store {
    /// [`Store::write_page`], setting aside `unread` (the page's items the app could not
    /// read) in the same transaction, and releasing items that read now. Takes the items
    /// by value: they are moved into the rows, not copied.
    pub fn write_page_quarantining(
        &mut self,
        collection: Collection,
        items: Vec<Value>,
        unread: &[Unread],
        app_version: &str,
        state: &SyncState,
    ) -> Result<PageWrite> {
        self.write_page_items(
            collection,
            items.into_iter().map(Cow::Owned).collect(),
            unread,
            app_version,
            state,
        )
    }

    /// [`Store::write_page_quarantining`] of borrowed or owned items.
    pub(crate) fn write_page_items(
        &mut self,
        collection: Collection,
        items: Vec<Item<'_>>,
        unread: &[Unread],
        app_version: &str,
        state: &SyncState,
    ) -> Result<PageWrite> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Keys of items that may leave quarantine, taken before the items move.
        let released: Vec<String> = if any_set_aside(&tx, collection)? {
            items.iter().map(|i| key_of(collection, i)).collect()
        } else {
            Vec::new()
        };
        let counts = count(&upsert_items(&tx, collection, items)?);
        release_keys(&tx, collection, &released)?;
        insert(&tx, collection, unread, app_version, Utc::now())?;
        set_in(&tx, collection, state)?;
        tx.commit()?;
        Ok(counts)
    }

    /// Sets items aside outside a page write (a webhook's or a detail read's item).
    pub fn quarantine(
        &mut self,
        collection: Collection,
        unread: &[Unread],
        app_version: &str,
    ) -> Result<()> {
        insert(&self.conn, collection, unread, app_version, Utc::now())
    }

    /// How many items are set aside.
    pub fn quarantined_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM quarantine")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// Every item set aside, newest first.
    pub fn quarantined(&self) -> Result<Vec<Quarantined>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT collection, item_key, raw, reason, app_version, first_seen_ms, last_seen_ms
             FROM quarantine ORDER BY last_seen_ms DESC, collection, item_key",
        )?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Items a version other than `app_version` could not read: worth another try.
    pub fn quarantined_before(&self, app_version: &str) -> Result<Vec<Quarantined>> {
        Ok(self
            .quarantined()?
            .into_iter()
            .filter(|q| q.app_version != app_version)
            .collect())
    }

    /// After another try: `read` items are stored (as the server's JSON, news to nobody)
    /// and leave quarantine; the rest stay, marked as tried by `app_version`.
    pub fn requeue_quarantined(
        &mut self,
        collection: Collection,
        read: &[Value],
        still_unread: &[Unread],
        app_version: &str,
    ) -> Result<PageWrite> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let counts = count(&upsert_batch(&tx, collection, read)?);
        release_written(&tx, collection, read)?;
        insert(&tx, collection, still_unread, app_version, Utc::now())?;
        tx.commit()?;
        Ok(counts)
    }
}
