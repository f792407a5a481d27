//! Lists, filters, pipeline counts and the offline charts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{at, iso, seed_calls, seed_leads};

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use kaicalls_store::{
    CallFilter, Collection, DateRange, LeadFilter, PageRequest, Store, TranscriptFilter,
};
use serde_json::{Value, json};

fn walk_calls(store: &Store, filter: &CallFilter, limit: u32) -> Vec<String> {
    let mut ids = Vec::new();
    let mut page = PageRequest::first(limit);
    loop {
        let p = store.list_calls(filter, &page).unwrap();
        assert!(p.items.len() <= limit as usize);
        ids.extend(p.items.into_iter().map(|c| c.id));
        match p.next {
            Some(next) => page.after = Some(next),
            None => return ids,
        }
    }
}

#[test]
fn pages_have_no_gaps_or_duplicates_when_timestamps_tie() {
    let (_dir, mut store) = common::fresh();
    // 57 calls on only 4 distinct timestamps, two spellings of the same instant included.
    let stamps = [
        "2026-03-01T10:00:00Z",
        "2026-03-01T10:00:00.000Z",
        "2026-03-02T09:30:00Z",
        "2026-03-03T08:00:00+00:00",
        "2026-02-28T23:59:59Z",
    ];
    let items: Vec<Value> = (0..57)
        .map(|i| json!({"id": format!("call-{i:02}"), "created_at": stamps[i % stamps.len()]}))
        .collect();
    store.upsert_many(Collection::Calls, &items).unwrap();

    for limit in [1, 7, 10, 57, 100] {
        let ids = walk_calls(&store, &CallFilter::default(), limit);
        assert_eq!(ids.len(), 57, "limit {limit}");
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            57,
            "duplicates at {limit}"
        );
        // Newest first, ties by id descending.
        let mut expected: Vec<(String, String)> = items
            .iter()
            .map(|v| {
                let t = DateTime::parse_from_rfc3339(v["created_at"].as_str().unwrap()).unwrap();
                (
                    iso(t.with_timezone(&Utc)),
                    v["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        expected.sort_by(|a, b| b.cmp(a));
        let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
        assert_eq!(ids, expected);
    }
}

#[test]
fn new_items_arriving_while_scrolling_do_not_shift_later_pages() {
    let (_dir, mut store) = common::fresh();
    let items: Vec<Value> = (0..30)
        .map(|i| json!({"id": format!("c{i:02}"), "created_at": iso(at(1, 0) + Duration::minutes(i))}))
        .collect();
    store.upsert_many(Collection::Calls, &items).unwrap();
    let first = store
        .list_calls(&CallFilter::default(), &PageRequest::first(10))
        .unwrap();
    // Sync brings newer calls between two page reads.
    let newer: Vec<Value> = (0..5)
        .map(|i| json!({"id": format!("new{i}"), "created_at": iso(at(5, 0))}))
        .collect();
    store.upsert_many(Collection::Calls, &newer).unwrap();
    let second = store
        .list_calls(
            &CallFilter::default(),
            &PageRequest {
                limit: 10,
                after: first.next.clone(),
            },
        )
        .unwrap();
    assert_eq!(first.items.last().unwrap().id, "c20");
    assert_eq!(second.items.first().unwrap().id, "c19");
}

#[test]
fn a_cursor_this_store_did_not_make_is_refused() {
    let (_dir, store) = common::fresh();
    for bad in ["garbage", "x:y", ""] {
        let page = PageRequest {
            limit: 10,
            after: Some(bad.into()),
        };
        let err = store.list_calls(&CallFilter::default(), &page).unwrap_err();
        assert_eq!(err.code(), "invalid_cursor");
    }
}

fn ids<T>(items: Vec<T>, id: fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|x| id(x).to_owned()).collect()
}

#[test]
fn call_filters_combine() {
    let (_dir, mut store) = common::fresh();
    seed_calls(&mut store);
    let list = |f: CallFilter| {
        let page = store.list_calls(&f, &PageRequest::first(100)).unwrap();
        ids(page.items, |c| &c.id)
    };
    let completed = CallFilter {
        status: Some("completed".into()),
        ..Default::default()
    };
    assert_eq!(
        list(completed),
        ["c5", "c2", "c1"],
        "'ended' counts as completed"
    );
    let active = CallFilter {
        status: Some("in-progress".into()),
        ..Default::default()
    };
    assert_eq!(list(active), ["c4"]);
    let a1_out = CallFilter {
        agent_id: Some("a1".into()),
        direction: Some("outbound".into()),
        ..Default::default()
    };
    assert_eq!(list(a1_out), ["c2", "c6"]);
    let window = CallFilter {
        created: DateRange {
            from: Some(at(10, 12)),
            to: Some(at(12, 23)),
        },
        ..Default::default()
    };
    assert_eq!(
        list(window),
        ["c5", "c3", "c2"],
        "from inclusive, to exclusive"
    );
}

#[test]
fn a_leads_calls_are_listed_newest_first_by_their_index() {
    let (_dir, mut store) = common::fresh();
    seed_calls(&mut store);
    // Details link c1, c3 and c5 to lead l1, c2 to l2.
    for (call, lead) in [("c1", "l1"), ("c3", "l1"), ("c5", "l1"), ("c2", "l2")] {
        let details = serde_json::json!({"id": call, "lead_id": lead});
        store.upsert(Collection::Calls, &details).unwrap();
    }
    let of = |lead: &str| {
        let filter = CallFilter {
            lead_id: Some(lead.into()),
            ..Default::default()
        };
        let page = store.list_calls(&filter, &PageRequest::first(2)).unwrap();
        (ids(page.items, |c| &c.id), page.next.is_some())
    };
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(of("l1"), (owned(&["c5", "c3"]), true));
    assert_eq!(of("l2"), (owned(&["c2"]), false));
    assert_eq!(of("l3"), (owned(&[]), false));

    let plan = common::query_plan(
        &store,
        "SELECT id FROM calls WHERE lead_id = 'l1' ORDER BY created_ms DESC, id DESC LIMIT 3",
    );
    assert!(plan.iter().any(|p| p.contains("calls_by_lead")), "{plan:?}");
}

#[test]
fn calls_carry_their_linked_leads_name_and_phone() {
    let (_dir, mut store) = common::fresh();
    let call = |id: &str, lead: Option<&str>| json!({"id": id, "status": "completed", "lead_id": lead, "created_at": iso(at(10, 9))});
    store
        .upsert_many(
            Collection::Calls,
            &[
                call("c1", Some("l1")),
                call("c2", Some("l-not-cached")),
                call("c3", None),
            ],
        )
        .unwrap();
    store
        .upsert(
            Collection::Leads,
            &json!({"id": "l1", "name": "Maria Lopez", "phone": "+15125550101",
                    "created_at": iso(at(10, 8))}),
        )
        .unwrap();
    let page = store
        .list_calls(&CallFilter::default(), &PageRequest::first(10))
        .unwrap();
    let by_id = |id: &str| page.items.iter().find(|c| c.id == id).unwrap();
    assert_eq!(by_id("c1").lead_name.as_deref(), Some("Maria Lopez"));
    assert_eq!(by_id("c1").lead_phone.as_deref(), Some("+15125550101"));
    assert_eq!(
        by_id("c2").lead_name,
        None,
        "a lead not cached names nobody"
    );
    assert_eq!(by_id("c3").lead_name, None);
    let one = store.get_call("c1").unwrap().unwrap();
    assert_eq!(one.lead_name.as_deref(), Some("Maria Lopez"));
}

#[test]
fn lead_filters_and_pipeline_counts() {
    let (_dir, mut store) = common::fresh();
    let now = at(20, 12);
    seed_leads(&mut store, now);
    let all = store.pipeline_counts(&LeadFilter::default()).unwrap();
    assert_eq!(
        (
            all.new,
            all.contacted,
            all.qualified,
            all.converted,
            all.lost,
            all.other,
            all.total
        ),
        (48, 38, 32, 18, 9, 0, 145),
        "'New' is folded to 'new'"
    );
    let web = store
        .pipeline_counts(&LeadFilter {
            source: Some("website".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(web.total, 71 + 3);

    let page = store
        .list_leads(
            &LeadFilter {
                status: Some("Converted".into()),
                agent_id: Some("a1".into()),
                ..Default::default()
            },
            &PageRequest::first(100),
        )
        .unwrap();
    assert!(!page.items.is_empty());
    for lead in &page.items {
        assert_eq!(lead.status.as_deref(), Some("converted"));
        assert_eq!(lead.agent_id.as_deref(), Some("a1"));
    }
    assert_eq!(page.items.len(), 6);

    let recent = store
        .list_leads(
            &LeadFilter {
                created: DateRange {
                    from: Some(now - Duration::hours(10)),
                    to: None,
                },
                ..Default::default()
            },
            &PageRequest::first(100),
        )
        .unwrap();
    assert_eq!(recent.items.len(), 11);
    assert_eq!(recent.items[0].id, "l000");
}

#[test]
fn transcripts_filter_by_agent_and_date() {
    let (_dir, mut store) = common::fresh();
    let items: Vec<Value> = (0..12)
        .map(|i| {
            json!({"call_id": format!("t{i:02}"), "agent_id": if i % 2 == 0 { "a1" } else { "a2" },
                   "transcript": "Agent: hi", "created_at": iso(at(1 + i, 12))})
        })
        .collect();
    store.upsert_many(Collection::Transcripts, &items).unwrap();
    let page = store
        .list_transcripts(
            &TranscriptFilter {
                business_id: None,
                agent_id: Some("a2".into()),
                created: DateRange {
                    from: Some(at(4, 0)),
                    to: Some(at(10, 0)),
                },
            },
            &PageRequest::first(2),
        )
        .unwrap();
    assert_eq!(ids(page.items, |t| &t.call_id), ["t07", "t05"]);
    assert!(page.next.is_some());
}

#[test]
fn calls_without_details_are_the_list_shaped_ones_by_a_partial_index() {
    let (_dir, mut store) = common::fresh();
    seed_calls(&mut store); // every one with a direction, as details give it
    let listed: Vec<Value> = (1..=5)
        .map(|i| json!({"id": format!("l{i}"), "status": "completed", "created_at": iso(at(i, 8))}))
        .collect();
    store.upsert_many(Collection::Calls, &listed).unwrap();
    // A webhook's shape names the business but not the direction: not list-shaped.
    store
        .upsert(
            Collection::Calls,
            &json!({"id": "w1", "business_id": "b1", "created_at": iso(at(6, 8))}),
        )
        .unwrap();

    let first = store.calls_without_details(&PageRequest::first(3)).unwrap();
    assert_eq!(ids(first.items, |c| &c.id), ["l5", "l4", "l3"]);
    let rest = store
        .calls_without_details(&PageRequest {
            limit: 3,
            after: first.next,
        })
        .unwrap();
    assert_eq!(ids(rest.items, |c| &c.id), ["l2", "l1"]);
    assert_eq!(rest.next, None);

    // Details arrive for l5: it leaves the candidates.
    store
        .upsert(
            Collection::Calls,
            &json!({"id": "l5", "direction": "inbound"}),
        )
        .unwrap();
    let left = store
        .calls_without_details(&PageRequest::first(10))
        .unwrap();
    assert_eq!(ids(left.items, |c| &c.id), ["l4", "l3", "l2", "l1"]);

    let plan = common::query_plan(
        &store,
        "SELECT id FROM calls WHERE direction IS NULL AND business_id IS NULL \
         ORDER BY created_ms DESC, id DESC LIMIT 3",
    );
    assert!(
        plan.iter().any(|p| p.contains("calls_without_details")),
        "{plan:?}"
    );
}
