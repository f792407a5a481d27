//! The consent to send a live key to an API origin that is not KaiCalls: a record of
//! which origin and when, honoured for that origin only, revocable, and an older file's
//! bare `"origin_allowed": true` read as no consent. Real `accounts.json` files in a temp
//! dir; clients are only built (building is where the key's destination is checked), so
//! no request leaves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use kaicalls_core::accounts::{ACCOUNTS_FILE, Accounts, OriginConsent};
use kaicalls_core::secrets::{MemorySecretStore, SecretName, SecretStore};
use secrecy::SecretString;
use serde_json::{Value, json};

const LIVE_KEY: &str = "kc_live_EXAMPLE_not_a_real_key_0001";
const STAGING: &str = "https://staging.example.com";

/// A data dir whose `accounts.json` holds one live account on the staging server, with
/// `consent` as its consent fields, and its key in the secret store.
fn accounts_with(consent: Value) -> (tempfile::TempDir, Accounts) {
    let dir = tempfile::tempdir().unwrap();
    let mut account = json!({
        "id": "acct-1",
        "label": "Staging",
        "kind": "live",
        "base_url": STAGING,
        "business_ids": ["biz-1"],
        "notifications": true,
        "created_at": "2025-01-01T00:00:00Z",
    });
    for (field, value) in consent.as_object().unwrap() {
        account[field] = value.clone();
    }
    let file = json!({ "version": 1, "active": "acct-1", "accounts": [account] });
    std::fs::write(dir.path().join(ACCOUNTS_FILE), file.to_string()).unwrap();
    let secrets = Arc::new(MemorySecretStore::new());
    secrets
        .set(
            &SecretName::api_key("acct-1"),
            &SecretString::from(LIVE_KEY),
        )
        .unwrap();
    let accounts = Accounts::open(dir.path(), secrets).unwrap();
    (dir, accounts)
}

fn saved(dir: &tempfile::TempDir) -> Value {
    let text = std::fs::read_to_string(dir.path().join(ACCOUNTS_FILE)).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["accounts"][0].clone()
}

async fn key_refused(accounts: &Accounts) -> bool {
    match accounts.client("acct-1").await {
        Ok(_) => false,
        Err(e) => {
            assert_eq!(e.code(), "key_refused", "{e}");
            true
        }
    }
}

#[tokio::test]
async fn the_consent_names_the_origin_and_when_and_can_be_revoked() {
    let consent = json!({ "origin": STAGING, "allowed_at": "2025-03-04T05:06:07Z" });
    let (dir, accounts) = accounts_with(json!({ "origin_consent": consent }));
    assert_eq!(
        accounts.get("acct-1").unwrap().origin_consent,
        Some(OriginConsent {
            origin: STAGING.into(),
            allowed_at: "2025-03-04T05:06:07Z".into(),
        })
    );
    assert!(
        !key_refused(&accounts).await,
        "allowed: the key may go there"
    );

    accounts.revoke_origin_consent("acct-1").unwrap();
    assert_eq!(accounts.get("acct-1").unwrap().origin_consent, None);
    assert!(key_refused(&accounts).await, "revoked: the key stays home");
    assert_eq!(
        saved(&dir)["origin_consent"],
        Value::Null,
        "and it is saved"
    );
    let reopened = Accounts::open(dir.path(), Arc::new(MemorySecretStore::new())).unwrap();
    assert_eq!(reopened.get("acct-1").unwrap().origin_consent, None);
}

#[tokio::test]
async fn a_consent_for_another_origin_does_not_cover_this_one() {
    let consent =
        json!({ "origin": "https://other.example.com", "allowed_at": "2025-03-04T05:06:07Z" });
    let (_dir, accounts) = accounts_with(json!({ "origin_consent": consent }));
    assert!(key_refused(&accounts).await);
}

#[tokio::test]
async fn an_old_files_bare_flag_asks_again() {
    let (dir, accounts) = accounts_with(json!({ "origin_allowed": true }));
    let account = accounts.get("acct-1").unwrap();
    assert_eq!(
        account.origin_consent, None,
        "no origin, no time: no consent"
    );
    assert_eq!(
        account.base_url, STAGING,
        "the rest of the account reads as before"
    );
    assert!(key_refused(&accounts).await);
    // The next save writes the new shape and drops the old flag.
    accounts.set_notifications("acct-1", false).unwrap();
    let saved = saved(&dir);
    assert_eq!(saved["origin_consent"], Value::Null);
    assert!(saved.get("origin_allowed").is_none(), "{saved}");
}
