//! The server's own limits, over raw TCP on loopback where a client misbehaves: headers
//! that never finish, bodies over the limit on every kind of route, and a webhook log that
//! stays a ring buffer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{Capture, Env, fast_config};
use kaicalls_sandbox::SandboxConfig;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The bound every "the server ends this" wait gets: far above the configured limits, so
/// only a missing limit can exceed it.
const GENEROUS: Duration = Duration::from_secs(30);

fn addr(env: &Env) -> String {
    env.sb.base_url.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection (or resets it) and returns what came.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    // A reset after the answer is fine: what arrived before it is kept in `answer`.
    let _ = tokio::time::timeout(GENEROUS, stream.read_to_end(&mut answer))
        .await
        .expect("the server kept the connection open");
    String::from_utf8_lossy(&answer).into_owned()
}

/// Status and JSON body of a raw HTTP/1.1 answer.
fn parse(answer: &str) -> (u16, Value) {
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let env = Env::start_with(SandboxConfig {
        header_read_timeout: Duration::from_secs(1),
        ..fast_config()
    })
    .await;
    let stream = TcpStream::connect(addr(&env)).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    // One header line every 200 ms, for ever: each byte is on time, the head never is.
    let trickle = tokio::spawn(async move {
        if write
            .write_all(b"GET /sandbox/health HTTP/1.1\r\nHost: x\r\n")
            .await
            .is_err()
        {
            return;
        }
        for i in 0.. {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if write
                .write_all(format!("X-Slow-{i}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
        }
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(GENEROUS, read.read_to_end(&mut answer))
        .await
        .expect("the slow client still had its connection: no header read timeout");
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    trickle.abort();

    // Prompt clients are served as before.
    let (status, body) = env.get("/sandbox/health").await;
    assert_eq!(status, 200, "{body}");
}

const LIMIT: usize = 4096;

/// Sends `head` and then a chunked body of a little over [`LIMIT`] that never ends: a
/// server without a limit would wait for the rest. Only what crosses the limit is sent, so
/// the server reads everything and closes cleanly rather than with a reset.
async fn chunked_over_limit(env: &Env, method: &str, path: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr(env)).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        env.key
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let filler = format!("{{\"name\":\"{}", "x".repeat(LIMIT - 100));
    let more = "y".repeat(200);
    for chunk in [filler, more] {
        let framed = format!("{:x}\r\n{chunk}\r\n", chunk.len());
        stream.write_all(framed.as_bytes()).await.unwrap();
    }
    parse(&read_until_closed(&mut stream).await)
}

/// Declares a body far over [`LIMIT`] and sends none of it.
async fn declared_over_limit(env: &Env, method: &str, path: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr(env)).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        env.key,
        10 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    parse(&read_until_closed(&mut stream).await)
}

fn assert_too_large((status, body): (u16, Value), what: &str) {
    assert_eq!(status, 413, "{what}: {body}");
    assert_eq!(body["error"]["code"], "invalid_request", "{what}: {body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&LIMIT.to_string())),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_on_every_route() {
    let env = Env::start_with(SandboxConfig {
        max_body: LIMIT,
        ..fast_config()
    })
    .await;
    for (method, path) in [
        ("POST", "/sandbox/keys"),
        ("PUT", "/sandbox/settings"),
        ("POST", "/sandbox/inbound-call"),
        ("POST", "/api/v1/agents"),
        ("POST", "/api/mcp"),
    ] {
        assert_too_large(
            chunked_over_limit(&env, method, path).await,
            &format!("chunked {method} {path}"),
        );
    }
    for (method, path) in [
        ("POST", "/sandbox/keys"),
        ("GET", "/sandbox/health"),
        ("GET", "/sandbox/ledger"),
        ("POST", "/api/v1/calls"),
        ("POST", "/nowhere"),
    ] {
        assert_too_large(
            declared_over_limit(&env, method, path).await,
            &format!("declared {method} {path}"),
        );
    }

    // A body within the limit is served as before.
    let (status, body) = env
        .post(
            "/sandbox/keys",
            json!({ "name": "x".repeat(LIMIT - 100), "scopes": ["calls:read"] }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// Polls the webhook log until `done` holds (10 s at most) and returns its URLs.
async fn logged_urls(env: &Env, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut urls = Vec::new();
    for _ in 0..200 {
        let (status, v) = env.get("/sandbox/webhook-logs").await;
        assert_eq!(status, 200, "{v}");
        urls = v["logs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["url"].as_str().unwrap().to_string())
            .collect();
        if done(&urls) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    urls
}

#[tokio::test]
async fn the_webhook_log_keeps_only_the_newest_deliveries() {
    const CAP: usize = 3;
    let env = Env::start_with(SandboxConfig {
        max_webhook_logs: CAP,
        ..fast_config()
    })
    .await;
    let capture = Capture::start(200).await;
    let mut sent = Vec::new();
    for i in 1..=6 {
        let url = format!("{}/{i}", capture.url);
        env.call_and_wait(
            json!({ "agent_id": env.agent_id(), "to": "+15125550100", "webhook_url": url }),
        )
        .await;
        // Each call's one delivery is logged before the next call starts, so the log's
        // order is the calls' order.
        let urls = logged_urls(&env, |urls| urls.contains(&url)).await;
        assert!(urls.contains(&url), "call {i}'s delivery was never logged");
        assert!(urls.len() <= CAP, "{urls:?}");
        sent.push(url);
    }
    let urls = logged_urls(&env, |_| true).await;
    assert_eq!(urls, sent[sent.len() - CAP..], "the oldest went first");
}
