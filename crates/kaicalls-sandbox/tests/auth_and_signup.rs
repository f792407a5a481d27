//! Signup, authentication, scopes and rate limits, through real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, assert_error};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn signup_provisions_a_working_account_with_every_scope() {
    let env = Env::start().await;
    let (s, _, v) = env
        .raw(
            None,
            Method::POST,
            "/api/v1/signup",
            Some(json!({
                "business_name": "Bright Smile Dental",
                "email": "owner@brightsmile.example",
                "business_type": "Healthcare",
                "website": "https://brightsmile.example",
                "phone_forward_to": "+15125551234"
            })),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    let key = v["api_key"].as_str().unwrap();
    assert!(key.starts_with("kc_test_"));
    assert!(v["phone_number"].as_str().unwrap().starts_with('+'));
    assert!(v["trial_ends_at"].as_str().is_some());
    assert_eq!(v["dashboard_url"], "https://www.kaicalls.com/dashboard");

    // The new key sees exactly its own business, agent and number.
    let (s, _, agents) = env
        .raw(Some(key), Method::GET, "/api/v1/agents", None)
        .await;
    assert_eq!(s, 200);
    let agents = agents["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0]["id"], v["agent_id"]);
    assert_eq!(agents[0]["business_id"], v["business_id"]);
    let (_, _, numbers) = env
        .raw(Some(key), Method::GET, "/api/v1/numbers", None)
        .await;
    assert_eq!(numbers["numbers"][0]["phone_number"], v["phone_number"]);
    assert_eq!(numbers["numbers"][0]["agent_id"], v["agent_id"]);

    // Owner keys carry every scope: leads, webhooks, evals and SDR routes all answer.
    for path in [
        "/api/v1/leads".to_string(),
        "/api/v1/webhooks".to_string(),
        "/api/v1/evals".to_string(),
        format!(
            "/api/sdr/config?businessId={}",
            v["business_id"].as_str().unwrap()
        ),
    ] {
        let (s, _, body) = env.raw(Some(key), Method::GET, &path, None).await;
        assert_eq!(s, 200, "{path}: {body}");
    }
}

#[tokio::test]
async fn signup_errors() {
    // More than five signups here: the per-IP limit is tested on its own below.
    let env = Env::start_with(kaicalls_sandbox::SandboxConfig {
        rate_limit_multiplier: 0,
        ..common::fast_config()
    })
    .await;
    let signup = |body| env.raw(None, Method::POST, "/api/v1/signup", Some(body));
    let (s, _, v) = signup(json!({ "email": "a@b.example" })).await;
    assert_error(s, &v, 400, "validation_error");
    let (s, _, v) = signup(json!({ "business_name": "X", "email": "not-an-email" })).await;
    assert_error(s, &v, 400, "validation_error");
    let (s, _, v) =
        signup(json!({ "business_name": "X", "email": "x@y.example", "phone_forward_to": "555" }))
            .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, _, v) = signup(json!({ "business_name": "X", "email": "dup@y.example" })).await;
    assert_eq!(s, 201, "{v}");
    let (s, _, v) = signup(json!({ "business_name": "Y", "email": "DUP@y.example" })).await;
    assert_error(s, &v, 409, "email_exists");

    // Not JSON at all.
    let resp = env
        .http
        .post(env.url("/api/v1/signup"))
        .body("<html>")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["error"]["code"], "invalid_request");

    // x402 switched on.
    let (s, _) = env
        .put("/sandbox/settings", json!({ "payment_required": true }))
        .await;
    assert_eq!(s, 200);
    let (s, _, v) = signup(json!({ "business_name": "Z", "email": "z@y.example" })).await;
    assert_error(s, &v, 402, "payment_required");
}

