//! The agent workbench: read an agent, edit it with a review of exactly what changes,
//! keep every saved change on this computer, test changes with evals, and roll back.
//!
//! KaiCalls applies a prompt change to every call from that moment, writes an audit row
//! and emails the owner for each PATCH that touches a prompt, and shows no history. So:
//! - only changed fields are sent ([`settings::diff`]); the SMS prompt goes through its
//!   own route with the owner's reason, as the reference recommends;
//! - every saved change is recorded locally with its before and after values
//!   ([`kaicalls_store::AgentVersion`]), which is what a rollback restores;
//! - after a prompt change the agent's evals run (the "gate"), and a scenario that passed
//!   before and fails now flags the change and the agent.
//!
//! The JS SDK has an `/api/v1/agents/versions` route beyond the reference, typed only as
//! `Record<string, unknown>`: with no shape to model faithfully, history is kept locally.

mod agents;
mod checks;
mod evals;
mod settings;
mod vapi;
mod views;

pub use checks::{MAX_NAME_CHARS, MAX_PROMPT_CHARS, Problem, Severity, TEMPLATE_VARIABLES};
pub use evals::{EvalEdit, JudgeKind, JudgeSpec, TurnSpec};
pub use settings::{AgentField, AgentSettings, Change, KnownObjects, diff, restore};
pub use views::{
    AgentDetailView, AgentReview, AgentVersionView, ChangeView, DiffKind, DiffLine, EvalRunView,
    EvalView, NewAgent, PastEvalRun, SavedChange, ScenarioResult, TurnResult, VersionKind,
};
