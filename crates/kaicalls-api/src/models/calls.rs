//! `/api/v1/calls`: place an outbound call, list calls, get one.

use serde::{Deserialize, Serialize};

use super::common::{Extra, open_enum, setters, value_setters};

open_enum! {
    /// Where a call is in its life. `completed` and `ended` both mean it is over; so does
    /// any status this client does not know (see [`CallStatus::is_final`]).
    CallStatus {
        /// Accepted, not dialled yet.
        Queued => "queued",
        /// Dialling.
        Ringing => "ringing",
        /// Connected and talking.
        InProgress => "in-progress",
        /// Connected and talking (the underscore spelling some routes use).
        InProgressUnderscore => "in_progress",
        /// Started (Vapi's spelling of connected).
        Started => "started",
        /// Finished normally.
        Completed => "completed",
        /// Finished (Vapi's spelling).
        Ended => "ended",
        /// Rang out.
        NoAnswer => "no-answer",
        /// Could not be connected.
        Failed => "failed",
    }
}

impl CallStatus {
    /// Whether the call can still change: queued, ringing, in-progress (either
    /// spelling) or started. The rule is [`kaicalls_vocab::CallState`]'s, shared by the
    /// whole app.
    pub fn is_active(&self) -> bool {
        self.state().is_active()
    }

    /// Whether the call is over. Unknown statuses count as final, so a wait never
    /// hangs on a status the server added later.
    pub fn is_final(&self) -> bool {
        !self.is_active()
    }

    /// What this status means, whatever its spelling.
    pub fn state(&self) -> kaicalls_vocab::CallState {
        kaicalls_vocab::CallState::of(self.as_str())
    }
}

/// `POST /api/v1/calls` body. `to` is normalised to E.164 before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateCall {
    /// The agent that makes the call.
    pub agent_id: String,
    /// Who to call.
    pub to: String,
    /// The callee's name; the agent greets them by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free-form context for the agent (task, appointment details).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Opening line for this call only.
    #[serde(rename = "firstMessage", skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// Links the call to a lead (enables CRM enrichment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
    /// Per-call webhook (`call.completed` / `call.failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    /// Longest call in seconds (server default 600).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<u32>,
}

impl CreateCall {
    /// A call from `agent_id` to `to`.
    pub fn new(agent_id: impl Into<String>, to: impl Into<String>) -> Self {
        CreateCall {
            agent_id: agent_id.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    setters!(
        name: String,
        context: String,
        first_message: String,
        lead_id: String,
        webhook_url: String,
    );
    value_setters!(max_duration: u32);
}

/// `POST /api/v1/calls` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallCreated {
    /// Call id.
    pub id: String,
    /// Vapi conversation id.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// Usually `queued`.
    pub status: CallStatus,
    /// The calling agent.
    pub agent_id: String,
    /// The number dialled.
    pub to: String,
    /// The callee's name.
    #[serde(default)]
    pub name: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filters of `GET /api/v1/calls`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallFilter {
    /// Page size (server default 50, max 100).
    pub limit: Option<u32>,
    /// Only this agent's calls.
    pub agent_id: Option<String>,
    /// Only calls with this status.
    pub status: Option<CallStatus>,
    /// Only calls older than this `created_at` (the paging cursor).
    pub after: Option<String>,
}

impl CallFilter {
    setters!(agent_id: String, status: CallStatus, after: String);
    value_setters!(limit: u32);
}

/// A call as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallSummary {
    /// Call id.
    pub id: String,
    /// Vapi conversation id.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// Current status.
    pub status: CallStatus,
    /// Length in seconds, once known.
    #[serde(default)]
    pub duration: Option<u64>,
    /// The agent.
    pub agent_id: String,
    /// The agent's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// When it was created (the paging cursor).
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/v1/calls`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallsPage {
    /// Newest first.
    pub calls: Vec<CallSummary>,
    /// Whether older calls follow.
    #[serde(default)]
    pub has_more: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/calls?id=`: the whole call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    /// Call id.
    pub id: String,
    /// Vapi conversation id.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// Current status.
    pub status: CallStatus,
    /// `inbound` or `outbound`.
    #[serde(default)]
    pub direction: Option<String>,
    /// Length in seconds, once known.
    #[serde(default)]
    pub duration: Option<u64>,
    /// The agent.
    pub agent_id: String,
    /// The agent's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Owning business.
    #[serde(default)]
    pub business_id: Option<String>,
    /// The linked lead.
    #[serde(default)]
    pub lead_id: Option<String>,
    /// AI summary, once the call is over.
    #[serde(default)]
    pub summary: Option<String>,
    /// Recording, once the call is over.
    #[serde(default)]
    pub recording_url: Option<String>,
    /// Quality scores by dimension (0–100), e.g. `empathy`.
    #[serde(default)]
    pub quality_dimensions: Option<serde_json::Map<String, serde_json::Value>>,
    /// When it was created.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_and_active_statuses() {
        for s in ["queued", "ringing", "in-progress", "in_progress", "started"] {
            assert!(CallStatus::from(s).is_active(), "{s}");
        }
        for s in ["completed", "ended", "no-answer", "failed", "voicemail"] {
            assert!(CallStatus::from(s).is_final(), "{s}");
        }
        assert_eq!(
            CallStatus::from("voicemail"),
            CallStatus::Other("voicemail".into())
        );
        assert_eq!(CallStatus::InProgressUnderscore.as_str(), "in_progress");
    }

    #[test]
    fn create_call_uses_the_documented_spelling() {
        let body = serde_json::to_value(CreateCall::new("a", "+15125551234").first_message("Hi"))
            .unwrap_or_default();
        assert_eq!(
            body,
            serde_json::json!({"agent_id": "a", "to": "+15125551234", "firstMessage": "Hi"})
        );
    }
}
