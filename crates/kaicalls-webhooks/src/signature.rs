//! Parsing, signing and constant-time verification of `X-KaiCalls-Signature`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Name of the header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-KaiCalls-Signature";
/// Name of the header that carries the event type (`lead.created`, ...).
pub const EVENT_HEADER: &str = "X-KaiCalls-Event";
/// How far a signature's timestamp may be from our clock. The reference sets no limit;
/// five minutes stops replays while tolerating ordinary clock skew (DESIGN.md).
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;

/// Why a signature header was refused. Each variant is a distinct, stable reason so a
/// receiver can log it; none of them ever carries the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The header is absent or empty.
    #[error("the signature header is missing")]
    Missing,
    /// The header is not of the form `t=<unix>,v1=<hex>`.
    #[error("the signature header is malformed: {0}")]
    Malformed(&'static str),
    /// The timestamp is further from now than the tolerance allows.
    #[error("the signature timestamp is outside the allowed window")]
    StaleTimestamp,
    /// No `v1` entry matches the body under this secret.
    #[error("the signature does not match")]
    Mismatch,
}

/// A parsed header: the timestamp and every `v1` signature it carries (several while a
/// secret is being rotated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSignature {
    /// Unix seconds the sender put in `t=`.
    pub timestamp: i64,
    /// Decoded 32-byte HMAC-SHA256 values from each `v1=` entry.
    pub v1: Vec<[u8; 32]>,
}

/// Hex HMAC-SHA256 of `"<timestamp>." + body` under `secret`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    hex::encode(mac(secret, timestamp, body).finalize().into_bytes())
}

/// The full header value `t=<timestamp>,v1=<hex>` for `body`.
pub fn sign_header(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", sign(secret, timestamp, body))
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this constructor cannot fail; the fallback
    // keeps the function total without an unwrap.
    let mut mac = match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => <HmacSha256 as Mac>::new(&Default::default()),
    };
    // Digits on the stack: this runs for every delivery.
    let mut digits = [0u8; 20];
    let mut n = timestamp.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    if timestamp < 0 {
        mac.update(b"-");
    }
    mac.update(&digits[start..]);
    mac.update(b".");
    mac.update(body);
    mac
}

/// Parses `t=<unix>,v1=<hex>[,v1=<hex>...]`, tolerating spaces around entries and
/// ignoring unknown keys (future schemes such as `v2`).
pub fn parse_header(header: &str) -> Result<ParsedSignature, SignatureError> {
    if header.trim().is_empty() {
        return Err(SignatureError::Missing);
    }
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (key, value) = part
            .split_once('=')
            .ok_or(SignatureError::Malformed("entry without '='"))?;
        match key.trim() {
            "t" => {
                if timestamp.is_some() {
                    return Err(SignatureError::Malformed("more than one timestamp"));
                }
                let value = value.trim();
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(SignatureError::Malformed("timestamp is not a number"));
                }
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed("timestamp is out of range"))?,
                );
            }
            "v1" => {
                let bytes = crate::hex::hex32(value.trim())
                    .ok_or(SignatureError::Malformed("v1 is not 64 hex digits"))?;
                v1.push(bytes);
            }
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed("no timestamp"))?;
    if v1.is_empty() {
        return Err(SignatureError::Malformed("no v1 signature"));
    }
    Ok(ParsedSignature { timestamp, v1 })
}

/// Verifies `header` for `body` under `secret`, at time `now` (unix seconds), allowing
/// `tolerance_secs` of difference either way. Comparison is constant-time.
pub fn verify(
    secret: &[u8],
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: u64,
) -> Result<ParsedSignature, SignatureError> {
    let parsed = parse_header(header)?;
    verify_parsed(secret, &parsed, body, now, tolerance_secs)?;
    Ok(parsed)
}

