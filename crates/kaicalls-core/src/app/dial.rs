//! Placing a call: it dials a real person and is billed, so it is online only (never
//! queued), and one dial dialog places at most one call (the app's
//! [`OnceGuard`](super::once::OnceGuard) answers a second use of its request id with
//! `call_in_progress`, the call placed, or `call_outcome_unknown`).

use kaicalls_api::models::CreateCall;
use kaicalls_store::Collection;
use kaicalls_vocab::{Code, Retry};
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
