//! Settings → Live updates: the webhook KaiCalls sends new leads to, pointed at this
//! app's receiver through the user's public URL. Secrets stay in the keyring; the UI only
//! ever sees KaiCalls' masked form.

use kaicalls_core::webhook_setup::{PUBLIC_URL_HELP, RouteCheck, WebhookStatus};
use serde::Serialize;
use specta::Type;
use tauri::State;

use crate::error::{IpcError, IpcResult};
use crate::session::Session;
use crate::state::AppState;

/// The settings screen's view of live updates.
#[derive(Debug, Clone, Serialize, Type)]
pub struct LiveUpdates {
    /// The receiver's loopback address the user's tunnel must forward to; `None` when
    /// the receiver could not start.
    pub local_url: Option<String>,
    /// The public URL the user gave, if any.
    pub public_url: Option<String>,
    /// Each business's webhook as KaiCalls has it (masked secret).
    pub businesses: Vec<WebhookStatus>,
    /// How to make the receiver reachable, in plain words.
    pub help: String,
}

fn no_receiver() -> IpcError {
    IpcError::new(
        "receiver_not_running",
        "The webhook receiver is not running; new leads arrive with the periodic sync.",
    )
}

async fn view(state: &AppState, session: &Session) -> IpcResult<LiveUpdates> {
    let account = state.accounts.get(&session.account.id)?;
    let service = session.webhooks.lock().await;
    let mut businesses = Vec::new();
    if let Some(service) = service.as_ref() {
        for business in &session.account.business_ids {
            businesses.push(service.view(business).await?);
        }
    }
    Ok(LiveUpdates {
        local_url: service.as_ref().map(|s| s.local_url().to_string()),
        public_url: account.webhook.public_url,
        businesses,
        help: PUBLIC_URL_HELP.to_string(),
    })
}

/// Live-updates status (asks KaiCalls, so online only).
#[tauri::command]
#[specta::specta]
pub async fn webhooks_view(state: State<'_, AppState>) -> IpcResult<LiveUpdates> {
    view(&state, &*state.session().await?).await
}

/// Registers the webhook of every business at `public_url` (empty: the loopback address,
/// sandbox only) and keeps the secrets in the keyring.
#[tauri::command]
#[specta::specta]
pub async fn webhooks_register(
    state: State<'_, AppState>,
    public_url: Option<String>,
) -> IpcResult<Vec<WebhookStatus>> {
    let session = state.session().await?;
    let service = session.webhooks.lock().await;
    let service = service.as_ref().ok_or_else(no_receiver)?;
    let mut out = Vec::new();
    for business in &session.account.business_ids {
        out.push(service.register(business, public_url.as_deref()).await?);
    }
    Ok(out)
}

/// Sends a signed probe through the registered public URL and waits for it to arrive.
#[tauri::command]
#[specta::specta]
pub async fn webhooks_verify(
    state: State<'_, AppState>,
    public_url: Option<String>,
) -> IpcResult<Vec<RouteCheck>> {
    let session = state.session().await?;
    let service = session.webhooks.lock().await;
    let service = service.as_ref().ok_or_else(no_receiver)?;
    let mut out = Vec::new();
    for business in &session.account.business_ids {
        out.push(
            service
                .verify_route(business, public_url.as_deref())
                .await?,
        );
    }
    Ok(out)
}

/// Removes the webhook of every business (deliveries stop; sync still brings leads).
#[tauri::command]
#[specta::specta]
pub async fn webhooks_remove(state: State<'_, AppState>) -> IpcResult<()> {
    let session = state.session().await?;
    let service = session.webhooks.lock().await;
    let service = service.as_ref().ok_or_else(no_receiver)?;
    for business in &session.account.business_ids {
        service.remove(business).await?;
    }
    Ok(())
}
