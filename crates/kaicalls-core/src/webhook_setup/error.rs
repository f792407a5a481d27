//! Why setting up or checking the webhook failed.

use kaicalls_vocab::Code;

use crate::accounts::AccountError;
use crate::error::CoreError;
use crate::secrets::SecretError;

/// What went wrong, with a stable [`SetupError::code`].
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The keyring failed (`keyring_unavailable`, `keyring_error`). A registration whose
    /// secret could not be stored is removed again at KaiCalls.
    #[error(transparent)]
    Secret(#[from] SecretError),
    /// KaiCalls refused or could not be reached (the API's codes: `forbidden` when the key
    /// lacks `webhooks:write`, `offline`, …).
    #[error(transparent)]
    Api(#[from] kaicalls_api::Error),
    /// The account could not be read or saved (its own codes).
    #[error(transparent)]
    Account(#[from] AccountError),
    /// The cache could not open its de-duplication connection (the store's codes).
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The local receiver could not start (`receiver_unavailable`): usually its port is
    /// taken by another program; the user picks another port and updates the tunnel.
    #[error("the webhook receiver could not start: {0}")]
    Receiver(#[from] kaicalls_webhooks::ReceiverError),
    /// The public URL cannot be used (`invalid_public_url`); the message says why.
    #[error("{0}")]
    InvalidUrl(String),
    /// The business is not one of the account's (`unknown_business`): refresh the account.
    #[error("business {0} does not belong to this account")]
    UnknownBusiness(String),
    /// Automatic loopback registration is for sandbox accounts only (`not_sandbox`).
    #[error(
        "only a sandbox account can use this computer's own address; KaiCalls needs a public URL"
    )]
    NotSandbox,
    /// No signing secret is stored for the business (`webhook_not_registered`): register
    /// the webhook first.
    #[error("no webhook is registered for business {0} from this app")]
    NotRegistered(String),
    /// The test request could not be delivered to the public URL (`route_unreachable`):
    /// the tunnel is down, the address is mistyped, or DNS does not resolve it yet.
    #[error("the test request could not reach {url}: {reason}")]
    RouteUnreachable {
        /// Where it was sent.
        url: String,
        /// What failed.
        reason: String,
    },
    /// Something answered the test request, but not with success (`route_refused`): a 404
    /// usually means the tunnel forwards to another port or drops the path.
    #[error("{url} answered the test request with HTTP {status}")]
    RouteRefused {
        /// Where it was sent.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The public URL answered, but this app's receiver never saw the test request
    /// (`route_not_local`): the address leads to some other server.
    #[error("{url} answered, but the request never reached this app")]
    RouteNotLocal {
        /// Where it was sent.
        url: String,
    },
}

impl SetupError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        match self {
            SetupError::Secret(e) => e.code(),
            SetupError::Api(e) => e.code(),
            SetupError::Account(e) => e.code(),
            SetupError::Core(e) => e.code(),
            SetupError::Receiver(_) => Code::ReceiverUnavailable,
            SetupError::InvalidUrl(_) => Code::InvalidPublicUrl,
            SetupError::UnknownBusiness(_) => Code::UnknownBusiness,
            SetupError::NotSandbox => Code::NotSandbox,
            SetupError::NotRegistered(_) => Code::WebhookNotRegistered,
            SetupError::RouteUnreachable { .. } => Code::RouteUnreachable,
            SetupError::RouteRefused { .. } => Code::RouteRefused,
            SetupError::RouteNotLocal { .. } => Code::RouteNotLocal,
        }
    }
}
