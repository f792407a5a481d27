//! What is retried, how often, how long apart, and what never is.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use common::builder;
use common::script::{Reply, Scripted, json};
use kaicalls_api::models::{CreateCall, UpdateAgent};
use kaicalls_api::{Client, Error, RetryPolicy, SecretString};
use serde_json::json as j;

const KEY: &str = "kc_test_0123456789abcdef0123456789abcdef";

fn client(base: &str, retry: RetryPolicy, timeout: Duration) -> Client {
    builder(base)
        .api_key(SecretString::from(KEY.to_string()))
        .retry(retry)
        .timeout(timeout)
        .build()
        .unwrap()
}

fn policy(attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts: attempts,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(100),
        max_elapsed: Duration::from_secs(10),
    }
}

fn busy() -> Reply {
    json(
        503,
        j!({"error": {"code": "internal_error", "message": "busy"}}),
    )
}

fn agents_list() -> Reply {
    json(200, j!({"agents": []}))
}

fn call_created() -> Reply {
    json(
        201,
        j!({"id": "c1", "status": "queued", "agent_id": "a", "to": "+15125552368",
            "created_at": "2026-02-15T14:30:00Z"}),
    )
}

#[tokio::test]
async fn reads_retry_on_5xx_and_429_honouring_retry_after() {
    let server = Scripted::start(|n, _, _| match n {
        1 => Reply::Answer(
            429,
            vec![
                ("retry-after", "1".into()),
                ("content-type", "application/json".into()),
            ],
            j!({"error": {"code": "rate_limited", "message": "slow down"}}).to_string(),
        ),
        2 => busy(),
        _ => agents_list(),
    })
    .await;
    let c = client(&server.base_url, policy(5), Duration::from_secs(5));
    let started = Instant::now();
    c.agents().list().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited the Retry-After"
    );
    assert_eq!(server.hits(), 3);
    let stats = c.stats()["GET /api/v1/agents"];
    assert_eq!((stats.attempts, stats.retries, stats.successes), (3, 2, 1));
}

