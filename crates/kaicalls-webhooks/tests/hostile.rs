//! The hostile-input battery: nothing invalid is ever ingested, every refusal has the
//! documented status, and the receiver keeps serving.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kaicalls_webhooks::{
    Delivery, MemoryDedup, Receiver, ReceiverConfig, ReceiverHandle, Secrets, sign_header,
};
use secrecy::SecretString;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

const SECRET: &str = "whsec_test_secret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn lead_created(id: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "event": "lead.created",
        "timestamp": "2026-04-27T14:32:12Z",
        "business_id": "biz",
        "data": { "id": id, "name": "Jane Smith", "phone": "+15125550123", "source": "inbound_call" }
    }))
    .unwrap()
}

async fn start(config: ReceiverConfig) -> (ReceiverHandle, mpsc::Receiver<Delivery>) {
    Receiver::start(
        config,
        Secrets::new(vec![SecretString::from(SECRET)]),
        Arc::new(MemoryDedup::new(1000)),
    )
    .await
    .unwrap()
}

struct Send<'a> {
    url: &'a str,
    body: Vec<u8>,
    signature: Option<String>,
    content_type: &'a str,
    event: Option<&'a str>,
}

impl<'a> Send<'a> {
    fn signed(url: &'a str, body: Vec<u8>) -> Self {
        let signature = Some(sign_header(SECRET.as_bytes(), now(), &body));
        Send {
            url,
            body,
            signature,
            content_type: "application/json",
            event: None,
        }
    }

    async fn go(self) -> u16 {
        let mut req = http()
            .post(self.url)
            .header("content-type", self.content_type)
            .body(self.body);
        if let Some(sig) = self.signature {
            req = req.header("X-KaiCalls-Signature", sig);
        }
        if let Some(event) = self.event {
            req = req.header("X-KaiCalls-Event", event);
        }
        req.send().await.unwrap().status().as_u16()
    }
}

