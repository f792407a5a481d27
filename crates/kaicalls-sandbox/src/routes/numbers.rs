//! `GET /api/v1/numbers`.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::App;

pub async fn list(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.require("numbers:read")?;
    let db = app.db();
    let numbers: Vec<Value> = db
        .numbers
        .values()
        .filter(|n| caller.can_access(&n.business_id))
        .map(|n| {
            json!({
                "id": n.id,
                "phone_number": n.phone_number,
                "agent_id": n.agent_id,
                "business_id": n.business_id,
                "created_at": n.created_at,
            })
        })
        .collect();
    Ok(Json(json!({ "numbers": numbers })))
}
