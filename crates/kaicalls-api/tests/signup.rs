//! Signup: a keyless client creates an account, then continues with the new key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, builder, expect_code};
use kaicalls_api::KeyKind;
use kaicalls_api::models::{SignupRequest, unknown_fields};
use serde_json::json;

#[tokio::test]
async fn signup_then_use_the_new_key() {
    let env = Env::start().await;
    let anonymous = builder(&env.sb.base_url).build().unwrap();
    assert_eq!(anonymous.key_kind(), None);
    let account = anonymous
        .signup(
            SignupRequest::new("Smith Law Firm", "contact@smithlaw.example")
                .business_type("Legal Services")
                .website("https://smithlaw.example")
                .phone_forward_to("(512) 555-2368"),
        )
        .await
        .unwrap();
    assert!(unknown_fields(&account).is_empty());
    assert!(account.phone_number.is_some());
    // The key is not in Debug output.
    let secret = secrecy::ExposeSecret::expose_secret(&account.api_key).to_string();
    assert!(!format!("{account:?}").contains(&secret));

    let client = anonymous.with_api_key(account.api_key.clone()).unwrap();
    assert_eq!(client.key_kind(), Some(KeyKind::Test));
    let agent = client.agents().get(&account.agent_id).await.unwrap();
    assert_eq!(agent.business_id, account.business_id);
    // The owner key carries every scope, SDR included.
    client
        .sdr()
        .config(&account.business_id)
        .await
        .expect("the signup key has sdr:read");
    // A keyless client cannot do anything else, and sends nothing trying.
    expect_code(anonymous.agents().list().await, "unauthorized");
    assert!(!anonymous.stats().contains_key("GET /api/v1/agents"));
}

#[tokio::test]
async fn signup_errors() {
    let env = Env::start().await;
    let anonymous = builder(&env.sb.base_url).build().unwrap();
    expect_code(
        anonymous
            .signup(SignupRequest::new("Biz", "not-an-email"))
            .await,
        "validation_error",
    );
    expect_code(
        anonymous
            .signup(SignupRequest::new("", "a@b.example"))
            .await,
        "validation_error",
    );
    expect_code(
        anonymous
            .signup(SignupRequest::new("Biz", "a@b.example").phone_forward_to("12"))
            .await,
        "invalid_phone_number",
    );
    anonymous
        .signup(SignupRequest::new("Biz", "dup@b.example"))
        .await
        .unwrap();
    expect_code(
        anonymous
            .signup(SignupRequest::new("Biz 2", "dup@b.example"))
            .await,
        "email_exists",
    );
    env.settings(json!({ "payment_required": true })).await;
    expect_code(
        anonymous
            .signup(SignupRequest::new("Biz", "paid@b.example"))
            .await,
        "payment_required",
    );
    // Signup is never retried: one attempt per call, whatever the answer.
    let stats = anonymous.stats()["POST /api/v1/signup"];
    assert_eq!(stats.retries, 0);
    assert_eq!(stats.attempts, 5, "the invalid phone was never sent");
}

#[tokio::test]
async fn signup_rate_limit_from_the_server_and_from_the_client() {
    // The server's 5/hour with the client's own limiter off: the sixth is a 429.
    let env = Env::start_with(kaicalls_sandbox::SandboxConfig {
        rate_limit_multiplier: 1,
        ..common::fast_config()
    })
    .await;
    let unlimited = builder(&env.sb.base_url)
        .rate_limits(kaicalls_api::RateLimits {
            multiplier: 0,
            ..Default::default()
        })
        .build()
        .unwrap();
    for i in 0..5 {
        unlimited
            .signup(SignupRequest::new("Biz", format!("s{i}@b.example")))
            .await
            .unwrap();
    }
    let e = expect_code(
        unlimited
            .signup(SignupRequest::new("Biz", "s5@b.example"))
            .await,
        "rate_limited",
    );
    assert!(e.retry_after().is_some());
    assert_eq!(e.status(), Some(429));

    // With the client's limiter at the reference's rate, the fifth signup in a row is
    // refused locally, before anything is sent, with the wait it needs.
    let limited = builder(&env.sb.base_url)
        .rate_limits(kaicalls_api::RateLimits::default())
        .build()
        .unwrap();
    let before = env.ledger_of("POST", "/api/v1/signup").len();
    let mut refused = None;
    for i in 0..5 {
        if let Err(e) = limited
            .signup(SignupRequest::new("Biz", format!("l{i}@b.example")))
            .await
        {
            if matches!(e, kaicalls_api::Error::RateLimited { local: true, .. }) {
                refused = Some((i, e));
                break;
            }
        }
    }
    let (at, e) = refused.expect("the client's own limiter refuses");
    assert_eq!(at, 4, "4 = 90% of the hourly 5 go through at once");
    assert!(e.retry_after().unwrap().as_secs() > 60);
    assert_eq!(env.ledger_of("POST", "/api/v1/signup").len(), before + 4);
}
