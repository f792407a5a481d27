//! What the app tells the desktop shell without being asked: the window and the tray
//! show these. One broadcast channel for the whole app, so the shell subscribes once,
//! whichever account is open.

use kaicalls_vocab::Code;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::events::CoreEvent;
use crate::links::DialRequest;

/// Something the user must be told that no command returned (the cache was rebuilt, the
/// webhook receiver could not start, an update is available, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Alert {
    /// What it is about.
    pub code: Code,
    /// Plain words.
    pub message: String,
}

/// An event for the shell.
#[derive(Debug, Clone, PartialEq)]
pub enum AppEvent {
    /// Another account was opened, or none is (onboarding): the UI reloads everything.
    SessionChanged {
        /// The open account, if any.
        account_id: Option<String>,
    },
    /// The open account's data or sync state changed (its event bus, forwarded).
    Core(CoreEvent),
    /// The number of new leads not looked at changed (the tray shows it too).
    UnreadChanged {
        /// How many.
        count: u32,
    },
    /// The number of people waiting in the follow-up inbox changed (for the tray; the
    /// window reads the inbox itself).
    WaitingChanged {
        /// How many, of every business.
        count: u32,
    },
    /// Something to tell the user.
    Alert(Alert),
    /// A link asked for a call: show the window and open the dial dialog.
    DialRequested(DialRequest),
}

/// The sending side, shared by the app and its session.
#[derive(Debug, Clone)]
pub(crate) struct AppEvents(broadcast::Sender<AppEvent>);

impl Default for AppEvents {
    fn default() -> Self {
        AppEvents(broadcast::channel(1024).0)
    }
}

impl AppEvents {
    pub(crate) fn publish(&self, event: AppEvent) {
        let _ = self.0.send(event);
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.0.subscribe()
    }

    /// Tells the user `message` (and logs it).
    pub(crate) fn alert(&self, code: Code, message: impl Into<String>) {
        let message = message.into();
        tracing::warn!(code = code.as_str(), %message, "alert");
        self.publish(AppEvent::Alert(Alert { code, message }));
    }
}
