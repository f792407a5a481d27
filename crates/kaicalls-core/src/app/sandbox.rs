//! The app's own sandbox ("Explore the sandbox", `--sandbox`): starting it, pointing its
//! account at it, and stopping it (which the app shows as going offline).

use kaicalls_vocab::Code;
use secrecy::SecretString;

use super::App;
use super::sandbox_host::SandboxHost;
use crate::accounts::AccountMeta;
use crate::error::AppError;

impl App {
    /// Starts the sandbox (if it is not running) and opens its account.
    pub async fn explore_sandbox(&self) -> Result<AccountMeta, AppError> {
        let _switch = self.switching.lock().await;
        let meta = self.ensure_sandbox().await?;
        self.open_locked(&meta.id).await
    }

    /// Starts the in-process sandbox if needed; returns its (re-pointed) account.
    pub(super) async fn ensure_sandbox(&self) -> Result<AccountMeta, AppError> {
        let mut running = self.sandbox.lock().await;
        let host = match running.take() {
            Some(host) => host,
            None => {
                let preferred = *self.sandbox_port.lock();
                let host =
                    SandboxHost::start(&self.data_dir, preferred, self.sandbox_key().await).await?;
                *self.sandbox_port.lock() = Some(host.port());
                if let Some(kept) = host.damaged_state() {
                    self.events.alert(
                        Code::SandboxReset,
                        format!(
                            "The sandbox's saved demo data could not be read, so it started \
                             again with fresh demo data. The old file was kept as {}.",
                            kept.display()
                        ),
                    );
                }
                host
            }
        };
        let account = host.ensure_account(&self.accounts).await;
        *running = Some(host);
        account
    }

    /// The in-app sandbox account's key, to offer the sandbox at its start. Without one
    /// (first start, or a keyring that forgot it) the sandbox mints a key.
    async fn sandbox_key(&self) -> Option<SecretString> {
        let meta = self
            .accounts
            .list()
            .into_iter()
            .find(|a| a.in_app_sandbox)?;
        match self.accounts.api_key(&meta.id).await {
            Ok(key) => Some(key),
            Err(e) => {
                tracing::info!(code = e.code().as_str(), "the sandbox mints a new key");
                None
            }
        }
    }

    /// Whether the in-process sandbox runs.
    pub async fn sandbox_running(&self) -> bool {
        self.sandbox.lock().await.is_some()
    }

    /// Stops the in-process sandbox (the app then works offline from its cache) or starts
    /// it again on the same port, so the open sandbox account reconnects by itself.
    pub async fn set_sandbox_running(&self, on: bool) -> Result<(), AppError> {
        let _switch = self.switching.lock().await;
        if !on {
            if let Some(host) = self.sandbox.lock().await.take() {
                host.stop().await;
            }
            return Ok(());
        }
        let before = *self.sandbox_port.lock();
        let meta = self.ensure_sandbox().await?;
        let open_id = self
            .session
            .read()
            .await
            .as_ref()
            .map(|s| s.account.id.clone());
        if before != *self.sandbox_port.lock() && open_id.as_deref() == Some(meta.id.as_str()) {
            // Another port: the open session's client points at the old one.
            self.open_locked(&meta.id).await?;
        } else if let Some(session) = self.session.read().await.as_ref() {
            if session.account.id == meta.id {
                // The sandbox keeps webhook registrations for one run only.
                if let Err(e) = session.register_webhooks(None).await {
                    self.events
                        .alert(e.code, format!("Live updates are off: {}", e.message));
                }
            }
            session.sync_now();
        }
        Ok(())
    }
}
