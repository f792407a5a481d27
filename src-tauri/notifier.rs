//! New-lead notifications through the OS (`tauri-plugin-notification`), behind the core's
//! `Notifier` trait so grouping and the per-account switch stay testable without a window.
//!
//! The Linux notification daemons offer no click callback through the plugin, so "click
//! opens the lead" is served by the in-app alert the UI shows for the same leads (its
//! Open button) and by focusing the window when the tray icon is clicked.

use kaicalls_core::notify::{Notification, Notifier, NotifyError};
use tauri::{AppHandle, Wry};
use tauri_plugin_notification::NotificationExt;

/// Raises OS notifications for the app.
pub struct DesktopNotifier {
    app: AppHandle<Wry>,
}

impl DesktopNotifier {
    /// A notifier showing through `app`'s notification plugin.
    pub fn new(app: AppHandle<Wry>) -> Self {
        DesktopNotifier { app }
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, n: &Notification) -> Result<(), NotifyError> {
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
