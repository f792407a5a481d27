//! `/api/v1/sms`: send an SMS from an agent's number, and update an agent's SMS prompt.
//!
//! Sending runs the compliance checks the reference requires *before* anything leaves:
//! a number on the Do-Not-Call list or one that never opted in is refused, and nothing is
//! stored. The SDR pipeline sends its texts through [`send_sms`] so both paths enforce
//! the same rules.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::common::check_e164;
use crate::auth::{Caller, with_effect};
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::magic;
use crate::model::{PromptAudit, Sms};
use crate::state::{App, Db};

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/api/v1/sms/send", post(send))
        .route("/api/v1/sms/update-prompt", post(update_prompt))
}

/// Twilio's limit on one message body; longer text is refused rather than truncated,
/// so the recipient never gets half a message.
const MAX_MESSAGE_CHARS: usize = 1_600;

/// What `POST /sms/send` (and the SDR `sms` action) ask for.
#[derive(Debug, Clone)]
pub struct NewSms {
    pub to: String,
    pub from_agent_id: String,
    pub message: String,
    pub lead_id: Option<String>,
}

/// The error codes that mean "the text could not go to this person" (as opposed to a
/// malformed request). The SDR pipeline reports these as a failed attempt, not an error.
pub const DELIVERY_ERRORS: &[&str] = &["number_on_dnc", "number_opted_out", "sms_send_failed"];

/// Validates, runs the compliance checks and stores an outbound SMS. The caller's scope
/// must already have been checked. Nothing is stored unless the message was "sent".
pub fn send_sms(db: &mut Db, caller: &Caller, req: NewSms) -> ApiResult<Sms> {
    check_e164("to", &req.to)?;
    if req.message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::validation(format!(
            "`message` must be at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    let agent = super::agents::find(db, caller, &req.from_agent_id)?;
    let (agent_id, business_id) = (agent.id.clone(), agent.business_id.clone());
    let from = db.agent_phone(&agent_id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Agent has no phone number to send from",
        )
    })?;
    // The message joins the lead's conversation thread: the one named, else the
    // business's lead with this number (as calls are enriched).
    let lead_id = match req.lead_id {
        Some(id) => {
            db.leads
                .get(&id)
                .filter(|l| l.business_id == business_id)
                .ok_or_else(|| ApiError::not_found("Lead"))?;
            Some(id)
        }
        None => db
            .leads
            .values()
            .find(|l| l.business_id == business_id && l.phone.as_deref() == Some(&req.to))
            .map(|l| l.id.clone()),
    };
    if magic::on_dnc(&req.to) || db.dnc.contains(&req.to) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "number_on_dnc",
            "Recipient is on the Do-Not-Call list",
        ));
    }
    if magic::opted_out(&req.to) || db.opted_out.contains(&req.to) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "number_opted_out",
            "Recipient has not opted in to SMS",
        ));
    }
    if magic::sms_fails(&req.to) {
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "sms_send_failed",
            "Twilio failed to deliver the message",
        ));
    }
    let sms = Sms {
        id: db.uuid(),
        message_sid: format!("SM{}", db.hex(32)),
        business_id,
        agent_id,
        lead_id,
        to: req.to,
        from,
        body: req.message,
        created_at: db.now(),
    };
    db.sms.insert(sms.id.clone(), sms.clone());
    Ok(sms)
}

async fn send(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("sms:write")?;
    let req = NewSms {
        to: body.required_str("to")?.trim().to_string(),
        from_agent_id: body.required_str("from_agent_id")?,
        message: body.required_str("message")?,
        lead_id: body.opt_str("lead_id")?,
    };
    let sms = send_sms(&mut app.db_mut(), &caller, req)?;
    let response = Json(json!({
        "success": true,
        "message_sid": sms.message_sid,
        "to": sms.to,
        "from": sms.from,
    }));
    Ok(with_effect(response, "sms", sms.id))
}

/// Only the SMS prompt changes, which is KaiCalls metadata (texts are answered by
/// KaiCalls, not Vapi), so this works while Vapi is down. An audit row is written when
/// the prompt actually changes, as `PATCH /agents` does.
async fn update_prompt(
    State(app): State<App>,
    caller: Caller,
    body: Body,
) -> ApiResult<Json<Value>> {
    caller.require("agents:write")?;
    let agent_id = body.required_str("agent_id")?;
    let sms_prompt = body.required_str("sms_prompt")?;
    let reason = body
        .opt_str("reason")?
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let mut db = app.db_mut();
    super::agents::find(&db, &caller, &agent_id)?;
    let at = db.now();
    let agent = db
        .agents
        .get_mut(&agent_id)
        .ok_or_else(|| ApiError::not_found("Agent"))?;
    if agent.sms_prompt != sms_prompt {
        agent.sms_prompt = sms_prompt;
        agent.audit.push(PromptAudit {
            field: "sms_prompt".into(),
            reason,
            at,
        });
    }
    Ok(Json(json!({
        "success": true,
        "agent_id": agent_id,
        "message": "SMS prompt updated",
    })))
}
