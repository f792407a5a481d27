//! What the sync engine and the webhook receiver use: the outbox, sync state, event
//! de-duplication and the SMS log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use kaicalls_store::{
    Collection, NewSms, OutboxState, PageRequest, SmsFilter, Store, SyncState, event_key,
};
use serde_json::{Map, Value, json};

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn lead_edits_queue_in_order_and_resolve_once() {
    let (dir, mut store) = common::fresh();
    store
        .upsert(Collection::Leads, &common::fixture("lead_get"))
        .unwrap();
    let base = Some("2026-03-17T14:30:00Z");
    let first = store
        .enqueue_lead_edit(
            "uuid-lead123",
            &fields(json!({"status": "contacted"})),
            base,
        )
        .unwrap();
    let second = store
        .enqueue_lead_edit(
            "uuid-lead123",
            &fields(json!({"notes": "Ready for follow-up call"})),
            base,
        )
        .unwrap();
    assert!(second.id > first.id);
    assert_eq!(first.state, OutboxState::Pending);
    assert_eq!(first.base_updated_at.as_deref(), base);
    assert_eq!(first.fields["status"], "contacted");

    // Pending edits survive a restart, in order, and show on the lead.
    drop(store);
    let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
    let pending = store.pending_edits().unwrap();
    assert_eq!(
        pending.iter().map(|e| e.id).collect::<Vec<_>>(),
        [first.id, second.id]
    );
    assert_eq!(store.pending_edit_count().unwrap(), 2);
    assert_eq!(
        store
            .get_lead("uuid-lead123")
            .unwrap()
            .unwrap()
            .pending_edits,
        2
    );
    assert_eq!(
        store.pending_edits_for_lead("uuid-lead123").unwrap().len(),
        2
    );

    // A failed attempt keeps it pending and counts.
    store
        .record_edit_failure(first.id, "network unreachable")
        .unwrap();
    let again = store.outbox_entry(first.id).unwrap().unwrap();
    assert_eq!((again.state, again.attempts), (OutboxState::Pending, 1));
    assert_eq!(again.error.as_deref(), Some("network unreachable"));

    // Applied together with the server's answer: the lead shows the new value at once.
    store
        .mark_edit_applied(
            first.id,
            Some(&json!({"id": "uuid-lead123", "status": "contacted",
            "updated_at": "2026-03-17T15:00:00Z"})),
        )
        .unwrap();
    let lead = store.get_lead("uuid-lead123").unwrap().unwrap();
    assert_eq!(lead.status.as_deref(), Some("contacted"));
    assert_eq!(lead.pending_edits, 1);

    store
        .mark_edit_superseded(second.id, "the lead changed on the server")
        .unwrap();
    let s = store.outbox_entry(second.id).unwrap().unwrap();
    assert_eq!(s.state, OutboxState::Superseded);
    assert_eq!(s.error.as_deref(), Some("the lead changed on the server"));
    assert!(s.resolved_at.is_some());
    assert!(store.pending_edits().unwrap().is_empty());
    assert_eq!(
        store.pending_edit_count().unwrap(),
        0,
        "resolved edits are not counted"
    );

    // Resolving twice is refused with a code the engine can ignore.
    let err = store.mark_edit_applied(second.id, None).unwrap_err();
    assert_eq!(err.code(), "outbox_resolved");
    assert_eq!(
        store.mark_edit_superseded(999, "x").unwrap_err().code(),
        "not_cached"
    );

    assert_eq!(
        store
            .prune_outbox(Utc::now() + Duration::seconds(1))
            .unwrap(),
        2
    );
    assert!(store.outbox_entry(first.id).unwrap().is_none());
}

#[test]
fn bad_edits_are_refused_in_plain_words() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(Collection::Leads, &json!({"id": "l1", "name": "Jane"}))
        .unwrap();
    for bad in [
        json!({}),
        json!({"id": "other"}),
        json!({"score": "99"}),
        json!({"status": "won"}),
        json!({"notes": 5}),
    ] {
        let err = store
            .enqueue_lead_edit("l1", &fields(bad), None)
            .unwrap_err();
        assert_eq!(err.code(), "invalid_edit");
        assert!(err.to_string().starts_with("the lead edit can't be saved"));
    }
    assert_eq!(
        store
            .enqueue_lead_edit("ghost", &fields(json!({"notes": "x"})), None)
            .unwrap_err()
            .code(),
        "not_cached"
    );
    // A null clears a field.
    assert!(
        store
            .enqueue_lead_edit("l1", &fields(json!({"notes": null})), None)
            .is_ok()
    );
}

