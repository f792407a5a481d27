//! Carries the core's `AppEvent`s to the window (as typed Tauri events) and to the tray.
//! One task for the app's lifetime: the core publishes on one channel whichever account
//! is open.

use kaicalls_core::{App, AppEvent};
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

use crate::events::{
    AppAlert, CoreChanged, DialRequested, NotificationOpened, SessionChanged, UnreadChanged,
};
use crate::tray;

/// A notification was clicked: back to the window, on what it was about.
pub fn open_from_notification(handle: &AppHandle<Wry>, lead_id: Option<String>) {
    tray::show_main(handle);
    if let Err(e) = (NotificationOpened { lead_id }).emit(handle) {
        tracing::warn!(error = %e, "could not open what the notification was about");
    }
}

/// A lead arrived while the owner looks elsewhere: the taskbar asks for attention.
fn ask_for_attention(handle: &AppHandle<Wry>) {
    if let Some(window) = handle.get_webview_window("main") {
        let looking = window.is_visible().unwrap_or(false) && window.is_focused().unwrap_or(false);
        if !looking {
            let _ = window.request_user_attention(Some(tauri::UserAttentionType::Informational));
        }
    }
}

/// Starts forwarding. Subscribe before anything can publish (call it in `setup`).
pub fn spawn(handle: AppHandle<Wry>) {
    let mut events = handle.state::<App>().subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(AppEvent::Core(event)) => {
                    if let kaicalls_core::CoreEvent::NewLead { fresh: true, .. } = &event {
                        ask_for_attention(&handle);
                    }
                    CoreChanged(event).emit(&handle)
                }
                Ok(AppEvent::SessionChanged { account_id }) => {
                    SessionChanged { account_id }.emit(&handle)
                }
                Ok(AppEvent::UnreadChanged { count }) => {
                    tray::show(&handle, |c| c.unread = count);
                    UnreadChanged { count }.emit(&handle)
                }
                Ok(AppEvent::WaitingChanged { count }) => {
                    tray::show(&handle, |c| c.waiting = count);
                    Ok(())
                }
                Ok(AppEvent::Alert(alert)) => AppAlert(alert).emit(&handle),
                Ok(AppEvent::DialRequested(request)) => {
                    tray::show_main(&handle);
                    DialRequested(request).emit(&handle)
                }
                // The UI reloads what it shows on the next event; nothing is lost in the
                // cache itself.
                Err(RecvError::Lagged(n)) => {
                    tracing::warn!(n, "the window missed events");
                    Ok(())
                }
                Err(RecvError::Closed) => break,
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "could not forward an event to the window");
            }
        }
    });
}
