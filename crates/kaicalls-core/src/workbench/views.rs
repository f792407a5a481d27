//! What the workbench screens receive.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use super::checks::Problem;
use super::evals::TurnSpec;
use super::settings::{AgentField, AgentSettings, Change};
use crate::error::AppError;

/// An agent as the detail and the editor show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentDetailView {
    /// KaiCalls agent id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its business.
    pub business_id: String,
    /// The business's name, when cached.
    pub business_name: Option<String>,
    /// Its number.
    pub phone_number: Option<String>,
    /// The Vapi assistant behind it.
    pub vapi_assistant_id: Option<String>,
    /// When it was created (RFC 3339, verbatim).
    pub created_at: Option<String>,
    /// Everything the editor edits, as it is now.
    pub settings: AgentSettings,
    /// Shown from the offline copy (KaiCalls could not be asked).
    pub from_cache: bool,
    /// The last change this app saved, if any.
    pub last_change: Option<AgentVersionView>,
    /// The last change made a scenario that passed fail.
    pub regressed: bool,
    /// Whether evals run after a prompt change (the user's choice, or the default: on).
    pub eval_gate: bool,
}

/// Added, removed or unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// In both.
    Same,
    /// Only after.
    Added,
    /// Only before.
    Removed,
}

/// One line of a prompt's diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffLine {
    /// Added, removed or unchanged.
    pub kind: DiffKind,
    /// The line, without its newline.
    pub text: String,
}

/// One change as the review and the history show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChangeView {
    /// The field.
    pub field: AgentField,
    /// For metadata and vapi_config: the key.
    pub key: Option<String>,
    /// Before, as text (empty: none or not known).
    pub before: String,
    /// After, as text.
    pub after: String,
    /// For prompts: the line diff from before to after.
    pub lines: Vec<DiffLine>,
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

impl From<&Change> for ChangeView {
    fn from(c: &Change) -> Self {
        let (before, after) = (shown(&c.before), shown(&c.after));
        let lines = if c.field.is_long_text() {
            // Every line ends in a newline here, so a line added after the last one does
            // not show the last one as changed.
            let line_ended = |t: &str| {
                if t.ends_with('\n') {
                    t.to_string()
                } else {
                    format!("{t}\n")
                }
            };
            let (a, b) = (line_ended(&before), line_ended(&after));
            TextDiff::from_lines(&a, &b)
                .iter_all_changes()
                .map(|line| DiffLine {
                    kind: match line.tag() {
                        ChangeTag::Equal => DiffKind::Same,
                        ChangeTag::Insert => DiffKind::Added,
                        ChangeTag::Delete => DiffKind::Removed,
                    },
                    text: line.value().trim_end_matches(['\r', '\n']).to_string(),
                })
                .collect()
        } else {
            Vec::new()
        };
        ChangeView {
            field: c.field,
            key: c.key.clone(),
            before,
            after,
            lines,
        }
    }
}

/// What saving the form would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentReview {
    /// Exactly what would be sent, field by field.
    pub changes: Vec<ChangeView>,
    /// What is wrong with the form (errors block saving).
    pub problems: Vec<Problem>,
    /// A prompt or opening line changes: KaiCalls records it in the business's audit
    /// history and emails the owner.
    pub touches_prompt: bool,
    /// Whether saving is possible (something changes and no error).
    pub can_save: bool,
    /// For a rollback: changes whose earlier value is not known, left out.
    pub not_restorable: Vec<ChangeView>,
}

/// An edit or a rollback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// Saved from the editor.
    Edit,
    /// Restored an earlier value.
    Rollback,
}

/// One saved change in the agent's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentVersionView {
    /// Its id (increasing).
    pub id: u32,
    /// Edit or rollback.
    pub kind: VersionKind,
    /// What changed.
    pub changes: Vec<ChangeView>,
    /// The server's `updated_fields`.
    pub updated_fields: Vec<String>,
    /// Fields sent that the server did not report as updated, or the reverse.
    pub mismatch: Vec<String>,
    /// For a rollback: the change it undid.
    pub rollback_of: Option<u32>,
    /// The evals that ran after it, once they did.
    pub evals: Option<EvalRunView>,
    /// A scenario that passed before failed after it.
    pub regressed: bool,
    /// When it was saved (RFC 3339).
    pub created_at: String,
}

/// The answer to a save or a rollback.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SavedChange {
    /// The change as recorded.
    pub version: AgentVersionView,
    /// Evals should run now (the gate is on, a prompt changed, the agent has scenarios).
    pub gate_due: bool,
    /// Part of the change failed after the rest was saved (the SMS prompt's own route).
    pub partial_failure: Option<AppError>,
}

/// The create-agent form.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewAgent {
    /// The business it answers for.
    pub business_id: String,
    /// Everything else; empty optional fields take KaiCalls' defaults.
    pub settings: AgentSettings,
}

/// A scenario as the evals screen shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvalView {
    /// Eval id.
    pub id: String,
    /// The agent.
    pub agent_id: String,
    /// Scenario name.
    pub name: String,
    /// What it tests.
    pub description: Option<String>,
    /// The turns (known once the scenario was read whole).
    pub turns: Option<Vec<TurnSpec>>,
    /// Its last result seen, if it ran.
    pub last_passed: Option<bool>,
}

/// One assistant or user turn of a run, with its verdict where this app can tell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TurnResult {
    /// `user` or `assistant`.
    pub role: String,
    /// What was said.
    pub content: String,
    /// For an assistant turn: passed or not (exact and regex judges are checked here; an
    /// AI judge's verdict is the run's).
    pub passed: Option<bool>,
    /// Why, in plain words.
    pub reason: Option<String>,
}

/// One scenario's run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScenarioResult {
    /// The scenario.
    pub eval_id: String,
    /// Its name.
    pub name: String,
    /// The run.
    pub run_id: Option<String>,
    /// `queued`, `in-progress` or `ended`.
    pub status: String,
    /// Whether it passed (once ended).
    pub passed: Option<bool>,
    /// Its result the time before, if this app saw one.
    pub passed_before: Option<bool>,
    /// The conversation, turn by turn.
    pub turns: Vec<TurnResult>,
}

/// A run of one or all scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvalRunView {
    /// Scenarios run.
    pub total: u32,
    /// Passed.
    pub passed: u32,
    /// Failed.
    pub failed: u32,
    /// Not ended when the app stopped waiting.
    pub unfinished: u32,
    /// Names of scenarios that passed before and fail now.
    pub regressions: Vec<String>,
    /// Per scenario.
    pub results: Vec<ScenarioResult>,
}

/// One scenario's run as kept on this computer: the evals screen's run history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PastEvalRun {
    /// The server's run id.
    pub run_id: Option<String>,
    /// The scenario.
    pub eval_id: Option<String>,
    /// The scenario's name at the time.
    pub name: Option<String>,
    /// Passed, failed, or none when it had not ended.
    pub passed: Option<bool>,
    /// The saved change whose eval gate ran it; none for a run started by hand.
    pub version_id: Option<u32>,
    /// When it ran (RFC 3339).
    pub created_at: String,
}
