//! One request, end to end: rate limit, send, decode, and retry only when the rules in
//! [`crate::retry`] allow it.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::limits::Class;
use crate::response;
use crate::retry::{Failure, Safety};

/// Everything needed to send (and resend) one API request. Public only so that list
/// filters can build theirs; it cannot be named outside the crate.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    path: &'static str,
    query: Vec<(&'static str, String)>,
    body: Option<Value>,
    safety: Safety,
    timeout: Option<Duration>,
    auth: bool,
    limited_as: Option<Class>,
}

impl Request {
    fn new(method: Method, path: &'static str, safety: Safety) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            body: None,
            safety,
            timeout: None,
            auth: true,
            limited_as: None,
        }
    }

    /// A read.
    pub(crate) fn get(path: &'static str) -> Request {
        Request::new(Method::GET, path, Safety::Idempotent)
    }

    /// A `POST`: unsafe to repeat unless marked [`Request::idempotent`].
    pub(crate) fn post(path: &'static str, body: &impl Serialize) -> Result<Request> {
        Request::new(Method::POST, path, Safety::Unsafe).json(body)
    }

    /// A `PATCH` that sets the given fields (idempotent).
    pub(crate) fn patch(path: &'static str, body: &impl Serialize) -> Result<Request> {
        Request::new(Method::PATCH, path, Safety::Idempotent).json(body)
    }

    /// A `PUT` that sets the given fields (idempotent).
    pub(crate) fn put(path: &'static str, body: &impl Serialize) -> Result<Request> {
        Request::new(Method::PUT, path, Safety::Idempotent).json(body)
    }

    /// A `DELETE` (idempotent: the thing is gone either way).
    pub(crate) fn delete(path: &'static str) -> Request {
        Request::new(Method::DELETE, path, Safety::Idempotent)
    }

    fn json(mut self, body: &impl Serialize) -> Result<Request> {
        let value = serde_json::to_value(body)
            .map_err(|e| Error::config(format!("the request could not be encoded: {e}")))?;
        self.body = Some(value);
        Ok(self)
    }

    /// Adds a query parameter when it has a value.
    pub(crate) fn query(mut self, name: &'static str, value: Option<impl ToString>) -> Request {
        if let Some(v) = value {
            self.query.push((name, v.to_string()));
        }
        self
    }

    /// Marks a `POST` as safe to repeat (read-only MCP methods).
    pub(crate) fn idempotent(mut self) -> Request {
        self.safety = Safety::Idempotent;
        self
    }

    /// A longer per-attempt timeout for requests the server holds open on purpose.
    pub(crate) fn timeout(mut self, timeout: Duration) -> Request {
        self.timeout = Some(timeout);
        self
    }

    /// Counts against another rate-limit bucket than its route's (MCP `make_call`
    /// spends the call budget).
    pub(crate) fn limited_as(mut self, class: Class) -> Request {
        self.limited_as = Some(class);
        self
    }

    /// Sent without the API key (signup).
    pub(crate) fn anonymous(mut self) -> Request {
        self.auth = false;
        self
    }

    fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Why an attempt failed, and what that allows.
struct Attempt {
    error: Error,
    failure: Failure,
    retry_after: Option<Duration>,
}

impl Client {
    /// Sends `req` and decodes the answer, retrying as [`crate::retry`] allows.
    pub(crate) async fn send<T: DeserializeOwned>(&self, req: Request) -> Result<T> {
        self.send_tracked(req).await.0
    }

    /// A `DELETE` whose retry finds nothing to delete: an earlier attempt that reached
    /// the server (its answer lost) already deleted it, so that is success (`gone()`).
    pub(crate) async fn send_delete<T: DeserializeOwned>(
        &self,
        req: Request,
        gone: impl FnOnce() -> T,
    ) -> Result<T> {
        match self.send_tracked(req).await {
            (Err(Error::NotFound { .. }), true) => Ok(gone()),
            (result, _) => result,
        }
    }

    /// [`Client::send`], also telling whether an earlier, retried attempt may have been
    /// carried out (it reached the server and its answer was lost or was a 5xx).
    async fn send_tracked<T: DeserializeOwned>(&self, req: Request) -> (Result<T>, bool) {
        let route = req.route();
        if req.auth && self.inner.key.is_none() {
            let error = Error::Unauthorized {
                message: "no API key is set: sign up or add a key".into(),
            };
            return (Err(error), false);
        }
        let class = req.limited_as.or_else(|| Class::of(&req.method, req.path));
        let started = Instant::now();
        let mut attempts = 0u32;
        let mut maybe_applied = false;
        loop {
            if let Err(e) = self.inner.limiter.acquire(class).await {
                return (Err(e), maybe_applied);
            }
            attempts += 1;
            self.inner.stats.attempt(&route, attempts > 1);
            let failed = match self.attempt::<T>(&req).await {
                Ok(value) => {
                    self.inner.stats.finished(&route, true);
                    return (Ok(value), maybe_applied);
                }
                Err(failed) => failed,
            };
            if failed.failure.retryable(req.safety) {
                let delay =
                    self.inner
                        .retry
                        .next_delay(attempts, started.elapsed(), failed.retry_after);
                if let Some(delay) = delay {
                    tracing::debug!(
                        route,
                        attempts,
                        code = failed.error.code().as_str(),
                        ?delay,
                        "retrying"
                    );
                    maybe_applied |= failed.failure == Failure::MaybeSent
                        || failed.error.status().is_some_and(|s| s >= 500);
                    tokio::time::sleep(delay).await;
                    continue;
                }
            }
            tracing::debug!(
                route,
                attempts,
                code = failed.error.code().as_str(),
                "request failed"
            );
            self.inner.stats.finished(&route, false);
            return (Err(failed.error), maybe_applied);
        }
    }

    async fn attempt<T: DeserializeOwned>(&self, req: &Request) -> Result<T, Attempt> {
        let permanent = |error| Attempt {
            error,
            failure: Failure::Permanent,
            retry_after: None,
        };
        let mut url = self
            .inner
            .base
            .join(req.path)
            .map_err(|e| permanent(Error::config(format!("bad path {}: {e}", req.path))))?;
        if !req.query.is_empty() {
            url.query_pairs_mut().extend_pairs(req.query.iter());
        }
        let mut builder = self.inner.http.request(req.method.clone(), url);
        if let (true, Some(key)) = (req.auth, &self.inner.key) {
            builder = builder.bearer_auth(key.expose_secret());
        }
        if let Some(body) = &req.body {
            builder = builder.json(body);
        }
        if let Some(timeout) = req.timeout {
            builder = builder.timeout(timeout);
        }
        let transport = |e: reqwest::Error| {
            let (error, failure) = response::transport_error(&e, req.safety);
            Attempt {
                error,
                failure,
                retry_after: None,
            }
        };
        let resp = builder.send().await.map_err(transport)?;
        let status = resp.status().as_u16();
        let retry_after = response::retry_after(resp.headers());
        let body = resp.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            return Err(Attempt {
                error: response::error_from(status, retry_after, &body),
                failure: Failure::of_status(status),
                retry_after,
            });
        }
        response::decode(status, &body).map_err(|(error, failure)| Attempt {
            error,
            failure,
            retry_after: None,
        })
    }
}
