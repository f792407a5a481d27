//! The app itself: version, mode, keyring health, what opens at start, updates, and how
//! it lives on the desktop (closing, starting at login, quitting).

use kaicalls_core::links::DialRequest;
use kaicalls_core::prefs::{Prefs, PrefsFile};
use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppError, AppInfo};
use tauri::{AppHandle, State, Wry};
use tauri_plugin_autostart::ManagerExt;

use crate::ready::PageMarks;
use crate::updater::{self, UpdateInfo};

/// Version, mode and the open account. Waits for an account switch in progress.
#[tauri::command]
#[specta::specta]
pub async fn app_info(app: State<'_, App>) -> Result<AppInfo, AppError> {
    Ok(app.info().await)
}

/// The UI painted its first dashboard (once per process; later calls do nothing): the
/// time since start and the page's marks go to the log, and to the benchmark's file when
/// it asks (ready.rs).
#[tauri::command]
#[specta::specta]
pub async fn dashboard_ready(page: PageMarks) -> Result<(), AppError> {
    crate::ready::mark(&page);
    Ok(())
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

/// The app's own preferences (closing keeps it running, ...).
#[tauri::command]
#[specta::specta]
pub async fn prefs_get(prefs: State<'_, PrefsFile>) -> Result<Prefs, AppError> {
    Ok(prefs.get())
}

/// Saves the app's preferences.
#[tauri::command]
#[specta::specta]
pub async fn prefs_set(file: State<'_, PrefsFile>, prefs: Prefs) -> Result<(), AppError> {
    file.set(prefs)
}

/// Whether the app starts when the owner logs in (the OS's own autostart entry: on
/// Linux a `.desktop` file in the autostart folder).
#[tauri::command]
#[specta::specta]
pub async fn autostart_get(handle: AppHandle<Wry>) -> Result<bool, AppError> {
    handle.autolaunch().is_enabled().map_err(autostart_error)
}

/// Starts the app at login (hidden in the background) or stops doing so.
#[tauri::command]
#[specta::specta]
pub async fn autostart_set(handle: AppHandle<Wry>, on: bool) -> Result<bool, AppError> {
    let launcher = handle.autolaunch();
    // The Linux launcher writes ~/.config/autostart/<app>.desktop and does not make the
    // folder, which a new account's home may not have yet.
    #[cfg(target_os = "linux")]
    if on {
        if let Some(home) = std::env::var_os("HOME") {
            let dir = std::path::Path::new(&home)
                .join(".config")
                .join("autostart");
            if let Err(e) = std::fs::create_dir_all(&dir) {
                tracing::warn!(error = %e, "could not create the autostart folder");
            }
        }
    }
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(autostart_error)?;
    launcher.is_enabled().map_err(autostart_error)
}

fn autostart_error(e: tauri_plugin_autostart::Error) -> AppError {
    AppError::new(
        Code::DataDirError,
        format!("The start-at-login setting could not be changed: {e}"),
    )
}

/// Quits the app (Ctrl+Q, the tray menu): the window closing only hides it.
#[tauri::command]
#[specta::specta]
pub async fn app_quit(handle: AppHandle<Wry>) -> Result<(), AppError> {
    handle.exit(0);
    Ok(())
}
