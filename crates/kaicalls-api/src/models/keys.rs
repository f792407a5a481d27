//! `/api/v1/keys`. KaiCalls manages keys with a dashboard session, not an API key, so
//! the client has no calls for them; the types are here for what shows keys (the
//! sandbox's key routes answer in the same shapes).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::common::{Extra, expose};

/// A key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyInfo {
    /// Key id.
    pub id: String,
    /// First characters, for recognising it.
    pub prefix: String,
    /// Name.
    pub name: String,
    /// Granted scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The one business it is limited to, if any.
    #[serde(default)]
    pub business_id: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// Last use.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// Expiry.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// False once revoked.
    pub is_active: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeysList {
    /// Every key of the user.
    pub keys: Vec<KeyInfo>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `POST /api/v1/keys` answer: the key is shown this once. `Debug` redacts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedKey {
    /// The key.
    #[serde(serialize_with = "expose")]
    pub key: SecretString,
    /// Key id.
    pub id: String,
    /// First characters.
    pub prefix: String,
    /// Name.
    pub name: String,
    /// Granted scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The one business it is limited to, if any.
    #[serde(default)]
    pub business_id: Option<String>,
    /// When it was made.
    pub created_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}
