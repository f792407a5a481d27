//! The global webhook against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code};
use kaicalls_api::models::{WebhookEvent, unknown_fields};
use secrecy::ExposeSecret;

#[tokio::test]
async fn register_view_remove() {
    let env = Env::start().await;
    let hooks = env.client.webhooks();
    let before = hooks.get(None).await.unwrap();
    assert!(!before.configured);
    assert_eq!(before.webhook_url, None);

    let reg = hooks
        .register(None, "https://partner.example.com/webhooks/kaicalls")
        .await
        .unwrap();
    assert!(unknown_fields(&reg).is_empty());
    let secret = reg.webhook_secret.expose_secret().to_string();
    assert!(!secret.is_empty());
    assert!(
        !format!("{reg:?}").contains(&secret),
        "Debug redacts the secret"
    );
    assert!(reg.events.contains(&WebhookEvent::CallCompleted));

    let view = hooks.get(Some(env.business_id())).await.unwrap();
    assert!(view.configured);
    assert_eq!(
        view.webhook_url.as_deref(),
        Some("https://partner.example.com/webhooks/kaicalls")
    );
    assert_eq!(view.webhook_secret_masked, reg.webhook_secret_masked);
    assert!(unknown_fields(&view).is_empty());

    let removed = hooks.remove(None).await.unwrap();
    assert!(removed.success);
    assert!(!hooks.get(None).await.unwrap().configured);
    // Removing what is not there (and was not retried) is not_found.
    expect_code(hooks.remove(None).await, "not_found");
}

#[tokio::test]
async fn webhook_errors() {
    let env = Env::demo().await;
    let hooks = env.client.webhooks();
    // The demo key spans two businesses: it must name one.
    expect_code(hooks.get(None).await, "invalid_request");
    expect_code(
        hooks.register(Some(env.business_id()), "not a url").await,
        "validation_error",
    );
    expect_code(hooks.get(Some("other-business")).await, "not_found");
    let reader = env.client_with_scopes(&["webhooks:read"]).await;
    reader
        .webhooks()
        .get(Some(env.business_id()))
        .await
        .unwrap();
    expect_code(
        reader
            .webhooks()
            .register(Some(env.business_id()), "https://x.example")
            .await,
        "forbidden",
    );
    expect_code(
        reader.webhooks().remove(Some(env.business_id())).await,
        "forbidden",
    );
    let standard = env.client_with_scopes(&["calls:read"]).await;
    expect_code(
        standard.webhooks().get(Some(env.business_id())).await,
        "forbidden",
    );
}
