//! A typed async client for the whole KaiCalls REST API.
//!
//! Everything the desktop app does goes through here, against a service that dials
//! real people and bills per call. So the client:
//!
//! - **never places a call twice because of a retry**: only idempotent requests are
//!   retried after they may have reached the server (see [`retry`]);
//! - **respects the documented rate limits** with its own token buckets (see [`limits`]);
//! - **turns every failure into an [`Error`]** with a stable code and a sentence a
//!   small-business owner can act on, whatever the server sent;
//! - **keeps the API key safe**: a `kc_test_` key only goes to this machine, a
//!   `kc_live_` key only to `https://www.kaicalls.com` unless explicitly allowed, and
//!   the key never appears in `Debug` output or error messages (see [`key`]);
//! - **normalises phone numbers** to E.164 with libphonenumber's rules before sending
//!   (see [`phone`]).
//!
//! # Example
//!
//! Against the sandbox (a KaiCalls-compatible server on loopback):
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use futures_util::TryStreamExt;
//! use kaicalls_api::models::{CallFilter, CreateCall};
//! use kaicalls_api::{Client, WaitOptions};
//! use kaicalls_sandbox::{Sandbox, SandboxConfig};
//! use std::time::Duration;
//!
//! let sandbox = Sandbox::start(SandboxConfig {
//!     call_duration: Duration::from_millis(300),
//!     ..Default::default()
//! })
//! .await?;
//! let client = Client::builder()
//!     .base_url(&sandbox.base_url)
//!     .api_key(sandbox.demo_account.api_key.clone())
//!     .build()?;
//!
//! // National format is fine: the default region is US.
//! let call = client
//!     .calls()
//!     .create(CreateCall::new(&sandbox.demo_account.agent_id, "(512) 555-2368").name("Ann"))
//!     .await?;
//! assert_eq!(call.to, "+15125552368");
//!
//! let done = client
//!     .calls()
//!     .wait_with(&call.id, WaitOptions { initial_interval: Duration::from_millis(100), ..Default::default() })
//!     .await?;
//! assert!(done.status.is_final());
//!
//! let all: Vec<_> = client.calls().list(CallFilter::default()).stream().try_collect().await?;
//! assert!(all.iter().any(|c| c.id == call.id));
//!
//! // Errors carry a code for the UI to branch on.
//! let err = client.calls().get("no-such-call").await.unwrap_err();
//! assert_eq!(err.code(), "not_found");
//! sandbox.shutdown().await?;
//! # Ok(()) }
//! ```

mod client;
pub mod error;
pub mod key;
pub mod limits;
pub mod models;
pub mod paging;
pub mod phone;
pub mod resources;
mod response;
pub mod retry;
mod stats;
pub mod tls;
mod transport;

pub use client::{Client, ClientBuilder};
pub use error::{Error, ErrorPayload, Result};
pub use kaicalls_vocab::Code;
pub use key::{ApiKey, KeyKind};
pub use limits::RateLimits;
pub use resources::WaitOptions;
pub use retry::RetryPolicy;
pub use secrecy::SecretString;
pub use stats::RouteStats;
