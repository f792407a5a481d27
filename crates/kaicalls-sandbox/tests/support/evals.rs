//! Helpers shared by the eval test files: scenario turns, create and run.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};

use super::common::Env;

pub fn user(content: &str) -> Value {
    json!({ "role": "user", "content": content })
}

pub fn judged(kind: &str, content: &str) -> Value {
    json!({ "role": "assistant", "judgePlan": { "type": kind, "content": content } })
}

pub fn ai(rubric: &str) -> Value {
    json!({ "role": "assistant", "judgePlan": { "type": "ai", "model": {
        "provider": "openai", "model": "gpt-4.1",
        "messages": [{ "role": "system", "content": rubric }]
    } } })
}

/// Creates a scenario for the demo agent and returns its id.
pub async fn create(env: &Env, name: &str, messages: Value) -> String {
    let (s, v) = env
        .post(
            "/api/v1/evals",
            json!({
                "agent_id": env.agent_id(),
                "business_id": env.business_id(),
                "name": name,
                "messages": messages,
            }),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    v["id"].as_str().unwrap().to_string()
}

/// Runs one scenario with `wait: true` and returns the ended run.
pub async fn run(env: &Env, eval_id: &str) -> Value {
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": eval_id }))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "ended", "{v}");
    v
}

pub fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}
