//! `GET`/`PUT /api/sdr/config`: a business's SDR settings, or the safe defaults
//! (automation off) when none were saved.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::bound_business;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::SdrConfig;
use crate::state::App;

/// Longest gap between touches the sandbox accepts (a year); the reference sets none.
const MAX_GAP_HOURS: i64 = 8_760;
/// Highest touch cap the sandbox accepts; the reference sets none.
const MAX_TOUCHES: i64 = 100;

/// The config as both routes answer it.
pub fn view(business_id: &str, c: &SdrConfig) -> Value {
    json!({
        "businessId": business_id,
        "enabled": c.enabled,
        "min_touch_gap_hours": c.min_touch_gap_hours,
        "max_touches": c.max_touches,
        "auto_call": c.auto_call,
        "auto_email": c.auto_email,
        "auto_sms": c.auto_sms,
        "sdr_agent_id": c.sdr_agent_id,
        "business_hours_start": c.business_hours_start,
        "business_hours_end": c.business_hours_end,
        "email_from_account_id": c.email_from_account_id,
        "updated_at": c.updated_at,
    })
}

pub async fn get(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("sdr:read")?;
    let business_id = bound_business(&caller, params.required("businessId")?)?;
    let config = app.db().sdr_config(&business_id);
    Ok(Json(view(&business_id, &config)))
}

/// A field that may be set to a string or cleared with `null` or `""`:
/// `None` = leave alone, `Some(None)` = clear.
fn nullable_str(body: &Body, field: &str) -> ApiResult<Option<Option<String>>> {
    match body.0.get(field) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) => Ok(Some(Some(s.trim().to_string()))),
        Some(_) => Err(ApiError::validation(format!(
            "`{field}` must be a string or null"
        ))),
    }
}

/// Upserts the fields present; the rest keep their stored (or default) values. Every
/// field is validated before anything is written.
pub async fn put(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Json<Value>> {
    caller.require("sdr:write")?;
    let business_id = bound_business(&caller, &body.required_str("businessId")?)?;
    let enabled = body.opt_bool("enabled")?;
    let gap = body.opt_int("min_touch_gap_hours", 0, MAX_GAP_HOURS)?;
    let max_touches = body.opt_int("max_touches", 1, MAX_TOUCHES)?;
    let auto_call = body.opt_bool("auto_call")?;
    let auto_email = body.opt_bool("auto_email")?;
    let auto_sms = body.opt_bool("auto_sms")?;
    let start = body.opt_int("business_hours_start", 0, 23)?;
    let end = body.opt_int("business_hours_end", 0, 23)?;
    let agent = nullable_str(&body, "sdr_agent_id")?;
    let email_from = nullable_str(&body, "email_from_account_id")?;

    let mut db = app.db_mut();
    if let Some(Some(agent_id)) = &agent {
        let ours = db
            .agents
            .get(agent_id)
            .is_some_and(|a| a.business_id == business_id);
        if !ours {
            return Err(ApiError::validation(
                "`sdr_agent_id` must be an agent of this business",
            ));
        }
    }
    let mut config = db.sdr_config(&business_id);
    let set = |slot: &mut bool, v: Option<bool>| {
        if let Some(v) = v {
            *slot = v;
        }
    };
    set(&mut config.enabled, enabled);
    set(&mut config.auto_call, auto_call);
    set(&mut config.auto_email, auto_email);
    set(&mut config.auto_sms, auto_sms);
    let set = |slot: &mut i64, v: Option<i64>| {
        if let Some(v) = v {
            *slot = v;
        }
    };
    set(&mut config.min_touch_gap_hours, gap);
    set(&mut config.max_touches, max_touches);
    set(&mut config.business_hours_start, start);
    set(&mut config.business_hours_end, end);
    if let Some(v) = agent {
        config.sdr_agent_id = v;
    }
    if let Some(v) = email_from {
        config.email_from_account_id = v;
    }
    config.updated_at = Some(db.now());
    db.sdr_configs.insert(business_id.clone(), config.clone());
    Ok(Json(view(&business_id, &config)))
}
