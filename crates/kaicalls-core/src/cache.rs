//! The one path by which server data enters the offline cache, shared by sync and webhook
//! ingest so both publish the same events for the same change.
//!
//! SQLite calls block, so they run on tokio's blocking pool; the store is one connection
//! behind a mutex (a `Store` is `Send` but not `Sync`). Every call notes whether SQLite
//! found the file damaged (see `damage`), so the session can rebuild it.

mod damage;

use std::collections::HashMap;
use std::sync::Arc;

use kaicalls_store::{Collection, Lead, PageWrite, Store, SyncState, Unread, UpsertOutcome};
use parking_lot::Mutex;
use serde_json::Value;

use crate::error::{CoreError, Result};
use crate::events::{CoreEvent, EventBus, LeadSummary};
pub(crate) use damage::Damage;

/// The version of the models that read the server's items: what could not be read is
/// tried again once this changes (an update).
pub(crate) const READER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Whether items being written are news to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// The first full download filling an empty cache: no "new lead" notifications.
    Backfill,
    /// Webhooks and incremental sync: a lead never seen before is news.
    News,
}

/// The offline cache of one account plus the bus its changes are announced on.
#[derive(Clone)]
pub struct Cache {
    store: Arc<Mutex<Store>>,
    bus: EventBus,
    damage: Arc<Damage>,
}

/// What a collection's item looked like before a write, to tell what the write changed.
struct Before {
    id: String,
    existed: bool,
    status: Option<String>,
}

