//! The app itself: version, mode, keyring health, and what opens at start.

use kaicalls_core::accounts::{AccountKind, AccountMeta};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State, Wry};

use crate::error::{IpcError, IpcResult};
use crate::events::DialRequested;
use crate::state::AppState;
use crate::updater::{self, UpdateInfo};

/// What the UI needs to know before it draws anything.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// Whether the open account is a sandbox (always visibly marked in the UI).
    pub sandbox: bool,
    /// The open account; `None` shows onboarding.
    pub account: Option<AccountMeta>,
    /// Why API keys cannot be kept (no OS keyring); `None` when they can.
    pub keyring_problem: Option<IpcError>,
    /// Whether the in-process sandbox is running.
    pub sandbox_running: bool,
}

/// Version, mode and the open account. Waits for an account switch in progress.
#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    let account = state.current_account().await;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sandbox: account
            .as_ref()
            .is_some_and(|a| a.kind == AccountKind::Sandbox),
        account,
        keyring_problem: state.keyring.problem.clone(),
        sandbox_running: state.sandbox_running().await,
    })
}

/// The dial link the app was opened with, if the UI has not taken it yet.
#[tauri::command]
#[specta::specta]
pub async fn dial_pending(state: State<'_, AppState>) -> IpcResult<Option<DialRequested>> {
    Ok(state.pending_dial.lock().take())
}

/// Asks the release server for a newer version (`None`: this one is current).
#[tauri::command]
#[specta::specta]
pub async fn update_check(app: AppHandle<Wry>) -> IpcResult<Option<UpdateInfo>> {
    updater::check(&app).await
}

/// Downloads the newer version, installs it only if the release key signed it, and
/// restarts into it. `Ok(false)`: there was nothing to install.
#[tauri::command]
#[specta::specta]
pub async fn update_install(app: AppHandle<Wry>) -> IpcResult<bool> {
    let Some(downloaded) = updater::download(&app).await? else {
        return Ok(false);
    };
    downloaded.install()?;
    app.restart()
}
