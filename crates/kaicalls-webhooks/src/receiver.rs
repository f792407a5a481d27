//! The local webhook receiver: a hyper HTTP/1.1 server on loopback that accepts only genuine,
//! fresh, first-seen KaiCalls events and hands them to a bounded queue.
//!
//! It answers in milliseconds and never does the ingest work itself: KaiCalls v1 gives each
//! delivery one attempt with a 10 s timeout, so a slow receiver would lose events.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::Poll;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use parking_lot::RwLock;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

use crate::dedup::Dedup;
use crate::event::{DecodeError, WebhookEvent, decode};
use crate::probe::{PROBE_EVENT, Probe, parse_probe};
use crate::signature::{DEFAULT_TOLERANCE_SECS, parse_header, verify_parsed};

/// Settings for [`Receiver::start`].
#[derive(Debug, Clone)]
pub struct ReceiverConfig {
    /// Where to listen; port 0 picks one. Must be loopback: KaiCalls reaches it through
    /// the user's own tunnel or reverse proxy, never directly.
    pub listen: SocketAddr,
    /// Accepted distance between a signature's timestamp and our clock.
    pub tolerance_secs: u64,
    /// Largest body accepted (413 beyond).
    pub max_body: usize,
    /// How long a sender may take to deliver its headers, and then its body (408 beyond).
    pub read_timeout: Duration,
    /// Events waiting for ingest before new ones get 503.
    pub queue: usize,
    /// Connections served at once; more get a quick 503 with `Retry-After` (see
    /// `accept.rs` for why a cap at all). 64 is far above what KaiCalls' one
    /// delivery per event needs, even through a tunnel's pool of connections, and above
    /// the benchmark's 32 kept-alive connections, while bounding what a flood of held
    /// connections can take.
    pub max_connections: usize,
    /// The secret path segment; `None` draws 32 random bytes.
    pub path_token: Option<String>,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tolerance_secs: DEFAULT_TOLERANCE_SECS,
            max_body: 1024 * 1024,
            read_timeout: Duration::from_secs(5),
            queue: 1024,
            max_connections: 64,
            path_token: None,
        }
    }
}

/// Why the receiver could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReceiverError {
    /// `listen` is not a loopback address.
    #[error("the webhook receiver listens on loopback only, not {0}")]
    NotLoopback(SocketAddr),
    /// The port could not be bound.
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
}

/// The signing secrets currently accepted: usually one, two while a secret rotates.
/// Shared with the app so a new secret takes effect without a restart.
#[derive(Clone, Default)]
pub struct Secrets(Arc<RwLock<Vec<SecretString>>>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets([{} redacted])", self.0.read().len())
    }
}

impl Secrets {
    /// Secrets holding `secrets`.
    pub fn new(secrets: Vec<SecretString>) -> Self {
        Secrets(Arc::new(RwLock::new(secrets)))
    }

    /// Replaces the accepted secrets.
    pub fn set(&self, secrets: Vec<SecretString>) {
        *self.0.write() = secrets;
    }

    fn verify(&self, header: &str, body: &[u8], now: i64, tolerance: u64) -> bool {
        // Parsed once for every secret; a header that does not parse matches none.
        let Ok(parsed) = parse_header(header) else {
            return false;
        };
        self.0.read().iter().any(|s| {
            verify_parsed(s.expose_secret().as_bytes(), &parsed, body, now, tolerance).is_ok()
        })
    }
}

/// A genuine, first-seen event ready for ingest.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The decoded event.
    pub event: WebhookEvent,
    /// The exact bytes that were signed.
    pub raw: Bytes,
    /// SHA-256 of the body: the de-duplication key.
    pub dedup_key: String,
    /// When it arrived.
    pub received_at: SystemTime,
}

/// Starts receivers.
pub struct Receiver;

/// A running receiver.
pub struct ReceiverHandle {
    /// The full URL to register with KaiCalls (through a tunnel, with this path).
    pub url: String,
    /// The bound address.
    pub local_addr: SocketAddr,
    probes: broadcast::Sender<Probe>,
    cancel: CancellationToken,
    server: tokio::task::JoinHandle<()>,
}

