//! When a failed request is sent again, and when it must not be.
//!
//! KaiCalls bills per call and dials real people, so the rule is about what a repeat
//! could do, not about what failed:
//!
//! - **Idempotent** requests (every `GET`, and `PATCH`/`PUT`/`DELETE`, which set values:
//!   sending them twice leaves the same state) are retried on `429`, `5xx`, timeouts,
//!   broken connections and garbled bodies, with exponential backoff and jitter,
//!   honouring `Retry-After`, bounded by [`RetryPolicy::max_attempts`] and
//!   [`RetryPolicy::max_elapsed`].
//! - **Unsafe** requests (every `POST` that creates or sends something: calls, SMS,
//!   signup, agents, evals and eval runs, SDR actions and runs, webhook registration,
//!   the SMS prompt update, the MCP `make_call` tool) are retried only when the
//!   connection could not be opened (`reqwest::Error::is_connect`): then nothing reached
//!   KaiCalls. Any later failure (a timeout, a dropped connection, a 5xx, even a 429) is
//!   returned to the caller, flagged when the request may have taken effect, because
//!   the server might already have placed the call.
//! - Read-only MCP methods (`initialize`, `tools/list`, and `tools/call` of a tool that
//!   only reads) are idempotent although they are `POST`s.
//!
//! There are no hidden retries below this: reqwest's own retry policy is switched off,
//! so [`crate::Client::stats`] counts every attempt. (The connection pool may still
//! resend a request it never managed to write to a stale pooled connection; such a
//! request never left this machine.)

use std::time::Duration;

use rand::Rng;

/// Whether a request may be repeated after it might have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Repeating it cannot duplicate an effect.
    Idempotent,
    /// Repeating it could place a second call, send a second text, create a duplicate.
    Unsafe,
}

/// How hard the client tries before giving up on an idempotent request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Delay before the first retry; doubles each time.
    pub base_delay: Duration,
    /// Longest single delay (a larger `Retry-After` is still honoured).
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (connect failures included).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry): exponential, capped,
    /// with "equal jitter" (a random point in the upper half) so clients that failed
    /// together do not come back together, yet each still waits at least half.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(20);
        let full = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let half = full / 2;
        let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        let extra = if jitter_ms == 0 {
            0
        } else {
            rand::rng().random_range(0..=jitter_ms)
        };
        half + Duration::from_millis(extra)
    }

    /// The delay before the next attempt, or `None` to give up. `attempts` were made so
    /// far, `elapsed` since the first; `retry_after` is what the server asked for.
    pub(crate) fn next_delay(
        &self,
        attempts: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let delay = self.backoff(attempts).max(retry_after.unwrap_or_default());
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }
}

/// What an attempt's failure allows, given the request's [`Safety`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The connection was never opened: nothing reached the server.
    NotSent,
    /// Transport failure or timeout after the request may have been sent.
    MaybeSent,
    /// An HTTP answer worth repeating (429, most 5xx) or a garbled body.
    Transient,
    /// An answer that a repeat would not change (4xx, a body of the wrong shape).
    Permanent,
}

impl Failure {
    /// Whether this failure may be retried for a request of `safety`.
    pub(crate) fn retryable(self, safety: Safety) -> bool {
        matches!(
            (self, safety),
            (Failure::NotSent, _) | (Failure::MaybeSent | Failure::Transient, Safety::Idempotent)
        )
    }

    /// Classifies an HTTP error status.
    pub(crate) fn of_status(status: u16) -> Failure {
        match status {
            408 | 425 | 429 => Failure::Transient,
            501 | 505 => Failure::Permanent,
            500..=599 => Failure::Transient,
            _ => Failure::Permanent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            max_elapsed: Duration::from_secs(60),
        };
        for _ in 0..50 {
            let first = p.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = p.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let late = p.backoff(30);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn gives_up_on_count_and_time_and_honours_retry_after() {
        let p = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(10),
            max_elapsed: Duration::from_secs(5),
        };
        assert!(p.next_delay(1, Duration::ZERO, None).is_some());
        assert!(p.next_delay(3, Duration::ZERO, None).is_none());
        let d = p.next_delay(1, Duration::ZERO, Some(Duration::from_secs(2)));
        assert_eq!(d, Some(Duration::from_secs(2)));
        assert!(
            p.next_delay(1, Duration::from_secs(4), Some(Duration::from_secs(2)))
                .is_none()
        );
    }

    #[test]
    fn unsafe_requests_retry_only_when_nothing_was_sent() {
        assert!(Failure::NotSent.retryable(Safety::Unsafe));
        assert!(!Failure::MaybeSent.retryable(Safety::Unsafe));
        assert!(!Failure::Transient.retryable(Safety::Unsafe));
        assert!(Failure::MaybeSent.retryable(Safety::Idempotent));
        assert!(Failure::Transient.retryable(Safety::Idempotent));
        assert!(!Failure::Permanent.retryable(Safety::Idempotent));
        assert_eq!(Failure::of_status(429), Failure::Transient);
        assert_eq!(Failure::of_status(503), Failure::Transient);
        assert_eq!(Failure::of_status(404), Failure::Permanent);
        assert_eq!(Failure::of_status(501), Failure::Permanent);
    }
}
