//! The app keeps running when its window closes: new leads must still raise
//! notifications. Closing hides the window to the tray; where the desktop shows no tray
//! (GNOME without its extension: no StatusNotifierWatcher on the session bus), it is
//! minimized instead, since a hidden window with no tray icon could not be found again.
//! The first time, a notification says so and how to get back. The owner can turn this
//! off in Settings (closing then quits), and Quit is in the tray menu and on Ctrl+Q.

use std::sync::atomic::{AtomicBool, Ordering};

use kaicalls_core::prefs::{Prefs, PrefsFile};
use tauri::{AppHandle, Manager, WebviewWindow, Wry};
use tauri_plugin_notification::NotificationExt;

/// Whether a tray icon is shown (set once at start, see [`watch_tray`]).
#[derive(Debug, Default)]
pub struct TrayShown(AtomicBool);

impl TrayShown {
    /// Whether the desktop shows the tray icon.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// What closing the window does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnClose {
    /// The app quits (the owner turned background running off).
    Quit,
    /// Hidden; the tray icon brings it back.
    Hide,
    /// Minimized: no tray to come back from.
    Minimize,
}

/// The rule, apart from the window so it can be tested.
pub fn on_close(prefs: Prefs, tray: bool) -> OnClose {
    match (prefs.close_to_background, tray) {
        (false, _) => OnClose::Quit,
        (true, true) => OnClose::Hide,
        (true, false) => OnClose::Minimize,
    }
}

/// Handles a close request of `window`: returns whether the close should go ahead.
pub fn close_requested(window: &WebviewWindow<Wry>) -> bool {
    let app = window.app_handle();
    let prefs = app.state::<PrefsFile>();
    let tray = app.state::<TrayShown>().get();
    let now = prefs.get();
    let how = on_close(now, tray);
    match how {
        OnClose::Quit => return true,
        OnClose::Hide => {
            let _ = window.hide();
        }
        OnClose::Minimize => {
            let _ = window.minimize();
        }
    }
    if !now.close_explained {
        explain(app, how);
        let told = Prefs {
            close_explained: true,
            ..now
        };
        if let Err(e) = prefs.set(told) {
            tracing::warn!(code = e.code.as_str(), "could not remember the explanation");
        }
    }
    false
}

fn explain(app: &AppHandle<Wry>, how: OnClose) {
    let body = match how {
        OnClose::Hide => {
            "New leads will still notify you. Open KaiCalls again from its tray icon; quit \
             from the tray icon's menu or with Ctrl+Q. Settings can make closing quit."
        }
        _ => {
            "It is minimized, so new leads still notify you. Open it again from your \
             taskbar or by starting it again; quit with Ctrl+Q. Settings can make closing \
             quit."
        }
    };
    if let Err(e) = app
        .notification()
        .builder()
        .title("KaiCalls is still running")
        .body(body)
        .show()
    {
        tracing::warn!(error = %e, "could not explain closing");
    }
}

/// Finds out whether the desktop shows tray icons, once, in the background.
pub fn watch_tray(app: &AppHandle<Wry>, installed: bool) {
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let shown = installed && desktop_has_tray().await;
        tracing::info!(shown, "tray icon");
        handle
            .state::<TrayShown>()
            .0
            .store(shown, Ordering::Relaxed);
    });
}

#[cfg(freedesktop)]
async fn desktop_has_tray() -> bool {
    // The tray on Linux is the StatusNotifierItem protocol: no watcher, no icon shown.
    let Ok(bus) = zbus::Connection::session().await else {
        return false;
    };
    let Ok(dbus) = zbus::fdo::DBusProxy::new(&bus).await else {
        return false;
    };
    let Ok(name) = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher") else {
        return false;
    };
    dbus.name_has_owner(name).await.unwrap_or(false)
}

#[cfg(not(freedesktop))]
async fn desktop_has_tray() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_hides_where_a_tray_shows_and_minimizes_where_none_does() {
        let on = Prefs::default();
        assert_eq!(on_close(on, true), OnClose::Hide);
        assert_eq!(on_close(on, false), OnClose::Minimize);
        let off = Prefs {
            close_to_background: false,
            ..on
        };
        assert_eq!(on_close(off, true), OnClose::Quit);
        assert_eq!(on_close(off, false), OnClose::Quit);
    }
}
