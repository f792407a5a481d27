//! Every way a KaiCalls request can fail, as one enum with stable codes.
//!
//! The desktop UI branches on [`Error::code`], never on message text, so a code is a
//! contract: it keeps its spelling forever. [`Error`]'s `Display` is a sentence a
//! small-business owner can act on; it never contains the API key.
//!
//! Each variant's doc comment says whether trying again can help and how the UI should
//! show it.
//!
//! ```
//! use kaicalls_api::Error;
//!
//! let e = Error::NumberOnDnc { message: "Recipient is on the Do-Not-Call list".into() };
//! assert_eq!(e.code(), "number_on_dnc");
//! assert!(!e.is_retryable());
//! // What crosses IPC to the UI:
//! let payload = e.payload();
//! assert_eq!(payload.code, "number_on_dnc");
//! assert!(payload.message.contains("Do-Not-Call"));
//! ```

use std::time::Duration;

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed KaiCalls request, or a request refused before it was sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `unauthorized` (401): the key is missing, mistyped, expired or revoked.
    /// Retrying never helps. UI: send the user to Settings → API key, keep their work.
    #[error("KaiCalls did not accept the API key ({message}). Add a valid key in Settings.")]
    Unauthorized {
        /// The server's explanation.
        message: String,
    },

    /// `forbidden` (403): the key lacks a scope this action needs.
    /// Retrying never helps. UI: explain which permission is missing and suggest the
    /// owner's key; do not offer "try again".
    #[error("This API key is not allowed to do that ({message}). Use a key with more permissions.")]
    Forbidden {
        /// The server's explanation (names the missing scope).
        message: String,
    },

    /// `not_found` (404): the agent, call, lead or other record does not exist or is
    /// not visible to this key. Retrying never helps. UI: say it is gone and refresh
    /// the list it came from.
    #[error("Not found: {message}.")]
    NotFound {
        /// What was not found.
        message: String,
    },

    /// `invalid_request` (400): a required field is missing or the JSON is malformed.
    /// This is a bug in the app or a stale form. Retrying the same request never helps.
    /// UI: show the message next to the form.
    #[error("KaiCalls could not use the request: {message}")]
    InvalidRequest {
        /// The server's explanation.
        message: String,
    },

    /// `validation_error` (400): a field has an unacceptable value (bad email, unknown
    /// status). Retrying the same values never helps. UI: highlight the field, keep the
    /// form open.
    #[error("Please check the details: {message}")]
    Validation {
        /// The server's explanation (usually names the field).
        message: String,
    },

    /// `email_exists` (409, signup): an account already uses this email.
    /// Retrying never helps. UI: offer "sign in with an API key" instead.
    #[error("An account with this email already exists. Sign in with its API key instead.")]
    EmailExists {
        /// The server's explanation.
        message: String,
    },

    /// `number_on_dnc` (400, SMS): the recipient is on the Do-Not-Call list.
    /// Retrying never helps, and must not be attempted. UI: show a compliance notice.
    #[error("This number is on the Do-Not-Call list, so it cannot be texted.")]
    NumberOnDnc {
        /// The server's explanation.
        message: String,
    },

    /// `number_opted_out` (400, SMS): the recipient has not agreed to receive texts.
    /// Retrying never helps. UI: show a compliance notice; suggest a call instead.
    #[error("This number has not agreed to receive text messages, so it cannot be texted.")]
    NumberOptedOut {
        /// The server's explanation.
        message: String,
    },

    /// `sms_send_failed` (500): the carrier (Twilio) did not deliver the text.
    /// Never retried automatically (a text could go out twice). UI: say it failed and
    /// let the user decide to send again.
    #[error("The text message could not be delivered ({message}). You can try sending it again.")]
    SmsSendFailed {
        /// The server's explanation.
        message: String,
    },

    /// `vapi_error` (4xx/5xx): the voice platform behind agents failed.
    /// Idempotent requests were already retried; trying later may help. UI: "the voice
    /// platform is having trouble", with a retry button.
    #[error("The voice platform is having trouble ({message}). Try again in a few minutes.")]
    Vapi {
        /// HTTP status.
        status: u16,
        /// The server's explanation.
        message: String,
    },

    /// `call_failed` (500): the voice platform could not start the call; nothing was
    /// dialled. Never retried automatically. UI: say the call did not start and offer
    /// to dial again.
    #[error("The call could not be started ({message}). Nothing was dialled.")]
    CallFailed {
        /// The server's explanation.
        message: String,
    },

    /// `payment_required` (402): billing must be sorted out first (x402 on signup).
    /// Retrying never helps. UI: point to billing.
    #[error("Payment is required before this can continue ({message}).")]
    PaymentRequired {
        /// The server's explanation.
        message: String,
    },

    /// `rate_limited` (429, or refused by this client's own limiter before sending):
    /// too many requests. Idempotent requests were already retried after `retry_after`;
    /// waiting that long helps. UI: "busy, try again in N seconds".
    #[error("{}", rate_limited_text(*retry_after, message))]
    RateLimited {
        /// How long to wait, from `Retry-After` or the local limiter.
        retry_after: Option<Duration>,
        /// The server's (or limiter's) explanation.
        message: String,
        /// `nextAllowedAt` of the SDR cadence answer: when this lead may be touched again.
        next_allowed_at: Option<String>,
        /// True when this client refused to send (its own limiter), so nothing reached
        /// KaiCalls.
        local: bool,
    },

    /// `internal_error` (5xx): KaiCalls failed unexpectedly. Idempotent requests were
    /// already retried. For a call or text the action may still have happened.
    /// UI: apologise, offer retry for reads; for calls, suggest checking the call list.
    #[error("KaiCalls had a problem on its side (HTTP {status}): {message}")]
    Internal {
        /// HTTP status.
        status: u16,
        /// The server's explanation.
        message: String,
    },

    /// A server error code this client does not know (kept verbatim in `code`), so new
    /// server codes never break the app. UI: show the message; retry only if `status`
    /// is 5xx.
    #[error("KaiCalls reported a problem ({code}, HTTP {status}): {message}")]
    Api {
        /// HTTP status.
        status: u16,
        /// The server's code, as sent.
        code: String,
        /// The server's explanation.
        message: String,
    },

    /// `mcp_error`: the MCP endpoint answered with a JSON-RPC error object.
    /// Retrying the same call rarely helps. UI: show the message.
    #[error("The MCP tool call failed ({rpc_code}): {message}")]
    Mcp {
        /// JSON-RPC error code (e.g. -32601 method not found).
        rpc_code: i64,
        /// The server's explanation.
        message: String,
    },

    /// `offline`: no connection could be opened (no network, DNS failure, refused).
    /// Nothing reached KaiCalls, so it is always safe to retry (the client already did).
    /// UI: the offline banner; cached data stays browsable.
    #[error("Can't reach KaiCalls ({detail}). Check the internet connection and try again.")]
    Offline {
        /// What the network layer reported (no secrets).
        detail: String,
    },

    /// `timeout`: no answer in time. If `may_have_taken_effect`, the request reached
    /// KaiCalls and may have been carried out (a call placed, a text sent), so it was not
    /// retried. UI: for those, "check the call list before trying again"; otherwise
    /// offer retry.
    #[error("{}", if *may_have_taken_effect {
        "KaiCalls did not answer in time. The request may still have gone through: check before trying again."
    } else {
        "KaiCalls did not answer in time. Try again in a moment."
    })]
    Timeout {
        /// Whether the request may have been carried out despite the timeout.
        may_have_taken_effect: bool,
    },

    /// `transport_error`: the connection broke mid-request or mid-answer. Same rules as
    /// [`Error::Timeout`] about `may_have_taken_effect`.
    #[error("{}", transport_text(*may_have_taken_effect, detail))]
    Transport {
        /// What the network layer reported (no secrets).
        detail: String,
        /// Whether the request may have been carried out.
        may_have_taken_effect: bool,
    },

    /// `malformed_response`: KaiCalls answered something this client cannot read (an
    /// HTML error page, a body of the wrong shape). Retried for idempotent requests when
    /// the body looked garbled; a wrong shape is a version mismatch. UI: generic error,
    /// suggest updating the app if it persists.
    #[error("KaiCalls sent an answer the app could not read (HTTP {status}): {detail}")]
    MalformedResponse {
        /// HTTP status.
        status: u16,
        /// What was wrong with it.
        detail: String,
    },

    /// `invalid_phone_number`: refused before sending; the text is not a phone number
    /// that can be dialled. Retrying never helps. UI: highlight the phone field.
    #[error("\"{input}\" is not a valid phone number: {reason}.")]
    InvalidPhoneNumber {
        /// What the user typed.
        input: String,
        /// Why it was refused.
        reason: String,
    },

    /// `key_refused`: refused before sending; the key has an unknown shape or would go to
    /// a server it must never reach (a test key off this machine, a live key to a
    /// non-KaiCalls origin without consent). UI: explain, send to Settings.
    #[error("The API key was not used: {reason}")]
    KeyRefused {
        /// Why (never contains the key).
        reason: String,
    },

    /// `invalid_config`: the client was built with unusable settings (bad base URL).
    /// A programming or settings error. UI: show it in Settings.
    #[error("The KaiCalls connection settings are invalid: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// `wait_timeout`: [`crate::resources::Calls::wait`] (or an eval-run wait) reached its
    /// deadline before a final status. The call itself goes on. UI: "still in progress",
    /// keep polling in the background.
    #[error("Still in progress after {waited:?} (last status: {last_status}).")]
    WaitTimedOut {
        /// The call or run waited on.
        id: String,
        /// The status seen last.
        last_status: String,
        /// How long the wait lasted.
        waited: Duration,
    },
}

fn rate_limited_text(retry_after: Option<Duration>, message: &str) -> String {
    match retry_after {
        Some(d) => format!(
            "Too many requests right now ({message}). Try again in {} s.",
            d.as_secs().max(1)
        ),
        None => format!("Too many requests right now ({message}). Try again shortly."),
    }
}

fn transport_text(may_have_taken_effect: bool, detail: &str) -> String {
    if may_have_taken_effect {
        format!(
            "The connection to KaiCalls broke ({detail}). The request may still have gone through: check before trying again."
        )
    } else {
        format!("The connection to KaiCalls broke ({detail}). Try again in a moment.")
    }
}

mod classify;

pub use classify::ErrorPayload;
