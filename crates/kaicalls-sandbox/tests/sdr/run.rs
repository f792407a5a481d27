//! `POST /api/sdr/run`: enabled check, dry runs, dispatch rules, escalations.

use chrono::{Timelike, Utc};
use serde_json::{Value, json};

use crate::common::{Env, assert_error};
use crate::{
    act, activity, configure, inbound_lead, inbound_leads, item, keys, pipeline, run, set,
};

/// Everything automatic, always open: what a run does then depends only on the leads.
fn all_on() -> Value {
    json!({
        "enabled": true, "auto_call": true, "auto_email": true, "auto_sms": true,
        "business_hours_start": 0, "business_hours_end": 0,
    })
}

fn result_for<'a>(run: &'a Value, lead: &str) -> &'a Value {
    let found = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["leadId"] == lead);
    assert!(found.is_some(), "no result for {lead}: {run}");
    found.unwrap()
}

async fn calls(env: &Env) -> Value {
    let (s, v) = env.get("/api/v1/calls?limit=100").await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn run_needs_sdr_enabled() {
    let env = Env::start().await;
    inbound_lead(&env, "+15125554001", "Ena Bled").await;
    let (s, v) = run(&env, true).await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = run(&env, false).await;
    assert_error(s, &v, 400, "invalid_request");
    assert!(activity(&env, "").await.is_empty());
    configure(&env, json!({ "enabled": true })).await;
    let (s, v) = run(&env, true).await;
    assert_eq!(s, 200, "{v}");
    // Enabled but nothing automatic: the lead is reviewed and skipped.
    assert_eq!(v["skipped"], 1);
    assert!(v["results"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn dry_run_writes_nothing_then_a_real_run_dispatches() {
    let env = Env::start().await;
    configure(&env, all_on()).await;
    let ids = inbound_leads(
        &env,
        &[
            ("+15125554101", "Ann Fresh"),
            ("+15125554102", "Cole Verted"),
            ("+15125550009", "Dee Alfail"),
        ],
    )
    .await;
    let (fresh, converted, rejected) = (&ids[0], &ids[1], &ids[2]);
    let (s, v) = env
        .patch(
            "/api/v1/leads",
            json!({ "id": converted, "status": "converted" }),
        )
        .await;
    assert_eq!(s, 200, "{v}");

    let before = (
        pipeline(&env, "").await,
        activity(&env, "").await,
        calls(&env).await,
    );
    let (s, dry) = run(&env, true).await;
    assert_eq!(s, 200, "{dry}");
    assert_eq!(
        keys(&dry),
        set(&["success", "summary", "results", "skipped", "errors"])
    );
    assert_eq!(dry["success"], true);
    assert_eq!(
        dry["summary"],
        json!({ "calls_queued": 2, "emails_queued": 0, "sms_sent": 0, "escalated": 0, "failed": 0 })
    );
    assert_eq!(dry["skipped"], 1, "the converted lead");
    assert_eq!(dry["results"].as_array().unwrap().len(), 2);
    for lead in [fresh, rejected] {
        let r = result_for(&dry, lead);
        assert_eq!(keys(r), set(&["success", "action", "leadId", "detail"]));
        assert_eq!(
            (r["action"].as_str(), r["detail"].as_str()),
            (Some("call"), Some("Would queue call"))
        );
    }
    let after = (
        pipeline(&env, "").await,
        activity(&env, "").await,
        calls(&env).await,
    );
    assert_eq!(before, after, "a dry run changes nothing");

    let (s, real) = run(&env, false).await;
    assert_eq!(s, 200, "{real}");
    assert_eq!(
        real["summary"],
        json!({ "calls_queued": 1, "emails_queued": 0, "sms_sent": 0, "escalated": 0, "failed": 1 })
    );
    assert_eq!(real["skipped"], 1);
    let ok = result_for(&real, fresh);
    assert_eq!(
        (ok["success"].as_bool(), ok["detail"].as_str()),
        (Some(true), Some("Call queued"))
    );
    let bad = result_for(&real, rejected);
    assert_eq!(bad["success"], false);
    let detail = bad["detail"].as_str().unwrap();
    assert!(detail.starts_with("call_failed: "), "{detail}");
    assert_eq!(real["errors"], json!([format!("{rejected}: {detail}")]));

    // The call is real: placed to the lead, linked to it, in the calls list.
    let newest = calls(&env).await["calls"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let call = env.wait_call(&newest, |c| c["status"] == "completed").await;
    assert_eq!(call["lead_id"], fresh.as_str());
    assert_eq!(call["direction"], "outbound");
    assert_eq!(
        calls(&env).await["calls"].as_array().unwrap().len(),
        before.2["calls"].as_array().unwrap().len() + 1
    );
    let rows = activity(&env, "").await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["action"] == "call"));
    assert_eq!(item(&env, fresh).await["touch_count"], 1);
    assert_eq!(item(&env, rejected).await["touch_count"], 1);

    // Right after, cadence holds every lead back.
    let (s, again) = run(&env, false).await;
    assert_eq!(s, 200, "{again}");
    assert_eq!(again["skipped"], 3);
    assert!(again["results"].as_array().unwrap().is_empty());
    assert_eq!(again["summary"]["calls_queued"], 0);
    assert_eq!(activity(&env, "").await.len(), 2);
}

#[tokio::test]
async fn run_dispatches_only_allowed_channels_in_business_hours() {
    let env = Env::start().await;
    inbound_lead(&env, "+15125554201", "Hugh Ours").await;
    configure(&env, all_on()).await;
    configure(&env, json!({ "auto_call": false })).await;
    let (_, v) = run(&env, true).await;
    assert_eq!(v["summary"]["calls_queued"], 0);
    assert_eq!(v["skipped"], 1, "calls are not automatic");

    // Closed now: a one-hour window starting two hours from now (so the test does not
    // straddle it even if the hour turns while it runs).
    let hour = i64::from(Utc::now().hour());
    configure(
        &env,
        json!({ "auto_call": true, "business_hours_start": (hour + 2) % 24, "business_hours_end": (hour + 3) % 24 }),
    )
    .await;
    let (_, v) = run(&env, false).await;
    assert_eq!(v["summary"]["calls_queued"], 0);
    assert_eq!(v["skipped"], 1, "outside business hours");
    assert!(activity(&env, "").await.is_empty());

    configure(
        &env,
        json!({ "business_hours_start": 5, "business_hours_end": 5 }),
    )
    .await;
    let (_, v) = run(&env, true).await;
    assert_eq!(
        v["summary"]["calls_queued"], 1,
        "start == end is always open"
    );
}

#[tokio::test]
async fn run_counts_escalations_without_dispatching_them() {
    let env = Env::start().await;
    configure(&env, all_on()).await;
    configure(&env, json!({ "max_touches": 1, "min_touch_gap_hours": 0 })).await;
    let lead = inbound_lead(&env, "+15125554301", "Esca Late").await;
    let (s, _, v) = act(&env, &lead, "email").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(item(&env, &lead).await["next_action"], "escalate");
    assert_eq!(pipeline(&env, "").await["summary"]["needs_manual"], 1);

    for dry_run in [true, false] {
        let (s, v) = run(&env, dry_run).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["summary"]["escalated"], 1);
        assert_eq!(v["skipped"], 0);
        assert_eq!(
            v["results"],
            json!([{ "success": true, "action": "escalate", "leadId": lead, "detail": "Needs manual review" }])
        );
    }
    assert_eq!(
        activity(&env, "").await.len(),
        1,
        "escalating writes no activity"
    );
}
