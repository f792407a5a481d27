//! Links from outside the app: `tel:`/`kaicalls:` links that ask for a call, and recording
//! links from the server that the desktop is asked to open. Both come from someone else,
//! so both are read strictly.

use kaicalls_vocab::Code;
use reqwest::Url;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A link asked for a call: the dial dialog opens pre-filled. It never places a call by
/// itself; the user still picks the agent and presses Call.
///
/// Links carry no context (the dialog's first-message notes): a `context=` parameter is
/// ignored, so words from a web page never reach what the agent is told to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DialRequest {
    /// The number as the link gave it, separators and all; it has the shape of a phone
    /// number, and an international one is a valid number (the dialog reads a national
    /// one with the account's region).
    pub number: String,
    /// The callee's name, when a `kaicalls:` link gave one: one line, no control or
    /// direction-changing characters, at most [`MAX_LINK_NAME`] characters.
    pub name: Option<String>,
}

/// The longest name a link may prefill, in characters: any person's or business's name
/// fits, and a dialog title is no place for a paragraph.
pub const MAX_LINK_NAME: usize = 100;

/// A link longer than this is not read at all (bytes, before decoding).
const MAX_LINK_LEN: usize = 2048;

/// The most digits a number may have: E.164's 15, plus a two- or three-digit
/// international prefix when the link writes one (`011 44 …`).
const MAX_DIGITS: usize = 18;

/// Reads a dial request from a link: `Ok(None)` for a link that is not a dial link, an
/// `invalid_dial_link` error (saying why, for the user) for one that asks for a call
/// the app will not prefill: no number, a number that cannot be one, a name too long.
///
/// Accepted forms: `tel:+15125551234`, `tel:(512)%20555-1234`,
/// `kaicalls://dial?to=+15125551234&name=Jane%20Doe` and `kaicalls:dial/+15125551234`.
pub fn parse_dial_link(link: &str) -> Result<Option<DialRequest>, AppError> {
    let link = link.trim();
    let Some((scheme, rest)) = link.split_once(':') else {
        return Ok(None);
    };
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "tel" | "callto" | "kaicalls") {
        return Ok(None);
    }
    let rest = rest.trim_start_matches("//");
    if scheme == "kaicalls"
        && !(rest == "dial" || rest.starts_with("dial/") || rest.starts_with("dial?"))
    {
        return Ok(None);
    }
    if link.len() > MAX_LINK_LEN {
        return Err(refused(format!(
            "the link is longer than {MAX_LINK_LEN} characters"
        )));
    }
    let (number, name) = if scheme == "kaicalls" {
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let mut to = path.strip_prefix("dial/").map(decode);
        let mut name = None;
        for pair in query.split('&') {
            match pair.split_once('=') {
                Some(("to", v)) => to = Some(decode(v)),
                Some(("name", v)) => name = Some(decode(v)),
                _ => {}
            }
        }
        (to.unwrap_or_default(), name)
    } else {
        // RFC 3966 parameters (`;ext=`, `;phone-context=`) are not part of the number.
        (decode(rest.split(';').next().unwrap_or("")), None)
    };
    Ok(Some(DialRequest {
        number: check_number(&number)?,
        name: name
            .map(|n| clean_name(&n))
            .transpose()?
            .filter(|n| !n.is_empty()),
    }))
}

fn refused(why: impl std::fmt::Display) -> AppError {
    AppError::new(
        Code::InvalidDialLink,
        format!("A link asked for a call, but {why}. Nothing was dialled."),
    )
}

/// A number has a phone number's characters only (digits, a leading `+` and RFC 3966's
/// visual separators) and a phone number's count of digits; one with a country code
/// must be a number libphonenumber knows.
fn check_number(number: &str) -> Result<String, AppError> {
    let number = number.trim();
    if number.is_empty() {
        return Err(refused("it gave no number"));
    }
    let body = number.strip_prefix('+').unwrap_or(number);
    let shaped = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !shaped || digits == 0 {
        return Err(refused("what it gave is not a phone number"));
    }
    if !(3..=MAX_DIGITS).contains(&digits) {
        return Err(refused(format!(
            "the number has {digits} digits, which no phone number has"
        )));
    }
    if number.starts_with('+') {
        kaicalls_api::phone::normalize(number, None).map_err(|e| {
            let why = match e {
                kaicalls_api::Error::InvalidPhoneNumber { reason, .. } => reason,
                other => other.to_string(),
            };
            refused(format!("the number {number} is not valid: {why}"))
        })?;
    }
    Ok(number.to_string())
}

