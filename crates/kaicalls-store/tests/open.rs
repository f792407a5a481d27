//! Opening, migrating, reopening, and what happens to damaged files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use kaicalls_store::{Collection, SCHEMA_VERSION, Store, SyncState};
use serde_json::json;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_new_store_is_migrated_from_empty_with_the_right_pragmas() {
    let (dir, store) = common::fresh();
    assert_eq!(store.path(), dir.path().join("acct-1.sqlite3"));
    assert_eq!(store.account_id(), "acct-1");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);

    let raw = common::peek(&store);
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in [
        "account",
        "agents",
        "businesses",
        "calls",
        "leads",
        "numbers",
        "outbox",
        "sms_sent",
        "sync_state",
        "transcripts",
        "transcripts_fts",
        "webhook_events",
    ] {
        assert!(tables.iter().any(|x| x == t), "missing table {t}");
    }
}

#[test]
fn foreign_keys_are_enforced_on_the_stores_connection() {
    let (_dir, mut store) = common::fresh();
    // The outbox points at leads: an edit of an unknown lead is refused, not orphaned.
    let err = store
        .enqueue_lead_edit("nope", json!({"notes": "x"}).as_object().unwrap(), None)
        .unwrap_err();
    assert_eq!(err.code(), "not_cached");
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
        let state = SyncState {
            cursor: Some("c1".into()),
            ..SyncState::default()
        };
        store
            .write_page(
                Collection::Calls,
                &[json!({"id": "c1", "created_at": "2026-01-01T00:00:00Z"})],
                &state,
            )
            .unwrap();
    }
    let (store, outcome) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(!outcome.rebuilt);
    assert_eq!(outcome.moved_to, None);
    assert!(store.get_call("c1").unwrap().is_some());
    assert_eq!(
        store
            .sync_state(Collection::Calls)
            .unwrap()
            .cursor
            .as_deref(),
        Some("c1")
    );
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn each_account_has_its_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = Store::open(dir.path(), "acct-a").unwrap();
    let (b, _) = Store::open(dir.path(), "acct-b").unwrap();
    a.upsert(Collection::Leads, &json!({"id": "l1", "name": "Jane"}))
        .unwrap();
    assert!(b.get_lead("l1").unwrap().is_none());
    assert_eq!(
        names(dir.path())
            .iter()
            .filter(|n| n.ends_with(".sqlite3"))
            .count(),
        2
    );
}

#[test]
fn account_ids_that_could_escape_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "../evil",
        "a/b",
        "..",
        "",
        "x.sqlite3",
        "NUL",
        "a\\b",
        "/abs",
    ] {
        let err = Store::open(dir.path(), bad).unwrap_err();
        assert_eq!(err.code(), "invalid_account_id", "{bad:?}");
    }
    assert!(names(dir.path()).is_empty(), "nothing may be created");
    assert!(!dir.path().parent().unwrap().join("evil.sqlite3").exists());
}

#[test]
fn a_file_of_another_account_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), "acct-a").unwrap());
    fs::rename(
        dir.path().join("acct-a.sqlite3"),
        dir.path().join("acct-b.sqlite3"),
    )
    .unwrap();
    let _ = fs::remove_file(dir.path().join("acct-a.sqlite3-wal"));
    let _ = fs::remove_file(dir.path().join("acct-a.sqlite3-shm"));
    let err = Store::open(dir.path(), "acct-b").unwrap_err();
    assert_eq!(err.code(), "account_mismatch");
    assert!(dir.path().join("acct-b.sqlite3").exists(), "left in place");
}

#[test]
fn a_garbage_file_is_moved_aside_and_a_fresh_store_works() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("acct-1.sqlite3");
    fs::write(
        &db,
        b"this is not a database, just garbage bytes ".repeat(200),
    )
    .unwrap();
    fs::write(dir.path().join("acct-1.sqlite3-wal"), b"stale wal").unwrap();
    // Neighbours that must survive untouched.
    fs::write(dir.path().join("acct-2.sqlite3"), b"another account").unwrap();
    fs::write(dir.path().join("settings.json"), b"{}").unwrap();

    let (mut store, outcome) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(outcome.rebuilt);
    let moved = outcome.moved_to.clone().unwrap();
    let moved_name = moved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        moved_name.starts_with("acct-1.sqlite3.corrupt-"),
        "{moved_name}"
    );
    assert!(
        fs::read(&moved)
            .unwrap()
            .starts_with(b"this is not a database")
    );
    let mut moved_wal = moved.into_os_string();
    moved_wal.push("-wal");
    assert_eq!(fs::read(&moved_wal).unwrap(), b"stale wal");

    assert_eq!(
        fs::read(dir.path().join("acct-2.sqlite3")).unwrap(),
        b"another account"
    );
    assert_eq!(fs::read(dir.path().join("settings.json")).unwrap(), b"{}");

    // The fresh store is empty and usable.
    assert!(store.pending_edits().unwrap().is_empty());
    store
        .upsert(Collection::Leads, &json!({"id": "l1", "name": "Jane"}))
        .unwrap();
    assert!(store.get_lead("l1").unwrap().is_some());
    drop(store);
    let (_, again) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(!again.rebuilt, "the fresh file is healthy");
}

