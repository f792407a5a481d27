//! Settings → About: the log folder and the diagnostics text a user sends to support.

use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppError};
use tauri::{AppHandle, State, Wry};
use tauri_plugin_opener::OpenerExt;

/// The diagnostics text (versions, OS, sync, recent problems; no secrets), which the UI
/// puts on the clipboard. Text, so the user sees exactly what they send.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics_get(app: State<'_, App>) -> Result<String, AppError> {
    let webview = tauri::webview_version().unwrap_or_else(|e| format!("unknown ({e})"));
    let shell = [("Tauri", tauri::VERSION.to_string()), ("Webview", webview)];
    Ok(app.diagnostics(&shell).await)
}

/// Opens the folder of the log files in the file manager.
#[tauri::command]
#[specta::specta]
pub fn log_folder_open(handle: AppHandle<Wry>) -> Result<(), AppError> {
    let dir = kaicalls_core::logging::get()
        .and_then(|log| log.dir())
        .ok_or_else(|| {
            AppError::new(
                Code::OpenFailed,
                "This run of the app keeps no log file (see the terminal it was started from).",
            )
        })?;
    handle
        .opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                Code::OpenFailed,
                format!(
                    "The log folder could not be opened: {e}. It is {}.",
                    dir.display()
                ),
            )
        })
}
