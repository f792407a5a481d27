//! `/api/v1/agents`: list, get (`?id=`), create, partial update.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::{Agent, MAX_PATCH_LOG, PromptAudit};
use crate::provision;
use crate::state::{App, Db};

/// Answer when the simulated Vapi is switched off (`/sandbox/settings`).
pub fn vapi_error() -> ApiError {
    ApiError::new(
        StatusCode::BAD_GATEWAY,
        "vapi_error",
        "Vapi API call failed: the voice platform is unavailable",
    )
}

pub async fn get(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("agents:read")?;
    let db = app.db();
    if let Some(id) = params.get("id") {
        let agent = find(&db, &caller, id)?;
        return Ok(Json(detail(&db, agent)));
    }
    let agents: Vec<Value> = db
        .agents
        .values()
        .filter(|a| caller.can_access(&a.business_id))
        .map(|a| {
            json!({
                "id": a.id,
                "name": a.name,
                "business_id": a.business_id,
                "created_at": a.created_at,
            })
        })
        .collect();
    Ok(Json(json!({ "agents": agents })))
}

/// An agent the caller may see, else `not_found`.
pub fn find<'a>(db: &'a Db, caller: &Caller, id: &str) -> ApiResult<&'a Agent> {
    db.agents
        .get(id)
        .filter(|a| caller.can_access(&a.business_id))
        .ok_or_else(|| ApiError::not_found("Agent"))
}

fn detail(db: &Db, a: &Agent) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "business_id": a.business_id,
        "vapi_assistant_id": a.vapi_assistant_id,
        "phone_number": db.agent_phone(&a.id),
        "created_at": a.created_at,
        "prompts": {
            "inbound": { "prompt": a.inbound_prompt, "llm": a.inbound_llm },
            "outbound": {
                "prompt": a.outbound_prompt,
                "llm": a.outbound_llm,
                "first_message": a.outbound_first_message,
            },
            "sms": { "prompt": a.sms_prompt, "llm": a.sms_llm },
        },
        "voice": a.voice,
        "model": a.model,
        "first_message": a.first_message,
    })
}

pub async fn create(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("agents:write")?;
    let business_id = body.required_str("business_id")?;
    let name = body.required_str("name")?;
    let system_prompt = body.required_str("system_prompt")?;
    let first_message = body.opt_str("first_message")?;
    let voice = body.opt_object("voice")?.map(Value::Object);
    let model = body.opt_object("model")?.map(Value::Object);
    let metadata = body.opt_object("metadata")?;
    if !caller.can_access(&business_id) {
        return Err(ApiError::not_found("Business"));
    }
    if app.settings.lock().vapi_down {
        return Err(vapi_error());
    }
    let mut db = app.db_mut();
    let agent = provision::new_agent(
        &mut db,
        &business_id,
        name.trim(),
        &system_prompt,
        first_message,
        voice,
        model,
        metadata,
    );
    let body = json!({
        "id": agent.id,
        "name": agent.name,
        "business_id": agent.business_id,
        "vapi_assistant_id": agent.vapi_assistant_id,
        "created_at": agent.created_at,
    });
    db.agents.insert(agent.id.clone(), agent);
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Vapi fields KaiCalls owns; a passthrough may not overwrite them.
const VAPI_RESERVED: &[&str] = &[
    "id",
    "orgId",
    "createdAt",
    "updatedAt",
    "isServerUrlSecretSet",
];

/// Merges `patch` into `target` key by key; true if anything changed.
fn merge(target: &mut Map<String, Value>, patch: Map<String, Value>) -> bool {
    let mut changed = false;
    for (k, v) in patch {
        if target.get(&k) != Some(&v) {
            target.insert(k, v);
            changed = true;
        }
    }
    changed
}

/// Sets a string field if the value differs; true if it changed.
fn set(field: &mut String, value: Option<String>) -> bool {
    match value {
        Some(v) if *field != v => {
            *field = v;
            true
        }
        _ => false,
    }
}

pub async fn update(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Json<Value>> {
    caller.require("agents:write")?;
    let id = body.required_str("id")?;
    let sent = Value::Object(body.0.clone());
    // Read every field first so a bad one rejects the whole update (nothing half-applied).
    let name = body.opt_str("name")?;
    let inbound = match body.opt_str("inbound_prompt")? {
        Some(p) => Some(p),
        None => body.opt_str("system_prompt")?,
    };
    let outbound = body.opt_str("outbound_prompt")?;
    let sms = body.opt_str("sms_prompt")?;
    let first_message = body.opt_str("first_message")?;
    let outbound_first_message = body.opt_str("outbound_first_message")?;
    let outbound_llm = body.opt_str("outbound_llm")?;
    let sms_llm = body.opt_str("sms_llm")?;
    let voice = body.opt_object("voice")?;
    let model = body.opt_object("model")?;
    let metadata = body.opt_object("metadata")?;
    let vapi_config = body.opt_object("vapi_config")?.map(|mut m| {
        m.retain(|k, _| !VAPI_RESERVED.contains(&k.as_str()));
        m
    });

    let mut db = app.db_mut();
    find(&db, &caller, &id)?;
    if app.settings.lock().vapi_down {
        return Err(vapi_error());
    }
    let at = db.now();
    let Some(agent) = db.agents.get_mut(&id) else {
        return Err(ApiError::not_found("Agent"));
    };
    if agent.patches.len() >= MAX_PATCH_LOG {
        agent.patches.remove(0);
    }
    agent.patches.push(sent);
    let mut updated: Vec<&str> = Vec::new();
    let mut track = |changed: bool, field: &'static str| {
        if changed {
            updated.push(field);
        }
    };
    track(set(&mut agent.name, name), "name");
    track(set(&mut agent.inbound_prompt, inbound), "inbound_prompt");
    track(set(&mut agent.outbound_prompt, outbound), "outbound_prompt");
    track(set(&mut agent.sms_prompt, sms), "sms_prompt");
    track(
        set(&mut agent.first_message, first_message),
        "first_message",
    );
    track(
        set(&mut agent.outbound_first_message, outbound_first_message),
        "outbound_first_message",
    );
    track(set(&mut agent.outbound_llm, outbound_llm), "outbound_llm");
    track(set(&mut agent.sms_llm, sms_llm), "sms_llm");
    if let Some(v) = voice.map(Value::Object) {
        track(agent.voice != v, "voice");
        agent.voice = v;
    }
    if let Some(m) = model.map(Value::Object) {
        let changed = agent.model != m;
        if let Some(llm) = m.get("model").and_then(Value::as_str) {
            agent.inbound_llm = llm.to_string();
        }
        agent.model = m;
        track(changed, "model");
    }
    if let Some(m) = metadata {
        track(merge(&mut agent.metadata, m), "metadata");
    }
    if let Some(m) = vapi_config {
        track(merge(&mut agent.vapi_config, m), "vapi_config");
    }
    for field in &updated {
        if field.ends_with("_prompt") || field.ends_with("first_message") {
            agent.audit.push(PromptAudit {
                field: field.to_string(),
                reason: None,
                at,
            });
        }
    }
    Ok(Json(json!({
        "id": agent.id,
        "name": agent.name,
        "business_id": agent.business_id,
        "vapi_assistant_id": agent.vapi_assistant_id,
        "updated": !updated.is_empty(),
        "updated_fields": updated,
    })))
}
