//! Walking one paged collection newest-first and writing each page with its cursor.
//!
//! Every page is stored in one transaction together with the sync state that follows it
//! (`Cache::write_page`), so a crash between two pages leaves a cursor whose page is fully
//! stored: the next pass resumes right after it, with no gap and no repeat.
//!
//! The cursor the store keeps is a small JSON [`Position`]: the `after` value of the next
//! page, plus, for an incremental walk, the old high-water mark it must reach. The
//! high-water mark itself moves to the walk's newest item on its first page, so without
//! `until` a crash in the middle of a long incremental walk (after a week offline) would
//! lose the point where the walk may stop.
//!
//! While a page is written (SQLite, on the blocking pool) the next pages are already being
//! fetched, and pages that arrived meanwhile are written together (see [`walk`]).

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use kaicalls_store::{Collection, PageWrite, Unread};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::cache::{Cache, Freshness};
use crate::error::{CoreError, Result};
use crate::events::CoreEvent;
use crate::sync::estimate::estimate_total;

/// One page as fetched: the server's items as JSON, newest first.
#[derive(Debug, Default)]
pub(crate) struct FetchedPage {
    pub items: Vec<Value>,
    /// Items the models could not read, set aside with the page.
    pub unread: Vec<Unread>,
    /// `created_at` of the page's last item, readable or not (`None`: from `items`).
    pub cursor: Option<String>,
    pub has_more: bool,
}

/// A page fetch in flight.
pub(crate) type PageFuture = Pin<Box<dyn Future<Output = Result<FetchedPage>> + Send>>;

/// Detail reads in flight; resolves to how many items were re-read.
pub(crate) type RefreshFuture<'a> = Pin<Box<dyn Future<Output = Result<usize>> + Send + 'a>>;

/// A paged list of the API.
pub(crate) trait Source: Send + Sync {
    /// The collection its items are stored in.
    fn collection(&self) -> Collection;
    /// Fetches the page after `after` (the first page for `None`).
    fn fetch(&self, after: Option<String>) -> PageFuture;
    /// Before a page of news is written: re-reads the details of items the list shows
    /// only in part and that are new or changed (leads: notes and address are not in the
    /// list). Done before the page is written so that a crash in between repeats it.
    fn refresh<'a>(&'a self, _cache: &'a Cache, _items: &'a [Value]) -> RefreshFuture<'a> {
        Box::pin(async { Ok(0) })
    }
}

/// Where an unfinished walk goes on, as stored in `SyncState::cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Position {
    /// The `after` of the next page.
    pub after: String,
    /// An incremental walk stops at the page reaching this `created_at`; a backfill
    /// (`None`) goes to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

impl Position {
    pub(crate) fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.after.clone())
    }

    /// Reads a stored cursor. A plain timestamp (a cursor not written by this engine) is
    /// read as a backfill position, which can only fetch too much, never too little.
    pub(crate) fn decode(text: &str) -> Position {
        serde_json::from_str(text).unwrap_or_else(|_| Position {
            after: text.to_owned(),
            until: None,
        })
    }
}

/// What a walk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WalkKind {
    /// The first full download: to the end, items are not news, progress has a total.
    Backfill,
    /// New items only: down to the high-water mark, items are news.
    Incremental,
    /// A full re-read to catch server edits of old items; the sync position is untouched.
    Rewalk,
}

/// A walk to run.
#[derive(Debug, Clone)]
pub(crate) struct Walk {
    pub kind: WalkKind,
    /// Start after this `created_at` (resuming); `None` starts at the newest item.
    pub after: Option<String>,
    /// Stop at the page that reaches this `created_at` (incremental walks).
    pub until: Option<String>,
    /// The oldest time the collection can hold, for the backfill estimate.
    pub window_start: Option<DateTime<Utc>>,
}

/// What a walk did.
#[derive(Debug, Default)]
pub(crate) struct WalkOutcome {
    pub pages: u32,
    pub items: u64,
    pub written: PageWrite,
    /// Items whose details were re-read ([`Source::refresh`]).
    pub refreshed: usize,
    /// Items set aside because they could not be read.
    pub unread: usize,
}

/// An RFC 3339 instant; `None` for text the server should never send.
pub(crate) fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn created_text(item: &Value) -> Option<&str> {
    item.get("created_at").and_then(Value::as_str)
}

