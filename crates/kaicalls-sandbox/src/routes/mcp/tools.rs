//! The six MCP tools: their advertised schemas, argument checking and execution.
//!
//! Failures come in three kinds because MCP reports them differently: a tool that does
//! not exist or arguments that break the schema (protocol errors), a key without the
//! tool's scope, and an error of the operation itself (a call that does not exist),
//! which MCP returns as a tool result with `isError: true`.

use serde_json::{Map, Value, json};

use super::super::calls::{NewCall, place_call};
use super::super::common::{agent_name, call_detail, call_summary, check_e164, page, since};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::limits::Class;
use crate::state::App;

/// Why a tool call did not produce a result.
pub enum Refusal {
    /// No tool has this name.
    UnknownTool(String),
    /// The arguments break the tool's schema (`invalid_request` / `validation_error`).
    BadArguments(ApiError),
    /// The key lacks the tool's scope (`forbidden`).
    Forbidden(ApiError),
}

/// A tool's result: the operation's JSON or its API error, and the id of a call it
/// placed (for the usage log and fault ledger).
pub struct Outcome {
    pub result: ApiResult<Value>,
    pub placed_call: Option<String>,
}

impl Outcome {
    /// The MCP `tools/call` result object.
    pub fn to_result(&self) -> Value {
        let (payload, is_error) = match &self.result {
            Ok(v) => (v.clone(), false),
            Err(e) => (e.body(), true),
        };
        json!({
            "content": [{ "type": "text", "text": payload.to_string() }],
            "isError": is_error,
        })
    }
}

/// Scope each tool needs (the reference's table).
fn scope_of(name: &str) -> Option<&'static str> {
    Some(match name {
        "list_agents" | "get_business_info" => "agents:read",
        "list_recent_calls" | "check_call_status" | "get_transcript" => "calls:read",
        "make_call" => "calls:write",
        _ => return None,
    })
}

fn string_prop(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn schema(props: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
    })
}

/// `tools/list`: every tool with its JSON Schema.
pub fn list() -> Value {
    let call_id = || json!({ "call_id": string_prop("KaiCalls call ID") });
    let tools = [
        (
            "list_agents",
            "List Kai Calls agents available to the authenticated account",
            schema(json!({}), &[]),
        ),
        (
            "get_business_info",
            "Show business details, agent count, and recent call volume",
            schema(
                json!({ "business_id": string_prop("Only this business (default: every accessible business)") }),
                &[],
            ),
        ),
        (
            "list_recent_calls",
            "List recent calls, optionally filtered by agent or status",
            schema(
                json!({
                    "limit": { "type": "integer", "minimum": 1, "maximum": 50, "default": 10,
                               "description": "How many calls (newest first)" },
                    "agent_id": string_prop("Only calls handled by this agent"),
                    "status": string_prop("Only calls with this status, e.g. completed"),
                }),
                &[],
            ),
        ),
        (
            "check_call_status",
            "Check one call by Kai Calls call ID",
            schema(call_id(), &["call_id"]),
        ),
        (
            "get_transcript",
            "Retrieve a completed call transcript and summary",
            schema(call_id(), &["call_id"]),
        ),
        (
            "make_call",
            "Start an outbound call with agent_id, to, and optional context or lead_id",
            schema(
                json!({
                    "agent_id": string_prop("Agent that places the call"),
                    "to": { "type": "string", "pattern": "^\\+[1-9][0-9]{1,14}$",
                            "description": "Number to call, E.164 (e.g. +15125551234)" },
                    "context": string_prop("What the call is about; the agent uses it"),
                    "name": string_prop("Name of the person being called"),
                    "lead_id": string_prop("Lead to link the call to"),
                }),
                &["agent_id", "to"],
            ),
        ),
    ];
    let tools: Vec<Value> = tools
        .into_iter()
        .map(|(name, description, input_schema)| {
            json!({ "name": name, "description": description, "inputSchema": input_schema })
        })
        .collect();
    json!({ "tools": tools })
}

/// Typed access to a tool's `arguments`, rejecting what the schema does not allow.
struct Args<'a>(&'a Map<String, Value>);

impl Args<'_> {
    fn only(&self, allowed: &[&str]) -> ApiResult<()> {
        match self.0.keys().find(|k| !allowed.contains(&k.as_str())) {
            Some(k) => Err(ApiError::validation(format!("Unknown argument: {k}"))),
            None => Ok(()),
        }
    }

    fn opt_str(&self, name: &str) -> ApiResult<Option<String>> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.trim().is_empty())),
            Some(_) => Err(ApiError::validation(format!("`{name}` must be a string"))),
        }
    }

    fn str(&self, name: &str) -> ApiResult<String> {
        self.opt_str(name)?
            .ok_or_else(|| ApiError::invalid_request(format!("Missing required argument: {name}")))
    }
}

