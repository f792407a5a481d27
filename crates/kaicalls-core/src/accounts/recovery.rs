//! When `accounts.json` cannot be used: the app starts anyway, on a recovery screen, and
//! the user chooses how to go on.
//!
//! A damaged file (truncated, garbled) is set aside at once as
//! `accounts.json.damaged-<time>`, so nothing later overwrites it. A file from a newer
//! app is left exactly where it is and the list is read-only until the user chooses: an
//! older app must never write over a newer one's settings. The choices: restore the
//! previous version kept by every save (`accounts.json.bak`), re-add the accounts whose
//! keys are still in the keyring (their ids are the names of the offline caches), or
//! start with no accounts.

use std::path::PathBuf;

use kaicalls_api::key::KAICALLS_ORIGIN;
use kaicalls_api::{ApiKey, KeyKind};
use serde::{Deserialize, Serialize};

use super::file::{self, AccountsFile, Unusable};
use super::{AccountError, AccountKind, AccountMeta, Accounts, WebhookPrefs, client_for};
use crate::secrets::{SecretName, blocking};

/// What was wrong with the account list at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SettingsProblem {
    /// `damaged` or `newer`.
    pub kind: SettingsProblemKind,
    /// What happened, in plain words.
    pub message: String,
    /// Where the unusable file is now (kept, never deleted by the app).
    pub kept_as: String,
    /// Accounts in the previous version of the list, when one can be restored.
    pub backup_accounts: Option<u32>,
    /// Accounts this computer has offline data of: the ones "add back from the keyring"
    /// can find (if the keyring still has their keys).
    pub cached_accounts: u32,
}

/// Why the list could not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SettingsProblemKind {
    /// Not readable: truncated, garbled or empty.
    Damaged,
    /// Written by a newer version of the app.
    Newer,
}

/// How the user chose to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Recovery {
    /// Put back the previous version of the list.
    RestoreBackup,
    /// Re-add every account whose key is still in the keyring.
    FromKeyring,
    /// Go on with no accounts (the unusable file stays where `kept_as` says).
    StartFresh,
}

/// Opens the list in `dir` whatever state it is in: the list and, when it could not be
/// used, why (the damaged file already set aside).
pub(super) fn open_list(
    dir: &std::path::Path,
) -> Result<(AccountsFile, Option<SettingsProblem>), AccountError> {
    let unusable = match file::load(dir)? {
        Ok(list) => return Ok((list, None)),
        Err(unusable) => unusable,
    };
    let backup_accounts = file::load_backup(dir).map(|b| count(&b));
    let cached_accounts =
        u32::try_from(cached_ids(&dir.join(super::CACHE_DIR)).len()).unwrap_or(u32::MAX);
    let problem = match unusable {
        Unusable::Damaged(reason) => {
            let kept = file::set_aside(dir, "damaged")?;
            tracing::warn!(%reason, kept = %kept.display(), "the account list was damaged");
            SettingsProblem {
                kind: SettingsProblemKind::Damaged,
                message: format!(
                    "The list of your accounts could not be read ({reason}). It was kept \
                     aside; your API keys are still in the system keyring."
                ),
                kept_as: kept.display().to_string(),
                backup_accounts,
                cached_accounts,
            }
        }
        Unusable::Newer(version) => SettingsProblem {
            kind: SettingsProblemKind::Newer,
            message: format!(
                "Your account list was saved by a newer version of KaiCalls Desktop \
                 (format {version}; this version reads format {}). It has not been \
                 changed. Open the newer version, or choose how to go on here.",
                file::VERSION
            ),
            kept_as: dir.join(file::ACCOUNTS_FILE).display().to_string(),
            backup_accounts,
            cached_accounts,
        },
    };
    Ok((AccountsFile::default(), Some(problem)))
}

/// Ids of the accounts this computer has offline caches of (`<id>.sqlite3` in `cache`).
fn cached_ids(cache: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return Vec::new();
    };
    let mut ids: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".sqlite3")?;
            (id.starts_with("acct-") && kaicalls_store::validate_account_id(id).is_ok())
                .then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

