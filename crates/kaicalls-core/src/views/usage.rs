//! The usage screen: each business's plan and minutes, and the key's API request log.

use serde::Serialize;

/// One business's subscription and use this period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BusinessUsage {
    /// Business id.
    pub id: String,
    /// Its name, where known.
    pub name: Option<String>,
    /// `active`, `trialing`, `past_due`, … as KaiCalls says it; none when never read.
    pub subscription_status: Option<String>,
    /// Minutes used this period; none when never read (not zero).
    pub minutes_used: Option<f64>,
    /// Phone numbers held; none when never read.
    pub phone_numbers: Option<u32>,
    /// Its calls of the last 30 days, counted in the offline copy; none before the first
    /// sync of calls (not zero).
    pub calls_30_days: Option<u64>,
    /// End of the free trial (RFC 3339), known from the sign-up that created it.
    pub trial_ends_at: Option<String>,
    /// Whole days until the trial ends (0 on its last day, negative once it has ended).
    pub trial_days_left: Option<i64>,
}

/// One request in the key's API usage log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UsageRequest {
    /// Log id.
    pub id: String,
    /// `POST`, `GET`, …
    pub method: String,
    /// The route, e.g. `/v1/calls`.
    pub endpoint: String,
    /// The HTTP status it got.
    pub status_code: u16,
    /// The call it placed, if any.
    pub call_id: Option<String>,
    /// What it cost, in cents.
    pub cost_cents: u64,
    /// When (RFC 3339).
    pub created_at: String,
}

/// The usage screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UsageView {
    /// Every business of the key.
    pub businesses: Vec<BusinessUsage>,
    /// The last 30 days of API requests, newest first; none offline (the log is not kept).
    pub requests: Option<Vec<UsageRequest>>,
    /// The log holds more than the 500 requests shown.
    pub requests_truncated: bool,
    /// The requests' cost in cents, summed; none offline.
    pub cost_cents: Option<u64>,
    /// Calls placed through the API in those days; none offline.
    pub calls_placed: Option<u32>,
    /// Read from the offline copy: KaiCalls could not be reached.
    pub from_cache: bool,
}
