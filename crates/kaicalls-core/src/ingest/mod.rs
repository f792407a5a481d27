//! Webhook ingest: a verified delivery takes the same path into the cache as sync.
//!
//! For each event the payload is merged into the cache at once (`Cache::apply` with
//! `Freshness::News`, so a new lead is announced and notified within milliseconds), then
//! the full call or lead is fetched from the API to fill in what the payload omits, and
//! merged too. The payload is taken from the raw body KaiCalls signed, not re-serialised
//! from the typed event, so a field the payload does not carry is never written as
//! `null` over a value the cache already has.
//!
//! Nothing here fails loudly: a failed fetch keeps the payload (the next sync pass fills
//! the rest) and a failed write is logged; KaiCalls v1 never redelivers, and periodic
//! sync is what guarantees nothing is lost.

mod dedup;

use kaicalls_api::Client;
use kaicalls_store::Collection;
use kaicalls_webhooks::{Delivery, WebhookEvent};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::cache::{Cache, Freshness};

pub use dedup::{DEDUP_RETENTION_HOURS, StoreDedup};

/// What ingest did over its lifetime, returned when its task ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestStats {
    /// Deliveries handled.
    pub events: u64,
    /// Payloads written to the cache.
    pub stored: u64,
    /// Full items fetched from the API and written.
    pub fetched: u64,
    /// Fetches that failed (the payload was kept; sync fills the rest).
    pub fetch_failures: u64,
    /// Cache writes that failed (logged; sync fills the gap).
    pub store_failures: u64,
}

/// What one delivery becomes in the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    /// Calls or leads.
    pub collection: Collection,
    /// The item's id (`call_id`, `id` or `lead_id` of the payload).
    pub id: String,
    /// The fields KaiCalls sent, plus the envelope's `business_id`.
    pub item: Value,
}

/// The cache item a delivery carries, read from the exact bytes KaiCalls signed.
pub fn payload(delivery: &Delivery) -> Option<Payload> {
    let body: Value = serde_json::from_slice(&delivery.raw).ok()?;
    let (collection, id) = match &delivery.event {
        WebhookEvent::LeadCreated(e) => (Collection::Leads, e.data.id.clone()),
        WebhookEvent::LeadScored(e) => (Collection::Leads, e.data.lead_id.clone()),
        WebhookEvent::CallCompleted(e) => (Collection::Calls, e.data.call_id.clone()),
        WebhookEvent::CallFailed(e) => (Collection::Calls, e.call_id.clone()),
    };
    let mut item = match (&delivery.event, body) {
        (WebhookEvent::CallFailed(_), Value::Object(mut flat)) => {
            // Flat shape: the event's own name and time are not the call's fields.
            flat.remove("event");
            flat.remove("timestamp");
            flat
        }
        (_, Value::Object(mut envelope)) => match envelope.remove("data") {
            Some(Value::Object(data)) => data,
            _ => return None,
        },
        _ => return None,
    };
    if let Some(business) = delivery.event.business_id() {
        item.insert("business_id".into(), Value::String(business.to_string()));
    }
    Some(Payload {
        collection,
        id,
        item: Value::Object(item),
    })
}

/// Turns deliveries into cache writes for one account.
#[derive(Clone)]
pub struct Ingest {
    cache: Cache,
    client: Client,
}

impl std::fmt::Debug for Ingest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ingest")
            .field("client", &self.client)
            .finish()
    }
}

impl Ingest {
    /// Ingest into `cache`, fetching details with `client`.
    pub fn new(cache: Cache, client: Client) -> Self {
        Ingest { cache, client }
    }

    /// Handles one delivery, adding what happened to `stats`.
    pub async fn ingest(&self, delivery: &Delivery, stats: &mut IngestStats) {
        stats.events += 1;
        let Some(p) = payload(delivery) else {
            tracing::warn!(
                event = delivery.event.name(),
                "webhook body has no usable item"
            );
            return;
        };
        // What support asks first when a lead did not show up: did KaiCalls's webhook come?
        tracing::info!(event = delivery.event.name(), id = %p.id, "webhook received");
        // A score for a lead the cache has never seen would otherwise announce a lead with
        // no name: fetch it first, so the "new lead" event (and notification) has one.
        let fetch_first =
            matches!(delivery.event, WebhookEvent::LeadScored(_)) && !self.is_cached(&p).await;
        if fetch_first {
            self.fetch(&p, stats).await;
        }
        match self
            .cache
            .apply(p.collection, p.item.clone(), Freshness::News)
            .await
        {
            Ok(_) => stats.stored += 1,
            Err(e) => {
                stats.store_failures += 1;
                tracing::error!(code = e.code().as_str(), error = %e, id = %p.id, "could not store a webhook payload");
            }
        }
        if !fetch_first {
            self.fetch(&p, stats).await;
        }
    }

    /// Writes a payload without fetching: for deliveries still queued at shutdown.
    async fn store_only(&self, delivery: &Delivery, stats: &mut IngestStats) {
        stats.events += 1;
        if let Some(p) = payload(delivery) {
            match self
                .cache
                .apply(p.collection, p.item, Freshness::News)
                .await
            {
                Ok(_) => stats.stored += 1,
                Err(e) => {
                    stats.store_failures += 1;
                    tracing::error!(
                        code = e.code().as_str(),
                        "could not store a webhook payload"
                    );
                }
            }
        }
    }

    async fn is_cached(&self, p: &Payload) -> bool {
        let id = p.id.clone();
        self.cache
            .with(move |store| store.get_lead(&id))
            .await
            .is_ok_and(|lead| lead.is_some())
    }

    async fn fetch(&self, p: &Payload, stats: &mut IngestStats) {
        let fetched = match p.collection {
            Collection::Leads => self
                .client
                .leads()
                .get(&p.id)
                .await
                .map(|l| serde_json::to_value(l).unwrap_or(Value::Null)),
            _ => self
                .client
                .calls()
                .get(&p.id)
                .await
                .map(|c| serde_json::to_value(c).unwrap_or(Value::Null)),
        };
        match fetched {
            Ok(item) if item.is_object() => {
                match self.cache.apply(p.collection, item, Freshness::News).await {
                    Ok(_) => stats.fetched += 1,
                    Err(e) => {
                        stats.store_failures += 1;
                        tracing::error!(code = e.code().as_str(), error = %e, id = %p.id, "could not store a fetched item");
                    }
                }
            }
            Ok(_) => stats.fetch_failures += 1,
            Err(e) => {
                stats.fetch_failures += 1;
                tracing::warn!(
                    code = e.code().as_str(), error = %e, id = %p.id, collection = %p.collection,
                    "could not fetch the full item after a webhook; sync will fill it in"
                );
            }
        }
    }
}

/// Drains `deliveries` into `ingest` until `shutdown` (or until the receiver is gone).
/// Deliveries still queued at shutdown are stored without a fetch, since they were
/// already acknowledged and recorded as seen. Returns what was done.
pub fn spawn_ingest(
    ingest: Ingest,
    mut deliveries: mpsc::Receiver<Delivery>,
    shutdown: CancellationToken,
) -> JoinHandle<IngestStats> {
    tokio::spawn(async move {
        let mut stats = IngestStats::default();
        loop {
            tokio::select! {
                biased;
                _ = shutdown.cancelled() => break,
                next = deliveries.recv() => match next {
                    Some(delivery) => ingest.ingest(&delivery, &mut stats).await,
                    None => return stats,
                },
            }
        }
        deliveries.close();
        while let Ok(delivery) = deliveries.try_recv() {
            ingest.store_only(&delivery, &mut stats).await;
        }
        stats
    })
}
