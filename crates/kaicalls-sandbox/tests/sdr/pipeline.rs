//! `GET /api/sdr/pipeline`: segments, next actions, summary, filters; and the scope and
//! business checks every SDR route shares.

use chrono::{DateTime, Utc};
use kaicalls_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{self, Env, assert_error};
use crate::{foreign_business, inbound_lead, inbound_leads, item, keys, pipeline, set, ts};

const ITEM_FIELDS: &[&str] = &[
    "id",
    "name",
    "email",
    "phone",
    "status",
    "source",
    "segment",
    "score",
    "touch_count",
    "last_touch",
    "next_action",
    "paused",
    "created_at",
    "updated_at",
];

/// The segment rules of the crate README, restated independently of the server.
fn expected_segment(l: &Value, now: DateTime<Utc>, max_touches: u64) -> &'static str {
    const H: i64 = 3_600;
    const D: i64 = 86_400;
    let age = (now - ts(&l["created_at"])).num_seconds();
    let score = l["score"].as_u64().unwrap_or(0);
    let touches = l["touch_count"].as_u64().unwrap();
    let status = l["status"].as_str().unwrap();
    let inbound = l["source"] == "inbound_call";
    let trial = l["source"] == "trial_signup";
    if status == "converted" {
        return "cold";
    }
    if touches >= max_touches {
        return "exhausted";
    }
    if status == "lost" {
        let since_update = (now - ts(&l["updated_at"])).num_seconds();
        return if since_update < 30 * D {
            "churned_recent"
        } else {
            "cold"
        };
    }
    let last_touch_age =
        (!l["last_touch"].is_null()).then(|| (now - ts(&l["last_touch"])).num_seconds());
    match () {
        _ if status == "new" && touches == 0 && age < H => "speed_to_lead",
        _ if inbound && age < D && score >= 60 => "fresh_demo_caller",
        _ if inbound && age < 3 * D && score >= 40 => "warm_demo_caller",
        _ if inbound && age < 14 * D => "cooling_demo",
        _ if trial && age < 3 * D && touches == 0 => "new_trial_stuck",
        _ if trial && (25 * D..30 * D).contains(&age) => "trial_ending",
        _ if trial && (3 * D..25 * D).contains(&age) => "trial_going_dark",
        _ if status == "contacted"
            && touches >= 1
            && last_touch_age.is_some_and(|a| a > 48 * H) =>
        {
            "contacted_no_reply"
        }
        _ => "cold",
    }
}

fn expected_action(l: &Value, segment: &str) -> &'static str {
    let status = l["status"].as_str().unwrap();
    if l["paused"] == true || status == "converted" {
        return "skip";
    }
    if status == "qualified" && l["score"].as_u64().unwrap_or(0) >= 90 {
        return "escalate";
    }
    let wanted = match segment {
        "exhausted" if status == "lost" => "skip",
        "exhausted" => "escalate",
        "speed_to_lead" | "fresh_demo_caller" | "new_trial_stuck" | "trial_ending" => "call",
        "warm_demo_caller" | "contacted_no_reply" => "sms",
        "cooling_demo" | "trial_going_dark" | "churned_recent" => "email",
        _ => "skip",
    };
    let (phone, email) = (!l["phone"].is_null(), !l["email"].is_null());
    match wanted {
        "call" | "sms" if !phone => {
            if email {
                "email"
            } else {
                "skip"
            }
        }
        "email" if !email => {
            if phone {
                "sms"
            } else {
                "skip"
            }
        }
        other => other,
    }
}

