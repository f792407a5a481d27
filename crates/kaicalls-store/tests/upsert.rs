//! Upserts: merging, idempotence, and the all-or-nothing page write.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use kaicalls_store::{Collection, Store, SyncState, UpsertOutcome};
use serde_json::{Value, json};

fn local_changed(store: &Store, table: &str, id: &str) -> i64 {
    common::peek(store)
        .query_row(
            &format!("SELECT local_changed_ms FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

fn fts_blocks(store: &Store, fts: &str) -> String {
    common::peek(store)
        .query_row(
            &format!(
                "SELECT group_concat(hex(block)) FROM (SELECT block FROM {fts}_data ORDER BY id)"
            ),
            [],
            |r| r.get::<_, Option<String>>(0),
        )
        .unwrap()
        .unwrap_or_default()
}

#[test]
fn every_reference_example_is_cached_with_its_fields_and_raw_json() {
    let (_dir, mut store) = common::fresh();
    let list = |name: &str, key: &str| common::fixture(name)[key].as_array().unwrap().clone();
    store
        .upsert_many(Collection::Agents, &list("agents_list", "agents"))
        .unwrap();
    store
        .upsert_many(Collection::Numbers, &list("numbers_list", "numbers"))
        .unwrap();
    store
        .upsert_many(Collection::Calls, &list("calls_list", "calls"))
        .unwrap();
    store
        .upsert_many(Collection::Leads, &list("leads_list", "leads"))
        .unwrap();
    store
        .upsert_many(
            Collection::Transcripts,
            &list("transcripts_list", "transcripts"),
        )
        .unwrap();
    assert_eq!(
        store
            .upsert(Collection::Calls, &common::fixture("call_get"))
            .unwrap(),
        UpsertOutcome::Updated
    );
    assert_eq!(
        store
            .upsert(Collection::Leads, &common::fixture("lead_get"))
            .unwrap(),
        UpsertOutcome::Updated
    );
    for b in common::fixture("balance")["businesses"].as_array().unwrap() {
        store.upsert(Collection::Businesses, b).unwrap();
    }

    let agent = store.get_agent("uuid-abc123").unwrap().unwrap();
    assert_eq!(agent.name.as_deref(), Some("Kai"));
    assert_eq!(
        store.list_numbers().unwrap()[0].phone_number.as_deref(),
        Some("+15125551234")
    );

    let call = store.get_call("uuid-call789").unwrap().unwrap();
    assert_eq!(call.status.as_deref(), Some("completed"));
    assert_eq!(call.direction.as_deref(), Some("inbound"));
    assert_eq!(call.duration_seconds, Some(127));
    assert_eq!(call.lead_id.as_deref(), Some("uuid-lead123"));
    assert_eq!(call.raw["quality_dimensions"]["empathy"], 88);

    let lead = store.get_lead("uuid-lead123").unwrap().unwrap();
    assert_eq!(lead.status.as_deref(), Some("qualified"));
    assert_eq!(lead.notes.as_deref(), Some("Interested in premium plan"));
    assert_eq!(lead.updated_at.as_deref(), Some("2026-03-17T14:30:00Z"));
    assert_eq!(lead.raw["city"], "Beverly Hills");
    assert_eq!(lead.raw["source_url"], Value::Null);

    let t = store.get_transcript("uuid-call1").unwrap().unwrap();
    assert!(
        t.transcript
            .as_deref()
            .unwrap()
            .starts_with("Agent: Hello!")
    );
    assert_eq!(t.raw["transcript"], json!(t.transcript.clone().unwrap()));
    assert_eq!(t.duration_seconds, Some(185));

    let biz = store.list_businesses().unwrap();
    assert_eq!(biz[0].id, "uuid-biz456");
    assert_eq!(biz[0].subscription_status.as_deref(), Some("active"));
}

#[test]
fn transcript_text_is_stored_once() {
    let (_dir, mut store) = common::fresh();
    let item = &common::fixture("transcripts_list")["transcripts"][0];
    store.upsert(Collection::Transcripts, item).unwrap();
    let raw: String = common::peek(&store)
        .query_row("SELECT raw FROM transcripts", [], |r| r.get(0))
        .unwrap();
    assert!(!raw.contains("How can I help"), "{raw}");
    // …and comes back whole.
    let t = store.get_transcript("uuid-call1").unwrap().unwrap();
    assert_eq!(&t.raw, item);
}

#[test]
fn the_same_item_twice_changes_nothing_on_disk() {
    let (_dir, mut store) = common::fresh();
    let call = common::fixture("call_get");
    assert_eq!(
        store.upsert(Collection::Calls, &call).unwrap(),
        UpsertOutcome::Inserted
    );
    let before = local_changed(&store, "calls", "uuid-call789");
    let fts = fts_blocks(&store, "calls_fts");
    let watcher = common::peek(&store);
    let version = common::data_version(&watcher);

    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(
        store.upsert(Collection::Calls, &call).unwrap(),
        UpsertOutcome::Unchanged
    );
    // A subset of what is stored (the list shape) is no change either.
    let listed = &common::fixture("calls_list")["calls"][0];
    assert_eq!(
        store.upsert(Collection::Calls, listed).unwrap(),
        UpsertOutcome::Unchanged
    );
    let page = store
        .upsert_many(Collection::Calls, &[call.clone(), listed.clone()])
        .unwrap();
    assert_eq!((page.inserted, page.updated, page.unchanged), (0, 0, 2));
    assert!(!page.changed());

    assert_eq!(
        common::data_version(&watcher),
        version,
        "nothing was committed"
    );
    assert_eq!(local_changed(&store, "calls", "uuid-call789"), before);
    assert_eq!(fts_blocks(&store, "calls_fts"), fts);
}

#[test]
fn a_change_outside_the_indexed_text_leaves_the_search_index_alone() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(Collection::Calls, &common::fixture("call_get"))
        .unwrap();
    let fts = fts_blocks(&store, "calls_fts");
    let before = local_changed(&store, "calls", "uuid-call789");
    std::thread::sleep(Duration::from_millis(5));
    let outcome = store
        .upsert(
            Collection::Calls,
            &json!({"id": "uuid-call789", "status": "ended"}),
        )
        .unwrap();
    assert_eq!(outcome, UpsertOutcome::Updated);
    assert!(local_changed(&store, "calls", "uuid-call789") > before);
    assert_eq!(fts_blocks(&store, "calls_fts"), fts);
}

#[test]
fn partial_shapes_merge_and_explicit_nulls_are_kept() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(Collection::Calls, &common::fixture("call_get"))
        .unwrap();
    // The call.completed webhook's data: keyed by call_id, no created_at.
    let event = common::fixture("event_call_completed");
    assert_eq!(
        store.upsert(Collection::Calls, &event["data"]).unwrap(),
        UpsertOutcome::Updated
    );
    let call = store.get_call("uuid-call789").unwrap().unwrap();
    assert_eq!(call.ended_reason.as_deref(), Some("customer-ended-call"));
    assert_eq!(
        call.direction.as_deref(),
        Some("inbound"),
        "kept from details"
    );
    assert_eq!(
        call.created_at.as_deref(),
        Some("2026-02-15T14:30:00Z"),
        "kept"
    );
    assert_eq!(
        call.summary.as_deref(),
        Some("Customer asked about pricing for 10-person team...")
    );

    store
        .upsert(
            Collection::Calls,
            &json!({"id": "uuid-call789", "summary": null}),
        )
        .unwrap();
    let call = store.get_call("uuid-call789").unwrap().unwrap();
    assert_eq!(call.summary, None);
    assert_eq!(call.raw["summary"], Value::Null);

    // lead.scored data is keyed by lead_id and carries the score.
    store
        .upsert(Collection::Leads, &common::fixture("lead_get"))
        .unwrap();
    store
        .upsert(
            Collection::Leads,
            &common::fixture("event_lead_scored")["data"],
        )
        .unwrap();
    let lead = store.get_lead("uuid-lead123").unwrap().unwrap();
    assert_eq!(lead.score, Some(82));
    assert_eq!(lead.raw["factors"][0], "pricing_question");
    assert_eq!(lead.name.as_deref(), Some("Jane Doe"));
}

#[test]
fn items_without_an_id_or_not_objects_are_refused_in_plain_words() {
    let (_dir, mut store) = common::fresh();
    for bad in [
        json!({"name": "x"}),
        json!("text"),
        json!([1]),
        json!({"id": ""}),
    ] {
        let err = store.upsert(Collection::Leads, &bad).unwrap_err();
        assert_eq!(err.code(), "invalid_item");
        assert!(
            err.to_string().starts_with("a leads item from the server"),
            "{err}"
        );
    }
}

fn page_item(id: &str) -> Value {
    json!({"id": id, "status": "completed", "created_at": "2026-03-01T10:00:00Z",
           "summary": format!("summary of {id}")})
}

#[test]
fn a_failure_in_the_middle_of_a_page_leaves_neither_items_nor_cursor() {
    let (_dir, mut store) = common::fresh();
    let first = SyncState {
        cursor: Some("page-1".into()),
        backfill_done: 1,
        ..SyncState::default()
    };
    store
        .write_page(Collection::Calls, &[page_item("a")], &first)
        .unwrap();

    // Make SQLite itself fail on the third insert of the next page.
    common::peek(&store)
        .execute_batch(
            "CREATE TRIGGER inject_failure BEFORE INSERT ON calls WHEN new.id = 'boom' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let second = SyncState {
        cursor: Some("page-2".into()),
        backfill_done: 4,
        ..SyncState::default()
    };
    let items = [
        page_item("b"),
        page_item("c"),
        page_item("boom"),
        page_item("d"),
    ];
    let err = store
        .write_page(Collection::Calls, &items, &second)
        .unwrap_err();
    assert_eq!(err.code(), "storage");

    for id in ["b", "c", "boom", "d"] {
        assert!(store.get_call(id).unwrap().is_none(), "{id} leaked");
    }
    assert_eq!(store.sync_state(Collection::Calls).unwrap(), first);
    // The search index saw nothing either.
    assert!(store.search("summary", &Default::default()).unwrap().len() == 1);

    // A page refused by the store itself (no id) is all-or-nothing too.
    let items = [page_item("e"), json!({"status": "x"})];
    assert_eq!(
        store
            .write_page(Collection::Calls, &items, &second)
            .unwrap_err()
            .code(),
        "invalid_item"
    );
    assert!(store.get_call("e").unwrap().is_none());
    assert_eq!(store.sync_state(Collection::Calls).unwrap(), first);
}

#[test]
fn replace_all_mirrors_a_full_list_and_delete_removes() {
    let (_dir, mut store) = common::fresh();
    let agents = [
        json!({"id": "a1", "name": "Kai"}),
        json!({"id": "a2", "name": "Ava"}),
    ];
    store
        .replace_all(Collection::Agents, &agents, &SyncState::default())
        .unwrap();
    let w = store
        .replace_all(Collection::Agents, &agents[1..], &SyncState::default())
        .unwrap();
    assert_eq!((w.unchanged, w.removed), (1, 1));
    let names: Vec<_> = store
        .list_agents()
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(names, ["a2"]);
    assert!(store.delete(Collection::Agents, "a2").unwrap());
    assert!(!store.delete(Collection::Agents, "a2").unwrap());
}
