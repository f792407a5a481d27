//! Placing a call: it dials a real person and is billed, so it is online only (never
//! queued), and one dial dialog places at most one call.
//!
//! Each dialog sends a `request_id` made when it opened; the [`DialGuard`] lets that id
//! through to `POST /calls` once. A second use while the first is in flight is refused
//! (`call_in_progress`), after success it gets the same call back, and after a failure
//! that may have placed the call (`call_outcome_unknown`) it gets that failure again.
//! Only a failure known to have placed nothing frees the id for another try.

use std::collections::HashMap;

use kaicalls_api::models::CreateCall;
use kaicalls_store::Collection;
use kaicalls_vocab::{Code, Retry};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use super::session::Session;
use crate::cache::Freshness;
use crate::error::AppError;

/// What the dial dialog sends.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlaceCall {
    /// Made once when the dialog opens; the same id is never dialled twice.
    pub request_id: String,
    /// The calling agent.
    pub agent_id: String,
    /// The number to call, in any common format (normalised to E.164 before sending).
    pub to: String,
    /// The callee's name, which the agent uses.
    pub name: Option<String>,
    /// What the call is about, for the agent.
    pub context: Option<String>,
}

/// A call KaiCalls accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlacedCall {
    /// Its id (open it to follow its status).
    pub call_id: String,
}

/// What a request id has led to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DialState {
    InFlight,
    Placed(String),
    Failed(AppError),
}

/// What the caller of [`DialGuard::begin`] must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Begin {
    /// Place the call, then report with [`DialGuard::finish`].
    Go,
    /// Answer with this call: the id already placed it.
    AlreadyPlaced(String),
    /// Answer with this error (in flight, or an earlier outcome that may have placed it).
    Refuse(AppError),
}

/// Dial request ids and their outcomes, for the app's lifetime.
#[derive(Debug, Default)]
pub(crate) struct DialGuard {
    requests: Mutex<HashMap<String, DialState>>,
}

impl DialGuard {
    /// Claims `request_id` for one attempt.
    pub(crate) fn begin(&self, request_id: &str) -> Begin {
        let mut requests = self.requests.lock();
        match requests.get(request_id) {
            // The request in flight may still place the call: this answer must not let
            // the dialog "try again" with a new id.
            Some(DialState::InFlight) => Begin::Refuse(AppError {
                may_have_taken_effect: true,
                retry: Retry::Never,
                ..AppError::new(Code::CallInProgress, "This call is already being placed.")
            }),
            Some(DialState::Placed(id)) => Begin::AlreadyPlaced(id.clone()),
            Some(DialState::Failed(e)) => Begin::Refuse(e.clone()),
            None => {
                requests.insert(request_id.to_string(), DialState::InFlight);
                Begin::Go
            }
        }
    }

    /// Records how the attempt ended. A failure that may have placed the call is kept
    /// for good: that id is never let through again.
    pub(crate) fn finish(&self, request_id: &str, outcome: &Result<PlacedCall, AppError>) {
        let mut requests = self.requests.lock();
        match outcome {
            Ok(placed) => {
                requests.insert(
                    request_id.to_string(),
                    DialState::Placed(placed.call_id.clone()),
                );
            }
            Err(e) if e.may_have_taken_effect => {
                requests.insert(request_id.to_string(), DialState::Failed(e.clone()));
            }
            Err(_) => {
                requests.remove(request_id);
            }
        }
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

impl Session {
    /// Places the call (no guard: [`crate::App::place_call`] holds it), then caches it at
    /// once so the calls list shows it; sync and webhooks bring its progress.
    pub(crate) async fn place(&self, call: PlaceCall) -> Result<PlacedCall, AppError> {
        let mut request = CreateCall::new(call.agent_id.trim(), call.to.trim());
        request.name = non_empty(call.name);
        request.context = non_empty(call.context);
        let created = self.client.calls().create(request).await.map_err(|e| {
            let e = AppError::from_write(e);
            if e.may_have_taken_effect {
                // The UI must not offer "try again": a code of its own says so.
                AppError {
                    code: Code::CallOutcomeUnknown,
                    retry: Retry::Never,
                    ..e
                }
            } else {
                e
            }
        })?;
        match serde_json::to_value(&created) {
            Ok(item) => {
                if let Err(e) = self
                    .cache
                    .apply(Collection::Calls, item, Freshness::News)
                    .await
                {
                    tracing::warn!(
                        code = e.code().as_str(),
                        "the placed call was not cached yet"
                    );
                }
            }
            Err(e) => tracing::warn!(error = %e, "the placed call could not be cached"),
        }
        self.sync.sync_now();
        Ok(PlacedCall {
            call_id: created.id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(id: &str) -> Result<PlacedCall, AppError> {
        Ok(PlacedCall { call_id: id.into() })
    }

    #[test]
    fn one_request_id_places_one_call() {
        let guard = DialGuard::default();
        assert_eq!(guard.begin("r1"), Begin::Go);
        // The double click arrives while the first is in flight.
        assert!(matches!(
            guard.begin("r1"),
            Begin::Refuse(e) if e.code == "call_in_progress" && e.may_have_taken_effect
        ));
        guard.finish("r1", &placed("call-1"));
        assert_eq!(guard.begin("r1"), Begin::AlreadyPlaced("call-1".into()));
        // Another dialog is another request.
        assert_eq!(guard.begin("r2"), Begin::Go);
    }

    #[test]
    fn a_failure_that_may_have_placed_the_call_is_final() {
        let guard = DialGuard::default();
        let timeout = AppError::from_write(kaicalls_api::Error::Timeout {
            may_have_taken_effect: true,
        });
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", &Err(timeout.clone()));
        assert_eq!(guard.begin("r1"), Begin::Refuse(timeout));
    }

    #[test]
    fn a_failure_that_placed_nothing_can_be_retried() {
        let guard = DialGuard::default();
        let invalid = AppError::new(Code::ValidationError, "bad number");
        assert_eq!(guard.begin("r1"), Begin::Go);
        guard.finish("r1", &Err(invalid));
        assert_eq!(guard.begin("r1"), Begin::Go);
    }
}
