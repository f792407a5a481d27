//! `/api/v1/leads`: list with filters, get (`?id=`), partial update.

use axum::Json;
use axum::extract::State;
use kaicalls_vocab::LeadField;
use serde_json::{Value, json};

use super::common::{
    check_e164, check_lead_status, is_email, lead_detail, lead_patched, lead_summary, page,
};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::sim;
use crate::state::App;

pub async fn get(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("leads:read")?;
    let db = app.db();
    if let Some(id) = params.get("id") {
        let lead = db
            .leads
            .get(id)
            .filter(|l| caller.can_access(&l.business_id))
            .ok_or_else(|| ApiError::not_found("Lead"))?;
        return Ok(Json(app.corruptions.apply(
            "leads",
            id,
            lead_detail(&db, lead),
        )));
    }
    let status = params.get("status");
    if let Some(s) = status {
        check_lead_status(s)?;
    }
    let source = params.get("source");
    let agent_id = params.get("agent_id");
    let phone = params.get("phone");
    let email = params.get("email");
    let limit = params.int("limit", 50, 1, 100)? as usize;
    let after = params.ts("after")?;
    let (leads, has_more) = page(
        &db.leads,
        |l| l.created_at,
        after,
        limit,
        |l| {
            caller.can_access(&l.business_id)
                && status.is_none_or(|s| l.status == s)
                && source.is_none_or(|s| l.source == s)
                && agent_id.is_none_or(|a| l.agent_id.as_deref() == Some(a))
                && phone.is_none_or(|p| l.phone.as_deref() == Some(p))
                && email.is_none_or(|e| {
                    l.email
                        .as_deref()
                        .is_some_and(|le| le.eq_ignore_ascii_case(e))
                })
        },
    );
    let leads: Vec<Value> = leads
        .into_iter()
        .map(|l| app.corruptions.apply("leads", &l.id, lead_summary(&db, l)))
        .collect();
    Ok(Json(json!({ "leads": leads, "has_more": has_more })))
}

pub async fn update(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Json<Value>> {
    caller.require("leads:write")?;
    let id = body.required_str("id")?;
    let mut fields: Vec<(&str, Option<String>)> = Vec::new();
    for field in LeadField::ALL {
        let field = field.as_str();
        fields.push((field, body.opt_str(field)?));
    }
    let get = |name: &str| {
        fields
            .iter()
            .find(|(f, _)| *f == name)
            .and_then(|(_, v)| v.clone())
    };
    if let Some(s) = get("status") {
        check_lead_status(&s)?;
    }
    if let Some(e) = get("email") {
        if !is_email(&e) {
            return Err(ApiError::validation("email is not a valid email address"));
        }
    }
    if let Some(p) = get("phone") {
        check_e164("phone", &p)?;
    }

    let mut db = app.db_mut();
    let at = db.now();
    let lead = db
        .leads
        .get_mut(&id)
        .filter(|l| caller.can_access(&l.business_id))
        .ok_or_else(|| ApiError::not_found("Lead"))?;
    let before = serde_json::to_value(&*lead).unwrap_or(Value::Null);
    if let Some(name) = get("name") {
        sim::set_name(lead, &name);
    }
    let set = |slot: &mut Option<String>, v: Option<String>| {
        if let Some(v) = v {
            *slot = Some(v);
        }
    };
    let first = get("first_name");
    let last = get("last_name");
    let names_changed = first.is_some() || last.is_some();
    set(&mut lead.first_name, first);
    set(&mut lead.last_name, last);
    if names_changed && get("name").is_none() {
        let full = [lead.first_name.as_deref(), lead.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        lead.name = Some(full);
    }
    set(&mut lead.email, get("email"));
    set(&mut lead.phone, get("phone"));
    if let Some(s) = get("status") {
        lead.status = s;
    }
    if let Some(s) = get("source") {
        lead.source = s;
    }
    set(&mut lead.notes, get("notes"));
    set(&mut lead.address, get("address"));
    set(&mut lead.city, get("city"));
    set(&mut lead.state, get("state"));
    set(&mut lead.zip, get("zip"));
    if serde_json::to_value(&*lead).unwrap_or(Value::Null) != before {
        lead.updated_at = at;
    }
    let lead = lead.clone();
    Ok(Json(lead_patched(&db, &lead)))
}
