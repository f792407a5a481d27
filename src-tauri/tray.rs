//! The tray icon: the number of new leads not yet looked at, and a way back to the window.

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Wry};

const TRAY_ID: &str = "main";

/// Shows the main window and brings it to the front.
pub fn show_main(app: &AppHandle<Wry>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Builds the tray icon (a missing tray, as on a desktop without one, is not an error).
pub fn install(app: &AppHandle<Wry>) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", "Open KaiCalls", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("KaiCalls Desktop")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            "open" => show_main(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// Shows `count` beside the tray icon (Linux and macOS draw the title next to it) and in
/// its tooltip.
pub fn show_unread(app: &AppHandle<Wry>, count: u32) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let (title, tip) = match count {
        0 => (None, "KaiCalls Desktop".to_string()),
        1 => (
            Some("1".to_string()),
            "KaiCalls Desktop: 1 new lead".to_string(),
        ),
        n => (
            Some(n.to_string()),
            format!("KaiCalls Desktop: {n} new leads"),
        ),
    };
    let _ = tray.set_title(title);
    let _ = tray.set_tooltip(Some(tip));
}
