//! Offline search latency through the core's search service (what the UI's search command
//! runs), over a real cache file filled through the store, against a `LIKE` scan.
//!
//! ```sh
//! cargo bench -p kaicalls-core --bench search_bench            # 100k transcripts, 3 rounds
//! cargo bench -p kaicalls-core --bench search_bench -- 20000   # other sizes
//! KAICALLS_BENCH_TINY=1 cargo bench --profile dev -p kaicalls-core --bench search_bench
//! ```
//!
//! The corpus is store_bench's (generated receptionist calls, ~1.2 KB each, deterministic):
//! N transcripts, N calls and N/2 leads, written a page at a time as a sync does. Query
//! classes are what a user types into the search box: the first letters of a word (`a`,
//! `th`, `ca`: each matches most of the cache) and rare words (a call's reference number,
//! found in one transcript). Each query searches every kind, a page of 50, as the search
//! screen asks. The baseline is the naive alternative: `LIKE '%…%'` over transcripts and
//! summaries, newest 20 first, on its own connection. Rounds alternate the two.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use kaicalls_benchkit::{Budget, Figure, percentile};
use kaicalls_core::views::SearchRequest;
use kaicalls_core::{Cache, EventBus};
use kaicalls_store::{Collection, Store};

#[path = "../../kaicalls-store/benches/store_bench/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use corpus::Rng;

const REPRODUCE: &str = "cargo bench -p kaicalls-core --bench search_bench";
/// The search screen's page.
const SCREEN_PAGE: u32 = 50;

/// A class's queries, as typed, and the `LIKE` pattern of each.
fn queries(class: &str, n: usize, count: usize) -> Vec<(String, String)> {
    match class {
        "rare" => {
            let mut rng = Rng(99);
            (0..count)
                .map(|_| {
                    let q = format!("KC{:06}", rng.next() as usize % n);
                    (q.clone(), format!("%{q}%"))
                })
                .collect()
        }
        typed => vec![(typed.to_string(), format!("%{typed}%")); count],
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let tiny = kaicalls_benchkit::tiny();
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .and_then(|s| s.parse().ok())
        .unwrap_or(if tiny { 2_000 } else { 100_000 });
    let (rounds, per_class, like_per_class) = if tiny { (1, 10, 2) } else { (3, 200, 10) };
    let temp = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(temp.path(), "bench").unwrap();
    let started = Instant::now();
    corpus::fill(
        &mut store,
        Collection::Transcripts,
        n,
        Rng(42),
        corpus::transcript,
    );
    corpus::fill(&mut store, Collection::Calls, n, Rng(7), corpus::call);
    corpus::fill(&mut store, Collection::Leads, n / 2, Rng(8), corpus::lead);
    println!(
        "search bench: {n} transcripts and calls, {} leads, filled in {:.1} s",
        n / 2,
        started.elapsed().as_secs_f64()
    );
    let like_db = rusqlite::Connection::open(store.path()).unwrap();
    let cache = Cache::new(store, EventBus::new(16));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut like = like_db
        .prepare(
            "SELECT id FROM transcripts WHERE transcript LIKE ?1 OR summary LIKE ?1 \
             ORDER BY created_ms DESC, id DESC LIMIT 20",
        )
        .unwrap();

    let reproduce = if tiny {
        format!("KAICALLS_BENCH_TINY=1 {REPRODUCE} --profile dev")
    } else {
        REPRODUCE.to_string()
    };
    for class in ["a", "th", "ca", "rare"] {
        let (mut p50s, mut p99s, mut like_p50s, mut like_p99s) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let mut ours = Vec::new();
            let mut scan = Vec::new();
            let mut run_ours = || {
                let mut hits = 0;
                for (q, _) in queries(class, n, per_class) {
                    let request = SearchRequest {
                        query: q,
                        kinds: vec![],
                        limit: SCREEN_PAGE,
                        offset: 0,
                    };
                    let t = Instant::now();
                    let page = rt
                        .block_on(kaicalls_core::search::search(&cache, request))
                        .unwrap();
                    ours.push(ms(t.elapsed()));
                    hits = page.total;
                }
                hits
            };
            let mut run_like = || {
                let mut hits = 0;
                for (_, pattern) in queries(class, n, like_per_class) {
                    let t = Instant::now();
                    hits = like
                        .query_map([&pattern], |r| r.get::<_, String>(0))
                        .unwrap()
                        .count();
                    scan.push(ms(t.elapsed()));
                }
                hits
            };
            let (hits, like_hits) = if round % 2 == 0 {
                (run_ours(), run_like())
            } else {
                let l = run_like();
                (run_ours(), l)
            };
            let (p50, p99) = (
                percentile(&ours, 0.5).unwrap(),
                percentile(&ours, 0.99).unwrap(),
            );
            let (lp50, lp99) = (
                percentile(&scan, 0.5).unwrap(),
                percentile(&scan, 0.99).unwrap(),
            );
            println!(
                "round {round} {class:>4}: search p50 {p50:7.2} ms p99 {p99:7.2} ms ({hits} ranked)   LIKE p50 {lp50:7.2} ms p99 {lp99:7.2} ms ({like_hits} hits)"
            );
            p50s.push(p50);
            p99s.push(p99);
            like_p50s.push(lp50);
            like_p99s.push(lp99);
        }
        Figure::new(
            &format!("search.p99.{class}"),
            &format!("Offline search p99, query class `{class}`"),
            "ms",
            p99s,
            ("LIKE scan p99", like_p99s),
            Budget::AtMost(15.0),
        )
        .reproduce(&reproduce)
        .report()
        .unwrap();
        Figure::new(
            &format!("search.p50.{class}"),
            &format!("Offline search p50, query class `{class}`"),
            "ms",
            p50s,
            ("LIKE scan p50", like_p50s),
            Budget::Shown,
        )
        .reproduce(&reproduce)
        .report()
        .unwrap();
    }
}
