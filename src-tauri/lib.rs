//! KaiCalls Desktop: the Tauri shell. It adapts the services of `kaicalls-core` to IPC
//! and the desktop (tray, notifications, deep links) and nothing more; everything that
//! needs no window lives in `crates/`.

pub mod commands;
pub mod deeplink;
pub mod dial;
pub mod error;
pub mod events;
pub mod notifier;
pub mod options;
pub mod sandbox_host;
pub mod session;
pub mod state;
pub mod tray;
pub mod updater;

use std::process::ExitCode;
use std::sync::Arc;

use options::Options;
use state::AppState;
use tauri::{Manager, RunEvent};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_specta::Event;

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
        // First, so a second launch (say, from a tel: link) hands its link to this one.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            tray::show_main(app);
            deeplink::handle(app, argv.into_iter().skip(1));
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(updater::plugin())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let data_dir = match options.data_dir.clone() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            let (secrets, keyring) = state::open_secrets();
            let notifier = Arc::new(notifier::DesktopNotifier::new(app.handle().clone()));
            let link = options.deep_link.clone();
            let state = AppState::new(options, data_dir, secrets, keyring, notifier)
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error>)?;
            app.manage(state);
            if let Err(e) = tray::install(app.handle()) {
                tracing::warn!(error = %e, "no tray icon");
            }
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                deeplink::handle(&handle, event.urls().iter().map(|u| u.to_string()));
            });
            if let Some(link) = link {
                deeplink::handle(app.handle(), [link]);
            }
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // Offline or no release server: say nothing, Settings can ask again.
                match updater::check(&handle).await {
                    Ok(Some(update)) => {
                        let _ = events::AppAlert {
                            code: "update_available".into(),
                            message: format!(
                                "KaiCalls Desktop {} is available. Install it from Settings.",
                                update.version
                            ),
                        }
                        .emit(&handle);
                    }
                    Ok(None) => {}
                    Err(e) => tracing::info!(code = %e.code, "no update check at start"),
                }
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                if let Err(e) = state.startup(&handle).await {
                    let _ = events::AppAlert {
                        code: e.code.clone(),
                        message: format!("Your account could not be opened: {}", e.message),
                    }
                    .emit(&handle);
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "the app could not start");
            eprintln!("KaiCalls Desktop could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // Store accepted webhook deliveries and save the sandbox before leaving.
            let state = app.state::<AppState>();
            tauri::async_runtime::block_on(state.shutdown());
        }
    });
    ExitCode::SUCCESS
}