#[tokio::test]
async fn a_new_inbound_caller_is_speed_to_lead_and_moves_with_status_and_source() {
    let env = Env::start().await;
    let lead = inbound_lead(&env, "+15125552001", "Nina Speed").await;
    let p = pipeline(&env, "").await;
    assert_eq!(
        keys(&p),
        set(&["businessId", "enabled", "summary", "leads"])
    );
    assert_eq!(p["businessId"], env.business_id());
    assert_eq!(p["enabled"], false);
    assert_eq!(
        p["summary"],
        json!({ "total_leads": 1, "actionable": 1, "needs_manual": 0 })
    );
    let l = &p["leads"][0];
    assert_eq!(keys(l), set(ITEM_FIELDS));
    assert_eq!(l["id"], lead.as_str());
    assert_eq!(l["name"], "Nina Speed");
    assert_eq!(l["phone"], "+15125552001");
    assert_eq!(l["status"], "new");
    assert_eq!(l["source"], "inbound_call");
    assert_eq!(l["segment"], "speed_to_lead");
    assert_eq!(l["next_action"], "call");
    assert_eq!(l["touch_count"], 0);
    assert_eq!(l["last_touch"], Value::Null);
    assert_eq!(l["paused"], false);
    let score = l["score"].as_u64().expect("the call scored the lead");

    let patch = async |fields: Value| {
        let mut body = fields;
        body["id"] = json!(lead);
        let (s, v) = env.patch("/api/v1/leads", body).await;
        assert_eq!(s, 200, "{v}");
        item(&env, &lead).await
    };
    // Contacted: no longer speed-to-lead; an inbound caller of today splits by score.
    let l = patch(json!({ "status": "contacted" })).await;
    let (segment, action) = match score {
        60.. => ("fresh_demo_caller", "call"),
        40..=59 => ("warm_demo_caller", "sms"),
        _ => ("cooling_demo", "email"),
    };
    assert_eq!(
        (l["segment"].as_str(), l["next_action"].as_str()),
        (Some(segment), Some(action))
    );
    let l = patch(json!({ "source": "trial_signup" })).await;
    assert_eq!(l["segment"], "new_trial_stuck");
    assert_eq!(l["next_action"], "call");
    let l = patch(json!({ "status": "lost" })).await;
    assert_eq!(l["segment"], "churned_recent");
    assert_eq!(l["next_action"], "email");
    let l = patch(json!({ "status": "converted" })).await;
    assert_eq!(l["segment"], "cold");
    assert_eq!(l["next_action"], "skip");
    assert_eq!(pipeline(&env, "").await["summary"]["actionable"], 0);
}

