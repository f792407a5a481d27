//! The store's own row types.
//!
//! These are deliberately not the API client's types: the store must not change when the
//! client does. Each row carries the typed fields the UI lists and filters on, plus `raw`,
//! every key the server ever sent for the item, so a screen that needs a field not
//! modelled here can read it without a migration or a resync.

use rusqlite::Row;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A collection the sync engine mirrors from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Collection {
    /// Businesses of the account (from balance, analytics and signup answers).
    Businesses,
    /// `GET /api/v1/agents`.
    Agents,
    /// `GET /api/v1/numbers`.
    Numbers,
    /// `GET /api/v1/calls`, call details and call webhooks.
    Calls,
    /// `GET /api/v1/leads`, lead details and lead webhooks.
    Leads,
    /// `GET /api/v1/transcripts`, keyed by call id.
    Transcripts,
}

impl Collection {
    /// Every collection, in a stable order.
    pub const ALL: [Collection; 6] = [
        Collection::Businesses,
        Collection::Agents,
        Collection::Numbers,
        Collection::Calls,
        Collection::Leads,
        Collection::Transcripts,
    ];

    /// The name used in the database and in sync state (also the table name).
    pub fn as_str(self) -> &'static str {
        match self {
            Collection::Businesses => "businesses",
            Collection::Agents => "agents",
            Collection::Numbers => "numbers",
            Collection::Calls => "calls",
            Collection::Leads => "leads",
            Collection::Transcripts => "transcripts",
        }
    }
}

impl std::fmt::Display for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A business the account can see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Business {
    /// The server's business id.
    pub id: String,
    /// Display name, when the server has sent one.
    pub name: Option<String>,
    /// `active`, `trialing`, … as the server reports it.
    pub subscription_status: Option<String>,
    /// Everything the server sent.
    pub raw: Value,
}

/// A voice agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    /// The KaiCalls agent id (not the Vapi assistant id).
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// The business the agent answers for.
    pub business_id: Option<String>,
    /// The agent's number, when the details route has been read.
    pub phone_number: Option<String>,
    /// Server timestamp, verbatim.
    pub created_at: Option<String>,
    /// Everything the server sent (prompts, voice, model, …).
    pub raw: Value,
}

/// A phone number of the account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhoneNumber {
    /// The server's number id.
    pub id: String,
    /// E.164 number.
    pub phone_number: Option<String>,
    /// The agent that answers it.
    pub agent_id: Option<String>,
    /// The business it belongs to.
    pub business_id: Option<String>,
    /// Server timestamp, verbatim.
    pub created_at: Option<String>,
    /// Everything the server sent.
    pub raw: Value,
}

/// A call, merged from the list, the details route and call webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// The KaiCalls call id.
    pub id: String,
    /// The Vapi conversation id.
    pub conversation_id: Option<String>,
    /// Status as the server spelled it (`completed`, `ended`, `in_progress`, …).
    pub status: Option<String>,
    /// `inbound` or `outbound`, once the details route has been read.
    pub direction: Option<String>,
    /// Length in seconds.
    pub duration_seconds: Option<i64>,
    /// The agent that handled the call.
    pub agent_id: Option<String>,
    /// That agent's name at the time.
    pub agent_name: Option<String>,
    /// The business of the call.
    pub business_id: Option<String>,
    /// The linked lead.
    pub lead_id: Option<String>,
    /// The dialled number (outbound calls placed from this app).
    pub to_number: Option<String>,
    /// The customer's name given when dialling.
    pub customer_name: Option<String>,
    /// The AI summary.
    pub summary: Option<String>,
    /// Where the recording can be fetched.
    pub recording_url: Option<String>,
    /// Why the call ended (from the `call.completed` webhook).
    pub ended_reason: Option<String>,
    /// Server timestamp, verbatim.
    pub created_at: Option<String>,
    /// Everything the server sent (quality dimensions, …).
    pub raw: Value,
    /// The linked lead's name, from the cache (the call list names nobody; the details
    /// route gives `lead_id`, and the lead has the name).
    pub lead_name: Option<String>,
    /// The linked lead's phone number, from the cache.
    pub lead_phone: Option<String>,
}

/// A lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// The server's lead id.
    pub id: String,
    /// Full name (or first and last name joined when the server sent no `name`).
    pub name: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// `new`, `contacted`, `qualified`, `converted` or `lost`.
    pub status: Option<String>,
    /// Where the lead came from (`inbound_call`, `website`, …).
    pub source: Option<String>,
    /// The agent that captured the lead.
    pub agent_id: Option<String>,
    /// That agent's name.
    pub agent_name: Option<String>,
    /// The business of the lead.
    pub business_id: Option<String>,
    /// Internal notes.
    pub notes: Option<String>,
    /// AI score 0–100 (from the `lead.scored` webhook).
    pub score: Option<i64>,
    /// Server timestamp, verbatim.
    pub created_at: Option<String>,
    /// Server timestamp of the last change, verbatim; the base of offline edits.
    pub updated_at: Option<String>,
    /// Offline edits of this lead still waiting to be sent.
    pub pending_edits: i64,
    /// Everything the server sent (address, event info, score factors, …).
    pub raw: Value,
}

