//! The run loop: a pass on start, on its timer and on demand; light polls while a call is
//! in progress; backoff while offline and recovery on its own; a clean stop.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::net::SocketAddr;
use std::time::Duration;

use kaicalls_api::models::CreateCall;
use kaicalls_core::sync::BackoffConfig;
use kaicalls_core::{CoreEvent, SyncConfig, SyncEngine, SyncPhase};
use kaicalls_sandbox::SandboxConfig;
use sync_common::*;
use tokio::sync::broadcast::Receiver;

/// Waits (at most a minute, generously) for an event matching `want`.
async fn wait_for(events: &mut Receiver<CoreEvent>, want: impl Fn(&CoreEvent) -> bool) {
    let found = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match events.recv().await {
                Ok(e) if want(&e) => return,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("bus closed: {e}"),
            }
        }
    })
    .await;
    assert!(found.is_ok(), "the awaited event never came");
}

fn online(e: &CoreEvent) -> bool {
    matches!(
        e,
        CoreEvent::SyncStatus {
            phase: SyncPhase::Online,
            last_success_at: Some(_)
        }
    )
}

/// Full passes so far: only they list the agents.
fn list_requests(client: &kaicalls_api::Client) -> u64 {
    client
        .stats()
        .get("GET /api/v1/agents")
        .map_or(0, |s| s.attempts)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_syncs_on_start_on_its_timer_and_on_demand_then_stops() {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed: 41,
        ..SandboxConfig::default()
    })
    .await;
    let client = client(&sandbox.base_url, &sandbox.demo_account.api_key, 1);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let mut events = cache.bus().subscribe();
    let config = SyncConfig {
        interval: Duration::from_millis(300),
        ..SyncConfig::default()
    };
    let engine = SyncEngine::new(client.clone(), cache.clone(), config)
        .await
        .unwrap();
    let handle = engine.spawn();

    wait_for(&mut events, online).await;
    assert_eq!(handle.status().phase, SyncPhase::Online);
    let after_first = list_requests(&client);
    // The timer runs more passes without being asked.
    wait_for(&mut events, online).await;
    wait_for(&mut events, online).await;
    assert!(list_requests(&client) >= after_first + 2);

    // On demand, with the outcome.
    let report = handle.sync_and_wait().await.unwrap();
    assert_eq!(report.leads.pages, 1);
    handle.sync_now();

    handle.shutdown().await;
    let stopped_at = list_requests(&client);
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(list_requests(&client), stopped_at, "no pass after shutdown");
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_backs_off_while_offline_and_recovers_by_itself() {
    let state_dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        demo: true,
        seed: 42,
        state_file: Some(state_dir.path().join("sandbox.json")),
        ..SandboxConfig::default()
    };
    let first = sandbox(config.clone()).await;
    let addr: SocketAddr = first
        .base_url
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let client = client(&first.base_url, &first.demo_account.api_key, 1);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let engine = SyncEngine::new(
        client.clone(),
        cache.clone(),
        SyncConfig {
            interval: Duration::from_secs(3_600),
            backoff: BackoffConfig {
                initial: Duration::from_millis(50),
                max: Duration::from_millis(200),
            },
            ..SyncConfig::default()
        },
    )
    .await
    .unwrap();
    engine.sync_once().await.unwrap();
    first.shutdown().await.unwrap();

    let mut events = cache.bus().subscribe();
    let handle = engine.clone().spawn();
    wait_for(&mut events, |e| {
        matches!(
            e,
            CoreEvent::SyncStatus {
                phase: SyncPhase::Offline,
                ..
            }
        )
    })
    .await;
    // It keeps trying on its backoff schedule (not on the hour-long interval).
    for _ in 0..3 {
        wait_for(&mut events, |e| {
            matches!(
                e,
                CoreEvent::SyncStatus {
                    phase: SyncPhase::Offline,
                    ..
                }
            )
        })
        .await;
    }
    let status = handle.status();
    assert_eq!(status.phase, SyncPhase::Offline);
    assert!(status.consecutive_failures >= 3, "{status:?}");

    let second = sandbox(SandboxConfig {
        listen: addr,
        ..config
    })
    .await;
    wait_for(&mut events, online).await;
    let status = handle.status();
    assert_eq!(
        (status.phase, status.consecutive_failures),
        (SyncPhase::Online, 0)
    );
    assert!(status.last_error.is_none());
    handle.shutdown().await;
    second.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn active_calls_are_polled_until_final_between_full_passes() {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed: 43,
        call_duration: Duration::from_millis(700),
        ..SandboxConfig::default()
    })
    .await;
    let client = client(&sandbox.base_url, &sandbox.demo_account.api_key, 1);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let engine = SyncEngine::new(
        client.clone(),
        cache.clone(),
        SyncConfig {
            interval: Duration::from_secs(3_600),
            active_poll_interval: Duration::from_millis(100),
            ..SyncConfig::default()
        },
    )
    .await
    .unwrap();
    engine.sync_once().await.unwrap();
    let mut events = cache.bus().subscribe();
    let handle = engine.spawn();
    wait_for(&mut events, online).await;

    let call = client
        .calls()
        .create(CreateCall::new(&sandbox.demo_account.agent_id, "+15125550147").name("Ann"))
        .await
        .unwrap();
    handle.sync_and_wait().await.unwrap();
    let full_passes = list_requests(&client);
    // Only light polls run from here on (the interval is an hour): they carry the call
    // to its end and fetch its transcript.
    wait_for(&mut events, |e| {
        matches!(e, CoreEvent::CallStatusChanged { call_id, status } if *call_id == call.id && status == "completed")
    })
    .await;
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    for _ in 0..100 {
        if store.get_transcript(&call.id).unwrap().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(store.get_transcript(&call.id).unwrap().is_some());
    assert_eq!(
        list_requests(&client),
        full_passes,
        "no full pass was needed"
    );
    handle.shutdown().await;
    sandbox.shutdown().await.unwrap();
}
