//! Offline full-text search: the right hits, ranked, highlighted, kept in step by triggers,
//! and no input a user can type makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use kaicalls_store::{
    Collection, HIGHLIGHT_END, HIGHLIGHT_START, SearchKind, SearchOptions, Store, split_highlights,
};
use serde_json::json;

use common::{search, seed};

#[test]
fn finds_the_right_transcripts_with_highlighted_snippets() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let hits = store
        .search(
            "sink leaking",
            &SearchOptions {
                kinds: vec![SearchKind::Transcript],
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(
        (hit.kind, hit.id.as_str()),
        (SearchKind::Transcript, "t-plumbing")
    );
    assert_eq!(hit.title.as_deref(), Some("Ava"));
    assert_eq!(hit.created_at.as_deref(), Some("2026-03-16T09:00:00Z"));
    assert!(
        hit.snippet
            .contains(&format!("{HIGHLIGHT_START}sink{HIGHLIGHT_END}")),
        "{}",
        hit.snippet
    );
    let marked: Vec<String> = split_highlights(&hit.snippet)
        .into_iter()
        .filter(|p| p.highlighted)
        .map(|p| p.text.to_lowercase())
        .collect();
    assert!(
        marked
            .iter()
            .all(|m| m.starts_with("sink") || m.starts_with("leak")),
        "{marked:?}"
    );
}

#[test]
fn the_last_word_is_a_prefix_and_accents_do_not_matter() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let ids: Vec<String> = search(&store, "appoint").into_iter().map(|h| h.1).collect();
    assert!(ids.contains(&"c-only".to_owned()) && ids.contains(&"t-dentist".to_owned()));
    assert_eq!(
        search(&store, "jose"),
        [(SearchKind::Transcript, "t-dentist".into())]
    );
    assert_eq!(
        search(&store, "JOSÉ"),
        [(SearchKind::Transcript, "t-dentist".into())]
    );
    assert_eq!(
        search(&store, "zoe mull"),
        [(SearchKind::Lead, "l-zoe".into())]
    );
    assert_eq!(
        search(&store, "+1555123"),
        [(SearchKind::Lead, "l-jane".into())]
    );
}

#[test]
fn better_matches_rank_first_and_a_call_with_a_transcript_shows_once() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let hits = search(&store, "estate");
    // The summary and the text both say "estate" in t-estate; t-estate-brief only in
    // passing; the lead mentions it in notes. The call c-estate duplicates t-estate.
    let transcripts: Vec<&str> = hits
        .iter()
        .filter(|h| h.0 == SearchKind::Transcript)
        .map(|h| h.1.as_str())
        .collect();
    assert_eq!(transcripts, ["t-estate", "t-estate-brief"]);
    assert!(!hits.iter().any(|h| h.0 == SearchKind::Call), "{hits:?}");
    assert!(hits.contains(&(SearchKind::Lead, "l-zoe".into())));

    let ranked = store.search("estate", &SearchOptions::default()).unwrap();
    assert!(ranked.windows(2).all(|w| w[0].rank <= w[1].rank));
}

