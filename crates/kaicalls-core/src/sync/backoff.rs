//! How long to wait before trying again after a sync pass failed.
//!
//! Exponential with a cap, so a laptop that stays offline for a day costs a request every
//! few minutes rather than every few seconds, yet comes back quickly after a short blip.
//! The wait is jittered ("equal jitter": a random point in the upper half of the step) so
//! many desktops that lost the same network together do not all return at the same
//! instant.

use std::time::Duration;

use rand::Rng;

/// Settings of the retry schedule after failed passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffConfig {
    /// The wait after the first failure; it doubles with each further failure.
    pub initial: Duration,
    /// The longest wait, however many passes failed.
    pub max: Duration,
}

impl Default for BackoffConfig {
    fn default() -> Self {
        BackoffConfig {
            initial: Duration::from_secs(5),
            max: Duration::from_secs(300),
        }
    }
}

/// Counts consecutive failures and turns them into waits.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    config: BackoffConfig,
    failures: u32,
    last: Option<Duration>,
}

impl Backoff {
    pub(crate) fn new(config: BackoffConfig) -> Self {
        Backoff {
            config,
            failures: 0,
            last: None,
        }
    }

    /// The un-jittered step after `failures` consecutive failures (1 = the first).
    pub(crate) fn step(&self, failures: u32) -> Duration {
        let exp = failures.saturating_sub(1).min(30);
        self.config
            .initial
            .saturating_mul(1u32 << exp)
            .min(self.config.max)
    }

    /// Records a failure and returns how long to wait before the next attempt.
    pub(crate) fn fail(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let full = self.step(self.failures);
        let half = full / 2;
        let spread = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        let extra = if spread == 0 {
            0
        } else {
            rand::rng().random_range(0..=spread)
        };
        let wait = half + Duration::from_millis(extra);
        self.last = Some(wait);
        wait
    }

    /// Forgets past failures after a pass succeeded.
    pub(crate) fn reset(&mut self) {
        self.failures = 0;
        self.last = None;
    }

    /// The wait chosen at the last failure, until a success resets it.
    pub(crate) fn last_wait(&self) -> Option<Duration> {
        self.last
    }

    /// Consecutive failures so far.
    pub(crate) fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_resets() {
        let mut b = Backoff::new(BackoffConfig {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(1_000),
        });
        assert_eq!(b.step(1), Duration::from_millis(100));
        assert_eq!(b.step(3), Duration::from_millis(400));
        assert_eq!(b.step(5), Duration::from_millis(1_000));
        assert_eq!(b.step(u32::MAX), Duration::from_millis(1_000));
        for n in 1..=8u32 {
            let wait = b.fail();
            let step = b.step(n);
            assert!(
                wait >= step / 2 && wait <= step,
                "{n}: {wait:?} vs {step:?}"
            );
        }
        assert_eq!(b.failures(), 8);
        assert!(b.last_wait().is_some());
        b.reset();
        assert_eq!(b.failures(), 0);
        assert_eq!(b.last_wait(), None);
        assert!(b.fail() <= Duration::from_millis(100));
    }
}
