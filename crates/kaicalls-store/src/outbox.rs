//! Lead edits made offline, waiting to be sent.
//!
//! The leads table always holds what the server last said; an edit lives here until the
//! sync engine sends it. Each entry records the lead's `updated_at` the user was looking
//! at (`base_updated_at`), so the engine can tell whether the server changed the lead in
//! the meantime and decide to send, merge or supersede. Entries are never reordered or
//! reused: the engine sends them in id order.

use chrono::{DateTime, Utc};
use kaicalls_vocab::{LeadField, PipelineStage};
use rusqlite::{OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Store;
use crate::error::{Error, Result};
use crate::model::Collection;
use crate::time::{from_ms, now_ms};

/// Where an edit is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Not yet accepted by the server.
    Pending,
    /// The server accepted it.
    Applied,
    /// Dropped without sending (a newer edit or a server change made it moot).
    Superseded,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Applied => "applied",
            OutboxState::Superseded => "superseded",
        }
    }

    fn parse(text: &str) -> OutboxState {
        match text {
            "applied" => OutboxState::Applied,
            "superseded" => OutboxState::Superseded,
            _ => OutboxState::Pending,
        }
    }
}

impl std::fmt::Display for OutboxState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One queued lead edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Increasing id: send in this order.
    pub id: i64,
    /// The edited lead.
    pub lead_id: String,
    /// Only the fields the user changed, as the PATCH body expects them.
    pub fields: Map<String, Value>,
    /// The lead's `updated_at` when the user made the edit.
    pub base_updated_at: Option<String>,
    /// When the user made the edit.
    pub created_at: DateTime<Utc>,
    /// Pending, applied or superseded.
    pub state: OutboxState,
    /// The last failure to send, or why it was superseded.
    pub error: Option<String>,
    /// Failed attempts to send so far.
    pub attempts: i64,
    /// When it was applied or superseded.
    pub resolved_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, lead_id, fields, base_updated_at, created_ms, state, error, attempts, resolved_ms";

fn entry_from_row(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let fields = match crate::model::raw_json(&row.get::<_, String>(2)?) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    Ok(OutboxEntry {
        id: row.get(0)?,
        lead_id: row.get(1)?,
        fields,
        base_updated_at: row.get(3)?,
        created_at: from_ms(row.get(4)?),
        state: OutboxState::parse(&row.get::<_, String>(5)?),
        error: row.get(6)?,
        attempts: row.get(7)?,
        resolved_at: row.get::<_, Option<i64>>(8)?.map(from_ms),
    })
}

fn check_fields(fields: &Map<String, Value>) -> Result<()> {
    if fields.is_empty() {
        return Err(Error::InvalidEdit("nothing was changed".into()));
    }
    for (key, value) in fields {
        if LeadField::parse(key).is_none() {
            return Err(Error::InvalidEdit(format!(
                "the field {key:?} can't be edited"
            )));
        }
        if !(value.is_string() || value.is_null()) {
            return Err(Error::InvalidEdit(format!("{key} must be text")));
        }
    }
    if let Some(status) = fields.get("status") {
        let ok = status
            .as_str()
            .is_some_and(|s| PipelineStage::ALL.iter().any(|p| p.as_str() == s));
        if !ok {
            let names: Vec<&str> = PipelineStage::ALL.iter().map(|p| p.as_str()).collect();
            return Err(Error::InvalidEdit(format!(
                "status must be one of {}",
                names.join(", ")
            )));
        }
    }
    Ok(())
}

impl Store {
    /// Queues an edit of a cached lead. `fields` holds only what the user changed;
    /// `base_updated_at` is the lead's `updated_at` the user was looking at.
    pub fn enqueue_lead_edit(
        &mut self,
        lead_id: &str,
        fields: &Map<String, Value>,
        base_updated_at: Option<&str>,
    ) -> Result<OutboxEntry> {
        check_fields(fields)?;
        let body = Value::Object(fields.clone()).to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let known: Option<i64> = tx
            .query_row("SELECT 1 FROM leads WHERE id = ?1", [lead_id], |r| r.get(0))
            .optional()?;
        if known.is_none() {
            return Err(Error::NotFound {
                what: "lead",
                id: lead_id.to_owned(),
            });
        }
        let entry = tx.query_row(
            &format!(
                "INSERT INTO outbox (lead_id, fields, base_updated_at, created_ms) \
                 VALUES (?1, ?2, ?3, ?4) RETURNING {COLUMNS}"
            ),
            rusqlite::params![lead_id, body, base_updated_at, now_ms()],
            entry_from_row,
        )?;
        tx.commit()?;
        Ok(entry)
    }

