//! The reference's rate-limit table, enforced per API key (per IP for signup).

use std::num::NonZeroU32;

use axum::http::Method;
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// A row of the reference's rate-limit table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// `POST /v1/calls`: 60/minute.
    CallsCreate,
    /// `POST /v1/agents`: 30/minute.
    AgentsCreate,
    /// `PATCH /v1/agents`: 60/minute.
    AgentsUpdate,
    /// `POST /v1/signup`: 5/hour per IP.
    Signup,
    /// `POST /v1/sms/send`: 60/minute.
    SmsSend,
    /// `GET /v1/analytics/*`: 120/minute.
    Analytics,
    /// `GET /v1/transcripts`: 120/minute.
    Transcripts,
    /// Every other GET: 300/minute.
    OtherGet,
}

impl Class {
    /// The class of a request, or `None` for routes the table does not limit.
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

    fn quota(self, multiplier: u32) -> Option<Quota> {
        let (n, per_hour): (u32, bool) = match self {
            Class::CallsCreate => (60, false),
            Class::AgentsCreate => (30, false),
            Class::AgentsUpdate => (60, false),
            Class::Signup => (5, true),
            Class::SmsSend => (60, false),
            Class::Analytics => (120, false),
            Class::Transcripts => (120, false),
            Class::OtherGet => (300, false),
        };
        let n = NonZeroU32::new(n.saturating_mul(multiplier))?;
        Some(if per_hour {
            Quota::per_hour(n)
        } else {
            Quota::per_minute(n)
        })
    }

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
}

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

/// One GCRA limiter per class (governor), keyed by API key id or client IP.
pub struct Limits {
    limiters: Vec<(Class, Keyed)>,
    clock: DefaultClock,
}

impl Limits {
    /// Limits at `multiplier` times the reference's table; 0 disables them.
    pub fn new(multiplier: u32) -> Self {
        let limiters = Class::ALL
            .iter()
            .filter_map(|c| c.quota(multiplier).map(|q| (*c, RateLimiter::keyed(q))))
            .collect();
        Limits {
            limiters,
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` if `key` may make one more request of `class` now, else the seconds to wait.
    pub fn check(&self, class: Class, key: &str) -> Result<(), u64> {
        let Some((_, limiter)) = self.limiters.iter().find(|(c, _)| *c == class) else {
            return Ok(());
        };
        limiter.check_key(&key.to_string()).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_reference_table() {
        assert_eq!(
            Class::of(&Method::POST, "/api/v1/calls"),
            Some(Class::CallsCreate)
        );
        assert_eq!(
            Class::of(&Method::GET, "/api/v1/calls"),
            Some(Class::OtherGet)
        );
        assert_eq!(
            Class::of(&Method::GET, "/api/v1/analytics/funnel"),
            Some(Class::Analytics)
        );
        assert_eq!(Class::of(&Method::PATCH, "/api/v1/leads"), None);
    }

    #[test]
    fn signup_allows_five_per_hour() {
        let limits = Limits::new(1);
        for _ in 0..5 {
            assert!(limits.check(Class::Signup, "127.0.0.1").is_ok());
        }
        let wait = limits.check(Class::Signup, "127.0.0.1").unwrap_err();
        assert!(wait > 60 && wait <= 720, "{wait}");
        assert!(limits.check(Class::Signup, "127.0.0.2").is_ok());
    }

    #[test]
    fn multiplier_zero_disables() {
        let limits = Limits::new(0);
        for _ in 0..100 {
            assert!(limits.check(Class::Signup, "x").is_ok());
        }
    }
}