fn count(list: &AccountsFile) -> u32 {
    u32::try_from(list.accounts.len()).unwrap_or(u32::MAX)
}

impl Accounts {
    /// Why the list could not be used at start, until the user chose how to go on.
    pub fn problem(&self) -> Option<SettingsProblem> {
        self.problem.lock().clone()
    }

    /// Goes on as the user chose; returns the accounts there are now.
    pub async fn recover(&self, how: Recovery) -> Result<Vec<AccountMeta>, AccountError> {
        let Some(problem) = self.problem() else {
            return Ok(self.list());
        };
        let list = match how {
            Recovery::RestoreBackup => file::load_backup(&self.dir).ok_or_else(|| {
                AccountError::Invalid("there is no earlier copy of the account list".into())
            })?,
            Recovery::FromKeyring => self.keyring_list().await?,
            Recovery::StartFresh => AccountsFile::default(),
        };
        // The newer app's file stays, beside the new one, never under it.
        if problem.kind == SettingsProblemKind::Newer {
            let kept = file::set_aside(&self.dir, "newer")?;
            tracing::info!(kept = %kept.display(), "a newer app's account list was kept aside");
        }
        file::save(&self.dir, &list)?;
        *self.state.lock() = list;
        *self.problem.lock() = None;
        Ok(self.list())
    }

    /// A list of the cached accounts whose keys the keyring still has. Live keys are
    /// asked for their businesses when KaiCalls answers (offline they are added
    /// without, and the next sync fills them in); a sandbox account is the app's own.
    async fn keyring_list(&self) -> Result<AccountsFile, AccountError> {
        let mut list = AccountsFile::default();
        for id in cached_ids(&self.cache_dir()) {
            let name = SecretName::api_key(&id);
            let Some(key) = blocking(&self.secrets, move |s| s.get(&name)).await? else {
                continue;
            };
            let Ok(parsed) = ApiKey::new(key.clone()) else {
                continue;
            };
            let (kind, base_url) = match parsed.kind() {
                KeyKind::Live => (AccountKind::Live, KAICALLS_ORIGIN.to_string()),
                // Re-pointed at the in-app sandbox (its port) when the account opens.
                KeyKind::Test => (AccountKind::Sandbox, "http://127.0.0.1:9".to_string()),
            };
            let business_ids = match kind {
                AccountKind::Live => match client_for(&base_url, None, key) {
                    Ok(client) => client
                        .account()
                        .balance()
                        .await
                        .map(|b| b.businesses.into_iter().map(|b| b.business_id).collect())
                        .unwrap_or_default(),
                    Err(_) => Vec::new(),
                },
                AccountKind::Sandbox => Vec::new(),
            };
            list.accounts.push(AccountMeta {
                id: id.clone(),
                label: match kind {
                    AccountKind::Live => "KaiCalls (recovered)".into(),
                    AccountKind::Sandbox => "Sandbox".into(),
                },
                kind,
                base_url,
                origin_consent: None,
                business_ids,
                notifications: true,
                webhook: WebhookPrefs::default(),
                in_app_sandbox: kind == AccountKind::Sandbox,
                created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            });
        }
        list.active = list.accounts.first().map(|a| a.id.clone());
        if list.accounts.is_empty() {
            return Err(AccountError::Invalid(
                "the keyring holds no key of an account this computer has data of".into(),
            ));
        }
        Ok(list)
    }

    /// Whether the list may be written: not while it is a newer app's.
    pub(super) fn writable(&self) -> Result<(), AccountError> {
        match self.problem.lock().as_ref() {
            Some(p) if p.kind == SettingsProblemKind::Newer => Err(AccountError::InvalidFile {
                path: PathBuf::from(&p.kept_as),
                reason: "it belongs to a newer version of the app; choose how to go on first"
                    .into(),
            }),
            _ => Ok(()),
        }
    }
}
