//! The offline charts: call volume per day and the lead funnel.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Duration;
use common::{at, seed_calls, seed_leads};
use kaicalls_store::{CallVolumeQuery, Collection, FunnelQuery};
use serde_json::json;

#[test]
fn the_funnel_matches_the_servers_arithmetic() {
    let (_dir, mut store) = common::fresh();
    let now = at(20, 12);
    seed_leads(&mut store, now);
    let funnel = store
        .lead_funnel(&FunnelQuery {
            business_id: None,
            days: 30,
            now,
            source: None,
        })
        .unwrap();
    // These are the reference's /analytics/funnel numbers for the same leads.
    assert_eq!(funnel.total_leads, 142);
    assert_eq!(funnel.lost, 9);
    let got: Vec<(&str, i64, f64, f64)> = funnel
        .stages
        .iter()
        .map(|s| (s.stage.as_str(), s.count, s.rate_from_top, s.dropoff_rate))
        .collect();
    assert_eq!(
        got,
        [
            ("new", 133, 93.66, 0.0),
            ("contacted", 88, 61.97, 33.83),
            ("qualified", 50, 35.21, 43.18),
            ("converted", 18, 12.68, 64.0),
        ]
    );
    let empty = common::fresh().1;
    let none = empty
        .lead_funnel(&FunnelQuery {
            business_id: None,
            days: 7,
            now,
            source: None,
        })
        .unwrap();
    assert!(
        none.stages
            .iter()
            .all(|s| s.count == 0 && s.rate_from_top == 0.0)
    );
}

#[test]
fn call_volume_has_every_day_with_completed_and_durations() {
    let (_dir, mut store) = common::fresh();
    seed_calls(&mut store);
    let q = CallVolumeQuery {
        business_id: None,
        days: 4,
        now: at(12, 23) + Duration::minutes(30),
        utc_offset_minutes: 0,
        agent_id: None,
    };
    let v = store.call_volume(&q).unwrap();
    let days: Vec<(&str, i64, i64, i64, i64)> = v
        .days
        .iter()
        .map(|d| {
            (
                d.date.as_str(),
                d.total,
                d.completed,
                d.total_duration_seconds,
                d.avg_duration_seconds,
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-03-09", 0, 0, 0, 0),
            ("2026-03-10", 2, 2, 300, 150),
            ("2026-03-11", 1, 0, 0, 0),
            ("2026-03-12", 2, 1, 90, 45),
        ]
    );
    assert_eq!(
        (
            v.summary.total,
            v.summary.completed,
            v.summary.total_duration_seconds
        ),
        (5, 3, 390)
    );
    assert_eq!(v.summary.avg_duration_seconds, 78);

    // Two hours ahead of UTC, c4 (23:00 UTC on the 12th) falls on the 13th local.
    let local = store
        .call_volume(&CallVolumeQuery {
            utc_offset_minutes: 120,
            ..q.clone()
        })
        .unwrap();
    let last = local.days.last().unwrap();
    assert_eq!((last.date.as_str(), last.total), ("2026-03-13", 1));

    let a1 = store
        .call_volume(&CallVolumeQuery {
            agent_id: Some("a1".into()),
            ..q
        })
        .unwrap();
    assert_eq!(a1.summary.total, 2);
}

#[test]
fn a_day_runs_from_local_midnight_to_local_midnight() {
    let (_dir, mut store) = common::fresh();
    // Five hours behind UTC: local midnight of the 12th is 05:00 UTC.
    for (id, created) in [
        ("last of the 11th", "2026-03-12T04:59:59.999Z"),
        ("first of the 12th", "2026-03-12T05:00:00Z"),
        ("last of the 12th", "2026-03-13T04:59:59.999Z"),
        ("first of the 13th", "2026-03-13T05:00:00.000Z"),
    ] {
        let call = json!({"id": id, "status": "ended", "duration": 10, "created_at": created});
        store.upsert(Collection::Calls, &call).unwrap();
    }
    let v = store
        .call_volume(&CallVolumeQuery {
            business_id: None,
            days: 2,
            now: at(12, 23),
            utc_offset_minutes: -300,
            agent_id: None,
        })
        .unwrap();
    let days: Vec<(&str, i64)> = v.days.iter().map(|d| (d.date.as_str(), d.total)).collect();
    assert_eq!(days, [("2026-03-11", 1), ("2026-03-12", 2)]);
    assert_eq!((v.summary.total, v.summary.completed), (3, 3));
}
