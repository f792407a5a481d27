//! The app as a whole, with no window in it: the account list, the one open
//! [`Session`], the in-process sandbox, the guard against placing the same call twice,
//! new leads not looked at yet, and the events the desktop shell shows.
//!
//! Every Tauri command is a short adapter over one method here, so all of this is tested
//! with plain Rust against the in-process sandbox (`tests/app_*.rs`).

mod accounts_flow;
mod dashboard;
mod dial;
mod events;
mod export;
mod inbox;
mod live_updates;
mod once;
mod reads;
mod rebuild;
mod recording;
mod recovery;
mod sandbox;
mod sandbox_host;
mod sdr;
mod session;
mod sms;
mod usage;
mod waiting;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use kaicalls_vocab::Code;
use parking_lot::Mutex;
use serde::Serialize;
use tokio::sync::{RwLock, broadcast};

use crate::accounts::{AccountKind, AccountMeta, Accounts};
use crate::error::AppError;
use crate::links::{DialRequest, parse_dial_link};
use crate::notify::Notifier;
use crate::secrets::{KeyringStore, MemorySecretStore, SecretError, SecretStore};
use crate::views::{SdrActionRequest, SdrResultView, SdrRunRequest, SdrRunView};
use once::{Begin, OnceGuard};
use sandbox_host::SandboxHost;
use session::SessionDeps;

pub use accounts_flow::{SignIn, SignUp, SignedUp};
pub use dial::{DialCheck, DialView, PlaceCall, PlacedCall, RecentCall};
pub use events::{Alert, AppEvent};
pub use export::{ExportKind, ExportRequest, Exported};
pub use live_updates::LiveUpdates;
pub use reads::{SimulatedCall, SimulatedCallStarted, SyncView};
pub use recording::Recording;
pub use sandbox_host::sandbox_state_file;
pub use session::Session;
pub use sms::{SendText, TextView};

/// Whether keys can be kept: the OS keyring answered at start, or why not.
#[derive(Debug, Clone)]
pub struct KeyringHealth {
    /// The store's backend name (`secret-service`, ...), or `memory` without a keyring.
    pub backend: &'static str,
    /// Why the keyring cannot be used, in plain words; `None` when it can.
    pub problem: Option<AppError>,
}

/// Opens the OS keyring, or, when there is none, [`memory_only_secrets`]. Keys never go
/// to a file.
pub fn open_secrets() -> (Arc<dyn SecretStore>, KeyringHealth) {
    match KeyringStore::app().and_then(|k| k.check_available().map(|()| k)) {
        Ok(k) => {
            let backend = k.backend();
            let health = KeyringHealth {
                backend,
                problem: None,
            };
            (Arc::new(k), health)
        }
        Err(e) => memory_only_secrets(&e),
    }
}

/// The store of a run that found no keyring (`why`): it lives only as long as the app,
/// enough for the sandbox (which mints a key when it is offered none), and reports itself
/// as `keyring_memory_only`, so the UI says keys are not being saved and adding a real
/// account is refused.
pub fn memory_only_secrets(why: &SecretError) -> (Arc<dyn SecretStore>, KeyringHealth) {
    tracing::warn!(
        code = why.code().as_str(),
        "no keyring: keys are kept in memory only, and only the sandbox can be used"
    );
    let store = MemorySecretStore::memory_only();
    let health = KeyringHealth {
        backend: store.backend(),
        problem: Some(AppError::new(
            Code::KeyringMemoryOnly,
            format!("Keys are kept in memory only until the app quits: {why}"),
        )),
    };
    (Arc::new(store), health)
}

/// How this run of the app was asked to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppOptions {
    /// Open the sandbox account straight away (`--sandbox`).
    pub sandbox: bool,
    /// The app's version, as the UI shows it.
    pub version: String,
}

/// What the UI needs to know before it draws anything.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AppInfo {
    /// The app's version.
    pub version: String,
    /// Whether the open account is a sandbox (always visibly marked in the UI).
    pub sandbox: bool,
    /// The open account; `None` shows onboarding.
    pub account: Option<AccountMeta>,
    /// Why API keys cannot be kept (no OS keyring); `None` when they can.
    pub keyring_problem: Option<AppError>,
    /// Whether the in-process sandbox is running.
    pub sandbox_running: bool,
    /// The account list could not be used at start: the UI shows the recovery screen.
    pub settings_problem: Option<crate::accounts::SettingsProblem>,
}

