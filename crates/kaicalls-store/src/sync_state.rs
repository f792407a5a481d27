//! Where the sync engine is, per collection.
//!
//! Kept in the same database as the data it describes so that [`Store::write_page`] can
//! commit a page and its cursor together.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::Result;
use crate::model::Collection;
use crate::time::{from_ms, now_ms};

/// The sync engine's position in one collection. A collection never synced reads as
/// `SyncState::default()`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    /// The `after` value to send for the next page of an unfinished pass.
    pub cursor: Option<String>,
    /// The newest `created_at` already stored: an incremental pass stops when it reaches it.
    pub high_water_mark: Option<String>,
    /// When a pass last finished without error (shown as "last synced …" when offline).
    pub last_success_at: Option<DateTime<Utc>>,
    /// Items stored so far by the first full download.
    pub backfill_done: i64,
    /// How many items the first full download expects, when known.
    pub backfill_total: Option<i64>,
    /// Whether the first full download reached the oldest item.
    pub backfill_complete: bool,
}

pub(crate) fn get_in(conn: &Connection, collection: Collection) -> Result<SyncState> {
    let state = conn
        .prepare_cached(
            "SELECT cursor, high_water_mark, last_success_ms, backfill_done, backfill_total, \
             backfill_complete FROM sync_state WHERE collection = ?1",
        )?
        .query_row([collection.as_str()], |r| {
            Ok(SyncState {
                cursor: r.get(0)?,
                high_water_mark: r.get(1)?,
                last_success_at: r.get::<_, Option<i64>>(2)?.map(from_ms),
                backfill_done: r.get(3)?,
                backfill_total: r.get(4)?,
                backfill_complete: r.get(5)?,
            })
        })
        .optional()?;
    Ok(state.unwrap_or_default())
}

pub(crate) fn set_in(conn: &Connection, collection: Collection, state: &SyncState) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (collection, cursor, high_water_mark, last_success_ms, \
         backfill_done, backfill_total, backfill_complete, updated_ms) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (collection) DO UPDATE SET cursor = excluded.cursor, \
         high_water_mark = excluded.high_water_mark, last_success_ms = excluded.last_success_ms, \
         backfill_done = excluded.backfill_done, backfill_total = excluded.backfill_total, \
         backfill_complete = excluded.backfill_complete, updated_ms = excluded.updated_ms",
    )?
    .execute(rusqlite::params![
        collection.as_str(),
        state.cursor,
        state.high_water_mark,
        state.last_success_at.map(|t| t.timestamp_millis()),
        state.backfill_done,
        state.backfill_total,
        state.backfill_complete,
        now_ms(),
    ])?;
    Ok(())
}

impl Store {
    /// The sync position of `collection` (the default if it was never synced).
    pub fn sync_state(&self, collection: Collection) -> Result<SyncState> {
        get_in(&self.conn, collection)
    }

    /// Replaces the sync position of `collection`. To store a page of items with it, use
    /// [`Store::write_page`] instead, which commits both together.
    pub fn set_sync_state(&mut self, collection: Collection, state: &SyncState) -> Result<()> {
        set_in(&self.conn, collection, state)
    }

    /// The sync position of every collection, for the settings screen.
    pub fn sync_states(&self) -> Result<Vec<(Collection, SyncState)>> {
        Collection::ALL
            .iter()
            .map(|c| Ok((*c, get_in(&self.conn, *c)?)))
            .collect()
    }
}
