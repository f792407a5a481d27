//! Calls against the sandbox: place, list, page, get, wait, and every documented error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashSet;

use common::{Env, expect_code, fast_wait};
use futures_util::TryStreamExt;
use kaicalls_api::models::{CallFilter, CallStatus, CreateCall, unknown_fields};

#[tokio::test]
async fn a_call_is_placed_from_national_format_and_waited_for() {
    let env = Env::start().await;
    let calls = env.client.calls();
    let created = calls
        .create(
            CreateCall::new(env.agent_id(), "(512) 555-2368")
                .name("John Smith")
                .context("Confirm the appointment")
                .first_message("Hi John!")
                .max_duration(120),
        )
        .await
        .unwrap();
    assert_eq!(created.to, "+15125552368");
    assert_eq!(created.status, CallStatus::Queued);
    assert_eq!(created.name.as_deref(), Some("John Smith"));
    assert!(unknown_fields(&created).is_empty());

    let done = calls.wait_with(&created.id, fast_wait()).await.unwrap();
    assert_eq!(done.status, CallStatus::Completed);
    assert!(done.summary.is_some());
    assert!(done.recording_url.is_some());
    assert!(done.quality_dimensions.is_some());
    assert_eq!(done.direction.as_deref(), Some("outbound"));
    assert!(
        unknown_fields(&done).is_empty(),
        "{:?}",
        unknown_fields(&done)
    );

    let got = calls.get(&created.id).await.unwrap();
    assert_eq!(got, done);
}

#[tokio::test]
async fn magic_numbers_end_no_answer_or_failed_and_wait_sees_it() {
    let env = Env::start().await;
    let calls = env.client.calls();
    for (to, want) in [
        ("+15125550001", CallStatus::NoAnswer),
        ("+15125550002", CallStatus::Failed),
    ] {
        let c = calls
            .create(CreateCall::new(env.agent_id(), to))
            .await
            .unwrap();
        let done = calls.wait_with(&c.id, fast_wait()).await.unwrap();
        assert_eq!(done.status, want, "{to}");
    }
}

#[tokio::test]
async fn documented_errors_of_post_calls() {
    let env = Env::start().await;
    let calls = env.client.calls();
    // 500 call_failed: not retried, and counted as maybe placed (the voice platform had
    // the request, whatever the sandbox did with it).
    let e = expect_code(
        calls
            .create(CreateCall::new(env.agent_id(), "+15125550009"))
            .await,
        "call_failed",
    );
    assert_eq!(e.status(), Some(500));
    assert!(e.may_have_taken_effect());
    assert_eq!(env.ledger_of("POST", "/api/v1/calls").len(), 1);

    // 404 not_found for an unknown agent.
    expect_code(
        calls
            .create(CreateCall::new("no-such-agent", "+15125552368"))
            .await,
        "not_found",
    );
    // 400 validation_error for a bad webhook URL.
    expect_code(
        calls
            .create(CreateCall::new(env.agent_id(), "+15125552368").webhook_url("not a url"))
            .await,
        "validation_error",
    );
    // 400 invalid_request for a missing (blank) agent.
    expect_code(
        calls.create(CreateCall::new("", "+15125552368")).await,
        "invalid_request",
    );
    // 403 forbidden without calls:write.
    let reader = env.client_with_scopes(&["calls:read"]).await;
    expect_code(
        reader
            .calls()
            .create(CreateCall::new(env.agent_id(), "+15125552368"))
            .await,
        "forbidden",
    );
    // 401 unauthorized with a revoked or unknown key.
    let stranger = env
        .client
        .with_api_key("kc_test_0000000000000000000000000000".to_string().into())
        .unwrap();
    expect_code(stranger.calls().get("x").await, "unauthorized");

    // An impossible number is refused before anything is sent.
    let before = env.ledger_of("POST", "/api/v1/calls").len();
    let e = expect_code(
        calls
            .create(CreateCall::new(env.agent_id(), "555-12"))
            .await,
        "invalid_phone_number",
    );
    assert!(e.to_string().contains("555-12"));
    assert_eq!(env.ledger_of("POST", "/api/v1/calls").len(), before);
    // A POST is attempted exactly once per create, whatever the outcome.
    let stats = env.client.stats();
    let post = stats["POST /api/v1/calls"];
    assert_eq!(post.retries, 0);
    assert_eq!(post.attempts, before as u64 - 1); // one came from the forbidden client
}

#[tokio::test]
async fn get_errors() {
    let env = Env::start().await;
    expect_code(env.client.calls().get("no-such-call").await, "not_found");
    let numbers_only = env.client_with_scopes(&["numbers:read"]).await;
    expect_code(numbers_only.calls().get("x").await, "forbidden");
    expect_code(
        numbers_only
            .calls()
            .list(CallFilter::default())
            .send()
            .await,
        "forbidden",
    );
}

#[tokio::test]
async fn lists_filter_and_stream_every_page_without_gaps_or_duplicates() {
    let env = Env::start().await;
    let calls = env.client.calls();
    let mut placed = Vec::new();
    for i in 0..7 {
        let to = format!("+1512555{:04}", 2300 + i);
        placed.push(
            calls
                .create(CreateCall::new(env.agent_id(), to))
                .await
                .unwrap()
                .id,
        );
    }
    // One page.
    let page = calls
        .list(CallFilter::default().limit(3))
        .send()
        .await
        .unwrap();
    assert_eq!(page.calls.len(), 3);
    assert!(page.has_more);
    assert_eq!(page.calls[0].id, placed[6], "newest first");

    // Every page, three at a time.
    let all: Vec<_> = calls
        .list(CallFilter::default().limit(3))
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|c| c.id.clone()).collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "no duplicates");
    assert_eq!(ids.len(), 7);
    let mut expected = placed.clone();
    expected.reverse();
    assert_eq!(ids, expected);
    let pages: Vec<_> = calls
        .list(CallFilter::default().limit(3))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    assert!(!pages[2].has_more);

    // Filters.
    let by_agent: Vec<_> = calls
        .list(CallFilter::default().agent_id(env.agent_id()))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(by_agent.len(), 7);
    let none: Vec<_> = calls
        .list(CallFilter::default().agent_id("other"))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    for id in &placed {
        calls.wait_with(id, fast_wait()).await.unwrap();
    }
    let completed = calls
        .list(CallFilter::default().status(CallStatus::Completed))
        .send()
        .await
        .unwrap();
    assert_eq!(completed.calls.len(), 7);
    assert!(completed.calls.iter().all(|c| unknown_fields(c).is_empty()));
    // `after` set by hand resumes below the cursor.
    let older = calls
        .list(CallFilter::default().after(all[3].created_at.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(older.calls.len(), 3);
}
