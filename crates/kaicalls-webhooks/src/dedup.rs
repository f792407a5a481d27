//! De-duplication of deliveries: the receiver records each genuine event's key before
//! handing it over, so a redelivery is acknowledged but ingested once.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use parking_lot::Mutex;

/// Remembers which deliveries were already ingested. The app backs it with its database
/// so a redelivery after a restart is still recognised.
pub trait Dedup: Send + Sync {
    /// Records `key`; `Ok(true)` the first time it is seen, `Ok(false)` after.
    fn first_seen(&self, key: &str) -> Result<bool, String>;
}

/// A remembered key. The receiver's keys are 64 lower-case hex digits (a SHA-256): those
/// are kept as their 32 bytes, inline, without an allocation, and hash and compare in half
/// the bytes. Anything else is kept as given. A string has one form only (upper-case hex
/// stays `Other`), so two keys are equal exactly when their strings are.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Digest([u8; 32]),
    Other(Arc<str>),
}

impl Key {
    fn new(key: &str) -> Key {
        crate::hex::lower_hex32(key).map_or_else(|| Key::Other(Arc::from(key)), Key::Digest)
    }
}

/// Keys seen, and the order they came in (to forget the oldest).
type Seen = (HashSet<Key>, VecDeque<Key>);

/// An in-memory [`Dedup`] remembering the last `capacity` keys (tests, the example).
pub struct MemoryDedup {
    seen: Mutex<Seen>,
    capacity: usize,
}

impl MemoryDedup {
    /// Remembers up to `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        MemoryDedup {
            seen: Mutex::new((HashSet::new(), VecDeque::new())),
            capacity: capacity.max(1),
        }
    }
}

impl Dedup for MemoryDedup {
    fn first_seen(&self, key: &str) -> Result<bool, String> {
        // Made before the lock, and hashed once (by the insert).
        let key = Key::new(key);
        let mut guard = self.seen.lock();
        let (set, order) = &mut *guard;
        if !set.insert(key.clone()) {
            return Ok(false);
        }
        order.push_back(key);
        if order.len() > self.capacity {
            if let Some(old) = order.pop_front() {
                set.remove(&old);
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_last_capacity_keys() {
        let dedup = MemoryDedup::new(2);
        assert_eq!(dedup.first_seen("a"), Ok(true));
        assert_eq!(dedup.first_seen("a"), Ok(false));
        assert_eq!(dedup.first_seen("b"), Ok(true));
        assert_eq!(dedup.first_seen("c"), Ok(true));
        // "a" was the oldest of three: forgotten, so new again (and "b" then goes).
        assert_eq!(dedup.first_seen("a"), Ok(true));
        assert_eq!(dedup.first_seen("c"), Ok(false));
        assert_eq!(dedup.first_seen("b"), Ok(true));
    }

    #[test]
    fn digest_keys_are_the_same_keys_as_their_strings() {
        let lower = "00ff".repeat(16);
        let upper = lower.to_uppercase();
        assert!(matches!(Key::new(&lower), Key::Digest(_)));
        assert!(matches!(Key::new(&upper), Key::Other(_)));
        assert!(matches!(Key::new(&lower[..62]), Key::Other(_)));
        let dedup = MemoryDedup::new(10);
        assert_eq!(dedup.first_seen(&lower), Ok(true));
        // Upper case is another string, so another key, as before.
        assert_eq!(dedup.first_seen(&upper), Ok(true));
        assert_eq!(dedup.first_seen(&lower), Ok(false));
        assert_eq!(dedup.first_seen(&upper), Ok(false));
        let other = format!("{}0f", &lower[..62]);
        assert_eq!(dedup.first_seen(&other), Ok(true));
    }
}
