//! The open account's agents: detail (live, else from the offline copy), create, review,
//! save, history, rollback, drafts and the eval gate's option.

use kaicalls_api::models::{Agent, CreateAgent, ModelConfig, UpdateAgent, UpdateSmsPrompt, Voice};
use kaicalls_store::{AgentVersion, Collection, NewAgentVersion};
use kaicalls_vocab::Code;
use serde_json::{Map, Value, json};

use super::checks::{Severity, check};
use super::settings::{AgentField, AgentSettings, Change, KnownObjects, diff, restore};
use super::views::{
    AgentDetailView, AgentReview, AgentVersionView, ChangeView, EvalRunView, NewAgent, SavedChange,
    VersionKind,
};
use crate::app::Session;
use crate::cache::Freshness;
use crate::error::AppError;

/// How many saved changes the history shows.
const HISTORY_LIMIT: u32 = 200;

/// Text fields an existing agent may not have emptied.
const REQUIRED: &[AgentField] = &[AgentField::Name, AgentField::InboundPrompt];

fn changes_of(v: &AgentVersion) -> Vec<Change> {
    serde_json::from_value(v.changes.clone()).unwrap_or_default()
}

/// Fields sent but not reported updated, and reported but not sent.
fn mismatch(sent: &Map<String, Value>, updated: &[String]) -> Vec<String> {
    let mut out: Vec<String> = sent
        .keys()
        .filter(|k| *k != "id" && *k != "sms_prompt" && *k != "reason")
        .filter(|k| !updated.iter().any(|u| u == *k))
        .cloned()
        .collect();
    out.extend(
        updated
            .iter()
            // The SMS prompt is reported by its own route, not the PATCH.
            .filter(|u| *u != "sms_prompt" && !sent.contains_key(u.as_str()))
            .cloned(),
    );
    out
}

fn version_view(v: &AgentVersion) -> AgentVersionView {
    let sent = v
        .sent
        .get("patch")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    AgentVersionView {
        id: u32::try_from(v.id).unwrap_or(u32::MAX),
        kind: if v.kind == "rollback" {
            VersionKind::Rollback
        } else {
            VersionKind::Edit
        },
        changes: changes_of(v).iter().map(ChangeView::from).collect(),
        mismatch: if sent.is_empty() {
            Vec::new()
        } else {
            mismatch(&sent, &v.updated_fields)
        },
        updated_fields: v.updated_fields.clone(),
        rollback_of: v.rollback_of.and_then(|r| u32::try_from(r).ok()),
        evals: v
            .evals
            .clone()
            .and_then(|e| serde_json::from_value::<EvalRunView>(e).ok()),
        regressed: v.regressed,
        created_at: v.created_at.to_rfc3339(),
    }
}

/// The metadata and vapi_config keys this app set, oldest change first.
fn known_objects(history: &[AgentVersion]) -> KnownObjects {
    let mut known = KnownObjects::default();
    for v in history.iter().rev() {
        for c in changes_of(v) {
            let map = match c.field {
                AgentField::Metadata => &mut known.metadata,
                AgentField::VapiConfig => &mut known.vapi_config,
                _ => continue,
            };
            if let Some(key) = c.key {
                map.insert(key, c.after);
            }
        }
    }
    known
}

/// The PATCH body of `changes` (from `next`), and the SMS prompt if it changed.
fn patch_of(id: &str, changes: &[Change], next: &AgentSettings) -> (UpdateAgent, Option<String>) {
    let mut patch = UpdateAgent::new(id);
    let mut sms = None;
    let text = |f| next.text_of(f).unwrap_or_default().to_string();
    for c in changes {
        match c.field {
            AgentField::Name => patch.name = Some(text(c.field).trim().to_string()),
            AgentField::InboundPrompt => patch.inbound_prompt = Some(text(c.field)),
            AgentField::FirstMessage => patch.first_message = Some(text(c.field)),
            AgentField::OutboundPrompt => patch.outbound_prompt = Some(text(c.field)),
            AgentField::OutboundFirstMessage => patch.outbound_first_message = Some(text(c.field)),
            AgentField::OutboundLlm => patch.outbound_llm = Some(text(c.field).trim().to_string()),
            AgentField::SmsPrompt => sms = Some(text(c.field)),
            AgentField::SmsLlm => patch.sms_llm = Some(text(c.field).trim().to_string()),
            AgentField::Voice => {
                patch.voice = Some(Voice::new(next.voice_provider.trim(), next.voice_id.trim()));
            }
            AgentField::Model => {
                let mut m = ModelConfig::new(next.model_provider.trim(), next.model.trim(), 0.0);
                m.temperature = next.temperature;
                patch.model = Some(m);
            }
            AgentField::Metadata | AgentField::VapiConfig => {
                let slot = if c.field == AgentField::Metadata {
                    &mut patch.metadata
                } else {
                    &mut patch.vapi_config
                };
                if let Some(key) = &c.key {
                    slot.get_or_insert_with(Map::new)
                        .insert(key.clone(), c.after.clone());
                }
            }
        }
    }
    (patch, sms)
}

