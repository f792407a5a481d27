//! A cache found damaged while the app runs is rebuilt from the server, with the user told.
//!
//! `Store::open` checks the file at start; damage found later (a disk fault, another
//! program writing into the file) reaches whichever query touches the damaged page first,
//! and every later query would fail the same way. So the cache raises its damage flag
//! (`cache::Damage`), and the session's watcher here closes the session, sets the file
//! aside (`Store::set_aside`: SQLite's own verdict, so no second opinion is asked of
//! `quick_check`, which does not read every page an FTS index relies on) and opens the
//! account again: the empty cache fills with the sync's first full download, as after a
//! damaged start. The user sees the same `cache_rebuilt` alert as then.
//!
//! A rebuild that is damaged again at once (a failing disk) must not spin: an account is
//! rebuilt at most once per [`MIN_REBUILD_INTERVAL`]; damage reported sooner is told to
//! the user as an error and the flag is lowered again only when the interval has passed.
//!
//! The same watcher cleans up: once a pass of the session's sync has succeeded (for a new
//! cache, that is the full download), the account's damaged copies set aside are deleted
//! but the newest (`Store::prune_set_aside`). Doing it at the first success of every
//! session, not only of a rebuild's, also finishes a clean-up cut off by a quit.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kaicalls_store::Store;
use kaicalls_vocab::Code;
use parking_lot::Mutex;
use tokio::sync::RwLock;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::events::AppEvent;
use super::session::{Session, SessionDeps};
use crate::cache::{Cache, Damage};
use crate::error::AppError;
use crate::events::CoreEvent;
use crate::sync::SyncEngine;

/// The shortest time between two rebuilds of one account. A fresh cache damaged again
/// within minutes points at the disk, and downloading everything again would not help.
pub(crate) const MIN_REBUILD_INTERVAL: Duration = Duration::from_secs(10 * 60);

/// What the app tells the user when the rebuild starts downloading.
const REBUILT: &str = "The offline copy of your data was found damaged while the app was \
     running. It was set aside and is being downloaded again from KaiCalls.";

/// When each account was last rebuilt, for the whole run of the app.
#[derive(Debug, Default)]
pub(crate) struct History(Mutex<HashMap<String, Instant>>);

impl History {
    /// Records a rebuild of `account_id` now, unless the last one was less than
    /// [`MIN_REBUILD_INTERVAL`] ago: then how long until one is allowed again.
    fn admit(&self, account_id: &str, now: Instant) -> Result<(), Duration> {
        let mut last = self.0.lock();
        if let Some(at) = last.get(account_id) {
            let since = now.saturating_duration_since(*at);
            if since < MIN_REBUILD_INTERVAL {
                return Err(MIN_REBUILD_INTERVAL - since);
            }
        }
        last.insert(account_id.to_owned(), now);
        Ok(())
    }
}

/// What a rebuild needs of the app: the slot of the open session and the lock that
/// serialises opening and closing it (the app's own), and the rebuild history.
#[derive(Clone)]
pub(crate) struct Rebuilds {
    slot: Arc<RwLock<Option<Arc<Session>>>>,
    switching: Arc<tokio::sync::Mutex<()>>,
    history: Arc<History>,
}

impl Rebuilds {
    pub(crate) fn new(
        slot: &Arc<RwLock<Option<Arc<Session>>>>,
        switching: &Arc<tokio::sync::Mutex<()>>,
        history: &Arc<History>,
    ) -> Self {
        Rebuilds {
            slot: slot.clone(),
            switching: switching.clone(),
            history: history.clone(),
        }
    }
}

