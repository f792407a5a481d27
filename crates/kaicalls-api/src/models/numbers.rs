//! `GET /api/v1/numbers`.

use serde::{Deserialize, Serialize};

use super::common::Extra;

/// A phone number registered to one of the account's businesses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignedNumber {
    /// Number id.
    pub id: String,
    /// The number, E.164.
    pub phone_number: String,
    /// The agent answering it, if any.
    #[serde(default)]
    pub agent_id: Option<String>,
    /// Owning business.
    pub business_id: String,
    /// When it was added.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/numbers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumbersList {
    /// Every number.
    pub numbers: Vec<AssignedNumber>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
