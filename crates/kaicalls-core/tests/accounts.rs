//! Accounts: keys checked with the API, kept in the secret store, metadata in a JSON file
//! with no secret in it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;

use std::sync::Arc;

use accounts_fixture::{sandbox, setup};
use kaicalls_core::accounts::{ACCOUNTS_FILE, AccountKind, Accounts, NewAccount, WebhookPrefs};
use kaicalls_core::secrets::{MemorySecretStore, SecretName, SecretStore};
use secrecy::{ExposeSecret, SecretString};

#[tokio::test]
async fn adding_a_sandbox_key_records_metadata_and_keeps_the_key_out_of_the_file() {
    let sandbox = sandbox().await;
    let memory = Arc::new(MemorySecretStore::new());
    let s = accounts_fixture::setup_with(&sandbox, memory.clone()).await;
    let account = &s.account;
    assert_eq!(account.kind, AccountKind::Sandbox);
    assert_eq!(account.base_url, sandbox.base_url);
    assert_eq!(
        account.business_ids,
        [sandbox.demo_account.business_id.as_str()]
    );
    assert!(account.notifications, "on by default");
    assert!(account.id.starts_with("acct-"));
    assert_eq!(
        s.accounts.active().unwrap().id,
        account.id,
        "the first account is active"
    );

    let file = std::fs::read_to_string(s.dir.path().join(ACCOUNTS_FILE)).unwrap();
    let key = sandbox.demo_account.api_key.expose_secret();
    assert!(!file.contains(key), "the key is not in accounts.json");
    assert!(file.contains(&account.id) && file.contains("sandbox"));
    assert_eq!(memory.names(), [SecretName::api_key(&account.id)]);
    assert_eq!(
        s.accounts
            .api_key(&account.id)
            .await
            .unwrap()
            .expose_secret(),
        key
    );
    assert!(!format!("{:?} {:?}", s.accounts, account).contains(key));
    let typed = NewAccount {
        label: "x".into(),
        api_key: SecretString::from(key.to_string()),
        base_url: None,
        allow_origin: false,
    };
    assert!(
        !format!("{typed:?}").contains(key),
        "NewAccount's Debug hides the key"
    );

    // A reopened list is the same list.
    let again = Accounts::open(s.dir.path(), memory.clone()).unwrap();
    assert_eq!(again.list(), s.accounts.list());
    assert_eq!(again.active().unwrap().id, account.id);
    // And its client works with the key from the store.
    let client = again.client(&account.id).await.unwrap();
    assert!(
        !client
            .account()
            .balance()
            .await
            .unwrap()
            .businesses
            .is_empty()
    );
}

#[tokio::test]
async fn a_refused_key_adds_nothing() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let memory = Arc::new(MemorySecretStore::new());
    let accounts = Accounts::open(dir.path(), memory.clone()).unwrap();
    let add = |key: &str, base: Option<&str>| NewAccount {
        label: String::new(),
        api_key: SecretString::from(key.to_string()),
        base_url: base.map(str::to_string),
        allow_origin: false,
    };
    let err = accounts
        .add(add(
            "kc_test_0000000000000000000000",
            Some(&sandbox.base_url),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "unauthorized");
    let err = accounts.add(add("sk_nope_123", None)).await.unwrap_err();
    assert_eq!(err.code(), "key_refused");
    assert!(
        !err.to_string().contains("sk_nope_123"),
        "the key is not echoed"
    );
    let err = accounts
        .add(add("kc_test_0000000000000000000000", None))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        "invalid_input",
        "a sandbox key needs its sandbox's address"
    );
    // A live key never goes to a loopback sandbox without explicit consent.
    let err = accounts
        .add(add(
            "kc_live_EXAMPLE_not_a_real_key",
            Some(&sandbox.base_url),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "key_refused");

    assert!(accounts.list().is_empty());
    assert!(memory.names().is_empty());
    assert!(!dir.path().join(ACCOUNTS_FILE).exists());
}

