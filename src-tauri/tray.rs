//! The tray icon: how many people wait for a call back and how many new leads are not
//! yet looked at, and a way back to the window.

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

/// What the tray says: people waiting in the inbox (beside the icon) and new leads not
/// looked at yet (in the tooltip too).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Waiting for a call back (the follow-up inbox).
    pub waiting: u32,
    /// New leads not looked at.
    pub unread: u32,
}

static COUNTS: std::sync::Mutex<Counts> = std::sync::Mutex::new(Counts {
    waiting: 0,
    unread: 0,
});

/// The tray's title (drawn beside the icon on Linux and macOS) and tooltip for `counts`.
pub fn label(counts: Counts) -> (Option<String>, String) {
    let plural = |n: u32, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut parts = Vec::new();
    if counts.waiting > 0 {
        parts.push(format!("{} waiting for a call back", counts.waiting));
    }
    if counts.unread > 0 {
        parts.push(plural(counts.unread, "new lead", "new leads"));
    }
    let title = (counts.waiting > 0).then(|| counts.waiting.to_string());
    let tip = if parts.is_empty() {
        "KaiCalls Desktop".to_string()
    } else {
        format!("KaiCalls Desktop: {}", parts.join(", "))
    };
    (title, tip)
}

/// Updates one of the counts and redraws the tray.
pub fn show(app: &AppHandle<Wry>, change: impl FnOnce(&mut Counts)) {
    let counts = {
        let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
        change(&mut counts);
        *counts
    };
    // The launcher's badge too, where the desktop draws one (macOS, Unity-style docks).
    if let Some(window) = app.get_webview_window("main") {
        let badge = (counts.waiting > 0).then_some(i64::from(counts.waiting));
        let _ = window.set_badge_count(badge);
    }
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let (title, tip) = label(counts);
    let _ = tray.set_title(title);
    let _ = tray.set_tooltip(Some(tip));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tray_counts_who_waits_and_names_both() {
        assert_eq!(label(Counts::default()), (None, "KaiCalls Desktop".into()));
        let (title, tip) = label(Counts {
            waiting: 3,
            unread: 1,
        });
        assert_eq!(title.as_deref(), Some("3"));
        assert_eq!(
            tip,
            "KaiCalls Desktop: 3 waiting for a call back, 1 new lead"
        );
        let (title, tip) = label(Counts {
            waiting: 0,
            unread: 2,
        });
        assert_eq!(title, None);
        assert_eq!(tip, "KaiCalls Desktop: 2 new leads");
    }
}
