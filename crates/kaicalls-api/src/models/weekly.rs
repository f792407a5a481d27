//! `GET /api/v1/analytics/weekly`: this week against last week.

use serde::{Deserialize, Serialize};

use super::common::{Extra, compact_f64, compact_opt_f64};

/// A week's start and end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Week {
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The two weeks compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyPeriod {
    /// The last 7 days.
    pub this_week: Week,
    /// The 7 days before.
    pub last_week: Week,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One week's calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekCalls {
    /// Calls.
    pub total: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Talk time, seconds.
    pub total_duration_seconds: u64,
    /// Average length, seconds.
    #[serde(serialize_with = "compact_f64")]
    pub avg_duration_seconds: f64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Percent changes, this week against last (absent when last week was zero).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Change in the total.
    #[serde(default, serialize_with = "compact_opt_f64")]
    pub total: Option<f64>,
    /// Change in completed calls (calls only).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_opt_f64"
    )]
    pub completed: Option<f64>,
    /// Change in average length (calls only).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_opt_f64"
    )]
    pub avg_duration: Option<f64>,
    /// Change in conversions (leads only).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "compact_opt_f64"
    )]
    pub converted: Option<f64>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Calls of both weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyCalls {
    /// The last 7 days.
    pub this_week: WeekCalls,
    /// The 7 days before.
    pub last_week: WeekCalls,
    /// Percent changes.
    pub change: Change,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One week's leads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekLeads {
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

/// Leads of both weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyLeads {
    /// The last 7 days.
    pub this_week: WeekLeads,
    /// The 7 days before.
    pub last_week: WeekLeads,
    /// Percent changes.
    pub change: Change,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An agent of the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyAgent {
    /// Agent id.
    pub agent_id: String,
    /// Agent name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Calls this week.
    pub total_calls: u64,
    /// Talk time this week, seconds.
    pub total_duration_seconds: u64,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/analytics/weekly`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeeklyReport {
    /// The two weeks.
    pub period: WeeklyPeriod,
    /// Calls.
    pub calls: WeeklyCalls,
    /// Leads.
    pub leads: WeeklyLeads,
    /// Busiest agents this week.
    #[serde(default)]
    pub top_agents: Vec<WeeklyAgent>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