/// The app's services.
pub struct App {
    options: AppOptions,
    data_dir: PathBuf,
    accounts: Arc<Accounts>,
    keyring: KeyringHealth,
    notifier: Arc<dyn Notifier>,
    events: events::AppEvents,
    /// New leads since the user last looked at the leads.
    unread: Arc<AtomicU32>,
    session: Arc<RwLock<Option<Arc<Session>>>>,
    /// Serialises opening, closing and switching (and a damaged cache's rebuild).
    switching: Arc<tokio::sync::Mutex<()>>,
    rebuilds: Arc<rebuild::History>,
    sandbox: tokio::sync::Mutex<Option<SandboxHost>>,
    sandbox_port: Mutex<Option<u16>>,
    /// Dials whose request is out: an update must not restart the app under them.
    dials_in_flight: Arc<AtomicUsize>,
    texts: OnceGuard<TextView>,
    sdr_actions: OnceGuard<SdrResultView>,
    sdr_runs: OnceGuard<SdrRunView>,
    /// The last dial link, until the UI takes it.
    pending_dial: Mutex<Option<DialRequest>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("data_dir", &self.data_dir)
            .field("keyring", &self.keyring.backend)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The app over `data_dir` (the platform's app data folder, or `KAICALLS_DATA_DIR`),
    /// keeping keys in `secrets`.
    pub fn new(
        options: AppOptions,
        data_dir: PathBuf,
        secrets: Arc<dyn SecretStore>,
        keyring: KeyringHealth,
        notifier: Arc<dyn Notifier>,
    ) -> Result<App, AppError> {
        let accounts = Arc::new(Accounts::open(&data_dir, secrets)?);
        Ok(App {
            options,
            data_dir,
            accounts,
            keyring,
            notifier,
            events: events::AppEvents::default(),
            unread: Arc::default(),
            session: Arc::default(),
            switching: Arc::default(),
            rebuilds: Arc::default(),
            sandbox: tokio::sync::Mutex::new(None),
            sandbox_port: Mutex::new(None),
            dials_in_flight: Arc::default(),
            texts: OnceGuard::new(AppError::new(
                Code::SmsInProgress,
                "This text is already being sent.",
            )),
            sdr_actions: OnceGuard::new(AppError::new(
                Code::SdrInProgress,
                "This action is already being sent.",
            )),
            sdr_runs: OnceGuard::new(AppError::new(
                Code::SdrInProgress,
                "This run is already under way.",
            )),
            pending_dial: Mutex::new(None),
        })
    }

    /// Every event for the shell from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<AppEvent> {
        self.events.subscribe()
    }

    /// Tells the user `message` (an alert the window shows), from the shell.
    pub fn alert(&self, code: Code, message: impl Into<String>) {
        self.events.alert(code, message);
    }

    /// The app data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The account list.
    pub fn accounts(&self) -> &Accounts {
        &self.accounts
    }

