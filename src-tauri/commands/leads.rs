//! Leads: the offline list and pipeline, one lead with its pending edits, edits that go
//! through the outbox (offline-safe, sent in order), the unread count, and texts.

use kaicalls_core::views::{
    InboxItemView, LeadDetail, LeadEdit, LeadFilter, LeadView, Page, PageRequest, PendingEdit,
    PipelineView,
};
use kaicalls_core::{App, AppError, SendText, TextView};
use tauri::State;

/// One page of leads, newest first, from the offline cache.
#[tauri::command]
#[specta::specta]
pub async fn leads_list(
    app: State<'_, App>,
    filter: LeadFilter,
    page: PageRequest,
) -> Result<Page<LeadView>, AppError> {
    app.session().await?.leads(filter, page).await
}

/// Leads per pipeline stage (for the filter chips), from the cache.
#[tauri::command]
#[specta::specta]
pub async fn leads_pipeline(
    app: State<'_, App>,
    filter: LeadFilter,
) -> Result<PipelineView, AppError> {
    app.session().await?.pipeline(filter).await
}

/// One lead as the user left it (pending edits laid over the server's copy).
#[tauri::command]
#[specta::specta]
pub async fn lead_get(app: State<'_, App>, id: String) -> Result<LeadDetail, AppError> {
    app.session().await?.lead(&id).await
}

/// Queues the edit (shown as pending at once) and asks sync to send it now.
#[tauri::command]
#[specta::specta]
pub async fn lead_update(app: State<'_, App>, edit: LeadEdit) -> Result<PendingEdit, AppError> {
    app.session().await?.edit_lead(edit).await
}

/// Edits waiting to be sent, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn outbox_pending(app: State<'_, App>) -> Result<Vec<PendingEdit>, AppError> {
    app.session().await?.pending_edits().await
}

/// The user looked at the new leads: clears the count (tray included).
#[tauri::command]
#[specta::specta]
pub async fn leads_mark_seen(app: State<'_, App>) -> Result<(), AppError> {
    app.mark_leads_seen();
    Ok(())
}

/// New leads not looked at yet.
#[tauri::command]
#[specta::specta]
pub async fn leads_unread(app: State<'_, App>) -> Result<u32, AppError> {
    Ok(app.unread())
}

/// Sends a text, at most once per text dialog. Online only, never retried once it may
/// have reached KaiCalls.
#[tauri::command]
#[specta::specta]
pub async fn sms_send(app: State<'_, App>, text: SendText) -> Result<TextView, AppError> {
    app.send_text(text).await
}

/// The texts sent from this app to a lead, newest first.
#[tauri::command]
#[specta::specta]
pub async fn lead_texts(app: State<'_, App>, lead_id: String) -> Result<Vec<TextView>, AppError> {
    app.session().await?.texts(&lead_id).await
}

/// Everyone waiting for a call back (new leads, missed calls, follow-ups), oldest first,
/// from the offline copy; of one business when one is given.
#[tauri::command]
#[specta::specta]
pub async fn inbox_list(
    app: State<'_, App>,
    business_id: Option<String>,
) -> Result<Vec<InboxItemView>, AppError> {
    app.session().await?.inbox(business_id).await
}

/// The owner dealt with an inbox item (a new lead becomes "contacted").
#[tauri::command]
#[specta::specta]
pub async fn inbox_handle(app: State<'_, App>, key: String) -> Result<(), AppError> {
    app.session().await?.inbox_handle(key).await
}
