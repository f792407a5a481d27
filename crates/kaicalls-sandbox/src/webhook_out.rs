//! Outgoing webhooks, delivered as the reference's "v1 limitations" say: one attempt,
//! a 10-second timeout, failures logged in `webhook_logs`, never retried. The log keeps
//! the newest `SandboxConfig::max_webhook_logs` attempts.

use std::time::Instant;

use serde_json::{Value, json};

use crate::model::WebhookLog;
use crate::state::{App, Db};
use crate::time::Ts;

/// One webhook to send.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub business_id: Option<String>,
    pub url: String,
    /// Signs the body when present (see README: per-call webhooks use the business's
    /// global secret if it has one, else go unsigned).
    pub secret: Option<String>,
    pub event: String,
    pub payload: Value,
}

/// Seconds-precision timestamp, as in the reference's payload examples.
pub fn event_time(t: Ts) -> String {
    t.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// `{"event","timestamp","business_id","data"}`, the global webhook envelope.
pub fn envelope(event: &str, business_id: &str, data: Value, at: Ts) -> Value {
    json!({
        "event": event,
        "timestamp": event_time(at),
        "business_id": business_id,
        "data": data,
    })
}

/// A delivery to the business's global webhook, if one is configured.
pub fn to_global(db: &Db, business_id: &str, event: &str, data: Value, at: Ts) -> Option<Delivery> {
    let config = db.webhooks.get(business_id)?;
    Some(Delivery {
        business_id: Some(business_id.to_string()),
        url: config.url.clone(),
        secret: Some(config.secret.clone()),
        event: event.to_string(),
        payload: envelope(event, business_id, data, at),
    })
}

/// Whether a URL is a Discord webhook, which gets an embed and no signature.
fn is_discord(url: &str) -> bool {
    url.contains("discord.com/api/webhooks/")
}

/// Where a delivery went, as a log line may say it: scheme, host and port only. The path
/// of a receiver's URL is its secret (whoever knows it can post there), and log files
/// are sent to support.
fn shown_origin(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => format!("{}/…", u.origin().ascii_serialization()),
        Err(_) => "an unreadable URL".to_string(),
    }
}

/// Sends one webhook and logs the attempt.
pub async fn deliver(app: &App, d: Delivery) {
    let started = Instant::now();
    let discord = is_discord(&d.url);
    let body = if discord {
        json!({ "embeds": [{ "title": d.event, "description": discord_text(&d.payload) }] })
    } else {
        d.payload.clone()
    };
    let body = serde_json::to_vec(&body).unwrap_or_default();
    let mut request = app
        .http
        .post(&d.url)
        .header("Content-Type", "application/json")
        .header(kaicalls_webhooks::EVENT_HEADER, &d.event);
    let signed = !discord && d.secret.is_some();
    if let (false, Some(secret)) = (discord, &d.secret) {
        let header = kaicalls_webhooks::sign_header(secret.as_bytes(), Ts::now().unix(), &body);
        request = request.header(kaicalls_webhooks::SIGNATURE_HEADER, header);
    }
    let result = request.body(body).send().await;
    let (status_code, error) = match result {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("HTTP {}", r.status())),
        ),
        Err(e) if e.is_timeout() => (None, Some("timed out after 10 s".to_string())),
        // reqwest's message names the URL, and a receiver's URL carries its secret path.
        Err(e) => (None, Some(format!("delivery failed: {}", e.without_url()))),
    };
    if let Some(err) = &error {
        let to = shown_origin(&d.url);
        tracing::warn!(%to, event = %d.event, error = %err, "webhook delivery failed");
    }
    let mut db = app.db_mut();
    let log = WebhookLog {
        id: db.uuid(),
        business_id: d.business_id,
        url: d.url,
        event: d.event,
        signed,
        status_code,
        error,
        duration_ms: started.elapsed().as_millis() as u64,
        created_at: db.now(),
    };
    db.webhook_logs.insert(log.id.clone(), log);
    // A ring buffer: every delivery adds a row and nothing else removes one, so without
    // a cap a long demo or a webhook-heavy test would grow the state file without end.
    let cap = app.config.max_webhook_logs;
    while db.webhook_logs.len() > cap {
        db.webhook_logs.shift_remove_index(0);
    }
}

fn discord_text(payload: &Value) -> String {
    let data = payload.get("data").unwrap_or(payload);
    ["summary", "name", "status", "error"]
        .iter()
        .find_map(|k| data.get(*k).and_then(Value::as_str))
        .unwrap_or("KaiCalls event")
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_log_line_says_where_a_delivery_went_but_not_its_secret_path() {
        assert_eq!(
            super::shown_origin("http://127.0.0.1:4567/hooks/s3cr3t-token"),
            "http://127.0.0.1:4567/…"
        );
        assert_eq!(super::shown_origin("not a url"), "an unreadable URL");
    }
}