impl ReceiverHandle {
    /// Stops accepting deliveries.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        let _ = (&mut self.server).await;
    }

    /// The secret path segment (everything after the host in [`Self::url`]).
    pub fn path(&self) -> &str {
        self.url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/")
    }

    /// Route probes (see [`crate::probe`]) that reach this receiver from now on. The app
    /// subscribes before sending its probe through the public URL, so seeing the nonce
    /// here proves the route ends at this receiver and not at some other server.
    pub fn probes(&self) -> broadcast::Receiver<Probe> {
        self.probes.subscribe()
    }
}

impl Drop for ReceiverHandle {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

pub(crate) struct Shared {
    token: String,
    secrets: Secrets,
    dedup: Arc<dyn Dedup>,
    queue: mpsc::Sender<Delivery>,
    probes: broadcast::Sender<Probe>,
    pub(crate) config: ReceiverConfig,
}

impl Receiver {
    /// Binds, then serves until the handle is shut down or dropped. Accepted events
    /// arrive on the returned channel.
    pub async fn start(
        config: ReceiverConfig,
        secrets: Secrets,
        dedup: Arc<dyn Dedup>,
    ) -> Result<(ReceiverHandle, mpsc::Receiver<Delivery>), ReceiverError> {
        if !config.listen.ip().is_loopback() {
            return Err(ReceiverError::NotLoopback(config.listen));
        }
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| ReceiverError::Bind(config.listen, e))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| ReceiverError::Bind(config.listen, e))?;
        let token = config
            .path_token
            .clone()
            .unwrap_or_else(|| hex::encode(rand::rng().random::<[u8; 32]>()));
        let (tx, rx) = mpsc::channel(config.queue.max(1));
        let url = format!("http://{local_addr}/hooks/{token}");
        let probes = broadcast::channel(16).0;
        let shared = Arc::new(Shared {
            token,
            secrets,
            dedup,
            queue: tx,
            probes: probes.clone(),
            config,
        });
        let cancel = CancellationToken::new();
        let server = tokio::spawn(crate::accept::serve(listener, shared, cancel.clone()));
        Ok((
            ReceiverHandle {
                url,
                local_addr,
                probes,
                cancel,
                server,
            },
            rx,
        ))
    }
}

