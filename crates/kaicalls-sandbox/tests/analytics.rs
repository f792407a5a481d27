//! `/api/v1/analytics/*` against the demo data: every number is recomputed here from the
//! raw calls and leads the API lists, then compared with the report. Dashboard, call
//! timeline, funnel, `days` and scopes; `analytics_reports.rs` has the other reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The shared helpers panic when a polled call never settles (a test failure).
mod analytics_support;
mod common;

use std::collections::{BTreeMap, HashMap};

use analytics_support::*;
use chrono::{Datelike, TimeDelta, Utc};
use common::assert_error;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn dashboard_matches_the_raw_calls_and_leads() {
    let env = demo().await;
    let all_leads = leads(&env).await;
    let all_calls = calls(&env).await;
    let agents = agents_of(&env).await;
    assert_eq!(agents.len(), 3);
    for days in [30, 90] {
        let path = match days {
            30 => "/api/v1/analytics/dashboard".to_string(),
            d => format!("/api/v1/analytics/dashboard?days={d}"),
        };
        let (s, report) = env.get(&path).await;
        assert_eq!(s, 200, "{report}");
        assert_eq!(report["period"]["days"], days);
        let since = since(&report);
        let expected_since = Utc::now() - TimeDelta::days(days);
        assert!((since - expected_since).num_seconds().abs() < 60, "{since}");
        check_dashboard(
            &report,
            &in_period(&all_leads, since),
            &in_period(&all_calls, since),
            &agents,
        );
    }
}

fn check_dashboard(
    report: &Value,
    leads: &[Rec],
    calls: &[Rec],
    agents: &HashMap<String, (String, String)>,
) {
    assert!(calls.len() > 50 && leads.len() > 20, "demo data is there");
    let count = |s: &str| leads.iter().filter(|l| l.status == s).count();
    let l = &report["leads"];
    assert_eq!(l["total"], leads.len());
    for status in ["new", "contacted", "qualified", "converted", "lost"] {
        assert_eq!(l["by_status"][status], count(status), "{status}: {l}");
    }
    assert_eq!(
        f(&l["conversion_rate"]),
        percent(count("qualified") + count("converted"), leads.len())
    );
    let recent: Vec<Value> = leads
        .iter()
        .rev()
        .take(5)
        .map(|r| json!({ "id": r.id, "name": r.name, "status": r.status, "source": r.source }))
        .collect();
    let got: Vec<Value> = l["recent"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!({ "id": r["id"], "name": r["name"], "status": r["status"], "source": r["source"] }))
        .collect();
    assert_eq!(got, recent);

    let all: Vec<&Rec> = calls.iter().collect();
    assert_eq!(report["calls"], call_block(&all));

    assert_eq!(report["agents"]["total"], agents.len());
    let top: Vec<Value> = ranking(calls)
        .into_iter()
        .take(5)
        .map(|(id, n, secs)| {
            json!({
                "agent_id": id,
                "name": agents[&id].0,
                "count": n,
                "total_duration": secs,
                "avg_duration": mean(secs, n),
            })
        })
        .collect();
    assert_eq!(report["agents"]["top_by_calls"], json!(top));
}

#[tokio::test]
async fn a_newly_completed_call_shows_up_in_the_dashboard() {
    let env = demo().await;
    let (_, before) = env.get("/api/v1/analytics/dashboard?days=1").await;
    // Generated numbers never end in 0000–0199: this callee is new, so a lead appears.
    let call = env
        .call_and_wait(json!({ "agent_id": env.agent_id(), "to": "+15125550150" }))
        .await;
    assert_eq!(call["status"], "completed");
    let secs = call["duration"].as_u64().unwrap();
    assert!(secs > 0);
    let (_, after) = env.get("/api/v1/analytics/dashboard?days=1").await;
    let n = |v: &Value, p: &str| v.pointer(p).unwrap().as_u64().unwrap();
    assert_eq!(n(&after, "/calls/total"), n(&before, "/calls/total") + 1);
    assert_eq!(
        n(&after, "/calls/completed"),
        n(&before, "/calls/completed") + 1
    );
    assert_eq!(
        n(&after, "/calls/total_duration_seconds"),
        n(&before, "/calls/total_duration_seconds") + secs
    );
    assert_eq!(n(&after, "/leads/total"), n(&before, "/leads/total") + 1);
    assert_eq!(after["leads"]["recent"][0]["id"], call["lead_id"]);
}

