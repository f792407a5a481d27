//! The app's services with no window: an [`App`] over a temp data folder, keys in memory,
//! notifications recorded, and a way to wait for the events it tells the shell.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use kaicalls_core::notify::RecordingNotifier;
use kaicalls_core::secrets::{MemorySecretStore, SecretStore};
use kaicalls_core::{App, AppEvent, AppOptions, KeyringHealth, PlaceCall, Session, SignIn};
use kaicalls_sandbox::{SandboxConfig, SandboxHandle};
use secrecy::ExposeSecret;
use tokio::sync::broadcast::Receiver;

pub struct Fixture {
    pub app: App,
    pub events: Receiver<AppEvent>,
    pub dir: tempfile::TempDir,
}

/// An app over a new data folder, with a working (in-memory) keyring.
pub fn app() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let app = app_over(dir.path(), Arc::new(MemorySecretStore::new()));
    let events = app.subscribe();
    Fixture { app, events, dir }
}

/// An app over `dir` keeping keys in `secrets`: a second one over the same pair is the
/// app after a restart.
pub fn app_over(dir: &Path, secrets: Arc<dyn SecretStore>) -> App {
    App::new(
        AppOptions {
            sandbox: false,
            version: "0.0.0-test".into(),
        },
        dir.to_path_buf(),
        secrets,
        KeyringHealth {
            backend: "memory",
            problem: None,
        },
        Arc::new(RecordingNotifier::new()),
    )
    .unwrap()
}

/// The sign-in form for `sandbox`'s demo key.
pub fn sign_in_form(sandbox: &SandboxHandle, label: &str) -> SignIn {
    SignIn {
        api_key: sandbox.demo_account.api_key.expose_secret().to_string(),
        label: label.into(),
        base_url: Some(sandbox.base_url.clone()),
    }
}

/// An app signed in to `sandbox`'s demo account, and its session.
pub async fn signed_in(sandbox: &SandboxHandle) -> (Fixture, Arc<Session>) {
    let f = app();
    f.app
        .sign_in(sign_in_form(sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = f.app.session().await.unwrap();
    (f, session)
}

/// The next event `want` accepts (others are skipped), within 30 s.
pub async fn next_event(
    events: &mut Receiver<AppEvent>,
    want: impl Fn(&AppEvent) -> bool,
) -> AppEvent {
    let wait = async {
        loop {
            match events.recv().await {
                Ok(event) if want(&event) => return event,
                Ok(_) => {}
                Err(e) => panic!("the app's events stopped: {e}"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wait)
        .await
        .expect("the event arrives")
}

/// How many `POST /api/v1/calls` reached the sandbox.
pub fn dials(sandbox: &SandboxHandle) -> usize {
    sandbox
        .ledger()
        .iter()
        .filter(|e| e.method == "POST" && e.path == "/api/v1/calls")
        .count()
}

/// Someone calls the sandbox business from `from` as `name`; returns the new lead as the
/// app announced it (fresh, by webhook).
pub async fn new_caller(
    events: &mut Receiver<AppEvent>,
    session: &Session,
    from: &str,
    name: &str,
) -> kaicalls_core::LeadSummary {
    session
        .simulate_inbound_call(kaicalls_core::SimulatedCall {
            from: Some(from.into()),
            name: Some(name.into()),
            reason: None,
        })
        .await
        .unwrap();
    let new = next_event(events, |e| {
        matches!(
            e,
            AppEvent::Core(kaicalls_core::CoreEvent::NewLead { fresh: true, .. })
        )
    })
    .await;
    match new {
        AppEvent::Core(kaicalls_core::CoreEvent::NewLead { lead, .. }) => lead,
        other => panic!("not a new lead: {other:?}"),
    }
}

/// A sandbox with the demo business (90 days of calls, leads and transcripts), whose
/// calls end quickly and whose rate limits never get in the way.
pub async fn demo_sandbox() -> SandboxHandle {
    kaicalls_testkit::sandbox(SandboxConfig {
        demo: true,
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await
}

/// Waits until the session's first sync has finished.
pub async fn first_sync(session: &Arc<Session>) {
    kaicalls_testkit::eventually("the first sync", || {
        let session = session.clone();
        async move { session.sync_view().await.unwrap().last_success_at.is_some() }
    })
    .await;
}

/// A dial as the dialog sends it, with a name and nothing else optional.
pub fn dial(request_id: &str, agent: &str, to: &str) -> PlaceCall {
    PlaceCall {
        request_id: request_id.into(),
        agent_id: agent.into(),
        to: to.into(),
        name: Some("Jane Doe".into()),
        context: None,
        first_message: None,
        lead_id: None,
        max_duration: None,
    }
}
