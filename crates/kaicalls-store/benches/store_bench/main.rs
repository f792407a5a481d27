//! Fills a store with generated transcripts, calls and leads, then measures full-text
//! search latency against a `LIKE '%term%'` scan (the naive alternative FTS5 has to beat)
//! and the reads behind browsing offline: list pages with filters, counts and charts.
//!
//! `cargo bench -p kaicalls-store --bench store_bench [-- N]` (default N = 100000
//! transcripts and calls, N/2 leads; the environment variable `KAICALLS_BENCH_N` also
//! works). Prints numbers, asserts nothing: the targets (search p99 ≤ 15 ms at 100k
//! transcripts; every browsing read well under a 16 ms frame) are read by a person.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use kaicalls_store::{Collection, SearchKind, SearchOptions, Store};

mod browse;
mod corpus;

use corpus::{PAGE, Rng, fill, transcript};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn summarize(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{label:<52} n={:<4} p50 {:>10}  p99 {:>10}  max {:>10}",
        samples.len(),
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap())
    );
}

/// (label, what the user typed, the word to scan for with LIKE, a prefix of a word found
/// in nearly every transcript?)
const QUERIES: &[(&str, &str, &str, bool)] = &[
    ("common word", "appointment", "appointment", false),
    ("common two words", "water heater", "water heater", false),
    ("medium word", "probate", "probate", false),
    ("rare name", "Thaddeus", "Thaddeus", false),
    ("unique reference", "KC004242", "KC004242", false),
    ("prefix while typing", "insur", "insur", false),
    ("accent-folded name", "jose", "José", false),
    ("1 letter (matched exactly)", "a", " a ", false),
    ("no hit", "zyzzyva", "zyzzyva", false),
    ("prefix of 'the', 'thank', 'there'…", "the", "the", true),
    ("prefix of 'booked'", "book", "book", true),
    ("prefix of the 'Agent:' label", "agen", "agen", true),
    ("prefix of the 'Caller:' label", "calle", "calle", true),
];

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .or_else(|| std::env::var("KAICALLS_BENCH_N").ok())
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    // KAICALLS_BENCH_DIR keeps the filled database between runs (and skips refilling it).
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("KAICALLS_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_owned());
    let (mut store, _) = Store::open(&dir, "bench").unwrap();

    println!(
        "kaicalls-store bench: {n} transcripts, SQLite {}",
        rusqlite::version()
    );
    let mut text_bytes = 0usize;
    let filled = fill(&mut store, Collection::Transcripts, n, Rng(42), |rng, i| {
        let item = transcript(rng, i);
        text_bytes += item["transcript"].as_str().unwrap().len();
        item
    });
    println!(
        "fill: {:.1} s ({:.0} transcripts/s, pages of {PAGE}); transcript text {:.1} MiB (avg {} bytes)",
        filled.as_secs_f64(),
        n as f64 / filled.as_secs_f64(),
        text_bytes as f64 / 1048576.0,
        text_bytes / n.max(1)
    );
    let calls = fill(&mut store, Collection::Calls, n, Rng(7), corpus::call);
    let leads = fill(&mut store, Collection::Leads, n / 2, Rng(8), corpus::lead);
    println!(
        "      {n} calls in {:.1} s, {} leads in {:.1} s",
        calls.as_secs_f64(),
        n / 2,
        leads.as_secs_f64()
    );

    let raw = rusqlite::Connection::open(store.path()).unwrap();
    raw.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    let size = std::fs::metadata(store.path()).unwrap().len();
    let fts_bytes: i64 = raw
        .query_row(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'transcripts_fts%'",
            [],
            |r| r.get(0),
        )
        .unwrap_or(0);
    println!(
        "database: {:.1} MiB on disk, of which the FTS index {:.1} MiB",
        size as f64 / 1048576.0,
        fts_bytes as f64 / 1048576.0
    );

    let mut by_object = raw
        .prepare(
            "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6",
        )
        .unwrap();
    let objects: Vec<String> = by_object
        .query_map([], |r| {
            Ok(format!(
                "{} {:.1} MiB",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as f64 / 1048576.0
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    drop(by_object);
    println!("largest objects: {}", objects.join(", "));

    let plan: Vec<String> = raw
        .prepare(
            "EXPLAIN QUERY PLAN SELECT t.id FROM transcripts_fts JOIN transcripts t \
             ON t.pk = transcripts_fts.rowid WHERE transcripts_fts MATCH 'x' \
             ORDER BY transcripts_fts.rank LIMIT 20",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    println!("search plan: {}", plan.join(" | "));

    let options = SearchOptions {
        kinds: vec![SearchKind::Transcript],
        limit: 20,
        agent_id: None,
        offset: 0,
    };
    println!("\nFTS5 search (Store::search, 20 best hits with snippets):");
    let mut typical = Vec::new();
    let mut ubiquitous = Vec::new();
    for (label, q, _, worst) in QUERIES {
        store.search(q, &options).unwrap(); // warm the cache
        let mut samples = Vec::new();
        let mut hits = 0;
        for _ in 0..40 {
            let t = Instant::now();
            hits = store.search(q, &options).unwrap().len();
            samples.push(t.elapsed());
        }
        if *worst {
            &mut ubiquitous
        } else {
            &mut typical
        }
        .extend(samples.iter().copied());
        summarize(&format!("  {label} {q:?} ({hits} hits)"), samples);
    }
    let every: Vec<Duration> = typical.iter().chain(&ubiquitous).copied().collect();
    summarize("  words, names, numbers, prefixes", typical);
    summarize("  prefixes of words in ~every transcript", ubiquitous);
    summarize("  every search (target p99 <= 15 ms)", every);

    println!("\nLIKE '%term%' scan (newest 20 matches, no ranking, no snippets):");
    let mut like = raw
        .prepare(
            "SELECT id FROM transcripts WHERE transcript LIKE ?1 OR summary LIKE ?1 \
             ORDER BY created_ms DESC, id DESC LIMIT 20",
        )
        .unwrap();
    let mut all_like = Vec::new();
    for (label, _, term, _) in QUERIES {
        let pattern = format!("%{term}%");
        let mut samples = Vec::new();
        let mut hits = 0;
        for _ in 0..3 {
            let t = Instant::now();
            hits = like
                .query_map([&pattern], |r| r.get::<_, String>(0))
                .unwrap()
                .count();
            samples.push(t.elapsed());
        }
        all_like.extend(samples.iter().copied());
        summarize(&format!("  {label} {term:?} ({hits} hits)"), samples);
    }
    summarize("  all LIKE queries", all_like);

    browse::run(&store, corpus::created(n.saturating_sub(1)), n);

    drop(like);
    drop(raw);
    drop(store);
    let t = Instant::now();
    let (_store, outcome) = Store::open(&dir, "bench").unwrap();

    println!(
        "\nreopen with quick_check: {} (rebuilt: {})",
        ms(t.elapsed()),
        outcome.rebuilt
    );
}
