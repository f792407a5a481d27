//! The receiver's limits seen from outside, over real TCP on loopback: a scanner learns
//! nothing about which paths exist.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use kaicalls_webhooks::{Delivery, MemoryDedup, Receiver, ReceiverConfig, ReceiverHandle, Secrets};
use secrecy::SecretString;
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
