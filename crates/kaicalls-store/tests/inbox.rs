//! The follow-up inbox from the cache: new leads, missed inbound calls not called back,
//! and leads whose last call asked for a follow-up, oldest first; handled marks stay.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Utc;
use kaicalls_store::{Collection, InboxKind, Store};
use serde_json::json;

fn seed(store: &mut Store) {
    store
        .upsert_many(
            Collection::Agents,
            &[
                json!({"id": "a1", "name": "Kai", "business_id": "b1"}),
                json!({"id": "a2", "name": "Ava", "business_id": "b2"}),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Leads,
            &[
                json!({"id": "new-1", "name": "Maria", "phone": "+15125550101", "status": "new",
                       "agent_id": "a1", "created_at": "2026-03-18T09:00:00Z"}),
                json!({"id": "new-2", "name": "Omar", "status": "New", "business_id": "b2",
                       "created_at": "2026-03-18T08:00:00Z"}),
                json!({"id": "met", "name": "Tom", "status": "contacted", "agent_id": "a1",
                       "created_at": "2026-03-17T09:00:00Z"}),
                json!({"id": "won", "name": "Ann", "status": "converted", "agent_id": "a1",
                       "created_at": "2026-03-10T09:00:00Z"}),
                // As a `lead.created` webhook leaves it: no status yet, so new.
                json!({"id": "hook", "name": "Rosa", "agent_id": "a1",
                       "created_at": "2026-03-18T11:00:00Z"}),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Calls,
            &[
                // Missed, never called back: waiting.
                json!({"id": "missed-1", "direction": "inbound", "status": "no-answer",
                       "lead_id": "met", "agent_id": "a1", "created_at": "2026-03-18T07:00:00Z"}),
                // Missed but called back after: not waiting.
                json!({"id": "missed-2", "direction": "inbound", "status": "busy",
                       "lead_id": "won", "agent_id": "a1", "created_at": "2026-03-11T07:00:00Z"}),
                json!({"id": "back-2", "direction": "outbound", "status": "completed",
                       "lead_id": "won", "agent_id": "a1", "created_at": "2026-03-11T08:00:00Z"}),
                // A completed inbound call is not missed.
                json!({"id": "fine", "direction": "inbound", "status": "completed",
                       "lead_id": "new-1", "agent_id": "a1", "created_at": "2026-03-18T09:00:00Z"}),
                // The last call of "met" asks for a follow-up (after the missed one).
                json!({"id": "ask", "direction": "outbound", "status": "completed", "lead_id": "met",
                       "agent_id": "a1", "summary": "Tom asked us to Call Back on Monday.",
                       "created_at": "2026-03-18T07:30:00Z"}),
            ],
        )
        .unwrap();
}

#[test]
fn the_inbox_lists_who_waits_oldest_first_and_forgets_what_was_handled() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let keys = |s: &Store, b: Option<&str>| -> Vec<String> {
        s.inbox(b).unwrap().into_iter().map(|i| i.key).collect()
    };
    // The missed call to "met" was followed by an outbound call: called back.
    assert_eq!(
        keys(&store, None),
        ["followup:ask", "lead:new-2", "lead:new-1", "lead:hook"]
    );
    let all = store.inbox(None).unwrap();
    assert_eq!(all[0].kind, InboxKind::FollowUp);
    assert_eq!(all[0].name.as_deref(), Some("Tom"));
    assert_eq!(all[2].phone.as_deref(), Some("+15125550101"));
    // One business: a record without one belongs to its agent's.
    assert_eq!(
        keys(&store, Some("b1")),
        ["followup:ask", "lead:new-1", "lead:hook"]
    );
    assert_eq!(keys(&store, Some("b2")), ["lead:new-2"]);

    // A newer missed call is waiting again; handled, it leaves, and stays gone.
    store
        .upsert(
            Collection::Calls,
            &json!({"id": "missed-3", "direction": "inbound", "status": "no-answer",
                    "lead_id": "met", "agent_id": "a1", "created_at": "2026-03-18T10:00:00Z"}),
        )
        .unwrap();
    assert_eq!(
        keys(&store, None),
        ["lead:new-2", "lead:new-1", "missed:missed-3", "lead:hook"],
        "the follow-up is no longer the last call"
    );
    assert!(store.mark_handled("missed:missed-3", Utc::now()).unwrap());
    assert!(!store.mark_handled("missed:missed-3", Utc::now()).unwrap());
    assert_eq!(
        keys(&store, None),
        ["lead:new-2", "lead:new-1", "lead:hook"]
    );
    // A lead that moved on leaves by itself.
    store
        .upsert(
            Collection::Leads,
            &json!({"id": "new-2", "status": "contacted"}),
        )
        .unwrap();
    assert_eq!(keys(&store, None), ["lead:new-1", "lead:hook"]);
}
