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
