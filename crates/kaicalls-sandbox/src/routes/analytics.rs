//! `/api/v1/analytics/*`: aggregates over the stored calls and leads of the businesses the
//! key can access. The handlers only pick records (by period, agent, source) under the
//! lock; every number comes from the pure functions in [`stats`].
//!
//! Decisions where the reference is silent (also in the crate README):
//! - Scopes: `funnel` needs `leads:read` (documented); the others need `calls:read`,
//!   even where they also count leads, because they are call-volume reports first.
//! - `days`: default 30; above 90 it is capped at 90 (`period.days` says so); below 1 or
//!   not a number is `validation_error`. `period.since` is now minus `days`, and a record
//!   counts when its `created_at` is at or after it. `weekly` takes no `days`.
//! - `agent_id` must name an agent the key can see, else 404 `not_found`.
//! - Lists of agents are ordered busiest first (ties by agent id); `top_by_calls` and
//!   `top_agents` keep the first five and only agents with calls in the period.
//! - `completed` counts calls whose status is `completed` or `ended`; averages divide by
//!   all calls (unanswered ones count 0 s), rounded half up to whole seconds.
//! - The dashboard's `recent` is the five newest leads of the period. `weekly`'s change
//!   from 0 is 0 when this week is 0 too, else 100.

mod stats;

use axum::Json;
use axum::extract::State;
use axum::routing::get;
use serde_json::{Value, json};

use self::stats::{CallTotals, GroupBy, LeadCounts, by_agent, change, funnel, num, timeline};
use super::common::{agent_name, created_in, since};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use crate::model::{Call, Lead};
use crate::state::{App, Db};
use crate::time::Ts;

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/api/v1/analytics/dashboard", get(dashboard))
        .route("/api/v1/analytics/calls", get(calls))
        .route("/api/v1/analytics/funnel", get(funnel_report))
        .route("/api/v1/analytics/agents", get(agents))
        .route("/api/v1/analytics/weekly", get(weekly))
        .route("/api/v1/analytics/businesses", get(businesses))
}

/// How many agents the "top" lists show.
const TOP_AGENTS: usize = 5;
/// How many leads the dashboard's `recent` list shows.
const RECENT_LEADS: usize = 5;
const DAY_SECS: i64 = 86_400;

/// The look-back period every report but `weekly` takes.
struct Period {
    days: i64,
    since: Ts,
}

impl Period {
    fn from(params: &Params) -> ApiResult<Period> {
        let days = params.int("days", 30, 1, 90)?;
        Ok(Period {
            days,
            since: since(days),
        })
    }

    fn json(&self) -> Value {
        json!({ "days": self.days, "since": self.since })
    }
}

/// Accessible calls created in `[start, end)` (open-ended without `end`). Collections are
/// in `created_at` order, so the start is found by binary search.
fn calls_in<'a>(db: &'a Db, caller: &Caller, start: Ts, end: Option<Ts>) -> Vec<&'a Call> {
    created_in(&db.calls, |c| c.created_at, start, end)
        .filter(|c| caller.can_access(&c.business_id))
        .collect()
}

/// Accessible leads created in `[start, end)`, oldest first.
fn leads_in<'a>(db: &'a Db, caller: &Caller, start: Ts, end: Option<Ts>) -> Vec<&'a Lead> {
    created_in(&db.leads, |l| l.created_at, start, end)
        .filter(|l| caller.can_access(&l.business_id))
        .collect()
}

/// The `agent_id` filter, checked against the agents the key can see.
fn agent_filter<'a>(db: &Db, caller: &Caller, params: &'a Params) -> ApiResult<Option<&'a str>> {
    match params.get("agent_id") {
        Some(id) => super::agents::find(db, caller, id).map(|_| Some(id)),
        None => Ok(None),
    }
}

fn calls_json(t: &CallTotals) -> Value {
    json!({
        "total": t.total,
        "completed": t.completed,
        "total_duration_seconds": t.duration,
        "avg_duration_seconds": t.avg(),
    })
}