#[test]
fn filters_by_kind_agent_and_limit() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let only = |kinds: Vec<SearchKind>, agent: Option<&str>, limit: u32| {
        store
            .search(
                "estate",
                &SearchOptions {
                    kinds,
                    limit,
                    agent_id: agent.map(str::to_owned),
                    offset: 0,
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(only(vec![SearchKind::Lead], None, 20), ["l-zoe"]);
    assert_eq!(
        only(vec![SearchKind::Transcript], Some("a2"), 20),
        ["t-estate-brief"]
    );
    assert_eq!(only(vec![SearchKind::Call], None, 20), ["t-estate"]);
    assert_eq!(only(vec![], None, 1).len(), 1);
}

#[test]
fn updates_and_deletes_reach_the_index_through_triggers() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    assert!(search(&store, "plumber").contains(&(SearchKind::Transcript, "t-plumbing".into())));

    store
        .upsert(
            Collection::Transcripts,
            &json!({"call_id": "t-plumbing", "summary": "Boiler service booked."}),
        )
        .unwrap();
    assert!(
        search(&store, "plumber").is_empty(),
        "old summary still indexed"
    );
    assert_eq!(
        search(&store, "boiler"),
        [(SearchKind::Transcript, "t-plumbing".into())]
    );
    // The text column was untouched and is still found.
    assert_eq!(
        search(&store, "kitchen"),
        [(SearchKind::Transcript, "t-plumbing".into())]
    );

    store
        .upsert(
            Collection::Leads,
            &json!({"id": "l-jane", "notes": "Prefers mornings"}),
        )
        .unwrap();
    assert!(search(&store, "premium").is_empty());
    assert_eq!(
        search(&store, "mornings"),
        [(SearchKind::Lead, "l-jane".into())]
    );

    assert!(store.delete(Collection::Transcripts, "t-plumbing").unwrap());
    assert!(search(&store, "kitchen").is_empty());
    assert!(store.delete(Collection::Leads, "l-jane").unwrap());
    assert!(search(&store, "mornings").is_empty());

    assert_indexes_consistent(&store);
    // A rebuild from the tables gives the same answers.
    store.rebuild_search_index().unwrap();
    assert_indexes_consistent(&store);
    assert_eq!(search(&store, "boiler"), Vec::new());
    assert_eq!(
        search(&store, "cleaning"),
        [(SearchKind::Transcript, "t-dentist".into())]
    );
}

/// FTS5's own check that every index agrees with its content table.
fn assert_indexes_consistent(store: &Store) {
    let raw = common::peek(store);
    for fts in ["transcripts_fts", "calls_fts", "leads_fts"] {
        raw.execute(
            &format!("INSERT INTO {fts} ({fts}, rank) VALUES ('integrity-check', 1)"),
            [],
        )
        .map_err(|e| format!("{fts}: {e}"))
        .unwrap();
    }
}

#[test]
fn indexes_stay_consistent_through_inserts_updates_moves_and_deletes() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    assert_indexes_consistent(&store);
    // A webhook-first stub has no created_at; the full record later moves the row key.
    store
        .upsert(
            Collection::Transcripts,
            &json!({"call_id": "t-late", "transcript": "Caller: the furnace is out"}),
        )
        .unwrap();
    store
        .upsert(
            Collection::Transcripts,
            &json!({"call_id": "t-late", "created_at": "2026-03-19T08:00:00Z", "summary": "No heat"}),
        )
        .unwrap();
    assert_eq!(
        search(&store, "furnace"),
        [(SearchKind::Transcript, "t-late".into())]
    );
    assert_indexes_consistent(&store);
    store.delete(Collection::Transcripts, "t-estate").unwrap();
    store
        .upsert(Collection::Leads, &json!({"id": "l-zoe", "notes": null}))
        .unwrap();
    assert_indexes_consistent(&store);
}

/// A page is written by one statement: repeats of an id inside it, rows sharing a second
/// and moves of the row key must come out as if the items had been written one by one.
#[test]
fn a_page_with_repeats_and_shared_seconds_keeps_rows_and_indexes_right() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(
            Collection::Transcripts,
            &json!({"call_id": "t-old", "created_at": "2026-03-01T10:00:00Z",
                    "transcript": "Caller: the gutter overflows"}),
        )
        .unwrap();
    let page = [
        json!({"call_id": "t-a", "created_at": "2026-03-01T10:00:00.300Z",
               "transcript": "Caller: a cracked window"}),
        json!({"call_id": "t-b", "created_at": "2026-03-01T10:00:00.200Z",
               "transcript": "Caller: a noisy boiler"}),
        // t-a again, with more: merged into the first copy.
        json!({"call_id": "t-a", "summary": "Window repair"}),
        // t-old moves to another second and changes its text.
        json!({"call_id": "t-old", "created_at": "2026-03-02T09:00:00Z",
               "transcript": "Caller: the gutter is fixed"}),
        // A repeat that changes nothing.
        json!({"call_id": "t-b", "transcript": "Caller: a noisy boiler"}),
    ];
    let written = store
        .write_page(
            Collection::Transcripts,
            &page,
            &kaicalls_store::SyncState::default(),
        )
        .unwrap();
    assert_eq!(
        (written.inserted, written.updated, written.unchanged),
        (2, 2, 1)
    );
    let a = store.get_transcript("t-a").unwrap().unwrap();
    assert_eq!(a.summary.as_deref(), Some("Window repair"));
    assert_eq!(a.transcript.as_deref(), Some("Caller: a cracked window"));
    let keys: Vec<(String, i64)> = {
        let raw = common::peek(&store);
        let mut stmt = raw
            .prepare("SELECT id, pk FROM transcripts ORDER BY pk")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let ids: Vec<&str> = keys.iter().map(|(id, _)| id.as_str()).collect();
    // Row keys follow created_at (whole seconds; inside one, the order of arrival).
    assert_eq!(ids, ["t-a", "t-b", "t-old"]);
    assert_indexes_consistent(&store);
    assert_eq!(
        search(&store, "window"),
        [(SearchKind::Transcript, "t-a".into())]
    );
    assert_eq!(
        search(&store, "fixed"),
        [(SearchKind::Transcript, "t-old".into())]
    );
    assert!(search(&store, "overflows").is_empty());
}

