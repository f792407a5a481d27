//! The desktop app's services, with no Tauri in them: the offline cache and the sync
//! engine that fills it, the ingest path webhooks share with sync, the event bus the UI
//! listens to, accounts and their keyring-held secrets, and notifications.
//!
//! Everything here is testable against the in-process sandbox and real SQLite files; the
//! Tauri shell only adapts these services to IPC.

pub mod accounts;
mod cache;
mod error;
mod events;
pub mod ingest;
pub mod notify;
mod outbox;
pub mod secrets;
pub mod sync;
pub mod webhook_setup;

pub use cache::{Cache, Freshness};
pub use error::{CoreError, Result};
pub use events::{CoreEvent, EventBus, LeadSummary, SyncPhase};
pub use outbox::{LeadView, Outbox, overlay};
pub use sync::{SyncConfig, SyncEngine, SyncHandle, SyncStatus};
