//! The real OS keyring (Secret Service on Linux). `make test` runs every test inside a
//! private D-Bus session with an unlocked GNOME Keyring (scripts/with-keyring), which sets
//! KAICALLS_REQUIRE_KEYRING=1: there a missing Secret Service fails these tests. Run
//! without it (plain `cargo test` on a machine with no keyring), they say so and skip.
//!
//! The tests of this binary take one lock, so they reach the keyring one at a time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::{Arc, Mutex, MutexGuard};

use kaicalls_core::accounts::{Accounts, NewAccount};
use kaicalls_core::secrets::{KeyringStore, SecretName, SecretStore, platform_backend};
use secrecy::{ExposeSecret, SecretString};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn unique_service() -> String {
    format!(
        "com.kaicalls.desktop.test-{}",
        uuid::Uuid::new_v4().simple()
    )
}

/// The keyring under a fresh service name, or `None` (skip) when none runs and the run
/// does not require one.
fn keyring() -> Option<KeyringStore> {
    let store = KeyringStore::new(unique_service()).expect("the build has a platform store");
    match store.check_available() {
        Ok(()) => Some(store),
        Err(e) if std::env::var("KAICALLS_REQUIRE_KEYRING").as_deref() != Ok("1") => {
            eprintln!("skipped: {e} (`make test` provides a Secret Service)");
            None
        }
        Err(e) => panic!("KAICALLS_REQUIRE_KEYRING=1 but the keyring is unavailable: {e}"),
    }
}

/// Runs one `#[ignore]`d test of this binary in a new process with `env`.
fn child(test: &str, env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        test,
        "--ignored",
        "--test-threads=1",
        "--nocapture",
    ]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn assert_child_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 passed"),
        "the child ran its test"
    );
}

#[test]
fn the_build_stores_secrets_in_the_platform_keyring_not_the_mock() {
    let backend = platform_backend();
    assert!(backend.persistent, "{backend:?}");
    if cfg!(target_os = "linux") {
        assert_eq!(backend.name, "secret-service");
    }
}

#[test]
fn a_secret_written_here_is_read_back_by_a_fresh_process() {
    let _one = serial();
    let Some(store) = keyring() else { return };
    let name = SecretName::api_key("acct-cross-process");
    let value = format!("kc_test_{}", uuid::Uuid::new_v4().simple());
    store
        .set(&name, &SecretString::from(value.clone()))
        .unwrap();
    assert_eq!(store.get(&name).unwrap().unwrap().expose_secret(), value);

    let env = [
        ("KAICALLS_CHILD_SERVICE", store.service()),
        ("KAICALLS_CHILD_EXPECT", value.as_str()),
    ];
    assert_child_ok(&child("child_reads_the_secret", &env));

    store.delete(&name).unwrap();
    store.delete(&name).unwrap();
    assert!(store.get(&name).unwrap().is_none());
    let env = [
        ("KAICALLS_CHILD_SERVICE", store.service()),
        ("KAICALLS_CHILD_EXPECT", ""),
    ];
    assert_child_ok(&child("child_reads_the_secret", &env));
}

#[test]
#[ignore = "run by a_secret_written_here_is_read_back_by_a_fresh_process in a new process"]
fn child_reads_the_secret() {
    let service = std::env::var("KAICALLS_CHILD_SERVICE").expect("started by the parent test");
    let expect = std::env::var("KAICALLS_CHILD_EXPECT").unwrap();
    let store = KeyringStore::new(service).unwrap();
    let got = store
        .get(&SecretName::api_key("acct-cross-process"))
        .unwrap();
    match got {
        Some(value) => assert_eq!(value.expose_secret(), expect),
        None => assert!(
            expect.is_empty(),
            "the secret did not reach the new process"
        ),
    }
}

#[test]
fn values_are_replaced_kept_apart_and_never_shown() {
    let _one = serial();
    let Some(store) = keyring() else { return };
    let a = SecretName::webhook_secret("biz-a");
    let b = SecretName::webhook_secret("biz-b");
    let long = "whsec_".to_string() + &"é€x".repeat(200);
    store.set(&a, &SecretString::from("whsec_first")).unwrap();
    store.set(&a, &SecretString::from(long.clone())).unwrap();
    store.set(&b, &SecretString::from("whsec_other")).unwrap();
    assert_eq!(store.get(&a).unwrap().unwrap().expose_secret(), long);
    assert_eq!(
        store.get(&b).unwrap().unwrap().expose_secret(),
        "whsec_other"
    );
    let shown = format!("{store:?} {:?}", store.get(&a).unwrap());
    assert!(!shown.contains("whsec_"), "{shown}");
    // Another service name is another namespace.
    let neighbour = KeyringStore::new(unique_service()).unwrap();
    assert!(neighbour.get(&a).unwrap().is_none());
    store.delete(&a).unwrap();
    store.delete(&b).unwrap();
    assert!(store.get(&a).unwrap().is_none() && store.get(&b).unwrap().is_none());
}

#[test]
fn without_a_secret_service_the_key_is_refused_and_nothing_is_written() {
    let _one = serial();
    // A session bus address where nothing listens: what a desktop without a keyring
    // daemon looks like to the Secret Service client.
    let out = child(
        "child_without_a_secret_service",
        &[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kaicalls-no-bus",
        )],
    );
    assert_child_ok(&out);
}

#[test]
#[ignore = "run by without_a_secret_service_the_key_is_refused_and_nothing_is_written"]
fn child_without_a_secret_service() {
    assert_eq!(
        std::env::var("DBUS_SESSION_BUS_ADDRESS").as_deref(),
        Ok("unix:path=/nonexistent/kaicalls-no-bus"),
        "started by the parent test"
    );
    let store = KeyringStore::new(unique_service()).unwrap();
    let err = store.check_available().unwrap_err();
    assert_eq!(err.code(), "keyring_unavailable");
    assert!(err.to_string().contains("never in a file"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let sandbox = kaicalls_sandbox::Sandbox::start(kaicalls_sandbox::SandboxConfig::default())
            .await
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let accounts = Accounts::open(dir.path(), Arc::new(store)).unwrap();
        let err = accounts
            .add(NewAccount {
                label: "No keyring".into(),
                api_key: sandbox.demo_account.api_key.clone(),
                base_url: Some(sandbox.base_url.clone()),
                allow_origin: false,
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), "keyring_unavailable");
        assert!(accounts.list().is_empty());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing on disk"
        );
    });
}
