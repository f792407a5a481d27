//! Carrying out one SDR action, shared by `POST /sdr/action` and `POST /sdr/run`.
//!
//! An action is first *planned* (everything checked and resolved while reading the
//! database: the lead's phone or email, the agent that calls or texts) and then
//! *executed*. A dry run plans without executing, so it predicts the same failures a real
//! run would meet before dispatching, and writes nothing.
//!
//! Decisions the reference leaves open:
//! - `call`, `email` and `sms` are touches: `touch_count + 1`, `last_touch = now`, and a
//!   `new` lead becomes `contacted`. A touch the carrier refused (the number is on the
//!   DNC list, never opted in, the SMS or dial failed) still counts as an *attempt*
//!   (touch count and last touch move, status does not), so cadence and `max_touches`
//!   bound how often a bad number is retried instead of retrying it on every run. The
//!   answer is then `success: false` with `<code>: <message>` in `detail`.
//! - `email` is recorded only (the sandbox has no email system): "Email queued".
//! - Calls and texts go out as `sdr_agent_id`, else the business's first agent that has
//!   a phone number.
//! - Manual actions are allowed on paused leads (pausing stops the dispatcher only).

use axum::http::StatusCode;
use chrono::Timelike;
use serde_json::{Value, json};

use super::segments::{NextAction, Segment};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::model::{Lead, SdrActivity, SdrConfig};
use crate::routes::calls::{NewCall, place_call};
use crate::routes::sms::{DELIVERY_ERRORS, NewSms, send_sms};
use crate::state::{App, Db};
use crate::time::Ts;

/// An action `POST /sdr/action` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Call,
    Email,
    Sms,
    Skip,
    Pause,
    Resume,
}

impl Action {
    /// Every action, in the reference's order (also the report's `actions` keys).
    pub const ALL: [Action; 6] = [
        Action::Call,
        Action::Email,
        Action::Sms,
        Action::Skip,
        Action::Pause,
        Action::Resume,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Call => "call",
            Action::Email => "email",
            Action::Sms => "sms",
            Action::Skip => "skip",
            Action::Pause => "pause",
            Action::Resume => "resume",
        }
    }

    /// The action with this API name.
    pub fn parse(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }

    /// Whether it reaches the lead (and so is subject to cadence).
    pub fn is_touch(self) -> bool {
        matches!(self, Action::Call | Action::Email | Action::Sms)
    }

    /// The touch the dispatcher makes for a next-best action, if any.
    pub fn for_next(next: NextAction) -> Option<Action> {
        match next {
            NextAction::Call => Some(Action::Call),
            NextAction::Email => Some(Action::Email),
            NextAction::Sms => Some(Action::Sms),
            NextAction::Skip | NextAction::Escalate => None,
        }
    }
}

/// Why cadence refuses to touch a lead now.
#[derive(Debug, Clone, Copy)]
pub enum Refusal {
    /// The lead has had `max_touches` touches; no later time will do.
    Exhausted(i64),
    /// `min_touch_gap_hours` since the last touch have not passed yet.
    TooSoon(Ts),
}

impl Refusal {
    /// The 429 answer: `nextAllowedAt` beside the error, `Retry-After` only when waiting
    /// can help.
    pub fn error(self, now: Ts) -> ApiError {
        match self {
            Refusal::Exhausted(max) => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("This lead has had the maximum of {max} touches"),
            )
            .with_extra("nextAllowedAt", Value::Null),
            Refusal::TooSoon(next) => {
                let ms = (next.0 - now.0).num_milliseconds().max(0);
                let secs = u64::try_from((ms + 999) / 1_000).unwrap_or(1);
                ApiError::rate_limited(
                    secs,
                    format!(
                        "Too soon after the last touch: next touch allowed at {}",
                        next.to_rfc3339()
                    ),
                )
                .with_extra("nextAllowedAt", json!(next))
            }
        }
    }
}

