//! The receiver's accept loop: every connection gets hyper's header-read timeout, and only
//! `max_connections` are served at once.
//!
//! Without a cap, anyone who can reach the port (a tunnel makes it reachable from the
//! internet) could open connections until the process runs out of file descriptors, and
//! genuine deliveries would find no room. Past the cap a connection is not dropped
//! silently: it gets a quick `503` with `Retry-After`, which a sender can act on, from a
//! second, equally small pool. Past both, it is closed at once, so a flood costs at most
//! twice the cap in sockets and tasks however long it lasts.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use hyper::StatusCode;
use hyper::header::{self, HeaderValue};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::receiver::{Shared, receive, reply};

/// What a refused sender is told to wait, in seconds. A held connection is freed as soon
/// as its delivery is answered (milliseconds) or times out (`read_timeout`), so a second
/// is enough for a retry to find room.
const RETRY_AFTER_SECS: &str = "1";

/// Accepts connections until `stop`, then lets open ones finish (idle kept-alive ones close
/// at once) before returning. Plain hyper rather than a router: there is one route, and the
/// router's layers and boxed bodies cost more per delivery than everything it checks.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>, stop: CancellationToken) {
    let connections = TaskTracker::new();
    let cap = shared.config.max_connections.max(1);
    let served = Arc::new(Semaphore::new(cap));
    let refused = Arc::new(Semaphore::new(cap));
    loop {
        let accepted = tokio::select! {
            _ = stop.cancelled() => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait rather than spin.
                tracing::warn!(error = %e, "webhook receiver cannot accept a connection");
                tokio::select! {
                    _ = stop.cancelled() => break,
                    _ = tokio::time::sleep(Duration::from_millis(100)) => continue,
                }
            }
        };
        // The permit is taken here, in accept order, and lives as long as the connection.
        if let Ok(permit) = served.clone().try_acquire_owned() {
            let shared = shared.clone();
            let stop = stop.clone();
            connections.spawn(async move {
                serve_one(stream, shared, stop).await;
                drop(permit);
            });
        } else if let Ok(permit) = refused.clone().try_acquire_owned() {
            let read_timeout = shared.config.read_timeout;
            connections.spawn(async move {
                refuse(stream, read_timeout).await;
                drop(permit);
            });
        } else {
            tracing::warn!("webhook receiver at its connection cap: closing a connection");
            drop(stream);
        }
    }
    connections.close();
    connections.wait().await;
}

/// Serves deliveries on one connection until the sender closes it or `stop`.
async fn serve_one(stream: TcpStream, shared: Arc<Shared>, stop: CancellationToken) {
    let read_timeout = shared.config.read_timeout;
    let service = hyper::service::service_fn(move |request| {
        let shared = shared.clone();
        async move { Ok::<_, Infallible>(receive(&shared, request).await) }
    });
    // A sender that never finishes its headers would hold the connection (and a permit)
    // forever: hyper only times header reads out when it has a timer.
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    let result = tokio::select! {
        result = conn.as_mut() => result,
        _ = stop.cancelled() => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "webhook connection ended with an error");
    }
}

/// Reads one request's headers and answers `503` with `Retry-After`, then closes. The
/// request is read (not answered blindly on connect) because an HTTP client that gets a
/// response before it has sent its request treats it as a broken connection.
async fn refuse(stream: TcpStream, read_timeout: Duration) {
    let service = hyper::service::service_fn(|_request| async {
        let mut response = reply(StatusCode::SERVICE_UNAVAILABLE, "busy: try again");
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECS),
        );
        Ok::<_, Infallible>(response)
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(read_timeout)
        .keep_alive(false)
        .serve_connection(TokioIo::new(stream), service);
    // Bounded even against a sender that reads its answer slowly.
    if tokio::time::timeout(read_timeout.saturating_mul(2), conn)
        .await
        .is_err()
    {
        tracing::debug!("refused webhook connection timed out");
    }
}
