//! Polling until something finishes: a call, an eval run.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How [`Calls::wait_with`](crate::resources::Calls::wait_with) and
/// [`Evals::wait_run`](crate::resources::Evals::wait_run) poll.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitOptions {
    /// Give up (with `wait_timeout`) after this long. The call goes on regardless.
    pub deadline: Duration,
    /// First pause between polls.
    pub initial_interval: Duration,
    /// Longest pause between polls; pauses grow by half each time up to it.
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    /// 15 minutes (a call lasts at most 10 by default, plus queueing), polling from
    /// every second up to every 10 s.
    fn default() -> Self {
        WaitOptions {
            deadline: Duration::from_secs(15 * 60),
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
        }
    }
}

/// Polls `fetch` until `done` says so. Failures that a later poll could get past
/// (`is_retryable`) are waited out until the deadline; others end the wait.
pub(crate) async fn poll<T, F, Fut>(
    id: &str,
    opts: WaitOptions,
    mut fetch: F,
    status_of: impl Fn(&T) -> (bool, String),
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let started = Instant::now();
    let mut interval = opts.initial_interval;
    let mut last_status = String::from("unknown");
    loop {
        match fetch().await {
            Ok(value) => {
                let (done, status) = status_of(&value);
                if done {
                    return Ok(value);
                }
                last_status = status;
            }
            Err(e) if e.is_retryable() && !matches!(e, Error::WaitTimedOut { .. }) => {
                tracing::debug!(id, code = e.code().as_str(), "poll failed, will poll again");
            }
            Err(e) => return Err(e),
        }
        let waited = started.elapsed();
        if waited + interval > opts.deadline {
            return Err(Error::WaitTimedOut {
                id: id.to_string(),
                last_status,
                waited,
            });
        }
        tokio::time::sleep(interval).await;
        interval = interval.mul_f64(1.5).min(opts.max_interval);
    }
}
