//! The app itself: version, mode, keyring health, what opens at start, updates.

use kaicalls_core::links::DialRequest;
use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppError, AppInfo};
use tauri::{AppHandle, State, Wry};

use crate::updater::{self, UpdateInfo};

/// Version, mode and the open account. Waits for an account switch in progress.
#[tauri::command]
#[specta::specta]
pub async fn app_info(app: State<'_, App>) -> Result<AppInfo, AppError> {
    Ok(app.info().await)
}

/// The dial link the app was opened with, if the UI has not taken it yet.
#[tauri::command]
#[specta::specta]
pub async fn dial_pending(app: State<'_, App>) -> Result<Option<DialRequest>, AppError> {
    Ok(app.take_pending_dial())
}

/// Asks the release server for a newer version (`None`: this one is current).
#[tauri::command]
#[specta::specta]
pub async fn update_check(handle: AppHandle<Wry>) -> Result<Option<UpdateInfo>, AppError> {
    updater::check(&handle).await
}

/// Downloads the newer version, installs it only if the release key signed it, and
/// restarts into it. `Ok(false)`: there was nothing to install.
#[tauri::command]
#[specta::specta]
pub async fn update_install(handle: AppHandle<Wry>, app: State<'_, App>) -> Result<bool, AppError> {
    refuse_while_dialling(&app)?;
    let Some(downloaded) = updater::download(&handle).await? else {
        return Ok(false);
    };
    // Checked again: a dial may have started during the download.
    refuse_while_dialling(&app)?;
    downloaded.install()?;
    handle.restart()
}

/// Installing restarts the app: never while a call is being placed, or its outcome would
/// be lost with the process.
fn refuse_while_dialling(app: &App) -> Result<(), AppError> {
    if app.dial_in_flight() {
        return Err(AppError::new(
            Code::UpdateBlocked,
            "A call is being placed. The update installs once KaiCalls has answered; try again in a moment.",
        ));
    }
    Ok(())
}