#[tokio::test]
async fn filters_by_segment_and_limits_newest_first() {
    let env = Env::start().await;
    let ids = inbound_leads(
        &env,
        &[("+15125552101", "Ada One"), ("+15125552102", "Bo Two")],
    )
    .await;
    let (s, v) = env
        .patch(
            "/api/v1/leads",
            json!({ "id": ids[0], "status": "converted" }),
        )
        .await;
    assert_eq!(s, 200, "{v}");

    let cold = pipeline(&env, "segment=cold").await;
    let cold_ids: Vec<&Value> = cold["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["id"])
        .collect();
    assert_eq!(cold_ids, [&json!(ids[0])]);
    // The summary covers the whole pipeline, not just the filtered list.
    assert_eq!(cold["summary"]["total_leads"], 2);
    let fast = pipeline(&env, "segment=speed_to_lead").await;
    assert_eq!(fast["leads"].as_array().unwrap().len(), 1);
    assert_eq!(fast["leads"][0]["id"], ids[1].as_str());
    assert!(
        pipeline(&env, "segment=exhausted").await["leads"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let all = pipeline(&env, "").await;
    let created: Vec<_> = all["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| ts(&l["created_at"]))
        .collect();
    assert!(created.windows(2).all(|w| w[0] > w[1]), "newest first");
    let one = pipeline(&env, "limit=1").await;
    assert_eq!(one["leads"].as_array().unwrap().len(), 1);
    assert_eq!(one["leads"][0]["id"], all["leads"][0]["id"]);

    let biz = env.business_id();
    for query in ["segment=lukewarm", "limit=0", "limit=many"] {
        let (s, v) = env
            .get(&format!("/api/sdr/pipeline?businessId={biz}&{query}"))
            .await;
        assert_error(s, &v, 400, "validation_error");
    }
}

#[tokio::test]
async fn demo_pipeline_follows_the_documented_rules() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let before = Utc::now();
    let p = pipeline(&env, "limit=1000").await;
    let after = Utc::now();
    let leads = p["leads"].as_array().unwrap();
    assert!(
        leads.len() > 100,
        "the main office has most of the ~220 demo leads"
    );
    assert_eq!(p["summary"]["total_leads"], leads.len());
    let count = |f: &dyn Fn(&Value) -> bool| leads.iter().filter(|l| f(l)).count();
    assert_eq!(
        p["summary"]["actionable"],
        count(&|l| matches!(l["next_action"].as_str(), Some("call" | "email" | "sms")))
    );
    assert_eq!(
        p["summary"]["needs_manual"],
        count(&|l| l["next_action"] == "escalate")
    );
    for l in leads {
        assert_eq!(keys(l), set(ITEM_FIELDS));
        // The server's clock read falls between `before` and `after`.
        let segment = l["segment"].as_str().unwrap();
        let ok = [before, after]
            .iter()
            .any(|t| expected_segment(l, *t, 5) == segment);
        assert!(ok, "segment {segment} breaks the rules for {l}");
        assert_eq!(l["next_action"], expected_action(l, segment), "{l}");
    }
    let segments: std::collections::BTreeSet<&str> = leads
        .iter()
        .map(|l| l["segment"].as_str().unwrap())
        .collect();
    assert!(
        segments.contains("speed_to_lead"),
        "demo seeds callers from the last hour: {segments:?}"
    );
    assert!(segments.len() >= 5, "{segments:?}");
    assert!(p["summary"]["actionable"].as_u64().unwrap() > 0);
    assert!(
        p["summary"]["needs_manual"].as_u64().unwrap() > 0,
        "qualified 90+ leads escalate"
    );
}

#[tokio::test]
async fn every_route_checks_scope_and_business() {
    let env = Env::start().await;
    let biz = env.business_id();
    let gets = ["pipeline", "config", "report", "activity"].map(|r| format!("/api/sdr/{r}"));
    let writes = [
        (
            Method::POST,
            "/api/sdr/action",
            json!({ "businessId": biz, "leadId": "x", "action": "skip" }),
        ),
        (
            Method::PUT,
            "/api/sdr/config",
            json!({ "businessId": biz, "enabled": true }),
        ),
        (
            Method::POST,
            "/api/sdr/run",
            json!({ "businessId": biz, "dryRun": true }),
        ),
    ];

    // The standard key set has no SDR scopes; sdr:read alone cannot write.
    let standard = env.key_with_scopes(&["leads:read", "calls:read"]).await;
    let reader = env.key_with_scopes(&["sdr:read"]).await;
    for path in &gets {
        let url = format!("{path}?businessId={biz}");
        let (s, _, v) = env.raw(Some(&standard), Method::GET, &url, None).await;
        assert_error(s, &v, 403, "forbidden");
        let (s, _, v) = env.raw(Some(&reader), Method::GET, &url, None).await;
        assert_eq!(s, 200, "{url}: {v}");
    }
    for (method, path, body) in &writes {
        let (s, _, v) = env
            .raw(Some(&reader), method.clone(), path, Some(body.clone()))
            .await;
        assert_error(s, &v, 403, "forbidden");
    }

    // businessId is required everywhere...
    for path in &gets {
        let (s, v) = env.get(path).await;
        assert_error(s, &v, 400, "invalid_request");
    }
    for (method, path, body) in &writes {
        let mut body = body.clone();
        body.as_object_mut().unwrap().remove("businessId");
        let (s, _, v) = env
            .raw(Some(&env.key), method.clone(), path, Some(body))
            .await;
        assert_error(s, &v, 400, "invalid_request");
    }
    // ...and binds the caller: another tenant's business (or none at all) is forbidden.
    let other = foreign_business(&env).await;
    for target in [other["business_id"].as_str().unwrap(), "no-such-business"] {
        for path in &gets {
            let (s, v) = env.get(&format!("{path}?businessId={target}")).await;
            assert_error(s, &v, 403, "forbidden");
        }
        for (method, path, body) in &writes {
            let mut body = body.clone();
            body["businessId"] = json!(target);
            let (s, _, v) = env
                .raw(Some(&env.key), method.clone(), path, Some(body))
                .await;
            assert_error(s, &v, 403, "forbidden");
        }
    }
    // The other account's own key reaches its business (and nothing else).
    let other_key = other["api_key"].as_str().unwrap();
    let own = format!(
        "/api/sdr/pipeline?businessId={}",
        other["business_id"].as_str().unwrap()
    );
    let (s, _, v) = env.raw(Some(other_key), Method::GET, &own, None).await;
    assert_eq!(s, 200, "{v}");
    let ours = format!("/api/sdr/pipeline?businessId={biz}");
    let (s, _, v) = env.raw(Some(other_key), Method::GET, &ours, None).await;
    assert_error(s, &v, 403, "forbidden");
}
