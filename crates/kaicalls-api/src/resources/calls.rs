//! `/api/v1/calls`: the one route that dials a real person and bills for it.

use super::group;
use super::wait::{WaitOptions, poll};
use crate::client::Client;
use crate::error::Result;
use crate::models::{Call, CallCreated, CallFilter, CallSummary, CallsPage, CreateCall};
use crate::paging::{Cursor, List, Page};
use crate::transport::Request;

group!(
    /// Calls: `client.calls()`.
    Calls
);

impl Calls {
    /// Places an outbound call (`calls:write`). `to` is normalised to E.164 first;
    /// an invalid number fails before anything is sent.
    ///
    /// Never retried once the request may have reached KaiCalls: a lost answer is
    /// returned as `timeout`/`transport_error` with `may_have_taken_effect`, and the
    /// caller should look at the call list before dialling again.
    pub async fn create(&self, call: CreateCall) -> Result<CallCreated> {
        let mut call = call;
        call.to = self.client.phone(&call.to)?;
        self.client
            .send(Request::post("/api/v1/calls", &call)?)
            .await
    }

    /// Calls, newest first (`calls:read`): `.send()` for one page, `.stream()` for all.
    pub fn list(&self, filter: CallFilter) -> List<CallFilter, CallsPage> {
        List::new(self.client.clone(), filter)
    }

    /// One call with summary, recording and quality scores (`calls:read`).
    pub async fn get(&self, id: &str) -> Result<Call> {
        let req = Request::get("/api/v1/calls").query("id", Some(id));
        self.client.send(req).await
    }

    /// Polls the call until its status is final (`completed`, `ended`, `no-answer`,
    /// `failed`, or anything unknown), with growing pauses, for at most 15 minutes.
    pub async fn wait(&self, id: &str) -> Result<Call> {
        self.wait_with(id, WaitOptions::default()).await
    }

    /// [`Calls::wait`] with chosen pauses and deadline.
    pub async fn wait_with(&self, id: &str, options: WaitOptions) -> Result<Call> {
        poll(
            id,
            options,
            || self.get(id),
            |call: &Call| (call.status.is_final(), call.status.to_string()),
        )
        .await
    }
}

impl Cursor for CallFilter {
    fn set_after(&mut self, after: Option<String>) {
        self.after = after;
    }

    fn request(&self, _client: &Client) -> Result<Request> {
        Ok(Request::get("/api/v1/calls")
            .query("limit", self.limit)
            .query("agent_id", self.agent_id.as_deref())
            .query("status", self.status.as_ref())
            .query("after", self.after.as_deref()))
    }
}

impl Page for CallsPage {
    type Item = CallSummary;
    const ITEMS: &'static str = "calls";

    fn has_more(&self) -> bool {
        self.has_more
    }

    fn next_cursor(&self) -> Option<String> {
        self.calls.last().map(|c| c.created_at.clone())
    }

    fn into_items(self) -> Vec<CallSummary> {
        self.calls
    }
}
