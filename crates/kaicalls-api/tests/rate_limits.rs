//! The client's own token buckets keep it under KaiCalls' limits: at the reference's
//! rates, a burst of requests waits a little here and never gets a 429 there.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::{Env, fast_config};
use futures_util::{StreamExt, stream};
use kaicalls_api::models::TranscriptFilter;
use kaicalls_api::{Client, RateLimits};
use kaicalls_sandbox::SandboxConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_past_the_limit_waits_instead_of_getting_429() {
    // The sandbox enforces the reference's table exactly (multiplier 1).
    let env = Env::start_with(SandboxConfig {
        rate_limit_multiplier: 1,
        ..fast_config()
    })
    .await;
    let client = Client::builder()
        .base_url(&env.sb.base_url)
        .api_key(env.sb.demo_account.api_key.clone())
        .rate_limits(RateLimits::default())
        .build()
        .unwrap();
    // GET /transcripts: 120/minute. The client lets 108 through at once (90 %), then
    // one every half second.
    const N: usize = 112;
    let started = Instant::now();
    let results: Vec<_> = stream::iter(0..N)
        .map(|_| {
            let client = client.clone();
            async move {
                client
                    .transcripts()
                    .list(TranscriptFilter::default().limit(1))
                    .send()
                    .await
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(Result::is_ok));
    assert!(elapsed >= Duration::from_millis(1500), "{elapsed:?}");
    let stats = client.stats()["GET /api/v1/transcripts"];
    assert_eq!(stats.retries, 0, "no 429 was ever answered");
    let limited = env
        .ledger_of("GET", "/api/v1/transcripts")
        .iter()
        .filter(|e| e.status == Some(429))
        .count();
    assert_eq!(limited, 0);
    eprintln!("{N} transcript requests at the reference's 120/min took {elapsed:?}");

    // Other classes have their own buckets: a GET elsewhere goes straight through.
    let t = Instant::now();
    client.agents().list().await.unwrap();
    assert!(t.elapsed() < Duration::from_millis(400));
}

#[tokio::test]
async fn without_the_client_limiter_the_server_answers_429() {
    let env = Env::start_with(SandboxConfig {
        rate_limit_multiplier: 1,
        ..fast_config()
    })
    .await;
    let client = Client::builder()
        .base_url(&env.sb.base_url)
        .api_key(env.sb.demo_account.api_key.clone())
        .rate_limits(RateLimits {
            multiplier: 0,
            ..RateLimits::default()
        })
        .retry(kaicalls_api::RetryPolicy::none())
        .build()
        .unwrap();
    let mut got_429 = false;
    for _ in 0..125 {
        if let Err(e) = client
            .transcripts()
            .list(TranscriptFilter::default())
            .send()
            .await
        {
            assert_eq!(e.code(), "rate_limited");
            assert!(e.retry_after().is_some());
            got_429 = true;
            break;
        }
    }
    assert!(got_429, "the sandbox enforces 120/min");
}
