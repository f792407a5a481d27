//! The follow-up inbox: who is waiting for a call back, computed from the cache so it
//! works offline.
//!
//! Three kinds of item, oldest wait first: a new lead nobody has contacted yet (status
//! `new`, or none yet: a `lead.created` webhook carries no status), an inbound call that
//! was missed (no answer, busy, failed, canceled) with no outbound call to its lead since, and a lead whose latest call's summary asks for a
//! follow-up. An item leaves when what it waits for happens (the lead's status moves on,
//! a call back is made, a newer call replaces the last one) or when the owner marks it
//! handled; handled marks are kept here (`inbox_handled`) and survive restarts.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::Result;
use crate::time::from_ms;

/// What an inbox item waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    /// A new lead, not contacted yet.
    NewLead,
    /// An inbound call nobody answered (or that failed), not called back.
    MissedCall,
    /// The lead's last call ended asking for a follow-up.
    FollowUp,
}

/// One person waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItem {
    /// Stable key (`lead:<id>`, `missed:<call id>`, `followup:<call id>`).
    pub key: String,
    /// What it waits for.
    pub kind: InboxKind,
    /// The lead, when there is one.
    pub lead_id: Option<String>,
    /// The call it is about (missed calls, follow-ups).
    pub call_id: Option<String>,
    /// The person's name, when known.
    pub name: Option<String>,
    /// Their number, when known.
    pub phone: Option<String>,
    /// The lead's status as stored.
    pub status: Option<String>,
    /// The call's summary (follow-ups, missed calls).
    pub summary: Option<String>,
    /// Since when they wait.
    pub since: DateTime<Utc>,
}

/// Words in a call summary that mean "call them back".
const FOLLOW_UP_WORDS: [&str; 5] = [
    "follow up",
    "follow-up",
    "call back",
    "callback",
    "call them back",
];

impl InboxKind {
    /// The kind as the UI receives it.
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::NewLead => "new_lead",
            InboxKind::MissedCall => "missed_call",
            InboxKind::FollowUp => "follow_up",
        }
    }
}

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<InboxItem> {
    let kind = match row.get::<_, String>(1)?.as_str() {
        "missed" => InboxKind::MissedCall,
        "followup" => InboxKind::FollowUp,
        _ => InboxKind::NewLead,
    };
    Ok(InboxItem {
        key: row.get(0)?,
        kind,
        lead_id: row.get(2)?,
        call_id: row.get(3)?,
        name: row.get(4)?,
        phone: row.get(5)?,
        status: row.get(6)?,
        summary: row.get(7)?,
        since: from_ms(row.get(8)?),
    })
}

impl Store {
    /// Everyone waiting, oldest wait first; of one business when `business_id` is given
    /// (a record with no business belongs to its agent's).
    pub fn inbox(&self, business_id: Option<&str>) -> Result<Vec<InboxItem>> {
        let follow_up = FOLLOW_UP_WORDS
            .iter()
            .map(|w| format!("lower(c.summary) LIKE '%{w}%'"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let in_business = |alias: &str| {
            format!(
                "(?1 IS NULL OR {alias}.business_id = ?1 OR ({alias}.business_id IS NULL AND \
                 {alias}.agent_id IN (SELECT id FROM agents WHERE business_id = ?1)))"
            )
        };
        let (leads_in, calls_in) = (in_business("l"), in_business("c"));
        let sql = format!(
            "SELECT * FROM (
               SELECT 'lead:' || l.id AS key, 'new' AS kind, l.id, NULL, l.name, l.phone,
                      l.status, NULL, l.created_ms AS since
                 FROM leads l
                WHERE lower(coalesce(nullif(trim(l.status), ''), 'new')) = 'new' AND {leads_in}
               UNION ALL
               SELECT 'missed:' || c.id, 'missed', c.lead_id, c.id,
                      coalesce(l.name, c.customer_name), coalesce(l.phone, c.to_number),
                      l.status, c.summary, c.created_ms
                 FROM calls c LEFT JOIN leads l ON l.id = c.lead_id
                WHERE c.direction = 'inbound'
                  AND c.status_norm IN ('no-answer', 'busy', 'failed', 'canceled')
                  AND {calls_in}
                  AND NOT EXISTS (SELECT 1 FROM calls b WHERE c.lead_id IS NOT NULL
                                  AND b.lead_id = c.lead_id AND b.created_ms > c.created_ms
                                  AND coalesce(b.direction, '') <> 'inbound')
               UNION ALL
               SELECT 'followup:' || c.id, 'followup', c.lead_id, c.id, l.name, l.phone,
                      l.status, c.summary, c.created_ms
                 FROM calls c JOIN leads l ON l.id = c.lead_id
                WHERE ({follow_up})
                  AND lower(trim(coalesce(l.status, ''))) NOT IN ('converted', 'lost')
                  AND {calls_in}
                  AND NOT EXISTS (SELECT 1 FROM calls n WHERE n.lead_id = c.lead_id
                                  AND (n.created_ms > c.created_ms
                                       OR (n.created_ms = c.created_ms AND n.id > c.id)))
             ) AS waiting
             WHERE key NOT IN (SELECT item_key FROM inbox_handled)
             ORDER BY since, key"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let items = stmt
            .query_map(params![business_id], item_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(items)
    }

    /// The owner has dealt with `key`; it leaves the inbox for good. Returns whether it
    /// was not marked before.
    pub fn mark_handled(&mut self, key: &str, now: DateTime<Utc>) -> Result<bool> {
        Ok(self.conn.execute(
            "INSERT INTO inbox_handled (item_key, handled_ms) VALUES (?1, ?2) \
             ON CONFLICT (item_key) DO NOTHING",
            params![key, now.timestamp_millis()],
        )? == 1)
    }
}
