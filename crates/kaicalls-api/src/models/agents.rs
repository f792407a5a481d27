//! `/api/v1/agents`: list, get, create, partial update.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{Extra, compact_opt_f64, setters};

/// An agent as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentSummary {
    /// KaiCalls agent id (not the Vapi assistant id).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owning business.
    pub business_id: String,
    /// When it was created.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/agents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentsList {
    /// Every agent the key can see.
    pub agents: Vec<AgentSummary>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The prompt of one channel.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelPrompt {
    /// System prompt.
    #[serde(default)]
    pub prompt: Option<String>,
    /// Model used on this channel.
    #[serde(default)]
    pub llm: Option<String>,
    /// Opening line (outbound only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Per-channel prompts: inbound calls (synced to Vapi), outbound calls (applied at
/// call time) and SMS replies.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prompts {
    /// Incoming calls.
    #[serde(default)]
    pub inbound: Option<ChannelPrompt>,
    /// AI-initiated calls.
    #[serde(default)]
    pub outbound: Option<ChannelPrompt>,
    /// Text replies.
    #[serde(default)]
    pub sms: Option<ChannelPrompt>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Voice settings: `{ provider, voiceId }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// e.g. `elevenlabs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The provider's voice id.
    #[serde(default, rename = "voiceId", skip_serializing_if = "Option::is_none")]
    pub voice_id: Option<String>,
    /// Other provider settings, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Voice {
    /// A voice by provider and id.
    pub fn new(provider: impl Into<String>, voice_id: impl Into<String>) -> Self {
        Voice {
            provider: Some(provider.into()),
            voice_id: Some(voice_id.into()),
            extra: Extra::new(),
        }
    }
}

/// Model settings: `{ provider, model, temperature }`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelConfig {
    /// e.g. `openai`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// e.g. `gpt-4.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Sampling temperature.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_opt_f64"
    )]
    pub temperature: Option<f64>,
    /// Other model settings, passed through.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ModelConfig {
    /// A model by provider and name, with a temperature.
    pub fn new(provider: impl Into<String>, model: impl Into<String>, temperature: f64) -> Self {
        ModelConfig {
            provider: Some(provider.into()),
            model: Some(model.into()),
            temperature: Some(temperature),
            extra: Extra::new(),
        }
    }
}

/// `GET /api/v1/agents?id=`: the whole agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agent {
    /// KaiCalls agent id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owning business.
    pub business_id: String,
    /// The Vapi assistant behind it.
    #[serde(default)]
    pub vapi_assistant_id: Option<String>,
    /// Its number, if one is assigned.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// Per-channel prompts.
    #[serde(default)]
    pub prompts: Option<Prompts>,
    /// Voice settings.
    #[serde(default)]
    pub voice: Option<Voice>,
    /// Model settings.
    #[serde(default)]
    pub model: Option<ModelConfig>,
    /// Greeting for inbound calls.
    #[serde(default)]
    pub first_message: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/v1/agents` body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateAgent {
    /// Business to assign it to.
    pub business_id: String,
    /// Display name.
    pub name: String,
    /// System prompt.
    pub system_prompt: String,
    /// Greeting (server default: "Hello! How can I help you today?").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// Voice settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
    /// Model settings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelConfig>,
    /// Extra data to store with the agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

impl CreateAgent {
    /// The required fields.
    pub fn new(
        business_id: impl Into<String>,
        name: impl Into<String>,
        system_prompt: impl Into<String>,
    ) -> Self {
        CreateAgent {
            business_id: business_id.into(),
            name: name.into(),
            system_prompt: system_prompt.into(),
            ..Default::default()
        }
    }

    /// Sets the greeting.
    pub fn first_message(mut self, v: impl Into<String>) -> Self {
        self.first_message = Some(v.into());
        self
    }

    /// Sets the voice.
    pub fn voice(mut self, v: Voice) -> Self {
        self.voice = Some(v);
        self
    }

    /// Sets the model.
    pub fn model(mut self, v: ModelConfig) -> Self {
        self.model = Some(v);
        self
    }

    /// Sets the metadata.
    pub fn metadata(mut self, v: Map<String, Value>) -> Self {
        self.metadata = Some(v);
        self
    }
}

/// `POST /api/v1/agents` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentCreated {
    /// The new agent's id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Owning business.
    pub business_id: String,
    /// The Vapi assistant created for it.
    #[serde(default)]
    pub vapi_assistant_id: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PATCH /api/v1/agents` body. Only the fields set are sent: every prompt change writes
/// an audit row and emails the owner, so never round-trip unchanged prompts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateAgent {
    /// The KaiCalls agent id.
    pub id: String,
    /// New display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Prompt for incoming calls (synced to Vapi).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbound_prompt: Option<String>,
    /// Prompt for outbound calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_prompt: Option<String>,
    /// Prompt for SMS replies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_prompt: Option<String>,
    /// Legacy alias of `inbound_prompt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_prompt: Option<String>,
    /// Greeting for inbound calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    /// Opening line for outbound calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_first_message: Option<String>,
    /// Model override for outbound calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outbound_llm: Option<String>,
    /// Model override for SMS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_llm: Option<String>,
    /// New voice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voice: Option<Voice>,
    /// New model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelConfig>,
    /// Merged into the stored metadata (not replacing it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    /// Vapi assistant settings passed through as given (`stopSpeakingPlan`,
    /// `endCallPhrases`, `transcriber`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vapi_config: Option<Map<String, Value>>,
}

impl UpdateAgent {
    /// An update of agent `id` that changes nothing yet.
    pub fn new(id: impl Into<String>) -> Self {
        UpdateAgent {
            id: id.into(),
            ..Default::default()
        }
    }

    setters!(
        name: String,
        inbound_prompt: String,
        outbound_prompt: String,
        sms_prompt: String,
        system_prompt: String,
        first_message: String,
        outbound_first_message: String,
        outbound_llm: String,
        sms_llm: String,
        voice: Voice,
        model: ModelConfig,
        metadata: Map<String, Value>,
        vapi_config: Map<String, Value>,
    );
}

/// `PATCH /api/v1/agents` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentUpdated {
    /// Agent id.
    pub id: String,
    /// Display name after the update.
    pub name: String,
    /// Owning business.
    pub business_id: String,
    /// The Vapi assistant.
    #[serde(default)]
    pub vapi_assistant_id: Option<String>,
    /// Whether anything changed.
    pub updated: bool,
    /// Which fields changed.
    #[serde(default)]
    pub updated_fields: Vec<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
