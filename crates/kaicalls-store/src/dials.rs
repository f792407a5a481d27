//! The dial ledger: every call this app placed or tried to place, written before its
//! request is sent.
//!
//! A call reaches a real person and is billed. When its answer is lost (or the app exits
//! while it is in flight) nobody can tell whether it rang, so the record has to outlive
//! the dialog and the process: the calls list shows it as "may have been placed", a new
//! dial to the same number within minutes is warned about, and the same request id is
//! never sent twice, even after a restart. See `migrations/0005_dials.sql`.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::Result;
use crate::time::from_ms;

/// How far around a dial a synced call to the same number counts as the call it placed:
/// from two minutes before (clocks differ) to ten minutes after (queued calls start late).
const FOUND_BEFORE_MS: i64 = 2 * 60 * 1000;
const FOUND_AFTER_MS: i64 = 10 * 60 * 1000;

/// A dial about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDial {
    /// The dialog's request id.
    pub request_id: String,
    /// Who is called, E.164.
    pub to: String,
    /// The calling agent.
    pub agent_id: String,
    /// The callee's name, as typed.
    pub name: Option<String>,
}

/// Where a dial stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DialState {
    /// Its request is out.
    Sending,
    /// KaiCalls accepted it.
    Placed,
    /// It may or may not have been placed.
    Uncertain,
}

impl DialState {
    /// The state as the ledger stores it (and the UI receives it).
    pub fn as_str(self) -> &'static str {
        match self {
            DialState::Sending => "sending",
            DialState::Placed => "placed",
            DialState::Uncertain => "uncertain",
        }
    }

    fn parse(text: &str) -> DialState {
        match text {
            "sending" => DialState::Sending,
            "placed" => DialState::Placed,
            // The CHECK constraint allows nothing else; anything odd is treated as the
            // state that promises least.
            _ => DialState::Uncertain,
        }
    }
}

/// A recorded dial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dial {
    /// The dialog's request id.
    pub request_id: String,
    /// Who was called, E.164.
    pub to: String,
    /// The calling agent.
    pub agent_id: String,
    /// The callee's name.
    pub name: Option<String>,
    /// Where it stands.
    pub state: DialState,
    /// The call KaiCalls created (placed dials).
    pub call_id: Option<String>,
    /// Why it is uncertain (`call_outcome_unknown`, `interrupted`, …).
    pub error_code: Option<String>,
    /// A synced call to the same number around the dial: probably the one it placed.
    pub found_call_id: Option<String>,
    /// When its request was sent.
    pub started_at: DateTime<Utc>,
    /// When its answer came (or was given up on).
    pub settled_at: Option<DateTime<Utc>>,
    /// Whether the user has dealt with it.
    pub dismissed: bool,
}

/// What [`Store::begin_dial`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialBegin {
    /// Recorded: send it now.
    Started,
    /// This request id was used before: do not send, answer from the record.
    Existing(Dial),
}

/// `FROM … WHERE` over outbound calls (`c`), ending in the number each one rang, to be
/// compared: KaiCalls lists a call without its number, so it is the one the app sent
/// (`to`, for calls it placed) or that of the lead the call is linked to.
const OUTBOUND_TO: &str = "FROM calls c LEFT JOIN leads l ON l.id = c.lead_id \
     WHERE coalesce(c.direction, '') <> 'inbound' \
     AND coalesce(nullif(c.to_number, ''), l.phone)";

const COLUMNS: &str = "request_id, to_number, agent_id, name, state, call_id, error_code, \
                       found_call_id, started_ms, settled_ms, dismissed_ms";

fn dial_from_row(row: &Row<'_>) -> rusqlite::Result<Dial> {
    Ok(Dial {
        request_id: row.get(0)?,
        to: row.get(1)?,
        agent_id: row.get(2)?,
        name: row.get(3)?,
        state: DialState::parse(&row.get::<_, String>(4)?),
        call_id: row.get(5)?,
        error_code: row.get(6)?,
        found_call_id: row.get(7)?,
        started_at: from_ms(row.get(8)?),
        settled_at: row.get::<_, Option<i64>>(9)?.map(from_ms),
        dismissed: row.get::<_, Option<i64>>(10)?.is_some(),
    })
}

impl Store {
    /// Records `dial` as being sent, unless its request id was used before (then nothing
    /// is written and the earlier record is returned). Committed before this returns, so
    /// the record exists before any request leaves.
    pub fn begin_dial(&mut self, dial: &NewDial, now: DateTime<Utc>) -> Result<DialBegin> {
        // One connection writes this file (the app is single-instance), so nothing can
        // come between the look and the insert.
        if let Some(existing) = self.dial(&dial.request_id)? {
            return Ok(DialBegin::Existing(existing));
        }
        self.conn.execute(
            "INSERT INTO dials (request_id, to_number, agent_id, name, state, started_ms) \
             VALUES (?1, ?2, ?3, ?4, 'sending', ?5)",
            params![
                dial.request_id,
                dial.to,
                dial.agent_id,
                dial.name,
                now.timestamp_millis()
            ],
        )?;
        Ok(DialBegin::Started)
    }

