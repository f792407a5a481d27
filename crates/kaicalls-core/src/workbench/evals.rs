//! Eval scenarios and runs: the turn editor's shape, its checks, running one or all
//! scenarios (polling runs that outlast the server's wait), and comparing each result
//! with the one before, which is what the eval gate flags.

use std::time::Duration;

use chrono::Utc;
use kaicalls_api::WaitOptions;
use kaicalls_api::models::{
    ChatMessage, CreateEval, Eval, EvalMessage, EvalRun, JudgePlan, JudgeType, RunOptions,
    UpdateEval,
};
use kaicalls_store::EvalRunRecord;
use kaicalls_vocab::Code;
use regex::RegexBuilder;
use serde::{Deserialize, Serialize};

use super::views::{EvalRunView, EvalView, PastEvalRun, ScenarioResult, TurnResult};
use crate::app::Session;
use crate::error::AppError;
use crate::events::CoreEvent;

/// How long the server blocks per run before answering "still running".
const SERVER_WAIT_MS: u32 = 60_000;

/// How long this app polls a run that outlasted the server's wait.
const POLL_DEADLINE: Duration = Duration::from_secs(5 * 60);

/// How an assistant turn is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum JudgeKind {
    /// The reply equals the text.
    Exact,
    /// The reply matches the pattern.
    Regex,
    /// An LLM grades the reply against a rubric.
    Ai,
}

/// An assistant turn's judge, as the editor edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JudgeSpec {
    /// Exact, regex or AI.
    pub kind: JudgeKind,
    /// The expected text, the pattern, or the rubric.
    pub content: String,
    /// For an AI judge: the model (`gpt-4.1` when empty).
    pub model: String,
}

/// One turn as the editor edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TurnSpec {
    /// `user` or `assistant`.
    pub role: String,
    /// What the user says (user turns).
    pub content: String,
    /// How the reply is graded (assistant turns).
    pub judge: Option<JudgeSpec>,
}

/// The scenario form: a new scenario (no id) or an edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvalEdit {
    /// The scenario edited; none creates one.
    pub id: Option<String>,
    /// e.g. `greeting.identifies_firm`.
    pub name: String,
    /// What it tests.
    pub description: String,
    /// The turns.
    pub turns: Vec<TurnSpec>,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::new(Code::InvalidInput, message)
}

/// The scenario's turns as KaiCalls takes them, or what is wrong, naming the turn.
pub(crate) fn to_messages(turns: &[TurnSpec]) -> Result<Vec<EvalMessage>, AppError> {
    if !turns.iter().any(|t| t.role == "assistant") {
        return Err(invalid(
            "Add at least one assistant turn: it is what the scenario grades.",
        ));
    }
    turns
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let n = i + 1;
            match (t.role.as_str(), &t.judge) {
                ("user", _) if t.content.trim().is_empty() => {
                    Err(invalid(format!("Turn {n}: write what the caller says.")))
                }
                ("user", _) => Ok(EvalMessage::user(t.content.trim())),
                ("assistant", Some(j)) => judge_plan(j)
                    .map(EvalMessage::assistant)
                    .map_err(|m| invalid(format!("Turn {n}: {m}"))),
                ("assistant", None) => Err(invalid(format!(
                    "Turn {n}: choose how the reply is graded."
                ))),
                _ => Err(invalid(format!(
                    "Turn {n}: a turn is the caller's or the agent's."
                ))),
            }
        })
        .collect()
}

fn judge_plan(j: &JudgeSpec) -> Result<JudgePlan, String> {
    let content = j.content.trim();
    if content.is_empty() {
        return Err(match j.kind {
            JudgeKind::Exact => "write the exact reply expected.".into(),
            JudgeKind::Regex => "write the pattern the reply must match.".into(),
            JudgeKind::Ai => "write the rubric: Pass if …; fail if ….".into(),
        });
    }
    Ok(match j.kind {
        JudgeKind::Exact => JudgePlan::exact(content),
        JudgeKind::Regex => {
            compile(content).map_err(|e| format!("the pattern is not a valid regex: {e}"))?;
            JudgePlan::regex(content)
        }
        JudgeKind::Ai => {
            let mut plan = JudgePlan::ai(content);
            if let Some(model) = plan.model.as_mut().filter(|_| !j.model.trim().is_empty()) {
                model.model = j.model.trim().to_string();
            }
            plan
        }
    })
}

fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    RegexBuilder::new(pattern).size_limit(1 << 20).build()
}

/// The editor's turns of a scenario read whole.
fn to_turns(messages: &[EvalMessage]) -> Vec<TurnSpec> {
    messages
        .iter()
        .map(|m| TurnSpec {
            role: m.role.clone(),
            content: m.content.clone().unwrap_or_default(),
            judge: m.judge_plan.as_ref().map(|p| JudgeSpec {
                kind: match p.kind {
                    JudgeType::Exact => JudgeKind::Exact,
                    JudgeType::Regex => JudgeKind::Regex,
                    _ => JudgeKind::Ai,
                },
                content: match &p.model {
                    Some(model) if p.kind == JudgeType::Ai => model
                        .messages
                        .iter()
                        .filter(|m| m.role == "system")
                        .filter_map(|m| m.content.clone())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => p.content.clone().unwrap_or_default(),
                },
                model: p
                    .model
                    .as_ref()
                    .map(|m| m.model.clone())
                    .unwrap_or_default(),
            }),
        })
        .collect()
}

pub(crate) fn eval_view(e: &Eval, last_passed: Option<bool>) -> EvalView {
    EvalView {
        id: e.id.clone(),
        agent_id: e.agent_id.clone(),
        name: e.name.clone(),
        description: e.description.clone(),
        turns: e.messages.as_deref().map(to_turns),
        last_passed,
    }
}

/// The transcript of a run, with a verdict for each assistant turn this app can check
/// itself (exact and regex judges), and the run's own for AI judges.
fn turn_results(
    plan: &[EvalMessage],
    said: &[ChatMessage],
    passed: Option<bool>,
) -> Vec<TurnResult> {
    let mut judges = plan
        .iter()
        .filter(|m| m.role == "assistant")
        .map(|m| m.judge_plan.as_ref());
    said.iter()
        .map(|m| {
            let content = m.content.clone().unwrap_or_default();
            if m.role != "assistant" {
                return TurnResult {
                    role: m.role.clone(),
                    content,
                    passed: None,
                    reason: None,
                };
            }
            let (ok, reason) = match judges.next().flatten() {
                Some(p) if p.kind == JudgeType::Exact => {
                    let want = p.content.clone().unwrap_or_default();
                    let ok = content.trim() == want.trim();
                    (
                        Some(ok),
                        if ok {
                            "The reply is exactly as expected.".to_string()
                        } else {
                            format!("Expected exactly: {want}")
                        },
                    )
                }
                Some(p) if p.kind == JudgeType::Regex => {
                    let pattern = p.content.clone().unwrap_or_default();
                    let ok = compile(&pattern).is_ok_and(|r| r.is_match(&content));
                    let verb = if ok { "matches" } else { "does not match" };
                    (Some(ok), format!("The reply {verb} /{pattern}/."))
                }
                Some(_) => (passed, "Graded by the AI judge against its rubric.".into()),
                None => (None, String::new()),
            };
            TurnResult {
                role: m.role.clone(),
                content,
                passed: ok,
                reason: Some(reason).filter(|r| !r.is_empty()),
            }
        })
        .collect()
}

/// How many past runs the history shows (a scenario set run daily for a month or two).
const RUN_HISTORY_LIMIT: u32 = 200;

impl Session {
    /// An agent's scenarios: read from KaiCalls and kept, or the kept ones offline.
    pub async fn evals(&self, agent_id: &str) -> Result<Vec<EvalView>, AppError> {
        let listed = self.client.evals().list(Some(agent_id)).await;
        let evals: Vec<Eval> = match listed {
            Ok(list) => {
                let kept: Vec<(String, serde_json::Value)> = list
                    .evals
                    .iter()
                    .map(|e| (e.id.clone(), serde_json::to_value(e).unwrap_or_default()))
                    .collect();
                let agent = agent_id.to_string();
                self.cache
                    .with(move |s| s.replace_evals(&agent, &kept))
                    .await?;
                list.evals
            }
            Err(e) if e.code() == Code::Offline || e.code() == Code::Timeout => {
                let agent = agent_id.to_string();
                let kept = self.cache.read(move |s| s.evals(&agent)).await?;
                kept.into_iter()
                    .filter_map(|v| serde_json::from_value(v).ok())
                    .collect()
            }
            Err(e) => return Err(e.into()),
        };
        let mut out = Vec::with_capacity(evals.len());
        for e in &evals {
            out.push(eval_view(e, self.last_result(&e.id).await?));
        }
        Ok(out)
    }

