//! The app without a window: signing in, switching accounts, closing and removing them,
//! the in-process sandbox's lifecycle, and what the shell is told along the way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use app_fixture::{app, next_event, sign_in_form};
use kaicalls_core::AppEvent;
use kaicalls_core::vocab::Code;
use kaicalls_sandbox::SandboxConfig;
use kaicalls_testkit::{eventually, fast_sandbox};

#[tokio::test]
async fn sign_in_switch_close_and_remove() {
    let mut f = app();
    assert!(f.app.info().await.account.is_none(), "onboarding first");
    assert_eq!(f.app.session().await.unwrap_err().code, Code::NoAccount);

    // Two sandboxes seeded apart, so their ids differ.
    let one = fast_sandbox().await;
    let two = kaicalls_testkit::sandbox(SandboxConfig {
        seed: 7,
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await;
    let a = f.app.sign_in(sign_in_form(&one, "First")).await.unwrap();
    let opened = next_event(&mut f.events, |e| {
        matches!(e, AppEvent::SessionChanged { .. })
    })
    .await;
    assert_eq!(
        opened,
        AppEvent::SessionChanged {
            account_id: Some(a.id.clone())
        }
    );
    let b = f.app.sign_in(sign_in_form(&two, "Second")).await.unwrap();
    assert_eq!(f.app.info().await.account.map(|m| m.id), Some(b.id.clone()));
    assert_eq!(f.app.accounts().list().len(), 2);

    // Switching back opens the first account's own data: its sandbox's agent, once synced.
    f.app.open(&a.id).await.unwrap();
    let session = f.app.session().await.unwrap();
    assert_eq!(session.account().id, a.id);
    let agent = one.demo_account.agent_id.clone();
    let other = two.demo_account.agent_id.clone();
    assert_ne!(agent, other);
    eventually("the first account's agents", || {
        let (session, agent, other) = (session.clone(), agent.clone(), other.clone());
        async move {
            let agents = session.agents().await.unwrap();
            let ids: Vec<String> = agents.into_iter().map(|a| a.id).collect();
            ids.contains(&agent) && !ids.contains(&other)
        }
    })
    .await;
    drop(session);

    f.app.close().await;
    assert_eq!(f.app.session().await.unwrap_err().code, Code::NoAccount);
    next_event(&mut f.events, |e| {
        *e == AppEvent::SessionChanged { account_id: None }
    })
    .await;

    // Removing deletes the account's offline copy too.
    let cache_of = |id: &str| f.app.accounts().cache_dir().join(format!("{id}.sqlite3"));
    assert!(cache_of(&b.id).exists());
    f.app.remove_account(&b.id).await.unwrap();
    assert!(!cache_of(&b.id).exists());
    assert_eq!(f.app.accounts().list().len(), 1);

    // Removing the open account closes it first.
    f.app.open(&a.id).await.unwrap();
    f.app.remove_account(&a.id).await.unwrap();
    assert!(f.app.info().await.account.is_none());
    assert_eq!(
        f.app.open(&a.id).await.unwrap_err().code,
        Code::AccountNotFound
    );
}

#[tokio::test]
async fn no_keyring_no_sign_in() {
    let f = app_fixture::app();
    let without = kaicalls_core::App::new(
        kaicalls_core::AppOptions::default(),
        f.dir.path().join("other"),
        std::sync::Arc::new(kaicalls_core::secrets::MemorySecretStore::new()),
        kaicalls_core::KeyringHealth {
            backend: "memory",
            problem: Some(kaicalls_core::AppError::new(
                Code::KeyringUnavailable,
                "no keyring",
            )),
        },
        std::sync::Arc::new(kaicalls_core::notify::RecordingNotifier::new()),
    )
    .unwrap();
    let sandbox = fast_sandbox().await;
    let err = without
        .sign_in(sign_in_form(&sandbox, "x"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::KeyringUnavailable);
    assert!(without.accounts().list().is_empty(), "nothing was added");
}

#[tokio::test]
async fn the_in_process_sandbox_stops_and_resumes_on_its_port() {
    let mut f = app();
    let meta = f.app.explore_sandbox().await.unwrap();
    assert!(
        f.app.info().await.sandbox,
        "the sandbox account is marked as such"
    );
    assert!(f.app.sandbox_running().await);
    assert!(
        kaicalls_core::sandbox_state_file(f.app.data_dir())
            .parent()
            .unwrap()
            .is_dir()
    );
    next_event(&mut f.events, |e| {
        matches!(
            e,
            AppEvent::SessionChanged {
                account_id: Some(_)
            }
        )
    })
    .await;

    // Stopped: the account stays open, offline, on its cache.
    f.app.set_sandbox_running(false).await.unwrap();
    assert!(!f.app.sandbox_running().await);
    assert_eq!(f.app.session().await.unwrap().account().id, meta.id);

    // Started again: the same port, so the same account (and its client) reconnects.
    f.app.set_sandbox_running(true).await.unwrap();
    assert!(f.app.sandbox_running().await);
    let again = f.app.session().await.unwrap().account().clone();
    assert_eq!(
        (again.id, again.base_url),
        (meta.id.clone(), meta.base_url.clone())
    );

    // A later start (a restart of the app) finds the same sandbox account.
    f.app.shutdown().await;
    assert!(!f.app.sandbox_running().await);
    let reopened = f.app.explore_sandbox().await.unwrap();
    assert_eq!(reopened.id, meta.id);
    assert_eq!(f.app.accounts().list().len(), 1);
    f.app.shutdown().await;
}

#[tokio::test]
async fn a_sandbox_the_user_runs_apart_is_never_taken_for_the_in_app_one() {
    let f = app();
    // The user's own sandbox, same seed (so the same demo business) as the in-app one.
    let theirs = fast_sandbox().await;
    let signed_in = f
        .app
        .sign_in(sign_in_form(&theirs, "My sandbox"))
        .await
        .unwrap();
    assert!(!signed_in.in_app_sandbox);
    let explored = f.app.explore_sandbox().await.unwrap();
    assert_ne!(
        explored.id, signed_in.id,
        "the in-app sandbox has its own account"
    );
    assert!(explored.in_app_sandbox);
    // Opening the user's account again keeps its own address and key.
    let reopened = f.app.open(&signed_in.id).await.unwrap();
    assert_eq!(reopened.base_url, theirs.base_url);
    let agents = f.app.session().await.unwrap();
    assert_eq!(agents.account().id, signed_in.id);
    drop(agents);
    f.app.shutdown().await;
}
