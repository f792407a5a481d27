//! `/api/v1/analytics/*`: the six aggregate reports behind the dashboard charts.
//! Averages and rates are `f64` (percentages for rates); counts are integers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::common::{Extra, compact_f64, open_enum, setters, value_setters};

open_enum! {
    /// Bucket size of the call timeline.
    GroupBy {
        /// One bucket per day (server default).
        Day => "day",
        /// One bucket per week.
        Week => "week",
    }
}

/// Parameters of the analytics reports; each report documents which it reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalyticsFilter {
    /// Look-back in days (server default 30, max 90).
    pub days: Option<u32>,
    /// Timeline bucket (call analytics).
    pub group_by: Option<GroupBy>,
    /// One agent only (call and agent analytics).
    pub agent_id: Option<String>,
    /// One lead source only (funnel).
    pub source: Option<String>,
}

impl AnalyticsFilter {
    setters!(group_by: GroupBy, agent_id: String, source: String);
    value_setters!(days: u32);
}

/// The look-back window a report covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// Days looked back.
    pub days: u32,
    /// Start of the window.
    pub since: String,
    /// Timeline bucket (call analytics only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<GroupBy>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A recent lead on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentLead {
    /// Lead id.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Status.
    pub status: super::LeadStatus,
    /// Source.
    #[serde(default)]
    pub source: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Lead block of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardLeads {
    /// Leads in the window.
    pub total: u64,
    /// Count per status.
    #[serde(default)]
    pub by_status: BTreeMap<String, u64>,
    /// Converted / total, percent.
    #[serde(serialize_with = "compact_f64")]
    pub conversion_rate: f64,
    /// Newest leads.
    #[serde(default)]
    pub recent: Vec<RecentLead>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Call block of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardCalls {
    /// Calls in the window.
    pub total: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Talk time.
    pub total_duration_seconds: u64,
    /// Average length.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration_seconds: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An agent ranked by calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopAgent {
    /// Agent id.
    pub agent_id: String,
    /// Agent name.
    #[serde(default)]
    pub name: Option<String>,
    /// Calls.
    pub count: u64,
    /// Talk time, seconds.
    pub total_duration: u64,
    /// Average length, seconds.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Agent block of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardAgents {
    /// Agents.
    pub total: u64,
    /// Busiest first.
    #[serde(default)]
    pub top_by_calls: Vec<TopAgent>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/dashboard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Window.
    pub period: Period,
    /// Leads.
    pub leads: DashboardLeads,
    /// Calls.
    pub calls: DashboardCalls,
    /// Agents.
    pub agents: DashboardAgents,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Totals of the call report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallTotals {
    /// Calls.
    pub total_calls: u64,
    /// Talk time, seconds.
    pub total_duration_seconds: u64,
    /// Average length, seconds.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration_seconds: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One bucket of the call timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineBucket {
    /// Bucket date (`YYYY-MM-DD`, the first day for weeks).
    pub date: String,
    /// Calls.
    pub total: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Talk time, seconds.
    pub total_duration: u64,
    /// Average length, seconds.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration_seconds: f64,
    /// Count per call status (`ended`, `no-answer`, ...).
    #[serde(default)]
    pub statuses: BTreeMap<String, u64>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/calls`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallAnalytics {
    /// Window and bucket size.
    pub period: Period,
    /// Totals.
    pub summary: CallTotals,
    /// Oldest bucket first.
    #[serde(default)]
    pub timeline: Vec<TimelineBucket>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One stage of the lead funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStage {
    /// `new`, `contacted`, `qualified` or `converted`.
    pub stage: super::LeadStatus,
    /// Leads that reached the stage.
    pub count: u64,
    /// Percent of all leads.
    #[serde(serialize_with = "compact_f64")]
    pub rate_from_top: f64,
    /// Percent lost since the previous stage.
    #[serde(serialize_with = "compact_f64")]
    pub dropoff_rate: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/funnel`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    /// Window.
    pub period: Period,
    /// Leads in the window.
    pub total_leads: u64,
    /// Leads lost.
    pub lost: u64,
    /// new → contacted → qualified → converted.
    pub funnel: Vec<FunnelStage>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Call stats of one agent or business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallStats {
    /// Calls.
    pub total: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Average length, seconds.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration_seconds: f64,
    /// Talk time, seconds (agent report only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_duration_seconds: Option<u64>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Lead stats of one agent or business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadStats {
    /// Leads.
    pub total: u64,
    /// Of those, converted.
    pub converted: u64,
    /// Percent converted.
    #[serde(serialize_with = "compact_f64")]
    pub conversion_rate: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One agent's performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentPerformance {
    /// Agent id.
    pub agent_id: String,
    /// Agent name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Calls.
    pub calls: CallStats,
    /// Leads.
    pub leads: LeadStats,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/agents`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentAnalytics {
    /// Window.
    pub period: Period,
    /// Per agent.
    pub agents: Vec<AgentPerformance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One business's performance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessPerformance {
    /// Business id.
    pub business_id: String,
    /// Business name.
    #[serde(default)]
    pub business_name: Option<String>,
    /// Calls.
    pub calls: CallStats,
    /// Leads.
    pub leads: LeadStats,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/businesses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessAnalytics {
    /// Window.
    pub period: Period,
    /// Per business.
    pub businesses: Vec<BusinessPerformance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
