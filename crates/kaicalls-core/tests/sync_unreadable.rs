//! One record the app cannot read never stops a sync: the sandbox serves a call, a lead
//! and a transcript damaged among valid ones; the sync completes, every valid item is
//! cached, and exactly the damaged ones are set aside, counted and kept raw. When the
//! server sends an item readable again it leaves the quarantine, and what an older
//! version set aside is read again by a newer one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::collections::BTreeSet;

use kaicalls_core::{SyncConfig, SyncEngine};
use kaicalls_sandbox::SandboxConfig;
use kaicalls_store::{Collection, Unread};
use serde_json::json;
use sync_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_records_are_set_aside_and_the_rest_is_cached() {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed: 5,
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await;
    let client = client(&sandbox.base_url, &sandbox.demo_account.api_key, 0);
    // What the server holds (newest first), read before anything is damaged. The damaged
    // items are among the newest, so an incremental pass sees them again.
    let calls: Vec<String> = server_calls(&client)
        .await
        .into_iter()
        .map(|c| c.id)
        .collect();
    let leads: Vec<String> = server_leads(&client)
        .await
        .into_iter()
        .map(|l| l.id)
        .collect();
    let transcripts: Vec<String> = server_transcripts(&client)
        .await
        .into_iter()
        .map(|t| t.call_id)
        .collect();
    let (bad_call, bad_lead, bad_transcript) =
        (calls[3].clone(), leads[7].clone(), transcripts[2].clone());
    // A null agent, a nested name, a negative fractional duration.
    sandbox.corrupt("calls", &bad_call, json!({"agent_id": null}));
    sandbox.corrupt(
        "leads",
        &bad_lead,
        json!({"name": {"first": "Ada", "last": "Lovelace"}}),
    );
    sandbox.corrupt("transcripts", &bad_transcript, json!({"duration": -3.5}));

    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default())
        .await
        .unwrap();
    let report = engine.sync_once().await.expect("the sync completes");
    assert_eq!(
        (
            report.calls.unread,
            report.leads.unread,
            report.transcripts.unread
        ),
        (1, 1, 1)
    );
    assert!(report.calls.backfill_completed && report.leads.backfill_completed);

    let store = cache.read(|s| s.connect_again()).await.unwrap();
    let ids = |v: Vec<String>| v.into_iter().collect::<BTreeSet<_>>();
    let without = |set: &Vec<String>, bad: &str| {
        set.iter()
            .filter(|id| *id != bad)
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        ids(cached_calls(&store).into_iter().map(|c| c.id).collect()),
        without(&calls, &bad_call)
    );
    assert_eq!(
        ids(cached_leads(&store).into_iter().map(|l| l.id).collect()),
        without(&leads, &bad_lead)
    );
    assert_eq!(
        ids(cached_transcripts(&store)
            .into_iter()
            .map(|t| t.call_id)
            .collect()),
        without(&transcripts, &bad_transcript)
    );
    let aside: BTreeSet<(String, String)> = store
        .quarantined()
        .unwrap()
        .into_iter()
        .map(|q| {
            assert!(!q.reason.is_empty());
            assert!(q.raw.is_object(), "kept raw: {}", q.raw);
            (q.collection, q.key)
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("calls".to_owned(), bad_call.clone()),
        ("leads".to_owned(), bad_lead.clone()),
        ("transcripts".to_owned(), bad_transcript.clone()),
    ]
    .into();
    assert_eq!(aside, expected, "exactly the damaged ones");
    assert_eq!(store.quarantined_count().unwrap(), 3);

    // The server sends the call whole again: the next pass caches it and it leaves.
    sandbox.repair("calls", &bad_call);
    engine.sync_once().await.unwrap();
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    assert!(store.get_call(&bad_call).unwrap().is_some());
    assert!(
        store
            .quarantined()
            .unwrap()
            .iter()
            .all(|q| q.key != bad_call)
    );

    // An item an older version could not read (readable by this one) is read again when
    // this version opens the cache; the still-damaged ones stay, tried by this version.
    let readable = json!({"id": "c-from-old", "status": "completed", "agent_id": "a1",
                          "created_at": "2026-01-02T00:00:00Z"});
    let mut other = cache.read(|s| s.connect_again()).await.unwrap();
    other
        .quarantine(
            Collection::Calls,
            &[Unread {
                raw: readable,
                reason: "older models".into(),
            }],
            "0.0.1",
        )
        .unwrap();
    SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default())
        .await
        .unwrap();
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    assert!(store.get_call("c-from-old").unwrap().is_some());
    let left: Vec<_> = store.quarantined().unwrap();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left.iter()
            .all(|q| q.app_version == env!("CARGO_PKG_VERSION"))
    );
}
