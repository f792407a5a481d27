//! `POST /api/v1/sms/send` and `POST /api/v1/sms/update-prompt`, through real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::{Env, assert_error};
use reqwest::Method;
use serde_json::{Value, json};

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

async fn agent_phone(env: &Env, id: &str) -> String {
    let (s, v) = env.get(&format!("/api/v1/agents?id={id}")).await;
    assert_eq!(s, 200, "{v}");
    v["phone_number"].as_str().unwrap().to_string()
}

/// Ids of the SMS the fault ledger saw created.
async fn sms_effects(env: &Env) -> Vec<String> {
    let ledger: Value = env
        .http
        .get(env.url("/sandbox/ledger"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["side_effect"]["kind"] == "sms")
        .map(|e| e["side_effect"]["id"].as_str().unwrap().to_string())
        .collect()
}

async fn stored_agent(env: &Env, id: &str) -> Value {
    let (s, v) = env.get(&format!("/sandbox/agents?id={id}")).await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn sends_from_the_agents_number() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let from = agent_phone(&env, &agent).await;
    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": agent, "message": "Hi John!" }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(keys(&v), set(&["success", "message_sid", "to", "from"]));
    assert_eq!(v["success"], true);
    assert_eq!(v["to"], "+15125559876");
    assert_eq!(v["from"], from.as_str());
    let sid = v["message_sid"].as_str().unwrap();
    assert!(sid.starts_with("SM") && sid.len() == 34, "{sid}");
    assert!(sid[2..].bytes().all(|b| b.is_ascii_hexdigit()), "{sid}");

    let (s, again) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": agent, "message": "Second" }),
        )
        .await;
    assert_eq!(s, 200, "{again}");
    assert_ne!(again["message_sid"], v["message_sid"]);
    assert_eq!(sms_effects(&env).await.len(), 2, "each send stores one SMS");
}

#[tokio::test]
async fn links_a_lead_of_the_agents_business() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let (s, call) = env
        .post(
            "/sandbox/inbound-call",
            json!({ "from": "+15125556001", "name": "Lena Thread" }),
        )
        .await;
    assert_eq!(s, 201, "{call}");
    env.wait_call(call["id"].as_str().unwrap(), |c| c["status"] == "completed")
        .await;
    let (_, leads) = env.get("/api/v1/leads?phone=%2B15125556001").await;
    let lead_id = leads["leads"][0]["id"].as_str().unwrap().to_string();

    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125556001", "from_agent_id": agent, "message": "Hi Lena", "lead_id": lead_id }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["success"], true);

    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125556001", "from_agent_id": agent, "message": "Hi", "lead_id": "no-such-lead" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn compliance_checks_refuse_before_sending() {
    let env = Env::start().await;
    let agent = env.agent_id();
    for (to, status, code) in [
        ("+15125550100", 400, "number_on_dnc"),
        ("+15125550101", 400, "number_opted_out"),
        ("+15125550102", 500, "sms_send_failed"),
    ] {
        let (s, v) = env
            .post(
                "/api/v1/sms/send",
                json!({ "to": to, "from_agent_id": agent, "message": "Hello" }),
            )
            .await;
        assert_error(s, &v, status, code);
    }
    assert!(
        sms_effects(&env).await.is_empty(),
        "a refused message is not stored"
    );
}

#[tokio::test]
async fn bad_input_gets_documented_codes() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let full = json!({ "to": "+15125559876", "from_agent_id": agent, "message": "Hello" });
    for field in ["to", "from_agent_id", "message"] {
        let mut body = full.clone();
        body.as_object_mut().unwrap().remove(field);
        let (s, v) = env.post("/api/v1/sms/send", body).await;
        assert_error(s, &v, 400, "invalid_request");
    }
    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "5125559876", "from_agent_id": agent, "message": "Hello" }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": agent, "message": "x".repeat(1_601) }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": "no-such-agent", "message": "Hello" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");

    // An agent with no phone number cannot send.
    let (s, created) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": env.business_id(), "name": "Numberless", "system_prompt": "p" }),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": created["id"], "message": "Hello" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");
    assert!(sms_effects(&env).await.is_empty());
}

