//! The route probe: a signed request the desktop app sends to itself through the user's
//! public URL (their tunnel or reverse proxy) to prove that KaiCalls can reach this machine.
//!
//! KaiCalls never sends this event. The receiver checks its signature like any delivery,
//! answers `200` with the nonce, reports it on [`ReceiverHandle::probes`] and never hands it
//! to ingest or records it for de-duplication, so a probe can change no data.
//!
//! [`ReceiverHandle::probes`]: crate::ReceiverHandle::probes

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `event` of a probe body: namespaced so it can never collide with a KaiCalls event.
pub const PROBE_EVENT: &str = "kaicalls_desktop.probe";

/// Longest nonce accepted: probes are tiny, and a huge nonce is not one of ours.
pub const MAX_NONCE_LEN: usize = 128;

/// A probe that reached the receiver with a valid signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    /// The sender's random nonce, echoed so it can match its own probe.
    pub nonce: String,
}

#[derive(Serialize)]
struct ProbeBody<'a> {
    event: &'a str,
    nonce: &'a str,
}

/// The exact body to sign and send for a probe with `nonce`.
pub fn probe_body(nonce: &str) -> Vec<u8> {
    serde_json::to_vec(&ProbeBody {
        event: PROBE_EVENT,
        nonce,
    })
    .unwrap_or_default()
}

/// `Some` when `body` is a probe: a JSON object whose `event` is [`PROBE_EVENT`] and whose
/// `nonce` is a non-empty string of printable ASCII, at most [`MAX_NONCE_LEN`] long.
/// Anything else (including a malformed probe) is `None` and goes through the ordinary
/// event decoding, which refuses it.
pub fn parse_probe(body: &[u8]) -> Option<Probe> {
    let value: Value = serde_json::from_slice(body).ok()?;
    if value.get("event").and_then(Value::as_str) != Some(PROBE_EVENT) {
        return None;
    }
    let nonce = value.get("nonce").and_then(Value::as_str)?;
    let printable = nonce.bytes().all(|b| b.is_ascii_graphic());
    (!nonce.is_empty() && nonce.len() <= MAX_NONCE_LEN && printable).then(|| Probe {
        nonce: nonce.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_body_parses_back_to_its_nonce() {
        let body = probe_body("n-123");
        assert_eq!(
            parse_probe(&body),
            Some(Probe {
                nonce: "n-123".into()
            })
        );
    }

    #[test]
    fn anything_else_is_not_a_probe() {
        for body in [
            &br#"{"event":"lead.created","nonce":"x"}"#[..],
            br#"{"event":"kaicalls_desktop.probe"}"#,
            br#"{"event":"kaicalls_desktop.probe","nonce":""}"#,
            br#"{"event":"kaicalls_desktop.probe","nonce":"has space"}"#,
            br#"{"event":"kaicalls_desktop.probe","nonce":7}"#,
            br#"["kaicalls_desktop.probe"]"#,
            b"\xff",
        ] {
            assert_eq!(parse_probe(body), None, "{}", String::from_utf8_lossy(body));
        }
        let long = probe_body(&"n".repeat(MAX_NONCE_LEN + 1));
        assert_eq!(parse_probe(&long), None);
    }
}
