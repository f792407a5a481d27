//! `/api/v1/transcripts`.

use super::group;
use crate::client::Client;
use crate::error::Result;
use crate::models::{Transcript, TranscriptFilter, TranscriptsPage};
use crate::paging::{Cursor, List, Page};
use crate::transport::Request;

group!(
    /// Transcripts: `client.transcripts()`.
    Transcripts
);

impl Transcripts {
    /// Recent calls that have a transcript, newest first (`calls:read`).
    pub fn list(&self, filter: TranscriptFilter) -> List<TranscriptFilter, TranscriptsPage> {
        List::new(self.client.clone(), filter)
    }
}

impl Cursor for TranscriptFilter {
    fn set_after(&mut self, after: Option<String>) {
        self.after = after;
    }

    fn request(&self, _client: &Client) -> Result<Request> {
        Ok(Request::get("/api/v1/transcripts")
            .query("limit", self.limit)
            .query("agent_id", self.agent_id.as_deref())
            .query("after", self.after.as_deref())
            .query("days", self.days))
    }
}

impl Page for TranscriptsPage {
    type Item = Transcript;
    const ITEMS: &'static str = "transcripts";

    fn has_more(&self) -> bool {
        self.has_more
    }

    fn next_cursor(&self) -> Option<String> {
        self.transcripts.last().map(|t| t.created_at.clone())
    }

    fn into_items(self) -> Vec<Transcript> {
        self.transcripts
    }
}