fn leads_json(n: &LeadCounts) -> Value {
    json!({
        "total": n.total,
        "converted": n.converted,
        "conversion_rate": num(n.conversion_rate()),
    })
}

async fn dashboard(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let period = Period::from(&params)?;
    let db = app.db();
    let calls = calls_in(&db, &caller, period.since, None);
    let leads = leads_in(&db, &caller, period.since, None);
    let n = LeadCounts::of(leads.iter().copied());
    let recent: Vec<Value> = leads
        .iter()
        .rev()
        .take(RECENT_LEADS)
        .map(|l| {
            json!({
                "id": l.id,
                "name": l.name,
                "status": l.status,
                "source": l.source,
                "created_at": l.created_at,
            })
        })
        .collect();
    let top: Vec<Value> = by_agent(calls.iter().copied())
        .into_iter()
        .take(TOP_AGENTS)
        .map(|(id, t)| {
            json!({
                "agent_id": id,
                "name": agent_name(&db, Some(&id)),
                "count": t.total,
                "total_duration": t.duration,
                "avg_duration": t.avg(),
            })
        })
        .collect();
    let agents_total = db
        .agents
        .values()
        .filter(|a| caller.can_access(&a.business_id))
        .count();
    Ok(Json(json!({
        "period": period.json(),
        "leads": {
            "total": n.total,
            "by_status": {
                "new": n.new,
                "contacted": n.contacted,
                "qualified": n.qualified,
                "converted": n.converted,
                "lost": n.lost,
            },
            "conversion_rate": num(n.qualified_rate()),
            "recent": recent,
        },
        "calls": calls_json(&CallTotals::of(calls.iter().copied())),
        "agents": { "total": agents_total, "top_by_calls": top },
    })))
}

async fn calls(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let period = Period::from(&params)?;
    let (group_by, group_name) = match params.get("group_by") {
        None | Some("day") => (GroupBy::Day, "day"),
        Some("week") => (GroupBy::Week, "week"),
        Some(_) => return Err(ApiError::validation("group_by must be \"day\" or \"week\"")),
    };
    let db = app.db();
    let agent_id = agent_filter(&db, &caller, &params)?;
    let calls: Vec<&Call> = calls_in(&db, &caller, period.since, None)
        .into_iter()
        .filter(|c| agent_id.is_none_or(|a| c.agent_id == a))
        .collect();
    let summary = CallTotals::of(calls.iter().copied());
    let timeline: Vec<Value> = timeline(calls.iter().copied(), group_by)
        .into_iter()
        .map(|b| {
            json!({
                "date": b.date.format("%Y-%m-%d").to_string(),
                "total": b.totals.total,
                "completed": b.totals.completed,
                "total_duration": b.totals.duration,
                "avg_duration_seconds": b.totals.avg(),
                "statuses": b.statuses,
            })
        })
        .collect();
    Ok(Json(json!({
        "period": { "days": period.days, "since": period.since, "group_by": group_name },
        "summary": {
            "total_calls": summary.total,
            "total_duration_seconds": summary.duration,
            "avg_duration_seconds": summary.avg(),
        },
        "timeline": timeline,
    })))
}

async fn funnel_report(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("leads:read")?;
    let period = Period::from(&params)?;
    let source = params.get("source");
    let db = app.db();
    let n = LeadCounts::of(
        leads_in(&db, &caller, period.since, None)
            .into_iter()
            .filter(|l| source.is_none_or(|s| l.source == s)),
    );
    let stages: Vec<Value> = funnel(&n)
        .into_iter()
        .map(|s| {
            json!({
                "stage": s.stage,
                "count": s.count,
                "rate_from_top": num(s.rate_from_top),
                "dropoff_rate": num(s.dropoff_rate),
            })
        })
        .collect();
    Ok(Json(json!({
        "period": period.json(),
        "total_leads": n.total,
        "lost": n.lost,
        "funnel": stages,
    })))
}

