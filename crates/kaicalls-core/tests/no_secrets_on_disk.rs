//! After a full flow (add an account with a sandbox key, sync pages into the cache,
//! register the webhook, ingest deliveries), no file under the app data directory holds
//! the API key, the webhook secret or the receiver's secret path. Secrets go to the real
//! keyring (see secrets_keyring.rs for when a missing one skips or fails).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts_fixture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use accounts_fixture::{eventually, inbound_call};
use kaicalls_api::models::{CallFilter, LeadFilter};
use kaicalls_api::paging::Page;
use kaicalls_core::accounts::{Accounts, NewAccount};
use kaicalls_core::secrets::{KeyringStore, SecretName, SecretStore};
use kaicalls_core::webhook_setup::WebhookService;
use kaicalls_core::{Cache, EventBus, Freshness};
use kaicalls_sandbox::SandboxConfig;
use kaicalls_store::{Collection, Store, SyncState};
use secrecy::ExposeSecret;

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
            .write_page(collection, items, state, Freshness::Backfill)
            .await
            .unwrap();
        if !more || next.is_none() {
            return total;
        }
        after = next;
    }
}

#[tokio::test]
async fn no_secret_reaches_the_app_data_directory() {
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
        return;
    }
    let keyring: Arc<dyn SecretStore> = Arc::new(keyring);
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
