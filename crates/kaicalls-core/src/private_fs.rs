//! Folders and files only their owner can read, on Unix.
//!
//! The app's data folder holds account metadata, the offline copy of calls, leads and
//! transcripts, and the sandbox's state: personal data of the user's customers. Other
//! accounts on the same machine have no business reading it, whatever the umask says.
//! Elsewhere (Windows) the per-user profile folder already keeps it private.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Creates `dir` (and its parents) and makes `dir` itself owner-only (0700), also when it
/// already existed with a looser mode from an older version.
pub(crate) fn create_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates or truncates `path` for writing, owner-only (0600).
pub(crate) fn create_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` applies only to a new file; a leftover temporary keeps its own.
        file.set_permissions(fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Replaces `path` with `body` through a flushed, owner-only temporary file and a rename,
/// so a crash leaves the old file or the new one, never half of either.
pub(crate) fn replace(path: &Path, body: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut out = create_file(&tmp)?;
    out.write_all(body)?;
    out.sync_all()?;
    drop(out);
    fs::rename(&tmp, path)
}

/// Moves a file the app cannot use out of the way as `<name>.<why>-<time>`, so nothing
/// written later replaces it; returns where it went.
pub(crate) fn set_aside(path: &Path, why: &str) -> io::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{why}-{stamp}"));
    let to = path.with_file_name(name);
    fs::rename(path, &to)?;
    Ok(to)
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_owner_only_even_when_they_existed() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a").join("b");
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        create_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("f");
        fs::write(&file, b"old").unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        drop(create_file(&file).unwrap());
        assert_eq!(mode(&file), 0o600);
        assert_eq!(fs::read(&file).unwrap(), b"", "truncated");
    }
}
