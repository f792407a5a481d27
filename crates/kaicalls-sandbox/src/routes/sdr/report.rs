//! The read-only SDR views: `GET /api/sdr/pipeline`, `/report` and `/activity`.

use axum::Json;
use axum::extract::State;
use chrono::NaiveTime;
use serde_json::{Map, Value, json};

use super::bound_business;
use super::dispatch::Action;
use super::segments::{NextAction, Segment, item, review};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use crate::state::App;
use crate::time::Ts;

/// The sandbox's cap on `limit` for the pipeline (the reference gives only the default).
const MAX_PIPELINE_LIMIT: i64 = 1_000;

/// `summary` covers the business's whole pipeline; `segment` and `limit` narrow only the
/// `leads` list (newest first). `actionable` counts leads whose next action is a touch
/// (call, email, SMS), `needs_manual` those to escalate.
pub async fn pipeline(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("sdr:read")?;
    let business_id = bound_business(&caller, params.required("businessId")?)?;
    let filter = match params.get("segment") {
        None => None,
        Some(name) => Some(Segment::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Segment::ALL.iter().map(|s| s.as_str()).collect();
            ApiError::validation(format!("`segment` must be one of: {}", names.join(", ")))
        })?),
    };
    let limit = params.int("limit", 100, 1, MAX_PIPELINE_LIMIT)? as usize;
    let db = app.db();
    let config = db.sdr_config(&business_id);
    let all = review(&db, &business_id, &config, Ts::now());
    let actionable = all.iter().filter(|r| r.next_action.is_touch()).count();
    let manual = all
        .iter()
        .filter(|r| r.next_action == NextAction::Escalate)
        .count();
    let leads: Vec<Value> = all
        .iter()
        .filter(|r| filter.is_none_or(|s| r.segment == s))
        .take(limit)
        .map(item)
        .collect();
    Ok(Json(json!({
        "businessId": business_id,
        "enabled": config.enabled,
        "summary": {
            "total_leads": all.len(),
            "actionable": actionable,
            "needs_manual": manual,
        },
        "leads": leads,
    })))
}

/// Start of a report period: `today` from midnight UTC, `week` the last 7 days,
/// `month` the last 30 days.
fn period_start(name: &str, now: Ts) -> ApiResult<Ts> {
    match name {
        "today" => Ok(Ts(now.0.date_naive().and_time(NaiveTime::MIN).and_utc())),
        "week" => Ok(now.plus_secs(-7 * 86_400)),
        "month" => Ok(now.plus_secs(-30 * 86_400)),
        _ => Err(ApiError::validation(
            "`period` must be one of: today, week, month",
        )),
    }
}

/// Action and outcome counts come from the activity log within the period, `new_leads`
/// from leads created within it; `hot_leads` and `stale_leads` describe the pipeline now
/// (stale = next action `escalate`, i.e. on manual review).
pub async fn report(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("sdr:read")?;
    let business_id = bound_business(&caller, params.required("businessId")?)?;
    let period = params.get("period").unwrap_or("week");
    let now = Ts::now();
    let since = period_start(period, now)?;
    let db = app.db();
    let mut actions: Map<String, Value> = Action::ALL
        .iter()
        .map(|a| (a.as_str().to_string(), json!(0)))
        .collect();
    let (mut success, mut failed) = (0u64, 0u64);
    let rows = db
        .sdr_activity
        .values()
        .rev()
        .take_while(|a| a.created_at >= since)
        .filter(|a| a.business_id == business_id);
    for row in rows {
        if let Some(n) = actions.get_mut(&row.action) {
            *n = json!(n.as_u64().unwrap_or(0) + 1);
        }
        if row.success {
            success += 1;
        } else {
            failed += 1;
        }
    }
    let new_leads = db
        .leads
        .values()
        .filter(|l| l.business_id == business_id && l.created_at >= since)
        .count();
    let config = db.sdr_config(&business_id);
    let pipeline = review(&db, &business_id, &config, now);
    let hot: Vec<Value> = pipeline
        .iter()
        .filter(|r| r.segment.is_hot())
        .map(item)
        .collect();
    let stale: Vec<Value> = pipeline
        .iter()
        .filter(|r| r.next_action == NextAction::Escalate)
        .map(item)
        .collect();
    Ok(Json(json!({
        "businessId": business_id,
        "period": { "name": period, "since": since },
        "actions": actions,
        "outcomes": { "success": success, "failed": failed },
        "new_leads": new_leads,
        "hot_leads": hot,
        "stale_leads": stale,
    })))
}

pub async fn activity(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("sdr:read")?;
    let business_id = bound_business(&caller, params.required("businessId")?)?;
    let lead_id = params.get("leadId");
    let limit = params.int("limit", 50, 1, 200)? as usize;
    let db = app.db();
    let rows: Vec<Value> = db
        .sdr_activity
        .values()
        .rev()
        .filter(|a| a.business_id == business_id && lead_id.is_none_or(|l| a.lead_id == l))
        .take(limit)
        .map(|a| {
            json!({
                "id": a.id,
                "leadId": a.lead_id,
                "action": a.action,
                "success": a.success,
                "detail": a.detail,
                "segment": a.segment,
                "created_at": a.created_at,
            })
        })
        .collect();
    Ok(Json(json!({ "activity": rows })))
}