#[tokio::test]
async fn signup_is_limited_to_five_per_hour_per_ip() {
    let env = Env::start().await;
    for i in 0..5 {
        let (s, _, v) = env
            .raw(
                None,
                Method::POST,
                "/api/v1/signup",
                Some(json!({ "business_name": "B", "email": format!("rl{i}@x.example") })),
            )
            .await;
        assert_eq!(s, 201, "{v}");
    }
    let (s, headers, v) = env
        .raw(
            None,
            Method::POST,
            "/api/v1/signup",
            Some(json!({ "business_name": "B", "email": "rl6@x.example" })),
        )
        .await;
    assert_error(s, &v, 429, "rate_limited");
    let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 3600, "{retry}");
}

#[tokio::test]
async fn missing_invalid_revoked_and_expired_keys_are_unauthorized() {
    let env = Env::start().await;
    let (s, _, v) = env.raw(None, Method::GET, "/api/v1/agents", None).await;
    assert_error(s, &v, 401, "unauthorized");
    let (s, _, v) = env
        .raw(Some("kc_test_nope"), Method::GET, "/api/v1/agents", None)
        .await;
    assert_error(s, &v, 401, "unauthorized");
    let resp = env
        .http
        .get(env.url("/api/v1/agents"))
        .header("Authorization", format!("Basic {}", env.key))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);

    let (s, minted) = env.post("/sandbox/keys", json!({ "name": "temp" })).await;
    assert_eq!(s, 201, "{minted}");
    let temp = minted["key"].as_str().unwrap();
    let (s, _, _) = env
        .raw(Some(temp), Method::GET, "/api/v1/agents", None)
        .await;
    assert_eq!(s, 200);
    let (s, _) = env
        .delete(&format!(
            "/sandbox/keys?id={}",
            minted["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(s, 200);
    let (s, _, v) = env
        .raw(Some(temp), Method::GET, "/api/v1/agents", None)
        .await;
    assert_error(s, &v, 401, "unauthorized");
    assert!(v["error"]["message"].as_str().unwrap().contains("revoked"));

    let (_, expiring) = env
        .post(
            "/sandbox/keys",
            json!({ "name": "expiring", "expires_in_secs": 0 }),
        )
        .await;
    let (s, _, v) = env
        .raw(
            expiring["key"].as_str(),
            Method::GET,
            "/api/v1/agents",
            None,
        )
        .await;
    assert_error(s, &v, 401, "unauthorized");
    assert!(v["error"]["message"].as_str().unwrap().contains("expired"));
}

#[tokio::test]
async fn each_route_requires_its_scope() {
    let env = Env::start().await;
    // A key with only agents:read.
    let key = env.key_with_scopes(&["agents:read"]).await;
    let agent = env.agent_id();
    let biz = env.business_id();
    let (s, _, _) = env
        .raw(Some(&key), Method::GET, "/api/v1/agents", None)
        .await;
    assert_eq!(s, 200);
    let denied: Vec<(Method, String, Option<serde_json::Value>)> = vec![
        (
            Method::POST,
            "/api/v1/agents".into(),
            Some(json!({ "business_id": biz, "name": "n", "system_prompt": "p" })),
        ),
        (
            Method::PATCH,
            "/api/v1/agents".into(),
            Some(json!({ "id": agent, "name": "n" })),
        ),
        (Method::GET, "/api/v1/numbers".into(), None),
        (Method::GET, "/api/v1/calls".into(), None),
        (
            Method::POST,
            "/api/v1/calls".into(),
            Some(json!({ "agent_id": agent, "to": "+15125551234" })),
        ),
        (Method::GET, "/api/v1/leads".into(), None),
        (
            Method::PATCH,
            "/api/v1/leads".into(),
            Some(json!({ "id": "x", "status": "lost" })),
        ),
        (Method::GET, "/api/v1/transcripts".into(), None),
        (Method::GET, "/api/v1/webhooks".into(), None),
        (
            Method::POST,
            "/api/v1/webhooks".into(),
            Some(json!({ "webhook_url": "http://127.0.0.1:9/h" })),
        ),
        (Method::DELETE, "/api/v1/webhooks".into(), None),
    ];
    for (method, path, body) in denied {
        let (s, _, v) = env.raw(Some(&key), method.clone(), &path, body).await;
        assert_error(s, &v, 403, "forbidden");
        assert!(
            v["error"]["message"].as_str().unwrap().contains(':'),
            "{method} {path}: {v}"
        );
    }
    // "*" grants everything.
    let star = env.key_with_scopes(&["*"]).await;
    let (s, _, _) = env
        .raw(Some(&star), Method::GET, "/api/v1/numbers", None)
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn a_key_bound_to_one_business_sees_only_that_business() {
    let env = Env::start_with(kaicalls_sandbox::SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let (_, all) = env.get("/api/v1/agents").await;
    let all = all["agents"].as_array().unwrap().clone();
    let businesses: std::collections::BTreeSet<_> = all
        .iter()
        .map(|a| a["business_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(businesses.len(), 2, "the demo has two offices");
    let (s, minted) = env
        .post(
            "/sandbox/keys",
            json!({ "business_id": env.business_id(), "scopes": ["agents:read", "webhooks:read"] }),
        )
        .await;
    assert_eq!(s, 201, "{minted}");
    let key = minted["key"].as_str().unwrap();
    let (_, _, mine) = env
        .raw(Some(key), Method::GET, "/api/v1/agents", None)
        .await;
    let mine = mine["agents"].as_array().unwrap();
    assert!(!mine.is_empty() && mine.len() < all.len());
    assert!(mine.iter().all(|a| a["business_id"] == env.business_id()));
    let other = all
        .iter()
        .find(|a| a["business_id"] != env.business_id())
        .unwrap();
    let (s, _, v) = env
        .raw(
            Some(key),
            Method::GET,
            &format!("/api/v1/agents?id={}", other["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_error(s, &v, 404, "not_found");
    // The owner key spans both offices, so it must name one for webhooks.
    let (s, v) = env.get("/api/v1/webhooks").await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, _, _) = env
        .raw(Some(key), Method::GET, "/api/v1/webhooks", None)
        .await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn rate_limits_follow_the_reference_table_per_key() {
    let env = Env::start().await;
    let biz = env.business_id();
    // POST /v1/agents: 30 per minute. The bucket refills one request every 2 s, so a
    // slow machine may squeeze in one or two more before the first 429.
    let mut first_429 = None;
    for i in 0..40 {
        let (s, headers, v) = env
            .raw(Some(&env.key), Method::POST, "/api/v1/agents",
                Some(json!({ "business_id": biz, "name": format!("A{i}"), "system_prompt": "Be kind." })))
            .await;
        if s == 429 {
            assert_error(s, &v, 429, "rate_limited");
            let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            first_429 = Some(i);
            break;
        }
        assert_eq!(s, 201, "request {i}: {v}");
    }
    let first_429 = first_429.expect("the 30/minute limit applies");
    assert!(first_429 >= 30, "limited after only {first_429} requests");
    // Other routes and other keys are unaffected.
    let (s, _) = env.get("/api/v1/agents").await;
    assert_eq!(s, 200);
    let other = env.key_with_scopes(&["agents:write"]).await;
    let (s, _, v) = env
        .raw(
            Some(&other),
            Method::POST,
            "/api/v1/agents",
            Some(json!({ "business_id": biz, "name": "B", "system_prompt": "p" })),
        )
        .await;
    assert_eq!(s, 201, "{v}");

    // All other GETs: 300 per minute (refilling 5 per second).
    let mut limited = None;
    for i in 0..1000 {
        let (s, _) = env.get("/api/v1/numbers").await;
        if s == 429 {
            limited = Some(i);
            break;
        }
    }
    // One GET of /agents above already counted against the same bucket.
    let limited = limited.expect("the 300/minute limit applies");
    assert!(limited >= 299, "limited after only {limited} requests");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_format() {
    let env = Env::start().await;
    let (s, v) = env.get(&format!("/api/v1/agents/{}", env.agent_id())).await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env.put("/api/v1/calls", json!({})).await;
    assert_eq!(s, 405, "{v}");
    assert_eq!(v["error"]["code"], "invalid_request");
}
