//! The dial ledger: a dial is on disk before its request goes, survives the process, and
//! the same request id is answered from the record instead of being sent again.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use kaicalls_store::{Collection, DialBegin, DialState, NewDial, Store};
use serde_json::json;

fn dial(id: &str, to: &str) -> NewDial {
    NewDial {
        request_id: id.into(),
        to: to.into(),
        agent_id: "a1".into(),
        name: Some("Maria".into()),
    }
}

#[test]
fn a_request_id_is_recorded_once_and_answered_from_the_record() {
    let (_dir, mut store) = common::fresh();
    let now = Utc.with_ymd_and_hms(2026, 3, 18, 14, 0, 0).unwrap();
    assert_eq!(
        store.begin_dial(&dial("r1", "+15125550123"), now).unwrap(),
        DialBegin::Started
    );
    // A second use while it is out: the record, still sending.
    let DialBegin::Existing(again) = store.begin_dial(&dial("r1", "+15125550123"), now).unwrap()
    else {
        panic!("the same id started twice");
    };
    assert_eq!(again.state, DialState::Sending);

    store.dial_placed("r1", "call-1", now).unwrap();
    let DialBegin::Existing(done) = store.begin_dial(&dial("r1", "+15125550123"), now).unwrap()
    else {
        panic!("a placed dial started again");
    };
    assert_eq!(
        (done.state, done.call_id.as_deref()),
        (DialState::Placed, Some("call-1"))
    );

    // Refused outright: the id is free again.
    store.begin_dial(&dial("r2", "+15125550123"), now).unwrap();
    store.dial_refused("r2").unwrap();
    assert_eq!(store.dial("r2").unwrap(), None);
    assert_eq!(
        store.begin_dial(&dial("r2", "+15125550123"), now).unwrap(),
        DialBegin::Started
    );
}

#[test]
fn a_dial_cut_off_by_an_exit_is_uncertain_after_reopening() {
    let (dir, mut store) = common::fresh();
    let now = Utc::now();
    store.begin_dial(&dial("r1", "+15125550123"), now).unwrap();
    store.begin_dial(&dial("r2", "+15125550124"), now).unwrap();
    store.dial_placed("r2", "call-2", now).unwrap();
    drop(store);

    let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
    assert_eq!(store.interrupted_dials(now).unwrap(), 1);
    let cut = store.dial("r1").unwrap().unwrap();
    assert_eq!(cut.state, DialState::Uncertain);
    assert_eq!(cut.error_code.as_deref(), Some("interrupted"));
    assert_eq!(store.dial("r2").unwrap().unwrap().state, DialState::Placed);
    // Listed as "may have been placed", and again after another restart.
    drop(store);
    let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
    assert_eq!(store.interrupted_dials(now).unwrap(), 0);
    let open = store
        .open_uncertain_dials(now - Duration::hours(1))
        .unwrap();
    assert_eq!(
        open.iter()
            .map(|d| d.request_id.as_str())
            .collect::<Vec<_>>(),
        ["r1"]
    );
    assert!(store.dismiss_dial("r1", now).unwrap());
    assert!(
        store
            .open_uncertain_dials(now - Duration::hours(1))
            .unwrap()
            .is_empty()
    );
    // Dismissed is not forgotten: the redial warning still sees it.
    assert_eq!(
        store
            .dials_to("+15125550123", now - Duration::minutes(10))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_synced_call_around_an_uncertain_dial_is_found_and_claimed_once() {
    let (_dir, mut store) = common::fresh();
    let at = Utc.with_ymd_and_hms(2026, 3, 18, 14, 0, 0).unwrap();
    store.begin_dial(&dial("r1", "+15125550010"), at).unwrap();
    store
        .dial_uncertain("r1", "call_outcome_unknown", at)
        .unwrap();
    store
        .begin_dial(&dial("r2", "+15125550010"), at + Duration::minutes(1))
        .unwrap();
    store
        .dial_uncertain("r2", "call_outcome_unknown", at + Duration::minutes(1))
        .unwrap();
    // Nothing synced yet.
    assert_eq!(store.find_dialled_calls().unwrap(), 0);

    store
        .upsert_many(
            Collection::Calls,
            &[
                // An inbound call from the number is not a dial's.
                json!({"id": "in-1", "to": "+15125550010", "direction": "inbound",
                       "created_at": "2026-03-18T14:00:10Z"}),
                // Too long after.
                json!({"id": "late", "to": "+15125550010", "created_at": "2026-03-18T15:00:00Z"}),
                json!({"id": "call-1", "to": "+15125550010", "created_at": "2026-03-18T14:00:03Z"}),
            ],
        )
        .unwrap();
    assert_eq!(store.find_dialled_calls().unwrap(), 1);
    assert_eq!(
        store.dial("r2").unwrap().unwrap().found_call_id,
        None,
        "one call answers for one dial"
    );
    // KaiCalls lists calls without their number: the linked lead's phone tells it.
    store
        .upsert_many(
            Collection::Leads,
            &[json!({"id": "lead-1", "phone": "+15125550010", "created_at": "2026-03-01T10:00:00Z"})],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Calls,
            &[json!({"id": "call-2", "lead_id": "lead-1", "created_at": "2026-03-18T14:01:02Z"})],
        )
        .unwrap();
    assert_eq!(store.find_dialled_calls().unwrap(), 1);
    assert_eq!(
        store.dial("r2").unwrap().unwrap().found_call_id.as_deref(),
        Some("call-2")
    );
    let r1 = store.dial("r1").unwrap().unwrap();
    assert_eq!(r1.found_call_id.as_deref(), Some("call-1"));
    // Still uncertain (found is "probably"), still listed until dismissed.
    assert_eq!(r1.state, DialState::Uncertain);

    let recent = store
        .calls_to("+15125550010", at - Duration::minutes(5))
        .unwrap();
    assert_eq!(
        recent.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["late", "call-2", "call-1"]
    );
}
