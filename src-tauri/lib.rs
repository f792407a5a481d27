//! KaiCalls Desktop: the Tauri shell. It adapts the services of `kaicalls-core` to IPC
//! and the desktop (tray, notifications, deep links, updates) and nothing more;
//! everything that needs no window lives in `crates/` (the core's `App`).

pub mod background;
pub mod bridge;
pub mod commands;
pub mod events;
pub mod logging;
pub mod notifier;
pub mod options;
pub mod ready;
pub mod recording;
pub mod tray;
pub mod updater;

use std::process::ExitCode;
use std::sync::Arc;

use kaicalls_core::vocab::Code;
use kaicalls_core::{App, AppOptions};
use options::Options;
use tauri::{AppHandle, Manager, RunEvent, Wry};
use tauri_plugin_deep_link::DeepLinkExt;

/// Hands links the app was opened with (a second launch, the OS's URL handler) to the
/// core; a dial link shows the window and opens the dial dialog (through the bridge).
fn open_links(app: &AppHandle<Wry>, links: impl IntoIterator<Item = String>) {
    app.state::<App>().open_links(links);
}

/// Runs the app until its last window closes.
pub fn run() -> ExitCode {
    ready::process_started();
    // The terminal at once; the log file as soon as Tauri names the log folder.
    logging::start();
    let options = Options::from_process();
    let builder = commands::builder();
    let app = tauri::Builder::default()
        // First, so a second launch (say, from a tel: link) hands its link to this one.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            tray::show_main(app);
            open_links(app, argv.into_iter().skip(1));
        }))
        .plugin(tauri_plugin_deep_link::init())
        // The login item starts the app in the background: no window until opened.
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![options::HIDDEN_FLAG]),
        ))
        .manage(background::TrayShown::default())
        // Closing keeps the app running (background.rs), so leads still notify.
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                if let Some(webview) = window.app_handle().get_webview_window(window.label()) {
                    if !background::close_requested(&webview) {
                        api.prevent_close();
                    }
                }
            }
        })
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        // The in-app player's source: a call's recording, fetched by the core.
        .manage(recording::LastRecording::default())
        .register_asynchronous_uri_scheme_protocol("recording", recording::handle)
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(updater::plugin())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            logging::open_file(app.handle(), options.data_dir.as_deref());
            let data_dir = match options.data_dir.clone() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            app.manage(kaicalls_core::prefs::PrefsFile::open(&data_dir));
            if !options.hidden {
                tray::show_main(app.handle());
            }
            let (secrets, keyring) = kaicalls_core::open_secrets();
            let notifier = Arc::new(notifier::DesktopNotifier::new(app.handle().clone()));
            let core = App::new(
                AppOptions {
                    sandbox: options.sandbox,
                    version: env!("CARGO_PKG_VERSION").to_string(),
                },
                data_dir,
                secrets,
                keyring,
                notifier,
            )
            .map_err(|e| Box::new(e) as Box<dyn std::error::Error>)?;
            app.manage(core);
            bridge::spawn(app.handle().clone());
            let tray = tray::install(app.handle());
            if let Err(e) = &tray {
                tracing::warn!(error = %e, "no tray icon");
            }
            background::watch_tray(app.handle(), tray.is_ok());
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                open_links(&handle, event.urls().iter().map(|u| u.to_string()));
            });
            open_links(app.handle(), options.deep_link.clone());
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                // Offline or no release server: say nothing, Settings can ask again.
                match updater::check(&handle).await {
                    Ok(Some(update)) => handle.state::<App>().alert(
                        Code::UpdateAvailable,
                        format!(
                            "KaiCalls Desktop {} is available. Install it from Settings.",
                            update.version
                        ),
                    ),
                    Ok(None) => {}
                    Err(e) => tracing::info!(code = e.code.as_str(), "no update check at start"),
                }
            });
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let core = handle.state::<App>();
                if let Err(e) = core.startup().await {
                    core.alert(
                        e.code,
                        format!("Your account could not be opened: {}", e.message),
                    );
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
            logging::flush();
            return ExitCode::FAILURE;
        }
    };
    app.run(|app, event| {
        if let RunEvent::Exit = event {
            // Store accepted webhook deliveries and save the sandbox before leaving.
            tauri::async_runtime::block_on(app.state::<App>().shutdown());
            logging::flush();
        }
    });
    ExitCode::SUCCESS
}
