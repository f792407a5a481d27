//! The desktop app's services, with no Tauri in them: the offline cache and the sync
//! engine that fills it, the ingest path webhooks share with sync, the event bus the UI
//! listens to, accounts and their keyring-held secrets, and notifications.
//!
//! Everything here is testable against the in-process sandbox and real SQLite files; the
//! Tauri shell only adapts these services to IPC: [`App`] is the whole app without a
//! window, [`views`] are the types the UI receives, [`AppError`] is how failures reach it.

pub mod accounts;
mod app;
mod cache;
mod diagnostics;
mod error;
mod events;
pub mod ingest;
pub mod links;
pub mod logging;
pub mod notify;
mod outbox;
pub mod prefs;
mod private_fs;
pub mod search;
pub mod secrets;
pub mod sync;
pub mod views;
pub mod webhook_setup;
pub mod workbench;

pub use app::{
    Alert, App, AppEvent, AppInfo, AppOptions, DialCheck, DialView, ExportKind, ExportRequest,
    Exported, KeyringHealth, LiveUpdates, PlaceCall, PlacedCall, RecentCall, Recording, SendText,
    Session, SignIn, SignUp, SignedUp, SimulatedCall, SimulatedCallStarted, SyncView, TextView,
    memory_only_secrets, open_secrets, sandbox_state_file,
};
pub use cache::{Cache, Freshness};
pub use error::{AppError, CoreError, Result};
pub use events::{CoreEvent, EventBus, LeadSummary, SyncPhase};
pub use kaicalls_vocab as vocab;
pub use outbox::{LeadAsEdited, Outbox, overlay};
pub use sync::{SyncConfig, SyncEngine, SyncHandle, SyncStatus};
