//! One open account: its cache, sync loop, webhook receiver, notifications, and the
//! bridge that forwards the core's events to the window and the tray.
//!
//! The app has at most one session; switching accounts closes it and opens another.

use std::sync::Arc;

use kaicalls_api::Client;
use kaicalls_core::accounts::{AccountKind, AccountMeta, Accounts};
use kaicalls_core::notify::{Notifier, NotifyConfig, spawn_lead_notifications};
use kaicalls_core::webhook_setup::WebhookService;
use kaicalls_core::{Cache, CoreEvent, EventBus, SyncConfig, SyncEngine, SyncHandle};
use kaicalls_store::Store;
use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::error::{IpcError, IpcResult};
use crate::events::{AppAlert, CoreChanged, UnreadChanged};
use crate::state::AppState;
use crate::tray;

/// The services of the open account.
pub struct Session {
    /// The account (no secret in it).
    pub account: AccountMeta,
    /// Its API client (holds the key; never sent to the UI).
    pub client: Client,
    /// Its offline cache.
    pub cache: Cache,
    /// Its sync loop.
    pub sync: SyncHandle,
    /// Its webhook receiver, when it could start.
    pub webhooks: tokio::sync::Mutex<Option<WebhookService>>,
    stop: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("account", &self.account.id)
            .finish_non_exhaustive()
    }
}

fn alert(app: &AppHandle<Wry>, code: &str, message: String) {
    tracing::warn!(code, %message, "alert");
    let _ = AppAlert {
        code: code.to_string(),
        message,
    }
    .emit(app);
}

impl Session {
    /// Opens `account`: cache, sync, receiver (sandbox accounts register it with their
    /// sandbox at once), notifications and the event bridge.
    pub async fn open(
        app: &AppHandle<Wry>,
        accounts: Arc<Accounts>,
        account: AccountMeta,
        notifier: Arc<dyn Notifier>,
    ) -> IpcResult<Session> {
        let client = accounts.client(&account.id).await?;
        let dir = accounts.cache_dir();
        let id = account.id.clone();
        let (store, outcome) = tokio::task::spawn_blocking(move || Store::open(dir, &id))
            .await
            .map_err(|e| IpcError::new("interrupted", e.to_string()))??;
        if outcome.rebuilt {
            alert(
                app,
                "cache_rebuilt",
                "The offline copy of your data was damaged. It was set aside and is being \
                 downloaded again from KaiCalls."
                    .into(),
            );
        }
        let bus = EventBus::default();
        let cache = Cache::new(store, bus.clone());
        let stop = CancellationToken::new();
        // Subscribe before anything can publish, so the UI misses nothing.
        let bridge = spawn_bridge(app.clone(), &bus, stop.clone());
        let notes = {
            let accounts = accounts.clone();
            let id = account.id.clone();
            spawn_lead_notifications(
                account.id.clone(),
                &bus,
                notifier,
                Arc::new(move || accounts.notifications_enabled(&id)),
                NotifyConfig::default(),
                stop.clone(),
            )
        };
        let webhooks = match WebhookService::start(
            accounts.clone(),
            &account.id,
            cache.clone(),
            client.clone(),
        )
        .await
        {
            Ok(service) => {
                if account.kind == AccountKind::Sandbox {
                    if let Err(e) = service.register_sandbox_loopback().await {
                        alert(app, e.code(), format!("Live updates are off: {e}"));
                    }
                }
                Some(service)
            }
            Err(e) => {
                alert(
                    app,
                    e.code(),
                    format!(
                        "The webhook receiver could not start ({e}); new leads arrive with the periodic sync instead."
                    ),
                );
                None
            }
        };
        let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default()).await?;
        let sync = engine.spawn();
        Ok(Session {
            account,
            client,
            cache,
            sync,
            webhooks: tokio::sync::Mutex::new(webhooks),
            stop,
            tasks: vec![bridge, notes],
        })
    }

    /// Stops everything; deliveries already accepted are stored before the receiver goes.
    pub async fn close(self) {
        if let Some(service) = self.webhooks.lock().await.take() {
            service.shutdown().await;
        }
        self.sync.shutdown().await;
        self.stop.cancel();
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

/// Forwards every core event to the window and counts fresh leads for the tray.
fn spawn_bridge(app: AppHandle<Wry>, bus: &EventBus, stop: CancellationToken) -> JoinHandle<()> {
    let mut events = bus.subscribe();
    tokio::spawn(async move {
        loop {
            let event = tokio::select! {
                _ = stop.cancelled() => break,
                event = events.recv() => event,
            };
            match event {
                Ok(event) => {
                    if let CoreEvent::NewLead { fresh: true, .. } = &event {
                        let count = app.state::<AppState>().unread.bump();
                        tray::show_unread(&app, count);
                        let _ = UnreadChanged { count }.emit(&app);
                    }
                    if let Err(e) = CoreChanged(event).emit(&app) {
                        tracing::warn!(error = %e, "could not forward an event to the window");
                    }
                }
                // The UI reloads what it shows on the next event; nothing is lost in
                // the cache itself.
                Err(RecvError::Lagged(n)) => tracing::warn!(n, "the window missed events"),
                Err(RecvError::Closed) => break,
            }
        }
    })
}
