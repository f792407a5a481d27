//! The account's businesses, agents and phone numbers (small lists mirrored whole).

use serde::Serialize;

/// A business the account's key reaches: what a new agent can answer for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BusinessView {
    /// The KaiCalls business id.
    pub id: String,
    /// Display name, once the server has sent one.
    pub name: Option<String>,
}

/// A voice agent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentView {
    /// The KaiCalls agent id.
    pub id: String,
    /// Display name.
    pub name: Option<String>,
    /// The business it answers for.
    pub business_id: Option<String>,
    /// Its number, once its details were read.
    pub phone_number: Option<String>,
    /// When it was created (RFC 3339, verbatim).
    pub created_at: Option<String>,
    /// Its last change made a scenario that passed fail (the eval gate's flag).
    pub regressed: bool,
}

impl From<kaicalls_store::Agent> for AgentView {
    fn from(a: kaicalls_store::Agent) -> Self {
        AgentView {
            id: a.id,
            name: a.name,
            business_id: a.business_id,
            phone_number: a.phone_number,
            created_at: a.created_at,
            regressed: false,
        }
    }
}

/// A phone number of the account.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NumberView {
    /// The number's id.
    pub id: String,
    /// The number, E.164.
    pub phone_number: Option<String>,
    /// The agent that answers it.
    pub agent_id: Option<String>,
    /// Its business.
    pub business_id: Option<String>,
    /// When it was added (RFC 3339, verbatim).
    pub created_at: Option<String>,
}

impl From<kaicalls_store::PhoneNumber> for NumberView {
    fn from(n: kaicalls_store::PhoneNumber) -> Self {
        NumberView {
            id: n.id,
            phone_number: n.phone_number,
            agent_id: n.agent_id,
            business_id: n.business_id,
            created_at: n.created_at,
        }
    }
}
