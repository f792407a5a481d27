//! Offline full-text search: the right hits, ranked, highlighted, kept in step by triggers,
//! and no input a user can type makes it fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use kaicalls_store::{
    Collection, HIGHLIGHT_END, HIGHLIGHT_START, SearchKind, SearchOptions, Store, split_highlights,
};
use proptest::prelude::*;
use serde_json::json;

fn seed(store: &mut Store) {
    let transcripts = [
        json!({"call_id": "t-estate", "agent_id": "a1", "agent_name": "Kai",
               "created_at": "2026-03-17T14:30:00Z",
               "summary": "Caller inquired about pricing for estate planning services.",
               "transcript": "Agent: Hello! How can I help you today?\nCaller: Hi, I'm looking for help with estate planning for my parents. What does a will cost?"}),
        json!({"call_id": "t-plumbing", "agent_id": "a2", "agent_name": "Ava",
               "created_at": "2026-03-16T09:00:00Z",
               "summary": "Leaking pipe under the sink; booked a plumber for Friday.",
               "transcript": "Agent: Thanks for calling Rapid Plumbing.\nCaller: My kitchen sink pipe is leaking everywhere."}),
        json!({"call_id": "t-dentist", "agent_id": "a1", "agent_name": "Kai",
               "created_at": "2026-03-15T11:00:00Z",
               "summary": "New patient appointment for a cleaning.",
               "transcript": "Agent: Smile Dental, how can I help?\nCaller: I'd like an appointment for a cleaning. José referred me. My e-mail is jose@example.com"}),
        json!({"call_id": "t-estate-brief", "agent_id": "a2", "agent_name": "Ava",
               "created_at": "2026-03-14T11:00:00Z",
               "summary": "Wrong number.",
               "transcript": "Caller: sorry, I was looking for the estate agent down the road. Agent: No problem, goodbye."}),
    ];
    store
        .upsert_many(Collection::Transcripts, &transcripts)
        .unwrap();
    store
        .upsert_many(
            Collection::Calls,
            &[
                json!({"id": "t-estate", "summary": "Caller inquired about pricing for estate planning services.", "created_at": "2026-03-17T14:30:00Z"}),
                json!({"id": "c-only", "summary": "Confirmed appointment with John for tomorrow at 2pm.", "agent_name": "Kai", "created_at": "2026-03-18T10:00:00Z"}),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Leads,
            &[
                json!({"id": "l-jane", "name": "Jane Doe", "email": "jane@example.com", "phone": "+15551234567",
                       "notes": "Interested in premium plan", "created_at": "2026-03-17T12:00:00Z", "agent_id": "a1"}),
                json!({"id": "l-zoe", "first_name": "Zoë", "last_name": "Müller",
                       "notes": "Wants estate planning quote", "created_at": "2026-03-10T12:00:00Z"}),
            ],
        )
        .unwrap();
}

fn search(store: &Store, q: &str) -> Vec<(SearchKind, String)> {
    store
        .search(q, &SearchOptions::default())
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

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

    // A rebuild from the tables gives the same answers.
    store.rebuild_search_index().unwrap();
    assert_eq!(search(&store, "boiler"), Vec::new());
    assert_eq!(
        search(&store, "cleaning"),
        [(SearchKind::Transcript, "t-dentist".into())]
    );
}

#[test]
fn an_empty_or_unsearchable_query_returns_nothing() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    for q in ["", "   ", "\n\t", "***", "\"\"", "()", "-", "🙂", "…"] {
        assert!(search(&store, q).is_empty(), "{q:?}");
    }
}

