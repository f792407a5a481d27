//! Search and charts, both answered from the offline cache so they work with no network,
//! and usage, live with the offline copy as fallback.

use kaicalls_core::views::{Analytics, BusinessUsage, SearchHitView, SearchRequest, UsageView};
use kaicalls_core::{App, AppError};
use tauri::State;

/// Transcripts, call summaries and leads matching the words, best first.
#[tauri::command]
#[specta::specta]
pub async fn search(
    app: State<'_, App>,
    request: SearchRequest,
) -> Result<Vec<SearchHitView>, AppError> {
    app.session().await?.search(request).await
}

/// Calls per local day and the lead funnel over the last `days` days (1 to 90).
#[tauri::command]
#[specta::specta]
pub async fn analytics(
    app: State<'_, App>,
    days: u32,
    utc_offset_minutes: i32,
) -> Result<Analytics, AppError> {
    app.session()
        .await?
        .analytics(days, utc_offset_minutes)
        .await
}

/// Each business's plan, minutes and trial, and the key's API requests of the last 30 days.
#[tauri::command]
#[specta::specta]
pub async fn usage_get(app: State<'_, App>) -> Result<UsageView, AppError> {
    app.session().await?.usage().await
}

/// Each business's plan and trial as the offline copy knows it (no request): the trial
/// warning's check after a sync.
#[tauri::command]
#[specta::specta]
pub async fn usage_kept(app: State<'_, App>) -> Result<Vec<BusinessUsage>, AppError> {
    app.session().await?.kept_business_usage().await
}