fn nothing_changed() -> AppError {
    AppError::new(
        Code::InvalidEdit,
        "Nothing has changed, so there is nothing to save.",
    )
}

impl Session {
    /// The agent's details: asked of KaiCalls and kept, or the kept copy when it can't be
    /// asked (`from_cache`). `not_cached` when neither has it.
    pub async fn agent(&self, id: &str) -> Result<AgentDetailView, AppError> {
        let (agent, from_cache) = match self.client.agents().get(id).await {
            Ok(agent) => {
                let raw = serde_json::to_value(&agent).unwrap_or_default();
                self.cache
                    .apply(Collection::Agents, raw, Freshness::News)
                    .await?;
                (agent, false)
            }
            Err(e) if e.code() == Code::Offline || e.code() == Code::Timeout => {
                let id = id.to_string();
                let row = self.cache.read(move |s| s.get_agent(&id)).await?;
                let agent = row
                    .and_then(|a| serde_json::from_value::<Agent>(a.raw).ok())
                    .ok_or_else(|| {
                        AppError::new(
                            Code::NotCached,
                            "This agent's details are not in the offline copy yet. They \
                             appear once it is opened online.",
                        )
                    })?;
                (agent, true)
            }
            Err(e) => return Err(e.into()),
        };
        self.detail_view(agent, from_cache).await
    }

    async fn detail_view(
        &self,
        agent: Agent,
        from_cache: bool,
    ) -> Result<AgentDetailView, AppError> {
        let history = self.history_rows(&agent.id).await?;
        let business = agent.business_id.clone();
        let agent_id = agent.id.clone();
        let (business_name, gate) = self
            .cache
            .read(move |s| {
                let name = s
                    .list_businesses()?
                    .into_iter()
                    .find(|b| b.id == business)
                    .and_then(|b| b.name);
                Ok((name, s.eval_gate(&agent_id)?))
            })
            .await?;
        let settings = AgentSettings::from_agent(&agent, &known_objects(&history));
        Ok(AgentDetailView {
            id: agent.id,
            name: agent.name,
            business_id: agent.business_id,
            business_name,
            phone_number: agent.phone_number,
            vapi_assistant_id: agent.vapi_assistant_id,
            created_at: Some(agent.created_at),
            settings,
            from_cache,
            regressed: history.first().is_some_and(|v| v.regressed),
            last_change: history.first().map(version_view),
            eval_gate: gate.unwrap_or(true),
        })
    }

    async fn history_rows(&self, agent_id: &str) -> Result<Vec<AgentVersion>, AppError> {
        let id = agent_id.to_string();
        Ok(self
            .cache
            .read(move |s| s.agent_versions(&id, HISTORY_LIMIT))
            .await?)
    }

    /// Every change this app saved to the agent, newest first.
    pub async fn agent_history(&self, agent_id: &str) -> Result<Vec<AgentVersionView>, AppError> {
        Ok(self
            .history_rows(agent_id)
            .await?
            .iter()
            .map(version_view)
            .collect())
    }

    /// Creates an agent. Empty optional fields take KaiCalls' defaults.
    pub async fn create_agent(&self, new: NewAgent) -> Result<AgentDetailView, AppError> {
        let s = &new.settings;
        let problems = check(s, REQUIRED);
        if let Some(p) = problems.iter().find(|p| p.severity == Severity::Error) {
            return Err(AppError::new(Code::InvalidInput, p.message.clone()));
        }
        if new.business_id.trim().is_empty() {
            return Err(AppError::new(
                Code::InvalidInput,
                "Choose the business the agent answers for.",
            ));
        }
        let mut body = CreateAgent::new(new.business_id.trim(), s.name.trim(), &s.inbound_prompt);
        if !s.first_message.trim().is_empty() {
            body = body.first_message(s.first_message.trim());
        }
        if !s.voice_provider.trim().is_empty() || !s.voice_id.trim().is_empty() {
            body = body.voice(Voice::new(s.voice_provider.trim(), s.voice_id.trim()));
        }
        if !s.model.trim().is_empty() {
            let provider = Some(s.model_provider.trim())
                .filter(|p| !p.is_empty())
                .unwrap_or("openai");
            body = body.model(ModelConfig::new(
                provider,
                s.model.trim(),
                s.temperature.unwrap_or(0.7),
            ));
        }
        let created = self
            .client
            .agents()
            .create(body)
            .await
            .map_err(AppError::from_write)?;
        self.agent(&created.id).await
    }

