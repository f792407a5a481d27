//! `/api/sdr/*`: camelCase bodies, `sdr:read` / `sdr:write` scopes.

use super::group;
use crate::error::Result;
use crate::models::{
    ActionRequest, ActionResult, ActivityFilter, ActivityLog, Pipeline, PipelineFilter,
    PipelineRun, ReportPeriod, SdrAction, SdrConfig, SdrReport,
};
use crate::transport::Request;

group!(
    /// The SDR pipeline: `client.sdr()`.
    Sdr
);

#[derive(serde::Serialize)]
struct RunBody<'a> {
    #[serde(rename = "businessId")]
    business_id: &'a str,
    #[serde(rename = "dryRun")]
    dry_run: bool,
}

impl Sdr {
    /// The business's leads with segment, score and next action (`sdr:read`).
    pub async fn pipeline(&self, business_id: &str, filter: PipelineFilter) -> Result<Pipeline> {
        let req = Request::get("/api/sdr/pipeline")
            .query("businessId", Some(business_id))
            .query("segment", filter.segment.as_ref())
            .query("limit", filter.limit);
        self.client.send(req).await
    }

    /// Acts on one lead now (`sdr:write`), within the cadence rules: too soon answers
    /// `rate_limited` with `next_allowed_at`. Never retried once it may have reached
    /// KaiCalls (a `call` action dials).
    pub async fn action(
        &self,
        business_id: &str,
        lead_id: &str,
        action: SdrAction,
    ) -> Result<ActionResult> {
        let body = ActionRequest {
            business_id: business_id.to_string(),
            lead_id: lead_id.to_string(),
            action,
        };
        self.client
            .send(Request::post("/api/sdr/action", &body)?)
            .await
    }

    /// The business's SDR settings; missing ones are the server's defaults (`sdr:read`).
    pub async fn config(&self, business_id: &str) -> Result<SdrConfig> {
        let req = Request::get("/api/sdr/config").query("businessId", Some(business_id));
        self.client.send(req).await
    }

    /// Saves the settings that are set in `config` (`sdr:write`). Retried like a read:
    /// it sets values.
    pub async fn set_config(&self, business_id: &str, config: &SdrConfig) -> Result<SdrConfig> {
        let body = SdrConfig {
            business_id: Some(business_id.to_string()),
            updated_at: None,
            extra: Default::default(),
            ..config.clone()
        };
        self.client
            .send(Request::put("/api/sdr/config", &body)?)
            .await
    }

    /// Reviews the pipeline and dispatches actions, or only previews them when
    /// `dry_run` (`sdr:write`). Fails with `invalid_request`/`validation_error` when SDR
    /// is not enabled. Never retried once it may have reached KaiCalls.
    pub async fn run(&self, business_id: &str, dry_run: bool) -> Result<PipelineRun> {
        let body = RunBody {
            business_id,
            dry_run,
        };
        self.client
            .send(Request::post("/api/sdr/run", &body)?)
            .await
    }

    /// Action and outcome counts, new, hot and stale leads (`sdr:read`).
    pub async fn report(
        &self,
        business_id: &str,
        period: Option<ReportPeriod>,
    ) -> Result<SdrReport> {
        let req = Request::get("/api/sdr/report")
            .query("businessId", Some(business_id))
            .query("period", period.as_ref());
        self.client.send(req).await
    }

    /// Recent touches from the activity log (`sdr:read`).
    pub async fn activity(&self, business_id: &str, filter: ActivityFilter) -> Result<ActivityLog> {
        let req = Request::get("/api/sdr/activity")
            .query("businessId", Some(business_id))
            .query("leadId", filter.lead_id.as_deref())
            .query("limit", filter.limit);
        self.client.send(req).await
    }
}
