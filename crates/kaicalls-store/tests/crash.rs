//! A writer killed with SIGKILL at any moment leaves whole pages and their cursor.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use kaicalls_store::{Collection, Store, SyncState};
use serde_json::{Value, json};

const CRASH_DIR: &str = "KAICALLS_STORE_CRASH_CHILD_DIR";
const CRASH_PAGE: usize = 25;

/// The writer that the test below kills: resumes after the stored cursor and writes
/// numbered pages until killed (or a bounded number of pages).
fn crash_child(dir: &str) {
    let (mut store, _) = Store::open(dir, "acct-1").unwrap();
    let start = store
        .sync_state(Collection::Transcripts)
        .unwrap()
        .cursor
        .map_or(0, |c| c.parse::<usize>().unwrap() + 1);
    for page in start..start + 20_000 {
        let items: Vec<Value> = (0..CRASH_PAGE)
            .map(|i| {
                json!({"call_id": format!("p{page}-{i}"), "created_at": "2026-03-01T10:00:00Z",
                       "transcript": "Agent: Hello, thanks for calling. Caller: I need a quote. ".repeat(20)})
            })
            .collect();
        let state = SyncState {
            cursor: Some(page.to_string()),
            backfill_done: ((page + 1) * CRASH_PAGE) as i64,
            ..SyncState::default()
        };
        store
            .write_page(Collection::Transcripts, &items, &state)
            .unwrap();
    }
}

#[test]
fn a_writer_killed_at_any_moment_leaves_whole_pages_and_their_cursor() {
    if let Ok(dir) = std::env::var(CRASH_DIR) {
        crash_child(&dir);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("acct-1.sqlite3");
    for round in 0..4u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "a_writer_killed_at_any_moment_leaves_whole_pages_and_their_cursor",
                "--test-threads=1",
            ])
            .env(CRASH_DIR, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child has committed at least two more pages, then kill it at a
        // moment that varies from round to round.
        let deadline = Instant::now() + Duration::from_secs(20);
        let target = (round as i64 + 1) * 2 * CRASH_PAGE as i64;
        loop {
            let done: i64 = rusqlite::Connection::open(&db)
                .and_then(|c| c.query_row("SELECT count(*) FROM transcripts", [], |r| r.get(0)))
                .unwrap_or(0);
            if done >= target || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        std::thread::sleep(Duration::from_millis(round * 7));
        child.kill().unwrap();
        child.wait().unwrap();

        let (store, outcome) = Store::open(dir.path(), "acct-1").unwrap();
        assert!(!outcome.rebuilt, "a killed writer must not damage the file");
        let state = store.sync_state(Collection::Transcripts).unwrap();
        let pages = state.cursor.map_or(0, |c| c.parse::<i64>().unwrap() + 1);
        let rows: i64 = common::peek(&store)
            .query_row("SELECT count(*) FROM transcripts", [], |r| r.get(0))
            .unwrap();
        assert!(pages > 0, "round {round}: the child wrote nothing");
        assert_eq!(
            rows,
            pages * CRASH_PAGE as i64,
            "round {round}: partial page visible"
        );
        assert_eq!(state.backfill_done, rows);
    }
}
