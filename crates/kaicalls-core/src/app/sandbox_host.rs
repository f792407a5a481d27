//! The in-process sandbox behind "Explore the sandbox" and `--sandbox`.
//!
//! It runs on loopback with its state in the app data directory, so demo data, placed
//! calls and leads survive a restart like a real account's would. It prefers the port it
//! had last time (the sandbox account's saved address); when that port is taken it takes
//! another and the account is re-pointed at it.
//!
//! Its secrets live where a real account's do: the API key in the keyring, offered back
//! at each start so the sandbox reuses it rather than minting another all-scope key; the
//! webhook secret and the receiver's path in the keyring on the app's side, while the
//! sandbox keeps its copy of the registration for one run only (its state file holds
//! none), and the session registers the webhook again whenever it connects.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle};
use kaicalls_vocab::Code;
use secrecy::SecretString;

use crate::accounts::{AccountMeta, Accounts, NewAccount};
use crate::error::AppError;

/// A running sandbox.
pub(crate) struct SandboxHost {
    handle: SandboxHandle,
    port: u16,
}

impl std::fmt::Debug for SandboxHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxHost")
            .field("base_url", &self.handle.base_url)
            .finish_non_exhaustive()
    }
}

/// Where the sandbox keeps its state inside the app data directory.
pub fn sandbox_state_file(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox").join("state.json")
}

fn config(data_dir: &Path, port: u16, key: Option<SecretString>) -> SandboxConfig {
    SandboxConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], port)),
        demo: true,
        state_file: Some(sandbox_state_file(data_dir)),
        demo_key: key,
        replace_damaged_state: true,
        ..SandboxConfig::default()
    }
}

/// The port in a saved `http://127.0.0.1:PORT` address.
fn saved_port(base_url: &str) -> Option<u16> {
    base_url
        .rsplit_once(':')?
        .1
        .trim_end_matches('/')
        .parse()
        .ok()
}

impl SandboxHost {
    /// Starts the sandbox, on `preferred` when it is free, handing out `key` (the sandbox
    /// account's key from the keyring) again when the sandbox still knows it.
    pub(crate) async fn start(
        data_dir: &Path,
        preferred: Option<u16>,
        key: Option<SecretString>,
    ) -> Result<SandboxHost, AppError> {
        let state = sandbox_state_file(data_dir);
        if let Some(parent) = state.parent() {
            crate::private_fs::create_dir(parent).map_err(|e| {
                AppError::new(
                    Code::DataDirError,
                    format!("Cannot create {}: {e}", parent.display()),
                )
            })?;
        }
        let handle = match preferred.filter(|p| *p != 0) {
            Some(port) => match Sandbox::start(config(data_dir, port, key.clone())).await {
                Ok(handle) => handle,
                Err(e) => {
                    tracing::info!(error = %e, port, "sandbox port taken; using another");
                    Sandbox::start(config(data_dir, 0, key)).await?
                }
            },
            None => Sandbox::start(config(data_dir, 0, key)).await?,
        };
        let port = saved_port(&handle.base_url).unwrap_or(0);
        Ok(SandboxHost { handle, port })
    }

    /// Where its saved state went when it could not be read (it started fresh).
    pub(crate) fn damaged_state(&self) -> Option<&Path> {
        self.handle.damaged_state.as_deref()
    }

    /// The port it listens on (kept to restart on the same one).
    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// Makes sure an account points at this sandbox with a valid key, creating it on the
    /// first start. Returns the account: the one marked as the in-app sandbox's, never a
    /// sandbox the user runs apart and signed in to (it may even share the demo
    /// business's id, when both run with the same seed).
    pub(crate) async fn ensure_account(
        &self,
        accounts: &Accounts,
    ) -> Result<AccountMeta, AppError> {
        let key = self.handle.demo_account.api_key.clone();
        let base_url = &self.handle.base_url;
        let existing = accounts.list().into_iter().find(|a| a.in_app_sandbox);
        let id = match existing {
            Some(meta) => meta.id,
            None => {
                accounts
                    .add(NewAccount {
                        label: "Sandbox".into(),
                        api_key: key.clone(),
                        base_url: Some(base_url.clone()),
                        allow_origin: false,
                    })
                    .await?
                    .id
            }
        };
        Ok(accounts.reconnect_sandbox(&id, base_url, key).await?)
    }

    /// Stops it (saving its state) so the app can be seen offline; `start` again with
    /// [`SandboxHost::port`] resumes where it stopped.
    pub(crate) async fn stop(self) {
        let stopped = tokio::time::timeout(Duration::from_secs(10), self.handle.shutdown()).await;
        match stopped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "the sandbox did not save its state"),
            Err(_) => tracing::warn!("the sandbox took too long to stop"),
        }
    }
}

/// Whether an account's address is a sandbox on this machine.
pub(crate) fn is_local(base_url: &str) -> bool {
    base_url.starts_with("http://127.0.0.1:") || base_url.starts_with("http://localhost:")
}

/// The port a sandbox account last used.
pub(crate) fn account_port(meta: &AccountMeta) -> Option<u16> {
    saved_port(&meta.base_url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_from_addresses() {
        assert_eq!(saved_port("http://127.0.0.1:40123"), Some(40123));
        assert_eq!(saved_port("http://127.0.0.1:40123/"), Some(40123));
        assert_eq!(saved_port("https://api.kaicalls.com"), None);
        assert!(is_local("http://127.0.0.1:1"));
        assert!(!is_local("https://api.kaicalls.com"));
    }
}
