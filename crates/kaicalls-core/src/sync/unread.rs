//! Items the server sent that an older version of the app could not read, tried again:
//! what reads now goes into the cache, the rest stays set aside, marked as tried by this
//! version (so each version tries once).

use kaicalls_api::models::{CallSummary, LeadSummary, Transcript};
use kaicalls_store::{Collection, Quarantined, Unread};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cache::{Cache, READER_VERSION};
use crate::error::Result;
use crate::sync::sources::to_value;

/// Reads `raw` as `T` and back into the JSON the cache stores, or says why not.
fn reread<T: DeserializeOwned + Serialize>(raw: &Value) -> std::result::Result<Value, String> {
    let item = T::deserialize(raw).map_err(|e| e.to_string())?;
    to_value(&item).map_err(|e| e.to_string())
}

fn collection_of(name: &str) -> Option<Collection> {
    Collection::ALL.into_iter().find(|c| c.as_str() == name)
}

/// Tries every item set aside by another version; returns how many read now.
pub(crate) async fn retry_unread(cache: &Cache) -> Result<usize> {
    let rows = cache.read(|s| s.quarantined_before(READER_VERSION)).await?;
    let mut released = 0;
    for collection in [
        Collection::Calls,
        Collection::Leads,
        Collection::Transcripts,
    ] {
        let mine: Vec<&Quarantined> = rows
            .iter()
            .filter(|q| collection_of(&q.collection) == Some(collection))
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut read = Vec::new();
        let mut still = Vec::new();
        for q in mine {
            let again = match collection {
                Collection::Calls => reread::<CallSummary>(&q.raw),
                Collection::Leads => reread::<LeadSummary>(&q.raw),
                _ => reread::<Transcript>(&q.raw),
            };
            match again {
                Ok(value) => read.push(value),
                Err(reason) => still.push(Unread {
                    raw: q.raw.clone(),
                    reason,
                }),
            }
        }
        released += read.len();
        cache
            .with(move |s| s.requeue_quarantined(collection, &read, &still, READER_VERSION))
            .await?;
    }
    if released > 0 {
        tracing::info!(released, "items set aside by an older version read now");
    }
    Ok(released)
}