#[tokio::test]
async fn without_a_keyring_the_key_is_refused_and_nothing_reaches_the_disk() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let accounts = Accounts::open(dir.path(), Arc::new(MemorySecretStore::unavailable())).unwrap();
    let err = accounts
        .add(NewAccount {
            label: "x".into(),
            api_key: sandbox.demo_account.api_key.clone(),
            base_url: Some(sandbox.base_url.clone()),
            allow_origin: false,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), "keyring_unavailable");
    assert!(accounts.list().is_empty());
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(files.is_empty(), "nothing written: {files:?}");
}

#[tokio::test]
async fn settings_persist_and_removal_deletes_every_keyring_entry() {
    let sandbox = sandbox().await;
    let memory = Arc::new(MemorySecretStore::new());
    let s = accounts_fixture::setup_with(&sandbox, memory.clone()).await;
    let first = s.account.clone();
    let second = s
        .accounts
        .add(NewAccount {
            label: "  Second  ".into(),
            api_key: sandbox.demo_account.api_key.clone(),
            base_url: Some(format!("{}/", sandbox.base_url)),
            allow_origin: false,
        })
        .await
        .unwrap();
    assert_eq!(second.label, "Second");
    assert_eq!(second.base_url, sandbox.base_url, "trailing slash dropped");
    assert_eq!(
        s.accounts.active().unwrap().id,
        first.id,
        "adding does not switch"
    );

    s.accounts.set_active(&second.id).unwrap();
    s.accounts.set_notifications(&second.id, false).unwrap();
    let prefs = WebhookPrefs {
        listen_port: Some(45_123),
        public_url: Some("https://leads.example.com".into()),
    };
    s.accounts
        .set_webhook_prefs(&second.id, prefs.clone())
        .unwrap();
    assert_eq!(
        s.accounts.set_active("acct-missing").unwrap_err().code(),
        "account_not_found"
    );

    let reopened = Accounts::open(s.dir.path(), memory.clone()).unwrap();
    assert_eq!(reopened.active().unwrap().id, second.id);
    assert!(!reopened.notifications_enabled(&second.id));
    assert!(reopened.notifications_enabled(&first.id));
    assert_eq!(reopened.get(&second.id).unwrap().webhook, prefs);

    // Both accounts share the business: removing one keeps its webhook secret.
    let business = sandbox.demo_account.business_id.clone();
    memory
        .set(
            &SecretName::webhook_secret(&business),
            &SecretString::from("whsec_x"),
        )
        .unwrap();
    memory
        .set(
            &SecretName::receiver_token(&second.id),
            &SecretString::from("tok"),
        )
        .unwrap();
    reopened.remove(&second.id).await.unwrap();
    assert_eq!(
        reopened.active().unwrap().id,
        first.id,
        "the next account becomes active"
    );
    assert_eq!(
        memory.names(),
        [
            SecretName::api_key(&first.id),
            SecretName::webhook_secret(&business)
        ]
    );
    reopened.remove(&first.id).await.unwrap();
    assert!(
        memory.names().is_empty(),
        "the last user of the business takes its secret along"
    );
    assert!(reopened.active().is_none());
    assert!(
        Accounts::open(s.dir.path(), memory.clone())
            .unwrap()
            .list()
            .is_empty()
    );
    assert_eq!(
        reopened.remove(&first.id).await.unwrap_err().code(),
        "account_not_found"
    );
}

#[tokio::test]
async fn a_key_deleted_outside_the_app_is_reported_as_missing() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    s.accounts
        .secrets()
        .delete(&SecretName::api_key(&s.account.id))
        .unwrap();
    let err = s.accounts.client(&s.account.id).await.unwrap_err();
    assert_eq!(err.code(), "api_key_missing");
}

#[test]
fn a_damaged_accounts_file_is_kept_aside_and_a_newer_one_left_alone() {
    use kaicalls_core::accounts::SettingsProblemKind;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(ACCOUNTS_FILE);
    std::fs::write(&path, "{not json").unwrap();
    let accounts = Accounts::open(dir.path(), Arc::new(MemorySecretStore::new())).unwrap();
    let problem = accounts.problem().unwrap();
    assert_eq!(problem.kind, SettingsProblemKind::Damaged);
    assert!(!path.exists(), "moved out of the way");
    assert_eq!(
        std::fs::read_to_string(&problem.kept_as).unwrap(),
        "{not json"
    );
    assert!(accounts.list().is_empty());

    let newer = r#"{"version": 99, "accounts": []}"#;
    std::fs::write(&path, newer).unwrap();
    let accounts = Accounts::open(dir.path(), Arc::new(MemorySecretStore::new())).unwrap();
    assert_eq!(accounts.problem().unwrap().kind, SettingsProblemKind::Newer);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        newer,
        "left as it is"
    );
}

