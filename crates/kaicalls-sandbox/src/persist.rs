//! `--state FILE`: the sandbox's database as one JSON file, written atomically.
//!
//! The file holds no secret a client could use: keys are stored as hashes, and webhook
//! registrations (their signing secrets, and URLs whose path is the receiver's secret)
//! and the delivery log naming those URLs are kept for one run only. A client registers
//! its webhook again after a restart, as the desktop app does whenever it connects. On
//! Unix the file is readable by its owner only.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::SandboxError;
use crate::state::{App, Db};

/// A saved database as read: none yet, one, or a file that is not a sandbox state.
enum Read {
    Missing,
    Db(Box<Db>),
    Unreadable(serde_json::Error),
}

fn read(path: &Path) -> Result<Read, SandboxError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(match serde_json::from_slice(&bytes) {
            Ok(db) => Read::Db(Box::new(db)),
            Err(e) => Read::Unreadable(e),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Read::Missing),
        Err(e) => Err(SandboxError::State(path.to_path_buf(), e.to_string())),
    }
}

/// Loads a saved database, or `None` if the file does not exist yet.
pub fn load(path: &Path) -> Result<Option<Db>, SandboxError> {
    match read(path)? {
        Read::Missing => Ok(None),
        Read::Db(db) => Ok(Some(*db)),
        Read::Unreadable(e) => Err(SandboxError::State(
            path.to_path_buf(),
            format!("not a sandbox state file: {e}"),
        )),
    }
}

/// [`load`], except that a file that is not a sandbox state (truncated, garbled, from an
/// unknown version) is moved aside as `<name>.damaged-<time>` and the sandbox starts
/// with fresh demo data: its state is a demo's, worth less than starting at all.
/// Returns where a damaged file went.
pub fn load_or_set_aside(path: &Path) -> Result<(Option<Db>, Option<PathBuf>), SandboxError> {
    let e = match read(path)? {
        Read::Missing => return Ok((None, None)),
        Read::Db(db) => return Ok((Some(*db), None)),
        Read::Unreadable(e) => e,
    };
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".damaged-{stamp}"));
    let aside = path.with_file_name(name);
    std::fs::rename(path, &aside)
        .map_err(|io| SandboxError::State(path.to_path_buf(), io.to_string()))?;
    tracing::warn!(reason = %e, kept = %aside.display(), "the sandbox state was damaged; starting fresh");
    Ok((None, Some(aside)))
}

/// Writes the database to `path` via a temporary file and a rename, so a crash leaves
/// either the old or the new state, never half of one.
pub fn save(app: &App, path: &Path) -> Result<(), SandboxError> {
    let err = |e: std::io::Error| SandboxError::State(path.to_path_buf(), e.to_string());
    let bytes = {
        let mut db = app.db();
        // Set aside for the write (not cloned: the rest of the state may be large).
        let webhooks = std::mem::take(&mut db.webhooks);
        let logs = std::mem::take(&mut db.webhook_logs);
        let bytes = serde_json::to_vec(&*db);
        db.webhooks = webhooks;
        db.webhook_logs = logs;
        bytes.map_err(|e| SandboxError::State(path.to_path_buf(), e.to_string()))?
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("tmp");
    {
        let mut file = private_file(&tmp).map_err(err)?;
        file.write_all(&bytes).map_err(err)?;
        file.sync_all().map_err(err)?;
    }
    std::fs::rename(&tmp, path).map_err(err)
}

/// Creates (or truncates) `path` for writing, owner-only on Unix: the state names
/// customers, phone numbers and transcripts.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        // `mode` applies only when the file is new; a leftover keeps its old one.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Saves at most once a second while anything changed, until the sandbox stops.
pub async fn saver(app: App, path: std::path::PathBuf) {
    loop {
        tokio::select! {
            _ = app.cancel.cancelled() => break,
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
        if app.take_dirty() {
            let (app2, path2) = (app.clone(), path.clone());
            match tokio::task::spawn_blocking(move || save(&app2, &path2)).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "saving sandbox state failed"),
                Err(e) => tracing::error!(error = %e, "saving sandbox state panicked"),
            }
        }
    }
}
