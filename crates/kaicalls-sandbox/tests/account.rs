//! `/api/v1/balance` and `/api/v1/keys` (which API keys may not use); `usage.rs` has
//! `/api/v1/usage`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, HashMap};

use common::{Env, assert_error};
use kaicalls_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::{Value, json};

/// Every call's (agent id, duration), through the paged list.
async fn call_durations(env: &Env, key: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/calls?limit=100&after={a}"),
            None => "/api/v1/calls?limit=100".to_string(),
        };
        let (s, _, v) = env.raw(Some(key), Method::GET, &path, None).await;
        assert_eq!(s, 200, "{v}");
        let calls = v["calls"].as_array().unwrap();
        for c in calls {
            out.push((
                c["agent_id"].as_str().unwrap().to_string(),
                c["duration"].as_u64().unwrap_or(0),
            ));
        }
        after = calls
            .last()
            .map(|c| c["created_at"].as_str().unwrap().to_string());
        if !v["has_more"].as_bool().unwrap() {
            return out;
        }
    }
}

/// Business id → (minutes used, phone numbers), recomputed from calls and numbers.
async fn expected_balance(env: &Env, key: &str) -> BTreeMap<String, (u64, usize)> {
    let (s, _, agents) = env
        .raw(Some(key), Method::GET, "/api/v1/agents", None)
        .await;
    assert_eq!(s, 200, "{agents}");
    let business_of: HashMap<String, String> = agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["business_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut seconds: BTreeMap<String, u64> = business_of.values().map(|b| (b.clone(), 0)).collect();
    for (agent, secs) in call_durations(env, key).await {
        *seconds.get_mut(&business_of[&agent]).unwrap() += secs;
    }
    let (s, _, numbers) = env
        .raw(Some(key), Method::GET, "/api/v1/numbers", None)
        .await;
    assert_eq!(s, 200, "{numbers}");
    let numbers = numbers["numbers"].as_array().unwrap();
    seconds
        .into_iter()
        .map(|(biz, secs)| {
            let n = numbers
                .iter()
                .filter(|n| n["business_id"] == biz.as_str())
                .count();
            (biz, (secs.div_ceil(60), n))
        })
        .collect()
}

fn balance_map(v: &Value) -> BTreeMap<String, (u64, usize)> {
    v["businesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["business_id"].as_str().unwrap().to_string(),
                (
                    b["minutes_used"].as_u64().unwrap(),
                    b["phone_numbers"].as_u64().unwrap() as usize,
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn balance_recomputes_minutes_and_numbers_from_the_calls() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let (s, v) = env.get("/api/v1/balance").await;
    assert_eq!(s, 200, "{v}");
    let want = expected_balance(&env, &env.key).await;
    assert_eq!(want.len(), 2);
    assert_eq!(balance_map(&v), want);
    assert!(
        want.values()
            .all(|(minutes, numbers)| *minutes > 60 && *numbers > 0)
    );
    for b in v["businesses"].as_array().unwrap() {
        assert_eq!(b["subscription_status"], "active");
        let fields: Vec<&String> = b.as_object().unwrap().keys().collect();
        assert_eq!(fields.len(), 4, "{b}");
    }

    // A key with no scope at all may read the balance; a key bound to one business
    // sees that business only.
    let (s, minted) = env
        .post(
            "/sandbox/keys",
            json!({ "scopes": [], "business_id": env.business_id() }),
        )
        .await;
    assert_eq!(s, 201, "{minted}");
    let (s, _, one) = env
        .raw(minted["key"].as_str(), Method::GET, "/api/v1/balance", None)
        .await;
    assert_eq!(s, 200, "{one}");
    assert_eq!(one["businesses"].as_array().unwrap().len(), 1);
    assert_eq!(one["businesses"][0], v["businesses"][0]);
    assert_eq!(
        one["businesses"][0]["business_id"],
        env.business_id().as_str()
    );

    let (s, _, v) = env.raw(None, Method::GET, "/api/v1/balance", None).await;
    assert_error(s, &v, 401, "unauthorized");
}

#[tokio::test]
async fn a_new_account_starts_at_zero_minutes_and_counts_its_calls() {
    let env = Env::start().await;
    let (s, _, account) = env
        .raw(
            None,
            Method::POST,
            "/api/v1/signup",
            Some(json!({ "business_name": "Balance Test LLC", "email": "balance@example.com" })),
        )
        .await;
    assert_eq!(s, 201, "{account}");
    let key = account["api_key"].as_str().unwrap();
    let biz = account["business_id"].as_str().unwrap();
    let (s, _, v) = env
        .raw(Some(key), Method::GET, "/api/v1/balance", None)
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v,
        json!({ "businesses": [{
            "business_id": biz,
            "minutes_used": 0,
            "phone_numbers": 1,
            "subscription_status": "trialing",
        }] })
    );

    let (s, _, placed) = env
        .raw(
            Some(key),
            Method::POST,
            "/api/v1/calls",
            Some(json!({ "agent_id": account["agent_id"], "to": "+15125550150" })),
        )
        .await;
    assert_eq!(s, 201, "{placed}");
    let id = placed["id"].as_str().unwrap();
    let mut call = Value::Null;
    for _ in 0..200 {
        let (_, _, c) = env
            .raw(
                Some(key),
                Method::GET,
                &format!("/api/v1/calls?id={id}"),
                None,
            )
            .await;
        if c["status"] == "completed" {
            call = c;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let secs = call["duration"].as_u64().expect("the call completed");
    let (_, _, v) = env
        .raw(Some(key), Method::GET, "/api/v1/balance", None)
        .await;
    assert_eq!(v["businesses"][0]["minutes_used"], secs.div_ceil(60));
    assert_eq!(balance_map(&v), expected_balance(&env, key).await);
}

#[tokio::test]
async fn key_management_refuses_api_keys() {
    let env = Env::start().await;
    let (_, before) = env.get("/sandbox/keys").await;
    let keys_before = before["keys"].as_array().unwrap().len();
    let own_id = before["keys"][0]["id"].as_str().unwrap().to_string();

    let (s, v) = env.get("/api/v1/keys").await;
    assert_error(s, &v, 401, "unauthorized");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("dashboard"), "{message}");
    assert!(message.contains("/sandbox/keys"), "{message}");
    let (s, v) = env
        .post("/api/v1/keys", json!({ "name": "From an API key" }))
        .await;
    assert_error(s, &v, 401, "unauthorized");
    let (s, v) = env.delete(&format!("/api/v1/keys?id={own_id}")).await;
    assert_error(s, &v, 401, "unauthorized");
    let (s, _, v) = env.raw(None, Method::GET, "/api/v1/keys", None).await;
    assert_error(s, &v, 401, "unauthorized");

    // Nothing was created or revoked: the key still works and the list is unchanged.
    let (_, after) = env.get("/sandbox/keys").await;
    assert_eq!(after["keys"].as_array().unwrap().len(), keys_before);
    assert!(
        after["keys"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k["is_active"] == true)
    );
    let (s, _) = env.get("/api/v1/agents").await;
    assert_eq!(s, 200);
}
