//! The sandbox's own routes (`/sandbox/...`): not part of KaiCalls, which answers them
//! with 404. They let the app's "explore" mode and the tests make things happen that only
//! the outside world does against the real service, such as someone calling the business.

use serde::Serialize;

use super::common::setters;

/// `POST /sandbox/inbound-call` body: someone calls one of the account's agents. Every
/// field is optional; the sandbox picks an agent, a new caller and a name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InboundCall {
    /// The agent that answers (the account's first agent when unset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    /// The caller's number (normalised to E.164 before sending); a new caller when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The caller's name; the sandbox picks one when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why they call (shapes the simulated conversation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl InboundCall {
    setters!(agent_id: String, from: String, name: String, reason: String);
}
