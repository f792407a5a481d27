//! Calls: the offline list and detail, and placing a call.
//!
//! Placing a call dials a real person and is billed, so it is online only (never queued),
//! and every dial dialog carries a `request_id`: the same id never reaches `POST /calls`
//! twice, whether the button was clicked twice or the IPC message repeated.

use std::time::Duration;

use kaicalls_api::models::CreateCall;
use kaicalls_core::sync::call_lacks_details;
use kaicalls_core::{Freshness, SyncPhase};
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

/// How long opening a call waits for its details before showing what the cache has.
const DETAILS_WAIT: Duration = Duration::from_secs(4);

/// One call from the cache (`not_found` when the cache has never seen it). A finished
/// call the cache knows only from the list has its details read first when online (at
/// most [`DETAILS_WAIT`]; offline or on any failure the cached copy is shown as it is).
#[tauri::command]
#[specta::specta]
pub async fn call_get(state: State<'_, AppState>, id: String) -> IpcResult<CallDetail> {
    let session = state.session().await?;
    let read = |id: String| {
        session
            .cache
            .with(move |s| Ok((s.get_call(&id)?, s.get_transcript(&id)?)))
    };
    let (mut call, mut transcript) = read(id.clone()).await?;
    let engine = session.sync.engine();
    if call.as_ref().is_some_and(call_lacks_details) && engine.status().phase == SyncPhase::Online {
        match tokio::time::timeout(DETAILS_WAIT, engine.read_call_details(&id)).await {
            Ok(Ok(_)) => (call, transcript) = read(id).await?,
            Ok(Err(e)) => tracing::debug!(code = e.code(), "call details not read: {e}"),
            Err(_) => tracing::debug!("call details not read in time"),
        }
    }
    match call {
        Some(call) => Ok(CallDetail { call, transcript }),
        None => Err(IpcError::new(
            "not_found",
            "This call is not in the offline copy yet. It appears after the next sync.",
        )),
    }
}

/// Opens a call's recording with the user's default app (a browser or a player).
///
/// The link comes from the server, so it is checked before the OS sees it
/// (see `recording_link`); the UI cannot pass a link of its own, only a call id.
#[tauri::command]
#[specta::specta]
pub async fn call_open_recording(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> IpcResult<()> {
    use tauri_plugin_opener::OpenerExt;

    let session = state.session().await?;
    let call = session.cache.with(move |s| s.get_call(&id)).await?;
    let link = call.and_then(|c| c.recording_url).ok_or_else(|| {
        IpcError::new(
            "no_recording",
            "This call has no recording in the offline copy.",
        )
    })?;
    let url = recording_link(&link)?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| {
            IpcError::new(
                "open_failed",
                format!("The recording could not be opened: {e}. Copy its link instead."),
            )
        })
}

/// A recording link the OS may open: `https`, or `http` on this computer only (the
/// sandbox serves its recordings on loopback). `file:`, `javascript:`, custom schemes and
/// plain `http` to another host are refused, so a hostile server cannot make the app
/// launch a local program or file.
pub(crate) fn recording_link(link: &str) -> IpcResult<tauri::Url> {
    let refuse = || {
        IpcError::new(
            "unsafe_link",
            "The recording link is not a web address the app opens. Copy it instead.",
        )
    };
    let url = tauri::Url::parse(link.trim()).map_err(|_| refuse())?;
    let host = url.host_str().unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = match bare.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => bare.eq_ignore_ascii_case("localhost"),
    };
    match url.scheme() {
        "https" if !host.is_empty() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(refuse()),
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

#[cfg(test)]
mod tests {
    use super::recording_link;

    #[test]
    fn only_web_links_and_loopback_http_are_opened() {
        for ok in [
            "https://storage.example.com/recordings/call_xyz.mp3",
            " https://cdn.example.org/a.wav ",
            "http://127.0.0.1:4010/sandbox/recordings/c1.wav",
            "http://[::1]:4010/r.wav",
            "http://localhost:4010/r.wav",
        ] {
            assert!(recording_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://storage.example.com/a.mp3",
            "http://127.0.0.1.evil.example/a.mp3",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "smb://server/share/a.wav",
            "recording.mp3",
            "",
        ] {
            let err = recording_link(bad).map(|u| u.to_string()).unwrap_err();
            assert_eq!(err.code, "unsafe_link", "{bad}");
        }
    }
}
