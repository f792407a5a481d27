//! Keyset-paginated lists and single-item reads.
//!
//! Lists are newest first by `(created_ms, id)`. The id breaks ties, so items sharing a
//! timestamp (common: a sync page often has several calls in the same second) are neither
//! skipped nor repeated across pages, and inserting new items while the user scrolls never
//! shifts a page the way OFFSET would.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Row, params_from_iter};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::{Error, Result};
use crate::extract::{normalize_call_status, normalize_lead_status};
use crate::model::{
    AGENT_COLUMNS, Agent, BUSINESS_COLUMNS, Business, CALL_COLUMNS, Call, Collection, LEAD_COLUMNS,
    Lead, NUMBER_COLUMNS, PhoneNumber, TRANSCRIPT_COLUMNS, Transcript, agent_from_row,
    business_from_row, call_from_row, lead_from_row, number_from_row, transcript_from_row,
};

/// The most items one page returns, whatever the caller asks.
pub const MAX_PAGE_SIZE: u32 = 500;

/// Which page to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    /// How many items (1 to [`MAX_PAGE_SIZE`]; 0 is read as 1).
    pub limit: u32,
    /// The `next` of the previous page; `None` for the first page.
    pub after: Option<String>,
}

impl PageRequest {
    /// The first page of `limit` items.
    pub fn first(limit: u32) -> Self {
        PageRequest { limit, after: None }
    }

    fn clamped(&self) -> i64 {
        i64::from(self.limit.clamp(1, MAX_PAGE_SIZE))
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items, newest first.
    pub items: Vec<T>,
    /// The cursor of the next page, or `None` when this is the last one.
    pub next: Option<String>,
}

/// A time window on `created_at`: `from` inclusive, `to` exclusive. Either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// Earliest instant included.
    pub from: Option<DateTime<Utc>>,
    /// First instant no longer included.
    pub to: Option<DateTime<Utc>>,
}

/// Filters of the calls screen. `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFilter {
    /// Status; spellings are folded, so `completed` also finds `ended`.
    pub status: Option<String>,
    /// Agent id.
    pub agent_id: Option<String>,
    /// `inbound` or `outbound`.
    pub direction: Option<String>,
    /// The lead the call is linked to (known once its details are read).
    pub lead_id: Option<String>,
    /// One business's calls; a call from the list route names no business, so it counts
    /// for its agent's.
    pub business_id: Option<String>,
    /// Creation window.
    pub created: DateRange,
}

/// Filters of the leads screen (and of [`Store::pipeline_counts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadFilter {
    /// Pipeline status (`new`, `contacted`, …), case-insensitive.
    pub status: Option<String>,
    /// Lead source.
    pub source: Option<String>,
    /// Agent id.
    pub agent_id: Option<String>,
    /// One business's leads.
    pub business_id: Option<String>,
    /// Creation window.
    pub created: DateRange,
}

/// Filters of the transcripts screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptFilter {
    /// Agent id.
    pub agent_id: Option<String>,
    /// One business's transcripts (by their agent's business: transcripts name none).
    pub business_id: Option<String>,
    /// Creation window.
    pub created: DateRange,
}

/// A position in a newest-first list. Encoded as `<millis>:<id>`; opaque to callers.
pub(crate) struct Cursor {
    pub ms: i64,
    pub id: String,
}

impl Cursor {
    pub(crate) fn encode(ms: i64, id: &str) -> String {
        format!("{ms}:{id}")
    }

    pub(crate) fn decode(text: &str) -> Result<Cursor> {
        let bad = || Error::InvalidCursor(text.to_owned());
        let (ms, id) = text.split_once(':').ok_or_else(bad)?;
        Ok(Cursor {
            ms: ms.parse().map_err(|_| bad())?,
            id: id.to_owned(),
        })
    }
}

/// A `WHERE` clause under construction, with its parameters in order.
#[derive(Default)]
pub(crate) struct Where {
    clauses: Vec<String>,
    params: Vec<Sql>,
}

impl Where {
    /// Adds `clause`, whose single `?` is bound to `value`.
    pub(crate) fn add(&mut self, clause: &str, value: impl Into<Sql>) {
        self.params.push(value.into());
        let n = self.params.len();
        self.clauses.push(clause.replace('?', &format!("?{n}")));
    }

    /// Adds a clause without parameters.
    pub(crate) fn add_condition(&mut self, clause: &str) {
        self.clauses.push(clause.to_owned());
    }

