//! Black-box test of `--example receiver`: one URL line, then one line per accepted event.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use kaicalls_webhooks::sign_header;
use serde_json::{Value, json};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `cargo test` builds the examples next to the test binaries' `deps/` directory.
fn example() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("receiver")
}

fn post(url: &str, body: &[u8], secret: &[u8]) -> u16 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        http()
            .post(url)
            .header("content-type", "application/json")
            .header("X-KaiCalls-Signature", sign_header(secret, now, body))
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

#[test]
fn prints_the_url_then_one_line_per_accepted_event() {
    let mut child = Command::new(example())
        .args([
            "--secret",
            "s3cret",
            "--listen",
            "127.0.0.1:0",
            "--tolerance-secs",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the receiver example is built by `cargo test -p kaicalls-webhooks`");
    let stdout = child.stdout.take().unwrap();
    let _running = Running(child);
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(serde_json::from_str(&line).unwrap()).is_err() {
                break;
            }
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let url = first["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"));

    let lead = serde_json::to_vec(&json!({
        "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z", "business_id": "biz-1",
        "data": { "id": "lead-1", "name": "Jane Smith" }
    }))
    .unwrap();
    assert_eq!(post(&url, &lead, b"s3cret"), 200);
    assert_eq!(post(&url, &lead, b"s3cret"), 200, "duplicate acknowledged");
    assert_eq!(post(&url, &lead, b"wrong"), 401);
    let failed = serde_json::to_vec(&json!({
        "event": "call.failed", "call_id": "c1", "status": "failed", "error": "no_answer",
        "timestamp": "2026-04-27T14:31:00Z"
    }))
    .unwrap();
    assert_eq!(post(&url, &failed, b"s3cret"), 200);

    let a = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(
        a,
        json!({ "event": "lead.created", "timestamp": "2026-04-27T14:32:12Z", "business_id": "biz-1" })
    );
    let b = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(
        b,
        json!({ "event": "call.failed", "timestamp": "2026-04-27T14:31:00Z", "business_id": null })
    );
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "nothing for the duplicate or the forgery"
    );
}

/// A reqwest client; the workspace's reqwest has no crypto provider of its own, so `ring`
/// is installed first (an error only means one is installed already).
#[allow(clippy::disallowed_methods)] // The provider is installed on the line before.
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
