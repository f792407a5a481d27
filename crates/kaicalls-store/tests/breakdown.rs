//! One business's records, and the per-agent and per-business figures of the dashboard's
//! offline panels.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, TimeZone, Utc};
use kaicalls_store::{
    CallFilter, CallVolumeQuery, Collection, FunnelQuery, LeadFilter, PageRequest, Store,
    TranscriptFilter, Window,
};
use serde_json::json;

/// Two businesses: b1 with agent a1, b2 with agent a2. Calls from the list route name no
/// business (c2, c5), so they belong to their agent's.
fn seed(store: &mut Store) {
    store
        .upsert_many(
            Collection::Businesses,
            &[
                json!({"id": "b1", "name": "Smith Law"}),
                json!({"id": "b2", "name": "Smith Law Houston"}),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Agents,
            &[
                json!({"id": "a1", "name": "Kai", "business_id": "b1"}),
                json!({"id": "a2", "name": "Ava", "business_id": "b2"}),
                json!({"id": "a3", "name": "Idle", "business_id": "b1"}),
            ],
        )
        .unwrap();
    let call = |id: &str, agent: &str, business: Option<&str>, status: &str, duration: u64| {
        json!({"id": id, "agent_id": agent, "business_id": business, "status": status,
               "duration": duration, "created_at": "2026-03-18T10:00:00Z"})
    };
    store
        .upsert_many(
            Collection::Calls,
            &[
                call("c1", "a1", Some("b1"), "completed", 100),
                call("c2", "a1", None, "ended", 50),
                call("c3", "a1", Some("b1"), "no-answer", 0),
                call("c4", "a2", Some("b2"), "completed", 300),
                call("c5", "a2", None, "failed", 0),
            ],
        )
        .unwrap();
    let lead = |id: &str, agent: &str, business: &str, status: &str| {
        json!({"id": id, "agent_id": agent, "business_id": business, "status": status,
               "name": id, "created_at": "2026-03-18T09:00:00Z"})
    };
    store
        .upsert_many(
            Collection::Leads,
            &[
                lead("l1", "a1", "b1", "converted"),
                lead("l2", "a1", "b1", "new"),
                lead("l3", "a2", "b2", "converted"),
                lead("l4", "a2", "b2", "contacted"),
                lead("l5", "a2", "b2", "lost"),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Transcripts,
            &[
                json!({"call_id": "c1", "agent_id": "a1", "transcript": "Hello",
                       "created_at": "2026-03-18T10:00:00Z"}),
                json!({"call_id": "c4", "agent_id": "a2", "transcript": "Hi",
                       "created_at": "2026-03-18T10:00:00Z"}),
            ],
        )
        .unwrap();
}

fn window(business: Option<&str>) -> Window {
    Window {
        from: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        to: None,
        business_id: business.map(str::to_owned),
    }
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    let mut v: Vec<String> = items.iter().map(|i| id(i).to_owned()).collect();
    v.sort();
    v
}

#[test]
fn a_business_filter_keeps_its_own_records_and_its_agents_unnamed_calls() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let b1 = Some("b1".to_owned());
    let page = PageRequest::first(50);
    let calls = store
        .list_calls(
            &CallFilter {
                business_id: b1.clone(),
                ..CallFilter::default()
            },
            &page,
        )
        .unwrap();
    assert_eq!(ids(&calls.items, |c| &c.id), ["c1", "c2", "c3"]);
    let leads = store
        .list_leads(
            &LeadFilter {
                business_id: Some("b2".into()),
                ..LeadFilter::default()
            },
            &page,
        )
        .unwrap();
    assert_eq!(ids(&leads.items, |l| &l.id), ["l3", "l4", "l5"]);
    let transcripts = store
        .list_transcripts(
            &TranscriptFilter {
                business_id: b1.clone(),
                ..TranscriptFilter::default()
            },
            &page,
        )
        .unwrap();
    assert_eq!(ids(&transcripts.items, |t| &t.call_id), ["c1"]);

    let now = Utc.with_ymd_and_hms(2026, 3, 18, 12, 0, 0).unwrap();
    let volume = store
        .call_volume(&CallVolumeQuery {
            days: 2,
            now,
            utc_offset_minutes: 0,
            agent_id: None,
            business_id: b1.clone(),
        })
        .unwrap();
    assert_eq!((volume.summary.total, volume.summary.completed), (3, 2));
    let funnel = store
        .lead_funnel(&FunnelQuery {
            days: 2,
            now,
            source: None,
            business_id: Some("b2".into()),
        })
        .unwrap();
    assert_eq!((funnel.total_leads, funnel.lost), (3, 1));
}

#[test]
fn figures_follow_the_servers_rules_per_window_agent_and_business() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let all = store.window_figures(&window(None)).unwrap();
    assert_eq!(
        (
            all.calls,
            all.completed,
            all.total_duration_seconds,
            all.avg_duration_seconds
        ),
        (5, 3, 450, 90)
    );
    assert_eq!(
        (all.leads, all.converted, all.conversion_rate),
        (5, 2, 40.0)
    );

    let b1 = store.window_figures(&window(Some("b1"))).unwrap();
    assert_eq!(
        (b1.calls, b1.completed, b1.avg_duration_seconds),
        (3, 2, 50)
    );
    assert_eq!((b1.leads, b1.converted, b1.conversion_rate), (2, 1, 50.0));

    let agents = store.agent_figures(&window(Some("b1"))).unwrap();
    let rows: Vec<(&str, i64, i64, i64)> = agents
        .iter()
        .map(|a| {
            (
                a.agent_id.as_str(),
                a.figures.calls,
                a.figures.leads,
                a.figures.converted,
            )
        })
        .collect();
    // The business's idle agent is listed with zeros; the other business's is not.
    assert_eq!(rows, [("a1", 3, 2, 1), ("a3", 0, 0, 0)]);
    assert_eq!(agents[0].name.as_deref(), Some("Kai"));

    let businesses = store.business_figures(&window(Some("b1"))).unwrap();
    let rows: Vec<(&str, i64, i64, f64)> = businesses
        .iter()
        .map(|b| {
            (
                b.business_id.as_str(),
                b.figures.calls,
                b.figures.leads,
                b.figures.conversion_rate,
            )
        })
        .collect();
    assert_eq!(rows, [("b1", 3, 2, 50.0), ("b2", 2, 3, 33.33)]);
    assert_eq!(businesses[1].name.as_deref(), Some("Smith Law Houston"));

    let later = Window {
        from: Utc.with_ymd_and_hms(2026, 3, 18, 9, 30, 0).unwrap(),
        to: Some(Utc.with_ymd_and_hms(2026, 3, 18, 9, 30, 0).unwrap() + Duration::hours(1)),
        business_id: None,
    };
    let only_calls = store.window_figures(&later).unwrap();
    assert_eq!((only_calls.calls, only_calls.leads), (5, 0));
}
