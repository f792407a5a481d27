//! Damaged cache files set aside, and the clean-up once a fresh cache is complete.
//!
//! A damaged database is never repaired: it is renamed `<db>.corrupt-<UTC stamp>` (with
//! its `-wal`/`-shm`/`-journal` files beside it under the same name) and a fresh file
//! takes its place. One such set is worth keeping for a bug report; a cache that keeps
//! getting damaged would otherwise pile up copies of the user's data, so once a fresh
//! cache has been downloaded in full every set but the newest is deleted.

use std::fs;
use std::path::{Path, PathBuf};

use crate::Store;
use crate::error::{Error, Result};
use crate::open::validate_account_id;

/// The files SQLite keeps beside a database, moved and deleted with it.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The stamp's format: fixed width, so names sort by time.
const STAMP_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Renames the database and its companion files to `<name>.corrupt-<UTC timestamp>` (plus
/// `-1`, `-2`… if that name is taken) and returns the new path of the database.
pub(crate) fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format(STAMP_FORMAT).to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let taken = |candidate: &Path| {
        candidate.exists()
            || COMPANIONS
                .iter()
                .any(|s| with_suffix(candidate, s).exists())
    };
    let mut target = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    let mut n = 0;
    while taken(&target) {
        n += 1;
        target = path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
    }
    fs::rename(path, &target).map_err(|e| Error::io("move the damaged cache", path, e))?;
    for suffix in COMPANIONS {
        let from = with_suffix(path, suffix);
        if from.exists() {
            fs::rename(&from, with_suffix(&target, suffix))
                .map_err(|e| Error::io("move the damaged cache", &from, e))?;
        }
    }
    Ok(target)
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// When a set was put aside, from the part of its name after `.corrupt-`: the stamp and
/// the collision counter, in the order that sorts oldest first. `None` for a name this
/// store did not make (left alone).
fn set_key(rest: &str) -> Option<(String, u32)> {
    let (stamp, n) = match rest.split_at_checked(16) {
        Some((stamp, "")) => (stamp, 0),
        Some((stamp, tail)) => (stamp, tail.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    chrono::NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((stamp.to_owned(), n))
}

impl Store {
    /// Moves the cache of `account_id` in `dir` aside as a damaged file (see
    /// [`Store::open`]), for a file SQLite reported damaged while it was in use: the next
    /// `open` then starts a fresh cache. Close every connection to it first (Windows will
    /// not rename an open file). Returns where it went, or `None` when there was no file.
    pub fn set_aside(dir: impl AsRef<Path>, account_id: &str) -> Result<Option<PathBuf>> {
        validate_account_id(account_id)?;
        let path = dir.as_ref().join(format!("{account_id}.sqlite3"));
        if !path.exists() {
            return Ok(None);
        }
        move_aside(&path).map(Some)
    }

    /// Deletes the damaged caches of `account_id` set aside in `dir`, all but the newest
    /// set (a database with its companion files); for when a fresh cache has been
    /// downloaded in full. Files whose names this store did not make are left alone.
    /// Returns how many files were deleted.
    pub fn prune_set_aside(dir: impl AsRef<Path>, account_id: &str) -> Result<usize> {
        validate_account_id(account_id)?;
        let dir = dir.as_ref();
        let prefix = format!("{account_id}.sqlite3.corrupt-");
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(Error::io("list", dir, e)),
        };
        // Every file of ours, with the set it belongs to.
        let mut files: Vec<((String, u32), PathBuf)> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("list", dir, e))?;
            let name = entry.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
                continue;
            };
            let base = COMPANIONS
                .iter()
                .find_map(|s| rest.strip_suffix(s))
                .unwrap_or(rest);
            // "STAMP-1" is a set of its own, "STAMP-1-wal" a companion of that set.
            if let Some(key) = set_key(base) {
                files.push((key, entry.path()));
            }
        }
        let Some(newest) = files.iter().map(|(key, _)| key.clone()).max() else {
            return Ok(0);
        };
        let mut deleted = 0;
        for (key, path) in files {
            if key == newest {
                continue;
            }
            match fs::remove_file(&path) {
                Ok(()) => deleted += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("delete", &path, e)),
            }
        }
        Ok(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn pruning_keeps_only_the_newest_set_of_the_account() {
        let dir = tempfile::tempdir().unwrap();
        let keep = [
            // The live cache, another account's sets, and files this store did not make.
            "acct.sqlite3",
            "acct.sqlite3-wal",
            "other.sqlite3.corrupt-20200101T000000Z",
            "acct.sqlite3.corrupt-notes.txt",
            "acct.sqlite3.corrupt-20200101T000000Z.bak",
            // The newest set: the second one put aside within the same second.
            "acct.sqlite3.corrupt-20260301T101500Z-2",
            "acct.sqlite3.corrupt-20260301T101500Z-2-wal",
            "acct.sqlite3.corrupt-20260301T101500Z-2-shm",
        ];
        let old = [
            "acct.sqlite3.corrupt-20200101T000000Z",
            "acct.sqlite3.corrupt-20200101T000000Z-wal",
            "acct.sqlite3.corrupt-20260301T101500Z",
            "acct.sqlite3.corrupt-20260301T101500Z-journal",
            "acct.sqlite3.corrupt-20260301T101500Z-1",
            // A companion whose database is gone still belongs to its (old) set.
            "acct.sqlite3.corrupt-20250101T000000Z-shm",
        ];
        for name in keep.iter().chain(&old) {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        assert_eq!(
            Store::prune_set_aside(dir.path(), "acct").unwrap(),
            old.len()
        );
        let mut want: Vec<String> = keep.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(names(dir.path()), want);
        // Nothing more to do the second time, nor in a folder that does not exist.
        assert_eq!(Store::prune_set_aside(dir.path(), "acct").unwrap(), 0);
        assert_eq!(
            Store::prune_set_aside(dir.path().join("missing"), "acct").unwrap(),
            0
        );
    }

    #[test]
    fn a_cache_set_aside_leaves_room_for_a_fresh_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Store::set_aside(dir.path(), "acct").unwrap(), None);
        drop(Store::open(dir.path(), "acct").unwrap());
        let moved = Store::set_aside(dir.path(), "acct").unwrap().unwrap();
        assert!(moved.exists());
        assert!(!dir.path().join("acct.sqlite3").exists());
        let (_store, outcome) = Store::open(dir.path(), "acct").unwrap();
        assert!(!outcome.rebuilt, "a fresh file, nothing damaged in place");
        assert_eq!(Store::prune_set_aside(dir.path(), "acct").unwrap(), 0);
        assert!(moved.exists(), "the only set is the newest one");
    }
}
