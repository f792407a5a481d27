//! New-lead notifications: one per new lead, one per burst.
//!
//! A task listens to the account's [`EventBus`] for `NewLead { fresh: true }` (leads that
//! arrived as news, never the first download's backfill) and, from the first such lead,
//! collects for [`NotifyConfig::window`]; then it raises one notification naming them.
//! A single lead reads "New lead: Jane Doe — inbound call"; a burst reads
//! "3 new leads: Jane Doe, John Roe and 1 more". Each carries the lead ids so a click can
//! open the lead (the shell wires the click). The account's setting is read when the
//! window closes, so turning notifications off silences what is already collected.
//!
//! The desktop [`Notifier`] (tauri-plugin-notification) arrives with the Tauri shell;
//! [`RecordingNotifier`] serves tests.

mod text;

use kaicalls_vocab::Code;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use serde::Serialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::events::{CoreEvent, EventBus, LeadSummary};

pub use text::{compose, escape_markup, source_phrase, who};

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notification {
    /// The account the leads belong to (a click switches to it).
    pub account_id: String,
    /// "New lead" or "3 new leads": never a lead's own words, because some daemons read
    /// markup in the title as well, whatever the specification says.
    pub title: String,
    /// Who, and for one lead where from, as plain text (what a reader sees); the desktop
    /// is given [`Notification::os_body`].
    pub body: String,
    /// The leads, in arrival order: a click opens the first (or the list, for several).
    pub lead_ids: Vec<String>,
}

impl Notification {
    /// Title and body as one line ("New lead: Jane Doe — inbound call").
    pub fn text(&self) -> String {
        format!("{}: {}", self.title, self.body)
    }

    /// The body as this platform's notification service must be handed it to show
    /// [`Notification::body`] as it reads. On Linux and the BSDs the daemons interpret a
    /// subset of HTML in the body and notify-rust (under tauri-plugin-notification) passes
    /// it through untouched, so lead names, which anyone who calls can choose, are
    /// escaped. macOS and Windows show the body as plain text, where an escape would
    /// show as `&lt;`.
    pub fn os_body(&self) -> Cow<'_, str> {
        if BODY_IS_MARKUP {
            escape_markup(&self.body)
        } else {
            Cow::Borrowed(&self.body)
        }
    }
}

/// Whether the OS reads a notification's body as markup (freedesktop "body-markup").
pub const BODY_IS_MARKUP: bool = cfg!(all(
    unix,
    not(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "android"
    ))
));

/// The notifier could not show a notification (`notification_failed`). Nothing is
/// retried: the lead is in the app all the same.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not show the notification: {0}")]
pub struct NotifyError(pub String);

impl NotifyError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        Code::NotificationFailed
    }
}

/// Shows notifications: the OS's in the app, a recorder in tests.
pub trait Notifier: Send + Sync {
    /// Shows `notification` now.
    fn notify(&self, notification: &Notification) -> Result<(), NotifyError>;
}

/// Keeps every notification it is given, for tests.
pub struct RecordingNotifier {
    seen: Mutex<Vec<Notification>>,
    count: watch::Sender<usize>,
}

impl Default for RecordingNotifier {
    fn default() -> Self {
        RecordingNotifier {
            seen: Mutex::new(Vec::new()),
            count: watch::channel(0).0,
        }
    }
}

impl RecordingNotifier {
    /// An empty recorder.
    pub fn new() -> Self {
        Self::default()
    }

    /// What was recorded so far.
    pub fn notifications(&self) -> Vec<Notification> {
        self.seen.lock().clone()
    }

    /// Waits until at least `n` notifications were recorded (wrap in a timeout).
    pub async fn wait_for(&self, n: usize) {
        let mut rx = self.count.subscribe();
        let _ = rx.wait_for(|count| *count >= n).await;
    }
}

impl Notifier for RecordingNotifier {
    fn notify(&self, notification: &Notification) -> Result<(), NotifyError> {
        let mut seen = self.seen.lock();
        seen.push(notification.clone());
        self.count.send_replace(seen.len());
        Ok(())
    }
}

/// How leads are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotifyConfig {
    /// How long after the first new lead others are collected into the same notification.
    pub window: Duration,
    /// How many names a burst's notification shows before "and N more".
    pub names_shown: usize,
}

impl Default for NotifyConfig {
    fn default() -> Self {
        NotifyConfig {
            window: Duration::from_secs(2),
            names_shown: 2,
        }
    }
}

/// Whether the account wants notifications, asked when a notification is due (the shell
/// passes `move || accounts.notifications_enabled(&id)`).
pub type NotifySetting = Arc<dyn Fn() -> bool + Send + Sync>;

/// Starts the notification task of `account_id` on `bus`. It runs until `shutdown`,
/// raising what it collected before it stops.
pub fn spawn_lead_notifications(
    account_id: String,
    bus: &EventBus,
    notifier: Arc<dyn Notifier>,
    enabled: NotifySetting,
    config: NotifyConfig,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let mut events = bus.subscribe();
    tokio::spawn(async move {
        let mut pending: Vec<LeadSummary> = Vec::new();
        let mut ids = HashSet::new();
        let mut deadline: Option<Instant> = None;
        let flush = |pending: &mut Vec<LeadSummary>, ids: &mut HashSet<String>| {
            if enabled() {
                if let Some(n) = compose(&account_id, pending, config.names_shown) {
                    if let Err(e) = notifier.notify(&n) {
                        tracing::warn!(code = e.code().as_str(), error = %e, "new-lead notification failed");
                    }
                }
            }
            pending.clear();
            ids.clear();
        };
        loop {
            let due = async {
                match deadline {
                    Some(at) => tokio::time::sleep_until(at).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = shutdown.cancelled() => break,
                _ = due => {
                    flush(&mut pending, &mut ids);
                    deadline = None;
                }
                event = events.recv() => match event {
                    Ok(CoreEvent::NewLead { lead, fresh: true }) => {
                        if ids.insert(lead.id.clone()) {
                            deadline.get_or_insert_with(|| Instant::now() + config.window);
                            pending.push(lead);
                        }
                    }
                    Ok(_) => {}
                    Err(RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "the notifier fell behind the event bus");
                    }
                    Err(RecvError::Closed) => break,
                },
            }
        }
        flush(&mut pending, &mut ids);
    })
}