/// Watches the session of `account_id` being opened: rebuilds its cache when it is
/// reported damaged, and prunes old damaged copies once its sync has succeeded. Start it
/// before the engine runs, so that its first success is seen. It holds no reference to
/// the session (that would keep closing it waiting) and ends when `stop` is cancelled.
pub(crate) fn spawn_watch(
    deps: &SessionDeps,
    account_id: &str,
    cache: &Cache,
    engine: &SyncEngine,
    stop: CancellationToken,
) -> JoinHandle<()> {
    let deps = deps.clone();
    let id = account_id.to_owned();
    let damage = cache.damage().clone();
    let mut events = cache.bus().subscribe();
    let engine = engine.clone();
    let synced_before = engine.status().last_success_at;
    tokio::spawn(async move {
        let mut pruned = false;
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                error = damage.raised() => match deps.rebuild.history.admit(&id, Instant::now()) {
                    Ok(()) => {
                        // Detached: closing the session waits for this task.
                        tokio::spawn(rebuild(deps, id, damage));
                        return;
                    }
                    Err(wait) => {
                        deps.events.alert(
                            Code::Corrupt,
                            format!(
                                "The offline copy of your data was damaged again soon after \
                                 it was downloaded anew ({error}), so it is not rebuilt again \
                                 for now. Some screens may fail until then; if this keeps \
                                 happening, the disk may be failing."
                            ),
                        );
                        tokio::select! {
                            _ = stop.cancelled() => return,
                            () = tokio::time::sleep(wait) => damage.rearm(),
                        }
                    }
                },
                event = events.recv(), if !pruned => {
                    let look = match event {
                        Ok(CoreEvent::SyncStatus { .. }) | Err(RecvError::Lagged(_)) => true,
                        Ok(_) => false,
                        Err(RecvError::Closed) => {
                            pruned = true;
                            false
                        }
                    };
                    let succeeded = engine.status().last_success_at;
                    if look && succeeded.is_some() && succeeded != synced_before {
                        pruned = true;
                        prune(&deps, &id).await;
                    }
                }
            }
        }
    })
}

/// Deletes the account's damaged copies but the newest; a failure is only logged (the
/// files are kept, which is what happened before this clean-up existed).
async fn prune(deps: &SessionDeps, account_id: &str) {
    let dir = deps.accounts.cache_dir();
    let id = account_id.to_owned();
    match tokio::task::spawn_blocking(move || Store::prune_set_aside(dir, &id)).await {
        Ok(Ok(0)) => {}
        Ok(Ok(n)) => tracing::info!(files = n, "old damaged copies of the cache deleted"),
        Ok(Err(e)) => tracing::warn!(%e, "old damaged copies of the cache could not be deleted"),
        Err(e) => tracing::warn!(%e, "the clean-up of damaged copies was interrupted"),
    }
}

/// Closes the session whose cache raised `damage` (if it is still the open one), sets
/// its file aside and opens the account again; tells the user either way.
async fn rebuild(deps: SessionDeps, account_id: String, damage: Arc<Damage>) {
    let rebuilds = deps.rebuild.clone();
    let _switch = rebuilds.switching.lock().await;
    let old = {
        let mut slot = rebuilds.slot.write().await;
        match slot.as_ref() {
            Some(open) if Arc::ptr_eq(open.cache.damage(), &damage) => slot.take(),
            // The user switched accounts meanwhile: that cache is closed already.
            _ => None,
        }
    };
    let Some(old) = old else { return };
    Session::close_when_released(old).await;
    match reopen(&deps, &account_id).await {
        Ok(session) => {
            *rebuilds.slot.write().await = Some(Arc::new(session));
            deps.events.alert(Code::CacheRebuilt, REBUILT);
            deps.events.publish(AppEvent::SessionChanged {
                account_id: Some(account_id),
            });
        }
        Err(e) => {
            deps.events.alert(
                e.code,
                format!(
                    "The offline copy of your data was found damaged, and a fresh one could \
                     not be started: {}. Open the account again to retry.",
                    e.message
                ),
            );
            deps.events
                .publish(AppEvent::SessionChanged { account_id: None });
        }
    }
}

/// Sets the damaged file aside and opens the account on a fresh cache.
async fn reopen(deps: &SessionDeps, account_id: &str) -> Result<Session, AppError> {
    let dir = deps.accounts.cache_dir();
    let id = account_id.to_owned();
    let moved = tokio::task::spawn_blocking(move || Store::set_aside(dir, &id))
        .await
        .map_err(|e| AppError::new(Code::Interrupted, e.to_string()))??;
    tracing::warn!(?moved, "the damaged cache was set aside");
    let meta = deps.accounts.get(account_id)?;
    Session::open(deps, meta).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rebuild_per_account_per_interval() {
        let history = History::default();
        let start = Instant::now();
        assert_eq!(history.admit("a", start), Ok(()));
        let soon = start + Duration::from_secs(60);
        assert_eq!(
            history.admit("a", soon),
            Err(MIN_REBUILD_INTERVAL - Duration::from_secs(60))
        );
        assert_eq!(history.admit("b", soon), Ok(()), "accounts are apart");
        let later = start + MIN_REBUILD_INTERVAL;
        assert_eq!(history.admit("a", later), Ok(()));
        assert!(
            history.admit("a", later).is_err(),
            "counted from the last one"
        );
    }
}
