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
    type Item: Send + 'static;
    /// Whether another page follows.
    fn has_more(&self) -> bool;
    /// The cursor for the next page: `created_at` of the last item.
    fn next_cursor(&self) -> Option<String>;
    /// The page's items, in the server's order.
    fn into_items(self) -> Vec<Self::Item>;
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
