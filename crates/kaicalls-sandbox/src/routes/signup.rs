//! `POST /api/v1/signup`: provisions a whole account with no authentication.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::common::{check_e164, is_email};
use crate::auth::with_effect;
use crate::error::{ApiError, ApiResult};
use crate::extract::Body;
use crate::provision::{self, SignupInput};
use crate::state::App;

pub async fn signup(State(app): State<App>, body: Body) -> ApiResult<Response> {
    if app.settings.lock().payment_required {
        return Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "payment_required",
            "Payment required: this signup endpoint is x402-enabled",
        ));
    }
    // The reference lists missing fields under validation_error for this route.
    let business_name = body
        .required_str("business_name")
        .map_err(|_| ApiError::validation("business_name is required"))?;
    let email = body
        .required_str("email")
        .map_err(|_| ApiError::validation("email is required"))?
        .trim()
        .to_string();
    if !is_email(&email) {
        return Err(ApiError::validation("email is not a valid email address"));
    }
    let phone_forward_to = body.opt_str("phone_forward_to")?;
    if let Some(p) = &phone_forward_to {
        check_e164("phone_forward_to", p)?;
    }
    let input = SignupInput {
        business_name: business_name.trim().to_string(),
        email,
        business_type: body.opt_str("business_type")?,
        website: body.opt_str("website")?,
        phone_forward_to,
    };
    let mut db = app.db_mut();
    if db
        .users
        .values()
        .any(|u| u.email.eq_ignore_ascii_case(&input.email))
    {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "email_exists",
            "An account with this email already exists",
        ));
    }
    let account = provision::create_account(&mut db, input);
    let body = json!({
        "api_key": account.api_key,
        "business_id": account.business_id,
        "agent_id": account.agent_id,
        "phone_number": account.phone_number,
        "dashboard_url": "https://www.kaicalls.com/dashboard",
        "trial_ends_at": account.trial_ends_at,
    });
    Ok(with_effect(
        (StatusCode::CREATED, axum::Json(body)),
        "signup",
        account.business_id,
    ))
}
