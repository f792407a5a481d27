//! `GET` and `PUT /api/sdr/config`.

use serde_json::{Value, json};

use crate::common::{Env, assert_error};
use crate::{configure, foreign_business, keys, set};

const CONFIG_FIELDS: &[&str] = &[
    "businessId",
    "enabled",
    "min_touch_gap_hours",
    "max_touches",
    "auto_call",
    "auto_email",
    "auto_sms",
    "sdr_agent_id",
    "business_hours_start",
    "business_hours_end",
    "email_from_account_id",
    "updated_at",
];

async fn get_config(env: &Env) -> Value {
    let (s, v) = env
        .get(&format!("/api/sdr/config?businessId={}", env.business_id()))
        .await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn missing_config_reads_as_safe_defaults_then_upserts() {
    let env = Env::start().await;
    let biz = env.business_id();
    let defaults = get_config(&env).await;
    assert_eq!(
        defaults,
        json!({
            "businessId": biz,
            "enabled": false,
            "min_touch_gap_hours": 24,
            "max_touches": 5,
            "auto_call": false,
            "auto_email": false,
            "auto_sms": false,
            "sdr_agent_id": null,
            "business_hours_start": 9,
            "business_hours_end": 17,
            "email_from_account_id": null,
            "updated_at": null,
        })
    );

    // Only the fields sent change.
    let saved = configure(
        &env,
        json!({ "enabled": true, "max_touches": 3, "auto_sms": true }),
    )
    .await;
    assert_eq!(keys(&saved), set(CONFIG_FIELDS));
    assert_eq!(saved["enabled"], true);
    assert_eq!(saved["max_touches"], 3);
    assert_eq!(saved["auto_sms"], true);
    assert_eq!(saved["auto_call"], false);
    assert_eq!(saved["min_touch_gap_hours"], 24);
    assert!(saved["updated_at"].is_string());
    assert_eq!(get_config(&env).await, saved);

    let saved = configure(
        &env,
        json!({
            "sdr_agent_id": env.agent_id(),
            "min_touch_gap_hours": 0,
            "business_hours_start": 22,
            "business_hours_end": 6,
            "email_from_account_id": "acct-1",
            "auto_call": true,
            "auto_email": true,
        }),
    )
    .await;
    assert_eq!(saved["sdr_agent_id"], env.agent_id());
    assert_eq!(saved["min_touch_gap_hours"], 0);
    assert_eq!(
        (
            saved["business_hours_start"].as_i64(),
            saved["business_hours_end"].as_i64()
        ),
        (Some(22), Some(6))
    );
    assert_eq!(saved["email_from_account_id"], "acct-1");
    assert_eq!(saved["max_touches"], 3, "kept from the first PUT");
    assert_eq!(get_config(&env).await, saved);

    // null clears the optional ids.
    let cleared = configure(
        &env,
        json!({ "sdr_agent_id": null, "email_from_account_id": null }),
    )
    .await;
    assert_eq!(cleared["sdr_agent_id"], Value::Null);
    assert_eq!(cleared["email_from_account_id"], Value::Null);
    assert_eq!(cleared["auto_call"], true);
}

#[tokio::test]
async fn bad_values_are_refused_and_nothing_is_written() {
    let env = Env::start().await;
    let biz = env.business_id();
    let saved = configure(&env, json!({ "enabled": true })).await;
    let other = foreign_business(&env).await;
    for bad in [
        json!({ "business_hours_start": 24 }),
        json!({ "business_hours_end": -1 }),
        json!({ "min_touch_gap_hours": -1 }),
        json!({ "max_touches": 0 }),
        json!({ "max_touches": "five" }),
        json!({ "enabled": "yes" }),
        json!({ "sdr_agent_id": "no-such-agent" }),
        json!({ "sdr_agent_id": other["agent_id"] }),
        json!({ "sdr_agent_id": 7 }),
        // One bad field rejects the whole update.
        json!({ "enabled": false, "business_hours_start": 30 }),
    ] {
        let mut body = bad.clone();
        body["businessId"] = json!(biz);
        let (s, v) = env.put("/api/sdr/config", body).await;
        assert_error(s, &v, 400, "validation_error");
    }
    assert_eq!(get_config(&env).await, saved);
    let (s, v) = env.put("/api/sdr/config", json!({ "enabled": true })).await;
    assert_error(s, &v, 400, "invalid_request");
}
