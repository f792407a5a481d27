//! Events the UI listens to, typed through tauri-specta like the commands. Each carries a
//! core type; [`crate::bridge`] turns the core's `AppEvent`s into them.

use kaicalls_core::links::DialRequest;
use kaicalls_core::{Alert, CoreEvent};
use serde::Serialize;
use specta::Type;
use tauri_specta::Event;

/// Something changed in the open account's data or sync state (the core's event bus).
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct CoreChanged(pub CoreEvent);

/// Another account was opened, or none is (onboarding): reload everything.
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct SessionChanged {
    /// The open account, if any.
    pub account_id: Option<String>,
}

/// A `tel:` or `kaicalls:` link asked for a call: open the dial dialog pre-filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, Event)]
pub struct DialRequested(pub DialRequest);

/// New leads the user has not looked at yet (also on the tray icon).
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct UnreadChanged {
    /// How many.
    pub count: u32,
}

/// A notification was clicked: the window is shown; open this lead (`None`: several
/// leads arrived together, open the inbox).
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct NotificationOpened {
    /// The one lead it was about.
    pub lead_id: Option<String>,
}

/// Something the user must be told that no command returned (the cache was rebuilt,
/// the webhook receiver could not start, an update is available, ...).
#[derive(Debug, Clone, Serialize, Type, Event)]
pub struct AppAlert(pub Alert);
