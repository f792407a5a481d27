//! `/api/v1/calls`: place an outbound call, list calls, get one (`?id=`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::common::{call_detail, call_summary, check_e164, check_url, page};
use crate::auth::{Caller, with_effect};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::faults::LoseAnswer;
use crate::magic;
use crate::model::CallParty;
use crate::sim;
use crate::state::App;

pub async fn get(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let db = app.db();
    if let Some(id) = params.get("id") {
        let call = db
            .calls
            .get(id)
            .filter(|c| caller.can_access(&c.business_id))
            .ok_or_else(|| ApiError::not_found("Call"))?;
        let detail = call_detail(&db, &app.base_url, call);
        return Ok(Json(app.corruptions.apply("calls", id, detail)));
    }
    let limit = params.int("limit", 50, 1, 100)? as usize;
    let after = params.ts("after")?;
    let agent_id = params.get("agent_id");
    let status = params.get("status");
    let (calls, has_more) = page(
        &db.calls,
        |c| c.created_at,
        after,
        limit,
        |c| {
            caller.can_access(&c.business_id)
                && agent_id.is_none_or(|a| c.agent_id == a)
                && status.is_none_or(|s| c.status == s)
        },
    );
    let calls: Vec<Value> = calls
        .into_iter()
        .map(|c| app.corruptions.apply("calls", &c.id, call_summary(&db, c)))
        .collect();
    Ok(Json(json!({ "calls": calls, "has_more": has_more })))
}

/// What `POST /calls` (and the MCP `make_call` tool, and SDR call actions) ask for.
#[derive(Debug, Clone, Default)]
pub struct NewCall {
    pub agent_id: String,
    pub to: String,
    pub name: Option<String>,
    pub context: Option<String>,
    pub first_message: Option<String>,
    pub lead_id: Option<String>,
    pub webhook_url: Option<String>,
    pub max_duration: Option<u32>,
}

impl NewCall {
    /// Reads the documented body, accepting both spellings the reference allows.
    pub fn from_body(body: &Body) -> ApiResult<NewCall> {
        let call = NewCall {
            agent_id: body.required_str("agent_id")?,
            to: body.required_str("to")?.trim().to_string(),
            name: match body.opt_str("name")? {
                Some(n) => Some(n),
                None => body.opt_str("customer_name")?,
            },
            context: body.opt_str("context")?,
            first_message: match body.opt_str("firstMessage")? {
                Some(m) => Some(m),
                None => body.opt_str("first_message")?,
            },
            lead_id: body.opt_str("lead_id")?,
            webhook_url: body.opt_str("webhook_url")?,
            max_duration: body.opt_int("max_duration", 10, 3_600)?.map(|d| d as u32),
        };
        Ok(call)
    }
}

pub async fn create(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("calls:write")?;
    let created = place_call(&app, &caller, NewCall::from_body(&body)?)?;
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let lost = created["to"].as_str().is_some_and(magic::answer_lost);
    let mut response = with_effect((StatusCode::CREATED, Json(created)), "call", id);
    if lost {
        response.extensions_mut().insert(LoseAnswer);
    }
    Ok(response)
}

/// Validates and places an outbound call, starts its simulation, and returns the
/// `POST /calls` response body. The caller's scope must already have been checked.
pub fn place_call(app: &App, caller: &Caller, req: NewCall) -> ApiResult<Value> {
    check_e164("to", &req.to)?;
    if let Some(url) = &req.webhook_url {
        check_url("webhook_url", url)?;
    }
    let mut db = app.db_mut();
    let agent = super::agents::find(&db, caller, &req.agent_id)?;
    let business_id = agent.business_id.clone();
    // Automatic enrichment: a linked lead, or the lead with this number, names the callee.
    let lead = match &req.lead_id {
        Some(id) => Some(
            db.leads
                .get(id)
                .filter(|l| l.business_id == business_id)
                .ok_or_else(|| ApiError::not_found("Lead"))?,
        ),
        None => db
            .leads
            .values()
            .find(|l| l.business_id == business_id && l.phone.as_deref() == Some(req.to.as_str())),
    };
    let name = req.name.or_else(|| lead.and_then(|l| l.name.clone()));
    let lead_id = lead.map(|l| l.id.clone());
    if magic::dial_rejected(&req.to) {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "call_failed",
            "Vapi failed to initiate the call",
        ));
    }
    let at = db.now();
    let party = CallParty {
        business_id: &business_id,
        agent_id: &req.agent_id,
        direction: "outbound",
        to: &req.to,
    };
    let mut call = db.new_call(party, "queued", at);
    call.name = name;
    call.context = req.context;
    call.first_message = req.first_message;
    call.lead_id = lead_id;
    call.webhook_url = req.webhook_url;
    call.max_duration = req.max_duration.unwrap_or(600);
    let body = json!({
        "id": call.id,
        "conversation_id": call.conversation_id,
        "status": call.status,
        "agent_id": call.agent_id,
        "to": call.to,
        "name": call.name,
        "created_at": call.created_at,
    });
    let id = call.id.clone();
    db.calls.insert(id.clone(), call);
    drop(db);
    sim::spawn(app, id);
    Ok(body)
}
