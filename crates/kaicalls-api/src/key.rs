//! The API key and the guard that decides where it may be sent.
//!
//! A `kc_live_` key dials real people and is billed; a `kc_test_` key belongs to a
//! sandbox on this machine. Sending either to the wrong server leaks a credential or
//! bills a customer for a test, so the destination is checked once, when a [`Client`]
//! is built, and redirects are never followed (the key cannot be carried elsewhere).
//!
//! [`Client`]: crate::Client

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, Result};

/// The only origin a live key goes to without the user's explicit consent.
pub const KAICALLS_ORIGIN: &str = "https://www.kaicalls.com";

const LIVE_PREFIX: &str = "kc_live_";
const TEST_PREFIX: &str = "kc_test_";
/// Shortest body after the prefix we accept; issued keys are much longer, this only
/// catches a truncated paste.
const MIN_BODY: usize = 8;

/// Which kind of key this is, from its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// `kc_live_`: production, billed.
    Live,
    /// `kc_test_`: issued by a sandbox on loopback.
    Test,
}

/// A KaiCalls API key. Its `Debug` never shows the secret, and neither does any error.
#[derive(Clone)]
pub struct ApiKey {
    secret: SecretString,
    kind: KeyKind,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey")
            .field("kind", &self.kind)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

impl ApiKey {
    /// Checks the key's shape: `kc_live_` or `kc_test_` followed by letters, digits,
    /// `_` or `-`. Anything else is refused (and not echoed back).
    pub fn new(key: SecretString) -> Result<ApiKey> {
        let text = key.expose_secret().trim();
        let (kind, body) = if let Some(body) = text.strip_prefix(LIVE_PREFIX) {
            (KeyKind::Live, body)
        } else if let Some(body) = text.strip_prefix(TEST_PREFIX) {
            (KeyKind::Test, body)
        } else {
            return Err(Error::key_refused(
                "it does not look like a KaiCalls key (kc_live_… or kc_test_…)",
            ));
        };
        let well_formed = body.len() >= MIN_BODY
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !well_formed {
            return Err(Error::key_refused(
                "it is incomplete or contains characters a KaiCalls key never has",
            ));
        }
        let secret = if text.len() == key.expose_secret().len() {
            key
        } else {
            SecretString::from(text.to_string())
        };
        Ok(ApiKey { secret, kind })
    }

    /// Live or test.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The key, for the `Authorization` header and the OS keyring only.
    pub fn expose_secret(&self) -> &str {
        self.secret.expose_secret()
    }

    /// Refuses `base` unless this key may be sent there: a test key only to loopback,
    /// a live key only to [`KAICALLS_ORIGIN`] or an origin in `allowed` (the user's
    /// explicit consent).
    pub fn check_destination(&self, base: &Url, allowed: &[Url]) -> Result<()> {
        match self.kind {
            KeyKind::Test if is_loopback(base) => Ok(()),
            KeyKind::Test => Err(Error::key_refused(format!(
                "a sandbox (kc_test_) key is only ever sent to this computer, not to {}",
                base.origin().ascii_serialization()
            ))),
            KeyKind::Live => {
                let origin = base.origin();
                let official = Url::parse(KAICALLS_ORIGIN)
                    .map(|u| u.origin() == origin)
                    .unwrap_or(false);
                if official || allowed.iter().any(|a| a.origin() == origin) {
                    Ok(())
                } else {
                    Err(Error::key_refused(format!(
                        "a live (kc_live_) key is only sent to {KAICALLS_ORIGIN}; {} was not \
                         allowed explicitly",
                        origin.ascii_serialization()
                    )))
                }
            }
        }
    }
}

impl FromStr for ApiKey {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ApiKey::new(SecretString::from(s.to_string()))
    }
}

impl TryFrom<SecretString> for ApiKey {
    type Error = Error;

    fn try_from(key: SecretString) -> Result<Self> {
        ApiKey::new(key)
    }
}

/// Whether `url` points at this machine: 127.0.0.0/8, ::1 or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.trim_end_matches('.').eq_ignore_ascii_case("localhost"),
    }
}
