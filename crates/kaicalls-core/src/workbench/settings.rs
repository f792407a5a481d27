//! What the editor edits: an agent's settings as one flat form, and the minimal change
//! between two of them.
//!
//! The form is flat text on purpose: a form field holds what the user typed, including
//! JSON that does not parse yet, and a draft must keep it exactly. Only [`diff`] turns it
//! into values, and only what differs is ever sent: every PATCH that touches a prompt
//! writes an audit row and emails the owner.

use kaicalls_api::models::Agent;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A part of an agent the editor can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AgentField {
    /// Display name.
    Name,
    /// System prompt for incoming calls (synced to Vapi).
    InboundPrompt,
    /// Greeting for incoming calls.
    FirstMessage,
    /// System prompt for outbound calls.
    OutboundPrompt,
    /// Opening line for outbound calls.
    OutboundFirstMessage,
    /// Model override for outbound calls.
    OutboundLlm,
    /// System prompt for text replies (saved through the SMS prompt route).
    SmsPrompt,
    /// Model override for text replies.
    SmsLlm,
    /// `{provider, voiceId}`.
    Voice,
    /// `{provider, model, temperature}`.
    Model,
    /// One key of the metadata (merged by the server).
    Metadata,
    /// One key of the Vapi assistant config (merged by the server).
    VapiConfig,
}

impl AgentField {
    /// The plain-text fields, in the order the review and the checks list them.
    pub const TEXT: [AgentField; 8] = [
        AgentField::Name,
        AgentField::InboundPrompt,
        AgentField::FirstMessage,
        AgentField::OutboundPrompt,
        AgentField::OutboundFirstMessage,
        AgentField::OutboundLlm,
        AgentField::SmsPrompt,
        AgentField::SmsLlm,
    ];

    /// The PATCH body's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentField::Name => "name",
            AgentField::InboundPrompt => "inbound_prompt",
            AgentField::FirstMessage => "first_message",
            AgentField::OutboundPrompt => "outbound_prompt",
            AgentField::OutboundFirstMessage => "outbound_first_message",
            AgentField::OutboundLlm => "outbound_llm",
            AgentField::SmsPrompt => "sms_prompt",
            AgentField::SmsLlm => "sms_llm",
            AgentField::Voice => "voice",
            AgentField::Model => "model",
            AgentField::Metadata => "metadata",
            AgentField::VapiConfig => "vapi_config",
        }
    }

    /// Prompts and opening lines: what the audit trail records and the evals test.
    pub fn is_prompt(self) -> bool {
        matches!(
            self,
            AgentField::InboundPrompt
                | AgentField::FirstMessage
                | AgentField::OutboundPrompt
                | AgentField::OutboundFirstMessage
                | AgentField::SmsPrompt
        )
    }

    /// Long text shown as a line diff in the review.
    pub fn is_long_text(self) -> bool {
        matches!(
            self,
            AgentField::InboundPrompt | AgentField::OutboundPrompt | AgentField::SmsPrompt
        )
    }
}

/// Every setting the editor shows, as the user typed it. `metadata` and `vapi_config`
/// are JSON object text (empty means none).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentSettings {
    /// Display name.
    pub name: String,
    /// Incoming calls: system prompt.
    pub inbound_prompt: String,
    /// Incoming calls: greeting.
    pub first_message: String,
    /// Outbound calls: system prompt.
    pub outbound_prompt: String,
    /// Outbound calls: opening line.
    pub outbound_first_message: String,
    /// Outbound calls: model.
    pub outbound_llm: String,
    /// Text replies: system prompt.
    pub sms_prompt: String,
    /// Text replies: model.
    pub sms_llm: String,
    /// Voice provider (`elevenlabs`, ...).
    pub voice_provider: String,
    /// The provider's voice id.
    pub voice_id: String,
    /// Model provider (`openai`, ...).
    pub model_provider: String,
    /// Model name (`gpt-4.1`, ...).
    pub model: String,
    /// Sampling temperature.
    pub temperature: Option<f64>,
    /// Metadata, JSON object text.
    pub metadata: String,
    /// Vapi assistant config, JSON object text.
    pub vapi_config: String,
}

fn text(v: Option<&String>) -> String {
    v.cloned().unwrap_or_default()
}

fn object_text(map: &Map<String, Value>) -> String {
    if map.is_empty() {
        String::new()
    } else {
        serde_json::to_string_pretty(map).unwrap_or_default()
    }
}

