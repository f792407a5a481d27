//! The sandbox's stored records. These are the server's own rows (what KaiCalls keeps in
//! its database), not the API's views of them: routes build responses field by field so
//! that each endpoint returns exactly the field set the reference shows.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::time::Ts;

/// An account owner (the dashboard user).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub created_at: Ts,
}

/// A business (tenant). One user may own several.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Business {
    pub id: String,
    pub user_id: String,
    pub name: String,
    pub business_type: Option<String>,
    pub website: Option<String>,
    pub phone_forward_to: Option<String>,
    pub created_at: Ts,
    pub trial_ends_at: Ts,
    pub subscription_status: String,
}

/// An API key. Only a SHA-256 hash of the key is kept, as a real server would: the
/// state file never holds a usable key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub hash: String,
    pub prefix: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub user_id: String,
    pub business_id: Option<String>,
    pub created_at: Ts,
    pub last_used_at: Option<Ts>,
    pub expires_at: Option<Ts>,
    pub is_active: bool,
}

/// One audit row written whenever a prompt changes (the reference: "every PATCH that
/// touches the prompt writes an audit-history row").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PromptAudit {
    pub field: String,
    pub reason: Option<String>,
    pub at: Ts,
}

/// An AI agent with its per-channel prompts and the simulated Vapi assistant config.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub business_id: String,
    pub name: String,
    pub vapi_assistant_id: String,
    pub created_at: Ts,
    pub inbound_prompt: String,
    pub inbound_llm: String,
    pub outbound_prompt: String,
    pub outbound_llm: String,
    pub outbound_first_message: String,
    pub sms_prompt: String,
    pub sms_llm: String,
    pub first_message: String,
    pub voice: Value,
    pub model: Value,
    pub metadata: Map<String, Value>,
    pub vapi_config: Map<String, Value>,
    pub audit: Vec<PromptAudit>,
    /// Every `PATCH /api/v1/agents` body this agent received, as sent (the newest
    /// [`MAX_PATCH_LOG`]), so tests and the curious can see exactly what a client changed.
    /// Not part of the public API; `/sandbox/agents?id=` shows it.
    #[serde(default)]
    pub patches: Vec<Value>,
}

/// How many PATCH bodies an agent keeps.
pub const MAX_PATCH_LOG: usize = 100;

/// A phone number assigned to a business (and usually an agent).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Number {
    pub id: String,
    pub phone_number: String,
    pub agent_id: Option<String>,
    pub business_id: String,
    pub created_at: Ts,
}

/// Quality scores the simulated analysis gives a completed call.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Quality {
    pub professionalism: u8,
    pub empathy: u8,
    pub information_gathering: u8,
    pub resolution: u8,
}

/// A phone call, inbound or outbound.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Call {
    pub id: String,
    pub conversation_id: String,
    pub business_id: String,
    pub agent_id: String,
    /// `outbound` or `inbound`.
    pub direction: String,
    /// The other party's number (the callee outbound, the caller inbound).
    pub to: String,
    pub name: Option<String>,
    pub context: Option<String>,
    pub first_message: Option<String>,
    pub lead_id: Option<String>,
    pub webhook_url: Option<String>,
    pub max_duration: u32,
    pub status: String,
    pub duration: Option<u32>,
    pub summary: Option<String>,
    pub transcript: Option<String>,
    pub quality: Option<Quality>,
    pub ended_reason: Option<String>,
    pub created_at: Ts,
    pub ended_at: Option<Ts>,
}

/// Who is on a call and when it started: what every new call needs.
pub struct CallParty<'a> {
    pub business_id: &'a str,
    pub agent_id: &'a str,
    /// `outbound` or `inbound`.
    pub direction: &'a str,
    /// The other party's number.
    pub to: &'a str,
}

impl Call {
    /// A call in `status` with no outcome yet; callers set name, context and the rest.
    pub fn blank(
        id: String,
        conversation_id: String,
        party: CallParty<'_>,
        status: &str,
        at: Ts,
    ) -> Call {
        Call {
            id,
            conversation_id,
            business_id: party.business_id.to_string(),
            agent_id: party.agent_id.to_string(),
            direction: party.direction.to_string(),
            to: party.to.to_string(),
            name: None,
            context: None,
            first_message: None,
            lead_id: None,
            webhook_url: None,
            max_duration: 600,
            status: status.to_string(),
            duration: None,
            summary: None,
            transcript: None,
            quality: None,
            ended_reason: None,
            created_at: at,
            ended_at: None,
        }
    }
}