/// [`verify`] for an already parsed header, so a receiver holding several secrets parses
/// each delivery's header once.
pub(crate) fn verify_parsed(
    secret: &[u8],
    parsed: &ParsedSignature,
    body: &[u8],
    now: i64,
    tolerance_secs: u64,
) -> Result<(), SignatureError> {
    if now.abs_diff(parsed.timestamp) > tolerance_secs {
        return Err(SignatureError::StaleTimestamp);
    }
    let expected = mac(secret, parsed.timestamp, body);
    // Every candidate is checked so timing does not reveal which entry matched.
    let mut matched = false;
    for candidate in &parsed.v1 {
        matched |= expected.clone().verify_slice(candidate).is_ok();
    }
    if matched {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hex::hex32;
    use proptest::prelude::*;

    #[test]
    fn matches_an_independent_python_computation() {
        // hmac.new(b"secret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            sign(b"secret", 1_700_000_000, br#"{"a":1}"#),
            "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686"
        );
    }

    #[test]
    fn parses_spacing_and_rotation() {
        let a = sign(b"old", 10, b"x");
        let b = sign(b"new", 10, b"x");
        let parsed = parse_header(&format!(" t = 10 , v1={a} ,v1= {b}")).unwrap();
        assert_eq!(parsed.timestamp, 10);
        assert_eq!(parsed.v1.len(), 2);
        assert!(verify(b"new", &format!("t=10,v1={a},v1={b}"), b"x", 10, 300).is_ok());
        assert!(verify(b"old", &format!("t=10,v1={a},v1={b}"), b"x", 10, 300).is_ok());
    }

    #[test]
    fn refuses_malformed_headers() {
        let good = sign(b"s", 10, b"x");
        for bad in [
            "",
            "   ",
            "t=10",
            &format!("v1={good}"),
            &format!("t=abc,v1={good}"),
            &format!("t=-10,v1={good}"),
            &format!("t=10,v1={}", &good[..63]),
            &format!("t=10,v1={}zz", &good[..62]),
            &format!("t=10,t=11,v1={good}"),
            "garbage",
            &format!("t=99999999999999999999999,v1={good}"),
        ] {
            assert!(
                verify(b"s", bad, b"x", 10, 300).is_err(),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn refuses_stale_and_future_timestamps() {
        let header = sign_header(b"s", 1000, b"x");
        assert!(verify(b"s", &header, b"x", 1300, 300).is_ok());
        assert_eq!(
            verify(b"s", &header, b"x", 1301, 300),
            Err(SignatureError::StaleTimestamp)
        );
        assert_eq!(
            verify(b"s", &header, b"x", 699, 300),
            Err(SignatureError::StaleTimestamp)
        );
    }

    #[test]
    fn hex32_agrees_with_the_hex_crate() {
        let bytes: Vec<u8> = (0..32u8).map(|b| b.wrapping_mul(37)).collect();
        let lower = hex::encode(&bytes);
        assert_eq!(hex32(&lower).map(|b| b.to_vec()), Some(bytes.clone()));
        assert_eq!(
            hex32(&lower.to_uppercase()).map(|b| b.to_vec()),
            Some(bytes)
        );
        assert!(hex32(&lower[..62]).is_none());
        assert!(hex32(&format!("{lower}00")).is_none());
        assert!(hex32(&format!("{}g", &lower[..63])).is_none());
        assert!(hex32(&format!("{}é", &lower[..62])).is_none());
    }

    proptest! {
        #[test]
        fn sign_then_verify_roundtrips(secret in proptest::collection::vec(any::<u8>(), 0..64),
                                       body in proptest::collection::vec(any::<u8>(), 0..512),
                                       ts in 0i64..4_000_000_000) {
            let header = sign_header(&secret, ts, &body);
            prop_assert!(verify(&secret, &header, &body, ts, 0).is_ok());
        }

        #[test]
        fn any_change_to_the_body_is_refused(secret in proptest::collection::vec(any::<u8>(), 1..64),
                                             body in proptest::collection::vec(any::<u8>(), 1..256),
                                             flip in any::<proptest::sample::Index>()) {
            let header = sign_header(&secret, 5, &body);
            let mut tampered = body.clone();
            let i = flip.index(tampered.len());
            tampered[i] ^= 0x01;
            prop_assert_eq!(verify(&secret, &header, &tampered, 5, 300), Err(SignatureError::Mismatch));
        }

        #[test]
        fn hex32_matches_hex_decode(text in "[0-9a-fA-Fg ]{62,66}") {
            let mut expected = [0u8; 32];
            let ok = hex::decode_to_slice(&text, &mut expected).is_ok();
            prop_assert_eq!(hex32(&text), ok.then_some(expected));
        }

        #[test]
        fn parse_never_panics(header in ".*") {
            let _ = parse_header(&header);
        }
    }
}
