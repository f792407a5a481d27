//! After the first download, new server data reaches the cache through incremental
//! passes: placed and inbound calls (re-polled until final, with their transcripts and the
//! leads they touched), new leads (announced as news), and leads edited on the server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::time::Duration;

use kaicalls_api::models::{CreateCall, LeadFilter, LeadStatus, UpdateLead};
use kaicalls_core::{CoreEvent, SyncConfig, SyncEngine};
use kaicalls_sandbox::SandboxConfig;
use sync_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_calls_leads_and_edits_appear_after_incremental_syncs() {
    let sandbox = sandbox(SandboxConfig {
        demo: true,
        seed: 21,
        call_duration: Duration::from_millis(800),
        ..SandboxConfig::default()
    })
    .await;
    let key = sandbox.demo_account.api_key.clone();
    let client = client(&sandbox.base_url, &key, 1);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    // No periodic re-walk: what is caught here is caught by the incremental rules.
    let config = SyncConfig {
        leads_rewalk_every: None,
        ..SyncConfig::default()
    };
    let engine = SyncEngine::new(client.clone(), cache.clone(), config)
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    let store = cache.read(|s| s.connect_again()).await.unwrap();

    // An old "new" lead with a phone: an outbound call to it will touch it (new →
    // contacted, a score) although it is far below the leads' first page.
    let all_leads = server_leads(&client).await;
    let old_lead = all_leads
        .iter()
        .rev()
        .find(|l| l.status == LeadStatus::New && l.phone.is_some())
        .expect("an old new lead")
        .clone();
    let newest_lead = all_leads.first().unwrap().clone();
    assert!(
        all_leads.iter().position(|l| l.id == old_lead.id).unwrap() >= 100,
        "the old lead is not on the first page"
    );

    let mut events = cache.bus().subscribe();
    let placed = client
        .calls()
        .create(
            CreateCall::new(
                &sandbox.demo_account.agent_id,
                old_lead.phone.clone().unwrap(),
            )
            .lead_id(&old_lead.id),
        )
        .await
        .unwrap();
    let inbound = inbound_call(&sandbox.base_url, &key, "Rosa Newcaller").await;
    let inbound_id = inbound.id.clone();
    client
        .leads()
        .update(UpdateLead::new(&newest_lead.id).notes("Prefers email"))
        .await
        .unwrap();

    // While the calls are active: they are stored with their live status and polled.
    let during = engine.sync_once().await.unwrap();
    assert_eq!(during.calls.inserted, 2);
    assert_eq!(during.follow_up.still_active, 2, "{:?}", during.follow_up);
    let call = store
        .get_call(&placed.id)
        .unwrap()
        .expect("placed call cached");
    assert!(call.status.as_deref().is_some_and(|s| s != "completed"));
    let lead = store.get_lead(&newest_lead.id).unwrap().unwrap();
    assert_eq!(
        lead.notes.as_deref(),
        Some("Prefers email"),
        "the first page is re-read every pass"
    );

    wait_final(&client, &placed.id).await;
    wait_final(&client, &inbound_id).await;
    let after = engine.sync_once().await.unwrap();
    assert_eq!(after.follow_up.finished, 2, "{:?}", after.follow_up);
    assert_eq!(after.follow_up.still_active, 0);

    // The calls ended, with details, transcripts and the leads they touched.
    for id in [&placed.id, &inbound_id] {
        let call = store.get_call(id).unwrap().unwrap();
        assert_eq!(call.status.as_deref(), Some("completed"));
        assert!(call.summary.is_some(), "details were read");
        assert!(
            store.get_transcript(id).unwrap().is_some(),
            "transcript of {id} cached"
        );
    }
    let touched = client.leads().get(&old_lead.id).await.unwrap();
    assert_ne!(
        touched.updated_at, old_lead.updated_at,
        "the call touched it"
    );
    let cached = store.get_lead(&old_lead.id).unwrap().unwrap();
    assert_eq!(
        cached.updated_at.as_deref(),
        Some(touched.updated_at.as_str())
    );
    assert_eq!(cached.status.as_deref(), Some(touched.status.as_str()));

    // The inbound caller is a new lead, announced as news.
    let new_lead = client
        .leads()
        .list(LeadFilter::default().limit(1))
        .send()
        .await
        .unwrap()
        .leads
        .remove(0);
    assert_eq!(new_lead.name.as_deref(), Some("Rosa Newcaller"));
    let events = drain(&mut events);
    assert!(events.iter().any(|e| matches!(
        e,
        CoreEvent::NewLead { lead, fresh: true } if lead.id == new_lead.id
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        CoreEvent::CallStatusChanged { call_id, status } if *call_id == placed.id && status == "completed"
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        CoreEvent::LeadChanged { lead_id } if *lead_id == old_lead.id
    )));
    assert_cache_matches_server(&client, &store).await;

    // An old lead edited on the server (another device) is caught by the re-walk.
    let oldest = all_leads.last().unwrap();
    client
        .leads()
        .update(UpdateLead::new(&oldest.id).status(LeadStatus::Lost))
        .await
        .unwrap();
    let quiet = engine.sync_once().await.unwrap();
    assert_eq!(quiet.leads.pages, 1);
    assert_ne!(
        store
            .get_lead(&oldest.id)
            .unwrap()
            .unwrap()
            .status
            .as_deref(),
        Some("lost"),
        "without a re-walk an old lead's edit is not below the first page"
    );
    let rewalking = SyncEngine::new(
        client.clone(),
        cache.clone(),
        SyncConfig {
            leads_rewalk_every: Some(Duration::from_secs(3_600)),
            ..SyncConfig::default()
        },
    )
    .await
    .unwrap();
    let report = rewalking.sync_once().await.unwrap();
    let rewalk = report
        .leads_rewalk
        .expect("the first pass of an engine re-walks");
    assert_eq!(rewalk.items as usize, all_leads.len() + 1);
    assert_eq!(rewalk.details, 1, "only the changed lead is re-read whole");
    assert_eq!(
        store
            .get_lead(&oldest.id)
            .unwrap()
            .unwrap()
            .status
            .as_deref(),
        Some("lost")
    );
    assert!(
        rewalking.sync_once().await.unwrap().leads_rewalk.is_none(),
        "not again within the hour"
    );
    assert_cache_matches_server(&client, &store).await;
    sandbox.shutdown().await.unwrap();
}