/// A call transcript with its summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The call id (transcripts have no id of their own).
    pub call_id: String,
    /// The Vapi conversation id.
    pub conversation_id: Option<String>,
    /// The agent that handled the call.
    pub agent_id: Option<String>,
    /// That agent's name.
    pub agent_name: Option<String>,
    /// Call status as the server spelled it.
    pub status: Option<String>,
    /// Length in seconds.
    pub duration_seconds: Option<i64>,
    /// The AI summary.
    pub summary: Option<String>,
    /// The full text, `Agent:` / `Caller:` lines.
    pub transcript: Option<String>,
    /// Server timestamp, verbatim.
    pub created_at: Option<String>,
    /// Everything the server sent, the transcript text included.
    pub raw: Value,
}

/// Reads the JSON this store wrote. A value it cannot read (which only a hand edit of the
/// file could cause) is shown as `null` rather than hiding the whole row.
pub(crate) fn raw_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_default()
}

pub(crate) const BUSINESS_COLUMNS: &str = "id, name, subscription_status, raw";

pub(crate) fn business_from_row(row: &Row<'_>) -> rusqlite::Result<Business> {
    Ok(Business {
        id: row.get(0)?,
        name: row.get(1)?,
        subscription_status: row.get(2)?,
        raw: raw_json(&row.get::<_, String>(3)?),
    })
}

pub(crate) const AGENT_COLUMNS: &str = "id, name, business_id, phone_number, created_at, raw";

pub(crate) fn agent_from_row(row: &Row<'_>) -> rusqlite::Result<Agent> {
    Ok(Agent {
        id: row.get(0)?,
        name: row.get(1)?,
        business_id: row.get(2)?,
        phone_number: row.get(3)?,
        created_at: row.get(4)?,
        raw: raw_json(&row.get::<_, String>(5)?),
    })
}

pub(crate) const NUMBER_COLUMNS: &str = "id, phone_number, agent_id, business_id, created_at, raw";

pub(crate) fn number_from_row(row: &Row<'_>) -> rusqlite::Result<PhoneNumber> {
    Ok(PhoneNumber {
        id: row.get(0)?,
        phone_number: row.get(1)?,
        agent_id: row.get(2)?,
        business_id: row.get(3)?,
        created_at: row.get(4)?,
        raw: raw_json(&row.get::<_, String>(5)?),
    })
}

pub(crate) const CALL_COLUMNS: &str = "id, conversation_id, status, direction, duration, agent_id, \
     agent_name, business_id, lead_id, to_number, customer_name, summary, recording_url, \
     ended_reason, created_at, raw, \
     (SELECT l.name FROM leads l WHERE l.id = calls.lead_id), \
     (SELECT l.phone FROM leads l WHERE l.id = calls.lead_id)";

pub(crate) fn call_from_row(row: &Row<'_>) -> rusqlite::Result<Call> {
    Ok(Call {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        status: row.get(2)?,
        direction: row.get(3)?,
        duration_seconds: row.get(4)?,
        agent_id: row.get(5)?,
        agent_name: row.get(6)?,
        business_id: row.get(7)?,
        lead_id: row.get(8)?,
        to_number: row.get(9)?,
        customer_name: row.get(10)?,
        summary: row.get(11)?,
        recording_url: row.get(12)?,
        ended_reason: row.get(13)?,
        created_at: row.get(14)?,
        raw: raw_json(&row.get::<_, String>(15)?),
        lead_name: row.get(16)?,
        lead_phone: row.get(17)?,
    })
}

pub(crate) const LEAD_COLUMNS: &str = "id, name, first_name, last_name, email, phone, status, \
     source, agent_id, agent_name, business_id, notes, score, created_at, updated_at, \
     (SELECT count(*) FROM outbox o WHERE o.lead_id = leads.id AND o.state = 'pending'), raw";

pub(crate) fn lead_from_row(row: &Row<'_>) -> rusqlite::Result<Lead> {
    Ok(Lead {
        id: row.get(0)?,
        name: row.get(1)?,
        first_name: row.get(2)?,
        last_name: row.get(3)?,
        email: row.get(4)?,
        phone: row.get(5)?,
        status: row.get(6)?,
        source: row.get(7)?,
        agent_id: row.get(8)?,
        agent_name: row.get(9)?,
        business_id: row.get(10)?,
        notes: row.get(11)?,
        score: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        pending_edits: row.get(15)?,
        raw: raw_json(&row.get::<_, String>(16)?),
    })
}

pub(crate) const TRANSCRIPT_COLUMNS: &str = "id, conversation_id, agent_id, agent_name, status, \
     duration, summary, transcript, created_at, raw";

pub(crate) fn transcript_from_row(row: &Row<'_>) -> rusqlite::Result<Transcript> {
    let transcript: Option<String> = row.get(7)?;
    let mut raw = raw_json(&row.get::<_, String>(9)?);
    crate::upsert::restore_lifted(&mut raw, "transcript", transcript.as_deref());
    Ok(Transcript {
        call_id: row.get(0)?,
        conversation_id: row.get(1)?,
        agent_id: row.get(2)?,
        agent_name: row.get(3)?,
        status: row.get(4)?,
        duration_seconds: row.get(5)?,
        summary: row.get(6)?,
        transcript,
        created_at: row.get(8)?,
        raw,
    })
}
