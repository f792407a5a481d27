//! A first sync fills an empty cache with exactly what the API lists, reporting progress
//! and raising no "new lead" news; a second sync with nothing new costs one request per
//! collection. Rate limits are on at the reference's values on both sides.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use kaicalls_core::{CoreEvent, SyncConfig, SyncEngine, SyncPhase};
use sync_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_sync_equals_the_server_and_a_second_costs_one_request_per_collection() {
    let Demo {
        sandbox,
        client,
        cache,
        engine,
        dir: _dir,
    } = demo(11).await;
    let mut events = cache.bus().subscribe();
    assert_eq!(engine.status().last_success_at, None);

    let first = engine.sync_once().await.unwrap();
    assert!(first.calls.backfill_completed && first.leads.backfill_completed);
    assert!(first.transcripts.backfill_completed);
    assert!(first.calls.items > 500, "the demo has hundreds of calls");
    assert!(first.calls.pages > 1 && first.transcripts.pages > 1);

    let store = cache.read(|s| s.connect_again()).await.unwrap();
    assert_cache_matches_server(&client, &store).await;

    // Events: progress per page with an estimated total that ends exact; backfilled
    // leads are not news; the status went Syncing then Online with a success time.
    let events = drain(&mut events);
    let progress: Vec<(u64, Option<u64>)> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::SyncProgress {
                collection,
                done,
                total,
            } if collection == "calls" => Some((*done, *total)),
            _ => None,
        })
        .collect();
    // One event per transaction: a page, or several that arrived while one was written.
    assert!(!progress.is_empty() && progress.len() as u32 <= first.calls.pages);
    assert!(
        progress.windows(2).all(|w| w[0].0 < w[1].0),
        "done only grows"
    );
    let (last_done, last_total) = *progress.last().unwrap();
    assert_eq!(last_done, first.calls.items);
    assert_eq!(
        last_total,
        Some(first.calls.items),
        "the last page makes it exact"
    );
    for (done, total) in &progress[..progress.len() - 1] {
        let total = total.expect("an estimate while pages remain");
        assert!(total > *done, "{done} of {total}");
    }
    // The first download of transcripts runs beside calls and leads (its own rate-limit
    // budget): the server sees its first request before the leads list is read, which
    // comes only after every page of calls. Run one after the other, it would come last.
    let ledger = sandbox.ledger();
    let first_transcripts = ledger
        .iter()
        .position(|e| e.path == "/api/v1/transcripts")
        .unwrap();
    let first_leads = ledger
        .iter()
        .position(|e| e.path == "/api/v1/leads")
        .unwrap();
    assert!(
        first_transcripts < first_leads,
        "transcripts were paged only after calls and leads"
    );
    let new_leads: Vec<bool> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::NewLead { fresh, .. } => Some(*fresh),
            _ => None,
        })
        .collect();
    assert_eq!(new_leads.len() as u64, first.leads.items);
    assert!(new_leads.iter().all(|fresh| !fresh), "backfill is not news");
    let phases: Vec<SyncPhase> = events
        .iter()
        .filter_map(|e| match e {
            CoreEvent::SyncStatus { phase, .. } => Some(*phase),
            _ => None,
        })
        .collect();
    assert_eq!(phases, [SyncPhase::Syncing, SyncPhase::Online]);
    let status = engine.status();
    assert_eq!(status.phase, SyncPhase::Online);
    assert!(status.last_success_at.is_some());
    // Balance lists businesses without names; the first pass names them from the
    // per-business analytics report (and the second, below, does not ask again).
    let businesses = cache.read(|s| s.list_businesses()).await.unwrap();
    assert!(!businesses.is_empty());
    assert!(
        businesses.iter().all(|b| b.name.is_some()),
        "{businesses:?}"
    );
    assert!(
        businesses
            .iter()
            .any(|b| b.id == sandbox.demo_account.business_id
                && b.name.as_deref() == Some("Smith & Lee Law")),
        "{businesses:?}"
    );
    let sync_state = cache
        .read(|s| s.sync_state(kaicalls_store::Collection::Calls))
        .await
        .unwrap();
    assert!(sync_state.backfill_complete && sync_state.cursor.is_none());
    assert_eq!(sync_state.backfill_total, Some(first.calls.items as i64));

    // Second sync: nothing new, so one page of each collection and nothing else, as the
    // client counted it and as the server logged it.
    let before = client.stats();
    let ledger_before = sandbox.ledger().len();
    let second = engine.sync_once().await.unwrap();
    let requests = requests_since(&client, &before);
    let expected: std::collections::BTreeMap<String, u64> = [
        "GET /api/v1/agents",
        "GET /api/v1/balance",
        "GET /api/v1/calls",
        "GET /api/v1/leads",
        "GET /api/v1/numbers",
        "GET /api/v1/transcripts",
    ]
    .into_iter()
    .map(|r| (r.to_owned(), 1))
    .collect();
    assert_eq!(requests, expected);
    assert_eq!(sandbox.ledger().len() - ledger_before, 6);
    assert_eq!(
        (
            second.calls.pages,
            second.leads.pages,
            second.transcripts.pages
        ),
        (1, 1, 1)
    );
    assert_eq!(second.calls.inserted + second.leads.inserted, 0);
    assert_eq!(second.follow_up.polled, 0);
    assert!(second.leads_rewalk.is_none());

    // A restarted engine reads the last success time from the cache.
    let again = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default())
        .await
        .unwrap();
    assert!(again.status().last_success_at.is_some());
    sandbox.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_calls_details_are_read_on_demand_and_name_its_lead() {
    let Demo {
        sandbox,
        client,
        cache,
        engine,
        dir: _dir,
    } = demo(12).await;
    engine.sync_once().await.unwrap();

    // The first download reads no details: a call linked to a lead on the server is
    // cached without direction or lead (the list shows neither).
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    let mut linked = None;
    for call in cached_calls(&store).into_iter().rev() {
        let server = client.calls().get(&call.id).await.unwrap();
        if server.lead_id.is_some() && call.direction.is_none() {
            linked = Some((call, server));
            break;
        }
    }
    let (cached, server) = linked.expect("an old call linked to a lead, without details");
    assert_eq!((cached.lead_id, cached.lead_name), (None, None));

    assert!(engine.read_call_details(&cached.id).await.unwrap());
    let call = store.get_call(&cached.id).unwrap().unwrap();
    assert!(call.direction.is_some());
    assert_eq!(call.lead_id, server.lead_id);
    let lead = store
        .get_lead(server.lead_id.as_deref().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(call.lead_name, lead.name);
    assert!(call.lead_name.is_some(), "the demo's leads have names");

    assert!(!engine.read_call_details("no-such-call").await.unwrap());
    sandbox.shutdown().await.unwrap();
}
