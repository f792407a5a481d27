//! Test support for KaiCalls Desktop's integration tests: a fast in-process sandbox, a
//! client and a cache pointed at it, a simulated inbound call, and [`eventually`].
//! Everything here panics on failure, which is what a test helper should do.
#![allow(clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::path::Path;
use std::time::Duration;

use kaicalls_api::models::{Call, InboundCall};
use kaicalls_api::{Client, RateLimits};
use kaicalls_core::{Cache, EventBus};
use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use kaicalls_store::Store;
use secrecy::SecretString;

/// Starts a sandbox with `config` on a free loopback port.
pub async fn sandbox(config: SandboxConfig) -> SandboxHandle {
    Sandbox::start(config).await.expect("the sandbox starts")
}

/// A sandbox whose calls end quickly and whose rate limits never get in the way.
pub async fn fast_sandbox() -> SandboxHandle {
    sandbox(SandboxConfig {
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await
}

/// A client of `base_url` with `key`, its rate limits multiplied like the sandbox's
/// (`multiplier`; 0 turns them off).
pub fn client_at(base_url: &str, key: &SecretString, multiplier: u32) -> Client {
    Client::builder()
        .base_url(base_url)
        .api_key(key.clone())
        .rate_limits(RateLimits {
            multiplier,
            ..RateLimits::default()
        })
        .build()
        .expect("the client builds")
}

/// A client of `sandbox` holding its demo account's key.
pub fn client(sandbox: &SandboxHandle, multiplier: u32) -> Client {
    client_at(&sandbox.base_url, &sandbox.demo_account.api_key, multiplier)
}

/// The offline cache of `account_id` in `dir`, on a real SQLite file.
pub fn open_cache(dir: &Path, account_id: &str) -> Cache {
    let (store, _) = Store::open(dir, account_id).expect("the cache opens");
    Cache::new(store, EventBus::new(100_000))
}

/// Someone called `name` rings the business of the sandbox at `base_url` (whose key is
/// `key`); returns the ringing call. A new caller becomes a new lead.
pub async fn inbound_call_at(base_url: &str, key: &SecretString, name: &str) -> Call {
    client_at(base_url, key, 0)
        .sandbox()
        .inbound_call(
            InboundCall::default()
                .name(name)
                .reason("Asking about a consultation"),
        )
        .await
        .expect("the sandbox starts an inbound call")
}

/// [`inbound_call_at`] on `sandbox`'s demo account.
pub async fn inbound_call(sandbox: &SandboxHandle, name: &str) -> Call {
    inbound_call_at(&sandbox.base_url, &sandbox.demo_account.api_key, name).await
}

/// Polls `check` until it holds: a liveness bound for asynchronous effects (30 s), never a
/// measurement (the assertion is on what happened, not on how long it took).
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..600 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}
