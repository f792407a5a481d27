//! Table-driven: every JSON example response in the reference (fixtures/reference) has
//! exactly the field set the sandbox returns for that endpoint, recursively.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::{Capture, Env};
use kaicalls_sandbox::SandboxConfig;
use serde_json::{Value, json};

/// Objects whose keys are data (status names, free-form turns), not a fixed shape.
const DYNAMIC: &[&str] = &["statuses", "messages", "data.factors"];

/// Every key path in `v`, e.g. `calls[].agent_name`. Arrays contribute the union of
/// their elements' paths; a null on either side is not descended into by the caller.
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if DYNAMIC
        .iter()
        .any(|d| prefix == *d || prefix.ends_with(&format!(".{d}")))
    {
        return;
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                paths(child, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// Paths below a key that is null on one side are not comparable (the other side may
/// hold an object there); drop them from both sets.
fn comparable(fixture: &Value, actual: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut f, mut a) = (BTreeSet::new(), BTreeSet::new());
    paths(fixture, "", &mut f);
    paths(actual, "", &mut a);
    let mut nulls = BTreeSet::new();
    collect_nulls(fixture, "", &mut nulls);
    collect_nulls(actual, "", &mut nulls);
    let keep = |p: &String| {
        !nulls
            .iter()
            .any(|n| p.starts_with(&format!("{n}.")) || p.starts_with(&format!("{n}[]")))
    };
    (
        f.into_iter().filter(keep).collect(),
        a.into_iter().filter(keep).collect(),
    )
}

fn collect_nulls(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                if child.is_null() {
                    out.insert(p.clone());
                }
                collect_nulls(child, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_nulls(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/reference/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn check(name: &str, status: u16, actual: &Value, failures: &mut Vec<String>) {
    if !(200..300).contains(&status) && name != "error" {
        failures.push(format!("{name}: status {status}: {actual}"));
        return;
    }
    let (want, got) = comparable(&fixture(name), actual);
    if want != got {
        let missing: Vec<_> = want.difference(&got).collect();
        let extra: Vec<_> = got.difference(&want).collect();
        failures.push(format!("{name}: missing {missing:?}, extra {extra:?}"));
    }
}

#[tokio::test]
async fn every_reference_example_matches_the_sandbox_field_set() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let biz = env.business_id();
    let agent = env.agent_id();
    let mut failures = Vec::new();
    let check_get = async |name: &str, path: &str, failures: &mut Vec<String>| {
        let (s, v) = env.get(path).await;
        check(name, s, &v, failures);
        v
    };

    let hooks = Capture::start(200).await;
    let (s, v) = env
        .post(
            "/api/v1/webhooks",
            json!({ "business_id": biz, "webhook_url": hooks.url }),
        )
        .await;
    check("webhook_register", s, &v, &mut failures);
    check_get(
        "webhook_get",
        &format!("/api/v1/webhooks?business_id={biz}"),
        &mut failures,
    )
    .await;

    let (s, v) = env
        .post(
            "/api/v1/signup",
            json!({ "business_name": "Shape Test", "email": "shape@x.example" }),
        )
        .await;
    check("signup", s, &v, &mut failures);

    check_get("agents_list", "/api/v1/agents", &mut failures).await;
    check_get(
        "agent_get",
        &format!("/api/v1/agents?id={agent}"),
        &mut failures,
    )
    .await;
    let (s, created) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": biz, "name": "Shape", "system_prompt": "p" }),
        )
        .await;
    check("agent_create", s, &created, &mut failures);
    let (s, v) = env
        .patch(
            "/api/v1/agents",
            json!({ "id": created["id"], "inbound_prompt": "q" }),
        )
        .await;
    check("agent_update", s, &v, &mut failures);
    check_get("numbers_list", "/api/v1/numbers", &mut failures).await;

    let (s, call) = env
        .post(
            "/api/v1/calls",
            json!({ "agent_id": agent, "to": "+15125551234", "name": "John Smith" }),
        )
        .await;
    check("call_create", s, &call, &mut failures);
    let done = env
        .wait_call(call["id"].as_str().unwrap(), |c| c["status"] == "completed")
        .await;
    check("call_get", 200, &done, &mut failures);
    check_get("calls_list", "/api/v1/calls", &mut failures).await;
    check_get("transcripts_list", "/api/v1/transcripts", &mut failures).await;
    let events = hooks.wait_for(3).await;
    for (name, received) in [
        "event_lead_created",
        "event_lead_scored",
        "event_call_completed",
    ]
    .iter()
    .zip(&events)
    {
        check(
            name,
            200,
            &serde_json::from_slice(&received.body).unwrap(),
            &mut failures,
        );
    }
    let failed_hook = Capture::start(200).await;
    env.call_and_wait(
        json!({ "agent_id": agent, "to": "+15125550001", "webhook_url": failed_hook.url }),
    )
    .await;
    let failed = failed_hook.wait_for(1).await;
    check(
        "event_call_failed",
        200,
        &serde_json::from_slice(&failed[0].body).unwrap(),
        &mut failures,
    );

    let leads = check_get("leads_list", "/api/v1/leads", &mut failures).await;
    let lead_id = leads["leads"][0]["id"].as_str().unwrap().to_string();
    check_get(
        "lead_get",
        &format!("/api/v1/leads?id={lead_id}"),
        &mut failures,
    )
    .await;
    let (s, v) = env
        .patch(
            "/api/v1/leads",
            json!({ "id": lead_id, "notes": "Ready for follow-up call" }),
        )
        .await;
    check("lead_update", s, &v, &mut failures);

    let (s, v) = env
        .post(
            "/api/v1/sms/send",
            json!({ "to": "+15125559876", "from_agent_id": agent, "message": "Hi" }),
        )
        .await;
    check("sms_send", s, &v, &mut failures);
    let (s, v) = env
        .post(
            "/api/v1/sms/update-prompt",
            json!({ "agent_id": agent, "sms_prompt": "Be brief." }),
        )
        .await;
    check("sms_update_prompt", s, &v, &mut failures);

    let (s, eval) = env
        .post(
            "/api/v1/evals",
            json!({
                "agent_id": agent, "business_id": biz, "name": "greeting.identifies_firm",
                "description": "d",
                "messages": [
                    { "role": "user", "content": "Hi, is this the law office?" },
                    { "role": "assistant", "judgePlan": { "type": "regex", "content": "(?i)law" } }
                ]
            }),
        )
        .await;
    check("eval_create", s, &eval, &mut failures);
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": eval["id"] }))
        .await;
    check("eval_run_single", s, &v, &mut failures);
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "agent_id": agent }))
        .await;
    check("eval_run_fanout", s, &v, &mut failures);

    check_get(
        "sdr_pipeline",
        &format!("/api/sdr/pipeline?businessId={biz}"),
        &mut failures,
    )
    .await;
    let (s, v) = env
        .post(
            "/api/sdr/action",
            json!({ "businessId": biz, "leadId": lead_id, "action": "skip" }),
        )
        .await;
    check("sdr_action", s, &v, &mut failures);
    env.put(
        "/api/sdr/config",
        json!({ "businessId": biz, "enabled": true }),
    )
    .await;
    let (s, v) = env
        .post("/api/sdr/run", json!({ "businessId": biz, "dryRun": true }))
        .await;
    check("sdr_run", s, &v, &mut failures);

    for (name, path) in [
        ("analytics_dashboard", "/api/v1/analytics/dashboard"),
        ("analytics_calls", "/api/v1/analytics/calls?days=7"),
        ("analytics_funnel", "/api/v1/analytics/funnel"),
        ("analytics_agents", "/api/v1/analytics/agents"),
        ("analytics_weekly", "/api/v1/analytics/weekly"),
        ("analytics_businesses", "/api/v1/analytics/businesses"),
        ("balance", "/api/v1/balance"),
        ("usage", "/api/v1/usage"),
        ("keys_list", "/sandbox/keys"),
    ] {
        check_get(name, path, &mut failures).await;
    }
    let (s, key) = env.post("/sandbox/keys", json!({ "name": "Shape" })).await;
    check("key_create", s, &key, &mut failures);
    let (s, v) = env
        .delete(&format!("/sandbox/keys?id={}", key["id"].as_str().unwrap()))
        .await;
    check("key_revoke", s, &v, &mut failures);
    let (s, v) = env.get("/api/v1/calls?id=missing").await;
    check("error", s, &v, &mut failures);

    assert!(
        failures.is_empty(),
        "field sets differ from the reference:\n{}",
        failures.join("\n")
    );
}
