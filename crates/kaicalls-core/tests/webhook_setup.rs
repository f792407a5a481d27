//! Webhook setup against the sandbox: registration through a (stand-in) tunnel, the route
//! check, masked status, removal, and a URL that survives restarts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;

use std::sync::Arc;

use accounts_fixture::{
    cache, eventually, inbound_call, now, other_server, sandbox, setup_with, tunnel,
};
use kaicalls_core::secrets::{MemorySecretStore, SecretName, SecretStore};
use kaicalls_core::webhook_setup::{PUBLIC_URL_HELP, SYNC_SAFETY_NET, WebhookService, shown_url};
use kaicalls_webhooks::sign_header;
use secrecy::ExposeSecret;

async fn post_signed(url: &str, secret: &str, body: &[u8]) -> u16 {
    kaicalls_api::tls::http_client()
        .build()
        .unwrap()
        .post(url)
        .header("content-type", "application/json")
        .header(
            "X-KaiCalls-Signature",
            sign_header(secret.as_bytes(), now(), body),
        )
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_tunnel_registration_takes_effect_at_once_and_its_route_checks_out() {
    let sandbox = sandbox().await;
    let memory = Arc::new(MemorySecretStore::new());
    let s = setup_with(&sandbox, memory.clone()).await;
    let business = sandbox.demo_account.business_id.clone();
    let cache = cache(&s);
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let service = WebhookService::start(s.accounts.clone(), &s.account.id, cache.clone(), client)
        .await
        .unwrap();
    let saved = s.accounts.get(&s.account.id).unwrap().webhook;
    assert_eq!(
        saved.listen_port,
        Some(service.local_addr().port()),
        "the port is kept"
    );

    let tunnel = tunnel(service.local_addr()).await;
    let status = service
        .register(&business, Some(&tunnel.url))
        .await
        .unwrap();
    let path = service
        .local_url()
        .expose_secret()
        .split_once("/hooks/")
        .unwrap()
        .1
        .to_string();
    assert_eq!(
        status.url.as_deref(),
        Some(format!("{}/hooks/…", tunnel.url).as_str()),
        "the receiver token is never shown"
    );
    assert!(status.configured && status.secret_stored && status.points_here);
    let secret = memory
        .get(&SecretName::webhook_secret(&business))
        .unwrap()
        .unwrap();
    let masked = status.secret_masked.clone().unwrap();
    assert!(
        secret
            .expose_secret()
            .ends_with(masked.trim_start_matches("..."))
    );
    let shown = format!("{status:?} {service:?} {:?}", s.accounts);
    assert!(!shown.contains(secret.expose_secret()), "{shown}");
    assert!(!shown.contains(&path), "{shown}");
    assert_eq!(
        s.accounts
            .get(&s.account.id)
            .unwrap()
            .webhook
            .public_url
            .as_deref(),
        Some(tunnel.url.as_str())
    );

    // The saved public URL leads back here.
    let check = service.verify_route(&business, None).await.unwrap();
    assert_eq!(check.url, status.url.clone().unwrap());
    let view = service.view(&business).await.unwrap();
    assert!(view.points_here);
    let answers = format!(
        "{} {} {}",
        serde_json::to_string(&view).unwrap(),
        serde_json::to_string(&check).unwrap(),
        service.shown_local_url()
    );
    assert!(
        !answers.contains(&path),
        "the token in an answer: {answers}"
    );

    // KaiCalls (the sandbox) now delivers through the tunnel: no restart needed.
    inbound_call(&sandbox, "Tina Tunnel").await;
    let c = cache.clone();
    eventually("the lead delivered through the tunnel", || {
        let c = c.clone();
        async move {
            let page = c
                .read(|s| {
                    s.list_leads(&Default::default(), &kaicalls_store::PageRequest::first(10))
                })
                .await
                .unwrap();
            page.items
                .iter()
                .any(|l| l.name.as_deref() == Some("Tina Tunnel"))
        }
    })
    .await;

    let view = service.view(&business).await.unwrap();
    assert_eq!(view, status);
    let stats = service.shutdown().await;
    assert!(stats.events >= 1 && stats.store_failures == 0, "{stats:?}");
}

#[tokio::test]
async fn a_broken_route_is_reported_with_its_own_code() {
    let sandbox = sandbox().await;
    let s = setup_with(&sandbox, Arc::new(MemorySecretStore::new())).await;
    let business = sandbox.demo_account.business_id.clone();
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let service = WebhookService::start(s.accounts.clone(), &s.account.id, cache(&s), client)
        .await
        .unwrap();
    let err = service.verify_route(&business, None).await.unwrap_err();
    assert_eq!(err.code(), "webhook_not_registered");
    service.register(&business, None).await.unwrap();

    // Nothing listens there.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let err = service
        .verify_route(&business, Some(&dead))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "route_unreachable", "{err}");
    let token = service
        .local_url()
        .expose_secret()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert!(!err.to_string().contains(&token), "the token in {err}");
    // A tunnel to another program that knows nothing of the path.
    let wrong = tunnel(
        sandbox
            .base_url
            .trim_start_matches("http://")
            .parse()
            .unwrap(),
    )
    .await;
    let err = service
        .verify_route(&business, Some(&wrong.url))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "route_refused", "{err}");
    assert!(!err.to_string().contains(&token), "the token in {err}");
    // A server that says yes to anything: the answer alone proves nothing.
    let yes = other_server().await;
    let err = service
        .verify_route(&business, Some(&yes.url))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "route_not_local", "{err}");
    let err = service
        .verify_route("biz-of-someone-else", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "unknown_business");
    let err = service
        .register(&business, Some("ftp://example.com"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_public_url");
    // The loopback route itself works.
    service.verify_route(&business, None).await.unwrap();
    service.shutdown().await;
}

#[tokio::test]
async fn removal_unregisters_and_the_old_secret_stops_working() {
    let sandbox = sandbox().await;
    let memory = Arc::new(MemorySecretStore::new());
    let s = setup_with(&sandbox, memory.clone()).await;
    let business = sandbox.demo_account.business_id.clone();
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let service =
        WebhookService::start(s.accounts.clone(), &s.account.id, cache(&s), client.clone())
            .await
            .unwrap();
    let registered = service.register_sandbox_loopback().await.unwrap();
    assert_eq!(registered.len(), 1);
    assert_eq!(
        registered[0].url.as_deref(),
        Some(shown_url(service.local_url().expose_secret()).as_str())
    );
    let secret = memory
        .get(&SecretName::webhook_secret(&business))
        .unwrap()
        .unwrap()
        .expose_secret()
        .to_string();
    let body = serde_json::to_vec(&serde_json::json!({
        "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z", "business_id": business,
        "data": { "id": "lead-x", "name": "X" }
    }))
    .unwrap();
    assert_eq!(
        post_signed(service.local_url().expose_secret(), &secret, &body).await,
        200
    );

    service.remove(&business).await.unwrap();
    assert!(
        !client
            .webhooks()
            .get(Some(&business))
            .await
            .unwrap()
            .configured
    );
    assert!(
        memory
            .get(&SecretName::webhook_secret(&business))
            .unwrap()
            .is_none()
    );
    let other = body.iter().chain(b" ").copied().collect::<Vec<u8>>();
    assert_eq!(
        post_signed(service.local_url().expose_secret(), &secret, &other).await,
        401
    );
    service.remove(&business).await.unwrap();
    let view = service.view(&business).await.unwrap();
    assert!(!view.configured && !view.secret_stored && !view.points_here);
    service.shutdown().await;
}

#[tokio::test]
async fn a_restart_keeps_the_registered_url_and_secret_valid() {
    let sandbox = sandbox().await;
    let s = setup_with(&sandbox, Arc::new(MemorySecretStore::new())).await;
    let client = s.accounts.client(&s.account.id).await.unwrap();
    let cache = cache(&s);
    let first = WebhookService::start(
        s.accounts.clone(),
        &s.account.id,
        cache.clone(),
        client.clone(),
    )
    .await
    .unwrap();
    first.register_sandbox_loopback().await.unwrap();
    let url = first.local_url().expose_secret().to_string();
    first.shutdown().await;

    let second = WebhookService::start(s.accounts.clone(), &s.account.id, cache.clone(), client)
        .await
        .unwrap();
    assert_eq!(
        second.local_url().expose_secret(),
        url,
        "same port, same secret path"
    );
    let view = second
        .view(&sandbox.demo_account.business_id)
        .await
        .unwrap();
    assert!(view.points_here && view.secret_stored);
    inbound_call(&sandbox, "Rob Restart").await;
    let c = cache.clone();
    eventually("a delivery after the restart", || {
        let c = c.clone();
        async move {
            let page = c
                .read(|s| {
                    s.list_leads(&Default::default(), &kaicalls_store::PageRequest::first(10))
                })
                .await
                .unwrap();
            page.items
                .iter()
                .any(|l| l.name.as_deref() == Some("Rob Restart"))
        }
    })
    .await;
    second.shutdown().await;
}

#[test]
fn the_help_text_explains_the_tunnel_and_the_safety_net() {
    for needle in ["127.0.0.1", "tunnel", "reverse proxy", "keyring", "sync"] {
        assert!(PUBLIC_URL_HELP.contains(needle), "{needle}");
    }
    assert!(SYNC_SAFETY_NET.contains("sync"));
}
