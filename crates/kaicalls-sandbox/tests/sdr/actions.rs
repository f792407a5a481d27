//! `POST /api/sdr/action`: every action, cadence, exhaustion, real calls and texts.

use chrono::TimeDelta;
use kaicalls_sandbox::SandboxConfig;
use reqwest::header::RETRY_AFTER;
use serde_json::{Value, json};

use crate::common::{self, Env, assert_error};
use crate::{act, activity, configure, inbound_lead, inbound_leads, item, keys, set, ts};

async fn ledger_effects(env: &Env, kind: &str) -> Vec<String> {
    let ledger: Value = env
        .http
        .get(env.url("/sandbox/ledger"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["side_effect"]["kind"] == kind)
        .map(|e| e["side_effect"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_touch_then_cadence_refuses_with_next_allowed_at() {
    let env = Env::start().await;
    let lead = inbound_lead(&env, "+15125553001", "Cade Nence").await;

    let (s, _, v) = act(&env, &lead, "email").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v,
        json!({ "success": true, "action": "email", "leadId": lead, "detail": "Email queued" })
    );
    let l = item(&env, &lead).await;
    assert_eq!(l["touch_count"], 1);
    assert_eq!(
        l["status"], "contacted",
        "a touch moves a new lead to contacted"
    );
    let last = ts(&l["last_touch"]);

    // Default cadence: 24 h between touches, whatever the channel.
    for action in ["sms", "call", "email"] {
        let (s, headers, v) = act(&env, &lead, action).await;
        assert_error(s, &v, 429, "rate_limited");
        assert_eq!(ts(&v["nextAllowedAt"]), last + TimeDelta::hours(24), "{v}");
        let wait: u64 = headers[RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((86_000..=86_400).contains(&wait), "{wait}");
    }
    assert_eq!(
        item(&env, &lead).await["touch_count"],
        1,
        "refusals are not touches"
    );

    // skip, pause and resume are not touches: cadence does not apply.
    let (s, _, v) = act(&env, &lead, "skip").await;
    assert_eq!((s, v["detail"].as_str()), (200, Some("Skipped")));
    let (s, _, v) = act(&env, &lead, "pause").await;
    assert_eq!((s, v["detail"].as_str()), (200, Some("Paused")));
    let l = item(&env, &lead).await;
    assert_eq!(l["paused"], true);
    assert_eq!(
        l["next_action"], "skip",
        "the dispatcher leaves paused leads alone"
    );
    let segment = l["segment"].clone();
    assert_ne!(segment, "cold");
    let (s, _, v) = act(&env, &lead, "resume").await;
    assert_eq!((s, v["detail"].as_str()), (200, Some("Resumed")));
    let l = item(&env, &lead).await;
    assert_eq!(l["paused"], false);
    assert_eq!(l["segment"], segment, "pausing keeps the segment");
    assert_eq!(l["touch_count"], 1);

    // One activity row per action carried out, newest first; refusals wrote none.
    let rows = activity(&env, &format!("leadId={lead}")).await;
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["resume", "pause", "skip", "email"]);
    assert!(
        rows.iter()
            .all(|r| r["success"] == true && r["leadId"] == lead.as_str())
    );
    assert_eq!(
        rows[3]["segment"], "speed_to_lead",
        "the segment when the action ran"
    );

    // Every action response is marked as a side effect with its activity row's id.
    let mut effects = ledger_effects(&env, "sdr_action").await;
    effects.reverse();
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(effects, ids);
}

#[tokio::test]
async fn max_touches_exhausts_the_lead() {
    let env = Env::start().await;
    configure(&env, json!({ "min_touch_gap_hours": 0, "max_touches": 2 })).await;
    let lead = inbound_lead(&env, "+15125553101", "Max Touch").await;
    for _ in 0..2 {
        let (s, _, v) = act(&env, &lead, "email").await;
        assert_eq!(s, 200, "{v}");
    }
    let (s, headers, v) = act(&env, &lead, "email").await;
    assert_error(s, &v, 429, "rate_limited");
    assert!(v.as_object().unwrap().contains_key("nextAllowedAt"), "{v}");
    assert_eq!(v["nextAllowedAt"], Value::Null, "no later time will do");
    assert!(headers.get(RETRY_AFTER).is_none(), "retrying cannot help");
    let l = item(&env, &lead).await;
    assert_eq!(l["touch_count"], 2);
    assert_eq!(l["segment"], "exhausted");
    assert_eq!(l["next_action"], "escalate");
}

#[tokio::test]
async fn call_places_a_real_call_visible_in_calls() {
    let env = Env::start().await;
    let lead = inbound_lead(&env, "+15125553201", "Callie Back").await;
    let (s, _, v) = act(&env, &lead, "call").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["detail"], "Call queued");
    assert_eq!(v["success"], true);

    let (s, calls) = env.get("/api/v1/calls").await;
    assert_eq!(s, 200);
    let newest = calls["calls"][0]["id"].as_str().unwrap().to_string();
    let call = env.wait_call(&newest, |c| c["status"] == "completed").await;
    assert_eq!(call["direction"], "outbound");
    assert_eq!(call["lead_id"], lead.as_str());
    assert_eq!(
        call["agent_id"],
        env.agent_id(),
        "the business's agent with a number"
    );
    assert!(call["summary"].is_string());
    let l = item(&env, &lead).await;
    assert_eq!(l["touch_count"], 1);
    assert_eq!(l["status"], "contacted");

    // A configured SDR agent places the calls instead.
    let (s, ava) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": env.business_id(), "name": "Ava", "system_prompt": "p" }),
        )
        .await;
    assert_eq!(s, 201, "{ava}");
    configure(
        &env,
        json!({ "sdr_agent_id": ava["id"], "min_touch_gap_hours": 0 }),
    )
    .await;
    let (s, _, v) = act(&env, &lead, "call").await;
    assert_eq!(s, 200, "{v}");
    let (_, calls) = env.get("/api/v1/calls").await;
    assert_eq!(calls["calls"][0]["agent_id"], ava["id"]);
}

#[tokio::test]
async fn refused_texts_and_dials_are_failed_attempts() {
    let env = Env::start().await;
    configure(&env, json!({ "min_touch_gap_hours": 0 })).await;
    let ids = inbound_leads(
        &env,
        &[
            ("+15125550100", "Dee Nc"),
            ("+15125550101", "Otto Out"),
            ("+15125550102", "Fay Lure"),
            ("+15125550009", "Dia Lout"),
            ("+15125553301", "Tex Ting"),
        ],
    )
    .await;
    for (lead, action, code) in [
        (&ids[0], "sms", "number_on_dnc"),
        (&ids[1], "sms", "number_opted_out"),
        (&ids[2], "sms", "sms_send_failed"),
        (&ids[3], "call", "call_failed"),
    ] {
        let (s, _, v) = act(&env, lead, action).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(keys(&v), set(&["success", "action", "leadId", "detail"]));
        assert_eq!(v["success"], false, "{v}");
        assert!(
            v["detail"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{code}: ")),
            "{v}"
        );
        let l = item(&env, lead).await;
        assert_eq!(l["touch_count"], 1, "an attempt counts toward cadence");
        assert_eq!(l["status"], "new", "nobody was reached");
        let rows = activity(&env, &format!("leadId={lead}")).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["success"], false);
        assert_eq!(rows[0]["detail"], v["detail"]);
    }
    let (s, _, v) = act(&env, &ids[4], "sms").await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v,
        json!({ "success": true, "action": "sms", "leadId": ids[4], "detail": "SMS sent" })
    );
    assert_eq!(item(&env, &ids[4]).await["status"], "contacted");
}

