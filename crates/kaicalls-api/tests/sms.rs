//! SMS against the sandbox: send, compliance errors, the SMS prompt.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code};
use kaicalls_api::models::{SendSms, UpdateSmsPrompt, unknown_fields};

#[tokio::test]
async fn a_text_is_sent_from_the_agents_number() {
    let env = Env::start().await;
    let sent = env
        .client
        .sms()
        .send(SendSms::new(
            "(512) 555-2368",
            env.agent_id(),
            "Hi John, following up!",
        ))
        .await
        .unwrap();
    assert!(sent.success);
    assert_eq!(sent.to, "+15125552368");
    assert!(sent.from.starts_with('+'));
    assert!(sent.message_sid.is_some());
    assert!(unknown_fields(&sent).is_empty());
}

#[tokio::test]
async fn compliance_and_delivery_errors_are_typed_and_never_retried() {
    let env = Env::start().await;
    let sms = env.client.sms();
    let send = |to: &str| SendSms::new(to, env.agent_id(), "Hello");
    let e = expect_code(sms.send(send("+15125550100")).await, "number_on_dnc");
    assert!(e.to_string().contains("Do-Not-Call"));
    expect_code(sms.send(send("+15125550101")).await, "number_opted_out");
    let e = expect_code(sms.send(send("+15125550102")).await, "sms_send_failed");
    assert_eq!(e.status(), Some(500));
    expect_code(
        sms.send(SendSms::new("+15125552368", "no-such-agent", "Hello"))
            .await,
        "not_found",
    );
    expect_code(
        sms.send(SendSms::new("+15125552368", env.agent_id(), ""))
            .await,
        "invalid_request",
    );
    expect_code(
        sms.send(SendSms::new(
            "+15125552368",
            env.agent_id(),
            "x".repeat(1601),
        ))
        .await,
        "validation_error",
    );
    expect_code(sms.send(send("hello")).await, "invalid_phone_number");
    let reader = env.client_with_scopes(&["sms:read"]).await;
    expect_code(reader.sms().send(send("+15125552368")).await, "forbidden");
    let stats = env.client.stats()["POST /api/v1/sms/send"];
    assert_eq!(stats.retries, 0);
    assert_eq!(stats.attempts, 6);
}

#[tokio::test]
async fn the_sms_prompt_is_updated_and_audited() {
    let env = Env::start().await;
    let updated = env
        .client
        .sms()
        .update_prompt(
            UpdateSmsPrompt::new(env.agent_id(), "Reply professionally.")
                .reason("Consultation-focused messaging"),
        )
        .await
        .unwrap();
    assert!(updated.success);
    assert_eq!(updated.agent_id, env.agent_id());
    assert!(unknown_fields(&updated).is_empty());
    let agent = env.client.agents().get(env.agent_id()).await.unwrap();
    assert_eq!(
        agent.prompts.unwrap().sms.unwrap().prompt.as_deref(),
        Some("Reply professionally.")
    );
    expect_code(
        env.client
            .sms()
            .update_prompt(UpdateSmsPrompt::new("no-such-agent", "x"))
            .await,
        "not_found",
    );
    let sms_only = env.client_with_scopes(&["sms:write"]).await;
    expect_code(
        sms_only
            .sms()
            .update_prompt(UpdateSmsPrompt::new(env.agent_id(), "x"))
            .await,
        "forbidden",
    );
}
