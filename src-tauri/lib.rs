//! KaiCalls Desktop: the Tauri shell. It adapts the services of `kaicalls-core` to IPC
//! and nothing more; everything that needs no window lives in `crates/`.

pub mod commands;
pub mod error;
pub mod options;
pub mod state;

use std::process::ExitCode;

use options::Options;
use state::AppState;

/// Runs the app until its last window closes.
pub fn run() -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let options = Options::from_process();
    let builder = commands::builder();
    let app = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .manage(AppState { options })
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    match app {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "the app could not run");
            eprintln!("KaiCalls Desktop could not start: {e}");
            ExitCode::FAILURE
        }
    }
}
