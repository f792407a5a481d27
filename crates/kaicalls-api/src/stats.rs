//! Per-route counters of what the client actually sent. The app shows them in a
//! diagnostics pane; tests use them to prove a call was never sent twice.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// What happened on one route (`"POST /api/v1/calls"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteStats {
    /// Requests handed to the network (first tries and retries).
    pub attempts: u64,
    /// Of those, retries.
    pub retries: u64,
    /// Requests that succeeded in the end.
    pub successes: u64,
    /// Requests that failed in the end (after any retries).
    pub failures: u64,
}

#[derive(Debug, Default)]
pub(crate) struct Stats(Mutex<BTreeMap<String, RouteStats>>);

impl Stats {
    fn update(&self, route: &str, f: impl FnOnce(&mut RouteStats)) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(map.entry(route.to_string()).or_default());
    }

    pub(crate) fn attempt(&self, route: &str, retry: bool) {
        self.update(route, |s| {
            s.attempts += 1;
            s.retries += u64::from(retry);
        });
    }

    pub(crate) fn finished(&self, route: &str, ok: bool) {
        self.update(route, |s| {
            if ok {
                s.successes += 1;
            } else {
                s.failures += 1;
            }
        });
    }

    pub(crate) fn snapshot(&self) -> BTreeMap<String, RouteStats> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}
