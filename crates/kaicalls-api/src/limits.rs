//! Client-side rate limits: the reference's table as token buckets (governor's GCRA),
//! so normal use waits a little here instead of getting a `429` there.
//!
//! | class | limit |
//! |---|---|
//! | `POST /v1/calls` | 60/min |
//! | `POST /v1/agents` | 30/min |
//! | `PATCH /v1/agents` | 60/min |
//! | `POST /v1/signup` | 5/hour |
//! | `POST /v1/sms/send` | 60/min |
//! | `GET /v1/analytics/*` | 120/min |
//! | `GET /v1/transcripts` | 120/min |
//! | every other `GET` | 300/min |
//!
//! Routes the table does not list (PATCH leads, SDR writes, evals writes, MCP, DELETE)
//! are not limited here. KaiCalls counts per key (signup per IP), and a [`Client`] holds
//! one key, so the buckets live in the client. Each bucket lets through 90 % of the
//! documented burst: the server sees our requests shifted by network jitter, and the
//! margin keeps a request sent at the edge of the quota from arriving over it.
//!
//! [`Client`]: crate::Client

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota};
use reqwest::Method;

use crate::error::{Error, Result};

/// Settings for the client's own rate limiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Multiplies every limit of the table; 0 turns client-side limiting off. Use the
    /// same value as a sandbox's `rate_limit_multiplier`; 1 (the default) is KaiCalls.
    pub multiplier: u32,
    /// Longest a request waits for its bucket. A longer wait (signup's hourly limit)
    /// fails at once with a local `rate_limited` error saying how long to wait.
    pub max_wait: Duration,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            multiplier: 1,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// A row of the rate-limit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// `POST /v1/calls`.
    CallsCreate,
    /// `POST /v1/agents`.
    AgentsCreate,
    /// `PATCH /v1/agents`.
    AgentsUpdate,
    /// `POST /v1/signup`.
    Signup,
    /// `POST /v1/sms/send`.
    SmsSend,
    /// `GET /v1/analytics/*`.
    Analytics,
    /// `GET /v1/transcripts`.
    Transcripts,
    /// Any other `GET`.
    OtherGet,
}

impl Class {
    const ALL: [Class; 8] = [
        Class::CallsCreate,
        Class::AgentsCreate,
        Class::AgentsUpdate,
        Class::Signup,
        Class::SmsSend,
        Class::Analytics,
        Class::Transcripts,
        Class::OtherGet,
    ];

    /// The class of a request by method and path (`/api/...`), if the table limits it.
    pub fn of(method: &Method, path: &str) -> Option<Class> {
        let path = path.trim_end_matches('/');
        match (method.as_str(), path) {
            ("POST", "/api/v1/calls") => Some(Class::CallsCreate),
            ("POST", "/api/v1/agents") => Some(Class::AgentsCreate),
            ("PATCH", "/api/v1/agents") => Some(Class::AgentsUpdate),
            ("POST", "/api/v1/signup") => Some(Class::Signup),
            ("POST", "/api/v1/sms/send") => Some(Class::SmsSend),
            ("GET", p) if p.starts_with("/api/v1/analytics/") => Some(Class::Analytics),
            ("GET", "/api/v1/transcripts") => Some(Class::Transcripts),
            ("GET", _) => Some(Class::OtherGet),
            _ => None,
        }
    }

    /// Requests allowed per period, and whether the period is an hour (else a minute).
    fn table(self) -> (u32, bool) {
        match self {
            Class::CallsCreate | Class::AgentsUpdate | Class::SmsSend => (60, false),
            Class::AgentsCreate => (30, false),
            Class::Signup => (5, true),
            Class::Analytics | Class::Transcripts => (120, false),
            Class::OtherGet => (300, false),
        }
    }

