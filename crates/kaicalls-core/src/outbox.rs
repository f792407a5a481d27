//! Lead edits made while offline (or at any time): queued in the cache's outbox, shown
//! as pending, and sent by the sync engine in order once KaiCalls can be reached.
//!
//! Only lead edits are ever queued. Placing a call and sending a text bill money and reach
//! a real person, so they need a live confirmation from the server: the app offers them
//! only online, through the API client, and nothing here (or in the sync engine) can
//! queue them.
//!
//! # Why the cached lead is not edited in place
//!
//! The leads table holds what the server last said (the store's rule), and a pending edit
//! is laid over it when the lead is shown ([`Outbox::lead_view`], [`overlay`]). Writing the
//! edit into the row instead would be undone by the next sync page that lists the lead,
//! would make the row's `updated_at` lie about the server, and would hide from the
//! conflict check what the server really holds. The list's `pending_edits` count tells
//! the UI which rows to draw with a "waiting to send" mark.

use std::collections::HashMap;
use std::sync::Arc;

use kaicalls_api::models::UpdateLead;
use kaicalls_api::phone::{Region, normalize};
use kaicalls_store::{Lead, OutboxEntry};
use parking_lot::Mutex;
use serde_json::{Map, Value};

use crate::cache::Cache;
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;

/// A lead as the user left it: the server's copy with pending edits laid over it. The UI
/// receives it as a [`crate::views::LeadDetail`].
#[derive(Debug, Clone, PartialEq)]
pub struct LeadAsEdited {
    /// The lead with every pending edit applied, oldest first.
    pub lead: Lead,
    /// The edits still waiting to be sent (empty when the lead is as the server has it).
    pub pending: Vec<OutboxEntry>,
}

/// Lays `edits` (oldest first) over `lead`: typed fields and `raw` both show the values
/// the user chose.
pub fn overlay(lead: &mut Lead, edits: &[OutboxEntry]) {
    for edit in edits {
        for (key, value) in &edit.fields {
            let text = value.as_str().map(str::to_owned);
            match key.as_str() {
                "name" => lead.name = text,
                "first_name" => lead.first_name = text,
                "last_name" => lead.last_name = text,
                "email" => lead.email = text,
                "phone" => lead.phone = text,
                "status" => lead.status = text,
                "source" => lead.source = text,
                "notes" => lead.notes = text,
                // The rest (address, city, state, zip) live only in `raw`, set below.
                _ => {}
            }
            if let Value::Object(raw) = &mut lead.raw {
                raw.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Queues lead edits and shows leads as the user left them.
#[derive(Clone)]
pub struct Outbox {
    cache: Cache,
    region: Option<Region>,
    /// Per lead, the `updated_at` our own last accepted edit produced on the server, so
    /// a later edit of the same lead is not mistaken for one that lost to a server change.
    pub(crate) own_writes: Arc<Mutex<HashMap<String, String>>>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl Outbox {
    /// An outbox over `cache`; phone numbers typed without `+` are read as US numbers,
    /// like the API client's default.
    pub fn new(cache: Cache) -> Self {
        Outbox {
            cache,
            region: Region::parse("US").ok(),
            own_writes: Arc::default(),
        }
    }

    /// Reads national-format phone numbers in `region` instead (`None`: require `+`).
    pub fn with_region(mut self, region: Option<Region>) -> Self {
        self.region = region;
        self
    }

    pub(crate) fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Queues an edit of a cached lead. Only fields that differ from what the user sees
    /// (the server's copy with earlier pending edits) are kept, so the PATCH sends only
    /// real changes; an edit that changes nothing is refused (`invalid_edit`), as is an
    /// unknown field, a bad status or an invalid phone number.
    ///
    /// The edit is sent by the next sync pass that reaches KaiCalls; call
    /// `SyncHandle::sync_now` to send it at once when online.
    pub async fn edit_lead(&self, edit: UpdateLead) -> Result<OutboxEntry> {
        let lead_id = edit.id.clone();
        let mut fields = match serde_json::to_value(&edit) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        fields.remove("id");
        self.edit_fields(lead_id, fields).await
    }

    /// [`Outbox::edit_lead`] with the PATCH body's fields as they are (a `null` clears a
    /// field, which [`UpdateLead`] cannot say).
    pub async fn edit_fields(
        &self,
        lead_id: String,
        mut fields: Map<String, Value>,
    ) -> Result<OutboxEntry> {
        if let Some(phone) = fields.get("phone").and_then(Value::as_str) {
            let e164 = normalize(phone, self.region).map_err(CoreError::Api)?;
            fields.insert("phone".into(), Value::String(e164));
        }
        let id = lead_id.clone();
        let entry = self
            .cache
            .with(move |s| {
                let Some(mut lead) = s.get_lead(&id)? else {
                    return Err(kaicalls_store::Error::NotFound {
                        what: "lead",
                        id: id.clone(),
                    });
                };
                let base = lead.updated_at.clone();
                overlay(&mut lead, &s.pending_edits_for_lead(&id)?);
                fields.retain(|k, v| lead.raw.get(k) != Some(v));
                s.enqueue_lead_edit(&id, &fields, base.as_deref())
            })
            .await?;
        self.cache.bus().publish(CoreEvent::LeadChanged { lead_id });
        Ok(entry)
    }

    /// Every edit waiting to be sent, oldest first.
    pub async fn pending(&self) -> Result<Vec<OutboxEntry>> {
        self.cache.with(|s| s.pending_edits()).await
    }

    /// How many edits wait to be sent.
    pub async fn pending_count(&self) -> Result<u64> {
        self.cache.with(|s| s.pending_edit_count()).await
    }

    /// One cached lead as the user left it, or `None` if the cache does not have it.
    pub async fn lead_view(&self, lead_id: &str) -> Result<Option<LeadAsEdited>> {
        let id = lead_id.to_owned();
        self.cache
            .with(move |s| {
                let Some(mut lead) = s.get_lead(&id)? else {
                    return Ok(None);
                };
                let pending = s.pending_edits_for_lead(&id)?;
                overlay(&mut lead, &pending);
                Ok(Some(LeadAsEdited { lead, pending }))
            })
            .await
    }
}
