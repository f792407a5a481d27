//! Texting a lead or a number (`POST /api/v1/sms/send`). A text reaches a real person, so
//! like a call it is online only (never queued) and one dialog sends at most one (the
//! app's [`OnceGuard`](super::once::OnceGuard)). KaiCalls has no route that lists texts,
//! so each one sent is recorded in the offline copy, with its lead, for the timeline.

use chrono::Utc;
use kaicalls_api::models::SendSms;
use kaicalls_store::{NewSms, PageRequest, SmsFilter};
use kaicalls_vocab::Code;
use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::error::AppError;

/// Twilio's longest message: ten segments of 160 GSM characters.
const MAX_TEXT_CHARS: usize = 1600;

/// What the text dialog sends.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SendText {
    /// Made once when the dialog opens; the same id is never sent twice.
    pub request_id: String,
    /// The agent whose number sends it.
    pub agent_id: String,
    /// The recipient, in any common format (normalised to E.164 before sending).
    pub to: String,
    /// The text.
    pub message: String,
    /// The lead whose thread it joins; without one, the lead with this number, if any.
    pub lead_id: Option<String>,
}

/// A text sent from the app, as the lead's timeline shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TextView {
    /// Twilio's message id.
    pub message_sid: Option<String>,
    /// Recipient, E.164.
    pub to: String,
    /// The sending number.
    pub from: Option<String>,
    /// The sending agent.
    pub agent_id: Option<String>,
    /// The lead it belongs to.
    pub lead_id: Option<String>,
    /// What was sent.
    pub body: String,
    /// When (RFC 3339).
    pub sent_at: String,
}

impl From<kaicalls_store::SmsSent> for TextView {
    fn from(s: kaicalls_store::SmsSent) -> Self {
        TextView {
            message_sid: s.message_sid,
            to: s.to,
            from: s.from,
            agent_id: s.agent_id,
            lead_id: s.lead_id,
            body: s.body,
            sent_at: s.sent_at.to_rfc3339(),
        }
    }
}

/// The most texts a lead's timeline lists.
const TIMELINE_LIMIT: u32 = 200;

impl Session {
    /// Sends the text (no guard: [`crate::App::send_text`] holds it) and records it.
    pub(crate) async fn send_text(&self, text: SendText) -> Result<TextView, AppError> {
        let message = text.message.trim().to_string();
        if message.is_empty() {
            return Err(AppError::new(Code::InvalidInput, "Write a message first."));
        }
        let chars = message.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(AppError::new(
                Code::InvalidInput,
                format!("A text can be {MAX_TEXT_CHARS} characters at most; this one is {chars}."),
            ));
        }
        let lead_id = match text.lead_id.filter(|l| !l.trim().is_empty()) {
            Some(id) => Some(id),
            None => self.lead_with_number(&text.to).await,
        };
        let mut request = SendSms::new(text.to.trim(), text.agent_id.trim(), message.clone());
        request.lead_id = lead_id.clone();
        let sent = self
            .client
            .sms()
            .send(request)
            .await
            .map_err(AppError::from_write)?;
        let record = NewSms {
            message_sid: sent.message_sid.clone(),
            to: sent.to.clone(),
            from: Some(sent.from.clone()),
            agent_id: Some(text.agent_id.trim().to_string()),
            lead_id,
            body: message,
            sent_at: Utc::now(),
            raw: serde_json::to_value(&sent).unwrap_or_default(),
        };
        // Sent is sent: a failure to record it is logged, never reported as a failed send.
        let view = TextView {
            message_sid: record.message_sid.clone(),
            to: record.to.clone(),
            from: record.from.clone(),
            agent_id: record.agent_id.clone(),
            lead_id: record.lead_id.clone(),
            body: record.body.clone(),
            sent_at: record.sent_at.to_rfc3339(),
        };
        match self.cache.with(move |s| s.record_sms(&record)).await {
            Ok(kept) => Ok(kept.into()),
            Err(e) => {
                tracing::warn!(code = e.code().as_str(), "the sent text was not recorded");
                Ok(view)
            }
        }
    }

    /// The texts sent from this app to a lead, newest first.
    pub async fn texts(&self, lead_id: &str) -> Result<Vec<TextView>, AppError> {
        let filter = SmsFilter {
            lead_id: Some(lead_id.to_string()),
            agent_id: None,
        };
        let page = self
            .cache
            .read(move |s| s.list_sms(&filter, &PageRequest::first(TIMELINE_LIMIT)))
            .await?;
        Ok(page.items.into_iter().map(TextView::from).collect())
    }

    /// The cached lead with this number (as KaiCalls links a text sent without a lead).
    async fn lead_with_number(&self, to: &str) -> Option<String> {
        let number = self.client.phone(to).ok()?;
        self.cache
            .read(move |s| s.lead_id_with_phone(&number))
            .await
            .ok()
            .flatten()
    }
}