/// Inputs that are FTS5 syntax, or break naive quoting, or are just odd.
const HOSTILE: &[&str] = &[
    "\"",
    "\"\"\"",
    "estate\"",
    "\"estate",
    "es\"ta\"te",
    "*",
    "estate*",
    "*estate",
    "est*ate",
    "NEAR(",
    "NEAR(estate planning, 2)",
    "NEAR",
    "estate NEAR planning",
    "AND",
    "OR",
    "NOT",
    "estate AND",
    "OR estate",
    "NOT estate",
    "estate NOT",
    "summary:estate",
    "col:",
    ":",
    "transcript : x",
    "{summary transcript}: estate",
    "-x",
    "-estate",
    "estate -planning",
    "^estate",
    "^",
    "+estate",
    "(",
    ")",
    "((estate",
    "estate))",
    "(estate OR",
    "[estate]",
    "'",
    "' OR 1=1; --",
    "'); DROP TABLE transcripts; --",
    "\\",
    "\\\"",
    "\0",
    "a\0b",
    "\u{1}\u{2}\u{3}",
    "🙂 estate 🙂",
    "👩‍👩‍👧‍👦",
    "José",
    "\u{301}",
    "e\u{301}",
    "\u{200d}",
    // Letters to Rust but not to FTS5's tokenizer: they become empty phrases.
    "\u{345}",
    "\u{2160}",
    "estate \u{345}",
    "\u{feff}estate",
    "مرحبا",
    "こんにちは 世界",
    "\u{202e}etatse",
    "%",
    "_",
    "%estate%",
    "estate planning will cost parents help",
];

#[test]
fn hostile_queries_never_error() {
    let (_dir, mut store) = common::fresh();
    seed(&mut store);
    let long_words = "estate ".repeat(5_000);
    let long_word = "x".repeat(100_000);
    let mut all: Vec<&str> = HOSTILE.to_vec();
    all.push(&long_words);
    all.push(&long_word);
    for q in all {
        let hits = store.search(q, &SearchOptions::default());
        assert!(hits.is_ok(), "{q:?}: {:?}", hits.err());
    }
    // Syntax characters are text, so a term wrapped in them still finds its word.
    assert!(!search(&store, "\"estate").is_empty());
    assert!(!search(&store, "estate:").is_empty());
    // Not a column filter: "summary:estate" is the phrase "summary estate", found nowhere.
    assert!(search(&store, "summary:estate").is_empty());
    assert!(!search(&store, "(estate").is_empty());
    assert!(!search(&store, "estate)").is_empty());
    assert!(!search(&store, "-estate").is_empty());
    assert!(!search(&store, "🙂 estate 🙂").is_empty());
    assert!(!search(&store, &long_words).is_empty());
}

fn syntax_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\"".to_owned()),
            Just("*".to_owned()),
            Just(":".to_owned()),
            Just("(".to_owned()),
            Just(")".to_owned()),
            Just("-".to_owned()),
            Just("^".to_owned()),
            Just("+".to_owned()),
            Just("NEAR".to_owned()),
            Just("AND".to_owned()),
            Just("OR".to_owned()),
            Just("NOT".to_owned()),
            Just(" ".to_owned()),
            Just("estate".to_owned()),
            Just("\u{301}".to_owned()),
            Just("🙂".to_owned()),
            "[a-zé0-9]{1,6}",
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// One seeded store shared by the property tests (opening one per case would dominate).
static SHARED: std::sync::LazyLock<std::sync::Mutex<(tempfile::TempDir, Store)>> =
    std::sync::LazyLock::new(|| {
        let (dir, mut store) = common::fresh();
        seed(&mut store);
        std::sync::Mutex::new((dir, store))
    });

fn safe(q: &str) -> Result<(), TestCaseError> {
    let shared = SHARED.lock().unwrap();
    let result = shared.1.search(q, &SearchOptions::default());
    prop_assert!(result.is_ok(), "{:?}: {:?}", q, result.err());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_text_is_a_safe_query(q in any::<String>()) {
        safe(&q)?;
    }

    #[test]
    fn any_mix_of_fts_syntax_is_a_safe_query(q in syntax_soup()) {
        safe(&q)?;
    }
}