#[test]
fn deleting_a_lead_drops_its_queued_edits() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(Collection::Leads, &json!({"id": "l1", "name": "Jane"}))
        .unwrap();
    store
        .enqueue_lead_edit("l1", &fields(json!({"notes": "x"})), None)
        .unwrap();
    store.delete(Collection::Leads, "l1").unwrap();
    assert!(store.pending_edits().unwrap().is_empty());
}

#[test]
fn sync_state_round_trips_per_collection() {
    let dir = tempfile::tempdir().unwrap();
    let state = SyncState {
        cursor: Some("2026-03-17T12:00:00Z".into()),
        high_water_mark: Some("2026-03-18T09:00:00Z".into()),
        last_success_at: Some(Utc.with_ymd_and_hms(2026, 3, 18, 9, 5, 0).unwrap()),
        backfill_done: 350,
        backfill_total: Some(1200),
        backfill_complete: false,
    };
    {
        let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
        assert_eq!(
            store.sync_state(Collection::Leads).unwrap(),
            SyncState::default()
        );
        store.set_sync_state(Collection::Leads, &state).unwrap();
        let done = SyncState {
            backfill_complete: true,
            ..state.clone()
        };
        store.write_page(Collection::Calls, &[], &done).unwrap();
    }
    let (store, _) = Store::open(dir.path(), "acct-1").unwrap();
    assert_eq!(store.sync_state(Collection::Leads).unwrap(), state);
    assert!(
        store
            .sync_state(Collection::Calls)
            .unwrap()
            .backfill_complete
    );
    assert_eq!(
        store.sync_state(Collection::Transcripts).unwrap(),
        SyncState::default()
    );
    assert_eq!(store.sync_states().unwrap().len(), Collection::ALL.len());
}

#[test]
fn webhook_events_are_seen_once_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let body = br#"{"event":"lead.created","timestamp":"2026-04-27T14:32:12Z"}"#;
    let key = event_key(body);
    assert!(key.starts_with("sha256:") && key.len() == 7 + 64);
    assert_ne!(key, event_key(b"{}"));
    {
        let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
        assert!(store.record_event(&key).unwrap());
        assert!(!store.record_event(&key).unwrap());
        assert!(store.record_event("evt_explicit_id").unwrap());
    }
    let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(
        !store.record_event(&key).unwrap(),
        "a restart must not forget"
    );
    let long = "k".repeat(10_000);
    assert!(store.record_event(&long).unwrap());
    assert!(!store.record_event(&long).unwrap());

    assert_eq!(
        store
            .prune_events(Utc::now() + Duration::seconds(1))
            .unwrap(),
        3
    );
    assert!(store.record_event(&key).unwrap());
}

#[test]
fn sent_sms_are_logged_once_and_listed_newest_first() {
    let (_dir, mut store) = common::fresh();
    let answer = common::fixture("sms_send");
    let t0 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let sms = |sid: Option<&str>, lead: &str, minutes: i64| NewSms {
        message_sid: sid.map(str::to_owned),
        to: "+15125559876".into(),
        from: Some("+15125551234".into()),
        agent_id: Some("uuid-agent789".into()),
        lead_id: Some(lead.into()),
        body: format!("message {minutes}"),
        sent_at: t0 + Duration::minutes(minutes),
        raw: answer.clone(),
    };
    let first = store.record_sms(&sms(Some("SM1"), "l1", 0)).unwrap();
    let again = store.record_sms(&sms(Some("SM1"), "l1", 5)).unwrap();
    assert_eq!(first, again, "same SID, same record");
    assert_eq!(first.raw["message_sid"], "SM1234567890abcdef");
    for i in 1..6 {
        store.record_sms(&sms(None, "l2", i)).unwrap();
    }
    store.record_sms(&sms(Some("SM2"), "l1", 3)).unwrap();

    let mut seen = Vec::new();
    let mut page = PageRequest::first(2);
    loop {
        let p = store.list_sms(&SmsFilter::default(), &page).unwrap();
        seen.extend(p.items.iter().map(|s| s.body.clone()));
        match p.next {
            Some(n) => page.after = Some(n),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "message 5",
            "message 4",
            "message 3",
            "message 3",
            "message 2",
            "message 1",
            "message 0"
        ]
    );
    let l1 = store
        .list_sms(
            &SmsFilter {
                lead_id: Some("l1".into()),
                agent_id: None,
            },
            &PageRequest::first(10),
        )
        .unwrap();
    assert_eq!(l1.items.len(), 2);
    assert_eq!(l1.items[0].message_sid.as_deref(), Some("SM2"));
}
