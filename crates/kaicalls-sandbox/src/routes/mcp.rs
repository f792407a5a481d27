//! `/api/mcp`: the MCP server, as JSON-RPC 2.0 (`POST /api/mcp`) and as the REST-style
//! helpers (`/api/mcp/initialize`, `/api/mcp/tools/list`, `/api/mcp/tools/call`).
//!
//! Any valid key may connect (the guard has authenticated it); each tool then needs its
//! own scope. JSON-RPC errors are answered with HTTP 200 and an `error` member, as
//! JSON-RPC over HTTP does; the REST helpers answer with the API's normal errors.

mod tools;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Map, Value, json};

use self::tools::{Outcome, Refusal};
use crate::auth::{Caller, with_effect};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, RawBody};
use crate::state::App;

/// The MCP revision this server speaks.
const PROTOCOL_VERSION: &str = "2025-06-18";

/// JSON-RPC error codes (the standard ones, plus -32003 for a missing scope).
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;
const FORBIDDEN: i64 = -32003;

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/api/mcp", post(json_rpc))
        .route("/api/mcp/initialize", post(rest_initialize))
        .route("/api/mcp/tools/list", post(rest_list).get(rest_list))
        .route("/api/mcp/tools/call", post(rest_call))
}

fn initialize_result() -> Value {
    json!({
        "protocolVersion": PROTOCOL_VERSION,
        "capabilities": { "tools": {} },
        "serverInfo": { "name": "kaicalls", "version": env!("CARGO_PKG_VERSION") },
    })
}

/// Marks a response that placed a call, so the usage log and fault ledger record it.
fn mark(response: Response, outcome: &Outcome) -> Response {
    match &outcome.placed_call {
        Some(id) => with_effect(response, "call", id.clone()),
        None => response,
    }
}

/// A JSON-RPC error response.
fn rpc_error(id: &Value, code: i64, message: &str, data: Option<Value>) -> Response {
    let mut error = json!({ "code": code, "message": message });
    if let (Some(data), Value::Object(e)) = (data, &mut error) {
        e.insert("data".into(), data);
    }
    Json(json!({ "jsonrpc": "2.0", "id": id, "error": error })).into_response()
}

fn rpc_result(id: &Value, result: Value) -> Response {
    Json(json!({ "jsonrpc": "2.0", "id": id, "result": result })).into_response()
}

/// `POST /api/mcp`: one JSON-RPC request or notification (batches are not supported).
async fn json_rpc(State(app): State<App>, caller: Caller, RawBody(bytes): RawBody) -> Response {
    let null = Value::Null;
    let message: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return rpc_error(&null, PARSE_ERROR, "Parse error: body is not JSON", None),
    };
    let Value::Object(request) = message else {
        let why = if message.is_array() {
            "Batch requests are not supported"
        } else {
            "Invalid request: expected a JSON-RPC object"
        };
        return rpc_error(&null, INVALID_REQUEST, why, None);
    };
    let id = match request.get("id") {
        Some(id @ (Value::String(_) | Value::Number(_) | Value::Null)) => Some(id.clone()),
        Some(_) => {
            return rpc_error(&null, INVALID_REQUEST, "Invalid request: bad id", None);
        }
        None => None,
    };
    let reply_id = id.clone().unwrap_or(Value::Null);
    let method = match (request.get("jsonrpc"), request.get("method")) {
        (Some(Value::String(v)), Some(Value::String(m))) if v == "2.0" => m.as_str(),
        _ => {
            return rpc_error(
                &reply_id,
                INVALID_REQUEST,
                "Invalid request: needs jsonrpc \"2.0\" and a method",
                None,
            );
        }
    };
    // A notification (no id) gets no answer, whatever it says.
    if id.is_none() {
        return StatusCode::ACCEPTED.into_response();
    }
    let params = match request.get("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(_) => {
            return rpc_error(&reply_id, INVALID_PARAMS, "params must be an object", None);
        }
    };
    match method {
        "initialize" => rpc_result(&reply_id, initialize_result()),
        "ping" => rpc_result(&reply_id, json!({})),
        "tools/list" => rpc_result(&reply_id, tools::list()),
        "tools/call" => rpc_tool_call(&app, &caller, &reply_id, &params),
        m if m.starts_with("notifications/") => rpc_result(&reply_id, json!({})),
        m => rpc_error(
            &reply_id,
            METHOD_NOT_FOUND,
            &format!("Method not found: {m}"),
            None,
        ),
    }
}

fn rpc_tool_call(app: &App, caller: &Caller, id: &Value, params: &Map<String, Value>) -> Response {
    let Some(name) = params.get("name").and_then(Value::as_str) else {
        return rpc_error(
            id,
            INVALID_PARAMS,
            "params.name (the tool) is required",
            None,
        );
    };
    let arguments = match params.get("arguments") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(a)) => a.clone(),
        Some(_) => return rpc_error(id, INVALID_PARAMS, "arguments must be an object", None),
    };
    match tools::call(app, caller, name, &arguments) {
        Ok(outcome) => mark(rpc_result(id, outcome.to_result()), &outcome),
        Err(Refusal::UnknownTool(name)) => {
            rpc_error(id, INVALID_PARAMS, &format!("Unknown tool: {name}"), None)
        }
        Err(Refusal::BadArguments(e)) => rpc_error(
            id,
            INVALID_PARAMS,
            &format!("Invalid arguments: {}", e.message),
            Some(json!({ "code": e.code })),
        ),
        Err(Refusal::Forbidden(e)) => {
            rpc_error(id, FORBIDDEN, &e.message, Some(json!({ "code": e.code })))
        }
    }
}

async fn rest_initialize(_caller: Caller) -> Json<Value> {
    Json(initialize_result())
}

async fn rest_list(_caller: Caller) -> Json<Value> {
    Json(tools::list())
}

/// `POST /api/mcp/tools/call {name, arguments}`: the tool result object. An error of
/// the operation itself is a 200 with `isError: true`, as in JSON-RPC.
async fn rest_call(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    let name = body.required_str("name")?;
    let arguments = body.opt_object("arguments")?.unwrap_or_default();
    match tools::call(&app, &caller, &name, &arguments) {
        Ok(outcome) => Ok(mark(Json(outcome.to_result()).into_response(), &outcome)),
        Err(Refusal::UnknownTool(_)) => Err(ApiError::not_found("Tool")),
        Err(Refusal::BadArguments(e) | Refusal::Forbidden(e)) => Err(e),
    }
}
