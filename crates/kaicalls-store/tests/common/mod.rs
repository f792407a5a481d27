//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use kaicalls_store::Store;
use serde_json::Value;
use tempfile::TempDir;

/// A fresh store in its own temporary folder (kept alive by the returned `TempDir`).
pub fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, outcome) = Store::open(dir.path(), "acct-1").expect("open");
    assert!(!outcome.rebuilt);
    (dir, store)
}

/// A JSON example from the API reference (`kaicalls-sandbox/fixtures/reference`).
pub fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kaicalls-sandbox/fixtures/reference")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    serde_json::from_str(&text).expect("fixture json")
}

/// A second, raw connection to the same file, to look behind the store's back.
pub fn peek(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).expect("raw connection")
}

/// SQLite's `data_version` as seen by `conn`: it changes when another connection commits
/// a change to the file, and only then.
pub fn data_version(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "data_version", |r| r.get(0))
        .expect("data_version")
}
