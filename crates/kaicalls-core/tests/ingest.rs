//! Webhook ingest: deliveries go into the cache like sync pages, are completed from the
//! API, and are ingested once even across restarts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;

use std::sync::Arc;
use std::time::SystemTime;

use accounts_fixture::{cache, eventually, inbound_call, now, sandbox, setup};
use kaicalls_core::ingest::{Ingest, IngestStats, StoreDedup, payload, spawn_ingest};
use kaicalls_core::{Cache, CoreEvent, EventBus};
use kaicalls_store::{Collection, Store};
use kaicalls_webhooks::{Delivery, Receiver, ReceiverConfig, Secrets, decode, sign_header};
use secrecy::SecretString;
use serde_json::json;
use tokio_util::sync::CancellationToken;

fn delivery(body: serde_json::Value) -> Delivery {
    let raw = serde_json::to_vec(&body).unwrap();
    Delivery {
        event: decode(None, &raw).unwrap(),
        dedup_key: kaicalls_store::event_key(&raw),
        raw: raw.into(),
        received_at: SystemTime::now(),
    }
}

fn lead_created(id: &str, name: &str) -> Delivery {
    delivery(json!({
        "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z", "business_id": "biz-1",
        "data": { "id": id, "name": name, "phone": "+15125550123", "source": "inbound_call" }
    }))
}

#[test]
fn payloads_are_read_from_the_signed_bytes_without_invented_nulls() {
    let p = payload(&lead_created("l1", "Jane Doe")).unwrap();
    assert_eq!(p.collection, Collection::Leads);
    assert_eq!(p.id, "l1");
    assert_eq!(
        p.item,
        json!({ "id": "l1", "name": "Jane Doe", "phone": "+15125550123",
                "source": "inbound_call", "business_id": "biz-1" })
    );
    let scored = payload(&delivery(json!({
        "event": "lead.scored", "timestamp": "t", "business_id": "biz-1",
        "data": { "lead_id": "l1", "score": 82 }
    })))
    .unwrap();
    assert_eq!(
        scored.item,
        json!({ "lead_id": "l1", "score": 82, "business_id": "biz-1" })
    );
    let failed = payload(&delivery(json!({
        "event": "call.failed", "call_id": "c1", "status": "no-answer", "error": "no_answer",
        "timestamp": "2026-04-27T14:31:00Z"
    })))
    .unwrap();
    assert_eq!(failed.collection, Collection::Calls);
    assert_eq!(
        failed.item,
        json!({ "call_id": "c1", "status": "no-answer", "error": "no_answer" })
    );
}

#[tokio::test]
async fn a_delivery_is_stored_at_once_then_completed_from_the_api() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let client = s.accounts.client(&s.account.id).await.unwrap();
    // A real lead on the server: someone called.
    let call = inbound_call(&sandbox, "Jane Doe").await;
    let call_id = call.id.clone();
    let done = client.calls().wait(&call_id).await.unwrap();
    let lead_id = done.lead_id.clone().unwrap();

    let cache = cache(&s);
    let mut events = cache.bus().subscribe();
    let ingest = Ingest::new(cache.clone(), client);
    let mut stats = IngestStats::default();
    // The payload carries the name only; the API fills in the rest.
    let body = json!({
        "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z",
        "business_id": sandbox.demo_account.business_id,
        "data": { "id": lead_id, "name": "Jane Doe" }
    });
    ingest.ingest(&delivery(body), &mut stats).await;
    assert_eq!(
        (
            stats.events,
            stats.stored,
            stats.fetched,
            stats.fetch_failures
        ),
        (1, 1, 1, 0)
    );

    let id = lead_id.clone();
    let lead = cache.read(move |s| s.get_lead(&id)).await.unwrap().unwrap();
    assert_eq!(lead.name.as_deref(), Some("Jane Doe"));
    assert_eq!(lead.status.as_deref(), Some("new"), "from the API");
    assert_eq!(lead.source.as_deref(), Some("inbound_call"), "from the API");
    assert!(lead.phone.is_some() && lead.created_at.is_some());
    match events.recv().await.unwrap() {
        CoreEvent::NewLead { lead, fresh } => {
            assert!(fresh);
            assert_eq!(lead.id, lead_id);
        }
        other => panic!("{other:?}"),
    }
    while let Ok(event) = events.try_recv() {
        assert!(
            !matches!(event, CoreEvent::NewLead { .. }),
            "announced once: {event:?}"
        );
    }

    // call.completed: the call arrives with its detail.
    let completed = json!({
        "event": "call.completed", "timestamp": "2026-04-27T14:32:12Z",
        "business_id": sandbox.demo_account.business_id,
        "data": { "call_id": call_id, "status": "completed" }
    });
    ingest.ingest(&delivery(completed), &mut stats).await;
    let id = call_id.clone();
    let stored = cache.read(move |s| s.get_call(&id)).await.unwrap().unwrap();
    assert_eq!(stored.status.as_deref(), Some("completed"));
    assert!(
        stored.summary.is_some(),
        "the detail filled what the payload omitted"
    );
}