#[tokio::test]
async fn only_genuine_fresh_first_seen_events_are_ingested() {
    let (handle, mut events) = start(ReceiverConfig::default()).await;
    let url = handle.url.clone();
    let body = lead_created("lead-1");
    let good_sig = sign_header(SECRET.as_bytes(), now(), &body);
    let v1 = good_sig.split("v1=").nth(1).unwrap().to_string();
    let wrong_path = url.replace("/hooks/", "/hooks/x");

    let cases: Vec<(&str, Send<'_>, u16)> = vec![
        (
            "missing signature",
            Send {
                signature: None,
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "garbled signature",
            Send {
                signature: Some("garbage".into()),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "wrong secret",
            Send {
                signature: Some(sign_header(b"other", now(), &body)),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "truncated hex",
            Send {
                signature: Some(format!("t={},v1={}", now(), &v1[..40])),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "stale timestamp",
            Send {
                signature: Some(sign_header(SECRET.as_bytes(), now() - 3600, &body)),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "future timestamp",
            Send {
                signature: Some(sign_header(SECRET.as_bytes(), now() + 3600, &body)),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "signature for another body",
            Send {
                signature: Some(sign_header(SECRET.as_bytes(), now(), b"{}")),
                ..Send::signed(&url, body.clone())
            },
            401,
        ),
        (
            "wrong content type",
            Send {
                content_type: "text/plain",
                ..Send::signed(&url, body.clone())
            },
            415,
        ),
        (
            "non-UTF-8 body",
            Send::signed(&url, vec![0xff, 0xfe, 0x7b]),
            400,
        ),
        (
            "malformed JSON",
            Send::signed(&url, b"{\"event\":".to_vec()),
            400,
        ),
        (
            "unknown event type",
            Send::signed(
                &url,
                br#"{"event":"lead.deleted","timestamp":"t","business_id":"b","data":{}}"#.to_vec(),
            ),
            400,
        ),
        (
            "known event, wrong shape",
            Send::signed(
                &url,
                br#"{"event":"lead.created","timestamp":"t","business_id":"b","data":{}}"#.to_vec(),
            ),
            400,
        ),
        (
            "header disagrees with body",
            Send {
                event: Some("call.completed"),
                ..Send::signed(&url, body.clone())
            },
            400,
        ),
        (
            "oversized body",
            Send::signed(&url, vec![b' '; 1024 * 1024 + 1]),
            413,
        ),
        ("wrong path", Send::signed(&wrong_path, body.clone()), 404),
    ];
    for (name, send, want) in cases {
        assert_eq!(send.go().await, want, "{name}");
    }
    assert!(events.try_recv().is_err(), "nothing invalid was ingested");

    // A replay: lead-1's genuine header on another body, padded like a rotation.
    let replayed = format!("{good_sig},v1={}", "0".repeat(64));
    let status = Send {
        signature: Some(replayed),
        ..Send::signed(&url, lead_created("lead-2"))
    }
    .go()
    .await;
    assert_eq!(status, 401);

    // The genuine event, then a redelivery of the same body with a fresh signature.
    assert_eq!(Send::signed(&url, body.clone()).go().await, 200);
    assert_eq!(Send::signed(&url, body.clone()).go().await, 200);
    let first = events.recv().await.unwrap();
    assert_eq!(first.event.name(), "lead.created");
    assert_eq!(first.raw.as_ref(), body.as_slice());
    assert!(
        events.try_recv().is_err(),
        "the redelivery was acknowledged, not ingested"
    );

    let response = http().get(&url).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);
}

#[tokio::test]
async fn secret_rotation_accepts_either_secret() {
    let (handle, mut events) = start(ReceiverConfig::default()).await;
    let body = lead_created("lead-9");
    let header = format!(
        "{},v1={}",
        sign_header(b"old-secret", now(), &body),
        kaicalls_webhooks::sign(SECRET.as_bytes(), now(), &body)
    );
    let status = Send {
        signature: Some(header),
        ..Send::signed(&handle.url, body)
    }
    .go()
    .await;
    assert_eq!(status, 200);
    assert_eq!(events.recv().await.unwrap().event.name(), "lead.created");
}

#[tokio::test]
async fn a_full_queue_answers_503_and_loses_nothing_once_drained() {
    let (handle, mut events) = start(ReceiverConfig {
        queue: 1,
        ..ReceiverConfig::default()
    })
    .await;
    assert_eq!(Send::signed(&handle.url, lead_created("a")).go().await, 200);
    assert_eq!(Send::signed(&handle.url, lead_created("b")).go().await, 503);
    assert_eq!(events.recv().await.unwrap().dedup_key.len(), 64);
    // The refused event was not marked as seen, so its redelivery is ingested.
    assert_eq!(Send::signed(&handle.url, lead_created("b")).go().await, 200);
    match events.recv().await.unwrap().event {
        kaicalls_webhooks::WebhookEvent::LeadCreated(e) => assert_eq!(e.data.id, "b"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn slow_senders_time_out() {
    let (handle, mut events) = start(ReceiverConfig {
        read_timeout: Duration::from_millis(300),
        ..ReceiverConfig::default()
    })
    .await;
    let body = lead_created("slow");
    let sig = sign_header(SECRET.as_bytes(), now(), &body);
    let mut stream = tokio::net::TcpStream::connect(handle.local_addr)
        .await
        .unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-KaiCalls-Signature: {sig}\r\nContent-Length: {}\r\n\r\n",
        handle.path(),
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..10]).await.unwrap();
    let mut response = vec![0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut response))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&response[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(events.try_recv().is_err());
}

#[tokio::test]
async fn senders_that_never_finish_their_headers_are_cut_off() {
    let (handle, mut events) = start(ReceiverConfig {
        read_timeout: Duration::from_millis(300),
        ..ReceiverConfig::default()
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(handle.local_addr)
        .await
        .unwrap();
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: app",
        handle.path()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The receiver answers 408 or just closes; either way the read ends instead of
    // waiting for headers that never come (the bound is far above the 300 ms timeout).
    let mut response = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut response))
        .await
        .expect("the connection was still open: no header read timeout");
    let text = String::from_utf8_lossy(&response);
    assert!(
        read.is_err() || text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    assert!(events.try_recv().is_err());
}

#[tokio::test]
async fn refuses_non_loopback_addresses() {
    let err = Receiver::start(
        ReceiverConfig {
            listen: "0.0.0.0:0".parse().unwrap(),
            ..ReceiverConfig::default()
        },
        Secrets::default(),
        Arc::new(MemoryDedup::new(10)),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("loopback"));
}

/// A reqwest client; the workspace's reqwest has no crypto provider of its own, so `ring`
/// is installed first (an error only means one is installed already).
#[allow(clippy::disallowed_methods)] // The provider is installed on the line before.
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
