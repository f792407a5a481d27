//! KaiCalls webhooks: signatures, event payloads and the local receiver.
//!
//! KaiCalls signs every webhook with HMAC-SHA256 over `"<t>." + raw_body` and sends the
//! result as `X-KaiCalls-Signature: t=<unix>,v1=<hex>`. The same code signs (in the
//! sandbox, which plays KaiCalls in tests and demo mode) and verifies (in the desktop
//! app's receiver), so the two can never drift apart.
//!
//! ```
//! use kaicalls_webhooks::{sign_header, verify, DEFAULT_TOLERANCE_SECS};
//!
//! let body = br#"{"event":"lead.created"}"#;
//! let header = sign_header(b"whsec_example", 1_700_000_000, body);
//! assert!(verify(b"whsec_example", &header, body, 1_700_000_010, DEFAULT_TOLERANCE_SECS).is_ok());
//! // A different body, secret or a stale timestamp is refused.
//! assert!(verify(b"whsec_example", &header, b"{}", 1_700_000_010, DEFAULT_TOLERANCE_SECS).is_err());
//! assert!(verify(b"other", &header, body, 1_700_000_010, DEFAULT_TOLERANCE_SECS).is_err());
//! assert!(verify(b"whsec_example", &header, body, 1_700_001_000, DEFAULT_TOLERANCE_SECS).is_err());
//! ```

mod accept;
mod dedup;
mod event;
#[doc(hidden)]
pub mod fuzzing;
mod hex;
pub mod probe;
mod receiver;
mod signature;

pub use dedup::{Dedup, MemoryDedup};
pub use event::{
    CallCompleted, CallFailed, DecodeError, Envelope, LeadCreated, LeadScored, WebhookEvent, decode,
};
pub use probe::{PROBE_EVENT, Probe, parse_probe, probe_body};
pub use receiver::{Delivery, Receiver, ReceiverConfig, ReceiverError, ReceiverHandle, Secrets};
pub use signature::{
    DEFAULT_TOLERANCE_SECS, EVENT_HEADER, ParsedSignature, SIGNATURE_HEADER, SignatureError,
    parse_header, sign, sign_header, verify,
};