    /// What saving `next` over the agent as it is now would send, and what is wrong.
    pub async fn review_agent(
        &self,
        id: &str,
        next: AgentSettings,
    ) -> Result<AgentReview, AppError> {
        let current = self.agent(id).await?.settings;
        Ok(review(&current, &next, Vec::new()))
    }

    /// Saves the form: only what differs from the agent as KaiCalls has it now is sent;
    /// the SMS prompt through its own route with `sms_reason`. The change is recorded
    /// in the history; the draft is dropped. On failure nothing is recorded as saved
    /// (the draft stays).
    pub async fn save_agent(
        &self,
        id: &str,
        next: AgentSettings,
        sms_reason: Option<String>,
    ) -> Result<SavedChange, AppError> {
        let detail = self.agent(id).await?;
        if detail.from_cache {
            return Err(AppError::new(
                Code::Offline,
                "You're offline, so the agent can't be saved now. Your changes are kept as a draft.",
            ));
        }
        let r = review(&detail.settings, &next, Vec::new());
        if let Some(p) = r.problems.iter().find(|p| p.severity == Severity::Error) {
            return Err(AppError::new(Code::InvalidInput, p.message.clone()));
        }
        let changes = diff(&detail.settings, &next);
        if changes.is_empty() {
            return Err(nothing_changed());
        }
        self.send(id, &changes, &next, sms_reason, "edit", None)
            .await
    }

    /// What rolling back `version_id` would send: that change's earlier values, for the
    /// fields that still differ.
    pub async fn review_rollback(
        &self,
        agent_id: &str,
        version_id: u32,
    ) -> Result<AgentReview, AppError> {
        let (current, target, unknown) = self.rollback_target(agent_id, version_id).await?;
        Ok(review(&current, &target, unknown))
    }

    /// Restores the earlier values of change `version_id`, sending only those fields.
    pub async fn rollback_agent(
        &self,
        agent_id: &str,
        version_id: u32,
    ) -> Result<SavedChange, AppError> {
        let (current, target, _) = self.rollback_target(agent_id, version_id).await?;
        let changes = diff(&current, &target);
        if changes.is_empty() {
            return Err(AppError::new(
                Code::InvalidEdit,
                "The agent already has these earlier values: there is nothing to roll back.",
            ));
        }
        let reason = Some(format!(
            "Rolled back change {version_id} from KaiCalls Desktop"
        ));
        self.send(
            agent_id,
            &changes,
            &target,
            reason,
            "rollback",
            Some(i64::from(version_id)),
        )
        .await
    }

    async fn rollback_target(
        &self,
        agent_id: &str,
        version_id: u32,
    ) -> Result<(AgentSettings, AgentSettings, Vec<Change>), AppError> {
        let id = i64::from(version_id);
        let version = self
            .cache
            .read(move |s| s.agent_version(id))
            .await?
            .filter(|v| v.agent_id == agent_id)
            .ok_or_else(|| {
                AppError::new(
                    Code::NotCached,
                    "That change is not in this agent's history.",
                )
            })?;
        let detail = self.agent(agent_id).await?;
        if detail.from_cache {
            return Err(AppError::new(
                Code::Offline,
                "You're offline, so nothing can be rolled back now.",
            ));
        }
        let (target, unknown) = restore(&detail.settings, &changes_of(&version));
        Ok((detail.settings, target, unknown))
    }

