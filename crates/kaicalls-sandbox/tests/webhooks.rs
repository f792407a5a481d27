//! Global and per-call webhooks: configuration, delivery, and signatures checked with an
//! HMAC computed independently of the crate under test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Capture, Env, Received, assert_error};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// Verifies a delivery the way the reference's Python sample does.
fn verify_independently(secret: &str, r: &Received) -> Value {
    let header = r.headers["x-kaicalls-signature"].to_str().unwrap();
    let parts: std::collections::HashMap<&str, &str> = header
        .split(',')
        .map(|p| p.split_once('=').unwrap())
        .collect();
    let t = parts["t"];
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(&r.body);
    let expected = hex::encode(mac.finalize().into_bytes());
    assert_eq!(parts["v1"], expected, "signature mismatch");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - t.parse::<i64>().unwrap()).abs() < 60);
    serde_json::from_slice(&r.body).unwrap()
}

#[tokio::test]
async fn register_view_and_remove() {
    let env = Env::start().await;
    let (s, v) = env.get("/api/v1/webhooks").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["configured"], false);

    let (s, reg) = env
        .post(
            "/api/v1/webhooks",
            json!({ "webhook_url": "https://partner.example.com/webhooks/kaicalls" }),
        )
        .await;
    assert_eq!(s, 200, "{reg}");
    let secret = reg["webhook_secret"].as_str().unwrap();
    assert!(secret.len() >= 32);
    assert_eq!(
        reg["webhook_secret_masked"],
        format!("...{}", &secret[secret.len() - 8..])
    );
    assert_eq!(
        reg["events"],
        json!(["lead.created", "lead.scored", "call.completed"])
    );
    assert_eq!(reg["business_id"], env.business_id());

    let (_, v) = env
        .get(&format!(
            "/api/v1/webhooks?business_id={}",
            env.business_id()
        ))
        .await;
    assert_eq!(v["configured"], true);
    assert_eq!(
        v["webhook_url"],
        "https://partner.example.com/webhooks/kaicalls"
    );
    assert_eq!(v["webhook_secret_masked"], reg["webhook_secret_masked"]);
    assert!(
        v.get("webhook_secret").is_none(),
        "the secret is shown only once"
    );
    assert!(!v.to_string().contains(secret));

    // Registering again rotates the secret.
    let (_, again) = env
        .post(
            "/api/v1/webhooks",
            json!({ "webhook_url": "https://partner.example.com/v2" }),
        )
        .await;
    assert_ne!(again["webhook_secret"], reg["webhook_secret"]);

    let (s, _) = env
        .delete(&format!(
            "/api/v1/webhooks?business_id={}",
            env.business_id()
        ))
        .await;
    assert_eq!(s, 200);
    let (_, v) = env.get("/api/v1/webhooks").await;
    assert_eq!(v["configured"], false);
    let (s, v) = env.delete("/api/v1/webhooks").await;
    assert_error(s, &v, 404, "not_found");

    let (s, v) = env.post("/api/v1/webhooks", json!({})).await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post("/api/v1/webhooks", json!({ "webhook_url": "ftp://x" }))
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/webhooks",
            json!({ "webhook_url": "https://x.example", "business_id": "other" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn a_completed_call_delivers_signed_events_in_order() {
    let env = Env::start().await;
    let global = Capture::start(200).await;
    let per_call = Capture::start(200).await;
    let (_, reg) = env
        .post("/api/v1/webhooks", json!({ "webhook_url": global.url }))
        .await;
    let secret = reg["webhook_secret"].as_str().unwrap().to_string();

    let call = env
        .call_and_wait(json!({
            "agent_id": env.agent_id(), "to": "+15125557777", "name": "Jane Smith",
            "webhook_url": per_call.url
        }))
        .await;
    let got = global.wait_for(3).await;
    let events: Vec<String> = got
        .iter()
        .map(|r| r.headers["x-kaicalls-event"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(events, ["lead.created", "lead.scored", "call.completed"]);

    let created = verify_independently(&secret, &got[0]);
    assert_eq!(created["event"], "lead.created");
    assert_eq!(created["business_id"], env.business_id());
    assert_eq!(created["data"]["id"], call["lead_id"]);
    assert_eq!(created["data"]["name"], "Jane Smith");
    assert_eq!(created["data"]["phone"], "+15125557777");
    assert_eq!(created["data"]["source"], "outbound_call");

    let scored = verify_independently(&secret, &got[1]);
    assert_eq!(scored["data"]["lead_id"], call["lead_id"]);
    let score = scored["data"]["score"].as_u64().unwrap();
    assert!(score <= 100);
    assert!(["high", "medium", "low"].contains(&scored["data"]["confidence"].as_str().unwrap()));

    let completed = verify_independently(&secret, &got[2]);
    assert_eq!(completed["data"]["call_id"], call["id"]);
    assert_eq!(completed["data"]["status"], "completed");
    assert_eq!(completed["data"]["duration"], call["duration"]);
    assert_eq!(completed["data"]["summary"], call["summary"]);
    assert_eq!(completed["data"]["recording_url"], call["recording_url"]);
    assert_eq!(completed["data"]["agent_name"], "Kai");

    // The per-call URL gets call.completed too, signed with the business's secret.
    let mine = per_call.wait_for(1).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].headers["x-kaicalls-event"], "call.completed");
    assert_eq!(
        verify_independently(&secret, &mine[0])["data"]["call_id"],
        call["id"]
    );

    // A wrong secret does not verify.
    let header = got[0].headers["x-kaicalls-signature"].to_str().unwrap();
    assert!(kaicalls_webhooks::verify(b"wrong", header, &got[0].body, chrono_now(), 300).is_err());
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn failed_calls_notify_only_their_own_url_and_failures_are_logged_once() {
    let env = Env::start().await;
    let global = Capture::start(200).await;
    let per_call = Capture::start(500).await;
    env.post("/api/v1/webhooks", json!({ "webhook_url": global.url }))
        .await;
    let call = env
        .call_and_wait(json!({ "agent_id": env.agent_id(), "to": "+15125550001", "webhook_url": per_call.url }))
        .await;
    assert_eq!(call["status"], "no-answer");
    let got = per_call.wait_for(1).await;
    let body: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(body["event"], "call.failed");
    assert_eq!(body["call_id"], call["id"]);
    assert_eq!(body["status"], "no-answer");
    assert_eq!(body["error"], "no_answer");
    // Nothing to the global URL for a call that never connected.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(global.received.lock().is_empty());

    // The 500 is logged, and never retried.
    let (_, logs) = env.get("/sandbox/webhook-logs").await;
    let logs = logs["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 1, "{logs:?}");
    assert_eq!(logs[0]["status_code"], 500);
    assert!(logs[0]["error"].as_str().unwrap().contains("500"));
    assert_eq!(per_call.received.lock().len(), 1);
}

#[tokio::test]
async fn unreachable_receivers_are_logged_and_discord_gets_an_unsigned_embed() {
    let env = Env::start().await;
    // Nothing listens on port 9 of loopback.
    env.post(
        "/api/v1/webhooks",
        json!({ "webhook_url": "http://127.0.0.1:9/hook" }),
    )
    .await;
    env.call_and_wait(json!({ "agent_id": env.agent_id(), "to": "+15125551111" }))
        .await;
    let mut logs = Vec::new();
    for _ in 0..100 {
        let (_, v) = env.get("/sandbox/webhook-logs").await;
        logs = v["logs"].as_array().unwrap().clone();
        if logs.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
    }
    assert_eq!(logs.len(), 3);
    assert!(
        logs.iter()
            .all(|l| l["status_code"].is_null() && l["error"].is_string())
    );

    let discord = Capture::start(204).await;
    let url = discord
        .url
        .replace("/hook", "/discord.com/api/webhooks/123/abc");
    env.call_and_wait(
        json!({ "agent_id": env.agent_id(), "to": "+15125552222", "webhook_url": url }),
    )
    .await;
    let got = discord.wait_for(1).await;
    assert!(got[0].headers.get("x-kaicalls-signature").is_none());
    let body: Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(body["embeds"][0]["title"], "call.completed");
}
