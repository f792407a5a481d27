//! A KaiCalls-compatible API server that runs on loopback.
//!
//! KaiCalls has no test environment: every live key dials real people and is billed.
//! This crate plays KaiCalls faithfully to the API reference, so the desktop app can
//! offer an "explore without an account" mode and every test has a server to talk to.
//! Calls are simulated (`queued → ringing → in-progress → completed`), produce
//! transcripts, leads and signed webhooks; faults can be injected on purpose.
//!
//! ```no_run
//! # async fn demo() -> Result<(), kaicalls_sandbox::SandboxError> {
//! use kaicalls_sandbox::{Sandbox, SandboxConfig};
//! use secrecy::ExposeSecret;
//!
//! let sandbox = Sandbox::start(SandboxConfig { demo: true, ..Default::default() }).await?;
//! let agents: serde_json::Value = reqwest::Client::new()
//!     .get(format!("{}/api/v1/agents", sandbox.base_url))
//!     .bearer_auth(sandbox.demo_account.api_key.expose_secret())
//!     .send().await.map_err(|e| kaicalls_sandbox::SandboxError::Http(e.to_string()))?
//!     .json().await.map_err(|e| kaicalls_sandbox::SandboxError::Http(e.to_string()))?;
//! assert!(agents["agents"].as_array().is_some_and(|a| !a.is_empty()));
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

mod auth;
mod config;
mod corrupt;
mod demo;
mod error;
mod extract;
mod faults;
mod limits;
mod magic;
mod model;
mod persist;
mod provision;
mod routes;
mod server;
mod sim;
mod state;
mod time;
pub mod tls;
mod webhook_out;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use tokio::net::TcpListener;

pub use config::{DEFAULT_MAX_BODY, FaultConfig, SandboxConfig, Scale};
pub use faults::{Fault, LedgerEntry};

use state::{App, Db, Shared};

/// Why a sandbox could not start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// `listen` is not a loopback address and `allow_remote` is off.
    #[error(
        "refusing to listen on {0}: the sandbox binds loopback only (use --allow-remote to override)"
    )]
    NonLoopback(SocketAddr),
    /// The address could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    /// The state file could not be read or written.
    #[error("sandbox state file {0}: {1}")]
    State(PathBuf, String),
    /// The outgoing HTTP client (webhook delivery) could not be built.
    #[error("HTTP client: {0}")]
    Http(String),
}

/// The account a sandbox provides from the start (seeded with data under `demo`).
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// The owner key (every scope): the one offered in `SandboxConfig::demo_key` when the
    /// state still knows it, else one minted at this start. Earlier keys stay valid.
    pub api_key: SecretString,
    /// The account's first business.
    pub business_id: String,
    /// Its intake agent.
    pub agent_id: String,
    /// The owner's email.
    pub email: String,
}

/// Starts sandboxes.
pub struct Sandbox;

/// A running sandbox. Drop it or call [`SandboxHandle::shutdown`] to stop it.
pub struct SandboxHandle {
    /// Origin the server answers on, e.g. `http://127.0.0.1:40123` (paths start `/api/`).
    pub base_url: String,
    /// The ready-made account.
    pub demo_account: DemoAccount,
    /// Where a state file that could not be read was moved (the sandbox started fresh).
    pub damaged_state: Option<std::path::PathBuf>,
    app: App,
    server: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Loads or creates the state, binds `config.listen` and starts serving.
    pub async fn start(config: SandboxConfig) -> Result<SandboxHandle, SandboxError> {
        if !config.allow_remote && !config.listen.ip().is_loopback() {
            return Err(SandboxError::NonLoopback(config.listen));
        }
        let (loaded, damaged_state) = match &config.state_file {
            Some(path) if config.replace_damaged_state => persist::load_or_set_aside(path)?,
            Some(path) => (persist::load(path)?, None),
            None => (None, None),
        };
        let mut db = loaded.unwrap_or_else(|| Db::new(config.seed));
        let demo_account = demo::ensure_account(&mut db, &config);

        let listener = TcpListener::bind(config.listen)
            .await
            .map_err(|e| SandboxError::Bind(config.listen, e))?;
        let local = listener
            .local_addr()
            .map_err(|e| SandboxError::Bind(config.listen, e))?;
        let base_url = format!("http://{local}");
        // Deliveries carry the receiver's secret path and a signature: they go straight
        // to the URL, never through a proxy from the environment.
        let http = tls::http_client()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SandboxError::Http(e.to_string()))?;

        let app: App = Arc::new(Shared::new(db, config.clone(), base_url.clone(), http));
        sim::resume_unfinished(&app);
        if let Some(path) = config.state_file.clone() {
            persist::save(&app, &path)?;
            app.tasks.spawn(persist::saver(app.clone(), path));
        }
        let router = routes::router(app.clone());
        let server = tokio::spawn(server::serve(
            listener,
            router,
            app.cancel.clone(),
            app.tasks.clone(),
            config.header_read_timeout,
        ));
        tracing::info!(%base_url, "sandbox listening");
        Ok(SandboxHandle {
            base_url,
            demo_account,
            damaged_state,
            app,
            server,
        })
    }
}

impl SandboxHandle {
    /// Every `/api/` request so far, with its injected fault and side effect.
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        self.app.ledger.entries()
    }

    /// Serves item `id` of `collection` (`calls`, `leads`, `transcripts`) with `patch`
    /// merged in (an object; anything else replaces the item), in lists and detail
    /// reads, until [`SandboxHandle::repair`]: a damaged record for clients' tests.
    pub fn corrupt(&self, collection: &str, id: &str, patch: serde_json::Value) {
        self.app.corruptions.set(collection, id, patch);
    }

    /// Serves `id` of `collection` whole again.
    pub fn repair(&self, collection: &str, id: &str) {
        self.app.corruptions.clear(collection, id);
    }

    /// Stops accepting, ends simulations, and saves the state file one last time.
    pub async fn shutdown(mut self) -> Result<(), SandboxError> {
        self.app.cancel.cancel();
        let _ = (&mut self.server).await;
        self.app.tasks.close();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.app.tasks.wait()).await;
        if let Some(path) = &self.app.config.state_file {
            persist::save(&self.app, path)?;
        }
        Ok(())
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.app.cancel.cancel();
    }
}
