//! Search, answered from the offline cache so it works with no network; the dashboard and
//! usage, live with the offline copy as fallback.

use kaicalls_core::views::{
    BusinessUsage, DashboardRequest, DashboardView, SearchPageView, SearchRequest, UsageView,
};
use kaicalls_core::{App, AppError};
use tauri::State;

/// Transcripts, call summaries and leads matching the words, best first.
#[tauri::command]
#[specta::specta]
pub async fn search(
    app: State<'_, App>,
    request: SearchRequest,
) -> Result<SearchPageView, AppError> {
    app.session().await?.search(request).await
}

/// The dashboard: KaiCalls' analytics reports, each panel counted from the offline copy
/// where KaiCalls cannot be reached or cannot split its report by the business chosen.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(
    app: State<'_, App>,
    request: DashboardRequest,
) -> Result<DashboardView, AppError> {
    app.session().await?.dashboard(request).await
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
