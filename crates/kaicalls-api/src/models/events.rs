//! Webhook payloads KaiCalls sends (`X-KaiCalls-Event`). The receiver verifies the
//! signature (crate `kaicalls-webhooks`) and then parses the body with
//! [`Event::from_slice`].

use serde::{Deserialize, Serialize};

use super::calls::CallStatus;
use super::common::Extra;
use super::webhooks::WebhookEvent;

/// `lead.created` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadCreatedData {
    /// Lead id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Source.
    #[serde(default)]
    pub source: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `lead.scored` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadScoredData {
    /// Lead id.
    pub lead_id: String,
    /// Score, 0–100.
    pub score: u32,
    /// `low`, `medium` or `high`.
    #[serde(default)]
    pub confidence: Option<String>,
    /// Why, in words.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Signals behind the score.
    #[serde(default)]
    pub factors: Vec<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `call.completed` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallCompletedData {
    /// Call id.
    pub call_id: String,
    /// Final status.
    pub status: CallStatus,
    /// Length, seconds.
    #[serde(default)]
    pub duration: Option<u64>,
    /// Agent name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Why it ended (Vapi's reason).
    #[serde(default)]
    pub ended_reason: Option<String>,
    /// Recording.
    #[serde(default)]
    pub recording_url: Option<String>,
    /// AI summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The envelope of global webhook events: `{event, timestamp, business_id, data}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Event name.
    pub event: WebhookEvent,
    /// When it happened.
    pub timestamp: String,
    /// The business.
    pub business_id: String,
    /// The event's data.
    pub data: T,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `call.failed` (per-call webhooks): flat, without an envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallFailedEvent {
    /// Always `call.failed`.
    pub event: WebhookEvent,
    /// Call id.
    pub call_id: String,
    /// Final status.
    pub status: CallStatus,
    /// Why, e.g. `no_answer`.
    #[serde(default)]
    pub error: Option<String>,
    /// When.
    pub timestamp: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A parsed webhook body.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Event {
    /// `lead.created`.
    LeadCreated(Envelope<LeadCreatedData>),
    /// `lead.scored`.
    LeadScored(Envelope<LeadScoredData>),
    /// `call.completed`.
    CallCompleted(Envelope<CallCompletedData>),
    /// `call.failed`.
    CallFailed(CallFailedEvent),
    /// An event this client does not know yet, kept whole.
    Other(serde_json::Value),
}

impl Event {
    /// Parses a webhook body by its `event` field.
    pub fn from_slice(body: &[u8]) -> Result<Event, serde_json::Error> {
        let value: serde_json::Value = serde_json::from_slice(body)?;
        let name = value
            .get("event")
            .and_then(serde_json::Value::as_str)
            .map(WebhookEvent::from);
        Ok(match name {
            Some(WebhookEvent::LeadCreated) => Event::LeadCreated(serde_json::from_value(value)?),
            Some(WebhookEvent::LeadScored) => Event::LeadScored(serde_json::from_value(value)?),
            Some(WebhookEvent::CallCompleted) => {
                Event::CallCompleted(serde_json::from_value(value)?)
            }
            Some(WebhookEvent::CallFailed) => Event::CallFailed(serde_json::from_value(value)?),
            _ => Event::Other(value),
        })
    }

    /// The `extra` map of the parsed payload and its data, for checking nothing was left
    /// unmodelled (`None` for [`Event::Other`]).
    pub fn unknown_fields(&self) -> Option<Vec<&Extra>> {
        Some(match self {
            Event::LeadCreated(e) => vec![&e.extra, &e.data.extra],
            Event::LeadScored(e) => vec![&e.extra, &e.data.extra],
            Event::CallCompleted(e) => vec![&e.extra, &e.data.extra],
            Event::CallFailed(e) => vec![&e.extra],
            Event::Other(_) => return None,
        })
    }
}
