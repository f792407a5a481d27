//! Account routes: `GET /api/v1/balance`, `GET /api/v1/usage`, and `/api/v1/keys`, which
//! API keys may not use.
//!
//! Decisions where the reference is silent (also in the crate README):
//! - `balance` and `usage` need a valid key but no scope: they describe the account
//!   itself, and the scope table has no row for them.
//! - `minutes_used` is the business's call seconds over all time, rounded up to whole
//!   minutes (calls still in progress add nothing yet).
//! - `usage` lists the rows of every key of the caller's user. `start` is inclusive,
//!   `end` exclusive; a request is logged after it is answered, so a `usage` response
//!   never contains its own row.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use axum::routing::get;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use crate::state::App;

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/api/v1/balance", get(balance))
        .route("/api/v1/usage", get(usage))
        .route("/api/v1/keys", get(keys).post(keys).delete(keys))
}

async fn balance(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    let db = app.db();
    let mut seconds: HashMap<&str, u64> = HashMap::new();
    for c in db.calls.values() {
        *seconds.entry(c.business_id.as_str()).or_insert(0) += u64::from(c.duration.unwrap_or(0));
    }
    let mut numbers: HashMap<&str, u64> = HashMap::new();
    for n in db.numbers.values() {
        *numbers.entry(n.business_id.as_str()).or_insert(0) += 1;
    }
    let businesses: Vec<Value> = db
        .businesses
        .values()
        .filter(|b| caller.can_access(&b.id))
        .map(|b| {
            let secs = seconds.get(b.id.as_str()).copied().unwrap_or(0);
            json!({
                "business_id": b.id,
                "minutes_used": secs.div_ceil(60),
                "phone_numbers": numbers.get(b.id.as_str()).copied().unwrap_or(0),
                "subscription_status": b.subscription_status,
            })
        })
        .collect();
    Ok(Json(json!({ "businesses": businesses })))
}

async fn usage(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    let start = params.ts("start")?;
    let end = params.ts("end")?;
    let limit = params.int("limit", 100, 1, 500)? as usize;
    let db = app.db();
    // Rows are in created_at order: find the end by binary search, walk back to start.
    let upper = match end {
        Some(end) => db
            .usage
            .as_slice()
            .partition_point(|_, u| u.created_at < end),
        None => db.usage.len(),
    };
    let mut rows = Vec::new();
    let mut has_more = false;
    for i in (0..upper).rev() {
        let Some((_, u)) = db.usage.get_index(i) else {
            continue;
        };
        if start.is_some_and(|s| u.created_at < s) {
            break;
        }
        if u.user_id != caller.user_id {
            continue;
        }
        if rows.len() == limit {
            has_more = true;
            break;
        }
        rows.push(json!({
            "id": u.id,
            "endpoint": u.endpoint,
            "method": u.method,
            "status_code": u.status_code,
            "call_id": u.call_id,
            "cost_cents": u.cost_cents,
            "created_at": u.created_at,
        }));
    }
    Ok(Json(json!({ "usage": rows, "has_more": has_more })))
}

/// Key management needs a dashboard session (the reference: "session authentication,
/// not API key auth"), which no API client has; a valid key is still the wrong credential.
async fn keys(_caller: Caller) -> ApiError {
    ApiError::unauthorized(
        "API keys cannot manage API keys: key management needs a dashboard session. \
         Create and revoke keys in the KaiCalls dashboard (Settings → API Keys); in the \
         sandbox, use the /sandbox/keys route.",
    )
}
