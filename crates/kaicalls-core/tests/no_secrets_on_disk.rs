//! After a full flow (add an account with a sandbox key, sync pages into the cache,
//! register the webhook, ingest deliveries; and the whole app: sign up, dial, webhooks,
//! the in-app sandbox, a restart), no file under the app data directory holds the API
//! key, the webhook secret or the receiver's secret path, and the folders and files are
//! owner-only. Secrets go to the real keyring (see secrets_keyring.rs for when a missing
//! one skips or fails).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;
mod app_fixture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accounts_fixture::{eventually, inbound_call};
use kaicalls_api::models::{CallFilter, LeadFilter};
use kaicalls_api::paging::Page;
use kaicalls_core::accounts::{Accounts, NewAccount};
use kaicalls_core::logging::{self, LogOptions};
use kaicalls_core::notify::RecordingNotifier;
use kaicalls_core::secrets::{KeyringStore, SecretName, SecretStore};
use kaicalls_core::webhook_setup::WebhookService;
use kaicalls_core::{App, AppOptions, Cache, EventBus, Freshness, KeyringHealth, SignUp};
use kaicalls_sandbox::SandboxConfig;
use kaicalls_store::{Collection, Store, SyncState};
use secrecy::{ExposeSecret, SecretString};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Pages a whole list into the cache the way sync does, returning how many items.
async fn sync_pages<P, F>(cache: &Cache, collection: Collection, mut fetch: F) -> usize
where
    P: Page,
    P::Item: serde::Serialize,
    F: AsyncFnMut(Option<String>) -> P,
{
    let mut after = None;
    let mut total = 0;
    loop {
        let page = fetch(after.clone()).await;
        let more = page.has_more();
        let next = page.next_cursor();
        let items: Vec<serde_json::Value> = page
            .into_items()
            .iter()
            .map(|i| serde_json::to_value(i).unwrap())
            .collect();
        total += items.len();
        let state = SyncState {
            cursor: next.clone().filter(|_| more),
            backfill_done: total as i64,
            backfill_complete: !more,
            ..SyncState::default()
        };
        cache
            .write_page(collection, items, Vec::new(), state, Freshness::Backfill)
            .await
            .unwrap();
        if !more || next.is_none() {
            return total;
        }
        after = next;
    }
}

/// The real keyring under a service of this test's own, or `None` (skip) without one.
fn test_keyring() -> Option<Arc<dyn SecretStore>> {
    let service = format!(
        "com.kaicalls.desktop.test-{}",
        uuid::Uuid::new_v4().simple()
    );
    let keyring = KeyringStore::new(service).unwrap();
    if let Err(e) = keyring.check_available() {
        if std::env::var("KAICALLS_REQUIRE_KEYRING").as_deref() == Ok("1") {
            panic!("KAICALLS_REQUIRE_KEYRING=1 but the keyring is unavailable: {e}");
        }
        eprintln!("skipped: {e} (`make test` provides a Secret Service)");
        return None;
    }
    Some(Arc::new(keyring))
}

/// Fails if any file under `dir` holds one of `needles`.
fn assert_nowhere_under(dir: &Path, needles: &[(String, Vec<u8>)]) -> usize {
    let files = files_under(dir);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for (what, needle) in needles {
            assert!(
                !contains(&bytes, needle),
                "{what} found in {}",
                file.display()
            );
        }
    }
    files.len()
}

