//! The accept loop. It is written out (rather than `axum::serve`) so a fault can close a
//! connection without answering, so handlers know the peer's IP for per-IP limits, and so
//! every connection gets a header-read timeout.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

/// The client's address, as a request extension.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// Lets a handler close its own connection (fault injection).
#[derive(Debug, Clone)]
pub struct ConnControl {
    /// Notified to drop the connection at once.
    pub abort: Arc<Notify>,
}

/// Serves `router` on `listener` until `cancel` fires; connections then get a short
/// grace period to finish their current response. A client that has not sent a whole
/// request head within `header_read_timeout` (counted from when the server starts waiting
/// for it, so an idle kept-alive connection too) is disconnected.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    cancel: CancellationToken,
    tracker: TaskTracker,
    header_read_timeout: Duration,
) {
    loop {
        let accepted = tokio::select! {
            _ = cancel.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Usually EMFILE under load: back off briefly instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let cancel = cancel.clone();
        tracker.spawn(async move {
            let abort = Arc::new(Notify::new());
            let control = ConnControl {
                abort: abort.clone(),
            };
            let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                req.extensions_mut().insert(Peer(peer));
                req.extensions_mut().insert(control.clone());
                router.clone().oneshot(req.map(axum::body::Body::new))
            });
            // Without a timer hyper never times a header read out, so a client that
            // trickles its headers (or sends none) would hold a task and a socket forever.
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_read_timeout)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = abort.notified() => {}
                _ = cancel.cancelled() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn.as_mut()).await;
                }
            }
        });
    }
}