#[tokio::test]
async fn send_needs_sms_write() {
    let env = Env::start().await;
    let body = json!({ "to": "+15125559876", "from_agent_id": env.agent_id(), "message": "Hi" });
    let read_only = env.key_with_scopes(&["sms:read"]).await;
    let (s, _, v) = env
        .raw(
            Some(&read_only),
            Method::POST,
            "/api/v1/sms/send",
            Some(body.clone()),
        )
        .await;
    assert_error(s, &v, 403, "forbidden");
    let writer = env.key_with_scopes(&["sms:write"]).await;
    let (s, _, v) = env
        .raw(Some(&writer), Method::POST, "/api/v1/sms/send", Some(body))
        .await;
    assert_eq!(s, 200, "{v}");
}

#[tokio::test]
async fn update_prompt_changes_the_sms_prompt_with_an_audit_row() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let before = stored_agent(&env, &agent).await["audit"]
        .as_array()
        .unwrap()
        .len();
    // The SMS prompt is KaiCalls metadata: a Vapi outage does not block it.
    let (s, _) = env
        .put("/sandbox/settings", json!({ "vapi_down": true }))
        .await;
    assert_eq!(s, 200);
    let (s, v) = env
        .post(
            "/api/v1/sms/update-prompt",
            json!({
                "agent_id": agent,
                "sms_prompt": "Help schedule consultations.",
                "reason": "Switching to consultation-focused messaging",
            }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v,
        json!({ "success": true, "agent_id": agent, "message": "SMS prompt updated" })
    );
    let stored = stored_agent(&env, &agent).await;
    assert_eq!(stored["sms_prompt"], "Help schedule consultations.");
    let audit = stored["audit"].as_array().unwrap();
    assert_eq!(audit.len(), before + 1);
    let row = audit.last().unwrap();
    assert_eq!(row["field"], "sms_prompt");
    assert_eq!(row["reason"], "Switching to consultation-focused messaging");
    assert!(row["at"].is_string());

    // Setting the same prompt again changes nothing, so nothing is audited.
    let (s, _) = env
        .post(
            "/api/v1/sms/update-prompt",
            json!({ "agent_id": agent, "sms_prompt": "Help schedule consultations." }),
        )
        .await;
    assert_eq!(s, 200);
    let audit_len = stored_agent(&env, &agent).await["audit"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(audit_len, before + 1);
}

#[tokio::test]
async fn update_prompt_errors_and_scope() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let (s, v) = env
        .post("/api/v1/sms/update-prompt", json!({ "agent_id": agent }))
        .await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post("/api/v1/sms/update-prompt", json!({ "sms_prompt": "p" }))
        .await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post(
            "/api/v1/sms/update-prompt",
            json!({ "agent_id": agent, "sms_prompt": 5 }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/sms/update-prompt",
            json!({ "agent_id": "no-such-agent", "sms_prompt": "p" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");

    // The reference requires agents:write here, not sms:write.
    let body = json!({ "agent_id": agent, "sms_prompt": "Scoped" });
    let sms_key = env.key_with_scopes(&["sms:write", "sms:read"]).await;
    let (s, _, v) = env
        .raw(
            Some(&sms_key),
            Method::POST,
            "/api/v1/sms/update-prompt",
            Some(body.clone()),
        )
        .await;
    assert_error(s, &v, 403, "forbidden");
    let agents_key = env.key_with_scopes(&["agents:write"]).await;
    let (s, _, v) = env
        .raw(
            Some(&agents_key),
            Method::POST,
            "/api/v1/sms/update-prompt",
            Some(body),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(stored_agent(&env, &agent).await["sms_prompt"], "Scoped");
}
