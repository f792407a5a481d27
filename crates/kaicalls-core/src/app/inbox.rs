//! The follow-up inbox: everyone waiting for a call back, from the offline copy (see
//! `kaicalls_store::Store::inbox`), and marking one handled.

use chrono::Utc;
use kaicalls_vocab::{Code, LeadField};

use super::session::Session;
use crate::error::AppError;
use crate::views::{FieldChange, InboxItemView, LeadEdit};

impl Session {
    /// Everyone waiting, oldest wait first; of one business when `business_id` is given.
    pub async fn inbox(&self, business_id: Option<String>) -> Result<Vec<InboxItemView>, AppError> {
        let items = self
            .cache
            .read(move |s| s.inbox(business_id.as_deref()))
            .await?;
        Ok(items.into_iter().map(InboxItemView::from).collect())
    }

    /// The owner dealt with `key`: it leaves the inbox for good. For a new lead that is a
    /// lead status change as well ("contacted", through the outbox, so offline too).
    pub async fn inbox_handle(&self, key: String) -> Result<(), AppError> {
        let lead = match key.split_once(':') {
            Some(("lead", id)) if !id.is_empty() => Some(id.to_string()),
            Some(("missed" | "followup", id)) if !id.is_empty() => None,
            _ => {
                return Err(AppError::new(
                    Code::InvalidInput,
                    "This is not an inbox item.",
                ));
            }
        };
        if let Some(id) = lead {
            self.edit_lead(LeadEdit {
                id,
                changes: vec![FieldChange {
                    field: LeadField::Status,
                    value: Some("contacted".into()),
                }],
            })
            .await?;
        }
        self.cache
            .with(move |s| s.mark_handled(&key, Utc::now()))
            .await?;
        self.waiting.notify_one();
        Ok(())
    }
}
