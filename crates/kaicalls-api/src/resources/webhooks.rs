//! `/api/v1/webhooks`.

use super::group;
use crate::error::Result;
use crate::models::{RegisterWebhook, WebhookConfig, WebhookRegistration, WebhookRemoved};
use crate::transport::Request;

group!(
    /// The global webhook: `client.webhooks()`.
    Webhooks
);

impl Webhooks {
    /// Points the business's webhook at `url` and returns the signing secret, shown
    /// only this once (`webhooks:write`). `business_id` is required when the key spans
    /// several businesses. A `POST`, so not retried once it may have reached KaiCalls.
    pub async fn register(
        &self,
        business_id: Option<&str>,
        url: &str,
    ) -> Result<WebhookRegistration> {
        let body = RegisterWebhook {
            business_id: business_id.map(str::to_string),
            webhook_url: url.to_string(),
        };
        self.client
            .send(Request::post("/api/v1/webhooks", &body)?)
            .await
    }

    /// The current webhook, secret masked (`webhooks:read`).
    pub async fn get(&self, business_id: Option<&str>) -> Result<WebhookConfig> {
        let req = Request::get("/api/v1/webhooks").query("business_id", business_id);
        self.client.send(req).await
    }

    /// Removes the webhook (`webhooks:write`). A retry that finds none counts as success.
    pub async fn remove(&self, business_id: Option<&str>) -> Result<WebhookRemoved> {
        let req = Request::delete("/api/v1/webhooks").query("business_id", business_id);
        let business = business_id.map(str::to_string);
        self.client
            .send_delete(req, || WebhookRemoved {
                success: true,
                business_id: business,
                extra: Default::default(),
            })
            .await
    }
}
