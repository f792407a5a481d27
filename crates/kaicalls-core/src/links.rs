//! Links from outside the app: `tel:`/`kaicalls:` links that ask for a call, and recording
//! links from the server that the desktop is asked to open. Both come from someone else,
//! so both are read strictly.

use kaicalls_vocab::Code;
use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A link asked for a call: the dial dialog opens pre-filled. It never places a call by
/// itself; the user still picks the agent and presses Call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DialRequest {
    /// The number as the link gave it (the dialog validates it).
    pub number: String,
    /// The callee's name, when a `kaicalls:` link gave one.
    pub name: Option<String>,
}

/// Reads a dial request from a link; `None` for anything else.
///
/// Accepted forms: `tel:+15125551234`, `tel:(512)%20555-1234`,
/// `kaicalls://dial?to=+15125551234&name=Jane%20Doe` and `kaicalls:dial/+15125551234`.
pub fn parse_dial_link(link: &str) -> Option<DialRequest> {
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
    Some(DialRequest { number, name })
}

/// Percent-decoding (`%20`, `%2B`); a literal `+` stays a plus, as in a phone number.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A recording link the desktop may open: `https`, or `http` on this computer only (the
/// sandbox serves its recordings on loopback). `file:`, `javascript:`, custom schemes and
/// plain `http` to another host are refused (`unsafe_link`), so a hostile server cannot
/// make the app launch a local program or file.
pub fn recording_link(link: &str) -> Result<Url, AppError> {
    let refuse = || {
        AppError::new(
            Code::UnsafeLink,
            "The recording link is not a web address the app opens. Copy it instead.",
        )
    };
    let url = Url::parse(link.trim()).map_err(|_| refuse())?;
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    };
    match url.scheme() {
        "https" if !host.is_empty() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(refuse()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dial(number: &str, name: Option<&str>) -> Option<DialRequest> {
        Some(DialRequest {
            number: number.into(),
            name: name.map(Into::into),
        })
    }

    #[test]
    fn tel_and_kaicalls_links() {
        assert_eq!(
            parse_dial_link("tel:+15125551234"),
            dial("+15125551234", None)
        );
        assert_eq!(
            parse_dial_link("tel:(512)%20555-1234"),
            dial("(512) 555-1234", None)
        );
        assert_eq!(
            parse_dial_link("tel:+1-512-555-1234;ext=7"),
            dial("+1-512-555-1234", None)
        );
        assert_eq!(
            parse_dial_link("kaicalls://dial?to=%2B15125551234&name=Jane%20Doe"),
            dial("+15125551234", Some("Jane Doe"))
        );
        assert_eq!(
            parse_dial_link("kaicalls:dial/+15125551234"),
            dial("+15125551234", None)
        );
    }

    #[test]
    fn other_links_are_ignored() {
        assert_eq!(parse_dial_link("https://example.com"), None);
        assert_eq!(parse_dial_link("kaicalls://settings"), None);
        assert_eq!(parse_dial_link("tel:"), None);
        assert_eq!(parse_dial_link("kaicalls://dial"), None);
        assert_eq!(parse_dial_link("tel:%"), dial("%", None));
        assert_eq!(parse_dial_link("nonsense"), None);
    }

    #[test]
    fn only_web_links_and_loopback_http_are_opened() {
        for ok in [
            "https://storage.example.com/recordings/call_xyz.mp3",
            " https://cdn.example.org/a.wav ",
            "http://127.0.0.1:4010/sandbox/recordings/c1.wav",
            "http://[::1]:4010/r.wav",
            "http://localhost:4010/r.wav",
        ] {
            assert!(recording_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://storage.example.com/a.mp3",
            "http://127.0.0.1.evil.example/a.mp3",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "smb://server/share/a.wav",
            "recording.mp3",
            "",
        ] {
            let err = recording_link(bad).map(|u| u.to_string()).unwrap_err();
            assert_eq!(err.code, "unsafe_link", "{bad}");
        }
    }
}