/// One line of visible text: control characters and the invisible ones that reorder or
/// hide text (which could make a name read as another) are dropped, runs of spaces
/// become one.
fn clean_name(name: &str) -> Result<String, AppError> {
    let invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}');
    let visible: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|&c| !invisible(c))
        .collect();
    let name = visible.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = name.chars().count();
    if length > MAX_LINK_NAME {
        return Err(refused(format!(
            "the name it gave is {length} characters long (at most {MAX_LINK_NAME})"
        )));
    }
    Ok(name)
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

    fn dial(number: &str, name: Option<&str>) -> Result<Option<DialRequest>, AppError> {
        Ok(Some(DialRequest {
            number: number.into(),
            name: name.map(Into::into),
        }))
    }

    /// The reason a dial link was refused; panics when it was not.
    fn refusal(link: &str) -> String {
        match parse_dial_link(link) {
            Err(e) => {
                assert_eq!(e.code, "invalid_dial_link", "{link}");
                e.message
            }
            Ok(other) => panic!("{link} was read as {other:?}"),
        }
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
        assert_eq!(
            parse_dial_link("kaicalls://dial?to=5125551234&name=%20&context=Say%20hi"),
            dial("5125551234", None),
            "a blank name is none; context is never read"
        );
    }

    #[test]
    fn other_links_are_ignored() {
        for other in [
            "https://example.com",
            "kaicalls://settings",
            "kaicalls://dialog?to=+15125551234",
            "nonsense",
        ] {
            assert_eq!(parse_dial_link(other), Ok(None), "{other}");
        }
    }

    #[test]
    fn a_dial_link_without_a_phone_number_is_refused() {
        for (link, why) in [
            ("tel:", "gave no number"),
            ("kaicalls://dial", "gave no number"),
            ("kaicalls://dial?name=Jane", "gave no number"),
            ("tel:%", "not a phone number"),
            ("tel:12", "2 digits"),
            ("tel:+1234567890123456789", "19 digits"),
            ("tel:+1512555123%00", "not a phone number"),
            ("tel:+1512%0A5551234", "not a phone number"),
            ("tel:512-555-1234%3Cb%3E", "not a phone number"),
            ("tel:++15125551234", "not a phone number"),
            ("kaicalls:dial/javascript:alert(1)", "not a phone number"),
            ("tel:+999%20555%201234", "not valid"),
            ("tel:+1%20555", "not valid"),
        ] {
            let message = refusal(link);
            assert!(message.contains(why), "{link}: {message}");
            assert!(message.ends_with("Nothing was dialled."), "{message}");
        }
        let long = format!("tel:+1{}", "5".repeat(MAX_LINK_LEN));
        assert!(refusal(&long).contains("longer than 2048"));
    }

    #[test]
    fn names_are_one_visible_line_of_at_most_100_characters() {
        let name = |n: &str| {
            parse_dial_link(&format!("kaicalls://dial?to=%2B15125551234&name={n}"))
                .map(|r| r.and_then(|r| r.name))
        };
        assert_eq!(name("Jane%0A%0DDoe%09%07"), Ok(Some("Jane Doe".into())));
        assert_eq!(
            name("%E2%80%AEeoD%20enaJ%E2%80%AC%E2%81%A6%EF%BB%BF"),
            Ok(Some("eoD enaJ".into())),
            "no right-to-left override or other invisible character"
        );
        assert_eq!(name("%1B%5B31m"), Ok(Some("[31m".into())));
        let hundred = "é".repeat(MAX_LINK_NAME);
        assert_eq!(
            name(&hundred),
            Ok(Some(hundred.clone())),
            "characters, not bytes"
        );
        let message = refusal(&format!(
            "kaicalls://dial?to=%2B15125551234&name={hundred}x"
        ));
        assert!(
            message.contains("101 characters long (at most 100)"),
            "{message}"
        );
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
