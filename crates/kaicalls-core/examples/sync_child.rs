//! One sync pass in a process of its own, for the crash test (`tests/sync_crash.rs`),
//! which kills it with SIGKILL at random moments and checks the SQLite file it leaves.
//!
//! ```sh
//! KAICALLS_API_KEY=kc_test_… cargo run -p kaicalls-core --example sync_child -- \
//!     <base_url> <cache_dir> <account_id> [rate_limit_multiplier]
//! ```
//!
//! The key comes from the environment so it never shows in a process list. Exit code 0
//! after a pass that succeeded (its report on stdout as JSON), 1 after one that failed
//! (the error code on stderr), 2 for bad arguments.

use std::process::ExitCode;

use kaicalls_api::{Client, RateLimits, SecretString};
use kaicalls_core::{Cache, EventBus, SyncConfig, SyncEngine};
use kaicalls_store::Store;

async fn run(args: &[String]) -> Result<String, (u8, String)> {
    let [base_url, dir, account, rest @ ..] = args else {
        return Err((
            2,
            "usage: sync_child <base_url> <cache_dir> <account_id> [multiplier]".into(),
        ));
    };
    let multiplier = match rest.first() {
        Some(m) => m
            .parse()
            .map_err(|_| (2, format!("{m:?} is not a number")))?,
        None => 1,
    };
    let key = std::env::var("KAICALLS_API_KEY")
        .map_err(|_| (2, "KAICALLS_API_KEY is not set".to_owned()))?;
    let client = Client::builder()
        .base_url(base_url)
        .api_key(SecretString::from(key))
        .rate_limits(RateLimits {
            multiplier,
            ..RateLimits::default()
        })
        .build()
        .map_err(|e| (2, e.code().to_string()))?;
    let (store, _) = Store::open(dir, account).map_err(|e| (1, e.code().to_string()))?;
    let cache = Cache::new(store, EventBus::default());
    let engine = SyncEngine::new(client, cache, SyncConfig::default())
        .await
        .map_err(|e| (1, e.code().to_string()))?;
    let report = engine
        .sync_once()
        .await
        .map_err(|e| (1, format!("{}: {e}", e.code())))?;
    serde_json::to_string(&report).map_err(|e| (1, e.to_string()))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}
