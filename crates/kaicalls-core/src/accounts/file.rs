//! `accounts.json` in the app data directory: account metadata only, never a secret.
//!
//! Written whole to a temporary file, flushed, then renamed over the old one, so a crash
//! leaves either the old list or the new one, never half of each. The version it replaces
//! is kept as `accounts.json.bak`, the copy a damaged list is restored from. The folder
//! and the files are owner-only on Unix ([`crate::private_fs`]).

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AccountError, AccountMeta};

/// The file's name inside the data directory.
pub const ACCOUNTS_FILE: &str = "accounts.json";

/// The previous version of the file, kept by every save.
pub const BACKUP_FILE: &str = "accounts.json.bak";

/// The file's format version; a file from a newer app is refused, not overwritten.
pub(crate) const VERSION: u32 = 1;

/// Why a file that exists cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unusable {
    /// Not the file's JSON (truncated, garbled, empty): serde's reason.
    Damaged(String),
    /// Written by a newer app, in this format version.
    Newer(u32),
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct AccountsFile {
    pub version: u32,
    /// The account the app shows.
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub accounts: Vec<AccountMeta>,
}

fn io(action: &'static str, path: &Path, e: std::io::Error) -> AccountError {
    AccountError::Io {
        action,
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// Reads a list from `path`: `Ok(None)` if there is no file, `Err(Ok(unusable))` for one
/// this app cannot use, `Err(Err(io))` when it cannot be read at all.
fn read(path: &Path) -> Result<Option<AccountsFile>, Result<Unusable, AccountError>> {
    match fs::read(path) {
        Ok(bytes) => parse(&bytes).map(Some).map_err(Ok),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Err(io("read", path, e))),
    }
}

/// A list from a file's bytes, or why this app cannot use it.
fn parse(bytes: &[u8]) -> Result<AccountsFile, Unusable> {
    // The version first, from a lenient read: a newer file may have any other shape.
    #[derive(Deserialize)]
    struct Head {
        version: u32,
    }
    if let Ok(head) = serde_json::from_slice::<Head>(bytes) {
        if head.version > VERSION {
            return Err(Unusable::Newer(head.version));
        }
    }
    serde_json::from_slice(bytes).map_err(|e| Unusable::Damaged(e.to_string()))
}

/// Reads the file; a missing file is an empty list.
pub(crate) fn load(dir: &Path) -> Result<Result<AccountsFile, Unusable>, AccountError> {
    match read(&dir.join(ACCOUNTS_FILE)) {
        Ok(file) => Ok(Ok(file.unwrap_or(AccountsFile {
            version: VERSION,
            ..AccountsFile::default()
        }))),
        Err(Ok(unusable)) => Ok(Err(unusable)),
        Err(Err(e)) => Err(e),
    }
}

/// The previous version of the list, if one was kept and this app can read it.
pub(crate) fn load_backup(dir: &Path) -> Option<AccountsFile> {
    read(&dir.join(BACKUP_FILE)).ok().flatten()
}

/// Moves the list out of the way as `accounts.json.<why>-<time>`, so nothing written
/// later replaces it; returns where it went.
pub(crate) fn set_aside(dir: &Path, why: &str) -> Result<PathBuf, AccountError> {
    let from = dir.join(ACCOUNTS_FILE);
    crate::private_fs::set_aside(&from, why).map_err(|e| io("set aside", &from, e))
}

/// Writes `body` to `path` atomically.
fn replace(path: &Path, body: &[u8]) -> Result<(), AccountError> {
    crate::private_fs::replace(path, body).map_err(|e| io("write", path, e))
}

/// Replaces the file atomically, keeping the version it replaces as the backup (when
/// that version is one this app can read: a damaged file never replaces a good backup).
pub(crate) fn save(dir: &Path, file: &AccountsFile) -> Result<(), AccountError> {
    crate::private_fs::create_dir(dir).map_err(|e| io("create", dir, e))?;
    let path = dir.join(ACCOUNTS_FILE);
    let body = serde_json::to_vec_pretty(&AccountsFile {
        version: VERSION,
        ..file.clone()
    })
    .map_err(|e| AccountError::InvalidFile {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    // The version being replaced becomes the backup, if this app can read it (one read).
    if let Ok(previous) = fs::read(&path) {
        if parse(&previous).is_ok() && previous != body {
            replace(&dir.join(BACKUP_FILE), &previous)?;
        }
    }
    replace(&path, &body)
}
