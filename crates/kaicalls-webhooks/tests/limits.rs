//! The receiver's limits seen from outside, over real TCP on loopback: a scanner learns
//! nothing about which paths exist, and held connections cannot crowd out deliveries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kaicalls_webhooks::{
    Delivery, MemoryDedup, Receiver, ReceiverConfig, ReceiverHandle, Secrets, sign_header,
};
use secrecy::SecretString;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

const SECRET: &str = "whsec_limits_secret";

async fn start(config: ReceiverConfig) -> (ReceiverHandle, mpsc::Receiver<Delivery>) {
    Receiver::start(
        config,
        Secrets::new(vec![SecretString::from(SECRET)]),
        Arc::new(MemoryDedup::new(100)),
    )
    .await
    .unwrap()
}

fn signed_lead(id: &str) -> (Vec<u8>, String) {
    let body = serde_json::to_vec(&json!({
        "event": "lead.created",
        "timestamp": "2026-04-27T14:32:12Z",
        "business_id": "biz",
        "data": { "id": id, "name": "Jane Smith", "phone": "+15125550123", "source": "inbound_call" }
    }))
    .unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = sign_header(SECRET.as_bytes(), now, &body);
    (body, signature)
}

/// One request on its own connection; the whole answer as text, `Date` removed (it is the
/// only part allowed to differ between two answers).
async fn exchange(addr: std::net::SocketAddr, method: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("the receiver answers")
        .unwrap();
    String::from_utf8_lossy(&answer)
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("date:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_wrong_path_answers_the_same_whatever_the_method() {
    let (handle, _events) = start(ReceiverConfig::default()).await;
    let addr = handle.local_addr;
    let token = handle.path().trim_start_matches("/hooks/").to_string();
    let wrong_paths = [
        "/hooks/not-the-token".to_string(),
        format!("/hooks/{}", &token[..token.len() - 1]),
        format!("/hooks/{token}x"),
        "/hooks/".to_string(),
        "/".to_string(),
    ];
    for path in &wrong_paths {
        let right_method = exchange(addr, "POST", path).await;
        assert!(right_method.starts_with("HTTP/1.1 404"), "{right_method}");
        for method in ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"] {
            let wrong_method = exchange(addr, method, path).await;
            assert_eq!(wrong_method, right_method, "{method} {path}");
        }
    }
    // Whoever holds the token may learn that the route wants POST.
    let known = exchange(addr, "GET", handle.path()).await;
    assert!(known.starts_with("HTTP/1.1 405"), "{known}");
}

/// Opens a connection and sends half a request head, so the receiver holds it open
/// waiting for the rest.
async fn held(addr: std::net::SocketAddr, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let partial = format!("POST {path} HTTP/1.1\r\nHost: x\r\n");
    stream.write_all(partial.as_bytes()).await.unwrap();
    stream
}

async fn deliver(url: &str, id: &str) -> reqwest::Response {
    let (body, signature) = signed_lead(id);
    http()
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-KaiCalls-Signature", signature)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn connections_past_the_cap_get_503_and_the_receiver_keeps_serving() {
    const CAP: usize = 3;
    let (handle, mut events) = start(ReceiverConfig {
        max_connections: CAP,
        // Far longer than the test, so the held connections stay held.
        read_timeout: Duration::from_secs(120),
        ..ReceiverConfig::default()
    })
    .await;
    let mut holders = Vec::new();
    for _ in 0..CAP {
        holders.push(held(handle.local_addr, handle.path()).await);
    }

    let refused = deliver(&handle.url, "refused").await;
    assert_eq!(refused.status().as_u16(), 503);
    let retry_after: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after >= 1);
    assert!(
        events.try_recv().is_err(),
        "a refused delivery is not ingested"
    );

    // The held connections go away; the next delivery gets through (the bound is only
    // for the receiver to notice the closed sockets, which takes milliseconds).
    drop(holders);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let status = deliver(&handle.url, "after").await.status().as_u16();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(
            tokio::time::Instant::now() < deadline,
            "still refused after the held connections closed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let delivered = events.recv().await.unwrap();
    assert_eq!(delivered.event.name(), "lead.created");

    // Up to the cap, connections are all served at once.
    let mut holders = Vec::new();
    for _ in 0..CAP - 1 {
        holders.push(held(handle.local_addr, handle.path()).await);
    }
    assert_eq!(deliver(&handle.url, "beside").await.status().as_u16(), 200);
    drop(holders);
}

/// A reqwest client; the workspace's reqwest has no crypto provider of its own, so `ring`
/// is installed first (an error only means one is installed already).
#[allow(clippy::disallowed_methods)] // The provider is installed on the line before.
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
