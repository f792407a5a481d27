//! Calls: the offline list and detail, the recording, and placing a call (at most once
//! per dial dialog; see the core's `App::place_call`).

use kaicalls_core::views::{
    AgentView, BusinessView, CallDetail, CallFilter, CallView, NumberView, Page, PageRequest,
};
use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppError, DialCheck, DialView, PlaceCall, PlacedCall};
use tauri::{AppHandle, State, Wry};
use tauri_plugin_opener::OpenerExt;

/// One page of the calls list, newest first, from the offline cache.
#[tauri::command]
#[specta::specta]
pub async fn calls_list(
    app: State<'_, App>,
    filter: CallFilter,
    page: PageRequest,
) -> Result<Page<CallView>, AppError> {
    app.session().await?.calls(filter, page).await
}

/// A call with its transcript, as far as the cache has them (details read first for an
/// old call when online).
#[tauri::command]
#[specta::specta]
pub async fn call_get(app: State<'_, App>, id: String) -> Result<CallDetail, AppError> {
    app.session().await?.call(&id).await
}

/// Opens a call's recording with the user's default app. The UI names a call, never a
/// link; the core checks the server's link before the OS sees it.
#[tauri::command]
#[specta::specta]
pub async fn call_open_recording(
    handle: AppHandle<Wry>,
    app: State<'_, App>,
    id: String,
) -> Result<(), AppError> {
    let url = app.session().await?.recording_url(&id).await?;
    handle
        .opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| {
            AppError::new(
                Code::OpenFailed,
                format!("The recording could not be opened: {e}. Copy its link instead."),
            )
        })
}

/// Places the call. Online only, never retried once it may have reached KaiCalls.
#[tauri::command]
#[specta::specta]
pub async fn call_place(app: State<'_, App>, call: PlaceCall) -> Result<PlacedCall, AppError> {
    app.place_call(call).await
}

/// What the dial dialog's confirmation step shows about a number: this app's dials and
/// the cached calls to it in the last minutes.
#[tauri::command]
#[specta::specta]
pub async fn dial_check(app: State<'_, App>, to: String) -> Result<DialCheck, AppError> {
    app.session().await?.dial_check(&to).await
}

/// Dials whose outcome is unknown ("may have been placed"), for the calls list.
#[tauri::command]
#[specta::specta]
pub async fn dials_uncertain(app: State<'_, App>) -> Result<Vec<DialView>, AppError> {
    app.session().await?.uncertain_dials().await
}

/// The user has checked an uncertain dial; it leaves the calls list (the redial warning
/// still sees it).
#[tauri::command]
#[specta::specta]
pub async fn dial_dismiss(app: State<'_, App>, request_id: String) -> Result<(), AppError> {
    app.session().await?.dismiss_dial(request_id).await
}

/// The agents of the open account, from the cache.
#[tauri::command]
#[specta::specta]
pub async fn agents_list(app: State<'_, App>) -> Result<Vec<AgentView>, AppError> {
    app.session().await?.agents().await
}

/// The businesses the open account reaches, from the cache.
#[tauri::command]
#[specta::specta]
pub async fn businesses_list(app: State<'_, App>) -> Result<Vec<BusinessView>, AppError> {
    app.session().await?.businesses().await
}

/// The phone numbers of the open account, from the cache.
#[tauri::command]
#[specta::specta]
pub async fn numbers_list(app: State<'_, App>) -> Result<Vec<NumberView>, AppError> {
    app.session().await?.numbers().await
}
