//! The route probe: answered and reported only when genuinely signed, never ingested and
//! never remembered as a delivery.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use kaicalls_webhooks::{
    MemoryDedup, Receiver, ReceiverConfig, Secrets, parse_probe, probe_body, sign_header,
};
use secrecy::SecretString;

const SECRET: &str = "whsec_probe_secret";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn post(url: &str, body: Vec<u8>, signature: Option<String>) -> (u16, serde_json::Value) {
    let mut req = http()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(sig) = signature {
        req = req.header("X-KaiCalls-Signature", sig);
    }
    let response = req.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn a_signed_probe_is_reported_but_never_ingested() {
    let (handle, mut events) = Receiver::start(
        ReceiverConfig::default(),
        Secrets::new(vec![SecretString::from(SECRET)]),
        Arc::new(MemoryDedup::new(10)),
    )
    .await
    .unwrap();
    let mut probes = handle.probes();

    let body = probe_body("nonce-1");
    let (status, answer) = post(&handle.url, body.clone(), None).await;
    assert_eq!(status, 401, "unsigned");
    assert_eq!(answer["ok"], false);
    let forged = sign_header(b"not-the-secret", now(), &body);
    assert_eq!(post(&handle.url, body.clone(), Some(forged)).await.0, 401);
    assert!(
        probes.try_recv().is_err(),
        "refused probes are not reported"
    );

    // The same probe twice: both are answered and reported (no de-duplication).
    for _ in 0..2 {
        let sig = sign_header(SECRET.as_bytes(), now(), &body);
        let (status, answer) = post(&handle.url, body.clone(), Some(sig)).await;
        assert_eq!(status, 200);
        assert_eq!(answer["nonce"], "nonce-1");
        assert_eq!(probes.recv().await.unwrap().nonce, "nonce-1");
    }
    assert!(
        events.try_recv().is_err(),
        "a probe is never handed to ingest"
    );

    // A malformed probe is not a probe: ordinary decoding refuses it.
    let bad = br#"{"event":"kaicalls_desktop.probe","nonce":""}"#.to_vec();
    assert!(parse_probe(&bad).is_none());
    let sig = sign_header(SECRET.as_bytes(), now(), &bad);
    assert_eq!(post(&handle.url, bad, Some(sig)).await.0, 400);
    assert!(probes.try_recv().is_err());
    assert!(events.try_recv().is_err());
}

/// A reqwest client; the workspace's reqwest has no crypto provider of its own, so `ring`
/// is installed first (an error only means one is installed already).
#[allow(clippy::disallowed_methods)] // The provider is installed on the line before.
fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
