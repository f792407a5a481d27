//! The app's own preferences (not an account's): how the window behaves. Kept in
//! `preferences.json` beside the account list, written whole through a temporary file.
//! A file that cannot be read is set aside (`preferences.json.damaged-<time>`) and the
//! defaults apply: a preference is not worth a window that will not open.

use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use kaicalls_vocab::Code;

/// The file's name in the data directory.
pub const PREFS_FILE: &str = "preferences.json";

/// What the owner chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Prefs {
    /// Closing the window keeps the app running (in the tray, or minimized where there
    /// is none), so new leads still raise notifications. On by default: that is what
    /// the app is for.
    pub close_to_background: bool,
    /// Whether the owner was told, once, that closing keeps the app running.
    pub close_explained: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            close_to_background: true,
            close_explained: false,
        }
    }
}

/// The preferences of one data directory.
#[derive(Debug)]
pub struct PrefsFile {
    path: PathBuf,
    current: Mutex<Prefs>,
}

impl PrefsFile {
    /// Reads `dir`'s preferences (defaults when there are none or they are damaged).
    pub fn open(dir: &Path) -> PrefsFile {
        let path = dir.join(PREFS_FILE);
        let current = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                match crate::private_fs::set_aside(&path, "damaged") {
                    Ok(kept) => tracing::warn!(reason = %e, kept = %kept.display(), "preferences were damaged"),
                    Err(io) => tracing::warn!(reason = %e, error = %io, "damaged preferences stay in place"),
                }
                Prefs::default()
            }),
            Err(_) => Prefs::default(),
        };
        PrefsFile {
            path,
            current: Mutex::new(current),
        }
    }

    /// The preferences now.
    pub fn get(&self) -> Prefs {
        *self.current.lock()
    }

    /// Saves `prefs`; on a failed write the old ones stay in effect.
    pub fn set(&self, prefs: Prefs) -> Result<(), AppError> {
        let mut current = self.current.lock();
        write(&self.path, &prefs).map_err(|e| {
            AppError::new(
                Code::DataDirError,
                format!(
                    "Cannot save your preferences in {}: {e}",
                    self.path.display()
                ),
            )
        })?;
        *current = prefs;
        Ok(())
    }
}

fn write(path: &Path, prefs: &Prefs) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        crate::private_fs::create_dir(dir)?;
    }
    let body = serde_json::to_vec_pretty(prefs).map_err(std::io::Error::other)?;
    crate::private_fs::replace(path, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_survive_a_restart_and_damage_falls_back_to_defaults() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let prefs = PrefsFile::open(dir.path());
        assert_eq!(prefs.get(), Prefs::default());
        assert!(prefs.get().close_to_background, "on by default");
        let chosen = Prefs {
            close_to_background: false,
            close_explained: true,
        };
        prefs.set(chosen).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(PrefsFile::open(dir.path()).get(), chosen);

        std::fs::write(dir.path().join(PREFS_FILE), b"{\"close_to").unwrap_or_default();
        assert_eq!(PrefsFile::open(dir.path()).get(), Prefs::default());
        let aside = std::fs::read_dir(dir.path())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
                    .count()
            })
            .unwrap_or_default();
        assert_eq!(aside, 1, "kept aside");
    }
}
