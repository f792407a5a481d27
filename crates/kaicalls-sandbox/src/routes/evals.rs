//! `/api/v1/evals`: eval scenarios (create, list or fetch, update, delete) and their
//! runs (`/api/v1/evals/run`, in `run.rs`). Writes are "mirrored to Vapi", so they fail
//! with `vapi_error` while the simulated Vapi is switched off.

mod judge;
mod run;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::agents::{find as find_agent, vapi_error};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::Eval;
use crate::state::{App, Db};

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route(
            "/api/v1/evals",
            get(list_or_get).post(create).patch(update).delete(remove),
        )
        .route("/api/v1/evals/run", get(run::poll).post(run::start))
}

/// An eval the caller may see, else `not_found`.
fn find<'a>(db: &'a Db, caller: &Caller, id: &str) -> ApiResult<&'a Eval> {
    db.evals
        .get(id)
        .filter(|e| caller.can_access(&e.business_id))
        .ok_or_else(|| ApiError::not_found("Eval"))
}

/// The fields every view of an eval shares.
fn summary(e: &Eval) -> Value {
    json!({
        "id": e.id,
        "agent_id": e.agent_id,
        "business_id": e.business_id,
        "vapi_eval_id": e.vapi_eval_id,
        "name": e.name,
        "description": e.description,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
    })
}

/// The full scenario (`GET ?id=`, `PATCH`).
fn detail(e: &Eval) -> Value {
    let mut v = summary(e);
    if let Value::Object(m) = &mut v {
        m.insert("messages".into(), Value::Array(e.messages.clone()));
    }
    v
}

/// Checks a turn list: a non-empty array of user turns with string content and
/// assistant turns with a valid `judgePlan` (regexes must compile).
fn check_messages(value: &Value) -> ApiResult<Vec<Value>> {
    let turns = match value {
        Value::Array(turns) if !turns.is_empty() => turns,
        _ => return Err(ApiError::validation("messages must be a non-empty array")),
    };
    for (i, turn) in turns.iter().enumerate() {
        let bad = |what: String| ApiError::validation(format!("messages[{i}]: {what}"));
        match turn.get("role").and_then(Value::as_str) {
            Some("user") => match turn.get("content") {
                Some(Value::String(s)) if !s.trim().is_empty() => {}
                _ => return Err(bad("a user turn needs non-empty string content".into())),
            },
            Some("assistant") => {
                let plan = turn
                    .get("judgePlan")
                    .ok_or_else(|| bad("an assistant turn needs a judgePlan".into()))?;
                judge::parse(plan).map_err(bad)?;
            }
            _ if !turn.is_object() => return Err(bad("each turn must be an object".into())),
            _ => return Err(bad("role must be user or assistant".into())),
        }
    }
    Ok(turns.clone())
}

async fn create(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("evals:write")?;
    let agent_id = body.required_str("agent_id")?;
    let business_id = body.required_str("business_id")?;
    let name = body.required_str("name")?;
    let messages = match body.0.get("messages") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_request(
                "Missing required field: messages",
            ));
        }
        Some(v) => check_messages(v)?,
    };
    let description = body.opt_str("description")?;
    if !caller.can_access(&business_id) {
        return Err(ApiError::not_found("Business"));
    }
    let mut db = app.db_mut();
    let agent = find_agent(&db, &caller, &agent_id)?;
    if agent.business_id != business_id {
        return Err(ApiError::not_found("Agent"));
    }
    if app.settings.lock().vapi_down {
        return Err(vapi_error());
    }
    let now = db.now();
    let eval = Eval {
        id: db.uuid(),
        agent_id,
        business_id,
        vapi_eval_id: format!("vapi-eval-{}", db.hex(12)),
        name: name.trim().to_string(),
        description,
        messages,
        created_at: now,
        updated_at: now,
    };
    let body = json!({
        "id": eval.id,
        "agent_id": eval.agent_id,
        "business_id": eval.business_id,
        "vapi_eval_id": eval.vapi_eval_id,
        "name": eval.name,
        "description": eval.description,
        "messages": eval.messages,
        "created_at": eval.created_at,
    });
    db.evals.insert(eval.id.clone(), eval);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `?id=` fetches one scenario with its turns; otherwise the caller's scenarios (of one
/// agent with `agent_id`) in creation order, without turns.
async fn list_or_get(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("evals:read")?;
    let db = app.db();
    if let Some(id) = params.get("id") {
        return Ok(Json(detail(find(&db, &caller, id)?)));
    }
    let agent_id = params.get("agent_id");
    if let Some(agent_id) = agent_id {
        find_agent(&db, &caller, agent_id)?;
    }
    let evals: Vec<Value> = db
        .evals
        .values()
        .filter(|e| caller.can_access(&e.business_id))
        .filter(|e| agent_id.is_none_or(|a| e.agent_id == a))
        .map(summary)
        .collect();
    Ok(Json(json!({ "evals": evals })))
}

async fn update(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Json<Value>> {
    caller.require("evals:write")?;
    let id = body.required_str("id")?;
    let name = match body.opt_str("name")? {
        Some(n) if n.trim().is_empty() => {
            return Err(ApiError::validation("name must not be empty"));
        }
        n => n.map(|n| n.trim().to_string()),
    };
    let description = body.opt_str("description")?;
    let messages = match body.0.get("messages") {
        None | Some(Value::Null) => None,
        Some(v) => Some(check_messages(v)?),
    };
    let mut db = app.db_mut();
    find(&db, &caller, &id)?;
    if app.settings.lock().vapi_down {
        return Err(vapi_error());
    }
    let now = db.now();
    let Some(eval) = db.evals.get_mut(&id) else {
        return Err(ApiError::not_found("Eval"));
    };
    if let Some(name) = name {
        eval.name = name;
    }
    if let Some(description) = description {
        eval.description = Some(description);
    }
    if let Some(messages) = messages {
        eval.messages = messages;
    }
    eval.updated_at = now;
    Ok(Json(detail(eval)))
}

/// Deletes the scenario (and, like KaiCalls, its Vapi mirror, so it too needs Vapi up).
/// Past runs stay readable by `run_id`.
async fn remove(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("evals:write")?;
    let id = params.required("id")?;
    let mut db = app.db_mut();
    find(&db, &caller, id)?;
    if app.settings.lock().vapi_down {
        return Err(vapi_error());
    }
    db.evals.shift_remove(id);
    Ok(Json(json!({ "success": true })))
}
