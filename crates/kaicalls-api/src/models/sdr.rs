//! `/api/sdr/*`: the automated sales pipeline. These routes are camelCase where the
//! rest of the API is snake_case (`businessId`, `leadId`, `dryRun`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::{Extra, open_enum, setters, value_setters};
use super::leads::LeadStatus;

open_enum! {
    /// The pipeline segment a lead is in.
    SdrSegment {
        /// A brand-new lead: call now.
        SpeedToLead => "speed_to_lead",
        /// Called the demo line recently.
        FreshDemoCaller => "fresh_demo_caller",
        /// Called the demo line a while ago.
        WarmDemoCaller => "warm_demo_caller",
        /// Demo interest cooling off.
        CoolingDemo => "cooling_demo",
        /// Trial started, no progress.
        NewTrialStuck => "new_trial_stuck",
        /// Trial user going quiet.
        TrialGoingDark => "trial_going_dark",
        /// Trial about to end.
        TrialEnding => "trial_ending",
        /// Reached out, no reply.
        ContactedNoReply => "contacted_no_reply",
        /// Past `max_touches`.
        Exhausted => "exhausted",
        /// Recently churned.
        ChurnedRecent => "churned_recent",
        /// Cold.
        Cold => "cold",
    }
}

open_enum! {
    /// What the pipeline does (or should do next) for a lead.
    SdrAction {
        /// Place a call.
        Call => "call",
        /// Queue an email.
        Email => "email",
        /// Send a text.
        Sms => "sms",
        /// Do nothing this time.
        Skip => "skip",
        /// Stop automation for the lead.
        Pause => "pause",
        /// Resume automation.
        Resume => "resume",
        /// Hand to a human.
        Escalate => "escalate",
    }
}

/// Filters of `GET /api/sdr/pipeline`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PipelineFilter {
    /// Only this segment.
    pub segment: Option<SdrSegment>,
    /// Max results (server default 100).
    pub limit: Option<u32>,
}

impl PipelineFilter {
    setters!(segment: SdrSegment);
    value_setters!(limit: u32);
}

/// Pipeline counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineSummary {
    /// Leads reviewed.
    pub total_leads: u32,
    /// Leads with an automatic next action.
    pub actionable: u32,
    /// Leads that need a person.
    pub needs_manual: u32,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A lead as the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SdrLead {
    /// Lead id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Lead status.
    pub status: LeadStatus,
    /// Lead source.
    #[serde(default)]
    pub source: Option<String>,
    /// Segment.
    pub segment: SdrSegment,
    /// Lead score (0–100).
    #[serde(default)]
    pub score: Option<u32>,
    /// Touches so far.
    #[serde(default)]
    pub touch_count: u32,
    /// When it was last touched.
    #[serde(default)]
    pub last_touch: Option<String>,
    /// What the dispatcher would do next.
    #[serde(default)]
    pub next_action: Option<SdrAction>,
    /// Automation paused for it.
    #[serde(default)]
    pub paused: bool,
    /// When the lead was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/sdr/pipeline`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// The business reviewed.
    #[serde(rename = "businessId")]
    pub business_id: String,
    /// Whether SDR automation is on.
    pub enabled: bool,
    /// Counts.
    pub summary: PipelineSummary,
    /// The leads.
    #[serde(default)]
    pub leads: Vec<SdrLead>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/sdr/action` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionRequest {
    /// The lead's business.
    #[serde(rename = "businessId")]
    pub business_id: String,
    /// The lead.
    #[serde(rename = "leadId")]
    pub lead_id: String,
    /// What to do.
    pub action: SdrAction,
}

/// The outcome of one action (alone, or within a run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionResult {
    /// Whether it was done.
    pub success: bool,
    /// What was done.
    pub action: SdrAction,
    /// The lead.
    #[serde(rename = "leadId")]
    pub lead_id: String,
    /// What happened, in words.
    #[serde(default)]
    pub detail: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// SDR settings of a business: what `GET /api/sdr/config` answers, and what
/// [`Sdr::set_config`](crate::resources::Sdr::set_config) sends (only the fields that
/// are set; `Some("")` clears a text field). Missing values fall back to the server's
/// safe defaults (automation off).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SdrConfig {
    /// The business (filled in by the server; set from the argument when saving).
    #[serde(
        default,
        rename = "businessId",
        skip_serializing_if = "Option::is_none"
    )]
    pub business_id: Option<String>,
    /// Master switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Minimum hours between touches of one lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_touch_gap_hours: Option<u32>,
    /// Touches after which a lead is `exhausted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_touches: Option<u32>,
    /// May the dispatcher place calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_call: Option<bool>,
    /// May it queue / auto-approve emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_email: Option<bool>,
    /// May it send texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_sms: Option<bool>,
    /// Agent used for SDR calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdr_agent_id: Option<String>,
    /// First hour (0–23, caller-local) touches may happen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours_start: Option<u8>,
    /// Last hour (0–23, caller-local).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_hours_end: Option<u8>,
    /// Connected email account to send from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_from_account_id: Option<String>,
    /// When the settings were last saved (`None`: never, defaults apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SdrConfig {
    setters!(sdr_agent_id: String, email_from_account_id: String);
    value_setters!(
        enabled: bool,
        min_touch_gap_hours: u32,
        max_touches: u32,
        auto_call: bool,
        auto_email: bool,
        auto_sms: bool,
        business_hours_start: u8,
        business_hours_end: u8,
    );
}

