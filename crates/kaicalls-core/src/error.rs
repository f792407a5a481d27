//! The core's error: a stable `code()` for the UI to branch on and a plain-words message.

/// Result of core operations.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;

/// What went wrong in a core service.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The KaiCalls API (or the network to it) failed; its own code says how.
    #[error(transparent)]
    Api(#[from] kaicalls_api::Error),
    /// The offline cache failed.
    #[error(transparent)]
    Store(#[from] kaicalls_store::Error),
    /// A blocking task was cancelled or panicked (the app is shutting down).
    #[error("the operation was interrupted: {0}")]
    Interrupted(String),
}

impl CoreError {
    /// Stable code for the UI: the API's or the store's own code, or `interrupted`.
    pub fn code(&self) -> &str {
        match self {
            CoreError::Api(e) => e.code(),
            CoreError::Store(e) => e.code(),
            CoreError::Interrupted(_) => "interrupted",
        }
    }
}
