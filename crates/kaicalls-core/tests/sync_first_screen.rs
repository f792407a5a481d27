//! The first screen: a first sync makes the newest page of calls readable from the cache
//! (through a second connection, as the UI reads it) while the sync is still running, not
//! only at its end.
//!
//! Deterministic, with no timing in the verdict: a loopback gate between the client and
//! the sandbox holds every request for a later page of calls (`GET /api/v1/calls?…after=`)
//! until the test opens it. While one is held the calls walk cannot end, so what the cache
//! shows then is what the sync stored before its end. The test waits for the walk's first
//! progress event (published after each stored batch; only the first page can be in it,
//! the second is held), reads the newest page and only then lets the sync finish.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::sync::Arc;
use std::time::Duration;

use kaicalls_api::models::CallFilter;
use kaicalls_core::{Cache, CoreEvent, EventBus, SyncConfig, SyncEngine};
use kaicalls_sandbox::{SandboxConfig, Scale};
use kaicalls_store::{CallFilter as StoreCallFilter, PageRequest, Store};
use sync_common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};

/// The sync's page of calls, the API's maximum.
const PAGE: u32 = 100;

/// Not a pass criterion: only how long a broken sync may keep the test waiting.
const GIVE_UP: Duration = Duration::from_secs(60);

/// A loopback proxy in front of the sandbox that holds requests for later pages of calls
/// until opened. The sync only reads (GETs without bodies), so requests are split at their
/// blank line; a request with a body is passed on whole.
struct Gate {
    base_url: String,
    /// Raised when a request is being held.
    held: Arc<Notify>,
    open: watch::Sender<bool>,
}

fn is_gated(head: &[u8]) -> bool {
    let line = head.split(|b| *b == b'\r').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    line.starts_with("GET /api/v1/calls?") && line.contains("after=")
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())
                .flatten()
        })
        .unwrap_or(0)
}

/// Client to upstream, holding gated requests while the gate is shut.
async fn forward_requests(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    held: Arc<Notify>,
    mut open: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let mut buf: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head_len = end + 4;
            let whole = head_len + content_length(&buf[..head_len]);
            if buf.len() < whole {
                break;
            }
            if is_gated(&buf[..head_len]) && !*open.borrow() {
                held.notify_one();
                if open.wait_for(|o| *o).await.is_err() {
                    return Ok(());
                }
            }
            to.write_all(&buf[..whole]).await?;
            buf.drain(..whole);
        }
        let n = from.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn gate(upstream: &str) -> Gate {
    let upstream = upstream
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let held = Arc::new(Notify::new());
    let (open, _) = watch::channel(false);
    let (held_c, open_c) = (held.clone(), open.clone());
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = TcpStream::connect(&upstream).await else {
                continue;
            };
            let (client_read, mut client_write) = client.into_split();
            let (mut server_read, server_write) = server.into_split();
            tokio::spawn(async move {
                let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
            });
            tokio::spawn(forward_requests(
                client_read,
                server_write,
                held_c.clone(),
                open_c.subscribe(),
            ));
        }
    });
    Gate {
        base_url,
        held,
        open,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_newest_calls_page_is_readable_while_the_first_sync_runs() {
    let sandbox = sandbox(SandboxConfig {
        seed: 5,
        scale: Some(Scale {
            calls: 450,
            leads: 50,
        }),
        rate_limit_multiplier: 0,
        ..SandboxConfig::default()
    })
    .await;
    let key = sandbox.demo_account.api_key.clone();
    let newest: Vec<String> = client(&sandbox.base_url, &key, 0)
        .calls()
        .list(CallFilter::default().limit(PAGE))
        .send()
        .await
        .unwrap()
        .calls
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(
        newest.len(),
        PAGE as usize,
        "the sandbox has more than a page"
    );

    let gate = gate(&sandbox.base_url).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path(), ACCOUNT).unwrap();
    let reader = store.connect_again().unwrap();
    let cache = Cache::new(store, EventBus::new(100_000));
    let mut events = cache.bus().subscribe();
    let engine = SyncEngine::new(
        client(&gate.base_url, &key, 0),
        cache.clone(),
        SyncConfig::default(),
    )
    .await
    .unwrap();
    let held = gate.held.notified();
    let pass = tokio::spawn(async move { engine.sync_once().await });

    // The second page of calls is asked for and held: the calls walk cannot end now.
    tokio::time::timeout(GIVE_UP, held)
        .await
        .expect("the sync asks for a second page of calls");
    // The first stored batch of calls (the first page: the next is held) is announced.
    tokio::time::timeout(GIVE_UP, async {
        loop {
            match events.recv().await {
                Ok(CoreEvent::SyncProgress { collection, .. }) if collection == "calls" => break,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(e) => panic!("the event bus closed: {e}"),
            }
        }
    })
    .await
    .expect("the sync stores the first page of calls before the walk's end");
    assert!(!pass.is_finished(), "a page of calls is still held");

    let shown: Vec<String> = reader
        .list_calls(&StoreCallFilter::default(), &PageRequest::first(PAGE))
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(
        shown, newest,
        "the newest page of calls, as the server lists it, before the sync ends"
    );

    gate.open.send_replace(true);
    let report = tokio::time::timeout(GIVE_UP, pass)
        .await
        .expect("the sync ends once the gate opens")
        .unwrap()
        .unwrap();
    assert!(report.calls.backfill_completed);
    assert_eq!(report.calls.items, 450);
}
