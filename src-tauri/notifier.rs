//! New-lead notifications through the OS, behind the core's `Notifier` trait so grouping
//! and the per-account switch stay testable without a window.
//!
//! On Linux and the BSDs they go straight through `notify-rust` (the crate the
//! notification plugin uses there) with a default action, so clicking one shows the
//! window and opens what it is about: the lead for one, the inbox for several. The
//! plugin offers no click callback on these systems. Elsewhere the plugin shows them and
//! the in-app alert's Open button does the opening.

use kaicalls_core::notify::{Notification, Notifier, NotifyError};
use tauri::{AppHandle, Wry};

/// Raises OS notifications for the app.
pub struct DesktopNotifier {
    app: AppHandle<Wry>,
    #[cfg(freedesktop)]
    waiting: clicks::Waiting,
}

impl DesktopNotifier {
    /// A notifier showing through the desktop's notification service.
    pub fn new(app: AppHandle<Wry>) -> Self {
        DesktopNotifier {
            app,
            #[cfg(freedesktop)]
            waiting: clicks::Waiting::default(),
        }
    }
}

/// What a click on a notification opens: one lead, or the inbox for several.
pub fn click_target(n: &Notification) -> Option<String> {
    match n.lead_ids.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(freedesktop)]
mod clicks {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use tauri::async_runtime::JoinHandle;

    /// Notifications still waiting for a click. Each wait holds a D-Bus connection and
    /// ends when the notification closes; a desktop that keeps them for ever (in a
    /// history) would pile them up, so only the newest few stay clickable.
    #[derive(Default)]
    pub struct Waiting(Mutex<VecDeque<JoinHandle<()>>>);

    const CLICKABLE: usize = 16;

    impl Waiting {
        pub fn push(&self, wait: JoinHandle<()>) {
            let mut waits = self.0.lock().unwrap_or_else(|e| e.into_inner());
            waits.push_back(wait);
            while waits.len() > CLICKABLE {
                if let Some(old) = waits.pop_front() {
                    old.abort();
                }
            }
        }
    }
}

impl Notifier for DesktopNotifier {
    #[cfg(freedesktop)]
    fn notify(&self, n: &Notification) -> Result<(), NotifyError> {
        tracing::info!(title = %n.title, leads = n.lead_ids.len(), "notification");
        let mut note = notify_rust::Notification::new();
        note.appname("KaiCalls Desktop")
            .summary(&n.title)
            .body(&n.os_body())
            .auto_icon()
            // "default" is what a click on the notification itself invokes.
            .action("default", "Open");
        let target = click_target(n);
        let app = self.app.clone();
        let wait = tauri::async_runtime::spawn(async move {
            let shown = match note.show_async().await {
                Ok(shown) => shown,
                Err(e) => {
                    tracing::warn!(error = %e, "the notification could not be shown");
                    return;
                }
            };
            shown
                .wait_for_action_async(|response| {
                    if let notify_rust::ActionResponse::Custom("default") = response {
                        crate::bridge::open_from_notification(&app, target);
                    }
                })
                .await;
        });
        self.waiting.push(wait);
        Ok(())
    }

    #[cfg(not(freedesktop))]
    fn notify(&self, n: &Notification) -> Result<(), NotifyError> {
        use tauri_plugin_notification::NotificationExt;
        tracing::info!(title = %n.title, leads = n.lead_ids.len(), "notification");
        self.app
            .notification()
            .builder()
            .title(&n.title)
            .body(n.os_body())
            .show()
            .map_err(|e| NotifyError(e.to_string()))
    }
}
