//! One open account: its cache, sync loop, webhook receiver, notifications, and the task
//! that forwards its events to the shell. The app has at most one; switching accounts
//! closes it and opens another.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use kaicalls_api::Client;
use kaicalls_store::Store;
use kaicalls_vocab::Code;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::events::{AppEvent, AppEvents};
use crate::accounts::{AccountKind, AccountMeta, Accounts};
use crate::cache::Cache;
use crate::error::AppError;
use crate::events::{CoreEvent, EventBus};
use crate::notify::{Notifier, NotifyConfig, spawn_lead_notifications};
use crate::sync::{SyncConfig, SyncEngine, SyncHandle};
use crate::webhook_setup::WebhookService;

/// The services of the open account.
pub struct Session {
    /// The account (no secret in it).
    pub(crate) account: AccountMeta,
    /// Its API client (holds the key; never sent to the UI).
    pub(crate) client: Client,
    /// Its offline cache.
    pub(crate) cache: Cache,
    /// Its sync loop.
    pub(crate) sync: SyncHandle,
    /// Its webhook receiver, when it could start.
    pub(crate) webhooks: Arc<tokio::sync::Mutex<Option<WebhookService>>>,
    /// A sandbox account's webhook registration, under way in the background.
    registering: Option<JoinHandle<()>>,
    /// KaiCalls' analytics answers, reused for a minute.
    pub(crate) reports: super::dashboard::ReportMemo,
    /// Asks for a recount of the inbox for the tray.
    pub(crate) waiting: Arc<tokio::sync::Notify>,
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

/// What a session needs from the app around it.
#[derive(Clone)]
pub(crate) struct SessionDeps {
    pub(crate) accounts: Arc<Accounts>,
    pub(crate) notifier: Arc<dyn Notifier>,
    pub(crate) events: AppEvents,
    pub(crate) unread: Arc<AtomicU32>,
    /// Rebuilds the cache if it is found damaged while open.
    pub(crate) rebuild: super::rebuild::Rebuilds,
}

/// How long after a session opens its search indexes are checked: past the first screens,
/// which the check would slow (it walks every index).
const SEARCH_CHECK_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Checks the search indexes once, soon after the start, and rebuilds a damaged one
/// (`Cache::mend_search_indexes`).
fn spawn_search_mend(cache: Cache, stop: CancellationToken) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(SEARCH_CHECK_AFTER) => {}
        }
        match cache.mend_search_indexes().await {
            Ok(true) => tracing::info!("search indexes rebuilt"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "the search indexes could not be checked"),
        }
    })
}

impl Session {
    /// Opens `account`: cache, sync, receiver (sandbox accounts register it with their
    /// sandbox at once), notifications and the event forwarder.
    pub(crate) async fn open(
        deps: &SessionDeps,
        account: AccountMeta,
    ) -> Result<Session, AppError> {
        let accounts = &deps.accounts;
        let client = accounts.client(&account.id).await?;
        let dir = accounts.cache_dir();
        crate::private_fs::create_dir(&dir).map_err(|e| {
            AppError::new(
                Code::DataDirError,
                format!("Cannot create {}: {e}", dir.display()),
            )
        })?;
        let id = account.id.clone();
        let (store, outcome, interrupted) = tokio::task::spawn_blocking(move || {
            let (mut store, outcome) = Store::open(dir, &id)?;
            // No dial of this process is out yet: any still "sending" was cut off.
            let interrupted = store.interrupted_dials(chrono::Utc::now())?;
            Ok::<_, kaicalls_store::Error>((store, outcome, interrupted))
        })
        .await
        .map_err(|e| AppError::new(Code::Interrupted, e.to_string()))??;
        if interrupted > 0 {
            deps.events.alert(
                Code::CallOutcomeUnknown,
                "The app closed while a call was being placed, so it may have been placed. \
                 It is marked on the calls list; check it before calling again.",
            );
        }
        if outcome.rebuilt {
            deps.events.alert(
                Code::CacheRebuilt,
                "The offline copy of your data was damaged. It was set aside and is being \
                 downloaded again from KaiCalls.",
            );
        }
        let bus = EventBus::default();
        let cache = Cache::new(store, bus.clone());
        let stop = CancellationToken::new();
        // Subscribe before anything can publish, so the UI misses nothing.
        let forward = spawn_forwarder(deps, &bus, stop.clone());
        let waiting = Arc::new(tokio::sync::Notify::new());
        let count = super::waiting::spawn_waiting_count(
            cache.clone(),
            &bus,
            deps.events.clone(),
            waiting.clone(),
            stop.clone(),
        );
        let notes = {
            let accounts = accounts.clone();
            let id = account.id.clone();
            spawn_lead_notifications(
                account.id.clone(),
                &bus,
                deps.notifier.clone(),
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
            Ok(service) => Some(service),
            Err(e) => {
                deps.events.alert(
                        e.code(),
                        format!(
                            "The webhook receiver could not start ({e}); new leads arrive with the periodic sync instead."
                        ),
                    );
                None
            }
        };
        let webhooks = Arc::new(tokio::sync::Mutex::new(webhooks));
        let registering = (account.kind == AccountKind::Sandbox)
            .then(|| spawn_sandbox_registration(deps, &webhooks))
            .flatten();
        let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default()).await?;
        let watch = super::rebuild::spawn_watch(deps, &account.id, &cache, &engine, stop.clone());
        let mend = spawn_search_mend(cache.clone(), stop.clone());
        let sync = engine.spawn();
        Ok(Session {
            account,
            client,
            cache,
            sync,
            webhooks,
            registering,
            reports: Default::default(),
            stop,
            waiting,
            tasks: vec![forward, notes, count, watch, mend],
        })
    }

