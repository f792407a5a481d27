//! Onboarding and accounts: sign up, sign in with a key, explore the sandbox, switch,
//! sign out, remove. Keys go from the form straight to the keyring; no command returns one.

use kaicalls_api::Client;
use kaicalls_api::models::SignupRequest;
use kaicalls_core::accounts::{AccountMeta, NewAccount};
use kaicalls_store::Store;
use secrecy::SecretString;
use serde::Deserialize;
use specta::Type;
use tauri::{AppHandle, State, Wry};

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Every account, in the order they were added.
#[tauri::command]
#[specta::specta]
pub async fn accounts_list(state: State<'_, AppState>) -> IpcResult<Vec<AccountMeta>> {
    Ok(state.accounts.list())
}

/// What the sign-in form sends.
#[derive(Deserialize, Type)]
pub struct SignIn {
    /// The API key (`kc_live_…`, or `kc_test_…` of a local sandbox).
    pub api_key: String,
    /// A name for the account; empty picks one.
    pub label: String,
    /// Another API address (a staging server or local sandbox); empty for KaiCalls.
    pub base_url: Option<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("label", &self.label)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

fn refuse_without_keyring(state: &AppState) -> IpcResult<()> {
    match &state.keyring.problem {
        Some(problem) => Err(problem.clone()),
        None => Ok(()),
    }
}

/// Checks the key with KaiCalls, keeps it in the keyring and opens the account.
#[tauri::command]
#[specta::specta]
pub async fn account_sign_in(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
    form: SignIn,
) -> IpcResult<AccountMeta> {
    refuse_without_keyring(&state)?;
    let key = form.api_key.trim();
    if key.is_empty() {
        return Err(IpcError::new("invalid_input", "Paste your API key."));
    }
    let meta = state
        .accounts
        .add(NewAccount {
            label: form.label,
            api_key: SecretString::from(key.to_string()),
            base_url: form.base_url.filter(|u| !u.trim().is_empty()),
            allow_origin: false,
        })
        .await?;
    state.open(&app, &meta.id).await
}

/// What the sign-up form sends.
#[derive(Debug, Deserialize, Type)]
pub struct SignUp {
    /// The business's name.
    pub business_name: String,
    /// The owner's email.
    pub email: String,
    /// Category, e.g. "Legal Services".
    pub business_type: Option<String>,
    /// Ring this number first; the AI answers when nobody picks up.
    pub phone_forward_to: Option<String>,
}

/// Creates a KaiCalls account (business, agent, number, key), keeps the new key in the
/// keyring and opens it. Not retried: signup creates an account.
#[tauri::command]
#[specta::specta]
pub async fn account_sign_up(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
    form: SignUp,
) -> IpcResult<AccountMeta> {
    refuse_without_keyring(&state)?;
    let (name, email) = (form.business_name.trim(), form.email.trim());
    if name.is_empty() || email.is_empty() {
        return Err(IpcError::new(
            "invalid_input",
            "Enter your business's name and your email.",
        ));
    }
    let mut request = SignupRequest::new(name, email);
    request.business_type = form.business_type.filter(|t| !t.trim().is_empty());
    request.phone_forward_to = form.phone_forward_to.filter(|t| !t.trim().is_empty());
    let created = Client::builder().build()?.signup(request).await?;
    let meta = state
        .accounts
        .add(NewAccount {
            label: name.to_string(),
            api_key: created.api_key,
            base_url: None,
            allow_origin: false,
        })
        .await?;
    state.open(&app, &meta.id).await
}

/// Starts the sandbox with demo data and opens its account.
#[tauri::command]
#[specta::specta]
pub async fn account_explore_sandbox(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
) -> IpcResult<AccountMeta> {
    state.explore_sandbox(&app).await
}

/// Switches to account `id`.
#[tauri::command]
#[specta::specta]
pub async fn account_open(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
    id: String,
) -> IpcResult<AccountMeta> {
    state.open(&app, &id).await
}

/// Closes the open account and shows onboarding (keys stay in the keyring).
#[tauri::command]
#[specta::specta]
pub async fn account_close(app: AppHandle<Wry>, state: State<'_, AppState>) -> IpcResult<()> {
    state.close(&app).await;
    Ok(())
}

/// Removes account `id`: its keyring entries and its offline cache.
#[tauri::command]
#[specta::specta]
pub async fn account_remove(
    app: AppHandle<Wry>,
    state: State<'_, AppState>,
    id: String,
) -> IpcResult<()> {
    if state.current_account().await.is_some_and(|a| a.id == id) {
        state.close(&app).await;
    }
    state.accounts.remove(&id).await?;
    Ok(Store::delete_files(state.accounts.cache_dir(), &id)?)
}

/// Turns new-lead notifications of account `id` on or off.
#[tauri::command]
#[specta::specta]
pub async fn notifications_set(state: State<'_, AppState>, id: String, on: bool) -> IpcResult<()> {
    Ok(state.accounts.set_notifications(&id, on)?)
}
