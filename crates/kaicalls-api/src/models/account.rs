//! `GET /api/v1/balance` and `GET /api/v1/usage`.

use serde::{Deserialize, Serialize};

use super::common::{Extra, compact_f64, setters, value_setters};

/// Subscription and usage of one business.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessBalance {
    /// Business id.
    pub business_id: String,
    /// Minutes used this period.
    #[serde(serialize_with = "compact_f64")]
    pub minutes_used: f64,
    /// Numbers held.
    pub phone_numbers: u32,
    /// e.g. `active`, `trialing`, `past_due`.
    pub subscription_status: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/balance`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    /// One entry per business.
    pub businesses: Vec<BusinessBalance>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Filters of `GET /api/v1/usage`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageFilter {
    /// ISO 8601 start.
    pub start: Option<String>,
    /// ISO 8601 end.
    pub end: Option<String>,
    /// Max entries (server default 100, max 500).
    pub limit: Option<u32>,
}

impl UsageFilter {
    setters!(start: String, end: String);
    value_setters!(limit: u32);
}

/// One API request in the usage log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageEntry {
    /// Log id.
    pub id: String,
    /// Route, e.g. `/v1/calls`.
    pub endpoint: String,
    /// HTTP method.
    pub method: String,
    /// HTTP status answered.
    pub status_code: u16,
    /// The call placed, if any.
    #[serde(default)]
    pub call_id: Option<String>,
    /// What it cost.
    #[serde(default)]
    pub cost_cents: u64,
    /// When.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/usage`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// Newest first.
    pub usage: Vec<UsageEntry>,
    /// Whether older entries exist beyond `limit`.
    #[serde(default)]
    pub has_more: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
