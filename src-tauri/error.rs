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
