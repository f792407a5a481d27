//! Every shape of failure becomes a typed error with a code and a plain message, never
//! a panic: documented envelopes, `{"error":"text"}`, HTML pages, wrong shapes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::script::{Scripted, json, raw};
use common::{builder, expect_code};
use kaicalls_api::{Client, RetryPolicy, SecretString};
use serde_json::json as j;

const KEY: &str = "kc_test_0123456789abcdef0123456789abcdef";

fn client(server: &Scripted) -> Client {
    builder(&server.base_url)
        .api_key(SecretString::from(KEY.to_string()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_documented_code_maps_to_its_variant() {
    let codes = [
        (401, "unauthorized"),
        (403, "forbidden"),
        (404, "not_found"),
        (400, "invalid_request"),
        (400, "validation_error"),
        (409, "email_exists"),
        (400, "number_on_dnc"),
        (400, "number_opted_out"),
        (500, "sms_send_failed"),
        (502, "vapi_error"),
        (500, "call_failed"),
        (402, "payment_required"),
        (500, "internal_error"),
        (429, "rate_limited"),
        (418, "brand_new_code"),
    ];
    for (status, code) in codes {
        let server = Scripted::start(move |_, _, _| {
            json(
                status,
                j!({"error": {"code": code, "message": "Something specific"}}),
            )
        })
        .await;
        // A POST, so the answer is returned as is, without retries.
        let result = client(&server)
            .sms()
            .send(kaicalls_api::models::SendSms::new(
                "+15125552368",
                "a",
                "hi",
            ))
            .await;
        let e = expect_code(result, code);
        assert_eq!(e.status(), Some(status), "{code}");
        assert_eq!(server.hits(), 1, "{code}");
        assert!(!matches!(e, kaicalls_api::Error::Api { .. }) || code == "brand_new_code");
    }
}

#[tokio::test]
async fn the_reference_error_example_keeps_its_unknown_code() {
    let body = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../kaicalls-sandbox/fixtures/reference/error.json"
    ))
    .unwrap();
    let server = Scripted::start(move |_, _, _| raw(400, "application/json", &body)).await;
    let e = expect_code(client(&server).agents().list().await, "error_code");
    assert!(e.to_string().contains("Human-readable description"));
}

#[tokio::test]
async fn text_errors_html_pages_and_empty_bodies_map_by_status() {
    let server = Scripted::start(|_, _, path| match path {
        "/api/v1/agents" => json(401, j!({"error": "Invalid API key"})),
        "/api/v1/numbers" => raw(404, "text/html", "<html><body>Not Found</body></html>"),
        "/api/v1/balance" => raw(502, "text/html", "<html><h1>502 Bad Gateway</h1></html>"),
        "/api/v1/usage" => raw(418, "text/plain", ""),
        _ => json(403, j!({"message": "nope"})),
    })
    .await;
    let c = client(&server);
    let e = expect_code(c.agents().list().await, "unauthorized");
    assert!(e.to_string().contains("Invalid API key"));
    expect_code(c.numbers().list().await, "not_found");
    let e = expect_code(c.account().balance().await, "internal_error");
    assert!(e.to_string().contains("not an API answer"), "{e}");
    expect_code(
        c.account().usage(Default::default()).await,
        "malformed_response",
    );
    let e = expect_code(c.analytics().weekly().await, "forbidden");
    assert!(e.to_string().contains("nope"));
}

#[tokio::test]
async fn a_success_status_with_a_body_the_client_cannot_read() {
    // Garbled (HTML on 200): retried as transient, then reported.
    let garbled = Scripted::start(|_, _, _| raw(200, "text/html", "<html>oops</html>")).await;
    let e = expect_code(client(&garbled).agents().list().await, "malformed_response");
    assert_eq!(e.status(), Some(200));
    assert_eq!(garbled.hits(), common::fast_retry().max_attempts as usize);
    // Valid JSON of the wrong shape: a version mismatch, not retried.
    let wrong = Scripted::start(|_, _, _| json(200, j!({"agents": 5}))).await;
    expect_code(client(&wrong).agents().list().await, "malformed_response");
    assert_eq!(wrong.hits(), 1);
}

#[tokio::test]
async fn a_list_whose_cursor_does_not_move_ends_in_an_error_not_a_loop() {
    let page = j!({"calls": [{
        "id": "c1", "status": "completed", "agent_id": "a",
        "created_at": "2026-02-15T14:30:00Z"
    }], "has_more": true});
    let server = Scripted::start(move |_, _, _| json(200, page.clone())).await;
    let items: Vec<_> =
        futures_util::StreamExt::collect(client(&server).calls().list(Default::default()).stream())
            .await;
    assert_eq!(items.len(), 2, "one item, then the error");
    assert!(items[0].is_ok());
    assert_eq!(items[1].as_ref().unwrap_err().code(), "malformed_response");
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn wait_ends_on_final_statuses_and_at_its_deadline() {
    let call = |status: &str| j!({"id": "c1", "status": status, "agent_id": "a", "created_at": "2026-02-15T14:30:00Z"});
    for (status, done) in [("ended", true), ("voicemail", true), ("in_progress", false)] {
        let body = call(status);
        let server = Scripted::start(move |_, _, _| json(200, body.clone())).await;
        let result = client(&server)
            .calls()
            .wait_with(
                "c1",
                kaicalls_api::WaitOptions {
                    deadline: std::time::Duration::from_millis(300),
                    initial_interval: std::time::Duration::from_millis(20),
                    max_interval: std::time::Duration::from_millis(50),
                },
            )
            .await;
        if done {
            assert_eq!(result.unwrap().status.as_str(), status);
        } else {
            let e = expect_code(result, "wait_timeout");
            assert!(e.to_string().contains("in_progress"), "{e}");
            assert!(server.hits() > 2);
        }
    }
    // Transient failures during a wait are waited out.
    let body = call("completed");
    let server = Scripted::start(move |n, _, _| {
        if n <= 5 {
            json(
                503,
                j!({"error": {"code": "internal_error", "message": "busy"}}),
            )
        } else {
            json(200, body.clone())
        }
    })
    .await;
    let c = builder(&server.base_url)
        .api_key(SecretString::from(KEY.to_string()))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let done = c
        .calls()
        .wait_with("c1", common::fast_wait())
        .await
        .unwrap();
    assert!(done.status.is_final());
}
