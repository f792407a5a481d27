//! `/api/v1/analytics/agents`, `/weekly` and `/businesses` against the demo data, each
//! number recomputed from the raw calls and leads.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The shared helpers panic when a polled call never settles (a test failure).
mod analytics_support;
mod common;

use analytics_support::*;
use chrono::{DateTime, TimeDelta, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use common::assert_error;

#[tokio::test]
async fn agent_report_per_agent_and_filtered() {
    let env = demo().await;
    let all_calls = calls(&env).await;
    let all_leads = leads(&env).await;
    let agents = agents_of(&env).await;
    let (s, report) = env.get("/api/v1/analytics/agents?days=90").await;
    assert_eq!(s, 200, "{report}");
    let from = since(&report);
    let rows = report["agents"].as_array().unwrap();
    assert_eq!(rows.len(), agents.len());
    let calls = in_period(&all_calls, from);
    let leads = in_period(&all_leads, from);
    let mut prev = u64::MAX;
    for row in rows {
        let id = row["agent_id"].as_str().unwrap();
        assert_eq!(row["agent_name"], agents[id].0);
        let mine: Vec<&Rec> = calls
            .iter()
            .filter(|c| c.agent_id.as_deref() == Some(id))
            .collect();
        let block = call_block(&mine);
        assert_eq!(row["calls"], block, "{id}");
        let their: Vec<&Rec> = leads
            .iter()
            .filter(|l| l.agent_id.as_deref() == Some(id))
            .collect();
        check_leads(&row["leads"], lead_block(&their));
        let n = row["calls"]["total"].as_u64().unwrap();
        assert!(n <= prev, "busiest first");
        prev = n;
    }
    assert!(
        rows.iter()
            .any(|r| r["leads"]["converted"].as_u64().unwrap() > 0),
        "some lead converted in 90 days: {report}"
    );

    let kai = env.agent_id();
    let (s, one) = env
        .get(&format!("/api/v1/analytics/agents?agent_id={kai}&days=365"))
        .await;
    assert_eq!(s, 200, "{one}");
    assert_eq!(one["period"]["days"], 90);
    let rows = one["agents"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["agent_id"], kai.as_str());
    let mine: Vec<&Rec> = all_calls
        .iter()
        .filter(|c| c.at >= since(&one) && c.agent_id.as_deref() == Some(kai.as_str()))
        .collect();
    assert_eq!(rows[0]["calls"], call_block(&mine));

    let (s, v) = env.get("/api/v1/analytics/agents?agent_id=nope").await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn weekly_compares_the_last_seven_days_with_the_seven_before() {
    let env = demo().await;
    let all_calls = calls(&env).await;
    let all_leads = leads(&env).await;
    let agents = agents_of(&env).await;
    let (s, report) = env.get("/api/v1/analytics/weekly").await;
    assert_eq!(s, 200, "{report}");
    let p = &report["period"];
    let (this_start, this_end) = (ts(&p["this_week"]["start"]), ts(&p["this_week"]["end"]));
    let (last_start, last_end) = (ts(&p["last_week"]["start"]), ts(&p["last_week"]["end"]));
    assert_eq!(this_end - this_start, TimeDelta::days(7));
    assert_eq!(last_end, this_start);
    assert_eq!(last_end - last_start, TimeDelta::days(7));
    assert!((Utc::now() - this_end).num_seconds().abs() < 60);

    let window = |recs: &[Rec], a: DateTime<Utc>, b: DateTime<Utc>| -> Vec<Rec> {
        recs.iter()
            .filter(|r| r.at >= a && r.at < b)
            .cloned()
            .collect()
    };
    let this_calls = window(&all_calls, this_start, this_end);
    let last_calls = window(&all_calls, last_start, last_end);
    let this_block = call_block(&this_calls.iter().collect::<Vec<_>>());
    let last_block = call_block(&last_calls.iter().collect::<Vec<_>>());
    let c = &report["calls"];
    assert_eq!(c["this_week"], this_block);
    assert_eq!(c["last_week"], last_block);
    assert!(this_block["total"].as_u64().unwrap() > 0);
    for (field, key) in [
        ("total", "total"),
        ("completed", "completed"),
        ("avg_duration", "avg_duration_seconds"),
    ] {
        let want = grew(
            this_block[key].as_u64().unwrap(),
            last_block[key].as_u64().unwrap(),
        );
        assert_eq!(f(&c["change"][field]), want, "{field}: {c}");
    }

    let this_leads = window(&all_leads, this_start, this_end);
    let last_leads = window(&all_leads, last_start, last_end);
    let this_l = lead_block(&this_leads.iter().collect::<Vec<_>>());
    let last_l = lead_block(&last_leads.iter().collect::<Vec<_>>());
    let l = &report["leads"];
    check_leads(&l["this_week"], this_l);
    check_leads(&l["last_week"], last_l);
    assert_eq!(
        f(&l["change"]["total"]),
        grew(this_l.0 as u64, last_l.0 as u64)
    );
    assert_eq!(
        f(&l["change"]["converted"]),
        grew(this_l.1 as u64, last_l.1 as u64)
    );

    let top: Vec<Value> = ranking(&this_calls)
        .into_iter()
        .take(5)
        .map(|(id, n, secs)| {
            json!({
                "agent_id": id,
                "agent_name": agents[&id].0,
                "total_calls": n,
                "total_duration_seconds": secs,
            })
        })
        .collect();
    assert_eq!(report["top_agents"], json!(top));
}

#[tokio::test]
async fn business_report_covers_the_businesses_the_key_can_see() {
    let env = demo().await;
    let all_calls = calls(&env).await;
    let all_leads = leads(&env).await;
    let (s, report) = env.get("/api/v1/analytics/businesses?days=90").await;
    assert_eq!(s, 200, "{report}");
    let since = since(&report);
    let rows = report["businesses"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["business_id"], env.business_id().as_str());
    assert_eq!(rows[0]["business_name"], "Smith & Lee Law");
    assert_eq!(rows[1]["business_name"], "Smith & Lee Law — Houston");
    for row in &rows {
        let biz = row["business_id"].as_str().unwrap();
        let calls: Vec<&Rec> = all_calls
            .iter()
            .filter(|c| c.at >= since && c.business_id == biz)
            .collect();
        let block = call_block(&calls);
        assert_eq!(
            row["calls"],
            json!({
                "total": block["total"],
                "completed": block["completed"],
                "avg_duration_seconds": block["avg_duration_seconds"],
            })
        );
        let leads: Vec<&Rec> = all_leads
            .iter()
            .filter(|l| l.at >= since && l.business_id == biz)
            .collect();
        check_leads(&row["leads"], lead_block(&leads));
        assert!(row["calls"]["total"].as_u64().unwrap() > 0);
    }

    // A key bound to one business sees only that business, in every report.
    let houston = rows[1]["business_id"].as_str().unwrap().to_string();
    let (s, minted) = env
        .post(
            "/sandbox/keys",
            json!({ "business_id": houston, "scopes": ["calls:read"] }),
        )
        .await;
    assert_eq!(s, 201, "{minted}");
    let key = minted["key"].as_str().unwrap();
    let (s, _, v) = env
        .raw(
            Some(key),
            Method::GET,
            "/api/v1/analytics/businesses?days=90",
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["businesses"].as_array().unwrap().len(), 1);
    assert_eq!(v["businesses"][0], rows[1]);
    let (s, _, v) = env
        .raw(
            Some(key),
            Method::GET,
            "/api/v1/analytics/dashboard?days=90",
            None,
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["calls"]["total"], rows[1]["calls"]["total"]);
    assert_eq!(v["agents"]["total"], 1);
}
