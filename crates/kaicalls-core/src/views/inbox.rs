//! The follow-up inbox as the UI shows it.

use kaicalls_store::InboxItem;
use serde::Serialize;

/// One person waiting for a call back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InboxItemView {
    /// Stable key (`lead:<id>`, `missed:<call id>`, `followup:<call id>`): what
    /// `inbox_handle` takes, and the list's row id.
    pub id: String,
    /// `new_lead`, `missed_call` or `follow_up`.
    pub kind: String,
    /// The lead, when there is one.
    pub lead_id: Option<String>,
    /// The call it is about.
    pub call_id: Option<String>,
    /// Their name, when known.
    pub name: Option<String>,
    /// Their number (E.164), when known.
    pub phone: Option<String>,
    /// The lead's status, verbatim (the list's `data-status`).
    pub status: Option<String>,
    /// What the call was about (missed calls, follow-ups).
    pub summary: Option<String>,
    /// Waiting since (RFC 3339).
    pub since: String,
}

impl From<InboxItem> for InboxItemView {
    fn from(i: InboxItem) -> Self {
        InboxItemView {
            id: i.key,
            kind: i.kind.as_str().to_string(),
            lead_id: i.lead_id,
            call_id: i.call_id,
            name: i.name,
            phone: i.phone,
            status: i.status,
            summary: i.summary,
            since: i.since.to_rfc3339(),
        }
    }
}
