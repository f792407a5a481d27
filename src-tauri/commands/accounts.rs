//! Onboarding and accounts: sign up, sign in with a key, explore the sandbox, switch,
//! sign out, remove. Keys go from the form straight to the keyring; no command returns one.

use kaicalls_core::accounts::{AccountMeta, Recovery};
use kaicalls_core::{App, AppError, SignIn, SignUp, SignedUp};
use tauri::State;

/// Every account, in the order they were added.
#[tauri::command]
#[specta::specta]
pub async fn accounts_list(app: State<'_, App>) -> Result<Vec<AccountMeta>, AppError> {
    Ok(app.accounts().list())
}

/// Checks the key with KaiCalls, keeps it in the keyring and opens the account.
#[tauri::command]
#[specta::specta]
pub async fn account_sign_in(app: State<'_, App>, form: SignIn) -> Result<AccountMeta, AppError> {
    app.sign_in(form).await
}

/// Creates a KaiCalls account, keeps its key in the keyring and opens it.
#[tauri::command]
#[specta::specta]
pub async fn account_sign_up(app: State<'_, App>, form: SignUp) -> Result<SignedUp, AppError> {
    app.sign_up(form).await
}

/// Goes on after an unusable account list (the recovery screen): restores the previous
/// copy, re-adds the accounts the keyring has keys of, or starts fresh; then opens the
/// active account, if there is one.
#[tauri::command]
#[specta::specta]
pub async fn settings_recover(
    app: State<'_, App>,
    how: Recovery,
) -> Result<Option<AccountMeta>, AppError> {
    app.recover_settings(how).await
}

/// Starts the sandbox with demo data and opens its account.
#[tauri::command]
#[specta::specta]
pub async fn account_explore_sandbox(app: State<'_, App>) -> Result<AccountMeta, AppError> {
    app.explore_sandbox().await
}

/// Switches to account `id`.
#[tauri::command]
#[specta::specta]
pub async fn account_open(app: State<'_, App>, id: String) -> Result<AccountMeta, AppError> {
    app.open(&id).await
}

/// Closes the open account and shows onboarding (keys stay in the keyring).
#[tauri::command]
#[specta::specta]
pub async fn account_close(app: State<'_, App>) -> Result<(), AppError> {
    app.close().await;
    Ok(())
}

/// Removes account `id`: its keyring entries and its offline cache.
#[tauri::command]
#[specta::specta]
pub async fn account_remove(app: State<'_, App>, id: String) -> Result<(), AppError> {
    app.remove_account(&id).await
}

/// Turns new-lead notifications of account `id` on or off.
#[tauri::command]
#[specta::specta]
pub async fn notifications_set(app: State<'_, App>, id: String, on: bool) -> Result<(), AppError> {
    app.set_notifications(&id, on)
}

/// Takes back the consent to send account `id`'s live key to its non-KaiCalls address
/// (closing the account if it is open).
#[tauri::command]
#[specta::specta]
pub async fn origin_consent_revoke(app: State<'_, App>, id: String) -> Result<(), AppError> {
    app.revoke_origin_consent(&id).await
}
