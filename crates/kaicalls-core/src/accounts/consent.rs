//! The user's consent to send a live key to an API origin that is not KaiCalls (a staging
//! server, a company proxy).
//!
//! It is kept as which origin was allowed and when, so Settings can show it and take it
//! back, and so it cannot carry over to another address: the client only honours it for
//! that exact origin. Files written before it was a record said `"origin_allowed": true`
//! with neither; such a flag is read as no consent (the key is not sent there until the
//! user allows the origin again), because a yes given to an address nobody can show
//! any more is not one the app should act on.

use reqwest::Url;
use serde::{Deserialize, Serialize};

use super::{AccountError, Accounts, find};

/// One origin a live key may go to, and when the user said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OriginConsent {
    /// The origin allowed (`https://staging.example.com`, no path).
    pub origin: String,
    /// When it was allowed (RFC 3339, UTC).
    pub allowed_at: String,
}

impl OriginConsent {
    /// The consent given now for the origin of `base_url`.
    pub(crate) fn now(base_url: &str) -> Self {
        OriginConsent {
            origin: origin_of(base_url),
            allowed_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// `scheme://host[:port]` of `url`; text that is not a URL stays as typed, which the
/// client then matches with nothing.
fn origin_of(url: &str) -> String {
    match Url::parse(url.trim()) {
        Ok(parsed) => parsed.origin().ascii_serialization(),
        Err(_) => url.trim().to_string(),
    }
}

impl Accounts {
    /// Takes back the consent of `id`, if it had one: its key is no longer sent to its
    /// non-KaiCalls origin (a client made after this refuses with `key_refused`).
    pub fn revoke_origin_consent(&self, id: &str) -> Result<(), AccountError> {
        self.update(|file| {
            find(file, id)?.origin_consent = None;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_kept_without_path_or_default_port() {
        assert_eq!(
            OriginConsent::now("https://Staging.example.com:443/api/").origin,
            "https://staging.example.com"
        );
        assert_eq!(
            OriginConsent::now("http://10.0.0.5:8080").origin,
            "http://10.0.0.5:8080"
        );
        let at = OriginConsent::now("https://x.example").allowed_at;
        assert!(chrono::DateTime::parse_from_rfc3339(&at).is_ok(), "{at}");
    }
}
