//! Prefix search through the search vocabulary: a typed prefix becomes the OR of the
//! indexed words it completes to, finds exactly what FTS5's own prefix query finds, and
//! falls back to that query whenever the vocabulary could be behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use kaicalls_store::{Collection, SearchKind, SearchOptions, Store};
use proptest::prelude::*;
use serde_json::{Value, json};

fn transcript(id: &str, day: u32, text: &str) -> Value {
    json!({"call_id": id, "transcript": text, "created_at": format!("2026-03-{day:02}T10:00:00Z")})
}

/// Ids found by FTS5's own prefix query (`"…"*`), read with a separate connection.
fn native(store: &Store, fts: &str, table: &str, query: &str) -> BTreeSet<String> {
    let conn = common::peek(store);
    let sql =
        format!("SELECT t.id FROM {fts} JOIN {table} t ON t.pk = {fts}.rowid WHERE {fts} MATCH ?1");
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([query], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The FTS5 query `Store::search` runs for `input`.
fn ran(store: &Store, input: &str) -> Option<String> {
    store.search_query(input).unwrap()
}

fn found(store: &Store, input: &str, kind: SearchKind) -> BTreeSet<String> {
    store
        .search(
            input,
            &SearchOptions {
                kinds: vec![kind],
                limit: 100,
                agent_id: None,
                offset: 0,
            },
        )
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn a_prefix_becomes_the_words_it_completes_to() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert_many(
            Collection::Transcripts,
            &[
                transcript("t1", 1, "Caller: I called yesterday."),
                transcript("t2", 2, "Agent: the café opens at nine."),
            ],
        )
        .unwrap();
    assert_eq!(
        ran(&store, "calle").as_deref(),
        Some("(\"called\" OR \"caller\")")
    );
    assert_eq!(
        ran(&store, "Agent ca").as_deref(),
        Some("\"Agent\" \"ca\""),
        "two letters are matched exactly"
    );
    // "café" is indexed as "cafe": the vocabulary holds what the tokenizer wrote.
    assert_eq!(
        ran(&store, "the caf").as_deref(),
        Some("\"the\" AND (\"cafe\")")
    );
    assert_eq!(
        found(&store, "the caf", SearchKind::Transcript),
        BTreeSet::from(["t2".to_owned()])
    );
    // Anything but plain letters and digits is left to FTS5.
    assert_eq!(ran(&store, "café").as_deref(), Some("\"café\"*"));
    assert_eq!(
        ran(&store, "zzz").as_deref(),
        Some("\"zzz\"*"),
        "no completion: FTS5 answers (it finds nothing, cheaply)"
    );
}

#[test]
fn a_write_from_outside_the_store_falls_back_until_the_next_write() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(
            Collection::Transcripts,
            &transcript("t1", 1, "Caller: hello"),
        )
        .unwrap();
    assert_eq!(ran(&store, "calle").as_deref(), Some("(\"caller\")"));
    // Another program changes the text: the triggers note the row, nobody learns it.
    common::peek(&store)
        .execute(
            "UPDATE transcripts SET transcript = 'Callers queued' WHERE id = 't1'",
            [],
        )
        .unwrap();
    assert_eq!(ran(&store, "calle").as_deref(), Some("\"calle\"*"));
    assert_eq!(
        found(&store, "callers", SearchKind::Transcript),
        BTreeSet::from(["t1".to_owned()])
    );
    // The store's next write learns the noted row with its own.
    store
        .upsert(Collection::Transcripts, &transcript("t2", 2, "Agent: hi"))
        .unwrap();
    assert_eq!(
        ran(&store, "calle").as_deref(),
        Some("(\"caller\" OR \"callers\")")
    );
}

#[test]
fn a_version_1_cache_learns_its_words_from_the_indexes() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (mut store, _) = Store::open(dir.path(), "acct").unwrap();
        store
            .upsert(
                Collection::Transcripts,
                &transcript("t1", 1, "Caller: booking"),
            )
            .unwrap();
        store
            .upsert(
                Collection::Leads,
                &json!({"id": "l1", "name": "Bookman", "created_at": "2026-03-01T00:00:00Z"}),
            )
            .unwrap();
        // Undo migrations 6, 5, 4, 3 and 2, as a file written by version 1 looks.
        common::peek(&store)
            .execute_batch(
                "DROP TABLE quarantine; DROP TABLE inbox_handled; DROP TABLE dials;
                 DROP TABLE agent_versions; DROP TABLE agent_drafts; DROP TABLE agent_options;
                 DROP TABLE eval_runs; DROP TABLE evals;
                 DROP INDEX calls_by_lead; DROP INDEX calls_without_details;
                 DROP INDEX calls_by_time; CREATE INDEX calls_by_time ON calls (created_ms, id);
                 DROP INDEX calls_by_agent;
                 CREATE INDEX calls_by_agent ON calls (agent_id, created_ms, id);
                 DROP TRIGGER transcripts_terms_insert; DROP TRIGGER transcripts_terms_update;
                 DROP TRIGGER calls_terms_insert; DROP TRIGGER calls_terms_update;
                 DROP TRIGGER leads_terms_insert; DROP TRIGGER leads_terms_update;
                 DROP TABLE search_terms; DROP TABLE search_terms_pending;
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let (store, _) = Store::open(dir.path(), "acct").unwrap();
    assert_eq!(
        ran(&store, "book").as_deref(),
        Some("(\"booking\" OR \"bookman\")")
    );
}

#[test]
fn rebuilding_the_indexes_relearns_the_words() {
    let (_dir, mut store) = common::fresh();
    store
        .upsert(Collection::Transcripts, &transcript("t1", 1, "plumbing"))
        .unwrap();
    common::peek(&store)
        .execute("DELETE FROM search_terms", [])
        .unwrap();
    assert_eq!(ran(&store, "plum").as_deref(), Some("\"plum\"*"));
    store.rebuild_search_index().unwrap();
    assert_eq!(ran(&store, "plum").as_deref(), Some("(\"plumbing\")"));
}

/// Words with the things a tokenizer may treat differently: accents, a letter with no
/// ASCII fold, apostrophes (ASCII and typographic), digits, case, hyphens.
const WORDS: &[&str] = &[
    "call",
    "caller",
    "called",
    "Calloway",
    "callé",
    "Çalışkan",
    "café",
    "cafeteria",
    "naïve",
    "naive",
    "straße",
    "strasse",
    "o'brien",
    "O’Brien",
    "obrien",
    "brie",
    "3pm",
    "30th",
    "300",
    "e-mail",
    "email",
    "emails",
    "ZOË",
    "zoe",
    "zoetrope",
    "über",
    "uber",
    "ubers",
    "ÅSA",
    "asap",
    "the",
    "there",
    "thé",
    "theirs",
];

const PREFIXES: &[&str] = &[
    "cal", "call", "calle", "caf", "naï", "nai", "str", "stra", "obr", "bri", "30", "300", "ema",
    "zoe", "ZOE", "ube", "übe", "asa", "the", "ther", "xyz",
];

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 1..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever was written, an expanded prefix finds exactly the rows FTS5's own prefix
    /// query finds: transcripts, leads, and after rows change.
    #[test]
    fn expansion_finds_what_the_prefix_query_finds(
        first in prop::collection::vec(doc(), 1..30),
        notes in prop::collection::vec(doc(), 1..30),
        changed in prop::collection::vec((0usize..30, doc()), 0..10),
        prefix in prop::sample::select(PREFIXES),
        before in prop::sample::select(WORDS),
    ) {
        let (_dir, mut store) = common::fresh();
        let items: Vec<Value> = first
            .iter()
            .enumerate()
            .map(|(i, text)| transcript(&format!("t{i}"), 1 + (i % 28) as u32, text))
            .collect();
        store.upsert_many(Collection::Transcripts, &items).unwrap();
        let leads: Vec<Value> = notes
            .iter()
            .enumerate()
            .map(|(i, text)| json!({"id": format!("l{i}"), "notes": text,
                                    "created_at": "2026-03-01T00:00:00Z"}))
            .collect();
        store.upsert_many(Collection::Leads, &leads).unwrap();
        for (i, text) in &changed {
            let i = i % first.len();
            store
                .upsert(Collection::Transcripts, &transcript(&format!("t{i}"), 1 + (i % 28) as u32, text))
                .unwrap();
        }
        for input in [prefix.to_owned(), format!("{before} {prefix}")] {
            let native_query = kaicalls_store::fts_query(&input).unwrap();
            prop_assert_eq!(
                found(&store, &input, SearchKind::Transcript),
                native(&store, "transcripts_fts", "transcripts", &native_query),
                "transcripts, input {:?}, ran {:?}", input, ran(&store, &input)
            );
            prop_assert_eq!(
                found(&store, &input, SearchKind::Lead),
                native(&store, "leads_fts", "leads", &native_query),
                "leads, input {:?}", input
            );
        }
    }
}
