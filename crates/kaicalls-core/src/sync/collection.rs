//! One paged collection's part of a pass: finish an interrupted walk, then walk from the
//! newest item (the first full download, or new items down to the high-water mark).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cache::Cache;
use crate::error::Result;
use crate::sync::walk::{Position, Source, Walk, WalkKind, WalkOutcome, instant, walk};

/// What a pass did to one paged collection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CollectionReport {
    /// Pages fetched.
    pub pages: u32,
    /// Items received.
    pub items: u64,
    /// Items the cache had never seen.
    pub inserted: usize,
    /// Items that changed in the cache.
    pub updated: usize,
    /// Items re-read with their details because they were new or changed (leads).
    pub details: usize,
    /// Whether an interrupted walk (a crash, a lost connection) was finished first.
    pub resumed: bool,
    /// Whether the first full download ran to its end in this pass.
    pub backfill_completed: bool,
    /// Items set aside because the app could not read them.
    pub unread: usize,
}

impl CollectionReport {
    fn add(&mut self, walk: &WalkOutcome) {
        self.pages += walk.pages;
        self.items += walk.items;
        self.inserted += walk.written.inserted;
        self.updated += walk.written.updated;
        self.details += walk.refreshed;
        self.unread += walk.unread;
    }
}

/// The earlier of two timestamps, as text (an unparseable one is ignored).
pub(crate) fn earlier(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => match (instant(&a), instant(&b)) {
            (Some(ta), Some(tb)) if tb < ta => Some(b),
            (None, Some(_)) => Some(b),
            _ => Some(a),
        },
        (a, b) => a.or(b),
    }
}

/// Brings one collection up to date. `floor` lowers where an incremental walk stops
/// (transcripts of calls that finished after the last pass sit below the high-water
/// mark); `window_start` feeds the backfill estimate.
pub(crate) async fn sync_collection(
    cache: &Cache,
    source: &dyn Source,
    floor: Option<String>,
    window_start: DateTime<Utc>,
) -> Result<CollectionReport> {
    let collection = source.collection();
    let mut report = CollectionReport::default();
    let state = cache.with(move |s| s.sync_state(collection)).await?;

    if let Some(cursor) = state.cursor.as_deref() {
        let position = Position::decode(cursor);
        let kind = match (&position.until, state.backfill_complete) {
            (None, false) => WalkKind::Backfill,
            _ => WalkKind::Incremental,
        };
        let plan = Walk {
            kind,
            after: Some(position.after),
            until: position.until,
            window_start: Some(window_start),
        };
        let outcome = walk(cache, source, plan).await?;
        report.add(&outcome);
        report.resumed = true;
        report.backfill_completed = kind == WalkKind::Backfill;
    }

    // Always one walk from the newest item: after a resumed walk it picks up what arrived
    // meanwhile; otherwise it is the pass itself.
    let state = cache.with(move |s| s.sync_state(collection)).await?;
    let plan = if state.backfill_complete {
        Walk {
            kind: WalkKind::Incremental,
            after: None,
            until: earlier(state.high_water_mark, floor),
            window_start: Some(window_start),
        }
    } else {
        Walk {
            kind: WalkKind::Backfill,
            after: None,
            until: None,
            window_start: Some(window_start),
        }
    };
    let kind = plan.kind;
    let outcome = walk(cache, source, plan).await?;
    report.add(&outcome);
    report.backfill_completed |= kind == WalkKind::Backfill;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_picks_the_older_instant() {
        let a = Some("2026-03-17T12:00:00Z".to_owned());
        let b = Some("2026-03-17T11:00:00+00:00".to_owned());
        assert_eq!(earlier(a.clone(), b.clone()), b);
        assert_eq!(earlier(b.clone(), a.clone()), b);
        assert_eq!(earlier(None, a.clone()), a);
        assert_eq!(earlier(a.clone(), None), a);
    }
}
