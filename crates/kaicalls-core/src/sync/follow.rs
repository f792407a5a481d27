//! What walking lists newest-first cannot see, followed up one item at a time.
//!
//! - **Active calls.** The calls list is ordered by creation, so a call that was ringing
//!   at the last pass and has ended since is below the high-water mark. Every call the
//!   cache holds as `queued`, `ringing` or in progress (any spelling) is re-read with
//!   `GET /calls?id=` on every pass until its status is final.
//! - **Leads touched by a call.** A finished call creates or updates its lead (score,
//!   interaction count, `new → contacted`), which the leads walk may not reach if the lead
//!   is old. When a call the cache holds as active turns final (seen by the poll or on a
//!   page of the calls walk), and for each new finished call a walk of news finds (up to
//!   a limit per pass), the call's details name its lead, which is then re-read. The lead
//!   and the call's details are written *before* the call's final status, so a crash in
//!   between leaves the call active and the follow-up happens again.
//! - **Transcripts of calls that just ended** carry the call's `created_at`, below the
//!   transcripts' high-water mark; [`transcript_floor`] lowers where that walk stops.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use kaicalls_api::Client;
use kaicalls_api::models::Call as ApiCall;
use kaicalls_store::{CallFilter, Collection, DateRange, PageRequest, Store};
use kaicalls_vocab::{CallState, Code};
use parking_lot::Mutex;
use serde::Serialize;
use serde_json::Value;

use crate::cache::{Cache, Freshness};
use crate::error::{CoreError, Result};
use crate::sync::sources::to_value;
use crate::sync::walk::instant;

/// What following up calls did in a pass.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FollowUpReport {
    /// Active calls re-read.
    pub polled: usize,
    /// Of those, calls that reached a final status.
    pub finished: usize,
    /// Calls still active after the pass (the run loop polls again soon).
    pub still_active: usize,
    /// Calls the server no longer has, removed from the cache.
    pub removed: usize,
    /// Details fetched for new finished calls found by the calls walk.
    pub details: usize,
    /// Leads re-read because a call touched them.
    pub leads_refreshed: usize,
}

/// Ids of every call the cache holds as active.
fn active_call_ids(store: &Store) -> kaicalls_store::Result<Vec<String>> {
    let mut ids = Vec::new();
    // The store filters on the folded spelling: one query per active state.
    let active = CallState::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .filter_map(CallState::folded);
    for status in active {
        let filter = CallFilter {
            status: Some(status.to_owned()),
            ..CallFilter::default()
        };
        let mut page = PageRequest::first(kaicalls_store::MAX_PAGE_SIZE);
        loop {
            let found = store.list_calls(&filter, &page)?;
            ids.extend(found.items.into_iter().map(|c| c.id));
            match found.next {
                Some(next) => page.after = Some(next),
                None => break,
            }
        }
    }
    Ok(ids)
}

/// One call's details (`GET /calls?id=`); `None` if the server no longer has it.
pub(crate) async fn fetch_call(client: &Client, id: &str) -> Result<Option<ApiCall>> {
    match client.calls().get(id).await {
        Ok(call) => Ok(Some(call)),
        Err(e) if e.code() == Code::NotFound => Ok(None),
        Err(e) => Err(CoreError::Api(e)),
    }
}

/// Whether the cache has only the list's view of a finished call: the first download
/// reads no details (one request per call), and the details route is what names its
/// direction, business and lead. An active call is left to the poll.
pub fn call_lacks_details(call: &kaicalls_store::Call) -> bool {
    call.direction.is_none()
        && call.business_id.is_none()
        && !call.status.as_deref().is_some_and(is_active)
}

/// Follow-ups of one pass, shared by the calls walk and the active-call poll, remembering
/// which leads were already re-read.
pub(crate) struct FollowUp {
    client: Client,
    cache: Cache,
    state: Mutex<(FollowUpReport, HashSet<String>)>,
    /// New finished calls whose details may still be read in this pass.
    details_left: AtomicUsize,
}

fn quiet(err: &kaicalls_api::Error) -> bool {
    matches!(err.code(), Code::NotFound | Code::Forbidden) || unreadable(err)
}

/// A detail answer the models cannot read (one odd record): skipped with a warning, so
/// it never fails the pass; the list's copy of the item stays in the cache.
pub(crate) fn unreadable(err: &kaicalls_api::Error) -> bool {
    let odd = matches!(
        err,
        kaicalls_api::Error::MalformedResponse { status: 200, .. }
    );
    if odd {
        tracing::warn!(error = %err, "a record the app could not read was skipped");
    }
    odd
}

