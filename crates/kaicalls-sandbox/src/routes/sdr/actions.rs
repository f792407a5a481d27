//! `POST /api/sdr/action` (one action on one lead) and `POST /api/sdr/run` (review the
//! whole pipeline and dispatch what is due).

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::bound_business;
use super::dispatch::{Action, automatic, cadence, execute, open_at, plan};
use super::segments::{NextAction, review, segment};
use crate::auth::{Caller, with_effect};
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::state::App;
use crate::time::Ts;

/// Cadence applies to `call`, `email` and `sms`; `skip`, `pause` and `resume` always go
/// through. Refusals and bad input write nothing; every action carried out writes one
/// activity row.
pub async fn action(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("sdr:write")?;
    let business_id = body.required_str("businessId")?;
    let lead_id = body.required_str("leadId")?;
    let action = body.required_str("action")?;
    let action = Action::parse(action.trim()).ok_or_else(|| {
        ApiError::validation("`action` must be one of: call, email, sms, skip, pause, resume")
    })?;
    let business_id = bound_business(&caller, &business_id)?;
    let now = Ts::now();
    let plan = {
        let db = app.db();
        let lead = db
            .leads
            .get(&lead_id)
            .filter(|l| l.business_id == business_id)
            .ok_or_else(|| ApiError::not_found("Lead"))?;
        let config = db.sdr_config(&business_id);
        if action.is_touch() {
            cadence(&config, lead, now).map_err(|r| r.error(now))?;
        }
        let segment = segment(lead, config.max_touches, now);
        plan(&db, &config, lead, action, segment)?
    };
    let outcome = execute(&app, &caller, plan)?;
    let body = Json(json!({
        "success": outcome.success,
        "action": action.as_str(),
        "leadId": lead_id,
        "detail": outcome.detail,
    }));
    Ok(with_effect(body, "sdr_action", outcome.activity_id))
}

/// What a run decided for one lead.
enum Step {
    /// Hand to a person (counted, never dispatched).
    Escalate(String),
    /// A touch that passed every check.
    Dispatch(super::dispatch::Plan),
    /// A touch that cannot be made (no agent to call from, no phone...).
    Fail(String, Action, String),
}

fn result(success: bool, action: &str, lead_id: &str, detail: &str) -> Value {
    json!({ "success": success, "action": action, "leadId": lead_id, "detail": detail })
}

/// Reviews every lead and dispatches the touches that are due: the lead's next action
/// is a touch the config lets the dispatcher make (`auto_call` / `auto_email` /
/// `auto_sms`), cadence allows it, and it is business hours (UTC; `start == end` means
/// always). Leads whose next action is `escalate` are counted as `escalated` and listed
/// in `results`; every other lead that is not dispatched counts in `skipped`. A touch
/// that fails (refused for the person: DNC, opt-out, delivery, dial; or impossible: no
/// agent with a number) counts as `failed`, is listed in `results` with
/// `success: false` and in `errors` as `"<leadId>: <detail>"`. `success` says the run
/// itself completed. With `dryRun` nothing is dispatched or written: `results` say what
/// would happen ("Would queue call"), predicting the failures planning can see but not
/// the carrier's.
pub async fn run(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("sdr:write")?;
    let business_id = bound_business(&caller, &body.required_str("businessId")?)?;
    let dry_run = body.opt_bool("dryRun")?.unwrap_or(false);
    let now = Ts::now();
    let mut skipped = 0u64;
    let steps = {
        let db = app.db();
        let config = db.sdr_config(&business_id);
        if !config.enabled {
            return Err(ApiError::invalid_request(
                "SDR is not enabled for this business: enable it with PUT /api/sdr/config",
            ));
        }
        let open = open_at(&config, now);
        let mut steps = Vec::new();
        for r in review(&db, &business_id, &config, now) {
            let lead_id = r.lead.id.clone();
            if r.next_action == NextAction::Escalate {
                steps.push(Step::Escalate(lead_id));
                continue;
            }
            match Action::for_next(r.next_action) {
                Some(a)
                    if open && automatic(&config, a) && cadence(&config, r.lead, now).is_ok() =>
                {
                    steps.push(match plan(&db, &config, r.lead, a, r.segment) {
                        Ok(p) => Step::Dispatch(p),
                        Err(e) => Step::Fail(lead_id, a, e.message),
                    });
                }
                _ => skipped += 1,
            }
        }
        steps
    };

    let (mut calls, mut emails, mut sms, mut escalated, mut failed) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut results = Vec::new();
    let mut errors = Vec::new();
    let mut activity = Vec::new();
    for step in steps {
        let (action, lead_id, outcome) = match step {
            Step::Escalate(lead_id) => {
                escalated += 1;
                results.push(result(true, "escalate", &lead_id, "Needs manual review"));
                continue;
            }
            Step::Fail(lead_id, a, message) => (a, lead_id, Err(message)),
            Step::Dispatch(p) if dry_run => {
                let detail = match p.action {
                    Action::Call => "Would queue call",
                    Action::Email => "Would queue email",
                    _ => "Would send SMS",
                };
                (p.action, p.lead_id, Ok(detail.to_string()))
            }
            Step::Dispatch(p) => {
                let (a, lead_id) = (p.action, p.lead_id.clone());
                match execute(&app, &caller, p) {
                    Ok(o) => {
                        activity.push(o.activity_id);
                        (
                            a,
                            lead_id,
                            if o.success {
                                Ok(o.detail)
                            } else {
                                Err(o.detail)
                            },
                        )
                    }
                    Err(e) => (a, lead_id, Err(e.message)),
                }
            }
        };
        match &outcome {
            Ok(_) if action == Action::Call => calls += 1,
            Ok(_) if action == Action::Email => emails += 1,
            Ok(_) => sms += 1,
            Err(message) => {
                failed += 1;
                errors.push(format!("{lead_id}: {message}"));
            }
        }
        let (success, detail) = match &outcome {
            Ok(d) => (true, d),
            Err(d) => (false, d),
        };
        results.push(result(success, action.as_str(), &lead_id, detail));
    }
    let body = Json(json!({
        "success": true,
        "summary": {
            "calls_queued": calls,
            "emails_queued": emails,
            "sms_sent": sms,
            "escalated": escalated,
            "failed": failed,
        },
        "results": results,
        "skipped": skipped,
        "errors": errors,
    }));
    if activity.is_empty() {
        Ok(body.into_response())
    } else {
        Ok(with_effect(body, "sdr_run", activity.join(",")))
    }
}