fn created(item: &Value) -> Option<DateTime<Utc>> {
    created_text(item).and_then(instant)
}

/// The later of two timestamps, as text; an unparseable one loses.
pub(crate) fn later(a: Option<String>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (None, b) => b.map(str::to_owned),
        (Some(a), None) => Some(a),
        (Some(a), Some(b)) => match (instant(&a), instant(b)) {
            (Some(ta), Some(tb)) if tb > ta => Some(b.to_owned()),
            (None, Some(_)) => Some(b.to_owned()),
            _ => Some(a),
        },
    }
}

fn malformed(detail: &str) -> CoreError {
    CoreError::Api(kaicalls_api::Error::MalformedResponse {
        status: 200,
        detail: detail.to_owned(),
    })
}

/// Pages fetched ahead of the writer, at most.
const PREFETCH_PAGES: usize = 8;

/// Pages written in one transaction, at most, when the fetcher is ahead of the writer.
const MAX_BATCH_PAGES: usize = 10;

/// A page as the fetcher hands it to the writer.
struct Fetched {
    items: Vec<Value>,
    unread: Vec<Unread>,
    /// `created_at` of its last item: the next `after`.
    oldest: Option<String>,
    /// The walk ends with this page.
    last: bool,
}

/// Fetches pages in order until the walk's end, handing them to the writer; stops when
/// the writer is gone.
async fn fetch_pages(
    source: &dyn Source,
    after: Option<String>,
    until: Option<DateTime<Utc>>,
    tx: mpsc::Sender<Result<Fetched>>,
) {
    let mut after = after;
    loop {
        let page = match source.fetch(after.clone()).await {
            Ok(page) => page,
            Err(e) => {
                let _ = tx.send(Err(e)).await;
                return;
            }
        };
        let oldest = page
            .cursor
            .clone()
            .or_else(|| page.items.last().and_then(created_text).map(str::to_owned));
        let reached = until.is_some_and(|u| {
            page.items
                .iter()
                .any(|i| created(i).is_some_and(|t| t <= u))
        });
        let last = !page.has_more || reached || (page.items.is_empty() && page.unread.is_empty());
        if !last && (oldest.is_none() || oldest == after) {
            let _ = tx
                .send(Err(malformed(
                    "the list said more pages follow but its cursor did not move",
                )))
                .await;
            return;
        }
        let next = oldest.clone();
        let fetched = Fetched {
            items: page.items,
            unread: page.unread,
            oldest,
            last,
        };
        if tx.send(Ok(fetched)).await.is_err() || last {
            return;
        }
        after = next;
    }
}

/// Runs one walk to its end.
///
/// A fetcher runs ahead of the writer (up to [`PREFETCH_PAGES`]); the writer stores
/// whatever pages have arrived, up to [`MAX_BATCH_PAGES`], in one transaction with the
/// cursor after the last of them. On a slow network that is one page per transaction; when
/// pages arrive faster than SQLite stores them, fewer, larger transactions save the
/// per-commit work (FTS5 flushes a segment per commit). Either way the cursor always
/// matches what is stored.
pub(crate) async fn walk(cache: &Cache, source: &dyn Source, plan: Walk) -> Result<WalkOutcome> {
    let until = plan.until.as_deref().and_then(instant);
    let (tx, rx) = mpsc::channel(PREFETCH_PAGES);
    let fetcher = fetch_pages(source, plan.after.clone(), until, tx);
    let writer = write_pages(cache, source, plan, rx);
    let ((), outcome) = tokio::join!(fetcher, writer);
    outcome
}