fn is_active(status: &str) -> bool {
    CallState::of(status).is_active()
}

impl FollowUp {
    pub(crate) fn new(client: Client, cache: Cache, details_per_pass: usize) -> Self {
        FollowUp {
            client,
            cache,
            state: Mutex::default(),
            details_left: AtomicUsize::new(details_per_pass),
        }
    }

    pub(crate) fn report(&self) -> FollowUpReport {
        self.state.lock().0.clone()
    }

    fn count(&self, f: impl FnOnce(&mut FollowUpReport)) {
        f(&mut self.state.lock().0);
    }

    /// Re-reads a lead a call touched (once per pass). A lead the key cannot see or
    /// that is gone is skipped: the call itself is still worth storing.
    async fn refresh_lead(&self, lead_id: &str) -> Result<()> {
        if !self.state.lock().1.insert(lead_id.to_owned()) {
            return Ok(());
        }
        match self.client.leads().get(lead_id).await {
            Ok(lead) => {
                self.cache
                    .apply(Collection::Leads, to_value(&lead)?, Freshness::News)
                    .await?;
                self.count(|r| r.leads_refreshed += 1);
                Ok(())
            }
            Err(e) if quiet(&e) => Ok(()),
            Err(e) => Err(CoreError::Api(e)),
        }
    }

    /// Reads one call's details and stores them, its lead first if it is final.
    /// Returns whether it is final; `None` if the server no longer has it.
    async fn follow_call(&self, id: &str) -> Result<Option<bool>> {
        let call = match fetch_call(&self.client, id).await {
            Ok(Some(call)) => call,
            Ok(None) => return Ok(None),
            // Left as the cache has it (still active): the next poll tries again.
            Err(CoreError::Api(e)) if unreadable(&e) => return Ok(Some(false)),
            Err(e) => return Err(e),
        };
        let is_final = call.status.is_final();
        if is_final {
            if let Some(lead_id) = call.lead_id.as_deref() {
                self.refresh_lead(lead_id).await?;
            }
        }
        self.cache
            .apply(Collection::Calls, to_value(&call)?, Freshness::News)
            .await?;
        Ok(Some(is_final))
    }

    /// Re-reads every call the cache holds as active.
    pub(crate) async fn poll_active(&self) -> Result<()> {
        let ids = self.cache.with(|s| active_call_ids(s)).await?;
        for id in ids {
            self.count(|r| r.polled += 1);
            match self.follow_call(&id).await? {
                Some(true) => self.count(|r| r.finished += 1),
                Some(false) => self.count(|r| r.still_active += 1),
                None => {
                    let gone = id.clone();
                    self.cache
                        .with(move |s| s.delete(Collection::Calls, &gone))
                        .await?;
                    self.count(|r| r.removed += 1);
                }
            }
        }
        Ok(())
    }

    /// Before a page of the calls walk is written: calls the cache holds as active that
    /// the list shows as ended are followed up (details, their lead), and so are new
    /// ended calls while this pass's details budget lasts. Active ones are left to
    /// [`FollowUp::poll_active`].
    pub(crate) async fn calls_page(&self, items: &[Value]) -> Result<usize> {
        let listed: Vec<(String, String)> = items
            .iter()
            .filter_map(|c| {
                let id = c.get("id")?.as_str()?.to_owned();
                let status = c.get("status")?.as_str()?.to_owned();
                (!is_active(&status)).then_some((id, status))
            })
            .collect();
        let (ended, new) = self
            .cache
            .with(move |s| {
                let (mut ended, mut new) = (Vec::new(), Vec::new());
                for (id, _) in listed {
                    match s.get_call(&id)? {
                        None => new.push(id),
                        Some(c) if c.status.as_deref().is_some_and(is_active) => ended.push(id),
                        Some(_) => {}
                    }
                }
                Ok((ended, new))
            })
            .await?;
        let mut followed = 0;
        for id in ended {
            if self.follow_call(&id).await?.is_some() {
                self.count(|r| r.finished += 1);
                followed += 1;
            }
        }
        for id in new {
            let budget =
                self.details_left
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
            if budget.is_err() {
                break;
            }
            if self.follow_call(&id).await?.is_some() {
                self.count(|r| r.details += 1);
                followed += 1;
            }
        }
        Ok(followed)
    }
}

