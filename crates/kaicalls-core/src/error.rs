//! The core's errors. [`CoreError`] is what the sync engine and the cache fail with;
//! [`AppError`] is what every app service returns and what crosses IPC to the UI: a
//! stable [`Code`] to branch on, plain words, and the two facts the UI must never guess
//! (whether the failure may have taken effect, and whether trying again can help).
//!
//! ```
//! use kaicalls_core::AppError;
//! use kaicalls_vocab::{Code, Retry};
//!
//! // A read that timed out: nothing happened, trying again is safe.
//! let read = AppError::from(kaicalls_api::Error::Timeout { may_have_taken_effect: false });
//! assert_eq!((read.code, read.retry, read.may_have_taken_effect), (Code::Timeout, Retry::Safe, false));
//!
//! // A billed call whose answer was lost: it may have been placed, so never "try again".
//! let dial = AppError::from_write(kaicalls_api::Error::Timeout { may_have_taken_effect: true });
//! assert!(dial.may_have_taken_effect);
//! assert_eq!(dial.retry, Retry::Never);
//! ```

use kaicalls_vocab::{Code, Retry};
use serde::Serialize;

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
    pub fn code(&self) -> Code {
        match self {
            CoreError::Api(e) => e.code(),
            CoreError::Store(e) => e.code(),
            CoreError::Interrupted(_) => Code::Interrupted,
        }
    }
}

/// A failure as the UI receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[error("{message}")]
pub struct AppError {
    /// What happened, as a stable code (see [`Code`] for what each means).
    pub code: Code,
    /// What happened, in plain words for the person using the app.
    pub message: String,
    /// The action may have been carried out despite the failure (a call placed, a text
    /// sent): the UI must send the user to check before anything is repeated.
    pub may_have_taken_effect: bool,
    /// Whether trying the same action again can help.
    pub retry: Retry,
}

impl AppError {
    /// A failure with `code`'s own retry advice, known to have changed nothing.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            may_have_taken_effect: false,
            retry: code.retry(),
        }
    }

    /// A failed request that creates or sends something (a call, a sign-up, a webhook
    /// registration): if it may have reached KaiCalls and been carried out, it says so,
    /// and is never to be retried as it is.
    pub fn from_write(e: kaicalls_api::Error) -> Self {
        let taken = e.may_have_taken_effect();
        let mut out = AppError::from(e);
        if taken {
            out.may_have_taken_effect = true;
            out.retry = Retry::Never;
        }
        out
    }

    /// No account is open (onboarding is showing, or the account is being switched).
    pub fn no_account() -> Self {
        AppError::new(
            Code::NoAccount,
            "No account is open. Sign in, or explore the sandbox.",
        )
    }

    /// The code's retry advice, or `Never` when this failure cannot get better by itself.
    fn advice(code: Code, retryable: bool) -> Retry {
        if retryable {
            code.retry()
        } else {
            Retry::Never
        }
    }
}

/// A read (or a request that only sets values): whatever failed changed nothing the user
/// could be billed for. Writes use [`AppError::from_write`].
impl From<kaicalls_api::Error> for AppError {
    fn from(e: kaicalls_api::Error) -> Self {
        let code = e.code();
        // Timeouts and broken connections know whether the request was one that changes
        // things; the other kinds say "maybe" for any method, which a read cannot mean.
        let taken = matches!(
            e,
            kaicalls_api::Error::Timeout {
                may_have_taken_effect: true
            } | kaicalls_api::Error::Transport {
                may_have_taken_effect: true,
                ..
            }
        );
        AppError {
            code,
            retry: if taken {
                Retry::Never
            } else {
                AppError::advice(code, e.is_retryable())
            },
            may_have_taken_effect: taken,
            message: e.to_string(),
        }
    }
}

impl From<kaicalls_store::Error> for AppError {
    fn from(e: kaicalls_store::Error) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Api(e) => e.into(),
            CoreError::Store(e) => e.into(),
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}

impl From<crate::secrets::SecretError> for AppError {
    fn from(e: crate::secrets::SecretError) -> Self {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<crate::accounts::AccountError> for AppError {
    fn from(e: crate::accounts::AccountError) -> Self {
        match e {
            crate::accounts::AccountError::Api(e) => e.into(),
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}

impl From<crate::webhook_setup::SetupError> for AppError {
    fn from(e: crate::webhook_setup::SetupError) -> Self {
        match e {
            // Registering and removing change KaiCalls' configuration: a lost answer may
            // hide a change that went through.
            crate::webhook_setup::SetupError::Api(e) => AppError::from_write(e),
            other => AppError::new(other.code(), other.to_string()),
        }
    }
}

impl From<kaicalls_sandbox::SandboxError> for AppError {
    fn from(e: kaicalls_sandbox::SandboxError) -> Self {
        AppError::new(
            Code::SandboxError,
            format!("The sandbox could not run: {e}"),
        )
    }
}
