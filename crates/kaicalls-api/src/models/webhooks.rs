//! `/api/v1/webhooks`: the one global webhook URL of a business.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::common::{Extra, expose, open_enum};

open_enum! {
    /// An event KaiCalls sends to webhooks.
    WebhookEvent {
        /// A lead was captured.
        LeadCreated => "lead.created",
        /// A lead was scored.
        LeadScored => "lead.scored",
        /// A call ended.
        CallCompleted => "call.completed",
        /// A call failed (per-call webhooks only).
        CallFailed => "call.failed",
    }
}

/// `POST /api/v1/webhooks` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RegisterWebhook {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_id: Option<String>,
    pub webhook_url: String,
}

/// `POST /api/v1/webhooks` answer. The signing secret is shown only here, once: store
/// it straight away. `Debug` redacts it; serialising writes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookRegistration {
    /// The business.
    pub business_id: String,
    /// Where events go.
    pub webhook_url: String,
    /// The HMAC signing secret.
    #[serde(serialize_with = "expose")]
    pub webhook_secret: SecretString,
    /// Its last characters, for display.
    #[serde(default)]
    pub webhook_secret_masked: Option<String>,
    /// Events that will be sent.
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
    /// The server's reminder to save the secret.
    #[serde(default)]
    pub message: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/webhooks`: the current configuration, secret masked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookConfig {
    /// The business.
    pub business_id: String,
    /// Where events go (`None` when not configured).
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// The secret's last characters.
    #[serde(default)]
    pub webhook_secret_masked: Option<String>,
    /// Whether a webhook is set.
    pub configured: bool,
    /// Events sent.
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `DELETE /api/v1/webhooks` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookRemoved {
    /// Whether it was removed.
    #[serde(default)]
    pub success: bool,
    /// The business.
    #[serde(default)]
    pub business_id: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
