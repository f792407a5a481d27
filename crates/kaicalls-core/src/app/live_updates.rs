//! Settings → Live updates: the webhook KaiCalls sends new leads to, pointed at this app's
//! receiver through the user's public URL. Secrets stay in the keyring; the UI only ever
//! sees KaiCalls' masked form, and URLs with the receiver's secret path hidden.

use kaicalls_vocab::Code;
use serde::Serialize;

use super::session::Session;
use crate::error::AppError;
use crate::webhook_setup::{PUBLIC_URL_HELP, RouteCheck, WebhookStatus};

/// The settings screen's view of live updates.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LiveUpdates {
    /// The receiver's loopback address the user's tunnel must forward to, its secret
    /// path hidden; `None` when the receiver could not start.
    pub local_url: Option<String>,
    /// The public URL the user gave, if any.
    pub public_url: Option<String>,
    /// Each business's webhook as KaiCalls has it (masked secret).
    pub businesses: Vec<WebhookStatus>,
    /// How to make the receiver reachable, in plain words.
    pub help: String,
}

fn no_receiver() -> AppError {
    AppError::new(
        Code::ReceiverNotRunning,
        "The webhook receiver is not running; new leads arrive with the periodic sync.",
    )
}

impl Session {
    /// Live-updates status (asks KaiCalls, so online only).
    pub async fn live_updates(&self, public_url: Option<String>) -> Result<LiveUpdates, AppError> {
        let service = self.webhooks.lock().await;
        let mut businesses = Vec::new();
        if let Some(service) = service.as_ref() {
            for business in &self.account.business_ids {
                businesses.push(service.view(business).await?);
            }
        }
        Ok(LiveUpdates {
            local_url: service.as_ref().map(|s| s.shown_local_url()),
            public_url,
            businesses,
            help: PUBLIC_URL_HELP.to_string(),
        })
    }

    /// Registers the webhook of every business at `public_url` (empty: the loopback
    /// address, sandbox only) and keeps the secrets in the keyring.
    pub async fn register_webhooks(
        &self,
        public_url: Option<String>,
    ) -> Result<Vec<WebhookStatus>, AppError> {
        let guard = self.webhooks.lock().await;
        let service = guard.as_ref().ok_or_else(no_receiver)?;
        let mut out = Vec::new();
        for business in &self.account.business_ids {
            out.push(service.register(business, public_url.as_deref()).await?);
        }
        Ok(out)
    }

    /// Sends a signed probe through the public URL and waits for it to arrive.
    pub async fn verify_webhooks(
        &self,
        public_url: Option<String>,
    ) -> Result<Vec<RouteCheck>, AppError> {
        let guard = self.webhooks.lock().await;
        let service = guard.as_ref().ok_or_else(no_receiver)?;
        let mut out = Vec::new();
        for business in &self.account.business_ids {
            out.push(
                service
                    .verify_route(business, public_url.as_deref())
                    .await?,
            );
        }
        Ok(out)
    }

    /// Removes the webhook of every business (deliveries stop; sync still brings leads).
    pub async fn remove_webhooks(&self) -> Result<(), AppError> {
        let guard = self.webhooks.lock().await;
        let service = guard.as_ref().ok_or_else(no_receiver)?;
        for business in &self.account.business_ids {
            service.remove(business).await?;
        }
        Ok(())
    }
}
