//! `/api/v1/sms/*`.

use super::group;
use crate::error::Result;
use crate::models::{SendSms, SmsPromptUpdated, SmsSent, UpdateSmsPrompt};
use crate::transport::Request;

group!(
    /// Text messages: `client.sms()`.
    Sms
);

impl Sms {
    /// Sends a text from the agent's number (`sms:write`), after DNC and consent checks
    /// on the server. `to` is normalised first. Never retried once it may have reached
    /// KaiCalls: the text could go out twice.
    pub async fn send(&self, sms: SendSms) -> Result<SmsSent> {
        let mut sms = sms;
        sms.to = self.client.phone(&sms.to)?;
        self.client
            .send(Request::post("/api/v1/sms/send", &sms)?)
            .await
    }

    /// Replaces an agent's SMS prompt (`agents:write`); logged to the audit trail.
    /// A `POST`, so not retried once it may have reached KaiCalls (each one writes an
    /// audit row and emails the owner).
    pub async fn update_prompt(&self, update: UpdateSmsPrompt) -> Result<SmsPromptUpdated> {
        self.client
            .send(Request::post("/api/v1/sms/update-prompt", &update)?)
            .await
    }
}
