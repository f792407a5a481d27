//! The typed route of the sandbox (`client.sandbox()`): what explore mode and the tests
//! use to make someone call the business.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, builder, expect_code, fast_wait};
use kaicalls_api::SecretString;
use kaicalls_api::models::{CallFilter, InboundCall};

#[tokio::test]
async fn someone_calls_the_business() {
    let env = Env::start().await;
    let call = env
        .client
        .sandbox()
        .inbound_call(
            InboundCall::default()
                .from("(512) 555-0142")
                .name("Ann Caller")
                .reason("asks about a will"),
        )
        .await
        .unwrap();
    assert_eq!(call.direction.as_deref(), Some("inbound"));
    let done = env
        .client
        .calls()
        .wait_with(&call.id, fast_wait())
        .await
        .unwrap();
    assert!(done.status.is_final());
    let lead = env
        .client
        .leads()
        .get(
            done.lead_id
                .as_deref()
                .expect("a new caller becomes a lead"),
        )
        .await
        .unwrap();
    assert_eq!(
        lead.phone.as_deref(),
        Some("+15125550142"),
        "normalised before sending"
    );
    assert_eq!(lead.name.as_deref(), Some("Ann Caller"));
}

#[tokio::test]
async fn only_a_sandbox_key_may_use_it_and_nothing_is_sent_otherwise() {
    let env = Env::start().await;
    let live = builder(&env.sb.base_url)
        .allow_origin(&env.sb.base_url)
        .api_key(SecretString::from(
            "kc_live_EXAMPLE_not_a_real_key_0123456789".to_string(),
        ))
        .build()
        .unwrap();
    let refused = live.sandbox().inbound_call(InboundCall::default()).await;
    expect_code(refused, "key_refused");
    let calls = env
        .client
        .calls()
        .list(CallFilter::default())
        .send()
        .await
        .unwrap();
    assert!(calls.calls.is_empty(), "nothing reached the sandbox");
    let bad = env
        .client
        .sandbox()
        .inbound_call(InboundCall::default().from("12"))
        .await;
    expect_code(bad, "invalid_phone_number");
}
