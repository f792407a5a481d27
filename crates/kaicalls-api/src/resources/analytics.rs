//! `/api/v1/analytics/*` (120 requests a minute).

use super::group;
use crate::error::Result;
use crate::models::{
    AgentAnalytics, AnalyticsFilter, BusinessAnalytics, CallAnalytics, Dashboard, Funnel,
    WeeklyReport,
};
use crate::transport::Request;

group!(
    /// Aggregate reports: `client.analytics()`.
    Analytics
);

impl Analytics {
    /// Leads, calls, conversion and top agents (`days`).
    pub async fn dashboard(&self, filter: &AnalyticsFilter) -> Result<Dashboard> {
        let req = Request::get("/api/v1/analytics/dashboard").query("days", filter.days);
        self.client.send(req).await
    }

    /// Call volume, outcomes and length over time (`days`, `group_by`, `agent_id`).
    pub async fn calls(&self, filter: &AnalyticsFilter) -> Result<CallAnalytics> {
        let req = Request::get("/api/v1/analytics/calls")
            .query("days", filter.days)
            .query("group_by", filter.group_by.as_ref())
            .query("agent_id", filter.agent_id.as_deref());
        self.client.send(req).await
    }

    /// The lead funnel new → contacted → qualified → converted (`days`, `source`;
    /// needs `leads:read`).
    pub async fn funnel(&self, filter: &AnalyticsFilter) -> Result<Funnel> {
        let req = Request::get("/api/v1/analytics/funnel")
            .query("days", filter.days)
            .query("source", filter.source.as_deref());
        self.client.send(req).await
    }

    /// Per-agent calls and conversions (`days`, `agent_id`).
    pub async fn agents(&self, filter: &AnalyticsFilter) -> Result<AgentAnalytics> {
        let req = Request::get("/api/v1/analytics/agents")
            .query("days", filter.days)
            .query("agent_id", filter.agent_id.as_deref());
        self.client.send(req).await
    }

    /// This week against last week.
    pub async fn weekly(&self) -> Result<WeeklyReport> {
        self.client
            .send(Request::get("/api/v1/analytics/weekly"))
            .await
    }

    /// Per-business breakdown (`days`).
    pub async fn businesses(&self, filter: &AnalyticsFilter) -> Result<BusinessAnalytics> {
        let req = Request::get("/api/v1/analytics/businesses").query("days", filter.days);
        self.client.send(req).await
    }
}