impl AgentSettings {
    /// The settings of `agent` as KaiCalls shows them. `metadata` and `vapi_config` are
    /// not in the agent's public details: they are what this app knows was set (`known`),
    /// or what the server sent if it ever does.
    pub fn from_agent(agent: &Agent, known: &KnownObjects) -> Self {
        let prompts = agent.prompts.clone().unwrap_or_default();
        let inbound = prompts.inbound.unwrap_or_default();
        let outbound = prompts.outbound.unwrap_or_default();
        let sms = prompts.sms.unwrap_or_default();
        let voice = agent.voice.clone().unwrap_or_default();
        let model = agent.model.clone().unwrap_or_default();
        let from_server = |key: &str| agent.extra.get(key).and_then(Value::as_object).cloned();
        let metadata = from_server("metadata").unwrap_or_else(|| known.metadata.clone());
        let vapi_config = from_server("vapi_config").unwrap_or_else(|| known.vapi_config.clone());
        AgentSettings {
            name: agent.name.clone(),
            inbound_prompt: text(inbound.prompt.as_ref()),
            first_message: text(agent.first_message.as_ref()),
            outbound_prompt: text(outbound.prompt.as_ref()),
            outbound_first_message: text(outbound.first_message.as_ref()),
            outbound_llm: text(outbound.llm.as_ref()),
            sms_prompt: text(sms.prompt.as_ref()),
            sms_llm: text(sms.llm.as_ref()),
            voice_provider: text(voice.provider.as_ref()),
            voice_id: text(voice.voice_id.as_ref()),
            model_provider: text(model.provider.as_ref()),
            model: text(model.model.as_ref()),
            temperature: model.temperature,
            metadata: object_text(&metadata),
            vapi_config: object_text(&vapi_config),
        }
    }

    /// The text of a plain string field (none for the structured ones).
    pub fn text_of(&self, field: AgentField) -> Option<&str> {
        Some(match field {
            AgentField::Name => &self.name,
            AgentField::InboundPrompt => &self.inbound_prompt,
            AgentField::FirstMessage => &self.first_message,
            AgentField::OutboundPrompt => &self.outbound_prompt,
            AgentField::OutboundFirstMessage => &self.outbound_first_message,
            AgentField::OutboundLlm => &self.outbound_llm,
            AgentField::SmsPrompt => &self.sms_prompt,
            AgentField::SmsLlm => &self.sms_llm,
            _ => return None,
        })
    }

    fn text_mut(&mut self, field: AgentField) -> Option<&mut String> {
        Some(match field {
            AgentField::Name => &mut self.name,
            AgentField::InboundPrompt => &mut self.inbound_prompt,
            AgentField::FirstMessage => &mut self.first_message,
            AgentField::OutboundPrompt => &mut self.outbound_prompt,
            AgentField::OutboundFirstMessage => &mut self.outbound_first_message,
            AgentField::OutboundLlm => &mut self.outbound_llm,
            AgentField::SmsPrompt => &mut self.sms_prompt,
            AgentField::SmsLlm => &mut self.sms_llm,
            _ => return None,
        })
    }

    /// The voice as sent: `{provider, voiceId}`.
    pub fn voice_value(&self) -> Value {
        serde_json::json!({ "provider": self.voice_provider.trim(), "voiceId": self.voice_id.trim() })
    }

    /// The model as sent: `{provider, model, temperature}`.
    pub fn model_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("provider".into(), self.model_provider.trim().into());
        m.insert("model".into(), self.model.trim().into());
        if let Some(t) = self.temperature {
            m.insert("temperature".into(), t.into());
        }
        Value::Object(m)
    }
}

/// The merged objects (`metadata`, `vapi_config`) this app knows an agent holds: what it
/// set at creation and in every saved change since, key by key, as the server merges them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KnownObjects {
    /// Metadata keys set.
    pub metadata: Map<String, Value>,
    /// Vapi config keys set.
    pub vapi_config: Map<String, Value>,
}

/// One change: a field (for the merged objects, one top-level key of it), its value before
/// and after, as JSON. `before` is null when nothing is known of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The field.
    pub field: AgentField,
    /// The key, for `metadata` and `vapi_config`.
    pub key: Option<String>,
    /// Its value before (null: not known or not set).
    pub before: Value,
    /// Its new value.
    pub after: Value,
}

