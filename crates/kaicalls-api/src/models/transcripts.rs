//! `GET /api/v1/transcripts`: recent calls that have a transcript.

use serde::{Deserialize, Serialize};

use super::calls::CallStatus;
use super::common::{Extra, setters, value_setters};

/// Filters of `GET /api/v1/transcripts`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptFilter {
    /// Page size (server default 20, max 50).
    pub limit: Option<u32>,
    /// Only this agent's calls.
    pub agent_id: Option<String>,
    /// Only calls older than this `created_at` (the paging cursor).
    pub after: Option<String>,
    /// Look-back in days (server default 30, max 90).
    pub days: Option<u32>,
}

impl TranscriptFilter {
    setters!(agent_id: String, after: String);
    value_setters!(limit: u32, days: u32);
}

/// One call's transcript and summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The call.
    pub call_id: String,
    /// Vapi conversation id.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// The agent.
    pub agent_id: String,
    /// The agent's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// The call's status.
    pub status: CallStatus,
    /// Length in seconds.
    #[serde(default)]
    pub duration: Option<u64>,
    /// AI summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// The conversation, one `Speaker: text` line per turn.
    #[serde(default)]
    pub transcript: Option<String>,
    /// When the call was created (the paging cursor).
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/v1/transcripts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptsPage {
    /// Newest first.
    pub transcripts: Vec<Transcript>,
    /// Whether older transcripts follow.
    #[serde(default)]
    pub has_more: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