    /// The open session, or `no_account`.
    pub async fn session(&self) -> Result<Arc<Session>, AppError> {
        self.session
            .read()
            .await
            .clone()
            .ok_or_else(AppError::no_account)
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

    /// Version, mode and the open account. Waits for an account switch in progress.
    pub async fn info(&self) -> AppInfo {
        let account = self.current_account().await;
        AppInfo {
            version: self.options.version.clone(),
            sandbox: account
                .as_ref()
                .is_some_and(|a| a.kind == AccountKind::Sandbox),
            account,
            keyring_problem: self.keyring.problem.clone(),
            sandbox_running: self.sandbox_running().await,
            settings_problem: self.accounts.problem(),
        }
    }

    /// What the app opens at start: the sandbox when asked for, else the last account.
    pub async fn startup(&self) -> Result<Option<AccountMeta>, AppError> {
        // The recovery screen first: nothing opens (or is added) before the user chose.
        if self.accounts.problem().is_some() {
            return Ok(None);
        }
        if self.options.sandbox {
            return self.explore_sandbox().await.map(Some);
        }
        match self.accounts.active() {
            Some(meta) => self.open(&meta.id).await.map(Some),
            None => Ok(None),
        }
    }

    /// Opens account `id`, closing the one open now.
    pub async fn open(&self, id: &str) -> Result<AccountMeta, AppError> {
        let _switch = self.switching.lock().await;
        let mut meta = self.accounts.get(id)?;
        if meta.in_app_sandbox {
            *self.sandbox_port.lock() = sandbox_host::account_port(&meta);
            meta = self.ensure_sandbox().await?;
        }
        self.open_locked(&meta.id).await
    }

    /// Closes the open account (onboarding shows); keys stay in the keyring.
    pub async fn close(&self) {
        let _switch = self.switching.lock().await;
        self.close_locked().await;
        self.events
            .publish(AppEvent::SessionChanged { account_id: None });
    }

    async fn open_locked(&self, id: &str) -> Result<AccountMeta, AppError> {
        self.close_locked().await;
        let meta = self.accounts.get(id)?;
        let deps = SessionDeps {
            accounts: self.accounts.clone(),
            notifier: self.notifier.clone(),
            events: self.events.clone(),
            unread: self.unread.clone(),
            rebuild: rebuild::Rebuilds::new(&self.session, &self.switching, &self.rebuilds),
        };
        let session = Session::open(&deps, meta).await?;
        let meta = session.account.clone();
        self.accounts.set_active(&meta.id)?;
        *self.session.write().await = Some(Arc::new(session));
        self.events.publish(AppEvent::SessionChanged {
            account_id: Some(meta.id.clone()),
        });
        Ok(meta)
    }

    async fn close_locked(&self) {
        let Some(session) = self.session.write().await.take() else {
            return;
        };
        self.set_unread(0);
        self.events.publish(AppEvent::WaitingChanged { count: 0 });
        Session::close_when_released(session).await;
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

    /// Places a call, at most once per request id (see [`PlaceCall`] and the dial
    /// ledger in `dial.rs`). Online only, never retried once it may have reached KaiCalls.
    pub async fn place_call(&self, call: PlaceCall) -> Result<PlacedCall, AppError> {
        if call.request_id.trim().is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                "The dial request has no id.",
            ));
        }
        let session = self.session().await?;
        let _out = InFlight::enter(&self.dials_in_flight);
        session.place(call).await
    }

    /// Whether a dial's request is out right now (installing an update waits for it).
    pub fn dial_in_flight(&self) -> bool {
        self.dials_in_flight.load(Ordering::SeqCst) > 0
    }

    /// Sends a text, at most once per text dialog (`text.request_id`). Online only,
    /// never retried once it may have reached KaiCalls.
    pub async fn send_text(&self, text: SendText) -> Result<TextView, AppError> {
        let request_id = text.request_id.clone();
        self.once(&self.texts, &request_id, "text", |session| async move {
            session.send_text(text).await
        })
        .await
    }

    /// Acts on one SDR lead, at most once per request id (a `call` dials).
    pub async fn sdr_action(&self, action: SdrActionRequest) -> Result<SdrResultView, AppError> {
        let request_id = action.request_id.clone();
        self.once(
            &self.sdr_actions,
            &request_id,
            "SDR action",
            |session| async move { session.sdr_action(action).await },
        )
        .await
    }

    /// Runs the SDR pipeline, at most once per request id; a dry run (which dispatches
    /// nothing) is not guarded.
    pub async fn sdr_run(&self, run: SdrRunRequest) -> Result<SdrRunView, AppError> {
        if run.dry_run {
            return self.session().await?.sdr_run(&run).await;
        }
        let request_id = run.request_id.clone();
        self.once(
            &self.sdr_runs,
            &request_id,
            "SDR run",
            |session| async move { session.sdr_run(&run).await },
        )
        .await
    }

    /// Runs `send` with the open session if `guard` lets `request_id` through.
    async fn once<T, F, Fut>(
        &self,
        guard: &OnceGuard<T>,
        request_id: &str,
        what: &str,
        send: F,
    ) -> Result<T, AppError>
    where
        T: Clone,
        F: FnOnce(Arc<Session>) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        let request_id = request_id.trim();
        if request_id.is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                format!("The {what} has no id."),
            ));
        }
        match guard.begin(request_id) {
            Begin::Go => {}
            Begin::Done(done) => return Ok(done),
            Begin::Refuse(e) => return Err(e),
        }
        let outcome = match self.session().await {
            Ok(session) => send(session).await,
            Err(e) => Err(e),
        };
        guard.finish(request_id, &outcome);
        outcome
    }

    /// Handles links the app was opened with (a second launch, the OS's URL handler):
    /// each dial link is kept for a UI that is still loading ([`App::take_pending_dial`])
    /// and announced; one the app will not prefill is refused with an alert saying why.
    /// Returns whether any link asked for a call (the shell then shows the window, with
    /// the dialog or the alert).
    pub fn open_links(&self, links: impl IntoIterator<Item = String>) -> bool {
        let mut any = false;
        for link in links {
            match parse_dial_link(&link) {
                Ok(Some(request)) => {
                    tracing::info!("dial link received");
                    *self.pending_dial.lock() = Some(request.clone());
                    self.events.publish(AppEvent::DialRequested(request));
                }
                Ok(None) => continue,
                Err(refused) => self.events.alert(refused.code, refused.message),
            }
            any = true;
        }
        any
    }

    /// The dial link the app was opened with, if the UI has not taken it yet.
    pub fn take_pending_dial(&self) -> Option<DialRequest> {
        self.pending_dial.lock().take()
    }

    /// New leads not looked at yet.
    pub fn unread(&self) -> u32 {
        self.unread.load(Ordering::Relaxed)
    }

    /// The user looked at the new leads.
    pub fn mark_leads_seen(&self) {
        self.set_unread(0);
    }

    fn set_unread(&self, count: u32) {
        self.unread.store(count, Ordering::Relaxed);
        self.events.publish(AppEvent::UnreadChanged { count });
    }

    /// Live-updates status of the open account.
    pub async fn live_updates(&self) -> Result<LiveUpdates, AppError> {
        let session = self.session().await?;
        let public_url = self.accounts.get(&session.account.id)?.webhook.public_url;
        session.live_updates(public_url).await
    }
}

/// Counts one dial in flight for as long as it lives (also when its future is dropped).
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn enter(count: &Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::SeqCst);
        InFlight(count.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
