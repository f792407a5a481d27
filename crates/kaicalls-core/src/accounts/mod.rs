//! Accounts: the KaiCalls keys the user signed in with, live or sandbox.
//!
//! Metadata (id, label, kind, base URL, business ids, notification and webhook settings)
//! is a JSON file in the app data directory; the API key is only in the [`SecretStore`].
//! Adding an account checks the key with the API first, then stores the key, then the
//! metadata, so a failure at any step leaves no half-added account and no key on disk.

mod consent;
mod file;
mod recovery;

use kaicalls_vocab::Code;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kaicalls_api::key::KAICALLS_ORIGIN;
use kaicalls_api::{ApiKey, Client, KeyKind};
use parking_lot::Mutex;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::secrets::{SecretError, SecretName, SecretStore, blocking};

pub use consent::OriginConsent;
use file::AccountsFile;
pub use file::{ACCOUNTS_FILE, BACKUP_FILE};

/// The data directory's folder of offline caches, one `<account id>.sqlite3` each.
const CACHE_DIR: &str = "cache";
pub use recovery::{Recovery, SettingsProblem, SettingsProblemKind};

/// Live or sandbox, from the key's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// A `kc_live_` key: real calls, real bills.
    Live,
    /// A `kc_test_` key of a sandbox on this machine.
    Sandbox,
}

/// Where the local webhook receiver listens and how KaiCalls reaches it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WebhookPrefs {
    /// The loopback port; kept so the user's tunnel keeps pointing at the right place.
    #[serde(default)]
    pub listen_port: Option<u16>,
    /// The user's public URL (tunnel or reverse proxy) forwarding to that port.
    #[serde(default)]
    pub public_url: Option<String>,
}

/// One account as `accounts.json` keeps it: no secret in here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AccountMeta {
    /// The app's id (`acct-…`): names the cache file and the keyring entries.
    pub id: String,
    /// What the user calls it.
    pub label: String,
    /// Live or sandbox.
    pub kind: AccountKind,
    /// The API origin.
    pub base_url: String,
    /// The user explicitly allowed a live key to go to this non-KaiCalls origin: which
    /// and when (`accounts/consent.rs` says how an older file's bare flag is read).
    #[serde(default)]
    pub origin_consent: Option<OriginConsent>,
    /// Businesses the key can see, from `GET /api/v1/balance` when it was added.
    pub business_ids: Vec<String>,
    /// Whether new leads raise a desktop notification.
    pub notifications: bool,
    /// Webhook receiver settings.
    #[serde(default)]
    pub webhook: WebhookPrefs,
    /// The account of the app's own in-process sandbox ("Explore the sandbox"), which is
    /// started again, perhaps on another port, whenever this account opens. A sandbox
    /// the user runs separately and signs in to is not this one.
    #[serde(default)]
    pub in_app_sandbox: bool,
    /// When it was added (RFC 3339).
    pub created_at: String,
}

/// What the user typed to add an account.
#[derive(Debug)]
pub struct NewAccount {
    /// A name for it; empty picks "KaiCalls" or "Sandbox".
    pub label: String,
    /// The key (`SecretString`: never printed).
    pub api_key: SecretString,
    /// The API origin; `None` is KaiCalls for a live key. A sandbox key needs its
    /// sandbox's loopback address.
    pub base_url: Option<String>,
    /// The user's explicit consent to send a live key to `base_url` when it is not
    /// KaiCalls (a staging server or proxy).
    pub allow_origin: bool,
}

