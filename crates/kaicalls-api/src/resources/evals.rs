//! `/api/v1/evals` and `/api/v1/evals/run`.

use std::time::Duration;

use super::group;
use super::wait::{WaitOptions, poll};
use crate::error::Result;
use crate::models::{
    Ack, CreateEval, Eval, EvalFanOut, EvalRun, EvalRunsList, EvalsList, RunEvalBody, RunOptions,
    RunRef, UpdateEval,
};
use crate::transport::Request;

group!(
    /// Eval scenarios and runs: `client.evals()`.
    Evals
);

/// What the server waits per run when asked to block and given no cap.
const DEFAULT_MAX_WAIT: Duration = Duration::from_millis(60_000);
/// Slack on top of the server's wait for the answer to travel back.
const WAIT_SLACK: Duration = Duration::from_secs(15);

impl Evals {
    /// Creates a scenario (`evals:write`), mirrored to Vapi. Not retried once it may
    /// have reached KaiCalls: a retry could create a duplicate.
    pub async fn create(&self, eval: CreateEval) -> Result<Eval> {
        self.client
            .send(Request::post("/api/v1/evals", &eval)?)
            .await
    }

    /// Scenarios, optionally of one agent, without their messages (`evals:read`).
    pub async fn list(&self, agent_id: Option<&str>) -> Result<EvalsList> {
        let req = Request::get("/api/v1/evals").query("agent_id", agent_id);
        self.client.send(req).await
    }

    /// One scenario with its messages (`evals:read`).
    pub async fn get(&self, id: &str) -> Result<Eval> {
        let req = Request::get("/api/v1/evals").query("id", Some(id));
        self.client.send(req).await
    }

    /// Changes only the fields set (`evals:write`); retried like a read.
    pub async fn update(&self, update: UpdateEval) -> Result<Eval> {
        self.client
            .send(Request::patch("/api/v1/evals", &update)?)
            .await
    }

    /// Deletes a scenario and its Vapi mirror (`evals:write`). A retry that finds it
    /// already gone counts as success.
    pub async fn delete(&self, id: &str) -> Result<Ack> {
        let req = Request::delete("/api/v1/evals").query("id", Some(id));
        self.client
            .send_delete(req, || Ack {
                success: true,
                extra: Default::default(),
            })
            .await
    }

    /// Runs one scenario (`evals:write`; bills Vapi compute). By default the server
    /// holds the answer until the run ends, so this request gets a timeout to match.
    /// Never retried once it may have reached KaiCalls.
    pub async fn run(&self, eval_id: &str, options: RunOptions) -> Result<EvalRun> {
        let body = RunEvalBody {
            eval_id: Some(eval_id.to_string()),
            ..run_body(options)
        };
        self.client.send(run_request(&body, options)?).await
    }

    /// Runs every scenario of an agent in parallel (`evals:write`). Never retried once
    /// it may have reached KaiCalls.
    pub async fn run_agent(&self, agent_id: &str, options: RunOptions) -> Result<EvalFanOut> {
        let body = RunEvalBody {
            agent_id: Some(agent_id.to_string()),
            ..run_body(options)
        };
        self.client.send(run_request(&body, options)?).await
    }

    /// Polls a run (`evals:read`); the server refreshes it from Vapi while in flight.
    pub async fn get_run(&self, run: &RunRef) -> Result<EvalRun> {
        let req = match run {
            RunRef::Run(id) => Request::get("/api/v1/evals/run").query("run_id", Some(id)),
            RunRef::Vapi(id) => Request::get("/api/v1/evals/run").query("vapi_run_id", Some(id)),
        };
        self.client.send(req).await
    }

    /// The 50 most recent runs of an agent (`evals:read`).
    pub async fn recent_runs(&self, agent_id: &str) -> Result<EvalRunsList> {
        let req = Request::get("/api/v1/evals/run").query("agent_id", Some(agent_id));
        self.client.send(req).await
    }

    /// Polls a run until it has ended.
    pub async fn wait_run(&self, run_id: &str, options: WaitOptions) -> Result<EvalRun> {
        let run = RunRef::Run(run_id.to_string());
        poll(
            run_id,
            options,
            || self.get_run(&run),
            |r: &EvalRun| (r.status.is_final(), r.status.to_string()),
        )
        .await
    }
}

fn run_body(options: RunOptions) -> RunEvalBody {
    RunEvalBody {
        wait: options.wait,
        max_wait_ms: options.max_wait_ms,
        ..RunEvalBody::default()
    }
}

fn run_request(body: &RunEvalBody, options: RunOptions) -> Result<Request> {
    let req = Request::post("/api/v1/evals/run", body)?;
    if options.wait == Some(false) {
        return Ok(req);
    }
    let server_wait = options
        .max_wait_ms
        .map(|ms| Duration::from_millis(u64::from(ms)))
        .unwrap_or(DEFAULT_MAX_WAIT);
    Ok(req.timeout(server_wait + WAIT_SLACK))
}