/// Where the transcripts walk must reach: the oldest finished call, created within
/// `lookback` below the transcripts' high-water mark, that the cache has no transcript
/// for. Such a call was still running at the last pass, so its transcript appeared
/// below the mark. Derived from the cache, not remembered, so a crash cannot lose it.
pub(crate) fn transcript_floor(
    store: &Store,
    lookback: Duration,
) -> kaicalls_store::Result<Option<String>> {
    let state = store.sync_state(Collection::Transcripts)?;
    if !state.backfill_complete {
        return Ok(None);
    }
    let Some(hwm) = state.high_water_mark.as_deref().and_then(instant) else {
        return Ok(None);
    };
    let lookback = TimeDelta::from_std(lookback).unwrap_or(TimeDelta::hours(2));
    let filter = CallFilter {
        status: Some("completed".to_owned()),
        created: DateRange {
            from: Some(hwm - lookback),
            to: Some(hwm + TimeDelta::milliseconds(1)),
        },
        ..CallFilter::default()
    };
    let mut oldest: Option<(DateTime<Utc>, String)> = None;
    let mut page = PageRequest::first(kaicalls_store::MAX_PAGE_SIZE);
    loop {
        let found = store.list_calls(&filter, &page)?;
        for call in found.items {
            let Some(created) = call.created_at.clone() else {
                continue;
            };
            let Some(at) = instant(&created) else {
                continue;
            };
            if store.get_transcript(&call.id)?.is_none()
                && oldest.as_ref().is_none_or(|(t, _)| at < *t)
            {
                oldest = Some((at, created));
            }
        }
        match found.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    Ok(oldest.map(|(_, text)| text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kaicalls_store::SyncState;
    use serde_json::json;

    #[test]
    fn only_finished_calls_known_from_the_list_lack_details() {
        let call = |extra: Value| -> kaicalls_store::Call {
            let mut c = json!({"id": "c1", "status": "completed", "raw": null});
            if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
                c.extend(extra.clone());
            }
            serde_json::from_value(c).unwrap()
        };
        assert!(call_lacks_details(&call(json!({}))));
        assert!(!call_lacks_details(&call(json!({"direction": "inbound"}))));
        assert!(!call_lacks_details(&call(json!({"business_id": "b1"}))));
        assert!(!call_lacks_details(&call(json!({"status": "in_progress"}))));
        assert!(!call_lacks_details(&call(json!({"status": "ringing"}))));
    }

    #[test]
    fn the_floor_is_the_oldest_recent_ended_call_without_a_transcript() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open(dir.path(), "acct").unwrap();
        let call = |id: &str, status: &str, at: &str| json!({"id": id, "status": status, "created_at": at});
        let calls = [
            call("old", "completed", "2026-03-17T08:00:00Z"), // beyond the look-back
            call("waiting", "completed", "2026-03-17T11:00:00Z"),
            call("later", "ended", "2026-03-17T11:30:00Z"),
            call("done", "completed", "2026-03-17T10:30:00Z"),
            call("rang-out", "no-answer", "2026-03-17T10:00:00Z"),
        ];
        for c in &calls {
            store.upsert(Collection::Calls, c).unwrap();
        }
        let transcript = json!({"call_id": "done", "created_at": "2026-03-17T10:30:00Z"});
        store.upsert(Collection::Transcripts, &transcript).unwrap();
        let lookback = Duration::from_secs(2 * 3_600);

        // Not before the first full download has finished.
        assert_eq!(transcript_floor(&store, lookback).unwrap(), None);
        let state = SyncState {
            high_water_mark: Some("2026-03-17T12:00:00Z".into()),
            backfill_complete: true,
            ..SyncState::default()
        };
        store
            .set_sync_state(Collection::Transcripts, &state)
            .unwrap();
        assert_eq!(
            transcript_floor(&store, lookback).unwrap().as_deref(),
            Some("2026-03-17T11:00:00Z")
        );
        let waiting = json!({"call_id": "waiting", "created_at": "2026-03-17T11:00:00Z"});
        store.upsert(Collection::Transcripts, &waiting).unwrap();
        assert_eq!(
            transcript_floor(&store, lookback).unwrap().as_deref(),
            Some("2026-03-17T11:30:00Z")
        );
    }

    #[test]
    fn active_spellings_are_recognised() {
        for s in ["queued", "ringing", "in-progress", "in_progress", "started"] {
            assert!(is_active(s), "{s}");
        }
        for s in ["completed", "ended", "no-answer", "failed", "voicemail"] {
            assert!(!is_active(s), "{s}");
        }
    }
}
