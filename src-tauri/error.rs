//! How errors cross IPC: `{code, message}`, so the UI branches on stable codes and shows
//! plain words, never parsing message text (GitButler's pattern).

use serde::Serialize;
use specta::Type;

/// An error as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// Stable code (the API's, the store's, or one of the shell's own).
    pub code: String,
    /// What happened, in plain words for the person using the app.
    pub message: String,
}

impl IpcError {
    /// An error with the given code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        IpcError {
            code: code.into(),
            message: message.into(),
        }
    }
}

impl From<kaicalls_core::CoreError> for IpcError {
    fn from(e: kaicalls_core::CoreError) -> Self {
        IpcError::new(e.code(), e.to_string())
    }
}

/// Result of every command.
pub type IpcResult<T> = Result<T, IpcError>;

macro_rules! from_coded {
    ($($ty:ty),* $(,)?) => {$(
        impl From<$ty> for IpcError {
            fn from(e: $ty) -> Self {
                IpcError::new(e.code(), e.to_string())
            }
        }
    )*};
}

from_coded!(
    kaicalls_api::Error,
    kaicalls_store::Error,
    kaicalls_core::accounts::AccountError,
    kaicalls_core::webhook_setup::SetupError,
    kaicalls_core::secrets::SecretError,
);

impl From<kaicalls_sandbox::SandboxError> for IpcError {
    fn from(e: kaicalls_sandbox::SandboxError) -> Self {
        IpcError::new("sandbox_error", format!("The sandbox could not run: {e}"))
    }
}

impl IpcError {
    /// No account is open (onboarding is showing, or the account is being switched).
    pub fn no_session() -> Self {
        IpcError::new(
            "no_account",
            "No account is open. Sign in, or explore the sandbox.",
        )
    }
}