    /// The limit in words, for the error message.
    fn describe(self) -> String {
        let what = match self {
            Class::CallsCreate => "outbound calls",
            Class::AgentsCreate => "new agents",
            Class::AgentsUpdate => "agent updates",
            Class::Signup => "sign-ups",
            Class::SmsSend => "text messages",
            Class::Analytics => "analytics requests",
            Class::Transcripts => "transcript requests",
            Class::OtherGet => "requests",
        };
        let (n, hourly) = self.table();
        let per = if hourly { "hour" } else { "minute" };
        format!("KaiCalls allows {n} {what} per {per}")
    }

    fn quota(self, multiplier: u32) -> Option<Quota> {
        let (n, hourly) = self.table();
        let n = n.saturating_mul(multiplier);
        let per = NonZeroU32::new(n)?;
        let burst = NonZeroU32::new((n.saturating_mul(9) / 10).max(1))?;
        let quota = if hourly {
            Quota::per_hour(per)
        } else {
            Quota::per_minute(per)
        };
        Some(quota.allow_burst(burst))
    }
}

/// One bucket per class.
pub(crate) struct Limiter {
    buckets: Vec<(Class, DefaultDirectRateLimiter)>,
    max_wait: Duration,
    clock: DefaultClock,
}

impl std::fmt::Debug for Limiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiter")
            .field("classes", &self.buckets.len())
            .field("max_wait", &self.max_wait)
            .finish()
    }
}

impl Limiter {
    pub(crate) fn new(config: RateLimits) -> Limiter {
        let buckets = Class::ALL
            .iter()
            .filter_map(|c| {
                c.quota(config.multiplier)
                    .map(|q| (*c, DefaultDirectRateLimiter::direct(q)))
            })
            .collect();
        Limiter {
            buckets,
            max_wait: config.max_wait,
            clock: DefaultClock::default(),
        }
    }

    /// Waits for a token of `class`, or fails with a local `rate_limited` when the wait
    /// would exceed `max_wait` (nothing is sent then).
    pub(crate) async fn acquire(&self, class: Option<Class>) -> Result<()> {
        let Some(bucket) = class.and_then(|c| self.buckets.iter().find(|(k, _)| *k == c)) else {
            return Ok(());
        };
        loop {
            match bucket.1.check() {
                Ok(()) => return Ok(()),
                Err(not_until) => {
                    let wait = not_until.wait_time_from(self.clock.now());
                    if wait > self.max_wait {
                        return Err(Error::RateLimited {
                            retry_after: Some(wait),
                            message: bucket.0.describe(),
                            next_allowed_at: None,
                            local: true,
                        });
                    }
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_the_table() {
        assert_eq!(
            Class::of(&Method::POST, "/api/v1/calls"),
            Some(Class::CallsCreate)
        );
        assert_eq!(
            Class::of(&Method::GET, "/api/v1/analytics/weekly"),
            Some(Class::Analytics)
        );
        assert_eq!(
            Class::of(&Method::GET, "/api/sdr/pipeline"),
            Some(Class::OtherGet)
        );
        assert_eq!(Class::of(&Method::PATCH, "/api/v1/leads"), None);
        assert_eq!(Class::of(&Method::POST, "/api/mcp"), None);
    }

    #[tokio::test]
    async fn signup_beyond_the_burst_fails_fast_with_the_wait() {
        let limiter = Limiter::new(RateLimits::default());
        // 5/hour, 90 % burst = 4 immediately.
        for _ in 0..4 {
            assert!(limiter.acquire(Some(Class::Signup)).await.is_ok());
        }
        let err = limiter.acquire(Some(Class::Signup)).await;
        match err {
            Err(Error::RateLimited {
                retry_after: Some(wait),
                local: true,
                ..
            }) => assert!(wait > Duration::from_secs(600), "{wait:?}"),
            other => panic!("expected a local rate limit, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn zero_multiplier_disables() {
        let limiter = Limiter::new(RateLimits {
            multiplier: 0,
            max_wait: Duration::ZERO,
        });
        for _ in 0..100 {
            assert!(limiter.acquire(Some(Class::Signup)).await.is_ok());
        }
    }
}
