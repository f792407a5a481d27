//! An in-memory [`SecretStore`]: for unit tests (which can also pretend no keyring
//! exists), and the app's stand-in for the rest of a run that found no keyring.

use std::collections::BTreeMap;
use std::fmt;

use parking_lot::Mutex;
use secrecy::{ExposeSecret, SecretString};

use super::{SecretError, SecretName, SecretStore};

/// Secrets in a map. The app uses [`super::KeyringStore`], or
/// [`MemorySecretStore::memory_only`] when no keyring answered at start.
#[derive(Default)]
pub struct MemorySecretStore {
    entries: Mutex<BTreeMap<SecretName, SecretString>>,
    unavailable: bool,
    memory_only: bool,
}

impl fmt::Debug for MemorySecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self.entries.lock().keys().map(|n| n.to_string()).collect();
        f.debug_struct("MemorySecretStore")
            .field("names", &names)
            .field("unavailable", &self.unavailable)
            .field("memory_only", &self.memory_only)
            .finish()
    }
}

impl MemorySecretStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that answers every call like a machine without a keyring, to test that
    /// callers refuse to go on (and write nothing to disk) when that happens.
    pub fn unavailable() -> Self {
        MemorySecretStore {
            unavailable: true,
            ..Self::default()
        }
    }

    /// The app's store for a run without a keyring: it works, and reports itself as
    /// [`SecretStore::memory_only`] so a missing key is not taken for a deleted one.
    pub fn memory_only() -> Self {
        MemorySecretStore {
            memory_only: true,
            ..Self::default()
        }
    }

    /// The names currently stored.
    pub fn names(&self) -> Vec<SecretName> {
        self.entries.lock().keys().cloned().collect()
    }

    fn check(&self) -> Result<(), SecretError> {
        if self.unavailable {
            return Err(SecretError::Unavailable {
                reason: "no keyring in this test".into(),
            });
        }
        Ok(())
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>, SecretError> {
        self.check()?;
        Ok(self
            .entries
            .lock()
            .get(name)
            .map(|s| SecretString::from(s.expose_secret().to_string())))
    }

    fn set(&self, name: &SecretName, value: &SecretString) -> Result<(), SecretError> {
        self.check()?;
        self.entries.lock().insert(
            name.clone(),
            SecretString::from(value.expose_secret().to_string()),
        );
        Ok(())
    }

    fn delete(&self, name: &SecretName) -> Result<(), SecretError> {
        self.check()?;
        self.entries.lock().remove(name);
        Ok(())
    }

    fn backend(&self) -> &'static str {
        if self.memory_only {
            "memory-only"
        } else {
            "memory"
        }
    }

    fn memory_only(&self) -> bool {
        self.memory_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_replaces_and_deletes_without_showing_values() {
        let store = MemorySecretStore::new();
        let name = SecretName::api_key("acct-1");
        assert!(store.get(&name).unwrap().is_none());
        store
            .set(&name, &SecretString::from("kc_test_first_value"))
            .unwrap();
        store
            .set(&name, &SecretString::from("kc_test_second_value"))
            .unwrap();
        assert_eq!(
            store.get(&name).unwrap().unwrap().expose_secret(),
            "kc_test_second_value"
        );
        let debug = format!("{store:?}");
        assert!(debug.contains("api-key:acct-1"), "{debug}");
        assert!(!debug.contains("second_value"), "{debug}");
        store.delete(&name).unwrap();
        store.delete(&name).unwrap();
        assert!(store.get(&name).unwrap().is_none());
    }

    #[test]
    fn an_unavailable_store_says_so_with_the_code() {
        let store = MemorySecretStore::unavailable();
        let err = store
            .set(&SecretName::api_key("a"), &SecretString::from("x"))
            .unwrap_err();
        assert_eq!(err.code(), "keyring_unavailable");
        assert!(err.to_string().contains("never in a file"));
    }
}
