//! How many people wait in the follow-up inbox, for the tray: the window may be hidden
//! (or not yet open) when a lead arrives, so the count is kept here rather than by the UI.
//! Recounted from the cache a moment after anything that can change it, so a burst of
//! sync pages costs one count.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::events::{AppEvent, AppEvents};
use crate::cache::Cache;
use crate::events::{CoreEvent, EventBus};

/// Changes that land close together are counted once, this long after the first.
const SETTLE: Duration = Duration::from_millis(300);

/// Whether `event` can add someone to the inbox or take someone out.
fn moves_inbox(event: &CoreEvent) -> bool {
    matches!(
        event,
        CoreEvent::NewLead { .. }
            | CoreEvent::LeadChanged { .. }
            | CoreEvent::CallStatusChanged { .. }
            | CoreEvent::CallDetailsRead { .. }
            | CoreEvent::SyncStatus { .. }
    )
}

/// Publishes `AppEvent::WaitingChanged` at start and whenever the count changes;
/// `poke` asks for a recount (an item marked handled changes no data the bus reports).
pub(crate) fn spawn_waiting_count(
    cache: Cache,
    bus: &EventBus,
    out: AppEvents,
    poke: Arc<Notify>,
    stop: CancellationToken,
) -> JoinHandle<()> {
    let mut events = bus.subscribe();
    tokio::spawn(async move {
        let mut last = None;
        loop {
            let count = match cache.read(|s| s.inbox(None)).await {
                Ok(items) => u32::try_from(items.len()).unwrap_or(u32::MAX),
                // The cache is being rebuilt or closed: the tray keeps its last count.
                Err(e) => {
                    tracing::debug!(error = %e, "could not count the inbox");
                    last.unwrap_or(0)
                }
            };
            if last != Some(count) {
                last = Some(count);
                out.publish(AppEvent::WaitingChanged { count });
            }
            // Wait for something that can change the count, then let the burst settle.
            loop {
                tokio::select! {
                    _ = stop.cancelled() => return,
                    _ = poke.notified() => break,
                    event = events.recv() => match event {
                        Ok(event) if moves_inbox(&event) => break,
                        Ok(_) => {}
                        Err(RecvError::Lagged(_)) => break,
                        Err(RecvError::Closed) => return,
                    },
                }
            }
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = tokio::time::sleep(SETTLE) => {}
            }
            // Everything that arrived while settling is in the next count.
            while let Ok(_) | Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) =
                events.try_recv()
            {}
        }
    })
}