/// A run without a keyring keeps keys in memory only: an account added in an earlier run
/// (whose key is in the keyring, out of reach now) is reported as such, not as a key
/// someone deleted, and the app's health says the same.
#[tokio::test]
async fn the_memory_only_fallback_says_so_rather_than_api_key_missing() {
    let sandbox = sandbox().await;
    let s = setup(&sandbox).await;
    let without = Accounts::open(s.dir.path(), Arc::new(MemorySecretStore::memory_only())).unwrap();
    let err = without.client(&s.account.id).await.unwrap_err();
    assert_eq!(err.code(), "keyring_memory_only", "{err}");
    // A real store that lost the key is a different story.
    let lost = Accounts::open(s.dir.path(), Arc::new(MemorySecretStore::new())).unwrap();
    assert_eq!(
        lost.client(&s.account.id).await.unwrap_err().code(),
        "api_key_missing"
    );

    let (store, health) =
        kaicalls_core::memory_only_secrets(&kaicalls_core::secrets::SecretError::Unavailable {
            reason: "no Secret Service on the bus".into(),
        });
    assert!(store.memory_only());
    assert_eq!(health.backend, "memory-only");
    let problem = health.problem.unwrap();
    assert_eq!(problem.code, "keyring_memory_only");
    assert!(
        problem.message.contains("memory only"),
        "{}",
        problem.message
    );
}

/// A store whose deletion of one kind of entry fails until told otherwise.
struct Refusing {
    inner: MemorySecretStore,
    refuse_api_key: std::sync::atomic::AtomicBool,
}

impl SecretStore for Refusing {
    fn get(
        &self,
        name: &SecretName,
    ) -> Result<Option<SecretString>, kaicalls_core::secrets::SecretError> {
        self.inner.get(name)
    }
    fn set(
        &self,
        name: &SecretName,
        value: &SecretString,
    ) -> Result<(), kaicalls_core::secrets::SecretError> {
        self.inner.set(name, value)
    }
    fn delete(&self, name: &SecretName) -> Result<(), kaicalls_core::secrets::SecretError> {
        if matches!(name, SecretName::ApiKey { .. })
            && self
                .refuse_api_key
                .load(std::sync::atomic::Ordering::SeqCst)
        {
            return Err(kaicalls_core::secrets::SecretError::Failed {
                reason: "refused in this test".into(),
            });
        }
        self.inner.delete(name)
    }
    fn backend(&self) -> &'static str {
        "refusing"
    }
}

/// When the keyring refuses one entry, the others still go, and the account stays
/// listed so that removing it again finishes the job.
#[tokio::test]
async fn removal_deletes_every_entry_it_can_even_when_one_is_refused() {
    let sandbox = sandbox().await;
    let store = Arc::new(Refusing {
        inner: MemorySecretStore::new(),
        refuse_api_key: true.into(),
    });
    let s = accounts_fixture::setup_with(&sandbox, store.clone()).await;
    let id = s.account.id.clone();
    let business = sandbox.demo_account.business_id.clone();
    let token = SecretName::receiver_token(&id);
    let secret = SecretName::webhook_secret(&business);
    for name in [&token, &secret] {
        store
            .set(name, &SecretString::from("x".to_string()))
            .unwrap();
    }
    let err = s.accounts.remove(&id).await.unwrap_err();
    assert_eq!(err.code(), "keyring_error");
    assert!(store.get(&token).unwrap().is_none(), "the token went");
    assert!(
        store.get(&secret).unwrap().is_none(),
        "the webhook secret went"
    );
    assert!(s.accounts.get(&id).is_ok(), "still listed, to try again");

    store
        .refuse_api_key
        .store(false, std::sync::atomic::Ordering::SeqCst);
    s.accounts.remove(&id).await.unwrap();
    assert!(store.get(&SecretName::api_key(&id)).unwrap().is_none());
    assert!(s.accounts.list().is_empty());
}
