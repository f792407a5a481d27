//! The app itself: version, mode, where its data lives.

use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// What the UI needs to know before it draws anything.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// Whether the app runs in sandbox mode (always visibly marked in the UI).
    pub sandbox: bool,
}

/// Version and mode.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sandbox: state.options.sandbox,
    })
}
