//! Click-to-call from any app: `tel:` and `kaicalls:` links open the dial dialog.
//!
//! Accepted forms: `tel:+15125551234`, `tel:(512)%20555-1234`,
//! `kaicalls://dial?to=+15125551234&name=Jane%20Doe` and `kaicalls:dial/+15125551234`.
//! The number is only pre-filled: the user still picks the agent and presses Call, so a
//! link can never place a billed call by itself.

use tauri::{AppHandle, Manager, Wry};
use tauri_specta::Event;

use crate::events::DialRequested;
use crate::state::AppState;
use crate::tray;

/// Reads a dial request from a link; `None` for anything else.
pub fn parse(link: &str) -> Option<DialRequested> {
    let link = link.trim();
    let (scheme, rest) = link.split_once(':')?;
    let (number, name) = match scheme.to_ascii_lowercase().as_str() {
        "tel" | "callto" => {
            // RFC 3966 parameters (`;ext=`, `;phone-context=`) are not part of the number.
            let number = rest
                .trim_start_matches("//")
                .split(';')
                .next()
                .unwrap_or("");
            (decode(number), None)
        }
        "kaicalls" => {
            let rest = rest.trim_start_matches("//");
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            let mut to = path.strip_prefix("dial/").map(decode);
            let mut name = None;
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("to", v)) => to = Some(decode(v)),
                    Some(("name", v)) => name = Some(decode(v)).filter(|n| !n.trim().is_empty()),
                    _ => {}
                }
            }
            if !(path == "dial" || path.starts_with("dial/")) {
                return None;
            }
            (to?, name)
        }
        _ => return None,
    };
    let number = number.trim().to_string();
    if number.is_empty() || number.len() > 64 {
        return None;
    }
    Some(DialRequested { number, name })
}

/// Percent-decoding (`%20`, `%2B`); a literal `+` stays a plus, as in a phone number.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Handles links the app was opened with (a second launch, or the OS's URL handler):
/// shows the window and asks the UI to open the dialog. The last one is also kept for a
/// UI that is still loading (the `dial_pending` command).
pub fn handle(app: &AppHandle<Wry>, links: impl IntoIterator<Item = String>) {
    for link in links {
        if let Some(request) = parse(&link) {
            tracing::info!("dial link received");
            *app.state::<AppState>().pending_dial.lock() = Some(request.clone());
            tray::show_main(app);
            let _ = request.emit(app);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(number: &str, name: Option<&str>) -> Option<DialRequested> {
        Some(DialRequested {
            number: number.into(),
            name: name.map(Into::into),
        })
    }

    #[test]
    fn tel_and_kaicalls_links() {
        assert_eq!(parse("tel:+15125551234"), dial("+15125551234", None));
        assert_eq!(parse("tel:(512)%20555-1234"), dial("(512) 555-1234", None));
        assert_eq!(
            parse("tel:+1-512-555-1234;ext=7"),
            dial("+1-512-555-1234", None)
        );
        assert_eq!(
            parse("kaicalls://dial?to=%2B15125551234&name=Jane%20Doe"),
            dial("+15125551234", Some("Jane Doe"))
        );
        assert_eq!(
            parse("kaicalls:dial/+15125551234"),
            dial("+15125551234", None)
        );
    }

    #[test]
    fn other_links_are_ignored() {
        assert_eq!(parse("https://example.com"), None);
        assert_eq!(parse("kaicalls://settings"), None);
        assert_eq!(parse("tel:"), None);
        assert_eq!(parse("kaicalls://dial"), None);
        assert_eq!(parse("tel:%"), dial("%", None));
        assert_eq!(parse("nonsense"), None);
    }
}