#[tokio::test]
async fn no_secret_reaches_the_app_data_directory() {
    let Some(keyring) = test_keyring() else {
        return;
    };
    let sandbox = kaicalls_testkit::sandbox(SandboxConfig {
        demo: true,
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await;
    let data = tempfile::tempdir().unwrap();
    let accounts = Arc::new(Accounts::open(data.path(), keyring.clone()).unwrap());
    let account = accounts
        .add(NewAccount {
            label: "Demo".into(),
            api_key: sandbox.demo_account.api_key.clone(),
            base_url: Some(sandbox.base_url.clone()),
            allow_origin: false,
        })
        .await
        .unwrap();
    let client = accounts.client(&account.id).await.unwrap();
    let (store, _) = Store::open(accounts.cache_dir(), &account.id).unwrap();
    let cache = Cache::new(store, EventBus::default());

    // Sync: every lead and call, page by page, into the cache.
    let c = client.clone();
    let leads = sync_pages(&cache, Collection::Leads, async |after| {
        let mut filter = LeadFilter::default().limit(100);
        filter.after = after;
        c.leads().list(filter).send().await.unwrap()
    })
    .await;
    let calls = sync_pages(&cache, Collection::Calls, async |after| {
        let mut filter = CallFilter::default().limit(100);
        filter.after = after;
        c.calls().list(filter).send().await.unwrap()
    })
    .await;
    assert!(
        leads > 100 && calls > 100,
        "the demo data was synced: {leads} leads, {calls} calls"
    );

    // Webhook setup and ingest of a real delivery.
    let webhooks = WebhookService::start(accounts.clone(), &account.id, cache.clone(), client)
        .await
        .unwrap();
    webhooks.register_sandbox_loopback().await.unwrap();
    inbound_call(&sandbox, "Dana Disk").await;
    let probe = cache.clone();
    eventually("the webhook lead in the cache", || {
        let c = probe.clone();
        async move {
            let hits = c
                .read(|s| s.search("Dana", &Default::default()))
                .await
                .unwrap();
            !hits.is_empty()
        }
    })
    .await;
    let stats = webhooks.shutdown().await;
    assert!(stats.stored >= 1, "{stats:?}");

    let api_key = sandbox.demo_account.api_key.expose_secret().to_string();
    let business = sandbox.demo_account.business_id.clone();
    let webhook_secret = keyring
        .get(&SecretName::webhook_secret(&business))
        .unwrap()
        .expect("the webhook secret is in the keyring");
    let token = keyring
        .get(&SecretName::receiver_token(&account.id))
        .unwrap()
        .expect("the receiver token is in the keyring");
    assert_eq!(
        accounts.api_key(&account.id).await.unwrap().expose_secret(),
        api_key,
        "the key is in the keyring"
    );

    let files = files_under(data.path());
    assert!(files.len() >= 2, "accounts.json and the cache: {files:?}");
    let needles: [(&str, &[u8]); 5] = [
        ("API key", api_key.as_bytes()),
        ("webhook secret", webhook_secret.expose_secret().as_bytes()),
        ("receiver token", token.expose_secret().as_bytes()),
        ("any sandbox key", b"kc_test_"),
        ("any webhook secret", b"whsec_"),
    ];
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for (what, needle) in needles {
            assert!(
                !contains(&bytes, needle),
                "{what} found in {}",
                file.display()
            );
        }
    }

    // Removing the account takes its secrets out of the keyring too.
    accounts.remove(&account.id).await.unwrap();
    for name in [
        SecretName::api_key(&account.id),
        SecretName::webhook_secret(&business),
        SecretName::receiver_token(&account.id),
    ] {
        assert!(keyring.get(&name).unwrap().is_none(), "{name} left behind");
    }
}

fn app_with(dir: &Path, keyring: &Arc<dyn SecretStore>) -> App {
    App::new(
        AppOptions {
            sandbox: false,
            version: "0.0.0-test".into(),
        },
        dir.to_path_buf(),
        keyring.clone(),
        KeyringHealth {
            backend: keyring.backend(),
            problem: None,
        },
        Arc::new(RecordingNotifier::new()),
    )
    .unwrap()
}

/// Every secret the keyring holds for the accounts of `app`.
fn secrets_of(app: &App, keyring: &Arc<dyn SecretStore>) -> Vec<(String, SecretString)> {
    let mut out = Vec::new();
    for account in app.accounts().list() {
        let mut names = vec![
            SecretName::api_key(&account.id),
            SecretName::receiver_token(&account.id),
        ];
        names.extend(
            account
                .business_ids
                .iter()
                .map(|b| SecretName::webhook_secret(b)),
        );
        for name in names {
            if let Some(secret) = keyring.get(&name).unwrap() {
                out.push((name.to_string(), secret));
            }
        }
    }
    out
}

#[cfg(unix)]
fn assert_owner_only(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for folder in [
        dir.to_path_buf(),
        dir.join("cache"),
        dir.join("sandbox"),
        dir.join("logs"),
    ] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
    for file in [
        dir.join(kaicalls_core::accounts::ACCOUNTS_FILE),
        kaicalls_core::sandbox_state_file(dir),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

/// The whole app, as a user drives it: sign up, dial, a webhook lead, the in-app
/// sandbox with its webhook, a restart. Then every file the app wrote (the account
/// list, the offline caches, the sandbox's state, the log) and the diagnostics text are
/// searched for every secret the keyring holds.
#[tokio::test]
async fn no_secret_reaches_any_file_after_a_whole_app_session() {
    let Some(keyring) = test_keyring() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    // The log file, where the app writes it when its data folder is chosen
    // (KAICALLS_DATA_DIR), with everything our crates log at any level.
    let log = logging::install(LogOptions {
        default_filter: "info,kaicalls=trace".into(),
        stderr: false,
    });
    assert!(log.installed(), "nothing else set up tracing in this test");
    let log_dir = logging::choose_dir(None, Some(data.path())).unwrap();
    log.write_to(&log_dir).unwrap();
    let kaicalls = app_fixture::demo_sandbox().await;

    // Sign up (a sandbox of its own stands in for KaiCalls), dial, get a webhook lead.
    let app = app_with(data.path(), &keyring);
    let mut events = app.subscribe();
    let signed_up = app
        .sign_up(SignUp {
            business_name: "Disk Check Plumbing".into(),
            email: "owner@diskcheck.example".into(),
            business_type: None,
            phone_forward_to: None,
            website: None,
            base_url: Some(kaicalls.base_url.clone()),
        })
        .await
        .unwrap();
    let session = app.session().await.unwrap();
    app.place_call(app_fixture::dial(
        "disk-dial-1",
        &signed_up.agent_id,
        "(512) 555-2368",
    ))
    .await
    .unwrap();
    app_fixture::new_caller(&mut events, &session, "+15125550101", "Wendy Webhook").await;
    drop(session);

    // The in-app sandbox, with a webhook lead of its own.
    let sandbox_account = app.explore_sandbox().await.unwrap();
    let session = app.session().await.unwrap();
    app_fixture::new_caller(&mut events, &session, "+15125550102", "Sandy Box").await;
    drop(session);
    let key_before = app.accounts().api_key(&sandbox_account.id).await.unwrap();
    app.shutdown().await;

    // A restart: the sandbox account keeps its key, and its webhook works again.
    let app = app_with(data.path(), &keyring);
    let mut events = app.subscribe();
    let again = app.explore_sandbox().await.unwrap();
    assert_eq!(again.id, sandbox_account.id);
    let key_after = app.accounts().api_key(&again.id).await.unwrap();
    // Not assert_eq: a failure must not print the keys.
    assert!(
        key_after.expose_secret() == key_before.expose_secret(),
        "the sandbox reuses its key across starts"
    );
    let session = app.session().await.unwrap();
    app_fixture::new_caller(&mut events, &session, "+15125550103", "Rita Restart").await;
    drop(session);
    let secrets = secrets_of(&app, &keyring);
    let diagnostics = app.diagnostics(&[("Tauri", "test".into())]).await;
    app.shutdown().await;
    log.flush();

    let kinds = |prefix: &str| {
        secrets
            .iter()
            .filter(|(n, _)| n.starts_with(prefix))
            .count()
    };
    assert_eq!(
        kinds("api-key:"),
        2,
        "both accounts' keys are in the keyring"
    );
    assert_eq!(kinds("receiver-token:"), 2, "both receivers' tokens");
    assert!(
        kinds("webhook-secret:") >= 2,
        "the webhook secrets: {}",
        kinds("webhook-secret:")
    );
    let mut needles: Vec<(String, Vec<u8>)> = secrets
        .iter()
        .map(|(name, s)| (name.clone(), s.expose_secret().as_bytes().to_vec()))
        .collect();
    // No generic `kc_test_` here: the sandbox's state lists its keys by their first
    // twelve characters, as KaiCalls's key list does; every whole key is a needle above.
    needles.push(("any webhook secret".into(), b"whsec_".to_vec()));
    for (what, needle) in &needles {
        assert!(
            !contains(diagnostics.as_bytes(), needle),
            "{what} found in the diagnostics"
        );
    }
    assert!(
        diagnostics.contains("Account: sandbox, API at 127.0.0.1")
            && diagnostics.contains("Sync: "),
        "{diagnostics}"
    );
    let logs = files_under(&log_dir);
    let logged: Vec<u8> = logs
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(
        logs.len() == 1
            && contains(&logged, b"webhook receiver listening")
            && contains(&logged, b"webhook registered")
            && contains(&logged, b"webhook received"),
        "the session was logged: {logs:?}, {} bytes",
        logged.len()
    );
    let scanned = assert_nowhere_under(data.path(), &needles);
    assert!(
        kaicalls_core::sandbox_state_file(data.path()).is_file() && scanned >= 4,
        "the account list, two caches and the sandbox state were scanned ({scanned} files)"
    );
    #[cfg(unix)]
    assert_owner_only(data.path());

    // Removing each account takes every one of its keyring entries with it.
    let app = app_with(data.path(), &keyring);
    for account in app.accounts().list() {
        app.remove_account(&account.id).await.unwrap();
    }
    for (name, _) in &secrets {
        let left = keyring
            .get(&secret_name(name))
            .unwrap()
            .map(|_| name.clone());
        assert_eq!(left, None, "left behind in the keyring");
    }
}

/// Parses back an entry's name (`api-key:acct-…`).
fn secret_name(entry: &str) -> SecretName {
    match entry.split_once(':').unwrap() {
        ("api-key", id) => SecretName::api_key(id),
        ("receiver-token", id) => SecretName::receiver_token(id),
        ("webhook-secret", id) => SecretName::webhook_secret(id),
        (other, _) => panic!("unknown entry kind {other}"),
    }
}
