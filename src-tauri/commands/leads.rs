//! Leads: the offline list and pipeline, one lead with its pending edits, and edits that
//! go through the outbox (so they work offline and are sent in order later).

use kaicalls_api::models::{LeadStatus, UpdateLead};
use kaicalls_core::LeadView;
use kaicalls_store::{Lead, LeadFilter, OutboxEntry, Page, PageRequest, PipelineCounts};
use serde::Deserialize;
use specta::Type;
use tauri::{AppHandle, State, Wry};
use tauri_specta::Event;

use crate::error::{IpcError, IpcResult};
use crate::events::UnreadChanged;
use crate::state::AppState;
use crate::tray;

/// One page of leads, newest first, from the offline cache.
#[tauri::command]
#[specta::specta]
pub async fn leads_list(
    state: State<'_, AppState>,
    filter: LeadFilter,
    page: PageRequest,
) -> IpcResult<Page<Lead>> {
    let session = state.session().await?;
    Ok(session
        .cache
        .with(move |s| s.list_leads(&filter, &page))
        .await?)
}

/// Leads per pipeline stage (for the filter chips), from the cache.
#[tauri::command]
#[specta::specta]
pub async fn leads_pipeline(
    state: State<'_, AppState>,
    filter: LeadFilter,
) -> IpcResult<PipelineCounts> {
    let session = state.session().await?;
    Ok(session
        .cache
        .with(move |s| s.pipeline_counts(&filter))
        .await?)
}

/// One lead as the user left it (pending edits laid over the server's copy).
#[tauri::command]
#[specta::specta]
pub async fn lead_get(state: State<'_, AppState>, id: String) -> IpcResult<LeadView> {
    let session = state.session().await?;
    session
        .sync
        .engine()
        .outbox()
        .lead_view(&id)
        .await?
        .ok_or_else(|| IpcError::new("not_found", "This lead is not in the offline copy."))
}

/// The fields the lead form can change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct LeadEdit {
    /// The lead.
    pub id: String,
    /// Pipeline status: `new`, `contacted`, `qualified`, `converted` or `lost`.
    pub status: Option<String>,
    /// Internal notes.
    pub notes: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone (validated and normalised).
    pub phone: Option<String>,
}

/// Queues the edit (shown as pending at once) and asks sync to send it now; offline it is
/// sent after reconnecting. A conflicting server change is reported as `edit_superseded`.
#[tauri::command]
#[specta::specta]
pub async fn lead_update(state: State<'_, AppState>, edit: LeadEdit) -> IpcResult<OutboxEntry> {
    let session = state.session().await?;
    let update = UpdateLead {
        id: edit.id,
        status: edit
            .status
            .map(|s| LeadStatus::from(s.trim().to_lowercase())),
        notes: edit.notes,
        name: edit.name,
        email: edit.email,
        phone: edit.phone,
        ..UpdateLead::default()
    };
    let entry = session.sync.engine().outbox().edit_lead(update).await?;
    session.sync.sync_now();
    Ok(entry)
}

/// Edits waiting to be sent, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn outbox_pending(state: State<'_, AppState>) -> IpcResult<Vec<OutboxEntry>> {
    let session = state.session().await?;
    Ok(session.sync.engine().outbox().pending().await?)
}

/// The user looked at the new leads: clears the tray count.
#[tauri::command]
#[specta::specta]
pub async fn leads_mark_seen(app: AppHandle<Wry>, state: State<'_, AppState>) -> IpcResult<()> {
    state.unread.clear();
    tray::show_unread(&app, 0);
    let _ = UnreadChanged { count: 0 }.emit(&app);
    Ok(())
}

/// New leads not looked at yet.
#[tauri::command]
#[specta::specta]
pub async fn leads_unread(state: State<'_, AppState>) -> IpcResult<u32> {
    Ok(state.unread.get())
}
