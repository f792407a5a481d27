//! `--demo`, `--seed` and `--scale`: deterministic, realistic and large data sets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Env;
use kaicalls_sandbox::{SandboxConfig, Scale};
use serde_json::Value;

async fn snapshot(seed: u64) -> (Value, Value, Value) {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        seed,
        ..common::fast_config()
    })
    .await;
    let (_, agents) = env.get("/api/v1/agents").await;
    let (_, leads) = env.get("/api/v1/leads?limit=100").await;
    let (_, transcripts) = env.get("/api/v1/transcripts?days=90&limit=50").await;
    let strip = |mut v: Value, list: &str| {
        // Timestamps follow the wall clock; everything else follows the seed.
        for item in v[list].as_array_mut().unwrap() {
            let obj = item.as_object_mut().unwrap();
            obj.remove("created_at");
            obj.remove("updated_at");
        }
        v
    };
    (
        strip(agents, "agents"),
        strip(leads, "leads"),
        strip(transcripts, "transcripts"),
    )
}

#[tokio::test]
async fn the_same_seed_gives_the_same_demo_data() {
    let a = snapshot(11).await;
    let b = snapshot(11).await;
    let c = snapshot(12).await;
    assert_eq!(a, b);
    assert_ne!(a.1, c.1);
}

#[tokio::test]
async fn scale_generates_large_data_sets() {
    let env = Env::start_with(SandboxConfig {
        scale: Some(Scale {
            calls: 2_000,
            leads: 700,
        }),
        rate_limit_multiplier: 0,
        ..common::fast_config()
    })
    .await;
    let mut calls = 0;
    let mut transcripts = 0;
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!(
                "/api/v1/transcripts?days=90&limit=50&after={}",
                a.replace(':', "%3A")
            ),
            None => "/api/v1/transcripts?days=90&limit=50".to_string(),
        };
        let (_, v) = env.get(&path).await;
        let page = v["transcripts"].as_array().unwrap();
        transcripts += page.len();
        if !v["has_more"].as_bool().unwrap() {
            break;
        }
        after = page
            .last()
            .map(|t| t["created_at"].as_str().unwrap().to_string());
    }
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/v1/calls?limit=100&after={}", a.replace(':', "%3A")),
            None => "/api/v1/calls?limit=100".to_string(),
        };
        let (_, v) = env.get(&path).await;
        let page = v["calls"].as_array().unwrap();
        calls += page.len();
        if !v["has_more"].as_bool().unwrap() {
            break;
        }
        after = page
            .last()
            .map(|c| c["created_at"].as_str().unwrap().to_string());
    }
    assert_eq!(calls, 2_000);
    assert_eq!(
        transcripts, 2_000,
        "every scaled call has a transcript within 90 days"
    );
    let (_, funnel) = env.get("/api/v1/analytics/funnel?days=90").await;
    assert_eq!(funnel["total_leads"], 700);
}
