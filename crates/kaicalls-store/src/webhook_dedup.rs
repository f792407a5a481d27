//! De-duplication of webhook deliveries.
//!
//! KaiCalls webhook payloads carry no event id, and the same event can reach the app twice
//! (a replayed request, a second receiver, the app restarting mid-delivery). The receiver
//! records a key per event here; the table lives in the account's database, so it survives
//! restarts. The usual key is [`event_key`], a hash of the raw body: two deliveries of the
//! same event are byte-identical because the signature covers the body.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::Store;
use crate::error::Result;
use crate::time::now_ms;

/// The longest key accepted; longer keys are hashed first so the table stays small.
const MAX_KEY_LEN: usize = 200;

/// A de-duplication key for a webhook body: `sha256:<hex>` of the exact bytes received.
pub fn event_key(raw_body: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(raw_body)))
}

impl Store {
    /// Records that the event with `key` (an event id, or [`event_key`] of its body) was
    /// seen. Returns `true` the first time, `false` for every repeat, across restarts.
    pub fn record_event(&mut self, key: &str) -> Result<bool> {
        let key = if key.len() > MAX_KEY_LEN {
            event_key(key.as_bytes())
        } else {
            key.to_owned()
        };
        let n = self.conn.execute(
            "INSERT INTO webhook_events (key, seen_ms) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            rusqlite::params![key, now_ms()],
        )?;
        Ok(n == 1)
    }

    /// Forgets events first seen before `before` (older deliveries can no longer be
    /// replayed past the signature's timestamp tolerance). Returns how many were removed.
    pub fn prune_events(&mut self, before: DateTime<Utc>) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM webhook_events WHERE seen_ms < ?1",
            [before.timestamp_millis()],
        )?)
    }
}
