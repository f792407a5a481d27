//! Calls: the offline list and detail, and placing a call.
//!
//! Placing a call dials a real person and is billed, so it is online only (never queued),
//! and every dial dialog carries a `request_id`: the same id never reaches `POST /calls`
//! twice, whether the button was clicked twice or the IPC message repeated.

use kaicalls_api::models::CreateCall;
use kaicalls_core::Freshness;
use kaicalls_store::{
    Agent, Call, CallFilter, Collection, Page, PageRequest, PhoneNumber, Transcript,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::State;

use crate::dial::Begin;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// One page of the calls list, newest first, from the offline cache.
#[tauri::command]
#[specta::specta]
pub async fn calls_list(
    state: State<'_, AppState>,
    filter: CallFilter,
    page: PageRequest,
) -> IpcResult<Page<Call>> {
    let session = state.session().await?;
    Ok(session
        .cache
        .with(move |s| s.list_calls(&filter, &page))
        .await?)
}

/// A call with its transcript, as far as the cache has them.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CallDetail {
    /// The call.
    pub call: Call,
    /// Its transcript, once the call has ended and sync fetched it.
    pub transcript: Option<Transcript>,
}

/// One call from the cache (`not_found` when the cache has never seen it).
#[tauri::command]
#[specta::specta]
pub async fn call_get(state: State<'_, AppState>, id: String) -> IpcResult<CallDetail> {
    let session = state.session().await?;
    let (call, transcript) = session
        .cache
        .with(move |s| Ok((s.get_call(&id)?, s.get_transcript(&id)?)))
        .await?;
    match call {
        Some(call) => Ok(CallDetail { call, transcript }),
        None => Err(IpcError::new(
            "not_found",
            "This call is not in the offline copy yet. It appears after the next sync.",
        )),
    }
}

/// The agents of the open account, from the cache.
#[tauri::command]
#[specta::specta]
pub async fn agents_list(state: State<'_, AppState>) -> IpcResult<Vec<Agent>> {
    let session = state.session().await?;
    Ok(session.cache.with(|s| s.list_agents()).await?)
}

/// The phone numbers of the open account, from the cache.
#[tauri::command]
#[specta::specta]
pub async fn numbers_list(state: State<'_, AppState>) -> IpcResult<Vec<PhoneNumber>> {
    let session = state.session().await?;
    Ok(session.cache.with(|s| s.list_numbers()).await?)
}

/// What the dial dialog sends.
#[derive(Debug, Clone, Deserialize, Type)]
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
#[derive(Debug, Clone, Serialize, Type)]
pub struct PlacedCall {
    /// Its id (open it to follow its status).
    pub call_id: String,
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// Places the call. Online only, never retried once it may have reached KaiCalls.
#[tauri::command]
#[specta::specta]
pub async fn call_place(state: State<'_, AppState>, call: PlaceCall) -> IpcResult<PlacedCall> {
    let request_id = call.request_id.trim().to_string();
    if request_id.is_empty() {
        return Err(IpcError::new(
            "invalid_input",
            "The dial request has no id.",
        ));
    }
    match state.dials.begin(&request_id) {
        Begin::Go => {}
        Begin::AlreadyPlaced(call_id) => return Ok(PlacedCall { call_id }),
        Begin::Refuse(e) => return Err(e),
    }
    match place(&state, call).await {
        Ok(placed) => {
            state.dials.finish(&request_id, Ok(&placed.call_id));
            Ok(placed)
        }
        Err((e, may_have_placed)) => {
            state.dials.finish(&request_id, Err((&e, may_have_placed)));
            Err(e)
        }
    }
}

async fn place(state: &AppState, call: PlaceCall) -> Result<PlacedCall, (IpcError, bool)> {
    let session = state.session().await.map_err(|e| (e, false))?;
    let mut request = CreateCall::new(call.agent_id.trim(), call.to.trim());
    request.name = non_empty(call.name);
    request.context = non_empty(call.context);
    let created = session.client.calls().create(request).await.map_err(|e| {
        if e.may_have_taken_effect() {
            // The UI must not offer "try again" here: say so with a code of its own.
            let e = IpcError::new("call_outcome_unknown", e.to_string());
            (e, true)
        } else {
            (IpcError::from(e), false)
        }
    })?;
    // Show it at once; sync and webhooks bring its progress.
    match serde_json::to_value(&created) {
        Ok(item) => {
            if let Err(e) = session
                .cache
                .apply(Collection::Calls, item, Freshness::News)
                .await
            {
                tracing::warn!(code = e.code(), "the placed call was not cached yet");
            }
        }
        Err(e) => tracing::warn!(error = %e, "the placed call could not be cached"),
    }
    session.sync.sync_now();
    Ok(PlacedCall {
        call_id: created.id,
    })
}