/// Why an account operation failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The keyring failed (`keyring_unavailable`, `keyring_error`); nothing was saved.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// The API refused the key or could not be reached (`unauthorized`, `offline`,
    /// `key_refused`, …: the API's own codes).
    #[error(transparent)]
    Api(#[from] kaicalls_api::Error),
    /// No account has this id (`account_not_found`): the UI's list is stale; reload it.
    #[error("no account {0}")]
    NotFound(String),
    /// The keyring has no key for this account (`api_key_missing`): it was deleted
    /// outside the app; the user adds the key again.
    #[error("the API key of account {0} is not in the keyring any more; add it again")]
    KeyMissing(String),
    /// No keyring answered when the app started (`keyring_memory_only`), so the key of
    /// this account, kept in the keyring in an earlier run, cannot be read: it is not
    /// lost. Retrying helps once the keyring runs and the app restarts.
    #[error(
        "the system keyring is not available in this run of the app, so the API key of \
         account {0} cannot be read; unlock or start your keyring and restart the app"
    )]
    KeyNotKept(String),
    /// The input cannot be used (`invalid_input`); the message says why.
    #[error("{0}")]
    Invalid(String),
    /// The data directory could not be read or written (`data_dir_error`); retrying helps
    /// once the disk has room or the permissions are fixed.
    #[error("cannot {action} {}: {reason}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// `accounts.json` is unreadable or from a newer app (`accounts_file_invalid`); it is
    /// left untouched for the user to restore or remove.
    #[error("the account list {} cannot be used: {reason}", path.display())]
    InvalidFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl AccountError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        match self {
            AccountError::Secret(e) => e.code(),
            AccountError::Api(e) => e.code(),
            AccountError::NotFound(_) => Code::AccountNotFound,
            AccountError::KeyMissing(_) => Code::ApiKeyMissing,
            AccountError::KeyNotKept(_) => Code::KeyringMemoryOnly,
            AccountError::Invalid(_) => Code::InvalidInput,
            AccountError::Io { .. } => Code::DataDirError,
            AccountError::InvalidFile { .. } => Code::AccountsFileInvalid,
        }
    }
}

/// The account list of one app data directory, and the keys in the keyring.
pub struct Accounts {
    dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
    state: Mutex<AccountsFile>,
    /// Why the list could not be used at start, until the user chose (`recovery`).
    problem: Mutex<Option<SettingsProblem>>,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts")
            .field("dir", &self.dir)
            .field("secrets", &self.secrets.backend())
            .field("accounts", &self.state.lock().accounts.len())
            .finish()
    }
}

fn client_for(
    base_url: &str,
    consent: Option<&OriginConsent>,
    key: SecretString,
) -> Result<Client, kaicalls_api::Error> {
    let mut builder = Client::builder().base_url(base_url).api_key(key);
    if let Some(consent) = consent {
        builder = builder.allow_origin(&consent.origin);
    }
    builder.build()
}

impl Accounts {
    /// Opens the account list in `data_dir` (the shell passes `KAICALLS_DATA_DIR` or the
    /// platform's app data directory), with keys in `secrets`. A list that cannot be used
    /// opens empty with [`Accounts::problem`] saying why (see `recovery`); only a folder
    /// that cannot be read at all fails.
    pub fn open(
        data_dir: impl Into<PathBuf>,
        secrets: Arc<dyn SecretStore>,
    ) -> Result<Self, AccountError> {
        let dir = data_dir.into();
        let (state, problem) = recovery::open_list(&dir)?;
        Ok(Accounts {
            dir,
            secrets,
            state: Mutex::new(state),
            problem: Mutex::new(problem),
        })
    }

    /// The app data directory.
    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// Where the offline caches live (`Store::open(accounts.cache_dir(), &account.id)`).
    pub fn cache_dir(&self) -> PathBuf {
        self.dir.join(CACHE_DIR)
    }

