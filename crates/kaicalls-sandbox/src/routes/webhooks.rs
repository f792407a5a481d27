//! `/api/v1/webhooks`: register, view (masked), remove the global webhook.

use axum::Json;
use axum::extract::State;
use rand::Rng;
use serde_json::{Value, json};

use super::common::check_url;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::WebhookConfig;
use crate::state::App;

/// The events a global webhook receives.
pub const EVENTS: &[&str] = &["lead.created", "lead.scored", "call.completed"];

fn masked(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(8)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("...{tail}")
}

pub async fn register(
    State(app): State<App>,
    caller: Caller,
    body: Body,
) -> ApiResult<Json<Value>> {
    caller.require("webhooks:write")?;
    let requested = body.opt_str("business_id")?;
    let url = body.required_str("webhook_url")?.trim().to_string();
    check_url("webhook_url", &url)?;
    let business_id = caller.business(requested.as_deref())?;
    // The secret comes from the OS generator, never the seed: it must not be guessable.
    let secret = format!("whsec_{}", hex::encode(rand::rng().random::<[u8; 24]>()));
    let mut db = app.db_mut();
    let created_at = db.now();
    db.webhooks.insert(
        business_id.clone(),
        WebhookConfig {
            business_id: business_id.clone(),
            url: url.clone(),
            secret: secret.clone(),
            created_at,
        },
    );
    Ok(Json(json!({
        "business_id": business_id,
        "webhook_url": url,
        "webhook_secret": secret,
        "webhook_secret_masked": masked(&secret),
        "events": EVENTS,
        "message": "Webhook configured. Save the secret now — it will not be shown again.",
    })))
}

pub async fn view(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("webhooks:read")?;
    let business_id = caller.business(params.get("business_id"))?;
    let db = app.db();
    let config = db.webhooks.get(&business_id);
    Ok(Json(json!({
        "business_id": business_id,
        "webhook_url": config.map(|c| c.url.clone()),
        "webhook_secret_masked": config.map(|c| masked(&c.secret)),
        "configured": config.is_some(),
        "events": EVENTS,
    })))
}

pub async fn remove(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("webhooks:write")?;
    let business_id = caller.business(params.get("business_id"))?;
    let removed = app.db_mut().webhooks.remove(&business_id);
    if removed.is_none() {
        return Err(ApiError::not_found("Webhook"));
    }
    Ok(Json(json!({ "success": true, "business_id": business_id })))
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_all_but_the_last_eight() {
        assert_eq!(super::masked("whsec_0123456789abcdef"), "...89abcdef");
    }
}
