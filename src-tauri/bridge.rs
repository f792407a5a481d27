//! Carries the core's `AppEvent`s to the window (as typed Tauri events) and to the tray.
//! One task for the app's lifetime: the core publishes on one channel whichever account
//! is open.

use kaicalls_core::{App, AppEvent};
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;

use crate::events::{AppAlert, CoreChanged, DialRequested, SessionChanged, UnreadChanged};
use crate::tray;

/// Starts forwarding. Subscribe before anything can publish (call it in `setup`).
pub fn spawn(handle: AppHandle<Wry>) {
    let mut events = handle.state::<App>().subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            let sent = match events.recv().await {
                Ok(AppEvent::Core(event)) => CoreChanged(event).emit(&handle),
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
