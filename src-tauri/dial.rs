//! The guard that keeps one dial dialog from placing two calls.
//!
//! `POST /calls` dials a real person and is billed. Each dialog sends a `request_id`
//! made when it opened; the guard lets that id through to the API once. A second use
//! while the first is in flight is refused, after success it gets the same call back,
//! and after a failure that may have placed the call it gets that failure again. Only a
//! failure known to have placed nothing frees the id for another try.

use std::collections::HashMap;

use parking_lot::Mutex;

use crate::error::IpcError;

/// What a request id has led to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DialState {
    InFlight,
    Placed(String),
    Failed(IpcError),
}

/// What the caller of [`DialGuard::begin`] must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// Place the call, then report with [`DialGuard::finish`].
    Go,
    /// Answer with this call: the id already placed it.
    AlreadyPlaced(String),
    /// Answer with this error (in flight, or an earlier outcome that may have placed it).
    Refuse(IpcError),
}

/// Dial request ids and their outcomes, for the app's lifetime.
#[derive(Debug, Default)]
pub struct DialGuard {
    requests: Mutex<HashMap<String, DialState>>,
}

impl DialGuard {
    /// Claims `request_id` for one attempt.
    pub fn begin(&self, request_id: &str) -> Begin {
        let mut requests = self.requests.lock();
        match requests.get(request_id) {
            Some(DialState::InFlight) => Begin::Refuse(IpcError::new(
                "call_in_progress",
                "This call is already being placed.",
            )),
            Some(DialState::Placed(id)) => Begin::AlreadyPlaced(id.clone()),
            Some(DialState::Failed(e)) => Begin::Refuse(e.clone()),
            None => {
                requests.insert(request_id.to_string(), DialState::InFlight);
                Begin::Go
            }
        }
    }

    /// Records how the attempt ended. `may_have_placed` is the API error's
    /// `may_have_taken_effect()`: such an id is never let through again.
    pub fn finish(&self, request_id: &str, outcome: Result<&str, (&IpcError, bool)>) {
        let mut requests = self.requests.lock();
        match outcome {
            Ok(call_id) => {
                requests.insert(
                    request_id.to_string(),
                    DialState::Placed(call_id.to_string()),
                );
            }
            Err((e, true)) => {
                requests.insert(request_id.to_string(), DialState::Failed(e.clone()));
            }
            Err((_, false)) => {
                requests.remove(request_id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_request_id_places_one_call() {
        let guard = DialGuard::default();
        assert_eq!(guard.begin("r1"), Begin::Go);
        // The double click arrives while the first is in flight.
        assert!(matches!(guard.begin("r1"), Begin::Refuse(e) if e.code == "call_in_progress"));
        guard.finish("r1", Ok("call-1"));
        assert_eq!(guard.begin("r1"), Begin::AlreadyPlaced("call-1".into()));
        // Another dialog is another request.
        assert_eq!(guard.begin("r2"), Begin::Go);
    }

    #[test]
    fn a_failure_that_may_have_placed_the_call_is_final() {
        let guard = DialGuard::default();
        let timeout = IpcError::new("timeout", "may have gone through");
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", Err((&timeout, true)));
        assert_eq!(guard.begin("r1"), Begin::Refuse(timeout));
    }

    #[test]
    fn a_failure_that_placed_nothing_can_be_retried() {
        let guard = DialGuard::default();
        let invalid = IpcError::new("validation_error", "bad number");
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", Err((&invalid, false)));
        assert_eq!(guard.begin("r1"), Begin::Go);
    }
}
