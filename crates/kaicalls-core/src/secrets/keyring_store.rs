//! The real [`SecretStore`]: the operating system's keyring through `keyring` 3.6.
//!
//! The platform store is chosen by Cargo features per target (see the crate manifest).
//! Built without one, `keyring` silently keeps secrets in an in-memory mock that forgets
//! them at exit; [`KeyringStore::new`] refuses such a build (`keyring_unavailable`), so the
//! app can never believe a key is saved when it is not. It also builds entries from the
//! platform builder itself rather than `keyring`'s global default, which any code in the
//! process could replace with the mock.

use std::fmt;

use keyring::credential::{CredentialBuilder, CredentialPersistence};
use keyring::{Entry, Error as KeyringError};
use parking_lot::Mutex;
use secrecy::{ExposeSecret, SecretString};

use super::{SecretError, SecretName, SecretStore};

/// The keyring "service" of the app's entries (tests use their own).
pub const APP_SERVICE: &str = "com.kaicalls.desktop";

/// Every keyring call in the process goes through this lock: the Secret Service is a D-Bus
/// service that `keyring` warns may fail under concurrent access, and calls are rare.
static KEYRING_LOCK: Mutex<()> = parking_lot::const_mutex(());

/// The platform's store as this build sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyringBackend {
    /// `secret-service`, `keychain`, `credential-manager`, or `none`.
    pub name: &'static str,
    /// Whether secrets outlive the process (false means `keyring`'s mock).
    pub persistent: bool,
}

const PLATFORM_NAME: &str = if cfg!(target_os = "linux") {
    "secret-service"
} else if cfg!(target_os = "macos") {
    "keychain"
} else if cfg!(target_os = "windows") {
    "credential-manager"
} else {
    "none"
};

/// What `keyring` would use on this platform in this build.
pub fn platform_backend() -> KeyringBackend {
    let builder = keyring::default::default_credential_builder();
    KeyringBackend {
        name: PLATFORM_NAME,
        persistent: matches!(builder.persistence(), CredentialPersistence::UntilDelete),
    }
}

/// Secrets in the OS keyring, under one service name.
pub struct KeyringStore {
    service: String,
    builder: Box<CredentialBuilder>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("service", &self.service)
            .field("backend", &PLATFORM_NAME)
            .finish()
    }
}

fn map_error(err: KeyringError) -> SecretError {
    match err {
        KeyringError::NoStorageAccess(e) | KeyringError::PlatformFailure(e) => {
            SecretError::Unavailable {
                reason: e.to_string(),
            }
        }
        // The bytes are not shown: they may be a secret stored by another program.
        KeyringError::BadEncoding(_) => SecretError::Failed {
            reason: "the stored value is not text".into(),
        },
        KeyringError::Ambiguous(items) => SecretError::Failed {
            reason: format!(
                "{} keyring entries match; remove the extra ones",
                items.len()
            ),
        },
        KeyringError::TooLong(attr, limit) => SecretError::Failed {
            reason: format!("{attr} is longer than the keyring's limit of {limit}"),
        },
        KeyringError::Invalid(attr, why) => SecretError::Failed {
            reason: format!("{attr} is invalid: {why}"),
        },
        KeyringError::NoEntry => SecretError::Failed {
            reason: "no such entry".into(),
        },
        _ => SecretError::Failed {
            reason: "an unexpected keyring error".into(),
        },
    }
}

impl KeyringStore {
    /// A store under `service`. Fails with `keyring_unavailable` when this build has no
    /// persistent platform store (only `keyring`'s mock). Whether the keyring daemon is
    /// running is only known at the first call; [`Self::check_available`] asks early.
    pub fn new(service: impl Into<String>) -> Result<Self, SecretError> {
        let builder = keyring::default::default_credential_builder();
        if !matches!(builder.persistence(), CredentialPersistence::UntilDelete) {
            return Err(SecretError::Unavailable {
                reason: format!(
                    "this build has no persistent keyring backend for {}",
                    std::env::consts::OS
                ),
            });
        }
        Ok(KeyringStore {
            service: service.into(),
            builder,
        })
    }

    /// The app's store ([`APP_SERVICE`]).
    pub fn app() -> Result<Self, SecretError> {
        Self::new(APP_SERVICE)
    }

    /// The service name entries are stored under.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Asks the keyring for an entry that never exists: `Ok` when the keyring answers
    /// (so the app can say "keyring unavailable" before the user types a key, not after).
    pub fn check_available(&self) -> Result<(), SecretError> {
        let probe = SecretName::ReceiverToken {
            account_id: "availability-check".into(),
        };
        self.get(&probe).map(|_| ())
    }

    fn entry(&self, name: &SecretName) -> Result<Entry, SecretError> {
        let credential = self
            .builder
            .build(None, &self.service, &name.entry_user())
            .map_err(map_error)?;
        Ok(Entry::new_with_credential(credential))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>, SecretError> {
        let _guard = KEYRING_LOCK.lock();
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(SecretString::from(value))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, name: &SecretName, value: &SecretString) -> Result<(), SecretError> {
        let _guard = KEYRING_LOCK.lock();
        self.entry(name)?
            .set_password(value.expose_secret())
            .map_err(map_error)
    }

    fn delete(&self, name: &SecretName) -> Result<(), SecretError> {
        let _guard = KEYRING_LOCK.lock();
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(KeyringError::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }

    fn backend(&self) -> &'static str {
        PLATFORM_NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guard against `keyring`'s silent fallback: on the three desktop platforms this
    /// build must have a persistent store (the features in Cargo.toml), not the mock.
    #[test]
    #[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
    fn the_build_uses_a_persistent_platform_store_not_the_mock() {
        let backend = platform_backend();
        assert!(backend.persistent, "{backend:?}");
        assert_ne!(backend.name, "none");
        let builder = keyring::default::default_credential_builder();
        assert!(
            !builder
                .as_any()
                .is::<keyring::mock::MockCredentialBuilder>(),
            "the default builder is keyring's mock"
        );
        let store = KeyringStore::new("com.kaicalls.desktop.test").unwrap();
        assert!(format!("{store:?}").contains(backend.name));
    }
}
