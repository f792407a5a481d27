//! [`Dedup`] backed by the account's database, so a redelivered event is recognised even
//! after a restart.
//!
//! `Dedup::first_seen` is synchronous and runs inside the receiver's request handler. It
//! uses a second SQLite connection of its own (`Store::connect_again`), never the
//! cache's: taking the cache's mutex there could hold a runtime worker for as long as a
//! sync page write holds that lock, and the two locks could be taken in opposite orders.
//! With its own connection and its own mutex (held only for one INSERT, never across an
//! await, never while holding another lock), nothing here can wait on the cache. SQLite
//! itself serialises the two writers (WAL); a write that waits past the store's busy
//! timeout (5 s) fails, and the receiver answers 503 without marking the event as seen.

use chrono::{Duration as ChronoDuration, Utc};
use kaicalls_store::Store;
use kaicalls_webhooks::Dedup;
use parking_lot::Mutex;

use crate::cache::Cache;
use crate::error::Result;

/// How long delivery keys are remembered. The receiver refuses signatures older than five
/// minutes, so a key older than a day can never match a delivery that would be accepted.
pub const DEDUP_RETENTION_HOURS: i64 = 24;

/// The store-backed [`Dedup`].
pub struct StoreDedup {
    store: Mutex<Store>,
    /// The cache's damage flag: this connection reads the same file.
    damage: std::sync::Arc<crate::cache::Damage>,
}

impl std::fmt::Debug for StoreDedup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreDedup").finish_non_exhaustive()
    }
}

impl StoreDedup {
    /// Opens a second connection to `cache`'s database and forgets delivery keys older
    /// than [`DEDUP_RETENTION_HOURS`].
    pub async fn new(cache: &Cache) -> Result<Self> {
        let store = cache
            .with(|store| {
                let mut second = store.connect_again()?;
                second.prune_events(Utc::now() - ChronoDuration::hours(DEDUP_RETENTION_HOURS))?;
                Ok(second)
            })
            .await?;
        Ok(StoreDedup {
            store: Mutex::new(store),
            damage: cache.damage().clone(),
        })
    }
}

impl Dedup for StoreDedup {
    fn first_seen(&self, key: &str) -> std::result::Result<bool, String> {
        self.store.lock().record_event(key).map_err(|e| {
            self.damage.check(&e);
            e.to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use kaicalls_store::Collection;
    use serde_json::json;

    use super::*;
    use crate::events::EventBus;

    fn local_cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path(), "acct-test").unwrap();
        (dir, Cache::new(store, EventBus::default()))
    }

    // Here rather than in tests/ingest.rs: it needs the cache's own writer path, which only
    // this crate reaches.
    #[tokio::test]
    async fn dedup_inside_a_cache_operation_cannot_deadlock() {
        // The dedup has its own connection and lock: recording an event while the cache's lock
        // is held (as a receiver request during a long sync write would) completes.
        let (_dir, cache) = local_cache();
        let dedup = Arc::new(StoreDedup::new(&cache).await.unwrap());
        let inner = dedup.clone();
        let (first, again) = cache
            .with(move |store| {
                store.upsert(Collection::Leads, &json!({ "id": "l1", "name": "Held" }))?;
                Ok((inner.first_seen("k1"), inner.first_seen("k1")))
            })
            .await
            .unwrap();
        assert_eq!((first, again), (Ok(true), Ok(false)));
        assert_eq!(dedup.first_seen("k2"), Ok(true));
    }
}