async fn agents(State(app): State<App>, caller: Caller, params: Params) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let period = Period::from(&params)?;
    let db = app.db();
    let only = agent_filter(&db, &caller, &params)?;
    let calls = calls_in(&db, &caller, period.since, None);
    let leads = leads_in(&db, &caller, period.since, None);
    let mut rows: Vec<(CallTotals, Value)> = db
        .agents
        .values()
        .filter(|a| caller.can_access(&a.business_id) && only.is_none_or(|id| a.id == id))
        .map(|a| {
            let t = CallTotals::of(calls.iter().copied().filter(|c| c.agent_id == a.id));
            let n = LeadCounts::of(
                leads
                    .iter()
                    .copied()
                    .filter(|l| l.agent_id.as_deref() == Some(a.id.as_str())),
            );
            let row = json!({
                "agent_id": a.id,
                "agent_name": a.name,
                "calls": {
                    "total": t.total,
                    "completed": t.completed,
                    "avg_duration_seconds": t.avg(),
                    "total_duration_seconds": t.duration,
                },
                "leads": leads_json(&n),
            });
            (t, row)
        })
        .collect();
    rows.sort_by(|a, b| {
        b.0.total
            .cmp(&a.0.total)
            .then_with(|| a.1["agent_id"].as_str().cmp(&b.1["agent_id"].as_str()))
    });
    let rows: Vec<Value> = rows.into_iter().map(|(_, row)| row).collect();
    Ok(Json(json!({ "period": period.json(), "agents": rows })))
}

async fn weekly(State(app): State<App>, caller: Caller) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let now = Ts::now();
    let this_start = now.plus_secs(-7 * DAY_SECS);
    let last_start = now.plus_secs(-14 * DAY_SECS);
    let db = app.db();
    let this_calls = calls_in(&db, &caller, this_start, Some(now));
    let this = CallTotals::of(this_calls.iter().copied());
    let last = CallTotals::of(calls_in(&db, &caller, last_start, Some(this_start)));
    let this_leads = LeadCounts::of(leads_in(&db, &caller, this_start, Some(now)));
    let last_leads = LeadCounts::of(leads_in(&db, &caller, last_start, Some(this_start)));
    let top: Vec<Value> = by_agent(this_calls.iter().copied())
        .into_iter()
        .take(TOP_AGENTS)
        .map(|(id, t)| {
            json!({
                "agent_id": id,
                "agent_name": agent_name(&db, Some(&id)),
                "total_calls": t.total,
                "total_duration_seconds": t.duration,
            })
        })
        .collect();
    Ok(Json(json!({
        "period": {
            "this_week": { "start": this_start, "end": now },
            "last_week": { "start": last_start, "end": this_start },
        },
        "calls": {
            "this_week": calls_json(&this),
            "last_week": calls_json(&last),
            "change": {
                "total": num(change(this.total, last.total)),
                "completed": num(change(this.completed, last.completed)),
                "avg_duration": num(change(this.avg(), last.avg())),
            },
        },
        "leads": {
            "this_week": leads_json(&this_leads),
            "last_week": leads_json(&last_leads),
            "change": {
                "total": num(change(this_leads.total, last_leads.total)),
                "converted": num(change(this_leads.converted, last_leads.converted)),
            },
        },
        "top_agents": top,
    })))
}

async fn businesses(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("calls:read")?;
    let period = Period::from(&params)?;
    let db = app.db();
    let calls = calls_in(&db, &caller, period.since, None);
    let leads = leads_in(&db, &caller, period.since, None);
    let rows: Vec<Value> = db
        .businesses
        .values()
        .filter(|b| caller.can_access(&b.id))
        .map(|b| {
            let t = CallTotals::of(calls.iter().copied().filter(|c| c.business_id == b.id));
            let n = LeadCounts::of(leads.iter().copied().filter(|l| l.business_id == b.id));
            json!({
                "business_id": b.id,
                "business_name": b.name,
                "calls": {
                    "total": t.total,
                    "completed": t.completed,
                    "avg_duration_seconds": t.avg(),
                },
                "leads": leads_json(&n),
            })
        })
        .collect();
    Ok(Json(json!({ "period": period.json(), "businesses": rows })))
}
