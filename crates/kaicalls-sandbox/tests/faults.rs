//! Fault injection: each kind misbehaves the way it says, and the ledger tells whether
//! the handler's side effect happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::Env;
use kaicalls_sandbox::{Fault, FaultConfig, SandboxConfig};
use serde_json::{Value, json};

/// What a client observed for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Ok,
    ServerError,
    RateLimited,
    Timeout,
    BrokenBody,
    ConnectionClosed,
}

async fn observe(req: reqwest::RequestBuilder) -> Seen {
    match req.send().await {
        Err(e) if e.is_timeout() => Seen::Timeout,
        Err(_) => Seen::ConnectionClosed,
        Ok(resp) => {
            let status = resp.status().as_u16();
            let retry_after = resp.headers().get("retry-after").is_some();
            match resp.bytes().await {
                Err(e) if e.is_timeout() => Seen::Timeout,
                Err(_) => Seen::BrokenBody,
                Ok(body) => {
                    let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    match status {
                        200 | 201 => Seen::Ok,
                        500 => {
                            assert_eq!(v["error"]["code"], "internal_error", "{v}");
                            Seen::ServerError
                        }
                        429 => {
                            assert!(retry_after);
                            assert_eq!(v["error"]["code"], "rate_limited");
                            Seen::RateLimited
                        }
                        other => panic!("unexpected status {other}: {v}"),
                    }
                }
            }
        }
    }
}

fn expected(fault: Option<Fault>) -> Seen {
    match fault {
        None => Seen::Ok,
        Some(Fault::ServerErrorBefore | Fault::ServerErrorAfter) => Seen::ServerError,
        Some(Fault::RateLimited) => Seen::RateLimited,
        Some(Fault::Slow) => Seen::Timeout,
        Some(Fault::Truncated) => Seen::BrokenBody,
        Some(Fault::DropBefore | Fault::DropAfter) => Seen::ConnectionClosed,
    }
}

#[tokio::test]
async fn every_fault_kind_behaves_as_recorded_and_side_effects_are_ledgered() {
    let env = Env::start_with(SandboxConfig {
        seed: 42,
        faults: Some(FaultConfig {
            rate: 0.5,
            slow: Duration::from_millis(4_000),
        }),
        rate_limit_multiplier: 0,
        ..common::fast_config()
    })
    .await;
    // One connection per request, so a dropped connection never affects the next one.
    // The timeout sits well between a loaded machine's slowest honest answer and the
    // slow fault's delay.
    let client = kaicalls_sandbox::tls::http_client()
        .timeout(Duration::from_millis(1_500))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();

    let mut seen = Vec::new();
    for i in 0..80 {
        let req = client
            .post(env.url("/api/v1/calls"))
            .bearer_auth(&env.key)
            .json(&json!({ "agent_id": env.agent_id(), "to": "+15125551234", "context": format!("attempt {i}") }));
        seen.push(observe(req).await);
    }
    // Let slow responses finish so the ledger is complete.
    tokio::time::sleep(Duration::from_millis(2_600)).await;
    let ledger = env.sb.ledger();
    assert_eq!(ledger.len(), seen.len());

    let mut kinds = BTreeMap::new();
    for (entry, seen) in ledger.iter().zip(&seen) {
        assert_eq!(*seen, expected(entry.fault), "{entry:?}");
        *kinds.entry(format!("{:?}", entry.fault)).or_insert(0) += 1;
        let before = matches!(
            entry.fault,
            Some(Fault::ServerErrorBefore | Fault::RateLimited | Fault::DropBefore)
        );
        assert_eq!(entry.handler_ran, !before, "{entry:?}");
        if entry.handler_ran {
            let effect = entry
                .side_effect
                .as_ref()
                .expect("a placed call is ledgered");
            assert_eq!(effect.kind, "call");
        } else {
            assert!(entry.side_effect.is_none());
        }
    }
    assert_eq!(
        kinds.len(),
        8,
        "every kind and the no-fault case occurred: {kinds:?}"
    );

    // Exactly the ledgered calls exist (GET requests are faulted too: retry until clean).
    let placed: Vec<String> = ledger
        .iter()
        .filter_map(|e| e.side_effect.as_ref().map(|s| s.id.clone()))
        .collect();
    let mut listed = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = env.url("/api/v1/calls?limit=100");
        if let Some(a) = &after {
            url.push_str(&format!(
                "&after={}",
                a.replace(':', "%3A").replace('+', "%2B")
            ));
        }
        let resp = loop {
            if let Ok(r) = client.get(&url).bearer_auth(&env.key).send().await {
                if r.status() == 200 {
                    if let Ok(v) = r.json::<Value>().await {
                        break v;
                    }
                }
            }
        };
        let calls = resp["calls"].as_array().unwrap();
        listed.extend(calls.iter().map(|c| c["id"].as_str().unwrap().to_string()));
        if !resp["has_more"].as_bool().unwrap() {
            break;
        }
        after = calls
            .last()
            .map(|c| c["created_at"].as_str().unwrap().to_string());
    }
    let mut placed_sorted = placed.clone();
    placed_sorted.sort();
    listed.sort();
    assert_eq!(placed_sorted, listed);
}

#[tokio::test]
async fn the_same_seed_injects_the_same_faults() {
    let mut runs = Vec::new();
    for _ in 0..2 {
        let env = Env::start_with(SandboxConfig {
            seed: 7,
            faults: Some(FaultConfig::new(0.3)),
            ..common::fast_config()
        })
        .await;
        // The decisions are read from the ledger, so the client need not wait out a 15 s
        // slow response; a second is ample for every other request to be recorded.
        let client = kaicalls_sandbox::tls::http_client()
            .timeout(Duration::from_millis(1_000))
            .pool_max_idle_per_host(0)
            .build()
            .unwrap();
        for _ in 0..40 {
            let _ = client
                .get(env.url("/api/v1/numbers"))
                .bearer_auth(&env.key)
                .send()
                .await;
        }
        runs.push(env.sb.ledger().iter().map(|e| e.fault).collect::<Vec<_>>());
    }
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].iter().any(Option::is_some));
}

#[tokio::test]
async fn sandbox_routes_are_never_faulted() {
    let env = Env::start_with(SandboxConfig {
        faults: Some(FaultConfig::new(1.0)),
        ..common::fast_config()
    })
    .await;
    for _ in 0..20 {
        let (s, v) = env.get("/sandbox/ledger").await;
        assert_eq!(s, 200, "{v}");
    }
}
