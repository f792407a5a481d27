//! The offline banner and the "Sync now" button.

use kaicalls_core::SyncPhase;
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// The sync state as the UI shows it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncView {
    /// Online, offline or syncing.
    pub phase: SyncPhase,
    /// When the last pass finished without error (RFC 3339).
    pub last_success_at: Option<String>,
    /// Why the last pass failed, if it did.
    pub last_error: Option<IpcError>,
    /// Lead edits waiting to be sent.
    pub pending_edits: u32,
}

/// The open account's sync state.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> IpcResult<SyncView> {
    let session = state.session().await?;
    let status = session.sync.status();
    let pending = session.sync.engine().outbox().pending_count().await?;
    Ok(SyncView {
        phase: status.phase,
        last_success_at: status.last_success_at.map(|t| t.to_rfc3339()),
        last_error: status.last_error.map(|e| IpcError::new(e.code, e.message)),
        pending_edits: u32::try_from(pending).unwrap_or(u32::MAX),
    })
}

/// Starts a sync pass now (progress arrives as events).
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> IpcResult<()> {
    state.session().await?.sync.sync_now();
    Ok(())
}