/// Counts of a pipeline run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Calls placed or queued.
    pub calls_queued: u32,
    /// Emails queued.
    pub emails_queued: u32,
    /// Texts sent.
    pub sms_sent: u32,
    /// Leads handed to a person.
    pub escalated: u32,
    /// Actions that failed.
    pub failed: u32,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/sdr/run` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineRun {
    /// Whether the run completed.
    pub success: bool,
    /// Counts.
    pub summary: RunSummary,
    /// Each action taken (or previewed, on a dry run).
    #[serde(default)]
    pub results: Vec<ActionResult>,
    /// Leads skipped.
    #[serde(default)]
    pub skipped: u32,
    /// Errors, as the server reports them.
    #[serde(default)]
    pub errors: Vec<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

open_enum! {
    /// The period of an SDR report.
    ReportPeriod {
        /// Since midnight.
        Today => "today",
        /// The last 7 days (server default).
        Week => "week",
        /// The last 30 days.
        Month => "month",
    }
}

/// Filters of `GET /api/sdr/activity`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Only this lead.
    pub lead_id: Option<String>,
    /// Max entries (server default 50, max 200).
    pub limit: Option<u32>,
}

impl ActivityFilter {
    setters!(lead_id: String);
    value_setters!(limit: u32);
}

/// The window of an SDR report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportWindow {
    /// `today`, `week` or `month`.
    pub name: ReportPeriod,
    /// Start of the window.
    pub since: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Success and failure counts of the period's actions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportOutcomes {
    /// Actions that succeeded.
    pub success: u64,
    /// Actions that failed.
    pub failed: u64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/sdr/report`. The reference names its contents but shows no example; the
/// shape is the sandbox's, with unknown fields kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SdrReport {
    /// The business.
    #[serde(rename = "businessId")]
    pub business_id: String,
    /// The window.
    pub period: ReportWindow,
    /// Actions taken in the window, by action.
    #[serde(default)]
    pub actions: std::collections::BTreeMap<String, u64>,
    /// Outcomes in the window.
    pub outcomes: ReportOutcomes,
    /// Leads created in the window.
    #[serde(default)]
    pub new_leads: u64,
    /// Leads in hot segments now (speed_to_lead, fresh_demo_caller, new_trial_stuck).
    #[serde(default)]
    pub hot_leads: Vec<SdrLead>,
    /// Leads waiting for manual review now.
    #[serde(default)]
    pub stale_leads: Vec<SdrLead>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One touch in the SDR activity log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    /// Entry id.
    pub id: String,
    /// The lead.
    #[serde(rename = "leadId")]
    pub lead_id: String,
    /// What was done.
    pub action: SdrAction,
    /// Whether it worked.
    pub success: bool,
    /// What happened, in words.
    #[serde(default)]
    pub detail: Option<String>,
    /// The lead's segment then.
    #[serde(default)]
    pub segment: Option<SdrSegment>,
    /// When.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/sdr/activity`, newest first. Shape as for [`SdrReport`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityLog {
    /// The entries.
    #[serde(default)]
    pub activity: Vec<ActivityEntry>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
