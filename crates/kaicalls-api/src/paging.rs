//! Cursor pagination as async streams.
//!
//! KaiCalls lists newest first; the next page is asked for with `after` = the
//! `created_at` of the last item, until `has_more` is false. [`List::stream`] hides
//! that, so the sync engine can write `while let Some(call) = stream.try_next().await?`
//! and stop whenever it reaches what it already has.

use std::marker::PhantomData;
use std::pin::Pin;

use futures_util::stream::{self, Stream, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::transport::Request;

/// A boxed stream, so list streams can be stored and passed around.
pub type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send>>;

/// One page of a list answer.
pub trait Page: DeserializeOwned + Send + 'static {
    /// What the page lists.
    type Item: DeserializeOwned + Send + 'static;
    /// The answer's key holding the items (`calls`).
    const ITEMS: &'static str;
    /// Whether another page follows.
    fn has_more(&self) -> bool;
    /// The cursor for the next page: `created_at` of the last item.
    fn next_cursor(&self) -> Option<String>;
    /// The page's items, in the server's order.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A list item the model could not read, as the server sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// The item's JSON.
    pub raw: serde_json::Value,
    /// Why it could not be read (serde's message: the field and what was wrong).
    pub reason: String,
}

/// A page read item by item ([`List::send_lenient`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LenientPage<T> {
    /// The items that could be read, in the server's order.
    pub items: Vec<T>,
    /// Those that could not.
    pub unreadable: Vec<Unreadable>,
    /// Whether another page follows.
    pub has_more: bool,
    /// `created_at` of the page's last item, readable or not: the next `after`.
    pub cursor: Option<String>,
}

impl<T: DeserializeOwned> LenientPage<T> {
    /// Splits a list answer's `key` array into readable items and the rest.
    pub fn read(body: serde_json::Value, key: &str) -> Result<Self> {
        let malformed = |detail: String| Error::MalformedResponse {
            status: 200,
            detail,
        };
        let serde_json::Value::Object(mut body) = body else {
            return Err(malformed("the list answer is not a JSON object".into()));
        };
        let has_more = match body.get("has_more") {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(other) => return Err(malformed(format!("has_more is {other}, not a boolean"))),
        };
        let raw = match body.remove(key) {
            Some(serde_json::Value::Array(items)) => items,
            _ => return Err(malformed(format!("the list answer has no `{key}` array"))),
        };
        let created = |v: &serde_json::Value| {
            v.get("created_at")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let cursor = raw.last().and_then(created);
        let mut page = LenientPage {
            items: Vec::with_capacity(raw.len()),
            unreadable: Vec::new(),
            has_more,
            cursor,
        };
        for item in raw {
            match T::deserialize(&item) {
                Ok(read) => page.items.push(read),
                Err(e) => page.unreadable.push(Unreadable {
                    raw: item,
                    reason: e.to_string(),
                }),
            }
        }
        Ok(page)
    }
}

/// A filter that pages with `after`.
pub trait Cursor: Clone + Send + Sync + 'static {
    /// Sets the `after` cursor.
    fn set_after(&mut self, after: Option<String>);
    /// Builds the request for one page, checking the filter's values.
    #[doc(hidden)]
    fn request(&self, client: &Client) -> Result<Request>;
}

/// A list request, not yet sent: [`List::send`] fetches one page, [`List::stream`]
/// every item of every page.
#[must_use = "a list does nothing until sent or streamed"]
pub struct List<F, P> {
    client: Client,
    filter: F,
    page: PhantomData<fn() -> P>,
}

impl<F: std::fmt::Debug, P> std::fmt::Debug for List<F, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("List")
            .field("filter", &self.filter)
            .finish()
    }
}

impl<F: Cursor, P: Page> List<F, P> {
    pub(crate) fn new(client: Client, filter: F) -> Self {
        List {
            client,
            filter,
            page: PhantomData,
        }
    }

    /// Fetches the page the filter describes (the first, unless `after` is set).
    pub async fn send(self) -> Result<P> {
        let req = self.filter.request(&self.client)?;
        self.client.send(req).await
    }

    /// Fetches the page like [`List::send`], but reads each item on its own: an item the
    /// model cannot read (a null where a value must be, a negative duration, a nested
    /// shape) is handed back raw with the reason, and the rest of the page still counts.
    /// One odd record must not stop a sync for good.
    pub async fn send_lenient(self) -> Result<LenientPage<P::Item>> {
        let req = self.filter.request(&self.client)?;
        let body: serde_json::Value = self.client.send(req).await?;
        LenientPage::read(body, P::ITEMS)
    }

    /// Every page in turn, stopping after the one whose `has_more` is false.
    pub fn pages(self) -> BoxStream<P> {
        struct State<F> {
            client: Client,
            filter: F,
            previous: Option<String>,
            done: bool,
        }
        let state = State {
            client: self.client,
            filter: self.filter,
            previous: None,
            done: false,
        };
        let pages = stream::try_unfold(state, |mut state| async move {
            if state.done {
                return Ok(None);
            }
            let req = state.filter.request(&state.client)?;
            let page: P = state.client.send(req).await?;
            let next = page.next_cursor();
            if page.has_more() {
                // A cursor that does not move would loop forever on the same page.
                if next.is_none() || next == state.previous {
                    return Err(Error::MalformedResponse {
                        status: 200,
                        detail: "the list said more pages follow but gave no new cursor".into(),
                    });
                }
                state.filter.set_after(next.clone());
                state.previous = next;
            } else {
                state.done = true;
            }
            Ok(Some((page, state)))
        });
        Box::pin(pages)
    }

    /// Every item of every page, newest first.
    pub fn stream(self) -> BoxStream<P::Item> {
        let items = self
            .pages()
            .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
            .try_flatten();
        Box::pin(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::CallSummary;
    use serde_json::json;

    #[test]
    fn a_page_is_read_item_by_item() {
        let good = |id: &str, at: &str| json!({"id": id, "status": "completed", "agent_id": "a1", "created_at": at});
        let body = json!({"calls": [
            good("c1", "2026-03-03T00:00:00Z"),
            {"id": "c2", "status": "completed", "agent_id": null, "created_at": "2026-03-02T00:00:00Z"},
            {"id": "c3", "status": "completed", "agent_id": "a1", "duration": -3.5, "created_at": "2026-03-01T00:00:00Z"},
        ], "has_more": true});
        let page =
            LenientPage::<CallSummary>::read(body, "calls").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].id, "c1");
        assert_eq!(page.unreadable.len(), 2);
        assert!(
            page.unreadable[0].reason.contains("null"),
            "{}",
            page.unreadable[0].reason
        );
        assert_eq!(page.unreadable[1].raw["id"], "c3");
        // The cursor is the last item's, readable or not, so the walk moves past it.
        assert_eq!(page.cursor.as_deref(), Some("2026-03-01T00:00:00Z"));
        assert!(page.has_more);
        let err = LenientPage::<CallSummary>::read(json!({"leads": []}), "calls").unwrap_err();
        assert!(err.to_string().contains("`calls`"), "{err}");
    }
}
