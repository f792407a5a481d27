//! A damaged or newer account list never stops the app: it opens on a recovery screen
//! (`AppInfo::settings_problem`) with the damaged file kept aside, and the user restores
//! the previous copy, re-adds the accounts whose keys the keyring still has, or starts
//! fresh. A newer app's list is never written over.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use std::path::Path;
use std::sync::Arc;

use app_fixture::{app_over, sign_in_form};
use kaicalls_core::accounts::{ACCOUNTS_FILE, BACKUP_FILE, Recovery, SettingsProblemKind};
use kaicalls_core::secrets::{MemorySecretStore, SecretStore};
use kaicalls_core::vocab::Code;
use kaicalls_sandbox::SandboxHandle;
use kaicalls_testkit::fast_sandbox;

/// An app signed in to `sandbox` over `dir` (one extra save, so a previous copy of the
/// list exists), then shut down: the data folder and keyring a restart finds.
async fn signed_in_once(
    dir: &Path,
    secrets: &Arc<dyn SecretStore>,
    sandbox: &SandboxHandle,
) -> String {
    let app = app_over(dir, secrets.clone());
    let meta = app.sign_in(sign_in_form(sandbox, "Office")).await.unwrap();
    app.set_notifications(&meta.id, false).unwrap();
    app.shutdown().await;
    meta.id
}

fn aside(dir: &Path, why: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with(&format!("{ACCOUNTS_FILE}.{why}-"))
            })
        })
        .collect()
}

#[tokio::test]
async fn a_truncated_list_opens_on_recovery_and_the_previous_copy_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    let sandbox = fast_sandbox().await;
    let id = signed_in_once(dir.path(), &secrets, &sandbox).await;
    assert!(
        dir.path().join(BACKUP_FILE).exists(),
        "every save keeps the previous copy"
    );
    let list = dir.path().join(ACCOUNTS_FILE);
    let whole = std::fs::read(&list).unwrap();
    std::fs::write(&list, &whole[..whole.len() / 2]).unwrap();

    let app = app_over(dir.path(), secrets.clone());
    let info = app.info().await;
    let problem = info.settings_problem.expect("the recovery screen");
    assert_eq!(problem.kind, SettingsProblemKind::Damaged);
    assert_eq!(problem.backup_accounts, Some(1));
    assert!(info.account.is_none());
    // Kept aside as it was, so nothing written later replaces it.
    let kept = aside(dir.path(), "damaged");
    assert_eq!(kept.len(), 1);
    assert_eq!(problem.kept_as, kept[0].display().to_string());
    assert_eq!(std::fs::read(&kept[0]).unwrap(), &whole[..whole.len() / 2]);

    let opened = app.recover_settings(Recovery::RestoreBackup).await.unwrap();
    assert_eq!(opened.map(|m| m.id), Some(id.clone()));
    assert!(app.info().await.settings_problem.is_none());
    app.session().await.expect("the account opens again");
    app.shutdown().await;
    // The restored list is the file now: a restart opens the account with no question.
    let again = app_over(dir.path(), secrets);
    assert!(again.info().await.settings_problem.is_none());
    assert_eq!(again.startup().await.unwrap().map(|m| m.id), Some(id));
    again.shutdown().await;
}

#[tokio::test]
async fn accounts_whose_keys_the_keyring_has_are_added_back() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    let sandbox = fast_sandbox().await;
    let id = signed_in_once(dir.path(), &secrets, &sandbox).await;
    std::fs::write(dir.path().join(ACCOUNTS_FILE), b"{ not json").unwrap();
    std::fs::remove_file(dir.path().join(BACKUP_FILE)).unwrap();

    let app = app_over(dir.path(), secrets);
    let problem = app.info().await.settings_problem.unwrap();
    assert_eq!(problem.backup_accounts, None, "no previous copy to offer");
    assert_eq!(problem.cached_accounts, 1);
    let err = app
        .recover_settings(Recovery::RestoreBackup)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::InvalidInput);
    let opened = app.recover_settings(Recovery::FromKeyring).await.unwrap();
    let meta = opened.expect("the account is back and open");
    assert_eq!(
        meta.id, id,
        "the same account: its cache and keyring entries are found"
    );
    assert_eq!(app.accounts().list().len(), 1);
    app.shutdown().await;
}

#[tokio::test]
async fn a_newer_apps_list_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join(ACCOUNTS_FILE);
    let newer = br#"{"version": 99, "profiles": [{"id": "acct-new"}]}"#;
    std::fs::write(&list, newer).unwrap();
    let sandbox = fast_sandbox().await;

    let app = app_over(dir.path(), Arc::new(MemorySecretStore::new()));
    let problem = app.info().await.settings_problem.unwrap();
    assert_eq!(problem.kind, SettingsProblemKind::Newer);
    assert!(
        problem.message.contains("newer version"),
        "{}",
        problem.message
    );
    // Adding an account would write the list: refused, and the file is as it was.
    let err = app
        .sign_in(sign_in_form(&sandbox, "Office"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::AccountsFileInvalid);
    assert_eq!(std::fs::read(&list).unwrap(), newer);

    // Starting fresh keeps the newer list beside the new one.
    assert!(
        app.recover_settings(Recovery::StartFresh)
            .await
            .unwrap()
            .is_none()
    );
    let kept = aside(dir.path(), "newer");
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).unwrap(), newer);
    app.sign_in(sign_in_form(&sandbox, "Office")).await.unwrap();
    app.shutdown().await;
}

#[tokio::test]
async fn a_damaged_sandbox_state_starts_the_sandbox_fresh_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecretStore::new());
    let first = app_over(dir.path(), secrets.clone());
    let meta = first.explore_sandbox().await.unwrap();
    first.shutdown().await;
    let state = kaicalls_core::sandbox_state_file(dir.path());
    std::fs::write(&state, b"{\"accounts\": [").unwrap();

    let app = app_over(dir.path(), secrets);
    let mut events = app.subscribe();
    let again = app
        .explore_sandbox()
        .await
        .expect("the sandbox starts anyway");
    assert_eq!(again.id, meta.id, "the same sandbox account, re-pointed");
    app_fixture::next_event(
        &mut events,
        |e| matches!(e, kaicalls_core::AppEvent::Alert(a) if a.code == Code::SandboxReset),
    )
    .await;
    let kept: Vec<_> = std::fs::read_dir(state.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.damaged-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    app.shutdown().await;
}
