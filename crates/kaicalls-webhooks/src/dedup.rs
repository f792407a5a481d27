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

/// Keys seen, and the order they came in (to forget the oldest); one allocation per key.
type Seen = (HashSet<Arc<str>>, VecDeque<Arc<str>>);

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
        // Allocated before the lock, and hashed once (by the insert): a redelivery, which
        // pays for the allocation in vain, is the rare case.
        let key: Arc<str> = Arc::from(key);
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
}
