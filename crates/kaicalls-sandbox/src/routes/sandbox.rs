//! Routes KaiCalls does not have, for demos and tests (`/sandbox/...`, documented in the
//! crate README): mint and revoke restricted keys, simulate an inbound call, read the
//! fault ledger and webhook log, serve recordings, flip upstream-failure switches.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::common::{call_detail, check_e164};
use crate::auth::{Caller, authenticate};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::{ApiKey, CallParty};
use crate::sim::{self, names};
use crate::state::{ALL_SCOPES, App, STANDARD_SCOPES};

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/sandbox/health", get(health))
        .route(
            "/sandbox/keys",
            get(list_keys).post(mint_key).delete(revoke_key),
        )
        .route("/sandbox/inbound-call", post(inbound_call))
        .route("/sandbox/ledger", get(ledger))
        .route("/sandbox/webhook-logs", get(webhook_logs))
        .route("/sandbox/recordings/{file}", get(recording))
        .route("/sandbox/agents", get(agent_record))
        .route("/sandbox/settings", get(get_settings).put(put_settings))
}

fn caller(app: &App, headers: &HeaderMap) -> ApiResult<Caller> {
    authenticate(&mut app.db_mut(), headers)
}

async fn health() -> Json<Value> {
    Json(json!({ "ok": true }))
}

/// A key as `GET /api/v1/keys` would list it.
pub fn key_view(k: &ApiKey) -> Value {
    json!({
        "id": k.id,
        "prefix": k.prefix,
        "name": k.name,
        "scopes": k.scopes,
        "business_id": k.business_id,
        "created_at": k.created_at,
        "last_used_at": k.last_used_at,
        "expires_at": k.expires_at,
        "is_active": k.is_active,
    })
}

async fn list_keys(State(app): State<App>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let caller = caller(&app, &headers)?;
    let db = app.db();
    let keys: Vec<Value> = db
        .keys
        .values()
        .filter(|k| k.user_id == caller.user_id)
        .map(key_view)
        .collect();
    Ok(Json(json!({ "keys": keys })))
}

