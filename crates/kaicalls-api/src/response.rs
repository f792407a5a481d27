//! Turning what came back into a value or an [`Error`], whatever shape it has.
//!
//! The reference promises `{"error":{"code","message"}}`, but proxies answer HTML and
//! older routes answer `{"error":"text"}`. Every shape maps to a typed error chosen by
//! code when there is one and by HTTP status when not; nothing here can panic.

use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::Error;
use crate::retry::{Failure, Safety};

/// The error envelope, as loosely as it can come.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default, rename = "nextAllowedAt")]
    next_allowed_at: Option<Value>,
}

/// Seconds from a `Retry-After` header (the HTTP-date form is ignored: KaiCalls sends
/// seconds, and a wrong clock would make a date meaningless).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let secs: f64 = text.parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// The documented code an error status stands for when the body names none.
fn code_for_status(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "invalid_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        422 => "validation_error",
        429 => "rate_limited",
        500..=599 => "internal_error",
        _ => return None,
    })
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Maps an error answer (status not 2xx) to an [`Error`].
pub(crate) fn error_from(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Error {
    let envelope = serde_json::from_slice::<Envelope>(body).ok();
    let (code, message, next_allowed_at) = match &envelope {
        Some(env) => {
            let (code, message) = match &env.error {
                Some(Value::Object(obj)) => (text_of(obj.get("code")), text_of(obj.get("message"))),
                Some(Value::String(s)) => (None, Some(s.trim().to_string())),
                _ => (None, None),
            };
            let message = message.or_else(|| text_of(env.message.as_ref()));
            (code, message, text_of(env.next_allowed_at.as_ref()))
        }
        None => (None, None, None),
    };
    let code = match code {
        Some(code) => code,
        None => match code_for_status(status) {
            Some(code) => code.to_string(),
            None => {
                return Error::MalformedResponse {
                    status,
                    detail: "an unexpected answer with no error code".into(),
                };
            }
        },
    };
    let message = message.unwrap_or_else(|| match envelope {
        Some(_) => format!("HTTP {status} without an explanation"),
        None => format!("HTTP {status} with a page that is not an API answer"),
    });
    from_code(status, code, message, retry_after, next_allowed_at)
}

pub(crate) fn from_code(
    status: u16,
    code: String,
    message: String,
    retry_after: Option<Duration>,
    next_allowed_at: Option<String>,
) -> Error {
    match code.as_str() {
        "unauthorized" => Error::Unauthorized { message },
        "forbidden" => Error::Forbidden { message },
        "not_found" => Error::NotFound { message },
        "invalid_request" => Error::InvalidRequest { message },
        "validation_error" => Error::Validation { message },
        "email_exists" => Error::EmailExists { message },
        "number_on_dnc" => Error::NumberOnDnc { message },
        "number_opted_out" => Error::NumberOptedOut { message },
        "sms_send_failed" => Error::SmsSendFailed { message },
        "vapi_error" => Error::Vapi { status, message },
        "call_failed" => Error::CallFailed { message },
        "payment_required" => Error::PaymentRequired { message },
        "rate_limited" => Error::RateLimited {
            retry_after,
            message,
            next_allowed_at,
            local: false,
        },
        "internal_error" => Error::Internal { status, message },
        _ => Error::Api {
            status,
            code,
            message,
        },
    }
}

/// Decodes a 2xx body. Invalid JSON (cut off, an HTML page) is transient: a repeat may
/// get a whole answer. Valid JSON of the wrong shape is permanent: a repeat gets the
/// same.
pub(crate) fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, (Error, Failure)> {
    serde_json::from_slice::<T>(body).map_err(|e| {
        let failure = match e.classify() {
            serde_json::error::Category::Data => Failure::Permanent,
            _ => Failure::Transient,
        };
        (
            Error::MalformedResponse {
                status,
                detail: e.to_string(),
            },
            failure,
        )
    })
}

/// Maps a transport-level failure. Only a failure to connect proves nothing was sent.
pub(crate) fn transport_error(e: &reqwest::Error, safety: Safety) -> (Error, Failure) {
    let may_have_taken_effect = safety == Safety::Unsafe;
    if e.is_connect() {
        (
            Error::Offline {
                detail: innermost(e),
            },
            Failure::NotSent,
        )
    } else if e.is_timeout() {
        (
            Error::Timeout {
                may_have_taken_effect,
            },
            Failure::MaybeSent,
        )
    } else if e.is_builder() {
        (Error::config(innermost(e)), Failure::Permanent)
    } else {
        (
            Error::Transport {
                detail: innermost(e),
                may_have_taken_effect,
            },
            Failure::MaybeSent,
        )
    }
}

/// The most specific cause in an error chain, without the URL reqwest adds.
fn innermost(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = None;
    let mut source = e.source();
    while let Some(s) = source {
        text = Some(s.to_string());
        source = s.source();
    }
    text.unwrap_or_else(|| {
        if e.is_body() || e.is_decode() {
            "the answer was cut off".into()
        } else {
            "the request could not be completed".into()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_envelope() {
        let e = error_from(
            400,
            None,
            br#"{"error":{"code":"number_on_dnc","message":"Recipient is on the DNC list"}}"#,
        );
        assert_eq!(e.code(), "number_on_dnc");
    }

    #[test]
    fn plain_text_error_and_html_map_by_status() {
        let e = error_from(401, None, br#"{"error":"Invalid API key"}"#);
        assert_eq!(e.code(), "unauthorized");
        assert!(e.to_string().contains("Invalid API key"));
        let e = error_from(502, None, b"<html><body>Bad gateway</body></html>");
        assert_eq!(e.code(), "internal_error");
        let e = error_from(418, None, b"<html>teapot</html>");
        assert_eq!(e.code(), "malformed_response");
        let e = error_from(404, None, b"");
        assert_eq!(e.code(), "not_found");
    }

    #[test]
    fn unknown_code_is_kept_and_rate_limit_carries_its_details() {
        let e = error_from(
            409,
            None,
            br#"{"error":{"code":"brand_new","message":"something new"}}"#,
        );
        assert_eq!(e.code(), "unknown_server_error");
        assert_eq!(e.server_code(), Some("brand_new"));
        let e = error_from(
            429,
            Some(Duration::from_secs(3)),
            br#"{"error":{"code":"rate_limited","message":"cadence"},"nextAllowedAt":"2026-01-01T00:00:00Z"}"#,
        );
        match e {
            Error::RateLimited {
                retry_after,
                next_allowed_at,
                ..
            } => {
                assert_eq!(retry_after, Some(Duration::from_secs(3)));
                assert_eq!(next_allowed_at.as_deref(), Some("2026-01-01T00:00:00Z"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_tells_garbled_from_wrong_shape() {
        let cut = decode::<Value>(200, br#"{"id": "ab"#);
        assert!(matches!(cut, Err((_, Failure::Transient))));
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Needs {
            id: u32,
        }
        let wrong = decode::<Needs>(200, br#"{"id": "text"}"#);
        assert!(matches!(wrong, Err((_, Failure::Permanent))));
    }
}
