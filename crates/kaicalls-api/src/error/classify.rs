//! What an [`Error`] means for the caller: its code, status, whether trying again can
//! help, and whether the request may have been carried out.

use std::time::Duration;

use kaicalls_vocab::Code;
use serde::Serialize;

use super::Error;

/// What crosses IPC to the UI: a stable code to branch on and a sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    /// [`Error::code`].
    pub code: Code,
    /// The `Display` text.
    pub message: String,
}

impl Error {
    /// The stable code the UI branches on (the app's shared [`Code`]). Server codes keep
    /// the reference's spelling; a server code this client does not know is
    /// [`Code::UnknownServerError`], with the server's spelling in [`Error::server_code`].
    pub fn code(&self) -> Code {
        match self {
            Error::Unauthorized { .. } => Code::Unauthorized,
            Error::Forbidden { .. } => Code::Forbidden,
            Error::NotFound { .. } => Code::NotFound,
            Error::InvalidRequest { .. } => Code::InvalidRequest,
            Error::Validation { .. } => Code::ValidationError,
            Error::EmailExists { .. } => Code::EmailExists,
            Error::NumberOnDnc { .. } => Code::NumberOnDnc,
            Error::NumberOptedOut { .. } => Code::NumberOptedOut,
            Error::SmsSendFailed { .. } => Code::SmsSendFailed,
            Error::Vapi { .. } => Code::VapiError,
            Error::CallFailed { .. } => Code::CallFailed,
            Error::PaymentRequired { .. } => Code::PaymentRequired,
            Error::RateLimited { .. } => Code::RateLimited,
            Error::Internal { .. } => Code::InternalError,
            Error::Api { .. } => Code::UnknownServerError,
            Error::Mcp { .. } => Code::McpError,
            Error::Offline { .. } => Code::Offline,
            Error::Timeout { .. } => Code::Timeout,
            Error::Transport { .. } => Code::TransportError,
            Error::MalformedResponse { .. } => Code::MalformedResponse,
            Error::InvalidPhoneNumber { .. } => Code::InvalidPhoneNumber,
            Error::KeyRefused { .. } => Code::KeyRefused,
            Error::Config { .. } => Code::InvalidConfig,
            Error::WaitTimedOut { .. } => Code::WaitTimeout,
        }
    }

    /// The error code KaiCalls itself sent, as it spelled it (also for codes this client
    /// does not know); `None` when the failure happened on this side (offline, timeout,
    /// a request refused before sending, an answer that could not be read).
    pub fn server_code(&self) -> Option<&str> {
        match self {
            Error::Api { code, .. } => Some(code),
            Error::Offline { .. }
            | Error::Timeout { .. }
            | Error::Transport { .. }
            | Error::MalformedResponse { .. }
            | Error::InvalidPhoneNumber { .. }
            | Error::KeyRefused { .. }
            | Error::Config { .. }
            | Error::WaitTimedOut { .. }
            | Error::RateLimited { local: true, .. } => None,
            other => Some(other.code().as_str()),
        }
    }

    /// `{code, message}` for the UI.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }

    /// The HTTP status KaiCalls answered with, when it answered.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            Error::Unauthorized { .. } => 401,
            Error::Forbidden { .. } => 403,
            Error::NotFound { .. } => 404,
            Error::InvalidRequest { .. }
            | Error::Validation { .. }
            | Error::NumberOnDnc { .. }
            | Error::NumberOptedOut { .. } => 400,
            Error::EmailExists { .. } => 409,
            Error::PaymentRequired { .. } => 402,
            Error::RateLimited { local: false, .. } => 429,
            Error::SmsSendFailed { .. } | Error::CallFailed { .. } => 500,
            Error::Vapi { status, .. }
            | Error::Internal { status, .. }
            | Error::Api { status, .. }
            | Error::MalformedResponse { status, .. } => *status,
            _ => return None,
        })
    }

    /// Whether the same request could succeed later without the user changing anything
    /// (for a "Try again" button). It says nothing about safety: see
    /// [`Error::may_have_taken_effect`].
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. }
            | Error::Internal { .. }
            | Error::Vapi { .. }
            | Error::SmsSendFailed { .. }
            | Error::CallFailed { .. }
            | Error::Offline { .. }
            | Error::Timeout { .. }
            | Error::Transport { .. }
            | Error::WaitTimedOut { .. } => true,
            Error::Api { status, .. } => *status >= 500,
            Error::MalformedResponse { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Whether the request may have been carried out even though it failed: the UI must
    /// then check (the call list, the SMS thread) before offering to repeat it. Only
    /// meaningful for requests that create or send something; a read changes nothing.
    ///
    /// `call_failed` and a 5xx `vapi_error` come from KaiCalls after it handed the
    /// request to the voice platform: whether that platform had already started dialing
    /// is not something the answer can promise, so a billed call counts as maybe placed.
    pub fn may_have_taken_effect(&self) -> bool {
        match self {
            Error::CallFailed { .. } => true,
            Error::Vapi { status, .. } => *status >= 500,
            Error::Timeout {
                may_have_taken_effect,
            }
            | Error::Transport {
                may_have_taken_effect,
                ..
            } => *may_have_taken_effect,
            Error::Internal { .. } | Error::Api { .. } | Error::MalformedResponse { .. } => true,
            _ => false,
        }
    }

    /// How long the server (or the local limiter) asked to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    pub(crate) fn key_refused(reason: impl Into<String>) -> Self {
        Error::KeyRefused {
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_voice_platform_failure_may_have_placed_the_call() {
        let vapi = |status| Error::Vapi {
            status,
            message: String::new(),
        };
        assert!(vapi(502).may_have_taken_effect());
        assert!(!vapi(400).may_have_taken_effect(), "refused before dialing");
        assert!(
            Error::CallFailed {
                message: String::new()
            }
            .may_have_taken_effect()
        );
    }

    #[test]
    fn codes_are_the_references() {
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::Unauthorized {
                    message: String::new(),
                },
                "unauthorized",
            ),
            (
                Error::Validation {
                    message: String::new(),
                },
                "validation_error",
            ),
            (
                Error::Vapi {
                    status: 502,
                    message: String::new(),
                },
                "vapi_error",
            ),
            (
                Error::Api {
                    status: 418,
                    code: "teapot".into(),
                    message: String::new(),
                },
                "unknown_server_error",
            ),
            (
                Error::Timeout {
                    may_have_taken_effect: true,
                },
                "timeout",
            ),
        ];
        for (e, code) in cases {
            assert_eq!(e.code(), code);
            assert_eq!(e.payload().code, code);
        }
        let teapot = Error::Api {
            status: 418,
            code: "teapot".into(),
            message: String::new(),
        };
        assert_eq!(teapot.server_code(), Some("teapot"));
        assert_eq!(
            Error::Offline {
                detail: String::new()
            }
            .server_code(),
            None
        );
    }

    #[test]
    fn rate_limited_mentions_the_wait() {
        let e = Error::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            message: "slow down".into(),
            next_allowed_at: None,
            local: false,
        };
        assert!(e.to_string().contains("7 s"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(e.status(), Some(429));
    }
}