#[test]
fn with_many_matches_the_newest_are_ranked() {
    let (_dir, mut store) = common::fresh();
    let window = kaicalls_store::RANK_WINDOW as usize;
    let newest = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z").unwrap();
    // Inserted newest first, as a backfill does, so insertion order is not time order.
    // The 30 oldest say the word three times and would win a full ranking, but they are
    // older than the newest RANK_WINDOW matches.
    let items: Vec<_> = (0..window + 30)
        .map(|i| {
            let text = if i >= window {
                "boiler boiler boiler"
            } else {
                "the boiler"
            };
            let created = newest - chrono::Duration::minutes(i as i64);
            json!({"call_id": format!("t{i:05}"), "transcript": text,
                   "created_at": created.to_rfc3339()})
        })
        .collect();
    store.upsert_many(Collection::Transcripts, &items).unwrap();
    let options = SearchOptions {
        limit: 100,
        ..Default::default()
    };
    let page = store.search_page("boiler", &options).unwrap();
    assert!(page.capped, "more matches than are ranked");
    assert_eq!(page.total, kaicalls_store::RANK_WINDOW);
    let hits = page.hits;
    assert_eq!(hits.len(), 100);
    for h in &hits {
        let n: usize = h.id[1..].parse().unwrap();
        assert!(n < window, "{} is older than the window", h.id);
    }
    // Inside the window, bm25 decides.
    store
        .upsert(
            Collection::Transcripts,
            &json!({"call_id": "t00500", "transcript": "boiler boiler boiler boiler"}),
        )
        .unwrap();
    assert_eq!(store.search("boiler", &options).unwrap()[0].id, "t00500");
}

#[test]
fn pages_cut_one_ranking_with_no_repeats_and_say_how_many_there_are() {
    let (_dir, mut store) = common::fresh();
    let transcripts: Vec<_> = (0..130)
        .map(|i| {
            // Scores differ by how often the word is said, so the order is the ranking's.
            let text = "valve ".repeat(1 + i % 4) + "and the rest of the call";
            json!({"call_id": format!("t{i:03}"), "transcript": text,
                   "created_at": format!("2026-03-01T00:{:02}:{:02}Z", i / 60, i % 60)})
        })
        .collect();
    store
        .upsert_many(Collection::Transcripts, &transcripts)
        .unwrap();
    let leads: Vec<_> = (0..20)
        .map(|i| json!({"id": format!("l{i:02}"), "name": "Val Ve", "notes": "valve leaks"}))
        .collect();
    store.upsert_many(Collection::Leads, &leads).unwrap();
    let page = |offset: u32| {
        store
            .search_page(
                "valve",
                &SearchOptions {
                    limit: 40,
                    offset,
                    ..Default::default()
                },
            )
            .unwrap()
    };
    let everything = store
        .search_page(
            "valve",
            &SearchOptions {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    let mut paged = Vec::new();
    for offset in [0, 40, 80, 120] {
        let p = page(offset);
        assert_eq!(p.total, 150);
        assert!(!p.capped);
        assert!(p.hits.iter().all(|h| !h.snippet.is_empty()));
        paged.extend(p.hits.into_iter().map(|h| (h.kind, h.id, h.rank)));
    }
    assert_eq!(paged.len(), 150, "every hit once");
    let ids: std::collections::HashSet<_> = paged.iter().map(|h| (h.0, h.1.clone())).collect();
    assert_eq!(ids.len(), 150, "no hit twice");
    assert!(paged.windows(2).all(|w| w[0].2 <= w[1].2), "one ranking");
    let first: Vec<_> = everything.hits.iter().take(40).map(|h| &h.id).collect();
    let again: Vec<_> = paged.iter().take(40).map(|h| &h.1).collect();
    assert_eq!(first, again, "a page is the same cut of the ranking");
    assert!(page(150).hits.is_empty());
}
