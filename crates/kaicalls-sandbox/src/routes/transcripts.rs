//! `GET /api/v1/transcripts`: recent calls that have a transcript.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::common::{agent_name, page, since};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::extract::Params;
use crate::state::App;

pub async fn list(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let limit = params.int("limit", 20, 1, 50)? as usize;
    let days = params.int("days", 30, 1, 90)?;
    let after = params.ts("after")?;
    let agent_id = params.get("agent_id");
    let since = since(days);
    let db = app.db();
    let (calls, has_more) = page(
        &db.calls,
        |c| c.created_at,
        after,
        limit,
        |c| {
            c.transcript.is_some()
                && c.created_at >= since
                && caller.can_access(&c.business_id)
                && agent_id.is_none_or(|a| c.agent_id == a)
        },
    );
    let transcripts: Vec<Value> = calls
        .into_iter()
        .map(|c| {
            let item = json!({
                "call_id": c.id,
                "conversation_id": c.conversation_id,
                "agent_id": c.agent_id,
                "agent_name": agent_name(&db, Some(&c.agent_id)),
                "status": c.status,
                "duration": c.duration,
                "summary": c.summary,
                "transcript": c.transcript,
                "created_at": c.created_at,
            });
            app.corruptions.apply("transcripts", &c.id, item)
        })
        .collect();
    Ok(Json(
        json!({ "transcripts": transcripts, "has_more": has_more }),
    ))
}