    /// The record of one request id.
    pub fn dial(&self, request_id: &str) -> Result<Option<Dial>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM dials WHERE request_id = ?1"),
                [request_id],
                dial_from_row,
            )
            .optional()?)
    }

    /// KaiCalls accepted the dial as `call_id`.
    pub fn dial_placed(
        &mut self,
        request_id: &str,
        call_id: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.settle_dial(request_id, DialState::Placed, Some(call_id), None, now)
    }

    /// The dial may have been placed (`code` says why it is not known).
    pub fn dial_uncertain(
        &mut self,
        request_id: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.settle_dial(request_id, DialState::Uncertain, None, Some(code), now)
    }

    fn settle_dial(
        &mut self,
        request_id: &str,
        state: DialState,
        call_id: Option<&str>,
        code: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE dials SET state = ?2, call_id = ?3, error_code = ?4, settled_ms = ?5 \
             WHERE request_id = ?1",
            params![
                request_id,
                state.as_str(),
                call_id,
                code,
                now.timestamp_millis()
            ],
        )?;
        Ok(())
    }

    /// KaiCalls refused the dial and placed nothing: the record goes, so the same request
    /// id may be tried again.
    pub fn dial_refused(&mut self, request_id: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM dials WHERE request_id = ?1 AND state = 'sending'",
            [request_id],
        )?;
        Ok(())
    }

    /// Dials still "sending" from a process that ended while they were out: their answer
    /// will never come, so they may have been placed. Run once when the account opens,
    /// before any dial of this process. Returns how many there were.
    pub fn interrupted_dials(&mut self, now: DateTime<Utc>) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE dials SET state = 'uncertain', error_code = 'interrupted', settled_ms = ?1 \
             WHERE state = 'sending'",
            [now.timestamp_millis()],
        )?)
    }

    /// Links each uncertain dial to a cached outbound call to the same number made around
    /// it (and not already another dial's), once a sync has brought one. Returns how many
    /// dials it linked (by the number each call rang, as `OUTBOUND_TO` reads it).
    pub fn find_dialled_calls(&mut self) -> Result<usize> {
        let waiting = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT request_id, to_number, started_ms FROM dials \
                 WHERE state = 'uncertain' AND found_call_id IS NULL ORDER BY started_ms",
            )?;
            stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        // The calls list asks on every refresh; nearly always nothing waits.
        if waiting.is_empty() {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let mut found = 0;
        for (request_id, to, started_ms) in waiting {
            let call: Option<String> = tx
                .query_row(
                    &format!(
                        "SELECT c.id {OUTBOUND_TO} = ?1 AND c.created_ms BETWEEN ?2 AND ?3 \
                         AND NOT EXISTS (SELECT 1 FROM dials d \
                                         WHERE d.call_id = c.id OR d.found_call_id = c.id) \
                         ORDER BY abs(c.created_ms - ?4) LIMIT 1"
                    ),
                    params![
                        to,
                        started_ms - FOUND_BEFORE_MS,
                        started_ms + FOUND_AFTER_MS,
                        started_ms
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(call) = call {
                tx.execute(
                    "UPDATE dials SET found_call_id = ?2 WHERE request_id = ?1",
                    params![request_id, call],
                )?;
                found += 1;
            }
        }
        tx.commit()?;
        Ok(found)
    }

    /// Uncertain dials since `since` the user has not dismissed, newest first: the calls
    /// list's "may have been placed".
    pub fn open_uncertain_dials(&self, since: DateTime<Utc>) -> Result<Vec<Dial>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dials WHERE state = 'uncertain' AND dismissed_ms IS NULL \
             AND started_ms >= ?1 ORDER BY started_ms DESC"
        ))?;
        let dials = stmt
            .query_map([since.timestamp_millis()], dial_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(dials)
    }

    /// Every dial to `to` since `since`, newest first: what a new dial to the same number
    /// is warned about.
    pub fn dials_to(&self, to: &str, since: DateTime<Utc>) -> Result<Vec<Dial>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM dials WHERE to_number = ?1 AND started_ms >= ?2 \
             ORDER BY started_ms DESC"
        ))?;
        let dials = stmt
            .query_map(params![to, since.timestamp_millis()], dial_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(dials)
    }

    /// Cached calls to `to` created since `since` (id and time), newest first: calls
    /// placed from elsewhere (the web dashboard, the SDR) count for the redial warning too.
    pub fn calls_to(&self, to: &str, since: DateTime<Utc>) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.created_ms {OUTBOUND_TO} = ?1 AND c.created_ms >= ?2 \
             ORDER BY c.created_ms DESC"
        ))?;
        let calls = stmt
            .query_map(params![to, since.timestamp_millis()], |r| {
                Ok((r.get::<_, String>(0)?, from_ms(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(calls)
    }

    /// The user has dealt with an uncertain dial. Returns whether there was one.
    pub fn dismiss_dial(&mut self, request_id: &str, now: DateTime<Utc>) -> Result<bool> {
        Ok(self.conn.execute(
            "UPDATE dials SET dismissed_ms = ?2 WHERE request_id = ?1 AND dismissed_ms IS NULL",
            params![request_id, now.timestamp_millis()],
        )? == 1)
    }
}
