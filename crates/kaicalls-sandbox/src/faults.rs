//! Fault injection and the side-effect ledger.
//!
//! With `--faults RATE`, a seeded fraction of `/api/` requests misbehave the ways real
//! networks and servers do. Some faults strike before the handler runs (nothing
//! happened), others after (the call was placed, but the client cannot know). The ledger
//! records which, per request, so a test can prove a client never placed a call twice.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;
use serde::Serialize;

use crate::auth::SideEffect;
use crate::error::ApiError;
use crate::server::ConnControl;
use crate::state::App;
use crate::time::Ts;

/// One kind of injected misbehaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 500 `internal_error` without running the handler.
    ServerErrorBefore,
    /// The handler runs (its side effect happens), then the answer is a 500.
    ServerErrorAfter,
    /// 429 `rate_limited` with `Retry-After: 1`, handler not run.
    RateLimited,
    /// The handler runs, then the response is held past the configured delay.
    Slow,
    /// The handler runs, then the body is cut off halfway and the connection closed.
    Truncated,
    /// The connection is closed without an answer, handler not run.
    DropBefore,
    /// The handler runs, then the connection is closed without an answer.
    DropAfter,
}

const KINDS: [Fault; 7] = [
    Fault::ServerErrorBefore,
    Fault::ServerErrorAfter,
    Fault::RateLimited,
    Fault::Slow,
    Fault::Truncated,
    Fault::DropBefore,
    Fault::DropAfter,
];

/// Marks a response whose answer must be lost (the handler ran; the connection is closed
/// without a reply), for the magic numbers that ask for it ([`crate::magic::answer_lost`]).
#[derive(Debug, Clone, Copy)]
pub struct LoseAnswer;

/// What happened to one `/api/` request.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerEntry {
    /// Arrival order.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The injected fault, if any.
    pub fault: Option<Fault>,
    /// Whether the route's handler ran (and so could have had a side effect).
    pub handler_ran: bool,
    /// Status the handler produced (before any fault replaced it).
    pub status: Option<u16>,
    /// What the handler created, if anything.
    pub side_effect: Option<SideEffect>,
    /// When the request arrived.
    pub at: Ts,
}

/// Every `/api/` request, in arrival order (bounded).
#[derive(Default)]
pub struct Ledger {
    entries: Mutex<Vec<LedgerEntry>>,
}

const MAX_LEDGER: usize = 200_000;

impl Ledger {
    fn push(&self, entry: LedgerEntry) {
        let mut entries = self.entries.lock();
        if entries.len() >= MAX_LEDGER {
            entries.remove(0);
        }
        entries.push(entry);
    }

    /// A copy of every entry so far.
    pub fn entries(&self) -> Vec<LedgerEntry> {
        self.entries.lock().clone()
    }
}

/// SplitMix64: a tiny, well-known mixing function, so the choice for request `seq` under
/// `seed` is the same on every run.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The fault for request `seq`, if it gets one.
pub fn pick(seed: u64, seq: u64, rate: f64) -> Option<Fault> {
    let a = mix(seed ^ mix(seq));
    let fraction = (a >> 11) as f64 / (1u64 << 53) as f64;
    if fraction >= rate {
        return None;
    }
    let kind = (mix(a) % KINDS.len() as u64) as usize;
    KINDS.get(kind).copied()
}

/// Middleware: decides the request's fault, applies it and writes the ledger.
pub async fn inject(State(app): State<App>, req: Request, next: Next) -> Response {
    let seq = app.next_request_seq();
    let fault = app
        .config
        .faults
        .and_then(|f| pick(app.config.seed, seq, f.rate).map(|k| (k, f.slow)));
    let conn = req.extensions().get::<ConnControl>().cloned();
    let mut entry = LedgerEntry {
        seq,
        method: req.method().to_string(),
        path: req.uri().path().to_string(),
        fault: fault.map(|(k, _)| k),
        handler_ran: false,
        status: None,
        side_effect: None,
        at: Ts::now(),
    };

    let before = matches!(
        fault,
        Some((
            Fault::ServerErrorBefore | Fault::RateLimited | Fault::DropBefore,
            _
        ))
    );
    if before {
        app.ledger.push(entry);
        return match fault {
            Some((Fault::RateLimited, _)) => {
                ApiError::rate_limited(1, "Too many requests (injected fault)").into_response()
            }
            Some((Fault::DropBefore, _)) => drop_connection(conn).await,
            _ => ApiError::internal("Unexpected server error (injected fault)").into_response(),
        };
    }

    let response = next.run(req).await;
    entry.handler_ran = true;
    entry.status = Some(response.status().as_u16());
    entry.side_effect = response.extensions().get::<SideEffect>().cloned();
    app.ledger.push(entry);
    if response.extensions().get::<LoseAnswer>().is_some() {
        return drop_connection(conn).await;
    }

    match fault {
        None => response,
        Some((Fault::ServerErrorAfter, _)) => {
            ApiError::internal("Unexpected server error (injected fault)").into_response()
        }
        Some((Fault::Slow, delay)) => {
            tokio::time::sleep(delay).await;
            response
        }
        Some((Fault::Truncated, _)) => truncate(response).await,
        Some((Fault::DropAfter, _)) => drop_connection(conn).await,
        Some(_) => response,
    }
}

/// Closes the client's connection without answering. The connection task drops this
/// future along with the socket, so the pending await never returns.
async fn drop_connection(conn: Option<ConnControl>) -> Response {
    if let Some(conn) = conn {
        conn.abort.notify_one();
        std::future::pending::<()>().await;
    }
    // Only reached when served without a connection (an in-process tower call).
    ApiError::internal("Connection dropped (injected fault)").into_response()
}

/// Sends the headers with the full `Content-Length`, half the body, then fails the body
/// so the server closes the connection mid-response.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    if bytes.len() < 2 {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let half = bytes.slice(..bytes.len() / 2);
    if let Ok(len) = HeaderValue::from_str(&bytes.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, len);
    }
    // The pause lets the server flush the headers and the first half before the error
    // aborts the connection; without it the client would see a plain dropped connection.
    let first = futures_util::stream::iter([Ok::<_, std::io::Error>(half)]);
    let rest = futures_util::stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        Err(std::io::Error::other("response truncated (injected fault)"))
    });
    let stream = futures_util::StreamExt::chain(first, rest);
    Response::from_parts(parts, Body::from_stream(stream))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_rate_is_close_to_requested_and_deterministic() {
        let hits = (0..10_000).filter(|s| pick(7, *s, 0.3).is_some()).count();
        assert!((2700..3300).contains(&hits), "{hits}");
        let a: Vec<_> = (0..100).map(|s| pick(7, s, 0.3)).collect();
        let b: Vec<_> = (0..100).map(|s| pick(7, s, 0.3)).collect();
        assert_eq!(a, b);
        assert!((0..10_000).all(|s| pick(7, s, 0.0).is_none()));
        let kinds: std::collections::HashSet<_> =
            (0..10_000).filter_map(|s| pick(7, s, 1.0)).collect();
        assert_eq!(kinds.len(), KINDS.len());
    }
}
