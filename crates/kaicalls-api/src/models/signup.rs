//! `POST /api/v1/signup`: a whole account (business, key, agent, number) in one call.

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::common::{Extra, expose};

/// What signup needs. `phone_forward_to` is normalised to E.164 before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SignupRequest {
    /// Name of the business.
    pub business_name: String,
    /// Account email (must be unique).
    pub email: String,
    /// Category, e.g. "Legal Services".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_type: Option<String>,
    /// Business website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Ring this number first; the AI answers after 20 s without pickup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_forward_to: Option<String>,
}

impl SignupRequest {
    /// The two required fields.
    pub fn new(business_name: impl Into<String>, email: impl Into<String>) -> Self {
        SignupRequest {
            business_name: business_name.into(),
            email: email.into(),
            ..Default::default()
        }
    }

    /// Sets the business category.
    pub fn business_type(mut self, v: impl Into<String>) -> Self {
        self.business_type = Some(v.into());
        self
    }

    /// Sets the website.
    pub fn website(mut self, v: impl Into<String>) -> Self {
        self.website = Some(v.into());
        self
    }

    /// Sets the ring-first forwarding number (any format the default region reads).
    pub fn phone_forward_to(mut self, v: impl Into<String>) -> Self {
        self.phone_forward_to = Some(v.into());
        self
    }
}

/// The new account. The key is shown once: store it in the keyring straight away.
/// `Debug` redacts it; serialising writes it (the answer as received).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignupResponse {
    /// The owner's key, with every scope.
    #[serde(serialize_with = "expose")]
    pub api_key: SecretString,
    /// The new business.
    pub business_id: String,
    /// Its intake agent.
    pub agent_id: String,
    /// The number assigned from the pool.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Where the web dashboard is.
    #[serde(default)]
    pub dashboard_url: Option<String>,
    /// End of the free trial.
    #[serde(default)]
    pub trial_ends_at: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