    pub(crate) fn add_opt(&mut self, clause: &str, value: Option<&String>) {
        if let Some(v) = value {
            self.add(clause, v.clone());
        }
    }

    /// Keeps one business's rows. A call from the list route and every transcript name no
    /// business (only a call's details do), so a row without one belongs to its agent's.
    pub(crate) fn add_business(&mut self, has_column: bool, business_id: Option<&String>) {
        let by_agent = "agent_id IN (SELECT id FROM agents WHERE business_id = ?)";
        match business_id {
            Some(b) if has_column => self.add(
                &format!("(business_id = ? OR (business_id IS NULL AND {by_agent}))"),
                b.clone(),
            ),
            Some(b) => self.add(by_agent, b.clone()),
            None => {}
        }
    }

    pub(crate) fn add_range(&mut self, column: &str, range: &DateRange) {
        if let Some(from) = range.from {
            self.add(&format!("{column} >= ?"), from.timestamp_millis());
        }
        if let Some(to) = range.to {
            self.add(&format!("{column} < ?"), to.timestamp_millis());
        }
    }

    /// Keeps rows strictly after `(ms, id)` in newest-first order.
    pub(crate) fn add_keyset(&mut self, ms_col: &str, id_col: &str, ms: i64, id: Sql) {
        self.params.push(ms.into());
        self.params.push(id);
        let n = self.params.len();
        self.clauses
            .push(format!("({ms_col}, {id_col}) < (?{}, ?{n})", n - 1));
    }

