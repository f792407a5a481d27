//! Where API keys and webhook signing secrets live: the operating system's keyring, never
//! a file.
//!
//! [`SecretStore`] is the seam: [`KeyringStore`] is the real one (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows) and [`MemorySecretStore`] serves unit
//! tests. When no keyring is reachable the error is [`SecretError::Unavailable`]
//! (`keyring_unavailable`), and nothing falls back to disk: the caller refuses to go on.
//! The app then runs on [`MemorySecretStore::memory_only`], which says so
//! ([`SecretStore::memory_only`], `keyring_memory_only`).
//!
//! Keyring calls block (D-Bus round trips, sometimes a user prompt), so async code goes
//! through [`blocking`], which runs them on tokio's blocking pool.

mod keyring_store;
mod memory;

use kaicalls_vocab::Code;
use std::fmt;
use std::sync::Arc;

use secrecy::SecretString;

pub use keyring_store::{APP_SERVICE, KeyringBackend, KeyringStore, platform_backend};
pub use memory::MemorySecretStore;

/// Which secret: the key of an entry in the store. Holds ids only, never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretName {
    /// An account's KaiCalls API key (one per account).
    ApiKey {
        /// The app's account id.
        account_id: String,
    },
    /// A business's webhook signing secret. KaiCalls has one webhook per business, so
    /// the secret belongs to the business, whichever account registered it.
    WebhookSecret {
        /// The KaiCalls business id.
        business_id: String,
    },
    /// The random path segment of an account's local receiver URL: it is part of the URL
    /// registered with KaiCalls, so it must survive restarts, and it is a capability.
    ReceiverToken {
        /// The app's account id.
        account_id: String,
    },
}

impl SecretName {
    /// The API key of `account_id`.
    pub fn api_key(account_id: &str) -> Self {
        SecretName::ApiKey {
            account_id: account_id.to_string(),
        }
    }

    /// The webhook signing secret of `business_id`.
    pub fn webhook_secret(business_id: &str) -> Self {
        SecretName::WebhookSecret {
            business_id: business_id.to_string(),
        }
    }

    /// The receiver path token of `account_id`.
    pub fn receiver_token(account_id: &str) -> Self {
        SecretName::ReceiverToken {
            account_id: account_id.to_string(),
        }
    }

    /// The entry's "user" in the keyring: readable in the OS's keyring manager
    /// (`api-key:acct-…`, `webhook-secret:biz-…`), so a user can find and delete it.
    pub fn entry_user(&self) -> String {
        match self {
            SecretName::ApiKey { account_id } => format!("api-key:{account_id}"),
            SecretName::WebhookSecret { business_id } => format!("webhook-secret:{business_id}"),
            SecretName::ReceiverToken { account_id } => format!("receiver-token:{account_id}"),
        }
    }
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.entry_user())
    }
}

/// Why a secret could not be read, written or deleted. Messages never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring is reachable: no Secret Service on the session bus, a locked keyring the
    /// user did not unlock, or a build without a platform store. Retrying helps once the
    /// keyring runs and is unlocked; the UI says so and never offers a file instead.
    #[error(
        "the system keyring is not available ({reason}); KaiCalls Desktop keeps API keys and \
         webhook secrets only in the keyring, never in a file. Start or unlock your keyring \
         (GNOME Keyring or KWallet on Linux, Keychain on macOS, Credential Manager on Windows) \
         and try again"
    )]
    Unavailable {
        /// What the keyring said, without any secret.
        reason: String,
    },
    /// The keyring answered but refused this operation (an entry it cannot decode, a name
    /// it finds too long, two matching entries left by another program). Retrying does not
    /// help; the UI shows the message.
    #[error("the system keyring refused the operation: {reason}")]
    Failed {
        /// What went wrong, without any secret.
        reason: String,
    },
}

impl SecretError {
    /// Stable code for the UI: `keyring_unavailable` or `keyring_error`.
    pub fn code(&self) -> Code {
        match self {
            SecretError::Unavailable { .. } => Code::KeyringUnavailable,
            SecretError::Failed { .. } => Code::KeyringError,
        }
    }
}

/// A place for secrets. Implementations are synchronous (the platform APIs are); async
/// code calls them through [`blocking`].
pub trait SecretStore: Send + Sync + 'static {
    /// The secret, or `None` when there is none under `name`.
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>, SecretError>;
    /// Stores `value` under `name`, replacing what was there.
    fn set(&self, name: &SecretName, value: &SecretString) -> Result<(), SecretError>;
    /// Removes `name`; removing what is not there is not an error.
    fn delete(&self, name: &SecretName) -> Result<(), SecretError>;
    /// A short name of the backend for diagnostics (`secret-service`, `memory`, …).
    fn backend(&self) -> &'static str;
    /// Whether this is the app's stand-in for a missing keyring, which forgets everything
    /// at exit: a secret missing from it was not removed by anyone, it was never kept, so
    /// callers report `keyring_memory_only` rather than `api_key_missing`.
    fn memory_only(&self) -> bool {
        false
    }
}

/// Runs `f` with `store` on tokio's blocking pool: keyring calls must not stall the
/// runtime's worker threads.
pub async fn blocking<R, F>(store: &Arc<dyn SecretStore>, f: F) -> Result<R, SecretError>
where
    R: Send + 'static,
    F: FnOnce(&dyn SecretStore) -> Result<R, SecretError> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| SecretError::Failed {
            reason: format!("the keyring task was interrupted: {e}"),
        })?
}
