//! One sync pass, in order: send queued edits, mirror the small lists, walk calls, follow
//! up active and new calls, walk leads (re-walking all of them now and then), walk
//! transcripts (beside calls and leads while the transcripts' first download runs).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use kaicalls_api::Client;
use kaicalls_store::{Collection, Store};
use parking_lot::Mutex;
use serde::Serialize;

use crate::cache::{Cache, Freshness};
use crate::error::Result;
use crate::outbox::Outbox;
use crate::sync::backoff::{Backoff, BackoffConfig};
use crate::sync::collection::{CollectionReport, sync_collection};
use crate::sync::follow::{FollowUp, FollowUpReport, fetch_call, transcript_floor};
use crate::sync::lists::{ListsReport, mirror_lists};
use crate::sync::replay::ReplayReport;
use crate::sync::sources::{self, to_value};
use crate::sync::status::{StatusCell, SyncStatus};
use crate::sync::walk::{Walk, WalkKind, instant, walk};

/// How the engine paces itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncConfig {
    /// Time between passes while online.
    pub interval: Duration,
    /// Time between light passes (active calls only) while some call is still active.
    pub active_poll_interval: Duration,
    /// Waits after failed passes.
    pub backoff: BackoffConfig,
    /// How often every lead is re-read to catch server edits of old leads (`None`: never;
    /// see the module docs of `sync`). The first full download counts as one.
    pub leads_rewalk_every: Option<Duration>,
    /// Details fetched per pass for new finished calls (summary, recording, lead).
    pub call_details_per_pass: usize,
    /// Older calls (from the first download) whose details the run loop reads per batch
    /// after a successful pass; 0 never reads them (see `details`).
    pub older_call_details_per_batch: usize,
    /// The pause between two such batches.
    pub older_call_details_pause: Duration,
    /// Page size of calls and leads (the API's maximum is 100).
    pub page_limit: u32,
    /// Page size of transcripts (the API's maximum is 50).
    pub transcript_page_limit: u32,
    /// Look-back of transcripts in days (the API's maximum is 90).
    pub transcript_days: u32,
    /// How far below the transcripts' high-water mark a call that ended since the last
    /// pass may have been created: longer than the longest call.
    pub transcript_lookback: Duration,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            interval: Duration::from_secs(300),
            active_poll_interval: Duration::from_secs(10),
            backoff: BackoffConfig::default(),
            leads_rewalk_every: Some(Duration::from_secs(3_600)),
            call_details_per_pass: 50,
            older_call_details_per_batch: 100,
            older_call_details_pause: Duration::from_secs(60),
            page_limit: 100,
            transcript_page_limit: 50,
            transcript_days: 90,
            transcript_lookback: Duration::from_secs(2 * 3_600),
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    /// Queued lead edits sent.
    pub outbox: ReplayReport,
    /// Agents, numbers and businesses mirrored.
    pub lists: ListsReport,
    /// The calls walk.
    pub calls: CollectionReport,
    /// The leads walk.
    pub leads: CollectionReport,
    /// The re-walk of every lead, when one was due.
    pub leads_rewalk: Option<CollectionReport>,
    /// The transcripts walk.
    pub transcripts: CollectionReport,
    /// Active calls re-read, details of new calls, leads touched by calls.
    pub follow_up: FollowUpReport,
    /// When the pass finished.
    pub finished_at: DateTime<Utc>,
}

pub(crate) struct Inner {
    pub client: Client,
    pub cache: Cache,
    pub outbox: Outbox,
    pub config: SyncConfig,
    pub status: StatusCell,
    pub backoff: Mutex<Backoff>,
    /// When every lead was last read (the first full download or a re-walk).
    leads_walked: Mutex<Option<Instant>>,
    /// One pass at a time, whoever asks.
    pass: tokio::sync::Mutex<()>,
}

