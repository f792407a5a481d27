//! The offline banner and the "Sync now" button.

use kaicalls_core::{App, AppError, SyncView};
use tauri::State;

/// The open account's sync state.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(app: State<'_, App>) -> Result<SyncView, AppError> {
    app.session().await?.sync_view().await
}

/// Starts a sync pass now (progress arrives as events).
#[tauri::command]
#[specta::specta]
pub async fn sync_now(app: State<'_, App>) -> Result<(), AppError> {
    app.session().await?.sync_now();
    Ok(())
}
