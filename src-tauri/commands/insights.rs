//! Search and charts, both answered from the offline cache so they work with no network.

use chrono::Utc;
use kaicalls_store::{
    CallVolume, CallVolumeQuery, Funnel, FunnelQuery, SearchHit, SearchKind, SearchOptions,
};
use serde::Deserialize;
use specta::Type;
use tauri::State;

use crate::error::IpcResult;
use crate::state::AppState;

/// What the search box sends.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct SearchRequest {
    /// The words typed (any text: quotes and FTS operators are treated as words).
    pub query: String,
    /// Kinds to search; empty for all.
    pub kinds: Vec<SearchKind>,
    /// Most hits to return.
    pub limit: u32,
}

/// Transcripts, call summaries and leads matching the words, best first, with
/// highlighted snippets. An empty or punctuation-only query finds nothing.
#[tauri::command]
#[specta::specta]
pub async fn search(
    state: State<'_, AppState>,
    request: SearchRequest,
) -> IpcResult<Vec<SearchHit>> {
    let session = state.session().await?;
    let options = SearchOptions {
        kinds: request.kinds,
        limit: request.limit,
        agent_id: None,
    };
    Ok(session
        .cache
        .with(move |s| s.search(&request.query, &options))
        .await?)
}

/// The analytics screen's data.
#[derive(Debug, Clone, serde::Serialize, Type)]
pub struct Analytics {
    /// Calls per local day.
    pub calls: CallVolume,
    /// The lead funnel.
    pub funnel: Funnel,
}

/// Call volume per day and the lead funnel over the last `days` days, computed from the
/// cache (`utc_offset_minutes` makes days break at the user's midnight).
#[tauri::command]
#[specta::specta]
pub async fn analytics(
    state: State<'_, AppState>,
    days: u32,
    utc_offset_minutes: i32,
) -> IpcResult<Analytics> {
    let session = state.session().await?;
    let now = Utc::now();
    let days = days.clamp(1, 90);
    Ok(session
        .cache
        .with(move |s| {
            Ok(Analytics {
                calls: s.call_volume(&CallVolumeQuery {
                    days,
                    now,
                    utc_offset_minutes,
                    agent_id: None,
                })?,
                funnel: s.lead_funnel(&FunnelQuery {
                    days,
                    now,
                    source: None,
                })?,
            })
        })
        .await?)
}
