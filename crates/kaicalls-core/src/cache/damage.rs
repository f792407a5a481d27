//! The flag a [`Cache`](super::Cache) raises when SQLite reports its file damaged while
//! the app runs.
//!
//! A damaged page is found by whichever read or write touches it first (a screen, the
//! sync loop, a webhook), long after the check at open. The caller gets its `corrupt`
//! error as usual; the flag tells the session once, so it can set the file aside and
//! download everything again (`app::rebuild`), instead of every later query failing.

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use tokio::sync::Notify;

/// Raised once per cache; [`Damage::rearm`] lowers it again.
#[derive(Debug, Default)]
pub(crate) struct Damage {
    raised: AtomicBool,
    notify: Notify,
    /// SQLite's words for the damage that raised the flag.
    error: Mutex<String>,
}

impl Damage {
    /// Notes `err` if it says the file is damaged; the first such error wakes the waiter.
    pub(crate) fn check(&self, err: &kaicalls_store::Error) {
        if matches!(err, kaicalls_store::Error::Corrupt(_))
            && !self.raised.swap(true, Ordering::SeqCst)
        {
            tracing::error!(%err, "the offline cache is damaged");
            *self.error.lock() = err.to_string();
            // A stored permit: a waiter that is not waiting yet still gets it.
            self.notify.notify_one();
        }
    }

    /// Waits until the file is reported damaged; returns the error that said so.
    pub(crate) async fn raised(&self) -> String {
        self.notify.notified().await;
        self.error.lock().clone()
    }

    /// Lets the next damage report wake the waiter again.
    pub(crate) fn rearm(&self) {
        self.raised.store(false, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    fn corrupt() -> kaicalls_store::Error {
        kaicalls_store::Error::Corrupt(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        ))
    }

    #[tokio::test]
    async fn wakes_once_for_damage_and_never_for_other_errors() {
        let damage = Arc::new(Damage::default());
        damage.check(&kaicalls_store::Error::SchemaTooNew);
        let quiet = tokio::time::timeout(Duration::from_millis(50), damage.raised()).await;
        assert!(quiet.is_err(), "another error is not damage");

        damage.check(&corrupt());
        damage.check(&corrupt());
        assert!(damage.raised().await.contains("damaged"));
        let again = tokio::time::timeout(Duration::from_millis(50), damage.raised()).await;
        assert!(again.is_err(), "told once");

        damage.rearm();
        damage.check(&corrupt());
        damage.raised().await;
    }
}
