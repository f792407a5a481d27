//! Details of the calls the first download saw only in the list.
//!
//! The calls list names no direction, business or lead (see the API reference), and a
//! pass does not read details for the calls of the first download: one request per call
//! would multiply the backfill's cost. Without them every older call shows as an unknown
//! caller. So after each successful full pass the run loop starts this filler (if it is not
//! running already). It reads the details of calls that lack them
//! ([`call_lacks_details`]), newest first because those are the rows the user sees first,
//! in batches of [`SyncConfig::older_call_details_per_batch`] with
//! [`SyncConfig::older_call_details_pause`] between them, and ends when no call is left.
//!
//! - **Each call once.** Its details mark it as having them, and a run never reads a call
//!   twice (should the server's details still look incomplete): each batch goes on below
//!   the last page the one before read. A call the server no longer has is removed.
//! - **Apart from the pass.** A pass with nothing new still costs one request per
//!   collection, and a "sync now" never waits for a batch.
//! - **Gentle on the rate budget.** The defaults, 100 calls then a minute's pause, use a
//!   third of the "other GET" budget (300 a minute) while the filler runs, and nothing
//!   once every call has its details.
//! - **Announced** after each batch (`CoreEvent::CallDetailsRead`), so the calls list
//!   reloads and shows the callers.
//! - **Errors end the run quietly** (offline, a revoked key); the next successful pass
//!   starts another.
//!
//! [`SyncConfig::older_call_details_per_batch`]: crate::SyncConfig::older_call_details_per_batch
//! [`SyncConfig::older_call_details_pause`]: crate::SyncConfig::older_call_details_pause

use kaicalls_store::{Collection, MAX_PAGE_SIZE, PageRequest, Store};
use tokio_util::sync::CancellationToken;

use crate::error::Result;
use crate::events::CoreEvent;
use crate::sync::engine::SyncEngine;
use crate::sync::follow::call_lacks_details;

/// At least `n` ids of calls lacking details, newest first (fewer once the candidates run
/// out), from pages of `n` after `after` on; with the cursor after the last page read, or
/// `None` when there is none. Only the store's candidates are scanned
/// (`Store::calls_without_details`, a partial index), so a run that finds nothing left costs
/// one empty index range, not a walk of every call; and since the cursor only moves down,
/// a run never looks at a call twice.
fn next_lacking(
    store: &Store,
    n: usize,
    mut after: Option<String>,
) -> kaicalls_store::Result<(Vec<String>, Option<String>)> {
    let limit = u32::try_from(n).unwrap_or(MAX_PAGE_SIZE);
    let mut ids = Vec::new();
    loop {
        let found = store.calls_without_details(&PageRequest { limit, after })?;
        ids.extend(
            found
                .items
                .into_iter()
                .filter(call_lacks_details)
                .map(|call| call.id),
        );
        after = found.next;
        if ids.len() >= n || after.is_none() {
            return Ok((ids, after));
        }
    }
}

/// Reads the details of older calls until none lacks them, the run is cancelled, or a
/// request fails. Returns how many calls it read.
pub(crate) async fn fill_older_call_details(
    engine: SyncEngine,
    cancel: CancellationToken,
) -> usize {
    let config = engine.inner.config.clone();
    let per_batch = config.older_call_details_per_batch;
    let mut read = 0;
    if per_batch == 0 {
        return read;
    }
    let mut after = None;
    loop {
        let batch = engine
            .cache()
            .with(move |s| next_lacking(s, per_batch, after))
            .await;
        let (ids, next) = match batch {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!(
                    code = e.code().as_str(),
                    "listing calls without details failed: {e}"
                );
                break;
            }
        };
        for id in &ids {
            let outcome = tokio::select! {
                biased;
                () = cancel.cancelled() => return read,
                outcome = read_one(&engine, id) => outcome,
            };
            if let Err(e) = outcome {
                tracing::info!(
                    code = e.code().as_str(),
                    "reading older calls' details stopped: {e}"
                );
                return read;
            }
            read += 1;
        }
        if !ids.is_empty() {
            engine
                .cache()
                .bus()
                .publish(CoreEvent::CallDetailsRead { call_ids: ids });
        }
        if next.is_none() {
            break;
        }
        after = next;
        tokio::select! {
            biased;
            () = cancel.cancelled() => break,
            () = tokio::time::sleep(config.older_call_details_pause) => {}
        }
    }
    read
}

/// One call's details into the cache; a call the server no longer has leaves it.
async fn read_one(engine: &SyncEngine, id: &str) -> Result<()> {
    if !engine.read_call_details(id).await? {
        let gone = id.to_owned();
        engine
            .cache()
            .with(move |s| s.delete(Collection::Calls, &gone))
            .await?;
    }
    Ok(())
}