/// Whether cadence allows touching `lead` at `now`.
pub fn cadence(config: &SdrConfig, lead: &Lead, now: Ts) -> Result<(), Refusal> {
    if i64::from(lead.touch_count) >= config.max_touches {
        return Err(Refusal::Exhausted(config.max_touches));
    }
    if let Some(last) = lead.last_touch {
        let next = last.plus_secs(config.min_touch_gap_hours.saturating_mul(3_600));
        if next > now {
            return Err(Refusal::TooSoon(next));
        }
    }
    Ok(())
}

/// Whether `now` is within business hours. Hours are UTC (the sandbox knows no caller
/// time zone); `start == end` means always open; `start > end` spans midnight.
pub fn open_at(config: &SdrConfig, now: Ts) -> bool {
    let hour = i64::from(now.0.hour());
    let (start, end) = (config.business_hours_start, config.business_hours_end);
    match start.cmp(&end) {
        std::cmp::Ordering::Equal => true,
        std::cmp::Ordering::Less => start <= hour && hour < end,
        std::cmp::Ordering::Greater => hour >= start || hour < end,
    }
}

/// Whether the dispatcher may make this touch on its own.
pub fn automatic(config: &SdrConfig, action: Action) -> bool {
    match action {
        Action::Call => config.auto_call,
        Action::Email => config.auto_email,
        Action::Sms => config.auto_sms,
        Action::Skip | Action::Pause | Action::Resume => false,
    }
}

/// One action, checked and resolved, ready to execute.
#[derive(Debug, Clone)]
pub struct Plan {
    pub action: Action,
    pub lead_id: String,
    pub business_id: String,
    pub segment: Segment,
    agent_id: String,
    phone: String,
    name: Option<String>,
    message: String,
}

/// The agent SDR touches go out as.
fn sdr_agent(db: &Db, config: &SdrConfig, business_id: &str) -> ApiResult<(String, String)> {
    let configured = config
        .sdr_agent_id
        .as_ref()
        .and_then(|id| db.agents.get(id))
        .filter(|a| a.business_id == business_id);
    configured
        .or_else(|| {
            db.agents
                .values()
                .find(|a| a.business_id == business_id && db.agent_phone(&a.id).is_some())
        })
        .map(|a| (a.id.clone(), a.name.clone()))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "No agent with a phone number in this business to call or text from",
            )
        })
}

/// Checks that `action` can be carried out on `lead` and resolves what it needs.
pub fn plan(
    db: &Db,
    config: &SdrConfig,
    lead: &Lead,
    action: Action,
    segment: Segment,
) -> ApiResult<Plan> {
    let mut plan = Plan {
        action,
        lead_id: lead.id.clone(),
        business_id: lead.business_id.clone(),
        segment,
        agent_id: String::new(),
        phone: String::new(),
        name: lead.name.clone(),
        message: String::new(),
    };
    match action {
        Action::Call | Action::Sms => {
            plan.phone = lead.phone.clone().ok_or_else(|| {
                ApiError::validation(format!(
                    "This lead has no phone number (action: {})",
                    action.as_str()
                ))
            })?;
            let (agent_id, agent_name) = sdr_agent(db, config, &lead.business_id)?;
            let business = db
                .businesses
                .get(&lead.business_id)
                .map(|b| b.name.as_str())
                .unwrap_or("our office");
            plan.agent_id = agent_id;
            plan.message = format!(
                "Hi {}, this is {agent_name} from {business}. Following up on your inquiry: \
                 reply here and we'll help with next steps.",
                lead.first_name.as_deref().unwrap_or("there"),
            );
        }
        Action::Email if lead.email.is_none() => {
            return Err(ApiError::validation(
                "This lead has no email address (action: email)",
            ));
        }
        Action::Email | Action::Skip | Action::Pause | Action::Resume => {}
    }
    Ok(plan)
}

/// What an executed action did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub success: bool,
    pub detail: String,
    pub activity_id: String,
}

