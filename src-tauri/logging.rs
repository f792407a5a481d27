//! Where the desktop app's log file goes. The core writes it (`kaicalls_core::logging`,
//! shared with the tests that search it for secrets); the shell only knows the platform's
//! log folder, which Tauri names once it has started.

use std::path::Path;

use kaicalls_core::logging::{self, LOG_DIR_ENV, LogOptions, Logging};
use tauri::{AppHandle, Manager, Runtime};

/// Sets up `tracing` first thing, to the terminal; the file follows in [`open_file`].
pub fn start() -> &'static Logging {
    logging::install(LogOptions::default())
}

/// Starts the log file: in `KAICALLS_LOG_DIR`, else `logs/` in the data folder chosen with
/// `KAICALLS_DATA_DIR` (`data_dir_override`), else the platform's log folder for the app.
/// A log that cannot be written is said on the terminal and the app goes on without it.
pub fn open_file<R: Runtime>(app: &AppHandle<R>, data_dir_override: Option<&Path>) {
    let chosen = logging::choose_dir(std::env::var(LOG_DIR_ENV).ok(), data_dir_override);
    let dir = match chosen {
        Some(dir) => dir,
        None => match app.path().app_log_dir() {
            Ok(dir) => dir,
            Err(e) => {
                tracing::warn!(error = %e, "no log folder on this system; logging to the terminal only");
                return;
            }
        },
    };
    match start().write_to(&dir) {
        Ok(dir) => tracing::info!(
            version = env!("CARGO_PKG_VERSION"),
            dir = %dir.display(),
            "KaiCalls Desktop started"
        ),
        Err(e) => {
            tracing::warn!(error = %e, dir = %dir.display(), "the log file could not be opened")
        }
    }
}

/// Writes out what is still buffered, at exit.
pub fn flush() {
    if let Some(log) = logging::get() {
        log.flush();
    }
}