/// A lead in the CRM.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lead {
    pub id: String,
    pub business_id: String,
    pub agent_id: Option<String>,
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub zip: Option<String>,
    pub address: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub status: String,
    pub source: String,
    pub source_url: Option<String>,
    pub source_page: Option<String>,
    pub notes: Option<String>,
    pub message: Option<String>,
    pub event_date: Option<String>,
    pub event_type: Option<String>,
    pub score: Option<u8>,
    pub interaction_count: u32,
    pub touch_count: u32,
    pub last_touch: Option<Ts>,
    pub paused: bool,
    pub created_at: Ts,
    pub updated_at: Ts,
}

impl Lead {
    /// A lead with nothing known but where it came from; callers fill in the rest.
    pub fn blank(id: String, business_id: &str, status: &str, source: &str, at: Ts) -> Lead {
        Lead {
            id,
            business_id: business_id.to_string(),
            agent_id: None,
            name: None,
            first_name: None,
            last_name: None,
            email: None,
            phone: None,
            zip: None,
            address: None,
            city: None,
            state: None,
            status: status.to_string(),
            source: source.to_string(),
            source_url: None,
            source_page: None,
            notes: None,
            message: None,
            event_date: None,
            event_type: None,
            score: None,
            interaction_count: 0,
            touch_count: 0,
            last_touch: None,
            paused: false,
            created_at: at,
            updated_at: at,
        }
    }
}

/// An SMS the sandbox "sent".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sms {
    pub id: String,
    pub message_sid: String,
    pub business_id: String,
    pub agent_id: String,
    pub lead_id: Option<String>,
    pub to: String,
    pub from: String,
    pub body: String,
    pub created_at: Ts,
}

/// An eval scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Eval {
    pub id: String,
    pub agent_id: String,
    pub business_id: String,
    pub vapi_eval_id: String,
    pub name: String,
    pub description: Option<String>,
    pub messages: Vec<Value>,
    pub created_at: Ts,
    pub updated_at: Ts,
}

/// One run of one eval. Its status follows from the clock (`queued` until `starts_at`,
/// `in-progress` until `ends_at`, then `ended`), so no background task is needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalRun {
    pub id: String,
    pub vapi_run_id: String,
    pub eval_id: String,
    pub agent_id: String,
    pub business_id: String,
    pub created_at: Ts,
    pub starts_at: Ts,
    pub ends_at: Ts,
    pub passed: bool,
    pub results: Vec<Value>,
}

/// SDR automation settings of one business.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SdrConfig {
    pub enabled: bool,
    pub min_touch_gap_hours: i64,
    pub max_touches: i64,
    pub auto_call: bool,
    pub auto_email: bool,
    pub auto_sms: bool,
    pub sdr_agent_id: Option<String>,
    pub business_hours_start: i64,
    pub business_hours_end: i64,
    pub email_from_account_id: Option<String>,
    pub updated_at: Option<Ts>,
}

impl Default for SdrConfig {
    /// Safe defaults: automation off, conservative cadence.
    fn default() -> Self {
        SdrConfig {
            enabled: false,
            min_touch_gap_hours: 24,
            max_touches: 5,
            auto_call: false,
            auto_email: false,
            auto_sms: false,
            sdr_agent_id: None,
            business_hours_start: 9,
            business_hours_end: 17,
            email_from_account_id: None,
            updated_at: None,
        }
    }
}

/// One row of the SDR activity log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SdrActivity {
    pub id: String,
    pub business_id: String,
    pub lead_id: String,
    pub action: String,
    pub success: bool,
    pub detail: String,
    pub segment: Option<String>,
    pub created_at: Ts,
}

/// One logged API request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UsageLog {
    pub id: String,
    pub user_id: String,
    pub key_id: String,
    pub endpoint: String,
    pub method: String,
    pub status_code: u16,
    pub call_id: Option<String>,
    pub cost_cents: u32,
    pub created_at: Ts,
}

/// A business's global webhook. The signing secret is server-side state the sandbox
/// needs in order to sign; it is returned once at registration and masked after.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookConfig {
    pub business_id: String,
    pub url: String,
    pub secret: String,
    pub created_at: Ts,
}

/// One webhook delivery attempt (`webhook_logs` in the reference).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebhookLog {
    pub id: String,
    pub business_id: Option<String>,
    pub url: String,
    pub event: String,
    pub signed: bool,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: u64,
    pub created_at: Ts,
}
