//! One request id, one send: the guard behind sending a text and the SDR's actions and
//! runs, which reach real people and are billed, so a double click or a repeated message
//! must not do them twice. (Calls go through the dial ledger instead, `dial.rs`, which
//! also survives a restart.)
//!
//! Each dialog sends a `request_id` made when it opened; the guard lets that id through
//! once. A second use while the first is in flight is refused (the guard's `busy` error,
//! which says it may have taken effect), after success it gets the same answer back, and
//! after a failure that may have taken effect it gets that failure again. Only a failure
//! known to have done nothing frees the id for another try.

use std::collections::HashMap;

use parking_lot::Mutex;

use crate::error::AppError;

/// What a request id has led to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State<T> {
    InFlight,
    Done(T),
    Failed(AppError),
}

/// What the caller of [`OnceGuard::begin`] must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Begin<T> {
    /// Go ahead, then report with [`OnceGuard::finish`].
    Go,
    /// Answer with this: the id already did it.
    Done(T),
    /// Answer with this error (in flight, or an earlier outcome that may have done it).
    Refuse(AppError),
}

/// Request ids and their outcomes, for the app's lifetime.
#[derive(Debug)]
pub(crate) struct OnceGuard<T> {
    requests: Mutex<HashMap<String, State<T>>>,
    /// The answer to a second use while the first is in flight.
    busy: AppError,
}

impl<T: Clone> OnceGuard<T> {
    /// A guard answering `busy` to a request id already in flight; `busy` says it may
    /// have taken effect, so the dialog does not "try again" with a new id.
    pub(crate) fn new(busy: AppError) -> Self {
        OnceGuard {
            requests: Mutex::new(HashMap::new()),
            busy: AppError {
                may_have_taken_effect: true,
                retry: kaicalls_vocab::Retry::Never,
                ..busy
            },
        }
    }

    /// Claims `request_id` for one attempt.
    pub(crate) fn begin(&self, request_id: &str) -> Begin<T> {
        let mut requests = self.requests.lock();
        match requests.get(request_id) {
            Some(State::InFlight) => Begin::Refuse(self.busy.clone()),
            Some(State::Done(done)) => Begin::Done(done.clone()),
            Some(State::Failed(e)) => Begin::Refuse(e.clone()),
            None => {
                requests.insert(request_id.to_string(), State::InFlight);
                Begin::Go
            }
        }
    }

    /// Records how the attempt ended. A failure that may have taken effect is kept for
    /// good: that id is never let through again.
    pub(crate) fn finish(&self, request_id: &str, outcome: &Result<T, AppError>) {
        let mut requests = self.requests.lock();
        match outcome {
            Ok(done) => {
                requests.insert(request_id.to_string(), State::Done(done.clone()));
            }
            Err(e) if e.may_have_taken_effect => {
                requests.insert(request_id.to_string(), State::Failed(e.clone()));
            }
            Err(_) => {
                requests.remove(request_id);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use kaicalls_vocab::Code;

    use super::*;

    fn guard() -> OnceGuard<String> {
        OnceGuard::new(AppError::new(Code::CallInProgress, "busy"))
    }

    #[test]
    fn one_request_id_does_it_once() {
        let guard = guard();
        assert_eq!(guard.begin("r1"), Begin::Go);
        // The double click arrives while the first is in flight.
        assert!(matches!(
            guard.begin("r1"),
            Begin::Refuse(e) if e.code == "call_in_progress" && e.may_have_taken_effect
        ));
        guard.finish("r1", &Ok("call-1".into()));
        assert_eq!(guard.begin("r1"), Begin::Done("call-1".into()));
        // Another dialog is another request.
        assert_eq!(guard.begin("r2"), Begin::Go);
    }

    #[test]
    fn a_failure_that_may_have_taken_effect_is_final() {
        let guard = guard();
        let timeout = AppError::from_write(kaicalls_api::Error::Timeout {
            may_have_taken_effect: true,
        });
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", &Err(timeout.clone()));
        assert_eq!(guard.begin("r1"), Begin::Refuse(timeout));
    }

    #[test]
    fn a_failure_that_did_nothing_can_be_retried() {
        let guard = guard();
        let invalid = AppError::new(Code::ValidationError, "bad number");
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", &Err(invalid));
        assert_eq!(guard.begin("r1"), Begin::Go);
    }
}
