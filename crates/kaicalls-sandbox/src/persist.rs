//! `--state FILE`: the sandbox's database as one JSON file, written atomically.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use crate::SandboxError;
use crate::state::{App, Db};

/// Loads a saved database, or `None` if the file does not exist yet.
pub fn load(path: &Path) -> Result<Option<Db>, SandboxError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(SandboxError::State(path.to_path_buf(), e.to_string())),
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        SandboxError::State(path.to_path_buf(), format!("not a sandbox state file: {e}"))
    })
}

/// Writes the database to `path` via a temporary file and a rename, so a crash leaves
/// either the old or the new state, never half of one.
pub fn save(app: &App, path: &Path) -> Result<(), SandboxError> {
    let err = |e: std::io::Error| SandboxError::State(path.to_path_buf(), e.to_string());
    let bytes = {
        let db = app.db();
        serde_json::to_vec(&*db)
            .map_err(|e| SandboxError::State(path.to_path_buf(), e.to_string()))?
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("tmp");
    {
        let mut file = std::fs::File::create(&tmp).map_err(err)?;
        file.write_all(&bytes).map_err(err)?;
        file.sync_all().map_err(err)?;
    }
    std::fs::rename(&tmp, path).map_err(err)
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