    /// The agent's last runs, newest first: kept on this computer, so readable offline.
    pub async fn eval_run_history(&self, agent_id: &str) -> Result<Vec<PastEvalRun>, AppError> {
        let agent = agent_id.to_string();
        let runs = self
            .cache
            .read(move |s| s.eval_runs(&agent, RUN_HISTORY_LIMIT))
            .await?;
        Ok(runs
            .into_iter()
            .map(|r| PastEvalRun {
                run_id: r.run_id,
                eval_id: r.eval_id,
                name: r.name,
                passed: r.passed,
                version_id: r.version_id.and_then(|v| u32::try_from(v).ok()),
                created_at: r
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
            .collect())
    }

    async fn last_result(&self, eval_id: &str) -> Result<Option<bool>, AppError> {
        let id = eval_id.to_string();
        Ok(self.cache.read(move |s| s.last_eval_result(&id)).await?)
    }

    /// One scenario with its turns.
    pub async fn eval(&self, id: &str) -> Result<EvalView, AppError> {
        let e = self.client.evals().get(id).await?;
        let (eid, agent, raw) = (
            e.id.clone(),
            e.agent_id.clone(),
            serde_json::to_value(&e).unwrap_or_default(),
        );
        self.cache
            .with(move |s| s.put_eval(&eid, &agent, &raw))
            .await?;
        Ok(eval_view(&e, self.last_result(id).await?))
    }

    /// Creates (no id) or replaces a scenario of `agent_id`.
    pub async fn save_eval(&self, agent_id: &str, edit: EvalEdit) -> Result<EvalView, AppError> {
        let name = edit.name.trim().to_string();
        if name.is_empty() {
            return Err(invalid(
                "Give the scenario a name, like greeting.identifies_firm.",
            ));
        }
        let messages = to_messages(&edit.turns)?;
        let description = Some(edit.description.trim().to_string()).filter(|d| !d.is_empty());
        let evals = self.client.evals();
        let saved = match edit.id {
            Some(id) => evals
                .update(UpdateEval {
                    id,
                    name: Some(name),
                    description,
                    messages: Some(messages),
                })
                .await
                .map_err(AppError::from_write)?,
            None => {
                let agent = self.client.agents().get(agent_id).await?;
                evals
                    .create(CreateEval {
                        agent_id: agent_id.to_string(),
                        business_id: agent.business_id,
                        name,
                        description,
                        messages,
                    })
                    .await
                    .map_err(AppError::from_write)?
            }
        };
        let (eid, agent, raw) = (
            saved.id.clone(),
            saved.agent_id.clone(),
            serde_json::to_value(&saved).unwrap_or_default(),
        );
        self.cache
            .with(move |s| s.put_eval(&eid, &agent, &raw))
            .await?;
        Ok(eval_view(&saved, self.last_result(&saved.id).await?))
    }

    /// Deletes a scenario (its past runs stay in the history).
    pub async fn delete_eval(&self, id: &str) -> Result<(), AppError> {
        self.client
            .evals()
            .delete(id)
            .await
            .map_err(AppError::from_write)?;
        let id = id.to_string();
        self.cache.with(move |s| s.remove_eval(&id)).await?;
        Ok(())
    }

    /// Runs one scenario, or all of the agent's (`eval_id` none), waits for every run
    /// to end (polling those that outlast the server's wait), compares each result with
    /// the one before and keeps them all. `version_id` ties the runs to a saved change.
    pub async fn run_evals(
        &self,
        agent_id: &str,
        eval_id: Option<&str>,
        version_id: Option<i64>,
    ) -> Result<EvalRunView, AppError> {
        let api = self.client.evals();
        let options = RunOptions {
            wait: Some(true),
            max_wait_ms: Some(SERVER_WAIT_MS),
        };
        // (eval id, name, run id) of every run started.
        let started: Vec<(String, String, String)> = match eval_id {
            Some(id) => {
                let run = api.run(id, options).await?;
                let name = api
                    .get(id)
                    .await
                    .map(|e| e.name)
                    .unwrap_or_else(|_| id.to_string());
                vec![(id.to_string(), name, run.run_id)]
            }
            None => api
                .run_agent(agent_id, options)
                .await?
                .results
                .into_iter()
                .map(|r| (r.eval_id.clone(), r.name.unwrap_or(r.eval_id), r.run_id))
                .collect(),
        };
        let wait = WaitOptions {
            deadline: POLL_DEADLINE,
            initial_interval: Duration::from_millis(500),
            max_interval: Duration::from_secs(5),
        };
        let mut view = EvalRunView {
            total: u32::try_from(started.len()).unwrap_or(u32::MAX),
            passed: 0,
            failed: 0,
            unfinished: 0,
            regressions: Vec::new(),
            results: Vec::new(),
        };
        let mut records = Vec::new();
        let progress = |done: usize| {
            self.cache.bus().publish(CoreEvent::EvalProgress {
                agent_id: agent_id.to_string(),
                done: u32::try_from(done).unwrap_or(u32::MAX),
                total: view.total,
            });
        };
        progress(0);
        for (done, (eval_id, name, run_id)) in started.into_iter().enumerate() {
            let run: Option<EvalRun> = match api.wait_run(&run_id, wait).await {
                Ok(run) => Some(run),
                Err(e) if e.code() == Code::WaitTimeout => None,
                Err(e) => return Err(e.into()),
            };
            let plan = api
                .get(&eval_id)
                .await
                .ok()
                .and_then(|e| e.messages)
                .unwrap_or_default();
            let before = self.last_result(&eval_id).await?;
            let passed = run.as_ref().and_then(|r| r.passed);
            match passed {
                Some(true) => view.passed += 1,
                Some(false) => view.failed += 1,
                None => view.unfinished += 1,
            }
            if before == Some(true) && passed == Some(false) {
                view.regressions.push(name.clone());
            }
            let said = run
                .as_ref()
                .and_then(|r| r.results.first())
                .map(|r| r.messages.clone())
                .unwrap_or_default();
            view.results.push(ScenarioResult {
                eval_id: eval_id.clone(),
                name: name.clone(),
                run_id: Some(run_id.clone()),
                status: run
                    .as_ref()
                    .map(|r| r.status.to_string())
                    .unwrap_or_else(|| "in-progress".into()),
                passed,
                passed_before: before,
                turns: turn_results(&plan, &said, passed),
            });
            progress(done + 1);
            records.push(EvalRunRecord {
                run_id: Some(run_id),
                agent_id: agent_id.to_string(),
                eval_id: Some(eval_id),
                name: Some(name),
                passed,
                raw: run
                    .map(|r| serde_json::to_value(r).unwrap_or_default())
                    .unwrap_or_default(),
                version_id,
                created_at: Utc::now(),
            });
        }
        self.cache
            .with(move |s| s.record_eval_runs(&records))
            .await?;
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(kind: JudgeKind, content: &str) -> TurnSpec {
        TurnSpec {
            role: "assistant".into(),
            content: String::new(),
            judge: Some(JudgeSpec {
                kind,
                content: content.into(),
                model: String::new(),
            }),
        }
    }

    #[test]
    fn turns_are_checked_before_sending() {
        let user = TurnSpec {
            role: "user".into(),
            content: "Hi".into(),
            judge: None,
        };
        assert!(
            to_messages(std::slice::from_ref(&user)).is_err(),
            "nothing graded"
        );
        let bad = to_messages(&[user.clone(), judge(JudgeKind::Regex, "(")]).unwrap_err();
        assert!(
            bad.message
                .starts_with("Turn 2: the pattern is not a valid regex"),
            "{}",
            bad.message
        );
        let ok = to_messages(&[user, judge(JudgeKind::Exact, " Hello ")]).unwrap();
        assert_eq!(
            ok[1].judge_plan.as_ref().and_then(|p| p.content.as_deref()),
            Some("Hello")
        );
        assert_eq!(
            to_turns(&ok)[1].judge.as_ref().map(|j| j.kind),
            Some(JudgeKind::Exact)
        );
    }
}
