//! Shared helpers: an in-process sandbox on loopback and a client pointed at it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod script;

use std::time::Duration;

use kaicalls_api::models::InboundCall;
use kaicalls_api::{Client, ClientBuilder, RateLimits, RetryPolicy, SecretString, WaitOptions};
use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// The rate-limit multiplier tests run the sandbox and the client at.
pub const MULTIPLIER: u32 = 10;

/// A running sandbox plus a client holding the demo account's owner key.
pub struct Env {
    pub sb: SandboxHandle,
    pub client: Client,
    raw: reqwest::Client,
}

/// Fast simulations and 10× rate limits.
pub fn fast_config() -> SandboxConfig {
    SandboxConfig {
        rate_limit_multiplier: MULTIPLIER,
        ..SandboxConfig::fast()
    }
}

/// Quick retries, so tests that exhaust them stay short.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        max_elapsed: Duration::from_secs(10),
    }
}

/// Polling for fast simulated calls.
pub fn fast_wait() -> WaitOptions {
    WaitOptions {
        deadline: Duration::from_secs(20),
        initial_interval: Duration::from_millis(50),
        max_interval: Duration::from_millis(200),
    }
}

impl Env {
    pub async fn start() -> Env {
        Env::start_with(fast_config()).await
    }

    pub async fn demo() -> Env {
        Env::start_with(SandboxConfig {
            demo: true,
            ..fast_config()
        })
        .await
    }

    pub async fn start_with(config: SandboxConfig) -> Env {
        let sb = Sandbox::start(config).await.expect("sandbox starts");
        let client = builder(&sb.base_url)
            .api_key(sb.demo_account.api_key.clone())
            .build()
            .expect("client builds");
        Env {
            sb,
            client,
            raw: kaicalls_sandbox::tls::http_client().build().unwrap(),
        }
    }

    pub fn business_id(&self) -> &str {
        &self.sb.demo_account.business_id
    }

    pub fn agent_id(&self) -> &str {
        &self.sb.demo_account.agent_id
    }

    fn key(&self) -> &str {
        self.sb.demo_account.api_key.expose_secret()
    }

    /// A sandbox-only route, with the owner key.
    pub async fn sandbox(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .raw
            .request(method, format!("{}{path}", self.sb.base_url))
            .bearer_auth(self.key());
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.expect("sandbox answers");
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp.json().await.expect("json")
    }

    /// A key with exactly `scopes`, minted through the sandbox-only route.
    pub async fn key_with_scopes(&self, scopes: &[&str]) -> SecretString {
        let v = self
            .sandbox(
                reqwest::Method::POST,
                "/sandbox/keys",
                Some(json!({ "name": "test", "scopes": scopes })),
            )
            .await;
        SecretString::from(v["key"].as_str().unwrap().to_string())
    }

    /// A client whose key has exactly `scopes`.
    pub async fn client_with_scopes(&self, scopes: &[&str]) -> Client {
        let key = self.key_with_scopes(scopes).await;
        self.client.with_api_key(key).unwrap()
    }

    /// Flips the sandbox's upstream-failure switches.
    pub async fn settings(&self, settings: Value) {
        self.sandbox(reqwest::Method::PUT, "/sandbox/settings", Some(settings))
            .await;
    }

    /// Someone calls in (through the client's typed sandbox route); returns the call id.
    pub async fn inbound_call(&self, from: &str, name: &str) -> String {
        let call = InboundCall::default()
            .from(from)
            .name(name)
            .agent_id(self.agent_id());
        self.client.sandbox().inbound_call(call).await.unwrap().id
    }

    /// The whole stored agent (metadata, vapi_config, audit rows included).
    pub async fn agent_record(&self, id: &str) -> Value {
        self.sandbox(
            reqwest::Method::GET,
            &format!("/sandbox/agents?id={id}"),
            None,
        )
        .await
    }

    /// Ledger entries of `method path`.
    pub fn ledger_of(&self, method: &str, path: &str) -> Vec<kaicalls_sandbox::LedgerEntry> {
        self.sb
            .ledger()
            .into_iter()
            .filter(|e| e.method == method && e.path == path)
            .collect()
    }
}

/// A client builder for `base_url` with the test multiplier and quick retries.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .retry(fast_retry())
        .rate_limits(RateLimits {
            multiplier: MULTIPLIER,
            max_wait: Duration::from_secs(5),
        })
}

/// Asserts `result` failed with `code`, and returns the error. A server code the client
/// does not know is `unknown_server_error`, keeping the server's spelling in
/// `server_code()`: that spelling is what `code` names then.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(
    result: kaicalls_api::Result<T>,
    code: &str,
) -> kaicalls_api::Error {
    match result {
        Ok(v) => panic!("expected {code}, got Ok({v:?})"),
        Err(e) => {
            let got = match e.code() {
                kaicalls_api::Code::UnknownServerError => e.server_code().unwrap_or_default(),
                known => known.as_str(),
            };
            assert_eq!(got, code, "{e}");
            assert!(!e.to_string().is_empty());
            e
        }
    }
}
