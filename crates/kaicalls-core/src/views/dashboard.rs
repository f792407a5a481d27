//! The dashboard: KaiCalls' analytics reports when it answers, the same panels counted
//! from the offline copy when it does not, and each panel saying which it is.
//!
//! A panel carries its [`Origin`] and its data; data is `None` only when the origin is
//! [`Origin::Unknown`], so the UI never draws a number nobody could get as zero.

use kaicalls_vocab::PipelineStage;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The calls-over-time bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// One bar per day.
    #[default]
    Day,
    /// One bar per week, named after its Monday.
    Week,
}

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashboardRequest {
    /// Days looked back, today included (1 to 90, the server's limit).
    pub days: u32,
    /// Calls over time per day or per week.
    pub group_by: Grouping,
    /// One business only; `None` for all the key reaches.
    pub business_id: Option<String>,
    /// The user's offset from UTC in minutes, so offline days break at local midnight.
    pub utc_offset_minutes: i32,
    /// Ask KaiCalls again even if its answers are less than a minute old (a few seconds
    /// apart at most: repeated refreshes are answered from the last reading).
    pub refresh: bool,
    /// Answer at once, asking KaiCalls nothing: its answers of the last minute where
    /// there are, else the offline copy. The first paint asks this beside the full
    /// request, so a start without a network shows the copy in milliseconds instead of
    /// after the client's retries have given up.
    pub at_hand: bool,
}

/// Why a panel was counted from the offline copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OfflineWhy {
    /// KaiCalls could not be reached.
    Unreachable,
    /// KaiCalls' report covers every business of the key, and one was chosen.
    BusinessFilter,
    /// KaiCalls has not been asked yet (an answer from what is at hand): its own numbers
    /// follow when it answers.
    Asking,
}

/// Where a panel's numbers come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// KaiCalls' own report.
    Server {
        /// When it was read (RFC 3339); answers are reused for a minute.
        read_at: String,
    },
    /// Counted from the offline copy.
    OfflineCopy {
        /// When the records it counts were last brought up to date (RFC 3339).
        as_of: Option<String>,
        /// Why not KaiCalls' report.
        why: OfflineWhy,
        /// Older records are still downloading, so counts may be low.
        partial: bool,
    },
    /// Neither KaiCalls nor the offline copy could give it.
    Unknown {
        /// Why, in plain words, with its code.
        error: AppError,
    },
}

/// One panel of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Panel<T> {
    /// Where the numbers come from.
    pub origin: Origin,
    /// The numbers; `None` exactly when the origin is `Unknown`.
    pub data: Option<T>,
}

/// The headline numbers of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totals {
    /// Calls.
    pub calls: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Talk time, seconds.
    pub total_duration_seconds: u64,
    /// Average length over every call, seconds.
    pub avg_duration_seconds: f64,
    /// Leads created.
    pub leads: u64,
    /// Of those, converted.
    pub converted: u64,
    /// Percent of leads converted (not the dashboard report's rate, which counts
    /// qualified leads too).
    pub conversion_rate: f64,
    /// Agents.
    pub agents: u64,
}

/// One bar of calls over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TimelinePoint {
    /// `YYYY-MM-DD`: the day, or the Monday of the week.
    pub date: String,
    /// Calls.
    pub total: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Average length, seconds.
    pub avg_duration_seconds: f64,
}

/// One stage of the lead funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FunnelStep {
    /// new, contacted, qualified or converted.
    pub stage: PipelineStage,
    /// Leads that reached it or a later stage.
    pub count: u64,
    /// Percent of all leads.
    pub rate_from_top: f64,
    /// Percent lost since the stage before (0 for the first).
    pub dropoff_rate: f64,
}

/// The lead funnel new → contacted → qualified → converted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FunnelData {
    /// Leads created in the window.
    pub total_leads: u64,
    /// Of those, lost.
    pub lost: u64,
    /// The four stages in order.
    pub stages: Vec<FunnelStep>,
}

/// Calls and leads of one agent or business.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Performance {
    /// The agent's or business's id.
    pub id: String,
    /// Its name, where known.
    pub name: Option<String>,
    /// Calls.
    pub calls: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Average length, seconds.
    pub avg_duration_seconds: f64,
    /// Leads.
    pub leads: u64,
    /// Of those, converted.
    pub converted: u64,
    /// Percent converted.
    pub conversion_rate: f64,
}

/// One week's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WeekFigures {
    /// Calls.
    pub calls: u64,
    /// Of those, completed.
    pub completed: u64,
    /// Average length, seconds.
    pub avg_duration_seconds: f64,
    /// Leads.
    pub leads: u64,
    /// Of those, converted.
    pub converted: u64,
}

/// Percent changes from last week to this one; `None` where last week had none to
/// compare with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WeekChange {
    /// Calls.
    pub calls: Option<f64>,
    /// Completed calls.
    pub completed: Option<f64>,
    /// Average length.
    pub avg_duration: Option<f64>,
    /// Leads.
    pub leads: Option<f64>,
    /// Converted leads.
    pub converted: Option<f64>,
}

/// The last 7 days against the 7 before.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Weekly {
    /// The last 7 days.
    pub this_week: WeekFigures,
    /// The 7 days before.
    pub last_week: WeekFigures,
    /// How this week differs.
    pub change: WeekChange,
}

/// The dashboard screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashboardView {
    /// The window, in days.
    pub days: u32,
    /// The business shown, `None` for all.
    pub business_id: Option<String>,
    /// Headline numbers.
    pub totals: Panel<Totals>,
    /// Calls over time, oldest first, every day (or week) of the window present.
    pub timeline: Panel<Vec<TimelinePoint>>,
    /// The lead funnel.
    pub funnel: Panel<FunnelData>,
    /// Per agent, busiest first.
    pub agents: Panel<Vec<Performance>>,
    /// This week against last week.
    pub weekly: Panel<Weekly>,
    /// Per business, busiest first (every business, whatever the filter).
    pub businesses: Panel<Vec<Performance>>,
}