#[test]
fn a_database_with_a_damaged_page_is_moved_aside() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
        let items: Vec<_> = (0..400)
            .map(|i| {
                json!({"call_id": format!("c{i}"), "transcript": "Agent: hello there ".repeat(40),
                       "created_at": "2026-01-01T00:00:00Z"})
            })
            .collect();
        store.upsert_many(Collection::Transcripts, &items).unwrap();
        // Fold the WAL into the main file so the damage below hits real data.
        common::peek(&store)
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let db = dir.path().join("acct-1.sqlite3");
    let mut bytes = fs::read(&db).unwrap();
    assert!(bytes.len() > 40 * 4096);
    // Keep the 100-byte header intact; scribble over pages in the middle.
    for b in &mut bytes[8 * 4096..30 * 4096] {
        *b = 0xA5;
    }
    fs::write(&db, &bytes).unwrap();

    let (store, outcome) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(outcome.rebuilt);
    assert!(outcome.moved_to.unwrap().exists());
    assert!(store.get_transcript("c1").unwrap().is_none());
}

/// The open's check leaves FTS5's own (which walks every search index term by term, the
/// larger part of opening a big cache) to `search_indexes_sound`, run later: a damaged
/// search index does not set the whole copy aside at start, and is rebuilt from the rows.
#[test]
fn the_open_check_does_not_walk_the_search_indexes() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path(), "acct-1").unwrap();
        let items = [json!({"call_id": "c1", "transcript": "Agent: hello there",
                            "created_at": "2026-01-01T00:00:00Z"})];
        store.upsert_many(Collection::Transcripts, &items).unwrap();
        let raw = common::peek(&store);
        // Garbage in the index's leaves, inside sound B-tree pages: only FTS5's walk of the
        // index sees it.
        let blocks = raw
            .execute(
                "UPDATE transcripts_fts_data SET block = zeroblob(length(block)) WHERE id > 10",
                [],
            )
            .unwrap();
        assert!(blocks > 0);
        let check = raw.execute(
            "INSERT INTO transcripts_fts (transcripts_fts, rank) VALUES ('integrity-check', 1)",
            [],
        );
        assert!(check.is_err(), "the index should be out of step now");
    }
    let (store, outcome) = Store::open(dir.path(), "acct-1").unwrap();
    assert!(!outcome.rebuilt, "set aside for its search index");
    assert!(store.get_transcript("c1").unwrap().is_some());
    // The check the app runs once the session has started finds it, and a rebuild from the
    // tables mends it.
    let mut store = store;
    assert!(!store.search_indexes_sound().unwrap());
    store.rebuild_search_index().unwrap();
    assert!(store.search_indexes_sound().unwrap());
    let found = store
        .search("hello", &kaicalls_store::SearchOptions::default())
        .unwrap();
    assert_eq!(found.len(), 1);
}

#[test]
fn a_file_from_a_newer_app_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), "acct-1").unwrap());
    let db = dir.path().join("acct-1.sqlite3");
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let err = Store::open(dir.path(), "acct-1").unwrap_err();
    assert_eq!(err.code(), "schema_too_new");
    assert!(db.exists());
    assert!(!names(dir.path()).iter().any(|n| n.contains("corrupt")));
}

#[test]
fn the_folder_is_created_when_missing() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a").join("b");
    let (store, _) = Store::open(&nested, "acct-1").unwrap();
    assert!(store.path().starts_with(&nested));
}

#[test]
fn a_second_connection_reads_while_the_first_writes() {
    let (_dir, mut writer) = common::fresh();
    let reader = writer.connect_again().unwrap();
    writer
        .upsert(Collection::Leads, &json!({"id": "l1", "name": "Jane"}))
        .unwrap();
    assert_eq!(
        reader.get_lead("l1").unwrap().unwrap().name.as_deref(),
        Some("Jane")
    );
    assert_eq!(reader.account_id(), "acct-1");
    // A store can move to the thread that owns it.
    fn send<T: Send>(_: &T) {}
    send(&reader);
}

#[test]
fn deleting_an_accounts_cache_removes_its_files_and_nothing_else() {
    let (dir, store) = common::fresh();
    fs::write(dir.path().join("acct-2.sqlite3"), b"another account").unwrap();
    drop(store);
    Store::delete_files(dir.path(), "acct-1").unwrap();
    assert_eq!(names(dir.path()), ["acct-2.sqlite3"]);
    // Already gone is fine; a path-like id is refused.
    Store::delete_files(dir.path(), "acct-1").unwrap();
    assert!(Store::delete_files(dir.path(), "../acct-2").is_err());
}
