//! End to end: the sandbox places a call, KaiCalls-style signed webhooks reach the app's
//! receiver on loopback, ingest puts the lead in the cache, and exactly one "new lead"
//! notification is raised.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;

use std::sync::Arc;

use accounts_fixture::{cache, eventually, sandbox, setup};
use kaicalls_api::models::CreateCall;
use kaicalls_core::notify::{NotifyConfig, RecordingNotifier, spawn_lead_notifications};
use kaicalls_core::webhook_setup::WebhookService;
use secrecy::ExposeSecret;
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn a_call_becomes_a_cached_lead_and_one_notification() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let account = s.account.id.clone();
    let cache = cache(&s);
    let client = s.accounts.client(&account).await.unwrap();

    let notifier = Arc::new(RecordingNotifier::new());
    let accounts = s.accounts.clone();
    let id = account.clone();
    let stop_notes = CancellationToken::new();
    let notes = spawn_lead_notifications(
        account.clone(),
        cache.bus(),
        notifier.clone(),
        Arc::new(move || accounts.notifications_enabled(&id)),
        NotifyConfig::default(),
        stop_notes.clone(),
    );
    let service =
        WebhookService::start(s.accounts.clone(), &account, cache.clone(), client.clone())
            .await
            .unwrap();
    let registered = service.register_sandbox_loopback().await.unwrap();
    assert_eq!(
        registered[0].url.as_deref(),
        Some(kaicalls_core::webhook_setup::shown_url(service.local_url().expose_secret()).as_str())
    );

    let call = client
        .calls()
        .create(CreateCall::new(&sandbox.demo_account.agent_id, "(512) 555-2368").name("Jane Doe"))
        .await
        .unwrap();

    // The call.completed webhook is the last one the sandbox sends for a call.
    let c = cache.clone();
    let call_id = call.id.clone();
    eventually("the completed call in the cache", || {
        let (c, id) = (c.clone(), call_id.clone());
        async move {
            c.read(move |s| s.get_call(&id))
                .await
                .unwrap()
                .is_some_and(|call| call.status.as_deref() == Some("completed"))
        }
    })
    .await;
    let stats = service.shutdown().await;
    assert_eq!(
        stats.events, 3,
        "lead.created, lead.scored, call.completed: {stats:?}"
    );
    assert_eq!((stats.fetch_failures, stats.store_failures), (0, 0));

    let id = call.id.clone();
    let stored_call = c.read(move |s| s.get_call(&id)).await.unwrap().unwrap();
    let lead_id = stored_call
        .lead_id
        .clone()
        .expect("the call names its lead");
    let id = lead_id.clone();
    let lead = cache.read(move |s| s.get_lead(&id)).await.unwrap().unwrap();
    assert_eq!(lead.name.as_deref(), Some("Jane Doe"));
    assert_eq!(lead.phone.as_deref(), Some("+15125552368"));
    assert!(lead.score.is_some(), "lead.scored was ingested");

    // Everything ingested; stopping the notifier raises what it still collected.
    stop_notes.cancel();
    notes.await.unwrap();
    let sent = notifier.notifications();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].text(), "New lead: Jane Doe — outbound call");
    assert_eq!(sent[0].lead_ids, [lead_id]);
    assert_eq!(sent[0].account_id, account);

    // Every delivery was signed and accepted.
    let logs: serde_json::Value = kaicalls_api::tls::http_client()
        .build()
        .unwrap()
        .get(format!("{}/sandbox/webhook-logs", sandbox.base_url))
        .bearer_auth(sandbox.demo_account.api_key.expose_secret())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let logs = logs["logs"].as_array().unwrap();
    assert_eq!(logs.len(), 3);
    assert!(
        logs.iter()
            .all(|l| l["signed"] == true && l["status_code"] == 200),
        "{logs:?}"
    );
}