#[tokio::test]
async fn bad_actions_get_documented_codes() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let biz = env.business_id();
    let (_, p) = env
        .get(&format!("/api/sdr/pipeline?businessId={biz}&limit=1"))
        .await;
    let lead = p["leads"][0]["id"].as_str().unwrap().to_string();

    let (s, _, v) = act(&env, &lead, "dance").await;
    assert_error(s, &v, 400, "validation_error");
    for missing in ["leadId", "action"] {
        let mut body = json!({ "businessId": biz, "leadId": lead, "action": "skip" });
        body.as_object_mut().unwrap().remove(missing);
        let (s, v) = env.post("/api/sdr/action", body).await;
        assert_error(s, &v, 400, "invalid_request");
    }
    let (s, _, v) = act(&env, "no-such-lead", "skip").await;
    assert_error(s, &v, 404, "not_found");

    // A lead of the Houston office is not in the main business.
    let (_, agents) = env.get("/api/v1/agents").await;
    let houston = agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["business_id"].as_str().unwrap().to_string())
        .find(|b| *b != biz)
        .unwrap();
    let (_, hp) = env
        .get(&format!("/api/sdr/pipeline?businessId={houston}&limit=1"))
        .await;
    let houston_lead = hp["leads"][0]["id"].as_str().unwrap();
    let (s, _, v) = act(&env, houston_lead, "skip").await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env
        .post(
            "/api/sdr/action",
            json!({ "businessId": houston, "leadId": houston_lead, "action": "skip" }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert!(
        activity(&env, "").await.is_empty(),
        "the main office's log is untouched"
    );
}
