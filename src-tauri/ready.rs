//! The ready mark: the UI says when the first dashboard has been painted from the offline
//! copy (`dashboard_ready`), with its own marks of the way there, and the time since the
//! process started is logged. When `KAICALLS_BENCH_READY_FILE` names a file, the mark is
//! also written there for the start-up benchmark (bench/app), which splits the start-up
//! by the marks. Nothing else is done with it.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// The file the benchmark reads the mark from.
pub const READY_FILE_ENV: &str = "KAICALLS_BENCH_READY_FILE";

static STARTED: OnceLock<Instant> = OnceLock::new();
static MARKED: OnceLock<()> = OnceLock::new();

/// Called first thing in `run`: the clock the mark is measured on.
pub fn process_started() {
    STARTED.get_or_init(Instant::now);
}

/// Where the page's start went: milliseconds since its navigation began
/// (`performance.now()`), each taken once; `None` for a mark the page did not reach.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct PageMarks {
    /// The main script began to run: the page loaded, its main chunk parsed and evaluated.
    pub script_ms: Option<f64>,
    /// The app's info (mode, open account) answered: the shell can be drawn.
    pub info_ms: Option<f64>,
    /// The dashboard asked for its first figures.
    pub request_ms: Option<f64>,
    /// The first figures answered (what is at hand, from the offline copy).
    pub answered_ms: Option<f64>,
    /// The frame with them painted; the ready mark follows at once.
    pub painted_ms: Option<f64>,
}

/// The first call only: logs the time since start and writes the mark file if asked for.
pub fn mark(page: &PageMarks) {
    if MARKED.set(()).is_err() {
        return;
    }
    let since_start = STARTED.get().map(|t| t.elapsed().as_secs_f64() * 1000.0);
    tracing::info!(since_start_ms = ?since_start, ?page, "first dashboard painted");
    let Some(path) = std::env::var_os(READY_FILE_ENV) else {
        return;
    };
    let unix_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0);
    let line = serde_json::json!({
        "since_start_ms": since_start,
        "unix_ms": unix_ms,
        "pid": std::process::id(),
        "page": page,
    });
    if let Err(e) = std::fs::write(&path, line.to_string()) {
        tracing::warn!(error = %e, "the ready mark could not be written");
    }
}