/// `POST /sandbox/keys {name?, business_id?, scopes?, expires_in_secs?}`: a key with
/// chosen scopes, so `forbidden` and `unauthorized` paths can be tested.
async fn mint_key(State(app): State<App>, headers: HeaderMap, body: Body) -> ApiResult<Response> {
    let caller = caller(&app, &headers)?;
    let name = body
        .opt_str("name")?
        .unwrap_or_else(|| "Untitled Key".into());
    let business_id = body.opt_str("business_id")?;
    if let Some(b) = &business_id {
        if !caller.can_access(b) {
            return Err(ApiError::not_found("Business"));
        }
    }
    let scopes: Vec<String> = match body.0.get("scopes") {
        None | Some(Value::Null) => STANDARD_SCOPES.iter().map(|s| s.to_string()).collect(),
        Some(Value::Array(items)) => {
            let mut scopes = Vec::new();
            for item in items {
                match item.as_str() {
                    Some(s) if s == "*" || ALL_SCOPES.contains(&s) => scopes.push(s.to_string()),
                    _ => return Err(ApiError::validation(format!("unknown scope {item}"))),
                }
            }
            scopes
        }
        Some(_) => return Err(ApiError::validation("`scopes` must be an array of strings")),
    };
    let expires_in = body.opt_int("expires_in_secs", 0, 10 * 365 * 86_400)?;
    let mut db = app.db_mut();
    let (key, record) = db.mint_key(&caller.user_id, business_id, &name, scopes);
    let expires_at = expires_in.map(|s| record.created_at.plus_secs(s));
    if let Some(k) = db.keys.get_mut(&record.hash) {
        k.expires_at = expires_at;
    }
    let body = json!({
        "key": key,
        "id": record.id,
        "prefix": record.prefix,
        "name": record.name,
        "scopes": record.scopes,
        "business_id": record.business_id,
        "created_at": record.created_at,
    });
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

async fn revoke_key(
    State(app): State<App>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Json<Value>> {
    let caller = caller(&app, &headers)?;
    let id = params.required("id")?;
    let mut db = app.db_mut();
    let key = db
        .keys
        .values_mut()
        .find(|k| k.id == id && k.user_id == caller.user_id)
        .ok_or_else(|| ApiError::not_found("Key"))?;
    key.is_active = false;
    Ok(Json(json!({ "success": true })))
}

/// `POST /sandbox/inbound-call {agent_id?, from?, name?, reason?}`: someone calls one of
/// the account's numbers. A new caller becomes a new lead when the call completes.
async fn inbound_call(
    State(app): State<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let caller = caller(&app, &headers)?;
    let agent_id = body.opt_str("agent_id")?;
    let from = body.opt_str("from")?;
    if let Some(f) = &from {
        check_e164("from", f)?;
    }
    let name = body.opt_str("name")?;
    let reason = body.opt_str("reason")?;
    let mut db = app.db_mut();
    let agent = match &agent_id {
        Some(id) => super::agents::find(&db, &caller, id)?.clone(),
        None => db
            .agents
            .values()
            .find(|a| caller.can_access(&a.business_id))
            .cloned()
            .ok_or_else(|| ApiError::not_found("Agent"))?,
    };
    let from = from.unwrap_or_else(|| names::phone(&mut db.rng));
    let name = name.unwrap_or_else(|| {
        let (first, last) = names::person(&mut db.rng);
        format!("{first} {last}")
    });
    let at = db.now();
    let party = CallParty {
        business_id: &agent.business_id,
        agent_id: &agent.id,
        direction: "inbound",
        to: &from,
    };
    let mut call = db.new_call(party, "ringing", at);
    call.name = Some(name);
    call.context = reason;
    let view = call_detail(&db, &app.base_url, &call);
    let id = call.id.clone();
    db.calls.insert(id.clone(), call);
    drop(db);
    sim::spawn(&app, id);
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

async fn ledger(State(app): State<App>) -> Json<Value> {
    Json(json!({ "entries": app.ledger.entries() }))
}

async fn webhook_logs(State(app): State<App>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let caller = caller(&app, &headers)?;
    let db = app.db();
    let logs: Vec<&crate::model::WebhookLog> = db
        .webhook_logs
        .values()
        .filter(|l| {
            l.business_id
                .as_deref()
                .is_none_or(|b| caller.can_access(b))
        })
        .collect();
    Ok(Json(json!({ "logs": logs })))
}

/// The recording of a completed call: unauthenticated like a storage URL, but only for
/// call ids that exist, which are unguessable UUIDs.
async fn recording(State(app): State<App>, Path(file): Path<String>) -> Response {
    let id = file.strip_suffix(".wav").unwrap_or(&file);
    let completed = app
        .db()
        .calls
        .get(id)
        .is_some_and(|c| c.status == "completed");
    if !completed {
        return ApiError::not_found("Recording").into_response();
    }
    let seed: u64 = rand::Rng::random(&mut sim::call_rng(0, id));
    match sim::audio::recording(seed, 4) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "audio/wav")], bytes).into_response(),
        Err(e) => {
            ApiError::internal(format!("could not render the recording: {e}")).into_response()
        }
    }
}

/// The whole stored agent, including what the public API does not show (metadata,
/// `vapi_config`, prompt audit rows), so tests can check what was stored.
async fn agent_record(
    State(app): State<App>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Json<Value>> {
    let caller = caller(&app, &headers)?;
    let id = params.required("id")?;
    let db = app.db();
    let agent = super::agents::find(&db, &caller, id)?;
    Ok(Json(serde_json::to_value(agent).unwrap_or(Value::Null)))
}

async fn get_settings(State(app): State<App>) -> Json<Value> {
    Json(serde_json::to_value(*app.settings.lock()).unwrap_or(Value::Null))
}

async fn put_settings(
    State(app): State<App>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<Value>> {
    caller(&app, &headers)?;
    let mut settings = app.settings.lock();
    if let Some(v) = body.opt_bool("payment_required")? {
        settings.payment_required = v;
    }
    if let Some(v) = body.opt_bool("vapi_down")? {
        settings.vapi_down = v;
    }
    Ok(Json(serde_json::to_value(*settings).unwrap_or(Value::Null)))
}