    /// The account this session is for.
    pub fn account(&self) -> &AccountMeta {
        &self.account
    }

    /// Stops `session` once the commands in flight that hold it are done (they hold it
    /// briefly); after 5 s it is left to stop when the last of them lets it go.
    pub(crate) async fn close_when_released(mut session: Arc<Session>) {
        for _ in 0..50 {
            match Arc::try_unwrap(session) {
                Ok(owned) => return owned.close().await,
                Err(shared) => session = shared,
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        tracing::warn!("a command still held the old session; it stops when released");
    }

    /// Stops everything; deliveries already accepted are stored before the receiver goes.
    pub(crate) async fn close(mut self) {
        if let Some(task) = self.registering.take() {
            task.abort();
            let _ = task.await;
        }
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

/// Registers the receiver with a sandbox account's sandbox without holding up the opening
/// (a sandbox that is not running costs the client's retries, over a second). The lock is
/// taken before the task starts, so whoever asks for the webhooks next waits for it.
fn spawn_sandbox_registration(
    deps: &SessionDeps,
    webhooks: &Arc<tokio::sync::Mutex<Option<WebhookService>>>,
) -> Option<JoinHandle<()>> {
    let events = deps.events.clone();
    // Nobody else has the mutex yet, so this cannot fail.
    let guard = webhooks.clone().try_lock_owned().ok()?;
    Some(tokio::spawn(async move {
        if let Some(service) = guard.as_ref() {
            if let Err(e) = service.register_sandbox_loopback().await {
                events.alert(e.code(), format!("Live updates are off: {e}"));
            }
        }
    }))
}

/// Forwards every event of the account's bus to the shell, counting fresh leads first.
fn spawn_forwarder(deps: &SessionDeps, bus: &EventBus, stop: CancellationToken) -> JoinHandle<()> {
    let mut events = bus.subscribe();
    let out = deps.events.clone();
    let unread = deps.unread.clone();
    tokio::spawn(async move {
        loop {
            let event = tokio::select! {
                _ = stop.cancelled() => break,
                event = events.recv() => event,
            };
            match event {
                Ok(event) => {
                    if let CoreEvent::NewLead { fresh: true, .. } = &event {
                        let count = unread.fetch_add(1, Ordering::Relaxed).saturating_add(1);
                        out.publish(AppEvent::UnreadChanged { count });
                    }
                    out.publish(AppEvent::Core(event));
                }
                // The UI reloads what it shows on the next event; nothing is lost in the
                // cache itself.
                Err(RecvError::Lagged(n)) => tracing::warn!(n, "the window missed events"),
                Err(RecvError::Closed) => break,
            }
        }
    })
}
