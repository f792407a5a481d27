//! Settings → Live updates: the webhook KaiCalls sends new leads to, pointed at this
//! app's receiver. Secrets stay in the keyring; the UI only sees masked forms.

use kaicalls_core::webhook_setup::{RouteCheck, WebhookStatus};
use kaicalls_core::{App, AppError, LiveUpdates};
use tauri::State;

/// Live-updates status (asks KaiCalls, so online only).
#[tauri::command]
#[specta::specta]
pub async fn webhooks_view(app: State<'_, App>) -> Result<LiveUpdates, AppError> {
    app.live_updates().await
}

/// Registers the webhook of every business at `public_url` (empty: the loopback address,
/// sandbox only).
#[tauri::command]
#[specta::specta]
pub async fn webhooks_register(
    app: State<'_, App>,
    public_url: Option<String>,
) -> Result<Vec<WebhookStatus>, AppError> {
    app.session().await?.register_webhooks(public_url).await
}

/// Sends a signed probe through the public URL and waits for it to arrive.
#[tauri::command]
#[specta::specta]
pub async fn webhooks_verify(
    app: State<'_, App>,
    public_url: Option<String>,
) -> Result<Vec<RouteCheck>, AppError> {
    app.session().await?.verify_webhooks(public_url).await
}

/// Removes the webhook of every business (deliveries stop; sync still brings leads).
#[tauri::command]
#[specta::specta]
pub async fn webhooks_remove(app: State<'_, App>) -> Result<(), AppError> {
    app.session().await?.remove_webhooks().await
}