#[tokio::test]
async fn a_failed_fetch_keeps_the_payload_and_counts_it() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let cache = cache(&s);
    let mut events = cache.bus().subscribe();
    let ingest = Ingest::new(cache.clone(), client);
    let mut stats = IngestStats::default();
    // Unknown to the API (404), then the API gone (offline): the payload stays.
    ingest
        .ingest(&lead_created("ghost-1", "Ghost One"), &mut stats)
        .await;
    sandbox.shutdown().await.unwrap();
    ingest
        .ingest(&lead_created("ghost-2", "Ghost Two"), &mut stats)
        .await;
    assert_eq!(
        (
            stats.events,
            stats.stored,
            stats.fetched,
            stats.fetch_failures
        ),
        (2, 2, 0, 2)
    );
    for id in ["ghost-1", "ghost-2"] {
        let lead = cache.read(move |s| s.get_lead(id)).await.unwrap().unwrap();
        assert_eq!(lead.business_id.as_deref(), Some("biz-1"));
        assert!(matches!(
            events.recv().await.unwrap(),
            CoreEvent::NewLead { fresh: true, .. }
        ));
    }
}

#[tokio::test]
async fn a_score_for_an_unknown_lead_fetches_it_first_so_it_arrives_with_a_name() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let call = inbound_call(&sandbox, "John Roe").await;
    let done = client.calls().wait(&call.id).await.unwrap();
    let lead_id = done.lead_id.unwrap();
    let cache = cache(&s);
    let mut events = cache.bus().subscribe();
    let ingest = Ingest::new(cache.clone(), client);
    let scored = json!({
        "event": "lead.scored", "timestamp": "2026-04-27T14:33:45Z",
        "business_id": sandbox.demo_account.business_id,
        "data": { "lead_id": lead_id, "score": 82, "confidence": "high" }
    });
    ingest
        .ingest(&delivery(scored), &mut IngestStats::default())
        .await;
    match events.recv().await.unwrap() {
        CoreEvent::NewLead { lead, fresh: true } => {
            assert_eq!(lead.name.as_deref(), Some("John Roe"));
        }
        other => panic!("{other:?}"),
    }
    let id = lead_id.clone();
    let lead = cache.read(move |s| s.get_lead(&id)).await.unwrap().unwrap();
    assert_eq!(lead.score, Some(82), "the payload's score is kept");
}

#[tokio::test]
async fn duplicates_are_ingested_once_even_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "whsec_restart";
    let body = serde_json::to_vec(&json!({
        "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z", "business_id": "biz-1",
        "data": { "id": "lead-r", "name": "Rita Restart" }
    }))
    .unwrap();
    let post = |url: String, body: Vec<u8>| async move {
        kaicalls_api::tls::http_client()
            .build()
            .unwrap()
            .post(url)
            .header("content-type", "application/json")
            .header(
                "X-KaiCalls-Signature",
                sign_header(secret.as_bytes(), now(), &body),
            )
            .body(body)
            .send()
            .await
            .unwrap()
            .json::<serde_json::Value>()
            .await
            .unwrap()
    };
    for run in 0..2 {
        // A fresh process's view: the database reopened, a new receiver and dedup.
        let (store, _) = Store::open(dir.path(), "acct-r").unwrap();
        let cache = Cache::new(store, EventBus::default());
        let dedup = Arc::new(StoreDedup::new(&cache).await.unwrap());
        let (handle, mut deliveries) = Receiver::start(
            ReceiverConfig::default(),
            Secrets::new(vec![SecretString::from(secret)]),
            dedup,
        )
        .await
        .unwrap();
        let answer = post(handle.url.clone(), body.clone()).await;
        if run == 0 {
            assert_eq!(answer["message"], "received");
            assert_eq!(
                deliveries.recv().await.unwrap().raw.as_ref(),
                body.as_slice()
            );
        } else {
            assert_eq!(answer["message"], "duplicate: already received");
            assert!(deliveries.try_recv().is_err(), "not handed to ingest again");
        }
        handle.shutdown().await;
    }
}

#[tokio::test]
async fn deliveries_queued_at_shutdown_are_stored_without_fetching() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let cache = cache(&s);
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    tx.send(lead_created("q1", "Queued One")).await.unwrap();
    tx.send(lead_created("q2", "Queued Two")).await.unwrap();
    let stop = CancellationToken::new();
    stop.cancel();
    let stats = spawn_ingest(Ingest::new(cache.clone(), client.clone()), rx, stop)
        .await
        .unwrap();
    assert_eq!((stats.events, stats.stored, stats.fetched), (2, 2, 0));
    assert!(cache.read(|s| s.get_lead("q2")).await.unwrap().is_some());

    // A running task drains until the receiver side closes.
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    let task = spawn_ingest(
        Ingest::new(cache.clone(), client),
        rx,
        CancellationToken::new(),
    );
    tx.send(lead_created("q3", "Queued Three")).await.unwrap();
    let probe = cache.clone();
    eventually("q3 stored", || {
        let c = probe.clone();
        async move { c.read(|s| s.get_lead("q3")).await.unwrap().is_some() }
    })
    .await;
    drop(tx);
    let stats = task.await.unwrap();
    assert_eq!(
        (stats.events, stats.stored, stats.fetch_failures),
        (1, 1, 1)
    );
}