fn parse_object(text: &str) -> Option<Map<String, Value>> {
    if text.trim().is_empty() {
        return Some(Map::new());
    }
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// What differs from `base` to `next`, field by field, in the form's order. Text is
/// compared as typed; an object field whose text does not parse yields no change (the
/// checks report it). Keys removed from an object are not changes: the server merges,
/// so a PATCH cannot remove one.
pub fn diff(base: &AgentSettings, next: &AgentSettings) -> Vec<Change> {
    use AgentField as F;
    let mut out = Vec::new();
    for field in AgentField::TEXT {
        let (a, b) = (base.text_of(field), next.text_of(field));
        if a != b {
            out.push(Change {
                field,
                key: None,
                before: a.unwrap_or_default().into(),
                after: b.unwrap_or_default().into(),
            });
        }
    }
    let (va, vb) = (base.voice_value(), next.voice_value());
    if va != vb {
        out.push(Change {
            field: F::Voice,
            key: None,
            before: va,
            after: vb,
        });
    }
    let (ma, mb) = (base.model_value(), next.model_value());
    if ma != mb {
        out.push(Change {
            field: F::Model,
            key: None,
            before: ma,
            after: mb,
        });
    }
    for (field, a, b) in [
        (F::Metadata, &base.metadata, &next.metadata),
        (F::VapiConfig, &base.vapi_config, &next.vapi_config),
    ] {
        let (Some(a), Some(b)) = (parse_object(a), parse_object(b)) else {
            continue;
        };
        for (key, after) in b {
            let before = a.get(&key).cloned().unwrap_or(Value::Null);
            if before != after {
                out.push(Change {
                    field,
                    key: Some(key),
                    before,
                    after,
                });
            }
        }
    }
    out
}

/// `settings` with each change's `before` put back: what a rollback restores. Changes
/// with no known earlier value are left out of the result (and returned apart).
pub fn restore(settings: &AgentSettings, changes: &[Change]) -> (AgentSettings, Vec<Change>) {
    let mut out = settings.clone();
    let mut unknown = Vec::new();
    for c in changes {
        match c.field {
            AgentField::Voice | AgentField::Model => {
                let get = |k: &str| c.before.get(k).and_then(Value::as_str).unwrap_or("");
                if c.field == AgentField::Voice {
                    out.voice_provider = get("provider").into();
                    out.voice_id = get("voiceId").into();
                } else {
                    out.model_provider = get("provider").into();
                    out.model = get("model").into();
                    out.temperature = c.before.get("temperature").and_then(Value::as_f64);
                }
            }
            AgentField::Metadata | AgentField::VapiConfig => {
                let (Some(key), false) = (&c.key, c.before.is_null()) else {
                    unknown.push(c.clone());
                    continue;
                };
                let text = if c.field == AgentField::Metadata {
                    &mut out.metadata
                } else {
                    &mut out.vapi_config
                };
                let mut map = parse_object(text).unwrap_or_default();
                map.insert(key.clone(), c.before.clone());
                *text = object_text(&map);
            }
            field => {
                if let (Some(slot), Some(before)) = (out.text_mut(field), c.before.as_str()) {
                    *slot = before.to_string();
                }
            }
        }
    }
    (out, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> AgentSettings {
        AgentSettings {
            name: "Kai".into(),
            outbound_prompt: "Call {{name}}.".into(),
            vapi_config: r#"{"silenceTimeoutSeconds": 30, "endCallMessage": "Bye"}"#.into(),
            ..Default::default()
        }
    }

    #[test]
    fn only_what_differs_is_a_change() {
        assert!(diff(&base(), &base()).is_empty());
        let mut next = base();
        next.outbound_prompt = "Call {{name}} now.".into();
        next.vapi_config = r#"{"silenceTimeoutSeconds": 20, "endCallMessage": "Bye"}"#.into();
        let changes = diff(&base(), &next);
        let fields: Vec<_> = changes.iter().map(|c| (c.field, c.key.clone())).collect();
        assert_eq!(
            fields,
            [
                (AgentField::OutboundPrompt, None),
                (
                    AgentField::VapiConfig,
                    Some("silenceTimeoutSeconds".to_string())
                )
            ]
        );
        assert_eq!(changes[1].before, json!(30));
        // Text that does not parse is no change (the checks say why).
        next.vapi_config = "{".into();
        assert_eq!(diff(&base(), &next).len(), 1);
    }

    #[test]
    fn restore_puts_back_what_was_known() {
        let mut next = base();
        next.name = "Max".into();
        next.vapi_config = r#"{"silenceTimeoutSeconds": 20, "maxDurationSeconds": 600}"#.into();
        let changes = diff(&base(), &next);
        let (restored, unknown) = restore(&next, &changes);
        assert_eq!(restored.name, "Kai");
        assert_eq!(unknown.len(), 1, "maxDurationSeconds had no known value");
        assert!(restored.vapi_config.contains("30"));
    }
}
