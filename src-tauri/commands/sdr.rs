//! The SDR pipeline, live: segments, settings, runs (a real one sent once per request id),
//! actions on a lead (once per request id: `call` dials), the report and the activity log.

use kaicalls_core::views::{
    SdrActionRequest, SdrActivityView, SdrConfigView, SdrPipelineView, SdrReportView,
    SdrResultView, SdrRunRequest, SdrRunView,
};
use kaicalls_core::{App, AppError};
use tauri::State;

/// The business's leads grouped by segment, with their next action.
#[tauri::command]
#[specta::specta]
pub async fn sdr_pipeline(
    app: State<'_, App>,
    business_id: String,
) -> Result<SdrPipelineView, AppError> {
    app.session().await?.sdr_pipeline(&business_id).await
}

/// Acts on one lead now, at most once per request id.
#[tauri::command]
#[specta::specta]
pub async fn sdr_action(
    app: State<'_, App>,
    action: SdrActionRequest,
) -> Result<SdrResultView, AppError> {
    app.sdr_action(action).await
}

/// The business's SDR settings.
#[tauri::command]
#[specta::specta]
pub async fn sdr_config_get(
    app: State<'_, App>,
    business_id: String,
) -> Result<SdrConfigView, AppError> {
    app.session().await?.sdr_config(&business_id).await
}

/// Checks and saves the business's SDR settings.
#[tauri::command]
#[specta::specta]
pub async fn sdr_config_set(
    app: State<'_, App>,
    business_id: String,
    config: SdrConfigView,
) -> Result<SdrConfigView, AppError> {
    app.session()
        .await?
        .sdr_set_config(&business_id, config)
        .await
}

/// A dry run (a preview) or a real run, the real one at most once per request id.
#[tauri::command]
#[specta::specta]
pub async fn sdr_run(app: State<'_, App>, run: SdrRunRequest) -> Result<SdrRunView, AppError> {
    app.sdr_run(run).await
}

/// Touches per action and outcome, hot and stale leads of `today`, `week` or `month`.
#[tauri::command]
#[specta::specta]
pub async fn sdr_report(
    app: State<'_, App>,
    business_id: String,
    period: String,
) -> Result<SdrReportView, AppError> {
    app.session().await?.sdr_report(&business_id, &period).await
}

/// The newest touches, of one lead or all.
#[tauri::command]
#[specta::specta]
pub async fn sdr_activity(
    app: State<'_, App>,
    business_id: String,
    lead_id: Option<String>,
) -> Result<Vec<SdrActivityView>, AppError> {
    app.session()
        .await?
        .sdr_activity(&business_id, lead_id)
        .await
}
