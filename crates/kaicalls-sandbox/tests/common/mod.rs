//! Shared helpers for the sandbox's integration tests: an in-process sandbox reached
//! over real HTTP on loopback, and a webhook capture server.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::http::HeaderMap;
use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use parking_lot::Mutex;
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// A running sandbox plus a client holding the demo account's key.
pub struct Env {
    pub sb: SandboxHandle,
    pub http: reqwest::Client,
    pub key: String,
}

/// Fast simulations so lifecycle tests finish in well under a second.
pub fn fast_config() -> SandboxConfig {
    SandboxConfig::fast()
}

impl Env {
    pub async fn start() -> Env {
        Env::start_with(fast_config()).await
    }

    pub async fn start_with(config: SandboxConfig) -> Env {
        let sb = Sandbox::start(config).await.expect("sandbox starts");
        let key = sb.demo_account.api_key.expose_secret().to_string();
        Env {
            sb,
            http: kaicalls_sandbox::tls::http_client().build().unwrap(),
            key,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url, path)
    }

    pub fn business_id(&self) -> String {
        self.sb.demo_account.business_id.clone()
    }

    pub fn agent_id(&self) -> String {
        self.sb.demo_account.agent_id.clone()
    }

    /// Sends a request with `key` (or none) and returns status, headers and JSON body
    /// (`Value::Null` for an empty or non-JSON body).
    pub async fn raw(
        &self,
        key: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, HeaderMap, Value) {
        let mut req = self.http.request(method, self.url(path));
        if let Some(key) = key {
            req = req.bearer_auth(key);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("request reaches the sandbox");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body");
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, headers, json)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let (s, _, v) = self.raw(Some(&self.key), Method::GET, path, None).await;
        (s, v)
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let (s, _, v) = self
            .raw(Some(&self.key), Method::POST, path, Some(body))
            .await;
        (s, v)
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        let (s, _, v) = self
            .raw(Some(&self.key), Method::PATCH, path, Some(body))
            .await;
        (s, v)
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        let (s, _, v) = self
            .raw(Some(&self.key), Method::PUT, path, Some(body))
            .await;
        (s, v)
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        let (s, _, v) = self.raw(Some(&self.key), Method::DELETE, path, None).await;
        (s, v)
    }

    /// Mints a key with exactly `scopes` through the sandbox-only route.
    pub async fn key_with_scopes(&self, scopes: &[&str]) -> String {
        let (s, v) = self
            .post("/sandbox/keys", json!({ "name": "test", "scopes": scopes }))
            .await;
        assert_eq!(s, 201, "{v}");
        v["key"].as_str().unwrap().to_string()
    }

    /// Polls `GET /calls?id=` until `done(call)` holds (10 s at most).
    pub async fn wait_call(&self, id: &str, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..200 {
            let (s, call) = self.get(&format!("/api/v1/calls?id={id}")).await;
            assert_eq!(s, 200, "{call}");
            if done(&call) {
                return call;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("call {id} never reached the expected state");
    }

    /// Places a call and waits for its final status.
    pub async fn call_and_wait(&self, body: Value) -> Value {
        let (s, v) = self.post("/api/v1/calls", body).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_str().unwrap().to_string();
        self.wait_call(&id, |c| {
            !matches!(
                c["status"].as_str(),
                Some("queued" | "ringing" | "in-progress")
            )
        })
        .await
    }
}

/// Asserts the reference's error shape and code.
pub fn assert_error(status: u16, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"]["code"], want_code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// One request a capture server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A local HTTP server that records every POST it receives and answers `status`.
pub struct Capture {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Capture {
    pub async fn start(status: u16) -> Capture {
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let store = received.clone();
        let app = axum::Router::new().fallback(
            move |uri: axum::http::Uri, headers: HeaderMap, body: Bytes| {
                let store = store.clone();
                async move {
                    store.lock().push(Received {
                        path: uri.path().to_string(),
                        headers,
                        body,
                    });
                    axum::http::StatusCode::from_u16(status).unwrap()
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Capture {
            url: format!("http://{addr}/hook"),
            received,
        }
    }

    /// Waits until at least `n` requests arrived (5 s at most) and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..250 {
            if self.received.lock().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.received.lock().clone()
    }
}
