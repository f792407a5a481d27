//! The agent workbench: detail, create, review and save, history and rollback, drafts,
//! evals and the eval gate (see the core's `workbench` module).

use kaicalls_core::workbench::{
    AgentDetailView, AgentReview, AgentSettings, AgentVersionView, EvalEdit, EvalRunView, EvalView,
    NewAgent, PastEvalRun, SavedChange,
};
use kaicalls_core::{App, AppError};
use tauri::State;

/// An agent's details (live, else the offline copy, marked).
#[tauri::command]
#[specta::specta]
pub async fn agent_get(app: State<'_, App>, id: String) -> Result<AgentDetailView, AppError> {
    app.session().await?.agent(&id).await
}

/// Creates an agent.
#[tauri::command]
#[specta::specta]
pub async fn agent_create(
    app: State<'_, App>,
    agent: NewAgent,
) -> Result<AgentDetailView, AppError> {
    app.session().await?.create_agent(agent).await
}

/// What saving the form would send, and what is wrong with it.
#[tauri::command]
#[specta::specta]
pub async fn agent_review(
    app: State<'_, App>,
    id: String,
    settings: AgentSettings,
) -> Result<AgentReview, AppError> {
    app.session().await?.review_agent(&id, settings).await
}

/// Saves only what changed.
#[tauri::command]
#[specta::specta]
pub async fn agent_save(
    app: State<'_, App>,
    id: String,
    settings: AgentSettings,
    sms_reason: Option<String>,
) -> Result<SavedChange, AppError> {
    app.session()
        .await?
        .save_agent(&id, settings, sms_reason)
        .await
}

/// Every change this app saved to the agent, newest first.
#[tauri::command]
#[specta::specta]
pub async fn agent_history(
    app: State<'_, App>,
    id: String,
) -> Result<Vec<AgentVersionView>, AppError> {
    app.session().await?.agent_history(&id).await
}

/// What rolling back a change would send.
#[tauri::command]
#[specta::specta]
pub async fn agent_rollback_review(
    app: State<'_, App>,
    id: String,
    version: u32,
) -> Result<AgentReview, AppError> {
    app.session().await?.review_rollback(&id, version).await
}

/// Restores a change's earlier values.
#[tauri::command]
#[specta::specta]
pub async fn agent_rollback(
    app: State<'_, App>,
    id: String,
    version: u32,
) -> Result<SavedChange, AppError> {
    app.session().await?.rollback_agent(&id, version).await
}

/// Runs the evals after a saved change and records the result beside it.
#[tauri::command]
#[specta::specta]
pub async fn agent_run_gate(
    app: State<'_, App>,
    id: String,
    version: u32,
) -> Result<AgentVersionView, AppError> {
    app.session().await?.run_gate(&id, version).await
}

/// Turns the eval gate on or off.
#[tauri::command]
#[specta::specta]
pub async fn agent_set_eval_gate(
    app: State<'_, App>,
    id: String,
    on: bool,
) -> Result<(), AppError> {
    app.session().await?.set_eval_gate(&id, on).await
}

/// The unsaved form kept for an agent.
#[tauri::command]
#[specta::specta]
pub async fn agent_draft_get(
    app: State<'_, App>,
    id: String,
) -> Result<Option<AgentSettings>, AppError> {
    app.session().await?.agent_draft(&id).await
}

/// Keeps the unsaved form.
#[tauri::command]
#[specta::specta]
pub async fn agent_draft_save(
    app: State<'_, App>,
    id: String,
    settings: AgentSettings,
) -> Result<(), AppError> {
    app.session().await?.save_agent_draft(&id, settings).await
}

/// Drops the unsaved form.
#[tauri::command]
#[specta::specta]
pub async fn agent_draft_discard(app: State<'_, App>, id: String) -> Result<(), AppError> {
    app.session().await?.discard_agent_draft(&id).await
}

/// An agent's eval scenarios.
#[tauri::command]
#[specta::specta]
pub async fn evals_list(app: State<'_, App>, agent_id: String) -> Result<Vec<EvalView>, AppError> {
    app.session().await?.evals(&agent_id).await
}

/// One scenario with its turns.
#[tauri::command]
#[specta::specta]
pub async fn eval_get(app: State<'_, App>, id: String) -> Result<EvalView, AppError> {
    app.session().await?.eval(&id).await
}

/// Creates or replaces a scenario.
#[tauri::command]
#[specta::specta]
pub async fn eval_save(
    app: State<'_, App>,
    agent_id: String,
    edit: EvalEdit,
) -> Result<EvalView, AppError> {
    app.session().await?.save_eval(&agent_id, edit).await
}

/// Deletes a scenario.
#[tauri::command]
#[specta::specta]
pub async fn eval_delete(app: State<'_, App>, id: String) -> Result<(), AppError> {
    app.session().await?.delete_eval(&id).await
}

/// The agent's past eval runs, newest first (kept on this computer).
#[tauri::command]
#[specta::specta]
pub async fn eval_runs_list(
    app: State<'_, App>,
    agent_id: String,
) -> Result<Vec<PastEvalRun>, AppError> {
    app.session().await?.eval_run_history(&agent_id).await
}

/// Runs one scenario, or all of the agent's, and waits for the results.
#[tauri::command]
#[specta::specta]
pub async fn evals_run(
    app: State<'_, App>,
    agent_id: String,
    eval_id: Option<String>,
) -> Result<EvalRunView, AppError> {
    app.session()
        .await?
        .run_evals(&agent_id, eval_id.as_deref(), None)
        .await
}
