//! Every error code the app can show, in one enum.
//!
//! The UI branches on a [`Code`], never on message text, and the TypeScript bindings
//! export this enum, so the UI's table of messages is checked for completeness by the
//! compiler: adding a code without words for it fails the UI's type check.
//!
//! Each code's doc says what happened, whether trying again can help (its [`Retry`]), and
//! how the UI presents it. A code exists only while something emits it (a test walks the
//! workspace's sources to check), and keeps its spelling: the spelling is what crosses
//! IPC and what logs show.
//!
//! ```
//! use kaicalls_vocab::{Code, Retry};
//!
//! assert_eq!(Code::NumberOnDnc.as_str(), "number_on_dnc");
//! assert_eq!(Code::NumberOnDnc.retry(), Retry::Never);
//! assert_eq!("offline".parse::<Code>(), Ok(Code::Offline));
//! // Codes compare with their spelling, which keeps tests readable.
//! assert_eq!(Code::Offline, "offline");
//! ```

use serde::{Deserialize, Serialize};

/// Whether the same action can succeed if the user simply tries it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// Nothing happened and nothing is in the way: trying again now is safe and may work
    /// (the connection came back, a busy file is free). The UI offers "Try again".
    Safe,
    /// It may work later: after a wait (a rate limit, a server fault) or once the cause the
    /// message names is fixed (disk space, an unlocked keyring). The UI says what to wait
    /// for; a "Try again" button is fine.
    Later,
    /// The same action fails the same way, or it may already have taken effect (a billed
    /// call, a text): the UI never offers to repeat it as it is.
    Never,
}

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $text:literal => $retry:ident,)*) => {
        /// A stable, machine-readable reason for a failure (or a notice) the UI shows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum Code {
            $($(#[doc = $doc])* #[serde(rename = $text)] $name,)*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The spelling that crosses IPC and shows in logs.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }

            /// Whether trying again can help, when nothing about the particular failure
            /// says otherwise (a failure that may have taken effect is always `Never`).
            pub fn retry(self) -> Retry {
                match self {
                    $(Code::$name => Retry::$retry,)*
                }
            }
        }
    };
}

