//! The loop that keeps the cache fresh: a pass on start, then on a timer and on demand;
//! light polls while a call is in progress; backoff while offline; after a successful
//! pass, older calls' details in the background (see `details`); a clean stop.

use kaicalls_vocab::Code;
use std::time::Duration;

use kaicalls_api::ErrorPayload;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::error::CoreError;
use crate::sync::details::fill_older_call_details;
use crate::sync::engine::{SyncEngine, SyncReport};
use crate::sync::status::SyncStatus;

/// The answer to [`SyncHandle::sync_and_wait`]: the pass's report, or its error as the UI
/// shows errors (`code` + message).
pub type SyncResult = std::result::Result<SyncReport, ErrorPayload>;

enum Command {
    /// Run a full pass now; tell the waiter (if any) how it went.
    SyncNow(Option<oneshot::Sender<SyncResult>>),
}

/// What the loop does next, and when.
#[derive(Debug, Clone, Copy)]
enum Next {
    Full(Instant),
    Active(Instant),
}

impl Next {
    fn at(self) -> Instant {
        match self {
            Next::Full(at) | Next::Active(at) => at,
        }
    }
}

/// Controls a running sync loop. Dropping it stops the loop too (after the page being
/// written).
pub struct SyncHandle {
    engine: SyncEngine,
    commands: mpsc::Sender<Command>,
    cancel: CancellationToken,
    task: JoinHandle<()>,
    _stop_on_drop: DropGuard,
}

impl std::fmt::Debug for SyncHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncHandle")
            .field("engine", &self.engine)
            .field("stopped", &self.cancel.is_cancelled())
            .finish_non_exhaustive()
    }
}

impl SyncEngine {
    /// Starts the loop on the current tokio runtime: a full pass at once, then every
    /// `interval` (sooner while calls are active, later with backoff while failing).
    pub fn spawn(self) -> SyncHandle {
        let (commands, rx) = mpsc::channel(16);
        let cancel = CancellationToken::new();
        let task = tokio::spawn(run(self.clone(), rx, cancel.clone()));
        SyncHandle {
            engine: self,
            commands,
            _stop_on_drop: cancel.clone().drop_guard(),
            cancel,
            task,
        }
    }
}

fn payload(err: &CoreError) -> ErrorPayload {
    ErrorPayload {
        code: err.code(),
        message: err.to_string(),
    }
}

impl SyncHandle {
    /// Asks for a full pass as soon as possible (requests made while one is queued are
    /// merged). Progress and the outcome arrive as events on the bus.
    pub fn sync_now(&self) {
        let _ = self.commands.try_send(Command::SyncNow(None));
    }

    /// Runs a full pass as soon as possible and waits for its outcome.
    pub async fn sync_and_wait(&self) -> SyncResult {
        let (tx, rx) = oneshot::channel();
        let stopped = || ErrorPayload {
            code: Code::Interrupted,
            message: "the sync engine has stopped".into(),
        };
        if self
            .commands
            .send(Command::SyncNow(Some(tx)))
            .await
            .is_err()
        {
            return Err(stopped());
        }
        rx.await.unwrap_or_else(|_| Err(stopped()))
    }

    /// The state for the offline banner.
    pub fn status(&self) -> SyncStatus {
        self.engine.status()
    }

    /// The engine the loop runs (its outbox, cache, one-off passes).
    pub fn engine(&self) -> &SyncEngine {
        &self.engine
    }

    /// Stops the loop and waits for it. A pass in progress is abandoned between two
    /// requests; a page being written finishes its transaction, so nothing is half
    /// stored and the next start resumes from the last stored page.
    pub async fn shutdown(self) {
        self.cancel.cancel();
        let _ = self.task.await;
    }
}

async fn run(engine: SyncEngine, mut rx: mpsc::Receiver<Command>, cancel: CancellationToken) {
    // The background reading of older calls' details (one run at a time), stopped with the
    // loop so that nothing reaches the API after `shutdown` returns.
    let mut details: Option<JoinHandle<usize>> = None;
    let details_cancel = cancel.child_token();
    let config = engine.inner.config.clone();
    let mut next = Next::Full(Instant::now());
    let mut last_full = Instant::now();
    loop {
        let mut waiters = Vec::new();
        let full = tokio::select! {
            biased;
            _ = cancel.cancelled() => break,
            command = rx.recv() => match command {
                None => break,
                Some(Command::SyncNow(waiter)) => {
                    waiters.extend(waiter);
                    true
                }
            },
            _ = tokio::time::sleep_until(next.at()) => matches!(next, Next::Full(_)),
        };
        // Merge requests that queued up meanwhile into this pass.
        let mut full = full;
        while let Ok(Command::SyncNow(waiter)) = rx.try_recv() {
            waiters.extend(waiter);
            full = true;
        }

        let still_active = if full {
            let result = tokio::select! {
                biased;
                _ = cancel.cancelled() => break,
                result = engine.sync_once() => result,
            };
            last_full = Instant::now();
            if result.is_ok() && details.as_ref().is_none_or(JoinHandle::is_finished) {
                details = Some(tokio::spawn(fill_older_call_details(
                    engine.clone(),
                    details_cancel.clone(),
                )));
            }
            let active = result.as_ref().map(|r| r.follow_up.still_active).ok();
            let reply: SyncResult = result.map_err(|e| payload(&e));
            for waiter in waiters {
                let _ = waiter.send(reply.clone());
            }
            active
        } else {
            let result = tokio::select! {
                biased;
                _ = cancel.cancelled() => break,
                result = engine.poll_active() => result,
            };
            result.map(|r| r.still_active).ok()
        };

        let now = Instant::now();
        let due = last_full + config.interval;
        next = match still_active {
            None => {
                let wait = engine.retry_delay().unwrap_or(Duration::from_secs(1));
                Next::Full(now + wait)
            }
            Some(n) if n > 0 && now + config.active_poll_interval < due => {
                Next::Active(now + config.active_poll_interval)
            }
            Some(_) => Next::Full(due.max(now)),
        };
    }
    details_cancel.cancel();
    if let Some(task) = details {
        let _ = task.await;
    }
}