/// The id an item is stored under: `id`, or the `call_id`/`lead_id` of webhook shapes.
fn item_id(collection: Collection, item: &Value) -> Option<String> {
    let keys: &[&str] = match collection {
        Collection::Calls | Collection::Transcripts => &["id", "call_id"],
        Collection::Leads => &["id", "lead_id"],
        _ => &["id"],
    };
    keys.iter()
        .find_map(|k| item.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

/// Each item's state before a write, in one query per call (pages hold up to a thousand
/// items; a lookup per item cost more than the write itself).
fn befores(
    store: &Store,
    collection: Collection,
    items: &[Value],
) -> kaicalls_store::Result<Vec<Before>> {
    if !matches!(collection, Collection::Calls | Collection::Leads) {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = items
        .iter()
        .filter_map(|item| item_id(collection, item))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(match collection {
        Collection::Calls => {
            let statuses = store.call_statuses(&ids)?;
            ids.into_iter()
                .map(|id| {
                    let stored = statuses.get(&id);
                    Before {
                        existed: stored.is_some(),
                        status: stored.cloned().flatten(),
                        id,
                    }
                })
                .collect()
        }
        _ => {
            let cached = store.cached_ids(collection, &ids)?;
            ids.into_iter()
                .map(|id| Before {
                    existed: cached.contains(&id),
                    status: None,
                    id,
                })
                .collect()
        }
    })
}

/// The events a write of `collection` caused, comparing each item's state before it with
/// what is stored now.
fn events_after(
    store: &Store,
    collection: Collection,
    befores: Vec<Before>,
    freshness: Freshness,
) -> kaicalls_store::Result<Vec<CoreEvent>> {
    let mut events = Vec::new();
    if befores.is_empty() {
        return Ok(events);
    }
    match collection {
        Collection::Calls => {
            let ids: Vec<String> = befores.iter().map(|b| b.id.clone()).collect();
            let statuses = store.call_statuses(&ids)?;
            for b in befores {
                let Some(stored) = statuses.get(&b.id) else {
                    continue;
                };
                if let Some(status) = stored.clone().filter(|s| b.status.as_ref() != Some(s)) {
                    events.push(CoreEvent::CallStatusChanged {
                        call_id: b.id,
                        status,
                    });
                }
            }
        }
        Collection::Leads => {
            let ids: Vec<String> = befores.iter().map(|b| b.id.clone()).collect();
            let leads: HashMap<String, Lead> = store
                .get_leads(&ids)?
                .into_iter()
                .map(|lead| (lead.id.clone(), lead))
                .collect();
            for b in befores {
                let Some(lead) = leads.get(&b.id) else {
                    continue;
                };
                if b.existed {
                    events.push(CoreEvent::LeadChanged { lead_id: b.id });
                } else {
                    events.push(CoreEvent::NewLead {
                        lead: LeadSummary {
                            id: lead.id.clone(),
                            name: lead.name.clone(),
                            phone: lead.phone.clone(),
                            source: lead.source.clone(),
                            business_id: lead.business_id.clone(),
                            created_at: lead.created_at.clone(),
                        },
                        fresh: freshness == Freshness::News,
                    });
                }
            }
        }
        _ => {}
    }
    Ok(events)
}

impl Cache {
    /// Wraps an opened store.
    pub fn new(store: Store, bus: EventBus) -> Self {
        Cache {
            store: Arc::new(Mutex::new(store)),
            bus,
            damage: Arc::default(),
        }
    }

    /// Raised when SQLite reports the file damaged while in use (one flag per cache).
    pub(crate) fn damage(&self) -> &Arc<Damage> {
        &self.damage
    }

    /// The bus this cache announces changes on.
    pub fn bus(&self) -> &EventBus {
        &self.bus
    }

    /// Reads with the store on the blocking pool. Reads only: every write goes through a
    /// method that announces its change on the bus ([`Cache::apply`],
    /// [`Cache::write_page`], the outbox), so nothing changes behind the UI's back.
    pub async fn read<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&Store) -> kaicalls_store::Result<R> + Send + 'static,
    {
        self.with(move |store| f(store)).await
    }

    /// Runs `f` with the store on the blocking pool; for this crate's writers, which
    /// announce what they change.
    pub(crate) async fn with<R, F>(&self, f: F) -> Result<R>
    where
        R: Send + 'static,
        F: FnOnce(&mut Store) -> kaicalls_store::Result<R> + Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&mut store.lock()))
            .await
            .map_err(|e| CoreError::Interrupted(e.to_string()))?
            .map_err(|e| {
                self.damage.check(&e);
                CoreError::from(e)
            })
    }

    /// FTS5's own check of the search indexes (`Store::search_indexes_sound`, too slow
    /// for the open's check), on a connection of its own so the screens keep reading
    /// meanwhile; a damaged index is rebuilt from the rows. True when one was rebuilt.
    pub(crate) async fn mend_search_indexes(&self) -> Result<bool> {
        let store = self.store.clone();
        let sound = tokio::task::spawn_blocking(move || {
            let own = store.lock().connect_again()?;
            own.search_indexes_sound()
        })
        .await
        .map_err(|e| CoreError::Interrupted(e.to_string()))??;
        if sound {
            return Ok(false);
        }
        tracing::warn!("a search index was damaged; rebuilding it from the offline copy");
        self.with(|store| store.rebuild_search_index()).await?;
        Ok(true)
    }

    /// Writes one page of a sync pass together with its cursor and the page's items the
    /// app could not read (set aside, see `kaicalls_store::Quarantined`), in one
    /// transaction, then announces what changed.
    pub async fn write_page(
        &self,
        collection: Collection,
        items: Vec<Value>,
        unread: Vec<Unread>,
        state: SyncState,
        freshness: Freshness,
    ) -> Result<PageWrite> {
        let (written, events) = self
            .with(move |store| {
                let befores = befores(store, collection, &items)?;
                let written = store.write_page_quarantining(
                    collection,
                    items,
                    &unread,
                    READER_VERSION,
                    &state,
                )?;
                let events = if written.changed() {
                    events_after(store, collection, befores, freshness)?
                } else {
                    Vec::new()
                };
                Ok((written, events))
            })
            .await?;
        for event in events {
            self.bus.publish(event);
        }
        Ok(written)
    }

    /// Merges one item (a webhook payload, a fetched detail) into the cache and
    /// announces what changed.
    pub async fn apply(
        &self,
        collection: Collection,
        item: Value,
        freshness: Freshness,
    ) -> Result<UpsertOutcome> {
        let (outcome, events) = self
            .with(move |store| {
                let befores = befores(store, collection, std::slice::from_ref(&item))?;
                let outcome = store.upsert(collection, &item)?;
                let events = if outcome == UpsertOutcome::Unchanged {
                    Vec::new()
                } else {
                    events_after(store, collection, befores, freshness)?
                };
                Ok((outcome, events))
            })
            .await?;
        for event in events {
            self.bus.publish(event);
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path(), "acct").unwrap();
        (dir, Cache::new(store, EventBus::default()))
    }

    #[tokio::test]
    async fn announces_new_and_changed_leads_once() {
        let (_dir, cache) = cache();
        let mut events = cache.bus().subscribe();
        let lead = json!({ "id": "l1", "name": "Jane Doe", "status": "new", "created_at": "2026-03-17T12:00:00Z" });
        cache
            .apply(Collection::Leads, lead.clone(), Freshness::News)
            .await
            .unwrap();
        cache
            .apply(Collection::Leads, lead, Freshness::News)
            .await
            .unwrap();
        cache
            .apply(
                Collection::Leads,
                json!({ "id": "l1", "status": "qualified" }),
                Freshness::News,
            )
            .await
            .unwrap();
        match events.recv().await.unwrap() {
            CoreEvent::NewLead { lead, fresh } => {
                assert_eq!(lead.name.as_deref(), Some("Jane Doe"));
                assert!(fresh);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            events.recv().await.unwrap(),
            CoreEvent::LeadChanged {
                lead_id: "l1".into()
            }
        );
        assert!(
            events.try_recv().is_err(),
            "the unchanged repeat announced nothing"
        );
    }

    #[tokio::test]
    async fn backfilled_pages_are_not_news_and_call_statuses_are_tracked() {
        let (_dir, cache) = cache();
        let mut events = cache.bus().subscribe();
        let page =
            vec![json!({ "id": "l2", "name": "Old Lead", "created_at": "2026-01-01T00:00:00Z" })];
        cache
            .write_page(
                Collection::Leads,
                page,
                Vec::new(),
                SyncState::default(),
                Freshness::Backfill,
            )
            .await
            .unwrap();
        assert!(matches!(
            events.recv().await.unwrap(),
            CoreEvent::NewLead { fresh: false, .. }
        ));
        let call = |status: &str| json!({ "id": "c1", "status": status, "created_at": "2026-01-01T00:00:00Z" });
        cache
            .apply(Collection::Calls, call("queued"), Freshness::News)
            .await
            .unwrap();
        cache
            .apply(Collection::Calls, call("queued"), Freshness::News)
            .await
            .unwrap();
        cache
            .apply(Collection::Calls, call("completed"), Freshness::News)
            .await
            .unwrap();
        let statuses: Vec<String> = [events.recv().await.unwrap(), events.recv().await.unwrap()]
            .into_iter()
            .map(|e| match e {
                CoreEvent::CallStatusChanged { status, .. } => status,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(statuses, ["queued", "completed"]);
        assert!(events.try_recv().is_err());
    }
}
