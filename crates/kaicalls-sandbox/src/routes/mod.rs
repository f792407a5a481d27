//! Every route of the reference (under `/api/`) plus the sandbox's own helpers (under
//! `/sandbox/`). Authentication, rate limits, the usage log and fault injection wrap the
//! `/api/` routes as layers, and the body limit wraps everything, so no handler can skip
//! them.

mod account;
mod agents;
mod analytics;
mod calls;
mod common;
mod evals;
mod leads;
mod mcp;
mod numbers;
mod sandbox;
mod sdr;
mod signup;
mod sms;
mod transcripts;
mod webhooks;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::App;
use crate::{auth, extract, faults};

/// The whole HTTP surface.
pub fn router(app: App) -> Router {
    let api = Router::new()
        .route("/api/v1/signup", post(signup::signup))
        .route(
            "/api/v1/agents",
            get(agents::get).post(agents::create).patch(agents::update),
        )
        .route("/api/v1/numbers", get(numbers::list))
        .route("/api/v1/calls", get(calls::get).post(calls::create))
        .route("/api/v1/leads", get(leads::get).patch(leads::update))
        .route("/api/v1/transcripts", get(transcripts::list))
        .route(
            "/api/v1/webhooks",
            get(webhooks::view)
                .post(webhooks::register)
                .delete(webhooks::remove),
        )
        .merge(sms::routes())
        .merge(evals::routes())
        .merge(sdr::routes())
        .merge(analytics::routes())
        .merge(account::routes())
        .merge(mcp::routes())
        .route_layer(from_fn_with_state(app.clone(), auth::guard))
        .route_layer(from_fn_with_state(app.clone(), faults::inject));
    Router::new()
        .merge(api)
        .merge(sandbox::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(from_fn_with_state(app.clone(), extract::limit_body))
        .with_state(app)
}

async fn not_found() -> Response {
    ApiError::not_found("Route").into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request",
        "Method not allowed on this route",
    )
    .into_response()
}