    fn add_cursor(&mut self, after: Option<&str>) -> Result<()> {
        if let Some(text) = after {
            let c = Cursor::decode(text)?;
            self.add_keyset("created_ms", "id", c.ms, c.id.into());
        }
        Ok(())
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    pub(crate) fn params(self) -> Vec<Sql> {
        self.params
    }
}

impl Store {
    /// One newest-first page of `table`, one more row than asked to learn whether a next
    /// page exists.
    fn page<T>(
        &self,
        table: &str,
        columns: &str,
        mut filter: Where,
        page: &PageRequest,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Page<T>> {
        filter.add_cursor(page.after.as_deref())?;
        let limit = page.clamped();
        let sql = format!(
            "SELECT {columns}, created_ms FROM {table}{} ORDER BY created_ms DESC, id DESC LIMIT {}",
            filter.sql(),
            limit + 1
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(params_from_iter(filter.params()), |r| {
                // Every column list starts with `id`; `created_ms` is appended last.
                let ms_col = r.as_ref().column_count().saturating_sub(1);
                Ok((map(r)?, r.get::<_, i64>(ms_col)?, r.get::<_, String>(0)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next = if more {
            rows.last().map(|(_, ms, id)| Cursor::encode(*ms, id))
        } else {
            None
        };
        Ok(Page {
            items: rows.into_iter().map(|(item, _, _)| item).collect(),
            next,
        })
    }

    /// Calls, newest first.
    pub fn list_calls(&self, filter: &CallFilter, page: &PageRequest) -> Result<Page<Call>> {
        let mut w = Where::default();
        if let Some(status) = &filter.status {
            w.add("status_norm = ?", normalize_call_status(status));
        }
        w.add_opt("agent_id = ?", filter.agent_id.as_ref());
        w.add_opt("direction = ?", filter.direction.as_ref());
        w.add_opt("lead_id = ?", filter.lead_id.as_ref());
        w.add_business(true, filter.business_id.as_ref());
        w.add_range("created_ms", &filter.created);
        self.page("calls", CALL_COLUMNS, w, page, call_from_row)
    }

    /// Calls the cache has only in the list's shape (no direction and no business; the
    /// details route names both), newest first: the calls whose details sync still has to
    /// read. One range of the partial index `calls_without_details`, so it costs nothing
    /// once every call has its details. Whether a call really lacks details (an active
    /// call is left to the poll) is the sync engine's rule; this is its candidates.
    pub fn calls_without_details(&self, page: &PageRequest) -> Result<Page<Call>> {
        let mut w = Where::default();
        w.add_condition("direction IS NULL AND business_id IS NULL");
        self.page("calls", CALL_COLUMNS, w, page, call_from_row)
    }

    /// Leads, newest first.
    pub fn list_leads(&self, filter: &LeadFilter, page: &PageRequest) -> Result<Page<Lead>> {
        self.page(
            "leads",
            LEAD_COLUMNS,
            lead_where(filter),
            page,
            lead_from_row,
        )
    }

    /// Transcripts, newest first.
    pub fn list_transcripts(
        &self,
        filter: &TranscriptFilter,
        page: &PageRequest,
    ) -> Result<Page<Transcript>> {
        let mut w = Where::default();
        w.add_opt("agent_id = ?", filter.agent_id.as_ref());
        w.add_business(false, filter.business_id.as_ref());
        w.add_range("created_ms", &filter.created);
        self.page(
            "transcripts",
            TRANSCRIPT_COLUMNS,
            w,
            page,
            transcript_from_row,
        )
    }

    /// One call.
    pub fn get_call(&self, id: &str) -> Result<Option<Call>> {
        self.get("calls", CALL_COLUMNS, id, call_from_row)
    }

    /// One lead.
    pub fn get_lead(&self, id: &str) -> Result<Option<Lead>> {
        self.get("leads", LEAD_COLUMNS, id, lead_from_row)
    }

    /// The transcript of one call.
    pub fn get_transcript(&self, call_id: &str) -> Result<Option<Transcript>> {
        self.get(
            "transcripts",
            TRANSCRIPT_COLUMNS,
            call_id,
            transcript_from_row,
        )
    }

    /// One agent.
    pub fn get_agent(&self, id: &str) -> Result<Option<Agent>> {
        self.get("agents", AGENT_COLUMNS, id, agent_from_row)
    }

    /// Every agent, by name.
    pub fn list_agents(&self) -> Result<Vec<Agent>> {
        self.all(
            "agents",
            AGENT_COLUMNS,
            "name COLLATE NOCASE, id",
            agent_from_row,
        )
    }

    /// Every phone number, by number.
    pub fn list_numbers(&self) -> Result<Vec<PhoneNumber>> {
        self.all(
            "numbers",
            NUMBER_COLUMNS,
            "phone_number, id",
            number_from_row,
        )
    }

    /// Every business, by name.
    pub fn list_businesses(&self) -> Result<Vec<Business>> {
        self.all(
            "businesses",
            BUSINESS_COLUMNS,
            "name COLLATE NOCASE, id",
            business_from_row,
        )
    }

    /// The stored `status` of each call among `ids` that is cached (ids not cached are
    /// left out), in one query: what the sync compares before and after a page.
    pub fn call_statuses(&self, ids: &[String]) -> Result<HashMap<String, Option<String>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, status FROM calls WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt
            .query_map([ids_json(ids)?], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    /// Which of `ids` are cached in `collection`, in one query.
    pub fn cached_ids(&self, collection: Collection, ids: &[String]) -> Result<HashSet<String>> {
        let sql = format!(
            "SELECT id FROM {} WHERE id IN (SELECT value FROM json_each(?1))",
            collection.as_str()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([ids_json(ids)?], |r| r.get(0))?
            .collect::<rusqlite::Result<HashSet<_>>>()?;
        Ok(rows)
    }

    /// The leads among `ids` that are cached, in one query (in no particular order).
    pub fn get_leads(&self, ids: &[String]) -> Result<Vec<Lead>> {
        let sql = format!(
            "SELECT {LEAD_COLUMNS} FROM leads WHERE id IN (SELECT value FROM json_each(?1))"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([ids_json(ids)?], lead_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn get<T>(
        &self,
        table: &str,
        columns: &str,
        id: &str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>> {
        let sql = format!("SELECT {columns} FROM {table} WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], map)
            .optional()?)
    }

    fn all<T>(
        &self,
        table: &str,
        columns: &str,
        order: &str,
        map: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let sql = format!("SELECT {columns} FROM {table} ORDER BY {order}");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map([], map)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Ids as a JSON array, for `json_each`.
fn ids_json(ids: &[String]) -> Result<String> {
    serde_json::to_string(ids).map_err(|e| Error::InvalidItem {
        collection: "ids",
        reason: e.to_string(),
    })
}

pub(crate) fn lead_where(filter: &LeadFilter) -> Where {
    let mut w = Where::default();
    if let Some(status) = &filter.status {
        w.add("status = ?", normalize_lead_status(status));
    }
    w.add_opt("source = ?", filter.source.as_ref());
    w.add_opt("agent_id = ?", filter.agent_id.as_ref());
    w.add_business(true, filter.business_id.as_ref());
    w.add_range("created_ms", &filter.created);
    w
}
