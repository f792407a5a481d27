//! What walking lists newest-first cannot see, followed up one item at a time.
//!
//! - **Active calls.** The calls list is ordered by creation, so a call that was ringing
//!   at the last pass and has ended since is below the high-water mark. Every call the
//!   cache holds as `queued`, `ringing` or in progress (any spelling) is re-read with
//!   `GET /calls?id=` on every pass until its status is final.
//! - **Leads touched by a call.** A finished call creates or updates its lead (score,
//!   interaction count, `new → contacted`), which the leads walk may not reach if the lead
//!   is old. When a polled call turns final, and for each new finished call an
//!   incremental walk found (up to a limit per pass), the call's details name its lead,
//!   which is then re-read. The lead is written *before* the call's final status, so a
//!   crash in between leaves the call active and the follow-up happens again.
//! - **Transcripts of calls that just ended** carry the call's `created_at`, below the
//!   transcripts' high-water mark; [`transcript_floor`] lowers where that walk stops.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use kaicalls_api::Client;
use kaicalls_api::models::CallStatus;
use kaicalls_store::{CallFilter, Collection, DateRange, PageRequest, Store};
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

/// Status spellings the store folds active calls into.
const ACTIVE: [&str; 3] = ["queued", "ringing", "in-progress"];

/// Ids of every call the cache holds as active.
fn active_call_ids(store: &Store) -> kaicalls_store::Result<Vec<String>> {
    let mut ids = Vec::new();
    for status in ACTIVE {
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

/// Follow-ups of one pass, remembering which leads were already re-read.
pub(crate) struct FollowUp<'a> {
    pub client: &'a Client,
    pub cache: &'a Cache,
    pub report: FollowUpReport,
    refreshed: HashSet<String>,
}

fn quiet(err: &kaicalls_api::Error) -> bool {
    matches!(err.code(), "not_found" | "forbidden")
}

impl<'a> FollowUp<'a> {
    pub(crate) fn new(client: &'a Client, cache: &'a Cache) -> Self {
        FollowUp {
            client,
            cache,
            report: FollowUpReport::default(),
            refreshed: HashSet::new(),
        }
    }

    /// Re-reads a lead a call touched (once per pass). A lead the key cannot see or
    /// that is gone is skipped: the call itself is still worth storing.
    async fn refresh_lead(&mut self, lead_id: &str) -> Result<()> {
        if !self.refreshed.insert(lead_id.to_owned()) {
            return Ok(());
        }
        match self.client.leads().get(lead_id).await {
            Ok(lead) => {
                self.cache
                    .apply(Collection::Leads, to_value(&lead)?, Freshness::News)
                    .await?;
                self.report.leads_refreshed += 1;
                Ok(())
            }
            Err(e) if quiet(&e) => Ok(()),
            Err(e) => Err(CoreError::Api(e)),
        }
    }

    /// Reads one call's details and stores them, its lead first if it is final.
    /// Returns whether it is final; `None` if the server no longer has it.
    async fn follow_call(&mut self, id: &str) -> Result<Option<bool>> {
        let call = match self.client.calls().get(id).await {
            Ok(call) => call,
            Err(e) if e.code() == "not_found" => return Ok(None),
            Err(e) => return Err(CoreError::Api(e)),
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
    pub(crate) async fn poll_active(&mut self) -> Result<()> {
        let ids = self.cache.with(|s| active_call_ids(s)).await?;
        for id in ids {
            self.report.polled += 1;
            match self.follow_call(&id).await? {
                Some(true) => self.report.finished += 1,
                Some(false) => self.report.still_active += 1,
                None => {
                    let gone = id.clone();
                    self.cache
                        .with(move |s| s.delete(Collection::Calls, &gone))
                        .await?;
                    self.report.removed += 1;
                }
            }
        }
        Ok(())
    }

    /// Details (summary, recording, lead) of new finished calls an incremental walk found,
    /// at most `limit` of them (active ones are polled anyway).
    pub(crate) async fn new_calls(&mut self, items: &[Value], limit: usize) -> Result<()> {
        let finished = items
            .iter()
            .filter(|c| {
                c.get("status")
                    .and_then(Value::as_str)
                    .is_some_and(|s| CallStatus::from(s).is_final())
            })
            .filter_map(|c| c.get("id").and_then(Value::as_str))
            .take(limit);
        for id in finished.map(str::to_owned).collect::<Vec<_>>() {
            if self.follow_call(&id).await?.is_some() {
                self.report.details += 1;
            }
        }
        Ok(())
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
