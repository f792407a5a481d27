//! The SDR pipeline routes (`/api/sdr/*`), through real HTTP. One test binary split by
//! route group; this file holds the helpers they share.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod actions;
mod config;
mod pipeline;
mod report;
mod run;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use common::Env;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

/// Someone calls the business from each number; returns the new leads' ids (in the
/// order given) once every call has completed and its lead exists.
async fn inbound_leads(env: &Env, callers: &[(&str, &str)]) -> Vec<String> {
    let mut calls = Vec::new();
    for (from, name) in callers {
        let (s, call) = env
            .post(
                "/sandbox/inbound-call",
                json!({ "from": from, "name": name }),
            )
            .await;
        assert_eq!(s, 201, "{call}");
        calls.push(call["id"].as_str().unwrap().to_string());
    }
    let mut leads = Vec::new();
    for (id, (from, _)) in calls.iter().zip(callers) {
        env.wait_call(id, |c| c["status"] == "completed").await;
        let (s, v) = env
            .get(&format!("/api/v1/leads?phone={}", from.replace('+', "%2B")))
            .await;
        assert_eq!(s, 200, "{v}");
        leads.push(v["leads"][0]["id"].as_str().unwrap().to_string());
    }
    leads
}

async fn inbound_lead(env: &Env, from: &str, name: &str) -> String {
    inbound_leads(env, &[(from, name)]).await.remove(0)
}

/// `GET /api/sdr/pipeline` for the demo account's main business, plus `query`.
async fn pipeline(env: &Env, query: &str) -> Value {
    let (s, v) = env
        .get(&format!(
            "/api/sdr/pipeline?businessId={}&{query}",
            env.business_id()
        ))
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

/// One lead's pipeline item.
async fn item(env: &Env, lead_id: &str) -> Value {
    let p = pipeline(env, "limit=1000").await;
    let found = p["leads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == lead_id)
        .cloned();
    assert!(found.is_some(), "lead {lead_id} not in the pipeline: {p}");
    found.unwrap()
}

/// `PUT /api/sdr/config` for the main business with `fields`.
async fn configure(env: &Env, fields: Value) -> Value {
    let mut body = fields;
    body["businessId"] = json!(env.business_id());
    let (s, v) = env.put("/api/sdr/config", body).await;
    assert_eq!(s, 200, "{v}");
    v
}

/// `POST /api/sdr/action` on a lead of the main business.
async fn act(env: &Env, lead_id: &str, action: &str) -> (u16, HeaderMap, Value) {
    env.raw(
        Some(&env.key),
        Method::POST,
        "/api/sdr/action",
        Some(json!({ "businessId": env.business_id(), "leadId": lead_id, "action": action })),
    )
    .await
}

/// `POST /api/sdr/run` for the main business.
async fn run(env: &Env, dry_run: bool) -> (u16, Value) {
    env.post(
        "/api/sdr/run",
        json!({ "businessId": env.business_id(), "dryRun": dry_run }),
    )
    .await
}

/// The main business's activity log (`query` appended).
async fn activity(env: &Env, query: &str) -> Vec<Value> {
    let (s, v) = env
        .get(&format!(
            "/api/sdr/activity?businessId={}&{query}",
            env.business_id()
        ))
        .await;
    assert_eq!(s, 200, "{v}");
    v["activity"].as_array().unwrap().clone()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn ts(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// A business of another account (a fresh signup), which the demo key cannot reach.
async fn foreign_business(env: &Env) -> Value {
    let (s, v) = env
        .post(
            "/api/v1/signup",
            json!({ "business_name": "Other Firm", "email": "other@firm.example" }),
        )
        .await;
    assert_eq!(s, 201, "{v}");
    v
}
