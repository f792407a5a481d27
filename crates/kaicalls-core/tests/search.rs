//! Searching the offline copy through the app: the demo sandbox's transcripts page by
//! page, each page the next cut of one ranking, until the total the first page gave.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use std::collections::HashSet;

use app_fixture::{demo_sandbox, first_sync, signed_in};
use kaicalls_core::views::{SearchKind, SearchRequest};

#[tokio::test]
async fn search_pages_through_every_hit_once() {
    let sandbox = demo_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;
    let ask = |offset: u32| SearchRequest {
        query: "the".into(),
        kinds: vec![],
        limit: 50,
        offset,
    };
    let first = session.search(ask(0)).await.unwrap();
    assert!(
        first.total > 100,
        "the demo has more than two pages of “the”: {}",
        first.total
    );
    let mut seen = HashSet::new();
    let mut offset = 0;
    while offset < first.total {
        let page = session.search(ask(offset)).await.unwrap();
        assert_eq!(page.total, first.total);
        assert!(
            !page.hits.is_empty(),
            "a page at {offset} of {}",
            first.total
        );
        for hit in &page.hits {
            assert!(seen.insert((hit.kind, hit.id.clone())), "{} twice", hit.id);
        }
        offset += u32::try_from(page.hits.len()).unwrap();
    }
    assert_eq!(seen.len(), first.total as usize);
    // A call with a cached transcript is found once, through the transcript.
    let transcripts: HashSet<_> = seen
        .iter()
        .filter(|(k, _)| *k == SearchKind::Transcript)
        .map(|(_, id)| id.clone())
        .collect();
    assert!(
        seen.iter()
            .all(|(k, id)| *k != SearchKind::Call || !transcripts.contains(id))
    );
    drop(session);
    f.app.shutdown().await;
}

/// A search index damaged inside sound pages (the open's check no longer walks the
/// indexes) is found soon after the next start and rebuilt from the cached rows: searching
/// finds what it found before, and nothing was set aside or downloaded again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_search_index_is_rebuilt_from_the_rows_after_the_start() {
    let sandbox = demo_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    first_sync(&session).await;
    let ask = SearchRequest {
        query: "the".into(),
        kinds: vec![SearchKind::Transcript],
        limit: 5,
        offset: 0,
    };
    let before = session.search(ask.clone()).await.unwrap().total;
    assert!(before > 0);
    let id = session.account().id.clone();
    let db = f.app.accounts().cache_dir().join(format!("{id}.sqlite3"));
    drop(session);
    f.app.close().await;
    {
        let raw = rusqlite::Connection::open(&db).unwrap();
        let zeroed = raw
            .execute(
                "UPDATE transcripts_fts_data SET block = zeroblob(length(block)) WHERE id > 10",
                [],
            )
            .unwrap();
        assert!(zeroed > 0);
    }
    f.app.open(&id).await.unwrap();
    let session = f.app.session().await.unwrap();
    let found = session.search(ask.clone()).await.map(|p| p.total);
    assert_ne!(
        found.ok(),
        Some(before),
        "the damage should show before the mend"
    );
    kaicalls_testkit::eventually("the search index to be rebuilt", || {
        let session = session.clone();
        let ask = ask.clone();
        async move { session.search(ask).await.map(|p| p.total).ok() == Some(before) }
    })
    .await;
    let kept: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
        .collect();
    assert!(kept.is_empty(), "nothing set aside");
}
