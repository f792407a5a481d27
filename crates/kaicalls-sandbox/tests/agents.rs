//! `/api/v1/agents` and `/api/v1/numbers` as the reference describes them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, assert_error};
use serde_json::json;

#[tokio::test]
async fn get_one_agent_shows_per_channel_prompts_voice_model_and_number() {
    let env = Env::start().await;
    let (s, a) = env
        .get(&format!("/api/v1/agents?id={}", env.agent_id()))
        .await;
    assert_eq!(s, 200, "{a}");
    assert_eq!(a["id"], env.agent_id());
    assert!(
        a["vapi_assistant_id"]
            .as_str()
            .unwrap()
            .starts_with("vapi-asst-")
    );
    assert!(a["phone_number"].as_str().unwrap().starts_with("+1"));
    for channel in ["inbound", "outbound", "sms"] {
        assert!(
            !a["prompts"][channel]["prompt"].as_str().unwrap().is_empty(),
            "{channel}"
        );
        assert_eq!(a["prompts"][channel]["llm"], "gpt-4.1");
    }
    assert!(
        a["prompts"]["outbound"]["first_message"]
            .as_str()
            .unwrap()
            .contains("{{name}}")
    );
    assert_eq!(a["model"]["model"], "gpt-4.1");
    assert_eq!(a["model"]["temperature"], 0.7);
    assert!(a["voice"]["provider"].is_string());
    assert!(
        a["first_message"]
            .as_str()
            .unwrap()
            .contains("Smith & Lee Law")
    );

    let (s, v) = env
        .get("/api/v1/agents?id=00000000-0000-0000-0000-000000000000")
        .await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn create_agent_with_defaults_and_errors() {
    let env = Env::start().await;
    let biz = env.business_id();
    let (s, created) = env
        .post(
            "/api/v1/agents",
            json!({
                "business_id": biz,
                "name": "Kai Receptionist",
                "system_prompt": "You are a friendly receptionist for Smith Law.",
                "metadata": { "description": "Front desk" }
            }),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (_, a) = env.get(&format!("/api/v1/agents?id={id}")).await;
    assert_eq!(a["first_message"], "Hello! How can I help you today?");
    assert_eq!(
        a["prompts"]["inbound"]["prompt"],
        "You are a friendly receptionist for Smith Law."
    );
    assert_eq!(
        a["model"],
        json!({ "provider": "openai", "model": "gpt-4.1", "temperature": 0.7 })
    );
    let (_, list) = env.get("/api/v1/agents").await;
    assert!(
        list["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id)
    );

    let (s, v) = env
        .post("/api/v1/agents", json!({ "business_id": biz, "name": "x" }))
        .await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": biz, "name": "x", "system_prompt": "p", "voice": "loud" }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": "someone-else", "name": "x", "system_prompt": "p" }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");

    let (s, _) = env
        .put("/sandbox/settings", json!({ "vapi_down": true }))
        .await;
    assert_eq!(s, 200);
    let (s, v) = env
        .post(
            "/api/v1/agents",
            json!({ "business_id": biz, "name": "x", "system_prompt": "p" }),
        )
        .await;
    assert_error(s, &v, 502, "vapi_error");
    let (s, v) = env
        .patch("/api/v1/agents", json!({ "id": id, "name": "y" }))
        .await;
    assert_error(s, &v, 502, "vapi_error");
}

#[tokio::test]
async fn patch_lists_exactly_what_changed() {
    let env = Env::start().await;
    let id = env.agent_id();
    let (_, before) = env.get(&format!("/api/v1/agents?id={id}")).await;

    let (s, v) = env
        .patch(
            "/api/v1/agents",
            json!({ "id": id, "inbound_prompt": "You are an intake specialist." }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["updated"], true);
    assert_eq!(v["updated_fields"], json!(["inbound_prompt"]));

    // Sending the same value again changes nothing.
    let (_, v) = env
        .patch(
            "/api/v1/agents",
            json!({ "id": id, "inbound_prompt": "You are an intake specialist." }),
        )
        .await;
    assert_eq!(v["updated"], false);
    assert_eq!(v["updated_fields"], json!([]));

    // system_prompt is the legacy alias of inbound_prompt; camelCase keys are ignored.
    let (_, v) = env
        .patch(
            "/api/v1/agents",
            json!({ "id": id, "system_prompt": "Legacy prompt.", "firstMessage": "ignored" }),
        )
        .await;
    assert_eq!(v["updated_fields"], json!(["inbound_prompt"]));
    let (_, after) = env.get(&format!("/api/v1/agents?id={id}")).await;
    assert_eq!(after["prompts"]["inbound"]["prompt"], "Legacy prompt.");
    assert_eq!(after["first_message"], before["first_message"]);

    let (_, v) = env
        .patch(
            "/api/v1/agents",
            json!({
                "id": id,
                "outbound_prompt": "You are calling {{name}} about their inquiry.",
                "outbound_first_message": "Hey {{name}}, this is Kai — do you have a minute?",
                "outbound_llm": "gpt-4.1-mini",
                "sms_prompt": "Text politely.",
                "sms_llm": "gpt-4.1-nano",
                "voice": { "provider": "elevenlabs", "voiceId": "voice-id-123" },
                "metadata": { "description": "Front desk" }
            }),
        )
        .await;
    assert_eq!(
        v["updated_fields"],
        json!([
            "outbound_prompt",
            "sms_prompt",
            "outbound_first_message",
            "outbound_llm",
            "sms_llm",
            "voice",
            "metadata"
        ])
    );
    let (_, a) = env.get(&format!("/api/v1/agents?id={id}")).await;
    assert_eq!(a["prompts"]["outbound"]["llm"], "gpt-4.1-mini");
    assert_eq!(a["prompts"]["sms"]["llm"], "gpt-4.1-nano");
    assert_eq!(
        a["prompts"]["outbound"]["first_message"],
        "Hey {{name}}, this is Kai — do you have a minute?"
    );
    assert_eq!(a["voice"]["voiceId"], "voice-id-123");

    // Metadata merges; vapi_config is stored (visible through the sandbox's own route).
    let (_, v) = env
        .patch(
            "/api/v1/agents",
            json!({
                "id": id,
                "metadata": { "tier": "gold" },
                "vapi_config": { "endCallPhrases": ["goodbye"], "id": "must-not-overwrite" }
            }),
        )
        .await;
    assert_eq!(v["updated_fields"], json!(["metadata", "vapi_config"]));
    let (s, record) = env.get(&format!("/sandbox/agents?id={id}")).await;
    assert_eq!(s, 200, "{record}");
    assert_eq!(
        record["metadata"],
        json!({ "description": "Front desk", "tier": "gold" })
    );
    assert_eq!(
        record["vapi_config"],
        json!({ "endCallPhrases": ["goodbye"] })
    );
    let audited: Vec<&str> = record["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        audited,
        [
            "inbound_prompt",
            "inbound_prompt",
            "outbound_prompt",
            "sms_prompt",
            "outbound_first_message"
        ]
    );
    // Every accepted PATCH body is kept as sent, so a client's tests can check exactly
    // what it changed.
    let patches = record["patches"].as_array().unwrap();
    assert_eq!(
        patches.last(),
        Some(&json!({
            "id": id,
            "metadata": { "tier": "gold" },
            "vapi_config": { "endCallPhrases": ["goodbye"], "id": "must-not-overwrite" }
        }))
    );
    assert!(patches.iter().all(|p| p["id"] == json!(id)));

    let (s, v) = env.patch("/api/v1/agents", json!({ "name": "x" })).await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .patch("/api/v1/agents", json!({ "id": "nope", "name": "x" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env
        .patch("/api/v1/agents", json!({ "id": id, "metadata": [1] }))
        .await;
    assert_error(s, &v, 400, "validation_error");
}

#[tokio::test]
async fn numbers_list_the_accounts_numbers() {
    let env = Env::start().await;
    let (s, v) = env.get("/api/v1/numbers").await;
    assert_eq!(s, 200);
    let numbers = v["numbers"].as_array().unwrap();
    assert_eq!(numbers.len(), 1);
    assert_eq!(numbers[0]["agent_id"], env.agent_id());
    assert_eq!(numbers[0]["business_id"], env.business_id());
}
