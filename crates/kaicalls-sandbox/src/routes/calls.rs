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
use crate::magic;
use crate::model::Call;
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
        return Ok(Json(call_detail(&db, &app.base_url, call)));
    }
    let limit = params.int("limit", 50, 1, 100)? as usize;
    let after = params.ts("after")?;
    let agent_id = params.get("agent_id");
    let status = params.get("status");
    let (calls, has_more) = page(&db.calls, |c| c.created_at, after, limit, |c| {
        caller.can_access(&c.business_id)
            && agent_id.is_none_or(|a| c.agent_id == a)
            && status.is_none_or(|s| c.status == s)
    });
    let calls: Vec<Value> = calls.into_iter().map(|c| call_summary(&db, c)).collect();
    Ok(Json(json!({ "calls": calls, "has_more": has_more })))
}

pub async fn create(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("calls:write")?;
    let agent_id = body.required_str("agent_id")?;
    let to = body.required_str("to")?.trim().to_string();
    check_e164("to", &to)?;
    let name = match body.opt_str("name")? {
        Some(n) => Some(n),
        None => body.opt_str("customer_name")?,
    };
    let first_message = match body.opt_str("firstMessage")? {
        Some(m) => Some(m),
        None => body.opt_str("first_message")?,
    };
    let context = body.opt_str("context")?;
    let lead_id = body.opt_str("lead_id")?;
    let webhook_url = body.opt_str("webhook_url")?;
    if let Some(url) = &webhook_url {
        check_url("webhook_url", url)?;
    }
    let max_duration = body.opt_int("max_duration", 10, 3_600)?.unwrap_or(600) as u32;

    let mut db = app.db_mut();
    let agent = super::agents::find(&db, &caller, &agent_id)?;
    let business_id = agent.business_id.clone();
    // Automatic enrichment: a linked lead, or the lead with this number, names the callee.
    let lead = match &lead_id {
        Some(id) => Some(
            db.leads
                .get(id)
                .filter(|l| l.business_id == business_id)
                .ok_or_else(|| ApiError::not_found("Lead"))?,
        ),
        None => db
            .leads
            .values()
            .find(|l| l.business_id == business_id && l.phone.as_deref() == Some(to.as_str())),
    };
    let name = name.or_else(|| lead.and_then(|l| l.name.clone()));
    let lead_id = lead.map(|l| l.id.clone());
    if magic::dial_rejected(&to) {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "call_failed",
            "Vapi failed to initiate the call",
        ));
    }
    let call = Call {
        id: db.uuid(),
        conversation_id: format!("vapi-conv-{}", db.hex(12)),
        business_id,
        agent_id,
        direction: "outbound".into(),
        to,
        name,
        context,
        first_message,
        lead_id,
        webhook_url,
        max_duration,
        status: "queued".into(),
        duration: None,
        summary: None,
        transcript: None,
        quality: None,
        ended_reason: None,
        created_at: db.now(),
        ended_at: None,
    };
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
    sim::spawn(&app, id.clone());
    Ok(with_effect((StatusCode::CREATED, Json(body)), "call", id))
}