/// Sorts an upstream result: delivered, refused for this person (`codes`: a failed
/// attempt), or an error to return as is.
fn attempt(result: ApiResult<&str>, codes: &[&str]) -> ApiResult<Result<String, String>> {
    match result {
        Ok(detail) => Ok(Ok(detail.to_string())),
        Err(e) if codes.contains(&e.code) => Ok(Err(format!("{}: {}", e.code, e.message))),
        Err(e) => Err(e),
    }
}

/// Carries out a plan and writes its activity row. The caller's scope must already have
/// been checked.
pub fn execute(app: &App, caller: &Caller, plan: Plan) -> ApiResult<Outcome> {
    let result = match plan.action {
        Action::Call => {
            let placed = place_call(
                app,
                caller,
                NewCall {
                    agent_id: plan.agent_id.clone(),
                    to: plan.phone.clone(),
                    name: plan.name.clone(),
                    context: Some(format!("SDR follow-up ({})", plan.segment.as_str())),
                    lead_id: Some(plan.lead_id.clone()),
                    ..NewCall::default()
                },
            );
            attempt(placed.map(|_| "Call queued"), &["call_failed"])?
        }
        Action::Sms => {
            let sent = send_sms(
                &mut app.db_mut(),
                caller,
                NewSms {
                    to: plan.phone.clone(),
                    from_agent_id: plan.agent_id.clone(),
                    message: plan.message.clone(),
                    lead_id: Some(plan.lead_id.clone()),
                },
            );
            attempt(sent.map(|_| "SMS sent"), DELIVERY_ERRORS)?
        }
        Action::Email => Ok("Email queued".to_string()),
        Action::Skip => Ok("Skipped".to_string()),
        Action::Pause => Ok("Paused".to_string()),
        Action::Resume => Ok("Resumed".to_string()),
    };
    Ok(record(&mut app.db_mut(), &plan, result))
}

/// Updates the lead and appends the activity row.
fn record(db: &mut Db, plan: &Plan, result: Result<String, String>) -> Outcome {
    let at = db.now();
    if let Some(lead) = db.leads.get_mut(&plan.lead_id) {
        match plan.action {
            Action::Call | Action::Email | Action::Sms => {
                lead.touch_count = lead.touch_count.saturating_add(1);
                lead.last_touch = Some(at);
                if result.is_ok() && lead.status == "new" {
                    lead.status = "contacted".into();
                }
                lead.updated_at = at;
            }
            Action::Pause | Action::Resume => {
                lead.paused = plan.action == Action::Pause;
                lead.updated_at = at;
            }
            Action::Skip => {}
        }
    }
    let (success, detail) = match result {
        Ok(detail) => (true, detail),
        Err(detail) => (false, detail),
    };
    let row = SdrActivity {
        id: db.uuid(),
        business_id: plan.business_id.clone(),
        lead_id: plan.lead_id.clone(),
        action: plan.action.as_str().to_string(),
        success,
        detail: detail.clone(),
        segment: Some(plan.segment.as_str().to_string()),
        created_at: db.now(),
    };
    let activity_id = row.id.clone();
    db.sdr_activity.insert(row.id.clone(), row);
    Outcome {
        success,
        detail,
        activity_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn business_hours() {
        let at = |h: u32| {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 4, 14).unwrap_or_default();
            Ts(day.and_hms_opt(h, 30, 0).unwrap_or_default().and_utc())
        };
        let mut c = SdrConfig::default();
        assert!(open_at(&c, at(9)) && open_at(&c, at(16)));
        assert!(!open_at(&c, at(17)) && !open_at(&c, at(8)));
        (c.business_hours_start, c.business_hours_end) = (22, 6);
        assert!(open_at(&c, at(23)) && open_at(&c, at(2)));
        assert!(!open_at(&c, at(6)) && !open_at(&c, at(12)));
        (c.business_hours_start, c.business_hours_end) = (8, 8);
        assert!((0..24).all(|h| open_at(&c, at(h))));
    }
}
