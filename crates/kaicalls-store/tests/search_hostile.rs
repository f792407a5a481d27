//! No input a user can type makes search fail: a battery of hostile queries and two
//! property tests over arbitrary text and FTS5 syntax soup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use kaicalls_store::{SearchOptions, Store};
use proptest::prelude::*;

use common::{search, seed};

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
