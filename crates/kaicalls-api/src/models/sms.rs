//! `/api/v1/sms`: send a text, change an agent's SMS prompt.

use serde::{Deserialize, Serialize};

use super::common::Extra;

/// `POST /api/v1/sms/send` body. `to` is normalised to E.164 before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SendSms {
    /// Recipient.
    pub to: String,
    /// The agent whose number sends it.
    pub from_agent_id: String,
    /// The text.
    pub message: String,
    /// Links the text to a lead's thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<String>,
}

impl SendSms {
    /// A text from `from_agent_id`'s number to `to`.
    pub fn new(
        to: impl Into<String>,
        from_agent_id: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        SendSms {
            to: to.into(),
            from_agent_id: from_agent_id.into(),
            message: message.into(),
            lead_id: None,
        }
    }

    /// Links the text to a lead.
    pub fn lead_id(mut self, v: impl Into<String>) -> Self {
        self.lead_id = Some(v.into());
        self
    }
}

/// `POST /api/v1/sms/send` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsSent {
    /// Whether it was handed to the carrier.
    pub success: bool,
    /// Twilio message id.
    #[serde(default)]
    pub message_sid: Option<String>,
    /// Recipient.
    pub to: String,
    /// Sending number.
    pub from: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/v1/sms/update-prompt` body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateSmsPrompt {
    /// The agent.
    pub agent_id: String,
    /// The new SMS prompt.
    pub sms_prompt: String,
    /// Why, for the audit trail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl UpdateSmsPrompt {
    /// A new SMS prompt for `agent_id`.
    pub fn new(agent_id: impl Into<String>, sms_prompt: impl Into<String>) -> Self {
        UpdateSmsPrompt {
            agent_id: agent_id.into(),
            sms_prompt: sms_prompt.into(),
            reason: None,
        }
    }

    /// Sets the audit reason.
    pub fn reason(mut self, v: impl Into<String>) -> Self {
        self.reason = Some(v.into());
        self
    }
}

/// `POST /api/v1/sms/update-prompt` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmsPromptUpdated {
    /// Whether it was saved.
    pub success: bool,
    /// The agent.
    pub agent_id: String,
    /// Confirmation text.
    #[serde(default)]
    pub message: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
