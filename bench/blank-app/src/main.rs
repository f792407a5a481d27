//! A blank Tauri window that writes the ready mark once its page is painted, to the file
//! named by `KAICALLS_BENCH_READY_FILE` (the same mark as the app's, src-tauri/ready.rs).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static STARTED: OnceLock<Instant> = OnceLock::new();

/// The page is painted: writes the mark (ms since start, wall clock, pid).
#[tauri::command]
fn ready() {
    let since_start = STARTED.get().map(|t| t.elapsed().as_secs_f64() * 1000.0);
    let Some(path) = std::env::var_os("KAICALLS_BENCH_READY_FILE") else {
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
    });
    if let Err(e) = std::fs::write(&path, line.to_string()) {
        eprintln!("the ready mark could not be written: {e}");
    }
}

fn main() -> std::process::ExitCode {
    STARTED.get_or_init(Instant::now);
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the blank window could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
