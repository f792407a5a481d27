//! The sync engine's connection state: what the offline banner and the "last synced"
//! line read, and the `SyncStatus` events that tell them it changed.

use chrono::{DateTime, SecondsFormat, Utc};
use kaicalls_api::ErrorPayload;
use kaicalls_vocab::Code;
use parking_lot::Mutex;
use serde::Serialize;

use crate::error::CoreError;
use crate::events::{CoreEvent, EventBus, SyncPhase};

/// A snapshot of the engine's state for the UI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncStatus {
    /// Online, offline or syncing.
    pub phase: SyncPhase,
    /// When a pass last finished without error (kept across restarts: read from the
    /// cache's sync state at start).
    pub last_success_at: Option<DateTime<Utc>>,
    /// Why the last pass failed, if it did; cleared by the next success.
    pub last_error: Option<ErrorPayload>,
    /// Passes failed in a row (drives the backoff).
    pub consecutive_failures: u32,
}

/// Error codes meaning "the network, not KaiCalls, is the problem": the engine then
/// reports `Offline` and keeps the cache as the only source.
const OFFLINE_CODES: &[Code] = &[Code::Offline, Code::Timeout, Code::TransportError];

/// Whether a failed pass means the API cannot be reached (as opposed to refusing us).
pub(crate) fn is_offline(err: &CoreError) -> bool {
    is_unreachable(err.code())
}

/// Whether `code` means the network, not KaiCalls, is the problem: what falls back to the
/// offline copy, in the sync engine and in any screen read live.
pub(crate) fn is_unreachable(code: Code) -> bool {
    OFFLINE_CODES.contains(&code)
}

/// Shared state plus the bus its changes go out on.
#[derive(Debug)]
pub(crate) struct StatusCell {
    status: Mutex<SyncStatus>,
    bus: EventBus,
}

impl StatusCell {
    pub(crate) fn new(bus: EventBus, last_success_at: Option<DateTime<Utc>>) -> Self {
        StatusCell {
            status: Mutex::new(SyncStatus {
                phase: SyncPhase::Online,
                last_success_at,
                last_error: None,
                consecutive_failures: 0,
            }),
            bus,
        }
    }

    pub(crate) fn get(&self) -> SyncStatus {
        self.status.lock().clone()
    }

    /// Applies `change` and announces the result if the phase or the success time moved.
    fn update(&self, change: impl FnOnce(&mut SyncStatus)) {
        let (before, after) = {
            let mut status = self.status.lock();
            let before = (status.phase, status.last_success_at);
            change(&mut status);
            (before, (status.phase, status.last_success_at))
        };
        if before != after {
            self.bus.publish(CoreEvent::SyncStatus {
                phase: after.0,
                last_success_at: after
                    .1
                    .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true)),
            });
        }
    }

    pub(crate) fn syncing(&self) {
        self.update(|s| s.phase = SyncPhase::Syncing);
    }

    pub(crate) fn succeeded(&self, at: DateTime<Utc>) {
        self.update(|s| {
            s.phase = SyncPhase::Online;
            s.last_success_at = Some(at);
            s.last_error = None;
            s.consecutive_failures = 0;
        });
    }

    /// A pass that failed: offline when the network failed, else online with the error
    /// (a revoked key or a server fault is not "offline", and the UI says which).
    pub(crate) fn failed(&self, err: &CoreError, failures: u32) {
        let offline = is_offline(err);
        let payload = ErrorPayload {
            code: err.code(),
            message: err.to_string(),
        };
        self.update(|s| {
            s.phase = if offline {
                SyncPhase::Offline
            } else {
                SyncPhase::Online
            };
            s.last_error = Some(payload);
            s.consecutive_failures = failures;
        });
    }

    /// Back to the resting phase after a light pass (active-call poll) succeeded,
    /// without claiming a full sync.
    pub(crate) fn settled(&self) {
        self.update(|s| {
            s.phase = SyncPhase::Online;
            s.last_error = None;
            s.consecutive_failures = 0;
        });
    }
}