/// The `calls` report recomputed from `calls` (already filtered) for `group_by`.
fn timeline(calls: &[Rec], week: bool) -> Vec<Value> {
    let mut buckets: BTreeMap<String, Vec<&Rec>> = BTreeMap::new();
    for c in calls {
        let mut day = c.at.date_naive();
        if week {
            day -= TimeDelta::days(day.weekday().num_days_from_monday().into());
        }
        buckets.entry(day.to_string()).or_default().push(c);
    }
    buckets
        .into_iter()
        .map(|(date, cs)| {
            let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
            for c in &cs {
                *statuses.entry(c.status.clone()).or_default() += 1;
            }
            let secs: u64 = cs.iter().map(|c| c.duration).sum();
            json!({
                "date": date,
                "total": cs.len(),
                "completed": cs.iter().filter(|c| done(c)).count(),
                "total_duration": secs,
                "avg_duration_seconds": mean(secs, cs.len()),
                "statuses": statuses,
            })
        })
        .collect()
}

#[tokio::test]
async fn call_timeline_by_day_and_by_week_with_an_agent_filter() {
    let env = demo().await;
    let all = calls(&env).await;
    let agents = agents_of(&env).await;
    let ava = agents.iter().find(|(_, a)| a.0 == "Ava").unwrap().0.clone();

    let (s, report) = env.get("/api/v1/analytics/calls?days=7").await;
    assert_eq!(s, 200, "{report}");
    assert_eq!(report["period"]["days"], 7);
    assert_eq!(report["period"]["group_by"], "day");
    let calls = in_period(&all, since(&report));
    let secs: u64 = calls.iter().map(|c| c.duration).sum();
    assert_eq!(
        report["summary"],
        json!({
            "total_calls": calls.len(),
            "total_duration_seconds": secs,
            "avg_duration_seconds": mean(secs, calls.len()),
        })
    );
    assert_eq!(report["timeline"], json!(timeline(&calls, false)));
    assert!(report["timeline"].as_array().unwrap().len() > 1);

    let (s, report) = env
        .get(&format!(
            "/api/v1/analytics/calls?days=60&group_by=week&agent_id={ava}"
        ))
        .await;
    assert_eq!(s, 200, "{report}");
    assert_eq!(report["period"]["group_by"], "week");
    let calls: Vec<Rec> = in_period(&all, since(&report))
        .into_iter()
        .filter(|c| c.agent_id.as_deref() == Some(ava.as_str()))
        .collect();
    assert!(!calls.is_empty());
    assert_eq!(report["summary"]["total_calls"], calls.len());
    let weeks = timeline(&calls, true);
    assert_eq!(report["timeline"], json!(weeks));
    for w in &weeks {
        let date = chrono::NaiveDate::parse_from_str(w["date"].as_str().unwrap(), "%Y-%m-%d");
        assert_eq!(date.unwrap().weekday(), chrono::Weekday::Mon);
    }

    let (s, v) = env.get("/api/v1/analytics/calls?group_by=month").await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env.get("/api/v1/analytics/calls?agent_id=nope").await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn funnel_is_cumulative_and_filters_by_source() {
    let env = demo().await;
    let all = leads(&env).await;
    let sources: Vec<String> = {
        let mut s: Vec<String> = all.iter().map(|l| l.source.clone()).collect();
        s.sort();
        s.dedup();
        s
    };
    assert!(sources.len() > 1);
    for source in [None, Some(sources[0].clone())] {
        let path = match &source {
            Some(s) => format!("/api/v1/analytics/funnel?days=90&source={s}"),
            None => "/api/v1/analytics/funnel?days=90".to_string(),
        };
        let (s, report) = env.get(&path).await;
        assert_eq!(s, 200, "{report}");
        let leads: Vec<Rec> = in_period(&all, since(&report))
            .into_iter()
            .filter(|l| source.as_ref().is_none_or(|s| &l.source == s))
            .collect();
        let count = |s: &str| leads.iter().filter(|l| l.status == s).count();
        let total = leads.len();
        let stages = [
            ("new", total - count("lost")),
            (
                "contacted",
                count("contacted") + count("qualified") + count("converted"),
            ),
            ("qualified", count("qualified") + count("converted")),
            ("converted", count("converted")),
        ];
        assert_eq!(report["total_leads"], total);
        assert_eq!(report["lost"], count("lost"));
        let funnel = report["funnel"].as_array().unwrap();
        assert_eq!(funnel.len(), 4);
        let mut prev: Option<usize> = None;
        for (got, (stage, n)) in funnel.iter().zip(stages) {
            assert_eq!(got["stage"], stage);
            assert_eq!(got["count"], n, "{got}");
            assert_eq!(f(&got["rate_from_top"]), percent(n, total), "{got}");
            let drop = prev.map_or(0.0, |p| percent(p - n, p));
            assert_eq!(f(&got["dropoff_rate"]), drop, "{got}");
            prev = Some(n);
        }
        if source.is_none() {
            assert!(funnel[3]["count"].as_u64().unwrap() > 0);
        }
    }
}

const WITH_DAYS: &[&str] = &["dashboard", "calls", "funnel", "agents", "businesses"];

#[tokio::test]
async fn days_are_capped_at_90_and_bad_values_refused() {
    let env = demo().await;
    for report in WITH_DAYS {
        let (s, v) = env
            .get(&format!("/api/v1/analytics/{report}?days=365"))
            .await;
        assert_eq!(s, 200, "{report}: {v}");
        assert_eq!(v["period"]["days"], 90, "{report}");
        let since = since(&v);
        let expected = Utc::now() - TimeDelta::days(90);
        assert!((since - expected).num_seconds().abs() < 60, "{report}");
        let (_, v) = env.get(&format!("/api/v1/analytics/{report}")).await;
        assert_eq!(v["period"]["days"], 30, "{report}");
        for bad in ["0", "-3", "abc", "1.5"] {
            let (s, v) = env
                .get(&format!("/api/v1/analytics/{report}?days={bad}"))
                .await;
            assert_error(s, &v, 400, "validation_error");
        }
    }
}

#[tokio::test]
async fn reports_need_their_scope() {
    let env = demo().await;
    let calls_only = env.key_with_scopes(&["calls:read"]).await;
    let leads_only = env.key_with_scopes(&["leads:read"]).await;
    let get = |key: String, path: String| {
        let env = &env;
        async move {
            let (s, _, v) = env.raw(Some(&key), Method::GET, &path, None).await;
            (s, v)
        }
    };
    for report in ["dashboard", "calls", "agents", "weekly", "businesses"] {
        let path = format!("/api/v1/analytics/{report}");
        let (s, v) = get(leads_only.clone(), path.clone()).await;
        assert_error(s, &v, 403, "forbidden");
        let (s, v) = get(calls_only.clone(), path.clone()).await;
        assert_eq!(s, 200, "{report}: {v}");
        let (s, _, v) = env.raw(None, Method::GET, &path, None).await;
        assert_error(s, &v, 401, "unauthorized");
    }
    let (s, v) = get(calls_only, "/api/v1/analytics/funnel".into()).await;
    assert_error(s, &v, 403, "forbidden");
    let (s, v) = get(leads_only, "/api/v1/analytics/funnel".into()).await;
    assert_eq!(s, 200, "{v}");
}
