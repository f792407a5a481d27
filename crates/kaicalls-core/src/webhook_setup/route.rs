//! The URL KaiCalls is given, and the end-to-end check that it leads back here.

use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use kaicalls_webhooks::{Probe, SIGNATURE_HEADER, probe_body, sign_header};
use rand::Rng;
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use tokio::sync::broadcast;

use super::SetupError;

/// How long the test request may take through the user's tunnel; KaiCalls itself
/// allows 10 s per delivery.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The result of a successful route check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RouteCheck {
    /// The URL the probe was sent to (the one registered with KaiCalls), its secret path
    /// hidden ([`shown_url`]).
    pub url: String,
    /// Round trip through the tunnel, for the user's information.
    pub round_trip_ms: u64,
}

fn is_loopback_host(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The webhook URL for a public base (`https://leads.example.com`) and the receiver's
/// secret path (`/hooks/<token>`). KaiCalls must reach it from the internet, so it must be
/// `https` unless it points at this machine, which only a sandbox can use.
pub fn webhook_url(
    public_base: &str,
    receiver_path: &str,
    sandbox: bool,
) -> Result<String, SetupError> {
    let base = public_base.trim();
    let url = Url::parse(base).map_err(|_| {
        SetupError::InvalidUrl(format!(
            "{base:?} is not a web address; enter one like https://leads.example.com"
        ))
    })?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(SetupError::InvalidUrl(
            "the public address must not carry a query, a fragment or a user name".into(),
        ));
    }
    let loopback = is_loopback_host(&url);
    if loopback && !sandbox {
        return Err(SetupError::InvalidUrl(
            "KaiCalls's servers cannot reach 127.0.0.1 or localhost; enter the public address \
             of your tunnel or reverse proxy"
                .into(),
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(SetupError::InvalidUrl(
                "the public address must start with https:// (KaiCalls sends lead details to it)"
                    .into(),
            ));
        }
    }
    Ok(format!(
        "{}{}",
        url.as_str().trim_end_matches('/'),
        receiver_path
    ))
}

/// `url` as the UI, logs and error messages may show it: the receiver's secret path
/// segment (after `/hooks/`) is hidden. Whoever knows that segment can post to the
/// receiver, so it stays in the keyring and the registration at KaiCalls, nowhere else.
pub fn shown_url(url: &str) -> String {
    match url.rfind("/hooks/") {
        Some(at) if url.len() > at + "/hooks/".len() => {
            format!("{}/hooks/…", &url[..at])
        }
        _ => url.to_string(),
    }
}

/// Sends a signed probe to `url` and confirms that `probes` (this app's receiver) saw it.
pub(crate) async fn check_route(
    url: &str,
    secret: &SecretString,
    mut probes: broadcast::Receiver<Probe>,
) -> Result<RouteCheck, SetupError> {
    let nonce = hex::encode(rand::rng().random::<[u8; 16]>());
    let body = probe_body(&nonce);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let signature = sign_header(secret.expose_secret().as_bytes(), now, &body);
    let shown = shown_url(url);
    let unreachable = |reason: String| SetupError::RouteUnreachable {
        url: shown.clone(),
        reason,
    };
    // Like KaiCalls: one attempt, no redirects, a bounded wait.
    let mut http = kaicalls_api::tls::http_client();
    // The URL carries the receiver's secret path: to this machine it never goes through
    // a proxy; a public tunnel is reached the way KaiCalls would, so the system's proxy
    // applies.
    if Url::parse(url).is_ok_and(|u| is_loopback_host(&u)) {
        http = http.no_proxy();
    }
    let http = http
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PROBE_TIMEOUT)
        .build()
        .map_err(|e| unreachable(e.to_string()))?;
    let started = Instant::now();
    let response = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(SIGNATURE_HEADER, signature)
        .body(body)
        .send()
        .await
        .map_err(|e| unreachable(e.without_url().to_string()))?;
    let round_trip_ms = started.elapsed().as_millis() as u64;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(SetupError::RouteRefused {
            url: shown.clone(),
            status,
        });
    }
    // The receiver reports a probe before it answers, so by now it is in the channel.
    loop {
        match probes.try_recv() {
            Ok(probe) if probe.nonce == nonce => {
                return Ok(RouteCheck {
                    url: shown,
                    round_trip_ms,
                });
            }
            Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => continue,
            Err(_) => {
                return Err(SetupError::RouteNotLocal { url: shown });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_registered_url_from_a_public_base() {
        let path = "/hooks/abc";
        assert_eq!(
            webhook_url("https://leads.example.com/", path, false).unwrap(),
            "https://leads.example.com/hooks/abc"
        );
        assert_eq!(
            webhook_url(" https://example.com/kaicalls ", path, false).unwrap(),
            "https://example.com/kaicalls/hooks/abc"
        );
        assert_eq!(
            webhook_url("http://127.0.0.1:9000", path, true).unwrap(),
            "http://127.0.0.1:9000/hooks/abc"
        );
    }

    #[test]
    fn refuses_addresses_kaicalls_cannot_use() {
        for (base, sandbox) in [
            ("leads.example.com", false),
            ("http://leads.example.com", false),
            ("http://127.0.0.1:9000", false),
            ("https://localhost", false),
            ("https://example.com/?a=1", false),
            ("https://user@example.com", false),
            ("ftp://example.com", true),
        ] {
            let err = webhook_url(base, "/hooks/x", sandbox).unwrap_err();
            assert_eq!(err.code(), "invalid_public_url", "{base}");
        }
    }
}
