//! The SDR pipeline (`/api/sdr/*`): segments every lead, decides its next-best action,
//! enforces cadence and records every action in the activity log.
//!
//! Unlike the `v1` routes, bodies and query parameters are camelCase (`businessId`,
//! `leadId`, `dryRun`), and a business outside the key's reach is `forbidden` rather
//! than `not_found`: the reference says the caller is always bound to the `businessId`
//! it passes.

mod actions;
mod config;
mod dispatch;
mod report;
mod segments;

use axum::http::StatusCode;
use axum::routing::{get, post};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::App;

pub fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route("/api/sdr/pipeline", get(report::pipeline))
        .route("/api/sdr/action", post(actions::action))
        .route("/api/sdr/config", get(config::get).put(config::put))
        .route("/api/sdr/run", post(actions::run))
        .route("/api/sdr/report", get(report::report))
        .route("/api/sdr/activity", get(report::activity))
}

/// `businessId` if the key may act on it, else `forbidden`. A business that does not
/// exist gets the same answer, so a key cannot probe for other tenants' ids.
fn bound_business(caller: &Caller, business_id: &str) -> ApiResult<String> {
    if caller.can_access(business_id) {
        Ok(business_id.to_string())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "This API key cannot act on that business",
        ))
    }
}