/// Runs tool `name`: scope first, then arguments, then the operation.
pub fn call(
    app: &App,
    caller: &Caller,
    name: &str,
    arguments: &Map<String, Value>,
) -> Result<Outcome, Refusal> {
    let scope = scope_of(name).ok_or_else(|| Refusal::UnknownTool(name.to_string()))?;
    caller.require(scope).map_err(Refusal::Forbidden)?;
    let args = Args(arguments);
    let done = |result| Outcome {
        result,
        placed_call: None,
    };
    let outcome = match name {
        "list_agents" => {
            args.only(&[]).map_err(Refusal::BadArguments)?;
            done(Ok(list_agents(app, caller)))
        }
        "get_business_info" => {
            let business = (|| {
                args.only(&["business_id"])?;
                args.opt_str("business_id")
            })()
            .map_err(Refusal::BadArguments)?;
            done(business_info(app, caller, business.as_deref()))
        }
        "list_recent_calls" => {
            let (limit, agent_id, status) = (|| {
                args.only(&["limit", "agent_id", "status"])?;
                let limit = match args.0.get("limit") {
                    None | Some(Value::Null) => 10,
                    Some(v) => match v.as_i64() {
                        // Like the REST limits, a large value is clamped, not refused.
                        Some(n) if n >= 1 => n.min(50),
                        _ => {
                            return Err(ApiError::validation(
                                "`limit` must be an integer from 1 to 50",
                            ));
                        }
                    },
                };
                Ok((limit, args.opt_str("agent_id")?, args.opt_str("status")?))
            })()
            .map_err(Refusal::BadArguments)?;
            done(Ok(recent_calls(
                app,
                caller,
                limit as usize,
                agent_id,
                status,
            )))
        }
        "check_call_status" | "get_transcript" => {
            let call_id = (|| {
                args.only(&["call_id"])?;
                args.str("call_id")
            })()
            .map_err(Refusal::BadArguments)?;
            done(if name == "get_transcript" {
                transcript(app, caller, &call_id)
            } else {
                call_status(app, caller, &call_id)
            })
        }
        _ => {
            let req = (|| {
                args.only(&["agent_id", "to", "context", "name", "lead_id"])?;
                let to = args.str("to")?.trim().to_string();
                check_e164("to", &to)?;
                Ok(NewCall {
                    agent_id: args.str("agent_id")?,
                    to,
                    context: args.opt_str("context")?,
                    name: args.opt_str("name")?,
                    lead_id: args.opt_str("lead_id")?,
                    ..NewCall::default()
                })
            })()
            .map_err(Refusal::BadArguments)?;
            // make_call dials a billed call like POST /v1/calls, so it shares that route's
            // 60/minute budget (the guard only sees the path /api/mcp).
            let result = match app.limits.check(Class::CallsCreate, &caller.key_id) {
                Ok(()) => place_call(app, caller, req),
                Err(wait) => Err(ApiError::rate_limited(
                    wait,
                    format!("Too many calls: try again in {wait} s"),
                )),
            };
            let placed_call = result
                .as_ref()
                .ok()
                .and_then(|v| v["id"].as_str())
                .map(str::to_string);
            Outcome {
                result,
                placed_call,
            }
        }
    };
    Ok(outcome)
}

fn list_agents(app: &App, caller: &Caller) -> Value {
    let db = app.db();
    let agents: Vec<Value> = db
        .agents
        .values()
        .filter(|a| caller.can_access(&a.business_id))
        .map(|a| {
            json!({
                "id": a.id,
                "name": a.name,
                "business_id": a.business_id,
                "business_name": db.businesses.get(&a.business_id).map(|b| b.name.clone()),
                "phone_number": db.agent_phone(&a.id),
                "created_at": a.created_at,
            })
        })
        .collect();
    json!({ "agents": agents })
}

fn business_info(app: &App, caller: &Caller, only: Option<&str>) -> ApiResult<Value> {
    if only.is_some_and(|b| !caller.can_access(b)) {
        return Err(ApiError::not_found("Business"));
    }
    let week_ago = since(7);
    let db = app.db();
    let businesses: Vec<Value> = db
        .businesses
        .values()
        .filter(|b| caller.can_access(&b.id) && only.is_none_or(|o| o == b.id))
        .map(|b| {
            let agents = db.agents.values().filter(|a| a.business_id == b.id).count();
            let calls = db
                .calls
                .values()
                .rev()
                .take_while(|c| c.created_at >= week_ago)
                .filter(|c| c.business_id == b.id)
                .count();
            json!({
                "id": b.id,
                "name": b.name,
                "business_type": b.business_type,
                "website": b.website,
                "subscription_status": b.subscription_status,
                "trial_ends_at": b.trial_ends_at,
                "agent_count": agents,
                "calls_last_7_days": calls,
            })
        })
        .collect();
    Ok(json!({ "businesses": businesses }))
}

fn recent_calls(
    app: &App,
    caller: &Caller,
    limit: usize,
    agent_id: Option<String>,
    status: Option<String>,
) -> Value {
    let db = app.db();
    let (calls, has_more) = page(
        &db.calls,
        |c| c.created_at,
        None,
        limit,
        |c| {
            caller.can_access(&c.business_id)
                && agent_id.as_deref().is_none_or(|a| c.agent_id == a)
                && status.as_deref().is_none_or(|s| c.status == s)
        },
    );
    let calls: Vec<Value> = calls.into_iter().map(|c| call_summary(&db, c)).collect();
    json!({ "calls": calls, "has_more": has_more })
}

fn call_status(app: &App, caller: &Caller, call_id: &str) -> ApiResult<Value> {
    let db = app.db();
    let call = db
        .calls
        .get(call_id)
        .filter(|c| caller.can_access(&c.business_id))
        .ok_or_else(|| ApiError::not_found("Call"))?;
    Ok(call_detail(&db, &app.base_url, call))
}

/// The transcript in the shape `GET /transcripts` lists it.
fn transcript(app: &App, caller: &Caller, call_id: &str) -> ApiResult<Value> {
    let db = app.db();
    let call = db
        .calls
        .get(call_id)
        .filter(|c| caller.can_access(&c.business_id))
        .ok_or_else(|| ApiError::not_found("Call"))?;
    let Some(text) = &call.transcript else {
        return Err(ApiError::not_found("Transcript"));
    };
    Ok(json!({
        "call_id": call.id,
        "conversation_id": call.conversation_id,
        "agent_id": call.agent_id,
        "agent_name": agent_name(&db, Some(&call.agent_id)),
        "status": call.status,
        "duration": call.duration,
        "summary": call.summary,
        "transcript": text,
        "created_at": call.created_at,
    }))
}