/// The sync engine of one account: fills the cache from the API and sends queued edits.
///
/// Cheap to clone. [`SyncEngine::sync_once`] runs one pass; [`SyncEngine::spawn`] runs the
/// loop (on start, on a timer, on demand) and returns its handle.
#[derive(Clone)]
pub struct SyncEngine {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for SyncEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncEngine")
            .field("client", &self.inner.client)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// When the last full pass succeeded: the oldest success of the three main collections.
fn last_full_success(store: &Store) -> kaicalls_store::Result<Option<DateTime<Utc>>> {
    let mut oldest: Option<DateTime<Utc>> = None;
    for c in [
        Collection::Calls,
        Collection::Leads,
        Collection::Transcripts,
    ] {
        match store.sync_state(c)?.last_success_at {
            None => return Ok(None),
            Some(t) => oldest = Some(oldest.map_or(t, |o| o.min(t))),
        }
    }
    Ok(oldest)
}

/// The oldest time calls and leads can have: the account's oldest agent or number, but
/// at least 90 days back (see `estimate`).
fn account_start(store: &Store) -> kaicalls_store::Result<DateTime<Utc>> {
    let mut start = Utc::now() - TimeDelta::days(90);
    let agents = store.list_agents()?.into_iter().map(|a| a.created_at);
    let numbers = store.list_numbers()?.into_iter().map(|n| n.created_at);
    for t in agents.chain(numbers).flatten().filter_map(|t| instant(&t)) {
        start = start.min(t);
    }
    Ok(start)
}

impl SyncEngine {
    /// An engine syncing `cache` through `client`. Reads the last success time from the
    /// cache so the offline banner can show it before the first pass.
    pub async fn new(client: Client, cache: Cache, config: SyncConfig) -> Result<SyncEngine> {
        let last = cache.with(|s| last_full_success(s)).await?;
        // After an update, what an older version set aside may read now. A failure here
        // leaves it set aside; it never keeps the account from opening.
        if let Err(e) = super::unread::retry_unread(&cache).await {
            tracing::warn!(error = %e, "could not retry the items set aside");
        }
        let status = StatusCell::new(cache.bus().clone(), last);
        Ok(SyncEngine {
            inner: Arc::new(Inner {
                outbox: Outbox::new(cache.clone()),
                client,
                cache,
                backoff: Mutex::new(Backoff::new(config.backoff)),
                config,
                status,
                leads_walked: Mutex::new(None),
                pass: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// The state for the offline banner and the "last synced" line.
    pub fn status(&self) -> SyncStatus {
        self.inner.status.get()
    }

    /// The outbox this engine sends: queue lead edits here.
    pub fn outbox(&self) -> &Outbox {
        &self.inner.outbox
    }

    /// The cache this engine fills.
    pub fn cache(&self) -> &Cache {
        &self.inner.cache
    }

    /// Runs one full pass now (waiting for a pass already running to end first), and
    /// updates the status: `Syncing`, then `Online` or `Offline`.
    pub async fn sync_once(&self) -> Result<SyncReport> {
        let _one = self.inner.pass.lock().await;
        self.inner.status.syncing();
        let result = self.pass().await;
        self.settle(&result, true);
        result
    }

    /// Reads one call's details (`GET /calls?id=`: direction, lead, summary, recording)
    /// into the cache, for a call the walks only saw in the list. The first download does
    /// not read details (one request per call), so an older call gets them when the user
    /// opens it. Returns `false` if the server no longer has the call.
    pub async fn read_call_details(&self, id: &str) -> Result<bool> {
        let Some(call) = fetch_call(&self.inner.client, id).await? else {
            return Ok(false);
        };
        self.inner
            .cache
            .apply(Collection::Calls, to_value(&call)?, Freshness::News)
            .await?;
        Ok(true)
    }

    /// A light pass: re-reads active calls only (and the transcripts of those that
    /// ended). The run loop does this between full passes while a call is in progress.
    pub async fn poll_active(&self) -> Result<FollowUpReport> {
        let _one = self.inner.pass.lock().await;
        let result = self.poll_active_pass().await;
        self.settle(&result, false);
        result
    }

    /// The wait before retrying after the last failed pass (zero after a success).
    pub(crate) fn retry_delay(&self) -> Option<Duration> {
        self.inner.backoff.lock().last_wait()
    }

    fn settle<T>(&self, result: &Result<T>, full: bool) {
        match result {
            Ok(_) => {
                self.inner.backoff.lock().reset();
                if full {
                    self.inner.status.succeeded(Utc::now());
                } else {
                    self.inner.status.settled();
                }
            }
            Err(e) => {
                let failures = {
                    let mut backoff = self.inner.backoff.lock();
                    backoff.fail();
                    backoff.failures()
                };
                tracing::warn!(code = e.code().as_str(), "sync pass failed: {e}");
                self.inner.status.failed(e, failures);
            }
        }
    }

    fn leads_rewalk_due(&self) -> bool {
        let Some(every) = self.inner.config.leads_rewalk_every else {
            return false;
        };
        self.inner
            .leads_walked
            .lock()
            .is_none_or(|at| at.elapsed() >= every)
    }

    async fn pass(&self) -> Result<SyncReport> {
        let Inner {
            client,
            cache,
            config,
            ..
        } = &*self.inner;
        let outbox = self.inner.outbox.replay(client).await?;
        let lists = mirror_lists(client, cache).await?;
        let window = cache.with(|s| account_start(s)).await?;

        // The first download of transcripts runs beside calls and leads: it has its own
        // rate-limit budget (120 pages a minute against 300 for the other lists), so on a
        // real account it is the longest walk, and nothing in it depends on this pass's
        // calls (its floor only applies once its backfill is complete). Later passes keep
        // the order, because then the floor needs this pass's call statuses.
        let transcripts_backfilling = !cache
            .with(|s| Ok(s.sync_state(Collection::Transcripts)?.backfill_complete))
            .await?;
        let follow = Arc::new(FollowUp::new(
            client.clone(),
            cache.clone(),
            config.call_details_per_pass,
        ));
        let calls_and_leads = self.sync_calls_and_leads(&follow, window);
        let ((calls, leads, leads_rewalk), transcripts) = if transcripts_backfilling {
            tokio::try_join!(calls_and_leads, self.sync_transcripts())?
        } else {
            let calls_and_leads = calls_and_leads.await?;
            (calls_and_leads, self.sync_transcripts().await?)
        };
        Ok(SyncReport {
            outbox,
            lists,
            calls,
            leads,
            leads_rewalk,
            transcripts,
            follow_up: follow.report(),
            finished_at: Utc::now(),
        })
    }

    /// Calls (then their follow-up) and leads (then a re-walk of every lead when due).
    async fn sync_calls_and_leads(
        &self,
        follow: &Arc<FollowUp>,
        window: DateTime<Utc>,
    ) -> Result<(CollectionReport, CollectionReport, Option<CollectionReport>)> {
        let Inner {
            client,
            cache,
            config,
            ..
        } = &*self.inner;
        let calls_source = sources::Calls {
            client: client.clone(),
            limit: config.page_limit,
            follow: follow.clone(),
        };
        let calls = sync_collection(cache, &calls_source, None, window).await?;
        follow.poll_active().await?;

        let leads_source = sources::Leads {
            client: client.clone(),
            limit: config.page_limit,
        };
        let leads = sync_collection(cache, &leads_source, None, window).await?;
        if leads.backfill_completed {
            *self.inner.leads_walked.lock() = Some(Instant::now());
        }
        let mut leads_rewalk = None;
        let backfilled = cache
            .with(|s| Ok(s.sync_state(Collection::Leads)?.backfill_complete))
            .await?;
        if backfilled && self.leads_rewalk_due() {
            let plan = Walk {
                kind: WalkKind::Rewalk,
                after: None,
                until: None,
                window_start: None,
            };
            let outcome = walk(cache, &leads_source, plan).await?;
            *self.inner.leads_walked.lock() = Some(Instant::now());
            leads_rewalk = Some(CollectionReport {
                pages: outcome.pages,
                items: outcome.items,
                inserted: outcome.written.inserted,
                updated: outcome.written.updated,
                details: outcome.refreshed,
                ..CollectionReport::default()
            });
        }

        Ok((calls, leads, leads_rewalk))
    }

    async fn sync_transcripts(&self) -> Result<CollectionReport> {
        let Inner {
            client,
            cache,
            config,
            ..
        } = &*self.inner;
        let lookback = config.transcript_lookback;
        let floor = cache.with(move |s| transcript_floor(s, lookback)).await?;
        let source = sources::Transcripts {
            client: client.clone(),
            limit: config.transcript_page_limit,
            days: config.transcript_days,
        };
        let window = Utc::now() - TimeDelta::days(i64::from(config.transcript_days));
        sync_collection(cache, &source, floor, window).await
    }

    async fn poll_active_pass(&self) -> Result<FollowUpReport> {
        let follow = FollowUp::new(self.inner.client.clone(), self.inner.cache.clone(), 0);
        follow.poll_active().await?;
        let report = follow.report();
        if report.finished > 0 {
            self.sync_transcripts().await?;
        }
        Ok(report)
    }
}
