//! `/api/v1/evals/run`: start runs (one scenario, or every scenario of an agent) and
//! poll them.
//!
//! A run's outcome is computed when it is created (the simulated conversation and the
//! judges are deterministic) but only revealed once it has `ended`. Its status follows
//! from the clock: `queued` for the first tenth of `eval_duration`, `in-progress` until
//! `ends_at`, then `ended`; so no background task exists and a restart loses nothing.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::judge::{self, Persona};
use super::{find, find_agent, vapi_error};
use crate::auth::{Caller, with_effect};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Body, Params};
use crate::model::{Eval, EvalRun};
use crate::state::{App, Db};
use crate::time::Ts;

/// `max_wait_ms` when none is given, and its ceiling (larger values are clamped).
const DEFAULT_WAIT_MS: i64 = 60_000;
const MAX_WAIT_MS: i64 = 110_000;
/// How many runs `GET ?agent_id=` lists.
const RECENT_RUNS: usize = 50;

fn status(run: &EvalRun, now: Ts) -> &'static str {
    if now < run.starts_at {
        "queued"
    } else if now < run.ends_at {
        "in-progress"
    } else {
        "ended"
    }
}

/// The single-run shape; `passed` and `results` stay hidden until the run has ended.
fn view(run: &EvalRun, now: Ts) -> Value {
    let status = status(run, now);
    let ended = status == "ended";
    json!({
        "run_id": run.id,
        "vapi_run_id": run.vapi_run_id,
        "status": status,
        "passed": ended.then_some(run.passed),
        "results": if ended { run.results.clone() } else { Vec::new() },
    })
}

/// Creates a run of `eval`, playing the scenario against its agent now.
fn new_run(db: &mut Db, eval: &Eval, duration: Duration) -> ApiResult<EvalRun> {
    let agent = db
        .agents
        .get(&eval.agent_id)
        .ok_or_else(|| ApiError::not_found("Agent"))?;
    let business_name = db
        .businesses
        .get(&agent.business_id)
        .map(|b| b.name.as_str())
        .unwrap_or_default();
    let persona = Persona {
        agent_name: &agent.name,
        business_name,
        prompt: &agent.inbound_prompt,
        first_message: &agent.first_message,
    };
    let (passed, result) = judge::play(&persona, &eval.messages);
    let micros = i64::try_from(duration.as_micros()).unwrap_or(i64::MAX / 2);
    let created_at = db.now();
    Ok(EvalRun {
        id: db.uuid(),
        vapi_run_id: format!("vapi-run-{}", db.hex(12)),
        eval_id: eval.id.clone(),
        agent_id: eval.agent_id.clone(),
        business_id: eval.business_id.clone(),
        created_at,
        starts_at: created_at.plus_micros(micros / 10),
        ends_at: created_at.plus_micros(micros),
        passed,
        results: vec![result],
    })
}

/// `max_wait_ms`: default 60 s, clamped to 110 s; negative or non-integer is invalid.
fn max_wait(body: &Body) -> ApiResult<Duration> {
    let ms = match body.0.get("max_wait_ms") {
        None | Some(Value::Null) => DEFAULT_WAIT_MS,
        Some(v) => match v.as_i64() {
            Some(ms) if ms >= 0 => ms.min(MAX_WAIT_MS),
            _ => {
                return Err(ApiError::validation(
                    "max_wait_ms must be a non-negative integer (at most 110000)",
                ));
            }
        },
    };
    Ok(Duration::from_millis(ms.unsigned_abs()))
}

/// Sleeps (holding no lock) until `ends_at` has passed, `max_wait` has elapsed or the
/// sandbox shuts down, whichever comes first.
async fn wait_until(app: &App, ends_at: Ts, max_wait: Duration) {
    let deadline = tokio::time::Instant::now() + max_wait;
    loop {
        let now = Ts::now();
        if now >= ends_at || tokio::time::Instant::now() >= deadline {
            return;
        }
        let left = (ends_at.0 - now.0).to_std().unwrap_or_default() + Duration::from_millis(1);
        let wake = deadline.min(tokio::time::Instant::now() + left);
        tokio::select! {
            () = tokio::time::sleep_until(wake) => {}
            () = app.cancel.cancelled() => return,
        }
    }
}

