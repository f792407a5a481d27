//! `GET /api/sdr/report` and `GET /api/sdr/activity`.

use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};

use crate::common::{Env, assert_error};
use crate::{act, activity, configure, inbound_leads, keys, pipeline, set, ts};

async fn report(env: &Env, query: &str) -> Value {
    let (s, v) = env
        .get(&format!(
            "/api/sdr/report?businessId={}&{query}",
            env.business_id()
        ))
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

fn ids(items: &Value) -> Vec<String> {
    let mut ids: Vec<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn report_counts_actions_outcomes_and_lists_hot_and_stale_leads() {
    let env = Env::start().await;
    configure(&env, json!({ "min_touch_gap_hours": 0, "max_touches": 2 })).await;
    let leads = inbound_leads(
        &env,
        &[
            ("+15125555001", "Em Ailed"),
            ("+15125550100", "Dee Ncee"),
            ("+15125555003", "Hot Newton"),
        ],
    )
    .await;
    let (emailed, dnc, untouched) = (&leads[0], &leads[1], &leads[2]);
    for (lead, action) in [
        (emailed, "email"),
        (dnc, "sms"),
        (emailed, "skip"),
        (dnc, "pause"),
        (dnc, "resume"),
        (emailed, "email"),
    ] {
        let (s, _, v) = act(&env, lead, action).await;
        assert_eq!(s, 200, "{action}: {v}");
    }

    let before = Utc::now();
    let r = report(&env, "").await;
    assert_eq!(
        keys(&r),
        set(&[
            "businessId",
            "period",
            "actions",
            "outcomes",
            "new_leads",
            "hot_leads",
            "stale_leads"
        ])
    );
    assert_eq!(r["businessId"], env.business_id());
    assert_eq!(r["period"]["name"], "week");
    let since = ts(&r["period"]["since"]);
    assert!(
        (since - (before - TimeDelta::days(7))).num_seconds().abs() < 60,
        "{since}"
    );
    assert_eq!(
        r["actions"],
        json!({ "call": 0, "email": 2, "sms": 1, "skip": 1, "pause": 1, "resume": 1 })
    );
    assert_eq!(
        r["outcomes"],
        json!({ "success": 5, "failed": 1 }),
        "the DNC text failed"
    );
    assert_eq!(r["new_leads"], 3);

    // Hot and stale leads are the pipeline's, by segment and by next action.
    let p = pipeline(&env, "").await;
    let pick = |f: &dyn Fn(&Value) -> bool| {
        let items: Vec<Value> = p["leads"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| f(l))
            .cloned()
            .collect();
        ids(&Value::Array(items))
    };
    let hot = pick(&|l| {
        matches!(
            l["segment"].as_str(),
            Some("speed_to_lead" | "fresh_demo_caller" | "new_trial_stuck")
        )
    });
    assert!(
        hot.contains(untouched),
        "a new untouched caller is speed_to_lead"
    );
    assert_eq!(ids(&r["hot_leads"]), hot);
    assert_eq!(
        ids(&r["stale_leads"]),
        std::slice::from_ref(emailed),
        "two touches exhaust it: escalate"
    );
    assert_eq!(
        pick(&|l| l["next_action"] == "escalate"),
        std::slice::from_ref(emailed)
    );
    assert_eq!(r["stale_leads"][0]["segment"], "exhausted");
    assert_eq!(keys(&r["hot_leads"][0]).len(), 14, "pipeline items");

    let today = report(&env, "period=today").await;
    assert_eq!(today["period"]["name"], "today");
    let midnight = ts(&today["period"]["since"]);
    assert_eq!(
        (midnight.timestamp() % 86_400, midnight <= Utc::now()),
        (0, true)
    );
    let month = report(&env, "period=month").await;
    assert_eq!(month["period"]["name"], "month");
    assert_eq!(month["actions"], r["actions"]);
    let (s, v) = env
        .get(&format!(
            "/api/sdr/report?businessId={}&period=year",
            env.business_id()
        ))
        .await;
    assert_error(s, &v, 400, "validation_error");
}

#[tokio::test]
async fn activity_lists_newest_first_with_filters_and_limits() {
    let env = Env::start().await;
    let leads = inbound_leads(
        &env,
        &[("+15125555101", "Al Pha"), ("+15125555102", "Bet A")],
    )
    .await;
    let plan = [
        (&leads[0], "skip"),
        (&leads[1], "pause"),
        (&leads[0], "email"),
        (&leads[1], "resume"),
    ];
    for (lead, action) in plan {
        let (s, _, v) = act(&env, lead, action).await;
        assert_eq!(s, 200, "{v}");
    }
    let rows = activity(&env, "").await;
    assert_eq!(rows.len(), 4);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["leadId"].as_str().unwrap(), r["action"].as_str().unwrap()))
        .collect();
    let want: Vec<(&str, &str)> = plan.iter().rev().map(|(l, a)| (l.as_str(), *a)).collect();
    assert_eq!(got, want, "newest first");
    for r in &rows {
        assert_eq!(
            keys(r),
            set(&[
                "id",
                "leadId",
                "action",
                "success",
                "detail",
                "segment",
                "created_at"
            ])
        );
        assert_eq!(r["success"], true);
        assert!(r["segment"].is_string());
    }
    assert_eq!(rows[1]["detail"], "Email queued");
    assert!(
        rows.windows(2)
            .all(|w| ts(&w[0]["created_at"]) > ts(&w[1]["created_at"]))
    );

    let only = activity(&env, &format!("leadId={}", leads[1])).await;
    let actions: Vec<&str> = only.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["resume", "pause"]);
    assert_eq!(activity(&env, "limit=2").await, rows[..2].to_vec());
    assert_eq!(
        activity(&env, "limit=500").await.len(),
        4,
        "limit is capped, not refused"
    );
    assert!(activity(&env, "leadId=nobody").await.is_empty());
    let (s, v) = env
        .get(&format!(
            "/api/sdr/activity?businessId={}&limit=0",
            env.business_id()
        ))
        .await;
    assert_error(s, &v, 400, "validation_error");
}