#[tokio::test]
async fn retries_are_bounded_in_count_and_in_time() {
    let server = Scripted::start(|_, _, _| busy()).await;
    let c = client(&server.base_url, policy(4), Duration::from_secs(5));
    let e = c.agents().list().await.unwrap_err();
    assert_eq!(e.code(), "internal_error");
    assert_eq!(server.hits(), 4);

    // A Retry-After beyond the time budget is not waited for.
    let server = Scripted::start(|_, _, _| {
        Reply::Answer(
            429,
            vec![("retry-after", "30".into())],
            j!({"error": {"code": "rate_limited", "message": "later"}}).to_string(),
        )
    })
    .await;
    let c = client(&server.base_url, policy(4), Duration::from_secs(5));
    let started = Instant::now();
    let e = c.agents().list().await.unwrap_err();
    assert_eq!(e.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(server.hits(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn timeouts_are_retried_for_reads_and_flagged_for_calls() {
    let server = Scripted::start(|n, _, path| match (n, path) {
        (1, "/api/v1/agents") => Reply::Hang(Duration::from_millis(600)),
        (_, "/api/v1/agents") => agents_list(),
        _ => Reply::Hang(Duration::from_millis(600)),
    })
    .await;
    let c = client(&server.base_url, policy(4), Duration::from_millis(200));
    c.agents().list().await.unwrap();
    assert_eq!(server.hits(), 2);

    let e = c
        .calls()
        .create(CreateCall::new("a", "+15125552368"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Timeout {
                may_have_taken_effect: true
            }
        ),
        "{e:?}"
    );
    assert!(e.may_have_taken_effect());
    assert!(e.to_string().contains("check before trying again"));
    assert_eq!(server.hits(), 3, "the call was sent once");
}

#[tokio::test]
async fn unsafe_posts_are_never_retried_once_sent() {
    let server = Scripted::start(|_, _, _| busy()).await;
    let c = client(&server.base_url, policy(6), Duration::from_secs(5));
    let calls = c.calls();
    calls
        .create(CreateCall::new("a", "+15125552368"))
        .await
        .unwrap_err();
    c.sms()
        .send(kaicalls_api::models::SendSms::new(
            "+15125552368",
            "a",
            "hi",
        ))
        .await
        .unwrap_err();
    c.evals().run("e", Default::default()).await.unwrap_err();
    c.sdr()
        .action("b", "l", kaicalls_api::models::SdrAction::Call)
        .await
        .unwrap_err();
    c.sdr().run("b", false).await.unwrap_err();
    c.agents()
        .create(kaicalls_api::models::CreateAgent::new("b", "n", "p"))
        .await
        .unwrap_err();
    c.mcp()
        .call_tool("make_call", j!({"agent_id": "a", "to": "+15125552368"}))
        .await
        .unwrap_err();
    assert_eq!(server.hits(), 7, "one attempt each");
    // Idempotent routes are retried: PATCH, PUT, DELETE, read-only MCP.
    let before = server.hits();
    c.agents()
        .update(UpdateAgent::new("a").name("x"))
        .await
        .unwrap_err();
    c.sdr()
        .set_config("b", &Default::default())
        .await
        .unwrap_err();
    c.evals().delete("e").await.unwrap_err();
    c.mcp().list_tools().await.unwrap_err();
    c.mcp()
        .call_tool("list_recent_calls", j!({"limit": 5}))
        .await
        .unwrap_err();
    assert_eq!(server.hits() - before, 5 * 6);

    // Signup too is a POST: one attempt.
    let anonymous = builder(&server.base_url).retry(policy(6)).build().unwrap();
    anonymous
        .signup(kaicalls_api::models::SignupRequest::new("b", "a@b.example"))
        .await
        .unwrap_err();
    assert_eq!(server.hits() - before, 5 * 6 + 1);
}

#[tokio::test]
async fn a_post_is_retried_when_the_connection_could_not_be_opened() {
    // Nothing listens on the port at first: connecting fails, so nothing was sent and
    // retrying the call is safe. The server appears a moment later.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let c = client(
        &base,
        RetryPolicy {
            max_attempts: 30,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(100),
            max_elapsed: Duration::from_secs(10),
        },
        Duration::from_secs(5),
    );
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let app = axum::Router::new().fallback(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async {
                let Reply::Answer(status, _, body) = call_created() else {
                    unreachable!()
                };
                (
                    axum::http::StatusCode::from_u16(status).unwrap(),
                    [("content-type", "application/json")],
                    body,
                )
            }
        });
        let _ = axum::serve(listener, app).await;
    });
    let created = c
        .calls()
        .create(CreateCall::new("a", "+15125552368"))
        .await
        .unwrap();
    assert_eq!(created.id, "c1");
    assert_eq!(
        hits.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "placed once"
    );
    let stats = c.stats()["POST /api/v1/calls"];
    assert!(stats.retries >= 1, "{stats:?}");

    // With nothing listening at all, the error says offline.
    let nobody = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(
        &format!("http://127.0.0.1:{nobody}"),
        policy(2),
        Duration::from_secs(2),
    );
    let e = c.agents().list().await.unwrap_err();
    assert_eq!(e.code(), "offline");
    assert!(!e.may_have_taken_effect());
}

#[tokio::test]
async fn a_retried_delete_that_finds_nothing_succeeded_the_first_time() {
    // The first DELETE is carried out but its answer is lost (timeout); the retry then
    // finds nothing to delete. That is success, not not_found.
    let server = Scripted::start(|n, _, _| match n {
        1 => Reply::Hang(Duration::from_millis(500)),
        _ => json(
            404,
            j!({"error": {"code": "not_found", "message": "Webhook not found"}}),
        ),
    })
    .await;
    let c = client(&server.base_url, policy(3), Duration::from_millis(150));
    let removed = c.webhooks().remove(Some("b")).await.unwrap();
    assert!(removed.success);
    assert_eq!(server.hits(), 2);
}
