//! `/api/v1/usage`: the account's request log, filtered by time and paged by `limit`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, assert_error};
use reqwest::Method;
use serde_json::{Value, json};

const USAGE_FIELDS: &[&str] = &[
    "call_id",
    "cost_cents",
    "created_at",
    "endpoint",
    "id",
    "method",
    "status_code",
];

fn usage_rows(v: &Value) -> Vec<Value> {
    v["usage"].as_array().unwrap().clone()
}

#[tokio::test]
async fn usage_lists_the_requests_just_made_newest_first() {
    let env = Env::start().await;
    let (s, v) = env.get("/api/v1/usage").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v, json!({ "usage": [], "has_more": false }));

    let (s, _) = env.get("/api/v1/agents").await;
    assert_eq!(s, 200);
    let (s, _) = env.get("/api/v1/calls?id=missing").await;
    assert_eq!(s, 404);
    let (s, placed) = env
        .post(
            "/api/v1/calls",
            json!({ "agent_id": env.agent_id(), "to": "+15125550150" }),
        )
        .await;
    assert_eq!(s, 201, "{placed}");
    let (s, _) = env
        .post("/api/v1/calls", json!({ "agent_id": env.agent_id() }))
        .await;
    assert_eq!(s, 400);

    // Another account's requests never show up in this one's log.
    let (s, _, other) = env
        .raw(
            None,
            Method::POST,
            "/api/v1/signup",
            Some(json!({ "business_name": "Other Co", "email": "other@example.com" })),
        )
        .await;
    assert_eq!(s, 201, "{other}");
    let other_key = other["api_key"].as_str().unwrap();
    let (s, _, _) = env
        .raw(Some(other_key), Method::GET, "/api/v1/numbers", None)
        .await;
    assert_eq!(s, 200);

    let (s, v) = env.get("/api/v1/usage").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["has_more"], false);
    let rows = usage_rows(&v);
    let got: Vec<(Value, Value, Value, Value, Value)> = rows
        .iter()
        .map(|r| {
            (
                r["endpoint"].clone(),
                r["method"].clone(),
                r["status_code"].clone(),
                r["call_id"].clone(),
                r["cost_cents"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                json!("/v1/calls"),
                json!("POST"),
                json!(400),
                Value::Null,
                json!(0)
            ),
            (
                json!("/v1/calls"),
                json!("POST"),
                json!(201),
                placed["id"].clone(),
                json!(15)
            ),
            (
                json!("/v1/calls"),
                json!("GET"),
                json!(404),
                Value::Null,
                json!(0)
            ),
            (
                json!("/v1/agents"),
                json!("GET"),
                json!(200),
                Value::Null,
                json!(0)
            ),
            (
                json!("/v1/usage"),
                json!("GET"),
                json!(200),
                Value::Null,
                json!(0)
            ),
        ]
    );
    for r in &rows {
        let fields: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
        let mut fields = fields;
        fields.sort();
        assert_eq!(fields, USAGE_FIELDS, "{r}");
    }
    let times: Vec<&str> = rows
        .iter()
        .map(|r| r["created_at"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] > w[1]),
        "newest first: {times:?}"
    );

    // The other account sees its own requests only.
    let (_, _, theirs) = env
        .raw(Some(other_key), Method::GET, "/api/v1/usage", None)
        .await;
    let endpoints: Vec<&Value> = theirs["usage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["endpoint"])
        .collect();
    assert_eq!(endpoints, [&json!("/v1/numbers")]);

    // This usage request is in the next answer.
    let (_, v) = env.get("/api/v1/usage?limit=1").await;
    assert_eq!(v["usage"][0]["endpoint"], "/v1/usage");
    assert!(v["usage"][0]["created_at"].as_str().unwrap() > times[0]);
    assert_eq!(v["has_more"], true);
}

#[tokio::test]
async fn usage_filters_by_start_end_and_limit() {
    let env = Env::start().await;
    for _ in 0..6 {
        let (s, _) = env.get("/api/v1/agents").await;
        assert_eq!(s, 200);
    }
    let (_, v) = env.get("/api/v1/usage").await;
    let rows = usage_rows(&v);
    assert_eq!(rows.len(), 6);
    let at = |i: usize| rows[i]["created_at"].as_str().unwrap().to_string();
    let ids = |v: &Value| -> Vec<Value> { usage_rows(v).iter().map(|r| r["id"].clone()).collect() };

    // `start` inclusive, `end` exclusive.
    let (s, v) = env
        .get(&format!("/api/v1/usage?start={}&end={}", at(4), at(1)))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        ids(&v),
        [
            rows[2]["id"].clone(),
            rows[3]["id"].clone(),
            rows[4]["id"].clone()
        ]
    );
    assert_eq!(v["has_more"], false);

    let (_, v) = env
        .get(&format!("/api/v1/usage?end={}&limit=2", at(0)))
        .await;
    assert_eq!(ids(&v), [rows[1]["id"].clone(), rows[2]["id"].clone()]);
    assert_eq!(v["has_more"], true);

    let (_, v) = env
        .get(&format!("/api/v1/usage?end={}&limit=5", at(0)))
        .await;
    assert_eq!(usage_rows(&v).len(), 5);
    assert_eq!(v["has_more"], false);

    // A start after everything: only requests made since (the usage calls above).
    let (_, v) = env.get(&format!("/api/v1/usage?start={}", at(0))).await;
    let endpoints: Vec<Value> = usage_rows(&v)
        .iter()
        .map(|r| r["endpoint"].clone())
        .collect();
    assert_eq!(endpoints.len(), 5);
    assert_eq!(endpoints.last().unwrap(), "/v1/agents");
    assert!(endpoints[..4].iter().all(|e| e == "/v1/usage"));

    // A date-only start means midnight UTC; limit above 500 is capped, not refused.
    let day = &at(5)[..10];
    let (s, v) = env
        .get(&format!("/api/v1/usage?start={day}&limit=900"))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(usage_rows(&v).len(), 11);

    for bad in ["start=yesterday", "end=2026-13-45", "limit=0", "limit=lots"] {
        let (s, v) = env.get(&format!("/api/v1/usage?{bad}")).await;
        assert_error(s, &v, 400, "validation_error");
    }
    let (s, _, v) = env.raw(None, Method::GET, "/api/v1/usage", None).await;
    assert_error(s, &v, 401, "unauthorized");
}