    /// The secret store keys are kept in.
    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    /// Checks `new.api_key` with the API (`GET /api/v1/balance`, which any valid key may
    /// call and which lists the key's businesses), stores it in the keyring, then records
    /// the account. The first account becomes the active one.
    pub async fn add(&self, new: NewAccount) -> Result<AccountMeta, AccountError> {
        let kind = match ApiKey::new(new.api_key.clone())?.kind() {
            KeyKind::Live => AccountKind::Live,
            KeyKind::Test => AccountKind::Sandbox,
        };
        let base_url = match (new.base_url.as_deref().map(str::trim), kind) {
            (Some(url), _) if !url.is_empty() => url.trim_end_matches('/').to_string(),
            (_, AccountKind::Live) => KAICALLS_ORIGIN.to_string(),
            (_, AccountKind::Sandbox) => {
                return Err(AccountError::Invalid(
                    "a sandbox (kc_test_) key needs the sandbox's address, such as \
                     http://127.0.0.1:40123"
                        .into(),
                ));
            }
        };
        let consent = new.allow_origin.then(|| OriginConsent::now(&base_url));
        let client = client_for(&base_url, consent.as_ref(), new.api_key.clone())?;
        let balance = client.account().balance().await?;
        let label = match new.label.trim() {
            "" if kind == AccountKind::Sandbox => "Sandbox".to_string(),
            "" => "KaiCalls".to_string(),
            label => label.to_string(),
        };
        let meta = AccountMeta {
            id: format!("acct-{}", uuid::Uuid::new_v4().simple()),
            label,
            kind,
            base_url,
            origin_consent: consent,
            business_ids: balance
                .businesses
                .into_iter()
                .map(|b| b.business_id)
                .collect(),
            notifications: true,
            webhook: WebhookPrefs::default(),
            in_app_sandbox: false,
            created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        let name = SecretName::api_key(&meta.id);
        let key = new.api_key;
        blocking(&self.secrets, move |s| s.set(&name, &key)).await?;
        let saved = self.update(|file| {
            file.accounts.push(meta.clone());
            if file.active.is_none() {
                file.active = Some(meta.id.clone());
            }
            Ok(())
        });
        if let Err(e) = saved {
            // Leave no orphan key behind an account that was never recorded.
            let name = SecretName::api_key(&meta.id);
            if let Err(cleanup) = blocking(&self.secrets, move |s| s.delete(&name)).await {
                tracing::warn!(
                    code = cleanup.code().as_str(),
                    "could not remove the key of a failed add"
                );
            }
            return Err(e);
        }
        Ok(meta)
    }

    /// Points the sandbox account `id` at the app's in-process sandbox (again): it may come
    /// back on another port, and with a new key when it no longer knew the one it was
    /// offered (its state file was lost, or the keyring forgot the key). The account is
    /// marked as the in-app sandbox's from then on. Live accounts are refused: their origin and key
    /// change only through the user.
    pub async fn reconnect_sandbox(
        &self,
        id: &str,
        base_url: &str,
        api_key: SecretString,
    ) -> Result<AccountMeta, AccountError> {
        let meta = self.get(id)?;
        if meta.kind != AccountKind::Sandbox {
            return Err(AccountError::Invalid(
                "only a sandbox account can be re-pointed at a local sandbox".into(),
            ));
        }
        let base_url = base_url.trim_end_matches('/').to_string();
        client_for(&base_url, None, api_key.clone())?
            .account()
            .balance()
            .await?;
        let name = SecretName::api_key(id);
        blocking(&self.secrets, move |s| s.set(&name, &api_key)).await?;
        self.update(|file| {
            let meta = find(file, id)?;
            meta.base_url = base_url.clone();
            meta.in_app_sandbox = true;
            Ok(())
        })?;
        self.get(id)
    }

    /// Every account, in the order they were added.
    pub fn list(&self) -> Vec<AccountMeta> {
        self.state.lock().accounts.clone()
    }

    /// One account.
    pub fn get(&self, id: &str) -> Result<AccountMeta, AccountError> {
        self.state
            .lock()
            .accounts
            .iter()
            .find(|a| a.id == id)
            .cloned()
            .ok_or_else(|| AccountError::NotFound(id.to_string()))
    }

    /// The account the app shows, if any.
    pub fn active(&self) -> Option<AccountMeta> {
        let state = self.state.lock();
        let id = state.active.as_deref()?;
        state.accounts.iter().find(|a| a.id == id).cloned()
    }

    /// Makes `id` the account the app shows.
    pub fn set_active(&self, id: &str) -> Result<(), AccountError> {
        self.update(|file| {
            find(file, id)?;
            file.active = Some(id.to_string());
            Ok(())
        })
    }

    /// Turns new-lead notifications of `id` on or off.
    pub fn set_notifications(&self, id: &str, on: bool) -> Result<(), AccountError> {
        self.update(|file| {
            find(file, id)?.notifications = on;
            Ok(())
        })
    }

    /// Whether `id` wants new-lead notifications (false for an unknown account).
    pub fn notifications_enabled(&self, id: &str) -> bool {
        self.state
            .lock()
            .accounts
            .iter()
            .any(|a| a.id == id && a.notifications)
    }

    /// Saves the webhook receiver settings of `id`.
    pub fn set_webhook_prefs(&self, id: &str, prefs: WebhookPrefs) -> Result<(), AccountError> {
        self.update(|file| {
            find(file, id)?.webhook = prefs;
            Ok(())
        })
    }

    /// Removes `id` and its keyring entries: its API key, its receiver token and the
    /// webhook secrets of businesses no other account uses. Keyring entries go first, so
    /// a keyring failure leaves the account listed (and removable later) rather than
    /// leaving secrets nobody can find. The webhook stays registered at KaiCalls: remove
    /// it first (`WebhookSetup::remove`) to stop deliveries.
    pub async fn remove(&self, id: &str) -> Result<(), AccountError> {
        let (meta, others) = {
            let state = self.state.lock();
            let meta = state
                .accounts
                .iter()
                .find(|a| a.id == id)
                .cloned()
                .ok_or_else(|| AccountError::NotFound(id.to_string()))?;
            let others: Vec<String> = state
                .accounts
                .iter()
                .filter(|a| a.id != id)
                .flat_map(|a| a.business_ids.clone())
                .collect();
            (meta, others)
        };
        let mut names = vec![SecretName::api_key(id), SecretName::receiver_token(id)];
        names.extend(
            meta.business_ids
                .iter()
                .filter(|b| !others.contains(b))
                .map(|b| SecretName::webhook_secret(b)),
        );
        // Every entry is tried even when one fails, so a keyring that refuses one leaves
        // as little behind as it can; the account stays listed to try again.
        blocking(&self.secrets, move |s| {
            let mut first_error = None;
            for name in &names {
                if let Err(e) = s.delete(name) {
                    tracing::warn!(code = e.code().as_str(), %name, "keyring entry not removed");
                    first_error.get_or_insert(e);
                }
            }
            first_error.map_or(Ok(()), Err)
        })
        .await?;
        self.update(|file| {
            file.accounts.retain(|a| a.id != id);
            if file.active.as_deref() == Some(id) {
                file.active = file.accounts.first().map(|a| a.id.clone());
            }
            Ok(())
        })
    }

    /// The API key of `id`, from the keyring.
    pub async fn api_key(&self, id: &str) -> Result<SecretString, AccountError> {
        self.get(id)?;
        let name = SecretName::api_key(id);
        let memory_only = self.secrets.memory_only();
        blocking(&self.secrets, move |s| s.get(&name))
            .await?
            .ok_or_else(|| {
                if memory_only {
                    AccountError::KeyNotKept(id.to_string())
                } else {
                    AccountError::KeyMissing(id.to_string())
                }
            })
    }

    /// A client for `id`, its key read from the keyring.
    pub async fn client(&self, id: &str) -> Result<Client, AccountError> {
        let meta = self.get(id)?;
        let key = self.api_key(id).await?;
        Ok(client_for(
            &meta.base_url,
            meta.origin_consent.as_ref(),
            key,
        )?)
    }

    /// Applies `change` to the list and saves it; on a failed save the list in memory
    /// stays as it was.
    fn update(
        &self,
        change: impl FnOnce(&mut AccountsFile) -> Result<(), AccountError>,
    ) -> Result<(), AccountError> {
        self.writable()?;
        let mut state = self.state.lock();
        let mut next = state.clone();
        change(&mut next)?;
        file::save(&self.dir, &next)?;
        *state = next;
        Ok(())
    }
}

fn find<'a>(file: &'a mut AccountsFile, id: &str) -> Result<&'a mut AccountMeta, AccountError> {
    file.accounts
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| AccountError::NotFound(id.to_string()))
}
