//! `/api/v1/leads`.

use super::group;
use crate::client::Client;
use crate::error::Result;
use crate::models::{Lead, LeadFilter, LeadSummary, LeadsPage, UpdateLead, UpdatedLead};
use crate::paging::{Cursor, List, Page};
use crate::transport::Request;

group!(
    /// Leads: `client.leads()`.
    Leads
);

impl Leads {
    /// Leads, newest first, filtered (`leads:read`): `.send()` for one page,
    /// `.stream()` for all. A `phone` filter is normalised to E.164 first.
    pub fn list(&self, filter: LeadFilter) -> List<LeadFilter, LeadsPage> {
        List::new(self.client.clone(), filter)
    }

    /// One lead with address, notes and event info (`leads:read`).
    pub async fn get(&self, id: &str) -> Result<Lead> {
        let req = Request::get("/api/v1/leads").query("id", Some(id));
        self.client.send(req).await
    }

    /// Changes only the fields set in `update` (`leads:write`); `phone` is normalised
    /// first. Retried like a read: it sets values.
    pub async fn update(&self, update: UpdateLead) -> Result<UpdatedLead> {
        let mut update = update;
        if let Some(phone) = &update.phone {
            update.phone = Some(self.client.phone(phone)?);
        }
        self.client
            .send(Request::patch("/api/v1/leads", &update)?)
            .await
    }
}

impl Cursor for LeadFilter {
    fn set_after(&mut self, after: Option<String>) {
        self.after = after;
    }

    fn request(&self, client: &Client) -> Result<Request> {
        let phone = self.phone.as_deref().map(|p| client.phone(p)).transpose()?;
        Ok(Request::get("/api/v1/leads")
            .query("status", self.status.as_ref())
            .query("source", self.source.as_deref())
            .query("agent_id", self.agent_id.as_deref())
            .query("phone", phone)
            .query("email", self.email.as_deref())
            .query("limit", self.limit)
            .query("after", self.after.as_deref()))
    }
}

impl Page for LeadsPage {
    type Item = LeadSummary;
    const ITEMS: &'static str = "leads";

    fn has_more(&self) -> bool {
        self.has_more
    }

    fn next_cursor(&self) -> Option<String> {
        self.leads.last().map(|l| l.created_at.clone())
    }

    fn into_items(self) -> Vec<LeadSummary> {
        self.leads
    }
}