    /// Every pending edit, oldest first: the order to send them in.
    pub fn pending_edits(&self) -> Result<Vec<OutboxEntry>> {
        self.outbox_where("state = 'pending'", None)
    }

    /// How many edits wait to be sent (the "N changes not sent yet" line), without
    /// loading them.
    pub fn pending_edit_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or_default())
    }

    /// The pending edits of one lead, oldest first (to show the lead as the user left it).
    pub fn pending_edits_for_lead(&self, lead_id: &str) -> Result<Vec<OutboxEntry>> {
        self.outbox_where("state = 'pending' AND lead_id = ?1", Some(lead_id))
    }

    /// One outbox entry, whatever its state.
    pub fn outbox_entry(&self, id: i64) -> Result<Option<OutboxEntry>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
                [id],
                entry_from_row,
            )
            .optional()?)
    }

    fn outbox_where(&self, clause: &str, lead_id: Option<&str>) -> Result<Vec<OutboxEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE {clause} ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows: rusqlite::Result<Vec<OutboxEntry>> = match lead_id {
            Some(id) => stmt.query_map([id], entry_from_row)?.collect(),
            None => stmt.query_map([], entry_from_row)?.collect(),
        };
        Ok(rows?)
    }

    /// Marks an edit as accepted by the server. Pass the lead the server answered with, so
    /// the cache shows the new values in the same transaction: there is never a moment
    /// when the edit is gone from the outbox but not yet in the lead.
    pub fn mark_edit_applied(&mut self, id: i64, server_lead: Option<&Value>) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        resolve(&tx, id, OutboxState::Applied, None)?;
        if let Some(lead) = server_lead {
            crate::upsert::upsert_in(&tx, Collection::Leads, lead)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops an edit without sending it, saying why (shown to the user as a conflict).
    pub fn mark_edit_superseded(&mut self, id: i64, reason: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        resolve(&tx, id, OutboxState::Superseded, Some(reason))?;
        tx.commit()?;
        Ok(())
    }

    /// Records a failed attempt to send an edit; it stays pending for the next try.
    pub fn record_edit_failure(&mut self, id: i64, error: &str) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        current_state(&tx, id)?;
        tx.execute(
            "UPDATE outbox SET error = ?2, attempts = attempts + 1 WHERE id = ?1",
            rusqlite::params![id, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes applied and superseded entries resolved before `before`; returns how many.
    pub fn prune_outbox(&mut self, before: DateTime<Utc>) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM outbox WHERE state != 'pending' AND resolved_ms < ?1",
            [before.timestamp_millis()],
        )?)
    }
}

/// The state of a pending entry; an error if it is missing or already resolved.
fn current_state(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    let state: Option<String> = conn
        .query_row("SELECT state FROM outbox WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match state.as_deref().map(OutboxState::parse) {
        None => Err(Error::NotFound {
            what: "lead edit",
            id: id.to_string(),
        }),
        Some(OutboxState::Pending) => Ok(()),
        Some(state) => Err(Error::OutboxResolved { id, state }),
    }
}

fn resolve(
    conn: &rusqlite::Connection,
    id: i64,
    state: OutboxState,
    reason: Option<&str>,
) -> Result<()> {
    current_state(conn, id)?;
    conn.execute(
        "UPDATE outbox SET state = ?2, resolved_ms = ?3, error = coalesce(?4, error) \
         WHERE id = ?1",
        rusqlite::params![id, state.as_str(), now_ms(), reason],
    )?;
    Ok(())
}