/// `POST /evals/run {eval_id | agent_id, wait?, max_wait_ms?}`.
pub async fn start(State(app): State<App>, caller: Caller, body: Body) -> ApiResult<Response> {
    caller.require("evals:write")?;
    let eval_id = body.opt_str("eval_id")?.filter(|s| !s.trim().is_empty());
    let agent_id = body.opt_str("agent_id")?.filter(|s| !s.trim().is_empty());
    let wait = body.opt_bool("wait")?.unwrap_or(true);
    let max_wait = max_wait(&body)?;
    if eval_id.is_none() && agent_id.is_none() {
        return Err(ApiError::invalid_request(
            "Provide eval_id (one scenario) or agent_id (every scenario of the agent)",
        ));
    }

    let (runs, names) = {
        let mut db = app.db_mut();
        let evals: Vec<Eval> = match &eval_id {
            Some(id) => {
                let eval = find(&db, &caller, id)?;
                if agent_id.as_ref().is_some_and(|a| *a != eval.agent_id) {
                    return Err(ApiError::validation(
                        "agent_id does not match the eval's agent (send one or the other)",
                    ));
                }
                vec![eval.clone()]
            }
            None => {
                let agent = find_agent(&db, &caller, agent_id.as_deref().unwrap_or_default())?;
                let agent_id = agent.id.clone();
                db.evals
                    .values()
                    .filter(|e| e.agent_id == agent_id)
                    .cloned()
                    .collect()
            }
        };
        if app.settings.lock().vapi_down {
            return Err(vapi_error());
        }
        let mut runs = Vec::with_capacity(evals.len());
        for eval in &evals {
            runs.push(new_run(&mut db, eval, app.config.eval_duration)?);
        }
        for run in &runs {
            db.eval_runs.insert(run.id.clone(), run.clone());
        }
        let names: Vec<String> = evals.into_iter().map(|e| e.name).collect();
        (runs, names)
    };

    if wait {
        if let Some(last) = runs.iter().map(|r| r.ends_at).max() {
            wait_until(&app, last, max_wait).await;
        }
    }
    let now = Ts::now();
    let first = runs.first().map(|r| r.id.clone());
    let body = if eval_id.is_some() {
        runs.first().map(|r| view(r, now)).unwrap_or(Value::Null)
    } else {
        fan_out(&runs, &names, now)
    };
    let response = Json(body).into_response();
    Ok(match first {
        Some(id) => with_effect(response, "eval_run", id),
        None => response,
    })
}

/// The fan-out summary: counts, and one line per scenario.
fn fan_out(runs: &[EvalRun], names: &[String], now: Ts) -> Value {
    let mut completed = 0;
    let mut passed = 0;
    let mut results = Vec::with_capacity(runs.len());
    for (run, name) in runs.iter().zip(names) {
        let status = status(run, now);
        let ended = status == "ended";
        if ended {
            completed += 1;
            if run.passed {
                passed += 1;
            }
        }
        results.push(json!({
            "eval_id": run.eval_id,
            "name": name,
            "run_id": run.id,
            "vapi_run_id": run.vapi_run_id,
            "status": status,
            "passed": ended.then_some(run.passed),
        }));
    }
    json!({
        "total": runs.len(),
        "completed": completed,
        "passed": passed,
        "failed": completed - passed,
        "results": results,
    })
}

/// `GET /evals/run?run_id= | ?vapi_run_id= | ?agent_id=`.
pub async fn poll(
    State(app): State<App>,
    caller: Caller,
    params: Params,
) -> ApiResult<Json<Value>> {
    caller.require("evals:read")?;
    let db = app.db();
    let now = Ts::now();
    let visible = |r: &&EvalRun| caller.can_access(&r.business_id);
    if let Some(id) = params.get("run_id") {
        let run = db.eval_runs.get(id).filter(visible);
        return run
            .map(|r| Json(view(r, now)))
            .ok_or_else(|| ApiError::not_found("Eval run"));
    }
    if let Some(vapi_id) = params.get("vapi_run_id") {
        let run = db
            .eval_runs
            .values()
            .filter(visible)
            .find(|r| r.vapi_run_id == vapi_id);
        return run
            .map(|r| Json(view(r, now)))
            .ok_or_else(|| ApiError::not_found("Eval run"));
    }
    let Some(agent_id) = params.get("agent_id") else {
        return Err(ApiError::invalid_request(
            "Provide run_id, vapi_run_id or agent_id",
        ));
    };
    find_agent(&db, &caller, agent_id)?;
    let runs: Vec<Value> = db
        .eval_runs
        .values()
        .rev()
        .filter(|r| r.agent_id == agent_id)
        .take(RECENT_RUNS)
        .map(|r| {
            let mut v = view(r, now);
            if let Value::Object(m) = &mut v {
                m.insert("eval_id".into(), json!(r.eval_id));
                m.insert("created_at".into(), json!(r.created_at));
            }
            v
        })
        .collect();
    Ok(Json(json!({ "runs": runs })))
}
