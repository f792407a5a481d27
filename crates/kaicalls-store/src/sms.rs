//! The log of SMS sent from the app.
//!
//! `POST /api/v1/sms/send` answers with the message SID and the numbers but not the text,
//! and there is no route to list sent messages, so the app records what it sent here:
//! the request's text and lead together with the server's answer.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Store;
use crate::error::{Error, Result};
use crate::query::{Page, PageRequest, Where};
use crate::time::from_ms;

/// One SMS to record, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewSms {
    /// Twilio's message SID from the answer; re-recording the same SID changes nothing.
    pub message_sid: Option<String>,
    /// Recipient, E.164.
    pub to: String,
    /// Sender number from the answer.
    pub from: Option<String>,
    /// The agent whose number sent it (`from_agent_id`).
    pub agent_id: Option<String>,
    /// The lead the message belongs to.
    pub lead_id: Option<String>,
    /// The text sent.
    pub body: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// The server's whole answer.
    pub raw: Value,
}

/// A recorded SMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsSent {
    /// Local id.
    pub id: i64,
    /// Twilio's message SID.
    pub message_sid: Option<String>,
    /// Recipient.
    pub to: String,
    /// Sender number.
    pub from: Option<String>,
    /// The sending agent.
    pub agent_id: Option<String>,
    /// The lead it belongs to.
    pub lead_id: Option<String>,
    /// The text sent.
    pub body: String,
    /// When it was sent.
    pub sent_at: DateTime<Utc>,
    /// The server's whole answer.
    pub raw: Value,
}

/// Which sent SMS to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsFilter {
    /// Only messages to this lead.
    pub lead_id: Option<String>,
    /// Only messages from this agent.
    pub agent_id: Option<String>,
}

const COLUMNS: &str =
    "pk, message_sid, to_number, from_number, agent_id, lead_id, body, sent_ms, raw";

fn sms_from_row(row: &Row<'_>) -> rusqlite::Result<SmsSent> {
    Ok(SmsSent {
        id: row.get(0)?,
        message_sid: row.get(1)?,
        to: row.get(2)?,
        from: row.get(3)?,
        agent_id: row.get(4)?,
        lead_id: row.get(5)?,
        body: row.get(6)?,
        sent_at: from_ms(row.get(7)?),
        raw: crate::model::raw_json(&row.get::<_, String>(8)?),
    })
}

impl Store {
    /// Records a sent SMS and returns it. Recording a SID twice returns the first record.
    pub fn record_sms(&mut self, sms: &NewSms) -> Result<SmsSent> {
        let inserted = self
            .conn
            .query_row(
                &format!(
                    "INSERT INTO sms_sent (message_sid, to_number, from_number, agent_id, \
                     lead_id, body, sent_ms, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                     ON CONFLICT (message_sid) DO NOTHING RETURNING {COLUMNS}"
                ),
                rusqlite::params![
                    sms.message_sid,
                    sms.to,
                    sms.from,
                    sms.agent_id,
                    sms.lead_id,
                    sms.body,
                    sms.sent_at.timestamp_millis(),
                    sms.raw.to_string(),
                ],
                sms_from_row,
            )
            .optional()?;
        match inserted {
            Some(sms) => Ok(sms),
            None => Ok(self.conn.query_row(
                &format!("SELECT {COLUMNS} FROM sms_sent WHERE message_sid = ?1"),
                [&sms.message_sid],
                sms_from_row,
            )?),
        }
    }

    /// The newest lead with this phone number (E.164), which a text sent without a lead
    /// joins, as KaiCalls links it. A scan: it runs once per text sent.
    pub fn lead_id_with_phone(&self, phone: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM leads WHERE phone = ?1 ORDER BY created_ms DESC, id DESC LIMIT 1",
                [phone],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sent SMS, newest first.
    pub fn list_sms(&self, filter: &SmsFilter, page: &PageRequest) -> Result<Page<SmsSent>> {
        let mut w = Where::default();
        w.add_opt("lead_id = ?", filter.lead_id.as_ref());
        w.add_opt("agent_id = ?", filter.agent_id.as_ref());
        if let Some(after) = &page.after {
            let (ms, pk) = after
                .split_once(':')
                .and_then(|(ms, pk)| Some((ms.parse::<i64>().ok()?, pk.parse::<i64>().ok()?)))
                .ok_or_else(|| Error::InvalidCursor(after.clone()))?;
            w.add_keyset("sent_ms", "pk", ms, pk.into());
        }
        let limit = i64::from(page.limit.clamp(1, crate::query::MAX_PAGE_SIZE));
        let sql = format!(
            "SELECT {COLUMNS} FROM sms_sent{} ORDER BY sent_ms DESC, pk DESC LIMIT {}",
            w.sql(),
            limit + 1
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut items = stmt
            .query_map(params_from_iter(w.params()), sms_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = items.len() as i64 > limit;
        items.truncate(limit as usize);
        let next = if more {
            items
                .last()
                .map(|s| format!("{}:{}", s.sent_at.timestamp_millis(), s.id))
        } else {
            None
        };
        Ok(Page { items, next })
    }
}
