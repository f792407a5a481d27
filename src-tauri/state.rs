//! What every command can reach: the account list, the open session, the in-process
//! sandbox, and the guard against placing the same call twice.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use kaicalls_core::accounts::{AccountKind, AccountMeta, Accounts};
use kaicalls_core::notify::Notifier;
use kaicalls_core::secrets::{KeyringStore, MemorySecretStore, SecretStore};
use parking_lot::Mutex;
use tauri::{AppHandle, Wry};
use tauri_specta::Event;
use tokio::sync::RwLock;

use crate::dial::DialGuard;
use crate::error::{IpcError, IpcResult};
use crate::events::{DialRequested, SessionChanged};
use crate::options::Options;
use crate::sandbox_host::{self, SandboxHost};
use crate::session::Session;
use crate::tray::Unread;

/// Whether keys can be kept: the OS keyring answered at start, or why not.
#[derive(Debug, Clone)]
pub struct KeyringHealth {
    /// The store's backend name (`secret-service`, ...), or `memory` without a keyring.
    pub backend: &'static str,
    /// Why the keyring cannot be used, in plain words; `None` when it can.
    pub problem: Option<IpcError>,
}

/// Opens the OS keyring, or, when there is none, a store that lives only as long as the
/// app: enough for the sandbox (whose key is minted again at every start), while adding a
/// real account is refused with the keyring's own message. Keys never go to a file.
pub fn open_secrets() -> (Arc<dyn SecretStore>, KeyringHealth) {
    let store = KeyringStore::app().and_then(|k| k.check_available().map(|()| k));
    match store {
        Ok(k) => {
            let backend = k.backend();
            (
                Arc::new(k),
                KeyringHealth {
                    backend,
                    problem: None,
                },
            )
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "no keyring: only the sandbox can be used");
            (
                Arc::new(MemorySecretStore::new()),
                KeyringHealth {
                    backend: "memory",
                    problem: Some(e.into()),
                },
            )
        }
    }
}

/// The app's shared state, managed by Tauri.
pub struct AppState {
    /// How the app was started.
    pub options: Options,
    /// Where all app data lives.
    pub data_dir: PathBuf,
    /// The accounts (no secrets in memory beyond the keyring's own).
    pub accounts: Arc<Accounts>,
    /// Whether the keyring can be used.
    pub keyring: KeyringHealth,
    /// The open account's services.
    session: RwLock<Option<Arc<Session>>>,
    /// Serialises opening, closing and switching.
    switching: tokio::sync::Mutex<()>,
    sandbox: tokio::sync::Mutex<Option<SandboxHost>>,
    sandbox_port: Mutex<Option<u16>>,
    /// One call per dial dialog.
    pub dials: DialGuard,
    /// New leads not looked at.
    pub unread: Unread,
    /// The last dial link, until the UI takes it.
    pub pending_dial: Mutex<Option<DialRequested>>,
    /// Shows OS notifications.
    pub notifier: Arc<dyn Notifier>,
}

impl AppState {
    /// State over `data_dir` with `secrets`.
    pub fn new(
        options: Options,
        data_dir: PathBuf,
        secrets: Arc<dyn SecretStore>,
        keyring: KeyringHealth,
        notifier: Arc<dyn Notifier>,
    ) -> IpcResult<AppState> {
        let accounts = Arc::new(Accounts::open(&data_dir, secrets)?);
        Ok(AppState {
            options,
            data_dir,
            accounts,
            keyring,
            session: RwLock::new(None),
            switching: tokio::sync::Mutex::new(()),
            sandbox: tokio::sync::Mutex::new(None),
            sandbox_port: Mutex::new(None),
            dials: DialGuard::default(),
            unread: Unread::default(),
            pending_dial: Mutex::new(None),
            notifier,
        })
    }

    /// The open session, or `no_account`.
    pub async fn session(&self) -> IpcResult<Arc<Session>> {
        self.session
            .read()
            .await
            .clone()
            .ok_or_else(IpcError::no_session)
    }

    /// The open account, waiting for a switch in progress to finish.
    pub async fn current_account(&self) -> Option<AccountMeta> {
        let _switch = self.switching.lock().await;
        self.session
            .read()
            .await
            .as_ref()
            .map(|s| s.account.clone())
    }

