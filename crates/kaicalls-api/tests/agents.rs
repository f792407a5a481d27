//! Agents and numbers against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code};
use kaicalls_api::models::{CreateAgent, ModelConfig, UpdateAgent, Voice, unknown_fields};
use serde_json::{Map, Value, json};

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

#[tokio::test]
async fn create_get_list_and_update_every_kind_of_field() {
    let env = Env::start().await;
    let agents = env.client.agents();
    let created = agents
        .create(
            CreateAgent::new(
                env.business_id(),
                "Kai Receptionist",
                "You are a receptionist.",
            )
            .first_message("Hello! Thanks for calling.")
            .voice(Voice::new("elevenlabs", "voice-id-123"))
            .model(ModelConfig::new("openai", "gpt-4.1", 0.5))
            .metadata(object(json!({ "description": "front desk" }))),
        )
        .await
        .unwrap();
    assert_eq!(created.name, "Kai Receptionist");
    assert!(created.vapi_assistant_id.is_some());
    assert!(unknown_fields(&created).is_empty());

    let list = agents.list().await.unwrap();
    assert!(list.agents.iter().any(|a| a.id == created.id));
    assert!(list.agents.iter().all(|a| unknown_fields(a).is_empty()));

    let agent = agents.get(&created.id).await.unwrap();
    assert!(
        unknown_fields(&agent).is_empty(),
        "{:?}",
        unknown_fields(&agent)
    );
    assert_eq!(
        agent.first_message.as_deref(),
        Some("Hello! Thanks for calling.")
    );
    assert_eq!(
        agent.voice.as_ref().unwrap().voice_id.as_deref(),
        Some("voice-id-123")
    );
    assert_eq!(agent.model.as_ref().unwrap().temperature, Some(0.5));
    let prompts = agent.prompts.unwrap();
    assert_eq!(
        prompts.inbound.unwrap().prompt.as_deref(),
        Some("You are a receptionist.")
    );

    // Per-channel prompts and LLM overrides: only what changed is reported.
    let updated = agents
        .update(
            UpdateAgent::new(&created.id)
                .inbound_prompt("Collect case details.")
                .outbound_prompt("You are calling {{name}}.")
                .sms_prompt("Reply briefly.")
                .outbound_first_message("Hey {{name}}!")
                .outbound_llm("gpt-4.1-mini")
                .sms_llm("gpt-4.1-nano"),
        )
        .await
        .unwrap();
    assert!(updated.updated);
    assert_eq!(
        updated.updated_fields,
        [
            "inbound_prompt",
            "outbound_prompt",
            "sms_prompt",
            "outbound_first_message",
            "outbound_llm",
            "sms_llm"
        ]
    );
    let agent = agents.get(&created.id).await.unwrap();
    let prompts = agent.prompts.unwrap();
    let outbound = prompts.outbound.unwrap();
    assert_eq!(
        outbound.prompt.as_deref(),
        Some("You are calling {{name}}.")
    );
    assert_eq!(outbound.llm.as_deref(), Some("gpt-4.1-mini"));
    assert_eq!(outbound.first_message.as_deref(), Some("Hey {{name}}!"));
    assert_eq!(prompts.sms.unwrap().llm.as_deref(), Some("gpt-4.1-nano"));

    // Name, voice, model, metadata (merged) and the vapi_config pass-through.
    let updated = agents
        .update(
            UpdateAgent::new(&created.id)
                .name("Kai")
                .first_message("Hi there!")
                .voice(Voice::new("vapi", "Elliot"))
                .model(ModelConfig::new("openai", "gpt-4.1", 0.2))
                .metadata(object(json!({ "team": "intake" })))
                .vapi_config(object(json!({
                    "stopSpeakingPlan": { "numWords": 2, "interruptionPhrases": ["stop", "wait"] },
                    "endCallPhrases": ["goodbye"],
                }))),
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "Kai");
    assert_eq!(
        updated.updated_fields,
        [
            "name",
            "first_message",
            "voice",
            "model",
            "metadata",
            "vapi_config"
        ]
    );
    let record = env.agent_record(&created.id).await;
    assert_eq!(record["metadata"]["description"], "front desk");
    assert_eq!(record["metadata"]["team"], "intake");
    assert_eq!(record["vapi_config"]["stopSpeakingPlan"]["numWords"], 2);
    assert_eq!(record["vapi_config"]["endCallPhrases"][0], "goodbye");

    // Only the fields set are sent: an empty update changes nothing (and audits nothing).
    let audits = record["audit"].as_array().map_or(0, Vec::len);
    let same = agents.update(UpdateAgent::new(&created.id)).await.unwrap();
    assert!(!same.updated);
    assert!(same.updated_fields.is_empty());
    let record = env.agent_record(&created.id).await;
    assert_eq!(record["audit"].as_array().map_or(0, Vec::len), audits);
}

#[tokio::test]
async fn documented_agent_errors() {
    let env = Env::start().await;
    let agents = env.client.agents();
    expect_code(agents.get("no-such-agent").await, "not_found");
    expect_code(
        agents
            .update(UpdateAgent::new("no-such-agent").name("x"))
            .await,
        "not_found",
    );
    expect_code(
        agents
            .create(CreateAgent::new(env.business_id(), "", "prompt"))
            .await,
        "invalid_request",
    );
    expect_code(
        agents
            .create(CreateAgent::new("other-business", "A", "prompt"))
            .await,
        "not_found",
    );
    let reader = env.client_with_scopes(&["agents:read"]).await;
    expect_code(
        reader
            .agents()
            .create(CreateAgent::new(env.business_id(), "A", "p"))
            .await,
        "forbidden",
    );
    expect_code(
        reader
            .agents()
            .update(UpdateAgent::new(env.agent_id()).name("x"))
            .await,
        "forbidden",
    );
    let nothing = env.client_with_scopes(&["numbers:read"]).await;
    expect_code(nothing.agents().list().await, "forbidden");

    // Vapi down: 502 vapi_error. The PATCH is idempotent and was retried; the POST not.
    env.settings(json!({ "vapi_down": true })).await;
    let e = expect_code(
        agents
            .update(UpdateAgent::new(env.agent_id()).name("x"))
            .await,
        "vapi_error",
    );
    assert_eq!(e.status(), Some(502));
    expect_code(
        agents
            .create(CreateAgent::new(env.business_id(), "A", "p"))
            .await,
        "vapi_error",
    );
    let stats = env.client.stats();
    assert_eq!(stats["PATCH /api/v1/agents"].retries, 3, "{stats:?}");
    assert_eq!(stats["POST /api/v1/agents"].retries, 0, "{stats:?}");
    env.settings(json!({ "vapi_down": false })).await;
    agents
        .update(UpdateAgent::new(env.agent_id()).name("Back"))
        .await
        .unwrap();
}

#[tokio::test]
async fn numbers_are_listed() {
    let env = Env::start().await;
    let numbers = env.client.numbers().list().await.unwrap();
    assert!(!numbers.numbers.is_empty());
    let n = &numbers.numbers[0];
    assert!(n.phone_number.starts_with('+'));
    assert_eq!(n.business_id, env.business_id());
    assert!(unknown_fields(&numbers).is_empty());
    let agents_only = env.client_with_scopes(&["agents:read"]).await;
    expect_code(agents_only.numbers().list().await, "forbidden");
}
