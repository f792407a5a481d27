//! Sandbox-only controls: simulate someone calling the business, and stop or start the
//! in-process sandbox (to see the app offline). Refused for live accounts.

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, State, Wry};

use crate::error::{IpcError, IpcResult};
use crate::sandbox_host::is_local;
use crate::state::AppState;

/// A simulated inbound call.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct InboundCall {
    /// The caller's number; empty picks a new caller.
    pub from: Option<String>,
    /// The caller's name; empty picks one.
    pub name: Option<String>,
    /// Why they call.
    pub reason: Option<String>,
}

/// What the sandbox answered.
#[derive(Debug, Clone, Serialize, Type)]
pub struct InboundStarted {
    /// The simulated call.
    pub call_id: String,
}

/// Someone calls the business in the sandbox: a new caller becomes a new lead, delivered
/// by webhook like a real one.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_inbound_call(
    state: State<'_, AppState>,
    call: InboundCall,
) -> IpcResult<InboundStarted> {
    let session = state.session().await?;
    if !is_local(&session.account.base_url) {
        return Err(IpcError::new(
            "not_sandbox",
            "Simulated calls exist only in the sandbox.",
        ));
    }
    let key = state.accounts.api_key(&session.account.id).await?;
    let mut body = serde_json::Map::new();
    for (k, v) in [
        ("from", call.from),
        ("name", call.name),
        ("reason", call.reason),
    ] {
        if let Some(v) = v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            body.insert(k.into(), v.into());
        }
    }
    let url = format!("{}/sandbox/inbound-call", session.account.base_url);
    let response = reqwest::Client::new()
        .post(url)
        .bearer_auth(secrecy::ExposeSecret::expose_secret(&key))
        .json(&body)
        .send()
        .await
        .map_err(|e| IpcError::new("offline", format!("The sandbox is not reachable: {e}")))?;
    let status = response.status();
    let value: serde_json::Value = response
        .json()
        .await
        .map_err(|e| IpcError::new("malformed_response", e.to_string()))?;
    if !status.is_success() {
        let code = value["error"]["code"].as_str().unwrap_or("sandbox_error");
        let message = value["error"]["message"]
            .as_str()
            .unwrap_or("The sandbox refused.");
        return Err(IpcError::new(code, message));
    }
    let call_id = value["call_id"]
        .as_str()
        .or_else(|| value["id"].as_str())
        .or_else(|| value["call"]["id"].as_str())
        .unwrap_or_default()
        .to_string();
    Ok(InboundStarted { call_id })
}

/// Stops (`false`) or starts (`true`) the in-process sandbox.
#[tauri::command]
#[specta::specta]
pub async fn sandbox_set_running(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
    running: bool,
) -> IpcResult<()> {
    state.set_sandbox_running(&app, running).await
}
