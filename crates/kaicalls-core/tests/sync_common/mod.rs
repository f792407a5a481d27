//! Shared helpers of the sync tests: a sandbox, a client, a cache in a temp dir, and the
//! comparison of the cache with what the API lists.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::time::Duration;

use futures_util::TryStreamExt;
use kaicalls_api::Client;
use kaicalls_api::models::{
    CallFilter, CallSummary, LeadFilter, LeadSummary, Transcript, TranscriptFilter,
};
use kaicalls_core::{Cache, CoreEvent};
use kaicalls_sandbox::{SandboxConfig, SandboxHandle};
use kaicalls_store::{
    CallFilter as StoreCallFilter, LeadFilter as StoreLeadFilter, PageRequest, Store,
    TranscriptFilter as StoreTranscriptFilter,
};

pub const ACCOUNT: &str = "acct-test";

// Each test file uses some of these; the others are not "unused".
#[allow(unused_imports)]
pub use kaicalls_testkit::{client_at as client, inbound_call_at as inbound_call, sandbox};

pub fn open_cache(dir: &std::path::Path) -> Cache {
    kaicalls_testkit::open_cache(dir, ACCOUNT)
}

/// The demo sandbox (seeded with `seed`, reference rate limits on both sides), a client,
/// an empty cache in a temp dir and a sync engine with the default configuration.
pub struct Demo {
    pub sandbox: SandboxHandle,
    pub client: Client,
    pub cache: Cache,
    pub engine: kaicalls_core::SyncEngine,
    pub dir: tempfile::TempDir,
}

pub async fn demo(seed: u64) -> Demo {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed,
        ..SandboxConfig::default()
    })
    .await;
    let key = sandbox.demo_account.api_key.clone();
    let client = client(&sandbox.base_url, &key, 1);
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = open_cache(dir.path());
    let engine = kaicalls_core::SyncEngine::new(
        client.clone(),
        cache.clone(),
        kaicalls_core::SyncConfig::default(),
    )
    .await
    .expect("engine starts");
    Demo {
        sandbox,
        client,
        cache,
        engine,
        dir,
    }
}

pub async fn server_calls(client: &Client) -> Vec<CallSummary> {
    client
        .calls()
        .list(CallFilter::default().limit(100))
        .stream()
        .try_collect()
        .await
        .expect("list calls")
}

pub async fn server_leads(client: &Client) -> Vec<LeadSummary> {
    client
        .leads()
        .list(LeadFilter::default().limit(100))
        .stream()
        .try_collect()
        .await
        .expect("list leads")
}

pub async fn server_transcripts(client: &Client) -> Vec<Transcript> {
    client
        .transcripts()
        .list(TranscriptFilter::default().limit(50).days(90))
        .stream()
        .try_collect()
        .await
        .expect("list transcripts")
}

/// Every row of the cache, read with the store's own paging.
pub fn cached_calls(store: &Store) -> Vec<kaicalls_store::Call> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(500);
    loop {
        let p = store
            .list_calls(&StoreCallFilter::default(), &page)
            .unwrap();
        out.extend(p.items);
        match p.next {
            Some(n) => page.after = Some(n),
            None => return out,
        }
    }
}

pub fn cached_leads(store: &Store) -> Vec<kaicalls_store::Lead> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(500);
    loop {
        let p = store
            .list_leads(&StoreLeadFilter::default(), &page)
            .unwrap();
        out.extend(p.items);
        match p.next {
            Some(n) => page.after = Some(n),
            None => return out,
        }
    }
}

pub fn cached_transcripts(store: &Store) -> Vec<kaicalls_store::Transcript> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(500);
    loop {
        let p = store
            .list_transcripts(&StoreTranscriptFilter::default(), &page)
            .unwrap();
        out.extend(p.items);
        match p.next {
            Some(n) => page.after = Some(n),
            None => return out,
        }
    }
}

fn key_fields<K: Ord + Clone, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    items.into_iter().collect()
}

