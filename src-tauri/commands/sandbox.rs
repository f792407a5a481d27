//! Sandbox-only controls: simulate someone calling the business, and stop or start the
//! in-process sandbox (to see the app offline). Refused for live accounts.

use kaicalls_core::{App, AppError, SimulatedCall, SimulatedCallStarted};
use tauri::State;

/// Someone calls the business in the sandbox: a new caller becomes a new lead,
/// delivered by webhook like a real one.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_inbound_call(
    app: State<'_, App>,
    call: SimulatedCall,
) -> Result<SimulatedCallStarted, AppError> {
    app.session().await?.simulate_inbound_call(call).await
}

/// Stops (`false`) or starts (`true`) the in-process sandbox.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_set_running(app: State<'_, App>, running: bool) -> Result<(), AppError> {
    app.set_sandbox_running(running).await
}