    /// What the app opens at start: the sandbox when asked for, else the last account.
    pub async fn startup(&self, app: &AppHandle<Wry>) -> IpcResult<Option<AccountMeta>> {
        if self.options.sandbox {
            return self.explore_sandbox(app).await.map(Some);
        }
        match self.accounts.active() {
            Some(meta) => self.open(app, &meta.id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Starts the sandbox (if it is not running) and opens its account.
    pub async fn explore_sandbox(&self, app: &AppHandle<Wry>) -> IpcResult<AccountMeta> {
        let _switch = self.switching.lock().await;
        let meta = self.ensure_sandbox().await?;
        self.open_locked(app, &meta.id).await
    }

    /// Opens account `id`, closing the one open now.
    pub async fn open(&self, app: &AppHandle<Wry>, id: &str) -> IpcResult<AccountMeta> {
        let _switch = self.switching.lock().await;
        let mut meta = self.accounts.get(id)?;
        if meta.kind == AccountKind::Sandbox && sandbox_host::is_local(&meta.base_url) {
            *self.sandbox_port.lock() = sandbox_host::account_port(&meta);
            meta = self.ensure_sandbox().await?;
        }
        self.open_locked(app, &meta.id).await
    }

    /// Closes the open account and shows onboarding.
    pub async fn close(&self, app: &AppHandle<Wry>) {
        let _switch = self.switching.lock().await;
        self.close_locked().await;
        let _ = SessionChanged { account_id: None }.emit(app);
    }

    async fn open_locked(&self, app: &AppHandle<Wry>, id: &str) -> IpcResult<AccountMeta> {
        self.close_locked().await;
        let meta = self.accounts.get(id)?;
        let session =
            Session::open(app, self.accounts.clone(), meta, self.notifier.clone()).await?;
        let meta = session.account.clone();
        self.accounts.set_active(&meta.id)?;
        *self.session.write().await = Some(Arc::new(session));
        let _ = SessionChanged {
            account_id: Some(meta.id.clone()),
        }
        .emit(app);
        Ok(meta)
    }

    async fn close_locked(&self) {
        let Some(mut session) = self.session.write().await.take() else {
            return;
        };
        self.unread.clear();
        // Commands in flight hold the session briefly; wait for them, then stop it.
        for _ in 0..50 {
            match Arc::try_unwrap(session) {
                Ok(owned) => return owned.close().await,
                Err(shared) => session = shared,
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tracing::warn!("a command still held the old session; it stops when released");
    }

    /// Starts the in-process sandbox if needed; returns its (re-pointed) account.
    async fn ensure_sandbox(&self) -> IpcResult<AccountMeta> {
        let mut running = self.sandbox.lock().await;
        if running.is_none() {
            let preferred = *self.sandbox_port.lock();
            let host = SandboxHost::start(&self.data_dir, preferred).await?;
            *self.sandbox_port.lock() = Some(host.port());
            *running = Some(host);
        }
        match running.as_ref() {
            Some(host) => host.ensure_account(&self.accounts).await,
            None => Err(IpcError::new(
                "sandbox_error",
                "The sandbox is not running.",
            )),
        }
    }

    /// Whether the in-process sandbox runs.
    pub async fn sandbox_running(&self) -> bool {
        self.sandbox.lock().await.is_some()
    }

    /// Stops the in-process sandbox (the app then works offline from its cache) or starts
    /// it again on the same port, so the open sandbox account reconnects by itself.
    pub async fn set_sandbox_running(&self, app: &AppHandle<Wry>, on: bool) -> IpcResult<()> {
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
            self.open_locked(app, &meta.id).await?;
        } else if let Ok(session) = self.session().await {
            session.sync.sync_now();
        }
        Ok(())
    }

    /// Stops everything at exit: the session (so accepted deliveries are stored) and the
    /// sandbox (so its state is saved).
    pub async fn shutdown(&self) {
        let _switch = self.switching.lock().await;
        self.close_locked().await;
        if let Some(host) = self.sandbox.lock().await.take() {
            host.stop().await;
        }
    }
}
