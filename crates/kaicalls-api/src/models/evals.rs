//! `/api/v1/evals`: scripted mock conversations graded by a judge, and their runs.

use serde::{Deserialize, Serialize};

use super::common::{Extra, open_enum};

open_enum! {
    /// How an assistant turn is graded.
    JudgeType {
        /// The reply must equal `content`.
        Exact => "exact",
        /// The reply must match the regex in `content`.
        Regex => "regex",
        /// An LLM grades the reply against a rubric.
        Ai => "ai",
    }
}

open_enum! {
    /// Where an eval run is.
    EvalRunStatus {
        /// Submitted, not started.
        Queued => "queued",
        /// The mock conversation is running.
        InProgress => "in-progress",
        /// Finished: `passed` and `results` are final.
        Ended => "ended",
    }
}

impl EvalRunStatus {
    /// Whether the run is over (anything but queued / in-progress).
    pub fn is_final(&self) -> bool {
        !matches!(self, EvalRunStatus::Queued | EvalRunStatus::InProgress)
    }
}

/// A chat message: a judge's rubric, or a turn of a run's transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// `system`, `user` or `assistant`.
    pub role: String,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ChatMessage {
    /// A message with `role` and `content`.
    pub fn new(role: impl Into<String>, content: impl Into<String>) -> Self {
        ChatMessage {
            role: role.into(),
            content: Some(content.into()),
            extra: Extra::new(),
        }
    }
}

/// The LLM that grades an `ai` judge plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgeModel {
    /// e.g. `openai`.
    pub provider: String,
    /// e.g. `gpt-4.1`.
    pub model: String,
    /// The rubric, usually one system message ending "Output exactly: pass or fail".
    #[serde(default)]
    pub messages: Vec<ChatMessage>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How one assistant turn is graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JudgePlan {
    /// Judge type.
    #[serde(rename = "type")]
    pub kind: JudgeType,
    /// Expected text (`exact`) or pattern (`regex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The grading model (`ai`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<JudgeModel>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl JudgePlan {
    /// The reply must equal `text`.
    pub fn exact(text: impl Into<String>) -> Self {
        JudgePlan {
            kind: JudgeType::Exact,
            content: Some(text.into()),
            model: None,
            extra: Extra::new(),
        }
    }

    /// The reply must match `pattern`.
    pub fn regex(pattern: impl Into<String>) -> Self {
        JudgePlan {
            kind: JudgeType::Regex,
            content: Some(pattern.into()),
            model: None,
            extra: Extra::new(),
        }
    }

    /// An OpenAI `gpt-4.1` judge with `rubric` as its system message.
    pub fn ai(rubric: impl Into<String>) -> Self {
        JudgePlan {
            kind: JudgeType::Ai,
            content: None,
            model: Some(JudgeModel {
                provider: "openai".into(),
                model: "gpt-4.1".into(),
                messages: vec![ChatMessage::new("system", rubric)],
                extra: Extra::new(),
            }),
            extra: Extra::new(),
        }
    }
}

/// One turn of a scenario: a user line, or an assistant turn with its judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalMessage {
    /// `user` or `assistant`.
    pub role: String,
    /// What the user says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// How the assistant's reply is graded.
    #[serde(default, rename = "judgePlan", skip_serializing_if = "Option::is_none")]
    pub judge_plan: Option<JudgePlan>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl EvalMessage {
    /// A user turn.
    pub fn user(content: impl Into<String>) -> Self {
        EvalMessage {
            role: "user".into(),
            content: Some(content.into()),
            judge_plan: None,
            extra: Extra::new(),
        }
    }

    /// An assistant turn graded by `plan`.
    pub fn assistant(plan: JudgePlan) -> Self {
        EvalMessage {
            role: "assistant".into(),
            content: None,
            judge_plan: Some(plan),
            extra: Extra::new(),
        }
    }
}

/// `POST /api/v1/evals` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateEval {
    /// The agent it runs against.
    pub agent_id: String,
    /// The agent's business.
    pub business_id: String,
    /// Scenario name, e.g. `greeting.identifies_firm`.
    pub name: String,
    /// What it tests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Alternating user / assistant turns.
    pub messages: Vec<EvalMessage>,
}

/// An eval scenario. The list omits `messages`; get one by id for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Eval {
    /// Eval id.
    pub id: String,
    /// The agent.
    pub agent_id: String,
    /// The business.
    pub business_id: String,
    /// Its Vapi mirror.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vapi_eval_id: Option<String>,
    /// Scenario name.
    pub name: String,
    /// What it tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The turns (absent in lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<EvalMessage>>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/evals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalsList {
    /// The scenarios, without their messages.
    pub evals: Vec<Eval>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PATCH /api/v1/evals` body: only the fields set are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateEval {
    /// Eval id.
    pub id: String,
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Replaces every turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<EvalMessage>>,
}

/// How a run is started: block until it ends (default) or return at once to poll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// `Some(false)` returns immediately; the server default blocks.
    pub wait: Option<bool>,
    /// Per-run wait cap in ms when blocking (server default 60 000, max 110 000).
    pub max_wait_ms: Option<u32>,
}

/// The body of `POST /api/v1/evals/run`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct RunEvalBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eval_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_wait_ms: Option<u32>,
}

/// The graded transcript of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalResult {
    /// `pass` or `fail`.
    pub status: String,
    /// The conversation as it happened.
    #[serde(default)]
    pub messages: Vec<ChatMessage>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One run of one scenario (the single-run answer, and what polling returns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalRun {
    /// KaiCalls run id.
    pub run_id: String,
    /// Vapi run id.
    #[serde(default)]
    pub vapi_run_id: Option<String>,
    /// Run status.
    pub status: EvalRunStatus,
    /// Whether every judged turn passed (once ended).
    #[serde(default)]
    pub passed: Option<bool>,
    /// Graded transcripts (once ended).
    #[serde(default)]
    pub results: Vec<EvalResult>,
    /// The scenario run (in an agent's list of recent runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eval_id: Option<String>,
    /// When the run started (in an agent's list of recent runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One scenario's outcome in a fan-out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FanOutResult {
    /// The scenario.
    pub eval_id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its run.
    pub run_id: String,
    /// Vapi run id.
    #[serde(default)]
    pub vapi_run_id: Option<String>,
    /// Run status.
    pub status: EvalRunStatus,
    /// Whether it passed (once ended).
    #[serde(default)]
    pub passed: Option<bool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Every scenario of an agent, run in parallel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalFanOut {
    /// Scenarios run.
    pub total: u32,
    /// Runs that ended.
    pub completed: u32,
    /// Runs that passed.
    pub passed: u32,
    /// Runs that failed.
    pub failed: u32,
    /// Per scenario.
    #[serde(default)]
    pub results: Vec<FanOutResult>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/evals/run?agent_id=`: an agent's recent runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalRunsList {
    /// Newest first, at most 50.
    pub runs: Vec<EvalRun>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which run to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRef {
    /// By KaiCalls run id.
    Run(String),
    /// By Vapi run id.
    Vapi(String),
}
