//! The run loop reads older calls' details in the background: the first download sees
//! calls only in the list, which names no caller, direction or lead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::collections::HashSet;
use std::time::Duration;

use kaicalls_core::sync::call_lacks_details;
use kaicalls_core::{CoreEvent, SyncConfig, SyncEngine};
use kaicalls_sandbox::SandboxConfig;
use kaicalls_store::Store;
use sync_common::*;

/// The demo sandbox and an engine with the limits off (hundreds of detail reads) and
/// `config`, after its first download; with the ids of the calls that lack details.
async fn first_download(
    seed: u64,
    config: SyncConfig,
) -> (
    kaicalls_sandbox::SandboxHandle,
    kaicalls_api::Client,
    SyncEngine,
    Store,
    tempfile::TempDir,
    Vec<String>,
) {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed,
        rate_limit_multiplier: 0,
        ..SandboxConfig::default()
    })
    .await;
    let client = client(&sandbox.base_url, &sandbox.demo_account.api_key, 0);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let engine = SyncEngine::new(client.clone(), cache.clone(), config)
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    let lacking = lacking(&store);
    assert!(
        lacking.len() > 100,
        "the first download reads no details: {} calls lack them",
        lacking.len()
    );
    (sandbox, client, engine, store, dir, lacking)
}

fn lacking(store: &Store) -> Vec<String> {
    cached_calls(store)
        .into_iter()
        .filter(call_lacks_details)
        .map(|c| c.id)
        .collect()
}

/// Waits (at most a minute) until at most `left` calls lack details.
async fn wait_until_lacking(store: &Store, left: usize) {
    for _ in 0..600 {
        if lacking(store).len() <= left {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("still {} calls without details", lacking(store).len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn older_calls_get_their_details_once_each_newest_first() {
    let config = SyncConfig {
        interval: Duration::from_secs(3_600),
        older_call_details_per_batch: 40,
        older_call_details_pause: Duration::from_millis(20),
        ..SyncConfig::default()
    };
    let (sandbox, client, engine, store, _dir, lacked) = first_download(43, config).await;
    let mut events = engine.cache().bus().subscribe();
    let before = client.stats();
    let handle = engine.spawn();
    wait_until_lacking(&store, 0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Each batch was announced, so the calls list reloads.
    let announced: Vec<String> = drain(&mut events)
        .into_iter()
        .filter_map(|e| match e {
            CoreEvent::CallDetailsRead { call_ids } => Some(call_ids),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(announced, lacked);

    // The loop's pass (one page of the calls list: nothing new) and one details read per
    // call that lacked them, none twice.
    let requests = requests_since(&client, &before);
    assert_eq!(
        requests.get("GET /api/v1/calls").copied(),
        Some(1 + lacked.len() as u64),
        "{requests:?}"
    );
    let call = store.get_call(&lacked[lacked.len() / 2]).unwrap().unwrap();
    assert!(call.direction.is_some(), "{call:?}");

    // Newest first: going down the list, each call was written no earlier than the one
    // above it.
    let lacked: HashSet<String> = lacked.into_iter().collect();
    let raw = rusqlite::Connection::open(store.path()).unwrap();
    let written: Vec<i64> = raw
        .prepare("SELECT id, local_changed_ms FROM calls ORDER BY created_ms DESC, id DESC")
        .unwrap()
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(id, _)| lacked.contains(id))
        .map(|(_, at)| at)
        .collect();
    assert_eq!(written.len(), lacked.len());
    assert!(
        written.windows(2).all(|w| w[0] <= w[1]),
        "details were not read newest first"
    );

    // Done: nothing more is read.
    let settled = client.stats();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(requests_since(&client, &settled).is_empty());
    handle.shutdown().await;
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_then_a_pause_and_shutdown_stops_the_reading() {
    let config = SyncConfig {
        interval: Duration::from_secs(3_600),
        older_call_details_per_batch: 10,
        older_call_details_pause: Duration::from_secs(30),
        ..SyncConfig::default()
    };
    let (sandbox, client, engine, store, _dir, lacked) = first_download(44, config).await;
    let handle = engine.spawn();
    wait_until_lacking(&store, lacked.len() - 10).await;
    // The pause holds the next batch.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let left = lacking(&store);
    assert_eq!(left.len(), lacked.len() - 10);
    // The ten newest were read.
    assert_eq!(left, lacked[10..]);

    let stopped = tokio::time::timeout(Duration::from_secs(5), handle.shutdown()).await;
    assert!(stopped.is_ok(), "shutdown waited for the pause");
    let after = client.stats();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(requests_since(&client, &after).is_empty());
    sandbox.shutdown().await.unwrap();
}
