//! The three paged lists the engine walks, as [`Source`]s of JSON items.
//!
//! The client returns typed models that keep every unknown field (`extra`), so turning
//! an item back into JSON gives the store the server's object: the same keys, the same
//! values.

use kaicalls_vocab::Code;
use std::sync::Arc;

use kaicalls_api::Client;
use kaicalls_api::models::{CallFilter, LeadFilter, TranscriptFilter};
use kaicalls_api::paging::LenientPage;
use kaicalls_store::{Collection, Unread};
use serde::Serialize;
use serde_json::Value;

use crate::cache::{Cache, Freshness};
use crate::error::{CoreError, Result};
use crate::sync::follow::FollowUp;
use crate::sync::walk::{FetchedPage, PageFuture, RefreshFuture, Source};

/// The server's items as JSON objects.
pub(crate) fn to_values<T: Serialize>(items: Vec<T>) -> Result<Vec<Value>> {
    items.into_iter().map(|item| to_value(&item)).collect()
}

/// One server item as a JSON object.
pub(crate) fn to_value<T: Serialize>(item: &T) -> Result<Value> {
    serde_json::to_value(item).map_err(|e| {
        CoreError::Api(kaicalls_api::Error::MalformedResponse {
            status: 200,
            detail: format!("an item could not be re-encoded for the cache: {e}"),
        })
    })
}

/// A page read item by item: what the models read goes to the cache, the rest aside.
fn fetched<T: Serialize>(page: LenientPage<T>) -> Result<FetchedPage> {
    Ok(FetchedPage {
        items: to_values(page.items)?,
        unread: page
            .unreadable
            .into_iter()
            .map(|u| Unread {
                raw: u.raw,
                reason: u.reason,
            })
            .collect(),
        cursor: page.cursor,
        has_more: page.has_more,
    })
}

/// `GET /api/v1/calls`.
pub(crate) struct Calls {
    pub client: Client,
    pub limit: u32,
    pub follow: Arc<FollowUp>,
}

impl Source for Calls {
    fn collection(&self) -> Collection {
        Collection::Calls
    }

    fn fetch(&self, after: Option<String>) -> PageFuture {
        let mut filter = CallFilter::default().limit(self.limit);
        filter.after = after;
        let list = self.client.calls().list(filter);
        Box::pin(async move { fetched(list.send_lenient().await?) })
    }

    /// Calls that ended since they were cached, and new ended calls: see
    /// [`FollowUp::calls_page`].
    fn refresh<'a>(&'a self, _cache: &'a Cache, items: &'a [Value]) -> RefreshFuture<'a> {
        Box::pin(self.follow.calls_page(items))
    }
}

/// `GET /api/v1/leads`.
pub(crate) struct Leads {
    pub client: Client,
    pub limit: u32,
}

impl Source for Leads {
    fn collection(&self) -> Collection {
        Collection::Leads
    }

    fn fetch(&self, after: Option<String>) -> PageFuture {
        let mut filter = LeadFilter::default().limit(self.limit);
        filter.after = after;
        let list = self.client.leads().list(filter);
        Box::pin(async move { fetched(list.send_lenient().await?) })
    }

    /// Leads the cache lacks, or whose `updated_at` moved, are re-read whole.
    fn refresh<'a>(&'a self, cache: &'a Cache, items: &'a [Value]) -> RefreshFuture<'a> {
        Box::pin(async move {
            let text =
                |item: &Value, key: &str| item.get(key).and_then(Value::as_str).map(str::to_owned);
            let listed: Vec<(String, Option<String>)> = items
                .iter()
                .filter_map(|i| Some((text(i, "id")?, text(i, "updated_at"))))
                .collect();
            let stale = cache
                .with(move |s| {
                    let mut stale = Vec::new();
                    for (id, updated_at) in listed {
                        let cached = s.get_lead(&id)?;
                        if cached.is_none_or(|l| l.updated_at != updated_at) {
                            stale.push(id);
                        }
                    }
                    Ok(stale)
                })
                .await?;
            let mut refreshed = 0;
            for id in stale {
                match self.client.leads().get(&id).await {
                    Ok(lead) => {
                        cache
                            .apply(Collection::Leads, to_value(&lead)?, Freshness::News)
                            .await?;
                        refreshed += 1;
                    }
                    Err(e) if matches!(e.code(), Code::NotFound | Code::Forbidden) => {}
                    Err(e) if crate::sync::follow::unreadable(&e) => {}
                    Err(e) => return Err(CoreError::Api(e)),
                }
            }
            Ok(refreshed)
        })
    }
}

/// `GET /api/v1/transcripts` over the API's longest look-back.
pub(crate) struct Transcripts {
    pub client: Client,
    pub limit: u32,
    pub days: u32,
}

impl Source for Transcripts {
    fn collection(&self) -> Collection {
        Collection::Transcripts
    }

    fn fetch(&self, after: Option<String>) -> PageFuture {
        let mut filter = TranscriptFilter::default()
            .limit(self.limit)
            .days(self.days);
        filter.after = after;
        let list = self.client.transcripts().list(filter);
        Box::pin(async move { fetched(list.send_lenient().await?) })
    }
}
