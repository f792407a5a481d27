//! `/api/v1/leads`: list with filters, get, partial update. Each route shows its own
//! set of fields, so each has its own type (a field the route never sends is not
//! pretended to be `null`).

use serde::{Deserialize, Serialize};

use super::common::{Extra, open_enum, setters, value_setters};

open_enum! {
    /// Where a lead is in the pipeline.
    LeadStatus {
        /// Just arrived.
        New => "new",
        /// Someone reached out.
        Contacted => "contacted",
        /// Worth pursuing.
        Qualified => "qualified",
        /// Became a customer.
        Converted => "converted",
        /// Gone.
        Lost => "lost",
    }
}

/// Filters of `GET /api/v1/leads`. `phone` is normalised to E.164 before sending
/// (the server matches it exactly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadFilter {
    /// Only this status.
    pub status: Option<LeadStatus>,
    /// Only this source (e.g. `inbound_call`).
    pub source: Option<String>,
    /// Only this agent's leads.
    pub agent_id: Option<String>,
    /// Exact phone number.
    pub phone: Option<String>,
    /// Exact email address.
    pub email: Option<String>,
    /// Page size (server default 50, max 100).
    pub limit: Option<u32>,
    /// Only leads older than this `created_at` (the paging cursor).
    pub after: Option<String>,
}

impl LeadFilter {
    setters!(
        status: LeadStatus,
        source: String,
        agent_id: String,
        phone: String,
        email: String,
        after: String,
    );
    value_setters!(limit: u32);
}

/// A lead as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadSummary {
    /// Lead id.
    pub id: String,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone, E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// Pipeline status.
    pub status: LeadStatus,
    /// Where it came from.
    #[serde(default)]
    pub source: Option<String>,
    /// The agent that captured it.
    #[serde(default)]
    pub agent_id: Option<String>,
    /// That agent's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Owning business.
    pub business_id: String,
    /// When it was created (the paging cursor).
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of `GET /api/v1/leads`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadsPage {
    /// Newest first.
    pub leads: Vec<LeadSummary>,
    /// Whether older leads follow.
    #[serde(default)]
    pub has_more: bool,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /api/v1/leads?id=`: the whole lead, address, notes and event info included.
///
/// It is a [`LeadRecord`] (what the `PATCH` answer has too) plus what only this route
/// adds, and derefs to the record, so `lead.notes` reads the same on both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// The fields shared with the `PATCH` answer (unknown fields are kept in its `extra`).
    #[serde(flatten)]
    pub record: LeadRecord,
    /// Web form address it came from.
    #[serde(default)]
    pub source_url: Option<String>,
    /// Page it came from.
    #[serde(default)]
    pub source_page: Option<String>,
    /// The lead's own message.
    #[serde(default)]
    pub message: Option<String>,
    /// Date of the event they asked about.
    #[serde(default)]
    pub event_date: Option<String>,
    /// Kind of event.
    #[serde(default)]
    pub event_type: Option<String>,
}

impl std::ops::Deref for Lead {
    type Target = LeadRecord;

    fn deref(&self) -> &LeadRecord {
        &self.record
    }
}

impl std::ops::DerefMut for Lead {
    fn deref_mut(&mut self) -> &mut LeadRecord {
        &mut self.record
    }
}

/// `PATCH /api/v1/leads` body: only the fields set are sent. `phone` is normalised to
/// E.164 before sending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateLead {
    /// Lead id.
    pub id: String,
    /// Full name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Pipeline status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LeadStatus>,
    /// Source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Internal notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// ZIP code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip: Option<String>,
}

impl UpdateLead {
    /// An update of lead `id` that changes nothing yet.
    pub fn new(id: impl Into<String>) -> Self {
        UpdateLead {
            id: id.into(),
            ..Default::default()
        }
    }

    setters!(
        name: String,
        first_name: String,
        last_name: String,
        email: String,
        phone: String,
        status: LeadStatus,
        source: String,
        notes: String,
        address: String,
        city: String,
        state: String,
        zip: String,
    );
}

/// The fields every whole-lead answer has (`GET /api/v1/leads?id=` and the `PATCH`
/// answer): the list's fields plus address and notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadRecord {
    /// Lead id.
    pub id: String,
    /// Full name.
    #[serde(default)]
    pub name: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Email.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone, E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// ZIP code.
    #[serde(default)]
    pub zip: Option<String>,
    /// Street address.
    #[serde(default)]
    pub address: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// State.
    #[serde(default)]
    pub state: Option<String>,
    /// Pipeline status.
    pub status: LeadStatus,
    /// Where it came from.
    #[serde(default)]
    pub source: Option<String>,
    /// The agent that captured it.
    #[serde(default)]
    pub agent_id: Option<String>,
    /// That agent's name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Owning business.
    pub business_id: String,
    /// Internal notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `PATCH /api/v1/leads` answer: the list's fields plus address and notes.
pub type UpdatedLead = LeadRecord;