/// Asserts that the cache holds exactly what the API lists: the same ids, no more, no
/// fewer, with the same key fields. Transcripts older than the 90-day window that the
/// server no longer lists may stay cached (the window moved during the test).
pub async fn assert_cache_matches_server(client: &Client, store: &Store) {
    let calls = server_calls(client).await;
    let expected = key_fields(calls.iter().map(|c| {
        (
            c.id.clone(),
            (
                c.status.to_string(),
                c.created_at.clone(),
                c.agent_id.clone(),
                c.duration.map(|d| d as i64),
            ),
        )
    }));
    let cached = key_fields(cached_calls(store).into_iter().map(|c| {
        (
            c.id.clone(),
            (
                c.status.unwrap_or_default(),
                c.created_at.unwrap_or_default(),
                c.agent_id.unwrap_or_default(),
                c.duration_seconds,
            ),
        )
    }));
    assert_eq!(cached.len(), expected.len(), "call count");
    assert_eq!(cached, expected, "calls differ");

    let leads = server_leads(client).await;
    let expected = key_fields(leads.iter().map(|l| {
        (
            l.id.clone(),
            (
                l.name.clone(),
                l.status.to_string(),
                l.email.clone(),
                l.phone.clone(),
                l.created_at.clone(),
                l.updated_at.clone(),
            ),
        )
    }));
    let cached = key_fields(cached_leads(store).into_iter().map(|l| {
        (
            l.id.clone(),
            (
                l.name,
                l.status.unwrap_or_default(),
                l.email,
                l.phone,
                l.created_at.unwrap_or_default(),
                l.updated_at.unwrap_or_default(),
            ),
        )
    }));
    assert_eq!(cached.len(), expected.len(), "lead count");
    assert_eq!(cached, expected, "leads differ");

    let transcripts = server_transcripts(client).await;
    let expected = key_fields(transcripts.iter().map(|t| {
        (
            t.call_id.clone(),
            (
                t.created_at.clone(),
                t.summary.clone(),
                t.transcript.clone(),
                t.status.to_string(),
            ),
        )
    }));
    let mut cached = key_fields(cached_transcripts(store).into_iter().map(|t| {
        (
            t.call_id.clone(),
            (
                t.created_at.clone().unwrap_or_default(),
                t.summary,
                t.transcript,
                t.status.unwrap_or_default(),
            ),
        )
    }));
    let window = chrono::Utc::now() - chrono::TimeDelta::days(90) + chrono::TimeDelta::minutes(10);
    cached.retain(|id, (created, ..)| {
        expected.contains_key(id)
            || chrono::DateTime::parse_from_rfc3339(created).is_ok_and(|t| t > window)
    });
    assert_eq!(cached.len(), expected.len(), "transcript count");
    assert_eq!(cached, expected, "transcripts differ");

    let agents = client.agents().list().await.unwrap().agents;
    let mut expected: Vec<_> = agents
        .iter()
        .map(|a| (a.id.clone(), Some(a.name.clone())))
        .collect();
    let mut cached: Vec<_> = store
        .list_agents()
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    expected.sort();
    cached.sort();
    assert_eq!(cached, expected, "agents differ");

    let numbers = client.numbers().list().await.unwrap().numbers;
    let mut expected: Vec<_> = numbers
        .iter()
        .map(|n| (n.id.clone(), Some(n.phone_number.clone())))
        .collect();
    let mut cached: Vec<_> = store
        .list_numbers()
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.phone_number))
        .collect();
    expected.sort();
    cached.sort();
    assert_eq!(cached, expected, "numbers differ");

    let businesses = client.account().balance().await.unwrap().businesses;
    let mut expected: Vec<_> = businesses
        .iter()
        .map(|b| (b.business_id.clone(), Some(b.subscription_status.clone())))
        .collect();
    let mut cached: Vec<_> = store
        .list_businesses()
        .unwrap()
        .into_iter()
        .map(|b| (b.id, b.subscription_status))
        .collect();
    expected.sort();
    cached.sort();
    assert_eq!(cached, expected, "businesses differ");
}

/// Every event published so far.
pub fn drain(events: &mut tokio::sync::broadcast::Receiver<CoreEvent>) -> Vec<CoreEvent> {
    let mut out = Vec::new();
    while let Ok(e) = events.try_recv() {
        out.push(e);
    }
    out
}

/// Waits (polling the API) until the call's status is final.
pub async fn wait_final(client: &Client, call_id: &str) {
    for _ in 0..200 {
        let call = client.calls().get(call_id).await.unwrap();
        if call.status.is_final() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("call {call_id} never ended");
}

/// Attempts per route since `before`.
pub fn requests_since(
    client: &Client,
    before: &BTreeMap<String, kaicalls_api::RouteStats>,
) -> BTreeMap<String, u64> {
    client
        .stats()
        .into_iter()
        .map(|(route, s)| {
            let earlier = before.get(&route).map_or(0, |b| b.attempts);
            (route, s.attempts - earlier)
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}