    async fn send(
        &self,
        id: &str,
        changes: &[Change],
        next: &AgentSettings,
        sms_reason: Option<String>,
        kind: &str,
        rollback_of: Option<i64>,
    ) -> Result<SavedChange, AppError> {
        let (patch, sms) = patch_of(id, changes, next);
        let patch_body = match serde_json::to_value(&patch) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let mut updated_fields = Vec::new();
        if patch_body.len() > 1 {
            let answer = self
                .client
                .agents()
                .update(patch)
                .await
                .map_err(AppError::from_write)?;
            updated_fields = answer.updated_fields;
        }
        let mut partial_failure = None;
        let mut sms_sent = None;
        if let Some(prompt) = sms {
            let mut body = UpdateSmsPrompt::new(id, prompt);
            if let Some(reason) = sms_reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
            {
                body = body.reason(reason);
            }
            let sent = serde_json::to_value(&body).unwrap_or_default();
            match self.client.sms().update_prompt(body).await {
                Ok(_) => {
                    updated_fields.push("sms_prompt".into());
                    sms_sent = Some(sent);
                }
                Err(e) if patch_body.len() > 1 => partial_failure = Some(AppError::from_write(e)),
                Err(e) => return Err(AppError::from_write(e)),
            }
        }
        // What was saved: the SMS change only if its route took it.
        let saved: Vec<&Change> = changes
            .iter()
            .filter(|c| c.field != AgentField::SmsPrompt || sms_sent.is_some())
            .collect();
        let record = NewAgentVersion {
            agent_id: id.to_string(),
            kind: kind.to_string(),
            changes: serde_json::to_value(&saved).unwrap_or_default(),
            sent: json!({ "patch": patch_body, "sms": sms_sent }),
            updated_fields,
            rollback_of,
        };
        let agent = id.to_string();
        let version = self
            .cache
            .with(move |s| {
                let v = s.record_agent_version(&record)?;
                s.discard_agent_draft(&agent)?;
                Ok(v)
            })
            .await?;
        let touches_prompt = saved.iter().any(|c| c.field.is_prompt());
        let gate_due = touches_prompt && self.gate_on(id).await?;
        // Refresh the kept copy; a failure here loses nothing (the change is recorded).
        if let Ok(agent) = self.client.agents().get(id).await {
            let raw = serde_json::to_value(&agent).unwrap_or_default();
            let _ = self
                .cache
                .apply(Collection::Agents, raw, Freshness::News)
                .await;
        }
        Ok(SavedChange {
            version: version_view(&version),
            gate_due,
            partial_failure,
        })
    }

    /// Whether evals run after a prompt change: the user's choice, else on when the agent
    /// has scenarios.
    async fn gate_on(&self, agent_id: &str) -> Result<bool, AppError> {
        let id = agent_id.to_string();
        match self.cache.read(move |s| s.eval_gate(&id)).await? {
            Some(on) => Ok(on),
            None => Ok(!self
                .client
                .evals()
                .list(Some(agent_id))
                .await?
                .evals
                .is_empty()),
        }
    }

    /// Runs the agent's evals after change `version_id` and records the result beside
    /// it; a scenario that passed before and fails now flags the change (and the agent).
    pub async fn run_gate(
        &self,
        agent_id: &str,
        version_id: u32,
    ) -> Result<AgentVersionView, AppError> {
        let id = i64::from(version_id);
        let run = self.run_evals(agent_id, None, Some(id)).await?;
        let regressed = !run.regressions.is_empty();
        let summary = serde_json::to_value(&run).unwrap_or_default();
        let version = self
            .cache
            .with(move |s| {
                s.set_version_evals(id, &summary, regressed)?;
                s.agent_version(id)
            })
            .await?
            .ok_or_else(|| AppError::new(Code::NotCached, "That change is not in the history."))?;
        Ok(version_view(&version))
    }

    /// Turns the eval gate on or off for an agent.
    pub async fn set_eval_gate(&self, agent_id: &str, on: bool) -> Result<(), AppError> {
        let id = agent_id.to_string();
        Ok(self.cache.with(move |s| s.set_eval_gate(&id, on)).await?)
    }

    /// The unsaved form kept for an agent.
    pub async fn agent_draft(&self, agent_id: &str) -> Result<Option<AgentSettings>, AppError> {
        let id = agent_id.to_string();
        let draft = self.cache.read(move |s| s.agent_draft(&id)).await?;
        Ok(draft.and_then(|d| serde_json::from_value(d).ok()))
    }

    /// Keeps the unsaved form of an agent (it survives a restart).
    pub async fn save_agent_draft(
        &self,
        agent_id: &str,
        draft: AgentSettings,
    ) -> Result<(), AppError> {
        let id = agent_id.to_string();
        let value = serde_json::to_value(&draft).unwrap_or_default();
        Ok(self
            .cache
            .with(move |s| s.save_agent_draft(&id, &value))
            .await?)
    }

    /// Drops the unsaved form.
    pub async fn discard_agent_draft(&self, agent_id: &str) -> Result<(), AppError> {
        let id = agent_id.to_string();
        Ok(self.cache.with(move |s| s.discard_agent_draft(&id)).await?)
    }
}

fn review(current: &AgentSettings, next: &AgentSettings, unknown: Vec<Change>) -> AgentReview {
    let changes = diff(current, next);
    let problems = check(next, REQUIRED);
    let can_save = !changes.is_empty() && !problems.iter().any(|p| p.severity == Severity::Error);
    AgentReview {
        touches_prompt: changes.iter().any(|c| c.field.is_prompt()),
        changes: changes.iter().map(ChangeView::from).collect(),
        problems,
        can_save,
        not_restorable: unknown.iter().map(ChangeView::from).collect(),
    }
}
