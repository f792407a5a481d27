//! `accounts.json` in the app data directory: account metadata only, never a secret.
//!
//! Written whole to a temporary file, flushed, then renamed over the old one, so a crash
//! leaves either the old list or the new one, never half of each. The folder and the
//! file are owner-only on Unix ([`crate::private_fs`]).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{AccountError, AccountMeta};

/// The file's name inside the data directory.
pub const ACCOUNTS_FILE: &str = "accounts.json";

/// The file's format version; a file from a newer app is refused, not overwritten.
const VERSION: u32 = 1;

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

/// Reads the file; a missing file is an empty list.
pub(crate) fn load(dir: &Path) -> Result<AccountsFile, AccountError> {
    let path = dir.join(ACCOUNTS_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(AccountsFile {
                version: VERSION,
                ..AccountsFile::default()
            });
        }
        Err(e) => return Err(io("read", &path, e)),
    };
    let file: AccountsFile =
        serde_json::from_slice(&bytes).map_err(|e| AccountError::InvalidFile {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    if file.version > VERSION {
        return Err(AccountError::InvalidFile {
            path,
            reason: format!(
                "it was written by a newer version of the app (format {})",
                file.version
            ),
        });
    }
    Ok(file)
}

/// Replaces the file atomically.
pub(crate) fn save(dir: &Path, file: &AccountsFile) -> Result<(), AccountError> {
    crate::private_fs::create_dir(dir).map_err(|e| io("create", dir, e))?;
    let path = dir.join(ACCOUNTS_FILE);
    let tmp: PathBuf = dir.join(format!("{ACCOUNTS_FILE}.tmp"));
    let body = serde_json::to_vec_pretty(&AccountsFile {
        version: VERSION,
        ..file.clone()
    })
    .map_err(|e| AccountError::InvalidFile {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let mut out = crate::private_fs::create_file(&tmp).map_err(|e| io("create", &tmp, e))?;
    out.write_all(&body).map_err(|e| io("write", &tmp, e))?;
    out.sync_all().map_err(|e| io("flush", &tmp, e))?;
    drop(out);
    fs::rename(&tmp, &path).map_err(|e| io("replace", &path, e))
}