async fn write_pages(
    cache: &Cache,
    source: &dyn Source,
    plan: Walk,
    mut rx: mpsc::Receiver<Result<Fetched>>,
) -> Result<WalkOutcome> {
    let collection = source.collection();
    let mut state = cache.with(move |s| s.sync_state(collection)).await?;
    let freshness = match plan.kind {
        WalkKind::Backfill => Freshness::Backfill,
        WalkKind::Incremental | WalkKind::Rewalk => Freshness::News,
    };
    let mut from_top = plan.after.is_none();
    let mut out = WalkOutcome::default();
    loop {
        let Some(first) = rx.recv().await else {
            return Err(CoreError::Interrupted("the page fetcher stopped".into()));
        };
        let mut batch = vec![first?];
        let mut failed = None;
        while batch.len() < MAX_BATCH_PAGES && !batch.last().is_some_and(|p| p.last) {
            match rx.try_recv() {
                Ok(Ok(page)) => batch.push(page),
                Ok(Err(e)) => {
                    failed = Some(e);
                    break;
                }
                Err(_) => break,
            }
        }
        let pages = batch.len();
        let done = batch.last().is_some_and(|p| p.last);
        let oldest = batch.last().and_then(|p| p.oldest.clone());
        let mut items: Vec<Value> = Vec::new();
        let mut unread: Vec<Unread> = Vec::new();
        for page in batch {
            items.extend(page.items);
            unread.extend(page.unread);
        }
        let unread_count = unread.len();
        let newest = items.first().and_then(created_text).map(str::to_owned);
        let count = items.len();

        if plan.kind != WalkKind::Rewalk {
            if from_top {
                state.high_water_mark = later(state.high_water_mark.take(), newest.as_deref());
            }
            if plan.kind == WalkKind::Backfill {
                state.backfill_done += i64::try_from(count).unwrap_or(i64::MAX);
            }
            if done {
                state.cursor = None;
                state.last_success_at = Some(Utc::now());
                if plan.kind == WalkKind::Backfill {
                    state.backfill_complete = true;
                    state.backfill_total = Some(state.backfill_done);
                }
            } else {
                let position = Position {
                    after: oldest.clone().unwrap_or_default(),
                    until: plan.until.clone(),
                };
                state.cursor = Some(position.encode());
                if plan.kind == WalkKind::Backfill {
                    let top = state.high_water_mark.as_deref().and_then(instant);
                    let bottom = oldest.as_deref().and_then(instant);
                    state.backfill_total = match (top, bottom, plan.window_start) {
                        (Some(top), Some(bottom), Some(start)) => {
                            estimate_total(state.backfill_done, top, bottom, start)
                        }
                        _ => None,
                    };
                }
            }
        }
        if plan.kind != WalkKind::Backfill {
            out.refreshed += source.refresh(cache, &items).await?;
        }
        let written = cache
            .write_page(collection, items, unread, state.clone(), freshness)
            .await?;
        from_top = false;
        out.pages += u32::try_from(pages).unwrap_or(u32::MAX);
        out.items += count as u64;
        out.unread += unread_count;
        if unread_count > 0 {
            tracing::warn!(
                collection = collection.as_str(),
                unread = unread_count,
                "items the app could not read were set aside"
            );
        }
        out.written.inserted += written.inserted;
        out.written.updated += written.updated;
        out.written.unchanged += written.unchanged;

        let (done_so_far, total) = match plan.kind {
            WalkKind::Backfill => (
                u64::try_from(state.backfill_done).unwrap_or_default(),
                state.backfill_total.and_then(|t| u64::try_from(t).ok()),
            ),
            _ => (out.items, None),
        };
        cache.bus().publish(CoreEvent::SyncProgress {
            collection: collection.as_str().to_owned(),
            done: done_so_far,
            total,
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if done {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_and_plain_cursors_read_as_backfill() {
        let p = Position {
            after: "2026-03-17T12:00:00.000001Z".into(),
            until: Some("2026-03-10T00:00:00Z".into()),
        };
        assert_eq!(Position::decode(&p.encode()), p);
        let plain = Position::decode("2026-03-17T12:00:00Z");
        assert_eq!(plain.after, "2026-03-17T12:00:00Z");
        assert_eq!(plain.until, None);
    }

    #[test]
    fn later_compares_instants_not_text() {
        let a = Some("2026-03-17T12:00:00Z".to_owned());
        // Textually smaller, but a later instant.
        assert_eq!(
            later(a.clone(), Some("2026-03-17T13:00:00+00:00")).as_deref(),
            Some("2026-03-17T13:00:00+00:00")
        );
        assert_eq!(
            later(a.clone(), Some("2026-03-17T11:59:59.999Z")),
            a.clone()
        );
        assert_eq!(later(None, Some("x")).as_deref(), Some("x"));
        assert_eq!(later(a.clone(), None), a);
    }
}