codes! {
    // ---- Answers of the KaiCalls API (the reference's error table) ----

    /// KaiCalls did not accept the API key: missing, mistyped, expired or revoked.
    /// UI: point to Settings → Accounts to add the key again; keep the user's work.
    Unauthorized = "unauthorized" => Never,
    /// The key lacks the scope this action needs (the message names it).
    /// UI: explain which permission is missing and suggest the owner's key.
    Forbidden = "forbidden" => Never,
    /// KaiCalls has no such record, or this key cannot see it (a server 404). A record
    /// missing from the offline copy is [`Code::NotCached`] instead.
    /// UI: say it is gone on KaiCalls and refresh the list it came from.
    NotFound = "not_found" => Never,
    /// KaiCalls could not use the request (a missing field, malformed JSON): a bug or a
    /// stale form. UI: show the message next to the form.
    InvalidRequest = "invalid_request" => Never,
    /// A field has a value KaiCalls refuses (bad email, unknown status).
    /// UI: show the message at the field and keep the form open.
    ValidationError = "validation_error" => Never,
    /// Sign-up: an account already uses this email. UI: offer signing in with a key.
    EmailExists = "email_exists" => Never,
    /// SMS: the recipient is on the Do-Not-Call list, so KaiCalls will not text them.
    /// UI: a compliance notice in the texting sense; suggest removing them from the list
    /// only if they asked to be contacted.
    NumberOnDnc = "number_on_dnc" => Never,
    /// SMS: the recipient has not opted in to texts from the business.
    /// UI: a compliance notice; suggest a call instead, or asking them to opt in.
    NumberOptedOut = "number_opted_out" => Never,
    /// SMS: the carrier did not deliver the text; nothing was delivered. Never sent again
    /// automatically. UI: say so; the user may send it again.
    SmsSendFailed = "sms_send_failed" => Later,
    /// The voice platform behind agents failed. UI: "the voice platform is having
    /// trouble", try again in a few minutes.
    VapiError = "vapi_error" => Later,
    /// The voice platform could not start the call; nothing was dialled.
    /// UI: say the call did not start and offer to dial again.
    CallFailed = "call_failed" => Safe,
    /// Billing must be sorted out first. UI: point to billing on kaicalls.com.
    PaymentRequired = "payment_required" => Never,
    /// Too many requests (KaiCalls' answer, or this app's own limiter before sending).
    /// UI: "busy, try again in N seconds".
    RateLimited = "rate_limited" => Later,
    /// KaiCalls failed unexpectedly. For a call or a text the action may still have
    /// happened (then the failure says `may_have_taken_effect`).
    /// UI: apologise; for reads offer to try again later.
    InternalError = "internal_error" => Later,
    /// KaiCalls answered with an error code this app does not know (the message keeps it
    /// verbatim), so new server codes never break the app. UI: show the message.
    UnknownServerError = "unknown_server_error" => Later,
    /// The MCP endpoint answered with a JSON-RPC error. UI: show the message.
    McpError = "mcp_error" => Never,

    // ---- The connection and the client ----

    /// KaiCalls could not be reached (no network, DNS, refused): nothing was sent.
    /// UI: the offline banner; everything cached stays browsable.
    Offline = "offline" => Safe,
    /// No answer in time. When the request may have been carried out the failure says
    /// `may_have_taken_effect` and must not be repeated blindly. UI: "try again", or
    /// "check before trying again" for those.
    Timeout = "timeout" => Safe,
    /// The connection broke mid-request; same rule as [`Code::Timeout`].
    TransportError = "transport_error" => Safe,
    /// KaiCalls answered something this app cannot read (an HTML page, a wrong shape).
    /// UI: generic words; suggest updating the app if it persists.
    MalformedResponse = "malformed_response" => Later,
    /// The text is not a phone number that can be dialled or texted (checked before
    /// anything is sent). UI: mark the phone field.
    InvalidPhoneNumber = "invalid_phone_number" => Never,
    /// The API key was not used: its shape is unknown, or it would have gone to a server
    /// it must never reach. UI: explain; point to Settings.
    KeyRefused = "key_refused" => Never,
    /// The connection settings are unusable (a bad address). UI: show it in Settings.
    InvalidConfig = "invalid_config" => Never,
    /// Waiting for a call or run to end reached its deadline; it goes on.
    /// UI: "still in progress".
    WaitTimeout = "wait_timeout" => Later,

    // ---- The offline copy ----

    /// The account id cannot name a cache file: a bug, not the user's doing.
    InvalidAccountId = "invalid_account_id" => Never,
    /// The cache file belongs to another account (files were copied or renamed).
    /// UI: offer to download the account's data again.
    AccountMismatch = "account_mismatch" => Never,
    /// The offline copy was written by a newer version of the app; it is left alone.
    /// UI: ask the user to update the app.
    SchemaTooNew = "schema_too_new" => Never,
    /// Upgrading the offline copy failed and was rolled back. UI: report it as a bug.
    MigrationFailed = "migration_failed" => Never,
    /// The offline copy is damaged. Reopening sets it aside and downloads the data again.
    /// UI: say so; the data comes back with the next sync.
    Corrupt = "corrupt" => Later,
    /// Another program held the offline copy too long. UI: nothing unless it persists.
    Busy = "busy" => Safe,
    /// The disk is full; nothing was written. UI: ask to free space, then try again.
    DiskFull = "disk_full" => Later,
    /// Any other failure of the offline copy's database. UI: show the message.
    Storage = "storage" => Never,
    /// A record from KaiCalls could not be stored (not an object, no id).
    /// UI: generic words; it repeats until the app is updated.
    InvalidItem = "invalid_item" => Never,
    /// A list was asked for a page it never handed out: a bug. UI: reload the list.
    InvalidCursor = "invalid_cursor" => Never,
    /// A lead edit changes nothing, names an unknown field or a bad status.
    /// UI: the message next to the field.
    InvalidEdit = "invalid_edit" => Never,
    /// The offline copy does not have this record yet (never synced, or removed).
    /// UI: "not in the offline copy yet; it appears after the next sync".
    NotCached = "not_cached" => Later,
    /// An offline edit was already sent or replaced. UI: nothing to do.
    OutboxResolved = "outbox_resolved" => Never,
    /// A file or folder in the app's data folder could not be read or written
    /// (permissions, a missing drive). UI: the message names the path; fix it and retry.
    DataDirError = "data_dir_error" => Later,

    // ---- Accounts and the keyring ----

    /// No OS keyring answered (none installed, or locked), so no key can be kept.
    /// UI: explain how to unlock or install one; the sandbox still works.
    KeyringUnavailable = "keyring_unavailable" => Later,
    /// The keyring answered but refused the operation. UI: show the message.
    KeyringError = "keyring_error" => Never,
    /// No OS keyring answered when the app started, so this run keeps keys in memory
    /// only, forgotten at exit: the sandbox works, no real account can be added, and the
    /// key of one added in an earlier run cannot be read. Later: the UI says keys are not
    /// being saved and to unlock or install a keyring, then restart the app.
    KeyringMemoryOnly = "keyring_memory_only" => Later,
    /// No account has this id: the list on screen is stale. UI: reload the list.
    AccountNotFound = "account_not_found" => Never,
    /// The account's key is gone from the keyring (removed outside the app).
    /// UI: ask the user to sign in with the key again.
    ApiKeyMissing = "api_key_missing" => Never,
    /// What the user entered cannot be used; the message says why. UI: at the form.
    InvalidInput = "invalid_input" => Never,
    /// The account list file is unreadable or from a newer app; it is left untouched.
    /// UI: say so; the user can restore or remove it.
    AccountsFileInvalid = "accounts_file_invalid" => Never,
    /// No account is open (onboarding shows, or an account is being switched).
    /// UI: send the user to onboarding.
    NoAccount = "no_account" => Never,
    /// A background task was stopped (the app is closing or switching accounts).
    /// UI: nothing, or "try again".
    Interrupted = "interrupted" => Safe,
    /// The desktop could not show a notification; the lead is in the app all the same.
    /// Only logged.
    NotificationFailed = "notification_failed" => Never,

    // ---- Calls placed from the app ----

    /// This dial dialog's call is already being placed (a double click, a repeated
    /// message). UI: wait for it to appear in the calls list.
    CallInProgress = "call_in_progress" => Never,
    /// The call may or may not have been placed (the answer was lost after the request
    /// reached KaiCalls). UI: never offer "try again"; send the user to the calls list.
    CallOutcomeUnknown = "call_outcome_unknown" => Never,
    /// An update cannot be installed while a call is being placed (installing restarts
    /// the app). UI: try again once the dial has its answer.
    UpdateBlocked = "update_blocked" => Later,
    /// This text dialog's message is already being sent (a double click). UI: wait; it
    /// appears on the lead's timeline once KaiCalls accepts it.
    SmsInProgress = "sms_in_progress" => Never,
    /// This SDR action or run is already being sent (a double click). UI: wait; its
    /// outcome shows in the activity log.
    SdrInProgress = "sdr_in_progress" => Never,
    /// A CSV export could not be written (the folder is read-only, the disk is full).
    /// UI: the message names the reason; pick another place.
    ExportFailed = "export_failed" => Later,
    /// The call has no recording in the offline copy. UI: hide the player.
    NoRecording = "no_recording" => Never,
    /// A link from the server is not a web address the app hands to the OS.
    /// UI: offer to copy it instead.
    UnsafeLink = "unsafe_link" => Never,
    /// A `tel:`/`kaicalls:` link asked for a call with no number, a number that cannot be
    /// one or a name too long to show; the dialog did not open and nothing was dialled.
    /// UI: an alert with the message, which says what was wrong with the link.
    InvalidDialLink = "invalid_dial_link" => Never,
    /// The desktop could not open a link. UI: offer to copy it instead.
    OpenFailed = "open_failed" => Later,

    // ---- Live updates (webhooks) ----

    /// The webhook receiver could not start (usually its port is taken).
    /// UI: new leads still arrive with each sync; pick another port.
    ReceiverUnavailable = "receiver_unavailable" => Later,
    /// The webhook receiver is not running in this session. UI: as above.
    ReceiverNotRunning = "receiver_not_running" => Later,
    /// The public URL cannot be used; the message says why. UI: at the URL field.
    InvalidPublicUrl = "invalid_public_url" => Never,
    /// The business is not one of the account's. UI: refresh the account.
    UnknownBusiness = "unknown_business" => Never,
    /// This works only for a sandbox account. UI: hide the control for live accounts.
    NotSandbox = "not_sandbox" => Never,
    /// No webhook is registered from this app for the business. UI: "register first".
    WebhookNotRegistered = "webhook_not_registered" => Never,
    /// The test request could not reach the public URL (tunnel down, typo, DNS).
    /// UI: the message names the address.
    RouteUnreachable = "route_unreachable" => Later,
    /// The public URL answered the test request with an error (often a tunnel pointing
    /// at another port). UI: the message gives the HTTP status.
    RouteRefused = "route_refused" => Later,
    /// The public URL answered, but the request never reached this app.
    /// UI: the address leads to another server.
    RouteNotLocal = "route_not_local" => Never,

    // ---- The sandbox and the app itself ----

    /// The in-app sandbox could not start or is not running. UI: try again or restart.
    SandboxError = "sandbox_error" => Later,
    /// A notice, not a failure: the offline copy was damaged, set aside and is being
    /// downloaded again. UI: a banner.
    CacheRebuilt = "cache_rebuilt" => Never,
    /// A notice, not a failure: the in-app sandbox's saved demo data could not be read,
    /// was set aside, and the sandbox started with fresh demo data. UI: a banner.
    SandboxReset = "sandbox_reset" => Never,
    /// A notice, not a failure: a newer version can be installed from Settings.
    UpdateAvailable = "update_available" => Never,
    /// The update server could not be reached. UI: "try again later".
    UpdateUnreachable = "update_unreachable" => Later,
    /// An update was found but its signature did not verify: nothing was installed.
    UpdateSignatureInvalid = "update_signature_invalid" => Never,
    /// Downloading or installing an update failed for another reason.
    UpdateFailed = "update_failed" => Later,
}

impl Code {
    /// The code with this spelling.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Code, UnknownCode> {
        Code::parse(text).ok_or_else(|| UnknownCode(text.to_string()))
    }
}

/// A spelling that is not one of the [`Code`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not an error code of this app", self.0)
    }
}

impl std::error::Error for UnknownCode {}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text}"
            );
            assert_eq!(Code::parse(text), Some(*code));
            let json = serde_json::to_string(code).unwrap_or_default();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).ok(), Some(*code));
        }
        assert_eq!(Code::parse("nonsense"), None);
    }
}
