//! Lead edits made while KaiCalls cannot be reached are queued, shown as pending, and
//! sent in order once it can; an edit that a newer server change overtook is superseded
//! and the user is told which one and why. Offline is real: the sandbox is stopped, then
//! restarted from its state file on the same port.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::net::SocketAddr;

use kaicalls_api::models::{LeadStatus, UpdateLead};
use kaicalls_core::{CoreEvent, SyncConfig, SyncEngine, SyncPhase};
use kaicalls_sandbox::SandboxConfig;
use kaicalls_store::OutboxState;
use sync_common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_edits_land_after_reconnect_and_the_newer_change_wins() {
    let state_dir = tempfile::tempdir().unwrap();
    let config = SandboxConfig {
        demo: true,
        seed: 31,
        state_file: Some(state_dir.path().join("sandbox.json")),
        ..SandboxConfig::default()
    };
    let first_sandbox = sandbox(config.clone()).await;
    let addr: SocketAddr = first_sandbox
        .base_url
        .trim_start_matches("http://")
        .parse()
        .unwrap();
    let key = first_sandbox.demo_account.api_key.clone();
    let client = client(&first_sandbox.base_url, &key, 1);
    let dir = tempfile::tempdir().unwrap();
    let cache = open_cache(dir.path());
    let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default())
        .await
        .unwrap();
    engine.sync_once().await.unwrap();
    let store = cache.read(|s| s.connect_again()).await.unwrap();
    let leads = server_leads(&client).await;
    let named: Vec<_> = leads.iter().filter(|l| l.name.is_some()).collect();
    let (x, y, z) = (named[3].clone(), named[40].clone(), named[120].clone());

    // Someone edits Z on the server before the laptop goes offline (the cache does not
    // see it): the user's later offline edit of Z is the newer one and must win.
    client
        .leads()
        .update(UpdateLead::new(&z.id).notes("Server note on Z"))
        .await
        .unwrap();
    first_sandbox.shutdown().await.unwrap();

    let mut events = cache.bus().subscribe();
    let outbox = engine.outbox();
    let x1 = outbox
        .edit_lead(UpdateLead::new(&x.id).status(LeadStatus::Contacted))
        .await
        .unwrap();
    let x2 = outbox
        .edit_lead(
            UpdateLead::new(&x.id)
                .status(LeadStatus::Qualified)
                .notes("Met at the fair"),
        )
        .await
        .unwrap();
    let y1 = outbox
        .edit_lead(UpdateLead::new(&y.id).notes("Offline note on Y"))
        .await
        .unwrap();
    let z1 = outbox
        .edit_lead(UpdateLead::new(&z.id).notes("Offline note on Z"))
        .await
        .unwrap();
    assert!(x2.fields.contains_key("notes") && x2.fields.len() == 2);

    // Refused edits say why with a stable code.
    let same = outbox
        .edit_lead(UpdateLead::new(&x.id).status(LeadStatus::Qualified))
        .await
        .unwrap_err();
    assert_eq!(same.code(), "invalid_edit", "it changes nothing: {same}");
    let unknown = outbox
        .edit_lead(UpdateLead::new("no-such-lead").notes("x"))
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "not_cached");
    let phone = outbox
        .edit_lead(UpdateLead::new(&x.id).phone("555-12"))
        .await
        .unwrap_err();
    assert_eq!(phone.code(), "invalid_phone_number");

    // Pending edits show: the row keeps the server's values and counts the edits, the
    // view lays them over it.
    let row = store.get_lead(&x.id).unwrap().unwrap();
    assert_eq!(row.pending_edits, 2);
    assert_eq!(row.status.as_deref(), Some(x.status.as_str()));
    let view = outbox.lead_view(&x.id).await.unwrap().unwrap();
    assert_eq!(view.lead.status.as_deref(), Some("qualified"));
    assert_eq!(view.lead.notes.as_deref(), Some("Met at the fair"));
    assert_eq!(view.pending.len(), 2);

    // Offline: the pass fails, the engine says offline, nothing is lost.
    let err = engine.sync_once().await.unwrap_err();
    assert_eq!(err.code(), "offline", "{err}");
    let status = engine.status();
    assert_eq!(status.phase, SyncPhase::Offline);
    assert_eq!(status.last_error.map(|e| e.code.as_str()), Some("offline"));
    assert!(
        status.last_success_at.is_some(),
        "the last success is still shown"
    );
    assert!(drain(&mut events).iter().any(|e| matches!(
        e,
        CoreEvent::SyncStatus {
            phase: SyncPhase::Offline,
            last_success_at: Some(_)
        }
    )));
    assert_eq!(outbox.pending().await.unwrap().len(), 4);

    // Back online (same port, same data). Meanwhile Y was edited on the server after the
    // user's offline edit: the server's change is newer and wins.
    let second_sandbox = sandbox(SandboxConfig {
        listen: addr,
        ..config
    })
    .await;
    let other_device = sync_common::client(
        &second_sandbox.base_url,
        &second_sandbox.demo_account.api_key,
        1,
    );
    other_device
        .leads()
        .update(UpdateLead::new(&y.id).notes("Server note on Y"))
        .await
        .unwrap();

    let report = engine.sync_once().await.unwrap();
    assert_eq!(engine.status().phase, SyncPhase::Online);
    assert_eq!(report.outbox.applied, 3, "{:?}", report.outbox);
    assert_eq!(report.outbox.superseded, 1);
    assert_eq!(report.outbox.requests, 2, "one PATCH per lead");

    let server_x = client.leads().get(&x.id).await.unwrap();
    assert_eq!(server_x.status, LeadStatus::Qualified);
    assert_eq!(server_x.notes.as_deref(), Some("Met at the fair"));
    let server_y = client.leads().get(&y.id).await.unwrap();
    assert_eq!(server_y.notes.as_deref(), Some("Server note on Y"));
    let server_z = client.leads().get(&z.id).await.unwrap();
    assert_eq!(server_z.notes.as_deref(), Some("Offline note on Z"));
    for (id, notes) in [
        (&x.id, "Met at the fair"),
        (&y.id, "Server note on Y"),
        (&z.id, "Offline note on Z"),
    ] {
        let row = store.get_lead(id).unwrap().unwrap();
        assert_eq!(row.notes.as_deref(), Some(notes));
        assert_eq!(row.pending_edits, 0);
    }
    let state = |id| store.outbox_entry(id).unwrap().unwrap().state;
    assert_eq!(
        [state(x1.id), state(x2.id), state(y1.id), state(z1.id)],
        [
            OutboxState::Applied,
            OutboxState::Applied,
            OutboxState::Superseded,
            OutboxState::Applied
        ]
    );
    let superseded: Vec<_> = drain(&mut events)
        .into_iter()
        .filter_map(|e| match e {
            CoreEvent::EditSuperseded {
                edit_id,
                lead_id,
                reason,
            } => Some((edit_id, lead_id, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(superseded.len(), 1);
    let (edit_id, lead_id, reason) = &superseded[0];
    assert_eq!((*edit_id, lead_id.as_str()), (y1.id, y.id.as_str()));
    let name = y.name.clone().unwrap();
    assert!(reason.contains(&name), "{reason}");
    assert!(
        reason.contains("notes") && reason.contains("newer change wins"),
        "{reason}"
    );

    // An edit whose PATCH went through just before a crash (so it is still pending) is
    // recognised as applied, with no second request.
    let x3 = outbox
        .edit_lead(UpdateLead::new(&x.id).status(LeadStatus::Converted))
        .await
        .unwrap();
    client
        .leads()
        .update(UpdateLead::new(&x.id).status(LeadStatus::Converted))
        .await
        .unwrap();
    let report = engine.sync_once().await.unwrap();
    assert_eq!((report.outbox.applied, report.outbox.requests), (1, 0));
    assert_eq!(state(x3.id), OutboxState::Applied);
    assert_cache_matches_server(&client, &store).await;
    second_sandbox.shutdown().await.unwrap();
}