/// Lower-case hex of a digest, written in one pass (`hex::encode` goes char by char).
fn hex_key(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(digest.len() * 2);
    for byte in digest {
        out.push(DIGITS[usize::from(byte >> 4)]);
        out.push(DIGITS[usize::from(byte & 0x0f)]);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Constant-time comparison, so the path token cannot be guessed byte by byte.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

type Reply = Response<Full<Bytes>>;

/// Header names as constants: looking one up by `&str` parses and lower-cases it each time.
static SIGNATURE: HeaderName = HeaderName::from_static("x-kaicalls-signature");
static EVENT: HeaderName = HeaderName::from_static("x-kaicalls-event");
const JSON: HeaderValue = HeaderValue::from_static("application/json");

fn respond(status: StatusCode, body: Bytes) -> Reply {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, JSON);
    response
}

/// `{"ok":…,"message":…}`, written directly: this is on every delivery's path.
pub(crate) fn reply(status: StatusCode, message: &str) -> Reply {
    let message = serde_json::to_string(message).unwrap_or_else(|_| "\"\"".into());
    let body = format!(r#"{{"ok":{},"message":{message}}}"#, status.is_success());
    respond(status, Bytes::from(body))
}

/// A `200` with a fixed body: the answers genuine deliveries get, without allocating one.
fn reply_static(body: &'static str) -> Reply {
    respond(StatusCode::OK, Bytes::from_static(body.as_bytes()))
}

/// A status with an empty body (unknown routes, wrong methods).
fn bare(status: StatusCode) -> Reply {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

fn probe_received(shared: &Shared, probe: Probe) -> Reply {
    let answer =
        serde_json::json!({ "ok": true, "message": "probe received", "nonce": probe.nonce });
    let _ = shared.probes.send(probe);
    respond(
        StatusCode::OK,
        Bytes::from(serde_json::to_vec(&answer).unwrap_or_default()),
    )
}

/// The whole body, at most `max` bytes; `None` when it is larger or cannot be read. One
/// chunk (the usual case) is handed over as is; later ones are appended to a copy. This is
/// `Limited` + `collect` without their per-request list of chunks and trailer map.
async fn read_body(mut body: Incoming, max: usize) -> Option<Bytes> {
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        // Trailers are not part of the signed bytes and are ignored, as `collect` does.
        let Ok(data) = frame.ok()?.into_data() else {
            continue;
        };
        let so_far = first.as_ref().map_or(0, Bytes::len) + rest.len();
        if so_far.saturating_add(data.len()) > max {
            return None;
        }
        match &first {
            None => first = Some(data),
            Some(head) => {
                if rest.is_empty() {
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&data);
            }
        }
    }
    if rest.is_empty() {
        Some(first.unwrap_or_default())
    } else {
        Some(Bytes::from(rest))
    }
}

pub(crate) async fn receive(shared: &Shared, request: Request<Incoming>) -> Reply {
    let (parts, body) = request.into_parts();
    // One route, `/hooks/<token>`. The token is checked before the method: answering a
    // wrong method on a wrong token with 405 would tell a scanner which paths exist.
    let token_ok = parts
        .uri
        .path()
        .strip_prefix("/hooks/")
        .is_some_and(|t| !t.is_empty() && same(t, &shared.token));
    if !token_ok {
        return bare(StatusCode::NOT_FOUND);
    }
    if parts.method != Method::POST {
        let mut response = bare(StatusCode::METHOD_NOT_ALLOWED);
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let headers = &parts.headers;
    let config = &shared.config;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body as u64) {
        return reply(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return reply(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected application/json",
        );
    }
    // A small delivery is usually complete when its headers are: try once without a
    // timer, and arm the read timeout only for a body still on its way.
    let mut collect = std::pin::pin!(read_body(body, config.max_body));
    let first = std::future::poll_fn(|cx| Poll::Ready(collect.as_mut().poll(cx))).await;
    let collected = match first {
        Poll::Ready(done) => Ok(done),
        Poll::Pending => tokio::time::timeout(config.read_timeout, collect).await,
    };
    let bytes = match collected {
        Err(_) => return reply(StatusCode::REQUEST_TIMEOUT, "body not received in time"),
        Ok(None) => {
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body too large or unreadable",
            );
        }
        Ok(Some(bytes)) => bytes,
    };
    let signature = headers
        .get(&SIGNATURE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let received_at = SystemTime::now();
    let now = received_at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    if !shared
        .secrets
        .verify(signature, &bytes, now, config.tolerance_secs)
    {
        return reply(StatusCode::UNAUTHORIZED, "missing or invalid signature");
    }
    let event_header = headers.get(&EVENT).and_then(|v| v.to_str().ok());
    let event = match decode(event_header, &bytes) {
        Ok(event) => event,
        // A genuine probe proves the route and stops here: never de-duplicated, never
        // ingested. Checked only for bodies that are no KaiCalls event, so real deliveries
        // are parsed once.
        Err(DecodeError::UnknownEvent(name)) if name == PROBE_EVENT => {
            return match parse_probe(&bytes) {
                Some(probe) => probe_received(shared, probe),
                None => reply(StatusCode::BAD_REQUEST, "malformed probe"),
            };
        }
        Err(e) => return reply(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    // Reserve a queue slot before recording the event as seen: a full queue must not
    // make the event look ingested.
    let permit = match shared.queue.try_reserve() {
        Ok(permit) => permit,
        Err(_) => return reply(StatusCode::SERVICE_UNAVAILABLE, "busy: try again"),
    };
    let dedup_key = hex_key(&Sha256::digest(&bytes));
    match shared.dedup.first_seen(&dedup_key) {
        Ok(true) => {}
        Ok(false) => return reply_static(r#"{"ok":true,"message":"duplicate: already received"}"#),
        Err(e) => {
            tracing::error!(error = %e, "webhook de-duplication failed");
            return reply(StatusCode::SERVICE_UNAVAILABLE, "cannot record the event");
        }
    }
    permit.send(Delivery {
        event,
        raw: bytes,
        dedup_key,
        received_at,
    });
    reply_static(r#"{"ok":true,"message":"received"}"#)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{EVENT_HEADER, SIGNATURE_HEADER};

    #[test]
    fn header_constants_name_the_documented_headers() {
        assert!(SIGNATURE.as_str().eq_ignore_ascii_case(SIGNATURE_HEADER));
        assert!(EVENT.as_str().eq_ignore_ascii_case(EVENT_HEADER));
    }
}
