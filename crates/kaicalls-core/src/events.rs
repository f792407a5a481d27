//! The event bus: everything that changes which the UI or the notifier cares about.
//!
//! A broadcast channel, so every subscriber (the Tauri bridge, the notifier, tests) sees
//! every event; a subscriber that falls behind loses the oldest events (and is told so
//! by `RecvError::Lagged`) rather than slowing the sync engine down.

use serde::Serialize;
use tokio::sync::broadcast;

/// What the notifier and the lead list need to know about a new lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadSummary {
    /// Lead id.
    pub id: String,
    /// Full name, when known.
    pub name: Option<String>,
    /// Phone, when known.
    pub phone: Option<String>,
    /// Where it came from (`inbound_call`, `website`, ...).
    pub source: Option<String>,
    /// Its business.
    pub business_id: Option<String>,
    /// When the server created it.
    pub created_at: Option<String>,
}

/// The sync engine's connection state, as the offline banner shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// The API answers and nothing is being fetched.
    Online,
    /// The API cannot be reached; the cache is all there is.
    Offline,
    /// A sync pass is running.
    Syncing,
}

/// Something that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CoreEvent {
    /// A lead the cache had never seen. `fresh` is false while the first full download
    /// fills an empty cache: those leads are not news and raise no notification.
    NewLead {
        /// The lead.
        lead: LeadSummary,
        /// Whether it arrived as news (webhook or incremental sync).
        fresh: bool,
    },
    /// A known lead changed (status, score, notes, ...).
    LeadChanged {
        /// Lead id.
        lead_id: String,
    },
    /// A call is new or its status changed.
    CallStatusChanged {
        /// Call id.
        call_id: String,
        /// The server's status, verbatim.
        status: String,
    },
    /// The details of older calls were read in the background (direction, lead, summary):
    /// lists showing them can show more now.
    CallDetailsRead {
        /// The calls read.
        call_ids: Vec<String>,
    },
    /// Progress of a sync pass over one collection.
    SyncProgress {
        /// `calls`, `leads`, `transcripts`, ...
        collection: String,
        /// Items stored so far in this pass.
        done: u64,
        /// Expected total, when known (the first full download).
        total: Option<u64>,
    },
    /// A run of an agent's evals moved on: `done` of `total` scenarios have ended (or
    /// were given up on). Sent once with `done` 0 when the runs started.
    EvalProgress {
        /// The agent.
        agent_id: String,
        /// Scenarios finished so far.
        done: u32,
        /// Scenarios in the run.
        total: u32,
    },
    /// The connection state changed.
    SyncStatus {
        /// Online, offline or syncing.
        phase: SyncPhase,
        /// RFC 3339 time of the last pass that finished without error.
        last_success_at: Option<String>,
    },
    /// An offline edit lost to a newer change on the server.
    EditSuperseded {
        /// Outbox entry id.
        edit_id: i64,
        /// The lead it was for.
        lead_id: String,
        /// Plain-words reason for the user.
        reason: String,
    },
}

/// Cloneable handle to the bus.
#[derive(Debug, Clone)]
pub struct EventBus {
    sender: broadcast::Sender<CoreEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new(1024)
    }
}

impl EventBus {
    /// A bus keeping up to `capacity` events for slow subscribers.
    pub fn new(capacity: usize) -> Self {
        EventBus {
            sender: broadcast::channel(capacity.max(1)).0,
        }
    }

    /// Sends to every current subscriber (none is fine).
    pub fn publish(&self, event: CoreEvent) {
        let _ = self.sender.send(event);
    }

    /// A receiver of every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.sender.subscribe()
    }
}
