//! The SDR pipeline screen: segments and their leads, acting on a lead, the settings, a
//! dry or real run, the report and the activity log. All read live: the pipeline decides
//! from the server's state of each lead, so an offline copy of it would mislead.

use serde::{Deserialize, Serialize};

/// A lead as the pipeline sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrLeadView {
    /// Lead id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// Lead status (`new`, `contacted`, …).
    pub status: String,
    /// Lead source.
    pub source: Option<String>,
    /// Its segment (`speed_to_lead`, …).
    pub segment: String,
    /// Score 0–100.
    pub score: Option<u32>,
    /// Touches so far.
    pub touch_count: u32,
    /// The last touch (RFC 3339).
    pub last_touch: Option<String>,
    /// What the pipeline would do next (`call`, `email`, `sms`, …); none when nothing.
    pub next_action: Option<String>,
    /// Automation paused for this lead.
    pub paused: bool,
    /// When the lead was created (RFC 3339).
    pub created_at: String,
}

/// One segment and its leads, in the reference's order of urgency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrSegmentView {
    /// The segment.
    pub segment: String,
    /// Its leads, as KaiCalls ranks them.
    pub leads: Vec<SdrLeadView>,
}

/// The pipeline of one business.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrPipelineView {
    /// The business.
    pub business_id: String,
    /// Whether automation is on.
    pub enabled: bool,
    /// Leads in the pipeline.
    pub total_leads: u32,
    /// Of those, ones the pipeline can act on.
    pub actionable: u32,
    /// Of those, ones needing a person.
    pub needs_manual: u32,
    /// Non-empty segments, most urgent first.
    pub segments: Vec<SdrSegmentView>,
}

/// Act on one lead now.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrActionRequest {
    /// Made when the user chose the action; the same id is never sent twice (`call`
    /// dials a real person).
    pub request_id: String,
    /// The business.
    pub business_id: String,
    /// The lead.
    pub lead_id: String,
    /// `call`, `email`, `sms`, `skip`, `pause`, `resume` or `escalate`.
    pub action: String,
}

/// What an action or a run did to one lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrResultView {
    /// Whether it worked.
    pub success: bool,
    /// The action.
    pub action: String,
    /// The lead.
    pub lead_id: String,
    /// The lead's name, where the offline copy knows it.
    pub lead_name: Option<String>,
    /// What happened, in KaiCalls' words.
    pub detail: Option<String>,
}

/// The business's SDR settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrConfigView {
    /// Automation on.
    pub enabled: bool,
    /// Hours between two touches of a lead.
    pub min_touch_gap_hours: Option<u32>,
    /// Touches before a lead is exhausted.
    pub max_touches: Option<u32>,
    /// May place calls.
    pub auto_call: bool,
    /// May queue emails.
    pub auto_email: bool,
    /// May send texts.
    pub auto_sms: bool,
    /// The agent that places SDR calls.
    pub sdr_agent_id: Option<String>,
    /// First hour to touch leads, 0–23 in the lead's time.
    pub business_hours_start: Option<u8>,
    /// Hour to stop, 0–23 in the lead's time.
    pub business_hours_end: Option<u8>,
    /// When KaiCalls last saved them (RFC 3339).
    pub updated_at: Option<String>,
}

/// A dry or real run of the pipeline.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrRunRequest {
    /// Made when the user asked for the run; a real run with the same id is sent once.
    pub request_id: String,
    /// The business.
    pub business_id: String,
    /// Preview only: nothing is dispatched.
    pub dry_run: bool,
}

/// What a run did, or would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrRunView {
    /// A preview: nothing was dispatched.
    pub dry_run: bool,
    /// Calls queued.
    pub calls_queued: u32,
    /// Emails queued.
    pub emails_queued: u32,
    /// Texts sent.
    pub sms_sent: u32,
    /// Handed to a person.
    pub escalated: u32,
    /// Failed.
    pub failed: u32,
    /// Leads left alone this time.
    pub skipped: u32,
    /// Per lead.
    pub results: Vec<SdrResultView>,
    /// Errors KaiCalls listed, in its words.
    pub errors: Vec<String>,
}

/// A name and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Count {
    /// What is counted.
    pub name: String,
    /// How many.
    pub count: u64,
}

/// The SDR report of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrReportView {
    /// `today`, `week` or `month`.
    pub period: String,
    /// Its start (RFC 3339).
    pub since: String,
    /// Touches per action.
    pub actions: Vec<Count>,
    /// Touches that worked.
    pub succeeded: u64,
    /// Touches that failed.
    pub failed: u64,
    /// New leads in the period.
    pub new_leads: u64,
    /// Leads to act on first.
    pub hot_leads: Vec<SdrLeadView>,
    /// Leads waiting on a person.
    pub stale_leads: Vec<SdrLeadView>,
}

/// One touch in the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SdrActivityView {
    /// Entry id.
    pub id: String,
    /// The lead.
    pub lead_id: String,
    /// Its name, where the offline copy knows it.
    pub lead_name: Option<String>,
    /// What was done.
    pub action: String,
    /// Whether it worked.
    pub success: bool,
    /// What happened.
    pub detail: Option<String>,
    /// The lead's segment then.
    pub segment: Option<String>,
    /// When (RFC 3339).
    pub created_at: String,
}
