//! A cache damaged while the app runs: the page a screen reads is garbage on disk, SQLite
//! says so, and the app sets the file aside, tells the user and downloads everything
//! again; once that is done, older damaged copies go and the newest stays. Damage again
//! right after the rebuild is reported instead of rebuilt (no loop).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use app_fixture::{demo_sandbox, first_sync, next_event, signed_in};
use kaicalls_core::views::{CallFilter, LeadFilter, PageRequest};
use kaicalls_core::vocab::Code;
use kaicalls_core::{AppError, AppEvent, Session};
use kaicalls_testkit::eventually;

/// Every call and lead id in the session's cache, sorted.
async fn cached_ids(session: &Session) -> Result<(Vec<String>, Vec<String>), AppError> {
    let page = |after| PageRequest { limit: 500, after };
    let (mut calls, mut leads) = (Vec::new(), Vec::new());
    let mut after = None;
    loop {
        let got = session.calls(CallFilter::default(), page(after)).await?;
        calls.extend(got.items.into_iter().map(|c| c.id));
        match got.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let mut after = None;
    loop {
        let got = session.leads(LeadFilter::default(), page(after)).await?;
        leads.extend(got.items.into_iter().map(|l| l.id));
        match got.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    calls.sort();
    leads.sort();
    Ok((calls, leads))
}

/// Overwrites every page but the first of the database file with garbage, under the
/// running app, so that its next reads find the damage on disk.
///
/// The app's connection keeps pages in memory, and WAL keeps recent pages outside the
/// main file. So everything is first checkpointed into the main file; then, after the
/// garbage, a write of the header page alone (a harmless `application_id`) makes every
/// other connection drop its page cache before its next read.
fn damage(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    // Loaded now: the header write below must not need the damaged pages.
    let _: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    loop {
        let busy: i64 = conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
            .unwrap();
        if busy == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let mut bytes = std::fs::read(db).unwrap();
    let page = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => usize::from(n),
    };
    assert!(bytes.len() > 4 * page, "a cache of a few pages at least");
    let mut x: u32 = 0x9E37_79B9;
    for b in &mut bytes[page..] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(db, &bytes).unwrap();
    conn.pragma_update(None, "application_id", 0).unwrap();
}

/// The account's damaged copies set aside, by name.
fn set_aside(dir: &Path, account_id: &str) -> Vec<String> {
    let prefix = format!("{account_id}.sqlite3.corrupt-");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    names.sort();
    names
}

/// An alert about the cache: rebuilt, or damaged and not rebuilt.
fn is_about_the_cache(event: &AppEvent) -> bool {
    matches!(event, AppEvent::Alert(a) if matches!(a.code, Code::CacheRebuilt | Code::Corrupt))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cache_damaged_while_running_is_rebuilt_and_old_copies_pruned() {
    let sandbox = demo_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;
    let (calls, leads) = cached_ids(&session).await.unwrap();
    assert!(!calls.is_empty() && !leads.is_empty());

    let id = session.account().id.clone();
    let dir: PathBuf = f.app.accounts().cache_dir();
    let db = dir.join(format!("{id}.sqlite3"));
    // Two copies set aside by earlier runs, older than any this run makes.
    let older = [
        format!("{id}.sqlite3.corrupt-20200101T000000Z"),
        format!("{id}.sqlite3.corrupt-20200101T000000Z-wal"),
        format!("{id}.sqlite3.corrupt-20210101T000000Z-1"),
    ];
    for name in &older {
        std::fs::write(dir.join(name), b"old").unwrap();
    }

    let mut events = f.app.subscribe();
    damage(&db);
    // A screen reads: SQLite finds the damage.
    let read = cached_ids(&session).await;
    assert_eq!(read.unwrap_err().code, Code::Corrupt);
    drop(session);

    let alert = next_event(&mut events, is_about_the_cache).await;
    let AppEvent::Alert(alert) = alert else {
        unreachable!()
    };
    assert_eq!(alert.code, Code::CacheRebuilt, "{}", alert.message);
    assert!(
        alert.message.contains("downloaded again"),
        "{}",
        alert.message
    );

    let rebuilt = f.app.session().await.unwrap();
    first_sync(&rebuilt).await;
    assert_eq!(cached_ids(&rebuilt).await.unwrap(), (calls, leads));

    // The damaged file is kept (the newest copy); the older ones are gone.
    eventually("the old damaged copies to be deleted", || {
        let gone = older.iter().all(|n| !dir.join(n).exists());
        async move { gone }
    })
    .await;
    let kept = set_aside(&dir, &id);
    let newest = kept.first().cloned().unwrap_or_default();
    assert!(
        !kept.is_empty() && kept.iter().all(|n| n.starts_with(&newest)),
        "one set, its database first: {kept:?}"
    );

    // Damaged again at once: told, not rebuilt again (a failing disk must not spin).
    damage(&db);
    let read = cached_ids(&rebuilt).await;
    assert_eq!(read.unwrap_err().code, Code::Corrupt);
    let alert = next_event(&mut events, is_about_the_cache).await;
    let AppEvent::Alert(alert) = alert else {
        unreachable!()
    };
    assert_eq!(alert.code, Code::Corrupt, "{}", alert.message);
    assert!(
        alert.message.contains("not rebuilt again"),
        "{}",
        alert.message
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(Arc::ptr_eq(&f.app.session().await.unwrap(), &rebuilt));
}
