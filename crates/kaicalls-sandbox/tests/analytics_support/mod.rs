//! Helpers of the analytics tests: the raw calls and leads as the list endpoints show
//! them, and the reports' arithmetic written out independently of the sandbox's code.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use kaicalls_sandbox::SandboxConfig;
use serde_json::{Value, json};

use crate::common::{self, Env};

pub async fn demo() -> Env {
    Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await
}

/// A call or lead as the list endpoints show it, reduced to what the reports use.
#[derive(Debug, Clone)]
pub struct Rec {
    pub id: String,
    pub at: DateTime<Utc>,
    pub status: String,
    pub duration: u64,
    pub agent_id: Option<String>,
    pub business_id: String,
    pub source: String,
    pub name: Value,
}

pub fn ts(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// Every item of a paged list, newest first.
pub async fn list_all(env: &Env, path: &str, field: &str) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let url = match &after {
            Some(a) => format!("{path}?limit=100&after={a}"),
            None => format!("{path}?limit=100"),
        };
        let (s, v) = env.get(&url).await;
        assert_eq!(s, 200, "{v}");
        let items = v[field].as_array().unwrap().clone();
        after = items
            .last()
            .map(|i| i["created_at"].as_str().unwrap().to_string());
        out.extend(items);
        if !v["has_more"].as_bool().unwrap() {
            return out;
        }
    }
}

/// Agent id → (name, business id).
pub async fn agents_of(env: &Env) -> HashMap<String, (String, String)> {
    let (s, v) = env.get("/api/v1/agents").await;
    assert_eq!(s, 200, "{v}");
    v["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                (
                    a["name"].as_str().unwrap().to_string(),
                    a["business_id"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

/// All calls, oldest first. A call's business is its agent's.
pub async fn calls(env: &Env) -> Vec<Rec> {
    let agents = agents_of(env).await;
    let mut out: Vec<Rec> = list_all(env, "/api/v1/calls", "calls")
        .await
        .iter()
        .map(|c| {
            let agent = c["agent_id"].as_str().unwrap().to_string();
            Rec {
                id: c["id"].as_str().unwrap().to_string(),
                at: ts(&c["created_at"]),
                status: c["status"].as_str().unwrap().to_string(),
                duration: c["duration"].as_u64().unwrap_or(0),
                business_id: agents[&agent].1.clone(),
                agent_id: Some(agent),
                source: String::new(),
                name: Value::Null,
            }
        })
        .collect();
    out.reverse();
    out
}

/// All leads, oldest first.
pub async fn leads(env: &Env) -> Vec<Rec> {
    let mut out: Vec<Rec> = list_all(env, "/api/v1/leads", "leads")
        .await
        .iter()
        .map(|l| Rec {
            id: l["id"].as_str().unwrap().to_string(),
            at: ts(&l["created_at"]),
            status: l["status"].as_str().unwrap().to_string(),
            duration: 0,
            agent_id: l["agent_id"].as_str().map(str::to_string),
            business_id: l["business_id"].as_str().unwrap().to_string(),
            source: l["source"].as_str().unwrap().to_string(),
            name: l["name"].clone(),
        })
        .collect();
    out.reverse();
    out
}

pub fn since(report: &Value) -> DateTime<Utc> {
    ts(&report["period"]["since"])
}

pub fn in_period(recs: &[Rec], since: DateTime<Utc>) -> Vec<Rec> {
    recs.iter().filter(|r| r.at >= since).cloned().collect()
}

pub fn done(r: &Rec) -> bool {
    r.status == "completed" || r.status == "ended"
}

pub fn mean(total: u64, n: usize) -> u64 {
    if n == 0 {
        0
    } else {
        (total as f64 / n as f64).round() as u64
    }
}

pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}

pub fn grew(this: u64, last: u64) -> f64 {
    match (this, last) {
        (0, 0) => 0.0,
        (_, 0) => 100.0,
        _ => ((this as f64 - last as f64) * 10_000.0 / last as f64).round() / 100.0,
    }
}

pub fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

/// `{total, completed, total_duration_seconds, avg_duration_seconds}` of `calls`.
pub fn call_block(calls: &[&Rec]) -> Value {
    let secs: u64 = calls.iter().map(|c| c.duration).sum();
    json!({
        "total": calls.len(),
        "completed": calls.iter().filter(|c| done(c)).count(),
        "total_duration_seconds": secs,
        "avg_duration_seconds": mean(secs, calls.len()),
    })
}

pub fn lead_block(leads: &[&Rec]) -> (usize, usize, f64) {
    let converted = leads.iter().filter(|l| l.status == "converted").count();
    (leads.len(), converted, percent(converted, leads.len()))
}

pub fn check_leads(got: &Value, want: (usize, usize, f64)) {
    assert_eq!(got["total"], want.0, "{got}");
    assert_eq!(got["converted"], want.1, "{got}");
    assert_eq!(f(&got["conversion_rate"]), want.2, "{got}");
}

/// Agents with calls, busiest first, ties by agent id: (id, count, seconds).
pub fn ranking(calls: &[Rec]) -> Vec<(String, usize, u64)> {
    let mut by: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for c in calls {
        let e = by.entry(c.agent_id.clone().unwrap()).or_default();
        e.0 += 1;
        e.1 += c.duration;
    }
    let mut out: Vec<(String, usize, u64)> = by.into_iter().map(|(a, (n, s))| (a, n, s)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}
