//! Records served damaged on purpose, so a client's tests can prove one odd item never
//! stops a sync: a patch merged into an item's JSON wherever a list or a detail route
//! serves it (`null` sets a field to null, any other value replaces it). Not persisted.

use std::collections::HashMap;

use parking_lot::Mutex;
use serde_json::Value;

/// The patches, by (collection, item id). Collections are `calls`, `leads`, `transcripts`
/// (a transcript's id is its call's id).
#[derive(Default)]
pub struct Corruptions(Mutex<HashMap<(String, String), Value>>);

impl Corruptions {
    /// Serves `id` of `collection` with `patch` merged in from now on.
    pub fn set(&self, collection: &str, id: &str, patch: Value) {
        self.0
            .lock()
            .insert((collection.to_owned(), id.to_owned()), patch);
    }

    /// Serves it whole again.
    pub fn clear(&self, collection: &str, id: &str) {
        self.0
            .lock()
            .remove(&(collection.to_owned(), id.to_owned()));
    }

    /// `item` as it is served: patched if a patch was set for it.
    pub fn apply(&self, collection: &str, id: &str, mut item: Value) -> Value {
        let patches = self.0.lock();
        if patches.is_empty() {
            return item;
        }
        match patches.get(&(collection.to_owned(), id.to_owned())) {
            Some(Value::Object(patch)) => {
                if let Value::Object(fields) = &mut item {
                    for (k, v) in patch {
                        fields.insert(k.clone(), v.clone());
                    }
                }
                item
            }
            // Anything else replaces the item whole (a bare string, a nested array...).
            Some(other) => other.clone(),
            None => item,
        }
    }
}
